//! Validation and expansion of a parsed scenario into a [`ScenarioPlan`]: variables resolved, credentials
//! built and keys loaded, case references checked. Every error points at the offending key.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use secrecy::SecretString;
use toml::Spanned;

use super::load::LoadOptions;
use super::model::{RawCase, RawCredential, RawProbeParams, RawScenario};
use super::vars::interpolate;
use super::{CasePlan, ScenarioPlan, ScenarioSettings};
use crate::auth::{Credential, JwtCredential, PatCredential, SigningKey};

use crate::coze::region::Region;
use crate::coze::wire::{DEFAULT_TOKEN_TTL, MAX_TOKEN_TTL};
use crate::outcome::Outcome;
use crate::probe::{CreateBotParams, Probe, ProbeKind};
use crate::source_error::{SourceError, closest};
use crate::textfile::{MAX_KEY_BYTES, read_text};

/// The bot name used when `[probe.create_bot]` names none: recognisable in the console, dated so that
/// leftovers can be told apart, and within the service's 1–20 characters (`cozescope-probe-1128`).
pub fn default_bot_name() -> String {
    format!("cozescope-probe-{}", chrono::Utc::now().format("%m%d"))
}

/// Largest retry count a scenario may ask for.
pub const MAX_RETRIES: u32 = 10;

/// Context shared by the checks of one file.
struct Source<'a> {
    file: &'a Path,
    text: &'a str,
    options: &'a LoadOptions<'a>,
}

impl Source<'_> {
    fn error<T>(&self, spanned: &Spanned<T>, message: impl Into<String>) -> SourceError {
        SourceError::at_offset(self.file, self.text, spanned.span().start, message)
    }

    fn string(&self, spanned: &Spanned<String>) -> Result<String, SourceError> {
        interpolate(
            spanned.get_ref(),
            self.options.variables,
            self.file,
            self.text,
            spanned.span().start,
        )
    }

    fn required(
        &self,
        table: &Spanned<RawCredential>,
        value: &Option<Spanned<String>>,
        key: &str,
        name: &str,
    ) -> Result<String, SourceError> {
        let Some(value) = value else {
            return Err(self
                .error(
                    table,
                    format!("credential `{name}` (mode = \"jwt\") is missing `{key}`"),
                )
                .with_help(format!("add `{key} = \"…\"` to [auth.{name}]")));
        };
        let resolved = self.string(value)?;
        if resolved.trim().is_empty() {
            return Err(self.error(value, format!("`{key}` of credential `{name}` is empty")));
        }
        Ok(resolved)
    }
}

pub(super) fn build_scenario(
    file: &Path,
    text: &str,
    raw: RawScenario,
    options: &LoadOptions<'_>,
) -> Result<ScenarioPlan, SourceError> {
    let source = Source {
        file,
        text,
        options,
    };
    let region = match &raw.region {
        None => Region::default(),
        Some(region) => region
            .get_ref()
            .parse::<Region>()
            .map_err(|error| source.error(region, error.to_string()))?,
    };
    if raw.cases.is_empty() {
        return Err(SourceError::whole_file(file, "scenario has no [[case]]")
            .with_help("add at least one [[case]] with `name`, `auth` and `probes`"));
    }
    let probe_params = ProbeParams::build(&source, &raw.probe)?;
    let mut credentials: BTreeMap<String, Arc<Credential>> = BTreeMap::new();
    let mut cases = Vec::with_capacity(raw.cases.len());
    for case in &raw.cases {
        let case_name = case.get_ref().name.get_ref();
        if cases.iter().any(|done: &CasePlan| &done.name == case_name) {
            return Err(source
                .error(
                    &case.get_ref().name,
                    format!("duplicate case name `{case_name}`"),
                )
                .with_help("give every [[case]] a distinct name: reports refer to cases by name"));
        }
        let auth_name = case.get_ref().auth.get_ref();
        let credential = match credentials.get(auth_name) {
            Some(credential) => credential.clone(),
            None => {
                let Some(raw_credential) = raw.auth.get(auth_name) else {
                    let known = raw.auth.keys().map(String::as_str);
                    let help = match closest(auth_name, known) {
                        Some(suggestion) => format!("did you mean `{suggestion}`?"),
                        None if raw.auth.is_empty() => {
                            "declare it as [auth.NAME] with mode = \"jwt\" or mode = \"pat\""
                                .to_string()
                        }
                        None => format!(
                            "declared credentials: {}",
                            raw.auth
                                .keys()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    return Err(source
                        .error(
                            &case.get_ref().auth,
                            format!("case `{case_name}` names unknown credential `{auth_name}`"),
                        )
                        .with_help(help));
                };
                let built = Arc::new(build_credential(&source, auth_name, raw_credential)?);
                credentials.insert(auth_name.clone(), built.clone());
                built
            }
        };
        cases.push(build_case(&source, case, credential, &probe_params)?);
    }
    let settings = ScenarioSettings {
        connect_timeout: raw
            .connect_timeout
            .as_ref()
            .map(|value| seconds(&source, value))
            .transpose()?,
        timeout: raw
            .timeout
            .as_ref()
            .map(|value| seconds(&source, value))
            .transpose()?,
        retries: match &raw.retries {
            None => None,
            Some(value) => Some(
                u32::try_from(*value.get_ref())
                    .ok()
                    .filter(|retries| *retries <= MAX_RETRIES)
                    .ok_or_else(|| {
                        source
                            .error(
                                value,
                                format!("retries = {} is out of range", value.get_ref()),
                            )
                            .with_help(format!("use 0 to {MAX_RETRIES}"))
                    })?,
            ),
        },
        allow_side_effects: raw.allow_side_effects.unwrap_or(false),
    };
    Ok(ScenarioPlan {
        file: file.to_path_buf(),
        sha256: sha256_hex(text.as_bytes()),
        title: raw.title,
        region,
        cases,
        settings,
    })
}

fn seconds(source: &Source<'_>, value: &Spanned<f64>) -> Result<std::time::Duration, SourceError> {
    let secs = *value.get_ref();
    if let Some(duration) = super::seconds(secs) {
        Ok(duration)
    } else {
        Err(source
            .error(value, format!("{secs} is not a usable number of seconds"))
            .with_help("use a number of seconds greater than 0 and at most 3600, e.g. 10 or 2.5"))
    }
}

fn build_credential(
    source: &Source<'_>,
    name: &str,
    table: &Spanned<RawCredential>,
) -> Result<Credential, SourceError> {
    let raw = table.get_ref();
    let mode = raw.mode.get_ref().as_str();
    let jwt_keys = [
        ("client_id", raw.client_id.as_ref().map(|v| v.span())),
        (
            "public_key_id",
            raw.public_key_id.as_ref().map(|v| v.span()),
        ),
        (
            "private_key_file",
            raw.private_key_file.as_ref().map(|v| v.span()),
        ),
        ("private_key", raw.private_key.as_ref().map(|v| v.span())),
        ("ttl", raw.ttl.as_ref().map(|v| v.span())),
        ("session_name", raw.session_name.as_ref().map(|v| v.span())),
    ];
    match mode {
        "pat" => {
            if let Some((key, Some(span))) = jwt_keys.iter().find(|(_, span)| span.is_some()) {
                return Err(SourceError::at_offset(
                    source.file,
                    source.text,
                    span.start,
                    format!("`{key}` does not apply to a pat credential"),
                )
                .with_help(format!("remove it, or set mode = \"jwt\" in [auth.{name}]")));
            }
            let Some(token) = &raw.token else {
                return Err(source
                    .error(
                        table,
                        format!("credential `{name}` (mode = \"pat\") is missing `token`"),
                    )
                    .with_help(format!(
                        "add token = \"${{COZE_API_TOKEN}}\" to [auth.{name}]"
                    )));
            };
            let token = source.string(token)?;
            if token.trim().is_empty() {
                return Err(
                    source.error(raw.token.as_ref().unwrap_or(&raw.mode), "`token` is empty")
                );
            }
            Ok(Credential::Pat(PatCredential {
                name: name.to_string(),
                token: SecretString::from(token),
            }))
        }
        "jwt" => {
            if let Some(token) = &raw.token {
                return Err(source
                    .error(token, "`token` does not apply to a jwt credential")
                    .with_help(format!("remove it, or set mode = \"pat\" in [auth.{name}]")));
            }
            let client_id = source.required(table, &raw.client_id, "client_id", name)?;
            let public_key_id =
                source.required(table, &raw.public_key_id, "public_key_id", name)?;
            let key = load_key(source, name, table)?;
            let ttl = match &raw.ttl {
                None => DEFAULT_TOKEN_TTL,
                Some(ttl) if (1..=MAX_TOKEN_TTL).contains(ttl.get_ref()) => *ttl.get_ref(),
                Some(ttl) => {
                    return Err(source
                        .error(ttl, format!("ttl = {} is out of range", ttl.get_ref()))
                        .with_help(format!("Coze accepts duration_seconds from 1 to {MAX_TOKEN_TTL} (default {DEFAULT_TOKEN_TTL})")));
                }
            };
            let session_name = raw
                .session_name
                .as_ref()
                .map(|s| source.string(s))
                .transpose()?;
            Ok(Credential::Jwt(JwtCredential {
                name: name.to_string(),
                client_id,
                public_key_id,
                key,
                ttl,
                session_name,
            }))
        }
        other => {
            let help = match closest(other, ["jwt", "pat"]) {
                Some(suggestion) => format!("did you mean \"{suggestion}\"?"),
                None => "use mode = \"jwt\" (JWT OAuth service app) or mode = \"pat\" (personal access token)".into(),
            };
            Err(source
                .error(&raw.mode, format!("unknown auth mode \"{other}\""))
                .with_help(help))
        }
    }
}

fn load_key(
    source: &Source<'_>,
    name: &str,
    table: &Spanned<RawCredential>,
) -> Result<Arc<SigningKey>, SourceError> {
    let raw = table.get_ref();
    let (pem, at) = match (&raw.private_key_file, &raw.private_key) {
        (Some(_), Some(inline)) => {
            return Err(source
                .error(inline, "both `private_key` and `private_key_file` are set")
                .with_help("keep one of them"));
        }
        (None, None) => {
            return Err(source
                .error(table, format!("credential `{name}` (mode = \"jwt\") has no private key"))
                .with_help("add private_key_file = \"${COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH}\" or private_key = \"${COZE_JWT_OAUTH_PRIVATE_KEY}\""));
        }
        (Some(path_value), None) => {
            let path = source.string(path_value)?;
            let pem = match source.options.virtual_files.get(&path) {
                Some(pem) => pem.clone(),
                None => read_text(std::path::Path::new(&path), MAX_KEY_BYTES).map_err(|error| {
                    // A path that came from a variable is named by the variable: a misplaced secret (a
                    // token or a PEM in the path variable) must not be echoed.
                    let written = path_value.get_ref();
                    let (named, help) = if written.contains("${") {
                        (
                            format!("the private key file named by `{written}`"),
                            format!(
                                "the variable holds {} characters; it must be the path of the PEM file downloaded when the public key was created in the Coze console",
                                path.chars().count()
                            ),
                        )
                    } else {
                        (
                            format!("private key file `{path}`"),
                            "point private_key_file at the PEM file downloaded when the public key was created in the Coze console".to_string(),
                        )
                    };
                    source
                        .error(path_value, format!("failed to read {named}: {error}"))
                        .with_help(help)
                })?,
            };
            (pem, path_value)
        }
        (None, Some(inline)) => (source.string(inline)?, inline),
    };
    source.options.keys.load(&pem).map_err(|error| {
        source
            .error(at, format!("failed to load the private key of `{name}`: {error}"))
            .with_help("use the RSA private key (PKCS#8 or PKCS#1 PEM) whose public key is registered on the app")
    })
}

/// Probe parameters with variables resolved.
struct ProbeParams {
    create_bot: Option<CreateBotParams>,
}

impl ProbeParams {
    fn build(source: &Source<'_>, raw: &RawProbeParams) -> Result<ProbeParams, SourceError> {
        let create_bot = match &raw.create_bot {
            None => None,
            Some(table) => {
                let params = table.get_ref();
                let space_id = source.string(&params.space_id)?;
                if space_id.trim().is_empty() {
                    return Err(source
                        .error(&params.space_id, "`space_id` is empty")
                        .with_help("the workspace id is the number after /w/ in the console URL"));
                }
                let name = match &params.name {
                    Some(name) => {
                        let resolved = source.string(name)?;
                        let length = resolved.chars().count();
                        if !(1..=20).contains(&length) {
                            return Err(source
                                .error(
                                    name,
                                    format!(
                                        "bot name has {length} characters; Coze accepts 1 to 20"
                                    ),
                                )
                                .with_help(format!(
                                    "shorten it, or omit `name` to use \"{}\"",
                                    default_bot_name()
                                )));
                        }
                        resolved
                    }
                    None => default_bot_name(),
                };
                let description = params
                    .description
                    .as_ref()
                    .map(|d| source.string(d))
                    .transpose()?;
                Some(CreateBotParams {
                    space_id,
                    name,
                    description,
                })
            }
        };
        Ok(ProbeParams { create_bot })
    }
}

fn build_case(
    source: &Source<'_>,
    case: &Spanned<RawCase>,
    credential: Arc<Credential>,
    params: &ProbeParams,
) -> Result<CasePlan, SourceError> {
    let raw = case.get_ref();
    let name = raw.name.get_ref().clone();
    let is_jwt = matches!(credential.as_ref(), Credential::Jwt(_));
    let scope = match &raw.scope {
        None => None,
        Some(list) if !is_jwt => {
            return Err(source
                .error(list, format!("case `{name}` sends a scope, but its credential is a pat"))
                .with_help("scopes apply to JWT token requests only; remove `scope` or use a jwt credential"));
        }
        Some(list) => Some(
            list.get_ref()
                .iter()
                .map(|item| source.string(item))
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let mut probes = Vec::new();
    for probe_name in &raw.probes {
        let kind = parse_probe_name(source, probe_name)?;
        let probe = match kind {
            ProbeKind::Token if is_jwt => continue,
            ProbeKind::Token => {
                return Err(source
                    .error(
                        probe_name,
                        "a pat credential has no token issuance to probe",
                    )
                    .with_help("remove \"token\" from probes, or use a jwt credential"));
            }
            ProbeKind::CreateBot => match &params.create_bot {
                Some(create_bot) => Probe::CreateBot(create_bot.clone()),
                None => {
                    return Err(source
                        .error(
                            probe_name,
                            "probe `create_bot` needs [probe.create_bot] parameters",
                        )
                        .with_help(
                            "add [probe.create_bot] with space_id = \"${COZE_WORKSPACE_ID}\"",
                        ));
                }
            },
            ProbeKind::ListWorkspaces => Probe::ListWorkspaces,
            ProbeKind::Whoami => Probe::Whoami,
        };
        if probes.contains(&probe) {
            return Err(source.error(
                probe_name,
                format!("probe `{}` is listed twice", kind.name()),
            ));
        }
        probes.push(probe);
    }
    if probes.is_empty() && !is_jwt {
        return Err(source
            .error(&raw.name, format!("case `{name}` has no probes"))
            .with_help(format!(
                "add probes = [\"create_bot\"] (known: {})",
                operation_names()
            )));
    }
    let mut expect = BTreeMap::new();
    for (probe_name, word) in &raw.expect {
        let kind = ProbeKind::from_name(probe_name).filter(|kind| {
            (*kind == ProbeKind::Token && is_jwt) || probes.iter().any(|p| p.kind() == *kind)
        });
        let Some(kind) = kind else {
            return Err(source
                .error(
                    word,
                    format!("`expect` names `{probe_name}`, which case `{name}` does not probe"),
                )
                .with_help("expect keys are `token` (jwt only) and the names listed in `probes`"));
        };
        let outcome = word.get_ref().parse::<Outcome>().map_err(|_| {
            let words = Outcome::ALL.iter().map(|o| o.as_str());
            let help = match closest(word.get_ref(), words) {
                Some(suggestion) => format!("did you mean \"{suggestion}\"?"),
                None => format!(
                    "outcomes: {}",
                    Outcome::ALL
                        .iter()
                        .map(|o| o.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            source
                .error(word, format!("unknown outcome \"{}\"", word.get_ref()))
                .with_help(help)
        })?;
        expect.insert(kind, outcome);
    }
    Ok(CasePlan {
        name,
        credential,
        scope,
        probes,
        expect,
        note: raw.note.clone(),
    })
}

fn parse_probe_name(
    source: &Source<'_>,
    probe_name: &Spanned<String>,
) -> Result<ProbeKind, SourceError> {
    ProbeKind::from_name(probe_name.get_ref()).ok_or_else(|| {
        let names = std::iter::once("token").chain(ProbeKind::OPERATIONS.iter().map(|k| k.name()));
        let help = match closest(probe_name.get_ref(), names) {
            Some(suggestion) => format!("did you mean \"{suggestion}\"?"),
            None => format!("known probes: {}", operation_names()),
        };
        source
            .error(
                probe_name,
                format!("unknown probe \"{}\"", probe_name.get_ref()),
            )
            .with_help(help)
    })
}

fn operation_names() -> String {
    ProbeKind::OPERATIONS
        .iter()
        .map(|kind| kind.name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn sha256_hex(bytes: &[u8]) -> String {
    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes)
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
