//! JS013 card-sdk-promise: a `card_sdk` callback whose function returns no value.

use super::{SCRIPT_FILE, parsed_script};
use amolint_core::manifest::Manifest;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;

pub struct CardSdkPromise;

pub static META: RuleMeta = RuleMeta {
    code: "JS013",
    name: "card-sdk-promise",
    pack: "script",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "a `card_sdk` callback returns no value (the CRM awaits a Promise)",
    docs: RuleDocs {
        what: "When `locations` has `card_sdk`, looks at the functions of the callbacks \
               `loadPreloadedData`, `loadElements`, `linkCard` and `searchDataInCard` and \
               reports one that has no `return` with a value in its own body (a `return` inside \
               a nested callback does not count; an arrow with an expression body returns it). \
               A callback whose value is not a function written in place (`loadElements: \
               helpers.load`) is not judged, nor is one the callbacks object does not show \
               (JS005 and JS010 speak about those).",
        why: "The CRM's card tab waits for these callbacks: it awaits the Promise each returns \
              and reads the elements, the link result or the search results from it. A \
              function that returns nothing gives the CRM `undefined` (an `async` function \
              without `return` a Promise of nothing): the tab stays empty or the action never \
              completes.",
        bad: "loadElements: function (type, id) {\n  $.get(self.url + '/items', function (items) { return items; });\n}",
        good: "loadElements: function (type, id) {\n  return $.get(self.url + '/items');\n}",
        fix: "Return a Promise that resolves to what the CRM asks for: return the request's \
              Promise (`return fetch(…).then(…)`, `return $.ajax(…)`), or wrap callback-style \
              code in `return new Promise(function (resolve) { … resolve(items); })`.",
        sources: &["K-CARD", "decision 9", "decision 17"],
        uncertain: Some(
            "Only the presence of a `return` with a value is checked, not that every path \
             returns or that the value is a Promise; what a function not written in place \
             returns is not seen (no guessing).",
        ),
    },
    options: &[],
};

/// The `card_sdk` callbacks the CRM awaits. Source: K-CARD.
const AWAITED: [&str; 4] = [
    "loadPreloadedData",
    "loadElements",
    "linkCard",
    "searchDataInCard",
];

impl Rule for CardSdkPromise {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        if !manifest.uses_area("card_sdk") {
            return;
        }
        let Some(facts) = parsed_script(cx) else {
            return;
        };
        let Some(object) = &facts.callbacks.object else {
            return; // JS010
        };
        for key in &object.keys {
            if key.nested || !AWAITED.contains(&key.name.as_str()) {
                continue;
            }
            if key.returns_value != Some(false) {
                continue;
            }
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "the `card_sdk` callback `{}` returns no value; the CRM awaits a Promise \
                         from it and gets `undefined`",
                        key.name
                    ),
                )
                .file(SCRIPT_FILE)
                .span(key.span)
                .help(
                    "return a Promise of the result: `return $.ajax(…)`, `return fetch(…)`, or \
                     `return new Promise(function (resolve) { … })`",
                ),
            );
        }
    }
}
