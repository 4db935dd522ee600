//! The `files` pack against what the fixture harness cannot build: a target that is no zip at
//! all, a zip actually named `widget.zip`, FIFOs and symlinks in a widget folder, and hostile
//! widgets (a manifest nested a million brackets deep, a 300 MB manifest, a zip entry inflating
//! to 1 GB, more entries than the limit). Each must give its finding quickly, without hanging,
//! crashing or reading what it must not.

use amolint_core::WidgetReport;
use amolint_core::config::Config;
use amolint_core::engine::Engine;
use amolint_core::source;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::rawzip::{self, RawEntry, deflated_zeros};

mod support;

/// Checks `path` with `config` as rules.toml, its safety limits applied as the CLI applies them.
fn check_with(path: &Path, config: &str) -> WidgetReport {
    let registry = amolint_rules::registry();
    let config = Config::parse(config, "rules.toml", &registry).expect("config");
    let engine = Engine {
        registry: &registry,
        config: &config,
    };
    let source = source::open(path, &config.limits().0).expect("open");
    engine.check(&path.to_string_lossy(), source.as_ref())
}

fn check(path: &Path) -> WidgetReport {
    check_with(path, "")
}

fn codes(report: &WidgetReport) -> Vec<&str> {
    report.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

fn messages<'r>(report: &'r WidgetReport, code: &str) -> Vec<&'r str> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| d.message.as_str())
        .collect()
}

/// A copy of the clean base widget in a fresh temporary folder.
fn base_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("widget");
    support::copy_tree(&support::clean_widget(), &root, &[]);
    (dir, root)
}

/// The base widget packed into a zip at `zip_path` by the zip crate (deflate).
fn zip_base(zip_path: &Path) {
    let file = fs::File::create(zip_path).expect("create zip");
    let mut writer = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let base = support::clean_widget();
    let mut stack = vec![base.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("read base") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path
                .strip_prefix(&base)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            writer.start_file(name, options).expect("start");
            writer
                .write_all(&fs::read(&path).expect("read"))
                .expect("write");
        }
    }
    writer.finish().expect("finish");
}

#[test]
fn a_file_that_is_no_zip_is_arc001_and_nothing_else() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("widget.zip");
    fs::write(&path, b"Rar!\x1a\x07\x00 this is not a zip archive at all").expect("write");
    let report = check(&path);
    assert_eq!(codes(&report), ["ARC001"], "{report:#?}");
    assert!(messages(&report, "ARC001")[0].contains("is not a readable zip archive"));
}

#[test]
fn a_zip_named_widget_zip_passes_arc009_and_another_name_does_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("widget.zip");
    zip_base(&good);
    let report = check(&good);
    assert!(report.diagnostics.is_empty(), "{report:#?}");

    let other = dir.path().join("order-sync-1.0.zip");
    fs::copy(&good, &other).expect("copy");
    let report = check(&other);
    assert_eq!(codes(&report), ["ARC009"], "{report:#?}");
    assert!(messages(&report, "ARC009")[0].contains("`order-sync-1.0.zip`"));
}

#[test]
fn a_manifest_nested_a_million_brackets_deep_is_enc003() {
    let (_dir, root) = base_copy();
    fs::write(root.join("manifest.json"), "[".repeat(1_000_000)).expect("write");
    let started = Instant::now();
    let report = check(&root);
    assert!(started.elapsed() < Duration::from_secs(10));
    let enc003 = messages(&report, "ENC003");
    assert_eq!(enc003.len(), 1, "{report:#?}");
    assert!(
        enc003[0].contains("nesting deeper than 128 levels"),
        "{}",
        enc003[0]
    );
    assert!(enc003[0].contains("rules that check the manifest's content were skipped"));
    assert!(!codes(&report).contains(&"AMO001"), "{report:#?}");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_manifest_json_is_arc003_and_never_opened() {
    let (_dir, root) = base_copy();
    let manifest = root.join("manifest.json");
    fs::remove_file(&manifest).expect("remove");
    let status = std::process::Command::new("mkfifo")
        .arg(&manifest)
        .status()
        .expect("mkfifo");
    assert!(status.success());
    // Opening a FIFO for reading blocks until a writer comes: finishing at all is the test.
    let report = check(&root);
    let arc003 = messages(&report, "ARC003");
    assert_eq!(arc003.len(), 1, "{report:#?}");
    assert!(
        arc003[0].contains("is a FIFO (named pipe)"),
        "{}",
        arc003[0]
    );
    assert!(!codes(&report).contains(&"ENC003"));
}

#[cfg(unix)]
#[test]
fn symlinks_leading_outside_a_widget_folder_are_arc010_those_inside_are_followed() {
    let (dir, root) = base_copy();
    fs::write(dir.path().join("secret.txt"), "outside").expect("write");
    std::os::unix::fs::symlink("../secret.txt", root.join("notes.txt")).expect("symlink");
    std::os::unix::fs::symlink("missing.png", root.join("images/gone.png")).expect("symlink");
    std::os::unix::fs::symlink("logo.png", root.join("images/logo_copy.png")).expect("symlink");
    let report = check(&root);
    let arc010: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "ARC010")
        .map(|d| d.file.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(arc010, ["images/gone.png", "notes.txt"], "{report:#?}");
}

#[test]
fn a_300_mb_manifest_is_arc008_without_being_read() {
    let (_dir, root) = base_copy();
    // Sparse: the test does not write 300 MB, and amolint must not read them.
    let file = fs::File::create(root.join("manifest.json")).expect("create");
    file.set_len(300 << 20).expect("set_len");
    drop(file);
    let started = Instant::now();
    let report = check(&root);
    assert!(started.elapsed() < Duration::from_secs(5));
    let arc008 = messages(&report, "ARC008");
    assert_eq!(arc008.len(), 1, "{report:#?}");
    let message = arc008[0];
    assert!(message.contains("`manifest.json`"), "{message}");
    assert!(message.contains("300 MiB"), "{message}");
    assert!(message.contains("16 MiB"), "{message}");
    assert!(message.contains("checked only as far as it safely could be"));
    assert!(!codes(&report).contains(&"ARC003"), "{report:#?}");
    assert!(!codes(&report).contains(&"ENC003"), "{report:#?}");
}

/// Peak resident memory of this process, on Linux.
fn peak_rss_kib() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Sets the declared uncompressed size of the records (local and central) of entry `name`.
fn patch_declared_size(bytes: &mut [u8], name: &str, size: u32) {
    let name = name.as_bytes();
    let mut i = 0;
    while i + 46 + name.len() <= bytes.len() {
        let sig = u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        let (size_at, name_at) = match sig {
            0x0403_4b50 => (i + 22, i + 30),
            0x0201_4b50 => (i + 24, i + 46),
            _ => {
                i += 1;
                continue;
            }
        };
        if bytes[name_at..name_at + name.len()] == *name {
            bytes[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
        }
        i += 1;
    }
}

/// The base widget's manifest and English locale, plus the entries `bombs` (name, declared
/// size), each a deflate stream of 1 GiB of zeros.
fn bomb_zip(bombs: &[(&str, u32)]) -> Vec<u8> {
    sized_bomb_zip(bombs, 1 << 30)
}

fn sized_bomb_zip(bombs: &[(&str, u32)], inflated: u64) -> Vec<u8> {
    let mut entries: Vec<RawEntry> = ["manifest.json", "i18n/en.json"]
        .iter()
        .map(|name| {
            RawEntry::stored(
                name,
                &fs::read(support::clean_widget().join(name)).expect("read"),
            )
        })
        .collect();
    let zeros = deflated_zeros(inflated);
    for (name, _) in bombs {
        entries.push(RawEntry {
            method: 8,
            ..RawEntry::stored(name, &zeros)
        });
    }
    let mut bytes = rawzip::write(&entries);
    for (name, size) in bombs {
        patch_declared_size(&mut bytes, name, *size);
    }
    bytes
}

#[test]
fn the_hand_made_deflate_stream_inflates_to_zeros() {
    let zeros = deflated_zeros(100_000);
    let mut bytes = rawzip::write(&[RawEntry {
        method: 8,
        ..RawEntry::stored("z", &zeros)
    }]);
    patch_declared_size(&mut bytes, "z", 100_000);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = Vec::new();
    // The CRC in the headers is the compressed bytes': only the inflated content is compared.
    let _ = std::io::Read::read_to_end(&mut archive.by_index(0).expect("entry"), &mut out);
    assert_eq!(out.len(), 100_000);
    assert!(out.iter().all(|b| *b == 0));
}

#[test]
fn zip_entries_inflating_to_1_gb_are_arc008_fast_and_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("widget.zip");
    // A text file the rules want to read, and an image nobody reads in full.
    fs::write(
        &path,
        bomb_zip(&[("script.js", 1 << 30), ("images/bg.png", 1 << 30)]),
    )
    .expect("write");
    let before = peak_rss_kib();
    let started = Instant::now();
    let report = check(&path);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let arc008: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "ARC008")
        .map(|d| (d.file.as_deref().unwrap_or_default(), d.message.as_str()))
        .collect();
    assert_eq!(arc008.len(), 2, "{report:#?}");
    assert_eq!(arc008[0].0, "images/bg.png");
    assert!(arc008[0].1.contains("`max-ratio`"), "{}", arc008[0].1);
    assert_eq!(arc008[1].0, "script.js");
    assert!(arc008[1].1.contains("is 1 GiB"), "{}", arc008[1].1);
    assert!(arc008[1].1.contains("`max-file-bytes`"), "{}", arc008[1].1);

    // The same bomb declaring 1000 bytes: no size warns before reading, so the read itself
    // must stop (the zip reader refuses an entry larger than declared, or a limit does).
    fs::write(&path, bomb_zip(&[("script.js", 1000)])).expect("write");
    let started = Instant::now();
    let report = check(&path);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.file.as_deref() == Some("script.js")
                && ["ARC001", "ARC008", "AMO000"].contains(&d.code.as_str())),
        "{report:#?}"
    );
    if let (Some(before), Some(after)) = (before, peak_rss_kib()) {
        // Reading may hold the 16 MiB file limit and change, never the gigabyte.
        assert!(
            after < before + 200 * 1024,
            "peak RSS grew from {before} to {after} KiB"
        );
    }
}

#[test]
fn an_honest_but_too_compressible_entry_stops_at_the_ratio_limit_while_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("widget.zip");
    // 10 MiB of zeros: under every size limit, but about 1000 times its compressed size.
    fs::write(&path, sized_bomb_zip(&[("script.js", 10 << 20)], 10 << 20)).expect("write");
    let report = check(&path);
    let arc008: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "ARC008")
        .collect();
    assert_eq!(arc008.len(), 1, "{report:#?}");
    assert_eq!(arc008[0].file.as_deref(), Some("script.js"));
    assert!(
        arc008[0].message.contains("times its compressed size"),
        "{}",
        arc008[0].message
    );
    assert!(!codes(&report).contains(&"AMO000"), "{report:#?}");
}

#[test]
fn a_folder_with_more_entries_than_the_limit_is_arc008() {
    let (_dir, root) = base_copy();
    for i in 0..40 {
        fs::write(root.join(format!("images/extra_{i:02}.txt")), "x").expect("write");
    }
    let report = check_with(
        &root,
        "[rules]\nARC008 = { level = 'error', max-entries = 20 }",
    );
    let arc008 = messages(&report, "ARC008");
    assert_eq!(arc008.len(), 1, "{report:#?}");
    assert!(
        arc008[0].contains("more than 20 files and folders"),
        "{}",
        arc008[0]
    );
    // The walk stopped early: a missing manifest would be a guess.
    assert!(!codes(&report).contains(&"ARC003"), "{report:#?}");
}
