//! The rule model: what a rule is ([`Rule`], [`RuleMeta`]), what it reports ([`Finding`]), and
//! where it reports it ([`Sink`]).
//!
//! A rule sees a [`Widget`](crate::widget::Widget) and emits findings with byte spans; it never
//! decides the final severity (configuration does), never resolves line and column (the engine
//! does, once, from the cached file text), and never formats output.

use crate::fix::{Fix, FixDocs};
use crate::platform::Platform;
use crate::severity::Severity;
use crate::text::Span;
use crate::widget::Widget;

/// The built-in packs, in the order their rules run. Organisation packs have names of their own.
pub const BUILTIN_PACKS: [&str; 8] = [
    "files",
    "manifest",
    "locales",
    "images",
    "tour",
    "integrations",
    "script",
    "security",
];

/// Everything `amolint explain` prints about a rule. Every part is mandatory for a built-in rule;
/// a test in `amolint-rules` fails when one is empty.
#[derive(Debug)]
pub struct RuleDocs {
    /// What the rule checks, in a sentence or two.
    pub what: &'static str,
    /// Why it matters: what the platform does with such a widget.
    pub why: &'static str,
    /// A short example that triggers the rule (a file excerpt).
    pub bad: &'static str,
    /// The same example, fixed.
    pub good: &'static str,
    /// How to fix it.
    pub fix: &'static str,
    /// Where the facts come from: ids of [`crate::sources::SOURCES`] (K-MANIFEST, A-STRUCT, …)
    /// and `decision N` for amolint's decisions (`docs/decisions.md`).
    pub sources: &'static [&'static str],
    /// Set when the documentation is uncertain or contradicts itself: what amolint decided and why.
    pub uncertain: Option<&'static str>,
}

impl RuleDocs {
    /// Documentation with only its `what`: organisation rules (declarative or from a native
    /// pack) bring no more, and `explain` leaves the empty parts out.
    pub fn what_only(what: &'static str) -> RuleDocs {
        RuleDocs {
            what,
            why: "",
            bad: "",
            good: "",
            fix: "",
            sources: &[],
            uncertain: None,
        }
    }
}

/// An option a rule accepts in `rules.toml` (`ARC008 = { level = "error", max-entries = 5000 }`).
#[derive(Debug)]
pub struct RuleOption {
    pub name: &'static str,
    pub kind: OptionKind,
    /// The value in force when `rules.toml` does not set the option: a count, or bytes.
    pub default: u64,
    pub help: &'static str,
}

impl RuleOption {
    /// The default as `rules.toml` would write it: `10000`, or for a size `256MiB`.
    pub fn shown_default(&self) -> String {
        const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
        let n = self.default;
        match self.kind {
            OptionKind::Count => n.to_string(),
            OptionKind::Bytes => UNITS
                .iter()
                .find(|(unit, _)| n >= *unit && n.is_multiple_of(*unit))
                .map_or_else(
                    || n.to_string(),
                    |(unit, name)| format!("{}{name}", n / unit),
                ),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// A non-negative integer.
    Count,
    /// A byte size: an integer, or a string such as `"256MiB"`.
    Bytes,
}

/// The static description of a rule. Codes and names are public API (a test pins them; the rule
/// reference `docs/rules/` lists them).
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub pack: &'static str,
    /// Default severity on amoCRM; `None` when the rule does not apply there.
    pub amocrm: Option<Severity>,
    /// Default severity on Kommo; `None` when the rule does not apply there.
    pub kommo: Option<Severity>,
    pub summary: &'static str,
    pub docs: RuleDocs,
    pub options: &'static [RuleOption],
}

/// The project's home page; reports link to it and to the rule pages under it.
pub const HOME_PAGE: &str = env!("CARGO_PKG_REPOSITORY");

/// The address of a file of the repository (`docs/decisions.md`) as its main branch shows it.
pub fn repository_file(path: &str) -> String {
    format!("{HOME_PAGE}/blob/main/{path}")
}

/// Where a built-in rule's page of the rule reference lives in the repository; the pages are
/// generated from [`RuleDocs`] (`cargo xtask rule-docs`).
pub fn rule_page_path(code: &str) -> String {
    format!("docs/rules/{code}.md")
}

/// The address of a rule's page, from what a diagnostic carries: built-in rules only (no
/// organisation pack may take a built-in pack's name), never engine diagnostics.
pub fn rule_page_url(code: &str, pack: &str) -> Option<String> {
    BUILTIN_PACKS
        .contains(&pack)
        .then(|| repository_file(&rule_page_path(code)))
}

impl RuleMeta {
    /// The rule's page in the repository's rule reference (`docs/rules/<CODE>.md`), for built-in
    /// rules; organisation rules have no page there.
    pub fn doc_url(&self) -> Option<String> {
        rule_page_url(self.code, self.pack)
    }

    pub fn default_severity(&self, platform: Platform) -> Option<Severity> {
        match platform {
            Platform::Amocrm => self.amocrm,
            Platform::Kommo => self.kommo,
        }
    }
}

/// A check over one widget.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Context<'_>, out: &mut Sink);
    /// When the rule runs. Almost every rule runs in [`Phase::Main`].
    fn phase(&self) -> Phase {
        Phase::Main
    }
    /// What `--fix` can do for the rule's findings, documented next to the code that builds the
    /// fixes; `None` (the default) for a rule that never proposes one.
    fn fix_docs(&self) -> Option<&'static FixDocs> {
        None
    }
}

/// Rules run in two phases, so that a rule about what reading the widget ran into (ARC008, the
/// safety limits) sees every read the other rules made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Main,
    Last,
}

/// A named list of rules.
pub struct Pack {
    pub name: &'static str,
    pub rules: Vec<Box<dyn Rule>>,
}

/// What a rule sees: the widget and its own options from `rules.toml`.
pub struct Context<'a> {
    pub widget: &'a Widget<'a>,
    pub options: Option<&'a toml::Table>,
}

impl<'a> Context<'a> {
    pub fn platform(&self) -> Platform {
        self.widget.platform()
    }
}

/// One finding as a rule reports it: a place in a file (byte span, JSON pointer) and a message.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub code: &'static str,
    pub message: String,
    /// Widget-relative path of the file concerned, if any.
    pub file: Option<String>,
    pub span: Option<Span>,
    /// RFC 6901 pointer into the JSON file, when the finding is about a JSON value.
    pub pointer: Option<String>,
    pub help: Option<String>,
    /// A severity for this finding only, where the catalogue grades findings of one rule
    /// (ARC005 is a warning when names differ only by case). A level set in `rules.toml` wins.
    pub severity: Option<Severity>,
    /// `file` is a path in the source as stored (an archive member that may lie outside the
    /// widget root, such as an unsafe zip entry name) rather than a path under the widget root.
    pub in_source: bool,
    /// What would make the finding go away, when a machine can tell.
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn new(meta: &'static RuleMeta, message: impl Into<String>) -> Self {
        Finding {
            code: meta.code,
            message: message.into(),
            file: None,
            span: None,
            pointer: None,
            help: None,
            severity: None,
            in_source: false,
            fix: None,
        }
    }

    /// Names a file by its path in the source (an archive member), not under the widget root.
    pub fn source_file(mut self, name: impl Into<String>) -> Self {
        self.file = Some(name.into());
        self.in_source = true;
        self
    }

    pub fn file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }

    /// Proposes a fix (or, given `None`, none: rules pass what their repair found).
    pub fn fix(mut self, fix: impl Into<Option<Fix>>) -> Self {
        self.fix = fix.into();
        self
    }

    /// Points at a JSON value: its file, span and pointer at once.
    pub fn at(self, file: &str, node: &crate::json::Node, pointer: impl Into<String>) -> Self {
        self.file(file).span(node.span).pointer(pointer)
    }
}

/// Collects the findings of one rule run.
#[derive(Default, Debug)]
pub struct Sink {
    findings: Vec<Finding>,
    /// Set by a rule that selects values before judging them (a declarative rule's `given`):
    /// whether it selected anything in this widget.
    given_matched: Option<bool>,
}

impl Sink {
    pub fn new() -> Self {
        Sink::default()
    }

    pub fn report(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Notes whether the rule's `given` matched anything in this widget. The widget's report
    /// carries it, so that the run can name the rules whose `given` matched nowhere, also when
    /// some reports come from the cache.
    pub fn given_matched(&mut self, matched: bool) {
        self.given_matched = Some(self.given_matched.unwrap_or(false) || matched);
    }

    /// What [`Sink::given_matched`] noted, if the rule noted anything.
    pub fn given(&self) -> Option<bool> {
        self.given_matched
    }
}

/// A pack whose rules are checked together, by one call per widget: an organisation's native
/// pack, whose library answers for all of its rules at once.
pub trait PackCheck: Send + Sync {
    /// The findings of the pack's rules on `widget`, or why the pack failed on it (the engine
    /// then reports AMO001 for this pack and widget). Findings must carry the pack's own codes.
    fn check(&self, widget: &Widget<'_>) -> Result<Vec<Finding>, String>;
}

/// A pack loaded at run time. Its rule metadata is leaked to `'static` when it is loaded:
/// packs are never unloaded, so the metadata lives as long as the process anyway.
pub struct DynamicPack {
    pub name: &'static str,
    pub rules: Vec<&'static RuleMeta>,
    pub checker: Box<dyn PackCheck>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(kind: OptionKind, default: u64) -> String {
        RuleOption {
            name: "x",
            kind,
            default,
            help: "",
        }
        .shown_default()
    }

    #[test]
    fn defaults_are_shown_as_rules_toml_takes_them() {
        assert_eq!(option(OptionKind::Count, 1_000_000), "1000000");
        assert_eq!(option(OptionKind::Count, 1 << 20), "1048576");
        assert_eq!(option(OptionKind::Bytes, 256 << 20), "256MiB");
        assert_eq!(option(OptionKind::Bytes, 12 << 20), "12MiB");
        assert_eq!(option(OptionKind::Bytes, 2 << 30), "2GiB");
        assert_eq!(option(OptionKind::Bytes, 1536), "1536");
        assert_eq!(option(OptionKind::Bytes, 1000), "1000");
        assert_eq!(option(OptionKind::Bytes, 0), "0");
        for shown in ["256MiB", "2GiB", "1000"] {
            let bytes = crate::config::parse_bytes(shown).expect("parses");
            assert_eq!(option(OptionKind::Bytes, bytes), shown);
        }
    }
}
