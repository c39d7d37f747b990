//! The candidate scope names of a sweep: the default list (every permission of the operation catalogue in
//! its plain, `Connector.` and qualified `Resource.` forms, and the documented scope names), or a file of
//! one name per line with `#` comments, deduplicated and checked.

use std::path::Path;

use crate::coze::catalogue::{self, Level};
use crate::coze::permission::DOCUMENTED_SCOPE_NAMES;
use crate::source_error::SourceError;
use crate::textfile::{InputKind, read_document};

/// The most candidates a sweep takes: a worst case of one request per name, plus one, already spends more
/// than a free account's 500 lifetime calls.
pub const MAX_CANDIDATES: usize = 1000;

/// The resource prefix of the qualified form (`Workspace.createBot`, `Bot.getMetadata`).
fn resource(level: Level) -> &'static str {
    match level {
        Level::Account => "Account",
        Level::Workspace => "Workspace",
        Level::Bot => "Bot",
        Level::Workflow => "Workflow",
    }
}

/// Every permission of the catalogue in its three forms, then the documented scope names, without repeats.
pub fn default_candidates() -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut add = |name: String| {
        if !names.contains(&name) {
            names.push(name);
        }
    };
    for permission in catalogue::permission_names() {
        let level = catalogue::guarded_by(permission)
            .first()
            .map_or(Level::Account, |operation| operation.level);
        add(permission.to_string());
        add(format!("Connector.{permission}"));
        add(format!("{}.{permission}", resource(level)));
    }
    for (name, _) in DOCUMENTED_SCOPE_NAMES {
        add((*name).to_string());
    }
    names
}

/// The names of a candidates file: one per line, `#` starts a comment, blanks and repeats skipped. A name
/// with characters a scope name never has (or non-ASCII) is an error at its line and column.
pub fn read_candidates(path: &Path) -> Result<Vec<String>, SourceError> {
    let text = read_document(path, InputKind::Candidates)?;
    parse_candidates(path, &text)
}

/// As [`read_candidates`], for text already read (`path` names it in errors).
pub fn parse_candidates(path: &Path, text: &str) -> Result<Vec<String>, SourceError> {
    let mut names: Vec<String> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.split('#').next().unwrap_or("");
        let name = content.trim();
        if !name.is_empty() {
            let start = offset + (content.len() - content.trim_start().len());
            if let Some((index, bad)) = name
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
            {
                return Err(SourceError::at_offset(
                    path,
                    text,
                    start + index,
                    format!("`{bad}` cannot be part of a scope name"),
                )
                .with_help("one name per line (letters, digits, `.`, `_`, `-`), e.g. Connector.botChat; `#` starts a comment"));
            }
            if !names.iter().any(|known| known == name) {
                names.push(name.to_string());
            }
        }
        offset += line.len();
    }
    if names.is_empty() {
        return Err(
            SourceError::whole_file(path, "no candidate names in this file")
                .with_help("write one scope name per line, e.g. Connector.botChat"),
        );
    }
    if names.len() > MAX_CANDIDATES {
        return Err(SourceError::whole_file(
            path,
            format!(
                "{} distinct candidate names; a sweep takes at most {MAX_CANDIDATES}",
                names.len()
            ),
        )
        .with_help("split the file: a sweep costs up to one request per name, and a free account has 500 calls in all"));
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_have_every_form_once() {
        let names = default_candidates();
        for name in [
            "createBot",
            "Connector.createBot",
            "Workspace.createBot",
            "Connector.botChat",
            "run",
            "Workflow.run",
        ] {
            assert_eq!(names.iter().filter(|n| *n == name).count(), 1, "{name}");
        }
    }

    #[test]
    fn files_are_deduplicated_commented_and_checked() {
        let path = Path::new("names.txt");
        let names = parse_candidates(
            path,
            "# header\nConnector.botChat\n\n  createBot  # plain\nConnector.botChat\n",
        )
        .unwrap();
        assert_eq!(names, ["Connector.botChat", "createBot"]);
        let error = parse_candidates(path, "ok\nbad name\n")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("names.txt:2:4: ` ` cannot be part of a scope name"),
            "{error}"
        );
        let error = parse_candidates(path, "名字\n").unwrap_err().to_string();
        assert!(error.contains("names.txt:1:1"), "{error}");
        assert!(parse_candidates(path, "# nothing\n\n").is_err());
        let many: String = (0..MAX_CANDIDATES + 1)
            .map(|i| format!("name{i}\n"))
            .collect();
        assert!(
            parse_candidates(path, &many)
                .unwrap_err()
                .to_string()
                .contains("at most 1000")
        );
        let repeated: String = (0..10_000).map(|i| format!("name{}\n", i % 10)).collect();
        assert_eq!(parse_candidates(path, &repeated).unwrap().len(), 10);
    }
}
