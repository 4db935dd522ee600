//! The JSON report (`--format json`): one document with stable field names, as
//! `design.md` specifies.

use crate::{Renderer, Summary};
use amolint_core::WidgetReport;
use serde::Serialize;
use std::io::{self, Write};

/// Keeps every widget report and writes the document at the end.
#[derive(Default)]
pub struct JsonRenderer {
    widgets: Vec<WidgetReport>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Document<'a> {
    tool: Tool,
    widgets: &'a [WidgetReport],
    summary: &'a Summary,
}

impl Renderer for JsonRenderer {
    fn widget(&mut self, _out: &mut dyn Write, report: &WidgetReport) -> io::Result<()> {
        self.widgets.push(report.clone());
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let document = Document {
            tool: Tool {
                name: "amolint",
                version: env!("CARGO_PKG_VERSION"),
            },
            widgets: &self.widgets,
            summary,
        };
        serde_json::to_writer_pretty(&mut *out, &document).map_err(io::Error::other)?;
        writeln!(out)
    }
}
