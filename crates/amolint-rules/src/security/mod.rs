//! Pack `security`: credentials shipped inside the widget, and code loaded over plain http.

mod sec001_secret_in_widget;
mod sec002_insecure_script_source;

pub(crate) use sec001_secret_in_widget::{env_file, holds_private_key, may_be_key_file};

use amolint_core::rule::Pack;

pub fn pack() -> Pack {
    Pack {
        name: "security",
        rules: vec![
            Box::new(sec001_secret_in_widget::SecretInWidget),
            Box::new(sec002_insecure_script_source::InsecureScriptSource),
        ],
    }
}
