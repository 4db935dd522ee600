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
