//! INT003 dp-action-multiple: `dp` without a boolean `action_multiple`.

use super::at_key;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;

pub struct DpActionMultiple;

pub static META: RuleMeta = RuleMeta {
    code: "INT003",
    name: "dp-action-multiple",
    pack: "integrations",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "`dp` has no boolean `action_multiple`",
    docs: RuleDocs {
        what: "Checks that the `dp` block has `action_multiple`, and that it is `true` or `false`.",
        why: "amoCRM marks `dp.action_multiple` mandatory. It says whether the Digital Pipeline \
              action may span several stages (the platform then sends event 15 on changes within \
              the range, 14 on entry); without it the action cannot be set up.",
        bad: "\"dp\": { \"settings\": { … } }",
        good: "\"dp\": { \"action_multiple\": false, \"settings\": { … } }",
        fix: "Add `\"action_multiple\": false` to `dp` (or `true` if the action may run across \
              several stages), as a JSON boolean, not a string.",
        sources: &["A-STRUCT", "K-MANIFEST", "K-DP", "A-DP"],
        uncertain: Some(
            "Kommo's table lists the key as `dp/settings/action_multiple`, while every example on \
             both platforms puts it at `dp.action_multiple`; amolint expects it there.",
        ),
    },
    options: &[],
};

impl Rule for DpActionMultiple {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let Some(dp) = manifest.root().member("dp") else {
            return;
        };
        // `dp` of the wrong type is MAN003's.
        if dp.value.as_object().is_none() {
            return;
        }
        match dp.value.get("action_multiple") {
            Some(value) if value.as_bool().is_some() => {}
            Some(value) => {
                out.report(
                    Finding::new(
                        &META,
                        format!(
                            "`dp.action_multiple` is {}; it must be `true` or `false`",
                            value.describe()
                        ),
                    )
                    .at(MANIFEST_FILE, value, "/dp/action_multiple")
                    .help("write a JSON boolean without quotes: \"action_multiple\": false"),
                );
            }
            None => {
                let settings_has_it = dp
                    .value
                    .get("settings")
                    .and_then(|s| s.get("action_multiple"))
                    .is_some();
                let help = if settings_has_it {
                    "move `action_multiple` out of `dp.settings` into `dp` itself"
                } else {
                    "add \"action_multiple\": false to `dp` (true when the action may run across several stages)"
                };
                out.report(
                    at_key(
                        &META,
                        "the `dp` block has no `action_multiple`".to_string(),
                        dp,
                        "/dp",
                    )
                    .help(help),
                );
            }
        }
    }
}
