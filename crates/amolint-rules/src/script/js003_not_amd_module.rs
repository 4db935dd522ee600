//! JS003 not-amd-module: script.js has no top-level `define(...)`, or uses ES `import`/`export`.

use super::{SCRIPT_FILE, parsed_script};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::text::Span;

pub struct NotAmdModule;

pub static META: RuleMeta = RuleMeta {
    code: "JS003",
    name: "not-amd-module",
    pack: "script",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "`script.js` is not an AMD module",
    docs: RuleDocs {
        what: "Checks that script.js calls `define(...)` at the top level (also `window.define`, \
               and a bundler's wrapper function that calls `define`), and that it has no \
               top-level ES `import` or `export` statements. A packed script \
               (`eval(function(p,a,c,k,e,…))`) hides its `define` and is not judged.",
        why: "The CRM loads script.js with an AMD (RequireJS-style) loader and takes the widget \
              constructor from the module's `define` factory. A script without `define` gives the \
              loader nothing; a script with `import`/`export` is an ES module, which the loader's \
              plain <script> cannot even run.",
        bad: "import $ from 'jquery';\nexport default function Widget() { … }",
        good: "define(['jquery'], function ($) {\n  var CustomWidget = function () { … return this; };\n  return CustomWidget;\n});",
        fix: "Write the widget as `define([...deps], function (...) { … return CustomWidget; })`, \
              or have your bundler emit AMD: webpack `output.library.type: 'amd'`, rollup \
              `output.format: 'amd'`, esbuild via a plugin or a wrapper that calls `define`.",
        sources: &["A-SCRIPT", "K-SCRIPT", "G-KOMMO-CLI", "G-STARTER"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for NotAmdModule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(facts) = parsed_script(cx) else {
            return;
        };
        if let Some(first) = facts.module_items.first() {
            let count = facts.module_items.len();
            let others = if count > 1 {
                format!(" ({} top-level import/export statements)", count)
            } else {
                String::new()
            };
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`script.js` is an ES module: `{}` at the top level{others}; the \
                         platform loads widgets with an AMD loader, which cannot run ES modules",
                        first.keyword
                    ),
                )
                .file(SCRIPT_FILE)
                .span(first.span)
                .help(
                    "bundle the widget as an AMD module (webpack `output.library.type: 'amd'`, \
                     rollup `format: 'amd'`) or write it as `define([...], function (...) { … })`",
                ),
            );
            return;
        }
        // A packed script's `define` is inside the packed string: not seen, not judged (JS010).
        if facts.defines.is_empty() && facts.metrics.packer.is_none() {
            out.report(
                Finding::new(
                    &META,
                    "`script.js` has no top-level `define(...)` call; the platform loads \
                     widgets as AMD modules and gets no widget from this file",
                )
                .file(SCRIPT_FILE)
                .span(Span::at(0))
                .help(
                    "wrap the widget in `define(['jquery'], function ($) { var CustomWidget = \
                     function () { … return this; }; return CustomWidget; });`",
                ),
            );
        }
    }
}
