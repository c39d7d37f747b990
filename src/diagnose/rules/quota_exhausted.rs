//! Rule `quota_exhausted`: probes answered with an exhausted quota or balance (4028 `Your free quota has
//! been used up`, 4008, 4011, 4019, 4022, 4027, 788788103). Those rows say nothing about permissions, the
//! runner did not retry them, and the fix is on the account, not in the request.
//!
//! Grounds: doc coze_error_codes (4008 daily cap, 4011 Coze Token balance, 4019 Volcengine balance, 4022
//! model arrears), chat-sdk i18n (4027, 4028, 788788103), coze-py#425 (4028 on a chat's `last_error`).

use crate::diagnose::evidence::{Facts, quoted_all};
use crate::diagnose::finding::{Finding, Severity};
use crate::diagnose::transient::{AttemptCode, Transient};
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::outcome::Outcome;

pub const RULE: &str = "quota_exhausted";

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let Some(found) = Transient::collect(
        facts,
        Outcome::QuotaExhausted,
        AttemptCode::BusinessOrStatus,
    ) else {
        return Vec::new();
    };
    let codes = found.codes.join(", ");
    vec![found.evidence.finding(
        RULE,
        Severity::Cause,
        Bilingual::new(
            format!(
                "The account is out of quota or balance ({codes}) on {}: not a permission verdict, so those rows say nothing about permissions, and cozescope did not retry them.",
                quoted_all(found.failed.iter().copied(), ", ")
            ),
            format!(
                "账户的额度或余额已用完（{codes}），见 {}：这不是权限判定，这些行无法说明任何权限问题，cozescope 也没有重试。",
                quoted_all(found.failed.iter().copied(), "、")
            ),
        ),
        Bilingual::new(
            format!("{} Then run those cases again.", facts::QUOTA.en),
            format!("{}之后请重新运行这些用例。", facts::QUOTA.zh),
        ),
    )]
}
