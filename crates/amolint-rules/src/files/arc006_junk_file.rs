//! ARC006 junk-file: OS, VCS, editor or dependency junk shipped inside the widget.

use super::common::{junk_items, printable};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;

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
               `.DS_Store`, `Thumbs.db`, `desktop.ini`, `.git/`, `.svn/`, `.hg/`, `.idea/`, \
               `.vscode/`, `node_modules/`, source maps (`*.map`) and archives inside the widget \
               (`*.zip`). A junk folder is reported once, not once per file inside it. `amolint \
               pack` leaves out exactly these.",
        why: "The platform serves the widget's files to every account that installs it. Junk \
              makes the archive larger, can leak a Git history, editor settings or unminified \
              sources, and reviewers of public widgets ask for it to be removed.",
        bad: "widget.zip\n  manifest.json\n  __MACOSX/._manifest.json\n  .DS_Store\n  script.js.map",
        good: "widget.zip\n  manifest.json\n  script.js",
        fix: "Pack only the widget's files: `amolint pack` leaves the junk out. On macOS, \
              Finder's \"Compress\" adds `__MACOSX/` and `._*`: by hand, use `zip -r -X \
              ../widget.zip . -x '.*' -x '__MACOSX/*' -x '*.map'` instead. Keep build outputs and \
              old archives out of the widget folder.",
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
        for junk in junk_items(cx.widget.source()) {
            let shown = printable(&junk.path);
            let message = format!("`{shown}` is {}, not part of the widget", junk.what);
            let help = if junk.folder {
                format!("leave the folder `{shown}` out of the widget")
            } else {
                format!("delete `{shown}` or leave it out when packing")
            };
            out.report(
                Finding::new(&META, message)
                    .source_file(junk.path)
                    .help(help),
            );
        }
    }
}
