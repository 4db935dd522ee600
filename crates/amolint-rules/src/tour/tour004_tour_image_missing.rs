//! TOUR004 tour-image-missing: a listed tour image is not in the widget.

use super::tour_images;
use crate::images::missing_logo_files;
use amolint_core::json::{Node, pointer_push};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::widget::Widget;
use std::collections::HashMap;

pub struct TourImageMissing;

pub static META: RuleMeta = RuleMeta {
    code: "TOUR004",
    name: "tour-image-missing",
    pack: "tour",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a listed tour image is not in the widget",
    docs: RuleDocs {
        what: "Checks that every path in `tour.tour_images` names a file of the widget. Paths \
               start at the widget root: `/images/tour_1_en.png` is `images/tour_1_en.png` in \
               the archive. File names are case-sensitive. A path listed several times is \
               reported once, at its first occurrence; absolute `http(s)://` addresses are not \
               checked. A required logo listed as a tour image is left to IMG001, which reports \
               it missing once.",
        why: "The marketplace loads the tour slides from the uploaded archive; a missing file is \
              a broken image in the tour every user sees before installing.",
        bad: "\"tour_images\": { \"en\": [\"/images/tour_1_en.png\"] }   with no \
              images/tour_1_en.png in the archive",
        good: "the same manifest, with images/tour_1_en.png packed",
        fix: "Add the image to the archive at that path, or correct the path (mind the letter \
              case and the folder).",
        sources: &["K-MANIFEST", "A-SCRIPT", "A-STRUCT", "decision 10"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for TourImageMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let Some(images) = tour_images(&manifest) else {
            return;
        };
        // A logo listed as a tour image and missing is IMG001's one finding.
        let missing_logos = missing_logo_files(cx.widget);
        // (path as written, first item, its pointer, how many times listed)
        let mut missing: Vec<(&str, &Node, String, usize)> = Vec::new();
        let mut index_of: HashMap<&str, usize> = HashMap::new();
        // A repeated language counts once, as its last occurrence (ENC004 reports the repeat).
        for member in images.distinct_members() {
            let Some(items) = member.value.as_array() else {
                continue; // MAN003
            };
            let base = pointer_push("/tour/tour_images", &member.key);
            for (index, item) in items.iter().enumerate() {
                let Some(path) = item.as_str() else {
                    continue; // MAN003
                };
                if is_url(path)
                    || present(cx.widget, path)
                    || missing_logos.contains(&widget_path(path))
                {
                    continue;
                }
                match index_of.get(path).and_then(|&i| missing.get_mut(i)) {
                    Some(seen) => seen.3 += 1,
                    None => {
                        index_of.insert(path, missing.len());
                        missing.push((path, item, format!("{base}/{index}"), 1));
                    }
                }
            }
        }
        let files = FileIndex::new(cx.widget);
        for (path, item, pointer, times) in missing {
            let relative = widget_path(path);
            let times = if times > 1 {
                format!(" (listed {times} times)")
            } else {
                String::new()
            };
            let message = if relative.is_empty() {
                format!("`tour.tour_images` lists an empty path{times}")
            } else {
                format!("tour image `{path}` is not in the widget{times}")
            };
            out.report(
                Finding::new(&META, message)
                    .at(MANIFEST_FILE, item, pointer)
                    .help(help(&files, relative)),
            );
        }
    }
}

fn is_url(path: &str) -> bool {
    let lower = path.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// The path inside the widget: a leading `/` (the documented form) or `./` starts at the root.
fn widget_path(path: &str) -> &str {
    let path = path.strip_prefix('/').unwrap_or(path);
    path.strip_prefix("./").unwrap_or(path)
}

/// True when the path names something in the widget. A symlink or other special entry counts:
/// ARC010 and the read report judge those, not a missing file.
fn present(widget: &Widget<'_>, path: &str) -> bool {
    let relative = widget_path(path);
    !relative.is_empty() && widget.entry(relative).is_some()
}

/// The widget's files by lower-case path and by file name, to suggest what a wrong path meant.
struct FileIndex<'w> {
    by_folded_path: HashMap<String, &'w str>,
    by_name: HashMap<&'w str, &'w str>,
}

impl<'w> FileIndex<'w> {
    fn new(widget: &'w Widget<'_>) -> Self {
        let mut index = FileIndex {
            by_folded_path: HashMap::new(),
            by_name: HashMap::new(),
        };
        for entry in widget.files() {
            let path = entry.path.as_str();
            index
                .by_folded_path
                .entry(path.to_lowercase())
                .or_insert(path);
            let name = path.rsplit('/').next().unwrap_or(path);
            index.by_name.entry(name).or_insert(path);
        }
        index
    }
}

fn help(files: &FileIndex<'_>, relative: &str) -> String {
    if relative.is_empty() {
        return "remove the empty entry, or write the image's path from the widget root"
            .to_string();
    }
    if let Some(same) = files.by_folded_path.get(&relative.to_lowercase()) {
        return format!(
            "the widget has `{same}`: file names are case-sensitive, write \"/{same}\""
        );
    }
    let name = relative.rsplit('/').next().unwrap_or(relative);
    if let Some(moved) = files.by_name.get(name) {
        return format!("the widget has `{moved}`: write \"/{moved}\", or move the file");
    }
    format!(
        "add the image to the archive as `{relative}`, or correct the path (it starts at the \
         widget root)"
    )
}
