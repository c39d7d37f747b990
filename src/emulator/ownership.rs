//! Who may act on what another account owns. Two rules, after the permission check of
//! [`super::access`]:
//!
//! - **Another account's bot** is hidden: a bot whose workspace the credential is not bound to, and that
//!   the caller's account is not in either, answers 4200 `Requested resource bot_id=… does not exist` as an
//!   unknown bot does (users met exactly that for bots of another account or region: coze-java#92,
//!   coze-py#318). A workspace the account is in but the credential is not bound to still answers 4101.
//! - **A PAT acts as its user.** Changing a bot (update, publish) needs the user to own it or to be the
//!   workspace's owner or an admin (docs: team members can read and chat, editing others' bots needs
//!   ownership or collaboration; that admins may is INFERRED); unpublishing needs the bot's owner (doc
//!   unpublish_agent). Refused, it answers 4101 naming `bot_id=…` and the permission (INFERRED: no public
//!   report shows the text). OAuth and SAT tokens need only the permission point (py docstrings of the
//!   collaborator APIs). Collaborators (the collaborator APIs) are not modelled.

use super::access::{CallerKind, Principal};
use super::context::Ctx;
use super::reply::BizError;
use super::state::Bot;

/// Who may change a bot with a PAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changers {
    /// The bot's owner, the workspace's owner and its admins (edit, publish).
    OwnerOrManagers,
    /// The bot's owner only (unpublish).
    OwnerOnly,
}

/// Whether the caller can see resources of `workspace` at all: its credential is bound to it, or its
/// account is in it.
pub fn reaches(ctx: &Ctx, principal: &Principal, workspace: &str) -> bool {
    principal.workspaces.contains(workspace)
        || ctx
            .world
            .workspace(ctx.realm, workspace)
            .and_then(|workspace| ctx.world.role_of(workspace, &principal.user_id))
            .is_some()
}

/// The 4101 of a PAT whose user may not change `bot` with `permission`; nothing for OAuth and SAT tokens.
pub fn require_change(
    ctx: &Ctx,
    principal: &Principal,
    bot: &Bot,
    permission: &str,
    changers: Changers,
) -> Result<(), BizError> {
    if principal.kind != CallerKind::Personal || bot.owner_user_id == principal.user_id {
        return Ok(());
    }
    let manages = changers == Changers::OwnerOrManagers
        && ctx
            .world
            .workspace(ctx.realm, &bot.workspace)
            .and_then(|workspace| ctx.world.role_of(workspace, &principal.user_id))
            .is_some_and(|role| role.manages_bots());
    if manages {
        return Ok(());
    }
    Err(BizError::no_permission(
        ctx.realm, "bot_id", &bot.id, permission,
    ))
}
