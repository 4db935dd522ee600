//! One check of one widget, as the server runs it: the configuration `amolint check` would use
//! for the widget, the engine over the folder with the open buffers laid over it, and every
//! finding placed in the file it is about, in the client's positions.
//!
//! Owns the configuration cache ([`Configs`]) and the mapping of a [`WidgetReport`] to LSP
//! diagnostics ([`check`], what the benchmark times). It must not talk to the client or decide
//! when to check (the worker does).
//!
//! Where a finding goes: into its file, at its range; a finding about a file without a place in
//! it (an image too large, an unreadable file) at the start of that file; a finding about the
//! widget as a whole (a locale file that does not exist, a missing logo) at the start of
//! `manifest.json`. "The start" is an empty range at line 1, column 1, which editors widen to
//! the first word. A configuration error goes on `rules.toml` (or the file it extends) at the
//! line and column of the error, and the widget is then checked with the default configuration.

use crate::documents::{OpenFile, Snapshot};
use crate::position::{Encoding, LineMap};
use crate::uri;
use amolint_core::config::{CONFIG_FILE_NAME, Config};
use amolint_core::engine::{AMO002, Engine, failed_widget, unreadable_widget};
use amolint_core::manifest::MANIFEST_FILE;
use amolint_core::registry::Registry;
use amolint_core::rule::rule_page_url;
use amolint_core::severity::Severity;
use amolint_core::source::{DirSource, SourceKind};
use amolint_core::{Diagnostic, WidgetReport};
use lsp_types::{CodeDescription, DiagnosticSeverity, NumberOrString, Range};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// The rules and configuration of a check: what `amolint check` builds from a `rules.toml`.
pub struct Loaded {
    pub registry: Registry,
    pub config: Config,
    /// The configuration file read, if any.
    pub path: Option<PathBuf>,
    /// Whatever must live as long as the registry (the organisation packs' host state).
    pub keep: Option<Box<dyn std::any::Any + Send + Sync>>,
}

/// A configuration that could not be read: where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblem {
    pub message: String,
    /// The file at fault (`rules.toml` or a file it extends), when known.
    pub file: Option<PathBuf>,
    /// 1-based; 1:1 when the problem has no place.
    pub line: usize,
    pub column: usize,
}

/// Builds the rules and configuration from a `rules.toml` (`None`: no configuration file), the
/// way `amolint check` does. The binary passes its own, so that both read configurations in one
/// place.
pub type Loader = dyn Fn(Option<&Path>) -> Result<Loaded, ConfigProblem> + Send + Sync;

/// The configurations read so far, by file, each re-read when the file changes on disk (its
/// modification time or length) or when [`Configs::forget`] is told a configuration changed.
pub struct Configs {
    loader: Arc<Loader>,
    /// Folders of the workspace: their `rules.toml` serves widgets outside them that have none.
    workspace: Vec<PathBuf>,
    cache: Mutex<HashMap<Option<PathBuf>, Cached>>,
}

#[derive(Clone)]
struct Cached {
    stamp: Option<(SystemTime, u64)>,
    result: Result<Arc<Loaded>, ConfigProblem>,
}

/// The configuration of one widget: what to check with, and the problem of the file that should
/// have given it, if any.
#[derive(Clone)]
pub struct WidgetConfig {
    pub loaded: Arc<Loaded>,
    pub problem: Option<ConfigProblem>,
}

impl Configs {
    pub fn new(loader: Arc<Loader>, workspace: Vec<PathBuf>) -> Configs {
        Configs {
            loader,
            workspace,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The `rules.toml` of the widget at `root`: in its folder or the nearest parent, else that
    /// of the workspace folder.
    pub fn path_for(&self, root: &Path) -> Option<PathBuf> {
        Config::discover(root).or_else(|| self.workspace.iter().find_map(|w| Config::discover(w)))
    }

    /// Where "Disable CODE" creates a `rules.toml` when there is none: the workspace folder that
    /// holds the widget (so that every widget of it finds the file), else the widget's folder.
    pub fn new_path_for(&self, root: &Path) -> PathBuf {
        self.workspace
            .iter()
            .filter(|w| root.starts_with(w))
            .max_by_key(|w| w.components().count())
            .unwrap_or(&root.to_path_buf())
            .join(CONFIG_FILE_NAME)
    }

    /// Forgets every configuration read (a configuration file changed).
    pub fn forget(&self) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.clear();
        }
    }

    pub fn for_widget(&self, root: &Path) -> WidgetConfig {
        let path = self.path_for(root);
        match self.load(path) {
            Ok(loaded) => WidgetConfig {
                loaded,
                problem: None,
            },
            Err(problem) => WidgetConfig {
                // The defaults cannot fail to read: there is no file.
                loaded: self.load(None).unwrap_or_else(|_| Arc::new(builtin())),
                problem: Some(problem),
            },
        }
    }

    fn load(&self, path: Option<PathBuf>) -> Result<Arc<Loaded>, ConfigProblem> {
        let stamp = path.as_deref().and_then(stamp);
        if let Ok(cache) = self.cache.lock()
            && let Some(cached) = cache.get(&path)
            && cached.stamp == stamp
        {
            return cached.result.clone();
        }
        // Read without holding the lock: loading native packs may take a while.
        let result = (self.loader)(path.as_deref()).map(Arc::new);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(
                path,
                Cached {
                    stamp,
                    result: result.clone(),
                },
            );
        }
        result
    }
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let md = std::fs::metadata(path).ok()?;
    Some((md.modified().ok()?, md.len()))
}

/// The built-in rules with the default configuration.
pub fn builtin() -> Loaded {
    Loaded {
        registry: amolint_rules::registry(),
        config: Config::default(),
        path: None,
        keep: None,
    }
}

/// A finding placed for the client.
#[derive(Clone, Debug)]
pub struct Placed {
    /// Its index in the report; `None` for a configuration problem.
    pub index: Option<usize>,
    pub diagnostic: lsp_types::Diagnostic,
}

/// What one file shows after a check.
#[derive(Clone, Debug, Default)]
pub struct FileResult {
    /// The widget-relative path; `None` for a configuration file.
    pub rel: Option<String>,
    /// The version of the open document the check read.
    pub version: Option<i32>,
    pub placed: Vec<Placed>,
}

/// A widget checked.
pub struct Checked {
    pub snapshot: Snapshot,
    /// The widget's path as overrides in `rules.toml` see it.
    pub display: String,
    pub report: WidgetReport,
    pub config: WidgetConfig,
    pub encoding: Encoding,
    /// By URI: every file with findings.
    pub files: BTreeMap<String, FileResult>,
    /// The text of each widget file the check placed something in, by widget-relative path.
    pub maps: BTreeMap<String, Arc<LineMap>>,
}

impl Checked {
    /// The URI of a widget file, as the client knows it when it has it open.
    pub fn uri_of(&self, rel: &str) -> String {
        uri_of(&self.snapshot, rel)
    }

    /// The open document `rel` as the check saw it.
    pub fn open(&self, rel: &str) -> Option<&OpenFile> {
        self.snapshot.open.get(rel)
    }
}

fn uri_of(snapshot: &Snapshot, rel: &str) -> String {
    match snapshot.open.get(rel) {
        Some(open) => open.uri.clone(),
        None => uri::from_path(&snapshot.root.join(rel)),
    }
}

/// The widget's path as `rules.toml`'s `[[overrides]]` globs see it: relative to the folder of
/// the configuration file, as `amolint check` run from that folder names it.
pub fn display_path(root: &Path, config: Option<&Path>) -> String {
    let base = config.and_then(Path::parent);
    match base.and_then(|b| root.strip_prefix(b).ok()) {
        Some(rel) if rel.as_os_str().is_empty() => ".".to_string(),
        Some(rel) => rel.to_string_lossy().replace('\\', "/"),
        None => root.to_string_lossy().into_owned(),
    }
}

/// Checks the widget of `snapshot` with `config` and places every finding for the client. A
/// panic outside the rules (which the engine isolates itself) becomes one AMO001 finding.
pub fn check(snapshot: Snapshot, config: WidgetConfig, encoding: Encoding) -> Checked {
    let loaded = &config.loaded;
    let display = display_path(&snapshot.root, loaded.path.as_deref());
    let engine = Engine {
        registry: &loaded.registry,
        config: &loaded.config,
    };
    let (limits, _) = loaded.config.limits();
    let run = || match DirSource::open_with_overlay(&snapshot.root, limits, &snapshot.overlay) {
        Ok(source) => engine.check(&display, &source),
        Err(e) => unreadable_widget(
            &display,
            SourceKind::Directory,
            loaded.config.fallback_platform(),
            &e.detail,
        ),
    };
    let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|p| {
        failed_widget(
            &display,
            SourceKind::Directory,
            loaded.config.fallback_platform(),
            &amolint_core::panic::message(p.as_ref()),
        )
    });
    place(snapshot, config, encoding, display, report)
}

/// Places the findings of `report`, a check of `snapshot`, for the client.
pub fn place(
    snapshot: Snapshot,
    config: WidgetConfig,
    encoding: Encoding,
    display: String,
    report: WidgetReport,
) -> Checked {
    let (_, parse) = config.loaded.config.limits();
    // The texts positions are taken from: the files with a placed finding or a fix edit.
    let mut wanted: BTreeSet<&str> = BTreeSet::new();
    for d in &report.diagnostics {
        if d.line.is_some() {
            wanted.insert(d.file.as_deref().unwrap_or(MANIFEST_FILE));
        }
        for edit in d.fix.iter().flat_map(|f| &f.edits) {
            if !edit.create {
                wanted.insert(&edit.file);
            }
        }
    }
    let maps: BTreeMap<String, Arc<LineMap>> = wanted
        .into_iter()
        .filter_map(|rel| {
            let text = read_text(&snapshot, rel, parse.max_file_bytes)?;
            Some((rel.to_string(), Arc::new(LineMap::new(text))))
        })
        .collect();
    let mut files: BTreeMap<String, FileResult> = BTreeMap::new();
    for (index, d) in report.diagnostics.iter().enumerate() {
        let rel = d.file.as_deref().unwrap_or(MANIFEST_FILE);
        let map = maps.get(rel);
        let range = match (d.line, d.column, map) {
            (Some(line), Some(column), Some(map)) => Range::new(
                map.position_of_column(line, column, encoding),
                map.position_of_column(
                    d.end_line.unwrap_or(line),
                    d.end_column.unwrap_or(column),
                    encoding,
                ),
            ),
            _ => Range::default(),
        };
        let uri = uri_of(&snapshot, rel);
        let file = files.entry(uri).or_insert_with(|| FileResult {
            rel: Some(rel.to_string()),
            version: snapshot.open.get(rel).map(|o| o.version),
            placed: Vec::new(),
        });
        file.placed.push(Placed {
            index: Some(index),
            diagnostic: to_lsp(d, range, index),
        });
    }
    if let Some(problem) = &config.problem {
        place_problem(problem, encoding, &mut files);
    }
    Checked {
        snapshot,
        display,
        report,
        config,
        encoding,
        files,
        maps,
    }
}

/// The text of a widget file as the check read it: the buffer laid over it, or the file.
fn read_text(snapshot: &Snapshot, rel: &str, max: u64) -> Option<Arc<str>> {
    let bytes = match snapshot.overlay.get(rel) {
        Some(bytes) => bytes.to_vec(),
        None => read_capped(&snapshot.root.join(rel), max)?,
    };
    Some(Arc::from(amolint_core::widget::decode(rel, bytes).text))
}

fn read_capped(path: &Path, max: u64) -> Option<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut bytes = Vec::new();
    file.take(max).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// An amolint finding as an LSP diagnostic: its code with a link to the rule's page, the help
/// after the message (editors show the whole message; related information needs a place).
fn to_lsp(d: &Diagnostic, range: Range, index: usize) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    lsp_types::Diagnostic {
        range,
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.clone())),
        code_description: rule_page_url(&d.code, &d.pack)
            .and_then(|href| lsp_types::Uri::from_str(&href).ok())
            .map(|href| CodeDescription { href }),
        source: Some("amolint".to_string()),
        message,
        related_information: None,
        tags: None,
        data: Some(serde_json::json!({ "index": index })),
    }
}

fn place_problem(
    problem: &ConfigProblem,
    encoding: Encoding,
    files: &mut BTreeMap<String, FileResult>,
) {
    let Some(file) = &problem.file else { return };
    let text = std::fs::read(file)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let map = LineMap::new(Arc::from(text));
    let at = map.position_of_column(problem.line, problem.column, encoding);
    let mut diagnostic = AMO002.diagnostic(
        Severity::Error,
        format!(
            "{}; widgets are checked with the default configuration until this is fixed",
            problem.message
        ),
    );
    diagnostic.file = Some(CONFIG_FILE_NAME.to_string());
    let mut lsp = to_lsp(&diagnostic, Range::new(at, at), 0);
    lsp.data = None;
    files
        .entry(uri::from_path(file))
        .or_default()
        .placed
        .push(Placed {
            index: None,
            diagnostic: lsp,
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_paths_are_relative_to_the_configuration() {
        let root = Path::new("/repo/widgets/acme");
        assert_eq!(
            display_path(root, Some(Path::new("/repo/rules.toml"))),
            "widgets/acme"
        );
        assert_eq!(
            display_path(root, Some(Path::new("/repo/widgets/acme/rules.toml"))),
            "."
        );
        assert_eq!(display_path(root, None), "/repo/widgets/acme");
        assert_eq!(
            display_path(root, Some(Path::new("/elsewhere/rules.toml"))),
            "/repo/widgets/acme"
        );
    }
}
