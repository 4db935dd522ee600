//! The URL scanner: finds the URLs (`http`, `https`, `ws`, `wss`, and protocol-relative
//! `//host/…` at the start) in the text of one string or template literal, each with its scheme,
//! its lower-case host and whether the markup around it is a `<script src>`; and the
//! `templates/*.twig` path a literal may name. The extractor calls it on every literal and
//! records where each URL is written and how the script loads it.
//!
//! It only finds: it must not decide whether an address is a development one, insecure or
//! otherwise wrong (the rules classify hosts), and it never resolves or contacts anything. What
//! it returns is capped ([`MAX_URLS`], [`MAX_URLS_PER_LITERAL`], [`MAX_URL_BYTES`]) so that a
//! hostile bundle cannot make it unbounded.

/// At most this many URL literals are kept (a hostile bundle could hold millions).
pub(super) const MAX_URLS: usize = 10_000;

/// A URL in a literal's text; the extractor locates it in the file and adds how it is loaded.
pub(super) struct FoundUrl {
    pub(super) url: String,
    pub(super) scheme: String,
    pub(super) host: String,
    pub(super) in_script_tag: bool,
}

/// A URL ends at whitespace, a quote, angle bracket, parenthesis or backslash.
fn ends_url(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'`' | b'<' | b'>' | b'(' | b')' | b'\\')
}

const MAX_URL_BYTES: usize = 300;
/// At most this many URLs are taken from one literal.
const MAX_URLS_PER_LITERAL: usize = 1000;
/// How far before a URL `<script … src=` is looked for.
const SCRIPT_TAG_WINDOW: usize = 200;

pub(super) fn find_urls(value: &str) -> Vec<FoundUrl> {
    let bytes = value.as_bytes();
    let mut found = Vec::new();
    let trimmed = value.trim_start();
    let lead = value.len() - trimmed.len();
    if trimmed.starts_with("//")
        && trimmed
            .as_bytes()
            .get(2)
            .is_some_and(|b| b.is_ascii_alphanumeric())
        && let Some(url) = url_at(value, lead, lead + 2, "")
    {
        found.push(url);
    }
    let mut from = 0;
    while found.len() < MAX_URLS_PER_LITERAL
        && let Some(at) = value.get(from..).and_then(|rest| rest.find("://"))
    {
        let sep = from + at;
        from = sep + 3;
        let mut start = sep;
        while start > 0 && sep - start < 5 && bytes[start - 1].is_ascii_alphabetic() {
            start -= 1;
        }
        if start > 0
            && (bytes[start - 1].is_ascii_alphanumeric()
                || matches!(bytes[start - 1], b'+' | b'.' | b'-'))
        {
            continue;
        }
        let scheme = value[start..sep].to_ascii_lowercase();
        if !matches!(scheme.as_str(), "http" | "https" | "ws" | "wss") {
            continue;
        }
        if let Some(url) = url_at(value, start, sep + 3, &scheme) {
            found.push(url);
        }
    }
    found
}

/// The URL starting at byte `start` whose authority starts at `authority`.
fn url_at(value: &str, start: usize, authority: usize, scheme: &str) -> Option<FoundUrl> {
    let bytes = value.as_bytes();
    let mut end = authority;
    while end < bytes.len() && !ends_url(bytes[end]) && end - start < MAX_URL_BYTES {
        end += 1;
    }
    let end = crate::text::floor_char_boundary(value, end);
    let rest = value.get(authority..end)?;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let mut host = &rest[..authority_end];
    if let Some(at) = host.rfind('@') {
        host = &host[at + 1..];
    }
    let host = if host.starts_with('[') {
        host.find(']').map_or(host, |close| &host[..=close])
    } else {
        host.split([':', '$', '{']).next().unwrap_or("")
    };
    if host.is_empty()
        || !host.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'[' | b']' | b':')
        })
    {
        return None;
    }
    let window = crate::text::floor_char_boundary(value, start.saturating_sub(SCRIPT_TAG_WINDOW));
    let lower_before = value.get(window..start).unwrap_or("").to_ascii_lowercase();
    let in_script_tag = lower_before.rfind("<script").is_some_and(|tag| {
        let tag_text = &lower_before[tag..];
        !tag_text.contains('>') && tag_text.contains("src")
    });
    Some(FoundUrl {
        url: value[start..end].to_string(),
        scheme: scheme.to_string(),
        host: host.to_ascii_lowercase(),
        in_script_tag,
    })
}

/// `templates/x.twig`, `/templates/x.twig` or `./templates/x.twig` as a whole literal, as the
/// root-relative path.
pub(super) fn template_path(value: &str) -> Option<String> {
    let value = value.trim();
    let path = value
        .strip_prefix("./")
        .or_else(|| value.strip_prefix('/'))
        .unwrap_or(value);
    let name = path.strip_prefix("templates/")?.strip_suffix(".twig")?;
    let plausible = !name.is_empty()
        && !name
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/'));
    plausible.then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{LoadKind, analyze};

    #[test]
    fn loader_stub_loads() {
        let stub = "define(function () { var s = document.createElement('script'); s.src = 'https://host.example/real.js?v=' + Date.now(); document.head.appendChild(s); return function () {}; });";
        let facts = analyze(stub);
        assert!(facts.callbacks.object.is_none());
        let load = facts.first_code_load().expect("a load");
        assert_eq!(load.load, Some(LoadKind::ScriptSrc));
        assert_eq!(load.host, "host.example");
        assert_eq!(
            &stub[load.span.start..load.span.end],
            "https://host.example/real.js?v="
        );
    }

    #[test]
    fn urls_and_their_uses() {
        let src = r#"define(['http://cdn.example.com/a.js', 'jquery'], function () {
  var ns = 'http://www.w3.org/2000/svg';
  $.getScript("http://" + "example.org/b.js");
  import(`http://localhost:${port}/c.js`);
  require.config({ paths: { lib: 'http://10.0.0.5/lib' } });
  $.ajax({ url: 'http://api.example.com/x', dataType: 'json' });
  var html = '<script src="http://evil.example/x.js"></script>';
  var u = 'https://user:pw@[::1]:8080/p';
});"#;
        let facts = analyze(src);
        assert!(facts.parsed(), "{:?}", facts.syntax_errors);
        let seen: Vec<(&str, &str, Option<LoadKind>)> = facts
            .urls
            .iter()
            .map(|u| (u.url.as_str(), u.host.as_str(), u.load))
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "http://cdn.example.com/a.js",
                    "cdn.example.com",
                    Some(LoadKind::AmdDependency)
                ),
                ("http://www.w3.org/2000/svg", "www.w3.org", None),
                ("http://localhost:", "localhost", Some(LoadKind::Import)),
                (
                    "http://10.0.0.5/lib",
                    "10.0.0.5",
                    Some(LoadKind::AmdDependency)
                ),
                ("http://api.example.com/x", "api.example.com", None),
                (
                    "http://evil.example/x.js",
                    "evil.example",
                    Some(LoadKind::ScriptSrc)
                ),
                ("https://user:pw@[::1]:8080/p", "[::1]", None),
            ]
        );
        for url in &facts.urls {
            assert_eq!(&src[url.span.start..url.span.end], url.url);
        }
    }

    #[test]
    fn template_names() {
        let facts = analyze(
            "define([], function () { self.render({ href: '/templates/settings.twig', load: f }); self.render({ href: 'templates/' + name + '.twig' }); var t = `./templates/a/b.twig`; });",
        );
        let paths: Vec<&str> = facts.templates.iter().map(|t| t.path.as_str()).collect();
        assert_eq!(paths, ["templates/settings.twig", "templates/a/b.twig"]);
    }

    #[test]
    fn many_urls_in_one_literal_are_capped() {
        let many_urls = format!("var s = '{}';", "http://a.example/x ".repeat(200_000));
        let facts = analyze(&many_urls);
        assert_eq!(facts.urls.len(), MAX_URLS_PER_LITERAL);
    }
}
