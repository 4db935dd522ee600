//! JS006 callback-typo: a callback name close to a known one.

use super::{SCRIPT_FILE, parsed_script, typo_of};
use amolint_core::fix::{Edit, Fix, FixDocs};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::script::CallbackKey;
use amolint_core::severity::Severity::Warning;

pub struct CallbackTypo;

pub static META: RuleMeta = RuleMeta {
    code: "JS006",
    name: "callback-typo",
    pack: "script",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "a callback name is close to a known one",
    docs: RuleDocs {
        what: "Compares every key of the callbacks object with the callbacks the CRM calls \
               (render, init, bind_actions, settings, onSave, destroy, dpSettings, \
               advancedSettings, leads:selected, …) and reports a key that is not one of them \
               but close to one: `bindActions`, `onsave`, `bind_action`, `dp_settings`.",
        why: "The CRM looks callbacks up by their exact names. A misspelt callback is never \
              called, silently: `bindActions` instead of `bind_actions` means the widget's \
              buttons never get their handlers.",
        bad: "this.callbacks = { render: …, init: …, bindActions: function () { … } };",
        good: "this.callbacks = { render: …, init: …, bind_actions: function () { … } };",
        fix: "Rename the key to the exact callback name. When the key is a helper of your own \
              that happens to look like a callback, give it a clearly different name.",
        sources: &["A-SCRIPT", "K-SCRIPT", "decision 7"],
        uncertain: Some(
            "A near name next to the correct one (`bindActions` beside `bind_actions`) is taken \
             for a helper and not reported.",
        ),
    },
    options: &[],
};

/// The fix: rename the key.
pub static FIX: FixDocs = FixDocs {
    safe: None,
    unsafe_: Some(
        "Renames the key to the callback it is closest to (`bindActions` → `bind_actions`), \
         keeping its quotes if it has any. Unsafe: the CRM then calls the function, which it \
         never did, and code that uses the old name elsewhere in the script is not renamed.",
    ),
};

impl Rule for CallbackTypo {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fix_docs(&self) -> Option<&'static FixDocs> {
        Some(&FIX)
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(facts) = parsed_script(cx) else {
            return;
        };
        // Visible keys are judged even when more are added at run time.
        let Some(object) = facts.callbacks.object.as_ref() else {
            return;
        };
        let text = cx.widget.text(SCRIPT_FILE).ok();
        for key in &object.keys {
            let Some(known) = typo_of(key) else {
                continue;
            };
            if object.has(known) {
                continue;
            }
            let shown = known;
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "callback `{}` is not a name the CRM calls; did you mean `{shown}`?",
                        key.name
                    ),
                )
                .file(SCRIPT_FILE)
                .span(key.span)
                .help(format!(
                    "rename `{}` to `{shown}`; the CRM calls callbacks by their exact names and \
                     never calls this one",
                    key.name
                ))
                .fix(
                    text.as_ref()
                        .and_then(|text| rename(&text.text, key, known)),
                ),
            );
        }
    }
}

/// Renames `key`, as written in `text`, to the callback `known`: a bare name stays bare when
/// the new one is an identifier (`leads:selected` is quoted), a quoted one keeps its quotes.
/// `None` when the key is not written as its name (an escape, a computed expression).
fn rename(text: &str, key: &CallbackKey, known: &str) -> Option<Fix> {
    let raw = text.get(key.span.start..key.span.end)?;
    // A key inside a container (`leads: { selectd }`) is written without its container.
    let (old, new) = if key.nested {
        (key.name.split_once('.')?.1, known.split_once('.')?.1)
    } else {
        (key.name.as_str(), known)
    };
    let replacement = if raw == old {
        if is_identifier(new) {
            new.to_string()
        } else {
            format!("'{new}'")
        }
    } else {
        let quote = raw.chars().next().filter(|q| *q == '\'' || *q == '"')?;
        let inner = raw.strip_prefix(quote)?.strip_suffix(quote)?;
        if inner != old || new.contains(quote) {
            return None;
        }
        format!("{quote}{new}{quote}")
    };
    Some(Fix::unsafe_(
        format!("rename `{old}` to `{new}`"),
        vec![Edit::replace(SCRIPT_FILE, key.span, replacement)],
    ))
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}
