//! Scripts parsed on the pool's workers (`--jobs 2` over several widgets, where the workers parse
//! in place on their large stack rather than on a parser thread): hostile nesting is still
//! refused, never a crash, and every widget's script facts stay its own.

mod common;

use common::{amolint, copy_dir, examples};
use std::fs;

#[test]
fn hostile_scripts_on_pool_workers_are_findings_not_crashes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let n = 300_000;
    let scripts = [
        format!("{}1{}", "(".repeat(n), ")".repeat(n)),
        "[".repeat(n),
        format!("{}x", "!".repeat(n)),
        format!("{}0", "a=".repeat(n)),
    ];
    for (i, script) in scripts.iter().enumerate() {
        let widget = tmp.path().join(format!("hostile{i}"));
        copy_dir(&examples().join("clean"), &widget);
        fs::write(widget.join("script.js"), script).expect("write script");
    }
    copy_dir(&examples().join("clean"), &tmp.path().join("sane"));
    let out = amolint()
        .args(["check", "--no-progress", "--jobs", "2", "--format", "json"])
        .arg(tmp.path())
        .output()
        .expect("run amolint");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let widgets = report["widgets"].as_array().expect("widgets");
    assert_eq!(widgets.len(), 5);
    for widget in widgets {
        let path = widget["path"].as_str().expect("path");
        let codes: Vec<&str> = widget["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert!(!codes.contains(&"AMO001"), "{path}: {codes:?}");
        if path.ends_with("sane") {
            assert!(codes.is_empty(), "{path}: {codes:?}");
        } else {
            assert_eq!(
                codes.iter().filter(|c| **c == "JS002").count(),
                1,
                "{path}: {codes:?}"
            );
        }
    }
}
