//! What the terminal shows, as a user reads it: every stdout line within `COLUMNS` (CJK wide and ambiguous
//! characters counted as a zh terminal draws them), no outcome word or probe name cut, verdicts first,
//! colour only where it belongs, ASCII on a dumb terminal, JSON for scripts, and the 80- and 120-column
//! forms of each command as snapshots.

use unicode_width::UnicodeWidthStr;

/// Display width as the terminal draws it: ambiguous characters (and `↪`) two columns wide in a zh
/// terminal.
pub fn display_width(line: &str, zh: bool) -> usize {
    if zh {
        line.width_cjk() + line.matches('↪').count()
    } else {
        line.width()
    }
}

/// Every line of `stdout` is at most `columns` wide and cuts no outcome word or probe name.
pub fn assert_fits(stdout: &str, columns: usize, zh: bool) {
    let words: Vec<&str> = cozescope::outcome::Outcome::ALL
        .iter()
        .map(|outcome| outcome.as_str())
        .chain(
            cozescope::probe::ProbeKind::ALL
                .iter()
                .map(|kind| kind.name()),
        )
        .collect();
    for line in stdout.lines() {
        let width = display_width(line, zh);
        assert!(
            width <= columns,
            "{width} > {columns} columns: {line}\n{stdout}"
        );
        for token in line.split(|c: char| c.is_whitespace() || "│|,()".contains(c)) {
            let cut = words.iter().any(|word| {
                token.len() >= 4
                    && word.len() > token.len()
                    && word.starts_with(token)
                    && !word[token.len()..].starts_with('_')
            });
            assert!(!cut, "`{token}` is a word cut in two: {line}\n{stdout}");
        }
    }
}

use std::path::Path;

use crate::common::{cozescope, unwrapped, volatile_filters};

/// stdout and stderr of `cozescope ARGS` at `columns`, in `lang` (the locale, so every command follows it).
fn shown(
    args: &[&str],
    columns: usize,
    lang: &str,
    extra_env: &[(&str, &str)],
) -> (String, String) {
    let mut command = cozescope();
    command.env("COLUMNS", columns.to_string());
    if lang == "zh" {
        command.env("LANG", "zh_CN.UTF-8");
    }
    for (name, value) in extra_env {
        command.env(name, value);
    }
    let output = command.args(args).output().expect("cozescope runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn filters() -> Vec<(&'static str, &'static str)> {
    let mut filters = volatile_filters();
    filters.push((r"/tmp/\.tmp\w+", "[TMP]"));
    filters
}

/// The commands a user meets, with what each needs: (name, arguments).
fn commands(out: &Path, before: &Path, after: &Path) -> Vec<(&'static str, Vec<String>)> {
    let out = out.display().to_string();
    vec![
        (
            "run",
            vec![
                "run".into(),
                "scenarios/node-chat2.toml".into(),
                "--out".into(),
                out.clone(),
            ],
        ),
        ("doctor", vec!["doctor".into(), "--out".into(), out.clone()]),
        (
            "check",
            vec!["check".into(), "scenarios/node-chat2.toml".into()],
        ),
        ("explain", vec!["explain".into(), "4101".into()]),
        ("sweep", vec!["sweep".into(), "--out".into(), out.clone()]),
        (
            "diff",
            vec![
                "diff".into(),
                before.display().to_string(),
                after.display().to_string(),
            ],
        ),
        (
            "emulator",
            vec![
                "emulator".into(),
                "--export-world".into(),
                format!("{out}/world"),
            ],
        ),
    ]
}

#[test]
fn every_command_at_80_and_120_columns_in_en_and_zh() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (before, after) = crate::diff::before_and_after(dir.path());
    for columns in [80, 120] {
        for lang in ["en", "zh"] {
            // A folder each: reports of one second would otherwise take suffixed names.
            let out = dir.path().join(format!("reports-{columns}-{lang}"));
            for (name, args) in commands(&out, &before, &after) {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let (stdout, stderr) = shown(&args, columns, lang, &[]);
                assert!(!stdout.is_empty(), "{name}: {stderr}");
                assert_fits(&stdout, columns, lang == "zh");
                insta::with_settings!({ filters => filters() }, {
                    insta::assert_snapshot!(format!("{name}_{columns}_{lang}"), stdout);
                });
            }
        }
    }
}

#[test]
fn errors_at_80_columns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("bad.toml");
    std::fs::write(
        &file,
        "[auth.pat]\nmode = \"pat\"\ntoken = \"pat_x\"\n\n[[case]]\nname = \"a case\"\nauth = \"pat\"\nprobes = [\"create_bots\"]\n",
    )
    .expect("written");
    for lang in ["en", "zh"] {
        let (stdout, stderr) = shown(&["check", &file.display().to_string()], 80, lang, &[]);
        assert!(stdout.is_empty(), "{stdout}");
        insta::with_settings!({ filters => filters() }, {
            insta::assert_snapshot!(format!("error_80_{lang}"), stderr);
        });
    }
}

#[test]
fn every_line_of_the_bundled_scenarios_and_the_demo_fits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().display().to_string();
    for columns in [60, 80, 100, 120] {
        for lang in ["en", "zh"] {
            for args in [
                vec!["run", "scenarios", "--out", &out],
                vec!["doctor", "--out", &out],
                vec!["check", "scenarios"],
                vec!["explain", "kid not been registred"],
                vec!["explain", "invalid_request"],
            ] {
                let (stdout, stderr) = shown(&args, columns, lang, &[]);
                assert!(!stdout.is_empty(), "{args:?}: {stderr}");
                assert_fits(&stdout, columns, lang == "zh");
            }
        }
    }
}

#[test]
fn the_width_is_100_off_a_terminal_and_width_overrides_columns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = cozescope()
        .args(["run", "scenarios/node-chat2.toml", "--out"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_fits(&stdout, 100, false);
    assert!(
        stdout.lines().any(|line| display_width(line, false) > 80),
        "{stdout}"
    );
    let (narrow, _) = shown(&["--width", "60", "explain", "4101"], 200, "en", &[]);
    assert_fits(&narrow, 60, false);
    assert!(
        narrow.lines().any(|line| display_width(line, false) > 50),
        "{narrow}"
    );
}

#[test]
fn the_demo_shows_a_proved_cause_and_its_fix_on_the_first_screen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().display().to_string();
    let (stdout, _) = shown(&["doctor", "--out", &out], 80, "en", &[]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.len() <= 60, "{} lines:\n{stdout}", lines.len());
    assert!(lines[0].starts_with("Demo: "), "{stdout}");
    let verdict = lines
        .iter()
        .position(|line| line.contains("scope_narrowed, proved"))
        .expect("the seed case's verdict");
    let table = lines
        .iter()
        .position(|line| line.starts_with('┌'))
        .expect("a table");
    assert!(verdict < table, "verdict first:\n{stdout}");
    assert!(lines[verdict].starts_with("❌ jwt"), "{stdout}");
    assert!(
        unwrapped(&stdout).contains("Fix: Omit the `scope` key (send no scope)"),
        "{stdout}"
    );
    assert!(unwrapped(&stdout).contains("a free account has 500 API calls in all"));
}

#[test]
fn the_fix_is_printed_once_and_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().display().to_string();
    let (stdout, _) = shown(
        &[
            "run",
            "scenarios/workspace-not-bound.toml",
            "--out",
            &out,
            "--format",
            "json",
        ],
        80,
        "en",
        &[],
    );
    let report = crate::common::json_report(dir.path());
    let flat = unwrapped(&stdout);
    for verdict in report["verdicts"].as_array().expect("verdicts") {
        if let Some(fix) = verdict["fix"].as_str() {
            assert_eq!(flat.matches(fix).count(), 1, "{fix}\n{stdout}");
        }
    }
    // Two credentials share the fix: the second names the first.
    assert!(
        flat.contains("Fix: the same as for `jwt` above."),
        "{stdout}"
    );
}

#[test]
fn colour_only_on_a_terminal_or_when_forced_never_with_no_color() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().display().to_string();
    let args = ["run", "scenarios/node-chat2.toml", "--out", &out];
    let (piped, _) = shown(&args, 80, "en", &[]);
    assert!(!piped.contains('\u{1b}'), "{piped}");
    let (forced, _) = shown(&args, 80, "en", &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.contains("\u{1b}[31m"), "{forced}");
    assert_fits(&crate::common::strip_colour(&forced), 80, false);
    let (refused, _) = shown(
        &args,
        80,
        "en",
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert!(!refused.contains('\u{1b}'), "{refused}");
    let (dumb, _) = shown(&args, 80, "en", &[("TERM", "dumb")]);
    assert!(!dumb.contains('\u{1b}'), "{dumb}");
}

#[test]
fn a_dumb_terminal_and_ascii_get_ascii_glyphs_and_borders() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().display().to_string();
    let unicode = shown(&["doctor", "--out", &out], 80, "en", &[]).0;
    assert!(unicode.contains('┌') && unicode.contains('✅'), "{unicode}");
    for (args, env) in [
        (vec!["doctor", "--out", &out], vec![("TERM", "dumb")]),
        (vec!["--ascii", "doctor", "--out", &out], vec![]),
    ] {
        let (stdout, _) = shown(&args, 80, "en", &env);
        assert!(stdout.is_ascii(), "{stdout}");
        assert!(
            stdout.contains("+ ok") && stdout.contains("x denied_permission"),
            "{stdout}"
        );
        assert!(
            stdout.lines().any(|line| line.starts_with("+---")),
            "{stdout}"
        );
        assert_fits(&stdout, 80, false);
    }
}

#[test]
fn json_prints_the_verdicts_block_and_nothing_else() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("run");
    let (stdout, stderr) = shown(
        &[
            "run",
            "scenarios/node-chat2.toml",
            "--json",
            "--format",
            "json",
            "--out",
            &out.display().to_string(),
        ],
        80,
        "en",
        &[],
    );
    let printed: serde_json::Value =
        serde_json::from_str(&stdout).expect("stdout is one JSON document");
    let report = crate::common::json_report(&out);
    assert_eq!(printed["verdicts"], report["verdicts"]);
    assert!(stderr.contains("report: "), "{stderr}");
    let out = dir.path().join("doctor");
    let (stdout, stderr) = shown(
        &["doctor", "--json", "--out", &out.display().to_string()],
        80,
        "en",
        &[],
    );
    let printed: serde_json::Value =
        serde_json::from_str(&stdout).expect("stdout is one JSON document");
    assert_eq!(
        printed["verdicts"][0]["cause"], "scope_narrowed",
        "{stdout}"
    );
    assert!(stderr.contains("Demo: "), "{stderr}");
}
