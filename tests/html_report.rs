//! The HTML report as a reader meets it: rendered by the binary for the example widgets, a
//! generated collection and a hostile widget, opened in headless Chromium through playwright-core
//! (tests/html/drive.cjs), and compared with the JSON report of the same run.
//!
//! Needs node, /usr/bin/chromium and playwright-core under target/ci-tools: `.ci/run` installs
//! them (scripts/ci/browser.sh) and sets AMOLINT_REQUIRE_BROWSER, so CI never skips this; elsewhere
//! the test says it skipped and passes. Unix only: the hostile widget's folder and file names hold
//! `"`, `<` and `>`, which Windows does not allow in names.
#![cfg(unix)]

mod common;

use common::*;
use serde_json::{Value, json};
use std::fs;
use std::path::{Path, PathBuf};

/// What the hostile widget holds in manifest values, in its folder name and in a file name.
const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";

/// Where the test leaves its screenshots: `target/tmp/html-report/` (not committed).
fn output_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-report")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The browser tools, or `None` (the test skips) when they are missing and not required.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let chromium = PathBuf::from("/usr/bin/chromium");
    let playwright = repo().join("target/ci-tools/playwright/node_modules/playwright-core");
    let node = std::process::Command::new("node").arg("--version").output();
    let missing: Vec<&str> = [
        ("node", node.is_err()),
        ("/usr/bin/chromium", !chromium.exists()),
        ("playwright-core", !playwright.exists()),
    ]
    .iter()
    .filter(|(_, gone)| *gone)
    .map(|(name, _)| *name)
    .collect();
    if missing.is_empty() {
        return Some((chromium, playwright));
    }
    assert!(
        std::env::var_os("AMOLINT_REQUIRE_BROWSER").is_none(),
        "the browser test is required (AMOLINT_REQUIRE_BROWSER) but {} missing",
        missing.join(", ")
    );
    eprintln!(
        "skipped: {} missing (bash scripts/ci/browser.sh installs them)",
        missing.join(", ")
    );
    None
}

/// SplitMix64, enough to vary the generated widgets reproducibly.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % below
    }
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(dir.join("manifest.json")).expect("manifest"))
        .expect("json")
}

fn write_manifest(dir: &Path, manifest: &Value) {
    let text = serde_json::to_string_pretty(manifest).expect("json");
    fs::write(dir.join("manifest.json"), text).expect("write manifest");
}

/// `count` widgets under `root/gen`, each the clean example with some of ten defects planted
/// (none to all), plus `locations` extra unknown locations each: a spread of findings per widget
/// and per rule like a real collection's.
fn generate(root: &Path, count: usize, locations: usize, seed: u64) {
    let clean = examples().join("clean");
    let bad_logo = examples().join("defective/images/logo_small.png");
    let mut rng = Rng(seed);
    for i in 0..count {
        let dir = root.join(format!("gen/w{i:04}"));
        copy_dir(&clean, &dir);
        let mut m = manifest(&dir);
        let defects = rng.next(9);
        for _ in 0..defects {
            match rng.next(10) {
                0 => m["widget"]["init_once"] = json!("Y"),
                1 => push_location(&mut m, "everywere"),
                2 => m["settings"]["api_key"]["type"] = json!("password"),
                3 => m["widget"]["code"] = json!(format!("gen_{i}")),
                4 => {
                    let _ = fs::remove_file(dir.join("i18n/es.json"));
                }
                5 => fs::write(dir.join(".DS_Store"), b"\0\0\0\x01Bud1").expect("write"),
                6 => {
                    let en = dir.join("i18n/en.json");
                    let text = fs::read(&en).expect("en");
                    if !text.starts_with(b"\xEF\xBB\xBF") {
                        fs::write(&en, [b"\xEF\xBB\xBF".as_slice(), &text].concat()).expect("bom");
                    }
                }
                7 => {
                    fs::copy(&bad_logo, dir.join("images/logo_small.png")).expect("logo");
                }
                8 => m["widget"]["secret_key"] = json!("0123456789abcdef"),
                _ => push_location(&mut m, &format!("area-{}", rng.next(50))),
            }
        }
        for n in 0..locations {
            push_location(&mut m, &format!("nowhere-{n}"));
        }
        write_manifest(&dir, &m);
    }
}

fn push_location(m: &mut Value, location: &str) {
    if let Some(list) = m["locations"].as_array_mut() {
        list.push(json!(location));
    }
}

/// A widget whose folder name, a file name and manifest values are markup and script.
fn hostile(root: &Path) -> String {
    let name = format!("hostile-{IMG}");
    let dir = root.join(&name);
    copy_dir(&examples().join("clean"), &dir);
    let mut m = manifest(&dir);
    m["widget"]["version"] = json!(SCRIPT);
    m["widget"]["support"]["link"] = json!("javascript:alert(1)");
    push_location(&mut m, IMG);
    push_location(&mut m, SCRIPT);
    write_manifest(&dir, &m);
    fs::write(dir.join(format!("i18n/{IMG}.json")), "{}").expect("hostile file name");
    name
}

struct Run {
    html: String,
    json: Value,
    observed: Value,
}

/// Checks `root` into an HTML and a JSON report in one run, then opens the HTML in the browser
/// and opens the rows of the widgets whose paths end with `open`.
fn run(root: &Path, shots: &str, rule: &str, text: &str, open: &[&str]) -> Option<Run> {
    let (chromium, playwright) = browser()?;
    let html = root.join("report.html");
    let json = root.join("report.json");
    let status = amolint()
        .current_dir(root)
        .args(["check", ".", "--no-progress", "--format", "html", "-o"])
        .arg(&html)
        .arg("--report")
        .arg(format!("json={}", json.display()))
        .output()
        .expect("run amolint");
    assert_eq!(status.status.code(), Some(1), "{status:?}");
    let report: Value =
        serde_json::from_str(&fs::read_to_string(&json).expect("json")).expect("json");
    let widgets = report["widgets"].as_array().expect("widgets");
    let open: Vec<String> = open
        .iter()
        .map(|suffix| {
            let index = widgets
                .iter()
                .position(|w| w["path"].as_str().is_some_and(|p| p.ends_with(suffix)))
                .expect("a widget to open");
            format!("w-{index}")
        })
        .collect();
    let plan = json!({
        "page": html,
        "playwright": playwright,
        "chromium": chromium,
        "shots": output_dir().join(shots),
        "rule": rule,
        "text": text,
        "open": open,
    });
    let output = std::process::Command::new("node")
        .arg(repo().join("tests/html/drive.cjs"))
        .arg(plan.to_string())
        .output()
        .expect("node");
    assert!(
        output.status.success(),
        "the browser driver failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(Run {
        html: fs::read_to_string(&html).expect("html"),
        json: report,
        observed: serde_json::from_slice(&output.stdout).expect("driver output"),
    })
}

fn counts(widget: &Value) -> [u64; 3] {
    let mut c = [0; 3];
    for d in widget["diagnostics"].as_array().expect("diagnostics") {
        match d["severity"].as_str() {
            Some("error") => c[0] += 1,
            Some("warning") => c[1] += 1,
            _ => c[2] += 1,
        }
    }
    c
}

fn row_counts(row: &Value) -> [u64; 3] {
    [
        row["errors"].as_u64().expect("errors"),
        row["warnings"].as_u64().expect("warnings"),
        row["infos"].as_u64().expect("infos"),
    ]
}

/// Everything a reader sees that the JSON report also says.
fn agrees_with_json(run: &Run, rule: &str, text: &str, inline: bool) {
    let (json, seen) = (&run.json, &run.observed);
    let widgets = json["widgets"].as_array().expect("widgets");
    let summary = &json["summary"];

    // The overview's counts, with and without JavaScript.
    let clean = widgets.iter().filter(|w| counts(w)[0] == 0).count() as u64;
    let expected = json!({
        "widgets": summary["widgets"], "errors": summary["errors"],
        "warnings": summary["warnings"], "infos": summary["infos"], "clean": clean,
    });
    assert_eq!(seen["counts"], expected);
    assert_eq!(seen["noScript"]["counts"], expected);

    // One row per widget, in the run's order, with the widget's counts.
    let rows = seen["initial"].as_array().expect("rows");
    assert_eq!(rows.len(), widgets.len());
    let root = run
        .html
        .split_once("<code id=\"root\">")
        .and_then(|(_, rest)| rest.split_once("</code>"))
        .map_or(String::new(), |(root, _)| unescape(root));
    for (row, widget) in rows.iter().zip(widgets) {
        let path = format!("{root}{}", row["path"].as_str().expect("path"));
        assert_eq!(path, widget["path"].as_str().expect("path"));
        assert_eq!(row_counts(row), counts(widget), "{path}");
        assert_eq!(row["visible"], true);
    }

    // Sorting by errors puts the worst widget first (ties: more warnings, then more infos, then
    // the run's order).
    let mut worst: Vec<&Value> = widgets.iter().collect();
    worst.sort_by_key(|w| std::cmp::Reverse(counts(w)));
    let first = &seen["byErrors"][0];
    assert_eq!(row_counts(first), counts(worst[0]));
    assert_eq!(
        format!("{root}{}", first["path"].as_str().expect("path")),
        worst[0]["path"].as_str().expect("path")
    );

    // A filter by rule leaves exactly the widgets the rule fired on.
    let with_rule: Vec<&str> = widgets
        .iter()
        .filter(|w| {
            w["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["code"] == rule))
        })
        .map(|w| w["path"].as_str().expect("path"))
        .collect();
    let filtered = seen["ruleFiltered"].as_array().expect("filtered");
    assert!(!with_rule.is_empty());
    assert_eq!(filtered.len(), with_rule.len());
    for row in filtered {
        assert!(
            row["rules"]
                .as_array()
                .is_some_and(|r| r.iter().any(|c| c == rule)),
            "{row}"
        );
    }

    // A filter by text finds the widgets whose findings say it.
    let with_text = widgets
        .iter()
        .filter(|w| {
            w["diagnostics"].as_array().is_some_and(|d| {
                d.iter()
                    .any(|d| d["message"].as_str().is_some_and(|m| m.contains(text)))
            })
        })
        .count();
    assert!(with_text > 0);
    assert_eq!(
        seen["textFiltered"].as_array().expect("text").len(),
        with_text
    );

    // An opened widget shows each finding as the text report does: code, message, place, the
    // marked source line, help and the rule's page.
    for (id, shown) in seen["opened"].as_object().expect("opened") {
        let index: usize = id[2..].parse().expect("index");
        let diagnostics = widgets[index]["diagnostics"]
            .as_array()
            .expect("diagnostics");
        let shown = shown.as_array().expect("findings shown");
        assert_eq!(shown.len(), diagnostics.len(), "{id}");
        for (f, d) in shown.iter().zip(diagnostics) {
            assert_eq!(f["code"], d["code"]);
            assert_eq!(f["message"], d["message"]);
            assert_eq!(f["help"], d["help"]);
            let at = match (&d["file"], &d["line"], &d["column"]) {
                (Value::String(file), Value::Number(l), Value::Number(c)) => {
                    json!(format!("{file}:{l}:{c}"))
                }
                (Value::String(file), Value::Null, _) => json!(file),
                _ => Value::Null,
            };
            assert_eq!(f["at"], at, "{f}");
            if d["line"].is_number() && d["file"].as_str().is_some_and(|f| f.ends_with(".json")) {
                let source = f["source"].as_str().expect("source lines");
                let line = d["line"].as_u64().expect("line");
                assert!(source.starts_with(&line.to_string()), "{source}");
                assert!(!f["marked"].as_array().expect("marks").is_empty(), "{f}");
            }
            let code = d["code"].as_str().expect("code");
            if !code.starts_with("AMO") {
                assert_eq!(
                    f["doc"],
                    json!(format!(
                        "https://github.com/amolint/amolint/blob/main/docs/rules/{code}.md"
                    ))
                );
            }
        }
    }
    assert!(seen["worstLink"]["findings"].as_u64().expect("worst") > 0);

    // Readable without JavaScript when small: every row and every finding. A large report's
    // table is drawn by the script.
    let expected_rows = if inline { widgets.len() as u64 } else { 0 };
    assert_eq!(seen["noScript"]["rows"].as_u64(), Some(expected_rows));
    let findings = summary["errors"].as_u64().unwrap_or(0)
        + summary["warnings"].as_u64().unwrap_or(0)
        + summary["infos"].as_u64().unwrap_or(0);
    let expected_inline = if inline { findings } else { 0 };
    assert_eq!(
        seen["noScript"]["findingsShown"].as_u64(),
        Some(expected_inline)
    );
    assert_eq!(
        run.html
            .contains("<script type=\"text/x-amolint-findings\""),
        !inline
    );
    assert_eq!(
        run.html
            .contains("<script type=\"application/json\" id=\"rows\">"),
        !inline
    );
}

/// Nothing of the hostile widget ran or loaded, and its text is shown as text.
fn nothing_ran(run: &Run) {
    let seen = &run.observed;
    for key in ["dialogs", "console", "errors", "requests"] {
        assert_eq!(seen[key], json!([]), "{key}");
    }
    for key in ["dialogs", "requests"] {
        assert_eq!(seen["noScript"][key], json!([]), "no script: {key}");
    }
    assert_eq!(seen["images"], 0);
    let scripts: Vec<&str> = seen["scripts"]
        .as_array()
        .expect("scripts")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        scripts == ["classic"]
            || scripts == ["application/json", "text/x-amolint-findings", "classic"],
        "{scripts:?}"
    );
    assert_eq!(seen["hostileText"], true);
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn the_report_reads_in_a_browser_as_the_json_report_says() {
    if browser().is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_dir(&examples(), &root.join("examples"));
    generate(root, 300, 0, 17);
    let hostile_name = hostile(root);
    let open = [hostile_name.as_str(), "defective"];
    let Some(run) = run(root, "small", "LOC001", "everywere", &open) else {
        return;
    };
    agrees_with_json(&run, "LOC001", "everywere", true);
    nothing_ran(&run);
}

/// Past the inline limit the findings come from the inert block when a row opens.
#[test]
fn a_large_report_opens_findings_from_its_block() {
    if browser().is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    // 60 widgets with 100 unknown locations each, on top of their planted defects.
    generate(root, 60, 100, 5);
    let hostile_name = hostile(root);
    let open = [hostile_name.as_str(), "w0003"];
    let Some(run) = run(root, "large", "MAN003", "nowhere-42", &open) else {
        return;
    };
    assert!(
        run.json["summary"]["errors"].as_u64().unwrap_or(0)
            > amolint_report::INLINE_FINDINGS as u64
    );
    agrees_with_json(&run, "MAN003", "nowhere-42", false);
    nothing_ran(&run);
}

/// Renders `root` with `--jobs 1` and `--jobs 2`; the bytes must be the same. Returns the page.
fn render_twice(root: &Path) -> String {
    let pages: Vec<Vec<u8>> = ["1", "2"]
        .iter()
        .map(|jobs| {
            let out = root.join(format!("report-{jobs}.html"));
            let status = amolint()
                .current_dir(root)
                .args([
                    "check",
                    ".",
                    "--no-progress",
                    "--format",
                    "html",
                    "--jobs",
                    jobs,
                    "-o",
                ])
                .arg(&out)
                .output()
                .expect("run amolint");
            assert_eq!(status.status.code(), Some(1), "{status:?}");
            fs::read(&out).expect("page")
        })
        .collect();
    assert!(
        pages[0] == pages[1],
        "--jobs 1 and --jobs 2 wrote different pages"
    );
    String::from_utf8(pages[0].clone()).expect("utf-8")
}

/// What no page may hold, whatever the widgets: markup that loads or runs something, other than
/// the page's own script elements, and a comment opener (which changes how a script element ends).
fn holds_no_live_markup(html: &str, scripts: usize) {
    for tag in [
        "<img", "<iframe", "<link", "<object", "<embed", "<base", "<form", "<!--",
    ] {
        assert!(!html.contains(tag), "{tag} in the page");
    }
    assert_eq!(html.matches("<script").count(), scripts);
    assert_eq!(html.matches("</script").count(), scripts);
    assert!(html.contains("content=\"default-src 'none'; style-src 'sha256-"));
    // The payloads are there, as text.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("hostile-&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn the_page_escapes_widget_text_and_does_not_depend_on_the_jobs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_dir(&examples(), &root.join("examples"));
    generate(root, 40, 0, 3);
    hostile(root);
    let html = render_twice(root);
    holds_no_live_markup(&html, 1);
    // The file name is escaped in the finding's place too.
    assert!(html.contains(
        "<div class=\"at\">i18n/&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.json</div>"
    ));
}

#[test]
fn a_large_page_escapes_widget_text_and_does_not_depend_on_the_jobs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    generate(root, 55, 100, 9);
    hostile(root);
    let html = render_twice(root);
    // The rows island, the findings block and the page's script.
    holds_no_live_markup(&html, 3);
    let island = html
        .split_once("<script type=\"application/json\" id=\"rows\">")
        .and_then(|(_, rest)| rest.split_once("</script>"))
        .map(|(island, _)| island)
        .expect("rows island");
    assert!(!island.contains('<'));
    let data: Value = serde_json::from_str(island).expect("the island is JSON");
    let paths: Vec<&str> = data["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r[0].as_str())
        .collect();
    assert!(
        paths.contains(&format!("hostile-{IMG}").as_str()),
        "{paths:?}"
    );
}

#[test]
fn with_a_baseline_the_overview_tells_new_from_known() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_dir(&examples(), &root.join("w"));
    let baseline = root.join("baseline.json");
    amolint()
        .current_dir(root)
        .args(["check", "w", "--quiet", "--write-baseline"])
        .arg(&baseline)
        .output()
        .expect("write the baseline");
    let recorded = serde_json::from_str::<Value>(&fs::read_to_string(&baseline).expect("read"))
        .expect("baseline")["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["count"].as_u64().unwrap_or(0))
        .sum::<u64>();
    let clean = root.join("w/clean");
    let mut m = manifest(&clean);
    m["widget"]["init_once"] = json!("Y");
    write_manifest(&clean, &m);
    let out = amolint()
        .current_dir(root)
        .args(["check", "w", "--quiet", "--format", "html", "--baseline"])
        .arg(&baseline)
        .output()
        .expect("run");
    let html = String::from_utf8(out.stdout).expect("utf-8");
    assert!(html.contains("<span class=\"n\" id=\"count-new\">1</span> new finding"));
    assert!(html.contains(&format!(
        "<span class=\"n\" id=\"count-known\">{recorded}</span> known from the baseline"
    )));
    // The table gets a column of known findings per widget; they add up to the baseline's.
    let known: u64 = html
        .split("<td class=\"num k\">")
        .skip(1)
        .filter_map(|cell| {
            cell.split_once('<')
                .and_then(|(n, _)| n.parse::<u64>().ok())
        })
        .sum();
    assert_eq!(known, recorded);
}
