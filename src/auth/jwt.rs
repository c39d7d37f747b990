//! The RS256 assertion of the JWT OAuth flow, signed exactly as the official SDKs sign it.
//!
//! Header `{"alg":"RS256","typ":"JWT","kid":<public key id>}`; claims `iss` (app id), `aud` (the API host the
//! request goes to), `iat`, `exp`, a fresh random `jti` per request, and an optional `session_name`.

use jsonwebtoken::{Algorithm, Header};
use rand::RngCore;
use secrecy::SecretString;

use super::credential::JwtCredential;
use crate::coze::wire::JwtClaims;

/// How long the assertion itself is valid; coze-py and coze-js sign with a fixed hour.
pub const ASSERTION_LIFETIME_SECS: i64 = 3600;

/// A signed assertion and what it says, for the report (which never shows the signed form).
#[derive(Debug)]
pub struct Assertion {
    /// The compact JWS sent as `Authorization: Bearer …`.
    pub token: SecretString,
    pub header: serde_json::Value,
    pub claims: JwtClaims,
}

/// Why an assertion could not be signed.
#[derive(Debug, thiserror::Error)]
#[error("failed to sign the JWT assertion: {0}")]
pub struct SignError(#[from] jsonwebtoken::errors::Error);

/// Signs a fresh assertion for `credential`, addressed to `audience` (the API host), at Unix time `now`.
pub fn sign_assertion(
    credential: &JwtCredential,
    audience: &str,
    now: i64,
) -> Result<Assertion, SignError> {
    let mut header = Header::new(Algorithm::RS256);
    header.typ = Some("JWT".to_string());
    header.kid = Some(credential.public_key_id.clone());
    let claims = JwtClaims {
        iss: credential.client_id.clone(),
        aud: audience.to_string(),
        iat: now,
        exp: now + ASSERTION_LIFETIME_SECS,
        jti: random_jti(),
        session_name: credential.session_name.clone(),
    };
    let token = jsonwebtoken::encode(&header, &claims, credential.key.encoding_key())?;
    Ok(Assertion {
        token: SecretString::from(token),
        header: serde_json::json!({
            "alg": "RS256",
            "typ": "JWT",
            "kid": credential.public_key_id,
        }),
        claims,
    })
}

/// 32 random bytes as 64 hex characters (the docs ask for more than 32 bytes of randomness per signing).
fn random_jti() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::SigningKey;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use jsonwebtoken::{DecodingKey, Validation};
    use secrecy::ExposeSecret;

    fn credential(session_name: Option<&str>) -> JwtCredential {
        JwtCredential {
            name: "jwt".into(),
            client_id: "1127900106117".into(),
            public_key_id: "tpRVJYfhCqBb1VSDmjjvX45LSidnN7kdH6cwKqoZy44".into(),
            key: std::sync::Arc::new(
                SigningKey::from_pem(include_str!("../emulator/demo/demo-app.pem")).unwrap(),
            ),
            ttl: 900,
            session_name: session_name.map(str::to_string),
            audience: None,
        }
    }

    fn decode_part(token: &str, index: usize) -> serde_json::Value {
        let part = token.split('.').nth(index).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
    }

    #[test]
    fn header_is_rs256_jwt_with_the_key_id() {
        let assertion = sign_assertion(&credential(None), "api.coze.cn", 1_700_000_000).unwrap();
        let header = decode_part(assertion.token.expose_secret(), 0);
        assert_eq!(header["alg"], "RS256");
        assert_eq!(header["typ"], "JWT");
        assert_eq!(header["kid"], "tpRVJYfhCqBb1VSDmjjvX45LSidnN7kdH6cwKqoZy44");
        assert_eq!(header.as_object().unwrap().len(), 3);
        assert_eq!(header, assertion.header);
    }

    #[test]
    fn claims_carry_iss_aud_iat_exp_jti_and_optional_session_name() {
        let now = 1_700_000_000;
        let assertion = sign_assertion(&credential(None), "api.coze.cn", now).unwrap();
        let claims = decode_part(assertion.token.expose_secret(), 1);
        assert_eq!(claims["iss"], "1127900106117");
        assert_eq!(claims["aud"], "api.coze.cn");
        assert_eq!(claims["iat"], now);
        assert_eq!(claims["exp"], now + ASSERTION_LIFETIME_SECS);
        let jti = claims["jti"].as_str().unwrap();
        assert_eq!(jti.len(), 64);
        assert!(jti.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(claims.get("session_name").is_none());

        let with_session =
            sign_assertion(&credential(Some("user-42")), "api.coze.cn", now).unwrap();
        assert_eq!(
            decode_part(with_session.token.expose_secret(), 1)["session_name"],
            "user-42"
        );
    }

    #[test]
    fn every_assertion_gets_a_fresh_jti() {
        let credential = credential(None);
        let first = sign_assertion(&credential, "api.coze.cn", 1).unwrap();
        let second = sign_assertion(&credential, "api.coze.cn", 1).unwrap();
        assert_ne!(first.claims.jti, second.claims.jti);
    }

    #[test]
    fn signature_verifies_with_the_public_key() {
        let assertion = sign_assertion(
            &credential(None),
            "api.coze.cn",
            chrono::Utc::now().timestamp(),
        )
        .unwrap();
        let public =
            DecodingKey::from_rsa_pem(include_bytes!("../emulator/demo/demo-app.pub.pem")).unwrap();
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&["api.coze.cn"]);
        let decoded = jsonwebtoken::decode::<JwtClaims>(
            assertion.token.expose_secret(),
            &public,
            &validation,
        )
        .unwrap();
        assert_eq!(decoded.claims, assertion.claims);
    }
}
