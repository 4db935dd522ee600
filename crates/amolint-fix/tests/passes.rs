//! The fix passes and the writes against real folders: built-in rules for the common path, and
//! rules made for the test where a real one cannot misbehave on purpose (a fix loop, a file
//! changed while it is being checked, a file to create).

use amolint_core::config::Config;
use amolint_core::engine::Engine;
use amolint_core::fix::{Edit, Fix};
use amolint_core::registry::Registry;
use amolint_core::rule::{Context, Finding, Pack, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity;
use amolint_core::text::Span;
use amolint_fix::{Mode, Options, fix_folder, plan, write_changes};
use std::fs;
use std::path::Path;

const MANIFEST: &str = "{\n  \"widget\": {\n    \"init_once\": \"true\"\n  }\n}\n";

fn meta(code: &'static str) -> RuleMeta {
    RuleMeta {
        code,
        name: "test-rule",
        pack: "test",
        amocrm: Some(Severity::Error),
        kommo: Some(Severity::Error),
        summary: "a rule made for the test",
        docs: RuleDocs::what_only("a rule made for the test"),
        options: &[],
    }
}

/// Checks `dir` with the built-in rules and every fix, and writes the result.
fn fix_with_builtins(dir: &Path) -> amolint_fix::Outcome {
    let registry = amolint_rules::registry();
    let config = Config::default();
    let engine = Engine {
        registry: &registry,
        config: &config,
    };
    fix_folder(
        &engine,
        "w",
        dir,
        &Options { unsafe_fixes: true },
        Mode::Write,
    )
}

fn engine_for<R: Rule + 'static>(rule: R) -> (Registry, Config) {
    let registry = Registry::new(vec![Pack {
        name: "test",
        rules: vec![Box::new(rule)],
    }]);
    (registry, Config::default())
}

#[test]
fn a_file_changed_after_the_passes_is_left_alone() {
    let tmp = tempfile::tempdir().expect("tmp");
    fs::write(tmp.path().join("manifest.json"), MANIFEST).expect("write");
    let registry = amolint_rules::registry();
    let config = Config::default();
    let engine = Engine {
        registry: &registry,
        config: &config,
    };
    let planned = plan(&engine, "w", tmp.path(), &Options::default()).expect("plan");
    assert_eq!(planned.changes.len(), 1, "{planned:#?}");
    // Someone saves the file between amolint's read and its write.
    let theirs = MANIFEST.replace("\"true\"", "\"yes\"");
    fs::write(tmp.path().join("manifest.json"), &theirs).expect("write");
    let written = write_changes(tmp.path(), &planned.changes);
    assert!(written.written.is_empty());
    assert_eq!(written.left_alone.len(), 1);
    assert!(
        written.left_alone[0].1.contains("changed on disk"),
        "{written:?}"
    );
    assert_eq!(
        fs::read_to_string(tmp.path().join("manifest.json")).expect("read"),
        theirs
    );
}

#[cfg(unix)]
#[test]
fn writes_keep_permissions_and_never_go_through_symlinks() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let tmp = tempfile::tempdir().expect("tmp");
    let w = tmp.path();
    // manifest.json is a link to a file of the widget, i18n/ a link to a folder of it: the
    // rules follow both (they stay inside the widget), the writes follow neither.
    fs::create_dir(w.join("conf")).expect("mkdir");
    fs::write(w.join("conf/manifest.src"), MANIFEST).expect("write");
    symlink("conf/manifest.src", w.join("manifest.json")).expect("symlink");
    fs::create_dir_all(w.join("node_modules/pkg/i18n")).expect("mkdir");
    fs::write(w.join("node_modules/pkg/i18n/en.json"), "\u{feff}{}").expect("write");
    symlink("node_modules/pkg/i18n", w.join("i18n")).expect("symlink");
    // A plain file is fixed, with its permissions.
    fs::write(w.join("script.js"), "\u{feff}define([], function () {});").expect("write");
    fs::set_permissions(w.join("script.js"), fs::Permissions::from_mode(0o640)).expect("chmod");

    let outcome = fix_with_builtins(w);
    assert_eq!(
        fs::read_to_string(w.join("script.js")).expect("read"),
        "define([], function () {});"
    );
    let mode = fs::metadata(w.join("script.js"))
        .expect("metadata")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);
    assert_eq!(
        fs::read_to_string(w.join("conf/manifest.src")).expect("read"),
        MANIFEST,
        "written through the file link"
    );
    assert_eq!(
        fs::read(w.join("node_modules/pkg/i18n/en.json")).expect("read"),
        "\u{feff}{}".as_bytes(),
        "written through the folder link"
    );
    for (file, why) in [
        ("manifest.json", "symbolic link"),
        ("i18n/en.json", "symbolic link"),
    ] {
        assert!(
            outcome
                .notes
                .iter()
                .any(|n| n.contains(&format!("w/{file}: not fixed")) && n.contains(why)),
            "{file}: {:?}",
            outcome.notes
        );
    }
    // What remains is read from disk again: the links' findings are still there.
    let codes: Vec<&str> = outcome
        .report
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert!(
        codes.contains(&"ENC001") && codes.contains(&"MAN003"),
        "{codes:?}"
    );
    assert_eq!(outcome.fixed.len(), 1, "{:?}", outcome.fixed);
    // No temporary file is left behind.
    let leftovers: Vec<_> = fs::read_dir(w)
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".amolint-fix"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Proposes, forever, to swap `a` and `b` in `data.json`.
struct Flip;

static FLIP: std::sync::LazyLock<RuleMeta> = std::sync::LazyLock::new(|| meta("TEST001"));

impl Rule for Flip {
    fn meta(&self) -> &'static RuleMeta {
        &FLIP
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Ok(text) = cx.widget.text("data.json") else {
            return;
        };
        let next = if text.text.contains('a') { "b" } else { "a" };
        let at = text.text.find(['a', 'b']).unwrap_or(0);
        out.report(
            Finding::new(&FLIP, "flip")
                .file("data.json")
                .span(Span::new(at, at + 1))
                .fix(Fix::safe(
                    "flip",
                    vec![Edit::replace("data.json", Span::new(at, at + 1), next)],
                )),
        );
    }
}

#[test]
fn a_fix_loop_stops_after_ten_passes_and_says_it_is_a_bug() {
    let tmp = tempfile::tempdir().expect("tmp");
    fs::write(tmp.path().join("data.json"), "[\"a\"]").expect("write");
    let (registry, config) = engine_for(Flip);
    let engine = Engine {
        registry: &registry,
        config: &config,
    };
    let planned = plan(&engine, "w", tmp.path(), &Options::default()).expect("plan");
    assert!(!planned.settled);
    assert_eq!(planned.passes, amolint_fix::MAX_PASSES);
    assert_eq!(planned.fixes.len(), amolint_fix::MAX_PASSES);
    assert!(
        planned
            .problems
            .iter()
            .any(|p| p.contains("did not settle") && p.contains("TEST001") && p.contains("bug")),
        "{:?}",
        planned.problems
    );
}

/// Reads `data.json`, then changes it on disk before proposing its fix: a file saved while
/// amolint checks it.
struct Meddler;

static MEDDLER: std::sync::LazyLock<RuleMeta> = std::sync::LazyLock::new(|| meta("TEST002"));

impl Rule for Meddler {
    fn meta(&self) -> &'static RuleMeta {
        &MEDDLER
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Ok(text) = cx.widget.text("data.json") else {
            return;
        };
        if !text.text.contains("old") {
            return;
        }
        let root = cx.widget.path();
        let _ = fs::write(Path::new(root).join("data.json"), "[\"someone else's\"]");
        let at = text.text.find("old").unwrap_or(0);
        out.report(
            Finding::new(&MEDDLER, "old")
                .file("data.json")
                .fix(Fix::safe(
                    "renew",
                    vec![Edit::replace("data.json", Span::new(at, at + 3), "new")],
                )),
        );
    }
}

#[test]
fn a_file_changed_while_it_is_checked_gets_no_fix() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data.json");
    fs::write(&data, "[\"old\"]").expect("write");
    let (registry, config) = engine_for(Meddler);
    let engine = Engine {
        registry: &registry,
        config: &config,
    };
    // The widget is shown under its real path, which the meddling rule writes through.
    let shown = tmp.path().to_str().expect("utf-8");
    let outcome = fix_folder(&engine, shown, tmp.path(), &Options::default(), Mode::Write);
    assert!(outcome.fixed.is_empty(), "{:?}", outcome.fixed);
    assert!(
        outcome
            .notes
            .iter()
            .any(|n| n.contains("changed on disk while amolint was checking it")),
        "{:?}",
        outcome.notes
    );
    assert_eq!(
        fs::read_to_string(&data).expect("read"),
        "[\"someone else's\"]"
    );
}

/// Proposes to create `i18n/de.json`.
struct Creator;

static CREATOR: std::sync::LazyLock<RuleMeta> = std::sync::LazyLock::new(|| meta("TEST003"));

impl Rule for Creator {
    fn meta(&self) -> &'static RuleMeta {
        &CREATOR
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        if cx.widget.has_file("i18n/de.json") {
            return;
        }
        out.report(Finding::new(&CREATOR, "no de").fix(Fix::unsafe_(
            "create i18n/de.json",
            vec![Edit::create("i18n/de.json", "{}\n")],
        )));
    }
}

#[test]
fn a_fix_can_create_a_file_and_diff_shows_it_without_writing() {
    let tmp = tempfile::tempdir().expect("tmp");
    fs::create_dir(tmp.path().join("i18n")).expect("mkdir");
    let (registry, config) = engine_for(Creator);
    let engine = Engine {
        registry: &registry,
        config: &config,
    };
    let unsafe_ok = Options { unsafe_fixes: true };
    let diff = fix_folder(&engine, "w", tmp.path(), &unsafe_ok, Mode::Diff);
    assert_eq!(
        diff.diff,
        "--- /dev/null\n+++ w/i18n/de.json\n@@ -0,0 +1 @@\n+{}\n"
    );
    assert!(!tmp.path().join("i18n/de.json").exists());
    // Unsafe: not without --unsafe-fixes.
    let safe_only = fix_folder(&engine, "w", tmp.path(), &Options::default(), Mode::Write);
    assert!(safe_only.fixed.is_empty() && safe_only.diff.is_empty());
    let done = fix_folder(&engine, "w", tmp.path(), &unsafe_ok, Mode::Write);
    assert_eq!(done.fixed.len(), 1, "{:?}", done.notes);
    assert!(done.report.diagnostics.is_empty());
    assert_eq!(
        fs::read_to_string(tmp.path().join("i18n/de.json")).expect("read"),
        "{}\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(tmp.path().join("i18n/de.json"))
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);
    }
    // A file that appears between the plan and the write is not replaced.
    fs::remove_file(tmp.path().join("i18n/de.json")).expect("rm");
    let planned = plan(&engine, "w", tmp.path(), &unsafe_ok).expect("plan");
    fs::write(tmp.path().join("i18n/de.json"), "mine").expect("write");
    let written = write_changes(tmp.path(), &planned.changes);
    assert_eq!(written.left_alone.len(), 1, "{written:?}");
    assert_eq!(
        fs::read_to_string(tmp.path().join("i18n/de.json")).expect("read"),
        "mine"
    );
}
