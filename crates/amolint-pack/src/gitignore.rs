//! The `.gitignore` files inside the widget, matched as Git matches them, with the `ignore`
//! crate's matcher (ripgrep's).
//!
//! Owns reading those files (through the widget's source, within its limits) and deciding whether
//! a path is ignored. It must not walk the disk: the source has already listed the widget safely
//! (no symlink followed out of it, no special file opened), and a second walk could disagree with
//! what was checked. Only `.gitignore` files inside the source count: those above it, Git's global
//! excludes and `.git/info/exclude` describe a repository, not the widget.
//!
//! Git's rules kept here: a deeper file's patterns win over a shallower one's; `!pattern`
//! re-includes; a path inside an ignored folder stays ignored, whatever a deeper `.gitignore`
//! says (Git never reads it); a pattern is matched relative to its file's folder.

use amolint_core::source::{EntryKind, Source};
use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// The largest `.gitignore` read: real ones are a few hundred bytes.
const MAX_GITIGNORE_BYTES: u64 = 1024 * 1024;

/// Why a path is ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignored {
    /// The path ignored: the file, or the folder above it (ending with `/`) that was.
    pub path: String,
    /// The `.gitignore` (source path) whose pattern matched.
    pub file: String,
    /// The pattern as written.
    pub pattern: String,
}

/// Every `.gitignore` of a source, by folder.
pub struct GitignoreSet {
    /// (folder with trailing `/`, or "" for the root; its matcher), shallowest first.
    matchers: Vec<(String, Gitignore)>,
    /// Problems met while reading, for the report (an unreadable file, a bad pattern).
    pub notes: Vec<String>,
}

impl GitignoreSet {
    /// Reads every `.gitignore` file listed by `source`.
    pub fn read(source: &dyn Source) -> GitignoreSet {
        let mut matchers = Vec::new();
        let mut notes = Vec::new();
        for entry in source.entries() {
            if entry.kind != EntryKind::File {
                continue;
            }
            let (folder, name) = match entry.path.rsplit_once('/') {
                Some((folder, name)) => (format!("{folder}/"), name),
                None => (String::new(), entry.path.as_str()),
            };
            if name != ".gitignore" {
                continue;
            }
            let text = match source.read(&entry.path, MAX_GITIGNORE_BYTES) {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(e) => {
                    notes.push(format!(
                        "`{}` was not read ({e}); it is not applied",
                        entry.path
                    ));
                    continue;
                }
            };
            // Root "." makes the matcher take paths as given: relative to this file's folder.
            let mut builder = GitignoreBuilder::new(".");
            for (n, line) in text.lines().enumerate() {
                if let Err(e) = builder.add_line(None, line) {
                    notes.push(format!(
                        "`{}:{}`: the pattern `{}` is not valid ({e}); it is not applied",
                        entry.path,
                        n + 1,
                        line.trim()
                    ));
                }
            }
            match builder.build() {
                Ok(matcher) => matchers.push((folder, matcher)),
                Err(e) => notes.push(format!("`{}` is not applied: {e}", entry.path)),
            }
        }
        // Shallowest first, so that walking them backwards tries the deepest first.
        matchers.sort_by_key(|(folder, _)| folder.matches('/').count());
        GitignoreSet { matchers, notes }
    }

    pub fn is_empty(&self) -> bool {
        self.matchers.is_empty()
    }

    /// Whether the file at `path` (a source path) is ignored, and by what: each folder above it
    /// first, from the top, then the file itself.
    pub fn ignored(&self, path: &str) -> Option<Ignored> {
        if self.matchers.is_empty() {
            return None;
        }
        let mut end = 0;
        while let Some(slash) = path[end..].find('/') {
            let folder = &path[..end + slash];
            if let Some((file, pattern)) = self.decide(folder, true) {
                return Some(Ignored {
                    path: format!("{folder}/"),
                    file,
                    pattern,
                });
            }
            end += slash + 1;
        }
        self.decide(path, false).map(|(file, pattern)| Ignored {
            path: path.to_string(),
            file,
            pattern,
        })
    }

    /// The deepest `.gitignore` above `path` with an opinion on it decides: `Some` when that is
    /// to ignore it.
    fn decide(&self, path: &str, is_dir: bool) -> Option<(String, String)> {
        for (folder, matcher) in self.matchers.iter().rev() {
            let Some(relative) = path.strip_prefix(folder.as_str()) else {
                continue;
            };
            if relative.is_empty() {
                continue;
            }
            match matcher.matched(relative, is_dir) {
                Match::Ignore(glob) => {
                    return Some((format!("{folder}.gitignore"), glob.original().to_string()));
                }
                Match::Whitelist(_) => return None,
                Match::None => {}
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use amolint_core::source::{self, Limits};
    use std::fs;

    fn set(files: &[(&str, &str)]) -> (tempfile::TempDir, GitignoreSet) {
        let dir = tempfile::tempdir().expect("tempdir");
        for (path, text) in files {
            let at = dir.path().join(path);
            fs::create_dir_all(at.parent().expect("parent")).expect("mkdir");
            fs::write(at, text).expect("write");
        }
        let source = source::open(dir.path(), &Limits::default()).expect("open");
        let set = GitignoreSet::read(source.as_ref());
        (dir, set)
    }

    #[test]
    fn patterns_apply_below_their_file_and_deeper_files_win() {
        let (_dir, set) = set(&[
            (".gitignore", "*.log\ndist/\n/notes.txt\n"),
            ("lib/.gitignore", "!keep.log\ngenerated.js\n"),
        ]);
        let hit = set.ignored("debug.log").expect("ignored");
        assert_eq!(
            (hit.file.as_str(), hit.pattern.as_str()),
            (".gitignore", "*.log")
        );
        assert!(set.ignored("lib/keep.log").is_none());
        assert!(set.ignored("lib/other.log").is_some());
        let generated = set.ignored("lib/generated.js").expect("ignored");
        assert_eq!(generated.file, "lib/.gitignore");
        assert!(set.ignored("generated.js").is_none(), "only below lib/");
        assert!(set.ignored("notes.txt").is_some());
        assert!(
            set.ignored("lib/notes.txt").is_none(),
            "anchored at the root"
        );
        let dist = set.ignored("dist/a/b.js").expect("in an ignored folder");
        assert_eq!(dist.path, "dist/");
        assert!(set.ignored("script.js").is_none());
    }

    #[test]
    fn a_path_in_an_ignored_folder_cannot_be_re_included() {
        let (_dir, set) = set(&[(".gitignore", "build/\n"), ("build/.gitignore", "!*\n")]);
        assert_eq!(set.ignored("build/app.js").expect("ignored").path, "build/");
    }

    #[test]
    fn a_bad_pattern_is_noted_and_the_others_still_apply() {
        let (_dir, set) = set(&[(".gitignore", "[z-a]\n*.tmp\n")]);
        assert_eq!(set.notes.len(), 1, "{:?}", set.notes);
        assert!(set.notes[0].contains("`.gitignore:1`"), "{:?}", set.notes);
        assert!(set.ignored("x.tmp").is_some());
    }
}
