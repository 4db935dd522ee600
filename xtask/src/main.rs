//! `cargo xtask <task>`: the project's own tasks (see the library's documentation).

use clap::{Parser, Subcommand};
use std::path::Path;
use std::process::ExitCode;
use xtask::rule_docs;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "The amolint project's own tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Write the rule reference docs/rules/ from the built-in rules' documentation
    RuleDocs {
        /// Write nothing; list the pages that differ and fail when any does
        #[arg(long)]
        check: bool,
    },
}

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."));
    match Cli::parse().task {
        Task::RuleDocs { check: false } => match rule_docs::write(root) {
            Ok(changed) => {
                eprintln!("{}: {changed} files written or removed", rule_docs::FOLDER);
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("cannot write {}: {e}", rule_docs::FOLDER);
                ExitCode::FAILURE
            }
        },
        Task::RuleDocs { check: true } => match rule_docs::drift(root) {
            Ok(problems) if problems.is_empty() => ExitCode::SUCCESS,
            Ok(problems) => {
                for problem in problems {
                    eprintln!("{problem}");
                }
                eprintln!("run `{}` to rewrite them", rule_docs::COMMAND);
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("cannot read {}: {e}", rule_docs::FOLDER);
                ExitCode::FAILURE
            }
        },
    }
}
