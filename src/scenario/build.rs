//! Validation and expansion of a parsed scenario into a [`ScenarioPlan`]: variables resolved, credentials
//! built and keys loaded, probes checked against the catalogue, case references checked. Every error points
//! at the offending key.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use toml::Spanned;

use super::credential::build_credential;
use super::load::LoadOptions;
use super::model::{RawCase, RawScenario};
use super::probes::{ProbeTables, operation_names};
use super::source::Source;
use super::{CasePlan, ScenarioPlan, ScenarioSettings};
use crate::auth::Credential;
use crate::coze::region::Region;
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
use crate::source_error::SourceError;

pub use super::probes::default_bot_name;

/// Largest retry count a scenario may ask for.
pub const MAX_RETRIES: u32 = 10;
/// Largest request rate a scenario or `--qps` may ask for.
pub const MAX_QPS: f64 = 1000.0;
/// Smallest request rate: one request every 100 s (below, a run only looks stalled).
pub const MIN_QPS: f64 = 0.01;
/// Largest request budget (`max_requests`, `--max-requests`): far above any account's quota.
pub const MAX_REQUESTS: u32 = 100_000;
/// Shortest timeout: below 100 ms no real request can be answered.
pub const MIN_SECONDS: f64 = 0.1;
/// Longest timeout: an hour.
pub const MAX_SECONDS: f64 = 3600.0;

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
    if let Some(target) = &raw.target {
        let word = source.string(target)?;
        if !is_target_word(&word) {
            return Err(source
                .error(target, format!("unknown target `{word}`"))
                .with_help("use sandbox, cn, com, or a base URL such as https://api.coze.cn"));
        }
    }
    for (region, base) in raw.region_base.iter().flatten() {
        if region.parse::<Region>().is_err() {
            return Err(source
                .error(base, format!("region_base names region `{region}`"))
                .with_help(
                    "the regions are cn and com: region_base = { cn = \"http://127.0.0.1:8090\" }",
                ));
        }
        let url = source.string(base)?;
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(source
                .error(base, format!("region_base.{region} is not a base URL"))
                .with_help("give an http:// or https:// base URL"));
        }
    }
    if raw.cases.is_empty() {
        return Err(SourceError::whole_file(file, "scenario has no [[case]]")
            .with_help("add at least one [[case]] with `name`, `auth` and `probes`"));
    }
    let tables = ProbeTables::build(&source, &raw)?;
    let mut credentials: BTreeMap<String, Arc<Credential>> = BTreeMap::new();
    let mut cases = Vec::with_capacity(raw.cases.len());
    for case in &raw.cases {
        let case_name = crate::sanitize::value(case.get_ref().name.get_ref());
        if cases
            .iter()
            .any(|done: &CasePlan| done.name == case_name.as_ref())
        {
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
                    let error = source.error(
                        &case.get_ref().auth,
                        format!("case `{case_name}` names unknown credential `{auth_name}`"),
                    );
                    return Err(if raw.auth.is_empty() {
                        error.with_help(
                            "declare it as [auth.NAME] with mode = \"jwt\" or mode = \"pat\"",
                        )
                    } else {
                        error.with_suggestion(
                            auth_name,
                            raw.auth.keys().map(String::as_str),
                            "declared credentials",
                        )
                    });
                };
                let built = Arc::new(build_credential(
                    &source,
                    &crate::sanitize::value(auth_name),
                    raw_credential,
                )?);
                credentials.insert(auth_name.clone(), built.clone());
                built
            }
        };
        cases.push(build_case(&source, case, credential, &tables)?);
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
        max_requests: match &raw.max_requests {
            None => None,
            Some(value) => Some(super::max_requests(*value.get_ref()).ok_or_else(|| {
                source
                    .error(
                        value,
                        format!("max_requests = {} is out of range", value.get_ref()),
                    )
                    .with_help(format!(
                        "use a whole number of requests from 1 to {MAX_REQUESTS}"
                    ))
            })?),
        },
        qps: match &raw.qps {
            None => None,
            Some(value) => Some(super::qps(*value.get_ref()).ok_or_else(|| {
                source
                    .error(value, format!("qps = {} is not a usable rate", value.get_ref()))
                    .with_help(format!(
                        "use a number of requests per second from {MIN_QPS} to {MAX_QPS}, e.g. 5 or 0.5"
                    ))
            })?),
        },
    };
    Ok(ScenarioPlan {
        file: file.to_path_buf(),
        sha256: sha256_hex(text.as_bytes()),
        title: raw
            .title
            .map(|title| crate::sanitize::value(&title).into_owned()),
        region,
        cases,
        settings,
    })
}

fn seconds(source: &Source<'_>, value: &Spanned<f64>) -> Result<std::time::Duration, SourceError> {
    let secs = *value.get_ref();
    super::seconds(secs).ok_or_else(|| {
        source
            .error(value, format!("{secs} is not a usable number of seconds"))
            .with_help(format!(
                "use a number of seconds from {MIN_SECONDS} to {MAX_SECONDS}, e.g. 10 or 2.5"
            ))
    })
}

fn build_case(
    source: &Source<'_>,
    case: &Spanned<RawCase>,
    credential: Arc<Credential>,
    tables: &ProbeTables,
) -> Result<CasePlan, SourceError> {
    let raw = case.get_ref();
    // A name from the file is shown in terminals and reports: control characters escaped once, here.
    let name = crate::sanitize::value(raw.name.get_ref()).into_owned();
    let is_jwt = matches!(credential.as_ref(), Credential::Jwt(_));
    let mut scope = match &raw.scope {
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
    let scope_object = match &raw.scope_json {
        None => None,
        Some(text) => {
            if !is_jwt || raw.scope.is_some() {
                return Err(source
                    .error(text, format!("case `{name}` sends `scope_json`, but {}", if is_jwt { "it also sends `scope`" } else { "its credential is a pat" }))
                    .with_help("a JWT case sends either `scope` (names) or `scope_json` (a whole scope object), not both"));
            }
            let json = source.string(text)?;
            let object: crate::coze::wire::Scope = serde_json::from_str(&json)
                .ok()
                .filter(|_| json.trim_start().starts_with('{'))
                .ok_or_else(|| {
                    source.error(text, "`scope_json` is not a scope object").with_help(
                        r#"give the object as your code sends it, e.g. '{"account_permission":{"permission_list":["Connector.botChat"]}}'"#,
                    )
                })?;
            scope = Some(object.names());
            Some(object)
        }
    };
    let mut probes = Vec::new();
    let mut listed: Vec<ProbeKind> = Vec::new();
    for probe_name in &raw.probes {
        let kind = ProbeKind::from_name(probe_name.get_ref()).ok_or_else(|| {
            source
                .error(
                    probe_name,
                    format!("unknown probe \"{}\"", probe_name.get_ref()),
                )
                .with_suggestion(
                    probe_name.get_ref(),
                    std::iter::once("token").chain(operation_names()),
                    "known probes",
                )
        })?;
        if kind == ProbeKind::Token {
            if is_jwt {
                continue;
            }
            return Err(source
                .error(
                    probe_name,
                    "a pat credential has no token issuance to probe",
                )
                .with_help("remove \"token\" from probes, or use a jwt credential"));
        }
        if listed.contains(&kind) {
            return Err(source.error(
                probe_name,
                format!("probe `{}` is listed twice", kind.name()),
            ));
        }
        listed.push(kind);
        probes.extend(tables.probes_for(source, kind, probe_name)?);
    }
    if probes.is_empty() && !is_jwt {
        return Err(source
            .error(&raw.name, format!("case `{name}` has no probes"))
            .with_help(format!(
                "add probes = [\"list_workspaces\"] (known: {})",
                operation_names().collect::<Vec<_>>().join(", ")
            )));
    }
    let mut expect = BTreeMap::new();
    for (probe_name, word) in &raw.expect {
        let kind = ProbeKind::from_name(probe_name)
            .filter(|kind| (*kind == ProbeKind::Token && is_jwt) || listed.contains(kind));
        let Some(kind) = kind else {
            return Err(source
                .error(
                    word,
                    format!("`expect` names `{probe_name}`, which case `{name}` does not probe"),
                )
                .with_help("expect keys are `token` (jwt only) and the names listed in `probes`"));
        };
        let outcome = word.get_ref().parse::<Outcome>().map_err(|_| {
            source
                .error(word, format!("unknown outcome \"{}\"", word.get_ref()))
                .with_suggestion(
                    word.get_ref(),
                    Outcome::ALL.iter().map(|o| o.as_str()),
                    "outcomes",
                )
        })?;
        expect.insert(kind, outcome);
    }
    let mut survey = Vec::new();
    for probe_name in &raw.survey {
        let kind = ProbeKind::from_name(probe_name.get_ref()).filter(|kind| listed.contains(kind));
        let Some(kind) = kind else {
            return Err(source
                .error(
                    probe_name,
                    format!(
                        "`survey` names `{}`, which case `{name}` does not probe",
                        probe_name.get_ref()
                    ),
                )
                .with_help(
                    "survey lists some of the names in `probes`: the reads run for context",
                ));
        };
        if !survey.contains(&kind) {
            survey.push(kind);
        }
    }
    Ok(CasePlan {
        name,
        credential,
        scope,
        scope_block: Default::default(),
        scope_object,
        probes,
        survey,
        expect,
        note: raw.note.clone(),
    })
}

/// Whether `word` names a target: `sandbox`, `cn`, `com` or an http(s) base URL.
pub fn is_target_word(word: &str) -> bool {
    matches!(word, "sandbox" | "cn" | "com")
        || word.starts_with("http://")
        || word.starts_with("https://")
}

fn sha256_hex(bytes: &[u8]) -> String {
    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes)
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
