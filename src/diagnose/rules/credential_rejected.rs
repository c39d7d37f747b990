//! Rule `credential_rejected`: a credential rejected for authentication in both regions (the other-region
//! follow-up failed too), with no more specific reason (key, audience, clock, jti, app type): the token is
//! mistyped, revoked or expired, or the JWT never reached the service (`verify jwt empty error`).
//!
//! Grounds: doc pat (PAT format `pat_` + 64 characters, bound to workspaces), the Coze error-code page (4100, 700012006),
//! doc oauth_jwt error codes (`verify jwt empty error`, coze-js#313), GitHub issues (coze-js#314: 4100 with an OAuth token, unresolved).

use crate::auth::AuthMode;
use crate::diagnose::evidence::{AuthFailure, Facts, error_text};
use crate::diagnose::finding::{Finding, Severity};
use crate::diagnose::rejection::{Rejection, first_per_credential};
use crate::i18n::Bilingual;
use crate::knowledge::facts;

pub const RULE: &str = "credential_rejected";

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let applies = |rejection: &Rejection<'_>| match rejection.failure {
        AuthFailure::EmptyJwt => true,
        AuthFailure::TokenIncorrect
        | AuthFailure::AuthenticationInvalid
        | AuthFailure::AccessTokenInvalid
        | AuthFailure::Other => rejection.in_both_regions(),
        _ => false,
    };
    let mut findings = Vec::new();
    for rejection in first_per_credential(Rejection::all(facts).filter(applies)) {
        let (case, probe) = (rejection.case, rejection.probe);
        let (en, zh, fix_en, fix_zh) = match (rejection.failure, case.auth.mode) {
            (AuthFailure::EmptyJwt, _) => (
                format!(
                    "The token request of credential `{}` was rejected ({}): the service found no JWT in `Authorization: Bearer …` (coze-js#313).",
                    case.auth.name,
                    error_text(probe)
                ),
                format!(
                    "凭证 `{}` 的令牌请求被拒绝（{}）：服务在 `Authorization: Bearer …` 中没有找到 JWT（coze-js#313）。",
                    case.auth.name,
                    error_text(probe)
                ),
                format!("Send the signed JWT as `Authorization: Bearer <jwt>` to the token endpoint. {}", facts::CHECK_KID.en),
                format!("把签好的 JWT 以 `Authorization: Bearer <jwt>` 发给令牌接口。{}", facts::CHECK_KID.zh),
            ),
            (_, AuthMode::Pat) => (
                format!(
                    "Personal access token `{}` is not accepted in either region ({}): it is mistyped or truncated, revoked, expired, or not a PAT.",
                    case.auth.name,
                    error_text(probe)
                ),
                format!(
                    "个人访问令牌 `{}` 在两个区域都不被接受（{}）：令牌输错或被截断、已撤销、已过期，或者根本不是 PAT。",
                    case.auth.name,
                    error_text(probe)
                ),
                "Create a new PAT in the console of your region (https://www.coze.cn/open/oauth/pats or https://www.coze.com/open/oauth/pats), check its expiry, and paste it whole (`pat_` followed by 64 characters).".to_string(),
                "在你所在区域的控制台新建一个 PAT（https://www.coze.cn/open/oauth/pats 或 https://www.coze.com/open/oauth/pats），检查有效期，并完整粘贴（`pat_` 加 64 个字符）。".to_string(),
            ),
            (_, AuthMode::Jwt) => (
                format!(
                    "The token request of credential `{}` is not accepted in either region ({}).",
                    case.auth.name,
                    error_text(probe)
                ),
                format!("凭证 `{}` 的令牌请求在两个区域都不被接受（{}）。", case.auth.name, error_text(probe)),
                facts::CHECK_KID.en.to_string(),
                facts::CHECK_KID.zh.to_string(),
            ),
        };
        findings.push(rejection.evidence().finding(
            RULE,
            Severity::Cause,
            Bilingual::new(en, zh),
            Bilingual::new(fix_en, fix_zh),
        ));
    }
    findings
}
