//! The one control-character sanitiser, beside the redactor at the output boundary: no control character
//! from outside (a server's message, a scenario's title or case name, a file name, a pasted text) reaches a
//! terminal, a report or a log unescaped, so none can set a window title (OSC 0), write the clipboard
//! (OSC 52), hide a link (OSC 8), clear the screen, or reorder a line (bidi overrides).
//!
//! Escapes are visible and unambiguous: `\n`, `\r`, `\t`, `\x1b` (C0 and DEL), `\u{9b}` (C1, bidi and line
//! separators). [`value`] is for one value (a cell, a name: everything escaped, newlines too) and is what
//! layout code calls on each cell before measuring its width; [`lines`] is for text printed as lines (our
//! own newlines and tabs kept); [`json`] keeps JSON valid and lossless.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` must never reach an output raw: C0 and C1 controls, DEL, bidi controls, line separators.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `c` as a visible escape.
fn escape_into(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if u32::from(c) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// `text` with every character `escape` says so escaped, borrowed when there is none.
fn escaped(
    text: &str,
    escape: impl Fn(char) -> bool,
    write: fn(&mut String, char),
) -> Cow<'_, str> {
    let Some(first) = text.find(|c: char| escape(c)) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if escape(c) {
            write(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One value (a table cell, a name, a message on one line): every unsafe character escaped, newlines and
/// tabs included, so its width on a terminal is the width of what is shown.
pub fn value(text: &str) -> Cow<'_, str> {
    escaped(text, is_unsafe, escape_into)
}

/// Text printed as lines (a terminal summary, a log line, a markdown report): unsafe characters escaped
/// except the newlines and tabs that lay it out.
pub fn lines(text: &str) -> Cow<'_, str> {
    escaped(
        text,
        |c| is_unsafe(c) && !matches!(c, '\n' | '\t'),
        escape_into,
    )
}

/// JSON text (as serde_json writes it): the unsafe characters it leaves raw inside strings (C1, bidi,
/// line separators, DEL) become `\uXXXX`, so the document stays valid and reads back the same values.
pub fn json(text: &str) -> Cow<'_, str> {
    escaped(
        text,
        |c| is_unsafe(c) && !matches!(c, '\n' | '\t' | '\r'),
        |out, c| {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a\u{1b}]0;pwned\u{7}b\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}]8;;http://x\u{1b}\\l\u{1b}[2J\u{9b}31m\u{202e}z\r\n\t";

    #[test]
    fn values_escape_every_control_character_visibly() {
        let shown = value(HOSTILE);
        assert!(!shown.chars().any(is_unsafe), "{shown:?}");
        assert_eq!(
            shown,
            "a\\x1b]0;pwned\\x07b\\x1b]52;c;ZXZpbA==\\x07\\x1b]8;;http://x\\x1b\\l\\x1b[2J\\u{9b}31m\\u{202e}z\\r\\n\\t"
        );
        assert!(matches!(value("plain 中文 ✅"), Cow::Borrowed(_)));
    }

    #[test]
    fn lines_keep_their_newlines_and_tabs() {
        let shown = lines("one\ttwo\nthree\r\u{1b}[2J\n");
        assert_eq!(shown, "one\ttwo\nthree\\r\\x1b[2J\n");
    }

    #[test]
    fn json_stays_valid_and_lossless() {
        let written = serde_json::to_string(&HOSTILE).unwrap();
        let safe = json(&written);
        assert!(!safe.chars().any(|c| is_unsafe(c) && c != '\n'), "{safe}");
        let read: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(read, HOSTILE);
    }
}
