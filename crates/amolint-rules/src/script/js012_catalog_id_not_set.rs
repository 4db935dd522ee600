//! JS012 catalog-id-not-set: the widget uses `catalogs` and script.js never calls
//! `setSdkCatalogId`.

use super::{SCRIPT_FILE, parsed_script};
use amolint_core::manifest::Manifest;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;
use amolint_core::text::Span;

pub struct CatalogIdNotSet;

pub static META: RuleMeta = RuleMeta {
    code: "JS012",
    name: "catalog-id-not-set",
    pack: "script",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "`catalogs` is used but script.js never calls `setSdkCatalogId`",
    docs: RuleDocs {
        what: "When `locations` has `catalogs`, checks that script.js calls \
               `setSdkCatalogId(…)` somewhere (as a function or a method, \
               `self.setSdkCatalogId(id)`). Judged only when the callbacks object was found; \
               otherwise JS010 says that the script could not be checked.",
        why: "A widget in the `catalogs` area works on one of the account's lists (catalogs). \
              The documentation asks the script to tell the CRM which one, with \
              `setSdkCatalogId(id)`, before the settings are saved (for instance in `onSave`). \
              Without the call the CRM does not know the widget's catalog and \
              `loadCatalogElement` is never given one of its elements.",
        bad: "manifest.json: \"locations\": [\"settings\", \"catalogs\"]\nscript.js: onSave: function () { return true; }",
        good: "onSave: function () {\n  self.setSdkCatalogId(self.get_settings().catalog_id);\n  return true;\n}",
        fix: "Call `self.setSdkCatalogId(id)` with the id of the catalog the widget works with \
              before the settings are saved, e.g. in `onSave`, or remove `catalogs` from \
              `locations` if the widget does not use it.",
        sources: &["K-LISTS", "decision 9", "decision 17"],
        uncertain: Some(
            "The call can be made in many ways amolint cannot follow (through a variable holding \
             the function, from code loaded at run time); only a direct call of a function or \
             method named `setSdkCatalogId` counts. When the callbacks object is not visible \
             (JS010), the rule stays silent rather than guess.",
        ),
    },
    options: &[],
};

impl Rule for CatalogIdNotSet {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        if !manifest.uses_area("catalogs") {
            return;
        }
        let Some(facts) = parsed_script(cx) else {
            return;
        };
        // Without the callbacks object the script is not seen whole: JS010 says so.
        let Some(object) = &facts.callbacks.object else {
            return;
        };
        if !facts.catalog_id_calls.is_empty() {
            return;
        }
        // Where the call belongs: `onSave`, as the documentation suggests, else the object.
        let span = object
            .keys
            .iter()
            .find(|k| k.name == "onSave")
            .map_or(Span::new(object.span.start, object.span.start + 1), |k| {
                k.span
            });
        out.report(
            Finding::new(
                &META,
                "`locations` has `catalogs`, but `script.js` never calls `setSdkCatalogId`: the \
                 CRM is not told which catalog the widget works with",
            )
            .file(SCRIPT_FILE)
            .span(span)
            .help(
                "call `self.setSdkCatalogId(id)` with the catalog's id before the settings are \
                 saved, e.g. in `onSave`",
            ),
        );
    }
}
