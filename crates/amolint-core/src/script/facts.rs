//! The facts: owns [`ScriptFacts`] and the owned types it holds, which are what the script
//! rules read (syntax errors, the pre-scan's verdict, `define` calls, ES module syntax, the
//! callbacks object, URL literals and how they are loaded, template names, text metrics), with
//! the few queries rules share ([`ScriptFacts::parsed`], [`CallbacksObject::has`], …).
//!
//! Plain data: it must not parse, scan or judge (the other files of this module fill the facts,
//! the rules decide what is a finding), and nothing here may borrow the source text or the AST,
//! so that the facts outlive the parse.

use crate::text::Span;
use std::cell::Cell;

/// The keys of the callbacks object that hold nested callbacks (`leads: { selected: … }`).
pub const CALLBACK_CONTAINERS: [&str; 3] = ["leads", "contacts", "todo"];

/// What the script rules know about `script.js`.
#[derive(Debug, Default)]
pub struct ScriptFacts {
    /// Syntax errors, in source order. Empty when the script parsed.
    pub syntax_errors: Vec<ScriptError>,
    /// Set when the pre-scan refused to parse: nesting over [`MAX_NESTING`](super::MAX_NESTING).
    pub too_deep: Option<TooDeep>,
    /// Set when the parser itself failed (an amolint bug); handed out once by
    /// [`ScriptFacts::take_failure`].
    pub(super) failure: Option<String>,
    pub(super) failure_taken: Cell<bool>,
    /// Top-level `define(...)` calls (also `window.define`, and calls inside a top-level IIFE, as
    /// bundlers emit them), in source order.
    pub defines: Vec<DefineCall>,
    /// Top-level ES `import`/`export` statements.
    pub module_items: Vec<ModuleItem>,
    pub callbacks: CallbacksFacts,
    /// URL-like string and template literals, in source order.
    pub urls: Vec<UrlLiteral>,
    /// The widget files the script renders as templates, in source order: `templates/*.twig`
    /// paths named by string literals, literal `href`s of `render({href: …})`, and the paths a
    /// template helper builds from a literal argument (`getTemplate('card')`).
    pub templates: Vec<TemplateRef>,
    /// `setSdkCatalogId(…)` calls (also as a method, `self.setSdkCatalogId(…)`): each callee.
    pub catalog_id_calls: Vec<Span>,
    pub metrics: Metrics,
    /// The extraction walk stopped at its depth limit (`MAX_WALK_DEPTH`): some deep part was not
    /// looked at.
    pub truncated: bool,
}

impl ScriptFacts {
    /// True when the script parsed without error and was walked completely, so facts about
    /// what it does *not* contain can be trusted.
    pub fn parsed(&self) -> bool {
        self.syntax_errors.is_empty()
            && self.too_deep.is_none()
            && self.failure.is_none()
            && !self.truncated
    }

    /// The parser failure, once: the caller turns it into a panic so that the engine reports
    /// it (AMO001) a single time.
    pub fn take_failure(&self) -> Option<String> {
        if self.failure_taken.replace(true) {
            None
        } else {
            self.failure.clone()
        }
    }

    /// The first place the script loads code at run time (a loader stub's real script).
    pub fn first_code_load(&self) -> Option<&UrlLiteral> {
        self.urls.iter().find(|u| u.load.is_some())
    }
}

/// A top-level `define(...)` call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefineCall {
    /// The callee (`define`, `window.define`).
    pub span: Span,
    /// The module name of a named define (`define('name', [...], factory)`, as bundlers write
    /// them); `None` for an anonymous one.
    pub name: Option<String>,
    /// The conditionals the call sits in, outermost first: each as the start of the
    /// conditional (`if`, `?:`, `&&`/`||`) and which of its branches holds the call.
    pub branches: Vec<(usize, u8)>,
}

impl DefineCall {
    /// True when the two calls sit in different branches of one conditional, so that a run of
    /// the script makes at most one of them (`if (dev) define(…) else define(…)`).
    pub fn exclusive_with(&self, other: &DefineCall) -> bool {
        self.branches.iter().any(|(at, branch)| {
            other
                .branches
                .iter()
                .any(|(other_at, other_branch)| at == other_at && branch != other_branch)
        })
    }
}

/// A syntax error: oxc's message and its primary label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

/// The pre-scan's verdict on an over-deep script: the depth reached when it stopped and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooDeep {
    pub depth: usize,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleItem {
    /// `import` or `export`.
    pub keyword: &'static str,
    pub span: Span,
}

/// The callbacks object, as far as static analysis sees it.
#[derive(Clone, Debug, Default)]
pub struct CallbacksFacts {
    /// The object literal that holds the widget's callbacks, when one was located.
    pub object: Option<CallbacksObject>,
    /// The first place where callbacks are built or extended at run time (`this.callbacks =
    /// build()`, `callbacks[name] = fn`, a spread in the literal): the object's keys are then not
    /// the whole story.
    pub dynamic: Option<Span>,
}

impl CallbacksFacts {
    /// The callbacks object when every key it will have is visible.
    pub fn complete(&self) -> Option<&CallbacksObject> {
        if self.dynamic.is_some() {
            None
        } else {
            self.object.as_ref()
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallbacksObject {
    /// The object literal (`{ render: …, … }`).
    pub span: Span,
    pub keys: Vec<CallbackKey>,
}

impl CallbacksObject {
    /// True when the object has callback `name`; `leads.selected` also matches the documented
    /// spelling `leads:selected` and the nested form `leads: { selected: … }`.
    pub fn has(&self, name: &str) -> bool {
        self.keys.iter().any(|k| same_callback(&k.name, name))
    }
}

/// A key of the callbacks object. Keys of the containers (`leads: { selected }`) are recorded
/// as `leads.selected` with `nested` set; the container key itself is recorded too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallbackKey {
    pub name: String,
    pub span: Span,
    pub nested: bool,
    /// The function literal that is the key's value (`name: function () {…}`, an arrow, a
    /// method), when it is one.
    pub function: Option<Span>,
    /// For a [`function`](Self::function): whether it has a `return` with a value (an arrow
    /// with an expression body counts). `None` when the value is not a function literal, so
    /// what it returns is not seen.
    pub returns_value: Option<bool>,
}

/// How a URL is used, when the script loads code from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadKind {
    /// A dependency of `define`/`require` or a `require.config` path.
    AmdDependency,
    /// `$.getScript(url)` or `$.ajax({ url, dataType: 'script' })`.
    GetScript,
    /// `import(url)` or an ES `import … from url`.
    Import,
    /// The `src` of a `<script>` element created by the script, or `<script src>` in markup.
    ScriptSrc,
    /// `importScripts(url)`, `new Worker(url)`.
    Worker,
}

impl LoadKind {
    pub fn describe(self) -> &'static str {
        match self {
            LoadKind::AmdDependency => "an AMD dependency",
            LoadKind::GetScript => "loaded with getScript",
            LoadKind::Import => "an ES import",
            LoadKind::ScriptSrc => "the src of a <script> element",
            LoadKind::Worker => "a worker script",
        }
    }
}

/// A URL inside a string or template literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlLiteral {
    /// The URL as written (up to the first space or quote).
    pub url: String,
    /// `http`, `https`, `ws`, `wss`, or `""` for a protocol-relative `//host/…`.
    pub scheme: String,
    /// Lower-case host without port or user info (`[::1]` keeps its brackets).
    pub host: String,
    /// The URL's text in the file when it could be found verbatim, else the whole literal.
    pub span: Span,
    pub load: Option<LoadKind>,
    /// The URL is the address of a `crm_post(url, …)` call: the CRM's server makes that request
    /// for the widget, not the user's browser.
    pub crm_post: bool,
}

/// A widget file the script renders as a template, root-relative.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateRef {
    pub path: String,
    /// The literal that names it (for a helper, the argument of the call).
    pub span: Span,
    /// The helper whose `render({href: …})` builds the path from that literal (`getTemplate`);
    /// `None` when the literal is the path itself.
    pub via: Option<String>,
}

/// Text measurements for the minified/obfuscated heuristics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics {
    pub bytes: usize,
    pub lines: usize,
    /// The longest line (bytes).
    pub longest: Span,
    /// The first line of at least [`DENSE_LINE_BYTES`](super::DENSE_LINE_BYTES) with little
    /// whitespace and much code punctuation: minified code (a base64 blob has no punctuation,
    /// prose has spaces).
    pub dense: Option<Span>,
    /// An `eval(function(p,a,c,k,e,…)` packer.
    pub packer: Option<Span>,
    /// Occurrences of obfuscator-style `_0x1a2b` names, and the first one.
    pub hex_names: usize,
    pub first_hex_name: Option<Span>,
}

/// Equal names, taking `:` and `.` for the same separator (`leads:selected`).
pub(super) fn same_callback(a: &str, b: &str) -> bool {
    let separator = |c: u8| c == b'.' || c == b':';
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .all(|(x, y)| x == y || (separator(x) && separator(y)))
}
