//! What never ships in a widget archive, in one place: the junk ARC006 reports, the build inputs
//! ARC007 reports, and the environment files and private keys SEC001 reports. Those rules report
//! from these same classifications and `amolint pack` leaves out by them, so the two never
//! disagree about a file.
//!
//! Classification only: it reports nothing and words nothing beyond what each item is. It reads
//! `script.js` (whether it loads `src/`) and the files that may be keys, through the widget and
//! within its limits, as the rules do.

use crate::files::common::{DevKind, dev_items, junk_items};
use crate::security::{env_file, holds_private_key, may_be_key_file};
use amolint_core::source::EntryKind;
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
    /// Whether `source_path` (a file, or a folder ending with `/`) is this item or inside it.
    pub fn covers(&self, source_path: &str) -> bool {
        if self.folder {
            source_path.starts_with(&self.path)
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
            "an environment file (credentials)"
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
