//! The one validation every base URL goes through, wherever it comes from (`--target`, `COZE_API_BASE`,
//! `COZE_BASE_URL`, `--region-base`, the HTTP client itself), before anything is sent.
//!
//! Refused: anything but `http://` or `https://` with a host; a user or password in the URL (reqwest
//! would send it as `Authorization: Basic …` in place of the bearer token, so every probe fails, and the
//! password would be printed in reports and logs); a query or a fragment (the API path is appended to the
//! base, so `?x=1` would swallow it). An error never shows the user or password.

use reqwest::Url;

/// The base URL is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid base URL `{url}`: {reason}")]
pub struct BaseUrlError {
    /// The URL as given, with any user and password masked.
    pub url: String,
    pub reason: String,
}

/// `text` as a base URL requests can be sent to, or why not.
pub fn parse_base_url(text: &str) -> Result<Url, BaseUrlError> {
    let invalid = |reason: &str| BaseUrlError {
        url: masked_url(text),
        reason: reason.to_string(),
    };
    let url = Url::parse(text).map_err(|error| invalid(&error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(invalid("expected an http:// or https:// URL with a host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "a base URL must not carry a user or password (`user:password@`): it would be sent in place of the token and shown in reports; remove it (a proxy's credentials go in HTTPS_PROXY)",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(
            "a base URL has no query (`?…`) or fragment (`#…`): the API path is appended to it; remove them",
        ));
    }
    Ok(url)
}

/// `text` with the user and password of its authority (`scheme://user:pw@host`), its query and its fragment
/// masked, for messages.
pub fn masked_url(text: &str) -> String {
    let Some(scheme_end) = text.find("://").map(|index| index + 3) else {
        return text.to_string();
    };
    let rest = &text[scheme_end..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let shown = match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &text[..scheme_end], &rest[at..]),
        None => text.to_string(),
    };
    // A query or a fragment may carry a token (`?access_token=…`): only that there was one is said.
    match shown.find(['?', '#']) {
        Some(start) => format!("{}{}***", &shown[..start], &shown[start..=start]),
        None => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_http_and_https_bases() {
        for base in [
            "https://api.coze.cn",
            "https://api.coze.com/",
            "http://127.0.0.1:8090",
            "https://gateway.example/coze/",
        ] {
            assert!(parse_base_url(base).is_ok(), "{base}");
        }
    }

    #[test]
    fn refuses_credentials_without_showing_them() {
        for base in [
            "http://admin:hunter2@host",
            "https://admin@host/",
            "https://:hunter2@host",
            "http://admin:hunter2@",
        ] {
            let error = parse_base_url(base).unwrap_err().to_string();
            assert!(
                !error.contains("hunter2") && !error.contains("admin"),
                "{error}"
            );
        }
        assert!(
            parse_base_url("http://a:b@host")
                .unwrap_err()
                .reason
                .contains("user or password")
        );
    }

    #[test]
    fn refuses_a_query_a_fragment_and_other_schemes() {
        for base in [
            "https://host/?x=1",
            "https://host?",
            "https://host/#top",
            "ftp://host",
            "not a url",
            "file:///etc/passwd",
        ] {
            assert!(parse_base_url(base).is_err(), "{base}");
        }
    }

    #[test]
    fn userinfo_is_masked_in_any_text() {
        assert_eq!(masked_url("http://a:b@h/p@q"), "http://***@h/p@q");
        assert_eq!(masked_url("https://h/x"), "https://h/x");
        assert_eq!(
            masked_url("http://h:1/?access_token=urltokSECRET123"),
            "http://h:1/?***"
        );
        assert_eq!(masked_url("http://u:p@h/#tokSECRET"), "http://***@h/#***");
        assert_eq!(masked_url("a:b@c"), "a:b@c");
    }
}
