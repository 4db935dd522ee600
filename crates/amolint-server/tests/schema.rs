//! The JSON Schema of `manifest.json` against what amolint's rules say of real manifests.
//!
//! The set validated: every `manifest.json` of the rule fixtures
//! (`crates/amolint-rules/tests/fixtures/cases/*/*/`) and of the example widgets, each checked
//! alone in a folder of its own with the built-in rules and the default configuration. A
//! manifest that is not strict JSON (comments, a BOM, trailing commas) or repeats a key is left
//! out: a JSON Schema validator reads neither the way amolint does (ENC001, ENC003, ENC004 are
//! about that). For every other one, the schema must accept the manifest exactly when none of
//! the rules the schema expresses reports an error: a manifest those rules pass is valid (the
//! schema never contradicts them), and one they fail is invalid (the schema says what they say).
//! Those rules are the ones whose errors depend on the manifest alone and on neither platform.

use amolint_core::config::Config;
use amolint_core::engine::Engine;
use amolint_core::severity::Severity;
use amolint_core::source::{DirSource, Limits};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The rules whose errors the schema expresses (see `schema.rs`).
const EXPRESSED: [&str; 14] = [
    "MAN001", "MAN002", "MAN003", "MAN004", "MAN009", "LOC001", "LOC002", "SET002", "SET003",
    "TOUR001", "TOUR002", "INT003", "INT006", "INT010",
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn manifests() -> Vec<PathBuf> {
    let mut found = vec![
        repo().join("examples/widgets/clean/manifest.json"),
        repo().join("examples/widgets/defective/manifest.json"),
    ];
    let cases = repo().join("crates/amolint-rules/tests/fixtures/cases");
    for code in std::fs::read_dir(cases).expect("cases") {
        for case in std::fs::read_dir(code.expect("code").path()).expect("case") {
            let manifest = case.expect("case").path().join("manifest.json");
            if manifest.is_file() {
                found.push(manifest);
            }
        }
    }
    found.sort();
    found
}

/// The expressed rules' errors on `bytes` as the only file of a widget; `None` when the
/// manifest is not strict JSON or repeats a key.
fn errors(bytes: &[u8]) -> Option<Vec<String>> {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("manifest.json"), bytes).expect("write");
    let registry = amolint_rules::registry();
    let config = Config::default();
    let engine = Engine {
        registry: &registry,
        config: &config,
    };
    let source = DirSource::open(tmp.path(), Limits::default()).expect("open");
    let report = engine.check("w", &source);
    if report
        .diagnostics
        .iter()
        .any(|d| ["ENC001", "ENC003", "ENC004"].contains(&d.code.as_str()))
    {
        return None;
    }
    Some(
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && EXPRESSED.contains(&d.code.as_str()))
            .map(|d| format!("{} {}", d.code, d.message))
            .collect(),
    )
}

#[test]
fn the_schema_accepts_what_the_rules_accept_and_nothing_else() {
    let schema = amolint_server::schema::manifest();
    jsonschema::meta::validate(&schema).expect("a valid draft 2020-12 schema");
    let validator = jsonschema::draft202012::new(&schema).expect("schema");
    let (mut valid, mut invalid, mut skipped) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for path in manifests() {
        let bytes = std::fs::read(&path).expect("read");
        let Ok(instance) = serde_json::from_slice::<Value>(&bytes) else {
            skipped += 1;
            continue;
        };
        let Some(errors) = errors(&bytes) else {
            skipped += 1;
            continue;
        };
        let schema_errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        match (errors.is_empty(), schema_errors.is_empty()) {
            (true, true) => valid += 1,
            (false, false) => invalid += 1,
            _ => disagreements.push(format!(
                "{}\n  amolint: {errors:?}\n  schema: {schema_errors:?}",
                path.strip_prefix(repo()).unwrap_or(&path).display()
            )),
        }
    }
    assert!(
        disagreements.is_empty(),
        "the schema and the rules disagree on {} manifests:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    eprintln!("{valid} valid, {invalid} invalid, {skipped} not strict JSON");
    // The set is what it claims to be: the clean example and many fixtures on each side.
    assert!(
        valid >= 50 && invalid >= 20,
        "{valid} valid, {invalid} invalid"
    );
}

#[test]
fn the_examples_are_judged_as_expected() {
    let schema = amolint_server::schema::manifest();
    let validator = jsonschema::draft202012::new(&schema).expect("schema");
    let read = |name: &str| -> Value {
        serde_json::from_slice(
            &std::fs::read(
                repo()
                    .join("examples/widgets")
                    .join(name)
                    .join("manifest.json"),
            )
            .expect("read"),
        )
        .expect("json")
    };
    assert!(validator.is_valid(&read("clean")));
    // Unknown keys are warnings in amolint (MAN007): the schema allows them.
    let mut unknown = read("clean");
    unknown["widget"]["colour_scheme"] = Value::from("dark");
    unknown["extra_block"] = serde_json::json!({"a": 1});
    assert!(validator.is_valid(&unknown));
    // The legacy "Y" is a warning (MAN003): allowed; "N" an error: not.
    let mut legacy = read("clean");
    legacy["widget"]["init_once"] = Value::from("Y");
    assert!(validator.is_valid(&legacy));
    legacy["widget"]["init_once"] = Value::from("N");
    assert!(!validator.is_valid(&legacy));
    for (pointer, value) in [
        ("/locations/0", "lcard_1"),
        ("/settings/login/type", "checkbox"),
        ("/widget/interface_version", "2"),
    ] {
        let mut bad = read("clean");
        *bad.pointer_mut(pointer).expect(pointer) = Value::from(value);
        assert!(!validator.is_valid(&bad), "{pointer} = {value:?}");
    }
}
