//! Scenarios: TOML files describing credentials, cases and probes, loaded and validated into a [`Plan`].

mod build;
mod credential;
pub mod doctor;
pub mod dotenv;
mod probes;
mod source;
pub use build::{
    MAX_QPS, MAX_REQUESTS, MAX_RETRIES, MAX_SECONDS, MIN_QPS, MIN_SECONDS, default_bot_name,
};
mod load;
pub mod model;
pub mod vars;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

pub use credential::is_host;
pub use load::{LoadOptions, RecordedTarget, load_plan, parse_scenario, recorded_targets};
pub use vars::VariableSource;

use crate::auth::{Credential, JwtCredential};
use crate::coze::region::Region;
use crate::coze::wire::TokenRequest;
use crate::outcome::Outcome;
use crate::probe::{Probe, ProbeKind};

/// Everything a run will do, validated: every variable resolved and every key loaded.
#[derive(Debug)]
pub struct Plan {
    pub scenarios: Vec<ScenarioPlan>,
}

/// One scenario file, ready to run.
#[derive(Debug)]
pub struct ScenarioPlan {
    pub file: PathBuf,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    pub title: Option<String>,
    pub region: Region,
    pub cases: Vec<CasePlan>,
    pub settings: ScenarioSettings,
}

/// Run settings a scenario may set; command-line flags take precedence.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ScenarioSettings {
    pub connect_timeout: Option<std::time::Duration>,
    pub timeout: Option<std::time::Duration>,
    pub retries: Option<u32>,
    pub allow_side_effects: bool,
    /// The most requests the run may send, retries included.
    pub max_requests: Option<u32>,
    /// Requests per second, shared by every case of the run.
    pub qps: Option<f64>,
}

/// One `[[case]]`, ready to run.
#[derive(Debug, Clone)]
pub struct CasePlan {
    pub name: String,
    pub credential: Arc<Credential>,
    /// `None`: no `scope` key is sent.
    pub scope: Option<Vec<String>>,
    /// The scope block the names go in (scenarios use the account block; `sweep` may use the workspace one).
    pub scope_block: crate::coze::wire::ScopeBlock,
    /// A whole scope object as the SDKs send it (`scope_json`); sent as given, its names in `scope`.
    pub scope_object: Option<crate::coze::wire::Scope>,
    pub probes: Vec<Probe>,
    /// Probes run for context (`survey = [...]`): a failure there is a note, never the verdict's cause.
    pub survey: Vec<ProbeKind>,
    pub expect: BTreeMap<ProbeKind, Outcome>,
    pub note: Option<String>,
}

/// A timeout in seconds, if usable: more than 0 and at most an hour (flags and scenario keys alike).
pub fn seconds(value: f64) -> Option<std::time::Duration> {
    (value.is_finite() && (MIN_SECONDS..=MAX_SECONDS).contains(&value))
        .then(|| std::time::Duration::from_secs_f64(value))
}

/// A request rate, if usable: from [`MIN_QPS`] to [`MAX_QPS`] per second (flags and scenario keys alike).
pub fn qps(value: f64) -> Option<f64> {
    (value.is_finite() && (MIN_QPS..=MAX_QPS).contains(&value)).then_some(value)
}

/// A request budget, if usable: from 1 to [`MAX_REQUESTS`] (flags and scenario keys alike).
pub fn max_requests(value: i64) -> Option<u32> {
    u32::try_from(value)
        .ok()
        .filter(|max| (1..=MAX_REQUESTS).contains(max))
}

impl CasePlan {
    /// The token request the case sends with its JWT credential `jwt`: its scope, in its block.
    pub fn token_request(&self, jwt: &JwtCredential) -> TokenRequest {
        match &self.scope_object {
            Some(scope) => TokenRequest::with_scope(jwt.ttl, Some(scope.clone())),
            None => TokenRequest::jwt(jwt.ttl, self.scope.clone(), &self.scope_block),
        }
    }
}

impl ScenarioPlan {
    /// The credentials its cases use, each once (by name), in the order of the cases.
    pub fn credentials(&self) -> Vec<&Arc<Credential>> {
        let mut seen: Vec<&Arc<Credential>> = Vec::new();
        for case in &self.cases {
            if !seen
                .iter()
                .any(|credential| credential.name() == case.credential.name())
            {
                seen.push(&case.credential);
            }
        }
        seen
    }
}

impl Plan {
    /// Every secret the plan holds, for the redactor.
    pub fn secrets(&self) -> Vec<String> {
        let mut secrets = Vec::new();
        for case in self.scenarios.iter().flat_map(|scenario| &scenario.cases) {
            match case.credential.as_ref() {
                Credential::Pat(pat) => {
                    secrets.push(secrecy::ExposeSecret::expose_secret(&pat.token).to_string())
                }
                Credential::Jwt(jwt) => secrets.push(jwt.key.pem().to_string()),
            }
        }
        secrets.sort();
        secrets.dedup();
        secrets
    }
}
