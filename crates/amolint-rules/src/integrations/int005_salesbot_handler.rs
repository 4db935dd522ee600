//! INT005 salesbot-handler: a Salesbot handler or one of its settings is malformed.

use super::{at_key, orphan_blocks};
use amolint_core::format::SALESBOT_SETTING_TYPES;
use amolint_core::json::{Member, Node, pointer_push};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::suggest::nearest;

pub struct SalesbotHandler;

pub static META: RuleMeta = RuleMeta {
    code: "INT005",
    name: "salesbot-handler",
    pack: "integrations",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a Salesbot handler or handler setting is malformed",
    docs: RuleDocs {
        what: "Checks every handler of `salesbot_designer` (each member except `logo`): it must be \
               an object with `name` (an i18n key) and `settings`; each setting must be an object \
               with `name`, a `type` of `text`, `numeric` or `url`, and, when present, a boolean \
               `manual`. A `salesbot_designer` block without its area in `locations` is left to \
               INT002, which reports it once.",
        why: "The Salesbot designer builds the widget's block from these objects: a handler \
              without a name has no title in the block list, a setting without a known type \
              gets no input field, and `manual` decides whether the user types the value or \
              picks a field.",
        bad: "\"salesbot_designer\": { \"send\": { \"name\": \"salesbot.send\", \"settings\": { \"phone\": { \"type\": \"number\", \"manual\": \"true\" } } } }",
        good: "\"salesbot_designer\": { \"send\": { \"name\": \"salesbot.send\", \"settings\": { \"phone\": { \"name\": \"salesbot.phone\", \"type\": \"numeric\", \"manual\": true } } } }",
        fix: "Give each handler `name` and `settings`, and each setting `name` and one of the \
              types `text`, `numeric`, `url`; write `manual` as `true` or `false` without quotes.",
        sources: &["A-SALESBOT", "K-MANIFEST", "G-KOMMO-CLI", "decision 10"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for SalesbotHandler {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        // A designer block without its area is INT002's one finding: its handlers do nothing.
        if orphan_blocks(&manifest)
            .iter()
            .any(|(_, block)| *block == "salesbot_designer")
        {
            return;
        }
        // `salesbot_designer` of the wrong type is MAN003's.
        let Some(handlers) = manifest.get("salesbot_designer").and_then(Node::as_object) else {
            return;
        };
        for handler in handlers.iter().filter(|m| m.key != "logo") {
            check_handler(handler, out);
        }
    }
}

fn check_handler(handler: &Member, out: &mut Sink) {
    let code = handler.key.as_str();
    let pointer = pointer_push("/salesbot_designer", code);
    let Some(_) = handler.value.as_object() else {
        out.report(
            Finding::new(
                &META,
                format!(
                    "Salesbot handler `{code}` is {}, not an object with `name` and `settings`",
                    handler.value.describe()
                ),
            )
            .at(MANIFEST_FILE, &handler.value, pointer)
            .help(format!(
                "write \"{code}\": {{\"name\": \"salesbot.{code}\", \"settings\": {{…}}}}"
            )),
        );
        return;
    };
    let missing: Vec<&str> = ["name", "settings"]
        .into_iter()
        .filter(|k| handler.value.get(k).is_none())
        .collect();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" and ");
        out.report(
            at_key(
                &META,
                format!("Salesbot handler `{code}` has no {list}"),
                handler,
                &pointer,
            )
            .help(format!(
                "a handler needs \"name\" (an i18n key, e.g. \"salesbot.{code}\") and \"settings\" (an object of its parameters)"
            )),
        );
    }
    if let Some(name) = handler.value.get("name")
        && name.as_str().is_none()
    {
        report_not_string(
            name,
            &format!("salesbot_designer.{code}.name"),
            &pointer_push(&pointer, "name"),
            out,
        );
    }
    let Some(settings) = handler.value.get("settings") else {
        return;
    };
    let settings_pointer = pointer_push(&pointer, "settings");
    let Some(params) = settings.as_object() else {
        out.report(
            Finding::new(
                &META,
                format!(
                    "`salesbot_designer.{code}.settings` is {}, not an object keyed by parameter code",
                    settings.describe()
                ),
            )
            .at(MANIFEST_FILE, settings, settings_pointer)
            .help("write \"settings\": {\"param_code\": {\"name\": \"…\", \"type\": \"text\"}}"),
        );
        return;
    };
    for param in params {
        check_setting(code, param, &settings_pointer, out);
    }
}

fn check_setting(handler: &str, param: &Member, base: &str, out: &mut Sink) {
    let code = param.key.as_str();
    let pointer = pointer_push(base, code);
    let path = format!("salesbot_designer.{handler}.settings.{code}");
    if param.value.as_object().is_none() {
        out.report(
            Finding::new(
                &META,
                format!(
                    "`{path}` is {}, not an object with `name` and `type`",
                    param.value.describe()
                ),
            )
            .at(MANIFEST_FILE, &param.value, pointer)
            .help("write {\"name\": \"<i18n key>\", \"type\": \"text\"}"),
        );
        return;
    }
    match param.value.get("name") {
        None => out.report(
            at_key(
                &META,
                format!("setting `{code}` of Salesbot handler `{handler}` has no `name`"),
                param,
                &pointer,
            )
            .help("add \"name\": an i18n key whose text labels the field in the Salesbot designer"),
        ),
        Some(name) if name.as_str().is_none() => {
            report_not_string(
                name,
                &format!("{path}.name"),
                &pointer_push(&pointer, "name"),
                out,
            );
        }
        Some(_) => {}
    }
    match param.value.get("type") {
        None => out.report(
            at_key(
                &META,
                format!("setting `{code}` of Salesbot handler `{handler}` has no `type`"),
                param,
                &pointer,
            )
            .help("add \"type\": one of text, numeric, url"),
        ),
        Some(kind) => {
            let value = kind.as_str();
            if !value.is_some_and(|v| SALESBOT_SETTING_TYPES.contains(&v)) {
                let shown = value.map_or_else(|| kind.describe(), |v| format!("`{v}`"));
                let help = match value.and_then(|v| nearest(v, SALESBOT_SETTING_TYPES)) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None if value == Some("number") => "did you mean `numeric`?".to_string(),
                    None => "use one of: text, numeric, url".to_string(),
                };
                out.report(
                    Finding::new(
                        &META,
                        format!("`{path}.type` is {shown}; a Salesbot setting takes text, numeric or url"),
                    )
                    .at(MANIFEST_FILE, kind, pointer_push(&pointer, "type"))
                    .help(help),
                );
            }
        }
    }
    if let Some(manual) = param.value.get("manual")
        && manual.as_bool().is_none()
    {
        out.report(
            Finding::new(
                &META,
                format!(
                    "`{path}.manual` is {}; it must be `true` or `false`",
                    manual.describe()
                ),
            )
            .at(MANIFEST_FILE, manual, pointer_push(&pointer, "manual"))
            .help("write a JSON boolean without quotes: true (the user types the value) or false (the user picks a field)"),
        );
    }
}

fn report_not_string(node: &Node, path: &str, pointer: &str, out: &mut Sink) {
    out.report(
        Finding::new(
            &META,
            format!(
                "`{path}` is {}, not a string (an i18n key)",
                node.describe()
            ),
        )
        .at(MANIFEST_FILE, node, pointer)
        .help("write the i18n key of the text as a string, e.g. \"salesbot.handler_name\""),
    );
}
