//! Named credentials as a scenario declares them, validated and ready to use.

use std::fmt;

use secrecy::SecretString;
use serde::Serialize;

use super::key::SigningKey;

/// How a credential authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthMode {
    /// A personal access token, sent as `Authorization: Bearer pat_…`.
    Pat,
    /// A JWT OAuth service app: a signed assertion exchanged for an access token.
    Jwt,
}

impl AuthMode {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMode::Pat => "pat",
            AuthMode::Jwt => "jwt",
        }
    }
}

impl fmt::Display for AuthMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A credential of a scenario, by the name the scenario gave it.
#[derive(Debug)]
pub enum Credential {
    Pat(PatCredential),
    Jwt(JwtCredential),
}

impl Credential {
    /// The name under `[auth.NAME]`.
    pub fn name(&self) -> &str {
        match self {
            Credential::Pat(pat) => &pat.name,
            Credential::Jwt(jwt) => &jwt.name,
        }
    }

    pub fn mode(&self) -> AuthMode {
        match self {
            Credential::Pat(_) => AuthMode::Pat,
            Credential::Jwt(_) => AuthMode::Jwt,
        }
    }
}

/// A personal access token.
#[derive(Debug)]
pub struct PatCredential {
    pub name: String,
    pub token: SecretString,
}

/// A JWT OAuth service app and its private key.
#[derive(Debug)]
pub struct JwtCredential {
    pub name: String,
    /// The OAuth app id (the JWT `iss`); not a secret.
    pub client_id: String,
    /// The public key fingerprint registered in the console (the JWT header `kid`); not a secret.
    pub public_key_id: String,
    pub key: std::sync::Arc<SigningKey>,
    /// `duration_seconds` asked for.
    pub ttl: i64,
    /// Optional `session_name` claim.
    pub session_name: Option<String>,
    /// The `aud` to sign instead of the host addressed (a target behind a proxy).
    pub audience: Option<String>,
}

impl JwtCredential {
    /// The `aud` to sign: `--audience` (`flag`), else the credential's `audience`, else the host addressed.
    pub fn audience_for(&self, flag: Option<&str>, addressed: impl FnOnce() -> String) -> String {
        flag.or(self.audience.as_deref())
            .map_or_else(addressed, str::to_string)
    }
}
