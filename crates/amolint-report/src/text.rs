//! Human output in the style of rustc (through `annotate-snippets`): per widget a header with
//! the platform and why, then each finding with its code, message, `file:line:column`, the marked
//! source line and a help line; a summary line at the end.

use crate::{Renderer, Summary};
use amolint_core::diagnostic::Diagnostic;
use amolint_core::{Severity, WidgetReport};
use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer as Annotate, Snippet};
use std::io::{self, Write};

pub struct TextRenderer {
    renderer: Annotate,
    /// Print a header for clean widgets too (off with `--quiet`).
    verbose: bool,
    color: bool,
}

impl TextRenderer {
    pub fn new(color: bool, verbose: bool) -> Self {
        let renderer = if color {
            Annotate::styled()
        } else {
            Annotate::plain()
        };
        TextRenderer {
            renderer: renderer.decor_style(DecorStyle::Ascii),
            verbose,
            color,
        }
    }

    fn render_diagnostic(&self, widget: &WidgetReport, d: &Diagnostic) -> String {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        let path = d.file.as_ref().map(|f| format!("{}/{}", widget.path, f));
        let title = level.primary_title(d.message.as_str()).id(d.code.as_str());
        let mut groups = Vec::new();
        let group = match (&path, &d.snippet) {
            (Some(path), Some(snippet)) => {
                let source = Snippet::source(snippet.text.as_str())
                    .line_start(snippet.first_line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(marked_range(snippet)));
                title.element(source)
            }
            (Some(path), None) => {
                let mut origin = Origin::path(path.as_str());
                if let Some(line) = d.line {
                    origin = origin.line(line);
                    if let Some(column) = d.column {
                        origin = origin.char_column(column);
                    }
                }
                title.element(origin)
            }
            (None, _) => title.element(Origin::path(widget.path.as_str())),
        };
        groups.push(group);
        if let Some(help) = &d.help {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        // Last, one line: the rule's page (built-in rules only), as ruff links each rule to its
        // page and rustc points at `--explain`.
        if let Some(url) = amolint_core::rule::rule_page_url(&d.code, &d.pack) {
            groups.push(Group::with_title(
                Level::NOTE.secondary_title(format!("see {url}")),
            ));
        }
        self.renderer.render(&groups)
    }
}

impl Renderer for TextRenderer {
    fn widget(&mut self, out: &mut dyn Write, report: WidgetReport) -> io::Result<()> {
        if report.diagnostics.is_empty() && !self.verbose {
            return Ok(());
        }
        let kind = report.kind.as_str();
        let header = format!(
            "{} ({kind}) · {}: {}",
            report.path, report.platform, report.platform_reason
        );
        if self.color {
            writeln!(out, "\x1b[1m{header}\x1b[0m")?;
        } else {
            writeln!(out, "{header}")?;
        }
        if report.diagnostics.is_empty() {
            writeln!(out, "  no findings\n")?;
        }
        // A blank line after each finding, as rustc separates its diagnostics.
        for d in &report.diagnostics {
            writeln!(out, "{}\n", self.render_diagnostic(&report, d))?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(out, "{}", summary_line(summary))
    }
}

/// `Checked 3 widgets: 2 errors, 1 warning, 0 infos`.
pub fn summary_line(s: &Summary) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "Checked {}: {}, {}, {}",
        plural(s.widgets, "widget", "widgets"),
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.infos, "info", "infos"),
    )
}

/// The byte range to mark: the finding's span, or the one character at an empty span's place
/// (an empty mark would show nothing).
pub(crate) fn marked_range(snippet: &amolint_core::diagnostic::Snippet) -> std::ops::Range<usize> {
    let text = snippet.text.as_str();
    let start = amolint_core::text::floor_char_boundary(text, snippet.start);
    let end = amolint_core::text::floor_char_boundary(text, snippet.end.max(start));
    if end > start {
        return start..end;
    }
    let next = text[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8());
    start..next
}
