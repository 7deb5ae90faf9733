//! The quick check of a config.toml written the way gitlab-runner writes one: bare keys, no
//! dotted keys or inline tables, `[[runners]]` entries whose subtables follow them in order.
//!
//! Such a file needs no tree to be checked: one pass over toml_parser's events finds every
//! syntax error, duplicate key, redefined table and wrong type for a key gitlab-runner knows,
//! and where each entry's text starts. Anything else in the file (or any error) answers None,
//! and the `toml` crate's parser decides ([`super::split`]), then toml_edit words the errors.

use std::borrow::Cow;
use std::str::FromStr;

use toml_parser::decoder::ScalarKind;
use toml_parser::parser::{Event, EventKind, ValidateWhitespace};
use toml_parser::{ParseError, Source};

use super::document::{EntryView, parse_time};
use super::schema::{self, Field, Kind};
use crate::token::RunnerToken;

/// Where the entries of a plain file start, and what the commands read of each.
pub(crate) struct Plain {
    /// Each entry's first byte (its comments and blank lines included).
    pub starts: Vec<usize>,
    /// The first byte after the last entry's last line.
    pub tail_start: usize,
    pub views: Vec<EntryView>,
}

/// A value as far as the checks need it.
enum Scanned<'i> {
    Str(Cow<'i, str>),
    Int(i64),
    Float,
    Bool,
    /// As toml_edit displays it.
    Datetime(Cow<'i, str>),
    Array {
        strings: bool,
    },
}

/// What gitlab-runner expects in a table.
#[derive(Clone, Copy)]
enum Fields {
    Known(&'static [Field]),
    /// `[runners.feature_flags]`: booleans.
    Flags,
    /// Nothing known (an unknown table, `plugin_config`).
    Unchecked,
}

/// The table that keys go into now.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Root,
    RootTable,
    Entry,
    /// `[runners.X]`.
    Sub,
    /// `[runners.X.Y]` or `[[runners.X.Y]]`.
    SubSub,
}

/// `[runners.X]`: its name, what it holds, and its keys and subtables' names.
struct Sub<'i> {
    name: &'i str,
    fields: Fields,
    keys: Vec<&'i str>,
}

pub(crate) fn scan(text: &str) -> Option<Plain> {
    let source = Source::new(text);
    // Room for the tokens of an indented config.toml without growing the vector: each token
    // holds at least one byte, and lines such as `  key = "value"` hold about one per three.
    let mut tokens = Vec::with_capacity(text.len() / 2 + 16);
    tokens.extend(source.lex());
    let mut events: Vec<Event> = Vec::with_capacity(tokens.len());
    let mut errors: Vec<ParseError> = Vec::new();
    {
        let mut receiver = ValidateWhitespace::new(&mut events, source);
        toml_parser::parser::parse_document(&tokens, &mut receiver, &mut errors);
    }
    if !errors.is_empty() {
        return None;
    }
    let mut scanner = Scanner {
        source,
        events: &events,
        at: 0,
        last_end: None,
    };
    let mut place = Place::Root;
    // The root's keys and tables' names.
    let mut root_keys: Vec<&str> = Vec::new();
    // The current entry's keys and subtables' names.
    let mut entry_keys: Vec<&str> = Vec::new();
    let mut sub: Option<Sub<'_>> = None;
    // The keys of a root table or of `[runners.X.Y]`, and what it holds.
    let mut keys: Vec<&str> = Vec::new();
    let mut fields = Fields::Known(schema::ROOT);
    // The `[[runners.X.Y]]` just read, whose next element may follow.
    let mut last_array: Option<&str> = None;
    let mut starts = Vec::new();
    let mut seen: Vec<Vec<(&str, Scanned<'_>)>> = Vec::new();
    while let Some(event) = scanner.next() {
        match event.kind() {
            EventKind::Whitespace | EventKind::Comment | EventKind::Newline => {}
            EventKind::StdTableOpen | EventKind::ArrayTableOpen => {
                let before = scanner.last_end;
                let is_array = event.kind() == EventKind::ArrayTableOpen;
                let header = scanner.header()?;
                let first = *header.first()?;
                if !first.eq_ignore_ascii_case("runners") {
                    // A root table: only before the entries, one key, not an array.
                    if !starts.is_empty() || is_array || header.len() != 1 {
                        return None;
                    }
                    if root_keys.contains(&first) {
                        return None;
                    }
                    fields = match schema::find_field(schema::ROOT, first).map(|f| f.kind) {
                        None => Fields::Unchecked,
                        Some(Kind::Table(known)) => Fields::Known(known),
                        Some(_) => return None,
                    };
                    root_keys.push(first);
                    keys.clear();
                    place = Place::RootTable;
                    continue;
                }
                if first != "runners" {
                    return None;
                }
                match (header.len(), is_array) {
                    (1, true) => {
                        starts.push(match before {
                            None => 0,
                            Some(end) => after_line(text, end)?,
                        });
                        seen.push(Vec::new());
                        entry_keys.clear();
                        sub = None;
                        last_array = None;
                        place = Place::Entry;
                    }
                    (2, false) => {
                        if starts.is_empty() {
                            return None;
                        }
                        let name = *header.get(1)?;
                        if entry_keys.contains(&name) {
                            return None;
                        }
                        let kind = schema::find_field(schema::RUNNER, name).map(|f| f.kind);
                        let sub_fields = match kind {
                            None | Some(Kind::AnyTable) => Fields::Unchecked,
                            Some(Kind::Table(known)) => Fields::Known(known),
                            Some(Kind::BoolMap) => Fields::Flags,
                            Some(_) => return None,
                        };
                        entry_keys.push(name);
                        sub = Some(Sub {
                            name,
                            fields: sub_fields,
                            keys: Vec::new(),
                        });
                        last_array = None;
                        place = Place::Sub;
                    }
                    (3, _) => {
                        let parent = sub.as_mut()?;
                        if *header.get(1)? != parent.name {
                            return None;
                        }
                        let Fields::Known(parent_fields) = parent.fields else {
                            return None;
                        };
                        let name = *header.get(2)?;
                        let next_element = is_array && last_array == Some(name);
                        if !next_element {
                            if parent.keys.contains(&name) {
                                return None;
                            }
                            parent.keys.push(name);
                        }
                        fields = match (
                            schema::find_field(parent_fields, name).map(|f| f.kind),
                            is_array,
                        ) {
                            (None, _) => Fields::Unchecked,
                            (Some(Kind::Table(known)), false)
                            | (Some(Kind::TableArray(known)), true) => Fields::Known(known),
                            _ => return None,
                        };
                        last_array = is_array.then_some(name);
                        keys.clear();
                        place = Place::SubSub;
                    }
                    _ => return None,
                }
            }
            EventKind::SimpleKey => {
                if event.encoding().is_some() {
                    return None;
                }
                let key = scanner.raw(&event)?;
                scanner.skip_whitespace();
                if scanner.next()?.kind() != EventKind::KeyValSep {
                    // A dotted key.
                    return None;
                }
                scanner.skip_whitespace();
                let value = scanner.value()?;
                let (target, expected) = match place {
                    Place::Root => (&mut root_keys, Fields::Known(schema::ROOT)),
                    Place::RootTable | Place::SubSub => (&mut keys, fields),
                    Place::Entry => (&mut entry_keys, Fields::Known(schema::RUNNER)),
                    Place::Sub => {
                        let sub = sub.as_mut()?;
                        (&mut sub.keys, sub.fields)
                    }
                };
                if target.contains(&key)
                    || (place == Place::Root && key.eq_ignore_ascii_case("runners"))
                {
                    return None;
                }
                let fine = match expected {
                    Fields::Known(known) => schema::find_field(known, key)
                        .is_none_or(|field| value_ok(&value, field.kind)),
                    Fields::Flags => matches!(value, Scanned::Bool),
                    Fields::Unchecked => true,
                };
                if !fine {
                    return None;
                }
                target.push(key);
                if place == Place::Entry && VIEW_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) {
                    seen.last_mut()?.push((key, value));
                }
            }
            _ => return None,
        }
    }
    if starts.is_empty() {
        return None;
    }
    let tail_start = after_line(text, scanner.last_end?)?;
    Some(Plain {
        starts,
        tail_start,
        views: seen.iter().map(|seen| view(seen)).collect(),
    })
}

const VIEW_KEYS: [&str; 7] = [
    "name",
    "url",
    "id",
    "token",
    "executor",
    "token_obtained_at",
    "token_expires_at",
];

/// The first byte of the line after the one holding `end`.
fn after_line(text: &str, end: usize) -> Option<usize> {
    text.get(end..)?.find('\n').map(|at| end + at + 1)
}

struct Scanner<'e, 'i> {
    source: Source<'i>,
    events: &'e [Event],
    at: usize,
    /// Where the last key, value or header ended.
    last_end: Option<usize>,
}

impl<'i> Scanner<'_, 'i> {
    fn next(&mut self) -> Option<Event> {
        let event = self.events.get(self.at).copied()?;
        self.at += 1;
        Some(event)
    }

    fn peek(&self) -> Option<EventKind> {
        self.events.get(self.at).map(Event::kind)
    }

    fn skip_whitespace(&mut self) {
        while self.peek() == Some(EventKind::Whitespace) {
            self.at += 1;
        }
    }

    fn raw(&self, event: &Event) -> Option<&'i str> {
        Some(self.source.get(event)?.as_str())
    }

    /// A header's bare keys, written without spaces.
    fn header(&mut self) -> Option<Vec<&'i str>> {
        let mut keys = Vec::new();
        loop {
            let event = self.next()?;
            match event.kind() {
                EventKind::SimpleKey if event.encoding().is_none() => keys.push(self.raw(&event)?),
                EventKind::KeySep => {}
                EventKind::StdTableClose | EventKind::ArrayTableClose => {
                    self.last_end = Some(event.span().end());
                    return Some(keys);
                }
                _ => return None,
            }
        }
    }

    fn scalar(&mut self, event: &Event) -> Option<Scanned<'i>> {
        let raw = self.source.get(event)?;
        let mut decoded = Cow::Borrowed("");
        let mut errors: Vec<ParseError> = Vec::new();
        let kind = raw.decode_scalar(&mut decoded, &mut errors);
        if !errors.is_empty() {
            return None;
        }
        Some(match kind {
            ScalarKind::String => Scanned::Str(decoded),
            ScalarKind::Boolean(_) => Scanned::Bool,
            ScalarKind::DateTime => {
                let datetime = toml_edit::Datetime::from_str(&decoded).ok()?;
                // gitlab-runner's own form displays as it is written.
                if is_plain_utc(&decoded) {
                    Scanned::Datetime(decoded)
                } else {
                    Scanned::Datetime(Cow::Owned(datetime.to_string()))
                }
            }
            ScalarKind::Float => Scanned::Float,
            ScalarKind::Integer(radix) => {
                Scanned::Int(i64::from_str_radix(&decoded, radix.value()).ok()?)
            }
        })
    }

    /// One value: a scalar, or an array of scalars.
    fn value(&mut self) -> Option<Scanned<'i>> {
        let event = self.next()?;
        let value = match event.kind() {
            EventKind::Scalar => self.scalar(&event)?,
            EventKind::ArrayOpen => {
                let mut strings = true;
                loop {
                    let element = self.next()?;
                    match element.kind() {
                        EventKind::Whitespace
                        | EventKind::Comment
                        | EventKind::Newline
                        | EventKind::ValueSep => {}
                        EventKind::Scalar => {
                            strings &= matches!(self.scalar(&element)?, Scanned::Str(_));
                        }
                        EventKind::ArrayClose => {
                            self.last_end = Some(element.span().end());
                            break;
                        }
                        _ => return None,
                    }
                }
                return Some(Scanned::Array { strings });
            }
            _ => return None,
        };
        self.last_end = Some(event.span().end());
        Some(value)
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ`, which toml_datetime displays unchanged.
fn is_plain_utc(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 20
        && bytes.iter().enumerate().all(|(at, byte)| match at {
            4 | 7 => *byte == b'-',
            10 => *byte == b'T',
            13 | 16 => *byte == b':',
            19 => *byte == b'Z',
            _ => byte.is_ascii_digit(),
        })
}

/// [`schema::validate`]'s verdict on one value.
fn value_ok(value: &Scanned<'_>, kind: Kind) -> bool {
    match (kind, value) {
        (Kind::Str, Scanned::Str(_))
        | (Kind::Int, Scanned::Int(_))
        | (Kind::Float, Scanned::Float | Scanned::Int(_))
        | (Kind::Bool, Scanned::Bool)
        | (Kind::Time, Scanned::Datetime(_))
        | (Kind::Duration, Scanned::Int(_))
        | (Kind::StrOrList, Scanned::Str(_)) => true,
        (Kind::Time, Scanned::Str(text)) => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
        (Kind::Duration, Scanned::Str(text)) => schema::is_go_duration(text),
        (Kind::StrList | Kind::StrOrList, Scanned::Array { strings }) => *strings,
        // An empty inline array of tables is fine; any other needs the full check.
        _ => false,
    }
}

/// What the commands read of an entry, read the way `entry_view` reads a toml_edit table.
fn view(seen: &[(&str, Scanned<'_>)]) -> EntryView {
    let get = |key: &str| {
        seen.iter()
            .find(|(name, _)| *name == key)
            .or_else(|| seen.iter().find(|(name, _)| name.eq_ignore_ascii_case(key)))
            .map(|(_, value)| value)
    };
    let string = |key: &str| match get(key) {
        Some(Scanned::Str(text)) => Some(text.to_string()),
        _ => None,
    };
    let time = |key: &str| match get(key) {
        Some(Scanned::Datetime(text)) => parse_time(text),
        Some(Scanned::Str(text)) => parse_time(text),
        _ => None,
    };
    EntryView {
        index: 0,
        name: string("name"),
        url: string("url"),
        id: match get("id") {
            Some(Scanned::Int(id)) => Some(*id),
            _ => None,
        },
        token: string("token").map(RunnerToken::new),
        executor: string("executor"),
        token_obtained_at: time("token_obtained_at"),
        token_expires_at: time("token_expires_at"),
    }
}
