//! The documents the editor has open, which widget each belongs to, and the view of a widget a
//! check reads: its folder on disk with the edited buffers laid over it.
//!
//! Owns the bookkeeping of `didOpen`/`didChange`/`didSave`/`didClose`; it must not check
//! anything or talk to the client.
//!
//! An open document is laid over the disk only while it differs from the file: once edited and
//! not yet saved, or when it was opened with text the file does not have. A document opened
//! unchanged is read from disk, as `amolint check` reads it: only the disk has its real bytes,
//! and a file that is not UTF-8 (which the editor decoded somehow) keeps its encoding findings.
//! A byte order mark that the file on disk starts with is kept in front of an edited buffer
//! (editors strip it when reading and write it back when saving), so a BOM finding does not
//! come and go with each keystroke.

use amolint_core::manifest::MANIFEST_FILE;
use amolint_core::source::Overlay;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

const BOM: &str = "\u{feff}";

/// An open document.
#[derive(Clone, Debug)]
pub struct Document {
    /// The URI as the client sent it (diagnostics go back to the same URI).
    pub uri: String,
    pub version: i32,
    /// The text as the editor holds it (no byte order mark).
    pub text: Arc<str>,
    /// The buffer differs from the file on disk.
    pub dirty: bool,
    /// The file on disk started with a byte order mark when it was opened or last saved.
    pub disk_bom: bool,
}

/// An open document as one check saw it.
#[derive(Clone, Debug)]
pub struct OpenFile {
    pub uri: String,
    pub version: i32,
    /// Whether the check read the buffer (rather than the file on disk).
    pub overlaid: bool,
}

/// What one check of a widget reads.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The widget folder, as the client's paths name it.
    pub root: PathBuf,
    pub overlay: Overlay,
    /// Open documents of the widget by widget-relative path.
    pub open: BTreeMap<String, OpenFile>,
}

#[derive(Default)]
pub struct Documents {
    by_path: BTreeMap<PathBuf, Document>,
}

impl Documents {
    pub fn open(&mut self, path: PathBuf, uri: String, version: i32, text: String) {
        let disk = std::fs::read(&path).ok();
        let disk_bom = disk
            .as_deref()
            .is_some_and(|d| d.starts_with(BOM.as_bytes()));
        let dirty = match disk.as_deref() {
            // The file is as the editor shows it, or cannot be compared (not UTF-8): the disk
            // is what `check` reads.
            Some(bytes) => match std::str::from_utf8(bytes) {
                Ok(disk) => disk.strip_prefix(BOM).unwrap_or(disk) != text,
                Err(_) => false,
            },
            // Not on disk (yet): only the buffer exists.
            None => true,
        };
        self.by_path.insert(
            path,
            Document {
                uri,
                version,
                text: Arc::from(text),
                dirty,
                disk_bom,
            },
        );
    }

    /// A full-text change. Returns false for a document that is not open.
    pub fn change(&mut self, path: &Path, version: i32, text: String) -> bool {
        let Some(doc) = self.by_path.get_mut(path) else {
            return false;
        };
        doc.version = version;
        doc.dirty = true;
        doc.text = Arc::from(text);
        true
    }

    /// The buffer was written: the disk holds it now.
    pub fn saved(&mut self, path: &Path) {
        if let Some(doc) = self.by_path.get_mut(path) {
            doc.dirty = false;
            doc.disk_bom = std::fs::read(path)
                .ok()
                .is_some_and(|d| d.starts_with(BOM.as_bytes()));
        }
    }

    pub fn close(&mut self, path: &Path) -> Option<Document> {
        self.by_path.remove(path)
    }

    pub fn get(&self, path: &Path) -> Option<&Document> {
        self.by_path.get(path)
    }

    /// The widget `path` belongs to: the nearest folder at or above it with a `manifest.json`
    /// on disk or open in the editor.
    pub fn widget_of(&self, path: &Path) -> Option<PathBuf> {
        path.ancestors().skip(1).find_map(|dir| {
            let manifest = dir.join(MANIFEST_FILE);
            (self.by_path.contains_key(&manifest) || manifest.is_file()).then(|| dir.to_path_buf())
        })
    }

    /// Whether any document of the widget at `root` is open.
    pub fn has_open(&self, root: &Path) -> bool {
        self.by_path
            .keys()
            .any(|p| self.widget_of(p).as_deref() == Some(root))
    }

    /// Every widget with an open document.
    pub fn widgets(&self) -> Vec<PathBuf> {
        let mut roots: Vec<PathBuf> = self
            .by_path
            .keys()
            .filter_map(|p| self.widget_of(p))
            .collect();
        roots.sort();
        roots.dedup();
        roots
    }

    /// The widget at `root` as a check reads it now.
    pub fn snapshot(&self, root: &Path) -> Snapshot {
        let mut overlay = Overlay::new();
        let mut open = BTreeMap::new();
        for (path, doc) in self.by_path.range(root.to_path_buf()..) {
            let Some(rel) = relative(root, path) else {
                if !path.starts_with(root) {
                    break;
                }
                continue;
            };
            // A document of a widget nested inside this one belongs to that one.
            if self.widget_of(path).as_deref() != Some(root) {
                continue;
            }
            let overlaid = doc.dirty && {
                let mut bytes = Vec::with_capacity(doc.text.len() + 3);
                if doc.disk_bom && !doc.text.starts_with(BOM) {
                    bytes.extend_from_slice(BOM.as_bytes());
                }
                bytes.extend_from_slice(doc.text.as_bytes());
                overlay.insert(&rel, bytes).is_ok()
            };
            open.insert(
                rel,
                OpenFile {
                    uri: doc.uri.clone(),
                    version: doc.version,
                    overlaid,
                },
            );
        }
        Snapshot {
            root: root.to_path_buf(),
            overlay,
            open,
        }
    }
}

/// `path` below `root` as a widget-relative path (`i18n/en.json`); `None` outside it or for a
/// name that is not UTF-8 (no widget path can name it).
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let rest = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for component in rest.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_belong_to_the_nearest_widget_and_only_edits_are_laid_over() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("w");
        std::fs::create_dir_all(root.join("i18n")).unwrap();
        std::fs::create_dir_all(root.join("inner")).unwrap();
        std::fs::write(root.join("manifest.json"), "\u{feff}{}").unwrap();
        std::fs::write(root.join("i18n/en.json"), "{}").unwrap();
        std::fs::write(root.join("i18n/bad.json"), b"{\"a\": \"\xff\"}").unwrap();
        std::fs::write(root.join("inner/manifest.json"), "{}").unwrap();
        let mut docs = Documents::default();
        let open = |docs: &mut Documents, rel: &str, text: &str| {
            docs.open(
                root.join(rel),
                format!("file:///{rel}"),
                1,
                text.to_string(),
            )
        };
        open(&mut docs, "manifest.json", "{}");
        open(&mut docs, "i18n/en.json", "{\"x\": 1}");
        open(&mut docs, "i18n/bad.json", "{\"a\": \"\u{fffd}\"}");
        open(&mut docs, "inner/manifest.json", "{}");
        assert_eq!(
            docs.widget_of(&root.join("i18n/en.json")),
            Some(root.clone())
        );
        assert_eq!(
            docs.widget_of(&root.join("inner/manifest.json")),
            Some(root.join("inner"))
        );
        let snap = docs.snapshot(&root);
        assert_eq!(
            snap.open.keys().collect::<Vec<_>>(),
            ["i18n/bad.json", "i18n/en.json", "manifest.json"]
        );
        // Opened as on disk (BOM aside), or not UTF-8 on disk: read from disk.
        assert!(!snap.open["manifest.json"].overlaid);
        assert!(!snap.open["i18n/bad.json"].overlaid);
        // Opened with other text: the buffer.
        assert_eq!(snap.overlay.get("i18n/en.json"), Some(&b"{\"x\": 1}"[..]));
        // An edit keeps the BOM the file has.
        assert!(docs.change(&root.join("manifest.json"), 2, "{ }".into()));
        let snap = docs.snapshot(&root);
        assert_eq!(
            snap.overlay.get("manifest.json"),
            Some("\u{feff}{ }".as_bytes())
        );
        docs.saved(&root.join("manifest.json"));
        assert!(docs.snapshot(&root).overlay.get("manifest.json").is_none());
        assert_eq!(docs.widgets(), [root.clone(), root.join("inner")]);
    }

    #[test]
    fn relative_paths_are_widget_paths() {
        let root = Path::new("/w");
        assert_eq!(
            relative(root, Path::new("/w/i18n/en.json")).as_deref(),
            Some("i18n/en.json")
        );
        assert_eq!(relative(root, Path::new("/w")), None);
        assert_eq!(relative(root, Path::new("/x/a")), None);
    }
}
