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

/// Where the tests build native rule packs: a target folder of its own, so that a nested cargo
/// build never waits on the lock of the build running the tests.
pub fn pack_build_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/org-packs")
}

/// The file name of a dynamic library called `name` on this platform.
pub fn library_file(name: &str) -> String {
    format!(
        "{}{}{}",
        std::env::consts::DLL_PREFIX,
        name,
        std::env::consts::DLL_SUFFIX
    )
}

/// Builds the workspace package `package` (a cdylib rule pack) and returns its library.
pub fn build_rust_pack(package: &str) -> PathBuf {
    static BUILD: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--quiet", "-p", package])
        .env("CARGO_TARGET_DIR", pack_build_dir())
        .status()
        .expect("run cargo build");
    assert!(status.success(), "building the rule pack {package} failed");
    let library = pack_build_dir()
        .join("debug")
        .join(library_file(&package.replace('-', "_")));
    assert!(library.is_file(), "{} was not built", library.display());
    library
}

/// Compiles C `source` into a shared library named after `name` with the system's `cc` (which
/// `.ci/run` installs when missing) and returns it.
pub fn build_c_pack(name: &str, source: &str) -> PathBuf {
    let dir = pack_build_dir().join("c");
    fs::create_dir_all(&dir).expect("mkdir");
    let c_file = dir.join(format!("{name}.c"));
    fs::write(&c_file, source).expect("write C source");
    let library = dir.join(library_file(name));
    let output = std::process::Command::new("cc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(&library)
        .arg(&c_file)
        .output()
        .expect("run cc (a C compiler is needed; .ci/run installs gcc)");
    assert!(
        output.status.success(),
        "cc failed on {name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    library
}

/// The fenced code block that follows the marker `<!-- example: NAME ... -->` in `markdown`.
pub fn doc_example(markdown: &str, name: &str) -> String {
    let marker = format!("<!-- example: {name}");
    let start = markdown
        .find(&marker)
        .unwrap_or_else(|| panic!("no example `{name}` in the document"));
    let after = &markdown[start..];
    let fence = after.find("```").expect("a fence after the marker");
    let body_start = after[fence..].find('\n').expect("fence line") + fence + 1;
    let body_len = after[body_start..].find("\n```").expect("closing fence");
    after[body_start..body_start + body_len + 1].to_string()
}
