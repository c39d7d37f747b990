//! Classification of a Coze response, or of an error a user pasted, into the outcome taxonomy, keeping the
//! raw facts beside the class.
//!
//! One verdict ([`judge`]) serves the runner and `cozescope explain`. It reads the message first, then the
//! code, then the HTTP status, because the code alone lies: 4101 is a missing permission with `Your token
//! does not have permission to access …` but an authentication failure with `The token you entered is
//! incorrect` (coze-go#56); 4200 `… does not exist` comes back for a fake token on `/v3/chat` (the bot is
//! looked up before the token is checked); a request with no token can answer HTTP 200 with 4101. Codes
//! the verdict does not special-case come from the code table ([`super::codes`]).
//!
//! For a response, the error is in the body whatever the HTTP status (coze-py ignores the status when the
//! body is JSON), so the body's fields feed the verdict and the status only decides when they say nothing.
//! A body that is not JSON says nothing but its status.

use serde_json::Value;

use super::codes;
use super::failure::{self, Failure};
use super::messages::{self as fragment, contains, contains_any};
use super::wire::{code, oauth_error};
use crate::outcome::Outcome;

/// How much of a non-JSON body is kept as the message.
pub const MAX_TEXT_MESSAGE_CHARS: usize = 1000;

/// The facts read from one response.
#[derive(Debug, Clone, PartialEq)]
pub struct Classified {
    pub outcome: Outcome,
    /// The envelope `code` (or that of a failed chat's `last_error`), when the body had one.
    pub code: Option<i64>,
    /// The OAuth `error_code`, when the body had one.
    pub error_code: Option<String>,
    /// The message as sent (`msg`, `error_message`, or the start of a non-JSON body).
    pub message: Option<String>,
    /// `x-tt-logid`, else `detail.logid` (else the deprecated `error.logid`).
    pub logid: Option<String>,
    /// The parsed body, when it was JSON.
    pub body: Option<Value>,
}

/// What an answer says, as the verdict reads it: a response's status and body fields, or the fields a
/// user's paste gave ([`super::pasted::extract`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Said<'a> {
    pub status: Option<u16>,
    pub code: Option<i64>,
    pub error_code: Option<&'a str>,
    pub message: Option<&'a str>,
    /// A failure the text shows by its kind ([`super::failure`]): a deployment's provider, a workflow node
    /// or plugin, the network, a closed WebSocket.
    pub failure: Option<&'a Failure>,
}

impl<'a> From<&'a super::pasted::Extracted> for Said<'a> {
    fn from(extracted: &'a super::pasted::Extracted) -> Said<'a> {
        Said {
            status: extracted.http_status,
            code: extracted.code,
            error_code: extracted.error_code.as_deref(),
            message: extracted.message.as_deref(),
            failure: extracted.failure.as_ref(),
        }
    }
}

/// Classifies a response from its status, body and `x-tt-logid` header.
pub fn classify(status: u16, body: &[u8], header_logid: Option<&str>) -> Classified {
    let parsed: Option<Value> = serde_json::from_slice(body).ok().filter(Value::is_object);
    let body_logid = parsed.as_ref().and_then(body_logid);
    let logid = header_logid
        .filter(|logid| !logid.is_empty())
        .map(str::to_string)
        .or(body_logid);
    let Some(json) = parsed else {
        // Not the service's JSON (an HTML page, a gateway's text, a cut-off body): its words are not the
        // service's, so only the status speaks.
        let text = String::from_utf8_lossy(body);
        let text = text.trim();
        return Classified {
            outcome: judge(Said {
                status: Some(status),
                ..Said::default()
            }),
            code: None,
            error_code: None,
            message: (!text.is_empty()).then(|| shorten(text)),
            logid,
            body: None,
        };
    };
    let error_code = json
        .get("error_code")
        .and_then(Value::as_str)
        .filter(|error_code| !error_code.is_empty())
        .map(str::to_string);
    let envelope_code = json.get("code").and_then(Value::as_i64);
    let envelope_message = json
        .get("error_message")
        .and_then(Value::as_str)
        .filter(|_| error_code.is_some())
        .or_else(|| json.get("msg").and_then(Value::as_str))
        .filter(|message| !message.is_empty());
    // A chat that failed answers `code: 0` with the reason in `data.last_error` (coze-py#425: 4028 there).
    let (code, message) = match (envelope_code, failed_chat(&json)) {
        (Some(code::OK), Some((code, message))) => (Some(code), message),
        _ => (envelope_code, envelope_message),
    };
    let token_answer = code.is_none() && error_code.is_none() && (200..300).contains(&status);
    let outcome = if let Some(token) = json.get("access_token").filter(|_| token_answer) {
        // An empty or blank token is no token: every request made with it would fail.
        match token.as_str() {
            Some(token) if !token.trim().is_empty() && !token.contains(char::is_whitespace) => {
                Outcome::Ok
            }
            _ => Outcome::Unexpected,
        }
    } else {
        judge(Said {
            status: Some(status),
            code,
            error_code: error_code.as_deref(),
            message,
            failure: None,
        })
    };
    Classified {
        outcome,
        code,
        error_code,
        message: message.map(str::to_string),
        logid,
        body: Some(json),
    }
}

/// Classifies an error as a user pasted it (an SDK's error line, a log, a JSON body): the fields
/// [`super::pasted::extract`] reads from it, judged like a response. `body` is `None`: a paste is not the
/// service's body.
pub fn classify_text(text: &str) -> Classified {
    let extracted = super::pasted::extract(text);
    Classified {
        outcome: judge(Said::from(&extracted)),
        code: extracted.code,
        error_code: extracted.error_code,
        message: extracted.message,
        logid: extracted.logid,
        body: None,
    }
}

/// The outcome of an answer: what the message says when it is decisive, else the OAuth `error_code`, else
/// the business code (special cases, then the code table), else the HTTP status; `unexpected` when nothing
/// fits.
pub fn judge(said: Said<'_>) -> Outcome {
    verdict(said).0
}

/// Which part of an answer decided its outcome ([`verdict`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// A decisive message (or the cause a message states).
    Message,
    /// The OAuth `error_code`.
    ErrorCode,
    /// The business code.
    Code,
    /// The HTTP status (also one a server puts in `code`, as Coze Studio's `{"code":400}`).
    Status,
    /// The kind of failure the text shows ([`super::failure`]).
    Kind,
    /// Nothing fitted: `unexpected`.
    Nothing,
}

/// The outcome of an answer ([`judge`]) and what decided it, so that a reader can say why a code's usual
/// meaning does not apply.
pub fn verdict(said: Said<'_>) -> (Outcome, Basis) {
    let message = said.message.unwrap_or("");
    let status = || by_status(said.status).map(|outcome| (outcome, Basis::Status));
    let nothing = (Outcome::Unexpected, Basis::Nothing);
    // A failure of another kind than the API's verdict (a model provider, a workflow node, the network)
    // decides whatever code or status surrounds it: that code or status is not about the request.
    let failure = said
        .failure
        .cloned()
        .or_else(|| failure::in_message(message));
    if let Some(failure) = failure {
        return (failure.outcome(), Basis::Kind);
    }
    if let Some(outcome) = by_message(message, said.status) {
        return (outcome, Basis::Message);
    }
    if let Some(error_code) = said.error_code {
        return by_oauth_error(error_code)
            .map(|outcome| (outcome, Basis::ErrorCode))
            .or_else(status)
            .unwrap_or(nothing);
    }
    match said.code {
        // Success needs a success status too: a 502 with `code: 0` is the gateway's, not the service's.
        Some(code::OK)
            if said
                .status
                .is_none_or(|status| (200..300).contains(&status)) =>
        {
            (Outcome::Ok, Basis::Code)
        }
        Some(code::OK) => status().unwrap_or(nothing),
        // An HTTP status carried in `code` (`{"code":400,"msg":…}` from Coze Studio, `code=400`).
        Some(code @ 100..=599) if codes::lookup(code).is_none() => {
            by_status(u16::try_from(code).ok())
                .map(|outcome| (outcome, Basis::Status))
                .or_else(status)
                .unwrap_or(nothing)
        }
        Some(code) => by_code(code, message).or_else(status).unwrap_or(nothing),
        None => status()
            .or_else(|| by_cause(message).map(|outcome| (outcome, Basis::Message)))
            .unwrap_or(nothing),
    }
}

/// Messages that decide the outcome whatever the code says (the Coze error-code page, GitHub issues).
fn by_message(message: &str, status: Option<u16>) -> Option<Outcome> {
    if message.is_empty() {
        return None;
    }
    if contains_any(message, fragment::HTML) {
        // A gateway's error page keeps its status's meaning; any other page is no Coze answer.
        return Some(match by_status(status) {
            Some(outcome @ (Outcome::ServerError | Outcome::RateLimited)) => outcome,
            _ => Outcome::Unexpected,
        });
    }
    let authentication = [
        fragment::TOKEN_INCORRECT,
        fragment::AUTHENTICATION_INVALID,
        fragment::ACCESS_TOKEN_INVALID,
        fragment::KID_NOT_REGISTERED,
        fragment::KID_NOT_REGISTERED_SPELLED,
        fragment::VERIFY_JWT_EMPTY,
        fragment::CONNECTOR_APP,
        fragment::APP_DEACTIVATED,
    ];
    if contains_any(message, &authentication)
        || contains_any(message, super::studio::REFUSALS)
        || fragment::JWT_REJECTED
            .iter()
            .any(|wording| contains_any(message, wording))
    {
        return Some(Outcome::DeniedAuth);
    }
    if contains(message, fragment::NO_PERMISSION) {
        return Some(Outcome::DeniedPermission);
    }
    if contains_any(message, fragment::QUOTA) {
        return Some(Outcome::QuotaExhausted);
    }
    if contains_any(message, fragment::NOT_PUBLISHED) {
        return Some(Outcome::NotFound);
    }
    if contains_any(
        message,
        &[
            fragment::ENDPOINT_MISSING,
            fragment::BODY_NOT_A_CHAT,
            fragment::HOST_HEADER_MISSING,
        ],
    ) {
        return Some(Outcome::BadRequest);
    }
    if contains(message, fragment::WEBSOCKET_REJECTED) {
        // The handshake's 403 (WebSocket access not enabled for the account); a 401 is the token's.
        return Some(match by_status(status) {
            Some(Outcome::DeniedAuth) => Outcome::DeniedAuth,
            _ => Outcome::DeniedPermission,
        });
    }
    if fragment::says_resource_missing(message) {
        return Some(Outcome::NotFound);
    }
    if contains_any(
        message,
        &[fragment::SERVER_ISSUES, fragment::SERVICE_INTERNAL],
    ) {
        return Some(Outcome::ServerError);
    }
    None
}

fn by_oauth_error(error_code: &str) -> Option<Outcome> {
    match error_code {
        oauth_error::INVALID_CLIENT | oauth_error::ACCESS_DENY => Some(Outcome::DeniedAuth),
        oauth_error::INVALID_REQUEST | oauth_error::UNSUPPORTED_GRANT_TYPE => {
            Some(Outcome::BadRequest)
        }
        oauth_error::INTERNAL_ERROR => Some(Outcome::ServerError),
        _ => None,
    }
}

/// Codes whose message carries the real cause: Coze Studio's `Workflow operation failure: {cause}`.
const CAUSE_IN_MESSAGE: &[i64] = &[777_777_775];

/// Business codes: the code table (the Coze error-code page and the codes seen on the wire), then the
/// platform's own families; a code whose message states the cause is decided by that cause.
fn by_code(value: i64, message: &str) -> Option<(Outcome, Basis)> {
    let cause = || by_cause(message).map(|outcome| (outcome, Basis::Message));
    let code = |outcome: Outcome| (outcome, Basis::Code);
    if CAUSE_IN_MESSAGE.contains(&value) {
        return cause().or(codes::lookup(value).map(|row| code(row.outcome)));
    }
    if let Some(row) = codes::lookup(value) {
        return Some(code(row.outcome));
    }
    match value {
        // Bot-platform (7020xxxxx, e.g. 702042078 on publish) and workflow (7207xxxxx, e.g. 720701013)
        // codes: failures inside the service, a workflow or a plugin, never a verdict on the request's
        // credential or resource, whatever their own message says.
        702_000_000..=702_999_999 | 720_000_000..=720_999_999 => Some(code(Outcome::ServerError)),
        _ => cause(),
    }
}

/// What a message that is not one of the service's templates says about its cause, if anything.
fn by_cause(message: &str) -> Option<Outcome> {
    if contains_any(message, fragment::MISSING) {
        Some(Outcome::NotFound)
    } else if contains_any(message, fragment::REFUSED) {
        Some(Outcome::DeniedPermission)
    } else {
        None
    }
}

fn by_status(status: Option<u16>) -> Option<Outcome> {
    match status? {
        401 => Some(Outcome::DeniedAuth),
        403 => Some(Outcome::DeniedPermission),
        404 | 410 => Some(Outcome::NotFound),
        429 => Some(Outcome::RateLimited),
        // The other client errors say the request is wrong (a 405 is the method, a 413 the size).
        400..=499 => Some(Outcome::BadRequest),
        500..=599 => Some(Outcome::ServerError),
        _ => None,
    }
}

/// `data.last_error` of a chat whose `data.status` is `failed`, when it carries a code.
fn failed_chat(json: &Value) -> Option<(i64, Option<&str>)> {
    let data = json.get("data")?;
    if data.get("status").and_then(Value::as_str) != Some("failed") {
        return None;
    }
    let last_error = data.get("last_error")?;
    let code = last_error
        .get("code")
        .and_then(Value::as_i64)
        .filter(|code| *code != code::OK)?;
    let message = last_error
        .get("msg")
        .and_then(Value::as_str)
        .filter(|message| !message.is_empty());
    Some((code, message))
}

fn body_logid(json: &Value) -> Option<String> {
    ["detail", "error"].iter().find_map(|key| {
        json.get(key)
            .and_then(|inner| inner.get("logid"))
            .and_then(Value::as_str)
            .filter(|logid| !logid.is_empty())
            .map(str::to_string)
    })
}

/// The start of a body that is not the service's JSON, masked before it is cut (a secret cut in two would
/// escape the redactor afterwards).
fn shorten(text: &str) -> String {
    let text = crate::redact::redact(text);
    let mut shortened: String = text.chars().take(MAX_TEXT_MESSAGE_CHARS).collect();
    if shortened.len() < text.len() {
        shortened.push('…');
    }
    shortened
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(status: u16, body: &str) -> Classified {
        classify(status, body.as_bytes(), None)
    }

    // GitHub issues (3rd): createBot with a token scoped to Connector.botChat.
    const CREATE_BOT_4101: &str = r#"{"code":4101,"msg":"Your token does not have permission to access space_id=7351411557182226472 createBot. Please verify whether the resource ID or token is correct, and ensure that the necessary permissions are enabled at https://coze.cn/open/oauth/pats.","detail":{"logid":"202510281903403CD0259451BA641694DE"}}"#;

    #[test]
    fn create_bot_4101_is_denied_permission_with_body_logid() {
        let classified = json(200, CREATE_BOT_4101);
        assert_eq!(classified.outcome, Outcome::DeniedPermission);
        assert_eq!(classified.code, Some(4101));
        assert!(
            classified
                .message
                .unwrap()
                .contains("space_id=7351411557182226472 createBot")
        );
        assert_eq!(
            classified.logid.as_deref(),
            Some("202510281903403CD0259451BA641694DE")
        );
    }

    #[test]
    fn header_logid_wins_over_body_logid() {
        let classified = classify(
            200,
            CREATE_BOT_4101.as_bytes(),
            Some("2024122509064484DEDF525AF13E290496"),
        );
        assert_eq!(
            classified.logid.as_deref(),
            Some("2024122509064484DEDF525AF13E290496")
        );
    }

    // GitHub issues: coze-go#56, a CN PAT sent to api.coze.com.
    #[test]
    fn token_you_entered_is_incorrect_is_denied_auth_despite_4101() {
        let classified = json(
            200,
            r#"{"code":4101,"msg":"The token you entered is incorrect. Please double-check and try again. For more information, refer to https://coze.com/docs/developer_guides/authentication"}"#,
        );
        assert_eq!(classified.outcome, Outcome::DeniedAuth);
        assert_eq!(classified.code, Some(4101));
    }

    // GitHub issues: coze-py#78 / #83.
    #[test]
    fn authentication_is_invalid_is_denied_auth() {
        assert_eq!(
            json(200, r#"{"code":4100,"msg":"authentication is invalid"}"#).outcome,
            Outcome::DeniedAuth
        );
    }

    // coze-py request.py, coze-js error.ts (3rd): GET /v3/chat/retrieve with a bad token.
    #[test]
    fn an_empty_access_token_is_unexpected() {
        for body in [
            r#"{"access_token":"","expires_in":1721135859}"#,
            r#"{"access_token":"  ","expires_in":1721135859}"#,
            r#"{"access_token":null,"expires_in":1721135859}"#,
            r#"{"access_token":42}"#,
        ] {
            assert_eq!(json(200, body).outcome, Outcome::Unexpected, "{body}");
        }
    }

    #[test]
    fn access_token_invalid_401_is_denied_auth() {
        let classified = json(401, r#"{"code":700012006,"msg":"access token invalid"}"#);
        assert_eq!(classified.outcome, Outcome::DeniedAuth);
        assert_eq!(classified.code, Some(700_012_006));
    }

    // doc oauth_jwt error codes / GitHub issues: coze-py#148, #230 (logid from the header as the SDK reports it).
    #[test]
    fn kid_not_registred_is_denied_auth_with_error_code() {
        let classified = classify(
            401,
            br#"{"error_code":"invalid_client","error_message":"invalid jwt: kid not been registred","error":"invalid_client"}"#,
            Some("2024122509064484DEDF525AF13E290496"),
        );
        assert_eq!(classified.outcome, Outcome::DeniedAuth);
        assert_eq!(classified.error_code.as_deref(), Some("invalid_client"));
        assert_eq!(
            classified.message.as_deref(),
            Some("invalid jwt: kid not been registred")
        );
        assert_eq!(classified.code, None);
    }

    #[test]
    fn invalid_request_and_unsupported_grant_are_bad_request() {
        let scope = json(
            400,
            r#"{"error_code":"invalid_request","error_message":"invalid request: scope","error":"invalid_request"}"#,
        );
        assert_eq!(scope.outcome, Outcome::BadRequest);
        let grant = json(
            400,
            r#"{"error_code":"unsupported_grant_type","error_message":"not supported grant type: password","error":"unsupported_grant_type"}"#,
        );
        assert_eq!(grant.outcome, Outcome::BadRequest);
    }

    #[test]
    fn channel_app_without_connector_is_denied_auth() {
        let classified = json(
            400,
            r#"{"error_code":"access_deny","error_message":"connector app should bind connector id","error":"access_deny"}"#,
        );
        assert_eq!(classified.outcome, Outcome::DeniedAuth);
    }

    // the Coze error-code page: coze-py#318.
    #[test]
    fn resource_does_not_exist_is_not_found() {
        let classified = json(
            200,
            r#"{"code":4200,"msg":"Requested resource bot_id=7481617032355070000 does not exist. Ensure you are the correct resource identifier."}"#,
        );
        assert_eq!(classified.outcome, Outcome::NotFound);
    }

    // the Coze error-code page: coze-js#179 and coze-java#47.
    #[test]
    fn server_issue_codes_are_server_error() {
        let body = r#"{"code":5000,"detail":{"logid":"20241210152726467C48D89D6DB2AAAA"},"msg":"We're currently experiencing server issues. Please try your request again after a short delay. If the problem persists, contact our support team."}"#;
        let classified = json(200, body);
        assert_eq!(classified.outcome, Outcome::ServerError);
        assert_eq!(
            classified.logid.as_deref(),
            Some("20241210152726467C48D89D6DB2AAAA")
        );
        assert_eq!(
            json(
                200,
                r#"{"code":702042078,"msg":"We're currently experiencing server issues."}"#
            )
            .outcome,
            Outcome::ServerError
        );
    }

    #[test]
    fn rate_limits_by_code_or_status() {
        assert_eq!(
            json(429, r#"{"code":4013,"msg":"rate limit"}"#).outcome,
            Outcome::RateLimited
        );
        assert_eq!(
            json(
                200,
                r#"{"code":4013,"msg":"Model's request rate limit exceeded"}"#
            )
            .outcome,
            Outcome::RateLimited
        );
        assert_eq!(classify(429, b"", None).outcome, Outcome::RateLimited);
    }

    #[test]
    fn success_shapes_are_ok() {
        assert_eq!(
            json(200, r#"{"code":0,"msg":"","data":{"bot_id":"73428668"}}"#).outcome,
            Outcome::Ok
        );
        assert_eq!(
            json(200, r#"{"access_token":"czs_x","expires_in":1721135859}"#).outcome,
            Outcome::Ok
        );
    }

    #[test]
    fn code_zero_with_an_error_status_is_not_ok() {
        assert_eq!(
            json(502, r#"{"code":0,"msg":""}"#).outcome,
            Outcome::ServerError
        );
    }

    #[test]
    fn html_and_truncated_bodies_are_unexpected_or_by_status() {
        let html = classify(200, b"<html><body>Bad gateway</body></html>", Some("L"));
        assert_eq!(html.outcome, Outcome::Unexpected);
        assert_eq!(html.logid.as_deref(), Some("L"));
        assert!(html.message.unwrap().starts_with("<html>"));
        assert_eq!(classify(502, b"<html>", None).outcome, Outcome::ServerError);
        assert_eq!(
            classify(200, br#"{"code":4101,"msg":"Your tok"#, None).outcome,
            Outcome::Unexpected
        );
        assert_eq!(classify(200, b"", None).message, None);
    }

    #[test]
    fn unknown_path_4000_is_bad_request() {
        assert_eq!(
            json(404, r#"{"code":4000,"msg":"invalid path"}"#).outcome,
            Outcome::BadRequest
        );
    }

    // coze-py#425: the chat is created, then fails with the reason in last_error.
    #[test]
    fn a_failed_chat_is_judged_by_its_last_error() {
        let classified = json(
            200,
            r#"{"code":0,"msg":"","data":{"id":"7","status":"failed","last_error":{"code":4028,"msg":"Your free quota has been used up. Please upgrade to a paid plan to continue: https://console.volcengine.com/coze-pro"}}}"#,
        );
        assert_eq!(classified.outcome, Outcome::QuotaExhausted);
        assert_eq!(classified.code, Some(4028));
        assert!(classified.message.unwrap().starts_with("Your free quota"));
        let running = json(
            200,
            r#"{"code":0,"msg":"","data":{"id":"7","status":"in_progress","last_error":{"code":0,"msg":""}}}"#,
        );
        assert_eq!(running.outcome, Outcome::Ok);
        assert_eq!(running.code, Some(0));
    }

    #[test]
    fn balance_and_quota_codes_are_quota_exhausted_never_rate_limited() {
        for code in [4008, 4011, 4019, 4022, 4027, 4028, 788_788_103] {
            let body = format!(r#"{{"code":{code},"msg":"x"}}"#);
            assert_eq!(json(200, &body).outcome, Outcome::QuotaExhausted, "{code}");
        }
        // The message decides when the code is one the table does not know.
        assert_eq!(
            json(200, r#"{"code":4999,"msg":"账户余额不足"}"#).outcome,
            Outcome::QuotaExhausted
        );
    }

    // one-api#1462, dify-on-wechat#24: seen as "not found" by users.
    #[test]
    fn not_published_is_not_found() {
        assert_eq!(
            json(
                200,
                r#"{"code":4015,"msg":"The Bot is not currently published to the corresponding platform"}"#
            )
            .outcome,
            Outcome::NotFound
        );
        let said = Said {
            message: Some("当前 Bot 未发布到 Bot as API 渠道"),
            ..Said::default()
        };
        assert_eq!(judge(said), Outcome::NotFound);
    }

    // The service's wording for a retired path; js maps the 404 to NotFoundError, cozepy raises 4000.
    #[test]
    fn a_missing_endpoint_is_bad_request_despite_its_404() {
        let classified = json(
            404,
            r#"{"code":4000,"msg":"The requested API endpoint GET /v2/chat does not exist. Please check the URL and method.","detail":{"logid":"20250101000000AAAAAAAAAAAAAAAAAAAA"}}"#,
        );
        assert_eq!(classified.outcome, Outcome::BadRequest);
        assert_eq!(
            classify(404, b"404 page not found", None).outcome,
            Outcome::NotFound
        );
    }

    // coze-studio#2486, #2256: the cause inside the message decides.
    #[test]
    fn workflow_and_platform_codes_are_server_side_unless_the_cause_says_otherwise() {
        assert_eq!(
            json(
                200,
                r#"{"code":777777775,"msg":"Workflow operation failure: conversation not found"}"#
            )
            .outcome,
            Outcome::NotFound
        );
        assert_eq!(
            json(
                200,
                r#"{"code":777777775,"msg":"Workflow operation failure: panic error: runtime error"}"#
            )
            .outcome,
            Outcome::ServerError
        );
        for (code, message) in [
            (720_712_043, "plugin execution failed"),
            (702_093_204, "plugin not found"),
            (720_701_013, "node error"),
        ] {
            let body = format!(r#"{{"code":{code},"msg":"{message}"}}"#);
            assert_eq!(json(200, &body).outcome, Outcome::ServerError, "{code}");
        }
    }

    #[test]
    fn unknown_codes_fall_back_on_the_status_then_unexpected() {
        // coze-py#247: a code the official table lacks, with a generic message.
        assert_eq!(
            json(
                200,
                r#"{"code":4305,"msg":"发生了一些错误，请尝试再次操作。如果问题仍然存在，请联系我们的支持团队。"}"#
            )
            .outcome,
            Outcome::Unexpected
        );
        assert_eq!(
            json(200, r#"{"code":4999,"msg":"x"}"#).outcome,
            Outcome::Unexpected
        );
        assert_eq!(
            json(403, r#"{"code":4999,"msg":"x"}"#).outcome,
            Outcome::DeniedPermission
        );
    }

    #[test]
    fn the_message_wins_over_the_code_and_the_status() {
        // No token at all can come back as HTTP 200 with 4101; the text says which 4101 it is.
        assert_eq!(
            json(
                401,
                r#"{"code":4101,"msg":"Your token does not have permission to access resource."}"#
            )
            .outcome,
            Outcome::DeniedPermission
        );
        assert_eq!(
            json(
                200,
                r#"{"code":4200,"msg":"The token you entered is incorrect"}"#
            )
            .outcome,
            Outcome::DeniedAuth
        );
        let html = Said {
            message: Some("invalid character '<' looking for beginning of value"),
            ..Said::default()
        };
        assert_eq!(judge(html), Outcome::Unexpected);
        let gateway = Said {
            status: Some(502),
            message: Some("<html><title>502 Bad Gateway</title></html>"),
            ..Said::default()
        };
        assert_eq!(judge(gateway), Outcome::ServerError);
    }

    #[test]
    fn a_paste_without_code_is_judged_by_its_status_then_its_words() {
        let websocket = Said {
            status: Some(403),
            message: Some("server rejected WebSocket connection: HTTP 403"),
            ..Said::default()
        };
        assert_eq!(judge(websocket), Outcome::DeniedPermission);
        assert_eq!(judge(Said::default()), Outcome::Unexpected);
        let missing = Said {
            message: Some("conversation not found"),
            ..Said::default()
        };
        assert_eq!(judge(missing), Outcome::NotFound);
    }
}
