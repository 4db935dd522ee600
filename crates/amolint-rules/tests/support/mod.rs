//! Helpers shared by the rule crate's tests: the clean widget every fixture starts from, copying
//! it, and writing raw zips.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

pub mod rawzip;

use std::fs;
use std::path::{Path, PathBuf};

/// The clean widget fixtures are laid over: the README's `examples/widgets/clean`, so the example
/// users see first is the one the fixtures prove free of warnings and errors.
pub fn clean_widget() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/widgets/clean")
}

/// Copies the folder `from` into `to` (created if missing), leaving out the top-level entries
/// named in `skip`.
pub fn copy_tree(from: &Path, to: &Path, skip: &[&str]) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target, &[]);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
