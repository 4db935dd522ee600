//! `check --cache DIR` and `AMOLINT_PROFILE=1`, end to end: a cached run reports exactly what a
//! fresh run does, in every format, and a damaged cache is ignored rather than trusted.

mod common;

use common::{amolint, examples};
use std::fs;
use std::path::Path;

/// Checks the examples in `format`, with the result cache in `cache` when given.
fn check_examples(cache: Option<&Path>, format: &str) -> (Option<i32>, Vec<u8>) {
    let mut cmd = amolint();
    cmd.args([
        "check",
        "--no-progress",
        "--color",
        "never",
        "--format",
        format,
    ]);
    if let Some(cache) = cache {
        cmd.arg("--cache").arg(cache);
    }
    let out = cmd.arg(examples()).output().expect("run amolint");
    (out.status.code(), out.stdout)
}

fn check(cache: &Path, format: &str) -> (Option<i32>, Vec<u8>) {
    check_examples(Some(cache), format)
}

fn entries(cache: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for shard in fs::read_dir(cache).expect("cache folder") {
        for entry in fs::read_dir(shard.expect("shard").path()).expect("shard folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "json") {
                found.push(path);
            }
        }
    }
    found
}

#[test]
fn a_cached_run_reports_what_a_fresh_run_does() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    for format in ["json", "text", "sarif"] {
        let fresh = check_examples(None, format);
        let first = check(&cache, format);
        let second = check(&cache, format);
        assert_eq!(first.0, fresh.0, "{format}");
        assert_eq!(first.1, fresh.1, "{format}: first cached run");
        assert_eq!(second.0, fresh.0, "{format}");
        assert_eq!(
            String::from_utf8_lossy(&second.1),
            String::from_utf8_lossy(&fresh.1),
            "{format}: second run, from the cache"
        );
    }
    // One entry per widget of the examples (clean, defective, nested/widget.zip).
    assert_eq!(entries(&cache).len(), 3);
}

#[test]
fn a_damaged_cache_is_ignored_and_rewritten() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let first = check(&cache, "json");
    let written = entries(&cache);
    assert!(!written.is_empty());
    // A findings-free report under each entry's name: trusted, it would hide the defects.
    for (i, entry) in written.iter().enumerate() {
        let damaged = match i % 3 {
            0 => b"{\"format\":\"amolint-cache-1\",\"version\":\"0.0.0\"".to_vec(),
            1 => Vec::new(),
            _ => fs::read_to_string(entry)
                .expect("entry")
                .replace("\"diagnostics\":[{", "\"diagnostics\":[],\"x\":[{")
                .replace("\"version\":\"", "\"version\":\"9")
                .into_bytes(),
        };
        fs::write(entry, damaged).expect("damage");
    }
    assert_eq!(check(&cache, "json"), first);
    // Rewritten: the next run is served from valid entries and still agrees.
    for entry in entries(&cache) {
        let text = fs::read_to_string(&entry).expect("entry");
        assert!(text.contains(&format!("\"version\":\"{}\"", env!("CARGO_PKG_VERSION"))));
    }
    assert_eq!(check(&cache, "json"), first);
}

#[test]
fn a_changed_widget_is_checked_again() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let widget = tmp.path().join("widget");
    common::copy_dir(&examples().join("clean"), &widget);
    let run = || {
        amolint()
            .args(["check", "--no-progress", "--format", "json"])
            .arg("--cache")
            .arg(&cache)
            .arg(&widget)
            .output()
            .expect("run amolint")
    };
    assert_eq!(run().status.code(), Some(0));
    assert_eq!(run().status.code(), Some(0));
    // Same size, one byte different: a syntax error the cache must not hide.
    let script = widget.join("script.js");
    let text = fs::read_to_string(&script).expect("script");
    fs::write(&script, text.replacen("});", "}];", 1)).expect("write");
    let changed = run();
    assert_eq!(changed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&changed.stdout).contains("JS002"));
}

#[test]
fn the_profile_goes_to_stderr_and_leaves_the_report_alone() {
    let plain = amolint()
        .args(["check", "--no-progress", "--format", "json"])
        .arg(examples())
        .output()
        .expect("run amolint");
    let profiled = amolint()
        .env("AMOLINT_PROFILE", "1")
        .args(["check", "--no-progress", "--format", "json"])
        .arg(examples())
        .output()
        .expect("run amolint");
    assert_eq!(profiled.stdout, plain.stdout);
    let stderr = String::from_utf8_lossy(&profiled.stderr);
    for phase in [
        "discovery",
        "reading",
        "JSON",
        "JavaScript",
        "images",
        "rules",
        "output",
    ] {
        assert!(stderr.contains(phase), "{phase} missing from:\n{stderr}");
    }
    assert!(!String::from_utf8_lossy(&plain.stderr).contains("amolint profile"));
}

/// `check --format json --cache cache --config config` over `widgets`: the report's findings
/// of `code` per widget, and stderr.
fn check_org(cache: &Path, config: &Path, widgets: &[&Path], code: &str) -> (Vec<usize>, String) {
    let out = amolint()
        .args(["check", "--no-progress", "--format", "json", "--cache"])
        .arg(cache)
        .arg("--config")
        .arg(config)
        .args(widgets)
        .output()
        .expect("run amolint");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let found = report["widgets"]
        .as_array()
        .expect("widgets")
        .iter()
        .map(|w| {
            w["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .filter(|d| d["code"] == code)
                .count()
        })
        .collect();
    (found, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn version_rule(pattern: &str) -> String {
    format!(
        "[[rule]]\ncode = \"ACME001\"\nname = \"major-version\"\ngiven = \"$.widget.version\"\npattern = {pattern:?}\nmessage = \"wrong major version\"\n"
    )
}

#[test]
fn a_changed_declarative_rule_is_not_answered_from_the_cache() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let widget = tmp.path().join("w");
    common::copy_dir(&examples().join("clean"), &widget);
    let config = tmp.path().join("rules.toml");
    // The clean widget is version 1.0.0: `^9\.` fires, `^1\.` does not.
    fs::write(&config, version_rule("^9\\.")).expect("write");
    assert_eq!(check_org(&cache, &config, &[&widget], "ACME001").0, [1]);
    assert_eq!(check_org(&cache, &config, &[&widget], "ACME001").0, [1]);
    fs::write(&config, version_rule("^1\\.")).expect("write");
    assert_eq!(check_org(&cache, &config, &[&widget], "ACME001").0, [0]);
    // The same rule brought in through `extends`, changed in the extended file.
    let shared = tmp.path().join("shared.toml");
    fs::write(&shared, version_rule("^1\\.")).expect("write");
    fs::write(&config, "extends = [\"shared.toml\"]\n").expect("write");
    assert_eq!(check_org(&cache, &config, &[&widget], "ACME001").0, [0]);
    fs::write(&shared, version_rule("^9\\.")).expect("write");
    assert_eq!(check_org(&cache, &config, &[&widget], "ACME001").0, [1]);
}

#[test]
fn a_given_that_matched_in_a_cached_widget_is_not_reported_as_unmatched() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let with = tmp.path().join("with");
    let without = tmp.path().join("without");
    common::copy_dir(&examples().join("clean"), &with);
    common::copy_dir(&examples().join("clean"), &without);
    let manifest = with.join("manifest.json");
    let text = fs::read_to_string(&manifest).expect("manifest");
    fs::write(
        &manifest,
        text.replacen("\"widget\": {", "\"widget\": {\n    \"beta\": true,", 1),
    )
    .expect("write");
    let config = tmp.path().join("rules.toml");
    fs::write(
        &config,
        "[[rule]]\ncode = \"ACME002\"\nname = \"no-beta\"\ngiven = \"$.widget.beta\"\nforbidden = true\nmessage = \"no beta widgets\"\n",
    )
    .expect("write");
    let (found, stderr) = check_org(&cache, &config, &[&with], "ACME002");
    assert_eq!(found, [1]);
    assert!(!stderr.contains("matched nothing"), "{stderr}");
    // `with` now comes from the cache, `without` is checked: the given matched in `with`.
    let (found, stderr) = check_org(&cache, &config, &[&with, &without], "ACME002");
    assert_eq!(found, [1, 0]);
    assert!(!stderr.contains("matched nothing"), "{stderr}");
    // A run served wholly from the cache still knows where the given matched nothing.
    let (_, fresh) = check_org(&cache, &config, &[&without], "ACME002");
    let (_, cached) = check_org(&cache, &config, &[&without], "ACME002");
    assert!(fresh.contains("rule ACME002"), "{fresh}");
    assert_eq!(cached, fresh);
}
