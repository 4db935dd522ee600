//! "Disable CODE in rules.toml": the one edit of a configuration file that turns a rule off,
//! leaving every other byte of the file as it was (comments, order, layout).
//!
//! Owns that edit only; the code action around it is [`crate::actions`]'s. The file is read
//! with `toml`'s spanned parser (the one the configuration reader uses), so the edit lands on
//! real keys and values: a setting of the rule by code or by name gets the value `"off"`; a
//! `[rules]` table gets a line after its header; an inline `rules = { … }` one more entry; and
//! a file without rules gets a `[rules]` table at its end. The edited text is parsed again and
//! the edit is offered only when it reads back with the rule off.

use amolint_core::text::Span;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The text of a new `rules.toml` that turns `code` off.
pub fn new_file(code: &str) -> String {
    format!("[rules]\n{code} = \"off\"\n")
}

/// The edit of `text` (a `rules.toml`) that turns the rule `code` (named `name`) off: the byte
/// range to replace and its replacement. `None` when the file cannot be read as TOML or the
/// edit would not read back as intended.
pub fn disable(text: &str, code: &str, name: &str) -> Option<(Span, String)> {
    let root = DeTable::parse(text).ok()?;
    let edit = match root.get_ref().get("rules") {
        None => {
            let gap = match text {
                "" => "",
                t if t.ends_with("\n\n") => "",
                t if t.ends_with('\n') => "\n",
                _ => "\n\n",
            };
            (
                Span::at(text.len()),
                format!("{gap}[rules]\n{code} = \"off\"\n"),
            )
        }
        Some(value) => in_rules(text, value, code, name)?,
    };
    let edited = apply(text, &edit);
    reads_off(&edited, code, name).then_some(edit)
}

fn in_rules(
    text: &str,
    rules: &Spanned<DeValue<'_>>,
    code: &str,
    name: &str,
) -> Option<(Span, String)> {
    let table = rules.get_ref().as_table()?;
    let line = format!("{code} = \"off\"");
    // A setting of the rule already there: its value becomes "off".
    if let Some((_, value)) = table
        .iter()
        .find(|(key, _)| is_rule(key.get_ref(), code, name))
    {
        let span = value.span();
        return Some((Span::new(span.start, span.end), "\"off\"".to_string()));
    }
    let span = rules.span();
    let written = text.get(span.clone())?;
    if written.starts_with('{') {
        let body = written.strip_prefix('{')?.strip_suffix('}')?;
        if body.trim().is_empty() {
            return Some((Span::new(span.start, span.end), format!("{{ {line} }}")));
        }
        let end = span.start + 1 + body.trim_end().len();
        return Some((Span::at(end), format!(", {line}")));
    }
    if let Some(after_header) = header_end(text) {
        return Some((Span::at(after_header), format!("{line}\n")));
    }
    // Dotted keys at the top level (`rules.MAN008 = "off"`): one more, before the first.
    let (first, _) = table.iter().min_by_key(|(key, _)| key.span().start)?;
    let line_start = text[..first.span().start].rfind('\n').map_or(0, |i| i + 1);
    Some((Span::at(line_start), format!("rules.{line}\n")))
}

fn is_rule(key: &str, code: &str, name: &str) -> bool {
    key.eq_ignore_ascii_case(code) || key == name
}

/// Where the line after a `[rules]` header starts.
fn header_end(text: &str) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.split('#').next().unwrap_or("").trim();
        let inner = content
            .strip_prefix('[')
            .and_then(|c| c.strip_suffix(']'))
            .map(str::trim);
        if inner == Some("rules") {
            let end = at + line.len();
            return Some(end);
        }
        at += line.len();
    }
    None
}

fn apply(text: &str, (span, content): &(Span, String)) -> String {
    format!("{}{content}{}", &text[..span.start], &text[span.end..])
}

/// Whether `text` reads as TOML with the rule set to "off" in `[rules]`.
fn reads_off(text: &str, code: &str, name: &str) -> bool {
    let Ok(root) = DeTable::parse(text) else {
        return false;
    };
    let Some(rules) = root
        .get_ref()
        .get("rules")
        .and_then(|r| r.get_ref().as_table())
    else {
        return false;
    };
    rules
        .iter()
        .filter(|(key, _)| is_rule(key.get_ref(), code, name))
        .all(|(_, value)| value.get_ref().as_str() == Some("off"))
        && rules
            .iter()
            .any(|(key, _)| is_rule(key.get_ref(), code, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(text: &str) -> Option<String> {
        disable(text, "LOC001", "unknown-location").map(|edit| apply(text, &edit))
    }

    #[test]
    fn a_file_without_rules_gets_a_table_at_its_end() {
        assert_eq!(edited("").unwrap(), "[rules]\nLOC001 = \"off\"\n");
        assert_eq!(
            edited("platform = \"kommo\" # ours\n").unwrap(),
            "platform = \"kommo\" # ours\n\n[rules]\nLOC001 = \"off\"\n"
        );
        assert_eq!(
            edited("[packs]\nscript = false").unwrap(),
            "[packs]\nscript = false\n\n[rules]\nLOC001 = \"off\"\n"
        );
    }

    #[test]
    fn a_rules_table_gets_a_line_and_keeps_the_rest() {
        let text = "# ours\n[rules]   # keep\nMAN008 = \"off\"\n\n[[overrides]]\npaths = [\"x/**\"]\nrules = { MAN006 = \"off\" }\n";
        assert_eq!(
            edited(text).unwrap(),
            "# ours\n[rules]   # keep\nLOC001 = \"off\"\nMAN008 = \"off\"\n\n[[overrides]]\npaths = [\"x/**\"]\nrules = { MAN006 = \"off\" }\n"
        );
    }

    #[test]
    fn a_setting_of_the_rule_by_code_or_name_is_turned_off() {
        assert_eq!(
            edited("[rules]\nLOC001 = \"error\" # was\n").unwrap(),
            "[rules]\nLOC001 = \"off\" # was\n"
        );
        assert_eq!(
            edited("[rules]\nunknown-location = { level = \"warning\" }\n").unwrap(),
            "[rules]\nunknown-location = \"off\"\n"
        );
    }

    #[test]
    fn inline_and_dotted_rules() {
        assert_eq!(
            edited("rules = { MAN008 = \"off\" }\n").unwrap(),
            "rules = { MAN008 = \"off\", LOC001 = \"off\" }\n"
        );
        assert_eq!(
            edited("rules = {}\n").unwrap(),
            "rules = { LOC001 = \"off\" }\n"
        );
        assert_eq!(
            edited("platform = \"auto\"\nrules.MAN008 = \"off\"\n[packs]\nscript = true\n")
                .unwrap(),
            "platform = \"auto\"\nrules.LOC001 = \"off\"\nrules.MAN008 = \"off\"\n[packs]\nscript = true\n"
        );
    }

    #[test]
    fn a_file_that_is_not_toml_is_left_alone() {
        assert_eq!(edited("[rules\nLOC001 = "), None);
        assert_eq!(edited("rules = 3\n"), None);
    }
}
