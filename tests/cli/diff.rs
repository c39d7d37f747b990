//! `cozescope diff`: two reports of the same scenario before and after a console change (the chat-only PAT
//! gains `createBot` in the world), the changed probes and findings snapshotted, `--fail-on-regression`,
//! and reports that cannot be compared refused with exit 2.

use std::path::{Path, PathBuf};

use crate::common::{cozescope, files_in, volatile_filters};

/// Runs the permission-not-configured scenario on `world` (or the demo world); returns the JSON report.
fn report(dir: &Path, name: &str, world: Option<&Path>) -> PathBuf {
    let out = dir.join(name);
    let mut command = cozescope();
    command
        .args([
            "run",
            "scenarios/permission-not-configured.toml",
            "--format",
            "json",
            "--out",
        ])
        .arg(&out);
    if let Some(world) = world {
        command.arg("--world").arg(world);
    }
    command.output().expect("cozescope runs");
    files_in(&out).into_iter().next().expect("a report")
}

pub(crate) fn before_and_after(dir: &Path) -> (PathBuf, PathBuf) {
    let before = report(dir, "before", None);
    let world_dir = dir.join("world");
    cozescope()
        .args(["emulator", "--export-world"])
        .arg(&world_dir)
        .assert()
        .success();
    let world = world_dir.join("world.toml");
    let text = std::fs::read_to_string(&world).expect("world");
    let text = text.replacen(
        "name = \"chat-only PAT\"\npermissions = [\"chat\"]",
        "name = \"chat-only PAT\"\npermissions = [\"chat\", \"createBot\"]",
        1,
    );
    std::fs::write(&world, text).expect("world written");
    let after = report(dir, "after", Some(&world));
    (before, after)
}

fn diff(args: &[&Path], extra: &[&str]) -> (Option<i32>, String, String) {
    let output = cozescope()
        .arg("diff")
        .args(args)
        .args(extra)
        .output()
        .expect("cozescope runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_console_change_shows_as_changed_probes_and_a_resolved_finding() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (before, after) = before_and_after(dir.path());
    let (code, stdout, stderr) = diff(&[&before, &after], &["--fail-on-regression"]);
    assert_eq!(code, Some(0), "{stderr}");
    // The terminal gets the markdown's tables laid out to fit (the files written with --out keep them).
    assert!(
        crate::common::unwrapped(&stdout).contains(
            "│ chat-only PAT │ `create_bot` │ `7351411557182226472` │ `denied_permission` │ `ok` │"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("## Findings resolved (1)"), "{stdout}");
    assert!(
        stdout.contains("`permission_not_configured` (`chat_only`)"),
        "{stdout}"
    );
    let shown = stdout
        .replace(&before.display().to_string(), "[BEFORE]")
        .replace(&after.display().to_string(), "[AFTER]");
    // Only the times vary between runs here (the request counts are part of what the diff shows).
    let times: Vec<(&str, &str)> = volatile_filters().into_iter().take(1).collect();
    insta::with_settings!({ filters => times }, {
        insta::assert_snapshot!("diff_console_change", shown);
    });
    // The other way round, the same probe regressed from ok.
    let (code, stdout, _) = diff(&[&after, &before], &["--fail-on-regression"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        crate::common::unwrapped(&stdout).contains("`ok` │ `denied_permission` ⚠️"),
        "{stdout}"
    );
    let (code, _, _) = diff(&[&after, &before], &[]);
    assert_eq!(
        code,
        Some(0),
        "without --fail-on-regression a regression is reported, not failed"
    );
    // With --out, the diff is also written, in each format asked for.
    let out = dir.path().join("diffs");
    let out_arg = out.display().to_string();
    let (code, _, _) = diff(
        &[&before, &after],
        &["--out", &out_arg, "--format", "md,json"],
    );
    assert_eq!(code, Some(0));
    let written = files_in(&out);
    assert_eq!(written.len(), 2, "{written:?}");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            written
                .iter()
                .find(|p| p.extension().is_some_and(|e| e == "json"))
                .expect("json"),
        )
        .expect("read"),
    )
    .expect("json diff");
    assert_eq!(json["regressions"], 0);
    assert_eq!(json["resolved"][0]["rule"], "permission_not_configured");
}

#[test]
fn reports_that_cannot_be_compared_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let before = report(dir.path(), "before", None);
    let out = dir.path().join("other");
    cozescope()
        .args([
            "run",
            "scenarios/node-chat2.toml",
            "--format",
            "json",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let other = files_in(&out).into_iter().next().expect("report");
    let (code, _, stderr) = diff(&[&before, &other], &[]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("diff compares two reports of the same scenario"),
        "{stderr}"
    );
    let old_layout = dir.path().join("old.json");
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&before).expect("read")).expect("json");
    value
        .as_object_mut()
        .expect("object")
        .remove("schema_version");
    std::fs::write(&old_layout, value.to_string()).expect("written");
    let (code, _, stderr) = diff(&[&old_layout, &before], &[]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("layout version 3") && stderr.contains("version 1"),
        "{stderr}"
    );
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"cases\": [\n  oops\n]}").expect("written");
    let (code, _, stderr) = diff(&[&broken, &before], &[]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("broken.json:2:3: not a JSON report"),
        "{stderr}"
    );
}
