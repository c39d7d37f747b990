//! The HTTP client: sends probe requests to one base URL with a bearer token and returns the raw facts.

use std::error::Error as _;
use std::time::Duration;

use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};

pub use super::base_url::BaseUrlError;
use super::base_url::parse_base_url;
use super::request::{Method, ProbeRequest};
use super::wire::LOGID_HEADER;

/// Response bodies larger than this are cut: no Coze answer this tool reads comes close.
pub const MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// Timeouts of the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientOptions {
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
        }
    }
}

/// The JWT `aud` for a base URL: its host, with the port when one is explicit (as coze-py's netloc).
pub fn audience_of(base_url: &Url) -> Option<String> {
    let host = base_url.host_str()?;
    Some(match base_url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    })
}

/// The raw facts of one HTTP response.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    /// The request's log id: `x-tt-logid`, else a self-hosted Coze Studio's `X-Log-Id`.
    pub logid: Option<String>,
    /// Whether `logid` came from `X-Log-Id` (Studio's header) rather than `x-tt-logid`.
    pub logid_is_studio: bool,
    /// The `Server` header.
    pub server: Option<String>,
    /// The `Date` header, for clock-skew diagnosis.
    pub date: Option<String>,
    /// The `Retry-After` header, as sent.
    pub retry_after: Option<String>,
    /// Where a redirect (3xx) pointed: never followed, since the Coze API does not redirect, and a
    /// request followed elsewhere would carry the credential to another host or lose it on the way.
    pub redirected_to: Option<String>,
    pub body: Vec<u8>,
}

/// No HTTP response was received.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TransportError {
    pub message: String,
    /// The connection was never established, so the server cannot have acted on the request.
    pub before_sending: bool,
}

/// The HTTP client for `options`, built once per process: building one loads the system's certificate
/// store, which a run of hundreds of scenarios would otherwise do hundreds of times.
fn shared_http(options: ClientOptions) -> reqwest::Result<reqwest::Client> {
    static CLIENTS: std::sync::Mutex<Vec<(ClientOptions, reqwest::Client)>> =
        std::sync::Mutex::new(Vec::new());
    let mut clients = CLIENTS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, http)) = clients.iter().find(|(built, _)| *built == options) {
        return Ok(http.clone());
    }
    let http = reqwest::Client::builder()
        .connect_timeout(options.connect_timeout)
        .timeout(options.request_timeout)
        .user_agent(concat!("cozescope/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    clients.push((options, http.clone()));
    Ok(http)
}

/// A client bound to one base URL.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: Url,
}

impl Client {
    pub fn new(base_url: &str, options: ClientOptions) -> Result<Client, BaseUrlError> {
        let parsed = parse_base_url(base_url)?;
        let invalid = |reason: String| BaseUrlError {
            url: base_url.to_string(),
            reason,
        };
        let http = shared_http(options).map_err(|error| invalid(error.to_string()))?;
        Ok(Client {
            http,
            base_url: parsed,
        })
    }

    /// The base URL without a trailing slash.
    pub fn base_url(&self) -> String {
        self.base_url.as_str().trim_end_matches('/').to_string()
    }

    /// The JWT `aud` for this base URL (see [`audience_of`]).
    pub fn audience(&self) -> String {
        audience_of(&self.base_url).unwrap_or_default()
    }

    /// Sends `request` with `Authorization: Bearer <bearer>`.
    pub async fn send(
        &self,
        request: &ProbeRequest,
        bearer: &SecretString,
    ) -> Result<RawResponse, TransportError> {
        let url = format!("{}{}", self.base_url(), request.path);
        let builder = match request.method {
            Method::Get => self.http.get(&url),
            Method::Post => self.http.post(&url),
        };
        let mut builder = builder
            .bearer_auth(bearer.expose_secret())
            .query(&request.query);
        if let Some(body) = &request.body {
            builder = builder.json(body);
        }
        tracing::debug!(method = request.method.as_str(), %url, "sending request");
        if let Some(body) = &request.body {
            tracing::trace!(%body, "request body");
        }
        let mut response = builder.send().await.map_err(|error| {
            let error = transport_error(&error);
            tracing::debug!(%url, %error, "no response");
            error
        })?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_string)
        };
        let status = response.status().as_u16();
        let coze_logid = header(LOGID_HEADER).filter(|logid| !logid.is_empty());
        let logid_is_studio = coze_logid.is_none();
        let logid = coze_logid.or_else(|| header(super::studio::LOG_ID_HEADER));
        let logid_is_studio = logid_is_studio && logid.is_some();
        let server = header("server");
        let date = header("date");
        let retry_after = header("retry-after");
        let redirected_to = (300..400)
            .contains(&status)
            .then(|| header("location").unwrap_or_default());
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| transport_error(&error))?
        {
            let room = MAX_RESPONSE_BYTES.saturating_sub(body.len());
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if room <= chunk.len() {
                break;
            }
        }
        tracing::debug!(%url, status, logid = logid.as_deref().unwrap_or("-"), "response");
        tracing::trace!(body = %loggable_body(&body), "response body");
        Ok(RawResponse {
            status,
            logid,
            logid_is_studio,
            server,
            date,
            retry_after,
            redirected_to,
            body,
        })
    }
}

/// A response body for the trace log, with the values of token fields masked: a token is logged here before
/// the run has had a chance to register it with the redactor.
fn loggable_body(body: &[u8]) -> String {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(mut object)) => {
            for key in ["access_token", "refresh_token", "token"] {
                if let Some(value) = object.get_mut(key) {
                    *value = serde_json::Value::from("[REDACTED]");
                }
            }
            serde_json::Value::Object(object).to_string()
        }
        _ => String::from_utf8_lossy(body).into_owned(),
    }
}

/// A one-line reason from reqwest's error chain ("connection refused", "timed out", …).
fn transport_error(error: &reqwest::Error) -> TransportError {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "failed to connect"
    } else if error.is_body() || error.is_decode() {
        "failed to read the response body"
    } else {
        "request failed"
    };
    let mut deepest = None;
    let mut source = error.source();
    while let Some(inner) = source {
        deepest = Some(inner.to_string());
        source = inner.source();
    }
    TransportError {
        message: match deepest {
            Some(reason) if !error.is_timeout() => format!("{kind}: {reason}"),
            _ => kind.to_string(),
        },
        before_sending: error.is_connect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audience_is_the_host_with_an_explicit_port() {
        let options = ClientOptions::default();
        assert_eq!(
            Client::new("https://api.coze.cn", options)
                .unwrap()
                .audience(),
            "api.coze.cn"
        );
        assert_eq!(
            Client::new("https://api.coze.com/", options)
                .unwrap()
                .audience(),
            "api.coze.com"
        );
        assert_eq!(
            Client::new("http://127.0.0.1:8090", options)
                .unwrap()
                .audience(),
            "127.0.0.1:8090"
        );
    }

    #[test]
    fn logged_bodies_never_carry_token_values() {
        let logged = loggable_body(
            br#"{"access_token":"ZZsecret0123456789","expires_in":1,"refresh_token":"RRsecret"}"#,
        );
        assert!(
            !logged.contains("ZZsecret") && !logged.contains("RRsecret"),
            "{logged}"
        );
        assert!(logged.contains("expires_in"));
        assert_eq!(loggable_body(b"<html>"), "<html>");
    }

    #[test]
    fn base_url_must_be_http() {
        assert!(Client::new("ftp://example.com", ClientOptions::default()).is_err());
        assert!(Client::new("not a url", ClientOptions::default()).is_err());
    }
}
