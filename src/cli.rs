//! Command-line arguments (clap).

use amolint_core::platform::{Platform, PlatformChoice};
use amolint_core::severity::FailOn;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A fast linter for amoCRM and Kommo widgets: checks the files, manifest, locales, logos and
/// script of a widget folder or widget.zip before you upload it.
#[derive(Parser, Debug)]
#[command(name = "amolint", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check widgets: folders, zips, or folders holding many of them
    Check(Box<CheckArgs>),
    /// List every rule: code, name, pack, severity per platform, summary
    Rules(RulesArgs),
    /// Print a rule's documentation
    Explain(ExplainArgs),
    /// Build the widget.zip to upload: checked first, junk and build inputs left out,
    /// reproducible, checked again
    Pack(PackArgs),
    /// Run the language server for editors (LSP on standard input and output)
    Server(ServerArgs),
    /// Print a JSON Schema: `amolint schema manifest` (draft 2020-12), for editors' JSON support
    Schema(SchemaArgs),
    /// Runs one native rule pack for an `isolate = true` [[plugins]] entry (internal)
    #[command(name = amolint_org::CHILD_COMMAND, hide = true)]
    PackHost(PackHostArgs),
}

#[derive(Args, Debug)]
pub struct ServerArgs {
    /// Talk LSP on standard input and output (the only transport; accepted for editors that
    /// pass it)
    #[arg(long)]
    pub stdio: bool,

    /// Do not load native rule packs ([[plugins]] in rules.toml): for workspaces you do not
    /// trust, since opening a file there would load them
    #[arg(long)]
    pub no_native_packs: bool,
}

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Which schema
    #[arg(value_enum)]
    pub which: SchemaKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// manifest.json
    Manifest,
}

#[derive(Args, Debug)]
pub struct PackHostArgs {
    /// `describe` or `check` (the widget as JSON on standard input)
    pub mode: String,
    pub library: PathBuf,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Widget folders, zips, or folders to search for widgets (recursively, skipping node_modules and .git)
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Apply the safe fixes to widget folders (never to zips), then report what remains
    #[arg(long)]
    pub fix: bool,

    /// Also apply the unsafe fixes (with --fix or --diff); without them, mark unsafe fixes as fixable
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Change nothing: print a unified diff of what --fix would change; exit 1 when there is anything to change
    #[arg(long, conflicts_with_all = ["fix", "report", "summary", "write_baseline", "baseline", "statistics"])]
    pub diff: bool,

    /// Write the report to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also write a report in FORMAT to FILE, from the same run (repeatable), e.g. sarif=amolint.sarif
    #[arg(long, value_name = "FORMAT=FILE")]
    pub report: Vec<String>,

    /// Configuration file (default: rules.toml in the current folder or the nearest parent)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Platform profile; auto decides per widget from its manifest
    #[arg(long, value_enum)]
    pub platform: Option<PlatformArg>,

    /// Lowest severity that makes the exit status 1
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOnArg>,

    /// Number of widgets checked in parallel (default: the available cores)
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Print findings and the summary only (no header for clean widgets, no progress)
    #[arg(short, long)]
    pub quiet: bool,

    /// Never draw a progress bar
    #[arg(long)]
    pub no_progress: bool,

    /// Instead of the findings, one line per rule that fired: its count, code, name and severity
    /// (text output; the JSON report always has them in summary.by_rule)
    #[arg(long)]
    pub statistics: bool,

    /// Do not load native rule packs ([[plugins]] in rules.toml): for configurations that come
    /// from a checkout you do not trust, such as a pull request
    #[arg(long)]
    pub no_native_packs: bool,

    /// When to use colours in text output
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// Also write a markdown job summary to FILE (appended; e.g. "$GITHUB_STEP_SUMMARY")
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,

    /// Report only findings not recorded in this baseline, and list its entries that no longer match
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record the current findings as a baseline in FILE (counts per widget, file and rule)
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,

    /// Keep each widget's findings in DIR, keyed by a hash of its bytes, amolint's version and the
    /// effective configuration: re-checking an unchanged widget reads them back instead of parsing
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,

    /// Check only shard K of N (1-based): a stable split of the widgets by path, for CI matrices
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,

    /// Folder that SARIF, GitHub and JUnit locations are relative to (default: the current folder)
    #[arg(long, value_name = "DIR")]
    pub sarif_root: Option<PathBuf>,

    /// SARIF automationDetails.id, to upload several runs (e.g. one per shard) side by side
    #[arg(long, value_name = "CATEGORY")]
    pub sarif_category: Option<String>,
}

#[derive(Args, Debug)]
pub struct PackArgs {
    /// The widget: a folder, or a widget zip to repack
    #[arg(value_name = "SOURCE", default_value = ".")]
    pub source: PathBuf,

    /// The archive to write
    #[arg(short, long, value_name = "FILE", default_value = "widget.zip")]
    pub output: PathBuf,

    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,

    /// Pack even when findings at or above --fail-on remain (and leave out files that cannot be read)
    #[arg(long)]
    pub allow_errors: bool,

    /// Build and check the archive, but write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Print every entry of the archive: name, size, compressed size, method
    #[arg(long)]
    pub list: bool,

    /// Lowest severity that stops packing
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOnArg>,

    /// Configuration file (default: rules.toml in the current folder or the nearest parent)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Platform profile; auto decides from the widget's manifest
    #[arg(long, value_enum)]
    pub platform: Option<PlatformArg>,

    /// Do not load native rule packs ([[plugins]] in rules.toml)
    #[arg(long)]
    pub no_native_packs: bool,

    /// Print only the findings that stop packing and the last line
    #[arg(short, long)]
    pub quiet: bool,

    /// When to use colours
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,

    /// Configuration file whose organisation rules are listed too [default: rules.toml in the
    /// current folder or a parent]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Do not load native rule packs ([[plugins]] in rules.toml)
    #[arg(long)]
    pub no_native_packs: bool,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule code (MAN004) or name (interface-version)
    #[arg(value_name = "CODE|NAME")]
    pub rule: String,

    /// Configuration file whose organisation rules can be explained too [default: rules.toml in
    /// the current folder or a parent]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Do not load native rule packs ([[plugins]] in rules.toml)
    #[arg(long)]
    pub no_native_packs: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style findings with source lines
    Text,
    /// the JSON report
    Json,
    /// SARIF 2.1.0 for code scanning
    Sarif,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// JUnit XML, one test case per widget
    Junit,
    /// one self-contained HTML page: overview, sortable widget table, findings, rules
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PlatformArg {
    Amocrm,
    Kommo,
    Auto,
}

impl From<PlatformArg> for PlatformChoice {
    fn from(arg: PlatformArg) -> PlatformChoice {
        match arg {
            PlatformArg::Amocrm => PlatformChoice::Fixed(Platform::Amocrm),
            PlatformArg::Kommo => PlatformChoice::Fixed(Platform::Kommo),
            PlatformArg::Auto => PlatformChoice::Auto,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Error,
    Warning,
    Info,
    Never,
}

impl From<FailOnArg> for FailOn {
    fn from(arg: FailOnArg) -> FailOn {
        match arg {
            FailOnArg::Error => FailOn::Error,
            FailOnArg::Warning => FailOn::Warning,
            FailOnArg::Info => FailOn::Info,
            FailOnArg::Never => FailOn::Never,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}
