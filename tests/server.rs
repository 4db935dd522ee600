//! `amolint server` driven as an editor drives it: the binary over pipes, LSP framing, a widget
//! in a folder whose name needs percent-encoding, buffers that differ from the disk.
//!
//! The same scenario runs in Neovim (tests/server/nvim.lua), a client nobody here wrote; that
//! test needs `nvim` (Debian's `neovim`): `.ci/run` installs it and sets AMOLINT_REQUIRE_NVIM, so
//! CI never skips it; elsewhere it says it skipped and passes.
#![cfg(unix)]

mod common;

use common::*;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// Long enough for a debug build on a loaded machine; a passing run takes well under a second.
const WAIT: Duration = Duration::from_secs(30);

/// A client over the server's pipes.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications and responses received and not yet looked at.
    seen: Vec<Value>,
    next_id: i64,
    /// The server asked to watch files.
    watching: bool,
}

impl Client {
    fn start(args: &[&str]) -> Client {
        let mut child = Command::new(amolint_bin())
            .arg("server")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("amolint server");
        let stdin = child.stdin.take();
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            while let Some(message) = read_message(&mut stdout) {
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            seen: Vec::new(),
            next_id: 0,
            watching: false,
        }
    }

    fn write_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        self.write_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response (answering the server's own requests).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(&format!("the response to {method}"), |m| {
            m["id"] == json!(id) && m.get("method").is_none()
        })
    }

    /// The first message (already seen or to come) that `wanted` accepts; later ones are kept.
    fn wait(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&wanted) {
            return self.seen.remove(i);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) => {
                    // The server registers its file watchers; answer as a client does.
                    if message["method"] == "client/registerCapability" {
                        self.watching |= message["params"]["registrations"][0]["method"]
                            == "workspace/didChangeWatchedFiles";
                        let id = message["id"].clone();
                        self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
                        continue;
                    }
                    if wanted(&message) {
                        return message;
                    }
                    self.seen.push(message);
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!("timed out waiting for {what}; received: {:#?}", self.seen)
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!(
                        "the server closed its output waiting for {what}: {:#?}",
                        self.seen
                    )
                }
            }
        }
    }

    /// The next diagnostics published for `uri` that `wanted` accepts.
    fn diagnostics(
        &mut self,
        uri: &str,
        what: &str,
        wanted: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let message = self.wait(what, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["diagnostics"]
                    .as_array()
                    .is_some_and(|d| wanted(d))
        });
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn initialize(&mut self, root: &Path, process_id: Option<u32>) -> Value {
        let response = self.request(
            "initialize",
            json!({
                "processId": process_id,
                "rootUri": file_uri(root),
                "capabilities": {
                    "workspace": {
                        "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]},
                        "didChangeWatchedFiles": {"dynamicRegistration": true},
                    },
                },
            }),
        );
        self.notify("initialized", json!({}));
        response
    }

    fn finish(mut self) -> std::process::ExitStatus {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        self.notify("exit", Value::Null);
        wait_exit(&mut self.child)
    }
}

fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the server did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn read_message(input: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    std::io::Read::read_exact(input, &mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// A file URI as a client writes it: every byte outside the unreserved set percent-encoded.
fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// The example widget copied into a folder whose name has a space, Cyrillic letters and `%`.
fn widget() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("Мой виджет 100%");
    copy_dir(&examples().join("clean"), &root);
    (tmp, root)
}

/// The manifest with a misspelt location, a settings field whose name is no locale key, and a
/// flag written as a string (a safe fix).
fn defective_manifest(root: &Path) -> String {
    std::fs::read_to_string(root.join("manifest.json"))
        .expect("manifest")
        .replace("\"lcard-1\"", "\"lcard_1\"")
        .replace("\"settings.api_key\"", "\"settings.token\"")
        .replace("\"init_once\": false", "\"init_once\": \"true\"")
}

/// The line and UTF-16 column of `needle`'s first byte in `text`.
fn position_of(text: &str, needle: &str) -> Value {
    let at = text.find(needle).expect("needle");
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": text[start..at].encode_utf16().count()})
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect()
}

/// Applies LSP text edits (UTF-16 positions) to `text`.
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap() as usize;
        let character = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        let mut at = start;
        for c in text[start..].chars() {
            if units >= character || c == '\n' {
                break;
            }
            units += c.len_utf16();
            at += c.len_utf8();
        }
        at
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    out
}

/// The edits of `action` for `uri`, with the document version they were made for.
fn edits_for(action: &Value, uri: &str) -> (Vec<Value>, Value) {
    for change in action["edit"]["documentChanges"]
        .as_array()
        .expect("documentChanges")
    {
        if change["textDocument"]["uri"] == uri {
            return (
                change["edits"].as_array().cloned().unwrap_or_default(),
                change["textDocument"]["version"].clone(),
            );
        }
    }
    panic!("no edit of {uri} in {action:#}");
}

#[test]
fn a_session_as_an_editor_has_it() {
    let (_tmp, root) = widget();
    let manifest_uri = file_uri(&root.join("manifest.json"));
    let en_uri = file_uri(&root.join("i18n/en.json"));
    let es_uri = file_uri(&root.join("i18n/es.json"));
    let mut client = Client::start(&[]);
    let init = client.initialize(&root, Some(std::process::id()));
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["textDocumentSync"]["change"], 1, "{init:#}");
    assert_eq!(caps["positionEncoding"], "utf-16", "{init:#}");

    // A manifest with a misspelt location, in a buffer: LOC001 at the entry, with a link.
    let mut text = defective_manifest(&root);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": manifest_uri, "languageId": "json", "version": 1, "text": text}}),
    );
    let found = client.diagnostics(&manifest_uri, "LOC001 on the manifest", |d| {
        codes(d).contains(&"LOC001")
    });
    let loc = found.iter().find(|d| d["code"] == "LOC001").unwrap();
    assert_eq!(
        loc["range"]["start"],
        position_of(&text, "\"lcard_1\""),
        "{loc:#}"
    );
    assert_eq!(
        loc["range"]["end"],
        position_of(&text, ", \"ccard-1\""),
        "{loc:#}"
    );
    assert_eq!(loc["severity"], 1);
    assert_eq!(loc["source"], "amolint");
    assert!(
        loc["codeDescription"]["href"]
            .as_str()
            .is_some_and(|h| h.ends_with("/docs/rules/LOC001.md")),
        "{loc:#}"
    );
    assert!(
        loc["message"]
            .as_str()
            .unwrap()
            .contains("help: did you mean `lcard-1`?"),
        "{loc:#}"
    );
    assert!(codes(&found).contains(&"I18N004"), "{found:#?}");
    assert!(client.watching, "the server registers its file watchers");

    // Hover on it: the rule's explanation.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": manifest_uri}, "position": loc["range"]["start"]}),
    );
    let markdown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        markdown.contains("LOC001") && markdown.contains("What it checks"),
        "{hover:#}"
    );

    // Completion after `"locations": [`.
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": manifest_uri}, "position": position_of(&text, "\"lcard_1\"")}),
    );
    let labels: Vec<&str> = completion["result"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(
        labels.contains(&"lcard-1") && labels.contains(&"everywhere"),
        "{completion:#}"
    );

    // The actions at the finding: its quick fix (unsafe: a guess), and disabling the rule.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": manifest_uri},
            "range": loc["range"],
            "context": {"diagnostics": [loc]},
        }),
    );
    let actions = actions["result"].as_array().cloned().unwrap_or_default();
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    let quick = actions
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["title"].as_str().unwrap().starts_with("LOC001"))
        .unwrap_or_else(|| panic!("no LOC001 quick fix in {titles:?}"));
    assert!(
        quick["title"].as_str().unwrap().ends_with("(unsafe fix)"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Disable LOC001 (unknown-location) in rules.toml"),
        "{titles:?}"
    );
    let disable = actions.iter().find(|a| a["kind"] == "refactor").unwrap();
    let created = &disable["edit"]["documentChanges"][0];
    assert_eq!(created["kind"], "create", "{disable:#}");
    assert!(
        created["uri"].as_str().unwrap().ends_with("/rules.toml"),
        "{disable:#}"
    );

    // Apply the quick fix as the editor does: LOC001 is gone from the next diagnostics.
    let (edits, version) = edits_for(quick, &manifest_uri);
    assert_eq!(version, 1);
    text = apply_edits(&text, &edits);
    assert!(text.contains("\"lcard-1\""), "{text}");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": manifest_uri, "version": 2}, "contentChanges": [{"text": text}]}),
    );
    let after = client.diagnostics(&manifest_uri, "the manifest without LOC001", |d| {
        !codes(d).contains(&"LOC001")
    });
    assert!(codes(&after).contains(&"I18N004"), "{after:#?}");

    // An unsaved key in en.json shows on es.json, which is not open.
    let en = std::fs::read_to_string(root.join("i18n/en.json"))
        .unwrap()
        .replacen(
            "\"settings\": {",
            "\"settings\": {\n    \"extra\": \"Extra\",",
            1,
        );
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": en_uri, "languageId": "json", "version": 1, "text": en}}),
    );
    let es = client.diagnostics(&es_uri, "I18N005 on the unopened es.json", |d| {
        codes(d).contains(&"I18N005")
    });
    assert!(
        es[0]["message"]
            .as_str()
            .unwrap()
            .contains("settings.extra"),
        "{es:#?}"
    );

    // Fix all: the safe fixes only (the string "true" becomes true; no unsafe guess).
    let fix_all = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": manifest_uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": [], "only": ["source.fixAll"]},
        }),
    );
    let action = fix_all["result"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["kind"] == "source.fixAll.amolint"))
        .unwrap_or_else(|| panic!("no fix-all action: {fix_all:#}"))
        .clone();
    let (edits, version) = edits_for(&action, &manifest_uri);
    assert_eq!(version, 2);
    let fixed = apply_edits(&text, &edits);
    assert!(fixed.contains("\"init_once\": true"), "{fixed}");
    assert!(
        fixed.contains("\"settings.token\""),
        "unsafe fixes are not applied: {fixed}"
    );

    // Removing the extra key clears es.json: an empty list, not silence.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": en_uri}}),
    );
    client.diagnostics(&es_uri, "es.json cleared", |d| d.is_empty());

    // Garbage on the pipe: errors, and the server goes on answering.
    client.write_raw(b"this is not LSP\r\n\r\n");
    client.write_raw(b"Content-Length: 9\r\n\r\n{not json");
    let mut errors = Vec::new();
    for _ in 0..2 {
        errors.push(client.wait("an error for the garbage", |m| {
            m["id"].is_null() && m.get("error").is_some()
        }));
    }
    assert!(
        errors.iter().all(|e| e["error"]["code"] == -32700),
        "{errors:#?}"
    );
    let unknown = client.request("amolint/unknown", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown:#}");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": manifest_uri}, "position": {"line": 0, "character": 0}}),
    );
    assert!(hover.get("result").is_some(), "{hover:#}");

    let status = client.finish();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn bad_documents_get_the_findings_check_gives() {
    let (_tmp, root) = widget();
    std::fs::write(
        root.join("i18n/es.json"),
        b"{\"widget\": {\"name\": \"\xff\"}}",
    )
    .unwrap();
    let mut client = Client::start(&[]);
    client.initialize(&root, None);
    let manifest_uri = file_uri(&root.join("manifest.json"));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": manifest_uri, "languageId": "json", "version": 1, "text": "{\"widget\": [1,"}}),
    );
    let found = client.diagnostics(&manifest_uri, "ENC003 on the manifest", |d| {
        codes(d).contains(&"ENC003")
    });
    assert!(!found.is_empty());
    // The locale file that is not UTF-8, opened as the editor decoded it: what is on disk
    // counts, as for `amolint check`.
    let es_uri = file_uri(&root.join("i18n/es.json"));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": es_uri, "languageId": "json", "version": 1, "text": "{\"widget\": {\"name\": \"\u{fffd}\"}}"}}),
    );
    client.diagnostics(&es_uri, "ENC002 on es.json", |d| {
        codes(d).contains(&"ENC002")
    });
    assert_eq!(client.finish().code(), Some(0));
}

#[test]
fn the_server_leaves_with_its_client() {
    // Input closed without `exit`: the server ends, with status 1.
    let (_tmp, root) = widget();
    let mut client = Client::start(&[]);
    client.initialize(&root, None);
    client.stdin.take();
    assert_eq!(wait_exit(&mut client.child).code(), Some(1));

    // The client's process dies while the pipe stays open: the server notices and ends.
    let mut editor = Command::new("sleep").arg("60").spawn().expect("sleep");
    let mut client = Client::start(&[]);
    client.initialize(&root, Some(editor.id()));
    editor.kill().unwrap();
    editor.wait().unwrap();
    assert_eq!(wait_exit(&mut client.child).code(), Some(1));
}

#[test]
fn a_rules_toml_error_is_shown_where_it_is() {
    let (tmp, root) = widget();
    let config = tmp.path().join("rules.toml");
    std::fs::write(&config, "[rules]\nNOPE001 = \"off\"\n").unwrap();
    let mut client = Client::start(&[]);
    client.initialize(tmp.path(), None);
    let manifest_uri = file_uri(&root.join("manifest.json"));
    let text = defective_manifest(&root);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": manifest_uri, "languageId": "json", "version": 1, "text": text}}),
    );
    let problems = client.diagnostics(&file_uri(&config), "AMO002 on rules.toml", |d| {
        codes(d).contains(&"AMO002")
    });
    assert_eq!(
        problems[0]["range"]["start"],
        json!({"line": 1, "character": 0}),
        "{problems:#?}"
    );
    // Fixed on disk and saved: read again, LOC001 turned off, the error gone.
    std::fs::write(&config, "[rules]\nLOC001 = \"off\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&config), "type": 2}]}),
    );
    client.diagnostics(&file_uri(&config), "rules.toml cleared", |d| d.is_empty());
    let found = client.diagnostics(&manifest_uri, "the manifest without LOC001", |d| {
        !codes(d).contains(&"LOC001") && codes(d).contains(&"I18N004")
    });
    assert!(!found.is_empty());
    assert_eq!(client.finish().code(), Some(0));
}

#[test]
fn the_schema_in_the_repository_is_the_one_amolint_prints() {
    let printed = amolint()
        .args(["schema", "manifest"])
        .output()
        .expect("run");
    assert!(printed.status.success());
    let kept =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/manifest.schema.json"))
            .expect("schemas/manifest.schema.json");
    assert!(
        printed.stdout == kept,
        "schemas/manifest.schema.json is out of date: regenerate it with \
         `cargo run -- schema manifest > schemas/manifest.schema.json`"
    );
}

/// The scenario in Neovim (tests/server/nvim.lua), through its own LSP client.
#[test]
fn neovim_shows_the_findings_and_applies_the_fix() {
    let nvim = Command::new("nvim").arg("--version").output();
    if nvim.is_err() {
        assert!(
            std::env::var_os("AMOLINT_REQUIRE_NVIM").is_none(),
            "the Neovim test is required (AMOLINT_REQUIRE_NVIM) but nvim is missing"
        );
        eprintln!("skipped: nvim is missing (`apt-get install neovim` installs it)");
        return;
    }
    let (tmp, root) = widget();
    let home = tmp.path().join("nvim-home");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/server/nvim.lua");
    let mut child = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("AMOLINT_BIN", amolint_bin())
        .env("WIDGET_ROOT", &root)
        // Neovim's LSP log and state go to the temporary folder.
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nvim");
    let status = wait_exit(&mut child);
    let mut stderr = String::new();
    let _ = std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr);
    eprintln!("{stderr}");
    assert!(
        status.success(),
        "Neovim's scenario failed ({status}): {stderr}"
    );
    assert!(stderr.contains("nvim.lua: ok"), "{stderr}");
}
