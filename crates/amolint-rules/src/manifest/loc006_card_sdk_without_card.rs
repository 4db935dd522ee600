//! LOC006 card-sdk-without-card: `card_sdk` without a card area.

use super::locations::entries;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;

pub struct CardSdkWithoutCard;

pub static META: RuleMeta = RuleMeta {
    code: "LOC006",
    name: "card-sdk-without-card",
    pack: "manifest",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "`card_sdk` without any of `lcard ccard comcard`",
    docs: RuleDocs {
        what: "Checks that a widget declaring the `card_sdk` area also declares at least one \
               card area it works in: `lcard`, `ccard` or `comcard` (any suffix).",
        why: "The Card SDK adds a tab to lead, contact or company cards; the documentation asks \
              to declare those cards (`lcard-0`, `ccard-0`, `comcard-0`) next to `card_sdk`. \
              Without a card area the widget is not loaded in any card, so the tab never \
              appears.",
        bad: r#""locations": ["settings", "card_sdk"]"#,
        good: r#""locations": ["lcard-0", "ccard-0", "comcard-0", "settings", "card_sdk"]"#,
        fix: "Add the cards the tab should appear in, with `-0` when the widget shows no block \
              in the right-hand panel: `lcard-0`, `ccard-0`, `comcard-0`.",
        sources: &["K-CARD", "K-LOC"],
        uncertain: None,
    },
    options: &[],
};

const CARDS: [&str; 3] = ["lcard", "ccard", "comcard"];

impl Rule for CardSdkWithoutCard {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let entries = entries(&manifest);
        let Some(sdk) = entries
            .iter()
            .find(|e| e.judged().is_some_and(|a| a.code == "card_sdk"))
        else {
            return;
        };
        // A misspelt card area (`lcard_0`) counts as a card: the typo is LOC001's one finding.
        if entries
            .iter()
            .any(|e| e.intended_area().is_some_and(|a| CARDS.contains(&a.code)))
        {
            return;
        }
        out.report(
            Finding::new(
                &META,
                format!(
                    "`{}` is in `locations` but no card area is: the Card SDK tab is shown in \
                     lead, contact or company cards",
                    sdk.value
                ),
            )
            .at(MANIFEST_FILE, sdk.node, sdk.pointer())
            .help("add the cards the tab belongs to, e.g. `lcard-0`, `ccard-0`, `comcard-0`"),
        );
    }
}
