//! The one redactor every output passes through: report files, stdout, stderr, logs and panic messages.
//!
//! It masks each registered secret in its raw and derived forms (`Bearer …`, base64, URL-encoded) and any
//! token-shaped string (`pat_…`, `sat_…`, `czs_…`, `czu_…`, `cztei_…`, JWTs, PEM private keys), even one a server
//! echoed, right after any separator, control character or escape (`\npat_…` in a JSON body). The user and
//! password of any URL (a proxy from the environment) are masked too. App ids, key ids, workspace ids and logids are not secrets and stay visible.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{LazyLock, RwLock};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use regex::Regex;

/// What replaces a registered secret.
pub const MASK: &str = "[REDACTED]";

/// Secrets shorter than this are not registered: masking them would shred ordinary text.
const MIN_SECRET_LEN: usize = 6;

/// A private key's armour and body (base64, line breaks, escaped line breaks as in JSON, the headers of an
/// encrypted key), up to its end line or, in a key cut short, as far as the body goes.
static PEM_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    const BODY: &str = r"(?:[A-Za-z0-9+/=\s:,\-]|\\[nr])";
    Regex::new(&format!(
        r"-----BEGIN [A-Z ]*PRIVATE KEY-----(?:{BODY}*?(?P<end>-----END [A-Z ]*PRIVATE KEY-----)|(?P<cut>{BODY}*))"
    ))
    .expect("static regex")
});
/// A run of base64 as long as no word of ordinary text is: where a key cut short ends, and what tells it
/// from a header quoted alone (``expected a `-----BEGIN PRIVATE KEY-----` block``).
pub(crate) static BASE64_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9+/=]{16,}").expect("static regex"));
/// What may stand right before a token-shaped string: the start, any character but an ASCII letter or
/// digit (a separator, a control character, Chinese text as users paste it: `令牌pat_…`), or an escape that
/// ends in one (`\n`, `\t` and `\u0007` in JSON, `\x07` and `\u{9b}` from the sanitiser, `%0A` in a URL,
/// `&#10;` in HTML).
const BEFORE_TOKEN: &str = r"(?P<before>^|[^A-Za-z0-9]|\\[A-Za-z]|\\u[0-9A-Fa-f]{4}|\\u\{[0-9A-Fa-f]{1,6}\}|\\x[0-9A-Fa-f]{2}|%[0-9A-Fa-f]{2}|&#x?[0-9A-Fa-f]{1,6};?)";

static TOKEN_SHAPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{BEFORE_TOKEN}(?P<kind>pat|sat|czs|czu|cztei)_[A-Za-z0-9_\-\.]{{6,}}"
    ))
    .expect("static regex")
});
static JWT_SHAPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{BEFORE_TOKEN}eyJ[A-Za-z0-9_\-]{{4,}}\.[A-Za-z0-9_\-]{{4,}}\.[A-Za-z0-9_\-]*"
    ))
    .expect("static regex")
});
/// The user and password of a URL (`http://admin:pw@host`, a proxy from the environment).
static URL_USERINFO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^/\s@]+@").expect("static regex")
});

/// The value of a URL parameter named like a credential (`?access_token=…`, `&api_key=…`, `#token=…`).
static SECRET_PARAMETER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[?&#;](?:[A-Za-z_]*_)?(?:access_token|token|api_key|apikey|key|secret|password|passwd|signature|sig)=(?P<value>[^&#\s'`]+)",
    )
    .expect("static regex")
});

mod needles;

/// Masks secrets in text.
#[derive(Debug, Default, Clone)]
pub struct Redactor {
    /// Every registered form, found in one pass however many there are.
    needles: needles::Needles,
}

impl Redactor {
    pub fn new() -> Redactor {
        Redactor::default()
    }

    /// Registers a secret and the forms it takes on the wire and in encodings.
    pub fn add(&mut self, secret: &str) {
        let secret = secret.trim();
        if secret.len() < MIN_SECRET_LEN {
            return;
        }
        let mut forms = vec![
            secret.to_string(),
            STANDARD.encode(secret),
            STANDARD_NO_PAD.encode(secret),
            URL_SAFE.encode(secret),
            URL_SAFE_NO_PAD.encode(secret),
            percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
                .to_string(),
            serde_json::to_string(secret)
                .unwrap_or_default()
                .trim_matches('"')
                .to_string(),
            // As a value printed after the sanitiser escaped it.
            crate::sanitize::value(secret).into_owned(),
        ];
        if secret.contains("-----BEGIN") {
            // A PEM key may reappear with its lines joined or its body alone.
            let body: String = secret
                .lines()
                .filter(|line| !line.starts_with("-----"))
                .map(str::trim)
                .collect();
            forms.push(body);
            forms.extend(
                secret
                    .lines()
                    .filter(|line| line.len() >= 32 && !line.starts_with("-----"))
                    .map(str::to_string),
            );
        }
        for form in forms {
            if form.len() >= MIN_SECRET_LEN {
                self.needles.insert(form);
            }
        }
    }

    /// `text` with every secret and token-shaped string masked. Everything is found in the text as given and
    /// masked at once, so one mask never breaks the context another match needs (an escape before a token).
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut found: Vec<(Range<usize>, &'static str)> = self
            .needles
            .find(text)
            .into_iter()
            .map(|range| (range, MASK))
            .collect();
        for block in PEM_BLOCK.captures_iter(text) {
            let Some(whole) = block.get(0) else { continue };
            let end = match (block.name("end"), block.name("cut")) {
                (Some(_), _) => Some(whole.end()),
                (None, Some(cut)) => BASE64_RUN
                    .find_iter(cut.as_str())
                    .last()
                    .map(|run| cut.start() + run.end()),
                (None, None) => None,
            };
            if let Some(end) = end {
                found.push((whole.start()..end, "[REDACTED PRIVATE KEY]"));
            }
        }
        for url in URL_USERINFO.captures_iter(text) {
            if let (Some(scheme), Some(whole)) = (url.name("scheme"), url.get(0)) {
                // The user and password, between `scheme://` and `@`.
                found.push((scheme.end()..whole.end() - 1, MASK));
            }
        }
        for parameter in SECRET_PARAMETER.captures_iter(text) {
            if let Some(value) = parameter.name("value") {
                found.push((value.range(), MASK));
            }
        }
        for jwt in JWT_SHAPED.captures_iter(text) {
            if let (Some(before), Some(whole)) = (jwt.name("before"), jwt.get(0)) {
                found.push((before.end()..whole.end(), "[REDACTED JWT]"));
            }
        }
        for token in TOKEN_SHAPED.captures_iter(text) {
            if let (Some(kind), Some(whole)) = (token.name("kind"), token.get(0)) {
                // The prefix stays (`pat_[REDACTED]`): what kind of token it was helps support.
                found.push((kind.end() + 1..whole.end(), MASK));
            }
        }
        if found.is_empty() {
            return Cow::Borrowed(text);
        }
        found.sort_by_key(|(range, _)| (range.start, std::cmp::Reverse(range.end)));
        let mut merged: Vec<(Range<usize>, &'static str)> = Vec::with_capacity(found.len());
        for (range, mask) in found {
            match merged.last_mut() {
                Some((last, last_mask)) if range.start < last.end => {
                    last.end = last.end.max(range.end);
                    if *last_mask != mask {
                        *last_mask = MASK;
                    }
                }
                _ => merged.push((range, mask)),
            }
        }
        let mut masked = String::with_capacity(text.len());
        let mut copied = 0;
        for (range, mask) in merged {
            masked.push_str(&text[copied..range.start]);
            masked.push_str(mask);
            copied = range.end;
        }
        masked.push_str(&text[copied..]);
        Cow::Owned(masked)
    }
}

static GLOBAL: LazyLock<RwLock<Redactor>> = LazyLock::new(|| RwLock::new(Redactor::new()));

/// Registers a secret with the process-wide redactor used by every output.
pub fn register(secret: &str) {
    let mut redactor = GLOBAL
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    redactor.add(secret);
}

thread_local! {
    static REDACTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `text` through the process-wide redactor.
pub fn redact(text: &str) -> String {
    let redactor = GLOBAL
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    REDACTING.with(|flag| flag.set(true));
    let redacted = redactor.redact(text).into_owned();
    REDACTING.with(|flag| flag.set(false));
    redacted
}

/// A text from outside (a server's message, a name) as every output shows it: redacted, then escaped as one
/// value by the sanitiser, so layout code measures what will be shown.
pub fn shown_value(text: &str) -> String {
    crate::sanitize::value(&redact(text)).into_owned()
}

/// Whether this thread is inside [`redact`]: a panic there must not redact again (the panic hook would
/// wait forever on the redactor's own initialisation).
pub fn in_progress() -> bool {
    REDACTING.with(std::cell::Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_secret_is_masked_in_every_form() {
        let mut redactor = Redactor::new();
        let secret = "my secret+token/=value";
        redactor.add(secret);
        for form in [
            secret.to_string(),
            format!("Bearer {secret}"),
            STANDARD.encode(secret),
            URL_SAFE_NO_PAD.encode(secret),
            percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
                .to_string(),
        ] {
            let redacted = redactor.redact(&form).into_owned();
            assert!(!redacted.contains(secret), "{redacted}");
            assert!(redacted.contains(MASK), "{form} -> {redacted}");
        }
    }

    #[test]
    fn token_shapes_are_masked_even_when_not_registered() {
        let redactor = Redactor::new();
        let text = "echo pat_AbCdEf1234567890 and czs_RQOhXXXXXXXXXXXX and sat_1R2fxxxxxxx";
        let redacted = redactor.redact(text);
        assert_eq!(
            redacted,
            "echo pat_[REDACTED] and czs_[REDACTED] and sat_[REDACTED]"
        );
        // Glued to Chinese text, and the cztei_ tokens users paste too.
        assert_eq!(
            redactor.redact("我的令牌pat_AbCdEf1234567890报错，cztei_AbCdEf123456"),
            "我的令牌pat_[REDACTED]报错，cztei_[REDACTED]"
        );
    }

    #[test]
    fn tokens_after_escapes_separators_and_control_characters_are_masked() {
        let redactor = Redactor::new();
        for before in [
            "\\n", "\\t", "\\r", "\\u0007", "\\x07", "\\u{9b}", "%0A", "&#10;", "\n", "\t", "\r",
            "\u{7}", "\u{1b}", "\u{9b}", "=", ":", "\"", "_", "/", "令牌",
        ] {
            for token in [
                "pat_AbCdEf1234567890",
                "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxIn0.c2ln",
            ] {
                let text = format!("msg{before}{token} end");
                let redacted = redactor.redact(&text);
                assert!(
                    !redacted.contains("AbCdEf123") && !redacted.contains("c2ln"),
                    "{text:?} -> {redacted:?}"
                );
                assert!(
                    redacted.starts_with(&format!("msg{before}")),
                    "{text:?} -> {redacted:?}"
                );
            }
        }
        // Inside a word it is not a token: `compat_layer` stays.
        assert_eq!(
            redactor.redact("compat_layer_enabled"),
            "compat_layer_enabled"
        );
    }

    #[test]
    fn url_credentials_are_masked() {
        let redactor = Redactor::new();
        assert_eq!(
            redactor.redact("proxy http://admin:hunter2@proxy.local:3128/ and https://u@h/x"),
            "proxy http://[REDACTED]@proxy.local:3128/ and https://[REDACTED]@h/x"
        );
        assert_eq!(
            redactor.redact("mail me@example.com"),
            "mail me@example.com"
        );
    }

    #[test]
    fn jwts_and_pem_blocks_are_masked() {
        let redactor = Redactor::new();
        let jwt = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxIn0.c2lnbmF0dXJl";
        assert_eq!(redactor.redact(jwt), "Bearer [REDACTED JWT]");
        let pem = "key: -----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY----- done";
        assert_eq!(redactor.redact(pem), "key: [REDACTED PRIVATE KEY] done");
        let cut = "key: -----BEGIN RSA PRIVATE KEY-----\\nProc-Type: 4,ENCRYPTED\\nMIIEvQIBADANBgkqhkiG9w0BAQEF and more";
        assert_eq!(redactor.redact(cut), "key: [REDACTED PRIVATE KEY] and more");
        // A header quoted alone, as help text does, is no key: the sentence stays whole.
        let help = "is not PEM (expected a `-----BEGIN PRIVATE KEY-----` block)";
        assert_eq!(redactor.redact(help), help);
        assert_eq!(
            redactor.redact("'http://h:1/?access_token=urltok123&bot_id=7481617032355070001'"),
            "'http://h:1/?access_token=[REDACTED]&bot_id=7481617032355070001'"
        );
        assert_eq!(
            redactor.redact("http://h/#client_secret=abc"),
            "http://h/#client_secret=[REDACTED]"
        );
    }

    #[test]
    fn ids_and_logids_stay_visible() {
        let redactor = Redactor::new();
        let text = "app 1127900106117 kid tpRVJYfhCqBb1VSDmjjvX45LSidnN7kdH6cwKqoZy44 space_id=7351411557182226472 logid 2024122509064484DEDF525AF13E290496 https://coze.cn/open/oauth/pats";
        assert_eq!(redactor.redact(text), text);
    }
}
