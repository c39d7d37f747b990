//! Who is calling a business endpoint and what they may do: the bearer (a world PAT or an access token the
//! sandbox issued, of this realm) resolved into a [`Principal`], and the permission and workspace checks
//! that produce 4100 and 4101 with the service's messages.

use std::collections::BTreeSet;

use axum::http::HeaderMap;

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

impl Principal {
    /// `permission` on workspace `space_id`, else 4101 `space_id=… permission`.
    pub fn require_in_space(&self, permission: &str, space_id: &str) -> Result<(), BizError> {
        if self.permissions.contains(permission) && self.workspaces.contains(space_id) {
            Ok(())
        } else {
            Err(BizError::no_permission(
                self.realm, "space_id", space_id, permission,
            ))
        }
    }

    /// `permission` on a bot in `workspace`, else 4101 `bot_id=… permission` (form INFERRED).
    pub fn require_on_bot(
        &self,
        permission: &str,
        bot_id: &str,
        workspace: &str,
    ) -> Result<(), BizError> {
        let bot_allowed = self
            .bot_ids
            .as_ref()
            .is_none_or(|bots| bots.contains(bot_id));
        if self.permissions.contains(permission)
            && self.workspaces.contains(workspace)
            && bot_allowed
        {
            Ok(())
        } else {
            Err(BizError::no_permission(
                self.realm, "bot_id", bot_id, permission,
            ))
        }
    }

    /// An account-level `permission` (e.g. listWorkspace), else 4101 naming the account's user.
    pub fn require_account(&self, permission: &str, user_id: &str) -> Result<(), BizError> {
        if self.permissions.contains(permission) {
            Ok(())
        } else {
            Err(BizError::no_permission(
                self.realm, "user_id", user_id, permission,
            ))
        }
    }
}
