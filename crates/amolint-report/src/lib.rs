//! Renderers: the widget reports of a run turned into text for a terminal, the JSON report,
//! SARIF for code scanning, GitHub annotations, a markdown job summary, JUnit XML, and an HTML
//! page for audits of many widgets; and a rule's documentation for `amolint explain` and the rule
//! reference ([`render_explanation`]).
//!
//! Owns every output format and nothing else: renderers read [`WidgetReport`]s and write bytes.
//! They must not run rules, read widgets or decide exit codes. Every format is written as the
//! widgets arrive in the run's deterministic order, so memory stays flat however many widgets a
//! run checks; only what a format must put at the end (a summary, SARIF's notifications, JUnit's
//! counts in its opening tag) is kept, and JUnit keeps its small per-widget test cases. The HTML
//! page is the exception: its overview comes first but needs the totals, so it keeps each
//! widget's findings, rendered to compact markup, until the end.

mod explain;
mod github;
mod html;
mod json;
mod junit;
pub mod paths;
mod sarif;
mod summary;
mod text;
pub mod uri;

pub use explain::{Flavour, escape_markdown, render_explanation};
pub use github::GithubRenderer;
pub use html::{HtmlRenderer, INLINE_FINDINGS};
pub use json::JsonRenderer;
pub use junit::JunitRenderer;
pub use sarif::{SarifRenderer, fingerprint};
pub use summary::MarkdownSummary;
pub use text::{TextRenderer, fixable_note, summary_line};

use amolint_core::diagnostic::Diagnostic;
use amolint_core::fix::Applicability;
use amolint_core::{Severity, WidgetReport};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Totals over a run.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub widgets: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings left whose fix `--fix` applies.
    pub fixable: usize,
    /// Findings left whose fix only `--fix --unsafe-fixes` applies.
    pub unsafe_fixable: usize,
    /// Fixes applied by this run (`--fix`), or that would be (`--diff`).
    pub fixed: usize,
    /// Widgets in which nothing was reported. Text output counts them in its closing line instead
    /// of giving each a block; the JSON report has them as widgets with no `diagnostics`.
    #[serde(skip)]
    pub without_findings: usize,
    /// Findings per rule and severity, in the JSON report as `by_rule` (see [`Summary::by_rule`]).
    #[serde(rename = "by_rule", serialize_with = "serialize_by_rule")]
    rules: BTreeMap<(String, Severity), RuleTally>,
    /// Declarative organisation rules whose `given` matched nothing in any widget of the run
    /// (likely a typo in the path); known only at the end.
    #[serde(rename = "unmatched-rules", skip_serializing_if = "Vec::is_empty")]
    pub unmatched_rules: Vec<UnmatchedRule>,
}

/// What the summary keeps of one rule at one severity while the widgets arrive.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct RuleTally {
    name: String,
    count: usize,
    fixable: usize,
}

/// How often one rule fired at one severity in a run: a line of `--statistics`, an entry of the
/// JSON report's `summary.by_rule`. A rule whose findings have different severities (a level
/// set per path, or a severity that differs between the platforms of the widgets) has one
/// entry per severity.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RuleCount {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub count: usize,
    /// Of those, the findings that carry a fix (safe or unsafe).
    pub fixable: usize,
}

/// A `[[rule]]` whose `given` never matched.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct UnmatchedRule {
    pub code: String,
    pub given: String,
    /// `rules.toml:12:1`: where the rule is declared.
    pub declared: String,
}

impl Summary {
    pub fn add(&mut self, report: &WidgetReport) {
        self.widgets += 1;
        self.errors += report.count(Severity::Error);
        self.warnings += report.count(Severity::Warning);
        self.infos += report.count(Severity::Info);
        if report.diagnostics.is_empty() {
            self.without_findings += 1;
        }
        for d in &report.diagnostics {
            match d.applicability() {
                Some(Applicability::Safe) => self.fixable += 1,
                Some(Applicability::Unsafe) => self.unsafe_fixable += 1,
                None => {}
            }
            let tally = self
                .rules
                .entry((d.code.clone(), d.severity))
                .or_insert_with(|| RuleTally {
                    name: d.name.clone(),
                    count: 0,
                    fixable: 0,
                });
            tally.count += 1;
            tally.fixable += usize::from(d.fix.is_some());
        }
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

    /// Every rule that fired, with its count, at each severity it fired at: the most frequent
    /// first, ties by code, then the more severe first.
    pub fn by_rule(&self) -> Vec<RuleCount> {
        by_rule(&self.rules)
    }
}

fn by_rule(rules: &BTreeMap<(String, Severity), RuleTally>) -> Vec<RuleCount> {
    let mut counts: Vec<RuleCount> = rules
        .iter()
        .map(|((code, severity), tally)| RuleCount {
            code: code.clone(),
            name: tally.name.clone(),
            severity: *severity,
            count: tally.count,
            fixable: tally.fixable,
        })
        .collect();
    counts.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| b.severity.cmp(&a.severity))
    });
    counts
}

fn serialize_by_rule<S: serde::Serializer>(
    rules: &BTreeMap<(String, Severity), RuleTally>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&by_rule(rules), serializer)
}

/// An output format.
pub trait Renderer {
    /// Called once per widget, in the run's deterministic order. Document formats keep the
    /// report (without its display-only source snippets); streaming formats write it and drop it.
    fn widget(&mut self, out: &mut dyn Write, report: WidgetReport) -> io::Result<()>;
    /// Called just before [`widget`](Renderer::widget) when the run applies a baseline, with the
    /// findings of that widget the baseline covers (the report passed to `widget` no longer
    /// holds them). Formats that show only what is new ignore them.
    fn baseline_known(&mut self, _known: &[Diagnostic]) {}
    /// Called once at the end.
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

/// Drops the source lines kept for text output: document formats never print them, and a run
/// over thousands of widgets should not hold them until the end.
pub fn without_snippets(mut report: WidgetReport) -> WidgetReport {
    for d in &mut report.diagnostics {
        d.snippet = None;
    }
    report
}

/// `1234567` → `1,234,567`: counts as every human-readable report prints them.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_thousands_separators() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (1412, "1,412"),
            (123_456, "123,456"),
            (1_234_567, "1,234,567"),
        ];
        for (n, text) in cases {
            assert_eq!(thousands(n), text);
        }
    }
}
