//! A finding: what went wrong, the rows and logids that prove it, and what to do.

use serde::Serialize;

use crate::report::Lang;

/// How much a finding matters to reading the rest of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Makes other rows meaningless (e.g. every probe failed authentication); shown first.
    Warning,
    /// The cause of a failure.
    Cause,
    /// Worth knowing; nothing failed because of it.
    Info,
}

/// A text in both report languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Localized {
    pub en: String,
    pub zh: String,
}

impl Localized {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Localized {
        Localized {
            en: en.into(),
            zh: zh.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// One diagnosis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable rule id (snake_case), for JSON consumers.
    pub rule: &'static str,
    pub severity: Severity,
    pub cause: Localized,
    pub fix: Localized,
    /// Names of the cases that prove it.
    pub cases: Vec<String>,
    /// Logids of the responses that prove it.
    pub logids: Vec<String>,
}
