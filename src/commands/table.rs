//! A plain table for human output: a header line, then one line per row, columns padded to
//! their widest cell and two spaces apart.

pub(super) fn render(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (column, cell) in row.iter().enumerate() {
            if let Some(width) = widths.get_mut(column) {
                *width = (*width).max(cell.chars().count());
            }
        }
    }
    let line = |cells: &[&str]| -> String {
        let mut text = String::new();
        for (column, cell) in cells.iter().enumerate() {
            let width = widths.get(column).copied().unwrap_or(0);
            text.push_str(&format!("{cell:<width$}  "));
        }
        let mut text = text.trim_end().to_string();
        text.push('\n');
        text
    };
    let mut out = line(headers);
    for row in rows {
        out.push_str(&line(&row.iter().map(String::as_str).collect::<Vec<_>>()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_padded_to_the_widest_cell() {
        let rows = vec![
            vec!["https://a".to_string(), "1".to_string(), "x".to_string()],
            vec![
                "https://long.example".to_string(),
                "22".to_string(),
                String::new(),
            ],
        ];
        assert_eq!(
            render(&["URL", "ID", "NAME"], &rows),
            "URL                   ID  NAME\n\
             https://a             1   x\n\
             https://long.example  22\n"
        );
    }
}
