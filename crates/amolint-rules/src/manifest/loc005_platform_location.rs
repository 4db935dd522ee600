//! LOC005 platform-location: an area the widget's platform does not have.

use super::locations::entries;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::platform::Platform;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;

pub struct PlatformLocation;

pub static META: RuleMeta = RuleMeta {
    code: "LOC005",
    name: "platform-location",
    pack: "manifest",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "an area not available on the profile's platform",
    docs: RuleDocs {
        what: "Checks that every area in `locations` exists on the platform the widget is \
               checked for. Only amoCRM has `cucard`, `culist` (customers), `whatsapp_modal` and \
               `amoforms`; only Kommo has `website_chat_button` and `ai_agent`.",
        why: "The platform ignores an area it does not have: the widget never appears there, \
              and a moderator may ask why the manifest declares it.",
        bad: r#"(checked for Kommo)  "locations": ["lcard-1", "cucard-1", "culist-1"]"#,
        good: r#"(checked for Kommo)  "locations": ["lcard-1"]"#,
        fix: "Remove the area from `locations`, or, if the widget is meant for the other \
              platform, check it with `--platform amocrm` / `--platform kommo` (or \
              `platform = ...` in rules.toml).",
        sources: &["A-AREAS", "A-AREAS-EN", "K-LOC", "A-FORMS", "decision 1"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for PlatformLocation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let platform = cx.platform();
        let other = match platform {
            Platform::Amocrm => Platform::Kommo,
            Platform::Kommo => Platform::Amocrm,
        };
        for entry in entries(&manifest) {
            let Some(area) = entry.judged() else {
                continue;
            };
            if area.on(platform) {
                continue;
            }
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`{}` in `locations`: the `{}` area exists only on {}, and this widget \
                         is checked for {}",
                        entry.value,
                        area.code,
                        other.display_name(),
                        platform.display_name()
                    ),
                )
                .at(MANIFEST_FILE, entry.node, entry.pointer())
                .help(format!(
                    "remove it, or check the widget with `--platform {}` if it is meant for {}",
                    other.as_str(),
                    other.display_name()
                )),
            );
        }
    }
}
