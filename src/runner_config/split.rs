//! A config.toml edited one `[[runners]]` entry at a time.
//!
//! Turning a whole file into toml_edit's editable form, rendering it and freeing it costs
//! tens of milliseconds for 1,000 entries, although an edit touches one entry. So the whole
//! file is only checked (syntax, duplicate keys, table redefinitions, gitlab-runner's types):
//! in one pass over its tokens when it is written as gitlab-runner writes it
//! ([`super::plain`]), else with the `toml` crate's tree, lighter than toml_edit's. The text is
//! then cut at its `[[runners]]` entries, and only an entry that is read or edited becomes an
//! editable document of its own; saving splices that entry's text back. Untouched text is
//! copied as it is, which is what toml_edit renders for it.
//!
//! [`Split::parse`] answers None for any file it cannot cut exactly where toml_edit would
//! render the same bytes, and for any file with an error: those go the whole-document way,
//! which words every error as before.

use std::cell::OnceCell;
use std::ops::Range;
use std::str::FromStr;

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::document::{EntryView, entry_view, parse_time};
use super::schema::{self, Field, Kind};
use crate::token::RunnerToken;

/// The file's text cut into the part before the first entry, one region per entry, and what
/// follows the last one (comments and blank lines).
#[derive(Clone)]
pub(crate) struct Split {
    text: String,
    root_end: usize,
    tail_start: usize,
    entries: Vec<Slot>,
}

/// Where an entry sits and what it shows.
#[cfg(test)]
pub(crate) type Cut = (Option<Range<usize>>, EntryView);

#[derive(Clone)]
struct Slot {
    /// The entry's text in [`Split::text`]: from the line after the previous content (its
    /// comments and blank lines belong to it, as in toml_edit) to the end of its last line.
    /// None: added by this edit.
    source: Option<Range<usize>>,
    /// The region as a document of its own, parsed when first needed.
    doc: OnceCell<DocumentMut>,
    /// Edited: saving renders `doc` instead of copying `source`.
    dirty: bool,
    view: EntryView,
}

impl Split {
    /// The text cut at its entries when it is valid TOML that gitlab-runner's types accept
    /// and written so that the cuts are exact; None otherwise (the whole-document way then
    /// finds and words the error, if any). `validate` gets the time of the type check.
    pub(crate) fn parse(text: &str, validate: &mut std::time::Duration) -> Option<Split> {
        if !text.ends_with('\n') {
            return None;
        }
        // A file as gitlab-runner writes it needs no tree (and its types are checked on the
        // way, in the same pass).
        if let Some(plain) = super::plain::scan(text) {
            return Split::cut(text, plain.starts, plain.tail_start, plain.views);
        }
        Split::parse_tree(text, validate)
    }

    /// [`Split::parse`] with the `toml` crate's tree, for any file.
    pub(crate) fn parse_tree(text: &str, validate: &mut std::time::Duration) -> Option<Split> {
        let root = DeTable::parse(text).ok()?;
        let root = root.get_ref();
        let started = std::time::Instant::now();
        let valid = table_ok(root, schema::ROOT);
        *validate += started.elapsed();
        if !valid {
            return None;
        }
        let (runners_key, runners) = root.iter().find(|(key, _)| key.get_ref() == "runners")?;
        let DeValue::Array(runners) = runners.get_ref() else {
            return None;
        };
        // A file without entries is small: it stays a whole document.
        if runners.is_empty() {
            return None;
        }
        let mut walk = Walk {
            text: text.as_bytes(),
            ends: Vec::new(),
            last_header: None,
            entry: false,
        };
        for (key, value) in root.iter() {
            if !std::ptr::eq(key, runners_key) {
                walk.item(value, true)?;
            }
        }
        let mut headers = Vec::with_capacity(runners.len());
        walk.entry = true;
        for entry in runners.iter() {
            let DeValue::Table(table) = entry.get_ref() else {
                return None;
            };
            let span = entry.span();
            if text.get(span.clone()) != Some("[[runners]]") {
                return None;
            }
            walk.header(span.clone())?;
            walk.table(table, true)?;
            headers.push(span.start);
        }
        let mut ends = walk.ends;
        ends.sort_unstable();
        let after_line = |end: usize| text.get(end..)?.find('\n').map(|at| end + at + 1);
        let mut starts = Vec::with_capacity(headers.len());
        for &header in &headers {
            let before = ends.partition_point(|&end| end <= header);
            let start = match before.checked_sub(1) {
                None => 0,
                Some(index) => after_line(*ends.get(index)?)?,
            };
            if start > header {
                return None;
            }
            starts.push(start);
        }
        let tail_start = after_line(*ends.last()?)?;
        let mut views = Vec::with_capacity(runners.len());
        for entry in runners.iter() {
            let DeValue::Table(table) = entry.get_ref() else {
                return None;
            };
            views.push(view_of(table));
        }
        Split::cut(text, starts, tail_start, views)
    }

    /// The text cut where each entry starts; the last one ends at `tail_start`.
    fn cut(
        text: &str,
        starts: Vec<usize>,
        tail_start: usize,
        views: Vec<EntryView>,
    ) -> Option<Split> {
        let root_end = *starts.first()?;
        let mut entries = Vec::with_capacity(starts.len());
        for (index, view) in views.into_iter().enumerate() {
            let start = *starts.get(index)?;
            let end = starts.get(index + 1).copied().unwrap_or(tail_start);
            if end < start {
                return None;
            }
            entries.push(Slot {
                source: Some(start..end),
                doc: OnceCell::new(),
                dirty: false,
                view,
            });
        }
        Some(Split {
            text: text.to_string(),
            root_end,
            tail_start,
            entries,
        })
    }

    /// Where the entries sit and what they show, to compare two ways of cutting.
    #[cfg(test)]
    pub(crate) fn cuts(&self) -> (usize, usize, Vec<Cut>) {
        let entries = self
            .entries
            .iter()
            .map(|slot| (slot.source.clone(), slot.view.clone()))
            .collect();
        (self.root_end, self.tail_start, entries)
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn views(&self) -> Vec<EntryView> {
        (0..self.entries.len())
            .filter_map(|index| self.view(index))
            .collect()
    }

    /// Indexes of the entries whose view is `wanted`.
    pub(crate) fn find(&self, wanted: impl Fn(&EntryView) -> bool) -> Vec<usize> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, slot)| wanted(&slot.view))
            .map(|(index, _)| index)
            .collect()
    }

    pub(crate) fn view(&self, index: usize) -> Option<EntryView> {
        let slot = self.entries.get(index)?;
        Some(EntryView {
            index,
            ..slot.view.clone()
        })
    }

    /// Entry `index` as toml_edit reads it; None if there is none or its text does not parse
    /// on its own (it always should: the file parsed).
    pub(crate) fn table(&self, index: usize) -> Option<&Table> {
        let slot = self.entries.get(index)?;
        if slot.doc.get().is_none() {
            let source = slot.source.clone()?;
            let doc = region_document(self.text.get(source)?)?;
            // Just checked to be empty.
            let _ = slot.doc.set(doc);
        }
        entry_table(slot.doc.get()?)
    }

    /// Entry `index` to edit; saving renders it again. Call [`Split::refresh`] after.
    pub(crate) fn table_mut(&mut self, index: usize) -> Option<&mut Table> {
        self.table(index)?;
        let slot = self.entries.get_mut(index)?;
        slot.dirty = true;
        entry_table_mut(slot.doc.get_mut()?)
    }

    /// Reads entry `index`'s view again after an edit.
    pub(crate) fn refresh(&mut self, index: usize) {
        let Some(slot) = self.entries.get_mut(index) else {
            return;
        };
        if let Some(table) = slot.doc.get_mut().and_then(entry_table_mut) {
            slot.view = entry_view(index, table);
        }
    }

    pub(crate) fn push(&mut self, entry: Table) {
        let view = entry_view(self.entries.len(), &entry);
        let mut array = ArrayOfTables::new();
        array.push(entry);
        let mut doc = DocumentMut::new();
        doc.insert("runners", Item::ArrayOfTables(array));
        self.entries.push(Slot {
            source: None,
            doc: OnceCell::from(doc),
            dirty: true,
            view,
        });
    }

    pub(crate) fn remove(&mut self, index: usize) {
        if index < self.entries.len() {
            self.entries.remove(index);
        }
    }

    /// The file's text (no BOM, LF endings).
    pub(crate) fn render(&self) -> String {
        let mut text = String::with_capacity(self.text.len() + 1024);
        text.push_str(self.text.get(..self.root_end).unwrap_or_default());
        for slot in &self.entries {
            match (&slot.source, slot.dirty, slot.doc.get()) {
                (Some(source), false, _) => {
                    text.push_str(self.text.get(source.clone()).unwrap_or_default());
                }
                (_, _, Some(doc)) => text.push_str(&doc.to_string()),
                // Edited entries and added ones have their document.
                (_, _, None) => {}
            }
        }
        text.push_str(self.text.get(self.tail_start..).unwrap_or_default());
        text
    }

    /// Nothing to do after a save: the regions still point into the text as read, and edited
    /// entries keep rendering from their documents, which gives the text just written.
    pub(crate) fn mark_saved(&mut self) {}
}

fn region_document(text: &str) -> Option<DocumentMut> {
    let doc = DocumentMut::from_str(text).ok()?;
    let root = doc.as_table();
    let only_runners = root.len() == 1
        && matches!(root.get("runners"), Some(Item::ArrayOfTables(array)) if array.len() == 1);
    only_runners.then_some(doc)
}

fn entry_table(doc: &DocumentMut) -> Option<&Table> {
    match doc.as_table().get("runners")? {
        Item::ArrayOfTables(array) => array.get(0),
        _ => None,
    }
}

fn entry_table_mut(doc: &mut DocumentMut) -> Option<&mut Table> {
    match doc.as_table_mut().get_mut("runners")? {
        Item::ArrayOfTables(array) => array.get_mut(0),
        _ => None,
    }
}

/// Where content ends in the file, and the check that tables come in the order toml_edit
/// visits them: then a table an edit adds takes its place right after its entry's last one.
struct Walk<'t> {
    text: &'t [u8],
    /// Where each header and each value ends.
    ends: Vec<usize>,
    last_header: Option<usize>,
    /// Walking an entry: its subtables' headers must start `[runners.` or `[[runners.`.
    entry: bool,
}

impl Walk<'_> {
    fn header(&mut self, span: Range<usize>) -> Option<()> {
        if self.last_header.is_some_and(|last| span.start <= last) {
            return None;
        }
        self.last_header = Some(span.start);
        self.ends.push(span.end);
        Some(())
    }

    fn sub_header(&mut self, span: Range<usize>) -> Option<()> {
        if self.entry {
            let header = self.text.get(span.clone())?;
            if !(header.starts_with(b"[runners.") || header.starts_with(b"[[runners.")) {
                return None;
            }
        }
        self.header(span)
    }

    /// `headers`: whether tables with a header may sit below (not below a dotted key or an
    /// implicit table, which toml_edit orders its own way).
    fn table(&mut self, table: &DeTable<'_>, headers: bool) -> Option<()> {
        for (_, value) in table.iter() {
            self.item(value, headers)?;
        }
        Some(())
    }

    fn item(&mut self, value: &Spanned<DeValue<'_>>, headers: bool) -> Option<()> {
        let span = value.span();
        match value.get_ref() {
            DeValue::Table(table) => match self.text.get(span.start) {
                Some(b'[') if headers => {
                    self.sub_header(span)?;
                    self.table(table, true)
                }
                Some(b'[') => None,
                Some(b'{') => {
                    self.ends.push(span.end);
                    fits_toml_edit(value.get_ref()).then_some(())
                }
                // Implicit, or made by dotted keys: its span is its key's.
                _ => self.table(table, false),
            },
            DeValue::Array(array) if is_table_array(array, self.text) => {
                if !headers {
                    return None;
                }
                for element in array.iter() {
                    let DeValue::Table(table) = element.get_ref() else {
                        return None;
                    };
                    self.sub_header(element.span())?;
                    self.table(table, true)?;
                }
                Some(())
            }
            other => {
                self.ends.push(span.end);
                fits_toml_edit(other).then_some(())
            }
        }
    }
}

fn is_table_array(array: &[Spanned<DeValue<'_>>], text: &[u8]) -> bool {
    array.first().is_some_and(|first| {
        matches!(first.get_ref(), DeValue::Table(_)) && text.get(first.span().start) == Some(&b'[')
    })
}

/// Whether toml_edit reads this value too: its integers are 64-bit, the `toml` crate's
/// parser keeps any size as text.
fn fits_toml_edit(value: &DeValue<'_>) -> bool {
    match value {
        DeValue::Integer(integer) => i64::from_str_radix(integer.as_str(), integer.radix()).is_ok(),
        DeValue::Array(array) => array
            .iter()
            .all(|element| fits_toml_edit(element.get_ref())),
        DeValue::Table(table) => table
            .iter()
            .all(|(_, element)| fits_toml_edit(element.get_ref())),
        _ => true,
    }
}

/// [`schema::validate`]'s verdict on the `toml` crate's tree (the whole-document way words
/// the mismatch, so only the verdict is needed here).
fn table_ok(table: &DeTable<'_>, fields: &[Field]) -> bool {
    table.iter().all(|(key, value)| {
        schema::find_field(fields, key.get_ref())
            .is_none_or(|field| value_ok(value.get_ref(), field.kind))
    })
}

fn value_ok(value: &DeValue<'_>, kind: Kind) -> bool {
    let all_strings = |array: &[Spanned<DeValue<'_>>]| {
        array
            .iter()
            .all(|element| matches!(element.get_ref(), DeValue::String(_)))
    };
    match (kind, value) {
        (Kind::Str, DeValue::String(_))
        | (Kind::Int, DeValue::Integer(_))
        | (Kind::Float, DeValue::Float(_) | DeValue::Integer(_))
        | (Kind::Bool, DeValue::Boolean(_))
        | (Kind::Time, DeValue::Datetime(_))
        | (Kind::Duration, DeValue::Integer(_))
        | (Kind::StrOrList, DeValue::String(_))
        | (Kind::AnyTable, DeValue::Table(_)) => true,
        (Kind::Time, DeValue::String(text)) => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
        (Kind::Duration, DeValue::String(text)) => schema::is_go_duration(text),
        (Kind::StrList | Kind::StrOrList, DeValue::Array(array)) => all_strings(array),
        (Kind::BoolMap, DeValue::Table(table)) => table
            .iter()
            .all(|(_, flag)| matches!(flag.get_ref(), DeValue::Boolean(_))),
        (Kind::Table(fields), DeValue::Table(table)) => table_ok(table, fields),
        (Kind::TableArray(fields), DeValue::Array(array)) => array.iter().all(
            |element| matches!(element.get_ref(), DeValue::Table(table) if table_ok(table, fields)),
        ),
        _ => false,
    }
}

/// What the commands read of an entry, read the way [`entry_view`] reads a toml_edit table.
fn view_of(table: &DeTable<'_>) -> EntryView {
    let get = |key: &str| {
        table
            .iter()
            .find(|(name, _)| name.get_ref() == key)
            .or_else(|| {
                table
                    .iter()
                    .find(|(name, _)| name.get_ref().eq_ignore_ascii_case(key))
            })
            .map(|(_, value)| value.get_ref())
    };
    let string = |key: &str| match get(key) {
        Some(DeValue::String(text)) => Some(text.to_string()),
        _ => None,
    };
    let time = |key: &str| match get(key) {
        Some(DeValue::Datetime(datetime)) => parse_time(&datetime.to_string()),
        Some(DeValue::String(text)) => parse_time(text),
        _ => None,
    };
    EntryView {
        index: 0,
        name: string("name"),
        url: string("url"),
        id: match get("id") {
            Some(DeValue::Integer(integer)) => {
                i64::from_str_radix(integer.as_str(), integer.radix()).ok()
            }
            _ => None,
        },
        token: string("token").map(RunnerToken::new),
        executor: string("executor"),
        token_obtained_at: time("token_obtained_at"),
        token_expires_at: time("token_expires_at"),
    }
}
