//! End-to-end tests of organisation rule packs (issue 5): declarative `[[rule]]`s, native packs
//! in Rust (the SDK and `examples/org-pack`) and in C (the example of `docs/org-packs.md`),
//! failing packs, `isolate = true`, bad plugins, `extends` and `--no-native-packs`.
//!
//! Unix only: the packs are compiled with `cc -shared -fPIC` and the isolation cases name
//! signals; Windows runners have no `cc`, so native packs there are built but not yet exercised.

#![cfg(unix)]

mod common;

use common::*;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn doc() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/org-packs.md"))
        .expect("docs/org-packs.md")
}

/// A copy of the clean example widget in `dir/name`, with `edit` applied to its files' text.
fn widget(dir: &Path, name: &str, edit: impl Fn(&Path)) -> PathBuf {
    let target = dir.join(name);
    copy_dir(&examples().join("clean"), &target);
    edit(&target);
    target
}

fn replace(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{} lacks {from:?}", file.display());
    fs::write(file, text.replacen(from, to, 1)).expect("write");
}

fn with_secret_key(w: &Path) {
    replace(
        &w.join("manifest.json"),
        "\"version\": \"1.0.0\",",
        "\"version\": \"1.0.0\",\n    \"secret_key\": \"abc\",",
    );
}

/// 1-based line and column of the first `needle` in `file`.
fn position(file: &Path, needle: &str) -> (u64, u64) {
    let text = fs::read_to_string(file).expect("read");
    let offset = text.find(needle).expect("needle");
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line as u64, column as u64)
}

/// A TOML string for a path.
fn toml_path(path: &Path) -> String {
    format!("{:?}", path.to_string_lossy().replace('\\', "/"))
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let output = amolint().args(args).output().expect("run amolint");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `amolint check --format json` with `config`; the exit code, report and stderr.
fn check_json(config: &Path, paths: &[&Path], extra: &[&str]) -> (i32, Value, String) {
    let mut args = vec![
        "check".to_string(),
        "--format".into(),
        "json".into(),
        "--config".into(),
        config.to_string_lossy().into_owned(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args);
    let report: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", out.stdout, out.stderr));
    (out.code, report, out.stderr)
}

fn diagnostics(report: &Value, widget: usize) -> Vec<Value> {
    report["widgets"][widget]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .clone()
}

fn with_code(diagnostics: &[Value], code: &str) -> Vec<Value> {
    diagnostics
        .iter()
        .filter(|d| d["code"] == code)
        .cloned()
        .collect()
}

fn the_one(diagnostics: &[Value], code: &str) -> Value {
    let found = with_code(diagnostics, code);
    assert_eq!(found.len(), 1, "one {code} expected in {diagnostics:#?}");
    found[0].clone()
}

fn place(d: &Value) -> (String, u64, u64) {
    (
        d["file"].as_str().unwrap_or("").to_string(),
        d["line"].as_u64().unwrap_or(0),
        d["column"].as_u64().unwrap_or(0),
    )
}

fn acme_config(dir: &Path, name: &str, extra: &str) -> PathBuf {
    let library = build_rust_pack("acme-org-pack");
    let config = dir.join(name);
    fs::write(
        &config,
        format!(
            "[[plugins]]\npath = {}\noptions = {{ locales = [\"en\", \"de\"] }}\n{extra}",
            toml_path(&library)
        ),
    )
    .expect("write config");
    config
}

#[test]
fn the_rust_example_pack_reports_with_line_and_column_like_a_builtin_rule() {
    let tmp = tempfile::tempdir().expect("tmp");
    let w = widget(tmp.path(), "orders", with_secret_key);
    let config = acme_config(tmp.path(), "rules.toml", "");
    let (code, report, stderr) = check_json(&config, &[&w], &[]);
    assert_eq!(code, 1, "{stderr}");
    let found = diagnostics(&report, 0);
    let secret = the_one(&found, "ACME001");
    let (line, column) = position(&w.join("manifest.json"), "\"abc\"");
    assert_eq!(place(&secret), ("manifest.json".into(), line, column));
    assert_eq!(secret["pack"], "acme");
    assert_eq!(secret["name"], "no-secret-key");
    assert_eq!(secret["severity"], "error");
    assert_eq!(secret["pointer"], "/widget/secret_key");
    // The pack's option asks for i18n/de.json, which the widget lacks; en.json it has.
    let locale = the_one(&found, "ACME002");
    assert_eq!(locale["severity"], "warning");
    assert!(
        locale["message"]
            .as_str()
            .expect("message")
            .contains("i18n/de.json")
    );
    assert!(locale["file"].is_null());
    // Built-in findings are there too.
    assert_eq!(with_code(&found, "MAN006").len(), 1, "{found:#?}");

    // The same pack isolated in a child process says exactly the same.
    let isolated = acme_config(tmp.path(), "isolated.toml", "isolate = true\n");
    let (_, isolated_report, stderr) = check_json(&isolated, &[&w], &[]);
    assert_eq!(isolated_report["widgets"], report["widgets"], "{stderr}");

    // The text report shows the place and the source line.
    let text = run(&[
        "check",
        "--config",
        config.to_str().expect("utf-8"),
        w.to_str().expect("utf-8"),
    ]);
    assert!(
        text.stdout
            .contains("error[ACME001]: widget.secret_key ships the integration's secret"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains(&format!("manifest.json:{line}:{column}")),
        "{}",
        text.stdout
    );
}

#[test]
fn pack_rules_take_levels_and_appear_in_rules_explain_sarif_and_the_baseline() {
    let tmp = tempfile::tempdir().expect("tmp");
    let w = widget(tmp.path(), "orders", with_secret_key);
    let config = acme_config(
        tmp.path(),
        "rules.toml",
        "\n[rules]\nACME002 = \"error\"\nno-secret-key = \"info\"\n",
    );
    let (_, report, stderr) = check_json(&config, &[&w], &[]);
    let found = diagnostics(&report, 0);
    assert_eq!(the_one(&found, "ACME002")["severity"], "error", "{stderr}");
    assert_eq!(the_one(&found, "ACME001")["severity"], "info");

    let off = acme_config(tmp.path(), "off.toml", "\n[packs]\nacme = false\n");
    let (_, report, _) = check_json(&off, &[&w], &[]);
    let found = diagnostics(&report, 0);
    assert!(with_code(&found, "ACME001").is_empty() && with_code(&found, "ACME002").is_empty());

    let config_arg = config.to_str().expect("utf-8");
    let rules = run(&["rules", "--config", config_arg]);
    assert_eq!(rules.code, 0, "{}", rules.stderr);
    let line = rules
        .stdout
        .lines()
        .find(|l| l.starts_with("ACME001"))
        .expect("ACME001 listed");
    assert!(
        line.contains("no-secret-key") && line.contains("acme"),
        "{line}"
    );
    let rules_json = run(&["rules", "--format", "json", "--config", config_arg]);
    let list: Value = serde_json::from_str(&rules_json.stdout).expect("json");
    let entry = list
        .as_array()
        .expect("list")
        .iter()
        .find(|r| r["code"] == "ACME002")
        .expect("ACME002 in the JSON list");
    assert_eq!(entry["pack"], "acme");
    assert_eq!(entry["severity"]["kommo"], "warning");

    let explain = run(&["explain", "ACME001", "--config", config_arg]);
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    assert!(
        explain
            .stdout
            .starts_with("ACME001 no-secret-key (pack `acme`)")
    );
    assert!(
        explain
            .stdout
            .contains("belongs on the integration's server")
    );

    let sarif = run(&[
        "check",
        "--format",
        "sarif",
        "--config",
        config_arg,
        w.to_str().expect("utf-8"),
    ]);
    let sarif: Value = serde_json::from_str(&sarif.stdout).expect("sarif");
    let ids: Vec<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"ACME001") && ids.contains(&"ACME002"),
        "{ids:?}"
    );
    let result_ids: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    assert!(result_ids.contains(&"ACME001"), "{result_ids:?}");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    for result in sarif["runs"][0]["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    let acme = rules
        .iter()
        .find(|r| r["id"] == "ACME001")
        .expect("ACME001 descriptor");
    assert_eq!(acme["name"], "no-secret-key");
    assert_eq!(acme["defaultConfiguration"]["level"], "error");
    let help = acme["help"]["markdown"].as_str().expect("markdown");
    assert!(
        help.contains("## What it checks\n\nThe secret key belongs on the integration's server")
            && !help.contains("## Why"),
        "empty sections are left out: {help}"
    );
    assert!(
        acme.get("helpUri").is_none(),
        "organisation rules have no page: {acme}"
    );

    let baseline = tmp.path().join("baseline.json");
    let written = run(&[
        "check",
        "--config",
        config_arg,
        "--write-baseline",
        baseline.to_str().expect("utf-8"),
        w.to_str().expect("utf-8"),
    ]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let (code, report, _) = check_json(
        &config,
        &[&w],
        &["--baseline", baseline.to_str().expect("utf-8")],
    );
    let found = diagnostics(&report, 0);
    assert!(with_code(&found, "ACME001").is_empty(), "{found:#?}");
    assert!(with_code(&found, "ACME002").is_empty(), "{found:#?}");
    assert_eq!(code, 0);
}

#[test]
fn the_documented_rust_pack_is_the_example_pack() {
    let source = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/org-pack/src/lib.rs"),
    )
    .expect("lib.rs");
    assert_eq!(doc_example(&doc(), "rust-pack"), source);
}

#[test]
fn the_c_pack_of_the_docs_compiles_and_reports_with_line_and_column() {
    let library = build_c_pack("acme_c_pack", &doc_example(&doc(), "c-pack"));
    let tmp = tempfile::tempdir().expect("tmp");
    let beta = widget(tmp.path(), "beta", |w| {
        replace(&w.join("manifest.json"), "\"1.0.0\"", "\"0.9.0\"")
    });
    let released = widget(tmp.path(), "released", |_| {});
    for isolate in [false, true] {
        let config = tmp.path().join(format!("c-{isolate}.toml"));
        fs::write(
            &config,
            format!(
                "[[plugins]]\npath = {}\nisolate = {isolate}\n",
                toml_path(&library)
            ),
        )
        .expect("write");
        let (code, report, stderr) = check_json(&config, &[&beta, &released], &[]);
        assert_eq!(code, 1, "{stderr}");
        let d = the_one(&diagnostics(&report, 0), "ACMEC001");
        let (line, column) = position(&beta.join("manifest.json"), "\"0.9.0\"");
        assert_eq!(place(&d), ("manifest.json".into(), line, column));
        assert_eq!(d["pack"], "acme-c");
        assert_eq!(d["name"], "no-beta-version");
        assert_eq!(d["message"], "version 0.x is a beta");
        assert!(with_code(&diagnostics(&report, 1), "ACMEC001").is_empty());
        assert!(with_code(&diagnostics(&report, 1), "AMO001").is_empty());
    }
}

/// A C pack with one rule `code` whose check body is `body` (it must return a `char *`).
fn c_pack(name: &str, pack: &str, code: &str, body: &str) -> PathBuf {
    let source = format!(
        r#"#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
uint32_t amolint_abi_version(void) {{ return 1; }}
const char *amolint_describe(void) {{
    return "{{\"name\": \"{pack}\", \"version\": \"0.1.0\", \"rules\": [{{\"code\": \"{code}\", \"name\": \"{pack}-rule\", \"severity\": \"error\", \"summary\": \"test\"}}]}}";
}}
static char *copy(const char *text) {{ char *c = malloc(strlen(text) + 1); if (c) strcpy(c, text); return c; }}
char *amolint_check(const uint8_t *input, size_t len) {{ (void)input; (void)len; (void)copy; {body} }}
void amolint_free(char *answer) {{ free(answer); }}
"#
    );
    build_c_pack(name, &source)
}

fn plugin(library: &Path, extra: &str) -> String {
    format!("[[plugins]]\npath = {}\n{extra}\n", toml_path(library))
}

#[test]
fn panicking_and_garbage_packs_give_amo001_and_the_other_findings_stand() {
    let panicking = build_rust_pack("panicking-pack");
    let acme = build_rust_pack("acme-org-pack");
    let garbage = c_pack(
        "garbage_pack",
        "garbage",
        "GARB001",
        "return copy(\"this is not JSON\");",
    );
    let stranger = c_pack(
        "stranger_pack",
        "stranger",
        "STRA001",
        "return copy(\"{\\\"diagnostics\\\": [{\\\"code\\\": \\\"OTHER001\\\", \\\"message\\\": \\\"x\\\"}]}\");",
    );
    let null = c_pack("null_pack", "nothing", "NULL001", "return NULL;");
    let tmp = tempfile::tempdir().expect("tmp");
    let w = widget(tmp.path(), "orders", with_secret_key);
    let config = tmp.path().join("rules.toml");
    fs::write(
        &config,
        [
            plugin(&panicking, ""),
            plugin(&garbage, ""),
            plugin(&stranger, ""),
            plugin(&null, ""),
            plugin(&acme, ""),
        ]
        .concat(),
    )
    .expect("write");
    let (code, report, stderr) = check_json(&config, &[&w], &[]);
    assert_eq!(code, 1, "{stderr}");
    let found = diagnostics(&report, 0);
    let failures: Vec<String> = with_code(&found, "AMO001")
        .iter()
        .map(|d| d["message"].as_str().expect("message").to_string())
        .collect();
    assert_eq!(failures.len(), 4, "{failures:#?}");
    for (pack, why) in [
        ("panicky", "returned NULL"),
        ("garbage", "invalid JSON"),
        ("stranger", "`OTHER001`, which is not one of its rules"),
        ("nothing", "returned NULL"),
    ] {
        assert!(
            failures
                .iter()
                .any(|m| m.contains(&format!("rule pack `{pack}`")) && m.contains(why)),
            "no AMO001 for {pack} saying {why:?}: {failures:#?}"
        );
    }
    // Built-in findings and the healthy pack's findings stand.
    assert_eq!(with_code(&found, "MAN006").len(), 1, "{found:#?}");
    assert_eq!(with_code(&found, "ACME001").len(), 1, "{found:#?}");
}

#[test]
fn an_aborting_or_hanging_pack_under_isolate_gives_amo001_and_the_run_goes_on() {
    let acme = build_rust_pack("acme-org-pack");
    let aborting = c_pack("aborting_pack", "aborting", "ABRT001", "abort();");
    let hanging = c_pack(
        "hanging_pack",
        "hanging",
        "HANG001",
        "for (;;) sleep(1); return NULL;",
    );
    let tmp = tempfile::tempdir().expect("tmp");
    let first = widget(tmp.path(), "first", with_secret_key);
    let second = widget(tmp.path(), "second", |_| {});
    let config = tmp.path().join("rules.toml");
    fs::write(
        &config,
        [
            plugin(&aborting, "isolate = true"),
            plugin(&hanging, "isolate = true\ntimeout = 3"),
            plugin(&acme, ""),
        ]
        .concat(),
    )
    .expect("write");
    let started = Instant::now();
    let (code, report, stderr) = check_json(&config, &[&first, &second], &["--jobs", "2"]);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the hanging pack was not stopped: {:?}",
        started.elapsed()
    );
    assert_eq!(code, 1, "{stderr}");
    for index in 0..2 {
        let found = diagnostics(&report, index);
        let failures: Vec<String> = with_code(&found, "AMO001")
            .iter()
            .map(|d| d["message"].as_str().expect("message").to_string())
            .collect();
        assert_eq!(failures.len(), 2, "{failures:#?}");
        assert!(
            failures
                .iter()
                .any(|m| m.contains("rule pack `aborting`") && m.contains("crashed (SIGABRT)")),
            "{failures:#?}"
        );
        assert!(
            failures
                .iter()
                .any(|m| m.contains("rule pack `hanging`")
                    && m.contains("did not answer within 3 s")),
            "{failures:#?}"
        );
    }
    let first_found = diagnostics(&report, 0);
    assert_eq!(with_code(&first_found, "ACME001").len(), 1);
    assert_eq!(with_code(&first_found, "MAN006").len(), 1);
}

#[test]
fn bad_plugins_exit_2_naming_the_library_and_the_problem() {
    let describe = |rules: &str| {
        format!(
            r#"#include <stdint.h>
#include <stddef.h>
uint32_t amolint_abi_version(void) {{ return 1; }}
const char *amolint_describe(void) {{ return "{rules}"; }}
char *amolint_check(const uint8_t *input, size_t len) {{ (void)input; (void)len; return NULL; }}
void amolint_free(char *answer) {{ (void)answer; }}
"#
        )
    };
    let rule = |code: &str, name: &str| {
        format!(
            r#"{{\"code\": \"{code}\", \"name\": \"{name}\", \"severity\": \"error\", \"summary\": \"s\"}}"#
        )
    };
    let pack = |rules: &[String]| {
        describe(&format!(
            r#"{{\"name\": \"bad\", \"version\": \"1\", \"rules\": [{}]}}"#,
            rules.join(", ")
        ))
    };
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "wrong_abi",
            describe("{}").replace("return 1;", "return 2;"),
            "speaks ABI version 2; this amolint speaks ABI version 1",
        ),
        (
            "no_free",
            describe("{}").replace("void amolint_free(char *answer) { (void)answer; }", ""),
            "does not export `amolint_free`",
        ),
        (
            "bad_metadata",
            describe("{not json"),
            "`amolint_describe` returned invalid metadata",
        ),
        (
            "builtin_prefix",
            pack(&[rule("MAN900", "my-manifest-rule")]),
            "uses the prefix `MAN` of built-in rules",
        ),
        (
            "duplicate_code",
            pack(&[rule("BAD001", "first"), rule("BAD001", "second")]),
            "code `BAD001` is declared twice",
        ),
        (
            "builtin_name",
            pack(&[rule("BAD001", "interface-version")]),
            "rule name `interface-version` is already taken",
        ),
    ];
    let tmp = tempfile::tempdir().expect("tmp");
    let w = widget(tmp.path(), "orders", |_| {});
    for (name, source, problem) in cases {
        let library = build_c_pack(name, &source);
        for isolate in [false, true] {
            let config = tmp.path().join(format!("{name}-{isolate}.toml"));
            fs::write(&config, plugin(&library, &format!("isolate = {isolate}"))).expect("write");
            let out = run(&[
                "check",
                "--config",
                config.to_str().expect("utf-8"),
                w.to_str().expect("utf-8"),
            ]);
            assert_eq!(out.code, 2, "{name} (isolate {isolate}): {}", out.stderr);
            assert!(
                out.stderr.contains(&library.display().to_string()) && out.stderr.contains(problem),
                "{name} (isolate {isolate}): {}",
                out.stderr
            );
        }
    }
    let missing = tmp.path().join(library_file("not_there"));
    let config = tmp.path().join("missing.toml");
    fs::write(&config, plugin(&missing, "")).expect("write");
    let out = run(&[
        "check",
        "--config",
        config.to_str().expect("utf-8"),
        w.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(&missing.display().to_string()) && out.stderr.contains("no such file"),
        "{}",
        out.stderr
    );
}

/// A widget that breaks every rule of the documented declarative example, and one that keeps
/// them all.
fn declarative_widgets(dir: &Path) -> (PathBuf, PathBuf) {
    let bad = widget(dir, "bad", |w| {
        let manifest = w.join("manifest.json");
        replace(
            &manifest,
            "\"link\": \"https://order-sync.dev/support\",\n",
            "",
        );
        replace(
            &manifest,
            "\"installation\": true",
            "\"installation\": \"yes\"",
        );
        replace(&manifest, "\"ccard-1\"", "\"mobile_card\"");
        replace(
            &w.join("i18n/en.json"),
            "\"Shop orders in your deals\"",
            "\"Orders\"",
        );
        replace(
            &w.join("i18n/es.json"),
            "\"Mantiene los pedidos de su tienda al día con los tratos. Cuenta: #SUBDOMAIN#\"",
            &format!("\"{}\"", "Mantiene los pedidos al día. ".repeat(10)),
        );
        fs::write(w.join("script.js.map"), "{}").expect("write");
        fs::create_dir_all(w.join("js")).expect("mkdir");
        fs::write(w.join("js/vendor.js.map"), "{}").expect("write");
    });
    let good = widget(dir, "good", |w| {
        let manifest = w.join("manifest.json");
        replace(&manifest, "support@order-sync.dev", "support@acme.com");
        replace(&manifest, "\"init_once\": false,\n", "");
        fs::write(w.join("CHANGELOG.md"), "# 1.0.0\n").expect("write");
    });
    (bad, good)
}

#[test]
fn every_declarative_check_of_the_docs_fires_and_stays_quiet_where_it_should() {
    let tmp = tempfile::tempdir().expect("tmp");
    let config = tmp.path().join("rules.toml");
    fs::write(&config, doc_example(&doc(), "declarative")).expect("write");
    let (bad, good) = declarative_widgets(tmp.path());
    let (code, report, stderr) = check_json(&config, &[&bad, &good], &[]);
    assert_eq!(code, 1, "{stderr}");
    let found = diagnostics(&report, 0);
    let manifest = bad.join("manifest.json");
    let expect = |code: &str, file: &str, needle: Option<(&Path, &str)>| {
        let d = the_one(&found, code);
        assert_eq!(d["pack"], "org", "{d}");
        match needle {
            Some((path, needle)) => {
                let (line, column) = position(path, needle);
                assert_eq!(place(&d), (file.to_string(), line, column), "{code}: {d}");
            }
            None => assert!(d["line"].is_null(), "{code}: {d}"),
        }
        d
    };
    let email = expect(
        "ACME101",
        "manifest.json",
        Some((&manifest, "\"support@order-sync.dev\"")),
    );
    assert_eq!(email["severity"], "error");
    assert_eq!(email["message"], "the support e-mail must be on acme.com");
    assert_eq!(email["pointer"], "/widget/support/email");
    // `required` points at the object that lacks the key.
    let support = the_one(&found, "ACME102");
    let (line, column) = position(&manifest, "\"support\": {");
    assert_eq!(
        place(&support),
        (
            "manifest.json".to_string(),
            line,
            column + "\"support\": ".len() as u64
        )
    );
    let init_once = expect("ACME103", "manifest.json", Some((&manifest, "false")));
    assert_eq!(init_once["severity"], "warning");
    expect(
        "ACME104",
        "manifest.json",
        Some((&manifest, "\"mobile_card\"")),
    );
    expect("ACME105", "manifest.json", Some((&manifest, "\"yes\"")));
    expect(
        "ACME106",
        "i18n/en.json",
        Some((&bad.join("i18n/en.json"), "\"Orders\"")),
    );
    expect(
        "ACME107",
        "i18n/es.json",
        Some((&bad.join("i18n/es.json"), "\"Mantiene los pedidos al día.")),
    );
    let changelog = expect("ACME108", "", None);
    assert_eq!(changelog["severity"], "info");
    assert!(changelog["file"].is_null());
    let maps: Vec<String> = with_code(&found, "ACME109")
        .iter()
        .map(|d| d["file"].as_str().expect("file").to_string())
        .collect();
    assert_eq!(maps, ["js/vendor.js.map", "script.js.map"]);

    let quiet = diagnostics(&report, 1);
    let org: Vec<&Value> = quiet.iter().filter(|d| d["pack"] == "org").collect();
    assert!(org.is_empty(), "{org:#?}");
    // Every `given` matched somewhere: nothing to report at the end.
    assert!(report["summary"].get("unmatched-rules").is_none());
    assert!(!stderr.contains("matched nothing"), "{stderr}");
}

#[test]
fn a_given_that_matches_nothing_is_reported_once_at_the_end() {
    let tmp = tempfile::tempdir().expect("tmp");
    let config = tmp.path().join("rules.toml");
    fs::write(
        &config,
        r#"[[rule]]
code = "ACME201"
name = "typo"
given = "$.widget.init_onec"
forbidden = true
message = "never fires"

[[rule]]
code = "ACME202"
name = "fine"
given = "$.widget.version"
pattern = "^\\d+\\.\\d+\\.\\d+$"
message = "semver"
"#,
    )
    .expect("write");
    let a = widget(tmp.path(), "a", |_| {});
    let b = widget(tmp.path(), "b", |_| {});
    let (code, report, stderr) = check_json(&config, &[&a, &b], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr.matches("matched nothing").count(), 1, "{stderr}");
    assert!(
        stderr.contains("rule ACME201") && stderr.contains("$.widget.init_onec"),
        "{stderr}"
    );
    let unmatched = report["summary"]["unmatched-rules"]
        .as_array()
        .expect("unmatched-rules in the JSON summary");
    assert_eq!(unmatched.len(), 1);
    assert_eq!(unmatched[0]["code"], "ACME201");
    assert_eq!(unmatched[0]["given"], "$.widget.init_onec");
    assert_eq!(
        unmatched[0]["declared"],
        format!("{}:1:1", config.display())
    );
}

#[test]
fn malformed_rules_and_plugin_entries_exit_2_with_file_line_and_column() {
    let tmp = tempfile::tempdir().expect("tmp");
    let w = widget(tmp.path(), "orders", |_| {});
    let base = "[[rule]]\ncode = \"ACME301\"\nname = \"r\"\nmessage = \"m\"\n";
    let cases = [
        (
            format!("{base}given = \"$.a\"\npattern = \"([\"\n"),
            "6:11",
            "invalid regular expression",
        ),
        (
            format!("{base}given = \"$.a[\"\nforbidden = true\n"),
            "5:9",
            "invalid JSONPath",
        ),
        (
            format!("{base}given = \"$.a\"\nforbiden = true\n"),
            "6:1",
            "did you mean `forbidden`?",
        ),
        (
            format!("{base}given = \"$.a\"\nforbidden = true\ntype = \"string\"\n"),
            "7:1",
            "more than one check",
        ),
        (format!("{base}given = \"$.a\"\n"), "1:1", "needs one check"),
        (
            format!("{base}given = \"$.a\"\ntype = \"text\"\n"),
            "6:8",
            "one of string, number",
        ),
        (
            format!("{base}given = \"$.a\"\nmin-length = -1\n"),
            "6:14",
            "non-negative integer",
        ),
        (
            format!("{base}require-file = \"x\"\ngiven = \"$.a\"\n"),
            "6:1",
            "`given` has no meaning with `require-file`",
        ),
        (
            "[[rule]]\ncode = \"MAN901\"\nname = \"r\"\nmessage = \"m\"\nrequire-file = \"x\"\n"
                .to_string(),
            "1:1",
            "prefix `MAN` of built-in rules",
        ),
        (
            "[[rule]]\nname = \"r\"\nmessage = \"m\"\nrequire-file = \"x\"\n".to_string(),
            "1:1",
            "needs `code`",
        ),
        (
            format!("{base}given = \"$.a\"\nforbidden = true\nfix = 1\n"),
            "7:1",
            "`fix` cannot go with `forbidden`",
        ),
        (
            format!("{base}given = \"$.a\"\npattern = \"^a\"\nfix = \"b\"\n"),
            "7:7",
            "fails the rule's own `pattern` check",
        ),
        (
            format!("{base}require-file = \"x\"\nfix = \"y\"\n"),
            "6:1",
            "`fix` cannot go with `require-file`",
        ),
        (
            "[[plugins]]\npath = \"x.so\"\ntimeout = 5\n".to_string(),
            "3:1",
            "`timeout` applies only to `isolate = true`",
        ),
        (
            "[[plugins]]\npath = \"x.so\"\nisolate = true\ntimeout = 0\n".to_string(),
            "4:11",
            "positive number of seconds",
        ),
        (
            "[[plugins]]\npaht = \"x.so\"\n".to_string(),
            "2:1",
            "did you mean `path`?",
        ),
    ];
    for (index, (text, at, problem)) in cases.iter().enumerate() {
        let config = tmp.path().join(format!("bad-{index}.toml"));
        fs::write(&config, text).expect("write");
        let out = run(&[
            "check",
            "--config",
            config.to_str().expect("utf-8"),
            w.to_str().expect("utf-8"),
        ]);
        assert_eq!(out.code, 2, "case {index}: {}", out.stderr);
        let wanted = format!("{}:{at}: ", config.display());
        assert!(
            out.stderr.contains(&wanted) && out.stderr.contains(problem),
            "case {index}: expected {wanted}…{problem}, got {}",
            out.stderr
        );
    }
}

#[test]
fn extends_shares_rules_and_packs_and_no_native_packs_skips_every_plugin() {
    let library = build_rust_pack("acme-org-pack");
    let tmp = tempfile::tempdir().expect("tmp");
    let org = tmp.path().join("acme-rules");
    fs::create_dir_all(&org).expect("mkdir");
    // The shared file names its library relative to itself.
    let file_name = library_file("acme_org_pack");
    fs::copy(&library, org.join(&file_name)).expect("copy library");
    fs::write(
        org.join("rules.toml"),
        format!(
            "{}\n[[plugins]]\npath = {file_name:?}\n",
            doc_example(&doc(), "declarative")
        ),
    )
    .expect("write");
    let repo = tmp.path().join("repo");
    fs::create_dir_all(&repo).expect("mkdir");
    let config = repo.join("rules.toml");
    fs::write(
        &config,
        "extends = [\"../acme-rules/rules.toml\"]\n\n[rules]\nACME103 = \"off\"\nACME001 = \"warning\"\n",
    )
    .expect("write");
    let (bad, _) = declarative_widgets(tmp.path());
    let w = widget(tmp.path(), "secret", with_secret_key);

    let (_, report, stderr) = check_json(&config, &[&bad, &w], &[]);
    let found_bad = diagnostics(&report, 0);
    assert_eq!(with_code(&found_bad, "ACME101").len(), 1, "{stderr}");
    assert!(
        with_code(&found_bad, "ACME103").is_empty(),
        "turned off by the extending file"
    );
    let secret = the_one(&diagnostics(&report, 1), "ACME001");
    assert_eq!(secret["severity"], "warning");
    assert!(!stderr.contains("no-native-packs"), "{stderr}");

    let (code, report, stderr) = check_json(&config, &[&bad, &w], &["--no-native-packs"]);
    assert_ne!(code, 2, "{stderr}");
    assert!(
        stderr.contains("--no-native-packs")
            && stderr.contains(&org.join(&file_name).display().to_string()),
        "{stderr}"
    );
    assert!(with_code(&diagnostics(&report, 1), "ACME001").is_empty());
    assert!(with_code(&diagnostics(&report, 1), "ACME002").is_empty());
    assert_eq!(with_code(&diagnostics(&report, 0), "ACME101").len(), 1);

    // With the flag, a plugin that does not even exist is not looked at.
    let missing = tmp.path().join("missing.toml");
    fs::write(
        &missing,
        format!(
            "extends = [\"acme-rules/rules.toml\"]\n{}",
            plugin(&tmp.path().join(library_file("not_there")), "")
        ),
    )
    .expect("write");
    let (code, _, stderr) = check_json(&missing, &[&w], &["--no-native-packs"]);
    assert_ne!(code, 2, "{stderr}");
    assert_eq!(
        stderr.matches("--no-native-packs: not loading").count(),
        2,
        "{stderr}"
    );

    let listed = run(&[
        "rules",
        "--no-native-packs",
        "--config",
        config.to_str().expect("utf-8"),
    ]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(listed.stdout.contains("ACME101") && !listed.stdout.contains("ACME001"));
    let listed = run(&["rules", "--config", config.to_str().expect("utf-8")]);
    assert!(listed.stdout.contains("ACME101") && listed.stdout.contains("ACME001"));

    // A cycle is an error naming the place.
    fs::write(
        org.join("rules.toml"),
        "extends = [\"../repo/rules.toml\"]\n",
    )
    .expect("write");
    let out = run(&[
        "check",
        "--config",
        config.to_str().expect("utf-8"),
        w.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("a cycle"), "{}", out.stderr);
}

#[test]
fn a_rebuilt_native_pack_is_not_answered_from_the_cache() {
    let finding = |message: &str| {
        format!(
            "return copy(\"{{\\\"diagnostics\\\": [{{\\\"code\\\": \\\"CACH001\\\", \\\"message\\\": \\\"{message}\\\"}}]}}\");"
        )
    };
    let first = c_pack(
        "cached_pack_1",
        "cached",
        "CACH001",
        &finding("first build"),
    );
    let second = c_pack(
        "cached_pack_2",
        "cached",
        "CACH001",
        &finding("second build"),
    );
    let tmp = tempfile::tempdir().expect("tmp");
    let w = widget(tmp.path(), "orders", |_| {});
    let library = tmp.path().join(library_file("cached_pack"));
    let config = tmp.path().join("rules.toml");
    fs::write(&config, plugin(&library, "")).expect("write");
    let cache = tmp.path().join("cache");
    let cache_arg = cache.to_str().expect("utf-8");
    let message = || {
        let (_, report, stderr) = check_json(&config, &[&w], &["--cache", cache_arg]);
        let d = the_one(&diagnostics(&report, 0), "CACH001");
        assert!(stderr.is_empty(), "{stderr}");
        d["message"].as_str().expect("message").to_string()
    };
    fs::copy(&first, &library).expect("copy");
    assert_eq!(message(), "first build");
    assert_eq!(message(), "first build");
    // Same path, same metadata, other bytes: the cache must not answer for the old library.
    fs::copy(&second, &library).expect("copy");
    assert_eq!(message(), "second build");
}

#[test]
fn organisation_fixes_are_unsafe_and_apply_with_unsafe_fixes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let w = widget(tmp.path(), "orders", with_secret_key);
    let manifest = w.join("manifest.json");
    let config = acme_config(
        tmp.path(),
        "rules.toml",
        "[[rule]]\ncode = \"ACME101\"\nname = \"support-email-domain\"\n\
         given = \"$.widget.support.email\"\npattern = \"@acme\\\\.com$\"\n\
         message = \"the support e-mail must be on acme.com\"\nfix = \"support@acme.com\"\n",
    );
    let (_, report, stderr) = check_json(&config, &[&w], &[]);
    let found = diagnostics(&report, 0);
    let email = the_one(&found, "ACME101");
    assert_eq!(email["fix"]["applicability"], "unsafe", "{stderr}");
    let address = "\"support@order-sync.dev\"";
    let (line, column) = position(&manifest, address);
    assert_eq!(
        email["fix"]["edits"][0],
        serde_json::json!({"file": "manifest.json", "line": line, "column": column,
            "end_line": line, "end_column": column + address.len() as u64,
            "content": "\"support@acme.com\""})
    );
    let secret = the_one(&found, "ACME001");
    assert_eq!(secret["fix"]["message"], "remove widget.secret_key");
    assert_eq!(secret["fix"]["applicability"], "unsafe");

    // `amolint rules` and `explain` say that the declarative rule can fix.
    let config_arg = config.to_str().expect("utf-8");
    let rules = run(&["rules", "--config", config_arg]);
    let line_of = |code: &str| {
        rules
            .stdout
            .lines()
            .find(|l| l.starts_with(code))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        line_of("ACME101").contains("fix=unsafe"),
        "{}",
        rules.stdout
    );
    let explain = run(&["explain", "ACME101", "--config", config_arg]);
    assert!(
        explain.stdout.contains("Fix: unsafe") && explain.stdout.contains("\"support@acme.com\""),
        "{}",
        explain.stdout
    );

    // Unsafe: `--fix` alone leaves them.
    let before = fs::read(&manifest).expect("read");
    let fixed = run(&[
        "check",
        "--fix",
        "--config",
        config_arg,
        w.to_str().expect("utf-8"),
    ]);
    assert_eq!(fixed.code, 1, "{}", fixed.stderr);
    assert_eq!(fs::read(&manifest).expect("read"), before);

    // With `--unsafe-fixes` both apply (ACME001's and MAN006's removals of one key are one
    // edit: the first wins, the other has nothing left to do).
    let (_, after, stderr) = check_json(&config, &[&w], &["--fix", "--unsafe-fixes"]);
    let left = diagnostics(&after, 0);
    for code in ["ACME001", "ACME101", "MAN006"] {
        assert!(
            with_code(&left, code).is_empty(),
            "{code} left: {left:#?}\n{stderr}"
        );
    }
    let text = fs::read_to_string(&manifest).expect("read");
    assert!(text.contains("\"email\": \"support@acme.com\""), "{text}");
    assert!(!text.contains("secret_key"), "{text}");
    assert!(
        after["summary"]["fixed"].as_u64().expect("fixed") >= 2,
        "{after}"
    );
}

#[test]
fn a_native_fix_amolint_cannot_place_fails_the_answer() {
    let bad = c_pack(
        "bad_fix_pack",
        "badfix",
        "BADF001",
        "return copy(\"{\\\"diagnostics\\\": [{\\\"code\\\": \\\"BADF001\\\", \\\"message\\\": \\\"x\\\", \
         \\\"fix\\\": {\\\"message\\\": \\\"m\\\", \\\"edits\\\": [{\\\"op\\\": \\\"remove\\\", \
         \\\"path\\\": \\\"/widget/nothing\\\"}]}}]}\");",
    );
    let tmp = tempfile::tempdir().expect("tmp");
    let w = widget(tmp.path(), "orders", |_| {});
    let config = tmp.path().join("rules.toml");
    fs::write(&config, plugin(&bad, "")).expect("write");
    let (_, report, stderr) = check_json(&config, &[&w], &[]);
    let found = diagnostics(&report, 0);
    let failure = the_one(&found, "AMO001");
    assert!(
        failure["message"]
            .as_str()
            .expect("message")
            .contains("the pack's fix `remove /widget/nothing` in `manifest.json`: no value there"),
        "{failure}\n{stderr}"
    );
    assert!(with_code(&found, "BADF001").is_empty());
}
