//! The knowledge base behind `cozescope explain`: one entry per numeric business code, OAuth `error_code`,
//! characteristic message and shape (an id rounded by a double), each with its meaning, likely causes,
//! fixes, the sources it rests on, the outcome word cozescope gives it and the diagnosis rules that detect
//! it. Causes and fixes that the rules also state come from [`crate::knowledge::facts`]. Codes without an
//! entry are still explained from the code table ([`crate::coze::codes`]).

use crate::coze::messages as fragment;
use crate::coze::studio;
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
    /// Any of the fragments of one wording the classifier also reads ([`crate::coze::messages`]).
    Fragments(&'static [&'static str]),
    /// Something in the text that is neither a code nor a fixed wording.
    Shape(Shape),
}

impl Key {
    /// The message fragments of a fragment key; none for the other keys.
    pub fn fragments(&self) -> &[&'static str] {
        match self {
            Key::Fragment(fragment) => std::slice::from_ref(fragment),
            Key::Fragments(fragments) => fragments,
            Key::Code(_) | Key::ErrorCode(_) | Key::Shape(_) => &[],
        }
    }
}

/// Things recognised by their form rather than their words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An id above 2^53 that ends in zeros exactly as a double prints it
    /// ([`crate::coze::ids::looks_rounded`]).
    RoundedId,
    /// A deployment's model or embedding provider failing, or a service it calls unreachable
    /// ([`crate::coze::failure`]).
    Deployment,
    /// A workflow node or a plugin failing.
    Workflow,
    /// The network failing before any answer.
    Network,
    /// A WebSocket closed with a close code.
    WebSocketClose,
    /// An HTTP status carried in the body's `code` (`{"code":400,…}`).
    StatusInCode,
}

impl Shape {
    /// Whether `text` contains this shape.
    pub fn found_in(self, text: &str) -> bool {
        use crate::coze::failure::{self, Failure};
        let failure = || failure::read(text);
        match self {
            Shape::RoundedId => !crate::coze::ids::rounded_in(text).is_empty(),
            Shape::Deployment => matches!(failure(), Some(Failure::Deployment { .. })),
            Shape::Workflow => matches!(failure(), Some(Failure::Workflow { .. })),
            Shape::Network => matches!(failure(), Some(Failure::Network { .. })),
            Shape::WebSocketClose => matches!(failure(), Some(Failure::WebSocketClose { .. })),
            Shape::StatusInCode => {
                let extracted = crate::coze::pasted::extract(text);
                extracted.failure.is_none()
                    && extracted.code.is_some_and(|code| {
                        (100..=599).contains(&code) && crate::coze::codes::lookup(code).is_none()
                    })
            }
        }
    }

    /// Whether the shape is a kind of failure rather than a form of the text.
    pub fn is_failure_kind(self) -> bool {
        self != Shape::RoundedId
    }

    /// The shape in words, for the `matches:` line.
    pub fn describe(self, lang: crate::i18n::Lang) -> &'static str {
        use crate::i18n::Lang;
        match (self, lang) {
            (Shape::Deployment, Lang::En) => {
                "a model or embedding provider's error relayed by a server, or a service it calls unreachable"
            }
            (Shape::Deployment, Lang::Zh) => {
                "服务端转述的模型或向量模型服务商的错误，或它调用的服务不可达"
            }
            (Shape::Workflow, Lang::En) => "a workflow node's or a plugin's failure",
            (Shape::Workflow, Lang::Zh) => "工作流节点或插件的失败",
            (Shape::Network, Lang::En) => {
                "a network failure before any answer (DNS, refused, reset, timeout)"
            }
            (Shape::Network, Lang::Zh) => {
                "得到任何应答之前的网络失败（DNS、拒绝连接、连接重置、超时）"
            }
            (Shape::WebSocketClose, Lang::En) => "a WebSocket close code",
            (Shape::WebSocketClose, Lang::Zh) => "WebSocket 关闭码",
            (Shape::StatusInCode, Lang::En) => "an HTTP status in the body's `code`",
            (Shape::StatusInCode, Lang::Zh) => "响应体 `code` 中的 HTTP 状态码",
            (Shape::RoundedId, crate::i18n::Lang::En) => {
                "an id above 2^53 that ends in zeros as a double prints it"
            }
            (Shape::RoundedId, crate::i18n::Lang::Zh) => {
                "大于 2^53、并像双精度浮点数打印那样以 0 结尾的 ID"
            }
        }
    }

    /// A text that has the shape (the lookup test finds each entry by it).
    pub fn example(self) -> &'static str {
        match self {
            Shape::RoundedId => "bot_id=7481617032355070000",
            Shape::Deployment => "there is no llm model in use, please config a model first",
            Shape::Workflow => "execute tool failed : response is not object",
            Shape::Network => "java.net.UnknownHostException: api.coze.cn",
            Shape::WebSocketClose => "websocket: close 1006 (abnormal closure)",
            Shape::StatusInCode => r#"{"code":400,"msg":"unable to decode '' as int64"}"#,
        }
    }
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
                "A path that does not exist: `The requested API endpoint GET /v2/chat does not exist` (HTTP 404), for a retired endpoint or a base URL with a path (e.g. `https://api.coze.cn/api`).",
                "路径不存在：`The requested API endpoint GET /v2/chat does not exist`（HTTP 404），原因是接口已下线，或基础 URL 带了路径（例如 `https://api.coze.cn/api`）。",
            ),
            t(
                "`The field http body provided is not a valid json or chat request`: a `/v3/chat` body without `user_id`, or a v3 body sent to the legacy `/v2/chat`.",
                "`The field http body provided is not a valid json or chat request`：`/v3/chat` 的请求体缺少 `user_id`，或把 v3 的请求体发到了旧的 `/v2/chat`。",
            ),
        ],
        fixes: &[
            t(
                "Compare the request with the endpoint's documented fields.",
                "对照接口文档检查请求字段。",
            ),
            facts::BASE_URL_IS_HOST,
        ],
        sources: &[
            "doc coze_error_codes",
            "coze-js examples/coze-js-node/src/error-handle.ts",
            "py workflows/runs docstring",
            "kaikongbj/mcp-coze CHAT_API_4000_ERROR_FIX.md",
        ],
        outcome: Some(Outcome::BadRequest),
        rules: &[ids::ENDPOINT_NOT_FOUND],
    },
    Entry {
        id: "4013",
        keys: &[Key::Code(4013), Key::Code(4020), Key::Code(4009)],
        title: t("rate limit exceeded", "超出速率限制"),
        meaning: t(
            "Throttled: 4013 the model is used too often (the official table calls 4013 a model error, coze-js raises RateLimitError for it), 4020 the RPM you bought is exceeded, 4009 too many users right now. An HTTP-level throttle answers 429. A daily cap (4008) is a quota, not a rate limit: see 4028.",
            "被限流：4013 模型调用过于频繁（官方错误码表称 4013 为模型错误，coze-js 对它抛出 RateLimitError），4020 超出购买的 RPM，4009 当前使用人数过多。HTTP 层面的限流返回 429。每日上限（4008）属于额度，不是限流：见 4028。",
        ),
        causes: &[t(
            "Too many requests at once, or a quota of the plan or the model.",
            "同时发出的请求过多，或触及套餐或模型的配额。",
        )],
        fixes: &[facts::RETRY_RATE_LIMIT],
        sources: &[
            "doc coze_error_codes",
            "coze-js src/error.ts (RateLimitError)",
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
            t(
                "Over WebSocket (`wss://ws.coze.cn/v1/chat`), a PAT that works over HTTP can get 4101 `… access resource.` with a long lowercase logid: WebSocket access is enabled per account (coze-py#227, #171).",
                "通过 WebSocket（`wss://ws.coze.cn/v1/chat`）时，HTTP 下可用的 PAT 也可能得到 4101 `… access resource.`，logid 是较长的小写十六进制：WebSocket 访问需要为账号单独开通（coze-py#227、#171）。",
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
            Key::Fragment(fragment::REQUESTED_RESOURCE),
        ],
        title: t("resource not found", "资源不存在"),
        meaning: t(
            "`Requested resource bot_id=… does not exist. Ensure you are the correct resource identifier.` It is often not a missing resource: the region, a rounded id or a configuration that was not loaded answer the same way, and a 4200 does not prove the token is valid.",
            "`Requested resource bot_id=… does not exist. Ensure you are the correct resource identifier.` 它往往并不是资源真的不存在：区域不对、ID 被舍入、配置没有加载，都会得到同样的应答；4200 也不能证明令牌有效。",
        ),
        causes: &[
            facts::LOOKUP_BEFORE_TOKEN,
            t(
                "An id rounded by a double: above 2^53 and ending in zeros (`7481617032355070000` for `7481617032355069967`), from an unquoted id in a config or a JSON number (xiaozhi-esp32-server#352).",
                "被双精度浮点数舍入的 ID：大于 2^53 且以 0 结尾（`7481617032355069967` 变成 `7481617032355070000`），原因是配置中的 ID 没加引号或被当作 JSON 数字（xiaozhi-esp32-server#352）。",
            ),
            t(
                "A placeholder id: `bot_id=0` when the configuration (e.g. `.env`) was not loaded.",
                "占位 ID：配置（例如 `.env`）没有加载时出现的 `bot_id=0`。",
            ),
            t(
                "A bot of a self-deployed Coze Studio called through the cloud api.coze.cn, or the reverse (coze-py#318).",
                "自行部署的 Coze Studio 中的智能体却通过云端 api.coze.cn 调用，或者反过来（coze-py#318）。",
            ),
            t(
                "The bot or workflow is not published (to the API connector 1024): a created bot is an unpublished draft, and an unpublished workflow's run answers 4200.",
                "智能体或工作流没有发布（到 API 渠道 1024）：新建的智能体是未发布的草稿，未发布的工作流运行时返回 4200。",
            ),
        ],
        fixes: &[facts::REGION_HOSTS, facts::QUOTE_IDS, facts::PUBLISH_TO_API],
        sources: &[
            "doc coze_error_codes, docs.coze.cn create_bot",
            "coze-java#92",
            "coze-py#318",
            "xiaozhi-esp32-server#352",
        ],
        outcome: Some(Outcome::NotFound),
        rules: &[ids::WRONG_REGION, ids::ID_ROUNDED, ids::NOT_PUBLISHED],
    },
    Entry {
        id: "5000",
        keys: &[
            Key::Code(5000),
            Key::Fragment(fragment::SERVER_ISSUES),
            Key::Fragment("service internal error, please retry"),
        ],
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
            t(
                "An input the service failed on: `service internal error, please retry after` for audio with no recognisable speech, fixed server-side (coze-js#178).",
                "服务处理不了的输入：识别不出语音的音频得到 `service internal error, please retry after`，后来在服务端修复（coze-js#178）。",
            ),
        ],
        fixes: &[facts::RETRY_SERVER_ERROR, facts::GIVE_LOGIDS],
        sources: &["doc coze_error_codes", "coze-js#179", "coze-js#178"],
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
        causes: &[
            t(
                "The token is expired, revoked or malformed, or belongs to the other region.",
                "令牌已过期、已撤销、格式不对，或属于另一区域。",
            ),
            t(
                "On a self-deployed Coze Studio, `authentication failed: missing session_key in cookie`: the route is a web API, not exposed as OpenAPI, so the PAT is ignored (coze-studio#1950, #1871).",
                "在自行部署的 Coze Studio 上出现 `authentication failed: missing session_key in cookie`：该路由是网页接口，没有作为 OpenAPI 开放，所以 PAT 被忽略（coze-studio#1950、#1871）。",
            ),
        ],
        fixes: &[
            t(
                "Get a new token (sign a new JWT: access tokens cannot be refreshed) and check the region.",
                "重新获取令牌（重新签 JWT：访问令牌不支持刷新），并检查区域。",
            ),
            facts::REGION_HOSTS,
        ],
        sources: &[
            "the example body of doc coze_error_codes",
            "coze-js src/error.ts",
            "coze-dev/coze-studio backend/types/errno/user.go",
            "chat-sdk mini-coze-api.ts",
            "coze-studio#1950",
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
            "702042078 came back from `bot/publish` and 720701013 from a workflow (with a `debug_url`), both with the \"We're currently experiencing server issues…\" text. Neither is in the official table: codes of the bot platform (7020xxxxx) and of workflows (7207xxxxx) report failures inside the service, a workflow or a plugin, never a verdict on the credential.",
            "702042078 出现在 `bot/publish`，720701013 出现在工作流中（带有 `debug_url`），两者都带有 \"We're currently experiencing server issues…\" 文本。它们都不在官方错误码表中：智能体平台（7020xxxxx）和工作流（7207xxxxx）的错误码报告的是服务、工作流或插件内部的失败，而不是对凭证的判定。",
        ),
        causes: &[
            t(
                "A server-side failure; for publish, possibly connector ids the bot cannot be published to.",
                "服务端故障；发布时也可能是智能体不能发布到所给的渠道 ID。",
            ),
            t(
                "A workflow node failed on its input (e.g. the model call inside it): open the `debug_url` to see which node.",
                "工作流中的某个节点处理输入失败（例如其中的模型调用）：打开 `debug_url` 查看是哪个节点。",
            ),
        ],
        fixes: &[facts::RETRY_SERVER_ERROR, facts::GIVE_LOGIDS],
        sources: &[
            "coze-java#47",
            "coze-dev/coze-studio backend/types/errno/workflow.go",
        ],
        outcome: Some(Outcome::ServerError),
        rules: &[ids::SERVER_ERROR],
    },
    Entry {
        id: "4028",
        keys: &[
            Key::Code(4028),
            Key::Code(4027),
            Key::Code(4008),
            Key::Code(4011),
            Key::Code(4019),
            Key::Code(4022),
            Key::Code(788_788_103),
            Key::Fragments(fragment::QUOTA),
        ],
        title: t("quota or balance used up", "额度或余额已用完"),
        meaning: t(
            "The account is out of quota: 4028 `Your free quota has been used up. Please upgrade to a paid plan to continue`, 4027 / 788788103 an overdue Pro (Volcengine) account, 4011 a low Coze Token balance, 4019 a Volcengine pay-as-you-go balance in arrears, 4022 the Ark model service in arrears, 4008 the bot's daily cap. cozescope classifies them `quota_exhausted` and never retries them: unlike a rate limit, they last until someone acts.",
            "账户额度已用完：4028 `Your free quota has been used up. Please upgrade to a paid plan to continue`，4027 / 788788103 专业版（火山引擎）账户欠费，4011 扣子 Token 余额不足，4019 火山引擎按量余额欠费，4022 方舟模型服务欠费，4008 智能体当日用量达到上限。cozescope 将其归类为 `quota_exhausted`，并且从不重试：与限流不同，在有人处理之前它会一直存在。",
        ),
        causes: &[
            t(
                "The free plan's calls are used up (a fixed number in total, e.g. 500); a chat can be created and then fail with 4028 in `last_error`, which `create_and_poll` in cozepy hides behind a validation error (coze-py#425, #203).",
                "免费版的调用次数已用完（总量固定，例如 500 次）；对话可以创建成功，随后在 `last_error` 中以 4028 失败，cozepy 的 `create_and_poll` 会把它掩盖成一个校验错误（coze-py#425、#203）。",
            ),
            t(
                "Billing, not permissions: the request and the credential are fine.",
                "计费问题，不是权限问题：请求和凭证都没有问题。",
            ),
        ],
        fixes: &[facts::QUOTA],
        sources: &["doc coze_error_codes", "chat-sdk i18n", "coze-py#425"],
        outcome: Some(Outcome::QuotaExhausted),
        rules: &[ids::QUOTA_EXHAUSTED],
    },
    Entry {
        id: "4015",
        keys: &[Key::Code(4015), Key::Fragments(fragment::NOT_PUBLISHED)],
        title: t("bot not published to the API", "智能体未发布到 API 渠道"),
        meaning: t(
            "The bot exists but is not published to the API connector: 4015 (`bot 未发布到API`), `The Bot is not currently published to the corresponding platform` (legacy v2 chat), `当前 Bot 未发布到 Bot as API 渠道`. Users see it as \"not found\"; cozescope classifies it `not_found`.",
            "智能体存在，但没有发布到 API 渠道：4015（`bot 未发布到API`）、`The Bot is not currently published to the corresponding platform`（旧版 v2 对话）、`当前 Bot 未发布到 Bot as API 渠道`。用户会把它当成“找不到”；cozescope 将其归类为 `not_found`。",
        ),
        causes: &[
            t(
                "A created or edited bot is a draft until it is published with the API connector (1024).",
                "新建或修改后的智能体在发布到 API 渠道（1024）之前都是草稿。",
            ),
            t(
                "On a self-hosted Coze Studio: `invalid parameter : agent not published, agentID=N connectorID=1024` (HTTP 400, a Go stack trace appended): the agent is not published to the API there, or does not exist; publish it in Studio's web UI.",
                "在自行部署的 Coze Studio 上：`invalid parameter : agent not published, agentID=N connectorID=1024`（HTTP 400，后面附有 Go 调用栈）：该智能体在那里没有发布到 API，或者不存在；在 Studio 的网页界面中发布。",
            ),
            t(
                "A gateway (one-api, dify-on-wechat) configured with the wrong ids: the same PAT and bot work when called directly (one-api#1462).",
                "网关（one-api、dify-on-wechat）配置了错误的 ID：同样的 PAT 和智能体直接调用是可以的（one-api#1462）。",
            ),
        ],
        fixes: &[facts::PUBLISH_TO_API],
        sources: &[
            "doc coze_error_codes",
            "docs.coze.cn publish_bot",
            "one-api#1462",
            "dify-on-wechat#24",
        ],
        outcome: Some(Outcome::NotFound),
        rules: &[ids::NOT_PUBLISHED],
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
            Key::Fragment("service internal error."),
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
            Key::Fragment(fragment::KID_NOT_REGISTERED_SPELLED),
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
                "A garbage or truncated token on `/v3/chat`, or none at all: a request with no token can answer HTTP 200 with this 4101.",
                "在 `/v3/chat` 上使用了无效或被截断的令牌，或者根本没有令牌：不带令牌的请求也可能以 HTTP 200 返回这个 4101。",
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
        keys: &[Key::Fragments(fragment::AUDIENCE)],
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
        keys: &[Key::Fragments(fragment::CLOCK)],
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
        keys: &[Key::Fragments(fragment::JTI), Key::Fragment("jti")],
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
    // ------------------------------------------------------------------ what users paste (GitHub issues, the SDKs)
    Entry {
        id: "777777775",
        keys: &[
            Key::Code(777_777_775),
            Key::Fragment("workflow operation failure"),
        ],
        title: t(
            "workflow operation failure (the cause follows)",
            "工作流操作失败（后面跟着原因）",
        ),
        meaning: t(
            "`Workflow operation failure: {cause}` from a workflow or chat-flow run (Coze Studio's ErrWorkflowOperationFail). The cause after the colon decides: `conversation not found` is `not_found`, a `panic error: … nil pointer dereference` with a Go stack trace is a bug of the service (`server_error`). Not a permission verdict.",
            "工作流或对话流运行时返回的 `Workflow operation failure: {cause}`（Coze Studio 的 ErrWorkflowOperationFail）。冒号后的原因决定性质：`conversation not found` 是 `not_found`，带 Go 调用栈的 `panic error: … nil pointer dereference` 是服务的缺陷（`server_error`）。这不是权限判定。",
        ),
        causes: &[
            t(
                "A conversation created elsewhere (another app, connector or user) is not found at run time (coze-studio#2486).",
                "在别处（另一个应用、渠道或用户）创建的会话在运行时找不到（coze-studio#2486）。",
            ),
            t(
                "A bug of the service, often on a self-deployed Coze Studio (coze-studio#2256).",
                "服务本身的缺陷，常见于自行部署的 Coze Studio（coze-studio#2256）。",
            ),
        ],
        fixes: &[
            t(
                "Read the cause after the colon; for a missing conversation create it with the same app and user that run the flow; for a panic, upgrade or report it with the logid.",
                "阅读冒号后面的原因；会话找不到时，用运行该流程的同一应用和用户创建会话；出现 panic 时请升级，或带上 logid 报告。",
            ),
            facts::GIVE_LOGIDS,
        ],
        sources: &[
            "coze-dev/coze-studio backend/types/errno/workflow.go",
            "coze-studio#2256",
            "coze-studio#2486",
        ],
        outcome: None,
        rules: &[ids::SERVER_ERROR],
    },
    Entry {
        id: "\"The requested API endpoint\"",
        keys: &[Key::Fragment(fragment::ENDPOINT_MISSING)],
        title: t(
            "the path does not exist: a base URL with a path, or a retired endpoint",
            "路径不存在：基础 URL 带了路径，或接口已下线",
        ),
        meaning: t(
            "HTTP 404 with `{\"code\":4000,\"msg\":\"The requested API endpoint GET /v2/chat does not exist. …\"}`: the service has no such path. cozepy raises CozeAPIError 4000, coze-js BadRequestError; cozescope classifies it `bad_request`.",
            "HTTP 404，内容为 `{\"code\":4000,\"msg\":\"The requested API endpoint GET /v2/chat does not exist. …\"}`：服务没有这个路径。cozepy 抛出 CozeAPIError 4000，coze-js 抛出 BadRequestError；cozescope 将其归类为 `bad_request`。",
        ),
        causes: &[
            t(
                "A base URL with a path (`https://api.coze.cn/api`, `…/v1`): the SDKs append `/v1/…` and `/v3/…` to it.",
                "基础 URL 带了路径（`https://api.coze.cn/api`、`…/v1`）：SDK 会在它后面再拼接 `/v1/…` 和 `/v3/…`。",
            ),
            t(
                "A retired endpoint: `/open_api/v2/chat` and `/v2/chat` belong to the legacy chat API.",
                "已下线的接口：`/open_api/v2/chat` 和 `/v2/chat` 属于旧版对话 API。",
            ),
            t(
                "The wrong method on a real path (GET where POST is expected).",
                "路径存在但方法不对（该用 POST 的地方用了 GET）。",
            ),
        ],
        fixes: &[facts::BASE_URL_IS_HOST],
        sources: &[
            "cozepy CozeAPIError",
            "coze-js src/error.ts",
            "one-api#1462",
        ],
        outcome: Some(Outcome::BadRequest),
        rules: &[ids::ENDPOINT_NOT_FOUND],
    },
    // ------------------------------------------------------------------ a self-hosted Coze Studio (coze-dev/coze-studio, its source)
    Entry {
        id: "\"missing session_key in cookie\"",
        keys: &[Key::Fragment(studio::COOKIE_MISSING)],
        title: t(
            "a Coze Studio web API: the path takes a login cookie, not a token",
            "Coze Studio 的网页接口：该路径要登录 cookie，不收令牌",
        ),
        meaning: t(
            "Only a self-hosted Coze Studio answers this: since v0.5 HTTP 401 `{\"code\":401,\"msg\":\"missing session_key in cookie\"}`, before that HTTP 200 `{\"code\":700012006,\"msg\":\"authentication failed: missing session_key in cookie\"}`. Studio decides by the path: the path asked for is one of its web APIs, behind the login session of its web UI, so the token in `Authorization` is never read. Coze's cloud never says this.",
            "只有自行部署的 Coze Studio 会这样应答：v0.5 起为 HTTP 401 `{\"code\":401,\"msg\":\"missing session_key in cookie\"}`，之前为 HTTP 200 `{\"code\":700012006,\"msg\":\"authentication failed: missing session_key in cookie\"}`。Studio 按路径决定鉴权方式：所请求的路径是它的网页接口，要的是网页界面的登录会话，所以 `Authorization` 中的令牌根本不会被读取。扣子云端不会这样应答。",
        ),
        causes: &[
            t(
                "A path Coze's cloud serves as OpenAPI and Studio only to its web UI: `/v1/users/me`, `/v1/workspaces`, `GET /v1/bots`, `/v1/bot/create`, `/v1/bot/update`, `/v1/bot/publish`, `GET /v1/workflows`, `/v1/audio/voices` (coze-studio#1950, #1871).",
                "扣子云端作为 OpenAPI 提供、而 Studio 只给网页界面用的路径：`/v1/users/me`、`/v1/workspaces`、`GET /v1/bots`、`/v1/bot/create`、`/v1/bot/update`、`/v1/bot/publish`、`GET /v1/workflows`、`/v1/audio/voices`（coze-studio#1950、#1871）。",
            ),
            t(
                "A JWT OAuth token request (`/api/permission/oauth2/token`): Studio has no OAuth JWT flow, that path is a web path there.",
                "JWT OAuth 令牌请求（`/api/permission/oauth2/token`）：Studio 没有 OAuth JWT 授权流程，这个路径在它那里是网页接口。",
            ),
            t(
                "A base URL (an SDK's `base_url`, COZE_API_BASE) pointing at a Studio where Coze's cloud was meant.",
                "基础 URL（SDK 的 `base_url`、COZE_API_BASE）指向了 Studio，而本意是扣子云端。",
            ),
        ],
        fixes: &[facts::STUDIO_OPENAPI_PATHS, facts::STUDIO_USE_A_PAT],
        sources: &[
            "coze-studio api/middleware/openapi_auth.go",
            "coze-studio api/middleware/session.go",
            "coze-studio#1950",
            "coze-studio#1871",
        ],
        outcome: Some(Outcome::DeniedAuth),
        rules: &[ids::SELF_HOSTED_STUDIO],
    },
    Entry {
        id: "\"CheckPermission failed\"",
        keys: &[Key::Fragment(studio::UNKNOWN_TOKEN)],
        title: t(
            "a Coze Studio that does not know this token",
            "Coze Studio 不认识这个令牌",
        ),
        meaning: t(
            "A self-hosted Coze Studio's OpenAPI answers HTTP 200 `{\"code\":700012006,\"msg\":\"authentication failed: CheckPermission failed\"}` when the Bearer token is none of its personal access tokens. Studio never checks a PAT's expiry, so this is never an expired token of that Studio.",
            "自行部署的 Coze Studio 的 OpenAPI 在 Bearer 令牌不是它的个人访问令牌时应答 HTTP 200 `{\"code\":700012006,\"msg\":\"authentication failed: CheckPermission failed\"}`。Studio 从不检查 PAT 的有效期，所以这不会是该 Studio 令牌过期。",
        ),
        causes: &[
            t(
                "A token of Coze's cloud (made on coze.cn or coze.com) sent to a Studio.",
                "把扣子云端（coze.cn 或 coze.com）创建的令牌发给了 Studio。",
            ),
            t(
                "A token of another Studio deployment (its database is its own), or one deleted in this Studio.",
                "另一个 Studio 部署的令牌（每个部署有自己的数据库），或在本 Studio 中已删除的令牌。",
            ),
            t(
                "A truncated or mistyped token: a Studio PAT is `pat_` and 64 hexadecimal digits.",
                "令牌被截断或输错：Studio 的 PAT 是 `pat_` 加 64 位十六进制数字。",
            ),
        ],
        fixes: &[facts::STUDIO_CREATE_PAT],
        sources: &["coze-studio application/openauth/openapiauth.go"],
        outcome: Some(Outcome::DeniedAuth),
        rules: &[ids::CREDENTIAL_REJECTED],
    },
    Entry {
        id: "\"missing api_key in request\"",
        keys: &[
            Key::Fragment(studio::NOT_BEARER),
            Key::Fragment(studio::NO_AUTHORIZATION),
        ],
        title: t(
            "a Coze Studio that got no `Bearer` token",
            "Coze Studio 没有收到 `Bearer` 令牌",
        ),
        meaning: t(
            "A self-hosted Coze Studio's OpenAPI reads the header before the token: `authentication failed: missing authorization in header` when no `Authorization` header arrived, `authentication failed: missing api_key in request` when it is not `Bearer` written once followed by the token (HTTP 200, code 700012006).",
            "自行部署的 Coze Studio 的 OpenAPI 先读请求头再看令牌：没有收到 `Authorization` 头时为 `authentication failed: missing authorization in header`，请求头不是 `Bearer` 只写一次再跟令牌时为 `authentication failed: missing api_key in request`（HTTP 200，code 700012006）。",
        ),
        causes: &[
            t(
                "An empty token variable, or a proxy or gateway in front of the Studio that drops the `Authorization` header.",
                "令牌变量为空，或 Studio 前面的代理、网关丢掉了 `Authorization` 头。",
            ),
            t(
                "A token saved with its own `Bearer ` prefix, which the SDK prefixes again (`Bearer Bearer pat_…`), or a lowercase `bearer`.",
                "保存的令牌本身带了 `Bearer ` 前缀，SDK 又加一次（`Bearer Bearer pat_…`），或写成了小写的 `bearer`。",
            ),
        ],
        fixes: &[facts::STUDIO_SEND_AUTHORIZATION, facts::STUDIO_BEARER_ONCE],
        sources: &["coze-studio api/middleware/openapi_auth.go"],
        outcome: Some(Outcome::DeniedAuth),
        rules: &[ids::CREDENTIAL_REJECTED],
    },
    Entry {
        id: "\"The field http body provided is not a valid json\"",
        keys: &[Key::Fragment(fragment::BODY_NOT_A_CHAT)],
        title: t(
            "the chat request body is not what `/v3/chat` expects",
            "对话请求体不符合 `/v3/chat` 的要求",
        ),
        meaning: t(
            "4000 `The field http body provided is not a valid json or chat request. Please check your input.`: the body parsed, or not, but is not a chat request of this endpoint.",
            "4000 `The field http body provided is not a valid json or chat request. Please check your input.`：请求体要么不是 JSON，要么不是该接口要求的对话请求。",
        ),
        causes: &[
            t(
                "`user_id` is missing: it is required on `/v3/chat` (kaikongbj/mcp-coze CHAT_API_4000_ERROR_FIX.md).",
                "缺少 `user_id`：它在 `/v3/chat` 上是必填的（kaikongbj/mcp-coze CHAT_API_4000_ERROR_FIX.md）。",
            ),
            t(
                "A v3 body (`additional_messages`) sent to the legacy `/v2/chat`.",
                "把 v3 的请求体（`additional_messages`）发到了旧版 `/v2/chat`。",
            ),
            t(
                "The body is not JSON, or `Content-Type` is not `application/json`.",
                "请求体不是 JSON，或 `Content-Type` 不是 `application/json`。",
            ),
        ],
        fixes: &[t(
            "Send `POST /v3/chat` with `bot_id`, `user_id` and `additional_messages` as JSON, as the SDKs do.",
            "像 SDK 那样以 JSON 发送 `POST /v3/chat`，并带上 `bot_id`、`user_id` 和 `additional_messages`。",
        )],
        sources: &[
            "docs.coze.cn chat_v3",
            "kaikongbj/mcp-coze CHAT_API_4000_ERROR_FIX.md",
        ],
        outcome: Some(Outcome::BadRequest),
        rules: &[],
    },
    Entry {
        id: "\"server rejected WebSocket connection\"",
        keys: &[Key::Fragment(fragment::WEBSOCKET_REJECTED)],
        title: t(
            "the WebSocket gateway refused the connection",
            "WebSocket 网关拒绝了连接",
        ),
        meaning: t(
            "`server rejected WebSocket connection: HTTP 403` (cozepy), with a long lowercase-hex logid of the WebSocket gateway: the upgrade was refused before any API call.",
            "`server rejected WebSocket connection: HTTP 403`（cozepy），logid 是 WebSocket 网关的较长小写十六进制格式：在任何 API 调用之前，升级请求就被拒绝了。",
        ),
        causes: &[t(
            "WebSocket (realtime) access is not enabled for the account: it needed an application (a whitelist), whatever the PAT's permissions (coze-py#171). The same PAT can work over HTTP and get 4101 over WebSocket (coze-py#227).",
            "账号没有开通 WebSocket（实时）访问：无论 PAT 有什么权限，都需要先申请（白名单）（coze-py#171）。同一个 PAT 可能在 HTTP 下可用，而在 WebSocket 下得到 4101（coze-py#227）。",
        )],
        fixes: &[t(
            "Apply for WebSocket access for the account (the maintainers pointed to a survey form), then retry; give support the logid as printed.",
            "为账号申请 WebSocket 访问权限（维护者给出的是一份申请表），然后重试；把打印出的 logid 提供给技术支持。",
        )],
        sources: &["coze-py#171", "coze-py#227"],
        outcome: Some(Outcome::DeniedPermission),
        rules: &[],
    },
    Entry {
        id: "\"missing required Host header\"",
        keys: &[Key::Fragment(fragment::HOST_HEADER_MISSING)],
        title: t(
            "the request reached the gateway without a Host header",
            "请求到达网关时没有 Host 头",
        ),
        meaning: t(
            "HTTP 400 with the plain-text body `missing required Host header`; coze-java then fails to parse it as JSON (`JsonParseException: Unrecognized token 'missing'`).",
            "HTTP 400，纯文本内容为 `missing required Host header`；coze-java 随后把它当 JSON 解析失败（`JsonParseException: Unrecognized token 'missing'`）。",
        ),
        causes: &[t(
            "An HTTP client, interceptor or proxy in between dropped or rewrote the `Host` header.",
            "中间的 HTTP 客户端、拦截器或代理丢弃或改写了 `Host` 头。",
        )],
        fixes: &[t(
            "Call the API without the proxy or interceptor to confirm, then keep `Host` as the base URL's host.",
            "先绕过代理或拦截器直接调用以确认，然后保证 `Host` 与基础 URL 的主机名一致。",
        )],
        sources: &["coze-java#89"],
        outcome: Some(Outcome::BadRequest),
        rules: &[],
    },
    Entry {
        id: "\"invalid character '<'\"",
        keys: &[Key::Fragments(fragment::HTML)],
        title: t(
            "an HTML page instead of the API's JSON",
            "收到的是 HTML 页面，而不是 API 的 JSON",
        ),
        meaning: t(
            "The answer was a web page: coze-go prints `invalid character '<' looking for beginning of value`, JavaScript `Unexpected token '<'`. No Coze error is in it; cozescope classifies it `unexpected` (a gateway's 5xx page stays `server_error`).",
            "应答是一个网页：coze-go 打印 `invalid character '<' looking for beginning of value`，JavaScript 打印 `Unexpected token '<'`。其中没有扣子的错误信息；cozescope 将其归类为 `unexpected`（网关的 5xx 页面仍是 `server_error`）。",
        ),
        causes: &[
            t(
                "A base URL that is the web site (`https://www.coze.cn`) rather than the API host.",
                "基础 URL 用的是网站（`https://www.coze.cn`），而不是 API 主机名。",
            ),
            t(
                "A proxy, firewall or gateway answered with its own page (an error page, a login page).",
                "代理、防火墙或网关用自己的页面作了应答（错误页、登录页）。",
            ),
        ],
        fixes: &[facts::BASE_URL_IS_HOST],
        sources: &["coze-go error handling", "coze-js src/error.ts"],
        outcome: Some(Outcome::Unexpected),
        rules: &[],
    },
    Entry {
        id: "\"(no body)\"",
        keys: &[Key::Fragment(super::NO_BODY)],
        title: t("an HTTP error without a body", "没有响应体的 HTTP 错误"),
        meaning: t(
            "coze-js prints `http status code: 404 (no body)` when the answer had no JSON body, so there is no business code: the status is all there is. cozescope classifies it by the status (404 `not_found`, 401 `denied_auth`, 5xx `server_error`).",
            "当应答没有 JSON 响应体时，coze-js 打印 `http status code: 404 (no body)`，因此没有业务码：只有状态码可用。cozescope 按状态码归类（404 为 `not_found`，401 为 `denied_auth`，5xx 为 `server_error`）。",
        ),
        causes: &[
            t(
                "404: a path the service does not serve, most often a base URL with a path or a retired endpoint.",
                "404：服务不提供该路径，最常见的是基础 URL 带了路径，或接口已下线。",
            ),
            t(
                "A proxy or gateway in between answered instead of the service.",
                "中间的代理或网关代替服务作了应答。",
            ),
        ],
        fixes: &[facts::BASE_URL_IS_HOST],
        sources: &["coze-js src/error.ts"],
        outcome: None,
        rules: &[ids::ENDPOINT_NOT_FOUND],
    },
    Entry {
        id: "\"validation error for Message\"",
        keys: &[Key::Fragment("validation error for message")],
        title: t(
            "cozepy hid a failed chat behind a validation error",
            "cozepy 把失败的对话掩盖成了校验错误",
        ),
        meaning: t(
            "`1 validation error for Message … input_value='code'` from `chat.create_and_poll`: the chat failed, and the SDK parsed the error envelope as a list of messages. The real error is in the chat's `last_error`.",
            "`chat.create_and_poll` 抛出 `1 validation error for Message … input_value='code'`：对话失败了，SDK 把错误信封当成消息列表解析。真正的错误在对话的 `last_error` 里。",
        ),
        causes: &[t(
            "Most often a used-up quota: `last_error` 4028 `Your free quota has been used up` (coze-py#425).",
            "最常见的是额度用完：`last_error` 为 4028 `Your free quota has been used up`（coze-py#425）。",
        )],
        fixes: &[t(
            "Call `chat.retrieve(conversation_id, chat_id)` and read `last_error`, then `cozescope explain` its code.",
            "调用 `chat.retrieve(conversation_id, chat_id)` 读取 `last_error`，再用 `cozescope explain` 查询其中的错误码。",
        )],
        sources: &["coze-py#203", "coze-py#425"],
        outcome: Some(Outcome::Unexpected),
        rules: &[],
    },
    Entry {
        id: "id_rounded",
        keys: &[Key::Shape(Shape::RoundedId)],
        title: t(
            "an id rounded by a double: it lost its last digits",
            "被双精度浮点数舍入的 ID：丢失了末尾几位",
        ),
        meaning: t(
            "The text holds an id above 2^53 that ends in zeros exactly as a double prints it (`7481617032355070000`). Coze ids are 19-digit integers; parsed as a number anywhere, they come back rounded, and the service answers 4200 `… does not exist` for an id nobody has.",
            "文本中有一个大于 2^53、并像双精度浮点数打印那样以 0 结尾的 ID（`7481617032355070000`）。扣子的 ID 是 19 位整数；在任何地方被当作数字解析后都会被舍入，服务会对这个不存在的 ID 返回 4200 `… does not exist`。",
        ),
        causes: &[t(
            "The id was written without quotes in a config (YAML, TOML, .env read as a number), sent as a JSON number, or read by JavaScript (xiaozhi-esp32-server#352: 7481617032355069967 became 7481617032355070000).",
            "ID 在配置中没加引号（YAML、TOML、被当作数字读取的 .env）、作为 JSON 数字发送，或被 JavaScript 读取（xiaozhi-esp32-server#352：7481617032355069967 变成了 7481617032355070000）。",
        )],
        fixes: &[facts::QUOTE_IDS],
        sources: &[
            "xiaozhi-esp32-server#352",
            "IEEE 754 doubles (53-bit integers)",
        ],
        outcome: Some(Outcome::NotFound),
        rules: &[ids::ID_ROUNDED],
    },
    // ------------------------------------------------------------------ beyond the cloud API (self-hosted deployments, workflows, networks, realtime)
    Entry {
        id: "deployment",
        keys: &[Key::Shape(Shape::Deployment)],
        title: t(
            "the deployment's model, embedding or network configuration",
            "部署的模型、向量模型或网络配置",
        ),
        meaning: t(
            "A server (a self-hosted Coze Studio or Coze Loop, a workflow's model node) called a model or embedding provider, and the provider refused or could not be reached: `there is no llm model in use`, `you must provide a model parameter`, `messages 参数非法`, an embedding batch-size or dimension error, `lookup ark.cn-beijing.volces.com … server misbehaving`. Nothing in the caller's request or credential is wrong: the fix is in the deployment's configuration. From the caller's side it is `server_error`; retrying does not help. A `request_id` in the text is the provider's, not a Coze logid.",
            "服务端（自行部署的 Coze Studio 或 Coze Loop、工作流中的模型节点）调用模型或向量模型服务商时被拒绝或无法连通：`there is no llm model in use`、`you must provide a model parameter`、`messages 参数非法`、向量模型的批大小或维度错误、`lookup ark.cn-beijing.volces.com … server misbehaving`。调用方的请求和凭证都没有问题：要修改的是部署的配置。对调用方来说它是 `server_error`；重试没有用。文本中的 `request_id` 是服务商的，不是扣子的 logid。",
        ),
        causes: &[
            t(
                "No model configured, or a model entry without its model name (endpoint id), key or base URL: `there is no llm model in use` (coze-studio#703), `you must provide a model parameter` (coze-studio#2064).",
                "没有配置模型，或模型配置缺少模型名称（接入点 ID）、密钥或 base URL：`there is no llm model in use`（coze-studio#703）、`you must provide a model parameter`（coze-studio#2064）。",
            ),
            t(
                "The embedding model's limits: the server's batch size above the provider's (`batch size 100 > maximum allowed batch size 32`, coze-studio#455; DashScope allows 10, coze-studio#189), or dimensions that differ from the vector store's.",
                "向量模型的限制：服务端的批大小超过服务商允许的上限（`batch size 100 > maximum allowed batch size 32`，coze-studio#455；DashScope 上限为 10，coze-studio#189），或维度与向量库不一致。",
            ),
            t(
                "The provider's host cannot be resolved or reached from inside the container (`lookup … on 127.0.0.11:53: server misbehaving`, `connect: connection refused`, coze-studio#121): Docker's DNS, a proxy or a firewall.",
                "容器内无法解析或连通服务商的主机（`lookup … on 127.0.0.11:53: server misbehaving`、`connect: connection refused`，coze-studio#121）：Docker 的 DNS、代理或防火墙。",
            ),
        ],
        fixes: &[
            t(
                "Check the deployment's model configuration: the model (endpoint id) name, its API key and base URL, as the provider documents them; in Coze Studio, the model settings (coze-studio wiki \"Model configuration\").",
                "检查部署的模型配置：模型（接入点 ID）名称、API 密钥和 base URL 是否与服务商文档一致；Coze Studio 中请检查模型设置（coze-studio wiki “Model configuration”）。",
            ),
            t(
                "For the embedding: set the batch size and the dimensions to what the provider accepts (e.g. `OPENAI_EMBEDDING_DIMS`, and a batch size at most the provider's maximum), then index the documents again.",
                "向量模型：把批大小和维度设为服务商接受的值（例如 `OPENAI_EMBEDDING_DIMS`，批大小不超过服务商的上限），然后重新索引文档。",
            ),
            t(
                "For a host that cannot be reached: resolve and call it from inside the container (`docker exec … nslookup HOST`, `curl https://HOST`), and fix the container's DNS or proxy.",
                "主机不可达时：在容器内解析并访问它（`docker exec … nslookup HOST`、`curl https://HOST`），并修正容器的 DNS 或代理。",
            ),
            t(
                "Give the provider's `request_id` to the provider, not to Coze support: it is the provider's trace.",
                "把服务商的 `request_id` 提供给该服务商，而不是扣子技术支持：它是服务商的追踪 ID。",
            ),
        ],
        sources: &[
            "coze-studio#703",
            "coze-studio#2064",
            "coze-studio#455",
            "coze-studio#189",
            "coze-studio#2481",
            "coze-studio#121",
        ],
        outcome: Some(Outcome::ServerError),
        rules: &[],
    },
    Entry {
        id: "workflow_node",
        keys: &[Key::Shape(Shape::Workflow)],
        title: t(
            "a workflow node or a plugin failed",
            "工作流节点或插件执行失败",
        ),
        meaning: t(
            "A node of the workflow (an HTTP request, a knowledge retrieval, a model call) or a plugin's tool failed while the workflow ran: `[720712000] … '知识库检索.outputList' is empty`, `Workflow execution failure: EOF`, `execute tool failed : response is not object`. The request reached the service and was accepted; the fix is in the node's inputs or configuration, or in the plugin's answer. From the caller's side it is `server_error`; retrying the same input fails the same way.",
            "工作流运行时，某个节点（HTTP 请求、知识库检索、模型调用）或插件的工具失败了：`[720712000] … '知识库检索.outputList' is empty`、`Workflow execution failure: EOF`、`execute tool failed : response is not object`。请求已到达服务并被接受；要修改的是节点的输入或配置，或插件的返回。对调用方来说它是 `server_error`；用同样的输入重试会以同样的方式失败。",
        ),
        causes: &[
            t(
                "A node's input refers to an output that is empty (a knowledge retrieval that found nothing, a previous node that returned nothing).",
                "节点的输入引用了一个为空的输出（知识库检索没有结果、上一个节点没有返回内容）。",
            ),
            t(
                "An HTTP node whose endpoint closed the connection or answered nothing (`EOF`), often an address that the self-hosted server cannot reach (coze-studio#767).",
                "HTTP 节点的目标关闭了连接或没有任何应答（`EOF`），常见于自行部署的服务端访问不到该地址（coze-studio#767）。",
            ),
            t(
                "A plugin's tool that answered something other than a JSON object (coze-studio#2494).",
                "插件的工具返回的不是 JSON 对象（coze-studio#2494）。",
            ),
        ],
        fixes: &[
            t(
                "Open the run's `debug_url` (valid 7 days) to see which node failed and its inputs and outputs, or test-run the workflow in the editor with the same input.",
                "打开本次运行的 `debug_url`（有效期 7 天）查看哪个节点失败以及它的输入输出，或在编辑器中用同样的输入试运行工作流。",
            ),
            t(
                "Fix the node named in the error (its input references, an empty-result branch) or the plugin so that its tool returns a JSON object; then run again.",
                "修正错误中提到的节点（输入引用、空结果时的分支），或修正插件使其工具返回 JSON 对象；然后重新运行。",
            ),
        ],
        sources: &[
            "coze-studio#767",
            "coze-studio#2494",
            "docs.coze.cn workflow_chat (debug_url)",
            "coze-dev/coze-studio backend/types/errno/workflow.go",
        ],
        outcome: Some(Outcome::ServerError),
        rules: &[],
    },
    Entry {
        id: "network_error",
        keys: &[Key::Shape(Shape::Network)],
        title: t(
            "the host could not be reached: no answer at all",
            "无法连通主机：没有任何应答",
        ),
        meaning: t(
            "The request never got an answer: the host name did not resolve (`java.net.UnknownHostException: api.coze.cn`, `ENOTFOUND`, `no such host`), the connection was refused, reset or timed out (`dial tcp …: connect: connection refused`). No Coze error is in it, and so no logid: `network_error`.",
            "请求根本没有得到应答：主机名无法解析（`java.net.UnknownHostException: api.coze.cn`、`ENOTFOUND`、`no such host`），或连接被拒绝、重置或超时（`dial tcp …: connect: connection refused`）。其中没有扣子的错误，因此也没有 logid：`network_error`。",
        ),
        causes: &[
            t(
                "The machine's DNS, proxy or firewall: api.coze.cn and api.coze.com resolve publicly (coze-java#130: the maintainer's answer was to check the environment's network and DNS).",
                "本机的 DNS、代理或防火墙：api.coze.cn 和 api.coze.com 都可以公开解析（coze-java#130：维护者的回答是检查代码所在环境的网络和 DNS 配置）。",
            ),
            t(
                "A self-hosted server that is not running or not listening on that address and port (connection refused).",
                "自行部署的服务没有运行，或没有在该地址和端口上监听（连接被拒绝）。",
            ),
        ],
        fixes: &[t(
            "From the machine that failed, resolve and call the host named in the error (`nslookup HOST`, `curl -sS https://HOST`); fix the DNS, proxy (`HTTPS_PROXY`) or firewall, or start the server; then retry.",
            "在出错的机器上解析并访问错误中的主机（`nslookup HOST`、`curl -sS https://HOST`）；修正 DNS、代理（`HTTPS_PROXY`）或防火墙，或启动服务；然后重试。",
        )],
        sources: &["coze-java#130"],
        outcome: Some(Outcome::NetworkError),
        rules: &[ids::UNREACHABLE],
    },
    Entry {
        id: "websocket_close",
        keys: &[Key::Shape(Shape::WebSocketClose)],
        title: t(
            "a WebSocket (realtime) connection was closed",
            "WebSocket（实时）连接被关闭",
        ),
        meaning: t(
            "A close code is the WebSocket's, not a business code of a body: `close 1005` (no status: the other side closed without a code), 1006 (the connection dropped without a close frame), 1000/1001 (a normal close, the server going away), 4000–4999 (the realtime service's own reasons, e.g. a room closed after idling). A body's `code` 4027/4028 is a different thing (billing: see 4028), even with the same digits. cozescope classifies a close as `network_error`.",
            "关闭码属于 WebSocket，而不是响应体中的业务码：`close 1005`（无状态：对端关闭时没有给出关闭码）、1006（连接在没有关闭帧的情况下断开）、1000/1001（正常关闭、服务端离开）、4000–4999（实时服务自己的原因，例如房间空闲后被关闭）。响应体中的 `code` 4027/4028 是另一回事（计费：见 4028），即使数字相同。cozescope 把关闭归类为 `network_error`。",
        ),
        causes: &[
            t(
                "The session idled (no audio or message for a while) and the service closed it, or a proxy closed an idle connection.",
                "会话空闲（一段时间没有音频或消息）后被服务关闭，或代理关闭了空闲连接。",
            ),
            t(
                "The network dropped (1006), or the server restarted (1001).",
                "网络中断（1006），或服务端重启（1001）。",
            ),
        ],
        fixes: &[t(
            "Reconnect: open a new connection (a new room or session) and send the session settings again; resending on the closed socket cannot work. Keep the connection active (heartbeats, or close it yourself when idle).",
            "重新连接：建立新连接（新的房间或会话）并重新发送会话配置；在已关闭的连接上重发不可能成功。保持连接活跃（心跳），或在空闲时主动关闭。",
        )],
        sources: &["RFC 6455 §7.4.1", "python-websockets#452", "coze-js#145"],
        outcome: Some(Outcome::NetworkError),
        rules: &[],
    },
    Entry {
        id: "http_status_in_code",
        keys: &[Key::Shape(Shape::StatusInCode)],
        title: t(
            "an HTTP status carried in `code`",
            "`code` 中携带的是 HTTP 状态码",
        ),
        meaning: t(
            "`code` holds an HTTP status (`{\"code\":400,\"msg\":…}`, `code=400`, `http code: 405`), not a Coze business code: Coze Studio answers its validation errors this way, and gateways in front of a service do too. It is read as the status: 4xx `bad_request` (401 `denied_auth`, 403 `denied_permission`, 404 `not_found`, 429 `rate_limited`), 5xx `server_error`.",
            "`code` 中是 HTTP 状态码（`{\"code\":400,\"msg\":…}`、`code=400`、`http code: 405`），而不是扣子的业务码：Coze Studio 的参数校验错误就是这样返回的，服务前面的网关也会这样。它按状态码理解：4xx 为 `bad_request`（401 为 `denied_auth`，403 为 `denied_permission`，404 为 `not_found`，429 为 `rate_limited`），5xx 为 `server_error`。",
        ),
        causes: &[
            t(
                "A parameter the server could not read (Coze Studio: an empty `conversation_id` answers `unable to decode '' as int64`).",
                "服务端无法解析的参数（Coze Studio：空的 `conversation_id` 会得到 `unable to decode '' as int64`）。",
            ),
            t(
                "405: a method the path does not accept, or a path the deployment does not route (coze-loop#51).",
                "405：该路径不接受此方法，或部署没有路由这个路径（coze-loop#51）。",
            ),
        ],
        fixes: &[t(
            "Read the message beside the code and correct the request (its parameters, method and path), as the server's API documents them.",
            "阅读 code 旁边的消息，并按服务端的 API 文档修正请求（参数、方法和路径）。",
        )],
        sources: &["coze-py#308", "coze-loop#51"],
        outcome: None,
        rules: &[],
    },
];
