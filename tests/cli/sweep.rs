//! `cozescope sweep` from the command line: a default sweep on the sandbox, candidates files (duplicates,
//! blanks and comments fine; non-ASCII, no name, or too many names refused), and a credential that is not
//! JWT refused, each before anything is sent or written.

use crate::common::cozescope;

fn refused(args: &[&str], dir: &std::path::Path) -> String {
    let out = dir.join("reports");
    let output = cozescope()
        .arg("sweep")
        .args(args)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("cozescope runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(!out.exists(), "nothing written: {stderr}");
    stderr
}

#[test]
fn a_candidates_file_is_deduplicated_and_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("names.txt");
    let repeated: String = (0..10_000)
        .map(|i| format!("Connector.botChat\n\n# comment {i}\nBot.createBot\n"))
        .collect();
    std::fs::write(&file, repeated).expect("written");
    let out = dir.path().join("ok");
    let output = cozescope()
        .args(["sweep", "--candidates"])
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("2 candidates, 1 accepted, 1 rejected"),
        "{stdout}"
    );
    std::fs::write(&file, "Connector.botChat\nBot.créer\n").expect("written");
    let path = file.display().to_string();
    let stderr = refused(&["--candidates", &path], dir.path());
    assert!(
        stderr.contains("names.txt:2:7: `é` cannot be part of a scope name"),
        "{stderr}"
    );
    let many: String = (0..1001).map(|i| format!("Name.n{i}\n")).collect();
    std::fs::write(&file, many).expect("written");
    let stderr = refused(&["--candidates", &path], dir.path());
    assert!(stderr.contains("at most 1000"), "{stderr}");
    std::fs::write(&file, "# nothing\n").expect("written");
    assert!(refused(&["--candidates", &path], dir.path()).contains("no candidate names"));
}

#[test]
fn a_credential_that_is_not_jwt_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let scenario = dir.path().join("pat.toml");
    std::fs::write(
        &scenario,
        "[auth.pat]\nmode = \"pat\"\ntoken = \"${COZE_API_TOKEN}\"\n[[case]]\nname = \"c\"\nauth = \"pat\"\nprobes = [\"whoami\"]\n",
    )
    .expect("written");
    let path = scenario.display().to_string();
    let stderr = refused(&[&path], dir.path());
    assert!(stderr.contains("needs a JWT OAuth app"), "{stderr}");
    let stderr = refused(&[&path, "--auth", "pat"], dir.path());
    assert!(
        stderr.contains("credential `pat` is a pat credential"),
        "{stderr}"
    );
}

#[test]
fn a_workspace_block_names_each_workspace_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let names = dir.path().join("names.txt");
    std::fs::write(&names, "Connector.botChat\n").expect("written");
    let out = dir.path().join("reports");
    // The doctor's scenario probes each workspace in every case, and --workspace names them again.
    let output = cozescope()
        .args([
            "sweep",
            "--block",
            "workspace",
            "--workspace",
            "7351411557182226472",
            "--workspace",
            "7351411557182226999",
            "--format",
            "json",
            "--candidates",
        ])
        .arg(&names)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let report = std::fs::read_dir(&out)
        .expect("reports written")
        .filter_map(Result::ok)
        .find(|entry| entry.path().extension().is_some_and(|ext| ext == "json"))
        .unwrap_or_else(|| panic!("a JSON report: {stderr}"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report.path()).expect("read")).expect("JSON");
    assert_eq!(
        json["sweep"]["workspaces"],
        serde_json::json!(["7351411557182226472", "7351411557182226999"]),
        "{stderr}"
    );
}
