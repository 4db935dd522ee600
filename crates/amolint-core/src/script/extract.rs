//! The `define`/callbacks extractor: owns the one walk over a parsed program that finds the
//! top-level `define` calls (also inside the IIFEs bundlers wrap them in), the ES
//! `import`/`export` statements, the widget's callbacks object and whether it is built at run
//! time, and which literals the script loads code from (AMD dependencies, `getScript`,
//! `import()`, `<script>` elements, workers). It hands each literal's text to the URL scanner
//! and records what it finds.
//!
//! It must not keep anything borrowed from the AST (the facts it returns are owned, the arena
//! is reset after it) and must not descend deeper than [`MAX_WALK_DEPTH`], so that a deep but
//! valid tree cannot overflow the stack; it never judges what it found.

use super::facts::{
    CALLBACK_CONTAINERS, CallbackKey, CallbacksFacts, CallbacksObject, DefineCall, LoadKind,
    ModuleItem, ScriptFacts, TemplateRef, UrlLiteral, same_callback,
};
use super::templates::{Frame, Templates};
use super::urls::{MAX_URLS, find_urls, template_path};
use crate::text::Span;
use oxc_ast::ast::{
    Argument, ArrayExpressionElement, ArrowFunctionExpression, AssignmentExpression,
    AssignmentOperator, AssignmentTarget, BinaryOperator, CallExpression, Expression,
    FormalParameters, Function, ImportDeclaration, ImportExpression, MemberExpression,
    MethodDefinition, NewExpression, ObjectExpression, ObjectProperty, ObjectPropertyKind, Program,
    PropertyDefinition, ReturnStatement, Statement, StringLiteral, TemplateLiteral,
    VariableDeclarator,
};
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;
use oxc_syntax::scope::ScopeFlags;
use std::collections::{HashMap, HashSet};

/// Deepest expression/statement nesting the extraction walk descends into. Deeper than the
/// parser's limit because left-nested chains (`a + b + …`, `a.b.c…`) are parsed in a loop but
/// form deep trees; what lies below is not looked at ([`ScriptFacts::truncated`]).
const MAX_WALK_DEPTH: usize = 20_000;

pub(super) fn extract<'a>(text: &str, program: &Program<'a>) -> ScriptFacts {
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
    let mut search = DefineSearch {
        text,
        out: Vec::new(),
        branches: Vec::new(),
    };
    search.statements(&program.body, 0);
    let defines = search.out;
    let mut walker = Extractor::new(text);
    walker.visit_program(program);
    let mut facts = ScriptFacts {
        defines,
        module_items,
        ..ScriptFacts::default()
    };
    walker.finish(&mut facts);
    facts
}

pub(super) fn span_of(span: oxc_span::Span) -> Span {
    Span::new(span.start as usize, span.end as usize)
}

// ---------------------------------------------------------------------------------------------
// Top-level `define`.

/// IIFEs nest this deep at most before `define` is no longer looked for (UMD wrappers use one).
const MAX_IIFE_DEPTH: usize = 4;
/// Expression depth searched for a `define` call inside one top-level statement.
const MAX_DEFINE_EXPR_DEPTH: usize = 32;

/// Where the define search stands: the defines found, and the branches of the conditionals
/// around the current point (see [`DefineCall::branches`]).
struct DefineSearch<'t> {
    text: &'t str,
    out: Vec<DefineCall>,
    branches: Vec<(usize, u8)>,
}

impl DefineSearch<'_> {
    /// Searches `node` as branch `branch` of the conditional that starts at `at`.
    fn in_branch(&mut self, at: u32, branch: u8, search: impl FnOnce(&mut Self)) {
        self.branches.push((at as usize, branch));
        search(self);
        self.branches.pop();
    }

    fn statements(&mut self, statements: &[Statement<'_>], iife: usize) {
        for statement in statements {
            self.statement(statement, iife, 0);
        }
    }

    fn statement(&mut self, statement: &Statement<'_>, iife: usize, depth: usize) {
        if depth > MAX_DEFINE_EXPR_DEPTH {
            return;
        }
        match statement {
            Statement::ExpressionStatement(s) => self.expression(&s.expression, iife, 0),
            Statement::IfStatement(s) => {
                self.expression(&s.test, iife, 0);
                self.in_branch(s.span.start, 0, |me| {
                    me.statement(&s.consequent, iife, depth + 1)
                });
                if let Some(alternate) = &s.alternate {
                    self.in_branch(s.span.start, 1, |me| {
                        me.statement(alternate, iife, depth + 1)
                    });
                }
            }
            Statement::BlockStatement(s) => {
                for inner in &s.body {
                    self.statement(inner, iife, depth + 1);
                }
            }
            Statement::TryStatement(s) => {
                for inner in &s.block.body {
                    self.statement(inner, iife, depth + 1);
                }
            }
            Statement::ReturnStatement(s) => {
                if let Some(argument) = &s.argument {
                    self.expression(argument, iife, 0);
                }
            }
            Statement::VariableDeclaration(s) => {
                for declarator in &s.declarations {
                    if let Some(init) = &declarator.init {
                        self.expression(init, iife, 0);
                    }
                }
            }
            _ => {}
        }
    }

    fn expression(&mut self, expr: &Expression<'_>, iife: usize, depth: usize) {
        if depth > MAX_DEFINE_EXPR_DEPTH {
            return;
        }
        let next = depth + 1;
        match expr.without_parentheses() {
            Expression::CallExpression(call) => {
                if is_global_fn(&call.callee, "define") {
                    let name = call
                        .arguments
                        .first()
                        .and_then(Argument::as_expression)
                        .and_then(|first| static_string(self.text, first));
                    self.out.push(DefineCall {
                        span: span_of(call.callee.span()),
                        name,
                        branches: self.branches.clone(),
                    });
                    return;
                }
                if let Some(body) = iife_body(&call.callee)
                    && iife < MAX_IIFE_DEPTH
                {
                    self.statements(body, iife + 1);
                }
                for argument in &call.arguments {
                    if let Some(e) = argument.as_expression()
                        && !e.is_function()
                    {
                        self.expression(e, iife, next);
                    }
                }
            }
            Expression::SequenceExpression(s) => {
                for e in &s.expressions {
                    self.expression(e, iife, next);
                }
            }
            Expression::UnaryExpression(u) => self.expression(&u.argument, iife, next),
            Expression::LogicalExpression(l) => {
                self.expression(&l.left, iife, next);
                // The right side runs only when the left side lets it.
                self.in_branch(l.span.start, 1, |me| me.expression(&l.right, iife, next));
            }
            Expression::ConditionalExpression(c) => {
                self.expression(&c.test, iife, next);
                self.in_branch(c.span.start, 0, |me| {
                    me.expression(&c.consequent, iife, next)
                });
                self.in_branch(c.span.start, 1, |me| {
                    me.expression(&c.alternate, iife, next)
                });
            }
            Expression::AssignmentExpression(a) => self.expression(&a.right, iife, next),
            _ => {}
        }
    }
}

/// The value of a string literal, or of a template literal without substitutions.
fn static_string(text: &str, expr: &Expression<'_>) -> Option<String> {
    match expr.without_parentheses() {
        Expression::StringLiteral(s) => Some(s.value.to_string()),
        Expression::TemplateLiteral(t) if t.expressions.is_empty() => {
            let quasi = t.quasis.first()?;
            let raw = text.get(quasi.span.start as usize..quasi.span.end as usize)?;
            Some(quasi.value.cooked.map_or(raw, |c| c.as_str()).to_string())
        }
        _ => None,
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
    global_fn_name(callee) == Some(name)
}

/// The global function `callee` names: `name` for `name`, `window.name`, `self.name` and
/// `globalThis.name`. Found once per call and compared with each name after, rather than
/// matching the callee against each name and each global object in turn.
fn global_fn_name<'b>(callee: &'b Expression<'_>) -> Option<&'b str> {
    let inner = callee.get_inner_expression();
    if let Expression::Identifier(id) = inner {
        return Some(id.name.as_str());
    }
    let member = match inner {
        Expression::ChainExpression(chain) => chain.expression.as_member_expression()?,
        other => other.as_member_expression()?,
    };
    let object = member.object();
    ["window", "self", "globalThis"]
        .iter()
        .any(|global| object.is_specific_id(global))
        .then(|| member.static_property_name())
        .flatten()
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

struct Extractor<'t, 'a> {
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
    /// Starts of the literals given as the address of a `crm_post` call.
    crm_posts: HashSet<usize>,
    /// Identifiers bound to `document.createElement('script')`.
    script_elements: HashSet<String>,
    /// `x.src = '…'` / `x.setAttribute('src', '…')`: the element's identifier and the literal.
    src_assignments: Vec<(String, usize)>,
    templates: Vec<TemplateRef>,
    /// Rendered templates beyond `templates/*.twig` literals: literal hrefs and helpers.
    rendered: Templates<'a>,
    /// The functions the walk is inside, innermost last.
    frames: Vec<Frame>,
    /// The parameters' names of the functions in `frames`, one stack for all of them (each
    /// frame has its range), so that entering a function allocates nothing.
    params: Vec<Option<&'a str>>,
    /// For each function walked, in the order the walk left them: its start and whether it
    /// returns a value. Looked up only for the callbacks' keys, at the end.
    returns: Vec<(usize, bool)>,
    catalog_id_calls: Vec<Span>,
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

impl<'t, 'a> Extractor<'t, 'a> {
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
            crm_posts: HashSet::new(),
            script_elements: HashSet::new(),
            src_assignments: Vec::new(),
            templates: Vec::new(),
            rendered: Templates::default(),
            frames: Vec::new(),
            params: Vec::new(),
            returns: Vec::new(),
            catalog_id_calls: Vec::new(),
        }
    }

    /// Fills `facts` with what the walk found.
    fn finish(mut self, facts: &mut ScriptFacts) {
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
            // The last function left at a start is the one a map by start would keep.
            self.returns.sort_by_key(|(start, _)| *start);
            let returns = &self.returns;
            for key in &mut best.keys {
                key.returns_value = key.function.and_then(|f| {
                    let after = returns.partition_point(|(start, _)| *start <= f.start);
                    after
                        .checked_sub(1)
                        .and_then(|i| returns.get(i))
                        .filter(|(start, _)| *start == f.start)
                        .map(|(_, value)| *value)
                });
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
            url.crm_post = self.crm_posts.contains(literal);
        }
        let mut templates = self.templates;
        templates.extend(self.rendered.finish());
        templates.sort_by_key(|t| t.span.start);
        templates.dedup_by(|a, b| a.path == b.path && a.span == b.span);
        facts.callbacks = callbacks;
        facts.urls = urls;
        facts.templates = templates;
        facts.catalog_id_calls = self.catalog_id_calls;
        facts.truncated = self.truncated;
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
                crm_post: false,
            });
            self.url_literals.push(literal.start);
        }
        if let Some(path) = template_path(value) {
            let span = raw.find(&path).map_or(literal, |at| {
                Span::new(raw_start + at, raw_start + at + path.len())
            });
            self.templates.push(TemplateRef {
                path,
                span,
                via: None,
            });
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

    fn inspect_assignment(&mut self, it: &AssignmentExpression<'a>) {
        if let Some(start) = function_start(&it.right) {
            match &it.left {
                AssignmentTarget::AssignmentTargetIdentifier(id) => {
                    self.rendered.name_function(start, id.name.as_str().into())
                }
                target => {
                    if let Some(name) = target
                        .as_simple_assignment_target()
                        .and_then(|t| t.as_member_expression())
                        .and_then(|m| m.static_property_name())
                    {
                        self.rendered.name_function(start, name.into());
                    }
                }
            }
        }
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
                function: function_start(&it.right).map(|_| span_of(it.right.span())),
                returns_value: None,
            }),
            Some(CallbacksPath::Computed) => self.note_dynamic(span_of(it.span)),
            _ => {}
        }
    }

    fn inspect_call(&mut self, call: &CallExpression<'a>) {
        let callee = call.callee.without_parentheses();
        // The arguments that are expressions (spreads left out), walked again where needed
        // rather than collected: this runs for every call of the script.
        let args = || call.arguments.iter().filter_map(Argument::as_expression);
        let global = global_fn_name(callee);
        let callee_name = callee
            .get_identifier_reference()
            .map(|id| id.name.as_str())
            .or_else(|| {
                callee
                    .as_member_expression()
                    .and_then(|m| m.static_property_name())
            });
        if let Some(name) = callee_name {
            match name {
                "setSdkCatalogId" => self.catalog_id_calls.push(span_of(callee.span())),
                "render" => {
                    if let Some(Expression::ObjectExpression(object)) =
                        args().next().map(|a| a.without_parentheses())
                    {
                        self.rendered
                            .render_call(self.text, object, &self.frames, &self.params);
                    }
                }
                _ => {}
            }
            // Only calls with a literal argument can reach a template helper with one.
            if args().any(|a| matches!(a.without_parentheses(), Expression::StringLiteral(_))) {
                let literals: Vec<(Option<&'a str>, Span)> = args()
                    .map(|a| match a.without_parentheses() {
                        Expression::StringLiteral(s) => (Some(s.value.as_str()), span_of(s.span)),
                        other => (None, span_of(other.span())),
                    })
                    .collect();
                self.rendered.literal_call(name, &literals);
            }
        }
        if global == Some("define") {
            for arg in args() {
                if let Expression::ArrayExpression(_) = arg.without_parentheses() {
                    self.mark_load_list(arg, LoadKind::AmdDependency);
                }
            }
            return;
        }
        if matches!(global, Some("require" | "requirejs")) {
            if let Some(first) = args().next() {
                self.mark_load_list(first, LoadKind::AmdDependency);
            }
            return;
        }
        // `self.crm_post(url, data, callback)`: the CRM's server proxies the request.
        let is_crm_post = callee.is_specific_id("crm_post")
            || callee
                .as_member_expression()
                .is_some_and(|m| m.static_property_name() == Some("crm_post"));
        if is_crm_post {
            if let Some(start) = args().next().and_then(literal_start) {
                self.crm_posts.insert(start);
            }
            return;
        }
        if callee.is_specific_id("importScripts") {
            for arg in args() {
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
                for arg in args() {
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
                if let Some(first) = args().next() {
                    self.mark_load(first, LoadKind::GetScript);
                }
            }
            Some("ajax") => {
                for arg in args() {
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
                if let (Some(name), Some(value)) = (args().next(), args().nth(1))
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
                let mut rest = args().skip_while(|a| {
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

impl<'a> Visit<'a> for Extractor<'_, 'a> {
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

    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        let start = it.span.start as usize;
        if let Some(id) = &it.id {
            self.rendered.name_function(start, id.name.as_str().into());
        }
        self.enter_frame(start, &it.params, false);
        walk::walk_function(self, it, flags);
        self.end_frame();
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        // `() => value` returns its expression.
        let returns_value = it.get_expression().is_some();
        self.enter_frame(it.span.start as usize, &it.params, returns_value);
        walk::walk_arrow_function_expression(self, it);
        self.end_frame();
    }

    fn visit_return_statement(&mut self, it: &ReturnStatement<'a>) {
        if it.argument.is_some()
            && let Some(frame) = self.frames.last_mut()
        {
            frame.returns_value = true;
        }
        walk::walk_return_statement(self, it);
    }

    fn visit_method_definition(&mut self, it: &MethodDefinition<'a>) {
        if let Some(name) = it.key.static_name() {
            self.rendered
                .name_function(it.value.span.start as usize, name);
        }
        walk::walk_method_definition(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        self.inspect_call(it);
        walk::walk_call_expression(self, it);
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
        let callee = it.callee.without_parentheses();
        if matches!(global_fn_name(callee), Some("Worker" | "SharedWorker"))
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
            if let Some(start) = function_start(init) {
                self.rendered.name_function(start, name.as_str().into());
            }
            self.note_object_var(name.as_str(), init);
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        if let (Some(start), Some(name)) = (function_start(&it.value), it.key.static_name()) {
            self.rendered.name_function(start, name);
        }
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

impl<'a> Extractor<'_, 'a> {
    /// Enters the function starting at `start` with parameters `params`.
    fn enter_frame(&mut self, start: usize, params: &FormalParameters<'a>, returns_value: bool) {
        let first = self.params.len();
        self.params.extend(
            params
                .items
                .iter()
                .map(|p| p.pattern.get_identifier_name().map(|n| n.as_str())),
        );
        self.frames.push(Frame {
            start,
            params: first..self.params.len(),
            returns_value,
        });
    }

    /// Leaves the innermost function, noting whether it returns a value.
    fn end_frame(&mut self) {
        if let Some(frame) = self.frames.pop() {
            self.params.truncate(frame.params.start);
            self.returns.push((frame.start, frame.returns_value));
        }
    }
}

/// The start of a function literal (`function () {}`, an arrow), which is where the walk's
/// frame for it starts.
fn function_start(expr: &Expression<'_>) -> Option<usize> {
    match expr.without_parentheses() {
        Expression::FunctionExpression(f) => Some(f.span.start as usize),
        Expression::ArrowFunctionExpression(f) => Some(f.span.start as usize),
        _ => None,
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
            function: function_start(&property.value).map(|_| span_of(property.value.span())),
            returns_value: None,
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
                        function: function_start(&sub.value).map(|_| span_of(sub.value.span())),
                        returns_value: None,
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

/// A key that makes an object look like the widget's callbacks: a known callback, a
/// container, or a near miss of a known callback.
fn callback_like(name: &str) -> bool {
    known_callback(name)
        || CALLBACK_CONTAINERS.contains(&name)
        || crate::suggest::nearest(name, crate::format::CALLBACKS).is_some()
}

#[cfg(test)]
mod tests {
    use crate::script::samples::AMD;
    use crate::script::{ScriptFacts, analyze};

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
        let defines = analyze(kommo).defines;
        assert_eq!(defines.len(), 2);
        assert!(defines[0].exclusive_with(&defines[1]), "{defines:?}");
        // A define inside an ordinary function that nobody calls at load time does not count.
        assert!(
            analyze("function later() { define([], function () {}); }")
                .defines
                .is_empty()
        );
    }

    #[test]
    fn anonymous_and_named_defines() {
        let two = "define(['jquery'], function ($) { return function () {}; });\ndefine(function () { return {}; });\n";
        let defines = analyze(two).defines;
        assert_eq!(defines.len(), 2);
        assert!(defines.iter().all(|d| d.name.is_none()));
        assert!(!defines[0].exclusive_with(&defines[1]));
        let named = "define('lib/a', [], function () { return 1; });\ndefine(`lib/b`, function () { return 2; });\ndefine(['lib/a'], function (a) { return a; });\n";
        let names: Vec<_> = analyze(named)
            .defines
            .iter()
            .map(|d| d.name.clone())
            .collect();
        assert_eq!(
            names,
            [Some("lib/a".to_string()), Some("lib/b".to_string()), None]
        );
        // Both branches of `?:` are exclusive; a `&&` guard is not exclusive with what follows.
        let ternary = analyze("dev ? define(['a'], f) : define(['b'], g);").defines;
        assert!(ternary[0].exclusive_with(&ternary[1]));
        let guarded = analyze("window.define && define(['a'], f);\ndefine(['b'], g);").defines;
        assert_eq!(guarded.len(), 2);
        assert!(!guarded[0].exclusive_with(&guarded[1]));
    }

    #[test]
    fn what_callbacks_return_and_catalog_id_calls() {
        let facts = analyze(
            r#"define([], function () {
  return function () {
    var self = this;
    this.callbacks = {
      render: function () { return true; },
      loadPreloadedData: function () { return new Promise(function (resolve) { resolve([]); }); },
      loadElements: function () { self.fetch(function () { return []; }); },
      linkCard: () => Promise.resolve(),
      searchDataInCard: async function () { await self.search(); },
      destroy: helpers.destroy,
      leads: { selected: function () { return; } },
      onSave: function () { self.setSdkCatalogId(12); return true; }
    };
    this.callbacks.init = function () { return true; };
  };
});"#,
        );
        assert!(facts.parsed(), "{:?}", facts.syntax_errors);
        let object = facts.callbacks.object.as_ref().expect("callbacks");
        let returns: Vec<(&str, Option<bool>)> = object
            .keys
            .iter()
            .map(|k| (k.name.as_str(), k.returns_value))
            .collect();
        assert_eq!(
            returns,
            [
                ("render", Some(true)),
                ("loadPreloadedData", Some(true)),
                // The `return` is the inner callback's, not the callback's own.
                ("loadElements", Some(false)),
                ("linkCard", Some(true)),
                ("searchDataInCard", Some(false)),
                ("destroy", None),
                ("leads", None),
                ("leads.selected", Some(false)),
                ("onSave", Some(true)),
                ("init", Some(true)),
            ]
        );
        assert_eq!(facts.catalog_id_calls.len(), 1);
        assert!(
            analyze("define([], function () {});")
                .catalog_id_calls
                .is_empty()
        );
    }

    #[test]
    fn crm_post_addresses_are_marked() {
        let facts = analyze(
            "define([], function () { return function () { var self = this; self.crm_post('http://localhost:3000/api', {}, function () {}, 'json'); $.get('http://localhost:3000/x'); }; });",
        );
        let marks: Vec<(&str, bool)> = facts
            .urls
            .iter()
            .map(|u| (u.url.as_str(), u.crm_post))
            .collect();
        assert_eq!(
            marks,
            [
                ("http://localhost:3000/api", true),
                ("http://localhost:3000/x", false)
            ]
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
    fn many_callback_like_objects_parse() {
        let objects = "var a = { render: 1, init: 2, x: 3 };\n".repeat(50_000);
        assert!(analyze(&objects).parsed());
    }
}
