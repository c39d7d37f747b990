//! Rule `key_not_registered`: a JWT app's key is not accepted in either region: `invalid jwt: kid not been
//! registred` here and a rejection in the other region's follow-up too (so the region is not the cause), or
//! a signature that does not verify (the kid is known, the private key is not its pair). The kid, the app id
//! (`iss`) or the private key is wrong.
//!
//! Grounds: doc oauth_jwt (header `kid` = the public key fingerprint, `iss` = app id), doc oauth_jwt error codes (`kid not been
//! registred` means wrong region or an unregistered kid: coze-py#148, #230), INFERRED (kid checked before the
//! signature), coze-py#108 (the client id is the app id).

use crate::auth::AuthMode;
use crate::diagnose::evidence::{AuthFailure, Facts, error_text, quoted_all};
use crate::diagnose::finding::{Finding, Severity};
use crate::diagnose::rejection::{Rejection, first_per_credential};
use crate::i18n::Bilingual;
use crate::knowledge::facts;

pub const RULE: &str = "key_not_registered";

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let applies = |rejection: &Rejection<'_>| {
        rejection.case.auth.mode == AuthMode::Jwt
            && match rejection.failure {
                AuthFailure::KidNotRegistered => rejection.in_both_regions(),
                AuthFailure::Signature => true,
                _ => false,
            }
    };
    let mut findings = Vec::new();
    for rejection in first_per_credential(Rejection::all(facts).filter(applies)) {
        let (case, probe, failure) = (rejection.case, rejection.probe, rejection.failure);
        let other_rows = &rejection.other_rows;
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
        findings.push(rejection.evidence().finding(
            RULE,
            Severity::Cause,
            Bilingual::new(en, zh),
            facts::CHECK_KID.clone(),
        ));
    }
    findings
}
