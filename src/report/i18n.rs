//! The report's fixed words in English and Chinese. Outcome words, probe names, codes and logids are never
//! translated: they must stay searchable.

use std::str::FromStr;

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// `zh` when `LANG` (or `LC_ALL`) names a Chinese locale, else `en`.
    pub fn from_locale(value: Option<&str>) -> Lang {
        match value {
            Some(locale) if locale.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    pub fn text(self) -> &'static Text {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(word: &str) -> Result<Self, Self::Err> {
        match word {
            "en" => Ok(Lang::En),
            "zh" => Ok(Lang::Zh),
            other => Err(format!(
                "unknown language `{other}` (expected `en` or `zh`)"
            )),
        }
    }
}

/// Every fixed phrase of the report.
pub struct Text {
    pub title: &'static str,
    pub sandbox_banner: &'static str,
    pub tool: &'static str,
    pub target: &'static str,
    pub region: &'static str,
    pub started: &'static str,
    pub scenario: &'static str,
    pub findings: &'static str,
    pub no_findings: &'static str,
    pub fix: &'static str,
    pub evidence: &'static str,
    pub comparison: &'static str,
    pub case: &'static str,
    pub auth: &'static str,
    pub scope_sent: &'static str,
    pub error: &'static str,
    pub logid: &'static str,
    pub no_scope: &'static str,
    pub not_applicable: &'static str,
    pub recommended_fix: &'static str,
    pub details: &'static str,
    pub expected: &'static str,
    pub expect_held: &'static str,
    pub expect_failed: &'static str,
    pub jwt_header: &'static str,
    pub jwt_claims: &'static str,
    pub probe: &'static str,
    pub request: &'static str,
    pub outcome: &'static str,
    pub message: &'static str,
    pub time_utc: &'static str,
    pub duration: &'static str,
    pub reason: &'static str,
    pub note: &'static str,
    pub created_bots: &'static str,
    pub created_bots_help: &'static str,
    pub support: &'static str,
    pub support_intro: &'static str,
    pub app_id: &'static str,
    pub kid: &'static str,
    pub code: &'static str,
    pub sandbox_footer: &'static str,
    pub scope_none_detail: &'static str,
    pub follow_up: &'static str,
    pub follow_up_no_scope: &'static str,
    pub follow_up_other_region: &'static str,
    pub interrupted_banner: &'static str,
    pub retried_after: &'static str,
    pub headers_sent: &'static str,
    pub request_body: &'static str,
    pub token_expires: &'static str,
}

const EN: Text = Text {
    title: "cozescope report",
    sandbox_banner: "**SANDBOX** — these results come from cozescope's embedded Coze sandbox, a model of the Coze OpenAPI, not from the real service.",
    tool: "Tool",
    target: "Target",
    region: "Region",
    started: "Started (UTC)",
    scenario: "Scenario",
    findings: "Findings",
    no_findings: "No finding: nothing failed that a rule explains.",
    fix: "Fix",
    evidence: "Evidence",
    comparison: "Comparison",
    case: "case",
    auth: "auth",
    scope_sent: "scope sent",
    error: "error",
    logid: "logid",
    no_scope: "none (no `scope` key)",
    not_applicable: "n/a",
    recommended_fix: "Recommended fix",
    details: "Case details",
    expected: "Expected",
    expect_held: "held",
    expect_failed: "did not hold",
    jwt_header: "JWT header",
    jwt_claims: "JWT claims",
    probe: "probe",
    request: "request",
    outcome: "outcome",
    message: "message",
    time_utc: "time (UTC)",
    duration: "ms",
    reason: "reason",
    note: "Note",
    created_bots: "Bots created by this run",
    created_bots_help: "These bots were created as unpublished drafts. Delete them in the Coze console if you do not need them.",
    support: "For Coze support",
    support_intro: "Give these logids and times to Coze support. No secret appears in this report.",
    app_id: "app id",
    kid: "kid",
    code: "code",
    sandbox_footer: "Sandbox results are a model of the Coze OpenAPI built from its documentation, SDKs and observed behaviour; confirm them against the real service (`--target cn` or `--target com`) before acting on them.",
    scope_none_detail: "none — no `scope` key was sent, so the token carries every permission configured on the app",
    follow_up: "Follow-up of",
    follow_up_no_scope: "added automatically: the same credential and probes with no `scope` key",
    follow_up_other_region: "added automatically: the same case against the other region",
    interrupted_banner: "**INCOMPLETE** — the run was interrupted; probes marked skipped were not attempted.",
    retried_after: "Retried after earlier attempts of",
    headers_sent: "Headers sent",
    request_body: "Request body of",
    token_expires: "Access token expires (`expires_in`)",
};

const ZH: Text = Text {
    title: "cozescope 诊断报告",
    sandbox_banner: "**沙箱（SANDBOX）** — 以下结果来自 cozescope 内置的扣子沙箱，它是扣子 OpenAPI 的模型，并非真实服务。",
    tool: "工具",
    target: "目标",
    region: "区域",
    started: "开始时间（UTC）",
    scenario: "场景",
    findings: "诊断结论",
    no_findings: "无结论：没有需要规则解释的失败。",
    fix: "修复",
    evidence: "证据",
    comparison: "对比表",
    case: "用例",
    auth: "鉴权",
    scope_sent: "发送的 scope",
    error: "错误",
    logid: "logid",
    no_scope: "无（未发送 `scope`）",
    not_applicable: "不适用",
    recommended_fix: "建议修复",
    details: "用例详情",
    expected: "预期",
    expect_held: "符合",
    expect_failed: "不符合",
    jwt_header: "JWT 头部",
    jwt_claims: "JWT 声明",
    probe: "探测",
    request: "请求",
    outcome: "结果",
    message: "消息",
    time_utc: "时间（UTC）",
    duration: "毫秒",
    reason: "原因",
    note: "备注",
    created_bots: "本次运行创建的智能体",
    created_bots_help: "这些智能体以未发布草稿的形式创建；如不需要，请在扣子控制台中删除。",
    support: "提供给扣子技术支持",
    support_intro: "请将以下 logid 和时间提供给扣子技术支持。本报告不包含任何密钥。",
    app_id: "应用 ID",
    kid: "公钥指纹（kid）",
    code: "错误码",
    sandbox_footer: "沙箱结果是根据扣子文档、官方 SDK 和实际观察到的行为构建的模型；在据此采取行动之前，请用真实服务（`--target cn` 或 `--target com`）确认。",
    scope_none_detail: "无 — 未发送 `scope`，令牌携带应用上配置的全部权限",
    follow_up: "追加探测，源自",
    follow_up_no_scope: "自动追加：相同凭据和探测，不发送 `scope`",
    follow_up_other_region: "自动追加：相同用例，改用另一区域",
    interrupted_banner: "**未完成** — 运行被中断；标记为 skipped 的探测未执行。",
    retried_after: "重试前的失败尝试",
    headers_sent: "发送的请求头",
    request_body: "请求体",
    token_expires: "访问令牌过期时间（`expires_in`）",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_picks_chinese_for_zh_locales_only() {
        assert_eq!(Lang::from_locale(Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::from_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("C")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::En);
    }
}
