//! The fuzz targets' bodies and their invariants, one `pub fn` per target taking the raw input bytes.
//!
//! Shared by the cargo-fuzz targets (`fuzz/fuzz_targets/*.rs`) and by `tests/fuzz_regressions.rs`,
//! which replays `fuzz/regressions/<target>/*` through the same functions under `cargo test`. Uses only
//! `std`, `base64`, `serde_json` and `cozescope`, which both builds have. A violated invariant panics
//! (libFuzzer reports it as a crash; the test fails).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cozescope::coze::classify::classify as classify_response;
use cozescope::emulator::World;
use cozescope::outcome::Outcome;
use cozescope::redact::Redactor;
use cozescope::report::markdown::cell;
use cozescope::sanitize;
use cozescope::scenario::{LoadOptions, VariableSource, parse_scenario};

/// The name scenario inputs are parsed under (errors must start with it).
pub const SCENARIO_FILE: &str = "fuzz.toml";
/// The name world inputs are parsed under.
pub const WORLD_FILE: &str = "fuzz-world.toml";

/// Secrets shorter than this are not registered by `Redactor::add` (its private `MIN_SECRET_LEN`).
const MIN_SECRET_LEN: usize = 6;
/// Every mask `Redactor::redact` writes. A secret that is part of a mask, or that contains `[`/`]` and so
/// could run across a mask's edge, is outside the "secret never appears" invariant.
const MASKS: &[&str] = &["[REDACTED]", "[REDACTED JWT]", "[REDACTED PRIVATE KEY]"];

struct Sandbox {
    variables: VariableSource,
    files: BTreeMap<String, String>,
    secrets: Vec<String>,
}

/// The demo world's `${VAR}` values, virtual files and secrets, computed once.
fn sandbox() -> &'static Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX.get_or_init(|| {
        let world = World::demo();
        Sandbox {
            variables: VariableSource::Sandbox {
                values: world.variables().clone(),
            },
            files: world.files().clone(),
            secrets: world.secrets(),
        }
    })
}

/// The folder world inputs' relative `*_file` paths are resolved against: one that does not exist, so
/// every such read fails the same way and nothing is left behind.
fn no_such_dir() -> PathBuf {
    std::env::temp_dir().join("cozescope-fuzz-no-such-folder")
}

/// A located error's text: names the file first, ends with a newline, and never shows a sandbox secret
/// that the input itself did not contain (e.g. a `${COZE_API_TOKEN}` value resolved while parsing).
fn check_error_text(file: &str, input: &str, rendered: &str) {
    assert!(
        rendered.starts_with(file),
        "error does not start with the file name: {rendered:?}"
    );
    assert!(rendered.ends_with('\n'), "error is not newline-terminated");
    for secret in &sandbox().secrets {
        if !input.contains(secret.as_str()) {
            assert!(
                !rendered.contains(secret.as_str()),
                "error shows a sandbox secret the input did not contain: {rendered:?}"
            );
        }
    }
}

/// `scenario_parse`: a scenario file's text through `parse_scenario` with the sandbox's variables and
/// virtual files. Must not panic; an error must render (caret display included) and satisfy
/// [`check_error_text`]; its position, if any, is 1-based and inside the text.
pub fn scenario_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let sandbox = sandbox();
    let options = LoadOptions {
        variables: &sandbox.variables,
        virtual_files: &sandbox.files,
        keys: Default::default(),
    };
    match parse_scenario(Path::new(SCENARIO_FILE), text, &options) {
        Ok(plan) => {
            let _ = plan.cases.len();
        }
        Err(error) => {
            if let Some(position) = error.position {
                assert!(position.line >= 1 && position.column >= 1, "{position:?}");
                assert!(
                    position.line <= text.matches('\n').count() + 1,
                    "line {} past the end of the text",
                    position.line
                );
            }
            check_error_text(SCENARIO_FILE, text, &error.to_string());
        }
    }
}

/// `world_parse`: a sandbox world file's text through `World::from_toml` (relative files resolved in a
/// folder that does not exist). Must not panic; an error must render and satisfy [`check_error_text`];
/// a world that loads must answer its accessors.
pub fn world_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match World::from_toml(Path::new(WORLD_FILE), text, &no_such_dir()) {
        Ok(world) => {
            let _ = (
                world.variables().len(),
                world.files().len(),
                world.secrets(),
            );
        }
        Err(error) => check_error_text(WORLD_FILE, text, &error.to_string()),
    }
}

/// Splits a `classify` input: `<status>\n<x-tt-logid>\n<body>`. A status that is not a `u16` is 0; a
/// logid line of exactly `-` (or missing, or not UTF-8) means no header. Everything after the second
/// newline is the body, as bytes.
pub fn split_classify_input(data: &[u8]) -> (u16, Option<&str>, &[u8]) {
    let mut parts = data.splitn(3, |byte| *byte == b'\n');
    let status = parts
        .next()
        .and_then(|line| std::str::from_utf8(line).ok())
        .and_then(|line| line.trim().parse::<u16>().ok())
        .unwrap_or(0);
    let logid = parts
        .next()
        .and_then(|line| std::str::from_utf8(line).ok())
        .filter(|line| *line != "-");
    let body = parts.next().unwrap_or(&[]);
    (status, logid, body)
}

/// `classify`: status, header logid and body through `classify`. Must not panic, and: `ok` only for a
/// 2xx status; a non-empty header logid always wins; a body is kept exactly when it was a JSON object; a
/// message is never empty, and a non-JSON body's message is at most 200 characters plus `…`.
pub fn classify(data: &[u8]) {
    let (status, header_logid, body) = split_classify_input(data);
    let classified = classify_response(status, body, header_logid);
    if classified.outcome == Outcome::Ok {
        assert!((200..300).contains(&status), "ok for status {status}");
    }
    if let Some(logid) = header_logid.filter(|logid| !logid.is_empty()) {
        assert_eq!(classified.logid.as_deref(), Some(logid));
    }
    if let Some(logid) = &classified.logid {
        assert!(!logid.is_empty(), "empty logid kept");
    }
    if let Some(message) = &classified.message {
        assert!(!message.is_empty(), "empty message kept");
    }
    let json_object = serde_json_is_object(body);
    assert_eq!(classified.body.is_some(), json_object);
    if !json_object {
        assert_eq!(classified.code, None);
        assert_eq!(classified.error_code, None);
        if let Some(message) = &classified.message {
            assert!(
                message.trim_end_matches('…').chars().count()
                    <= cozescope::coze::classify::MAX_TEXT_MESSAGE_CHARS,
                "non-JSON message too long: {} chars",
                message.chars().count()
            );
        }
    }
}

/// Whether `body` parses as a JSON object, decided independently of `classify`.
fn serde_json_is_object(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|value| value.is_object())
}

/// `markdown_cell`: (1) `cell(text)` on the whole input as UTF-8: no raw `\n` or `\r` in the output, and
/// every `|` escaped (preceded by an odd number of backslashes). (2) With the input split at its first NUL
/// into `secret` and `text` (no NUL: the whole input is both), a `Redactor` with `secret` registered
/// masks it in `text` and in `text + secret + "Bearer " + base64(secret) + text`: neither the secret nor
/// its base64 form remains (for secrets `Redactor::add` registers, i.e. at least 6 bytes once trimmed,
/// that cannot overlap a mask).
pub fn markdown_cell(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    check_cell(input);
    let (secret, text) = input.split_once('\0').unwrap_or((input, input));
    check_cell(text);
    check_redaction(secret, text);
}

/// The `cell` invariants on one text.
pub fn check_cell(text: &str) {
    let out = cell(text);
    if let Some(problem) = cell_violation(&out) {
        panic!("cell({text:?}) = {out:?}: {problem}");
    }
}

/// Why `out` is not a safe markdown table cell: a raw line break, or a `|` not preceded by an odd
/// number of backslashes. `None` when it is safe.
pub fn cell_violation(out: &str) -> Option<String> {
    if out.contains(['\n', '\r']) {
        return Some("raw line break".into());
    }
    let mut backslashes = 0usize;
    for (index, byte) in out.bytes().enumerate() {
        match byte {
            b'\\' => backslashes += 1,
            b'|' if backslashes.is_multiple_of(2) => {
                return Some(format!("unescaped `|` at byte {index}"));
            }
            _ => backslashes = 0,
        }
    }
    None
}

/// The redaction invariant for one secret and text.
pub fn check_redaction(secret: &str, text: &str) {
    let mut redactor = Redactor::new();
    redactor.add(secret);
    let secret = secret.trim();
    if secret.len() < MIN_SECRET_LEN || !cannot_overlap_a_mask(secret) {
        let _ = redactor.redact(text);
        return;
    }
    let encoded = STANDARD.encode(secret);
    let forms: Vec<&str> = [secret, encoded.as_str()]
        .into_iter()
        .filter(|form| cannot_overlap_a_mask(form))
        .collect();
    let composite = format!("{text}{secret} Bearer {encoded} {text}");
    for input in [text, composite.as_str()] {
        let out = redactor.redact(input);
        for form in &forms {
            assert!(
                !out.contains(form),
                "secret form {form:?} survives redaction: {out:?}"
            );
        }
    }
}

/// False for a string that lies inside a mask or contains a bracket (and so could straddle a mask's edge:
/// a secret `D]abc…` reappears in `[REDACTED]abc…`). Such "secrets" are not token-shaped.
fn cannot_overlap_a_mask(secret: &str) -> bool {
    !secret.contains(['[', ']']) && !MASKS.iter().any(|mask| mask.contains(secret))
}

/// What a token may follow in a server's answer or a log: separators, control characters, and the escapes
/// JSON, the sanitiser, URLs and HTML write for them.
pub const BEFORE_TOKEN: &[&str] = &[
    " ", "\n", "\t", "\r", "\u{7}", "\u{1b}", "\u{9b}", "\\n", "\\t", "\\r", "\\u0007", "\\x07",
    "\\u{9b}", "%0A", "&#10;", "=", ":", "\"", "'", "_", ",", ";", "/", "(", "令牌",
];
/// A token body no input is expected to hold by chance.
const TOKEN_BODY: &str = "Fz9QxV2kLm7Rw4Tz";

/// Whether `c` may never reach an output raw, decided independently of the sanitiser: C0 and C1
/// controls, DEL, bidi controls and line separators.
fn must_be_escaped(c: char) -> bool {
    let code = u32::from(c);
    code < 0x20
        || (0x7f..=0x9f).contains(&code)
        || matches!(code, 0x061c | 0x200e | 0x200f | 0x2028 | 0x2029)
        || (0x202a..=0x202e).contains(&code)
        || (0x2066..=0x2069).contains(&code)
}

/// The first character of `out` that must have been escaped (besides those in `allowed`).
fn raw_control(out: &str, allowed: &[char]) -> Option<char> {
    out.chars()
        .find(|c| must_be_escaped(*c) && !allowed.contains(c))
}

/// `sanitize_redact`: the output boundary on any input. The input (UTF-8) is split at its first NUL into
/// `secret` and `text` (no NUL: both are the whole input). (1) `sanitize::value(text)` holds no control
/// character, `sanitize::lines(text)` none but `\n` and `\t`, and `sanitize::json` of `text` as a JSON
/// string stays valid JSON that reads back as `text`. (2) A token `pat_…` placed after `text` and any of
/// [`BEFORE_TOKEN`], and the registered `secret` after it, go through the redactor then the sanitiser as
/// every printed line and value does: neither the token's body nor the secret survives (for secrets
/// `Redactor::add` registers that cannot overlap a mask or be formed by the escaping of other text), and
/// no control character does.
pub fn sanitize_redact(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (secret, text) = input.split_once('\0').unwrap_or((input, input));
    check_sanitiser(text);
    let mut redactor = Redactor::new();
    redactor.add(secret);
    let secret = secret.trim();
    let secret_checked = secret.len() >= MIN_SECRET_LEN
        && cannot_overlap_a_mask(secret)
        && !secret.contains('\\')
        && !secret.contains(TOKEN_BODY);
    for before in BEFORE_TOKEN {
        let composite = format!("{text}{before}pat_{TOKEN_BODY} {text}{before}{secret}");
        let redacted = redactor.redact(&composite);
        for (out, allowed) in [
            (sanitize::lines(&redacted).into_owned(), &['\n', '\t'][..]),
            (sanitize::value(&redacted).into_owned(), &[][..]),
        ] {
            if let Some(c) = raw_control(&out, allowed) {
                panic!("raw {c:?} after the sanitiser: {out:?}");
            }
            if !text.contains(TOKEN_BODY) && !secret.contains(TOKEN_BODY) {
                assert!(
                    !out.contains(TOKEN_BODY),
                    "a token after {before:?} survives: {out:?}"
                );
            }
            let formed_elsewhere =
                || sanitize::value(&composite.replace(secret, " ")).contains(secret);
            if secret_checked && !formed_elsewhere() {
                assert!(
                    !out.contains(secret),
                    "secret {secret:?} survives after {before:?}: {out:?}"
                );
            }
        }
    }
}

/// The sanitiser's invariants on one text.
fn check_sanitiser(text: &str) {
    if let Some(c) = raw_control(&sanitize::value(text), &[]) {
        panic!("sanitize::value leaves {c:?} raw in {text:?}");
    }
    if let Some(c) = raw_control(&sanitize::lines(text), &['\n', '\t']) {
        panic!("sanitize::lines leaves {c:?} raw in {text:?}");
    }
    let written = serde_json::to_string(text).expect("a string serialises");
    let safe = sanitize::json(&written);
    if let Some(c) = raw_control(&safe, &[]) {
        panic!("sanitize::json leaves {c:?} raw in {safe:?}");
    }
    let read: String = serde_json::from_str(&safe).expect("sanitised JSON stays valid");
    assert_eq!(read, text, "sanitised JSON reads back differently");
}
