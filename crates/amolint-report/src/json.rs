//! The JSON report (`--format json`): one document with stable field names, as `design.md`
//! specifies. Written as the widgets arrive (one widget object per line inside `widgets`), so a
//! run over thousands of widgets never holds them all.

use crate::{Renderer, Summary, without_snippets};
use amolint_core::WidgetReport;
use std::io::{self, Write};

#[derive(Default)]
pub struct JsonRenderer {
    started: bool,
    widgets: usize,
}

impl JsonRenderer {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            let tool = serde_json::json!({"name": "amolint", "version": env!("CARGO_PKG_VERSION")});
            write!(out, "{{\n  \"tool\": {tool},\n  \"widgets\": [")?;
        }
        Ok(())
    }
}

impl Renderer for JsonRenderer {
    fn widget(&mut self, out: &mut dyn Write, report: WidgetReport) -> io::Result<()> {
        self.start(out)?;
        let separator = if self.widgets == 0 { "\n" } else { ",\n" };
        self.widgets += 1;
        write!(out, "{separator}    ")?;
        serde_json::to_writer(&mut *out, &without_snippets(report)).map_err(io::Error::other)
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        self.start(out)?;
        let close = if self.widgets == 0 { "]" } else { "\n  ]" };
        let summary = serde_json::to_string(summary).map_err(io::Error::other)?;
        writeln!(out, "{close},\n  \"summary\": {summary}\n}}")
    }
}
