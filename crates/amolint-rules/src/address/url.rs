//! Strict syntactic checks for the addresses a manifest carries: absolute http(s) URLs
//! (`widget.support.link`, `dp.webhook_url`, `sms.endpoint`, `mobile.frame_url`) and e-mail
//! addresses (`widget.support.email`), and the parts of a valid one that rules judge (its host,
//! its path, an address's domain).
//!
//! Syntax only: it must not resolve names, open connections or judge a scheme's security or a
//! host (plain `http://` is for the rules to judge, decision 6 in `docs/decisions.md`; a
//! development host, decision 15). The checks are hand-written rather than built on the `url`
//! crate because that crate follows the WHATWG parser, which repairs what a browser would repair
//! (`https:example.com`, `https:/x.com`, backslashes, spaces in the host) where the platform's
//! server-side validation and a copy-paste into a browser bar may not; a linter must flag such
//! values instead of silently fixing them.

/// True when `s` is an absolute `http://` or `https://` URL: scheme (any case), a non-empty host
/// that contains a dot or is `localhost` (or a bracketed IPv6 literal), an optional port of at
/// most five digits up to 65535, then any path, query and fragment. No whitespace or control
/// character anywhere, no backslash.
pub fn is_absolute_http_url(s: &str) -> bool {
    if s.chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return false;
    }
    let Some(rest) =
        strip_prefix_ignore_case(s, "https://").or_else(|| strip_prefix_ignore_case(s, "http://"))
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // Credentials in the authority are legal (`https://user:pw@host/hook`); only the host counts.
    let host_port = match authority.rsplit_once('@') {
        Some((userinfo, host_port)) if !userinfo.is_empty() => host_port,
        Some(_) => return false,
        None => authority,
    };
    let (host, port) = split_port(host_port);
    if let Some(port) = port
        && !is_port(port)
    {
        return false;
    }
    if let Some(literal) = host.strip_prefix('[') {
        return literal.strip_suffix(']').is_some_and(|ip| {
            ip.contains(':')
                && ip
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        });
    }
    host.eq_ignore_ascii_case("localhost") || (host.contains('.') && is_domain(host))
}

/// True when `s` is a plain e-mail address: exactly one `@`, a non-empty local part of the
/// characters RFC 5322 allows unquoted (letters of any script included, dots not leading,
/// trailing or doubled), and a domain of at least two non-empty labels. No whitespace.
/// `mailto:` prefixes and display names (`Support <a@b.c>`) are not addresses.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    if domain.contains('@') || local.is_empty() || !domain.contains('.') {
        return false;
    }
    let local_ok = !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || "!#$%&'*+-/=?^_`{|}~".contains(c));
    local_ok && is_domain(domain)
}

/// The host of an absolute http(s) URL ([`is_absolute_http_url`]), lower-case, without user
/// info, port or a trailing dot (`[::1]` keeps its brackets), as the rules that judge hosts
/// take it. `None` for anything that is not such a URL.
pub fn http_host(s: &str) -> Option<String> {
    if !is_absolute_http_url(s) {
        return None;
    }
    let rest = s.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, _) = split_port(host_port);
    Some(host.trim_end_matches('.').to_lowercase())
}

/// The domain of an e-mail address ([`is_email`]), lower-case; `None` for anything else.
pub fn email_domain(s: &str) -> Option<String> {
    if !is_email(s) {
        return None;
    }
    s.rsplit_once('@').map(|(_, domain)| domain.to_lowercase())
}

/// The path of an absolute http(s) URL (`/` when it has none), without query or fragment;
/// `None` for anything that is not such a URL.
pub fn http_path(s: &str) -> Option<&str> {
    if !is_absolute_http_url(s) {
        return None;
    }
    let rest = s.split_once("://")?.1;
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    Some(rest.find('/').map_or("/", |at| &rest[at..]))
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// `host:port` → (`host`, Some(`port`)); an IPv6 literal keeps its colons.
fn split_port(host_port: &str) -> (&str, Option<&str>) {
    if host_port.starts_with('[') {
        return match host_port.rsplit_once("]:") {
            Some((host, port)) => (host_port.get(..=host.len()).unwrap_or(host), Some(port)),
            None => (host_port, None),
        };
    }
    match host_port.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (host_port, None),
    }
}

fn is_port(port: &str) -> bool {
    !port.is_empty()
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|p| p <= 65535)
}

/// Dot-separated labels, none empty, of letters (any script, for IDNs such as `пример.рф`),
/// digits, `-` and `_`.
fn is_domain(host: &str) -> bool {
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
}

#[cfg(test)]
mod tests {
    use super::{email_domain, http_host, http_path, is_absolute_http_url, is_email};

    #[test]
    fn hosts() {
        assert_eq!(
            http_host("HTTPS://User:pw@Hooks.Example.COM:8443/x?y#z").as_deref(),
            Some("hooks.example.com")
        );
        assert_eq!(
            http_host("http://localhost:3001/api").as_deref(),
            Some("localhost")
        );
        assert_eq!(http_host("https://[::1]:8443/x").as_deref(), Some("[::1]"));
        assert_eq!(http_host("example.com/hook"), None);
        assert_eq!(http_host("ftp://example.com"), None);
        assert_eq!(http_path("https://www.amocrm.com"), Some("/"));
        assert_eq!(http_path("https://a.io/help/?x=1#y"), Some("/help/"));
        assert_eq!(http_path("https://a.io?x=/y"), Some("/"));
        assert_eq!(
            email_domain("Support@Example.ORG").as_deref(),
            Some("example.org")
        );
        assert_eq!(email_domain("not an address"), None);
    }

    #[test]
    fn absolute_http_urls() {
        for ok in [
            "https://example.com",
            "https://example.com/",
            "HTTPS://Example.com/support?x=1#top",
            "http://localhost:8080/hook",
            "https://sub.domain.example.co.uk/a/b",
            "https://пример.рф/поддержка",
            "https://user:pw@hooks.example.com/x",
            "http://127.0.0.1/x",
            "https://[::1]:8443/x",
            "https://example.com:65535",
        ] {
            assert!(is_absolute_http_url(ok), "{ok}");
        }
        for bad in [
            "",
            "example.com",
            "www.example.com",
            "//example.com",
            "ftp://example.com",
            "https:example.com",
            "https:/example.com",
            "https://",
            "https:///path",
            "https://example",
            "https://exa mple.com",
            " https://example.com",
            "https://example.com/a b",
            "https://example..com",
            "https://.example.com",
            "https://example.com:",
            "https://example.com:99999",
            "https://example.com:80a",
            "https://@example.com",
            "https:\\\\example.com",
            "mailto:support@example.com",
            "https://[::1",
        ] {
            assert!(!is_absolute_http_url(bad), "{bad}");
        }
    }

    #[test]
    fn email_addresses() {
        for ok in [
            "support@example.com",
            "first.last+tag@mail.example.co.uk",
            "поддержка@пример.рф",
            "a@b.io",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "support",
            "@example.com",
            "support@",
            "support@example",
            "support@@example.com",
            "a@b@example.com",
            "mailto:support@example.com",
            "Support <support@example.com>",
            "sup port@example.com",
            "support@exa mple.com",
            ".support@example.com",
            "sup..port@example.com",
            "support@example..com",
            "https://example.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
