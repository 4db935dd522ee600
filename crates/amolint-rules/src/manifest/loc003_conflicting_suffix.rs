//! LOC003 conflicting-suffix: the same area with both `-0` and `-1`.

use super::locations::entries;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;

pub struct ConflictingSuffix;

pub static META: RuleMeta = RuleMeta {
    code: "LOC003",
    name: "conflicting-suffix",
    pack: "manifest",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "the same area with both `-0` and `-1`",
    docs: RuleDocs {
        what: "Checks that no card or list area appears in `locations` with both the `-0` and \
               the `-1` suffix (`lcard-0` and `lcard-1`).",
        why: "`-1` says the widget uses the right-hand panel of the card and `-0` that it does \
              not; declaring both contradicts itself, and which one the platform honours is not \
              documented. The official Kommo scaffolder refuses such pairs as incompatible.",
        bad: r#""locations": ["lcard-0", "lcard-1", "settings"]"#,
        good: r#""locations": ["lcard-1", "settings"]"#,
        fix: "Keep `-1` if the widget shows a block in the right-hand panel, `-0` if it only \
              needs to be loaded in the card (Card SDK tabs, background logic), and remove the \
              other.",
        sources: &["A-AREAS", "K-LOC", "G-KOMMO-CLI"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for ConflictingSuffix {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let entries = entries(&manifest);
        for (position, entry) in entries.iter().enumerate() {
            let (Some(area), Some(suffix @ ("0" | "1"))) = (entry.judged(), entry.suffix) else {
                continue;
            };
            if !area.takes_suffix {
                continue; // a suffix there is LOC002's
            }
            let other = if suffix == "0" { "1" } else { "0" };
            // Reported once, at the later entry of the pair.
            let Some(earlier) = entries.get(..position).and_then(|before| {
                before.iter().find(|e| {
                    e.judged().is_some_and(|a| a.code == area.code) && e.suffix == Some(other)
                })
            }) else {
                continue;
            };
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`locations` has both `{}` and `{}`; `{}` is either in the right-hand \
                         panel (`-1`) or not (`-0`)",
                        earlier.value, entry.value, area.code
                    ),
                )
                .at(MANIFEST_FILE, entry.node, entry.pointer())
                .help(format!(
                    "keep `{0}-1` if the widget shows a block in the right-hand panel, \
                     otherwise `{0}-0`, and remove the other",
                    area.code
                )),
            );
        }
    }
}
