//! The rules engine: every rule reads one scenario's results and may produce findings. The engine runs them
//! in order of importance, merges findings that say the same thing, and puts warnings first.
//!
//! Each rule lives in its own module and cites the public source (docs page, SDK, issue) it rests on.

mod all_auth_failed;
mod audience_mismatch;
mod channel_app;
mod clock_skew;
mod credential_rejected;
mod endpoint_not_found;
mod id_rounded;
mod jti_replayed;
mod key_not_registered;
mod not_published;
mod permission_denied;
mod quota_exhausted;
mod rate_limited;
mod scope_name_rejected;
mod scope_narrowed;
mod server_error;
mod wrong_region;

use super::evidence::Facts;
use super::finding::Finding;
use crate::runner::ScenarioResult;

/// A rule: the findings it draws from the facts.
type Check = fn(&Facts<'_>) -> Vec<Finding>;

/// A rule and the ids its findings carry.
struct Rule {
    check: Check,
    ids: &'static [&'static str],
}

/// Every rule, most specific first (the order findings of one severity keep).
const RULES: &[Rule] = &[
    Rule {
        check: all_auth_failed::check,
        ids: &[ids::ALL_AUTH_FAILED],
    },
    Rule {
        check: endpoint_not_found::check,
        ids: &[ids::ENDPOINT_NOT_FOUND],
    },
    Rule {
        check: scope_narrowed::check,
        ids: &[ids::SCOPE_NARROWED],
    },
    Rule {
        check: scope_name_rejected::check,
        ids: &[ids::SCOPE_NAME_REJECTED],
    },
    Rule {
        check: permission_denied::check,
        ids: &[ids::PERMISSION_NOT_CONFIGURED, ids::WORKSPACE_NOT_BOUND],
    },
    Rule {
        check: channel_app::check,
        ids: &[ids::CHANNEL_APP, ids::APP_DEACTIVATED],
    },
    Rule {
        check: id_rounded::check,
        ids: &[ids::ID_ROUNDED],
    },
    Rule {
        check: not_published::check,
        ids: &[ids::NOT_PUBLISHED],
    },
    Rule {
        check: wrong_region::check,
        ids: &[ids::WRONG_REGION],
    },
    Rule {
        check: key_not_registered::check,
        ids: &[ids::KEY_NOT_REGISTERED],
    },
    Rule {
        check: credential_rejected::check,
        ids: &[ids::CREDENTIAL_REJECTED],
    },
    Rule {
        check: audience_mismatch::check,
        ids: &[ids::AUDIENCE_MISMATCH],
    },
    Rule {
        check: clock_skew::check,
        ids: &[ids::CLOCK_SKEW],
    },
    Rule {
        check: jti_replayed::check,
        ids: &[ids::JTI_REPLAYED],
    },
    Rule {
        check: quota_exhausted::check,
        ids: &[ids::QUOTA_EXHAUSTED],
    },
    Rule {
        check: rate_limited::check,
        ids: &[ids::RATE_LIMITED],
    },
    Rule {
        check: server_error::check,
        ids: &[ids::SERVER_ERROR],
    },
];

/// The rule ids findings carry (stable: JSON consumers and `explain` use them).
pub mod ids {
    use super::*;

    pub const ALL_AUTH_FAILED: &str = all_auth_failed::RULE;
    pub const SCOPE_NARROWED: &str = scope_narrowed::RULE;
    pub const SCOPE_NAME_REJECTED: &str = scope_name_rejected::RULE;
    pub const PERMISSION_NOT_CONFIGURED: &str = permission_denied::NOT_CONFIGURED;
    pub const WORKSPACE_NOT_BOUND: &str = permission_denied::WORKSPACE_NOT_BOUND;
    pub const CHANNEL_APP: &str = channel_app::RULE;
    pub const APP_DEACTIVATED: &str = channel_app::DEACTIVATED;
    pub const WRONG_REGION: &str = wrong_region::RULE;
    pub const KEY_NOT_REGISTERED: &str = key_not_registered::RULE;
    pub const CREDENTIAL_REJECTED: &str = credential_rejected::RULE;
    pub const AUDIENCE_MISMATCH: &str = audience_mismatch::RULE;
    pub const CLOCK_SKEW: &str = clock_skew::RULE;
    pub const JTI_REPLAYED: &str = jti_replayed::RULE;
    pub const RATE_LIMITED: &str = rate_limited::RULE;
    pub const SERVER_ERROR: &str = server_error::RULE;
    pub const ENDPOINT_NOT_FOUND: &str = endpoint_not_found::RULE;
    pub const ID_ROUNDED: &str = id_rounded::RULE;
    pub const NOT_PUBLISHED: &str = not_published::RULE;
    pub const QUOTA_EXHAUSTED: &str = quota_exhausted::RULE;
}

/// Every rule id a finding can carry, in the engine's order.
pub fn rule_ids() -> impl Iterator<Item = &'static str> {
    RULES.iter().flat_map(|rule| rule.ids.iter().copied())
}

/// Every finding for one scenario: warnings first, then causes, then notes; duplicates merged.
pub fn diagnose(scenario: &ScenarioResult) -> Vec<Finding> {
    let facts = Facts::new(scenario);
    let mut findings: Vec<Finding> = Vec::new();
    for rule in RULES {
        for finding in (rule.check)(&facts) {
            debug_assert!(rule.ids.contains(&finding.rule), "{}", finding.rule);
            merge(&mut findings, finding);
        }
    }
    // Stable: findings of one severity keep the rules' order.
    findings.sort_by_key(|finding| finding.severity);
    findings
}

/// Adds `finding`, or folds its evidence into an earlier finding of the same rule and cause.
fn merge(findings: &mut Vec<Finding>, finding: Finding) {
    match findings
        .iter_mut()
        .find(|known| known.rule == finding.rule && known.cause == finding.cause)
    {
        Some(known) => {
            for case in finding.cases {
                if !known.cases.contains(&case) {
                    known.cases.push(case);
                }
            }
            for credential in finding.credentials {
                if !known.credentials.contains(&credential) {
                    known.credentials.push(credential);
                }
            }
            known.proved &= finding.proved;
            for logid in finding.logids {
                if !known.logids.contains(&logid) {
                    known.logids.push(logid);
                }
            }
            if known.severity > finding.severity {
                known.severity = finding.severity;
            }
        }
        None => findings.push(finding),
    }
}
