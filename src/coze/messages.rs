//! Fragments of the messages the service sends, matched case-insensitively: the classifier, the diagnosis
//! rules and `cozescope explain` recognise the same texts through these.

/// `invalid_client` for a JWT whose `iss`/`kid` the region does not know; the service's own spelling
/// (doc oauth_jwt error codes, coze-py#148, #230).
pub const KID_NOT_REGISTERED: &str = "kid not been registred";
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
/// Wording of an `aud` rejection (third-party records, doc oauth_jwt error codes: weak evidence).
pub const AUDIENCE: &[&str] = &["invalid audience", "invalid aud"];
/// Wording of an `iat`/`exp` rejection (doc oauth_jwt error codes, INFERRED; the exact text is INFERRED).
pub const CLOCK: &[&str] = &[
    "used before issued",
    "token is expired",
    "not valid yet",
    "expired",
];
/// Wording of a replayed assertion (doc oauth_jwt: a JWT can be used only once; text INFERRED).
pub const JTI: &[&str] = &["jti has been used", "jti already", "replay"];

/// Whether `message` contains `fragment`, ignoring case.
pub fn contains(message: &str, fragment: &str) -> bool {
    message
        .to_ascii_lowercase()
        .contains(&fragment.to_ascii_lowercase())
}

/// Whether `message` contains any of `fragments`, ignoring case.
pub fn contains_any(message: &str, fragments: &[&str]) -> bool {
    fragments.iter().any(|fragment| contains(message, fragment))
}
