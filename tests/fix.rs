//! End-to-end tests of `amolint check --fix`, `--unsafe-fixes` and `--diff` (issue 14): what
//! each changes on disk (nothing, for `--diff` and for a zip), the exit statuses, and the fixes
//! in the text and JSON reports.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// Every file under `dir` with its bytes, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    entries_of(dir)
        .into_iter()
        .map(|e| (String::from_utf8_lossy(&e.name).into_owned(), e.data))
        .collect()
}

/// One hash of every path and byte of the folder.
fn folder_hash(dir: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    files(dir).hash(&mut hasher);
    hasher.finish()
}

/// A copy of the defective example widget.
fn defective(tmp: &Path) -> PathBuf {
    let w = tmp.join("defective");
    copy_dir(&examples().join("defective"), &w);
    w
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cwd: &Path, args: &[&str]) -> Run {
    let output = amolint()
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("run amolint");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn diff_changes_no_byte_and_exits_1_when_there_is_something_to_change() {
    let tmp = tempfile::tempdir().expect("tmp");
    let w = defective(tmp.path());
    let before = folder_hash(&w);
    let safe = run(tmp.path(), &["check", "defective", "--diff"]);
    assert_eq!(safe.code, 1, "{}", safe.stderr);
    assert!(
        safe.stdout
            .starts_with("--- defective/i18n/en.json\n+++ defective/i18n/en.json\n"),
        "{}",
        safe.stdout
    );
    assert!(!safe.stdout.contains("manifest.json"), "{}", safe.stdout);
    assert!(
        safe.stderr
            .contains("would fix 1 finding (5 more with --unsafe-fixes)"),
        "{}",
        safe.stderr
    );
    let all = run(
        tmp.path(),
        &["check", "defective", "--diff", "--unsafe-fixes"],
    );
    assert_eq!(all.code, 1);
    for line in [
        "-    \"init_once\": \"Y\",",
        "+    \"init_once\": true,",
        "-    \"code\": \"my_widget\",",
        "+      \"type\": \"pass\",",
    ] {
        assert!(all.stdout.contains(line), "{line} missing:\n{}", all.stdout);
    }
    assert_eq!(folder_hash(&w), before, "--diff wrote something");

    // The fixed widget has nothing left to change: exit 0, and still nothing written.
    let fixed = run(
        tmp.path(),
        &["check", "defective", "--fix", "--unsafe-fixes"],
    );
    assert_eq!(fixed.code, 1, "I18N001 remains: {}", fixed.stdout);
    let settled = folder_hash(&w);
    let again = run(
        tmp.path(),
        &["check", "defective", "--diff", "--unsafe-fixes"],
    );
    assert_eq!(again.code, 0, "{}", again.stdout);
    assert_eq!(again.stdout, "");
    assert!(again.stderr.contains("nothing to fix"), "{}", again.stderr);
    assert_eq!(folder_hash(&w), settled);

    let json = run(
        tmp.path(),
        &["check", "defective", "--diff", "--format", "json"],
    );
    assert_eq!(json.code, 2);
    assert!(
        json.stderr.contains("`--diff` prints a diff"),
        "{}",
        json.stderr
    );
}

#[test]
fn fix_writes_what_diff_shows_and_reports_what_remains() {
    let tmp = tempfile::tempdir().expect("tmp");
    let w = defective(tmp.path());
    let original = files(&w);
    let shown = run(
        tmp.path(),
        &["check", "defective", "--diff", "--unsafe-fixes"],
    )
    .stdout;

    // Safe fixes only: the BOM goes, the rest stays.
    let safe = run(
        tmp.path(),
        &["check", "defective", "--fix", "--color", "never"],
    );
    assert_eq!(safe.code, 1, "errors remain: {}", safe.stdout);
    let after_safe = files(&w);
    assert_eq!(
        after_safe["i18n/en.json"],
        original["i18n/en.json"][3..].to_vec()
    );
    assert_eq!(after_safe["manifest.json"], original["manifest.json"]);
    assert!(
        safe.stdout
            .lines()
            .last()
            .unwrap_or_default()
            .ends_with("; fixed 1 finding; 5 fixable with --fix --unsafe-fixes"),
        "{}",
        safe.stdout
    );

    // Then the unsafe ones: every changed line is one the diff showed.
    let all = run(
        tmp.path(),
        &[
            "check",
            "defective",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "json",
        ],
    );
    let report: Value = serde_json::from_str(&all.stdout).expect("JSON");
    assert_eq!(report["summary"]["fixed"], 5, "{}", all.stdout);
    assert_eq!(report["summary"]["fixable"], 0);
    assert_eq!(report["summary"]["unsafe_fixable"], 0);
    let codes: Vec<&str> = report["widgets"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect();
    assert_eq!(codes, ["ARC006", "IMG002", "I18N001"], "{}", all.stdout);
    let manifest = String::from_utf8(files(&w)["manifest.json"].clone()).expect("utf-8");
    let before = String::from_utf8(original["manifest.json"].clone()).expect("utf-8");
    for line in manifest
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
    {
        assert!(
            shown.contains(&format!("+{line}\n")),
            "{line} was not in the diff"
        );
    }
    // Untouched lines are byte-identical, in their order.
    let kept: Vec<&str> = before
        .lines()
        .filter(|l| manifest.lines().any(|m| m == *l))
        .collect();
    assert_eq!(kept.len(), before.lines().count() - 5, "{manifest}");
    assert!(
        serde_json::from_str::<Value>(&manifest).is_ok(),
        "{manifest}"
    );
}

#[test]
fn fixes_are_marked_in_text_and_carried_in_json() {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = run(
        repository,
        &["check", "examples/widgets/defective", "--color", "never"],
    );
    assert!(
        text.stdout
            .contains("error[ENC001]: [*] `i18n/en.json` starts with a UTF-8 byte order mark"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("\nfix: remove the byte order mark\n"));
    assert!(
        text.stdout.contains("warning[MAN003]: `widget.init_once`"),
        "unsafe fixes are not marked without --unsafe-fixes: {}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("\nunsafe fix (--unsafe-fixes): replace the string \"Y\" with `true`\n")
    );
    assert!(
        text.stdout
            .ends_with("; 1 fixable with --fix (5 more with --unsafe-fixes)\n"),
        "{}",
        text.stdout
    );
    let marked = run(
        repository,
        &[
            "check",
            "examples/widgets/defective",
            "--color",
            "never",
            "--unsafe-fixes",
        ],
    );
    assert!(
        marked
            .stdout
            .contains("warning[MAN003]: [*] `widget.init_once`")
    );

    let json = run(
        repository,
        &["check", "examples/widgets/defective", "--format", "json"],
    );
    let report: Value = serde_json::from_str(&json.stdout).expect("JSON");
    let diagnostics = report["widgets"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    let bom = diagnostics
        .iter()
        .find(|d| d["code"] == "ENC001")
        .expect("ENC001");
    assert_eq!(
        bom["fix"],
        serde_json::json!({"applicability": "safe", "message": "remove the byte order mark",
            "edits": [{"file": "i18n/en.json", "line": 1, "column": 1, "end_line": 1,
                       "end_column": 2, "content": ""}]})
    );
    let secret = diagnostics
        .iter()
        .find(|d| d["code"] == "MAN006" && d["pointer"] == "/widget/secret_key")
        .expect("MAN006");
    assert_eq!(secret["fix"]["applicability"], "unsafe");
    let edit = &secret["fix"]["edits"][0];
    assert_eq!((&edit["line"], &edit["column"]), (&9.into(), &5.into()));
    assert_eq!(
        (&edit["end_line"], &edit["end_column"]),
        (&10.into(), &5.into())
    );
    assert!(
        diagnostics
            .iter()
            .filter(|d| d["code"] == "I18N001" || d["code"] == "ARC006")
            .all(|d| d.get("fix").is_none()),
        "no fix for a missing file or a junk file"
    );
    assert_eq!(report["summary"]["fixable"], 1);
    assert_eq!(report["summary"]["unsafe_fixable"], 5);
    assert_eq!(report["summary"]["fixed"], 0);
}

#[test]
fn a_zip_is_never_modified_and_its_findings_say_how_to_fix_them() {
    let tmp = tempfile::tempdir().expect("tmp");
    let zip = tmp.path().join("widget.zip");
    fs::write(
        &zip,
        rawzip::write(&entries_of(&examples().join("defective"))),
    )
    .expect("zip");
    let before = fs::read(&zip).expect("read");
    let out = run(
        tmp.path(),
        &[
            "check",
            "widget.zip",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 1);
    assert_eq!(fs::read(&zip).expect("read"), before);
    assert!(
        out.stderr.contains("widget.zip: a zip is never modified"),
        "{}",
        out.stderr
    );
    let report: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(report["summary"]["fixed"], 0);
    let bom = report["widgets"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "ENC001")
        .expect("ENC001")
        .clone();
    assert!(bom.get("fix").is_none(), "{bom}");
    assert!(
        bom["help"]
            .as_str()
            .expect("help")
            .contains("can repair this in the unpacked folder (a zip is never modified); `amolint pack` builds the zip again"),
        "{bom}"
    );
    let diff = run(tmp.path(), &["check", "widget.zip", "--diff"]);
    assert_eq!(diff.code, 0, "nothing a diff could show: {}", diff.stdout);
    assert_eq!(fs::read(&zip).expect("read"), before);
}

#[test]
fn rules_and_explain_say_which_rules_can_fix() {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let list = run(repository, &["rules"]);
    let line = |code: &str| {
        list.stdout
            .lines()
            .find(|l| l.starts_with(code))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("ENC001").contains(" fix=safe "), "{}", line("ENC001"));
    assert!(
        line("MAN003").contains(" fix=safe+unsafe "),
        "{}",
        line("MAN003")
    );
    assert!(
        line("TOUR002").contains(" fix=unsafe "),
        "{}",
        line("TOUR002")
    );
    for code in ["ARC006", "ARC007", "SEC001"] {
        assert!(line(code).contains(" fix=- "), "{}", line(code));
    }
    let json: Value = serde_json::from_str(&run(repository, &["rules", "--format", "json"]).stdout)
        .expect("JSON");
    let fix_of = |code: &str| {
        json.as_array()
            .expect("list")
            .iter()
            .find(|r| r["code"] == code)
            .expect("listed")["fix"]
            .clone()
    };
    assert_eq!(fix_of("MAN003"), serde_json::json!(["safe", "unsafe"]));
    assert_eq!(fix_of("ARC006"), serde_json::json!([]));
    let explain = run(repository, &["explain", "ENC004"]);
    assert!(
        explain.stdout.contains("· Fix: safe\n"),
        "{}",
        explain.stdout
    );
    assert!(
        explain
            .stdout
            .contains("## Automatic fix\n- Safe (`--fix`): When the repeated key"),
        "{}",
        explain.stdout
    );
    let none = run(repository, &["explain", "ARC006"]);
    assert!(
        none.stdout.contains("· No automatic fix\n"),
        "{}",
        none.stdout
    );
}
