//! Rendered templates: owns the bookkeeping that finds the widget files a script renders with a
//! literal path, beyond a `templates/*.twig` literal (which the URL scanner's
//! `template_path` names): the `href` of a `render({href: '…'})` call written as a literal, and
//! template helpers, functions whose `render({href: …})` builds the path from one of their
//! parameters and literals (`'/templates/' + name + '.twig'`), called with a literal
//! (`self.getTemplate('settings')`).
//!
//! The extractor feeds it from its one walk (each `render` call with the parameters of the
//! functions around it, each call with a literal argument, each named function) and asks it for
//! the paths at the end. It must not guess: a path built from anything else (a variable, a
//! call, two parameters) or a helper name bound to two different patterns gives nothing. Each
//! list it keeps is capped, so that a hostile bundle cannot make it unbounded.

use super::facts::TemplateRef;
use crate::text::Span;
use oxc_ast::ast::{BinaryOperator, Expression, ObjectExpression, ObjectPropertyKind};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// At most this many calls with a literal argument are kept (a bundle makes millions of calls).
const MAX_LITERAL_CALLS: usize = 100_000;
/// At most this many named functions are kept.
const MAX_NAMES: usize = 100_000;
/// At most this many helper patterns and literal hrefs are kept.
const MAX_PATTERNS: usize = 10_000;
/// A `+` chain longer than this is not taken apart.
const MAX_PARTS: usize = 16;

/// A function the walk is inside: where it starts and its parameters' names (their range in
/// the walk's stack of names).
pub(super) struct Frame {
    pub(super) start: usize,
    pub(super) params: Range<usize>,
    /// A `return` with a value was met in the function's own body.
    pub(super) returns_value: bool,
}

/// A helper's `href`: `prefix + <parameter> + suffix`.
#[derive(Clone, PartialEq, Eq)]
struct Pattern {
    param: usize,
    prefix: String,
    suffix: String,
}

/// Borrowed from the AST, which outlives the walk: nothing is copied for the many calls that
/// never reach a helper.
struct LiteralCall<'a> {
    callee: &'a str,
    index: usize,
    value: &'a str,
    span: Span,
}

#[derive(Default)]
pub(super) struct Templates<'a> {
    /// `render({href: '…'})` with a literal: the path and the literal's span.
    direct: Vec<TemplateRef>,
    /// Helper patterns by the start of their function.
    patterns: Vec<(usize, Pattern)>,
    /// Names of functions, by their start: `name: function`, `x.name = function`,
    /// `var name = function`, `function name()`, methods.
    names: HashMap<usize, Cow<'a, str>>,
    calls: Vec<LiteralCall<'a>>,
}

/// A piece of a `+` chain or template literal.
enum Part<'s> {
    Text(String),
    Name(&'s str),
}

impl<'a> Templates<'a> {
    /// A function starting at `start` is bound to `name`.
    pub(super) fn name_function(&mut self, start: usize, name: Cow<'a, str>) {
        if self.names.len() < MAX_NAMES {
            self.names.entry(start).or_insert(name);
        }
    }

    /// A call `callee(…)` / `x.callee(…)` with its arguments' literal values (`None` for an
    /// argument that is not a literal string).
    pub(super) fn literal_call(&mut self, callee: &'a str, args: &[(Option<&'a str>, Span)]) {
        // A helper may be defined after its calls: each call is kept (up to the cap) and matched
        // with the helpers at the end.
        for (index, (value, span)) in args.iter().enumerate() {
            if self.calls.len() >= MAX_LITERAL_CALLS {
                return;
            }
            if let Some(value) = value {
                self.calls.push(LiteralCall {
                    callee,
                    index,
                    value,
                    span: *span,
                });
            }
        }
    }

    /// A `render(object)` call inside the functions `frames` (innermost last), whose
    /// parameters' names are in `params`.
    pub(super) fn render_call(
        &mut self,
        text: &str,
        object: &ObjectExpression<'_>,
        frames: &[Frame],
        params: &[Option<&str>],
    ) {
        if self.direct.len() + self.patterns.len() >= MAX_PATTERNS {
            return;
        }
        let Some(href) = object.properties.iter().find_map(|p| match p {
            ObjectPropertyKind::ObjectProperty(p) if p.key.is_specific_static_name("href") => {
                Some(&p.value)
            }
            _ => None,
        }) else {
            return;
        };
        let Some(parts) = parts(text, href) else {
            return;
        };
        let names: Vec<&str> = parts
            .iter()
            .filter_map(|p| match p {
                Part::Name(n) => Some(*n),
                Part::Text(_) => None,
            })
            .collect();
        match names.as_slice() {
            [] => {
                let literal: String = parts
                    .iter()
                    .map(|p| match p {
                        Part::Text(t) => t.as_str(),
                        Part::Name(_) => "",
                    })
                    .collect();
                if let Some(path) = widget_path(&literal) {
                    // The path as written inside the literal, as the literal scan points at it.
                    let whole = super::extract::span_of(oxc_span::GetSpan::span(href));
                    let span = text
                        .get(whole.start..whole.end)
                        .and_then(|raw| raw.find(&path))
                        .map_or(whole, |at| {
                            Span::new(whole.start + at, whole.start + at + path.len())
                        });
                    self.direct.push(TemplateRef {
                        path,
                        span,
                        via: None,
                    });
                }
            }
            [name] => {
                // The nearest function that declares the name as a parameter is the helper.
                let Some((frame, param)) = frames.iter().rev().find_map(|f| {
                    params
                        .get(f.params.clone())?
                        .iter()
                        .position(|p| *p == Some(*name))
                        .map(|i| (f, i))
                }) else {
                    return;
                };
                let mut prefix = String::new();
                let mut suffix = String::new();
                let mut seen = false;
                for part in &parts {
                    match part {
                        Part::Text(t) if seen => suffix.push_str(t),
                        Part::Text(t) => prefix.push_str(t),
                        Part::Name(_) => seen = true,
                    }
                }
                self.patterns.push((
                    frame.start,
                    Pattern {
                        param,
                        prefix,
                        suffix,
                    },
                ));
            }
            _ => {}
        }
    }

    /// The rendered paths: the literal hrefs, then each helper call's path, in source order.
    pub(super) fn finish(self) -> Vec<TemplateRef> {
        let mut by_name: HashMap<&str, Option<&Pattern>> = HashMap::new();
        for (start, pattern) in &self.patterns {
            let Some(name) = self.names.get(start) else {
                continue;
            };
            by_name
                .entry(name.as_ref())
                .and_modify(|known| {
                    // One name, two different patterns: which one a call reaches is not known.
                    if known.is_some_and(|k| k != pattern) {
                        *known = None;
                    }
                })
                .or_insert(Some(pattern));
        }
        let mut out = self.direct;
        for call in &self.calls {
            let Some(Some(pattern)) = by_name.get(call.callee) else {
                continue;
            };
            if pattern.param != call.index {
                continue;
            }
            let built = format!("{}{}{}", pattern.prefix, call.value, pattern.suffix);
            if let Some(path) = widget_path(&built) {
                out.push(TemplateRef {
                    path,
                    span: call.span,
                    via: Some(call.callee.to_string()),
                });
            }
        }
        out.sort_by_key(|t| t.span.start);
        out
    }
}

/// The pieces of a string literal, a template literal or a `+` chain of those and identifiers;
/// `None` for anything else.
fn parts<'s>(text: &str, expr: &'s Expression<'_>) -> Option<Vec<Part<'s>>> {
    let mut out = Vec::new();
    collect_parts(text, expr, &mut out)?;
    (out.len() <= MAX_PARTS).then_some(out)
}

fn collect_parts<'s>(text: &str, expr: &'s Expression<'_>, out: &mut Vec<Part<'s>>) -> Option<()> {
    if out.len() > MAX_PARTS {
        return None;
    }
    match expr.without_parentheses() {
        Expression::StringLiteral(s) => out.push(Part::Text(s.value.to_string())),
        Expression::Identifier(id) => out.push(Part::Name(id.name.as_str())),
        Expression::TemplateLiteral(t) => {
            for (i, quasi) in t.quasis.iter().enumerate() {
                let raw = text.get(quasi.span.start as usize..quasi.span.end as usize)?;
                out.push(Part::Text(
                    quasi.value.cooked.map_or(raw, |c| c.as_str()).to_string(),
                ));
                if let Some(e) = t.expressions.get(i) {
                    collect_parts(text, e, out)?;
                }
            }
        }
        Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
            collect_parts(text, &b.left, out)?;
            collect_parts(text, &b.right, out)?;
        }
        _ => return None,
    }
    Some(())
}

/// A path inside the widget, root-relative, for a rendered template: a leading `/` or `./` is
/// the widget root; an address (`https://…`, `//host/…`), an empty segment, `.`/`..` or an
/// unusual character means it is not one (the CRM's own templates, written `ref`, never get
/// here). The last segment must have an extension.
fn widget_path(value: &str) -> Option<String> {
    let value = value.trim();
    if value.contains("://") || value.starts_with("//") {
        return None;
    }
    let path = value
        .strip_prefix("./")
        .or_else(|| value.strip_prefix('/'))
        .unwrap_or(value);
    let plausible = !path.is_empty()
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/'))
        && path
            .rsplit('/')
            .next()
            .is_some_and(|name| name.contains('.') && !name.ends_with('.'));
    plausible.then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::widget_path;
    use crate::script::analyze;

    #[test]
    fn widget_paths() {
        assert_eq!(
            widget_path("/build/card/index.html").as_deref(),
            Some("build/card/index.html")
        );
        assert_eq!(
            widget_path("./templates/a.twig").as_deref(),
            Some("templates/a.twig")
        );
        for not in [
            "https://cdn.example.com/t.twig",
            "//cdn/t.twig",
            "/templates/",
            "/templates/../x.twig",
            "/templates/a b.twig",
            "/templates/card",
            "",
        ] {
            assert_eq!(widget_path(not), None, "{not}");
        }
    }

    fn rendered(script: &str) -> Vec<(String, Option<String>)> {
        let facts = analyze(script);
        assert!(facts.parsed(), "{:?}", facts.syntax_errors);
        facts
            .templates
            .iter()
            .map(|t| (t.path.clone(), t.via.clone()))
            .collect()
    }

    #[test]
    fn literal_hrefs_and_helpers() {
        let script = r#"define(['jquery'], function ($) {
  return function () {
    var self = this;
    this.getTemplate = function (template, params, callback) {
      return self.render({ href: '/build/' + template + '/index.html', base_path: self.params.path, load: callback }, params);
    };
    function twig(name) {
      return self.render({ href: `/templates/${name}.twig`, base_path: self.params.path });
    }
    this.callbacks = {
      render: function () {
        self.getTemplate('card', {}, function () {});
        twig('settings');
        self.render({ href: '/views/list.html', base_path: self.params.path });
        self.render({ ref: '/tmpl/controls/button.twig' });
        self.getTemplate(name);
        return true;
      }
    };
  };
});"#;
        assert_eq!(
            rendered(script),
            [
                (
                    "build/card/index.html".to_string(),
                    Some("getTemplate".to_string())
                ),
                (
                    "templates/settings.twig".to_string(),
                    Some("twig".to_string())
                ),
                ("views/list.html".to_string(), None),
            ]
        );
    }

    #[test]
    fn no_guessing() {
        // Two parameters in the path, a path from a variable, and a name bound to two patterns.
        let script = r#"define([], function () {
  return function () {
    var self = this;
    var a = { show: function (dir, name) { self.render({ href: '/' + dir + '/' + name + '.twig' }); } };
    var b = { load: function (name) { var p = '/t/' + name + '.twig'; self.render({ href: p }); } };
    var c = { open: function (name) { self.render({ href: '/one/' + name + '.twig' }); } };
    var d = { open: function (name) { self.render({ href: '/two/' + name + '.twig' }); } };
    a.show('x', 'y'); b.load('z'); c.open('w');
    $('<a>', { href: '/leads/detail/' + id });
  };
});"#;
        assert_eq!(rendered(script), []);
    }
}
