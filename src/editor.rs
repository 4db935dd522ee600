//! The editor surfaces: `amolint server` (the language server of `amolint-server`, given the
//! configuration loader `check` uses) and `amolint schema manifest`.

use crate::cli::{SchemaArgs, SchemaKind, ServerArgs};
use crate::commands::{SetupError, output_error, setup_from};
use amolint_server::{ConfigProblem, Loaded, Options};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

pub fn server(args: &ServerArgs) -> ExitCode {
    let no_native = args.no_native_packs;
    let loader = move |path: Option<&Path>| -> Result<Loaded, ConfigProblem> {
        let setup = setup_from(path, no_native).map_err(|e| problem(path, e))?;
        Ok(Loaded {
            registry: setup.registry,
            config: setup.config,
            path: path.map(Path::to_path_buf),
            keep: Some(Box::new(setup.org)),
        })
    };
    let end = amolint_server::run_stdio(Options {
        loader: Arc::new(loader),
    });
    ExitCode::from(end.exit_code())
}

/// Where a configuration error is: its own place, or the start of the file read.
fn problem(path: Option<&Path>, error: SetupError) -> ConfigProblem {
    match error {
        SetupError::Config(e) => ConfigProblem {
            message: e.message,
            file: Some(e.file.into()),
            line: e.line,
            column: e.column,
        },
        SetupError::Other(message) => ConfigProblem {
            message,
            file: path.map(Path::to_path_buf),
            line: 1,
            column: 1,
        },
    }
}

pub fn schema(args: &SchemaArgs) -> Result<ExitCode, String> {
    let text = match args.which {
        SchemaKind::Manifest => amolint_server::schema::manifest_text(),
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map(|()| ExitCode::SUCCESS)
        .or_else(output_error)
}
