//! MAN005 support-contact: `widget.support` gives no `link` or `email`, or one that is not a URL
//! or an address.

use super::man_keys;
use crate::address::url::{is_absolute_http_url, is_email};
use amolint_core::Platform;
use amolint_core::json::Node;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{self, Error, Info};

pub struct SupportContact;

pub static META: RuleMeta = RuleMeta {
    code: "MAN005",
    name: "support-contact",
    pack: "manifest",
    amocrm: Some(Error),
    kommo: Some(Info),
    summary: "no `widget.support` link or e-mail, or one that is malformed",
    docs: RuleDocs {
        what: "Checks that `widget.support` gives a way to reach the developer: a `link` (an \
               absolute http(s) URL) or an `email` (an address). A missing contact is an error \
               on amoCRM and a note on Kommo; a link that is not an absolute http(s) URL or an \
               e-mail that is not an address is a warning on both.",
        why: "amoCRM moderation requires the support block since November 2018 (a link, or an \
              e-mail when there is no link) and rejects widgets without it; Kommo documents the \
              block as optional. A relative or malformed link, or a \
              `mailto:` in the e-mail field, gives users a contact that does not work.",
        bad: r#""widget": { …, "support": { "link": "www.order-sync.dev", "email": "mailto:help@order-sync.dev" } }"#,
        good: r#""widget": { …, "support": { "link": "https://www.order-sync.dev/support", "email": "help@order-sync.dev" } }"#,
        fix: "Add `\"support\": { \"link\": \"https://…\", \"email\": \"…\" }` to `widget`, with a \
              full URL (scheme included) and a bare address.",
        sources: &["A-REQ", "A-STRUCT", "K-MANIFEST", "T-COMMUNITY"],
        uncertain: Some(
            "A-REQ says the block with link and email is mandatory for amoCRM moderation; \
             A-STRUCT and T-COMMUNITY accept the e-mail only when there is no link. amolint \
             accepts either one.",
        ),
    },
    options: &[],
};

impl Rule for SupportContact {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        if manifest.widget().is_none() {
            return; // MAN001
        }
        let Some(support) = manifest.widget_field("support") else {
            out.report(
                Finding::new(
                    &META,
                    "`widget` has no `support` block with a `link` or an `email`",
                )
                .file(MANIFEST_FILE)
                .span(man_keys::anchor(manifest.root(), &["widget"]))
                .pointer("/widget")
                .help(format!(
                    "add \"support\": {{ \"link\": \"https://…\", \"email\": \"…\" }} to \
                     `widget` {}",
                    why_support(cx.platform())
                )),
            );
            return;
        };
        if support.as_object().is_none() {
            return; // MAN003
        }
        let link = support.get("link");
        let email = support.get("email");
        let usable = |n: Option<&Node>| {
            n.and_then(Node::as_str)
                .is_some_and(|s| !s.trim().is_empty())
        };
        let wrong_type = |n: Option<&Node>| n.is_some_and(|n| n.as_str().is_none());
        if !usable(link) && !usable(email) {
            // A contact of the wrong type is MAN003's; reporting it missing too would double it.
            if !wrong_type(link) && !wrong_type(email) {
                let what = match (link.is_some(), email.is_some()) {
                    (true, true) => "`widget.support` has an empty `link` and an empty `email`",
                    (true, false) => "`widget.support` has an empty `link` and no `email`",
                    (false, true) => "`widget.support` has an empty `email` and no `link`",
                    (false, false) => "`widget.support` has neither a `link` nor an `email`",
                };
                out.report(
                    Finding::new(&META, what)
                        .at(MANIFEST_FILE, support, "/widget/support")
                        .help(format!(
                            "fill in `link` with the https:// URL of your support page, or \
                             `email` with a support address {}",
                            why_support(cx.platform())
                        )),
                );
            }
            return;
        }
        if let Some(node) = link
            && let Some(value) = node.as_str()
            && !value.trim().is_empty()
            && !is_absolute_http_url(value)
        {
            out.report(
                Finding::new(
                    &META,
                    format!("`widget.support.link` \"{value}\" is not an absolute http(s) URL"),
                )
                .at(MANIFEST_FILE, node, "/widget/support/link")
                .severity(Severity::Warning)
                .help(link_help(value, email.and_then(Node::as_str))),
            );
        }
        if let Some(node) = email
            && let Some(value) = node.as_str()
            && !value.trim().is_empty()
            && !is_email(value)
        {
            out.report(
                Finding::new(
                    &META,
                    format!("`widget.support.email` \"{value}\" is not an e-mail address"),
                )
                .at(MANIFEST_FILE, node, "/widget/support/email")
                .severity(Severity::Warning)
                .help(email_help(value, link.and_then(Node::as_str))),
            );
        }
    }
}

fn why_support(platform: Platform) -> &'static str {
    match platform {
        Platform::Amocrm => {
            "(amoCRM moderation requires a link, or an e-mail when there is no link)"
        }
        Platform::Kommo => "(optional on Kommo; required by amoCRM moderation)",
    }
}

/// `email` is the other contact, when it is a non-blank string.
fn link_help(value: &str, email: Option<&str>) -> String {
    let trimmed = value.trim();
    if trimmed != value && is_absolute_http_url(trimmed) {
        return format!("remove the spaces around the URL: \"{trimmed}\"");
    }
    let joined: String = trimmed.split_whitespace().collect();
    if joined != trimmed && is_absolute_http_url(&joined) {
        return format!("remove the spaces: \"{joined}\"");
    }
    let address = strip_mailto(trimmed).unwrap_or(trimmed);
    if is_email(address) {
        return match email.filter(|e| !e.trim().is_empty()) {
            Some(_) => "`link` takes the address of a web page and `email` already holds an \
                        e-mail: put the support page's https:// URL here, or remove `link`"
                .to_string(),
            None => format!("this is an e-mail address: move \"{address}\" to `email`"),
        };
    }
    if !trimmed.contains("://") {
        let candidate = format!("https://{}", trimmed.trim_start_matches('/'));
        if is_absolute_http_url(&candidate) {
            return format!("add the scheme: \"{candidate}\"");
        }
    }
    "write the full address of the support page, starting with https://".to_string()
}

/// `link` is the other contact, when it is a non-blank string.
fn email_help(value: &str, link: Option<&str>) -> String {
    let trimmed = value.trim();
    if trimmed != value && is_email(trimmed) {
        return format!("remove the spaces around the address: \"{trimmed}\"");
    }
    let joined: String = trimmed.split_whitespace().collect();
    if joined != trimmed && is_email(&joined) {
        return format!("remove the spaces: \"{joined}\"");
    }
    if let Some(address) = strip_mailto(trimmed)
        && is_email(address)
    {
        return format!("write the bare address without `mailto:`: \"{address}\"");
    }
    if is_absolute_http_url(trimmed) {
        return match link.filter(|l| !l.trim().is_empty()) {
            Some(_) => "`email` takes an e-mail address and `link` already holds a URL: write \
                        the support address here, or remove `email`"
                .to_string(),
            None => format!("this is a URL: move \"{trimmed}\" to `link`"),
        };
    }
    if let Some((_, inner)) = trimmed.split_once('<')
        && let Some(address) = inner.strip_suffix('>')
        && is_email(address)
    {
        return format!("write the bare address without a display name: \"{address}\"");
    }
    "write one bare address, such as \"support@order-sync.dev\"".to_string()
}

fn strip_mailto(value: &str) -> Option<&str> {
    value
        .get(..7)
        .filter(|head| head.eq_ignore_ascii_case("mailto:"))
        .and_then(|_| value.get(7..))
}
