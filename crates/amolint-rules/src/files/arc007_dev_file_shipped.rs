//! ARC007 dev-file-shipped: build inputs at the widget root (package.json, lock files, configs,
//! readmes, other dotfiles and dot-folders, tests, `src/` next to a built script.js).

use super::common::{DevKind, dev_items};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Info;

pub struct DevFileShipped;

pub static META: RuleMeta = RuleMeta {
    code: "ARC007",
    name: "dev-file-shipped",
    pack: "files",
    amocrm: Some(Info),
    kommo: Some(Info),
    summary: "build inputs shipped: package.json, lock files, configs, readmes, dotfiles, tests, `src/`",
    docs: RuleDocs {
        what: "Reports build inputs at the widget root: `package.json`, lock files \
               (`package-lock.json`, `yarn.lock`, `pnpm-lock.yaml`, `bun.lockb`, \
               `composer.lock`), `tsconfig*.json`, bundler and linter configs (`webpack.config.*`, \
               `rollup.config.*`, `vite.config.*`, `babel.config.*`, `.babelrc`, `.eslintrc*`, \
               `.prettierrc*`), `README*`, `.gitignore`, every other dotfile or dot-folder \
               (`.editorconfig`, `.npmrc`, `.env.example`, `.github/`, …; the junk ones are \
               ARC006's and environment files SEC001's), test folders (`test/`, `tests/`, \
               `__tests__/`), and a `src/` folder next to a built `script.js` that does not load \
               anything from `src/`. Files deeper in the widget (a bundled library's own \
               `package.json`) are left alone. `amolint pack` leaves out exactly these.",
        why: "The platform uses `manifest.json`, `script.js`, `i18n/`, `images/`, \
              `templates/` and what the script itself loads. Build inputs are dead weight in \
              every installation and usually mean the project folder was zipped instead of the \
              build output.",
        bad: "widget.zip\n  manifest.json\n  script.js\n  package.json\n  webpack.config.js\n  src/index.ts",
        good: "widget.zip\n  manifest.json\n  script.js\n  i18n/en.json\n  images/logo.png",
        fix: "Build the archive with `amolint pack`, which leaves them out, or zip the build \
              output folder rather than the project folder (the Kommo scaffolder's webpack build \
              packs only its output into `widget.zip`).",
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
        for item in dev_items(cx.widget) {
            let finding = match item.kind {
                DevKind::File => Finding::new(
                    &META,
                    format!(
                        "`{}` is {}; the platform never uses it",
                        item.path, item.what
                    ),
                )
                .file(item.path.as_str())
                .help("leave it out of the widget archive"),
                DevKind::Folder => Finding::new(
                    &META,
                    format!(
                        "`{}` is {}; the platform never uses it",
                        item.path, item.what
                    ),
                )
                .source_file(cx.widget.source_path(&item.path))
                .help(format!("leave `{}` out of the widget archive", item.path)),
                DevKind::Sources => Finding::new(
                    &META,
                    "`src/` ships next to a built `script.js` that loads nothing from `src/`: \
                     it looks like the sources `script.js` was built from",
                )
                .source_file(cx.widget.source_path(&item.path))
                .help("leave `src/` out of the widget archive"),
            };
            out.report(finding);
        }
    }
}
