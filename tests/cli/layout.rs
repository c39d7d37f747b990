//! What the terminal shows, as a user reads it: every stdout line within `COLUMNS` (CJK wide and ambiguous
//! characters counted as a zh terminal draws them), no outcome word or probe name cut, verdicts first,
//! colour only where it belongs, ASCII on a dumb terminal, JSON for scripts, and the 80- and 120-column
//! forms of each command as snapshots.

use unicode_width::UnicodeWidthStr;

/// Display width as the terminal draws it: ambiguous characters (and `↪`) two columns wide in a zh
/// terminal.
pub fn display_width(line: &str, zh: bool) -> usize {
    if zh {
        line.width_cjk() + line.matches('↪').count()
    } else {
        line.width()
    }
}

/// Every line of `stdout` is at most `columns` wide and cuts no outcome word or probe name.
pub fn assert_fits(stdout: &str, columns: usize, zh: bool) {
    let words: Vec<&str> = cozescope::outcome::Outcome::ALL
        .iter()
        .map(|outcome| outcome.as_str())
        .chain(cozescope::probe::ProbeKind::ALL.iter().map(|kind| kind.name()))
        .collect();
    for line in stdout.lines() {
        let width = display_width(line, zh);
        assert!(width <= columns, "{width} > {columns} columns: {line}\n{stdout}");
        for token in line.split(|c: char| c.is_whitespace() || "│|,()".contains(c)) {
            let cut = words
                .iter()
                .any(|word| token.len() >= 4 && word.len() > token.len() && word.starts_with(token) && !word[token.len()..].starts_with('_') );
            assert!(!cut, "`{token}` is a word cut in two: {line}\n{stdout}");
        }
    }
}
