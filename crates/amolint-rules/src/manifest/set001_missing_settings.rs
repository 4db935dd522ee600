//! SET001 missing-settings: `widget.installation` is true but there are no settings.

use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{Error, Warning};

pub struct MissingSettings;

pub static META: RuleMeta = RuleMeta {
    code: "SET001",
    name: "missing-settings",
    pack: "manifest",
    amocrm: Some(Warning),
    kommo: Some(Error),
    summary: "`widget.installation` is true but `settings` is absent or empty",
    docs: RuleDocs {
        what: "Checks that a widget with `\"installation\": true` declares at least one settings \
               field in a `settings` object.",
        why: "`installation: true` makes the platform open the widget's settings when a user \
              installs it; those settings are the fields of `settings`. Kommo marks `settings` \
              required whenever `installation` is true; amoCRM documents `settings` as needed \
              only in that case.",
        bad: r#""widget": { "installation": true, … }   (no "settings")"#,
        good: r#""widget": { "installation": true, … },
"settings": { "api_key": { "name": "settings.api_key", "type": "pass", "required": true } }"#,
        fix: "Declare under `settings` the fields the user fills in when installing the widget \
              (each an object with `name`, `type` and `required`). A widget with nothing to \
              configure sets `\"installation\": false` instead.",
        sources: &["K-MANIFEST", "A-STRUCT", "A-FIELDS", "K-FIELDS"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for MissingSettings {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        // A missing or non-boolean `installation` is MAN002's or MAN003's.
        let Some(installation) = manifest.widget_field("installation") else {
            return;
        };
        if installation.as_bool() != Some(true) {
            return;
        }
        let help = "declare the fields the user fills in on installation under `settings`, or \
                    set \"installation\": false if the widget has nothing to configure";
        let finding = match manifest.get("settings") {
            None => Finding::new(
                &META,
                "`widget.installation` is true, but the manifest has no `settings`",
            )
            .at(MANIFEST_FILE, installation, "/widget/installation"),
            Some(settings) => match settings.as_object() {
                Some([]) => Finding::new(
                    &META,
                    "`settings` is empty, but `widget.installation` is true",
                )
                .at(MANIFEST_FILE, settings, "/settings"),
                // A settings block of another type is SET002's.
                _ => return,
            },
        };
        out.report(finding.help(help));
    }
}
