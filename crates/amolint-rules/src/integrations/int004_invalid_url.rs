//! INT004 invalid-url: an endpoint in the manifest is not an absolute http(s) URL.

use crate::address::dev_host::dev_host;
use crate::address::url::{http_host, is_absolute_http_url};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::platform::Platform;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{Error, Warning};

pub struct InvalidUrl;

pub static META: RuleMeta = RuleMeta {
    code: "INT004",
    name: "invalid-url",
    pack: "integrations",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "`dp.webhook_url`, `sms.endpoint` or `mobile.frame_url` is not an absolute http(s) URL",
    docs: RuleDocs {
        what: "Checks that `dp.webhook_url`, `sms.endpoint` and `mobile.frame_url` are absolute \
               URLs with an `http` or `https` scheme and a host, and flags plain `http://`: an \
               error for `dp.webhook_url` on amoCRM, a warning on Kommo and for the other two. \
               Plain http to a development host (`http://localhost:3000/hook`) is left to \
               INT011, which reports the host.",
        why: "The platform calls these addresses from its servers (the Digital Pipeline webhook, \
              the SMS gateway, which is checked already at upload) or opens them in the mobile \
              app: a relative path, a bare host or a typo in the scheme can never be reached. \
              amoCRM requires SSL for the Digital Pipeline webhook, and plain http exposes the \
              data and the tokens sent there.",
        bad: "\"dp\": { \"webhook_url\": \"order-sync.dev/amo/hook\", … }",
        good: "\"dp\": { \"webhook_url\": \"https://order-sync.dev/amo/hook\", … }",
        fix: "Write the full address with its scheme, `https://host/path`, and serve it over \
              HTTPS.",
        sources: &["A-STRUCT", "K-MANIFEST", "K-DP", "A-SMS", "decision 6"],
        uncertain: Some(
            "Only amoCRM's structure page asks for SSL on `dp.webhook_url`; no retrieved Kommo page \
             does. Hence plain http is an error there on amoCRM and a warning on Kommo, and a \
             warning for `sms.endpoint` and `mobile.frame_url` (decision 6).",
        ),
    },
    options: &[],
};

const FIELDS: [(&str, &str); 3] = [
    ("dp", "webhook_url"),
    ("sms", "endpoint"),
    ("mobile", "frame_url"),
];

impl Rule for InvalidUrl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        for (block, key) in FIELDS {
            let Some(node) = manifest.get(block).and_then(|b| b.get(key)) else {
                continue;
            };
            let pointer = format!("/{block}/{key}");
            let name = format!("{block}.{key}");
            // MAN003 leaves these fields' types to this rule.
            let Some(value) = node.as_str() else {
                out.report(
                    Finding::new(
                        &META,
                        format!(
                            "`{name}` is {}, expected an absolute http(s) URL as a string",
                            node.describe()
                        ),
                    )
                    .at(MANIFEST_FILE, node, pointer)
                    .help("write the address as a quoted string: \"https://host/path\""),
                );
                continue;
            };
            match classify(value) {
                Ok(Scheme::Https) => {}
                // Plain http to a development host: INT011 reports the host, which is the defect.
                Ok(Scheme::Http) if http_host(value).is_some_and(|h| dev_host(&h).is_some()) => {}
                Ok(Scheme::Http) => {
                    let webhook = block == "dp";
                    let why = if webhook && cx.platform() == Platform::Amocrm {
                        "amoCRM requires SSL (https) for the Digital Pipeline webhook"
                    } else {
                        "the data the platform sends there travels unencrypted"
                    };
                    let finding =
                        Finding::new(&META, format!("`{name}` uses plain `http://`; {why}"))
                            .at(MANIFEST_FILE, node, pointer)
                            .help(format!(
                                "serve the endpoint over HTTPS and write `https://{}`",
                                after_scheme(value)
                            ));
                    // Decision 6: an error only for the amoCRM Digital Pipeline webhook.
                    out.report(if webhook && cx.platform() == Platform::Amocrm {
                        finding
                    } else {
                        finding.severity(Warning)
                    });
                }
                Err(problem) => {
                    let help = if problem == Problem::NoScheme && value.starts_with('/') {
                        format!(
                            "write the full address with scheme and host: `https://your-host{value}`"
                        )
                    } else if problem == Problem::NoScheme
                        && value
                            .split('/')
                            .next()
                            .is_some_and(|host| host.contains('.'))
                    {
                        format!("write the full address with its scheme: `https://{value}`")
                    } else {
                        "write the full address: `https://host/path`".to_string()
                    };
                    out.report(
                        Finding::new(
                            &META,
                            format!(
                                "`{name}` is `{value}`, not an absolute http(s) URL: it {}",
                                problem.describe()
                            ),
                        )
                        .at(MANIFEST_FILE, node, pointer)
                        .help(help),
                    );
                }
            }
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Scheme {
    Http,
    Https,
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Problem {
    Empty,
    Whitespace,
    NoScheme,
    OtherScheme,
    NoHost,
    NoDomain,
    BadHost,
    BadPort,
}

impl Problem {
    fn describe(self) -> &'static str {
        match self {
            Problem::Empty => "is empty",
            Problem::Whitespace => "contains spaces, backslashes or control characters",
            Problem::NoScheme => "has no `https://` (or `http://`) scheme",
            Problem::OtherScheme => "has a scheme other than `https://` or `http://`",
            Problem::NoHost => "has no host name",
            Problem::NoDomain => "has a host name without a domain (no dot)",
            Problem::BadHost => "has an invalid host name",
            Problem::BadPort => "has an invalid port",
        }
    }
}

/// Which scheme a valid URL has; for an invalid one, the first reason found. Validity is
/// [`is_absolute_http_url`]'s alone, so that every rule agrees on what a URL is; the reasons
/// only word the message.
fn classify(value: &str) -> Result<Scheme, Problem> {
    if is_absolute_http_url(value) {
        return Ok(
            if value
                .get(..8)
                .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
            {
                Scheme::Https
            } else {
                Scheme::Http
            },
        );
    }
    Err(explain(value))
}

/// Why `value` is not an absolute http(s) URL, as precisely as a quick look can say.
fn explain(value: &str) -> Problem {
    if value.trim().is_empty() {
        return Problem::Empty;
    }
    if value
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return Problem::Whitespace;
    }
    let Some((scheme, rest)) = value.split_once("://") else {
        return Problem::NoScheme;
    };
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return if scheme.is_empty() {
            Problem::NoScheme
        } else {
            Problem::OtherScheme
        };
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.is_empty() {
        return Problem::NoHost;
    }
    if host_port.starts_with('[') {
        return Problem::BadHost;
    }
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (host_port, None),
    };
    if port.is_some_and(|p| p.is_empty() || p.parse::<u16>().is_err()) {
        return Problem::BadPort;
    }
    if host.is_empty() {
        Problem::NoHost
    } else if !host.contains('.') {
        Problem::NoDomain
    } else {
        Problem::BadHost
    }
}

fn after_scheme(value: &str) -> &str {
    value.split_once("://").map_or(value, |(_, rest)| rest)
}

#[cfg(test)]
mod tests {
    use super::{Problem, Scheme, classify};

    #[test]
    fn tells_the_scheme_of_valid_urls() {
        assert_eq!(
            classify("https://order-sync.dev/hook?a=1"),
            Ok(Scheme::Https)
        );
        assert_eq!(classify("HTTPS://order-sync.dev"), Ok(Scheme::Https));
        assert_eq!(classify("http://10.0.0.1:8080/x"), Ok(Scheme::Http));
        assert_eq!(classify("https://[::1]:443/"), Ok(Scheme::Https));
    }

    #[test]
    fn explains_invalid_urls() {
        assert_eq!(classify(""), Err(Problem::Empty));
        assert_eq!(classify("order-sync.dev/hook"), Err(Problem::NoScheme));
        assert_eq!(classify("/api/hook"), Err(Problem::NoScheme));
        assert_eq!(classify("https:order-sync.dev"), Err(Problem::NoScheme));
        assert_eq!(classify("ftp://order-sync.dev"), Err(Problem::OtherScheme));
        assert_eq!(classify("https:///path"), Err(Problem::NoHost));
        assert_eq!(classify("https://exa mple.com"), Err(Problem::Whitespace));
        assert_eq!(classify("https://example..com"), Err(Problem::BadHost));
        assert_eq!(
            classify("https://order-sync.dev:99999"),
            Err(Problem::BadPort)
        );
        assert_eq!(classify("https://myserver/hook"), Err(Problem::NoDomain));
    }
}
