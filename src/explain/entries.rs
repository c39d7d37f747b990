//! The knowledge base behind `cozescope explain`: one entry per numeric business code, OAuth `error_code`
//! and characteristic message, each with its meaning, likely causes, fixes, the sources it rests on, the
//! outcome word cozescope gives it and the diagnosis rules that detect it. Causes and fixes that the rules
//! also state come from [`crate::knowledge::facts`].

use crate::coze::messages as fragment;
use crate::diagnose::ids;
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::outcome::Outcome;

/// How an entry is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A business `code` of the `{code, msg}` envelope.
    Code(i64),
    /// An OAuth `error_code` of the token endpoint.
    ErrorCode(&'static str),
    /// A fragment of a message, matched case-insensitively.
    Fragment(&'static str),
}

/// What one code or message means.
#[derive(Debug)]
pub struct Entry {
    /// How the entry is shown (`4101`, `invalid_client`, `"kid not been registred"`).
    pub id: &'static str,
    pub keys: &'static [Key],
    pub title: Bilingual,
    pub meaning: Bilingual,
    pub causes: &'static [Bilingual],
    pub fixes: &'static [Bilingual],
    pub sources: &'static [&'static str],
    /// The outcome word cozescope gives a probe that gets this answer.
    pub outcome: Option<Outcome>,
    /// The diagnosis rules that explain it in a report.
    pub rules: &'static [&'static str],
}

const fn t(en: &'static str, zh: &'static str) -> Bilingual {
    Bilingual::fixed(en, zh)
}

/// Every entry, codes first, then OAuth error codes, then messages.
pub static ENTRIES: &[Entry] = &[
    // ------------------------------------------------------------------ business codes (the Coze error-code page)
    Entry {
        id: "4000",
        keys: &[Key::Code(4000)],
        title: t("request parameter error", "请求参数错误"),
        meaning: t(
            "The service rejected the request's parameters (HTTP 200 or 4xx with code 4000). An unknown path also answers 4000.",
            "服务拒绝了请求参数（HTTP 200 或 4xx，code 4000）。请求了不存在的路径也会返回 4000。",
        ),
        causes: &[
            t(
                "A required field is missing or malformed (e.g. `space_id`, `name` of 1-20 characters for createBot).",
                "缺少必填字段或格式不对（例如 createBot 的 `space_id`，或长度 1-20 的 `name`）。",
            ),
            t(
                "A wrong `space_id` on bots.create (coze-js error-handle example: BadRequestError).",
                "bots.create 使用了错误的 `space_id`（coze-js 的 error-handle 示例：BadRequestError）。",
            ),
            t(
                "Both `bot_id` and `app_id` sent to a workflow run.",
                "同时向工作流运行接口传了 `bot_id` 和 `app_id`。",
            ),
            t(
                "A path that does not exist (a typo in the base URL, e.g. `https://api.coze.cn/xxx`).",
                "路径不存在（基础 URL 拼错，例如 `https://api.coze.cn/xxx`）。",
            ),
        ],
        fixes: &[t(
            "Compare the request with the endpoint's documented fields; check the base URL has no extra path.",
            "对照接口文档检查请求字段；确认基础 URL 没有多余的路径。",
        )],
        sources: &[
            "coze-js chat-sdk error codes",
            "coze-js examples/coze-js-node/src/error-handle.ts",
            "py workflows/runs docstring",
        ],
        outcome: Some(Outcome::BadRequest),
        rules: &[],
    },
    Entry {
        id: "4013",
        keys: &[
            Key::Code(4013),
            Key::Code(4020),
            Key::Code(4008),
            Key::Code(4009),
        ],
        title: t("rate limit exceeded", "超出速率限制"),
        meaning: t(
            "Throttled: 4013 model concurrency exceeded, 4020 model RPM exceeded, 4008 the bot's daily usage exceeded, 4009 too many current users. An HTTP-level throttle answers 429.",
            "被限流：4013 模型并发超限，4020 模型 RPM 超限，4008 智能体当日用量超限，4009 当前用户过多。HTTP 层面的限流返回 429。",
        ),
        causes: &[t(
            "Too many requests at once, or a quota of the plan or the model.",
            "同时发出的请求过多，或触及套餐或模型的配额。",
        )],
        fixes: &[facts::RETRY_RATE_LIMIT],
        sources: &[
            "coze-js chat-sdk error codes, coze-js src/error.ts",
            "js error.ts (RateLimitError)",
            "chat-sdk i18n",
        ],
        outcome: Some(Outcome::RateLimited),
        rules: &[ids::RATE_LIMITED],
    },
    Entry {
        id: "4100",
        keys: &[Key::Code(4100)],
        title: t("authentication is invalid", "鉴权无效"),
        meaning: t(
            "The service did not accept the bearer token: `{\"code\":4100,\"msg\":\"authentication is invalid\"}`. On a streaming call it comes back as JSON instead of SSE.",
            "服务不接受该 Bearer 令牌：`{\"code\":4100,\"msg\":\"authentication is invalid\"}`。流式调用时会以 JSON 而不是 SSE 返回。",
        ),
        causes: &[
            t(
                "A token of the other region: a coze.cn PAT or access token sent to api.coze.com (the SDKs' default), or the reverse. The most common cause.",
                "使用了另一区域的令牌：把 coze.cn 的 PAT 或访问令牌发到了 api.coze.com（SDK 默认值），或者反过来。这是最常见的原因。",
            ),
            t(
                "The token is mistyped, truncated, revoked or expired (an OAuth access token lives 15 minutes by default).",
                "令牌输错、被截断、已撤销或已过期（OAuth 访问令牌默认有效期 15 分钟）。",
            ),
        ],
        fixes: &[facts::REGION_HOSTS],
        sources: &[
            "coze-js chat-sdk error codes",
            "coze-py#78",
            "coze-py#83",
            "coze-js#314",
        ],
        outcome: Some(Outcome::DeniedAuth),
        rules: &[
            ids::WRONG_REGION,
            ids::CREDENTIAL_REJECTED,
            ids::ALL_AUTH_FAILED,
        ],
    },
    Entry {
        id: "4101",
        keys: &[Key::Code(4101)],
        title: t("the token does not have permission", "令牌没有权限"),
        meaning: t(
            "Authenticated, but the token may not do this here: `Your token does not have permission to access space_id=… createBot. …` (HTTP 200). The message names the resource and the permission. One exception: 4101 `The token you entered is incorrect` is an authentication failure (see that message).",
            "鉴权通过，但令牌无权在此执行该操作：`Your token does not have permission to access space_id=… createBot. …`（HTTP 200）。消息中会给出资源和权限名。例外：4101 `The token you entered is incorrect` 实际是鉴权失败（见该消息的条目）。",
        ),
        causes: &[
            facts::SCOPE_NARROWS,
            t(
                "The permission is not configured on the OAuth app or the PAT.",
                "OAuth 应用或 PAT 上没有配置该权限。",
            ),
            t(
                "The workspace (`space_id=…`) is not bound to the app or the PAT.",
                "该工作空间（`space_id=…`）没有授权给应用或 PAT。",
            ),
        ],
        fixes: &[
            facts::OMIT_SCOPE,
            facts::GRANT_IN_CONSOLE,
            facts::BIND_WORKSPACE,
            facts::VOLCENGINE_TICKET,
        ],
        sources: &[
            "coze-js chat-sdk error codes",
            "coze-py#142",
            "third-party debug notes recorded by their authors",
        ],
        outcome: Some(Outcome::DeniedPermission),
        rules: &[
            ids::SCOPE_NARROWED,
            ids::PERMISSION_NOT_CONFIGURED,
            ids::WORKSPACE_NOT_BOUND,
        ],
    },
    Entry {
        id: "4200",
        keys: &[
            Key::Code(4200),
            Key::Fragment("does not exist. ensure you are the correct resource identifier"),
        ],
        title: t("resource not found", "资源不存在"),
        meaning: t(
            "`Requested resource bot_id=… does not exist. Ensure you are the correct resource identifier.`",
            "`Requested resource bot_id=… does not exist. Ensure you are the correct resource identifier.`",
        ),
        causes: &[
            t(
                "A wrong id, or an id of the other region.",
                "ID 错误，或是另一区域的 ID。",
            ),
            t(
                "The bot or workflow is not published (to the API channel 1024): a created bot is an unpublished draft.",
                "智能体或工作流没有发布（到 API 渠道 1024）：新建的智能体是未发布的草稿。",
            ),
        ],
        fixes: &[t(
            "Check the id and the region; publish the bot to the API channel (connector 1024) before retrieving or chatting with it.",
            "检查 ID 和区域；在获取或对话之前把智能体发布到 API 渠道（connector 1024）。",
        )],
        sources: &[
            "docs.coze.cn create_bot, coze-js chat-sdk error codes",
            "coze-py#318",
            "xiaozhi-esp32-server#352",
        ],
        outcome: Some(Outcome::NotFound),
        rules: &[],
    },
    Entry {
        id: "5000",
        keys: &[Key::Code(5000), Key::Fragment(fragment::SERVER_ISSUES)],
        title: t("internal server error", "服务内部错误"),
        meaning: t(
            "`We're currently experiencing server issues. Please try your request again after a short delay. If the problem persists, contact our support team.`",
            "`We're currently experiencing server issues. Please try your request again after a short delay. If the problem persists, contact our support team.`",
        ),
        causes: &[
            t("A transient failure of the service.", "服务的临时故障。"),
            t(
                "A wrong id in the request that the service did not validate (a bad bot id on conversation/create, coze-js#179).",
                "请求中有服务未校验的错误 ID（例如 conversation/create 使用了错误的智能体 ID，coze-js#179）。",
            ),
        ],
        fixes: &[facts::RETRY_SERVER_ERROR, facts::GIVE_LOGIDS],
        sources: &["coze-js chat-sdk error codes", "coze-js#179"],
        outcome: Some(Outcome::ServerError),
        rules: &[ids::SERVER_ERROR],
    },
    Entry {
        id: "700012006",
        keys: &[
            Key::Code(700_012_006),
            Key::Fragment(fragment::ACCESS_TOKEN_INVALID),
            Key::Fragment("login verification is invalid"),
        ],
        title: t("access token invalid", "访问令牌无效"),
        meaning: t(
            "A gateway-level authentication failure, often with HTTP 401: `{\"code\":700012006,\"msg\":\"access token invalid\"}` (Coze Studio: `ErrUserAuthenticationFailed`, \"authentication failed: {reason}\").",
            "网关层的鉴权失败，通常伴随 HTTP 401：`{\"code\":700012006,\"msg\":\"access token invalid\"}`（Coze Studio 中为 `ErrUserAuthenticationFailed`，\"authentication failed: {reason}\"）。",
        ),
        causes: &[t(
            "The token is expired, revoked or malformed, or belongs to the other region.",
            "令牌已过期、已撤销、格式不对，或属于另一区域。",
        )],
        fixes: &[
            t(
                "Get a new token (sign a new JWT: access tokens cannot be refreshed) and check the region.",
                "重新获取令牌（重新签 JWT：访问令牌不支持刷新），并检查区域。",
            ),
            facts::REGION_HOSTS,
        ],
        sources: &[
            "coze-js src/error.ts, coze-js chat-sdk error codes",
            "coze-dev/coze-studio backend/types/errno/user.go",
            "chat-sdk mini-coze-api.ts",
        ],
        outcome: Some(Outcome::DeniedAuth),
        rules: &[ids::WRONG_REGION, ids::CREDENTIAL_REJECTED],
    },
    Entry {
        id: "702042078",
        keys: &[Key::Code(702_042_078), Key::Code(720_701_013)],
        title: t(
            "server issue during publish / workflow",
            "发布或工作流过程中的服务端问题",
        ),
        meaning: t(
            "702042078 came back from `bot/publish` and 720701013 from a workflow, both with the \"We're currently experiencing server issues…\" text.",
            "702042078 出现在 `bot/publish`，720701013 出现在工作流中，两者都带有 \"We're currently experiencing server issues…\" 文本。",
        ),
        causes: &[t(
            "A server-side failure; for publish, possibly connector ids the bot cannot be published to.",
            "服务端故障；发布时也可能是智能体不能发布到所给的渠道 ID。",
        )],
        fixes: &[facts::RETRY_SERVER_ERROR, facts::GIVE_LOGIDS],
        sources: &["coze-js chat-sdk error codes", "coze-java#47"],
        outcome: Some(Outcome::ServerError),
        rules: &[ids::SERVER_ERROR],
    },
    Entry {
        id: "4011",
        keys: &[
            Key::Code(4011),
            Key::Code(4019),
            Key::Code(4027),
            Key::Code(4028),
            Key::Code(788_788_103),
        ],
        title: t("account balance or payment", "账户余额或欠费"),
        meaning: t(
            "4011 insufficient Coze token balance, 4019 an overdue payment, 4027/4028 pro account overdue / insufficient resource points, 788788103 Volcengine account overdue.",
            "4011 扣子 token 余额不足，4019 账户欠费，4027/4028 专业版欠费 / 资源点不足，788788103 火山引擎账号欠费。",
        ),
        causes: &[t("Billing, not permissions.", "计费问题，不是权限问题。")],
        fixes: &[t(
            "Top up or settle the account in the console; nothing in the request needs to change.",
            "在控制台充值或结清欠费；请求本身无需修改。",
        )],
        sources: &["coze-js chat-sdk error codes", "chat-sdk i18n"],
        outcome: None,
        rules: &[],
    },
    Entry {
        id: "4015",
        keys: &[Key::Code(4015)],
        title: t("bot not published", "智能体未发布"),
        meaning: t(
            "The bot is not published (to the API channel).",
            "智能体没有发布（到 API 渠道）。",
        ),
        causes: &[t(
            "A created bot is an unpublished draft until `POST /v1/bot/publish` with connector 1024.",
            "新建的智能体在调用 `POST /v1/bot/publish`（connector 1024）之前都是未发布的草稿。",
        )],
        fixes: &[t(
            "Publish the bot to the API channel (`connector_ids: [\"1024\"]`, permission `publish`).",
            "把智能体发布到 API 渠道（`connector_ids: [\"1024\"]`，需要 `publish` 权限）。",
        )],
        sources: &[
            "docs.coze.cn create_bot, docs.coze.cn publish_bot, coze-js chat-sdk error codes",
        ],
        outcome: Some(Outcome::BadRequest),
        rules: &[],
    },
    Entry {
        id: "4016",
        keys: &[Key::Code(4016)],
        title: t(
            "a chat is already running in this conversation",
            "该会话中已有对话在进行",
        ),
        meaning: t(
            "Only one chat may run at a time in a conversation.",
            "同一会话中同一时间只能有一个对话在进行。",
        ),
        causes: &[t(
            "A new chat started before the previous one completed or was cancelled.",
            "上一个对话完成或取消之前就发起了新的对话。",
        )],
        fixes: &[t(
            "Wait for the chat to complete (poll at most once per second) or cancel it (`POST /v3/chat/cancel`).",
            "等待对话完成（每秒最多轮询一次）或取消它（`POST /v3/chat/cancel`）。",
        )],
        sources: &["docs.coze.cn chat, coze-js chat-sdk error codes"],
        outcome: Some(Outcome::BadRequest),
        rules: &[],
    },
    Entry {
        id: "700012054",
        keys: &[Key::Code(700_012_054)],
        title: t(
            "web-cookie API, not the OpenAPI",
            "网页 Cookie 接口，不是 OpenAPI",
        ),
        meaning: t(
            "\"No permission to access, please refresh the current page and try again.\" comes from the coze web application's cookie API, not from the OpenAPI.",
            "\"No permission to access, please refresh the current page and try again.\" 来自扣子网页端的 Cookie 接口，而不是 OpenAPI。",
        ),
        causes: &[t(
            "Calling internal web endpoints instead of api.coze.cn / api.coze.com.",
            "调用的是网页内部接口，而不是 api.coze.cn / api.coze.com。",
        )],
        fixes: &[t(
            "Use the OpenAPI endpoints with a PAT or an OAuth token.",
            "使用 OpenAPI 接口，并使用 PAT 或 OAuth 令牌。",
        )],
        sources: &["coze-js chat-sdk error codes", "xllm-go/bypass#23"],
        outcome: None,
        rules: &[],
    },
    // ------------------------------------------------------------------ OAuth error codes (doc oauth_jwt error codes)
    Entry {
        id: "invalid_request",
        keys: &[
            Key::ErrorCode("invalid_request"),
            Key::Fragment("invalid request: scope"),
        ],
        title: t("a token request parameter is wrong", "令牌请求参数错误"),
        meaning: t(
            "The token endpoint rejected a parameter: `invalid request: {parameter}` (HTTP 400; the Node SDK throws BadRequestError). With a `scope`, the parameter is the scope: a name in `permission_list` is not accepted.",
            "令牌接口拒绝了某个参数：`invalid request: {parameter}`（HTTP 400；Node SDK 抛出 BadRequestError）。如果发送了 `scope`，出问题的就是 scope：`permission_list` 中有名称不被接受。",
        ),
        causes: &[
            facts::SCOPE_NAMES,
            t(
                "`duration_seconds` outside 1..=86399, or a body that is not JSON.",
                "`duration_seconds` 不在 1..=86399 范围内，或请求体不是 JSON。",
            ),
        ],
        fixes: &[facts::OMIT_SCOPE, facts::GRANT_IN_CONSOLE],
        sources: &[
            "docs.coze.cn oauth_jwt_channel, docs.coze.cn oauth_jwt (错误码)",
            "a user's failure report (node-chat2; README, scenarios/node-chat2.toml)",
        ],
        outcome: Some(Outcome::BadRequest),
        rules: &[ids::SCOPE_NAME_REJECTED],
    },
    Entry {
        id: "invalid_client",
        keys: &[Key::ErrorCode("invalid_client")],
        title: t(
            "the client credential (JWT) is not valid",
            "客户端凭证（JWT）无效",
        ),
        meaning: t(
            "The token endpoint did not accept the JWT (HTTP 401). py surfaces it as `CozeAPIError(msg: <error_message>, logid: …)`. The message says which check failed: `invalid jwt: kid not been registred`, `verify jwt empty error`, audience, signature, time claims or a reused jti.",
            "令牌接口不接受该 JWT（HTTP 401）。py SDK 会表现为 `CozeAPIError(msg: <error_message>, logid: …)`。消息说明了哪项校验失败：`invalid jwt: kid not been registred`、`verify jwt empty error`、audience、签名、时间声明或重复的 jti。",
        ),
        causes: &[
            facts::REGION_HOSTS,
            facts::CHECK_KID,
            facts::AUD_IS_HOST,
            facts::CLOCK,
            facts::FRESH_JTI,
        ],
        fixes: &[facts::REGION_HOSTS, facts::CHECK_KID],
        sources: &[
            "docs.coze.cn oauth_jwt, docs.coze.cn oauth_jwt (错误码)",
            "coze-py#148",
            "coze-py#230",
        ],
        outcome: Some(Outcome::DeniedAuth),
        rules: &[
            ids::WRONG_REGION,
            ids::KEY_NOT_REGISTERED,
            ids::AUDIENCE_MISMATCH,
            ids::CLOCK_SKEW,
            ids::JTI_REPLAYED,
            ids::CREDENTIAL_REJECTED,
        ],
    },
    Entry {
        id: "unsupported_grant_type",
        keys: &[
            Key::ErrorCode("unsupported_grant_type"),
            Key::Fragment("not supported grant type"),
        ],
        title: t("grant type not supported", "不支持的授权类型"),
        meaning: t(
            "`not supported grant type: {grant type}` (HTTP 400).",
            "`not supported grant type: {grant type}`（HTTP 400）。",
        ),
        causes: &[t(
            "`grant_type` is not `urn:ietf:params:oauth:grant-type:jwt-bearer` for a JWT app (or the flow's own grant type).",
            "JWT 应用的 `grant_type` 不是 `urn:ietf:params:oauth:grant-type:jwt-bearer`（或不是相应流程的授权类型）。",
        )],
        fixes: &[t(
            "Send `\"grant_type\": \"urn:ietf:params:oauth:grant-type:jwt-bearer\"` with the JWT flow, as the official SDKs do.",
            "JWT 流程请像官方 SDK 一样发送 `\"grant_type\": \"urn:ietf:params:oauth:grant-type:jwt-bearer\"`。",
        )],
        sources: &["docs.coze.cn oauth_jwt_channel, docs.coze.cn oauth_jwt (错误码)"],
        outcome: Some(Outcome::BadRequest),
        rules: &[],
    },
    Entry {
        id: "access_deny",
        keys: &[Key::ErrorCode("access_deny")],
        title: t(
            "the app may not get a token this way",
            "该应用不能以这种方式获取令牌",
        ),
        meaning: t(
            "Spelled `access_deny` (not `access_denied`). Messages: `connector app should bind connector id`, `app: {name} is currently deactivated by the owner`, `invalid app type`, `login session invalid`.",
            "拼写为 `access_deny`（不是 `access_denied`）。消息有：`connector app should bind connector id`、`app: {name} is currently deactivated by the owner`、`invalid app type`、`login session invalid`。",
        ),
        causes: &[
            t(
                "A channel (渠道) app with no connector bound, used for server-side calls.",
                "未绑定渠道的“渠道”类型应用被用于服务端调用。",
            ),
            t(
                "The app is deactivated by its owner.",
                "应用已被所有者停用。",
            ),
            t(
                "A channel app used with the authorization-code flow (`invalid app type`).",
                "渠道应用使用了授权码流程（`invalid app type`）。",
            ),
        ],
        fixes: &[facts::RECREATE_NORMAL_APP],
        sources: &[
            "docs.coze.cn oauth_jwt (错误码)",
            "coze-java#39",
            "doc oauth_jwt_channel",
        ],
        outcome: Some(Outcome::DeniedAuth),
        rules: &[ids::CHANNEL_APP, ids::APP_DEACTIVATED],
    },
    Entry {
        id: "internal_error",
        keys: &[
            Key::ErrorCode("internal_error"),
            Key::Fragment("service internal error"),
        ],
        title: t("token endpoint internal error", "令牌接口内部错误"),
        meaning: t(
            "`Service internal error.` (HTTP 500).",
            "`Service internal error.`（HTTP 500）。",
        ),
        causes: &[t("A failure of the token service.", "令牌服务故障。")],
        fixes: &[facts::RETRY_SERVER_ERROR, facts::GIVE_LOGIDS],
        sources: &["docs.coze.cn oauth_jwt (错误码)"],
        outcome: Some(Outcome::ServerError),
        rules: &[ids::SERVER_ERROR],
    },
    Entry {
        id: "authorization_pending",
        keys: &[
            Key::ErrorCode("authorization_pending"),
            Key::ErrorCode("slow_down"),
            Key::ErrorCode("access_denied"),
            Key::ErrorCode("expired_token"),
        ],
        title: t("device / PKCE polling states", "设备码 / PKCE 轮询状态"),
        meaning: t(
            "Polling answers of the device-code flow: `authorization_pending` (the user has not approved yet), `slow_down` (poll less often), `access_denied` (the user refused), `expired_token` (the device code expired). Not used by the JWT flow.",
            "设备码流程轮询时的返回：`authorization_pending`（用户尚未授权）、`slow_down`（降低轮询频率）、`access_denied`（用户拒绝）、`expired_token`（设备码已过期）。JWT 流程不会用到。",
        ),
        causes: &[t(
            "Normal states of a device-code or PKCE authorization.",
            "设备码或 PKCE 授权过程中的正常状态。",
        )],
        fixes: &[t(
            "Keep polling every 5 s (+5 s on `slow_down`, at most 30 s); start over on `access_denied` or `expired_token`.",
            "每 5 秒轮询一次（遇到 `slow_down` 加 5 秒，最多 30 秒）；遇到 `access_denied` 或 `expired_token` 则重新开始。",
        )],
        sources: &[
            "docs.coze.cn oauth_jwt (错误码), coze-py cozepy/auth",
            "py exception.py CozePKCEAuthErrorType",
            "go error.go",
        ],
        outcome: None,
        rules: &[],
    },
    Entry {
        id: "invalid_scope",
        keys: &[Key::ErrorCode("invalid_scope")],
        title: t(
            "not a code the service is known to send",
            "不是已知服务会返回的错误码",
        ),
        meaning: t(
            "No SDK, document or issue shows `invalid_scope`. A scope the service does not accept comes back as `invalid_request` (`invalid request: scope`).",
            "没有任何 SDK、文档或 issue 出现过 `invalid_scope`。服务不接受的 scope 会以 `invalid_request`（`invalid request: scope`）返回。",
        ),
        causes: &[facts::SCOPE_NAMES],
        fixes: &[facts::OMIT_SCOPE],
        sources: &["docs.coze.cn oauth_jwt (错误码)"],
        outcome: None,
        rules: &[ids::SCOPE_NAME_REJECTED],
    },
    // ------------------------------------------------------------------ messages (doc oauth_jwt error codes, the Coze error-code page, GitHub issues)
    Entry {
        id: "\"kid not been registred\"",
        keys: &[
            Key::Fragment(fragment::KID_NOT_REGISTERED),
            Key::Fragment("kid not been registered"),
        ],
        title: t(
            "the region does not know this app's key",
            "该区域不认识此应用的公钥",
        ),
        meaning: t(
            "`invalid_client` / `invalid jwt: kid not been registred` (the service's spelling): the region that answered knows no key with this `kid` for the app in `iss`.",
            "`invalid_client` / `invalid jwt: kid not been registred`（服务原文拼写）：应答的区域中，`iss` 所指应用下没有这个 `kid` 的公钥。",
        ),
        causes: &[
            t(
                "The wrong region, by far the most common: a coze.cn app used against api.coze.com (the SDKs' default), or the reverse. The maintainer's first question in coze-py#148 was \"is the domain set correctly?\".",
                "区域不对，这是最常见的原因：把 coze.cn 的应用用在了 api.coze.com（SDK 默认值）上，或者反过来。coze-py#148 中维护者的第一个问题就是“域名是否正确设置了？”。",
            ),
            t(
                "A wrong key id (kid) or app id, or the public key was deleted from the app.",
                "公钥指纹（kid）或应用 ID 不对，或者该公钥已从应用中删除。",
            ),
        ],
        fixes: &[facts::REGION_HOSTS, facts::CHECK_KID],
        sources: &[
            "docs.coze.cn oauth_jwt (错误码)",
            "coze-py#148",
            "coze-py#230",
        ],
        outcome: Some(Outcome::DeniedAuth),
        rules: &[ids::WRONG_REGION, ids::KEY_NOT_REGISTERED],
    },
    Entry {
        id: "\"The token you entered is incorrect\"",
        keys: &[Key::Fragment(fragment::TOKEN_INCORRECT)],
        title: t(
            "a token of the other region (sent as 4101)",
            "另一区域的令牌（以 4101 返回）",
        ),
        meaning: t(
            "`{\"code\":4101,\"msg\":\"The token you entered is incorrect. Please double-check and try again. …\"}`: despite code 4101 this is an authentication failure, not a missing permission; cozescope classifies it as `denied_auth`.",
            "`{\"code\":4101,\"msg\":\"The token you entered is incorrect. Please double-check and try again. …\"}`：虽然 code 是 4101，这其实是鉴权失败，而不是缺少权限；cozescope 将其归类为 `denied_auth`。",
        ),
        causes: &[
            t(
                "A coze.cn PAT sent to api.coze.com (coze-go#56: a new PAT with every permission and workspace, default COM base URL).",
                "把 coze.cn 的 PAT 发到了 api.coze.com（coze-go#56：新建的 PAT 勾选了全部权限和工作空间，却使用了默认的 COM 基础 URL）。",
            ),
            t(
                "A garbage or truncated token on `/v3/chat`.",
                "在 `/v3/chat` 上使用了无效或被截断的令牌。",
            ),
        ],
        fixes: &[facts::REGION_HOSTS],
        sources: &[
            "coze-js chat-sdk error codes",
            "coze-go#56",
            "coze-js#159",
            "coze-java#21",
        ],
        outcome: Some(Outcome::DeniedAuth),
        rules: &[ids::WRONG_REGION, ids::CREDENTIAL_REJECTED],
    },
    Entry {
        id: "\"authentication is invalid\"",
        keys: &[Key::Fragment(fragment::AUTHENTICATION_INVALID)],
        title: t(
            "the bearer token is not accepted (4100)",
            "Bearer 令牌不被接受（4100）",
        ),
        meaning: t(
            "The message of code 4100; see `cozescope explain 4100`.",
            "code 4100 的消息；参见 `cozescope explain 4100`。",
        ),
        causes: &[
            t(
                "A token of the other region (coze-py#78, #83: fixed by `base_url=\"https://api.coze.cn\"`).",
                "另一区域的令牌（coze-py#78、#83：改为 `base_url=\"https://api.coze.cn\"` 后解决）。",
            ),
            t("An expired or revoked token.", "令牌已过期或已撤销。"),
        ],
        fixes: &[facts::REGION_HOSTS],
        sources: &[
            "coze-js chat-sdk error codes",
            "coze-py#78",
            "coze-py#83",
            "coze-js#314",
        ],
        outcome: Some(Outcome::DeniedAuth),
        rules: &[ids::WRONG_REGION, ids::CREDENTIAL_REJECTED],
    },
    Entry {
        id: "\"connector app should bind connector id\"",
        keys: &[Key::Fragment(fragment::CONNECTOR_APP)],
        title: t("a channel app without a connector", "未绑定渠道的渠道应用"),
        meaning: t(
            "`access_deny`: the OAuth app is a channel (渠道) app and no connector (channel) is bound to it, so it gets no token.",
            "`access_deny`：该 OAuth 应用是“渠道”类型，且没有绑定任何渠道（connector），因此无法获取令牌。",
        ),
        causes: &[t(
            "The OAuth app was created as 渠道 (channel) where a 普通 (normal) app is needed, e.g. for createBot from a server.",
            "在需要“普通”类型应用的场景（例如服务端调用 createBot）中，OAuth 应用却被创建成了“渠道”类型。",
        )],
        fixes: &[facts::RECREATE_NORMAL_APP],
        sources: &[
            "docs.coze.cn oauth_jwt (错误码)",
            "coze-java#39",
            "doc oauth_jwt_channel FAQ",
        ],
        outcome: Some(Outcome::DeniedAuth),
        rules: &[ids::CHANNEL_APP],
    },
    Entry {
        id: "\"verify jwt empty error\"",
        keys: &[Key::Fragment(fragment::VERIFY_JWT_EMPTY)],
        title: t("no JWT reached the token endpoint", "令牌接口没有收到 JWT"),
        meaning: t(
            "`invalid_client` with `verify jwt empty error`: the token endpoint found no usable JWT in `Authorization: Bearer …`.",
            "`invalid_client` 加 `verify jwt empty error`：令牌接口在 `Authorization: Bearer …` 中没有找到可用的 JWT。",
        ),
        causes: &[
            t(
                "The JWT was not signed or not sent (an empty bearer), e.g. a private key that failed to load.",
                "JWT 没有签出来或没有发送（Bearer 为空），例如私钥加载失败。",
            ),
            t(
                "Possibly the wrong region (asked but unanswered in coze-js#313).",
                "也可能是区域不对（coze-js#313 中有人这样问过，但没有答复）。",
            ),
        ],
        fixes: &[facts::CHECK_KID, facts::REGION_HOSTS],
        sources: &["docs.coze.cn oauth_jwt (错误码)", "coze-js#313"],
        outcome: Some(Outcome::DeniedAuth),
        rules: &[ids::CREDENTIAL_REJECTED],
    },
    Entry {
        id: "\"does not have permission to access\"",
        keys: &[Key::Fragment(fragment::NO_PERMISSION)],
        title: t("the 4101 permission message", "4101 的权限消息"),
        meaning: t(
            "`Your token does not have permission to access {resource}={id} {permission}. …`: the resource (`space_id`, `bot_id`, `workflow_id`) and the permission the token lacks there.",
            "`Your token does not have permission to access {resource}={id} {permission}. …`：给出了资源（`space_id`、`bot_id`、`workflow_id`）以及令牌在该资源上缺少的权限。",
        ),
        causes: &[
            facts::SCOPE_NARROWS,
            t(
                "The permission is not configured on the app or PAT.",
                "应用或 PAT 上没有配置该权限。",
            ),
            t(
                "`space_id=…`: the workspace is not bound to the app or PAT.",
                "`space_id=…`：该工作空间没有授权给应用或 PAT。",
            ),
        ],
        fixes: &[
            facts::OMIT_SCOPE,
            facts::GRANT_IN_CONSOLE,
            facts::BIND_WORKSPACE,
        ],
        sources: &["coze-js chat-sdk error codes", "coze-py#142"],
        outcome: Some(Outcome::DeniedPermission),
        rules: &[
            ids::SCOPE_NARROWED,
            ids::PERMISSION_NOT_CONFIGURED,
            ids::WORKSPACE_NOT_BOUND,
        ],
    },
    Entry {
        id: "\"is currently deactivated by the owner\"",
        keys: &[Key::Fragment(fragment::APP_DEACTIVATED)],
        title: t("the app is deactivated", "应用已被停用"),
        meaning: t(
            "`access_deny` / `app: {app name} is currently deactivated by the owner`.",
            "`access_deny` / `app: {app name} is currently deactivated by the owner`。",
        ),
        causes: &[t(
            "The app's owner disabled the app.",
            "应用所有者停用了该应用。",
        )],
        fixes: &[t(
            "Re-enable the app in the console (OAuth apps) or use another one.",
            "在控制台（OAuth 应用）重新启用该应用，或改用其他应用。",
        )],
        sources: &["docs.coze.cn oauth_jwt (错误码)"],
        outcome: Some(Outcome::DeniedAuth),
        rules: &[ids::APP_DEACTIVATED],
    },
    Entry {
        id: "\"invalid audience\"",
        keys: &[
            Key::Fragment("invalid audience"),
            Key::Fragment("invalid aud"),
        ],
        title: t(
            "the JWT `aud` is not the API host",
            "JWT 的 `aud` 不是 API 主机名",
        ),
        meaning: t(
            "The token endpoint refused the assertion's audience.",
            "令牌接口拒绝了 JWT 的 audience。",
        ),
        causes: &[t(
            "`aud` with a scheme (`https://api.coze.cn`), the other region's host, or a proxy's host (js takes `aud` from the caller).",
            "`aud` 带了协议（`https://api.coze.cn`）、用了另一区域的主机名或代理的主机名（js SDK 的 `aud` 由调用方传入）。",
        )],
        fixes: &[facts::AUD_IS_HOST],
        sources: &[
            "docs.coze.cn oauth_jwt, docs.coze.cn oauth_jwt (错误码) (third-party records: weak evidence)",
        ],
        outcome: Some(Outcome::DeniedAuth),
        rules: &[ids::AUDIENCE_MISMATCH],
    },
    Entry {
        id: "\"token is expired\"",
        keys: &[
            Key::Fragment("token is expired"),
            Key::Fragment("used before issued"),
            Key::Fragment("not valid yet"),
        ],
        title: t("the JWT's times are rejected", "JWT 的时间声明被拒绝"),
        meaning: t(
            "The service judged `iat`/`exp` against its clock and refused the assertion.",
            "服务按自己的时钟判断 `iat`/`exp` 并拒绝了该 JWT。",
        ),
        causes: &[t(
            "The local clock is off (ahead: `iat` in the future; behind: `exp` already past), or `exp` is not after `iat`.",
            "本机时钟不准（快了：`iat` 在未来；慢了：`exp` 已过去），或 `exp` 不晚于 `iat`。",
        )],
        fixes: &[facts::CLOCK],
        sources: &[
            "docs.coze.cn oauth_jwt",
            "docs.coze.cn oauth_jwt (错误码) (third-party records of `expired`)",
        ],
        outcome: Some(Outcome::DeniedAuth),
        rules: &[ids::CLOCK_SKEW],
    },
    Entry {
        id: "\"jti\"",
        keys: &[Key::Fragment("jti has been used"), Key::Fragment("jti")],
        title: t("the JWT was used before", "该 JWT 已被使用过"),
        meaning: t(
            "A JWT can be used only once; the service tracks its `jti`.",
            "JWT 仅能使用一次；服务通过 `jti` 追踪。",
        ),
        causes: &[t(
            "An assertion reused for a second token request, or a `jti` that is not random (coze-py#322 fixed a collision).",
            "同一个 JWT 被用于第二次令牌请求，或 `jti` 不够随机（coze-py#322 修复过一次冲突）。",
        )],
        fixes: &[facts::FRESH_JTI],
        sources: &["docs.coze.cn oauth_jwt", "doc oauth_jwt", "coze-py#322"],
        outcome: Some(Outcome::DeniedAuth),
        rules: &[ids::JTI_REPLAYED],
    },
];
