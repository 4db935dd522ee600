//! INT001 missing-block: an area is used without the manifest block it needs.

use super::area_entry;
use amolint_core::format::{AREA_BLOCKS, Area, TOP_LEVEL_KEYS};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::suggest::nearest;

pub struct MissingBlock;

pub static META: RuleMeta = RuleMeta {
    code: "INT001",
    name: "missing-block",
    pack: "integrations",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "an area is used without its manifest block",
    docs: RuleDocs {
        what: "Checks that each area which needs a block of its own has it: `digital_pipeline` → \
               `dp`, `advanced_settings` → `advanced`, `salesbot_designer` → \
               `salesbot_designer`, `sms` → `sms`, `mobile_card` → `mobile`, `amoforms` → \
               `amoforms_settings` (amoCRM only).",
        why: "The block tells the platform how to show the widget in that area: the Digital \
              Pipeline action and its settings, the advanced-settings page title, the Salesbot \
              handlers, the SMS endpoint, the mobile frame, the web-form field. Without it the \
              area has nothing to show or the upload is refused.",
        bad: "\"locations\": [\"settings\", \"digital_pipeline\"]\n(no \"dp\" block)",
        good: "\"locations\": [\"settings\", \"digital_pipeline\"],\n\"dp\": { \"action_multiple\": false, \"settings\": { … } }",
        fix: "Add the block at the top level of manifest.json, or remove the area from \
              `locations` if the widget does not work there.",
        sources: &[
            "K-MANIFEST",
            "A-STRUCT",
            "A-DP",
            "K-DP",
            "A-CUSTOM",
            "A-SALESBOT",
            "A-SMS",
            "A-FORMS",
        ],
        uncertain: None,
    },
    options: &[],
};

impl Rule for MissingBlock {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        for (area, block) in AREA_BLOCKS {
            // An area the platform does not have is LOC005's.
            if Area::find(area).is_some_and(|a| !a.on(cx.platform())) {
                continue;
            }
            let Some((index, location)) = area_entry(&manifest, area) else {
                continue;
            };
            // Present with the wrong type is MAN003's.
            if manifest.get(block).is_some() {
                continue;
            }
            let unknown_keys = manifest
                .root()
                .as_object()
                .unwrap_or_default()
                .iter()
                .map(|m| m.key.as_str())
                .filter(|k| !TOP_LEVEL_KEYS.contains(k));
            let help = match misnamed(block, unknown_keys) {
                Some(near) => format!("the manifest has `{near}`: rename it to `{block}`"),
                None => format!("add {}", example(block)),
            };
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "the location `{}` needs a top-level `{block}` block, and the manifest has none",
                        location.value
                    ),
                )
                .at(MANIFEST_FILE, location.node, format!("/locations/{index}"))
                .help(help),
            );
        }
    }
}

/// An unknown top-level key that is probably `block` misnamed: a near spelling, or the block's
/// name with something added (`advancedSettings`, `dp_block`).
fn misnamed<'a>(block: &str, unknown: impl Iterator<Item = &'a str> + Clone) -> Option<&'a str> {
    let fold = |s: &str| s.replace(['_', '-'], "").to_ascii_lowercase();
    nearest(block, unknown.clone()).or_else(|| {
        let wanted = fold(block);
        unknown.into_iter().find(|k| fold(k).starts_with(&wanted))
    })
}

/// A minimal block to start from, as the documentation shows it.
fn example(block: &str) -> &'static str {
    match block {
        "dp" => r#""dp": {"action_multiple": false, "settings": {}}"#,
        "advanced" => r#""advanced": {"title": "advanced.title"}"#,
        "salesbot_designer" => {
            r#""salesbot_designer": {"handler_code": {"name": "salesbot.handler_name", "settings": {}}}"#
        }
        "sms" => r#""sms": {"endpoint": "https://order-sync.dev/sms"}"#,
        "mobile" => {
            r##""mobile": {"frame_url": "https://order-sync.dev/mobile", "color": "#5F43CF"}"##
        }
        "amoforms_settings" => r#""amoforms_settings": {"title": "amoforms.title"}"#,
        _ => "the block",
    }
}
