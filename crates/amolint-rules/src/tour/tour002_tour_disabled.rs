//! TOUR002 tour-disabled: `tour.is_tour` is not `true`.

use super::{key_span, tour_block};
use amolint_core::fix::{Edit, Fix, FixDocs};
use amolint_core::json::edit::insert_member;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;

pub struct TourDisabled;

pub static META: RuleMeta = RuleMeta {
    code: "TOUR002",
    name: "tour-disabled",
    pack: "tour",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "`tour.is_tour` is not `true`",
    docs: RuleDocs {
        what: "Checks that the `tour` block has `\"is_tour\": true`: the boolean `true`, not \
               `false`, not a string such as `\"Y\"` or `\"true\"`, and not left out.",
        why: "Kommo documents `true` as the only allowed value and amoCRM has deprecated \
              `is_tour: false` since the tour became mandatory; a tour that is switched off is \
              no tour.",
        bad: "\"tour\": { \"is_tour\": false, … }",
        good: "\"tour\": { \"is_tour\": true, … }",
        fix: "Set `\"is_tour\": true` and give the tour its images and description.",
        sources: &["K-MANIFEST", "A-STRUCT", "decision 4"],
        uncertain: Some(
            "A missing `is_tour` is reported here rather than by TOUR005 (incomplete-tour), \
             because `is_tour` is the one tour key both platforms require and its only valid \
             value is `true`. A non-boolean value (`\"Y\"`) is reported here as well, since \
             its fix is the same.",
        ),
    },
    options: &[],
};

/// The fix: switch the tour on.
pub static FIX: FixDocs = FixDocs {
    safe: None,
    unsafe_: Some(
        "Sets `\"is_tour\": true`: replaces `false` or a non-boolean value, or adds the key to a \
         `tour` block without it. Unsafe: the platform then shows the tour to users, and the \
         tour's images and description must be ready for that.",
    ),
};

/// How much of a wrong value's source text a message quotes.
const QUOTED_CHARS: usize = 30;

impl Rule for TourDisabled {
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
        let Some(tour) = tour_block(&manifest) else {
            return;
        };
        let help = "set \"is_tour\": true (the boolean, without quotes)";
        let text = &manifest.file().text.text;
        let Some(is_tour) = tour.get("is_tour") else {
            let add = insert_member(text, tour, "is_tour", "true").map(|e| {
                Fix::unsafe_(
                    "add \"is_tour\": true to `tour`",
                    vec![Edit::text(MANIFEST_FILE, e)],
                )
            });
            out.report(
                Finding::new(&META, "`tour` has no `is_tour`; it must be `true`")
                    .file(MANIFEST_FILE)
                    .span(key_span(manifest.root(), "tour"))
                    .pointer("/tour")
                    .help(help)
                    .fix(add),
            );
            return;
        };
        let message = match is_tour.as_bool() {
            Some(true) => return,
            Some(false) => {
                "`tour.is_tour` is `false`; the tour must be enabled with `true`".to_string()
            }
            None => {
                let text = &manifest.file().text.text;
                let raw = text
                    .get(is_tour.span.start..is_tour.span.end)
                    .unwrap_or_default();
                let quoted: String = raw.chars().take(QUOTED_CHARS).collect();
                let more = if raw.chars().count() > QUOTED_CHARS {
                    "…"
                } else {
                    ""
                };
                format!(
                    "`tour.is_tour` is `{quoted}{more}` ({} {}), it must be the boolean `true`",
                    if is_tour.type_name() == "array" || is_tour.type_name() == "object" {
                        "an"
                    } else {
                        "a"
                    },
                    is_tour.type_name()
                )
            }
        };
        out.report(
            Finding::new(&META, message)
                .at(MANIFEST_FILE, is_tour, "/tour/is_tour")
                .help(help)
                .fix(Fix::unsafe_(
                    "set `tour.is_tour` to `true`",
                    vec![Edit::replace(MANIFEST_FILE, is_tour.span, "true")],
                )),
        );
    }
}
