//! Pack `manifest`: required fields of `manifest.json` and their values, locations, settings.

mod man004_interface_version;

use amolint_core::rule::Pack;

pub fn pack() -> Pack {
    Pack {
        name: "manifest",
        rules: vec![Box::new(man004_interface_version::InterfaceVersion)],
    }
}
