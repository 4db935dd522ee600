//! What never ships in a widget archive, in one place: the junk ARC006 reports, the build inputs
//! ARC007 reports, and the environment files and private keys SEC001 reports. Those rules report
//! from these same classifications and `amolint pack` leaves out by them, so the two never
//! disagree about a file.
//!
//! Classification only: it reports nothing and words nothing beyond what each item is. It reads
//! `script.js` (whether it loads `src/`) and the files that may be keys, through the widget and
//! within its limits, as the rules do.

use crate::files::common::{DevKind, dev_file, dev_items, junk, junk_items};
use crate::security::{env_file, holds_private_key, may_be_key_file};
use amolint_core::source::{Entry, EntryKind};
use amolint_core::widget::Widget;

/// A file or folder that is not part of the widget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unshipped {
    /// Its path in the source (with the `widget/` folder of a nested archive, as findings name
    /// files); a folder ends with `/`.
    pub path: String,
    pub folder: bool,
    /// The rule that reports it: ARC006, ARC007 or SEC001.
    pub code: &'static str,
    /// What it is, e.g. "a macOS Finder settings file".
    pub what: &'static str,
}

impl Unshipped {
    /// Whether `source_path` (a file, or a folder with or without its final `/`) is this item or
    /// inside it.
    pub fn covers(&self, source_path: &str) -> bool {
        if self.folder {
            source_path.starts_with(&self.path) || source_path == self.path.trim_end_matches('/')
        } else {
            source_path == self.path
        }
    }
}

/// Everything in `widget` that is not part of it, in this order: junk (every entry of the source,
/// also outside a nested widget folder), build inputs at the widget root, then environment files
/// and key files. A path is listed once, under the first rule that claims it.
pub fn unshipped(widget: &Widget<'_>) -> Vec<Unshipped> {
    let mut items: Vec<Unshipped> = junk_items(widget.source())
        .into_iter()
        .map(|junk| Unshipped {
            path: junk.path,
            folder: junk.folder,
            code: "ARC006",
            what: junk.what,
        })
        .collect();
    for dev in dev_items(widget) {
        items.push(Unshipped {
            path: widget.source_path(&dev.path),
            folder: dev.kind != DevKind::File,
            code: "ARC007",
            what: dev.what,
        });
    }
    for entry in widget.files() {
        if entry.kind != EntryKind::File {
            continue;
        }
        let source_path = widget.source_path(&entry.path);
        if items.iter().any(|item| item.covers(&source_path)) {
            continue;
        }
        let name = entry.path.rsplit('/').next().unwrap_or(&entry.path);
        let what = if env_file(name) == Some(false) {
            "an environment file, where credentials live"
        } else if may_be_key_file(&entry.path)
            && widget
                .text(&entry.path)
                .is_ok_and(|text| holds_private_key(&text.text))
        {
            "a private key"
        } else {
            continue;
        };
        items.push(Unshipped {
            path: source_path,
            folder: false,
            code: "SEC001",
            what,
        });
    }
    items
}

/// What a file that is not in the widget yet would be, judged by its path alone: junk, a build
/// input at the root, or an environment file. `source_path` is a path in the source; `root` the
/// widget's folder in it (`""`, or `"widget/"`). For the file `amolint pack` is about to write
/// inside the widget's folder, which must be one the archive leaves out.
pub fn unshipped_name(source_path: &str, root: &str) -> Option<Unshipped> {
    let entry = Entry {
        path: source_path.to_string(),
        raw_name: source_path.to_string(),
        size: 0,
        compressed_size: 0,
        kind: EntryKind::File,
    };
    if let Some(junk) = junk(&entry) {
        return Some(Unshipped {
            path: junk.path,
            folder: junk.folder,
            code: "ARC006",
            what: junk.what,
        });
    }
    let name = source_path.rsplit('/').next().unwrap_or(source_path);
    let in_root = source_path
        .strip_prefix(root)
        .is_some_and(|rest| !rest.contains('/'));
    let (code, what) = if in_root && let Some(what) = dev_file(name) {
        ("ARC007", what)
    } else if env_file(name) == Some(false) {
        ("SEC001", "an environment file, where credentials live")
    } else {
        return None;
    };
    Some(Unshipped {
        path: source_path.to_string(),
        folder: false,
        code,
        what,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_judged_by_its_name() {
        let zip = unshipped_name("widget.zip", "").expect("an archive is junk");
        assert_eq!((zip.code, zip.path.as_str()), ("ARC006", "widget.zip"));
        let nested = unshipped_name("node_modules/x/widget.bin", "").expect("in junk");
        assert_eq!(nested.path, "node_modules/");
        let dotfile = unshipped_name("widget/.widget.bin", "widget/").expect("a root dotfile");
        assert_eq!(dotfile.code, "ARC007");
        assert_eq!(unshipped_name(".env", "").expect("env").code, "SEC001");
        assert!(unshipped_name("widget.bin", "").is_none());
        assert!(
            unshipped_name("lib/.widget.bin", "").is_none(),
            "not at the root"
        );
    }

    #[test]
    fn a_folder_covers_itself_and_what_is_inside() {
        let item = Unshipped {
            path: "node_modules/".to_string(),
            folder: true,
            code: "ARC006",
            what: "dependencies",
        };
        assert!(item.covers("node_modules"));
        assert!(item.covers("node_modules/"));
        assert!(item.covers("node_modules/x/y.js"));
        assert!(!item.covers("node_modules.js"));
        assert!(!item.covers("lib/node_modules/x"));
    }
}
