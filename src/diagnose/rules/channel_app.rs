//! Rule `channel_app`: the token request was refused with `access_deny` `connector app should bind connector
//! id`: the OAuth app is a channel (渠道) app with no connector bound, used where a normal (普通) app is
//! needed (server-side calls such as createBot). Also covers `access_deny` for a deactivated app.
//!
//! Grounds: doc oauth_jwt error codes (`access_deny`, the service's spelling; its messages), GitHub issues coze-java#39 (the
//! maintainer's fix: recreate the OAuth app as 普通/normal), doc oauth_jwt_channel FAQ.

use crate::coze::wire::oauth_error;
use crate::diagnose::evidence::{
    AuthFailure, Evidence, Facts, auth_rejection, error_text, quoted_all,
};
use crate::diagnose::finding::{Finding, Severity};
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::runner::CaseResult;

pub const RULE: &str = "channel_app";
pub const DEACTIVATED: &str = "app_deactivated";

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for wanted in [AuthFailure::ChannelApp, AuthFailure::Deactivated] {
        let mut done: Vec<&str> = Vec::new();
        for case in facts.cases() {
            let Some((probe, failure)) = auth_rejection(case) else {
                continue;
            };
            let access_deny = probe
                .answer
                .error_code
                .as_deref()
                .is_none_or(|code| code == oauth_error::ACCESS_DENY);
            if failure != wanted || !access_deny || done.contains(&case.auth.name.as_str()) {
                continue;
            }
            done.push(&case.auth.name);
            let rows: Vec<&CaseResult> = facts
                .cases()
                .filter(|row| {
                    row.auth.name == case.auth.name
                        && auth_rejection(row).is_some_and(|(_, f)| f == wanted)
                })
                .collect();
            let mut evidence = Evidence::default();
            for row in &rows {
                evidence.add(row, auth_rejection(row).map(|(probe, _)| probe));
            }
            let app = case.auth.app_id.as_deref().unwrap_or("?");
            let finding = if wanted == AuthFailure::ChannelApp {
                evidence.finding(
                    RULE,
                    Severity::Cause,
                    Bilingual::new(
                        format!(
                            "OAuth app `{app}` (credential `{}`) is a channel (渠道) app with no connector bound: the service refuses its tokens ({}; {}). Server-side calls such as createBot need a normal (普通) app; scopes and permissions were never reached.",
                            case.auth.name,
                            quoted_all(rows.iter().copied(), ", "),
                            error_text(probe)
                        ),
                        format!(
                            "OAuth 应用 `{app}`（凭证 `{}`）是未绑定渠道的“渠道”类型应用：服务拒绝为它签发令牌（{}；{}）。createBot 这类服务端调用需要“普通”类型的应用；scope 和权限根本没有被检查到。",
                            case.auth.name,
                            quoted_all(rows.iter().copied(), "、"),
                            error_text(probe)
                        ),
                    ),
                    facts::RECREATE_NORMAL_APP.clone(),
                )
            } else {
                evidence.finding(
                    DEACTIVATED,
                    Severity::Cause,
                    Bilingual::new(
                        format!(
                            "OAuth app `{app}` (credential `{}`) is deactivated: the service refuses its tokens ({}).",
                            case.auth.name,
                            error_text(probe)
                        ),
                        format!(
                            "OAuth 应用 `{app}`（凭证 `{}`）已被停用：服务拒绝为它签发令牌（{}）。",
                            case.auth.name,
                            error_text(probe)
                        ),
                    ),
                    Bilingual::new(
                        "Ask the app's owner to re-enable it in the console (OAuth apps), or use another app.",
                        "请应用所有者在控制台（OAuth 应用）重新启用它，或改用其他应用。",
                    ),
                )
            };
            findings.push(finding);
        }
    }
    findings
}
