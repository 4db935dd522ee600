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
               culist) are written with their suffix, `-1` or `-0`. In a card, `-1` means the \
               widget shows a block in the card's right-hand panel and `-0` that it is loaded \
               without one. List areas have no panel: there the widget appears in the list's \
               action menu once the user selects rows, and the suffix is only declared.",
        why: "Without a suffix the platform assumes `-1`: in a card it reserves a block in the \
              right-hand panel. amoCRM moderation asks every widget to declare its card and list \
              areas explicitly (`lcard-1`, `clist-1`), and Kommo asks for `-1` in cards so that \
              the CRM can count panel widgets before rendering them.",
        bad: r#""locations": ["lcard", "llist", "settings"]"#,
        good: r#""locations": ["lcard-1", "llist-1", "settings"]"#,
        fix: "Append `-1` to card areas where the widget shows a block in the right-hand panel \
              and `-0` where it only needs to be loaded; write list areas as `llist-1` (or \
              `-0`), as moderation asks.",
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
            let (meaning, help) = if is_list(area.code) {
                (
                    "in a list the suffix is only declared: the widget is offered in the action \
                     menu for selected rows either way",
                    format!(
                        "write `{0}-1` (or `{0}-0`): moderation asks every card and list area to \
                         declare its suffix",
                        area.code
                    ),
                )
            } else {
                (
                    "a block in the card's right-hand panel",
                    format!(
                        "write `{0}-1` if the widget uses the right-hand panel, `{0}-0` if it \
                         does not",
                        area.code
                    ),
                )
            };
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`{}` in `locations` has no `-0`/`-1` suffix; the platform treats it as \
                         `{}-1` ({meaning})",
                        entry.value, area.code
                    ),
                )
                .at(MANIFEST_FILE, entry.node, entry.pointer())
                .help(help),
            );
        }
    }
}

/// True for the list areas, which have no right-hand panel.
fn is_list(code: &str) -> bool {
    code.ends_with("list")
}
