//! What the MAN rules share about where manifest keys belong: the fields MAN001/MAN002 require,
//! the objects whose keys the documentation fixes, and the "stand-in" lookup (a misspelt or
//! misplaced key written instead of a missing required one).
//!
//! MAN001/MAN002 name a stand-in in their help and MAN007 stays quiet about it, so a `"nmae"`
//! written for `"name"` is one finding, not a missing field plus an unknown key. Both sides must
//! ask this module, never decide it on their own.

use amolint_core::format::{BLOCK_KEYS, TOP_LEVEL_KEYS, WIDGET_KEYS};
use amolint_core::json::{Member, Node, pointer_push};
use amolint_core::suggest::nearest;
use amolint_core::text::Span;

/// Required at the top level (`widget` is MAN001's, `locations` MAN002's). `tour` and `settings`
/// are required too, but TOUR001 and SET001 own them.
pub const REQUIRED_TOP: [&str; 2] = ["widget", "locations"];

/// Required in `widget` (MAN002). Source: K-MANIFEST.
pub const REQUIRED_WIDGET: [&str; 6] = [
    "name",
    "description",
    "short_description",
    "interface_version",
    "locale",
    "installation",
];

/// An object of the manifest whose keys are fixed.
#[derive(Clone, Debug)]
pub struct Level {
    /// Keys leading from the root to the object (empty for the root).
    pub path: Vec<&'static str>,
    pub keys: &'static [&'static str],
    pub required: &'static [&'static str],
}

impl Level {
    pub fn pointer(&self) -> String {
        self.path
            .iter()
            .fold(String::new(), |p, k| pointer_push(&p, k))
    }

    /// `widget.support`; empty for the root.
    pub fn dotted(&self) -> String {
        self.path.join(".")
    }

    /// How a message names the object: "the top level of `manifest.json`", "`widget.support`".
    pub fn place(&self) -> String {
        if self.path.is_empty() {
            "the top level of `manifest.json`".to_string()
        } else {
            format!("`{}`", self.dotted())
        }
    }

    /// The object itself, when it exists and is an object.
    pub fn object<'a>(&self, root: &'a Node) -> Option<&'a Node> {
        object_at(root, &self.path)
    }

    /// The place with its preposition: "at the top level of `manifest.json`", "in `widget`".
    pub fn in_place(&self) -> String {
        if self.path.is_empty() {
            format!("at {}", self.place())
        } else {
            format!("in {}", self.place())
        }
    }

    /// The dotted name of `key` inside this object: `widget.name`, `locations`.
    pub fn field(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.dotted())
        }
    }
}

/// Every object with fixed keys: the root, `widget`, then the blocks of
/// [`BLOCK_KEYS`] (a block named like a `widget` key, i.e. `support`, lives inside `widget`).
pub fn levels() -> Vec<Level> {
    let mut levels = vec![
        Level {
            path: Vec::new(),
            keys: &TOP_LEVEL_KEYS,
            required: &REQUIRED_TOP,
        },
        Level {
            path: vec!["widget"],
            keys: &WIDGET_KEYS,
            required: &REQUIRED_WIDGET,
        },
    ];
    for (name, keys) in BLOCK_KEYS {
        let path = if WIDGET_KEYS.contains(&name) && !TOP_LEVEL_KEYS.contains(&name) {
            vec!["widget", name]
        } else {
            vec![name]
        };
        levels.push(Level {
            path,
            keys,
            required: &[],
        });
    }
    levels
}

/// The node at `path` below `root`, when every step and the node itself are objects.
pub fn object_at<'a>(root: &'a Node, path: &[&str]) -> Option<&'a Node> {
    let mut node = root;
    for key in path {
        node = node.get(key)?;
    }
    node.as_object().map(|_| node)
}

/// Where a finding about the object at `path` points: the key that opens it (`"widget"`), or
/// the root's opening brace.
pub fn anchor(root: &Node, path: &[&str]) -> Span {
    let Some((last, parents)) = path.split_last() else {
        return Span::new(root.span.start, root.span.start + 1);
    };
    object_at(root, parents)
        .and_then(|parent| parent.member(last))
        .map_or(Span::new(root.span.start, root.span.start + 1), |m| {
            m.key_span
        })
}

/// A key written in place of a missing required field.
pub enum StandIn<'a> {
    /// A key of the same object that looks like a misspelling of the field (`nmae`).
    Misspelt(&'a Member),
    /// The field itself, in another object whose keys do not include it (`locations` inside
    /// `widget`).
    Misplaced(&'a Member, Level),
}

impl StandIn<'_> {
    /// The fix, for a help line.
    pub fn help(&self, field: &str, home: &Level) -> String {
        match self {
            StandIn::Misspelt(m) => format!(
                "`{}` {} looks like a misspelling: rename it to `{field}`",
                m.key,
                home.in_place()
            ),
            StandIn::Misplaced(m, wrong) => format!(
                "`{}` is written {}: move it to {}",
                m.key,
                wrong.in_place(),
                home.place()
            ),
        }
    }
}

/// The key written instead of the required `field` of `level`, when `field` is absent there.
pub fn stand_in<'a>(
    root: &'a Node,
    levels: &[Level],
    level: &Level,
    field: &str,
) -> Option<StandIn<'a>> {
    let object = level.object(root)?;
    if object.get(field).is_some() {
        return None;
    }
    let misspelt: Vec<&Member> = object
        .as_object()?
        .iter()
        .filter(|m| {
            !level.keys.contains(&m.key.as_str())
                && nearest(&m.key, level.keys.iter().copied()) == Some(field)
        })
        .collect();
    // Of several candidates (`Locations` and `locaton`), the closest one is the stand-in.
    let closest = nearest(field, misspelt.iter().map(|m| m.key.as_str()))
        .and_then(|key| misspelt.iter().find(|m| m.key == key))
        .or(misspelt.first());
    if let Some(m) = closest {
        return Some(StandIn::Misspelt(m));
    }
    levels
        .iter()
        .filter(|other| other.path != level.path && !other.keys.contains(&field))
        .find_map(|other| {
            let member = other.object(root)?.member(field)?;
            Some(StandIn::Misplaced(member, other.clone()))
        })
}

/// True when `key`, an unknown key of `level`, is the stand-in of a missing required field:
/// MAN001 or MAN002 reports it, MAN007 stays quiet.
pub fn is_stand_in(root: &Node, levels: &[Level], level: &Level, key: &str) -> bool {
    levels.iter().any(|home| {
        home.required
            .iter()
            .any(|field| match stand_in(root, levels, home, field) {
                Some(StandIn::Misspelt(m)) => home.path == level.path && m.key == key,
                Some(StandIn::Misplaced(m, wrong)) => wrong.path == level.path && m.key == key,
                None => false,
            })
    })
}

/// The `i18n/<code>.json` files of the widget, as locale codes, sorted: what a missing or empty
/// `widget.locale` should most likely list.
pub fn locale_files(widget: &amolint_core::widget::Widget<'_>) -> Vec<String> {
    let mut codes: Vec<String> = widget
        .files()
        .iter()
        .filter(|e| e.kind == amolint_core::source::EntryKind::File)
        .filter_map(|e| e.path.strip_prefix("i18n/")?.strip_suffix(".json"))
        .filter(|code| !code.is_empty() && !code.contains('/'))
        .map(str::to_string)
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// `["en", "es"]` as JSON.
pub fn json_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    format!("[{}]", quoted.join(", "))
}
