//! Verification of the RS256 assertion a JWT OAuth app signs, in the service's order (INFERRED):
//! the bearer is present and parses; `alg` is RS256 (`none`, HS256 and every other algorithm are refused,
//! so no key-confusion is possible); `kid` is registered for the `iss` app; the signature verifies; `aud`
//! is the host the client addressed; `iat`/`exp` hold with a small clock skew. The `jti` single-use check
//! needs the running state and is done by the token endpoint right after.
//!
//! Messages: `verify jwt empty error` and `invalid jwt: kid not been registred` are the service's own
//! (observed); the others are INFERRED, worded after golang-jwt's errors behind the same `invalid jwt:`
//! prefix.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use serde_json::Value;

use crate::coze::region::Region;

use super::reply::OAuthError;
use super::world::{App, World};

/// Clock skew tolerated on `iat` and `exp`, in seconds.
pub const CLOCK_SKEW_SECONDS: i64 = 60;

/// A verified assertion: the app it authenticates and the claims the endpoint still needs.
#[derive(Debug, Clone)]
pub struct Verified<'w> {
    pub app: &'w App,
    pub jti: String,
    pub exp: i64,
    /// The `session_name` claim (the business side's end user), if any; a non-string is taken as its
    /// JSON text.
    pub session_name: Option<String>,
}

#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    alg: Option<Value>,
    #[serde(default)]
    kid: Option<Value>,
}

#[derive(Deserialize)]
struct Claims {
    #[serde(default)]
    iss: Option<Value>,
    #[serde(default)]
    aud: Option<Value>,
    #[serde(default)]
    iat: Option<Value>,
    #[serde(default)]
    exp: Option<Value>,
    #[serde(default)]
    jti: Option<Value>,
    #[serde(default)]
    session_name: Option<Value>,
}

fn malformed() -> OAuthError {
    OAuthError::invalid_client("invalid jwt: token is malformed")
}

fn kid_not_registered() -> OAuthError {
    OAuthError::invalid_client("invalid jwt: kid not been registred")
}

fn decode_segment<T: for<'de> Deserialize<'de>>(segment: &str) -> Result<T, OAuthError> {
    // Tolerate padding, which some encoders add.
    let bytes = URL_SAFE_NO_PAD
        .decode(segment.trim_end_matches('='))
        .map_err(|_| malformed())?;
    serde_json::from_slice(&bytes).map_err(|_| malformed())
}

fn as_seconds(value: &Option<Value>) -> Option<i64> {
    match value.as_ref()? {
        Value::Number(number) => number
            .as_i64()
            .or_else(|| number.as_f64().filter(|f| f.is_finite()).map(|f| f as i64)),
        _ => None,
    }
}

/// The `iss` claim of a bearer that looks like a JWT, without verifying anything (for rate-limit keys).
pub fn unverified_issuer(token: &str) -> Option<String> {
    let mut parts = token.split('.');
    let (_, payload) = (parts.next()?, parts.next()?);
    let claims: Claims = decode_segment(payload).ok()?;
    claims.iss?.as_str().map(str::to_string)
}

/// Verifies `token` for `realm`. `audiences` are the `aud` values accepted for this request.
pub fn verify<'w>(
    world: &'w World,
    realm: Region,
    token: Option<&str>,
    audiences: &[&str],
    now: i64,
) -> Result<Verified<'w>, OAuthError> {
    // 1. present and parseable.
    let token = match token {
        Some(token) if !token.is_empty() => token,
        _ => return Err(OAuthError::invalid_client("verify jwt empty error")),
    };
    let mut parts = token.split('.');
    let (Some(header_b64), Some(payload_b64), Some(signature_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed());
    };
    let header: Header = decode_segment(header_b64)?;
    let claims: Claims = decode_segment(payload_b64)?;
    let alg = match &header.alg {
        Some(Value::String(alg)) => alg.as_str(),
        Some(_) => return Err(malformed()),
        None => "",
    };
    if alg != "RS256" {
        let shown = if alg.is_empty() { "(none)" } else { alg };
        return Err(OAuthError::invalid_client(format!(
            "invalid jwt: signing method {} is invalid",
            shown.chars().take(32).collect::<String>()
        )));
    }

    // 2. kid registered for the iss app.
    let kid = header.kid.as_ref().and_then(Value::as_str).unwrap_or("");
    let iss = claims.iss.as_ref().and_then(Value::as_str).unwrap_or("");
    let app = world.app(realm, iss).ok_or_else(kid_not_registered)?;
    let key = app
        .keys
        .iter()
        .find(|key| key.kid == kid)
        .ok_or_else(kid_not_registered)?;

    // 3. signature.
    let message_len = header_b64.len() + 1 + payload_b64.len();
    let message = &token.as_bytes()[..message_len];
    if !key.key.verify_rs256(signature_b64, message) {
        return Err(OAuthError::invalid_client(
            "invalid jwt: token signature is invalid",
        ));
    }

    // 4. aud is the host the client addressed.
    let aud_ok = match &claims.aud {
        Some(Value::String(aud)) => audiences.iter().any(|a| a.eq_ignore_ascii_case(aud)),
        Some(Value::Array(auds)) => auds
            .iter()
            .filter_map(Value::as_str)
            .any(|aud| audiences.iter().any(|a| a.eq_ignore_ascii_case(aud))),
        _ => false,
    };
    if !aud_ok {
        return Err(OAuthError::invalid_client(
            "invalid jwt: token has invalid audience",
        ));
    }

    // 5. iat <= now + skew < exp.
    let Some(exp) = as_seconds(&claims.exp) else {
        return Err(OAuthError::invalid_client(
            "invalid jwt: token is missing required claim: exp",
        ));
    };
    if let Some(iat) = as_seconds(&claims.iat) {
        if iat > now + CLOCK_SKEW_SECONDS {
            return Err(OAuthError::invalid_client(
                "invalid jwt: token used before issued",
            ));
        }
        if exp <= iat {
            return Err(OAuthError::invalid_client("invalid jwt: token is expired"));
        }
    } else if claims.iat.is_some() {
        return Err(malformed());
    }
    if exp + CLOCK_SKEW_SECONDS <= now {
        return Err(OAuthError::invalid_client("invalid jwt: token is expired"));
    }

    let jti = match claims.jti.as_ref().and_then(Value::as_str) {
        Some(jti) if !jti.is_empty() => jti.to_string(),
        _ => {
            return Err(OAuthError::invalid_client(
                "invalid jwt: token is missing required claim: jti",
            ));
        }
    };
    let session_name = match claims.session_name {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(name),
        Some(other) => Some(other.to_string()),
    };
    Ok(Verified {
        app,
        jti,
        exp,
        session_name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn segment(value: &Value) -> String {
        URL_SAFE_NO_PAD.encode(value.to_string())
    }

    fn unsigned(header: Value, claims: Value) -> String {
        format!("{}.{}.c2ln", segment(&header), segment(&claims))
    }

    fn message(result: Result<Verified<'_>, OAuthError>) -> String {
        result.map(|_| ()).unwrap_err().message
    }

    #[test]
    fn checks_run_in_the_service_order() {
        let world = World::demo();
        let now = 1_700_000_000;
        let verify = |token: &str| {
            message(verify(
                &world,
                Region::Cn,
                Some(token),
                &["api.coze.cn"],
                now,
            ))
        };
        assert_eq!(message(verify_none(&world)), "verify jwt empty error");
        // alg is checked before the kid: an unknown kid with alg none still reports the algorithm.
        let token = unsigned(json!({"alg": "none", "kid": "nope"}), json!({"iss": "1"}));
        assert_eq!(
            verify(&token),
            "invalid jwt: signing method none is invalid"
        );
        let token = unsigned(json!({"kid": "nope"}), json!({"iss": "1"}));
        assert_eq!(
            verify(&token),
            "invalid jwt: signing method (none) is invalid"
        );
        // kid before signature: a bad signature with an unknown kid reports the kid.
        let token = unsigned(
            json!({"alg": "RS256", "kid": "nope"}),
            json!({"iss": "1127900106117"}),
        );
        assert_eq!(verify(&token), "invalid jwt: kid not been registred");
        // A registered kid under the wrong app is not registered for that app.
        let token = unsigned(
            json!({"alg": "RS256", "kid": "tpRVJYfhCqBb1VSDmjjvX45LSidnN7kdH6cwKqoZy44"}),
            json!({"iss": "1128000200456"}),
        );
        assert_eq!(verify(&token), "invalid jwt: kid not been registred");
        let token = unsigned(
            json!({"alg": "RS256", "kid": "tpRVJYfhCqBb1VSDmjjvX45LSidnN7kdH6cwKqoZy44"}),
            json!({"iss": "1127900106117"}),
        );
        assert_eq!(verify(&token), "invalid jwt: token signature is invalid");
        assert_eq!(verify("a.b"), "invalid jwt: token is malformed");
        assert_eq!(verify("a.b.c.d"), "invalid jwt: token is malformed");
    }

    fn verify_none(world: &World) -> Result<Verified<'_>, OAuthError> {
        verify(world, Region::Cn, None, &["api.coze.cn"], 0)
    }

    #[test]
    fn the_issuer_is_read_without_verification_for_rate_keys() {
        let token = unsigned(json!({"alg": "RS256"}), json!({"iss": "42"}));
        assert_eq!(unverified_issuer(&token).as_deref(), Some("42"));
        assert_eq!(unverified_issuer("pat_abc"), None);
    }
}
