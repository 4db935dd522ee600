//! MAN011 placeholder-value: a value left over from the documentation's examples or a scaffold.

use crate::address::url::{email_domain, http_host, http_path};
use crate::locales::support::{Resolved, is_i18n_key, listed_files, resolve};
use amolint_core::manifest::{MANIFEST_FILE, Manifest, StringAt};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;

pub struct PlaceholderValue;

pub static META: RuleMeta = RuleMeta {
    code: "MAN011",
    name: "placeholder-value",
    pack: "manifest",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "a value left over from the documentation's examples or a scaffold",
    docs: RuleDocs {
        what: "Reports values copied from the documentation's example manifest or a scaffold \
               and never replaced: a URL or e-mail address on a domain kept for examples \
               (`example.com`, `example.org`, `example.net`, any `*.example`, `test.com`) \
               anywhere in the manifest (the support contact, `dp.webhook_url`, \
               `sms.endpoint`, `mobile.frame_url`, …); a `widget.support` that is the \
               platform's own contact (the home page of amocrm.ru, amocrm.com or kommo.com, or \
               an address at those domains); and a widget name that is still a scaffold's \
               default in a locale file (`MyWidget`, `My widget`, `Мой виджет`, `Widget name`, \
               `Название виджета`, `Kommo integration`).",
        why: "The documentation's example manifest gives amoCRM's own site and support address \
              as the support contact and `example.com` addresses as endpoints, and the scaffolds \
              name the widget `MyWidget` or `Kommo integration`. Left in place, users who need \
              help write to the platform instead of the widget's author, the CRM sends webhooks \
              to a domain no widget owns, and the marketplace shows the scaffold's \
              name. A marketplace reviewer rejects such a widget.",
        bad: "\"support\": { \"link\": \"https://www.amocrm.com\", \"email\": \"support@amocrm.com\" }\n\"dp\": { \"webhook_url\": \"https://example.com/webhook\", … }\ni18n/en.json: { \"widget\": { \"name\": \"MyWidget\" } }",
        good: "\"support\": { \"link\": \"https://order-sync.dev/support\", \"email\": \"support@order-sync.dev\" }\n\"dp\": { \"webhook_url\": \"https://hooks.order-sync.dev/amo/dp\", … }\ni18n/en.json: { \"widget\": { \"name\": \"Order sync\" } }",
        fix: "Write your own support page and address, the production addresses of your \
              endpoints, and the widget's real name in every locale file. A private widget that \
              does not care can switch the rule off (`MAN011 = \"off\"` in rules.toml).",
        sources: &[
            "K-MANIFEST",
            "A-STRUCT",
            "A-REQ",
            "G-KOMMO-CLI",
            "G-STARTER",
            "decision 18",
        ],
        uncertain: Some(
            "No page says that a placeholder is refused at upload; the marketplace's reviewers \
             reject it, a private widget may not care. Hence a warning on both platforms. The \
             platform's own contact is recognised only as its home page or an address at its \
             domains, so a link to a page about the widget on the platform's site is not \
             reported.",
        ),
    },
    options: &[],
};

/// Domains reserved for examples, and `test.com`, which examples use as one. Subdomains count.
const EXAMPLE_DOMAINS: [&str; 4] = ["example.com", "example.org", "example.net", "test.com"];

/// The platforms' own domains, with the name messages give them.
const PLATFORM_DOMAINS: [(&str, &str); 3] = [
    ("amocrm.ru", "amoCRM"),
    ("amocrm.com", "amoCRM"),
    ("kommo.com", "Kommo"),
];

/// Widget names the scaffolds and the documentation's example widgets ship, compared without
/// case and with runs of spaces as one: amoCRM's example widget and the starter kits
/// (`MyWidget`, `Мой виджет`, `Widget name`, `Название виджета`), Kommo's scaffolder
/// (`Kommo integration`).
const SCAFFOLD_NAMES: [&str; 6] = [
    "mywidget",
    "my widget",
    "мой виджет",
    "widget name",
    "название виджета",
    "kommo integration",
];

impl Rule for PlaceholderValue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        for string in manifest.strings() {
            if let Some(finding) = example_domain(&string).or_else(|| platform_contact(&string)) {
                out.report(finding.at(MANIFEST_FILE, string.node, string.pointer.as_str()));
            }
        }
        scaffold_names(cx, &manifest, out);
    }
}

/// A URL or address on a reserved example domain (syntax is MAN005's and INT004's: only a
/// well-formed value is judged).
fn example_domain(string: &StringAt<'_>) -> Option<Finding> {
    let (domain, what) = match http_host(string.value) {
        Some(host) => (host, "address"),
        None => (email_domain(string.value)?, "e-mail address"),
    };
    let reserved = EXAMPLE_DOMAINS
        .iter()
        .find(|d| domain == **d || domain.ends_with(&format!(".{d}")))
        .map(|d| d.to_string())
        .or_else(|| {
            (domain == "example" || domain.ends_with(".example")).then(|| "example".to_string())
        })?;
    Some(
        Finding::new(
            &META,
            format!(
                "`{}` is `{}`, an {what} on `{reserved}`, a domain for examples: a \
                 placeholder left from the documentation's example manifest or a scaffold, not \
                 an address of the widget's",
                string.field, string.value
            ),
        )
        .help(format!(
            "write the widget's own {} in `{}`",
            if string.pointer.starts_with("/widget/support") {
                "support contact"
            } else {
                "production address"
            },
            string.field
        )),
    )
}

/// `widget.support` pointing at the platform's own site or support address.
fn platform_contact(string: &StringAt<'_>) -> Option<Finding> {
    let platform = |domain: &str| {
        PLATFORM_DOMAINS
            .iter()
            .find(|(d, _)| domain == *d || domain.strip_prefix("www.") == Some(*d))
            .map(|(_, name)| *name)
    };
    let (name, what) = match string.pointer.as_str() {
        "/widget/support/link" => {
            let host = http_host(string.value)?;
            // Only the home page: a page about the widget on the platform's site is the
            // author's choice.
            if http_path(string.value)? != "/" {
                return None;
            }
            (platform(&host)?, "site")
        }
        "/widget/support/email" => (platform(&email_domain(string.value)?)?, "support address"),
        _ => return None,
    };
    Some(
        Finding::new(
            &META,
            format!(
                "`{}` is `{}`, {name}'s own {what}, as in the documentation's example manifest: \
                 users who need help with the widget would reach the platform, not its author",
                string.field, string.value
            ),
        )
        .help(format!(
            "write your own support {} in `{}`",
            if what == "site" { "page" } else { "address" },
            string.field
        )),
    )
}

/// The widget's name in each listed locale file, when it is still a scaffold's default.
fn scaffold_names(cx: &Context<'_>, manifest: &Manifest, out: &mut Sink) {
    let Some(key) = manifest
        .widget_field("name")
        .and_then(|n| n.as_str())
        .filter(|k| is_i18n_key(k))
    else {
        return; // a plain-text name is I18N007's
    };
    for file in listed_files(cx.widget, manifest) {
        let Resolved::Text(node, pointer) = resolve(file.root(), key) else {
            continue; // I18N004
        };
        let Some(name) = node.as_str() else {
            continue;
        };
        let folded = name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if !SCAFFOLD_NAMES.contains(&folded.as_str()) {
            continue;
        }
        out.report(
            Finding::new(
                &META,
                format!(
                    "the widget's name in `{}` is `{name}`, the default of a scaffold or of the \
                     documentation's example widget: the marketplace and the account's settings \
                     show it to users",
                    file.path
                ),
            )
            .at(&file.path, node, pointer)
            .help(format!(
                "write the widget's real name in `{}` (`{key}`)",
                file.path
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{example_domain, platform_contact};
    use amolint_core::json::{Node, ParseOptions, parse};
    use amolint_core::manifest::StringAt;

    fn at<'a>(node: &'a Node, pointer: &str) -> StringAt<'a> {
        StringAt {
            value: node.as_str().unwrap_or_default(),
            node,
            pointer: pointer.to_string(),
            field: pointer.trim_start_matches('/').replace('/', "."),
        }
    }

    fn string(text: &str) -> Node {
        parse(&format!("\"{text}\""), &ParseOptions::default())
            .root
            .expect("json")
    }

    #[test]
    fn example_domains() {
        for placeholder in [
            "https://example.com/webhook",
            "https://www.example.com",
            "http://api.example.org/x",
            "https://example.net",
            "https://test.com",
            "https://shop.example/hook",
            "example@example.com",
            "support@test.com",
        ] {
            let node = string(placeholder);
            assert!(
                example_domain(&at(&node, "/dp/webhook_url")).is_some(),
                "{placeholder}"
            );
        }
        for real in [
            "https://example-shop.com/hook",
            "https://myexample.com",
            "https://contest.com",
            "https://test.company.io",
            "support@examples.dev",
            "example.com/no-scheme",
            "not a url",
        ] {
            let node = string(real);
            assert!(
                example_domain(&at(&node, "/dp/webhook_url")).is_none(),
                "{real}"
            );
        }
    }

    #[test]
    fn platform_contacts() {
        for (value, pointer) in [
            ("https://www.amocrm.com", "/widget/support/link"),
            ("https://amocrm.ru/", "/widget/support/link"),
            ("https://kommo.com", "/widget/support/link"),
            ("support@amocrm.com", "/widget/support/email"),
            ("support@kommo.com", "/widget/support/email"),
        ] {
            let node = string(value);
            assert!(platform_contact(&at(&node, pointer)).is_some(), "{value}");
        }
        for (value, pointer) in [
            // A page about the widget on the platform's site, another field, other hosts.
            (
                "https://www.amocrm.ru/widgets/order-sync",
                "/widget/support/link",
            ),
            ("https://www.amocrm.com", "/dp/webhook_url"),
            ("https://amocrm.company.io", "/widget/support/link"),
            ("https://order-sync.dev", "/widget/support/link"),
            ("help@order-sync.dev", "/widget/support/email"),
        ] {
            let node = string(value);
            assert!(platform_contact(&at(&node, pointer)).is_none(), "{value}");
        }
    }
}
