//! `[pack]` in `rules.toml`: which files `amolint pack` leaves out of the archive beyond what it
//! always leaves out (`exclude`), and which it brings back (`include`).
//!
//! Owns the meaning of those globs: which paths they match. It must not decide what goes into an
//! archive (`amolint-pack` does) nor read files.

use globset::{Glob, GlobSet, GlobSetBuilder};

/// The `[pack]` table of a configuration (and of every file it extends, theirs first).
#[derive(Clone, Debug, Default)]
pub struct PackSettings {
    /// Paths left out of the archive.
    pub exclude: PathGlobs,
    /// Paths brought back into the archive, whatever would leave them out: junk and development
    /// files, environment files and keys, `.gitignore` and `exclude`.
    pub include: PathGlobs,
}

/// Glob patterns over archive paths (`/`-separated, relative to the widget root), as written.
///
/// `*` matches across `/` (as in `[[overrides]]`), so `*.psd` matches at any depth; a pattern
/// that matches a folder (`design`, `docs/**`) matches everything inside it.
#[derive(Clone, Debug, Default)]
pub struct PathGlobs {
    patterns: Vec<String>,
    set: GlobSet,
}

impl PathGlobs {
    /// The patterns, each checked with `Glob::new`; the error names the first bad one by index.
    pub fn new(patterns: Vec<String>) -> Result<PathGlobs, (usize, globset::Error)> {
        let mut builder = GlobSetBuilder::new();
        for (i, pattern) in patterns.iter().enumerate() {
            builder.add(Glob::new(pattern).map_err(|e| (i, e))?);
        }
        // Every glob was accepted one by one; building the set can still fail (on a regex size
        // limit), which the caller reports against the whole list.
        let set = builder
            .build()
            .map_err(|e| (patterns.len().saturating_sub(1), e))?;
        Ok(PathGlobs { patterns, set })
    }

    /// The patterns as written.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The first pattern (in the order written) that matches `path` or one of the folders above
    /// it, with what it matched: `path` itself, or the highest folder above it that the pattern
    /// matches. `None` when no pattern matches.
    pub fn matching<'p>(&self, path: &'p str) -> Option<(&str, &'p str)> {
        if self.patterns.is_empty() {
            return None;
        }
        let path = path.trim_end_matches('/');
        // The folders from the top down, then the path itself.
        let mut candidates: Vec<&'p str> = path
            .match_indices('/')
            .filter_map(|(at, _)| path.get(..at))
            .collect();
        candidates.push(path);
        let (index, matched) = candidates
            .iter()
            .filter_map(|candidate| {
                self.set
                    .matches(candidate)
                    .into_iter()
                    .min()
                    .map(|i| (i, *candidate))
            })
            .min_by_key(|(i, _)| *i)?;
        Some((self.patterns.get(index)?.as_str(), matched))
    }

    /// These patterns followed by `other`'s.
    pub(super) fn extend(&mut self, other: &PathGlobs) {
        if other.is_empty() {
            return;
        }
        let mut patterns = self.patterns.clone();
        patterns.extend(other.patterns.iter().cloned());
        // Each pattern already compiled once, so the union compiles too.
        if let Ok(joined) = PathGlobs::new(patterns) {
            *self = joined;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globs(patterns: &[&str]) -> PathGlobs {
        PathGlobs::new(patterns.iter().map(|p| p.to_string()).collect()).expect("valid globs")
    }

    #[test]
    fn a_pattern_matches_a_path_or_a_folder_above_it() {
        let g = globs(&["*.psd", "design", "docs/**"]);
        assert_eq!(g.matching("logo.psd"), Some(("*.psd", "logo.psd")));
        assert_eq!(
            g.matching("images/src/logo.psd"),
            Some(("*.psd", "images/src/logo.psd"))
        );
        assert_eq!(g.matching("design/mockup.png"), Some(("design", "design")));
        assert_eq!(g.matching("design"), Some(("design", "design")));
        assert_eq!(g.matching("docs/a/b.md"), Some(("docs/**", "docs/a")));
        assert_eq!(g.matching("images/design.png"), None);
        assert_eq!(g.matching("script.js"), None);
        assert_eq!(PathGlobs::default().matching("x"), None);
    }

    #[test]
    fn the_first_pattern_written_is_the_one_named() {
        let g = globs(&["images/**", "*.png"]);
        assert_eq!(
            g.matching("images/logo.png"),
            Some(("images/**", "images/logo.png"))
        );
        let mut both = globs(&["*.png"]);
        both.extend(&globs(&["images/**"]));
        assert_eq!(both.patterns(), ["*.png", "images/**"]);
        assert_eq!(
            both.matching("images/logo.png"),
            Some(("*.png", "images/logo.png"))
        );
    }

    #[test]
    fn a_bad_pattern_is_named_by_its_index() {
        let err = PathGlobs::new(vec!["ok".into(), "a[".into()]).expect_err("unclosed class");
        assert_eq!(err.0, 1);
    }
}
