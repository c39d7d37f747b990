//! Rule `not_published`: a bot or workflow that exists but is not published to the API connector. Users
//! see it as "not found": 4015 `The Bot is not currently published to the corresponding platform` (the
//! service's text names the publishing, so it proves it), or a workflow run answered 4200 `… does not
//! exist` while the same credential retrieved that workflow (the run sees only published workflows; not
//! proved, since the retrieval and the run may differ in other ways).
//!
//! Grounds: doc coze_error_codes (4015 bot 未发布到API), doc publish_bot (connector 1024), one-api#1462 and
//! dify-on-wechat#24 (the message as users pasted it), the cozepy workflows/runs docstring (an unpublished
//! workflow answers 4200).

use crate::coze::messages::{self as fragment, contains_any};
use crate::diagnose::evidence::{Denied, Evidence, Facts, error_text};
use crate::diagnose::finding::{Finding, Severity};
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::outcome::Outcome;
use crate::probe::ProbeKind;

pub const RULE: &str = "not_published";

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let said: Vec<Denied<'_>> = facts
        .answered_failures()
        .filter(|denied| says_not_published(denied))
        .collect();
    if let Some(first) = said.first() {
        let evidence = Evidence::of_rows(&said);
        let (cases_en, cases_zh) = (evidence.quoted_cases(", "), evidence.quoted_cases("、"));
        findings.push(evidence.finding(
            RULE,
            Severity::Cause,
            Bilingual::new(
                format!(
                    "In {}, the service answered that the bot is not published to the API ({}): it exists, but the OpenAPI sees only what is published to the API connector, so users read this as \"not found\".",
                    cases_en,
                    error_text(first.probe)
                ),
                format!(
                    "在 {} 中，服务应答智能体没有发布到 API 渠道（{}）：智能体存在，但 OpenAPI 只能看到发布到 API 渠道的版本，所以用户会把它当成“找不到”。",
                    cases_zh,
                    error_text(first.probe)
                ),
            ),
            facts::PUBLISH_TO_API,
        ));
    }
    findings.extend(unpublished_workflows(facts));
    findings
}

fn says_not_published(denied: &Denied<'_>) -> bool {
    denied.probe.answer.code == Some(crate::coze::wire::code::NOT_PUBLISHED)
        || denied
            .probe
            .answer
            .message
            .as_deref()
            .is_some_and(|message| contains_any(message, fragment::NOT_PUBLISHED))
}

/// Runs answered 4200 for a workflow the same credential could retrieve.
fn unpublished_workflows(facts: &Facts<'_>) -> Option<Finding> {
    let mut evidence = Evidence::default();
    let mut first = None;
    for denied in facts.answered_failures().filter(|denied| {
        denied.probe.probe == ProbeKind::RunWorkflow && denied.probe.outcome == Outcome::NotFound
    }) {
        let workflow = workflow_of(denied.probe);
        let retrieved = facts.cases().find(|case| {
            case.auth.name == denied.case.auth.name
                && case.region == denied.case.region
                && case.probes.iter().any(|probe| {
                    probe.probe == ProbeKind::RetrieveWorkflow
                        && probe.outcome == Outcome::Ok
                        && workflow_of(probe) == workflow
                })
        });
        if let Some(retrieved) = retrieved {
            evidence.add(denied.case, Some(denied.probe));
            evidence.add_case(retrieved);
            first.get_or_insert((denied, workflow));
        }
    }
    let (denied, workflow) = first?;
    let workflow = workflow.unwrap_or_default();
    Some(
        evidence
            .finding(
                RULE,
                Severity::Cause,
                Bilingual::new(
                    format!(
                        "Workflow `{workflow}` can be retrieved by credential `{}` but its run answers {}: the run sees only published workflows, so it is most likely not published. Not proved: confirm its state in the console.",
                        denied.case.auth.name,
                        error_text(denied.probe)
                    ),
                    format!(
                        "凭证 `{}` 能获取工作流 `{workflow}`，但运行它得到 {}：运行接口只能看到已发布的工作流，所以它很可能没有发布。尚未证明：请在控制台确认它的状态。",
                        denied.case.auth.name,
                        error_text(denied.probe)
                    ),
                ),
                facts::PUBLISH_TO_API,
            )
            .proved_if(false),
    )
}

/// The workflow a probe addressed: `workflow_id` of its body, else the last segment of its path.
fn workflow_of(probe: &crate::runner::ProbeResult) -> Option<String> {
    let request = probe.request.as_ref()?;
    request
        .body
        .as_ref()
        .and_then(|body| body.get("workflow_id"))
        .and_then(|value| value.as_str())
        .map(str::to_string)
        .or_else(|| {
            request
                .path
                .rsplit('/')
                .next()
                .filter(|segment| segment.bytes().all(|b| b.is_ascii_digit()))
                .map(str::to_string)
        })
}
