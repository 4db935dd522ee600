//! JS009 missing-template: a `templates/*.twig` the script names is not in the widget.

use super::{SCRIPT_FILE, parsed_script};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;
use amolint_core::source::EntryKind;
use amolint_core::suggest::nearest;
use std::collections::HashSet;

pub struct MissingTemplate;

pub static META: RuleMeta = RuleMeta {
    code: "JS009",
    name: "missing-template",
    pack: "script",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "a `templates/*.twig` the script names is not in the widget",
    docs: RuleDocs {
        what: "Collects the `templates/<name>.twig` paths written as string literals in \
               script.js (`self.render({ href: '/templates/settings.twig', … })`) and checks \
               that each file is in the widget. Paths built at run time \
               (`'/templates/' + name + '.twig'`) are not checked.",
        why: "The CRM fetches the template from the widget's folder when the script renders it; \
              a missing file means a failed request and an empty block where the widget's UI \
              should be.",
        bad: "self.render({ href: '/templates/settings.twig', base_path: self.params.path, load: … });\n(no templates/settings.twig in the archive)",
        good: "widget.zip\n├── script.js\n└── templates/\n    └── settings.twig",
        fix: "Add the template under `templates/` in the archive, or correct the name in \
              script.js (names are case-sensitive on the CRM's servers).",
        sources: &["A-SCRIPT", "K-SCRIPT", "K-STRUCT"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for MissingTemplate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(facts) = parsed_script(cx) else {
            return;
        };
        let shipped: Vec<&str> = cx
            .widget
            .files()
            .iter()
            .filter(|e| e.kind == EntryKind::File && e.path.ends_with(".twig"))
            .map(|e| e.path.as_str())
            .collect();
        let mut reported = HashSet::new();
        for template in &facts.templates {
            if cx.widget.has_file(&template.path) || !reported.insert(template.path.as_str()) {
                continue;
            }
            let help = match nearest(&template.path, shipped.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("add `{}` to the archive, or fix the name", template.path),
            };
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`script.js` renders `{}`, which is not in the widget",
                        template.path
                    ),
                )
                .file(SCRIPT_FILE)
                .span(template.span)
                .help(help),
            );
        }
    }
}
