//! Every safety limit is an ARC008 option in `rules.toml`: each test here shows one option
//! changing what amolint reports on the same widget, through the real binary and a real config
//! file. The last tests pin the documentation: the option list, `rules.toml` and the defaults the
//! code applies must say the same.

mod common;

use amolint_core::config::parse_bytes;
use amolint_core::source::Limits;
use amolint_core::widget::ParseLimits;
use common::*;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// `(code, message)` of every finding on `target` with `rules_toml` as the configuration.
fn findings(rules_toml: &str, target: &Path) -> Vec<(String, String)> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let config = tmp.path().join("rules.toml");
    fs::write(&config, rules_toml).expect("write config");
    let output = amolint()
        .args(["check", "--format", "json", "--no-progress", "--config"])
        .arg(&config)
        .arg(target)
        .output()
        .expect("run");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    report["widgets"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Whether a `code` finding mentions `option`, with the default configuration and with
/// `ARC008 = { <setting> }`.
fn with_and_without(setting: &str, target: &Path, code: &str, option: &str) -> (bool, bool) {
    let mentions = |config: &str| {
        findings(config, target)
            .iter()
            .any(|(c, m)| c == code && m.contains(&format!("`{option}`")))
    };
    (
        mentions(""),
        mentions(&format!("[rules]\nARC008 = {{ {setting} }}\n")),
    )
}

fn clean_widget() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let widget = tmp.path().join("widget");
    copy_dir(&examples().join("clean"), &widget);
    (tmp, widget)
}

/// Lowering the option makes the clean example widget hit it.
fn lowering_hits(setting: &str, code: &str, option: &str) {
    let (_tmp, widget) = clean_widget();
    assert_eq!(
        with_and_without(setting, &widget, code, option),
        (false, true),
        "{setting}"
    );
}

#[test]
fn max_entries() {
    lowering_hits("max-entries = 5", "ARC008", "max-entries");
}

#[test]
fn max_total_bytes() {
    lowering_hits("max-total-bytes = 1000", "ARC008", "max-total-bytes");
}

#[test]
fn max_entry_bytes() {
    lowering_hits("max-entry-bytes = 100", "ARC008", "max-entry-bytes");
}

#[test]
fn max_file_bytes() {
    lowering_hits("max-file-bytes = \"500B\"", "ARC008", "max-file-bytes");
}

#[test]
fn max_json_depth() {
    // The clean manifest nests settings → login → its fields: three levels.
    lowering_hits("max-json-depth = 2", "ENC003", "max-json-depth");
}

#[test]
fn max_json_values() {
    lowering_hits("max-json-values = 10", "ENC003", "max-json-values");
}

#[test]
fn max_script_bytes() {
    lowering_hits("max-script-bytes = 100", "ARC008", "max-script-bytes");
}

#[test]
fn max_script_nesting() {
    let (_tmp, widget) = clean_widget();
    let script = widget.join("script.js");
    let mut text = fs::read_to_string(&script).expect("read");
    text.push_str(&format!(
        "\nvar deep = {}1{};\n",
        "(".repeat(40),
        ")".repeat(40)
    ));
    fs::write(&script, text).expect("write");
    assert_eq!(
        with_and_without(
            "max-script-nesting = 20",
            &widget,
            "JS002",
            "max-script-nesting"
        ),
        (false, true)
    );
}

#[test]
fn max_ratio() {
    // A 2 MiB entry deflated about 158:1: over the default 100, under a raised 200.
    let mut entries = entries_of(&examples().join("clean"));
    let size = 2u64 << 20;
    entries.push(RawEntry {
        method: 8,
        declared: Some((size as u32, crc32(&vec![0u8; size as usize]))),
        ..RawEntry::stored("images/backdrop.bin", &deflated_zeros(size))
    });
    let tmp = tempfile::tempdir().expect("tempdir");
    let zip = tmp.path().join("widget.zip");
    fs::write(&zip, rawzip::write(&entries)).expect("write");
    assert_eq!(
        with_and_without("max-ratio = 200", &zip, "ARC008", "max-ratio"),
        (true, false)
    );
}

/// Checks the clean example with `rules_toml`, which must be rejected (exit 2): the path of the
/// configuration file and what amolint said.
fn rejected(rules_toml: &str) -> (PathBuf, String) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let config = tmp.path().join("rules.toml");
    fs::write(&config, rules_toml).expect("write");
    let output = amolint()
        .args(["check", "--config"])
        .arg(&config)
        .arg(examples().join("clean"))
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    (config, String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn a_limit_that_is_not_a_number_is_a_configuration_error() {
    let (_, stderr) = rejected("[rules]\nARC008 = { max-json-values = \"many\" }\n");
    assert!(stderr.contains("max-json-values"), "{stderr}");
}

/// The options ARC008 declares, with their documented defaults, from `amolint explain`.
fn documented_options() -> Vec<(String, String)> {
    let output = amolint().args(["explain", "ARC008"]).output().expect("run");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    text.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("- `")?;
            let (name, rest) = rest.split_once("` (default ")?;
            let (default, _) = rest.split_once("):")?;
            Some((name.to_string(), default.to_string()))
        })
        .collect()
}

#[test]
fn every_limit_is_an_option_whose_documented_default_is_the_one_applied() {
    let options = documented_options();
    let names: Vec<&str> = options.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "max-entries",
            "max-total-bytes",
            "max-entry-bytes",
            "max-ratio",
            "max-file-bytes",
            "max-json-depth",
            "max-json-values",
            "max-script-bytes",
            "max-script-nesting",
        ]
    );
    let limits = Limits::default();
    let parse = ParseLimits::default();
    let applied = |name: &str| -> u64 {
        match name {
            "max-entries" => limits.max_entries as u64,
            "max-total-bytes" => limits.max_total_bytes,
            "max-entry-bytes" => limits.max_entry_bytes,
            "max-ratio" => limits.max_ratio,
            "max-file-bytes" => parse.max_file_bytes,
            "max-json-depth" => parse.max_json_depth as u64,
            "max-json-values" => parse.max_json_values as u64,
            "max-script-bytes" => parse.max_script_bytes,
            "max-script-nesting" => parse.max_script_nesting as u64,
            other => panic!("unknown option {other}"),
        }
    };
    for (name, default) in &options {
        assert_eq!(parse_bytes(default), Some(applied(name)), "{name}");
    }
}

#[test]
fn rules_toml_documents_every_limit_with_its_default() {
    let rules_toml =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules.toml")).expect("read");
    for (name, default) in documented_options() {
        // The option's line, and its continuation lines (indented further, under the text).
        let mut lines = rules_toml
            .lines()
            .skip_while(|l| !l.starts_with(&format!("#   {name} ")));
        let first = lines
            .next()
            .unwrap_or_else(|| panic!("rules.toml does not document {name}"));
        let block: String = std::iter::once(first)
            .chain(lines.take_while(|l| l.starts_with("#      ")))
            .collect();
        assert!(
            block.contains(&format!("(default {default})"))
                || block.contains(&format!("(default \"{default}\")")),
            "{name}: {block}"
        );
    }
}

#[test]
fn limits_in_an_override_are_a_configuration_error_at_the_option() {
    // Before, the override changed the numbers ARC008's messages quote while the reader kept
    // the limits of [rules]; the limits hold for the whole run.
    let (config, stderr) = rejected(
        "[rules]\nARC008 = { max-entries = 5000 }\n\n[[overrides]]\npaths = [\"legacy/**\"]\nrules = { ARC008 = { level = \"warning\", max-entries = 5 } }\n",
    );
    assert!(
        stderr.contains(&format!(
            "{}:6:41: `max-entries` cannot be set in [[overrides]]",
            config.display()
        )) && stderr.contains("set them under [rules]"),
        "{stderr}"
    );
    // A level alone is a per-widget setting like any other.
    let (_tmp, widget) = clean_widget();
    let only_level = "[rules]\nARC008 = { max-entries = 5 }\n\n[[overrides]]\npaths = [\"**\"]\nrules = { ARC008 = \"off\" }\n";
    assert!(
        !findings(only_level, &widget)
            .iter()
            .any(|(code, _)| code == "ARC008")
    );
    assert!(
        findings("[rules]\nARC008 = { max-entries = 5 }\n", &widget)
            .iter()
            .any(|(code, _)| code == "ARC008")
    );
}
