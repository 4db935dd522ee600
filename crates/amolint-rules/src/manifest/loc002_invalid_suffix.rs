//! LOC002 invalid-suffix: a `locations` suffix other than `-0`/`-1`, or a suffix on an area that
//! takes none.

use super::locations::entries;
use amolint_core::fix::{Edit, Fix, FixDocs};
use amolint_core::format::Area;
use amolint_core::json::edit::string_literal;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{Error, Warning};

pub struct InvalidSuffix;

pub static META: RuleMeta = RuleMeta {
    code: "LOC002",
    name: "invalid-suffix",
    pack: "manifest",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a `locations` suffix other than `-0`/`-1`, or a suffix on an area that takes none",
    docs: RuleDocs {
        what: "Checks the suffix after `-` in `locations` entries. Card and list areas (lcard \
               ccard comcard cucard llist clist tlist culist) take only `-0` or `-1`; \
               `everywhere` takes none (both errors). A suffix on any other area (`settings-1`, \
               `card_sdk-0`) is a warning.",
        why: "`-1` means the widget uses the right-hand panel of the card, `-0` that it is \
              loaded without a panel block; the platform knows no other value. The \
              documentation says `everywhere` must not carry a suffix, and never shows one on \
              the other areas, so such an entry may not be recognised at all.",
        bad: r#""locations": ["lcard-2", "everywhere-0", "settings-1"]"#,
        good: r#""locations": ["lcard-1", "everywhere", "settings"]"#,
        fix: "Use `-1` (right-hand panel) or `-0` (no panel block) on card and list areas, and \
              write every other area without a suffix.",
        sources: &["A-AREAS", "A-AREAS-EN", "K-LOC", "G-KOMMO-CLI"],
        uncertain: Some(
            "The documentation never says what the platform does with a suffix on an area other \
             than the card and list areas and `everywhere`: amolint reports it as a warning \
             rather than an error.",
        ),
    },
    options: &[],
};

/// The fix, where one entry is meant: the area without its suffix.
pub static FIX: FixDocs = FixDocs {
    safe: None,
    unsafe_: Some(
        "Writes an area that takes no suffix without one (`everywhere-0` → `everywhere`, \
         `settings-1` → `settings`). Unsafe: the platform may not have recognised the entry \
         before, so the widget may now appear where it did not. A card or list area with a \
         wrong suffix (`lcard-2`) gets no fix: `-0` and `-1` mean different things.",
    ),
};

/// Whether a suffix on `area` is only a warning: an area that takes none (the platform ignores
/// the suffix), except `everywhere`, where it is an error. The JSON Schema of the manifest
/// accepts what this allows.
pub fn suffix_only_warned(area: &Area) -> bool {
    !area.takes_suffix && area.code != "everywhere"
}

impl Rule for InvalidSuffix {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fix_docs(&self) -> Option<&'static FixDocs> {
        Some(&FIX)
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        for entry in entries(&manifest) {
            let (Some(area), Some(suffix)) = (entry.judged(), entry.suffix) else {
                continue;
            };
            // An area that takes no suffix has one right spelling; a card area has two.
            let bare = Fix::unsafe_(
                format!("replace `{}` with `{}`", entry.value, area.code),
                vec![Edit::replace(
                    MANIFEST_FILE,
                    entry.node.span,
                    string_literal(area.code),
                )],
            );
            let finding = if !area.takes_suffix && !suffix_only_warned(area) {
                Finding::new(
                    &META,
                    format!(
                        "`{}` in `locations`: the `everywhere` area takes no suffix",
                        entry.value
                    ),
                )
                .help("write `everywhere`")
                .fix(bare)
            } else if area.takes_suffix {
                if suffix == "0" || suffix == "1" {
                    continue;
                }
                let what = if suffix.is_empty() {
                    "ends in `-` with no suffix".to_string()
                } else {
                    format!("has the suffix `-{suffix}`")
                };
                Finding::new(
                    &META,
                    format!(
                        "`{}` in `locations` {what}; card and list areas take only `-0` or `-1`",
                        entry.value
                    ),
                )
                .help(format!(
                    "write `{0}-1` to use the right-hand panel or `{0}-0` to load the widget \
                     without a panel block",
                    area.code
                ))
            } else {
                Finding::new(
                    &META,
                    format!(
                        "`{}` in `locations`: the `{}` area takes no suffix (only card and list \
                         areas take `-0`/`-1`)",
                        entry.value, area.code
                    ),
                )
                .help(format!("write `{}`", area.code))
                .severity(Warning)
                .fix(bare)
            };
            out.report(finding.at(MANIFEST_FILE, entry.node, entry.pointer()));
        }
    }
}
