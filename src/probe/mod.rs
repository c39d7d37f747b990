//! The catalogue of operations a case can probe: each knows its endpoint, its request and the permission
//! it needs. Probes describe requests as plain data; the client sends them.

use serde::Serialize;

use crate::coze::permission;
use crate::coze::request::{Method, ProbeRequest};
use crate::coze::wire::{self, CreateBotRequest};

/// Every probe a report can show, by its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbeKind {
    /// JWT token issuance (`POST /api/permission/oauth2/token`).
    Token,
    /// `POST /v1/bot/create`.
    CreateBot,
    /// `GET /v1/workspaces`.
    ListWorkspaces,
    /// `GET /v1/users/me`.
    Whoami,
}

impl ProbeKind {
    /// Operations a case may list under `probes` (token issuance is implied by the credential).
    pub const OPERATIONS: [ProbeKind; 3] = [
        ProbeKind::CreateBot,
        ProbeKind::ListWorkspaces,
        ProbeKind::Whoami,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ProbeKind::Token => "token",
            ProbeKind::CreateBot => "create_bot",
            ProbeKind::ListWorkspaces => "list_workspaces",
            ProbeKind::Whoami => "whoami",
        }
    }

    pub fn from_name(name: &str) -> Option<ProbeKind> {
        std::iter::once(ProbeKind::Token)
            .chain(ProbeKind::OPERATIONS)
            .find(|kind| kind.name() == name)
    }

    /// The permission the service checks for this operation, if any.
    pub fn permission(self) -> Option<&'static str> {
        match self {
            ProbeKind::Token | ProbeKind::Whoami => None,
            ProbeKind::CreateBot => Some(permission::CREATE_BOT),
            ProbeKind::ListWorkspaces => Some(permission::LIST_WORKSPACE),
        }
    }

    /// Whether a successful call leaves something behind in the account.
    pub fn creates_resources(self) -> bool {
        matches!(self, ProbeKind::CreateBot)
    }
}

/// `[probe.create_bot]` parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateBotParams {
    pub space_id: String,
    pub name: String,
    pub description: Option<String>,
}

/// An operation with its parameters, ready to become a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    CreateBot(CreateBotParams),
    ListWorkspaces,
    Whoami,
}

impl Probe {
    pub fn kind(&self) -> ProbeKind {
        match self {
            Probe::CreateBot(_) => ProbeKind::CreateBot,
            Probe::ListWorkspaces => ProbeKind::ListWorkspaces,
            Probe::Whoami => ProbeKind::Whoami,
        }
    }

    pub fn request(&self) -> ProbeRequest {
        match self {
            Probe::CreateBot(params) => ProbeRequest {
                method: Method::Post,
                path: wire::CREATE_BOT_PATH.into(),
                query: Vec::new(),
                body: Some(
                    serde_json::to_value(CreateBotRequest {
                        space_id: params.space_id.clone(),
                        name: params.name.clone(),
                        description: params.description.clone(),
                    })
                    .unwrap_or_default(),
                ),
            },
            Probe::ListWorkspaces => ProbeRequest {
                method: Method::Get,
                path: wire::WORKSPACES_PATH.into(),
                query: vec![
                    ("page_num".into(), "1".into()),
                    ("page_size".into(), "20".into()),
                ],
                body: None,
            },
            Probe::Whoami => ProbeRequest {
                method: Method::Get,
                path: wire::USERS_ME_PATH.into(),
                query: Vec::new(),
                body: None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in std::iter::once(ProbeKind::Token).chain(ProbeKind::OPERATIONS) {
            assert_eq!(ProbeKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(ProbeKind::from_name("createBot"), None);
    }

    #[test]
    fn create_bot_posts_space_and_name() {
        let probe = Probe::CreateBot(CreateBotParams {
            space_id: "7351411557182226472".into(),
            name: "cozescope-probe".into(),
            description: None,
        });
        let request = probe.request();
        assert_eq!(request.method, Method::Post);
        assert_eq!(request.path, "/v1/bot/create");
        assert_eq!(
            request.body.unwrap(),
            serde_json::json!({"space_id": "7351411557182226472", "name": "cozescope-probe"})
        );
        assert_eq!(probe.kind().permission(), Some("createBot"));
    }
}
