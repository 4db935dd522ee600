//! The language server's re-check after an edit, which must stay under 20 ms for a typical
//! widget: the manifest open in the editor with unsaved changes, then, round after round, one
//! more edit and the function the server's worker runs for it
//! ([`amolint_server::check::check`]: the widget checked with the buffer laid over the folder,
//! every finding placed in the client's positions). In process, so what is timed is the check,
//! not the 150 ms debounce or the pipe. Measures only; asserts nothing.

use amolint_server::Documents;
use amolint_server::check::{self, WidgetConfig};
use amolint_server::position::Encoding;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct Timings {
    pub rounds: Vec<Duration>,
    pub findings: usize,
}

pub fn run(widget: &Path, rounds: usize) -> Result<Timings, String> {
    let manifest = widget.join("manifest.json");
    let text =
        std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let root = widget.to_path_buf();
    // The worker's stack, which the script parser needs.
    std::thread::Builder::new()
        .stack_size(amolint_core::script::PARSE_STACK_BYTES)
        .spawn(move || {
            amolint_core::script::declare_large_stack();
            let config = WidgetConfig {
                loaded: Arc::new(check::builtin()),
                problem: None,
            };
            let mut docs = Documents::default();
            docs.open(
                manifest.clone(),
                "file:///manifest.json".into(),
                0,
                text.clone(),
            );
            let mut times = Vec::with_capacity(rounds);
            let mut findings = 0;
            for round in 0..rounds.max(1) {
                // Each edit changes the buffer, as typing does.
                let edited = text.replacen('{', &format!("{{{}", " ".repeat(round % 7 + 1)), 1);
                docs.change(&manifest, round as i32 + 1, edited);
                let started = Instant::now();
                let checked = check::check(docs.snapshot(&root), config.clone(), Encoding::Utf16);
                times.push(started.elapsed());
                findings = checked.report.diagnostics.len();
            }
            Timings {
                rounds: times,
                findings,
            }
        })
        .map_err(|e| e.to_string())?
        .join()
        .map_err(|_| "the re-check panicked".to_string())
}

/// The line `bench/run.sh` prints.
pub fn summary(widget: &Path, timings: &Timings) -> String {
    let mut sorted = timings.rounds.clone();
    sorted.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    format!(
        "server re-check after an edit: median {:.2} ms, p90 {:.2} ms, max {:.2} ms over {} rounds \
         ({}, {} findings; budget 20 ms)",
        ms(at(0.5)),
        ms(at(0.9)),
        ms(sorted[sorted.len() - 1]),
        sorted.len(),
        widget.display(),
        timings.findings
    )
}
