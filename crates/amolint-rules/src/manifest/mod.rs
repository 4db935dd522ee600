//! Pack `manifest`: required fields of `manifest.json` and their values, locations, settings.

mod locations;
mod settings_fields;

mod loc001_unknown_location;
mod loc002_invalid_suffix;
mod loc003_conflicting_suffix;
mod loc004_duplicate_location;
mod loc005_platform_location;
mod loc006_card_sdk_without_card;
mod loc007_implicit_panel_suffix;
mod man004_interface_version;
mod set001_missing_settings;
mod set002_settings_shape;
mod set003_unknown_field_type;
mod set004_multiple_custom_fields;
mod set005_custom_needs_settings_location;

use amolint_core::rule::Pack;

pub fn pack() -> Pack {
    Pack {
        name: "manifest",
        rules: vec![
            Box::new(man004_interface_version::InterfaceVersion),
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
