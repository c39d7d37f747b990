//! `${VAR}` interpolation. Values come from the process environment, then from a `.env` file read with
//! `scenario::dotenv` (the process environment is never modified). Against the sandbox, values come
//! only from the sandbox world, so a sandbox run never reads a real secret.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::source_error::SourceError;

/// Where `${VAR}` values come from.
#[derive(Debug, Clone)]
pub enum VariableSource {
    /// The process environment, then the `.env` file (if it existed).
    Environment {
        dotenv: BTreeMap<String, String>,
        dotenv_path: PathBuf,
    },
    /// The sandbox world's demo values only.
    Sandbox { values: BTreeMap<String, String> },
}

impl VariableSource {
    /// The process environment plus the `.env` file `named` (which must exist), else `.env` when it exists
    /// (read with the bounded reader).
    pub fn environment(named: Option<&Path>) -> Result<VariableSource, SourceError> {
        Ok(VariableSource::Environment {
            dotenv: super::dotenv::read_dotenv(named)?,
            dotenv_path: named
                .unwrap_or(Path::new(super::dotenv::DEFAULT_DOTENV))
                .to_path_buf(),
        })
    }

    /// The value of `name`, if any source defines it.
    pub fn get(&self, name: &str) -> Option<String> {
        match self {
            VariableSource::Environment { dotenv, .. } => std::env::var(name)
                .ok()
                .or_else(|| dotenv.get(name).cloned()),
            VariableSource::Sandbox { values } => values.get(name).cloned(),
        }
    }

    fn missing_help(&self, name: &str) -> String {
        match self {
            VariableSource::Environment { dotenv_path, .. } => format!(
                "set {name} in the environment or in {} (e.g. `export {name}=…`)",
                dotenv_path.display()
            ),
            VariableSource::Sandbox { values } => format!(
                "the sandbox provides only these variables: {}; use one of them, write the value literally, or run against a real target with --target cn|com",
                values
                    .keys()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// Replaces every `${NAME}` in `value` (`$$` stands for a literal `$`). `span_start` is where the value's
/// token begins in `text`, so a missing variable is reported at its place in the file.
pub fn interpolate(
    value: &str,
    source: &VariableSource,
    file: &Path,
    text: &str,
    span_start: usize,
) -> Result<String, SourceError> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(tail) = after.strip_prefix('{') {
            let Some(close) = tail.find('}') else {
                return Err(
                    error_at(file, text, span_start, value, "unterminated `${` in value")
                        .with_help("write `${NAME}` for a variable, or `$$` for a literal `$`"),
                );
            };
            let name = &tail[..close];
            if !is_variable_name(name) {
                return Err(error_at(
                    file,
                    text,
                    span_start,
                    &format!("${{{name}}}"),
                    &format!("`${{{name}}}` is not a valid variable reference"),
                )
                .with_help(
                    "variable names use letters, digits and `_`, e.g. `${COZE_API_TOKEN}`",
                ));
            }
            match source.get(name) {
                Some(resolved) => out.push_str(&resolved),
                None => {
                    return Err(error_at(
                        file,
                        text,
                        span_start,
                        &format!("${{{name}}}"),
                        &format!("variable `{name}` is not set"),
                    )
                    .with_help(source.missing_help(name)));
                }
            }
            rest = &tail[close + 1..];
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn is_variable_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

/// Points at `needle` inside the value's token when it can be found there, else at the token.
fn error_at(
    file: &Path,
    text: &str,
    span_start: usize,
    needle: &str,
    message: &str,
) -> SourceError {
    let line_end = text[span_start.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |newline| span_start + newline);
    let offset = text
        .get(span_start..line_end)
        .and_then(|token| token.find(needle))
        .map_or(span_start, |index| span_start + index);
    SourceError::at_offset(file, text, offset, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sandbox(pairs: &[(&str, &str)]) -> VariableSource {
        VariableSource::Sandbox {
            values: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn substitutes_variables_and_escapes() {
        let source = sandbox(&[("A", "1"), ("B", "two")]);
        let text = "x = \"${A}-${B}-$$-$x\"";
        let value = interpolate("${A}-${B}-$$-$x", &source, Path::new("s.toml"), text, 4).unwrap();
        assert_eq!(value, "1-two-$-$x");
    }

    #[test]
    fn missing_variable_points_at_its_reference() {
        let source = sandbox(&[("A", "1")]);
        let text = "title = 1\ntoken = \"pre-${NOPE}\"\n";
        let start = text.find('"').unwrap();
        let error =
            interpolate("pre-${NOPE}", &source, Path::new("s.toml"), text, start).unwrap_err();
        assert_eq!(error.message, "variable `NOPE` is not set");
        let position = error.position.unwrap();
        assert_eq!((position.line, position.column), (2, 14));
        assert!(error.help.unwrap().contains("A"));
    }

    #[test]
    fn dotenv_values_are_read_without_touching_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        std::fs::write(&path, "COZESCOPE_TEST_ONLY_IN_DOTENV=from-file\n").unwrap();
        let source = VariableSource::environment(Some(&path)).unwrap();
        assert_eq!(
            source.get("COZESCOPE_TEST_ONLY_IN_DOTENV").as_deref(),
            Some("from-file")
        );
        assert!(std::env::var("COZESCOPE_TEST_ONLY_IN_DOTENV").is_err());
    }
}
