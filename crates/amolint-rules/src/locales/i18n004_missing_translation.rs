//! I18N004 missing-translation: an i18n key the manifest references does not resolve to a
//! string in a locale file.

use super::support::{LocaleFile, Resolved, is_i18n_key, listed_files, nested_shape, resolve};
use crate::integrations::{in_orphan_block, orphan_blocks};
use amolint_core::manifest::{I18nRef, MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::suggest::nearest;
use std::collections::HashSet;

pub struct MissingTranslation;

pub static META: RuleMeta = RuleMeta {
    code: "I18N004",
    name: "missing-translation",
    pack: "locales",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a key the manifest references does not resolve to a string in a locale file",
    docs: RuleDocs {
        what: "Checks that every i18n key the manifest references resolves to a string in every \
               listed locale file: `widget.name`, `description`, `short_description`, \
               `tour.tour_description`, `settings.*.name`, `dp.settings.*.name`, `dp.title`, \
               `advanced.title`, salesbot handler and parameter names, \
               `amoforms_settings.title`/`error_text`, and `left_menu` item and submenu titles. \
               A dotted key is a path: `settings.login` is `{\"settings\": {\"login\": \"…\"}}`. \
               One finding per key and locale, at the manifest value that references the key. \
               Keys that only a block without its area references (INT002) are left to that \
               rule.",
        why: "The platform shows these texts by looking the key up in the locale file of the \
              user's language; a missing key shows the raw key (`settings.login`) or nothing, \
              and a key that leads to an object instead of a text breaks the label. Widgets \
              whose manifest keys are missing from a locale file are reported to fail upload.",
        bad: "manifest: \"name\": \"settings.login\"\ni18n/es.json: {\"settings\": {}}",
        good: "i18n/es.json: {\"settings\": {\"login\": \"Usuario\"}}",
        fix: "Add the key with its translation to the locale file the message names, or correct \
              the key in the manifest.",
        sources: &[
            "K-MANIFEST",
            "K-I18N",
            "A-STRUCT",
            "A-FIELDS",
            "K-FIELDS",
            "T-COMMUNITY",
            "decision 8",
            "decision 10",
        ],
        uncertain: Some(
            "Only a third-party guide says that a missing key makes the upload fail; the \
             official pages say the names are keys into the language files and that the files \
             must be complete. amolint treats a missing key as an error either way, because the \
             user sees a raw key. Locale files that are missing (I18N001), not valid JSON \
             (ENC003) or not an object (I18N010) are not searched, and neither are the keys of a \
             block the platform ignores because its area is not in `locations` (INT002 reports \
             the block once).",
        ),
    },
    options: &[],
};

impl Rule for MissingTranslation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let files = listed_files(cx.widget, &manifest);
        let refs = manifest.i18n_references();
        // A key only a dead block references (INT002) is that block's problem, reported once.
        let orphans = orphan_blocks(&manifest);
        let mut seen: HashSet<&str> = HashSet::new();
        for r in refs
            .iter()
            .filter(|r| !in_orphan_block(&orphans, &r.pointer))
        {
            // Plain text is I18N007's; each key is judged once, at its first reference.
            if !is_i18n_key(r.value) || !seen.insert(r.value) {
                continue;
            }
            for file in &files {
                if let Some(finding) = judge(r, file) {
                    out.report(finding);
                }
            }
        }
    }
}

fn judge(r: &I18nRef<'_>, file: &LocaleFile) -> Option<Finding> {
    let key = r.value;
    let path = file.path.as_str();
    let via = if r.field == key {
        String::new()
    } else {
        format!(" (referenced by `{}`)", r.field)
    };
    let (message, help) = match resolve(file.root(), key) {
        Resolved::Text(..) => return None,
        Resolved::NotText(node) => (
            format!(
                "`{key}` in `{path}` is {} {}, not a string{via}",
                article(node.type_name()),
                node.type_name()
            ),
            format!(
                "give `{key}` a text in `{path}`, or point `{}` at a key that holds one",
                r.field
            ),
        ),
        Resolved::Missing { depth, at } => {
            let segments: Vec<&str> = key.split('.').collect();
            let found = segments.get(..depth).unwrap_or_default().join(".");
            let rest = segments.get(depth..).unwrap_or_default();
            let help = if segments.len() > 1 && file.root().get(key).is_some() {
                format!(
                    "`{path}` has a key literally named `{key}`; keys are paths, nest it as \
                     `{}`",
                    nested_shape(&segments)
                )
            } else if at.as_object().is_none() {
                format!(
                    "`{found}` in `{path}` is {} {}, so it cannot hold `{key}`",
                    article(at.type_name()),
                    at.type_name()
                )
            } else {
                let into = if depth == 0 {
                    format!("`{path}`")
                } else {
                    format!("the `{found}` object of `{path}`")
                };
                let mut help = format!("add `{}` to {into}", nested_shape(rest));
                let missing = rest.first().copied().unwrap_or_default();
                let siblings = at.as_object().unwrap_or_default();
                if let Some(near) = nearest(missing, siblings.iter().map(|m| m.key.as_str())) {
                    let near_key = if depth == 0 {
                        near.to_string()
                    } else {
                        format!("{found}.{near}")
                    };
                    help.push_str(&format!(", or fix the spelling: `{path}` has `{near_key}`"));
                }
                help
            };
            (format!("`{path}` lacks `{key}`{via}"), help)
        }
    };
    Some(
        Finding::new(&META, message)
            .at(MANIFEST_FILE, r.node, r.pointer.as_str())
            .help(help),
    )
}

fn article(type_name: &str) -> &'static str {
    if type_name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
