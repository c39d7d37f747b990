//! Reply shapes: the business envelope `{code, msg, data, detail: {logid}}`, the flat OAuth error body
//! `{error_code, error_message, error}`, the token grant, and the unknown-route answer. The `x-tt-logid`
//! header is added to every response by the server layer; bodies mirror it in `detail.logid`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::coze::region::Region;
use crate::coze::wire::{Detail, Envelope, OAuthErrorBody, code, oauth_error};

/// The log id of the request being answered (set by the server layer, read by handlers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logid(pub String);

/// A business error: HTTP status (200 for nearly all, as the service does) plus `code` and `msg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BizError {
    pub status: StatusCode,
    pub code: i64,
    pub msg: String,
}

impl BizError {
    /// An error sent as HTTP 200 with a non-zero `code`, as the service sends 4000/4100/4101/4200.
    pub fn new(code: i64, msg: impl Into<String>) -> BizError {
        BizError {
            status: StatusCode::OK,
            code,
            msg: msg.into(),
        }
    }

    /// 4000 with a parameter message.
    pub fn bad_request(msg: impl Into<String>) -> BizError {
        BizError::new(code::BAD_REQUEST, msg)
    }

    /// 4000 for a field that fails validation (message INFERRED; the service's wording is not documented).
    pub fn invalid_param(field: &str, reason: &str) -> BizError {
        BizError::bad_request(format!("invalid parameter {field}: {reason}"))
    }

    /// 4100: the token is unknown, expired, or belongs to the other region.
    pub fn auth_invalid() -> BizError {
        BizError::new(code::AUTH_INVALID, "authentication is invalid")
    }

    /// 4101 with the service's template, naming the resource and the permission.
    pub fn no_permission(region: Region, resource: &str, id: &str, permission: &str) -> BizError {
        BizError::new(
            code::NO_PERMISSION,
            format!(
                "Your token does not have permission to access {resource}={id} {permission}. Please verify whether \
                 the resource ID or token is correct, and ensure that the necessary permissions are enabled at \
                 https://{}/open/oauth/pats.",
                region.web_host()
            ),
        )
    }

    /// 4200 with the service's template.
    pub fn not_found(resource: &str, id: &str) -> BizError {
        BizError::new(
            code::NOT_FOUND,
            format!(
                "Requested resource {resource}={id} does not exist. Ensure you are the correct resource identifier."
            ),
        )
    }

    /// 5000 with the service's text, as HTTP 500 (fault injection).
    /// 4000 as HTTP 413: a body over the limit.
    pub fn too_large(limit: usize) -> BizError {
        BizError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: code::BAD_REQUEST,
            msg: format!("request body too large (limit {limit} bytes)"),
        }
    }

    pub fn server_error() -> BizError {
        BizError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: code::SERVER_ERROR,
            msg: SERVER_ISSUES.to_string(),
        }
    }

    /// 4013 as HTTP 429 (fault injection; message INFERRED).
    pub fn rate_limited() -> BizError {
        BizError {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: code::RATE_LIMITED,
            msg: "Request rate limit exceeded. Please reduce the request frequency and try again later."
                .to_string(),
        }
    }
}

/// The service's text for 5000 and similar server failures.
pub const SERVER_ISSUES: &str = "We're currently experiencing server issues. Please try your request again after a \
     short delay. If the problem persists, contact our support team.";

/// An OAuth error of the token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    pub status: StatusCode,
    pub error_code: &'static str,
    pub message: String,
}

impl OAuthError {
    /// 401 `invalid_client` (bad or unknown JWT).
    pub fn invalid_client(message: impl Into<String>) -> OAuthError {
        OAuthError {
            status: StatusCode::UNAUTHORIZED,
            error_code: oauth_error::INVALID_CLIENT,
            message: message.into(),
        }
    }

    /// 400 `invalid_request` with `invalid request: {parameter}`.
    pub fn invalid_request(parameter: &str) -> OAuthError {
        OAuthError {
            status: StatusCode::BAD_REQUEST,
            error_code: oauth_error::INVALID_REQUEST,
            message: format!("invalid request: {parameter}"),
        }
    }

    /// 400 `unsupported_grant_type`.
    pub fn unsupported_grant_type(grant_type: &str) -> OAuthError {
        OAuthError {
            status: StatusCode::BAD_REQUEST,
            error_code: oauth_error::UNSUPPORTED_GRANT_TYPE,
            message: format!("not supported grant type: {grant_type}"),
        }
    }

    /// 400 `access_deny` (the service's spelling).
    pub fn access_deny(message: impl Into<String>) -> OAuthError {
        OAuthError {
            status: StatusCode::BAD_REQUEST,
            error_code: oauth_error::ACCESS_DENY,
            message: message.into(),
        }
    }

    /// 500 `internal_error`.
    /// `invalid_request` as HTTP 413: a body over the limit.
    pub fn too_large() -> OAuthError {
        OAuthError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            error_code: oauth_error::INVALID_REQUEST,
            message: "invalid request: body too large".to_string(),
        }
    }

    pub fn internal() -> OAuthError {
        OAuthError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            error_code: oauth_error::INTERNAL_ERROR,
            message: "Service internal error.".to_string(),
        }
    }
}

/// A JSON response with a body serialised once.
pub fn json_response(status: StatusCode, body: &impl Serialize) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        )],
        bytes,
    )
        .into_response()
}

/// The envelope of a business reply, `detail.logid` mirroring the header.
fn envelope_body(logid: &Logid, code: i64, msg: &str, data: Option<Value>) -> Envelope<Value> {
    Envelope {
        code,
        msg: msg.to_string(),
        data,
        detail: Some(Detail {
            logid: Some(logid.0.clone()),
        }),
    }
}

/// What a business handler answers with when it succeeds.
#[derive(Debug)]
pub enum Reply {
    /// The envelope with `data`.
    Data(Value),
    /// The envelope without `data` (update, unpublish).
    Empty,
    /// The envelope with these keys beside `code` and `msg`, and no `data` object: workflow run puts its
    /// output string, `debug_url`, `execute_id` and `usage` at the top level, and the SDKs read them there.
    TopLevel(Map<String, Value>),
    /// A response of its own (a chat's SSE stream).
    Raw(Response),
}

/// A successful envelope with `data`.
pub fn ok(logid: &Logid, data: Value) -> Response {
    json_response(
        StatusCode::OK,
        &envelope_body(logid, code::OK, "", Some(data)),
    )
}

/// A successful envelope whose payload sits at the top level, `detail.logid` last.
fn ok_top_level(logid: &Logid, fields: Map<String, Value>) -> Response {
    let mut body = Map::new();
    body.insert("code".into(), Value::from(code::OK));
    body.insert("msg".into(), Value::from(""));
    body.extend(fields);
    body.insert("detail".into(), serde_json::json!({ "logid": logid.0 }));
    json_response(StatusCode::OK, &Value::Object(body))
}

/// An error envelope.
pub fn biz_error(logid: &Logid, error: &BizError) -> Response {
    json_response(
        error.status,
        &envelope_body(logid, error.code, &error.msg, None),
    )
}

/// The response to a handler's result.
pub fn envelope(logid: &Logid, result: Result<Reply, BizError>) -> Response {
    match result {
        Ok(Reply::Data(data)) => ok(logid, data),
        Ok(Reply::Empty) => {
            json_response(StatusCode::OK, &envelope_body(logid, code::OK, "", None))
        }
        Ok(Reply::TopLevel(fields)) => ok_top_level(logid, fields),
        Ok(Reply::Raw(response)) => response,
        Err(error) => biz_error(logid, &error),
    }
}

/// The flat OAuth error body.
pub fn oauth_error(error: &OAuthError) -> Response {
    json_response(
        error.status,
        &OAuthErrorBody {
            error_code: error.error_code.to_string(),
            error_message: error.message.clone(),
            error: error.error_code.to_string(),
        },
    )
}

/// The answer to a path (or a method on a path) the service does not have: HTTP 404 with the envelope
/// `{"code":4000,"msg":"The requested API endpoint GET /v2/chat does not exist. …"}`, the real service's
/// wording for a retired path (the sentence after it is INFERRED). coze-js raises `BadRequestError` (its
/// src/error.ts tests `code === 4000` before the 404), cozepy `CozeAPIError` 4000.
pub fn unknown_route(logid: &Logid, method: &str, path: &str) -> Response {
    // A path is echoed at most this long: the message is for a person, and a client may send anything.
    const MAX_PATH_CHARS: usize = 200;
    let shown: String = path.chars().take(MAX_PATH_CHARS).collect();
    biz_error(
        logid,
        &BizError {
            status: StatusCode::NOT_FOUND,
            code: code::BAD_REQUEST,
            msg: format!(
                "The requested API endpoint {method} {shown} does not exist. Please check the request method and URL."
            ),
        },
    )
}

/// A gateway's HTML error page (fault injection).
pub fn html_gateway_error() -> Response {
    (
        StatusCode::BAD_GATEWAY,
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/html"))],
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
    )
        .into_response()
}
