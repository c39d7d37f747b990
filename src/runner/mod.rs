//! Executes a [`Plan`] against a [`Target`] and produces a [`RunResult`]: token issuance first for JWT
//! credentials, then each operation. One failure never stops the run. The runner prints nothing; it reports
//! progress through [`Event`]s.

mod follow_up;
mod probe_run;
pub mod result;
pub mod target;

use chrono::Utc;
use futures_util::StreamExt;
use futures_util::stream;

pub use result::{
    AuthInfo, CaseResult, FollowUp, FollowUpReason, JwtFacts, Mismatch, ProbeResult, RunResult,
    ScenarioResult, TargetInfo,
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
    /// Add the follow-up cases that prove or rule out a cause (see `follow_up`).
    pub follow_up: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            client: ClientOptions::default(),
            jobs: 4,
            follow_up: true,
        }
    }
}

/// Progress of a run, for whoever displays it.
#[derive(Debug, Clone)]
pub enum Event<'a> {
    /// The run starts; `cases` is the total.
    Started { cases: usize },
    /// A secret came into existence (a signed assertion, an access token); mask it from now on.
    SecretIssued { secret: &'a secrecy::SecretString },
    /// Follow-up cases were added to the run.
    FollowUps { cases: usize },
    /// A case finished.
    CaseFinished { case: &'a CaseResult },
}

/// Runs `cases` with up to `jobs` at a time, keeping their order.
async fn run_cases(
    context: &probe_run::CaseContext<'_>,
    file: &std::path::Path,
    cases: Vec<(&CasePlan, Option<FollowUp>)>,
    jobs: usize,
    on_event: &(dyn Fn(Event<'_>) + Sync),
) -> Vec<CaseResult> {
    stream::iter(cases)
        .map(|(case, follow_up)| async move {
            let result = probe_run::run_case(context, file, case, follow_up).await;
            on_event(Event::CaseFinished { case: &result });
            result
        })
        .buffered(jobs)
        .collect()
        .await
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
    let total = plan
        .scenarios
        .iter()
        .map(|scenario| scenario.cases.len())
        .sum();
    on_event(Event::Started { cases: total });
    let jobs = options.jobs.max(1);
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
        let context = probe_run::CaseContext {
            client: &client,
            region,
            on_event,
        };
        let listed: Vec<(&CasePlan, Option<FollowUp>)> =
            scenario.cases.iter().map(|case| (case, None)).collect();
        let mut cases = run_cases(&context, &scenario.file, listed, jobs, on_event).await;
        if options.follow_up {
            let other = target.other_region(region);
            let planned = follow_up::plan(&scenario.cases, &cases, other.is_some());
            on_event(Event::FollowUps {
                cases: planned.len(),
            });
            let other_client = other
                .as_ref()
                .and_then(|(url, _)| Client::new(url, options.client).ok());
            let other_context =
                other_client
                    .as_ref()
                    .zip(other)
                    .map(|(client, (_, other_region))| probe_run::CaseContext {
                        client,
                        region: other_region,
                        on_event,
                    });
            let (same_region, other_region): (Vec<_>, Vec<_>) = planned
                .iter()
                .partition(|planned| planned.follow_up.reason == FollowUpReason::NoScope);
            let same_region = same_region
                .into_iter()
                .map(|p| (&p.case, Some(p.follow_up.clone())))
                .collect();
            cases.extend(run_cases(&context, &scenario.file, same_region, jobs, on_event).await);
            if let Some(other_context) = &other_context {
                let other_region = other_region
                    .into_iter()
                    .map(|p| (&p.case, Some(p.follow_up.clone())))
                    .collect();
                cases.extend(
                    run_cases(other_context, &scenario.file, other_region, jobs, on_event).await,
                );
            }
        }
        scenarios.push(ScenarioResult {
            file: scenario.file.clone(),
            sha256: scenario.sha256.clone(),
            title: scenario.title.clone(),
            target: TargetInfo {
                base_url: client.base_url(),
                region,
                sandbox: target.sandbox,
            },
            started_at: scenario_started,
            cases,
        });
    }
    Ok(RunResult {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        started_at,
        finished_at: Utc::now(),
        scenarios,
    })
}
