//! LOC001 unknown-location: a `locations` entry is no known area.

use super::locations::{entries, suggest_entry};
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

impl Rule for UnknownLocation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        // Repeats are reported too: each occurrence is a place the author has to correct.
        for entry in entries(&manifest).iter().filter(|e| e.area.is_none()) {
            let (message, help) = if entry.value.trim().is_empty() {
                (
                    format!("`locations[{}]` is an empty string", entry.index),
                    "remove the empty entry".to_string(),
                )
            } else {
                let help = match suggest_entry(entry.value) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "use a documented area such as `lcard-1`, `settings` or \
                             `everywhere` (`amolint explain LOC001` lists them all)"
                        .to_string(),
                };
                (
                    format!("`{}` in `locations` is not a known area", entry.value),
                    help,
                )
            };
            out.report(
                Finding::new(&META, message)
                    .at(MANIFEST_FILE, entry.node, entry.pointer())
                    .help(help),
            );
        }
    }
}
