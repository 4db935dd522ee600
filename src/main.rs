//! The `amolint` command line: parses arguments, loads the configuration, wires the runner, the
//! engine and a renderer together, and maps the outcome to an exit code.
//!
//! No rule logic and no output formatting live here.

mod cli;
mod commands;
mod editor;
mod pack;
mod progress;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = <cli::Cli as clap::Parser>::parse();
    match commands::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("amolint: error: {err}");
            ExitCode::from(commands::EXIT_USAGE)
        }
    }
}
