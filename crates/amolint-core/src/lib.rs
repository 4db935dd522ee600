//! The amolint model: widget sources (folder | zip), spanned JSON, the widget view, diagnostics,
//! severities, platforms, the rule model and registry, configuration, and the per-widget engine.
//!
//! This crate owns what a widget *is* and how one widget is checked. It must not contain rules
//! (`amolint-rules`), discover or schedule targets (`amolint-runner`) or format output
//! (`amolint-report`), and nothing in it touches the network.

pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod fix;
pub mod format;
pub mod hash;
pub mod image;
pub mod json;
pub mod manifest;
pub mod panic;
pub mod platform;
pub mod profile;
pub mod registry;
pub mod rule;
pub mod script;
pub mod severity;
pub mod source;
pub mod sources;
pub mod suggest;
pub mod text;
pub mod widget;

pub use diagnostic::{Diagnostic, WidgetReport};
pub use platform::Platform;
pub use severity::Severity;
