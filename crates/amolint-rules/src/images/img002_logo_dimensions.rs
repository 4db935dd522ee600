//! IMG002 logo-dimensions: a logo's pixel size is not the documented one.

use amolint_core::format::LOGOS;
use amolint_core::image::{Dimensions, Probe};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;

pub struct LogoDimensions;

pub static META: RuleMeta = RuleMeta {
    code: "IMG002",
    name: "logo-dimensions",
    pack: "images",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "a logo's pixel size differs from the documented one",
    docs: RuleDocs {
        what: "Reads each logo's pixel size from its header and compares it with the documented \
               size: logo_main 400×272, logo_small 108×108, logo_medium 240×84, logo_min 84×84, \
               logo 130×100, logo_dp 174×109.",
        why: "The platform draws each logo in a box of that size. A logo of another size is \
              stretched, squeezed or blurred there, and a 1×1 placeholder shows as nothing at \
              all; moderators of public widgets check the logos.",
        bad: "images/logo_medium.png   120×42 pixels",
        good: "images/logo_medium.png   240×84 pixels",
        fix: "Export the logo again at exactly the documented size (keep the artwork's \
              proportions and pad with transparency rather than stretching it).",
        sources: &["A-STRUCT-UA", "K-IMAGES", "decision 3"],
        uncertain: Some(
            "Both platforms document the sizes but neither says that an upload with other sizes \
             is refused, so a wrong size is a warning (decision 3).",
        ),
    },
    options: &[],
};

impl Rule for LogoDimensions {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        for logo in &LOGOS {
            // Missing is IMG001's, unreadable headers IMG005's.
            let Ok(Probe::Image {
                size: Some(size), ..
            }) = cx.widget.image(logo.file)
            else {
                continue;
            };
            let expected = Dimensions {
                width: u64::from(logo.width),
                height: u64::from(logo.height),
            };
            if size == expected {
                continue;
            }
            let note = if size.width <= 1 && size.height <= 1 {
                " (a placeholder, not a logo)"
            } else if size.width * expected.height == size.height * expected.width {
                " (right proportions, wrong scale)"
            } else {
                ""
            };
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`{}` is {size} pixels{note}; the platform shows this logo at {expected}",
                        logo.file
                    ),
                )
                .file(logo.file)
                .help(format!("export the logo at exactly {expected} pixels")),
            );
        }
    }
}
