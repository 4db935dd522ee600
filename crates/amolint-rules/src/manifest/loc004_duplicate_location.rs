//! LOC004 duplicate-location: the same `locations` entry twice.

use super::locations::entries;
use amolint_core::fix::{Edit, Fix, FixDocs};
use amolint_core::json::edit::remove_element;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;

pub struct DuplicateLocation;

pub static META: RuleMeta = RuleMeta {
    code: "LOC004",
    name: "duplicate-location",
    pack: "manifest",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "the same `locations` entry twice",
    docs: RuleDocs {
        what: "Checks that no entry appears twice in `locations`, written exactly the same. \
               The repeat is reported; the other LOC rules judge only the first occurrence.",
        why: "A repeated area adds nothing, and usually means the list was edited by hand and \
              something else was meant (another area, or the other suffix).",
        bad: r#""locations": ["lcard-1", "settings", "lcard-1"]"#,
        good: r#""locations": ["lcard-1", "settings"]"#,
        fix: "Remove the repeated entry, or change it to the area that was meant.",
        sources: &["K-MANIFEST", "K-LOC"],
        uncertain: None,
    },
    options: &[],
};

/// The fix: drop the repeat.
pub static FIX: FixDocs = FixDocs {
    safe: Some(
        "Removes the repeated entry with its comma. Safe: the list names the same areas \
         afterwards, and the platform places the widget exactly as before.",
    ),
    unsafe_: None,
};

impl Rule for DuplicateLocation {
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
        let text = &manifest.file().text.text;
        let list = manifest.get("locations");
        for entry in entries(&manifest) {
            // An unknown area is LOC001's, repeated or not.
            let (Some(first), Some(_)) = (entry.repeats, entry.area) else {
                continue;
            };
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`{}` is listed twice in `locations` (first at `locations[{first}]`)",
                        entry.value
                    ),
                )
                .at(MANIFEST_FILE, entry.node, entry.pointer())
                .help("remove this entry")
                .fix(
                    list.and_then(|list| remove_element(text, list, entry.index))
                        .map(|e| {
                            Fix::safe(
                                format!("remove the repeated `{}`", entry.value),
                                vec![Edit::text(MANIFEST_FILE, e)],
                            )
                        }),
                ),
            );
        }
    }
}
