//! `list`'s table: one line per runner, the description cut to fit the terminal.

use crate::ops::list::ListedRunner;

pub(super) fn terminal_width() -> Option<usize> {
    console::Term::stdout()
        .size_checked()
        .map(|(_, columns)| usize::from(columns))
}

/// A table whose last column (the description) is cut to fit the terminal; without a
/// terminal nothing is cut.
pub(super) fn render_table(runners: &[ListedRunner], width: Option<usize>) -> String {
    if runners.is_empty() {
        return "No runners.\n".to_string();
    }
    let headers = [
        "ID",
        "TYPE",
        "STATUS",
        "PAUSED",
        "HERE",
        "TAGS",
        "DESCRIPTION",
    ];
    let rows: Vec<[String; 7]> = runners
        .iter()
        .map(|runner| {
            [
                runner.id.to_string(),
                runner
                    .runner_type
                    .as_str()
                    .trim_end_matches("_type")
                    .to_string(),
                runner.status.as_str().to_string(),
                if runner.paused { "yes" } else { "no" }.to_string(),
                if runner.registered_here { "yes" } else { "no" }.to_string(),
                if runner.tag_list.is_empty() {
                    "-".to_string()
                } else {
                    runner.tag_list.join(",")
                },
                runner.description.clone().unwrap_or_default(),
            ]
        })
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
    let mut out = line(headers.to_vec());
    out.push('\n');
    for row in &rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact_state::ContactState;
    use crate::gitlab::RunnerType;

    fn runner(id: u64, description: &str) -> ListedRunner {
        ListedRunner {
            id,
            description: Some(description.to_string()),
            runner_type: RunnerType::GroupType,
            status: ContactState::Online,
            paused: false,
            tag_list: vec!["gpu".into()],
            run_untagged: true,
            contacted_at: None,
            registered_here: true,
        }
    }

    #[test]
    fn table_lines_fit_the_terminal() {
        let table = render_table(&[runner(1, &"long description ".repeat(10))], Some(60));
        for line in table.lines() {
            assert!(line.chars().count() <= 60, "{line}");
        }
        assert!(table.contains("group"));
    }

    #[test]
    fn without_a_terminal_nothing_is_cut() {
        let description = "d".repeat(300);
        assert!(render_table(&[runner(1, &description)], None).contains(&description));
    }
}
