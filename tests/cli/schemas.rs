//! The published JSON Schemas hold: the JSON report validates against `schema/report.schema.json`, and every
//! bundled scenario (as TOML turned into JSON) validates against `schema/scenario.schema.json`.

use crate::common::{cozescope, report, root};
use serde_json::Value;

pub(crate) fn schema(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schema").join(name)).unwrap();
    jsonschema::validator_for(&serde_json::from_str::<Value>(&text).unwrap()).unwrap()
}

pub(crate) fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} violates its schema:\n{}",
        errors.join("\n")
    );
}

#[test]
fn json_report_validates_against_the_report_schema() {
    let out = tempfile::tempdir().unwrap();
    cozescope()
        .args(["run", "scenarios", "--format", "json", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let validator = schema("report.schema.json");
    let reports = crate::common::files_in(out.path());
    assert!(!reports.is_empty());
    for path in reports {
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_valid(&validator, &json, &path.display().to_string());
    }
    // The schema is strict enough to catch a renamed field.
    let mut broken: Value = serde_json::from_str(&report_of_node_chat2()).unwrap();
    broken["cases"][0]["probes"][0]["outcome"] = Value::from("denied");
    assert!(!validator.is_valid(&broken));
}

fn report_of_node_chat2() -> String {
    let out = crate::common::reports_of(&["run", "scenarios/node-chat2.toml"], "json");
    report(out.path(), "json")
}

#[test]
fn bundled_scenarios_validate_against_the_scenario_schema() {
    let validator = schema("scenario.schema.json");
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "toml") {
            let toml: toml::Value =
                toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let json = serde_json::to_value(toml).unwrap();
            assert_valid(&validator, &json, &path.display().to_string());
            checked += 1;
        }
    }
    assert!(checked > 0);
    let bad: toml::Value =
        toml::from_str("[[case]]\nname = \"a\"\nauth = \"x\"\nscop = []\n").unwrap();
    assert!(!validator.is_valid(&serde_json::to_value(bad).unwrap()));
}

#[test]
fn sweep_report_validates_against_the_sweep_schema() {
    let out = tempfile::tempdir().unwrap();
    let candidates = out.path().join("names.txt");
    std::fs::write(&candidates, "Connector.botChat\nBot.createBot\n").unwrap();
    cozescope()
        .args(["sweep", "--map", "--format", "md,json", "--candidates"])
        .arg(&candidates)
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let json: Value = serde_json::from_str(&report(out.path(), "json")).unwrap();
    assert_valid(&schema("sweep.schema.json"), &json, "sweep report");
    assert_eq!(
        json["sweep"]["accepted"],
        serde_json::json!(["Connector.botChat"])
    );
    assert_eq!(
        json["sweep"]["rejected"],
        serde_json::json!(["Bot.createBot"])
    );
    assert!(json["sweep"]["grants"]["Connector.botChat"].is_array());
}

/// A published schema as JSON.
fn schema_json(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("schema").join(name)).unwrap())
        .unwrap()
}

/// The strings of the array at `pointer` in `schema`.
fn listed(schema: &Value, pointer: &str) -> Vec<String> {
    schema
        .pointer(pointer)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{pointer}"))
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

#[test]
fn every_schema_lists_every_outcome_word() {
    let words: Vec<&str> = cozescope::outcome::Outcome::ALL
        .iter()
        .map(|outcome| outcome.as_str())
        .collect();
    for name in [
        "report.schema.json",
        "scenario.schema.json",
        "sweep.schema.json",
    ] {
        assert_eq!(
            listed(&schema_json(name), "/$defs/outcome/enum"),
            words,
            "{name}"
        );
    }
}

#[test]
fn every_schema_lists_every_probe_of_the_catalogue() {
    let probes: Vec<&str> = cozescope::probe::ProbeKind::ALL
        .iter()
        .map(|kind| kind.name())
        .collect();
    for name in ["report.schema.json", "sweep.schema.json"] {
        assert_eq!(
            listed(&schema_json(name), "/$defs/probe_name/enum"),
            probes,
            "{name}"
        );
    }
    let scenario = schema_json("scenario.schema.json");
    for pointer in [
        "/$defs/case/properties/probes/items/enum",
        "/$defs/case/properties/expect/propertyNames/enum",
    ] {
        assert_eq!(listed(&scenario, pointer), probes, "{pointer}");
    }
}

#[test]
fn the_report_schema_lists_every_hypothesis_in_the_order_of_reasoning() {
    let hypotheses: Vec<&str> = cozescope::diagnose::Hypothesis::ALL
        .iter()
        .map(|hypothesis| hypothesis.id())
        .collect();
    assert_eq!(
        listed(&schema_json("report.schema.json"), "/$defs/hypothesis/enum"),
        hypotheses
    );
}
