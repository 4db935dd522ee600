//! JS010 callbacks-not-found: the callbacks object could not be located statically.

use super::{SCRIPT_FILE, parsed_script};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Info;
use amolint_core::text::Span;

pub struct CallbacksNotFound;

pub static META: RuleMeta = RuleMeta {
    code: "JS010",
    name: "callbacks-not-found",
    pack: "script",
    amocrm: Some(Info),
    kommo: Some(Info),
    summary: "the callbacks object could not be located statically",
    docs: RuleDocs {
        what: "Says when amolint cannot see the widget's whole callbacks object in script.js: a \
               loader stub that fetches the real script at run time, a bundle that fills \
               `this.callbacks` in a loop (the Kommo React template), a spread \
               (`{ ...base, render }`) or a computed key. JS004 and JS005 are then not judged.",
        why: "amolint does not guess (decision 9): rather than report callbacks as \
              missing when it merely cannot see them, it reports that it could not check them, \
              so you know to check them yourself.",
        bad: "define(function () {\n  var s = document.createElement('script');\n  s.src = 'https://host.example/real.js';\n  document.head.appendChild(s);\n});",
        good: "define(['jquery'], function ($) {\n  return function () {\n    this.callbacks = { render: …, init: …, bind_actions: … };\n    return this;\n  };\n});",
        fix: "Nothing needs fixing when the callbacks are built at run time on purpose; make sure \
              render, init, bind_actions and your locations' callbacks exist. To have amolint \
              check them, write the callbacks as an object literal assigned to `this.callbacks`, \
              or disable this note in rules.toml (`JS010 = \"off\"`).",
        sources: &["decision 9", "K-SCRIPT", "G-KOMMO-CLI", "G-GEN"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for CallbacksNotFound {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(facts) = parsed_script(cx) else {
            return;
        };
        let callbacks = &facts.callbacks;
        let not_judged = "JS004 and JS005 were not judged";
        let (message, span) = match (&callbacks.object, callbacks.dynamic) {
            (Some(_), None) => return,
            (Some(object), Some(dynamic)) => {
                let line = cx
                    .widget
                    .text(SCRIPT_FILE)
                    .map(|t| t.lines.position(&t.text, object.span.start).line)
                    .unwrap_or(1);
                (
                    format!(
                        "the callbacks object (line {line}) gets more keys at run time here, so \
                         amolint cannot see all of its callbacks; {not_judged}"
                    ),
                    dynamic,
                )
            }
            (None, Some(dynamic)) => (
                format!(
                    "`script.js` builds its callbacks object at run time, so amolint cannot see \
                     which callbacks the widget has; {not_judged}"
                ),
                dynamic,
            ),
            (None, None) => {
                if let Some(packer) = facts.metrics.packer {
                    (
                        format!(
                            "`script.js` is packed (`eval(function(p,a,c,k,e,…))`), which hides \
                             its code and its callbacks object; {not_judged}"
                        ),
                        packer,
                    )
                } else if let Some(load) = facts.first_code_load() {
                    (
                        format!(
                            "`script.js` has no callbacks object and loads code at run time \
                             from `{}`, so the widget's callbacks are not in this file; \
                             {not_judged}",
                            load.url
                        ),
                        load.span,
                    )
                } else {
                    (
                        format!(
                            "no callbacks object (`this.callbacks = {{…}}`) found in \
                             `script.js`; {not_judged}"
                        ),
                        facts.defines.first().map_or(Span::at(0), |d| d.span),
                    )
                }
            }
        };
        out.report(
            Finding::new(&META, message)
                .file(SCRIPT_FILE)
                .span(span)
                .help(
                    "check by hand that render, init, bind_actions and the callbacks of your \
                     locations exist when the widget runs",
                ),
        );
    }
}
