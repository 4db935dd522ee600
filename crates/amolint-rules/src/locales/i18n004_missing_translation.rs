//! I18N004 missing-translation: an i18n key the manifest references does not resolve to a
//! string in a locale file.

use super::support::{LocaleFile, Resolved, is_i18n_key, listed_files, nested_shape, resolve};
use crate::integrations::{in_orphan_block, orphan_blocks};
use amolint_core::fix::{Edit, Fix, FixDocs};
use amolint_core::json::Node;
use amolint_core::json::edit::{Layout, insert_member, layout, string_literal};
use amolint_core::manifest::{I18nRef, MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::suggest::nearest;
use std::collections::{HashMap, HashSet};

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

/// The fix: copy the text over from a locale that has it.
pub static FIX: FixDocs = FixDocs {
    safe: None,
    unsafe_: Some(
        "Adds the missing key to the locale file, nested as the key's path says, with the text \
         of the first listed locale that has it; keys that go into one new object are added \
         together. Unsafe: users of that language then see a text in another language until \
         someone translates it. A key no locale has, or one that leads to a value that is not \
         an object, gets no fix.",
    ),
};

impl Rule for MissingTranslation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fix_docs(&self) -> Option<&'static FixDocs> {
        Some(&FIX)
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
        // Plain text is I18N007's; each key is judged once, at its first reference.
        let keys: Vec<&I18nRef<'_>> = refs
            .iter()
            .filter(|r| !in_orphan_block(&orphans, &r.pointer))
            .filter(|r| is_i18n_key(r.value) && seen.insert(r.value))
            .collect();
        let fixes = additions(&files, &keys);
        for r in keys {
            for (index, file) in files.iter().enumerate() {
                if let Some(finding) = judge(r, file) {
                    out.report(finding.fix(fixes.get(&(index, r.value)).cloned()));
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

/// A value to add to a locale file: a text, or an object of them.
enum Tree {
    Text(String),
    Object(Vec<(String, Tree)>),
}

impl Tree {
    /// The value of `path` (the segments below the member added), holding `text`.
    fn new(path: &[&str], text: &str) -> Tree {
        path.iter()
            .rev()
            .fold(Tree::Text(text.to_string()), |inner, key| {
                Tree::Object(vec![(key.to_string(), inner)])
            })
    }

    /// Adds `path` → `text` to this object; `false` when a text is in the way.
    fn add(&mut self, path: &[&str], text: &str) -> bool {
        let (Tree::Object(members), Some((first, rest))) = (self, path.split_first()) else {
            return false;
        };
        match members.iter_mut().find(|(k, _)| k == first) {
            None => {
                members.push((first.to_string(), Tree::new(rest, text)));
                true
            }
            Some((_, inner)) => inner.add(rest, text),
        }
    }

    /// The value as JSON: an object on lines of its own, indented `level` levels below the
    /// member it is the value of, when the object it goes into is laid out so; else on one line.
    fn json(&self, layout: Option<&Layout>, level: usize) -> String {
        let Tree::Object(members) = self else {
            return match self {
                Tree::Text(text) => string_literal(text),
                Tree::Object(_) => String::new(),
            };
        };
        let member = |(k, v): &(String, Tree)| {
            format!("{}: {}", string_literal(k), v.json(layout, level + 1))
        };
        match layout {
            None => {
                let inner: Vec<String> = members.iter().map(member).collect();
                format!("{{{}}}", inner.join(", "))
            }
            Some(l) => {
                let inner = format!("{}{}", l.indent, l.unit.repeat(level + 1));
                let lines: Vec<String> = members
                    .iter()
                    .map(|m| format!("{inner}{}", member(m)))
                    .collect();
                format!(
                    "{{\n{}\n{}{}}}",
                    lines.join(",\n"),
                    l.indent,
                    l.unit.repeat(level)
                )
            }
        }
    }
}

/// The keys a locale file lacks, added into one object under one new member.
struct Addition<'a> {
    at: &'a Node,
    member: String,
    value: Tree,
    keys: Vec<&'a str>,
    sources: Vec<&'a str>,
}

/// The fix of each (locale file, key) that can have one: the keys a file lacks that another
/// listed locale has a text for, grouped by the member they add to an object of the file, so
/// that `widget.name` and `widget.description` missing with their `widget` object add one
/// `widget` (the findings of a group share that one fix).
fn additions<'a>(
    files: &'a [LocaleFile],
    refs: &[&'a I18nRef<'a>],
) -> HashMap<(usize, &'a str), Fix> {
    let mut fixes = HashMap::new();
    for (index, file) in files.iter().enumerate() {
        let mut groups: Vec<Addition<'a>> = Vec::new();
        for r in refs {
            let key = r.value;
            let Resolved::Missing { depth, at } = resolve(file.root(), key) else {
                continue;
            };
            let segments: Vec<&str> = key.split('.').collect();
            // A key written literally with its dots is for the author to nest.
            if at.as_object().is_none() || (segments.len() > 1 && file.root().get(key).is_some()) {
                continue;
            }
            let Some((text, source)) =
                files
                    .iter()
                    .find_map(|other| match resolve(other.root(), key) {
                        Resolved::Text(node, _) => Some((node.as_str()?, other.path.as_str())),
                        _ => None,
                    })
            else {
                continue;
            };
            let Some((member, rest)) = segments.get(depth..).and_then(<[_]>::split_first) else {
                continue;
            };
            match groups
                .iter_mut()
                .find(|g| g.at.span == at.span && g.member == *member)
            {
                Some(group) => {
                    if !group.value.add(rest, text) {
                        continue;
                    }
                    group.keys.push(key);
                    if !group.sources.contains(&source) {
                        group.sources.push(source);
                    }
                }
                None => groups.push(Addition {
                    at,
                    member: member.to_string(),
                    value: Tree::new(rest, text),
                    keys: vec![key],
                    sources: vec![source],
                }),
            }
        }
        for group in groups {
            let value = group.value.json(layout(file.text(), group.at).as_ref(), 0);
            let Some(edit) = insert_member(file.text(), group.at, &group.member, &value) else {
                continue;
            };
            let quoted = |list: &[&str]| {
                list.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let fix = Fix::unsafe_(
                format!(
                    "add {} to `{}` with the text{} of {}",
                    quoted(&group.keys),
                    file.path,
                    if group.keys.len() > 1 { "s" } else { "" },
                    quoted(&group.sources)
                ),
                vec![Edit::text(file.path.as_str(), edit)],
            );
            for key in group.keys {
                fixes.insert((index, key), fix.clone());
            }
        }
    }
    fixes
}
