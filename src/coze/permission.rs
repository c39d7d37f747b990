//! Permission names of the Coze OpenAPI: what each operation needs, and the names a token `scope` may list.

use std::sync::LazyLock;

/// Create a bot in a workspace (`POST /v1/bot/create`).
pub const CREATE_BOT: &str = "createBot";
/// Update a bot (`POST /v1/bot/update`).
pub const EDIT: &str = "edit";
/// Publish a bot (`POST /v1/bot/publish`).
pub const PUBLISH: &str = "publish";
/// List bots (`GET /v1/bots`).
pub const LIST_BOT: &str = "listBot";
/// Read a bot's metadata (`GET /v1/bots/{bot_id}`).
pub const GET_METADATA: &str = "getMetadata";
/// Unpublish a bot (`POST /v1/bots/{bot_id}/unpublish`).
pub const DISCONNECT_BOT: &str = "disconnectBot";
/// List workspaces (`GET /v1/workspaces`).
pub const LIST_WORKSPACE: &str = "listWorkspace";
/// Chat with a bot (`POST /v3/chat`).
pub const CHAT: &str = "chat";

/// Console permission names that guard no operation of the catalogue; a world may still configure them.
const CONSOLE_ONLY: &[&str] = &["editConversation"];

/// Every permission name an app or a PAT may be configured with: each name of the operation catalogue
/// (which is where they are spelled), and the console's names no catalogued operation needs. Sorted,
/// without repeats.
pub static KNOWN_PERMISSIONS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut names = super::catalogue::permission_names();
    names.extend_from_slice(CONSOLE_ONLY);
    names.sort_unstable();
    names.dedup();
    names
});

/// Scope names documented for `scope.account_permission.permission_list`, with the permission each grants.
///
/// Channel-form names carry the `Connector.` prefix (docs: `oauth_jwt_channel`, `unpublish_agent`, the Chat
/// SDK permission table). Names outside this list are not documented as scope names; the service rejects a
/// token request that lists a name it does not know.
pub const DOCUMENTED_SCOPE_NAMES: &[(&str, &str)] = &[
    ("Connector.botChat", CHAT),
    ("Connector.disconnectBot", DISCONNECT_BOT),
    ("Connector.getMetadata", GET_METADATA),
    ("Connector.listConversation", "listConversation"),
    ("Connector.createConversation", "createConversation"),
    ("Connector.editConversation", "editConversation"),
    ("Connector.uploadFile", "uploadFile"),
    ("Connector.listConversationMessage", "listMessage"),
    ("Connector.cancelConversationChat", "cancelChat"),
    ("Connector.createTranscription", "createTranscription"),
    ("Connector.createSpeech", "createSpeech"),
];

/// The permission a documented scope name grants, if the name is documented.
pub fn permission_of_scope_name(scope_name: &str) -> Option<&'static str> {
    DOCUMENTED_SCOPE_NAMES
        .iter()
        .find(|(name, _)| *name == scope_name)
        .map(|(_, permission)| *permission)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_are_the_catalogue_s_and_the_console_s() {
        let known = &*KNOWN_PERMISSIONS;
        for name in [
            "run",
            "getMetaData",
            "getMetadata",
            "listKnowledge",
            "editConversation",
        ] {
            assert!(known.contains(&name), "{name}");
        }
        assert!(!known.contains(&"runWorkflow"));
        for (_, granted) in DOCUMENTED_SCOPE_NAMES {
            assert!(known.contains(granted), "{granted}");
        }
    }
}
