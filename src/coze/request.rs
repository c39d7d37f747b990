//! A request as plain data: what the client sends, what `--dry-run` prints and what the report shows.

use serde::{Deserialize, Serialize};

/// HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Method {
    #[serde(rename = "GET")]
    Get,
    #[serde(rename = "POST")]
    Post,
}

impl Method {
    /// Whether a request of this method has a body.
    pub fn has_body(self) -> bool {
        self == Method::Post
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// A request as data: what the client sends and what the report shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProbeRequest {
    pub method: Method,
    pub path: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<serde_json::Value>,
}

/// The token request, described the same way as operations for the report.
pub fn token_request(body: serde_json::Value) -> ProbeRequest {
    ProbeRequest {
        method: Method::Post,
        path: super::wire::TOKEN_PATH.into(),
        query: Vec::new(),
        body: Some(body),
    }
}
