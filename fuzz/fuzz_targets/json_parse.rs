//! The spanned JSON parser on arbitrary text: it must never panic, every span it returns must lie
//! on character boundaries inside the text, and turning those spans into line and column (what
//! every finding does) must not panic either.
#![no_main]

use amolint_core::json::{Node, ParseOptions, Value, parse};
use amolint_core::text::LineIndex;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Files reach the parser decoded (lossily when not UTF-8), so only text is interesting.
    let text = String::from_utf8_lossy(data);
    // Small caps make the depth and value-count limits reachable from short inputs.
    for options in [
        ParseOptions::default(),
        ParseOptions {
            max_depth: 4,
            max_values: 16,
        },
    ] {
        let doc = parse(&text, &options);
        let lines = LineIndex::new(&text);
        let mut spans = Vec::new();
        if let Some(error) = &doc.error {
            spans.push(error.span);
        }
        for dup in &doc.duplicate_keys {
            spans.push(dup.first);
            spans.push(dup.duplicate);
        }
        if let Some(root) = &doc.root {
            collect_spans(root, &mut spans);
            // The typed view every serde-based rule uses.
            let _ = root.to_serde();
        }
        for span in spans {
            assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
            lines.position(&text, span.start);
            lines.position(&text, span.end);
        }
    }
});

fn collect_spans(root: &Node, out: &mut Vec<amolint_core::text::Span>) {
    // Iterative: the tree is at most max_depth deep, but the walk need not rely on that.
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        out.push(node.span);
        assert!(node.span.start <= node.span.end);
        match &node.value {
            Value::Array(items) => stack.extend(items.iter()),
            Value::Object(members) => {
                for member in members {
                    out.push(member.key_span);
                    stack.push(&member.value);
                }
            }
            _ => {}
        }
    }
}
