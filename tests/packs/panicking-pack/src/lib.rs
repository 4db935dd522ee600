//! A native rule pack whose check always panics: `tests/org_packs.rs` shows the SDK turns the
//! panic into a NULL answer and amolint into AMO001, with the built-in findings kept.

use amolint_plugin::{CheckInput, Pack, PackDiagnostic, PackInfo, RuleInfo, export_pack};

struct Panicking;

impl Pack for Panicking {
    fn info(&self) -> PackInfo {
        PackInfo {
            name: "panicky".into(),
            version: "0.1.0".into(),
            rules: vec![RuleInfo {
                code: "PANIC001".into(),
                name: "always-panics".into(),
                severity: "error".into(),
                summary: "panics on every widget".into(),
                docs: String::new(),
            }],
        }
    }

    fn check(&self, input: &CheckInput) -> Result<Vec<PackDiagnostic>, String> {
        panic!("the panicking pack met {}", input.widget.path)
    }
}

export_pack!(Panicking);
