//! Diagnosis as a Coze expert does it: for each credential, the hypotheses that could explain its rows,
//! each confirmed or ruled out by a row (or an offline fact), and one [`Verdict`]: the cause or healthy,
//! proved or not, with the alternatives it rules out. Survey reads are context, never the cause. The
//! decisions (`decide/`) produce typed data; the sentences, in English and Chinese, are all in
//! [`wording`]; the [`Finding`]s of the reports are derived from the verdicts.

mod clock;
mod credential;
mod decide;
mod evidence;
mod finding;
mod findings;
mod hypothesis;
mod matrix;
mod verdict;
pub mod wording;

pub use evidence::Denial;
pub use finding::{Finding, Severity};
pub use hypothesis::Hypothesis;
pub use matrix::{Cell, CellState, matrix};
pub use verdict::{
    Cause, Cited, Detail, Grounds, KidShape, Note, Operation, Place, Proof, RegionSign,
    ResourceKind, RuledOut, Untested, Verdict,
};

use crate::runner::ScenarioResult;

/// What the diagnosis says about one scenario.
#[derive(Debug, Clone)]
pub struct Diagnosis {
    /// One per credential, in the order the credentials first appear.
    pub verdicts: Vec<Verdict>,
    /// The report's findings: the run's warning, each verdict's causes, the notes.
    pub findings: Vec<Finding>,
}

/// The verdicts and findings of one scenario.
pub fn diagnose(scenario: &ScenarioResult) -> Diagnosis {
    let verdicts = decide::verdicts(scenario);
    let findings = findings::findings(scenario, &verdicts);
    Diagnosis { verdicts, findings }
}

/// The rule ids findings carry (stable: JSON consumers and `explain` use them).
pub mod ids {
    use super::Hypothesis;

    pub const ALL_AUTH_FAILED: &str = super::findings::ids::ALL_AUTH_FAILED;
    pub const UNREACHABLE: &str = Hypothesis::Unreachable.id_const();
    pub const ENDPOINT_NOT_FOUND: &str = Hypothesis::EndpointNotFound.id_const();
    pub const SELF_HOSTED_STUDIO: &str = Hypothesis::SelfHostedStudio.id_const();
    pub const WRONG_REGION: &str = Hypothesis::WrongRegion.id_const();
    pub const KID_NOT_FINGERPRINT: &str = Hypothesis::KidNotFingerprint.id_const();
    pub const KEY_NOT_REGISTERED: &str = Hypothesis::KeyNotRegistered.id_const();
    pub const CREDENTIAL_REJECTED: &str = Hypothesis::CredentialRejected.id_const();
    pub const CHANNEL_APP: &str = Hypothesis::ChannelApp.id_const();
    pub const APP_DEACTIVATED: &str = Hypothesis::AppDeactivated.id_const();
    pub const AUDIENCE_MISMATCH: &str = Hypothesis::AudienceMismatch.id_const();
    pub const CLOCK_SKEW: &str = Hypothesis::ClockSkew.id_const();
    pub const JTI_REPLAYED: &str = Hypothesis::JtiReplayed.id_const();
    pub const SCOPE_NAME_REJECTED: &str = Hypothesis::ScopeNameRejected.id_const();
    pub const SCOPE_NARROWED: &str = Hypothesis::ScopeNarrowed.id_const();
    pub const WORKSPACE_NOT_BOUND: &str = Hypothesis::WorkspaceNotBound.id_const();
    pub const PERMISSION_NOT_CONFIGURED: &str = Hypothesis::PermissionNotConfigured.id_const();
    pub const NOT_OWNER: &str = Hypothesis::NotOwner.id_const();
    pub const CHAT_POLLING_DENIED: &str = Hypothesis::ChatPollingDenied.id_const();
    pub const RESOURCE_ELSEWHERE: &str = Hypothesis::ResourceElsewhere.id_const();
    pub const NOT_PUBLISHED: &str = Hypothesis::NotPublished.id_const();
    pub const ID_ROUNDED: &str = Hypothesis::IdRounded.id_const();
    pub const REQUEST_INVALID: &str = Hypothesis::RequestInvalid.id_const();
    pub const QUOTA_EXHAUSTED: &str = Hypothesis::QuotaExhausted.id_const();
    pub const RATE_LIMITED: &str = Hypothesis::RateLimited.id_const();
    pub const SERVER_ERROR: &str = Hypothesis::ServerError.id_const();
}

/// Every rule id a finding can carry: the run's warning, then every hypothesis in the order of reasoning.
pub fn rule_ids() -> impl Iterator<Item = &'static str> {
    std::iter::once(ids::ALL_AUTH_FAILED).chain(Hypothesis::ALL.iter().map(|h| h.id()))
}
