//! What a verdict reads from a row: the 4101 message taken apart into resource and permission, why a
//! credential was refused (from the message), whether a case authenticated, and what a scope's documented
//! names grant.

use crate::auth::AuthMode;
use crate::coze::permission::permission_of_scope_name;
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
use crate::runner::{CaseResult, ProbeResult};

/// A 4101 message taken apart: `Your token does not have permission to access space_id=… createBot. …`
/// (the Coze error-code page (a); the `workflow_id = …` form carries no permission name, the Coze error-code page (b)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denial {
    /// The resource key (`space_id`, `bot_id`, `workflow_id`, …).
    pub resource: String,
    /// The resource id.
    pub id: String,
    /// The permission name, when the message carries one.
    pub permission: Option<String>,
}

impl Denial {
    /// Parses the 4101 template; `None` when the message is not that template.
    pub fn parse(message: &str) -> Option<Denial> {
        const MARKER: &str = "permission to access";
        let start = message.find(MARKER)? + MARKER.len();
        let rest = message[start..].trim_start();
        let (resource, rest) = rest.split_once('=')?;
        let resource = resource.trim();
        if resource.is_empty()
            || !resource
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return None;
        }
        let rest = rest.trim_start();
        let id_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        let id = &rest[..id_len];
        if id.is_empty() {
            return None;
        }
        let after = &rest[id_len..];
        // A permission word follows after a space, up to the sentence's full stop.
        let permission = after
            .strip_prefix(' ')
            .map(|tail| {
                tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
                    .map_or(tail, |end| &tail[..end])
                    .trim_end_matches('.')
            })
            .filter(|word| !word.is_empty() && !word.eq_ignore_ascii_case("please"));
        Some(Denial {
            resource: resource.to_string(),
            id: id.to_string(),
            permission: permission.map(str::to_string),
        })
    }
}

/// The permission a denied probe lacked: the one the service named, else the one the operation needs.
pub fn permission_of(probe: &ProbeResult) -> Option<String> {
    probe
        .answer
        .message
        .as_deref()
        .and_then(Denial::parse)
        .and_then(|denial| denial.permission)
        .or_else(|| probe.probe.permission().map(str::to_string))
}

/// Why a credential was rejected, read from the message (doc oauth_jwt error codes, the Coze error-code page, GitHub issues, INFERRED).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFailure {
    /// `invalid jwt: kid not been registred`: the region does not know the app or its key.
    KidNotRegistered,
    /// The signature did not verify against the registered key.
    Signature,
    /// 4101 `The token you entered is incorrect`.
    TokenIncorrect,
    /// 4100 `authentication is invalid`.
    AuthenticationInvalid,
    /// 700012006 `access token invalid`.
    AccessTokenInvalid,
    /// `aud` rejected.
    Audience,
    /// `iat`/`exp` rejected.
    Clock,
    /// The `jti` was already used.
    Jti,
    /// `verify jwt empty error`.
    EmptyJwt,
    /// `access_deny`: a channel app with no connector.
    ChannelApp,
    /// `access_deny`: the app is deactivated.
    Deactivated,
    /// Any other authentication failure.
    Other,
}

impl AuthFailure {
    /// Classifies a rejected probe's message.
    pub fn of(probe: &ProbeResult) -> AuthFailure {
        use crate::coze::messages::{self as fragment, contains, contains_any};
        let message = probe.answer.message.as_deref().unwrap_or("");
        if contains(message, fragment::CONNECTOR_APP) {
            AuthFailure::ChannelApp
        } else if contains(message, fragment::APP_DEACTIVATED) {
            AuthFailure::Deactivated
        } else if contains(message, fragment::KID_NOT_REGISTERED)
            || contains(message, fragment::KID_NOT_REGISTERED_SPELLED)
        {
            AuthFailure::KidNotRegistered
        } else if contains(message, fragment::VERIFY_JWT_EMPTY) {
            AuthFailure::EmptyJwt
        } else if contains_any(message, fragment::AUDIENCE) {
            AuthFailure::Audience
        // On a rejected assertion, looser words are enough: any "replay" or "expired".
        } else if contains_any(message, fragment::JTI) || contains(message, "replay") {
            AuthFailure::Jti
        } else if contains_any(message, fragment::CLOCK) || contains(message, "expired") {
            AuthFailure::Clock
        } else if contains(message, "signature") {
            AuthFailure::Signature
        } else if contains(message, fragment::TOKEN_INCORRECT) {
            AuthFailure::TokenIncorrect
        } else if contains(message, fragment::AUTHENTICATION_INVALID) {
            AuthFailure::AuthenticationInvalid
        } else if contains(message, fragment::ACCESS_TOKEN_INVALID) {
            AuthFailure::AccessTokenInvalid
        } else {
            AuthFailure::Other
        }
    }
}

/// The probe that shows a case's credential was rejected: the token probe of a JWT case, else the first
/// operation rejected for authentication.
pub fn auth_rejection(case: &CaseResult) -> Option<(&ProbeResult, AuthFailure)> {
    let probe = match case.auth.mode {
        AuthMode::Jwt => case
            .probe(ProbeKind::Token)
            .filter(|token| token.outcome == Outcome::DeniedAuth),
        AuthMode::Pat => case
            .probes
            .iter()
            .find(|probe| probe.outcome == Outcome::DeniedAuth),
    }?;
    Some((probe, AuthFailure::of(probe)))
}

/// Whether the case authenticated: its token was issued (jwt) or some operation got past authentication.
/// A 4200 proves nothing: on `/v3/chat` the bot is looked up before the token is checked, and a fake token
/// gets 4200 there (coze-java#92, third-party debug notes).
pub fn authenticated(case: &CaseResult) -> bool {
    match case.probe(ProbeKind::Token) {
        Some(token) => token.outcome == Outcome::Ok,
        None => case
            .probes
            .iter()
            .any(|probe| matches!(probe.outcome, Outcome::Ok | Outcome::DeniedPermission)),
    }
}

/// The permissions the documented names of a scope grant, in order, without repeats.
pub fn granted_by_scope(names: &[String]) -> Vec<&'static str> {
    let mut granted: Vec<&'static str> = Vec::new();
    for permission in names
        .iter()
        .filter_map(|name| permission_of_scope_name(name))
    {
        if !granted.contains(&permission) {
            granted.push(permission);
        }
    }
    granted
}

/// The documented scope names that grant `permission`.
pub fn scope_names_granting(permission: &str) -> Vec<&'static str> {
    crate::coze::permission::DOCUMENTED_SCOPE_NAMES
        .iter()
        .filter(|(_, granted)| *granted == permission)
        .map(|(name, _)| *name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_space_template() {
        let denial = Denial::parse("Your token does not have permission to access space_id=7351411557182226472 createBot. Please verify whether the resource ID or token is correct, and ensure that the necessary permissions are enabled at https://coze.cn/open/oauth/pats.").unwrap();
        assert_eq!(denial.resource, "space_id");
        assert_eq!(denial.id, "7351411557182226472");
        assert_eq!(denial.permission.as_deref(), Some("createBot"));
    }

    #[test]
    fn parses_the_workflow_template_without_permission() {
        let denial = Denial::parse("Your token does not have permission to access workflow_id = 7506442800905568306. Please verify whether the resource ID or token is correct").unwrap();
        assert_eq!(denial.resource, "workflow_id");
        assert_eq!(denial.id, "7506442800905568306");
        assert_eq!(denial.permission, None);
    }

    #[test]
    fn other_messages_are_not_denials() {
        assert_eq!(
            Denial::parse("The token you entered is incorrect. Please double-check and try again."),
            None
        );
        assert_eq!(Denial::parse("permission to access"), None);
        assert_eq!(Denial::parse("permission to access =x"), None);
    }

    #[test]
    fn scope_names_map_to_permissions() {
        let names = vec!["Connector.botChat".to_string(), "Bot.createBot".to_string()];
        assert_eq!(granted_by_scope(&names), vec!["chat"]);
        assert_eq!(scope_names_granting("chat"), vec!["Connector.botChat"]);
        assert!(scope_names_granting("createBot").is_empty());
    }
}
