//! The runner log's part of the diagnosis: classified lines in, one `runner_log.*` finding per
//! cause and subject out, and the never-contacted causes the log proves. Pure.

use std::collections::BTreeMap;

use super::catalogue::{NeverContactedCause, Problem, Subject};
use super::findings::{LogRunner, RunnerLogFinding};
use super::log_facts::{LogCandidate, LogEvent, RunnerLogFacts, Signal};

/// The entry a line names: by a short form of its token (the whole `runner=` value, or the end
/// of `Runner "<url><short>"`), else by `runner_name=`.
pub(super) fn named_entry<'a>(
    event: &LogEvent,
    candidates: &'a [LogCandidate],
) -> Option<(&'a LogCandidate, Option<&'a str>)> {
    if let Some(runner) = &event.runner {
        for candidate in candidates {
            if let Some(form) = candidate
                .short_forms
                .iter()
                .find(|form| runner == *form || runner.ends_with(form.as_str()))
            {
                return Some((candidate, Some(form.as_str())));
            }
        }
    }
    let name = event.runner_name.as_deref()?;
    candidates
        .iter()
        .find(|candidate| candidate.name == name)
        .map(|candidate| (candidate, None))
}

/// One finding per signal and subject, with the newest line, its count and its time.
pub(super) fn log_problems(
    log: &RunnerLogFacts,
    candidates: &[LogCandidate],
    runner: LogRunner,
    config_path: Option<&str>,
) -> Vec<Problem> {
    let mut grouped: BTreeMap<(Signal, usize), RunnerLogFinding> = BTreeMap::new();
    for event in &log.events {
        let named = named_entry(event, candidates);
        let (key, subject, line) = match named {
            Some((candidate, form)) => (
                candidate.index,
                Subject::ConfigEntry {
                    index: candidate.index,
                    name: candidate.name.clone(),
                },
                match form {
                    Some(form) => event.line.replace(form, &candidate.name),
                    None => event.line.clone(),
                },
            ),
            None => (usize::MAX, Subject::Machine, event.line.clone()),
        };
        let finding = grouped
            .entry((event.signal, key))
            .or_insert_with(|| RunnerLogFinding {
                signal: event.signal,
                runner,
                subject,
                line: line.clone(),
                last_seen: event.at,
                count: 0,
                source: log.source,
                url: event.url.clone(),
                long_polling: (event.signal == Signal::LongPolling)
                    .then(|| log.long_polling.clone())
                    .flatten(),
                config_path: config_path.map(str::to_string),
            });
        finding.count += 1;
        // Lines come oldest first; a line without a time is taken as newer than none.
        if event.at >= finding.last_seen {
            finding.line = line;
            finding.last_seen = event.at.or(finding.last_seen);
            if event.url.is_some() {
                finding.url = event.url.clone();
            }
        }
    }
    grouped
        .into_values()
        .map(RunnerLogFinding::into_problem)
        .collect()
}

/// What the log says of why the entry at `index` never contacted its server: its token
/// refused (`token_rejected`), or the server not reached (`unreachable`).
pub(super) fn never_contacted_cause(
    log: Option<&RunnerLogFacts>,
    candidates: &[LogCandidate],
    index: usize,
) -> Option<NeverContactedCause> {
    let log = log?;
    let mut unreachable = false;
    for event in &log.events {
        let names_it = named_entry(event, candidates).is_some_and(|(c, _)| c.index == index);
        match event.signal {
            Signal::Forbidden if names_it => return Some(NeverContactedCause::TokenRejected),
            // A network or TLS error names the runner on gitlab-runner's lines, but a
            // machine-wide one (no runner named) concerns every entry too.
            Signal::Unreachable | Signal::Tls
                if names_it || (event.runner.is_none() && event.runner_name.is_none()) =>
            {
                unreachable = true
            }
            _ => {}
        }
    }
    unreachable.then_some(NeverContactedCause::Unreachable)
}
