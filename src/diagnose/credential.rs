//! One credential's rows, and the questions a verdict asks of them: where it authenticated, what it was
//! refused and why, which of its failures are the user's operations and which are survey reads, what
//! the other credentials of the run showed on the same host. Rows of another credential are never
//! evidence about this one, except as the stated "another credential authenticated here".

use crate::auth::AuthMode;
use crate::coze::region::Region;
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
use crate::runner::{CaseResult, FollowUpReason, ProbeResult, ScenarioResult};

use super::evidence::AuthFailure;

/// A case and one of its probes.
pub type Row<'a> = (&'a CaseResult, &'a ProbeResult);

/// How the credential fared at authentication in one region.
#[derive(Debug, Clone, Copy)]
pub enum AuthState<'a> {
    /// Its token was issued, or an operation got past authentication.
    Authenticated(Row<'a>),
    /// It was refused: the token request (jwt), else `whoami`, else every operation that answered.
    Rejected(Row<'a>, AuthFailure),
    /// Nothing decides (nothing sent, or only answers that say nothing about authentication).
    Unknown,
}

/// The rows of one credential in a scenario.
pub struct CredentialView<'a> {
    pub name: &'a str,
    pub mode: AuthMode,
    pub app_id: Option<&'a str>,
    pub kid: Option<&'a str>,
    /// The scenario's region: where its own rows ran.
    pub home: Region,
    pub scenario: &'a ScenarioResult,
    rows: Vec<&'a CaseResult>,
}

impl<'a> CredentialView<'a> {
    /// Every credential of the scenario, in the order its rows first appear.
    pub fn all(scenario: &'a ScenarioResult) -> Vec<CredentialView<'a>> {
        let mut views: Vec<CredentialView<'a>> = Vec::new();
        for case in &scenario.cases {
            match views.iter_mut().find(|view| view.name == case.auth.name) {
                Some(view) => view.rows.push(case),
                None => views.push(CredentialView {
                    name: &case.auth.name,
                    mode: case.auth.mode,
                    app_id: case.auth.app_id.as_deref(),
                    kid: case.auth.kid.as_deref(),
                    home: scenario.target.region,
                    scenario,
                    rows: vec![case],
                }),
            }
        }
        views
    }

    /// Every row of the credential.
    pub fn rows(&self) -> impl Iterator<Item = &'a CaseResult> + '_ {
        self.rows.iter().copied()
    }

    /// Rows in the scenario's region (its own and the follow-ups there).
    pub fn home_rows(&self) -> impl Iterator<Item = &'a CaseResult> + '_ {
        self.rows().filter(|case| case.region == self.home)
    }

    /// The scenario's own rows: what the user asked for.
    pub fn own_rows(&self) -> impl Iterator<Item = &'a CaseResult> + '_ {
        self.home_rows().filter(|case| case.follow_up.is_none())
    }

    /// The runner's rows in the other region.
    pub fn other_region_rows(&self) -> impl Iterator<Item = &'a CaseResult> + '_ {
        self.rows().filter(|case| {
            case.region != self.home
                && case
                    .follow_up
                    .as_ref()
                    .is_some_and(|follow_up| follow_up.reason == FollowUpReason::OtherRegion)
        })
    }

    /// Rows in the scenario's region that sent no scope (jwt): the baseline of a scoped row.
    pub fn no_scope_rows(&self) -> impl Iterator<Item = &'a CaseResult> + '_ {
        self.home_rows().filter(|case| case.scope.is_none())
    }

    /// Every probe of the home rows.
    pub fn home_probes(&self) -> impl Iterator<Item = Row<'a>> + '_ {
        self.home_rows()
            .flat_map(|case| case.probes.iter().map(move |probe| (case, probe)))
    }

    /// The user's probes (not survey reads) of the own rows, token requests included; without those a
    /// self-hosted Studio does not serve as OpenAPI (they are [`CredentialView::studio_web_probes`]).
    pub fn relevant_probes(&self) -> impl Iterator<Item = Row<'a>> + '_ {
        self.own_rows().flat_map(|case| {
            case.probes
                .iter()
                .filter(|probe| !probe.survey && !on_studio_web_path(probe))
                .map(move |probe| (case, probe))
        })
    }

    /// The user's operations that a self-hosted Studio answered as web paths (its login-cookie failure),
    /// or that were not sent because it does not serve them as OpenAPI.
    pub fn studio_web_probes(&self) -> impl Iterator<Item = Row<'a>> + '_ {
        self.own_rows().flat_map(|case| {
            case.probes
                .iter()
                .filter(|probe| {
                    !probe.survey && probe.probe != ProbeKind::Token && on_studio_web_path(probe)
                })
                .map(move |probe| (case, probe))
        })
    }

    /// The survey reads of the own rows.
    pub fn survey_probes(&self) -> impl Iterator<Item = Row<'a>> + '_ {
        self.own_rows().flat_map(|case| {
            case.probes
                .iter()
                .filter(|probe| probe.survey)
                .map(move |probe| (case, probe))
        })
    }

    /// How the credential fared at authentication in `region`.
    pub fn auth_state(&self, region: Region) -> AuthState<'a> {
        let rows: Vec<&'a CaseResult> = self.rows().filter(|case| case.region == region).collect();
        auth_state_of(self.mode, &rows)
    }

    /// Requests its rows sent, follow-ups and retries included.
    pub fn requests(&self) -> u32 {
        self.rows()
            .flat_map(|case| &case.probes)
            .map(ProbeResult::requests_sent)
            .fold(0, u32::saturating_add)
    }
}

/// Authentication judged by the token request (jwt) or `whoami`, not by any 4100: a 4100 on one endpoint
/// while others answer is about that endpoint.
fn auth_state_of<'a>(mode: AuthMode, rows: &[&'a CaseResult]) -> AuthState<'a> {
    // A self-hosted Studio's login-cookie failure answers a web path, where the credential is not read.
    let probes = || {
        rows.iter()
            .flat_map(|case| case.probes.iter().map(move |probe| (*case, probe)))
            .filter(|(_, probe)| {
                !probe
                    .studio_signs
                    .iter()
                    .any(|sign| sign.is_cookie_failure())
            })
    };
    let past_auth = |probe: &ProbeResult| {
        matches!(probe.outcome, Outcome::Ok | Outcome::DeniedPermission)
            && probe.probe != ProbeKind::Token
    };
    if mode == AuthMode::Jwt {
        let tokens = || probes().filter(|(_, probe)| probe.probe == ProbeKind::Token);
        if let Some(row) = tokens().find(|(_, probe)| probe.outcome == Outcome::Ok) {
            return AuthState::Authenticated(row);
        }
        if let Some(row) = tokens().find(|(_, probe)| probe.outcome == Outcome::DeniedAuth) {
            return AuthState::Rejected(row, AuthFailure::of(row.1));
        }
        // A scoped token request refused as a bad request says nothing about the credential itself.
        return AuthState::Unknown;
    }
    let whoami_ok = probes()
        .find(|(_, probe)| probe.probe == ProbeKind::Whoami && probe.outcome == Outcome::Ok);
    if let Some(row) = whoami_ok.or_else(|| probes().find(|(_, probe)| past_auth(probe))) {
        return AuthState::Authenticated(row);
    }
    let refused = probes()
        .find(|(_, probe)| probe.probe == ProbeKind::Whoami && probe.outcome == Outcome::DeniedAuth)
        .or_else(|| probes().find(|(_, probe)| probe.outcome == Outcome::DeniedAuth));
    match refused {
        Some(row) => AuthState::Rejected(row, AuthFailure::of(row.1)),
        None => AuthState::Unknown,
    }
}

/// A request a self-hosted Studio answered as a web path (its login-cookie failure), or that was not sent
/// because it does not serve the path as OpenAPI: it says nothing about the credential.
pub fn on_studio_web_path(probe: &ProbeResult) -> bool {
    probe.reason == Some(crate::runner::Reason::NotOnStudio)
        || probe
            .studio_signs
            .iter()
            .any(|sign| sign.is_cookie_failure())
}
