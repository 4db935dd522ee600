//! amolint's benchmark harness: owns generating the benchmark widgets, the floor program and
//! the runner that times amolint against the floor (and against ajv-cli when it is installed).
//! It is a measuring tool, not a test: it asserts nothing about timings and never touches the
//! network (`bench/run.sh` installs ajv-cli before it runs).

mod floor;
mod generate;
mod runner;
mod server;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "amolint-bench", about = "Benchmark harness for amolint")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write N widgets as folders and zips (deterministic for a seed)
    Generate {
        #[arg(long, default_value_t = 2000)]
        count: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// The floor: the least work any checker must do over the widgets under PATH
    Floor {
        #[arg(long, default_value_t = 2)]
        jobs: usize,
        /// A new oxc arena for every script (a naive checker) instead of one reused per thread
        #[arg(long)]
        fresh_arena: bool,
        #[arg(value_name = "PATH", required = true)]
        paths: Vec<PathBuf>,
    },
    /// Generate (when needed), then time amolint against the floor and print the figures
    Run(runner::RunArgs),
    /// Time the language server's re-check of a widget after an edit of its manifest
    Server {
        #[arg(long, default_value_t = 50)]
        rounds: usize,
        #[arg(value_name = "WIDGET")]
        widget: PathBuf,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Generate { count, seed, out } => match generate::generate(&out, count, seed) {
            Ok(g) => {
                println!(
                    "{} widgets in {} and {}",
                    g.count,
                    g.folders.display(),
                    g.zips.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("amolint-bench: generating failed: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Floor {
            jobs,
            fresh_arena,
            paths,
        } => match floor::run(&paths, jobs, fresh_arena) {
            Ok(t) => {
                println!(
                    "floor: {} widgets, {} files, {} bytes read, {} scripts with syntax errors",
                    t.widgets, t.files, t.bytes, t.syntax_errors
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("amolint-bench: floor failed: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Server { rounds, widget } => match server::run(&widget, rounds) {
            Ok(timings) => {
                println!("{}", server::summary(&widget, &timings));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("amolint-bench: server re-check failed: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Run(args) => match runner::run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("amolint-bench: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
