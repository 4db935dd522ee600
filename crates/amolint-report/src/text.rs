//! Human output in the style of rustc (through `annotate-snippets`): per widget a header with
//! the platform and why, then each finding with its code, message, `file:line:column`, the marked
//! source line and a help line; a summary line at the end.

use crate::{Renderer, Summary};
use amolint_core::diagnostic::Diagnostic;
use amolint_core::fix::Applicability;
use amolint_core::{Severity, WidgetReport};
use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer as Annotate, Snippet};
use std::io::{self, Write};

pub struct TextRenderer {
    renderer: Annotate,
    /// Print a header for clean widgets too (off with `--quiet`).
    verbose: bool,
    color: bool,
    /// The run was given `--unsafe-fixes`: unsafe fixes count as applicable in the marks.
    unsafe_fixes: bool,
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
            unsafe_fixes: false,
        }
    }

    /// Marks findings whose fix is unsafe as fixable too, as `--unsafe-fixes` makes them.
    pub fn unsafe_fixes(mut self, on: bool) -> Self {
        self.unsafe_fixes = on;
        self
    }

    fn render_diagnostic(&self, widget: &WidgetReport, d: &Diagnostic) -> String {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        let path = d.file.as_ref().map(|f| format!("{}/{}", widget.path, f));
        // `[*]`, as ruff marks what `--fix` (with the run's `--unsafe-fixes`) repairs.
        let applicable = match d.applicability() {
            Some(Applicability::Safe) => true,
            Some(Applicability::Unsafe) => self.unsafe_fixes,
            None => false,
        };
        let message = if applicable {
            format!("[*] {}", d.message)
        } else {
            d.message.clone()
        };
        let title = level.primary_title(message.as_str()).id(d.code.as_str());
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
        if let Some(fix) = &d.fix {
            let name = match fix.applicability {
                Applicability::Safe => "fix",
                Applicability::Unsafe => "unsafe fix (--unsafe-fixes)",
            };
            groups.push(Group::with_title(
                Level::HELP
                    .with_name(name)
                    .secondary_title(fix.message.as_str()),
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

/// `Checked 3 widgets: 2 errors, 1 warning, 0 infos`, then what was fixed and what can be:
/// `; fixed 4 findings; 1 fixable with --fix (2 more with --unsafe-fixes)`.
pub fn summary_line(s: &Summary) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "Checked {}: {}, {}, {}",
        plural(s.widgets, "widget", "widgets"),
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.infos, "info", "infos"),
    );
    if s.fixed > 0 {
        line.push_str(&format!(
            "; fixed {}",
            plural(s.fixed, "finding", "findings")
        ));
    }
    if let Some(fixable) = fixable_note(s) {
        line.push_str("; ");
        line.push_str(&fixable);
    }
    line
}

/// `2 fixable with --fix (1 more with --unsafe-fixes)`, or `1 fixable with --fix
/// --unsafe-fixes` when only unsafe fixes are left; `None` when nothing is fixable.
pub fn fixable_note(s: &Summary) -> Option<String> {
    match (s.fixable, s.unsafe_fixable) {
        (0, 0) => None,
        (safe, 0) => Some(format!("{safe} fixable with --fix")),
        (0, more) => Some(format!("{more} fixable with --fix --unsafe-fixes")),
        (safe, more) => Some(format!(
            "{safe} fixable with --fix ({more} more with --unsafe-fixes)"
        )),
    }
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
