//! The OAuth token endpoint (`POST /api/permission/oauth2/token`, and the account-level and enterprise
//! variants): JWT bearer grant only. Checks in the service's order (INFERRED): body size, the JWT
//! (see [`super::jwt`]), `jti` single use, content type and JSON, `grant_type`, `duration_seconds`,
//! `scope`, then the app's type and status. Answers `{access_token: "czs_…", expires_in: <absolute>,
//! token_type: "Bearer"}` or the flat OAuth error body.

use std::collections::BTreeSet;

use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value};

use crate::coze::permission::permission_of_scope_name;
use crate::coze::wire::{
    DEFAULT_TOKEN_TTL, JWT_BEARER_GRANT, MAX_TOKEN_TTL, TokenGrant, oauth_error,
};

use super::context::SharedCtx;
use super::jwt;
use super::reply::{self, Logid, OAuthError};
use super::request;
use super::state::IssuedToken;
use super::world::AppKind;

/// Handles a token request.
pub async fn token(
    State(ctx): State<SharedCtx>,
    Extension(_logid): Extension<Logid>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let outcome = match request::read_body(&headers, body).await {
        Ok(bytes) => issue(&ctx, &headers, &bytes),
        Err(_) => Err(OAuthError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            error_code: oauth_error::INVALID_REQUEST,
            message: "invalid request: body too large".to_string(),
        }),
    };
    match outcome {
        Ok(grant) => reply::json_response(StatusCode::OK, &grant),
        Err(error) => reply::oauth_error(&error),
    }
}

/// The requested scope: permissions asked for, and bots the token is limited to.
type RequestedScope = (BTreeSet<&'static str>, Option<BTreeSet<String>>);

fn parse_scope(scope: &Map<String, Value>) -> Result<RequestedScope, OAuthError> {
    let invalid = || OAuthError::invalid_request("scope");
    let account = scope
        .get("account_permission")
        .and_then(Value::as_object)
        .ok_or_else(invalid)?;
    let names: Vec<&Value> = match account.get("permission_list") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(names)) => names.iter().collect(),
        Some(_) => return Err(invalid()),
    };
    let mut permissions = BTreeSet::new();
    for name in names {
        let name = name.as_str().ok_or_else(invalid)?;
        permissions.insert(permission_of_scope_name(name).ok_or_else(invalid)?);
    }
    let bot_ids = match scope.get("attribute_constraint") {
        None | Some(Value::Null) => None,
        Some(Value::Object(constraint)) => match constraint
            .get("connector_bot_chat_attribute")
            .and_then(Value::as_object)
            .and_then(|attribute| attribute.get("bot_id_list"))
        {
            None | Some(Value::Null) => None,
            Some(Value::Array(ids)) => Some(
                ids.iter()
                    .map(|id| id.as_str().map(str::to_string).ok_or_else(invalid))
                    .collect::<Result<BTreeSet<String>, _>>()?,
            ),
            Some(_) => return Err(invalid()),
        },
        Some(_) => return Err(invalid()),
    };
    // go's extra keys (workspace_permission, workflow_permission) are tolerated and ignored (INFERRED).
    Ok((permissions, bot_ids))
}

fn issue(
    ctx: &super::context::Ctx,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<TokenGrant, OAuthError> {
    let now = chrono::Utc::now().timestamp();
    let host = request::host(headers);
    let mut audiences: Vec<&str> = vec![ctx.realm.api_host()];
    if let Some(host) = host {
        audiences.push(host);
        audiences.push(request::strip_port(host));
    }
    let verified = jwt::verify(
        &ctx.world,
        ctx.realm,
        request::bearer(headers),
        &audiences,
        now,
    )?;
    if !ctx.state.use_jti(
        ctx.realm,
        &verified.app.id,
        &verified.jti,
        verified.exp,
        now,
    ) {
        return Err(OAuthError::invalid_client("invalid jwt: jti has been used"));
    }
    if !request::is_json_content_type(headers) {
        return Err(OAuthError::invalid_request("content-type"));
    }
    let body = request::json_object(body).ok_or_else(|| OAuthError::invalid_request("body"))?;

    match body.get("grant_type") {
        Some(Value::String(grant)) if grant == JWT_BEARER_GRANT => {}
        Some(Value::String(grant)) => return Err(OAuthError::unsupported_grant_type(grant)),
        Some(other) => return Err(OAuthError::unsupported_grant_type(&other.to_string())),
        None => return Err(OAuthError::unsupported_grant_type("")),
    }

    let duration = match body.get("duration_seconds") {
        None | Some(Value::Null) => DEFAULT_TOKEN_TTL,
        Some(Value::Number(number)) => number
            .as_i64()
            .ok_or_else(|| OAuthError::invalid_request("duration_seconds"))?,
        Some(_) => return Err(OAuthError::invalid_request("duration_seconds")),
    };
    if !(1..=MAX_TOKEN_TTL).contains(&duration) {
        return Err(OAuthError::invalid_request("duration_seconds"));
    }

    let app = verified.app;
    let (permissions, bot_ids) = match body.get("scope") {
        None | Some(Value::Null) => (app.permissions.clone(), None),
        Some(Value::Object(scope)) => {
            let (requested, bot_ids) = parse_scope(scope)?;
            let granted = app
                .permissions
                .iter()
                .filter(|permission| requested.contains(permission.as_str()))
                .cloned()
                .collect();
            (granted, bot_ids)
        }
        Some(_) => return Err(OAuthError::invalid_request("scope")),
    };

    if app.kind == AppKind::Channel && app.connectors.is_empty() {
        return Err(OAuthError::access_deny(
            "connector app should bind connector id",
        ));
    }
    if app.disabled {
        return Err(OAuthError::access_deny(format!(
            "app: {} is currently deactivated by the owner",
            app.name
        )));
    }

    let expires_at = now + duration;
    let access_token = ctx.state.issue(
        IssuedToken {
            realm: ctx.realm,
            app_id: app.id.clone(),
            permissions,
            workspaces: app.workspaces.clone(),
            bot_ids,
            expires_at,
        },
        now,
    );
    Ok(TokenGrant {
        access_token,
        expires_in: expires_at,
        token_type: Some("Bearer".to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scope(value: Value) -> Result<RequestedScope, OAuthError> {
        parse_scope(value.as_object().unwrap())
    }

    #[test]
    fn scope_names_map_to_permissions() {
        let (permissions, bots) = scope(json!({
            "account_permission": {"permission_list": ["Connector.botChat", "Connector.disconnectBot"]},
            "attribute_constraint": {"connector_bot_chat_attribute": {"bot_id_list": ["1"]}},
        }))
        .unwrap();
        assert_eq!(permissions, BTreeSet::from(["chat", "disconnectBot"]));
        assert_eq!(bots, Some(BTreeSet::from(["1".to_string()])));
    }

    #[test]
    fn unknown_names_and_bad_shapes_are_invalid() {
        for bad in [
            json!({"account_permission": {"permission_list": ["Connector.createBot"]}}),
            json!({"account_permission": {"permission_list": ["createBot"]}}),
            json!({"account_permission": {"permission_list": [1]}}),
            json!({"account_permission": {"permission_list": "Connector.botChat"}}),
            json!({"attribute_constraint": {}}),
            json!({"account_permission": {"permission_list": []}, "attribute_constraint": 1}),
        ] {
            assert_eq!(scope(bad).unwrap_err().message, "invalid request: scope");
        }
        let (permissions, _) =
            scope(json!({"account_permission": {"permission_list": null}})).unwrap();
        assert!(permissions.is_empty());
    }
}
