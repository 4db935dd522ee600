//! JS004 missing-callback: the callbacks object lacks `render`, `init` or `bind_actions`.

use super::{SCRIPT_FILE, has_typo_of, parsed_script};
use amolint_core::format::REQUIRED_CALLBACKS;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{Error, Warning};
use amolint_core::text::Span;

pub struct MissingCallback;

pub static META: RuleMeta = RuleMeta {
    code: "JS004",
    name: "missing-callback",
    pack: "script",
    amocrm: Some(Warning),
    kommo: Some(Error),
    summary: "the callbacks object lacks `render`, `init` or `bind_actions`",
    docs: RuleDocs {
        what: "Finds the widget's callbacks object (`this.callbacks = {…}`, `self.callbacks = \
               {…}`, `callbacks: {…}`, also inside bundles) and checks that it has the three \
               callbacks every widget needs: `render`, `init` and `bind_actions`. One finding per \
               missing callback.",
        why: "The CRM calls render first, then init and bind_actions, and goes on only when each \
              returns true. Kommo's documentation: \"all three callbacks must be present in \
              this.callbacks; the widget won't function in the specified locations without \
              them\".",
        bad: "this.callbacks = {\n  render: function () { return true; },\n  init: function () { return true; }\n};",
        good: "this.callbacks = {\n  render: function () { return true; },\n  init: function () { return true; },\n  bind_actions: function () { return true; }\n};",
        fix: "Add the missing callback to the callbacks object, returning true: \
              `bind_actions: function () { return true; }`. A misspelt name (`bindActions`) is \
              reported by JS006 instead.",
        sources: &["K-SCRIPT", "A-SCRIPT", "decision 9"],
        uncertain: Some(
            "When the callbacks object cannot be seen statically (a loader stub, a bundle that \
             builds it at run time), amolint does not guess: JS010 says so and this rule stays \
             silent (decision 9).",
        ),
    },
    options: &[],
};

impl Rule for MissingCallback {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(facts) = parsed_script(cx) else {
            return;
        };
        let Some(object) = facts.callbacks.complete() else {
            return; // JS010
        };
        for callback in REQUIRED_CALLBACKS {
            if object.has(callback) || has_typo_of(object, callback) {
                continue;
            }
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "the callbacks object has no `{callback}` callback; the CRM calls \
                         render, init and bind_actions and the widget does not work without them"
                    ),
                )
                .file(SCRIPT_FILE)
                .span(Span::new(object.span.start, object.span.start + 1))
                .help(format!(
                    "add `{callback}: function () {{ return true; }}` to the callbacks object"
                )),
            );
        }
    }
}
