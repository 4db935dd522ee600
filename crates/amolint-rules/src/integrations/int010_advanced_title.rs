//! INT010 advanced-title: the `advanced` block without a `title` string.

use super::at_key;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;

pub struct AdvancedTitle;

pub static META: RuleMeta = RuleMeta {
    code: "INT010",
    name: "advanced-title",
    pack: "integrations",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "the `advanced` block has no `title` string",
    docs: RuleDocs {
        what: "Checks that the `advanced` block has `title`, a string holding the i18n key of the \
               advanced-settings page's title.",
        why: "`advanced.title` is the only key of the block: the platform names the widget's \
              advanced-settings page (the `advanced_settings` location) with it.",
        bad: "\"advanced\": {}",
        good: "\"advanced\": { \"title\": \"advanced.title\" }",
        fix: "Add `\"title\": \"advanced.title\"` to `advanced` and the text under \
              `advanced.title` in every locale file.",
        sources: &["A-CUSTOM", "K-MANIFEST", "K-LOC"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for AdvancedTitle {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let Some(advanced) = manifest.root().member("advanced") else {
            return;
        };
        // `advanced` of the wrong type is MAN003's.
        if advanced.value.as_object().is_none() {
            return;
        }
        match advanced.value.get("title") {
            None => out.report(
                at_key(
                    &META,
                    "the `advanced` block has no `title`".to_string(),
                    advanced,
                    "/advanced",
                )
                .help("add \"title\": \"advanced.title\" and its text in every locale file"),
            ),
            Some(title) if title.as_str().is_none() => out.report(
                Finding::new(
                    &META,
                    format!(
                        "`advanced.title` is {}, not a string (an i18n key)",
                        title.describe()
                    ),
                )
                .at(MANIFEST_FILE, title, "/advanced/title")
                .help("write the i18n key of the page title as a string, e.g. \"advanced.title\""),
            ),
            Some(_) => {}
        }
    }
}
