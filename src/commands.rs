//! The subcommands' dispatch, the configuration every command starts from ([`setup`]), and the
//! exit codes. Each subcommand lives in a module of its own: `check` in [`crate::check`] (its
//! outputs in [`crate::outputs`]), `rules` and `explain` in [`crate::catalogue`], `pack` in
//! [`crate::pack`], `server` and `schema` in [`crate::editor`].

use crate::cli::{ColorArg, Command, PackHostArgs};
use amolint_core::config::{Config, ConfigError, RawConfig};
use amolint_core::fix::FixDocs;
use amolint_core::registry::Registry;
use std::collections::HashMap;
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

/// Usage or configuration error, or a failure of amolint itself.
pub const EXIT_USAGE: u8 = 2;
/// Findings at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;

pub fn run(cli: crate::cli::Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check(args) => crate::check::check(*args),
        Command::Rules(args) => crate::catalogue::rules(args),
        Command::Explain(args) => crate::catalogue::explain(args),
        Command::Pack(args) => crate::pack::pack(args),
        Command::Server(args) => Ok(crate::editor::server(&args)),
        Command::Schema(args) => crate::editor::schema(&args),
        Command::PackHost(PackHostArgs { mode, library }) => {
            Ok(amolint_org::serve_child(&mode, &library))
        }
    }
}

/// The rules of a run: built-in packs plus the organisation packs of the configuration.
pub(crate) struct Setup {
    pub(crate) registry: Registry,
    pub(crate) config: Config,
    pub(crate) org: amolint_org::OrgRun,
}

/// Finds the configuration, loads its organisation packs (native ones unless `no_native`) and
/// reads the rest of it against the resulting registry.
pub(crate) fn setup(explicit: Option<&PathBuf>, no_native: bool) -> Result<Setup, String> {
    let path = match explicit {
        Some(path) => Some(path.clone()),
        None => std::env::current_dir()
            .ok()
            .and_then(|cwd| Config::discover(&cwd)),
    };
    setup_from(path.as_deref(), no_native).map_err(|e| e.to_string())
}

/// Why a configuration could not be used: a [`ConfigError`] keeps its place in the file (the
/// language server shows it there), an organisation pack's failure only its message.
pub(crate) enum SetupError {
    Config(ConfigError),
    Other(String),
}

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetupError::Config(e) => e.fmt(f),
            SetupError::Other(message) => f.write_str(message),
        }
    }
}

/// [`setup`] from the configuration file `path` (`None`: no configuration file).
pub(crate) fn setup_from(
    path: Option<&std::path::Path>,
    no_native: bool,
) -> Result<Setup, SetupError> {
    let raw = match path {
        Some(path) => RawConfig::load(path).map_err(SetupError::Config)?,
        None => RawConfig::default(),
    };
    let exe = std::env::current_exe().map_err(|e| {
        SetupError::Other(format!(
            "cannot find the amolint binary for isolated packs: {e}"
        ))
    })?;
    let (registry, org) = amolint_org::registry(
        amolint_rules::builtin_packs(),
        raw.org(),
        &amolint_org::NativePolicy {
            allowed: !no_native,
            exe: &exe,
        },
    )
    .map_err(SetupError::Other)?;
    for skipped in &org.skipped {
        eprintln!(
            "amolint: --no-native-packs: not loading the native rule pack {} ([[plugins]]); its rules do not run",
            skipped.display()
        );
    }
    let config = raw.resolve(&registry).map_err(SetupError::Config)?;
    Ok(Setup {
        registry,
        config,
        org,
    })
}

/// What `--fix` can do for each rule that has fixes, by code.
pub(crate) fn fix_docs(registry: &Registry) -> HashMap<&'static str, &'static FixDocs> {
    registry
        .rules()
        .iter()
        .filter_map(|r| r.fix_docs().map(|docs| (r.meta().code, docs)))
        .collect()
}

/// Whether text output gets colours: `--color`, else a terminal without `NO_COLOR`.
pub(crate) fn use_color(arg: ColorArg, to_terminal: bool) -> bool {
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// A closed pipe (`amolint check | head`) is not an error worth a message.
pub(crate) fn output_error(e: io::Error) -> Result<ExitCode, String> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(format!("cannot write the report: {e}"))
    }
}
