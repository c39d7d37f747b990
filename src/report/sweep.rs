//! The sweep report, markdown and JSON: which scope names the token endpoint accepted and rejected, how many
//! requests the search used against the information bound, the scope map with `--map`, the answer that
//! stopped the sweep (with its findings), and every request with its logid for support.

use std::fmt::Write;

use serde::Serialize;

use super::i18n::{self, Phrases};
use super::markdown::{cell, outcome_cell};
use crate::diagnose::Finding;
use crate::i18n::Lang;
use crate::runner::sweep::{Grant, SweepResult};

/// What the sweep writers read.
pub struct SweepInput<'a> {
    pub result: &'a SweepResult,
    /// Findings about the answer that stopped the sweep, if one did.
    pub findings: &'a [Finding],
    pub lang: Lang,
}

fn names(list: &[String]) -> String {
    if list.is_empty() {
        "—".to_string()
    } else {
        list.iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The markdown sweep report.
pub fn markdown(input: &SweepInput<'_>) -> String {
    let result = input.result;
    let text: &Phrases = i18n::phrases(input.lang);
    let zh = input.lang == Lang::Zh;
    let mut out = String::new();
    let credential = &result.credential;
    let _ = writeln!(
        out,
        "# cozescope sweep: {} `{}`{}\n",
        if zh {
            "scope 名称探测，凭证"
        } else {
            "scope names of credential"
        },
        credential.name,
        credential
            .app_id
            .as_deref()
            .map(|app| format!(" (app `{app}`)"))
            .unwrap_or_default()
    );
    if result.target.sandbox {
        let _ = writeln!(out, "> {}\n", text.sandbox_banner);
    }
    if result.interrupted {
        let _ = writeln!(out, "> {}\n", text.interrupted_banner);
    }
    let block = if result.workspaces.is_empty() {
        format!("`{}_permission`", result.block)
    } else {
        format!(
            "`{}_permission` ({} {})",
            result.block,
            text.workspace,
            names(&result.workspaces)
        )
    };
    let rows: [(&str, String); 7] = [
        (
            text.tool,
            crate::build_info::describe(&result.tool_version, &result.tool_commit),
        ),
        (text.target, cell(&result.target.base_url)),
        (text.region, result.target.region.to_string()),
        (
            text.started,
            result.started_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        ),
        (if zh { "scope 块" } else { "scope block" }, block),
        (
            if zh { "候选名称" } else { "candidates" },
            result.candidates.len().to_string(),
        ),
        (
            text.requests,
            format!(
                "{} ({} {}){}",
                result.requests,
                if zh {
                    "信息论下界"
                } else {
                    "information bound"
                },
                result.information_bound,
                match (result.requests_sent() - result.requests, zh) {
                    (0, _) => String::new(),
                    (map, false) => format!("; {map} more for the map"),
                    (map, true) => format!("；映射另用 {map} 次"),
                }
            ),
        ),
    ];
    let _ = writeln!(out, "| | |\n|---|---|");
    for (label, value) in rows {
        let _ = writeln!(out, "| {label} | {value} |");
    }
    out.push('\n');
    let _ = writeln!(out, "## {}\n", if zh { "结果" } else { "Result" });
    let _ = writeln!(
        out,
        "- {} ({}): {}",
        if zh { "接受" } else { "accepted" },
        result.accepted.len(),
        names(&result.accepted)
    );
    let _ = writeln!(
        out,
        "- {} ({}): {}",
        if zh {
            "拒绝（invalid_request）"
        } else {
            "rejected (invalid_request)"
        },
        result.rejected.len(),
        names(&result.rejected)
    );
    if !result.unclassified.is_empty() {
        let _ = writeln!(
            out,
            "- {} ({}): {}",
            if zh { "未能判定" } else { "not classified" },
            result.unclassified.len(),
            names(&result.unclassified)
        );
    }
    out.push('\n');
    if let Some(stopped) = &result.stopped {
        let _ = writeln!(
            out,
            "## {}\n\n{}: {} {} `{}`{}\n",
            if zh { "探测中止" } else { "Stopped" },
            if zh {
                "令牌端点的回答既不是令牌也不是 invalid_request"
            } else {
                "the token endpoint answered neither a token nor invalid_request"
            },
            outcome_cell(stopped.outcome),
            stopped.answer.code_label().unwrap_or_default(),
            cell(&stopped.message_or_reason().unwrap_or_default()),
            stopped
                .answer
                .logid
                .as_deref()
                .map(|logid| format!(" (logid `{logid}`)"))
                .unwrap_or_default()
        );
        super::markdown::finding_list(&mut out, input.findings, input.lang, text);
        out.push('\n');
    }
    if let Some(grants) = &result.grants {
        let _ = writeln!(
            out,
            "## {}\n\n| {} | {} | {} |\n|---|---|---|",
            if zh { "scope 映射" } else { "Scope map" },
            if zh { "名称" } else { "name" },
            if zh { "授予的权限" } else { "grants" },
            if zh {
                "仍被拒绝（4101）"
            } else {
                "denied (4101)"
            }
        );
        for (name, Grant { granted, denied }) in grants {
            let _ = writeln!(out, "| `{name}` | {} | {} |", names(granted), names(denied));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "## {}\n\n| # | {} | {} | HTTP | {} | {} |\n|---|---|---|---|---|---|",
        if zh { "请求" } else { "Requests" },
        if zh { "名称" } else { "names" },
        text.outcome,
        text.code,
        text.logid
    );
    for (index, query) in result.queries.iter().enumerate() {
        let answer = &query.result.answer;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            index + 1,
            names(&query.names),
            outcome_cell(query.result.outcome),
            answer
                .http_status
                .map(|s| s.to_string())
                .unwrap_or_default(),
            cell(&answer.code_label().unwrap_or_default()),
            answer
                .logid
                .as_deref()
                .map(|logid| format!("`{logid}`"))
                .unwrap_or_default()
        );
    }
    out.push('\n');
    if result.target.sandbox {
        let _ = writeln!(out, "---\n\n_{}_", text.sandbox_footer);
    }
    out
}

#[derive(Serialize)]
struct JsonSweepReport<'a> {
    tool: super::json::Tool,
    kind: &'static str,
    started_at: String,
    complete: bool,
    target: &'a crate::runner::TargetInfo,
    lang: &'static str,
    stats: Stats,
    sweep: JsonSweep<'a>,
    findings: Vec<super::json::JsonFinding<'a>>,
}

#[derive(Serialize)]
struct Stats {
    requests: u32,
}

#[derive(Serialize)]
struct JsonSweep<'a> {
    credential: &'a crate::runner::AuthInfo,
    block: &'static str,
    workspaces: &'a [String],
    candidates: &'a [String],
    accepted: &'a [String],
    rejected: &'a [String],
    unclassified: &'a [String],
    requests: u32,
    information_bound: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    grants: Option<std::collections::BTreeMap<&'a str, &'a [String]>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    denied: Option<std::collections::BTreeMap<&'a str, &'a [String]>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stopped: Option<&'a crate::runner::ProbeResult>,
    queries: &'a [crate::runner::sweep::SweepQuery],
}

/// The JSON sweep report (see `schema/sweep.schema.json`).
pub fn json(input: &SweepInput<'_>) -> String {
    let result = input.result;
    let report = JsonSweepReport {
        tool: super::json::Tool::current(&result.tool_version, &result.tool_commit),
        kind: "sweep",
        started_at: result
            .started_at
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        complete: !result.interrupted,
        target: &result.target,
        lang: input.lang.code(),
        stats: Stats {
            requests: result.requests_sent(),
        },
        sweep: JsonSweep {
            credential: &result.credential,
            block: result.block,
            workspaces: &result.workspaces,
            candidates: &result.candidates,
            accepted: &result.accepted,
            rejected: &result.rejected,
            unclassified: &result.unclassified,
            requests: result.requests,
            information_bound: result.information_bound,
            grants: result.grants.as_ref().map(|grants| {
                grants
                    .iter()
                    .map(|(name, grant)| (name.as_str(), grant.granted.as_slice()))
                    .collect()
            }),
            denied: result.grants.as_ref().map(|grants| {
                grants
                    .iter()
                    .map(|(name, grant)| (name.as_str(), grant.denied.as_slice()))
                    .collect()
            }),
            stopped: result.stopped.as_ref(),
            queries: &result.queries,
        },
        findings: input
            .findings
            .iter()
            .map(|finding| super::json::JsonFinding::of(finding, input.lang))
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_else(|error| {
        format!("{{\"error\": \"failed to serialise the report: {error}\"}}")
    });
    text.push('\n');
    text
}
