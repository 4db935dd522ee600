//! Pack `manifest`: required fields of `manifest.json` and their values, locations, settings.

mod locations;
mod man_keys;
mod settings_fields;

mod loc001_unknown_location;
mod loc002_invalid_suffix;
mod loc003_conflicting_suffix;
mod loc004_duplicate_location;
mod loc005_platform_location;
mod loc006_card_sdk_without_card;
mod loc007_implicit_panel_suffix;
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
mod man011_placeholder_value;
mod set001_missing_settings;
mod set002_settings_shape;
mod set003_unknown_field_type;
mod set004_multiple_custom_fields;
mod set005_custom_needs_settings_location;

use amolint_core::rule::Pack;

/// The tables the manifest rules judge by, for editors: the language server's completion and the
/// JSON Schema of `manifest.json` are built from these very tables, so that an editor never
/// proposes or accepts what the rules reject.
pub mod tables {
    pub use super::loc002_invalid_suffix::suffix_only_warned;
    pub use super::locations::valid_entries;
    pub use super::man_keys::{Level, REQUIRED_TOP, REQUIRED_WIDGET, levels};
    pub use super::man003_wrong_type::{Kind, TYPES, Typed};
}

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
            Box::new(man011_placeholder_value::PlaceholderValue),
            Box::new(loc001_unknown_location::UnknownLocation),
            Box::new(loc002_invalid_suffix::InvalidSuffix),
            Box::new(loc003_conflicting_suffix::ConflictingSuffix),
            Box::new(loc004_duplicate_location::DuplicateLocation),
            Box::new(loc005_platform_location::PlatformLocation),
            Box::new(loc006_card_sdk_without_card::CardSdkWithoutCard),
            Box::new(loc007_implicit_panel_suffix::ImplicitPanelSuffix),
            Box::new(set001_missing_settings::MissingSettings),
            Box::new(set002_settings_shape::SettingsShape),
            Box::new(set003_unknown_field_type::UnknownFieldType),
            Box::new(set004_multiple_custom_fields::MultipleCustomFields),
            Box::new(set005_custom_needs_settings_location::CustomNeedsSettingsLocation),
        ],
    }
}
