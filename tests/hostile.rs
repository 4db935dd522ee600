//! The hostile-input suite: every kind of widget issue 8 lists, generated here (the large ones
//! are never committed) and checked through the real binary. For each case amolint must give a
//! report that names the widget with at least one finding, exit 0 or 1, finish before the hang
//! guard (30 s) and stay under 512 MB of peak RSS, measured on the child with `wait4`.
//!
//! The binary is the one `cargo test` builds (debug): every case is fast enough there (the
//! slowest, 200,000 entries and 7.5 million JSON values, take about a second each), so none is
//! ignored and no release build is needed.
#![cfg(unix)]

mod common;

use common::*;
use serde_json::Value;
use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

/// A copy of the clean example widget in a fresh temporary folder, as `<tmp>/widget`.
fn clean_widget() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let widget = tmp.path().join("widget");
    copy_dir(&examples().join("clean"), &widget);
    (tmp, widget)
}

/// The clean example widget's files as zip entries.
fn clean_entries() -> Vec<RawEntry> {
    entries_of(&examples().join("clean"))
}

/// Writes `bytes` as `<tmp>/widget.zip`.
fn zip_file(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("widget.zip");
    fs::write(&path, bytes).expect("write zip");
    (tmp, path)
}

fn replace(entries: &mut [RawEntry], name: &str, with: RawEntry) {
    let at = entries
        .iter()
        .position(|e| e.name == name.as_bytes())
        .expect("entry to replace");
    entries[at] = with;
}

/// The widget's report after checking `target` as `runner` (empty: as ourselves) under the
/// hostile-input bounds, which it asserts.
fn check_with(runner: &[OsString], target: &Path) -> Value {
    let (program, mut args) = match runner.split_first() {
        None => (amolint_bin(), Vec::new()),
        Some((first, rest)) => {
            let mut args = rest.to_vec();
            args.push(amolint_bin().into());
            (PathBuf::from(first), args)
        }
    };
    args.extend(
        ["check", "--format", "json", "--no-progress"]
            .iter()
            .map(OsString::from),
    );
    args.push(target.into());
    let run = run_guarded(&program, &args);
    assert!(!run.killed, "hung: killed after {:?}", run.elapsed);
    assert!(
        matches!(run.code, Some(0 | 1)),
        "exit {:?}\nstderr: {}",
        run.code,
        run.stderr
    );
    assert!(
        run.peak_rss_kib < RSS_BOUND_KIB,
        "peak RSS {} KiB over {} KiB",
        run.peak_rss_kib,
        RSS_BOUND_KIB
    );
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not a JSON report ({e}): {}", run.stdout));
    let widgets = report["widgets"].as_array().expect("widgets");
    let shown = target.to_string_lossy();
    let widget = widgets
        .iter()
        .find(|w| w["path"].as_str() == Some(shown.as_ref()))
        .unwrap_or_else(|| panic!("no report names {shown}: {report:#}"))
        .clone();
    let diagnostics = widget["diagnostics"].as_array().expect("diagnostics");
    assert!(!diagnostics.is_empty(), "no finding: {widget:#}");
    eprintln!(
        "{}: exit {:?}, {:?}, peak {} KiB, codes {:?}",
        shown,
        run.code,
        run.elapsed,
        run.peak_rss_kib,
        codes(&widget)
    );
    widget
}

fn check(target: &Path) -> Value {
    check_with(&[], target)
}

fn codes(widget: &Value) -> Vec<String> {
    widget["diagnostics"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .filter_map(|d| d["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn has(widget: &Value, code: &str) -> bool {
    codes(widget).iter().any(|c| c == code)
}

fn messages(widget: &Value, code: &str) -> Vec<String> {
    widget["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == code)
        .filter_map(|d| d["message"].as_str().map(str::to_string))
        .collect()
}

/// No case may be reported as a crash of a rule.
fn no_crash(widget: &Value) {
    assert!(!has(widget, "AMO001"), "a rule crashed: {widget:#}");
}

// ---------------------------------------------------------------------------------------------
// Archives

#[test]
fn a_zip_expanding_to_gigabytes_from_one_entry() {
    let mut entries = clean_entries();
    // manifest.json is what every rule reads first: 2 GiB of zeros, honestly declared.
    let size = 2u64 << 30;
    replace(
        &mut entries,
        "manifest.json",
        RawEntry {
            method: 8,
            declared: Some((size as u32, 0)),
            ..RawEntry::stored("manifest.json", &deflated_zeros(size))
        },
    );
    let (_tmp, zip) = zip_file(&rawzip::write(&entries));
    let widget = check(&zip);
    no_crash(&widget);
    assert!(has(&widget, "ARC008"), "{widget:#}");
}

#[test]
fn a_zip_of_200000_entries() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("widget.zip");
    let mut writer = zip::ZipWriter::new(fs::File::create(&path).expect("create"));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for entry in clean_entries() {
        writer
            .start_file(String::from_utf8_lossy(&entry.name), options)
            .expect("start");
        writer.write_all(&entry.data).expect("write");
    }
    for i in 0..200_000 {
        writer
            .start_file(format!("junk/{i}.txt"), options)
            .expect("start");
    }
    writer.finish().expect("finish");
    let widget = check(&path);
    no_crash(&widget);
    // 200,000 is past four times the cap: refused before the zip crate parses the directory.
    let declared = format!(
        "declares {} entries, far more than the 10000 of",
        clean_entries().len() + 200_000
    );
    assert!(
        messages(&widget, "ARC008")
            .iter()
            .any(|m| m.contains(&declared)),
        "{widget:#}"
    );
}

#[test]
fn a_zip64_directory_declaring_a_billion_entries_is_refused_unread() {
    // A real widget whose zip64 end records claim 10^9 entries: parsing that directory would
    // cost hundreds of GB, so the declared count alone must stop it.
    let mut bytes = rawzip::write(&clean_entries());
    let eocd = bytes.split_off(bytes.len() - 22);
    let cd_size = u64::from(u32::from_le_bytes([eocd[12], eocd[13], eocd[14], eocd[15]]));
    let cd_offset = u64::from(u32::from_le_bytes([eocd[16], eocd[17], eocd[18], eocd[19]]));
    let zip64_at = bytes.len() as u64;
    let declared: u64 = 1_000_000_000;
    bytes.extend_from_slice(&0x0606_4b50u32.to_le_bytes());
    bytes.extend_from_slice(&44u64.to_le_bytes());
    bytes.extend_from_slice(&[45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    bytes.extend_from_slice(&declared.to_le_bytes());
    bytes.extend_from_slice(&declared.to_le_bytes());
    bytes.extend_from_slice(&cd_size.to_le_bytes());
    bytes.extend_from_slice(&cd_offset.to_le_bytes());
    bytes.extend_from_slice(&0x0706_4b50u32.to_le_bytes());
    bytes.extend_from_slice(&0u32.to_le_bytes());
    bytes.extend_from_slice(&zip64_at.to_le_bytes());
    bytes.extend_from_slice(&1u32.to_le_bytes());
    bytes.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    bytes.extend_from_slice(&[0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]);
    bytes.extend_from_slice(&[0xFF; 8]);
    bytes.extend_from_slice(&[0, 0]);
    let (_tmp, zip) = zip_file(&bytes);
    let widget = check(&zip);
    no_crash(&widget);
    assert!(
        messages(&widget, "ARC008")
            .iter()
            .any(|m| m
                .contains("declares 1000000000 entries, far more than the 10000 of `max-entries`")),
        "{widget:#}"
    );
}

#[test]
fn a_truncated_zip() {
    let bytes = rawzip::write(&clean_entries());
    let (_tmp, zip) = zip_file(&bytes[..bytes.len() / 2]);
    let widget = check(&zip);
    assert!(has(&widget, "ARC001"), "{widget:#}");
}

#[test]
fn a_zip_whose_local_and_central_headers_disagree() {
    let mut entries = clean_entries();
    let manifest = entries
        .iter_mut()
        .find(|e| e.name == b"manifest.json")
        .expect("manifest");
    manifest.local_name = Some(b"manifest.jsoX".to_vec());
    let (_tmp, zip) = zip_file(&rawzip::write(&entries));
    let widget = check(&zip);
    no_crash(&widget);
    assert!(has(&widget, "ARC001"), "{widget:#}");
}

#[test]
fn duplicate_and_case_colliding_entries() {
    let mut entries = clean_entries();
    entries.push(RawEntry::stored("manifest.json", b"{}"));
    entries.push(RawEntry::stored(
        "Script.js",
        b"define([], function () {});",
    ));
    let (_tmp, zip) = zip_file(&rawzip::write(&entries));
    let widget = check(&zip);
    no_crash(&widget);
    let duplicates = messages(&widget, "ARC005");
    assert_eq!(duplicates.len(), 2, "{widget:#}");
    assert!(duplicates.iter().any(|m| m.contains("letter case")));
}

#[test]
fn entry_names_with_dotdot_absolute_backslash_and_nul() {
    let mut entries = clean_entries();
    for name in [
        "../evil.js",
        "/etc/cron.d/evil",
        "images\\evil.png",
        "evil\0.js",
    ] {
        entries.push(RawEntry::stored(name, b"x"));
    }
    let (_tmp, zip) = zip_file(&rawzip::write(&entries));
    let widget = check(&zip);
    no_crash(&widget);
    assert_eq!(
        codes(&widget).iter().filter(|c| *c == "ARC004").count(),
        4,
        "{widget:#}"
    );
}

#[test]
fn encrypted_entries() {
    let mut entries = clean_entries();
    for entry in entries
        .iter_mut()
        .filter(|e| e.name == b"script.js" || e.name == b"i18n/en.json")
    {
        entry.encrypted = true;
    }
    let (_tmp, zip) = zip_file(&rawzip::write(&entries));
    let widget = check(&zip);
    no_crash(&widget);
    // Each encrypted entry is reported once, not once by each rule that tried to read it.
    for name in ["script.js", "i18n/en.json"] {
        let about: Vec<&Value> = widget["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| {
                d["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("encrypt") && m.contains(name))
            })
            .collect();
        assert_eq!(about.len(), 1, "{name}: {about:#?}");
    }
}

#[test]
fn a_symlink_entry() {
    let mut entries = clean_entries();
    replace(
        &mut entries,
        "script.js",
        RawEntry {
            unix_mode: Some(0o120777),
            ..RawEntry::stored("script.js", b"/etc/passwd")
        },
    );
    let (_tmp, zip) = zip_file(&rawzip::write(&entries));
    let widget = check(&zip);
    no_crash(&widget);
    assert!(
        widget.to_string().contains("symlink") || widget.to_string().contains("symbolic link"),
        "{widget:#}"
    );
}

#[test]
fn a_zip_inside_a_zip() {
    let inner = rawzip::write(&clean_entries());
    let mut entries = clean_entries();
    entries.push(RawEntry::stored("widget.zip", &inner));
    let (_tmp, zip) = zip_file(&rawzip::write(&entries));
    let widget = check(&zip);
    no_crash(&widget);
    assert!(widget.to_string().contains("widget.zip"), "{widget:#}");
}

// ---------------------------------------------------------------------------------------------
// JSON

#[test]
fn a_manifest_nested_1000000_levels_deep() {
    let (_tmp, widget_dir) = clean_widget();
    fs::write(widget_dir.join("manifest.json"), "[".repeat(1_000_000)).expect("write");
    let widget = check(&widget_dir);
    no_crash(&widget);
    assert!(
        messages(&widget, "ENC003")
            .iter()
            .any(|m| m.contains("nesting deeper than 128")),
        "{widget:#}"
    );
}

#[test]
fn a_locale_file_500000_levels_deep() {
    let (_tmp, widget_dir) = clean_widget();
    fs::write(widget_dir.join("i18n/en.json"), "{\"a\":".repeat(500_000)).expect("write");
    let widget = check(&widget_dir);
    no_crash(&widget);
    assert!(has(&widget, "ENC003"), "{widget:#}");
}

#[test]
fn a_300_mb_manifest() {
    let (_tmp, widget_dir) = clean_widget();
    let path = widget_dir.join("manifest.json");
    let text = fs::read(&path).expect("read");
    // Valid JSON start, then spaces up to 300 MB: written for real, not sparse, so that a read
    // would really cost 300 MB; in 1 MB chunks, so that this test does not hold 300 MB itself.
    let head = &text[..text.len() - 2];
    let mut file = std::io::BufWriter::new(fs::File::create(&path).expect("create"));
    file.write_all(head).expect("write");
    let spaces = vec![b' '; 1 << 20];
    let mut left = 300_000_000 - head.len() - 2;
    while left > 0 {
        let n = left.min(spaces.len());
        file.write_all(&spaces[..n]).expect("write");
        left -= n;
    }
    file.write_all(b"}\n").expect("write");
    file.flush().expect("flush");
    drop(file);
    assert_eq!(fs::metadata(&path).expect("stat").len(), 300_000_000);
    let widget = check(&widget_dir);
    no_crash(&widget);
    assert!(
        messages(&widget, "ARC008")
            .iter()
            .any(|m| m.contains("manifest.json") && m.contains("max-file-bytes")),
        "{widget:#}"
    );
}

#[test]
fn a_json_file_of_millions_of_tiny_values() {
    let (_tmp, widget_dir) = clean_widget();
    // 15 MB, under max-file-bytes: only the value count stops it.
    let text = format!("[{}0]", "0,".repeat(7_500_000));
    fs::write(widget_dir.join("i18n/en.json"), text).expect("write");
    let widget = check(&widget_dir);
    no_crash(&widget);
    assert!(
        messages(&widget, "ENC003")
            .iter()
            .any(|m| m.contains("max-json-values")),
        "{widget:#}"
    );
}

#[test]
fn a_manifest_in_invalid_utf8() {
    let (_tmp, widget_dir) = clean_widget();
    let path = widget_dir.join("manifest.json");
    let mut bytes = fs::read(&path).expect("read");
    let at = bytes.iter().position(|b| *b == b'w').expect("a w");
    bytes[at] = 0xFF;
    fs::write(&path, bytes).expect("write");
    let widget = check(&widget_dir);
    no_crash(&widget);
    assert!(
        messages(&widget, "ENC002")
            .iter()
            .any(|m| m.contains("manifest.json")),
        "{widget:#}"
    );
}

#[test]
fn a_manifest_in_utf16() {
    let (_tmp, widget_dir) = clean_widget();
    let path = widget_dir.join("manifest.json");
    let text = fs::read_to_string(&path).expect("read");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    fs::write(&path, bytes).expect("write");
    let widget = check(&widget_dir);
    no_crash(&widget);
    assert!(has(&widget, "ENC002"), "{widget:#}");
}

#[test]
fn a_manifest_with_nul_bytes() {
    let (_tmp, widget_dir) = clean_widget();
    let path = widget_dir.join("manifest.json");
    let mut bytes = fs::read(&path).expect("read");
    bytes.splice(10..10, [0u8; 64]);
    fs::write(&path, bytes).expect("write");
    let widget = check(&widget_dir);
    no_crash(&widget);
    assert!(has(&widget, "ENC003"), "{widget:#}");
}

// ---------------------------------------------------------------------------------------------
// Folders

#[test]
fn a_fifo_named_manifest_json() {
    let (_tmp, widget_dir) = clean_widget();
    let path = widget_dir.join("manifest.json");
    fs::remove_file(&path).expect("rm");
    let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("c path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
    let widget = check(&widget_dir);
    no_crash(&widget);
    assert!(has(&widget, "ARC003"), "{widget:#}");
}

#[test]
fn a_directory_named_manifest_json() {
    let (_tmp, widget_dir) = clean_widget();
    let path = widget_dir.join("manifest.json");
    fs::remove_file(&path).expect("rm");
    fs::create_dir(&path).expect("mkdir");
    fs::write(path.join("x.json"), "{}").expect("write");
    let widget = check(&widget_dir);
    no_crash(&widget);
}

#[test]
fn a_dangling_symlink_named_manifest_json() {
    let (_tmp, widget_dir) = clean_widget();
    let path = widget_dir.join("manifest.json");
    fs::remove_file(&path).expect("rm");
    symlink(widget_dir.join("nowhere.json"), &path).expect("symlink");
    let widget = check(&widget_dir);
    no_crash(&widget);
}

#[test]
fn a_symlink_loop_and_a_symlink_to_the_root_inside_a_widget() {
    let (_tmp, widget_dir) = clean_widget();
    symlink("b", widget_dir.join("a")).expect("symlink");
    symlink("a", widget_dir.join("b")).expect("symlink");
    symlink(".", widget_dir.join("itself")).expect("symlink");
    symlink("/", widget_dir.join("root")).expect("symlink");
    let widget = check(&widget_dir);
    no_crash(&widget);
    assert!(has(&widget, "ARC010"), "{widget:#}");
    // Nothing under `/` was listed or read.
    assert!(!widget.to_string().contains("root/etc"), "{widget:#}");
}

#[test]
fn empty_files_everywhere() {
    let (_tmp, widget_dir) = clean_widget();
    for entry in entries_of(&widget_dir) {
        let name = String::from_utf8(entry.name).expect("utf-8 name");
        fs::write(widget_dir.join(name), b"").expect("truncate");
    }
    let widget = check(&widget_dir);
    no_crash(&widget);
    assert!(has(&widget, "ENC003"), "{widget:#}");
}

/// Makes `path` unreadable (mode 000) and returns how to run amolint so that the mode counts:
/// root reads any file whatever its mode, and CI runs as root, so then amolint runs as `nobody`,
/// who can walk down to the widget (`walkable` are made 0755) but not into `path`.
fn unreadable(path: &Path, walkable: &[&Path]) -> Vec<OsString> {
    fs::set_permissions(path, fs::Permissions::from_mode(0o000)).expect("chmod");
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Vec::new();
    }
    for dir in walkable {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    [
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
    ]
    .iter()
    .map(OsString::from)
    .collect()
}

fn mentions(widget: &Value, code: &str, words: &[&str]) -> bool {
    messages(widget, code).iter().any(|m| {
        let m = m.to_lowercase();
        words.iter().all(|w| m.contains(&w.to_lowercase()))
    })
}

#[test]
fn a_file_that_cannot_be_read() {
    let (tmp, widget_dir) = clean_widget();
    let runner = unreadable(
        &widget_dir.join("manifest.json"),
        &[tmp.path(), &widget_dir],
    );
    let widget = check_with(&runner, &widget_dir);
    no_crash(&widget);
    assert!(
        mentions(&widget, "AMO000", &["manifest.json", "permission denied"]),
        "{widget:#}"
    );
}

#[test]
fn a_folder_inside_the_widget_that_cannot_be_listed() {
    let (tmp, widget_dir) = clean_widget();
    let runner = unreadable(&widget_dir.join("i18n"), &[tmp.path(), &widget_dir]);
    let widget = check_with(&runner, &widget_dir);
    no_crash(&widget);
    assert!(
        mentions(&widget, "ARC001", &["i18n", "permission denied"]),
        "{widget:#}"
    );
}

#[test]
fn a_widget_folder_that_cannot_be_listed() {
    let (tmp, widget_dir) = clean_widget();
    let runner = unreadable(&widget_dir, &[tmp.path()]);
    let widget = check_with(&runner, &widget_dir);
    assert!(has(&widget, "AMO000"), "{widget:#}");
}

// ---------------------------------------------------------------------------------------------
// Images and script

#[test]
fn a_png_header_claiming_2147483647_by_2147483647() {
    let (_tmp, widget_dir) = clean_widget();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&0x7FFF_FFFFu32.to_be_bytes());
    png.extend_from_slice(&0x7FFF_FFFFu32.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0]);
    png.extend_from_slice(&crc32(&png[12..]).to_be_bytes());
    fs::write(widget_dir.join("images/logo.png"), png).expect("write");
    let widget = check(&widget_dir);
    no_crash(&widget);
    assert!(widget.to_string().contains("2147483647"), "{widget:#}");
}

#[test]
fn a_script_of_300000_nested_parentheses() {
    let (_tmp, widget_dir) = clean_widget();
    let n = 300_000;
    let script = format!("{}1{}", "(".repeat(n), ")".repeat(n));
    fs::write(widget_dir.join("script.js"), script).expect("write");
    let widget = check(&widget_dir);
    no_crash(&widget);
    assert!(has(&widget, "JS002"), "{widget:#}");
}

// ---------------------------------------------------------------------------------------------
// What amolint does to the system while checking hostile widgets

/// Checks a zip full of traps (names escaping the folder, an absolute path, a symlink to `/`, a
/// zip inside, a script that would spawn a shell and call out if it ran) and a folder with a
/// symlink to `/`, under `strace`, and asserts from the system calls themselves: one program
/// executed (amolint), no socket of any kind, no file opened for writing but the `--output`
/// report, nothing created, renamed, linked or deleted. This is the test of docs/security.md's
/// "no extraction to disk, no writes outside its outputs, no network, no code execution".
///
/// Needs `strace`: `.ci/run` installs it and sets `AMOLINT_REQUIRE_STRACE=1`; elsewhere the test
/// says it was skipped.
#[test]
fn no_execution_network_or_writes_beyond_the_report() {
    if std::process::Command::new("strace")
        .arg("-V")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("AMOLINT_REQUIRE_STRACE").is_none(),
            "strace is required (AMOLINT_REQUIRE_STRACE) but missing"
        );
        eprintln!("skipped: strace is not installed");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut entries = clean_entries();
    replace(
        &mut entries,
        "script.js",
        RawEntry::stored(
            "script.js",
            b"define([], function () { require('child_process').exec('touch /tmp/pwned'); \
              fetch('http://127.0.0.1:9/'); return function () { this.callbacks = {}; }; });",
        ),
    );
    for name in ["../escaped.txt", "/tmp/absolute.txt", "sub/../../up.txt"] {
        entries.push(RawEntry::stored(name, b"x"));
    }
    entries.push(RawEntry {
        unix_mode: Some(0o120777),
        ..RawEntry::stored("images/root", b"/")
    });
    entries.push(RawEntry::stored(
        "inner.zip",
        &rawzip::write(&clean_entries()),
    ));
    let zip = tmp.path().join("widget.zip");
    fs::write(&zip, rawzip::write(&entries)).expect("write zip");
    let folder = tmp.path().join("folder");
    copy_dir(&examples().join("clean"), &folder);
    symlink("/", folder.join("root")).expect("symlink");

    let trace = tmp.path().join("trace.txt");
    let report = tmp.path().join("report.json");
    let mut args: Vec<OsString> = [
        "-f",
        "-qq",
        "-e",
        "trace=%network,execve,execveat,openat,open,creat,mkdir,mkdirat,rename,renameat,\
         renameat2,unlink,unlinkat,symlink,symlinkat,link,linkat,truncate",
        "-o",
    ]
    .iter()
    .map(OsString::from)
    .collect();
    args.push(trace.clone().into());
    args.push(amolint_bin().into());
    for arg in ["check", "--format", "json", "--no-progress", "--output"] {
        args.push(arg.into());
    }
    args.push(report.clone().into());
    args.push(zip.clone().into());
    args.push(folder.clone().into());
    let run = run_guarded(Path::new("strace"), &args);
    assert!(!run.killed && matches!(run.code, Some(0 | 1)), "{run:?}");

    let calls = fs::read_to_string(&trace).expect("trace");
    let report_name = report.to_string_lossy();
    let execs: Vec<&str> = calls.lines().filter(|l| l.contains(" execve")).collect();
    assert_eq!(execs.len(), 1, "{execs:#?}");
    // The trace did follow amolint: it shows the report being written.
    assert!(
        calls
            .lines()
            .any(|l| l.contains("O_WRONLY") && l.contains(report_name.as_ref())),
        "{calls}"
    );
    for line in calls.lines() {
        let call = line
            .split_once(' ')
            .map_or(line, |(_, rest)| rest.trim_start());
        // With several threads strace splits a call in two: `openat(… <unfinished ...>` holds
        // the arguments (checked below) and `<... openat resumed>) = 5` only the result.
        if call.starts_with("<...") {
            continue;
        }
        let name = call.split('(').next().unwrap_or_default();
        match name {
            "execve" | "execveat" => {}
            "open" | "openat" => {
                let writes = ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC"]
                    .iter()
                    .any(|flag| call.contains(flag));
                assert!(
                    !writes || call.contains(report_name.as_ref()),
                    "opened for writing: {line}"
                );
            }
            // A signal or exit note.
            "" | "+++" | "---" => {}
            other => panic!("unexpected system call {other}: {line}"),
        }
    }
    // And the report names both widgets.
    let json: Value =
        serde_json::from_str(&fs::read_to_string(&report).expect("report")).expect("JSON report");
    assert_eq!(
        json["widgets"].as_array().map(Vec::len),
        Some(2),
        "{json:#}"
    );
    assert!(!Path::new("/tmp/pwned").exists());
}

#[test]
fn a_bulk_audit_lists_the_folder_it_could_not_enter() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let batch = tmp.path().join("batch");
    copy_dir(&examples().join("clean"), &batch.join("good"));
    copy_dir(&examples().join("clean"), &batch.join("locked"));
    let runner = unreadable(&batch.join("locked"), &[tmp.path(), &batch]);
    let (program, mut args) = match runner.split_first() {
        None => (amolint_bin(), Vec::new()),
        Some((first, rest)) => {
            let mut args = rest.to_vec();
            args.push(amolint_bin().into());
            (PathBuf::from(first), args)
        }
    };
    for arg in ["check", "--format", "json", "--no-progress"] {
        args.push(arg.into());
    }
    args.push(batch.clone().into());
    let run = run_guarded(&program, &args);
    assert!(matches!(run.code, Some(0 | 1)), "{run:?}");
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON report");
    let widgets = report["widgets"].as_array().expect("widgets");
    assert_eq!(widgets.len(), 2, "{report:#}");
    let locked = widgets
        .iter()
        .find(|w| w["path"].as_str().is_some_and(|p| p.ends_with("locked")))
        .expect("the locked folder is in the report");
    assert!(has(locked, "AMO000"), "{locked:#}");
}
