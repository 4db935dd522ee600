//! Resolving a [`RawConfig`] against the run's [`Registry`]: every selector to the rules it
//! names, every option checked against what its rule declares, into the [`Config`] of the run.
//!
//! Owns the meaning of names in the configuration (codes, rule names, prefixes, pack names). It
//! must not read files; the raw configuration holds everything read.

use super::limits::LIMITS_RULE;
use super::raw::{
    RawConfig, RawOption, RawOverride, RawPack, RawRule, RawRuleValue, RawScalar, Step, unknown_key,
};
use super::{Config, ConfigError, Override, Place, RuleSetting, parse_bytes};
use crate::registry::{Registry, Selection};
use crate::rule::{OptionKind, RuleOption};
use crate::severity::Level;

impl RawConfig {
    /// The configuration of a run whose rules are `registry`'s. Errors name the file, line and
    /// column of what is wrong, with a "did you mean" where one is near.
    pub fn resolve(&self, registry: &Registry) -> Result<Config, ConfigError> {
        let resolver = Resolver {
            registry,
            // `--no-native-packs` leaves `[[plugins]]` entries unloaded: their rules and packs
            // are unknown here, not misspelt, so selectors that match nothing are ignored.
            skipped_packs: self.org.plugins.len() > registry.dynamic_packs().len(),
        };
        let mut config = Config {
            path: self.path.clone(),
            ..Config::default()
        };
        for step in self.files.iter().flatten() {
            match step {
                Step::Platform(platform) => config.platform = *platform,
                Step::FailOn(fail_on) => config.fail_on = *fail_on,
                Step::Packs(packs) => config.packs.extend(resolver.packs(packs)?),
                Step::Rules(rules) => {
                    for setting in resolver.rules(rules, false)? {
                        if let Selection::Exact(i) = setting.selection
                            && registry.meta(i).code == LIMITS_RULE
                            && !setting.options.is_empty()
                        {
                            config.limit_options = Some(setting.options.clone());
                        }
                        config.rules.push(setting);
                    }
                }
                Step::Override(entry) => config.overrides.push(resolver.entry(entry)?),
                Step::Pack(pack) => {
                    config.pack.exclude.extend(&pack.exclude);
                    config.pack.include.extend(&pack.include);
                }
                Step::Failed(error) => return Err(error.clone()),
            }
        }
        Ok(config)
    }
}

struct Resolver<'a> {
    registry: &'a Registry,
    skipped_packs: bool,
}

impl Resolver<'_> {
    fn packs(&self, packs: &[RawPack]) -> Result<Vec<(String, bool)>, ConfigError> {
        let known = self.registry.pack_names();
        let mut out = Vec::new();
        for pack in packs {
            if !known.contains(&pack.name.as_str()) {
                if self.skipped_packs {
                    continue;
                }
                return Err(unknown_key(
                    &pack.name,
                    &pack.at,
                    known,
                    "in [packs] (not a rule pack)",
                ));
            }
            let on = pack.on.ok_or_else(|| {
                pack.value_at
                    .error(format!("pack `{}` must be true or false", pack.name))
            })?;
            out.push((pack.name.clone(), on));
        }
        Ok(out)
    }

    /// The settings of `[rules]`, or of an override's `rules` (`in_override`).
    fn rules(&self, rules: &[RawRule], in_override: bool) -> Result<Vec<RuleSetting>, ConfigError> {
        rules
            .iter()
            // The rules of a pack that was not loaded are unknown here, not misspelt.
            .filter(|rule| !(self.skipped_packs && self.registry.select(&rule.selector).is_none()))
            .map(|rule| self.rule(rule, in_override))
            .collect()
    }

    fn rule(&self, rule: &RawRule, in_override: bool) -> Result<RuleSetting, ConfigError> {
        let selector = rule.selector.as_str();
        let selection = self.registry.select(selector).ok_or_else(|| {
            let mut message = format!("unknown rule `{selector}`");
            if let Some(near) = self.registry.suggest(selector) {
                message.push_str(&format!("; did you mean `{near}`?"));
            } else {
                message.push_str("; `amolint rules` lists every code and name");
            }
            rule.at.error(message)
        })?;
        let mut setting = RuleSetting {
            selector: selector.to_string(),
            selection: selection.clone(),
            level: None,
            options: toml::Table::new(),
        };
        match &rule.value {
            RawRuleValue::Level(level, at) => setting.level = Some(level_of(level, at)?),
            RawRuleValue::Table(table) => {
                let meta = match selection {
                    Selection::Exact(i) => Some(self.registry.meta(i)),
                    Selection::Prefix(_) => None,
                };
                let declared: &[RuleOption] = meta.map_or(&[], |m| m.options);
                for option in table {
                    let name = option.name.as_str();
                    if name == "level" {
                        let RawScalar::String(level) = &option.value else {
                            return Err(option
                                .value_at
                                .error(format!("expected a string, found {}", option.type_str)));
                        };
                        setting.level = Some(level_of(level, &option.value_at)?);
                        continue;
                    }
                    if in_override && meta.is_some_and(|m| m.code == LIMITS_RULE) {
                        return Err(option.at.error(format!(
                            "`{name}` cannot be set in [[overrides]]: {LIMITS_RULE}'s options are \
                             the safety limits of the whole run, applied while each widget is \
                             read; set them under [rules]"
                        )));
                    }
                    let Some(declared) = declared.iter().find(|o| o.name == name) else {
                        let mut known: Vec<&str> = vec!["level"];
                        known.extend(declared.iter().map(|o| o.name));
                        return Err(unknown_key(
                            name,
                            &option.at,
                            &known,
                            &format!("for rule `{selector}`"),
                        ));
                    };
                    setting
                        .options
                        .insert(name.to_string(), option_value(declared.kind, option)?);
                }
            }
            RawRuleValue::Other(type_str, at) => {
                return Err(at.error(format!(
                    "rule `{selector}` takes a level (\"off\", \"info\", \"warning\", \"error\") or a table with `level` and options, found {type_str}"
                )));
            }
        }
        Ok(setting)
    }

    fn entry(&self, entry: &RawOverride) -> Result<Override, ConfigError> {
        Ok(Override {
            paths: entry.paths.clone(),
            globs: entry.globs.clone(),
            rules: self.rules(&entry.rules, true)?,
        })
    }
}

fn level_of(text: &str, at: &Place) -> Result<Level, ConfigError> {
    text.parse().map_err(|e: String| at.error(e))
}

/// A positive integer, or for a byte size also a string such as `"256MiB"`.
fn option_value(kind: OptionKind, option: &RawOption) -> Result<toml::Value, ConfigError> {
    let name = &option.name;
    let number = match (kind, &option.value) {
        (_, RawScalar::Integer(n)) => *n,
        (OptionKind::Bytes, RawScalar::String(s)) => {
            parse_bytes(s).and_then(|b| i64::try_from(b).ok())
        }
        _ => None,
    };
    match number {
        Some(n) if n > 0 => Ok(toml::Value::Integer(n)),
        _ => Err(option.value_at.error(match kind {
            OptionKind::Count => format!("`{name}` must be a positive integer"),
            OptionKind::Bytes => format!(
                "`{name}` must be a positive size: bytes as an integer, or a string such as \"256MiB\""
            ),
        })),
    }
}
