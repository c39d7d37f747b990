//! Reading what a client sent, defensively: the bearer token, a size-limited body, the content type, a
//! JSON object body, the query string, and the `Host` the client addressed. Nothing here panics on input.

use std::collections::HashMap;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Uri, header};
use serde_json::{Map, Value};

/// The largest request body read (1 MiB); larger bodies are refused without reading them.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Why a body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    TooLarge,
}

/// Reads the body, refusing more than [`MAX_BODY_BYTES`].
pub async fn read_body(headers: &HeaderMap, body: Body) -> Result<Bytes, BodyError> {
    if let Some(length) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok())
        && length > MAX_BODY_BYTES as u64
    {
        return Err(BodyError::TooLarge);
    }
    axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| BodyError::TooLarge)
}

/// The bearer token of `Authorization`, if the header is present, readable and of the Bearer scheme.
/// An empty token (`Bearer `) is returned as `Some("")`.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = match value.split_once(' ') {
        Some((scheme, token)) => (scheme, token.trim()),
        None => (value, ""),
    };
    scheme.eq_ignore_ascii_case("bearer").then_some(token)
}

/// True when the content type is absent or JSON (`application/json`, `…+json`, any parameters).
pub fn is_json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return true;
    };
    let Ok(value) = value.to_str() else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The body as a JSON object. An empty body counts as `{}`.
pub fn json_object(bytes: &[u8]) -> Option<Map<String, Value>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Some(Map::new());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// The query parameters (last one wins), or `None` when the query string is not valid.
pub fn query(uri: &Uri) -> Option<HashMap<String, String>> {
    axum::extract::Query::<HashMap<String, String>>::try_from_uri(uri)
        .ok()
        .map(|query| query.0)
}

/// The `Host` header the client sent, if readable.
pub fn host(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::HOST)?.to_str().ok().map(str::trim)
}

/// `host` without its port (`127.0.0.1:8090` → `127.0.0.1`, `[::1]:80` → `[::1]`).
pub fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return match host.find(']') {
            Some(end) => &host[..=end],
            None => host,
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn bearer_parsing_is_lenient_about_case_and_strict_about_scheme() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer(&headers), None);
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer abc"),
        );
        assert_eq!(bearer(&headers), Some("abc"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer "));
        assert_eq!(bearer(&headers), Some(""));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer(&headers), None);
    }

    #[test]
    fn ports_are_stripped() {
        assert_eq!(strip_port("127.0.0.1:8090"), "127.0.0.1");
        assert_eq!(strip_port("api.coze.cn"), "api.coze.cn");
        assert_eq!(strip_port("[::1]:8090"), "[::1]");
    }

    #[test]
    fn content_types() {
        let mut headers = HeaderMap::new();
        assert!(is_json_content_type(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        assert!(is_json_content_type(&headers));
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert!(!is_json_content_type(&headers));
    }

    #[test]
    fn json_bodies() {
        assert!(json_object(b"").is_some());
        assert!(json_object(b"{\"a\":1}").is_some());
        assert!(json_object(b"[1]").is_none());
        assert!(json_object(b"{\"a\":").is_none());
    }
}
