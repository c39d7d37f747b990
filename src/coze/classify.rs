//! Classification of a Coze response into the outcome taxonomy, keeping the raw facts beside the class.
//!
//! The error is in the body whatever the HTTP status (coze-py ignores the status when the body is JSON),
//! so the body decides first: the OAuth flat body (`error_code`), then the envelope `code`, then the status.

use serde_json::Value;

use super::wire::{code, oauth_error};
use crate::outcome::Outcome;

/// How much of a non-JSON body is kept as the message.
pub const MAX_TEXT_MESSAGE_CHARS: usize = 1000;

/// The facts read from one response.
#[derive(Debug, Clone, PartialEq)]
pub struct Classified {
    pub outcome: Outcome,
    /// The envelope `code`, when the body had one.
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

/// Classifies a response from its status, body and `x-tt-logid` header.
pub fn classify(status: u16, body: &[u8], header_logid: Option<&str>) -> Classified {
    let parsed: Option<Value> = serde_json::from_slice(body).ok().filter(Value::is_object);
    let body_logid = parsed.as_ref().and_then(body_logid);
    let logid = header_logid
        .filter(|logid| !logid.is_empty())
        .map(str::to_string)
        .or(body_logid);
    let Some(json) = parsed else {
        let text = String::from_utf8_lossy(body);
        let text = text.trim();
        return Classified {
            outcome: by_status(status).unwrap_or(Outcome::Unexpected),
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
    let code = json.get("code").and_then(Value::as_i64);
    let message = json
        .get("error_message")
        .and_then(Value::as_str)
        .filter(|_| error_code.is_some())
        .or_else(|| json.get("msg").and_then(Value::as_str))
        .filter(|message| !message.is_empty())
        .map(str::to_string);
    let outcome = if let Some(error_code) = &error_code {
        by_oauth_error(error_code)
            .or_else(|| by_status(status))
            .unwrap_or(Outcome::Unexpected)
    } else if let Some(code) = code {
        by_code(code, message.as_deref().unwrap_or(""))
            .filter(|outcome| *outcome != Outcome::Ok || (200..300).contains(&status))
            .or_else(|| by_status(status))
            .unwrap_or(Outcome::Unexpected)
    } else if json.get("access_token").and_then(Value::as_str).is_some()
        && (200..300).contains(&status)
    {
        Outcome::Ok
    } else {
        by_status(status).unwrap_or(Outcome::Unexpected)
    };
    Classified {
        outcome,
        code,
        error_code,
        message,
        logid,
        body: Some(json),
    }
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

/// Business codes, from the Coze error-code page and what users observed (GitHub issues).
fn by_code(value: i64, message: &str) -> Option<Outcome> {
    match value {
        code::OK => Some(Outcome::Ok),
        // A CN token sent to coze.com (or a garbage token on /v3/chat) comes back as 4101 with this text.
        code::NO_PERMISSION
            if super::messages::contains(message, super::messages::TOKEN_INCORRECT) =>
        {
            Some(Outcome::DeniedAuth)
        }
        code::NO_PERMISSION => Some(Outcome::DeniedPermission),
        code::AUTH_INVALID | code::ACCESS_TOKEN_INVALID => Some(Outcome::DeniedAuth),
        code::NOT_FOUND => Some(Outcome::NotFound),
        code::RATE_LIMITED | 4020 => Some(Outcome::RateLimited),
        code::SERVER_ERROR | 702_042_078 | 720_701_013 => Some(Outcome::ServerError),
        4000..=4099 | 4300..=4399 => Some(Outcome::BadRequest),
        _ => None,
    }
}

fn by_status(status: u16) -> Option<Outcome> {
    match status {
        400 | 413 | 415 | 422 => Some(Outcome::BadRequest),
        401 => Some(Outcome::DeniedAuth),
        403 => Some(Outcome::DeniedPermission),
        404 => Some(Outcome::NotFound),
        429 => Some(Outcome::RateLimited),
        500..=599 => Some(Outcome::ServerError),
        _ => None,
    }
}

fn shorten(text: &str) -> String {
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
}
