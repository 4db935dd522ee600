//! ARC007 dev-file-shipped: build inputs at the widget root (package.json, lock files, configs,
//! readmes, `src/` next to a built script.js).

use super::common::dev_file;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Info;
use amolint_core::source::EntryKind;

pub struct DevFileShipped;

pub static META: RuleMeta = RuleMeta {
    code: "ARC007",
    name: "dev-file-shipped",
    pack: "files",
    amocrm: Some(Info),
    kommo: Some(Info),
    summary: "build inputs shipped: package.json, lock files, configs, readmes, `src/`",
    docs: RuleDocs {
        what: "Reports build inputs at the widget root: `package.json`, lock files \
               (`package-lock.json`, `yarn.lock`, `pnpm-lock.yaml`, `bun.lockb`, \
               `composer.lock`), `tsconfig*.json`, bundler and linter configs (`webpack.config.*`, \
               `rollup.config.*`, `vite.config.*`, `babel.config.*`, `.babelrc`, `.eslintrc*`, \
               `.prettierrc*`), `README*`, `.gitignore`, and a `src/` folder next to a built \
               `script.js` that does not load anything from `src/`. Files deeper in the widget \
               (a bundled library's own `package.json`) are left alone.",
        why: "The platform uses `manifest.json`, `script.js`, `i18n/`, `images/`, \
              `templates/` and what the script itself loads. Build inputs are dead weight in \
              every installation and usually mean the project folder was zipped instead of the \
              build output.",
        bad: "widget.zip\n  manifest.json\n  script.js\n  package.json\n  webpack.config.js\n  src/index.ts",
        good: "widget.zip\n  manifest.json\n  script.js\n  i18n/en.json\n  images/logo.png",
        fix: "Zip the build output folder rather than the project folder (the Kommo scaffolder's \
              webpack build packs only its output into `widget.zip`), or exclude the build inputs when \
              zipping.",
        sources: &["K-STRUCT", "A-STRUCT", "G-KOMMO-CLI"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for DevFileShipped {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let widget = cx.widget;
        for entry in widget.files() {
            if entry.kind != EntryKind::File || entry.path.contains('/') {
                continue;
            }
            let Some(what) = dev_file(&entry.path) else {
                continue;
            };
            out.report(
                Finding::new(
                    &META,
                    format!("`{}` is {what}; the platform never uses it", entry.path),
                )
                .file(entry.path.as_str())
                .help("leave it out of the widget archive"),
            );
        }
        if widget.has_file("script.js")
            && widget.files().iter().any(|e| e.path.starts_with("src/"))
            && !script_uses_src(cx)
        {
            out.report(
                Finding::new(
                    &META,
                    "`src/` ships next to a built `script.js` that loads nothing from `src/`: \
                     it looks like the sources `script.js` was built from",
                )
                .file("src/")
                .help("leave `src/` out of the widget archive"),
            );
        }
    }
}

/// Whether `script.js` names `src/` anywhere (an AMD widget may `require` its own modules from
/// there at run time, and then `src/` is no build input).
fn script_uses_src(cx: &Context<'_>) -> bool {
    // A script amolint cannot read is judged by other rules; do not guess it away.
    cx.widget
        .text("script.js")
        .map_or(true, |script| script.text.contains("src/"))
}
