//! Renderers: the widget reports of a run turned into text for a terminal, or the JSON report.
//!
//! Owns every output format and nothing else: renderers read [`WidgetReport`]s and write bytes.
//! They must not run rules, read widgets or decide exit codes. Streaming formats (text) write
//! each widget as it arrives; document formats (JSON) keep the reports and write at the end.

mod json;
mod text;

pub use json::JsonRenderer;
pub use text::TextRenderer;

use amolint_core::{Severity, WidgetReport};
use std::io::{self, Write};

/// Totals over a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub widgets: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn add(&mut self, report: &WidgetReport) {
        self.widgets += 1;
        self.errors += report.count(Severity::Error);
        self.warnings += report.count(Severity::Warning);
        self.infos += report.count(Severity::Info);
    }

    pub fn worst(&self) -> Option<Severity> {
        if self.errors > 0 {
            Some(Severity::Error)
        } else if self.warnings > 0 {
            Some(Severity::Warning)
        } else if self.infos > 0 {
            Some(Severity::Info)
        } else {
            None
        }
    }
}

/// An output format.
pub trait Renderer {
    /// Called once per widget, in the run's deterministic order.
    fn widget(&mut self, out: &mut dyn Write, report: &WidgetReport) -> io::Result<()>;
    /// Called once at the end.
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}
