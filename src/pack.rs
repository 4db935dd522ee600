//! `amolint pack`: wires the configuration of the run (read by [`setup`]) and the engine to
//! `amolint-pack`, prints the widget's remaining findings and the pack's account, and maps how
//! packing ended to an exit code: 0 packed, 1 not packed (findings, an unreadable file), 2 a
//! usage or configuration error, or an archive amolint got wrong.

use crate::cli::PackArgs;
use crate::commands::{EXIT_FINDINGS, EXIT_USAGE, Setup, output_error, setup, use_color};
use amolint_core::diagnostic::WidgetReport;
use amolint_core::engine::Engine;
use amolint_pack::{Outcome, Request, Status};
use amolint_report::{Renderer, TextRenderer};
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

pub fn pack(args: PackArgs) -> Result<ExitCode, String> {
    // `org` holds the organisation packs' libraries for as long as the engine may call them.
    let Setup {
        registry,
        mut config,
        org: _org,
    } = setup(args.config.as_ref(), args.no_native_packs)?;
    if let Some(platform) = args.platform {
        config.platform = platform.into();
    }
    if let Some(fail_on) = args.fail_on {
        config.fail_on = fail_on.into();
    }
    let engine = Engine {
        registry: &registry,
        config: &config,
    };
    let outcome = amolint_pack::pack(
        &engine,
        &Request {
            source: args.source.clone(),
            output: args.output.clone(),
            force: args.force,
            allow_errors: args.allow_errors,
            dry_run: args.dry_run,
        },
    )?;
    let code = match outcome.status {
        Status::Packed { .. } => ExitCode::SUCCESS,
        Status::Refused(_) => ExitCode::from(EXIT_FINDINGS),
        Status::Bug => ExitCode::from(EXIT_USAGE),
    };
    if let Err(e) = print(&args, &outcome, config.fail_on) {
        return output_error(e);
    }
    if outcome.status == Status::Bug {
        eprintln!(
            "amolint: BUG: the archive built from {} failed amolint's own archive checks; \
             nothing was written. Please report it",
            outcome.source
        );
    }
    Ok(code)
}

fn print(
    args: &PackArgs,
    outcome: &Outcome,
    fail_on: amolint_core::severity::FailOn,
) -> io::Result<()> {
    let stdout = io::stdout();
    let color = use_color(args.color, stdout.is_terminal());
    let mut out = stdout.lock();
    // The widget's findings packing does not fix, as `amolint check` shows them; with --quiet,
    // only those that stop it.
    let shown = if args.quiet {
        &outcome.blocking
    } else {
        &outcome.remaining
    };
    if !shown.is_empty() {
        let report = WidgetReport {
            diagnostics: shown.clone(),
            ..outcome.before.clone()
        };
        TextRenderer::new(color, false).widget(&mut out, report)?;
    }
    let summary = amolint_pack::render_summary(outcome, args.list, fail_on);
    if args.quiet {
        // The last line only: how packing ended.
        let last = summary.lines().last().unwrap_or_default();
        writeln!(out, "{last}")?;
    } else {
        write!(out, "{summary}")?;
    }
    out.flush()
}
