//! Word wrapping to a display width with a hanging indent. Lines break at spaces, and between CJK
//! characters (never before closing punctuation or after opening punctuation); a word is cut only when it
//! alone is wider than the line. A no-break space (U+00A0) glues two words (`✅ ok`) and prints as a space.
//!
//! The widths are those of [`super::width`], so a zh terminal's wide ambiguous characters are counted as it
//! shows them. The texts given are already clean (no control characters): the layout measures what it gets.
//! Every text is redacted before it is measured or cut: a secret split across two lines would no longer
//! be one the redactor could find when the output is printed.

use super::width::{is_wide, width};

/// Glues two words so that a line never breaks between them; printed as a plain space.
pub const GLUE: char = '\u{a0}';

/// No line starts with one of these.
const NO_BREAK_BEFORE: &str = "，。、；：！？）」』》】〉”’…,.;:!?)]}'\"%";
/// No line ends with one of these.
const NO_BREAK_AFTER: &str = "（「『《【〈“‘([{`";

/// Wraps one paragraph to `columns`: the first line starts with `first`, the next ones with `rest`.
pub fn wrap(
    text: &str,
    columns: usize,
    first: &str,
    rest: &str,
    ambiguous_wide: bool,
) -> Vec<String> {
    let text = crate::redact::redact(text);
    let measure = |text: &str| width(text, ambiguous_wide);
    // An indent that leaves no room is dropped rather than looping forever.
    let first = if measure(first) < columns { first } else { "" };
    let rest = if measure(rest) + 4 <= columns {
        rest
    } else {
        ""
    };
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut used = measure(first);
    // Where the current line's text starts.
    let mut indent = used;
    let mut empty = true;
    for word in text.split(' ').filter(|word| !word.is_empty()) {
        for (index, piece) in pieces(word).into_iter().enumerate() {
            let space = usize::from(index == 0 && !empty);
            let piece_width = measure(piece);
            if used + space + piece_width <= columns {
                if space == 1 {
                    line.push(' ');
                }
                line.push_str(piece);
                used += space + piece_width;
                empty = false;
                continue;
            }
            if !empty {
                lines.push(finish(&line));
                line = rest.to_string();
                used = measure(rest);
                indent = used;
            }
            if used + piece_width <= columns {
                line.push_str(piece);
                used += piece_width;
            } else {
                // Wider than a whole line: cut it where the line ends.
                for cluster in clusters(piece) {
                    let cluster_width = measure(cluster);
                    if used + cluster_width > columns && used > indent {
                        lines.push(finish(&line));
                        line = rest.to_string();
                        used = measure(rest);
                        indent = used;
                    }
                    line.push_str(cluster);
                    used += cluster_width;
                }
            }
            empty = false;
        }
    }
    if !empty || lines.is_empty() {
        lines.push(finish(&line));
    }
    lines
}

/// The widest piece of `text` no line may break: the narrowest column that holds it without cutting a word.
pub fn longest_piece(text: &str, ambiguous_wide: bool) -> usize {
    crate::redact::redact(text)
        .split(' ')
        .flat_map(pieces)
        .map(|piece| width(piece, ambiguous_wide))
        .max()
        .unwrap_or(0)
}

/// One formatted line fitted to `columns`: as it is when it fits, else wrapped under its own indent — the
/// text after a list marker (`- `, `1. `, `[2] `) when it has one, else two columns further in.
pub fn fit_line(line: &str, columns: usize, ambiguous_wide: bool) -> Vec<String> {
    if width(line, ambiguous_wide) <= columns {
        return vec![line.to_string()];
    }
    let body = line.trim_start_matches(' ');
    let indent = line.len() - body.len();
    let marker = list_marker(body);
    let (first, text) = line.split_at(indent + marker);
    let hanging = if marker > 0 {
        indent + marker
    } else {
        indent + 2
    };
    let rest = " ".repeat(hanging.min(columns / 3));
    wrap(text, columns, first, &rest, ambiguous_wide)
}

/// The byte length of a list marker at the start of `text`, with its space: `- `, `* `, `• `, `12. `,
/// `3) `, `[4] `; 0 when there is none.
fn list_marker(text: &str) -> usize {
    for bullet in ["- ", "* ", "• "] {
        if text.starts_with(bullet) {
            return bullet.len();
        }
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let after = &text[digits..];
        if after.starts_with(". ") || after.starts_with(") ") {
            return digits + 2;
        }
    }
    if let Some(inner) = text.strip_prefix('[') {
        let digits = inner.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && inner[digits..].starts_with("] ") {
            return digits + 3;
        }
    }
    0
}

/// A word split where a line may break without a space: around CJK characters.
fn pieces(word: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    for (at, c) in word.char_indices() {
        if let Some(before) = previous {
            let boundary = (is_wide(before) || is_wide(c))
                && !NO_BREAK_BEFORE.contains(c)
                && !NO_BREAK_AFTER.contains(before)
                && !is_joiner(c);
            if boundary {
                pieces.push(&word[start..at]);
                start = at;
            }
        }
        previous = Some(c);
    }
    if start < word.len() {
        pieces.push(&word[start..]);
    }
    pieces
}

/// Characters drawn with the one before them (variation selectors, joiners, combining marks).
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '\u{fe0e}' | '\u{fe0f}' | '\u{200d}' | '\u{0300}'..='\u{036f}'
    )
}

/// `text` in the units a cut may fall between: a character with its variation selectors and marks.
fn clusters(text: &str) -> Vec<&str> {
    let mut clusters = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices().skip(1) {
        if !is_joiner(c) {
            clusters.push(&text[start..at]);
            start = at;
        }
    }
    if start < text.len() {
        clusters.push(&text[start..]);
    }
    clusters
}

fn finish(line: &str) -> String {
    line.trim_end_matches(' ').replace(GLUE, " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_at_spaces_with_a_hanging_indent() {
        let lines = wrap(
            "Omit the scope key: the token then carries every permission configured on the app.",
            30,
            "Fix: ",
            "     ",
            false,
        );
        assert_eq!(
            lines,
            [
                "Fix: Omit the scope key: the",
                "     token then carries every",
                "     permission configured on",
                "     the app."
            ]
        );
    }

    #[test]
    fn a_word_is_cut_only_when_it_alone_is_too_wide() {
        let lines = wrap("id 20261202025615B608066021FB158FA3DF", 12, "", "", false);
        assert!(
            lines.iter().all(|line| width(line, false) <= 12),
            "{lines:?}"
        );
        assert_eq!(lines[0], "id");
        assert_eq!(lines.concat(), "id20261202025615B608066021FB158FA3DF");
    }

    #[test]
    fn chinese_breaks_between_characters_but_not_before_closing_punctuation() {
        let text = "未发送 `scope`，令牌携带应用上配置的全部权限。";
        for columns in 10..30 {
            let lines = wrap(text, columns, "", "", true);
            for line in &lines {
                assert!(width(line, true) <= columns, "{columns}: {lines:?}");
                assert!(!line.starts_with(['，', '。']), "{columns}: {lines:?}");
            }
            assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        }
    }

    #[test]
    fn glued_words_stay_together() {
        let lines = wrap("a ❌\u{a0}denied_permission", 20, "", "", false);
        assert_eq!(lines, ["a", "❌ denied_permission"]);
        assert_eq!(longest_piece("❌\u{a0}denied_permission 4101", false), 20);
    }

    #[test]
    fn fitted_lines_hang_under_their_marker() {
        let lines = fit_line(
            "  1. A scope never adds permissions: a scoped token carries only what it grants.",
            40,
            false,
        );
        assert_eq!(lines[0], "  1. A scope never adds permissions: a");
        assert!(lines[1..].iter().all(|line| line.starts_with("     ")));
        assert_eq!(fit_line("short", 40, false), ["short"]);
    }

    #[test]
    fn a_secret_is_masked_before_it_is_cut() {
        let token = format!("pat_{}", "Q".repeat(120));
        let jwt = format!("eyJhbGciOiJSUzI1NiJ9.{}.{}", "e".repeat(80), "s".repeat(80));
        for columns in [12, 20, 40] {
            let lines = wrap(
                &format!("logid: Bearer {jwt} {token}"),
                columns,
                "",
                "",
                false,
            );
            let shown = lines.join("\n");
            assert!(!shown.contains("QQQQQQ"), "{columns}: {shown}");
            assert!(!shown.contains("eeeeee"), "{columns}: {shown}");
            assert!(!shown.contains("ssssss"), "{columns}: {shown}");
        }
        assert_eq!(longest_piece(&token, false), "pat_[REDACTED]".len());
    }
}
