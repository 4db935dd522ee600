//! The message loop: the protocol's lifecycle (`initialize`, `shutdown`, `exit`), document
//! notifications turned into checks for the worker, and the requests (code actions, hover,
//! completion) answered from the last check.
//!
//! Owns the session's state machine and the dispatch of methods. It must not run a check itself
//! (the worker does, and the "fix all" action runs on a thread of its own), so that it answers
//! every message while a check runs.

use crate::actions;
use crate::check::Configs;
use crate::completion;
use crate::documents::Documents;
use crate::hover;
use crate::position::Encoding;
use crate::transport::{Incoming, Outgoing};
use crate::uri;
use crate::worker::{self, DEBOUNCE, Job, Shared};
use crate::{Options, ServerEnd};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as n, Notification as _};
use lsp_types::request::{self as r, Request as _};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the client can do, as far as the server cares.
#[derive(Clone, Debug, Default)]
pub struct ClientCaps {
    pub document_changes: bool,
    pub create_files: bool,
    pub watch_registration: bool,
}

impl ClientCaps {
    fn from_params(params: &Value) -> ClientCaps {
        let caps = &params["capabilities"];
        let edit = &caps["workspace"]["workspaceEdit"];
        ClientCaps {
            document_changes: edit["documentChanges"].as_bool().unwrap_or(false),
            create_files: edit["resourceOperations"]
                .as_array()
                .is_some_and(|ops| ops.iter().any(|o| o == "create")),
            watch_registration: caps["workspace"]["didChangeWatchedFiles"]["dynamicRegistration"]
                .as_bool()
                .unwrap_or(false),
        }
    }
}

/// Everything a request handler may need.
pub struct Session {
    pub shared: Arc<Shared>,
    pub caps: ClientCaps,
    pub out: Sender<Outgoing>,
    jobs: Sender<Job>,
}

enum State {
    Uninitialized,
    Running(Session),
    ShutDown,
}

/// Serves until `exit`, the end of input or the client's death.
pub fn serve(incoming: Receiver<Incoming>, out: Sender<Outgoing>, options: &Options) -> ServerEnd {
    let mut state = State::Uninitialized;
    let (parent_tx, parent_rx) = crossbeam_channel::bounded::<()>(1);
    loop {
        let incoming = crossbeam_channel::select! {
            recv(incoming) -> msg => match msg {
                Ok(msg) => msg,
                Err(_) => return ServerEnd::InputClosed,
            },
            recv(parent_rx) -> _ => return ServerEnd::ClientGone,
        };
        let message = match incoming {
            Incoming::Message(message) => message,
            Incoming::Unreadable(reply) => {
                let _ = out.send(Outgoing::Raw(reply));
                continue;
            }
            Incoming::Closed => return ServerEnd::InputClosed,
        };
        match (&mut state, message) {
            (_, Message::Notification(note)) if note.method == n::Exit::METHOD => {
                return if matches!(state, State::ShutDown) {
                    ServerEnd::Exit
                } else {
                    ServerEnd::ExitWithoutShutdown
                };
            }
            (State::Uninitialized, Message::Request(req))
                if req.method == r::Initialize::METHOD =>
            {
                let (session, result) = initialize(&req.params, &out, options);
                if let Some(pid) = process_id(&req.params) {
                    crate::parent::watch(pid, parent_tx.clone());
                }
                let _ = out.send(Outgoing::Message(Response::new_ok(req.id, result).into()));
                state = State::Running(session);
            }
            (State::Uninitialized, Message::Request(req)) => reply_err(
                &out,
                req.id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet",
            ),
            (State::Uninitialized | State::ShutDown, Message::Notification(_))
            | (_, Message::Response(_)) => {}
            (State::ShutDown, Message::Request(req)) => reply_err(
                &out,
                req.id,
                ErrorCode::InvalidRequest,
                "the server is shut down; only `exit` is expected",
            ),
            (State::Running(_), Message::Request(req)) if req.method == r::Initialize::METHOD => {
                reply_err(
                    &out,
                    req.id,
                    ErrorCode::InvalidRequest,
                    "the server is already initialized",
                );
            }
            (State::Running(_), Message::Request(req)) if req.method == r::Shutdown::METHOD => {
                let _ = out.send(Outgoing::Message(Response::new_ok(req.id, ()).into()));
                state = State::ShutDown;
            }
            (State::Running(session), Message::Request(req)) => request(session, req),
            (State::Running(session), Message::Notification(note)) => notification(session, note),
        }
    }
}

fn process_id(params: &Value) -> Option<u32> {
    params["processId"]
        .as_u64()
        .and_then(|p| u32::try_from(p).ok())
}

fn initialize(params: &Value, out: &Sender<Outgoing>, options: &Options) -> (Session, Value) {
    let offered: Option<Vec<lsp_types::PositionEncodingKind>> =
        serde_json::from_value(params["capabilities"]["general"]["positionEncodings"].clone()).ok();
    let encoding = Encoding::negotiate(offered.as_deref());
    let caps = ClientCaps::from_params(params);
    let workspace = workspace_folders(params);
    let shared = Arc::new(Shared {
        docs: Mutex::new(Documents::default()),
        results: Mutex::new(Default::default()),
        configs: Configs::new(options.loader.clone(), workspace),
        encoding,
    });
    let (jobs, receive) = crossbeam_channel::unbounded();
    {
        let shared = shared.clone();
        let out = out.clone();
        // The script parser needs its large stack on the thread that checks.
        let spawned = std::thread::Builder::new()
            .name("amolint-check".into())
            .stack_size(amolint_core::script::PARSE_STACK_BYTES)
            .spawn(move || worker::run(receive, shared, out));
        if let Err(e) = spawned {
            eprintln!("amolint server: cannot start the check thread: {e}");
        }
    }
    let result = json!({
        "capabilities": capabilities(encoding),
        "serverInfo": {"name": "amolint", "version": env!("CARGO_PKG_VERSION")},
    });
    (
        Session {
            shared,
            caps,
            out: out.clone(),
            jobs,
        },
        result,
    )
}

fn capabilities(encoding: Encoding) -> Value {
    json!({
        "positionEncoding": encoding.kind(),
        "textDocumentSync": {
            "openClose": true,
            "change": 1,
            "save": {"includeText": false},
        },
        "codeActionProvider": {
            "codeActionKinds": ["quickfix", "refactor", actions::FIX_ALL],
        },
        "hoverProvider": true,
        "completionProvider": {
            "triggerCharacters": ["\"", "[", ",", ":"],
        },
    })
}

/// The workspace folders, else the root the client names.
fn workspace_folders(params: &Value) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = params["workspaceFolders"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| uri::to_path(f["uri"].as_str()?))
        .collect();
    if folders.is_empty() {
        folders.extend(
            params["rootUri"]
                .as_str()
                .and_then(uri::to_path)
                .or_else(|| params["rootPath"].as_str().map(PathBuf::from)),
        );
    }
    folders
}

fn reply_err(out: &Sender<Outgoing>, id: RequestId, code: ErrorCode, message: &str) {
    let _ = out.send(Outgoing::Message(
        Response::new_err(id, code as i32, message.to_string()).into(),
    ));
}

fn request(session: &mut Session, req: Request) {
    let Request { id, method, params } = req;
    let result: Result<Value, (ErrorCode, String)> = match method.as_str() {
        r::CodeActionRequest::METHOD => match parse(params) {
            Ok(p) => match actions::code_actions(session, p) {
                actions::Answer::Now(actions) => Ok(to_value(actions)),
                actions::Answer::Later(job) => {
                    answer_later(session, id, job);
                    return;
                }
            },
            Err(e) => Err(e),
        },
        r::HoverRequest::METHOD => parse(params).map(|p| to_value(hover::hover(session, p))),
        r::Completion::METHOD => parse(params).map(|p| to_value(completion::complete(session, p))),
        _ => Err((
            ErrorCode::MethodNotFound,
            format!("amolint does not handle `{method}`"),
        )),
    };
    match result {
        Ok(value) => {
            let _ = session
                .out
                .send(Outgoing::Message(Response::new_ok(id, value).into()));
        }
        Err((code, message)) => reply_err(&session.out, id, code, &message),
    }
}

fn to_value(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Answers `id` from a thread of its own: the "fix all" action runs the fix passes, which check
/// the widget, and the message loop must not wait for them.
fn answer_later(session: &Session, id: RequestId, job: actions::Later) {
    let out = session.out.clone();
    let spawned = std::thread::Builder::new()
        .name("amolint-fix-all".into())
        .stack_size(amolint_core::script::PARSE_STACK_BYTES)
        .spawn({
            let id = id.clone();
            move || {
                amolint_core::script::declare_large_stack();
                let value = to_value(job());
                let _ = out.send(Outgoing::Message(Response::new_ok(id, value).into()));
            }
        });
    if let Err(e) = spawned {
        reply_err(
            &session.out,
            id,
            ErrorCode::InternalError,
            &format!("cannot start a thread: {e}"),
        );
    }
}

fn parse<P: serde::de::DeserializeOwned>(params: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn notification(session: &mut Session, note: Notification) {
    match note.method.as_str() {
        n::Initialized::METHOD if session.caps.watch_registration => register_watchers(session),
        n::DidOpenTextDocument::METHOD => {
            if let Ok(p) =
                serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(note.params)
                && let Some(path) = uri::to_path(p.text_document.uri.as_str())
            {
                with_docs(session, |docs| {
                    docs.open(
                        path.clone(),
                        p.text_document.uri.as_str().to_string(),
                        p.text_document.version,
                        p.text_document.text,
                    )
                });
                if is_config(&path) {
                    let _ = session.jobs.send(Job::ConfigChanged);
                }
                check(session, &path, Duration::ZERO);
            }
        }
        n::DidChangeTextDocument::METHOD => {
            if let Ok(mut p) =
                serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(note.params)
                && let Some(path) = uri::to_path(p.text_document.uri.as_str())
                // Full sync: the last change holds the whole text.
                && let Some(change) = p.content_changes.pop()
            {
                let changed = with_docs(session, |docs| {
                    docs.change(&path, p.text_document.version, change.text)
                });
                if changed == Some(true) {
                    check(session, &path, DEBOUNCE);
                }
            }
        }
        n::DidSaveTextDocument::METHOD => {
            if let Ok(p) =
                serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(note.params)
                && let Some(path) = uri::to_path(p.text_document.uri.as_str())
            {
                with_docs(session, |docs| docs.saved(&path));
                if is_config(&path) {
                    let _ = session.jobs.send(Job::ConfigChanged);
                } else {
                    check(session, &path, Duration::ZERO);
                }
            }
        }
        n::DidCloseTextDocument::METHOD => {
            if let Ok(p) =
                serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(note.params)
                && let Some(path) = uri::to_path(p.text_document.uri.as_str())
            {
                let root = with_docs(session, |docs| docs.widget_of(&path)).flatten();
                with_docs(session, |docs| docs.close(&path));
                if let Some(root) = root {
                    // Back to the disk's content, or (no document left) cleared.
                    let _ = session.jobs.send(Job::Check {
                        root,
                        delay: Duration::ZERO,
                    });
                }
            }
        }
        n::DidChangeWatchedFiles::METHOD => {
            if let Ok(p) =
                serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(note.params)
            {
                watched(session, &p);
            }
        }
        _ => {}
    }
}

fn with_docs<T>(session: &Session, f: impl FnOnce(&mut Documents) -> T) -> Option<T> {
    session.shared.docs.lock().ok().map(|mut d| f(&mut d))
}

/// Asks for a check of the widget `path` belongs to.
fn check(session: &Session, path: &Path, delay: Duration) {
    if let Some(root) = with_docs(session, |docs| docs.widget_of(path)).flatten() {
        let _ = session.jobs.send(Job::Check { root, delay });
    }
}

/// A configuration file: `rules.toml`, or any TOML file it may extend.
fn is_config(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "toml")
}

/// Files changed on disk: a configuration re-reads every configuration; anything else re-checks
/// the open widgets it lies in (an image replaced, a locale file added).
fn watched(session: &Session, params: &lsp_types::DidChangeWatchedFilesParams) {
    let paths: Vec<PathBuf> = params
        .changes
        .iter()
        .filter_map(|c| uri::to_path(c.uri.as_str()))
        .collect();
    if paths.iter().any(|p| is_config(p)) {
        let _ = session.jobs.send(Job::ConfigChanged);
        return;
    }
    let roots = with_docs(session, |d| d.widgets()).unwrap_or_default();
    for root in roots {
        if paths.iter().any(|p| p.starts_with(&root)) {
            let _ = session.jobs.send(Job::Check {
                root,
                delay: Duration::ZERO,
            });
        }
    }
}

fn register_watchers(session: &Session) {
    let params = json!({
        "registrations": [{
            "id": "amolint-watched-files",
            "method": n::DidChangeWatchedFiles::METHOD,
            "registerOptions": {"watchers": [{"globPattern": "**/*"}]},
        }],
    });
    let _ = session.out.send(Outgoing::Message(
        Request::new(
            RequestId::from("amolint-register-watchers".to_string()),
            r::RegisterCapability::METHOD.to_string(),
            params,
        )
        .into(),
    ));
}
