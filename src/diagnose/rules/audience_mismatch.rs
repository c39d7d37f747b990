//! Rule `audience_mismatch`: a JWT token request refused because the assertion's `aud` is not the API host
//! the service expects: the message says so, or (against a real target) the `aud` sent is not the
//! region's API host, e.g. the host of a proxy or of a custom base URL.
//!
//! Grounds: doc oauth_jwt (`aud` = "扣子 API 的 Endpoint，即 api.coze.cn", the bare host; the SDKs derive it
//! from the base URL, js takes it from the caller), doc oauth_jwt error codes (third-party records of `invalid aud`), INFERRED step 4.

use crate::auth::AuthMode;
use crate::coze::client::audience_of;
use crate::diagnose::evidence::{AuthFailure, Evidence, Facts, error_text};
use crate::diagnose::finding::{Finding, Severity};
use crate::diagnose::rejection::{Rejection, first_per_credential};
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::runner::CaseResult;

pub const RULE: &str = "audience_mismatch";

fn aud(case: &CaseResult) -> Option<String> {
    let claims = &case.jwt.as_ref()?.claims;
    match claims.get("aud")? {
        serde_json::Value::String(aud) => Some(aud.clone()),
        other => Some(other.to_string()),
    }
}

/// The `aud` the service addressed by this scenario expects.
fn expected_aud(facts: &Facts<'_>, case: &CaseResult) -> String {
    let target = &facts.scenario.target;
    if target.sandbox
        && let Some(aud) = reqwest::Url::parse(&target.base_url)
            .ok()
            .and_then(|url| audience_of(&url))
    {
        return aud;
    }
    case.region.api_host().to_string()
}

/// For a JWT row refused for its audience: the `aud` sent, the one expected, and whether the service said
/// so (else it is a guess).
fn audience(facts: &Facts<'_>, rejection: &Rejection<'_>) -> Option<(String, String, bool)> {
    let case = rejection.case;
    if case.auth.mode != AuthMode::Jwt {
        return None;
    }
    let sent = aud(case)?;
    let expected = expected_aud(facts, case);
    let said_so = rejection.failure == AuthFailure::Audience;
    // Only a guess when the service named no other reason: a kid, signature or clock message already
    // explains the refusal, and a custom base URL (a proxy, a standalone sandbox) expects its own host.
    let differs = rejection.failure == AuthFailure::Other
        && !facts.scenario.target.sandbox
        && !sent.eq_ignore_ascii_case(&expected);
    (said_so || differs).then_some((sent, expected, said_so))
}

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let applies = |rejection: &Rejection<'_>| audience(facts, rejection).is_some();
    for rejection in first_per_credential(Rejection::all(facts).filter(applies)) {
        let (case, probe) = (rejection.case, rejection.probe);
        let Some((sent, expected, said_so)) = audience(facts, &rejection) else {
            continue;
        };
        let mut evidence = Evidence::default();
        evidence.add(case, Some(probe));
        let (en, zh) = if said_so {
            (
                format!(
                    "The token request of credential `{}` was refused for its audience ({}): the JWT `aud` was `{sent}`, the service expects `{expected}`.",
                    case.auth.name,
                    error_text(probe)
                ),
                format!(
                    "凭证 `{}` 的令牌请求因 audience 被拒绝（{}）：JWT 的 `aud` 是 `{sent}`，服务期望的是 `{expected}`。",
                    case.auth.name,
                    error_text(probe)
                ),
            )
        } else {
            (
                format!(
                    "The token request of credential `{}` was rejected ({}) with `aud` = `{sent}`, which is not the API host `{expected}` the service expects (a proxy or custom base URL changes the host the assertion is signed for).",
                    case.auth.name,
                    error_text(probe)
                ),
                format!(
                    "凭证 `{}` 的令牌请求被拒绝（{}），其 `aud` = `{sent}`，不是服务期望的 API 主机 `{expected}`（使用代理或自定义基础 URL 会改变 JWT 签发时的主机名）。",
                    case.auth.name,
                    error_text(probe)
                ),
            )
        };
        findings.push(evidence.finding(
            RULE,
            if said_so {
                Severity::Cause
            } else {
                Severity::Info
            },
            Bilingual::new(en, zh),
            Bilingual::new(
                format!(
                    "{} Against the real service use `--target cn` or `--target com`.",
                    facts::AUD_IS_HOST.en
                ),
                format!(
                    "{}访问真实服务时请使用 `--target cn` 或 `--target com`。",
                    facts::AUD_IS_HOST.zh
                ),
            ),
        ));
    }
    findings
}
