//! TOUR003 tour-locale-mismatch: `tour_images` and `widget.locale` name different languages.

use super::{key_span, tour_block, tour_images};
use amolint_core::json::{Node, pointer_push};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;
use amolint_core::suggest::nearest;
use std::collections::{HashMap, HashSet};

/// How many locale codes a message names, and how many a "did you mean" compares.
const SHOWN_CODES: usize = 8;

pub struct TourLocaleMismatch;

pub static META: RuleMeta = RuleMeta {
    code: "TOUR003",
    name: "tour-locale-mismatch",
    pack: "tour",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "`tour_images` has a language not in `widget.locale`, or a locale has no tour images",
    docs: RuleDocs {
        what: "Checks that `tour.tour_images` has a non-empty list of images for every language \
               in `widget.locale`, and no list for a language the widget does not offer.",
        why: "The marketplace shows the tour in the user's language; a language without images \
              gets an empty slideshow, and images keyed by a language the widget does not list \
              are never shown (often a typo such as `eng` or a language dropped from the list).",
        bad: "\"locale\": [\"en\", \"es\"],  \"tour_images\": { \"en\": [\"/images/tour_en.png\"] }",
        good: "\"tour_images\": { \"en\": [\"/images/tour_en.png\"], \"es\": \
               [\"/images/tour_es.png\"] }",
        fix: "Give every listed language its tour images (a copy of another language's images \
              is better than none) and remove or rename keys of languages not listed.",
        sources: &["K-MANIFEST", "A-STRUCT", "A-SCRIPT"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for TourLocaleMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let Some(images) = tour_images(&manifest) else {
            return;
        };
        let mut seen = HashSet::new();
        let listed: Vec<&str> = manifest
            .locales()
            .into_iter()
            .map(|(_, l)| l.value)
            .filter(|code| seen.insert(*code))
            .collect();
        // Without a usable `widget.locale` (MAN002, MAN003, MAN009) there is nothing to match.
        if listed.is_empty() {
            return;
        }
        let tour_images_key =
            tour_block(&manifest).map_or(images.span, |tour| key_span(tour, "tour_images"));
        // A repeated key counts once, as its last occurrence (ENC004 reports the repeat).
        let members = images.distinct_members();
        let by_code: HashMap<&str, &Node> =
            members.iter().map(|m| (m.key.as_str(), &m.value)).collect();
        let mut shown = listed
            .iter()
            .take(SHOWN_CODES)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if listed.len() > SHOWN_CODES {
            shown.push_str(", …");
        }
        for member in &members {
            if seen.contains(member.key.as_str()) {
                continue;
            }
            let near = nearest(&member.key, listed.iter().take(SHOWN_CODES).copied())
                .filter(|near| !by_code.contains_key(near));
            let help = match near {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "remove the `{}` images, or add `\"{}\"` to `widget.locale` with its \
                     locale file",
                    member.key, member.key
                ),
            };
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`tour.tour_images` has images for `{}`, which is not in \
                         `widget.locale` ({shown})",
                        member.key,
                    ),
                )
                .file(MANIFEST_FILE)
                .span(member.key_span)
                .pointer(pointer_push("/tour/tour_images", &member.key))
                .help(help),
            );
        }
        for code in &listed {
            let finding = match by_code.get(code) {
                None => Finding::new(
                    &META,
                    format!(
                        "`tour.tour_images` has no images for `{code}`, a language in \
                         `widget.locale`"
                    ),
                )
                .file(MANIFEST_FILE)
                .span(tour_images_key)
                .pointer("/tour/tour_images"),
                Some(list) if list.as_array().is_some_and(<[_]>::is_empty) => Finding::new(
                    &META,
                    format!("`tour.tour_images.{code}` is an empty list"),
                )
                .at(MANIFEST_FILE, list, pointer_push("/tour/tour_images", code)),
                // A list with images, or a value of the wrong type (MAN003's).
                Some(_) => continue,
            };
            out.report(finding.help(format!(
                "add \"{code}\": [\"/images/tour_1_{code}.png\", …] with the tour's slides in \
                 that language"
            )));
        }
    }
}
