//! doctor's human output at fleet scale: the pending jobs of one cause (same finding, same
//! remedy: `Finding::cause`) become one entry with one headline, instead of one entry a job.

use std::collections::{BTreeMap, BTreeSet};

use crate::doctor::{Finding, Subject};

/// One entry of a severity's section.
#[derive(Debug)]
pub(super) enum Entry<'a> {
    /// A subject with its findings, as without grouping.
    Subject(&'a Subject, Vec<&'a Finding>),
    /// Two or more jobs of one cause, in subject order.
    Jobs(Vec<&'a Finding>),
}

/// The subjects of one severity (in the report's order) as entries: each cause shared by
/// two or more jobs is one entry, where its first job was; `ungrouped` keeps every subject.
pub(super) fn entries<'a>(
    subjects: Vec<(&'a Subject, Vec<&'a Finding>)>,
    ungrouped: bool,
) -> Vec<Entry<'a>> {
    // Each pending job has exactly one job finding, so a job's cause is its finding's.
    let job_finding = |findings: &[&'a Finding]| match findings {
        [finding] if finding.id.is_job() && !ungrouped => Some(*finding),
        _ => None,
    };
    let mut by_cause: BTreeMap<String, Vec<&'a Finding>> = BTreeMap::new();
    for (_, findings) in &subjects {
        if let Some(finding) = job_finding(findings) {
            by_cause.entry(finding.cause()).or_default().push(finding);
        }
    }
    let mut placed = BTreeSet::new();
    let mut entries = Vec::new();
    for (subject, findings) in subjects {
        if let Some(finding) = job_finding(&findings) {
            let cause = finding.cause();
            if let Some(jobs) = by_cause.get(&cause).filter(|jobs| jobs.len() > 1) {
                if placed.insert(cause) {
                    entries.push(Entry::Jobs(jobs.clone()));
                }
                continue;
            }
        }
        entries.push(Entry::Subject(subject, findings));
    }
    entries
}

/// The jobs of an entry as a short list, "in team/app: build (#1001), test (#1002)" when
/// they share a project, else "build (#1001) in team/app, …"; and how many are past `shown`.
pub(super) fn job_names(jobs: &[&Finding], shown: usize) -> (String, usize) {
    fn project_of<'a>(finding: &&'a Finding) -> Option<&'a str> {
        match &finding.subject {
            Subject::Job { project, .. } => Some(project.as_str()),
            _ => None,
        }
    }
    let first = jobs.first().and_then(project_of);
    let one_project = first.filter(|first| jobs.iter().all(|j| project_of(j) == Some(first)));
    let names: Vec<String> = jobs
        .iter()
        .take(shown)
        .map(|finding| match (&finding.subject, one_project) {
            (Subject::Job { id, name, .. }, Some(_)) => format!("{name} (#{id})"),
            (Subject::Job { id, project, name }, None) => format!("{name} (#{id}) in {project}"),
            (other, _) => other.to_string(),
        })
        .collect();
    let names = match one_project {
        Some(project) => format!("in {project}: {}", names.join(", ")),
        None => names.join(", "),
    };
    (names, jobs.len().saturating_sub(shown))
}

/// The distinct fixes of an entry's jobs, in order (a fix may name the job's project or ref).
pub(super) fn fixes<'a>(jobs: &[&'a Finding]) -> Vec<&'a str> {
    let mut fixes: Vec<&str> = Vec::new();
    for job in jobs {
        if !job.fix.is_empty() && !fixes.contains(&job.fix.as_str()) {
            fixes.push(&job.fix);
        }
    }
    fixes
}

#[cfg(test)]
mod tests;
