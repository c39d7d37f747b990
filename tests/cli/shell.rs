//! What a shell and a packager get: `completions` scripts that load and complete what the CLI parses,
//! `man` pages, and `--version` naming the commit that the report header names too.

use std::path::Path;
use std::process::Command;

use crate::common::{cozescope, root};

fn stdout_of(args: &[&str]) -> String {
    let output = cozescope().args(args).output().expect("cozescope runs");
    assert!(output.status.success(), "cozescope {args:?}: {output:?}");
    String::from_utf8(output.stdout).expect("utf-8 output")
}

fn bash_exists() -> bool {
    Command::new("bash")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

/// The words bash's completion offers for the command line `words` (the last one being completed), with
/// the script cozescope generates loaded as a user would load it.
fn bash_complete(script: &Path, words: &[&str]) -> Vec<String> {
    let driver = r#"
source "$1"
shift
complete -p cozescope > /dev/null || { echo "the script registered no completion for cozescope" >&2; exit 1; }
COMP_WORDS=("$@")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
_cozescope cozescope "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"#;
    let output = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", driver, "driver"])
        .arg(script)
        .args(words)
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "completing {words:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut offered: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect();
    offered.sort();
    offered
}

fn sorted(words: &[&str]) -> Vec<String> {
    let mut words: Vec<String> = words.iter().map(|word| word.to_string()).collect();
    words.sort();
    words
}

#[test]
fn the_bash_script_loads_and_completes_commands_and_declared_values() {
    if !bash_exists() {
        eprintln!("bash not found: skipping the bash completion test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("cozescope.bash");
    std::fs::write(&script, stdout_of(&["completions", "bash"])).unwrap();
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        syntax.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&syntax.stderr)
    );

    let commands = bash_complete(&script, &["cozescope", ""]);
    for command in ["doctor", "run", "explain", "completions", "man"] {
        assert!(
            commands.contains(&command.to_string()),
            "{command} not offered: {commands:?}"
        );
    }
    assert_eq!(bash_complete(&script, &["cozescope", "sw"]), ["sweep"]);
    assert_eq!(
        bash_complete(&script, &["cozescope", "run", "--target", ""]),
        sorted(&["sandbox", "cn", "com"])
    );
    assert_eq!(
        bash_complete(&script, &["cozescope", "doctor", "--target", "c"]),
        sorted(&["cn", "com"])
    );
    assert_eq!(
        bash_complete(&script, &["cozescope", "sweep", "--target", "s"]),
        ["sandbox"]
    );
    assert_eq!(
        bash_complete(&script, &["cozescope", "run", "--format", ""]),
        sorted(&["md", "json", "junit"])
    );
    assert_eq!(
        bash_complete(&script, &["cozescope", "doctor", "--lang", ""]),
        sorted(&["en", "zh"])
    );
    // A positional's values come with the flags that may stand there.
    let shells = bash_complete(&script, &["cozescope", "completions", ""]);
    for shell in ["bash", "elvish", "fish", "powershell", "zsh"] {
        assert!(shells.contains(&shell.to_string()), "{shells:?}");
    }
    assert_eq!(
        bash_complete(&script, &["cozescope", "completions", "z"]),
        ["zsh"]
    );
    assert_eq!(
        bash_complete(&script, &["cozescope", "man", "sw"]),
        ["sweep"]
    );
    let flags = bash_complete(&script, &["cozescope", "run", "--"]);
    assert!(
        flags.contains(&"--target".to_string()) && flags.contains(&"--dry-run".to_string()),
        "{flags:?}"
    );
}

#[test]
fn every_shell_gets_a_script_for_cozescope_and_unknown_shells_exit_2() {
    // PowerShell's and elvish's generators complete commands and flags, not values.
    for (shell, marker, completes_values) in [
        ("bash", "complete -F _cozescope", true),
        ("zsh", "#compdef cozescope", true),
        ("fish", "complete -c cozescope", true),
        ("powershell", "Register-ArgumentCompleter", false),
        ("elvish", "edit:completion:arg-completer[cozescope]", false),
    ] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: no `{marker}`");
        assert!(script.contains("dry-run"), "{shell}: no run flags");
        if completes_values {
            assert!(
                script.contains("sandbox") && script.contains("junit"),
                "{shell}: the declared values of --target and --format are missing"
            );
        }
    }
    let output = cozescope().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("possible values: bash"), "{stderr}");
}

#[test]
fn man_prints_an_undated_page_for_the_tool_and_each_command() {
    let main = stdout_of(&["man"]);
    let title = main.lines().find(|line| line.starts_with(".TH ")).unwrap();
    let version = stdout_of(&["--version"]);
    let described = version.trim().strip_prefix("cozescope ").unwrap();
    // No date: the same build prints the same page.
    assert_eq!(
        title,
        format!(".TH cozescope 1  \"cozescope {described}\" \"cozescope manual\"")
    );
    assert!(main.contains("cozescope\\-doctor(1)") && main.contains("cozescope\\-man(1)"));
    for command in ["doctor", "run", "sweep", "completions", "man"] {
        let page = stdout_of(&["man", command]);
        assert!(
            page.contains(&format!(
                ".TH cozescope-{command} 1  \"cozescope {described}\""
            )),
            "{command}: {}",
            page.lines().take(4).collect::<Vec<_>>().join("\n")
        );
        assert!(
            page.contains(&format!("\\fBcozescope {command}\\fR")),
            "{command}"
        );
        assert!(page.contains("Exit codes:"), "{command}: no exit codes");
    }
    let run = stdout_of(&["man", "run"]);
    assert!(run.contains("\\-\\-target") && run.contains("sandbox"));
    assert_eq!(stdout_of(&["man", "run"]), run, "the page is reproducible");
    cozescope().args(["man", "nope"]).assert().code(2);
}

/// The commit `build.rs` should have recorded: HEAD when the crate is the top of a git checkout.
fn expected_commit() -> String {
    let toplevel = Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .current_dir(root())
        .output();
    let head = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(root())
        .output();
    match (toplevel, head) {
        (Ok(top), Ok(head))
            if top.status.success()
                && std::fs::canonicalize(String::from_utf8_lossy(&top.stdout).trim()).ok()
                    == std::fs::canonicalize(root()).ok() =>
        {
            String::from_utf8_lossy(&head.stdout).trim()[..12].to_string()
        }
        _ => "unknown".to_string(),
    }
}

#[test]
fn version_names_the_commit_and_the_report_header_the_same_build() {
    let version = stdout_of(&["--version"]);
    let expected = format!(
        "cozescope {} (commit {})\n",
        env!("CARGO_PKG_VERSION"),
        expected_commit()
    );
    assert_eq!(version, expected);
    assert_eq!(stdout_of(&["-V"]), version);

    let out = crate::common::reports_of(&["run", "scenarios/node-chat2.toml"], "md,json");
    let markdown = crate::common::report(out.path(), "md");
    assert!(
        markdown.contains(&format!("| Tool | {} |", version.trim())),
        "{}",
        markdown.lines().take(12).collect::<Vec<_>>().join("\n")
    );
    let json = crate::common::json_report(out.path());
    assert_eq!(json["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(json["tool"]["commit"], expected_commit().as_str());
}

#[test]
fn target_still_takes_a_base_url_beside_its_declared_names() {
    let output = cozescope()
        .args([
            "run",
            "scenarios/node-chat2.toml",
            "--target",
            "https://api.coze.cn",
            "--dry-run",
        ])
        .env("COZE_API_TOKEN", "pat_not_sent")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("invalid value"),
        "a base URL must parse: {stderr}"
    );
    let help = stdout_of(&["run", "--help"]);
    assert!(
        !help.contains("[possible values: sandbox"),
        "help must not claim the names are the only values"
    );
}
