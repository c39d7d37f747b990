//! The world file (TOML): its serde model, loading with source spans, and validation into a [`World`].
//!
//! Core keys (`[[workspace]]`, `[[app]]` with `[[app.key]]`, `[[pat]]`) are a public contract (docs/architecture.md);
//! the rest (`[[sat]]`, `[[bot]]`, `[[workflow]]`, `[[dataset]]`, `[[project]]`, `[[user]]`, `[[file]]`,
//! `[variables]`, `[variables_from_files]`, `[faults]`, and the extra app/pat/workspace fields) are
//! extensions documented in `docs/sandbox.md`; the accounts and who owns what are read in [`accounts`].
//! Every error names the file and, where the problem has a place, its line and column.

mod accounts;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::coze::permission::KNOWN_PERMISSIONS;
use crate::coze::region::Region;
use crate::source_error::{SourceError, closest};

use super::error::WorldError;
use super::faults::FaultSettings;
use super::keys::PublicKey;
use super::world::{
    App, AppKey, AppKind, BotSeed, ConsoleTokenKind, Dataset, Flavour, Project, Role, ScopeBlock,
    ScopeName, StudioVersion, Workflow, WorkflowMode, Workspace, World, WorldData,
};
use accounts::{Accounts, RawMember, RawToken, RawUser};

/// The most retrieves a world may make a chat wait for (`chat_polls`).
const MAX_CHAT_POLLS: i64 = 100;

/// Where `*_file` / `source` paths of a world are read from.
pub enum FileSource {
    /// Relative to this directory.
    Directory(PathBuf),
    /// From files compiled into the binary (the demo world).
    Embedded(&'static [(&'static str, &'static str)]),
}

impl FileSource {
    fn read(&self, name: &str) -> Result<String, String> {
        match self {
            FileSource::Directory(base) => {
                let path = base.join(name);
                crate::textfile::read_text(&path, crate::textfile::InputKind::Key)
                    .map_err(|error| format!("failed to read `{}`: {error}", path.display()))
            }
            FileSource::Embedded(files) => files
                .iter()
                .find(|(file, _)| *file == name)
                .map(|(_, content)| content.to_string())
                .ok_or_else(|| format!("no embedded file `{name}`")),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorld {
    #[serde(default)]
    workspace: Vec<RawWorkspace>,
    #[serde(default)]
    app: Vec<RawApp>,
    #[serde(default)]
    pat: Vec<RawToken>,
    #[serde(default)]
    sat: Vec<RawToken>,
    #[serde(default)]
    bot: Vec<RawBot>,
    #[serde(default)]
    workflow: Vec<RawWorkflow>,
    #[serde(default)]
    dataset: Vec<RawDataset>,
    #[serde(default)]
    project: Vec<RawProject>,
    #[serde(default)]
    user: Vec<RawUser>,
    #[serde(default)]
    scope_name: Vec<RawScopeName>,
    #[serde(default)]
    file: Vec<RawFile>,
    #[serde(default)]
    variables: BTreeMap<String, String>,
    #[serde(default)]
    variables_from_files: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    faults: Option<Spanned<FaultSettings>>,
    /// `coze` (default) or `studio`.
    #[serde(default)]
    flavour: Option<Spanned<String>>,
    /// `0.3` or `0.5` (default), with `flavour = "studio"`.
    #[serde(default)]
    studio_version: Option<Spanned<String>>,
}

/// `[[scope_name]]`: a name the token endpoint accepts in a scope, what it grants, in which block.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScopeName {
    name: Spanned<String>,
    #[serde(default)]
    grants: Vec<Spanned<String>>,
    #[serde(default)]
    block: ScopeBlock,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkspace {
    id: Spanned<String>,
    #[serde(default)]
    realm: Region,
    name: String,
    #[serde(default)]
    workspace_type: Option<Spanned<String>>,
    #[serde(default)]
    role_type: Option<Spanned<String>>,
    #[serde(default)]
    owner: Option<Spanned<String>>,
    #[serde(default)]
    members: Vec<Spanned<RawMember>>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum RawKind {
    Normal,
    Channel,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApp {
    id: Spanned<String>,
    #[serde(default)]
    realm: Region,
    #[serde(default)]
    name: Option<String>,
    kind: RawKind,
    #[serde(default)]
    permissions: Vec<Spanned<String>>,
    #[serde(default)]
    workspaces: Vec<Spanned<String>>,
    #[serde(default)]
    key: Vec<Spanned<RawKey>>,
    #[serde(default)]
    connectors: Vec<String>,
    #[serde(default)]
    disabled: bool,
    #[serde(default)]
    owner: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKey {
    #[serde(default)]
    kid: Option<Spanned<String>>,
    #[serde(default)]
    public_key_pem: Option<Spanned<String>>,
    #[serde(default)]
    public_key_file: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBot {
    id: Spanned<String>,
    workspace: Spanned<String>,
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    connectors: Vec<String>,
    #[serde(default)]
    owner: Option<Spanned<String>>,
    #[serde(default)]
    chat_polls: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkflow {
    id: Spanned<String>,
    workspace: Spanned<String>,
    name: String,
    published: bool,
    #[serde(default)]
    description: String,
    #[serde(default)]
    mode: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDataset {
    id: Spanned<String>,
    workspace: Spanned<String>,
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    format_type: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProject {
    id: Spanned<String>,
    workspace: Spanned<String>,
    name: String,
    published: bool,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    path: Spanned<String>,
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    source: Option<Spanned<String>>,
}

/// A world entry that exists from the start in a workspace: its id and its workspace, with their spans.
trait Seeded {
    fn place(&self) -> (&Spanned<String>, &Spanned<String>);
}

macro_rules! seeded {
    ($($raw:ty),*) => {$(
        impl Seeded for $raw {
            fn place(&self) -> (&Spanned<String>, &Spanned<String>) {
                (&self.id, &self.workspace)
            }
        }
    )*};
}

seeded!(RawBot, RawWorkflow, RawDataset, RawProject);

/// Reads and parses a world file.
pub fn load_path(path: &Path) -> Result<World, WorldError> {
    let text = crate::textfile::read_document(path, crate::textfile::InputKind::World)?;
    let base = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    parse(path, &text, &FileSource::Directory(base))
}

/// Parses world TOML; `origin` names the file in errors.
pub fn parse(origin: &Path, text: &str, files: &FileSource) -> Result<World, WorldError> {
    let raw: RawWorld =
        toml::from_str(text).map_err(|error| SourceError::from_toml(origin, text, &error))?;
    Builder {
        origin,
        text,
        files,
    }
    .build(raw)
}

struct Builder<'a> {
    origin: &'a Path,
    text: &'a str,
    files: &'a FileSource,
}

impl Builder<'_> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> SourceError {
        SourceError::at_span(self.origin, self.text, Some(span), message)
    }

    fn build(&self, raw: RawWorld) -> Result<World, WorldError> {
        let accounts = self.users(raw.user)?;
        let workspaces = self.workspaces(raw.workspace, &accounts)?;
        let apps = self.apps(raw.app, &workspaces, &accounts)?;
        let mut seen = BTreeSet::new();
        let mut tokens = self.tokens(
            raw.pat,
            ConsoleTokenKind::Personal,
            &workspaces,
            &accounts,
            &mut seen,
        )?;
        tokens.extend(self.tokens(
            raw.sat,
            ConsoleTokenKind::Service,
            &workspaces,
            &accounts,
            &mut seen,
        )?);
        let bots = self.seeded("bot", raw.bot, &workspaces, |bot, realm| {
            self.bot(bot, realm, &workspaces, &accounts)
        })?;
        let workflows = self.seeded("workflow", raw.workflow, &workspaces, |workflow, realm| {
            self.workflow(workflow, realm)
        })?;
        let datasets = self.seeded("dataset", raw.dataset, &workspaces, |dataset, realm| {
            self.dataset(dataset, realm)
        })?;
        let projects = self.seeded("project", raw.project, &workspaces, |project, realm| {
            Ok(Project {
                id: project.id.into_inner(),
                realm,
                workspace: project.workspace.into_inner(),
                name: project.name,
                description: project.description,
                published: project.published,
            })
        })?;
        let scope_names = self.scope_names(raw.scope_name)?;
        let files = self.files_table(raw.file)?;
        let mut variables = raw.variables;
        for (name, path) in raw.variables_from_files {
            let content = files.get(path.get_ref()).ok_or_else(|| {
                self.error(
                    path.span(),
                    format!("no `[[file]]` with path `{}`", path.get_ref()),
                )
                .with_help("declare the file with [[file]] path = \"…\" and content or source")
            })?;
            variables.insert(name, content.clone());
        }
        let faults = match raw.faults {
            Some(faults) => {
                let span = faults.span();
                let faults = faults.into_inner();
                faults
                    .validate()
                    .map_err(|message| self.error(span, message))?;
                Some(faults)
            }
            None => None,
        };
        let flavour = self.flavour(raw.flavour, raw.studio_version)?;
        Ok(World {
            data: Arc::new(WorldData {
                origin: self.origin.display().to_string(),
                workspaces,
                apps,
                tokens,
                bots,
                workflows,
                datasets,
                projects,
                users: accounts.users,
                scope_names,
                variables,
                files,
                faults,
                flavour,
            }),
        })
    }

    /// `flavour` and `studio_version`: the version only for a Studio.
    fn flavour(
        &self,
        flavour: Option<Spanned<String>>,
        version: Option<Spanned<String>>,
    ) -> Result<Flavour, SourceError> {
        let studio = match &flavour {
            None => false,
            Some(word) => match word.get_ref().as_str() {
                "coze" => false,
                "studio" => true,
                other => {
                    return Err(self
                        .error(word.span(), format!("unknown flavour `{other}`"))
                        .with_help("use \"coze\" (the cloud, the default) or \"studio\" (a self-hosted Coze Studio)"));
                }
            },
        };
        let version = match version {
            None => StudioVersion::default(),
            Some(word) if !studio => {
                return Err(self
                    .error(word.span(), "studio_version applies to a Studio world")
                    .with_help("add flavour = \"studio\", or remove studio_version"));
            }
            Some(word) => StudioVersion::parse(word.get_ref()).ok_or_else(|| {
                self.error(
                    word.span(),
                    format!("unknown studio_version `{}`", word.get_ref()),
                )
                .with_help("use \"0.3\" or \"0.5\"")
            })?,
        };
        Ok(if studio {
            Flavour::Studio(version)
        } else {
            Flavour::Coze
        })
    }

    fn workspaces(
        &self,
        raw: Vec<RawWorkspace>,
        accounts: &Accounts,
    ) -> Result<Vec<Workspace>, SourceError> {
        let mut seen = BTreeSet::new();
        let mut workspaces = Vec::new();
        for workspace in raw {
            let id = workspace.id.get_ref();
            if !crate::coze::ids::is_numeric_id(id) {
                return Err(self.error(workspace.id.span(), "a workspace id is a string of digits"));
            }
            if !seen.insert(id.clone()) {
                return Err(self.error(workspace.id.span(), format!("duplicate workspace `{id}`")));
            }
            let workspace_type =
                self.one_of(workspace.workspace_type, &["personal", "team"], "personal")?;
            let role_type = match self
                .one_of(workspace.role_type, &["owner", "admin", "member"], "owner")?
                .as_str()
            {
                "admin" => Role::Admin,
                "member" => Role::Member,
                _ => Role::Owner,
            };
            let realm = workspace.realm;
            let owner_declared = workspace.owner.is_some();
            let owner = self.account(accounts, realm, workspace.owner, "owner")?;
            let members = self.members(accounts, realm, &owner, workspace.members)?;
            workspaces.push(Workspace {
                id: workspace.id.into_inner(),
                realm,
                name: workspace.name,
                workspace_type,
                owner,
                owner_declared,
                role_type,
                members,
            });
        }
        Ok(workspaces)
    }

    fn one_of(
        &self,
        value: Option<Spanned<String>>,
        allowed: &[&str],
        default: &str,
    ) -> Result<String, SourceError> {
        match value {
            None => Ok(default.to_string()),
            Some(value) if allowed.contains(&value.get_ref().as_str()) => Ok(value.into_inner()),
            Some(value) => Err(self.error(
                value.span(),
                format!(
                    "expected one of {}",
                    allowed
                        .iter()
                        .map(|word| format!("`{word}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }

    fn scope_names(&self, raw: Vec<RawScopeName>) -> Result<Vec<ScopeName>, SourceError> {
        let mut names: Vec<ScopeName> = Vec::new();
        for entry in raw {
            let name = entry.name.get_ref();
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            {
                return Err(self
                    .error(entry.name.span(), format!("`{name}` is not a scope name"))
                    .with_help("letters, digits, `.`, `_` and `-`, e.g. Connector.botChat"));
            }
            if names
                .iter()
                .any(|known| known.name == *name && known.block == entry.block)
            {
                return Err(self.error(
                    entry.name.span(),
                    format!("scope name `{name}` is declared twice in one block"),
                ));
            }
            names.push(ScopeName {
                name: entry.name.into_inner(),
                grants: self.permissions(entry.grants)?,
                block: entry.block,
            });
        }
        Ok(names)
    }

    fn permissions(&self, raw: Vec<Spanned<String>>) -> Result<BTreeSet<String>, SourceError> {
        let mut permissions = BTreeSet::new();
        for permission in raw {
            let name = permission.get_ref();
            if !KNOWN_PERMISSIONS.contains(&name.as_str()) {
                let error = self.error(permission.span(), format!("unknown permission `{name}`"));
                let help = match closest(name, KNOWN_PERMISSIONS.iter().copied()) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => format!("known permissions: {}", KNOWN_PERMISSIONS.join(", ")),
                };
                return Err(error.with_help(help));
            }
            permissions.insert(permission.into_inner());
        }
        Ok(permissions)
    }

    fn bound_workspaces(
        &self,
        raw: Vec<Spanned<String>>,
        realm: Region,
        workspaces: &[Workspace],
    ) -> Result<BTreeSet<String>, SourceError> {
        let mut bound = BTreeSet::new();
        for id in raw {
            match workspaces
                .iter()
                .find(|workspace| workspace.id == *id.get_ref())
            {
                Some(workspace) if workspace.realm == realm => {
                    bound.insert(id.into_inner());
                }
                Some(workspace) => {
                    return Err(self.error(
                        id.span(),
                        format!(
                            "workspace `{}` is in realm `{}`, not `{realm}`",
                            workspace.id, workspace.realm
                        ),
                    ));
                }
                None => {
                    return Err(self
                        .error(id.span(), format!("unknown workspace `{}`", id.get_ref()))
                        .with_help("declare it with [[workspace]]"));
                }
            }
        }
        Ok(bound)
    }

    fn apps(
        &self,
        raw: Vec<RawApp>,
        workspaces: &[Workspace],
        accounts: &Accounts,
    ) -> Result<Vec<App>, SourceError> {
        let mut apps: Vec<App> = Vec::new();
        for app in raw {
            let id = app.id.get_ref().clone();
            if id.is_empty() {
                return Err(self.error(app.id.span(), "an app id must not be empty"));
            }
            if apps
                .iter()
                .any(|other| other.id == id && other.realm == app.realm)
            {
                return Err(self.error(app.id.span(), format!("duplicate app `{id}`")));
            }
            let mut keys: Vec<AppKey> = Vec::new();
            for key in app.key {
                let span = key.span();
                let key = key.into_inner();
                let (pem, pem_span) = match (key.public_key_pem, key.public_key_file) {
                    (Some(pem), None) => {
                        let span = pem.span();
                        (pem.into_inner(), span)
                    }
                    (None, Some(file)) => {
                        let span = file.span();
                        let pem = self
                            .files
                            .read(file.get_ref())
                            .map_err(|message| self.error(span.clone(), message))?;
                        (pem, span)
                    }
                    _ => {
                        return Err(self.error(
                            span,
                            "a key needs exactly one of `public_key_pem` and `public_key_file`",
                        ));
                    }
                };
                let public_key = PublicKey::from_pem(&pem).map_err(|error| {
                    self.error(pem_span, format!("invalid public key: {error}"))
                })?;
                let kid = match key.kid {
                    Some(kid) if kid.get_ref().trim().is_empty() => {
                        return Err(self.error(kid.span(), "a kid must not be empty"));
                    }
                    Some(kid) => kid.into_inner(),
                    None => public_key.fingerprint().to_string(),
                };
                keys.push(AppKey {
                    kid,
                    key: public_key,
                });
            }
            let realm = app.realm;
            let owner = self.account(accounts, realm, app.owner, "owner")?;
            apps.push(App {
                name: app.name.unwrap_or_else(|| format!("app {id}")),
                id,
                realm,
                kind: match app.kind {
                    RawKind::Normal => AppKind::Normal,
                    RawKind::Channel => AppKind::Channel,
                },
                permissions: self.permissions(app.permissions)?,
                workspaces: self.bound_workspaces(app.workspaces, realm, workspaces)?,
                keys,
                connectors: app.connectors,
                disabled: app.disabled,
                owner,
            });
        }
        Ok(apps)
    }

    /// Resources that exist from the start (`kind` names them in errors): each id is digits and unique
    /// among its kind, each workspace is declared; `build` makes each one in its workspace's realm.
    fn seeded<R: Seeded, T>(
        &self,
        kind: &str,
        raw: Vec<R>,
        workspaces: &[Workspace],
        build: impl Fn(R, Region) -> Result<T, SourceError>,
    ) -> Result<Vec<T>, SourceError> {
        let mut seen = BTreeSet::new();
        let mut built = Vec::new();
        for resource in raw {
            let (id, workspace) = resource.place();
            if !crate::coze::ids::is_numeric_id(id.get_ref()) {
                return Err(self.error(id.span(), format!("a {kind} id is a string of digits")));
            }
            if !seen.insert(id.get_ref().clone()) {
                return Err(self.error(id.span(), format!("duplicate {kind} id")));
            }
            let realm = workspaces
                .iter()
                .find(|declared| declared.id == *workspace.get_ref())
                .map(|declared| declared.realm)
                .ok_or_else(|| {
                    self.error(
                        workspace.span(),
                        format!("unknown workspace `{}`", workspace.get_ref()),
                    )
                    .with_help("declare it with [[workspace]]")
                })?;
            built.push(build(resource, realm)?);
        }
        Ok(built)
    }

    /// A bot seed: its owner (else the workspace's) and how long its chats take (`chat_polls`, default 1).
    fn bot(
        &self,
        bot: RawBot,
        realm: Region,
        workspaces: &[Workspace],
        accounts: &Accounts,
    ) -> Result<BotSeed, SourceError> {
        let owner = match bot.owner {
            Some(owner) => self.account(accounts, realm, Some(owner), "owner")?,
            None => workspaces
                .iter()
                .find(|workspace| workspace.id == *bot.workspace.get_ref())
                .map(|workspace| workspace.owner.clone())
                .unwrap_or_else(|| accounts.first(realm)),
        };
        let chat_polls = match bot.chat_polls {
            None => super::world::DEFAULT_CHAT_POLLS,
            Some(polls) => u32::try_from(*polls.get_ref())
                .ok()
                .filter(|polls| i64::from(*polls) <= MAX_CHAT_POLLS)
                .ok_or_else(|| {
                    self.error(
                        polls.span(),
                        format!("`chat_polls` is a number of retrieves from 0 to {MAX_CHAT_POLLS}"),
                    )
                })?,
        };
        Ok(BotSeed {
            id: bot.id.into_inner(),
            realm,
            workspace: bot.workspace.into_inner(),
            name: bot.name,
            description: bot.description,
            connectors: bot.connectors,
            owner,
            chat_polls,
        })
    }

    fn workflow(&self, workflow: RawWorkflow, realm: Region) -> Result<Workflow, SourceError> {
        let mode = match self
            .one_of(workflow.mode, &["workflow", "chatflow"], "workflow")?
            .as_str()
        {
            "chatflow" => WorkflowMode::Chatflow,
            _ => WorkflowMode::Workflow,
        };
        Ok(Workflow {
            id: workflow.id.into_inner(),
            realm,
            workspace: workflow.workspace.into_inner(),
            name: workflow.name,
            description: workflow.description,
            mode,
            published: workflow.published,
        })
    }

    fn dataset(&self, dataset: RawDataset, realm: Region) -> Result<Dataset, SourceError> {
        let format_type = match dataset.format_type {
            None => 0,
            Some(format) => u8::try_from(*format.get_ref())
                .ok()
                .filter(|format| *format <= 2)
                .ok_or_else(|| {
                    self.error(format.span(), "expected 0 (text), 1 (table) or 2 (image)")
                })?,
        };
        Ok(Dataset {
            id: dataset.id.into_inner(),
            realm,
            workspace: dataset.workspace.into_inner(),
            name: dataset.name,
            description: dataset.description,
            format_type,
        })
    }

    fn files_table(&self, raw: Vec<RawFile>) -> Result<BTreeMap<String, String>, SourceError> {
        let mut files = BTreeMap::new();
        for file in raw {
            let content = match (file.content, file.source) {
                (Some(content), None) => content,
                (None, Some(source)) => self
                    .files
                    .read(source.get_ref())
                    .map_err(|message| self.error(source.span(), message))?,
                _ => {
                    return Err(self.error(
                        file.path.span(),
                        "a [[file]] needs exactly one of `content` and `source`",
                    ));
                }
            };
            let path = file.path.get_ref().clone();
            if files.insert(path.clone(), content).is_some() {
                return Err(self.error(file.path.span(), format!("duplicate file `{path}`")));
            }
        }
        Ok(files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<World, WorldError> {
        parse(
            Path::new("world.toml"),
            text,
            &FileSource::Embedded(super::super::demo::DEMO_FILES),
        )
    }

    #[test]
    fn unknown_key_points_at_its_line_with_a_suggestion() {
        let error =
            parse_text("[[workspace]]\nid = \"1\"\nname = \"a\"\nrelm = \"cn\"\n").unwrap_err();
        let shown = error.to_string();
        assert!(shown.starts_with("world.toml:4:1:"), "{shown}");
        assert!(shown.contains("did you mean `realm`?"), "{shown}");
    }

    #[test]
    fn unknown_workspace_and_permission_are_located() {
        let text = "[[app]]\nid = \"1\"\nkind = \"normal\"\nworkspaces = [\"9\"]\n";
        let shown = parse_text(text).unwrap_err().to_string();
        assert!(
            shown.starts_with("world.toml:4:15: unknown workspace `9`"),
            "{shown}"
        );
        let text = "[[pat]]\ntoken = \"pat_x\"\npermissions = [\"createbot\"]\n";
        let shown = parse_text(text).unwrap_err().to_string();
        assert!(
            shown.starts_with("world.toml:3:16: unknown permission"),
            "{shown}"
        );
        assert!(shown.contains("did you mean `createBot`?"), "{shown}");
    }

    #[test]
    fn bad_public_key_is_located() {
        let text =
            "[[app]]\nid = \"1\"\nkind = \"normal\"\n[[app.key]]\npublic_key_pem = \"nope\"\n";
        let shown = parse_text(text).unwrap_err().to_string();
        assert!(
            shown.starts_with("world.toml:5:18: invalid public key"),
            "{shown}"
        );
    }

    #[test]
    fn kid_defaults_to_the_fingerprint() {
        let text = "[[app]]\nid = \"1\"\nkind = \"normal\"\n[[app.key]]\npublic_key_file = \"demo-app.pub.pem\"\n";
        let world = parse_text(text).unwrap();
        assert_eq!(
            world.data.apps[0].keys[0].kid,
            "tpRVJYfhCqBb1VSDmjjvX45LSidnN7kdH6cwKqoZy44"
        );
    }

    #[test]
    fn faults_are_validated_with_a_position() {
        let shown = parse_text("[faults]\nerror_ratio = 2.0\n")
            .unwrap_err()
            .to_string();
        assert!(shown.starts_with("world.toml:"), "{shown}");
        assert!(shown.contains("error_ratio"), "{shown}");
    }

    #[test]
    fn workflows_datasets_and_projects_are_validated_with_a_position() {
        let workspace = "[[workspace]]\nid = \"1\"\nrealm = \"com\"\nname = \"w\"\n";
        for (entry, located) in [
            (
                "[[workflow]]\nid = \"5\"\nworkspace = \"2\"\nname = \"f\"\npublished = true\n",
                "world.toml:8:13: unknown workspace `2`",
            ),
            (
                "[[dataset]]\nid = \"kb\"\nworkspace = \"1\"\nname = \"d\"\n",
                "world.toml:7:6: a dataset id is a string of digits",
            ),
            (
                "[[dataset]]\nid = \"5\"\nworkspace = \"1\"\nname = \"d\"\nformat_type = 3\n",
                "world.toml:10:15: expected 0 (text), 1 (table) or 2 (image)",
            ),
            (
                "[[workflow]]\nid = \"5\"\nworkspace = \"1\"\nname = \"f\"\npublished = true\nmode = \"flow\"\n",
                "world.toml:11:8: expected one of `workflow`, `chatflow`",
            ),
            (
                "[[project]]\nid = \"5\"\nworkspace = \"1\"\nname = \"p\"\npublished = true\n\
                 [[project]]\nid = \"5\"\nworkspace = \"1\"\nname = \"q\"\npublished = false\n",
                "world.toml:12:6: duplicate project id",
            ),
        ] {
            let shown = parse_text(&format!("{workspace}\n{entry}"))
                .unwrap_err()
                .to_string();
            assert!(shown.starts_with(located), "{shown}");
        }
        let shown = parse_text("[[project]]\nid = \"5\"\nworkspace = \"1\"\nname = \"p\"\n")
            .unwrap_err()
            .to_string();
        assert!(shown.contains("published"), "{shown}");
    }

    #[test]
    fn resources_live_in_their_workspace_s_realm() {
        let text = "[[workspace]]\nid = \"1\"\nrealm = \"com\"\nname = \"w\"\n\
                    [[workflow]]\nid = \"5\"\nworkspace = \"1\"\nname = \"f\"\npublished = false\n\
                    [[dataset]]\nid = \"6\"\nworkspace = \"1\"\nname = \"d\"\n\
                    [[project]]\nid = \"7\"\nworkspace = \"1\"\nname = \"p\"\npublished = true\n";
        let world = parse_text(text).unwrap();
        assert!(world.workflow(Region::Com, "5").is_some());
        assert!(world.workflow(Region::Cn, "5").is_none());
        assert_eq!(world.datasets_in(Region::Com, "1")[0].format_type, 0);
        assert_eq!(world.projects_in(Region::Com, "1")[0].name, "p");
        assert!(world.projects_in(Region::Cn, "1").is_empty());
    }

    #[test]
    fn syntax_errors_are_located() {
        let shown = parse_text("[[workspace]\n").unwrap_err().to_string();
        assert!(shown.starts_with("world.toml:1:"), "{shown}");
    }
}
