//! MAN001 manifest-shape: the root of `manifest.json` is not an object, or `widget` is missing
//! or not an object.

use super::man_keys::{self, levels};
use amolint_core::json::Node;
use amolint_core::manifest::MANIFEST_FILE;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;

pub struct ManifestShape;

pub static META: RuleMeta = RuleMeta {
    code: "MAN001",
    name: "manifest-shape",
    pack: "manifest",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "the manifest root is not an object, or `widget` is missing or not an object",
    docs: RuleDocs {
        what: "Checks the outer shape of manifest.json: the file is one JSON object, and it has \
               a `widget` member that is itself an object.",
        why: "Everything the platform reads about a widget (its name, languages, interface \
              version, installation mode) sits in the `widget` object. Without it, or with a \
              manifest wrapped in an array, the upload is refused as an invalid manifest.",
        bad: r#"[
  { "widget": { "name": "widget.name", … }, "locations": ["lcard-1"] }
]"#,
        good: r#"{
  "widget": { "name": "widget.name", … },
  "locations": ["lcard-1"]
}"#,
        fix: "Make manifest.json a single object with a `widget` object inside it, holding at \
              least name, description, short_description, interface_version, locale and \
              installation.",
        sources: &["K-MANIFEST", "A-STRUCT"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for ManifestShape {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        // Not `Manifest::of`: a root that is not an object is exactly what this rule reports.
        let Some(file) = cx.widget.manifest() else {
            return;
        };
        let Some(root) = file.root() else {
            return;
        };
        if root.as_object().is_none() {
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "the root of `manifest.json` is {}, expected an object holding `widget` \
                         and `locations`",
                        root.describe()
                    ),
                )
                .at(MANIFEST_FILE, root, "")
                .help(unwrap_help(root, "the manifest").unwrap_or_else(|| {
                    "make the whole file one object: { \"widget\": { … }, \"locations\": [ … ], … }"
                        .to_string()
                })),
            );
            return;
        }
        let Some(widget) = root.get("widget") else {
            let levels = levels();
            let help = levels
                .first()
                .and_then(|top| {
                    let stand_in = man_keys::stand_in(root, &levels, top, "widget")?;
                    Some(stand_in.help("widget", top))
                })
                .unwrap_or_else(|| {
                    format!(
                        "add \"widget\": {}",
                        skeleton(&man_keys::json_list(&man_keys::locale_files(cx.widget)))
                    )
                });
            out.report(
                Finding::new(&META, "`manifest.json` has no `widget` object")
                    .file(MANIFEST_FILE)
                    .span(man_keys::anchor(root, &[]))
                    .pointer("")
                    .help(help),
            );
            return;
        };
        if widget.as_object().is_none() {
            out.report(
                Finding::new(
                    &META,
                    format!("`widget` is {}, expected an object", widget.describe()),
                )
                .at(MANIFEST_FILE, widget, "/widget")
                .help(unwrap_help(widget, "`widget`").unwrap_or_else(|| {
                    format!(
                        "write \"widget\": {}",
                        skeleton(&man_keys::json_list(&man_keys::locale_files(cx.widget)))
                    )
                })),
            );
        }
    }
}

/// For an array holding exactly one object: the advice to drop the brackets.
fn unwrap_help(node: &Node, what: &str) -> Option<String> {
    match node.as_array()? {
        [only] if only.as_object().is_some() => Some(format!(
            "remove the `[` `]` around the object: {what} is the object itself, not a list"
        )),
        _ => None,
    }
}

fn skeleton(locales: &str) -> String {
    let locales = if locales == "[]" { "[\"en\"]" } else { locales };
    format!(
        "{{ \"name\": \"widget.name\", \"description\": \"widget.description\", \
         \"short_description\": \"widget.short_description\", \"version\": \"1.0.0\", \
         \"interface_version\": 2, \"locale\": {locales}, \"installation\": true }}"
    )
}
