//! IMG006 missing-referenced-file: the manifest names a file that is not in the widget.

use super::resolve;
use crate::integrations::{in_orphan_block, orphan_blocks};
use amolint_core::json::{Node, pointer_push};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::source::EntryKind;
use amolint_core::suggest::nearest;
use amolint_core::widget::Widget;

pub struct MissingReferencedFile;

pub static META: RuleMeta = RuleMeta {
    code: "IMG006",
    name: "missing-referenced-file",
    pack: "images",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a file the manifest names is not in the widget",
    docs: RuleDocs {
        what: "Checks that the files the manifest names exist in the widget: each \
               `left_menu.<item>.icon` and `salesbot_designer.logo`. A path is relative to the \
               widget root; a leading `/` and the served form `/widgets/<code>/…` resolve from \
               the widget root too. Tour images are checked by TOUR004; absolute URLs are not \
               checked, and neither are the files of a block the platform ignores because its \
               area is not in `locations` (INT002 reports the block).",
        why: "The platform serves these files from the uploaded archive: a path to a file that is \
              not there shows as a broken icon in the left menu or the Salesbot designer.",
        bad: "\"left_menu\": { \"reports\": { \"title\": \"menu.reports\", \"icon\": \"images/report.svg\" } }\n(no images/report.svg in the archive)",
        good: "\"left_menu\": { \"reports\": { \"title\": \"menu.reports\", \"icon\": \"images/reports.svg\" } }\n(images/reports.svg is in the archive)",
        fix: "Add the file to the widget, or correct the path (it is case-sensitive and relative to \
              the widget root, e.g. `images/icon.svg`).",
        sources: &[
            "A-LEFTMENU",
            "K-LEFTMENU",
            "A-SALESBOT",
            "K-MANIFEST",
            "decision 10",
        ],
        uncertain: None,
    },
    options: &[],
};

impl Rule for MissingReferencedFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        // A block without its area (INT002) is reported once, not again for its files.
        let orphans = orphan_blocks(&manifest);
        let live = |pointer: &str| !in_orphan_block(&orphans, pointer);
        if live("/left_menu")
            && let Some(items) = manifest.get("left_menu").and_then(Node::as_object)
        {
            for item in items {
                if let Some(icon) = item.value.get("icon") {
                    let pointer = pointer_push(&pointer_push("/left_menu", &item.key), "icon");
                    let name = format!("left_menu.{}.icon", item.key);
                    check_path(cx.widget, icon, &name, &pointer, out);
                }
            }
        }
        if live("/salesbot_designer")
            && let Some(logo) = manifest
                .get("salesbot_designer")
                .and_then(|s| s.get("logo"))
        {
            check_path(
                cx.widget,
                logo,
                "salesbot_designer.logo",
                "/salesbot_designer/logo",
                out,
            );
        }
    }
}

fn check_path(widget: &Widget<'_>, node: &Node, name: &str, pointer: &str, out: &mut Sink) {
    // MAN003 leaves these fields' types to the rules that use them.
    let Some(value) = node.as_str() else {
        out.report(
            Finding::new(
                &META,
                format!(
                    "`{name}` is {}, expected the path of a file in the widget",
                    node.describe()
                ),
            )
            .at(MANIFEST_FILE, node, pointer)
            .help(
                "write the path as a string relative to the widget root, e.g. \"images/icon.svg\"",
            ),
        );
        return;
    };
    if value.trim().is_empty() || is_url(value) {
        return;
    }
    let candidates = resolve(value);
    if candidates.iter().any(|p| widget.entry(p).is_some()) {
        return;
    }
    // The last reading is the one meant: the served form with its `/widgets/<code>` stripped.
    let Some(path) = candidates.last() else {
        return;
    };
    let help = match near_file(widget, path) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("add `{path}` to the widget, or correct the path"),
    };
    out.report(
        Finding::new(
            &META,
            format!("`{name}` names `{value}`, but the widget has no file `{path}`"),
        )
        .at(MANIFEST_FILE, node, pointer)
        .help(help),
    );
}

/// The widget file whose name is closest to the name of `path` (a typo, another case, the
/// same name in another folder), compared by file name so that a shared folder prefix does not
/// make unrelated files look alike.
fn near_file<'w>(widget: &'w Widget<'_>, path: &str) -> Option<&'w str> {
    let name_of = |p: &'w str| p.rsplit('/').next().unwrap_or(p);
    let files: Vec<&str> = widget
        .files()
        .iter()
        .filter(|e| e.kind == EntryKind::File)
        .map(|e| e.path.as_str())
        .collect();
    let wanted = path.rsplit('/').next().unwrap_or(path);
    if let Some(same) = files.iter().find(|f| name_of(f) == wanted) {
        return Some(same);
    }
    let near = nearest(wanted, files.iter().map(|f| name_of(f)))?;
    files.into_iter().find(|f| name_of(f) == near)
}

fn is_url(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    lower.starts_with("//") || lower.starts_with("data:") || lower.contains("://")
}

#[cfg(test)]
mod tests {
    use crate::images::resolve;

    #[test]
    fn resolves_from_the_widget_root() {
        assert_eq!(resolve("images/a.svg"), vec!["images/a.svg"]);
        assert_eq!(resolve("/images/a.svg"), vec!["images/a.svg"]);
        assert_eq!(resolve("./images//a.svg"), vec!["images/a.svg"]);
        assert_eq!(
            resolve("/widgets/my_widget/images/a.jpg"),
            vec!["widgets/my_widget/images/a.jpg", "images/a.jpg"]
        );
    }
}
