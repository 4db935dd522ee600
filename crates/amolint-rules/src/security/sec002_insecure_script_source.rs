//! SEC002 insecure-script-source: script.js loads code over plain `http://`.

use crate::address::dev_host::dev_host;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;
use std::collections::HashSet;

pub struct InsecureScriptSource;

pub static META: RuleMeta = RuleMeta {
    code: "SEC002",
    name: "insecure-script-source",
    pack: "security",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "script.js loads code over plain `http://`",
    docs: RuleDocs {
        what: "Reports the places where script.js loads code from an `http://` URL: a \
               `define`/`require` dependency or `require.config` path, `$.getScript`, \
               `$.ajax({ dataType: 'script' })`, `import()`, the `src` of a `<script>` element it \
               creates or writes, `importScripts` and `new Worker`. Plain `http://` strings that \
               are not code loads (an XML namespace, a link) are not reported; development \
               addresses are JS007's.",
        why: "The CRM runs on https: browsers block http scripts on an https page (mixed \
              content), so the dependency silently fails to load. Where it does load, anyone on \
              the network path can replace the code that then runs inside your customers' CRM \
              accounts with their session.",
        bad: "define(['http://cdn.example.com/lib.js'], function (lib) { … });",
        good: "define(['https://cdn.example.com/lib.js'], function (lib) { … });",
        fix: "Load the code over https (most CDNs serve both), or ship it inside the widget.",
        sources: &["A-STRUCT", "A-REQ", "K-MOD"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for InsecureScriptSource {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(facts) = cx.widget.script().filter(|f| f.parsed()) else {
            return;
        };
        let mut seen = HashSet::new();
        for url in &facts.urls {
            let Some(load) = url.load else {
                continue;
            };
            if url.scheme != "http" || dev_host(&url.host).is_some() {
                continue;
            }
            if !seen.insert(url.url.as_str()) {
                continue;
            }
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`script.js` loads code over plain http: `{}` ({})",
                        url.url,
                        load.describe()
                    ),
                )
                .file("script.js")
                .span(url.span)
                .help(format!(
                    "use `https://{}`: browsers block http scripts on the https CRM pages, and \
                     plain http lets anyone on the network replace the code",
                    url.url.get("http://".len()..).unwrap_or("…")
                )),
            );
        }
    }
}
