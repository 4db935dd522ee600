//! Document URIs: the client's `file:` URIs decoded into paths, and paths written as URIs.
//!
//! Owns only the translation. Writing goes through [`amolint_report::uri::file_uri`], the one
//! encoder of every URI amolint writes; reading decodes what any client may send: `%XX` escapes
//! of any byte (spaces, `%`, `#`, non-ASCII names; upper or lower case hex), an empty or
//! `localhost` authority, and Windows drives written `C:` or `c%3A`. Other schemes (`untitled:`,
//! `git:`) name no file on disk and give `None`.

use percent_encoding::percent_decode_str;
use std::path::{Path, PathBuf};

/// The path a `file:` URI names, or `None` for another scheme or a URI naming no local file.
pub fn to_path(uri: &str) -> Option<PathBuf> {
    let rest = strip_scheme(uri)?;
    // `file://host/path`: only an empty or `localhost` host is this machine.
    let rest = rest.strip_prefix("//").map_or(Some(rest), |after| {
        let slash = after.find('/').unwrap_or(after.len());
        let host = &after[..slash];
        (host.is_empty() || host.eq_ignore_ascii_case("localhost")).then(|| &after[slash..])
    })?;
    // A query or fragment is not part of the path (a `#` or `?` in a name is escaped).
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let bytes: Vec<u8> = percent_decode_str(&rest[..end]).collect();
    if bytes.is_empty() || bytes.contains(&0) {
        return None;
    }
    from_bytes(bytes)
}

fn strip_scheme(uri: &str) -> Option<&str> {
    let (scheme, rest) = uri.split_once(':')?;
    scheme.eq_ignore_ascii_case("file").then_some(rest)
}

#[cfg(unix)]
fn from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    bytes
        .starts_with(b"/")
        .then(|| PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    let text = String::from_utf8(bytes).ok()?;
    windows_path(&text).map(PathBuf::from)
}

/// `/C:/a/b` → `C:\a\b`; `//server/share/x` (a UNC path) → `\\server\share\x`.
#[cfg_attr(unix, allow(dead_code))]
fn windows_path(text: &str) -> Option<String> {
    let trimmed = text.strip_prefix('/').unwrap_or(text);
    match trimmed.as_bytes() {
        [letter, b':', ..] if letter.is_ascii_alphabetic() => Some(trimmed.replace('/', "\\")),
        _ if text.starts_with("//") => Some(text.replace('/', "\\")),
        _ => None,
    }
}

/// The `file:` URI of an absolute path, as amolint writes every URI.
pub fn from_path(path: &Path) -> String {
    amolint_report::uri::file_uri(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn decodes_what_clients_send() {
        for (uri, path) in [
            ("file:///home/u/w/manifest.json", "/home/u/w/manifest.json"),
            ("file:///home/u/a%20b/m.json", "/home/u/a b/m.json"),
            ("file:///w/100%25/m.json", "/w/100%/m.json"),
            ("file:///w/%23x%3F/m.json", "/w/#x?/m.json"),
            (
                "file:///%D0%92%D0%B8%D0%B4%D0%B6%D0%B5%D1%82/m.json",
                "/Виджет/m.json",
            ),
            ("file:///%d0%92/m.json", "/В/m.json"),
            ("file:///Виджет/m.json", "/Виджет/m.json"),
            ("file://localhost/w/m.json", "/w/m.json"),
            ("FILE:///w/m.json", "/w/m.json"),
            ("file:///w/m.json#L3", "/w/m.json"),
        ] {
            assert_eq!(to_path(uri), Some(PathBuf::from(path)), "{uri}");
        }
    }

    #[test]
    fn other_schemes_and_hosts_name_no_local_file() {
        for uri in [
            "untitled:Untitled-1",
            "git:/w/m.json?ref=HEAD",
            "file://server/w/m.json",
            "file://",
            "file:///w/%00/m.json",
            "manifest.json",
        ] {
            assert_eq!(to_path(uri), None, "{uri}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn paths_round_trip_through_uris() {
        for path in [
            "/w/a b/m.json",
            "/Мои виджеты/#1/100%/m.json",
            "/w/é😀.json",
        ] {
            let uri = from_path(Path::new(path));
            assert!(uri.is_ascii(), "{uri}");
            assert_eq!(to_path(&uri), Some(PathBuf::from(path)), "{uri}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_round_trip() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"/w/\xff.json"));
        assert_eq!(to_path(&from_path(path)).as_deref(), Some(path));
    }

    #[test]
    fn windows_drives_and_shares() {
        assert_eq!(windows_path("/C:/a/b").as_deref(), Some("C:\\a\\b"));
        assert_eq!(windows_path("/c:/a").as_deref(), Some("c:\\a"));
        assert_eq!(
            windows_path("//srv/share/x").as_deref(),
            Some("\\\\srv\\share\\x")
        );
        assert_eq!(windows_path("/a/b"), None);
    }
}
