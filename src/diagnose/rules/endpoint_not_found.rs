//! Rule `endpoint_not_found`: requests sent to a path the service does not have. The service answers HTTP
//! 404 with 4000 `The requested API endpoint GET /v2/chat does not exist. …` (proved: it says so); a 404
//! without its envelope (a gateway's page) most likely means the same and is named without proof. The
//! usual causes are a base URL with a path (`https://api.coze.cn/api`, `…/v1`) and a retired path
//! (`/open_api/v2/chat`, `/v2/chat`). Rows answered this way tested nothing else.
//!
//! Grounds: the service's 4000 for a retired path (cozepy raises CozeAPIError 4000, coze-js BadRequestError),
//! the SDKs' base URL constants (the host alone), one-api#1462 (the legacy v2 chat).

use crate::coze::messages::{self as fragment, contains};
use crate::diagnose::evidence::{Denied, Evidence, Facts, error_text};
use crate::diagnose::finding::{Finding, Severity};
use crate::i18n::Bilingual;
use crate::knowledge::facts;

pub const RULE: &str = "endpoint_not_found";

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let said = |denied: &Denied<'_>| {
        denied
            .probe
            .answer
            .message
            .as_deref()
            .is_some_and(|message| contains(message, fragment::ENDPOINT_MISSING))
    };
    let bare_404 = |denied: &Denied<'_>| {
        let answer = &denied.probe.answer;
        answer.http_status == Some(404) && answer.code.is_none() && answer.error_code.is_none()
    };
    let rows: Vec<Denied<'_>> = facts
        .answered_failures()
        .filter(|denied| said(denied) || bare_404(denied))
        .collect();
    let Some(first) = rows.iter().find(|denied| said(denied)).or(rows.first()) else {
        return Vec::new();
    };
    let proved = rows.iter().any(said);
    let evidence = Evidence::of_rows(&rows);
    let (cases_en, cases_zh) = (evidence.quoted_cases(", "), evidence.quoted_cases("、"));
    let base_url = facts.scenario.target.base_url.trim_end_matches('/');
    let request = first
        .probe
        .request
        .as_ref()
        .map(|request| format!("{} {base_url}{}", request.method.as_str(), request.path))
        .unwrap_or_default();
    let (path_en, path_zh) = match base_path(base_url) {
        Some(path) => (
            format!(
                " The base URL `{base_url}` has a path (`{path}`), which the service does not serve."
            ),
            format!("基础 URL `{base_url}` 带有路径（`{path}`），服务不提供这样的路径。"),
        ),
        None => (String::new(), String::new()),
    };
    let (not_proved_en, not_proved_zh) = if proved {
        ("", "")
    } else {
        (
            " Not proved: the 404 did not come with the service's envelope, so a proxy or gateway in between may have answered.",
            "尚未证明：该 404 没有服务自己的应答格式，也可能是中间的代理或网关返回的。",
        )
    };
    let finding = evidence.finding(
        RULE,
        Severity::Cause,
        Bilingual::new(
            format!(
                "Requests of {} went to an endpoint that does not exist ({request}: {}), so they tested nothing else.{path_en}{not_proved_en}",
                cases_en,
                error_text(first.probe)
            ),
            format!(
                "{} 请求了不存在的接口（{request}：{}），因此没有检验任何其他内容。{path_zh}{not_proved_zh}",
                cases_zh,
                error_text(first.probe)
            ),
        ),
        facts::BASE_URL_IS_HOST,
    );
    vec![finding.proved_if(proved)]
}

/// The path of a base URL, when it has one (`https://api.coze.cn/api` → `/api`).
fn base_path(base_url: &str) -> Option<&str> {
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
