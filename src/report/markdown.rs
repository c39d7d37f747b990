//! The markdown report: header, findings, comparison table, recommended fix, case details, and the block
//! for Coze support. Built to be pasted into a support ticket.

use std::fmt::Write;

use super::i18n::{self, Phrases};
use super::{ReportInput, operation_columns, scope_json};
use crate::auth::AuthMode;
use crate::diagnose::{CellState, Finding, Severity};
use crate::i18n::Lang;
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
use crate::runner::{CaseResult, FollowUpReason, ProbeResult};

/// Longest message kept in a table cell; details carry the whole message.
const TABLE_MESSAGE_CHARS: usize = 160;

/// Renders the markdown report of one scenario.
pub fn render(input: &ReportInput<'_>) -> String {
    let text = i18n::phrases(input.lang);
    let mut out = String::new();
    header(&mut out, input, text);
    if let Some(studio) = &input.scenario.target.studio {
        let _ = writeln!(
            out,
            "> {}\n",
            crate::diagnose::wording::studio_target(studio, &input.scenario.target.base_url)
                .get(input.lang)
        );
    }
    super::verdicts::markdown(&mut out, input.verdicts, input.scenario, input.lang, text);
    // A Studio checks no permission list: the matrix of Coze's permission points does not apply.
    if input.scenario.target.studio.is_none() {
        permission_matrix(&mut out, input, text);
    }
    findings(&mut out, input, text);
    comparison(&mut out, input, text);
    recommended_fix(&mut out, input, text);
    details(&mut out, input, text);
    created_bots(&mut out, input, text);
    support(&mut out, input, text);
    if input.scenario.target.sandbox {
        let footer = match input.scenario.target.studio {
            Some(_) => text.studio_sandbox_footer,
            None => text.sandbox_footer,
        };
        let _ = writeln!(out, "---\n\n_{footer}_");
    }
    out
}

/// Escapes text for a GFM table cell: pipes would end the cell, newlines the row.
pub fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

/// `12 (2 retries; POST /api/permission/oauth2/token 5, GET /v1/bots 7)`.
pub fn requests_text(scenario: &crate::runner::ScenarioResult, text: &Phrases) -> String {
    let stats = scenario.request_stats();
    let endpoints = stats
        .by_endpoint
        .iter()
        .map(|(endpoint, count)| format!("`{endpoint}` {count}"))
        .collect::<Vec<_>>()
        .join(", ");
    if endpoints.is_empty() {
        stats.requests.to_string()
    } else {
        format!(
            "{} ({} {}; {endpoints})",
            stats.requests, stats.retries, text.retries
        )
    }
}

/// Outcome as glyph plus searchable word.
pub fn outcome_cell(outcome: Outcome) -> String {
    format!("{} {}", outcome.glyph(), outcome.as_str())
}

fn header(out: &mut String, input: &ReportInput<'_>, text: &Phrases) {
    let scenario = input.scenario;
    let name = scenario
        .title
        .clone()
        .unwrap_or_else(|| scenario.file.display().to_string());
    let _ = writeln!(out, "# {}: {}\n", text.title, name.replace('\n', " "));
    if scenario.target.sandbox {
        let _ = writeln!(out, "> {}\n", text.sandbox_banner);
    }
    if input.run.interrupted {
        let _ = writeln!(out, "> {}\n", text.interrupted_banner);
    }
    let base = match &scenario.target.studio {
        Some(studio) => format!(
            "{} {}{}",
            text.studio_target,
            scenario.target.base_url,
            crate::diagnose::wording::studio_release(studio.release, input.lang)
        ),
        None => scenario.target.base_url.clone(),
    };
    let target = if scenario.target.sandbox {
        format!("sandbox ({base})")
    } else {
        base
    };
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(
        out,
        "| {} | {} |",
        text.tool,
        crate::build_info::describe(&input.run.tool_version, &input.run.tool_commit)
    );
    let _ = writeln!(out, "| {} | {} |", text.target, cell(&target));
    // A self-hosted Studio has no region.
    if scenario.target.studio.is_none() {
        let _ = writeln!(out, "| {} | {} |", text.region, scenario.target.region);
    }
    let _ = writeln!(
        out,
        "| {} | {} |",
        text.started,
        scenario.started_at.format("%Y-%m-%d %H:%M:%S")
    );
    let _ = writeln!(
        out,
        "| {} | `{}` (sha256 `{}`) |",
        text.scenario,
        cell(&scenario.file.display().to_string()),
        scenario.sha256
    );
    let _ = writeln!(
        out,
        "| {} | {} |\n",
        text.requests,
        requests_text(scenario, text)
    );
}

/// Credential × workspace rows, one column per permission: what a support engineer reads first.
fn permission_matrix(out: &mut String, input: &ReportInput<'_>, text: &Phrases) {
    let cells = input.matrix;
    if cells.is_empty() {
        return;
    }
    let mut permissions: Vec<&str> = cells.iter().map(|cell| cell.permission.as_str()).collect();
    permissions.sort_unstable();
    permissions.dedup();
    let mut rows: Vec<(&str, Option<&str>)> = Vec::new();
    for cell in cells {
        let row = (cell.credential.as_str(), cell.workspace.as_deref());
        if !rows.contains(&row) {
            rows.push(row);
        }
    }
    let _ = writeln!(out, "## {}\n", text.matrix);
    let _ = writeln!(
        out,
        "| {} | {} | {} |",
        text.credential,
        text.workspace,
        permissions
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(out, "|---|---|{}", "---|".repeat(permissions.len()));
    for (credential, workspace) in rows {
        let states = permissions.iter().map(|permission| {
            let state = cells.iter().find(|cell| {
                cell.credential == credential
                    && cell.workspace.as_deref() == workspace
                    && cell.permission == *permission
            });
            match state.map(|cell| cell.state) {
                Some(CellState::Granted) => format!("✅ {}", text.granted),
                Some(CellState::Denied) => format!("❌ {}", text.denied),
                Some(CellState::Untested) => format!("· {}", text.untested),
                None => String::new(),
            }
        });
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            cell(credential),
            workspace.map_or_else(|| text.account_level.to_string(), |w| format!("`{w}`")),
            states.collect::<Vec<_>>().join(" | ")
        );
    }
    out.push('\n');
}

fn findings(out: &mut String, input: &ReportInput<'_>, text: &Phrases) {
    let _ = writeln!(out, "## {}\n", text.findings);
    if input.findings.is_empty() {
        let _ = writeln!(out, "{}\n", text.no_findings);
        return;
    }
    finding_list(out, input.findings, input.lang, text);
    out.push('\n');
}

/// Each finding as a list item: marker, cause, rule, proof, credentials, fix, and the cases and logids
/// that are its evidence.
pub(super) fn finding_list(out: &mut String, findings: &[Finding], lang: Lang, text: &Phrases) {
    for finding in findings {
        let marker = match finding.severity {
            Severity::Warning => "⚠️",
            Severity::Cause => "🔎",
            Severity::Info => "ℹ️",
        };
        let proof = if finding.proved {
            text.proved
        } else {
            text.not_proved
        };
        let about = if finding.credentials.is_empty() {
            String::new()
        } else {
            format!(
                " — {}: {}",
                text.credentials,
                finding
                    .credentials
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let _ = writeln!(
            out,
            "- {marker} **{}** `{}` ({proof}{about})",
            finding.cause.get(lang),
            finding.rule
        );
        let _ = writeln!(out, "  - {}: {}", text.fix, finding.fix.get(lang));
        if !finding.cases.is_empty() || !finding.logids.is_empty() {
            let cases = finding
                .cases
                .iter()
                .map(|c| format!("“{c}”"))
                .collect::<Vec<_>>()
                .join(", ");
            let logids = finding
                .logids
                .iter()
                .map(|l| format!("`{l}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                out,
                "  - {}: {}{}{}",
                text.evidence,
                cases,
                if cases.is_empty() || logids.is_empty() {
                    ""
                } else {
                    "; logid "
                },
                logids
            );
        }
    }
}

fn comparison(out: &mut String, input: &ReportInput<'_>, text: &Phrases) {
    let operations = operation_columns(input.scenario);
    let _ = writeln!(out, "## {}\n", text.comparison);
    let mut columns = vec![text.case, text.auth, text.scope_sent, "token"];
    let labels: Vec<String> = operations.iter().map(|column| column.label()).collect();
    columns.extend(labels.iter().map(String::as_str));
    columns.extend([text.error, text.logid]);
    let _ = writeln!(out, "| {} |", columns.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(columns.len()));
    for case in &input.scenario.cases {
        let mut row = vec![
            case_cell(case),
            auth_cell(case),
            scope_cell(case, text),
            probe_cell(case.probe(ProbeKind::Token), text),
        ];
        row.extend(
            operations
                .iter()
                .map(|column| probe_cell(column.cell(case), text)),
        );
        let failure = case.first_failure();
        row.push(failure.map(error_cell).unwrap_or_default());
        let logid = failure
            .and_then(|probe| probe.answer.logid.as_deref())
            .or_else(|| {
                case.probes
                    .iter()
                    .rev()
                    .find_map(|probe| probe.answer.logid.as_deref())
            });
        row.push(logid.map(|logid| format!("`{logid}`")).unwrap_or_default());
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
}

/// The case name; follow-ups carry an arrow so that they stand apart from the scenario's own rows.
fn case_cell(case: &CaseResult) -> String {
    match &case.follow_up {
        Some(_) => format!("↪ {} _(follow-up, {})_", cell(&case.name), case.region),
        None => cell(&case.name),
    }
}

fn auth_cell(case: &CaseResult) -> String {
    match case.auth.mode {
        AuthMode::Pat => format!("{} (PAT)", cell(&case.auth.name)),
        AuthMode::Jwt => format!(
            "{} (JWT, app {})",
            cell(&case.auth.name),
            cell(case.auth.app_id.as_deref().unwrap_or("?"))
        ),
    }
}

fn scope_cell(case: &CaseResult, text: &Phrases) -> String {
    match (&case.scope, case.auth.mode) {
        (_, AuthMode::Pat) => text.not_applicable.to_string(),
        (None, AuthMode::Jwt) => text.no_scope.to_string(),
        (Some(names), AuthMode::Jwt) => {
            format!(
                "`{}`",
                cell(&serde_json::to_string(names).unwrap_or_default())
            )
        }
    }
}

fn probe_cell(probe: Option<&ProbeResult>, text: &Phrases) -> String {
    match probe {
        Some(probe) => outcome_cell(probe.outcome),
        None => text.not_applicable.to_string(),
    }
}

fn error_cell(probe: &ProbeResult) -> String {
    let code = probe.answer.code_label();
    let message = probe.message_or_reason().unwrap_or_default();
    let mut short: String = message.chars().take(TABLE_MESSAGE_CHARS).collect();
    if short.len() < message.len() {
        short.push('…');
    }
    match code {
        Some(code) => format!(
            "{}: {}",
            probe.probe.name(),
            cell(&format!("{code} {short}"))
        ),
        None => format!("{}: {}", probe.probe.name(), cell(&short)),
    }
}

/// Each credential's fix, once per fix (a fix shared by several credentials names them all).
fn recommended_fix(out: &mut String, input: &ReportInput<'_>, text: &Phrases) {
    let mut fixes: Vec<(String, Vec<String>)> = Vec::new();
    for verdict in input.verdicts {
        let Some(cause) = verdict.cause() else {
            continue;
        };
        let fix = crate::diagnose::wording::fix(cause)
            .get(input.lang)
            .to_string();
        let who = format!("`{}`", verdict.credential);
        match fixes.iter_mut().find(|(known, _)| *known == fix) {
            Some((_, credentials)) => credentials.push(who),
            None => fixes.push((fix, vec![who])),
        }
    }
    if fixes.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {}\n", text.recommended_fix);
    for (fix, credentials) in fixes {
        let _ = writeln!(out, "- {}: {fix}", credentials.join(", "));
    }
    out.push('\n');
}

fn details(out: &mut String, input: &ReportInput<'_>, text: &Phrases) {
    let _ = writeln!(out, "## {}\n", text.details);
    for (index, case) in input.scenario.cases.iter().enumerate() {
        let _ = writeln!(out, "### {}. {}\n", index + 1, case.name.replace('\n', " "));
        let mut auth = format!(
            "- {}: `{}` (mode {})",
            text.auth, case.auth.name, case.auth.mode
        );
        if let Some(app_id) = &case.auth.app_id {
            let _ = write!(auth, " · {} `{app_id}`", text.app_id);
        }
        if let Some(kid) = &case.auth.kid {
            let _ = write!(auth, " · {} `{kid}`", text.kid);
        }
        let _ = writeln!(out, "{auth}");
        if let Some(follow_up) = &case.follow_up {
            let why = match follow_up.reason {
                FollowUpReason::NoScope => text.follow_up_no_scope,
                FollowUpReason::OtherRegion => text.follow_up_other_region,
                FollowUpReason::Binding => text.follow_up_binding,
                FollowUpReason::Resource => text.follow_up_resource,
            };
            let _ = writeln!(
                out,
                "- {}: “{}” — {why} ({}: {})",
                text.follow_up,
                follow_up.of.replace('\n', " "),
                text.region,
                case.region
            );
        }
        if case.auth.mode == AuthMode::Jwt {
            match scope_json(case) {
                Some(json) => {
                    let _ = writeln!(out, "- {}: `{json}`", text.scope_sent);
                }
                None => {
                    let _ = writeln!(out, "- {}: {}", text.scope_sent, text.scope_none_detail);
                }
            }
        }
        if !case.expect.is_empty() {
            let mismatches = case.mismatches();
            let expected = case
                .expect
                .iter()
                .map(|(kind, outcome)| format!("{} = {}", kind.name(), outcome))
                .collect::<Vec<_>>()
                .join(", ");
            let verdict = if mismatches.is_empty() {
                format!("✅ {}", text.expect_held)
            } else {
                let detail = mismatches
                    .iter()
                    .map(|m| format!("{}: {} ≠ {}", m.probe.name(), m.actual, m.expected))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("❌ {} ({detail})", text.expect_failed)
            };
            let _ = writeln!(out, "- {}: {expected} — {verdict}", text.expected);
        }
        if let Some(note) = &case.note {
            let _ = writeln!(out, "- {}: {}", text.note, note.replace('\n', " "));
        }
        if let Some(jwt) = &case.jwt {
            let _ = writeln!(out, "- {}: `{}`", text.jwt_header, jwt.header);
            let _ = writeln!(out, "- {}: `{}`", text.jwt_claims, jwt.claims);
        }
        if let Some(expires_at) = case
            .probe(ProbeKind::Token)
            .and_then(|probe| probe.token_expires_at)
        {
            let _ = writeln!(
                out,
                "- {}: {} UTC",
                text.token_expires,
                expires_at.format("%Y-%m-%d %H:%M:%S")
            );
        }
        let _ = writeln!(
            out,
            "- {}: `Authorization: Bearer [REDACTED]`, `Content-Type: application/json`, `User-Agent: cozescope/{}`",
            text.headers_sent, input.run.tool_version
        );
        for probe in case
            .probes
            .iter()
            .filter(|probe| probe.probe != ProbeKind::Token)
        {
            if probe.probe.operation().effect == crate::coze::catalogue::Effect::SpendsQuota
                && probe.was_sent()
            {
                let _ = writeln!(out, "- `{}`: {}", probe.probe.name(), text.spends_quota);
            }
            if let Some(seen) = &probe.workspaces_seen {
                let ids = if seen.is_empty() {
                    text.none.to_string()
                } else {
                    seen.iter()
                        .map(|id| format!("`{id}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let _ = writeln!(out, "- `{}` {}: {ids}", probe.probe.name(), text.saw);
            }
            if let Some(body) = probe
                .request
                .as_ref()
                .and_then(|request| request.body.as_ref())
            {
                let _ = writeln!(
                    out,
                    "- {} `{}`: `{body}`",
                    text.request_body,
                    probe.probe.name()
                );
            }
        }
        out.push('\n');
        let _ = writeln!(
            out,
            "| {} | {} | {} | HTTP | {} | {} | {} | {} | {} |",
            text.probe,
            text.request,
            text.outcome,
            text.code,
            text.message,
            text.logid,
            text.time_utc,
            text.duration
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|");
        for probe in &case.probes {
            let request = probe
                .request
                .as_ref()
                .map(|request| format!("`{} {}`", request.method.as_str(), cell(&request.path)))
                .unwrap_or_default();
            let code = probe
                .answer
                .code
                .map(|code| code.to_string())
                .or_else(|| probe.answer.error_code.clone())
                .unwrap_or_default();
            let message = probe
                .answer
                .message
                .as_deref()
                .map(cell)
                .or_else(|| {
                    probe.reason.as_ref().map(|reason| {
                        let reason = crate::diagnose::wording::reason(reason);
                        format!("_{}_", cell(reason.get(input.lang)))
                    })
                })
                .unwrap_or_default();
            let name = match &probe.workspace {
                Some(workspace) => {
                    format!("{} ({} `{workspace}`)", probe.probe.name(), text.workspace)
                }
                None => probe.probe.name().to_string(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                name,
                request,
                outcome_cell(probe.outcome),
                probe
                    .answer
                    .http_status
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                cell(&code),
                message,
                probe
                    .answer
                    .logid
                    .as_deref()
                    .map(|l| format!("`{l}`"))
                    .unwrap_or_default(),
                probe.started_at.format("%Y-%m-%d %H:%M:%S%.3f"),
                probe.duration_ms
            );
        }
        let retried: Vec<&ProbeResult> = case
            .probes
            .iter()
            .filter(|probe| !probe.attempts.is_empty())
            .collect();
        for probe in retried {
            let earlier = probe
                .attempts
                .iter()
                .map(|attempt| {
                    let code = attempt
                        .answer
                        .code_label()
                        .or_else(|| attempt.reason.as_ref().map(|reason| reason.to_string()))
                        .unwrap_or_default();
                    let logid = attempt
                        .answer
                        .logid
                        .as_deref()
                        .map(|l| format!(" `{l}`"))
                        .unwrap_or_default();
                    format!("{} ({}){logid}", attempt.outcome, cell(&code))
                })
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                out,
                "- {} `{}`: {earlier}",
                text.retried_after,
                probe.probe.name()
            );
        }
        out.push('\n');
    }
}

fn created_bots(out: &mut String, input: &ReportInput<'_>, text: &Phrases) {
    let created: Vec<(&CaseResult, &str)> = input
        .scenario
        .cases
        .iter()
        .flat_map(|case| {
            case.probes
                .iter()
                .filter_map(move |probe| probe.created_bot_id.as_deref().map(|id| (case, id)))
        })
        .collect();
    if created.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {}\n", text.created_bots);
    let _ = writeln!(out, "{}\n", text.created_bots_help);
    for (case, bot_id) in created {
        let _ = writeln!(out, "- `{bot_id}` ({})", cell(&case.name));
    }
    out.push('\n');
}

fn support(out: &mut String, input: &ReportInput<'_>, text: &Phrases) {
    let scenario = input.scenario;
    let studio = scenario.target.studio.is_some();
    if studio {
        // A self-hosted Studio is its operator's to trace: Coze support cannot see it.
        let _ = writeln!(out, "## {}\n", text.support_studio);
        let _ = writeln!(
            out,
            "{}\n",
            crate::diagnose::wording::studio_support().get(input.lang)
        );
        let _ = writeln!(
            out,
            "- {}: `{}` ({})\n",
            text.target, scenario.target.base_url, text.studio_target
        );
    } else {
        let _ = writeln!(out, "## {}\n", text.support);
        let _ = writeln!(out, "{}\n", text.support_intro);
        let _ = writeln!(
            out,
            "- {}: `{}` · {}: {}\n",
            text.target, scenario.target.base_url, text.region, scenario.target.region
        );
    }
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} | {} |",
        text.case,
        text.probe,
        text.time_utc,
        if studio {
            text.studio_logid
        } else {
            text.logid
        },
        text.outcome,
        text.code,
        text.app_id,
        text.kid
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
    for case in &scenario.cases {
        for probe in case
            .probes
            .iter()
            .filter(|probe| probe.outcome != Outcome::Skipped)
        {
            let code = probe.answer.code_label().unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                cell(&case.name),
                probe.probe.name(),
                probe.started_at.format("%Y-%m-%d %H:%M:%S%.3f"),
                probe
                    .answer
                    .logid
                    .as_deref()
                    .map(|l| format!("`{l}`"))
                    .unwrap_or_default(),
                probe.outcome,
                cell(&code),
                case.auth
                    .app_id
                    .as_deref()
                    .map(|a| format!("`{a}`"))
                    .unwrap_or_default(),
                case.auth
                    .kid
                    .as_deref()
                    .map(|k| format!("`{k}`"))
                    .unwrap_or_default(),
            );
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_pipes_and_newlines() {
        assert_eq!(cell("a|b\nc\r\nd\\"), "a\\|b<br>c<br>d\\\\");
    }
}
