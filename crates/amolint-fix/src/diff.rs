//! The unified diff `--diff` prints, in the style of `git diff` and `ruff check --diff`.

use crate::plan::Change;
use similar::TextDiff;

/// The changes of one widget (shown as `display`) as a unified diff with three lines of
/// context, files in path order; a created file is diffed against `/dev/null`. Empty when there
/// are no changes.
pub fn unified_diff(display: &str, changes: &[Change]) -> String {
    let mut out = String::new();
    for change in changes {
        let path = format!("{display}/{}", change.path);
        let before = change
            .original
            .as_deref()
            .map(String::from_utf8_lossy)
            .unwrap_or_default();
        let after = String::from_utf8_lossy(&change.fixed);
        let old_name = match change.original {
            Some(_) => path.as_str(),
            None => "/dev/null",
        };
        let diff = TextDiff::from_lines(before.as_ref(), after.as_ref());
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(old_name, &path)
                .to_string(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_names_the_file_and_shows_the_changed_lines() {
        let change = Change {
            path: "manifest.json".to_string(),
            original: Some(b"{\n  \"a\": \"Y\",\n  \"b\": 1\n}\n".to_vec()),
            fixed: b"{\n  \"a\": true,\n  \"b\": 1\n}\n".to_vec(),
        };
        let created = Change {
            path: "i18n/de.json".to_string(),
            original: None,
            fixed: b"{}".to_vec(),
        };
        assert_eq!(
            unified_diff("w", &[change, created]),
            "--- w/manifest.json\n+++ w/manifest.json\n@@ -1,4 +1,4 @@\n {\n-  \"a\": \"Y\",\n+  \
             \"a\": true,\n   \"b\": 1\n }\n--- /dev/null\n+++ w/i18n/de.json\n@@ -0,0 +1 @@\n+{}\n\
             \\ No newline at end of file\n"
        );
        assert_eq!(unified_diff("w", &[]), "");
    }
}
