//! `rules.toml`: finding it, reading it with exact error positions, and resolving it into the
//! level of every rule for every widget.
//!
//! Owns the configuration file format and its validation against a [`Registry`]. It must not run
//! rules or know what they check; it only knows their codes, names, packs and declared options.
//!
//! A configuration may `extends = ["…"]` other files (an organisation's shared rules): they are
//! read first, depth-first, and the extending file's settings come after theirs, so it wins.
//! Each file is read and parsed once, into a [`RawConfig`] ([`raw`]) that knows no rules: its
//! `[[plugins]]` and `[[rule]]` entries ([`RawConfig::org`]) are what the organisation-pack host
//! (`amolint-org`) builds the registry from, and [`RawConfig::resolve`] ([`resolve`]) then checks
//! every selector and option against that registry, giving the [`Config`] of the run.
//!
//! The file is read with `toml`'s spanned `DeTable` rather than serde derive so that every error
//! (an unknown key, a bad value, an unknown rule) carries the line and column of the key or value
//! at fault together with a "did you mean".

mod limits;
mod pack;
mod raw;
mod resolve;

pub use pack::{PackSettings, PathGlobs};
pub use raw::RawConfig;

use crate::platform::{Platform, PlatformChoice};
use crate::registry::{Registry, Selection};
use crate::rule::RuleMeta;
use crate::severity::{FailOn, Level, Severity};
use globset::GlobSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// The name looked up from the current directory upwards.
pub const CONFIG_FILE_NAME: &str = "rules.toml";

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
    /// ARC008's options in `[rules]` (the last table given): the safety limits, which only
    /// [`Config::limits`] reads.
    pub limit_options: Option<toml::Table>,
    /// `[pack]`: what `amolint pack` leaves out or brings back; the lists of extended files come
    /// first.
    pub pack: PackSettings,
}

/// Whether a rule runs on a widget, and at what severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    /// On, each finding at the rule's default for the platform (or the finding's own grade).
    Default,
    /// On, every finding at this severity.
    Fixed(Severity),
}

impl RuleLevel {
    pub fn is_on(self) -> bool {
        self != RuleLevel::Off
    }

    /// The severity set in `rules.toml`, which wins over any other.
    pub fn fixed(self) -> Option<Severity> {
        match self {
            RuleLevel::Fixed(severity) => Some(severity),
            RuleLevel::Off | RuleLevel::Default => None,
        }
    }

    /// This level after a setting: `off` and a severity replace it; a setting with only
    /// options turns an off rule on.
    fn set(self, level: Option<Level>) -> RuleLevel {
        match level {
            Some(Level::Off) => RuleLevel::Off,
            Some(Level::On(severity)) => RuleLevel::Fixed(severity),
            None if self == RuleLevel::Off => RuleLevel::Default,
            None => self,
        }
    }
}

/// The effective level and options of every rule for one widget, by registry index.
#[derive(Clone, Debug)]
pub struct RuleLevels {
    pub levels: Vec<RuleLevel>,
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

    /// Reads a configuration file and every file it extends, and resolves it against
    /// `registry`, which must already hold the organisation packs it declares.
    pub fn load(path: &Path, registry: &Registry) -> Result<Config, ConfigError> {
        RawConfig::load(path)?.resolve(registry)
    }

    /// Parses configuration text; `file` names it in errors. `extends` is not followed.
    pub fn parse(text: &str, file: &str, registry: &Registry) -> Result<Config, ConfigError> {
        RawConfig::parse(text, file)?.resolve(registry)
    }

    /// The platform of a widget whose own could not be determined (it could not be read, or
    /// checking it failed): the one set, else Kommo, the default of detection.
    pub fn fallback_platform(&self) -> Platform {
        match self.platform {
            PlatformChoice::Fixed(platform) => platform,
            PlatformChoice::Auto => Platform::Kommo,
        }
    }

    /// The level and options of every rule for the widget at `widget_path`.
    pub fn levels_for(&self, registry: &Registry, widget_path: &str) -> RuleLevels {
        let n = registry.rules().len();
        let mut levels: Vec<RuleLevel> = (0..n)
            .map(|i| {
                let pack = registry.meta(i).pack;
                let pack_on = self
                    .packs
                    .iter()
                    .rev()
                    .find(|(name, _)| name == pack)
                    .is_none_or(|(_, on)| *on);
                if pack_on {
                    RuleLevel::Default
                } else {
                    RuleLevel::Off
                }
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
                for &i in setting.selection.indices() {
                    levels[i] = levels[i].set(setting.level);
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

    /// The rules on for at least one widget: on in `[packs]`/`[rules]`, or named by an
    /// override (which may turn them on for some widgets). What SARIF lists as the run's rules.
    pub fn enabled_rules(&self, registry: &Registry) -> Vec<&'static RuleMeta> {
        let global = self.levels_for(registry, "");
        (0..registry.rules().len())
            .filter(|&i| {
                global.levels[i].is_on()
                    || self
                        .overrides
                        .iter()
                        .any(|o| o.rules.iter().any(|r| r.selection.indices().contains(&i)))
            })
            .map(|i| registry.meta(i))
            .collect()
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

#[cfg(test)]
mod tests;
