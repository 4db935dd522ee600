//! ARC006 junk-file: OS, VCS, editor or dependency junk shipped inside the widget.

use super::common::{junk, printable};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;
use std::collections::HashSet;

pub struct JunkFile;

pub static META: RuleMeta = RuleMeta {
    code: "ARC006",
    name: "junk-file",
    pack: "files",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "OS, VCS, editor or dependency junk shipped in the widget",
    docs: RuleDocs {
        what: "Reports files and folders that are never part of a widget: `__MACOSX/`, `._*`, \
               `.DS_Store`, `Thumbs.db`, `desktop.ini`, `.git/`, `.svn/`, `.idea/`, `.vscode/`, \
               `node_modules/`, source maps (`*.map`) and archives inside the widget (`*.zip`). \
               A junk folder is reported once, not once per file inside it.",
        why: "The platform serves the widget's files to every account that installs it. Junk \
              makes the archive larger, can leak a Git history, editor settings or unminified \
              sources, and reviewers of public widgets ask for it to be removed.",
        bad: "widget.zip\n  manifest.json\n  __MACOSX/._manifest.json\n  .DS_Store\n  script.js.map",
        good: "widget.zip\n  manifest.json\n  script.js",
        fix: "Pack only the widget's files. On macOS, Finder's \"Compress\" adds `__MACOSX/` and \
              `._*`: use `zip -r -X ../widget.zip . -x '.*' -x '__MACOSX/*' -x '*.map'` instead. \
              Keep build outputs and old archives out of the widget folder.",
        sources: &["K-STRUCT", "K-MOD"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for JunkFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let mut seen: HashSet<String> = HashSet::new();
        // Every entry of the source, not only those under the widget root: `__MACOSX/` sits next
        // to the `widget/` folder of a Finder-made archive.
        for entry in cx.widget.source().entries() {
            let Some(junk) = junk(entry) else {
                continue;
            };
            if !seen.insert(junk.path.clone()) {
                continue;
            }
            let shown = printable(&junk.path);
            let (message, help) = if junk.folder {
                (
                    format!("`{shown}` is {}, not part of the widget", junk.what),
                    format!("leave the folder `{shown}` out of the widget"),
                )
            } else {
                (
                    format!("`{shown}` is {}, not part of the widget", junk.what),
                    format!("delete `{shown}` or leave it out when packing"),
                )
            };
            out.report(
                Finding::new(&META, message)
                    .source_file(junk.path)
                    .help(help),
            );
        }
    }
}
