//! Rule `server_error`: the service failed (HTTP 5xx, 5000, 702042078, 720701013, `internal_error`), finally
//! or on an attempt the runner retried. Says what to retry, that a 5000 can hide a bad id, and lists the
//! logids to give Coze support.
//!
//! Grounds: the Coze error-code page (5000 "We're currently experiencing server issues…"; 702042078 on publish,
//! coze-java#47; 720701013), GitHub issues coze-js#179 (5000 hiding a wrong bot id), doc oauth_jwt error codes (`internal_error`
//! "Service internal error."), doc create_bot response (logid).

use crate::diagnose::evidence::{Facts, quoted_all};
use crate::diagnose::finding::{Finding, Severity};
use crate::diagnose::transient::{AttemptCode, Transient};
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::outcome::Outcome;

pub const RULE: &str = "server_error";

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let Some(found) = Transient::collect(
        facts,
        Outcome::ServerError,
        AttemptCode::BusinessOAuthOrStatus,
    ) else {
        return Vec::new();
    };
    let codes = found.codes.join(", ");
    let (en, zh, severity) = if found.failed.is_empty() {
        (
            format!(
                "The service failed on some requests ({codes}); the retries succeeded ({}), so the results stand. The logids are listed in case support asks.",
                quoted_all(found.recovered.iter().copied(), ", ")
            ),
            format!(
                "服务在部分请求上出错（{codes}）；重试成功了（{}），结果有效。如技术支持需要，logid 已列出。",
                quoted_all(found.recovered.iter().copied(), "、")
            ),
            Severity::Info,
        )
    } else {
        (
            format!(
                "The service failed ({codes}) on {}: a server-side error, not a permission verdict, so those rows are inconclusive.",
                quoted_all(found.failed.iter().copied(), ", ")
            ),
            format!(
                "服务在 {} 上出错（{codes}）：这是服务端错误，不是权限判定，这些行没有结论。",
                quoted_all(found.failed.iter().copied(), "、")
            ),
            Severity::Cause,
        )
    };
    vec![found.evidence.finding(
        RULE,
        severity,
        Bilingual::new(en, zh),
        Bilingual::new(
            format!("{} {}", facts::RETRY_SERVER_ERROR.en, facts::GIVE_LOGIDS.en),
            format!("{}{}", facts::RETRY_SERVER_ERROR.zh, facts::GIVE_LOGIDS.zh),
        ),
    )]
}
