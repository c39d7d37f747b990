//! What the rules read from a scenario's results: the 4101 message parsed into resource and permission,
//! the rows that answer a question (no-scope rows, other-region rows, rows of other credentials), and the
//! evidence (case names and logids) a finding cites.

use crate::auth::AuthMode;
use crate::coze::permission::permission_of_scope_name;
use crate::diagnose::finding::{Finding, Severity};
use crate::i18n::Bilingual;
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
use crate::runner::{CaseResult, FollowUpReason, ProbeResult, ScenarioResult};

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

/// A denied operation: the case, the probe, and what its message says.
#[derive(Debug, Clone, Copy)]
pub struct Denied<'a> {
    pub case: &'a CaseResult,
    pub probe: &'a ProbeResult,
}

impl<'a> Denied<'a> {
    pub fn denial(&self) -> Option<Denial> {
        self.probe.answer.message.as_deref().and_then(Denial::parse)
    }

    /// The permission the service named, else the one the operation is known to need.
    pub fn permission(&self) -> Option<String> {
        self.denial()
            .and_then(|denial| denial.permission)
            .or_else(|| self.probe.probe.permission().map(str::to_string))
    }
}

/// The scenario's results, with the questions the rules ask of them.
pub struct Facts<'a> {
    pub scenario: &'a ScenarioResult,
}

impl<'a> Facts<'a> {
    pub fn new(scenario: &'a ScenarioResult) -> Facts<'a> {
        Facts { scenario }
    }

    pub fn cases(&self) -> impl Iterator<Item = &'a CaseResult> + 'a {
        self.scenario.cases.iter()
    }

    /// Every operation denied with 4101 proper (not the region-mismatch variant, which is `denied_auth`).
    pub fn denied_operations(&self) -> impl Iterator<Item = Denied<'a>> + 'a {
        self.cases().flat_map(|case| {
            case.probes
                .iter()
                .filter(|probe| {
                    probe.probe != ProbeKind::Token && probe.outcome == Outcome::DeniedPermission
                })
                .map(move |probe| Denied { case, probe })
        })
    }

    /// JWT rows of `credential` in `case`'s region that sent no scope (the scenario's own or follow-ups).
    pub fn no_scope_rows(&self, of: &CaseResult) -> impl Iterator<Item = &'a CaseResult> + 'a {
        let name = of.auth.name.clone();
        let region = of.region;
        self.cases().filter(move |case| {
            case.auth.mode == AuthMode::Jwt
                && case.auth.name == name
                && case.region == region
                && case.scope.is_none()
        })
    }

    /// Rows the runner added in the other region for `case`'s credential.
    pub fn other_region_rows(&self, of: &CaseResult) -> impl Iterator<Item = &'a CaseResult> + 'a {
        let name = of.auth.name.clone();
        let region = of.region;
        self.cases().filter(move |case| {
            case.auth.name == name
                && case.region != region
                && case
                    .follow_up
                    .as_ref()
                    .is_some_and(|follow_up| follow_up.reason == FollowUpReason::OtherRegion)
        })
    }

    /// Every probe that got an answer other than success, with its case, in order.
    pub fn answered_failures(&self) -> impl Iterator<Item = Denied<'a>> + 'a {
        self.cases().flat_map(|case| {
            case.probes
                .iter()
                .filter(|probe| {
                    probe.answer.http_status.is_some()
                        && !matches!(probe.outcome, Outcome::Ok | Outcome::Skipped)
                })
                .map(move |probe| Denied { case, probe })
        })
    }

    /// Rows in the scenario's own region (not other-region follow-ups).
    pub fn home_rows(&self) -> impl Iterator<Item = &'a CaseResult> + 'a {
        let region = self.scenario.target.region;
        self.cases().filter(move |case| case.region == region)
    }
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

    /// Whether a credential of the other region fails this way (GitHub issues, INFERRED).
    pub fn suggests_region(self) -> bool {
        matches!(
            self,
            AuthFailure::KidNotRegistered
                | AuthFailure::TokenIncorrect
                | AuthFailure::AuthenticationInvalid
                | AuthFailure::AccessTokenInvalid
                | AuthFailure::Other
        )
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

/// The code shown for a probe: the business code, else the OAuth `error_code`, else the HTTP status.
pub fn code_of(probe: &ProbeResult) -> String {
    probe.answer.code_label().unwrap_or_else(|| "?".to_string())
}

/// `code `message`` for a sentence.
pub fn error_text(probe: &ProbeResult) -> String {
    match probe
        .answer
        .message
        .as_deref()
        .filter(|message| !message.is_empty())
    {
        Some(message) => {
            let short: String = message.chars().take(120).collect();
            let ellipsis = if short.len() < message.len() {
                "…"
            } else {
                ""
            };
            format!("{} `{}{ellipsis}`", code_of(probe), short.replace('`', "'"))
        }
        None => code_of(probe),
    }
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

/// Case names, their credentials and logids, in the order added, without repeats.
#[derive(Debug, Default, Clone)]
pub struct Evidence {
    pub cases: Vec<String>,
    pub credentials: Vec<String>,
    pub logids: Vec<String>,
}

impl Evidence {
    /// The evidence of failed rows: each row's case and logid.
    pub fn of_rows(rows: &[Denied<'_>]) -> Evidence {
        let mut evidence = Evidence::default();
        for denied in rows {
            evidence.add(denied.case, Some(denied.probe));
        }
        evidence
    }

    /// The cases cited, quoted for a sentence (each once), joined with `separator`.
    pub fn quoted_cases(&self, separator: &str) -> String {
        self.cases
            .iter()
            .map(|name| quoted_name(name))
            .collect::<Vec<_>>()
            .join(separator)
    }

    /// Cites `case` and the logid of `probe`.
    pub fn add(&mut self, case: &CaseResult, probe: Option<&ProbeResult>) {
        self.add_case(case);
        if let Some(logid) = probe.and_then(|probe| probe.answer.logid.as_deref()) {
            self.add_logid(logid);
        }
    }

    /// Cites `case` and the logids of every probe that got a response.
    pub fn add_all(&mut self, case: &CaseResult) {
        self.add_case(case);
        for logid in case
            .probes
            .iter()
            .filter_map(|probe| probe.answer.logid.as_deref())
        {
            self.add_logid(logid);
        }
    }

    pub fn add_case(&mut self, case: &CaseResult) {
        if !self.cases.contains(&case.name) {
            self.cases.push(case.name.clone());
        }
        if !self.credentials.contains(&case.auth.name) {
            self.credentials.push(case.auth.name.clone());
        }
    }

    pub fn add_logid(&mut self, logid: &str) {
        if !logid.is_empty() && !self.logids.iter().any(|known| known == logid) {
            self.logids.push(logid.to_string());
        }
    }

    /// The finding this evidence proves.
    pub fn finding(
        self,
        rule: &'static str,
        severity: Severity,
        cause: Bilingual,
        fix: Bilingual,
    ) -> Finding {
        Finding {
            rule,
            severity,
            cause,
            fix,
            credentials: self.credentials,
            proved: true,
            cases: self.cases,
            logids: self.logids,
        }
    }
}

/// `names` as inline code, comma-separated.
pub fn code_list<S: AsRef<str>>(names: &[S]) -> String {
    names
        .iter()
        .map(|name| format!("`{}`", name.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `names` as inline code, joined with the Chinese enumeration comma.
pub fn code_list_zh<S: AsRef<str>>(names: &[S]) -> String {
    names
        .iter()
        .map(|name| format!("`{}`", name.as_ref()))
        .collect::<Vec<_>>()
        .join("、")
}

/// A case name quoted for a sentence.
pub fn quoted(case: &CaseResult) -> String {
    quoted_name(&case.name)
}

fn quoted_name(name: &str) -> String {
    format!("“{name}”")
}

/// Several case names quoted for a sentence.
pub fn quoted_all<'c>(cases: impl IntoIterator<Item = &'c CaseResult>, separator: &str) -> String {
    cases
        .into_iter()
        .map(quoted)
        .collect::<Vec<_>>()
        .join(separator)
}

/// The scope a case sent, as JSON text (`["Connector.botChat"]`).
pub fn scope_text(case: &CaseResult) -> String {
    case.scope
        .as_ref()
        .map(|names| serde_json::to_string(names).unwrap_or_default())
        .unwrap_or_default()
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
