//! `[auth.NAME]` into a [`Credential`]: the mode's keys checked, variables resolved, the private key loaded
//! (once per PEM across files) and proved able to sign.

use std::sync::Arc;

use secrecy::SecretString;
use toml::Spanned;

use super::model::RawCredential;
use super::source::Source;
use crate::auth::{Credential, JwtCredential, PatCredential, SigningKey};
use crate::coze::wire::{DEFAULT_TOKEN_TTL, MAX_TOKEN_TTL};
use crate::source_error::{SourceError, closest};
use crate::textfile::{InputKind, read_text};

pub(super) fn build_credential(
    source: &Source<'_>,
    name: &str,
    table: &Spanned<RawCredential>,
) -> Result<Credential, SourceError> {
    let raw = table.get_ref();
    let mode = raw.mode.get_ref().as_str();
    let jwt_keys = [
        ("client_id", raw.client_id.as_ref().map(|v| v.span())),
        (
            "public_key_id",
            raw.public_key_id.as_ref().map(|v| v.span()),
        ),
        (
            "private_key_file",
            raw.private_key_file.as_ref().map(|v| v.span()),
        ),
        ("private_key", raw.private_key.as_ref().map(|v| v.span())),
        ("ttl", raw.ttl.as_ref().map(|v| v.span())),
        ("session_name", raw.session_name.as_ref().map(|v| v.span())),
        ("audience", raw.audience.as_ref().map(|v| v.span())),
    ];
    match mode {
        "pat" => {
            if let Some((key, Some(span))) = jwt_keys.iter().find(|(_, span)| span.is_some()) {
                return Err(SourceError::at_offset(
                    source.file,
                    source.text,
                    span.start,
                    format!("`{key}` does not apply to a pat credential"),
                )
                .with_help(format!("remove it, or set mode = \"jwt\" in [auth.{name}]")));
            }
            let Some(token) = &raw.token else {
                return Err(source
                    .error(
                        table,
                        format!("credential `{name}` (mode = \"pat\") is missing `token`"),
                    )
                    .with_help(format!(
                        "add token = \"${{COZE_API_TOKEN}}\" to [auth.{name}]"
                    )));
            };
            let token = source.string(token)?;
            if token.trim().is_empty() {
                return Err(
                    source.error(raw.token.as_ref().unwrap_or(&raw.mode), "`token` is empty")
                );
            }
            Ok(Credential::Pat(PatCredential {
                name: name.to_string(),
                token: SecretString::from(token),
            }))
        }
        "jwt" => {
            if let Some(token) = &raw.token {
                return Err(source
                    .error(token, "`token` does not apply to a jwt credential")
                    .with_help(format!("remove it, or set mode = \"pat\" in [auth.{name}]")));
            }
            let client_id = source.required(table, &raw.client_id, "client_id", name)?;
            let public_key_id =
                source.required(table, &raw.public_key_id, "public_key_id", name)?;
            let key = load_key(source, name, table)?;
            let ttl = match &raw.ttl {
                None => DEFAULT_TOKEN_TTL,
                Some(ttl) if (1..=MAX_TOKEN_TTL).contains(ttl.get_ref()) => *ttl.get_ref(),
                Some(ttl) => {
                    return Err(source
                        .error(ttl, format!("ttl = {} is out of range", ttl.get_ref()))
                        .with_help(format!("Coze accepts duration_seconds from 1 to {MAX_TOKEN_TTL} (default {DEFAULT_TOKEN_TTL})")));
                }
            };
            let session_name = raw
                .session_name
                .as_ref()
                .map(|s| source.string(s))
                .transpose()?;
            let audience = match &raw.audience {
                None => None,
                Some(value) => {
                    let audience = source.string(value)?;
                    if !is_host(&audience) {
                        return Err(source
                            .error(value, format!("audience `{audience}` is not a host"))
                            .with_help("the JWT `aud` is the API host without scheme or path, e.g. api.coze.cn"));
                    }
                    Some(audience)
                }
            };
            Ok(Credential::Jwt(JwtCredential {
                name: name.to_string(),
                client_id,
                public_key_id,
                key,
                ttl,
                session_name,
                audience,
            }))
        }
        other => {
            let help = match closest(other, ["jwt", "pat"]) {
                Some(suggestion) => format!("did you mean \"{suggestion}\"?"),
                None => "use mode = \"jwt\" (JWT OAuth service app) or mode = \"pat\" (personal access token)".into(),
            };
            Err(source
                .error(&raw.mode, format!("unknown auth mode \"{other}\""))
                .with_help(help))
        }
    }
}

fn load_key(
    source: &Source<'_>,
    name: &str,
    table: &Spanned<RawCredential>,
) -> Result<Arc<SigningKey>, SourceError> {
    let raw = table.get_ref();
    let (pem, at) = match (&raw.private_key_file, &raw.private_key) {
        (Some(_), Some(inline)) => {
            return Err(source
                .error(inline, "both `private_key` and `private_key_file` are set")
                .with_help("keep one of them"));
        }
        (None, None) => {
            return Err(source
                .error(table, format!("credential `{name}` (mode = \"jwt\") has no private key"))
                .with_help("add private_key_file = \"${COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH}\" or private_key = \"${COZE_JWT_OAUTH_PRIVATE_KEY}\""));
        }
        (Some(path_value), None) => {
            let path = source.string(path_value)?;
            let pem = key_file_text(&path, source.options.virtual_files).map_err(|error| {
                // A path that came from a variable is named by the variable: a misplaced secret (a
                // token or a PEM in the path variable) must not be echoed.
                let written = path_value.get_ref();
                let (named, help) = if written.contains("${") {
                    (
                        format!("the private key file named by `{written}`"),
                        format!(
                            "the variable holds {} characters; it must be the path of the PEM file downloaded when the public key was created in the Coze console",
                            path.chars().count()
                        ),
                    )
                } else {
                    (
                        format!("private key file `{path}`"),
                        "point private_key_file at the PEM file downloaded when the public key was created in the Coze console".to_string(),
                    )
                };
                source
                    .error(path_value, format!("failed to read {named}: {error}"))
                    .with_help(help)
            })?;
            (pem, path_value)
        }
        (None, Some(inline)) => (source.string(inline)?, inline),
    };
    source.options.keys.load(&pem).map_err(|error| {
        source
            .error(at, format!("failed to load the private key of `{name}`: {error}"))
            .with_help("use the RSA private key (PKCS#8 or PKCS#1 PEM) whose public key is registered on the app")
    })
}

/// The text of the private key file at `path`: a sandbox world's virtual file, else the file on disk (at
/// most [`InputKind::Key`]'s cap).
pub(super) fn key_file_text(
    path: &str,
    virtual_files: &std::collections::BTreeMap<String, String>,
) -> Result<String, crate::textfile::ReadError> {
    match virtual_files.get(path) {
        Some(pem) => Ok(pem.clone()),
        None => read_text(std::path::Path::new(path), InputKind::Key),
    }
}

/// A host name, optionally with a port: what the service expects in `aud` (`api.coze.cn`).
pub fn is_host(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_'))
}
