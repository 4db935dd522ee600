//! Organisation rule packs: the rules a company adds to amolint without forking it, either
//! declaratively (`[[rule]]` in `rules.toml`, [`declarative`]) or as native libraries speaking
//! ABI v1 (`[[plugins]]`, [`native`]). Builds the run's [`Registry`]: built-in packs first, then
//! the declarative pack, then each native pack.
//!
//! Owns the validation of what organisation packs declare (codes, names, pack names) and their
//! loading. It must not change how built-in rules behave, and nothing it loads is ever unloaded
//! (rule metadata is leaked to `'static` for that reason). It does not decide whether native code
//! may run: the caller says so (`--no-native-packs`).

pub mod declarative;
pub mod native;

use amolint_core::config::{OrgConfig, Place};
use amolint_core::registry::Registry;
use amolint_core::rule::{DynamicPack, Pack, Rule, RuleDocs, RuleMeta};
use amolint_core::severity::Severity;
use declarative::{DECLARATIVE_PACK, GivenUse};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use native::{CHILD_COMMAND, serve_child};

/// What the run must say at its end about organisation packs.
#[derive(Debug, Default)]
pub struct OrgRun {
    /// Every declarative rule's `given`, to find those that never matched.
    pub givens: Vec<Arc<GivenUse>>,
    /// The native packs not loaded because of `--no-native-packs`.
    pub skipped: Vec<PathBuf>,
}

impl OrgRun {
    /// The declarative rules that ran and whose `given` matched nothing in any widget checked.
    pub fn unmatched(&self) -> Vec<&GivenUse> {
        self.givens
            .iter()
            .filter(|g| g.never_matched())
            .map(|g| &**g)
            .collect()
    }
}

/// How native packs may be loaded.
pub struct NativePolicy<'a> {
    /// False with `--no-native-packs`: no `[[plugins]]` entry is loaded.
    pub allowed: bool,
    /// The amolint binary, run as the child process of `isolate = true` packs.
    pub exe: &'a Path,
}

/// The registry of a run: `builtin` packs and the organisation packs `org` declares.
pub fn registry(
    builtin: Vec<Pack>,
    org: &OrgConfig,
    policy: &NativePolicy<'_>,
) -> Result<(Registry, OrgRun), String> {
    let mut taken = Taken::default();
    for pack in &builtin {
        taken.packs.push(pack.name.to_string());
        for rule in &pack.rules {
            let meta = rule.meta();
            taken.codes.push(meta.code.to_string());
            taken.names.push(meta.name.to_string());
            if let Some(prefix) = code_prefix(meta.code)
                && !taken.prefixes.iter().any(|p| p == prefix)
            {
                taken.prefixes.push(prefix.to_string());
            }
        }
    }
    taken.prefixes.push("AMO".to_string());
    taken.packs.push("engine".to_string());

    let mut run = OrgRun::default();
    let mut packs = builtin;
    let compiled = declarative::compile_all(&org.rules).map_err(|e| e.to_string())?;
    if !compiled.rules.is_empty() {
        taken.packs.push(DECLARATIVE_PACK.to_string());
        let mut rules: Vec<Box<dyn Rule>> = Vec::new();
        for (rule, decl) in compiled.rules.into_iter().zip(&org.rules) {
            let meta = rule.meta();
            taken
                .claim(meta.code, meta.name)
                .map_err(|problem| decl.at.error(problem).to_string())?;
            rules.push(Box::new(rule));
        }
        packs.push(Pack {
            name: DECLARATIVE_PACK,
            rules,
        });
        run.givens = compiled.givens;
    }

    let mut dynamic = Vec::new();
    for entry in &org.plugins {
        if !policy.allowed {
            run.skipped.push(entry.path.clone());
            continue;
        }
        let fail = |problem: String| plugin_error(&entry.path, &entry.at, &problem);
        let (info, loader) = native::load(entry, policy.exe).map_err(fail)?;
        if !valid_pack_name(&info.name) {
            return Err(fail(format!(
                "pack name `{}` must be lower-case letters, digits, `-` or `_`",
                info.name
            )));
        }
        if taken.packs.contains(&info.name) {
            return Err(fail(format!(
                "pack name `{}` is taken by a built-in pack or another organisation pack",
                info.name
            )));
        }
        if info.rules.is_empty() {
            return Err(fail("the pack declares no rules".to_string()));
        }
        taken.packs.push(info.name.clone());
        let pack_name = leak(info.name.clone());
        let mut metas = Vec::new();
        for rule in &info.rules {
            let problem = |p: String| fail(format!("rule `{}`: {p}", rule.code));
            if !valid_code(&rule.code) {
                return Err(problem(
                    "a code must be upper-case letters then digits, such as ACME001".to_string(),
                ));
            }
            if !valid_name(&rule.name) {
                return Err(problem(format!(
                    "name `{}` must be lower-case kebab-case, such as no-secret-key",
                    rule.name
                )));
            }
            let severity = parse_severity(&rule.severity).ok_or_else(|| {
                problem(format!(
                    "severity `{}` must be error, warning or info",
                    rule.severity
                ))
            })?;
            taken.claim(&rule.code, &rule.name).map_err(problem)?;
            metas.push(&*Box::leak(Box::new(RuleMeta {
                code: leak(rule.code.clone()),
                name: leak(rule.name.clone()),
                pack: pack_name,
                amocrm: Some(severity),
                kommo: Some(severity),
                summary: leak(rule.summary.clone()),
                docs: RuleDocs::what_only(leak(if rule.docs.is_empty() {
                    format!("Rule of the native pack `{}` {}.", info.name, info.version)
                } else {
                    rule.docs.clone()
                })),
                options: &[],
            })));
        }
        dynamic.push(DynamicPack {
            name: pack_name,
            rules: metas.clone(),
            checker: Box::new(loader.finish(pack_name, metas)),
        });
    }
    Ok((Registry::with_dynamic(packs, dynamic), run))
}

fn plugin_error(path: &Path, at: &Place, problem: &str) -> String {
    format!(
        "native rule pack {} ([[plugins]] at {}:{}:{}): {problem}",
        path.display(),
        at.file,
        at.line,
        at.column
    )
}

/// Codes, names and pack names already in use.
#[derive(Default)]
struct Taken {
    codes: Vec<String>,
    names: Vec<String>,
    prefixes: Vec<String>,
    packs: Vec<String>,
}

impl Taken {
    fn claim(&mut self, code: &str, name: &str) -> Result<(), String> {
        if let Some(prefix) = code_prefix(code)
            && self.prefixes.iter().any(|p| p == prefix)
        {
            return Err(format!(
                "code `{code}` uses the prefix `{prefix}` of built-in rules; pick your organisation's own"
            ));
        }
        if self.codes.iter().any(|c| c == code) {
            return Err(format!("code `{code}` is declared twice"));
        }
        if self.names.iter().any(|n| n == name) {
            return Err(format!("rule name `{name}` is already taken"));
        }
        self.codes.push(code.to_string());
        self.names.push(name.to_string());
        Ok(())
    }
}

/// The letters of a code: `MAN` for `MAN004`.
fn code_prefix(code: &str) -> Option<&str> {
    let end = code.find(|c: char| c.is_ascii_digit())?;
    Some(&code[..end])
}

/// Upper-case letters then digits: `ACME001`.
pub(crate) fn valid_code(code: &str) -> bool {
    let letters = code.chars().take_while(char::is_ascii_uppercase).count();
    let digits = code.len() - letters;
    letters >= 2
        && digits >= 1
        && code.len() <= 16
        && code[letters..].chars().all(|c| c.is_ascii_digit())
}

/// Lower-case kebab-case: `no-secret-key`.
pub(crate) fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn valid_pack_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 32
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

pub(crate) fn parse_severity(text: &str) -> Option<Severity> {
    match text {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

/// Leaks a string for `RuleMeta`: organisation packs live as long as the process.
pub(crate) fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_follow_the_catalogue_style() {
        assert!(valid_code("ACME001"));
        assert!(!valid_code("acme001"));
        assert!(!valid_code("ACME"));
        assert!(!valid_code("A1"));
        assert!(!valid_code("ACME01X"));
        assert!(valid_name("no-secret-key"));
        assert!(!valid_name("No-secret"));
        assert!(!valid_name("trailing-"));
        assert_eq!(code_prefix("MAN004"), Some("MAN"));
    }
}
