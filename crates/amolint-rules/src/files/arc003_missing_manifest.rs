//! ARC003 missing-manifest: there is no `manifest.json` at the widget root (and ARC002 does not
//! explain why).

use amolint_core::manifest::MANIFEST_FILE;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::source::{EntryKind, LimitKind, SourceIssue, SourceKind};

pub struct MissingManifest;

pub static META: RuleMeta = RuleMeta {
    code: "ARC003",
    name: "missing-manifest",
    pack: "files",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "no `manifest.json` at the widget root",
    docs: RuleDocs {
        what: "Checks that the widget has a regular file named exactly `manifest.json` at its \
               root. When a file with another letter case or in a deeper folder exists, the \
               message names it; when `manifest.json` exists but is not a regular file (a folder, \
               a FIFO, a symlink that dangles or leads outside the widget), the message says so.",
        why: "`manifest.json` is the one file every widget must have: without it the platform \
              rejects the upload, and no other manifest check can run.",
        bad: "widget.zip\n  Manifest.json\n  script.js",
        good: "widget.zip\n  manifest.json\n  script.js",
        fix: "Add `manifest.json` at the root of the widget (the name is case-sensitive); when it \
              is somewhere else, move it to the root together with the rest of the widget.",
        sources: &["K-STRUCT", "A-STRUCT", "K-MANIFEST"],
        uncertain: None,
    },
    options: &[],
};

/// At most this many look-alike files are named in the message.
const MAX_NAMED: usize = 3;

impl Rule for MissingManifest {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let widget = cx.widget;
        if !widget.root().is_empty() {
            return; // ARC002
        }
        let issues = widget.source().issues();
        // Nothing could be listed (ARC001), or the listing stopped early and the manifest may be
        // among what was not listed (ARC008).
        if issues.iter().any(|i| {
            matches!(
                i,
                SourceIssue::NotAZip { .. }
                    | SourceIssue::LimitExceeded {
                        limit: LimitKind::Entries,
                        ..
                    }
            )
        }) {
            return;
        }
        if let Some(entry) = widget.entry(MANIFEST_FILE) {
            let what = match &entry.kind {
                EntryKind::File => return,
                EntryKind::Special(kind) => match *kind {
                    "fifo" => "a FIFO (named pipe)".to_string(),
                    "socket" => "a socket".to_string(),
                    other => format!("a {other}"),
                },
                EntryKind::Symlink { target } if target.is_empty() => {
                    "a symbolic link that leads nowhere amolint may follow".to_string()
                }
                EntryKind::Symlink { target } => match widget.kind() {
                    SourceKind::Zip => format!("a symbolic link (to `{target}`)"),
                    SourceKind::Directory => format!(
                        "a symbolic link to `{target}`, which does not exist or lies outside the widget"
                    ),
                },
                EntryKind::SkippedDir => "a folder".to_string(),
            };
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`manifest.json` is {what}, not a regular file; the platform needs the \
                         manifest itself at the widget root"
                    ),
                )
                .file(MANIFEST_FILE)
                .help("replace it with the widget's real `manifest.json` file"),
            );
            return;
        }
        if widget
            .files()
            .iter()
            .any(|e| e.path.starts_with("manifest.json/"))
        {
            out.report(
                Finding::new(
                    &META,
                    "`manifest.json` is a folder, not a file; the platform needs the manifest \
                     itself at the widget root",
                )
                .file(MANIFEST_FILE)
                .help("replace the folder with the widget's `manifest.json` file"),
            );
            return;
        }
        let look_alikes: Vec<&str> = widget
            .source()
            .entries()
            .iter()
            .filter(|e| e.kind == EntryKind::File)
            .map(|e| e.path.as_str())
            .filter(|p| {
                p.rsplit('/')
                    .next()
                    .is_some_and(|name| name.eq_ignore_ascii_case(MANIFEST_FILE))
            })
            .filter(|p| !p.starts_with("__MACOSX/"))
            .collect();
        let container = match widget.kind() {
            SourceKind::Zip => "archive",
            SourceKind::Directory => "folder",
        };
        let mut message = if widget.source().entries().is_empty() {
            format!("the {container} is empty: there is no `manifest.json`")
        } else {
            format!("there is no `manifest.json` at the root of the {container}")
        };
        let help = match look_alikes.as_slice() {
            [] => "add the widget's `manifest.json` at the root".to_string(),
            [one] if !one.contains('/') => {
                message.push_str(&format!(
                    "; there is `{one}`, but the name is case-sensitive"
                ));
                format!("rename `{one}` to `manifest.json`")
            }
            found => {
                let named: Vec<String> = found
                    .iter()
                    .take(MAX_NAMED)
                    .map(|p| format!("`{p}`"))
                    .collect();
                let more = found.len().saturating_sub(MAX_NAMED);
                message.push_str(&format!("; found {}", named.join(", ")));
                if more > 0 {
                    message.push_str(&format!(" and {more} more"));
                }
                "pack the folder that holds the widget's `manifest.json` so that the manifest is \
                 at the root"
                    .to_string()
            }
        };
        out.report(Finding::new(&META, message).help(help));
    }
}
