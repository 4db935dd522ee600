//! I18N005 locale-structure-mismatch: the locale files' key trees differ.

use super::support::{LocaleFile, head, is_i18n_key, listed_files};
use amolint_core::json::Node;
use amolint_core::manifest::Manifest;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;
use std::collections::HashSet;

pub struct LocaleStructureMismatch;

pub static META: RuleMeta = RuleMeta {
    code: "I18N005",
    name: "locale-structure-mismatch",
    pack: "locales",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "the locale files' key trees differ",
    docs: RuleDocs {
        what: "Compares the key trees of the locale files `widget.locale` lists and reports, once \
               per file, the keys (as dotted paths) that other locale files have and this one \
               lacks. Keys the manifest references are left to I18N004, which reports them at \
               the manifest value; files `widget.locale` does not list are I18N002's and not \
               compared.",
        why: "Both platforms require locale files of the same structure. A key the script reads \
              with `self.i18n(...)` / `self.langs` that exists only in one language shows up \
              as `undefined` or a raw key for users of the others, and moderation checks that \
              every language file is filled in.",
        bad: "en.json: {\"errors\": {\"auth\": \"…\", \"network\": \"…\"}}\n\
              es.json: {\"errors\": {\"auth\": \"…\"}}",
        good: "es.json: {\"errors\": {\"auth\": \"…\", \"network\": \"…\"}}",
        fix: "Add the listed keys with their translations to the file, or delete keys that no \
              longer exist from the other files.",
        sources: &["K-I18N", "A-STRUCT", "A-REQ", "decision 8"],
        uncertain: None,
    },
    options: &[],
};

/// How many lacking keys a message names before "and N more".
const SHOWN: usize = 10;

impl Rule for LocaleStructureMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let files = listed_files(cx.widget, &manifest);
        if files.len() < 2 {
            return;
        }
        let refs = manifest.i18n_references();
        // With the `ai_agent` area, a file lacking `widget.ai_agent_description` is INT009's.
        let ai_agent = manifest
            .uses_area("ai_agent")
            .then_some("widget.ai_agent_description");
        let referenced = Referenced::new(
            refs.iter()
                .map(|r| r.value)
                .filter(|v| is_i18n_key(v))
                .chain(ai_agent),
        );
        for file in &files {
            let mut lacking = Lacking::default();
            let mut sources: Vec<&str> = Vec::new();
            for other in files.iter().filter(|o| o.code != file.code) {
                let before = lacking.paths.len();
                collect(
                    other.root(),
                    Some(file.root()),
                    &mut String::new(),
                    &referenced,
                    &mut lacking,
                );
                if lacking.paths.len() > before {
                    sources.push(other.path.as_str());
                }
            }
            if lacking.paths.is_empty() {
                continue;
            }
            out.report(finding(file, &lacking.paths, &sources));
        }
    }
}

fn finding(file: &LocaleFile, lacking: &[String], sources: &[&str]) -> Finding {
    let shown: Vec<String> = lacking
        .iter()
        .take(SHOWN)
        .map(|k| format!("`{k}`"))
        .collect();
    let mut list = shown.join(", ");
    if lacking.len() > SHOWN {
        list.push_str(&format!(" and {} more", lacking.len() - SHOWN));
    }
    let from = match sources {
        [one] => format!("`{one}` has"),
        _ => "other locale files have".to_string(),
    };
    let count = match lacking.len() {
        1 => "1 key".to_string(),
        n => format!("{n} keys"),
    };
    Finding::new(
        &META,
        format!("`{}` lacks {count} that {from}: {list}", file.path),
    )
    .file(file.path.as_str())
    .span(head(file.root()))
    .pointer("")
    .help(format!(
        "add the missing keys with their `{}` translations, or remove them from the other \
         locale files if they are no longer used",
        file.code
    ))
}

/// The keys the manifest references, and every dotted prefix of them.
struct Referenced<'a> {
    keys: HashSet<&'a str>,
    prefixes: HashSet<&'a str>,
}

impl<'a> Referenced<'a> {
    fn new(keys: impl Iterator<Item = &'a str>) -> Self {
        let keys: HashSet<&str> = keys.collect();
        let prefixes = keys
            .iter()
            .flat_map(|k| k.match_indices('.').filter_map(|(i, _)| k.get(..i)))
            .collect();
        Referenced { keys, prefixes }
    }

    /// `path` is a referenced key or holds one below it.
    fn holds(&self, path: &str) -> bool {
        self.keys.contains(path) || self.prefixes.contains(path)
    }

    /// `path` lies strictly below a referenced key.
    fn below(&self, path: &str) -> bool {
        path.match_indices('.')
            .filter_map(|(i, _)| path.get(..i))
            .any(|p| self.keys.contains(p))
    }
}

/// The dotted paths a file lacks, in the order found, each once.
#[derive(Default)]
struct Lacking {
    paths: Vec<String>,
    seen: HashSet<String>,
}

impl Lacking {
    fn push(&mut self, path: String) {
        if self.seen.insert(path.clone()) {
            self.paths.push(path);
        }
    }
}

/// Records the dotted paths under `prefix` that `theirs` has and `mine` lacks, each missing
/// subtree once by its top key, except that keys the manifest references, and what lies below
/// them, are left out (I18N004 reports those), so a subtree holding one is listed key by key
/// instead.
fn collect(
    theirs: &Node,
    mine: Option<&Node>,
    path: &mut String,
    referenced: &Referenced<'_>,
    out: &mut Lacking,
) {
    let mine_object = mine.filter(|m| m.as_object().is_some());
    // One buffer for every member's dotted path, extended and cut back around each member
    // rather than a new string per member.
    let prefix_len = path.len();
    // A repeated key counts once, as its last occurrence (ENC004 reports the repeat).
    for member in theirs.distinct_members() {
        path.truncate(prefix_len);
        if prefix_len > 0 {
            path.push('.');
        }
        path.push_str(&member.key);
        // Below a referenced key is I18N004's too: a key that should be a text but is an
        // object there.
        if referenced.below(path) {
            continue;
        }
        let counterpart = mine_object.and_then(|m| m.get(&member.key));
        let is_object = member.value.as_object().is_some();
        match counterpart {
            // Present on both sides: only objects have keys below to compare. A string on one
            // side and an object on the other is reported from the object's side.
            Some(c) => {
                if is_object {
                    collect(&member.value, Some(c), path, referenced, out);
                }
            }
            None => {
                if !referenced.holds(path) {
                    out.push(path.clone());
                } else if is_object {
                    collect(&member.value, None, path, referenced, out);
                }
            }
        }
    }
    path.truncate(prefix_len);
}
