//! Reading the runner's own log for doctor: the journal of the runner's unit, or the file or
//! container the operator named; each line the catalogue knows becomes a [`LogEvent`].

use super::log_facts::{LogEvent, LongPollingConfig, RunnerLogFacts, Signal};
use crate::runner_log::{LogSource, ReadLimits, classify, clean_line, signatures::field};

/// Reads the log (`named`, else the journal of `units`) and classifies its lines. `secrets`
/// are redacted from every line kept. `None`, with a notice, when it cannot be read.
pub(super) fn read_runner_log(
    named: Option<&LogSource>,
    units: &[&str],
    secrets: &[&str],
    long_polling: impl FnOnce() -> Option<LongPollingConfig>,
    notices: &mut Vec<String>,
) -> Option<RunnerLogFacts> {
    let source = match named {
        Some(source) => source.clone(),
        None => LogSource::Journal {
            units: units.iter().map(|unit| unit.to_string()).collect(),
        },
    };
    let read = match crate::runner_log::read(&source, ReadLimits::default()) {
        Ok(read) => read,
        Err(error) => {
            notices.push(format!(
                "the runner's log was not read ({error}): its causes were not checked"
            ));
            return None;
        }
    };
    if let Some(partial) = read.partial {
        notices.push(format!("the runner's log was read only in part: {partial}"));
    }
    let events: Vec<LogEvent> = read
        .lines
        .iter()
        .filter_map(|line| {
            let text = clean_line(&line.text, secrets);
            let classified = classify(&text)?;
            Some(LogEvent {
                signal: classified.signal,
                runner: classified.runner,
                runner_name: field(&text, "runner_name"),
                url: classified.url,
                line: text.trim().to_string(),
                at: line.at,
            })
        })
        .collect();
    let long_polling = events
        .iter()
        .any(|event| event.signal == Signal::LongPolling)
        .then(long_polling)
        .flatten();
    Some(RunnerLogFacts {
        source: source.kind(),
        events,
        long_polling,
    })
}
