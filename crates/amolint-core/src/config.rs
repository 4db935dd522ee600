//! `rules.toml`: finding it, reading it with exact error positions, and resolving it into the
//! level of every rule for every widget.
//!
//! Owns the configuration file format and its validation against a [`Registry`]. It must not run
//! rules or know what they check; it only knows their codes, names, packs and declared options.
//!
//! The file is read with `toml`'s spanned `DeTable` rather than serde derive so that every error
//! (an unknown key, a bad value, an unknown rule) carries the line and column of the key or value
//! at fault together with a "did you mean".

use crate::platform::PlatformChoice;
use crate::registry::{Registry, Selection};
use crate::rule::OptionKind;
use crate::severity::{FailOn, Level, Severity};
use crate::text::LineIndex;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The name looked up from the current directory upwards.
pub const CONFIG_FILE_NAME: &str = "rules.toml";

const TOP_LEVEL_KEYS: [&str; 5] = ["platform", "fail-on", "packs", "rules", "overrides"];
const OVERRIDE_KEYS: [&str; 2] = ["paths", "rules"];
/// Keys that belong to features of later versions; named so the error says so instead of
/// calling them typos.
const NOT_YET_KEYS: [&str; 3] = ["plugins", "rule", "extends"];

/// A configuration error: where in which file, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ConfigError {}

/// A level (and options) for one selector, as written in `[rules]` or an override.
#[derive(Clone, Debug)]
pub struct RuleSetting {
    pub selector: String,
    pub selection: Selection,
    pub level: Option<Level>,
    pub options: toml::Table,
}

/// `[[overrides]]`: settings that apply to widgets whose path matches one of the globs.
#[derive(Clone, Debug)]
pub struct Override {
    pub paths: Vec<String>,
    globs: GlobSet,
    pub rules: Vec<RuleSetting>,
}

impl Override {
    pub fn matches(&self, widget_path: &str) -> bool {
        let path = widget_path.replace('\\', "/");
        let trimmed = path.trim_start_matches("./");
        self.globs.is_match(trimmed) || self.globs.is_match(&path)
    }
}

/// The configuration of a run.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    pub platform: PlatformChoice,
    pub fail_on: FailOn,
    /// `[packs]`: explicit switches, by pack name.
    pub packs: Vec<(String, bool)>,
    pub rules: Vec<RuleSetting>,
    pub overrides: Vec<Override>,
}

/// The effective level and options of every rule for one widget, by registry index.
#[derive(Clone, Debug)]
pub struct RuleLevels {
    /// `None`: off. `Some(None)`: on at the rule's default for the platform (or the finding's
    /// own grade). `Some(Some(s))`: on, every finding at `s`.
    pub levels: Vec<Option<Option<Severity>>>,
    pub options: Vec<Option<toml::Table>>,
}

impl Config {
    /// Finds `rules.toml` in `start` or the nearest parent folder.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|dir| dir.join(CONFIG_FILE_NAME))
            .find(|candidate| candidate.is_file())
    }

    /// Reads and validates a configuration file.
    pub fn load(path: &Path, registry: &Registry) -> Result<Config, ConfigError> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: display.clone(),
            line: 1,
            column: 1,
            message: format!("cannot read the configuration file: {e}"),
        })?;
        let mut config = Config::parse(&text, &display, registry)?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses configuration text; `file` names it in errors.
    pub fn parse(text: &str, file: &str, registry: &Registry) -> Result<Config, ConfigError> {
        let reader = Reader {
            text,
            file,
            lines: LineIndex::new(text),
            registry,
        };
        let table = DeTable::parse(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            reader.error(span.start, format!("invalid TOML: {}", e.message().trim()))
        })?;
        reader.read_config(table.get_ref())
    }

    /// The level and options of every rule for the widget at `widget_path`.
    pub fn levels_for(&self, registry: &Registry, widget_path: &str) -> RuleLevels {
        let n = registry.rules().len();
        let mut levels: Vec<Option<Option<Severity>>> = (0..n)
            .map(|i| {
                let pack = registry.meta(i).pack;
                let pack_on = self
                    .packs
                    .iter()
                    .rev()
                    .find(|(name, _)| name == pack)
                    .is_none_or(|(_, on)| *on);
                pack_on.then_some(None)
            })
            .collect();
        let mut options: Vec<Option<toml::Table>> = vec![None; n];
        let mut apply = |settings: &[RuleSetting]| {
            // Prefixes first, shortest first, then exact selectors: the more specific wins.
            let mut ordered: Vec<&RuleSetting> = settings.iter().collect();
            ordered.sort_by_key(|s| match &s.selection {
                Selection::Prefix(_) => (0, s.selector.len()),
                Selection::Exact(_) => (1, 0),
            });
            for setting in ordered {
                let indices = match &setting.selection {
                    Selection::Exact(i) => vec![*i],
                    Selection::Prefix(v) => v.clone(),
                };
                for i in indices {
                    match setting.level {
                        Some(Level::Off) => levels[i] = None,
                        Some(Level::On(s)) => levels[i] = Some(Some(s)),
                        None => {
                            if levels[i].is_none() {
                                levels[i] = Some(None);
                            }
                        }
                    }
                    if !setting.options.is_empty() {
                        options[i] = Some(setting.options.clone());
                    }
                }
            }
        };
        apply(&self.rules);
        for o in &self.overrides {
            if o.matches(widget_path) {
                apply(&o.rules);
            }
        }
        RuleLevels { levels, options }
    }

    /// The options set for the rule `code` in `[rules]` (not overrides), for settings that apply
    /// before any widget is opened, such as ARC008's archive limits.
    pub fn global_options(&self, code: &str, registry: &Registry) -> Option<&toml::Table> {
        let index = registry.index_of_code(code)?;
        self.rules
            .iter()
            .rev()
            .find(|s| s.selection == Selection::Exact(index) && !s.options.is_empty())
            .map(|s| &s.options)
    }
}

struct Reader<'a> {
    text: &'a str,
    file: &'a str,
    lines: LineIndex,
    registry: &'a Registry,
}

type Entry<'i> = (
    &'i Spanned<std::borrow::Cow<'i, str>>,
    &'i Spanned<DeValue<'i>>,
);

impl Reader<'_> {
    fn error(&self, offset: usize, message: impl Into<String>) -> ConfigError {
        let pos = self.lines.position(self.text, offset);
        ConfigError {
            file: self.file.to_string(),
            line: pos.line,
            column: pos.column,
            message: message.into(),
        }
    }

    fn unknown_key(
        &self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        known: &[&str],
        place: &str,
    ) -> ConfigError {
        let name = key.get_ref().as_ref();
        let mut message = format!("unknown key `{name}` {place}");
        if let Some(near) = crate::suggest::nearest(name, known.iter().copied()) {
            message.push_str(&format!("; did you mean `{near}`?"));
        } else {
            message.push_str(&format!("; expected one of: {}", known.join(", ")));
        }
        self.error(key.span().start, message)
    }

    fn read_config(&self, table: &DeTable<'_>) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "platform" => {
                    config.platform = self
                        .string(value)?
                        .parse()
                        .map_err(|e: String| self.error(value.span().start, e))?
                }
                "fail-on" => {
                    config.fail_on = self
                        .string(value)?
                        .parse()
                        .map_err(|e: String| self.error(value.span().start, e))?
                }
                "packs" => config.packs = self.read_packs(value)?,
                "rules" => config.rules = self.read_rules(value)?,
                "overrides" => config.overrides = self.read_overrides(value)?,
                name if NOT_YET_KEYS.contains(&name) => {
                    return Err(self.error(
                        key.span().start,
                        format!("`{name}` (organisation rule packs) is not supported by this version of amolint"),
                    ));
                }
                _ => return Err(self.unknown_key(key, &TOP_LEVEL_KEYS, "at the top level")),
            }
        }
        Ok(config)
    }

    fn string<'v>(&self, value: &'v Spanned<DeValue<'_>>) -> Result<&'v str, ConfigError> {
        value.get_ref().as_str().ok_or_else(|| {
            self.error(
                value.span().start,
                format!("expected a string, found {}", value.get_ref().type_str()),
            )
        })
    }

    fn table<'v, 'i>(
        &self,
        value: &'v Spanned<DeValue<'i>>,
        what: &str,
    ) -> Result<&'v DeTable<'i>, ConfigError> {
        value.get_ref().as_table().ok_or_else(|| {
            self.error(
                value.span().start,
                format!(
                    "`{what}` must be a table, found {}",
                    value.get_ref().type_str()
                ),
            )
        })
    }

    fn read_packs(&self, value: &Spanned<DeValue<'_>>) -> Result<Vec<(String, bool)>, ConfigError> {
        let mut packs = Vec::new();
        for (key, value) in self.table(value, "packs")?.iter() {
            let name = key.get_ref().as_ref();
            if !self.registry.pack_names().contains(&name) {
                return Err(self.unknown_key(
                    key,
                    self.registry.pack_names(),
                    "in [packs] (not a rule pack)",
                ));
            }
            let on = value.get_ref().as_bool().ok_or_else(|| {
                self.error(
                    value.span().start,
                    format!("pack `{name}` must be true or false"),
                )
            })?;
            packs.push((name.to_string(), on));
        }
        Ok(packs)
    }

    fn read_rules(&self, value: &Spanned<DeValue<'_>>) -> Result<Vec<RuleSetting>, ConfigError> {
        let table = self.table(value, "rules")?;
        table.iter().map(|entry| self.read_rule(entry)).collect()
    }

    fn read_rule(&self, (key, value): Entry<'_>) -> Result<RuleSetting, ConfigError> {
        let selector = key.get_ref().as_ref();
        let selection = self.registry.select(selector).ok_or_else(|| {
            let mut message = format!("unknown rule `{selector}`");
            if let Some(near) = self.registry.suggest(selector) {
                message.push_str(&format!("; did you mean `{near}`?"));
            } else {
                message.push_str("; `amolint rules` lists every code and name");
            }
            self.error(key.span().start, message)
        })?;
        let mut setting = RuleSetting {
            selector: selector.to_string(),
            selection: selection.clone(),
            level: None,
            options: toml::Table::new(),
        };
        match value.get_ref() {
            DeValue::String(level) => setting.level = Some(self.level(level, value.span().start)?),
            DeValue::Table(table) => {
                let declared: &[crate::rule::RuleOption] = match selection {
                    Selection::Exact(i) => self.registry.meta(i).options,
                    Selection::Prefix(_) => &[],
                };
                for (opt_key, opt_value) in table.iter() {
                    let name = opt_key.get_ref().as_ref();
                    if name == "level" {
                        let level = self.string(opt_value)?;
                        setting.level = Some(self.level(level, opt_value.span().start)?);
                        continue;
                    }
                    let Some(option) = declared.iter().find(|o| o.name == name) else {
                        let mut known: Vec<&str> = vec!["level"];
                        known.extend(declared.iter().map(|o| o.name));
                        return Err(self.unknown_key(
                            opt_key,
                            &known,
                            &format!("for rule `{selector}`"),
                        ));
                    };
                    let parsed = self.option_value(option.kind, opt_value, name)?;
                    setting.options.insert(name.to_string(), parsed);
                }
            }
            other => {
                return Err(self.error(
                    value.span().start,
                    format!(
                        "rule `{selector}` takes a level (\"off\", \"info\", \"warning\", \"error\") or a table with `level` and options, found {}",
                        other.type_str()
                    ),
                ));
            }
        }
        Ok(setting)
    }

    fn level(&self, text: &str, offset: usize) -> Result<Level, ConfigError> {
        text.parse().map_err(|e: String| self.error(offset, e))
    }

    fn option_value(
        &self,
        kind: OptionKind,
        value: &Spanned<DeValue<'_>>,
        name: &str,
    ) -> Result<toml::Value, ConfigError> {
        let at = value.span().start;
        let number = match (kind, value.get_ref()) {
            (_, DeValue::Integer(i)) => {
                i64::from_str_radix(i.as_str().replace('_', "").as_str(), i.radix()).ok()
            }
            (OptionKind::Bytes, DeValue::String(s)) => {
                parse_bytes(s).and_then(|b| i64::try_from(b).ok())
            }
            _ => None,
        };
        match number {
            Some(n) if n > 0 => Ok(toml::Value::Integer(n)),
            _ => Err(self.error(
                at,
                match kind {
                    OptionKind::Count => format!("`{name}` must be a positive integer"),
                    OptionKind::Bytes => format!("`{name}` must be a positive size: bytes as an integer, or a string such as \"256MiB\""),
                },
            )),
        }
    }

    fn read_overrides(&self, value: &Spanned<DeValue<'_>>) -> Result<Vec<Override>, ConfigError> {
        let items = value.get_ref().as_array().ok_or_else(|| {
            self.error(
                value.span().start,
                "`overrides` must be an array of tables: [[overrides]]",
            )
        })?;
        let mut overrides = Vec::new();
        for item in items.iter() {
            let table = self.table(item, "overrides")?;
            let mut paths = Vec::new();
            let mut builder = GlobSetBuilder::new();
            let mut rules = Vec::new();
            let mut saw_paths = false;
            for (key, value) in table.iter() {
                match key.get_ref().as_ref() {
                    "paths" => {
                        saw_paths = true;
                        let list = value.get_ref().as_array().ok_or_else(|| {
                            self.error(
                                value.span().start,
                                "`paths` must be an array of glob patterns",
                            )
                        })?;
                        for pattern in list.iter() {
                            let text = self.string(pattern)?;
                            let glob = Glob::new(text).map_err(|e| {
                                self.error(
                                    pattern.span().start,
                                    format!("invalid glob `{text}`: {}", e.kind()),
                                )
                            })?;
                            builder.add(glob);
                            paths.push(text.to_string());
                        }
                    }
                    "rules" => rules = self.read_rules(value)?,
                    _ => return Err(self.unknown_key(key, &OVERRIDE_KEYS, "in [[overrides]]")),
                }
            }
            if !saw_paths {
                return Err(self.error(item.span().start, "an [[overrides]] entry needs `paths`"));
            }
            let globs = builder
                .build()
                .map_err(|e| self.error(item.span().start, format!("invalid glob: {e}")))?;
            overrides.push(Override {
                paths,
                globs,
                rules,
            });
        }
        Ok(overrides)
    }
}

/// `"256MiB"`, `"10 MB"`, `"5000"` → bytes. Binary and decimal units, case-insensitive.
pub fn parse_bytes(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '_')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.replace('_', "").parse().ok()?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "kib" => 1 << 10,
        "m" | "mb" => 1_000_000,
        "mib" => 1 << 20,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        _ => return None,
    };
    number.checked_mul(factor)
}

/// Reads an option set by [`Config`]: integer values were validated at load time.
pub fn option_u64(options: Option<&toml::Table>, name: &str) -> Option<u64> {
    options?
        .get(name)?
        .as_integer()
        .and_then(|n| u64::try_from(n).ok())
}
