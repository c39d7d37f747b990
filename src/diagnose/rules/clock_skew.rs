//! Rule `clock_skew`: the local clock and the service's disagree. It compares each response's `Date`
//! header with the local time the request was sent, and the JWT's `iat`/`exp` with the service's time. A
//! cause when a token request was refused for its times (or refused while the skew is large), a note
//! otherwise.
//!
//! Grounds: doc oauth_jwt (`iat` "一般为当前时刻", `exp` must be after `iat`), INFERRED step 5
//! (`iat <= now + skew < exp`, INFERRED), doc oauth_jwt error codes (third-party records of `expired`).

use chrono::{DateTime, Utc};

use crate::auth::AuthMode;
use crate::diagnose::evidence::{AuthFailure, Evidence, Facts, auth_rejection, error_text, quoted};
use crate::diagnose::finding::{Finding, Severity};
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::probe::ProbeKind;
use crate::runner::{CaseResult, ProbeResult};

pub const RULE: &str = "clock_skew";

/// A difference between the clocks worth reporting, in seconds (`Date` has one-second resolution and the
/// response arrives after the request left).
pub const NOTICE_SECONDS: u64 = 30;

/// The service's time for a response, from its `Date` header.
fn server_time(probe: &ProbeResult) -> Option<DateTime<Utc>> {
    let date = probe.server_date.as_deref()?;
    DateTime::parse_from_rfc2822(date.trim())
        .ok()
        .map(|time| time.with_timezone(&Utc))
}

/// Local minus service time, in seconds (positive: the local clock is ahead). The service stamped `Date`
/// somewhere between sending and receiving, so only the distance outside that window (with a second of
/// `Date` resolution on each side) counts: a slow response is not a skewed clock.
fn skew(probe: &ProbeResult) -> Option<i64> {
    let server = server_time(probe)?;
    let sent = probe.started_at - chrono::Duration::seconds(1);
    let received = probe.started_at
        + chrono::Duration::milliseconds(i64::try_from(probe.duration_ms).unwrap_or(i64::MAX / 2))
        + chrono::Duration::seconds(1);
    let rounded = |gap: chrono::Duration| (gap.num_milliseconds() + 500).div_euclid(1000);
    Some(if server < sent {
        rounded(sent - server)
    } else if server > received {
        -rounded(server - received)
    } else {
        0
    })
}

fn claim(case: &CaseResult, name: &str) -> Option<i64> {
    case.jwt.as_ref()?.claims.get(name)?.as_i64()
}

/// What the service's clock says about a JWT case's assertion.
fn assertion_times(case: &CaseResult, token: &ProbeResult) -> Option<(String, String)> {
    let server = server_time(token)?.timestamp();
    let iat = claim(case, "iat");
    let exp = claim(case, "exp");
    if let Some(iat) = iat.filter(|iat| *iat > server) {
        let ahead = iat.saturating_sub(server);
        return Some((
            format!(
                "the JWT of {} had `iat` {ahead} s in the service's future",
                quoted(case)
            ),
            format!("{} 的 JWT 的 `iat` 比服务端时间晚 {ahead} 秒", quoted(case)),
        ));
    }
    if let Some(exp) = exp.filter(|exp| *exp <= server) {
        let behind = server.saturating_sub(exp);
        return Some((
            format!(
                "the JWT of {} had `exp` {behind} s in the service's past",
                quoted(case)
            ),
            format!(
                "{} 的 JWT 的 `exp` 比服务端时间早 {behind} 秒",
                quoted(case)
            ),
        ));
    }
    None
}

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    // The largest disagreement seen on any response.
    let worst = facts
        .cases()
        .flat_map(|case| case.probes.iter().map(move |probe| (case, probe)))
        .filter_map(|(case, probe)| skew(probe).map(|seconds| (case, probe, seconds)))
        .max_by_key(|(_, _, seconds)| seconds.unsigned_abs());
    let large = worst.filter(|(_, _, seconds)| seconds.unsigned_abs() > NOTICE_SECONDS);

    // Token requests refused for their times, or refused while the clocks disagree.
    let refused: Vec<(&CaseResult, &ProbeResult)> = facts
        .cases()
        .filter(|case| case.auth.mode == AuthMode::Jwt)
        .filter_map(|case| {
            let (probe, failure) = auth_rejection(case)?;
            (probe.probe == ProbeKind::Token
                && (failure == AuthFailure::Clock
                    || (large.is_some() && failure == AuthFailure::Other)))
                .then_some((case, probe))
        })
        .collect();
    if refused.is_empty() && large.is_none() {
        return Vec::new();
    }

    let mut evidence = Evidence::default();
    let mut en = String::new();
    let mut zh = String::new();
    if let Some((case, probe, seconds)) = large {
        evidence.add(case, Some(probe));
        let (way_en, way_zh) = if seconds > 0 {
            ("ahead of", "快")
        } else {
            ("behind", "慢")
        };
        en.push_str(&format!(
            "The local clock is about {} s {way_en} the service's (`Date: {}` on {}, sent at {} local).",
            seconds.unsigned_abs(),
            probe.server_date.as_deref().unwrap_or_default(),
            quoted(case),
            probe.started_at.format("%Y-%m-%d %H:%M:%S UTC")
        ));
        zh.push_str(&format!(
            "本机时钟比服务端{way_zh}约 {} 秒（{} 的响应头 `Date: {}`，本机发送时间 {}）。",
            seconds.unsigned_abs(),
            quoted(case),
            probe.server_date.as_deref().unwrap_or_default(),
            probe.started_at.format("%Y-%m-%d %H:%M:%S UTC")
        ));
    }
    for (case, probe) in &refused {
        evidence.add(case, Some(probe));
        let times = assertion_times(case, probe);
        if !en.is_empty() {
            en.push(' ');
        }
        match times {
            Some((times_en, times_zh)) => {
                en.push_str(&format!(
                    "The service refused the token request because {times_en} ({}).",
                    error_text(probe)
                ));
                zh.push_str(&format!(
                    "服务拒绝了令牌请求，因为{times_zh}（{}）。",
                    error_text(probe)
                ));
            }
            None => {
                en.push_str(&format!(
                    "The token request of {} was refused ({}), consistent with the JWT's `iat`/`exp` being judged by the service's clock.",
                    quoted(case),
                    error_text(probe)
                ));
                zh.push_str(&format!(
                    "{} 的令牌请求被拒绝（{}），这与服务端按自己的时钟判断 JWT 的 `iat`/`exp` 相符。",
                    quoted(case),
                    error_text(probe)
                ));
            }
        }
    }
    let severity = if refused.is_empty() {
        Severity::Info
    } else {
        Severity::Cause
    };
    vec![evidence.finding(RULE, severity, Bilingual::new(en, zh), facts::CLOCK.clone())]
}
