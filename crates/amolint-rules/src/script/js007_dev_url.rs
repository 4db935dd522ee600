//! JS007 dev-url: script.js refers to a development address.

use super::{SCRIPT_FILE, parsed_script};
use crate::address::dev_host::dev_host;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;
use std::collections::HashMap;

pub struct DevUrl;

pub static META: RuleMeta = RuleMeta {
    code: "JS007",
    name: "dev-url",
    pack: "script",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "script.js loads code from a development address",
    docs: RuleDocs {
        what: "Looks at every URL in script.js's string and template literals and reports those \
               whose host is a development address: `localhost`, `127.0.0.1` (all of \
               127.0.0.0/8), `0.0.0.0`, `[::1]`, private IPv4 ranges (10/8, 172.16/12, \
               192.168/16, 169.254/16), `.local` names, and tunnel hosts (`*.ngrok-free.app`, \
               `*.ngrok.io`, `*.zrok.io`, `*.loca.lt`, `*.trycloudflare.com`, `*.serveo.net`, \
               `*.localhost.run`, …).",
        why: "Code the browser loads (an AMD dependency, a <script> element, `getScript`, an \
              `import`, a worker) runs in the browsers of every account that installs the \
              widget. There a loopback address is the user's own computer and a private address \
              the user's own network: unreachable, or worse, something else there; and a tunnel \
              address stops working when the developer's session ends. Requests the CRM's \
              server makes for the widget (`crm_post(url, …)`) are different: the server sends \
              them, so `localhost` is the CRM's own server and a private address the CRM's \
              network, never the developer's. Either way the widget breaks for everyone.",
        bad: "define(['http://localhost:8080/app.js'], function (app) { … });",
        good: "define(['https://cdn.example.com/widget/app.js'], function (app) { … });",
        fix: "Build script.js for production with the public https address, e.g. through an \
              environment variable your bundler substitutes. Dev-mode branches that load from \
              localhost (as in the Kommo React template) are better compiled out of the \
              production build.",
        sources: &["A-REQ", "K-MOD", "G-KOMMO-CLI", "decision 14"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for DevUrl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(facts) = parsed_script(cx) else {
            return;
        };
        // One finding per address, at its first use.
        let mut repeats: HashMap<&str, usize> = HashMap::new();
        let mut first = Vec::new();
        for url in &facts.urls {
            let Some(kind) = dev_host(&url.host) else {
                continue;
            };
            let seen = repeats.entry(url.url.as_str()).or_insert(0);
            if *seen == 0 {
                first.push((url, kind));
            }
            *seen += 1;
        }
        for (url, kind) in first {
            let verb = match url.load {
                Some(load) => format!("loads code ({}) from", load.describe()),
                None if url.crm_post => "sends a `crm_post` request to".to_string(),
                None => "refers to".to_string(),
            };
            // The CRM's server makes a `crm_post` request: the address is judged from there.
            let what = if url.crm_post {
                kind.describe_for_server()
            } else {
                kind.describe()
            };
            let mut message = format!(
                "`script.js` {verb} the development address `{}` ({what})",
                url.url,
            );
            let times = repeats.get(url.url.as_str()).copied().unwrap_or(1);
            if times > 1 {
                message.push_str(&format!(", used {times} times"));
            }
            out.report(
                Finding::new(&META, message)
                    .file(SCRIPT_FILE)
                    .span(url.span)
                    .help(if url.crm_post {
                        "use the production https address in the packed widget; the CRM's \
                         server cannot reach the developer's machine or tunnel"
                    } else {
                        "use the production https address in the packed widget; users' browsers \
                         cannot reach the developer's machine or tunnel"
                    }),
            );
        }
    }
}
