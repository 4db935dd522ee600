//! Helpers shared by the end-to-end tests of the binary.
#![allow(dead_code)] // each test crate uses its own subset

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

/// The `amolint` binary, run from the repository root, outside any CI environment.
pub fn amolint() -> Command {
    let mut cmd = Command::cargo_bin("amolint").expect("binary");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env_remove("CI");
    cmd
}

pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/widgets")
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
