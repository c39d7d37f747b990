//! Rule `wrong_region`: a credential rejected for authentication in the scenario's region, with a message a
//! credential of the other region gets (`kid not been registred`, 4101 `The token you entered is
//! incorrect`, 4100 `authentication is invalid`, 700012006). Proved when the runner's other-region follow-up
//! of the same credential authenticates; without that row the finding names it as the most likely cause and
//! says how to confirm. When the other region rejects the credential too, this rule stays silent and
//! `key_not_registered` / `credential_rejected` speak.
//!
//! It also reads 4200 `Requested resource bot_id=… does not exist`: on `/v3/chat` the service looks the bot
//! up before it checks the token, so a PAT whose operations all found nothing may be a bot or a token of
//! the other region (coze-java#92). Proved when the other-region follow-up finds the resource; silent when
//! it does not, or when the id looks rounded (`id_rounded` speaks).
//!
//! Grounds: the SDKs' base URL constants (regions, SDK defaults to coze.com, js's own 401 warning), GitHub issues (coze-py#78, #83,
//! #148, #230, coze-go#56, coze-js#108, #159, coze-java#21, #92: all fixed by switching the base URL), INFERRED
use crate::auth::AuthMode;
use crate::coze::{ids, messages};
use crate::diagnose::evidence::{
    AuthFailure, Evidence, Facts, auth_rejection, authenticated, error_text, quoted, quoted_all,
};
use crate::diagnose::finding::{Finding, Severity};
use crate::diagnose::rejection::{Rejection, first_per_credential};
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::outcome::Outcome;
use crate::runner::{CaseResult, ProbeResult};

pub const RULE: &str = "wrong_region";

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let mut findings = rejected(facts);
    findings.extend(found_nothing(facts));
    findings
}

/// Credentials rejected for authentication with a message of the other region.
fn rejected(facts: &Facts<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let suggests_region = |rejection: &Rejection<'_>| rejection.failure.suggests_region();
    for rejection in first_per_credential(Rejection::all(facts).filter(suggests_region)) {
        let (case, probe, failure) = (rejection.case, rejection.probe, rejection.failure);
        let region = case.region;
        let other = region.other();
        let rejected: Vec<&CaseResult> = facts
            .home_rows()
            .filter(|row| row.auth.name == case.auth.name && auth_rejection(row).is_some())
            .collect();
        let proof = rejection
            .other_rows
            .iter()
            .copied()
            .find(|row| authenticated(row));
        if !rejection.other_rows.is_empty() && proof.is_none() {
            continue;
        }
        let mut evidence = Evidence::default();
        for row in &rejected {
            evidence.add(row, auth_rejection(row).map(|(probe, _)| probe));
        }
        let head_en = format!(
            "Credential `{}` was rejected in region `{region}` ({}; {}: {})",
            case.auth.name,
            region.api_host(),
            quoted_all(rejected.iter().copied(), ", "),
            error_text(probe)
        );
        let head_zh = format!(
            "凭证 `{}` 在区域 `{region}`（{}）被拒绝（{}：{}）",
            case.auth.name,
            region.api_host(),
            quoted_all(rejected.iter().copied(), "、"),
            error_text(probe)
        );
        let (en, zh, severity, mut fix_en, mut fix_zh) = match proof {
            Some(row) => {
                evidence.add_all(row);
                (
                    format!(
                        "{head_en}, and the same case authenticated in region `{other}` ({}; {}): it is a {} credential used against the {} API.",
                        other.api_host(),
                        quoted(row),
                        other.web_host(),
                        region.web_host()
                    ),
                    format!(
                        "{head_zh}，而同样的用例在区域 `{other}`（{}）鉴权成功（{}）：这是 {} 的凭证，却被用在了 {} 的 API 上。",
                        other.api_host(),
                        quoted(row),
                        other.web_host(),
                        region.web_host()
                    ),
                    Severity::Cause,
                    format!(
                        "Use region `{other}`: set `region = \"{other}\"` in the scenario, and in your code the base URL {} (the JWT `aud` then is {}).",
                        other.base_url(),
                        other.api_host()
                    ),
                    format!(
                        "改用区域 `{other}`：在场景中设置 `region = \"{other}\"`，并在代码中使用基础 URL {}（JWT 的 `aud` 随之为 {}）。",
                        other.base_url(),
                        other.api_host()
                    ),
                )
            }
            None => {
                let (also_en, also_zh) = if failure == AuthFailure::KidNotRegistered {
                    (
                        " Otherwise the key id (kid) or the app id is wrong.",
                        "否则就是公钥指纹（kid）或应用 ID 不对。",
                    )
                } else {
                    (
                        " Otherwise the token is mistyped, revoked or expired.",
                        "否则就是令牌输错、已撤销或已过期。",
                    )
                };
                (
                    format!(
                        "{head_en}. The most common cause is a credential of the other region ({}); not proved, since no row tried region `{other}`.{also_en}",
                        other.web_host()
                    ),
                    format!(
                        "{head_zh}。最常见的原因是使用了另一区域（{}）的凭证；但尚未证明，因为没有任何一行在区域 `{other}` 中尝试过。{also_zh}",
                        other.web_host()
                    ),
                    Severity::Cause,
                    format!(
                        "Confirm by running the scenario with `region = \"{other}\"` (or leave follow-ups on, against the sandbox or `--target {region}`).",
                    ),
                    format!(
                        "请把场景改为 `region = \"{other}\"` 再运行以确认（或保持后续探测开启，目标为沙箱或 `--target {region}`）。"
                    ),
                )
            }
        };
        // The follow-up authenticated, but resources named in the scenario (a workspace id) belong to the
        // region the scenario was written for: say so rather than let a 4101 there look like a binding issue.
        if let Some(row) = proof
            && let Some(denied) = row
                .probes
                .iter()
                .find(|p| p.outcome == Outcome::DeniedPermission)
        {
            fix_en.push_str(&format!(
                " In region `{other}`, {} was then denied (4101): workspace and bot ids are per region too, so use ids of the {} account.",
                denied.probe.name(),
                other.web_host()
            ));
            fix_zh.push_str(&format!(
                "在区域 `{other}` 中 {} 随后被拒绝（4101）：工作空间和智能体 ID 也分区域，请使用 {} 账号下的 ID。",
                denied.probe.name(),
                other.web_host()
            ));
        }
        fix_en.push(' ');
        fix_en.push_str(&facts::REGION_HOSTS.en);
        fix_zh.push_str(&facts::REGION_HOSTS.zh);
        if proof.is_none() && failure == AuthFailure::KidNotRegistered {
            fix_en.push(' ');
            fix_en.push_str(&facts::CHECK_KID.en);
            fix_zh.push_str(&facts::CHECK_KID.zh);
        }
        let finding = evidence.finding(
            RULE,
            severity,
            Bilingual::new(en, zh),
            Bilingual::new(fix_en, fix_zh),
        );
        findings.push(finding.proved_if(proof.is_some()));
    }
    findings
}

/// The 4200 probe of a PAT row that never got past authentication, unless its id looks rounded.
fn missing_resource(case: &CaseResult) -> Option<&ProbeResult> {
    if case.auth.mode != AuthMode::Pat || authenticated(case) || auth_rejection(case).is_some() {
        return None;
    }
    case.probes.iter().find(|probe| {
        probe.outcome == Outcome::NotFound
            && probe.answer.message.as_deref().is_some_and(|message| {
                messages::says_resource_missing(message) && ids::rounded_in(message).is_empty()
            })
    })
}

/// PAT rows whose operations all found nothing in the scenario's region.
fn found_nothing(facts: &Facts<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut done: Vec<&str> = Vec::new();
    for case in facts.home_rows() {
        let Some(probe) = missing_resource(case) else {
            continue;
        };
        if done.contains(&case.auth.name.as_str()) {
            continue;
        }
        done.push(&case.auth.name);
        let region = case.region;
        let other = region.other();
        let other_rows: Vec<&CaseResult> = facts.other_region_rows(case).collect();
        let proof = other_rows.iter().copied().find(|row| {
            row.probes.iter().any(|found| {
                found.probe == probe.probe
                    && matches!(found.outcome, Outcome::Ok | Outcome::DeniedPermission)
            })
        });
        if !other_rows.is_empty() && proof.is_none() {
            continue;
        }
        let mut evidence = Evidence::default();
        evidence.add(case, Some(probe));
        let head_en = format!(
            "Credential `{}` found nothing in region `{region}` ({}; {}: {}), and no operation of the row got past authentication",
            case.auth.name,
            region.api_host(),
            quoted(case),
            error_text(probe)
        );
        let head_zh = format!(
            "凭证 `{}` 在区域 `{region}`（{}）什么也没找到（{}：{}），该行也没有任何操作通过鉴权",
            case.auth.name,
            region.api_host(),
            quoted(case),
            error_text(probe)
        );
        let finding = match proof {
            Some(row) => {
                evidence.add_all(row);
                evidence.finding(
                    RULE,
                    Severity::Cause,
                    Bilingual::new(
                        format!(
                            "{head_en}, while the same case found it in region `{other}` ({}; {}): the resource and the credential belong to {}, not to the {} API.",
                            other.api_host(),
                            quoted(row),
                            other.web_host(),
                            region.web_host()
                        ),
                        format!(
                            "{head_zh}，而同样的用例在区域 `{other}`（{}）找到了它（{}）：资源和凭证都属于 {}，而不是 {} 的 API。",
                            other.api_host(),
                            quoted(row),
                            other.web_host(),
                            region.web_host()
                        ),
                    ),
                    Bilingual::new(
                        format!(
                            "Use region `{other}`: set `region = \"{other}\"` in the scenario, and in your code the base URL {}. {}",
                            other.base_url(),
                            facts::REGION_HOSTS.en
                        ),
                        format!(
                            "改用区域 `{other}`：在场景中设置 `region = \"{other}\"`，并在代码中使用基础 URL {}。{}",
                            other.base_url(),
                            facts::REGION_HOSTS.zh
                        ),
                    ),
                )
            }
            None => evidence
                .finding(
                    RULE,
                    Severity::Cause,
                    Bilingual::new(
                        format!(
                            "{head_en}. {} Not proved, since no row tried region `{other}`; otherwise the id is wrong (a placeholder, or 0 from a configuration that was not loaded) or the bot is not published.",
                            facts::LOOKUP_BEFORE_TOKEN.en
                        ),
                        format!(
                            "{head_zh}。{}尚未证明，因为没有任何一行在区域 `{other}` 中尝试过；否则就是 ID 不对（占位符，或配置未加载时的 0），或智能体没有发布。",
                            facts::LOOKUP_BEFORE_TOKEN.zh
                        ),
                    ),
                    Bilingual::new(
                        format!(
                            "Confirm by running the scenario with `region = \"{other}\"` (or leave follow-ups on), and check the id in the console of the region the bot lives in. {}",
                            facts::REGION_HOSTS.en
                        ),
                        format!(
                            "请把场景改为 `region = \"{other}\"` 再运行以确认（或保持后续探测开启），并在智能体所在区域的控制台核对 ID。{}",
                            facts::REGION_HOSTS.zh
                        ),
                    ),
                )
                .proved_if(false),
        };
        findings.push(finding);
    }
    findings
}
