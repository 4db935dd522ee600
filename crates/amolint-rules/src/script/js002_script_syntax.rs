//! JS002 script-syntax: script.js does not parse as JavaScript.

use super::SCRIPT_FILE;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::script::MAX_NESTING;
use amolint_core::severity::Severity::Error;

pub struct ScriptSyntax;

pub static META: RuleMeta = RuleMeta {
    code: "JS002",
    name: "script-syntax",
    pack: "script",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "`script.js` does not parse as JavaScript",
    docs: RuleDocs {
        what: "Parses script.js with a real JavaScript parser (oxc) and reports the first syntax \
               error at its line and column. Scripts nested deeper than amolint's parser limit \
               (`max-script-nesting` of ARC008, default and ceiling 1000 levels of brackets and \
               operators) are reported here too, without parsing.",
        why: "The CRM loads script.js with its AMD loader; a syntax error stops the whole file \
              from running, so the widget renders nothing and its settings cannot be saved. The \
              error only shows in the browser console of the user who opens the widget.",
        bad: "define(['jquery'], function ($) {\n  return function () {\n    this.callbacks = { render: function () { return true; } init: … };\n  };\n});",
        good: "define(['jquery'], function ($) {\n  return function () {\n    this.callbacks = { render: function () { return true; }, init: … };\n  };\n});",
        fix: "Fix the error at the reported line and column (a missing comma or bracket is the \
              usual cause), then run the file through your editor's linter or `node --check \
              script.js`. The other script rules (JS003–JS010) check the file once it parses.",
        sources: &["A-SCRIPT", "K-SCRIPT", "decision 8"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for ScriptSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(facts) = cx.widget.script() else {
            return;
        };
        if let Some(deep) = facts.too_deep {
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`script.js` is nested {} levels deep, over the parser's limit of \
                         {} (`max-script-nesting` of ARC008); amolint did not parse it",
                        deep.depth,
                        cx.widget.limits().max_script_nesting.min(MAX_NESTING)
                    ),
                )
                .file(SCRIPT_FILE)
                .span(deep.span)
                .help(
                    "no hand-written or bundled script nests this deep; check that the file is \
                     really the widget's script",
                ),
            );
            return;
        }
        let Some(first) = facts.syntax_errors.first() else {
            return;
        };
        let more = facts.syntax_errors.len() - 1;
        let mut message = format!(
            "`script.js` does not parse: {}",
            lower_first(&first.message)
        );
        if more > 0 {
            message.push_str(&format!(
                " ({more} more syntax error{} after this one)",
                if more == 1 { "" } else { "s" }
            ));
        }
        let help = first.help.as_deref().map_or_else(
            || {
                "fix the syntax error; the browser refuses to run a script.js that does not parse"
                    .to_string()
            },
            lower_first,
        );
        out.report(
            Finding::new(&META, message)
                .file(SCRIPT_FILE)
                .span(first.span)
                .help(help),
        );
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if !text.starts_with("JS") => first.to_lowercase().chain(chars).collect(),
        _ => text.to_string(),
    }
}
