//! Reading `rules.toml` and the files it `extends` into a [`RawConfig`]: each file read and
//! parsed once, its settings kept as written (selectors as strings with their places), so that
//! the registry can be built from the organisation part before any selector is resolved.
//!
//! Owns the structure of the file format: which keys exist, what type each value has, globs and
//! `extends`. It must not know which rules or packs exist; [`RawConfig::resolve`] does.
//!
//! Errors are reported in the order a reader meets them: first those of the files themselves
//! (TOML, `extends`), then those of the organisation part (`[[plugins]]`, `[[rule]]`) of every
//! file, which the registry needs, then, file by file and key by key, those of the settings. So a
//! structural error in the settings is not returned at once: it is kept in its place among the
//! file's settings ([`Step::Failed`]) and returned when the settings are resolved.

use super::pack::{PackSettings, PathGlobs};
use super::{
    ConfigError, DEFAULT_PLUGIN_TIMEOUT, OrgConfig, Place, PluginEntry, RuleDecl, RuleField,
};
use crate::platform::PlatformChoice;
use crate::severity::FailOn;
use crate::text::LineIndex;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

const TOP_LEVEL_KEYS: [&str; 9] = [
    "platform",
    "fail-on",
    "packs",
    "pack",
    "rules",
    "overrides",
    "extends",
    "plugins",
    "rule",
];
const OVERRIDE_KEYS: [&str; 2] = ["paths", "rules"];
const PLUGIN_KEYS: [&str; 4] = ["path", "options", "isolate", "timeout"];
const PACK_KEYS: [&str; 2] = ["exclude", "include"];

/// A configuration file and everything it extends, read but not yet resolved against a
/// registry: what [`RawConfig::org`] declares builds the registry, against which
/// [`RawConfig::resolve`] then checks and resolves the rest.
#[derive(Clone, Debug, Default)]
pub struct RawConfig {
    /// The file the configuration was loaded from, if any.
    pub(super) path: Option<PathBuf>,
    /// The settings of each file, in the order they apply: extended files first.
    pub(super) files: Vec<Vec<Step>>,
    pub(super) org: OrgConfig,
}

/// One top-level setting of a file, in the order the file is read.
#[derive(Clone, Debug)]
pub(super) enum Step {
    Platform(PlatformChoice),
    FailOn(FailOn),
    Packs(Vec<RawPack>),
    Rules(Vec<RawRule>),
    Override(RawOverride),
    /// `[pack]`: nothing in it depends on the registry, so it is read whole here.
    Pack(PackSettings),
    /// A structural error: the file's settings end here.
    Failed(ConfigError),
}

/// An entry of `[packs]`.
#[derive(Clone, Debug)]
pub(super) struct RawPack {
    pub name: String,
    pub at: Place,
    /// `None` when the value is not a boolean.
    pub on: Option<bool>,
    pub value_at: Place,
}

/// An entry of `[rules]` (or of an override's `rules`): a selector and its value as written.
#[derive(Clone, Debug)]
pub(super) struct RawRule {
    pub selector: String,
    pub at: Place,
    pub value: RawRuleValue,
}

#[derive(Clone, Debug)]
pub(super) enum RawRuleValue {
    /// `MAN008 = "off"`.
    Level(String, Place),
    /// `ARC008 = { level = "error", max-entries = 5000 }`, keys in the order they are read.
    Table(Vec<RawOption>),
    /// Anything else, by its TOML type's name.
    Other(&'static str, Place),
}

/// A key of a rule's table: `level` or an option.
#[derive(Clone, Debug)]
pub(super) struct RawOption {
    pub name: String,
    pub at: Place,
    pub value: RawScalar,
    /// The TOML type's name of the value.
    pub type_str: &'static str,
    pub value_at: Place,
}

#[derive(Clone, Debug)]
pub(super) enum RawScalar {
    String(String),
    /// `None` when the integer does not fit in 64 bits.
    Integer(Option<i64>),
    Other,
}

/// An `[[overrides]]` entry. Its rules are resolved later; the globs are checked here.
#[derive(Clone, Debug)]
pub(super) struct RawOverride {
    pub paths: Vec<String>,
    pub globs: GlobSet,
    pub rules: Vec<RawRule>,
}

impl RawConfig {
    /// Reads a configuration file and every file it extends, each once.
    pub fn load(path: &Path) -> Result<RawConfig, ConfigError> {
        let mut files = Vec::new();
        collect(path, &mut Vec::new(), &mut Vec::new(), &mut files)?;
        let mut raw = RawConfig {
            path: Some(path.to_path_buf()),
            ..RawConfig::default()
        };
        for file in files {
            let (plugins, rules) = file.org?;
            raw.org.plugins.extend(plugins);
            raw.org.rules.extend(rules);
            raw.files.push(file.steps);
        }
        Ok(raw)
    }

    /// Reads configuration text; `file` names it in errors. `extends` is not followed, and
    /// `[[plugins]]` paths are relative to the current folder.
    pub fn parse(text: &str, file: &str) -> Result<RawConfig, ConfigError> {
        let reader = Reader::new(text, file);
        let table = reader.parse()?;
        let (plugins, rules) = reader.read_org(table.get_ref(), Path::new("."))?;
        Ok(RawConfig {
            path: None,
            files: vec![reader.read_settings(table.get_ref())],
            org: OrgConfig { plugins, rules },
        })
    }

    /// The `[[plugins]]` and `[[rule]]` entries of every file, extended files first: what the
    /// organisation-pack host builds the registry from.
    pub fn org(&self) -> &OrgConfig {
        &self.org
    }
}

/// One file, read: its organisation part (or the error in it) and its settings.
struct ReadFile {
    org: Result<(Vec<PluginEntry>, Vec<RuleDecl>), ConfigError>,
    steps: Vec<Step>,
}

/// Reads `path` and the files it extends, depth-first, each once, each before the file
/// extending it.
fn collect(
    path: &Path,
    stack: &mut Vec<PathBuf>,
    seen: &mut Vec<PathBuf>,
    files: &mut Vec<ReadFile>,
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
    let reader = Reader::new(&text, &display);
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
            collect(&target, stack, seen, files)?;
        }
    }
    stack.pop();
    seen.push(canonical);
    // Plugin paths are shown in messages: resolve them against the real folder, not through
    // the `..` of an `extends` chain.
    let base = path
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
    files.push(ReadFile {
        org: reader.read_org(table.get_ref(), &base),
        steps: reader.read_settings(table.get_ref()),
    });
    Ok(())
}

/// A TOML value without its spans.
fn plain_value(value: &DeValue<'_>) -> toml::Value {
    match value {
        DeValue::String(s) => toml::Value::String(s.to_string()),
        DeValue::Integer(i) => match integer(i) {
            Some(n) => toml::Value::Integer(n),
            None => toml::Value::String(i.as_str().to_string()),
        },
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

/// A TOML integer as written (any radix, `_` separators); `None` when it overflows.
fn integer(i: &toml::de::DeInteger<'_>) -> Option<i64> {
    i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()
}

fn plain_table(table: &DeTable<'_>) -> toml::Table {
    table
        .iter()
        .map(|(k, v)| (k.get_ref().to_string(), plain_value(v.get_ref())))
        .collect()
}

type Key<'i> = Spanned<std::borrow::Cow<'i, str>>;

/// Reads one file's text: every error names the file, line and column at fault.
struct Reader<'a> {
    text: &'a str,
    file: &'a str,
    lines: LineIndex,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, file: &'a str) -> Self {
        Reader {
            text,
            file,
            lines: LineIndex::new(text),
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

    fn error(&self, offset: usize, message: impl Into<String>) -> ConfigError {
        self.place(offset).error(message)
    }

    fn unknown_key(&self, key: &Key<'_>, known: &[&str], place: &str) -> ConfigError {
        unknown_key(key.get_ref(), &self.place(key.span().start), known, place)
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

    /// The `[[plugins]]` and `[[rule]]` entries; relative plugin paths are joined to `base`.
    fn read_org(
        &self,
        table: &DeTable<'_>,
        base: &Path,
    ) -> Result<(Vec<PluginEntry>, Vec<RuleDecl>), ConfigError> {
        let mut plugins = Vec::new();
        let mut decls = Vec::new();
        if let Some(value) = table.get("plugins") {
            let items = value.get_ref().as_array().ok_or_else(|| {
                self.error(
                    value.span().start,
                    "`plugins` must be an array of tables: [[plugins]]",
                )
            })?;
            for item in items.iter() {
                plugins.push(self.read_plugin(item, base)?);
            }
        }
        if let Some(value) = table.get("rule") {
            let items = value.get_ref().as_array().ok_or_else(|| {
                self.error(
                    value.span().start,
                    "`rule` must be an array of tables: [[rule]]",
                )
            })?;
            for item in items.iter() {
                let entry = self.table(item, "rule")?;
                decls.push(RuleDecl {
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
        Ok((plugins, decls))
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

    /// The settings of the file in the order they are read, ending with [`Step::Failed`] at
    /// the first structural error.
    fn read_settings(&self, table: &DeTable<'_>) -> Vec<Step> {
        let mut steps = Vec::new();
        if let Err(error) = self.read_steps(table, &mut steps) {
            steps.push(Step::Failed(error));
        }
        steps
    }

    fn read_steps(&self, table: &DeTable<'_>, steps: &mut Vec<Step>) -> Result<(), ConfigError> {
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "platform" => steps.push(Step::Platform(
                    self.string(value)?
                        .parse()
                        .map_err(|e: String| self.error(value.span().start, e))?,
                )),
                "fail-on" => steps.push(Step::FailOn(
                    self.string(value)?
                        .parse()
                        .map_err(|e: String| self.error(value.span().start, e))?,
                )),
                "packs" => steps.push(Step::Packs(self.read_packs(value)?)),
                "rules" => steps.push(Step::Rules(self.read_rules(value)?)),
                "overrides" => self.read_overrides(value, steps)?,
                "pack" => steps.push(Step::Pack(self.read_pack(value)?)),
                // Read by `collect` and `read_org`.
                "extends" | "plugins" | "rule" => {}
                _ => return Err(self.unknown_key(key, &TOP_LEVEL_KEYS, "at the top level")),
            }
        }
        Ok(())
    }

    fn read_packs(&self, value: &Spanned<DeValue<'_>>) -> Result<Vec<RawPack>, ConfigError> {
        Ok(self
            .table(value, "packs")?
            .iter()
            .map(|(key, value)| RawPack {
                name: key.get_ref().to_string(),
                at: self.place(key.span().start),
                on: value.get_ref().as_bool(),
                value_at: self.place(value.span().start),
            })
            .collect())
    }

    fn read_rules(&self, value: &Spanned<DeValue<'_>>) -> Result<Vec<RawRule>, ConfigError> {
        Ok(self
            .table(value, "rules")?
            .iter()
            .map(|(key, value)| RawRule {
                selector: key.get_ref().to_string(),
                at: self.place(key.span().start),
                value: match value.get_ref() {
                    DeValue::String(level) => {
                        RawRuleValue::Level(level.to_string(), self.place(value.span().start))
                    }
                    DeValue::Table(table) => RawRuleValue::Table(
                        table
                            .iter()
                            .map(|(key, value)| RawOption {
                                name: key.get_ref().to_string(),
                                at: self.place(key.span().start),
                                value: match value.get_ref() {
                                    DeValue::String(s) => RawScalar::String(s.to_string()),
                                    DeValue::Integer(i) => RawScalar::Integer(integer(i)),
                                    _ => RawScalar::Other,
                                },
                                type_str: value.get_ref().type_str(),
                                value_at: self.place(value.span().start),
                            })
                            .collect(),
                    ),
                    other => RawRuleValue::Other(other.type_str(), self.place(value.span().start)),
                },
            })
            .collect())
    }

    /// `[pack]`: `exclude` and `include`, each an array of globs over archive paths.
    fn read_pack(&self, value: &Spanned<DeValue<'_>>) -> Result<PackSettings, ConfigError> {
        let mut settings = PackSettings::default();
        for (key, value) in self.table(value, "pack")?.iter() {
            let slot = match key.get_ref().as_ref() {
                "exclude" => &mut settings.exclude,
                "include" => &mut settings.include,
                _ => return Err(self.unknown_key(key, &PACK_KEYS, "in [pack]")),
            };
            *slot = self.read_globs(key.get_ref(), value)?;
        }
        Ok(settings)
    }

    /// An array of glob patterns, each error at the pattern at fault.
    fn read_globs(
        &self,
        name: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<PathGlobs, ConfigError> {
        let list = value.get_ref().as_array().ok_or_else(|| {
            self.error(
                value.span().start,
                format!(
                    "`{name}` must be an array of glob patterns, e.g. [\"*.psd\", \"docs/**\"]"
                ),
            )
        })?;
        let mut patterns = Vec::new();
        for pattern in list.iter() {
            patterns.push(self.string(pattern)?.to_string());
        }
        PathGlobs::new(patterns).map_err(|(i, e)| {
            let at = list.get(i).map_or(value.span().start, |p| p.span().start);
            let text = list.get(i).and_then(|p| p.get_ref().as_str()).unwrap_or("");
            self.error(at, format!("invalid glob `{text}`: {}", e.kind()))
        })
    }

    /// Each `[[overrides]]` entry as a step. An entry with a structural error is still pushed
    /// (its rules are resolved before the error is reported, as they are read before it).
    fn read_overrides(
        &self,
        value: &Spanned<DeValue<'_>>,
        steps: &mut Vec<Step>,
    ) -> Result<(), ConfigError> {
        let items = value.get_ref().as_array().ok_or_else(|| {
            self.error(
                value.span().start,
                "`overrides` must be an array of tables: [[overrides]]",
            )
        })?;
        for item in items.iter() {
            let table = self.table(item, "overrides")?;
            let mut entry = RawOverride {
                paths: Vec::new(),
                globs: GlobSet::empty(),
                rules: Vec::new(),
            };
            let read = self.read_override(item, table, &mut entry);
            steps.push(Step::Override(entry));
            read?;
        }
        Ok(())
    }

    fn read_override(
        &self,
        item: &Spanned<DeValue<'_>>,
        table: &DeTable<'_>,
        entry: &mut RawOverride,
    ) -> Result<(), ConfigError> {
        let mut builder = GlobSetBuilder::new();
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
                        entry.paths.push(text.to_string());
                    }
                }
                "rules" => entry.rules = self.read_rules(value)?,
                _ => return Err(self.unknown_key(key, &OVERRIDE_KEYS, "in [[overrides]]")),
            }
        }
        if !saw_paths {
            return Err(self.error(item.span().start, "an [[overrides]] entry needs `paths`"));
        }
        entry.globs = builder
            .build()
            .map_err(|e| self.error(item.span().start, format!("invalid glob: {e}")))?;
        Ok(())
    }
}

/// "unknown key `x` {place}", with the nearest of `known` or the whole list.
pub(super) fn unknown_key(name: &str, at: &Place, known: &[&str], place: &str) -> ConfigError {
    let mut message = format!("unknown key `{name}` {place}");
    if let Some(near) = crate::suggest::nearest(name, known.iter().copied()) {
        message.push_str(&format!("; did you mean `{near}`?"));
    } else {
        message.push_str(&format!("; expected one of: {}", known.join(", ")));
    }
    at.error(message)
}
