//! The doctor's scenario: generated from the variables the official SDKs read (`COZE_API_TOKEN`,
//! `COZE_JWT_OAUTH_*`, `COZE_WORKSPACE_ID`, `COZE_API_BASE`, and `COZE_BOT_ID` / `COZE_WORKFLOW_ID` for
//! parameters), one case per credential found, with the probes it has parameters for. The text holds
//! `${VAR}` references and comments, never values, so it can be saved, edited and rerun with `run`.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::vars::VariableSource;
use crate::auth::{KeyError, SigningKey};
use crate::coze::region::Region;
use crate::probe::ProbeKind;

/// Every variable the doctor reads, in the order `--help` and errors list them.
pub const VARIABLES: &[&str] = &[
    "COZE_API_TOKEN",
    "COZE_JWT_OAUTH_CLIENT_ID",
    "COZE_JWT_OAUTH_PUBLIC_KEY_ID",
    "COZE_JWT_OAUTH_PRIVATE_KEY",
    "COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH",
    "COZE_WORKSPACE_ID",
    "COZE_BOT_ID",
    "COZE_WORKFLOW_ID",
    "COZE_API_BASE",
    "COZE_BASE_URL",
];

/// The variables that name the base URL, in the order they are read: the official SDK examples' name, then
/// the one many projects use. The first one set wins.
pub const BASE_VARIABLES: &[&str] = &["COZE_API_BASE", "COZE_BASE_URL"];

/// The variables that carry a credential: with one of them set, the doctor diagnoses it for real.
pub const CREDENTIAL_VARIABLES: &[&str] = &[
    "COZE_API_TOKEN",
    "COZE_JWT_OAUTH_CLIENT_ID",
    "COZE_JWT_OAUTH_PUBLIC_KEY_ID",
    "COZE_JWT_OAUTH_PRIVATE_KEY",
    "COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH",
];

/// Whether any credential variable is set (non-empty) in `variables`.
pub fn has_credentials(variables: &VariableSource) -> bool {
    CREDENTIAL_VARIABLES.iter().any(|name| {
        variables
            .get(name)
            .is_some_and(|value| !value.trim().is_empty())
    })
}

/// The base URL the variables name: the first of [`BASE_VARIABLES`] set, with its name, and the other one
/// when it is set to something else (worth a warning).
pub fn base_url(
    variables: &VariableSource,
) -> Option<(&'static str, String, Option<&'static str>)> {
    let set: Vec<(&'static str, String)> = BASE_VARIABLES
        .iter()
        .filter_map(|name| {
            variables
                .get(name)
                .map(|value| value.trim().to_string())
                .filter(|value| !value.is_empty())
                .map(|value| (*name, value))
        })
        .collect();
    let (name, value) = set.first()?.clone();
    let disagrees = set
        .iter()
        .skip(1)
        .find(|(_, other)| other.trim_end_matches('/') != value.trim_end_matches('/'))
        .map(|(other, _)| *other);
    Some((name, value, disagrees))
}

/// The scope the user's code sends, as a flag gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserScope {
    /// `--scope NAME` (repeatable): names in the account block.
    Names(Vec<String>),
    /// `--scope-json '{…}'`: the whole scope object.
    Json(String),
}

/// Why the variables cannot make a scenario. Each names the variable at fault; none echoes a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DoctorError {
    #[error(
        "no credential variable is set: the doctor reads COZE_API_TOKEN, or COZE_JWT_OAUTH_CLIENT_ID, COZE_JWT_OAUTH_PUBLIC_KEY_ID and COZE_JWT_OAUTH_PRIVATE_KEY (or COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH); also COZE_WORKSPACE_ID, COZE_BOT_ID, COZE_WORKFLOW_ID and COZE_API_BASE (from the environment, then .env)"
    )]
    NoCredentials,
    #[error("{variable} {problem}")]
    Malformed {
        variable: &'static str,
        problem: String,
    },
    #[error(
        "{present} is set but {missing} is not: a JWT OAuth app needs COZE_JWT_OAUTH_CLIENT_ID, COZE_JWT_OAUTH_PUBLIC_KEY_ID and COZE_JWT_OAUTH_PRIVATE_KEY or COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH"
    )]
    PartialJwt {
        present: &'static str,
        missing: &'static str,
    },
    #[error(
        "--scope and --scope-json apply to a JWT OAuth app's token request: set COZE_JWT_OAUTH_CLIENT_ID, COZE_JWT_OAUTH_PUBLIC_KEY_ID and COZE_JWT_OAUTH_PRIVATE_KEY (or _FILE_PATH)"
    )]
    ScopeWithoutApp,
}

/// What a bearer token is, by its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `pat_…`: a personal access token.
    Personal,
    /// `sat_…`: a service access token.
    Service,
    /// Anything else: a bearer token (an OAuth access token, say).
    Bearer,
}

impl TokenKind {
    fn of(token: &str) -> TokenKind {
        if token.starts_with("pat_") {
            TokenKind::Personal
        } else if token.starts_with("sat_") {
            TokenKind::Service
        } else {
            TokenKind::Bearer
        }
    }

    /// The credential's name in the scenario.
    fn name(self) -> &'static str {
        match self {
            TokenKind::Personal => "pat",
            TokenKind::Service => "sat",
            TokenKind::Bearer => "token",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            TokenKind::Personal => "a personal access token (pat_…)",
            TokenKind::Service => "a service access token (sat_…)",
            TokenKind::Bearer => "a bearer token (neither pat_ nor sat_)",
        }
    }
}

/// Where the JWT private key comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeySource {
    Inline,
    File,
}

/// What the variables and flags define.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoctorInputs {
    pub region: Region,
    token: Option<TokenKind>,
    jwt: Option<KeySource>,
    /// `COZE_WORKSPACE_ID` (as a reference) when set, then `--workspace` ids.
    workspaces: Vec<String>,
    /// `--bot`, else `${COZE_BOT_ID}` when set.
    bot: Option<String>,
    /// `${COZE_WORKFLOW_ID}` when set.
    workflow: Option<String>,
    /// Whether the probes that change or spend something are included (`--yes`).
    consent: bool,
    /// The operations the user named (`--probe`): theirs, never survey reads.
    asked: Vec<ProbeKind>,
    /// The scope the user's code sends, tried beside the no-scope baseline.
    scope: Option<UserScope>,
    /// The target to record (`target = …`), and the stand-in base URLs.
    target: Option<String>,
    region_bases: Vec<(Region, String)>,
    maybe_studio: bool,
}

/// The doctor's flags that shape the scenario.
#[derive(Debug, Clone, Default)]
pub struct DoctorFlags {
    pub workspaces: Vec<String>,
    pub bot: Option<String>,
    /// `--probe NAME`: the operations the user cares about.
    pub probes: Vec<ProbeKind>,
    /// `--scope` / `--scope-json`.
    pub scope: Option<UserScope>,
    /// What to record as the scenario's `target` (absent: the sandbox) and `region_base`.
    pub target: Option<String>,
    pub region_bases: Vec<(Region, String)>,
    pub consent: bool,
    /// The region the target implies, when it implies one.
    pub region: Option<Region>,
    /// The target may be a self-hosted Coze Studio (a base URL of no known region, or a Studio world):
    /// the probes it serves as OpenAPI go first, so that its answer is recognised before anything is sent
    /// to a path it does not serve.
    pub maybe_studio: bool,
}

/// Reads and checks the variables; `Err` names the variable at fault.
pub fn inputs(
    variables: &VariableSource,
    virtual_files: &BTreeMap<String, String>,
    flags: &DoctorFlags,
) -> Result<DoctorInputs, DoctorError> {
    let get = |name: &str| variables.get(name).filter(|value| !value.is_empty());
    let token = match get("COZE_API_TOKEN") {
        None => None,
        Some(token) => {
            check_token(&token)?;
            Some(TokenKind::of(&token))
        }
    };
    let jwt = jwt_source(variables, virtual_files)?;
    if token.is_none() && jwt.is_none() {
        return Err(DoctorError::NoCredentials);
    }
    if flags.scope.is_some() && jwt.is_none() {
        return Err(DoctorError::ScopeWithoutApp);
    }
    let mut workspaces = Vec::new();
    if let Some(workspace) = get("COZE_WORKSPACE_ID") {
        check_id("COZE_WORKSPACE_ID", &workspace)?;
        workspaces.push("${COZE_WORKSPACE_ID}".to_string());
    }
    for workspace in &flags.workspaces {
        if !workspaces.contains(workspace) {
            workspaces.push(workspace.clone());
        }
    }
    let bot = match (&flags.bot, get("COZE_BOT_ID")) {
        (Some(bot), _) => Some(bot.clone()),
        (None, Some(bot)) => {
            check_id("COZE_BOT_ID", &bot)?;
            Some("${COZE_BOT_ID}".to_string())
        }
        (None, None) => None,
    };
    let workflow = match get("COZE_WORKFLOW_ID") {
        Some(workflow) => {
            check_id("COZE_WORKFLOW_ID", &workflow)?;
            Some("${COZE_WORKFLOW_ID}".to_string())
        }
        None => None,
    };
    let region = match flags.region {
        Some(region) => region,
        None => get("COZE_API_BASE")
            .and_then(|base| Region::of_base_url(&base))
            .unwrap_or_default(),
    };
    Ok(DoctorInputs {
        region,
        token,
        jwt,
        workspaces,
        bot,
        workflow,
        consent: flags.consent,
        asked: flags.probes.clone(),
        scope: flags.scope.clone(),
        target: flags.target.clone(),
        region_bases: flags.region_bases.clone(),
        maybe_studio: flags.maybe_studio,
    })
}

fn malformed(variable: &'static str, problem: impl Into<String>) -> DoctorError {
    DoctorError::Malformed {
        variable,
        problem: problem.into(),
    }
}

/// A token pasted with its quotes, or with a space or newline, is sent as such and rejected.
fn check_token(token: &str) -> Result<(), DoctorError> {
    if token.trim() != token {
        return Err(malformed(
            "COZE_API_TOKEN",
            "has whitespace around it: remove the spaces or newline (it is sent exactly as set)",
        ));
    }
    if token.starts_with(['"', '\'']) || token.ends_with(['"', '\'']) {
        return Err(malformed(
            "COZE_API_TOKEN",
            "has quotes around it: set the token without quotes (it is sent exactly as set)",
        ));
    }
    if token
        .get(..7)
        .is_some_and(|head| head.eq_ignore_ascii_case("bearer "))
    {
        return Err(malformed(
            "COZE_API_TOKEN",
            "starts with `Bearer `: set the token alone; the SDKs (and cozescope) send `Authorization: Bearer <token>` themselves, so the prefix would be sent twice",
        ));
    }
    if token.contains(char::is_whitespace) {
        return Err(malformed(
            "COZE_API_TOKEN",
            "contains whitespace: a token is one word",
        ));
    }
    Ok(())
}

fn check_id(variable: &'static str, value: &str) -> Result<(), DoctorError> {
    if crate::coze::ids::is_numeric_id(value) {
        Ok(())
    } else {
        Err(malformed(
            variable,
            format!(
                "is not a numeric id ({} characters): Coze ids are numbers, e.g. the one after /w/ in a workspace URL",
                value.chars().count()
            ),
        ))
    }
}

/// The JWT credential's key source, when its variables are set; checks the key loads and is private.
fn jwt_source(
    variables: &VariableSource,
    virtual_files: &BTreeMap<String, String>,
) -> Result<Option<KeySource>, DoctorError> {
    let get = |name: &str| variables.get(name).filter(|value| !value.trim().is_empty());
    let client = get("COZE_JWT_OAUTH_CLIENT_ID");
    let kid = get("COZE_JWT_OAUTH_PUBLIC_KEY_ID");
    let inline = get("COZE_JWT_OAUTH_PRIVATE_KEY");
    let file = get("COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH");
    let any_key = inline.is_some() || file.is_some();
    if client.is_none() && kid.is_none() && !any_key {
        return Ok(None);
    }
    let present = if client.is_some() {
        "COZE_JWT_OAUTH_CLIENT_ID"
    } else if kid.is_some() {
        "COZE_JWT_OAUTH_PUBLIC_KEY_ID"
    } else if inline.is_some() {
        "COZE_JWT_OAUTH_PRIVATE_KEY"
    } else {
        "COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH"
    };
    let missing = if client.is_none() {
        Some("COZE_JWT_OAUTH_CLIENT_ID")
    } else if kid.is_none() {
        Some("COZE_JWT_OAUTH_PUBLIC_KEY_ID")
    } else if !any_key {
        Some("COZE_JWT_OAUTH_PRIVATE_KEY")
    } else {
        None
    };
    if let Some(missing) = missing {
        return Err(DoctorError::PartialJwt { present, missing });
    }
    let (variable, pem, source) = match (inline, file) {
        (Some(pem), _) => ("COZE_JWT_OAUTH_PRIVATE_KEY", pem, KeySource::Inline),
        (None, Some(path)) => {
            let pem = super::credential::key_file_text(&path, virtual_files).map_err(|error| {
                malformed(
                    "COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH",
                    format!("names a file that cannot be read ({error}); it must be the path of the private key PEM downloaded from the Coze console"),
                )
            })?;
            ("COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH", pem, KeySource::File)
        }
        (None, None) => return Ok(None),
    };
    SigningKey::from_pem(&pem).map_err(|error| {
        malformed(
            variable,
            match error {
                KeyError::Public => "holds a public key: it must be the private key (the PEM downloaded when the key pair was created in the Coze console; the public key stays with Coze)".to_string(),
                other => format!("does not hold a usable private key: {other}"),
            },
        )
    })?;
    Ok(Some(source))
}

/// The doctor's survey reads: context about the credential, never the verdict's cause. The operations on
/// the ids the user gave, the consent probes and `--probe` are the user's.
const SURVEY: &[ProbeKind] = &[
    ProbeKind::Whoami,
    ProbeKind::ListWorkspaces,
    ProbeKind::ListBots,
    ProbeKind::ListWorkflows,
    ProbeKind::ListDatasets,
    ProbeKind::ListApps,
    ProbeKind::ListVoices,
    ProbeKind::ListConversations,
];

/// The survey among `probes`: the reads above; with `--probe`, everything the user did not name (their
/// operation decides); `create_bot` when a bot or a workflow is what the user asked about (it checks a
/// capability of the credential, not what they came for).
fn survey(inputs: &DoctorInputs, probes: &[ProbeKind]) -> Vec<ProbeKind> {
    let about_a_resource = inputs.bot.is_some() || inputs.workflow.is_some();
    // A chat is polled as every SDK's `create_and_poll` does: its polling is part of the chat asked for.
    let asked = |kind: &ProbeKind| {
        inputs.asked.contains(kind)
            || (matches!(kind, ProbeKind::RetrieveChat | ProbeKind::ListChatMessages)
                && inputs.asked.contains(&ProbeKind::Chat))
    };
    probes
        .iter()
        .copied()
        .filter(|kind| {
            !asked(kind)
                && (!inputs.asked.is_empty()
                    || SURVEY.contains(kind)
                    || (*kind == ProbeKind::CreateBot && about_a_resource))
        })
        .collect()
}

/// The probes of one credential, in report order.
fn probes(inputs: &DoctorInputs) -> Vec<ProbeKind> {
    let mut probes = vec![ProbeKind::Whoami, ProbeKind::ListWorkspaces];
    let workspaces = !inputs.workspaces.is_empty();
    if workspaces {
        probes.extend([
            ProbeKind::ListBots,
            ProbeKind::ListWorkflows,
            ProbeKind::ListDatasets,
            ProbeKind::ListApps,
        ]);
    }
    probes.push(ProbeKind::ListVoices);
    if inputs.bot.is_some() {
        probes.extend([ProbeKind::RetrieveBot, ProbeKind::ListConversations]);
    }
    if inputs.workflow.is_some() {
        probes.push(ProbeKind::RetrieveWorkflow);
    }
    // A chat as every SDK's `create_and_poll` makes it: the chat, its retrieves, its messages. Without
    // --yes on a real target the chat is held back and the polling stays untested, saying so.
    if inputs.bot.is_some() {
        probes.extend([
            ProbeKind::Chat,
            ProbeKind::RetrieveChat,
            ProbeKind::ListChatMessages,
        ]);
    }
    if inputs.consent {
        if workspaces {
            probes.push(ProbeKind::CreateBot);
        }
        if inputs.workflow.is_some() {
            probes.push(ProbeKind::RunWorkflow);
        }
    }
    for kind in &inputs.asked {
        if !probes.contains(kind) {
            probes.push(*kind);
        }
    }
    if inputs.maybe_studio {
        let (served, web): (Vec<ProbeKind>, Vec<ProbeKind>) = probes
            .into_iter()
            .partition(|kind| crate::coze::studio::serves_template(kind.operation().path));
        probes = served.into_iter().chain(web).collect();
    }
    probes
}

/// The scenario text: comments, `${VAR}` references, one case per credential.
pub fn render(inputs: &DoctorInputs) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# The doctor's scenario: every credential the SDK variables define, with the probes it has\n\
         # parameters for. Values are ${{VAR}} references (the environment, then .env); no secret is stored\n\
         # here. Edit it and rerun with `cozescope run FILE` (add --yes to let create_bot, chat and\n\
         # run_workflow run against the real service).\n"
    );
    let _ = writeln!(
        out,
        "title  = \"doctor: the credentials of the SDK variables\""
    );
    let _ = writeln!(out, "region = \"{}\"", inputs.region);
    if let Some(target) = &inputs.target {
        let _ = writeln!(
            out,
            "# Where `cozescope run` sends this file when no --target is given.\ntarget = {}",
            toml_string(target)
        );
    }
    if !inputs.region_bases.is_empty() {
        let bases: Vec<String> = inputs
            .region_bases
            .iter()
            .map(|(region, base)| format!("{region} = {}", toml_string(base)))
            .collect();
        let _ = writeln!(out, "region_base = {{ {} }}", bases.join(", "));
    }
    out.push('\n');
    if !inputs.workspaces.is_empty() {
        let list: Vec<String> = inputs
            .workspaces
            .iter()
            .map(|workspace| format!("\"{workspace}\""))
            .collect();
        let _ = writeln!(
            out,
            "# The workspace-level probes (list_bots, …) run once in each of these workspaces.\nworkspaces = [{}]\n",
            list.join(", ")
        );
    }
    if let Some(source) = inputs.jwt {
        let key = match source {
            KeySource::Inline => "private_key      = \"${COZE_JWT_OAUTH_PRIVATE_KEY}\"",
            KeySource::File => "private_key_file = \"${COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH}\"",
        };
        let _ = writeln!(
            out,
            "# A JWT OAuth service app. Its case sends no scope: the token carries the app's own permissions.\n\
             [auth.jwt]\nmode             = \"jwt\"\nclient_id        = \"${{COZE_JWT_OAUTH_CLIENT_ID}}\"\n\
             public_key_id    = \"${{COZE_JWT_OAUTH_PUBLIC_KEY_ID}}\"\n{key}\n"
        );
    }
    if let Some(kind) = inputs.token {
        let _ = writeln!(
            out,
            "# COZE_API_TOKEN: {}.\n[auth.{}]\nmode  = \"pat\"\ntoken = \"${{COZE_API_TOKEN}}\"\n",
            kind.describe(),
            kind.name()
        );
    }
    let kinds = probes(inputs);
    // Each probe that takes a bot or workflow id gets its table.
    for kind in &kinds {
        let id = match kind.operation().level {
            crate::coze::catalogue::Level::Bot => inputs.bot.as_ref().map(|bot| ("bot_id", bot)),
            crate::coze::catalogue::Level::Workflow => inputs
                .workflow
                .as_ref()
                .map(|workflow| ("workflow_id", workflow)),
            _ if *kind == ProbeKind::Chat => inputs.bot.as_ref().map(|bot| ("bot_id", bot)),
            _ => None,
        };
        if let Some((key, id)) = id {
            let _ = writeln!(out, "[probe.{}]\n{key} = \"{id}\"\n", kind.name());
        }
    }
    let quoted = |kinds: &[ProbeKind]| {
        kinds
            .iter()
            .map(|kind| format!("\"{}\"", kind.name()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let probes = quoted(&kinds);
    let survey_names = quoted(&survey(inputs, &kinds));
    let case = |out: &mut String, name: &str, auth: &str| {
        let _ = writeln!(
            out,
            "[[case]]\nname   = \"{name}\"\nauth   = \"{auth}\"\nprobes = [{probes}]\n# Context: a failure here is a note, never the verdict's cause.\nsurvey = [{survey_names}]\n"
        );
    };
    if inputs.jwt.is_some() {
        case(&mut out, "jwt: the app's permissions (no scope)", "jwt");
    }
    if let (Some(scope), Some(_)) = (&inputs.scope, inputs.jwt) {
        // The user's scope beside the baseline: only the user's operations, which the scope is about, those
        // named with --probe first (the verdict's cause is the first operation a cause explains).
        let theirs: Vec<ProbeKind> = inputs
            .asked
            .iter()
            .copied()
            .chain(
                kinds
                    .iter()
                    .copied()
                    .filter(|kind| !SURVEY.contains(kind) && !inputs.asked.contains(kind)),
            )
            .collect();
        let scope_line = match scope {
            UserScope::Names(names) => format!(
                "scope  = [{}]",
                names
                    .iter()
                    .map(|n| toml_string(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            UserScope::Json(json) => format!("scope_json = {}", toml_string(json)),
        };
        let context = survey(inputs, &theirs);
        let survey_line = if context.is_empty() {
            String::new()
        } else {
            format!("survey = [{}]\n", quoted(&context))
        };
        let _ = writeln!(
            out,
            "# The scope your code sends, beside the baseline above.\n[[case]]\nname   = \"jwt: your scope\"\nauth   = \"jwt\"\n{scope_line}\nprobes = [{}]\n{survey_line}",
            quoted(&theirs)
        );
    }
    if let Some(kind) = inputs.token {
        case(
            &mut out,
            &format!("{}: COZE_API_TOKEN", kind.name()),
            kind.name(),
        );
    }
    out
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(pairs: &[(&str, &str)]) -> VariableSource {
        VariableSource::Sandbox {
            values: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>(),
        }
    }

    #[test]
    fn no_credential_is_an_error_listing_the_variables() {
        let error = inputs(
            &source(&[("COZE_WORKSPACE_ID", "1")]),
            &BTreeMap::new(),
            &DoctorFlags::default(),
        )
        .unwrap_err();
        assert_eq!(error, DoctorError::NoCredentials);
        assert!(
            error
                .to_string()
                .contains("COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH")
        );
    }

    #[test]
    fn malformed_tokens_and_ids_name_the_variable_never_the_value() {
        for bad in [
            " pat_abcdef123456",
            "\"pat_abcdef123456\"",
            "pat_abc def",
            "pat_abcdef123456\n",
            "Bearer pat_abcdef123456",
        ] {
            let error = inputs(
                &source(&[("COZE_API_TOKEN", bad)]),
                &BTreeMap::new(),
                &DoctorFlags::default(),
            )
            .unwrap_err()
            .to_string();
            assert!(error.starts_with("COZE_API_TOKEN "), "{error}");
            assert!(!error.contains("abcdef"), "{error}");
        }
        let error = inputs(
            &source(&[("COZE_API_TOKEN", "pat_x"), ("COZE_WORKSPACE_ID", "abc")]),
            &BTreeMap::new(),
            &DoctorFlags::default(),
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("COZE_WORKSPACE_ID is not a numeric id")
        );
    }

    #[test]
    fn a_public_key_in_the_private_key_variable_is_refused() {
        let error = inputs(
            &source(&[
                ("COZE_JWT_OAUTH_CLIENT_ID", "1127900106117"),
                ("COZE_JWT_OAUTH_PUBLIC_KEY_ID", "kid"),
                (
                    "COZE_JWT_OAUTH_PRIVATE_KEY",
                    include_str!("../emulator/demo/demo-app.pub.pem"),
                ),
            ]),
            &BTreeMap::new(),
            &DoctorFlags::default(),
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("COZE_JWT_OAUTH_PRIVATE_KEY holds a public key")
        );
    }

    #[test]
    fn the_scenario_holds_references_and_one_case_per_credential() {
        let found = inputs(
            &source(&[
                ("COZE_API_TOKEN", "sat_secretvalue123"),
                ("COZE_WORKSPACE_ID", "7351411557182226472"),
            ]),
            &BTreeMap::new(),
            &DoctorFlags {
                workspaces: vec!["7351411557182226999".into()],
                ..DoctorFlags::default()
            },
        )
        .unwrap();
        let text = render(&found);
        assert!(!text.contains("secretvalue"));
        assert!(text.contains("token = \"${COZE_API_TOKEN}\""));
        assert!(text.contains("workspaces = [\"${COZE_WORKSPACE_ID}\", \"7351411557182226999\"]"));
        assert!(text.contains("[auth.sat]") && text.contains("name   = \"sat: COZE_API_TOKEN\""));
        assert!(
            !text.contains("\"create_bot\""),
            "consent probes need --yes"
        );
    }
}
