//! Errors that point into a source file: `file:line:column`, the offending line with a caret, and a hint.
//!
//! Used for scenario files, `.env` files and sandbox world files alike, so every input error reads the same.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

/// A problem at a place in a text file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    pub file: PathBuf,
    /// 1-based line and column, when the problem has a position.
    pub position: Option<Position>,
    pub message: String,
    /// The line the position points into, for the caret display.
    pub line_text: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceError {
    /// A problem with the file as a whole (unreadable, too large, …).
    pub fn whole_file(file: &Path, message: impl Into<String>) -> SourceError {
        SourceError {
            file: file.to_path_buf(),
            position: None,
            message: message.into(),
            line_text: None,
            help: None,
        }
    }

    /// A problem at a byte offset of `text`.
    pub fn at_offset(
        file: &Path,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> SourceError {
        let (position, line_text) = locate(text, offset);
        SourceError {
            file: file.to_path_buf(),
            position: Some(position),
            message: message.into(),
            line_text: Some(line_text),
            help: None,
        }
    }

    /// A problem at a byte span of `text`, or at the whole file when there is no span.
    pub fn at_span(
        file: &Path,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> SourceError {
        match span {
            Some(span) => SourceError::at_offset(file, text, span.start, message),
            None => SourceError::whole_file(file, message),
        }
    }

    /// Adds what the user should do.
    pub fn with_help(mut self, help: impl Into<String>) -> SourceError {
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean `x`?" when `word` is close to one of `candidates`, else lists them
    /// (`known: `a`, `b``), prefixed by `known` ("known probes").
    pub fn with_suggestion<'a>(
        self,
        word: &str,
        candidates: impl IntoIterator<Item = &'a str> + Clone,
        known: &str,
    ) -> SourceError {
        let help = match closest(word, candidates.clone()) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!("{known}: {}", code_list(candidates)),
        };
        self.with_help(help)
    }

    /// Turns a TOML syntax or shape error into a located error, with a did-you-mean for unknown keys.
    pub fn from_toml(file: &Path, text: &str, error: &toml::de::Error) -> SourceError {
        let message = error.message().trim().to_string();
        let help = unknown_key_help(&message);
        let located = SourceError::at_span(file, text, error.span(), first_sentence(&message));
        match help {
            Some(help) => located.with_help(help),
            None => located,
        }
    }
}

/// Characters of the quoted line shown around the caret: a 1 MB line prints one screen line, not 2 MB.
const SHOWN_LINE_CHARS: usize = 120;
/// Characters of a message or help shown (a message may quote a value from the file).
const SHOWN_MESSAGE_CHARS: usize = 400;

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::sanitize::value(&self.file.display().to_string()).into_owned();
        let message = bounded(&self.message, SHOWN_MESSAGE_CHARS);
        match self.position {
            Some(Position { line, column }) => writeln!(f, "{file}:{line}:{column}: {message}")?,
            None => writeln!(f, "{file}: {message}")?,
        }
        if let (Some(Position { line, column }), Some(line_text)) = (self.position, &self.line_text)
        {
            let (masked, column) = mask_secret_values(line_text, column);
            let (shown, caret) = excerpt(&masked, column);
            let gutter = " ".repeat(line.to_string().len());
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{line} | {shown}")?;
            writeln!(f, "{gutter} | {}^", " ".repeat(caret))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {}", bounded(help, SHOWN_MESSAGE_CHARS))?;
        }
        Ok(())
    }
}

/// `text` escaped as one value and cut to `max` characters (with `…`).
fn bounded(text: &str, max: usize) -> String {
    let escaped = crate::sanitize::value(text);
    match escaped.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &escaped[..cut]),
        None => escaped.into_owned(),
    }
}

/// The part of `line` around the 1-based `column` shown under the header, control characters escaped,
/// and the caret's offset in it: the position in the header stays the true one.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let start = at
        .saturating_sub(SHOWN_LINE_CHARS / 2)
        .min(chars.len().saturating_sub(SHOWN_LINE_CHARS));
    let end = (start + SHOWN_LINE_CHARS).min(chars.len());
    let mut shown = String::new();
    let mut caret = 0;
    if start > 0 {
        shown.push('…');
        caret += 1;
    }
    for (index, c) in chars[start..end].iter().enumerate() {
        let mut buffer = [0u8; 4];
        let piece = crate::sanitize::value(c.encode_utf8(&mut buffer)).into_owned();
        if start + index < at {
            caret += piece.chars().count();
        }
        shown.push_str(&piece);
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret)
}

impl std::error::Error for SourceError {}

/// The 1-based position of a byte offset and the text of its line (clamped to the text's bounds).
pub fn locate(text: &str, offset: usize) -> (Position, String) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |newline| newline + 1);
    let line_end = text[offset..]
        .find('\n')
        .map_or(text.len(), |newline| offset + newline);
    let line = text[..line_start].matches('\n').count() + 1;
    let column = text[line_start..offset].chars().count() + 1;
    let line_text = text[line_start..line_end]
        .trim_end_matches('\r')
        .to_string();
    (Position { line, column }, line_text)
}

/// `names` as inline code, comma-separated: `` `a`, `b` ``.
pub fn code_list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The closest candidate to a mistyped word, when one is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// The caret line is printed before any secret is known to the redactor, so values of secret keys (and of
/// keys named like them: a misspelt `tokn`, `client_secret`, `privat_key`) and lines that look like key
/// material are masked here. A number or a boolean stays: it is no secret, and it may be what the error is
/// about (`token = 5`). Returns the masked line and the 1-based `column` moved with it: past a masked value
/// by the difference in length, inside one to its start.
fn mask_secret_values(line: &str, column: usize) -> (String, usize) {
    static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"["']?(?P<name>[A-Za-z0-9_\-]+)["']?\s*=\s*(?P<value>"(?:[^"\\]|\\.)*"?|'[^']*'?|[^\s,}]+)"#,
        )
        .expect("static regex")
    });
    const MASK: &str = "\"[REDACTED]\"";
    let secret_values: Vec<std::ops::Range<usize>> = ASSIGNMENT
        .captures_iter(line)
        .filter(|assignment| {
            assignment
                .name("name")
                .is_some_and(|name| names_a_secret(name.as_str()))
        })
        .filter_map(|assignment| assignment.name("value"))
        .filter(|value| !is_plain_literal(value.as_str()))
        .map(|value| value.range())
        .collect();
    if !secret_values.is_empty() {
        let chars_before = |byte: usize| line[..byte].chars().count();
        let at = column.saturating_sub(1);
        let mut shift: isize = 0;
        let mut moved = None;
        let mut masked = String::with_capacity(line.len());
        let mut copied = 0;
        for value in secret_values {
            let (start, end) = (chars_before(value.start), chars_before(value.end));
            if moved.is_none() && at >= start && at < end {
                moved = Some(start.saturating_add_signed(shift));
            }
            if at >= end {
                shift += MASK.chars().count() as isize - (end - start) as isize;
            }
            masked.push_str(&line[copied..value.start]);
            masked.push_str(MASK);
            copied = value.end;
        }
        masked.push_str(&line[copied..]);
        let at = moved.unwrap_or_else(|| at.saturating_add_signed(shift));
        return (masked, at + 1);
    }
    if !ASSIGNMENT.is_match(line) && looks_like_key_material(line.trim()) {
        return ("[REDACTED]".to_string(), 1);
    }
    (line.to_string(), column)
}

/// Whether a key's name says its value is a secret, misspelt or not.
fn names_a_secret(name: &str) -> bool {
    static SECRET_NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"tok|secret|pass|pwd|priv|api_?key|^key$|credential").expect("static regex")
    });
    let name = name.to_ascii_lowercase();
    let names_a_path = name.ends_with("_file") || name.ends_with("_path");
    !names_a_path && (SECRET_NAME.is_match(&name) || strsim::jaro_winkler(&name, "token") >= 0.8)
}

/// A number or a boolean, as TOML writes them.
fn is_plain_literal(value: &str) -> bool {
    value == "true"
        || value == "false"
        || value
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | '_' | 'e' | 'E'))
}

/// A line of a key's body: one word, holding a long run of base64 with letters and digits (an id is digits
/// only; a sentence has spaces).
fn looks_like_key_material(line: &str) -> bool {
    line.len() >= 24
        && !line.contains(char::is_whitespace)
        && crate::redact::BASE64_RUN.find_iter(line).any(|run| {
            let run = run.as_str();
            run.contains(|c: char| c.is_ascii_alphabetic())
                && run.contains(|c: char| c.is_ascii_digit())
        })
}

fn first_sentence(message: &str) -> String {
    message.lines().next().unwrap_or(message).to_string()
}

/// serde reports "unknown field `scop`, expected one of `name`, `scope`": suggest the closest known key.
fn unknown_key_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, expected) = rest.split_once('`')?;
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match closest(unknown, known.iter().copied()) {
        Some(suggestion) => Some(format!("did you mean `{suggestion}`?")),
        None if !known.is_empty() => Some(format!(
            "known keys here: {}",
            code_list(known.iter().copied())
        )),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_lines_and_character_columns() {
        let text = "a = 1\nbé = 2\n";
        let offset = text.find('=').unwrap();
        assert_eq!(locate(text, offset).0, Position { line: 1, column: 3 });
        let offset = text.rfind('=').unwrap();
        let (position, line) = locate(text, offset);
        assert_eq!(position, Position { line: 2, column: 4 });
        assert_eq!(line, "bé = 2");
    }

    #[test]
    fn caret_line_never_shows_secret_values() {
        for (line, masked) in [
            ("  token = \"abc def\" x", "  token = \"[REDACTED]\" x"),
            ("private_key=\"-----BEGIN", "private_key=\"[REDACTED]\""),
            (
                "pat = { mode = \"pat\", token = \"MySecret123\", extra = 1 }",
                "pat = { mode = \"pat\", token = \"[REDACTED]\", extra = 1 }",
            ),
            ("\"token\" = 'MySecret123'", "\"token\" = \"[REDACTED]\""),
            (
                "auth.pat.token = \"MySecret123\"",
                "auth.pat.token = \"[REDACTED]\"",
            ),
            (
                "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC",
                "[REDACTED]",
            ),
            ("name = \"scope\"", "name = \"scope\""),
            ("tokn=\"tokSECRETnotshaped123\"", "tokn=\"[REDACTED]\""),
            (
                "client_secret = 'abcSECRET'",
                "client_secret = \"[REDACTED]\"",
            ),
            ("token = 5", "token = 5"),
            (
                "private_key_file = \"keys/app.pem\"",
                "private_key_file = \"keys/app.pem\"",
            ),
            (
                "H2SqFe1/UZCmBvsDJEU/WVys+gCtL4VlXpv6uUrzoexwl84puUAhGk73vhlwPmA/\\q",
                "[REDACTED]",
            ),
            (
                "space_id = \"7351411557182226472\"",
                "space_id = \"7351411557182226472\"",
            ),
            (
                "public_key_id = \"tpRVJYfhCqBb1VSDmjjvX45LSidnN7kdH6cwKqoZy44\"",
                "public_key_id = \"tpRVJYfhCqBb1VSDmjjvX45LSidnN7kdH6cwKqoZy44\"",
            ),
        ] {
            assert_eq!(mask_secret_values(line, 1).0, masked, "{line}");
        }
    }

    #[test]
    fn the_caret_moves_with_a_masked_value() {
        let line = "pat = { token = \"pat_a_long_secret_value\", extra = = 1 }";
        let column = line.find("= 1").unwrap() + 1;
        let (masked, moved) = mask_secret_values(line, column);
        assert_eq!(&masked[moved - 1..moved + 2], "= 1", "{masked}");
        // A position inside the secret points at the masked value's start.
        let inside = line.find("long").unwrap() + 1;
        let (masked, moved) = mask_secret_values(line, inside);
        assert_eq!(&masked[moved - 1..], "\"[REDACTED]\", extra = = 1 }");
    }

    #[test]
    fn unknown_key_suggests_the_closest_known_key() {
        let help =
            unknown_key_help("unknown field `scop`, expected one of `name`, `auth`, `scope`");
        assert_eq!(help.as_deref(), Some("did you mean `scope`?"));
    }

    #[test]
    fn a_long_line_is_cut_around_its_position_and_escaped() {
        let text = format!(
            "{}\u{1b}]0;x\u{7} = {}\n",
            "a".repeat(1_000_000),
            "b".repeat(1_000_000)
        );
        let offset = text.find('=').unwrap();
        let error = SourceError::at_offset(Path::new("s.toml"), &text, offset, "expected a value");
        let shown = error.to_string();
        assert!(shown.len() < 1000, "{} bytes", shown.len());
        assert!(
            shown.starts_with("s.toml:1:1000008: expected a value\n"),
            "{shown}"
        );
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown:?}"
        );
        let lines: Vec<&str> = shown.lines().collect();
        let caret = lines[3].find('^').unwrap();
        let quoted: Vec<char> = lines[2].chars().collect();
        let prefix = lines[3][..caret].chars().count();
        assert_eq!(quoted[prefix], '=', "{shown}");
    }

    #[test]
    fn display_shows_position_caret_and_help() {
        let text = "title = 1\nscop = []\n";
        let error = SourceError::at_offset(Path::new("s.toml"), text, 10, "unknown field `scop`")
            .with_help("did you mean `scope`?");
        assert_eq!(
            error.to_string(),
            "s.toml:2:1: unknown field `scop`\n  |\n2 | scop = []\n  | ^\n  = help: did you mean `scope`?\n"
        );
    }
}
