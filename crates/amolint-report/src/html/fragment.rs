//! One widget's findings as an HTML fragment: per finding its severity, code (linked to the
//! rule's section of the page), message, `file:line:column`, the source lines with the span
//! marked, the help line and what `--fix` would do; the same parts the text report prints. Owns that markup only; every
//! piece of widget text goes through [`escape`].
//!
//! The fragment is rendered once, as the widget arrives, and kept as a string instead of the
//! diagnostics with their snippets: it is what the page needs, and it is smaller. The link to the
//! rule's documentation is not repeated in every finding (at tens of thousands of findings it
//! would be a fifth of the page): the rule's section holds it, and the page's script adds it to
//! a finding when its widget is opened.

use super::escape;
use amolint_core::WidgetReport;
use amolint_core::diagnostic::{Diagnostic, Snippet};
use amolint_core::severity::Severity;
use std::fmt::Write as _;

/// The short class of a severity: `e`, `w` or `i`.
pub fn class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "e",
        Severity::Warning => "w",
        Severity::Info => "i",
    }
}

/// The id of a rule's section: `rule-MAN003`. Codes are upper-case letters and digits (built-in,
/// organisation and engine codes alike), but the id is escaped all the same.
pub fn rule_id(code: &str) -> String {
    format!("rule-{}", escape::escaped(code))
}

/// Appends the fragment of `report` to `out`.
pub fn widget(out: &mut String, report: &WidgetReport) {
    out.push_str("<p class=\"why\">");
    escape::text(out, report.platform.as_str());
    out.push_str(": ");
    escape::text(out, &report.platform_reason);
    out.push_str("</p>");
    if report.diagnostics.is_empty() {
        out.push_str("<p class=\"none\">No findings.</p>");
        return;
    }
    out.push_str("<ol class=\"fs\">");
    for d in &report.diagnostics {
        finding(out, d);
    }
    out.push_str("</ol>");
}

fn finding(out: &mut String, d: &Diagnostic) {
    let sev = class(d.severity);
    let code = escape::escaped(&d.code);
    let _ = write!(
        out,
        "<li class=\"f {sev}\"><div class=\"fh\"><span class=\"sv\">{}</span> <a class=\"c\" href=\"#{}\">{code}</a> <span class=\"m\">",
        d.severity.as_str(),
        rule_id(&d.code),
    );
    escape::text(out, &d.message);
    out.push_str("</span></div>");
    if let Some(file) = &d.file {
        out.push_str("<div class=\"at\">");
        escape::text(out, file);
        if let Some(line) = d.line {
            let _ = write!(out, ":{line}");
            if let Some(column) = d.column {
                let _ = write!(out, ":{column}");
            }
        }
        out.push_str("</div>");
    }
    if let Some(snippet) = &d.snippet {
        source(out, snippet);
    }
    if let Some(help) = &d.help {
        out.push_str("<p class=\"hp\">");
        escape::text(out, help);
        out.push_str("</p>");
    }
    // What `amolint check --fix` would do, as the text report's fix line says.
    if let Some(fix) = &d.fix {
        let _ = write!(out, "<p class=\"fx {}\">", fix.applicability.as_str());
        escape::text(out, &fix.message);
        out.push_str("</p>");
    }
    out.push_str("</li>");
}

/// The snippet's lines with their numbers and the marked span; an empty span is drawn as a
/// caret between two characters.
fn source(out: &mut String, snippet: &Snippet) {
    let text = snippet.text.as_str();
    let mark = crate::text::marked_range(snippet);
    out.push_str("<pre class=\"src\">");
    let mut at = 0;
    for (i, line) in text.split('\n').enumerate() {
        let (from, to) = (at, at + line.len());
        at = to + 1;
        if i > 0 {
            out.push('\n');
        }
        let _ = write!(out, "<span class=\"ln\">{}</span>", snippet.first_line + i);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let to = from + line.len();
        let start = mark.start.clamp(from, to) - from;
        let end = mark.end.clamp(from, to) - from;
        if mark.is_empty() && mark.start >= from && mark.start <= to {
            escape::text(out, &line[..start]);
            out.push_str("<mark class=\"pt\"></mark>");
            escape::text(out, &line[start..]);
        } else if start < end {
            escape::text(out, &line[..start]);
            out.push_str("<mark>");
            escape::text(out, &line[start..end]);
            out.push_str("</mark>");
            escape::text(out, &line[end..]);
        } else {
            escape::text(out, line);
        }
    }
    out.push_str("</pre>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippet(text: &str, start: usize, end: usize) -> Snippet {
        Snippet {
            first_line: 9,
            text: text.to_string(),
            start,
            end,
        }
    }

    fn render(s: &Snippet) -> String {
        let mut out = String::new();
        source(&mut out, s);
        out
    }

    #[test]
    fn the_span_is_marked_on_each_line_it_covers() {
        let s = snippet("  \"a\": \"<b>\",\r\n  \"c\": 1", 7, 19);
        assert_eq!(
            render(&s),
            "<pre class=\"src\"><span class=\"ln\">9</span>  &quot;a&quot;: <mark>&quot;&lt;b&gt;&quot;,</mark>\n<span class=\"ln\">10</span><mark>  &quot;c</mark>&quot;: 1</pre>"
        );
    }

    #[test]
    fn a_fix_is_shown_with_its_applicability_and_escaped() {
        let mut d = Diagnostic::new("MAN003", "wrong-type", "manifest", Severity::Warning, "m");
        d.fix = Some(amolint_core::diagnostic::DiagnosticFix {
            applicability: amolint_core::fix::Applicability::Unsafe,
            message: "replace \"Y\" with <true>".to_string(),
            edits: Vec::new(),
        });
        let mut out = String::new();
        finding(&mut out, &d);
        assert!(
            out.ends_with(
                "<p class=\"fx unsafe\">replace &quot;Y&quot; with &lt;true&gt;</p></li>"
            ),
            "{out}"
        );
    }

    #[test]
    fn an_empty_span_is_a_caret() {
        assert_eq!(
            render(&snippet("ab", 2, 2)),
            "<pre class=\"src\"><span class=\"ln\">9</span>ab<mark class=\"pt\"></mark></pre>"
        );
    }
}
