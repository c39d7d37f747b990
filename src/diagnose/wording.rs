//! The sentences of verdicts, in English and Chinese, one pair per hypothesis, per ruling, per note: the
//! decisions (`decide/`) produce typed data and never prose; this is the only place that words it. Probe
//! names, codes, ids and logids stay untranslated so that they can be searched.

use super::verdict::{
    Cause, Cited, Detail, Grounds, KidShape, Note, Operation, Place, Proof, RegionSign,
    ResourceKind, RuledOut, StudioProblem, StudioRefusal, StudioRelease, Untested,
};
use crate::auth::AuthMode;
use crate::coze::studio::{StudioFacts, StudioSign};
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::outcome::Outcome;
use crate::runner::Reason;

/// The longest excerpt of a service message quoted in a sentence.
const EXCERPT_CHARS: usize = 120;

/// `4101 `Your token does not have…``: a failed row's code and the start of its message.
fn said(row: &Cited) -> String {
    let code = row.code.clone().unwrap_or_else(|| row.outcome.to_string());
    // A self-hosted Studio appends its Go stack trace to some messages: not the reason, and long.
    let message = row
        .message
        .as_deref()
        .map(crate::coze::studio::without_stack);
    match message.filter(|m| !m.is_empty()) {
        Some(message) => {
            let short: String = message.chars().take(EXCERPT_CHARS).collect();
            let ellipsis = if short.len() < message.len() {
                "…"
            } else {
                ""
            };
            format!("{code} `{}{ellipsis}`", short.replace('`', "'"))
        }
        None => code,
    }
}

/// `“case”, 4101, logid X` / `“case”, ok`: a row as evidence.
pub fn row(row: &Cited) -> String {
    let answer = if row.outcome == Outcome::Ok {
        "ok".to_string()
    } else {
        row.code.clone().unwrap_or_else(|| row.outcome.to_string())
    };
    match &row.logid {
        Some(logid) => format!("“{}” {} {answer}, logid {logid}", row.case, row.probe),
        None => format!("“{}” {} {answer}", row.case, row.probe),
    }
}

fn first(cause: &Cause) -> String {
    cause.evidence.first().map(said).unwrap_or_default()
}

/// Probe names joined.
fn names(probes: &[crate::probe::ProbeKind], separator: &str) -> String {
    probes
        .iter()
        .map(|probe| probe.name())
        .collect::<Vec<_>>()
        .join(separator)
}

fn list(names: &[impl AsRef<str>], separator: &str) -> String {
    names
        .iter()
        .map(|name| format!("`{}`", name.as_ref()))
        .collect::<Vec<_>>()
        .join(separator)
}

fn resource(kind: ResourceKind) -> (&'static str, &'static str) {
    match kind {
        ResourceKind::Bot => ("bot", "智能体"),
        ResourceKind::Workflow => ("workflow", "工作流"),
    }
}

fn kid_shape(shape: KidShape) -> (&'static str, &'static str) {
    match shape {
        KidShape::PublicKey => ("the public key itself (a PEM body)", "公钥本身（PEM 内容）"),
        KidShape::FileName => ("a file name", "一个文件名"),
        KidShape::Empty => ("empty", "空的"),
        KidShape::Other => (
            "not in the fingerprint's form (43 base64url characters)",
            "不符合指纹格式（43 个 base64url 字符）",
        ),
    }
}

/// `create_bot (4101 `createBot` in workspace `W`)`.
fn operation(op: &Operation) -> (String, String) {
    let permission = op
        .permission
        .as_deref()
        .map(|p| format!(" `{p}`"))
        .unwrap_or_default();
    let (where_en, where_zh) = match &op.place {
        Place::Account => (String::new(), String::new()),
        Place::Workspace { id } => (
            format!(" in workspace `{id}`"),
            format!("，工作空间 `{id}`"),
        ),
        Place::Resource { key, id } => (format!(" on `{key}={id}`"), format!("，`{key}={id}`")),
    };
    let permission = permission.trim_start();
    let (open_en, open_zh) = if permission.is_empty() && where_en.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(" ({permission}{where_en})")
                .replace("( in", "(in")
                .replace("( on", "(on"),
            format!("（{permission}{where_zh}）").replace("（，", "（"),
        )
    };
    (
        format!("{} was denied{open_en}", op.probe),
        format!("{} 被拒绝{open_zh}", op.probe),
    )
}

fn permission(op: &Operation) -> String {
    op.permission
        .clone()
        .unwrap_or_else(|| op.probe.name().to_string())
}

/// The cause in a sentence or two.
pub fn cause(cause: &Cause) -> Bilingual {
    let err = first(cause);
    let mut text = match &cause.detail {
        Detail::Unreachable { base_url, error } => {
            let error = if error.is_empty() {
                String::new()
            } else {
                format!(" ({})", error.replace('`', "'"))
            };
            Bilingual::new(
                format!(
                    "No request reached {base_url}: every one failed before any answer{error}. Nothing is known of the credential yet: no answer tested it."
                ),
                format!(
                    "没有任何请求到达 {base_url}：每个请求都在得到应答之前失败{error}。凭证本身还一无所知：没有任何应答检验过它。"
                ),
            )
        }
        Detail::EndpointNotFound {
            request,
            base_path,
            not_api,
        } => {
            let mut en = format!(
                "Requests went to an endpoint the service does not have ({request}: {err}), so nothing else was tested."
            );
            let mut zh = format!(
                "请求发往了服务不存在的接口（{request}：{err}），因此没有检验任何其他内容。"
            );
            if let Some(path) = base_path {
                en.push_str(&format!(" The base URL has a path (`{path}`)."));
                zh.push_str(&format!("基础 URL 带有路径（`{path}`）。"));
            }
            if *not_api {
                en.push_str(" The answer is not the Coze API's (not JSON).");
                zh.push_str("应答不是扣子 API 的格式（不是 JSON）。");
            }
            Bilingual::new(en, zh)
        }
        Detail::WrongRegion {
            here,
            sign,
            url_target,
            ..
        } => {
            let there = here.other();
            let refused_on = url_target.as_deref().unwrap_or(here.api_host());
            match (sign, cause.proved) {
                (RegionSign::Rejected, true) => Bilingual::new(
                    format!(
                        "It is a {} credential: refused on {} ({err}) and accepted on {}.",
                        there.web_host(),
                        here.api_host(),
                        there.api_host()
                    ),
                    format!(
                        "这是 {} 的凭证：在 {} 被拒绝（{err}），在 {} 被接受。",
                        there.web_host(),
                        here.api_host(),
                        there.api_host()
                    ),
                ),
                (RegionSign::Rejected, false) if url_target.is_some() => Bilingual::new(
                    format!(
                        "Refused on {refused_on} ({err}); the most common cause is a credential of a region that base URL does not serve (coze.cn or coze.com)."
                    ),
                    format!(
                        "在 {refused_on} 被拒绝（{err}）；最常见的原因是该凭证属于这个基础 URL 不服务的区域（coze.cn 或 coze.com）。"
                    ),
                ),
                (RegionSign::Rejected, false) => Bilingual::new(
                    format!(
                        "Refused on {refused_on} ({err}); the most common cause is a credential of the other region ({}).",
                        there.web_host()
                    ),
                    format!(
                        "在 {refused_on} 被拒绝（{err}）；最常见的原因是使用了另一区域（{}）的凭证。",
                        there.web_host()
                    ),
                ),
                (RegionSign::FoundNothing, true) => Bilingual::new(
                    format!(
                        "Nothing was found on {} ({err}) and it was found on {}: the resource and the token belong to {}.",
                        here.api_host(),
                        there.api_host(),
                        there.web_host()
                    ),
                    format!(
                        "在 {} 什么也没找到（{err}），在 {} 找到了：资源和令牌都属于 {}。",
                        here.api_host(),
                        there.api_host(),
                        there.web_host()
                    ),
                ),
                (RegionSign::FoundNothing, false) => {
                    let mut text = Bilingual::new(
                        format!(
                            "Nothing was found on {} ({err}) and no operation got past authentication: most likely a token or a bot of the other region ({}).",
                            here.api_host(),
                            there.web_host()
                        ),
                        format!(
                            "在 {} 什么也没找到（{err}），也没有任何操作通过鉴权：很可能是另一区域（{}）的令牌或智能体。",
                            here.api_host(),
                            there.web_host()
                        ),
                    );
                    text.append(&facts::LOOKUP_BEFORE_TOKEN);
                    text
                }
            }
        }
        Detail::KidNotFingerprint { shape } => {
            let (en, zh) = kid_shape(*shape);
            Bilingual::new(
                format!(
                    "The token request was refused ({err}): the configured kid is {en}, not the 43-character public key fingerprint the console shows for the key."
                ),
                format!(
                    "令牌请求被拒绝（{err}）：配置的 kid 是{zh}，而不是控制台为该公钥显示的 43 个字符的公钥指纹。"
                ),
            )
        }
        Detail::KeyNotRegistered {
            app,
            kid,
            signature,
            key_fingerprint,
        } => {
            let mut text = if *signature {
                Bilingual::new(
                    format!(
                        "The service knows key `{kid}` of app `{app}` but the signature does not verify ({err}): the private key is not the pair of the public key registered under that kid."
                    ),
                    format!(
                        "服务认识应用 `{app}` 的公钥 `{kid}`，但签名校验失败（{err}）：所用私钥与该 kid 下登记的公钥不配对。"
                    ),
                )
            } else {
                Bilingual::new(
                    format!(
                        "Key `{kid}` is not registered for app `{app}` ({err}): the kid, the app id or the key pair is another app's, or the key was removed from the app."
                    ),
                    format!(
                        "应用 `{app}` 没有登记公钥 `{kid}`（{err}）：kid、应用 ID 或密钥对属于另一个应用，或者该公钥已从应用中删除。"
                    ),
                )
            };
            if let Some(fingerprint) = key_fingerprint {
                text.append(&Bilingual::new(
                    format!("The configured private key's public half has the fingerprint `{fingerprint}`, not `{kid}` (computed as the sandbox does; that the console computes it the same way is INFERRED)."),
                    format!("所配置私钥对应的公钥指纹是 `{fingerprint}`，而不是 `{kid}`（按沙箱的算法计算；控制台是否相同属推断）。"),
                ));
            }
            text
        }
        Detail::CredentialRejected {
            studio: Some(refusal),
            ..
        } => studio_refusal(*refusal, &err),
        Detail::SelfHostedStudio { release, problem } => {
            // A request is not sent once a Studio is recognised: then there is no refusal to quote.
            let sent = cause
                .evidence
                .first()
                .is_some_and(|row| !matches!(row.outcome, Outcome::Skipped | Outcome::Ok));
            studio_cause(*release, problem, sent.then_some(err.as_str()))
        }
        Detail::CredentialRejected {
            mode, empty_jwt, ..
        } => match (empty_jwt, mode) {
            (true, _) => Bilingual::new(
                format!(
                    "The service found no JWT in `Authorization: Bearer …` ({err}) (coze-js#313)."
                ),
                format!(
                    "服务在 `Authorization: Bearer …` 中没有找到 JWT（{err}）（coze-js#313）。"
                ),
            ),
            (false, AuthMode::Pat) => Bilingual::new(
                format!(
                    "The token is not accepted ({err}): it is mistyped or truncated, revoked, or expired (a personal access token lasts at most 30 days)."
                ),
                format!(
                    "令牌不被接受（{err}）：令牌输错或被截断、已撤销，或已过期（个人访问令牌最长有效 30 天）。"
                ),
            ),
            (false, AuthMode::Jwt) => Bilingual::new(
                format!("The token request is not accepted ({err})."),
                format!("令牌请求不被接受（{err}）。"),
            ),
        },
        Detail::ChannelApp { app } => Bilingual::new(
            format!(
                "OAuth app `{app}` is a channel (渠道) app with no connector bound ({err}): server-side calls such as createBot need a normal (普通) app; scopes and permissions were never reached."
            ),
            format!(
                "OAuth 应用 `{app}` 是未绑定渠道的“渠道”类型应用（{err}）：createBot 这类服务端调用需要“普通”类型的应用；scope 和权限根本没有被检查到。"
            ),
        ),
        Detail::AppDeactivated { app } => Bilingual::new(
            format!("OAuth app `{app}` is deactivated: the service refuses its tokens ({err})."),
            format!("OAuth 应用 `{app}` 已被停用：服务拒绝为它签发令牌（{err}）。"),
        ),
        Detail::AudienceMismatch { sent, expected } => Bilingual::new(
            format!(
                "The token request was refused for its audience ({err}): the JWT `aud` was `{sent}`, the service expects `{expected}`."
            ),
            format!(
                "令牌请求因 audience 被拒绝（{err}）：JWT 的 `aud` 是 `{sent}`，服务期望的是 `{expected}`。"
            ),
        ),
        Detail::ClockSkew { skew_seconds } => {
            let mut text = Bilingual::new(
                format!(
                    "The token request was refused for its times ({err}): the service checks the JWT's `iat`/`exp` against its own clock."
                ),
                format!("令牌请求因时间被拒绝（{err}）：服务用自己的时钟校验 JWT 的 `iat`/`exp`。"),
            );
            if let Some(seconds) = skew_seconds.filter(|s| *s != 0) {
                let (way_en, way_zh) = if seconds > 0 {
                    ("ahead of", "快")
                } else {
                    ("behind", "慢")
                };
                text.append(&Bilingual::new(
                    format!(
                        "The local clock is about {} s {way_en} the service's.",
                        seconds.unsigned_abs()
                    ),
                    format!("本机时钟比服务端{way_zh}约 {} 秒。", seconds.unsigned_abs()),
                ));
            }
            text
        }
        Detail::JtiReplayed => Bilingual::new(
            format!(
                "The token request was refused because its JWT was already used ({err}): each assertion is accepted once, keyed by its `jti`."
            ),
            format!(
                "令牌请求被拒绝，因为其 JWT 已被使用过（{err}）：每个 JWT 按 `jti` 只接受一次。"
            ),
        ),
        Detail::ScopeNameRejected {
            sent,
            suspects,
            ungrantable,
        } => {
            let mut text = if suspects.is_empty() {
                Bilingual::new(
                    format!(
                        "The token request with scope {} was rejected ({err}) although every name is a documented scope name: the service does not accept them for this app.",
                        list(sent, ", ")
                    ),
                    format!(
                        "带 scope {} 的令牌请求被拒绝（{err}），尽管这些名称都是文档列出的 scope 名称：服务不接受该应用使用它们。",
                        list(sent, "、")
                    ),
                )
            } else {
                Bilingual::new(
                    format!(
                        "The token request with scope {} was rejected ({err}): {} {}; an unknown name fails the whole request.",
                        list(sent, ", "),
                        list(suspects, ", "),
                        if suspects.len() > 1 {
                            "are not documented scope names"
                        } else {
                            "is not a documented scope name"
                        }
                    ),
                    format!(
                        "带 scope {} 的令牌请求被拒绝（{err}）：{} 不是文档列出的 scope 名称；一个未知名称就会让整个请求失败。",
                        list(sent, "、"),
                        list(suspects, "、")
                    ),
                )
            };
            if !ungrantable.is_empty() {
                text.append(&Bilingual::new(
                    format!(
                        "No documented scope name grants {}.",
                        list(ungrantable, ", ")
                    ),
                    format!(
                        "没有任何文档列出的 scope 名称能授予 {}。",
                        list(ungrantable, "、")
                    ),
                ));
            }
            text
        }
        Detail::ScopeNarrowed {
            operation: op,
            scope,
            granted,
            ..
        } => {
            let (op_en, op_zh) = operation(op);
            let scope = serde_json::to_string(scope).unwrap_or_default();
            let (grants_en, grants_zh) = if granted.is_empty() {
                (
                    "grants no permission".to_string(),
                    "不授予任何权限".to_string(),
                )
            } else {
                (
                    format!("grants only {}", list(granted, ", ")),
                    format!("只授予 {}", list(granted, "、")),
                )
            };
            Bilingual::new(
                format!(
                    "{op_en}: the scope narrowed the token: `{scope}` {grants_en}, and a scoped token carries only what its `permission_list` grants."
                ),
                format!(
                    "{op_zh}：scope 收窄了令牌：`{scope}` {grants_zh}，而带 scope 的令牌只拥有 `permission_list` 授予的权限。"
                ),
            )
        }
        Detail::WorkspaceNotBound {
            operation: op,
            workspace,
        } => {
            let (op_en, op_zh) = operation(op);
            let listed = cause
                .evidence
                .iter()
                .any(|row| row.probe == crate::probe::ProbeKind::ListWorkspaces);
            if cause.proved && listed {
                Bilingual::new(
                    format!(
                        "{op_en}: the credential is not bound to workspace `{workspace}`: its list_workspaces answer does not contain it."
                    ),
                    format!(
                        "{op_zh}：该凭证没有绑定工作空间 `{workspace}`：其 list_workspaces 的结果中没有该工作空间。"
                    ),
                )
            } else if cause.proved {
                Bilingual::new(
                    format!(
                        "{op_en}: the credential is not bound to workspace `{workspace}`; it has `{}`.",
                        permission(op)
                    ),
                    format!(
                        "{op_zh}：该凭证没有绑定工作空间 `{workspace}`；它具备 `{}`。",
                        permission(op)
                    ),
                )
            } else {
                Bilingual::new(
                    format!(
                        "{op_en}: most likely the credential is not bound to workspace `{workspace}`, which its list_workspaces answer does not contain."
                    ),
                    format!(
                        "{op_zh}：很可能该凭证没有绑定工作空间 `{workspace}`，其 list_workspaces 的结果中没有该工作空间。"
                    ),
                )
            }
        }
        Detail::PermissionNotConfigured {
            operation: op,
            also_unbound,
            contradiction,
        } => {
            let (op_en, op_zh) = operation(op);
            let p = permission(op);
            // What the credential lacks: its permission by name, or the endpoint's when it has none.
            let (lacks_en, lacks_zh) = match &op.permission {
                Some(p) => (format!("`{p}`"), format!("`{p}`")),
                None => {
                    let endpoint = op.probe.operation().endpoint();
                    (
                        format!("the permission of `{endpoint}` (none is documented)"),
                        format!("`{endpoint}` 所需的权限（文档未列出）"),
                    )
                }
            };
            if *contradiction {
                Bilingual::new(
                    format!(
                        "{op_en} although the credential is bound there and has `{p}` elsewhere: nothing in its rows explains it."
                    ),
                    format!(
                        "{op_zh}，但该凭证已绑定该工作空间，且在别处具备 `{p}`：它的各行都无法解释这一点。"
                    ),
                )
            } else if cause.proved || cause.would_prove == Some(Proof::Ownership) {
                let mut text = Bilingual::new(
                    format!("{op_en}: {lacks_en} is not configured for the credential."),
                    format!("{op_zh}：该凭证没有配置 {lacks_zh}。"),
                );
                if *also_unbound && let Place::Workspace { id } = &op.place {
                    text.append(&Bilingual::new(
                        format!("It is not bound to workspace `{id}` either: granting the permission alone is not enough there."),
                        format!("它也没有绑定工作空间 `{id}`：仅添加权限在那里还不够。"),
                    ));
                }
                text
            } else {
                let (or_en, or_zh) = match &op.place {
                    Place::Workspace { id } => (
                        format!("or the credential is not bound to workspace `{id}`"),
                        format!("或者该凭证没有绑定工作空间 `{id}`"),
                    ),
                    _ => (
                        "or the resource lives in a workspace the credential is not bound to"
                            .to_string(),
                        "或者该资源所在的工作空间没有绑定到该凭证".to_string(),
                    ),
                };
                let mut text = Bilingual::new(
                    format!("{op_en}: {lacks_en} is not configured for the credential, {or_en}."),
                    format!("{op_zh}：该凭证没有配置 {lacks_zh}，{or_zh}。"),
                );
                text.append(&facts::DENIAL_IS_AMBIGUOUS);
                text
            }
        }
        Detail::NotOwner {
            operation: op,
            bot,
            on_studio: true,
            ..
        } => {
            let (op_en, op_zh) = operation(op);
            Bilingual::new(
                format!(
                    "{op_en}: the self-hosted Coze Studio answers that agent `{bot}` is not this user's ({err}): a Studio serves an agent through its OpenAPI only to the PATs of the user who created it. Studio PATs have no permission list to add to."
                ),
                format!(
                    "{op_zh}：自行部署的 Coze Studio 答复智能体 `{bot}` 不属于该用户（{err}）：Studio 的 OpenAPI 只向创建该智能体的用户的 PAT 提供它。Studio 的 PAT 没有可添加的权限列表。"
                ),
            )
        }
        Detail::NotOwner {
            operation: op,
            bot,
            owner,
            user,
            ..
        } => {
            let (op_en, op_zh) = operation(op);
            let owner = owner.as_deref().unwrap_or("?");
            let user = user.as_deref().unwrap_or("?");
            Bilingual::new(
                format!(
                    "{op_en}: bot `{bot}` belongs to user `{owner}`, the token to user `{user}`; a member's personal access token may read and chat with another's bot but not edit or publish it."
                ),
                format!(
                    "{op_zh}：智能体 `{bot}` 属于用户 `{owner}`，而令牌属于用户 `{user}`；成员的个人访问令牌可以读取他人的智能体并与之对话，但不能编辑或发布它。"
                ),
            )
        }
        Detail::ChatPollingDenied { operation: op } => {
            let (op_en, op_zh) = operation(op);
            Bilingual::new(
                format!(
                    "{op_en}: the chat starts, but polling it (`create_and_poll` in every SDK) needs `getChat` (retrieve) and `listMessage` (message list) besides `chat`."
                ),
                format!(
                    "{op_zh}：对话可以发起，但轮询它（各 SDK 的 `create_and_poll`）除了 `chat` 还需要 `getChat`（查询对话）和 `listMessage`（消息列表）。"
                ),
            )
        }
        Detail::ResourceElsewhere {
            kind, id, searched, ..
        } => {
            let (what_en, what_zh) = resource(*kind);
            let (in_en, in_zh) = if searched.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!(" ({})", list(searched, ", ")),
                    format!("（{}）", list(searched, "、")),
                )
            };
            Bilingual::new(
                format!(
                    "The {what_en} `{id}` is not among those of the workspaces this credential reads{in_en} ({err}): it lives in another workspace or account, or was deleted."
                ),
                format!(
                    "{what_zh} `{id}` 不在该凭证可读取的工作空间中{in_zh}（{err}）：它位于另一个工作空间或账号，或已被删除。"
                ),
            )
        }
        Detail::NotPublished {
            kind,
            id,
            on_studio,
            listed,
        } => {
            let (what_en, what_zh) = resource(*kind);
            let id = id
                .as_deref()
                .map(|id| format!(" `{id}`"))
                .unwrap_or_default();
            let (list_en, list_zh) = match kind {
                ResourceKind::Bot => ("list_bots", "list_bots"),
                ResourceKind::Workflow => ("list_workflows", "list_workflows"),
            };
            if *listed {
                Bilingual::new(
                    format!(
                        "The {what_en}{id} is not published to the API: the credential's own {list_en} lists it with `is_published: false`. Its metadata reads as a draft, but a chat or run through the OpenAPI sees only what is published to the API connector."
                    ),
                    format!(
                        "{what_zh}{id} 没有发布到 API 渠道：该凭证自己的 {list_zh} 列出它时 `is_published: false`。它的元数据可以按草稿读取，但通过 OpenAPI 对话或运行只能用发布到 API 渠道的版本。"
                    ),
                )
            } else if *on_studio && *kind == ResourceKind::Bot {
                Bilingual::new(
                    format!(
                        "The self-hosted Coze Studio answers that the {what_en}{id} is not published to the API ({err}): its OpenAPI sees only what is published to the API connector (1024), and it answers so for an id it does not have as well."
                    ),
                    format!(
                        "自行部署的 Coze Studio 答复{what_zh}{id} 没有发布到 API 渠道（{err}）：它的 OpenAPI 只能看到发布到 API 渠道（1024）的版本，对它没有的 id 也这样答复。"
                    ),
                )
            } else if cause.proved {
                Bilingual::new(
                    format!(
                        "The {what_en}{id} exists but is not published to the API ({err}): the OpenAPI sees only what is published to the API connector."
                    ),
                    format!(
                        "{what_zh}{id} 存在，但没有发布到 API 渠道（{err}）：OpenAPI 只能看到发布到 API 渠道的版本。"
                    ),
                )
            } else {
                Bilingual::new(
                    format!(
                        "The {what_en}{id} was not found ({err}): most likely it is not published to the API connector, which is all the OpenAPI sees."
                    ),
                    format!(
                        "找不到{what_zh}{id}（{err}）：很可能它没有发布到 API 渠道，而 OpenAPI 只能看到那里的版本。"
                    ),
                )
            }
        }
        Detail::IdRounded { ids, real } => {
            let mut text = Bilingual::new(
                format!(
                    "The id {} is above 2^53 and ends in zeros exactly as a double prints it ({err}): it was parsed as a number on its way and lost its last digits.",
                    list(ids, ", ")
                ),
                format!(
                    "ID {} 大于 2^53，并且以 0 结尾，正是双精度浮点数打印出来的样子（{err}）：它在途中被当成数字解析，丢失了末尾几位。",
                    list(ids, "、")
                ),
            );
            if let Some(real) = real {
                text.append(&Bilingual::new(
                    format!("The listed id `{real}` rounds to it."),
                    format!("列表中的 ID `{real}` 舍入后正是它。"),
                ));
            }
            text
        }
        Detail::RequestInvalid { probe } => Bilingual::new(
            format!(
                "{probe} was refused as a bad request ({err}): the request itself, not the credential."
            ),
            format!("{probe} 被当作错误请求拒绝（{err}）：问题在请求本身，而不是凭证。"),
        ),
        Detail::QuotaExhausted { codes } => Bilingual::new(
            format!(
                "The account is out of quota or balance ({}): not a permission verdict, and cozescope did not retry.",
                codes.join(", ")
            ),
            format!(
                "账户的额度或余额已用完（{}）：这不是权限判定，cozescope 也没有重试。",
                codes.join("、")
            ),
        ),
        Detail::RateLimited { codes } => Bilingual::new(
            format!(
                "The service throttled the requests ({}): those rows say nothing about permissions.",
                codes.join(", ")
            ),
            format!(
                "服务对请求限流（{}）：这些行无法说明任何权限问题。",
                codes.join("、")
            ),
        ),
        Detail::ServerError { codes, .. } => Bilingual::new(
            format!(
                "The service failed ({}): a server-side error, not a permission verdict.",
                codes.join(", ")
            ),
            format!(
                "服务出错（{}）：这是服务端错误，不是权限判定。",
                codes.join("、")
            ),
        ),
    };
    if let Some(proof) = &cause.would_prove {
        text.append(&not_proved(proof));
    }
    text
}

/// What would prove an unproved cause.
pub fn not_proved(proof: &Proof) -> Bilingual {
    match proof {
        Proof::OtherRegion => Bilingual::fixed(
            "Not proved: the same credential in the other region (one request) would tell; follow-ups do it unless --no-follow-up.",
            "尚未证实：在另一区域用同一凭证试一次（一个请求）即可判断；除非使用 --no-follow-up，后续探测会自动执行。",
        ),
        Proof::OtherRegionByHand => Bilingual::fixed(
            "Not proved: the same credential in the other region would tell, and a URL target has no other region to ask: run it again with `--target cn` or `--target com` (or `--region-base cn=URL --region-base com=URL` for stand-ins of both).",
            "尚未证实：在另一区域用同一凭证试一次即可判断，但 URL 目标没有另一区域可问：请用 `--target cn` 或 `--target com` 再运行一次（或用 `--region-base cn=URL --region-base com=URL` 指定两个区域的替身）。",
        ),
        Proof::NoScope => Bilingual::fixed(
            "Not proved: the same credential without `scope` would tell; follow-ups do it unless --no-follow-up.",
            "尚未证实：用同一凭证不带 `scope` 试一次即可判断；除非使用 --no-follow-up，后续探测会自动执行。",
        ),
        Proof::BindingProbes => Bilingual::fixed(
            "Not proved: a read in the workspace succeeding would show the binding, the operation succeeding in another workspace the permission.",
            "尚未证实：若在该工作空间读取成功，说明已绑定；若在另一工作空间执行该操作成功，说明具备该权限。",
        ),
        Proof::ResourceLists => Bilingual::fixed(
            "Not proved: the bot and workflow lists of every workspace the credential is bound to would tell.",
            "尚未证实：读取该凭证绑定的每个工作空间的智能体和工作流列表即可判断。",
        ),
        Proof::Console => Bilingual::fixed(
            "Not proved: confirm in the console.",
            "尚未证实：请在控制台确认。",
        ),
        Proof::Ownership => Bilingual::fixed(
            "Not proved: the bot may belong to another member; retrieve_bot (its owner) and whoami (the token's user) would tell.",
            "尚未证实：该智能体可能属于其他成员；retrieve_bot（所有者）和 whoami（令牌的用户）即可判断。",
        ),
    }
}

/// What to do about the cause.
pub fn fix(cause: &Cause) -> Bilingual {
    match &cause.detail {
        Detail::Unreachable { .. } => Bilingual::fixed(
            "Check the base URL (COZE_API_BASE, `--target`), then that its host is reachable from this machine: DNS, a proxy (HTTPS_PROXY, NO_PROXY), a firewall; `curl -i` the base URL from the same shell, then run again.",
            "检查基础 URL（COZE_API_BASE、`--target`），再确认本机能访问它的主机：DNS、代理（HTTPS_PROXY、NO_PROXY）、防火墙；在同一个 shell 中用 `curl -i` 访问该基础 URL，然后再运行一次。",
        ),
        Detail::EndpointNotFound { .. } => facts::BASE_URL_IS_HOST,
        Detail::WrongRegion {
            here,
            denied_there,
            url_target,
            ..
        } => {
            let there = here.other();
            let mut text = if url_target.is_some() && !cause.proved {
                // A URL of no known region: either region may be the credential's.
                Bilingual::fixed(
                    "Try the credential against each region, `--target cn` and `--target com` (base URLs https://api.coze.cn and https://api.coze.com); every official SDK defaults to api.coze.com.",
                    "请分别用两个区域试一下该凭证：`--target cn` 和 `--target com`（基础 URL https://api.coze.cn 和 https://api.coze.com）；所有官方 SDK 默认使用 api.coze.com。",
                )
            } else if cause.proved {
                Bilingual::new(
                    format!(
                        "Use the {} base URL {} (in a scenario, `region = \"{there}\"`); every official SDK defaults to api.coze.com.",
                        there.web_host(),
                        there.base_url()
                    ),
                    format!(
                        "改用 {} 的基础 URL {}（场景中设置 `region = \"{there}\"`）；所有官方 SDK 默认使用 api.coze.com。",
                        there.web_host(),
                        there.base_url()
                    ),
                )
            } else {
                Bilingual::new(
                    format!(
                        "Try the other region: `--target {there}` (base URL {}); every official SDK defaults to api.coze.com.",
                        there.base_url()
                    ),
                    format!(
                        "请试试另一区域：`--target {there}`（基础 URL {}）；所有官方 SDK 默认使用 api.coze.com。",
                        there.base_url()
                    ),
                )
            };
            if let Some(probe) = denied_there {
                text.append(&Bilingual::new(
                    format!("Workspace and bot ids are per region too: {probe} was denied there, so use ids of the {} account.", there.web_host()),
                    format!("工作空间和智能体 ID 也分区域：{probe} 在那里被拒绝，请使用 {} 账号下的 ID。", there.web_host()),
                ));
            }
            text
        }
        Detail::KidNotFingerprint { .. } => Bilingual::fixed(
            "Set the kid (COZE_JWT_OAUTH_PUBLIC_KEY_ID, `public_key_id`) to the public key fingerprint shown next to the key in the OAuth app, not the key itself (coze-py#123).",
            "把 kid（COZE_JWT_OAUTH_PUBLIC_KEY_ID，`public_key_id`）设为 OAuth 应用中该公钥旁显示的公钥指纹，而不是公钥本身（coze-py#123）。",
        ),
        Detail::KeyNotRegistered { .. } => facts::CHECK_KID,
        Detail::SelfHostedStudio { problem, .. } => match problem {
            StudioProblem::NoJwtFlow => facts::STUDIO_USE_A_PAT,
            StudioProblem::WebPathsOnly { .. } => facts::STUDIO_OPENAPI_PATHS,
        },
        Detail::CredentialRejected {
            studio: Some(refusal),
            ..
        } => match refusal {
            StudioRefusal::UnknownToken => facts::STUDIO_CREATE_PAT,
            StudioRefusal::NoAuthorization => facts::STUDIO_SEND_AUTHORIZATION,
            StudioRefusal::NotBearer => facts::STUDIO_BEARER_ONCE,
        },
        Detail::CredentialRejected {
            mode, empty_jwt, ..
        } => match (empty_jwt, mode) {
            (true, _) => Bilingual::fixed(
                "Send the signed JWT as `Authorization: Bearer <jwt>` to the token endpoint.",
                "把签好的 JWT 以 `Authorization: Bearer <jwt>` 发给令牌接口。",
            ),
            (false, AuthMode::Pat) => Bilingual::fixed(
                "Create a new token in the console of its region (https://www.coze.cn/open/oauth/pats or https://www.coze.com/open/oauth/pats), check its expiry, and paste it whole.",
                "在令牌所属区域的控制台新建一个令牌（https://www.coze.cn/open/oauth/pats 或 https://www.coze.com/open/oauth/pats），检查有效期，并完整粘贴。",
            ),
            (false, AuthMode::Jwt) => facts::CHECK_KID,
        },
        Detail::ChannelApp { .. } => facts::RECREATE_NORMAL_APP,
        Detail::AppDeactivated { .. } => Bilingual::fixed(
            "Ask the app's owner to re-enable it in the console (OAuth apps), or use another app.",
            "请应用所有者在控制台（OAuth 应用）重新启用它，或改用其他应用。",
        ),
        Detail::AudienceMismatch { .. } => {
            let mut text = facts::AUD_IS_HOST;
            text.append(&Bilingual::fixed(
                "Behind a proxy, sign the real host with `--audience`.",
                "通过代理访问时，用 `--audience` 签发真实主机名。",
            ));
            text
        }
        Detail::ClockSkew { .. } => facts::CLOCK,
        Detail::JtiReplayed => facts::FRESH_JTI,
        Detail::ScopeNameRejected { .. } => {
            let mut text = facts::OMIT_SCOPE;
            text.append(&Bilingual::fixed(
                "Send a scope only to restrict a token, with documented names only.",
                "只在需要限制令牌时才发送 scope，并且只使用文档列出的名称。",
            ));
            text
        }
        Detail::ScopeNarrowed {
            operation: op,
            grant_names,
            ..
        } => {
            let p = permission(op);
            if grant_names.is_empty() {
                let mut text = facts::OMIT_SCOPE;
                text.append(&Bilingual::new(
                    format!("No documented scope name grants `{p}`, so adding a name cannot help."),
                    format!(
                        "没有任何文档列出的 scope 名称能授予 `{p}`，因此往 scope 里加名称无济于事。"
                    ),
                ));
                text
            } else if grant_names
                .iter()
                .all(|name| crate::coze::permission::is_inferred_scope_name(name))
            {
                // Only an inferred name grants it: the sure fix first, the guess marked as one.
                let mut text = facts::OMIT_SCOPE;
                text.append(&Bilingual::new(
                    format!(
                        "Or add {} to `permission_list`: the channel form of `{p}`, inferred, not documented (only `Connector.botChat` and `Connector.disconnectBot` are); a name the service does not know fails the whole token request, so try it with `cozescope sweep` first.",
                        list(grant_names, ", ")
                    ),
                    format!(
                        "或者把 {} 加入 `permission_list`：这是 `{p}` 的渠道形式，属于推断，文档并未列出（只有 `Connector.botChat` 和 `Connector.disconnectBot` 有文档）；服务不认识的名称会让整个令牌请求失败，所以请先用 `cozescope sweep` 试一下。",
                        list(grant_names, "、")
                    ),
                ));
                text
            } else {
                let mut text = Bilingual::new(
                    format!("Add {} to `permission_list`, or:", list(grant_names, ", ")),
                    format!(
                        "把 {} 加入 `permission_list`，或者：",
                        list(grant_names, "、")
                    ),
                );
                text.append(&facts::OMIT_SCOPE);
                text
            }
        }
        Detail::WorkspaceNotBound { .. } => facts::BIND_WORKSPACE,
        Detail::PermissionNotConfigured {
            operation: op,
            also_unbound,
            contradiction,
        } => {
            if *contradiction {
                let mut text = facts::VOLCENGINE_TICKET;
                text.append(&facts::GIVE_LOGIDS);
                return text;
            }
            let Some(p) = &op.permission else {
                // An endpoint of no documented permission: there is no name to add.
                let endpoint = op.probe.operation().endpoint();
                let mut text = Bilingual::new(
                    format!(
                        "`{endpoint}` has no documented permission, so none can be named: compare the credential's permissions in the console with what the endpoint reads, and if they look complete, give the logid to Coze support."
                    ),
                    format!(
                        "`{endpoint}` 没有文档列出的权限，因此无法指明该加哪一项：请在控制台对照该接口读取的内容检查凭证的权限；如果看起来已经齐全，请把 logid 交给扣子客服。"
                    ),
                );
                if *also_unbound {
                    text.append(&facts::BIND_WORKSPACE);
                }
                return text;
            };
            let mut text = Bilingual::new(
                format!(
                    "Add `{p}` to the credential. {}",
                    facts::GRANT_IN_CONSOLE.en
                ),
                format!("为该凭证添加 `{p}` 权限。{}", facts::GRANT_IN_CONSOLE.zh),
            );
            if *also_unbound || !(cause.proved || matches!(op.place, Place::Account)) {
                text.append(&facts::BIND_WORKSPACE);
            }
            text
        }
        Detail::NotOwner {
            on_studio: true, ..
        } => Bilingual::fixed(
            "Use a PAT made in that Studio by the user who created the agent, or call an agent of your own: Studio serves an agent's OpenAPI only to its creator.",
            "使用创建该智能体的用户在该 Studio 中创建的 PAT，或调用你自己的智能体：Studio 只向智能体的创建者提供它的 OpenAPI。",
        ),
        Detail::NotOwner { .. } => Bilingual::fixed(
            "Ask the bot's owner (or a workspace admin) to make the change or add you as a collaborator, or use an OAuth app or a service token, for which the permission point suffices.",
            "请智能体所有者（或工作空间管理员）来修改，或把你加为协作者；或者改用 OAuth 应用或服务身份令牌，它们只需具备权限点即可。",
        ),
        Detail::ChatPollingDenied { .. } => Bilingual::fixed(
            "Add `getChat` and `listMessage` (besides `chat`) to the credential: `create_and_poll` retrieves the chat and lists its messages.",
            "为该凭证添加 `getChat` 和 `listMessage`（以及 `chat`）：`create_and_poll` 会查询对话并列出其消息。",
        ),
        Detail::ResourceElsewhere { .. } => Bilingual::fixed(
            "Use an id from a workspace the credential is bound to (copy it from the console URL of that workspace), or bind the workspace the resource lives in.",
            "请使用该凭证已绑定的工作空间中的 ID（从该工作空间的控制台 URL 中复制），或绑定资源所在的工作空间。",
        ),
        Detail::NotPublished {
            kind: ResourceKind::Workflow,
            on_studio,
            ..
        } => {
            if *on_studio {
                Bilingual::fixed(
                    "Publish the workflow in that Studio's web UI (open it in the workflow editor, then Publish): its OpenAPI runs only a published workflow.",
                    "在该 Studio 的网页界面中发布该工作流（在工作流编辑器中打开，然后点击发布）：它的 OpenAPI 只运行已发布的工作流。",
                )
            } else {
                facts::PUBLISH_WORKFLOW
            }
        }
        Detail::NotPublished {
            on_studio: true, ..
        } => Bilingual::fixed(
            "Publish the agent to the API channel in that Studio's web UI (Publish, with API selected): a Studio's OpenAPI sees only what is published to connector 1024, and answers `agent not published … connectorID=1024` for anything else, including an id it does not have.",
            "在该 Studio 的网页界面中把智能体发布到 API 渠道（发布时勾选 API）：Studio 的 OpenAPI 只能看到发布到渠道 1024 的版本，其他情况（包括它没有的 id）都会返回 `agent not published … connectorID=1024`。",
        ),
        Detail::NotPublished { .. } => facts::PUBLISH_TO_API,
        Detail::IdRounded { real, .. } => match real {
            // The real id first: the general advice quotes an example id of its own.
            Some(real) => {
                let mut text = Bilingual::new(
                    format!("Use `{real}`, the id the credential's own list holds."),
                    format!("请使用 `{real}`，即该凭证自己的列表中的 ID。"),
                );
                text.append(&facts::QUOTE_IDS);
                text
            }
            None => facts::QUOTE_IDS,
        },
        Detail::RequestInvalid { .. } => Bilingual::fixed(
            "Check the request's parameters against the endpoint's documentation: the message names what was refused.",
            "请对照该接口的文档检查请求参数：消息中指出了被拒绝的内容。",
        ),
        Detail::QuotaExhausted { .. } => facts::QUOTA,
        Detail::RateLimited { .. } => {
            let mut text =
                Bilingual::fixed("Run those cases again later.", "请稍后重新运行这些用例。");
            text.append(&facts::RETRY_RATE_LIMIT);
            text
        }
        Detail::ServerError { on_studio, .. } => {
            let mut text = facts::RETRY_SERVER_ERROR;
            let logs = if *on_studio {
                facts::SELF_HOSTED_LOGS
            } else {
                facts::GIVE_LOGIDS
            };
            text.append(&logs);
            text
        }
    }
}

/// Why a hypothesis is ruled out.
pub fn ruled_out(ruling: &RuledOut) -> Bilingual {
    match &ruling.by {
        Grounds::Authenticated(c) => Bilingual::new(
            format!(
                "the credential authenticated on {} ({})",
                c.region.api_host(),
                row(c)
            ),
            format!("该凭证在 {} 通过了鉴权（{}）", c.region.api_host(), row(c)),
        ),
        Grounds::AuthenticatedOnStudio(c) => Bilingual::new(
            format!("the credential authenticated on the Studio ({})", row(c)),
            format!("该凭证在该 Studio 上通过了鉴权（{}）", row(c)),
        ),
        Grounds::OtherRegionRefused(c) => Bilingual::new(
            format!("{} refused it too ({})", c.region.api_host(), row(c)),
            format!("{} 同样拒绝了它（{}）", c.region.api_host(), row(c)),
        ),
        Grounds::KidMalformed(shape) => {
            let (en, zh) = kid_shape(*shape);
            Bilingual::new(
                format!(
                    "the kid is {en}, not a 43-character fingerprint, so no region can know it"
                ),
                format!("kid 是{zh}，不是 43 个字符的指纹，任何区域都不可能认识它"),
            )
        }
        Grounds::KidWellFormed => Bilingual::fixed(
            "the kid has the fingerprint's form (43 base64url characters)",
            "kid 符合指纹格式（43 个 base64url 字符）",
        ),
        Grounds::ServiceKnowsApp(c) => Bilingual::new(
            format!(
                "the service knows the app: it named another reason ({})",
                row(c)
            ),
            format!("服务认识该应用：它给出了别的原因（{}）", row(c)),
        ),
        Grounds::NoScopeSent => Bilingual::fixed("no scope was sent", "没有发送 scope"),
        Grounds::ScopeGrants { permission } => Bilingual::new(
            format!("the scope sent grants `{permission}`"),
            format!("所发送的 scope 授予了 `{permission}`"),
        ),
        Grounds::BaselineDenied(c) => Bilingual::new(
            format!("without scope the app was denied too ({})", row(c)),
            format!("不带 scope 时应用同样被拒绝（{}）", row(c)),
        ),
        Grounds::BaselineSucceeded(c) => Bilingual::new(
            format!("without scope the same credential succeeded ({})", row(c)),
            format!("不带 scope 时同一凭证成功了（{}）", row(c)),
        ),
        Grounds::BoundIn(c) => Bilingual::new(
            format!(
                "the credential is bound to workspace `{}`: {}",
                c.workspace.as_deref().unwrap_or("?"),
                row(c)
            ),
            format!(
                "该凭证已绑定工作空间 `{}`：{}",
                c.workspace.as_deref().unwrap_or("?"),
                row(c)
            ),
        ),
        Grounds::PermittedElsewhere(c) => Bilingual::new(
            format!("the credential has the permission: {}", row(c)),
            format!("该凭证具备该权限：{}", row(c)),
        ),
        Grounds::AccountLevel => Bilingual::fixed(
            "the operation is account-level: there is no workspace to bind",
            "该操作是账号级的：没有需要绑定的工作空间",
        ),
        Grounds::NotPersonalToken => Bilingual::fixed(
            "an OAuth app or a service token: the permission point suffices, ownership is not checked",
            "OAuth 应用或服务身份令牌只需具备权限点，不检查所有权",
        ),
        Grounds::OwnsTheBot(c) => Bilingual::new(
            format!("the token's user owns the bot ({})", row(c)),
            format!("令牌的用户就是智能体的所有者（{}）", row(c)),
        ),
        Grounds::ResourceFound(c) => Bilingual::new(
            format!("the credential found it ({})", row(c)),
            format!("该凭证找到了它（{}）", row(c)),
        ),
        Grounds::SelfHostedStudio(c) => Bilingual::new(
            format!(
                "the target is a self-hosted Coze Studio, which has no regions, OAuth apps or keys to doubt ({})",
                row(c)
            ),
            format!(
                "目标是自行部署的 Coze Studio，它没有区域，也没有可怀疑的 OAuth 应用和公钥（{}）",
                row(c)
            ),
        ),
        Grounds::IdIntact => Bilingual::fixed(
            "the id is not of the form a double prints",
            "该 ID 不是双精度浮点数打印出来的形式",
        ),
    }
}

/// A note about survey reads.
pub fn note(note: &Note) -> Bilingual {
    match note {
        Note::NotConfigured {
            permissions,
            probes,
        } if permissions.is_empty() => Bilingual::new(
            format!(
                "denied: {} — an endpoint of no documented permission; it matters only if you call it",
                names(probes, ", ")
            ),
            format!(
                "被拒绝：{}——该接口没有文档列出的权限；只有调用它时才需要处理",
                names(probes, "、")
            ),
        ),
        Note::NotConfigured {
            permissions,
            probes,
        } => Bilingual::new(
            format!(
                "not configured: {} ({}) — add them only if you call those endpoints",
                list(permissions, ", "),
                names(probes, ", ")
            ),
            format!(
                "未配置：{}（{}）——只有调用这些接口时才需要添加",
                list(permissions, "、"),
                names(probes, "、")
            ),
        ),
        Note::NarrowedByScope { probes } => Bilingual::new(
            format!(
                "narrowed by the scope: {} — denied to the scoped token, allowed without the scope",
                names(probes, ", ")
            ),
            format!(
                "被 scope 收窄：{}——带 scope 的令牌被拒绝，不带 scope 时允许",
                names(probes, "、")
            ),
        ),
        Note::DeniedWhereUnbound { workspace, probes } => Bilingual::new(
            format!(
                "denied in workspace `{workspace}`, which is not bound to the credential: {} — the binding, not a missing permission",
                names(probes, ", ")
            ),
            format!(
                "在未绑定到该凭证的工作空间 `{workspace}` 中被拒绝：{}——原因是绑定，而不是缺少权限",
                names(probes, "、")
            ),
        ),
        Note::SurveyFailed { row: c } => Bilingual::new(
            format!("{} answered {} — context only", c.probe, said(c)),
            format!("{} 返回 {}——仅作参考", c.probe, said(c)),
        ),
    }
}

/// Where a credential authenticated, and what that means for code relying on the SDKs' default base URL.
pub fn authenticated_in(region: crate::coze::region::Region) -> Bilingual {
    use crate::coze::region::Region;
    match region {
        Region::Cn => Bilingual::new(
            format!(
                "{} — every official SDK defaults to api.coze.com, so your code must set the base URL {}",
                region.api_host(),
                region.base_url()
            ),
            format!(
                "{}——所有官方 SDK 默认使用 api.coze.com，因此你的代码必须把基础 URL 设为 {}",
                region.api_host(),
                region.base_url()
            ),
        ),
        Region::Com => Bilingual::new(
            format!(
                "{} — the official SDKs' default base URL",
                region.api_host()
            ),
            format!("{}——即官方 SDK 默认的基础 URL", region.api_host()),
        ),
    }
}

/// An operation of the user's that tested nothing.
pub fn untested(untested: &Untested) -> Bilingual {
    let reason = untested
        .reason
        .as_ref()
        .map(reason)
        .unwrap_or_else(|| Bilingual::fixed("", ""));
    Bilingual::new(
        format!("{}: {}", untested.probe, reason.en),
        format!("{}：{}", untested.probe, reason.zh),
    )
}

/// Why a probe tested nothing, in both languages (the English is the JSON's `reason`).
pub fn reason(reason: &Reason) -> Bilingual {
    use crate::coze::catalogue::Effect;
    let zh = match reason {
        Reason::SideEffect(Effect::SpendsQuota) => {
            "未发送：它会在真实服务上消耗额度（运行模型或工作流）；传入 --yes 或设置 allow_side_effects = true".to_string()
        }
        Reason::SideEffect(_) => {
            "未发送：它会修改真实服务上的内容；传入 --yes 或设置 allow_side_effects = true".to_string()
        }
        Reason::BudgetUsedUp(budget) => format!(
            "未发送：本次运行的请求预算（{budget}，--max-requests 或 max_requests）已用完"
        ),
        Reason::Interrupted => "运行在该探测开始前被中断".to_string(),
        Reason::InterruptedInFlight => "被中断：在宽限时间内没有收到响应".to_string(),
        Reason::NoAccessToken => "没有访问令牌：令牌请求失败".to_string(),
        Reason::NoChat => "未发送：没有可轮询的对话（之前的对话没有成功，或用例中没有对话）".to_string(),
        Reason::ChatHeldBack => {
            "未发送：它轮询的对话因消耗额度而被暂缓；传入 --yes 来测试它".to_string()
        }
        Reason::Refused => "未发送：whoami 拒绝了该令牌，这个请求检验不了任何内容".to_string(),
        Reason::NotOnStudio => {
            "未发送：目标是自行部署的 Coze Studio，它不把这个路径作为 OpenAPI 提供（PAT 在那里调用不了）".to_string()
        }
        Reason::SigningFailed(text) | Reason::Transport(text) | Reason::Recorded(text) => {
            text.clone()
        }
    };
    Bilingual::new(reason.to_string(), zh)
}

/// The run's warning when every row failed authentication: (cause, fix).
pub fn all_auth_failed(
    tried: usize,
    untried: usize,
    rescued: bool,
    region: Option<crate::coze::region::Region>,
) -> (Bilingual, Bilingual) {
    let mut cause = Bilingual::new(
        format!(
            "Every row that ran ({tried}) failed authentication: the credential, its region or the auth mode is wrong. The scopes and permissions are not the problem: no row got far enough to test them."
        ),
        format!(
            "场景中实际执行的 {tried} 行探测全部未通过鉴权：凭证、区域或鉴权方式有误。问题不在 scope 或权限：没有任何一行走到检查它们的那一步。"
        ),
    );
    if untried > 0 {
        cause.append(&Bilingual::new(
            format!("({untried} other row(s) sent nothing.)"),
            format!("（另有 {untried} 行没有发送任何请求。）"),
        ));
    }
    if rescued {
        cause.append(&Bilingual::fixed(
            "A follow-up row authenticated; see the verdicts.",
            "有后续探测行通过了鉴权，见各凭证的结论。",
        ));
    }
    let mut fix = facts::AUTH_BEFORE_SCOPE;
    if let Some(region) = region {
        fix.append(&Bilingual::new(
            format!("Here the credentials authenticated in region `{region}`: use `region = \"{region}\"` (base URL {}).", region.base_url()),
            format!("本次运行中凭证在区域 `{region}` 通过了鉴权：请使用 `region = \"{region}\"`（基础 URL {}）。", region.base_url()),
        ));
    }
    (cause, fix)
}

/// A note on a skewed local clock: (note, fix).
pub fn clock_note(seconds: i64, date: &str) -> (Bilingual, Bilingual) {
    let (way_en, way_zh) = if seconds > 0 {
        ("ahead of", "快")
    } else {
        ("behind", "慢")
    };
    (
        Bilingual::new(
            format!(
                "The local clock is about {} s {way_en} the service's (`Date: {date}`).",
                seconds.unsigned_abs()
            ),
            format!(
                "本机时钟比服务端{way_zh}约 {} 秒（`Date: {date}`）。",
                seconds.unsigned_abs()
            ),
        ),
        facts::CLOCK,
    )
}

/// A note on an `aud` that is not the region's API host: (note, fix).
pub fn audience_note(sent: &str, expected: &str) -> (Bilingual, Bilingual) {
    (
        Bilingual::new(
            format!(
                "The token request was refused with `aud` = `{sent}`, which is not the API host `{expected}` the service expects (a proxy or custom base URL changes the host the assertion is signed for)."
            ),
            format!(
                "令牌请求被拒绝，其 `aud` = `{sent}`，不是服务期望的 API 主机 `{expected}`（使用代理或自定义基础 URL 会改变 JWT 签发时的主机名）。"
            ),
        ),
        {
            let mut fix = facts::AUD_IS_HOST;
            fix.append(&Bilingual::fixed(
                "Behind a proxy, sign the real host with `--audience`.",
                "通过代理访问时，用 `--audience` 签发真实主机名。",
            ));
            fix
        },
    )
}

/// A note on throttling or failures that retries recovered: (note, fix).
pub fn recovered(outcome: Outcome, codes: &[String]) -> (Bilingual, Bilingual) {
    let codes_en = codes.join(", ");
    let codes_zh = codes.join("、");
    if outcome == Outcome::RateLimited {
        (
            Bilingual::new(
                format!(
                    "The service throttled some requests ({codes_en}); the retries succeeded, so the results stand."
                ),
                format!("服务对部分请求限流（{codes_zh}）；重试成功了，结果有效。"),
            ),
            facts::RETRY_RATE_LIMIT,
        )
    } else {
        (
            Bilingual::new(
                format!(
                    "The service failed on some requests ({codes_en}); the retries succeeded, so the results stand. The logids are listed in case support asks."
                ),
                format!(
                    "服务在部分请求上出错（{codes_zh}）；重试成功了，结果有效。如技术支持需要，logid 已列出。"
                ),
            ),
            facts::GIVE_LOGIDS,
        )
    }
}

/// ` (v0.5 or later)`: the release a Studio's answers point at, for a sentence.
fn release(release: Option<StudioRelease>) -> (String, String) {
    match release {
        Some(StudioRelease::V05OrLater) => {
            (" (v0.5 or later)".into(), "（v0.5 或更高版本）".into())
        }
        Some(StudioRelease::V03OrEarlier) => {
            (" (v0.3 or earlier)".into(), "（v0.3 或更早版本）".into())
        }
        None => (String::new(), String::new()),
    }
}

/// The cause when a self-hosted Studio itself is the answer.
fn studio_cause(
    release_seen: Option<StudioRelease>,
    problem: &StudioProblem,
    err: Option<&str>,
) -> Bilingual {
    let (release_en, release_zh) = release(release_seen);
    let (err_en, err_zh) = match err {
        Some(err) => (format!(" ({err})"), format!("（{err}）")),
        None => (
            " (not sent once the target was recognised as a Studio)".to_string(),
            "（识别出 Studio 之后不再发送该请求）".to_string(),
        ),
    };
    match problem {
        StudioProblem::NoJwtFlow => Bilingual::new(
            format!(
                "The target is a self-hosted Coze Studio{release_en}, and Studio has no OAuth JWT flow: it issues no access tokens, and its `/api/permission/oauth2/token` is a web path behind its login cookie{err_en}. A JWT OAuth app of coze.cn or coze.com means nothing to it; its OpenAPI takes personal access tokens made in that Studio."
            ),
            format!(
                "目标是自行部署的 Coze Studio{release_zh}，而 Studio 没有 OAuth JWT 授权流程：它不签发访问令牌，`/api/permission/oauth2/token` 在它那里是需要登录 cookie 的网页接口{err_zh}。coze.cn 或 coze.com 的 JWT OAuth 应用对它没有意义；它的 OpenAPI 只接受在该 Studio 中创建的个人访问令牌。"
            ),
        ),
        StudioProblem::WebPathsOnly { probes } => {
            let names: Vec<&str> = probes.iter().map(|probe| probe.name()).collect();
            let names = list(&names, ", ");
            Bilingual::new(
                format!(
                    "The target is a self-hosted Coze Studio{release_en}, which does not serve {names} as OpenAPI: there they are web APIs behind its login cookie{err_en}, so a personal access token cannot call them and their answers say nothing about the token."
                ),
                format!(
                    "目标是自行部署的 Coze Studio{release_zh}，它不把 {names} 作为 OpenAPI 提供：它们在那里是需要登录 cookie 的网页接口{err_zh}，所以个人访问令牌无法调用，它们的应答也说明不了令牌的情况。"
                ),
            )
        }
    }
}

/// A PAT a self-hosted Studio refused, in its own reason.
fn studio_refusal(refusal: StudioRefusal, err: &str) -> Bilingual {
    match refusal {
        StudioRefusal::UnknownToken => Bilingual::new(
            format!(
                "The self-hosted Coze Studio does not know this token ({err}): it is not one of its personal access tokens — a token of coze.cn or coze.com, one of another deployment, deleted, or mistyped. (Studio never checks a token's expiry, and has no regions.)"
            ),
            format!(
                "自行部署的 Coze Studio 不认识这个令牌（{err}）：它不是该 Studio 的个人访问令牌——可能是 coze.cn 或 coze.com 的令牌、其他部署的令牌、已删除或输错。（Studio 不检查令牌有效期，也没有区域之分。）"
            ),
        ),
        StudioRefusal::NoAuthorization => Bilingual::new(
            format!(
                "No Authorization header reached the self-hosted Coze Studio ({err}): the token is empty, or something in between (a proxy, a gateway) drops the header."
            ),
            format!(
                "Authorization 头没有到达自行部署的 Coze Studio（{err}）：令牌为空，或中间的代理、网关丢弃了该头。"
            ),
        ),
        StudioRefusal::NotBearer => Bilingual::new(
            format!(
                "The self-hosted Coze Studio could not read a token from the Authorization header ({err}): it takes exactly `Bearer <token>`, with `Bearer` capitalised and once — a token set with its own `Bearer ` prefix, or a lowercase `bearer`, is refused."
            ),
            format!(
                "自行部署的 Coze Studio 无法从 Authorization 头中读出令牌（{err}）：它只接受 `Bearer <令牌>`，`Bearer` 首字母大写且只出现一次——令牌本身带了 `Bearer ` 前缀，或写成小写 `bearer`，都会被拒绝。"
            ),
        ),
    }
}

/// ` (v0.5 or later)` after a Studio's name, in `lang`; empty when the answers do not tell.
pub fn studio_release(seen: Option<StudioRelease>, lang: crate::i18n::Lang) -> String {
    let (en, zh) = release(seen);
    match lang {
        crate::i18n::Lang::En => en,
        crate::i18n::Lang::Zh => zh,
    }
}

/// A mark of Studio in an answer, as the sentences name it.
fn studio_sign(sign: StudioSign) -> (&'static str, &'static str) {
    match sign {
        StudioSign::ServerHertz => ("`Server: hertz`", "`Server: hertz`"),
        StudioSign::LogIdUuid => ("a UUID in `X-Log-Id`", "`X-Log-Id` 中的 UUID"),
        StudioSign::AuthenticationFailed => (
            "`700012006 authentication failed: …`",
            "`700012006 authentication failed: …`",
        ),
        StudioSign::CookieFailure => (
            "`401 missing session_key in cookie`",
            "`401 missing session_key in cookie`",
        ),
        StudioSign::CookieFailureLegacy => (
            "`700012006 authentication failed: missing session_key in cookie`",
            "`700012006 authentication failed: missing session_key in cookie`",
        ),
    }
}

/// What the verdicts open with when the target answered as a self-hosted Studio: what it is, what was sent
/// there, and whom its log ids are for.
pub fn studio_target(facts: &StudioFacts, base_url: &str) -> Bilingual {
    let (release_en, release_zh) = release(facts.release);
    let (signs_en, signs_zh): (Vec<&str>, Vec<&str>) =
        facts.signs.iter().map(|sign| studio_sign(*sign)).unzip();
    let (signs_en, signs_zh) = (signs_en.join(", "), signs_zh.join("、"));
    Bilingual::new(
        format!(
            "Target: a self-hosted Coze Studio{release_en} at {base_url}, recognised from its answers ({signs_en}). Studio has no regions and no OAuth JWT flow; once it was recognised only the paths it serves as OpenAPI were sent, the others are marked not sent. Its log ids (`X-Log-Id`) are for whoever runs that Studio, not for Coze support."
        ),
        format!(
            "目标：位于 {base_url} 的自行部署 Coze Studio{release_zh}，根据其应答识别（{signs_zh}）。Studio 没有区域之分，也没有 OAuth JWT 授权流程；识别之后只发送了它作为 OpenAPI 提供的路径，其余标记为未发送。它的 log id（`X-Log-Id`）应交给该 Studio 的运维者，而不是扣子技术支持。"
        ),
    )
}

/// The support section's introduction for a self-hosted Studio: its log ids are for its operator.
pub fn studio_support() -> Bilingual {
    facts::SELF_HOSTED_LOGS
}
