//! Permission names of the Coze OpenAPI: what each operation needs, and the names a token `scope` may list.

use std::sync::LazyLock;

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

/// Scope names for `scope.account_permission.permission_list`, with the permission each grants.
///
/// Channel-form names carry the `Connector.` prefix: `Connector.botChat` and `Connector.disconnectBot` are
/// documented in that form (docs: `oauth_jwt_channel`, `unpublish_agent`); the Chat SDK permission table
/// lists the others without the prefix, so their prefixed form is inferred ([`is_inferred_scope_name`]).
/// Names outside this list are not documented as scope names; the service rejects a token request that
/// lists a name it does not know.
pub const DOCUMENTED_SCOPE_NAMES: &[(&str, &str)] = &[
    ("Connector.botChat", "chat"),
    ("Connector.disconnectBot", "disconnectBot"),
    ("Connector.getMetadata", "getMetadata"),
    ("Connector.listConversation", "listConversation"),
    ("Connector.createConversation", "createConversation"),
    ("Connector.editConversation", "editConversation"),
    ("Connector.uploadFile", "uploadFile"),
    ("Connector.listConversationMessage", "listMessage"),
    ("Connector.cancelConversationChat", "cancelChat"),
    ("Connector.createTranscription", "createTranscription"),
    ("Connector.createSpeech", "createSpeech"),
];

/// The scope names documented as sent on the wire, prefix and all.
const DOCUMENTED_AS_SENT: &[&str] = &["Connector.botChat", "Connector.disconnectBot"];

/// Whether `name` is a scope name whose prefixed form is inferred, not documented: a fix must not lead with
/// it, since a name the service does not know fails the whole token request.
pub fn is_inferred_scope_name(name: &str) -> bool {
    permission_of_scope_name(name).is_some() && !DOCUMENTED_AS_SENT.contains(&name)
}

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
