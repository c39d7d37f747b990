//! The world: the accounts a sandbox serves (users, workspaces with their owners and members, JWT OAuth apps
//! with their public keys, PATs and SATs, bots, workflows, datasets, Coze apps (projects)), the sandbox
//! values of the well-known variables, virtual files, and declared faults.
//!
//! A [`World`] is immutable once loaded and cheap to clone; the running state (issued tokens, created bots)
//! lives in [`super::state`]. Loading from TOML is in [`super::world_file`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use crate::coze::region::Region;

use super::error::WorldError;
use super::faults::FaultSettings;
use super::keys::PublicKey;

/// How many retrieves a non-streaming chat answers `in_progress` to before it completes, unless a
/// `[[bot]]` says `chat_polls`: one, so that every `create_and_poll` retrieves once.
pub const DEFAULT_CHAT_POLLS: u32 = 1;

/// What the sandbox answers as: Coze's cloud (two realms), or a self-hosted Coze Studio (one base URL, no
/// realm, PATs on its OpenAPI paths only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Flavour {
    #[default]
    Coze,
    Studio(StudioVersion),
}

/// The Coze Studio release line the Studio flavour answers as (where they differ: the web paths' refusal,
/// a non-streaming chat).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StudioVersion {
    /// v0.3.x: web paths answer HTTP 200 `700012006 authentication failed: missing session_key in cookie`;
    /// `/v3/chat` always streams.
    V03,
    /// v0.5.x (as v0.5.1): web paths answer HTTP 401 `{"code":401,"msg":"missing session_key in cookie"}`;
    /// `stream: false` answers the created chat as JSON.
    #[default]
    V05,
}

impl StudioVersion {
    /// The words of `--studio-version` and `studio_version`.
    pub const WORDS: [&'static str; 2] = ["0.3", "0.5"];

    pub fn parse(word: &str) -> Option<StudioVersion> {
        match word.trim() {
            "0.3" => Some(StudioVersion::V03),
            "0.5" => Some(StudioVersion::V05),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StudioVersion::V03 => "0.3",
            StudioVersion::V05 => "0.5",
        }
    }
}

/// A loaded world (cheap to clone: the data is shared).
#[derive(Debug, Clone)]
pub struct World {
    pub(crate) data: Arc<WorldData>,
}

/// Everything a world declares.
#[derive(Debug, Default, Clone)]
pub(crate) struct WorldData {
    /// Where the world came from (a path, or the embedded demo world).
    pub origin: String,
    pub workspaces: Vec<Workspace>,
    pub apps: Vec<App>,
    /// The PATs and SATs, in world-file order.
    pub tokens: Vec<ConsoleToken>,
    pub bots: Vec<BotSeed>,
    pub workflows: Vec<Workflow>,
    pub datasets: Vec<Dataset>,
    pub projects: Vec<Project>,
    pub users: Vec<User>,
    /// Scope names the token endpoint accepts; empty: the documented list (account block).
    pub scope_names: Vec<ScopeName>,
    pub variables: BTreeMap<String, String>,
    pub files: BTreeMap<String, String>,
    pub faults: Option<FaultSettings>,
    /// `flavour` and `studio_version`.
    pub flavour: Flavour,
}

/// The block of the scope object a scope name is accepted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScopeBlock {
    /// `account_permission`.
    #[default]
    Account,
    /// `workspace_permission` (with its `workspace_id_list`).
    Workspace,
}

/// A scope name the token endpoint accepts, and the permissions it grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeName {
    pub name: String,
    pub grants: BTreeSet<String>,
    pub block: ScopeBlock,
}

/// A workspace (space) in one realm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    pub id: String,
    pub realm: Region,
    pub name: String,
    /// `personal` or `team`.
    pub workspace_type: String,
    /// The account that owns it: `owner`, else the realm's first user.
    pub owner: String,
    /// Whether `owner` was declared; when it was not, the realm's first user has `role_type`.
    pub owner_declared: bool,
    /// `role_type`: the role of the realm's first user when no `owner` is declared (the key from before
    /// workspaces had members).
    pub role_type: Role,
    /// The other accounts in it, with their roles.
    pub members: Vec<Member>,
}

/// An account's role in a workspace, as `/v1/workspaces` shows it (`role_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Owner,
    Admin,
    Member,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }

    /// Whether the role may change bots other members own (the owner and admins; INFERRED for admins).
    pub fn manages_bots(self) -> bool {
        matches!(self, Role::Owner | Role::Admin)
    }
}

/// An account in a workspace it does not own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub user: String,
    pub role: Role,
}

/// The two JWT OAuth app types of the Coze console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppKind {
    /// 普通 (normal): the app's own permissions apply; `scope` narrows them.
    Normal,
    /// 渠道 (channel): needs a bound connector before any token is issued.
    Channel,
}

/// A JWT OAuth service app.
#[derive(Debug, Clone)]
pub struct App {
    pub id: String,
    pub realm: Region,
    pub name: String,
    pub kind: AppKind,
    pub permissions: BTreeSet<String>,
    pub workspaces: BTreeSet<String>,
    pub keys: Vec<AppKey>,
    /// Connector ids bound to a channel app.
    pub connectors: Vec<String>,
    /// A deactivated app gets `access_deny`.
    pub disabled: bool,
    /// The account its tokens act for (`owner`, else the realm's first user).
    pub owner: String,
}

/// A public key registered for an app, by kid.
#[derive(Debug, Clone)]
pub struct AppKey {
    pub kid: String,
    pub key: PublicKey,
}

/// Which kind of token the console made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsoleTokenKind {
    /// A personal access token (`pat_…`): it acts as its user, whose role in a workspace counts.
    Personal,
    /// A service access token (`sat_…`): a service identity of its owner; the permission point suffices.
    Service,
}

/// A token made in the console and sent as the bearer as it is: a PAT (`[[pat]]`) or a SAT (`[[sat]]`).
#[derive(Debug, Clone)]
pub struct ConsoleToken {
    pub kind: ConsoleTokenKind,
    pub token: String,
    pub realm: Region,
    pub name: String,
    pub permissions: BTreeSet<String>,
    pub workspaces: BTreeSet<String>,
    /// The account it belongs to (`user`, or a SAT's `owner`; else the realm's first user).
    pub user: String,
    /// When it stops working (Unix seconds); `None`: it does not expire.
    pub expires_at: Option<i64>,
}

/// A bot that exists when the sandbox starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotSeed {
    pub id: String,
    /// The realm of its workspace.
    pub realm: Region,
    pub workspace: String,
    pub name: String,
    pub description: String,
    /// Connector ids the bot is published to (`1024` = API).
    pub connectors: Vec<String>,
    /// The account that owns it (`owner`, else the workspace's owner).
    pub owner: String,
    /// How many retrieves of a non-streaming chat answer before it is `completed` (0: at once).
    pub chat_polls: u32,
}

/// Whether a workflow is a plain workflow or a chatflow (`workflow_mode` of the list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkflowMode {
    Workflow,
    Chatflow,
}

impl WorkflowMode {
    pub fn as_str(self) -> &'static str {
        match self {
            WorkflowMode::Workflow => "workflow",
            WorkflowMode::Chatflow => "chatflow",
        }
    }
}

/// A workflow (its realm is its workspace's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workflow {
    pub id: String,
    pub realm: Region,
    pub workspace: String,
    pub name: String,
    pub description: String,
    pub mode: WorkflowMode,
    /// Only a published workflow can be run, or is listed by default.
    pub published: bool,
}

/// A knowledge base (dataset) of a workspace's resource library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset {
    pub id: String,
    pub realm: Region,
    pub workspace: String,
    pub name: String,
    pub description: String,
    /// 0 text, 1 table, 2 image.
    pub format_type: u8,
}

/// A Coze app (应用, a project; `[[app]]` is the world's key for OAuth apps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub id: String,
    pub realm: Region,
    pub workspace: String,
    pub name: String,
    pub description: String,
    /// Published to the API connector (1024).
    pub published: bool,
}

/// An account of a realm, as `/v1/users/me` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub realm: Region,
    pub user_id: String,
    pub user_name: String,
    pub nick_name: String,
}

impl World {
    /// The embedded default world: the account of the node-chat2 failure report (README), in both realms.
    pub fn demo() -> World {
        super::demo::demo_world()
    }

    /// The embedded Studio demo world (`flavour = "studio"`).
    pub fn studio_demo() -> World {
        super::demo::studio_world()
    }

    /// Loads a world file; relative `*_file` paths are read next to it.
    pub fn load(path: &Path) -> Result<World, WorldError> {
        super::world_file::load_path(path)
    }

    /// Parses world TOML given as text; `base` is where relative files are read from.
    pub fn from_toml(origin: &Path, text: &str, base: &Path) -> Result<World, WorldError> {
        super::world_file::parse(
            origin,
            text,
            &super::world_file::FileSource::Directory(base.to_path_buf()),
        )
    }

    /// Sandbox values for `${VAR}` in scenarios (the well-known `COZE_*` variables and extras).
    pub fn variables(&self) -> &BTreeMap<String, String> {
        &self.data.variables
    }

    /// Virtual files by path (e.g. `sandbox/demo-app.pem`), for scenarios that name `private_key_file`.
    pub fn files(&self) -> &BTreeMap<String, String> {
        &self.data.files
    }

    /// Every secret the world holds (PAT tokens, private key PEMs, secret-looking variables), for redaction.
    pub fn secrets(&self) -> Vec<String> {
        let mut secrets: BTreeSet<String> = BTreeSet::new();
        for token in &self.data.tokens {
            secrets.insert(token.token.clone());
        }
        for content in self.data.files.values() {
            if content.contains("PRIVATE KEY") {
                secrets.insert(content.clone());
            }
        }
        for (name, value) in &self.data.variables {
            let upper = name.to_ascii_uppercase();
            let named_secret = upper.contains("TOKEN")
                || upper.contains("SECRET")
                || (upper.contains("PRIVATE_KEY") && !upper.ends_with("_PATH"));
            if !value.is_empty() && (named_secret || value.contains("PRIVATE KEY")) {
                secrets.insert(value.clone());
            }
        }
        secrets.into_iter().collect()
    }

    /// Where the world came from.
    pub fn origin(&self) -> &str {
        &self.data.origin
    }

    /// The permissions scope name `name` grants in `block`, if the token endpoint accepts it there: the
    /// world's `[[scope_name]]` entries when it declares any, else the documented names (account block).
    pub(crate) fn scope_grants(&self, name: &str, block: ScopeBlock) -> Option<BTreeSet<String>> {
        if self.data.scope_names.is_empty() {
            return (block == ScopeBlock::Account)
                .then(|| crate::coze::permission::permission_of_scope_name(name))
                .flatten()
                .map(|permission| BTreeSet::from([permission.to_string()]));
        }
        self.data
            .scope_names
            .iter()
            .find(|scope| scope.name == name && scope.block == block)
            .map(|scope| scope.grants.clone())
    }

    pub(crate) fn app(&self, realm: Region, id: &str) -> Option<&App> {
        self.data
            .apps
            .iter()
            .find(|app| app.realm == realm && app.id == id)
    }

    /// The PAT or SAT `token` of the realm (expired or not).
    pub(crate) fn console_token(&self, realm: Region, token: &str) -> Option<&ConsoleToken> {
        self.data
            .tokens
            .iter()
            .find(|known| known.realm == realm && known.token == token)
    }

    /// Every workspace id of a realm.
    pub(crate) fn workspace_ids(&self, realm: Region) -> BTreeSet<String> {
        self.data
            .workspaces
            .iter()
            .filter(|workspace| workspace.realm == realm)
            .map(|workspace| workspace.id.clone())
            .collect()
    }

    pub(crate) fn workspace(&self, realm: Region, id: &str) -> Option<&Workspace> {
        self.data
            .workspaces
            .iter()
            .find(|workspace| workspace.realm == realm && workspace.id == id)
    }

    pub(crate) fn workflow(&self, realm: Region, id: &str) -> Option<&Workflow> {
        self.data
            .workflows
            .iter()
            .find(|workflow| workflow.realm == realm && workflow.id == id)
    }

    /// The workflows of a workspace, in world-file order.
    pub(crate) fn workflows_in(&self, realm: Region, workspace: &str) -> Vec<&Workflow> {
        in_workspace(&self.data.workflows, realm, workspace, |w| {
            (w.realm, &w.workspace)
        })
    }

    /// The datasets of a workspace, in world-file order.
    pub(crate) fn datasets_in(&self, realm: Region, workspace: &str) -> Vec<&Dataset> {
        in_workspace(&self.data.datasets, realm, workspace, |d| {
            (d.realm, &d.workspace)
        })
    }

    /// The Coze apps (projects) of a workspace, in world-file order.
    pub(crate) fn projects_in(&self, realm: Region, workspace: &str) -> Vec<&Project> {
        in_workspace(&self.data.projects, realm, workspace, |p| {
            (p.realm, &p.workspace)
        })
    }

    /// The realm's first user: the account everything belongs to unless the world names another.
    pub(crate) fn first_user(&self, realm: Region) -> User {
        self.data
            .users
            .iter()
            .find(|user| user.realm == realm)
            .cloned()
            .unwrap_or_else(|| default_user(realm))
    }

    /// The account `user_id` of the realm (the realm's first user when the world declares none).
    pub(crate) fn user(&self, realm: Region, user_id: &str) -> User {
        self.data
            .users
            .iter()
            .find(|user| user.realm == realm && user.user_id == user_id)
            .cloned()
            .unwrap_or_else(|| self.first_user(realm))
    }

    /// The role of account `user_id` in a workspace, or `None` when the account is not in it: `members`
    /// first, then the owner; a workspace with no declared owner gives the realm's first user `role_type`.
    pub(crate) fn role_of(&self, workspace: &Workspace, user_id: &str) -> Option<Role> {
        if let Some(member) = workspace.members.iter().find(|m| m.user == user_id) {
            return Some(member.role);
        }
        if workspace.owner_declared {
            return (workspace.owner == user_id).then_some(Role::Owner);
        }
        (self.first_user(workspace.realm).user_id == user_id).then_some(workspace.role_type)
    }

    /// The owner of a workspace of the realm, as an account (the realm's first user if unknown).
    pub(crate) fn owner_of(&self, realm: Region, workspace: &str) -> User {
        match self.workspace(realm, workspace) {
            Some(workspace) => self.user(realm, &workspace.owner),
            None => self.first_user(realm),
        }
    }

    /// What the world answers as (`flavour`, `studio_version`).
    pub fn flavour(&self) -> Flavour {
        self.data.flavour
    }

    /// The same world answering as `flavour` (the `--flavour` and `--studio-version` flags).
    pub fn with_flavour(&self, flavour: Flavour) -> World {
        if flavour == self.data.flavour {
            return self.clone();
        }
        let mut data = (*self.data).clone();
        data.flavour = flavour;
        World {
            data: Arc::new(data),
        }
    }

    pub(crate) fn faults(&self) -> Option<&FaultSettings> {
        self.data.faults.as_ref()
    }
}

/// The `items` that live in `workspace` of `realm`.
fn in_workspace<'a, T>(
    items: &'a [T],
    realm: Region,
    workspace: &str,
    place: impl Fn(&T) -> (Region, &String),
) -> Vec<&'a T> {
    items
        .iter()
        .filter(|item| {
            let (item_realm, item_workspace) = place(item);
            item_realm == realm && item_workspace == workspace
        })
        .collect()
}

/// The user of a realm whose world declares none.
pub(crate) fn default_user(realm: Region) -> User {
    let (user_id, user_name) = match realm {
        Region::Cn => ("4200000000000000001", "sandbox_cn"),
        Region::Com => ("7400000000000000001", "sandbox_com"),
    };
    User {
        realm,
        user_id: user_id.to_string(),
        user_name: user_name.to_string(),
        nick_name: "Sandbox User".to_string(),
    }
}
