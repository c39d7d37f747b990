//! When a failed probe is retried, and after how long: only where a retry is safe — token issuance (with a
//! fresh assertion), transport errors, HTTP 429 and 5xx — with exponential backoff, jitter, and the
//! server's `Retry-After`. A denial (4101, 4100, …) is an answer, never a reason to retry, and neither is
//! an exhausted quota (4028, 4011, …): it lasts until a person pays, upgrades or waits for the refresh.

use std::time::Duration;

use rand::Rng;

use crate::outcome::Outcome;
use crate::probe::ProbeKind;

/// Retries when nothing says otherwise.
pub const DEFAULT_RETRIES: u32 = 2;
/// The longest wait between attempts, including one asked for by `Retry-After`.
const MAX_WAIT: Duration = Duration::from_secs(30);

/// How many retries and how long to wait.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub retries: u32,
    pub base: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: DEFAULT_RETRIES,
            base: Duration::from_millis(400),
        }
    }
}

/// What a failed attempt looked like, for the retry decision.
pub struct Failure<'a> {
    pub kind: ProbeKind,
    pub outcome: Outcome,
    /// The connection was never established (the server cannot have acted).
    pub before_sending: bool,
    pub retry_after: Option<&'a str>,
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1-based), or `None` when the failure must not be retried.
    pub fn wait(&self, retry: u32, failure: &Failure<'_>) -> Option<Duration> {
        if retry > self.retries || !retryable(failure) {
            return None;
        }
        let asked = failure.retry_after.and_then(parse_retry_after);
        Some(asked.unwrap_or_else(|| self.backoff(retry)).min(MAX_WAIT))
    }

    /// `base · 2^(retry-1)`, with ±50 % jitter so that parallel cases do not retry in lockstep.
    fn backoff(&self, retry: u32) -> Duration {
        let exponential = self.base.saturating_mul(1u32 << (retry - 1).min(16));
        exponential.mul_f64(rand::rng().random_range(0.5..1.5))
    }
}

fn retryable(failure: &Failure<'_>) -> bool {
    // Creating, changing or spending is not idempotent: after a timeout or a 5xx the server may have acted,
    // so only a refused request (429, or no connection at all) is sent again.
    let idempotent = !failure.kind.has_side_effects();
    match failure.outcome {
        Outcome::RateLimited => true,
        Outcome::ServerError => idempotent,
        Outcome::NetworkError => idempotent || failure.before_sending,
        // A used-up quota answers the same way until someone acts; sending again only adds load.
        Outcome::QuotaExhausted => false,
        _ => false,
    }
}

/// `Retry-After` as delay-seconds (the HTTP-date form is rare on APIs and is ignored).
pub(super) fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(kind: ProbeKind, outcome: Outcome) -> Failure<'static> {
        Failure {
            kind,
            outcome,
            before_sending: false,
            retry_after: None,
        }
    }

    #[test]
    fn denials_and_exhausted_quotas_are_never_retried() {
        let policy = RetryPolicy::default();
        for outcome in [
            Outcome::DeniedPermission,
            Outcome::DeniedAuth,
            Outcome::BadRequest,
            Outcome::NotFound,
            Outcome::QuotaExhausted,
            Outcome::Ok,
            Outcome::Unexpected,
        ] {
            assert_eq!(
                policy.wait(1, &failure(ProbeKind::Token, outcome)),
                None,
                "{outcome}"
            );
        }
    }

    #[test]
    fn rate_limits_server_errors_and_transport_errors_are_retried_where_safe() {
        let policy = RetryPolicy::default();
        assert!(
            policy
                .wait(1, &failure(ProbeKind::Token, Outcome::ServerError))
                .is_some()
        );
        assert!(
            policy
                .wait(
                    1,
                    &failure(ProbeKind::ListWorkspaces, Outcome::NetworkError)
                )
                .is_some()
        );
        assert!(
            policy
                .wait(1, &failure(ProbeKind::CreateBot, Outcome::RateLimited))
                .is_some()
        );
        assert!(
            policy
                .wait(1, &failure(ProbeKind::CreateBot, Outcome::ServerError))
                .is_none()
        );
        assert!(
            policy
                .wait(1, &failure(ProbeKind::CreateBot, Outcome::NetworkError))
                .is_none()
        );
        let refused = Failure {
            before_sending: true,
            ..failure(ProbeKind::CreateBot, Outcome::NetworkError)
        };
        assert!(policy.wait(1, &refused).is_some());
    }

    #[test]
    fn retry_after_is_honoured_and_capped_and_retries_run_out() {
        let policy = RetryPolicy::default();
        let asked = Failure {
            retry_after: Some("2"),
            ..failure(ProbeKind::Token, Outcome::RateLimited)
        };
        assert_eq!(policy.wait(1, &asked), Some(Duration::from_secs(2)));
        let greedy = Failure {
            retry_after: Some("3600"),
            ..failure(ProbeKind::Token, Outcome::RateLimited)
        };
        assert_eq!(policy.wait(1, &greedy), Some(MAX_WAIT));
        assert_eq!(policy.wait(DEFAULT_RETRIES + 1, &asked), None);
    }

    #[test]
    fn backoff_grows_with_jitter_within_bounds() {
        let policy = RetryPolicy {
            retries: 5,
            base: Duration::from_millis(100),
        };
        for retry in 1..=4 {
            let wait = policy
                .wait(retry, &failure(ProbeKind::Token, Outcome::ServerError))
                .unwrap();
            let nominal = 100.0 * f64::from(1u32 << (retry - 1));
            let millis = wait.as_secs_f64() * 1000.0;
            assert!(
                millis >= nominal * 0.5 && millis <= nominal * 1.5,
                "retry {retry}: {millis}ms"
            );
        }
    }
}
