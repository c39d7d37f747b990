//! Findings: the report's list of what went wrong. Each verdict's causes become findings about that
//! credential (never shared because "both failed"); the run as a whole adds a warning when every row
//! failed authentication, and notes that are no cause: a skewed clock, an `aud` a proxy changed, throttling
//! or server failures that retries recovered.

use super::clock;
use super::credential::CredentialView;
use super::evidence::{AuthFailure, auth_rejection, authenticated};
use super::finding::{Finding, Severity};
use super::verdict::{Cited, Verdict};
use super::wording;
use crate::auth::AuthMode;
use crate::coze::region::Region;
use crate::outcome::Outcome;
use crate::runner::{CaseResult, ScenarioResult};

/// Rule ids of findings that are not a hypothesis about one credential.
pub mod ids {
    pub const ALL_AUTH_FAILED: &str = "all_auth_failed";
}

fn finding(
    rule: &'static str,
    severity: Severity,
    text: (crate::i18n::Bilingual, crate::i18n::Bilingual),
    credentials: Vec<String>,
    proved: bool,
    rows: &[Cited],
) -> Finding {
    let mut cases: Vec<String> = Vec::new();
    let mut logids: Vec<String> = Vec::new();
    for row in rows {
        if !cases.contains(&row.case) {
            cases.push(row.case.clone());
        }
        if let Some(logid) = row.logid.as_ref().filter(|l| !l.is_empty())
            && !logids.contains(logid)
        {
            logids.push(logid.clone());
        }
    }
    Finding {
        rule,
        severity,
        cause: text.0,
        fix: text.1,
        credentials,
        proved,
        cases,
        logids,
    }
}

/// Every finding: the run's warning first, then each verdict's causes, then the notes.
pub fn findings(scenario: &ScenarioResult, verdicts: &[Verdict]) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    out.extend(all_auth_failed(scenario));
    for verdict in verdicts {
        for cause in &verdict.causes {
            out.push(finding(
                cause.hypothesis().id(),
                Severity::Cause,
                (wording::cause(cause), wording::fix(cause)),
                vec![verdict.credential.clone()],
                cause.proved,
                &cause.evidence,
            ));
        }
    }
    let causes = |id: &str| {
        verdicts
            .iter()
            .flat_map(|verdict| &verdict.causes)
            .any(|cause| cause.hypothesis().id() == id)
    };
    if !causes("clock_skew") {
        out.extend(clock_note(scenario));
    }
    if !causes("audience_mismatch") {
        out.extend(audience_notes(scenario));
    }
    for outcome in [Outcome::RateLimited, Outcome::ServerError] {
        out.extend(recovered(scenario, outcome));
    }
    out
}

/// Every probe the scenario itself made failed authentication: one warning on top.
fn all_auth_failed(scenario: &ScenarioResult) -> Option<Finding> {
    // A self-hosted Studio has no region to blame and refuses web paths whatever the credential: its
    // verdicts name the reason.
    if scenario.target.studio.is_some() {
        return None;
    }
    let own: Vec<&CaseResult> = scenario
        .cases
        .iter()
        .filter(|case| case.follow_up.is_none())
        .collect();
    let attempted: Vec<Cited> = own
        .iter()
        .flat_map(|case| case.probes.iter().map(move |probe| (*case, probe)))
        .filter(|(_, probe)| probe.outcome != Outcome::Skipped)
        .map(|(case, probe)| Cited::of(case, probe))
        .collect();
    if attempted.is_empty()
        || !attempted
            .iter()
            .all(|row| row.outcome == Outcome::DeniedAuth)
    {
        return None;
    }
    let mut tried: Vec<&str> = attempted.iter().map(|row| row.case.as_str()).collect();
    tried.dedup();
    let untried = own.len() - tried.len();
    let rescued: Vec<&CaseResult> = scenario
        .cases
        .iter()
        .filter(|case| case.follow_up.is_some() && authenticated(case))
        .collect();
    let mut regions: Vec<Region> = Vec::new();
    for case in rescued
        .iter()
        .filter(|case| case.region != scenario.target.region)
    {
        if !regions.contains(&case.region) {
            regions.push(case.region);
        }
    }
    let region = match regions.as_slice() {
        [region] => Some(*region),
        _ => None,
    };
    let credentials: Vec<String> = CredentialView::all(scenario)
        .iter()
        .map(|view| view.name.to_string())
        .collect();
    Some(finding(
        ids::ALL_AUTH_FAILED,
        Severity::Warning,
        wording::all_auth_failed(tried.len(), untried, !rescued.is_empty(), region),
        credentials,
        true,
        &attempted,
    ))
}

/// A large disagreement between the clocks on a run no token request was refused for.
fn clock_note(scenario: &ScenarioResult) -> Option<Finding> {
    let (case, probe, seconds) = scenario
        .cases
        .iter()
        .flat_map(|case| case.probes.iter().map(move |probe| (case, probe)))
        .filter_map(|(case, probe)| clock::skew(probe).map(|seconds| (case, probe, seconds)))
        .max_by_key(|(_, _, seconds)| seconds.unsigned_abs())?;
    if seconds.unsigned_abs() <= clock::NOTICE_SECONDS {
        return None;
    }
    Some(finding(
        "clock_skew",
        Severity::Info,
        wording::clock_note(seconds, probe.server_date.as_deref().unwrap_or_default()),
        vec![case.auth.name.clone()],
        true,
        &[Cited::of(case, probe)],
    ))
}

/// A JWT refused with no reason named, through a URL whose host is not the region's API host: the `aud`
/// it was signed for may be the reason (a note: the service did not say so).
fn audience_notes(scenario: &ScenarioResult) -> Vec<Finding> {
    if scenario.target.sandbox {
        return Vec::new();
    }
    let mut out: Vec<Finding> = Vec::new();
    for case in scenario
        .cases
        .iter()
        .filter(|case| case.auth.mode == AuthMode::Jwt)
    {
        let Some((probe, AuthFailure::Other)) = auth_rejection(case) else {
            continue;
        };
        let sent = case
            .jwt
            .as_ref()
            .and_then(|jwt| jwt.claims.get("aud"))
            .and_then(|aud| aud.as_str())
            .unwrap_or_default();
        let expected = case.region.api_host();
        if sent.eq_ignore_ascii_case(expected)
            || out
                .iter()
                .any(|known| known.credentials.contains(&case.auth.name))
        {
            continue;
        }
        out.push(finding(
            "audience_mismatch",
            Severity::Info,
            wording::audience_note(sent, expected),
            vec![case.auth.name.clone()],
            false,
            &[Cited::of(case, probe)],
        ));
    }
    out
}

/// Probes throttled or failed on attempts that retries recovered: the results stand.
fn recovered(scenario: &ScenarioResult, outcome: Outcome) -> Option<Finding> {
    let mut rows: Vec<Cited> = Vec::new();
    let mut codes: Vec<String> = Vec::new();
    let mut credentials: Vec<String> = Vec::new();
    for case in &scenario.cases {
        for probe in case.probes.iter().filter(|probe| probe.outcome != outcome) {
            for attempt in probe.attempts.iter().filter(|a| a.outcome == outcome) {
                let code = attempt.answer.code_label().unwrap_or_default();
                if !codes.contains(&code) {
                    codes.push(code);
                }
                rows.push(Cited {
                    logid: attempt.answer.logid.clone(),
                    ..Cited::of(case, probe)
                });
                if !credentials.contains(&case.auth.name) {
                    credentials.push(case.auth.name.clone());
                }
            }
        }
    }
    if rows.is_empty() {
        return None;
    }
    let rule = if outcome == Outcome::RateLimited {
        "rate_limited"
    } else {
        "server_error"
    };
    Some(finding(
        rule,
        Severity::Info,
        wording::recovered(outcome, &codes),
        credentials,
        true,
        &rows,
    ))
}
