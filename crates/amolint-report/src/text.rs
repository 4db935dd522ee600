//! Human output in the style of rustc (through `annotate-snippets`): per widget with findings a
//! header with the platform and why, then each finding with its code, message,
//! `file:line:column`, the marked source line, a help line and what `--fix` would do (a
//! finding it repairs is marked `[*]`, as ruff marks it); a summary line at the end, which says
//! what was fixed and what can be. With `--statistics`, one line per rule that fired instead of
//! the findings.
//!
//! A widget without findings gets no block of its own in a run of several, where thousands of
//! "no findings" would bury the findings: the closing line counts those widgets. A run of one
//! widget still says "no findings" under its header; since whether a run has one widget is known
//! only at its end, the clean first widget's header is held until then (one line, not a report).

use crate::{Renderer, RuleCount, Summary, thousands};
use amolint_core::diagnostic::Diagnostic;
use amolint_core::fix::Applicability;
use amolint_core::{Severity, WidgetReport};
use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer as Annotate, Snippet};
use std::io::{self, Write};

pub struct TextRenderer {
    renderer: Annotate,
    /// Say "no findings" for a clean widget that is the run's only one (off with `--quiet`).
    verbose: bool,
    color: bool,
    /// Counts per rule instead of the findings (`--statistics`).
    statistics: bool,
    /// The run was given `--unsafe-fixes`: unsafe fixes count as applicable in the marks.
    unsafe_fixes: bool,
    /// Widgets seen so far.
    widgets: usize,
    /// The header of the first widget when it had no findings, while it may be the only one.
    lone_clean: Option<String>,
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
            statistics: false,
            unsafe_fixes: false,
            widgets: 0,
            lone_clean: None,
        }
    }

    /// One line per rule that fired, with its count, instead of the findings.
    pub fn with_statistics(mut self, statistics: bool) -> Self {
        self.statistics = statistics;
        self
    }

    /// Marks findings whose fix is unsafe as fixable too, as `--unsafe-fixes` makes them.
    pub fn unsafe_fixes(mut self, on: bool) -> Self {
        self.unsafe_fixes = on;
        self
    }

    fn header(&self, out: &mut dyn Write, header: &str) -> io::Result<()> {
        if self.color {
            writeln!(out, "\x1b[1m{header}\x1b[0m")
        } else {
            writeln!(out, "{header}")
        }
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
        self.widgets += 1;
        let header = format!(
            "{} ({}) · {}: {}",
            report.path,
            report.kind.as_str(),
            report.platform,
            report.platform_reason
        );
        if report.diagnostics.is_empty() {
            if self.widgets == 1 && self.verbose && !self.statistics {
                self.lone_clean = Some(header);
            }
            return Ok(());
        }
        if self.statistics {
            return Ok(());
        }
        self.header(out, &header)?;
        // A blank line after each finding, as rustc separates its diagnostics.
        for d in &report.diagnostics {
            writeln!(out, "{}\n", self.render_diagnostic(&report, d))?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if let Some(header) = self.lone_clean.take()
            && self.widgets == 1
        {
            self.header(out, &header)?;
            writeln!(out, "  no findings\n")?;
        }
        if self.statistics {
            let lines = statistics(&summary.by_rule());
            if !lines.is_empty() {
                writeln!(out, "{lines}")?;
            }
        }
        writeln!(out, "{}", summary_line(summary))
    }
}

/// `Checked 1 widget: 2 errors, 1 warning, 0 infos`; with more widgets, also how many had no
/// findings: `Checked 2,000 widgets: 1,412 without findings; 310 errors, 95 warnings, 0 infos`.
pub fn summary_line(s: &Summary) -> String {
    let counted = |n: usize, one: &str, many: &str| {
        format!("{} {}", thousands(n), if n == 1 { one } else { many })
    };
    let mut line = format!("Checked {}: ", counted(s.widgets, "widget", "widgets"));
    if s.widgets > 1 {
        line.push_str(&format!(
            "{} without findings; ",
            thousands(s.without_findings)
        ));
    }
    line.push_str(&format!(
        "{}, {}, {}",
        counted(s.errors, "error", "errors"),
        counted(s.warnings, "warning", "warnings"),
        counted(s.infos, "info", "infos"),
    ));
    if s.fixed > 0 {
        line.push_str(&format!(
            "; fixed {}",
            counted(s.fixed, "finding", "findings")
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
        (safe, 0) => Some(format!("{} fixable with --fix", thousands(safe))),
        (0, more) => Some(format!(
            "{} fixable with --fix --unsafe-fixes",
            thousands(more)
        )),
        (safe, more) => Some(format!(
            "{} fixable with --fix ({} more with --unsafe-fixes)",
            thousands(safe),
            thousands(more)
        )),
    }
}

/// `--statistics`: a line per rule and severity, in the order given (the most frequent first),
/// as aligned columns: count, code, name, severity, and how many of them `--fix` (with
/// `--unsafe-fixes` where needed) can repair. Empty when nothing fired.
fn statistics(counts: &[RuleCount]) -> String {
    let width = |f: &dyn Fn(&RuleCount) -> usize| counts.iter().map(f).max().unwrap_or(0);
    let count_width = width(&|c| thousands(c.count).len());
    let code_width = width(&|c| c.code.chars().count());
    let name_width = width(&|c| c.name.chars().count());
    let severity_width = width(&|c| c.severity.as_str().len());
    counts
        .iter()
        .map(|c| {
            let line = format!(
                "{:>count_width$}  {:<code_width$}  {:<name_width$}  ",
                thousands(c.count),
                c.code,
                c.name,
            );
            match c.fixable {
                0 => format!("{line}{}\n", c.severity),
                n => format!(
                    "{line}{:<severity_width$}  [*] {} fixable\n",
                    c.severity.as_str(),
                    thousands(n)
                ),
            }
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use amolint_core::platform::Platform;
    use amolint_core::source::SourceKind;

    fn widget(path: &str, findings: &[(&str, &str, Severity)]) -> WidgetReport {
        let mut report = WidgetReport::failed(
            path,
            SourceKind::Directory,
            Platform::Kommo,
            "default",
            Diagnostic::new("X", "x", "x", Severity::Info, "x"),
        );
        report.diagnostics = findings
            .iter()
            .map(|(code, name, severity)| {
                Diagnostic::new(*code, *name, "manifest", *severity, format!("{code} fired"))
            })
            .collect();
        report
    }

    /// The whole text output of a run over `widgets`, and its summary.
    fn render(widgets: Vec<WidgetReport>, verbose: bool, statistics: bool) -> (String, Summary) {
        let mut renderer = TextRenderer::new(false, verbose).with_statistics(statistics);
        let mut summary = Summary::default();
        let mut out = Vec::new();
        for report in widgets {
            summary.add(&report);
            renderer.widget(&mut out, report).expect("write");
        }
        renderer.finish(&mut out, &summary).expect("write");
        (String::from_utf8(out).expect("utf-8"), summary)
    }

    #[test]
    fn in_a_run_of_several_clean_widgets_get_no_block_and_are_counted() {
        let (text, _) = render(
            vec![
                widget("w/a", &[]),
                widget("w/b", &[("MAN002", "missing-field", Severity::Error)]),
                widget("w/c", &[]),
            ],
            true,
            false,
        );
        assert_eq!(text.matches(" (directory) · kommo: default\n").count(), 1);
        assert!(
            text.starts_with("w/b (directory) · kommo: default\n"),
            "{text}"
        );
        assert!(!text.contains("no findings"), "{text}");
        assert!(
            text.ends_with(
                "\nChecked 3 widgets: 2 without findings; 1 error, 0 warnings, 0 infos\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_lone_clean_widget_keeps_its_no_findings_line() {
        let (text, _) = render(vec![widget("w/a", &[])], true, false);
        assert_eq!(
            text,
            "w/a (directory) · kommo: default\n  no findings\n\nChecked 1 widget: 0 errors, 0 warnings, 0 infos\n"
        );
        let (quiet, _) = render(vec![widget("w/a", &[])], false, false);
        assert_eq!(quiet, "Checked 1 widget: 0 errors, 0 warnings, 0 infos\n");
    }

    #[test]
    fn the_summary_line_counts_with_separators() {
        let summary = Summary {
            widgets: 2000,
            errors: 310,
            warnings: 1,
            infos: 12_345,
            without_findings: 1412,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&summary),
            "Checked 2,000 widgets: 1,412 without findings; 310 errors, 1 warning, 12,345 infos"
        );
    }

    #[test]
    fn statistics_replace_the_findings_most_frequent_first() {
        let (text, summary) = render(
            vec![
                widget(
                    "w/a",
                    &[
                        ("MAN002", "missing-field", Severity::Error),
                        ("ENC001", "utf8-bom", Severity::Warning),
                        ("LOC001", "unknown-location", Severity::Error),
                    ],
                ),
                widget("w/b", &[]),
                widget(
                    "w/c",
                    &[
                        ("ENC001", "utf8-bom", Severity::Warning),
                        ("LOC001", "unknown-location", Severity::Warning),
                        ("MAN002", "missing-field", Severity::Error),
                        ("MAN002", "missing-field", Severity::Error),
                    ],
                ),
            ],
            true,
            true,
        );
        // By count, then code; a rule found at two severities has a line for each, the more
        // severe first.
        assert_eq!(
            text,
            "3  MAN002  missing-field     error\n\
             2  ENC001  utf8-bom          warning\n\
             1  LOC001  unknown-location  error\n\
             1  LOC001  unknown-location  warning\n\
             \n\
             Checked 3 widgets: 1 without findings; 4 errors, 3 warnings, 0 infos\n"
        );
        let json = serde_json::to_value(&summary).expect("json");
        assert_eq!(
            json["by_rule"][0],
            serde_json::json!({"code": "MAN002", "name": "missing-field", "severity": "error", "count": 3, "fixable": 0})
        );
        assert_eq!(json["by_rule"].as_array().map(Vec::len), Some(4));
        assert!(json.get("without_findings").is_none());
    }

    #[test]
    fn statistics_and_the_summary_count_what_can_be_fixed() {
        let mut report = widget(
            "w/a",
            &[
                ("ENC001", "utf8-bom", Severity::Error),
                ("ENC001", "utf8-bom", Severity::Error),
                ("MAN003", "wrong-type", Severity::Warning),
                ("MAN002", "missing-field", Severity::Error),
            ],
        );
        let fix = |applicability| amolint_core::diagnostic::DiagnosticFix {
            applicability,
            message: "m".to_string(),
            edits: Vec::new(),
        };
        report.diagnostics[0].fix = Some(fix(Applicability::Safe));
        report.diagnostics[2].fix = Some(fix(Applicability::Unsafe));
        let (text, summary) = render(vec![report.clone()], true, true);
        assert_eq!(
            text,
            "2  ENC001  utf8-bom       error    [*] 1 fixable\n\
             1  MAN002  missing-field  error\n\
             1  MAN003  wrong-type     warning  [*] 1 fixable\n\
             \n\
             Checked 1 widget: 3 errors, 1 warning, 0 infos; 1 fixable with --fix (1 more with \
             --unsafe-fixes)\n"
        );
        assert_eq!((summary.fixable, summary.unsafe_fixable), (1, 1));
        let (text, _) = render(vec![report], true, false);
        assert!(text.contains("error[ENC001]: [*] ENC001 fired\n"), "{text}");
        assert!(text.contains("\nfix: m\n"), "{text}");
        assert!(text.contains("warning[MAN003]: MAN003 fired\n"), "{text}");
        assert!(
            text.contains("\nunsafe fix (--unsafe-fixes): m\n"),
            "{text}"
        );
    }

    #[test]
    fn statistics_of_a_clean_run_are_the_summary_line_alone() {
        let (text, _) = render(vec![widget("w/a", &[]), widget("w/b", &[])], true, true);
        assert_eq!(
            text,
            "Checked 2 widgets: 2 without findings; 0 errors, 0 warnings, 0 infos\n"
        );
    }
}
