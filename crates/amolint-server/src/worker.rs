//! The check worker: one thread that runs the checks the message loop asks for, when they are
//! due, and publishes what they find.
//!
//! Owns scheduling and publishing. A check asked for while one for the same widget is pending
//! replaces it (its time included, so each keystroke pushes the check of an edit back by the
//! debounce); a check whose widget was asked for again while it ran publishes nothing, the newer
//! one will. Every file that had findings and has none any more gets an empty list. The message
//! loop never waits for a check: it only sends [`Job`]s.

use crate::check::Configs;
use crate::check::{self, Checked};
use crate::documents::Documents;
use crate::position::Encoding;
use crate::transport::Outgoing;
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_server::Notification;
use lsp_types::PublishDiagnosticsParams;
use lsp_types::notification::{Notification as _, PublishDiagnostics};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long after an edit its check starts: typing faster than this checks once.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// What the message loop and the worker share.
pub struct Shared {
    pub docs: Mutex<Documents>,
    /// The last check of each widget that was published.
    pub results: Mutex<HashMap<PathBuf, Arc<Checked>>>,
    pub configs: Configs,
    pub encoding: Encoding,
}

impl Shared {
    pub fn result(&self, root: &std::path::Path) -> Option<Arc<Checked>> {
        self.results.lock().ok()?.get(root).cloned()
    }
}

pub enum Job {
    /// Check the widget at `root` after `delay` (replacing a pending check of it).
    Check { root: PathBuf, delay: Duration },
    /// Every configuration may have changed: read them again and check every open widget now.
    ConfigChanged,
}

/// Runs jobs until the channel closes.
pub fn run(jobs: Receiver<Job>, shared: Arc<Shared>, out: Sender<Outgoing>) {
    amolint_core::script::declare_large_stack();
    let mut pending: BTreeMap<PathBuf, Instant> = BTreeMap::new();
    loop {
        let now = Instant::now();
        let next = pending.values().min().copied();
        let job = match next {
            Some(due) if due <= now => None,
            Some(due) => match jobs.recv_timeout(due - now) {
                Ok(job) => Some(job),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            },
            None => match jobs.recv() {
                Ok(job) => Some(job),
                Err(_) => return,
            },
        };
        if let Some(job) = job {
            take(job, &mut pending, &shared);
            continue;
        }
        let now = Instant::now();
        let Some(root) = pending
            .iter()
            .find(|(_, due)| **due <= now)
            .map(|(root, _)| root.clone())
        else {
            continue;
        };
        pending.remove(&root);
        let checked = check_now(&shared, &root);
        // Asked for again while it ran: the newer check publishes.
        while let Ok(job) = jobs.try_recv() {
            take(job, &mut pending, &shared);
        }
        if pending.contains_key(&root) {
            continue;
        }
        publish(&shared, &out, &root, checked);
    }
}

fn take(job: Job, pending: &mut BTreeMap<PathBuf, Instant>, shared: &Shared) {
    match job {
        Job::Check { root, delay } => {
            pending.insert(root, Instant::now() + delay);
        }
        Job::ConfigChanged => {
            shared.configs.forget();
            let roots = shared.docs.lock().map(|d| d.widgets()).unwrap_or_default();
            let now = Instant::now();
            for root in roots {
                pending.insert(root, now);
            }
        }
    }
}

/// The widget checked as the editor has it now; `None` when none of its documents is open any
/// more.
fn check_now(shared: &Shared, root: &std::path::Path) -> Option<Checked> {
    let snapshot = {
        let docs = shared.docs.lock().ok()?;
        if !docs.has_open(root) {
            return None;
        }
        docs.snapshot(root)
    };
    let config = shared.configs.for_widget(root);
    Some(check::check(snapshot, config, shared.encoding))
}

/// Publishes the findings of `checked` and an empty list for each file of the previous check of
/// the widget that has none now; with no check (the widget was closed), empties them all.
///
/// The check is stored before anything is sent: a client that answers a diagnostic with a hover
/// or a code action must find the check that diagnostic came from.
fn publish(shared: &Shared, out: &Sender<Outgoing>, root: &PathBuf, checked: Option<Checked>) {
    let checked = checked.map(Arc::new);
    let previous = shared.results.lock().ok().and_then(|mut r| match &checked {
        Some(checked) => r.insert(root.clone(), Arc::clone(checked)),
        None => r.remove(root),
    });
    let mut now: BTreeSet<&str> = BTreeSet::new();
    if let Some(checked) = &checked {
        for (uri, file) in &checked.files {
            now.insert(uri);
            send(
                out,
                uri,
                file.placed.iter().map(|p| p.diagnostic.clone()).collect(),
                file.version,
            );
        }
    }
    if let Some(previous) = &previous {
        for uri in previous.files.keys() {
            if !now.contains(uri.as_str()) {
                let version = checked
                    .as_ref()
                    .and_then(|c| c.files.get(uri))
                    .and_then(|f| f.version);
                send(out, uri, Vec::new(), version);
            }
        }
    }
}

fn send(
    out: &Sender<Outgoing>,
    uri: &str,
    diagnostics: Vec<lsp_types::Diagnostic>,
    version: Option<i32>,
) {
    let Ok(uri) = lsp_types::Uri::from_str(uri) else {
        return;
    };
    let params = PublishDiagnosticsParams {
        uri,
        diagnostics,
        version,
    };
    let _ = out.send(Outgoing::Message(
        Notification::new(PublishDiagnostics::METHOD.to_string(), params).into(),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Loaded, Loader};
    use amolint_core::config::Config;
    use std::path::Path;

    /// The defective example widget with its manifest open, the state shared with the message
    /// loop, and how many files the widget has findings in.
    fn open_widget() -> (Arc<Shared>, PathBuf, usize) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/widgets/defective")
            .canonicalize()
            .expect("the defective example widget");
        let loader: Arc<Loader> = Arc::new(|path: Option<&Path>| {
            Ok(Loaded {
                registry: amolint_rules::registry(),
                config: Config::default(),
                path: path.map(Path::to_path_buf),
                keep: None,
            })
        });
        let shared = Arc::new(Shared {
            docs: Mutex::new(Documents::default()),
            results: Mutex::new(HashMap::new()),
            configs: Configs::new(loader, Vec::new()),
            encoding: Encoding::Utf16,
        });
        let manifest = root.join("manifest.json");
        let text = std::fs::read_to_string(&manifest).expect("manifest.json");
        let uri = format!("file://{}", manifest.display());
        shared
            .docs
            .lock()
            .expect("documents")
            .open(manifest, uri, 1, text);
        let files = check_now(&shared, &root)
            .expect("the widget has an open document")
            .files
            .len();
        assert!(files >= 2, "the example has findings in several files");
        (shared, root, files)
    }

    /// A client may answer a diagnostic at once (a hover, a code action), and the message loop
    /// answers from the stored check: it must be stored when the first diagnostic leaves.
    #[test]
    fn a_check_is_stored_before_its_first_diagnostic_is_sent() {
        let (shared, root, files) = open_widget();
        let checked = check_now(&shared, &root).expect("the widget has an open document");

        // A rendezvous channel: each send waits until the client takes the message, so the
        // client looks at the server's state between the first diagnostic and the next.
        let (out, client) = crossbeam_channel::bounded(0);
        let publisher = {
            let shared = Arc::clone(&shared);
            let root = root.clone();
            std::thread::spawn(move || publish(&shared, &out, &root, Some(checked)))
        };
        let first = client.recv().expect("a first diagnostic");
        assert!(
            shared.result(&root).is_some(),
            "a diagnostic was sent before the check it came from was stored"
        );
        let rest = client.iter().count();
        publisher.join().expect("publish");
        assert!(matches!(first, Outgoing::Message(_)));
        assert_eq!(1 + rest, files);
    }

    /// Keystrokes in quick succession: each asks for a check, and the widget is checked and
    /// published once, no sooner than the delay after the first.
    #[test]
    fn checks_asked_for_in_quick_succession_publish_once() {
        let (shared, root, files) = open_widget();
        let (jobs, incoming) = crossbeam_channel::unbounded();
        let (out, client) = crossbeam_channel::unbounded();
        let worker = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || run(incoming, shared, out))
        };
        // Long enough that the five asks are always within it, however loaded the machine.
        let delay = Duration::from_secs(2);
        let asked = Instant::now();
        for _ in 0..5 {
            let root = root.clone();
            jobs.send(Job::Check { root, delay }).expect("the worker");
        }
        let mut published = vec![
            client
                .recv_timeout(Duration::from_secs(60))
                .expect("the check's diagnostics"),
        ];
        assert!(asked.elapsed() >= delay, "published before the delay");
        while published.len() < files {
            published.push(
                client
                    .recv_timeout(Duration::from_secs(60))
                    .expect("the rest of the check's diagnostics"),
            );
        }
        // Closing the channel ends the worker; anything it sent meanwhile is counted.
        drop(jobs);
        worker.join().expect("the worker");
        published.extend(client.iter());
        assert_eq!(
            published.len(),
            files,
            "the widget was published more than once"
        );
    }
}
