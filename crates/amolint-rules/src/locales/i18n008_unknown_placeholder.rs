//! I18N008 unknown-placeholder: a `#TAG#` in the widget description that the platform does not
//! replace.

use super::support::{Resolved, is_i18n_key, listed_files, resolve};
use amolint_core::format::DESCRIPTION_PLACEHOLDERS;
use amolint_core::json::Node;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Info;
use amolint_core::suggest::nearest;
use amolint_core::text::Span;

pub struct UnknownPlaceholder;

pub static META: RuleMeta = RuleMeta {
    code: "I18N008",
    name: "unknown-placeholder",
    pack: "locales",
    amocrm: Some(Info),
    kommo: Some(Info),
    summary: "a `#TAG#` in a description that the platform does not replace",
    docs: RuleDocs {
        what: "Looks for `#TAG#` short tags in the widget description (its translation in each \
               listed locale file, or the manifest value when it is plain text) and reports tags \
               other than `#HOST# #SUBDOMAIN# #LOGIN# #API_HASH# #ACCOUNT_ID# #USER_ID# \
               #TOP_LEVEL_DOMAIN#`.",
        why: "The platform replaces the documented tags with the account's values when it shows \
              the description; any other tag is shown literally, `#SUBDOMIAN#` and all.",
        bad: "\"description\": \"Webhook: https://#SUBDOMIAN#.example.com\"",
        good: "\"description\": \"Webhook: https://#SUBDOMAIN#.example.com\"",
        fix: "Correct the tag's spelling, or write the text without a tag.",
        sources: &["K-MANIFEST", "K-FIELDS"],
        uncertain: Some(
            "Kommo's manifest page lists six tags; `#API_HASH#` appears only in the field-types \
             example. amolint accepts all seven and reports others at info level, since text \
             between two `#` may be intended.",
        ),
    },
    options: &[],
};

impl Rule for UnknownPlaceholder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let Some(description) = manifest.widget_field("description") else {
            return;
        };
        let Some(value) = description.as_str() else {
            return;
        };
        if !is_i18n_key(value) {
            report(
                out,
                MANIFEST_FILE,
                &manifest.file().text.text,
                description,
                "/widget/description",
                "`widget.description`",
            );
            return;
        }
        for file in listed_files(cx.widget, &manifest) {
            if let Resolved::Text(node, pointer) = resolve(file.root(), value) {
                let place = format!("`{value}` of `{}`", file.path);
                report(out, &file.path, file.text(), node, &pointer, &place);
            }
        }
    }
}

/// Reports every unknown tag inside the string `node` of `text`, each at its own span; `place`
/// names the string in messages. The raw
/// source is scanned rather than the decoded string, so spans are exact; a tag is letters,
/// digits and `_`, which JSON writes without escapes.
fn report(out: &mut Sink, file: &str, text: &str, node: &Node, pointer: &str, place: &str) {
    let Some(raw) = text.get(node.span.start..node.span.end) else {
        return;
    };
    for (offset, tag) in tags(raw) {
        if DESCRIPTION_PLACEHOLDERS.contains(&tag) {
            continue;
        }
        let help = match nearest(tag, DESCRIPTION_PLACEHOLDERS) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "the platform replaces only {}; any other tag is shown as written",
                DESCRIPTION_PLACEHOLDERS.join(" ")
            ),
        };
        let start = node.span.start + offset;
        out.report(
            Finding::new(
                &META,
                format!("`{tag}` in {place} is not a tag the platform replaces"),
            )
            .file(file)
            .span(Span::new(start, start + tag.len()))
            .pointer(pointer)
            .help(help),
        );
    }
}

/// The `#TAG#`s in `raw` (a tag starts with a letter, then letters, digits or `_`), with their
/// byte offsets.
fn tags(raw: &str) -> Vec<(usize, &str)> {
    let bytes = raw.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i) == Some(&b'#') && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            let mut j = i + 1;
            while bytes
                .get(j)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
            {
                j += 1;
            }
            if bytes.get(j) == Some(&b'#') {
                if let Some(tag) = raw.get(i..=j) {
                    found.push((i, tag));
                }
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::tags;

    #[test]
    fn finds_tags() {
        assert_eq!(
            tags("\"https://#SUBDOMAIN#.x/#API_HASH# #1# C# #a#b#\""),
            vec![(9, "#SUBDOMAIN#"), (23, "#API_HASH#"), (41, "#a#")]
        );
        assert!(tags("\"color: #fff; ##\"").is_empty());
    }
}
