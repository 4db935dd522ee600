//! Image headers: sniffing an image's real format from its first bytes and reading its pixel
//! size from the header with the `imagesize` crate.
//!
//! It never decodes pixels and never allocates by a size the file claims: it is handed a short
//! prefix of the file ([`HEAD_BYTES`]; [`JPEG_HEAD_BYTES`] for a JPEG whose frame header sits
//! behind its metadata), and a claimed width or height is only reported, never used. It knows
//! nothing of widgets or platforms: what a format or a size means for a logo is the rules'
//! business, and reading the prefix is the [`Widget`](crate::widget::Widget)'s.

use imagesize::{ImageError, ImageType};

/// What is read of every image: enough for the PNG, GIF, WebP and BMP headers, which sit in the
/// first few dozen bytes, and for most JPEGs.
pub const HEAD_BYTES: usize = 4 * 1024;

/// What is read of a JPEG whose frame header (SOF) is not within [`HEAD_BYTES`]: Exif and ICC
/// segments come first and are each at most 64 KiB, and real logos put SOF well inside this.
pub const JPEG_HEAD_BYTES: usize = 64 * 1024;

/// The largest width or height a PNG header may declare (PNG spec, IHDR: 2^31 - 1).
const PNG_MAX_SIDE: u64 = (1 << 31) - 1;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// An image format recognised from content or named by a file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Gif,
    Webp,
    Bmp,
    Ico,
    Tiff,
    Avif,
    Heic,
    /// Any other format `imagesize` recognises (PSD, TGA, …), by name.
    Other(&'static str),
}

impl ImageFormat {
    /// The name messages use: `PNG`, `JPEG`, …
    pub fn name(self) -> &'static str {
        match self {
            ImageFormat::Png => "PNG",
            ImageFormat::Jpeg => "JPEG",
            ImageFormat::Gif => "GIF",
            ImageFormat::Webp => "WebP",
            ImageFormat::Bmp => "BMP",
            ImageFormat::Ico => "ICO",
            ImageFormat::Tiff => "TIFF",
            ImageFormat::Avif => "AVIF",
            ImageFormat::Heic => "HEIC",
            ImageFormat::Other(name) => name,
        }
    }

    /// The usual file extension of the format, without the dot.
    pub fn extension(self) -> Option<&'static str> {
        Some(match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Gif => "gif",
            ImageFormat::Webp => "webp",
            ImageFormat::Bmp => "bmp",
            ImageFormat::Ico => "ico",
            ImageFormat::Tiff => "tiff",
            ImageFormat::Avif => "avif",
            ImageFormat::Heic => "heic",
            ImageFormat::Other(_) => return None,
        })
    }

    /// The raster format a file name's extension promises (case-insensitive); `None` for every
    /// other extension, SVG included (a text format, not probed here).
    pub fn from_extension(path: &str) -> Option<ImageFormat> {
        let (_, ext) = path.rsplit_once('.')?;
        if ext.contains('/') {
            return None;
        }
        Some(match ext.to_ascii_lowercase().as_str() {
            "png" => ImageFormat::Png,
            "jpg" | "jpeg" | "jpe" | "jfif" => ImageFormat::Jpeg,
            "gif" => ImageFormat::Gif,
            "webp" => ImageFormat::Webp,
            "bmp" => ImageFormat::Bmp,
            "ico" => ImageFormat::Ico,
            "tif" | "tiff" => ImageFormat::Tiff,
            "avif" => ImageFormat::Avif,
            "heic" | "heif" => ImageFormat::Heic,
            _ => return None,
        })
    }

    fn of(kind: ImageType) -> ImageFormat {
        match kind {
            ImageType::Png => ImageFormat::Png,
            ImageType::Jpeg => ImageFormat::Jpeg,
            ImageType::Gif => ImageFormat::Gif,
            ImageType::Webp => ImageFormat::Webp,
            ImageType::Bmp => ImageFormat::Bmp,
            ImageType::Ico => ImageFormat::Ico,
            ImageType::Tiff => ImageFormat::Tiff,
            ImageType::Heif(imagesize::Compression::Av1) => ImageFormat::Avif,
            ImageType::Heif(_) => ImageFormat::Heic,
            ImageType::Psd => ImageFormat::Other("PSD"),
            ImageType::Tga => ImageFormat::Other("TGA"),
            ImageType::Jxl => ImageFormat::Other("JPEG XL"),
            ImageType::Qoi => ImageFormat::Other("QOI"),
            ImageType::Exr => ImageFormat::Other("OpenEXR"),
            ImageType::Hdr => ImageFormat::Other("Radiance HDR"),
            ImageType::Pnm => ImageFormat::Other("PNM"),
            ImageType::Dds => ImageFormat::Other("DDS"),
            _ => ImageFormat::Other("non-web image"),
        }
    }
}

/// A pixel size as the header claims it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dimensions {
    pub width: u64,
    pub height: u64,
}

impl std::fmt::Display for Dimensions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}×{}", self.width, self.height)
    }
}

/// What a file's first bytes say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Probe {
    /// A readable image header. `size` is `None` when the size lies beyond what was read (a
    /// JPEG with more than 64 KiB of metadata first) or the format keeps it somewhere the
    /// prefix does not reach.
    Image {
        format: ImageFormat,
        size: Option<Dimensions>,
    },
    /// The file has no bytes at all.
    Empty,
    /// The file starts like `format` but ends before its header does.
    Truncated { format: ImageFormat },
    /// The file starts like `format` but its header is broken; `reason` completes "its header
    /// …" (e.g. "declares a width of 0").
    Invalid {
        format: ImageFormat,
        reason: &'static str,
    },
    /// No image format starts this way; `looks_like` names what it seems to be instead
    /// ("a Git LFS pointer", "an HTML page", …), when that is recognisable.
    NotAnImage { looks_like: Option<&'static str> },
}

impl Probe {
    /// True for every outcome other than a readable image header.
    pub fn is_corrupt(&self) -> bool {
        !matches!(self, Probe::Image { .. })
    }
}

/// Probes a file through `read(n)`, which returns at most its first `n` bytes: [`HEAD_BYTES`]
/// first, [`JPEG_HEAD_BYTES`] only for a JPEG whose size was not in the first read.
pub fn probe_with<E>(mut read: impl FnMut(usize) -> Result<Vec<u8>, E>) -> Result<Probe, E> {
    let head = read(HEAD_BYTES)?;
    let whole = head.len() < HEAD_BYTES;
    let first = probe(&head, whole);
    if !whole
        && let Probe::Image {
            format: ImageFormat::Jpeg,
            size: None,
        } = first
    {
        let head = read(JPEG_HEAD_BYTES)?;
        return Ok(probe(&head, head.len() < JPEG_HEAD_BYTES));
    }
    Ok(first)
}

/// Probes `head`, the first bytes of a file; `whole` says that `head` is the entire file, so a
/// header cut short is truncation rather than a prefix that was too short.
pub fn probe(head: &[u8], whole: bool) -> Probe {
    if head.is_empty() {
        return Probe::Empty;
    }
    let format = match sniff(head) {
        Sniffed::Format(format) => format,
        Sniffed::Cut(format) => {
            return if whole {
                Probe::Truncated { format }
            } else {
                Probe::Image { format, size: None }
            };
        }
        Sniffed::Broken(format, reason) => return Probe::Invalid { format, reason },
        Sniffed::Unknown => {
            return Probe::NotAnImage {
                looks_like: looks_like(head),
            };
        }
    };
    if format == ImageFormat::Png && head.len() >= 16 && &head[12..16] != b"IHDR" {
        return Probe::Invalid {
            format,
            reason: "does not start with the IHDR chunk",
        };
    }
    match imagesize::blob_size(head) {
        Ok(size) => {
            let size = Dimensions {
                width: size.width as u64,
                height: size.height as u64,
            };
            if size.width == 0 || size.height == 0 {
                return Probe::Invalid {
                    format,
                    reason: "declares a width or height of 0",
                };
            }
            if format == ImageFormat::Png
                && (size.width > PNG_MAX_SIDE || size.height > PNG_MAX_SIDE)
            {
                return Probe::Invalid {
                    format,
                    reason: "declares a size larger than PNG allows",
                };
            }
            Probe::Image {
                format,
                size: Some(size),
            }
        }
        Err(ImageError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            if whole {
                Probe::Truncated { format }
            } else {
                Probe::Image { format, size: None }
            }
        }
        Err(ImageError::CorruptedImage) => Probe::Invalid {
            format,
            reason: "is malformed before the image size",
        },
        Err(_) => Probe::Image { format, size: None },
    }
}

enum Sniffed {
    Format(ImageFormat),
    /// A strict prefix of a signature: the file (or the read) ends inside it.
    Cut(ImageFormat),
    Broken(ImageFormat, &'static str),
    Unknown,
}

/// The three web formats are sniffed here, strictly, so that a short or mangled file is named
/// as the format it was meant to be; the rest is left to `imagesize`.
fn sniff(head: &[u8]) -> Sniffed {
    if head.starts_with(PNG_SIGNATURE) {
        return Sniffed::Format(ImageFormat::Png);
    }
    if PNG_SIGNATURE.starts_with(head) {
        return Sniffed::Cut(ImageFormat::Png);
    }
    if head.starts_with(b"\x89PNG") {
        // The classic damage of a transfer in text mode: CR LF or LF rewritten.
        return Sniffed::Broken(
            ImageFormat::Png,
            "has a damaged PNG signature (the file was probably converted as text, e.g. line endings rewritten)",
        );
    }
    if head.starts_with(b"\xFF\xD8\xFF") {
        return Sniffed::Format(ImageFormat::Jpeg);
    }
    if b"\xFF\xD8\xFF".starts_with(head) {
        return Sniffed::Cut(ImageFormat::Jpeg);
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Sniffed::Format(ImageFormat::Gif);
    }
    if b"GIF87a".starts_with(head) || b"GIF89a".starts_with(head) {
        return Sniffed::Cut(ImageFormat::Gif);
    }
    match imagesize::image_type(head) {
        Ok(kind) => Sniffed::Format(ImageFormat::of(kind)),
        Err(_) => Sniffed::Unknown,
    }
}

/// What a non-image file seems to be, for the message.
fn looks_like(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"version https://git-lfs") {
        return Some("a Git LFS pointer (the real image was never fetched)");
    }
    let text = std::str::from_utf8(head).ok().or_else(|| {
        // A prefix may end inside a multi-byte character.
        let cut = std::str::from_utf8(head).err()?.valid_up_to();
        (head.len() - cut < 4)
            .then(|| std::str::from_utf8(&head[..cut]).ok())
            .flatten()
    })?;
    let lead = text.trim_start_matches('\u{feff}').trim_start();
    let lower: String = lead
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.starts_with("<svg") || (lower.starts_with("<?xml") && text.contains("<svg")) {
        Some("an SVG drawing")
    } else if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        Some("an HTML page")
    } else if lower.starts_with('<') {
        Some("an XML or HTML text")
    } else if text.chars().all(|c| !c.is_control() || c.is_whitespace()) {
        Some("a text file")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_head(width: u32, height: u32) -> Vec<u8> {
        let mut out = PNG_SIGNATURE.to_vec();
        out.extend_from_slice(&13u32.to_be_bytes());
        out.extend_from_slice(b"IHDR");
        out.extend_from_slice(&width.to_be_bytes());
        out.extend_from_slice(&height.to_be_bytes());
        out.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        out
    }

    #[test]
    fn reads_a_png_size_without_decoding() {
        assert_eq!(
            probe(&png_head(400, 272), true),
            Probe::Image {
                format: ImageFormat::Png,
                size: Some(Dimensions {
                    width: 400,
                    height: 272
                })
            }
        );
        // A huge claimed size is only reported.
        assert_eq!(
            probe(&png_head(2_147_483_647, 2_147_483_647), true),
            Probe::Image {
                format: ImageFormat::Png,
                size: Some(Dimensions {
                    width: 2_147_483_647,
                    height: 2_147_483_647
                })
            }
        );
        assert!(matches!(
            probe(&png_head(0, 10), true),
            Probe::Invalid { .. }
        ));
        assert!(matches!(
            probe(&png_head(u32::MAX, 10), true),
            Probe::Invalid { .. }
        ));
    }

    #[test]
    fn tells_truncation_from_a_short_read() {
        let head = png_head(10, 10);
        assert_eq!(
            probe(&head[..20], true),
            Probe::Truncated {
                format: ImageFormat::Png
            }
        );
        assert_eq!(
            probe(&head[..5], true),
            Probe::Truncated {
                format: ImageFormat::Png
            }
        );
        assert_eq!(
            probe(&head[..20], false),
            Probe::Image {
                format: ImageFormat::Png,
                size: None
            }
        );
        assert_eq!(probe(b"", true), Probe::Empty);
    }

    #[test]
    fn names_what_a_non_image_is() {
        assert_eq!(
            probe(
                b"version https://git-lfs.github.com/spec/v1\noid sha256:ab\n",
                true
            ),
            Probe::NotAnImage {
                looks_like: Some("a Git LFS pointer (the real image was never fetched)")
            }
        );
        assert_eq!(
            probe(b"<!DOCTYPE html><html></html>", true),
            Probe::NotAnImage {
                looks_like: Some("an HTML page")
            }
        );
        assert!(matches!(
            probe(b"\x89PNG\n\x1a\n\0\0\0\x0dIHDR", true),
            Probe::Invalid { .. }
        ));
    }

    #[test]
    fn finds_a_late_jpeg_frame_header_only_with_a_longer_read() {
        // SOI, one APP1 segment of 8000 bytes, then SOF0 with 102×131.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1];
        jpeg.extend_from_slice(&8000u16.to_be_bytes());
        jpeg.resize(4 + 8000, 0);
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 131, 0x00, 102, 0x03]);
        jpeg.resize(jpeg.len() + 20, 0);
        let mut reads = Vec::new();
        let got = probe_with(|n| {
            reads.push(n);
            Ok::<_, ()>(jpeg[..n.min(jpeg.len())].to_vec())
        });
        assert_eq!(reads, vec![HEAD_BYTES, JPEG_HEAD_BYTES]);
        assert_eq!(
            got,
            Ok(Probe::Image {
                format: ImageFormat::Jpeg,
                size: Some(Dimensions {
                    width: 102,
                    height: 131
                })
            })
        );
    }

    #[test]
    fn maps_extensions() {
        assert_eq!(
            ImageFormat::from_extension("images/a.JPEG"),
            Some(ImageFormat::Jpeg)
        );
        assert_eq!(ImageFormat::from_extension("images/a.svg"), None);
        assert_eq!(ImageFormat::from_extension("images.d/logo"), None);
    }
}
