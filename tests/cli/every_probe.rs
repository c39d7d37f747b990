//! Every probe of the catalogue through `cozescope run` on the sandbox: a credential with every permission
//! gets `ok` on each, and a credential with only `chat` gets 4101 on exactly the probes whose operation
//! needs another permission. Both the scenario and the expectations are built from the catalogue.

use cozescope::probe::ProbeKind;
use serde_json::Value;

use crate::common::run_json;

/// The permissions of the demo world's chat-only PAT.
const CHAT_ONLY: &[&str] = &["chat"];

fn scenario() -> String {
    let probes: Vec<ProbeKind> = ProbeKind::operations().collect();
    let mut text = String::from(
        "[auth.full]\nmode = \"pat\"\ntoken = \"${COZE_API_TOKEN}\"\n\n[auth.chat_only]\nmode = \"pat\"\ntoken = \"${COZE_API_TOKEN_CHAT_ONLY}\"\n\n",
    );
    for kind in &probes {
        let needs = kind.operation().needs;
        if needs.is_empty() {
            continue;
        }
        text.push_str(&format!("[probe.{}]\n", kind.name()));
        for param in needs {
            text.push_str(&format!(
                "{} = \"${{{}}}\"\n",
                param.key(),
                param.variable()
            ));
        }
        text.push('\n');
    }
    let list: Vec<String> = probes.iter().map(|k| format!("\"{}\"", k.name())).collect();
    for (name, auth) in [("full PAT", "full"), ("chat-only PAT", "chat_only")] {
        text.push_str(&format!(
            "[[case]]\nname = \"{name}\"\nauth = \"{auth}\"\nprobes = [{}]\n\n",
            list.join(", ")
        ));
    }
    text
}

fn outcomes<'a>(report: &'a Value, case: &str) -> Vec<(&'a str, &'a str)> {
    report["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["name"] == case)
        .expect("the case ran")["probes"]
        .as_array()
        .expect("probes")
        .iter()
        .map(|p| {
            (
                p["probe"].as_str().unwrap_or(""),
                p["outcome"].as_str().unwrap_or(""),
            )
        })
        .collect()
}

#[test]
fn every_probe_runs_and_a_missing_permission_is_denied_exactly_where_needed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("every-probe.toml");
    std::fs::write(&file, scenario()).expect("scenario written");
    let path = file.to_string_lossy().into_owned();
    let (code, report) = run_json(&["run", &path, "--no-follow-up"]);
    assert_eq!(code, Some(0));
    let full = outcomes(&report, "full PAT");
    assert_eq!(full.len(), ProbeKind::operations().count());
    for (probe, outcome) in &full {
        assert_eq!(*outcome, "ok", "full PAT: {probe}");
    }
    for (probe, outcome) in outcomes(&report, "chat-only PAT") {
        let kind = ProbeKind::from_name(probe).expect("a probe name");
        let needs_more = kind
            .operation()
            .permissions
            .iter()
            .any(|permission| !CHAT_ONLY.contains(permission));
        let expected = if needs_more {
            "denied_permission"
        } else {
            "ok"
        };
        assert_eq!(outcome, expected, "chat-only PAT: {probe}");
    }
    assert!(report["stats"]["requests"].as_u64().unwrap_or(0) >= 2 * full.len() as u64);
}
