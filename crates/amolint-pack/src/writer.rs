//! The reproducible zip writer: the same files give the same bytes, whatever their timestamps,
//! permissions, the order they were listed in, the umask or the machine.
//!
//! Owns the bytes of the archive and nothing else: which files go in, and their names, are the
//! caller's. It must not read the widget or decide anything about its files.
//!
//! The `zip` crate (9.x) writes the archive; every header field it lets vary is pinned here:
//!
//! * entries come in strictly increasing byte order of their names (checked: an out-of-order or
//!   repeated name is an error, never a silently different archive) and are files only, no folder
//!   entries;
//! * every timestamp is the DOS epoch, 1980-01-01 00:00 (no extended-timestamp extra field is
//!   written: the crate adds extra fields only for zip64, alignment or encryption, none of which
//!   is used);
//! * the host system is fixed to Unix (the crate's default is DOS when built for Windows) and every
//!   entry's mode to a regular file with permissions 0644, so the external attributes do not
//!   follow the files' own modes or the umask;
//! * names are UTF-8 and flagged as such; no comments, no encryption, no data descriptors (the
//!   output is seekable, so sizes and CRCs sit in the local headers);
//! * each entry is deflated at level [`LEVEL`], and stored instead when that is not smaller
//!   (already-compressed PNGs and JPEGs), or when the deflated entry would inflate past the
//!   checker's ratio limit (see [`Compression`]): a packed widget must pass amolint's own check.
//!
//! The deflated bytes come from `flate2` with the `zlib-rs` backend, which is what zip's `deflate`
//! feature selects. Deflate output is a function of the compressor's implementation and level,
//! not of the format, so archives are byte-identical for one build of amolint (its `Cargo.lock`
//! pins zlib-rs); another zlib-rs version may compress differently. `cargo install --locked` keeps
//! the pinned version. Zopfli (levels above 9) is deterministic too but far slower, and not used.

use sha2::{Digest, Sha256};
use std::io::{self, Seek, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, PreparedZipFile, System, ZipWriter};

/// The deflate level: zlib's best, still fast at widget sizes (a few MB).
pub const LEVEL: i64 = 9;

/// Permissions of every entry: a regular file readable by all, written by its owner.
pub const PERMISSIONS: u32 = 0o644;

/// When an entry is deflated.
#[derive(Clone, Copy, Debug)]
pub struct Compression {
    /// An entry whose deflated form inflates more than this many times its size is stored, once it
    /// is larger than [`Compression::ratio_floor`]: amolint's own check (ARC008) refuses such
    /// entries as possible zip bombs.
    pub max_ratio: u64,
    pub ratio_floor: u64,
}

/// How an entry was stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Stored,
    Deflated,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Stored => "stored",
            Method::Deflated => "deflated",
        }
    }
}

/// One entry as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub name: String,
    pub size: u64,
    pub compressed: u64,
    pub method: Method,
}

/// Writes one archive, entry by entry.
pub struct ArchiveWriter<W: Write + Seek> {
    zip: ZipWriter<W>,
    compression: Compression,
    last: Option<String>,
}

impl<W: Write + Seek> ArchiveWriter<W> {
    pub fn new(out: W, compression: Compression) -> Self {
        ArchiveWriter {
            zip: ZipWriter::new(out),
            compression,
            last: None,
        }
    }

    /// Adds the file `name` with content `data`. Names must come in strictly increasing byte order.
    pub fn add(&mut self, name: &str, data: &[u8]) -> io::Result<Written> {
        if self
            .last
            .as_deref()
            .is_some_and(|last| last.as_bytes() >= name.as_bytes())
        {
            return Err(io::Error::other(format!(
                "archive entries out of order: `{name}` after `{}`",
                self.last.as_deref().unwrap_or_default()
            )));
        }
        if name.is_empty() || name.ends_with('/') {
            return Err(io::Error::other(format!(
                "`{name}` is not a file name for an archive entry"
            )));
        }
        let deflated = PreparedZipFile::from_data(
            name,
            options(CompressionMethod::Deflated, Some(LEVEL)),
            data,
        )
        .map_err(io::Error::other)?;
        let size = data.len() as u64;
        let compressed = deflated.compressed_size();
        let c = self.compression;
        let bomb_like = size > c.ratio_floor && size > compressed.saturating_mul(c.max_ratio);
        let (prepared, method) = if compressed >= size || bomb_like {
            let stored =
                PreparedZipFile::from_data(name, options(CompressionMethod::Stored, None), data)
                    .map_err(io::Error::other)?;
            (stored, Method::Stored)
        } else {
            (deflated, Method::Deflated)
        };
        let compressed = prepared.compressed_size();
        self.zip
            .add_prepared_file(prepared)
            .map_err(io::Error::other)?;
        self.last = Some(name.to_string());
        Ok(Written {
            name: name.to_string(),
            size,
            compressed,
            method,
        })
    }

    /// Writes the central directory and hands the output back.
    pub fn finish(self) -> io::Result<W> {
        self.zip.finish().map_err(io::Error::other)
    }
}

fn options(method: CompressionMethod, level: Option<i64>) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(method)
        .compression_level(level)
        .last_modified_time(DateTime::default())
        .system(System::Unix)
        .unix_permissions(PERMISSIONS)
        .large_file(false)
}

/// The length and SHA-256 (lower-case hex) of everything `reader` gives.
pub fn digest(reader: &mut impl io::Read) -> io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let length = io::copy(reader, &mut hasher)?;
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((length, hex))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    const COMPRESSION: Compression = Compression {
        max_ratio: 100,
        ratio_floor: 1024 * 1024,
    };

    fn archive(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = ArchiveWriter::new(Cursor::new(Vec::new()), COMPRESSION);
        for (name, data) in entries {
            writer.add(name, data).expect("add");
        }
        writer.finish().expect("finish").into_inner()
    }

    fn u16_at(b: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([b[at], b[at + 1]])
    }

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }

    /// Reads the headers byte by byte, as an extractor sees them: nothing may vary but what the
    /// files themselves give.
    #[test]
    fn every_header_field_is_pinned() {
        let text = b"{\"widget\": {\"name\": \"x\"}}\n".repeat(20);
        let bytes = archive(&[("a.png", b"\x89PNG"), ("i18n/en.json", &text)]);

        // First local header: stored (deflating 4 bytes makes them larger).
        assert_eq!(u32_at(&bytes, 0), 0x0403_4b50);
        let flags = u16_at(&bytes, 6);
        assert_eq!(flags & 0x0008, 0, "no data descriptor");
        assert_eq!(flags & 0x0001, 0, "not encrypted");
        assert_eq!(u16_at(&bytes, 8), 0, "stored");
        assert_eq!(
            (u16_at(&bytes, 10), u16_at(&bytes, 12)),
            (0, 0x21),
            "1980-01-01 00:00"
        );
        assert_eq!(u16_at(&bytes, 28), 0, "no extra field in the local header");

        // Central directory: each record made on Unix, mode 0100644, no extra field, no comment.
        let eocd = bytes.len() - 22;
        assert_eq!(u32_at(&bytes, eocd), 0x0605_4b50);
        assert_eq!(u16_at(&bytes, eocd + 10), 2);
        assert_eq!(u16_at(&bytes, eocd + 20), 0, "no archive comment");
        let mut at = u32_at(&bytes, eocd + 16) as usize;
        let mut methods = Vec::new();
        for _ in 0..2 {
            assert_eq!(u32_at(&bytes, at), 0x0201_4b50);
            assert_eq!(u16_at(&bytes, at + 4) >> 8, 3, "made by Unix");
            assert_eq!(
                (u16_at(&bytes, at + 12), u16_at(&bytes, at + 14)),
                (0, 0x21)
            );
            methods.push(u16_at(&bytes, at + 10));
            assert_eq!(u32_at(&bytes, at + 38) >> 16, 0o100644);
            let (name, extra, comment) = (
                u16_at(&bytes, at + 28) as usize,
                u16_at(&bytes, at + 30),
                u16_at(&bytes, at + 32),
            );
            assert_eq!((extra, comment), (0, 0));
            at += 46 + name;
        }
        assert_eq!(methods, [0, 8], "the PNG stored, the JSON deflated");
    }

    #[test]
    fn the_same_files_give_the_same_bytes() {
        let a = archive(&[("manifest.json", b"{}"), ("script.js", b"define([], 1);")]);
        let b = archive(&[("manifest.json", b"{}"), ("script.js", b"define([], 1);")]);
        let sha = |bytes: &[u8]| digest(&mut &bytes[..]).expect("digest").1;
        assert_eq!(sha(&a), sha(&b));
        assert_eq!(sha(b"abc").len(), 64);
        assert_eq!(
            sha(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let c = archive(&[("manifest.json", b"{ }"), ("script.js", b"define([], 1);")]);
        assert_ne!(sha(&a), sha(&c));
    }

    #[test]
    fn names_must_come_sorted_and_once() {
        let mut writer = ArchiveWriter::new(Cursor::new(Vec::new()), COMPRESSION);
        writer.add("b.js", b"1").expect("first");
        assert!(writer.add("a.js", b"1").is_err());
        assert!(writer.add("b.js", b"1").is_err());
        assert!(writer.add("c/", b"").is_err());
        assert!(writer.add("c.js", b"1").is_ok());
    }

    #[test]
    fn an_entry_that_would_look_like_a_bomb_is_stored() {
        let zeros = vec![0u8; 2 * 1024 * 1024];
        let mut writer = ArchiveWriter::new(Cursor::new(Vec::new()), COMPRESSION);
        let written = writer.add("data.json", &zeros).expect("add");
        assert_eq!(written.method, Method::Stored);
        assert_eq!(written.compressed, written.size);
        let small = writer.add("small.json", &zeros[..4096]).expect("add");
        assert_eq!(small.method, Method::Deflated);
    }

    #[test]
    fn the_zip_crate_reads_back_what_was_written() {
        let bytes = archive(&[("i18n/ru.json", "{\"имя\": 1}".as_bytes()), ("x.js", b"1")]);
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
        let mut names = Vec::new();
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).expect("entry");
            let mut text = String::new();
            std::io::Read::read_to_string(&mut file, &mut text).expect("read");
            names.push((file.name().expect("a name").to_string(), text));
        }
        assert_eq!(
            names,
            [
                ("i18n/ru.json".to_string(), "{\"имя\": 1}".to_string()),
                ("x.js".to_string(), "1".to_string())
            ]
        );
    }
}
