//! Whole-widget checking from a zip's bytes: every built-in rule on whatever the archive holds.
//! The engine turns a rule's panic into an AMO001 finding so that one bad widget cannot stop a
//! batch; here that finding is itself the crash, so that fuzzing sees it.
#![no_main]

use amolint_core::config::Config;
use amolint_core::engine::Engine;
use amolint_core::source::{Limits, ZipSource};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("amolint-fuzz-widget-{}.zip", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    static REGISTRY: OnceLock<amolint_core::registry::Registry> = OnceLock::new();
    let registry = REGISTRY.get_or_init(amolint_rules::registry);
    let config = Config::default();
    let engine = Engine {
        registry,
        config: &config,
    };
    let path = scratch();
    if std::fs::write(path, data).is_err() {
        return;
    }
    let Ok(source) = ZipSource::open(path, Limits::default()) else {
        return;
    };
    let report = engine.check("fuzz.zip", &source);
    if let Some(bug) = report.diagnostics.iter().find(|d| d.code == "AMO001") {
        panic!("a rule panicked: {}", bug.message);
    }
});
