//! Helpers shared by the end-to-end tests of the binary.
#![allow(dead_code)] // each test crate uses its own subset

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "../../crates/amolint-rules/tests/support/rawzip.rs"]
pub mod rawzip;
#[allow(unused_imports)] // each test crate uses its own subset
pub use rawzip::{RawEntry, crc32, deflated_zeros};

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
    mirror_dir(from, to, &|from, to| {
        fs::copy(from, to).expect("copy");
    });
}

/// [`copy_dir`] with hard links (copies where the two folders are on different file systems):
/// much quicker for the many copies of a generated collection, which are never written.
pub fn link_dir(from: &Path, to: &Path) {
    mirror_dir(from, to, &|from, to| {
        if fs::hard_link(from, to).is_err() {
            fs::copy(from, to).expect("copy");
        }
    });
}

/// Recreates the folders under `from` below `to`, with `file` making each file.
fn mirror_dir(from: &Path, to: &Path, file: &dyn Fn(&Path, &Path)) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            mirror_dir(&entry.path(), &target, file);
        } else {
            file(&entry.path(), &target);
        }
    }
}

/// What one guarded run of the binary did.
#[derive(Debug)]
pub struct Guarded {
    /// The exit status, `None` when a signal ended it (the hang guard's kill included).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The program's peak resident set size (see [`run_guarded`]).
    pub peak_rss_kib: u64,
    pub elapsed: std::time::Duration,
    /// The hang guard fired and killed it.
    pub killed: bool,
}

/// The longest a hostile case may run before the hang guard kills it. Not a timing assertion:
/// a case that gets here has hung, and the test fails on the kill.
pub const HANG_GUARD: std::time::Duration = std::time::Duration::from_secs(30);

/// The peak memory a hostile case may take.
pub const RSS_BOUND_KIB: u64 = 512 * 1024;

/// GNU time, which runs the command as its own child and reports that child's peak RSS.
pub const GNU_TIME: &str = "/usr/bin/time";

/// Runs `program args` from the repository root with its output in files (a pipe that nobody
/// reads could block it), kills it after [`HANG_GUARD`], and measures its peak RSS.
///
/// The peak comes from `wait4` in GNU time, run between this process and `program`, rather than
/// from our own `wait4` on `program`: Linux records the peak of the memory image a process had
/// before `exec` into the exec'd program's `ru_maxrss`, and `std::process::Command` spawns with
/// `vfork` semantics, so `program` would inherit this whole test process's peak (hundreds of MB
/// after generating a 300 MB manifest). GNU time is small, so what it reports is the program's
/// own. `.ci/run` installs it when missing.
#[cfg(unix)]
pub fn run_guarded(program: &Path, args: &[std::ffi::OsString]) -> Guarded {
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    use std::time::Instant;
    assert!(
        Path::new(GNU_TIME).exists(),
        "{GNU_TIME} (GNU time) is needed to measure peak memory: apt-get install time"
    );
    let outputs = tempfile::tempdir().expect("tempdir");
    let out_path = outputs.path().join("stdout");
    let err_path = outputs.path().join("stderr");
    let rss_path = outputs.path().join("rss");
    let child = Command::new(GNU_TIME)
        .arg("--format=%M")
        .arg("--output")
        .arg(&rss_path)
        .arg(program)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CI")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).expect("stdout file"))
        .stderr(fs::File::create(&err_path).expect("stderr file"))
        // Its own process group, so that the hang guard kills time and the program together.
        .process_group(0)
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let started = Instant::now();
    let mut killed = false;
    let mut status: libc::c_int = 0;
    loop {
        // SAFETY: `pid` is our own child, not yet reaped; the pointers are to live locals.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, std::ptr::null_mut()) };
        if reaped == pid {
            break;
        }
        assert!(
            reaped == 0,
            "wait4 failed: {}",
            std::io::Error::last_os_error()
        );
        if !killed && started.elapsed() > HANG_GUARD {
            // SAFETY: signalling the process group we created.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
            killed = true;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // The child is reaped: `Child` must not wait for it again, and dropping it does not.
    drop(child);
    // GNU time exits with the program's status, or 128 + the signal that ended it.
    let code = libc::WIFEXITED(status)
        .then(|| libc::WEXITSTATUS(status))
        .filter(|code| *code < 128);
    // The last line is the format's; a line before it may say how the program exited.
    let peak_rss_kib = fs::read_to_string(&rss_path)
        .ok()
        .and_then(|text| text.lines().last()?.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak RSS from {GNU_TIME} (killed: {killed})"));
    Guarded {
        code,
        stdout: fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: fs::read_to_string(&err_path).unwrap_or_default(),
        peak_rss_kib,
        elapsed: started.elapsed(),
        killed,
    }
}

/// The `amolint` binary cargo built for these tests.
pub fn amolint_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("amolint")
}

/// Every file of the folder `dir`, as stored zip entries with '/'-separated relative names,
/// sorted.
pub fn entries_of(dir: &Path) -> Vec<RawEntry> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<RawEntry>) {
        let mut items: Vec<_> = fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").path())
            .collect();
        items.sort();
        for path in items {
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("inside");
                let name = rel.to_string_lossy().replace('\\', "/");
                out.push(RawEntry::stored(&name, &fs::read(&path).expect("read")));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
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

/// The official SARIF 2.1.0 schema (vendored in tests/data), compiled with format checking on, so
/// that `uri` and `uri-reference` values are checked too.
pub fn sarif_schema() -> jsonschema::Validator {
    let mut schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json"),
        )
        .expect("vendored schema"),
    )
    .expect("schema is JSON");
    // The official schema's `language` patterns have a stray `]`, which fails the meta-schema's
    // own `regex` format check once format checking is on (and jsonschema always meta-validates).
    // amolint never writes `language`; the pattern is replaced by the one the OASIS text means.
    let fixed = replace_strings(
        &mut schema,
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    assert_eq!(fixed, 2, "the vendored schema changed");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

/// Every way `report` breaks the SARIF schema, with where.
pub fn sarif_schema_errors(
    schema: &jsonschema::Validator,
    report: &serde_json::Value,
) -> Vec<String> {
    schema
        .iter_errors(report)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn replace_strings(value: &mut serde_json::Value, from: &str, to: &str) -> usize {
    use serde_json::Value;
    match value {
        Value::String(s) if s == from => {
            *s = to.to_string();
            1
        }
        Value::Array(items) => items.iter_mut().map(|v| replace_strings(v, from, to)).sum(),
        Value::Object(map) => map.values_mut().map(|v| replace_strings(v, from, to)).sum(),
        _ => 0,
    }
}

/// `sarif-fmt` (crates.io) rendering the SARIF file `file`, the way a consumer reads it: `None`
/// when it is not installed. `.ci/run` installs it and sets AMOLINT_REQUIRE_SARIF_FMT, so CI never
/// skips; elsewhere the callers run when it is installed.
pub fn sarif_fmt(file: &Path) -> Option<std::process::Output> {
    match std::process::Command::new("sarif-fmt")
        .args(["--color", "never", "--input"])
        .arg(file)
        .output()
    {
        Ok(output) => Some(output),
        Err(e) => {
            assert!(
                std::env::var_os("AMOLINT_REQUIRE_SARIF_FMT").is_none(),
                "sarif-fmt is required but cannot run: {e}"
            );
            eprintln!("skipped: sarif-fmt is not installed (cargo install sarif-fmt)");
            None
        }
    }
}
