//! Pack `files`: archive structure, encoding and hygiene of the widget's files.

mod enc001_utf8_bom;

use amolint_core::rule::Pack;

pub fn pack() -> Pack {
    Pack {
        name: "files",
        rules: vec![Box::new(enc001_utf8_bom::Utf8Bom)],
    }
}
