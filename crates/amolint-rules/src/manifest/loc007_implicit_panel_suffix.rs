//! LOC007 implicit-panel-suffix: a card or list area without `-0`/`-1`.

use super::locations::entries;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Info;

pub struct ImplicitPanelSuffix;

pub static META: RuleMeta = RuleMeta {
    code: "LOC007",
    name: "implicit-panel-suffix",
    pack: "manifest",
    amocrm: Some(Info),
    kommo: Some(Info),
    summary: "a card/list area without an explicit `-0`/`-1`",
    docs: RuleDocs {
        what: "Checks that card and list areas (lcard ccard comcard cucard llist clist tlist \
               culist) are written with their suffix: `-1` when the widget uses the right-hand \
               panel, `-0` when it does not.",
        why: "Without a suffix the platform assumes `-1` and reserves a block in the right-hand \
              panel. amoCRM moderation asks every widget to declare explicitly whether it uses \
              the right column, and Kommo asks for `-1` so that the CRM can count panel widgets \
              before rendering them.",
        bad: r#""locations": ["lcard", "llist", "settings"]"#,
        good: r#""locations": ["lcard-1", "llist-0", "settings"]"#,
        fix: "Append `-1` to card and list areas where the widget shows a block in the \
              right-hand panel and `-0` where it only needs to be loaded.",
        sources: &["A-AREAS", "A-AREAS-EN", "K-LOC", "A-REQ", "K-CARD"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for ImplicitPanelSuffix {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        for entry in entries(&manifest) {
            let Some(area) = entry.judged() else {
                continue;
            };
            if !area.takes_suffix || entry.suffix.is_some() {
                continue;
            }
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`{}` in `locations` has no `-0`/`-1` suffix; the platform treats it as \
                         `{}-1` (a block in the right-hand panel)",
                        entry.value, area.code
                    ),
                )
                .at(MANIFEST_FILE, entry.node, entry.pointer())
                .help(format!(
                    "write `{0}-1` if the widget uses the right-hand panel, `{0}-0` if it does not",
                    area.code
                )),
            );
        }
    }
}
