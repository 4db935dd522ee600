//! INT002 orphan-block: a block whose area is not in `locations`.

use super::at_key;
use amolint_core::format::{AREA_BLOCKS, AREAS, Area, LEFT_MENU_SECTIONS, split_location};
use amolint_core::json::Node;
use amolint_core::manifest::Manifest;
use amolint_core::rule::{Context, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;
use amolint_core::suggest::nearest;

pub struct OrphanBlock;

pub static META: RuleMeta = RuleMeta {
    code: "INT002",
    name: "orphan-block",
    pack: "integrations",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "a block is present while its area is not in `locations`",
    docs: RuleDocs {
        what: "Checks that each area block has its area in `locations`: `dp` → \
               `digital_pipeline`, `advanced` → `advanced_settings`, `salesbot_designer` → \
               `salesbot_designer`, `sms` → `sms`, `mobile` → `mobile_card`, \
               `amoforms_settings` → `amoforms`, `left_menu` → `widget_page`. What only such a \
               block references (its i18n keys, its files, its Salesbot handlers) is not checked \
               again by I18N004, IMG006 or INT005: the block is the one defect.",
        why: "The platform reads a block only for an area the widget declares, so the block does \
              nothing: usually the area was forgotten (the feature silently does not appear) or \
              the block is a leftover of a template.",
        bad: "\"locations\": [\"settings\", \"lcard-1\"],\n\"dp\": { \"action_multiple\": false }",
        good: "\"locations\": [\"settings\", \"lcard-1\", \"digital_pipeline\"],\n\"dp\": { \"action_multiple\": false }",
        fix: "Add the area to `locations` if the widget works there; otherwise remove the block.",
        sources: &[
            "K-MANIFEST",
            "A-STRUCT",
            "A-LEFTMENU",
            "K-LEFTMENU",
            "K-LOC",
            "decision 10",
        ],
        uncertain: Some(
            "For `left_menu`, a missing `widget_page` is INT008's error when the block adds an item \
             of its own (A-LEFTMENU: the item needs `widget_page`). This rule reports a \
             `left_menu` that only adds submenus to or hides system sections: whether those need \
             `widget_page` is not documented.",
        ),
    },
    options: &[],
};

impl Rule for OrphanBlock {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        for (area, block) in orphan_blocks(&manifest) {
            let Some(member) = manifest.root().member(block) else {
                continue;
            };
            // Whether system-section entries need `widget_page` is not documented.
            let effect = if block == "left_menu" {
                "may have no effect"
            } else {
                "has no effect"
            };
            out.report(
                at_key(
                    &META,
                    format!(
                        "the `{block}` block {effect}: its location `{area}` is not in `locations`"
                    ),
                    member,
                    &format!("/{block}"),
                )
                .help(format!(
                    "add \"{area}\" to `locations` if the widget works there, or remove `{block}`"
                )),
            );
        }
    }
}

/// The blocks this rule reports, as (area, block): present while their area is not in
/// `locations`. The rules about what such a block holds (I18N004, IMG006, INT005) leave alone
/// what only these blocks reference, so that a dead block is one finding, this rule's.
pub(crate) fn orphan_blocks(manifest: &Manifest) -> Vec<(&'static str, &'static str)> {
    // Without a `locations` array every block would look orphaned: MAN002/MAN003 say why.
    if manifest.get("locations").and_then(Node::as_array).is_none() {
        return Vec::new();
    }
    AREA_BLOCKS
        .iter()
        .copied()
        .chain([("widget_page", "left_menu")])
        .filter(|&(area, block)| {
            let Some(member) = manifest.root().member(block) else {
                return false;
            };
            if manifest.uses_area(area) || misspelt(manifest, area) {
                return false;
            }
            // A `left_menu` with an item of its own and no `widget_page` is INT008's error.
            !(block == "left_menu" && has_own_item(&member.value))
        })
        .collect()
}

/// True when an unknown `locations` entry is a misspelling of `area`: LOC001 reports it, and
/// the block is not orphaned, only its area misspelt.
fn misspelt(manifest: &Manifest, area: &str) -> bool {
    manifest.locations().iter().any(|(_, l)| {
        let code = split_location(l.value).0;
        Area::find(code).is_none()
            && Area::find(l.value).is_none()
            && nearest(l.value, AREAS.iter().map(|a| a.code)) == Some(area)
    })
}

/// True when `left_menu` adds an item of its own (a key that is not a system section).
pub(crate) fn has_own_item(menu: &Node) -> bool {
    menu.as_object().is_some_and(|items| {
        items
            .iter()
            .any(|m| !LEFT_MENU_SECTIONS.contains(&m.key.as_str()))
    })
}
