//! Rule `rate_limited`: probes throttled (HTTP 429, 4013, 4020), finally or on an attempt the runner
//! retried. Says which rows are inconclusive, what to retry and how, and lists the logids.
//!
//! Grounds: reference §7 (no SDK retries or reads `Retry-After`; 5 QPS per collaborator API; model limits
//! as business codes 4013/4020/4008), §6.2 (js maps 429/4013 to RateLimitError), §6.3.

use crate::diagnose::evidence::{Evidence, Facts, code_of, quoted_all};
use crate::diagnose::finding::{Finding, Localized, Severity};
use crate::explain::facts;
use crate::outcome::Outcome;
use crate::runner::CaseResult;

pub const RULE: &str = "rate_limited";

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let mut evidence = Evidence::default();
    let mut inconclusive: Vec<&CaseResult> = Vec::new();
    let mut recovered: Vec<&CaseResult> = Vec::new();
    let mut codes: Vec<String> = Vec::new();
    for case in facts.cases() {
        for probe in &case.probes {
            let earlier: Vec<_> = probe
                .attempts
                .iter()
                .filter(|a| a.outcome == Outcome::RateLimited)
                .collect();
            let last = probe.outcome == Outcome::RateLimited;
            if !last && earlier.is_empty() {
                continue;
            }
            evidence.add_case(case);
            for attempt in &earlier {
                if let Some(logid) = &attempt.logid {
                    evidence.add_logid(logid);
                }
                let code = attempt
                    .code
                    .map(|c| c.to_string())
                    .or_else(|| attempt.http_status.map(|s| format!("HTTP {s}")));
                if let Some(code) = code.filter(|code| !codes.contains(code)) {
                    codes.push(code);
                }
            }
            if last {
                if let Some(logid) = &probe.logid {
                    evidence.add_logid(logid);
                }
                let code = code_of(probe);
                if !codes.contains(&code) {
                    codes.push(code);
                }
                if !inconclusive.iter().any(|known| known.name == case.name) {
                    inconclusive.push(case);
                }
            } else if !recovered.iter().any(|known| known.name == case.name) {
                recovered.push(case);
            }
        }
    }
    if evidence.cases.is_empty() {
        return Vec::new();
    }
    let codes = codes.join(", ");
    let (en, zh, severity) = if inconclusive.is_empty() {
        (
            format!(
                "The service throttled some requests ({codes}); the retries succeeded ({}), so the results stand.",
                quoted_all(recovered.iter().copied(), ", ")
            ),
            format!(
                "服务对部分请求限流（{codes}）；重试成功了（{}），结果有效。",
                quoted_all(recovered.iter().copied(), "、")
            ),
            Severity::Info,
        )
    } else {
        (
            format!(
                "The service throttled requests ({codes}): {} ended rate limited, so those rows say nothing about permissions.",
                quoted_all(inconclusive.iter().copied(), ", ")
            ),
            format!(
                "服务对请求限流（{codes}）：{} 最终被限流，这些行无法说明任何权限问题。",
                quoted_all(inconclusive.iter().copied(), "、")
            ),
            Severity::Cause,
        )
    };
    vec![Finding {
        rule: RULE,
        severity,
        cause: Localized::new(en, zh),
        fix: Localized::new(
            format!("Run those cases again. {}", facts::RETRY_RATE_LIMIT.en),
            format!("请重新运行这些用例。{}", facts::RETRY_RATE_LIMIT.zh),
        ),
        cases: evidence.cases,
        logids: evidence.logids,
    }]
}
