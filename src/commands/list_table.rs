//! `list`'s table: the chosen columns, one line per runner, cut to fit the terminal.

use chrono::{DateTime, Utc};

use crate::cli::ListColumn;
use crate::ops::list::ListedRunner;

pub(super) const DEFAULT_COLUMNS: &[ListColumn] = &[
    ListColumn::Id,
    ListColumn::Type,
    ListColumn::Status,
    ListColumn::Paused,
    ListColumn::Here,
    ListColumn::Tags,
    ListColumn::Contacted,
    ListColumn::Description,
];

pub(super) fn terminal_width() -> Option<usize> {
    console::Term::stdout()
        .size_checked()
        .map(|(_, columns)| usize::from(columns))
}

fn header(column: ListColumn) -> &'static str {
    match column {
        ListColumn::Id => "ID",
        ListColumn::Type => "TYPE",
        ListColumn::Status => "STATUS",
        ListColumn::Paused => "PAUSED",
        ListColumn::Here => "HERE",
        ListColumn::Tags => "TAGS",
        ListColumn::Contacted => "CONTACTED",
        ListColumn::Description => "DESCRIPTION",
    }
}

fn cell(column: ListColumn, runner: &ListedRunner, now: DateTime<Utc>) -> String {
    let yes_no = |yes: bool| if yes { "yes" } else { "no" }.to_string();
    match column {
        ListColumn::Id => runner.id.to_string(),
        ListColumn::Type => runner.runner_type.as_str().trim_end_matches("_type").into(),
        ListColumn::Status => runner.status.as_str().to_string(),
        ListColumn::Paused => yes_no(runner.paused),
        ListColumn::Here => yes_no(runner.registered_here),
        ListColumn::Tags if runner.tag_list.is_empty() => "-".to_string(),
        ListColumn::Tags => runner.tag_list.join(","),
        ListColumn::Contacted => contacted(runner.contacted_at.as_deref(), now),
        ListColumn::Description => runner.description.clone().unwrap_or_default(),
    }
}

/// The last contact as a time ago, in its largest whole unit: "40s ago", "5m ago", "3h ago",
/// "12d ago"; "never" without one. A time GitLab wrote that does not parse is shown as is.
pub(super) fn contacted(at: Option<&str>, now: DateTime<Utc>) -> String {
    let Some(text) = at else {
        return "never".to_string();
    };
    let Ok(at) = DateTime::parse_from_rfc3339(text) else {
        return text.to_string();
    };
    let seconds = (now - at.with_timezone(&Utc)).num_seconds().max(0);
    match seconds {
        0..60 => format!("{seconds}s ago"),
        60..3600 => format!("{}m ago", seconds / 60),
        3600..86400 => format!("{}h ago", seconds / 3600),
        _ => format!("{}d ago", seconds / 86400),
    }
}

/// A table of `columns` whose lines are cut to fit the terminal (the last column loses
/// first); without a terminal nothing is cut.
pub(super) fn render_table(
    runners: &[ListedRunner],
    columns: &[ListColumn],
    width: Option<usize>,
    now: DateTime<Utc>,
) -> String {
    let headers: Vec<&str> = columns.iter().map(|&column| header(column)).collect();
    let rows: Vec<Vec<String>> = runners
        .iter()
        .map(|runner| columns.iter().map(|&c| cell(c, runner, now)).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (column, cell) in row.iter().enumerate() {
            widths[column] = widths[column].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut text = String::new();
        for (column, cell) in cells.iter().enumerate() {
            if column + 1 == cells.len() {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<width$}  ", width = widths[column]));
            }
        }
        let text = text.trim_end().to_string();
        match width {
            Some(width) if text.chars().count() > width && width > 1 => {
                let mut cut: String = text.chars().take(width - 1).collect();
                cut.push('…');
                cut
            }
            _ => text,
        }
    };
    let mut out = line(headers);
    out.push('\n');
    for row in &rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
