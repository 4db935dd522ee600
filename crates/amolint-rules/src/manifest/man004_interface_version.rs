//! MAN004 interface-version: `widget.interface_version` must be `2`.

use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;

pub struct InterfaceVersion;

pub static META: RuleMeta = RuleMeta {
    code: "MAN004",
    name: "interface-version",
    pack: "manifest",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "`widget.interface_version` is not 2",
    docs: RuleDocs {
        what: "Checks that `widget.interface_version` is the number 2.",
        why: "Both platforms document 2 as the only interface version; widgets built for another \
              version are not loaded the way their script expects.",
        bad: r#""widget": { "interface_version": 1, … }"#,
        good: r#""widget": { "interface_version": 2, … }"#,
        fix: "Set `\"interface_version\": 2` (a number, not a string) and write script.js for the \
              current widget interface.",
        sources: &["K-MANIFEST", "A-STRUCT"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for InterfaceVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let Some(version) = manifest.widget_field("interface_version") else {
            return; // MAN002 reports it missing
        };
        // A string such as "2" is MAN003's (wrong type); only numbers are judged here.
        let Some(number) = version.as_number() else {
            return;
        };
        if number.as_i64() != Some(2) {
            out.report(
                Finding::new(
                    &META,
                    format!("`widget.interface_version` is {}, it must be 2", number.raw),
                )
                .at(MANIFEST_FILE, version, "/widget/interface_version")
                .help("set \"interface_version\": 2"),
            );
        }
    }
}
