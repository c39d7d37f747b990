//! Facts about the Coze OpenAPI that both `cozescope explain` and the diagnosis rules state: one wording,
//! one source citation, used in both places. Sources are public: the docs.coze.cn pages (`doc NAME`), the
//! official SDKs, and GitHub issues (`coze-py#148`).

use crate::i18n::Bilingual;

/// Without `scope` a token carries every permission of the app (doc oauth_jwt_channel, doc oauth_jwt_channel).
pub const OMIT_SCOPE: Bilingual = Bilingual::fixed(
    "Omit the `scope` key (send no scope): the token then carries every permission configured on the app (doc oauth_jwt_channel).",
    "不要发送 `scope` 字段：这样签发的令牌带有应用上配置的全部权限（文档 oauth_jwt_channel）。",
);

/// A scope narrows; it never grants (doc oauth_jwt_channel, GitHub issues last row).
pub const SCOPE_NARROWS: Bilingual = Bilingual::fixed(
    "A scope never adds permissions: a scoped token carries only what its `permission_list` grants, intersected with the app's own permissions.",
    "scope 不会增加权限：带 scope 的令牌只拥有 `permission_list` 授予的权限，并与应用本身的权限取交集。",
);

/// Scope names are a short documented list, not operation permission names (doc authentication).
pub const SCOPE_NAMES: Bilingual = Bilingual::fixed(
    "Scope names are a short documented list (`Connector.botChat`, `Connector.disconnectBot`, …), not the operation permission names; a name the service does not know fails the whole token request with `invalid_request`.",
    "scope 名称是文档列出的一小组名称（`Connector.botChat`、`Connector.disconnectBot` 等），不是接口的权限名；服务不认识的名称会让整个令牌请求以 `invalid_request` 失败。",
);

/// Permissions are configured on the app or PAT, not requested through the scope.
pub const GRANT_IN_CONSOLE: Bilingual = Bilingual::fixed(
    "To give a token a permission, configure it on the OAuth app (or the PAT) in the Coze console (https://www.coze.cn/open/oauth/apps, …/open/oauth/pats; coze.com for the com region), not in the scope.",
    "要让令牌拥有某个权限，请在扣子控制台为 OAuth 应用（或 PAT）配置该权限（https://www.coze.cn/open/oauth/apps、…/open/oauth/pats；com 区域为 coze.com），而不是写进 scope。",
);

/// Regions are separate accounts; the SDKs default to coze.com (the SDKs' base URL constants, GitHub issues).
pub const REGION_HOSTS: Bilingual = Bilingual::fixed(
    "Accounts, apps, keys and tokens of coze.cn work only on https://api.coze.cn, those of coze.com only on https://api.coze.com, and every official SDK defaults to api.coze.com; a wrong region is the most common cause of 4100, 4101 `The token you entered is incorrect` and `kid not been registred` (coze-py#78, #148, #230, coze-go#56, coze-js#159, coze-java#21).",
    "coze.cn（扣子）的账号、应用、公钥和令牌只能用于 https://api.coze.cn，coze.com 的只能用于 https://api.coze.com，而所有官方 SDK 默认使用 api.coze.com；区域不对是 4100、4101 `The token you entered is incorrect` 和 `kid not been registred` 最常见的原因（coze-py#78、#148、#230，coze-go#56，coze-js#159，coze-java#21）。",
);

/// What `kid` and `iss` must be (doc oauth_jwt, coze-py#108).
pub const CHECK_KID: Bilingual = Bilingual::fixed(
    "Check the key: `kid` must be the public key fingerprint the console shows for this app, `iss` the app id (COZE_JWT_OAUTH_CLIENT_ID), and the private key the one whose public key was uploaded (coze-py#108).",
    "检查密钥：`kid` 必须是控制台为该应用显示的公钥指纹，`iss` 是应用 ID（COZE_JWT_OAUTH_CLIENT_ID），私钥必须与上传的公钥配对（coze-py#108）。",
);

/// `aud` is the API host (doc oauth_jwt, doc oauth_jwt).
pub const AUD_IS_HOST: Bilingual = Bilingual::fixed(
    "The JWT `aud` must be the API host without scheme, `api.coze.cn` or `api.coze.com`, matching the base URL the request goes to (doc oauth_jwt).",
    "JWT 的 `aud` 必须是不带协议的 API 主机名 `api.coze.cn` 或 `api.coze.com`，并与请求实际发往的基础 URL 一致（文档 oauth_jwt）。",
);

/// `iat`/`exp` are checked against the service's clock (doc oauth_jwt, INFERRED).
pub const CLOCK: Bilingual = Bilingual::fixed(
    "Synchronise the local clock (NTP): the service checks `iat` (not in its future) and `exp` (after its present, and after `iat`) against its own clock.",
    "同步本机时钟（NTP）：服务用自己的时钟校验 `iat`（不能晚于服务端当前时间）和 `exp`（必须晚于服务端当前时间及 `iat`）。",
);

/// A JWT can be used once (doc oauth_jwt, doc oauth_jwt).
pub const FRESH_JTI: Bilingual = Bilingual::fixed(
    "Sign a new JWT for every token request, with a fresh random `jti` (more than 32 bytes recommended): a JWT can be used only once and access tokens cannot be refreshed (doc oauth_jwt, coze-py#322).",
    "每次请求令牌都重新签一个 JWT，并使用新的随机 `jti`（建议长度大于 32 字节）：JWT 仅能使用一次，访问令牌不支持刷新（文档 oauth_jwt、coze-py#322）。",
);

/// Channel apps need a connector; server-to-server use needs a normal app (coze-java#39).
pub const RECREATE_NORMAL_APP: Bilingual = Bilingual::fixed(
    "Create the OAuth app with type 普通 (normal) instead of 渠道 (channel) and use its app id, kid and key; a channel app works only once a connector (channel) is bound to it (coze-java#39, doc oauth_jwt_channel FAQ).",
    "将 OAuth 应用重新创建为“普通”类型（而不是“渠道”类型），并使用新应用的 ID、公钥指纹和私钥；渠道应用只有绑定了渠道（connector）后才能使用（coze-java#39，文档 oauth_jwt_channel 常见问题）。",
);

/// Binding a workspace to a credential (doc authentication: workspace-level permissions).
pub const BIND_WORKSPACE: Bilingual = Bilingual::fixed(
    "Bind the workspace to the credential: workspace-level permissions (createBot, edit, publish, …) apply only in the workspaces the OAuth app or PAT is authorised for; add the workspace to the app's (or PAT's) workspace list in the console (doc authentication).",
    "把工作空间授权给该凭证：工作空间级权限（createBot、edit、publish 等）只在 OAuth 应用或 PAT 被授权的工作空间内有效；请在控制台把该工作空间加入应用（或 PAT）的工作空间列表（文档 authentication）。",
);

/// The 4101 message does not say which of permission or workspace is missing (the Coze error-code page, INFERRED).
pub const DENIAL_IS_AMBIGUOUS: Bilingual = Bilingual::fixed(
    "The service answers 4101 with the same text whether the permission is missing or the workspace is not bound.",
    "无论是缺少权限还是未绑定工作空间，服务返回的 4101 文本都相同。",
);

/// When nothing explains a 4101 (coze-py#142).
pub const VOLCENGINE_TICKET: Bilingual = Bilingual::fixed(
    "If every permission and workspace is set and 4101 persists, file a Volcengine work order with the logids (coze-py#142: the maintainers' only answer).",
    "如果权限和工作空间都已正确设置而 4101 仍然出现，请带上 logid 提交火山引擎工单（coze-py#142：维护者给出的唯一答复）。",
);

/// What to do when throttled (doc coze_api_overview).
pub const RETRY_RATE_LIMIT: Bilingual = Bilingual::fixed(
    "Retry after a pause and send fewer requests at once (`--jobs 1`); no official SDK retries or reads `Retry-After`. Documented limits: 5 QPS per API for collaborator APIs; model throttling (4013) and RPM (4020) come back as business codes.",
    "稍等后重试，并降低并发（`--jobs 1`）；官方 SDK 都不会自动重试，也不读取 `Retry-After`。已知限制：协作者相关 API 每个 5 QPS；模型限流（4013）和 RPM（4020）以业务码返回。",
);

/// A used-up quota is not a rate limit (doc coze_error_codes: 4008, 4011, 4019, 4022; chat-sdk i18n: 4027,
/// 4028; coze-py#425).
pub const QUOTA: Bilingual = Bilingual::fixed(
    "The account is out of quota or balance, so every call fails the same way until someone acts: top up or settle the account, upgrade from the free plan (its API calls are a fixed number in total, e.g. 500), or wait for the quota to refresh (4008 is a daily cap). Retrying does not help, and nothing in the request or the permissions needs to change (doc coze_error_codes, coze-py#425).",
    "账户的额度或余额已用完，在有人处理之前每次调用都会以同样的方式失败：充值或结清欠费、从免费版升级（免费版的 API 调用次数是总量固定的，例如 500 次），或等待额度刷新（4008 是每日上限）。重试没有用，请求和权限也都无需修改（文档 coze_error_codes，coze-py#425）。",
);

/// Publishing to the API connector (doc publish_bot, doc coze_error_codes 4015).
pub const PUBLISH_TO_API: Bilingual = Bilingual::fixed(
    "Publish the bot to the API connector (`POST /v1/bot/publish` with `connector_ids: [\"1024\"]`, permission `publish`, or choose API when publishing in the console), and publish a workflow before running it: a created or edited bot is a draft, and the OpenAPI sees only what is published there (doc publish_bot).",
    "把智能体发布到 API 渠道（`POST /v1/bot/publish`，`connector_ids: [\"1024\"]`，需要 `publish` 权限；或在控制台发布时勾选 API），工作流也要先发布再运行：新建或修改后的智能体是草稿，OpenAPI 只能看到发布到 API 渠道的版本（文档 publish_bot）。",
);

/// A workflow runs through the OpenAPI only once published.
pub const PUBLISH_WORKFLOW: Bilingual = Bilingual::fixed(
    "Publish the workflow before running it (open it in the console's workflow editor, then Publish): `/v1/workflow/run` runs only a published workflow.",
    "运行前先发布工作流（在控制台的工作流编辑器中打开，然后点击发布）：`/v1/workflow/run` 只运行已发布的工作流。",
);

/// The base URL is the host alone (the SDKs' base URL constants; the service's 4000 for a path it lacks).
pub const BASE_URL_IS_HOST: Bilingual = Bilingual::fixed(
    "The base URL is the host alone, `https://api.coze.cn` or `https://api.coze.com`, with no path: the SDKs add `/v1/…`, `/v3/…` themselves. Retired paths (`/open_api/v2/chat`, `/v2/chat`) answer `The requested API endpoint … does not exist`: use `/v3/chat`.",
    "基础 URL 只能是主机名 `https://api.coze.cn` 或 `https://api.coze.com`，不带路径：SDK 会自己加上 `/v1/…`、`/v3/…`。已下线的路径（`/open_api/v2/chat`、`/v2/chat`）会返回 `The requested API endpoint … does not exist`：请改用 `/v3/chat`。",
);

/// Ids above 2^53 must travel as strings (xiaozhi-esp32-server#352).
pub const QUOTE_IDS: Bilingual = Bilingual::fixed(
    "Quote every id as a string (`\"bot_id\": \"7481617032355069967\"`) in configuration files, JSON bodies and code, and copy it again from the console (the bot's URL): ids are above 2^53, so any number type on the way rounds them and they end in zeros (xiaozhi-esp32-server#352).",
    "在配置文件、JSON 请求体和代码中都把 ID 写成字符串（`\"bot_id\": \"7481617032355069967\"`），并从控制台（智能体页面的 URL）重新复制：ID 大于 2^53，途中任何数值类型都会把它舍入成以 0 结尾的数（xiaozhi-esp32-server#352）。",
);

/// On `/v3/chat` the bot is looked up before the token is checked (coze-java#92, third-party debug notes).
pub const LOOKUP_BEFORE_TOKEN: Bilingual = Bilingual::fixed(
    "A 4200 `… does not exist` does not prove the token is valid: on `/v3/chat` the service looks up the bot before it checks the token, so a bot of the other region, or a fake token, answers 4200 rather than 4100. The SDKs default to api.coze.com; a coze.cn bot is not found there (coze-java#92).",
    "4200 `… does not exist` 并不能证明令牌有效：在 `/v3/chat` 上服务先查找智能体、再校验令牌，所以另一区域的智能体或伪造的令牌得到的是 4200 而不是 4100。SDK 默认使用 api.coze.com，coze.cn 的智能体在那里找不到（coze-java#92）。",
);

/// What to do on a server error (the Coze error-code page, coze-js#179, coze-java#47).
pub const RETRY_SERVER_ERROR: Bilingual = Bilingual::fixed(
    "Retry once after a short delay; if it persists, open a Coze support ticket with the logids, the times (UTC) and the region. A 5000 can also hide a wrong id in the request, e.g. a bot id (coze-js#179, coze-java#47).",
    "稍等片刻后重试一次；如果仍然失败，请带上 logid、时间（UTC）和区域联系扣子技术支持。5000 也可能掩盖了请求中的错误 ID，例如智能体 ID（coze-js#179、coze-java#47）。",
);

/// Logids are what support needs (doc create_bot response).
pub const GIVE_LOGIDS: Bilingual = Bilingual::fixed(
    "Coze support traces a request by its logid (the `x-tt-logid` header, also in `detail.logid`); give them the logids with the UTC times and the region.",
    "扣子技术支持通过 logid（响应头 `x-tt-logid`，也在 `detail.logid` 中）追踪请求；请提供 logid 以及 UTC 时间和区域。",
);

/// Authentication failed everywhere: the scopes were never tested.
pub const AUTH_BEFORE_SCOPE: Bilingual = Bilingual::fixed(
    "Authentication happens before any permission check, so no row here tested a scope or a permission: fix the credential, its region or the auth mode first (pat for `pat_…` tokens, jwt for an OAuth app's key), then run again.",
    "鉴权发生在任何权限检查之前，所以这里没有任何一行真正检验了 scope 或权限：请先修正凭证、区域或鉴权方式（`pat_…` 令牌用 pat，OAuth 应用密钥用 jwt），然后重新运行。",
);

/// A self-hosted server (Coze Studio, Coze Loop) is its operator's to trace, not Coze support's: its log ids
/// (`X-Log-Id`, a UUID) are in its own logs.
pub const SELF_HOSTED_LOGS: Bilingual = Bilingual::fixed(
    "A self-hosted server answered (Coze Studio, Coze Loop, or a deployment calling its providers): Coze support cannot see it. Ask whoever runs it, with the time and the log id (`X-Log-Id`): they are in that server's logs (`docker logs coze-server`); see also its project's issues.",
    "应答来自自行部署的服务（Coze Studio、Coze Loop，或调用其服务商的部署）：扣子技术支持看不到它。请带上时间和 log id（`X-Log-Id`）询问该服务的运维者：它们在该服务的日志中（`docker logs coze-server`）；也可查看该项目的 issue。",
);

/// A self-hosted Coze Studio has no OAuth JWT flow: its OpenAPI takes PATs made in it (coze-studio `api/middleware/openapi_auth.go`).
pub const STUDIO_USE_A_PAT: Bilingual = Bilingual::fixed(
    "Create a personal access token in that Studio (its API authorization page, under your account) and send it as `Authorization: Bearer <token>` (cozepy `TokenAuth`); keep the JWT OAuth app for api.coze.cn or api.coze.com.",
    "在该 Studio 中创建个人访问令牌（账号下的 API 授权页面），以 `Authorization: Bearer <令牌>` 发送（cozepy 的 `TokenAuth`）；JWT OAuth 应用留给 api.coze.cn 或 api.coze.com 使用。",
);

/// What a self-hosted Coze Studio serves as OpenAPI, and what only its web UI does (coze-studio `api/middleware/openapi_auth.go`).
pub const STUDIO_OPENAPI_PATHS: Bilingual = Bilingual::fixed(
    "Call what Studio serves as OpenAPI with the PAT: chat (`/v3/chat`, its retrieve and message list), conversations, a bot's retrieve (`/v1/bots/{id}`), workflow run, datasets, file upload; give the doctor a bot (COZE_BOT_ID) or a workflow (COZE_WORKFLOW_ID) to probe them. Creating, editing and publishing bots, workspaces and voices are done in Studio's web UI.",
    "用 PAT 调用 Studio 作为 OpenAPI 提供的接口：对话（`/v3/chat` 及其查询和消息列表）、会话、查询智能体（`/v1/bots/{id}`）、运行工作流、知识库、上传文件；给 doctor 一个智能体（COZE_BOT_ID）或工作流（COZE_WORKFLOW_ID）来探测它们。创建、编辑、发布智能体以及工作空间、音色都在 Studio 的网页界面中操作。",
);

/// A PAT a Studio does not know: one made in that Studio (coze-studio `application/openauth/openapiauth.go`).
pub const STUDIO_CREATE_PAT: Bilingual = Bilingual::fixed(
    "Create a personal access token in this Studio (your avatar → API authorization) and use it whole; a token of coze.cn or coze.com, or of another deployment, is not valid here.",
    "在这个 Studio 中创建个人访问令牌（头像 → API 授权）并完整使用；coze.cn、coze.com 或其他部署的令牌在这里无效。",
);

/// No `Authorization` header reached a Studio (coze-studio `api/middleware/openapi_auth.go`).
pub const STUDIO_SEND_AUTHORIZATION: Bilingual = Bilingual::fixed(
    "Send the token as `Authorization: Bearer <token>`: check that the token variable (COZE_API_TOKEN) is set and not empty, and that any proxy or gateway in front of the Studio forwards the Authorization header.",
    "以 `Authorization: Bearer <令牌>` 发送令牌：检查令牌变量（COZE_API_TOKEN）已设置且非空，并确认 Studio 前面的代理或网关会转发 Authorization 头。",
);

/// A Studio reads exactly one `Bearer` before the token (coze-studio `api/middleware/openapi_auth.go`).
pub const STUDIO_BEARER_ONCE: Bilingual = Bilingual::fixed(
    "Set the token alone, without a `Bearer ` prefix (the SDKs add it), and send `Authorization: Bearer <token>` with `Bearer` capitalised and written once.",
    "只设置令牌本身，不要带 `Bearer ` 前缀（SDK 会自动加上），并以 `Authorization: Bearer <令牌>` 发送，`Bearer` 首字母大写且只写一次。",
);
