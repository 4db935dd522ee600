//! SEC001 secret-in-widget: credentials shipped inside the widget.

use amolint_core::format::is_text_file;
use amolint_core::json::{Node, Value, pointer_push};
use amolint_core::manifest::MANIFEST_FILE;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;
use amolint_core::source::EntryKind;
use amolint_core::text::Span;
use amolint_core::widget::Encoding;
use regex::Regex;
use std::sync::LazyLock;

pub struct SecretInWidget;

pub static META: RuleMeta = RuleMeta {
    code: "SEC001",
    name: "secret-in-widget",
    pack: "security",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "credentials shipped inside the widget",
    docs: RuleDocs {
        what: "Looks for credentials in the widget's files: environment files (`.env`, \
               `.env.production`, `prod.env`, …), private keys (`-----BEGIN … PRIVATE \
               KEY-----` followed by key data), well-known token formats (GitHub `ghp_…`/\
               `github_pat_…`, AWS `AKIA…`, Slack `xox…-`, JSON Web Tokens `eyJ….eyJ….…`, Stripe \
               `sk_live_…`, npm `npm_…`) in any text file, and keys named like `client_secret`, \
               `api_key`, `token` or `password` whose value in manifest.json or an i18n file is a \
               literal credential (long, no spaces, letters and digits).",
        why: "The widget archive is not private: the CRM serves its files to the browser of \
              every user of every account that installs it. A token in script.js or the \
              manifest is readable by all of them, and an amoCRM/Kommo long-lived token (a JWT) \
              gives full API access to the account it belongs to.",
        bad: "script.js: var token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiIx….Xk3…';\nmanifest.json: \"dp\": { \"api_key\": \"9f8e7d6c5b4a39281706f5e4d3c2b1a0\" }",
        good: "script.js: read the token from the widget's settings (a `pass` field) or keep it \
               on your server and call your server from the widget.",
        fix: "Remove the credential from the archive, revoke it (it has been published), and \
              keep secrets on your server or let each account enter its own in the widget's \
              settings. Settings fields named `api_key` in manifest.json are field definitions \
              and fine; `widget.secret_key` is MAN006's.",
        sources: &["A-UPLOAD", "K-PRIVATE", "A-FIELDS"],
        uncertain: Some(
            "Detection is by pattern: a token-shaped test value is reported, and a credential in \
             an unusual format is not.",
        ),
    },
    options: &[],
};

/// Token formats whose prefix makes them unambiguous, by regex group, with how a finding
/// names them.
const TOKEN_KINDS: [(&str, &str); 7] = [
    ("github", "a GitHub token"),
    ("aws", "an AWS access key ID"),
    ("slack", "a Slack token"),
    (
        "jwt",
        "a JSON Web Token (amoCRM and Kommo access tokens are JWTs)",
    ),
    ("stripe", "a Stripe live secret key"),
    ("npm", "an npm access token"),
    ("key", "a private key"),
];

static TOKENS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<github>\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{50,})\b)",
        r"|(?P<aws>\b(?:AKIA|ASIA)[0-9A-Z]{16}\b)",
        r"|(?P<slack>\bxox[abpr]-[0-9A-Za-z-]{10,})",
        r"|(?P<jwt>\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,})",
        r"|(?P<stripe>\b[sr]k_live_[0-9A-Za-z]{20,}\b)",
        r"|(?P<npm>\bnpm_[A-Za-z0-9]{36}\b)",
        r"|(?P<key>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)",
    ))
    .ok()
});

/// Words that make a JSON or .env key name a credential's.
const SECRET_WORDS: [&str; 9] = [
    "secret",
    "apikey",
    "token",
    "password",
    "passwd",
    "accesskey",
    "privatekey",
    "authkey",
    "credential",
];

/// Suffixes of environment-file templates, which hold names rather than values.
const ENV_TEMPLATE_SUFFIXES: [&str; 6] = [
    ".example",
    ".sample",
    ".template",
    ".dist",
    ".defaults",
    ".tpl",
];

/// Extensions of text files worth scanning beyond the widget's own text types.
const EXTRA_TEXT_EXTENSIONS: [&str; 20] = [
    "pem",
    "key",
    "yml",
    "yaml",
    "ini",
    "conf",
    "cfg",
    "config",
    "xml",
    "php",
    "py",
    "sh",
    "md",
    "toml",
    "properties",
    "ts",
    "tsx",
    "jsx",
    "mjs",
    "map",
];

/// At most this many token findings per file.
const MAX_PER_FILE: usize = 20;

impl Rule for SecretInWidget {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        for entry in cx.widget.files() {
            if entry.kind != EntryKind::File {
                continue;
            }
            let path = entry.path.as_str();
            let name = path.rsplit('/').next().unwrap_or(path);
            let env_template = match env_file(name) {
                Some(false) => {
                    out.report(
                        Finding::new(
                            &META,
                            format!(
                                "`{path}` is an environment file shipped in the widget; such \
                                 files hold credentials, and everyone who installs the widget \
                                 can read the archive"
                            ),
                        )
                        .file(path)
                        .help(
                            "remove it from the archive (exclude it when packing) and revoke \
                             the credentials it held",
                        ),
                    );
                    continue;
                }
                Some(true) => true,
                None => false,
            };
            if !env_template && !scannable(path, name) {
                continue;
            }
            let Ok(text) = cx.widget.text(path) else {
                continue;
            };
            if matches!(text.encoding, Encoding::Utf16 { .. }) {
                continue;
            }
            let mut spans = scan_tokens(path, &text.text, out);
            if env_template {
                scan_env_template(path, &text.text, out);
            } else if path == MANIFEST_FILE
                || (path.starts_with("i18n/") && path.ends_with(".json"))
            {
                scan_json(cx, path, &mut spans, out);
            }
        }
    }
}

/// `Some(false)` for an environment file, `Some(true)` for an environment-file template,
/// `None` otherwise. ARC007 and `amolint pack` ([`crate::unshipped`]) classify by it too.
pub(crate) fn env_file(name: &str) -> Option<bool> {
    let lower = name.to_ascii_lowercase();
    let is_env = lower == ".env" || lower.starts_with(".env.") || lower.ends_with(".env");
    is_env.then(|| ENV_TEMPLATE_SUFFIXES.iter().any(|s| lower.ends_with(s)))
}

/// Whether the file at `path` could be a key file to leave out of the archive
/// ([`crate::unshipped`]) rather than a file of the widget that holds a key: one this rule scans
/// that is none of the widget's own text types (`.js`, `.json`, `.html`, …), which must be fixed
/// by hand, not dropped.
pub(crate) fn may_be_key_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    scannable(path, name) && !is_text_file(path)
}

fn scannable(path: &str, name: &str) -> bool {
    if is_text_file(path) || name.starts_with('.') {
        return true;
    }
    match name.rsplit_once('.') {
        Some((_, ext)) => EXTRA_TEXT_EXTENSIONS
            .iter()
            .any(|e| e.eq_ignore_ascii_case(ext)),
        None => true,
    }
}

/// Reports well-known token formats in `text`; returns the spans reported.
fn scan_tokens(path: &str, text: &str, out: &mut Sink) -> Vec<Span> {
    let mut spans = Vec::new();
    let Some(tokens) = TOKENS.as_ref() else {
        return spans;
    };
    for caps in tokens.captures_iter(text) {
        if spans.len() >= MAX_PER_FILE {
            break;
        }
        let Some((group, label)) = TOKEN_KINDS
            .iter()
            .find(|(group, _)| caps.name(group).is_some())
        else {
            continue;
        };
        let Some(found) = caps.name(group) else {
            continue;
        };
        if *group == "key" && !private_key_at(text, found.end()) {
            continue; // a PEM parser's marker string, not a key
        }
        let span = Span::new(found.start(), found.end());
        let shown = if *group == "key" {
            found.as_str().to_string()
        } else {
            abbreviate(found.as_str())
        };
        out.report(
            Finding::new(
                &META,
                format!("`{path}` contains what looks like {label}: `{shown}`"),
            )
            .file(path)
            .span(span)
            .help(
                "remove it from the widget and revoke it: everyone who installs the widget can \
                 read its files",
            ),
        );
        spans.push(span);
    }
    spans
}

/// Whether `text` holds a private key as this rule reports one: a `BEGIN … PRIVATE KEY` line
/// followed by key data. `amolint pack` ([`crate::unshipped`]) leaves key files out by it.
pub(crate) fn holds_private_key(text: &str) -> bool {
    let Some(tokens) = TOKENS.as_ref() else {
        return false;
    };
    tokens.captures_iter(text).any(|caps| {
        caps.name("key")
            .is_some_and(|found| private_key_at(text, found.end()))
    })
}

/// Whether the `BEGIN … PRIVATE KEY` marker ending at `end` starts a real key.
fn private_key_at(text: &str, end: usize) -> bool {
    key_data_follows(text.get(end..).unwrap_or(""))
}

/// True when base64 key data (or an encrypted key's header) follows a `BEGIN … PRIVATE KEY`
/// line, allowing for the quotes, `\n` escapes and `+` of a key written in a JS string.
fn key_data_follows(rest: &str) -> bool {
    let mut rest = rest;
    for _ in 0..40 {
        if let Some(r) = rest
            .strip_prefix("\\n")
            .or_else(|| rest.strip_prefix("\\r"))
        {
            rest = r;
        } else if let Some(r) =
            rest.strip_prefix(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '+' | '`'))
        {
            rest = r;
        } else {
            break;
        }
    }
    rest.starts_with("Proc-Type:")
        || rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
            .count()
            >= 40
}

fn abbreviate(token: &str) -> String {
    let head: String = token.chars().take(10).collect();
    format!("{head}…")
}

/// A key name that says its value is a credential.
fn secret_key_name(key: &str) -> bool {
    let kept = |c: &char| !matches!(c, '_' | '-' | '.' | ' ');
    // Most keys are short ASCII words: folded on the stack, as the general case below would
    // fold them (ASCII lowercases to ASCII), without allocating for every key of every file.
    const SHORT: usize = 64;
    if key.is_ascii() && key.len() <= SHORT {
        let mut folded = [0u8; SHORT];
        let mut len = 0;
        for b in key.bytes().filter(|b| kept(&char::from(*b))) {
            folded[len] = b.to_ascii_lowercase();
            len += 1;
        }
        let folded = &folded[..len];
        return SECRET_WORDS
            .iter()
            .any(|w| folded.windows(w.len()).any(|at| at == w.as_bytes()));
    }
    let folded: String = key
        .chars()
        .filter(kept)
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_WORDS.iter().any(|w| folded.contains(w))
}

/// A value that looks like a real credential rather than a label, a placeholder or an i18n
/// key: 16+ characters of a token alphabet without spaces, with letters and digits.
fn credential_value(value: &str) -> bool {
    let len = value.chars().count();
    if !(16..=4096).contains(&len) || value.contains("://") {
        return false;
    }
    let alphabet = value.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(b, b'_' | b'-' | b'.' | b'+' | b'/' | b'=' | b':' | b'~')
    });
    let letters = value.bytes().any(|b| b.is_ascii_alphabetic());
    let digits = value.bytes().filter(u8::is_ascii_digit).count();
    // `settings.api_key_2` is an i18n key path, not a credential.
    let key_path = value.contains('.')
        && value.split('.').all(|part| {
            part.bytes()
                .next()
                .is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        });
    alphabet && letters && digits >= 2 && !key_path
}

fn scan_json(cx: &Context<'_>, path: &str, reported: &mut Vec<Span>, out: &mut Sink) {
    let Ok(file) = cx.widget.json(path) else {
        return;
    };
    let Some(root) = file.root() else {
        return;
    };
    let mut found = Vec::new();
    collect_secrets(root, "", &mut found);
    for (pointer, node, value) in found {
        // `widget.secret_key` is MAN006's (legacy-code-secret).
        if path == MANIFEST_FILE && pointer == "/widget/secret_key" {
            continue;
        }
        if reported
            .iter()
            .any(|s| s.start < node.span.end && node.span.start < s.end)
        {
            continue;
        }
        reported.push(node.span);
        let dotted = pointer.trim_start_matches('/').replace('/', ".");
        out.report(
            Finding::new(
                &META,
                format!(
                    "`{dotted}` in `{path}` holds what looks like a literal credential: `{}`",
                    abbreviate(value)
                ),
            )
            .at(path, node, pointer)
            .help(
                "remove the credential from the widget and revoke it; let each account enter its \
                 own in the widget's settings (a `pass` field) or keep it on your server",
            ),
        );
    }
}

/// Members whose key names a credential and whose string value looks like one.
fn collect_secrets<'n>(node: &'n Node, pointer: &str, out: &mut Vec<(String, &'n Node, &'n str)>) {
    match &node.value {
        // A member's pointer is built only for what is reported or walked into: this runs
        // over every member of every JSON file.
        Value::Object(members) => {
            for member in members {
                if let Some(value) = member.value.as_str() {
                    if secret_key_name(&member.key) && credential_value(value) {
                        out.push((pointer_push(pointer, &member.key), &member.value, value));
                    }
                } else if is_container(&member.value) {
                    collect_secrets(&member.value, &pointer_push(pointer, &member.key), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if is_container(item) {
                    collect_secrets(item, &pointer_push(pointer, &i.to_string()), out);
                }
            }
        }
        _ => {}
    }
}

/// An object or an array: what [`collect_secrets`] finds anything in.
fn is_container(node: &Node) -> bool {
    matches!(node.value, Value::Object(_) | Value::Array(_))
}

/// `KEY=value` lines of an environment-file template whose value is a real credential.
fn scan_env_template(path: &str, text: &str, out: &mut Sink) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.starts_with('#') {
            continue;
        }
        let assignment = trimmed.strip_prefix("export ").unwrap_or(trimmed);
        let Some((key, value)) = assignment.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        if !secret_key_name(key.trim()) || !credential_value(value) {
            continue;
        }
        let Some(at) = line.find(value) else {
            continue;
        };
        out.report(
            Finding::new(
                &META,
                format!(
                    "`{path}` gives `{}` what looks like a real credential: `{}`",
                    key.trim(),
                    abbreviate(value)
                ),
            )
            .file(path)
            .span(Span::new(start + at, start + at + value.len()))
            .help(
                "templates of environment files should hold placeholders; remove the value and \
                 revoke the credential",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_formats() {
        let tokens = TOKENS.as_ref().expect("the token regex compiles");
        for token in [
            "ghp_0123456789abcdefABCDEF0123456789abcd",
            "AKIAIOSFODNN7EXAMPLE",
            "xoxb-123456789012-abcdefghij",
            "sk_live_0123456789abcdefABCDEFgh",
            "npm_0123456789abcdefABCDEF0123456789abcd",
        ] {
            assert!(tokens.is_match(token), "{token}");
        }
        for text in [
            "ghp_short",
            "AKIA-not-a-key",
            "eyJhbGciOi only one part",
            "xoxo-hugs",
        ] {
            assert!(!tokens.is_match(text), "{text}");
        }
    }

    #[test]
    fn credential_values() {
        assert!(credential_value("9f8e7d6c5b4a39281706f5e4d3c2b1a0"));
        assert!(credential_value("sk-proj-AbCdEf0123456789xyz"));
        for label in [
            "API key",
            "Shop API key",
            "settings.api_key",
            "settings.api_key_2",
            "Password",
            "------your-secret-key------",
            "https://example.com/token/1234567890",
            "short12",
        ] {
            assert!(!credential_value(label), "{label}");
        }
    }

    #[test]
    fn secret_key_names() {
        for key in [
            "api_key",
            "client_secret",
            "apiKey",
            "access_token",
            "PASSWORD",
            "x-auth-key",
        ] {
            assert!(secret_key_name(key), "{key}");
        }
        // Past the short ASCII path: a long key, and a KELVIN SIGN that lowercases to `k`.
        assert!(secret_key_name(&format!("{}_token", "x".repeat(70))));
        assert!(secret_key_name("api\u{212A}ey"));
        assert!(!secret_key_name(&"x".repeat(70)));
        for key in ["name", "login", "description", "key", "code"] {
            assert!(!secret_key_name(key), "{key}");
        }
    }

    #[test]
    fn env_files() {
        assert_eq!(env_file(".env"), Some(false));
        assert_eq!(env_file(".env.production"), Some(false));
        assert_eq!(env_file("prod.env"), Some(false));
        assert_eq!(env_file(".env.example"), Some(true));
        assert_eq!(env_file("environment.js"), None);
        assert_eq!(env_file("envelope.png"), None);
    }

    #[test]
    fn private_key_markers_need_key_data() {
        assert!(key_data_follows(
            "\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ"
        ));
        assert!(key_data_follows(
            "\\n\" +\n  \"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ"
        ));
        assert!(!key_data_follows("\", \"-----END RSA PRIVATE KEY-----\"]"));
    }
}
