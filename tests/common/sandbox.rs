//! Helpers of the sandbox tests: the demo credentials, signing JWT
//! assertions with the demo keys, and small HTTP helpers.

#![allow(dead_code)]

use std::time::{SystemTime, UNIX_EPOCH};

use cozescope::coze::region::Region;
use cozescope::emulator::{Sandbox, SandboxConfig, World};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

pub const APP_ID: &str = "1127900106117";
pub const APP_KID: &str = "tpRVJYfhCqBb1VSDmjjvX45LSidnN7kdH6cwKqoZy44";
pub const APP_KEY: &str = include_str!("../../src/emulator/demo/demo-app.pem");
pub const APP_PUBLIC_KEY: &str = include_str!("../../src/emulator/demo/demo-app.pub.pem");
pub const CHANNEL_ID: &str = "1128000200456";
pub const CHANNEL_KID: &str = "1E0ndRjOIOwxC9_tMbbPx2iYlPx0KWDrKn5q0W44ngY";
pub const CHANNEL_KEY: &str = include_str!("../../src/emulator/demo/demo-channel.pem");
pub const COM_APP_ID: &str = "1143900207229";
pub const COM_KID: &str = "veLs9V-C5hFYBO4pimd3B4GN6YukeHcE_l0VX9bfsy8";
pub const COM_KEY: &str = include_str!("../../src/emulator/demo/demo-com.pem");
pub const WORKSPACE: &str = "7351411557182226472";
pub const UNBOUND_WORKSPACE: &str = "7351411557182226999";
pub const COM_WORKSPACE: &str = "7452918736410394624";
pub const BOT: &str = "7481617032355070001";
pub const GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

pub fn var(name: &str) -> String {
    World::demo().variables()[name].clone()
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Both realms on random ports.
pub async fn start() -> Sandbox {
    Sandbox::start(World::demo(), SandboxConfig::default())
        .await
        .expect("sandbox starts")
}

/// Both realms on random ports, serving the demo world with `extra` TOML appended (more resources).
pub async fn start_with_extra(extra: &str) -> Sandbox {
    Sandbox::start(
        super::world_scenario::demo_world_with(extra),
        SandboxConfig::default(),
    )
    .await
    .expect("sandbox starts")
}

pub fn base(sandbox: &Sandbox, region: Region) -> String {
    sandbox.base_url(region).expect("realm served")
}

/// `host:port` of a base URL, as coze-py's `urlparse(base_url).netloc`.
pub fn netloc(base_url: &str) -> String {
    base_url.trim_start_matches("http://").to_string()
}

pub fn claims(iss: &str, aud: &str) -> Value {
    let now = now();
    json!({
        "iss": iss,
        "aud": aud,
        "iat": now,
        "exp": now + 3600,
        "jti": format!("{now}:{:016x}", rand::random::<u64>()),
    })
}

pub fn sign_with(key_pem: &str, kid: &str, claims: &Value) -> String {
    let _ = jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER.install_default();
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.to_string());
    header.typ = Some("JWT".to_string());
    let key = EncodingKey::from_rsa_pem(key_pem.as_bytes()).expect("demo key");
    jsonwebtoken::encode(&header, claims, &key).expect("signs")
}

/// A fresh assertion for the demo cn app, addressed to `base_url`.
pub fn app_jwt(base_url: &str) -> String {
    sign_with(APP_KEY, APP_KID, &claims(APP_ID, &netloc(base_url)))
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().build().expect("client")
}

/// A response's status, log id header and body (JSON, or a string when not JSON).
pub struct Reply {
    pub status: u16,
    pub logid: Option<String>,
    pub body: Value,
    pub text: String,
    pub content_type: String,
}

pub async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status().as_u16();
    let logid = response
        .headers()
        .get("x-tt-logid")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let text = response.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        logid,
        body,
        text,
        content_type,
    }
}

pub async fn token_request(base_url: &str, jwt: &str, body: &Value) -> Reply {
    let response = client()
        .post(format!("{base_url}/api/permission/oauth2/token"))
        .bearer_auth(jwt)
        .json(body)
        .send()
        .await
        .expect("sent");
    reply(response).await
}

/// An access token for the demo cn app with this scope (`None`: no scope key).
pub async fn app_token(base_url: &str, scope: Option<Value>) -> String {
    let mut body = json!({"grant_type": GRANT, "duration_seconds": 900});
    if let Some(scope) = scope {
        body["scope"] = scope;
    }
    let reply = token_request(base_url, &app_jwt(base_url), &body).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

pub fn scope(names: &[&str]) -> Value {
    json!({"account_permission": {"permission_list": names}})
}

pub async fn post(base_url: &str, path: &str, token: &str, body: &Value) -> Reply {
    let response = client()
        .post(format!("{base_url}{path}"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("sent");
    reply(response).await
}

/// `POST /v1/bot/create` of a bot named `probe` in `space_id`.
pub async fn create_bot(base_url: &str, token: &str, space_id: &str) -> Reply {
    post(
        base_url,
        "/v1/bot/create",
        token,
        &json!({"space_id": space_id, "name": "probe"}),
    )
    .await
}

pub async fn get(base_url: &str, path_and_query: &str, token: &str) -> Reply {
    let response = client()
        .get(format!("{base_url}{path_and_query}"))
        .bearer_auth(token)
        .send()
        .await
        .expect("sent");
    reply(response).await
}

pub fn is_logid(text: &str) -> bool {
    cozescope::emulator::logid::is_logid(text)
}

/// Asserts an envelope error and that `detail.logid` mirrors the header.
pub fn assert_code(reply: &Reply, code: i64) {
    assert_eq!(reply.body["code"], json!(code), "{}", reply.text);
    let logid = reply.logid.as_deref().expect("x-tt-logid");
    assert!(is_logid(logid), "{logid}");
    assert_eq!(
        reply.body["detail"]["logid"],
        json!(logid),
        "{}",
        reply.text
    );
}

/// Asserts a 4101 whose message names `resource_and_permission` (e.g. `space_id=1 listBot`).
pub fn assert_denied(reply: &Reply, resource_and_permission: &str) {
    assert_code(reply, 4101);
    let msg = reply.body["msg"].as_str().unwrap_or_default();
    assert!(
        msg.starts_with(&format!(
            "Your token does not have permission to access {resource_and_permission}."
        )),
        "{msg}"
    );
}

pub fn assert_oauth_error(reply: &Reply, status: u16, error_code: &str, message: &str) {
    assert_eq!(reply.status, status, "{}", reply.text);
    assert_eq!(
        reply.body,
        json!({"error_code": error_code, "error_message": message, "error": error_code}),
        "{}",
        reply.text
    );
    assert!(is_logid(reply.logid.as_deref().expect("x-tt-logid")));
}
