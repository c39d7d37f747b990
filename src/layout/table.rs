//! A table laid out to fit a width: each column at least as wide as its widest unbreakable word, the room
//! left given first to the columns it makes one line high, then shared by the rest. A table that cannot
//! fit without cutting a word says so (`None`), and the caller picks another shape.

use std::collections::HashMap;

use super::wrap::{longest_piece, wrap};
use super::{Screen, Tone};

/// One cell: its text (`\n` starts a new line in it) and how it is coloured on a terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub tone: Tone,
}

impl Cell {
    pub fn new(text: impl Into<String>, tone: Tone) -> Cell {
        Cell {
            text: text.into(),
            tone,
        }
    }

    pub fn plain(text: impl Into<String>) -> Cell {
        Cell::new(text, Tone::Plain)
    }
}

/// A header row and body rows, all of the header's length.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub header: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
}

/// The characters a table is drawn with.
struct Borders {
    top: [&'static str; 3],
    rule: [&'static str; 3],
    bottom: [&'static str; 3],
    line: &'static str,
    bar: &'static str,
}

const BOX: Borders = Borders {
    top: ["┌", "┬", "┐"],
    rule: ["├", "┼", "┤"],
    bottom: ["└", "┴", "┘"],
    line: "─",
    bar: "│",
};

const ASCII: Borders = Borders {
    top: ["+", "+", "+"],
    rule: ["+", "+", "+"],
    bottom: ["+", "+", "+"],
    line: "-",
    bar: "|",
};

impl Table {
    /// The table's lines, every one at most `screen.columns` wide; `None` when it cannot fit without
    /// cutting a word.
    pub fn render(&self, screen: &Screen) -> Option<Vec<String>> {
        let count = self.header.len();
        if count == 0 {
            return Some(Vec::new());
        }
        let overhead = 3 * count + 1;
        let all_rows = || std::iter::once(&self.header).chain(&self.rows);
        let mut least = vec![1; count];
        let mut most = vec![1; count];
        for row in all_rows() {
            for (column, cell) in row.iter().enumerate().take(count) {
                for line in cell.text.split('\n') {
                    least[column] = least[column].max(longest_piece(line, screen.ambiguous_wide));
                    most[column] = most[column].max(screen.width(line));
                }
            }
        }
        let room = screen
            .columns
            .checked_sub(overhead + least.iter().sum::<usize>())?;
        let widths = share(self, &least, &most, room, screen);
        let borders = if screen.ascii || screen.ambiguous_wide {
            &ASCII
        } else {
            &BOX
        };
        let laid: Vec<Vec<Vec<String>>> = all_rows()
            .map(|row| {
                widths
                    .iter()
                    .enumerate()
                    .map(|(column, width)| {
                        row.get(column).map_or_else(Vec::new, |cell| {
                            cell.text
                                .split('\n')
                                .flat_map(|line| wrap(line, *width, "", "", screen.ambiguous_wide))
                                .collect()
                        })
                    })
                    .collect()
            })
            .collect();
        let tall_rows = laid
            .iter()
            .skip(1)
            .any(|row| row.iter().any(|cell| cell.len() > 1));
        let rule = |ends: &[&str; 3]| {
            let parts: Vec<String> = widths
                .iter()
                .map(|width| borders.line.repeat(width + 2))
                .collect();
            format!("{}{}{}", ends[0], parts.join(ends[1]), ends[2])
        };
        let mut lines = vec![rule(&borders.top)];
        for (index, row) in laid.iter().enumerate() {
            if index == 1 || (index > 1 && tall_rows) {
                lines.push(rule(&borders.rule));
            }
            let source = if index == 0 {
                &self.header
            } else {
                &self.rows[index - 1]
            };
            let height = row.iter().map(Vec::len).max().unwrap_or(1).max(1);
            for at in 0..height {
                let mut line = String::from(borders.bar);
                for (column, width) in widths.iter().enumerate() {
                    let text = row[column].get(at).map_or("", String::as_str);
                    let pad = width.saturating_sub(screen.width(text));
                    let tone = source.get(column).map_or(Tone::Plain, |cell| cell.tone);
                    let tone = if index == 0 { Tone::Strong } else { tone };
                    line.push(' ');
                    line.push_str(&screen.paint(text, tone));
                    line.push_str(&" ".repeat(pad + 1));
                    line.push_str(borders.bar);
                }
                lines.push(line);
            }
        }
        lines.push(rule(&borders.bottom));
        Some(lines)
    }
}

/// Column widths: each column's least width, then `room` more given where it saves the most lines — the
/// column whose next few columns of width make the table shortest per column spent. Room that saves no
/// line is left unused: a table may be narrower than the screen.
fn share(
    table: &Table,
    least: &[usize],
    most: &[usize],
    mut room: usize,
    screen: &Screen,
) -> Vec<usize> {
    let mut widths = least.to_vec();
    let rows: Vec<&Vec<Cell>> = std::iter::once(&table.header).chain(&table.rows).collect();
    let mut heights: HashMap<(usize, usize, usize), usize> = HashMap::new();
    // The lines a cell takes at a width, each worked out once.
    let mut height_at = |row: usize, column: usize, width: usize| -> usize {
        *heights.entry((row, column, width)).or_insert_with(|| {
            rows[row].get(column).map_or(1, |cell| {
                cell.text
                    .split('\n')
                    .map(|line| wrap(line, width, "", "", screen.ambiguous_wide).len())
                    .sum()
            })
        })
    };
    while room > 0 {
        let now: Vec<Vec<usize>> = (0..rows.len())
            .map(|row| {
                (0..widths.len())
                    .map(|column| height_at(row, column, widths[column]))
                    .collect()
            })
            .collect();
        let current: usize = now
            .iter()
            .map(|row| row.iter().copied().max().unwrap_or(1))
            .sum();
        // (lines saved per column spent, column, new width)
        let mut best: Option<(f64, usize, usize)> = None;
        for column in 0..widths.len() {
            // Each row's height without this column: what widening it cannot go below.
            let others: Vec<usize> = now
                .iter()
                .map(|row| {
                    row.iter()
                        .enumerate()
                        .filter(|(other, _)| *other != column)
                        .map(|(_, height)| *height)
                        .max()
                        .unwrap_or(1)
                })
                .collect();
            let reach = most[column].min(widths[column] + room);
            for width in widths[column] + 1..=reach {
                let shorter: usize = (0..rows.len())
                    .map(|row| others[row].max(height_at(row, column, width)))
                    .sum();
                if shorter < current {
                    let gain = (current - shorter) as f64 / (width - widths[column]) as f64;
                    if best.is_none_or(|(known, ..)| gain > known) {
                        best = Some((gain, column, width));
                    }
                    break;
                }
            }
        }
        let Some((_, column, width)) = best else {
            break;
        };
        room -= width - widths[column];
        widths[column] = width;
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(columns: usize) -> Screen {
        Screen {
            columns,
            ..Screen::plain(columns)
        }
    }

    fn table() -> Table {
        Table {
            header: vec![Cell::plain("case"), Cell::plain("create_bot")],
            rows: vec![
                vec![
                    Cell::plain("scope Connector.botChat"),
                    Cell::plain("❌\u{a0}denied_permission"),
                ],
                vec![Cell::plain("no scope"), Cell::plain("✅\u{a0}ok")],
            ],
        }
    }

    #[test]
    fn fits_the_width_and_keeps_words_whole() {
        let lines = table().render(&screen(44)).expect("fits");
        for line in &lines {
            assert!(screen(44).width(line) <= 44, "{line}");
        }
        assert!(
            lines
                .iter()
                .any(|line| line.contains("❌ denied_permission"))
        );
        assert!(lines.iter().any(|line| line.contains("Connector.botChat")));
        let wide = table().render(&screen(100)).expect("fits");
        assert_eq!(wide.len(), 6, "{wide:#?}");
    }

    #[test]
    fn a_table_too_wide_for_its_words_does_not_render() {
        assert!(table().render(&screen(30)).is_none());
    }

    #[test]
    fn ascii_and_cjk_terminals_get_ascii_borders() {
        let ascii = Screen {
            ascii: true,
            ..screen(60)
        };
        let lines = table().render(&ascii).expect("fits");
        assert!(lines[0].starts_with("+-"), "{lines:#?}");
        let cjk = Screen {
            ambiguous_wide: true,
            ..screen(60)
        };
        assert!(table().render(&cjk).expect("fits")[1].starts_with("| "));
    }

    #[test]
    fn room_goes_where_it_saves_lines() {
        let table = Table {
            header: vec![Cell::plain("a"), Cell::plain("b")],
            rows: vec![vec![Cell::plain("one two three four"), Cell::plain("x")]],
        };
        let screen = Screen::plain(80);
        assert_eq!(share(&table, &[5, 1], &[18, 1], 40, &screen), [18, 1]);
        // Room that saves nothing stays unused.
        assert_eq!(share(&table, &[18, 1], &[18, 1], 40, &screen), [18, 1]);
    }
}
