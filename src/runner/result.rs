//! What a run produced, as plain data: the facts every report format reads. Nothing here formats text.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::AuthMode;
use crate::coze::catalogue::Effect;
use crate::coze::region::Region;
use crate::coze::request::ProbeRequest;
use crate::coze::studio::{StudioFacts, StudioSign};
use crate::outcome::Outcome;
use crate::probe::{ChatIds, ProbeKind};

/// The result of running a whole plan.
#[derive(Debug, Serialize)]
pub struct RunResult {
    pub tool_version: String,
    /// The git commit cozescope was built from, or `unknown`.
    pub tool_commit: String,
    /// The run was interrupted: probes not yet started are `skipped` with reason "interrupted".
    pub interrupted: bool,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub scenarios: Vec<ScenarioResult>,
}

/// Where a scenario's requests went.
///
/// A self-hosted Coze Studio has no region: its reports write `region: null` and `studio` with what its
/// answers showed, while `region` keeps the scenario's (the rows' home) for the diagnosis.
#[derive(Debug, Clone, Deserialize)]
pub struct TargetInfo {
    pub base_url: String,
    #[serde(deserialize_with = "region_or_null")]
    pub region: Region,
    /// True when the target is the embedded sandbox rather than the real service.
    pub sandbox: bool,
    /// Set when the answers came from a self-hosted Coze Studio.
    #[serde(default)]
    pub studio: Option<StudioFacts>,
    /// A base URL of no known region (`--target URL`): there is no other region to ask.
    #[serde(default)]
    pub region_unknown: bool,
}

impl Serialize for TargetInfo {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut target = serializer.serialize_struct("TargetInfo", 5)?;
        target.serialize_field("base_url", &self.base_url)?;
        target.serialize_field("region", &self.studio.is_none().then_some(self.region))?;
        target.serialize_field("sandbox", &self.sandbox)?;
        match &self.studio {
            Some(studio) => target.serialize_field("studio", studio)?,
            None => target.skip_field("studio")?,
        }
        if self.region_unknown {
            target.serialize_field("region_unknown", &true)?;
        } else {
            target.skip_field("region_unknown")?;
        }
        target.end()
    }
}

/// A report's `target.region`: a region, or `null` for a self-hosted Studio (read as the default).
fn region_or_null<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Region, D::Error> {
    Ok(Option::<Region>::deserialize(deserializer)?.unwrap_or_default())
}

/// The result of one scenario file.
#[derive(Debug, Serialize)]
pub struct ScenarioResult {
    pub file: PathBuf,
    pub sha256: String,
    pub title: Option<String>,
    pub target: TargetInfo,
    pub started_at: DateTime<Utc>,
    pub cases: Vec<CaseResult>,
    /// Requests an earlier pass spent before these cases ran: the doctor's try on api.coze.cn before it
    /// diagnosed coze.com credentials on api.coze.com. Counted in every total.
    #[serde(skip)]
    pub earlier_requests: u32,
}

/// The credential a case used, without its secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthInfo {
    pub name: String,
    pub mode: AuthMode,
    /// The OAuth app id (jwt).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// The public key id (jwt).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// The fingerprint of the configured private key's public half (jwt; not a secret): the kid it should
    /// have, as the sandbox computes fingerprints (the console's algorithm is INFERRED).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_fingerprint: Option<String>,
    /// What the bearer token is by its prefix (`pat`, `sat`, `bearer`), for token credentials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_kind: Option<TokenKind>,
}

/// A bearer token's kind, by its prefix (not a secret).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// `pat_…`: a personal access token.
    Pat,
    /// `sat_…`: a service access token.
    Sat,
    /// Anything else (an OAuth access token, say).
    Bearer,
}

impl TokenKind {
    pub fn of(token: &str) -> TokenKind {
        if token.starts_with("pat_") {
            TokenKind::Pat
        } else if token.starts_with("sat_") {
            TokenKind::Sat
        } else {
            TokenKind::Bearer
        }
    }
}

/// The decoded assertion of a JWT case (never the signature).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JwtFacts {
    pub header: serde_json::Value,
    pub claims: serde_json::Value,
}

/// Why the runner added a case that the scenario did not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpReason {
    /// A JWT case was denied with a scope: the same credential and probes, with no `scope` key.
    NoScope,
    /// A credential was rejected for authentication: the same case against the other region.
    OtherRegion,
    /// An operation was denied (4101) in a workspace: a read there, and the same operation in another
    /// workspace, tell a missing permission from a workspace the credential is not bound to.
    Binding,
    /// A bot or workflow id was denied or not found: the lists of the workspaces the credential is bound
    /// to say where it is (or is not), whether it is published, and which real id a rounded one was.
    Resource,
}

/// Marks a case the runner added to prove or rule out a cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// The name of the case that prompted it.
    pub of: String,
    pub reason: FollowUpReason,
}

/// The result of one case.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseResult {
    pub name: String,
    pub file: PathBuf,
    /// The region whose service answered (differs from the scenario's for an `other_region` follow-up).
    pub region: Region,
    /// Set when the runner added this case automatically.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUp>,
    pub auth: AuthInfo,
    /// The permission list sent, or `None` when no `scope` key was sent.
    pub scope: Option<Vec<String>>,
    /// The whole scope object sent, when the scenario gave one (`scope_json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_object: Option<crate::coze::wire::Scope>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jwt: Option<JwtFacts>,
    pub probes: Vec<ProbeResult>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub expect: BTreeMap<ProbeKind, Outcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The facts of one answer from the service, as sent: what every writer shows beside the outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub http_status: Option<u16>,
    /// The envelope `code`.
    pub code: Option<i64>,
    /// The OAuth `error_code`.
    pub error_code: Option<String>,
    /// The message as sent (`msg`, `error_message`, or the start of a non-JSON body).
    pub message: Option<String>,
    pub logid: Option<String>,
}

impl Answer {
    /// The code a reader looks for: the business code, else the OAuth `error_code`, else `HTTP <status>`.
    pub fn code_label(&self) -> Option<String> {
        self.code
            .map(|code| code.to_string())
            .or_else(|| self.error_code.clone())
            .or_else(|| self.http_status.map(|status| format!("HTTP {status}")))
    }
}

/// Why a probe has no answer, or was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// It would change or spend something on a real target, and side effects were not allowed.
    SideEffect(Effect),
    /// The run's request budget (`--max-requests`) was used up before this request.
    BudgetUsedUp(u32),
    /// The run was interrupted before the probe started.
    Interrupted,
    /// The run was interrupted and the request in flight got no answer within the grace period.
    InterruptedInFlight,
    /// The credential's token request failed, so there was no bearer to send.
    NoAccessToken,
    /// A chat-polling probe with no chat before it in the case (none listed, or it did not succeed).
    NoChat,
    /// A chat-polling probe whose chat was held back for consent: polling needs `--yes` too.
    ChatHeldBack,
    /// The credential was refused (`whoami` answered that it is not accepted): nothing else it sends can
    /// test anything.
    Refused,
    /// The assertion could not be signed.
    SigningFailed(String),
    /// No HTTP answer: the transport failed (refused, timed out, reset, …).
    Transport(String),
    /// The target is a self-hosted Coze Studio, which does not serve this path as OpenAPI (it is a web
    /// API behind its login cookie, or does not exist there): the request could test nothing.
    NotOnStudio,
    /// A reason as a report recorded it, read back (by `diff`): the text the report shows.
    Recorded(String),
}

impl Reason {
    /// Texts that came from outside (a transport error, a key error), for redaction.
    fn text_mut(&mut self) -> Option<&mut String> {
        match self {
            Reason::SigningFailed(text) | Reason::Transport(text) | Reason::Recorded(text) => {
                Some(text)
            }
            _ => None,
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::SideEffect(effect) => {
                let what = match effect {
                    Effect::SpendsQuota => {
                        "it spends quota (a model or workflow run) on the real service"
                    }
                    _ => "it would change something on the real service",
                };
                write!(
                    f,
                    "not sent: {what}; pass --yes or set allow_side_effects = true"
                )
            }
            Reason::BudgetUsedUp(budget) => write!(
                f,
                "not sent: the run's request budget ({budget}, --max-requests or max_requests) was used up"
            ),
            Reason::Interrupted => f.write_str("interrupted before this probe started"),
            Reason::InterruptedInFlight => write!(
                f,
                "interrupted: no response within {}s",
                super::GRACE.as_secs()
            ),
            Reason::NoAccessToken => f.write_str("no access token: the token request failed"),
            Reason::NoChat => f.write_str(
                "not sent: no chat to poll (the chat before it did not succeed, or the case has none)",
            ),
            Reason::ChatHeldBack => f.write_str(
                "not sent: it polls the chat, which was held back because it spends quota; pass --yes to test it",
            ),
            Reason::Refused => f.write_str(
                "not sent: whoami refused the token, so this request could test nothing",
            ),
            Reason::NotOnStudio => f.write_str(
                "not sent: the target is a self-hosted Coze Studio, which does not serve this path as OpenAPI (a PAT cannot call it there)",
            ),
            Reason::SigningFailed(text) | Reason::Transport(text) | Reason::Recorded(text) => {
                f.write_str(text)
            }
        }
    }
}

impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A report holds a reason as its text, which is all that can be read back.
impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Reason::Recorded)
    }
}

/// A bot or workflow a list returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    pub id: String,
    /// Whether it is published (bots: `is_published`), when the list says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<bool>,
}

/// The result of one probe: the class and the raw facts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProbeResult {
    pub probe: ProbeKind,
    /// The workspace a workspace-level probe addressed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace: Option<String>,
    pub outcome: Outcome,
    #[serde(flatten)]
    pub answer: Answer,
    pub started_at: DateTime<Utc>,
    pub duration_ms: u64,
    /// The request as sent (headers are not recorded: the only one that matters is the secret bearer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<ProbeRequest>,
    /// The server's `Date` header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_date: Option<String>,
    /// Why the probe was skipped or could not get a response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// The id of a bot this probe created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_bot_id: Option<String>,
    /// The workspace ids a successful `list_workspaces` returned: what the credential can see.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspaces_seen: Option<Vec<String>>,
    /// The token's user, from a successful `whoami`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id_seen: Option<String>,
    /// The bot's owner, from a successful `retrieve_bot`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_seen: Option<String>,
    /// The bots or workflows a successful list returned (every page read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listed: Option<Vec<Listed>>,
    /// Whether `listed` is the whole list (its last page was read).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub listed_complete: bool,
    /// Requests for the further pages of a list, before its final one.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pages: u32,
    /// A survey read of the scenario (`survey = [...]`): context for the diagnosis, never its cause.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub survey: bool,
    /// When the issued access token expires (`expires_in` is an absolute Unix time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_expires_at: Option<DateTime<Utc>>,
    /// The chat a successful `chat` made, or its state after `retrieve_chat`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat: Option<ChatState>,
    /// Requests `retrieve_chat` sent before its final one while the chat was in progress.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub polls: u32,
    /// Earlier attempts that failed and were retried, oldest first (each with its own logid).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attempts: Vec<Attempt>,
    /// The marks of a self-hosted Coze Studio in the answer (gathered into the target's facts).
    #[serde(skip)]
    pub studio_signs: Vec<StudioSign>,
}

impl ProbeResult {
    /// Rewrites the free-text fields a server or a transport error produced: the message, logid and reason
    /// of the answer and of every earlier attempt.
    pub fn map_texts(&mut self, rewrite: impl Fn(&str) -> String) {
        let attempts = self
            .attempts
            .iter_mut()
            .map(|attempt| (&mut attempt.answer, &mut attempt.reason));
        for (answer, reason) in
            std::iter::once((&mut self.answer, &mut self.reason)).chain(attempts)
        {
            let reason = reason.as_mut().and_then(Reason::text_mut);
            // A logid is the server's text too: a proxy may echo anything in `x-tt-logid`.
            for text in answer
                .message
                .iter_mut()
                .chain(answer.logid.iter_mut())
                .chain(reason)
            {
                *text = rewrite(text);
            }
        }
    }

    /// A result with no response facts: what a probe is before an answer fills it in, or when it gets none.
    pub fn unanswered(
        probe: ProbeKind,
        outcome: Outcome,
        request: ProbeRequest,
        started_at: DateTime<Utc>,
    ) -> ProbeResult {
        ProbeResult {
            probe,
            workspace: None,
            outcome,
            answer: Answer::default(),
            started_at,
            duration_ms: 0,
            request: Some(request),
            server_date: None,
            reason: None,
            created_bot_id: None,
            workspaces_seen: None,
            user_id_seen: None,
            owner_seen: None,
            listed: None,
            survey: false,
            token_expires_at: None,
            chat: None,
            polls: 0,
            listed_complete: false,
            pages: 0,
            attempts: Vec::new(),
            studio_signs: Vec::new(),
        }
    }

    /// Whether the probe was held back for lack of consent to side effects: it tested nothing.
    pub fn held_back(&self) -> bool {
        matches!(self.reason, Some(Reason::SideEffect(_)))
    }

    /// Whether the final attempt went on the wire (skipped probes and failed signing did not).
    pub fn was_sent(&self) -> bool {
        self.outcome != Outcome::Skipped && !matches!(self.reason, Some(Reason::SigningFailed(_)))
    }

    /// Requests this probe sent: its polls or further pages, its retried attempts and its final one.
    pub fn requests_sent(&self) -> u32 {
        let attempts = u32::try_from(self.attempts.len()).unwrap_or(u32::MAX);
        self.polls
            .saturating_add(self.pages)
            .saturating_add(attempts)
            .saturating_add(u32::from(self.was_sent()))
    }

    /// The answer's message, else why there is none.
    pub fn message_or_reason(&self) -> Option<String> {
        self.answer
            .message
            .clone()
            .or_else(|| self.reason.as_ref().map(Reason::to_string))
    }
}

/// A chat as the service described it: its ids and status (`in_progress`, `completed`, `failed`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatState {
    #[serde(flatten)]
    pub ids: ChatIds,
    pub status: String,
}

impl ChatState {
    /// Whether the service is still working on it (`created` or `in_progress`): the SDKs keep polling.
    pub fn in_progress(&self) -> bool {
        matches!(self.status.as_str(), "created" | "in_progress")
    }
}

fn is_zero(count: &u32) -> bool {
    *count == 0
}

/// A failed attempt that was retried.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Attempt {
    pub outcome: Outcome,
    #[serde(flatten)]
    pub answer: Answer,
    pub started_at: DateTime<Utc>,
    pub duration_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
}

impl From<&ProbeResult> for Attempt {
    fn from(result: &ProbeResult) -> Attempt {
        Attempt {
            outcome: result.outcome,
            answer: result.answer.clone(),
            started_at: result.started_at,
            duration_ms: result.duration_ms,
            reason: result.reason.clone(),
        }
    }
}

/// An `expect` that did not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mismatch {
    pub probe: ProbeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace: Option<String>,
    pub expected: Outcome,
    pub actual: Outcome,
}

impl CaseResult {
    /// The probe result of `kind`, if the case ran it.
    pub fn probe(&self, kind: ProbeKind) -> Option<&ProbeResult> {
        self.probes.iter().find(|probe| probe.probe == kind)
    }

    /// Whether any probe of this case has `outcome`.
    pub fn any(&self, outcome: Outcome) -> bool {
        self.probes.iter().any(|probe| probe.outcome == outcome)
    }

    /// Every `expect` that the outcomes contradict (an `expect` holds for every workspace a probe ran in).
    /// A probe held back by the side-effect policy was not tested, so it contradicts nothing (the report
    /// says why it was not sent).
    pub fn mismatches(&self) -> Vec<Mismatch> {
        let mut mismatches = Vec::new();
        for (kind, expected) in &self.expect {
            let mut ran = self
                .probes
                .iter()
                .filter(|probe| probe.probe == *kind)
                .peekable();
            if ran.peek().is_none() {
                if *expected != Outcome::Skipped {
                    mismatches.push(Mismatch {
                        probe: *kind,
                        workspace: None,
                        expected: *expected,
                        actual: Outcome::Skipped,
                    });
                }
                continue;
            }
            for probe in ran.filter(|probe| !probe.held_back() && probe.outcome != *expected) {
                mismatches.push(Mismatch {
                    probe: *kind,
                    workspace: probe.workspace.clone(),
                    expected: *expected,
                    actual: probe.outcome,
                });
            }
        }
        mismatches
    }

    /// The failure whose error explains the row (its code and logid go into a support ticket): the first
    /// operation asked about that did not succeed, else the first survey read that did not.
    pub fn first_failure(&self) -> Option<&ProbeResult> {
        let failed = || {
            self.probes
                .iter()
                .filter(|probe| !matches!(probe.outcome, Outcome::Ok | Outcome::Skipped))
        };
        failed()
            .find(|probe| !probe.survey)
            .or_else(|| failed().next())
    }
}

/// How many requests a scenario sent: what a free account's 500-call budget is spent on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestStats {
    /// Every request sent, retries included.
    pub requests: u32,
    /// Of which retries.
    pub retries: u32,
    /// Requests per endpoint (`GET /v1/bots`), retries included.
    pub by_endpoint: BTreeMap<String, u32>,
}

impl RequestStats {
    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: &RequestStats) {
        self.requests += other.requests;
        self.retries += other.retries;
        for (endpoint, count) in &other.by_endpoint {
            *self.by_endpoint.entry(endpoint.clone()).or_default() += count;
        }
    }
}

impl ScenarioResult {
    /// The requests this scenario's probes sent.
    pub fn request_stats(&self) -> RequestStats {
        let mut stats = RequestStats {
            requests: self.earlier_requests,
            ..RequestStats::default()
        };
        for probe in self.cases.iter().flat_map(|case| &case.probes) {
            let sent = probe.requests_sent();
            if sent == 0 {
                continue;
            }
            let endpoint = probe.probe.operation().endpoint();
            stats.requests += sent;
            stats.retries += u32::try_from(probe.attempts.len()).unwrap_or(u32::MAX);
            *stats.by_endpoint.entry(endpoint).or_default() += sent;
        }
        stats
    }
}

impl RunResult {
    /// The requests the whole run sent.
    pub fn request_stats(&self) -> RequestStats {
        let mut stats = RequestStats::default();
        for scenario in &self.scenarios {
            stats.add(&scenario.request_stats());
        }
        stats
    }

    /// Rewrites every free-text field a server or a transport error produced (messages, reasons), so that
    /// the output boundary can mask secrets before any writer cuts or escapes the text.
    pub fn map_texts(&mut self, rewrite: impl Fn(&str) -> String) {
        for probe in self
            .scenarios
            .iter_mut()
            .flat_map(|scenario| &mut scenario.cases)
            .flat_map(|case| &mut case.probes)
        {
            probe.map_texts(&rewrite);
        }
    }

    pub fn cases(&self) -> impl Iterator<Item = &CaseResult> {
        self.scenarios.iter().flat_map(|scenario| &scenario.cases)
    }

    /// Whether every probe that was attempted failed to reach the target.
    pub fn target_unreachable(&self) -> bool {
        let mut attempted = self
            .cases()
            .flat_map(|case| &case.probes)
            .filter(|probe| probe.outcome != Outcome::Skipped)
            .peekable();
        attempted.peek().is_some() && attempted.all(|probe| probe.outcome == Outcome::NetworkError)
    }
}
