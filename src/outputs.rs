//! Where `amolint check` writes: the report in `--format` to `--output` or standard output, and
//! each `--report FORMAT=FILE` beside it, each with its renderer. Owns choosing and building the
//! renderers and opening their files; what they are given is the check's ([`crate::check`]).

use crate::cli::{CheckArgs, Format};
use crate::commands::{fix_docs, use_color};
use crate::progress::Progress;
use amolint_core::config::Config;
use amolint_core::registry::Registry;
use amolint_report::paths::ArtifactPaths;
use amolint_report::{
    GithubRenderer, HtmlRenderer, JsonRenderer, JunitRenderer, Renderer, SarifRenderer,
    TextRenderer,
};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

/// A renderer and where it writes.
pub(crate) type Output = (Box<dyn Renderer>, Box<dyn Write>);

/// The report in `--format` to `--output` (or standard output), then each `--report`. A report
/// to the terminal a progress bar is drawn on goes around the bar.
pub(crate) fn outputs(
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

pub(crate) fn create(path: &std::path::Path) -> Result<Box<dyn Write>, String> {
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
