//! URIs for the files amolint reports on: a path's percent-encoded form, and a `file:` URI for an
//! absolute path. Every URI amolint writes goes through here (SARIF's artifact locations and
//! `originalUriBaseIds`; the language server's document URIs build on the same functions).
//!
//! Owns the encoding only: it must not decide which folder a path is relative to (that is
//! [`crate::paths`]'s) nor touch the file system. Encoding is RFC 3986's: every byte of the path's
//! UTF-8 outside the unreserved set (`A-Z a-z 0-9 - . _ ~`) is written `%XX`, so spaces, `#`,
//! `%`, `?`, `:` and non-ASCII names all survive; `/` stays the segment separator. The
//! `percent-encoding` crate does the byte work.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_encode};
use std::path::Path;

/// Bytes written as `%XX` in a path: all but RFC 3986's unreserved characters and `/`.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// A `/`-separated path as a URI path (or relative reference): `Архив 1.zip` →
/// `%D0%90%D1%80%D1%85%D0%B8%D0%B2%201.zip`.
pub fn encode_path(path: &str) -> String {
    encode_bytes(path.as_bytes())
}

fn encode_bytes(bytes: &[u8]) -> String {
    percent_encode(bytes, PATH).to_string()
}

/// The `file:` URI of an absolute path: `/home/a b/w` → `file:///home/a%20b/w`. On Unix the
/// path's bytes are encoded as they are, so a name that is not UTF-8 still round-trips; on
/// Windows, `C:\a\b` (or its verbatim form `\\?\C:\a\b`, which `canonicalize` gives) becomes
/// `file:///C:/a/b`, the drive's colon kept as file URIs write it.
pub fn file_uri(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    if cfg!(windows) {
        windows_file_uri(&String::from_utf8_lossy(bytes))
    } else {
        format!("file://{}", encode_bytes(bytes))
    }
}

/// [`file_uri`] of a Windows path (a function of its own so that every platform tests it).
fn windows_file_uri(path: &str) -> String {
    let text = path.replace('\\', "/");
    let text = text.strip_prefix("//?/").unwrap_or(&text);
    let text = text.trim_start_matches('/');
    match text.as_bytes() {
        [letter, b':', ..] if letter.is_ascii_alphabetic() => {
            let (drive, rest) = text.split_at(2);
            format!(
                "file:///{drive}/{}",
                encode_path(rest.trim_start_matches('/'))
            )
        }
        _ => format!("file:///{}", encode_path(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_characters_and_slashes_stay() {
        assert_eq!(
            encode_path("examples/widgets/w-1_a.b~c/manifest.json"),
            "examples/widgets/w-1_a.b~c/manifest.json"
        );
    }

    #[test]
    fn every_other_byte_is_percent_encoded() {
        assert_eq!(
            encode_path("Архив.zip"),
            "%D0%90%D1%80%D1%85%D0%B8%D0%B2.zip"
        );
        assert_eq!(encode_path("a b#c%d?e:f"), "a%20b%23c%25d%3Fe%3Af");
        assert_eq!(
            encode_path("[x]@!$&'()*+,;="),
            "%5Bx%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D"
        );
        assert_eq!(encode_path("tab\there"), "tab%09here");
        // Already-encoded text is encoded again: a file may really be named `%41`.
        assert_eq!(encode_path("%41"), "%2541");
        assert_eq!(encode_path("é"), "%C3%A9");
        assert_eq!(encode_path("😀"), "%F0%9F%98%80");
    }

    #[cfg(unix)]
    #[test]
    fn file_uris_of_absolute_paths() {
        assert_eq!(file_uri(Path::new("/")), "file:///");
        assert_eq!(
            file_uri(Path::new("/home/user/Мои виджеты/#1/")),
            "file:///home/user/%D0%9C%D0%BE%D0%B8%20%D0%B2%D0%B8%D0%B4%D0%B6%D0%B5%D1%82%D1%8B/%231/"
        );
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_keep_their_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"/w/\xff\xfe.json"));
        assert_eq!(file_uri(path), "file:///w/%FF%FE.json");
    }

    #[test]
    fn windows_paths_keep_their_drive() {
        assert_eq!(
            windows_file_uri(r"C:\Users\a b\w"),
            "file:///C:/Users/a%20b/w"
        );
        assert_eq!(
            windows_file_uri(r"\\?\D:\Виджеты\"),
            "file:///D:/%D0%92%D0%B8%D0%B4%D0%B6%D0%B5%D1%82%D1%8B/"
        );
    }
}
