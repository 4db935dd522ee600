//! script.js analysis: owns parsing `script.js` once and extracting, into a compact owned
//! [`ScriptFacts`], the facts the script rules need (syntax errors, the AMD `define` call, ES
//! module syntax, the callbacks object, URL literals, `templates/*.twig` names, minification
//! metrics). It never reports findings and never classifies what it found (whether a host is a
//! development address is the rules' knowledge): the rules in the `script` and `security` packs
//! judge the facts.
//!
//! The parse runs with oxc on a dedicated thread with a large stack, after a cheap pre-scan has
//! refused input nested deeper than [`MAX_NESTING`]: both the parser and the AST walk recurse,
//! and a hostile script.js must not overflow the stack (a stack overflow aborts the whole run,
//! it cannot be caught). Each calling thread keeps one such parser thread and its arena, unless
//! it declared a stack that large itself ([`declare_large_stack`], the runner's workers): then
//! it parses in place. The AST is dropped (the arena reset) as soon as the facts are extracted.
//!
//! One file per job: `facts` (the types the rules read), `metrics` (the minification metrics),
//! `prescan` (the nesting pre-scan), `parser` (the parser thread and its arena), `extract` (the
//! walk that finds `define`, the callbacks and the code loads) and `urls` (the URL scanner it
//! runs on each literal). This file only runs them in order.

mod extract;
mod facts;
mod metrics;
mod parser;
mod prescan;
mod templates;
mod urls;

pub use facts::{
    CALLBACK_CONTAINERS, CallbackKey, CallbacksFacts, CallbacksObject, DefineCall, LoadKind,
    Metrics, ModuleItem, ScriptError, ScriptFacts, TemplateRef, TooDeep, UrlLiteral,
};
pub use metrics::DENSE_LINE_BYTES;
pub use parser::{PARSE_STACK_BYTES, declare_large_stack};
pub use prescan::MAX_NESTING;

use metrics::metrics;
use prescan::prescan;

/// Analyses the text of script.js. Never panics on any input: a parser panic is recorded and
/// surfaces through [`ScriptFacts::take_failure`].
pub fn analyze(text: &str) -> ScriptFacts {
    analyze_with_nesting(text, MAX_NESTING)
}

/// [`analyze`] with the pre-scan refusing nesting deeper than `max_nesting` (the configured
/// `max-script-nesting`). It can only be lowered below [`MAX_NESTING`]: the parse thread's stack
/// is sized for that depth, and a deeper parse could overflow it.
pub fn analyze_with_nesting(text: &str, max_nesting: usize) -> ScriptFacts {
    let metrics = metrics(text);
    if let Some(too_deep) = prescan(text, max_nesting.min(MAX_NESTING)) {
        return ScriptFacts {
            too_deep: Some(too_deep),
            metrics,
            ..ScriptFacts::default()
        };
    }
    let mut facts = parser::parse(text);
    facts.metrics = metrics;
    facts
}

#[cfg(test)]
mod samples {
    /// A widget script of the documented AMD shape, shared by the tests of the module's files.
    pub(super) const AMD: &str = r#"define(['jquery'], function ($) {
  var CustomWidget = function () {
    var self = this;
    this.callbacks = {
      render: function () { return true; },
      init: function () { return true; },
      bind_actions: function () { return true; },
      settings: function () {},
      onSave: function () { return true; },
      destroy: function () {},
      leads: { selected: function () {} }
    };
    return this;
  };
  return CustomWidget;
});
"#;
}
