//! Baselines for legacy collections: `--write-baseline FILE` records the current findings as
//! counts per widget, file and rule (not lines, so edits that move lines keep matching);
//! `--baseline FILE` then reports only what is new, and lists the entries that no longer match
//! anything so they can be pruned.

use amolint_core::WidgetReport;
use amolint_core::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

const FORMAT_VERSION: u32 = 1;

/// One line of a baseline: so many findings of `code` in `file` of `widget`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub widget: String,
    /// Widget-relative file; empty for findings about the widget as a whole.
    pub file: String,
    pub code: String,
    pub count: usize,
}

#[derive(Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    entries: Vec<BaselineEntry>,
}

type Key = (String, String, String);

fn key(widget: &str, file: Option<&str>, code: &str) -> Key {
    (
        widget.to_string(),
        file.unwrap_or("").to_string(),
        code.to_string(),
    )
}

/// Builds a baseline from reports as they arrive.
#[derive(Default)]
pub struct BaselineWriter {
    counts: BTreeMap<Key, usize>,
}

impl BaselineWriter {
    pub fn add(&mut self, report: &WidgetReport) {
        for d in &report.diagnostics {
            *self
                .counts
                .entry(key(&report.path, d.file.as_deref(), &d.code))
                .or_default() += 1;
        }
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        let file = BaselineFile {
            version: FORMAT_VERSION,
            entries: self
                .counts
                .iter()
                .map(|((widget, file, code), &count)| BaselineEntry {
                    widget: widget.clone(),
                    file: file.clone(),
                    code: code.clone(),
                    count,
                })
                .collect(),
        };
        let text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
        std::fs::write(path, text + "\n")
            .map_err(|e| format!("cannot write the baseline {}: {e}", path.display()))
    }
}

/// A baseline being applied: findings it covers are removed from reports.
pub struct Baseline {
    remaining: BTreeMap<Key, usize>,
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        let file: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not an amolint baseline: {e}", path.display()))?;
        if file.version != FORMAT_VERSION {
            return Err(format!(
                "{}: baseline format version {} is not supported (expected {FORMAT_VERSION})",
                path.display(),
                file.version
            ));
        }
        let mut remaining = BTreeMap::new();
        for e in file.entries {
            *remaining.entry((e.widget, e.file, e.code)).or_default() += e.count;
        }
        Ok(Baseline { remaining })
    }

    /// Removes from `report` the findings the baseline still covers, and returns them. Within one
    /// widget, file and rule the first findings in report order are the covered ones.
    pub fn apply(&mut self, report: &mut WidgetReport) -> Vec<Diagnostic> {
        let (known, new) = std::mem::take(&mut report.diagnostics)
            .into_iter()
            .partition(|d| {
                match self
                    .remaining
                    .get_mut(&key(&report.path, d.file.as_deref(), &d.code))
                {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        true
                    }
                    _ => false,
                }
            });
        report.diagnostics = new;
        known
    }

    /// Entries that matched fewer findings than they record: fixed findings, to be pruned.
    pub fn stale(&self) -> Vec<BaselineEntry> {
        self.remaining
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|((widget, file, code), &count)| BaselineEntry {
                widget: widget.clone(),
                file: file.clone(),
                code: code.clone(),
                count,
            })
            .collect()
    }
}
