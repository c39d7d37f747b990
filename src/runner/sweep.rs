//! Running a scope-name sweep: token requests whose scope lists a group of candidate names, chosen by the
//! group-testing search ([`crate::sweep::group_testing`]), until every name is known to be accepted or
//! rejected; then, with `--map`, a token scoped to each accepted name alone, tried against the read-only
//! probes. Every request goes through the run's retry policy, budget and rate limit. A 429, a 5xx or a
//! network failure is retried and never read as "rejected"; any answer other than a token or
//! `invalid_request` stops the sweep, and the report says why.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::result::{AuthInfo, CaseResult, JwtFacts, ProbeResult, TargetInfo};
use super::{Event, RunOptions, Target, TargetError, case, connect, meter_for};
use crate::auth::Credential;
use crate::coze::wire::{ScopeBlock, TokenRequest, oauth_error};
use crate::outcome::Outcome;
use crate::probe::Probe;
use crate::scenario::{CasePlan, ScenarioPlan};
use crate::sweep::group_testing::{GroupSearch, information_bound};

/// What to sweep.
pub struct SweepPlan<'a> {
    /// The scenario the credential comes from (its region and run settings).
    pub scenario: &'a ScenarioPlan,
    /// A JWT credential.
    pub credential: Arc<Credential>,
    pub candidates: Vec<String>,
    pub block: ScopeBlock,
    /// With `--map`: the read-only probes a token scoped to each accepted name is tried against.
    pub map: Option<Vec<Probe>>,
}

/// One token request of the search: the names it listed and the answer.
#[derive(Debug, Serialize)]
pub struct SweepQuery {
    pub names: Vec<String>,
    pub accepted: Option<bool>,
    pub result: ProbeResult,
}

/// What one accepted name grants, from the probes of a token scoped to it alone.
#[derive(Debug, Default, Serialize)]
pub struct Grant {
    /// Permissions of the probes that succeeded.
    pub granted: Vec<String>,
    /// Permissions of the probes denied with 4101.
    pub denied: Vec<String>,
}

/// The result of a sweep, as plain data.
#[derive(Debug, Serialize)]
pub struct SweepResult {
    pub tool_version: String,
    /// The git commit cozescope was built from, or `unknown`.
    pub tool_commit: String,
    pub interrupted: bool,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub target: TargetInfo,
    pub credential: AuthInfo,
    /// `account` or `workspace`.
    pub block: &'static str,
    /// The workspaces of a workspace block.
    pub workspaces: Vec<String>,
    pub candidates: Vec<String>,
    pub accepted: Vec<String>,
    pub rejected: Vec<String>,
    /// Names the sweep could not classify before it stopped.
    pub unclassified: Vec<String>,
    /// Requests the search sent (retries included).
    pub requests: u32,
    /// ⌈log2 C(n, d)⌉ for the names rejected: the fewest requests any search needs in the worst case.
    pub information_bound: u32,
    pub queries: Vec<SweepQuery>,
    /// The answer that stopped the search, when one did.
    pub stopped: Option<ProbeResult>,
    /// With `--map`: accepted name → what it grants.
    pub grants: Option<BTreeMap<String, Grant>>,
    /// With `--map`: the case each accepted name was tried in.
    pub map_cases: Vec<CaseResult>,
}

impl SweepResult {
    /// Rewrites every free-text field a server or a transport error produced (queries, the answer that
    /// stopped the search, the map's probes), as [`super::RunResult::map_texts`] does for a run.
    pub fn map_texts(&mut self, rewrite: impl Fn(&str) -> String) {
        let probes = self
            .queries
            .iter_mut()
            .map(|query| &mut query.result)
            .chain(self.stopped.as_mut())
            .chain(self.map_cases.iter_mut().flat_map(|case| &mut case.probes));
        for probe in probes {
            probe.map_texts(&rewrite);
        }
    }

    /// Every request the sweep sent: the search's, and the map's.
    pub fn requests_sent(&self) -> u32 {
        let map: u32 = self
            .map_cases
            .iter()
            .flat_map(|case| &case.probes)
            .map(ProbeResult::requests_sent)
            .sum();
        self.requests + map
    }
}

/// What a token answer says about the names it listed.
fn verdict(result: &ProbeResult) -> Option<bool> {
    match result.outcome {
        Outcome::Ok => Some(true),
        Outcome::BadRequest
            if result.answer.error_code.as_deref() == Some(oauth_error::INVALID_REQUEST) =>
        {
            Some(false)
        }
        _ => None,
    }
}

/// Runs the sweep against `target`.
pub async fn run_sweep(
    plan: &SweepPlan<'_>,
    target: &Target,
    options: &RunOptions,
    on_event: &(dyn Fn(Event<'_>) + Sync),
) -> Result<SweepResult, TargetError> {
    let started_at = Utc::now();
    let Credential::Jwt(jwt) = plan.credential.as_ref() else {
        return Err(TargetError {
            file: plan.scenario.file.display().to_string(),
            reason: format!(
                "credential `{}` is not a JWT OAuth app: a sweep asks the token endpoint",
                plan.credential.name()
            ),
        });
    };
    let connection = connect(plan.scenario, target, options)?;
    let meter = meter_for(&[plan.scenario], options);
    let studio_watch = super::studio::StudioWatch::default();
    let context = case::CaseContext {
        client: &connection.client,
        region: connection.region,
        retry: connection.retry,
        allow_side_effects: true,
        cancel: &options.cancel,
        meter: &meter,
        audience: super::audience(options, target, connection.region),
        chat_polling: super::ChatPolling::for_target(target.sandbox),
        studio: &studio_watch,
        on_event,
    };
    let candidates = &plan.candidates;
    let mut search = GroupSearch::new(candidates.len());
    let mut queries: Vec<SweepQuery> = Vec::new();
    let mut stopped = None;
    while let Some(group) = search.next_query() {
        if options.cancel.is_cancelled() {
            break;
        }
        let names: Vec<String> = group
            .iter()
            .map(|&index| candidates[index].clone())
            .collect();
        let body = TokenRequest::jwt(jwt.ttl, Some(names.clone()), &plan.block);
        let mut facts: Option<JwtFacts> = None;
        let (result, _token) = case::exchange_token(&context, jwt, &body, &mut facts).await;
        let accepted = verdict(&result);
        match accepted {
            Some(accepted) => search.record(accepted),
            None => stopped = Some(result.clone()),
        }
        queries.push(SweepQuery {
            names,
            accepted,
            result,
        });
        if stopped.is_some() {
            break;
        }
    }
    let name_of = |index: usize| candidates[index].clone();
    let accepted: Vec<String> = search.accepted().into_iter().map(name_of).collect();
    let rejected: Vec<String> = search.rejected().into_iter().map(name_of).collect();
    let unclassified: Vec<String> = candidates
        .iter()
        .filter(|name| !accepted.contains(name) && !rejected.contains(name))
        .cloned()
        .collect();
    let requests = queries
        .iter()
        .map(|query| query.result.requests_sent())
        .sum();
    let (grants, map_cases) = match &plan.map {
        Some(probes) if stopped.is_none() && !options.cancel.is_cancelled() => {
            map(&context, plan, probes, &accepted).await
        }
        _ => (None, Vec::new()),
    };
    let workspaces = match &plan.block {
        ScopeBlock::Account => Vec::new(),
        ScopeBlock::Workspace(workspaces) => workspaces.clone(),
    };
    Ok(SweepResult {
        tool_version: crate::build_info::VERSION.to_string(),
        tool_commit: crate::build_info::COMMIT.to_string(),
        interrupted: options.cancel.is_cancelled(),
        started_at,
        finished_at: Utc::now(),
        target: TargetInfo {
            base_url: connection.client.base_url(),
            region: connection.region,
            sandbox: target.sandbox,
            studio: None,
            region_unknown: target.region_unknown(),
        },
        credential: case::auth_info(plan.credential.as_ref()),
        block: match plan.block {
            ScopeBlock::Account => "account",
            ScopeBlock::Workspace(_) => "workspace",
        },
        workspaces,
        information_bound: information_bound(candidates.len(), rejected.len()),
        candidates: candidates.clone(),
        accepted,
        rejected,
        unclassified,
        requests,
        queries,
        stopped,
        grants,
        map_cases,
    })
}

/// A token scoped to each accepted name alone, tried against `probes`: what each name grants.
async fn map(
    context: &case::CaseContext<'_>,
    plan: &SweepPlan<'_>,
    probes: &[Probe],
    accepted: &[String],
) -> (Option<BTreeMap<String, Grant>>, Vec<CaseResult>) {
    let mut grants = BTreeMap::new();
    let mut cases = Vec::new();
    for name in accepted {
        if context.cancel.is_cancelled() {
            break;
        }
        let case = CasePlan {
            name: format!("map: {name}"),
            credential: plan.credential.clone(),
            scope: Some(vec![name.clone()]),
            scope_block: plan.block.clone(),
            scope_object: None,
            probes: probes.to_vec(),
            survey: Vec::new(),
            expect: Default::default(),
            note: None,
        };
        let result = case::run_case(context, Path::new(&plan.scenario.file), &case, None).await;
        (context.on_event)(Event::CaseFinished { case: &result });
        let mut grant = Grant::default();
        for probe in &result.probes {
            let Some(permission) = probe.probe.permission() else {
                continue;
            };
            let list = match probe.outcome {
                Outcome::Ok => &mut grant.granted,
                Outcome::DeniedPermission => &mut grant.denied,
                _ => continue,
            };
            if !list.iter().any(|known| known == permission) {
                list.push(permission.to_string());
            }
        }
        grants.insert(name.clone(), grant);
        cases.push(result);
    }
    (Some(grants), cases)
}
