//! Report writers. They only read a [`RunResult`] and its findings and return text; the command masks
//! secrets in that text with [`crate::redact`] before it reaches a file or the terminal.

pub mod i18n;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod summary;
pub mod write;

pub use crate::i18n::Lang;

use crate::diagnose::Finding;
use crate::probe::ProbeKind;
use crate::runner::{CaseResult, RunResult, ScenarioResult};

/// What a writer reads.
pub struct ReportInput<'a> {
    pub run: &'a RunResult,
    pub scenario: &'a ScenarioResult,
    pub findings: &'a [Finding],
    pub lang: Lang,
}

/// A report file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown, for a support ticket.
    #[value(name = "md", alias = "markdown")]
    Markdown,
    /// JSON, with stable field names (schema/report.schema.json).
    Json,
    /// JUnit XML, for CI dashboards.
    Junit,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Junit => "junit.xml",
        }
    }

    pub fn render(self, input: &ReportInput<'_>) -> String {
        match self {
            Format::Markdown => markdown::render(input),
            Format::Json => json::render(input),
            Format::Junit => junit::render(input),
        }
    }
}

/// The operation columns of a scenario's table: every operation any case probed, in catalogue order.
pub fn operation_columns(scenario: &ScenarioResult) -> Vec<ProbeKind> {
    let mut kinds: Vec<ProbeKind> = scenario
        .cases
        .iter()
        .flat_map(|case| case.probes.iter().map(|probe| probe.probe))
        .filter(|kind| *kind != ProbeKind::Token)
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// The exact scope JSON a case sent, or `None` when it sent no `scope` key.
pub fn scope_json(case: &CaseResult) -> Option<String> {
    case.scope.as_ref().map(|names| {
        serde_json::to_string(&crate::coze::wire::Scope::with_permissions(names.clone()))
            .unwrap_or_default()
    })
}
