//! End-to-end tests of `amolint pack`: what goes into the archive and what does not, the zip
//! being repacked, reproducible bytes, the checks before and after, and where the output may go.
//!
//! Unix only: the tests make symlinks and set permissions and umasks.
#![cfg(unix)]

mod common;

use common::*;
use serde_json::Value;
use std::fs;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, SystemTime};

/// `amolint pack ARGS…`, run in `cwd`.
fn pack(cwd: &Path, args: &[&str]) -> Output {
    amolint()
        .current_dir(cwd)
        .arg("pack")
        .args(args)
        .args(["--color", "never"])
        .output()
        .expect("run amolint pack")
}

fn describe(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, bytes).expect("write");
}

/// The entries of a zip, in archive order, with their contents.
fn entries(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(fs::File::open(zip).expect("open zip")).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).expect("read entry");
            (file.name().expect("a name").to_string(), bytes)
        })
        .collect()
}

fn names(zip: &Path) -> Vec<String> {
    entries(zip).into_iter().map(|(name, _)| name).collect()
}

/// The clean widget's files as zip entries, sorted by name.
fn clean_entries() -> Vec<RawEntry> {
    entries_of(&examples().join("clean"))
}

/// Every file of the clean widget, `/`-separated, sorted: what a correct archive of it holds.
fn clean_files() -> Vec<String> {
    let mut names: Vec<String> = clean_entries()
        .into_iter()
        .map(|e| String::from_utf8(e.name).expect("utf-8"))
        .collect();
    names.sort();
    names
}

/// `amolint check FILE --format json`: the codes of its findings.
fn check_codes(target: &Path) -> Vec<String> {
    let output = amolint()
        .args(["check", "--format", "json"])
        .arg(target)
        .output()
        .expect("check");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    report["widgets"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code").to_string())
        .collect()
}

fn no_archive_finding(target: &Path) {
    let codes = check_codes(target);
    assert!(
        !codes.iter().any(|c| c.starts_with("ARC")),
        "{}: {codes:?}",
        target.display()
    );
}

/// A folder with nothing in it but what the test put there (no temporary file left behind).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const PRIVATE_KEY: &str = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0\n-----END RSA PRIVATE KEY-----\n";

#[test]
fn a_folder_packs_without_any_kind_of_junk() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let widget = tmp.path().join("widget");
    copy_dir(&examples().join("clean"), &widget);
    let junk: &[(&str, &str)] = &[
        (".DS_Store", "\0\0\0\x01Bud1"),
        ("images/._logo.png", "\0\x05\x16\x07"),
        ("__MACOSX/._manifest.json", "\0\x05\x16\x07"),
        ("Thumbs.db", "thumbs"),
        ("images/desktop.ini", "[.ShellClassInfo]"),
        (".git/HEAD", "ref: refs/heads/main\n"),
        (".svn/entries", "12\n"),
        (".hg/requires", "store\n"),
        (".idea/workspace.xml", "<project/>"),
        (".vscode/settings.json", "{}"),
        ("node_modules/lodash/index.js", "module.exports = {};"),
        ("script.js.map", "{\"version\":3}"),
        ("old/widget-1.0.zip", "PK\x05\x06"),
        ("package.json", "{\"name\": \"widget\"}"),
        ("package-lock.json", "{}"),
        ("yarn.lock", "# yarn"),
        ("tsconfig.json", "{}"),
        ("webpack.config.js", "module.exports = {};"),
        (".eslintrc.json", "{}"),
        ("README.md", "# widget"),
        (".gitignore", ""),
        (".editorconfig", "root = true\n"),
        (".github/workflows/ci.yml", "on: push\n"),
        ("tests/widget.test.js", "test('x', () => {});"),
        ("src/index.ts", "export {};"),
        (
            ".env",
            "API_TOKEN=ghp_0123456789abcdefABCDEF0123456789abcd\n",
        ),
        (".env.example", "API_TOKEN=\n"),
        ("deploy/key.pem", PRIVATE_KEY),
    ];
    for (path, text) in junk {
        write(&widget.join(path), text);
    }
    let out = tmp.path().join("out");
    fs::create_dir(&out).expect("mkdir");
    let output = pack(tmp.path(), &["widget", "-o", "out/widget.zip"]);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let zip = out.join("widget.zip");
    assert_eq!(names(&zip), clean_files());
    // Each piece of junk is named with why it was left out (a junk folder once).
    let text = stdout(&output);
    for shown in [
        "  .DS_Store ",
        "  __MACOSX/ ",
        "  .git/ ",
        "  .hg/ ",
        "  node_modules/ ",
        "  old/widget-1.0.zip ",
        "  package.json ",
        "  .github/ ",
        "  tests/ ",
        "  src/ ",
        "  .env ",
        "  .env.example ",
        "  deploy/key.pem ",
    ] {
        assert!(text.contains(shown), "`{shown}` not listed:\n{text}");
    }
    assert!(text.contains("a private key (SEC001)"), "{text}");
    assert!(text.contains("the npm package manifest (ARC007)"), "{text}");
    assert!(
        text.contains("a macOS Finder settings file (ARC006)"),
        "{text}"
    );
    assert!(
        text.contains("Packed 11 files into out/widget.zip"),
        "{text}"
    );
    no_archive_finding(&zip);
}

#[test]
fn a_nested_zip_repacks_flat_without_its_junk() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let clean = examples().join("clean");
    let mut raw: Vec<RawEntry> = clean_entries()
        .into_iter()
        .map(|e| RawEntry {
            name: [b"my-widget/".as_slice(), &e.name].concat(),
            ..e
        })
        .collect();
    raw.push(RawEntry::stored(
        "__MACOSX/my-widget/._manifest.json",
        b"\0\x05",
    ));
    raw.push(RawEntry::stored("my-widget/.DS_Store", b"\0\0\0\x01Bud1"));
    // Named otherwise than widget.zip: ARC009 is fixed by repacking too.
    let source = tmp.path().join("my-widget-1.0.zip");
    fs::write(&source, rawzip::write(&raw)).expect("write zip");
    let codes = check_codes(&source);
    assert!(
        codes.contains(&"ARC002".to_string()) && codes.contains(&"ARC009".to_string()),
        "{codes:?}"
    );

    let output = pack(tmp.path(), &["my-widget-1.0.zip"]);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let zip = tmp.path().join("widget.zip");
    let packed = entries(&zip);
    assert_eq!(
        packed.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(),
        clean_files()
    );
    for (name, bytes) in &packed {
        assert_eq!(bytes, &fs::read(clean.join(name)).expect("read"), "{name}");
    }
    let text = stdout(&output);
    assert!(text.contains("  __MACOSX/ "), "{text}");
    assert!(text.contains("  my-widget/.DS_Store "), "{text}");
    assert!(codes_free_of_arc(&zip), "{:?}", check_codes(&zip));

    // The folder of the same files packs to the same bytes.
    let from_folder = pack(
        &examples().join("clean"),
        &[
            ".",
            "-o",
            tmp.path().join("folder.zip").to_str().expect("utf-8"),
        ],
    );
    assert_eq!(
        from_folder.status.code(),
        Some(0),
        "{}",
        describe(&from_folder)
    );
    assert_eq!(
        fs::read(tmp.path().join("folder.zip")).expect("read"),
        fs::read(&zip).expect("read")
    );
}

fn codes_free_of_arc(zip: &Path) -> bool {
    !check_codes(zip).iter().any(|c| c.starts_with("ARC"))
}

/// The clean widget written file by file in `order`, with every file's mtime and mode set.
fn widget_copy(dir: &Path, order: &[String], mtime: SystemTime, mode: u32) {
    let clean = examples().join("clean");
    for name in order {
        let target = dir.join(name);
        write(&target, fs::read(clean.join(name)).expect("read"));
        let file = fs::File::options().write(true).open(&target).expect("open");
        file.set_modified(mtime).expect("mtime");
        fs::set_permissions(&target, fs::Permissions::from_mode(mode)).expect("chmod");
    }
}

#[test]
fn the_same_files_pack_to_the_same_bytes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let files = clean_files();
    let mut reversed = files.clone();
    reversed.reverse();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    widget_copy(
        &a,
        &files,
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000),
        0o644,
    );
    widget_copy(&b, &reversed, SystemTime::now(), 0o755);

    // The second pack runs under another umask, as another user's shell would.
    let first = pack(tmp.path(), &["a", "-o", "a.zip"]);
    assert_eq!(first.status.code(), Some(0), "{}", describe(&first));
    let amolint_bin = PathBuf::from(env!("CARGO_BIN_EXE_amolint"));
    let second = std::process::Command::new("sh")
        .current_dir(tmp.path())
        .args(["-c", "umask 077 && exec \"$0\" pack b -o b.zip"])
        .arg(&amolint_bin)
        .env_remove("CI")
        .output()
        .expect("run under umask 077");
    assert_eq!(second.status.code(), Some(0), "{}", describe(&second));
    let mode = fs::metadata(tmp.path().join("b.zip"))
        .expect("b.zip")
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o077,
        0,
        "the umask applied to the output file itself"
    );

    let digest = |name: &str| {
        let mut file = fs::File::open(tmp.path().join(name)).expect("open");
        amolint_pack::writer::digest(&mut file).expect("digest").1
    };
    assert_eq!(digest("a.zip"), digest("b.zip"));
    // The digest printed is the archive's.
    assert!(
        stdout(&first).contains(&format!("sha256 {}", digest("a.zip"))),
        "{}",
        describe(&first)
    );
    // Every entry's mode is 0644, whatever the files' own.
    let mut archive =
        zip::ZipArchive::new(fs::File::open(tmp.path().join("b.zip")).expect("open")).expect("zip");
    for i in 0..archive.len() {
        let entry = archive.by_index(i).expect("entry");
        assert_eq!(entry.unix_mode(), Some(0o100644), "{:?}", entry.name());
    }
}

#[test]
fn a_widget_with_an_error_is_not_packed_unless_errors_are_allowed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    fs::create_dir(&out).expect("mkdir");
    let defective = examples().join("defective");
    let output = pack(
        &defective,
        &[".", "-o", out.join("widget.zip").to_str().expect("utf-8")],
    );
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let text = stdout(&output);
    assert!(text.contains("error[LOC001]"), "{text}");
    assert!(
        text.contains("Not packed: 4 findings at or above error (pass --allow-errors"),
        "{text}"
    );
    assert!(listing(&out).is_empty(), "{:?}", listing(&out));

    // --fail-on never: nothing blocks.
    let never = pack(
        &defective,
        &[".", "--fail-on", "never", "--dry-run", "-o", "widget.zip"],
    );
    assert_eq!(never.status.code(), Some(0), "{}", describe(&never));

    let allowed = pack(
        &defective,
        &[
            ".",
            "--allow-errors",
            "-o",
            out.join("widget.zip").to_str().expect("utf-8"),
        ],
    );
    assert_eq!(allowed.status.code(), Some(0), "{}", describe(&allowed));
    let zip = out.join("widget.zip");
    assert!(!names(&zip).contains(&".DS_Store".to_string()));
    let codes = check_codes(&zip);
    assert!(codes.contains(&"LOC001".to_string()), "{codes:?}");
    assert!(!codes.iter().any(|c| c.starts_with("ARC")), "{codes:?}");
    assert!(
        stdout(&allowed).contains("packed despite 4 findings at or above error (--allow-errors)"),
        "{}",
        describe(&allowed)
    );
}

#[test]
fn gitignore_and_pack_globs_decide_what_goes_in() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let widget = tmp.path().join("widget");
    copy_dir(&examples().join("clean"), &widget);
    for (path, text) in [
        (".gitignore", "dist/\n*.log\n!keep.log\n"),
        ("dist/app.js", "1"),
        ("debug.log", "log"),
        ("keep.log", "kept"),
        ("trace.log", "log"),
        ("lib/.gitignore", "generated.js\n"),
        ("lib/generated.js", "1"),
        ("lib/util.js", "1"),
        ("design/mockup.psd", "psd"),
        ("docs/manual.txt", "manual"),
        ("docs/notes.txt", "notes"),
    ] {
        write(&widget.join(path), text);
    }
    let config = tmp.path().join("rules.toml");
    fs::write(
        &config,
        "[pack]\nexclude = [\"design\", \"docs\"]\ninclude = [\"docs/manual.txt\", \"debug.log\"]\n",
    )
    .expect("config");
    let output = pack(tmp.path(), &["widget", "--config", "rules.toml"]);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let mut expected = clean_files();
    expected.extend(
        [
            "debug.log",
            "docs/manual.txt",
            "keep.log",
            "lib/.gitignore",
            "lib/util.js",
        ]
        .map(String::from),
    );
    expected.sort();
    assert_eq!(names(&tmp.path().join("widget.zip")), expected);
    let text = stdout(&output);
    for line in [
        "  .gitignore ",
        "  dist/ ",
        "ignored by `dist/` in .gitignore",
        "  trace.log ",
        "ignored by `generated.js` in lib/.gitignore",
        "  design/ ",
        "[pack] exclude `design`",
        "  docs/ ",
        "Brought back by [pack] include:",
        "  debug.log ",
    ] {
        assert!(text.contains(line), "`{line}` missing:\n{text}");
    }
}

#[test]
fn an_archive_that_lacks_what_the_widget_needs_is_not_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let widget = tmp.path().join("widget");
    copy_dir(&examples().join("clean"), &widget);
    // A .gitignore that leaves out every logo: the folder checks clean, its archive would not.
    write(&widget.join(".gitignore"), "images/\n");
    let output = pack(tmp.path(), &["widget"]);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let text = stdout(&output);
    assert!(
        text.contains("after packing: error[IMG001]: `images/logo.png` is missing"),
        "{text}"
    );
    assert!(
        text.contains(
            "Not packed: the archive has findings at or above error that the widget had not"
        ),
        "{text}"
    );
    assert_eq!(listing(tmp.path()), ["widget"], "nothing written");

    let allowed = pack(tmp.path(), &["widget", "--allow-errors"]);
    assert_eq!(allowed.status.code(), Some(0), "{}", describe(&allowed));
    assert!(
        stdout(&allowed)
            .contains("checked again as a zip: 7 findings the widget had not, listed above"),
        "{}",
        describe(&allowed)
    );
}

#[test]
fn the_output_inside_the_widget_is_left_out_or_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let widget = tmp.path().join("widget");
    copy_dir(&examples().join("clean"), &widget);

    // widget.zip in the widget's own folder: an archive, which is junk, so it stays out.
    let first = pack(&widget, &[]);
    assert_eq!(first.status.code(), Some(0), "{}", describe(&first));
    let zip = widget.join("widget.zip");
    assert_eq!(names(&zip), clean_files());
    let bytes = fs::read(&zip).expect("read");

    // Once it exists: refused without --force, and with it never packed into itself.
    let again = pack(&widget, &[]);
    assert_eq!(again.status.code(), Some(2), "{}", describe(&again));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("exists; pass --force"),
        "{}",
        describe(&again)
    );
    let forced = pack(&widget, &["--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", describe(&forced));
    assert_eq!(fs::read(&zip).expect("read"), bytes);
    assert!(
        stdout(&forced).contains("  widget.zip "),
        "{}",
        describe(&forced)
    );

    // A name the archive would take in is refused before anything is written.
    let inside = pack(&widget, &["-o", "release.bin"]);
    assert_eq!(inside.status.code(), Some(2), "{}", describe(&inside));
    assert!(
        String::from_utf8_lossy(&inside.stderr).contains("is inside the widget folder"),
        "{}",
        describe(&inside)
    );
    assert!(!widget.join("release.bin").exists());
    assert!(!listing(&widget).iter().any(|n| n.ends_with(".tmp")));

    // … unless rules.toml leaves it out.
    fs::write(
        tmp.path().join("rules.toml"),
        "[pack]\nexclude = [\"release.bin\"]\n",
    )
    .expect("config");
    let excluded = pack(&widget, &["-o", "release.bin", "--config", "../rules.toml"]);
    assert_eq!(excluded.status.code(), Some(0), "{}", describe(&excluded));
    assert_eq!(names(&widget.join("release.bin")), clean_files());

    // Bringing archives back with include makes widget.zip one the archive would take in.
    fs::write(
        tmp.path().join("rules.toml"),
        "[pack]\ninclude = [\"*.zip\"]\n",
    )
    .expect("config");
    let included = pack(&widget, &["--force", "--config", "../rules.toml"]);
    assert_eq!(included.status.code(), Some(2), "{}", describe(&included));
}

#[test]
fn unsafe_and_symlink_entries_of_a_zip_never_escape() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let work = tmp.path().join("work");
    fs::create_dir(&work).expect("mkdir");
    let mut raw = clean_entries();
    for name in [
        "../evil.txt",
        "/abs.txt",
        "images/../../up.txt",
        "C:/drive.txt",
    ] {
        raw.push(RawEntry::stored(name, b"escaped"));
    }
    for (name, target) in [("images/link.png", "/etc/passwd"), ("escape", "../../..")] {
        raw.push(RawEntry {
            unix_mode: Some(0o120777),
            ..RawEntry::stored(name, target.as_bytes())
        });
    }
    fs::write(work.join("widget.zip"), rawzip::write(&raw)).expect("zip");

    // ARC004 and ARC010 are errors: the archive would lack files, so they block.
    let refused = pack(&work, &["widget.zip", "-o", "../widget.zip"]);
    assert_eq!(refused.status.code(), Some(1), "{}", describe(&refused));
    assert!(!tmp.path().join("widget.zip").exists());

    let allowed = pack(
        &work,
        &["widget.zip", "-o", "../widget.zip", "--allow-errors"],
    );
    assert_eq!(allowed.status.code(), Some(0), "{}", describe(&allowed));
    let packed = tmp.path().join("widget.zip");
    assert_eq!(names(&packed), clean_files());
    assert!(!entries(&packed).iter().any(|(_, b)| b == b"escaped"));
    let text = stdout(&allowed);
    for line in [
        "  ../evil.txt ",
        "an unsafe entry name: path contains a '..' component (ARC004)",
        "  /abs.txt ",
        "  C:/drive.txt ",
        "  images/link.png ",
        "a symbolic link to `/etc/passwd`, not followed (ARC010)",
        "  escape ",
    ] {
        assert!(text.contains(line), "`{line}` missing:\n{text}");
    }
    // Nothing was extracted anywhere.
    assert_eq!(listing(tmp.path()), ["widget.zip", "work"]);
    assert_eq!(listing(&work), ["widget.zip"]);
    no_archive_finding(&packed);
}

#[test]
fn symlinks_of_a_folder_are_never_followed_out_of_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let widget = tmp.path().join("widget");
    copy_dir(&examples().join("clean"), &widget);
    write(&tmp.path().join("secret.txt"), "outside the widget");
    std::os::unix::fs::symlink("../../secret.txt", widget.join("images/secret.txt"))
        .expect("symlink");
    std::os::unix::fs::symlink(tmp.path(), widget.join("parent")).expect("symlink");
    // A link inside the widget is followed: its target's content is packed under its name.
    std::os::unix::fs::symlink("logo.png", widget.join("images/logo_copy.png")).expect("symlink");

    let refused = pack(tmp.path(), &["widget", "-o", "out.zip"]);
    assert_eq!(refused.status.code(), Some(1), "{}", describe(&refused));
    assert!(
        stdout(&refused).contains("error[ARC010]"),
        "{}",
        describe(&refused)
    );

    let allowed = pack(tmp.path(), &["widget", "-o", "out.zip", "--allow-errors"]);
    assert_eq!(allowed.status.code(), Some(0), "{}", describe(&allowed));
    let packed = entries(&tmp.path().join("out.zip"));
    let mut expected = clean_files();
    expected.push("images/logo_copy.png".to_string());
    expected.sort();
    assert_eq!(
        packed.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(),
        expected
    );
    assert!(
        !packed.iter().any(|(_, b)| b == b"outside the widget"),
        "the target outside was packed"
    );
    let text = stdout(&allowed);
    assert!(text.contains("  images/secret.txt "), "{text}");
    assert!(text.contains("  parent "), "{text}");
}

#[test]
fn dry_run_writes_nothing_and_list_prints_every_entry() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let clean = examples().join("clean");
    let output = pack(
        tmp.path(),
        &[clean.to_str().expect("utf-8"), "--dry-run", "--list"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    assert!(listing(tmp.path()).is_empty(), "{:?}", listing(tmp.path()));
    let text = stdout(&output);
    assert!(
        text.contains("Dry run: would pack 11 files into widget.zip"),
        "{text}"
    );
    let listed: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "Entries:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(listed, clean_files());
}

#[test]
fn pack_configuration_errors_exit_2_with_the_place() {
    let tmp = tempfile::tempdir().expect("tempdir");
    fs::write(tmp.path().join("rules.toml"), "[pack]\nexlude = [\"x\"]\n").expect("config");
    let output = pack(
        tmp.path(),
        &[
            examples().join("clean").to_str().expect("utf-8"),
            "--dry-run",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("rules.toml:2:1: unknown key `exlude` in [pack]; did you mean `exclude`?"),
        "{}",
        describe(&output)
    );
}
