//! RSA private keys for JWT signing: PKCS#8 (`BEGIN PRIVATE KEY`) and PKCS#1 (`BEGIN RSA PRIVATE KEY`) PEM.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use secrecy::{ExposeSecret, SecretString};

/// Why a private key cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the private key is empty")]
    Empty,
    #[error(
        "the private key is not PEM (expected a `-----BEGIN PRIVATE KEY-----` or `-----BEGIN RSA PRIVATE KEY-----` block)"
    )]
    NotPem,
    #[error("the private key is a {0} key, not an RSA key; Coze JWT apps sign with RS256")]
    NotRsa(&'static str),
    #[error(
        "it is a public key, not the private key: use the PEM downloaded when the key pair was created in the Coze console (the public key stays with Coze)"
    )]
    Public,
    #[error("the private key is not a usable RSA private key ({0})")]
    Unusable(String),
}

/// A loaded RSA signing key. Keeps the PEM text only so that the redactor can mask it.
pub struct SigningKey {
    encoding: EncodingKey,
    pem: SecretString,
    /// Encoding and size, worked out once at load time (`cozescope check` shows it per scenario).
    description: String,
    /// The fingerprint of the public half, computed as the sandbox computes a kid (base64url SHA-256 of
    /// the DER SubjectPublicKeyInfo); whether the console computes it the same way is INFERRED.
    fingerprint: Option<String>,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey([REDACTED])")
    }
}

impl SigningKey {
    /// Loads a PEM key and proves it can sign, so that a bad key fails at load time, not mid-run.
    pub fn from_pem(pem: &str) -> Result<SigningKey, KeyError> {
        let pem = normalise_pem(pem);
        if pem.trim().is_empty() {
            return Err(KeyError::Empty);
        }
        if pem.contains("PUBLIC KEY-----") && !pem.contains("PRIVATE KEY-----") {
            return Err(KeyError::Public);
        }
        if let Some(kind) = non_rsa_kind(&pem) {
            return Err(KeyError::NotRsa(kind));
        }
        if !pem.contains("-----BEGIN") {
            return Err(KeyError::NotPem);
        }
        let encoding = EncodingKey::from_rsa_pem(pem.as_bytes())
            .map_err(|error| KeyError::Unusable(error.to_string()))?;
        jsonwebtoken::encode(
            &Header::new(Algorithm::RS256),
            &serde_json::json!({"probe": true}),
            &encoding,
        )
        .map_err(|error| KeyError::Unusable(error.to_string()))?;
        let (description, fingerprint) = describe(&pem);
        Ok(SigningKey {
            encoding,
            pem: SecretString::from(pem),
            description,
            fingerprint,
        })
    }

    pub(crate) fn encoding_key(&self) -> &EncodingKey {
        &self.encoding
    }

    /// The key's encoding and size, for `cozescope check`.
    pub fn describe(&self) -> &str {
        &self.description
    }

    /// The fingerprint of the key's public half (not a secret): what the kid should be (INFERRED).
    pub fn fingerprint(&self) -> Option<&str> {
        self.fingerprint.as_deref()
    }

    /// The PEM text, for the redactor only.
    pub fn pem(&self) -> &str {
        self.pem.expose_secret()
    }
}

/// "RSA 2048-bit, PKCS#8", and the fingerprint of the public half.
fn describe(pem: &str) -> (String, Option<String>) {
    let pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
    let body: String = pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .map(str::trim)
        .collect();
    let bits = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, body)
        .ok()
        .and_then(|der| {
            let pair = if pkcs1 {
                aws_lc_rs::rsa::KeyPair::from_der(&der)
            } else {
                aws_lc_rs::rsa::KeyPair::from_pkcs8(&der)
            };
            pair.ok()
        })
        .map(|pair| (pair.public_modulus_len() * 8, public_fingerprint(&pair)));
    let format = if pkcs1 { "PKCS#1" } else { "PKCS#8" };
    match bits {
        Some((bits, fingerprint)) => (format!("RSA {bits}-bit, {format}"), fingerprint),
        None => (format!("RSA, {format}"), None),
    }
}

/// base64url (no padding) of the SHA-256 of the public key's DER SubjectPublicKeyInfo.
fn public_fingerprint(pair: &aws_lc_rs::rsa::KeyPair) -> Option<String> {
    use aws_lc_rs::encoding::AsDer;
    use aws_lc_rs::signature::KeyPair;
    let der = pair.public_key().as_der().ok()?;
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, der.as_ref());
    Some(base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        digest.as_ref(),
    ))
}

/// Keys already loaded, by PEM text: scenario files that share a key load (and test-sign) it once.
#[derive(Debug, Default)]
pub struct KeyCache {
    keys: Mutex<HashMap<String, Arc<SigningKey>>>,
}

impl KeyCache {
    /// The key of `pem`, loaded on first use; errors are not cached (each file reports its own).
    pub fn load(&self, pem: &str) -> Result<Arc<SigningKey>, KeyError> {
        let mut keys = self
            .keys
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(key) = keys.get(pem) {
            return Ok(key.clone());
        }
        let key = Arc::new(SigningKey::from_pem(pem)?);
        keys.insert(pem.to_string(), key.clone());
        Ok(key)
    }
}

/// Keys pasted into environment variables often carry literal `\n` sequences instead of newlines.
fn normalise_pem(pem: &str) -> String {
    if !pem.contains('\n') && pem.contains("\\n") {
        pem.replace("\\n", "\n")
    } else {
        pem.to_string()
    }
}

fn non_rsa_kind(pem: &str) -> Option<&'static str> {
    if pem.contains("BEGIN EC PRIVATE KEY") {
        Some("EC")
    } else if pem.contains("BEGIN OPENSSH PRIVATE KEY") {
        Some("OpenSSH")
    } else if pem.contains("BEGIN ENCRYPTED PRIVATE KEY") {
        Some("passphrase-encrypted")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PKCS8: &str = include_str!("../emulator/demo/demo-app.pem");

    #[test]
    fn pkcs8_and_pkcs1_both_load() {
        assert!(SigningKey::from_pem(PKCS8).is_ok());
        let pkcs1 = include_str!("../../tests/fixtures/keys/pkcs1.pem");
        assert!(pkcs1.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
        assert!(SigningKey::from_pem(pkcs1).is_ok());
    }

    #[test]
    fn escaped_newlines_from_env_files_are_accepted() {
        let escaped = PKCS8.trim_end().replace('\n', "\\n");
        assert!(SigningKey::from_pem(&escaped).is_ok());
    }

    #[test]
    fn non_rsa_and_garbage_keys_are_rejected_with_a_reason() {
        let ec = include_str!("../../tests/fixtures/keys/ec.pem");
        assert_eq!(
            SigningKey::from_pem(ec).unwrap_err(),
            KeyError::NotRsa("EC")
        );
        assert_eq!(SigningKey::from_pem("").unwrap_err(), KeyError::Empty);
        assert_eq!(SigningKey::from_pem("hello").unwrap_err(), KeyError::NotPem);
        let corrupt = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert!(matches!(
            SigningKey::from_pem(corrupt).unwrap_err(),
            KeyError::Unusable(_)
        ));
    }

    #[test]
    fn describe_names_size_and_format() {
        assert_eq!(
            SigningKey::from_pem(PKCS8).unwrap().describe(),
            "RSA 2048-bit, PKCS#8"
        );
        let pkcs1 = include_str!("../../tests/fixtures/keys/pkcs1.pem");
        assert_eq!(
            SigningKey::from_pem(pkcs1).unwrap().describe(),
            "RSA 2048-bit, PKCS#1"
        );
    }

    #[test]
    fn debug_never_shows_the_key() {
        let key = SigningKey::from_pem(PKCS8).unwrap();
        assert_eq!(format!("{key:?}"), "SigningKey([REDACTED])");
    }
}
