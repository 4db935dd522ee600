//! Checking one widget: run every enabled rule over it, isolate a rule that panics, and turn
//! findings into [`Diagnostic`]s with their final severity, line, column and source lines.
//!
//! Owns the per-widget pipeline after the source is open. It knows rules only through the
//! [`Registry`] and must not discover targets, schedule work or format output (the runner and
//! the renderers do).

use crate::config::{Config, RuleLevel};
use crate::diagnostic::{
    Diagnostic, DiagnosticFix, FixEdit, GivenMatch, Snippet, WidgetReport, sort_diagnostics,
};
use crate::fix::{Edit, Fix};
use crate::platform::Platform;
use crate::registry::Registry;
use crate::rule::{Context, Finding, Phase, Sink};
use crate::severity::Severity;
use crate::source::{Source, SourceKind};
use crate::widget::{Encoding, ReadProblem, TextFile, Widget};
use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

/// Engine diagnostics: not rules, cannot be disabled.
pub const AMO000: EngineCode = EngineCode {
    code: "AMO000",
    name: "widget-unreadable",
};
pub const AMO001: EngineCode = EngineCode {
    code: "AMO001",
    name: "pack-failed",
};
pub const AMO002: EngineCode = EngineCode {
    code: "AMO002",
    name: "config-problem",
};

#[derive(Clone, Copy, Debug)]
pub struct EngineCode {
    pub code: &'static str,
    pub name: &'static str,
}

impl EngineCode {
    /// A diagnostic with no place in a file.
    pub fn diagnostic(self, severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.code, self.name, "engine", severity, message)
    }
}

/// Everything needed to check widgets, shared by all of a run's threads.
pub struct Engine<'a> {
    pub registry: &'a Registry,
    pub config: &'a Config,
}

impl Engine<'_> {
    /// Checks the widget in `source`, shown as `path`.
    pub fn check(&self, path: &str, source: &dyn Source) -> WidgetReport {
        crate::profile::time(crate::profile::Phase::Rules, || {
            self.check_widget(path, source)
        })
    }

    fn check_widget(&self, path: &str, source: &dyn Source) -> WidgetReport {
        install_panic_hook();
        let widget = Widget::new(path, source, self.config.platform, self.config.limits().1);
        let levels = self.config.levels_for(self.registry, path);
        let mut diagnostics = Vec::new();
        let mut givens = Vec::new();
        for phase in [Phase::Main, Phase::Last] {
            if phase == Phase::Last {
                // Dynamic packs read what they need before ARC008 judges the reads.
                self.check_dynamic_packs(&widget, &levels.levels, &mut diagnostics);
            }
            for (index, rule) in self.registry.per_rule().iter().enumerate() {
                let meta = rule.meta();
                if rule.phase() != phase {
                    continue;
                }
                let level = levels.levels[index];
                if !level.is_on() {
                    continue;
                }
                let Some(default) = meta.default_severity(widget.platform()) else {
                    continue;
                };
                let cx = Context {
                    widget: &widget,
                    options: levels.options[index].as_ref(),
                };
                let mut sink = Sink::new();
                match isolated(|| rule.check(&cx, &mut sink)) {
                    Ok(()) => {
                        if let Some(matched) = sink.given() {
                            givens.push(GivenMatch {
                                code: meta.code.to_string(),
                                matched,
                            });
                        }
                        for finding in sink.into_findings() {
                            let severity = level.fixed().or(finding.severity).unwrap_or(default);
                            diagnostics.push(self.resolve(&widget, finding, severity));
                        }
                    }
                    Err(panic) => diagnostics.push(AMO001.diagnostic(
                        Severity::Error,
                        format!(
                            "rule {} ({}) of pack `{}` failed on this widget ({}); findings of other rules stand. Please report this bug",
                            meta.code,
                            meta.name,
                            meta.pack,
                            panic
                        ),
                    )),
                }
            }
        }
        diagnostics.extend(unreadable_files(&widget));
        // Once every rule has run, so that a file any rule read counts as text for all the
        // findings about it, whichever rule came first.
        for d in &mut diagnostics {
            d.extent = d.file.as_deref().and_then(|file| widget.extent(file));
        }
        sort_diagnostics(&mut diagnostics);
        WidgetReport {
            path: path.to_string(),
            kind: widget.kind(),
            platform: widget.platform(),
            platform_reason: widget.platform_reason().to_string(),
            diagnostics,
            givens,
            archive_size: source.archive_size(),
        }
    }

    /// Runs every dynamic pack with at least one rule on for this widget, keeping the findings
    /// of rules that are on; a failing pack becomes one AMO001 and takes nothing else with it.
    fn check_dynamic_packs(
        &self,
        widget: &Widget<'_>,
        levels: &[RuleLevel],
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for (pack, range) in self.registry.dynamic_packs() {
            let level_of = |code: &str| {
                range
                    .clone()
                    .find(|&i| self.registry.meta(i).code == code)
                    .and_then(|i| levels.get(i).filter(|l| l.is_on()).map(|&l| (i, l)))
            };
            if !range
                .clone()
                .any(|i| levels.get(i).is_some_and(|l| l.is_on()))
            {
                continue;
            }
            match isolated(|| pack.checker.check(widget)) {
                Ok(Ok(findings)) => {
                    for finding in findings {
                        let Some((index, level)) = level_of(finding.code) else {
                            continue;
                        };
                        let Some(default) =
                            self.registry.meta(index).default_severity(widget.platform())
                        else {
                            continue;
                        };
                        let severity = level.fixed().or(finding.severity).unwrap_or(default);
                        diagnostics.push(self.resolve(widget, finding, severity));
                    }
                }
                Ok(Err(problem)) | Err(problem) => diagnostics.push(AMO001.diagnostic(
                    Severity::Error,
                    format!(
                        "rule pack `{}` failed on this widget: {problem}; built-in findings and other packs' findings stand",
                        pack.name
                    ),
                )),
            }
        }
    }

    fn resolve(&self, widget: &Widget<'_>, finding: Finding, severity: Severity) -> Diagnostic {
        let meta = self
            .registry
            .index_of_code(finding.code)
            .map(|i| self.registry.meta(i));
        let mut diagnostic = Diagnostic::new(
            finding.code,
            meta.map_or("", |m| m.name),
            meta.map_or("", |m| m.pack),
            severity,
            finding.message,
        );
        diagnostic.pointer = finding.pointer;
        diagnostic.help = finding.help;
        if let Some(fix) = finding.fix {
            if widget.kind() == SourceKind::Zip {
                // A zip is never modified; the finding says where the fix can be had.
                let note = "`amolint check --fix` can repair this in the unpacked folder (a zip \
                            is never modified); `amolint pack` builds the zip again";
                diagnostic.help = Some(match diagnostic.help.take() {
                    Some(help) => format!("{help}; {note}"),
                    None => note.to_string(),
                });
            } else {
                diagnostic.fix = resolve_fix(widget, fix);
            }
        }
        // A finding about a file the widget does not have (a missing logo, a missing
        // manifest) is about the widget: reports, SARIF and annotations only ever point at files
        // that exist. The message names the missing path.
        let file = finding
            .file
            .filter(|f| finding.in_source || widget.entry(f).is_some());
        if let Some(file) = file {
            // Only a span needs the file's text: a file named without one (an encrypted entry,
            // a huge file) must not be read just to be named.
            if let Some(span) = finding.span
                && let Ok(text) = widget.text(&file)
            {
                place(&mut diagnostic, &text, span);
            }
            diagnostic.file = Some(if finding.in_source {
                file
            } else {
                widget.source_path(&file)
            });
        }
        diagnostic
    }
}

/// A rule's fix with its edits placed in lines and columns, or `None` when it cannot be applied
/// as proposed: an edit of a file that is not a UTF-8 text file of the widget (spans into text
/// decoded from anything else are not byte offsets of the file), a range that is not on
/// character boundaries of the file, a file to create that exists, or no edit at all.
fn resolve_fix(widget: &Widget<'_>, fix: Fix) -> Option<DiagnosticFix> {
    if fix.edits.is_empty() {
        return None;
    }
    let mut edits = Vec::with_capacity(fix.edits.len());
    for edit in fix.edits {
        edits.push(match edit {
            Edit::Replace {
                file,
                span,
                content,
            } => {
                widget.has_file(&file).then_some(())?;
                let text = widget.text(&file).ok()?;
                if text.encoding != Encoding::Utf8
                    || span.start > span.end
                    || !text.text.is_char_boundary(span.start)
                    || !text.text.is_char_boundary(span.end)
                {
                    return None;
                }
                let start = text.lines.position(&text.text, span.start);
                let end = text.lines.position(&text.text, span.end);
                FixEdit {
                    file: widget.source_path(&file),
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    content,
                    create: false,
                    range: span,
                }
            }
            Edit::Create { file, content } => {
                if widget.entry(&file).is_some()
                    || crate::source::normalize_path(&file).ok().as_deref() != Some(file.as_str())
                {
                    return None;
                }
                FixEdit {
                    file: widget.source_path(&file),
                    line: 1,
                    column: 1,
                    end_line: 1,
                    end_column: 1,
                    content,
                    create: true,
                    range: crate::text::Span::at(0),
                }
            }
        });
    }
    Some(DiagnosticFix {
        applicability: fix.applicability,
        message: fix.message,
        edits,
    })
}

/// Sets line, column and the marked source lines of a diagnostic from a span in `text`.
pub fn place(diagnostic: &mut Diagnostic, text: &TextFile, span: crate::text::Span) {
    let start = text.lines.position(&text.text, span.start);
    let end = text.lines.position(&text.text, span.end.max(span.start));
    diagnostic.line = Some(start.line);
    diagnostic.column = Some(start.column);
    diagnostic.end_line = Some(end.line);
    diagnostic.end_column = Some(end.column);
    diagnostic.snippet = snippet(text, span, start.line, end.line);
}

/// At most this many lines of a multi-line span are kept for display.
const SNIPPET_MAX_LINES: usize = 6;
/// Lines longer than this (minified files) are cut around the span for display.
const SNIPPET_MAX_LINE_BYTES: usize = 400;

fn snippet(text: &TextFile, span: crate::text::Span, first: usize, last: usize) -> Option<Snippet> {
    let last = last.min(first + SNIPPET_MAX_LINES - 1);
    let start_line = text.lines.line_span(&text.text, first)?;
    let end_line = text.lines.line_span(&text.text, last)?;
    let mut from = start_line.start;
    let mut to = end_line.end.max(from);
    if to - from > SNIPPET_MAX_LINE_BYTES * SNIPPET_MAX_LINES
        || (first == last && to - from > SNIPPET_MAX_LINE_BYTES)
    {
        from = crate::text::floor_char_boundary(
            &text.text,
            span.start
                .saturating_sub(SNIPPET_MAX_LINE_BYTES / 2)
                .max(from),
        );
        to = crate::text::floor_char_boundary(
            &text.text,
            (span.start + SNIPPET_MAX_LINE_BYTES / 2).min(to),
        );
        if let Some(nl) = text.text[from..to].find('\n') {
            to = from + nl;
        }
    }
    let body = &text.text[from..to];
    let start = span.start.clamp(from, to) - from;
    let end = span.end.clamp(from, to) - from;
    Some(Snippet {
        first_line: first,
        text: body
            .strip_prefix('\u{feff}')
            .map_or_else(|| body.to_string(), |s| s.to_string()),
        start: if body.starts_with('\u{feff}') {
            start.saturating_sub(3)
        } else {
            start
        },
        end: if body.starts_with('\u{feff}') {
            end.saturating_sub(3)
        } else {
            end
        },
    })
}

/// AMO000 for files that could not be read at all (permission denied, I/O errors): the rules
/// that needed them could not judge them.
fn unreadable_files(widget: &Widget<'_>) -> Vec<Diagnostic> {
    widget
        .read_problems()
        .into_iter()
        .filter_map(|(path, problem)| match problem {
            ReadProblem::Failed(detail) => {
                let mut d = AMO000.diagnostic(
                    Severity::Error,
                    format!(
                        "`{path}` could not be read ({detail}); the rules that need it were skipped"
                    ),
                );
                d.file = Some(widget.source_path(&path));
                Some(d)
            }
            _ => None,
        })
        .collect()
}

/// The report of a target that could not be opened at all.
pub fn unreadable_widget(
    path: &str,
    kind: SourceKind,
    platform: Platform,
    detail: &str,
) -> WidgetReport {
    WidgetReport::failed(
        path,
        kind,
        platform,
        "the widget could not be read",
        AMO000.diagnostic(
            Severity::Error,
            format!("the widget could not be checked: {detail}"),
        ),
    )
}

/// The report of a target whose check failed outside any rule (the runner caught a panic).
pub fn failed_widget(
    path: &str,
    kind: SourceKind,
    platform: Platform,
    panic: &str,
) -> WidgetReport {
    WidgetReport::failed(
        path,
        kind,
        platform,
        "not determined: checking failed",
        AMO001.diagnostic(
            Severity::Error,
            format!(
                "checking this widget failed ({panic}); other widgets are not affected. Please report this bug"
            ),
        ),
    )
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    static IN_RULE: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` (a rule) with panics caught and noted rather than printed.
fn isolated<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    IN_RULE.with(|flag| flag.set(true));
    let outcome = catch_unwind(AssertUnwindSafe(f));
    IN_RULE.with(|flag| flag.set(false));
    outcome.map_err(panic_message)
}

/// Replaces the default panic output (a backtrace hint on stderr in the middle of a report) by a
/// note of the panic's message and place, which becomes part of the AMO001 diagnostic.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let location = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let message = crate::panic::message(info.payload());
            if IN_RULE.with(Cell::get) {
                LAST_PANIC.with(|last| last.borrow_mut().replace(format!("{message}{location}")));
            } else {
                previous(info);
            }
        }));
    });
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    LAST_PANIC
        .with(|last| last.borrow_mut().take())
        .unwrap_or_else(|| crate::panic::message(payload.as_ref()))
}

/// The number of findings at each severity over several reports.
pub fn totals(reports: &[WidgetReport]) -> (usize, usize, usize) {
    reports.iter().fold((0, 0, 0), |(e, w, i), r| {
        (
            e + r.count(Severity::Error),
            w + r.count(Severity::Warning),
            i + r.count(Severity::Info),
        )
    })
}
