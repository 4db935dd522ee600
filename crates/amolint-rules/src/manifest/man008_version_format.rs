//! MAN008 version-format: `widget.version` is absent or not a dotted numeric version.

use super::man_keys;
use amolint_core::fix::{Edit, Fix, FixDocs};
use amolint_core::json::edit::{insert_member, string_literal};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Info;

pub struct VersionFormat;

pub static META: RuleMeta = RuleMeta {
    code: "MAN008",
    name: "version-format",
    pack: "manifest",
    amocrm: Some(Info),
    kommo: Some(Info),
    summary: "`widget.version` is absent or not a dotted numeric version",
    docs: RuleDocs {
        what: "Checks that `widget.version` is present and made of numbers separated by dots \
               (`1`, `1.0`, `1.0.3`).",
        why: "The version is informational, but the documentation asks to raise it on every \
              upload, and it is how you and the platform's support tell two uploads apart. A \
              plain numeric version is what release tooling (the starter kit's auto-bump, for \
              example) can increase.",
        bad: r#""widget": { "version": "v1.2-beta", … }"#,
        good: r#""widget": { "version": "1.2.0", … }"#,
        fix: "Set `\"version\": \"1.0.0\"` (a string of dotted numbers) and raise it on every \
              upload.",
        sources: &["K-MANIFEST", "G-STARTER", "G-COMPILE"],
        uncertain: None,
    },
    options: &[],
};

/// The fixes: write the version the decorated one holds, or add one.
pub static FIX: FixDocs = FixDocs {
    safe: None,
    unsafe_: Some(
        "Writes the numeric version inside a decorated one (`v1.2.0` → `1.2.0`, `1.0-beta` → \
         `1.0`), or adds `\"version\": \"1.0.0\"` to a `widget` that has none. Unsafe: the \
         version is the author's to choose, and a dropped `-beta` or a first `1.0.0` is a guess \
         at what they mean to upload.",
    ),
};

impl Rule for VersionFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fix_docs(&self) -> Option<&'static FixDocs> {
        Some(&FIX)
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let Some(widget) = manifest.widget() else {
            return; // MAN001
        };
        let text = &manifest.file().text.text;
        let Some(node) = manifest.widget_field("version") else {
            let add = insert_member(text, widget, "version", "\"1.0.0\"").map(|e| {
                Fix::unsafe_(
                    "add \"version\": \"1.0.0\" to `widget`",
                    vec![Edit::text(MANIFEST_FILE, e)],
                )
            });
            out.report(
                Finding::new(&META, "`widget.version` is missing")
                    .file(MANIFEST_FILE)
                    .span(man_keys::anchor(manifest.root(), &["widget"]))
                    .pointer("/widget")
                    .help("add \"version\": \"1.0.0\" to `widget` and raise it on every upload")
                    .fix(add),
            );
            return;
        };
        let Some(version) = node.as_str() else {
            return; // MAN003
        };
        if is_dotted_numeric(version) {
            return;
        }
        let core = numeric_core(version).filter(|core| *core != version);
        let help = match core {
            Some(core) => format!("write \"version\": \"{core}\""),
            None => "write numbers separated by dots, such as \"1.0.0\"".to_string(),
        };
        let fix = core.map(|core| {
            Fix::unsafe_(
                format!("write \"version\": \"{core}\""),
                vec![Edit::replace(
                    MANIFEST_FILE,
                    node.span,
                    string_literal(core),
                )],
            )
        });
        out.report(
            Finding::new(
                &META,
                format!(
                    "`widget.version` \"{version}\" is not a dotted numeric version such as \
                     \"1.0.3\""
                ),
            )
            .at(MANIFEST_FILE, node, "/widget/version")
            .help(help)
            .fix(fix),
        );
    }
}

/// `1`, `1.0`, `1.0.3`, `2.10.0.1`: numbers separated by single dots.
fn is_dotted_numeric(s: &str) -> bool {
    s.split('.')
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// The numeric version inside a decorated one: `v1.2.0` → `1.2.0`, `1.2.0-beta` → `1.2.0`,
/// ` 1.0 ` → `1.0`.
fn numeric_core(s: &str) -> Option<&str> {
    let s = s.trim();
    let s = s.strip_prefix(['v', 'V']).unwrap_or(s);
    let end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map_or(s.len(), |(i, _)| i);
    let core = s.get(..end)?.trim_end_matches('.');
    is_dotted_numeric(core).then_some(core)
}

#[cfg(test)]
mod tests {
    use super::{is_dotted_numeric, numeric_core};

    #[test]
    fn dotted_numeric_versions() {
        for ok in ["1", "1.0", "1.0.3", "52.0.0", "2.10.0.1"] {
            assert!(is_dotted_numeric(ok), "{ok}");
        }
        for bad in [
            "",
            "v1.0",
            "1.0-beta",
            "1..0",
            ".1",
            "1.",
            "aero-cost.1",
            "1.0 ",
        ] {
            assert!(!is_dotted_numeric(bad), "{bad}");
        }
    }

    #[test]
    fn finds_the_numeric_core() {
        assert_eq!(numeric_core("v1.2.0"), Some("1.2.0"));
        assert_eq!(numeric_core("1.2.0-beta"), Some("1.2.0"));
        assert_eq!(numeric_core(" 1.0 "), Some("1.0"));
        assert_eq!(numeric_core("aero-cost.1"), None);
        assert_eq!(numeric_core(""), None);
    }
}
