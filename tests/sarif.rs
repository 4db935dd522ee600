//! End-to-end tests of SARIF locations: percent-encoded references inside `--sarif-root`,
//! absolute `file:` URIs outside it, a region on every result, each checked against the schema,
//! by resolving every URI back to the file, with `sarif-fmt`, and with Microsoft's SARIF Multitool
//! (the validator GitHub's documentation points SARIF producers to).

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The widget folder of [`fixtures`]: spaces, `#`, `%` and Cyrillic in its name.
const WIDGET: &str = "Мой виджет #1 100%";
/// The zip widget of [`fixtures`].
const ZIP: &str = "Архив виджета #2.zip";

/// `tmp/widgets/` holding the defective example widget as [`WIDGET`], with files whose names need
/// encoding (a junk archive `Архив.zip`, an AppleDouble file, a source map, an unlisted locale
/// file) and without its main logo (a finding about the widget as a whole), and the example zip
/// as [`ZIP`]; `tmp/root/` is an empty folder, for runs whose root holds none of the widgets.
fn fixtures() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let widget = tmp.path().join("widgets").join(WIDGET);
    copy_dir(&examples().join("defective"), &widget);
    let zip = examples().join("nested/widget.zip");
    fs::copy(&zip, widget.join("Архив.zip")).expect("copy");
    fs::copy(
        examples().join("defective/images/logo.png"),
        widget.join("._логотип 1.png"),
    )
    .expect("copy");
    fs::write(widget.join("карта #2.js.map"), "{\"version\": 3}").expect("write");
    fs::write(widget.join("i18n/рус ский.json"), "{\n  \"a\": \"b\"\n}\n").expect("write");
    fs::remove_file(widget.join("images/logo_main.png")).expect("remove");
    fs::copy(&zip, tmp.path().join("widgets").join(ZIP)).expect("copy");
    fs::create_dir(tmp.path().join("root")).expect("mkdir");
    // A widget whose fixes insert (an empty deleted region) as well as replace and delete.
    let inserts = tmp.path().join("inserts");
    copy_dir(&examples().join("defective"), &inserts);
    let manifest = inserts.join("manifest.json");
    let text = fs::read_to_string(&manifest).expect("read");
    fs::write(
        &manifest,
        text.replacen("    \"version\": \"1.0.0\",\n", "", 1),
    )
    .expect("write");
    tmp
}

/// `amolint check TARGET --format sarif` run in `cwd`, with `args` after it.
fn sarif_in(cwd: &Path, target: &str, args: &[&str]) -> String {
    let output = amolint()
        .current_dir(cwd)
        .args(["check", target, "--format", "sarif"])
        .args(args)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1), "the widgets have errors");
    String::from_utf8(output.stdout).expect("utf-8")
}

/// Every SARIF report the tests check, by name: the example widgets and the fixtures, each with
/// a root holding them (relative references) and one that does not (absolute URIs).
fn reports(fixtures: &Path) -> Vec<(&'static str, String)> {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let examples = examples();
    let elsewhere = fixtures.join("root");
    vec![
        ("examples", sarif_in(repository, "examples/widgets", &[])),
        (
            "examples-outside-root",
            sarif_in(
                repository,
                "examples/widgets",
                &["--sarif-root", elsewhere.to_str().expect("utf-8")],
            ),
        ),
        ("fixtures", sarif_in(fixtures, "widgets", &[])),
        (
            "fixtures-outside-root",
            sarif_in(fixtures, "widgets", &["--sarif-root", "root"]),
        ),
        (
            "widget-at-root",
            sarif_in(&examples.join("defective"), ".", &[]),
        ),
        ("inserts", sarif_in(fixtures, "inserts", &[])),
    ]
}

#[test]
fn every_report_validates_against_the_schema() {
    let tmp = fixtures();
    let schema = sarif_schema();
    for (name, text) in reports(tmp.path()) {
        let report: Value = serde_json::from_str(&text).expect("JSON");
        let errors = sarif_schema_errors(&schema, &report);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

/// RFC 3986's unreserved characters, `/`, and `%` followed by two hex digits: all a path written
/// by amolint may hold (and a Windows drive's colon, as in `/C:/a`).
fn assert_encoded(uri: &str) {
    let bytes = match uri.as_bytes() {
        [b'/', letter, b':', rest @ ..] if cfg!(windows) && letter.is_ascii_alphabetic() => rest,
        bytes => bytes,
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            assert!(
                bytes.len() > i + 2
                    && bytes[i + 1].is_ascii_hexdigit()
                    && bytes[i + 2].is_ascii_hexdigit(),
                "bad escape in {uri}"
            );
            i += 3;
            continue;
        }
        assert!(
            b.is_ascii_alphanumeric() || b"-._~/".contains(&b),
            "{:?} is not encoded in {uri}",
            b as char
        );
        i += 1;
    }
}

/// The file a `file:` URI names, decoding its percent escapes byte by byte (written here rather
/// than with amolint's own code, so that the test checks the encoding rather than repeats it).
fn file_path(uri: &str) -> PathBuf {
    let path = uri.strip_prefix("file://").expect("a file: URI");
    assert!(path.starts_with('/'), "{uri}");
    let mut bytes = Vec::new();
    let raw = path.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            let hex = std::str::from_utf8(&raw[i + 1..i + 3]).expect("hex");
            bytes.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            bytes.push(raw[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(bytes).expect("UTF-8 path");
    // `file:///C:/a` names `C:/a` on Windows.
    match path.as_bytes() {
        [b'/', letter, b':', ..] if cfg!(windows) && letter.is_ascii_alphabetic() => {
            PathBuf::from(&path[1..])
        }
        _ => PathBuf::from(path),
    }
}

/// Resolves a result's artifact location to the file it names, checking the form of its URI.
fn resolve(run: &Value, location: &Value) -> PathBuf {
    let uri = location["uri"].as_str().expect("uri");
    match location.get("uriBaseId") {
        Some(base_id) => {
            assert_eq!(base_id, "SRCROOT");
            assert!(!uri.starts_with('/') && !uri.contains(':'), "{uri}");
            assert_encoded(uri);
            let base = run["originalUriBaseIds"]["SRCROOT"]["uri"]
                .as_str()
                .expect("SRCROOT");
            file_path(&format!("{base}{uri}"))
        }
        None => {
            assert!(uri.starts_with("file:///"), "{uri}");
            assert_encoded(&uri["file://".len()..]);
            file_path(uri)
        }
    }
}

/// The number of the last line, as editors count: a final line break starts no other line.
fn last_line(text: &str) -> usize {
    text.lines().count().max(1)
}

#[test]
fn every_location_resolves_to_the_file_with_a_region_that_fits_it() {
    let tmp = fixtures();
    let mut seen = BTreeMap::new();
    for (name, text) in reports(tmp.path()) {
        let report: Value = serde_json::from_str(&text).expect("JSON");
        let run = &report["runs"][0];
        let base = run["originalUriBaseIds"]["SRCROOT"]["uri"]
            .as_str()
            .expect("SRCROOT");
        assert!(
            base.starts_with("file:///") && base.ends_with('/'),
            "{base}"
        );
        assert_encoded(&base["file://".len()..]);
        assert!(file_path(base).is_dir(), "{name}: {base}");
        let outside = name.ends_with("outside-root");
        for result in run["results"].as_array().expect("results") {
            let physical = &result["locations"][0]["physicalLocation"];
            let location = &physical["artifactLocation"];
            assert_eq!(
                location.get("uriBaseId").is_none(),
                outside,
                "{name}: {location}"
            );
            let path = resolve(run, location);
            assert!(path.exists(), "{name}: {location} is {}", path.display());
            let region = &physical["region"];
            let metadata = fs::metadata(&path).expect("metadata");
            let kind = if metadata.is_dir() {
                // The widget's own folder, for a finding about the widget as a whole.
                assert_eq!(
                    *region,
                    serde_json::json!({"startLine": 1}),
                    "{name}: {location}"
                );
                "folder"
            } else if let Some(offset) = region.get("byteOffset") {
                assert_eq!(offset, 0);
                assert_eq!(region["byteLength"], metadata.len(), "{name}: {location}");
                "bytes"
            } else if region.get("startColumn").is_none() {
                let text = fs::read_to_string(&path).expect("a text file");
                assert_eq!(region["startLine"], 1);
                assert_eq!(region["endLine"], last_line(&text), "{name}: {location}");
                "lines"
            } else {
                assert!(region["startLine"].as_u64().is_some_and(|l| l >= 1));
                "span"
            };
            seen.insert(
                (name, kind),
                path.file_name().map(|n| n.to_string_lossy().into_owned()),
            );
        }
    }
    // Each kind of region comes up, inside and outside the root.
    for name in ["fixtures", "fixtures-outside-root"] {
        for kind in ["folder", "bytes", "lines", "span"] {
            assert!(
                seen.contains_key(&(name, kind)),
                "no {kind} region in {name}: {seen:?}"
            );
        }
    }
}

#[test]
fn names_are_percent_encoded_in_uris_and_plain_in_the_json_report() {
    let tmp = fixtures();
    let text = sarif_in(tmp.path(), "widgets", &[]);
    let widget = "%D0%9C%D0%BE%D0%B9%20%D0%B2%D0%B8%D0%B4%D0%B6%D0%B5%D1%82%20%231%20100%25";
    assert!(
        text.contains(&format!(
            "\"uri\":\"widgets/{widget}/%D0%90%D1%80%D1%85%D0%B8%D0%B2.zip\",\"uriBaseId\":\"SRCROOT\""
        )),
        "{text}"
    );
    assert!(
        text.contains(
            "\"uri\":\"widgets/%D0%90%D1%80%D1%85%D0%B8%D0%B2%20%D0%B2%D0%B8%D0%B4%D0%B6%D0%B5%D1%82%D0%B0%20%232.zip\""
        ),
        "{text}"
    );
    let report: Value = serde_json::from_str(&text).expect("JSON");
    let root = report["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"]
        .as_str()
        .expect("uri");
    assert_eq!(
        file_path(root).canonicalize().expect("SRCROOT exists"),
        tmp.path().canonicalize().expect("canonical")
    );

    let output = amolint()
        .current_dir(tmp.path())
        .args(["check", "widgets", "--format", "json"])
        .output()
        .expect("run");
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let widget = json["widgets"]
        .as_array()
        .expect("widgets")
        .iter()
        .find(|w| w["path"] == format!("widgets/{WIDGET}"))
        .expect("the widget, by its plain path");
    let files: Vec<&str> = widget["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert!(files.contains(&"Архив.zip"), "{files:?}");
    assert!(files.contains(&"i18n/рус ский.json"), "{files:?}");
}

/// `sarif-fmt` still reads the report and renders every result with the names decoded. It takes
/// a location's `uri` for a file path (it neither decodes escapes nor reads `file:` URIs), so it
/// frames code only for plain ASCII paths relative to the current folder (tests/bulk.rs checks
/// those); here the names reach it through the messages, which name the files as they are.
#[test]
fn sarif_fmt_renders_every_result_with_names_decoded() {
    let tmp = fixtures();
    let file = tmp.path().join("report.sarif");
    let text = sarif_in(tmp.path(), "widgets", &[]);
    fs::write(&file, &text).expect("write");
    let Some(output) = sarif_fmt(&file) else {
        return;
    };
    assert!(
        output.stderr.is_empty(),
        "sarif-fmt could not read the report: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rendered = String::from_utf8_lossy(&output.stdout);
    let report: Value = serde_json::from_str(&text).expect("JSON");
    let results = report["runs"][0]["results"].as_array().expect("results");
    let headings = rendered
        .lines()
        .filter(|l| {
            ["error: ", "warning: ", "note: "]
                .iter()
                .any(|h| l.starts_with(h))
                && !l.ends_with(" emitted")
        })
        .count();
    assert_eq!(headings, results.len(), "{rendered}");
    for name in [
        "`Архив.zip`",
        "`._логотип 1.png`",
        "`i18n/рус ский.json`",
        "`карта #2.js.map`",
        ZIP,
    ] {
        assert!(rendered.contains(name), "{name} in {rendered}");
    }
    assert!(!rendered.contains("%D0"), "{rendered}");
}

/// The SARIF Multitool (`@microsoft/sarif-multitool-linux` from npm), where `.ci/run` installs it
/// (AMOLINT_SARIF_MULTITOOL overrides); `None` when it is not there. `.ci/run` sets
/// AMOLINT_REQUIRE_SARIF_MULTITOOL, so CI never skips.
fn multitool() -> Option<PathBuf> {
    let path = std::env::var_os("AMOLINT_SARIF_MULTITOOL")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join(
                "target/ci-tools/sarif-multitool/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool",
            )
        });
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var_os("AMOLINT_REQUIRE_SARIF_MULTITOOL").is_none(),
        "the SARIF Multitool is required but {} is missing (.ci/run installs it)",
        path.display()
    );
    eprintln!(
        "skipped: the SARIF Multitool is not installed at {} (.ci/run installs it)",
        path.display()
    );
    None
}

/// The notes the validator still gives, each for a reason that is amolint's choice or outside
/// its reach; a new kind of note fails the test until it is explained here.
const EXPLAINED_NOTES: &[(&str, &str)] = &[
    (
        "SARIF2002",
        "messages are text: each is written for its finding, not a template with arguments",
    ),
    (
        "SARIF2003",
        "no versionControlProvenance: amolint does not read the repository's history",
    ),
    (
        "SARIF2006",
        "an http(s) URI (the $schema, rule pages) was not reachable: the validator fetches them, \
         and the test machine may have no network",
    ),
    (
        "SARIF2009",
        "rule ids such as I18N001 have letters after a digit: the codes are public API",
    ),
    (
        "SARIF2010",
        "no region snippet: code scanning shows the repository's own file",
    ),
    ("SARIF2011", "no context region, for the same reason"),
    (
        "SARIF2012",
        "rule names are kebab-case (public API, not Pascal case); rule help URIs may be absent",
    ),
    (
        "SARIF2016",
        "an absolute file: URI: only for files outside --sarif-root, which have no base",
    ),
];

/// `Sarif.Multitool validate --rule-kind "Sarif;Gh"` (the SARIF rules and GitHub's) over every
/// report: no error, no warning, and only the notes explained above.
#[test]
fn the_sarif_multitool_finds_no_error_and_no_warning() {
    let Some(tool) = multitool() else {
        return;
    };
    let tmp = fixtures();
    let out = tempfile::tempdir().expect("tempdir");
    let mut files = Vec::new();
    for (name, text) in reports(tmp.path()) {
        let file = out.path().join(format!("{name}.sarif"));
        fs::write(&file, text).expect("write");
        files.push(file);
    }
    let log = out.path().join("validation.sarif");
    let output = std::process::Command::new(&tool)
        .arg("validate")
        .args(&files)
        .args(["--rule-kind", "Sarif;Gh", "--level", "Error;Warning;Note"])
        .arg("-o")
        .arg(&log)
        // The tool is a .NET program, which aborts when the system has no ICU library; without
        // it, invariant globalization is all a validator of JSON needs.
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .output()
        .expect("run the SARIF Multitool");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    let validation: Value =
        serde_json::from_str(&fs::read_to_string(&log).expect("validation log")).expect("JSON");
    let run = &validation["runs"][0];
    for invocation in run["invocations"].as_array().expect("invocations") {
        assert_eq!(invocation["executionSuccessful"], true, "{invocation}");
        for key in [
            "toolExecutionNotifications",
            "toolConfigurationNotifications",
        ] {
            assert!(invocation.get(key).is_none(), "{key}: {invocation}");
        }
    }
    let mut notes_per_file = BTreeMap::new();
    for result in run["results"].as_array().expect("results") {
        let rule = result["ruleId"].as_str().expect("ruleId");
        // SARIF's default level of a result is `warning`.
        let level = result["level"].as_str().unwrap_or("warning");
        let place = &result["locations"][0]["physicalLocation"];
        assert_eq!(level, "note", "{rule}: {result}\n{stdout}");
        assert!(
            EXPLAINED_NOTES.iter().any(|(id, _)| *id == rule),
            "an unexplained note {rule}: {result}"
        );
        let file = place["artifactLocation"]["uri"].as_str().unwrap_or("");
        *notes_per_file
            .entry(file.rsplit('/').next().unwrap_or("").to_string())
            .or_insert(0) += 1;
    }
    // Every report was read and checked: each got its notes (SARIF2002 for every result).
    for file in &files {
        let name = file.file_name().expect("name").to_string_lossy();
        assert!(
            notes_per_file.get(name.as_ref()).is_some_and(|n| *n > 0),
            "{name} was not validated: {notes_per_file:?}"
        );
    }
}

/// A result's fixes point at the file they edit, with the region the JSON report gives the edit
/// (an insertion is an empty region), and the fix's applicability in its property bag.
#[test]
fn fixes_name_the_edited_file_and_region() {
    let tmp = fixtures();
    let report: Value = serde_json::from_str(&sarif_in(tmp.path(), "inserts", &[])).expect("JSON");
    let results = report["runs"][0]["results"].as_array().expect("results");
    let fix_of = |rule: &str| {
        let result = results
            .iter()
            .find(|r| r["ruleId"] == rule)
            .unwrap_or_else(|| panic!("no {rule} result"));
        result["fixes"][0].clone()
    };
    let bom = fix_of("ENC001");
    assert_eq!(bom["description"]["text"], "remove the byte order mark");
    assert_eq!(bom["properties"]["applicability"], "safe");
    let change = &bom["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "inserts/i18n/en.json");
    assert_eq!(change["artifactLocation"]["uriBaseId"], "SRCROOT");
    assert_eq!(
        change["replacements"][0],
        serde_json::json!({
            "deletedRegion": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 2},
            "insertedContent": {"text": ""}
        })
    );
    let version = fix_of("MAN008");
    assert_eq!(version["properties"]["applicability"], "unsafe");
    let region = &version["artifactChanges"][0]["replacements"][0]["deletedRegion"];
    assert_eq!(region["startLine"], region["endLine"], "{region}");
    assert_eq!(
        region["startColumn"], region["endColumn"],
        "an insertion: {region}"
    );
    let fixes = results.iter().filter(|r| r.get("fixes").is_some()).count();
    assert!(fixes >= 5, "{fixes} results with fixes");
}
