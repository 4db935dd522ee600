//! LOC001 unknown-location: a `locations` entry is no known area.

use super::locations::{entries, suggest_entry};
use amolint_core::fix::{Edit, Fix, FixDocs};
use amolint_core::json::edit::{remove_element, string_literal};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;

pub struct UnknownLocation;

pub static META: RuleMeta = RuleMeta {
    code: "LOC001",
    name: "unknown-location",
    pack: "manifest",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a `locations` entry is no known area",
    docs: RuleDocs {
        what: "Checks that every entry of `locations` names a documented area, with or without a \
               `-0`/`-1` suffix: lcard ccard comcard cucard llist clist tlist culist (these take \
               the suffix), settings advanced_settings card_sdk catalogs digital_pipeline \
               lead_sources widget_page salesbot_designer sms mobile_card amoforms \
               whatsapp_modal website_chat_button ai_agent everywhere. Suggests the nearest area \
               for a typo. An entry reported here gets no other LOC finding.",
        why: "The platform places a widget only in the areas it knows. A misspelt area \
              (`everywere`, `advancedSettings`, `lcard_1`) is ignored, so the widget silently \
              does not appear where its author expects it, and its callbacks for that area never \
              run.",
        bad: r#""locations": ["everywere", "advancedSettings", "lcard_1"]"#,
        good: r#""locations": ["everywhere", "advanced_settings", "lcard-1"]"#,
        fix: "Write the area code exactly as documented: lower case, words joined by `_`, and \
              the panel suffix joined by `-` (`lcard-1`).",
        sources: &[
            "A-AREAS",
            "A-AREAS-EN",
            "K-LOC",
            "K-CARD",
            "K-LISTS",
            "A-LEFTMENU",
            "A-SALESBOT",
        ],
        uncertain: None,
    },
    options: &[],
};

/// The fixes: drop an empty entry, or write the one area a typo is closest to.
pub static FIX: FixDocs = FixDocs {
    safe: Some(
        "Removes an empty entry (`\"\"`) with its comma. Safe: it names no area, so the \
         platform places the widget as before.",
    ),
    unsafe_: Some(
        "Replaces an unknown entry with the one documented area it is closest to \
         (`everywere` → `everywhere`, `lcard_1` → `lcard-1`), when there is one. Unsafe: the \
         widget then appears in that area, and its callbacks for it run, which they did not \
         before; whether that area was meant is a guess.",
    ),
};

impl Rule for UnknownLocation {
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
        // Repeats are reported too: each occurrence is a place the author has to correct.
        for entry in entries(&manifest).iter().filter(|e| e.area.is_none()) {
            let (message, help, fix) = if entry.value.trim().is_empty() {
                let fix = list
                    .and_then(|list| remove_element(text, list, entry.index))
                    .map(|e| {
                        Fix::safe("remove the empty entry", vec![Edit::text(MANIFEST_FILE, e)])
                    });
                (
                    format!("`locations[{}]` is an empty string", entry.index),
                    "remove the empty entry".to_string(),
                    fix,
                )
            } else {
                let suggestion = suggest_entry(entry.value);
                let help = match &suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "use a documented area such as `lcard-1`, `settings` or \
                             `everywhere` (`amolint explain LOC001` lists them all)"
                        .to_string(),
                };
                let fix = suggestion.map(|s| {
                    Fix::unsafe_(
                        format!("replace `{}` with `{s}`", entry.value),
                        vec![Edit::replace(
                            MANIFEST_FILE,
                            entry.node.span,
                            string_literal(&s),
                        )],
                    )
                });
                (
                    format!("`{}` in `locations` is not a known area", entry.value),
                    help,
                    fix,
                )
            };
            out.report(
                Finding::new(&META, message)
                    .at(MANIFEST_FILE, entry.node, entry.pointer())
                    .help(help)
                    .fix(fix),
            );
        }
    }
}
