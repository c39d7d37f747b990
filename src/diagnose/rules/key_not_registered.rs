//! Rule `key_not_registered`: a JWT app's key is not accepted in either region: `invalid jwt: kid not been
//! registred` here and a rejection in the other region's follow-up too (so the region is not the cause), or
//! a signature that does not verify (the kid is known, the private key is not its pair). The kid, the app id
//! (`iss`) or the private key is wrong.
//!
//! Grounds: reference §2.2 (header `kid` = the public key fingerprint, `iss` = app id), §2.5 (`kid not been
//! registred` means wrong region or an unregistered kid: coze-py#148, #230), §9.2 (kid checked before the
//! signature), coze-py#108 (the client id is the app id).

use crate::auth::AuthMode;
use crate::diagnose::evidence::{
    AuthFailure, Evidence, Facts, auth_rejection, authenticated, error_text, quoted_all,
};
use crate::diagnose::finding::{Finding, Localized, Severity};
use crate::explain::facts;
use crate::runner::CaseResult;

pub const RULE: &str = "key_not_registered";

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut done: Vec<&str> = Vec::new();
    for case in facts
        .home_rows()
        .filter(|case| case.auth.mode == AuthMode::Jwt)
    {
        let Some((probe, failure)) = auth_rejection(case) else {
            continue;
        };
        if done.contains(&case.auth.name.as_str()) {
            continue;
        }
        let other_rows: Vec<&CaseResult> = facts.other_region_rows(case).collect();
        let both_regions =
            !other_rows.is_empty() && !other_rows.iter().any(|row| authenticated(row));
        let applies = match failure {
            AuthFailure::KidNotRegistered => both_regions,
            AuthFailure::Signature => true,
            _ => false,
        };
        if !applies {
            continue;
        }
        done.push(&case.auth.name);
        let mut evidence = Evidence::default();
        evidence.add(case, Some(probe));
        for row in &other_rows {
            evidence.add(row, auth_rejection(row).map(|(probe, _)| probe));
        }
        let kid = case.auth.kid.as_deref().unwrap_or("?");
        let app = case.auth.app_id.as_deref().unwrap_or("?");
        let (en, zh) = if failure == AuthFailure::Signature {
            (
                format!(
                    "The token request of credential `{}` was rejected ({}): the service knows key `{kid}` of app `{app}`, but the signature does not verify, so the private key is not the pair of the public key registered under that kid.",
                    case.auth.name,
                    error_text(probe)
                ),
                format!(
                    "凭证 `{}` 的令牌请求被拒绝（{}）：服务认识应用 `{app}` 的公钥 `{kid}`，但签名校验失败，说明所用私钥与该 kid 下登记的公钥不配对。",
                    case.auth.name,
                    error_text(probe)
                ),
            )
        } else {
            (
                format!(
                    "Neither region knows key `{kid}` for app `{app}`: {} in `{}` and the other-region row was rejected too ({}). The region is not the problem: the kid or the app id is wrong, or the public key was removed from the app.",
                    error_text(probe),
                    case.region,
                    quoted_all(other_rows.iter().copied(), ", ")
                ),
                format!(
                    "两个区域都不认识应用 `{app}` 的公钥 `{kid}`：在 `{}` 返回 {}，另一区域的行也被拒绝（{}）。问题不在区域：kid 或应用 ID 不对，或者该公钥已从应用中删除。",
                    case.region,
                    error_text(probe),
                    quoted_all(other_rows.iter().copied(), "、")
                ),
            )
        };
        findings.push(Finding {
            rule: RULE,
            severity: Severity::Cause,
            cause: Localized::new(en, zh),
            fix: facts::CHECK_KID.localized(),
            cases: evidence.cases,
            logids: evidence.logids,
        });
    }
    findings
}
