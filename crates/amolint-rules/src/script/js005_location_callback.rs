//! JS005 location-callback: an area in `locations` whose callback is missing.

use super::{SCRIPT_FILE, has_typo_of, parsed_script};
use amolint_core::format::AREA_CALLBACKS;
use amolint_core::manifest::Manifest;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{Info, Warning};
use amolint_core::text::Span;

pub struct LocationCallback;

pub static META: RuleMeta = RuleMeta {
    code: "JS005",
    name: "location-callback",
    pack: "script",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "an area in `locations` has no matching callback",
    docs: RuleDocs {
        what: "For each area the manifest's `locations` uses, checks that the callbacks object \
               has the callback the CRM calls there: advanced_settings → advancedSettings, \
               digital_pipeline → dpSettings, salesbot_designer → onSalesbotDesignerSave, \
               lead_sources → onAddAsSource, widget_page → initMenuPage, catalogs → \
               loadCatalogElement, card_sdk → loadPreloadedData, loadElements, linkCard, \
               searchDataInCard, llist → leads:selected, clist → contacts:selected, tlist → \
               todo:selected, settings → settings.",
        why: "The CRM shows the widget in each declared area and calls that area's callback; \
              without it the area stays empty (an advanced settings page with nothing on it, a \
              card tab that never loads, a list action that does nothing), which moderation \
              rejects. Two callbacks only add to what the CRM draws itself: `settings` and \
              `dpSettings`. Without a `custom` field in `settings` (or `dp.settings`) the CRM \
              draws the plain fields on its own and the widget works without the callback, so \
              its absence is only a note (info); with a `custom` field, whose interface only \
              the callback can draw, it is a warning.",
        bad: "manifest.json: \"locations\": [\"advanced_settings\"]\nscript.js: this.callbacks = { render: …, init: …, bind_actions: … };",
        good: "this.callbacks = { render: …, init: …, bind_actions: …,\n  advancedSettings: function () { … } };",
        fix: "Add the callback to the callbacks object, or remove the area from `locations` when \
              the widget does not use it. The list callbacks may be written nested \
              (`leads: { selected: function () { … } }`) or as `'leads:selected'`.",
        sources: &[
            "A-SCRIPT",
            "K-SCRIPT",
            "K-CARD",
            "K-LISTS",
            "A-LEFTMENU",
            "A-SALESBOT",
            "G-KOMMO-CLI",
            "decision 9",
            "decision 12",
        ],
        uncertain: Some(
            "The docs write the list callbacks `leads:selected`, code nests them as \
             `leads.selected`; amolint accepts either. When the callbacks object cannot be seen \
             statically, JS010 says so and this rule stays silent (decision 9). The \
             settings callbacks are needed only for custom interface, so their absence is info \
             without a `custom` field (decision 12).",
        ),
    },
    options: &[],
};

impl Rule for LocationCallback {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let Some(facts) = parsed_script(cx) else {
            return;
        };
        let Some(object) = facts.callbacks.complete() else {
            return; // JS010
        };
        for (area, callbacks) in AREA_CALLBACKS {
            if !manifest.uses_area(area) {
                continue;
            }
            for callback in callbacks.iter().copied() {
                if object.has(callback) || has_typo_of(object, callback) {
                    continue;
                }
                let shown = callback.replace('.', ":");
                let finding = match settings_block(callback) {
                    // The CRM draws plain fields itself: the callback only adds custom UI.
                    Some((block, field)) if !has_custom_field(&manifest, block) => Finding::new(
                        &META,
                        format!(
                            "`locations` has `{area}` and the callbacks object has no `{shown}` \
                             callback; the CRM draws the plain fields of `{field}` itself, so \
                             this matters only if the widget adds its own interface there"
                        ),
                    )
                    .severity(Info)
                    .help(format!(
                        "nothing to do for plain fields; add `{callback}: function () {{ … }}` \
                         when the widget draws its own interface there"
                    )),
                    Some((_, field)) => Finding::new(
                        &META,
                        format!(
                            "`locations` has `{area}` and `{field}` has a `custom` field, but the \
                             callbacks object has no `{shown}` callback to draw it"
                        ),
                    ),
                    None => Finding::new(
                        &META,
                        format!(
                            "`locations` has `{area}` but the callbacks object has no `{shown}` \
                             callback, which the CRM calls there"
                        ),
                    ),
                };
                let help = finding
                    .help
                    .clone()
                    .unwrap_or_else(|| example(callback, area));
                out.report(
                    finding
                        .file(SCRIPT_FILE)
                        .span(Span::new(object.span.start, object.span.start + 1))
                        .help(help),
                );
            }
        }
    }
}

/// For the callbacks that only draw custom settings interface, the settings they serve: the
/// block (`None` for the top-level `settings`) and its name for messages.
fn settings_block(callback: &str) -> Option<(Option<&'static str>, &'static str)> {
    match callback {
        "settings" => Some((None, "settings")),
        "dpSettings" => Some((Some("dp"), "dp.settings")),
        _ => None,
    }
}

/// True when `settings` (`block = None`) or `<block>.settings` has a field of type `custom`.
fn has_custom_field(manifest: &Manifest, block: Option<&str>) -> bool {
    manifest
        .fields(block)
        .iter()
        .any(|f| f.node.get("type").and_then(|t| t.as_str()) == Some("custom"))
}

fn example(callback: &str, area: &str) -> String {
    match callback.split_once('.') {
        Some((container, name)) => format!(
            "add `{container}: {{ {name}: function () {{ … }} }}` to the callbacks object, or \
             remove `{area}` from `locations`"
        ),
        None => format!(
            "add `{callback}: function () {{ … }}` to the callbacks object, or remove `{area}` \
             from `locations`"
        ),
    }
}
