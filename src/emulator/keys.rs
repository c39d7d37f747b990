//! RSA public keys registered for apps: PEM decoding, the kid fingerprint (base64url SHA-256 of the DER
//! SubjectPublicKeyInfo, 43 characters), and the one RS256 verification the token endpoint performs.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, DecodingKey};

/// A registered public key, ready to verify RS256 signatures.
#[derive(Clone)]
pub struct PublicKey {
    key: DecodingKey,
    fingerprint: String,
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublicKey")
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

/// Why a PEM could not be used as a public key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("expected a `-----BEGIN PUBLIC KEY-----` PEM block")]
    NotPem,
    #[error("the PEM block is not valid base64")]
    BadBase64,
    #[error("the key is not an RSA public key (SubjectPublicKeyInfo)")]
    NotRsa,
}

impl PublicKey {
    /// Parses a `BEGIN PUBLIC KEY` (SPKI) or `BEGIN RSA PUBLIC KEY` (PKCS#1) PEM.
    pub fn from_pem(pem: &str) -> Result<PublicKey, KeyError> {
        let (label, der) = pem_block(pem)?;
        if label != "PUBLIC KEY" && label != "RSA PUBLIC KEY" {
            return Err(KeyError::NotPem);
        }
        let key = DecodingKey::from_rsa_pem(pem.trim().as_bytes()).map_err(|_| KeyError::NotRsa)?;
        Ok(PublicKey {
            key,
            fingerprint: fingerprint_of_der(&der),
        })
    }

    /// The kid the console would show for this key.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Verifies an RS256 signature (base64url, as in the JWT) over `message` (`header.payload`).
    pub fn verify_rs256(&self, signature_b64: &str, message: &[u8]) -> bool {
        crate::emulator::crypto::ensure_provider();
        jsonwebtoken::crypto::verify(signature_b64, message, &self.key, Algorithm::RS256)
            .unwrap_or(false)
    }
}

/// The label and DER bytes of the first PEM block in `pem`.
pub fn pem_block(pem: &str) -> Result<(String, Vec<u8>), KeyError> {
    let text = pem.trim();
    let rest = text.strip_prefix("-----BEGIN ").ok_or(KeyError::NotPem)?;
    let (label, rest) = rest.split_once("-----").ok_or(KeyError::NotPem)?;
    let end = format!("-----END {label}-----");
    let (body, _) = rest.split_once(end.as_str()).ok_or(KeyError::NotPem)?;
    let body: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let der = STANDARD.decode(body).map_err(|_| KeyError::BadBase64)?;
    Ok((label.to_string(), der))
}

/// base64url (no padding) SHA-256 of DER bytes.
pub fn fingerprint_of_der(der: &[u8]) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, der);
    URL_SAFE_NO_PAD.encode(digest.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_keys_have_the_documented_kids() {
        let cases = [
            (
                include_str!("demo/demo-app.pub.pem"),
                "tpRVJYfhCqBb1VSDmjjvX45LSidnN7kdH6cwKqoZy44",
            ),
            (
                include_str!("demo/demo-com.pub.pem"),
                "veLs9V-C5hFYBO4pimd3B4GN6YukeHcE_l0VX9bfsy8",
            ),
            (
                include_str!("demo/demo-channel.pub.pem"),
                "1E0ndRjOIOwxC9_tMbbPx2iYlPx0KWDrKn5q0W44ngY",
            ),
        ];
        for (pem, kid) in cases {
            assert_eq!(PublicKey::from_pem(pem).unwrap().fingerprint(), kid);
        }
    }

    #[test]
    fn private_keys_and_garbage_are_rejected() {
        assert!(PublicKey::from_pem(include_str!("demo/demo-app.pem")).is_err());
        assert!(PublicKey::from_pem("hello").is_err());
        assert!(
            PublicKey::from_pem("-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----")
                .is_err()
        );
    }
}
