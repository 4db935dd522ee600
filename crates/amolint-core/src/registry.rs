//! The set of rules a run knows: the built-in packs plus any organisation packs, in execution order,
//! with lookup by code, name and code prefix (the selectors `rules.toml` accepts).

use crate::rule::{Pack, Rule, RuleMeta};

/// All known rules, flattened in pack order.
pub struct Registry {
    packs: Vec<&'static str>,
    rules: Vec<Box<dyn Rule>>,
}

/// What a selector in `rules.toml` matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// One rule, by code or name.
    Exact(usize),
    /// Every rule whose code starts with the prefix (`I18N`, `MAN00`).
    Prefix(Vec<usize>),
}

impl Registry {
    pub fn new(packs: Vec<Pack>) -> Self {
        let mut names = Vec::new();
        let mut rules = Vec::new();
        for pack in packs {
            names.push(pack.name);
            rules.extend(pack.rules);
        }
        Registry {
            packs: names,
            rules,
        }
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
