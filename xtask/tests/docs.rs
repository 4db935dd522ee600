//! The repository's documentation against the code: `docs/rules/` is what `cargo xtask
//! rule-docs` writes from the rules, every rule lives where its page says, and
//! `docs/decisions.md` has one numbered section per decision with the anchor rule pages link to.

use amolint_core::sources::decision_anchor;
use std::fs;
use std::path::{Path, PathBuf};
use xtask::rule_docs;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

#[test]
fn the_rule_reference_is_what_the_rules_document() {
    let problems = rule_docs::drift(&root()).expect("docs/rules readable");
    assert!(
        problems.is_empty(),
        "docs/rules/ has drifted from the rules' documentation:\n  {}\nrun `{}` to rewrite it",
        problems.join("\n  "),
        rule_docs::COMMAND
    );
}

#[test]
fn drift_is_found_and_writing_repairs_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    assert!(
        rule_docs::drift(root)
            .expect("drift")
            .contains(&"docs/rules/README.md is missing".to_string())
    );
    let written = rule_docs::write(root).expect("write");
    assert_eq!(written, rule_docs::generate().len());
    assert_eq!(rule_docs::drift(root).expect("drift"), Vec::<String>::new());

    let page = root.join("docs/rules/MAN004.md");
    let text = fs::read_to_string(&page).expect("MAN004's page");
    assert!(text.contains("# MAN004 interface-version\n"), "{text}");
    fs::write(&page, text.replace("## Why", "## Because")).expect("edit");
    fs::write(root.join("docs/rules/MAN999.md"), "# gone\n").expect("stale page");
    fs::remove_file(root.join("docs/rules/JS001.md")).expect("remove");
    assert_eq!(
        rule_docs::drift(root).expect("drift"),
        [
            "docs/rules/MAN004.md differs",
            "docs/rules/JS001.md is missing",
            "docs/rules/MAN999.md is not a rule's page",
        ]
    );
    assert_eq!(rule_docs::write(root).expect("rewrite"), 3);
    assert_eq!(rule_docs::drift(root).expect("drift"), Vec::<String>::new());
    assert!(!root.join("docs/rules/MAN999.md").exists());
}

#[test]
fn every_rule_lives_where_its_page_says() {
    for rule in amolint_rules::registry().rules() {
        let path = rule_docs::rule_source_path(rule.meta());
        assert!(root().join(&path).is_file(), "{path} does not exist");
    }
}

#[test]
fn decisions_are_numbered_sections_with_their_anchors() {
    let text = fs::read_to_string(root().join("docs/decisions.md")).expect("docs/decisions.md");
    let lines: Vec<&str> = text.lines().collect();
    let mut expected = 1;
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("<a id=\"decision-") {
            assert_eq!(
                *line,
                format!("<a id=\"{}\"></a>", decision_anchor(expected)),
                "decisions are numbered 1, 2, 3, … in order"
            );
            let heading = lines.get(i + 1).copied().unwrap_or("");
            assert!(
                heading.starts_with(&format!("## {expected}. ")),
                "the anchor of decision {expected} is followed by `{heading}`, not its heading"
            );
            expected += 1;
        } else if line.starts_with("## ") {
            assert!(
                i > 0 && lines[i - 1].starts_with("<a id=\"decision-"),
                "`{line}` has no anchor"
            );
        }
    }
    assert!(expected > 9, "decisions 1–9 are there");
}
