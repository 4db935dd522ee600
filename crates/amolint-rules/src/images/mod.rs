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

pub(crate) use img001_missing_logo::missing_logo_files;

use amolint_core::format::{LOGOS, Logo};
use amolint_core::image::ImageFormat;
use amolint_core::json::Node;
use amolint_core::manifest::Manifest;
use amolint_core::rule::Pack;
use amolint_core::source::{Entry, EntryKind};
use amolint_core::widget::Widget;
use std::collections::HashSet;

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

/// The widget-root-relative paths a file path in the manifest may mean, most likely first: the
/// path itself (a leading `/` is the widget root), then, for the served form
/// `/widgets/<code>/rest`, `rest`.
pub(crate) fn resolve(value: &str) -> Vec<String> {
    let parts: Vec<&str> = value
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    let mut out = Vec::new();
    if parts.is_empty() {
        return out;
    }
    out.push(parts.join("/"));
    if parts.len() > 2 && parts[0] == "widgets" {
        out.push(parts[2..].join("/"));
    }
    out
}

/// Every widget path the manifest names as a file: tour images, left-menu icons and the
/// Salesbot logo, each in every reading [`resolve`] gives.
pub(crate) fn manifest_files(manifest: &Manifest) -> HashSet<String> {
    let mut values: Vec<&str> = Vec::new();
    if let Some(images) = manifest
        .get("tour")
        .and_then(|t| t.get("tour_images"))
        .and_then(Node::as_object)
    {
        for member in images {
            let items = member.value.as_array().unwrap_or_default();
            values.extend(items.iter().filter_map(Node::as_str));
        }
    }
    if let Some(items) = manifest.get("left_menu").and_then(Node::as_object) {
        values.extend(
            items
                .iter()
                .filter_map(|item| item.value.get("icon").and_then(Node::as_str)),
        );
    }
    if let Some(logo) = manifest
        .get("salesbot_designer")
        .and_then(|s| s.get("logo"))
        .and_then(Node::as_str)
    {
        values.push(logo);
    }
    values.into_iter().flat_map(resolve).collect()
}

/// True when `path` ends in `.svg` (any case).
pub(crate) fn is_svg(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("svg"))
}
