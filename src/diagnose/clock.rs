//! The local clock against the service's: each response's `Date` header against the local time the request
//! was sent. A refused assertion's `iat`/`exp` are judged by the service's clock (doc oauth_jwt, INFERRED).

use chrono::{DateTime, Utc};

use crate::runner::ProbeResult;

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
pub fn skew(probe: &ProbeResult) -> Option<i64> {
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
