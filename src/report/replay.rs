//! The request that proves a verdict, as `curl` lines a support engineer can replay: the request of the
//! verdict's first cited row (for a healthy credential, its first operation that succeeded) and, when a JWT
//! app's access token carried it, the token request that issued that token. The bearer is always a
//! placeholder (`$COZE_API_TOKEN`, `$COZE_ACCESS_TOKEN`, `$COZE_JWT`), never a secret; requests sent to the
//! sandbox are shown against the real host it stands in for.

use super::i18n::Phrases;
use crate::auth::AuthMode;
use crate::coze::request::{Method, ProbeRequest};
use crate::diagnose::{Cited, Verdict, wording};
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
use crate::runner::{CaseResult, ProbeResult, ScenarioResult};

/// One replayable request: what it is, and the command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replay {
    pub caption: String,
    pub command: String,
}

/// The requests that prove `verdict`, token request first; empty when no row of the run holds one.
pub fn proving(verdict: &Verdict, scenario: &ScenarioResult, text: &Phrases) -> Vec<Replay> {
    let found = match verdict.cause() {
        Some(cause) => cause
            .evidence
            .iter()
            .find_map(|cited| located(scenario, cited).map(|found| (found, wording::row(cited)))),
        None => first_success(verdict, scenario),
    };
    let Some(((case, probe), caption)) = found else {
        return Vec::new();
    };
    let Some(request) = &probe.request else {
        return Vec::new();
    };
    let base = base_url(scenario, case);
    let mut replays = Vec::new();
    let bearer = match (case.auth.mode, probe.probe) {
        (AuthMode::Pat, _) => "$COZE_API_TOKEN",
        (AuthMode::Jwt, ProbeKind::Token) => "$COZE_JWT",
        (AuthMode::Jwt, _) => {
            if let Some(token) = case
                .probe(ProbeKind::Token)
                .and_then(|token| token.request.as_ref())
            {
                replays.push(Replay {
                    caption: text.replay_token.to_string(),
                    command: curl(&base, token, "$COZE_JWT"),
                });
            }
            "$COZE_ACCESS_TOKEN"
        }
    };
    let caption = match (case.auth.mode, probe.probe) {
        (AuthMode::Jwt, ProbeKind::Token) => format!("{caption}; {}", text.replay_token),
        (AuthMode::Jwt, _) => format!("{caption}; {}", text.replay_operation),
        (AuthMode::Pat, _) => caption,
    };
    replays.push(Replay {
        caption,
        command: curl(&base, request, bearer),
    });
    replays
}

/// The case and probe a cited row names.
fn located<'a>(
    scenario: &'a ScenarioResult,
    cited: &Cited,
) -> Option<(&'a CaseResult, &'a ProbeResult)> {
    let case = scenario
        .cases
        .iter()
        .find(|case| case.name == cited.case && case.region == cited.region)?;
    let probe = case
        .probes
        .iter()
        .find(|probe| probe.probe == cited.probe && probe.workspace == cited.workspace)?;
    probe.was_sent().then_some((case, probe))
}

/// A healthy credential's first operation that succeeded (its token request when nothing else ran).
fn first_success<'a>(
    verdict: &Verdict,
    scenario: &'a ScenarioResult,
) -> Option<((&'a CaseResult, &'a ProbeResult), String)> {
    let rows = || {
        scenario
            .cases
            .iter()
            .filter(|case| case.auth.name == verdict.credential)
            .flat_map(|case| case.probes.iter().map(move |probe| (case, probe)))
            .filter(|(_, probe)| probe.outcome == Outcome::Ok)
    };
    let (case, probe) = rows()
        .find(|(_, probe)| probe.probe != ProbeKind::Token && !probe.survey)
        .or_else(|| rows().next())?;
    Some(((case, probe), wording::row(&Cited::of(case, probe))))
}

/// Where the case's requests went; the real host for the sandbox or for the other region; a Studio's own.
fn base_url(scenario: &ScenarioResult, case: &CaseResult) -> String {
    let target = &scenario.target;
    // A self-hosted Studio is its own host: a replay sent to Coze's cloud would send its token there.
    if target.studio.is_some() || (!target.sandbox && case.region == target.region) {
        target.base_url.trim_end_matches('/').to_string()
    } else {
        format!("https://{}", case.region.api_host())
    }
}

/// `curl -i -X POST 'URL' -H "Authorization: Bearer $VAR" …`: `-i` shows the `x-tt-logid` header.
fn curl(base: &str, request: &ProbeRequest, bearer: &str) -> String {
    let mut url = format!("{base}{}", request.path);
    if !request.query.is_empty() {
        let query: Vec<String> = request
            .query
            .iter()
            .map(|(key, value)| format!("{}={}", encode(key), encode(value)))
            .collect();
        url.push('?');
        url.push_str(&query.join("&"));
    }
    let mut command = match request.method {
        Method::Get => format!("curl -i {}", quoted(&url)),
        Method::Post => format!("curl -i -X POST {}", quoted(&url)),
    };
    // Double quotes, so that the shell puts the variable's value in.
    command.push_str(&format!(" -H \"Authorization: Bearer {bearer}\""));
    if request.method.has_body() {
        let body = request
            .body
            .as_ref()
            .map_or_else(|| "{}".to_string(), ToString::to_string);
        command.push_str(" -H 'Content-Type: application/json' -d ");
        command.push_str(&quoted(&body));
    }
    command
}

/// What a query value keeps as it is: RFC 3986's unreserved characters.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, QUERY_VALUE).to_string()
}

/// `text` in single quotes for a POSIX shell.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_lines_quote_for_the_shell_and_keep_the_bearer_a_variable() {
        let request = ProbeRequest {
            method: Method::Post,
            path: "/v1/bot/create".into(),
            query: Vec::new(),
            body: Some(serde_json::json!({"name": "it's", "space_id": "1"})),
        };
        assert_eq!(
            curl("https://api.coze.cn", &request, "$COZE_API_TOKEN"),
            r#"curl -i -X POST 'https://api.coze.cn/v1/bot/create' -H "Authorization: Bearer $COZE_API_TOKEN" -H 'Content-Type: application/json' -d '{"name":"it'\''s","space_id":"1"}'"#
        );
        let list = ProbeRequest {
            method: Method::Get,
            path: "/v1/space/published_bots_list".into(),
            query: vec![("space_id".into(), "1 2".into())],
            body: None,
        };
        assert_eq!(
            curl("https://api.coze.cn", &list, "$COZE_ACCESS_TOKEN"),
            r#"curl -i 'https://api.coze.cn/v1/space/published_bots_list?space_id=1%202' -H "Authorization: Bearer $COZE_ACCESS_TOKEN""#
        );
    }
}
