//! The file being validated: its path and text (for located errors) and where variables come from.

use std::path::Path;

use toml::Spanned;

use super::LoadOptions;
use super::model::RawCredential;
use super::vars::interpolate;
use crate::source_error::SourceError;

/// Context shared by the checks of one file.
pub(super) struct Source<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub options: &'a LoadOptions<'a>,
}

impl Source<'_> {
    pub fn error<T>(&self, spanned: &Spanned<T>, message: impl Into<String>) -> SourceError {
        SourceError::at_offset(self.file, self.text, spanned.span().start, message)
    }

    pub fn string(&self, spanned: &Spanned<String>) -> Result<String, SourceError> {
        interpolate(
            spanned.get_ref(),
            self.options.variables,
            self.file,
            self.text,
            spanned.span().start,
        )
    }

    pub fn required(
        &self,
        table: &Spanned<RawCredential>,
        value: &Option<Spanned<String>>,
        key: &str,
        name: &str,
    ) -> Result<String, SourceError> {
        let Some(value) = value else {
            return Err(self
                .error(
                    table,
                    format!("credential `{name}` (mode = \"jwt\") is missing `{key}`"),
                )
                .with_help(format!("add `{key} = \"…\"` to [auth.{name}]")));
        };
        let resolved = self.string(value)?;
        if resolved.trim().is_empty() {
            return Err(self.error(value, format!("`{key}` of credential `{name}` is empty")));
        }
        Ok(resolved)
    }
}
