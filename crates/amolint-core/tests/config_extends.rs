//! `extends`, `[[plugins]]` and `[[rule]]` in `rules.toml`: the order files are applied in, where
//! relative paths point, and the places errors name.

use amolint_core::config::{Config, RawConfig};
use amolint_core::platform::{Platform, PlatformChoice};
use amolint_core::registry::Registry;
use amolint_core::severity::FailOn;
use std::fs;
use std::path::Path;
use std::time::Duration;

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

#[test]
fn extended_files_come_first_and_the_extending_file_wins() {
    let tmp = tempfile::tempdir().expect("tmp");
    write(
        &tmp.path().join("org/rules.toml"),
        "platform = \"amocrm\"\nfail-on = \"warning\"\n",
    );
    let local = tmp.path().join("repo/rules.toml");
    write(
        &local,
        "extends = [\"../org/rules.toml\"]\nfail-on = \"never\"\n",
    );
    let config = Config::load(&local, &Registry::new(Vec::new())).expect("config");
    assert_eq!(config.platform, PlatformChoice::Fixed(Platform::Amocrm));
    assert_eq!(config.fail_on, FailOn::Never);
}

#[test]
fn plugins_and_rules_are_gathered_with_paths_relative_to_their_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    write(
        &tmp.path().join("org/rules.toml"),
        "[[plugins]]\npath = \"packs/libacme.so\"\nisolate = true\ntimeout = 2.5\noptions = { x = 1 }\n\n[[rule]]\ncode = \"ACME001\"\n",
    );
    let local = tmp.path().join("repo/rules.toml");
    write(
        &local,
        "extends = [\"../org/rules.toml\"]\n\n[[plugins]]\npath = \"libmine.so\"\n\n[[rule]]\ncode = \"MINE001\"\n",
    );
    let raw = RawConfig::load(&local).expect("org");
    let org = raw.org();
    let real = tmp.path().canonicalize().expect("canonical");
    assert_eq!(org.plugins.len(), 2);
    assert_eq!(org.plugins[0].path, real.join("org/packs/libacme.so"));
    assert!(org.plugins[0].isolate);
    assert_eq!(org.plugins[0].timeout, Duration::from_millis(2500));
    assert_eq!(org.plugins[0].options["x"].as_integer(), Some(1));
    assert_eq!(org.plugins[1].path, real.join("repo/libmine.so"));
    assert!(!org.plugins[1].isolate);
    assert_eq!(org.plugins[1].timeout, Duration::from_secs(30));
    let codes: Vec<String> = org
        .rules
        .iter()
        .map(|r| r.fields[0].value.as_str().expect("code").to_string())
        .collect();
    assert_eq!(codes, ["ACME001", "MINE001"]);
    assert_eq!((org.rules[1].at.line, org.rules[1].at.column), (6, 1));
    assert_eq!(
        (
            org.rules[1].fields[0].value_at.line,
            org.rules[1].fields[0].value_at.column
        ),
        (7, 8)
    );
}

#[test]
fn a_cycle_or_a_missing_file_in_extends_is_an_error_at_the_entry() {
    let tmp = tempfile::tempdir().expect("tmp");
    let a = tmp.path().join("a.toml");
    write(&a, "extends = [\"b.toml\"]\n");
    write(&tmp.path().join("b.toml"), "\nextends = [\"a.toml\"]\n");
    let error = RawConfig::load(&a).expect_err("a cycle");
    assert!(error.file.ends_with("b.toml"), "{error}");
    assert_eq!((error.line, error.column), (2, 12));
    assert!(error.message.contains("a cycle"), "{error}");

    let c = tmp.path().join("c.toml");
    write(&c, "extends = [\"nowhere.toml\"]\n");
    let error = Config::load(&c, &Registry::new(Vec::new())).expect_err("missing");
    assert_eq!((error.line, error.column), (1, 12));
    assert!(error.message.contains("is not a file"), "{error}");
}

#[test]
fn settings_for_rules_of_skipped_native_packs_are_ignored_not_rejected() {
    let tmp = tempfile::tempdir().expect("tmp");
    let settings = "[packs]\nacme = false\n\n[rules]\nACME001 = \"off\"\n";
    let registry = Registry::new(Vec::new());
    // No [[plugins]]: the pack and the rule are unknown, so misspelt.
    let path = tmp.path().join("rules.toml");
    write(&path, settings);
    let error = Config::load(&path, &registry).expect_err("unknown pack");
    assert_eq!((error.line, error.column), (2, 1));
    // A [[plugins]] entry the registry does not hold (as with --no-native-packs): its pack's
    // settings are left alone.
    let skipped = tmp.path().join("skipped.toml");
    write(
        &skipped,
        &format!("[[plugins]]\npath = \"libacme.so\"\n\n{settings}"),
    );
    let config = Config::load(&skipped, &registry).expect("lenient");
    assert!(config.packs.is_empty() && config.rules.is_empty());
}

#[test]
fn errors_are_reported_in_the_order_they_are_met() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = Registry::new(Vec::new());
    // A settings error in the extended file comes before one in the extending file, and a
    // [[rule]] error of any file before both: the organisation part is read first.
    let base = tmp.path().join("base.toml");
    write(&base, "platform = \"amo\"\n");
    let local = tmp.path().join("local.toml");
    write(
        &local,
        "extends = [\"base.toml\"]\nfail-on = \"sometimes\"\n",
    );
    let raw = RawConfig::load(&local).expect("the organisation part is fine");
    let error = raw.resolve(&registry).expect_err("bad platform");
    assert!(error.file.ends_with("base.toml"), "{error}");
    assert_eq!((error.line, error.column), (1, 12));
    write(&local, "extends = [\"base.toml\"]\nrule = 1\n");
    let error = RawConfig::load(&local).expect_err("bad [[rule]]");
    assert!(error.file.ends_with("local.toml"), "{error}");
    assert_eq!((error.line, error.column), (2, 8));
    // Within a file, keys in order: an unknown rule in [rules] before an unknown top-level key
    // read after it.
    let text = "[rules]\nNOPE = \"off\"\n\n[zzz]\n";
    let error = Config::parse(text, "t.toml", &registry).expect_err("unknown rule");
    assert_eq!(
        (
            error.line,
            error.column,
            error.message.starts_with("unknown rule")
        ),
        (2, 1, true)
    );
    // An override's rules are resolved before the entry is found to lack `paths`.
    let text = "[[overrides]]\nrules = { NOPE = \"off\" }\n";
    let error = Config::parse(text, "t.toml", &registry).expect_err("unknown rule");
    assert!(error.message.starts_with("unknown rule"), "{error}");
    let text = "[[overrides]]\nrules = {}\n";
    let error = Config::parse(text, "t.toml", &registry).expect_err("no paths");
    assert!(error.message.contains("needs `paths`"), "{error}");
}

#[test]
fn pack_lists_of_extended_files_come_first_and_add_up() {
    let tmp = tempfile::tempdir().expect("tmp");
    write(
        &tmp.path().join("org/rules.toml"),
        "[pack]\nexclude = [\"*.psd\"]\ninclude = [\"LICENSE\"]\n",
    );
    let local = tmp.path().join("repo/rules.toml");
    write(
        &local,
        "extends = [\"../org/rules.toml\"]\n\n[pack]\nexclude = [\"design\"]\n",
    );
    let config = Config::load(&local, &Registry::new(Vec::new())).expect("config");
    assert_eq!(config.pack.exclude.patterns(), ["*.psd", "design"]);
    assert_eq!(config.pack.include.patterns(), ["LICENSE"]);
}
