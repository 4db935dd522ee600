//! The parser thread and its arena: owns running oxc over `script.js` with a stack large enough
//! for the nesting the pre-scan lets through, turning oxc's diagnostics into [`ScriptError`]s
//! and handing a clean AST to the extractor. Each calling thread keeps one long-lived parser
//! thread with a [`PARSE_STACK_BYTES`] stack and its oxc arena, unless it declared such a stack
//! itself ([`declare_large_stack`], the runner's workers): then it parses in place. A panic of
//! the parser is caught and recorded as the facts' failure.
//!
//! It must not see input the nesting pre-scan has not let through (the stack is sized for
//! [`MAX_NESTING`](super::MAX_NESTING)), must not keep an AST past one script nor an arena a
//! huge script grew, and does not look at what the program means: that is the extractor's job.

use super::extract::extract;
use super::facts::{ScriptError, ScriptFacts};
use crate::text::Span;
use oxc_allocator::Allocator;
use oxc_parser::{ParseOptions, Parser};
use oxc_span::SourceType;
use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

/// Stack of the parsing thread: with the nesting capped, a few MB would do; the margin covers
/// debug builds, whose frames are several times larger.
pub const PARSE_STACK_BYTES: usize = 256 << 20;

thread_local! {
    static LARGE_STACK: Cell<bool> = const { Cell::new(false) };
    static ARENA: RefCell<Allocator> = RefCell::new(Allocator::default());
}

/// Declares that the calling thread was started with a stack of at least
/// [`PARSE_STACK_BYTES`]: scripts analysed on it are then parsed in place, sparing the hand-off
/// to a parser thread. Only a thread built with such a stack (a pool's start handler) may call
/// this; on any other thread a hostile script could overflow the stack.
pub fn declare_large_stack() {
    LARGE_STACK.with(|flag| flag.set(true));
}

/// Parses a script the pre-scan let through and extracts its facts: in place on a thread that
/// declared a large stack, else on the calling thread's parser thread.
pub(super) fn parse(text: &str) -> ScriptFacts {
    if LARGE_STACK.with(Cell::get) {
        parse_in_place(text)
    } else {
        on_parser_thread(text)
    }
}

fn parse_in_place(text: &str) -> ScriptFacts {
    ARENA.with(|arena| {
        let Ok(mut allocator) = arena.try_borrow_mut() else {
            return on_parser_thread(text);
        };
        let facts = catch_unwind(AssertUnwindSafe(|| parse_and_extract(&allocator, text)))
            .unwrap_or_else(|panic| failed(parser_panicked(panic.as_ref())));
        if allocator.capacity() > KEPT_ARENA_BYTES {
            *allocator = Allocator::default();
        } else {
            allocator.reset();
        }
        facts
    })
}

/// A long-lived thread with a large stack that parses for one calling thread, keeping its oxc
/// arena between scripts: starting a thread and faulting in a fresh arena for every script
/// cost as much as a fifth of the parse.
struct ParserThread {
    jobs: mpsc::Sender<String>,
    results: mpsc::Receiver<ScriptFacts>,
}

thread_local! {
    static PARSER_THREAD: RefCell<Option<ParserThread>> = const { RefCell::new(None) };
}

/// An arena grown past this by a huge script is dropped rather than kept for the next one.
const KEPT_ARENA_BYTES: usize = 32 << 20;

fn on_parser_thread(text: &str) -> ScriptFacts {
    PARSER_THREAD.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            match start_parser_thread() {
                Ok(thread) => *slot = Some(thread),
                Err(e) => return failed(format!("could not start the parser thread: {e}")),
            }
        }
        let answer = slot.as_ref().and_then(|thread| {
            thread.jobs.send(text.to_string()).ok()?;
            thread.results.recv().ok()
        });
        answer.unwrap_or_else(|| {
            // The thread is gone (it cannot panic: parses are isolated); start afresh next time.
            *slot = None;
            failed("the parser thread stopped".to_string())
        })
    })
}

fn start_parser_thread() -> std::io::Result<ParserThread> {
    let (jobs, incoming) = mpsc::channel::<String>();
    let (outgoing, results) = mpsc::channel::<ScriptFacts>();
    std::thread::Builder::new()
        .name("amolint-script".into())
        .stack_size(PARSE_STACK_BYTES)
        .spawn(move || {
            let mut allocator = Allocator::default();
            // Ends when the calling thread drops its sender (at its exit).
            for text in incoming {
                let facts = catch_unwind(AssertUnwindSafe(|| parse_and_extract(&allocator, &text)))
                    .unwrap_or_else(|panic| failed(parser_panicked(panic.as_ref())));
                if allocator.capacity() > KEPT_ARENA_BYTES {
                    allocator = Allocator::default();
                } else {
                    allocator.reset();
                }
                if outgoing.send(facts).is_err() {
                    break;
                }
            }
        })?;
    Ok(ParserThread { jobs, results })
}

fn failed(message: String) -> ScriptFacts {
    ScriptFacts {
        failure: Some(message),
        ..ScriptFacts::default()
    }
}

fn parser_panicked(payload: &(dyn std::any::Any + Send)) -> String {
    format!(
        "the JavaScript parser panicked: {}",
        crate::panic::message(payload)
    )
}

fn parse_and_extract(allocator: &Allocator, text: &str) -> ScriptFacts {
    let options = ParseOptions {
        preserve_parens: false,
        ..ParseOptions::default()
    };
    // Unambiguous: a script with `import`/`export` parses as a module, so that JS003 (not an AMD
    // module) rather than a syntax error reports it.
    let parsed = Parser::new(allocator, text, SourceType::unambiguous())
        .with_options(options)
        .parse();
    let syntax_errors: Vec<ScriptError> = parsed
        .diagnostics
        .errors()
        .map(|d| {
            let label = d
                .labels
                .iter()
                .find(|l| l.primary())
                .or_else(|| d.labels.first());
            let span = label.map_or(Span::at(0), |l| {
                let s = l.span();
                Span::new(s.start as usize, s.end as usize)
            });
            ScriptError {
                message: d.message.to_string(),
                span,
                help: d.help.as_ref().map(|h| h.to_string()),
            }
        })
        .collect();
    if !syntax_errors.is_empty() || parsed.panicked {
        return ScriptFacts {
            syntax_errors,
            ..ScriptFacts::default()
        };
    }
    extract(text, &parsed.program)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{MAX_NESTING, analyze};

    #[test]
    fn syntax_errors_have_spans() {
        let facts = analyze("define([], function () {\n  var x = {a: 1 b: 2};\n});\n");
        assert!(!facts.parsed());
        let first = &facts.syntax_errors[0];
        assert_eq!(
            first.span.start,
            "define([], function () {\n  var x = {a: 1 ".len()
        );
    }

    /// The runner's workers parse in place: what they extract must be what the parser thread
    /// extracts, up to the deepest nesting the pre-scan lets through.
    #[test]
    fn parsing_in_place_on_a_large_stack_gives_the_same_facts() {
        let n = MAX_NESTING - 10;
        let scripts = [
            "define(['http://localhost:8080/app.js'], function () { return function () { this.callbacks = { render: function () {} }; }; });".to_string(),
            "define([], function () {\n  var x = {a: 1 b: 2};\n});\n".to_string(),
            format!("x={}1{};", "(".repeat(n), ")".repeat(n)),
        ];
        let summary = |text: &String| {
            let facts = analyze(text);
            (
                facts.syntax_errors.clone(),
                facts.defines.clone(),
                facts.urls.clone(),
                facts.callbacks.object.clone(),
                facts.take_failure(),
            )
        };
        let on_parser_thread: Vec<_> = scripts.iter().map(summary).collect();
        let in_place = std::thread::Builder::new()
            .stack_size(PARSE_STACK_BYTES)
            .spawn(move || {
                declare_large_stack();
                scripts.iter().map(summary).collect::<Vec<_>>()
            })
            .expect("spawn a thread with a large stack")
            .join()
            .expect("the parse in place did not panic");
        assert_eq!(in_place, on_parser_thread);
        assert_eq!(on_parser_thread[0].1.len(), 1, "one define");
        assert_eq!(on_parser_thread[1].0.len(), 1, "one syntax error");
        assert!(on_parser_thread.iter().all(|s| s.4.is_none()), "no failure");
    }
}
