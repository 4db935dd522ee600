//! Surgical edits of a JSON text, computed from the spans of its parsed tree: replace a value,
//! remove an object member or an array element with the comma and whitespace that go with it,
//! add a member or an element in the style of its neighbours, and strip comments and trailing
//! commas from a text that does not parse because of them.
//!
//! Owns only the text arithmetic: every function returns [`TextEdit`]s (a byte range and its
//! replacement) and never re-serialises anything, so the lines an edit does not touch stay
//! byte-identical, with their indentation and key order. Callers (the rules' fixes, the native
//! pack host) decide which edits to propose; applying them is the fix engine's.

use super::{Node, ParseOptions, Value};
use crate::text::Span;

/// Replace the bytes `span` of a text by `content`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub span: Span,
    pub content: String,
}

impl TextEdit {
    pub fn new(span: Span, content: impl Into<String>) -> TextEdit {
        TextEdit {
            span,
            content: content.into(),
        }
    }
}

/// `s` as a JSON string literal, quotes included.
pub fn string_literal(s: &str) -> String {
    // Serialising a string cannot fail; the fallback keeps this total all the same.
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// Replace the value `node` by the JSON text `json`.
pub fn replace(node: &Node, json: impl Into<String>) -> TextEdit {
    TextEdit::new(node.span, json)
}

/// Removes member `index` of `object` (its key, value, one comma and the whitespace between):
/// `{"a": 1, "b": 2}` loses `"a": 1, ` or `, "b": 2`; a lone member leaves `{}`. `None` when
/// `object` is not an object of `text` or has no such member.
pub fn remove_member(text: &str, object: &Node, index: usize) -> Option<TextEdit> {
    remove_item(text, object, &items(object)?, index)
}

/// Removes element `index` of `array`, like [`remove_member`].
pub fn remove_element(text: &str, array: &Node, index: usize) -> Option<TextEdit> {
    remove_item(text, array, &items(array)?, index)
}

/// Adds the member `"key": json` at the end of `object`, separated and indented as its last
/// members are. An empty object is rewritten whole (`{"key": json}`, or on lines of their own
/// when the braces are on different lines), so that two additions to it conflict rather than
/// run together.
pub fn insert_member(text: &str, object: &Node, key: &str, json: &str) -> Option<TextEdit> {
    let members = object.as_object()?;
    let colon = members
        .last()
        .and_then(|m| text.get(m.key_span.end..m.value.span.start))
        .filter(|c| c.trim() == ":")
        .unwrap_or(": ");
    let item = format!("{}{colon}{json}", string_literal(key));
    insert_item(text, object, &items(object)?, members.len(), &item)
}

/// Inserts the element `json` at `index` of `array` (`index` = its length appends), in the
/// style of its neighbours; an empty array is rewritten whole, as in [`insert_member`].
pub fn insert_element(text: &str, array: &Node, index: usize, json: &str) -> Option<TextEdit> {
    array.as_array()?;
    insert_item(text, array, &items(array)?, index, json)
}

/// The object holding the member whose key is written at `key_span`, and the member's index
/// (repeats included): how a duplicate key, known by its span, is found again. Walks the tree
/// with an explicit stack, as deep as the parser let it be.
pub fn member_at(root: &Node, key_span: Span) -> Option<(&Node, usize)> {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.span.start > key_span.start || node.span.end < key_span.end {
            continue;
        }
        match &node.value {
            Value::Object(members) => {
                if let Some(i) = members.iter().position(|m| m.key_span == key_span) {
                    return Some((node, i));
                }
                stack.extend(members.iter().map(|m| &m.value));
            }
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    None
}

/// The edits that remove every `//` and `/* */` comment and every trailing comma of `text`, as
/// long as the result then parses as strict JSON; `None` otherwise (nothing to remove, an
/// unterminated comment or string, or another mistake left over), because removing them is
/// only known to keep the data when it yields valid JSON. A comment alone on its lines goes
/// with its lines; one after a value goes with the spaces before it.
pub fn strip_comments_and_trailing_commas(text: &str) -> Option<Vec<TextEdit>> {
    let b = text.as_bytes();
    let mut edits: Vec<TextEdit> = Vec::new();
    // Where the last removal ended, so that two comments on one line never give overlapping
    // edits.
    let mut removed_to = 0;
    let mut last_significant: Option<usize> = None;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'"' | b'\'' => {
                i = string_end(b, i)?;
                last_significant = Some(i - 1);
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = b[i..]
                    .iter()
                    .position(|&c| c == b'\n' || c == b'\r')
                    .map_or(b.len(), |n| i + n);
                let span = comment_removal(b, i, end, removed_to);
                removed_to = span.end;
                edits.push(TextEdit::new(span, ""));
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = b[i + 2..].windows(2).position(|w| w == b"*/")? + i + 4;
                let span = comment_removal(b, i, end, removed_to);
                removed_to = span.end;
                edits.push(TextEdit::new(span, ""));
                i = end;
            }
            b'}' | b']' => {
                if let Some(comma) = last_significant.filter(|&p| b[p] == b',') {
                    edits.push(TextEdit::new(Span::new(comma, comma + 1), ""));
                }
                last_significant = Some(i);
                i += 1;
            }
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            _ => {
                last_significant = Some(i);
                i += 1;
            }
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| e.span.start);
    let fixed = apply(text, &edits)?;
    super::parse(&fixed, &ParseOptions::default())
        .is_valid()
        .then_some(edits)
}

/// `text` with `edits` (sorted, not overlapping) applied; `None` when they overlap or do not
/// fall on character boundaries of `text`.
pub fn apply(text: &str, edits: &[TextEdit]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(text.get(at..edit.span.start)?);
        out.push_str(&edit.content);
        text.get(edit.span.start..edit.span.end)?;
        at = edit.span.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// The offset just past the string whose quote is at `start`; `None` when it does not close.
/// A single-quoted string (not JSON, but `//` inside one is no comment) ends at its line.
fn string_end(b: &[u8], start: usize) -> Option<usize> {
    let quote = b[start];
    let mut i = start + 1;
    loop {
        match *b.get(i)? {
            b'\\' => i += 2,
            c if c == quote => return Some(i + 1),
            b'\n' | b'\r' if quote == b'\'' => return None,
            _ => i += 1,
        }
    }
}

/// What to delete for the comment `start..end`: its whole lines when nothing else is on them,
/// else the comment with the blanks on the side where the other content is not.
fn comment_removal(b: &[u8], start: usize, end: usize, removed_to: usize) -> Span {
    let line_start = b[..start]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |n| n + 1);
    let blank = |c: &u8| *c == b' ' || *c == b'\t';
    let alone_before = b[line_start..start].iter().all(blank);
    let rest = b[end..]
        .iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .map_or(b.len(), |n| end + n);
    let alone_after = b[end..rest].iter().all(blank);
    if alone_before && alone_after && line_start >= removed_to {
        let mut line_end = rest;
        if b.get(line_end) == Some(&b'\r') {
            line_end += 1;
        }
        if b.get(line_end) == Some(&b'\n') {
            line_end += 1;
        }
        return Span::new(line_start, line_end);
    }
    if alone_before {
        let after = b[end..rest].iter().take_while(|c| blank(c)).count();
        return Span::new(start.max(removed_to), end + after);
    }
    let before = b[line_start..start]
        .iter()
        .rev()
        .take_while(|c| blank(c))
        .count();
    Span::new((start - before).max(removed_to), end)
}

/// The spans of a container's items: each element, or each member from its key to its value.
fn items(node: &Node) -> Option<Vec<Span>> {
    match &node.value {
        Value::Array(items) => Some(items.iter().map(|n| n.span).collect()),
        Value::Object(members) => Some(
            members
                .iter()
                .map(|m| Span::new(m.key_span.start, m.value.span.end))
                .collect(),
        ),
        _ => None,
    }
}

fn remove_item(text: &str, container: &Node, items: &[Span], index: usize) -> Option<TextEdit> {
    let span = match (items.len(), index) {
        (n, i) if i >= n => return None,
        (1, _) => Span::new(container.span.start + 1, container.span.end.checked_sub(1)?),
        (n, i) if i + 1 < n => Span::new(items[i].start, items[i + 1].start),
        (_, i) => Span::new(items[i - 1].end, items[i].end),
    };
    // The spans come from parsing `text`; a mismatch means the caller passed another text.
    text.get(span.start..span.end)?;
    Some(TextEdit::new(span, ""))
}

fn insert_item(
    text: &str,
    container: &Node,
    items: &[Span],
    index: usize,
    item: &str,
) -> Option<TextEdit> {
    let open = container.span.start;
    let close = container.span.end.checked_sub(1)?;
    let inside = text.get(open + 1..close)?;
    let brackets = text.get(open..open + 1)?;
    let closing = text.get(close..close + 1)?;
    if items.is_empty() {
        if index != 0 {
            return None;
        }
        let content = if inside.contains('\n') {
            let indent = line_indent(text, open);
            let unit = indent_unit(text);
            format!("{brackets}\n{indent}{unit}{item}\n{indent}{closing}")
        } else {
            format!("{brackets}{item}{closing}")
        };
        return Some(TextEdit::new(container.span, content));
    }
    // The blanks before item `i`, after the `[`/`{` or the comma before it.
    let before = |i: usize| -> Option<&str> {
        let from = if i == 0 { open + 1 } else { items[i - 1].end };
        let gap = text.get(from..items[i].start)?;
        Some(gap.split_once(',').map_or(gap, |(_, after)| after))
    };
    if index == items.len() {
        let last = items.len() - 1;
        let mut separator = before(last)?;
        if items.len() == 1 && separator.is_empty() {
            separator = " ";
        }
        return Some(TextEdit::new(
            Span::at(items[last].end),
            format!(",{separator}{item}"),
        ));
    }
    items.get(index)?;
    let separator = match before(index)? {
        "" => " ",
        s => s,
    };
    Some(TextEdit::new(
        Span::at(items[index].start),
        format!("{item},{separator}"),
    ))
}

/// How the members of an object are laid out, for a caller that builds a nested value to add
/// to it: `None` when the object is written on one line (add values on one line too).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The blanks before each member (for an empty object, before the member to add).
    pub indent: String,
    /// One level of indentation as the text writes it.
    pub unit: String,
}

/// The [`Layout`] of `object` in `text`: members each on a line of their own (or an empty
/// object whose braces are on different lines) give one.
pub fn layout(text: &str, object: &Node) -> Option<Layout> {
    let members = object.as_object()?;
    let unit = indent_unit(text).to_string();
    let Some(last) = members.last() else {
        let inside = text.get(object.span.start + 1..object.span.end.checked_sub(1)?)?;
        return inside.contains('\n').then(|| Layout {
            indent: format!("{}{unit}", line_indent(text, object.span.start)),
            unit,
        });
    };
    let start = last.key_span.start;
    let indent = line_indent(text, start);
    let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
    // The last member must begin its line: otherwise the object is (partly) inline.
    (line_start + indent.len() == start && line_start > object.span.start).then(|| Layout {
        indent: indent.to_string(),
        unit,
    })
}

/// The blanks at the start of the line holding `offset`.
fn line_indent(text: &str, offset: usize) -> &str {
    let line_start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
    let line = &text[line_start..];
    let blanks = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..blanks]
}

/// One level of indentation as the text writes it: the blanks of its first indented line (two
/// spaces when no line is indented).
fn indent_unit(text: &str) -> &str {
    text.lines()
        .map(|line| &line[..line.len() - line.trim_start_matches([' ', '\t']).len()])
        .find(|blanks| !blanks.is_empty())
        .unwrap_or("  ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn root(text: &str) -> Node {
        parse(text, &ParseOptions::default())
            .root
            .expect("test JSON parses")
    }

    /// Applies one edit and checks that the result still parses.
    fn edited(text: &str, edit: Option<TextEdit>) -> String {
        let edit = edit.expect("an edit");
        let out = apply(text, &[edit]).expect("applies");
        assert!(
            parse(&out, &ParseOptions::default()).is_valid(),
            "not JSON after the edit:\n{out}"
        );
        out
    }

    #[test]
    fn removing_members_takes_one_comma_and_the_blanks() {
        let text = "{\n  \"a\": 1,\n  \"b\": [2],\n  \"c\": {}\n}\n";
        let object = root(text);
        assert_eq!(
            edited(text, remove_member(text, &object, 0)),
            "{\n  \"b\": [2],\n  \"c\": {}\n}\n"
        );
        assert_eq!(
            edited(text, remove_member(text, &object, 1)),
            "{\n  \"a\": 1,\n  \"c\": {}\n}\n"
        );
        assert_eq!(
            edited(text, remove_member(text, &object, 2)),
            "{\n  \"a\": 1,\n  \"b\": [2]\n}\n"
        );
        assert_eq!(remove_member(text, &object, 3), None);
        let inline = "{\"a\": 1, \"b\": 2}";
        let object = root(inline);
        assert_eq!(
            edited(inline, remove_member(inline, &object, 0)),
            "{\"b\": 2}"
        );
        assert_eq!(
            edited(inline, remove_member(inline, &object, 1)),
            "{\"a\": 1}"
        );
        let lone = "{\n  \"tour\": {\n    \"is_tour\": true\n  }\n}";
        let tour = root(lone).get("tour").cloned().expect("tour");
        assert_eq!(
            edited(lone, remove_member(lone, &tour, 0)),
            "{\n  \"tour\": {}\n}"
        );
    }

    #[test]
    fn removing_elements_keeps_the_layout() {
        let text = "[\"a\", \"b\", \"a\"]";
        let array = root(text);
        assert_eq!(
            edited(text, remove_element(text, &array, 2)),
            "[\"a\", \"b\"]"
        );
        assert_eq!(
            edited(text, remove_element(text, &array, 0)),
            "[\"b\", \"a\"]"
        );
        assert_eq!(
            edited(text, remove_element(text, &array, 1)),
            "[\"a\", \"a\"]"
        );
        let lines = "[\n  \"a\",\n  \"b\"\n]";
        let array = root(lines);
        assert_eq!(
            edited(lines, remove_element(lines, &array, 1)),
            "[\n  \"a\"\n]"
        );
        assert_eq!(
            edited(lines, remove_element(lines, &array, 0)),
            "[\n  \"b\"\n]"
        );
        assert_eq!(edited("[1]", remove_element("[1]", &root("[1]"), 0)), "[]");
        assert_eq!(remove_element("{}", &root("{}"), 0), None);
    }

    #[test]
    fn inserting_follows_the_neighbours() {
        let text = "{\n    \"a\": 1,\n    \"b\": 2\n}";
        assert_eq!(
            edited(text, insert_member(text, &root(text), "c", "true")),
            "{\n    \"a\": 1,\n    \"b\": 2,\n    \"c\": true\n}"
        );
        let one = "{\n\t\"a\":1\n}";
        assert_eq!(
            edited(one, insert_member(one, &root(one), "k\"", "[]")),
            "{\n\t\"a\":1,\n\t\"k\\\"\":[]\n}"
        );
        let inline = "{\"a\": 1}";
        assert_eq!(
            edited(inline, insert_member(inline, &root(inline), "b", "2")),
            "{\"a\": 1, \"b\": 2}"
        );
        assert_eq!(
            edited("{}", insert_member("{}", &root("{}"), "b", "2")),
            "{\"b\": 2}"
        );
        let nested = "{\n  \"settings\": {\n  }\n}";
        let settings = root(nested).get("settings").cloned().expect("settings");
        assert_eq!(
            edited(nested, insert_member(nested, &settings, "login", "\"x\"")),
            "{\n  \"settings\": {\n    \"login\": \"x\"\n  }\n}"
        );
        let list = "[\"en\", \"es\"]";
        assert_eq!(
            edited(list, insert_element(list, &root(list), 2, "\"de\"")),
            "[\"en\", \"es\", \"de\"]"
        );
        assert_eq!(
            edited(list, insert_element(list, &root(list), 0, "\"de\"")),
            "[\"de\", \"en\", \"es\"]"
        );
        assert_eq!(
            edited(
                "[\"en\"]",
                insert_element("[\"en\"]", &root("[\"en\"]"), 1, "\"de\"")
            ),
            "[\"en\", \"de\"]"
        );
        let lines = "[\n  \"en\"\n]";
        assert_eq!(
            edited(lines, insert_element(lines, &root(lines), 0, "\"de\"")),
            "[\n  \"de\",\n  \"en\"\n]"
        );
        assert_eq!(insert_element(list, &root(list), 3, "1"), None);
        assert_eq!(insert_member(list, &root(list), "a", "1"), None);
    }

    #[test]
    fn layouts_follow_the_members() {
        let text = "{\n  \"a\": {\n    \"b\": 1\n  },\n  \"c\": {\"d\": 2},\n  \"e\": {\n  }\n}";
        let tree = root(text);
        let layout = |node: &Node| layout(text, node);
        let lines = |indent: &str| {
            Some(Layout {
                indent: indent.to_string(),
                unit: "  ".to_string(),
            })
        };
        assert_eq!(layout(&tree), lines("  "));
        assert_eq!(layout(tree.get("a").expect("a")), lines("    "));
        assert_eq!(layout(tree.get("c").expect("c")), None);
        assert_eq!(layout(tree.get("e").expect("e")), lines("    "));
        assert_eq!(layout(&root("{}")), None);
    }

    #[test]
    fn appends_at_one_place_compose() {
        // Two fixes appending to one object insert at the same offset; applied one after the
        // other they must still give JSON.
        let text = "{\"a\": 1}";
        let object = root(text);
        let first = insert_member(text, &object, "b", "2").expect("edit");
        let second = insert_member(text, &object, "c", "3").expect("edit");
        assert_eq!(first.span, second.span);
        let both = TextEdit::new(first.span, format!("{}{}", first.content, second.content));
        assert_eq!(edited(text, Some(both)), "{\"a\": 1, \"b\": 2, \"c\": 3}");
    }

    #[test]
    fn finds_the_member_of_a_key_span() {
        let text = "{\"x\": [{\"k\": 1, \"k\": 1}], \"k\": 2}";
        let tree = root(text);
        let doc = parse(text, &ParseOptions::default());
        let dup = &doc.duplicate_keys[0];
        let (object, index) = member_at(&tree, dup.first).expect("found");
        assert_eq!(index, 0);
        assert_eq!(object.as_object().map(<[_]>::len), Some(2));
        let outer = tree.member("k").expect("k").key_span;
        assert_eq!(member_at(&tree, outer).map(|(_, i)| i), Some(1));
        assert_eq!(member_at(&tree, Span::new(0, 1)), None);
    }

    fn stripped(text: &str) -> Option<String> {
        strip_comments_and_trailing_commas(text).and_then(|edits| apply(text, &edits))
    }

    #[test]
    fn strips_comments_and_trailing_commas() {
        let text = "{\n  // the widget\n  \"widget\": {\n    \"name\": \"a // b\", /* inline */\n    \"v\": [1, 2,],\n  },\n  /* a\n     block */\n  \"x\": 'no'\n}";
        // Single quotes stay a mistake: nothing is proposed while the result would not parse.
        assert_eq!(stripped(text), None);
        let text = text.replace("'no'", "\"ok\"");
        assert_eq!(
            stripped(&text).as_deref(),
            Some(
                "{\n  \"widget\": {\n    \"name\": \"a // b\",\n    \"v\": [1, 2]\n  },\n  \"x\": \"ok\"\n}"
            )
        );
        assert_eq!(
            stripped("{\"a\":/*x*/1, // y\r\n\"b\": 2,}").as_deref(),
            Some("{\"a\":1,\r\n\"b\": 2}")
        );
        assert_eq!(stripped("{\"a\": 1} // end").as_deref(), Some("{\"a\": 1}"));
        assert_eq!(
            stripped("  /* a */ /* b */\n[1]").as_deref(),
            Some("  \n[1]")
        );
        assert_eq!(stripped("{\"a\": 1}"), None);
        assert_eq!(stripped("{\"a\": 1 /* open"), None);
        assert_eq!(stripped("{\"a\": \"open // }"), None);
    }
}
