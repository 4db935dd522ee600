//! Pack `manifest`: required fields of `manifest.json` and their values, locations, settings.

mod man001_manifest_shape;
mod man002_missing_field;
mod man003_wrong_type;
mod man004_interface_version;
mod man005_support_contact;
mod man006_legacy_code_secret;
mod man007_unknown_key;
mod man008_version_format;
mod man009_empty_value;
mod man010_duplicate_locale;
mod man_keys;

use amolint_core::rule::Pack;

pub fn pack() -> Pack {
    Pack {
        name: "manifest",
        rules: vec![
            Box::new(man001_manifest_shape::ManifestShape),
            Box::new(man002_missing_field::MissingField),
            Box::new(man003_wrong_type::WrongType),
            Box::new(man004_interface_version::InterfaceVersion),
            Box::new(man005_support_contact::SupportContact),
            Box::new(man006_legacy_code_secret::LegacyCodeSecret),
            Box::new(man007_unknown_key::UnknownKey),
            Box::new(man008_version_format::VersionFormat),
            Box::new(man009_empty_value::EmptyValue),
            Box::new(man010_duplicate_locale::DuplicateLocale),
        ],
    }
}
