//! The closed outcome taxonomy: every probe result is exactly one [`Outcome`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What happened to one probe, as a class. The raw facts (status, code, message, logid) travel beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The call succeeded.
    Ok,
    /// Authenticated, but a permission or the workspace binding is missing (4101).
    DeniedPermission,
    /// The token or key was not accepted (4100, 700012006, `invalid_client`, wrong region).
    DeniedAuth,
    /// The request itself was rejected (4000, `invalid_request`, `unsupported_grant_type`).
    BadRequest,
    /// The resource does not exist (4200).
    NotFound,
    /// Throttled (HTTP 429, 4013, 4020): the same request can succeed a moment later.
    RateLimited,
    /// The account's quota or balance is used up (4028 free quota, 4011/4019/4022/4027 balance, 4008 daily
    /// cap): nothing succeeds until a person pays, upgrades or waits for the refresh, so it is never retried.
    QuotaExhausted,
    /// The service failed (5xx, 5000).
    ServerError,
    /// No HTTP response at all.
    NetworkError,
    /// A response that fits none of the other classes (e.g. an HTML page).
    Unexpected,
    /// Not attempted because a prerequisite failed (e.g. no token).
    Skipped,
}

impl Outcome {
    /// Every outcome, in the order used for documentation and error messages.
    pub const ALL: [Outcome; 11] = [
        Outcome::Ok,
        Outcome::DeniedPermission,
        Outcome::DeniedAuth,
        Outcome::BadRequest,
        Outcome::NotFound,
        Outcome::RateLimited,
        Outcome::QuotaExhausted,
        Outcome::ServerError,
        Outcome::NetworkError,
        Outcome::Unexpected,
        Outcome::Skipped,
    ];

    /// The outcome word used in scenarios, reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::DeniedPermission => "denied_permission",
            Outcome::DeniedAuth => "denied_auth",
            Outcome::BadRequest => "bad_request",
            Outcome::NotFound => "not_found",
            Outcome::RateLimited => "rate_limited",
            Outcome::QuotaExhausted => "quota_exhausted",
            Outcome::ServerError => "server_error",
            Outcome::NetworkError => "network_error",
            Outcome::Unexpected => "unexpected",
            Outcome::Skipped => "skipped",
        }
    }

    /// A glyph for tables; always shown next to the word, never alone.
    pub fn glyph(self) -> &'static str {
        match self {
            Outcome::Ok => "✅",
            Outcome::Skipped => "⏭️",
            // Rows that say nothing about permissions: the service throttled, ran out of quota or failed.
            Outcome::RateLimited
            | Outcome::QuotaExhausted
            | Outcome::ServerError
            | Outcome::NetworkError => "⚠️",
            _ => "❌",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was not one of the outcome words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown outcome `{0}`")]
pub struct UnknownOutcome(pub String);

impl FromStr for Outcome {
    type Err = UnknownOutcome;

    fn from_str(word: &str) -> Result<Self, Self::Err> {
        Outcome::ALL
            .into_iter()
            .find(|outcome| outcome.as_str() == word)
            .ok_or_else(|| UnknownOutcome(word.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip_through_serde_and_from_str() {
        for outcome in Outcome::ALL {
            let json = serde_json::to_string(&outcome).unwrap();
            assert_eq!(json, format!("\"{}\"", outcome.as_str()));
            assert_eq!(outcome.as_str().parse::<Outcome>().unwrap(), outcome);
        }
        assert!("denied".parse::<Outcome>().is_err());
    }
}
