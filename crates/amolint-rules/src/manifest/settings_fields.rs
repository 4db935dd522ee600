//! The two settings blocks as the SET rules judge them: `settings` and `dp.settings`, their
//! fields, and each field's `type` string.
//!
//! Shared by SET001..SET005 so that they name blocks and fields the same way in messages. Reports
//! nothing itself; shapes that are not what the documentation shows are SET002's, and the other
//! SET rules skip them.

use amolint_core::json::Node;
use amolint_core::manifest::{Field, Manifest};

/// `settings` or `dp.settings`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    Settings,
    DpSettings,
}

pub const BLOCKS: [Block; 2] = [Block::Settings, Block::DpSettings];

impl Block {
    /// The dotted name messages use.
    pub fn label(self) -> &'static str {
        match self {
            Block::Settings => "settings",
            Block::DpSettings => "dp.settings",
        }
    }

    pub fn pointer(self) -> &'static str {
        match self {
            Block::Settings => "/settings",
            Block::DpSettings => "/dp/settings",
        }
    }

    /// The block's value, whatever its type; `dp.settings` only when `dp` is an object (a `dp`
    /// of another type is MAN003's).
    pub fn node(self, manifest: &Manifest) -> Option<&Node> {
        match self {
            Block::Settings => manifest.get("settings"),
            Block::DpSettings => manifest
                .get("dp")
                .filter(|dp| dp.as_object().is_some())
                .and_then(|dp| dp.get("settings")),
        }
    }

    /// The fields, when the block is an object.
    pub fn fields(self, manifest: &Manifest) -> Vec<Field<'_>> {
        match self {
            Block::Settings => manifest.fields(None),
            Block::DpSettings => manifest.fields(Some("dp")),
        }
    }

    /// `settings.login`.
    pub fn field_label(self, field: &Field<'_>) -> String {
        format!("{}.{}", self.label(), field.code)
    }
}

/// A field's `type` when it is a string, with its node and pointer.
pub fn field_type<'a>(field: &Field<'a>) -> Option<(&'a str, &'a Node, String)> {
    let node = field.node.get("type")?;
    Some((node.as_str()?, node, format!("{}/type", field.pointer)))
}
