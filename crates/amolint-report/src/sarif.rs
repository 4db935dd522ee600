//! SARIF 2.1.0 (`--format sarif`) as GitHub code scanning accepts it: one run; `tool.driver`
//! with every enabled rule; results with `ruleIndex`, a location and a region, and stable
//! `partialFingerprints`; widgets that could not be checked as tool execution notifications.
//!
//! Locations inside the root (`--sarif-root`) are percent-encoded references relative to
//! `SRCROOT`; a file outside it gets an absolute `file:` URI and no `uriBaseId`. Every result
//! has a region, as Microsoft's SARIF validator asks (rule SARIF2017): the finding's span when
//! it has one, else the whole file (see [`region`]).
//!
//! A finding with a fix carries it as the result's `fixes` (§3.55): one `artifactChange` per
//! file, each edit a `replacement` of a `deletedRegion` in lines and columns (an insertion is
//! an empty region), and the fix's applicability in its property bag, since SARIF has no word
//! for it.
//!
//! Results are written as widgets arrive (the rule table is known up front), so memory does not
//! grow with the number of widgets; notifications, which are few, are written at the end.

use crate::paths::{ArtifactPaths, ArtifactUri};
use crate::{Flavour, Renderer, Summary, render_explanation};
use amolint_core::WidgetReport;
use amolint_core::diagnostic::{Diagnostic, DiagnosticFix, Extent};
use amolint_core::fix::FixDocs;
use amolint_core::rule::RuleMeta;
use amolint_core::severity::Severity;
use amolint_core::source::SourceKind;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{self, Write};

/// The base id every location is relative to.
pub const SRCROOT: &str = "SRCROOT";

pub struct SarifRenderer {
    rules: Vec<&'static RuleMeta>,
    /// What `--fix` does for each rule that has fixes, for the rules' help.
    fix_docs: HashMap<&'static str, &'static FixDocs>,
    index: HashMap<&'static str, usize>,
    paths: ArtifactPaths,
    category: Option<String>,
    started: bool,
    results: usize,
    notifications: Vec<Value>,
}

impl SarifRenderer {
    /// `rules` are the enabled rules (in the order `ruleIndex` refers to); `paths` resolves
    /// locations against the root, whose URI becomes `SRCROOT`.
    pub fn new(
        rules: Vec<&'static RuleMeta>,
        paths: ArtifactPaths,
        category: Option<String>,
    ) -> Self {
        let index = rules.iter().enumerate().map(|(i, m)| (m.code, i)).collect();
        SarifRenderer {
            rules,
            fix_docs: HashMap::new(),
            index,
            paths,
            category,
            started: false,
            results: 0,
            notifications: Vec::new(),
        }
    }

    /// The fix documentation of the rules (by code), which their help then includes.
    pub fn fix_docs(mut self, docs: HashMap<&'static str, &'static FixDocs>) -> Self {
        self.fix_docs = docs;
        self
    }

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let driver = json!({
            "name": "amolint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": amolint_core::rule::HOME_PAGE,
            "rules": self
                .rules
                .iter()
                .map(|m| rule_descriptor(m, self.fix_docs.get(m.code).copied()))
                .collect::<Vec<_>>(),
        });
        let mut run = json!({
            "tool": {"driver": driver},
            "originalUriBaseIds": {SRCROOT: {"uri": self.paths.root_uri()}},
            "columnKind": "unicodeCodePoints",
        });
        if let Some(category) = &self.category {
            run["automationDetails"] = json!({"id": automation_id(category)});
        }
        let run = serde_json::to_string(&run).map_err(io::Error::other)?;
        // The run object is left open: `results` and `invocations` follow.
        let open_run = run.strip_suffix('}').unwrap_or(&run);
        write!(
            out,
            "{{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {open_run},\n      \"results\": ["
        )
    }

    fn result(&self, widget: &WidgetReport, d: &Diagnostic, rule_index: usize) -> Value {
        let artifact = self.paths.artifact(widget, d);
        let mut text = d.message.clone();
        if let Some(member) = &artifact.member {
            text.push_str(&format!(" (in `{member}` inside this zip)"));
        }
        if let Some(help) = &d.help {
            text.push_str(&format!("\nhelp: {help}"));
        }
        let physical = json!({
            "artifactLocation": artifact_location(&artifact.uri),
            "region": region(widget, d),
        });
        let mut result = json!({
            "ruleId": d.code,
            "ruleIndex": rule_index,
            "level": level(d.severity),
            "message": {"text": text},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": {"amolintFingerprint/v1": fingerprint(d)},
        });
        if let Some(fix) = &d.fix {
            result["fixes"] = json!([self.fix(widget, fix)]);
        }
        result
    }

    /// A SARIF `fix`: the edits grouped by file, in the order the fix lists them.
    fn fix(&self, widget: &WidgetReport, fix: &DiagnosticFix) -> Value {
        let mut changes: Vec<(&str, Vec<Value>)> = Vec::new();
        for edit in &fix.edits {
            let replacement = json!({
                "deletedRegion": {
                    "startLine": edit.line,
                    "startColumn": edit.column,
                    "endLine": edit.end_line,
                    "endColumn": edit.end_column,
                },
                "insertedContent": {"text": edit.content},
            });
            match changes.iter_mut().find(|(file, _)| *file == edit.file) {
                Some((_, replacements)) => replacements.push(replacement),
                None => changes.push((edit.file.as_str(), vec![replacement])),
            }
        }
        let changes: Vec<Value> = changes
            .into_iter()
            .map(|(file, replacements)| {
                let artifact = self.paths.file(&widget.path, file);
                json!({
                    "artifactLocation": artifact_location(&artifact.uri),
                    "replacements": replacements,
                })
            })
            .collect();
        json!({
            "description": {"text": fix.message},
            "artifactChanges": changes,
            "properties": {"applicability": fix.applicability.as_str()},
        })
    }

    fn notification(&self, widget: &WidgetReport, d: &Diagnostic) -> Value {
        let artifact = self.paths.widget(&widget.path);
        json!({
            "level": level(d.severity),
            "message": {"text": format!("{}: {} ({})", widget.path, d.message, d.code)},
            "descriptor": {"id": d.code},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(&artifact.uri)}}],
        })
    }
}

impl Renderer for SarifRenderer {
    fn widget(&mut self, out: &mut dyn Write, report: WidgetReport) -> io::Result<()> {
        self.start(out)?;
        for d in &report.diagnostics {
            match self.index.get(d.code.as_str()) {
                Some(&rule_index) => {
                    let result = self.result(&report, d, rule_index);
                    let separator = if self.results == 0 { "\n" } else { ",\n" };
                    self.results += 1;
                    write!(out, "{separator}        ")?;
                    serde_json::to_writer(&mut *out, &result).map_err(io::Error::other)?;
                }
                // Engine diagnostics (AMO000-AMO002) are about the run, not the widget's code.
                None => self.notifications.push(self.notification(&report, d)),
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        self.start(out)?;
        let invocation = json!({
            "executionSuccessful": self.notifications.iter().all(|n| n["level"] != "error"),
            "toolExecutionNotifications": self.notifications,
        });
        let close = if self.results == 0 { "]" } else { "\n      ]" };
        let invocation = serde_json::to_string(&invocation).map_err(io::Error::other)?;
        writeln!(
            out,
            "{close},\n      \"invocations\": [{invocation}]\n    }}\n  ]\n}}"
        )
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn artifact_location(uri: &ArtifactUri) -> Value {
    match uri {
        ArtifactUri::Relative(uri) => json!({"uri": uri, "uriBaseId": SRCROOT}),
        ArtifactUri::Absolute(uri) => json!({"uri": uri}),
    }
}

/// The part of the located artifact a result is about. SARIF lets a location go without a region
/// (the whole artifact), but Microsoft's validator warns (SARIF2017), so every result gets one:
/// - a finding inside a zip is located on the archive (a CI system cannot open a member), so its
///   region is the whole archive in bytes, whatever its place in the member;
/// - a span gives lines and columns;
/// - a whole text file the rules read is lines 1 to its last; any other whole file (an image, a
///   junk file, a file no rule read) is its bytes, as SARIF wants for binary content;
/// - a folder (the widget's, for a finding about the widget as a whole, or a junk folder) has
///   neither lines nor bytes: `startLine: 1` says "from its start", which the validator accepts
///   and code scanning can show.
fn region(widget: &WidgetReport, d: &Diagnostic) -> Value {
    let whole = match widget.kind {
        SourceKind::Zip => widget.archive_size.map(Extent::Bytes),
        SourceKind::Directory => {
            if let Some(span) = span_region(d) {
                return span;
            }
            d.extent
        }
    };
    match whole {
        Some(Extent::Lines(last)) => json!({"startLine": 1, "endLine": last}),
        Some(Extent::Bytes(size)) => json!({"byteOffset": 0, "byteLength": size}),
        None => json!({"startLine": 1}),
    }
}

fn span_region(d: &Diagnostic) -> Option<Value> {
    let line = d.line?;
    let mut region = json!({"startLine": line});
    if let Some(column) = d.column {
        region["startColumn"] = json!(column);
    }
    if let Some(end_line) = d.end_line {
        region["endLine"] = json!(end_line);
        if let Some(end_column) = d.end_column {
            // SARIF's endColumn is exclusive and must be past startColumn on one line.
            let end_column = if end_line == line {
                end_column.max(d.column.unwrap_or(1) + 1)
            } else {
                end_column
            };
            region["endColumn"] = json!(end_column);
        }
    }
    Some(region)
}

/// A fingerprint that survives edits moving the finding to another line: the rule, the file
/// inside the widget, and the JSON pointer (or the message where there is no pointer).
pub fn fingerprint(d: &Diagnostic) -> String {
    let place = d.pointer.as_deref().unwrap_or(d.message.as_str());
    let key = format!("{}\0{}\0{}", d.code, d.file.as_deref().unwrap_or(""), place);
    format!("{:016x}", amolint_core::hash::fnv1a(key.as_bytes()))
}

/// GitHub reads the category from `automationDetails.id` up to its last `/`.
fn automation_id(category: &str) -> String {
    if category.ends_with('/') {
        category.to_string()
    } else {
        format!("{category}/")
    }
}

fn rule_descriptor(m: &RuleMeta, fix: Option<&FixDocs>) -> Value {
    let d = &m.docs;
    let default = match (m.amocrm, m.kommo) {
        (Some(a), Some(k)) => a.max(k),
        (Some(s), None) | (None, Some(s)) => s,
        (None, None) => Severity::Info,
    };
    let help = if d.why.is_empty() && d.fix.is_empty() {
        d.what.to_string()
    } else {
        format!("{} Fix: {}", d.why, d.fix)
    };
    let mut descriptor = json!({
        "id": m.code,
        "name": m.name,
        "shortDescription": {"text": m.summary},
        "fullDescription": {"text": d.what},
        "help": {"text": help, "markdown": render_explanation(m, fix, Flavour::Help)},
        "defaultConfiguration": {"level": level(default)},
        "properties": {"tags": ["amolint", m.pack]},
    });
    // Organisation rules have no page in the rule reference.
    if let Some(url) = m.doc_url() {
        descriptor["helpUri"] = json!(url);
    }
    descriptor
}
