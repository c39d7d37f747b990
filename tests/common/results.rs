//! Results built by hand for the diagnosis rule tests: probes answered with recorded real-world bodies and
//! classified by the real classifier, cases, credentials, follow-ups and scenarios.

use chrono::{DateTime, Duration, Utc};
use cozescope::auth::AuthMode;
use cozescope::coze::catalogue::Level;
use cozescope::coze::classify::classify;
use cozescope::coze::region::Region;
use cozescope::coze::request::{ProbeRequest, token_request};
use cozescope::coze::wire::JWT_BEARER_GRANT;
use cozescope::outcome::Outcome;
use cozescope::probe::{Probe, ProbeKind, ProbeParams};
use cozescope::runner::{
    Answer, AuthInfo, CaseResult, FollowUp, FollowUpReason, JwtFacts, ProbeResult, Reason,
    ScenarioResult, TargetInfo,
};
use serde_json::json;

pub const SPACE: &str = "7351411557182226472";
pub const APP: &str = "1127900106117";
pub const KID: &str = "_v0VjcMlLdQc3tRTD3jC5Xz29TUnKQOhtuD5k-gpyf4";

pub fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-10-28T19:03:40Z")
        .expect("fixed time")
        .with_timezone(&Utc)
        + Duration::seconds(seconds)
}

/// The request a probe of `kind` sends in workspace `space`, as the runner builds it.
pub fn request(kind: ProbeKind, space: &str) -> ProbeRequest {
    match kind {
        ProbeKind::Token => {
            token_request(json!({"grant_type": JWT_BEARER_GRANT, "duration_seconds": 900}))
        }
        other => Probe {
            kind: other,
            params: ProbeParams {
                space_id: (other.operation().level == Level::Workspace).then(|| space.to_string()),
                name: (other == ProbeKind::CreateBot).then(|| "cozescope-probe".to_string()),
                ..ProbeParams::default()
            },
        }
        .request(),
    }
}

/// A probe answered with `body`, classified by the real classifier; `logid` plays the `x-tt-logid` header.
pub fn answered(kind: ProbeKind, status: u16, body: &str, logid: &str) -> ProbeResult {
    answered_in(kind, status, body, logid, SPACE)
}

pub fn answered_in(
    kind: ProbeKind,
    status: u16,
    body: &str,
    logid: &str,
    space: &str,
) -> ProbeResult {
    let classified = classify(
        status,
        body.as_bytes(),
        Some(logid).filter(|l| !l.is_empty()),
    );
    ProbeResult {
        answer: Answer {
            http_status: Some(status),
            code: classified.code,
            error_code: classified.error_code,
            message: classified.message,
            logid: classified.logid,
        },
        workspace: (kind.operation().level == Level::Workspace).then(|| space.to_string()),
        duration_ms: 12,
        server_date: Some("Tue, 28 Oct 2025 19:03:40 GMT".into()),
        ..ProbeResult::unanswered(kind, classified.outcome, request(kind, space), at(0))
    }
}

pub fn skipped(kind: ProbeKind) -> ProbeResult {
    ProbeResult {
        reason: Some(Reason::NoAccessToken),
        ..ProbeResult::unanswered(kind, Outcome::Skipped, request(kind, SPACE), at(0))
    }
}

pub fn case(
    name: &str,
    auth: AuthInfo,
    scope: Option<&[&str]>,
    probes: Vec<ProbeResult>,
) -> CaseResult {
    let jwt = (auth.mode == AuthMode::Jwt).then(|| JwtFacts {
        header: json!({"alg": "RS256", "typ": "JWT", "kid": auth.kid}),
        claims: json!({"iss": auth.app_id, "aud": "api.coze.cn", "iat": at(0).timestamp(), "exp": at(3600).timestamp(), "jti": format!("jti-{name}")}),
    });
    CaseResult {
        name: name.into(),
        file: "scenarios/test.toml".into(),
        region: Region::Cn,
        follow_up: None,
        auth,
        scope: scope.map(|names| names.iter().map(|n| n.to_string()).collect()),
        scope_object: None,
        jwt,
        probes,
        expect: Default::default(),
        note: None,
    }
}

pub fn jwt(name: &str) -> AuthInfo {
    AuthInfo {
        name: name.into(),
        mode: AuthMode::Jwt,
        app_id: Some(APP.into()),
        kid: Some(KID.into()),
        key_fingerprint: None,
        token_kind: None,
    }
}

pub fn pat(name: &str) -> AuthInfo {
    AuthInfo {
        name: name.into(),
        mode: AuthMode::Pat,
        app_id: None,
        kid: None,
        key_fingerprint: None,
        token_kind: Some(cozescope::runner::TokenKind::Pat),
    }
}

pub fn follow_up(
    mut case: CaseResult,
    of: &str,
    reason: FollowUpReason,
    region: Region,
) -> CaseResult {
    case.follow_up = Some(FollowUp {
        of: of.into(),
        reason,
    });
    case.region = region;
    case
}

/// A scenario in `region`; its own rows answer in that region, follow-ups keep theirs.
pub fn scenario(region: Region, mut cases: Vec<CaseResult>) -> ScenarioResult {
    for case in cases.iter_mut().filter(|case| case.follow_up.is_none()) {
        case.region = region;
    }
    ScenarioResult {
        file: "scenarios/test.toml".into(),
        sha256: "0".repeat(64),
        title: None,
        target: TargetInfo {
            base_url: region.base_url().into(),
            region,
            sandbox: false,
            region_unknown: false,
            studio: None,
        },
        started_at: at(0),
        cases,
        earlier_requests: 0,
    }
}
