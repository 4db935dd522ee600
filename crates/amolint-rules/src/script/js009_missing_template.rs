//! JS009 missing-template: a template the script renders with a literal path is not in the widget.

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
    summary: "a template the script renders with a literal path is not in the widget",
    docs: RuleDocs {
        what: "Collects the widget files script.js renders as templates with a literal path and \
               checks that each is in the widget: `templates/<name>.twig` written in a string \
               literal (`self.render({ href: '/templates/settings.twig', … })`), any other \
               literal `href` of a `render({…})` call (`'/views/list.html'`), and the path a \
               helper builds from a literal argument: a function whose `render({href: …})` \
               joins literals and one of its parameters (`'/build/' + template + \
               '/index.html'`), called with a literal (`self.getTemplate('card')`). Paths built \
               from anything else at run time are not checked.",
        why: "The CRM fetches the template from the widget's folder when the script renders it; \
              a missing file means a failed request and an empty block where the widget's UI \
              should be. A helper that builds the path hides the mistake from a plain search: \
              a widget that renders `build/card/index.html` through `getTemplate('card')` with \
              no `build/` folder in the archive shows nothing.",
        bad: "this.getTemplate = function (name, params, callback) {\n  return self.render({ href: '/templates/' + name + '.twig', base_path: self.params.path, load: callback }, params);\n};\nself.getTemplate('settings', {}, …);   // no templates/settings.twig in the archive",
        good: "widget.zip\n├── script.js\n└── templates/\n    └── settings.twig",
        fix: "Add the template to the archive at that path, or correct the name in script.js \
              (names are case-sensitive on the CRM's servers); for a built front end, pack the \
              build output the script renders.",
        sources: &[
            "A-SCRIPT",
            "K-SCRIPT",
            "K-STRUCT",
            "decision 9",
            "decision 17",
        ],
        uncertain: Some(
            "A helper is followed only when it is plainly one: a named function whose `render` \
             `href` is literals and exactly one of its parameters, and whose name no other such \
             function uses with another pattern. Anything less certain is left unchecked.",
        ),
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
            .filter(|e| e.kind == EntryKind::File)
            .map(|e| e.path.as_str())
            .collect();
        let mut reported = HashSet::new();
        for template in &facts.templates {
            if cx.widget.has_file(&template.path) || !reported.insert(template.path.as_str()) {
                continue;
            }
            // Suggest a file of the same kind: a `.twig` for a `.twig`, and so on.
            let extension = template.path.rsplit_once('.').map(|(_, e)| e);
            let same_kind = shipped
                .iter()
                .copied()
                .filter(|p| p.rsplit_once('.').map(|(_, e)| e) == extension);
            let help = match nearest(&template.path, same_kind) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("add `{}` to the archive, or fix the name", template.path),
            };
            let through = match &template.via {
                Some(helper) => format!(" through `{helper}`"),
                None => String::new(),
            };
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`script.js` renders `{}`{through}, which is not in the widget",
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
