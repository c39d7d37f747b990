//! Who is calling a business endpoint and what they may do: the bearer (a world PAT or SAT that has not
//! expired, or an access token the sandbox issued, of this realm) resolved into a [`Principal`] — the
//! account it acts for, its kind and its JWT session — (else 4100), and the one permission check: an
//! operation's permissions from the catalogue, on the resource it acts on (else 4101 with the service's
//! message). Who may act on another account's resources is [`super::ownership`].

use std::collections::BTreeSet;

use axum::http::HeaderMap;

use crate::coze::catalogue::{Level, Operation};
use crate::coze::region::Region;

use super::context::Ctx;
use super::reply::BizError;
use super::request;
use super::state::Party;
use super::world::ConsoleTokenKind;

/// What kind of credential a caller holds: it decides whether the caller's role in a workspace counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallerKind {
    /// A PAT: the user's own role applies (a member may not change another's bot).
    Personal,
    /// A SAT: the permission point suffices.
    Service,
    /// An OAuth access token (JWT app): the permission point suffices.
    OAuth,
}

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Principal {
    pub realm: Region,
    pub kind: CallerKind,
    /// The account the credential acts for.
    pub user_id: String,
    /// The JWT `session_name` the access token was issued for; `None` for PATs, SATs and JWTs without one.
    pub session: Option<String>,
    pub permissions: BTreeSet<String>,
    pub workspaces: BTreeSet<String>,
    /// Bots a scoped token is limited to (`attribute_constraint`), if any.
    pub bot_ids: Option<BTreeSet<String>>,
}

impl Principal {
    /// Whose conversations and chats the caller sees: its account, in its session.
    pub fn party(&self) -> Party {
        Party {
            user_id: self.user_id.clone(),
            session: self.session.clone(),
        }
    }
}

/// Resolves the bearer of a business request; unknown, expired or other-realm tokens get 4100.
pub fn authenticate(ctx: &Ctx, headers: &HeaderMap, now: i64) -> Result<Principal, BizError> {
    let token = request::bearer(headers)
        .filter(|token| !token.is_empty())
        .ok_or_else(BizError::auth_invalid)?;
    if let Some(known) = ctx.world.console_token(ctx.realm, token)
        && matches!(ctx.flavour, super::world::Flavour::Studio(_))
    {
        // A Studio PAT acts with its user's rights: no permission list, no expiry (its middleware checks
        // only that the key exists).
        return Ok(Principal {
            realm: ctx.realm,
            kind: CallerKind::Personal,
            user_id: known.user.clone(),
            session: None,
            permissions: crate::coze::permission::KNOWN_PERMISSIONS
                .iter()
                .map(|permission| permission.to_string())
                .collect(),
            workspaces: ctx.world.workspace_ids(ctx.realm),
            bot_ids: None,
        });
    }
    if let Some(known) = ctx.world.console_token(ctx.realm, token) {
        // An expired PAT or SAT gets the same 4100 as an unknown one (INFERRED: no public source shows
        // another text; coze-java#82 asks for a way to tell them apart).
        if known.expires_at.is_some_and(|expires_at| expires_at <= now) {
            tracing::debug!(token = %known.name, realm = %ctx.realm, "an expired console token");
            return Err(BizError::auth_invalid());
        }
        tracing::debug!(token = %known.name, realm = %ctx.realm, "authenticated a console token");
        return Ok(Principal {
            realm: ctx.realm,
            kind: match known.kind {
                ConsoleTokenKind::Personal => CallerKind::Personal,
                ConsoleTokenKind::Service => CallerKind::Service,
            },
            user_id: known.user.clone(),
            session: None,
            permissions: known.permissions.clone(),
            workspaces: known.workspaces.clone(),
            bot_ids: None,
        });
    }
    match ctx.state.issued(token, now) {
        Some(issued) if issued.realm == ctx.realm => {
            tracing::debug!(app = %issued.app_id, realm = %ctx.realm, "authenticated an access token");
            Ok(Principal {
                realm: issued.realm,
                kind: CallerKind::OAuth,
                user_id: issued.user_id,
                session: issued.session,
                permissions: issued.permissions,
                workspaces: issued.workspaces,
                bot_ids: issued.bot_ids,
            })
        }
        _ => Err(BizError::auth_invalid()),
    }
}

/// What an operation's permission is checked on: the resource the 4101 message names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On<'a> {
    /// The caller's account: `user_id=…` (the form is INFERRED).
    Account,
    /// A workspace the credential must be bound to: `space_id=…` (observed for createBot).
    Workspace(&'a str),
    /// A bot, through its workspace: `bot_id=…` (INFERRED); a token scoped to some bots reaches only those.
    Bot { id: &'a str, workspace: &'a str },
    /// A workflow, through its workspace: `workflow_id=…` (observed in the service's Chinese message).
    Workflow { id: &'a str, workspace: &'a str },
}

impl<'a> On<'a> {
    fn level(self) -> Level {
        match self {
            On::Account => Level::Account,
            On::Workspace(_) => Level::Workspace,
            On::Bot { .. } => Level::Bot,
            On::Workflow { .. } => Level::Workflow,
        }
    }

    /// The resource label and id of the 4101 message (`caller` for the account).
    fn resource(self, caller: &str) -> (&'static str, String) {
        match self {
            On::Account => ("user_id", caller.to_string()),
            On::Workspace(space_id) => ("space_id", space_id.to_string()),
            On::Bot { id, .. } => ("bot_id", id.to_string()),
            On::Workflow { id, .. } => ("workflow_id", id.to_string()),
        }
    }

    fn workspace(self) -> Option<&'a str> {
        match self {
            On::Account => None,
            On::Workspace(workspace)
            | On::Bot { workspace, .. }
            | On::Workflow { workspace, .. } => Some(workspace),
        }
    }
}

impl Principal {
    /// Every permission of `operation` (from the catalogue), on `on`: a workspace the credential is bound
    /// to, and a bot a scoped token may reach. Else 4101 naming the resource and the first permission
    /// missing (the first of the operation's when the resource is out of reach, which the service does not
    /// tell apart: INFERRED).
    pub fn require(&self, operation: &Operation, on: On<'_>) -> Result<(), BizError> {
        debug_assert_eq!(operation.level, on.level(), "{}", operation.name);
        let missing = operation
            .permissions
            .iter()
            .find(|permission| !self.permissions.contains(**permission));
        let in_workspace = on
            .workspace()
            .is_none_or(|workspace| self.workspaces.contains(workspace));
        let bot_allowed = match (on, &self.bot_ids) {
            (On::Bot { id, .. }, Some(bots)) => bots.contains(id),
            _ => true,
        };
        if missing.is_none() && in_workspace && bot_allowed {
            return Ok(());
        }
        let permission = missing
            .or(operation.permissions.first())
            .copied()
            .unwrap_or_default();
        let (resource, id) = on.resource(&self.user_id);
        Err(BizError::no_permission(
            self.realm, resource, &id, permission,
        ))
    }
}
