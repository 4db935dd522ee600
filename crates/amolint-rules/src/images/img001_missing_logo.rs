//! IMG001 missing-logo: a logo the widget needs is not in `images/`.

use amolint_core::format::{Area, LOGOS, Logo, split_location};
use amolint_core::manifest::{Located, MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::source::EntryKind;
use amolint_core::widget::Widget;

pub struct MissingLogo;

pub static META: RuleMeta = RuleMeta {
    code: "IMG001",
    name: "missing-logo",
    pack: "images",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a required logo is missing from `images/`",
    docs: RuleDocs {
        what: "Checks that `images/` holds the logos the widget needs: `logo_main.png`, \
               `logo_small.png` and `logo.png` always; `logo_medium.png` and `logo_min.png` when \
               the widget uses a card or list area (`lcard`, `ccard`, `comcard`, `cucard`, \
               `llist`, `clist`, `tlist`, `culist`); `logo_dp.png` when it uses \
               `digital_pipeline`.",
        why: "The platform shows these files in the marketplace, the widget settings, the card \
              panel and the Digital Pipeline. Kommo lists all six as required files; amoCRM \
              requires `logo_main.png` and `logo_small.png` since November 2018 and the card \
              logos for widgets shown in cards. A missing logo means a broken image in the CRM \
              or a rejected upload.",
        bad: "images/\n  logo.png\n  logo_main.png\n(\"locations\": [\"lcard-1\"], but no logo_small.png, logo_medium.png, logo_min.png)",
        good: "images/\n  logo.png  logo_main.png  logo_small.png  logo_medium.png  logo_min.png",
        fix: "Add the missing PNG under exactly that name in `images/` (names are case-sensitive): \
              logo_main 400×272, logo_small 108×108, logo 130×100, logo_medium 240×84, \
              logo_min 84×84, logo_dp 174×109.",
        sources: &["A-STRUCT", "A-STRUCT-UA", "K-IMAGES", "K-STRUCT", "K-LOC"],
        uncertain: Some(
            "amoCRM describes `logo.png` as needed \"for older versions of the interface\"; \
             Kommo requires it outright. amolint requires it on both platforms.",
        ),
    },
    options: &[],
};

/// Why a logo is needed.
enum Need<'a> {
    Always,
    /// A `locations` entry that needs it, with its index.
    Area(usize, Located<'a>),
}

impl Rule for MissingLogo {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let manifest = Manifest::of(cx.widget);
        for (logo, need) in missing(cx.widget, manifest.as_ref()) {
            out.report(finding(cx.widget, logo, &need));
        }
    }
}

/// The logos this rule reports missing. TOUR004 asks, so that a logo that is also listed as a
/// tour image is reported once, here.
pub(crate) fn missing_logo_files(widget: &Widget<'_>) -> Vec<&'static str> {
    let manifest = Manifest::of(widget);
    missing(widget, manifest.as_ref())
        .into_iter()
        .map(|(logo, _)| logo.file)
        .collect()
}

/// The logos the widget needs and lacks, each with why it needs it.
fn missing<'m>(
    widget: &Widget<'_>,
    manifest: Option<&'m Manifest>,
) -> Vec<(&'static Logo, Need<'m>)> {
    // Without a manifest this is not recognisably a widget (ARC003 says so); an invalid
    // manifest still leaves the unconditional logos to check.
    if !widget.has_file(MANIFEST_FILE) {
        return Vec::new();
    }
    let locations = manifest.map(Manifest::locations).unwrap_or_default();
    let first_area = |wanted: &dyn Fn(&Area) -> bool| {
        locations.iter().find_map(|(i, l)| {
            Area::find(split_location(l.value).0)
                .or_else(|| Area::find(l.value))
                .filter(|a| wanted(a))
                .map(|_| (*i, *l))
        })
    };
    let mut out = Vec::new();
    for logo in &LOGOS {
        let need = match logo.file {
            "images/logo_medium.png" | "images/logo_min.png" => {
                match first_area(&|a: &Area| a.is_card_or_list()) {
                    Some((i, l)) => Need::Area(i, l),
                    None => continue,
                }
            }
            "images/logo_dp.png" => match first_area(&|a: &Area| a.code == "digital_pipeline") {
                Some((i, l)) => Need::Area(i, l),
                None => continue,
            },
            _ => Need::Always,
        };
        match widget.entry(logo.file).map(|e| &e.kind) {
            Some(EntryKind::File) => continue,
            // A symlink is ARC010's finding.
            Some(EntryKind::Symlink { .. }) => continue,
            _ => {}
        }
        out.push((logo, need));
    }
    out
}

fn finding(widget: &Widget<'_>, logo: &Logo, need: &Need<'_>) -> Finding {
    let size = format!("{}×{}", logo.width, logo.height);
    let finding = match need {
        Need::Always => Finding::new(
            &META,
            format!(
                "`{}` is missing: every widget needs this {size} logo",
                logo.file
            ),
        )
        .file(logo.file),
        Need::Area(i, location) => Finding::new(
            &META,
            format!(
                "`{}` is missing: the location `{}` needs this {size} logo",
                logo.file, location.value
            ),
        )
        .at(MANIFEST_FILE, location.node, format!("/locations/{i}")),
    };
    finding.help(match near_miss(widget, logo) {
        Some(found) => format!(
            "`{found}` looks like this logo: the platform loads exactly `{}`, so move or \
             convert it (a PNG of {size} pixels)",
            logo.file
        ),
        None => format!("add a PNG of {size} pixels named `{}`", logo.file),
    })
}

/// A file that is probably the logo under another name: same stem in another case, with
/// another extension, or in another folder (`logo_main.PNG`, `logo_main.jpg`, `img/logo_main.png`).
fn near_miss<'w>(widget: &'w Widget<'_>, logo: &Logo) -> Option<&'w str> {
    let stem = |path: &str| -> String {
        let name = path.rsplit('/').next().unwrap_or(path);
        name.rsplit_once('.')
            .map_or(name, |(stem, _)| stem)
            .to_ascii_lowercase()
    };
    let wanted = stem(logo.file);
    widget
        .files()
        .iter()
        .filter(|e| e.kind == EntryKind::File && e.path != logo.file)
        .find(|e| stem(&e.path) == wanted && !e.path.starts_with("__MACOSX/"))
        .map(|e| e.path.as_str())
}
