//! INT011 development-endpoint: an absolute URL in the manifest points at a development host.

use crate::address::dev_host::{DevHost, dev_host};
use crate::address::url::http_host;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::platform::Platform;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{Error, Warning};

pub struct DevelopmentEndpoint;

pub static META: RuleMeta = RuleMeta {
    code: "INT011",
    name: "development-endpoint",
    pack: "integrations",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "an address in the manifest is a development host",
    docs: RuleDocs {
        what: "Looks at every absolute http(s) URL among the manifest's values (`dp.webhook_url`, \
               `sms.endpoint`, `mobile.frame_url`, Salesbot handler addresses, the support link, \
               and any other) and reports those whose host is a development address: \
               `localhost`, loopback (127.0.0.0/8, `[::1]`), `0.0.0.0`, private IPv4 ranges, \
               `.local` names and tunnel hosts (`*.ngrok.io`, `*.ngrok-free.app`, `*.zrok.io`, \
               `*.loca.lt`, `*.trycloudflare.com`, …), the same list JS007 uses for script.js. \
               A warning; for `dp.webhook_url` on amoCRM an error.",
        why: "The platform hands these addresses to its own servers (the Digital Pipeline \
              webhook, the SMS gateway, Salesbot handlers) or to its users (the mobile card's \
              frame, the support link). From the CRM's servers a loopback address is the CRM \
              itself and a private address the CRM's network; a tunnel stops answering when the \
              developer's session ends. The widget works while it is being developed and fails \
              for every account once it is published.",
        bad: "\"dp\": { \"action_multiple\": false,\n        \"webhook_url\": \"https://31ef-77-95-92-110.eu.ngrok.io/hook\" }",
        good: "\"dp\": { \"action_multiple\": false,\n        \"webhook_url\": \"https://hooks.your-company.com/amo/dp\" }",
        fix: "Deploy the endpoint on a public host and write its production https address in the \
              manifest before packing the widget.",
        sources: &["A-STRUCT", "K-MANIFEST", "K-DP", "A-SMS", "decision 15"],
        uncertain: Some(
            "Whether the platforms refuse such addresses at upload is not documented (only the \
             SMS endpoint is said to be checked then). amolint warns everywhere and makes the \
             Digital Pipeline webhook an error on amoCRM, where its address must be a working \
             https endpoint of the widget's own.",
        ),
    },
    options: &[],
};

impl Rule for DevelopmentEndpoint {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        for string in manifest.strings() {
            // Not a URL (INT004 and MAN005 judge the syntax of the fields that must be one).
            let Some(host) = http_host(string.value) else {
                continue;
            };
            let Some(kind) = dev_host(&host) else {
                continue;
            };
            let webhook = string.pointer == "/dp/webhook_url";
            let finding = Finding::new(
                &META,
                format!(
                    "`{}` is `{}`, a development address ({})",
                    string.field,
                    string.value,
                    describe(kind, called_by_server(&string.pointer))
                ),
            )
            .at(MANIFEST_FILE, string.node, string.pointer.as_str())
            .help(
                "deploy the endpoint on a public host and write its production https address \
                 before packing the widget",
            );
            // The Digital Pipeline webhook must be the widget's own working endpoint on amoCRM.
            out.report(if webhook && cx.platform() == Platform::Amocrm {
                finding.severity(Error)
            } else {
                finding
            });
        }
    }
}

/// True for the addresses the CRM's servers call: a webhook (`dp.webhook_url`, also one written
/// in the wrong place, which MAN007 reports), an SMS endpoint, and anything in the Salesbot
/// designer's handlers.
fn called_by_server(pointer: &str) -> bool {
    pointer.ends_with("/webhook_url")
        || pointer.ends_with("/endpoint")
        || pointer.starts_with("/salesbot_designer/")
}

fn describe(kind: DevHost, server: bool) -> &'static str {
    if server {
        kind.describe_for_server()
    } else {
        kind.describe()
    }
}
