//! A verdict: what one credential's rows say, as typed data. The cause (or healthy), whether the rows
//! prove it, the rows and logids that do, the alternatives ruled out and by what, the credential's other
//! causes, the notes about survey reads, and the requests it took. Writers turn it into sentences through
//! [`super::wording`]; nothing here is prose.

use serde::Serialize;

use super::hypothesis::Hypothesis;
use crate::auth::AuthMode;
pub use crate::auth::kid::KidShape;
use crate::coze::region::Region;
pub use crate::coze::studio::{StudioRefusal, StudioRelease};
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
use crate::runner::{CaseResult, ProbeResult, Reason};

/// A row a verdict cites: one probe of one case, with what it answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cited {
    pub case: String,
    pub probe: ProbeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace: Option<String>,
    pub region: Region,
    pub outcome: Outcome,
    /// The business code, else the OAuth `error_code`, else `HTTP n`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logid: Option<String>,
    /// The service's message, when it failed.
    #[serde(skip)]
    pub message: Option<String>,
}

impl Cited {
    pub fn of(case: &CaseResult, probe: &ProbeResult) -> Cited {
        Cited {
            case: case.name.clone(),
            probe: probe.probe,
            workspace: probe.workspace.clone(),
            region: case.region,
            outcome: probe.outcome,
            code: probe.answer.code_label(),
            logid: probe.answer.logid.clone(),
            message: (probe.outcome != Outcome::Ok)
                .then(|| probe.answer.message.clone())
                .flatten(),
        }
    }
}

/// Where a denied operation was denied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Place {
    /// An account-level operation: no workspace to bind.
    Account,
    /// A workspace.
    Workspace { id: String },
    /// A resource named by the service (`bot_id=…`, `workflow_id=…`).
    Resource { key: String, id: String },
}

/// What a failed operation was, for the sentences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operation {
    pub probe: ProbeKind,
    /// The permission named by the service, else the one the catalogue says the operation needs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permission: Option<String>,
    pub place: Place,
}

/// How a region mismatch showed itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionSign {
    /// The credential was rejected for authentication.
    Rejected,
    /// A personal token found nothing (4200) and never got past authentication: the service looks the
    /// resource up before it checks the token.
    FoundNothing,
}

/// What a self-hosted Coze Studio cannot do for the credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum StudioProblem {
    /// A JWT OAuth app: Studio issues no OAuth access tokens.
    NoJwtFlow,
    /// Every operation asked is a web API there (behind its login cookie), not OpenAPI.
    WebPathsOnly { probes: Vec<ProbeKind> },
}

/// A resource kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    Bot,
    Workflow,
}

/// A cause and the facts its sentences need. Adding a hypothesis adds a variant here, a decision in
/// `decide/`, and a sentence pair in `wording`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    Unreachable {
        /// The base URL every request went to.
        base_url: String,
        /// What the first request failed with (the transport's words).
        error: String,
    },
    EndpointNotFound {
        /// `METHOD URL` of the first such request.
        request: String,
        /// The path of the base URL, when it has one.
        base_path: Option<String>,
        /// The answer was not JSON at all (an HTML page), rather than the service's own "does not exist".
        not_api: bool,
    },
    SelfHostedStudio {
        /// The releases its answers point at, when they tell.
        release: Option<StudioRelease>,
        problem: StudioProblem,
    },
    WrongRegion {
        here: Region,
        /// The base URL that refused it, when it is of no known region (`--target URL`).
        url_target: Option<String>,
        sign: RegionSign,
        /// An operation denied (4101) in the other region after it authenticated there: ids are per region.
        denied_there: Option<ProbeKind>,
    },
    KidNotFingerprint {
        shape: KidShape,
    },
    KeyNotRegistered {
        app: String,
        kid: String,
        /// The service knows the kid but the signature does not verify.
        signature: bool,
        /// The fingerprint of the public half of the configured private key, when it differs from the kid
        /// (the console's fingerprint algorithm is INFERRED).
        key_fingerprint: Option<String>,
    },
    CredentialRejected {
        mode: AuthMode,
        /// `verify jwt empty error`: no JWT reached the service.
        empty_jwt: bool,
        /// A self-hosted Coze Studio's reason for refusing a PAT.
        studio: Option<StudioRefusal>,
    },
    ChannelApp {
        app: String,
    },
    AppDeactivated {
        app: String,
    },
    AudienceMismatch {
        sent: String,
        expected: String,
    },
    ClockSkew {
        /// Local minus service time, in seconds, when the `Date` headers show it.
        skew_seconds: Option<i64>,
    },
    JtiReplayed,
    ScopeNameRejected {
        /// Every name the rejected scopes sent.
        sent: Vec<String>,
        /// Names no documented list knows: the suspects.
        suspects: Vec<String>,
        /// Permissions the operations need that no documented scope name grants.
        ungrantable: Vec<&'static str>,
    },
    ScopeNarrowed {
        operation: Operation,
        scope: Vec<String>,
        /// What the scope's documented names grant.
        granted: Vec<&'static str>,
        /// Documented scope names that grant the permission.
        grant_names: Vec<&'static str>,
    },
    WorkspaceNotBound {
        operation: Operation,
        workspace: String,
    },
    PermissionNotConfigured {
        operation: Operation,
        /// Also absent from the credential's `list_workspaces` answer: granting alone is not enough there.
        also_unbound: bool,
        /// Bound and permitted, yet denied: nothing explains it (support, with the logids).
        contradiction: bool,
    },
    NotOwner {
        operation: Operation,
        bot: String,
        owner: Option<String>,
        user: Option<String>,
        /// A self-hosted Studio said so (`agent not own`): it serves an agent only to its creator.
        on_studio: bool,
    },
    ChatPollingDenied {
        operation: Operation,
    },
    ResourceElsewhere {
        operation: Operation,
        kind: ResourceKind,
        id: String,
        /// The bound workspaces whose lists were read and do not hold the id.
        searched: Vec<String>,
    },
    NotPublished {
        kind: ResourceKind,
        id: Option<String>,
        /// A self-hosted Coze Studio answered: it is published in Studio's web UI.
        on_studio: bool,
        /// Known from the credential's own list (`is_published: false`), before any call failed for it.
        listed: bool,
    },
    IdRounded {
        ids: Vec<String>,
        /// The listed id whose nearest double is the given one.
        real: Option<String>,
    },
    RequestInvalid {
        probe: ProbeKind,
    },
    QuotaExhausted {
        codes: Vec<String>,
    },
    RateLimited {
        codes: Vec<String>,
    },
    ServerError {
        codes: Vec<String>,
        /// A self-hosted Studio failed: its operator, not Coze support, has the logs.
        on_studio: bool,
    },
}

impl Detail {
    /// A permission missing from the credential, and nothing more to say about the binding.
    pub fn not_configured(operation: Operation) -> Detail {
        Detail::PermissionNotConfigured {
            operation,
            also_unbound: false,
            contradiction: false,
        }
    }

    /// The operation the cause is about, when it is about one.
    pub fn probe(&self) -> Option<ProbeKind> {
        match self {
            Detail::ScopeNarrowed { operation, .. }
            | Detail::WorkspaceNotBound { operation, .. }
            | Detail::PermissionNotConfigured { operation, .. }
            | Detail::NotOwner { operation, .. }
            | Detail::ChatPollingDenied { operation }
            | Detail::ResourceElsewhere { operation, .. } => Some(operation.probe),
            Detail::RequestInvalid { probe } => Some(*probe),
            _ => None,
        }
    }

    pub fn hypothesis(&self) -> Hypothesis {
        match self {
            Detail::Unreachable { .. } => Hypothesis::Unreachable,
            Detail::EndpointNotFound { .. } => Hypothesis::EndpointNotFound,
            Detail::SelfHostedStudio { .. } => Hypothesis::SelfHostedStudio,
            Detail::WrongRegion { .. } => Hypothesis::WrongRegion,
            Detail::KidNotFingerprint { .. } => Hypothesis::KidNotFingerprint,
            Detail::KeyNotRegistered { .. } => Hypothesis::KeyNotRegistered,
            Detail::CredentialRejected { .. } => Hypothesis::CredentialRejected,
            Detail::ChannelApp { .. } => Hypothesis::ChannelApp,
            Detail::AppDeactivated { .. } => Hypothesis::AppDeactivated,
            Detail::AudienceMismatch { .. } => Hypothesis::AudienceMismatch,
            Detail::ClockSkew { .. } => Hypothesis::ClockSkew,
            Detail::JtiReplayed => Hypothesis::JtiReplayed,
            Detail::ScopeNameRejected { .. } => Hypothesis::ScopeNameRejected,
            Detail::ScopeNarrowed { .. } => Hypothesis::ScopeNarrowed,
            Detail::WorkspaceNotBound { .. } => Hypothesis::WorkspaceNotBound,
            Detail::PermissionNotConfigured { .. } => Hypothesis::PermissionNotConfigured,
            Detail::NotOwner { .. } => Hypothesis::NotOwner,
            Detail::ChatPollingDenied { .. } => Hypothesis::ChatPollingDenied,
            Detail::ResourceElsewhere { .. } => Hypothesis::ResourceElsewhere,
            Detail::NotPublished { .. } => Hypothesis::NotPublished,
            Detail::IdRounded { .. } => Hypothesis::IdRounded,
            Detail::RequestInvalid { .. } => Hypothesis::RequestInvalid,
            Detail::QuotaExhausted { .. } => Hypothesis::QuotaExhausted,
            Detail::RateLimited { .. } => Hypothesis::RateLimited,
            Detail::ServerError { .. } => Hypothesis::ServerError,
        }
    }
}

/// One cause of a credential's failures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    pub detail: Detail,
    /// Whether the rows (or an offline fact) prove it.
    pub proved: bool,
    /// The rows that show it: the failure first, then what proves it.
    pub evidence: Vec<Cited>,
    /// When not proved: the probe that would prove it.
    pub would_prove: Option<Proof>,
}

impl Cause {
    pub fn new(detail: Detail, proved: bool, evidence: Vec<Cited>) -> Cause {
        Cause {
            detail,
            proved,
            evidence,
            would_prove: None,
        }
    }

    pub fn hypothesis(&self) -> Hypothesis {
        self.detail.hypothesis()
    }

    pub fn proved_by(mut self, row: Cited) -> Cause {
        self.push_evidence(row);
        self
    }

    pub fn push_evidence(&mut self, row: Cited) {
        if !self.evidence.contains(&row) {
            self.evidence.push(row);
        }
    }

    pub fn unproved(mut self, would_prove: Proof) -> Cause {
        self.proved = false;
        self.would_prove = Some(would_prove);
        self
    }
}

/// What would prove an unproved cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Proof {
    /// The same credential in the other region (the token request, or `whoami`).
    OtherRegion,
    /// The same, run by hand: a base URL of no known region has no other region to ask.
    OtherRegionByHand,
    /// The same credential without a scope.
    NoScope,
    /// A read in the workspace, or the operation in another workspace.
    BindingProbes,
    /// The bound workspaces' bot or workflow lists.
    ResourceLists,
    /// The credential's console page (its permissions and workspaces).
    Console,
    /// `retrieve_bot` (its owner) and `whoami` (the token's user).
    Ownership,
}

/// What rules a hypothesis out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grounds {
    /// This credential authenticated there (its token was issued, or an operation got past authentication).
    Authenticated(Cited),
    /// This credential got past a self-hosted Studio's authentication (which has no region to name).
    AuthenticatedOnStudio(Cited),
    /// The other region refused it too.
    OtherRegionRefused(Cited),
    /// Offline: the kid is not a fingerprint at all.
    KidMalformed(KidShape),
    /// Offline: the kid has the fingerprint's form.
    KidWellFormed,
    /// The service named a reason that only a region that knows the app gives.
    ServiceKnowsApp(Cited),
    /// No scope was sent.
    NoScopeSent,
    /// The scope sent grants the permission.
    ScopeGrants { permission: String },
    /// Without a scope the same credential was denied too.
    BaselineDenied(Cited),
    /// Without a scope the same credential succeeded.
    BaselineSucceeded(Cited),
    /// A read in the workspace succeeded: the credential is bound there.
    BoundIn(Cited),
    /// The operation succeeded with this credential in another workspace.
    PermittedElsewhere(Cited),
    /// The operation is account-level: there is no workspace to bind.
    AccountLevel,
    /// An OAuth app or a service token: the permission point suffices, ownership is not checked.
    NotPersonalToken,
    /// The token's user owns the bot.
    OwnsTheBot(Cited),
    /// This credential found the resource.
    ResourceFound(Cited),
    /// The id is not of the form a double prints.
    IdIntact,
    /// The target answered as a self-hosted Coze Studio, which has no regions.
    SelfHostedStudio(Cited),
}

/// A hypothesis ruled out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuledOut {
    pub hypothesis: Hypothesis,
    pub by: Grounds,
}

/// Something worth knowing about a credential that is not a cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// Survey reads denied for a permission: context, to add only if the user calls them.
    NotConfigured {
        permissions: Vec<String>,
        probes: Vec<ProbeKind>,
    },
    /// Survey reads denied to a scoped token that the same credential without the scope may make: the
    /// scope's doing, not a missing permission.
    NarrowedByScope { probes: Vec<ProbeKind> },
    /// Survey reads denied in a workspace the credential is not bound to: the binding's doing.
    DeniedWhereUnbound {
        workspace: String,
        probes: Vec<ProbeKind>,
    },
    /// A survey read failed another way.
    SurveyFailed { row: Cited },
}

/// An operation the user asked about that tested nothing, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untested {
    pub probe: ProbeKind,
    pub reason: Option<Reason>,
}

/// One credential's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The `[auth.NAME]` name.
    pub credential: String,
    pub mode: AuthMode,
    /// The OAuth app id (jwt).
    pub app_id: Option<String>,
    /// Where it authenticated in this run.
    pub authenticated_in: Option<Region>,
    /// The causes, most fundamental first; empty: healthy.
    pub causes: Vec<Cause>,
    pub ruled_out: Vec<RuledOut>,
    pub notes: Vec<Note>,
    pub untested: Vec<Untested>,
    /// With no cause: the rows prove it healthy — it authenticated, and every operation asked about was
    /// answered (none held back, interrupted or left unsent). Without that, "healthy" is only "nothing
    /// failed".
    pub confirmed: bool,
    /// Requests this credential's rows sent, follow-ups and retries included.
    pub requests: u32,
}

impl Verdict {
    /// The cause the verdict names; `None`: healthy.
    pub fn cause(&self) -> Option<&Cause> {
        self.causes.first()
    }

    /// `healthy` or the cause's id.
    pub fn label(&self) -> &'static str {
        self.cause()
            .map_or("healthy", |cause| cause.hypothesis().id())
    }

    /// Whether the verdict is proved: a cause by its rows, healthy when it is confirmed.
    pub fn proved(&self) -> bool {
        self.cause().map_or(self.confirmed, |cause| cause.proved)
    }

    /// Records that `hypothesis` is ruled out by `by`, once per hypothesis, never for a cause it names.
    pub fn rule_out(&mut self, hypothesis: Hypothesis, by: Grounds) {
        if self
            .causes
            .iter()
            .any(|cause| cause.hypothesis() == hypothesis)
            || self
                .ruled_out
                .iter()
                .any(|known| known.hypothesis == hypothesis)
        {
            return;
        }
        self.ruled_out.push(RuledOut { hypothesis, by });
    }
}

impl Grounds {
    /// The row that rules the hypothesis out, when a row does (else an offline fact does).
    pub fn row(&self) -> Option<&Cited> {
        match self {
            Grounds::Authenticated(row)
            | Grounds::AuthenticatedOnStudio(row)
            | Grounds::OtherRegionRefused(row)
            | Grounds::ServiceKnowsApp(row)
            | Grounds::BaselineDenied(row)
            | Grounds::BaselineSucceeded(row)
            | Grounds::BoundIn(row)
            | Grounds::PermittedElsewhere(row)
            | Grounds::OwnsTheBot(row)
            | Grounds::ResourceFound(row)
            | Grounds::SelfHostedStudio(row) => Some(row),
            Grounds::KidMalformed(_)
            | Grounds::KidWellFormed
            | Grounds::NoScopeSent
            | Grounds::ScopeGrants { .. }
            | Grounds::AccountLevel
            | Grounds::NotPersonalToken
            | Grounds::IdIntact => None,
        }
    }
}
