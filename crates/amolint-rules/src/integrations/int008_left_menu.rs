//! INT008 left-menu: the `left_menu` block is malformed or lacks its `widget_page` location.

use super::at_key;
use super::int002_orphan_block::has_own_item;
use amolint_core::format::LEFT_MENU_SECTIONS;
use amolint_core::json::{Member, Node, pointer_push};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{Error, Warning};
use amolint_core::suggest::nearest;

pub struct LeftMenu;

pub static META: RuleMeta = RuleMeta {
    code: "INT008",
    name: "left-menu",
    pack: "integrations",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "`left_menu` is malformed or its own items lack the `widget_page` location",
    docs: RuleDocs {
        what: "Checks the `left_menu` block: an item of the widget's own needs `widget_page` in \
               `locations` and a `title`; `sort.after` must name a system section (`dashboard`, \
               `leads`, `customers`, `tasks`, `catalogs`, `mail`, `stats`, `settings`); the \
               `settings` section cannot be hidden; every submenu item needs a `title`, and its \
               `sort` must be an integer. An item takes only `title`, `icon`, `sort`, `submenu` \
               and `is_hidden`, a submenu item only `title` and `sort`: another key is a \
               warning, with the known key it most likely means (`icons` → `icon`).",
        why: "The platform adds a left-menu item only for a widget that declares `widget_page`, \
              titles it from the i18n key in `title`, and places it after the section named in \
              `sort.after`; submenus are ordered by their integer `sort`. A wrong value leaves the \
              item out, untitled or misplaced, and a key the platform does not know is ignored: \
              `\"icons\": {\"light\": …, \"dark\": …}` gives the item no icon at all.",
        bad: "\"left_menu\": { \"reports\": { \"icon\": \"images/menu.svg\", \"sort\": { \"after\": \"deals\" } } }",
        good: "\"left_menu\": { \"reports\": { \"title\": \"menu.reports\", \"icon\": \"images/menu.svg\", \"sort\": { \"after\": \"leads\" } } }",
        fix: "Add \"widget_page\" to `locations`, give every item and submenu item a `title` i18n \
              key, use one of the system section codes in `sort.after`, and integers for submenu \
              `sort`.",
        sources: &["A-LEFTMENU", "K-LEFTMENU", "K-LOC", "decision 16"],
        uncertain: Some(
            "Kommo's list of system sections for `sort.after` and `is_hidden` was not retrieved in \
             full; amolint assumes it is amoCRM's. Neither platform says that other keys are \
             refused; both document only these, so another key is a warning, not an error.",
        ),
    },
    options: &[],
};

impl Rule for LeftMenu {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let Some(menu) = manifest.root().member("left_menu") else {
            return;
        };
        // `left_menu` of the wrong type is MAN003's.
        let Some(items) = menu.value.as_object() else {
            return;
        };
        let has_locations = manifest.get("locations").and_then(Node::as_array).is_some();
        if has_locations && !manifest.uses_area("widget_page") && has_own_item(&menu.value) {
            let own: Vec<String> = items
                .iter()
                .filter(|m| !LEFT_MENU_SECTIONS.contains(&m.key.as_str()))
                .map(|m| format!("`{}`", m.key))
                .collect();
            out.report(
                at_key(
                    &META,
                    format!(
                        "`left_menu` adds {} {}, but `widget_page` is not in `locations`: the platform will not show it",
                        if own.len() == 1 { "the item" } else { "the items" },
                        own.join(", ")
                    ),
                    menu,
                    "/left_menu",
                )
                .help("add \"widget_page\" to `locations`"),
            );
        }
        for item in items {
            let pointer = pointer_push("/left_menu", &item.key);
            // MAN003 leaves the items' types to this rule.
            if item.value.as_object().is_none() {
                report_not_object(
                    &item.value,
                    &format!("left_menu.{}", item.key),
                    &pointer,
                    ITEM,
                    out,
                );
                continue;
            }
            check_keys(
                item,
                &pointer,
                &format!("left-menu item `{}`", item.key),
                &ITEM_KEYS,
                out,
            );
            if LEFT_MENU_SECTIONS.contains(&item.key.as_str()) {
                if item.key == "settings"
                    && let Some(hidden) = item.value.get("is_hidden")
                    && hidden.as_bool() != Some(false)
                {
                    out.report(
                        Finding::new(
                            &META,
                            "`left_menu.settings.is_hidden`: the Settings section cannot be hidden"
                                .to_string(),
                        )
                        .at(MANIFEST_FILE, hidden, pointer_push(&pointer, "is_hidden"))
                        .help("remove `is_hidden` from `left_menu.settings`"),
                    );
                }
            } else {
                check_title(
                    item,
                    &pointer,
                    &format!("left-menu item `{}`", item.key),
                    out,
                );
                check_sort_after(item, &pointer, out);
            }
            check_submenu(item, &pointer, out);
        }
    }
}

/// The keys a left-menu item takes. Source: A-LEFTMENU, K-LEFTMENU.
const ITEM_KEYS: [&str; 5] = ["title", "icon", "sort", "submenu", "is_hidden"];
/// The keys a submenu item takes. Source: A-LEFTMENU, K-LEFTMENU.
const SUB_ITEM_KEYS: [&str; 2] = ["title", "sort"];

/// Reports the keys of `item` that the platform does not read, a warning each.
fn check_keys(item: &Member, pointer: &str, what: &str, known: &[&str], out: &mut Sink) {
    for member in item.value.as_object().unwrap_or_default() {
        let key = member.key.as_str();
        if known.contains(&key) {
            continue;
        }
        let help = match nearest(key, known.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("remove it: {what} takes only {}", known.join(", ")),
        };
        out.report(
            at_key(
                &META,
                format!("{what} has the key `{key}`, which the platform does not read"),
                member,
                &pointer_push(pointer, key),
            )
            .severity(Warning)
            .help(help),
        );
    }
}

fn check_title(item: &Member, pointer: &str, what: &str, out: &mut Sink) {
    match item.value.get("title") {
        None => out.report(
            at_key(&META, format!("{what} has no `title`"), item, pointer)
                .help("add \"title\": the i18n key of the item's name, e.g. \"menu.title\""),
        ),
        Some(title) if title.as_str().is_none() => out.report(
            Finding::new(
                &META,
                format!(
                    "the `title` of {what} is {}, not a string (an i18n key)",
                    title.describe()
                ),
            )
            .at(MANIFEST_FILE, title, pointer_push(pointer, "title"))
            .help("write the i18n key of the item's name as a string"),
        ),
        Some(_) => {}
    }
}

fn check_sort_after(item: &Member, pointer: &str, out: &mut Sink) {
    let Some(sort) = item.value.get("sort") else {
        return;
    };
    let sort_pointer = pointer_push(pointer, "sort");
    if sort.as_object().is_none() {
        out.report(
            Finding::new(
                &META,
                format!(
                    "`left_menu.{}.sort` is {}; an item's `sort` is an object such as {{\"after\": \"leads\"}}",
                    item.key,
                    sort.describe()
                ),
            )
            .at(MANIFEST_FILE, sort, sort_pointer)
            .help("write \"sort\": {\"after\": \"<section>\"} with a system section code"),
        );
        return;
    }
    let Some(after) = sort.get("after") else {
        return;
    };
    let value = after.as_str();
    if value.is_some_and(|v| LEFT_MENU_SECTIONS.contains(&v)) {
        return;
    }
    let shown = value.map_or_else(|| after.describe(), |v| format!("`{v}`"));
    let help = match value.and_then(|v| nearest(v, LEFT_MENU_SECTIONS)) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("use one of: {}", LEFT_MENU_SECTIONS.join(", ")),
    };
    out.report(
        Finding::new(
            &META,
            format!(
                "`left_menu.{}.sort.after` is {shown}, not a system section of the left menu",
                item.key
            ),
        )
        .at(MANIFEST_FILE, after, pointer_push(&sort_pointer, "after"))
        .help(help),
    );
}

fn check_submenu(item: &Member, pointer: &str, out: &mut Sink) {
    let Some(submenu) = item.value.get("submenu") else {
        return;
    };
    let base = pointer_push(pointer, "submenu");
    let Some(subs) = submenu.as_object() else {
        report_not_object(
            submenu,
            &format!("left_menu.{}.submenu", item.key),
            &base,
            SUBMENU,
            out,
        );
        return;
    };
    for sub in subs {
        let sub_pointer = pointer_push(&base, &sub.key);
        if sub.value.as_object().is_none() {
            report_not_object(
                &sub.value,
                &format!("left_menu.{}.submenu.{}", item.key, sub.key),
                &sub_pointer,
                SUB_ITEM,
                out,
            );
            continue;
        }
        let what = format!("submenu item `{}` of `{}`", sub.key, item.key);
        check_keys(sub, &sub_pointer, &what, &SUB_ITEM_KEYS, out);
        check_title(sub, &sub_pointer, &what, out);
        if let Some(sort) = sub.value.get("sort")
            && sort.as_number().and_then(|n| n.as_i64()).is_none()
        {
            let shown = sort.describe();
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`left_menu.{}.submenu.{}.sort` is {shown}; a submenu `sort` must be an integer",
                        item.key, sub.key
                    ),
                )
                .at(MANIFEST_FILE, sort, pointer_push(&sub_pointer, "sort"))
                .help("write the position as a whole number without quotes, e.g. \"sort\": 1"),
            );
        }
    }
}

const ITEM: &str = r#"{"title": "menu.title", "icon": "images/icon.svg"}"#;
const SUBMENU: &str = r#"{"sub_code": {"title": "menu.sub_title", "sort": 1}}"#;
const SUB_ITEM: &str = r#"{"title": "menu.sub_title", "sort": 1}"#;

fn report_not_object(node: &Node, path: &str, pointer: &str, example: &str, out: &mut Sink) {
    let help = match node.as_str() {
        // A bare i18n key where the item belongs: it was meant as the title.
        Some(key) if example != SUBMENU => {
            format!("write it as an object: {{\"title\": \"{key}\"}}")
        }
        _ => format!("write it as an object, e.g. {example}"),
    };
    out.report(
        Finding::new(
            &META,
            format!("`{path}` is {}, expected an object", node.describe()),
        )
        .at(MANIFEST_FILE, node, pointer)
        .help(help),
    );
}
