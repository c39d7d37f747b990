//! The Coze OpenAPI business-code table: what each `code` means and the outcome word it maps to when
//! nothing more specific is said (the classifier, [`super::classify`], reads the message first).
//!
//! [`OFFICIAL_CODES`] is exactly the table of the docs.coze.cn page "错误码" (doc coze_error_codes,
//! `https://www.coze.cn/open/docs/developer_guides/coze_error_codes`; the older address without `/open` is
//! the one coze-js src/error.ts links). [`SUPPLEMENTARY_CODES`] holds codes that come back on the wire but
//! that the page does not list, each with where it was seen; they are kept apart so that "official" stays
//! a fact about the docs.
//!
//! `zh` is the page's msg column, joined with its 原因 (cause) where that adds something. No English copy
//! of the page is public, so `en` translates `zh`, worded after the chat-sdk English strings where those
//! agree with the official meaning.
//!
//! Where the sources disagree:
//! - 4013: the page says 模型错误 (the model service failed); coze-js src/error.ts maps it to
//!   `RateLimitError` and chat-sdk i18n speaks of a model used too often. cozescope: `rate_limited`.
//! - 4001 is an invalid *chat* and 4006 an invalid *bot* on the page; chat-sdk i18n translates 4001 as
//!   "the specified conversation does not exist" and gives 4006 the text of 4005.
//! - 4008: the page's msg says 用户限流 (user throttling), its cause a daily usage cap ("try again
//!   tomorrow"). cozescope: `quota_exhausted`, since no retry clears it.
//! - 4011 is a low Coze Token balance on the page and an overdue payment in chat-sdk's enum; 4019 is a
//!   Volcengine pay-as-you-go balance on the page and a Coze Pro arrear in chat-sdk i18n. Both are billing.
//! - 4021: the page repeats 4016's cause and fix under it; only its msg (workflow not configured) is used.
//! - 4101 is "no permission to the resource" on the page, and coze-js maps it to `PermissionDeniedError`;
//!   the service also sends 4101 with "The token you entered is incorrect" for a token of the other region
//!   (coze-go#56), which is an authentication failure.
//! - 700012006 is the page's own example body (`access token invalid`) but not a row of its table.
//! - The page gives no HTTP statuses; coze-js checks the status before the code, so `401 + 4101` is an
//!   `AuthenticationError` there.

use crate::outcome::Outcome;

/// One row of the code table.
#[derive(Debug)]
pub struct CodeInfo {
    pub code: i64,
    /// The outcome a response with this code gets when its message says nothing more specific.
    pub outcome: Outcome,
    pub zh: &'static str,
    pub en: &'static str,
    /// Where the row comes from: the official page, or where a supplementary code was seen.
    pub source: &'static str,
}

/// The official page, as [`CodeInfo::source`] names it.
pub const OFFICIAL_SOURCE: &str = "doc coze_error_codes";

const fn row(code: i64, outcome: Outcome, zh: &'static str, en: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        outcome,
        zh,
        en,
        source: OFFICIAL_SOURCE,
    }
}

const fn extra(
    code: i64,
    source: &'static str,
    outcome: Outcome,
    zh: &'static str,
    en: &'static str,
) -> CodeInfo {
    CodeInfo {
        code,
        outcome,
        zh,
        en,
        source,
    }
}

/// Every code in the official table, sorted by code.
pub static OFFICIAL_CODES: &[CodeInfo] = &[
    row(
        4000,
        Outcome::BadRequest,
        "请求参数错误：参数格式错误、必选参数缺失等",
        "Request parameter error: a parameter is malformed or a required one is missing.",
    ),
    // Official reason: wrong chat id, or this account has no access to the chat.
    row(
        4001,
        Outcome::NotFound,
        "Invalid chat（包括chat id错误，chat 找不到）：指定对话不存在，主要原因包括 chat id 错误、当前账号无此 chat 的权限等",
        "Invalid chat (wrong chat id, chat not found): the chat does not exist, or this account has no access to it.",
    ),
    row(
        4002,
        Outcome::NotFound,
        "invalid conversation（包括conversation id错误，conversation 找不到）：指定会话不存在，主要原因包括 conversation id 错误、当前账号无此 conversation 的权限等",
        "Invalid conversation (wrong conversation id, conversation not found): the conversation does not exist, or this account has no access to it.",
    ),
    row(
        4003,
        Outcome::BadRequest,
        "meta data 超过限制：meta_data 字段的传参超出字段限制",
        "meta_data exceeds its limit.",
    ),
    row(
        4004,
        Outcome::BadRequest,
        "additional messages超过限制：additional_messages 字段的传参超出字段限制",
        "additional_messages exceeds its limit.",
    ),
    // The official reason mixes "not found" and "content invalid"; in the reports (polling
    // message/retrieve with a chat_id where a message id belongs) the request is what is wrong.
    row(
        4005,
        Outcome::BadRequest,
        "invalid message（包括message id错误，message content错误）：指定消息不存在，主要原因包括 message id 错误、当前账号无此 message 的权限、content 内容不符合要求等",
        "Invalid message (wrong message id, bad message content): the message does not exist, this account has no access to it, or the content is not acceptable.",
    ),
    row(
        4006,
        Outcome::NotFound,
        "invalid bot（包括bot id错误，bot 找不到）：指定智能体不存在，主要原因包括智能体id 错误、当前账号无此智能体的权限等",
        "Invalid bot (wrong bot id, bot not found): the bot does not exist, or this account has no access to it.",
    ),
    row(
        4007,
        Outcome::BadRequest,
        "流false仅在自动保存为true时允许：非流式响应下（stream=false），auto_save_history 必须设置为 true",
        "stream=false is only allowed with auto_save_history=true.",
    ),
    // The page calls it 用户限流 (user throttling), but its reason is a daily cap ("请明日再试", try
    // again tomorrow): a quota, which no retry within the run can clear.
    row(
        4008,
        Outcome::QuotaExhausted,
        "用户限流：当日智能体使用次数超过限制，请明日再试",
        "User throttled: the bot's daily usage limit is reached; try again tomorrow.",
    ),
    row(
        4009,
        Outcome::RateLimited,
        "已达系统请求上限，请稍后重试：当前使用人数过多",
        "System request limit reached (too many users right now); try again later.",
    ),
    row(
        4010,
        Outcome::BadRequest,
        "当前问题请求的 prompt token 数量超过模型上限",
        "The request's prompt tokens exceed the model's limit; shorten the question.",
    ),
    row(
        4011,
        Outcome::QuotaExhausted,
        "当前账户的 Coze Token 余额不足",
        "Insufficient Coze Token balance in this account; top up and retry.",
    ),
    // The bot is configured with a model that no longer exists: a configuration error.
    row(
        4012,
        Outcome::BadRequest,
        "invalid model：无效模型，可能原因包括模型从扣子平台下架等",
        "Invalid model, e.g. the model was taken off the Coze platform; switch the bot's model.",
    ),
    // The sources disagree: the official page says 模型错误 (the model service failed, retry
    // later); coze-js src/error.ts raises RateLimitError for 4013, and chat-sdk i18n speaks of a
    // model used too often. Treated as throttling: a later retry is right under either reading.
    row(
        4013,
        Outcome::RateLimited,
        "模型错误：模型服务报错，建议稍后重试",
        "Model error: the model service returned an error; try again later. (coze-js treats it as a rate limit.)",
    ),
    row(
        4014,
        Outcome::BadRequest,
        "问题无法回答：智能体无法回答此问题",
        "The bot cannot answer this question; ask something else.",
    ),
    row(
        4015,
        Outcome::NotFound,
        "bot 未发布到API：此智能体未发布为 API 服务",
        "The bot is not published as an API service.",
    ),
    // Succeeds once the running chat ends, but the fix the docs give is another conversation.
    row(
        4016,
        Outcome::BadRequest,
        "当前会话已有chat在运行：当前会话中已有运行中的对话，请等待对话完成后再发起新的对话",
        "A chat is already running in this conversation; wait for it to finish or use another conversation.",
    ),
    row(
        4019,
        Outcome::QuotaExhausted,
        "火山Bot调用按量余额不足：账号已欠费",
        "Insufficient pay-as-you-go balance for Volcengine bot calls: the account is in arrears.",
    ),
    // Per-minute cap: clears by itself within a minute.
    row(
        4020,
        Outcome::RateLimited,
        "火山Bot调用超出RPM峰值：当前 RPM 已超出购买的额度",
        "Volcengine bot calls exceed the peak RPM: the purchased RPM quota is exceeded.",
    ),
    // The page's 原因/解决方案 for 4021 repeat those of 4016 (a slip of the page): only its msg
    // column is used.
    row(
        4021,
        Outcome::BadRequest,
        "工作流未配置",
        "Workflow not configured.",
    ),
    row(
        4022,
        Outcome::QuotaExhausted,
        "模型欠费：火山方舟模型服务已欠费",
        "Model service in arrears: the Volcengine Ark model service has an unpaid balance.",
    ),
    row(
        4100,
        Outcome::DeniedAuth,
        "身份验证无效：个人访问令牌（PAT）不正确",
        "Authentication is invalid: the personal access token (PAT) is incorrect.",
    ),
    // The service also sends 4101 with "The token you entered is incorrect" (a token of the other
    // region, coze-go#56): the classifier reads that message before this row.
    row(
        4101,
        Outcome::DeniedPermission,
        "没有权限访问该资源：当前使用的个人访问令牌没有权限访问该资源",
        "No permission to access the resource: the personal access token in use lacks permission for it.",
    ),
    // A risk-control block: a refusal. The page says "retry later", but an automatic retry against
    // a risk-control block is the wrong advice.
    row(
        4102,
        Outcome::DeniedPermission,
        "命中风控拦截：系统检测到异常活动",
        "Blocked by risk control: the system detected unusual activity.",
    ),
    row(
        4104,
        Outcome::BadRequest,
        "当前对话不支持取消：当前的对话状态为 completed、failed 或 requires_action",
        "This chat cannot be cancelled: its status is completed, failed or requires_action.",
    ),
    row(
        4105,
        Outcome::BadRequest,
        "内容包含敏感信息,请修改后重新提交：当前发布智能体包含敏感信息",
        "The content contains sensitive information; edit it and submit again (bot being published).",
    ),
    row(
        4200,
        Outcome::NotFound,
        "资源未找到：主要原因包括资源 ID 错误、此资源并非由当前账号创建等",
        "Resource not found: wrong resource ID, or the resource was not created by this account.",
    ),
    row(
        4201,
        Outcome::BadRequest,
        "企业/团队人员已存在，请勿重复添加。组织成员已经存在，请不要重复加入。",
        "The member already exists in the enterprise/team/organization; do not add them again.",
    ),
    row(
        4300,
        Outcome::BadRequest,
        "上传文件时文件为空：指定的文件名称或路径不存在、请求头 Content-Type 未指定为 multipart/form-data 等",
        "The uploaded file is empty: the file name/path does not exist, or Content-Type is not multipart/form-data.",
    ),
    row(
        4301,
        Outcome::BadRequest,
        "文件上传时超过一个：每次调用上传文件接口，只能上传一个文件",
        "More than one file in one upload: upload one file per call.",
    ),
    row(
        4302,
        Outcome::BadRequest,
        "文件上传大小超过限制",
        "The uploaded file exceeds the size limit.",
    ),
    row(
        4303,
        Outcome::BadRequest,
        "文件类型不支持",
        "Unsupported file type.",
    ),
    row(
        4304,
        Outcome::BadRequest,
        "文件无效：文件故障等问题",
        "Invalid file (the file is faulty); try another file.",
    ),
    row(
        4314,
        Outcome::NotFound,
        "未找到执行记录：没有找到指定工作流的该执行记录",
        "Execution record not found for this workflow; check execute_id and workflow_id.",
    ),
    row(
        4315,
        Outcome::BadRequest,
        "执行已结束：工作流执行结束，无法恢复运行",
        "Execution has ended: the workflow run is finished and cannot be resumed.",
    ),
    row(
        5000,
        Outcome::ServerError,
        "服务器内部错误：服务端内部错误，请稍后重试",
        "Internal server error; try again later.",
    ),
];

/// Codes seen on the wire or in the SDKs that the official table does not list, sorted by code.
/// `zh` comes from chat-sdk `zh.ts` or the observed message; where no Chinese source exists it is
/// a translation, marked （译）.
pub static SUPPLEMENTARY_CODES: &[CodeInfo] = &[
    // chat-sdk en/zh miniChatError_4027.
    extra(
        4027,
        "chat-sdk i18n (miniChatError_4027)",
        Outcome::QuotaExhausted,
        "专业版账户已欠费，请立即充值",
        "The Pro account has an overdue payment; recharge now.",
    ),
    // chat-sdk miniChatError_4028; the wire message (coze-py#425) is "Your free quota has been
    // used up. Please upgrade to a paid plan to continue".
    extra(
        4028,
        "coze-py#425; chat-sdk i18n (miniChatError_4028)",
        Outcome::QuotaExhausted,
        "资源点余额不足，请等待额度刷新或升级到专业版",
        "Insufficient credits (free quota used up); wait for the quota refresh or upgrade to a paid plan.",
    ),
    // Seen once (coze-py#247, knowledge document create) with the generic "something went wrong"
    // message; its meaning is unknown, so it stays unexpected.
    extra(
        4305,
        "coze-py#247",
        Outcome::Unexpected,
        "发生了一些错误，请尝试再次操作。如果问题仍然存在，请联系我们的支持团队。",
        "Something went wrong; try again, and contact support if it persists. (Not in the official table; meaning unknown.)",
    ),
    // chat-sdk miniChatError_6006. The user's code node ran too long: retrying the same input
    // will time out again.
    extra(
        6006,
        "chat-sdk i18n (miniChatError_6006)",
        Outcome::ServerError,
        "code节点超时",
        "Workflow code node timed out: a node exceeded its maximum execution time of one minute.",
    ),
    // chat-sdk miniChatError_700012006; the official page's own example body uses it
    // ("access token invalid") without listing it. Coze Studio: ErrUserAuthenticationFailed.
    extra(
        700_012_006,
        "the example body of doc coze_error_codes; chat-sdk i18n; coze-studio backend/types/errno/user.go",
        Outcome::DeniedAuth,
        "个人访问令牌（PAT）不正确",
        "Access token authentication failed (e.g. \"access token invalid\", HTTP 401).",
    ),
    // coze-java#47: bot/publish answered with the generic server-issues message.
    extra(
        702_042_078,
        "coze-java#47",
        Outcome::ServerError,
        "服务端出现问题，请稍后重试（译）",
        "We're currently experiencing server issues; try again after a short delay. (Seen on bot/publish.)",
    ),
    // Coze Studio errno ErrWorkflowExecuteFail; the cloud sends it with the server-issues text
    // and a debug_url.
    extra(
        720_701_013,
        "coze-studio backend/types/errno/workflow.go (ErrWorkflowExecuteFail)",
        Outcome::ServerError,
        "工作流执行失败，请稍后重试（译）",
        "Workflow execution failure; the cloud says \"We're currently experiencing server issues\". Check debug_url.",
    ),
    // Coze Studio errno ErrWorkflowNotFound, with the OpenAPI shape and a debug_url
    // (api/handler/coze/workflow_service.go): the workflow id is not one it has.
    extra(
        720_702_004,
        "coze-studio backend/types/errno/workflow.go (ErrWorkflowNotFound)",
        Outcome::NotFound,
        "工作流不存在，请检查工作流是否存在且未被删除（译）",
        "workflow N not found, please check if the workflow exists and not deleted (Coze Studio).",
    ),
    // Coze Studio errno ErrWorkflowOperationFail, "Workflow operation failure: {cause}". The
    // cause decides the real outcome (e.g. "conversation not found" is not_found).
    extra(
        777_777_775,
        "coze-studio backend/types/errno/workflow.go (ErrWorkflowOperationFail); coze-studio#2256, #2486",
        Outcome::ServerError,
        "工作流操作失败：{cause}（译）",
        "Workflow operation failure: {cause} (Coze Studio); read the cause.",
    ),
    // chat-sdk miniChatError_788788103.
    extra(
        788_788_103,
        "chat-sdk i18n (miniChatError_788788103)",
        Outcome::QuotaExhausted,
        "专业版账户已欠费，请立即充值",
        "The account has an overdue payment (Volcengine); recharge now.",
    ),
];

/// The official row for `code`, if the official table lists it.
pub fn official(code: i64) -> Option<&'static CodeInfo> {
    find(OFFICIAL_CODES, code)
}

/// The official row, else a supplementary one: what cozescope knows about `code`.
pub fn lookup(code: i64) -> Option<&'static CodeInfo> {
    official(code).or_else(|| find(SUPPLEMENTARY_CODES, code))
}

impl CodeInfo {
    /// Whether the official page lists this code.
    pub fn is_official(&self) -> bool {
        self.source == OFFICIAL_SOURCE
    }

    /// The meaning in `lang`.
    pub fn text(&self, lang: crate::i18n::Lang) -> &'static str {
        match lang {
            crate::i18n::Lang::En => self.en,
            crate::i18n::Lang::Zh => self.zh,
        }
    }
}

fn find(table: &'static [CodeInfo], code: i64) -> Option<&'static CodeInfo> {
    table
        .binary_search_by_key(&code, |row| row.code)
        .ok()
        .and_then(|index| table.get(index))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_table(name: &str, table: &[CodeInfo]) {
        assert!(!table.is_empty(), "{name} is empty");
        for row in table {
            assert!(!row.en.trim().is_empty(), "{name} {}: empty en", row.code);
            assert!(!row.zh.trim().is_empty(), "{name} {}: empty zh", row.code);
            assert!(!row.source.trim().is_empty(), "{name} {}", row.code);
            assert!(
                !matches!(
                    row.outcome,
                    Outcome::Ok | Outcome::NetworkError | Outcome::Skipped
                ),
                "{name} {}: an error code cannot mean {}",
                row.code,
                row.outcome
            );
        }
        for pair in table.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{name}: {} then {} (must be unique and sorted)",
                pair[0].code,
                pair[1].code
            );
        }
    }

    #[test]
    fn both_tables_are_well_formed_and_apart() {
        check_table("OFFICIAL_CODES", OFFICIAL_CODES);
        check_table("SUPPLEMENTARY_CODES", SUPPLEMENTARY_CODES);
        assert!(OFFICIAL_CODES.iter().all(CodeInfo::is_official));
        for row in SUPPLEMENTARY_CODES {
            assert!(!row.is_official());
            assert!(official(row.code).is_none(), "{} is official", row.code);
        }
    }

    #[test]
    fn the_official_table_has_every_code_of_the_page() {
        // The codes of doc coze_error_codes, in page order.
        let page = [
            4000, 4001, 4002, 4003, 4004, 4005, 4006, 4007, 4008, 4009, 4010, 4011, 4012, 4013,
            4014, 4015, 4016, 4019, 4020, 4021, 4022, 4100, 4101, 4102, 4104, 4105, 4200, 4201,
            4300, 4301, 4302, 4303, 4304, 4314, 4315, 5000,
        ];
        assert_eq!(OFFICIAL_CODES.len(), page.len());
        for code in page {
            assert!(official(code).is_some(), "{code} missing");
        }
    }

    #[test]
    fn codes_map_to_their_outcomes() {
        let outcome = |code| lookup(code).map(|row| row.outcome);
        assert_eq!(outcome(4000), Some(Outcome::BadRequest));
        assert_eq!(outcome(4005), Some(Outcome::BadRequest));
        assert_eq!(outcome(4100), Some(Outcome::DeniedAuth));
        assert_eq!(outcome(4101), Some(Outcome::DeniedPermission));
        assert_eq!(outcome(4200), Some(Outcome::NotFound));
        assert_eq!(outcome(4015), Some(Outcome::NotFound));
        assert_eq!(outcome(4013), Some(Outcome::RateLimited));
        assert_eq!(outcome(4020), Some(Outcome::RateLimited));
        for quota in [4008, 4011, 4019, 4022, 4027, 4028, 788_788_103] {
            assert_eq!(outcome(quota), Some(Outcome::QuotaExhausted), "{quota}");
        }
        for server in [5000, 702_042_078, 720_701_013, 777_777_775] {
            assert_eq!(outcome(server), Some(Outcome::ServerError), "{server}");
        }
        assert_eq!(outcome(700_012_006), Some(Outcome::DeniedAuth));
        assert_eq!(outcome(4305), Some(Outcome::Unexpected));
        assert_eq!(outcome(1), None);
        assert!(official(4028).is_none(), "4028 is not on the official page");
    }
}
