//! End-to-end tests of the `amolint` binary: exit codes, the JSON report, discovery, the
//! configuration file, and the `rules` / `explain` commands.

mod common;

use common::*;
use serde_json::Value;
use std::fs;

/// `amolint check ARGS FORMAT_ARGS`.
fn check(args: &[&str], format_args: [&str; 2]) -> std::process::Output {
    amolint()
        .arg("check")
        .args(args)
        .args(format_args)
        .output()
        .expect("run")
}

fn json_report(args: &[&str]) -> (i32, Value) {
    let output = check(args, ["--format", "json"]);
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().expect("exit code"), report)
}

fn codes(widget: &Value) -> Vec<String> {
    widget["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code").to_string())
        .collect()
}

#[test]
fn a_clean_widget_exits_0_and_a_defective_one_exits_1() {
    amolint()
        .args(["check", "examples/widgets/clean"])
        .assert()
        .code(0);
    amolint()
        .args(["check", "examples/widgets/defective"])
        .assert()
        .code(1);
    amolint()
        .args(["check", "examples/widgets/defective", "--fail-on", "never"])
        .assert()
        .code(0);
}

#[test]
fn fail_on_sets_the_threshold_of_exit_status_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&examples().join("clean"), dir.path());
    let manifest = dir.path().join("manifest.json");
    let text = fs::read_to_string(&manifest).expect("manifest");
    fs::write(
        &manifest,
        text.replace("\"interface_version\": 2", "\"interface_version\": 3"),
    )
    .expect("write");
    let path = dir.path().to_str().expect("utf-8 path");
    amolint()
        .args(["check", path, "--fail-on", "never"])
        .assert()
        .code(0);
    amolint().args(["check", path]).assert().code(1);
}

#[test]
fn the_json_report_has_the_documented_fields() {
    let (code, report) = json_report(&["examples/widgets/defective"]);
    assert_eq!(code, 1);
    assert_eq!(report["tool"]["name"], "amolint");
    assert_eq!(report["tool"]["version"], env!("CARGO_PKG_VERSION"));
    let widgets = report["widgets"].as_array().expect("widgets");
    assert_eq!(widgets.len(), 1);
    let widget = &widgets[0];
    assert_eq!(widget["path"], "examples/widgets/defective");
    assert_eq!(widget["kind"], "directory");
    assert_eq!(widget["platform"], "kommo");
    assert!(
        widget["platform_reason"]
            .as_str()
            .expect("reason")
            .contains("default")
    );
    let diagnostic = &widget["diagnostics"][0];
    for field in [
        "code",
        "name",
        "pack",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "pointer",
        "help",
    ] {
        assert!(
            diagnostic.get(field).is_some(),
            "missing `{field}` in {diagnostic}"
        );
    }
    let summary = &report["summary"];
    assert_eq!(summary["widgets"], 1);
    let errors = widget["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    assert_eq!(summary["errors"].as_u64(), Some(errors as u64));
}

#[test]
fn the_platform_is_detected_or_forced() {
    let (_, auto) = json_report(&["examples/widgets/clean"]);
    assert_eq!(auto["widgets"][0]["platform"], "kommo");
    let (_, forced) = json_report(&["examples/widgets/clean", "--platform", "amocrm"]);
    assert_eq!(forced["widgets"][0]["platform"], "amocrm");
    assert_eq!(
        forced["widgets"][0]["platform_reason"],
        "set by --platform or rules.toml"
    );

    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&examples().join("clean"), dir.path());
    let manifest = dir.path().join("manifest.json");
    let text = fs::read_to_string(&manifest).expect("manifest");
    fs::write(
        &manifest,
        text.replace("[\"en\", \"es\"]", "[\"ru\", \"en\", \"es\"]"),
    )
    .expect("write");
    let (_, ru) = json_report(&[dir.path().to_str().expect("path")]);
    assert_eq!(ru["widgets"][0]["platform"], "amocrm");
    assert_eq!(
        ru["widgets"][0]["platform_reason"],
        "widget.locale contains ru"
    );
}

#[test]
fn a_folder_of_widgets_is_searched_and_every_widget_is_reported() {
    let (_, report) = json_report(&["examples/widgets"]);
    let paths: Vec<&str> = report["widgets"]
        .as_array()
        .expect("widgets")
        .iter()
        .map(|w| w["path"].as_str().expect("path"))
        .collect();
    assert_eq!(
        paths,
        [
            "examples/widgets/clean",
            "examples/widgets/defective",
            "examples/widgets/nested/widget.zip"
        ]
    );
    assert_eq!(report["widgets"][2]["kind"], "zip");
}

#[test]
fn discovery_skips_node_modules_and_git() {
    let dir = tempfile::tempdir().expect("tempdir");
    for place in ["a", "node_modules/pkg", ".git/x", "b/c"] {
        copy_dir(&examples().join("clean"), &dir.path().join(place));
    }
    let root = dir.path().to_str().expect("path");
    let (_, report) = json_report(&[root]);
    let paths: Vec<String> = report["widgets"]
        .as_array()
        .expect("widgets")
        .iter()
        .map(|w| w["path"].as_str().expect("path").to_string())
        .collect();
    assert_eq!(paths, [format!("{root}/a"), format!("{root}/b/c")]);
}

#[test]
fn a_path_without_a_widget_is_a_usage_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir(dir.path().join("docs")).expect("mkdir");
    let path = dir.path().join("docs");
    let out = amolint()
        .args(["check", path.to_str().expect("path")])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("no widget found"), "{stderr}");
    assert!(stderr.contains(path.to_str().expect("path")), "{stderr}");

    let out = amolint().args(["check", "does/not/exist"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("does/not/exist: no such file or folder"),
        "{stderr}"
    );
}

#[test]
fn reports_are_byte_identical_whatever_the_thread_count() {
    let run = |jobs: &str| {
        amolint()
            .args([
                "check",
                "examples/widgets",
                "--format",
                "json",
                "--jobs",
                jobs,
            ])
            .output()
            .expect("run")
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("2"));
    assert_eq!(one, run("4"));
}

#[test]
fn output_goes_to_the_file_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("report.json");
    amolint()
        .args([
            "check",
            "examples/widgets/clean",
            "--format",
            "json",
            "--output",
        ])
        .arg(&file)
        .assert()
        .code(0)
        .stdout("");
    let report: Value =
        serde_json::from_str(&fs::read_to_string(&file).expect("report")).expect("json");
    assert_eq!(report["summary"]["widgets"], 1);
}

#[test]
fn text_output_shows_place_source_line_and_summary() {
    let out = amolint()
        .args(["check", "examples/widgets/defective", "--color", "never"])
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains("error[MAN004]") || text.contains("error["),
        "{text}"
    );
    assert!(text.contains("--> examples/widgets/defective/"), "{text}");
    assert!(text.contains(" | "), "no source line in {text}");
    // Each finding ends with its rule's page, one line.
    let page = format!(
        "\nnote: see {}/blob/main/docs/rules/MAN003.md\n",
        amolint_core::rule::HOME_PAGE
    );
    let man003 = text.find("warning[MAN003]").expect("MAN003 reported");
    assert!(text[man003..].contains(&page), "{text}");
    assert_eq!(
        text.matches("\nnote: see ").count(),
        text.matches("\nerror[").count() + text.matches("\nwarning[").count(),
        "one link per finding: {text}"
    );
    assert!(
        text.lines()
            .last()
            .expect("lines")
            .starts_with("Checked 1 widget: "),
        "{text}"
    );
}

/// The text output of `amolint check ARGS --color never`, and its exit code.
fn text_report(args: &[&str]) -> (i32, String) {
    let output = check(args, ["--color", "never"]);
    (
        output.status.code().expect("exit code"),
        String::from_utf8(output.stdout).expect("utf-8 output"),
    )
}

#[test]
fn in_a_bulk_run_clean_widgets_get_no_block_and_the_summary_counts_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&examples().join("clean"), &dir.path().join("a"));
    copy_dir(&examples().join("defective"), &dir.path().join("b"));
    copy_dir(&examples().join("clean"), &dir.path().join("c"));
    let root = dir.path().to_str().expect("utf-8 path");
    let (code, text) = text_report(&[root]);
    assert_eq!(code, 1);
    let headers: Vec<&str> = text
        .lines()
        .filter(|line| line.contains(" (directory) · "))
        .collect();
    assert_eq!(headers.len(), 1, "{text}");
    assert!(
        headers[0].starts_with(&format!("{root}/b (directory)")),
        "{text}"
    );
    assert!(!text.contains("no findings"), "{text}");
    let (_, report) = json_report(&[root]);
    let summary = &report["summary"];
    assert_eq!(
        text.lines().last().expect("lines"),
        format!(
            "Checked 3 widgets: 2 without findings; {} errors, {} warnings, {} infos; {} fixable \
             with --fix ({} more with --unsafe-fixes)",
            summary["errors"],
            summary["warnings"],
            summary["infos"],
            summary["fixable"],
            summary["unsafe_fixable"]
        ),
        "{text}"
    );
    // One widget keeps its header and says it is clean.
    let (code, text) = text_report(&[&format!("{root}/a")]);
    assert_eq!(code, 0);
    assert_eq!(
        text,
        format!(
            "{root}/a (directory) · kommo: no ru locale and no amocrm support domain (default)\n  no findings\n\nChecked 1 widget: 0 errors, 0 warnings, 0 infos\n"
        )
    );
}

#[test]
fn statistics_count_each_rule_that_fired_as_the_json_report_does() {
    let (code, text) = text_report(&["examples/widgets", "--statistics"]);
    assert_eq!(code, 1);
    let (_, report) = json_report(&["examples/widgets"]);
    // summary.by_rule: every finding of the report counted once, by rule and severity, the
    // most frequent first.
    let mut tally: std::collections::BTreeMap<(String, String), u64> = Default::default();
    for widget in report["widgets"].as_array().expect("widgets") {
        for d in widget["diagnostics"].as_array().expect("diagnostics") {
            let key = (
                d["code"].as_str().expect("code").to_string(),
                d["severity"].as_str().expect("severity").to_string(),
            );
            *tally.entry(key).or_default() += 1;
        }
    }
    let by_rule = report["summary"]["by_rule"].as_array().expect("by_rule");
    assert_eq!(by_rule.len(), tally.len());
    let counts: Vec<u64> = by_rule
        .iter()
        .map(|r| r["count"].as_u64().expect("count"))
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let mut lines = text.lines();
    for rule in by_rule {
        let key = (
            rule["code"].as_str().expect("code").to_string(),
            rule["severity"].as_str().expect("severity").to_string(),
        );
        assert_eq!(rule["count"].as_u64(), tally.get(&key).copied(), "{rule}");
        // The text has the same lines in the same order: count, code, name, severity, and how
        // many are fixable when some are.
        let line = lines.next().expect("a line per rule");
        let words: Vec<&str> = line.split_whitespace().collect();
        let fixable = rule["fixable"].to_string();
        let mut expected = vec![
            rule["count"].to_string(),
            key.0.clone(),
            rule["name"].as_str().expect("name").to_string(),
            key.1.clone(),
        ];
        if fixable != "0" {
            expected.extend(["[*]".to_string(), fixable, "fixable".to_string()]);
        }
        assert_eq!(words, expected, "{text}");
    }
    // No findings printed; a blank line, then the summary.
    assert_eq!(lines.next(), Some(""), "{text}");
    assert!(
        lines
            .next()
            .expect("summary")
            .starts_with("Checked 3 widgets: 1 without findings; ")
    );
    assert_eq!(lines.next(), None, "{text}");
    assert!(!text.contains("-->"), "{text}");

    let out = amolint()
        .args([
            "check",
            "examples/widgets",
            "--statistics",
            "--format",
            "sarif",
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("summary.by_rule"), "{stderr}");
}

#[test]
fn config_errors_exit_2_with_file_line_column_and_a_suggestion() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("rules.toml");
    let cases = [
        (
            "fail_on = \"error\"\n",
            "rules.toml:1:1: unknown key `fail_on` at the top level; did you mean `fail-on`?",
        ),
        (
            "[rules]\nMAN04 = \"off\"\n",
            "rules.toml:2:1: unknown rule `MAN04`; did you mean `MAN004`?",
        ),
        (
            "[rules]\nMAN004 = \"of\"\n",
            "rules.toml:2:10: `of` is not a level",
        ),
        (
            "platform = \"amo\"\n",
            "rules.toml:1:12: `amo` is not a platform",
        ),
        (
            "[packs]\nmanifests = false\n",
            "rules.toml:2:1: unknown key `manifests` in [packs] (not a rule pack); did you mean `manifest`?",
        ),
        ("[rules\n", "rules.toml:1:"),
    ];
    for (text, expected) in cases {
        fs::write(&config, text).expect("write");
        let out = amolint()
            .args(["check", "examples/widgets/clean", "--config"])
            .arg(&config)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(stderr.contains(expected), "for {text:?}: {stderr}");
    }
}

#[test]
fn configuration_turns_rules_off_and_changes_levels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("rules.toml");
    let check = |text: &str| {
        fs::write(&config, text).expect("write");
        let output = amolint()
            .args([
                "check",
                "examples/widgets/defective",
                "--format",
                "json",
                "--config",
            ])
            .arg(&config)
            .output()
            .expect("run");
        let report: Value = serde_json::from_slice(&output.stdout).expect("json");
        report["widgets"][0].clone()
    };
    let all = check("");
    assert!(codes(&all).contains(&"ENC001".to_string()), "{all}");
    let off = check("[rules]\nutf8-bom = \"off\"\n");
    assert!(!codes(&off).contains(&"ENC001".to_string()));
    let pack_off = check("[packs]\nfiles = false\n");
    assert!(
        codes(&pack_off)
            .iter()
            .all(|c| !c.starts_with("ENC") && !c.starts_with("ARC"))
    );
    let info = check("[rules]\nENC = \"info\"\n");
    let enc: Vec<&Value> = info["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("ENC")))
        .collect();
    assert!(
        !enc.is_empty() && enc.iter().all(|d| d["severity"] == "info"),
        "{enc:?}"
    );
    let overridden =
        check("[[overrides]]\npaths = [\"examples/widgets/*\"]\nrules = { ENC001 = \"off\" }\n");
    assert!(!codes(&overridden).contains(&"ENC001".to_string()));
}

#[test]
fn rules_are_listed_and_explained() {
    let out = amolint()
        .args(["rules", "--format", "json"])
        .assert()
        .code(0);
    let list: Value = serde_json::from_slice(&out.get_output().stdout).expect("json");
    let man004 = list
        .as_array()
        .expect("list")
        .iter()
        .find(|r| r["code"] == "MAN004")
        .expect("MAN004 listed");
    assert_eq!(man004["name"], "interface-version");
    assert_eq!(man004["pack"], "manifest");
    assert_eq!(man004["severity"]["amocrm"], "error");
    assert_eq!(man004["severity"]["kommo"], "error");

    for query in ["MAN004", "interface-version", "man004"] {
        let out = amolint().args(["explain", query]).assert().code(0);
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        for part in [
            "MAN004 interface-version",
            "## What it checks",
            "## Why",
            "## Bad",
            "## Good",
            "## Fix",
            "## Sources",
        ] {
            assert!(
                text.contains(part),
                "`{part}` missing from explain {query}:\n{text}"
            );
        }
        // Sources people can open: a title, its id, and the address on the next line.
        let sources = &text[text.find("## Sources").expect("sources")..];
        assert!(
            sources.contains(
                "- Kommo developer docs: manifest.json (K-MANIFEST)\n  https://developers.kommo.com/docs/manifest-json\n"
            ),
            "{sources}"
        );
    }
    let out = amolint()
        .args(["explain", "interface-versoin"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("did you mean `interface-version`?"),
        "{stderr}"
    );
}
