//! What several rules of the `files` pack need to agree on: which paths are junk (ARC006), which
//! are build inputs (ARC007), which JSON files the encoding rules parse (ENC003, ENC004), and how
//! a hostile entry name is shown.
//!
//! Classification only: no reporting, and no reading but `script.js` (whether it loads `src/`).
//! Keeping it in one place is what lets the encoding rules skip a file that ARC006 already reports
//! (one defect, one finding), and `amolint pack` leave out exactly what ARC006 and ARC007 report
//! ([`crate::unshipped`]).

use amolint_core::source::{Entry, EntryKind, Source};
use amolint_core::widget::{Encoding, TextFile, Widget};
use std::collections::HashSet;

/// Folders that are never part of a widget, with what they are.
const JUNK_DIRS: [(&str, &str); 7] = [
    (
        "__MACOSX",
        "macOS archive metadata (resource forks) that Finder's \"Compress\" adds",
    ),
    (".git", "a Git repository"),
    (".svn", "Subversion working-copy metadata"),
    (".hg", "a Mercurial repository"),
    (".idea", "a JetBrains IDE's project settings"),
    (".vscode", "VS Code's workspace settings"),
    ("node_modules", "the project's npm dependencies"),
];

/// A piece of junk: a whole folder, or one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Junk {
    /// The folder with a trailing `/`, or the file.
    pub path: String,
    pub folder: bool,
    /// What it is, for the message.
    pub what: &'static str,
}

/// The junk `path` belongs to, if any: the outermost junk folder above it (or the entry itself
/// when it is a folder amolint did not walk into), else the file itself when its name is junk.
pub fn junk(entry: &Entry) -> Option<Junk> {
    let parts: Vec<&str> = entry.path.split('/').collect();
    let folders = if entry.kind == EntryKind::SkippedDir {
        parts.len()
    } else {
        parts.len().saturating_sub(1)
    };
    for (i, part) in parts.iter().take(folders).enumerate() {
        if let Some((_, what)) = JUNK_DIRS.iter().find(|(name, _)| name == part) {
            return Some(Junk {
                path: format!("{}/", parts.get(..=i).unwrap_or_default().join("/")),
                folder: true,
                what,
            });
        }
    }
    if entry.kind == EntryKind::SkippedDir {
        return None;
    }
    let name = parts.last().copied().unwrap_or_default();
    junk_file_name(name).map(|what| Junk {
        path: entry.path.clone(),
        folder: false,
        what,
    })
}

fn junk_file_name(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if name.len() > 2 && name.starts_with("._") {
        Some("a macOS AppleDouble file (resource fork of the file without `._`)")
    } else if name == ".DS_Store" {
        Some("a macOS Finder settings file")
    } else if lower == "thumbs.db" {
        Some("a Windows thumbnail cache")
    } else if lower == "desktop.ini" {
        Some("a Windows folder settings file")
    } else if name == ".git" {
        Some("a Git worktree pointer")
    } else if lower.ends_with(".map") && lower.len() > 4 {
        Some(
            "a source map (it can expose the original sources to every account that installs the widget)",
        )
    } else if lower.ends_with(".zip") && lower.len() > 4 {
        Some("an archive inside the widget (usually an old build packed into the new one)")
    } else {
        None
    }
}

/// Every piece of junk among `source`'s entries (ARC006), each junk folder once, in entry order.
/// Every entry, not only those under the widget root: `__MACOSX/` sits next to the `widget/`
/// folder of a Finder-made archive.
pub fn junk_items(source: &dyn Source) -> Vec<Junk> {
    let mut seen: HashSet<String> = HashSet::new();
    source
        .entries()
        .iter()
        .filter_map(junk)
        .filter(|j| seen.insert(j.path.clone()))
        .collect()
}

/// What kind of build input ARC007 found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DevKind {
    /// A file at the widget root.
    File,
    /// A folder at the widget root (tests, a tool's dot-folder).
    Folder,
    /// `src/` next to a built `script.js` that loads nothing from it.
    Sources,
}

/// A build input at the widget root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DevItem {
    /// Widget-relative: the file, or the folder with a trailing `/`.
    pub path: String,
    pub kind: DevKind,
    /// What it is, for the message.
    pub what: &'static str,
}

/// Every build input at the widget root (ARC007), in path order, each folder once. Junk (ARC006)
/// and environment files (SEC001) are those rules' and not repeated here.
pub fn dev_items(widget: &Widget<'_>) -> Vec<DevItem> {
    let mut items = Vec::new();
    let mut folders: HashSet<&str> = HashSet::new();
    for entry in widget.files() {
        if junk(entry).is_some() {
            continue;
        }
        match entry.path.split_once('/') {
            None if entry.kind == EntryKind::SkippedDir => {
                if let Some(what) = dev_folder(&entry.path)
                    && folders.insert(&entry.path)
                {
                    items.push(DevItem {
                        path: format!("{}/", entry.path),
                        kind: DevKind::Folder,
                        what,
                    });
                }
            }
            None if entry.kind == EntryKind::File => {
                if let Some(what) = dev_file(&entry.path) {
                    items.push(DevItem {
                        path: entry.path.clone(),
                        kind: DevKind::File,
                        what,
                    });
                }
            }
            None => {}
            Some((folder, _)) => {
                if let Some(what) = dev_folder(folder)
                    && folders.insert(folder)
                {
                    items.push(DevItem {
                        path: format!("{folder}/"),
                        kind: DevKind::Folder,
                        what,
                    });
                }
            }
        }
    }
    if widget.has_file("script.js")
        && widget.files().iter().any(|e| e.path.starts_with("src/"))
        && !script_uses_src(widget)
    {
        items.push(DevItem {
            path: "src/".to_string(),
            kind: DevKind::Sources,
            what: "the sources `script.js` was built from",
        });
    }
    items
}

/// Whether `script.js` names `src/` anywhere (an AMD widget may `require` its own modules from
/// there at run time, and then `src/` is no build input).
fn script_uses_src(widget: &Widget<'_>) -> bool {
    // A script amolint cannot read is judged by other rules; do not guess it away.
    widget
        .text("script.js")
        .map_or(true, |script| script.text.contains("src/"))
}

/// What a folder at the widget root is, if it is a build input (ARC007): the project's tests, or
/// a development tool's dot-folder (`.github`, `.husky`, …; the junk ones are ARC006's).
fn dev_folder(name: &str) -> Option<&'static str> {
    const TEST_DIRS: [&str; 3] = ["test", "tests", "__tests__"];
    if TEST_DIRS.contains(&name.to_ascii_lowercase().as_str()) {
        Some("the project's tests")
    } else if name.len() > 1 && name.starts_with('.') {
        Some("a development tool's folder (a dot-folder)")
    } else {
        None
    }
}

/// What a build input at the widget root is, if `name` is one (ARC007).
pub fn dev_file(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    const LOCK_FILES: [&str; 5] = [
        "package-lock.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "bun.lockb",
        "composer.lock",
    ];
    const CONFIG_PREFIXES: [&str; 4] = [
        "webpack.config.",
        "rollup.config.",
        "vite.config.",
        "babel.config.",
    ];
    const RC_PREFIXES: [&str; 3] = [".babelrc", ".eslintrc", ".prettierrc"];
    if lower == "package.json" {
        Some("the npm package manifest")
    } else if LOCK_FILES.contains(&lower.as_str()) {
        Some("a dependency lock file")
    } else if lower.starts_with("tsconfig") && lower.ends_with(".json") {
        Some("a TypeScript configuration")
    } else if CONFIG_PREFIXES.iter().any(|p| lower.starts_with(p))
        || RC_PREFIXES.iter().any(|p| lower.starts_with(p))
    {
        Some("a build or lint configuration")
    } else if lower.starts_with("readme") {
        Some("a readme for developers")
    } else if lower == ".gitignore" {
        Some("a Git ignore list")
    } else if name.len() > 1 && name.starts_with('.') && junk_file_name(name).is_none() {
        // Every other dotfile is a tool's settings, except environment files: SEC001 reports
        // those as credentials. Their templates hold none and are only a developer's.
        match crate::security::env_file(name) {
            Some(false) => None,
            Some(true) => Some("an environment-file template"),
            None => Some("a development tool's settings (a dotfile)"),
        }
    } else {
        None
    }
}

/// `manifest.json` and every `i18n/*.json` that is a regular file: the JSON files the platform
/// parses, which ENC003 and ENC004 check.
pub fn platform_json_files(widget: &Widget<'_>) -> Vec<String> {
    widget
        .files()
        .iter()
        .filter(|e| e.kind == EntryKind::File)
        .filter(|e| e.path == "manifest.json" || is_locale_file(&e.path))
        // `i18n/._en.json` (an AppleDouble file) is ARC006's, not a locale file.
        .filter(|e| junk(e).is_none())
        .map(|e| e.path.clone())
        .collect()
}

fn is_locale_file(path: &str) -> bool {
    path.strip_prefix("i18n/").is_some_and(|name| {
        !name.contains('/')
            && name.len() > 5
            && name
                .get(name.len() - 5..)
                .is_some_and(|ext| ext.eq_ignore_ascii_case(".json"))
    })
}

/// How far into a file [`is_binary`] looks, as Git does to tell binary from text.
const BINARY_SNIFF: usize = 8000;

/// Whether a file is binary rather than text in some encoding: a NUL byte near its start, as in
/// every PNG, JPEG or GIF header, and in no text file. UTF-16 (whose NULs are half of every
/// ASCII character) is detected before and is not binary.
pub fn is_binary(text: &TextFile) -> bool {
    let bytes = text.text.as_bytes();
    // `contains` on bytes is a `memchr`: this runs on every text file of every widget.
    !matches!(text.encoding, Encoding::Utf16 { .. })
        && bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0)
}

/// An entry name as a message can show it: control characters (a NUL in a hostile zip name)
/// escaped, so that the report stays one readable line.
pub fn printable(name: &str) -> String {
    if !name.chars().any(char::is_control) {
        return name.to_string();
    }
    name.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, kind: EntryKind) -> Entry {
        Entry {
            path: path.to_string(),
            raw_name: path.to_string(),
            size: 0,
            compressed_size: 0,
            kind,
        }
    }

    #[test]
    fn junk_folders_win_over_the_files_inside_them() {
        let j = junk(&entry("__MACOSX/widget/._script.js", EntryKind::File)).unwrap();
        assert_eq!(j.path, "__MACOSX/");
        assert!(j.folder);
        let j = junk(&entry("lib/node_modules", EntryKind::SkippedDir)).unwrap();
        assert_eq!(j.path, "lib/node_modules/");
        let j = junk(&entry("images/._logo.png", EntryKind::File)).unwrap();
        assert_eq!(j.path, "images/._logo.png");
        assert!(!j.folder);
        assert!(junk(&entry("images/logo.png", EntryKind::File)).is_none());
        assert!(junk(&entry("script.js.map", EntryKind::File)).is_some());
        assert!(junk(&entry("old/widget.ZIP", EntryKind::File)).is_some());
        assert!(junk(&entry(".map", EntryKind::File)).is_none());
        assert!(junk(&entry("._", EntryKind::File)).is_none());
    }

    #[test]
    fn dev_files_by_name() {
        for name in [
            "package.json",
            "yarn.lock",
            "tsconfig.build.json",
            "webpack.config.js",
            ".eslintrc.json",
            ".babelrc",
            "README.md",
            "readme",
            ".gitignore",
            ".editorconfig",
            ".env.example",
        ] {
            assert!(dev_file(name).is_some(), "{name}");
        }
        // Junk and credentials are other rules' findings.
        for name in [
            "script.js",
            "manifest.json",
            "tsconfig.js",
            "style.css",
            ".DS_Store",
            "._script.js",
            ".env",
            ".env.production",
            ".",
        ] {
            assert!(dev_file(name).is_none(), "{name}");
        }
    }

    #[test]
    fn dev_folders_by_name() {
        for name in ["tests", "test", "__tests__", ".github", ".husky"] {
            assert!(dev_folder(name).is_some(), "{name}");
        }
        for name in ["i18n", "images", "templates", "src", "lib", "testing"] {
            assert!(dev_folder(name).is_none(), "{name}");
        }
    }

    #[test]
    fn locale_files_are_direct_children_of_i18n() {
        assert!(is_locale_file("i18n/en.json"));
        assert!(is_locale_file("i18n/EN.JSON"));
        assert!(!is_locale_file("i18n/old/en.json"));
        assert!(!is_locale_file("i18n/.json"));
        assert!(!is_locale_file("lang/en.json"));
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("a\0b"), "a\\u{0}b");
        assert_eq!(printable("имя.js"), "имя.js");
    }
}
