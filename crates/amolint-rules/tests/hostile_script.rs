//! A hostile script.js must give a finding, not crash amolint: the parser and the AST walk
//! recurse, and a stack overflow would abort the whole run. Too large for a fixture folder, so
//! the scripts are generated here.

use amolint_core::config::Config;
use amolint_core::engine::Engine;
use amolint_core::source::{self, Limits};
use std::fs;

mod support;

/// The JS002 messages for the base widget with `script` as its script.js.
fn js002(script: &str) -> Vec<String> {
    let work = tempfile::tempdir().expect("tempdir");
    support::copy_tree(&support::clean_widget(), work.path(), &[]);
    fs::write(work.path().join("script.js"), script).expect("write script.js");
    let registry = amolint_rules::registry();
    let config = Config::default();
    let engine = Engine {
        registry: &registry,
        config: &config,
    };
    let source = source::open(work.path(), &Limits::default()).expect("open");
    let report = engine.check("hostile", source.as_ref());
    assert!(
        !report.diagnostics.iter().any(|d| d.code == "AMO001"),
        "{:#?}",
        report.diagnostics
    );
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == "JS002")
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn three_hundred_thousand_nested_parentheses() {
    let n = 300_000;
    let messages = js002(&format!("{}1{}", "(".repeat(n), ")".repeat(n)));
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].contains("nested 300000 levels deep"),
        "{}",
        messages[0]
    );
}

#[test]
fn three_hundred_thousand_nested_brackets() {
    let messages = js002(&"[".repeat(300_000));
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].contains("over the parser's limit"),
        "{}",
        messages[0]
    );
}

#[test]
fn deep_operator_chains() {
    for script in [
        format!("{}x", "!".repeat(300_000)),
        format!("{}x;", "if(1)".repeat(300_000)),
        format!("{}0", "a=".repeat(300_000)),
    ] {
        assert_eq!(js002(&script).len(), 1);
    }
}
