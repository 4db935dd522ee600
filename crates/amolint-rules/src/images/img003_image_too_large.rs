//! IMG003 image-too-large: a logo (or another file in `images/`) is over 300 KB.

use super::{images_dir_files, logo};
use amolint_core::format::IMAGE_MAX_BYTES;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{Error, Warning};
use amolint_core::widget::human_bytes;

pub struct ImageTooLarge;

pub static META: RuleMeta = RuleMeta {
    code: "IMG003",
    name: "image-too-large",
    pack: "images",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a logo is over 300 KB (a warning for other files in `images/`)",
    docs: RuleDocs {
        what: "Checks the byte size of every file in `images/`: a logo over 300 KB is an error, \
               any other file there over 300 KB a warning.",
        why: "Both platforms limit images to 300 KB per file. Logos over the limit are refused; \
              the other images (tour screenshots, icons) are loaded by every user of the widget \
              and fall under the same documented limit.",
        bad: "images/logo_main.png   1.2 MiB (an uncompressed 24-bit export)",
        good: "images/logo_main.png   38 KiB (optimised PNG)",
        fix: "Optimise the image (pngquant, oxipng, \"Export for web\"), use a palette for flat \
              artwork, or lower its pixel size; screenshots compress far better as PNG-8 or JPEG.",
        sources: &["A-STRUCT", "K-IMAGES", "decision 3"],
        uncertain: Some(
            "The documentation says \"300 KB\" without saying whether a KB is 1000 or 1024 bytes; \
             amolint takes the larger reading, 300 × 1024 = 307 200 bytes, so that it never \
             reports a file the platform accepts.",
        ),
    },
    options: &[],
};

impl Rule for ImageTooLarge {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        for entry in images_dir_files(cx.widget) {
            if entry.size <= IMAGE_MAX_BYTES {
                continue;
            }
            let is_logo = logo(&entry.path).is_some();
            let what = if is_logo { "logo" } else { "file" };
            let finding = Finding::new(
                &META,
                format!(
                    "`{}` is {} bytes ({}), over the 300 KB ({IMAGE_MAX_BYTES} bytes) limit for a {what} in `images/`",
                    entry.path,
                    entry.size,
                    human_bytes(entry.size)
                ),
            )
            .file(entry.path.as_str())
            .help(
                "optimise the image (pngquant, oxipng, \"export for web\") or reduce its pixel size",
            );
            out.report(if is_logo {
                finding
            } else {
                finding.severity(Warning)
            });
        }
    }
}
