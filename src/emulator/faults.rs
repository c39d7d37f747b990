//! Fault injection: latency (fixed plus jitter), a per-token QPS limit answered with HTTP 429 and code 4013,
//! a ratio of server errors (HTTP 500, code 5000 / `internal_error`), and a ratio of malformed replies (an
//! HTML gateway page, or the real reply cut in half). Decisions come from one seeded RNG, so a given seed
//! and request order always produce the same faults.
//!
//! Settings come from the world file's `[faults]` table or from `cozescope emulator` flags.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Deserialize;

/// Declared faults. All off by default.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSettings {
    /// Seed of the fault RNG; without one the sandbox picks a random seed.
    #[serde(default)]
    pub seed: Option<u64>,
    /// Fixed delay added to every affected reply, in milliseconds.
    #[serde(default)]
    pub latency_ms: u64,
    /// Extra delay drawn uniformly from `0..=jitter_ms`.
    #[serde(default)]
    pub jitter_ms: u64,
    /// Requests per second allowed per bearer token (per app for JWT assertions); more get HTTP 429 + 4013.
    #[serde(default)]
    pub qps_per_token: Option<u32>,
    /// Fraction (0..=1) of requests answered with a server error (HTTP 500, code 5000 / `internal_error`).
    #[serde(default)]
    pub error_ratio: f64,
    /// Fraction (0..=1) of requests answered with a malformed body (HTML page or truncated JSON).
    #[serde(default)]
    pub malformed_ratio: f64,
    /// Path prefixes the faults apply to; empty means every path.
    #[serde(default)]
    pub paths: Vec<String>,
}

/// The largest latency or jitter accepted (one minute).
pub const MAX_DELAY_MS: u64 = 60_000;

impl FaultSettings {
    /// Checks ranges; the message names the offending setting.
    pub fn validate(&self) -> Result<(), String> {
        for (name, ratio) in [
            ("error_ratio", self.error_ratio),
            ("malformed_ratio", self.malformed_ratio),
        ] {
            if !(0.0..=1.0).contains(&ratio) {
                return Err(format!("`{name}` must be between 0 and 1, got {ratio}"));
            }
        }
        if self.error_ratio + self.malformed_ratio > 1.0 {
            return Err("`error_ratio` + `malformed_ratio` must not exceed 1".to_string());
        }
        for (name, value) in [
            ("latency_ms", self.latency_ms),
            ("jitter_ms", self.jitter_ms),
        ] {
            if value > MAX_DELAY_MS {
                return Err(format!(
                    "`{name}` must be at most {MAX_DELAY_MS} ms, got {value}"
                ));
            }
        }
        if self.qps_per_token == Some(0) {
            return Err("`qps_per_token` must be at least 1 (omit it for no limit)".to_string());
        }
        Ok(())
    }

    /// True when no fault is configured (the fast path skips the fault layer entirely).
    pub fn is_off(&self) -> bool {
        self.latency_ms == 0
            && self.jitter_ms == 0
            && self.qps_per_token.is_none()
            && self.error_ratio == 0.0
            && self.malformed_ratio == 0.0
    }
}

/// What to do to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Injection {
    /// Serve it normally.
    None,
    /// HTTP 429 + code 4013.
    RateLimited,
    /// HTTP 500 + code 5000 (or `internal_error` on the token endpoint).
    ServerError,
    /// HTTP 502 with an HTML gateway page.
    Html,
    /// The real reply with its body cut in half.
    Truncated,
}

/// The decision for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub delay: Duration,
    pub injection: Injection,
}

/// The running fault injector: settings, the seeded RNG and the per-token rate windows.
#[derive(Debug)]
pub struct Faults {
    settings: FaultSettings,
    rng: Mutex<StdRng>,
    windows: Mutex<HashMap<String, (u64, u32)>>,
}

impl Faults {
    /// A fault injector; `settings` must be valid.
    pub fn new(settings: FaultSettings) -> Faults {
        let seed = settings.seed.unwrap_or_else(rand::random);
        Faults {
            settings,
            rng: Mutex::new(StdRng::seed_from_u64(seed)),
            windows: Mutex::new(HashMap::new()),
        }
    }

    pub fn settings(&self) -> &FaultSettings {
        &self.settings
    }

    /// True when faults apply to `path`.
    pub fn applies_to(&self, path: &str) -> bool {
        self.settings.paths.is_empty()
            || self
                .settings
                .paths
                .iter()
                .any(|prefix| path.starts_with(prefix.as_str()))
    }

    /// Decides the fate of a request carrying `rate_key` (its token), at Unix second `now_second`.
    pub fn decide(&self, rate_key: Option<&str>, now_second: u64) -> Decision {
        let (delay, roll) = {
            let mut rng = match self.rng.lock() {
                Ok(rng) => rng,
                Err(poisoned) => poisoned.into_inner(),
            };
            let jitter = if self.settings.jitter_ms > 0 {
                rng.random_range(0..=self.settings.jitter_ms)
            } else {
                0
            };
            let roll: f64 = rng.random();
            (
                Duration::from_millis(self.settings.latency_ms + jitter),
                roll,
            )
        };
        let mut injection = Injection::None;
        if let (Some(limit), Some(key)) = (self.settings.qps_per_token, rate_key)
            && !self.admit(key, limit, now_second)
        {
            injection = Injection::RateLimited;
        }
        if injection == Injection::None {
            let errors = self.settings.error_ratio;
            let malformed = self.settings.malformed_ratio;
            if roll < errors {
                injection = Injection::ServerError;
            } else if roll < errors + malformed {
                // Split the malformed share evenly between the two shapes.
                injection = if roll < errors + malformed / 2.0 {
                    Injection::Html
                } else {
                    Injection::Truncated
                };
            }
        }
        Decision { delay, injection }
    }

    /// Counts a request in the key's one-second window; false when the window is full.
    fn admit(&self, key: &str, limit: u32, now_second: u64) -> bool {
        let mut windows = match self.windows.lock() {
            Ok(windows) => windows,
            Err(poisoned) => poisoned.into_inner(),
        };
        if windows.len() > 100_000 {
            windows.retain(|_, (second, _)| *second == now_second);
        }
        let window = windows.entry(key.to_string()).or_insert((now_second, 0));
        if window.0 != now_second {
            *window = (now_second, 0);
        }
        if window.1 >= limit {
            return false;
        }
        window.1 += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> FaultSettings {
        FaultSettings {
            seed: Some(7),
            error_ratio: 0.2,
            malformed_ratio: 0.2,
            jitter_ms: 10,
            ..FaultSettings::default()
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_faults() {
        let a = Faults::new(settings());
        let b = Faults::new(settings());
        let run = |faults: &Faults| -> Vec<Decision> {
            (0..200).map(|_| faults.decide(None, 0)).collect()
        };
        let first = run(&a);
        assert_eq!(first, run(&b));
        let errors = first
            .iter()
            .filter(|d| d.injection == Injection::ServerError)
            .count();
        assert!((20..=60).contains(&errors), "{errors}");
        assert!(first.iter().any(|d| d.injection == Injection::Html));
        assert!(first.iter().any(|d| d.injection == Injection::Truncated));
        assert!(first.iter().all(|d| d.delay <= Duration::from_millis(10)));
    }

    #[test]
    fn qps_limit_is_per_token_and_per_second() {
        let faults = Faults::new(FaultSettings {
            qps_per_token: Some(2),
            ..FaultSettings::default()
        });
        let fates: Vec<Injection> = (0..3)
            .map(|_| faults.decide(Some("a"), 10).injection)
            .collect();
        assert_eq!(
            fates,
            [Injection::None, Injection::None, Injection::RateLimited]
        );
        assert_eq!(faults.decide(Some("b"), 10).injection, Injection::None);
        assert_eq!(faults.decide(Some("a"), 11).injection, Injection::None);
    }

    #[test]
    fn validation_names_the_setting() {
        let bad = FaultSettings {
            error_ratio: 1.5,
            ..FaultSettings::default()
        };
        assert!(bad.validate().unwrap_err().contains("error_ratio"));
        assert!(FaultSettings::default().validate().is_ok());
        assert!(FaultSettings::default().is_off());
    }
}
