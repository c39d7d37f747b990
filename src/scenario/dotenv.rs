//! Reading a `.env` file (or `--env-file`): through the bounded reader, parsed with dotenvy, the process
//! environment never touched. An error names the file, the line and, when the line starts like an entry,
//! the variable: never a value, since every value in the file may be a secret.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::source_error::{Position, SourceError};
use crate::textfile::{InputKind, read_document};

/// The `.env` read when no `--env-file` names another: read only when it is there.
pub const DEFAULT_DOTENV: &str = ".env";

/// The entries of the `.env` file `named` (`--env-file`), which must exist, or else of [`DEFAULT_DOTENV`]
/// when it exists (none when it does not).
pub fn read_dotenv(named: Option<&Path>) -> Result<BTreeMap<String, String>, SourceError> {
    let path = named.unwrap_or(Path::new(DEFAULT_DOTENV));
    // A dangling link is reported (the bounded reader names it), only a missing default file is fine.
    if std::fs::symlink_metadata(path).is_err() {
        return match named {
            None => Ok(BTreeMap::new()),
            Some(path) => Err(SourceError::whole_file(path, "no such file").with_help(format!(
                "check the path given to --env-file; without the flag, {DEFAULT_DOTENV} in the current folder is read when it exists"
            ))),
        };
    }
    let text = read_document(path, InputKind::Env)?;
    parse_dotenv(path, &text)
}

/// The entries of `.env` text (`path` names it in errors).
pub fn parse_dotenv(path: &Path, text: &str) -> Result<BTreeMap<String, String>, SourceError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut entries = BTreeMap::new();
    for entry in dotenvy::from_read_iter(body.as_bytes()) {
        let (name, value) = entry.map_err(|error| entry_error(path, body, &error))?;
        entries.insert(name, value);
    }
    Ok(entries)
}

/// The error for a line dotenvy could not parse, at its line, without the line's text.
fn entry_error(path: &Path, text: &str, error: &dotenvy::Error) -> SourceError {
    let dotenvy::Error::LineParse(line, _) = error else {
        return SourceError::whole_file(path, "failed to parse the .env file");
    };
    // dotenvy hands back the logical line, or only the part after the error (with an unclosed quote,
    // the rest of the file): find the line of the file it starts in.
    let fragment = line.lines().next().unwrap_or_default();
    let located = (!fragment.trim().is_empty())
        .then(|| text.find(fragment))
        .flatten()
        .map(|offset| {
            let start = text[..offset].rfind('\n').map_or(0, |newline| newline + 1);
            let end = text[start..]
                .find('\n')
                .map_or(text.len(), |newline| start + newline);
            (text[..start].matches('\n').count() + 1, &text[start..end])
        });
    let position = located.map(|(line, _)| Position { line, column: 1 });
    let message = match located.and_then(|(_, source_line)| entry_name(source_line)) {
        Some(name) => format!(
            "failed to parse the .env file: the entry of `{name}` is not NAME=value (values are not shown)"
        ),
        None => {
            "failed to parse the .env file: this line is not NAME=value (its text is not shown)"
                .to_string()
        }
    };
    SourceError {
        file: path.to_path_buf(),
        position,
        message,
        line_text: None,
        help: Some(
            "each line must be NAME=value (or export NAME=value); quote values that contain spaces or `#`, and close every quote"
                .into(),
        ),
    }
}

/// The variable a line names, when it starts like an entry (`NAME=`, `NAME:`, `export NAME=`); a line
/// that does not could be a value pasted on its own, so none is taken from it.
fn entry_name(line: &str) -> Option<&str> {
    static ENTRY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]{0,127})\s*[=:]")
            .expect("static regex")
    });
    ENTRY
        .captures(line)
        .and_then(|captures| captures.get(1))
        .map(|name| name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "Not Shaped Secret Value";

    #[test]
    fn errors_name_the_variable_and_line_but_never_a_value() {
        for (text, name, line) in [
            (
                format!("A=1\nCOZE_API_TOKEN={SECRET}\n"),
                Some("COZE_API_TOKEN"),
                2,
            ),
            (
                format!("COZE_API_TOKEN: {SECRET}\n"),
                Some("COZE_API_TOKEN"),
                1,
            ),
            (
                format!("export COZE_API_TOKEN={SECRET}\n"),
                Some("COZE_API_TOKEN"),
                1,
            ),
            (
                format!("COZE_API_TOKEN=\"{SECRET}\nOTHER=hunter2\n"),
                Some("COZE_API_TOKEN"),
                1,
            ),
            (format!("# c\n{SECRET}\n"), None, 2),
        ] {
            let error = parse_dotenv(Path::new(".env"), &text).unwrap_err();
            let shown = error.to_string();
            assert!(
                !shown.contains("Secret") && !shown.contains("hunter2"),
                "{shown}"
            );
            assert_eq!(error.position.map(|p| p.line), Some(line), "{shown}");
            match name {
                Some(name) => assert!(shown.contains(&format!("`{name}`")), "{shown}"),
                None => assert!(shown.contains("this line"), "{shown}"),
            }
        }
    }

    #[test]
    fn reads_entries_and_a_leading_byte_order_mark() {
        let entries =
            parse_dotenv(Path::new(".env"), "\u{feff}A=1\nexport B=\"two words\"\n").unwrap();
        assert_eq!(entries.get("A").map(String::as_str), Some("1"));
        assert_eq!(entries.get("B").map(String::as_str), Some("two words"));
    }
}
