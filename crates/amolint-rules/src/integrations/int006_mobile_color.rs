//! INT006 mobile-color: `mobile.color` is not a `#RGB` or `#RRGGBB` colour.

use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;

pub struct MobileColor;

pub static META: RuleMeta = RuleMeta {
    code: "INT006",
    name: "mobile-color",
    pack: "integrations",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "`mobile.color` is not `#RGB` or `#RRGGBB`",
    docs: RuleDocs {
        what: "Checks that `mobile.color` is a hexadecimal colour: `#` followed by 3 or 6 hex \
               digits.",
        why: "The mobile app paints the widget's card with this colour; the documentation and \
              the official scaffolder give it as a HEX value (`#5F43CF`), and a colour name, an \
              `rgb()` value or a value without `#` is not that.",
        bad: "\"mobile\": { \"frame_url\": \"https://order-sync.dev/m\", \"color\": \"purple\" }",
        good: "\"mobile\": { \"frame_url\": \"https://order-sync.dev/m\", \"color\": \"#5F43CF\" }",
        fix: "Write the colour as `#RRGGBB` (or the short `#RGB`).",
        sources: &["K-MANIFEST", "G-KOMMO-CLI"],
        uncertain: Some(
            "The documentation says \"HEX\" without a grammar; amolint accepts `#RGB` and \
             `#RRGGBB`, the two forms every HEX parser takes.",
        ),
    },
    options: &[],
};

impl Rule for MobileColor {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let Some(node) = manifest.get("mobile").and_then(|m| m.get("color")) else {
            return;
        };
        // MAN003 leaves this field's type to this rule.
        let Some(value) = node.as_str() else {
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`mobile.color` is {}, expected a colour string such as \"#5F43CF\"",
                        node.describe()
                    ),
                )
                .at(MANIFEST_FILE, node, "/mobile/color")
                .help("write the colour as a quoted \"#RRGGBB\" string"),
            );
            return;
        };
        if is_hex_color(value) {
            return;
        }
        let help = if is_hex_color(&format!("#{value}")) {
            format!("add the leading `#`: \"#{value}\"")
        } else if let Some(rgb) = value.get(..7).filter(|rgb| {
            value.len() == 9
                && is_hex_color(rgb)
                && value.bytes().skip(7).all(|b| b.is_ascii_hexdigit())
        }) {
            format!("drop the alpha channel: \"{rgb}\"")
        } else {
            "write the colour as \"#RRGGBB\", e.g. \"#5F43CF\"".to_string()
        };
        out.report(
            Finding::new(
                &META,
                format!("`mobile.color` is \"{value}\", not a `#RGB` or `#RRGGBB` colour"),
            )
            .at(MANIFEST_FILE, node, "/mobile/color")
            .help(help),
        );
    }
}

fn is_hex_color(value: &str) -> bool {
    value.strip_prefix('#').is_some_and(|hex| {
        (hex.len() == 3 || hex.len() == 6) && hex.chars().all(|c| c.is_ascii_hexdigit())
    })
}
