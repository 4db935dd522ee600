//! The subcommands `check` (with `--fix` and `--diff`, wired to `amolint-fix`), `rules` and
//! `explain`, the configuration every command starts from ([`setup`]), and the exit codes;
//! `pack` is wired in its own module ([`crate::pack`]).

use crate::cli::{
    CheckArgs, ColorArg, Command, ExplainArgs, Format, ListFormat, PackHostArgs, RulesArgs,
};
use crate::progress::{self, Progress};
use amolint_core::config::{Config, ConfigError, RawConfig};
use amolint_core::engine::{Engine, failed_widget};
use amolint_core::fix::FixDocs;
use amolint_core::profile::{self, Phase};
use amolint_core::registry::Registry;
use amolint_core::rule::RuleMeta;
use amolint_core::severity::Severity;
use amolint_core::source::SourceKind;
use amolint_fix::{Mode, Outcome};
use amolint_org::GivenTally;
use amolint_report::paths::ArtifactPaths;
use amolint_report::{
    Flavour, GithubRenderer, HtmlRenderer, JsonRenderer, JunitRenderer, MarkdownSummary, Renderer,
    SarifRenderer, Summary, TextRenderer, UnmatchedRule, render_explanation,
};
use amolint_runner::{Baseline, BaselineWriter, Cache, Shard, Target};
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Usage or configuration error, or a failure of amolint itself.
pub const EXIT_USAGE: u8 = 2;
/// Findings at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;

pub fn run(cli: crate::cli::Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check(args) => check(*args),
        Command::Rules(args) => rules(args),
        Command::Explain(args) => explain(args),
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

fn check(args: CheckArgs) -> Result<ExitCode, String> {
    let Setup {
        registry,
        mut config,
        org,
    } = setup(args.config.as_ref(), args.no_native_packs)?;
    if let Some(platform) = args.platform {
        config.platform = platform.into();
    }
    if let Some(fail_on) = args.fail_on {
        config.fail_on = fail_on.into();
    }
    if args.statistics && args.format != Format::Text {
        return Err("`--statistics` is for text output; the JSON report always has the counts per rule in `summary.by_rule`".into());
    }
    let fixing = if args.diff {
        if args.format != Format::Text {
            return Err(
                "`--diff` prints a diff, not a report: leave out `--format` (or drop `--diff`)"
                    .to_string(),
            );
        }
        Some(Mode::Diff)
    } else if args.fix {
        Some(Mode::Write)
    } else {
        None
    };
    let fix_options = amolint_fix::Options {
        unsafe_fixes: args.unsafe_fixes,
    };
    let shard: Option<Shard> = args.shard.as_deref().map(str::parse).transpose()?;
    let mut baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
    let started = std::time::Instant::now();
    let profiling = profile::enable_from_env();
    let mut targets = profile::time(Phase::Discovery, || amolint_runner::discover(&args.paths))
        .map_err(|e| e.to_string())?;
    if let Some(shard) = shard {
        targets = shard.select(targets);
    }
    let cache = args
        .cache
        .as_deref()
        .map(|dir| {
            amolint_runner::Cache::open(dir, env!("CARGO_PKG_VERSION"), &org.identity())
                .map_err(|e| format!("cannot use the cache folder {}: {e}", dir.display()))
        })
        .transpose()?;
    let engine = Engine {
        registry: &registry,
        config: &config,
    };

    let progress = progress::wanted(args.quiet, args.no_progress, targets.len())
        .then(|| Progress::start(targets.len()));
    // `--diff` prints the diff where the report would go, and no report.
    let mut outputs = match fixing {
        Some(Mode::Diff) => Vec::new(),
        _ => outputs(&args, &config, &registry, progress.as_ref())?,
    };
    let mut diff_out: Option<Box<dyn Write>> = match fixing {
        Some(Mode::Diff) => Some(match (&args.output, &progress) {
            (Some(path), _) => create(path)?,
            // Written around the bar in whole lines, as a report to the terminal is.
            (None, Some(progress)) if io::stdout().is_terminal() => {
                Box::new(BufWriter::new(progress.around(io::stdout().lock())))
            }
            (None, _) => Box::new(BufWriter::new(io::stdout().lock())),
        }),
        _ => None,
    };
    let mut changes = false;
    let jobs = args.jobs.unwrap_or_else(amolint_runner::default_jobs);
    let mut summary = Summary::default();
    let mut givens = GivenTally::default();
    let mut markdown = args.summary.as_ref().map(|_| MarkdownSummary::default());
    let mut baseline_writer = args
        .write_baseline
        .as_ref()
        .map(|_| BaselineWriter::default());
    let mut failed = false;
    let mut write_error: Option<io::Error> = None;
    amolint_runner::run(
        &targets,
        jobs,
        |target| check_or_fix(target, &engine, cache.as_ref(), fixing, &fix_options),
        |target, panic| {
            unfixed(failed_widget(
                &target.display,
                target.kind,
                config.fallback_platform(),
                &panic,
            ))
        },
        |outcome| {
            let Outcome {
                mut report,
                fixed,
                diff,
                notes,
            } = outcome;
            profile::time(Phase::Output, || {
                if let Some(progress) = &progress {
                    progress.inc();
                }
                for note in &notes {
                    eprintln!("amolint: {note}");
                }
                if fixing.is_some()
                    && report.kind == SourceKind::Zip
                    && !report.diagnostics.is_empty()
                {
                    eprintln!(
                        "amolint: {}: a zip is never modified; unpack it to fix it, then build \
                         it again with `amolint pack`",
                        report.path
                    );
                }
                summary.fixed += fixed.len();
                changes |= !diff.is_empty();
                if let Some(out) = &mut diff_out
                    && write_error.is_none()
                    && let Err(e) = out.write_all(diff.as_bytes())
                {
                    write_error = Some(e);
                }
                if let Some(writer) = &mut baseline_writer {
                    writer.add(&report);
                }
                if let Some(baseline) = &mut baseline {
                    let known = baseline.apply(&mut report);
                    for (renderer, _) in &mut outputs {
                        renderer.baseline_known(&known);
                    }
                }
                summary.add(&report);
                givens.add(&report);
                if let Some(md) = &mut markdown {
                    md.add(&report);
                }
                failed |= report
                    .diagnostics
                    .iter()
                    .any(|d| config.fail_on.fails(d.severity));
                if write_error.is_none()
                    && let Some(((renderer, out), others)) = outputs.split_last_mut()
                {
                    // Every output but the last gets a copy; the last takes the report itself.
                    for (renderer, out) in others {
                        if let Err(e) = renderer.widget(out, report.clone()) {
                            write_error = Some(e);
                        }
                    }
                    if let Err(e) = renderer.widget(out, report) {
                        write_error = Some(e);
                    }
                }
            })
        },
    );
    if let Some(progress) = progress {
        progress.finish();
    }
    summary.unmatched_rules = unmatched_rules(&org, &givens);
    if let Some(e) = write_error {
        return output_error(e);
    }
    if let Some(mut out) = diff_out {
        if let Err(e) = out.flush() {
            return output_error(e);
        }
        if !args.quiet {
            eprintln!("amolint: {}", would_fix(&summary, args.unsafe_fixes));
        }
        return Ok(if changes {
            ExitCode::from(EXIT_FINDINGS)
        } else {
            ExitCode::SUCCESS
        });
    }
    for (renderer, out) in &mut outputs {
        if let Err(e) = profile::time(Phase::Output, || {
            renderer.finish(out, &summary).and_then(|()| out.flush())
        }) {
            return output_error(e);
        }
    }
    if profiling {
        eprint!(
            "{}",
            profile::render(started.elapsed(), targets.len(), jobs)
        );
    }
    if let (Some(path), Some(md)) = (&args.summary, &mut markdown) {
        append(path, &md.render(&summary))?;
    }
    if let Some(baseline) = &baseline {
        report_stale(&baseline.stale(), args.quiet);
    }
    if let (Some(path), Some(writer)) = (&args.write_baseline, &baseline_writer) {
        writer.write(path)?;
        if !args.quiet {
            eprintln!(
                "amolint: wrote the baseline {} ({} findings)",
                path.display(),
                summary.errors + summary.warnings + summary.infos
            );
        }
        // Everything found is now recorded: a baseline run is not a failing run.
        return Ok(ExitCode::SUCCESS);
    }
    Ok(if failed {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}

/// Checks one target, or with `--fix`/`--diff` fixes it when it is a folder (a zip is only
/// checked: it is never modified, and its findings say how to fix it).
fn check_or_fix(
    target: &Target,
    engine: &Engine<'_>,
    cache: Option<&Cache>,
    fixing: Option<Mode>,
    options: &amolint_fix::Options,
) -> Outcome {
    match fixing {
        Some(mode) if target.kind == SourceKind::Directory => {
            amolint_fix::fix_folder(engine, &target.display, &target.path, options, mode)
        }
        _ => unfixed(amolint_runner::check_target(target, engine, cache)),
    }
}

/// The outcome of a target that was only checked.
fn unfixed(report: amolint_core::WidgetReport) -> Outcome {
    Outcome {
        report,
        fixed: Vec::new(),
        diff: String::new(),
        notes: Vec::new(),
    }
}

/// What `--diff` says on standard error: `would fix 3 findings (2 more with --unsafe-fixes)`.
fn would_fix(summary: &Summary, unsafe_fixes: bool) -> String {
    let plural = |n: usize| if n == 1 { "finding" } else { "findings" };
    let mut line = match summary.fixed {
        0 => "nothing to fix".to_string(),
        n => format!("would fix {n} {}", plural(n)),
    };
    if !unsafe_fixes && summary.unsafe_fixable > 0 {
        line.push_str(&format!(
            " ({} more with --unsafe-fixes)",
            summary.unsafe_fixable
        ));
    }
    line
}

/// What `--fix` can do for each rule that has fixes, by code.
fn fix_docs(registry: &Registry) -> HashMap<&'static str, &'static FixDocs> {
    registry
        .rules()
        .iter()
        .filter_map(|r| r.fix_docs().map(|docs| (r.meta().code, docs)))
        .collect()
}

/// The declarative rules whose `given` matched in no widget, each with a warning on stderr.
fn unmatched_rules(org: &amolint_org::OrgRun, givens: &GivenTally) -> Vec<UnmatchedRule> {
    let unmatched: Vec<UnmatchedRule> = org
        .unmatched(givens)
        .iter()
        .map(|g| UnmatchedRule {
            code: g.code.to_string(),
            given: g.given.clone(),
            declared: format!("{}:{}:{}", g.at.file, g.at.line, g.at.column),
        })
        .collect();
    for rule in &unmatched {
        eprintln!(
            "amolint: warning: rule {} ({}): `given` {} matched nothing in any widget checked; is the path right?",
            rule.code, rule.declared, rule.given
        );
    }
    unmatched
}

/// A renderer and where it writes.
type Output = (Box<dyn Renderer>, Box<dyn Write>);

/// The report in `--format` to `--output` (or standard output), then each `--report`. A report
/// to the terminal a progress bar is drawn on goes around the bar.
fn outputs(
    args: &CheckArgs,
    config: &Config,
    registry: &Registry,
    progress: Option<&Progress>,
) -> Result<Vec<Output>, String> {
    let mut outputs: Vec<Output> = Vec::new();
    let stdout_is_terminal = args.output.is_none() && io::stdout().is_terminal();
    let stdout = io::stdout().lock();
    outputs.push((
        renderer(args.format, stdout_is_terminal, args, config, registry)?,
        match (&args.output, progress) {
            (Some(path), _) => create(path)?,
            (None, Some(progress)) if stdout_is_terminal => {
                Box::new(BufWriter::new(progress.around(stdout)))
            }
            (None, _) => Box::new(BufWriter::new(stdout)),
        },
    ));
    for extra in &args.report {
        let (format, path) = parse_report(extra)?;
        outputs.push((
            renderer(format, false, args, config, registry)?,
            create(&path)?,
        ));
    }
    Ok(outputs)
}

fn create(path: &std::path::Path) -> Result<Box<dyn Write>, String> {
    let file = File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(Box::new(BufWriter::new(file)))
}

/// `sarif=amolint.sarif` → (Sarif, "amolint.sarif").
fn parse_report(text: &str) -> Result<(Format, PathBuf), String> {
    let (format, path) = text
        .split_once('=')
        .filter(|(_, path)| !path.is_empty())
        .ok_or_else(|| {
            format!("`--report {text}`: expected FORMAT=FILE, e.g. sarif=amolint.sarif")
        })?;
    let format = <Format as clap::ValueEnum>::from_str(format, true).map_err(|_| {
        format!("`--report {text}`: unknown format `{format}` (expected text, json, sarif, github, junit or html)")
    })?;
    Ok((format, PathBuf::from(path)))
}

fn renderer(
    format: Format,
    to_terminal: bool,
    args: &CheckArgs,
    config: &Config,
    registry: &Registry,
) -> Result<Box<dyn Renderer>, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    let root = args.sarif_root.clone().unwrap_or_else(|| cwd.clone());
    let paths = ArtifactPaths::new(cwd, root);
    Ok(match format {
        Format::Text => Box::new(
            TextRenderer::new(use_color(args.color, to_terminal), !args.quiet)
                .with_statistics(args.statistics)
                .unsafe_fixes(args.unsafe_fixes),
        ),
        Format::Json => Box::new(JsonRenderer::default()),
        Format::Sarif => Box::new(
            SarifRenderer::new(
                config.enabled_rules(registry),
                paths,
                args.sarif_category.clone(),
            )
            .fix_docs(fix_docs(registry)),
        ),
        Format::Github => Box::new(GithubRenderer::new(paths)),
        Format::Junit => Box::new(JunitRenderer::new(config.fail_on)),
        Format::Html => Box::new(HtmlRenderer::new(
            config.enabled_rules(registry),
            args.baseline.is_some(),
        )),
    })
}

/// Whether text output gets colours: `--color`, else a terminal without `NO_COLOR`.
pub(crate) fn use_color(arg: ColorArg, to_terminal: bool) -> bool {
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

fn append(path: &std::path::Path, text: &str) -> Result<(), String> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| format!("cannot write the summary {}: {e}", path.display()))
}

/// Baseline entries that matched fewer findings than recorded: the findings were fixed.
fn report_stale(stale: &[amolint_runner::BaselineEntry], quiet: bool) {
    if stale.is_empty() || quiet {
        return;
    }
    eprintln!(
        "amolint: {} baseline entr{} no longer match (fixed; prune them with --write-baseline):",
        stale.len(),
        if stale.len() == 1 { "y" } else { "ies" }
    );
    for e in stale {
        let file = if e.file.is_empty() {
            String::new()
        } else {
            format!("/{}", e.file)
        };
        eprintln!("  {}{} {} ({} fewer)", e.widget, file, e.code, e.count);
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

fn severity_cell(severity: Option<Severity>) -> &'static str {
    severity.map_or("-", Severity::as_str)
}

fn rules(args: RulesArgs) -> Result<ExitCode, String> {
    let registry = setup(args.config.as_ref(), args.no_native_packs)?.registry;
    let mut metas: Vec<&'static RuleMeta> = registry.rules().iter().map(|r| r.meta()).collect();
    metas.sort_by_key(|m| (pack_order(&registry, m.pack), m.code));
    let fixes = fix_docs(&registry);
    let fix_label = |code: &str| fixes.get(code).map_or("-", |docs| docs.label());
    let mut out = io::stdout().lock();
    let result = match args.format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = metas
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "code": m.code,
                        "name": m.name,
                        "pack": m.pack,
                        "severity": {"amocrm": m.amocrm.map(Severity::as_str), "kommo": m.kommo.map(Severity::as_str)},
                        "fix": fixes.get(m.code).map(|docs| {
                            docs.applicabilities().iter().map(|a| a.as_str()).collect::<Vec<_>>()
                        }).unwrap_or_default(),
                        "summary": m.summary,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)
                .map_err(io::Error::other)
                .and_then(|()| writeln!(out))
        }
        ListFormat::Text => metas.iter().try_for_each(|m| {
            writeln!(
                out,
                "{:<8} {:<32} {:<13} amocrm={:<7} kommo={:<7} fix={:<12} {}",
                m.code,
                m.name,
                m.pack,
                severity_cell(m.amocrm),
                severity_cell(m.kommo),
                fix_label(m.code).replace(", ", "+"),
                m.summary
            )
        }),
    };
    result.map(|()| ExitCode::SUCCESS).or_else(output_error)
}

fn pack_order(registry: &Registry, pack: &str) -> usize {
    registry
        .pack_names()
        .iter()
        .position(|p| *p == pack)
        .unwrap_or(usize::MAX)
}

fn explain(args: ExplainArgs) -> Result<ExitCode, String> {
    let registry = setup(args.config.as_ref(), args.no_native_packs)?.registry;
    let wanted = args.rule.trim();
    let rule = registry
        .rules()
        .iter()
        .find(|r| r.meta().code.eq_ignore_ascii_case(wanted) || r.meta().name == wanted)
        .ok_or_else(|| {
            let mut message = format!("unknown rule `{wanted}`");
            if let Some(near) = registry.suggest(wanted) {
                message.push_str(&format!("; did you mean `{near}`?"));
            } else {
                message.push_str("; `amolint rules` lists every code and name");
            }
            message
        })?;
    let mut out = io::stdout().lock();
    write!(
        out,
        "{}",
        render_explanation(rule.meta(), rule.fix_docs(), Flavour::Terminal)
    )
    .map(|()| ExitCode::SUCCESS)
    .or_else(output_error)
}
