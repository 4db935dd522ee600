//! The batch: finding the widgets under the paths a user gives, checking them in parallel on a
//! rayon pool, and handing the reports back in a deterministic order as they complete.
//!
//! Owns discovery, scheduling, per-widget isolation, sharding, baselines and the result cache.
//! It knows nothing of rules or output formats: [`check_target`] hands a widget to the engine
//! (or reads its report back from the cache), and the caller passes the function that receives
//! each report.

mod baseline;
mod cache;
mod discover;
mod shard;

pub use baseline::{Baseline, BaselineEntry, BaselineWriter};
pub use cache::{Cache, CacheKey};
pub use discover::{DiscoveryError, Target, discover};
pub use shard::Shard;

use amolint_core::WidgetReport;
use amolint_core::engine::{Engine, unreadable_widget};
use amolint_core::profile::{self, Phase};
use amolint_core::source;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

/// Checks every target with `check` on `jobs` threads and passes each outcome (a
/// [`WidgetReport`], or whatever a caller's `check` makes, such as a fixed widget's report and
/// diff) to `receive` in target order (not completion order), as soon as every earlier target
/// is done. A panic in `check` becomes the outcome `on_panic` builds for that target; the batch
/// goes on.
pub fn run<T, C, P, R>(targets: &[Target], jobs: usize, check: C, on_panic: P, mut receive: R)
where
    T: Send,
    C: Fn(&Target) -> T + Sync,
    P: Fn(&Target, String) -> T + Sync,
    R: FnMut(T),
{
    let jobs = jobs.max(1);
    let checked = |target: &Target| {
        catch_unwind(AssertUnwindSafe(|| check(target))).unwrap_or_else(|payload| {
            on_panic(target, amolint_core::panic::message(payload.as_ref()))
        })
    };
    // One widget is checked on the calling thread: no pool to start for a single check. With
    // more, even `--jobs 1` uses a pool (of one), so that its worker parses in place like the
    // workers of a larger pool and `--jobs N` compares like with like.
    if targets.len() <= 1 {
        for target in targets {
            receive(checked(target));
        }
        return;
    }
    // Workers get the script parser's large stack, so that they parse script.js themselves
    // instead of handing it to a parser thread of their own.
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(amolint_core::script::PARSE_STACK_BYTES)
        .start_handler(|_| amolint_core::script::declare_large_stack())
        .build()
    {
        Ok(pool) => pool,
        Err(_) => {
            for target in targets {
                receive(checked(target));
            }
            return;
        }
    };
    // Bounded, so that a slow consumer holds back the workers instead of queueing reports.
    let (sender, receiver) = mpsc::sync_channel::<(usize, T)>(jobs * 4);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            // FIFO: a plain `scope` runs the spawns of its worker last-in first-out, so with one
            // thread the first target was checked last, no report could be handed on before the
            // whole batch was done (all of them held in `pending`, the progress bar frozen at 0),
            // and with more threads the reports came in a late burst.
            pool.scope_fifo(|s| {
                for (index, target) in targets.iter().enumerate() {
                    let sender = sender.clone();
                    let checked = &checked;
                    s.spawn_fifo(move |_| {
                        let _ = sender.send((index, checked(target)));
                    });
                }
            });
            drop(sender);
        });
        let mut next = 0;
        let mut pending = BTreeMap::new();
        for (index, report) in receiver.iter() {
            pending.insert(index, report);
            while let Some(report) = pending.remove(&next) {
                receive(report);
                next += 1;
            }
        }
    });
}

/// Checks one target: opens it within the configuration's safety limits and checks it with
/// `engine`. With a `cache`, a report stored for the same bytes under the same effective
/// configuration is read back instead, and a fresh report is stored.
pub fn check_target(target: &Target, engine: &Engine<'_>, cache: Option<&Cache>) -> WidgetReport {
    let config = engine.config;
    let (limits, parse_limits) = config.limits();
    let source = match profile::time(Phase::Reading, || source::open(&target.path, &limits)) {
        Ok(source) => source,
        Err(err) => {
            return unreadable_widget(
                &target.display,
                target.kind,
                config.fallback_platform(),
                &err.to_string(),
            );
        }
    };
    let Some(cache) = cache else {
        return engine.check(&target.display, source.as_ref());
    };
    let key = profile::time(Phase::Cache, || {
        // The effective configuration for this widget: what could change its findings.
        let effective = format!(
            "{:?}|{:?}|{:?}|{:?}",
            config.platform,
            config.levels_for(engine.registry, &target.display),
            limits,
            parse_limits
        );
        cache.key(target, source.as_ref(), &effective)
    });
    if let Some(key) = &key
        && let Some(report) = profile::time(Phase::Cache, || cache.load(key))
    {
        return report;
    }
    let report = engine.check(&target.display, source.as_ref());
    if let Some(key) = &key {
        // A cache that cannot be written only makes the next run slower. The worker only
        // encodes the entry; the cache's writer thread writes it.
        let _ = profile::time(Phase::Cache, || cache.store_later(key, &report));
    }
    report
}

/// The number of threads to use when `--jobs` is not given: the available cores.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;
    use amolint_core::platform::Platform;
    use amolint_core::source::SourceKind;
    use std::sync::Mutex;

    fn targets(count: usize) -> Vec<Target> {
        (0..count)
            .map(|i| Target {
                display: format!("w{i:03}"),
                path: format!("w{i:03}").into(),
                kind: SourceKind::Directory,
            })
            .collect()
    }

    fn report(target: &Target) -> WidgetReport {
        unreadable_widget(&target.display, target.kind, Platform::Kommo, "test")
    }

    /// The targets are checked in the order given, so that each report can be handed on as
    /// soon as it is done instead of after the whole batch (a pool running its own spawns
    /// last-in first-out checked the first target last).
    #[test]
    fn targets_are_checked_first_in_first_out() {
        let targets = targets(50);
        let started = Mutex::new(Vec::new());
        let mut received = Vec::new();
        run(
            &targets,
            1,
            |target| {
                started
                    .lock()
                    .expect("not poisoned")
                    .push(target.display.clone());
                report(target)
            },
            |target, _| report(target),
            |report| received.push(report.path),
        );
        let order: Vec<String> = targets.iter().map(|t| t.display.clone()).collect();
        assert_eq!(started.into_inner().expect("not poisoned"), order);
        assert_eq!(received, order);
    }
}
