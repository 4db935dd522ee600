//! The built-in rule packs, one folder per pack and one file per rule.
//!
//! Each rule file holds the rule's code, its [`RuleMeta`](amolint_core::rule::RuleMeta) with the
//! documentation `amolint explain` prints, and its check. Rules read the widget through
//! [`amolint_core::widget::Widget`] and report [`Finding`](amolint_core::rule::Finding)s; they
//! must not format output, read files other than through the widget, or decide final severities.

mod address;

pub mod files;
pub mod images;
pub mod integrations;
pub mod locales;
pub mod manifest;
pub mod script;
pub mod security;
pub mod tour;

use amolint_core::registry::Registry;
use amolint_core::rule::Pack;

/// The built-in packs in execution order.
pub fn builtin_packs() -> Vec<Pack> {
    vec![
        files::pack(),
        manifest::pack(),
        locales::pack(),
        images::pack(),
        tour::pack(),
        integrations::pack(),
        script::pack(),
        security::pack(),
    ]
}

/// A registry of the built-in rules.
pub fn registry() -> Registry {
    Registry::new(builtin_packs())
}
