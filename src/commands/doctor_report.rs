//! doctor's report for a person: the summary line first (so a long report starts with its
//! verdict) and last; then the findings by severity and subject, the jobs of one cause
//! together (`doctor_groups`); then what was checked.

use console::Style;

use super::doctor_groups::{Entry, entries, fixes, job_names};
use super::doctor_headline::headline;
use crate::doctor::{Report, Severity};

/// How many jobs an entry of one cause names, and how many of its distinct fixes it shows.
const JOBS_NAMED: usize = 5;
const FIXES_SHOWN: usize = 3;

/// What `--severity` left out of the report: the level given, and how many warnings and
/// notes it hid.
pub(super) struct Hidden {
    pub level: Severity,
    pub warnings: usize,
    pub notes: usize,
}

pub(super) fn render(report: &Report, hidden: &Hidden, ungrouped: bool, colored: bool) -> String {
    let paint = |text: &str, style: Style| {
        if colored {
            style.force_styling(true).apply_to(text).to_string()
        } else {
            text.to_string()
        }
    };
    let summary = summary_line(report, hidden);
    let summary_style = if report.has_errors() {
        Style::new().red().bold()
    } else if report.findings.is_empty() && hidden.warnings + hidden.notes == 0 {
        Style::new().green().bold()
    } else {
        Style::new().yellow().bold()
    };
    let summary = paint(&summary, summary_style);
    let mut out = String::new();
    if !report.findings.is_empty() {
        out.push_str(&format!("{summary}\n\n"));
    }
    for group in report.grouped() {
        let (heading, style) = match group.severity {
            Severity::Error => ("Errors", Style::new().red().bold()),
            Severity::Warning => ("Warnings", Style::new().yellow().bold()),
            Severity::Info => ("Notes", Style::new().cyan().bold()),
        };
        out.push_str(&format!("{}\n", paint(heading, style.clone())));
        for entry in entries(group.subjects, ungrouped) {
            match entry {
                Entry::Subject(subject, findings) => {
                    let subject = paint(&subject.to_string(), Style::new().bold());
                    out.push_str(&format!("  {subject}\n"));
                    for finding in findings {
                        let id = paint(finding.id.as_str(), style.clone());
                        out.push_str(&format!("    {id} {}\n", finding.summary));
                        if !finding.fix.is_empty() {
                            out.push_str(&format!("      fix: {}\n", finding.fix));
                        }
                    }
                }
                Entry::Jobs(jobs) => {
                    let title = paint(&headline(&jobs), Style::new().bold());
                    out.push_str(&format!("  {title}\n"));
                    let id = paint(jobs[0].id.as_str(), style.clone());
                    let (names, more) = job_names(&jobs, JOBS_NAMED);
                    let more = match more {
                        0 => String::new(),
                        n => format!(" and {n} more (--ungrouped lists each)"),
                    };
                    out.push_str(&format!("    {id} {names}{more}\n"));
                    let fixes = fixes(&jobs);
                    for fix in fixes.iter().take(FIXES_SHOWN) {
                        out.push_str(&format!("      fix: {fix}\n"));
                    }
                    if fixes.len() > FIXES_SHOWN {
                        out.push_str(&format!(
                            "      and {} other fixes for other projects or refs (--ungrouped \
                             shows each job's)\n",
                            fixes.len() - FIXES_SHOWN
                        ));
                    }
                }
            }
        }
        out.push('\n');
    }
    let checked = &report.checked;
    out.push_str(&format!(
        "Checked {}, {}, {}, {}.\n{summary}\n",
        plural(checked.config_entries, "config entry", "config entries"),
        plural(checked.runners, "runner", "runners"),
        plural(checked.projects, "project", "projects"),
        plural(checked.pending_jobs, "pending job", "pending jobs"),
    ));
    out
}

/// The report's summary line, saying what `--severity` left out: "No errors found; 2
/// warnings not shown (--severity error)." rather than "No problems found."
fn summary_line(report: &Report, hidden: &Hidden) -> String {
    let line = report.summary_line();
    let counts: Vec<String> = [
        (hidden.warnings, "warning", "warnings"),
        (hidden.notes, "note", "notes"),
    ]
    .into_iter()
    .filter(|(count, _, _)| *count > 0)
    .map(|(count, one, many)| plural(count, one, many))
    .collect();
    if counts.is_empty() {
        return line;
    }
    let (line, period) = match line.strip_suffix('.') {
        Some(line) => (line.to_string(), "."),
        None => (line, ""),
    };
    let nothing = match hidden.level {
        Severity::Warning => "No errors or warnings found",
        _ => "No errors found",
    };
    let line = line.replacen("No problems found", nothing, 1);
    format!(
        "{line}; {} not shown (--severity {}){period}",
        counts.join(" and "),
        hidden.level.as_str()
    )
}

fn plural(count: usize, one: &str, many: &str) -> String {
    match count {
        1 => format!("1 {one}"),
        _ => format!("{count} {many}"),
    }
}
