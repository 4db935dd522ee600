//! JS001 missing-script: no `script.js` at the widget root.

use super::SCRIPT_FILE;
use amolint_core::Platform;
use amolint_core::manifest::MANIFEST_FILE;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{Error, Warning};

pub struct MissingScript;

pub static META: RuleMeta = RuleMeta {
    code: "JS001",
    name: "missing-script",
    pack: "script",
    amocrm: Some(Error),
    kommo: Some(Warning),
    summary: "no `script.js` at the widget root",
    docs: RuleDocs {
        what: "Checks that the widget has a `script.js` file at the root of the archive, next to \
               `manifest.json`.",
        why: "script.js is the widget's code: the CRM loads it as an AMD module and calls its \
              callbacks (render, init, bind_actions, …). amoCRM's structure page marks it \
              mandatory; Kommo's file table lists it as optional, but a widget without it has no \
              behaviour at all in the locations it declares.",
        bad: "widget.zip\n├── manifest.json\n├── i18n/\n└── images/",
        good: "widget.zip\n├── manifest.json\n├── script.js\n├── i18n/\n└── images/",
        fix: "Add script.js at the root of the archive (not in a subfolder such as `js/` or \
              `dist/`). If your build writes it elsewhere, copy it to the root before zipping.",
        sources: &["A-STRUCT", "K-STRUCT", "decision 5"],
        uncertain: Some(
            "The platforms disagree: amoCRM's structure page says script.js is required, Kommo's \
             says it is optional. amolint reports it as an error on amoCRM and a warning on Kommo \
             (decision 5).",
        ),
    },
    options: &[],
};

impl Rule for MissingScript {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        // Without a manifest this is not recognisably a widget: ARC002/ARC003 say so.
        if cx.widget.entry(MANIFEST_FILE).is_none() {
            return;
        }
        // A script.js that is there but not a regular file (a symlink, a folder) is another
        // rule's (ARC010 and the read problems).
        if cx.widget.entry(SCRIPT_FILE).is_some() {
            return;
        }
        let (message, help) = match cx.platform() {
            Platform::Amocrm => (
                "no `script.js` at the widget root; amoCRM requires it",
                "add the widget's script.js at the root of the archive, next to manifest.json",
            ),
            Platform::Kommo => (
                "no `script.js` at the widget root; Kommo accepts this, but the widget then has \
                 no code and no callbacks run in its locations",
                "add script.js at the root of the archive, next to manifest.json, unless the \
                 widget deliberately has no front-end code",
            ),
        };
        let elsewhere = cx
            .widget
            .files()
            .iter()
            .find(|e| e.path.ends_with("/script.js"))
            .map(|e| e.path.clone());
        let help = match elsewhere {
            Some(path) => format!("`{path}` exists: move it to the root of the archive"),
            None => help.to_string(),
        };
        out.report(Finding::new(&META, message).help(help));
    }
}
