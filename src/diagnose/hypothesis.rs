//! The hypotheses a Coze expert holds about a failing credential, in the order of reasoning: reach the
//! service, authenticate, authorise, find the resource, and what is no verdict on the credential at all
//! (quota, rate limit, server failure). Each has a stable id: the `rule` of findings and the `cause` of
//! verdicts in reports, and what `explain` cites.

use serde::Serialize;

/// One possible cause of a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hypothesis {
    /// No request got an answer (the network, DNS, a proxy, a base URL nobody serves): nothing is known
    /// of the credential yet.
    Unreachable,
    /// The base URL or the path is wrong: the answer is not the Coze API's.
    EndpointNotFound,
    /// The target is a self-hosted Coze Studio: no OAuth JWT flow, and only some paths are OpenAPI there.
    SelfHostedStudio,
    /// A credential of the other region (coze.cn vs coze.com).
    WrongRegion,
    /// The configured kid is not a public key fingerprint (a PEM body, a file name).
    KidNotFingerprint,
    /// The key pair or the client id belongs to another app (or the key was removed).
    KeyNotRegistered,
    /// The token is mistyped, revoked or expired (PATs last at most 30 days).
    CredentialRejected,
    /// A channel (渠道) app with no connector bound.
    ChannelApp,
    /// The OAuth app is deactivated by its owner.
    AppDeactivated,
    /// The JWT `aud` is not the API host.
    AudienceMismatch,
    /// The local clock and the service's disagree (`iat`/`exp`).
    ClockSkew,
    /// The assertion's `jti` was already used.
    JtiReplayed,
    /// The token request's scope holds a name the service does not accept.
    ScopeNameRejected,
    /// A scoped token lacks a permission the app has.
    ScopeNarrowed,
    /// The credential is not bound to the workspace.
    WorkspaceNotBound,
    /// The permission is not configured on the app or token.
    PermissionNotConfigured,
    /// A member's personal token editing a bot another account owns.
    NotOwner,
    /// The chat started but polling it (`getChat`, `listMessage`) is denied.
    ChatPollingDenied,
    /// The bot or workflow lives in a workspace or account the credential cannot reach.
    ResourceElsewhere,
    /// The bot or workflow is not published to the API connector.
    NotPublished,
    /// The id was parsed as a double on its way and lost its last digits.
    IdRounded,
    /// The service refused the request itself (a parameter), not the credential.
    RequestInvalid,
    /// The account is out of quota or balance.
    QuotaExhausted,
    /// The service throttled the requests.
    RateLimited,
    /// The service failed.
    ServerError,
}

impl Hypothesis {
    /// Every hypothesis, in the order of reasoning.
    pub const ALL: &'static [Hypothesis] = &[
        Hypothesis::Unreachable,
        Hypothesis::EndpointNotFound,
        Hypothesis::SelfHostedStudio,
        Hypothesis::WrongRegion,
        Hypothesis::KidNotFingerprint,
        Hypothesis::KeyNotRegistered,
        Hypothesis::CredentialRejected,
        Hypothesis::ChannelApp,
        Hypothesis::AppDeactivated,
        Hypothesis::AudienceMismatch,
        Hypothesis::ClockSkew,
        Hypothesis::JtiReplayed,
        Hypothesis::ScopeNameRejected,
        Hypothesis::ScopeNarrowed,
        Hypothesis::WorkspaceNotBound,
        Hypothesis::PermissionNotConfigured,
        Hypothesis::NotOwner,
        Hypothesis::ChatPollingDenied,
        Hypothesis::ResourceElsewhere,
        Hypothesis::NotPublished,
        Hypothesis::IdRounded,
        Hypothesis::RequestInvalid,
        Hypothesis::QuotaExhausted,
        Hypothesis::RateLimited,
        Hypothesis::ServerError,
    ];

    /// The stable id (snake_case), as findings, verdicts and `explain` spell it.
    pub fn id(self) -> &'static str {
        self.id_const()
    }

    /// [`Hypothesis::id`], usable in constants.
    pub const fn id_const(self) -> &'static str {
        match self {
            Hypothesis::Unreachable => "unreachable",
            Hypothesis::EndpointNotFound => "endpoint_not_found",
            Hypothesis::SelfHostedStudio => "self_hosted_studio",
            Hypothesis::WrongRegion => "wrong_region",
            Hypothesis::KidNotFingerprint => "kid_not_fingerprint",
            Hypothesis::KeyNotRegistered => "key_not_registered",
            Hypothesis::CredentialRejected => "credential_rejected",
            Hypothesis::ChannelApp => "channel_app",
            Hypothesis::AppDeactivated => "app_deactivated",
            Hypothesis::AudienceMismatch => "audience_mismatch",
            Hypothesis::ClockSkew => "clock_skew",
            Hypothesis::JtiReplayed => "jti_replayed",
            Hypothesis::ScopeNameRejected => "scope_name_rejected",
            Hypothesis::ScopeNarrowed => "scope_narrowed",
            Hypothesis::WorkspaceNotBound => "workspace_not_bound",
            Hypothesis::PermissionNotConfigured => "permission_not_configured",
            Hypothesis::NotOwner => "not_owner",
            Hypothesis::ChatPollingDenied => "chat_polling_denied",
            Hypothesis::ResourceElsewhere => "resource_elsewhere",
            Hypothesis::NotPublished => "not_published",
            Hypothesis::IdRounded => "id_rounded",
            Hypothesis::RequestInvalid => "request_invalid",
            Hypothesis::QuotaExhausted => "quota_exhausted",
            Hypothesis::RateLimited => "rate_limited",
            Hypothesis::ServerError => "server_error",
        }
    }
}

impl std::fmt::Display for Hypothesis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_serialise_as_written() {
        let mut ids: Vec<&str> = Hypothesis::ALL.iter().map(|h| h.id()).collect();
        for hypothesis in Hypothesis::ALL {
            let json = serde_json::to_value(hypothesis).unwrap();
            assert_eq!(json, hypothesis.id());
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Hypothesis::ALL.len());
    }
}
