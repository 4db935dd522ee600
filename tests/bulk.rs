//! End-to-end tests of the bulk-audit features: SARIF (validated against the official SARIF
//! 2.1.0 schema and read back by `sarif-fmt`), GitHub annotations, the job summary, JUnit,
//! baselines, shards and glob patterns.

mod common;

use common::*;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn stdout(args: &[&str]) -> String {
    let output = amolint().args(args).output().expect("run");
    String::from_utf8(output.stdout).expect("utf-8 output")
}

fn sarif(args: &[&str]) -> Value {
    let mut all = vec!["check", "examples/widgets", "--format", "sarif"];
    all.extend_from_slice(args);
    serde_json::from_str(&stdout(&all)).expect("SARIF is JSON")
}

#[test]
fn sarif_validates_against_the_official_schema_with_formats_checked() {
    let schema = sarif_schema();
    for args in [
        &[][..],
        &["--sarif-category", "shard-1"][..],
        &["--platform", "amocrm"][..],
    ] {
        let errors = sarif_schema_errors(&schema, &sarif(args));
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn sarif_results_reference_rules_and_point_into_the_repository() {
    let report = sarif(&["--sarif-category", "widgets"]);
    let run = &report["runs"][0];
    assert_eq!(run["automationDetails"]["id"], "widgets/");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(rules.iter().all(|r| {
        r["help"]["markdown"]
            .as_str()
            .is_some_and(|m| m.contains("\n## Fix\n") && m.contains("\n## Sources\n"))
    }));
    // Each rule's help points at its page of the rule reference, which the repository has.
    for rule in rules {
        let code = rule["id"].as_str().expect("id");
        let page = format!("docs/rules/{code}.md");
        assert_eq!(
            rule["helpUri"],
            format!("{}/blob/main/{page}", amolint_core::rule::HOME_PAGE)
        );
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(&page).is_file(),
            "{page}"
        );
    }
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uriBaseId"], "SRCROOT");
        let uri = location["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(uri.starts_with("examples/widgets/"), "{uri}");
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(uri).exists(),
            "{uri} does not exist"
        );
        assert!(result["partialFingerprints"]["amolintFingerprint/v1"].is_string());
        if uri.ends_with(".zip") {
            assert_eq!(location["region"]["byteOffset"], 0);
            assert!(
                result["message"]["text"]
                    .as_str()
                    .expect("text")
                    .contains("inside this zip")
            );
        }
    }
    // tests/sarif.rs checks SRCROOT's URI and resolves every location against it.

    let rooted = sarif(&["--sarif-root", "examples"]);
    let uri = rooted["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .expect("uri")
        .to_string();
    assert!(uri.starts_with("widgets/"), "{uri}");
}

#[test]
fn sarif_fingerprints_survive_a_line_move() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/widgets/defective"),
        &dir.path().join("w"),
    );
    let fingerprints = |root: &Path| -> Vec<(String, String)> {
        let output = amolint()
            .args(["check", "w", "--format", "sarif"])
            .current_dir(root)
            .output()
            .expect("run");
        let report: Value = serde_json::from_slice(&output.stdout).expect("json");
        report["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().expect("id").to_string(),
                    r["partialFingerprints"]["amolintFingerprint/v1"]
                        .as_str()
                        .expect("fp")
                        .to_string(),
                )
            })
            .collect()
    };
    let before = fingerprints(dir.path());
    let manifest = dir.path().join("w/manifest.json");
    let text = fs::read_to_string(&manifest).expect("manifest");
    fs::write(&manifest, format!("\n\n\n{text}")).expect("write");
    let en = dir.path().join("w/i18n/en.json");
    let bytes = fs::read(&en).expect("en");
    fs::write(&en, [&bytes[..3], b"\n\n", &bytes[3..]].concat()).expect("write");
    assert!(!before.is_empty());
    assert_eq!(before, fingerprints(dir.path()));
}

#[test]
fn sarif_fmt_reads_the_report() {
    let file = tempfile::NamedTempFile::new().expect("temp file");
    fs::write(
        file.path(),
        stdout(&["check", "examples/widgets", "--format", "sarif"]),
    )
    .expect("write");
    let Some(output) = sarif_fmt(file.path()) else {
        return;
    };
    let rendered = String::from_utf8_lossy(&output.stdout);
    // Like a compiler, sarif-fmt exits non-zero when the report holds errors; it must still have
    // parsed the whole file and rendered every result.
    assert!(
        output.stderr.is_empty(),
        "sarif-fmt could not read the report: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(rendered.contains(" errors emitted"), "{rendered}");
    assert!(
        rendered.contains("`i18n/en.json` starts with a UTF-8 byte order mark (BOM)"),
        "{rendered}"
    );
    assert!(
        rendered.contains("examples/widgets/defective/i18n/en.json:1:1"),
        "{rendered}"
    );
}

#[test]
fn github_annotations_are_workflow_commands() {
    let text = stdout(&["check", "examples/widgets", "--format", "github"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(!lines.is_empty());
    for line in &lines {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice "),
            "{line}"
        );
        assert!(line.contains("title=amolint "), "{line}");
        assert!(!line.contains('\n'));
        // The message's last line is the rule's page (the title names the rule).
        let code = line
            .split("title=amolint ")
            .nth(1)
            .and_then(|rest| rest.split("::").next())
            .expect("code");
        assert!(
            line.ends_with(&format!(
                "%0Anote: see {}/blob/main/docs/rules/{code}.md",
                amolint_core::rule::HOME_PAGE
            )),
            "{line}"
        );
    }
    assert!(
        lines.iter().any(|l| l.starts_with("::error file=examples/widgets/defective/i18n/en.json,line=1,col=1,endLine=1,endColumn=2,title=amolint ENC001::")),
        "{text}"
    );
}

#[test]
fn the_job_summary_is_appended_as_markdown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let summary = dir.path().join("summary.md");
    fs::write(&summary, "# earlier step\n").expect("write");
    amolint()
        .args([
            "check",
            "examples/widgets",
            "--format",
            "github",
            "--summary",
        ])
        .arg(&summary)
        .assert()
        .code(1);
    let md = fs::read_to_string(&summary).expect("summary");
    assert!(md.starts_with("# earlier step\n## amolint\n"), "{md}");
    assert!(md.contains("Checked **3** widgets"), "{md}");
    assert!(md.contains("| `ENC001` | utf8-bom |"), "{md}");
    assert!(md.contains("### Widgets with the most findings"), "{md}");
}

#[test]
fn junit_has_one_test_case_per_widget() {
    let xml = stdout(&["check", "examples/widgets", "--format", "junit"]);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert_eq!(xml.matches("<testcase ").count(), 3);
    assert!(
        xml.contains(
            "<testcase classname=\"amolint\" name=\"examples/widgets/defective\">\n      <failure"
        ),
        "{xml}"
    );
    assert_eq!(
        xml.matches("<testcase").count(),
        xml.matches("</testcase>").count()
    );
}

#[test]
fn a_baseline_written_and_reapplied_leaves_nothing_to_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let baseline = dir.path().join("baseline.json");
    amolint()
        .args(["check", "examples/widgets", "--write-baseline"])
        .arg(&baseline)
        .assert()
        .code(0);
    let recorded: Value =
        serde_json::from_str(&fs::read_to_string(&baseline).expect("baseline")).expect("json");
    assert_eq!(recorded["version"], 1);
    assert!(!recorded["entries"].as_array().expect("entries").is_empty());

    let out = amolint()
        .args([
            "check",
            "examples/widgets",
            "--format",
            "json",
            "--baseline",
        ])
        .arg(&baseline)
        .assert()
        .code(0);
    let report: Value = serde_json::from_slice(&out.get_output().stdout).expect("json");
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 0);
    assert_eq!(report["summary"]["widgets"], 3);

    // An entry that matches nothing any more is listed for pruning.
    let mut edited = recorded.clone();
    edited["entries"].as_array_mut().expect("entries").push(serde_json::json!({"widget": "examples/widgets/clean", "file": "manifest.json", "code": "MAN004", "count": 2}));
    fs::write(&baseline, serde_json::to_string(&edited).expect("json")).expect("write");
    let out = amolint()
        .args(["check", "examples/widgets", "--baseline"])
        .arg(&baseline)
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("examples/widgets/clean/manifest.json MAN004 (2 fewer)"),
        "{stderr}"
    );
}

#[test]
fn shards_cover_every_widget_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clean = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/widgets/clean");
    for i in 0..12 {
        copy_dir(&clean, &dir.path().join(format!("w{i:02}")));
    }
    let paths = |shard: Option<&str>| -> Vec<String> {
        let mut cmd = amolint();
        cmd.args(["check", ".", "--format", "json"])
            .current_dir(dir.path());
        if let Some(shard) = shard {
            cmd.args(["--shard", shard]);
        }
        let report: Value =
            serde_json::from_slice(&cmd.output().expect("run").stdout).expect("json");
        report["widgets"]
            .as_array()
            .expect("widgets")
            .iter()
            .map(|w| w["path"].as_str().expect("path").to_string())
            .collect()
    };
    let all = paths(None);
    assert_eq!(all.len(), 12);
    let (one, two) = (paths(Some("1/2")), paths(Some("2/2")));
    assert!(!one.is_empty() && !two.is_empty());
    let mut union = [one.clone(), two.clone()].concat();
    union.sort();
    assert_eq!(union, all);
    assert!(one.iter().all(|p| !two.contains(p)));
    amolint()
        .args(["check", "examples/widgets", "--shard", "3/2"])
        .assert()
        .code(2);
}

#[test]
fn quoted_glob_patterns_select_widgets() {
    let report: Value = serde_json::from_str(&stdout(&[
        "check",
        "examples/widgets/**/widget.zip",
        "--format",
        "json",
    ]))
    .expect("json");
    let paths: Vec<&str> = report["widgets"]
        .as_array()
        .expect("widgets")
        .iter()
        .map(|w| w["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths, ["examples/widgets/nested/widget.zip"]);
    let report: Value = serde_json::from_str(&stdout(&[
        "check",
        "examples/widgets/*",
        "--format",
        "json",
    ]))
    .expect("json");
    assert_eq!(
        report["summary"]["widgets"], 2,
        "folders clean and defective match `*`; the zip is one folder deeper"
    );
    amolint()
        .args(["check", "examples/nothing/**/*.zip"])
        .assert()
        .code(2);
}

#[test]
fn every_format_is_identical_whatever_the_thread_count() {
    for format in ["text", "json", "sarif", "github", "junit"] {
        let run = |jobs: &str| {
            stdout(&[
                "check",
                "examples/widgets",
                "--format",
                format,
                "--jobs",
                jobs,
                "--color",
                "never",
            ])
        };
        assert_eq!(run("1"), run("3"), "{format}");
    }
}
