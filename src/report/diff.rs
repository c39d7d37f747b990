//! `cozescope diff` as text: the comparison of two reports ([`crate::diff`]) as markdown for a support
//! ticket, and as JSON.

use std::fmt::Write;

use super::markdown::cell;
use crate::diff::{Diff, FindingChange, Side};

fn outcome(word: &Option<String>) -> String {
    word.as_deref()
        .map_or_else(|| "—".to_string(), |word| format!("`{word}`"))
}

fn finding_list(out: &mut String, heading: &str, findings: &[FindingChange]) {
    let _ = writeln!(out, "## {heading} ({})\n", findings.len());
    for finding in findings {
        let _ = writeln!(
            out,
            "- `{}` ({}): {}",
            finding.rule,
            finding
                .credentials
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", "),
            finding.cause.replace('\n', " ")
        );
    }
    if !findings.is_empty() {
        out.push('\n');
    }
}

/// The diff as markdown, for a support ticket.
pub fn markdown(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# cozescope diff: {}\n",
        diff.scenario.replace('\n', " ")
    );
    let requests = |side: &Side| side.requests.map(|n| n.to_string()).unwrap_or_default();
    let _ = writeln!(out, "| | before | after |\n|---|---|---|");
    let _ = writeln!(
        out,
        "| report | `{}` | `{}` |",
        cell(&diff.old.report),
        cell(&diff.new.report)
    );
    let _ = writeln!(
        out,
        "| started (UTC) | {} | {} |",
        diff.old.started_at, diff.new.started_at
    );
    let _ = writeln!(
        out,
        "| requests sent | {} | {} |\n",
        requests(&diff.old),
        requests(&diff.new)
    );
    let _ = writeln!(
        out,
        "## Probes that changed ({}; {} regressions from `ok`; {} unchanged)\n",
        diff.changed.len(),
        diff.regressions,
        diff.unchanged
    );
    if !diff.changed.is_empty() {
        let _ = writeln!(
            out,
            "| case | probe | workspace | before | after |\n|---|---|---|---|---|"
        );
        for change in &diff.changed {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} | {}{} |",
                cell(&change.case),
                change.probe,
                change
                    .workspace
                    .as_deref()
                    .map(|w| format!("`{w}`"))
                    .unwrap_or_default(),
                outcome(&change.old),
                outcome(&change.new),
                if change.is_regression() {
                    " ⚠️"
                } else {
                    ""
                }
            );
        }
        out.push('\n');
    }
    finding_list(&mut out, "Findings resolved", &diff.resolved);
    finding_list(&mut out, "Findings that appeared", &diff.appeared);
    out
}

/// The diff as JSON.
pub fn json(diff: &Diff) -> String {
    let mut text = serde_json::to_string_pretty(diff).unwrap_or_else(|error| {
        format!("{{\"error\": \"failed to serialise the diff: {error}\"}}")
    });
    text.push('\n');
    text
}
