//! `cozescope check`: offline validation of scenarios — parse, resolve variables, load keys — and a preview
//! of the JWT header and claims that would be sent, with warnings for the mistakes that cause most
//! permission errors (region vs base URL, a key id that is not a fingerprint, undocumented scope names).
//! Sends nothing.

use std::collections::HashMap;
use std::fmt::Write;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;

use super::inputs::{TargetChoice, load, world_for};
use super::{CommandResult, TargetArgs, eprint_redacted};
use crate::auth::{Credential, sign_assertion};
use crate::coze::client::audience_of;
use crate::coze::permission::permission_of_scope_name;
use crate::coze::region::Region;
use crate::exit;
use crate::scenario::{Plan, ScenarioPlan};

/// `cozescope check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files or folders of *.toml files.
    #[arg(default_value = "scenarios")]
    pub paths: Vec<PathBuf>,
    /// The target the scenarios are meant for (sandbox: variables from the sandbox world; otherwise from
    /// the environment and .env).
    #[command(flatten)]
    pub target: TargetArgs,
    /// The JWT `aud` to sign instead of the host addressed (a target behind a proxy), as `run --audience`.
    #[arg(long, value_name = "HOST", value_parser = super::parse_audience)]
    pub audience: Option<String>,
    /// Treat warnings as problems (exit 2).
    #[arg(long)]
    pub strict: bool,
}

pub(super) fn check(args: CheckArgs) -> CommandResult {
    let choice = &args.target.choose(&args.paths)?;
    let world = world_for(choice, args.target.world.as_deref())?;
    let plan = load(&args.paths, args.target.env_file.as_deref(), world.as_ref())?;
    let api_base = std::env::var("COZE_API_BASE")
        .ok()
        .filter(|_| matches!(choice, TargetChoice::Real(_)));
    let (text, warnings) = render(&plan, choice, api_base.as_deref(), args.audience.as_deref());
    super::screen::print(
        &super::screen::screen(crate::i18n::Lang::resolve(None)),
        &text,
    );
    if warnings > 0 && args.strict {
        eprint_redacted(&format!(
            "{warnings} warning(s); --strict makes them problems"
        ));
        Ok(exit::INVALID_INPUT)
    } else {
        Ok(exit::OK)
    }
}

/// The check report and its number of warnings.
fn render(
    plan: &Plan,
    choice: &TargetChoice,
    api_base: Option<&str>,
    audience: Option<&str>,
) -> (String, usize) {
    let mut out = String::new();
    let mut warnings = 0;
    let mut previews = Previews::default();
    for scenario in &plan.scenarios {
        let (base_url, region) = match choice {
            TargetChoice::Sandbox => (
                format!("sandbox ({} realm)", scenario.region),
                scenario.region,
            ),
            TargetChoice::Real(target) => target
                .resolve(scenario.region)
                .unwrap_or_else(|| (scenario.region.base_url().to_string(), scenario.region)),
        };
        let _ = writeln!(
            out,
            "{}: ok — {} case(s), region {}, target {base_url}",
            scenario.file.display(),
            scenario.cases.len(),
            scenario.region
        );
        let mut notes = scenario_warnings(scenario, region, api_base);
        for credential in scenario.credentials() {
            describe_credential(
                &mut out,
                credential,
                Signing {
                    region,
                    base_url: &base_url,
                    audience,
                    real: matches!(choice, TargetChoice::Real(_)),
                },
                &mut notes,
                &mut previews,
            );
        }
        for case in &scenario.cases {
            let probes: Vec<&str> = case.probes.iter().map(|probe| probe.kind.name()).collect();
            let scope = match &case.scope {
                Some(names) => serde_json::to_string(names).unwrap_or_default(),
                None if case.credential.mode() == crate::auth::AuthMode::Jwt => "no scope".into(),
                None => "-".into(),
            };
            let _ = writeln!(
                out,
                "  case “{}”: {} · {scope} · probes: {}",
                case.name,
                case.credential.name(),
                probes.join(", ")
            );
            for name in case.scope.iter().flatten() {
                if permission_of_scope_name(name).is_none() {
                    notes.push(format!(
                        "case “{}”: `{name}` is not a documented scope name; the token request will likely fail with invalid_request (omit `scope` to get the app's own permissions)",
                        case.name
                    ));
                }
            }
        }
        notes.dedup();
        for note in &notes {
            let _ = writeln!(out, "  warning: {note}");
        }
        warnings += notes.len();
    }
    let _ = writeln!(
        out,
        "{} scenario(s) checked, {warnings} warning(s); nothing was sent",
        plan.scenarios.len()
    );
    (out, warnings)
}

fn scenario_warnings(
    scenario: &ScenarioPlan,
    target_region: Region,
    api_base: Option<&str>,
) -> Vec<String> {
    let mut notes = Vec::new();
    if target_region != scenario.region {
        notes.push(format!(
            "the scenario says region = \"{}\" but the target is in {}: a credential of one region is unknown in the other (kid not been registred, 4100, 4101 \"token you entered is incorrect\")",
            scenario.region, target_region
        ));
    }
    if let Some(base) = api_base
        && let Some(base_region) = Region::of_base_url(base)
        && base_region != scenario.region
    {
        notes.push(format!(
            "COZE_API_BASE is {base} ({base_region}) but the scenario says region = \"{}\"; SDK code reading COZE_API_BASE talks to the other region",
            scenario.region
        ));
    }
    notes
}

/// Assertion previews already signed, by key and claims: files that share a credential sign it once.
type Previews =
    HashMap<(usize, String, String, String, Option<String>), Result<(String, String), String>>;

/// Where a credential's assertion would be sent, and the `aud` asked for.
struct Signing<'a> {
    region: Region,
    base_url: &'a str,
    /// `--audience`.
    audience: Option<&'a str>,
    /// Whether the target is the real service (or a URL), not the sandbox.
    real: bool,
}

fn describe_credential(
    out: &mut String,
    credential: &Credential,
    signing: Signing<'_>,
    notes: &mut Vec<String>,
    previews: &mut Previews,
) {
    let Signing {
        region,
        base_url,
        audience: flag_audience,
        real,
    } = signing;
    match credential {
        Credential::Pat(pat) => {
            let token = secrecy::ExposeSecret::expose_secret(&pat.token);
            let _ = writeln!(out, "  credential `{}` (pat): token loaded", pat.name);
            if !token.starts_with("pat_") && !token.starts_with("sat_") {
                notes.push(format!(
                    "credential `{}`: the token does not start with pat_ or sat_; is it a personal access token?",
                    pat.name
                ));
            }
        }
        Credential::Jwt(jwt) => {
            let _ = writeln!(
                out,
                "  credential `{}` (jwt): app {}, kid {}, key {}, ttl {}s",
                jwt.name,
                jwt.client_id,
                jwt.public_key_id,
                jwt.key.describe(),
                jwt.ttl
            );
            let audience = jwt.audience_for(flag_audience, || {
                reqwest::Url::parse(base_url)
                    .ok()
                    .and_then(|url| audience_of(&url))
                    .unwrap_or_else(|| region.api_host().to_string())
            });
            if real
                && !Region::ALL
                    .iter()
                    .any(|region| region.api_host() == audience)
            {
                notes.push(format!(
                    "credential `{}`: the JWT `aud` would be `{audience}`, but the service expects api.coze.cn or api.coze.com; behind a proxy, set audience = \"{}\" in [auth.{}] or pass --audience",
                    jwt.name,
                    region.api_host(),
                    jwt.name
                ));
            }
            let identity = (
                Arc::as_ptr(&jwt.key) as usize,
                jwt.client_id.clone(),
                jwt.public_key_id.clone(),
                audience.clone(),
                jwt.session_name.clone(),
            );
            let preview = previews.entry(identity).or_insert_with(|| {
                sign_assertion(jwt, &audience, chrono::Utc::now().timestamp())
                    .map(|assertion| {
                        (
                            spaced_json(&assertion.header),
                            spaced_json(&assertion.claims),
                        )
                    })
                    .map_err(|error| error.to_string())
            });
            match preview {
                Ok((header, claims)) => {
                    let _ = writeln!(out, "    JWT header: {header}");
                    let _ = writeln!(
                        out,
                        "    JWT claims: {claims} (jti is fresh for every request)"
                    );
                }
                Err(error) => notes.push(format!("credential `{}`: {error}", jwt.name)),
            }
            if !crate::auth::kid::looks_like_fingerprint(&jwt.public_key_id) {
                notes.push(format!(
                    "credential `{}`: public_key_id `{}` is not in the console's fingerprint format (43 base64url characters, e.g. _v0VjcMlLdQc3tRTD3jC5Xz29TUnKQOhtuD5k-gpyf4); copy the public key id shown next to the key in the OAuth app",
                    jwt.name, jwt.public_key_id
                ));
            }
            if !jwt.client_id.chars().all(|c| c.is_ascii_digit()) {
                notes.push(format!(
                    "credential `{}`: client_id `{}` is not numeric; JWT OAuth app ids look like 1127900106117",
                    jwt.name, jwt.client_id
                ));
            }
        }
    }
}

/// JSON with a space after each member's comma (`{"iss":"1", "aud":"api.coze.cn"}`), so that a line of
/// it wraps between members rather than inside one.
fn spaced_json(value: &impl serde::Serialize) -> String {
    struct Spaced;
    impl serde_json::ser::Formatter for Spaced {
        fn begin_object_key<W: ?Sized + std::io::Write>(
            &mut self,
            writer: &mut W,
            first: bool,
        ) -> std::io::Result<()> {
            writer.write_all(if first { b"" } else { b", " })
        }
    }
    let mut bytes = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, Spaced);
    match value.serialize(&mut serializer) {
        Ok(()) => String::from_utf8(bytes).unwrap_or_default(),
        Err(_) => String::new(),
    }
}
