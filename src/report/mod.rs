//! Report writers. They only read a [`RunResult`] and its findings and return text; the command masks
//! secrets in that text with [`crate::redact`] before it reaches a file or the terminal.

pub mod diff;
pub mod i18n;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod summary;
pub mod sweep;
pub mod verdicts;
pub mod write;

pub use crate::i18n::Lang;

use crate::diagnose::{Cell, Finding, Verdict};
use crate::probe::ProbeKind;
use std::collections::{BTreeMap, BTreeSet};

use crate::runner::{CaseResult, ProbeResult, RunResult, ScenarioResult};

/// What a writer reads.
pub struct ReportInput<'a> {
    pub run: &'a RunResult,
    pub scenario: &'a ScenarioResult,
    pub findings: &'a [Finding],
    /// One per credential.
    pub verdicts: &'a [Verdict],
    /// The permission matrix of the scenario (credential × workspace × permission).
    pub matrix: &'a [Cell],
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

/// A column of the comparison table: an operation, in one workspace when the scenario ran it in several.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Column {
    pub kind: ProbeKind,
    /// Set when the scenario ran this operation in more than one workspace.
    pub workspace: Option<String>,
}

impl Column {
    /// `list_bots`, or `list_bots @ 7351411557182226472`.
    pub fn label(&self) -> String {
        match &self.workspace {
            Some(workspace) => format!("{} @ {workspace}", self.kind.name()),
            None => self.kind.name().to_string(),
        }
    }

    /// The case's result in this column.
    pub fn cell<'c>(&self, case: &'c CaseResult) -> Option<&'c ProbeResult> {
        case.probes.iter().find(|probe| {
            probe.probe == self.kind
                && (self.workspace.is_none() || probe.workspace == self.workspace)
        })
    }
}

/// The operation columns of a scenario's table: every operation any case probed, in catalogue order, one
/// per workspace for an operation run in several.
pub fn operation_columns(scenario: &ScenarioResult) -> Vec<Column> {
    let mut seen: BTreeMap<ProbeKind, BTreeSet<Option<String>>> = BTreeMap::new();
    for probe in scenario.cases.iter().flat_map(|case| &case.probes) {
        if probe.probe != ProbeKind::Token {
            seen.entry(probe.probe)
                .or_default()
                .insert(probe.workspace.clone());
        }
    }
    let mut columns = Vec::new();
    for (kind, workspaces) in seen {
        if workspaces.len() > 1 {
            columns.extend(
                workspaces
                    .into_iter()
                    .map(|workspace| Column { kind, workspace }),
            );
        } else {
            columns.push(Column {
                kind,
                workspace: None,
            });
        }
    }
    columns
}

/// The exact scope JSON a case sent, or `None` when it sent no `scope` key.
pub fn scope_json(case: &CaseResult) -> Option<String> {
    if let Some(scope) = &case.scope_object {
        return serde_json::to_string(scope).ok();
    }
    case.scope.as_ref().map(|names| {
        serde_json::to_string(&crate::coze::wire::Scope::with_permissions(names.clone()))
            .unwrap_or_default()
    })
}
