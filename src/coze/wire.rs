//! Wire types of the Coze OpenAPI, shared by the client and the sandbox so that both speak one protocol.
//!
//! Shapes follow the official SDKs (coze-py, coze-go, coze-java, coze-js): the OAuth token endpoint answers
//! with flat bodies, every other endpoint with the `{code, msg, data, detail: {logid}}` envelope.

use serde::{Deserialize, Serialize};

/// Where every JWT (and other OAuth) grant is exchanged for an access token.
pub const TOKEN_PATH: &str = "/api/permission/oauth2/token";
/// The account-level variant of [`TOKEN_PATH`] (`{account_id}` is an organisation or owner id).
pub const ACCOUNT_TOKEN_PATH: &str = "/api/permission/oauth2/account/{account_id}/token";
/// The enterprise variant of [`TOKEN_PATH`] (an enterprise privileged app).
pub const ENTERPRISE_TOKEN_PATH: &str =
    "/api/permission/oauth2/enterprise_id/{enterprise_id}/token";
/// `POST`: create a bot.
pub const CREATE_BOT_PATH: &str = "/v1/bot/create";
/// `GET`: the workspaces the token can see.
pub const WORKSPACES_PATH: &str = "/v1/workspaces";
/// `GET`: the user the token belongs to.
pub const USERS_ME_PATH: &str = "/v1/users/me";
/// The `grant_type` of the JWT OAuth flow.
pub const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/// The response header that carries the request's log id.
pub const LOGID_HEADER: &str = "x-tt-logid";
/// `duration_seconds` when the request names none.
pub const DEFAULT_TOKEN_TTL: i64 = 900;
/// The largest `duration_seconds` the service accepts (24 hours minus one second).
pub const MAX_TOKEN_TTL: i64 = 86_399;

/// Claims of the RS256 assertion a JWT OAuth app signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwtClaims {
    /// The OAuth app id.
    pub iss: String,
    /// The API host, without scheme (`api.coze.cn`).
    pub aud: String,
    /// Issued at, Unix seconds.
    pub iat: i64,
    /// Expiry, Unix seconds; must be after `iat`.
    pub exp: i64,
    /// A fresh random id; the service accepts each assertion once.
    pub jti: String,
    /// The business-side user id that isolates conversations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_name: Option<String>,
}

/// Body of `POST /api/permission/oauth2/token` for the JWT flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenRequest {
    pub grant_type: String,
    pub duration_seconds: i64,
    /// Absent when the case sends no scope: the token then carries every permission of the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
}

impl TokenRequest {
    /// The JWT-bearer grant for `duration_seconds`, with `scope` (the names in `block`) only when a
    /// permission list is given.
    pub fn jwt(
        duration_seconds: i64,
        permission_list: Option<Vec<String>>,
        block: &ScopeBlock,
    ) -> TokenRequest {
        TokenRequest::with_scope(
            duration_seconds,
            permission_list.map(|names| Scope::in_block(names, block)),
        )
    }

    /// The JWT-bearer grant for `duration_seconds` with this scope object (none: the app's permissions).
    pub fn with_scope(duration_seconds: i64, scope: Option<Scope>) -> TokenRequest {
        TokenRequest {
            grant_type: JWT_BEARER_GRANT.to_string(),
            duration_seconds,
            scope,
        }
    }
}

/// The scope object of a token request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    /// Account-level permission names (the block the docs show).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_permission: Option<AccountPermission>,
    /// Workspace-level permission names for some workspaces (the block coze-go sends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_permission: Option<WorkspacePermission>,
    /// Resource constraints (e.g. `connector_bot_chat_attribute.bot_id_list`), passed through as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_constraint: Option<serde_json::Value>,
}

/// `scope.account_permission`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPermission {
    pub permission_list: Vec<String>,
}

/// `scope.workspace_permission`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspacePermission {
    pub workspace_id_list: Vec<String>,
    pub permission_list: Vec<String>,
}

/// Which block of the scope object a permission list goes in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ScopeBlock {
    /// `account_permission`.
    #[default]
    Account,
    /// `workspace_permission`, for these workspaces.
    Workspace(Vec<String>),
}

impl Scope {
    /// Every permission name the scope asks for, account block first, each once.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        let lists = self
            .account_permission
            .iter()
            .map(|block| &block.permission_list)
            .chain(
                self.workspace_permission
                    .iter()
                    .map(|block| &block.permission_list),
            );
        for name in lists.flatten() {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        names
    }

    /// A scope that asks for exactly these permission names (in the account block).
    pub fn with_permissions(permission_list: Vec<String>) -> Scope {
        Scope::in_block(permission_list, &ScopeBlock::Account)
    }

    /// A scope that asks for these names in `block`.
    pub fn in_block(permission_list: Vec<String>, block: &ScopeBlock) -> Scope {
        let (account_permission, workspace_permission) = match block {
            ScopeBlock::Account => (Some(AccountPermission { permission_list }), None),
            ScopeBlock::Workspace(workspace_id_list) => (
                None,
                Some(WorkspacePermission {
                    workspace_id_list: workspace_id_list.clone(),
                    permission_list,
                }),
            ),
        };
        Scope {
            account_permission,
            workspace_permission,
            attribute_constraint: None,
        }
    }
}

/// A successful token response. `expires_in` is an absolute Unix time, not a duration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenGrant {
    pub access_token: String,
    pub expires_in: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
}

/// The flat error body of the OAuth endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthErrorBody {
    pub error_code: String,
    pub error_message: String,
    pub error: String,
}

/// The envelope of every business endpoint. `code` 0 is success, anything else an error described by `msg`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub code: i64,
    pub msg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Detail>,
}

/// `detail` of the envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Detail {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logid: Option<String>,
}

/// Body of `POST /v1/bot/create` as this tool sends it (the service accepts many more optional fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateBotRequest {
    pub space_id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The API connector (Bot as API): what `publish_bot` publishes to, and what chat and the OpenAPI see.
pub const API_CONNECTOR: &str = "1024";

/// Business codes that carry meaning for diagnosis.
pub mod code {
    pub const OK: i64 = 0;
    pub const BAD_REQUEST: i64 = 4000;
    pub const RATE_LIMITED: i64 = 4013;
    /// The bot is not published to the API connector.
    pub const NOT_PUBLISHED: i64 = 4015;
    pub const AUTH_INVALID: i64 = 4100;
    pub const NO_PERMISSION: i64 = 4101;
    pub const NOT_FOUND: i64 = 4200;
    pub const SERVER_ERROR: i64 = 5000;
    pub const ACCESS_TOKEN_INVALID: i64 = 700_012_006;
    /// A feature the account's plan does not include (an asynchronous workflow run).
    pub const PLAN_FEATURE: i64 = 6003;
}

/// OAuth `error_code` values of the token endpoint (note the service's spelling `access_deny`).
pub mod oauth_error {
    pub const INVALID_REQUEST: &str = "invalid_request";
    pub const INVALID_CLIENT: &str = "invalid_client";
    pub const UNSUPPORTED_GRANT_TYPE: &str = "unsupported_grant_type";
    pub const ACCESS_DENY: &str = "access_deny";
    pub const INTERNAL_ERROR: &str = "internal_error";
    /// Every value the token endpoint can send, and the device-code / PKCE polling states (doc oauth_jwt
    /// error codes, coze-py cozepy/auth); `access_deny` is the server's own spelling, distinct from the
    /// poll's `access_denied`.
    pub const ALL: &[&str] = &[
        INVALID_CLIENT,
        INVALID_REQUEST,
        ACCESS_DENY,
        UNSUPPORTED_GRANT_TYPE,
        INTERNAL_ERROR,
        "authorization_pending",
        "slow_down",
        "access_denied",
        "expired_token",
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_request_without_scope_has_no_scope_key() {
        let request = TokenRequest {
            grant_type: JWT_BEARER_GRANT.into(),
            duration_seconds: 900,
            scope: None,
        };
        let json = serde_json::to_value(&request).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"grant_type": JWT_BEARER_GRANT, "duration_seconds": 900})
        );
    }

    #[test]
    fn a_workspace_block_scope_has_no_account_block() {
        let scope = Scope::in_block(
            vec!["Workspace.createBot".into()],
            &ScopeBlock::Workspace(vec!["7351411557182226472".into()]),
        );
        assert_eq!(
            serde_json::to_value(&scope).unwrap(),
            serde_json::json!({"workspace_permission": {"workspace_id_list": ["7351411557182226472"], "permission_list": ["Workspace.createBot"]}})
        );
    }

    #[test]
    fn scope_serialises_as_account_permission_list() {
        let scope = Scope::with_permissions(vec!["Connector.botChat".into()]);
        assert_eq!(
            serde_json::to_value(&scope).unwrap(),
            serde_json::json!({"account_permission": {"permission_list": ["Connector.botChat"]}})
        );
    }
}
