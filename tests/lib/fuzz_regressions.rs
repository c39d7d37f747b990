//! Replays the fuzzing regression corpus (`fuzz/regressions/<target>/*`) through the same checks the
//! cargo-fuzz targets run (`fuzz/src/checks.rs`), so `cargo test` guards every input the fuzzers ever
//! found interesting, without cargo-fuzz or a nightly toolchain. See docs/fuzzing.md.

#[path = "../../fuzz/src/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

/// Every file of `fuzz/regressions/<target>/`, sorted; a missing or empty folder fails the test.
fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    files
}

/// Whether `check` panics on `data` (its panic message still goes to stderr).
fn fails(check: impl Fn(&[u8]), data: &[u8]) -> bool {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(data))).is_err()
}

/// Runs `check` on every input of `target`, naming the file of the first failure.
fn replay(target: &str, check: fn(&[u8])) {
    for file in corpus(target) {
        let data = std::fs::read(&file).expect("read regression input");
        assert!(!fails(check, &data), "{target}: {} fails", file.display());
    }
}

#[test]
fn scenario_parse_regressions() {
    replay("scenario_parse", checks::scenario_parse);
}

#[test]
fn world_parse_regressions() {
    replay("world_parse", checks::world_parse);
}

#[test]
fn classify_regressions() {
    replay("classify", checks::classify);
}

#[test]
fn markdown_cell_regressions() {
    replay("markdown_cell", checks::markdown_cell);
}

#[test]
fn sanitize_redact_regressions() {
    replay("sanitize_redact", checks::sanitize_redact);
}

#[test]
fn sanitize_redact_check_rejects_raw_controls_and_tokens() {
    // The check must be able to fail: a sanitiser or redactor that let these through would be caught.
    assert!(!fails(
        checks::sanitize_redact,
        b"plain text\0my-secret-value"
    ));
    let token_before_escape = |before: &str| {
        let text = format!("x{before}pat_Fz9QxV2kLm7Rw4Tz");
        cozescope::redact::Redactor::new()
            .redact(&text)
            .contains("Fz9QxV2kLm7Rw4Tz")
    };
    for before in checks::BEFORE_TOKEN {
        assert!(!token_before_escape(before), "{before:?}");
    }
    assert!(token_before_escape("compat"));
}

#[test]
fn classify_input_format() {
    assert_eq!(
        checks::split_classify_input(b"429\n-\n{}"),
        (429, None, &b"{}"[..])
    );
    assert_eq!(
        checks::split_classify_input(b"x\nL1\nbody\nmore"),
        (0, Some("L1"), &b"body\nmore"[..])
    );
    assert_eq!(checks::split_classify_input(b""), (0, None, &b""[..]));
}

#[test]
fn cell_check_rejects_unsafe_cells() {
    // The check must be able to fail, or replaying the corpus proves nothing.
    assert_eq!(checks::cell_violation(r"a\|b \\\|c<br>"), None);
    assert!(checks::cell_violation("a|b").is_some());
    assert!(checks::cell_violation(r"a\\|b").is_some());
    assert!(checks::cell_violation("a\nb").is_some());
    assert!(checks::cell_violation("a\rb").is_some());
}
