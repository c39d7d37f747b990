//! The public key id (`kid`) a JWT header carries: the console shows it as the key's fingerprint, 43
//! base64url characters. Users often paste something else (the public key itself, a file name); that is
//! an offline fact, checked before anything is sent.

use serde::Serialize;

/// What a configured kid is when it is not a fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KidShape {
    /// A PEM block or its base64 body: the public key itself (coze-py#123).
    PublicKey,
    /// A file name or path.
    FileName,
    /// Empty.
    Empty,
    /// Anything else of the wrong length or alphabet.
    Other,
}

/// Whether `kid` has the fingerprint's form: 43 base64url characters.
pub fn looks_like_fingerprint(kid: &str) -> bool {
    kid.len() == 43
        && kid
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// What `kid` is, when it is not a fingerprint; `None` when it has the fingerprint's form.
pub fn malformed(kid: &str) -> Option<KidShape> {
    let kid = kid.trim();
    if looks_like_fingerprint(kid) {
        return None;
    }
    let base64ish = |text: &str| {
        text.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '\n' | '\r'))
    };
    Some(if kid.is_empty() {
        KidShape::Empty
    } else if kid.contains("-----BEGIN")
        || kid.starts_with("MII")
        || (kid.len() > 100 && base64ish(kid))
    {
        KidShape::PublicKey
    } else if [".pem", ".pub", ".key", ".txt"]
        .iter()
        .any(|suffix| kid.to_ascii_lowercase().ends_with(suffix))
        || kid.contains('/')
        || kid.contains('\\')
    {
        KidShape::FileName
    } else {
        KidShape::Other
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_format_is_43_base64url_characters() {
        assert!(looks_like_fingerprint(
            "_v0VjcMlLdQc3tRTD3jC5Xz29TUnKQOhtuD5k-gpyf4"
        ));
        assert!(!looks_like_fingerprint("my-key-1"));
        assert!(!looks_like_fingerprint(
            "_v0VjcMlLdQc3tRTD3jC5Xz29TUnKQOhtuD5k+gpyf4"
        ));
    }

    #[test]
    fn shapes_of_what_users_paste() {
        assert_eq!(
            malformed("_v0VjcMlLdQc3tRTD3jC5Xz29TUnKQOhtuD5k-gpyf4"),
            None
        );
        assert_eq!(
            malformed("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqh\n-----END PUBLIC KEY-----"),
            Some(KidShape::PublicKey)
        );
        assert_eq!(
            malformed("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"),
            Some(KidShape::PublicKey)
        );
        assert_eq!(malformed("./public_key.pem"), Some(KidShape::FileName));
        assert_eq!(malformed(""), Some(KidShape::Empty));
        assert_eq!(malformed("my-key-1"), Some(KidShape::Other));
    }
}
