//! Reach the service: answers that are not the Coze API's say nothing about the credential. The service's
//! own `The requested API endpoint … does not exist` proves a wrong path; a bare 404 or an HTML page
//! points at the base URL without proof.
//!
//! Grounds: the service's 4000 for a retired path, the SDKs' base URL constants (the host alone),
//! one-api#1462 (the legacy v2 chat), one-hub#818, dify-on-wechat#176 (HTML instead of JSON).

use crate::coze::messages::{self as fragment, contains};
use crate::diagnose::credential::CredentialView;
use crate::diagnose::verdict::{Cause, Cited, Detail};
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
use crate::runner::{ProbeResult, Reason};

fn said(probe: &ProbeResult) -> bool {
    probe
        .answer
        .message
        .as_deref()
        .is_some_and(|message| contains(message, fragment::ENDPOINT_MISSING))
}

fn off_the_api(probe: &ProbeResult) -> bool {
    let answer = &probe.answer;
    said(probe)
        || (answer.http_status == Some(404) && answer.code.is_none() && answer.error_code.is_none())
        || probe.outcome == Outcome::Unexpected
}

/// Nothing reached the service: every request the credential sent failed before an answer. Then no row
/// says anything of the credential, and no other hypothesis is weighed.
pub fn unreached(view: &CredentialView<'_>) -> Option<Cause> {
    let sent: Vec<_> = view
        .own_rows()
        .flat_map(|case| case.probes.iter().map(move |probe| (case, probe)))
        .filter(|(_, probe)| probe.outcome != Outcome::Skipped)
        .collect();
    if sent.is_empty()
        || sent.iter().any(|(_, probe)| {
            probe.outcome != Outcome::NetworkError || probe.answer.http_status.is_some()
        })
    {
        return None;
    }
    let error = sent
        .iter()
        .find_map(|(_, probe)| match &probe.reason {
            Some(Reason::Transport(text)) => Some(text.clone()),
            _ => None,
        })
        .unwrap_or_default();
    Some(Cause::new(
        Detail::Unreachable {
            base_url: view
                .scenario
                .target
                .base_url
                .trim_end_matches('/')
                .to_string(),
            error,
        },
        true,
        sent.iter()
            .map(|(case, probe)| Cited::of(case, probe))
            .collect(),
    ))
}

/// The base URL or path is wrong, when the credential's authentication (token request, `whoami`), the
/// user's operations, or every answer it got say so.
pub fn decide(view: &CredentialView<'_>) -> Option<Cause> {
    let decisive = |probe: &ProbeResult| {
        !probe.survey || matches!(probe.probe, ProbeKind::Token | ProbeKind::Whoami)
    };
    let answered: Vec<_> = view
        .own_rows()
        .flat_map(|case| case.probes.iter().map(move |probe| (case, probe)))
        .filter(|(_, probe)| probe.answer.http_status.is_some())
        .collect();
    let everywhere = !answered.is_empty() && answered.iter().all(|(_, probe)| off_the_api(probe));
    let rows: Vec<_> = answered
        .into_iter()
        .filter(|(_, probe)| off_the_api(probe) && (everywhere || decisive(probe)))
        .collect();
    let first = rows
        .iter()
        .find(|(_, probe)| said(probe))
        .or(rows.first())?;
    let base_url = view.scenario.target.base_url.trim_end_matches('/');
    let request = first
        .1
        .request
        .as_ref()
        .map(|request| format!("{} {base_url}{}", request.method.as_str(), request.path))
        .unwrap_or_default();
    let proved = rows.iter().any(|(_, probe)| said(probe));
    let not_api = !proved
        && rows
            .iter()
            .all(|(_, probe)| probe.outcome == Outcome::Unexpected);
    Some(Cause::new(
        Detail::EndpointNotFound {
            request,
            base_path: base_path(base_url).map(str::to_string),
            not_api,
        },
        proved,
        rows.iter()
            .map(|(case, probe)| Cited::of(case, probe))
            .collect(),
    ))
}

/// The path of a base URL, when it has one (`https://api.coze.cn/api` → `/api`).
pub fn base_path(base_url: &str) -> Option<&str> {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map(|start| &after_scheme[start..])
        .filter(|path| !path.trim_matches('/').is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_of_a_base_url_is_found() {
        assert_eq!(base_path("https://api.coze.cn/api"), Some("/api"));
        assert_eq!(base_path("http://127.0.0.1:8080/v1/x"), Some("/v1/x"));
        assert_eq!(base_path("https://api.coze.cn"), None);
        assert_eq!(base_path("https://api.coze.cn/"), None);
    }
}
