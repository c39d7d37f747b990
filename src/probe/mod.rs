//! Probes: the operations of the catalogue ([`crate::coze::catalogue`]) that a case can try, each with its
//! parameters, described as plain requests (the client sends them, `--dry-run` prints them, the report
//! shows them). What each operation needs and guards lives in the catalogue; this module only builds
//! requests. The chat-polling probes (`retrieve_chat`, `list_chat_messages`) address the chat an earlier
//! `chat` of the same case made: the runner hands its ids over ([`ProbeParams::chat`]).

use serde::Serialize;
use serde_json::{Value, json};

use crate::coze::catalogue::{self, Effect, Level, Operation, Param};
use crate::coze::request::ProbeRequest;
use crate::coze::wire::API_CONNECTOR;

/// Every probe a report can show, by its snake_case name (the catalogue's probe names, in its order).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ProbeKind {
    /// JWT token issuance; implied by a JWT credential.
    Token,
    Whoami,
    ListWorkspaces,
    ListBots,
    RetrieveBot,
    ListWorkflows,
    RetrieveWorkflow,
    ListConversations,
    ListDatasets,
    ListVoices,
    ListApps,
    CreateBot,
    UpdateBot,
    PublishBot,
    Chat,
    RetrieveChat,
    ListChatMessages,
    RunWorkflow,
}

impl std::fmt::Display for ProbeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The catalogue entry of each probe, in [`ProbeKind::ALL`] order (the declaration order), resolved while
/// compiling: a probe missing from the catalogue fails the build.
const BY_KIND: [&Operation; ProbeKind::ALL.len()] = {
    let mut by_kind = [&catalogue::OPERATIONS[0]; ProbeKind::ALL.len()];
    let mut index = 0;
    while index < by_kind.len() {
        by_kind[index] = catalogue::entry(ProbeKind::ALL[index].name());
        index += 1;
    }
    by_kind
};

impl ProbeKind {
    /// Every probe, in report order.
    pub const ALL: [ProbeKind; 18] = [
        ProbeKind::Token,
        ProbeKind::Whoami,
        ProbeKind::ListWorkspaces,
        ProbeKind::ListBots,
        ProbeKind::RetrieveBot,
        ProbeKind::ListWorkflows,
        ProbeKind::RetrieveWorkflow,
        ProbeKind::ListConversations,
        ProbeKind::ListDatasets,
        ProbeKind::ListVoices,
        ProbeKind::ListApps,
        ProbeKind::CreateBot,
        ProbeKind::UpdateBot,
        ProbeKind::PublishBot,
        ProbeKind::Chat,
        ProbeKind::RetrieveChat,
        ProbeKind::ListChatMessages,
        ProbeKind::RunWorkflow,
    ];

    /// Operations a case may list under `probes` (token issuance is implied by the credential).
    pub fn operations() -> impl Iterator<Item = ProbeKind> + Clone {
        ProbeKind::ALL
            .into_iter()
            .filter(|kind| *kind != ProbeKind::Token)
    }

    pub const fn name(self) -> &'static str {
        match self {
            ProbeKind::Token => "token",
            ProbeKind::Whoami => "whoami",
            ProbeKind::ListWorkspaces => "list_workspaces",
            ProbeKind::ListBots => "list_bots",
            ProbeKind::RetrieveBot => "retrieve_bot",
            ProbeKind::ListWorkflows => "list_workflows",
            ProbeKind::RetrieveWorkflow => "retrieve_workflow",
            ProbeKind::ListConversations => "list_conversations",
            ProbeKind::ListDatasets => "list_datasets",
            ProbeKind::ListVoices => "list_voices",
            ProbeKind::ListApps => "list_apps",
            ProbeKind::CreateBot => "create_bot",
            ProbeKind::UpdateBot => "update_bot",
            ProbeKind::PublishBot => "publish_bot",
            ProbeKind::Chat => "chat",
            ProbeKind::RetrieveChat => "retrieve_chat",
            ProbeKind::ListChatMessages => "list_chat_messages",
            ProbeKind::RunWorkflow => "run_workflow",
        }
    }

    pub fn from_name(name: &str) -> Option<ProbeKind> {
        ProbeKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The catalogue entry of this probe.
    pub fn operation(self) -> &'static Operation {
        BY_KIND[self as usize]
    }

    /// The permission the service checks for this operation, if any.
    pub fn permission(self) -> Option<&'static str> {
        self.operation().permissions.first().copied()
    }

    /// Whether a successful call changes or spends something (it then runs only with consent on a real
    /// target, and is not sent again after a failure the server may have acted on).
    pub fn has_side_effects(self) -> bool {
        self.operation().effect.needs_consent()
    }

    /// Whether the probe addresses the chat an earlier `chat` probe of its case made (it is skipped when
    /// the case has none).
    pub fn follows_chat(self) -> bool {
        matches!(self, ProbeKind::RetrieveChat | ProbeKind::ListChatMessages)
    }

    /// The parameters a probe of this kind accepts beyond the ids it needs, by `[probe.NAME]` key.
    pub fn extra_keys(self) -> &'static [&'static str] {
        match self {
            ProbeKind::CreateBot | ProbeKind::UpdateBot => &["name", "description"],
            ProbeKind::Chat => &["message"],
            ProbeKind::RunWorkflow => &["parameters"],
            _ => &[],
        }
    }
}

/// `[probe.NAME]` values, resolved: the ids an operation needs and its optional extras.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProbeParams {
    /// The workspace (`space_id`): one value per probe (a scenario naming several gets one probe each).
    pub space_id: Option<String>,
    pub bot_id: Option<String>,
    pub workflow_id: Option<String>,
    /// create_bot, update_bot.
    pub name: Option<String>,
    /// create_bot, update_bot.
    pub description: Option<String>,
    /// chat: the user message (default `ping`).
    pub message: Option<String>,
    /// run_workflow: the workflow's input parameters.
    pub parameters: Option<Value>,
    /// list_bots, list_workflows: read every page, not only the first (the follow-ups that look for an id).
    pub every_page: bool,
    /// retrieve_chat, list_chat_messages: the chat of the case, handed over by the runner (never a
    /// scenario key).
    pub chat: Option<ChatIds>,
}

/// The ids of a chat `/v3/chat` answered with, which its retrieve and message list name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ChatIds {
    pub chat_id: String,
    pub conversation_id: String,
}

impl ProbeParams {
    /// The value of an id parameter.
    pub fn get(&self, param: Param) -> Option<&str> {
        match param {
            Param::SpaceId => self.space_id.as_deref(),
            Param::BotId => self.bot_id.as_deref(),
            Param::WorkflowId => self.workflow_id.as_deref(),
        }
    }
}

/// An operation with its parameters, ready to become a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub kind: ProbeKind,
    pub params: ProbeParams,
}

impl Probe {
    /// A probe with no parameters (account-level operations).
    pub fn plain(kind: ProbeKind) -> Probe {
        Probe {
            kind,
            params: ProbeParams::default(),
        }
    }

    /// The workspace a workspace-level probe addresses.
    pub fn workspace(&self) -> Option<&str> {
        (self.kind.operation().level == Level::Workspace)
            .then_some(self.params.space_id.as_deref())
            .flatten()
    }

    /// The request this probe sends.
    pub fn request(&self) -> ProbeRequest {
        let operation = self.kind.operation();
        let p = &self.params;
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let query = |pairs: &[(&str, String)]| {
            pairs
                .iter()
                .map(|(key, value)| (key.to_string(), value.clone()))
                .collect::<Vec<_>>()
        };
        let paging = |size: &str| [("page_num", "1".to_string()), ("page_size", size.into())];
        let (query, body): (Vec<(String, String)>, Option<Value>) = match self.kind {
            ProbeKind::Token => (Vec::new(), None),
            ProbeKind::Whoami | ProbeKind::RetrieveWorkflow => (Vec::new(), None),
            ProbeKind::ListWorkspaces => (query(&paging("50")), None),
            ProbeKind::ListBots | ProbeKind::ListApps | ProbeKind::ListWorkflows => {
                let mut pairs = vec![
                    ("workspace_id", text(&p.space_id)),
                    ("publish_status", "all".to_string()),
                ];
                pairs.extend(paging("20"));
                (query(&pairs), None)
            }
            ProbeKind::RetrieveBot => (query(&[("is_published", "false".to_string())]), None),
            ProbeKind::ListConversations => {
                let mut pairs = vec![("bot_id", text(&p.bot_id))];
                pairs.extend(paging("20"));
                (query(&pairs), None)
            }
            ProbeKind::ListDatasets => {
                let mut pairs = vec![("space_id", text(&p.space_id))];
                pairs.extend(paging("10"));
                (query(&pairs), None)
            }
            ProbeKind::ListVoices => (query(&paging("20")), None),
            ProbeKind::CreateBot => {
                let mut body = json!({"space_id": text(&p.space_id), "name": text(&p.name)});
                if let Some(description) = &p.description {
                    body["description"] = json!(description);
                }
                (Vec::new(), Some(body))
            }
            ProbeKind::UpdateBot => {
                // Only the fields the scenario names: with none, the update changes nothing.
                let mut body = json!({"bot_id": text(&p.bot_id)});
                if let Some(name) = &p.name {
                    body["name"] = json!(name);
                }
                if let Some(description) = &p.description {
                    body["description"] = json!(description);
                }
                (Vec::new(), Some(body))
            }
            ProbeKind::PublishBot => (
                Vec::new(),
                Some(json!({"bot_id": text(&p.bot_id), "connector_ids": [API_CONNECTOR]})),
            ),
            ProbeKind::Chat => (
                Vec::new(),
                Some(json!({
                    "bot_id": text(&p.bot_id),
                    "user_id": "cozescope",
                    "stream": false,
                    "auto_save_history": true,
                    "additional_messages": [{
                        "role": "user",
                        "type": "question",
                        "content_type": "text",
                        "content": p.message.clone().unwrap_or_else(|| "ping".to_string()),
                    }],
                })),
            ),
            ProbeKind::RetrieveChat | ProbeKind::ListChatMessages => {
                let (conversation, chat) = match &p.chat {
                    Some(ids) => (ids.conversation_id.clone(), ids.chat_id.clone()),
                    None => (
                        "<conversation_id of the case's chat>".to_string(),
                        "<chat_id of the case's chat>".to_string(),
                    ),
                };
                (
                    query(&[("conversation_id", conversation), ("chat_id", chat)]),
                    None,
                )
            }
            ProbeKind::RunWorkflow => (
                Vec::new(),
                Some(json!({
                    "workflow_id": text(&p.workflow_id),
                    "parameters": p.parameters.clone().unwrap_or_else(|| json!({})),
                })),
            ),
        };
        ProbeRequest {
            method: operation.method,
            path: fill_path(operation.path, p),
            query,
            body,
        }
    }

    /// The same probe addressing the chat `ids` (for the chat-polling probes).
    pub fn with_chat(&self, ids: &ChatIds) -> Probe {
        let mut probe = self.clone();
        probe.params.chat = Some(ids.clone());
        probe
    }

    /// What the probe costs, for the report: `None` for reads.
    pub fn effect(&self) -> Effect {
        self.kind.operation().effect
    }
}

/// `/v1/bots/{bot_id}` with the probe's ids filled in.
fn fill_path(template: &str, params: &ProbeParams) -> String {
    let mut path = template.to_string();
    for param in [Param::SpaceId, Param::BotId, Param::WorkflowId] {
        let placeholder = format!("{{{}}}", param.key());
        if let Some(value) = params.get(param) {
            path = path.replace(&placeholder, value);
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coze::request::Method;

    #[test]
    fn every_probe_is_in_the_catalogue_and_every_catalogue_probe_is_a_kind() {
        for (index, kind) in ProbeKind::ALL.into_iter().enumerate() {
            assert_eq!(kind as usize, index, "ALL is in declaration order");
            assert_eq!(kind.operation().name, kind.name());
            assert_eq!(ProbeKind::from_name(kind.name()), Some(kind));
        }
        let probes: Vec<&str> = catalogue::probes().map(|o| o.name).collect();
        let kinds: Vec<&str> = ProbeKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(probes, kinds, "same probes, same order");
        assert_eq!(ProbeKind::from_name("createBot"), None);
    }

    #[test]
    fn requests_follow_the_catalogue() {
        let params = ProbeParams {
            space_id: Some("7351411557182226472".into()),
            bot_id: Some("7481617032355070001".into()),
            workflow_id: Some("7500000000000000101".into()),
            ..ProbeParams::default()
        };
        for kind in ProbeKind::operations() {
            let probe = Probe {
                kind,
                params: params.clone(),
            };
            let request = probe.request();
            let operation = kind.operation();
            assert_eq!(request.method, operation.method, "{}", kind.name());
            assert!(
                operation.matches(Some(request.method), &request.path),
                "{}",
                kind.name()
            );
            assert_eq!(
                request.body.is_some(),
                request.method.has_body(),
                "{}",
                kind.name()
            );
        }
    }

    #[test]
    fn create_bot_posts_space_and_name() {
        let probe = Probe {
            kind: ProbeKind::CreateBot,
            params: ProbeParams {
                space_id: Some("7351411557182226472".into()),
                name: Some("cozescope-probe".into()),
                ..ProbeParams::default()
            },
        };
        let request = probe.request();
        assert_eq!(request.method, Method::Post);
        assert_eq!(request.path, "/v1/bot/create");
        assert_eq!(
            request.body.unwrap(),
            json!({"space_id": "7351411557182226472", "name": "cozescope-probe"})
        );
        assert_eq!(probe.kind.permission(), Some("createBot"));
        assert_eq!(probe.workspace(), Some("7351411557182226472"));
    }
}
