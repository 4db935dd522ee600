//! JS008 minified-script: script.js looks minified or obfuscated.

use super::SCRIPT_FILE;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::script::Metrics;
use amolint_core::severity::Severity::Info;
use amolint_core::text::Span;

pub struct MinifiedScript;

pub static META: RuleMeta = RuleMeta {
    code: "JS008",
    name: "minified-script",
    pack: "script",
    amocrm: Some(Info),
    kommo: Some(Info),
    summary: "script.js looks minified or obfuscated",
    docs: RuleDocs {
        what: "Measures script.js: a packer (`eval(function(p,a,c,k,e,…)`), many \
               obfuscator-style `_0x1a2b` names, a line of 1000+ characters with under 8% \
               whitespace and much code punctuation, or an average line over 500 characters.",
        why: "amoCRM's moderation requires readable code: minified or obfuscated widget code is \
              rejected (bundled third-party libraries excepted), and Kommo's code audit of public \
              integrations reads the code too. Private widgets are not moderated; this is a note.",
        bad: "define([],function(){var e=function(){var e=this;this.callbacks={render:function(){return!0},…",
        good: "define([], function () {\n  var CustomWidget = function () {\n    var self = this;\n    …",
        fix: "Ship the unminified build for moderation: webpack `optimization.minimize: false`, \
              rollup/esbuild without the minify option. If only a bundled library is minified, \
              tell the moderators which part it is, or load it as a separate AMD dependency.",
        sources: &["A-REQ", "K-MOD"],
        uncertain: Some(
            "Minification is detected by measurement, not by a parser: a long generated data \
             line can look minified, and a bundled minified library inside readable code is \
             reported although moderation accepts it.",
        ),
    },
    options: &[],
};

/// Obfuscator-style names needed before a script counts as obfuscated.
const HEX_NAMES: usize = 20;
/// Average line length (bytes) above which a script counts as minified…
const AVERAGE_LINE: usize = 500;
/// …when it is at least this large.
const MIN_BYTES: usize = 2000;

impl Rule for MinifiedScript {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(facts) = cx.widget.script() else {
            return;
        };
        // A file refused as too deeply nested is JS002's alone.
        if facts.too_deep.is_some() {
            return;
        }
        let Some((message, span)) = verdict(&facts.metrics) else {
            return;
        };
        out.report(
            Finding::new(&META, message)
                .file(SCRIPT_FILE)
                .span(span)
                .help(
                    "amoCRM moderation rejects minified or obfuscated widget code (bundled \
                     libraries excepted): ship the readable build",
                ),
        );
    }
}

fn verdict(m: &Metrics) -> Option<(String, Span)> {
    if let Some(span) = m.packer {
        return Some((
            "`script.js` is packed with an `eval(function(p,a,c,k,e,…))` packer".to_string(),
            span,
        ));
    }
    if m.hex_names >= HEX_NAMES
        && let Some(span) = m.first_hex_name
    {
        return Some((
            format!(
                "`script.js` looks obfuscated: {} obfuscator-style `_0x…` names",
                m.hex_names
            ),
            span,
        ));
    }
    if let Some(span) = m.dense {
        return Some((
            format!(
                "`script.js` looks minified: a line of {} characters with almost no whitespace",
                span.len()
            ),
            Span::new(span.start, span.start),
        ));
    }
    let average = m.bytes / m.lines.max(1);
    if m.bytes >= MIN_BYTES && average > AVERAGE_LINE {
        return Some((
            format!(
                "`script.js` looks minified: its {} lines average {average} characters",
                m.lines
            ),
            Span::new(m.longest.start, m.longest.start),
        ));
    }
    None
}
