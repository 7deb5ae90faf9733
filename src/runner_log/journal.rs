//! `journalctl -o json`: one JSON object per line, `MESSAGE` a string (or an array of bytes
//! when it is not UTF-8) and `__REALTIME_TIMESTAMP` microseconds since the epoch, as a string
//! (systemd's docs, "Journal JSON Format").

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::LogLine;

/// The lines of journalctl's JSON output; a line that is not an entry is skipped.
pub(super) fn parse(output: &str) -> Vec<LogLine> {
    output.lines().filter_map(entry).collect()
}

fn entry(line: &str) -> Option<LogLine> {
    let value: Value = serde_json::from_str(line).ok()?;
    let text = match value.get("MESSAGE")? {
        Value::String(text) => text.clone(),
        Value::Array(bytes) => {
            let bytes: Vec<u8> = bytes
                .iter()
                .filter_map(|byte| byte.as_u64().and_then(|b| u8::try_from(b).ok()))
                .collect();
            String::from_utf8_lossy(&bytes).into_owned()
        }
        _ => return None,
    };
    let at = value
        .get("__REALTIME_TIMESTAMP")
        .and_then(Value::as_str)
        .and_then(|micros| micros.parse::<i64>().ok())
        .and_then(DateTime::<Utc>::from_timestamp_micros);
    Some(LogLine { at, text })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_as_text_or_bytes_with_their_time() {
        let output = concat!(
            r#"{"__REALTIME_TIMESTAMP":"1764940000000000","MESSAGE":"Checking for jobs... forbidden"}"#,
            "\n",
            r#"{"__REALTIME_TIMESTAMP":"1764940001000000","MESSAGE":[104,105,255]}"#,
            "\nnot json\n",
            r#"{"MESSAGE":null}"#,
            "\n"
        );
        let lines = parse(output);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "Checking for jobs... forbidden");
        assert_eq!(lines[0].at.map(|at| at.timestamp()), Some(1_764_940_000));
        assert_eq!(lines[1].text, "hi\u{fffd}");
    }
}
