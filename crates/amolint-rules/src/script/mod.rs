//! Pack `script`: script.js — its presence, syntax, AMD shape (one anonymous `define`),
//! callbacks and what some areas oblige them to do, the addresses it loads code from,
//! minification and the templates it renders.
//!
//! The rules judge [`ScriptFacts`], which `amolint_core::script` extracts from one parse; a
//! script that does not parse is reported once (JS002) and the rules about its content stay
//! silent.

mod js001_missing_script;
mod js002_script_syntax;
mod js003_not_amd_module;
mod js004_missing_callback;
mod js005_location_callback;
mod js006_callback_typo;
mod js007_dev_url;
mod js008_minified_script;
mod js009_missing_template;
mod js010_callbacks_not_found;
mod js011_multiple_define;
mod js012_catalog_id_not_set;
mod js013_card_sdk_promise;

use amolint_core::format::CALLBACKS;
use amolint_core::rule::{Context, Pack};
use amolint_core::script::{CALLBACK_CONTAINERS, CallbackKey, CallbacksObject, ScriptFacts};
use amolint_core::suggest::nearest;
use std::rc::Rc;

pub const SCRIPT_FILE: &str = "script.js";

pub fn pack() -> Pack {
    Pack {
        name: "script",
        rules: vec![
            Box::new(js001_missing_script::MissingScript),
            Box::new(js002_script_syntax::ScriptSyntax),
            Box::new(js003_not_amd_module::NotAmdModule),
            Box::new(js004_missing_callback::MissingCallback),
            Box::new(js005_location_callback::LocationCallback),
            Box::new(js006_callback_typo::CallbackTypo),
            Box::new(js007_dev_url::DevUrl),
            Box::new(js008_minified_script::MinifiedScript),
            Box::new(js009_missing_template::MissingTemplate),
            Box::new(js010_callbacks_not_found::CallbacksNotFound),
            Box::new(js011_multiple_define::MultipleDefine),
            Box::new(js012_catalog_id_not_set::CatalogIdNotSet),
            Box::new(js013_card_sdk_promise::CardSdkPromise),
        ],
    }
}

/// The facts of a script.js that parsed and was walked completely. A script that did not is
/// JS002's; the rules about what it contains stay silent.
pub(crate) fn parsed_script(cx: &Context<'_>) -> Option<Rc<ScriptFacts>> {
    cx.widget.script().filter(|facts| facts.parsed())
}

/// The list callbacks in the docs' spelling, so that a typo in `leads:selected` is matched in
/// the spelling its author used.
const COLON_SPELLINGS: [&str; 3] = ["leads:selected", "contacts:selected", "todo:selected"];
const NESTED: [&str; 3] = ["leads.selected", "contacts.selected", "todo.selected"];

/// The known callback that `key` looks like a typo of, when it is not itself a known one.
pub(crate) fn typo_of(key: &CallbackKey) -> Option<&'static str> {
    let normalised = key.name.replace(':', ".");
    if CALLBACKS.contains(&normalised.as_str()) {
        return None;
    }
    if key.nested {
        return nearest(&key.name, NESTED);
    }
    if CALLBACK_CONTAINERS.contains(&key.name.as_str()) {
        return None;
    }
    nearest(
        &key.name,
        CALLBACKS
            .iter()
            .copied()
            .filter(|c| !c.contains('.'))
            .chain(COLON_SPELLINGS),
    )
}

/// True when the object has a key that is a typo of `callback` (JS006 reports it, so the
/// callback is not reported missing as well).
pub(crate) fn has_typo_of(object: &CallbacksObject, callback: &str) -> bool {
    let wanted = callback.replace(':', ".");
    object
        .keys
        .iter()
        .any(|k| typo_of(k).is_some_and(|t| t.replace(':', ".") == wanted))
}

#[cfg(test)]
mod tests {
    use super::*;
    use amolint_core::text::Span;

    fn key(name: &str, nested: bool) -> CallbackKey {
        CallbackKey {
            name: name.to_string(),
            span: Span::at(0),
            nested,
            function: None,
            returns_value: None,
        }
    }

    #[test]
    fn typos_of_known_callbacks() {
        assert_eq!(typo_of(&key("bindActions", false)), Some("bind_actions"));
        assert_eq!(typo_of(&key("onsave", false)), Some("onSave"));
        assert_eq!(typo_of(&key("bind_action", false)), Some("bind_actions"));
        assert_eq!(typo_of(&key("dp_settings", false)), Some("dpSettings"));
        assert_eq!(
            typo_of(&key("leads:selectd", false)),
            Some("leads:selected")
        );
        assert_eq!(typo_of(&key("leads.selcted", true)), Some("leads.selected"));
        for fine in [
            "render",
            "leads",
            "leads:selected",
            "helper",
            "initialize",
            "getTemplate",
        ] {
            assert_eq!(typo_of(&key(fine, false)), None, "{fine}");
        }
    }
}
