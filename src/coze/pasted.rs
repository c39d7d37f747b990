//! Pulls one Coze OpenAPI error out of whatever text a user pastes.
//!
//! This module owns the *reading* of pasted text: JSON bodies (whole, pretty-printed, nested,
//! truncated, or buried in a log line), Python dict reprs and JS object literals, and the
//! `str()` forms of the four official SDKs (cozepy, coze-js, coze-go, coze-java). It reports what
//! the text says — HTTP status, business `code`, OAuth `error_code`, the service's message, the
//! logid and a workflow `debug_url` — and nothing about what it means: the classifier
//! ([`super::classify`]) gives it an outcome, the code table ([`super::codes`]) its official meaning.
//!
//! Design notes (why it looks like this):
//! - Pastes are rarely valid JSON (cut off, `#`-prefixed, single-quoted, wrapped in a log line),
//!   so instead of a JSON parser it runs one linear key scanner (`key: value`, `key=value`,
//!   `"key":value`, `'key': value`) plus a handful of phrase patterns for the SDK forms that are
//!   not key/value shaped (`API error: 4200 …`, `error code 4000: …`, `HTTP 403`).
//! - The `regex` crate is linear-time, and every value read is capped ([`MAX_VALUE_BYTES`]), so
//!   the whole pass is bounded by the scan window ([`SCAN_LIMIT`]) times a constant.
//! - Every index comes from a regex match or `char_indices`, so slicing stays on char boundaries.
//! - Some pastes carry only a message (`invalid jwt: kid not been registred`). A short table of
//!   messages whose pairing with a code is documented or repeatedly observed ([`KNOWN_MESSAGES`])
//!   fills in the fields the text leaves out; it never overrides a field the text states, and
//!   [`Extracted::inferred`] says which fields it filled, so that nobody mistakes them for quotes.

use std::sync::LazyLock;

use regex::Regex;

use super::messages;
use super::wire::{code, oauth_error};

/// Only this many bytes at the head (and, if the head has nothing, at the tail) are scanned:
/// an error worth reading is near one end of a paste, and the cap bounds the work.
pub const SCAN_LIMIT: usize = 64 * 1024;

/// Longest value (message, logid, …) read after one key; longer ones are cut.
pub const MAX_VALUE_BYTES: usize = 4 * 1024;

/// Recognised keys handled per window; a paste with more is noise, and the cap keeps the
/// per-key value reads from adding up.
const MAX_FIELDS: usize = 512;

/// Business codes are at most 9 digits today; anything longer is an id (`bot_id`, a logid's
/// date prefix), never a code.
const MAX_CODE_DIGITS: usize = 12;

/// What a pasted text says about one Coze error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The HTTP status, when the text states one (`HTTP 403`, `Status: 401`, `HttpCode: 401`).
    pub http_status: Option<u16>,
    /// The envelope `code` (business code), also the SDK forms `code: 4101`, `code=4101`,
    /// `Code: 4101`, `error code 4000`, `last_error.code = 4028`, `API error: 4200`.
    pub code: Option<i64>,
    /// The OAuth `error_code` (`invalid_client`, `invalid_request`, …).
    pub error_code: Option<String>,
    /// The service's message (`msg` / `error_message` / `Message: "…"`), unquoted and unescaped.
    pub message: Option<String>,
    /// The request's logid: the 34-char REST form or the long lowercase-hex WebSocket form.
    pub logid: Option<String>,
    /// A workflow run's `debug_url`.
    pub debug_url: Option<String>,
    /// A model provider's `request_id` (`Request id: …`): its own, never a Coze logid.
    pub request_id: Option<String>,
    /// A failure the text shows by its kind: a deployment's provider, a workflow node or plugin, the
    /// network, a closed WebSocket ([`super::failure`]).
    pub failure: Option<super::failure::Failure>,
    /// The fields filled from [`KNOWN_MESSAGES`] rather than read from the text.
    pub inferred: Inferred,
}

/// Which fields of an [`Extracted`] were inferred from a known message, not read from the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Inferred {
    pub http_status: bool,
    pub code: bool,
    pub error_code: bool,
}

impl Extracted {
    /// Whether anything in the text looks like a Coze error (a code, an error_code, a known
    /// message, a logid).
    ///
    /// An HTTP status alone does not count: `HTTP 200` says nothing Coze-specific.
    pub fn found(&self) -> bool {
        self.code.is_some()
            || self.error_code.is_some()
            || self.message.is_some()
            || self.logid.is_some()
            || self.debug_url.is_some()
    }
}

/// Extracts one Coze error from `text`. Never panics; bounded work for any input.
pub fn extract(text: &str) -> Extracted {
    let head = head_of(text, SCAN_LIMIT);
    let from_head = extract_window(head);
    if from_head.found() || head.len() == text.len() {
        return from_head;
    }
    // A long log whose head says nothing: the failure is usually the last thing printed.
    let from_tail = extract_window(tail_of(text, SCAN_LIMIT));
    if from_tail.found() {
        from_tail
    } else {
        from_head
    }
}

/// What of a long text is read: its head and its tail ([`SCAN_LIMIT`] each), joined by a line break, so
/// that a megabyte of log costs what 128 KiB do. A short text is read whole.
pub fn scan_window(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= 2 * SCAN_LIMIT {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(format!(
        "{}\n{}",
        head_of(text, SCAN_LIMIT),
        tail_of(text, SCAN_LIMIT)
    ))
}

/// A message whose pairing with a code, an OAuth error_code or a status is documented or seen
/// in every report of it. Used only to fill fields the text leaves out.
struct KnownMessage {
    needle: &'static str,
    code: Option<i64>,
    error_code: Option<&'static str>,
    http_status: Option<u16>,
}

const fn known(
    needle: &'static str,
    code: Option<i64>,
    error_code: Option<&'static str>,
    http_status: Option<u16>,
) -> KnownMessage {
    KnownMessage {
        needle,
        code,
        error_code,
        http_status,
    }
}

/// Messages users paste without the code around them, matched ignoring ASCII case. Order matters only
/// when one message contains two needles: the first wins. A needle also marks where a bare message
/// starts, so each is the opening words of its message.
static KNOWN_MESSAGES: &[KnownMessage] = &[
    // coze-js#314, coze-py#78/#83: always the msg of code 4100.
    known(
        messages::AUTHENTICATION_INVALID,
        Some(code::AUTH_INVALID),
        None,
        None,
    ),
    // coze-go#56 and third-party debug notes: the msg of 4101 for a token of the other region.
    known(
        "The token you entered is incorrect",
        Some(code::NO_PERMISSION),
        None,
        None,
    ),
    // "Your token does not have permission to access <resource>…": the msg of 4101 (coze-py#142).
    known(
        "Your token does not have permission to access",
        Some(code::NO_PERMISSION),
        None,
        None,
    ),
    // "Requested resource bot_id=… does not exist": the msg of 4200 (coze-py#318 and others).
    known(
        messages::REQUESTED_RESOURCE,
        Some(code::NOT_FOUND),
        None,
        None,
    ),
    // The msg of 4000 for a body /v3/chat cannot read (kaikongbj/mcp-coze).
    known(
        messages::BODY_NOT_A_CHAT,
        Some(code::BAD_REQUEST),
        None,
        None,
    ),
    // coze-py's CozePKCEAuthError never shows error_code; the msg of 4028 per coze-py#425.
    known("Your free quota has been used up", Some(4028), None, None),
    // The official error-code page's own example body: {"code":700012006,"msg":"access token
    // invalid"}; the third-party debug notes that recorded it saw HTTP 401.
    known(
        messages::ACCESS_TOKEN_INVALID,
        Some(code::ACCESS_TOKEN_INVALID),
        None,
        Some(401),
    ),
    // OAuth token endpoint: cozepy shows only error_message; coze-go#43 shows it with
    // Code: invalid_client ("invalid jwt: kid not been registred", sic).
    known("invalid jwt", None, Some(oauth_error::INVALID_CLIENT), None),
    // Documented form "invalid request: {parameter}" of invalid_request; reported with HTTP 400
    // (coze-js#212).
    known(
        "invalid request: ",
        None,
        Some(oauth_error::INVALID_REQUEST),
        Some(400),
    ),
    known(
        "not supported grant type",
        None,
        Some(oauth_error::UNSUPPORTED_GRANT_TYPE),
        None,
    ),
    known(
        messages::APP_DEACTIVATED,
        None,
        Some(oauth_error::ACCESS_DENY),
        None,
    ),
    known(
        "login session invalid",
        None,
        Some(oauth_error::ACCESS_DENY),
        None,
    ),
    // The gateway's plain-text 400 body that coze-java then fails to parse (coze-java#89).
    known(messages::HOST_HEADER_MISSING, None, None, Some(400)),
    // Messages with no reliable code: recognised so that a bare paste still counts as found.
    known(
        "The Bot is not currently published to the corresponding platform",
        None,
        None,
        None,
    ),
    known("当前 Bot 未发布到 Bot as API 渠道", None, None, None),
    // Shared by 5000, 702042078 and 720701013, so it implies no single code.
    known(
        "We're currently experiencing server issues",
        None,
        None,
        None,
    ),
    known(messages::WEBSOCKET_REJECTED, None, None, None),
    known(messages::CONNECTOR_APP, None, None, None),
    known(messages::VERIFY_JWT_EMPTY, None, None, None),
    // The service's 4000 for a path it does not have, sent with HTTP 404 (a retired /v2/chat, a base URL
    // with a path).
    known(
        "The requested API endpoint",
        Some(code::BAD_REQUEST),
        None,
        Some(404),
    ),
    // Coze Studio's ErrWorkflowOperationFail: "Workflow operation failure: {cause}" (coze-studio#2486).
    known("Workflow operation failure", Some(777_777_775), None, None),
    known("has not been published", None, None, None),
    // Balance and arrears, worded by several codes (4011, 4019, 4022, 4027): no single code.
    known("insufficient balance", None, None, None),
    known("余额不足", None, None, None),
    known("已欠费", None, None, None),
    // coze-js on an answer without a body: `http status code: 404 (no body)`; the status says the rest.
    known("(no body)", None, None, None),
    // An SDK that got an HTML page where JSON was expected (coze-go, JavaScript's JSON.parse).
    known("invalid character '<'", None, None, None),
    known("Unexpected token '<'", None, None, None),
    known("Unexpected token <", None, None, None),
];

/// A key followed by its separator. The key is the whole identifier (dots for `last_error.code`,
/// dashes for `x-tt-logid`); quotes/backslashes around it cover JSON, Python and escaped JSON.
static KEY_RE: LazyLock<Regex> =
    LazyLock::new(|| compile(r#"[A-Za-z][A-Za-z0-9_.\-]{0,40}["'\\]{0,3}[ \t]*(?:[:=]|：)[ \t]*"#));

/// Where a bare (unquoted) message stops: before the next field of the same SDK line, e.g.
/// `msg: …, logid: …` (cozepy), `message=…, logid=…` (coze-go), `Message: …, Param: …`.
static MSG_END_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r#",[ \t]*(?i-u:logid|log_id|x-tt-logid|code|msg|message|param|detail|debug_url|help[ _]doc|"#,
        r#"status|status_?code|http_?status|http_?code|error_?message|error_?code)["']?[ \t]*(?:[:=]|：)"#,
        // A logid never belongs to the message: in `code=4022 msg=… logid=…` it ends it without a comma.
        r#"|(?:[ \t]+|[ \t]*[，；;][ \t]*)(?i-u:logid|log_id|x-tt-logid)["']?[ \t]*(?:[:=]|：)"#
    ))
});

/// coze-java: `API error: 4200 Requested resource … does not exist.`
static API_ERROR_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?-u:\b)(?i-u:api[ ]?error):?[ \t]+([0-9]{3,10})(?-u:\b)[ \t]*[:\-]?[ \t]*([^\r\n]*)")
});

/// `error code 4000: …` (wrappers around the SDKs), optionally with its message.
static ERROR_CODE_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r#"(?-u:\b)(?i-u:error[ _]?code)(?:[ \t]*(?:[:=]|：))?[ \t]*["']?([0-9]{3,10})(?-u:\b)["']?(?:[ \t]*[:：\-][ \t]*([^\r\n]*))?"#,
    )
});

/// Chinese wrappers: `错误码：4101`.
static ZH_CODE_RE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"错误码[ \t]*[:：]?[ \t]*([0-9]{3,10})(?-u:\b)"));

/// `HTTP 403`, `HTTP/1.1 401 Unauthorized`. `https` cannot match: a space must follow `HTTP`.
static HTTP_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?-u:\b)(?i-u:http)(?:/[0-9](?:\.[0-9])?)?[ \t]+([1-5][0-9][0-9])(?-u:\b)")
});

/// `status code 403`, `http status code: 401 (no body)`, `Request failed with status code 401`.
static STATUS_CODE_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r#"(?-u:\b)(?i-u:status[ _\-]?code|http[ _\-]?code)["']?[ \t]*(?:[:=]|：)?[ \t]*([1-5][0-9][0-9])(?-u:\b)"#,
    )
});

/// coze-js error classes printed with a status: `PermissionDeniedError: 403 …`.
static JS_CLASS_STATUS_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?-u:\b)(?:BadRequest|Authentication|PermissionDenied|NotFound|RateLimit|Timeout|InternalServer|Gateway|API)Error:?[ \t]+([1-5][0-9][0-9])(?-u:\b)",
    )
});

/// A status with its reason phrase: `401 Unauthorized`, `502 Bad Gateway`.
static REASON_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?-u:\b)([1-5][0-9][0-9])[ \t]+(?i-u:bad request|unauthorized|forbidden|not found|method not allowed|",
        r"request timeout|too many requests|internal server error|bad gateway|service unavailable|gateway time-?out)(?-u:\b)"
    ))
});

/// coze-go on a non-2xx with no body: `request fail: 401`.
static REQUEST_FAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?-u:\b)(?i-u:request fail(?:ed)?):?[ \t]+([1-5][0-9][0-9])(?-u:\b)")
});

/// Jackson quoting a non-JSON body it failed to parse: `[Source: missing required Host header;
/// line: 1, column: 8]`, or newer `[Source: (String)"…"; line: …]`.
static JACKSON_SOURCE_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(r#"\[Source: (?:\([^)\r\n]{0,80}\))?[ \t]*"?([^;"\r\n\]]{1,500})"?; line: [0-9]+"#)
});

/// cozepy's `CozePKCEAuthError`: `pkce auth error: authorization_pending`.
static PKCE_RE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"pkce auth error: ([a-z_]{3,40})(?-u:\b)"));

/// A 34-char REST logid standing alone: `YYYYMMDDhhmmss` + 20 uppercase hex. The date parts are
/// range-checked so a run of digits in an id does not pass.
static BARE_LOGID_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?-u:\b)(20[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])(?:[01][0-9]|2[0-3])[0-5][0-9][0-5][0-9][0-9A-F]{20})(?-u:\b)",
    )
});

/// A WebSocket-gateway logid standing alone: `02` + 13-digit millisecond timestamp + lowercase
/// hex, 45–64 chars in all (both observed ones are 53).
static BARE_WS_LOGID_RE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?-u:\b)(02[0-9]{13}[0-9a-f]{30,49})(?-u:\b)"));

/// A provider's request id in prose: `Request id: 0217…` (Volcengine Ark's message).
static REQUEST_ID_RE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i-u:request[ _]id)[ \t]*[:=][ \t]*([0-9A-Za-z\-]{8,80})"));

/// A logid given after a key: either known form, hex case-insensitive.
static LOGID_VALUE_RE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^(?:20[0-9]{12}[0-9A-Fa-f]{20}|[0-9a-f]{40,64})$"));

/// Compiles one of the fixed patterns of the text readers (this module and [`super::failure`]). They are
/// constants checked by the tests, so a failure here is a programming error, not a data error. The regex
/// crate is built without Unicode case folding: case-insensitive parts are written `(?i-u:…)`.
pub(super) fn compile(pattern: &str) -> Regex {
    match Regex::new(pattern) {
        Ok(re) => re,
        Err(e) => panic!("coze: bad built-in pattern {pattern:?}: {e}"),
    }
}

/// Candidates gathered over one window, each with its byte position so that the earliest wins.
#[derive(Default)]
struct Candidates {
    codes: Vec<(usize, i64)>,
    error_codes: Vec<(usize, String)>,
    statuses: Vec<(usize, u16)>,
    /// (tier, position, text): tier 0 = `msg`-like fields and SDK phrases, 1 = `error_message`,
    /// 2 = generic `message`, 3 = a body quoted by a parser error.
    messages: Vec<(u8, usize, String)>,
    /// (tier, position, text): tier 0 = after a logid key, 1 = standing alone.
    logids: Vec<(u8, usize, String)>,
    debug_urls: Vec<(usize, String)>,
    request_ids: Vec<(usize, String)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    Code,
    ErrorCode,
    /// `"error": "authorization_pending"` (coze-js device poll); other values are ignored.
    OauthError,
    Status,
    Message(u8),
    Logid,
    DebugUrl,
    /// A model provider's `request_id`.
    RequestId,
}

fn classify(key: &str) -> Option<KeyKind> {
    // `last_error.code`, `detail.logid`: the last segment names the field.
    let last = key.rsplit('.').next().unwrap_or(key);
    let k = last.to_ascii_lowercase().replace('-', "_");
    Some(match k.as_str() {
        "code" | "errcode" | "err_code" => KeyKind::Code,
        "error_code" | "errorcode" => KeyKind::ErrorCode,
        "error" => KeyKind::OauthError,
        "status" | "statuscode" | "status_code" | "httpcode" | "http_code" | "http_status"
        | "httpstatus" | "http_status_code" | "httpstatuscode" => KeyKind::Status,
        "msg" | "errmsg" | "err_msg" | "error_msg" => KeyKind::Message(0),
        "error_message" | "errormessage" => KeyKind::Message(1),
        "message" => KeyKind::Message(2),
        "logid" | "log_id" | "x_tt_logid" => KeyKind::Logid,
        "debug_url" | "debugurl" => KeyKind::DebugUrl,
        "request_id" | "requestid" | "x_request_id" => KeyKind::RequestId,
        _ => return None,
    })
}

/// How a value after a key is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A number, or a short token.
    Scalar,
    /// A token only (logids start with digits but are not numbers).
    Token,
    /// A message: unquoted, it runs to the end of the line or the next SDK field.
    Message,
}

enum Value {
    Text(String),
    Number(i64),
    /// Nested object, nothing, or something unreadable.
    Other,
}

fn extract_window(w: &str) -> Extracted {
    let mut c = Candidates::default();
    scan_keys(w, &mut c);
    scan_phrases(w, &mut c);

    let mut out = Extracted::default();

    c.codes.sort_by_key(|&(pos, _)| pos);
    // A success envelope around a failed chat (`{"code":0,…,"last_error":{"code":4028}}`) has a
    // 0 first; the error is the first non-zero code.
    out.code = c
        .codes
        .iter()
        .find(|&&(_, code)| code != 0)
        .or_else(|| c.codes.first())
        .map(|&(_, code)| code);
    out.error_code = c
        .error_codes
        .iter()
        .min_by_key(|(pos, _)| *pos)
        .map(|(_, e)| e.clone());
    out.http_status = c
        .statuses
        .iter()
        .min_by_key(|(pos, _)| *pos)
        .map(|&(_, s)| s);
    out.message = c
        .messages
        .iter()
        .min_by_key(|(tier, pos, _)| (*tier, *pos))
        .map(|(_, _, m)| m.clone());
    out.logid = c
        .logids
        .iter()
        .min_by_key(|(tier, pos, _)| (*tier, *pos))
        .map(|(_, _, l)| l.clone());
    out.debug_url = c
        .debug_urls
        .iter()
        .min_by_key(|(pos, _)| *pos)
        .map(|(_, u)| u.clone());
    out.request_id = c
        .request_ids
        .iter()
        .min_by_key(|(pos, _)| *pos)
        .map(|(_, id)| id.clone());
    // A provider's request id has the shape of a logid (Volcengine's are the same format): it is the
    // provider's, not one Coze support can look up.
    let is_request_id = |logid: &str| {
        c.request_ids
            .iter()
            .any(|(_, id)| id.eq_ignore_ascii_case(logid))
    };
    if out.logid.as_deref().is_some_and(is_request_id) {
        out.logid = c
            .logids
            .iter()
            .filter(|(_, _, logid)| !is_request_id(logid))
            .min_by_key(|(tier, pos, _)| (*tier, *pos))
            .map(|(_, _, l)| l.clone());
    }
    out.failure = super::failure::read(w);

    apply_known_messages(w, &mut out);
    out
}

/// The key/value pass: one left-to-right walk with `find_at`, skipping over values it has read
/// so that ids and URLs inside a message are not taken for fields.
fn scan_keys(w: &str, c: &mut Candidates) {
    let mut pos = 0;
    let mut fields = 0;
    while pos < w.len() {
        let Some(m) = KEY_RE.find_at(w, pos) else {
            break;
        };
        let after_sep = m.end();
        pos = after_sep;
        let key_len = m
            .as_str()
            .find(|ch: char| !(ch.is_ascii_alphanumeric() || matches!(ch, '_' | '.' | '-')))
            .unwrap_or(m.len());
        let key = &m.as_str()[..key_len];
        // The regex cannot start on a digit or `_`, so check the char before: `2code:` is another
        // key, and `?code=`/`&code=` are URL query parameters. Non-ASCII letters do not count:
        // Chinese logs glue keys to text ("调用失败code: 4101").
        if let Some(prev) = w[..m.start()].chars().next_back()
            && (prev.is_ascii_alphanumeric() || matches!(prev, '_' | '?' | '&'))
        {
            continue;
        }
        let Some(mut kind) = classify(key) else {
            continue;
        };
        // `http status code: 502`, `status code: 403`: the key is `code`, the field a status.
        if kind == KeyKind::Code && ends_with_status_word(&w[..m.start()]) {
            kind = KeyKind::Status;
        }
        fields += 1;
        if fields > MAX_FIELDS {
            break;
        }
        let mode = match kind {
            KeyKind::Message(_) => Mode::Message,
            KeyKind::Logid | KeyKind::DebugUrl | KeyKind::RequestId => Mode::Token,
            _ => Mode::Scalar,
        };
        let (value, end) = read_value(w, after_sep, mode);
        let at = m.start();
        match (kind, value) {
            (KeyKind::Code, Value::Number(n)) => c.codes.push((at, n)),
            (KeyKind::Code, Value::Text(t)) => {
                if let Some(n) = parse_code(t.trim()) {
                    c.codes.push((at, n));
                } else if let Some(e) = oauth_code(&t) {
                    // coze-go's AuthError prints `Code: invalid_client`; coze-java's toString
                    // prints `code=INVALID_CLIENT`.
                    c.error_codes.push((at, e));
                }
            }
            (KeyKind::ErrorCode, Value::Number(n)) => c.codes.push((at, n)),
            (KeyKind::ErrorCode, Value::Text(t)) => {
                let t = t.trim().to_ascii_lowercase();
                if let Some(e) = oauth_code(&t) {
                    c.error_codes.push((at, e));
                } else if is_snake_word(&t) {
                    // An explicit error_code field: keep values newer than our list too.
                    c.error_codes.push((at, t));
                }
            }
            (KeyKind::OauthError, Value::Text(t)) => {
                if let Some(e) = oauth_code(&t) {
                    c.error_codes.push((at, e));
                }
            }
            (KeyKind::Status, Value::Number(n)) => {
                if let Some(s) = http_status(n) {
                    c.statuses.push((at, s));
                }
            }
            (KeyKind::Status, Value::Text(t)) => {
                if let Some(s) = t.trim().parse::<i64>().ok().and_then(http_status) {
                    c.statuses.push((at, s));
                }
            }
            (KeyKind::Message(tier), Value::Text(t)) if is_real_message(&t) => {
                c.messages.push((tier, at, t));
            }
            (KeyKind::Logid, Value::Text(t)) if LOGID_VALUE_RE.is_match(&t) => {
                c.logids.push((0, at, t));
            }
            (KeyKind::DebugUrl, Value::Text(t))
                if t.starts_with("http://") || t.starts_with("https://") =>
            {
                c.debug_urls.push((at, t));
            }
            (KeyKind::RequestId, Value::Text(t)) if is_token(&t) => c.request_ids.push((at, t)),
            _ => {}
        }
        // A generic `message` often wraps an SDK string (`message: 'code: 4101, msg: …'`), so
        // its inside is scanned too; every other value is stepped over.
        if kind != KeyKind::Message(2) {
            pos = end.max(after_sep);
        }
    }
}

/// The non key/value forms, plus standalone logids.
fn scan_phrases(w: &str, c: &mut Candidates) {
    // A code, then optionally its message: `API error: 4200 …`, `error code 4000: …`.
    for re in [&*API_ERROR_RE, &*ERROR_CODE_RE] {
        for caps in re.captures_iter(w) {
            if let Some(code) = caps.get(1).and_then(|g| parse_code(g.as_str())) {
                let at = caps.get(0).map_or(0, |g| g.start());
                c.codes.push((at, code));
                if let Some(msg) = caps.get(2).map(|g| tidy_phrase_message(g.as_str()))
                    && is_real_message(&msg)
                {
                    c.messages.push((0, at, msg));
                }
            }
        }
    }
    for caps in ZH_CODE_RE.captures_iter(w) {
        if let Some(g) = caps.get(1)
            && let Some(code) = parse_code(g.as_str())
        {
            c.codes.push((g.start(), code));
        }
    }
    for re in [
        &*HTTP_RE,
        &*STATUS_CODE_RE,
        &*JS_CLASS_STATUS_RE,
        &*REASON_RE,
        &*REQUEST_FAIL_RE,
    ] {
        for caps in re.captures_iter(w) {
            if let Some(g) = caps.get(1)
                && let Some(s) = g.as_str().parse::<i64>().ok().and_then(http_status)
            {
                c.statuses.push((g.start(), s));
            }
        }
    }
    for caps in JACKSON_SOURCE_RE.captures_iter(w) {
        if let Some(g) = caps.get(1) {
            let msg = g.as_str().trim().to_string();
            if is_real_message(&msg) {
                c.messages.push((3, g.start(), msg));
            }
        }
    }
    for caps in PKCE_RE.captures_iter(w) {
        if let Some(g) = caps.get(1)
            && let Some(e) = oauth_code(g.as_str())
        {
            c.error_codes.push((g.start(), e));
        }
    }
    for re in [&*BARE_LOGID_RE, &*BARE_WS_LOGID_RE] {
        for caps in re.captures_iter(w) {
            if let Some(g) = caps.get(1) {
                c.logids.push((1, g.start(), g.as_str().to_string()));
            }
        }
    }
    for caps in REQUEST_ID_RE.captures_iter(w) {
        if let Some(g) = caps.get(1) {
            c.request_ids.push((g.start(), g.as_str().to_string()));
        }
    }
}

/// Fills fields the text leaves out from [`KNOWN_MESSAGES`]. With a message already found, only
/// that message is looked at; without one, a known message anywhere in the text becomes it.
fn apply_known_messages(w: &str, out: &mut Extracted) {
    // ASCII lowering keeps every byte offset, so a position found in the lowered text is one in `w`.
    let find =
        |text: &str, needle: &str| text.to_ascii_lowercase().find(&needle.to_ascii_lowercase());
    let hit = match &out.message {
        Some(msg) => KNOWN_MESSAGES
            .iter()
            .find(|k| find(msg, k.needle).is_some()),
        None => {
            let lowered = w.to_ascii_lowercase();
            let earliest = KNOWN_MESSAGES
                .iter()
                .filter_map(|k| {
                    lowered
                        .find(&k.needle.to_ascii_lowercase())
                        .map(|at| (at, k))
                })
                .min_by_key(|&(at, _)| at);
            earliest.map(|(at, k)| {
                let msg = bare_known_message(w, at);
                if is_real_message(&msg) {
                    out.message = Some(msg);
                }
                k
            })
        }
    };
    let Some(k) = hit else {
        return;
    };
    if out.code.is_none() && out.error_code.is_none() {
        out.code = k.code;
        out.error_code = k.error_code.map(str::to_string);
        out.inferred.code = k.code.is_some();
        out.inferred.error_code = k.error_code.is_some();
    }
    if out.http_status.is_none() && k.http_status.is_some() {
        out.http_status = k.http_status;
        out.inferred.http_status = true;
    }
}

/// A known message standing alone runs from its start to the end of the line, a closing
/// backtick or quote (Markdown notes: "**症状**：`The field http body …`"), or the next SDK field.
fn bare_known_message(w: &str, at: usize) -> String {
    let line = capped_line(w, at);
    let line = match line.find(['`', '"']) {
        Some(i) => &line[..i],
        None => line,
    };
    tidy_bare(until_next_field(line)).to_string()
}

/// A bare message up to the next field of the same SDK line ([`MSG_END_RE`]).
fn until_next_field(line: &str) -> &str {
    match MSG_END_RE.find(line) {
        Some(m) => &line[..m.start()],
        None => line,
    }
}

/// Reads the value that starts at `start`. Returns it and the byte index just past it.
fn read_value(w: &str, start: usize, mode: Mode) -> (Value, usize) {
    let rest = &w[start..];
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return (Value::Other, start);
    };
    let second = chars.next();
    match first {
        '"' | '\'' => read_quoted(w, start, first.len_utf8(), first),
        '“' => read_quoted(w, start, first.len_utf8(), '”'),
        '‘' => read_quoted(w, start, first.len_utf8(), '’'),
        // JSON inside a JSON string: `\"msg\":\"…\"`.
        '\\' if matches!(second, Some('"' | '\'')) => read_escaped_quoted(w, start),
        '{' | '[' | '\r' | '\n' => (Value::Other, start),
        c if (c.is_ascii_digit() || c == '-') && mode == Mode::Scalar => read_number(w, start),
        _ if mode == Mode::Message => {
            let body = until_next_field(capped_line(w, start));
            (Value::Text(tidy_bare(body).to_string()), start + body.len())
        }
        _ => {
            let line = capped_line(w, start);
            let end = line
                .find(|ch: char| {
                    ch.is_whitespace()
                        || matches!(
                            ch,
                            ',' | ';' | ')' | ']' | '}' | '\'' | '"' | '<' | '>' | '`'
                        )
                })
                .unwrap_or(line.len());
            (Value::Text(line[..end].to_string()), start + end)
        }
    }
}

/// A quoted string up to its closing quote — or, if the paste was cut, to the end of the line
/// (neither JSON nor Python strings hold a raw newline, so the line end is where the cut was).
fn read_quoted(w: &str, start: usize, open_len: usize, close: char) -> (Value, usize) {
    let body_start = start + open_len;
    let line = capped_line(w, body_start);
    let mut escaped = false;
    for (i, ch) in line.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if ch == '\\' {
            escaped = true;
        } else if ch == close {
            return (
                Value::Text(unescape(&line[..i])),
                body_start + i + ch.len_utf8(),
            );
        }
    }
    (Value::Text(unescape(line)), body_start + line.len())
}

/// `\"…\"`: JSON serialised into another JSON string; its contents are escaped twice.
///
/// After the outer unescape, a quote preceded by `r` backslashes keeps `r / 2` of them. It is a
/// quote at all only when `r` is odd, and it ends the inner string only when `r / 2` is even
/// (not escaped again): `r % 4 == 1`. So `\\\"` (r = 3) is a quote inside the message and `\"`
/// (r = 1) closes it.
fn read_escaped_quoted(w: &str, start: usize) -> (Value, usize) {
    let body_start = start + 2;
    let Some(quote) = w[start + 1..].chars().next() else {
        return (Value::Other, start);
    };
    let line = capped_line(w, body_start);
    let mut run = 0usize;
    for (i, ch) in line.char_indices() {
        if ch == '\\' {
            run += 1;
            continue;
        }
        if ch == quote && run % 4 == 1 {
            // `i - 1` is the backslash that opens this closing `\"`; ASCII, so a char boundary.
            let body = &line[..i - 1];
            return (Value::Text(unescape(&unescape(body))), body_start + i + 1);
        }
        run = 0;
    }
    (
        Value::Text(unescape(&unescape(line))),
        body_start + line.len(),
    )
}

fn read_number(w: &str, start: usize) -> (Value, usize) {
    let rest = &w[start..];
    let sign = usize::from(rest.starts_with('-'));
    let digits = rest[sign..]
        .find(|ch: char| !ch.is_ascii_digit())
        .unwrap_or(rest.len() - sign);
    let end = sign + digits;
    // `4101abc` or `2024…` followed by hex is not a number; `4101.` at a sentence end is.
    let next = rest[end..].chars().next();
    let glued = match next {
        Some(ch) if ch.is_alphanumeric() || ch == '_' => true,
        Some('.') => rest[end + 1..].starts_with(|ch: char| ch.is_ascii_digit()),
        _ => false,
    };
    if digits == 0 || glued || digits > MAX_CODE_DIGITS {
        return (Value::Other, start + end);
    }
    match rest[..end].parse::<i64>() {
        Ok(n) => (Value::Number(n), start + end),
        Err(_) => (Value::Other, start + end),
    }
}

/// The rest of the line from `start`, at most [`MAX_VALUE_BYTES`], cut on a char boundary.
fn capped_line(w: &str, start: usize) -> &str {
    let rest = head_of(&w[start..], MAX_VALUE_BYTES);
    match rest.find(['\n', '\r']) {
        Some(i) => &rest[..i],
        None => rest,
    }
}

/// Trims what an unquoted message drags along from its wrapper: trailing commas
/// (`msg: invalid jwt: …,`), a wrapper's closing `)` or `')` (`CozeAPIError('… msg: x')`).
fn tidy_bare(s: &str) -> &str {
    let mut s = s.trim();
    loop {
        let before = s.len();
        s = s.trim_end_matches(',').trim_end();
        if s.ends_with(')') && s.matches(')').count() > s.matches('(').count() {
            s = &s[..s.len() - 1];
        }
        for q in ['\'', '"', '`'] {
            if s.ends_with(q) && s.matches(q).count() % 2 == 1 {
                s = &s[..s.len() - 1];
            }
        }
        s = s.trim_end();
        if s.len() == before {
            return s;
        }
    }
}

/// A message captured by a phrase pattern (rest of the line): same tidying, and a Markdown
/// backtick ends it.
fn tidy_phrase_message(s: &str) -> String {
    let s = match s.find('`') {
        Some(i) => &s[..i],
        None => s,
    };
    tidy_bare(until_next_field(head_of(s, MAX_VALUE_BYTES))).to_string()
}

/// Undoes JSON / Python string escapes. A lone backslash at the end (a paste cut mid-escape) is
/// dropped; unknown escapes are kept as written.
fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(ch) = it.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let Some(hi) = take_hex4(&mut it) else {
                    out.push_str("\\u");
                    continue;
                };
                let ch = if (0xD800..0xDC00).contains(&hi) {
                    // A surrogate pair arrives as two escapes.
                    let mut look = it.clone();
                    let lo = if look.next() == Some('\\') && look.next() == Some('u') {
                        take_hex4(&mut look).filter(|lo| (0xDC00..0xE000).contains(lo))
                    } else {
                        None
                    };
                    match lo {
                        Some(lo) => {
                            it = look;
                            char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                        }
                        None => None,
                    }
                } else {
                    char::from_u32(hi)
                };
                out.push(ch.unwrap_or('\u{FFFD}'));
            }
            Some(c @ ('"' | '\'' | '\\' | '/')) => out.push(c),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => {}
        }
    }
    out
}

fn take_hex4(it: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<u32> {
    let mut v = 0u32;
    for _ in 0..4 {
        let d = it.peek().and_then(|c| c.to_digit(16))?;
        it.next();
        v = v * 16 + d;
    }
    Some(v)
}

/// Whether the text before a `code` key ends with `status` or `http` (`http status code:`).
fn ends_with_status_word(before: &str) -> bool {
    let t = before.trim_end_matches([' ', '\t', '_', '-']);
    let tail = t.get(t.len().saturating_sub(6)..).unwrap_or("");
    tail.eq_ignore_ascii_case("status") || tail.to_ascii_lowercase().ends_with("http")
}

fn parse_code(digits: &str) -> Option<i64> {
    if digits.len() > MAX_CODE_DIGITS {
        return None;
    }
    digits.parse().ok()
}

fn http_status(n: i64) -> Option<u16> {
    if (100..=599).contains(&n) {
        u16::try_from(n).ok()
    } else {
        None
    }
}

fn oauth_code(s: &str) -> Option<String> {
    let lower = s.trim().to_ascii_lowercase();
    oauth_error::ALL
        .iter()
        .find(|&&c| c == lower)
        .map(|c| c.to_string())
}

/// A token-like value (an id): letters, digits and dashes.
fn is_token(s: &str) -> bool {
    (4..=80).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn is_snake_word(s: &str) -> bool {
    (3..=40).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        && s.contains('_')
}

/// Placeholders that SDKs print for an absent message are not messages.
fn is_real_message(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && !matches!(t, "None" | "null" | "nil" | "undefined" | "<nil>")
}

/// The first `max` bytes of `s`, cut back to a char boundary.
fn head_of(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The last `max` bytes of `s`, cut forward to a char boundary.
fn tail_of(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut start = s.len() - max;
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

#[cfg(test)]
mod tests;
