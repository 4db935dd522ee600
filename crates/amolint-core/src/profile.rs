//! The per-phase profile (`AMOLINT_PROFILE=1`): owns summing the time every thread spends in
//! each phase of a run and printing the totals to stderr at the end. It must not change what a
//! run does or reports; when it is off, a phase costs one relaxed atomic load.
//!
//! Phases are exclusive: reading a file inside a JSON parse is counted as reading, the parse
//! alone as JSON; "rules" is the engine's time less the phases it triggered.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Discovery,
    /// Opening sources, listing entries, reading and decoding files (folders and zips).
    Reading,
    Json,
    JavaScript,
    Images,
    /// The engine's own time with the phases above taken out: the rules and placing findings.
    Rules,
    /// The result cache: hashing widgets, loading and storing entries.
    Cache,
    /// Rendering and writing reports.
    Output,
}

const PHASES: [(Phase, &str); 8] = [
    (Phase::Discovery, "discovery"),
    (Phase::Reading, "reading"),
    (Phase::Json, "JSON"),
    (Phase::JavaScript, "JavaScript"),
    (Phase::Images, "images"),
    (Phase::Rules, "rules"),
    (Phase::Cache, "cache"),
    (Phase::Output, "output"),
];

static ENABLED: AtomicBool = AtomicBool::new(false);
static NANOS: [AtomicU64; 8] = [const { AtomicU64::new(0) }; 8];

thread_local! {
    /// Time already attributed to nested phases while an outer phase runs on this thread.
    static NESTED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Turns the profile on when `AMOLINT_PROFILE` is set to anything but `0` or empty.
pub fn enable_from_env() -> bool {
    let on = std::env::var_os("AMOLINT_PROFILE").is_some_and(|v| !v.is_empty() && v != "0");
    ENABLED.store(on, Ordering::Relaxed);
    on
}

pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

fn index(phase: Phase) -> usize {
    PHASES.iter().position(|(p, _)| *p == phase).unwrap_or(0)
}

/// Runs `f`, counting its time, less the nested phases it ran, as `phase`.
pub fn time<T>(phase: Phase, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let outer_nested = NESTED.with(|n| n.replace(0));
    let started = Instant::now();
    let out = f();
    let total = started.elapsed().as_nanos() as u64;
    let nested = NESTED.with(|n| n.get());
    NANOS[index(phase)].fetch_add(total.saturating_sub(nested), Ordering::Relaxed);
    NESTED.with(|n| n.set(outer_nested + total));
    out
}

/// The phases' totals so far, summed over threads.
pub fn totals() -> Vec<(&'static str, Duration)> {
    PHASES
        .iter()
        .map(|(phase, name)| {
            (
                *name,
                Duration::from_nanos(NANOS[index(*phase)].load(Ordering::Relaxed)),
            )
        })
        .collect()
}

/// The profile as printed on stderr: each phase's thread time and share, and the wall time.
pub fn render(wall: Duration, widgets: usize, jobs: usize) -> String {
    let totals = totals();
    let sum: Duration = totals.iter().map(|(_, d)| *d).sum();
    let mut out = format!(
        "amolint profile: {widgets} widgets, --jobs {jobs}, wall {:.3} s; thread time per phase:\n",
        wall.as_secs_f64()
    );
    for (name, d) in &totals {
        let share = if sum.is_zero() {
            0.0
        } else {
            d.as_secs_f64() * 100.0 / sum.as_secs_f64()
        };
        out.push_str(&format!(
            "  {name:<11} {:>9.3} s {share:>5.1}%\n",
            d.as_secs_f64()
        ));
    }
    out.push_str(&format!("  {:<11} {:>9.3} s\n", "total", sum.as_secs_f64()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_phases_are_not_counted_twice() {
        ENABLED.store(true, Ordering::Relaxed);
        let before = totals();
        time(Phase::Rules, || {
            std::thread::sleep(Duration::from_millis(20));
            time(Phase::Images, || {
                std::thread::sleep(Duration::from_millis(200))
            });
        });
        let after = totals();
        let grew = |name: &str| {
            let get = |t: &[(&str, Duration)]| {
                t.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, d)| *d)
                    .unwrap_or_default()
            };
            get(&after) - get(&before)
        };
        assert!(grew("images") >= Duration::from_millis(200));
        assert!(grew("rules") >= Duration::from_millis(20));
        // Counted twice, rules would have at least 220 ms.
        assert!(
            grew("rules") < Duration::from_millis(200),
            "{:?}",
            grew("rules")
        );
    }
}
