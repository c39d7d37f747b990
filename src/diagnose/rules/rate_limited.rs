//! Rule `rate_limited`: probes throttled (HTTP 429, 4013, 4020), finally or on an attempt the runner
//! retried. Says which rows are inconclusive, what to retry and how, and lists the logids.
//!
//! Grounds: doc coze_api_overview (no SDK retries or reads `Retry-After`; 5 QPS per collaborator API; model limits
//! as business codes 4013/4020/4008), coze-py request.py, coze-js error.ts (js maps 429/4013 to RateLimitError), the Coze error-code page

use crate::diagnose::evidence::{Facts, quoted_all};
use crate::diagnose::finding::{Finding, Severity};
use crate::diagnose::transient::{AttemptCode, Transient};
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::outcome::Outcome;

pub const RULE: &str = "rate_limited";

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let Some(found) =
        Transient::collect(facts, Outcome::RateLimited, AttemptCode::BusinessOrStatus)
    else {
        return Vec::new();
    };
    let codes = found.codes.join(", ");
    let (en, zh, severity) = if found.failed.is_empty() {
        (
            format!(
                "The service throttled some requests ({codes}); the retries succeeded ({}), so the results stand.",
                quoted_all(found.recovered.iter().copied(), ", ")
            ),
            format!(
                "服务对部分请求限流（{codes}）；重试成功了（{}），结果有效。",
                quoted_all(found.recovered.iter().copied(), "、")
            ),
            Severity::Info,
        )
    } else {
        (
            format!(
                "The service throttled requests ({codes}): {} ended rate limited, so those rows say nothing about permissions.",
                quoted_all(found.failed.iter().copied(), ", ")
            ),
            format!(
                "服务对请求限流（{codes}）：{} 最终被限流，这些行无法说明任何权限问题。",
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
            format!("Run those cases again. {}", facts::RETRY_RATE_LIMIT.en),
            format!("请重新运行这些用例。{}", facts::RETRY_RATE_LIMIT.zh),
        ),
    )]
}
