//! Reading a `.runner` as strictly as the strictest runner does.
//!
//! Gitea Runner reads it with `encoding/json/v2`'s `UnmarshalRead`, which refuses invalid
//! UTF-8, duplicate keys, and anything after the object; forgejo-runner reads it with
//! `encoding/json`, which matches keys case-insensitively (`Token` fills `token`) where v2
//! ignores them. A file the two would read differently is refused here too, so what runnerctl
//! sees is what either runner runs with. Positions are 1-based, columns counted in characters.

use super::format::{Registration, RunnerFileKind};
use crate::token::RunnerToken;

/// A `.runner` as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub registration: Registration,
    /// From `ephemeral` and the WARNING ([`RunnerFileKind::detect`]); None: unknown.
    pub kind: Option<RunnerFileKind>,
    /// The file's WARNING text, kept when the file is rewritten.
    pub warning: Option<String>,
}

/// Why a `.runner` is not one the runners read alike, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The keys of the runners' `Registration` struct, in the order they write them.
const KEYS: [&str; 8] = [
    "WARNING",
    "id",
    "uuid",
    "name",
    "token",
    "address",
    "labels",
    "ephemeral",
];

/// Deeper than any `.runner`; bounds the recursion on a hostile file.
const MAX_DEPTH: usize = 64;

/// Parses a `.runner`'s bytes (UTF-8 checked here, so a caller may pass what it read).
pub fn parse_bytes(bytes: &[u8]) -> Result<Parsed, ParseError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(error) => {
            let valid = bytes.get(..error.valid_up_to()).unwrap_or_default();
            let prefix = String::from_utf8_lossy(valid);
            let (line, column) = line_column(&prefix, prefix.len());
            Err(ParseError {
                line,
                column,
                message: "invalid UTF-8 (the runners refuse it)".to_string(),
            })
        }
    }
}

/// Parses a `.runner`'s text.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let mut parser = Parser { text, at: 0 };
    parser.skip_whitespace();
    let start = parser.at;
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.at < text.len() {
        return Err(parser.error_at(parser.at, "unexpected text after the JSON object"));
    }
    let Value::Object(members) = value else {
        return Err(parser.error_at(start, "a .runner must be one JSON object"));
    };
    registration_from(&parser, members)
}

fn registration_from(parser: &Parser<'_>, members: Vec<Member>) -> Result<Parsed, ParseError> {
    let mut registration = Registration {
        id: 0,
        uuid: String::new(),
        name: String::new(),
        token: RunnerToken::new(""),
        address: String::new(),
        labels: Vec::new(),
        ephemeral: None,
    };
    let mut warning = None;
    let mut has_ephemeral = false;
    let mut folded_seen: Vec<(String, &str)> = Vec::new();
    for member in &members {
        let folded = fold(&member.key);
        if let Some((_, first)) = folded_seen.iter().find(|(seen, _)| *seen == folded) {
            return Err(parser.error_at(
                member.key_at,
                &format!(
                    "key {:?} differs from key {first:?} only in case (the runners would read the file differently)",
                    member.key
                ),
            ));
        }
        folded_seen.push((folded.clone(), &member.key));
        if let Some(known) = KEYS
            .iter()
            .find(|known| fold(known) == folded && **known != member.key)
        {
            return Err(parser.error_at(
                member.key_at,
                &format!(
                    "key {:?} must be spelled {known:?} (forgejo-runner would read it, Gitea Runner would not)",
                    member.key
                ),
            ));
        }
        let wrong = |expected: &str| {
            parser.error_at(
                member.value_at,
                &format!("{:?} must be {expected}", member.key),
            )
        };
        // null leaves a field at its zero value, as both decoders do.
        let value = &member.value;
        if matches!(value, Value::Null) {
            if member.key == "ephemeral" {
                // The key is there (a Gitea layout); its zero value is false.
                has_ephemeral = true;
                registration.ephemeral = Some(false);
            }
            continue;
        }
        match member.key.as_str() {
            "WARNING" => warning = Some(value.string().ok_or_else(|| wrong("a string"))?),
            "id" => {
                let Value::Number(raw) = value else {
                    return Err(wrong("an integer"));
                };
                registration.id = raw
                    .parse::<u64>()
                    .ok()
                    .filter(|id| i64::try_from(*id).is_ok())
                    .ok_or_else(|| wrong("an integer from 0 to 9223372036854775807"))?;
            }
            "uuid" => registration.uuid = value.string().ok_or_else(|| wrong("a string"))?,
            "name" => registration.name = value.string().ok_or_else(|| wrong("a string"))?,
            "token" => {
                registration.token =
                    RunnerToken::new(value.string().ok_or_else(|| wrong("a string"))?);
            }
            "address" => registration.address = value.string().ok_or_else(|| wrong("a string"))?,
            "labels" => {
                let Value::Array(items) = value else {
                    return Err(wrong("an array of strings"));
                };
                registration.labels = items
                    .iter()
                    .map(|item| item.string().ok_or_else(|| wrong("an array of strings")))
                    .collect::<Result<_, _>>()?;
            }
            "ephemeral" => {
                let Value::Bool(ephemeral) = value else {
                    return Err(wrong("true or false"));
                };
                has_ephemeral = true;
                registration.ephemeral = Some(*ephemeral);
            }
            // Both runners ignore other keys (and drop them when they rewrite the file).
            _ => {}
        }
    }
    Ok(Parsed {
        kind: RunnerFileKind::detect(has_ephemeral, warning.as_deref()),
        registration,
        warning,
    })
}

/// A key as Go's `encoding/json` compares it case-insensitively: Unicode simple folding,
/// where the Kelvin sign is a `k` and the long s an `s` (so `to\u{212a}en` is `token`).
fn fold(key: &str) -> String {
    key.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == '\u{17f}' { 's' } else { c })
        .collect()
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let column = before
        .get(line_start..)
        .map_or(0, |rest| rest.chars().count())
        + 1;
    (line, column)
}

enum Value {
    Null,
    Bool(bool),
    /// The literal as written.
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<Member>),
}

impl Value {
    fn string(&self) -> Option<String> {
        match self {
            Value::String(text) => Some(text.clone()),
            _ => None,
        }
    }
}

struct Member {
    key: String,
    key_at: usize,
    value_at: usize,
    value: Value,
}

struct Parser<'a> {
    text: &'a str,
    /// Byte offset of the next character.
    at: usize,
}

impl Parser<'_> {
    fn error_at(&self, offset: usize, message: &str) -> ParseError {
        let (line, column) = line_column(self.text, offset);
        ParseError {
            line,
            column,
            message: message.to_string(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.text.get(self.at..)?.chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }

    /// JSON's four whitespace characters and nothing else (no BOM, no comments).
    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.at += 1;
        }
    }

    fn unexpected(&self) -> ParseError {
        match self.peek() {
            None => self.error_at(self.at, "unexpected end of file"),
            Some(c) => self.error_at(self.at, &format!("unexpected character {c:?}")),
        }
    }

    fn expect(&mut self, wanted: char) -> Result<(), ParseError> {
        if self.peek() == Some(wanted) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error_at(self.at, "nested too deeply"));
        }
        match self.peek() {
            Some('{') => self.object(depth),
            Some('[') => self.array(depth),
            Some('"') => self.string().map(Value::String),
            Some('-' | '0'..='9') => self.number(),
            Some('t') => self.literal("true", Value::Bool(true)),
            Some('f') => self.literal("false", Value::Bool(false)),
            Some('n') => self.literal("null", Value::Null),
            _ => Err(self.unexpected()),
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, ParseError> {
        if self
            .text
            .get(self.at..)
            .is_some_and(|rest| rest.starts_with(word))
        {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.unexpected())
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.expect('{')?;
        let mut members: Vec<Member> = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some('}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            let key_at = self.at;
            if self.peek() != Some('"') {
                return Err(self.unexpected());
            }
            let key = self.string()?;
            if members.iter().any(|member| member.key == key) {
                return Err(self.error_at(key_at, &format!("duplicate key {key:?}")));
            }
            self.skip_whitespace();
            self.expect(':')?;
            self.skip_whitespace();
            let value_at = self.at;
            let value = self.value(depth + 1)?;
            members.push(Member {
                key,
                key_at,
                value_at,
                value,
            });
            self.skip_whitespace();
            match self.peek() {
                Some(',') => self.at += 1,
                Some('}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.unexpected()),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.expect('[')?;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(depth + 1)?);
            self.skip_whitespace();
            match self.peek() {
                Some(',') => self.at += 1,
                Some(']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.unexpected()),
            }
        }
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.at;
        let digits = |parser: &mut Self| {
            let from = parser.at;
            while matches!(parser.peek(), Some('0'..='9')) {
                parser.at += 1;
            }
            parser.at > from
        };
        if self.peek() == Some('-') {
            self.at += 1;
        }
        if self.peek() == Some('0') {
            self.at += 1;
        } else if !digits(self) {
            return Err(self.unexpected());
        }
        if self.peek() == Some('.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.unexpected());
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.at += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.unexpected());
            }
        }
        let raw = self.text.get(start..self.at).unwrap_or_default();
        Ok(Value::Number(raw.to_string()))
    }

    fn string(&mut self) -> Result<String, ParseError> {
        let start = self.at;
        self.expect('"')?;
        let mut out = String::new();
        loop {
            let at = self.at;
            let Some(c) = self.bump() else {
                return Err(self.error_at(start, "unterminated string"));
            };
            match c {
                '"' => return Ok(out),
                '\\' => out.push(self.escape(at)?),
                c if (c as u32) < 0x20 => {
                    return Err(
                        self.error_at(at, "control character in a string (write it escaped)")
                    );
                }
                c => out.push(c),
            }
        }
    }

    /// The character an escape stands for; `at` is where its backslash is.
    fn escape(&mut self, at: usize) -> Result<char, ParseError> {
        let bad = |parser: &Self| parser.error_at(at, "invalid escape sequence");
        Ok(match self.bump() {
            Some('"') => '"',
            Some('\\') => '\\',
            Some('/') => '/',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                let first = self.hex4().ok_or_else(|| bad(self))?;
                if (0xD800..0xDC00).contains(&first) {
                    // A high surrogate must be followed by its low half (v2 refuses a lone one).
                    let low = (self.bump() == Some('\\') && self.bump() == Some('u'))
                        .then(|| self.hex4())
                        .flatten()
                        .filter(|low| (0xDC00..0xE000).contains(low))
                        .ok_or_else(|| self.error_at(at, "invalid surrogate pair"))?;
                    let code = 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00);
                    char::from_u32(code).ok_or_else(|| bad(self))?
                } else {
                    char::from_u32(first)
                        .ok_or_else(|| self.error_at(at, "invalid surrogate pair"))?
                }
            }
            _ => return Err(bad(self)),
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        let value = u32::from_str_radix(digits, 16).ok()?;
        if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::super::format::{
        ACT_RUNNER_WARNING, FORGEJO_RUNNER_WARNING, GITEA_RUNNER_WARNING, render,
    };
    use super::*;

    fn example(name: &str) -> String {
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(name),
        )
        .unwrap()
    }

    fn error(text: &str) -> (usize, usize, String) {
        let error = parse(text).unwrap_err();
        (error.line, error.column, error.message)
    }

    #[test]
    fn the_samples_parse_with_their_kind_and_warning() {
        let gitea = parse(&example("gitea.runner")).unwrap();
        assert_eq!(gitea.kind, Some(RunnerFileKind::Gitea));
        assert_eq!(gitea.warning.as_deref(), Some(GITEA_RUNNER_WARNING));
        assert_eq!(gitea.registration.id, 42);
        assert_eq!(gitea.registration.ephemeral, Some(false));
        assert_eq!(
            gitea.registration.token.expose(),
            "0123456789abcdef0123456789abcdef01234567"
        );
        assert_eq!(gitea.registration.labels.len(), 2);
        let forgejo = parse(&example("forgejo.runner")).unwrap();
        assert_eq!(forgejo.kind, Some(RunnerFileKind::Forgejo));
        assert_eq!(forgejo.registration.ephemeral, None);
    }

    #[test]
    fn parse_then_render_gives_the_same_bytes() {
        for (name, kind) in [
            ("gitea.runner", RunnerFileKind::Gitea),
            ("forgejo.runner", RunnerFileKind::Forgejo),
        ] {
            let text = example(name);
            let parsed = parse(&text).unwrap();
            let again = render(&parsed.registration, kind, parsed.warning.as_deref());
            assert_eq!(again, text, "{name}");
            assert_eq!(parse(&again).unwrap(), parsed);
        }
    }

    #[test]
    fn escapes_round_trip() {
        let mut registration = parse(&example("forgejo.runner")).unwrap().registration;
        registration.name = "a<b>&\u{2028}\"\\\n\t\u{1}\u{1F600}é".to_string();
        for kind in [RunnerFileKind::Gitea, RunnerFileKind::Forgejo] {
            let text = render(&registration, kind, None);
            assert_eq!(parse(&text).unwrap().registration.name, registration.name);
        }
        let pair = parse(r#"{"name": "\ud83d\ude00"}"#).unwrap();
        assert_eq!(pair.registration.name, "\u{1F600}");
    }

    #[test]
    fn the_act_runner_warning_alone_leaves_the_kind_unknown() {
        let text = format!(r#"{{"WARNING": "{ACT_RUNNER_WARNING}", "id": 1}}"#);
        assert_eq!(parse(&text).unwrap().kind, None);
        let text = format!(r#"{{"WARNING": "{ACT_RUNNER_WARNING}", "ephemeral": false}}"#);
        assert_eq!(parse(&text).unwrap().kind, Some(RunnerFileKind::Gitea));
        let text = format!(r#"{{"WARNING": "{FORGEJO_RUNNER_WARNING}"}}"#);
        assert_eq!(parse(&text).unwrap().kind, Some(RunnerFileKind::Forgejo));
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        assert_eq!(
            error("{\n  \"id\": 1,\n}"),
            (3, 1, "unexpected character '}'".to_string())
        );
        assert_eq!(error("{\n  \"id\" 1\n}").0, 2);
        assert_eq!(error("{\n  \"id\" 1\n}").1, 8);
        assert_eq!(error("").2, "unexpected end of file");
        assert_eq!(
            error("{\"name\": \"x"),
            (1, 10, "unterminated string".to_string())
        );
        assert_eq!(error("[1]").2, "a .runner must be one JSON object");
        assert_eq!(
            error("{}\n{}"),
            (2, 1, "unexpected text after the JSON object".to_string())
        );
        assert_eq!(error("\u{feff}{}").1, 1, "a BOM is not JSON");
        assert_eq!(
            error("{\"name\": \"é\tx\"}").1,
            12,
            "columns count characters"
        );
        assert_eq!(error(r#"{"name": "\x"}"#).2, "invalid escape sequence");
        assert_eq!(error(r#"{"name": "\ud800"}"#).2, "invalid surrogate pair");
        assert_eq!(error(r#"{"id": 01}"#).2, "unexpected character '1'");
        assert_eq!(error("{\"id\": 1} // note").1, 11);
    }

    #[test]
    fn invalid_utf8_is_refused_at_its_position() {
        let error = parse_bytes(b"{\n  \"name\": \"a\xff\"\n}").unwrap_err();
        assert_eq!((error.line, error.column), (2, 13));
        assert!(error.message.contains("UTF-8"), "{error}");
    }

    #[test]
    fn duplicate_keys_are_refused_even_nested() {
        assert_eq!(
            error("{\"id\": 1,\n \"id\": 2}"),
            (2, 2, "duplicate key \"id\"".to_string())
        );
        assert_eq!(error(r#"{"x": {"a": 1, "a": 2}}"#).2, "duplicate key \"a\"");
        // The same key spelt with an escape is the same key.
        assert_eq!(
            error(r#"{"id": 1, "\u0069d": 2}"#).2,
            "duplicate key \"id\""
        );
    }

    #[test]
    fn keys_differing_only_in_case_are_refused() {
        let (line, column, message) = error("{\"token\": \"a\",\n  \"Token\": \"b\"}");
        assert_eq!((line, column), (2, 3));
        assert!(message.contains("only in case"), "{message}");
        let (_, _, message) = error(r#"{"ID": 1}"#);
        assert!(message.contains("must be spelled \"id\""), "{message}");
        // encoding/json folds the Kelvin sign to k: this is `token` to forgejo-runner.
        let (_, _, message) = error("{\"to\u{212a}en\": \"a\"}");
        assert!(message.contains("\"token\""), "{message}");
        assert!(parse(r#"{"extra": 1, "Extra2": 2}"#).is_ok());
    }

    #[test]
    fn values_of_the_wrong_type_are_refused_where_they_are() {
        assert_eq!(
            error("{\n\"id\": \"7\"}"),
            (2, 7, "\"id\" must be an integer".to_string())
        );
        assert!(error(r#"{"id": 1.5}"#).2.contains("from 0 to"));
        assert!(error(r#"{"id": -1}"#).2.contains("from 0 to"));
        assert!(
            error(r#"{"id": 9223372036854775808}"#)
                .2
                .contains("from 0 to")
        );
        assert_eq!(
            parse(r#"{"id": 9223372036854775807}"#)
                .unwrap()
                .registration
                .id,
            i64::MAX as u64
        );
        assert!(error(r#"{"labels": "a"}"#).2.contains("array of strings"));
        assert!(error(r#"{"labels": [1]}"#).2.contains("array of strings"));
        assert!(error(r#"{"ephemeral": "yes"}"#).2.contains("true or false"));
        assert!(
            error(r#"{"token": 5}"#)
                .2
                .contains("\"token\" must be a string")
        );
    }

    #[test]
    fn null_and_missing_keys_read_as_zero_values() {
        let parsed =
            parse(r#"{"id": null, "labels": null, "ephemeral": null, "other": [1, {"a": null}]}"#)
                .unwrap();
        assert_eq!(parsed.registration.id, 0);
        assert!(parsed.registration.labels.is_empty());
        assert_eq!(parsed.registration.ephemeral, Some(false));
        assert_eq!(parsed.kind, Some(RunnerFileKind::Gitea));
        assert_eq!(parsed.warning, None);
    }

    #[test]
    fn a_deep_file_is_refused_not_overflowing_the_stack() {
        let text = format!("{{\"x\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(error(&text).2, "nested too deeply");
    }

    #[test]
    fn the_parse_error_shows_no_token() {
        let error = parse(r#"{"token": "secret-token-value", "id": "x"}"#).unwrap_err();
        assert!(!error.to_string().contains("secret-token-value"), "{error}");
    }
}
