//! A JSON document as Semaphore's `config.runner.json` holds it, with the order of every
//! object's keys kept, and Go's `json.MarshalIndent(v, " ", "\t")` layout to write it back
//! (util/config.go `ToJSON`): each line after the first starts with one space, then a tab per
//! level; strings escaped as `encoding/json` does (`<`, `>`, `&` as `\u003c`…); no newline at
//! the end (cli/setup/setup.go `SaveConfig` writes the bytes as they are).

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// Kept as written when it is an integer; else Rust's shortest form of the float.
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// The value of `key` as Go's decoder finds it: keys match case-insensitively and the
    /// last match wins (encoding/json v1 `Unmarshal` into a struct).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => entries
                .iter()
                .rev()
                .find(|(name, _)| name.eq_ignore_ascii_case(key))
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// Sets `key`: the first key Go would read as it takes the value (spelled as runnerctl
    /// writes it), other spellings of it go; a new key is added at the end.
    pub fn set(&mut self, key: &str, value: Value) {
        let Value::Object(entries) = self else {
            return;
        };
        match entries
            .iter()
            .position(|(name, _)| name.eq_ignore_ascii_case(key))
        {
            Some(first) => {
                entries[first] = (key.to_string(), value);
                let mut index = 0;
                entries.retain(|(name, _)| {
                    index += 1;
                    index - 1 == first || !name.eq_ignore_ascii_case(key)
                });
            }
            None => entries.push((key.to_string(), value)),
        }
    }

    /// Removes every spelling of `key`.
    pub fn remove(&mut self, key: &str) {
        if let Value::Object(entries) = self {
            entries.retain(|(name, _)| !name.eq_ignore_ascii_case(key));
        }
    }

    /// The object under `key`, made (or replaced, when it is not an object) if needed.
    pub fn object_mut(&mut self, key: &str) -> Option<&mut Value> {
        if !matches!(self.get(key), Some(Value::Object(_))) {
            self.set(key, Value::Object(Vec::new()));
        }
        let Value::Object(entries) = self else {
            return None;
        };
        entries
            .iter_mut()
            .rev()
            .find(|(name, _)| name.eq_ignore_ascii_case(key))
            .map(|(_, value)| value)
    }

    /// Go's `MarshalIndent(v, " ", "\t")`.
    pub fn to_go_indented(&self) -> String {
        let mut out = String::new();
        write(self, 0, &mut out);
        out
    }
}

fn newline(depth: usize, out: &mut String) {
    out.push('\n');
    out.push(' ');
    for _ in 0..depth {
        out.push('\t');
    }
}

fn write(value: &Value, depth: usize, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => out.push_str(number),
        Value::String(text) => out.push_str(&crate::runner_file::go_quote(text, true)),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                newline(depth + 1, out);
                write(item, depth + 1, out);
            }
            newline(depth, out);
            out.push(']');
        }
        Value::Object(entries) if entries.is_empty() => out.push_str("{}"),
        Value::Object(entries) => {
            out.push('{');
            for (index, (key, item)) in entries.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                newline(depth + 1, out);
                out.push_str(&crate::runner_file::go_quote(key, true));
                out.push_str(": ");
                write(item, depth + 1, out);
            }
            newline(depth, out);
            out.push('}');
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, flag: bool) -> Result<Value, E> {
        Ok(Value::Bool(flag))
    }

    fn visit_u64<E>(self, number: u64) -> Result<Value, E> {
        Ok(Value::Number(number.to_string()))
    }

    fn visit_i64<E>(self, number: i64) -> Result<Value, E> {
        Ok(Value::Number(number.to_string()))
    }

    fn visit_f64<E>(self, number: f64) -> Result<Value, E> {
        Ok(Value::Number(number.to_string()))
    }

    fn visit_str<E>(self, text: &str) -> Result<Value, E> {
        Ok(Value::String(text.to_string()))
    }

    fn visit_string<E>(self, text: String) -> Result<Value, E> {
        Ok(Value::String(text))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            entries.push((key, value));
        }
        Ok(Value::Object(entries))
    }
}

/// Why a text is not such a document: serde_json's place, and its class of error only (a
/// message could quote a value, and the file holds secrets).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at line {line}, column {column}")]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses a whole document (Go's decoder reads only the first value; anything after it makes
/// runnerctl leave the file alone).
pub fn parse_value(text: &str) -> Result<Value, ParseError> {
    serde_json::from_str::<Value>(text).map_err(|error| ParseError {
        line: error.line(),
        column: error.column(),
        message: match error.classify() {
            serde_json::error::Category::Eof => "the JSON ends too early".to_string(),
            serde_json::error::Category::Syntax => "this is not valid JSON".to_string(),
            _ => "this is not the JSON expected".to_string(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_s_indented_layout_with_a_one_space_prefix() {
        let value = parse_value(
            r#"{"web_host":"https://s.example/<x>","runner":{"token_file":"/r/t","max_parallel_tasks":2},"list":[],"o":{}}"#,
        )
        .unwrap();
        assert_eq!(
            value.to_go_indented(),
            "{\n \t\"web_host\": \"https://s.example/\\u003cx\\u003e\",\n \t\"runner\": {\n \t\t\"token_file\": \"/r/t\",\n \t\t\"max_parallel_tasks\": 2\n \t},\n \t\"list\": [],\n \t\"o\": {}\n }"
        );
    }

    #[test]
    fn keys_are_read_as_go_reads_them_and_set_once() {
        let mut value = parse_value(r#"{"Web_Host":"a","x":1,"web_host":"b"}"#).unwrap();
        assert_eq!(value.get("web_host").and_then(Value::as_str), Some("b"));
        value.set("web_host", Value::String("c".into()));
        assert_eq!(
            value,
            Value::Object(vec![
                ("web_host".into(), Value::String("c".into())),
                ("x".into(), Value::Number("1".into())),
            ])
        );
    }

    #[test]
    fn an_error_gives_its_place_and_never_the_text() {
        let error = parse_value("{\n \"token\": \"secret-value\",\n oops }").unwrap_err();
        assert_eq!(error.line, 3);
        assert!(!error.to_string().contains("secret-value"));
    }
}
