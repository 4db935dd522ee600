//! A minimal zip writer for hostile test archives that well-behaved writers refuse to make:
//! duplicate and unsafe names, symlink entries, encrypted flags, odd methods, headers that lie
//! about sizes or names, and deflate streams of gigabytes built in microseconds.
//!
//! Shared by the rule crate's tests and, through `#[path]`, by the end-to-end tests at the root
//! (`tests/common/mod.rs`): one writer for every hand-made archive of the project.

/// One entry of a hand-made zip: [`write`] writes what well-behaved writers refuse to
/// (duplicate and unsafe names, symlinks, encrypted flags, lying headers).
#[derive(Clone, Debug)]
pub struct RawEntry {
    pub name: Vec<u8>,
    /// The bytes stored in the archive (already deflated when `method` is 8).
    pub data: Vec<u8>,
    /// Compression method recorded in both headers: 0 stored, 8 deflated.
    pub method: u16,
    /// Unix mode in the high bits of the external attributes (`0o120777`: a symlink).
    pub unix_mode: Option<u32>,
    /// Sets the general-purpose "encrypted" flag.
    pub encrypted: bool,
    /// The uncompressed size and CRC the headers declare, when not those of `data`.
    pub declared: Option<(u32, u32)>,
    /// A different name in the local header than in the central directory.
    pub local_name: Option<Vec<u8>>,
}

impl RawEntry {
    pub fn stored(name: &str, data: &[u8]) -> Self {
        RawEntry {
            name: name.as_bytes().to_vec(),
            data: data.to_vec(),
            method: 0,
            unix_mode: None,
            encrypted: false,
            declared: None,
            local_name: None,
        }
    }
}

pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip of `entries` (at most 65535 of them, none over 4 GiB), written byte by byte.
pub fn write(entries: &[RawEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let (size, crc) = e.declared.unwrap_or((e.data.len() as u32, crc32(&e.data)));
        let compressed = e.data.len() as u32;
        let flags: u16 = u16::from(e.encrypted);
        let local_name = e.local_name.as_ref().unwrap_or(&e.name);
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes());
        out.extend_from_slice(&flags.to_le_bytes());
        out.extend_from_slice(&e.method.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0x21, 0]); // time, date
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&compressed.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&(local_name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(local_name);
        out.extend_from_slice(&e.data);

        let version_made_by: u16 = if e.unix_mode.is_some() { 0x0314 } else { 20 };
        let external = e.unix_mode.map_or(0, |m| m << 16);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&version_made_by.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&flags.to_le_bytes());
        central.extend_from_slice(&e.method.to_le_bytes());
        central.extend_from_slice(&[0, 0, 0x21, 0]);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&compressed.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0]); // extra, comment, disk, internal
        central.extend_from_slice(&external.to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(&e.name);
    }
    let cd_offset = out.len() as u32;
    let cd_size = central.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&cd_size.to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// A raw deflate stream (RFC 1951) inflating to `len` (> 0) zero bytes: a fixed-Huffman literal
/// 0, then matches of length 258 at distance 1, 13 bits per 258 bytes. Built by hand because
/// deflating gigabytes through a real compressor takes minutes in a debug build.
pub fn deflated_zeros(len: u64) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn lsb(&mut self, value: u64, count: u32) {
            self.acc |= value << self.n;
            self.n += count;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// A Huffman code, most significant bit first.
        fn code(&mut self, code: u64, count: u32) {
            let mut reversed = 0;
            for i in 0..count {
                reversed |= ((code >> i) & 1) << (count - 1 - i);
            }
            self.lsb(reversed, count);
        }
    }
    let mut bits = Bits {
        out: Vec::with_capacity((len / 158) as usize + 16),
        acc: 0,
        n: 0,
    };
    bits.lsb(1, 1); // BFINAL
    bits.lsb(1, 2); // fixed Huffman
    bits.code(0x30, 8); // literal 0
    let mut left = len - 1;
    while left >= 258 {
        bits.code(0xC5, 8); // length code 285: 258 bytes
        bits.code(0, 5); // distance code 0: distance 1
        left -= 258;
    }
    for _ in 0..left {
        bits.code(0x30, 8);
    }
    bits.code(0, 7); // end of block
    bits.lsb(0, 7); // pad to a byte
    bits.out
}
