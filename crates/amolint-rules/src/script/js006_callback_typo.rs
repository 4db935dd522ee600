//! JS006 callback-typo: a callback name close to a known one.

use super::{SCRIPT_FILE, parsed_script, typo_of};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;

pub struct CallbackTypo;

pub static META: RuleMeta = RuleMeta {
    code: "JS006",
    name: "callback-typo",
    pack: "script",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "a callback name is close to a known one",
    docs: RuleDocs {
        what: "Compares every key of the callbacks object with the callbacks the CRM calls \
               (render, init, bind_actions, settings, onSave, destroy, dpSettings, \
               advancedSettings, leads:selected, …) and reports a key that is not one of them \
               but close to one: `bindActions`, `onsave`, `bind_action`, `dp_settings`.",
        why: "The CRM looks callbacks up by their exact names. A misspelt callback is never \
              called, silently: `bindActions` instead of `bind_actions` means the widget's \
              buttons never get their handlers.",
        bad: "this.callbacks = { render: …, init: …, bindActions: function () { … } };",
        good: "this.callbacks = { render: …, init: …, bind_actions: function () { … } };",
        fix: "Rename the key to the exact callback name. When the key is a helper of your own \
              that happens to look like a callback, give it a clearly different name.",
        sources: &["A-SCRIPT", "K-SCRIPT", "decision 7"],
        uncertain: Some(
            "A near name next to the correct one (`bindActions` beside `bind_actions`) is taken \
             for a helper and not reported.",
        ),
    },
    options: &[],
};

impl Rule for CallbackTypo {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(facts) = parsed_script(cx) else {
            return;
        };
        // Visible keys are judged even when more are added at run time.
        let Some(object) = facts.callbacks.object.as_ref() else {
            return;
        };
        for key in &object.keys {
            let Some(known) = typo_of(key) else {
                continue;
            };
            if object.has(known) {
                continue;
            }
            let shown = known;
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "callback `{}` is not a name the CRM calls; did you mean `{shown}`?",
                        key.name
                    ),
                )
                .file(SCRIPT_FILE)
                .span(key.span)
                .help(format!(
                    "rename `{}` to `{shown}`; the CRM calls callbacks by their exact names and \
                     never calls this one",
                    key.name
                )),
            );
        }
    }
}
