//! IMG005 corrupt-image: an image whose header cannot be read.

use super::{logo, raster_images};
use amolint_core::image::Probe;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;

pub struct CorruptImage;

pub static META: RuleMeta = RuleMeta {
    code: "IMG005",
    name: "corrupt-image",
    pack: "images",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "an image's header cannot be read: empty, truncated or not an image",
    docs: RuleDocs {
        what: "Reads the header of every raster image in `images/` (`.png`, `.jpg`, `.gif`, \
               `.webp`, …): the file must not be empty, must start with an image signature, and \
               its header must hold a valid pixel size.",
        why: "A file that is not a readable image shows as a broken image wherever the platform \
              or the widget uses it; a broken logo fails the upload or moderation. Typical causes \
              are a Git LFS pointer committed instead of the image, an empty placeholder, a file \
              cut short while copying, or line endings rewritten by a text-mode transfer.",
        bad: "images/logo.png   0 bytes\nimages/logo_main.png   \"version https://git-lfs.github.com/spec/v1 …\"",
        good: "images/logo.png   a 130×100 PNG",
        fix: "Replace the file with the real image, exported again from the source artwork. For \
              Git LFS, run `git lfs pull` before packing the widget.",
        sources: &["A-STRUCT", "K-IMAGES"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for CorruptImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        for (entry, named) in raster_images(cx.widget) {
            let path = entry.path.as_str();
            let kind = if logo(path).is_some() {
                "logo"
            } else {
                "image"
            };
            let (message, help) = match cx.widget.image(path) {
                Ok(Probe::Image { .. }) => continue,
                Ok(Probe::Empty) => (
                    format!("`{path}` is empty (0 bytes), not a {}", named.name()),
                    format!("replace it with the real {kind}"),
                ),
                Ok(Probe::Truncated { format }) => (
                    format!(
                        "`{path}` is cut off: it starts as a {} but ends ({} bytes) before its header does",
                        format.name(),
                        entry.size
                    ),
                    format!(
                        "the file was damaged while copying or packing; export the {kind} again"
                    ),
                ),
                Ok(Probe::Invalid { format, reason }) => (
                    format!(
                        "`{path}` is not a valid {}: its header {reason}",
                        format.name()
                    ),
                    format!("export the {kind} again from the source artwork"),
                ),
                Ok(Probe::NotAnImage { looks_like }) => {
                    let message = match looks_like {
                        Some(what) => format!(
                            "`{path}` is not an image: it is {what}, where a {} was expected",
                            named.name()
                        ),
                        None => format!(
                            "`{path}` is not an image: its first bytes match no image format"
                        ),
                    };
                    let help = if looks_like.is_some_and(|w| w.contains("Git LFS")) {
                        "run `git lfs pull` to fetch the real image, then pack the widget again"
                            .to_string()
                    } else {
                        format!("replace it with the real {kind}")
                    };
                    (message, help)
                }
                // Missing, not a regular file, over a limit, or unreadable (an encrypted,
                // unsupported or corrupt entry, an I/O error): ARC001, ARC008 or AMO000 say so
                // once for every file; a second finding here would repeat them.
                Err(_) => continue,
            };
            out.report(Finding::new(&META, message).file(path).help(help));
        }
    }
}
