//! Executes a [`Plan`] against a [`Target`] and produces a [`RunResult`]: token issuance first for JWT
//! credentials, then each operation, then the follow-up cases that prove a cause. One failure never stops
//! the run. The runner prints nothing; it reports progress through [`Event`]s.

mod binding;
mod case;
mod chat_poll;
mod follow_up;
pub mod meter;
pub mod result;
pub mod retry;
mod studio;
pub mod sweep;
pub mod target;

use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use futures_util::StreamExt;
use futures_util::stream;

pub use binding::CredentialRows;
pub use chat_poll::ChatPolling;
pub use result::{
    Answer, Attempt, AuthInfo, CaseResult, ChatState, FollowUp, FollowUpReason, JwtFacts, Listed,
    Mismatch, ProbeResult, Reason, RequestStats, RunResult, ScenarioResult, TargetInfo, TokenKind,
};
pub use retry::RetryPolicy;
pub use target::Target;
pub use tokio_util::sync::CancellationToken;

use crate::coze::client::{Client, ClientOptions};
use crate::coze::region::Region;
use crate::scenario::{CasePlan, Plan, ScenarioPlan};

/// How long an in-flight request may still take once the run is cancelled (Ctrl-C, SIGTERM, SIGHUP): no new probe
/// starts after a cancel.
pub const GRACE: Duration = Duration::from_secs(3);

/// How to run. `None` settings fall back to the scenario's, then to the defaults.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub connect_timeout: Option<Duration>,
    pub timeout: Option<Duration>,
    pub retries: Option<u32>,
    /// Cases run at the same time (0 is taken as 1).
    pub jobs: usize,
    /// Add the follow-up cases that prove or rule out a cause (see `follow_up`).
    pub follow_up: bool,
    /// Let probes that create something run against a real target (`--yes`); always true on the sandbox.
    pub allow_side_effects: bool,
    pub cancel: CancellationToken,
    /// The most requests the run may send (else the smallest `max_requests` a scenario declares).
    pub max_requests: Option<u32>,
    /// Requests per second across the run (else the smallest `qps` a scenario declares).
    pub qps: Option<f64>,
    /// The JWT `aud` to sign instead of the host addressed.
    pub audience: Option<String>,
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
    options: &RunOptions,
    on_event: &(dyn Fn(Event<'_>) + Sync),
) -> Result<RunResult, TargetError> {
    let started_at = Utc::now();
    let total = plan
        .scenarios
        .iter()
        .map(|scenario| scenario.cases.len())
        .sum();
    on_event(Event::Started { cases: total });
    let meter = meter_for(&plan.scenarios.iter().collect::<Vec<_>>(), options);
    let mut scenarios = Vec::with_capacity(plan.scenarios.len());
    for scenario in &plan.scenarios {
        scenarios.push(run_scenario(scenario, target, options, &meter, on_event).await?);
    }
    Ok(RunResult {
        tool_version: crate::build_info::VERSION.to_string(),
        tool_commit: crate::build_info::COMMIT.to_string(),
        interrupted: options.cancel.is_cancelled(),
        started_at,
        finished_at: Utc::now(),
        scenarios,
    })
}

/// What a scenario's requests go through: the client for its region, its timeouts and the retry policy.
struct Connection {
    client: Client,
    region: Region,
    client_options: ClientOptions,
    retry: RetryPolicy,
}

/// The connection a scenario uses: flags first, then the scenario's settings, then the defaults.
fn connect(
    scenario: &ScenarioPlan,
    target: &Target,
    options: &RunOptions,
) -> Result<Connection, TargetError> {
    let file = scenario.file.display().to_string();
    let (base_url, region) = target.resolve(scenario.region).ok_or_else(|| TargetError {
        file: file.clone(),
        reason: format!("the target does not serve region `{}`", scenario.region),
    })?;
    let defaults = ClientOptions::default();
    let client_options = ClientOptions {
        connect_timeout: options
            .connect_timeout
            .or(scenario.settings.connect_timeout)
            .unwrap_or(defaults.connect_timeout),
        request_timeout: options
            .timeout
            .or(scenario.settings.timeout)
            .unwrap_or(defaults.request_timeout),
    };
    let client = Client::new(&base_url, client_options).map_err(|error| TargetError {
        file,
        reason: error.to_string(),
    })?;
    let retry = RetryPolicy {
        retries: options
            .retries
            .or(scenario.settings.retries)
            .unwrap_or(retry::DEFAULT_RETRIES),
        ..RetryPolicy::default()
    };
    Ok(Connection {
        client,
        region,
        client_options,
        retry,
    })
}

/// The run's budget and rate limit: the flags, else the most careful values the scenarios declare.
fn meter_for(scenarios: &[&ScenarioPlan], options: &RunOptions) -> meter::Meter {
    meter::Meter::new(
        options.max_requests.or_else(|| {
            scenarios
                .iter()
                .filter_map(|scenario| scenario.settings.max_requests)
                .min()
        }),
        options.qps.or_else(|| {
            scenarios
                .iter()
                .filter_map(|scenario| scenario.settings.qps)
                .min_by(|a, b| a.total_cmp(b))
        }),
    )
}

/// The JWT `aud` to sign in `region`: `--audience`, else the real host a stand-in base URL serves for.
fn audience<'a>(options: &'a RunOptions, target: &Target, region: Region) -> Option<&'a str> {
    options
        .audience
        .as_deref()
        .or_else(|| target.audience(region))
}

async fn run_scenario(
    scenario: &ScenarioPlan,
    target: &Target,
    options: &RunOptions,
    meter: &meter::Meter,
    on_event: &(dyn Fn(Event<'_>) + Sync),
) -> Result<ScenarioResult, TargetError> {
    let Connection {
        client,
        region,
        client_options,
        retry,
    } = connect(scenario, target, options)?;
    let audience = |region: Region| audience(options, target, region);
    let studio_watch = studio::StudioWatch::default();
    let context = case::CaseContext {
        client: &client,
        region,
        retry,
        allow_side_effects: target.sandbox
            || options.allow_side_effects
            || scenario.settings.allow_side_effects,
        cancel: &options.cancel,
        meter,
        audience: audience(region),
        chat_polling: ChatPolling::for_target(target.sandbox),
        studio: &studio_watch,
        on_event,
    };
    let jobs = options.jobs.max(1);
    let started_at = Utc::now();
    let listed = scenario.cases.iter().map(|case| (case, None)).collect();
    let mut cases = run_cases(&context, &scenario.file, listed, jobs).await;
    if options.follow_up && !options.cancel.is_cancelled() {
        let mut plans: Vec<CasePlan> = scenario.cases.clone();
        let other = target.other_region(region);
        let planned = served(
            &studio_watch,
            follow_up::plan(&scenario.cases, &cases, other.is_some()),
        );
        on_event(Event::FollowUps {
            cases: planned.len(),
        });
        let (same_region, other_region): (Vec<_>, Vec<_>) = planned
            .iter()
            .partition(|planned| planned.follow_up.reason == FollowUpReason::NoScope);
        let same_region: Vec<_> = same_region
            .into_iter()
            .map(|p| (&p.case, Some(p.follow_up.clone())))
            .collect();
        plans.extend(same_region.iter().map(|(case, _)| (*case).clone()));
        cases.extend(run_cases(&context, &scenario.file, same_region, jobs).await);
        let other_client = other
            .as_ref()
            .and_then(|(url, _)| Client::new(url, client_options).ok());
        if let (Some(client), Some((_, region))) = (&other_client, other) {
            let other_context = case::CaseContext {
                client,
                region,
                audience: audience(region),
                ..context
            };
            let other_region: Vec<_> = other_region
                .into_iter()
                .map(|p| (&p.case, Some(p.follow_up.clone())))
                .collect();
            plans.extend(other_region.iter().map(|(case, _)| (*case).clone()));
            cases.extend(run_cases(&other_context, &scenario.file, other_region, jobs).await);
        }
        // A 4101 in a workspace: the reads that tell permission from binding; a bot or workflow denied or
        // not found: the lists of the bound workspaces. A later round when an earlier one had to ask
        // which workspaces the credential can see.
        for round in 0..3 {
            if options.cancel.is_cancelled() {
                break;
            }
            let mut binding = follow_up::plan_binding(&plans, &cases, round);
            binding.extend(follow_up::plan_resources(&plans, &cases, round));
            let binding = served(&studio_watch, binding);
            if binding.is_empty() {
                break;
            }
            on_event(Event::FollowUps {
                cases: binding.len(),
            });
            let listed: Vec<_> = binding
                .iter()
                .map(|p| (&p.case, Some(p.follow_up.clone())))
                .collect();
            plans.extend(listed.iter().map(|(case, _)| (*case).clone()));
            cases.extend(run_cases(&context, &scenario.file, listed, jobs).await);
        }
    }
    Ok(ScenarioResult {
        file: scenario.file.clone(),
        sha256: scenario.sha256.clone(),
        title: scenario.title.clone(),
        target: TargetInfo {
            base_url: client.base_url(),
            region,
            sandbox: target.sandbox,
            studio: studio::facts(&cases),
            region_unknown: target.region_unknown(),
        },
        started_at,
        cases,
        earlier_requests: 0,
    })
}

/// The planned follow-ups without the probes a recognised Studio does not serve (a JWT case asks for its
/// token first, which a Studio never issues); a case left with nothing to ask is dropped.
fn served(
    watch: &studio::StudioWatch,
    planned: Vec<follow_up::Planned>,
) -> Vec<follow_up::Planned> {
    if !watch.recognised() {
        return planned;
    }
    planned
        .into_iter()
        .filter_map(|mut planned| {
            if planned.case.credential.mode() == crate::auth::AuthMode::Jwt {
                return None;
            }
            watch.keep_served(&mut planned.case.probes);
            (!planned.case.probes.is_empty()).then_some(planned)
        })
        .collect()
}

/// Runs `cases` with up to `jobs` at a time, keeping their order.
async fn run_cases(
    context: &case::CaseContext<'_>,
    file: &Path,
    cases: Vec<(&CasePlan, Option<FollowUp>)>,
    jobs: usize,
) -> Vec<CaseResult> {
    stream::iter(cases)
        .map(|(case, follow_up)| async move {
            // Every log line of the case names it (`-vvv` traces interleave cases run in parallel).
            let span = tracing::info_span!("case", name = %case.name);
            let result = tracing::Instrument::instrument(
                case::run_case(context, file, case, follow_up),
                span,
            )
            .await;
            (context.on_event)(Event::CaseFinished { case: &result });
            result
        })
        .buffered(jobs)
        .collect()
        .await
}
