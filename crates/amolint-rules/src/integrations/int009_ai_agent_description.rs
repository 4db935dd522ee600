//! INT009 ai-agent-description: the `ai_agent` area without `widget.ai_agent_description` in
//! every locale file (Kommo).

use super::area_entry;
use amolint_core::manifest::Manifest;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{Error, Warning};

pub struct AiAgentDescription;

/// Longer descriptions are cut in the AI agent tile (K-LOC).
const RECOMMENDED_CHARS: usize = 100;

pub static META: RuleMeta = RuleMeta {
    code: "INT009",
    name: "ai-agent-description",
    pack: "integrations",
    amocrm: None,
    kommo: Some(Error),
    summary: "the `ai_agent` location without a non-empty `widget.ai_agent_description` in every locale file",
    docs: RuleDocs {
        what: "When `locations` has `ai_agent`, checks that every locale file \
               (`i18n/<code>.json` for each `widget.locale` code) has a non-empty string \
               `widget.ai_agent_description`, and warns when it is over 100 characters.",
        why: "Kommo shows this text on the widget's tile in the AI agent settings, in the user's \
              language; Kommo requires it in every locale file for the `ai_agent` location, and \
              cuts it after about 100 characters.",
        bad: "i18n/en.json: { \"widget\": { \"name\": \"Order sync\" } }",
        good: "i18n/en.json: { \"widget\": { \"name\": \"Order sync\", \"ai_agent_description\": \"Looks up the customer's orders\" } }",
        fix: "Add `\"ai_agent_description\"` under `widget` in every locale file: one short \
              sentence (at most 100 characters) saying what the agent can do with the widget.",
        sources: &["K-LOC"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for AiAgentDescription {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        if area_entry(&manifest, "ai_agent").is_none() {
            return;
        }
        let mut seen: Vec<&str> = Vec::new();
        for (_, code) in manifest.locales() {
            if seen.contains(&code.value) {
                continue; // MAN010's
            }
            seen.push(code.value);
            let path = format!("i18n/{}.json", code.value);
            // A missing file is I18N001's, an invalid one ENC003's, a non-object root I18N010's.
            let Ok(file) = cx.widget.json(&path) else {
                continue;
            };
            let Some(root) = file.root().filter(|r| r.as_object().is_some()) else {
                continue;
            };
            let widget = root.get("widget").filter(|w| w.as_object().is_some());
            let description = widget.and_then(|w| w.get("ai_agent_description"));
            let help = "add under `widget` a short sentence saying what the AI agent can do with the widget";
            let finding = match description {
                None => {
                    let (node, pointer) = match widget {
                        Some(w) => (w, "/widget"),
                        None => (root, ""),
                    };
                    Finding::new(
                        &META,
                        format!(
                            "`{path}` has no `widget.ai_agent_description`; the location `ai_agent` needs it in every locale file"
                        ),
                    )
                    .at(&path, node, pointer)
                    .help(help)
                }
                Some(value) => match value.as_str() {
                    None => Finding::new(
                        &META,
                        format!(
                            "`widget.ai_agent_description` in `{path}` is {}, not a string",
                            value.describe()
                        ),
                    )
                    .at(&path, value, "/widget/ai_agent_description")
                    .help(help),
                    Some(text) if text.trim().is_empty() => Finding::new(
                        &META,
                        format!("`widget.ai_agent_description` in `{path}` is empty"),
                    )
                    .at(&path, value, "/widget/ai_agent_description")
                    .help(help),
                    Some(text) => {
                        let chars = text.chars().count();
                        if chars <= RECOMMENDED_CHARS {
                            continue;
                        }
                        Finding::new(
                            &META,
                            format!(
                                "`widget.ai_agent_description` in `{path}` is {chars} characters long; Kommo cuts it after {RECOMMENDED_CHARS} in the AI agent tile"
                            ),
                        )
                        .at(&path, value, "/widget/ai_agent_description")
                        .help(format!("shorten it to at most {RECOMMENDED_CHARS} characters"))
                        .severity(Warning)
                    }
                },
            };
            out.report(finding);
        }
    }
}
