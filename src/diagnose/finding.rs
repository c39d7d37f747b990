//! A finding: what went wrong, the rows and logids that prove it, and what to do.

use serde::{Deserialize, Serialize};

use crate::i18n::Bilingual;

/// How much a finding matters to reading the rest of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Makes other rows meaningless (e.g. every probe failed authentication); shown first.
    Warning,
    /// The cause of a failure.
    Cause,
    /// Worth knowing; nothing failed because of it.
    Info,
}

/// One diagnosis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable rule id (snake_case), for JSON consumers.
    pub rule: &'static str,
    pub severity: Severity,
    pub cause: Bilingual,
    pub fix: Bilingual,
    /// The credentials (`[auth.NAME]` names) it is about.
    pub credentials: Vec<String>,
    /// Whether its evidence proves it; an unproved finding says what is not proved and how to prove it.
    pub proved: bool,
    /// Names of the cases that prove it.
    pub cases: Vec<String>,
    /// Logids of the responses that prove it.
    pub logids: Vec<String>,
}

impl Finding {
    /// The same finding, marked proved only when its evidence proves it.
    pub fn proved_if(mut self, proved: bool) -> Finding {
        self.proved = proved;
        self
    }
}
