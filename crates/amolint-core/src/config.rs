//! `rules.toml`: finding it, reading it with exact error positions, and resolving it into the
//! level of every rule for every widget.
//!
//! Owns the configuration file format and its validation against a [`Registry`]. It must not run
//! rules or know what they check; it only knows their codes, names, packs and declared options.
//!
//! A configuration may `extends = ["…"]` other files (an organisation's shared rules): they are
//! read first, depth-first, and the extending file's settings come after theirs, so it wins.
//! `[[plugins]]` and `[[rule]]` define rules, so they are read in a first pass
//! ([`Config::load_org`]) before the registry they extend exists; the organisation-pack host
//! (`amolint-org`) validates what they say.
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

const TOP_LEVEL_KEYS: [&str; 8] = [
    "platform",
    "fail-on",
    "packs",
    "rules",
    "overrides",
    "extends",
    "plugins",
    "rule",
];
const OVERRIDE_KEYS: [&str; 2] = ["paths", "rules"];
const PLUGIN_KEYS: [&str; 4] = ["path", "options", "isolate", "timeout"];
/// How long an isolated native pack may take over one widget before it is killed.
pub const DEFAULT_PLUGIN_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// A place in a configuration file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Place {
    pub fn error(&self, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: self.file.clone(),
            line: self.line,
            column: self.column,
            message: message.into(),
        }
    }
}

/// A `[[plugins]]` entry: a native rule pack to load.
#[derive(Clone, Debug)]
pub struct PluginEntry {
    /// The library, resolved against the folder of the file that names it.
    pub path: PathBuf,
    pub options: toml::Table,
    /// Run the pack in a child process, so that a crash or a hang costs one AMO001.
    pub isolate: bool,
    pub timeout: std::time::Duration,
    /// The entry's `path` value.
    pub at: Place,
}

/// One key of a `[[rule]]` entry, kept raw: the organisation-pack host knows what it means.
#[derive(Clone, Debug)]
pub struct RuleField {
    pub key: String,
    pub value: toml::Value,
    pub key_at: Place,
    pub value_at: Place,
}

/// A `[[rule]]` entry: a declarative organisation rule.
#[derive(Clone, Debug)]
pub struct RuleDecl {
    /// The entry's table.
    pub at: Place,
    pub fields: Vec<RuleField>,
    /// The folder of the file that declares it.
    pub base: PathBuf,
}

/// What a configuration (with everything it extends) says about organisation packs.
#[derive(Clone, Debug, Default)]
pub struct OrgConfig {
    pub plugins: Vec<PluginEntry>,
    pub rules: Vec<RuleDecl>,
}

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

    /// Reads and validates a configuration file and every file it extends.
    pub fn load(path: &Path, registry: &Registry) -> Result<Config, ConfigError> {
        Config::load_with(path, registry, false)
    }

    /// [`Config::load`]; with `skipped_packs`, native packs were not loaded, so selectors that
    /// match no known rule or pack may be theirs and are ignored instead of rejected.
    pub fn load_with(
        path: &Path,
        registry: &Registry,
        skipped_packs: bool,
    ) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        for file in config_files(path)? {
            let display = file.path.display().to_string();
            let reader = Reader::new(&file.text, &display, registry, skipped_packs);
            let table = reader.parse()?;
            reader.read_config(table.get_ref(), &mut config)?;
        }
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses configuration text; `file` names it in errors. `extends` is not followed.
    pub fn parse(text: &str, file: &str, registry: &Registry) -> Result<Config, ConfigError> {
        let reader = Reader::new(text, file, registry, false);
        let table = reader.parse()?;
        let mut config = Config::default();
        reader.read_config(table.get_ref(), &mut config)?;
        Ok(config)
    }

    /// The `[[plugins]]` and `[[rule]]` entries of a configuration file and of every file it
    /// extends, extended files first.
    pub fn load_org(path: &Path) -> Result<OrgConfig, ConfigError> {
        let registry = Registry::new(Vec::new());
        let mut org = OrgConfig::default();
        for file in config_files(path)? {
            let display = file.path.display().to_string();
            let reader = Reader::new(&file.text, &display, &registry, false);
            let table = reader.parse()?;
            // Plugin paths are shown in messages: resolve them against the real folder, not
            // through the `..` of an `extends` chain.
            let base = file
                .path
                .parent()
                .map(|dir| {
                    let dir = if dir.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        dir
                    };
                    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
                })
                .unwrap_or_default();
            reader.read_org(table.get_ref(), &base, &mut org)?;
        }
        Ok(org)
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
    skipped_packs: bool,
}

/// A configuration file's text, in the order files are applied.
struct ConfigFile {
    path: PathBuf,
    text: String,
}

/// `path` and the files it extends, depth-first, each once, each before the file extending it.
fn config_files(path: &Path) -> Result<Vec<ConfigFile>, ConfigError> {
    let mut files = Vec::new();
    let mut seen = Vec::new();
    collect_config_files(path, &mut Vec::new(), &mut seen, &mut files)?;
    Ok(files)
}

fn collect_config_files(
    path: &Path,
    stack: &mut Vec<PathBuf>,
    seen: &mut Vec<PathBuf>,
    files: &mut Vec<ConfigFile>,
) -> Result<(), ConfigError> {
    let display = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: display.clone(),
        line: 1,
        column: 1,
        message: format!("cannot read the configuration file: {e}"),
    })?;
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    stack.push(canonical.clone());
    let registry = Registry::new(Vec::new());
    let reader = Reader::new(&text, &display, &registry, false);
    let table = reader.parse()?;
    if let Some(extends) = table.get_ref().get("extends") {
        let list = extends.get_ref().as_array().ok_or_else(|| {
            reader.error(
                extends.span().start,
                "`extends` must be an array of paths to other rules.toml files",
            )
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        for item in list.iter() {
            let written = reader.string(item)?;
            let target = base.join(written);
            if !target.is_file() {
                return Err(reader.error(
                    item.span().start,
                    format!(
                        "`extends`: `{written}` ({}) is not a file",
                        target.display()
                    ),
                ));
            }
            let canonical = target.canonicalize().unwrap_or_else(|_| target.clone());
            if stack.contains(&canonical) {
                return Err(reader.error(
                    item.span().start,
                    format!("`extends`: `{written}` extends this file again (a cycle)"),
                ));
            }
            if seen.contains(&canonical) {
                continue;
            }
            collect_config_files(&target, stack, seen, files)?;
        }
    }
    stack.pop();
    seen.push(canonical);
    files.push(ConfigFile {
        path: path.to_path_buf(),
        text,
    });
    Ok(())
}

/// A TOML value without its spans.
fn plain_value(value: &DeValue<'_>) -> toml::Value {
    match value {
        DeValue::String(s) => toml::Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            match i64::from_str_radix(&digits, i.radix()) {
                Ok(n) => toml::Value::Integer(n),
                Err(_) => toml::Value::String(i.as_str().to_string()),
            }
        }
        DeValue::Float(f) => {
            let text = f.as_str().replace('_', "");
            let number = match text.as_str() {
                "inf" | "+inf" => f64::INFINITY,
                "-inf" => f64::NEG_INFINITY,
                "nan" | "+nan" | "-nan" => f64::NAN,
                other => other.parse().unwrap_or(f64::NAN),
            };
            toml::Value::Float(number)
        }
        DeValue::Boolean(b) => toml::Value::Boolean(*b),
        DeValue::Datetime(d) => toml::Value::Datetime(*d),
        DeValue::Array(items) => {
            toml::Value::Array(items.iter().map(|v| plain_value(v.get_ref())).collect())
        }
        DeValue::Table(table) => toml::Value::Table(plain_table(table)),
    }
}

fn plain_table(table: &DeTable<'_>) -> toml::Table {
    table
        .iter()
        .map(|(k, v)| (k.get_ref().to_string(), plain_value(v.get_ref())))
        .collect()
}

type Entry<'i> = (
    &'i Spanned<std::borrow::Cow<'i, str>>,
    &'i Spanned<DeValue<'i>>,
);

impl<'a> Reader<'a> {
    fn new(text: &'a str, file: &'a str, registry: &'a Registry, skipped_packs: bool) -> Self {
        Reader {
            text,
            file,
            lines: LineIndex::new(text),
            registry,
            skipped_packs,
        }
    }

    fn parse(&self) -> Result<Spanned<DeTable<'a>>, ConfigError> {
        DeTable::parse(self.text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            self.error(span.start, format!("invalid TOML: {}", e.message().trim()))
        })
    }

    fn place(&self, offset: usize) -> Place {
        let pos = self.lines.position(self.text, offset);
        Place {
            file: self.file.to_string(),
            line: pos.line,
            column: pos.column,
        }
    }

    fn read_org(
        &self,
        table: &DeTable<'_>,
        base: &Path,
        org: &mut OrgConfig,
    ) -> Result<(), ConfigError> {
        if let Some(plugins) = table.get("plugins") {
            let items = plugins.get_ref().as_array().ok_or_else(|| {
                self.error(
                    plugins.span().start,
                    "`plugins` must be an array of tables: [[plugins]]",
                )
            })?;
            for item in items.iter() {
                org.plugins.push(self.read_plugin(item, base)?);
            }
        }
        if let Some(rules) = table.get("rule") {
            let items = rules.get_ref().as_array().ok_or_else(|| {
                self.error(
                    rules.span().start,
                    "`rule` must be an array of tables: [[rule]]",
                )
            })?;
            for item in items.iter() {
                let entry = self.table(item, "rule")?;
                org.rules.push(RuleDecl {
                    at: self.place(item.span().start),
                    fields: entry
                        .iter()
                        .map(|(key, value)| RuleField {
                            key: key.get_ref().to_string(),
                            value: plain_value(value.get_ref()),
                            key_at: self.place(key.span().start),
                            value_at: self.place(value.span().start),
                        })
                        .collect(),
                    base: base.to_path_buf(),
                });
            }
        }
        Ok(())
    }

    fn read_plugin(
        &self,
        item: &Spanned<DeValue<'_>>,
        base: &Path,
    ) -> Result<PluginEntry, ConfigError> {
        let table = self.table(item, "plugins")?;
        let mut path = None;
        let mut options = toml::Table::new();
        let mut isolate = false;
        let mut timeout = None;
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "path" => {
                    path = Some((base.join(self.string(value)?), value.span().start));
                }
                "options" => options = plain_table(self.table(value, "options")?),
                "isolate" => {
                    isolate = value.get_ref().as_bool().ok_or_else(|| {
                        self.error(value.span().start, "`isolate` must be true or false")
                    })?
                }
                "timeout" => {
                    let seconds = match plain_value(value.get_ref()) {
                        toml::Value::Integer(n) => n as f64,
                        toml::Value::Float(f) => f,
                        _ => f64::NAN,
                    };
                    let duration = std::time::Duration::try_from_secs_f64(seconds)
                        .ok()
                        .filter(|d| !d.is_zero())
                        .ok_or_else(|| {
                            self.error(
                                value.span().start,
                                "`timeout` must be a positive number of seconds, e.g. 30 or 0.5",
                            )
                        })?;
                    timeout = Some((duration, key.span().start));
                }
                _ => return Err(self.unknown_key(key, &PLUGIN_KEYS, "in [[plugins]]")),
            }
        }
        let (path, at) = path.ok_or_else(|| {
            self.error(
                item.span().start,
                "a [[plugins]] entry needs `path`: the rule pack's library",
            )
        })?;
        if let Some((_, at)) = timeout
            && !isolate
        {
            return Err(self.error(
                at,
                "`timeout` applies only to `isolate = true`: an in-process pack cannot be stopped",
            ));
        }
        Ok(PluginEntry {
            path,
            options,
            isolate,
            timeout: timeout.map_or(DEFAULT_PLUGIN_TIMEOUT, |(d, _)| d),
            at: self.place(at),
        })
    }

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

    fn read_config(&self, table: &DeTable<'_>, config: &mut Config) -> Result<(), ConfigError> {
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
                "packs" => config.packs.extend(self.read_packs(value)?),
                "rules" => config.rules.extend(self.read_rules(value)?),
                "overrides" => config.overrides.extend(self.read_overrides(value)?),
                // Read by `config_files` and `load_org`.
                "extends" | "plugins" | "rule" => {}
                _ => return Err(self.unknown_key(key, &TOP_LEVEL_KEYS, "at the top level")),
            }
        }
        Ok(())
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
            if !self.registry.pack_names().contains(&name) && self.skipped_packs {
                continue;
            }
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
        table
            .iter()
            .filter(|(key, _)| {
                // The rules of a pack that was not loaded are unknown here, not misspelt.
                !(self.skipped_packs && self.registry.select(key.get_ref()).is_none())
            })
            .map(|entry| self.read_rule(entry))
            .collect()
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
