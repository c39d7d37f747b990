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

fn before_and_after(dir: &Path) -> (PathBuf, PathBuf) {
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
    assert!(
        stdout.contains(
            "| chat-only PAT | `create_bot` | `7351411557182226472` | `denied_permission` | `ok` |"
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
    assert!(stdout.contains("`ok` | `denied_permission` ⚠️"), "{stdout}");
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

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
}

fn write_json(path: &Path, value: &serde_json::Value) {
    std::fs::write(path, serde_json::to_string_pretty(value).expect("json")).expect("written");
}

/// A copy of `report` marked as the report of an interrupted run.
fn interrupted(dir: &Path, report: &Path) -> PathBuf {
    let mut value = read_json(report);
    value["complete"] = false.into();
    let path = dir.join("interrupted.json");
    write_json(&path, &value);
    path
}

#[test]
fn follow_ups_are_evidence_never_regressions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (before, after) = before_and_after(dir.path());
    // The before report's follow-ups answered `ok` (a read in the workspace, as when the credential is
    // bound): after the fix they are not run, which is no regression.
    let mut value = read_json(&before);
    let mut follow_ups = 0;
    for case in value["cases"].as_array_mut().expect("cases") {
        if case.get("follow_up").is_some() {
            for probe in case["probes"].as_array_mut().expect("probes") {
                probe["outcome"] = "ok".into();
                follow_ups += 1;
            }
        }
    }
    assert!(follow_ups > 0, "the scenario has follow-ups");
    let ok_follow_ups = dir.path().join("before-ok-follow-ups.json");
    write_json(&ok_follow_ups, &value);
    let (code, stdout, stderr) = diff(&[&ok_follow_ups, &after], &["--fail-on-regression"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("0 regressions from `ok`"), "{stdout}");
    assert!(stdout.contains("## Follow-ups that changed"), "{stdout}");
    assert!(
        stdout.contains("| `ok` | — (not needed any more) |"),
        "{stdout}"
    );
    assert!(!stdout.contains('⚠'), "{stdout}");

    // A probe that is only in the new report is not a regression either, whatever its outcome.
    let mut value = read_json(&after);
    let case = value["cases"]
        .as_array_mut()
        .expect("cases")
        .iter_mut()
        .find(|case| case.get("follow_up").is_none())
        .expect("a case of the scenario");
    let mut added = case["probes"][0].clone();
    added["probe"] = "list_datasets".into();
    added["outcome"] = "denied_permission".into();
    case["probes"].as_array_mut().expect("probes").push(added);
    let more = dir.path().join("after-more.json");
    write_json(&more, &value);
    let (code, stdout, _) = diff(&[&before, &more], &["--fail-on-regression"]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("| `list_datasets` |") && stdout.contains("| — | `denied_permission` |"),
        "{stdout}"
    );

    // An `ok` of the scenario that became a denial still is one.
    let (code, stdout, _) = diff(&[&after, &ok_follow_ups], &["--fail-on-regression"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("1 regressions from `ok`"), "{stdout}");
    let written = dir.path().join("diff-json");
    let (code, _, _) = diff(
        &[&after, &ok_follow_ups],
        &["--out", &written.display().to_string(), "--format", "json"],
    );
    assert_eq!(code, Some(0));
    let json = read_json(&files_in(&written)[0]);
    assert_eq!(json["regressions"], 1);
    assert!(
        json["follow_ups"]
            .as_array()
            .is_some_and(|list| list.iter().all(|change| change["old"].is_null())),
        "{json}"
    );
}

#[test]
fn an_incomplete_report_is_flagged_at_the_top() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (before, after) = before_and_after(dir.path());
    let interrupted = interrupted(dir.path(), &after);
    let (code, stdout, _) = diff(&[&before, &interrupted], &[]);
    assert_eq!(code, Some(0));
    let flag = stdout.find("> ⚠️ **after** `").expect("flagged");
    assert!(
        flag < stdout.find("| | before | after |").expect("table"),
        "{stdout}"
    );
    assert!(stdout.contains("report is incomplete"), "{stdout}");
    let (_, stdout, _) = diff(&[&before, &after], &[]);
    assert!(!stdout.contains("incomplete"), "{stdout}");
}

#[test]
fn the_diff_speaks_chinese() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (before, after) = before_and_after(dir.path());
    let interrupted = interrupted(dir.path(), &before);
    let (code, stdout, stderr) = diff(&[&interrupted, &after], &["--lang", "zh"]);
    assert_eq!(code, Some(0), "{stderr}");
    let shown = stdout
        .replace(&interrupted.display().to_string(), "[BEFORE]")
        .replace(&after.display().to_string(), "[AFTER]");
    let times: Vec<(&str, &str)> = volatile_filters().into_iter().take(1).collect();
    insta::with_settings!({ filters => times }, {
        insta::assert_snapshot!("diff_console_change_zh", shown);
    });
    let (_, stdout, _) = diff(&[&before, &after], &[]);
    assert!(stdout.starts_with("# cozescope diff: "), "{stdout}");
    let (code, _, _) = diff(&[&before, &after], &["--lang", "fr"]);
    assert_eq!(code, Some(2));
}

#[test]
fn only_reports_of_this_layout_are_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let before = report(dir.path(), "before", None);
    // Another version is refused as such, even when both reports have it.
    let mut value = read_json(&before);
    value["schema_version"] = 4.into();
    let newer = dir.path().join("newer.json");
    write_json(&newer, &value);
    let (code, _, stderr) = diff(&[&newer, &newer], &[]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("newer.json is a report of layout version 4")
            && stderr.contains("version 3"),
        "{stderr}"
    );
    // A field of the wrong type is named, with its position.
    let mut value = read_json(&before);
    value["cases"][0]["probes"][0]["outcome"] = "maybe".into();
    let odd = dir.path().join("odd.json");
    write_json(&odd, &value);
    let (code, _, stderr) = diff(&[&odd, &before], &[]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("odd.json:")
            && stderr.contains("not a report of layout version 3")
            && stderr.contains("maybe"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn every_bundled_scenarios_report_reads_back() {
    // The reader is the writer's own layout: a field written but not readable would refuse real reports.
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("reports");
    cozescope()
        .args(["run", "scenarios/", "--format", "json", "--out"])
        .arg(&out)
        .output()
        .expect("cozescope runs");
    let reports = files_in(&out);
    assert!(reports.len() > 5, "{reports:?}");
    for report in &reports {
        let (code, stdout, stderr) = diff(&[report, report], &["--fail-on-regression"]);
        assert_eq!(code, Some(0), "{}: {stderr}", report.display());
        assert!(stdout.contains("## Probes that changed (0;"), "{stdout}");
    }
}
