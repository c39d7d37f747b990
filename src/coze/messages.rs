//! Fragments of the messages the service sends, matched case-insensitively: the classifier, the diagnosis
//! rules and `cozescope explain` recognise the same texts through these.

/// `invalid_client` for a JWT whose `iss`/`kid` the region does not know; the service's own spelling
/// (doc oauth_jwt error codes, coze-py#148, #230).
pub const KID_NOT_REGISTERED: &str = "kid not been registred";
/// The same message as users retype it, spelled right.
pub const KID_NOT_REGISTERED_SPELLED: &str = "kid not been registered";
/// A 4101 that is really an authentication failure: a token of the other region (coze-go#56, the Coze error-code page).
pub const TOKEN_INCORRECT: &str = "token you entered is incorrect";
/// 4100 (coze-py#78, #83, coze-js#314).
pub const AUTHENTICATION_INVALID: &str = "authentication is invalid";
/// 700012006 on gateway-level authentication failures (coze-py request.py, coze-js error.ts).
pub const ACCESS_TOKEN_INVALID: &str = "access token invalid";
/// `access_deny` for a channel app with no connector (doc oauth_jwt_channel FAQ, coze-java#39).
pub const CONNECTOR_APP: &str = "connector app should bind connector id";
/// `invalid_client` with no usable bearer (coze-js#313).
pub const VERIFY_JWT_EMPTY: &str = "verify jwt empty error";
/// The 4101 template (the Coze error-code page, INFERRED).
pub const NO_PERMISSION: &str = "does not have permission to access";
/// `access_deny` for a disabled app (doc oauth_jwt error codes).
pub const APP_DEACTIVATED: &str = "is currently deactivated by the owner";
/// 5000 / 702042078 / 720701013 (coze-js#179, coze-java#47).
pub const SERVER_ISSUES: &str = "experiencing server issues";
/// 4200 (coze-py#318).
pub const DOES_NOT_EXIST: &str = "does not exist";
/// The 4200 template: `Requested resource bot_id=… does not exist. …` (coze-py#318, coze-java#92).
pub const REQUESTED_RESOURCE: &str = "requested resource";
/// 5000 in its other wording (coze-js#178).
pub const SERVICE_INTERNAL: &str = "service internal error";
/// 4000 for a path the service does not have: `The requested API endpoint GET /v2/chat does not exist.`
/// (a retired path, or a base URL with a path).
pub const ENDPOINT_MISSING: &str = "requested api endpoint";
/// A bot or workflow not published to the API connector: 4015 (doc coze_error_codes), the legacy v2 chat
/// (one-api#1462, dify-on-wechat#24), the sandbox's 4015 text.
pub const NOT_PUBLISHED: &[&str] = &[
    "not published",
    "not been published",
    "not currently published",
    "未发布",
];
/// An account out of quota or balance: 4028 `Your free quota has been used up` (coze-py#425), the balance
/// and arrears codes 4011/4019/4022/4027 (doc coze_error_codes, chat-sdk i18n).
pub const QUOTA: &[&str] = &[
    "free quota",
    "quota has been used up",
    "quota is used up",
    "quota exhausted",
    "insufficient balance",
    "balance is insufficient",
    "insufficient credit",
    "overdue payment",
    "in arrears",
    "余额不足",
    "欠费",
    "额度已用完",
];
/// Not a Coze answer at all: an HTML page, or an SDK that choked on one (coze-go `invalid character '<'
/// looking for beginning of value`, `JSON.parse`'s `Unexpected token '<'`).
pub const HTML: &[&str] = &[
    "<html",
    "<!doctype html",
    "invalid character '<'",
    "unexpected token '<'",
    "unexpected token <",
];
/// The cause inside a cause-dependent message (Coze Studio `Workflow operation failure: conversation not
/// found`, coze-studio#2486) or an unknown code's message that says the thing is missing.
pub const MISSING: &[&str] = &["not found", "does not exist", "不存在"];
/// The cause inside a cause-dependent message that says access is refused.
pub const REFUSED: &[&str] = &[
    "permission denied",
    "no permission",
    "unauthorized access",
    "无权限",
];
/// 4000 for a `/v3/chat` body the service cannot read as a chat request (kaikongbj/mcp-coze): `The field
/// http body provided is not a valid json or chat request`.
pub const BODY_NOT_A_CHAT: &str = "the field http body provided is not a valid json";
/// The gateway's plain-text 400 when a proxy dropped the `Host` header (coze-java#89).
pub const HOST_HEADER_MISSING: &str = "missing required host header";
/// `CozeAPIError: msg: server rejected WebSocket connection: HTTP 403` (coze-py#171: the account's
/// WebSocket access was not enabled).
pub const WEBSOCKET_REJECTED: &str = "server rejected websocket connection";
/// Wording of an `aud` rejection (third-party records, doc oauth_jwt error codes: weak evidence).
pub const AUDIENCE: &[&str] = &["invalid audience", "invalid aud"];
/// Wording of an `iat`/`exp` rejection (doc oauth_jwt error codes, INFERRED; the exact text is INFERRED).
pub const CLOCK: &[&str] = &["used before issued", "token is expired", "not valid yet"];
/// Wording of a replayed assertion (doc oauth_jwt: a JWT can be used only once; text INFERRED).
pub const JTI: &[&str] = &["jti has been used", "jti already"];
/// The JWT rejections, wherever they appear: an authentication failure.
pub const JWT_REJECTED: &[&[&str]] = &[AUDIENCE, CLOCK, JTI];

/// Whether `message` contains `fragment`, ignoring case.
pub fn contains(message: &str, fragment: &str) -> bool {
    holds(
        &message.to_ascii_lowercase(),
        &fragment.to_ascii_lowercase(),
    )
}

/// Whether `message` contains any of `fragments`, ignoring case.
pub fn contains_any(message: &str, fragments: &[&str]) -> bool {
    let message = message.to_ascii_lowercase();
    fragments
        .iter()
        .any(|fragment| holds(&message, &fragment.to_ascii_lowercase()))
}

/// The shortest start of a fragment that still names it when a paste is cut off inside it.
const CUT_AT_LEAST: usize = 16;

/// Whether the lowercase `message` holds the lowercase `fragment`, or ends inside it: a pasted message cut
/// off in the stored copy (`The token you entered is incor…`) still says what it was, when what is left of
/// the fragment is long enough to tell.
fn holds(message: &str, fragment: &str) -> bool {
    message.contains(fragment) || ends_inside(message, fragment)
}

/// Whether the lowercase `message`, cut off, ends inside the lowercase `fragment`, with at least
/// [`CUT_AT_LEAST`] bytes of it left.
pub fn ends_inside(message: &str, fragment: &str) -> bool {
    let end = message
        .trim_end()
        .trim_end_matches(['…', '.', '"', '\'', '`', '}', ']', ')', ' ', ','])
        .trim_end();
    (CUT_AT_LEAST..fragment.len())
        .rev()
        .filter(|&length| fragment.is_char_boundary(length))
        .any(|length| end.ends_with(&fragment[..length]))
}

/// Whether `message` is the 4200 template: `Requested resource {key}={id} does not exist. …`.
pub fn says_resource_missing(message: &str) -> bool {
    contains(message, REQUESTED_RESOURCE) && contains(message, DOES_NOT_EXIST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_cut_off_inside_a_fragment_still_names_it() {
        for cut in [
            "The token you entered is incor",
            "code=4101 msg=The token you entered is",
            "The token you entered is incorrec…",
            "{\"code\":4101,\"msg\":\"The token you entered is incorrect. Please",
        ] {
            assert!(contains(cut, TOKEN_INCORRECT), "{cut}");
        }
        // Too little of it is left to tell, or it is not at the end.
        assert!(!contains("The token you", TOKEN_INCORRECT));
        assert!(!contains("The token you entered is wrong", TOKEN_INCORRECT));
    }
}
