//! Markdown as a terminal shows it: each pipe table laid out as a [`Table`] that fits the screen (a table
//! too wide for its words becomes one block per row, `header: value` under each other), every other line
//! fitted with its hanging indent. For commands whose answer is a markdown document (`diff`).

use super::{Cell, Screen, Table};

/// `markdown` laid out for `screen`.
pub fn to_terminal(markdown: &str, screen: &Screen) -> String {
    let mut out = String::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    for line in markdown.lines() {
        if let Some(cells) = table_row(line) {
            // The `|---|---|` rule under the header is drawn by the table itself.
            if !cells
                .iter()
                .all(|cell| !cell.is_empty() && cell.chars().all(|c| matches!(c, '-' | ':')))
            {
                table.push(cells);
            }
            continue;
        }
        flush(&mut out, &mut table, screen);
        out.push_str(&screen.fit(line));
        out.push('\n');
    }
    flush(&mut out, &mut table, screen);
    out
}

/// The cells of a pipe-table line (`| a | b |`), escaped pipes restored; `None` for any other line.
fn table_row(line: &str) -> Option<Vec<String>> {
    let inner = line.trim().strip_prefix('|')?.strip_suffix('|')?;
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell).trim().to_string()),
            c => cell.push(c),
        }
    }
    cells.push(cell.trim().to_string());
    Some(cells)
}

/// Lays out the table gathered so far, if any.
fn flush(out: &mut String, rows: &mut Vec<Vec<String>>, screen: &Screen) {
    if rows.is_empty() {
        return;
    }
    let mut rows = std::mem::take(rows).into_iter();
    let header: Vec<String> = rows.next().unwrap_or_default();
    let body: Vec<Vec<String>> = rows.collect();
    let table = Table {
        header: header.iter().map(Cell::plain).collect(),
        rows: body
            .iter()
            .map(|row| row.iter().map(Cell::plain).collect())
            .collect(),
    };
    if let Some(lines) = table.render(screen) {
        for line in lines {
            out.push_str(&line);
            out.push('\n');
        }
        return;
    }
    for row in &body {
        let mut first = true;
        for (name, value) in header.iter().zip(row) {
            if value.is_empty() {
                continue;
            }
            let marker = if first { "- " } else { "  " };
            first = false;
            let label = if name.is_empty() {
                String::new()
            } else {
                format!("{name}: ")
            };
            out.push_str(&screen.labelled(marker, &label, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIFF: &str = "# diff\n\n| case | probe | before | after |\n|---|---|---|---|\n| chat-only PAT | `create_bot` | `denied_permission` | `ok` |\n| a \\| b | `list_bots` | `denied_permission` | — |\n\n- a finding whose sentence is long enough to need wrapping on a narrow screen\n";

    #[test]
    fn tables_fit_and_prose_wraps() {
        let screen = Screen::plain(60);
        let shown = to_terminal(DIFF, &screen);
        assert!(
            shown.lines().all(|line| screen.width(line) <= 60),
            "{shown}"
        );
        assert!(shown.contains("│ a | b "), "{shown}");
        assert!(!shown.contains("|---|"), "{shown}");
        assert!(shown.contains("\n  on a narrow screen"), "{shown}");
    }

    #[test]
    fn a_table_too_wide_becomes_blocks() {
        let screen = Screen::plain(30);
        let shown = to_terminal(DIFF, &screen);
        assert!(
            shown.lines().all(|line| screen.width(line) <= 30),
            "{shown}"
        );
        assert!(shown.contains("- case: chat-only PAT"), "{shown}");
    }
}
