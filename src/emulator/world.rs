//! The world: the accounts a sandbox serves (workspaces, JWT OAuth apps with their public keys, PATs, bots,
//! workflows, datasets, Coze apps (projects), users), the sandbox values of the well-known variables,
//! virtual files, and declared faults.
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

/// A loaded world (cheap to clone: the data is shared).
#[derive(Debug, Clone)]
pub struct World {
    pub(crate) data: Arc<WorldData>,
}

/// Everything a world declares.
#[derive(Debug, Default)]
pub(crate) struct WorldData {
    /// Where the world came from (a path, or the embedded demo world).
    pub origin: String,
    pub workspaces: Vec<Workspace>,
    pub apps: Vec<App>,
    pub pats: Vec<Pat>,
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
    /// `owner`, `admin` or `member`: the role of the realm's user.
    pub role_type: String,
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
}

/// A public key registered for an app, by kid.
#[derive(Debug, Clone)]
pub struct AppKey {
    pub kid: String,
    pub key: PublicKey,
}

/// A personal access token.
#[derive(Debug, Clone)]
pub struct Pat {
    pub token: String,
    pub realm: Region,
    pub name: String,
    pub permissions: BTreeSet<String>,
    pub workspaces: BTreeSet<String>,
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

/// The account holder of a realm, as `/v1/users/me` shows it.
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
        for pat in &self.data.pats {
            secrets.insert(pat.token.clone());
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

    pub(crate) fn pat(&self, realm: Region, token: &str) -> Option<&Pat> {
        self.data
            .pats
            .iter()
            .find(|pat| pat.realm == realm && pat.token == token)
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

    pub(crate) fn user(&self, realm: Region) -> User {
        self.data
            .users
            .iter()
            .find(|user| user.realm == realm)
            .cloned()
            .unwrap_or_else(|| default_user(realm))
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
