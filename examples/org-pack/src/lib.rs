//! An example organisation rule pack for amolint, built on the `amolint-plugin` SDK: the Rust
//! walk-through of `docs/org-packs.md`, built as a cdylib and loaded by `tests/org_packs.rs`.
//!
//! It owns nothing but its two rules; it must not assume anything about amolint beyond ABI v1.

use amolint_plugin::{CheckInput, Pack, PackDiagnostic, PackFix, PackInfo, RuleInfo, export_pack};

struct AcmePack;

impl Pack for AcmePack {
    fn info(&self) -> PackInfo {
        PackInfo {
            name: "acme".into(),
            version: "1.0.0".into(),
            rules: vec![
                RuleInfo {
                    code: "ACME001".into(),
                    name: "no-secret-key".into(),
                    severity: "error".into(),
                    summary: "manifest.json must not carry widget.secret_key".into(),
                    docs: "The secret key belongs on the integration's server, never in a \
                           widget that every account downloads. Remove widget.secret_key."
                        .into(),
                },
                RuleInfo {
                    code: "ACME002".into(),
                    name: "required-locales".into(),
                    severity: "warning".into(),
                    summary: "every locale the organisation ships must have an i18n file".into(),
                    docs: "Option `locales` (default [\"en\"]) lists the i18n files every \
                           widget of the organisation must have."
                        .into(),
                },
            ],
        }
    }

    fn check(&self, input: &CheckInput) -> Result<Vec<PackDiagnostic>, String> {
        let mut found = Vec::new();
        if input.manifest.pointer("/widget/secret_key").is_some() {
            found.push(
                PackDiagnostic::new(
                    "ACME001",
                    "widget.secret_key ships the integration's secret",
                )
                .at("manifest.json", "/widget/secret_key")
                // Unsafe: an old integration may still need its key to be updated.
                .fix(PackFix::unsafe_("remove widget.secret_key").remove("/widget/secret_key")),
            );
        }
        let wanted: Vec<&str> = match input.options.get("locales") {
            Some(list) => list
                .as_array()
                .ok_or("option `locales` must be a list of locale codes")?
                .iter()
                .filter_map(serde_json::Value::as_str)
                .collect(),
            None => vec!["en"],
        };
        for locale in wanted {
            if !input.locales.contains_key(locale) {
                found.push(PackDiagnostic::new(
                    "ACME002",
                    format!("i18n/{locale}.json is missing; every ACME widget ships it"),
                ));
            }
        }
        Ok(found)
    }
}

export_pack!(AcmePack);
