//! The operation catalogue: the single place that knows each Coze OpenAPI operation this tool can probe or
//! explain — its method and path, the permission names that guard it (plain and channel form), the level
//! the service checks them at, the parameters it needs, and whether it only reads, writes, or spends quota.
//! The probes, the scenario validation, the sandbox's router, `explain` and the report all read it.
//!
//! Permission names are spelled as the docs.coze.cn API pages spell them (their "权限" row), including the
//! inconsistencies: a workflow's metadata is `getMetaData`, a bot's `getMetadata`.

use super::request::Method;

/// Where the service checks an operation's permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The account (user): workspaces, voices, conversations.
    Account,
    /// A workspace the credential must be bound to.
    Workspace,
    /// A bot, through the workspace it lives in.
    Bot,
    /// A workflow, through the workspace it lives in.
    Workflow,
}

/// What a successful call does to the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Reads only: safe to probe anywhere.
    Reads,
    /// Creates or changes something (a bot, a publication).
    Writes,
    /// Runs a model or a workflow: spends tokens, resource points or the free plan's calls.
    SpendsQuota,
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Reads => "reads",
            Effect::Writes => "writes",
            Effect::SpendsQuota => "spends quota",
        }
    }

    /// Whether a probe with this effect needs consent (`--yes`) against a real target.
    pub fn needs_consent(self) -> bool {
        self != Effect::Reads
    }
}

/// A parameter an operation needs, by the one name scenarios use whatever the wire calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Param {
    /// A workspace id (`space_id` in scenarios; `space_id` or `workspace_id` on the wire).
    SpaceId,
    /// A bot id.
    BotId,
    /// A workflow id.
    WorkflowId,
}

impl Param {
    /// The key in `[probe.NAME]` tables.
    pub fn key(self) -> &'static str {
        match self {
            Param::SpaceId => "space_id",
            Param::BotId => "bot_id",
            Param::WorkflowId => "workflow_id",
        }
    }

    /// The variable the SDK examples use for it.
    pub fn variable(self) -> &'static str {
        match self {
            Param::SpaceId => "COZE_WORKSPACE_ID",
            Param::BotId => "COZE_BOT_ID",
            Param::WorkflowId => "COZE_WORKFLOW_ID",
        }
    }
}

/// One operation of the Coze OpenAPI.
#[derive(Debug)]
pub struct Operation {
    /// The probe name (snake_case) for probes, else a descriptive name.
    pub name: &'static str,
    /// Whether cozescope can probe it (a scenario may list it under `probes`).
    pub probe: bool,
    pub method: Method,
    /// The path, with `{bot_id}`-style placeholders.
    pub path: &'static str,
    /// Every permission the service checks (all are needed).
    pub permissions: &'static [&'static str],
    /// The channel-app (`Connector.`) form of the permission, where one is documented.
    pub channel_permission: Option<&'static str>,
    pub level: Level,
    /// The parameters a probe of it needs.
    pub needs: &'static [Param],
    pub effect: Effect,
    /// What it does, in a few words.
    pub summary: &'static str,
    /// The docs.coze.cn page (`https://www.coze.cn/open/docs/developer_guides/<doc>`), when there is one.
    pub doc: Option<&'static str>,
}

impl Operation {
    /// `METHOD /path`, as reports and messages name an endpoint.
    pub fn endpoint(&self) -> String {
        format!("{} {}", self.method.as_str(), self.path)
    }

    /// Whether `method path` (a concrete path, e.g. `/v1/bots/7481…`) is this operation.
    pub fn matches(&self, method: Option<Method>, path: &str) -> bool {
        method.is_none_or(|method| method == self.method) && path_matches(self.path, path)
    }
}

/// `template` (with `{placeholders}`) against a concrete path, ignoring a trailing slash and a query.
fn path_matches(template: &str, path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let template_parts: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let path_parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    template_parts.len() == path_parts.len()
        && template_parts
            .iter()
            .zip(&path_parts)
            .all(|(want, got)| (want.starts_with('{') && !got.is_empty()) || want == got)
}

use Effect::{Reads, SpendsQuota, Writes};
use Level::{Account, Bot, Workflow, Workspace};
use Method::{Get, Post};
use Param::{BotId, SpaceId, WorkflowId};

/// The defaults entries override: a read-only, account-level probe with no permission.
const BASE: Operation = Operation {
    name: "",
    probe: true,
    method: Get,
    path: "",
    permissions: &[],
    channel_permission: None,
    level: Account,
    needs: &[],
    effect: Reads,
    summary: "",
    doc: None,
};

/// Every operation, probes first (in the order reports show them), then operations `explain` knows.
pub static OPERATIONS: &[Operation] = &[
    Operation {
        name: "token",
        method: Post,
        path: super::wire::TOKEN_PATH,
        summary: "issue an access token for a JWT OAuth app (no permission: the app's key is the credential)",
        doc: Some("oauth_jwt"),
        ..BASE
    },
    Operation {
        name: "whoami",
        path: super::wire::USERS_ME_PATH,
        summary: "the user the token belongs to (permission undocumented)",
        ..BASE
    },
    Operation {
        name: "list_workspaces",
        path: super::wire::WORKSPACES_PATH,
        permissions: &["listWorkspace"],
        summary: "list the workspaces the token can see",
        doc: Some("list_workspace"),
        ..BASE
    },
    Operation {
        name: "list_bots",
        path: "/v1/bots",
        permissions: &["listBot"],
        level: Workspace,
        needs: &[SpaceId],
        summary: "list the bots of a workspace",
        doc: Some("bots_list_draft_published"),
        ..BASE
    },
    Operation {
        name: "retrieve_bot",
        path: "/v1/bots/{bot_id}",
        permissions: &["getMetadata"],
        channel_permission: Some("Connector.getMetadata"),
        level: Bot,
        needs: &[BotId],
        summary: "read a bot's configuration",
        doc: Some("get_metadata_draft_published"),
        ..BASE
    },
    Operation {
        name: "list_workflows",
        path: "/v1/workflows",
        permissions: &["listWorkflow"],
        level: Workspace,
        needs: &[SpaceId],
        summary: "list the workflows of a workspace",
        doc: Some("get_workflow_list"),
        ..BASE
    },
    Operation {
        name: "retrieve_workflow",
        path: "/v1/workflows/{workflow_id}",
        permissions: &["getMetaData"],
        level: Workflow,
        needs: &[WorkflowId],
        summary: "read a workflow's metadata",
        doc: Some("get_workflow_info"),
        ..BASE
    },
    Operation {
        name: "list_conversations",
        path: "/v1/conversations",
        permissions: &["listConversation"],
        channel_permission: Some("Connector.listConversation"),
        level: Bot,
        needs: &[BotId],
        summary: "list the caller's conversations with a bot",
        doc: Some("list_conversations"),
        ..BASE
    },
    Operation {
        name: "list_datasets",
        path: "/v1/datasets",
        permissions: &["listKnowledge"],
        level: Workspace,
        needs: &[SpaceId],
        summary: "list the knowledge bases of a workspace",
        doc: Some("list_dataset"),
        ..BASE
    },
    Operation {
        name: "list_voices",
        path: "/v1/audio/voices",
        permissions: &["listVoice"],
        summary: "list the voices the account can use",
        doc: Some("list_voices"),
        ..BASE
    },
    Operation {
        name: "list_apps",
        path: "/v1/apps",
        permissions: &["listApp"],
        level: Workspace,
        needs: &[SpaceId],
        summary: "list the apps (projects) of a workspace",
        doc: Some("published_apps_list"),
        ..BASE
    },
    Operation {
        name: "create_bot",
        method: Post,
        path: super::wire::CREATE_BOT_PATH,
        permissions: &["createBot"],
        level: Workspace,
        needs: &[SpaceId],
        effect: Writes,
        summary: "create a draft bot in a workspace",
        doc: Some("create_bot"),
        ..BASE
    },
    Operation {
        name: "update_bot",
        method: Post,
        path: "/v1/bot/update",
        permissions: &["edit"],
        level: Bot,
        needs: &[BotId],
        effect: Writes,
        summary: "change a bot's draft",
        doc: Some("update_bot"),
        ..BASE
    },
    Operation {
        name: "publish_bot",
        method: Post,
        path: "/v1/bot/publish",
        permissions: &["publish"],
        level: Bot,
        needs: &[BotId],
        effect: Writes,
        summary: "publish a bot to connectors (the API connector is 1024)",
        doc: Some("publish_bot"),
        ..BASE
    },
    Operation {
        name: "chat",
        method: Post,
        path: "/v3/chat",
        permissions: &["chat"],
        channel_permission: Some("Connector.botChat"),
        level: Bot,
        needs: &[BotId],
        effect: SpendsQuota,
        summary: "chat with a published bot (one model call)",
        doc: Some("chat_v3"),
        ..BASE
    },
    Operation {
        name: "retrieve_chat",
        path: "/v3/chat/retrieve",
        permissions: &["getChat"],
        summary: "poll a chat's status until it is no longer in progress (the SDKs send POST; createAndPoll needs it)",
        doc: Some("retrieve_chat"),
        ..BASE
    },
    Operation {
        name: "list_chat_messages",
        path: "/v3/chat/message/list",
        permissions: &["chat", "listMessage"],
        channel_permission: Some("Connector.listConversationMessage"),
        summary: "the messages of a chat (createAndPoll needs it)",
        doc: Some("list_chat_messages"),
        ..BASE
    },
    Operation {
        name: "run_workflow",
        method: Post,
        path: "/v1/workflow/run",
        permissions: &["run"],
        level: Workflow,
        needs: &[WorkflowId],
        effect: SpendsQuota,
        summary: "run a published workflow",
        doc: Some("workflow_run"),
        ..BASE
    },
    // Operations `explain` knows but cozescope does not probe.
    Operation {
        name: "unpublish_bot",
        probe: false,
        method: Post,
        path: "/v1/bots/{bot_id}/unpublish",
        permissions: &["disconnectBot"],
        channel_permission: Some("Connector.disconnectBot"),
        level: Bot,
        needs: &[BotId],
        effect: Writes,
        summary: "unpublish a bot from a connector",
        doc: Some("unpublish_agent"),
    },
    Operation {
        name: "retrieve_bot_online_info",
        probe: false,
        path: "/v1/bot/get_online_info",
        permissions: &["getMetadata"],
        level: Bot,
        needs: &[BotId],
        summary: "read a published bot (deprecated; use /v1/bots/{bot_id})",
        doc: Some("get_metadata"),
        ..BASE
    },
    Operation {
        name: "list_published_bots",
        probe: false,
        path: "/v1/space/published_bots_list",
        permissions: &["getPublishedBot"],
        level: Workspace,
        needs: &[SpaceId],
        summary: "list published bots (deprecated; use /v1/bots)",
        doc: Some("published_bots_list"),
        ..BASE
    },
    Operation {
        name: "cancel_chat",
        probe: false,
        method: Post,
        path: "/v3/chat/cancel",
        permissions: &["cancelChat"],
        channel_permission: Some("Connector.cancelConversationChat"),
        effect: Writes,
        summary: "cancel a chat in progress",
        doc: Some("cancel_chat"),
        ..BASE
    },
    Operation {
        name: "submit_tool_outputs",
        probe: false,
        method: Post,
        path: "/v3/chat/submit_tool_outputs",
        permissions: &["submitToolChat"],
        effect: SpendsQuota,
        summary: "answer a chat's tool call",
        doc: Some("chat_submit_tool_outputs"),
        ..BASE
    },
    Operation {
        name: "create_conversation",
        probe: false,
        method: Post,
        path: "/v1/conversation/create",
        permissions: &["createConversation"],
        channel_permission: Some("Connector.createConversation"),
        effect: Writes,
        summary: "create a conversation",
        doc: Some("create_conversation"),
        ..BASE
    },
    Operation {
        name: "retrieve_conversation",
        probe: false,
        path: "/v1/conversation/retrieve",
        permissions: &["retrieveConversation"],
        summary: "read a conversation",
        doc: Some("retrieve_conversation"),
        ..BASE
    },
    Operation {
        name: "list_messages",
        probe: false,
        method: Post,
        path: "/v1/conversation/message/list",
        permissions: &["chat", "listMessage"],
        channel_permission: Some("Connector.listConversationMessage"),
        summary: "the messages of a conversation",
        doc: Some("list_message"),
        ..BASE
    },
    Operation {
        name: "create_message",
        probe: false,
        method: Post,
        path: "/v1/conversation/message/create",
        permissions: &["createMessage"],
        effect: Writes,
        summary: "add a message to a conversation",
        doc: Some("create_message"),
        ..BASE
    },
    Operation {
        name: "stream_run_workflow",
        probe: false,
        method: Post,
        path: "/v1/workflow/stream_run",
        permissions: &["run"],
        level: Workflow,
        needs: &[WorkflowId],
        effect: SpendsQuota,
        summary: "run a published workflow, streaming",
        doc: Some("workflow_stream_run"),
        ..BASE
    },
    Operation {
        name: "chat_workflow",
        probe: false,
        method: Post,
        path: "/v1/workflows/chat",
        permissions: &["run"],
        level: Workflow,
        needs: &[WorkflowId],
        effect: SpendsQuota,
        summary: "run a chatflow",
        doc: Some("workflow_chat"),
        ..BASE
    },
    Operation {
        name: "workflow_run_history",
        probe: false,
        path: "/v1/workflows/{workflow_id}/run_histories/{execute_id}",
        permissions: &["listRunHistory"],
        level: Workflow,
        needs: &[WorkflowId],
        summary: "poll an asynchronous workflow run",
        doc: Some("workflow_run_history"),
        ..BASE
    },
    Operation {
        name: "upload_file",
        probe: false,
        method: Post,
        path: "/v1/files/upload",
        permissions: &["uploadFile"],
        channel_permission: Some("Connector.uploadFile"),
        effect: Writes,
        summary: "upload a file",
        doc: Some("upload_files"),
        ..BASE
    },
    Operation {
        name: "retrieve_file",
        probe: false,
        path: "/v1/files/retrieve",
        permissions: &["retrieveFile"],
        summary: "read a file's metadata",
        doc: Some("retrieve_files"),
        ..BASE
    },
    Operation {
        name: "create_dataset",
        probe: false,
        method: Post,
        path: "/v1/datasets",
        permissions: &["createKnowledge"],
        level: Workspace,
        needs: &[SpaceId],
        effect: Writes,
        summary: "create a knowledge base",
        doc: Some("create_dataset"),
        ..BASE
    },
    Operation {
        name: "create_speech",
        probe: false,
        method: Post,
        path: "/v1/audio/speech",
        permissions: &["createSpeech"],
        channel_permission: Some("Connector.createSpeech"),
        effect: SpendsQuota,
        summary: "text to speech",
        doc: Some("text_to_speech"),
        ..BASE
    },
    Operation {
        name: "create_transcription",
        probe: false,
        method: Post,
        path: "/v1/audio/transcriptions",
        permissions: &["createTranscription"],
        channel_permission: Some("Connector.createTranscription"),
        effect: SpendsQuota,
        summary: "speech to text",
        doc: Some("audio_transcriptions"),
        ..BASE
    },
    Operation {
        name: "list_workspace_members",
        probe: false,
        path: "/v1/workspaces/{workspace_id}/members",
        permissions: &["readMember"],
        level: Workspace,
        needs: &[SpaceId],
        summary: "list a workspace's members",
        doc: Some("list_space_members"),
        ..BASE
    },
];

/// The operation named `name`.
pub fn operation(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|operation| operation.name == name)
}

/// The operation named `name`, looked up while compiling: code that serves or sends a fixed operation
/// names it in a `const` (`const RUN: &Operation = entry("run_workflow");`), so a name missing from the
/// catalogue fails the build instead of a request. Names known only at run time use [`operation`].
pub const fn entry(name: &str) -> &'static Operation {
    let mut index = 0;
    while index < OPERATIONS.len() {
        if same_text(OPERATIONS[index].name, name) {
            return &OPERATIONS[index];
        }
        index += 1;
    }
    panic!("no operation of this name in the catalogue");
}

/// `a == b` for `const` evaluation (`str` equality is not a `const fn`).
const fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if a[index] != b[index] {
            return false;
        }
        index += 1;
    }
    true
}

/// The operations cozescope can probe, in report order.
pub fn probes() -> impl Iterator<Item = &'static Operation> {
    OPERATIONS.iter().filter(|operation| operation.probe)
}

/// The operations at `path` (and `method`, when given).
pub fn by_path(method: Option<Method>, path: &str) -> Vec<&'static Operation> {
    OPERATIONS
        .iter()
        .filter(|operation| operation.matches(method, path))
        .collect()
}

/// The operations `permission` guards, by its plain or channel name (case-sensitive: the service is).
pub fn guarded_by(permission: &str) -> Vec<&'static Operation> {
    OPERATIONS
        .iter()
        .filter(|operation| {
            operation.permissions.contains(&permission)
                || operation.channel_permission == Some(permission)
        })
        .collect()
}

/// Every permission name the catalogue knows (plain form), sorted, without repeats.
pub fn permission_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = OPERATIONS
        .iter()
        .flat_map(|operation| operation.permissions.iter().copied())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_probes_come_first() {
        for (index, entry) in OPERATIONS.iter().enumerate() {
            assert!(
                entry
                    .name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                entry.name
            );
            assert_eq!(operation(entry.name).map(|o| o.path), Some(entry.path));
            if !entry.probe {
                assert!(OPERATIONS[index..].iter().all(|later| !later.probe));
            }
        }
    }

    #[test]
    fn paths_match_their_templates() {
        let names = |ops: Vec<&Operation>| ops.iter().map(|o| o.name).collect::<Vec<_>>();
        assert_eq!(
            names(by_path(None, "/v1/bots/7481617032355070001")),
            ["retrieve_bot"]
        );
        assert_eq!(
            names(by_path(Some(Method::Get), "/v1/bots?workspace_id=1")),
            ["list_bots"]
        );
        assert_eq!(
            names(by_path(Some(Method::Post), "/v1/workflow/run/")),
            ["run_workflow"]
        );
        assert_eq!(names(by_path(None, "/v1/bots/")), ["list_bots"]);
        assert!(by_path(None, "/v2/chat").is_empty());
    }

    #[test]
    fn entries_resolve_while_compiling() {
        const RUN: &Operation = entry("run_workflow");
        assert_eq!(RUN.path, "/v1/workflow/run");
        assert!(std::ptr::eq(entry("token"), &OPERATIONS[0]));
    }

    #[test]
    fn permissions_lead_back_to_their_operations() {
        let names = |ops: Vec<&Operation>| ops.iter().map(|o| o.name).collect::<Vec<_>>();
        assert_eq!(
            names(guarded_by("run")),
            ["run_workflow", "stream_run_workflow", "chat_workflow"]
        );
        assert_eq!(names(guarded_by("getChat")), ["retrieve_chat"]);
        assert_eq!(names(guarded_by("Connector.botChat")), ["chat"]);
        assert!(guarded_by("runWorkflow").is_empty());
        assert!(
            permission_names().contains(&"getMetaData")
                && permission_names().contains(&"getMetadata")
        );
    }
}
