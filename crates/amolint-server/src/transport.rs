//! The LSP base protocol over a byte stream: `Content-Length` framing in both directions, a
//! reader that survives bad input, and a writer thread.
//!
//! Owns framing and JSON-RPC's error replies to what cannot be read as a message; it must not
//! interpret a message's method or parameters (the server does).
//!
//! lsp-server's own reader stops at the first malformed message (its `Message::read` returns an
//! error and its reader thread ends, which closes the connection): an editor plugin's bug or a
//! stray line on the pipe would end the session. This reader answers each thing it cannot read
//! with a JSON-RPC error (`-32700` parse error, `-32600` invalid request, with the request's id
//! when it has one and `null` otherwise) and reads on. What it can read becomes lsp-server's
//! [`Message`], and everything written goes out through lsp-server's [`Message::write`].
//!
//! Memory is bounded: a header line longer than [`MAX_HEADER_LINE`] and a body longer than
//! [`MAX_BODY`] are skipped (read and dropped in chunks), never buffered whole.

use crossbeam_channel::Sender;
use lsp_server::{ErrorCode, Message};
use serde_json::{Value, json};
use std::io::{self, BufRead, Read, Write};

/// The longest header line kept; a longer one is garbage.
pub const MAX_HEADER_LINE: usize = 8 * 1024;
/// The largest message body read. The largest file the rules read is 64 MiB by default; a
/// document's text in JSON escapes can be somewhat larger.
pub const MAX_BODY: usize = 128 * 1024 * 1024;

/// What the reader hands on.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// Something that could not be read as a message: the error reply to send.
    Unreadable(Value),
    /// End of input: the client is gone.
    Closed,
}

/// A JSON-RPC error response; `id` is `null` when the request's id could not be read.
pub fn error_reply(id: Value, code: ErrorCode, message: impl Into<String>) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": {"code": code as i32, "message": message.into()},
    })
}

/// Reads messages from `input` until it ends, passing each to `sink`; returns when the input
/// ends, fails, or `sink` refuses (the server stopped).
pub fn read_messages(input: &mut dyn BufRead, sink: &dyn Fn(Incoming) -> bool) {
    loop {
        let incoming = match read_one(input) {
            Ok(Some(incoming)) => incoming,
            Ok(None) | Err(_) => {
                sink(Incoming::Closed);
                return;
            }
        };
        if !sink(incoming) {
            return;
        }
    }
}

/// One message, or one error reply for what stood where a message should; `None` at the end of
/// input.
fn read_one(input: &mut dyn BufRead) -> io::Result<Option<Incoming>> {
    let mut length: Option<usize> = None;
    let mut seen_header = false;
    loop {
        let Some(line) = read_line(input)? else {
            return Ok(None);
        };
        let line = match line {
            Line::TooLong => {
                return Ok(Some(Incoming::Unreadable(error_reply(
                    Value::Null,
                    ErrorCode::ParseError,
                    format!("a header line longer than {MAX_HEADER_LINE} bytes was skipped"),
                ))));
            }
            Line::Text(line) => line,
        };
        if line.is_empty() {
            if let Some(length) = length {
                return read_body(input, length).map(Some);
            }
            if seen_header {
                return Ok(Some(Incoming::Unreadable(error_reply(
                    Value::Null,
                    ErrorCode::ParseError,
                    "a message without a Content-Length header was skipped",
                ))));
            }
            // A stray blank line between messages: nothing to answer.
            continue;
        }
        seen_header = true;
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return Ok(Some(Incoming::Unreadable(error_reply(
                Value::Null,
                ErrorCode::ParseError,
                format!(
                    "not an LSP header line, skipped: {:?}",
                    shorten(&String::from_utf8_lossy(&line))
                ),
            ))));
        };
        let (name, value) = (String::from_utf8_lossy(&line[..colon]), &line[colon + 1..]);
        if name.trim().eq_ignore_ascii_case("content-length") {
            match std::str::from_utf8(value)
                .ok()
                .and_then(|v| v.trim().parse::<usize>().ok())
            {
                Some(n) => length = Some(n),
                None => {
                    return Ok(Some(Incoming::Unreadable(error_reply(
                        Value::Null,
                        ErrorCode::ParseError,
                        "the Content-Length header is not a number",
                    ))));
                }
            }
        }
        // Content-Type and unknown headers are allowed and ignored.
    }
}

enum Line {
    Text(Vec<u8>),
    TooLong,
}

/// One line without its `\r\n` or `\n`, at most [`MAX_HEADER_LINE`] bytes kept; `None` at the
/// end of input.
fn read_line(input: &mut dyn BufRead) -> io::Result<Option<Line>> {
    let mut line = Vec::new();
    let mut too_long = false;
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            return Ok(if line.is_empty() && !too_long {
                None
            } else if too_long {
                Some(Line::TooLong)
            } else {
                Some(Line::Text(trim_cr(line)))
            });
        }
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..i], Some(i + 1)),
            None => (available, None),
        };
        if !too_long {
            if line.len() + chunk.len() > MAX_HEADER_LINE {
                too_long = true;
                line = Vec::new();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let consumed = done.unwrap_or(available.len());
        input.consume(consumed);
        if done.is_some() {
            return Ok(Some(if too_long {
                Line::TooLong
            } else {
                Line::Text(trim_cr(line))
            }));
        }
    }
}

fn trim_cr(mut line: Vec<u8>) -> Vec<u8> {
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    line
}

fn read_body(input: &mut dyn BufRead, length: usize) -> io::Result<Incoming> {
    if length > MAX_BODY {
        // Dropped in chunks: the stream stays in step without holding the body.
        let copied = io::copy(&mut input.take(length as u64), &mut io::sink())?;
        if copied < length as u64 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        return Ok(Incoming::Unreadable(error_reply(
            Value::Null,
            ErrorCode::InvalidRequest,
            format!("a message of {length} bytes is over the limit of {MAX_BODY} and was skipped"),
        )));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(parse_body(&body))
}

/// A body as a message, or the error reply it earns.
pub fn parse_body(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => {
            return Incoming::Unreadable(error_reply(
                Value::Null,
                ErrorCode::ParseError,
                format!("the message is not JSON: {e}"),
            ));
        }
    };
    // The id to answer with, when the body has one that JSON-RPC allows.
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    let is_request_shaped = value.get("method").is_some() && value.get("id").is_some();
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(e) => Incoming::Unreadable(error_reply(
            id,
            ErrorCode::InvalidRequest,
            if is_request_shaped {
                format!("not a valid request: {e}")
            } else {
                format!("not a JSON-RPC request, response or notification: {e}")
            },
        )),
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 80;
    match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// What the writer thread sends.
#[derive(Debug)]
pub enum Outgoing {
    Message(Message),
    /// A reply written as it is (an error for a request whose id lsp-server cannot hold).
    Raw(Value),
    /// Nothing to write: told once everything before it is written.
    Flushed(Sender<()>),
}

/// Writes every outgoing message to `output` until the channel closes or writing fails; tells
/// `closed` when writing fails (the client is gone).
pub fn write_messages(
    output: &mut dyn Write,
    outgoing: crossbeam_channel::Receiver<Outgoing>,
    closed: Sender<()>,
) {
    for out in outgoing {
        let result = match out {
            Outgoing::Message(message) => message.write(&mut WriteRef(output)),
            Outgoing::Raw(value) => write_raw(output, &value),
            Outgoing::Flushed(done) => {
                let _ = done.send(());
                Ok(())
            }
        };
        if result.is_err() {
            let _ = closed.send(());
            return;
        }
    }
}

fn write_raw(output: &mut dyn Write, value: &Value) -> io::Result<()> {
    let text = value.to_string();
    write!(output, "Content-Length: {}\r\n\r\n", text.len())?;
    output.write_all(text.as_bytes())?;
    output.flush()
}

/// `Message::write` wants a sized writer.
struct WriteRef<'a>(&'a mut dyn Write);

impl Write for WriteRef<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn read_all(input: &[u8]) -> Vec<Incoming> {
        let got = RefCell::new(Vec::new());
        read_messages(&mut &input[..], &|i| {
            got.borrow_mut().push(i);
            true
        });
        got.into_inner()
    }

    fn error_code(incoming: &Incoming) -> Option<(i64, Value)> {
        match incoming {
            Incoming::Unreadable(v) => Some((v["error"]["code"].as_i64()?, v["id"].clone())),
            _ => None,
        }
    }

    #[test]
    fn reads_messages_and_answers_garbage_between_them() {
        let request = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let mut input = frame(request);
        input.push_str("this is not a header\r\n");
        input.push_str(&frame("{not json"));
        input.push_str(&frame(r#"{"jsonrpc":"2.0","id":7,"method":5}"#));
        input.push_str(&frame(r#"[1, 2]"#));
        input.push_str("Content-Type: x\r\n\r\n");
        input.push_str("Content-Length: many\r\n\r\n");
        input.push_str(&frame(request));
        let got = read_all(input.as_bytes());
        assert!(
            matches!(&got[0], Incoming::Message(Message::Request(r)) if r.method == "shutdown")
        );
        assert_eq!(error_code(&got[1]), Some((-32700, Value::Null)));
        assert_eq!(error_code(&got[2]), Some((-32700, Value::Null)));
        assert_eq!(error_code(&got[3]), Some((-32600, json!(7))));
        assert_eq!(error_code(&got[4]), Some((-32600, Value::Null)));
        assert_eq!(error_code(&got[5]), Some((-32700, Value::Null)));
        assert_eq!(error_code(&got[6]), Some((-32700, Value::Null)));
        // After "many", the blank line ends that header block; the next message reads fine.
        assert!(
            got[7..].iter().any(
                |i| matches!(i, Incoming::Message(Message::Request(r)) if r.method == "shutdown")
            ),
            "{got:?}"
        );
        assert!(matches!(got.last(), Some(Incoming::Closed)));
    }

    #[test]
    fn long_lines_and_bodies_are_skipped_without_being_kept() {
        let mut input = "x".repeat(MAX_HEADER_LINE * 3).into_bytes();
        input.extend_from_slice(b"\r\n");
        input.extend_from_slice(frame(r#"{"jsonrpc":"2.0","method":"exit"}"#).as_bytes());
        let got = read_all(&input);
        assert_eq!(error_code(&got[0]), Some((-32700, Value::Null)));
        assert!(
            matches!(&got[1], Incoming::Message(Message::Notification(n)) if n.method == "exit")
        );
    }

    #[test]
    fn a_body_cut_short_is_the_end_of_input() {
        let got = read_all(b"Content-Length: 100\r\n\r\n{\"a\":");
        assert!(matches!(got.as_slice(), [Incoming::Closed]));
    }
}
