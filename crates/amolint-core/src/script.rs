//! script.js analysis: owns parsing `script.js` once and extracting, into a compact owned
//! [`ScriptFacts`], the facts the script rules need (syntax errors, the AMD `define` call, ES
//! module syntax, the callbacks object, URL literals, `templates/*.twig` names, minification
//! metrics). It never reports findings: the rules in the `script` and `security` packs judge the
//! facts.
//!
//! The parse runs with oxc on a dedicated thread with a large stack, after a cheap pre-scan has
//! refused input nested deeper than [`MAX_NESTING`]: both the parser and the AST walk recurse,
//! and a hostile script.js must not overflow the stack (a stack overflow aborts the whole run,
//! it cannot be caught). Each calling thread keeps one such parser thread and its arena, unless
//! it declared a stack that large itself ([`declare_large_stack`], the runner's workers): then
//! it parses in place. The AST is dropped (the arena reset) as soon as the facts are extracted.

use crate::text::Span;
use oxc_allocator::Allocator;
use oxc_ast::ast::{
    Argument, ArrayExpressionElement, AssignmentExpression, AssignmentOperator, AssignmentTarget,
    BinaryOperator, CallExpression, Expression, ImportDeclaration, ImportExpression,
    MemberExpression, NewExpression, ObjectExpression, ObjectProperty, ObjectPropertyKind, Program,
    PropertyDefinition, Statement, StringLiteral, TemplateLiteral, VariableDeclarator,
};
use oxc_ast_visit::{Visit, walk};
use oxc_parser::{ParseOptions, Parser};
use oxc_span::{GetSpan, SourceType};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

/// Deepest nesting of brackets and nesting operators the pre-scan lets through to the parser.
/// Real scripts, bundles included, stay far below a hundred levels.
pub const MAX_NESTING: usize = 1000;

/// Deepest expression/statement nesting the extraction walk descends into. Deeper than the
/// parser's limit because left-nested chains (`a + b + …`, `a.b.c…`) are parsed in a loop but
/// form deep trees; what lies below is not looked at ([`ScriptFacts::truncated`]).
const MAX_WALK_DEPTH: usize = 20_000;

/// Stack of the parsing thread: with the nesting capped, a few MB would do; the margin covers
/// debug builds, whose frames are several times larger.
pub const PARSE_STACK_BYTES: usize = 256 << 20;

/// At most this many URL literals are kept (a hostile bundle could hold millions).
const MAX_URLS: usize = 10_000;

/// The keys of the callbacks object that hold nested callbacks (`leads: { selected: … }`).
pub const CALLBACK_CONTAINERS: [&str; 3] = ["leads", "contacts", "todo"];

/// What the script rules know about `script.js`.
#[derive(Debug, Default)]
pub struct ScriptFacts {
    /// Syntax errors, in source order. Empty when the script parsed.
    pub syntax_errors: Vec<ScriptError>,
    /// Set when the pre-scan refused to parse: nesting over [`MAX_NESTING`].
    pub too_deep: Option<TooDeep>,
    /// Set when the parser itself failed (an amolint bug); handed out once by
    /// [`ScriptFacts::take_failure`].
    failure: Option<String>,
    failure_taken: Cell<bool>,
    /// Top-level `define(...)` calls (also `window.define`, and calls inside a top-level IIFE, as
    /// bundlers emit them): the span of each call's callee.
    pub defines: Vec<Span>,
    /// Top-level ES `import`/`export` statements.
    pub module_items: Vec<ModuleItem>,
    pub callbacks: CallbacksFacts,
    /// URL-like string and template literals, in source order.
    pub urls: Vec<UrlLiteral>,
    /// `templates/*.twig` paths named by string literals, in source order.
    pub templates: Vec<TemplateRef>,
    pub metrics: Metrics,
    /// The extraction walk stopped at [`MAX_WALK_DEPTH`]: some deep part was not looked at.
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
}

/// A `templates/<name>.twig` path named by a literal, root-relative.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateRef {
    pub path: String,
    pub span: Span,
}

/// Text measurements for the minified/obfuscated heuristics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics {
    pub bytes: usize,
    pub lines: usize,
    /// The longest line (bytes).
    pub longest: Span,
    /// The first line of at least [`DENSE_LINE_BYTES`] with little whitespace and much code
    /// punctuation: minified code (a base64 blob has no punctuation, prose has spaces).
    pub dense: Option<Span>,
    /// An `eval(function(p,a,c,k,e,…)` packer.
    pub packer: Option<Span>,
    /// Occurrences of obfuscator-style `_0x1a2b` names, and the first one.
    pub hex_names: usize,
    pub first_hex_name: Option<Span>,
}

/// Lines at least this long are candidates for [`Metrics::dense`].
pub const DENSE_LINE_BYTES: usize = 1000;

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
    let mut facts = if LARGE_STACK.with(Cell::get) {
        parse_in_place(text)
    } else {
        on_parser_thread(text)
    };
    facts.metrics = metrics;
    facts
}

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

fn extract(text: &str, program: &Program<'_>) -> ScriptFacts {
    let mut defines = Vec::new();
    let mut module_items = Vec::new();
    for statement in &program.body {
        if let Some(decl) = statement.as_module_declaration() {
            let keyword = if matches!(decl, oxc_ast::ast::ModuleDeclaration::ImportDeclaration(_)) {
                "import"
            } else {
                "export"
            };
            module_items.push(ModuleItem {
                keyword,
                span: span_of(decl.span()),
            });
        }
    }
    top_level_defines(&program.body, &mut defines, 0);
    let mut walker = Extractor::new(text);
    walker.visit_program(program);
    let (callbacks, urls, templates, truncated) = walker.finish();
    ScriptFacts {
        defines,
        module_items,
        callbacks,
        urls,
        templates,
        truncated,
        ..ScriptFacts::default()
    }
}

fn span_of(span: oxc_span::Span) -> Span {
    Span::new(span.start as usize, span.end as usize)
}

// ---------------------------------------------------------------------------------------------
// Top-level `define`.

/// IIFEs nest this deep at most before `define` is no longer looked for (UMD wrappers use one).
const MAX_IIFE_DEPTH: usize = 4;
/// Expression depth searched for a `define` call inside one top-level statement.
const MAX_DEFINE_EXPR_DEPTH: usize = 32;

fn top_level_defines(statements: &[Statement<'_>], out: &mut Vec<Span>, iife: usize) {
    for statement in statements {
        statement_defines(statement, out, iife, 0);
    }
}

fn statement_defines(statement: &Statement<'_>, out: &mut Vec<Span>, iife: usize, depth: usize) {
    if depth > MAX_DEFINE_EXPR_DEPTH {
        return;
    }
    match statement {
        Statement::ExpressionStatement(s) => expression_defines(&s.expression, out, iife, 0),
        Statement::IfStatement(s) => {
            expression_defines(&s.test, out, iife, 0);
            statement_defines(&s.consequent, out, iife, depth + 1);
            if let Some(alternate) = &s.alternate {
                statement_defines(alternate, out, iife, depth + 1);
            }
        }
        Statement::BlockStatement(s) => {
            for inner in &s.body {
                statement_defines(inner, out, iife, depth + 1);
            }
        }
        Statement::TryStatement(s) => {
            for inner in &s.block.body {
                statement_defines(inner, out, iife, depth + 1);
            }
        }
        Statement::ReturnStatement(s) => {
            if let Some(argument) = &s.argument {
                expression_defines(argument, out, iife, 0);
            }
        }
        Statement::VariableDeclaration(s) => {
            for declarator in &s.declarations {
                if let Some(init) = &declarator.init {
                    expression_defines(init, out, iife, 0);
                }
            }
        }
        _ => {}
    }
}

fn expression_defines(expr: &Expression<'_>, out: &mut Vec<Span>, iife: usize, depth: usize) {
    if depth > MAX_DEFINE_EXPR_DEPTH {
        return;
    }
    let next = depth + 1;
    match expr.without_parentheses() {
        Expression::CallExpression(call) => {
            if is_global_fn(&call.callee, "define") {
                out.push(span_of(call.callee.span()));
                return;
            }
            if let Some(body) = iife_body(&call.callee)
                && iife < MAX_IIFE_DEPTH
            {
                top_level_defines(body, out, iife + 1);
            }
            for argument in &call.arguments {
                if let Some(e) = argument.as_expression()
                    && !e.is_function()
                {
                    expression_defines(e, out, iife, next);
                }
            }
        }
        Expression::SequenceExpression(s) => {
            for e in &s.expressions {
                expression_defines(e, out, iife, next);
            }
        }
        Expression::UnaryExpression(u) => expression_defines(&u.argument, out, iife, next),
        Expression::LogicalExpression(l) => {
            expression_defines(&l.left, out, iife, next);
            expression_defines(&l.right, out, iife, next);
        }
        Expression::ConditionalExpression(c) => {
            expression_defines(&c.test, out, iife, next);
            expression_defines(&c.consequent, out, iife, next);
            expression_defines(&c.alternate, out, iife, next);
        }
        Expression::AssignmentExpression(a) => expression_defines(&a.right, out, iife, next),
        _ => {}
    }
}

/// The body of the function an IIFE calls: `(function(){…})()`, `!function(){…}()`,
/// `(() => {…})()`, `(function(){…}).call(this)`.
fn iife_body<'b, 'a>(callee: &'b Expression<'a>) -> Option<&'b [Statement<'a>]> {
    let callee = callee.without_parentheses();
    let callee = match callee.as_member_expression() {
        Some(member) if matches!(member.static_property_name(), Some("call" | "apply")) => {
            member.object().without_parentheses()
        }
        _ => callee,
    };
    match callee {
        Expression::FunctionExpression(f) => f.body.as_ref().map(|b| b.statements.as_slice()),
        Expression::ArrowFunctionExpression(f) => {
            f.get_function_body().map(|b| b.statements.as_slice())
        }
        _ => None,
    }
}

/// `name`, `window.name`, `self.name` or `globalThis.name`.
fn is_global_fn(callee: &Expression<'_>, name: &str) -> bool {
    let callee = callee.without_parentheses();
    if callee.is_specific_id(name) {
        return true;
    }
    ["window", "self", "globalThis"]
        .iter()
        .any(|global| callee.is_specific_member_access(global, name))
}

// ---------------------------------------------------------------------------------------------
// The extraction walk.

/// Where a callbacks object literal was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Form {
    /// `callbacks: {…}` in an object literal or a class field.
    Property,
    /// `x.callbacks = {…}` (directly or through a variable).
    Assignment,
}

#[derive(Clone, Debug)]
struct Candidate {
    span: Span,
    keys: Vec<CallbackKey>,
    dynamic: Option<Span>,
    form: Form,
}

struct Extractor<'t> {
    text: &'t str,
    depth: usize,
    truncated: bool,
    candidates: Vec<Candidate>,
    /// `var x = {…}` (or `x = {…}`) whose object looks like callbacks, by variable name.
    object_vars: HashMap<String, Candidate>,
    /// `x.callbacks = y` and `{ callbacks: y }`: the identifier, where, and how.
    assigned_idents: Vec<(String, Span, Form)>,
    /// `x.callbacks.name = …`, `Object.assign(x.callbacks, {…})`.
    extra_keys: Vec<CallbackKey>,
    dynamic: Option<Span>,
    urls: Vec<UrlLiteral>,
    /// For each URL, the start of the literal (or concatenation) it is written in.
    url_literals: Vec<usize>,
    /// Load kinds, by the start of the literal that names the URL.
    loads: HashMap<usize, LoadKind>,
    /// Identifiers bound to `document.createElement('script')`.
    script_elements: HashSet<String>,
    /// `x.src = '…'` / `x.setAttribute('src', '…')`: the element's identifier and the literal.
    src_assignments: Vec<(String, usize)>,
    templates: Vec<TemplateRef>,
}

/// Where a write lands relative to a `.callbacks` member.
enum CallbacksPath {
    /// `x.callbacks` itself.
    Root,
    /// `x.callbacks.name` or `x.callbacks.leads.selected` (as `leads.selected`).
    Key(String, Span),
    /// `x.callbacks[expr]`: a key computed at run time.
    Computed,
}

impl<'t> Extractor<'t> {
    fn new(text: &'t str) -> Self {
        Extractor {
            text,
            depth: 0,
            truncated: false,
            candidates: Vec::new(),
            object_vars: HashMap::new(),
            assigned_idents: Vec::new(),
            extra_keys: Vec::new(),
            dynamic: None,
            urls: Vec::new(),
            url_literals: Vec::new(),
            loads: HashMap::new(),
            script_elements: HashSet::new(),
            src_assignments: Vec::new(),
            templates: Vec::new(),
        }
    }

    fn finish(mut self) -> (CallbacksFacts, Vec<UrlLiteral>, Vec<TemplateRef>, bool) {
        for (name, span, form) in std::mem::take(&mut self.assigned_idents) {
            match self.object_vars.get(&name) {
                Some(candidate) => {
                    let mut candidate = candidate.clone();
                    candidate.form = form;
                    self.candidates.push(candidate);
                }
                // `this.callbacks = callbacks` where `callbacks` is filled at run time (the
                // Kommo React template). A property `{ callbacks: x }` is weaker evidence: it
                // may be some library's option.
                None if form == Form::Assignment => self.note_dynamic(span),
                None => {}
            }
        }
        for (element, literal) in std::mem::take(&mut self.src_assignments) {
            if self.script_elements.contains(&element) {
                self.loads.entry(literal).or_insert(LoadKind::ScriptSrc);
            }
        }
        let best = self
            .candidates
            .iter()
            .filter(|c| c.keys.iter().any(|k| !k.nested && callback_like(&k.name)))
            .max_by_key(|c| {
                let known = c.keys.iter().filter(|k| known_callback(&k.name)).count();
                // More known keys first, then an assignment, then the earliest in the file.
                (known, c.form, std::cmp::Reverse(c.span.start))
            })
            .cloned();
        let mut callbacks = CallbacksFacts {
            object: None,
            dynamic: self.dynamic,
        };
        if let Some(mut best) = best {
            for key in std::mem::take(&mut self.extra_keys) {
                if !best.keys.iter().any(|k| k.name == key.name) {
                    best.keys.push(key);
                }
            }
            callbacks.dynamic = earliest(best.dynamic, callbacks.dynamic);
            callbacks.object = Some(CallbacksObject {
                span: best.span,
                keys: best.keys,
            });
        }
        let mut urls = self.urls;
        for (url, literal) in urls.iter_mut().zip(&self.url_literals) {
            if url.load.is_none() {
                url.load = self.loads.get(literal).copied();
            }
        }
        (callbacks, urls, self.templates, self.truncated)
    }

    fn note_dynamic(&mut self, span: Span) {
        self.dynamic = earliest(self.dynamic, Some(span));
    }

    fn mark_load(&mut self, expr: &Expression<'_>, kind: LoadKind) {
        if let Some(start) = literal_start(expr) {
            self.loads.entry(start).or_insert(kind);
        }
    }

    /// Marks a string, or each string of an array, as a code load.
    fn mark_load_list(&mut self, expr: &Expression<'_>, kind: LoadKind) {
        match expr.without_parentheses() {
            Expression::ArrayExpression(array) => {
                for element in &array.elements {
                    if let ArrayExpressionElement::SpreadElement(_) = element {
                        continue;
                    }
                    if let Some(e) = element.as_expression() {
                        self.mark_load(e, kind);
                    }
                }
            }
            other => self.mark_load(other, kind),
        }
    }

    /// Records the URLs and the template name in one literal's text. `value` is the text as
    /// the program sees it, `raw` the same text in the file, starting at byte `raw_start`;
    /// `literal` is the span of the whole literal.
    fn scan_literal(&mut self, value: &str, literal: Span, raw_start: usize, raw: &str) {
        if value.len() < 8 {
            return;
        }
        // URLs come in order: each is looked for after the previous one, so that a literal
        // holding many URLs is scanned once.
        let mut cursor = 0;
        let mut locate = |needle: &str| -> Span {
            match raw.get(cursor..).and_then(|rest| rest.find(needle)) {
                Some(at) => {
                    let start = cursor + at;
                    cursor = start + needle.len();
                    Span::new(raw_start + start, raw_start + start + needle.len())
                }
                None => literal,
            }
        };
        for found in find_urls(value) {
            if self.urls.len() >= MAX_URLS {
                break;
            }
            let span = locate(&found.url);
            self.urls.push(UrlLiteral {
                url: found.url,
                scheme: found.scheme,
                host: found.host,
                span,
                load: found.in_script_tag.then_some(LoadKind::ScriptSrc),
            });
            self.url_literals.push(literal.start);
        }
        if let Some(path) = template_path(value) {
            let span = raw.find(&path).map_or(literal, |at| {
                Span::new(raw_start + at, raw_start + at + path.len())
            });
            self.templates.push(TemplateRef { path, span });
        }
    }

    fn candidate(&self, object: &ObjectExpression<'_>, form: Form) -> Candidate {
        let (keys, dynamic) = summarize(object);
        Candidate {
            span: span_of(object.span),
            keys,
            dynamic,
            form,
        }
    }

    /// `x = {…}` / `var x = {…}`: kept by name when the object has a known callback, for a
    /// later `this.callbacks = x`. Only exact names are looked at: a bundle binds thousands of
    /// object literals to variables, too many for fuzzy matching.
    fn note_object_var(&mut self, name: &str, value: &Expression<'_>) {
        let Expression::ObjectExpression(object) = value.without_parentheses() else {
            return;
        };
        let has_callback = object.properties.iter().any(|p| {
            matches!(p, ObjectPropertyKind::ObjectProperty(p)
                if p.key.static_name().is_some_and(|k| known_callback(&k) || CALLBACK_CONTAINERS.contains(&k.as_ref())))
        });
        if has_callback {
            let candidate = self.candidate(object, Form::Property);
            self.object_vars.insert(name.to_string(), candidate);
        }
    }

    fn inspect_assignment(&mut self, it: &AssignmentExpression<'_>) {
        if let AssignmentTarget::AssignmentTargetIdentifier(id) = &it.left {
            if is_create_script(&it.right) {
                self.script_elements.insert(id.name.to_string());
            }
            self.note_object_var(id.name.as_str(), &it.right);
            return;
        }
        let Some(member) = it
            .left
            .as_simple_assignment_target()
            .and_then(|t| t.as_member_expression())
        else {
            return;
        };
        if member.static_property_name() == Some("src")
            && let Some(element) = member.object().get_identifier_reference()
            && let Some(literal) = literal_start(&it.right)
        {
            self.src_assignments
                .push((element.name.to_string(), literal));
        }
        match callbacks_path(member) {
            Some(CallbacksPath::Root) if it.operator == AssignmentOperator::Assign => {
                match it.right.without_parentheses() {
                    Expression::ObjectExpression(object) => {
                        let candidate = self.candidate(object, Form::Assignment);
                        self.candidates.push(candidate);
                    }
                    Expression::Identifier(id) => self.assigned_idents.push((
                        id.name.to_string(),
                        span_of(it.span),
                        Form::Assignment,
                    )),
                    _ => self.note_dynamic(span_of(it.span)),
                }
            }
            Some(CallbacksPath::Key(name, span)) => self.extra_keys.push(CallbackKey {
                nested: name.contains('.'),
                name,
                span,
            }),
            Some(CallbacksPath::Computed) => self.note_dynamic(span_of(it.span)),
            _ => {}
        }
    }

    fn inspect_call(&mut self, call: &CallExpression<'_>) {
        let callee = call.callee.without_parentheses();
        let args: Vec<&Expression<'_>> = call
            .arguments
            .iter()
            .filter_map(Argument::as_expression)
            .collect();
        if is_global_fn(callee, "define") {
            for arg in &args {
                if let Expression::ArrayExpression(_) = arg.without_parentheses() {
                    self.mark_load_list(arg, LoadKind::AmdDependency);
                }
            }
            return;
        }
        if is_global_fn(callee, "require") || is_global_fn(callee, "requirejs") {
            if let Some(first) = args.first() {
                self.mark_load_list(first, LoadKind::AmdDependency);
            }
            return;
        }
        if callee.is_specific_id("importScripts") {
            for arg in &args {
                self.mark_load(arg, LoadKind::Worker);
            }
            return;
        }
        let Some(member) = callee.as_member_expression() else {
            return;
        };
        let object = member.object().without_parentheses();
        match member.static_property_name() {
            Some("config")
                if object.is_specific_id("require") || object.is_specific_id("requirejs") =>
            {
                for arg in &args {
                    let Some(paths) = object_property(arg, "paths") else {
                        continue;
                    };
                    let Expression::ObjectExpression(paths) = paths.without_parentheses() else {
                        continue;
                    };
                    for property in &paths.properties {
                        if let ObjectPropertyKind::ObjectProperty(p) = property {
                            self.mark_load_list(&p.value, LoadKind::AmdDependency);
                        }
                    }
                }
            }
            Some("getScript") => {
                if let Some(first) = args.first() {
                    self.mark_load(first, LoadKind::GetScript);
                }
            }
            Some("ajax") => {
                for arg in &args {
                    let loads_code = object_property(arg, "dataType").is_some_and(|d| {
                        matches!(d.without_parentheses(), Expression::StringLiteral(s)
                            if s.value.eq_ignore_ascii_case("script") || s.value.eq_ignore_ascii_case("jsonp"))
                    });
                    if loads_code && let Some(url) = object_property(arg, "url") {
                        self.mark_load(url, LoadKind::GetScript);
                    }
                }
            }
            Some("setAttribute") => {
                if let (Some(name), Some(value)) = (args.first(), args.get(1))
                    && matches!(name.without_parentheses(), Expression::StringLiteral(s) if s.value.eq_ignore_ascii_case("src"))
                    && let Some(element) = object.get_identifier_reference()
                    && let Some(literal) = literal_start(value)
                {
                    self.src_assignments
                        .push((element.name.to_string(), literal));
                }
            }
            Some("assign" | "extend" | "merge") => {
                // Object.assign(this.callbacks, {…}), $.extend(true, self.callbacks, {…}).
                let mut rest = args.iter().skip_while(|a| {
                    matches!(a.without_parentheses(), Expression::BooleanLiteral(_))
                });
                let Some(target) = rest.next() else {
                    return;
                };
                let is_callbacks = target
                    .without_parentheses()
                    .as_member_expression()
                    .is_some_and(|m| matches!(callbacks_path(m), Some(CallbacksPath::Root)));
                if !is_callbacks {
                    return;
                }
                for source in rest {
                    match source.without_parentheses() {
                        Expression::ObjectExpression(object) => {
                            let (keys, dynamic) = summarize(object);
                            self.extra_keys.extend(keys);
                            if let Some(span) = dynamic {
                                self.note_dynamic(span);
                            }
                        }
                        other => self.note_dynamic(span_of(other.span())),
                    }
                }
            }
            _ => {}
        }
    }
}

impl<'a> Visit<'a> for Extractor<'_> {
    fn visit_expression(&mut self, it: &Expression<'a>) {
        if self.depth >= MAX_WALK_DEPTH {
            self.truncated = true;
            return;
        }
        self.depth += 1;
        walk::walk_expression(self, it);
        self.depth -= 1;
    }

    fn visit_statement(&mut self, it: &Statement<'a>) {
        if self.depth >= MAX_WALK_DEPTH {
            self.truncated = true;
            return;
        }
        self.depth += 1;
        walk::walk_statement(self, it);
        self.depth -= 1;
    }

    fn visit_string_literal(&mut self, it: &StringLiteral<'a>) {
        let span = span_of(it.span);
        let text = self.text;
        let raw = text.get(span.start..span.end).unwrap_or("");
        self.scan_literal(it.value.as_str(), span, span.start, raw);
    }

    fn visit_template_literal(&mut self, it: &TemplateLiteral<'a>) {
        let literal = span_of(it.span);
        let text = self.text;
        for quasi in &it.quasis {
            let q = span_of(quasi.span);
            let raw = text.get(q.start..q.end).unwrap_or("");
            let value = quasi.value.cooked.map_or(raw, |c| c.as_str());
            self.scan_literal(value, literal, q.start, raw);
        }
        walk::walk_template_literal(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        self.inspect_call(it);
        walk::walk_call_expression(self, it);
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
        let callee = it.callee.without_parentheses();
        if (is_global_fn(callee, "Worker") || is_global_fn(callee, "SharedWorker"))
            && let Some(first) = it.arguments.first().and_then(Argument::as_expression)
        {
            self.mark_load(first, LoadKind::Worker);
        }
        walk::walk_new_expression(self, it);
    }

    fn visit_import_expression(&mut self, it: &ImportExpression<'a>) {
        self.mark_load(&it.source, LoadKind::Import);
        walk::walk_import_expression(self, it);
    }

    fn visit_import_declaration(&mut self, it: &ImportDeclaration<'a>) {
        self.loads
            .entry(it.source.span.start as usize)
            .or_insert(LoadKind::Import);
        walk::walk_import_declaration(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        self.inspect_assignment(it);
        walk::walk_assignment_expression(self, it);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let (Some(name), Some(init)) = (it.id.get_identifier_name(), &it.init) {
            if is_create_script(init) {
                self.script_elements.insert(name.to_string());
            }
            self.note_object_var(name.as_str(), init);
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        if it.key.is_specific_static_name("callbacks") {
            match it.value.without_parentheses() {
                Expression::ObjectExpression(object) => {
                    let candidate = self.candidate(object, Form::Property);
                    self.candidates.push(candidate);
                }
                Expression::Identifier(id) => self.assigned_idents.push((
                    id.name.to_string(),
                    span_of(it.span),
                    Form::Property,
                )),
                _ => {}
            }
        }
        walk::walk_object_property(self, it);
    }

    fn visit_property_definition(&mut self, it: &PropertyDefinition<'a>) {
        if it.key.is_specific_static_name("callbacks")
            && let Some(Expression::ObjectExpression(object)) =
                it.value.as_ref().map(|v| v.without_parentheses())
        {
            let candidate = self.candidate(object, Form::Property);
            self.candidates.push(candidate);
        }
        walk::walk_property_definition(self, it);
    }
}

fn earliest(a: Option<Span>, b: Option<Span>) -> Option<Span> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if a.start <= b.start { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// The keys of an object literal, with container keys expanded (`leads.selected`), and the
/// first spread or computed key, which hides keys from static analysis.
fn summarize(object: &ObjectExpression<'_>) -> (Vec<CallbackKey>, Option<Span>) {
    let mut keys = Vec::new();
    let mut dynamic = None;
    for property in &object.properties {
        let property = match property {
            ObjectPropertyKind::SpreadProperty(spread) => {
                dynamic = earliest(dynamic, Some(span_of(spread.span)));
                continue;
            }
            ObjectPropertyKind::ObjectProperty(p) => p,
        };
        let Some(name) = property.key.static_name() else {
            dynamic = earliest(dynamic, Some(span_of(property.key.span())));
            continue;
        };
        keys.push(CallbackKey {
            name: name.to_string(),
            span: span_of(property.key.span()),
            nested: false,
        });
        if CALLBACK_CONTAINERS.contains(&name.as_ref())
            && let Expression::ObjectExpression(inner) = property.value.without_parentheses()
        {
            for sub in &inner.properties {
                if let ObjectPropertyKind::ObjectProperty(sub) = sub
                    && let Some(sub_name) = sub.key.static_name()
                {
                    keys.push(CallbackKey {
                        name: format!("{name}.{sub_name}"),
                        span: span_of(sub.key.span()),
                        nested: true,
                    });
                }
            }
        }
    }
    (keys, dynamic)
}

fn callbacks_path(member: &MemberExpression<'_>) -> Option<CallbacksPath> {
    let is_callbacks = |m: &MemberExpression<'_>| m.static_property_name() == Some("callbacks");
    if is_callbacks(member) {
        return Some(CallbacksPath::Root);
    }
    let parent = member
        .object()
        .without_parentheses()
        .as_member_expression()?;
    if is_callbacks(parent) {
        return Some(match member.static_property_info() {
            Some((span, name)) => CallbacksPath::Key(name.to_string(), span_of(span)),
            None => CallbacksPath::Computed,
        });
    }
    let grand = parent
        .object()
        .without_parentheses()
        .as_member_expression()?;
    if is_callbacks(grand) {
        return Some(
            match (parent.static_property_name(), member.static_property_info()) {
                (Some(container), Some((span, name))) => {
                    CallbacksPath::Key(format!("{container}.{name}"), span_of(span))
                }
                _ => CallbacksPath::Computed,
            },
        );
    }
    None
}

/// The value of property `name` of an object literal.
fn object_property<'b, 'a>(expr: &'b Expression<'a>, name: &str) -> Option<&'b Expression<'a>> {
    let Expression::ObjectExpression(object) = expr.without_parentheses() else {
        return None;
    };
    object.properties.iter().find_map(|p| match p {
        ObjectPropertyKind::ObjectProperty(p) if p.key.is_specific_static_name(name) => {
            Some(&p.value)
        }
        _ => None,
    })
}

/// `document.createElement('script')` (any receiver).
fn is_create_script(expr: &Expression<'_>) -> bool {
    let Expression::CallExpression(call) = expr.without_parentheses() else {
        return false;
    };
    let is_create = call
        .callee
        .without_parentheses()
        .as_member_expression()
        .is_some_and(|m| m.static_property_name() == Some("createElement"));
    is_create
        && matches!(
            call.arguments.first().and_then(Argument::as_expression).map(|e| e.without_parentheses()),
            Some(Expression::StringLiteral(s)) if s.value.eq_ignore_ascii_case("script")
        )
}

/// The start of the literal a URL expression begins with: a string or template literal, or
/// the leftmost literal of a `+` concatenation or of `"…".concat(…)`.
fn literal_start(expr: &Expression<'_>) -> Option<usize> {
    let mut expr = expr.without_parentheses();
    loop {
        match expr {
            Expression::StringLiteral(s) => return Some(s.span.start as usize),
            Expression::TemplateLiteral(t) => return Some(t.span.start as usize),
            Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
                expr = b.left.without_parentheses();
            }
            Expression::CallExpression(call) => {
                let member = call.callee.without_parentheses().as_member_expression()?;
                if member.static_property_name() != Some("concat") {
                    return None;
                }
                expr = member.object().without_parentheses();
            }
            _ => return None,
        }
    }
}

/// True for a known callback name in either spelling (`leads:selected`, `leads.selected`).
fn known_callback(name: &str) -> bool {
    crate::format::CALLBACKS
        .iter()
        .any(|known| same_callback(known, name))
}

/// Equal names, taking `:` and `.` for the same separator (`leads:selected`).
fn same_callback(a: &str, b: &str) -> bool {
    let separator = |c: u8| c == b'.' || c == b':';
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .all(|(x, y)| x == y || (separator(x) && separator(y)))
}

/// A key that makes an object look like the widget's callbacks: a known callback, a
/// container, or a near miss of a known callback.
fn callback_like(name: &str) -> bool {
    known_callback(name)
        || CALLBACK_CONTAINERS.contains(&name)
        || crate::suggest::nearest(name, crate::format::CALLBACKS).is_some()
}

// ---------------------------------------------------------------------------------------------
// URLs and template names in literal text.

struct FoundUrl {
    url: String,
    scheme: String,
    host: String,
    in_script_tag: bool,
}

/// A URL ends at whitespace, a quote, angle bracket, parenthesis or backslash.
fn ends_url(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'`' | b'<' | b'>' | b'(' | b')' | b'\\')
}

const MAX_URL_BYTES: usize = 300;
/// At most this many URLs are taken from one literal.
const MAX_URLS_PER_LITERAL: usize = 1000;
/// How far before a URL `<script … src=` is looked for.
const SCRIPT_TAG_WINDOW: usize = 200;

fn find_urls(value: &str) -> Vec<FoundUrl> {
    let bytes = value.as_bytes();
    let mut found = Vec::new();
    let trimmed = value.trim_start();
    let lead = value.len() - trimmed.len();
    if trimmed.starts_with("//")
        && trimmed
            .as_bytes()
            .get(2)
            .is_some_and(|b| b.is_ascii_alphanumeric())
        && let Some(url) = url_at(value, lead, lead + 2, "")
    {
        found.push(url);
    }
    let mut from = 0;
    while found.len() < MAX_URLS_PER_LITERAL
        && let Some(at) = value.get(from..).and_then(|rest| rest.find("://"))
    {
        let sep = from + at;
        from = sep + 3;
        let mut start = sep;
        while start > 0 && sep - start < 5 && bytes[start - 1].is_ascii_alphabetic() {
            start -= 1;
        }
        if start > 0
            && (bytes[start - 1].is_ascii_alphanumeric()
                || matches!(bytes[start - 1], b'+' | b'.' | b'-'))
        {
            continue;
        }
        let scheme = value[start..sep].to_ascii_lowercase();
        if !matches!(scheme.as_str(), "http" | "https" | "ws" | "wss") {
            continue;
        }
        if let Some(url) = url_at(value, start, sep + 3, &scheme) {
            found.push(url);
        }
    }
    found
}

/// The URL starting at byte `start` whose authority starts at `authority`.
fn url_at(value: &str, start: usize, authority: usize, scheme: &str) -> Option<FoundUrl> {
    let bytes = value.as_bytes();
    let mut end = authority;
    while end < bytes.len() && !ends_url(bytes[end]) && end - start < MAX_URL_BYTES {
        end += 1;
    }
    let end = crate::text::floor_char_boundary(value, end);
    let rest = value.get(authority..end)?;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let mut host = &rest[..authority_end];
    if let Some(at) = host.rfind('@') {
        host = &host[at + 1..];
    }
    let host = if host.starts_with('[') {
        host.find(']').map_or(host, |close| &host[..=close])
    } else {
        host.split([':', '$', '{']).next().unwrap_or("")
    };
    if host.is_empty()
        || !host.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'[' | b']' | b':')
        })
    {
        return None;
    }
    let window = crate::text::floor_char_boundary(value, start.saturating_sub(SCRIPT_TAG_WINDOW));
    let lower_before = value.get(window..start).unwrap_or("").to_ascii_lowercase();
    let in_script_tag = lower_before.rfind("<script").is_some_and(|tag| {
        let tag_text = &lower_before[tag..];
        !tag_text.contains('>') && tag_text.contains("src")
    });
    Some(FoundUrl {
        url: value[start..end].to_string(),
        scheme: scheme.to_string(),
        host: host.to_ascii_lowercase(),
        in_script_tag,
    })
}

/// `templates/x.twig`, `/templates/x.twig` or `./templates/x.twig` as a whole literal, as the
/// root-relative path.
fn template_path(value: &str) -> Option<String> {
    let value = value.trim();
    let path = value
        .strip_prefix("./")
        .or_else(|| value.strip_prefix('/'))
        .unwrap_or(value);
    let name = path.strip_prefix("templates/")?.strip_suffix(".twig")?;
    let plausible = !name.is_empty()
        && !name
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/'));
    plausible.then(|| path.to_string())
}

// ---------------------------------------------------------------------------------------------
// Text metrics.

fn metrics(text: &str) -> Metrics {
    let bytes = text.as_bytes();
    let mut m = Metrics {
        bytes: bytes.len(),
        ..Metrics::default()
    };
    let mut start = 0;
    while start <= bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |p| start + p);
        m.lines += 1;
        let len = end - start;
        if len > m.longest.len() {
            m.longest = Span::new(start, end);
        }
        if m.dense.is_none() && len >= DENSE_LINE_BYTES {
            let line = &bytes[start..end];
            let space = line.iter().filter(|b| b.is_ascii_whitespace()).count();
            let punct = line
                .iter()
                .filter(|b| matches!(b, b';' | b'{' | b'}' | b'(' | b')' | b','))
                .count();
            // Under 8% whitespace and at least 5% code punctuation: readable code is indented
            // and spaced, a data blob or markup string has little punctuation.
            if space * 100 < len * 8 && punct * 20 >= len {
                m.dense = Some(Span::new(start, end));
            }
        }
        start = end + 1;
    }
    // memchr's searchers rather than `str::find`: these two scans cover every script whole.
    for at in memchr::memmem::find_iter(bytes, b"(p,a,c,k,e,") {
        let head = text.get(at.saturating_sub(16)..at).unwrap_or("");
        if let Some(eval) = head.rfind("eval") {
            let start = at.saturating_sub(16) + eval;
            m.packer = Some(Span::new(start, at + 11));
            break;
        }
    }
    for at in memchr::memmem::find_iter(bytes, b"_0x") {
        let digits = bytes[at + 3..]
            .iter()
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        let before_ok = at == 0 || !is_ident_byte(bytes[at - 1]);
        let after_ok = bytes
            .get(at + 3 + digits)
            .is_none_or(|b| !is_ident_byte(*b));
        if before_ok && after_ok && (4..=8).contains(&digits) {
            m.hex_names += 1;
            m.first_hex_name
                .get_or_insert(Span::new(at, at + 3 + digits));
        }
    }
    m
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

// ---------------------------------------------------------------------------------------------
// The nesting pre-scan.

/// One bracket level of the pre-scan: the nesting the parser will recurse through inside it
/// without brackets (`if (a) if (b) …`, `!!!x`, `a = b = c`, `x ? y : z ? …`, `a => b => c`).
#[derive(Clone, Copy, Default)]
struct Level {
    /// Statements nested without braces: `if`, `for`, `while`, `with`, `do`, labels.
    statements: usize,
    /// Operators the parser recurses through: prefix operators, assignments, `?`, `=>`, `**`,
    /// `new`, `typeof`, … Reset at `,`.
    operators: usize,
    /// `do` statements whose `while` tail is still to come.
    pending_do: usize,
    /// Opened by `${` in a template literal.
    template: bool,
}

/// What the previous token lets the next one be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Start of input, after `;`, `{`, `}` or `:`: a statement may start; `/` starts a regex.
    StatementStart,
    /// After an operator or keyword: an expression starts; `/` starts a regex.
    Operator,
    /// After a value (identifier, literal, `)`, `]`): `/` divides, `+` is binary.
    Value,
    /// After `.` or `?.`: a word is a property name, whatever it spells.
    Dot,
}

/// Where a statement may have ended, to be confirmed by the next token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Boundary {
    Semicolon,
    Brace,
}

struct Prescan {
    levels: Vec<(Level, usize)>,
    level: Level,
    /// Nesting of the enclosing levels.
    base: usize,
    limit: usize,
    max: usize,
    over_at: Option<usize>,
}

impl Prescan {
    fn depth(&self) -> usize {
        self.base + self.level.statements + self.level.operators
    }

    fn check(&mut self, at: usize) {
        let depth = self.depth();
        if depth > self.max {
            self.max = depth;
        }
        if depth > self.limit && self.over_at.is_none() {
            self.over_at = Some(at);
        }
    }

    fn push(&mut self, template: bool, at: usize) {
        let parent = std::mem::take(&mut self.level);
        self.levels.push((parent, self.base));
        self.base += 1 + parent.statements + parent.operators;
        self.level.template = template;
        self.check(at);
    }

    /// Closes a level; true when it was a template's `${`.
    fn pop(&mut self) -> bool {
        let was_template = self.level.template;
        if let Some((parent, base)) = self.levels.pop() {
            self.level = parent;
            self.base = base;
        }
        was_template
    }
}

/// Words the parser recurses through as prefix operators.
const PREFIX_WORDS: [&str; 6] = ["typeof", "void", "delete", "await", "new", "yield"];
/// Keywords after which an expression (so a regex) may start.
const OPERATOR_WORDS: [&str; 9] = [
    "return",
    "throw",
    "case",
    "else",
    "in",
    "of",
    "instanceof",
    "do",
    "extends",
];

/// A rough tokenizer that estimates how deep the parser will recurse: bracket depth plus the
/// statements and operators that nest without brackets. It skips strings, comments, regex and
/// template literals approximately. Returns the deepest nesting and where it first went over
/// `limit`, when it did.
fn prescan(text: &str, limit: usize) -> Option<TooDeep> {
    let b = text.as_bytes();
    let mut s = Prescan {
        levels: Vec::new(),
        level: Level::default(),
        base: 0,
        limit,
        max: 0,
        over_at: None,
    };
    let mut prev = Prev::StatementStart;
    let mut boundary: Option<Boundary> = None;
    let mut label_candidate = false;
    let mut i = 0;
    if b.starts_with(b"#!") {
        i = skip_line(b, 0);
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            i = skip_line(b, i);
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = text
                .get(i + 2..)
                .and_then(|rest| rest.find("*/"))
                .map_or(b.len(), |p| i + 2 + p + 2);
            continue;
        }
        let at = i;
        // A word, when this token is one.
        let word_end = if is_ident_start(c) {
            let mut end = i + 1;
            while end < b.len() && is_ident_byte_or_escape(b[end]) {
                end += 1;
            }
            Some(end)
        } else {
            None
        };
        // A word that cannot be a keyword is compared with none of them: most words are plain
        // identifiers, and this runs for every one. `""` is no keyword.
        let word = word_end
            .and_then(|end| text.get(i..end))
            .filter(|_| prev != Prev::Dot)
            .map(|w| if maybe_keyword(w) { w } else { "" });
        // A statement ends at `;` or `}` unless the next token continues it.
        let mut while_tail = false;
        if let Some(kind) = boundary.take() {
            let continues = match word {
                Some("else" | "catch" | "finally") => true,
                Some("while") if s.level.pending_do > 0 => {
                    s.level.pending_do -= 1;
                    while_tail = true;
                    true
                }
                Some("instanceof" | "in" | "of") => kind == Boundary::Brace,
                _ => false,
            };
            let starts_statement =
                word_end.is_some() || c.is_ascii_digit() || matches!(c, b'"' | b'\'' | b'`' | b'{');
            if !continues && (kind == Boundary::Semicolon || starts_statement) {
                s.level.statements = 0;
                s.level.operators = 0;
            }
        }
        let was_label_candidate = std::mem::take(&mut label_candidate);
        if let Some(end) = word_end {
            i = end;
            match word {
                None => prev = Prev::Value, // a property name after `.`
                Some("if" | "for" | "with") => {
                    s.level.statements += 1;
                    s.check(at);
                    prev = Prev::Operator;
                }
                Some("while") => {
                    if !while_tail {
                        s.level.statements += 1;
                        s.check(at);
                    }
                    prev = Prev::Operator;
                }
                Some("do") => {
                    s.level.statements += 1;
                    s.level.pending_do += 1;
                    s.check(at);
                    prev = Prev::Operator;
                }
                Some(w) if PREFIX_WORDS.contains(&w) => {
                    s.level.operators += 1;
                    s.check(at);
                    prev = Prev::Operator;
                }
                Some(w) if OPERATOR_WORDS.contains(&w) => prev = Prev::Operator,
                Some(_) => {
                    label_candidate = prev == Prev::StatementStart;
                    prev = Prev::Value;
                }
            }
            continue;
        }
        match c {
            b'\'' | b'"' => {
                i = skip_string(b, i);
                prev = Prev::Value;
            }
            b'`' => {
                let (end, interpolation) = skip_template(b, i + 1);
                i = end;
                if interpolation {
                    s.push(true, at);
                    prev = Prev::Operator;
                } else {
                    prev = Prev::Value;
                }
            }
            b'/' if matches!(prev, Prev::StatementStart | Prev::Operator) => {
                i = skip_regex(b, i);
                prev = Prev::Value;
            }
            b'0'..=b'9' => {
                i += 1;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'_')) {
                    i += 1;
                }
                prev = Prev::Value;
            }
            b'.' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i += 1;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'_')) {
                    i += 1;
                }
                prev = Prev::Value;
            }
            b'(' | b'[' | b'{' => {
                i += 1;
                s.push(false, at);
                prev = if c == b'{' {
                    Prev::StatementStart
                } else {
                    Prev::Operator
                };
            }
            b')' | b']' => {
                i += 1;
                s.pop();
                prev = Prev::Value;
            }
            b'}' => {
                i += 1;
                if s.pop() {
                    // The end of a `${…}`: the template literal goes on.
                    let (end, interpolation) = skip_template(b, i);
                    i = end;
                    if interpolation {
                        s.push(true, at);
                        prev = Prev::Operator;
                    } else {
                        prev = Prev::Value;
                    }
                } else {
                    boundary = Some(Boundary::Brace);
                    prev = Prev::StatementStart;
                }
            }
            b';' => {
                i += 1;
                boundary = Some(Boundary::Semicolon);
                prev = Prev::StatementStart;
            }
            b',' => {
                i += 1;
                s.level.operators = 0;
                prev = Prev::Operator;
            }
            // Member access, the commonest punctuator: what `punctuator` returns for a lone `.`
            // (a digit after it was taken as a number above; `...` is a spread).
            b'.' if b.get(i + 1) != Some(&b'.') => {
                i += 1;
                prev = Prev::Dot;
            }
            _ => {
                let (len, nests, next) = punctuator(&b[i..], prev, was_label_candidate);
                i += len;
                match nests {
                    Nests::Operator => s.level.operators += 1,
                    Nests::Statement => s.level.statements += 1,
                    Nests::No => {}
                }
                if nests != Nests::No {
                    s.check(at);
                }
                prev = next;
            }
        }
    }
    s.over_at.map(|at| TooDeep {
        depth: s.max,
        span: Span::new(at, (at + 1).min(b.len())),
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Nests {
    No,
    Operator,
    Statement,
}

/// The punctuator at the start of `rest`: its length, whether the parser recurses through it,
/// and what it lets the next token be.
fn punctuator(rest: &[u8], prev: Prev, label_candidate: bool) -> (usize, Nests, Prev) {
    // The candidates for the first byte, in the order of a longest-first list of every
    // punctuator: this runs for most tokens of the file, so it must not try them all.
    let candidates: &[&[u8]] = match rest.first() {
        Some(b'>') => &[b">>>=", b">>=", b">>>", b">=", b">>"],
        Some(b'.') => &[b"...", b"."],
        Some(b'=') => &[b"===", b"=>", b"==", b"="],
        Some(b'!') => &[b"!==", b"!=", b"!"],
        Some(b'*') => &[b"**=", b"**", b"*=", b"*"],
        Some(b'<') => &[b"<<=", b"<=", b"<<", b"<"],
        Some(b'&') => &[b"&&=", b"&&", b"&="],
        Some(b'|') => &[b"||=", b"||", b"|="],
        Some(b'?') => &[b"??=", b"??", b"?.", b"?"],
        Some(b'+') => &[b"++", b"+=", b"+"],
        Some(b'-') => &[b"--", b"-=", b"-"],
        Some(b'/') => &[b"/="],
        Some(b'%') => &[b"%=", b"%"],
        Some(b'^') => &[b"^="],
        Some(b'~') => &[b"~"],
        Some(b':') => &[b":"],
        _ => &[],
    };
    let token: &[u8] = candidates
        .iter()
        .find(|p| rest.starts_with(p))
        .copied()
        .unwrap_or(&rest[..1]);
    // `a?.5:b` is a conditional, not optional chaining.
    let token: &[u8] = if token == b"?." && rest.get(2).is_some_and(u8::is_ascii_digit) {
        b"?"
    } else {
        token
    };
    let len = token.len();
    let prefix_position = prev != Prev::Value;
    match token {
        b"=" | b"+=" | b"-=" | b"*=" | b"/=" | b"%=" | b"**=" | b"<<=" | b">>=" | b">>>="
        | b"&=" | b"|=" | b"^=" | b"&&=" | b"||=" | b"??=" | b"=>" | b"?" | b"**" | b"!" | b"~" => {
            (len, Nests::Operator, Prev::Operator)
        }
        b"+" | b"-" | b"++" | b"--" if prefix_position => (len, Nests::Operator, Prev::Operator),
        b"++" | b"--" => (len, Nests::No, Prev::Value),
        b":" if label_candidate => (len, Nests::Statement, Prev::StatementStart),
        b":" => (len, Nests::No, Prev::StatementStart),
        b"." | b"?." => (len, Nests::No, Prev::Dot),
        _ => (len, Nests::No, Prev::Operator),
    }
}

/// True unless `word` is certainly none of the keywords the pre-scan looks at (all 2 to 10
/// lower-case letters, starting with one of these).
fn maybe_keyword(word: &str) -> bool {
    (2..=10).contains(&word.len())
        && matches!(
            word.as_bytes()[0],
            b'a' | b'c'
                | b'd'
                | b'e'
                | b'f'
                | b'i'
                | b'n'
                | b'o'
                | b'r'
                | b't'
                | b'v'
                | b'w'
                | b'y'
        )
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'_' | b'$' | b'\\' | b'#') || c >= 0x80
}

fn is_ident_byte_or_escape(c: u8) -> bool {
    is_ident_byte(c) || c == b'\\'
}

fn skip_line(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|c| *c == b'\n')
        .map_or(b.len(), |p| from + p)
}

/// Past a quoted string starting at `from` (an unterminated one ends at its line).
fn skip_string(b: &[u8], from: usize) -> usize {
    let quote = b[from];
    let mut i = from + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Past a regex literal starting at `from` (its flags are read as a word afterwards).
fn skip_regex(b: &[u8], from: usize) -> usize {
    let mut i = from + 1;
    let mut class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            b'[' => {
                class = true;
                i += 1;
            }
            b']' => {
                class = false;
                i += 1;
            }
            b'/' if !class => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Through template literal text from `from`: returns where it stopped and whether at a `${`
/// (true) or past the closing backtick (false).
fn skip_template(b: &[u8], from: usize) -> (usize, bool) {
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => return (i + 1, false),
            b'$' if b.get(i + 1) == Some(&b'{') => return (i + 2, true),
            _ => i += 1,
        }
    }
    (b.len(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AMD: &str = r#"define(['jquery'], function ($) {
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

    fn keys(facts: &ScriptFacts) -> Vec<String> {
        facts
            .callbacks
            .object
            .as_ref()
            .map(|o| o.keys.iter().map(|k| k.name.clone()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_plain_amd_widget() {
        let facts = analyze(AMD);
        assert!(facts.parsed(), "{:?}", facts.syntax_errors);
        assert_eq!(facts.defines.len(), 1);
        assert!(facts.module_items.is_empty());
        assert_eq!(
            keys(&facts),
            [
                "render",
                "init",
                "bind_actions",
                "settings",
                "onSave",
                "destroy",
                "leads",
                "leads.selected"
            ]
        );
        assert!(facts.callbacks.dynamic.is_none());
        let object = facts.callbacks.complete().expect("complete");
        assert!(object.has("leads:selected"));
        assert!(object.has("leads.selected"));
        assert!(facts.urls.is_empty());
    }

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

    #[test]
    fn es_modules_and_missing_define() {
        let facts = analyze("import $ from 'jquery';\nexport default function Widget() {}\n");
        assert!(facts.parsed());
        assert_eq!(
            facts
                .module_items
                .iter()
                .map(|m| m.keyword)
                .collect::<Vec<_>>(),
            ["import", "export"]
        );
        assert!(facts.defines.is_empty());
        let facts = analyze("var Widget = function () { this.callbacks = {}; };\n");
        assert!(facts.defines.is_empty());
    }

    #[test]
    fn define_inside_bundles() {
        let umd = "(function (root, factory) { if (typeof define === 'function' && define.amd) { define(['jquery'], factory); } else { root.W = factory(root.jQuery); } })(this, function ($) { return function () { this.callbacks = { render: function () { return true; } }; }; });";
        assert_eq!(analyze(umd).defines.len(), 1);
        let minified_umd = "!function(e,t){\"object\"==typeof exports&&\"object\"==typeof module?module.exports=t():\"function\"==typeof define&&define.amd?define([],t):\"object\"==typeof exports?exports.w=t():e.w=t()}(self,(()=>(()=>{var e={};return e})()));";
        assert_eq!(analyze(minified_umd).defines.len(), 1);
        let kommo = "if (dev) { window.define(['http://localhost:9000/script.js'], function (r) { return r; }); } else { window.define(['jquery'], function () { return function Widget() {}; }); }";
        assert_eq!(analyze(kommo).defines.len(), 2);
        // A define inside an ordinary function that nobody calls at load time does not count.
        assert!(
            analyze("function later() { define([], function () {}); }")
                .defines
                .is_empty()
        );
    }

    #[test]
    fn webpack_bundle_callbacks() {
        let bundle = r#"define(["jquery"], (__WEBPACK_EXTERNAL_MODULE_jquery__) => { return (() => {
  "use strict";
  var __webpack_modules__ = ({
    "./src/index.js": ((module, exports, __webpack_require__) => {
      module.exports = function Widget() {
        var self = this;
        self.callbacks = {
          render() { return true; },
          init: () => true,
          bindActions: function () { return true; },
        };
        return this;
      };
    })
  });
  var __webpack_module_cache__ = {};
  function __webpack_require__(id) { var m = __webpack_module_cache__[id] = { exports: {} }; __webpack_modules__[id](m, m.exports, __webpack_require__); return m.exports; }
  return __webpack_require__("./src/index.js");
})(); });"#;
        let facts = analyze(bundle);
        assert!(facts.parsed(), "{:?}", facts.syntax_errors);
        assert_eq!(facts.defines.len(), 1);
        assert_eq!(keys(&facts), ["render", "init", "bindActions"]);
        assert!(facts.callbacks.complete().is_some());
    }

    #[test]
    fn callbacks_built_at_run_time() {
        // The shape of the Kommo React template's bundle.
        let kommo = r#"window.define(['jquery'], function () {
  class Integration {
    constructor() { this.callbacks = {}; }
    addCallback(cb, name) { this.callbacks[name] = cb; return this; }
    build() {
      const self = this;
      return function Widget() {
        const callbacks = {};
        for (const key in self.callbacks) { callbacks[key] = self.callbacks[key]; }
        this.callbacks = callbacks;
        return this;
      };
    }
  }
  return new Integration().addCallback(function () { return true; }, 'render').build();
});"#;
        let facts = analyze(kommo);
        assert!(facts.parsed(), "{:?}", facts.syntax_errors);
        assert!(facts.callbacks.object.is_none());
        assert!(facts.callbacks.dynamic.is_some());
        // A spread hides keys too.
        let facts = analyze(
            "define([], function () { return function () { this.callbacks = { ...base, render: function () {} }; }; });",
        );
        assert!(facts.callbacks.object.is_some());
        assert!(facts.callbacks.complete().is_none());
    }

    #[test]
    fn callbacks_through_a_variable_and_member_writes() {
        let facts = analyze(
            "define([], function () { return function () { var cbs = { render: function () {}, init: function () {} }; this.callbacks = cbs; this.callbacks.bind_actions = function () {}; this.callbacks.todo.selected = function () {}; }; });",
        );
        assert_eq!(
            keys(&facts),
            ["render", "init", "bind_actions", "todo.selected"]
        );
        assert!(facts.callbacks.complete().is_some());
    }

    #[test]
    fn plugin_options_named_callbacks_are_not_the_widget_callbacks() {
        let facts = analyze(
            "define([], function () { $('#e').summernote({ callbacks: { onImageUpload: function () {} } }); });",
        );
        assert!(facts.callbacks.object.is_none());
        assert!(facts.callbacks.dynamic.is_none());
    }

    #[test]
    fn loader_stub_loads() {
        let stub = "define(function () { var s = document.createElement('script'); s.src = 'https://host.example/real.js?v=' + Date.now(); document.head.appendChild(s); return function () {}; });";
        let facts = analyze(stub);
        assert!(facts.callbacks.object.is_none());
        let load = facts.first_code_load().expect("a load");
        assert_eq!(load.load, Some(LoadKind::ScriptSrc));
        assert_eq!(load.host, "host.example");
        assert_eq!(
            &stub[load.span.start..load.span.end],
            "https://host.example/real.js?v="
        );
    }

    #[test]
    fn urls_and_their_uses() {
        let src = r#"define(['http://cdn.example.com/a.js', 'jquery'], function () {
  var ns = 'http://www.w3.org/2000/svg';
  $.getScript("http://" + "example.org/b.js");
  import(`http://localhost:${port}/c.js`);
  require.config({ paths: { lib: 'http://10.0.0.5/lib' } });
  $.ajax({ url: 'http://api.example.com/x', dataType: 'json' });
  var html = '<script src="http://evil.example/x.js"></script>';
  var u = 'https://user:pw@[::1]:8080/p';
});"#;
        let facts = analyze(src);
        assert!(facts.parsed(), "{:?}", facts.syntax_errors);
        let seen: Vec<(&str, &str, Option<LoadKind>)> = facts
            .urls
            .iter()
            .map(|u| (u.url.as_str(), u.host.as_str(), u.load))
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "http://cdn.example.com/a.js",
                    "cdn.example.com",
                    Some(LoadKind::AmdDependency)
                ),
                ("http://www.w3.org/2000/svg", "www.w3.org", None),
                ("http://localhost:", "localhost", Some(LoadKind::Import)),
                (
                    "http://10.0.0.5/lib",
                    "10.0.0.5",
                    Some(LoadKind::AmdDependency)
                ),
                ("http://api.example.com/x", "api.example.com", None),
                (
                    "http://evil.example/x.js",
                    "evil.example",
                    Some(LoadKind::ScriptSrc)
                ),
                ("https://user:pw@[::1]:8080/p", "[::1]", None),
            ]
        );
        for url in &facts.urls {
            assert_eq!(&src[url.span.start..url.span.end], url.url);
        }
    }

    #[test]
    fn template_names() {
        let facts = analyze(
            "define([], function () { self.render({ href: '/templates/settings.twig', load: f }); self.render({ href: 'templates/' + name + '.twig' }); var t = `./templates/a/b.twig`; });",
        );
        let paths: Vec<&str> = facts.templates.iter().map(|t| t.path.as_str()).collect();
        assert_eq!(paths, ["templates/settings.twig", "templates/a/b.twig"]);
    }

    #[test]
    fn minification_metrics() {
        let readable = analyze(AMD);
        assert!(readable.metrics.dense.is_none());
        assert!(readable.metrics.packer.is_none());
        let line = "function a(e,t){return e+t}var b=a(1,2),c={x:1,y:[1,2,3]};".repeat(40);
        let minified = analyze(&format!("define([],function(){{{line}}});"));
        assert!(minified.metrics.dense.is_some());
        let blob = format!("var img = 'data:image/png;base64,{}';", "QUJD".repeat(600));
        assert!(analyze(&blob).metrics.dense.is_none());
        let packed = analyze(
            "eval(function(p,a,c,k,e,d){e=function(c){return c};return p}('0',1,1,'x'.split('|'),0,{}))",
        );
        assert!(packed.metrics.packer.is_some());
        let obfuscated = analyze(&"var _0x1a2b=1;".repeat(30));
        assert_eq!(obfuscated.metrics.hex_names, 30);
    }

    fn assert_refused(name: &str, text: &str) {
        let facts = analyze(text);
        let too_deep = facts.too_deep.unwrap_or_else(|| {
            panic!("{name}: not refused ({} errors)", facts.syntax_errors.len())
        });
        assert!(too_deep.depth > MAX_NESTING, "{name}: {}", too_deep.depth);
    }

    #[test]
    fn hostile_nesting_is_refused_without_crashing() {
        const N: usize = 300_000;
        assert_refused("parens", &format!("{}1{}", "(".repeat(N), ")".repeat(N)));
        assert_refused("brackets", &"[".repeat(N));
        assert_refused("braces", &"{".repeat(N));
        assert_refused("not", &format!("{}x", "!".repeat(N)));
        assert_refused("minus", &format!("{}x", "- ".repeat(N)));
        assert_refused("typeof", &format!("{}x", "typeof ".repeat(N)));
        assert_refused("new", &format!("{}X", "new ".repeat(N)));
        assert_refused("assign", &format!("{}0", "a=".repeat(N)));
        assert_refused("conditional", &format!("{}0", "x?x:".repeat(N)));
        assert_refused("arrow", &format!("{}0", "a=>".repeat(N)));
        assert_refused("exponent", &format!("{}2", "2**".repeat(N)));
        assert_refused("if", &format!("{}x;", "if(1)".repeat(N)));
        assert_refused("else-if", &format!("if(1)x;{}", "else if(1)x;".repeat(N)));
        assert_refused("while", &format!("{}x;", "while(1)".repeat(N)));
        assert_refused("do", &format!("{}x;", "do ".repeat(N)));
        assert_refused("labels", &format!("{}x;", "a:".repeat(N)));
        assert_refused(
            "template",
            &format!("{}{}", "`${".repeat(N), "}`".repeat(N)),
        );
        assert_refused("functions", &"function f(){".repeat(N));
        assert_refused(
            "else-if with braces",
            &format!("if(1){{}}{}", "else if(1){}".repeat(N)),
        );
    }

    #[test]
    fn long_flat_chains_parse_and_are_walked_safely() {
        // Parsed in a loop but deep as trees: the walk stops at its limit.
        for (name, text) in [
            ("plus", format!("x={}a;", "a+".repeat(1_000_000))),
            ("member", format!("x=a{};", ".a".repeat(300_000))),
            ("calls", format!("x=a{};", "()".repeat(300_000))),
            ("comma", format!("x=({}a);", "a,".repeat(300_000))),
            ("statements", "if(1){x=1}\n".repeat(100_000)),
            ("blocks", "{x=1}\n".repeat(100_000)),
            ("functions", "function f(){return 1}\n".repeat(100_000)),
        ] {
            let facts = analyze(&text);
            assert!(facts.too_deep.is_none(), "{name}: refused");
            assert!(
                facts.syntax_errors.is_empty(),
                "{name}: {:?}",
                facts.syntax_errors.first()
            );
        }
    }

    #[test]
    fn pathological_but_shallow_input_stays_fast() {
        let many_urls = format!("var s = '{}';", "http://a.example/x ".repeat(200_000));
        let facts = analyze(&many_urls);
        assert_eq!(facts.urls.len(), MAX_URLS_PER_LITERAL);
        let objects = "var a = { render: 1, init: 2, x: 3 };\n".repeat(50_000);
        assert!(analyze(&objects).parsed());
    }

    #[test]
    fn nesting_just_under_the_limit_parses() {
        let n = MAX_NESTING - 10;
        let facts = analyze(&format!("x={}1{};", "(".repeat(n), ")".repeat(n)));
        assert!(facts.too_deep.is_none());
        assert!(facts.parsed(), "{:?}", facts.syntax_errors.first());
        let facts = analyze(&format!("x={}1{};", "[".repeat(n), "]".repeat(n)));
        assert!(facts.parsed());
    }

    #[test]
    fn real_code_stays_shallow() {
        let text = format!(
            "{AMD}\nvar re = /[(\\[{{]/g, s = \"(((\", t = `${{a}}(((`; // (((\n/* [[[ */\n"
        );
        assert!(prescan(&text, 20).is_none());
    }
}
