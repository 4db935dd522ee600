//! Every rule's fixtures: a widget that triggers it and one that does not, with every finding
//! pinned.
//!
//! A case is a folder `tests/fixtures/cases/<CODE>/<case>/` holding files laid over the clean
//! widget `examples/widgets/clean/`, and an optional `case.toml`:
//!
//! ```toml
//! platform = "amocrm"            # default: auto
//! base = false                   # start from an empty folder instead of the clean widget
//! remove = ["images/logo.png"]   # files of the base to leave out
//! zip = "widget.zip"             # check the widget packed into a zip of this name
//! zip-prefix = "widget/"         # put every entry under this folder in the zip
//! config = "[rules]\nMAN008 = 'off'"   # rules.toml text for this case
//! [[raw-entry]]                  # extra zip entries written byte for byte (hostile names)
//! name = "../evil.txt"
//! data = "x"
//! unix-mode = 0o120777           # optional
//! encrypted = true               # optional
//! method = 14                    # optional
//! fix-reveals = ["JS005"]        # codes the case's fixes may bring out (see below)
//! ```
//!
//! A case named `fail*` must produce at least one finding of its rule, a case named `pass*` none;
//! all findings of every rule are pinned in `expected.snap` (insta), so a fixture that breaks one
//! thing also shows that nothing else fires. Review changes with `cargo insta review`.
//!
//! A folder case whose findings carry fixes is also fixed, as `amolint check --fix
//! --unsafe-fixes` would fix it: `fixed.snap` pins the diff and the findings left, and the test
//! checks that the fixed findings are gone, that nothing new appears, that every JSON file still
//! parses and that fixing again changes nothing. "Nothing new" has one kind of exception, which a
//! case names in `fix-reveals`: an unsafe fix that turns something on (a location, a language)
//! brings out what that needs and the widget lacks (a callback, a tour image); `fixed.snap`
//! shows it.

mod support;

use amolint_core::WidgetReport;
use amolint_core::config::Config;
use amolint_core::engine::Engine;
use amolint_core::fix::Applicability;
use amolint_core::json::{ParseOptions, parse};
use amolint_core::source::{self, Limits};
use amolint_core::widget::Widget;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use support::rawzip::{self, RawEntry};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Case {
    platform: Option<String>,
    #[serde(default = "yes")]
    base: bool,
    #[serde(default)]
    remove: Vec<String>,
    zip: Option<String>,
    #[serde(default)]
    zip_prefix: String,
    config: Option<String>,
    #[serde(default)]
    raw_entry: Vec<RawSpec>,
    #[serde(default)]
    fix_reveals: Vec<String>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSpec {
    name: String,
    #[serde(default)]
    data: String,
    unix_mode: Option<u32>,
    #[serde(default)]
    encrypted: bool,
    #[serde(default)]
    method: u16,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn files_under(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("read dir") {
            let entry = entry.expect("entry");
            let path = entry.path();
            if entry.file_type().expect("type").is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .expect("prefix")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, fs::read(&path).expect("read")));
            }
        }
    }
    out.sort();
    out
}

/// Builds the case's widget in `work` and returns the path to check.
fn materialize(case_dir: &Path, case: &Case, work: &Path) -> PathBuf {
    let tree = work.join("tree");
    fs::create_dir_all(&tree).expect("mkdir");
    if case.base {
        support::copy_tree(&support::clean_widget(), &tree, &[]);
    }
    for path in &case.remove {
        fs::remove_file(tree.join(path)).unwrap_or_else(|e| panic!("remove {path}: {e}"));
    }
    support::copy_tree(
        case_dir,
        &tree,
        &["case.toml", "expected.snap", "fixed.snap"],
    );
    let Some(zip_name) = &case.zip else {
        return tree;
    };
    let mut entries: Vec<RawEntry> = files_under(&tree)
        .into_iter()
        .map(|(name, data)| RawEntry::stored(&format!("{}{name}", case.zip_prefix), &data))
        .collect();
    for raw in &case.raw_entry {
        entries.push(RawEntry {
            unix_mode: raw.unix_mode,
            encrypted: raw.encrypted,
            method: raw.method,
            ..RawEntry::stored(&raw.name, raw.data.as_bytes())
        });
    }
    let zip_path = work.join(zip_name);
    fs::write(&zip_path, rawzip::write(&entries)).expect("write zip");
    zip_path
}

/// A case's widget built on disk, with the configuration it is checked under.
struct Prepared {
    config: Config,
    /// Holds the widget on disk for as long as the case is used.
    _work: tempfile::TempDir,
    target: PathBuf,
    /// How the widget is shown: a zip under its own name, as discovery shows one (ARC009 judges
    /// that name).
    display: String,
    zip: bool,
    /// Codes the case's fixes may bring out.
    reveals: Vec<String>,
}

fn prepare(case_dir: &Path, display: &str) -> Prepared {
    let case: Case = match fs::read_to_string(case_dir.join("case.toml")) {
        Ok(text) => toml::from_str(&text).unwrap_or_else(|e| panic!("{display}/case.toml: {e}")),
        Err(_) => Case {
            base: true,
            ..Case::default()
        },
    };
    let registry = amolint_rules::registry();
    let mut config = match &case.config {
        Some(text) => {
            Config::parse(text, "case.toml", &registry).unwrap_or_else(|e| panic!("{display}: {e}"))
        }
        None => Config::default(),
    };
    if let Some(platform) = &case.platform {
        config.platform = platform.parse().expect("platform");
    }
    let work = tempfile::tempdir().expect("tempdir");
    let target = materialize(case_dir, &case, work.path());
    let display = match &case.zip {
        Some(name) => format!("{display}/{name}"),
        None => display.to_string(),
    };
    Prepared {
        config,
        _work: work,
        target,
        display,
        zip: case.zip.is_some(),
        reveals: case.fix_reveals,
    }
}

fn check_case(case_dir: &Path, display: &str) -> WidgetReport {
    check_prepared(&prepare(case_dir, display))
}

fn check_prepared(case: &Prepared) -> WidgetReport {
    let registry = amolint_rules::registry();
    let engine = Engine {
        registry: &registry,
        config: &case.config,
    };
    // The case's safety limits apply to the reading, as they do in a real run.
    let source = source::open(&case.target, &case.config.limits().0)
        .unwrap_or_else(|e| panic!("{}: {e}", case.display));
    engine.check(&case.display, source.as_ref())
}

fn render(report: &WidgetReport) -> String {
    let mut text = format!(
        "platform: {} ({})\n",
        report.platform, report.platform_reason
    );
    for d in &report.diagnostics {
        let place = match (&d.file, d.line, d.column) {
            (Some(f), Some(l), Some(c)) => format!("{f}:{l}:{c}"),
            (Some(f), _, _) => f.clone(),
            (None, _, _) => "-".to_string(),
        };
        text.push_str(&format!(
            "{} {} {place}: {}\n",
            d.severity, d.code, d.message
        ));
        if let Some(help) = &d.help {
            text.push_str(&format!("    help: {help}\n"));
        }
        if let Some(fix) = &d.fix {
            text.push_str(&format!(
                "    fix ({}): {}\n",
                fix.applicability.as_str(),
                fix.message
            ));
        }
    }
    text
}

/// How many findings of each code a report has.
fn counts(report: &WidgetReport) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for d in &report.diagnostics {
        *counts.entry(d.code.clone()).or_insert(0) += 1;
    }
    counts
}

/// Fixes a folder case with every fix, safe and unsafe, and returns what `fixed.snap` pins:
/// the diff, then the findings left. Problems (a fixed finding still there, a new finding, a
/// JSON file that no longer parses, a second fix that changes something) go to `problems`.
fn fix_case(case: &Prepared, before: &WidgetReport, problems: &mut Vec<String>) -> String {
    let display = &case.display;
    let registry = amolint_rules::registry();
    let engine = Engine {
        registry: &registry,
        config: &case.config,
    };
    let options = amolint_fix::Options { unsafe_fixes: true };
    let plan = amolint_fix::plan(&engine, display, &case.target, &options)
        .unwrap_or_else(|e| panic!("{display}: {e}"));
    if !plan.settled || !plan.problems.is_empty() {
        problems.push(format!(
            "{display}: the fixes misbehaved: {:?}",
            plan.problems
        ));
    }
    if plan.changes.is_empty() {
        problems.push(format!(
            "{display}: its findings have fixes but nothing changed"
        ));
    }
    let (old, new) = (counts(before), counts(&plan.report));
    for (code, after) in &new {
        let had = old.get(code).copied().unwrap_or(0);
        let fixable = before
            .diagnostics
            .iter()
            .filter(|d| &d.code == code && d.fix.is_some())
            .count();
        if *after > had - fixable.min(had) && fixable > 0 {
            problems.push(format!(
                "{display}: {code} still reports what its fix should remove"
            ));
        }
        if *after > had && !case.reveals.contains(code) {
            problems.push(format!(
                "{display}: fixing brought {code} findings that were not there"
            ));
        }
    }
    for change in &plan.changes {
        if change.path.ends_with(".json") {
            let text = String::from_utf8(change.fixed.clone()).unwrap_or_default();
            if !parse(&text, &ParseOptions::default()).is_valid() {
                problems.push(format!(
                    "{display}: {} is not JSON after the fix",
                    change.path
                ));
            }
        }
    }
    let written = amolint_fix::write_changes(&case.target, &plan.changes);
    if !written.left_alone.is_empty() {
        problems.push(format!("{display}: not written: {:?}", written.left_alone));
    }
    let again = amolint_fix::plan(&engine, display, &case.target, &options)
        .unwrap_or_else(|e| panic!("{display}: {e}"));
    if !again.changes.is_empty() {
        problems.push(format!(
            "{display}: a second --fix changes more:\n{}",
            amolint_fix::unified_diff(display, &again.changes)
        ));
    }
    if again.report.diagnostics != plan.report.diagnostics {
        problems.push(format!(
            "{display}: the written files do not give the findings the fixed ones gave"
        ));
    }
    format!(
        "{}---\n{}",
        amolint_fix::unified_diff(display, &plan.changes),
        render(&plan.report)
    )
}

fn cases() -> Vec<(String, String, PathBuf)> {
    let mut out = Vec::new();
    let root = fixtures().join("cases");
    for code in fs::read_dir(&root).expect("cases folder") {
        let code = code.expect("entry");
        for case in fs::read_dir(code.path()).expect("case folder") {
            let case = case.expect("entry");
            if case.file_type().expect("type").is_dir() {
                out.push((
                    code.file_name().to_string_lossy().into_owned(),
                    case.file_name().to_string_lossy().into_owned(),
                    case.path(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_case_gives_its_pinned_findings() {
    let mut problems = Vec::new();
    for (code, name, dir) in cases() {
        let display = format!("{code}/{name}");
        let case = prepare(&dir, &display);
        let report = check_prepared(&case);
        let fired = report.diagnostics.iter().any(|d| d.code == code);
        if name.starts_with("fail") && !fired {
            problems.push(format!("{display}: expected a {code} finding, got none"));
        }
        if name.starts_with("pass") && fired {
            problems.push(format!("{display}: expected no {code} finding"));
        }
        insta::with_settings!({
            snapshot_path => dir.clone(),
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => display.clone(),
        }, {
            insta::assert_snapshot!("expected", render(&report));
        });
        let fixable = report.diagnostics.iter().any(|d| d.fix.is_some());
        if fixable && case.zip {
            problems.push(format!("{display}: a finding inside a zip offers a fix"));
        }
        if !fixable {
            if dir.join("fixed.snap").exists() {
                problems.push(format!(
                    "{display}: fixed.snap is stale (nothing is fixable)"
                ));
            }
            continue;
        }
        let fixed = fix_case(&case, &report, &mut problems);
        insta::with_settings!({
            snapshot_path => dir.clone(),
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => format!("{display}, after --fix --unsafe-fixes"),
        }, {
            insta::assert_snapshot!("fixed", fixed);
        });
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every kind of fix a rule documents (safe, unsafe) is offered by at least one of its `fail*`
/// cases, so each fix has its before (the case) and after (`fixed.snap`); and a rule that
/// offers fixes documents them.
#[test]
fn every_fix_has_a_fixture() {
    let mut offered: BTreeSet<(String, Applicability)> = BTreeSet::new();
    for (code, name, dir) in cases() {
        let report = check_case(&dir, &format!("{code}/{name}"));
        for d in &report.diagnostics {
            if let Some(fix) = &d.fix {
                offered.insert((d.code.clone(), fix.applicability));
            }
        }
    }
    let mut missing = Vec::new();
    for rule in amolint_rules::registry().rules() {
        let code = rule.meta().code;
        let documented = rule
            .fix_docs()
            .map(|docs| docs.applicabilities())
            .unwrap_or_default();
        for applicability in &documented {
            if !offered.contains(&(code.to_string(), *applicability)) {
                missing.push(format!(
                    "{code}: no case offers its {} fix",
                    applicability.as_str()
                ));
            }
        }
        for (offered_code, applicability) in &offered {
            if offered_code == code && !documented.contains(applicability) {
                missing.push(format!(
                    "{code}: offers a {} fix its FixDocs do not document",
                    applicability.as_str()
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_rule_has_a_failing_and_a_passing_case() {
    let cases = cases();
    let mut missing = Vec::new();
    for rule in amolint_rules::registry().rules() {
        let code = rule.meta().code;
        for kind in ["fail", "pass"] {
            if !cases
                .iter()
                .any(|(c, n, _)| c == code && n.starts_with(kind))
            {
                missing.push(format!("{code}: no `{kind}*` case"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_clean_base_widget_has_no_warning_on_either_platform() {
    for platform in ["amocrm", "kommo"] {
        let registry = amolint_rules::registry();
        let config = Config {
            platform: platform.parse().expect("platform"),
            ..Config::default()
        };
        let engine = Engine {
            registry: &registry,
            config: &config,
        };
        let source = source::open(&support::clean_widget(), &Limits::default()).expect("open base");
        let report = engine.check("base", source.as_ref());
        let loud: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity >= amolint_core::Severity::Warning)
            .collect();
        assert!(loud.is_empty(), "{platform}: {loud:#?}");
    }
}

/// `amolint pack` leaves out by [`amolint_rules::unshipped`]: on every case, what it lists under
/// ARC006 and ARC007 is exactly what those rules report, and every environment file or key file it
/// lists under SEC001 is one that SEC001 reports.
#[test]
fn what_packing_leaves_out_is_what_the_rules_report() {
    let mut problems = Vec::new();
    for (code, name, dir) in cases() {
        let display = format!("{code}/{name}");
        let case = prepare(&dir, &display);
        let registry = amolint_rules::registry();
        let engine = Engine {
            registry: &registry,
            config: &case.config,
        };
        let limits = case.config.limits();
        let source = source::open(&case.target, &limits.0).expect("open");
        let report = engine.check(&case.display, source.as_ref());
        let source = source::open(&case.target, &limits.0).expect("open");
        let widget = Widget::new(
            case.display.as_str(),
            source.as_ref(),
            case.config.platform,
            limits.1,
        );
        let unshipped = amolint_rules::unshipped::unshipped(&widget);
        for rule in ["ARC006", "ARC007"] {
            let mut reported: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.code == rule)
                .map(|d| d.file.clone().unwrap_or_default())
                .collect();
            let mut listed: Vec<String> = unshipped
                .iter()
                .filter(|u| u.code == rule)
                .map(|u| u.path.clone())
                .collect();
            reported.sort();
            listed.sort();
            if reported != listed {
                problems.push(format!(
                    "{display}: {rule} reports {reported:?}, packing leaves out {listed:?}"
                ));
            }
        }
        for item in unshipped.iter().filter(|u| u.code == "SEC001") {
            if !report
                .diagnostics
                .iter()
                .any(|d| d.code == "SEC001" && d.file.as_deref() == Some(item.path.as_str()))
            {
                problems.push(format!(
                    "{display}: packing leaves out {} as SEC001's, which SEC001 does not report",
                    item.path
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A locale code I18N003 rejects (`es_ES`) never has I18N001 ask for a file named after it: the
/// help names the valid code, `es`, and its file.
#[test]
fn missing_locale_help_names_the_valid_code() {
    let case = "I18N001/fail-unsupported-code-names-the-valid-one";
    let report = check_case(&fixtures().join("cases").join(case), case);
    let i18n001: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "I18N001")
        .collect();
    assert_eq!(i18n001.len(), 1, "{i18n001:#?}");
    let help = i18n001[0].help.as_deref().unwrap_or_default();
    assert!(
        help.contains("`\"es\"`") && help.contains("`i18n/es.json`"),
        "{help}"
    );
    assert!(!help.contains("es_ES.json"), "{help}");
    assert!(
        report.diagnostics.iter().any(|d| d.code == "I18N003"),
        "I18N003 reports the code itself"
    );
}
