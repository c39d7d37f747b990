//! Executes a [`Plan`] against a [`Target`] and produces a [`RunResult`]: token issuance first for JWT
//! credentials, then each operation. One failure never stops the run. The runner prints nothing; it reports
//! progress through [`Event`]s.

mod probe_run;
pub mod result;
pub mod target;

use std::sync::Mutex;

use chrono::Utc;
use futures_util::StreamExt;
use futures_util::stream;

pub use result::{
    AuthInfo, CaseResult, JwtFacts, Mismatch, ProbeResult, RunResult, ScenarioResult, TargetInfo,
};
pub use target::Target;

use crate::coze::client::{Client, ClientOptions};
use crate::scenario::{CasePlan, Plan};

/// How to run.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    pub client: ClientOptions,
    /// Cases run at the same time.
    pub jobs: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions { client: ClientOptions::default(), jobs: 4 }
    }
}

/// Progress of a run, for whoever displays it.
#[derive(Debug, Clone)]
pub enum Event<'a> {
    /// The run starts; `cases` is the total.
    Started { cases: usize },
    /// A case finished.
    CaseFinished { case: &'a CaseResult },
}

/// The target cannot serve a scenario (e.g. a region the sandbox does not serve, or a bad base URL).
#[derive(Debug, thiserror::Error)]
#[error("{file}: {reason}")]
pub struct TargetError {
    pub file: String,
    pub reason: String,
}

/// Runs every case of `plan` against `target`.
pub async fn run(
    plan: &Plan,
    target: &Target,
    options: RunOptions,
    on_event: &(dyn Fn(Event<'_>) + Sync),
) -> Result<RunResult, TargetError> {
    let started_at = Utc::now();
    let total = plan.scenarios.iter().map(|scenario| scenario.cases.len()).sum();
    on_event(Event::Started { cases: total });
    let issued = Mutex::new(Vec::new());
    let mut scenarios = Vec::with_capacity(plan.scenarios.len());
    for scenario in &plan.scenarios {
        let file = scenario.file.display().to_string();
        let (base_url, region) = target.resolve(scenario.region).ok_or_else(|| TargetError {
            file: file.clone(),
            reason: format!("the target does not serve region `{}`", scenario.region),
        })?;
        let client = Client::new(&base_url, options.client).map_err(|error| TargetError {
            file: file.clone(),
            reason: error.to_string(),
        })?;
        let scenario_started = Utc::now();
        let context = probe_run::CaseContext { client: &client, issued: &issued };
        let cases: Vec<CaseResult> = stream::iter(&scenario.cases)
            .map(|case: &CasePlan| {
                let context = &context;
                let file = &scenario.file;
                async move {
                    let result = probe_run::run_case(context, file, case).await;
                    on_event(Event::CaseFinished { case: &result });
                    result
                }
            })
            .buffered(options.jobs.max(1))
            .collect()
            .await;
        scenarios.push(ScenarioResult {
            file: scenario.file.clone(),
            sha256: scenario.sha256.clone(),
            title: scenario.title.clone(),
            target: TargetInfo { base_url: client.base_url(), region, sandbox: target.sandbox },
            started_at: scenario_started,
            cases,
        });
    }
    Ok(RunResult {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        started_at,
        finished_at: Utc::now(),
        scenarios,
        issued_secrets: issued.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()),
    })
}
