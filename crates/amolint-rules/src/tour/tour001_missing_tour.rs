//! TOUR001 missing-tour: the manifest has no `tour` block.

use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::text::Span;

pub struct MissingTour;

pub static META: RuleMeta = RuleMeta {
    code: "TOUR001",
    name: "missing-tour",
    pack: "tour",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "no `tour` block",
    docs: RuleDocs {
        what: "Checks that `manifest.json` has a top-level `tour` block.",
        why: "The tour is the slideshow and text the marketplace shows before a user installs \
              the widget. Kommo's manifest table marks `tour` as required, and amoCRM's \
              structure page has made it mandatory since November 2019.",
        bad: "{ \"widget\": {…}, \"locations\": […] }",
        good: "{ \"widget\": {…}, \"locations\": […],\n  \"tour\": { \"is_tour\": true,\n    \
               \"tour_images\": { \"en\": [\"/images/tour_1_en.png\"] },\n    \
               \"tour_description\": \"widget.tour_description\" } }",
        fix: "Add a `tour` block with `\"is_tour\": true`, the tour images of each language and \
              the i18n key of the tour description.",
        sources: &["K-MANIFEST", "A-STRUCT", "T-COMMUNITY", "decision 4"],
        uncertain: Some(
            "amoCRM's requirement was long known only from a third-party guide; the full \
             structure page confirms it. amolint reports a missing tour as an error on both \
             platforms.",
        ),
    },
    options: &[],
};

impl Rule for MissingTour {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        if manifest.get("tour").is_some() {
            return;
        }
        let root = manifest.root();
        out.report(
            Finding::new(&META, "the manifest has no `tour` block")
                .file(MANIFEST_FILE)
                .span(Span::new(root.span.start, root.span.start + 1))
                .pointer("")
                .help(
                    "add \"tour\": {\"is_tour\": true, \"tour_images\": {\"<locale>\": \
                     [\"/images/tour_1_<locale>.png\"]}, \"tour_description\": \
                     \"widget.tour_description\"} with images and a text for every locale",
                ),
        );
    }
}
