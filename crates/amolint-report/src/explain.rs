//! A rule's documentation laid out for reading: `amolint explain` in a terminal, a page of the
//! rule reference (`docs/rules/<CODE>.md`, written by `cargo xtask rule-docs`) and the help a
//! SARIF viewer shows next to an alert. One renderer serves all three, so they never disagree.
//!
//! Owns the layout of a [`RuleMeta`]'s documentation and how its sources are cited (title and
//! address, through [`amolint_core::sources`]); the words are the rule's own. It must not look
//! rules up, read or write files.

use amolint_core::fix::FixDocs;
use amolint_core::rule::RuleMeta;
use amolint_core::severity::Severity;
use amolint_core::sources::{Citation, DECISIONS_PAGE, decision_anchor};

/// Where a rule's documentation is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    /// `amolint explain`: plain text, examples indented, addresses written out in full.
    Terminal,
    /// A page of `docs/rules/`: Markdown with the rule as its title, links to the repository's
    /// other pages relative to the page, so that they work in any checkout, branch or fork.
    Page,
    /// SARIF's `help.markdown`: the page without its title (the viewer shows the rule's name),
    /// every link absolute.
    Help,
}

/// A rule's documentation, with what `--fix` can do for it (`fix`, from
/// [`Rule::fix_docs`](amolint_core::rule::Rule::fix_docs)); organisation rules bring only some
/// sections, and the empty ones are left out.
pub fn render_explanation(m: &RuleMeta, fix: Option<&FixDocs>, flavour: Flavour) -> String {
    let markdown = flavour != Flavour::Terminal;
    let d = &m.docs;
    let mut text = match flavour {
        Flavour::Terminal => format!(
            "{} {} (pack `{}`)\n\n{}\n\n{}\n",
            m.code,
            m.name,
            m.pack,
            m.summary,
            severities(m, fix)
        ),
        Flavour::Page => format!(
            "# {} {}\n\n{}\n\nPack `{}` · {}\n",
            m.code,
            m.name,
            escape_markdown(m.summary),
            m.pack,
            severities(m, fix)
        ),
        Flavour::Help => format!(
            "{}\n\nPack `{}` · {}\n",
            escape_markdown(m.summary),
            m.pack,
            severities(m, fix)
        ),
    };
    // A blank line after a heading in Markdown; a terminal reads better without one.
    let gap = if markdown { "\n" } else { "" };
    for (title, body, example) in [
        ("What it checks", d.what, false),
        ("Why", d.why, false),
        ("Bad", d.bad, true),
        ("Good", d.good, true),
        ("Fix", d.fix, false),
        ("Uncertain basis", d.uncertain.unwrap_or(""), false),
    ] {
        if body.is_empty() {
            continue;
        }
        let body = match (example, markdown) {
            (false, false) => format!("{body}\n"),
            (false, true) => format!("{}\n", escape_markdown(body)),
            (true, false) => body.lines().map(|l| format!("    {l}\n")).collect(),
            (true, true) => {
                let fence = fence(body);
                format!("{fence}\n{body}\n{fence}\n")
            }
        };
        text.push_str(&format!("\n## {title}\n{gap}{body}"));
    }
    if let Some(fix) = fix {
        text.push_str(&format!("\n## Automatic fix\n{gap}"));
        for (kind, body) in [
            ("Safe (`--fix`)", fix.safe),
            ("Unsafe (`--fix --unsafe-fixes`)", fix.unsafe_),
        ] {
            let Some(body) = body else { continue };
            let body = if markdown {
                escape_markdown(body)
            } else {
                body.to_string()
            };
            text.push_str(&format!("- {kind}: {body}\n"));
        }
    }
    if !m.options.is_empty() {
        text.push_str(&format!("\n## Options (rules.toml)\n{gap}"));
        for o in m.options {
            let help = if markdown {
                escape_markdown(o.help)
            } else {
                o.help.to_string()
            };
            text.push_str(&format!(
                "- `{}` (default {}): {help}\n",
                o.name,
                o.shown_default()
            ));
        }
    }
    if !d.sources.is_empty() {
        text.push_str(&format!("\n## Sources\n{gap}"));
        for id in d.sources {
            text.push_str(&cite(id, flavour));
        }
    }
    text
}

/// `Default severity: amoCRM error, Kommo info · Fix: safe`.
fn severities(m: &RuleMeta, fix: Option<&FixDocs>) -> String {
    let level = |s: Option<Severity>| s.map_or("does not apply", Severity::as_str);
    let fix = match fix.map(FixDocs::label).filter(|l| !l.is_empty()) {
        Some(label) => format!("Fix: {label}"),
        None => "No automatic fix".to_string(),
    };
    format!(
        "Default severity: amoCRM {}, Kommo {} · {fix}",
        level(m.amocrm),
        level(m.kommo)
    )
}

/// One line of the sources list: title and address, with the id a rule's text may use.
fn cite(id: &str, flavour: Flavour) -> String {
    let Some(citation) = Citation::parse(id) else {
        // Only organisation rules can get here (a test holds built-in rules to known ids).
        return format!("- {id}\n");
    };
    let title = citation.title();
    let tag = citation
        .id()
        .map(|id| format!(" ({id})"))
        .unwrap_or_default();
    let url = match (flavour, citation) {
        // A page links to the decisions page next to it, not to the main branch's copy.
        (Flavour::Page, Citation::Decision(n)) => {
            let page = DECISIONS_PAGE.trim_start_matches("docs/");
            Some(format!("../{page}#{}", decision_anchor(n)))
        }
        _ => citation.url(),
    };
    match (flavour, url) {
        (Flavour::Terminal, Some(url)) => format!("- {title}{tag}\n  {url}\n"),
        (_, Some(url)) => format!("- [{title}]({url}){tag}\n"),
        (_, None) => format!("- {title}{tag}\n"),
    }
}

/// Prose for Markdown: a `<` outside code spans is escaped, so that `i18n/<lang>.json` or
/// `<script>` shows as written instead of being taken for an HTML tag and dropped.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['`', '<']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            out.push_str("\\<");
            rest = &rest[1..];
            continue;
        }
        // A code span runs to the next run of as many backticks; its text is kept as it is.
        let ticks = rest.len() - rest.trim_start_matches('`').len();
        let opener = &rest[..ticks];
        let after = &rest[ticks..];
        let close = after
            .match_indices(opener)
            .find(|&(i, _)| !after[i + ticks..].starts_with('`') && !after[..i].ends_with('`'));
        let end = close.map_or(ticks, |(i, _)| ticks + i + ticks);
        out.push_str(&rest[..end]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A code fence longer than any run of backticks in `body`.
fn fence(body: &str) -> String {
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use amolint_core::rule::{HOME_PAGE, RuleDocs};

    static RULE: RuleMeta = RuleMeta {
        code: "MAN005",
        name: "support-contact",
        pack: "manifest",
        amocrm: Some(Severity::Error),
        kommo: None,
        summary: "no support contact",
        docs: RuleDocs {
            what: "Checks the contact.",
            why: "Moderation requires it.",
            bad: "\"support\": {}\n```",
            good: "\"support\": { \"link\": \"https://…\" }",
            fix: "Add a link.",
            sources: &["A-REQ", "T-COMMUNITY", "decision 8"],
            uncertain: None,
        },
        options: &[],
    };

    #[test]
    fn a_terminal_shows_titles_and_full_addresses() {
        let text = render_explanation(&RULE, None, Flavour::Terminal);
        assert!(text.starts_with("MAN005 support-contact (pack `manifest`)\n"));
        assert!(
            text.contains(
                "Default severity: amoCRM error, Kommo does not apply · No automatic fix\n"
            )
        );
        assert!(!text.contains("## Automatic fix"), "{text}");
        assert!(
            text.contains("## Bad\n    \"support\": {}\n    ```\n"),
            "{text}"
        );
        assert!(text.contains(
            "- amoCRM developer docs: requirements a widget must meet to pass moderation (A-REQ)\n  https://www.amocrm.ru/developers/content/integrations/requirements\n"
        ), "{text}");
        assert!(text.contains("no stable address (T-COMMUNITY)\n"), "{text}");
        assert!(
            text.contains(&format!(
                "- amolint decision 8\n  {HOME_PAGE}/blob/main/docs/decisions.md#decision-8\n"
            )),
            "{text}"
        );
        assert!(
            !text.contains("## Uncertain basis"),
            "empty sections are left out"
        );
    }

    #[test]
    fn a_fixable_rule_says_what_its_fixes_do() {
        let fix = FixDocs {
            safe: Some("Removes the <b>repeat</b>."),
            unsafe_: Some("Renames `<x>`."),
        };
        let text = render_explanation(&RULE, Some(&fix), Flavour::Terminal);
        assert!(
            text.contains("Kommo does not apply · Fix: safe, unsafe\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "\n## Automatic fix\n- Safe (`--fix`): Removes the <b>repeat</b>.\n- Unsafe \
                 (`--fix --unsafe-fixes`): Renames `<x>`.\n"
            ),
            "{text}"
        );
        let only_unsafe = FixDocs { safe: None, ..fix };
        let page = render_explanation(&RULE, Some(&only_unsafe), Flavour::Page);
        assert!(page.contains("· Fix: unsafe\n"), "{page}");
        assert!(
            page.contains(
                "\n## Automatic fix\n\n- Unsafe (`--fix --unsafe-fixes`): Renames `<x>`.\n"
            ),
            "{page}"
        );
    }

    #[test]
    fn markdown_prose_keeps_angle_brackets_outside_code() {
        assert_eq!(
            escape_markdown("every i18n/<lang>.json, not `i18n/<lang>.json` or ``a ` <b>``"),
            "every i18n/\\<lang>.json, not `i18n/<lang>.json` or ``a ` <b>``"
        );
        assert_eq!(escape_markdown("a ` <b>"), "a ` \\<b>");
    }

    #[test]
    fn a_page_links_its_sources_and_fences_examples() {
        let page = render_explanation(&RULE, None, Flavour::Page);
        assert!(page.starts_with("# MAN005 support-contact\n\nno support contact\n"));
        assert!(
            page.contains("## Bad\n\n````\n\"support\": {}\n```\n````\n"),
            "{page}"
        );
        assert!(page.contains(
            "- [amoCRM developer docs: requirements a widget must meet to pass moderation](https://www.amocrm.ru/developers/content/integrations/requirements) (A-REQ)\n"
        ), "{page}");
        assert!(
            page.contains("- [amolint decision 8](../decisions.md#decision-8)\n"),
            "{page}"
        );

        let help = render_explanation(&RULE, None, Flavour::Help);
        assert!(help.starts_with("no support contact\n"), "{help}");
        assert!(
            help.contains(&format!(
                "- [amolint decision 8]({HOME_PAGE}/blob/main/docs/decisions.md#decision-8)\n"
            )),
            "{help}"
        );
    }
}
