//! amolint's language server (`amolint server`, LSP over standard input and output) and the
//! JSON Schema of `manifest.json` (`amolint schema manifest`): findings in the editor as the
//! author types, with quick fixes, "fix all", hover and completion, and the schema that lets any
//! editor's JSON support complete and validate a manifest without the server.
//!
//! Owns the documents, the overlay of unsaved buffers over a widget folder, the debounced checks,
//! the mapping of findings and fixes to LSP, and the schema's generation from the rules' tables.
//! It must not decide what a finding or a fix is (the rules do, through the engine), nor apply
//! fixes to disk (the editor applies the edits it is given), nor read `rules.toml` its own way:
//! the binary hands it the same loader `amolint check` uses ([`check::Loader`]).
//!
//! Why `lsp-server` (rust-analyzer's scaffold) with `lsp-types` rather than `tower-lsp-server`:
//! checks are synchronous, CPU-bound work over the engine's single-threaded widget view, so an
//! async runtime would add tokio and an executor for nothing; with `lsp-server`'s plain message
//! types and crossbeam channels the server is a loop, one check worker thread and the I/O
//! threads, whose order of events a test can follow. Its stdio reader is the one part not used:
//! it ends the session at the first malformed message, and this server must answer garbage with
//! a JSON-RPC error and go on ([`transport`]). Both crates build on rustc 1.95.
//!
//! Threads: the reader (standard input to [`transport::Incoming`]s), the writer (every message
//! out, in order), the message loop ([`server`]), the check worker ([`worker`]), a watch of the
//! client's process ([`parent`]), and a short-lived thread per "fix all" request.

mod actions;
pub mod check;
mod completion;
mod documents;
mod hover;
mod parent;
pub mod position;
mod rules_toml;
pub mod schema;
mod server;
mod transport;
pub mod uri;
mod worker;

pub use check::{ConfigProblem, Loaded, Loader};
pub use documents::{Documents, Snapshot};

use crossbeam_channel::bounded;
use std::io::{BufRead, Write};
use std::sync::Arc;
use std::time::Duration;

/// How the binary configures the server.
pub struct Options {
    /// Reads `rules.toml` (or, given `None`, no file) as `amolint check` does.
    pub loader: Arc<Loader>,
}

/// Why the server stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerEnd {
    /// `exit` after `shutdown`, as the protocol wants.
    Exit,
    /// `exit` without `shutdown`.
    ExitWithoutShutdown,
    /// Standard input ended: the client is gone.
    InputClosed,
    /// The client's process (`processId`) is gone.
    ClientGone,
}

impl ServerEnd {
    /// The process's exit status: 0 only after `shutdown` and `exit`, as the protocol says.
    pub fn exit_code(self) -> u8 {
        match self {
            ServerEnd::Exit => 0,
            _ => 1,
        }
    }
}

/// Serves the client on standard input and output until it leaves.
pub fn run_stdio(options: Options) -> ServerEnd {
    serve(
        std::io::BufReader::new(std::io::stdin()),
        std::io::stdout(),
        options,
    )
}

/// Serves the client reading `input` and writing `output`.
pub fn serve(
    mut input: impl BufRead + Send + 'static,
    mut output: impl Write + Send + 'static,
    options: Options,
) -> ServerEnd {
    let (incoming_tx, incoming) = bounded(64);
    let (out, outgoing) = crossbeam_channel::unbounded();
    let (closed_tx, closed) = bounded::<()>(1);
    // Neither thread is joined: the reader may be blocked on input that never ends, and the
    // process ends when the server returns.
    let reader = std::thread::Builder::new()
        .name("amolint-lsp-reader".into())
        .spawn(move || {
            transport::read_messages(&mut input, &|incoming| incoming_tx.send(incoming).is_ok())
        });
    let writer = std::thread::Builder::new()
        .name("amolint-lsp-writer".into())
        .spawn(move || transport::write_messages(&mut output, outgoing, closed_tx));
    if reader.is_err() || writer.is_err() {
        return ServerEnd::InputClosed;
    }
    // Output that can no longer be written means the client is gone, as closed input does.
    let (merged_tx, merged) = bounded(64);
    let _ = std::thread::Builder::new()
        .name("amolint-lsp-merge".into())
        .spawn(move || {
            loop {
                let next = crossbeam_channel::select! {
                    recv(incoming) -> msg => msg.unwrap_or(transport::Incoming::Closed),
                    recv(closed) -> _ => transport::Incoming::Closed,
                };
                let last = matches!(next, transport::Incoming::Closed);
                if merged_tx.send(next).is_err() || last {
                    return;
                }
            }
        });
    let end = server::serve(merged, out.clone(), &options);
    // Let the writer send what is queued (the answer to `shutdown`) before the process ends.
    let (done_tx, done) = bounded(1);
    if out.send(transport::Outgoing::Flushed(done_tx)).is_ok() {
        let _ = done.recv_timeout(Duration::from_secs(2));
    }
    end
}
