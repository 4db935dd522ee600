//! The zip source on arbitrary bytes: opening, listing and reading every entry (whole and as a
//! prefix) must never panic, must keep every read within the caps, and must list only vetted
//! paths. Small caps make the entry, byte and ratio limits reachable from short inputs.
#![no_main]

use amolint_core::source::{EntryKind, Limits, Source, ZipSource};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The source reads a file on disk, as amolint does; one scratch file per fuzzing process,
/// rewritten for every input.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("amolint-fuzz-zip-{}.zip", std::process::id()))
    })
}

const LIMITS: Limits = Limits {
    max_entries: 64,
    max_total_bytes: 1 << 20,
    max_entry_bytes: 256 << 10,
    max_ratio: 100,
};

fuzz_target!(|data: &[u8]| {
    let path = scratch();
    if std::fs::write(path, data).is_err() {
        return;
    }
    let Ok(source) = ZipSource::open(path, LIMITS) else {
        return;
    };
    let entries = source.entries();
    // One past the cap may be planned, never listed.
    assert!(
        entries.len() <= LIMITS.max_entries,
        "{} entries",
        entries.len()
    );
    for entry in entries {
        assert!(!entry.path.is_empty());
        assert!(!entry.path.starts_with('/'));
        assert!(!entry.path.contains('\\') && !entry.path.contains('\0'));
        assert!(
            !entry
                .path
                .split('/')
                .any(|part| part == ".." || part.is_empty())
        );
        if entry.kind != EntryKind::File {
            continue;
        }
        if let Ok(bytes) = source.read(&entry.path, 128 << 10) {
            assert!(bytes.len() as u64 <= 128 << 10);
        }
        if let Ok(bytes) = source.read_prefix(&entry.path, 64) {
            assert!(bytes.len() <= 64);
        }
    }
    let _ = source.issues();
});
