//! The set of rules a run knows: the built-in packs plus any organisation packs, in execution order,
//! with lookup by code, name and code prefix (the selectors `rules.toml` accepts).
//!
//! Rules of [`DynamicPack`]s (native organisation packs) are listed like any other rule, so that
//! configuration, `amolint rules` and the reports treat them alike, but they are checked by their
//! pack as a whole ([`Registry::dynamic_packs`]), never one by one.

use crate::rule::{Context, DynamicPack, Pack, Rule, RuleMeta, Sink};
use std::ops::Range;

/// All known rules, flattened in pack order.
pub struct Registry {
    packs: Vec<&'static str>,
    rules: Vec<Box<dyn Rule>>,
    /// Rules before this index are checked one by one; the rest belong to dynamic packs.
    per_rule: usize,
    dynamic: Vec<(DynamicPack, Range<usize>)>,
}

/// Stands for a dynamic pack's rule in the rule list; the pack checks it.
struct CheckedByPack(&'static RuleMeta);

impl Rule for CheckedByPack {
    fn meta(&self) -> &'static RuleMeta {
        self.0
    }

    fn check(&self, _: &Context<'_>, _: &mut Sink) {}
}

/// What a selector in `rules.toml` matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// One rule, by code or name.
    Exact(usize),
    /// Every rule whose code starts with the prefix (`I18N`, `MAN00`).
    Prefix(Vec<usize>),
}

impl Selection {
    /// The registry indices of the rules selected.
    pub fn indices(&self) -> &[usize] {
        match self {
            Selection::Exact(i) => std::slice::from_ref(i),
            Selection::Prefix(indices) => indices,
        }
    }
}

impl Registry {
    pub fn new(packs: Vec<Pack>) -> Self {
        let mut names = Vec::new();
        let mut rules = Vec::new();
        for pack in packs {
            names.push(pack.name);
            rules.extend(pack.rules);
        }
        let per_rule = rules.len();
        Registry {
            packs: names,
            rules,
            per_rule,
            dynamic: Vec::new(),
        }
    }

    /// The rules of `packs`, checked one by one, then those of `dynamic`, checked per pack.
    pub fn with_dynamic(packs: Vec<Pack>, dynamic: Vec<DynamicPack>) -> Self {
        let mut registry = Registry::new(packs);
        for pack in dynamic {
            let start = registry.rules.len();
            registry.packs.push(pack.name);
            registry.rules.extend(
                pack.rules
                    .iter()
                    .map(|&meta| Box::new(CheckedByPack(meta)) as Box<dyn Rule>),
            );
            let range = start..registry.rules.len();
            registry.dynamic.push((pack, range));
        }
        registry
    }

    /// The rules checked one by one (built-in and declarative rules).
    pub fn per_rule(&self) -> &[Box<dyn Rule>] {
        &self.rules[..self.per_rule]
    }

    /// The dynamic packs and the registry indices of their rules.
    pub fn dynamic_packs(&self) -> &[(DynamicPack, Range<usize>)] {
        &self.dynamic
    }

    pub fn pack_names(&self) -> &[&'static str] {
        &self.packs
    }

    pub fn rules(&self) -> &[Box<dyn Rule>] {
        &self.rules
    }

    pub fn meta(&self, index: usize) -> &'static RuleMeta {
        self.rules[index].meta()
    }

    pub fn index_of_code(&self, code: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.meta().code == code)
    }

    /// Resolves a selector: a code, a name, or a code prefix matching at least one rule.
    pub fn select(&self, selector: &str) -> Option<Selection> {
        if let Some(i) = self
            .rules
            .iter()
            .position(|r| r.meta().code == selector || r.meta().name == selector)
        {
            return Some(Selection::Exact(i));
        }
        if selector.is_empty()
            || !selector
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            return None;
        }
        let matched: Vec<usize> = (0..self.rules.len())
            .filter(|&i| self.meta(i).code.starts_with(selector))
            .collect();
        (!matched.is_empty()).then_some(Selection::Prefix(matched))
    }

    /// The known code or name closest to `selector`, for "did you mean".
    pub fn suggest(&self, selector: &str) -> Option<&'static str> {
        let candidates = self
            .rules
            .iter()
            .flat_map(|r| [r.meta().code, r.meta().name]);
        crate::suggest::nearest(selector, candidates)
    }
}
