//! Tests of the GitHub Action: its scripts run by bash in a simulated GitHub environment
//! (temporary `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`, `GITHUB_ACTION_PATH`, event name and
//! repositories) against `examples/widgets` with the amolint binary built for these tests; the
//! installer against a fake release made by the release scripts and served from a `file://` URL;
//! and the contracts between `action.yml`, the workflows and the README.
//!
//! The YAML files are read line by line, by indentation, rather than with a YAML crate: they are
//! this repository's own files, validated against GitHub's schemas by scripts/ci/check-workflows.sh,
//! and the tests only need their keys and `run:` blocks.
//!
//! Unix only: the scripts run under bash on the runners, and on Windows a test's `bash` may be
//! WSL's rather than Git's.
#![cfg(unix)]

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn amolint_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_amolint"))
}

/// A simulated runner: its own temporary files and a clean environment, so nothing of a real
/// GitHub job that runs these tests leaks in.
struct Runner {
    dir: tempfile::TempDir,
    env: BTreeMap<String, String>,
    path_front: Vec<PathBuf>,
}

impl Runner {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let temp = dir.path().join("runner-temp");
        fs::create_dir_all(&temp).expect("runner temp");
        fs::write(dir.path().join("output"), "").expect("GITHUB_OUTPUT");
        // The summary file already holds an earlier step's summary: amolint must append.
        fs::write(dir.path().join("summary.md"), "earlier step\n").expect("summary");
        let mut env = BTreeMap::new();
        for (key, value) in [
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_EVENT_NAME", "push"),
            ("GITHUB_REPOSITORY", "acme/widgets"),
            ("GITHUB_WORKSPACE", env!("CARGO_MANIFEST_DIR")),
            ("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR")),
        ] {
            env.insert(key.to_string(), value.to_string());
        }
        let paths = [
            ("GITHUB_OUTPUT", dir.path().join("output")),
            ("GITHUB_STEP_SUMMARY", dir.path().join("summary.md")),
            ("RUNNER_TEMP", temp),
            ("HOME", dir.path().to_path_buf()),
        ];
        for (key, value) in paths {
            env.insert(key.to_string(), value.to_str().expect("utf-8").to_string());
        }
        let bin_dir = amolint_bin().parent().expect("bin dir").to_path_buf();
        Runner {
            dir,
            env,
            path_front: vec![bin_dir],
        }
    }

    fn set(&mut self, key: &str, value: impl AsRef<str>) -> &mut Self {
        self.env.insert(key.to_string(), value.as_ref().to_string());
        self
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, script: &str) -> Output {
        let mut path: Vec<PathBuf> = self.path_front.clone();
        path.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        Command::new("bash")
            .arg(repo().join(script))
            .current_dir(repo())
            .env_clear()
            .envs(&self.env)
            .env("PATH", std::env::join_paths(path).expect("PATH"))
            .output()
            .expect("run bash")
    }

    /// The step outputs, as the runner reads `$GITHUB_OUTPUT` (`name=value` lines).
    fn outputs(&self) -> BTreeMap<String, String> {
        let text = fs::read_to_string(self.path("output")).expect("GITHUB_OUTPUT");
        text.lines()
            .filter_map(|line| line.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn describe(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr)
    )
}

/// Writes an executable script that records its arguments (one per line) to `log` and then runs
/// `then` with the same arguments.
fn recording_script(path: &Path, log: &Path, then: &str) {
    fs::write(
        path,
        format!(
            "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > '{}'\n{then}\n",
            log.display()
        ),
    )
    .expect("write script");
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).expect("chmod");
}

// ---------------------------------------------------------------------------------------------
// scripts/action/run.sh

/// The number of widgets amolint finds under `path`, from its own JSON report.
fn widget_count(path: &str) -> u64 {
    let output = amolint()
        .args(["check", path, "--format", "json"])
        .output()
        .expect("json report");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    report["summary"]["widgets"].as_u64().expect("widget count")
}

#[test]
fn one_run_gives_annotations_sarif_summary_and_outputs() {
    let mut runner = Runner::new();
    let sarif_path = runner.path("amolint.sarif");
    runner
        .set("AMOLINT_PATHS", "examples/widgets")
        .set("AMOLINT_SARIF_FILE", sarif_path.to_str().expect("utf-8"));
    let output = runner.run("scripts/action/run.sh");
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));

    // Annotations on standard output, with the repository-relative places of the findings.
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains(
            "::warning file=examples/widgets/defective/manifest.json,line=10,col=18,endLine=10,endColumn=21,title=amolint MAN003::"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("::error file=examples/widgets/nested/widget.zip,title=amolint ARC002::"),
        "{stdout}"
    );
    let annotations = |kind: &str| {
        stdout
            .lines()
            .filter(|l| l.starts_with(&format!("::{kind} file=")))
            .count()
    };
    let (error_annotations, warning_annotations) = (annotations("error"), annotations("warning"));
    assert!(error_annotations > 0 && warning_annotations > 0, "{stdout}");

    // The outputs agree with the annotations and with amolint's own JSON report of the same run.
    let outputs = runner.outputs();
    assert_eq!(outputs["exit-code"], "1");
    assert_eq!(outputs["sarif-file"], sarif_path.to_str().expect("utf-8"));
    assert_eq!(outputs["errors"], error_annotations.to_string());
    assert_eq!(outputs["warnings"], warning_annotations.to_string());
    let report: Value = serde_json::from_slice(
        &amolint()
            .args(["check", "examples/widgets", "--format", "json"])
            .output()
            .expect("json report")
            .stdout,
    )
    .expect("JSON");
    assert_eq!(outputs["errors"], report["summary"]["errors"].to_string());
    assert_eq!(
        outputs["warnings"],
        report["summary"]["warnings"].to_string()
    );

    // The SARIF file holds the same findings.
    let sarif: Value =
        serde_json::from_str(&fs::read_to_string(&sarif_path).expect("SARIF written"))
            .expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), error_annotations + warning_annotations);
    assert!(results.iter().any(|r| r["ruleId"] == "MAN003"
        && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            == "examples/widgets/defective/manifest.json"));

    // The job summary was appended to what the earlier step wrote.
    let summary = fs::read_to_string(runner.path("summary.md")).expect("summary");
    assert!(summary.starts_with("earlier step\n"), "{summary}");
    assert!(summary.contains("## amolint"), "{summary}");
    assert!(
        summary.contains(&format!(
            "Checked **{}** widgets: **{}** errors, **{}** warnings",
            report["summary"]["widgets"], outputs["errors"], outputs["warnings"]
        )),
        "{summary}"
    );
}

#[test]
fn html_file_writes_the_html_report_of_the_same_run() {
    let mut runner = Runner::new();
    let sarif_path = runner.path("amolint.sarif");
    let html_path = runner.path("report dir/amolint.html");
    fs::create_dir_all(html_path.parent().expect("parent")).expect("mkdir");
    runner
        .set("AMOLINT_PATHS", "examples/widgets")
        .set("AMOLINT_SARIF_FILE", sarif_path.to_str().expect("utf-8"))
        .set("AMOLINT_HTML_FILE", html_path.to_str().expect("utf-8"));
    let output = runner.run("scripts/action/run.sh");
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let outputs = runner.outputs();
    assert_eq!(outputs["html-file"], html_path.to_str().expect("utf-8"));
    let html = fs::read_to_string(&html_path).expect("HTML written");
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..100]);
    // The page counts what the outputs count.
    assert!(
        html.contains(&format!(
            "<div class=\"n\" id=\"count-errors\">{}</div>",
            outputs["errors"]
        )),
        "{outputs:?}"
    );

    // Without the input there is no HTML report and no output for it.
    let mut plain = Runner::new();
    let sarif = plain.path("amolint.sarif");
    plain
        .set("AMOLINT_PATHS", "examples/widgets")
        .set("AMOLINT_SARIF_FILE", sarif.to_str().expect("utf-8"));
    plain.run("scripts/action/run.sh");
    assert!(!plain.outputs().contains_key("html-file"));
}

#[test]
fn fail_on_decides_the_exit_status_after_everything_is_written() {
    let mut runner = Runner::new();
    let sarif_path = runner.path("out.sarif");
    runner
        .set("AMOLINT_PATHS", "examples/widgets")
        .set("AMOLINT_FAIL_ON", "never")
        .set("AMOLINT_SARIF_FILE", sarif_path.to_str().expect("utf-8"));
    let output = runner.run("scripts/action/run.sh");
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let outputs = runner.outputs();
    assert_eq!(outputs["exit-code"], "0");
    assert_ne!(outputs["errors"], "0");
    assert!(sarif_path.is_file());

    // A clean widget under the default threshold: exit 0 and zero counts.
    let mut clean = Runner::new();
    let clean_sarif = clean.path("clean.sarif");
    clean
        .set("AMOLINT_PATHS", "examples/widgets/clean")
        .set("AMOLINT_SARIF_FILE", clean_sarif.to_str().expect("utf-8"));
    let output = clean.run("scripts/action/run.sh");
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let outputs = clean.outputs();
    assert_eq!(
        (
            outputs["errors"].as_str(),
            outputs["warnings"].as_str(),
            outputs["exit-code"].as_str()
        ),
        ("0", "0", "0")
    );
    assert!(!text(&output.stdout).contains("::error"));
}

#[test]
fn inputs_become_arguments_without_shell_evaluation_and_native_packs_stay_off() {
    let mut runner = Runner::new();
    let log = runner.path("args.log");
    let fake = runner.path("amolint-recording");
    recording_script(
        &fake,
        &log,
        &format!("exec '{}' \"$@\"", amolint_bin().display()),
    );
    let sarif_path = runner.path("s.sarif");
    runner
        .set("AMOLINT_BIN", fake.to_str().expect("utf-8"))
        // A pattern must reach amolint unexpanded; `$(…)` must stay text.
        .set(
            "AMOLINT_PATHS",
            "examples/widgets/clean\n  examples/widgets/**/widget.zip",
        )
        .set("AMOLINT_ARGS", "--jobs 1  --quiet")
        .set("AMOLINT_PLATFORM", "kommo")
        .set("AMOLINT_CONFIG", "rules.toml")
        .set("AMOLINT_CATEGORY", "amolint-$(touch pwned)")
        .set("AMOLINT_SARIF_FILE", sarif_path.to_str().expect("utf-8"));
    let output = runner.run("scripts/action/run.sh");
    let args = fs::read_to_string(&log).expect("args recorded");
    let args: Vec<&str> = args.lines().collect();
    let sarif = format!("sarif={}", sarif_path.display());
    assert_eq!(
        args[..10],
        [
            "check",
            "--format",
            "github",
            "--no-progress",
            "--report",
            sarif.as_str(),
            "--report",
            args[7],
            "--summary",
            runner.env["GITHUB_STEP_SUMMARY"].as_str(),
        ],
        "{}",
        describe(&output)
    );
    assert!(args[7].starts_with("json="));
    assert_eq!(
        args[10..],
        [
            "--config",
            "rules.toml",
            "--platform",
            "kommo",
            "--sarif-category",
            "amolint-$(touch pwned)",
            "--no-native-packs",
            "--jobs",
            "1",
            "--quiet",
            "--",
            "examples/widgets/clean",
            "examples/widgets/**/widget.zip",
        ]
    );
    // amolint expanded the pattern itself: the clean widget and the nested zip were checked.
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    assert!(
        text(&output.stdout).contains("file=examples/widgets/nested/widget.zip"),
        "{}",
        describe(&output)
    );
    assert!(!repo().join("pwned").exists());

    // allow-native-packs: true drops the switch; anything but true/false is refused.
    runner.set("AMOLINT_ALLOW_NATIVE_PACKS", "true");
    runner.run("scripts/action/run.sh");
    let args = fs::read_to_string(&log).expect("args recorded");
    assert!(!args.lines().any(|a| a == "--no-native-packs"), "{args}");
    runner.set("AMOLINT_ALLOW_NATIVE_PACKS", "yes");
    let output = runner.run("scripts/action/run.sh");
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
    assert!(text(&output.stdout).contains("::error title=amolint::allow-native-packs must be"));
}

#[test]
fn shards_and_their_categories_split_the_widgets() {
    let all_widgets = widget_count("examples/widgets");
    assert!(all_widgets >= 3, "too few example widgets to split");
    let mut checked = 0;
    for shard in 1..=2 {
        let mut runner = Runner::new();
        let sarif_path = runner.path("shard.sarif");
        runner
            .set("AMOLINT_PATHS", "examples/widgets")
            .set("AMOLINT_ARGS", format!("--shard {shard}/2"))
            .set("AMOLINT_CATEGORY", format!("amolint-shard-{shard}"))
            .set("AMOLINT_FAIL_ON", "never")
            .set("AMOLINT_SARIF_FILE", sarif_path.to_str().expect("utf-8"));
        let output = runner.run("scripts/action/run.sh");
        assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
        let sarif: Value =
            serde_json::from_str(&fs::read_to_string(&sarif_path).expect("SARIF")).expect("JSON");
        assert_eq!(
            sarif["runs"][0]["automationDetails"]["id"],
            format!("amolint-shard-{shard}/")
        );
        let summary = fs::read_to_string(runner.path("summary.md")).expect("summary");
        let count = summary
            .split("Checked **")
            .nth(1)
            .and_then(|rest| rest.split("**").next())
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or_else(|| panic!("no widget count in {summary}"));
        checked += count;
    }
    assert_eq!(
        checked, all_widgets,
        "the two shards together check every widget once"
    );
}

#[test]
fn a_run_that_stops_early_reports_exit_code_2_without_a_sarif_output() {
    let mut runner = Runner::new();
    let sarif_path = runner.path("never.sarif");
    runner
        .set("AMOLINT_PATHS", "examples/widgets")
        .set("AMOLINT_CONFIG", "no-such-rules.toml")
        .set("AMOLINT_SARIF_FILE", sarif_path.to_str().expect("utf-8"));
    let output = runner.run("scripts/action/run.sh");
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
    let outputs = runner.outputs();
    assert_eq!(outputs["exit-code"], "2");
    assert_eq!(outputs["errors"], "");
    assert!(!outputs.contains_key("sarif-file"), "{outputs:?}");
    assert!(
        text(&output.stdout).contains("amolint stopped with exit status 2"),
        "{}",
        describe(&output)
    );
}

// ---------------------------------------------------------------------------------------------
// scripts/action/sarif-gate.sh

// ---------------------------------------------------------------------------------------------
// scripts/action/pack.sh

#[test]
fn the_pack_input_builds_widget_zip_in_the_runner_temp_folder() {
    let mut runner = Runner::new();
    runner.set("AMOLINT_PACK", "examples/widgets/clean");
    let output = runner.run("scripts/action/pack.sh");
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let outputs = runner.outputs();
    let archive = PathBuf::from(&outputs["widget-zip"]);
    assert!(
        archive.starts_with(&runner.env["RUNNER_TEMP"]) && archive.ends_with("widget.zip"),
        "{archive:?}"
    );
    let zip = zip::ZipArchive::new(fs::File::open(&archive).expect("the archive")).expect("a zip");
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("a name").into_owned())
        .collect();
    assert!(names.contains(&"manifest.json".to_string()), "{names:?}");
    assert!(names.contains(&"i18n/en.json".to_string()), "{names:?}");
    assert!(
        text(&output.stdout).contains("Packed 11 files into"),
        "{}",
        describe(&output)
    );
    let summary = fs::read_to_string(runner.path("summary.md")).expect("summary");
    assert!(summary.contains("### amolint pack"), "{summary}");
    // Nothing was written into the checkout.
    assert!(!repo().join("widget.zip").exists());

    // A widget with errors is not packed: the step fails and there is no output.
    let mut refused = Runner::new();
    refused.set("AMOLINT_PACK", "examples/widgets/defective");
    let output = refused.run("scripts/action/pack.sh");
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    assert!(!refused.outputs().contains_key("widget-zip"));
    assert!(
        text(&output.stdout).contains(
            "::error title=amolint pack::examples/widgets/defective was not packed (exit status 1)"
        ),
        "{}",
        describe(&output)
    );

    // Its options reach amolint: fail-on never packs it anyway.
    refused.set("AMOLINT_FAIL_ON", "never");
    let output = refused.run("scripts/action/pack.sh");
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    assert!(refused.outputs().contains_key("widget-zip"));
}

#[test]
fn sarif_upload_is_skipped_with_a_notice_for_pull_requests_from_forks() {
    // The gate step's `env:` in action.yml, evaluated over an event payload as the runner does:
    // `${{ github.event.a.b }}` is the payload's a.b, and a missing value is an empty string.
    let action = fs::read_to_string(repo().join("action.yml")).expect("action.yml");
    let head_expression = action
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("PR_HEAD_REPOSITORY: ${{ github.event.")
        })
        .and_then(|rest| rest.strip_suffix(" }}"))
        .expect("action.yml passes PR_HEAD_REPOSITORY from the event payload");
    let gate = |event: &str, payload: Value, upload: &str| {
        let mut runner = Runner::new();
        let payload_path = runner.path("event.json");
        fs::write(&payload_path, payload.to_string()).expect("event payload");
        let head = head_expression
            .split('.')
            .fold(&payload, |value, key| &value[key]);
        runner
            .set("GITHUB_EVENT_NAME", event)
            .set("GITHUB_EVENT_PATH", payload_path.to_str().expect("utf-8"))
            .set("PR_HEAD_REPOSITORY", head.as_str().unwrap_or(""))
            .set("AMOLINT_UPLOAD_SARIF", upload);
        let output = runner.run("scripts/action/sarif-gate.sh");
        assert!(output.status.success(), "{}", describe(&output));
        (runner.outputs()["upload"].clone(), text(&output.stdout))
    };
    let pull_request = |head: Value| {
        serde_json::json!({
            "action": "opened",
            "number": 7,
            "pull_request": {
                "head": {"ref": "fix-manifest", "repo": head},
                "base": {"ref": "main", "repo": {"full_name": "acme/widgets", "fork": false}},
            },
            "repository": {"full_name": "acme/widgets"},
        })
    };
    let fork = serde_json::json!({"full_name": "contributor/widgets", "fork": true});
    let same = serde_json::json!({"full_name": "acme/widgets", "fork": false});
    let push =
        serde_json::json!({"ref": "refs/heads/main", "repository": {"full_name": "acme/widgets"}});

    let (upload, stdout) = gate("pull_request", pull_request(fork.clone()), "true");
    assert_eq!(upload, "false");
    assert!(
        stdout.starts_with(
            "::notice title=amolint::SARIF upload skipped: this pull request comes from the fork contributor/widgets"
        ),
        "{stdout}"
    );
    assert_eq!(gate("pull_request", pull_request(same), "true").0, "true");
    // A pull request whose fork was deleted has a null head repository, and no write token either.
    let (upload, stdout) = gate("pull_request", pull_request(Value::Null), "true");
    assert_eq!(upload, "false");
    assert!(stdout.contains("from the fork (deleted)"), "{stdout}");
    assert_eq!(gate("push", push.clone(), "true").0, "true");
    // pull_request_target runs with the base repository's token, which can upload.
    assert_eq!(
        gate("pull_request_target", pull_request(fork), "true").0,
        "true"
    );
    let (upload, stdout) = gate("push", push, "false");
    assert_eq!(upload, "false");
    assert!(!stdout.contains("::notice"));
}

// ---------------------------------------------------------------------------------------------
// scripts/action/install.sh with a fake release made by scripts/release/*.sh

const TARGET: &str = "x86_64-unknown-linux-gnu";
const WINDOWS_TARGET: &str = "x86_64-pc-windows-msvc";

fn tag() -> String {
    format!("v{}", env!("CARGO_PKG_VERSION"))
}

/// A release folder `<dir>/<tag>/` holding the archive for TARGET, SHA256SUMS and COMMIT, made by
/// the release workflow's own scripts from the amolint binary under test. Packing the debug binary
/// takes seconds, so it is done once per test run and each test gets a copy.
fn fake_release(dir: &Path) -> PathBuf {
    static PRISTINE: OnceLock<PathBuf> = OnceLock::new();
    let pristine = PRISTINE.get_or_init(|| {
        let releases = Path::new(env!("CARGO_TARGET_TMPDIR")).join("action-fake-releases");
        let _ = fs::remove_dir_all(&releases);
        let release = releases.join(tag());
        // The Windows archive is a zip holding amolint.exe; a copy of the binary under test
        // stands in for the Windows build.
        let windows_bin = releases.join("bin").join("amolint.exe");
        fs::create_dir_all(windows_bin.parent().expect("parent")).expect("mkdir");
        fs::copy(amolint_bin(), &windows_bin).expect("copy");
        for (target, binary, ext) in [
            (TARGET, amolint_bin(), "tar.gz"),
            (WINDOWS_TARGET, windows_bin, "zip"),
        ] {
            let package = Command::new("bash")
                .arg(repo().join("scripts/release/package.sh"))
                .args([&tag(), target])
                .arg(binary)
                .arg(&release)
                .output()
                .expect("package.sh");
            assert!(package.status.success(), "{}", describe(&package));
            let archive = text(&package.stdout).trim().to_string();
            assert!(
                archive.ends_with(&format!("amolint-{}-{target}.{ext}", tag())),
                "{archive}"
            );
        }
        let sums = Command::new("bash")
            .arg(repo().join("scripts/release/checksums.sh"))
            .arg(&release)
            .arg(RELEASE_COMMIT)
            .output()
            .expect("checksums.sh");
        assert!(sums.status.success(), "{}", describe(&sums));
        release
    });
    let release = dir.join(tag());
    copy_dir(pristine, &release);
    release
}

/// A runner set up to install from `releases` (a `file://` URL), with a fake `cargo` first on
/// PATH that records its arguments and "builds" by copying the binary under test.
fn install_runner(releases: &Path) -> Runner {
    let mut runner = Runner::new();
    let fake_bin = runner.path("fake-bin");
    fs::create_dir_all(&fake_bin).expect("fake bin");
    let cargo_log = runner.path("cargo.log");
    recording_script(
        &fake_bin.join("cargo"),
        &cargo_log,
        &format!(
            "root=$(printf '%s\\n' \"$@\" | sed -n '/^--root$/{{n;p;}}')\nmkdir -p \"$root/bin\" && cp '{}' \"$root/bin/amolint\"",
            amolint_bin().display()
        ),
    );
    runner.path_front.insert(0, fake_bin);
    let cache = runner.path("cache");
    runner
        .set("RUNNER_OS", "Linux")
        .set("RUNNER_ARCH", "X64")
        .set("AMOLINT_CACHE_DIR", cache.to_str().expect("utf-8"))
        .set(
            "AMOLINT_RELEASE_URL",
            format!("file://{}", releases.display()),
        );
    runner
}

const RELEASE_COMMIT: &str = "0123456789abcdef0123456789abcdef01234567";

#[test]
fn a_release_tag_installs_the_verified_release_binary_and_caches_it() {
    let releases = tempfile::tempdir().expect("releases");
    fake_release(releases.path());
    let mut runner = install_runner(releases.path());
    runner.set("AMOLINT_ACTION_REF", tag());
    let output = runner.run("scripts/action/install.sh");
    assert!(output.status.success(), "{}", describe(&output));
    let installed = runner
        .path("cache")
        .join(tag())
        .join(TARGET)
        .join("amolint");
    assert_eq!(
        runner.outputs()["binary"],
        installed.to_str().expect("utf-8")
    );
    assert_eq!(runner.outputs()["version"], tag());
    assert!(
        text(&output.stderr).contains("verified"),
        "{}",
        describe(&output)
    );
    assert_eq!(
        fs::read(&installed).expect("installed"),
        fs::read(amolint_bin()).expect("binary"),
        "the installed binary is the one packed"
    );
    assert!(
        !runner.path("cargo.log").exists(),
        "no build when a release fits"
    );

    // Without the release, the next job finds the binary in the cache.
    drop(releases);
    fs::write(runner.path("output"), "").expect("reset outputs");
    let output = runner.run("scripts/action/install.sh");
    assert!(output.status.success(), "{}", describe(&output));
    assert!(text(&output.stderr).contains("found in the cache"));
    assert_eq!(
        runner.outputs()["binary"],
        installed.to_str().expect("utf-8")
    );
}

#[test]
fn a_windows_runner_gets_the_zip_with_amolint_exe() {
    let releases = tempfile::tempdir().expect("releases");
    fake_release(releases.path());
    let mut runner = install_runner(releases.path());
    runner
        .set("RUNNER_OS", "Windows")
        .set("AMOLINT_VERSION", env!("CARGO_PKG_VERSION"));
    let output = runner.run("scripts/action/install.sh");
    assert!(output.status.success(), "{}", describe(&output));
    let installed = runner
        .path("cache")
        .join(tag())
        .join(WINDOWS_TARGET)
        .join("amolint.exe");
    assert_eq!(
        runner.outputs()["binary"],
        installed.to_str().expect("utf-8")
    );
    assert!(text(&output.stderr).contains(&format!("amolint-{}-{WINDOWS_TARGET}.zip", tag())));
}

#[test]
fn a_checksum_mismatch_stops_the_install_without_falling_back() {
    let releases = tempfile::tempdir().expect("releases");
    let release = fake_release(releases.path());
    let sums_path = release.join("SHA256SUMS");
    let sums = fs::read_to_string(&sums_path).expect("SHA256SUMS");
    let linux_archive = format!("amolint-{}-{TARGET}.tar.gz", tag());
    let tampered: Vec<String> = sums
        .lines()
        .map(|line| {
            let (hash, name) = line.split_once("  ").expect("sha256sum line");
            if name != linux_archive {
                return line.to_string();
            }
            // Another valid-looking digest: every hex digit moved on by one.
            let other: String = hash
                .chars()
                .map(|c| match c.to_digit(16) {
                    Some(d) => std::char::from_digit((d + 1) % 16, 16).unwrap_or('0'),
                    None => c,
                })
                .collect();
            format!("{other}  {name}")
        })
        .collect();
    assert_ne!(
        tampered.join("\n") + "\n",
        sums,
        "the linux archive's line was changed"
    );
    fs::write(&sums_path, tampered.join("\n") + "\n").expect("tamper");

    let mut runner = install_runner(releases.path());
    runner.set("AMOLINT_ACTION_REF", tag());
    let output = runner.run("scripts/action/install.sh");
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    assert!(
        text(&output.stdout)
            .contains("::error title=amolint install::checksum mismatch for amolint-"),
        "{}",
        describe(&output)
    );
    assert!(!runner.outputs().contains_key("binary"));
    assert!(
        !runner.path("cargo.log").exists(),
        "a bad checksum must not fall back to a build"
    );
    assert!(
        !runner
            .path("cache")
            .join(tag())
            .join(TARGET)
            .join("amolint")
            .exists(),
        "nothing unverified is cached"
    );
}

#[test]
fn other_refs_build_the_actions_own_source_with_cargo_install() {
    let releases = tempfile::tempdir().expect("releases");
    fake_release(releases.path());
    let action_path = env!("CARGO_MANIFEST_DIR");

    // A branch: built from source into the runner's temporary folder.
    let mut runner = install_runner(releases.path());
    runner.set("AMOLINT_ACTION_REF", "main");
    let output = runner.run("scripts/action/install.sh");
    assert!(output.status.success(), "{}", describe(&output));
    let args = fs::read_to_string(runner.path("cargo.log")).expect("cargo called");
    let root = runner.path("runner-temp").join("amolint-source");
    assert_eq!(
        args.lines().collect::<Vec<_>>(),
        [
            "install",
            "--locked",
            "--path",
            action_path,
            "--root",
            root.to_str().expect("utf-8")
        ]
    );
    assert_eq!(
        runner.outputs()["binary"],
        root.join("bin/amolint").to_str().expect("utf-8")
    );

    // A commit that is not the release's: built, and cached under its SHA.
    let other = "fedcba9876543210fedcba9876543210fedcba98";
    let mut runner = install_runner(releases.path());
    runner.set("AMOLINT_ACTION_REF", other);
    let output = runner.run("scripts/action/install.sh");
    assert!(output.status.success(), "{}", describe(&output));
    assert!(runner.path("cargo.log").exists(), "built from source");
    assert!(
        runner.outputs()["binary"].contains(&format!("source-{other}")),
        "{:?}",
        runner.outputs()
    );

    // The release's own commit (a SHA pin of the tag): the release binary, no build.
    let mut runner = install_runner(releases.path());
    runner.set("AMOLINT_ACTION_REF", RELEASE_COMMIT);
    let output = runner.run("scripts/action/install.sh");
    assert!(output.status.success(), "{}", describe(&output));
    assert!(!runner.path("cargo.log").exists(), "{}", describe(&output));
    assert_eq!(runner.outputs()["version"], tag());

    // `version: source` builds even at a release tag.
    let mut runner = install_runner(releases.path());
    runner
        .set("AMOLINT_ACTION_REF", tag())
        .set("AMOLINT_VERSION", "source");
    let output = runner.run("scripts/action/install.sh");
    assert!(output.status.success(), "{}", describe(&output));
    assert!(runner.path("cargo.log").exists());
}

#[test]
fn an_explicit_version_without_a_release_is_an_error_not_a_build() {
    let releases = tempfile::tempdir().expect("releases");
    let mut runner = install_runner(releases.path());
    runner.set("AMOLINT_VERSION", "9.9.9");
    let output = runner.run("scripts/action/install.sh");
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    assert!(
        text(&output.stdout).contains("release v9.9.9 cannot be downloaded"),
        "{}",
        describe(&output)
    );
    assert!(!runner.path("cargo.log").exists());

    // While a release ref whose release is missing (not yet published) falls back to the build.
    let mut runner = install_runner(releases.path());
    runner.set("AMOLINT_ACTION_REF", "v9.9.9");
    let output = runner.run("scripts/action/install.sh");
    assert!(output.status.success(), "{}", describe(&output));
    assert!(runner.path("cargo.log").exists());
}

// ---------------------------------------------------------------------------------------------
// action.yml, the workflows and the README

/// The keys of the mapping under `section:` (a top-level key) with, for each, its own keys.
fn yaml_section(text: &str, section: &str) -> BTreeMap<String, Vec<String>> {
    let mut entries: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut inside = false;
    let mut current = None;
    for line in text.lines() {
        if !line.starts_with(' ') && !line.trim().is_empty() && !line.starts_with('#') {
            inside = line.trim_end() == format!("{section}:");
            current = None;
            continue;
        }
        if !inside || line.trim_start().starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let key = line.trim().split(':').next().unwrap_or("").to_string();
        if indent == 2 && line.trim_end().ends_with(':') {
            entries.insert(key.clone(), Vec::new());
            current = Some(key);
        } else if indent == 4
            && let Some(current) = &current
            && let Some(keys) = entries.get_mut(current)
        {
            keys.push(key);
        }
    }
    entries
}

/// Every `run:` script of a workflow or action file, with its line number.
fn run_scripts(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut scripts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start().trim_start_matches("- ");
        let Some(value) = trimmed.strip_prefix("run:") else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        let mut script = value.to_string();
        for next in &lines[i + 1..] {
            let next_indent = next.len() - next.trim_start().len();
            if !next.trim().is_empty() && next_indent <= indent {
                break;
            }
            script.push('\n');
            script.push_str(next);
        }
        scripts.push((i + 1, script));
    }
    scripts
}

fn workflow_files() -> Vec<PathBuf> {
    let mut files = vec![repo().join("action.yml")];
    for dir in [".github/workflows", "docs/examples"] {
        let mut found: Vec<PathBuf> = fs::read_dir(repo().join(dir))
            .expect("workflow dir")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "yml"))
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

#[test]
fn action_yml_has_the_documented_inputs_and_outputs() {
    let action = fs::read_to_string(repo().join("action.yml")).expect("action.yml");
    let inputs = yaml_section(&action, "inputs");
    assert_eq!(
        inputs.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "allow-native-packs",
            "args",
            "category",
            "config",
            "fail-on",
            "html-file",
            "pack",
            "paths",
            "platform",
            "sarif-file",
            "upload-sarif",
            "version"
        ]
    );
    for (name, keys) in &inputs {
        assert!(
            keys.contains(&"description".to_string()),
            "{name}: {keys:?}"
        );
        assert!(keys.contains(&"default".to_string()), "{name}: {keys:?}");
    }
    for default in [
        "    default: \".\"",
        "    default: amolint.sarif",
        "    default: \"true\"",
        "    default: \"false\"",
    ] {
        assert!(action.contains(default), "missing {default}");
    }
    let outputs = yaml_section(&action, "outputs");
    assert_eq!(
        outputs.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "errors",
            "exit-code",
            "html-file",
            "sarif-file",
            "warnings",
            "widget-zip"
        ]
    );
    for (name, keys) in &outputs {
        assert_eq!(keys, &["description", "value"], "{name}");
    }
    // The step outputs the scripts write are the ones action.yml maps.
    for name in ["sarif-file", "html-file", "errors", "warnings", "exit-code"] {
        assert!(action.contains(&format!("value: ${{{{ steps.run.outputs.{name} }}}}")));
    }
    assert!(action.contains("value: ${{ steps.pack.outputs.widget-zip }}"));
    // The pack step runs the pack script, only when asked and after a check that passed.
    assert!(action.contains("run: bash \"$GITHUB_ACTION_PATH/scripts/action/pack.sh\""));
    assert!(
        action.contains(
            "if: \"!cancelled() && inputs.pack != '' && steps.run.outcome == 'success'\""
        )
    );
    // The fork check reads the head repository of the event payload.
    assert!(
        action.contains("PR_HEAD_REPOSITORY: ${{ github.event.pull_request.head.repo.full_name }}")
    );
    assert!(action.contains("using: composite"));
}

#[test]
fn no_expression_is_expanded_inside_a_run_script() {
    let mut checked = 0;
    for file in workflow_files() {
        let text = fs::read_to_string(&file).expect("read");
        for (line, script) in run_scripts(&text) {
            assert!(
                !script.contains("${{"),
                "{}:{line}: a `${{{{ }}}}` expression inside `run:`; pass it through `env:`",
                file.display()
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 10,
        "only {checked} run: scripts found; is the parser broken?"
    );
}

#[test]
fn third_party_actions_are_pinned_by_commit() {
    for file in workflow_files() {
        let text = fs::read_to_string(&file).expect("read");
        for line in text.lines() {
            let Some(used) = line
                .trim_start()
                .trim_start_matches("- ")
                .strip_prefix("uses:")
            else {
                continue;
            };
            let used = used.split('#').next().unwrap_or("").trim();
            if used.starts_with("./") || used.starts_with("amolint/amolint@") {
                continue;
            }
            let (_, reference) = used.split_once('@').expect("an action with a ref");
            assert!(
                reference.len() == 40 && reference.chars().all(|c| c.is_ascii_hexdigit()),
                "{}: {used} is not pinned by commit",
                file.display()
            );
        }
    }
}

#[test]
fn the_readme_shows_the_validated_workflow_examples_verbatim() {
    let readme = fs::read_to_string(repo().join("README.md")).expect("README");
    let files: Vec<String> = workflow_files()
        .iter()
        .filter_map(|p| p.strip_prefix(repo()).ok())
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p.starts_with("docs/examples/"))
        .collect();
    assert!(files.len() >= 2, "{files:?}");
    assert_eq!(
        readme.matches("<!-- example: docs/examples/").count(),
        files.len(),
        "every docs/examples workflow appears in the README once, and nothing else under that name"
    );
    for path in &files {
        let file = fs::read_to_string(repo().join(path)).expect("example");
        assert_eq!(
            doc_example(&readme, &format!("{path} -->")),
            file,
            "README.md's copy of {path} differs from the file; copy the file into the README"
        );
    }
    // The bulk audit is a matrix over shards, one SARIF category each.
    let bulk = doc_example(&readme, "docs/examples/bulk-audit.yml -->");
    assert!(bulk.contains("args: --shard ${{ matrix.shard }}/4"));
    assert!(bulk.contains("category: amolint-shard-${{ matrix.shard }}"));
}

#[test]
fn the_pre_commit_hook_runs_amolint_check() {
    let hooks = fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).expect("hooks");
    for line in [
        "- id: amolint",
        "  entry: amolint check --no-progress",
        "  language: rust",
        "  pass_filenames: false",
    ] {
        assert!(hooks.lines().any(|l| l == line), "missing `{line}`");
    }
}
