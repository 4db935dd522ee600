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

use amolint_core::WidgetReport;
use amolint_core::config::{OrgConfig, Place, PluginEntry};
use amolint_core::registry::Registry;
use amolint_core::rule::{DynamicPack, Pack, Rule, RuleDocs, RuleMeta};
use amolint_core::severity::Severity;
use declarative::{DECLARATIVE_PACK, GivenRule};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub use native::{CHILD_COMMAND, serve_child};

/// What a run knows about its organisation packs beyond the registry: what identifies them
/// for the cache, and what the run must say at its end.
#[derive(Debug, Default)]
pub struct OrgRun {
    /// Every declarative rule with a `given`, to find those that never matched.
    pub givens: Vec<GivenRule>,
    /// The native packs not loaded because of `--no-native-packs`.
    pub skipped: Vec<PathBuf>,
    /// Each declarative rule's definition: its keys and values, in order.
    declared: Vec<Vec<(String, toml::Value)>>,
    /// Each native pack loaded: its entry and what `amolint_describe` returned.
    natives: Vec<(PluginEntry, String)>,
}

impl OrgRun {
    /// The declarative rules with a `given` that ran and matched nothing in any widget, as the
    /// widgets' reports tell.
    pub fn unmatched(&self, tally: &GivenTally) -> Vec<&GivenRule> {
        self.givens
            .iter()
            .filter(|g| tally.matched.get(g.code) == Some(&false))
            .collect()
    }

    /// Everything about the organisation packs that can change a finding, as stable text for the
    /// cache's keys: each declarative rule's keys and values (not its place in the file), and
    /// each native pack's path, the BLAKE3 hash of its library's bytes, what `amolint_describe`
    /// returned, and its options, isolation and timeout.
    pub fn identity(&self) -> String {
        let mut text = String::new();
        for fields in &self.declared {
            let _ = writeln!(text, "rule {fields:?}");
        }
        for (entry, description) in &self.natives {
            // A library that cannot be read now gets a key of its own, which no entry has.
            let bytes = match std::fs::read(&entry.path) {
                Ok(bytes) => blake3::hash(&bytes).to_hex().to_string(),
                Err(e) => format!("unreadable: {e}"),
            };
            let _ = writeln!(
                text,
                "pack {:?} {bytes} {description:?} {:?} {} {:?}",
                entry.path, entry.options, entry.isolate, entry.timeout
            );
        }
        text
    }
}

/// Whether each declarative rule's `given` matched, over the widgets of a run: what their
/// reports say, whether they were checked now or read back from the cache.
#[derive(Debug, Default)]
pub struct GivenTally {
    /// By rule code: true once the `given` matched in some widget.
    matched: BTreeMap<String, bool>,
}

impl GivenTally {
    pub fn add(&mut self, report: &WidgetReport) {
        for given in &report.givens {
            *self.matched.entry(given.code.clone()).or_default() |= given.matched;
        }
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

    let mut run = OrgRun {
        declared: org
            .rules
            .iter()
            .map(|decl| {
                decl.fields
                    .iter()
                    .map(|f| (f.key.clone(), f.value.clone()))
                    .collect()
            })
            .collect(),
        ..OrgRun::default()
    };
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
        run.natives
            .push((entry.clone(), loader.description().to_string()));
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
    use amolint_core::config::RawConfig;
    use amolint_core::diagnostic::GivenMatch;
    use amolint_core::source::SourceKind;

    fn run_of(text: &str) -> OrgRun {
        let raw = RawConfig::parse(text, "rules.toml").expect("config");
        let policy = NativePolicy {
            allowed: false,
            exe: Path::new("amolint"),
        };
        registry(Vec::new(), raw.org(), &policy)
            .expect("registry")
            .1
    }

    fn report(givens: &[(&str, bool)]) -> WidgetReport {
        WidgetReport {
            path: "w".to_string(),
            kind: SourceKind::Directory,
            platform: amolint_core::Platform::Kommo,
            platform_reason: String::new(),
            diagnostics: Vec::new(),
            archive_size: None,
            givens: givens
                .iter()
                .map(|&(code, matched)| GivenMatch {
                    code: code.to_string(),
                    matched,
                })
                .collect(),
        }
    }

    const RULES: &str = "[[rule]]\ncode = \"ACME001\"\nname = \"a\"\ngiven = \"$.a\"\nforbidden = true\nmessage = \"m\"\n\n[[rule]]\ncode = \"ACME002\"\nname = \"b\"\ngiven = \"$.b\"\nforbidden = true\nmessage = \"m\"\n";

    #[test]
    fn a_given_is_unmatched_when_it_ran_and_matched_in_no_report() {
        let run = run_of(RULES);
        let unmatched = |reports: &[WidgetReport]| {
            let mut tally = GivenTally::default();
            reports.iter().for_each(|r| tally.add(r));
            run.unmatched(&tally)
                .iter()
                .map(|g| g.code)
                .collect::<Vec<_>>()
        };
        // ACME002 never ran (off everywhere): nothing to say about it.
        assert_eq!(unmatched(&[report(&[("ACME001", false)])]), ["ACME001"]);
        assert_eq!(
            unmatched(&[
                report(&[("ACME001", false), ("ACME002", false)]),
                report(&[("ACME001", true), ("ACME002", false)]),
            ]),
            ["ACME002"]
        );
        assert!(unmatched(&[]).is_empty());
    }

    #[test]
    fn the_identity_follows_each_rule_definition_not_its_place() {
        let first = run_of(RULES).identity();
        assert_eq!(run_of(RULES).identity(), first);
        assert_eq!(run_of(&format!("\n\n{RULES}")).identity(), first);
        assert_ne!(run_of(&RULES.replace("$.b", "$.c")).identity(), first);
        assert_ne!(
            run_of(&RULES.replace(
                "forbidden = true\nmessage = \"m\"\n\n",
                "forbidden = true\nmessage = \"n\"\n\n"
            ))
            .identity(),
            first
        );
    }

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
