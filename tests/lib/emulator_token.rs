//! The sandbox's token endpoint over real HTTP: the validation order, the service's error bodies, scope
//! semantics, and the SDK quirks it must tolerate.

use crate::common::sandbox::*;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cozescope::coze::region::Region;
use serde_json::{Value, json};

fn body() -> Value {
    json!({"grant_type": GRANT, "duration_seconds": 900})
}

#[tokio::test]
async fn no_scope_issues_a_token_with_an_absolute_expiry() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let reply = token_request(&cn, &app_jwt(&cn), &body()).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let token = reply.body["access_token"].as_str().unwrap();
    assert!(token.starts_with("czs_"), "{token}");
    let expires_in = reply.body["expires_in"].as_i64().unwrap();
    assert!((expires_in - (now() + 900)).abs() <= 5, "{expires_in}");
    assert_eq!(reply.body["token_type"], "Bearer");
    assert!(is_logid(reply.logid.as_deref().unwrap()));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_failure_report_rows() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let create = json!({"space_id": WORKSPACE, "name": "cozescope probe"});

    // Row: scope Connector.botChat → token issued, createBot → 4101.
    let token = app_token(&cn, Some(scope(&["Connector.botChat"]))).await;
    let reply = post(&cn, "/v1/bot/create", &token, &create).await;
    assert_eq!(reply.status, 200);
    assert_code(&reply, 4101);
    assert_eq!(
        reply.body["msg"],
        "Your token does not have permission to access space_id=7351411557182226472 createBot. Please verify \
         whether the resource ID or token is correct, and ensure that the necessary permissions are enabled at \
         https://coze.cn/open/oauth/pats."
    );

    // Rows: Connector.createBot / Bot.createBot → the token request fails.
    for names in [
        ["Connector.botChat", "Connector.createBot"],
        ["Connector.botChat", "Bot.createBot"],
    ] {
        let mut request = body();
        request["scope"] = scope(&names);
        let reply = token_request(&cn, &app_jwt(&cn), &request).await;
        assert_oauth_error(&reply, 400, "invalid_request", "invalid request: scope");
    }

    // The rows they never tried: no scope, and the PAT.
    let token = app_token(&cn, None).await;
    let reply = post(&cn, "/v1/bot/create", &token, &create).await;
    assert_code(&reply, 0);
    assert!(reply.body["data"]["bot_id"].as_str().unwrap().len() >= 19);
    let reply = post(&cn, "/v1/bot/create", &var("COZE_API_TOKEN"), &create).await;
    assert_code(&reply, 0);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn scope_null_and_sdk_extras_are_tolerated() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    // coze-py: "scope": null.
    let reply = token_request(
        &cn,
        &app_jwt(&cn),
        &json!({"grant_type": GRANT, "duration_seconds": 900, "scope": null}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    // coze-go: client_id and account_id in the body, the account-level path, extra scope keys.
    let jwt = app_jwt(&cn);
    let response = client()
        .post(format!(
            "{cn}/api/permission/oauth2/account/4184032795104857/token"
        ))
        .bearer_auth(&jwt)
        .json(&json!({
            "grant_type": GRANT,
            "duration_seconds": 900,
            "client_id": APP_ID,
            "account_id": 4184032795104857u64,
            "scope": {
                "account_permission": {"permission_list": ["Connector.botChat"]},
                "workspace_permission": {"workspace_id_list": [], "permission_list": []},
                "attribute_constraint": {"connector_bot_chat_attribute": {"bot_id_list": [BOT]}},
            }
        }))
        .send()
        .await
        .unwrap();
    let reply = crate::common::sandbox::reply(response).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    // duration_seconds absent → 900.
    let reply = token_request(&cn, &app_jwt(&cn), &json!({"grant_type": GRANT})).await;
    assert_eq!(reply.status, 200);
    assert!((reply.body["expires_in"].as_i64().unwrap() - (now() + 900)).abs() <= 5);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_replayed_assertion_fails() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let jwt = app_jwt(&cn);
    assert_eq!(token_request(&cn, &jwt, &body()).await.status, 200);
    let reply = token_request(&cn, &jwt, &body()).await;
    assert_oauth_error(
        &reply,
        401,
        "invalid_client",
        "invalid jwt: jti has been used",
    );
    sandbox.shutdown().await;
}

fn forge(header: &Value, claims: &Value, signature: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode(signature)
    )
}

#[tokio::test]
async fn alg_none_hs256_and_other_algorithms_are_refused() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let claims = claims(APP_ID, &netloc(&cn));
    let none = forge(
        &json!({"alg": "none", "typ": "JWT", "kid": APP_KID}),
        &claims,
        b"",
    );
    let reply = token_request(&cn, &none, &body()).await;
    assert_oauth_error(
        &reply,
        401,
        "invalid_client",
        "invalid jwt: signing method none is invalid",
    );

    // Key confusion: HS256 keyed with the public key PEM.
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(APP_KID.into());
    let hs = jsonwebtoken::encode(
        &header,
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(APP_PUBLIC_KEY.as_bytes()),
    )
    .unwrap();
    let reply = token_request(&cn, &hs, &body()).await;
    assert_oauth_error(
        &reply,
        401,
        "invalid_client",
        "invalid jwt: signing method HS256 is invalid",
    );

    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS512);
    header.kid = Some(APP_KID.into());
    let rs512 = jsonwebtoken::encode(
        &header,
        &claims,
        &jsonwebtoken::EncodingKey::from_rsa_pem(APP_KEY.as_bytes()).unwrap(),
    )
    .unwrap();
    let reply = token_request(&cn, &rs512, &body()).await;
    assert_oauth_error(
        &reply,
        401,
        "invalid_client",
        "invalid jwt: signing method RS512 is invalid",
    );

    // RS256 header over a signature from another key.
    let wrong_key = sign_with(COM_KEY, APP_KID, &claims);
    let reply = token_request(&cn, &wrong_key, &body()).await;
    assert_oauth_error(
        &reply,
        401,
        "invalid_client",
        "invalid jwt: token signature is invalid",
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn kid_and_realm_mismatches_fail_like_the_real_service() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let com = base(&sandbox, Region::Com);
    // A cn credential on the com listener.
    let reply = token_request(&com, &app_jwt(&com), &body()).await;
    assert_oauth_error(
        &reply,
        401,
        "invalid_client",
        "invalid jwt: kid not been registred",
    );
    // An unknown kid.
    let jwt = sign_with(APP_KEY, "not-a-kid", &claims(APP_ID, &netloc(&cn)));
    let reply = token_request(&cn, &jwt, &body()).await;
    assert_oauth_error(
        &reply,
        401,
        "invalid_client",
        "invalid jwt: kid not been registred",
    );
    // The com app works on com.
    let jwt = sign_with(COM_KEY, COM_KID, &claims(COM_APP_ID, &netloc(&com)));
    assert_eq!(token_request(&com, &jwt, &body()).await.status, 200);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn aud_must_be_the_addressed_host() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let host = netloc(&cn);
    let host_only = host.split(':').next().unwrap().to_string();
    for aud in [host.as_str(), host_only.as_str(), "api.coze.cn"] {
        let jwt = sign_with(APP_KEY, APP_KID, &claims(APP_ID, aud));
        assert_eq!(token_request(&cn, &jwt, &body()).await.status, 200, "{aud}");
    }
    for aud in ["api.coze.com", "example.com", ""] {
        let jwt = sign_with(APP_KEY, APP_KID, &claims(APP_ID, aud));
        let reply = token_request(&cn, &jwt, &body()).await;
        assert_oauth_error(
            &reply,
            401,
            "invalid_client",
            "invalid jwt: token has invalid audience",
        );
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn time_window_is_checked() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let aud = netloc(&cn);
    let mut expired = claims(APP_ID, &aud);
    expired["iat"] = json!(now() - 7200);
    expired["exp"] = json!(now() - 3600);
    let reply = token_request(&cn, &sign_with(APP_KEY, APP_KID, &expired), &body()).await;
    assert_oauth_error(
        &reply,
        401,
        "invalid_client",
        "invalid jwt: token is expired",
    );
    let mut future = claims(APP_ID, &aud);
    future["iat"] = json!(now() + 3600);
    future["exp"] = json!(now() + 7200);
    let reply = token_request(&cn, &sign_with(APP_KEY, APP_KID, &future), &body()).await;
    assert_oauth_error(
        &reply,
        401,
        "invalid_client",
        "invalid jwt: token used before issued",
    );
    let mut no_jti = claims(APP_ID, &aud);
    no_jti.as_object_mut().unwrap().remove("jti");
    let reply = token_request(&cn, &sign_with(APP_KEY, APP_KID, &no_jti), &body()).await;
    assert_oauth_error(
        &reply,
        401,
        "invalid_client",
        "invalid jwt: token is missing required claim: jti",
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn body_fields_are_validated_in_order() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let cases = [
        (
            json!({"grant_type": "authorization_code"}),
            400,
            "unsupported_grant_type",
            "not supported grant type: authorization_code",
        ),
        (
            json!({}),
            400,
            "unsupported_grant_type",
            "not supported grant type: ",
        ),
        (
            json!({"grant_type": GRANT, "duration_seconds": 0}),
            400,
            "invalid_request",
            "invalid request: duration_seconds",
        ),
        (
            json!({"grant_type": GRANT, "duration_seconds": 86400}),
            400,
            "invalid_request",
            "invalid request: duration_seconds",
        ),
        (
            json!({"grant_type": GRANT, "duration_seconds": "900"}),
            400,
            "invalid_request",
            "invalid request: duration_seconds",
        ),
        (
            json!({"grant_type": GRANT, "scope": ["Connector.botChat"]}),
            400,
            "invalid_request",
            "invalid request: scope",
        ),
        (
            json!({"grant_type": GRANT, "scope": {"account_permission": {"permission_list": ["createBot"]}}}),
            400,
            "invalid_request",
            "invalid request: scope",
        ),
    ];
    for (request, status, code, message) in cases {
        let reply = token_request(&cn, &app_jwt(&cn), &request).await;
        assert_oauth_error(&reply, status, code, message);
    }
    let reply = token_request(
        &cn,
        &app_jwt(&cn),
        &json!({"grant_type": GRANT, "duration_seconds": 86399}),
    )
    .await;
    assert_eq!(reply.status, 200);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_channel_app_without_a_connector_is_denied() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let jwt = sign_with(CHANNEL_KEY, CHANNEL_KID, &claims(CHANNEL_ID, &netloc(&cn)));
    let mut request = body();
    request["scope"] = scope(&["Connector.botChat"]);
    let reply = token_request(&cn, &jwt, &request).await;
    assert_oauth_error(
        &reply,
        400,
        "access_deny",
        "connector app should bind connector id",
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn bad_input_gets_the_error_shape_never_a_500() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let url = format!("{cn}/api/permission/oauth2/token");
    // No Authorization at all.
    let response = client().post(&url).json(&body()).send().await.unwrap();
    let r = reply(response).await;
    assert_oauth_error(&r, 401, "invalid_client", "verify jwt empty error");
    // Garbage base64 and a 100 KB bearer.
    for bearer in [
        "%%%.@@@.!!!".to_string(),
        "a".repeat(100 * 1024),
        "x.y".to_string(),
    ] {
        let r = token_request(&cn, &bearer, &body()).await;
        assert_oauth_error(&r, 401, "invalid_client", "invalid jwt: token is malformed");
    }
    // Non-JSON body and a wrong content type (with a valid assertion).
    let response = raw_token_request(&url, &app_jwt(&cn), "application/json", "grant_type=x").await;
    assert_oauth_error(
        &reply(response).await,
        400,
        "invalid_request",
        "invalid request: body",
    );
    let response = raw_token_request(
        &url,
        &app_jwt(&cn),
        "application/x-www-form-urlencoded",
        "grant_type=x",
    )
    .await;
    assert_oauth_error(
        &reply(response).await,
        400,
        "invalid_request",
        "invalid request: content-type",
    );
    // An oversized body.
    let response =
        raw_token_request(&url, &app_jwt(&cn), "application/json", vec![b' '; 2 << 20]).await;
    let r = reply(response).await;
    assert_oauth_error(
        &r,
        413,
        "invalid_request",
        "invalid request: body too large",
    );
    sandbox.shutdown().await;
}

/// A token request with a raw body of `content_type`.
async fn raw_token_request(
    url: &str,
    jwt: &str,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    client()
        .post(url)
        .bearer_auth(jwt)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}
