//! TOUR005 incomplete-tour: `tour_images` or `tour_description` absent.

use super::{key_span, tour_block};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{Error, Warning};

pub struct IncompleteTour;

pub static META: RuleMeta = RuleMeta {
    code: "TOUR005",
    name: "incomplete-tour",
    pack: "tour",
    amocrm: Some(Error),
    kommo: Some(Warning),
    summary: "`tour_images` or `tour_description` absent",
    docs: RuleDocs {
        what: "Checks that the `tour` block has both `tour_images` (the slides per language) \
               and `tour_description` (the i18n key of the tour text). One finding per absent \
               key; a missing `is_tour` is TOUR002's.",
        why: "amoCRM's structure page makes `is_tour`, the per-language `tour_images` and the \
              `tour_description` key mandatory; Kommo's table lists the two as optional, but a \
              tour without slides or text shows users nothing.",
        bad: "\"tour\": { \"is_tour\": true }",
        good: "\"tour\": { \"is_tour\": true, \"tour_images\": { \"en\": \
               [\"/images/tour_1_en.png\"] }, \"tour_description\": \
               \"widget.tour_description\" }",
        fix: "Add the missing key: the images of each language under `tour_images`, and the i18n \
              key of the tour text (with the text in every locale file) under \
              `tour_description`.",
        sources: &["A-STRUCT", "K-MANIFEST", "decision 4"],
        uncertain: Some(
            "The platforms differ: amoCRM requires both keys (error), Kommo marks them optional \
             (warning).",
        ),
    },
    options: &[],
};

impl Rule for IncompleteTour {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let Some(tour) = tour_block(&manifest) else {
            return;
        };
        if tour.get("tour_images").is_none() {
            out.report(
                Finding::new(&META, "`tour` has no `tour_images`")
                    .file(MANIFEST_FILE)
                    .span(key_span(manifest.root(), "tour"))
                    .pointer("/tour")
                    .help(
                        "add \"tour_images\": {\"<locale>\": [\"/images/tour_1_<locale>.png\", …]} \
                         with slides for every language in `widget.locale`",
                    ),
            );
        }
        if tour.get("tour_description").is_none() {
            out.report(
                Finding::new(&META, "`tour` has no `tour_description`")
                    .file(MANIFEST_FILE)
                    .span(key_span(manifest.root(), "tour"))
                    .pointer("/tour")
                    .help(
                        "add \"tour_description\": \"widget.tour_description\" and the tour text \
                         under that key in every locale file",
                    ),
            );
        }
    }
}
