//! IMG004 image-format: an image's content is not the format its name says, or a logo is in a
//! format the platform does not take.

use super::{images_dir_files, is_svg, logo, manifest_files};
use amolint_core::image::{ImageFormat, Probe};
use amolint_core::manifest::Manifest;
use amolint_core::platform::Platform;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{Error, Warning};

pub struct ImageFormatRule;

pub static META: RuleMeta = RuleMeta {
    code: "IMG004",
    name: "image-format",
    pack: "images",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "an image's content does not match its extension, or a logo is in a format the platform does not take",
    docs: RuleDocs {
        what: "Reads the first bytes of every image in `images/` and checks that the content is \
               the format the extension names (a JPEG named `.png`, a PNG named `.svg`), and that \
               logos are in a format the platform takes: PNG on Kommo; PNG, JPEG or GIF on \
               amoCRM. Logo names end in `.png`, so a logo in any other format fails both ways. \
               An error for logos and for the files the manifest names (tour images, left-menu \
               icons, the Salesbot logo); a warning for any other file under `images/`, which \
               may not be used at all.",
        why: "Files are served with the type their extension names. Kommo takes logos only as \
              PNG; an SVG that is really a PNG is parsed as SVG by the browser and shows as a \
              broken image; tools and checks that trust the name fail on the rest. Renaming a \
              file does not convert it.",
        bad: "images/logo.png     JPEG data (FF D8 FF …)\nimages/home_page.svg  PNG data",
        good: "images/logo.png     PNG data (89 50 4E 47 …)\nimages/home_page.png  PNG data",
        fix: "Re-export the image in the format its name says (File → Export as PNG), or, for an \
              image other than a logo, rename it to match its content and update every reference \
              (manifest, CSS, script).",
        sources: &[
            "A-STRUCT",
            "K-IMAGES",
            "K-STRUCT",
            "decision 3",
            "decision 13",
        ],
        uncertain: Some(
            "Whether the platforms check image content at upload is not documented. The format \
             lists (Kommo: PNG; amoCRM: png, jpeg, jpg, gif) are stated for the logos, and Kommo's \
             own example widget ships JPEG tour images, so amolint applies them to logos only and \
             checks the other images only for content that contradicts the extension. SVG files \
             are text and are only checked for not being a raster image in disguise. A stray \
             file that nothing in the manifest names may be used by the script or by nothing at \
             all, so a mismatch there is a warning.",
        ),
    },
    options: &[],
};

impl Rule for ImageFormatRule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let platform = cx.platform();
        let named_by_manifest = Manifest::of(cx.widget)
            .map(|m| manifest_files(&m))
            .unwrap_or_default();
        for entry in images_dir_files(cx.widget) {
            let path = entry.path.as_str();
            let named = ImageFormat::from_extension(path);
            let svg = is_svg(path);
            if named.is_none() && !svg {
                continue;
            }
            // Unreadable and corrupt headers are IMG005's (SVG text is never "corrupt").
            let Ok(Probe::Image { format, .. }) = cx.widget.image(path) else {
                continue;
            };
            if named == Some(format) {
                continue;
            }
            let said = if svg {
                "SVG".to_string()
            } else {
                named.map_or("", ImageFormat::name).to_string()
            };
            let mut message = format!(
                "`{path}` holds a {} image, not the {said} its name says",
                format.name()
            );
            let help = if logo(path).is_some() {
                if platform == Platform::Kommo {
                    message.push_str("; Kommo takes logos only as PNG");
                }
                "re-export the logo as a real PNG (renaming the file does not convert it)"
                    .to_string()
            } else {
                match (format.extension(), path.rsplit_once('.')) {
                    (Some(ext), Some((stem, _))) => format!(
                        "rename it to `{stem}.{ext}` and update every reference to it, or \
                         re-export it as a real {said}"
                    ),
                    _ => format!("re-export it as a real {said}"),
                }
            };
            let finding = Finding::new(&META, message).file(path).help(help);
            // Logos and the files the manifest names are shown by the platform; any other file
            // may be used by the script only, or by nothing.
            out.report(
                if logo(path).is_some() || named_by_manifest.contains(path) {
                    finding
                } else {
                    finding.severity(Warning)
                },
            );
        }
    }
}
