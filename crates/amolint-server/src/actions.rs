//! Code actions: each fixable finding's fix as a `quickfix`, "Fix all amolint issues"
//! (`source.fixAll.amolint`) and "Disable CODE in rules.toml" (a `refactor`).
//!
//! Owns turning the fixes the rules proposed (data on the findings of the last check) into
//! workspace edits; it must not invent a fix. Quick fixes are the findings' own edits, placed in
//! the text the check read; "fix all" runs `amolint-fix`'s passes with the safe fixes only, over
//! the same overlay the check read, as `amolint check --fix` would over the saved files, and
//! replaces each changed document whole. Edits name the version of every open document they
//! change, so a client refuses them if the document moved on; and no fix is offered from a check
//! older than the documents (the newer check is already on its way).

use crate::check::Checked;
use crate::documents::relative;
use crate::position::LineMap;
use crate::rules_toml;
use crate::server::{ClientCaps, Session};
use crate::uri;
use amolint_core::diagnostic::FixEdit;
use amolint_core::engine::Engine;
use amolint_core::fix::Applicability;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionTriggerKind,
    CreateFile, CreateFileOptions, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, Range, ResourceOp, TextDocumentEdit,
    TextEdit, WorkspaceEdit,
};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

/// The kind of "Fix all amolint issues".
pub const FIX_ALL: &str = "source.fixAll.amolint";

/// Work that answers a request later, off the message loop.
pub type Later = Box<dyn FnOnce() -> Vec<CodeActionOrCommand> + Send>;

pub enum Answer {
    Now(Vec<CodeActionOrCommand>),
    Later(Later),
}

pub fn code_actions(session: &Session, params: CodeActionParams) -> Answer {
    let Some(path) = uri::to_path(params.text_document.uri.as_str()) else {
        return Answer::Now(Vec::new());
    };
    let Some((root, fresh, config_doc)) = session.shared.docs.lock().ok().and_then(|docs| {
        let root = docs.widget_of(&path)?;
        let checked = session.shared.result(&root);
        let fresh = checked.as_ref().is_some_and(|c| is_fresh(c, &docs, &root));
        let config_path = session
            .shared
            .configs
            .path_for(&root)
            .unwrap_or_else(|| session.shared.configs.new_path_for(&root));
        let config_doc = docs.get(&config_path).map(|d| OpenConfig {
            text: d.text.to_string(),
            version: d.version,
            uri: d.uri.clone(),
        });
        Some((root, fresh, (config_path, config_doc)))
    }) else {
        return Answer::Now(Vec::new());
    };
    let Some(checked) = session.shared.result(&root) else {
        return Answer::Now(Vec::new());
    };
    let wanted = |kind: &str| {
        params.context.only.as_ref().is_none_or(|only| {
            only.iter()
                .any(|o| kind == o.as_str() || kind.starts_with(&format!("{}.", o.as_str())))
        })
    };
    let Some(rel) = relative(&root, &path) else {
        return Answer::Now(Vec::new());
    };
    let uri = checked.uri_of(&rel);
    let here: Vec<usize> = checked
        .files
        .get(&uri)
        .map(|file| {
            file.placed
                .iter()
                .filter(|p| crate::position::touches(params.range, p.diagnostic.range))
                .filter_map(|p| p.index)
                .collect()
        })
        .unwrap_or_default();
    let mut actions = Vec::new();
    if wanted(CodeActionKind::QUICKFIX.as_str()) && fresh {
        for &index in &here {
            if let Some(action) = quick_fix(&checked, &session.caps, index) {
                actions.push(CodeActionOrCommand::CodeAction(action));
            }
        }
    }
    if wanted(CodeActionKind::REFACTOR.as_str()) {
        let mut codes = BTreeSet::new();
        for &index in &here {
            let Some(d) = checked.report.diagnostics.get(index) else {
                continue;
            };
            if codes.insert(d.code.clone())
                && let Some(action) = disable(&checked, &session.caps, &d.code, &config_doc)
            {
                actions.push(CodeActionOrCommand::CodeAction(action));
            }
        }
    }
    // A lightbulb's automatic request does not run the fix passes; asking for source actions
    // (or on save) does.
    let automatic = params.context.trigger_kind == Some(CodeActionTriggerKind::AUTOMATIC)
        && params.context.only.is_none();
    let fixable = checked
        .report
        .diagnostics
        .iter()
        .any(|d| d.applicability() == Some(Applicability::Safe));
    if wanted(FIX_ALL) && fresh && fixable && !automatic {
        let caps = session.caps.clone();
        return Answer::Later(Box::new(move || {
            let mut all = actions;
            all.extend(fix_all(&checked, &caps).map(CodeActionOrCommand::CodeAction));
            all
        }));
    }
    Answer::Now(actions)
}

/// Whether the check read every document of the widget as the editor has it now.
fn is_fresh(checked: &Checked, docs: &crate::documents::Documents, root: &Path) -> bool {
    let now = docs.snapshot(root);
    now.open.len() == checked.snapshot.open.len()
        && now.open.iter().all(|(rel, open)| {
            checked
                .snapshot
                .open
                .get(rel)
                .is_some_and(|seen| seen.version == open.version && seen.overlaid == open.overlaid)
        })
}

fn quick_fix(checked: &Checked, caps: &ClientCaps, index: usize) -> Option<CodeAction> {
    let d = checked.report.diagnostics.get(index)?;
    let fix = d.fix.as_ref()?;
    let edit = fix_edit(checked, caps, &fix.edits)?;
    let diagnostic = checked
        .files
        .values()
        .flat_map(|f| &f.placed)
        .find(|p| p.index == Some(index))
        .map(|p| p.diagnostic.clone());
    let safe = fix.applicability == Applicability::Safe;
    Some(CodeAction {
        title: format!(
            "{}: {}{}",
            d.code,
            fix.message,
            if safe { "" } else { " (unsafe fix)" }
        ),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: diagnostic.map(|d| vec![d]),
        edit: Some(edit),
        is_preferred: Some(safe),
        ..CodeAction::default()
    })
}

/// The edits of one fix as a workspace edit; `None` when the client cannot apply it (a file to
/// create without resource operations) or an edit touches the byte order mark, which the editor
/// does not show.
fn fix_edit(checked: &Checked, caps: &ClientCaps, edits: &[FixEdit]) -> Option<WorkspaceEdit> {
    let mut builder = Builder::default();
    for edit in edits {
        let uri = checked.uri_of(&edit.file);
        let version = checked.open(&edit.file).map(|o| o.version);
        if edit.create {
            builder.create(uri, edit.content.clone());
            continue;
        }
        let map = checked.maps.get(&edit.file)?;
        if map.has_bom() && edit.range.start < 3 {
            return None;
        }
        let range = Range::new(
            map.position_of_offset(edit.range.start, checked.encoding),
            map.position_of_offset(edit.range.end, checked.encoding),
        );
        builder.edit(uri, version, TextEdit::new(range, edit.content.clone()));
    }
    builder.build(caps)
}

/// "Fix all amolint issues": the safe fixes, applied by the fix passes in memory.
fn fix_all(checked: &Checked, caps: &ClientCaps) -> Option<CodeAction> {
    let loaded = &checked.config.loaded;
    let engine = Engine {
        registry: &loaded.registry,
        config: &loaded.config,
    };
    let plan = amolint_fix::plan_over(
        &engine,
        &checked.display,
        &checked.snapshot.root,
        &amolint_fix::Options {
            unsafe_fixes: false,
        },
        checked.snapshot.overlay.clone(),
    )
    .ok()?;
    if plan.changes.is_empty() {
        return None;
    }
    let mut builder = Builder::default();
    for change in &plan.changes {
        let uri = checked.uri_of(&change.path);
        let fixed = String::from_utf8_lossy(&change.fixed);
        let fixed = fixed.strip_prefix('\u{feff}').unwrap_or(&fixed).to_string();
        match &change.original {
            None => builder.create(uri, fixed),
            Some(original) => {
                let text = amolint_core::widget::decode(&change.path, original.clone()).text;
                let map = LineMap::new(Arc::from(text));
                let version = checked.open(&change.path).map(|o| o.version);
                builder.edit(
                    uri,
                    version,
                    TextEdit::new(map.whole(checked.encoding), fixed),
                );
            }
        }
    }
    let count = plan.fixes.len();
    Some(CodeAction {
        title: format!(
            "Fix all amolint issues ({count} safe fix{})",
            if count == 1 { "" } else { "es" }
        ),
        kind: Some(CodeActionKind::new(FIX_ALL)),
        edit: Some(builder.build(caps)?),
        ..CodeAction::default()
    })
}

/// The configuration file as the editor has it open.
struct OpenConfig {
    text: String,
    version: i32,
    uri: String,
}

/// "Disable CODE in rules.toml", editing the configuration the widget uses (its buffer when it
/// is open) or creating one.
fn disable(
    checked: &Checked,
    caps: &ClientCaps,
    code: &str,
    (path, open): &(std::path::PathBuf, Option<OpenConfig>),
) -> Option<CodeAction> {
    let registry = &checked.config.loaded.registry;
    let meta = registry.meta(registry.index_of_code(code)?);
    let (text, uri, version) = match open {
        Some(open) => (
            Some(open.text.clone()),
            open.uri.clone(),
            Some(open.version),
        ),
        None => (
            std::fs::read(path)
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned()),
            uri::from_path(path),
            None,
        ),
    };
    let mut builder = Builder::default();
    match text {
        Some(text) => {
            let (span, content) = rules_toml::disable(&text, meta.code, meta.name)?;
            let map = LineMap::new(Arc::from(text));
            let range = Range::new(
                map.position_of_offset(span.start, checked.encoding),
                map.position_of_offset(span.end, checked.encoding),
            );
            builder.edit(uri, version, TextEdit::new(range, content));
        }
        None => builder.create(uri, rules_toml::new_file(meta.code)),
    }
    let file = path
        .file_name()
        .map_or_else(|| "rules.toml".into(), |n| n.to_string_lossy());
    Some(CodeAction {
        title: format!("Disable {} ({}) in {file}", meta.code, meta.name),
        kind: Some(CodeActionKind::REFACTOR),
        edit: Some(builder.build(caps)?),
        ..CodeAction::default()
    })
}

/// Collects edits by document, in order, and writes them as the client can take them.
#[derive(Default)]
struct Builder {
    files: Vec<FileEdits>,
}

struct FileEdits {
    uri: String,
    version: Option<i32>,
    create: bool,
    edits: Vec<TextEdit>,
}

impl Builder {
    fn file(&mut self, uri: String) -> &mut FileEdits {
        let at = match self.files.iter().position(|f| f.uri == uri) {
            Some(at) => at,
            None => {
                self.files.push(FileEdits {
                    uri,
                    version: None,
                    create: false,
                    edits: Vec::new(),
                });
                self.files.len() - 1
            }
        };
        &mut self.files[at]
    }

    fn edit(&mut self, uri: String, version: Option<i32>, edit: TextEdit) {
        let file = self.file(uri);
        file.version = version;
        file.edits.push(edit);
    }

    fn create(&mut self, uri: String, content: String) {
        let file = self.file(uri);
        file.create = true;
        let start = Position::new(0, 0);
        file.edits
            .push(TextEdit::new(Range::new(start, start), content));
    }

    /// `documentChanges` (versioned, with creations) when the client takes them, else
    /// `changes`; `None` when a file must be created and the client cannot.
    fn build(self, caps: &ClientCaps) -> Option<WorkspaceEdit> {
        let creates = self.files.iter().any(|f| f.create);
        if creates && !(caps.create_files && caps.document_changes) {
            return None;
        }
        if caps.document_changes {
            let mut ops = Vec::new();
            for file in self.files {
                let uri = lsp_types::Uri::from_str(&file.uri).ok()?;
                if file.create {
                    ops.push(DocumentChangeOperation::Op(ResourceOp::Create(
                        CreateFile {
                            uri: uri.clone(),
                            options: Some(CreateFileOptions {
                                overwrite: Some(false),
                                ignore_if_exists: Some(true),
                            }),
                            annotation_id: None,
                        },
                    )));
                }
                ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri,
                        version: file.version,
                    },
                    edits: file.edits.into_iter().map(OneOf::Left).collect(),
                }));
            }
            return Some(WorkspaceEdit {
                document_changes: Some(DocumentChanges::Operations(ops)),
                ..WorkspaceEdit::default()
            });
        }
        // The type lsp-types gives `changes`; its `Uri` keys are never changed once inserted.
        #[allow(clippy::mutable_key_type)]
        let mut changes = HashMap::new();
        for file in self.files {
            changes.insert(lsp_types::Uri::from_str(&file.uri).ok()?, file.edits);
        }
        Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        })
    }
}
