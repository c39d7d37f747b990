//! Files, as a hostile folder or a full disk meets them: every input through the bounded reader (a `.env`
//! that is a link to `/dev/zero`, a FIFO, a huge file), every output through the exclusive writer (planted
//! links, a full filesystem, concurrent runs), and `diff` on a large report.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::common::{cozescope, files_in};

const SCENARIO: &str = "scenarios/permission-not-configured.toml";

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `cozescope doctor --env-file PATH` (the doctor reads the file before anything else): exit 2, quickly,
/// with the file named; returns stderr.
fn env_file_refused(path: &Path) -> String {
    let output = cozescope()
        .args(["doctor", "--dry-run", "--env-file"])
        .arg(path)
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&path.display().to_string()), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.lines().count() <= 4, "{stderr}");
    stderr
}

#[cfg(unix)]
#[test]
fn an_env_file_linked_to_dev_zero_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join(".env");
    std::os::unix::fs::symlink("/dev/zero", &env).unwrap();
    let stderr = env_file_refused(&env);
    assert!(
        stderr.contains("not a regular file: it is a device, reached through a link to /dev/zero"),
        "{stderr}"
    );
    // `check` and `run` against a real target read it too (the default `.env` of the folder).
    let output = cozescope()
        .current_dir(dir.path())
        .args(["check", "--target", "cn"])
        .arg(crate::common::root().join(SCENARIO))
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains(".env: failed to read the .env file"));
}

#[cfg(unix)]
#[test]
fn a_fifo_env_file_is_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("env.fifo");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let stderr = env_file_refused(&fifo);
    assert!(stderr.contains("a FIFO"), "{stderr}");
}

#[test]
fn a_huge_env_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("huge.env");
    // Sparse: 2 GiB on paper, nothing on disk.
    std::fs::File::create(&env)
        .unwrap()
        .set_len(2 * 1024 * 1024 * 1024)
        .unwrap();
    let stderr = env_file_refused(&env);
    assert!(stderr.contains("larger than 256 KiB"), "{stderr}");
}

#[test]
fn a_named_env_file_that_is_not_there_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = env_file_refused(&dir.path().join("missing.env"));
    assert!(stderr.contains("no such file"), "{stderr}");
    assert!(stderr.contains("--env-file"), "{stderr}");
}

#[test]
fn a_env_file_that_is_not_utf8_is_placed_but_never_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("latin1.env");
    std::fs::write(&env, b"\xff\xfeCOZE_API_TOKEN=envSECRETxyz\n").unwrap();
    let stderr = env_file_refused(&env);
    assert!(
        stderr.contains(":1:1: .env file is not valid UTF-8"),
        "{stderr}"
    );
    assert!(!stderr.contains("SECRET"), "{stderr}");
    assert!(!stderr.contains("COZE_API_TOKEN"), "{stderr}");
}

/// The report names a run starting within the next few seconds could take, for `scenario`.
fn upcoming_report_names(scenario: &str, extension: &str) -> Vec<String> {
    let stem = Path::new(scenario).file_stem().unwrap().to_string_lossy();
    let now = chrono::Utc::now();
    (0..6)
        .map(|seconds| {
            let at = now + chrono::Duration::seconds(seconds);
            format!("{}-{stem}.{extension}", at.format("%Y%m%dT%H%M%SZ"))
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn planted_links_at_report_names_are_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shared");
    std::fs::create_dir(&out).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    for extension in ["md", "json"] {
        for name in upcoming_report_names(SCENARIO, extension) {
            std::os::unix::fs::symlink(&victim, out.join(name)).unwrap();
        }
    }
    let output = cozescope()
        .args(["run", SCENARIO, "--format", "md,json", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let reports: Vec<PathBuf> = files_in(&out)
        .into_iter()
        .filter(|path| !path.is_symlink())
        .collect();
    assert_eq!(reports.len(), 2, "{reports:?}");
    assert!(
        reports
            .iter()
            .all(|path| path.to_string_lossy().contains("-2."))
    );
}

#[test]
fn concurrent_runs_to_one_folder_keep_their_reports_paired() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    let text = std::fs::read_to_string(crate::common::root().join(SCENARIO)).unwrap();
    let runs = 4;
    // The same file name in several folders: every run wants the same report names.
    let scenarios: Vec<PathBuf> = (0..runs)
        .map(|run| {
            let folder = dir.path().join(format!("run{run}"));
            std::fs::create_dir(&folder).unwrap();
            let file = folder.join("same.toml");
            let titled = text.replacen("title  = \"", &format!("title  = \"run {run}: "), 1);
            std::fs::write(&file, titled).unwrap();
            file
        })
        .collect();
    let children: Vec<_> = scenarios
        .iter()
        .map(|scenario| {
            Command::new(env!("CARGO_BIN_EXE_cozescope"))
                .arg("run")
                .arg(scenario)
                .args(["--format", "md,json", "--out"])
                .arg(&out)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let files = files_in(&out);
    assert_eq!(files.len(), 2 * runs, "{files:?}");
    for json in files
        .iter()
        .filter(|path| path.extension().unwrap() == "json")
    {
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
        let title = report["scenario"]["title"].as_str().unwrap();
        let markdown = std::fs::read_to_string(json.with_extension("md")).unwrap();
        let heading = markdown.lines().next().unwrap();
        assert!(
            heading.ends_with(title),
            "{json:?}: `{heading}` vs `{title}`"
        );
    }
}

#[test]
fn diff_reads_a_report_of_5_mib() {
    let dir = tempfile::tempdir().unwrap();
    let output = cozescope()
        .args(["run", SCENARIO, "--format", "json", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let json = crate::common::json_report(dir.path());
    let mut padded = json.clone();
    padded["padding"] = serde_json::Value::String("x".repeat(5 * 1024 * 1024));
    let old = dir.path().join("old.json");
    let new = dir.path().join("new.json");
    std::fs::write(&old, serde_json::to_string(&json).unwrap()).unwrap();
    std::fs::write(&new, serde_json::to_string(&padded).unwrap()).unwrap();
    assert!(std::fs::metadata(&new).unwrap().len() > 5 * 1024 * 1024);
    let output = cozescope()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
}

/// A shell script run in a private mount namespace (`unshare -Urm`), where a small tmpfs can be mounted
/// over `mount` without privileges on the host; `None` when this machine does not allow it.
fn in_private_mount_namespace(
    mount: &Path,
    script: &str,
    args: &[&std::ffi::OsStr],
) -> Option<std::process::Output> {
    let mountable = Command::new("unshare")
        .args([
            "-Urm",
            "sh",
            "-c",
            r#"mount -t tmpfs -o size=16k none "$1""#,
            "sh",
        ])
        .arg(mount)
        .output()
        .ok()?;
    if !mountable.status.success() {
        return None;
    }
    Command::new("unshare")
        .args(["-Urm", "sh", "-c", script, "sh"])
        .arg(mount)
        .args(args)
        .output()
        .ok()
}

#[test]
fn a_full_filesystem_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("small");
    std::fs::create_dir(&mount).unwrap();
    let binary = std::ffi::OsStr::new(env!("CARGO_BIN_EXE_cozescope"));
    let scenario = crate::common::root().join(SCENARIO);
    // Mount 64 KiB, fill all but a few bytes, run, then list what is left (after a `--` line).
    let script = r#"
        mount -t tmpfs -o size=64k none "$1" || exit 90
        dd if=/dev/zero of="$1/filler" bs=1k count=1000 2>/dev/null
        "$2" run "$3" --format md,json --out "$1"
        code=$?
        echo --
        ls -A "$1"
        exit $code
    "#;
    let Some(output) = in_private_mount_namespace(&mount, script, &[binary, scenario.as_os_str()])
    else {
        eprintln!(
            "SKIPPED a_full_filesystem_leaves_nothing_behind: this machine cannot mount a tmpfs in a private mount namespace (unshare -Urm)"
        );
        return;
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = stderr_of(&output);
    assert_ne!(output.status.code(), Some(90), "mount failed: {stderr}");
    assert_eq!(output.status.code(), Some(3), "{stdout}\n{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let left: Vec<&str> = stdout
        .split_once("--\n")
        .map(|(_, listing)| listing.lines().collect())
        .unwrap_or_default();
    assert_eq!(left, ["filler"], "{stdout}");
}
