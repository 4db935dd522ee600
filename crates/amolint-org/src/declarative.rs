//! Declarative organisation rules: the `[[rule]]` entries of `rules.toml`, compiled once into
//! ordinary [`Rule`]s.
//!
//! Owns the meaning of a `[[rule]]` (its keys, its one check, its optional `fix`) and its
//! evaluation: RFC 9535 JSONPath (`serde_json_path`) over the widget's JSON files, with findings
//! (and their fixes) placed through the spanned JSON of `amolint-core`. It must not read files except through the widget, and it
//! keeps no state between widgets: whether a rule's `given` matched is noted in each widget's
//! report, and the run tells at its end which `given`s matched in no widget.

use crate::leak;
use amolint_core::config::{ConfigError, Place, RuleDecl, RuleField};
use amolint_core::fix::{Edit, Fix, FixDocs};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity;
use amolint_core::source::EntryKind;
use globset::{GlobBuilder, GlobMatcher};
use regex::Regex;
use serde_json::Value;
use serde_json_path::JsonPath;

/// The name of the pack holding every declarative rule (`[packs] org = false` turns them off).
pub const DECLARATIVE_PACK: &str = "org";

/// The keys a `[[rule]]` takes besides its one check (`VALUE_CHECKS` or `FILE_CHECKS`).
const COMMON_KEYS: [&str; 9] = [
    "code", "name", "severity", "message", "summary", "docs", "file", "given", "fix",
];
const VALUE_CHECKS: [&str; 7] = [
    "required",
    "forbidden",
    "pattern",
    "enum",
    "type",
    "min-length",
    "max-length",
];
const FILE_CHECKS: [&str; 2] = ["require-file", "forbid-file"];
const TYPES: [&str; 7] = [
    "string", "number", "integer", "boolean", "array", "object", "null",
];

/// A declarative rule with a `given`, for the end-of-run note on those that matched nothing.
#[derive(Clone, Debug)]
pub struct GivenRule {
    pub code: &'static str,
    pub given: String,
    /// The `[[rule]]` entry.
    pub at: Place,
}

#[derive(Debug)]
enum Check {
    /// Each matched object must have these keys.
    Required(Vec<String>),
    Forbidden,
    Pattern(Regex),
    Enum(Vec<Value>),
    Type(String),
    MinLength(u64),
    MaxLength(u64),
    RequireFile(GlobMatcher, String),
    ForbidFile(GlobMatcher),
}

/// One compiled `[[rule]]`.
pub struct DeclarativeRule {
    meta: &'static RuleMeta,
    /// Which JSON files of the widget the rule reads.
    file: Option<GlobMatcher>,
    given: Option<JsonPath>,
    check: Check,
    /// What each finding says.
    message: String,
    /// The `fix`: the value that replaces what `given` matched, as JSON text, and its docs.
    fix: Option<(String, &'static FixDocs)>,
}

/// Compiles a `[[rule]]`; the error names the file, line and column of the key at fault.
pub fn compile(decl: &RuleDecl) -> Result<(DeclarativeRule, Option<GivenRule>), ConfigError> {
    for field in &decl.fields {
        let known = || {
            COMMON_KEYS
                .iter()
                .chain(&VALUE_CHECKS)
                .chain(&FILE_CHECKS)
                .copied()
        };
        if !known().any(|k| k == field.key) {
            let mut message = format!("unknown key `{}` in [[rule]]", field.key);
            if let Some(near) = amolint_core::suggest::nearest(&field.key, known()) {
                message.push_str(&format!("; did you mean `{near}`?"));
            }
            return Err(field.key_at.error(message));
        }
    }
    let get = |key: &str| decl.fields.iter().find(|f| f.key == key);
    let text = |key: &str| -> Result<Option<(String, &RuleField)>, ConfigError> {
        match get(key) {
            None => Ok(None),
            Some(f) => match &f.value {
                toml::Value::String(s) => Ok(Some((s.clone(), f))),
                other => Err(f.value_at.error(format!(
                    "`{key}` must be a string, found {}",
                    other.type_str()
                ))),
            },
        }
    };
    let required_text = |key: &str, what: &str| -> Result<(String, &RuleField), ConfigError> {
        text(key)?.ok_or_else(|| decl.at.error(format!("a [[rule]] needs `{key}`: {what}")))
    };

    let (code, code_at) = required_text("code", "its code, such as \"ACME001\"")?;
    if !crate::valid_code(&code) {
        return Err(code_at.value_at.error(format!(
            "code `{code}` must be upper-case letters then digits, such as ACME001"
        )));
    }
    let (name, name_at) = required_text("name", "its kebab-case name")?;
    if !crate::valid_name(&name) {
        return Err(name_at.value_at.error(format!(
            "name `{name}` must be lower-case kebab-case, such as support-email-domain"
        )));
    }
    let (message, _) = required_text("message", "what a finding says")?;
    let severity = match text("severity")? {
        None => Severity::Error,
        Some((s, f)) => crate::parse_severity(&s).ok_or_else(|| {
            f.value_at.error(format!(
                "severity `{s}` must be \"error\", \"warning\" or \"info\""
            ))
        })?,
    };
    let summary = text("summary")?.map_or_else(|| message.clone(), |(s, _)| s);
    let docs = text("docs")?.map(|(s, _)| s).unwrap_or_default();

    let checks: Vec<&RuleField> = decl
        .fields
        .iter()
        .filter(|f| VALUE_CHECKS.contains(&f.key.as_str()) || FILE_CHECKS.contains(&f.key.as_str()))
        .collect();
    let field = match checks.as_slice() {
        [one] => *one,
        [] => {
            return Err(decl.at.error(format!(
                "rule {code} needs one check: {} or {}",
                VALUE_CHECKS.join(", "),
                FILE_CHECKS.join(", ")
            )));
        }
        [_, second, ..] => {
            return Err(second.key_at.error(format!(
                "rule {code} has more than one check; write one [[rule]] per check"
            )));
        }
    };
    let is_file_check = FILE_CHECKS.contains(&field.key.as_str());
    if is_file_check {
        for key in ["given", "file"] {
            if let Some(f) = get(key) {
                return Err(f.key_at.error(format!(
                    "`{key}` has no meaning with `{}`, which looks at the widget's file list",
                    field.key
                )));
            }
        }
    }
    let check = compile_check(field)?;
    let fix = match get("fix") {
        None => None,
        Some(fix_field) => Some(compile_fix(fix_field, field, &check)?),
    };

    let meta: &'static RuleMeta = Box::leak(Box::new(RuleMeta {
        code: leak(code.clone()),
        name: leak(name),
        pack: DECLARATIVE_PACK,
        amocrm: Some(severity),
        kommo: Some(severity),
        summary: leak(summary),
        docs: RuleDocs::what_only(leak(describe_rule(decl, &field.key, &docs))),
        options: &[],
    }));
    if is_file_check {
        return Ok((
            DeclarativeRule {
                meta,
                file: None,
                given: None,
                check,
                message,
                fix: None,
            },
            None,
        ));
    }
    let (file_glob, file_field) = match text("file")? {
        Some((f, field)) => (f, Some(field)),
        None => ("manifest.json".to_string(), None),
    };
    let file = glob(&file_glob).map_err(|e| {
        file_field
            .map_or(&decl.at, |f| &f.value_at)
            .error(format!("invalid glob `{file_glob}`: {e}"))
    })?;
    let (given, given_at) = required_text(
        "given",
        "the JSONPath of the values to check, such as \"$.widget.support.email\"",
    )?;
    let path = JsonPath::parse(&given).map_err(|e| {
        given_at
            .value_at
            .error(format!("invalid JSONPath `{given}`: {e}"))
    })?;
    Ok((
        DeclarativeRule {
            meta,
            file: Some(file),
            given: Some(path),
            check,
            message,
            fix,
        },
        Some(GivenRule {
            code: meta.code,
            given,
            at: decl.at.clone(),
        }),
    ))
}

/// Compiles `fix = …`: any TOML value but a date, which must itself pass the rule's check
/// (else the fix would bring back the finding it removes, a loop). `forbidden` and `required`
/// take none: a forbidden value is wrong whatever it is replaced with, and an object that lacks
/// keys would lose its other keys to a replacement.
///
/// The fix is unsafe: it writes one value the organisation chose into every widget whose value
/// fails the check, and whether that value is right for each widget (its support address, its
/// locale) is for the widget's author to confirm. `--fix` alone never applies it;
/// `--fix --unsafe-fixes` does.
fn compile_fix(
    fix: &RuleField,
    check_field: &RuleField,
    check: &Check,
) -> Result<(String, &'static FixDocs), ConfigError> {
    if matches!(check, Check::Forbidden | Check::Required(_))
        || FILE_CHECKS.contains(&check_field.key.as_str())
    {
        return Err(fix.key_at.error(format!(
            "`fix` cannot go with `{}`: {}",
            check_field.key,
            match check {
                Check::Forbidden =>
                    "the value is wrong whatever it is replaced with; remove it by hand",
                Check::Required(_) =>
                    "replacing the object would lose the keys it has; add the missing ones by hand",
                _ => "it replaces the values `given` selects",
            }
        )));
    }
    if matches!(fix.value, toml::Value::Datetime(_)) {
        return Err(fix.value_at.error(
            "`fix` must be a value JSON can hold (a string, number, boolean, array or table), \
             not a date",
        ));
    }
    let value = serde_json::to_value(&fix.value).map_err(|e| {
        fix.value_at
            .error(format!("`fix` cannot be written as JSON: {e}"))
    })?;
    let judged = check.judge(&value);
    if let Some(problem) = judged {
        return Err(fix.value_at.error(format!(
            "the `fix` value fails the rule's own `{}` check ({problem}): the fix would bring \
             the finding back",
            check_field.key
        )));
    }
    let json = value.to_string();
    let docs: &'static FixDocs = Box::leak(Box::new(FixDocs {
        safe: None,
        unsafe_: Some(leak(format!(
            "Replaces the value `given` selects, where it fails the check, with {} (the rule's \
             `fix`). Unsafe: one value chosen for every widget may not be right for this one.",
            short(&value)
        ))),
    }));
    Ok((json, docs))
}

fn describe_rule(decl: &RuleDecl, check: &str, docs: &str) -> String {
    let mut text = format!(
        "Declarative rule from {}:{}:{} (`{check}` check).",
        decl.at.file, decl.at.line, decl.at.column
    );
    if !docs.is_empty() {
        text.push_str("\n\n");
        text.push_str(docs);
    }
    text
}

fn glob(pattern: &str) -> Result<GlobMatcher, String> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| e.kind().to_string())
}

fn compile_check(field: &RuleField) -> Result<Check, ConfigError> {
    let bad = |what: &str| {
        field.value_at.error(format!(
            "`{}` must be {what}, found {}",
            field.key,
            field.value.type_str()
        ))
    };
    let length = || -> Result<u64, ConfigError> {
        field
            .value
            .as_integer()
            .and_then(|n| u64::try_from(n).ok())
            .ok_or_else(|| bad("a non-negative integer"))
    };
    Ok(match field.key.as_str() {
        "required" => match &field.value {
            toml::Value::String(key) => Check::Required(vec![key.clone()]),
            toml::Value::Array(keys) if !keys.is_empty() => Check::Required(
                keys.iter()
                    .map(|k| k.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| bad("a key or a list of keys"))?,
            ),
            _ => {
                return Err(bad(
                    "a key or a list of keys that the objects `given` selects must have",
                ));
            }
        },
        "forbidden" => match field.value {
            toml::Value::Boolean(true) => Check::Forbidden,
            _ => return Err(bad("true")),
        },
        "pattern" => {
            let text = field
                .value
                .as_str()
                .ok_or_else(|| bad("a regular expression"))?;
            Check::Pattern(Regex::new(text).map_err(|e| {
                field
                    .value_at
                    .error(format!("invalid regular expression `{text}`: {e}"))
            })?)
        }
        "enum" => match &field.value {
            toml::Value::Array(items) if !items.is_empty() => Check::Enum(
                items
                    .iter()
                    .map(|v| serde_json::to_value(v).map_err(|_| bad("a list of values")))
                    .collect::<Result<_, _>>()?,
            ),
            _ => return Err(bad("a non-empty list of allowed values")),
        },
        "type" => match field.value.as_str() {
            Some(t) if TYPES.contains(&t) => Check::Type(t.to_string()),
            _ => return Err(bad(&format!("one of {}", TYPES.join(", ")))),
        },
        "min-length" => Check::MinLength(length()?),
        "max-length" => Check::MaxLength(length()?),
        "require-file" | "forbid-file" => {
            let pattern = field
                .value
                .as_str()
                .ok_or_else(|| bad("a path or a glob"))?;
            let matcher = glob(pattern).map_err(|e| {
                field
                    .value_at
                    .error(format!("invalid glob `{pattern}`: {e}"))
            })?;
            if field.key == "require-file" {
                Check::RequireFile(matcher, pattern.to_string())
            } else {
                Check::ForbidFile(matcher)
            }
        }
        _ => return Err(bad("a check")),
    })
}

/// The declarative rules of a configuration and those with a `given`.
pub struct Compiled {
    pub rules: Vec<DeclarativeRule>,
    pub givens: Vec<GivenRule>,
}

pub fn compile_all(decls: &[RuleDecl]) -> Result<Compiled, ConfigError> {
    let mut rules = Vec::new();
    let mut givens = Vec::new();
    for decl in decls {
        let (rule, used) = compile(decl)?;
        rules.push(rule);
        givens.extend(used);
    }
    Ok(Compiled { rules, givens })
}

impl Rule for DeclarativeRule {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    fn fix_docs(&self) -> Option<&'static FixDocs> {
        self.fix.as_ref().map(|(_, docs)| *docs)
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        self.check_widget(cx, out);
    }
}

impl DeclarativeRule {
    fn check_widget(&self, cx: &Context<'_>, out: &mut Sink) {
        let widget = cx.widget;
        let message = self.message.as_str();
        let files = || widget.files().iter().filter(|e| e.kind == EntryKind::File);
        match &self.check {
            Check::RequireFile(matcher, pattern) => {
                if !files().any(|e| matcher.is_match(&e.path)) {
                    out.report(
                        Finding::new(self.meta, message)
                            .help(format!("the widget has no file matching `{pattern}`")),
                    );
                }
                return;
            }
            Check::ForbidFile(matcher) => {
                for entry in files().filter(|e| matcher.is_match(&e.path)) {
                    out.report(
                        Finding::new(self.meta, message)
                            .file(entry.path.clone())
                            .help(format!("`{}` must not ship in the widget", entry.path)),
                    );
                }
                return;
            }
            _ => {}
        }
        let (Some(file_glob), Some(path)) = (&self.file, &self.given) else {
            return;
        };
        let mut matched = false;
        let mut paths: Vec<String> = files()
            .filter(|e| file_glob.is_match(&e.path))
            .map(|e| e.path.clone())
            .collect();
        paths.sort();
        for file in paths {
            // Unreadable or invalid JSON is reported by the built-in rules.
            let Ok(json) = widget.json(&file) else {
                continue;
            };
            let Some(root) = json.root() else {
                continue;
            };
            let value = root.to_serde();
            for located in path.query_located(&value).iter() {
                matched = true;
                let pointer = located.location().to_json_pointer();
                let Some(node) = root.pointer(&pointer) else {
                    continue;
                };
                if let Some(problem) = self.check.judge(located.node()) {
                    let fix = self.fix.as_ref().map(|(json, _)| {
                        Fix::unsafe_(
                            format!("replace {} with {json}", short(located.node())),
                            vec![Edit::replace(file.as_str(), node.span, json.as_str())],
                        )
                    });
                    out.report(
                        Finding::new(self.meta, message)
                            .at(&file, node, pointer)
                            .help(problem)
                            .fix(fix),
                    );
                }
            }
        }
        out.given_matched(matched);
    }
}

impl Check {
    /// What is wrong with one matched value, if anything.
    fn judge(&self, value: &Value) -> Option<String> {
        match self {
            Check::Required(keys) => {
                let object = value.as_object()?;
                let missing: Vec<&str> = keys
                    .iter()
                    .filter(|k| !object.contains_key(k.as_str()))
                    .map(String::as_str)
                    .collect();
                (!missing.is_empty()).then(|| format!("missing key(s): {}", missing.join(", ")))
            }
            Check::Forbidden => Some(format!("found {}", short(value))),
            Check::Pattern(regex) => match value.as_str() {
                Some(s) if regex.is_match(s) => None,
                Some(s) => Some(format!("\"{s}\" does not match `{}`", regex.as_str())),
                None => Some(format!(
                    "expected a string matching `{}`, found {}",
                    regex.as_str(),
                    type_name(value)
                )),
            },
            Check::Enum(allowed) => (!allowed.iter().any(|a| same(a, value))).then(|| {
                format!(
                    "{} is not one of {}",
                    short(value),
                    allowed.iter().map(short).collect::<Vec<_>>().join(", ")
                )
            }),
            Check::Type(wanted) => (!has_type(value, wanted))
                .then(|| format!("expected {wanted}, found {}", type_name(value))),
            Check::MinLength(min) => length(value)
                .filter(|n| n < min)
                .map(|n| format!("length {n} is below the minimum {min}")),
            Check::MaxLength(max) => length(value)
                .filter(|n| n > max)
                .map(|n| format!("length {n} is above the maximum {max}")),
            Check::RequireFile(..) | Check::ForbidFile(_) => None,
        }
    }
}

/// Numbers compare by value, so that `enum = [2]` accepts `2.0` and the reverse.
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) if a.is_number() && b.is_number() => x == y,
        _ => a == b,
    }
}

fn has_type(value: &Value, wanted: &str) -> bool {
    match wanted {
        "integer" => value.is_i64() || value.is_u64(),
        other => type_name(value) == other,
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Characters of a string, items of an array, members of an object; other values have none.
fn length(value: &Value) -> Option<u64> {
    let n = match value {
        Value::String(s) => s.chars().count(),
        Value::Array(items) => items.len(),
        Value::Object(members) => members.len(),
        _ => return None,
    };
    u64::try_from(n).ok()
}

/// A value for a message, cut short.
fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}
