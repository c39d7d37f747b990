//! Request economy, shared by every case of a run: the request budget (`--max-requests`: a free Coze account
//! has 500 API calls in its whole life) and the client-side rate limit (`--qps`), which also slows down by
//! itself when the service throttles (HTTP 429, code 4013), so that a rate-limited target is used near its
//! limit without a storm of retries. The report counts the requests from the results themselves.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use tokio::time::Instant;

/// The budget and the rate limit of one run.
#[derive(Debug)]
pub struct Meter {
    budget: Option<u32>,
    taken: AtomicU32,
    limiter: Option<Limiter>,
}

impl Meter {
    pub fn new(max_requests: Option<u32>, qps: Option<f64>) -> Meter {
        Meter {
            budget: max_requests,
            taken: AtomicU32::new(0),
            limiter: qps.map(Limiter::new),
        }
    }

    /// Takes one request from the budget and waits for its turn under the rate limit; the budget, as the
    /// error, when it is used up (the request must not be sent).
    pub async fn acquire(&self) -> Result<(), u32> {
        self.taken
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |taken| {
                self.budget
                    .is_none_or(|budget| taken < budget)
                    .then_some(taken + 1)
            })
            .map_err(|_| self.budget.unwrap_or_default())?;
        if let Some(limiter) = &self.limiter {
            limiter.wait_turn().await;
        }
        Ok(())
    }

    /// The service throttled a request: slow down, and wait at least `retry_after` before the next one.
    pub fn throttled(&self, retry_after: Option<Duration>) {
        if let Some(limiter) = &self.limiter {
            limiter.slow_down(retry_after);
        }
    }

    /// A request was answered without throttling: drift back toward the configured rate.
    pub fn answered(&self) {
        if let Some(limiter) = &self.limiter {
            limiter.recover();
        }
    }
}

/// Evenly spaced request slots: the `n`-th request of the run starts no earlier than `n` intervals after
/// the first, so a one-second window never sees more than the rate asks for.
#[derive(Debug)]
struct Limiter {
    /// The interval the configured rate asks for.
    base: Duration,
    state: Mutex<Slots>,
}

#[derive(Debug)]
struct Slots {
    interval: Duration,
    next: Option<Instant>,
}

/// Throttling doubles the interval, at most to this many times the configured one.
const MAX_SLOWDOWN: u32 = 16;

impl Limiter {
    fn new(qps: f64) -> Limiter {
        let base = Duration::from_secs_f64(1.0 / qps);
        Limiter {
            base,
            state: Mutex::new(Slots {
                interval: base,
                next: None,
            }),
        }
    }

    fn slots(&self) -> std::sync::MutexGuard<'_, Slots> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn wait_turn(&self) {
        let slot = {
            let mut slots = self.slots();
            let now = Instant::now();
            let slot = slots.next.map_or(now, |next| next.max(now));
            slots.next = Some(slot + slots.interval);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }

    fn slow_down(&self, retry_after: Option<Duration>) {
        let mut slots = self.slots();
        slots.interval = (slots.interval * 2).min(self.base * MAX_SLOWDOWN);
        let pause = retry_after.unwrap_or(slots.interval);
        let earliest = Instant::now() + pause;
        slots.next = Some(slots.next.map_or(earliest, |next| next.max(earliest)));
    }

    fn recover(&self) {
        let mut slots = self.slots();
        // A tenth of the way back per answer: a throttled run regains its rate over a few seconds instead
        // of hitting the limit again at once; the last few percent are dropped at once.
        let excess = slots.interval.saturating_sub(self.base);
        slots.interval = if excess <= self.base / 50 {
            self.base
        } else {
            slots.interval - excess / 10
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_budget_admits_exactly_n_requests() {
        let meter = Meter::new(Some(3), None);
        let mut admitted = 0;
        for _ in 0..5 {
            if meter.acquire().await.is_ok() {
                admitted += 1;
            }
        }
        assert_eq!(admitted, 3);
        assert!(Meter::new(None, None).acquire().await.is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn requests_are_spaced_by_the_rate_and_throttling_slows_them() {
        let meter = Meter::new(None, Some(10.0));
        let start = Instant::now();
        for _ in 0..11 {
            assert!(meter.acquire().await.is_ok());
        }
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(1000),
            "10 intervals of 100 ms"
        );
        meter.throttled(Some(Duration::from_secs(1)));
        let before = Instant::now();
        assert!(meter.acquire().await.is_ok());
        assert!(
            before.elapsed() >= Duration::from_millis(1000),
            "Retry-After honoured"
        );
        let limiter = meter.limiter.as_ref().unwrap();
        assert_eq!(limiter.slots().interval, Duration::from_millis(200));
        for _ in 0..100 {
            meter.answered();
        }
        assert_eq!(
            limiter.slots().interval,
            Duration::from_millis(100),
            "back to the rate"
        );
    }
}
