//! Self-hosted Coze Studio (coze-dev/coze-studio) as its answers show it: which paths it serves as OpenAPI
//! (a bearer PAT) rather than as web APIs behind its login cookie, the marks that tell one of its answers
//! from the cloud's (`Server: hertz`, a UUID `X-Log-Id`, `700012006 authentication failed: …`, the cookie
//! failure), the release a cookie failure points at, and why it refused a PAT. A base URL alone never
//! tells: a Studio is recognised from what it answers.
//!
//! Source: coze-studio `backend/api/middleware/openapi_auth.go` (the OpenAPI paths and their refusals),
//! `session.go` (the cookie failure: HTTP 401 `{"code":401,…}` since v0.5.0, commit 2b021a3d4; before it
//! 700012006), `log.go` (`X-Log-ID`, a UUID), `types/errno/user.go` (700012006, "authentication failed:
//! {reason}"), `application/openauth/openapiauth.go` (`CheckPermission failed`).

use serde::{Deserialize, Serialize};

/// The header Studio puts its log id in (a UUID), on every response.
pub const LOG_ID_HEADER: &str = "x-log-id";
/// Studio's `Server` header (the Hertz framework).
pub const SERVER: &str = "hertz";
/// `ErrUserAuthenticationFailed`: every refusal of its authentication middlewares.
pub const AUTHENTICATION_FAILED_CODE: i64 = 700_012_006;
/// The prefix of that code's message: `authentication failed: {reason}`.
pub const AUTHENTICATION_FAILED: &str = "authentication failed: ";
/// The web paths' refusal of a request without Studio's login cookie.
pub const COOKIE_MISSING: &str = "missing session_key in cookie";
/// The OpenAPI middleware's reason for a token that is none of this Studio's PATs.
pub const UNKNOWN_TOKEN: &str = "CheckPermission failed";
/// Its reason for a request without an `Authorization` header.
pub const NO_AUTHORIZATION: &str = "missing authorization in header";
/// Its reason for a header that is not `Bearer` once followed by the token.
pub const NOT_BEARER: &str = "missing api_key in request";
/// Its answers to a PAT asking for another user's agent: `unauthorized access : agent not own` (its
/// retrieve), `… agent not match` (a chat with it).
pub const NOT_OWN: &[&str] = &["agent not own", "agent not match"];
/// Every wording of Studio's authentication refusals, for the classifier.
pub const REFUSALS: &[&str] = &[COOKIE_MISSING, UNKNOWN_TOKEN, NO_AUTHORIZATION, NOT_BEARER];

/// The paths Studio authenticates with a bearer PAT (`needAuthPath`), exactly.
const OPENAPI_PATHS: &[&str] = &[
    "/v3/chat",
    "/v3/chat/cancel",
    "/v3/chat/retrieve",
    "/v3/chat/message/list",
    "/v1/conversations",
    "/v1/conversation/create",
    "/v1/conversation/retrieve",
    "/v1/conversation/message/list",
    "/v1/files/upload",
    "/v1/bot/get_online_info",
    "/v1/datasets",
    "/v1/workflow/run",
    "/v1/workflow/stream_run",
    "/v1/workflow/stream_resume",
    "/v1/workflow/get_run_history",
    "/v1/workflow/conversation/create",
    "/v1/workflows/chat",
    "/open_api/knowledge/document/create",
    "/open_api/knowledge/document/list",
    "/open_api/knowledge/document/delete",
    "/open_api/knowledge/document/update",
];

/// The paths Studio authenticates with a bearer PAT by pattern (`needAuthFunc`): a prefix, a numeric id,
/// and what may follow it.
const OPENAPI_PATTERNS: &[(&str, &[&str])] = &[
    ("/v1/bots/", &[""]),
    ("/v1/conversations/", &["", "/clear"]),
    ("/v1/workflows/", &[""]),
    ("/v1/apps/", &[""]),
    ("/v1/datasets/", &["", "/images", "/process"]),
];

/// Paths added to the OpenAPI list in v0.5.1 (coze-studio #2408, #2431, #2562): web paths behind the login
/// cookie in the releases before it.
const OPENAPI_SINCE_0_5_1: &[&str] = &[
    "/v3/chat/retrieve",
    "/v3/chat/message/list",
    "/v1/conversation/retrieve",
    "/v1/datasets",
];

/// [`serves_openapi`] for a release the answers pointed at: v0.3 and earlier lack the paths v0.5.1 added.
pub fn serves_openapi_in(path: &str, release: Option<StudioRelease>) -> bool {
    let bare = path.split(['?', '#']).next().unwrap_or(path);
    serves_openapi(path)
        && !(release == Some(StudioRelease::V03OrEarlier) && OPENAPI_SINCE_0_5_1.contains(&bare))
}

/// Whether Studio serves `path` as OpenAPI (a bearer PAT is read); every other path is a web API behind
/// its login cookie (or a static page), where a PAT is ignored.
pub fn serves_openapi(path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    OPENAPI_PATHS.contains(&path)
        || OPENAPI_PATTERNS.iter().any(|(prefix, tails)| {
            path.strip_prefix(prefix).is_some_and(|rest| {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                digits > 0 && tails.contains(&&rest[digits..])
            })
        })
}

/// Whether Studio serves a catalogue path template (`/v1/bots/{bot_id}`) as OpenAPI, whatever ids fill it.
pub fn serves_template(template: &str) -> bool {
    let concrete: Vec<String> = template
        .split('/')
        .map(|part| {
            if part.starts_with('{') && part.ends_with('}') {
                "1".to_string()
            } else {
                part.to_string()
            }
        })
        .collect();
    serves_openapi(&concrete.join("/"))
}

/// A mark of Studio in one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StudioSign {
    /// `Server: hertz`.
    ServerHertz,
    /// A UUID in `X-Log-Id`, and no `x-tt-logid`.
    LogIdUuid,
    /// `700012006 authentication failed: …` (its middlewares' refusal).
    AuthenticationFailed,
    /// The login-cookie failure of a web path, as v0.5.0 and later send it (HTTP 401, `code` 401).
    CookieFailure,
    /// The login-cookie failure as v0.3 and earlier send it (HTTP 200, code 700012006).
    CookieFailureLegacy,
}

impl StudioSign {
    /// The marks of Studio in an answer: its headers (`server`, the `X-Log-Id` when no `x-tt-logid` came)
    /// and its envelope's `code` and `msg`.
    pub fn of(
        server: Option<&str>,
        log_id: Option<&str>,
        http_status: u16,
        code: Option<i64>,
        message: Option<&str>,
    ) -> Vec<StudioSign> {
        let mut signs = Vec::new();
        if server.is_some_and(|server| server.trim().eq_ignore_ascii_case(SERVER)) {
            signs.push(StudioSign::ServerHertz);
        }
        if log_id.is_some_and(is_uuid) {
            signs.push(StudioSign::LogIdUuid);
        }
        let message = message.unwrap_or_default();
        let cookie = message.contains(COOKIE_MISSING);
        match code {
            Some(AUTHENTICATION_FAILED_CODE) if message.starts_with(AUTHENTICATION_FAILED) => {
                signs.push(if cookie {
                    StudioSign::CookieFailureLegacy
                } else {
                    StudioSign::AuthenticationFailed
                });
            }
            Some(401) if http_status == 401 && cookie => signs.push(StudioSign::CookieFailure),
            _ => {}
        }
        signs
    }

    /// Whether the answer came from a web path: the PAT was not read at all.
    pub fn is_cookie_failure(self) -> bool {
        matches!(
            self,
            StudioSign::CookieFailure | StudioSign::CookieFailureLegacy
        )
    }

    /// The releases a sign narrows Studio to, when it does.
    pub fn release(self) -> Option<StudioRelease> {
        match self {
            StudioSign::CookieFailure => Some(StudioRelease::V05OrLater),
            StudioSign::CookieFailureLegacy => Some(StudioRelease::V03OrEarlier),
            _ => None,
        }
    }
}

/// Which releases of Studio answered, as far as its answers tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StudioRelease {
    /// v0.5.0 or later (the web paths' 401).
    #[serde(rename = "0.5+")]
    V05OrLater,
    /// v0.3.x or earlier (the web paths' 700012006).
    #[serde(rename = "0.3-")]
    V03OrEarlier,
}

/// What one scenario's answers showed of a Studio: every sign seen, and the release they point at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioFacts {
    /// The release the answers point at, when a cookie failure told it.
    pub release: Option<StudioRelease>,
    /// Every kind of sign seen, in a fixed order.
    pub signs: Vec<StudioSign>,
}

impl StudioFacts {
    /// The facts of a set of signs; `None` when there is none.
    pub fn of(signs: impl IntoIterator<Item = StudioSign>) -> Option<StudioFacts> {
        let mut signs: Vec<StudioSign> = signs.into_iter().collect();
        signs.sort_unstable();
        signs.dedup();
        if signs.is_empty() {
            return None;
        }
        let release = signs.iter().find_map(|sign| sign.release());
        Some(StudioFacts { release, signs })
    }
}

/// Why Studio refused a PAT on an OpenAPI path (the `reason` of its 700012006).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StudioRefusal {
    /// `CheckPermission failed` / `api key invalid`: this Studio has no such PAT (one of Coze's cloud, of
    /// another deployment, deleted, or mistyped).
    UnknownToken,
    /// `missing authorization in header`: no `Authorization` header arrived (a proxy dropped it, or the
    /// token is empty).
    NoAuthorization,
    /// `missing api_key in request`: the header is not `Bearer <token>` with `Bearer` once (a token that
    /// starts with `Bearer ` itself, a lowercase `bearer`).
    NotBearer,
}

impl StudioRefusal {
    /// The refusal a 700012006 message names, when it names one of the OpenAPI middleware's.
    pub fn of(message: &str) -> Option<StudioRefusal> {
        let reason = message.strip_prefix(AUTHENTICATION_FAILED)?;
        if reason.contains(UNKNOWN_TOKEN) || reason.contains("api key invalid") {
            Some(StudioRefusal::UnknownToken)
        } else if reason.contains(NO_AUTHORIZATION) {
            Some(StudioRefusal::NoAuthorization)
        } else if reason.contains(NOT_BEARER) {
            Some(StudioRefusal::NotBearer)
        } else {
            None
        }
    }
}

/// A message without the Go stack trace Studio appends to some (`…\nstack=backend/…`).
pub fn without_stack(message: &str) -> &str {
    message
        .find("\nstack=")
        .map_or(message, |at| &message[..at])
        .trim_end()
}

/// A UUID in its text form (8-4-4-4-12 hex digits).
pub fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.trim().split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_openapi_paths_are_studio_s_own() {
        for path in [
            "/v3/chat",
            "/v3/chat/retrieve",
            "/v1/bots/7351411557182226472",
            "/v1/workflows/7351411557182226472",
            "/v1/datasets",
            "/v1/datasets/12/process",
            "/v1/conversations?bot_id=1",
            "/v1/workflow/run",
        ] {
            assert!(serves_openapi(path), "{path}");
        }
        for path in [
            "/v1/users/me",
            "/v1/workspaces",
            "/v1/audio/voices",
            "/v1/bots",
            "/v1/bots/",
            "/v1/bots/abc",
            "/v1/bot/create",
            "/v1/workflows",
            "/api/permission/oauth2/token",
            "/v1/space/published_bots_list",
            "/v1/datasets/12/other",
        ] {
            assert!(!serves_openapi(path), "{path}");
        }
        assert!(serves_template("/v1/bots/{bot_id}"));
        assert!(!serves_template("/v1/workspaces/{workspace_id}/members"));
    }

    #[test]
    fn signs_are_read_from_headers_and_envelope() {
        let uuid = "6bc96e3a-b944-417e-8553-3d05c22d491d";
        assert_eq!(
            StudioSign::of(Some("hertz"), Some(uuid), 200, Some(0), Some("")),
            vec![StudioSign::ServerHertz, StudioSign::LogIdUuid]
        );
        assert_eq!(
            StudioSign::of(None, None, 401, Some(401), Some(COOKIE_MISSING)),
            vec![StudioSign::CookieFailure]
        );
        assert_eq!(
            StudioSign::of(
                None,
                None,
                200,
                Some(700012006),
                Some("authentication failed: missing session_key in cookie")
            ),
            vec![StudioSign::CookieFailureLegacy]
        );
        assert_eq!(
            StudioSign::of(
                None,
                None,
                200,
                Some(700012006),
                Some("authentication failed: CheckPermission failed")
            ),
            vec![StudioSign::AuthenticationFailed]
        );
        // The cloud's own 700012006 ("access token invalid") and logids are no sign.
        assert!(
            StudioSign::of(
                Some("nginx"),
                Some("2024122509064484DEDF525AF13E290496"),
                401,
                Some(700012006),
                Some("access token invalid")
            )
            .is_empty()
        );
        let facts = StudioFacts::of([StudioSign::LogIdUuid, StudioSign::CookieFailure]).unwrap();
        assert_eq!(facts.release, Some(StudioRelease::V05OrLater));
        assert!(StudioFacts::of([]).is_none());
    }

    #[test]
    fn refusals_and_stacks_are_read() {
        assert_eq!(
            StudioRefusal::of("authentication failed: CheckPermission failed"),
            Some(StudioRefusal::UnknownToken)
        );
        assert_eq!(
            StudioRefusal::of("authentication failed: missing authorization in header"),
            Some(StudioRefusal::NoAuthorization)
        );
        assert_eq!(
            StudioRefusal::of("authentication failed: missing api_key in request"),
            Some(StudioRefusal::NotBearer)
        );
        assert_eq!(StudioRefusal::of("access token invalid"), None);
        assert_eq!(
            without_stack("invalid parameter : agent not published\nstack=backend/x.go:1 f\n"),
            "invalid parameter : agent not published"
        );
    }
}
