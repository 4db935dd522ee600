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
pub mod unshipped;

/// How findings show an entry name (control characters escaped); `amolint pack` shows names the
/// same way.
pub use files::common::printable;

use amolint_core::registry::Registry;
use amolint_core::rule::{BUILTIN_PACKS, Pack};

/// The built-in packs, in the order of [`BUILTIN_PACKS`], the one list of their names and order.
pub fn builtin_packs() -> Vec<Pack> {
    BUILTIN_PACKS
        .iter()
        .filter_map(|name| builtin_pack(name))
        .collect()
}

/// The built-in pack named `name`; `None` for a name that is not one of [`BUILTIN_PACKS`].
fn builtin_pack(name: &str) -> Option<Pack> {
    Some(match name {
        "files" => files::pack(),
        "manifest" => manifest::pack(),
        "locales" => locales::pack(),
        "images" => images::pack(),
        "tour" => tour::pack(),
        "integrations" => integrations::pack(),
        "script" => script::pack(),
        "security" => security::pack(),
        _ => return None,
    })
}

/// A registry of the built-in rules.
pub fn registry() -> Registry {
    Registry::new(builtin_packs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_pack_is_built_under_its_own_name() {
        let built: Vec<&str> = builtin_packs().iter().map(|p| p.name).collect();
        assert_eq!(built, BUILTIN_PACKS);
        assert!(builtin_pack("org").is_none());
    }
}
