//! `amolint check`: from the paths given to one report per widget and an exit status, with
//! `--fix` and `--diff` wired to `amolint-fix`. The run's steps are [`check`]'s; what happens to
//! each widget's outcome as it arrives (progress, baselines, totals, the diff and every output) is
//! the [`Collector`]'s; which renderers write where is [`crate::outputs`]'s.

use crate::cli::{CheckArgs, Format};
use crate::commands::{EXIT_FINDINGS, Setup, output_error, setup};
use crate::outputs::{Output, create, outputs};
use crate::progress::{self, Progress};
use amolint_core::engine::{Engine, failed_widget};
use amolint_core::profile::{self, Phase};
use amolint_core::severity::FailOn;
use amolint_core::source::SourceKind;
use amolint_fix::{Mode, Outcome};
use amolint_org::GivenTally;
use amolint_report::{MarkdownSummary, Summary, UnmatchedRule};
use amolint_runner::{Baseline, BaselineWriter, Cache, Shard, Target};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

pub(crate) fn check(args: CheckArgs) -> Result<ExitCode, String> {
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
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
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
    let mut collector = Collector {
        // `--diff` prints the diff where the report would go, and no report.
        outputs: match fixing {
            Some(Mode::Diff) => Vec::new(),
            _ => outputs(&args, &config, &registry, progress.as_ref())?,
        },
        diff_out: match fixing {
            Some(Mode::Diff) => Some(match (&args.output, &progress) {
                (Some(path), _) => create(path)?,
                // Written around the bar in whole lines, as a report to the terminal is.
                (None, Some(progress)) if io::stdout().is_terminal() => {
                    Box::new(BufWriter::new(progress.around(io::stdout().lock())))
                }
                (None, _) => Box::new(BufWriter::new(io::stdout().lock())),
            }),
            _ => None,
        },
        progress,
        fixing: fixing.is_some(),
        fail_on: config.fail_on,
        baseline,
        baseline_writer: args
            .write_baseline
            .as_ref()
            .map(|_| BaselineWriter::default()),
        markdown: args.summary.as_ref().map(|_| MarkdownSummary::default()),
        summary: Summary::default(),
        givens: GivenTally::default(),
        changes: false,
        failed: false,
        write_error: None,
    };
    let jobs = args.jobs.unwrap_or_else(amolint_runner::default_jobs);
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
        |outcome| profile::time(Phase::Output, || collector.receive(outcome)),
    );
    let Collector {
        mut outputs,
        diff_out,
        progress,
        baseline,
        baseline_writer,
        mut markdown,
        mut summary,
        givens,
        changes,
        failed,
        write_error,
        ..
    } = collector;
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

/// What a run keeps while the widgets' outcomes arrive, in the run's deterministic order.
struct Collector {
    outputs: Vec<Output>,
    /// Where `--diff` writes (the report's place); `None` without `--diff`.
    diff_out: Option<Box<dyn Write>>,
    progress: Option<Progress>,
    /// `--fix` or `--diff`: a zip's findings then get a note that zips are never modified.
    fixing: bool,
    fail_on: FailOn,
    baseline: Option<Baseline>,
    baseline_writer: Option<BaselineWriter>,
    markdown: Option<MarkdownSummary>,
    summary: Summary,
    givens: GivenTally,
    /// `--diff` found something to change.
    changes: bool,
    /// A finding at or above `--fail-on` was reported.
    failed: bool,
    /// The first output that could not be written; the run stops writing after it.
    write_error: Option<io::Error>,
}

impl Collector {
    fn receive(&mut self, outcome: Outcome) {
        let Outcome {
            mut report,
            fixed,
            diff,
            notes,
        } = outcome;
        if let Some(progress) = &self.progress {
            progress.inc();
        }
        for note in &notes {
            eprintln!("amolint: {note}");
        }
        if self.fixing && report.kind == SourceKind::Zip && !report.diagnostics.is_empty() {
            eprintln!(
                "amolint: {}: a zip is never modified; unpack it to fix it, then build \
                 it again with `amolint pack`",
                report.path
            );
        }
        self.summary.fixed += fixed.len();
        self.changes |= !diff.is_empty();
        if let Some(out) = &mut self.diff_out
            && self.write_error.is_none()
            && let Err(e) = out.write_all(diff.as_bytes())
        {
            self.write_error = Some(e);
        }
        if let Some(writer) = &mut self.baseline_writer {
            writer.add(&report);
        }
        if let Some(baseline) = &mut self.baseline {
            let known = baseline.apply(&mut report);
            for (renderer, _) in &mut self.outputs {
                renderer.baseline_known(&known);
            }
        }
        self.summary.add(&report);
        self.givens.add(&report);
        if let Some(md) = &mut self.markdown {
            md.add(&report);
        }
        self.failed |= report
            .diagnostics
            .iter()
            .any(|d| self.fail_on.fails(d.severity));
        if self.write_error.is_none()
            && let Some(((renderer, out), others)) = self.outputs.split_last_mut()
        {
            // Every output but the last gets a copy; the last takes the report itself.
            for (renderer, out) in others {
                if let Err(e) = renderer.widget(out, report.clone()) {
                    self.write_error = Some(e);
                }
            }
            if let Err(e) = renderer.widget(out, report) {
                self.write_error = Some(e);
            }
        }
    }
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
