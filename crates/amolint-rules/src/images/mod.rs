//! Pack `images`: the logos and the other images the widget ships or its manifest names.
//!
//! Images are judged from their headers only ([`amolint_core::image`]): the format from the
//! first bytes, the pixel size from the header, the byte size from the file listing.

mod img001_missing_logo;
mod img002_logo_dimensions;
mod img003_image_too_large;
mod img004_image_format;
mod img005_corrupt_image;
mod img006_missing_referenced_file;

use amolint_core::format::{LOGOS, Logo};
use amolint_core::image::ImageFormat;
use amolint_core::rule::Pack;
use amolint_core::source::{Entry, EntryKind};
use amolint_core::widget::Widget;

pub fn pack() -> Pack {
    Pack {
        name: "images",
        rules: vec![
            Box::new(img001_missing_logo::MissingLogo),
            Box::new(img002_logo_dimensions::LogoDimensions),
            Box::new(img003_image_too_large::ImageTooLarge),
            Box::new(img004_image_format::ImageFormatRule),
            Box::new(img005_corrupt_image::CorruptImage),
            Box::new(img006_missing_referenced_file::MissingReferencedFile),
        ],
    }
}

/// The folder the platform serves the logos from, and where widgets keep their images.
pub(crate) const IMAGES_DIR: &str = "images/";

/// The logo at `path`, if `path` is one of the logos.
pub(crate) fn logo(path: &str) -> Option<&'static Logo> {
    LOGOS.iter().find(|l| l.file == path)
}

/// Regular files under `images/`, at any depth, except macOS `._*` metadata files (ARC006's
/// junk, which only look like images by name).
pub(crate) fn images_dir_files<'w>(widget: &'w Widget<'_>) -> impl Iterator<Item = &'w Entry> {
    widget.files().iter().filter(|e| {
        e.kind == EntryKind::File
            && e.path.starts_with(IMAGES_DIR)
            && !e
                .path
                .rsplit('/')
                .next()
                .is_some_and(|n| n.starts_with("._"))
    })
}

/// A file under `images/` whose extension names a raster image format; SVG and non-image
/// files are left out.
pub(crate) fn raster_images<'w>(
    widget: &'w Widget<'_>,
) -> impl Iterator<Item = (&'w Entry, ImageFormat)> {
    images_dir_files(widget)
        .filter_map(|e| ImageFormat::from_extension(&e.path).map(|format| (e, format)))
}

/// True when `path` ends in `.svg` (any case).
pub(crate) fn is_svg(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("svg"))
}
