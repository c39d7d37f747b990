//! Plumbing shared by the business handlers: authenticate first (4100), then read a JSON body (size limit,
//! content type, JSON object → 4000), or parse the query string; a JSON POST answered in the envelope.

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use serde_json::{Map, Value};

use super::access::{Principal, authenticate};
use super::context::Ctx;
use super::reply::{BizError, Logid, envelope};
use super::request::{self, BodyError};

/// The current Unix time in seconds.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// 4000 as HTTP 413 for a body over the limit.
pub fn too_large() -> BizError {
    BizError {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        code: crate::coze::wire::code::BAD_REQUEST,
        msg: format!(
            "request body too large (limit {} bytes)",
            request::MAX_BODY_BYTES
        ),
    }
}

/// The caller and the JSON object body of a POST.
pub async fn json_request(
    ctx: &Ctx,
    headers: &HeaderMap,
    body: Body,
) -> Result<(Principal, Map<String, Value>), BizError> {
    let bytes = request::read_body(headers, body)
        .await
        .map_err(|BodyError::TooLarge| too_large())?;
    let principal = authenticate(ctx, headers, now())?;
    if !request::is_json_content_type(headers) {
        return Err(BizError::bad_request(
            "invalid content type: expected application/json",
        ));
    }
    let object = request::json_object(&bytes)
        .ok_or_else(|| BizError::bad_request("invalid request body: expected a JSON object"))?;
    Ok((principal, object))
}

/// A JSON POST answered in the envelope: the caller and the body go to `handle`, a failure to read them is
/// the reply.
pub async fn json_reply(
    ctx: &Ctx,
    logid: &Logid,
    headers: &HeaderMap,
    body: Body,
    handle: impl FnOnce(&Ctx, &Principal, &Map<String, Value>) -> Result<Option<Value>, BizError>,
) -> Response {
    let result = json_request(ctx, headers, body)
        .await
        .and_then(|(principal, body)| handle(ctx, &principal, &body));
    envelope(logid, result)
}

/// The caller and the query of a GET.
pub fn query_request(
    ctx: &Ctx,
    headers: &HeaderMap,
    uri: &Uri,
) -> Result<(Principal, HashMap<String, String>), BizError> {
    let principal = authenticate(ctx, headers, now())?;
    let query = request::query(uri).ok_or_else(|| BizError::bad_request("invalid query string"))?;
    Ok((principal, query))
}
