//! The OAuth token endpoint (`POST /api/permission/oauth2/token`, and the account-level and enterprise
//! variants): JWT bearer grant only. Checks in the service's order (INFERRED): body size, the JWT
//! (see [`super::jwt`]), `jti` single use, content type and JSON, `grant_type`, `duration_seconds`,
//! `scope`, then the app's type and status. The token acts for the app's owner, in the assertion's
//! `session_name` (if any). Answers `{access_token: "czs_…", expires_in: <absolute>,
//! token_type: "Bearer"}` or the flat OAuth error body.

use std::collections::BTreeSet;

use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value};

use crate::coze::wire::{DEFAULT_TOKEN_TTL, JWT_BEARER_GRANT, MAX_TOKEN_TTL, TokenGrant};

use super::context::SharedCtx;
use super::jwt;
use super::reply::{self, Logid, OAuthError};
use super::request;
use super::state::IssuedToken;
use super::world::{AppKind, ScopeBlock, World};

/// Handles a token request.
pub async fn token(
    State(ctx): State<SharedCtx>,
    Extension(_logid): Extension<Logid>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let outcome = match request::read_body(&headers, body).await {
        Ok(bytes) => issue(&ctx, &headers, &bytes),
        Err(_) => Err(OAuthError::too_large()),
    };
    match outcome {
        Ok(grant) => reply::json_response(StatusCode::OK, &grant),
        Err(error) => reply::oauth_error(&error),
    }
}

/// What a scope asks for: the permissions its names grant, the workspaces a `workspace_permission` block
/// limits the token to, and the bots an `attribute_constraint` limits it to.
#[derive(Debug)]
struct RequestedScope {
    permissions: BTreeSet<String>,
    workspaces: Option<BTreeSet<String>>,
    bot_ids: Option<BTreeSet<String>>,
}

/// The permissions the names of one block's `permission_list` grant; a name the world does not accept in
/// that block fails the whole request (observed for account names; INFERRED for the workspace block).
fn grants_of(
    world: &World,
    block: &Map<String, Value>,
    kind: ScopeBlock,
) -> Result<BTreeSet<String>, OAuthError> {
    let invalid = || OAuthError::invalid_request("scope");
    let names: Vec<&Value> = match block.get("permission_list") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(names)) => names.iter().collect(),
        Some(_) => return Err(invalid()),
    };
    let mut granted = BTreeSet::new();
    for name in names {
        let name = name.as_str().ok_or_else(invalid)?;
        granted.extend(world.scope_grants(name, kind).ok_or_else(invalid)?);
    }
    Ok(granted)
}

fn string_set(value: Option<&Value>) -> Result<Option<BTreeSet<String>>, OAuthError> {
    let invalid = || OAuthError::invalid_request("scope");
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(ids)) => ids
            .iter()
            .map(|id| id.as_str().map(str::to_string).ok_or_else(invalid))
            .collect::<Result<BTreeSet<String>, _>>()
            .map(Some),
        Some(_) => Err(invalid()),
    }
}

fn parse_scope(world: &World, scope: &Map<String, Value>) -> Result<RequestedScope, OAuthError> {
    let invalid = || OAuthError::invalid_request("scope");
    let block = |key: &str| match scope.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(block)) => Ok(Some(block)),
        Some(_) => Err(invalid()),
    };
    let account = block("account_permission")?;
    let workspace = block("workspace_permission")?;
    if account.is_none() && workspace.is_none() {
        return Err(invalid());
    }
    let mut permissions = BTreeSet::new();
    if let Some(account) = account {
        permissions.extend(grants_of(world, account, ScopeBlock::Account)?);
    }
    let mut workspaces = None;
    if let Some(workspace) = workspace {
        permissions.extend(grants_of(world, workspace, ScopeBlock::Workspace)?);
        workspaces = Some(string_set(workspace.get("workspace_id_list"))?.unwrap_or_default());
    }
    let bot_ids = match scope.get("attribute_constraint") {
        None | Some(Value::Null) => None,
        Some(Value::Object(constraint)) => string_set(
            constraint
                .get("connector_bot_chat_attribute")
                .and_then(Value::as_object)
                .and_then(|attribute| attribute.get("bot_id_list")),
        )?,
        Some(_) => return Err(invalid()),
    };
    // go's `workflow_permission` is tolerated and ignored (INFERRED).
    Ok(RequestedScope {
        permissions,
        workspaces,
        bot_ids,
    })
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
    let (permissions, workspaces, bot_ids) = match body.get("scope") {
        None | Some(Value::Null) => (app.permissions.clone(), app.workspaces.clone(), None),
        Some(Value::Object(scope)) => {
            let requested = parse_scope(&ctx.world, scope)?;
            let granted = app
                .permissions
                .intersection(&requested.permissions)
                .cloned()
                .collect();
            // A workspace block limits the token to the listed workspaces the app is bound to.
            let workspaces = match &requested.workspaces {
                Some(listed) => app.workspaces.intersection(listed).cloned().collect(),
                None => app.workspaces.clone(),
            };
            (granted, workspaces, requested.bot_ids)
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
            user_id: app.owner.clone(),
            session: verified.session_name.clone(),
            permissions,
            workspaces,
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

    fn scope_in(world: &World, value: Value) -> Result<RequestedScope, OAuthError> {
        parse_scope(world, value.as_object().unwrap())
    }

    fn scope(value: Value) -> Result<RequestedScope, OAuthError> {
        scope_in(&World::demo(), value)
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn scope_names_map_to_permissions() {
        let requested = scope(json!({
            "account_permission": {"permission_list": ["Connector.botChat", "Connector.disconnectBot"]},
            "attribute_constraint": {"connector_bot_chat_attribute": {"bot_id_list": ["1"]}},
        }))
        .unwrap();
        assert_eq!(requested.permissions, set(&["chat", "disconnectBot"]));
        assert_eq!(requested.bot_ids, Some(set(&["1"])));
        assert_eq!(requested.workspaces, None);
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
            json!({"workspace_permission": {"workspace_id_list": ["1"], "permission_list": ["Connector.botChat"]}}),
        ] {
            assert_eq!(scope(bad).unwrap_err().message, "invalid request: scope");
        }
        let requested = scope(json!({"account_permission": {"permission_list": null}})).unwrap();
        assert!(requested.permissions.is_empty());
    }

    #[test]
    fn a_world_declares_the_names_it_accepts_and_their_block() {
        let world = World::from_toml(
            std::path::Path::new("world.toml"),
            "[[scope_name]]\nname = \"Workspace.createBot\"\ngrants = [\"createBot\"]\nblock = \"workspace\"\n\n[[scope_name]]\nname = \"chat\"\ngrants = [\"chat\"]\n",
            std::path::Path::new("."),
        )
        .unwrap();
        let requested = scope_in(
            &world,
            json!({"workspace_permission": {"workspace_id_list": ["7"], "permission_list": ["Workspace.createBot"]}}),
        )
        .unwrap();
        assert_eq!(requested.permissions, set(&["createBot"]));
        assert_eq!(requested.workspaces, Some(set(&["7"])));
        // Declared names replace the documented list, and a name is accepted only in its block.
        for bad in [
            json!({"account_permission": {"permission_list": ["Connector.botChat"]}}),
            json!({"account_permission": {"permission_list": ["Workspace.createBot"]}}),
        ] {
            assert!(scope_in(&world, bad).is_err());
        }
        assert!(
            scope_in(
                &world,
                json!({"account_permission": {"permission_list": ["chat"]}})
            )
            .is_ok()
        );
    }
}
