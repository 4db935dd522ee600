//! The markdown job summary (`--summary FILE`, for `$GITHUB_STEP_SUMMARY`): counts per severity
//! and per rule, the widgets with the most errors, and a table of findings cut to stay within
//! GitHub's 1 MiB limit for one step's summary.

use crate::Summary;
use amolint_core::WidgetReport;
use amolint_core::severity::Severity;
use std::collections::BTreeMap;

/// GitHub refuses a step summary over 1 MiB; keep a margin for the parts after the table.
const SUMMARY_LIMIT: usize = 1024 * 1024 - 16 * 1024;
const WORST_WIDGETS: usize = 10;

/// Collects what the summary needs while widgets arrive: counts, not the findings themselves,
/// plus the findings' table rows while they fit.
#[derive(Default)]
pub struct MarkdownSummary {
    widgets: Vec<(String, usize, usize)>,
    rows: String,
    rows_shown: usize,
    rows_dropped: usize,
}

impl MarkdownSummary {
    pub fn add(&mut self, report: &WidgetReport) {
        let errors = report.count(Severity::Error);
        let warnings = report.count(Severity::Warning);
        if errors + warnings > 0 {
            self.widgets.push((report.path.clone(), errors, warnings));
        }
        for d in &report.diagnostics {
            let place = match (&d.file, d.line) {
                (Some(f), Some(l)) => format!("{f}:{l}"),
                (Some(f), None) => f.clone(),
                (None, _) => String::new(),
            };
            let row = format!(
                "| {} | `{}` | {} | {} | {} |\n",
                cell(&report.path),
                d.code,
                d.severity,
                cell(&place),
                cell(&d.message)
            );
            if self.rows.len() + row.len() <= SUMMARY_LIMIT / 2 {
                self.rows.push_str(&row);
                self.rows_shown += 1;
            } else {
                self.rows_dropped += 1;
            }
        }
    }

    pub fn render(&mut self, summary: &Summary) -> String {
        let mut md = String::from("## amolint\n\n");
        md.push_str(&format!(
            "Checked **{}** widget{}: **{}** error{}, **{}** warning{}, **{}** info{}.\n\n",
            summary.widgets,
            plural(summary.widgets),
            summary.errors,
            plural(summary.errors),
            summary.warnings,
            plural(summary.warnings),
            summary.infos,
            plural(summary.infos),
        ));
        let fixable = |n: usize| format!("**{n}** finding{} can be fixed", plural(n));
        match (summary.fixable, summary.unsafe_fixable) {
            (0, 0) => {}
            (safe, 0) => md.push_str(&format!(
                "{} with `amolint check --fix`.\n\n",
                fixable(safe)
            )),
            (0, more) => md.push_str(&format!(
                "{} with `amolint check --fix --unsafe-fixes`.\n\n",
                fixable(more)
            )),
            (safe, more) => md.push_str(&format!(
                "{} with `amolint check --fix` ({more} more with `--unsafe-fixes`).\n\n",
                fixable(safe)
            )),
        }
        // The summary counts per rule and severity; the table has a row per rule, by code.
        let mut per_rule: BTreeMap<String, (String, [usize; 3])> = BTreeMap::new();
        for count in summary.by_rule() {
            let (_, counts) = per_rule
                .entry(count.code)
                .or_insert_with(|| (count.name, [0; 3]));
            counts[match count.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            }] += count.count;
        }
        if per_rule.is_empty() {
            md.push_str("No findings.\n");
            return md;
        }
        md.push_str("### Findings per rule\n\n| rule | name | errors | warnings | infos |\n|---|---|---:|---:|---:|\n");
        for (code, (name, [e, w, i])) in &per_rule {
            md.push_str(&format!("| `{code}` | {name} | {e} | {w} | {i} |\n"));
        }
        if !self.widgets.is_empty() {
            self.widgets
                .sort_by(|a, b| (b.1, b.2).cmp(&(a.1, a.2)).then_with(|| a.0.cmp(&b.0)));
            md.push_str("\n### Widgets with the most findings\n\n| widget | errors | warnings |\n|---|---:|---:|\n");
            for (path, e, w) in self.widgets.iter().take(WORST_WIDGETS) {
                md.push_str(&format!("| {} | {e} | {w} |\n", cell(path)));
            }
        }
        md.push_str("\n### Findings\n\n| widget | rule | severity | place | message |\n|---|---|---|---|---|\n");
        md.push_str(&self.rows);
        if self.rows_dropped > 0 {
            md.push_str(&format!(
                "\n{} more finding{} not shown: GitHub limits a job summary to 1 MiB. The full list is in the SARIF or JSON report.\n",
                self.rows_dropped,
                plural(self.rows_dropped)
            ));
        }
        md
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Makes text safe inside a markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
