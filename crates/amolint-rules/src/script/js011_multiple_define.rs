//! JS011 multiple-define: script.js makes more than one anonymous top-level `define(...)` call.

use super::{SCRIPT_FILE, parsed_script};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;

pub struct MultipleDefine;

pub static META: RuleMeta = RuleMeta {
    code: "JS011",
    name: "multiple-define",
    pack: "script",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "script.js has more than one anonymous top-level `define(...)`",
    docs: RuleDocs {
        what: "Counts the anonymous top-level `define(...)` calls in script.js (`define([deps], \
               factory)`, `define(factory)`, also `window.define` and calls inside a top-level \
               wrapper function) and reports a second one that can run in the same load. Named \
               modules (`define('name', [deps], factory)`, as bundlers write them) are fine, and \
               so are calls in different branches of one `if`/`else` or `?:` (a dev and a \
               production branch), since only one of them runs.",
        why: "The CRM loads script.js as one AMD module with RequireJS, which gives the file's \
              name to its anonymous `define`. A second anonymous `define` in the same file has no \
              name to take: RequireJS fails with \"Mismatched anonymous define() module\" and the \
              widget does not start. This typically happens when two scripts, or two builds of \
              one, are pasted into one file.",
        bad: "define(['jquery'], function ($) { … });   // line 1\n…\ndefine(['jquery'], function ($) { … });   // line 145",
        good: "define(['jquery'], function ($) { … });\n// helper modules, if any, named:\ndefine('order-sync/helpers', [], function () { … });",
        fix: "Keep one anonymous `define` for the widget: remove the leftover copy, merge the two \
              modules, or give every other module a name (`define('my-widget/helpers', …)`) and \
              require it by that name.",
        sources: &["A-SCRIPT", "K-SCRIPT", "G-KOMMO-CLI"],
        uncertain: Some(
            "The platforms' pages do not mention this case; the failure is RequireJS's own rule \
             for anonymous modules, which the CRM's loader applies. A `define` inside a \
             conditional is counted as running unless another `define` sits in the other branch \
             of the same conditional.",
        ),
    },
    options: &[],
};

impl Rule for MultipleDefine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(facts) = parsed_script(cx) else {
            return;
        };
        let anonymous: Vec<_> = facts.defines.iter().filter(|d| d.name.is_none()).collect();
        // Each anonymous define that can run together with an earlier one, with that one.
        let clashes: Vec<_> = anonymous
            .iter()
            .enumerate()
            .filter_map(|(j, later)| {
                anonymous[..j]
                    .iter()
                    .find(|earlier| !earlier.exclusive_with(later))
                    .map(|earlier| (*earlier, *later))
            })
            .collect();
        let Some((earlier, later)) = clashes.first() else {
            return;
        };
        let line = |offset: usize| {
            cx.widget
                .text(SCRIPT_FILE)
                .map(|t| t.lines.position(&t.text, offset).line)
                .unwrap_or(1)
        };
        let more = match clashes.len() {
            1 => String::new(),
            n => format!(" ({} more after it)", n - 1),
        };
        out.report(
            Finding::new(
                &META,
                format!(
                    "`script.js` makes a second anonymous `define(...)` (the first is on line \
                     {}){more}; RequireJS rejects the file with \"Mismatched anonymous define() \
                     module\" and the widget does not start",
                    line(earlier.span.start)
                ),
            )
            .file(SCRIPT_FILE)
            .span(later.span)
            .help(
                "keep one anonymous `define` for the widget: remove the leftover copy, or name \
                 the other modules (`define('my-widget/helpers', [...], …)`)",
            ),
        );
    }
}
