//! Pack `files`: archive structure, encoding and hygiene of the widget's files.

mod arc001_unreadable_archive;
mod arc002_nested_widget_folder;
mod arc003_missing_manifest;
mod arc004_unsafe_entry_path;
mod arc005_duplicate_entry;
mod arc006_junk_file;
mod arc007_dev_file_shipped;
mod arc008_archive_limits;
mod arc009_archive_name;
mod arc010_symlink_entry;
pub(crate) mod common;
mod enc001_utf8_bom;
mod enc002_invalid_utf8;
mod enc003_invalid_json;
mod enc004_duplicate_json_key;

use amolint_core::rule::Pack;

pub fn pack() -> Pack {
    Pack {
        name: "files",
        rules: vec![
            Box::new(arc001_unreadable_archive::UnreadableArchive),
            Box::new(arc002_nested_widget_folder::NestedWidgetFolder),
            Box::new(arc003_missing_manifest::MissingManifest),
            Box::new(arc004_unsafe_entry_path::UnsafeEntryPath),
            Box::new(arc005_duplicate_entry::DuplicateEntry),
            Box::new(arc006_junk_file::JunkFile),
            Box::new(arc007_dev_file_shipped::DevFileShipped),
            Box::new(arc008_archive_limits::ArchiveLimits),
            Box::new(arc009_archive_name::ArchiveName),
            Box::new(arc010_symlink_entry::SymlinkEntry),
            Box::new(enc001_utf8_bom::Utf8Bom),
            Box::new(enc002_invalid_utf8::InvalidUtf8),
            Box::new(enc003_invalid_json::InvalidJson),
            Box::new(enc004_duplicate_json_key::DuplicateJsonKey),
        ],
    }
}
