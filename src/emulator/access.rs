//! Who is calling a business endpoint and what they may do: the bearer (a world PAT or an access token the
//! sandbox issued, of this realm) resolved into a [`Principal`] (else 4100), and the one permission check:
//! an operation's permissions from the catalogue, on the resource it acts on (else 4101 with the
//! service's message).

use std::collections::BTreeSet;

use axum::http::HeaderMap;

use crate::coze::catalogue::{Level, Operation};
use crate::coze::region::Region;

use super::context::Ctx;
use super::reply::BizError;
use super::request;

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Principal {
    pub realm: Region,
    pub permissions: BTreeSet<String>,
    pub workspaces: BTreeSet<String>,
    /// Bots a scoped token is limited to (`attribute_constraint`), if any.
    pub bot_ids: Option<BTreeSet<String>>,
}

/// Resolves the bearer of a business request; unknown, expired or other-realm tokens get 4100.
pub fn authenticate(ctx: &Ctx, headers: &HeaderMap, now: i64) -> Result<Principal, BizError> {
    let token = request::bearer(headers)
        .filter(|token| !token.is_empty())
        .ok_or_else(BizError::auth_invalid)?;
    if let Some(pat) = ctx.world.pat(ctx.realm, token) {
        tracing::debug!(pat = %pat.name, realm = %ctx.realm, "authenticated a PAT");
        return Ok(Principal {
            realm: ctx.realm,
            permissions: pat.permissions.clone(),
            workspaces: pat.workspaces.clone(),
            bot_ids: None,
        });
    }
    match ctx.state.issued(token, now) {
        Some(issued) if issued.realm == ctx.realm => {
            tracing::debug!(app = %issued.app_id, realm = %ctx.realm, "authenticated an access token");
            Ok(Principal {
                realm: issued.realm,
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
    /// The account: `user_id=…` (the form is INFERRED).
    Account { user_id: &'a str },
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
            On::Account { .. } => Level::Account,
            On::Workspace(_) => Level::Workspace,
            On::Bot { .. } => Level::Bot,
            On::Workflow { .. } => Level::Workflow,
        }
    }

    /// The resource label and id of the 4101 message.
    fn resource(self) -> (&'static str, String) {
        match self {
            On::Account { user_id } => ("user_id", user_id.to_string()),
            On::Workspace(space_id) => ("space_id", space_id.to_string()),
            On::Bot { id, .. } => ("bot_id", id.to_string()),
            On::Workflow { id, .. } => ("workflow_id", id.to_string()),
        }
    }

    fn workspace(self) -> Option<&'a str> {
        match self {
            On::Account { .. } => None,
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
        let (resource, id) = on.resource();
        Err(BizError::no_permission(
            self.realm, resource, &id, permission,
        ))
    }
}
