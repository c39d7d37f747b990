//! Rule `jti_replayed`: the token request was refused because the assertion's `jti` was already used, or
//! two token requests of the run carried the same `jti`. A JWT can be used only once.
//!
//! Grounds: doc oauth_jwt (doc oauth_jwt: "JWT 仅能使用一次"; `jti` random, > 32 bytes recommended; the
//! coze-py#322 fix made `jti` unique), INFERRED step 6 (single use through `jti`, INFERRED).

use crate::auth::AuthMode;
use crate::diagnose::evidence::{AuthFailure, Evidence, Facts, auth_rejection, error_text};
use crate::diagnose::finding::{Finding, Severity};
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::probe::ProbeKind;
use crate::runner::CaseResult;

pub const RULE: &str = "jti_replayed";

fn jti(case: &CaseResult) -> Option<&str> {
    case.jwt
        .as_ref()?
        .claims
        .get("jti")?
        .as_str()
        .filter(|jti| !jti.is_empty())
}

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let mut evidence = Evidence::default();
    let mut example = None;
    for case in facts.cases() {
        if let Some((probe, AuthFailure::Jti)) = auth_rejection(case) {
            evidence.add(case, Some(probe));
            example.get_or_insert(probe);
        }
    }
    // The same jti on two token requests of this run.
    let jwt_rows: Vec<&CaseResult> = facts
        .cases()
        .filter(|case| case.auth.mode == AuthMode::Jwt)
        .collect();
    for (index, case) in jwt_rows.iter().enumerate() {
        let Some(value) = jti(case) else { continue };
        if jwt_rows[..index]
            .iter()
            .any(|earlier| jti(earlier) == Some(value))
        {
            evidence.add(case, case.probe(ProbeKind::Token));
        }
    }
    if evidence.cases.is_empty() {
        return Vec::new();
    }
    let (en, zh) = match example {
        Some(probe) => (
            format!(
                "The service refused a token request because its JWT was already used ({}): each assertion is accepted once, keyed by its `jti`.",
                error_text(probe)
            ),
            format!("服务拒绝了令牌请求，因为其 JWT 已被使用过（{}）：每个 JWT 按 `jti` 只接受一次。", error_text(probe)),
        ),
        None => (
            "Two token requests of this run carried the same `jti`: the service accepts each assertion once, so the second one is refused or meaningless.".to_string(),
            "本次运行中有两个令牌请求携带了相同的 `jti`：服务对每个 JWT 只接受一次，因此第二个请求会被拒绝或没有意义。".to_string(),
        ),
    };
    vec![evidence.finding(
        RULE,
        Severity::Cause,
        Bilingual::new(en, zh),
        facts::FRESH_JTI.clone(),
    )]
}
