use super::*;
use crate::text::{LineIndex, Position};

fn parse_default(text: &str) -> Document {
    parse(text, &ParseOptions::default())
}

fn root(text: &str) -> Node {
    let doc = parse_default(text);
    assert_eq!(doc.error, None, "unexpected error for {text:?}");
    doc.root.expect("valid text has a root")
}

fn syntax_error(text: &str) -> SyntaxError {
    let doc = parse_default(text);
    assert!(
        doc.root.is_none(),
        "root must be None on error for {text:?}"
    );
    doc.error
        .unwrap_or_else(|| panic!("expected a syntax error for {text:?}"))
}

/// 1-based line and column, as editors show them.
type LineCol = (usize, usize);

/// Text, expected kind, exact culprit text, its position, a phrase the message must contain.
type ErrorCase = (
    &'static str,
    SyntaxErrorKind,
    &'static str,
    LineCol,
    &'static str,
);

fn pos(text: &str, offset: usize) -> LineCol {
    let Position { line, column } = LineIndex::new(text).position(text, offset);
    (line, column)
}

fn slice(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

/// The example manifest from the amoCRM widget docs, trimmed.
const MANIFEST: &str = r#"{
  "widget": {
    "name": "widget.name",
    "description": "widget.description",
    "short_description": "widget.short_description",
    "version": "1.0.0",
    "interface_version": 2,
    "init_once": false,
    "locale": ["ru", "en"],
    "installation": true
  },
  "locations": ["ccard-1", "clist-1", "settings"],
  "tour": {"is_tour": false, "tour_images": {"ru": ["/images/tour_1_ru.png"]}},
  "settings": {
    "login": {"name": "settings.login", "type": "text", "required": false},
    "api_key": {"name": "settings.api_key", "type": "custom", "required": true}
  }
}
"#;

#[test]
fn spans_of_keys_and_values_map_to_lines_and_columns() {
    let root = root(MANIFEST);
    assert_eq!(root.span, Span::new(0, MANIFEST.len() - 1));
    assert_eq!(root.type_name(), "object");

    let widget = root.member("widget").unwrap();
    assert_eq!(slice(MANIFEST, widget.key_span), "\"widget\"");
    assert_eq!(pos(MANIFEST, widget.key_span.start), (2, 3));
    assert_eq!(pos(MANIFEST, widget.value.span.start), (2, 13));
    assert_eq!(pos(MANIFEST, widget.value.span.end - 1), (11, 3));

    let name = widget.value.member("name").unwrap();
    assert_eq!(pos(MANIFEST, name.key_span.start), (3, 5));
    assert_eq!(slice(MANIFEST, name.value.span), "\"widget.name\"");
    assert_eq!(pos(MANIFEST, name.value.span.start), (3, 13));
    assert_eq!(name.value.as_str(), Some("widget.name"));

    let version = root.pointer("/widget/interface_version").unwrap();
    assert_eq!(slice(MANIFEST, version.span), "2");
    assert_eq!(pos(MANIFEST, version.span.start), (7, 26));
    assert_eq!(version.as_number().and_then(Number::as_i64), Some(2));

    let init_once = root.pointer("/widget/init_once").unwrap();
    assert_eq!(slice(MANIFEST, init_once.span), "false");
    assert_eq!(init_once.as_bool(), Some(false));

    let en = root.pointer("/widget/locale/1").unwrap();
    assert_eq!(slice(MANIFEST, en.span), "\"en\"");
    assert_eq!(pos(MANIFEST, en.span.start), (9, 22));

    let locations = root.get("locations").unwrap();
    assert_eq!(
        slice(MANIFEST, locations.span),
        r#"["ccard-1", "clist-1", "settings"]"#
    );
    assert_eq!(locations.as_array().map(<[Node]>::len), Some(3));

    let image = root.pointer("/tour/tour_images/ru/0").unwrap();
    assert_eq!(image.as_str(), Some("/images/tour_1_ru.png"));
    assert_eq!(pos(MANIFEST, image.span.start), (13, 53));
}

#[test]
fn spans_count_bytes_and_columns_count_characters() {
    let text = "{\"имя\": \"значение\", \"b\": [1]}";
    let root = root(text);
    let member = root.member("имя").unwrap();
    assert_eq!(member.key_span, Span::new(1, 9));
    assert_eq!(slice(text, member.value.span), "\"значение\"");
    let b = root.member("b").unwrap();
    assert_eq!(pos(text, b.key_span.start), (1, 21));
    assert_eq!(pos(text, b.value.span.start), (1, 26));
}

#[test]
fn comment_on_line_three_of_the_docs_manifest() {
    let text = MANIFEST.replacen(
        "    \"name\"",
        "    // the name comes from i18n\n    \"name\"",
        1,
    );
    let e = syntax_error(&text);
    assert_eq!(e.kind, SyntaxErrorKind::Comment);
    assert_eq!(e.kind.as_str(), "comment");
    assert_eq!(slice(&text, e.span), "// the name comes from i18n");
    assert_eq!(pos(&text, e.span.start), (3, 5));
    assert_eq!(e.message, "comments are not allowed in JSON");
}

#[test]
fn comments_anywhere_are_classified_as_comments() {
    let cases = [
        ("// only a comment", "// only a comment"),
        ("{\"a\": 1 /* why */}", "/* why */"),
        ("{\"a\": /* x */ 1}", "/* x */"),
        ("{/*unterminated", "/*unterminated"),
        ("[1,\r\n// crlf\r\n2]", "// crlf"),
        ("{\"a\": 1} // after the root", "// after the root"),
        ("{\"a\" // before colon\n: 1}", "// before colon"),
    ];
    for (text, culprit) in cases {
        let e = syntax_error(text);
        assert_eq!(e.kind, SyntaxErrorKind::Comment, "{text:?}");
        assert_eq!(slice(text, e.span), culprit, "{text:?}");
    }
}

#[test]
fn every_error_kind_points_at_its_culprit() {
    #[rustfmt::skip]
    let cases: &[ErrorCase] = &[
        ("{\"a\": 1,\n}", SyntaxErrorKind::TrailingComma, ",", (1, 8), "trailing comma before `}`"),
        ("[1, 2, ]", SyntaxErrorKind::TrailingComma, ",", (1, 6), "trailing comma before `]`"),
        ("{\"a\": 'x'}", SyntaxErrorKind::SingleQuote, "'x'", (1, 7), "double quotes"),
        ("{'a': 1}", SyntaxErrorKind::SingleQuote, "'a'", (1, 2), "double quotes"),
        ("['it\\'s']", SyntaxErrorKind::SingleQuote, "'it\\'s'", (1, 2), "single quotes"),
        ("['open\n']", SyntaxErrorKind::SingleQuote, "'", (1, 2), "single quotes"),
        ("{a: 1}", SyntaxErrorKind::UnquotedKey, "a", (1, 2), "object keys must be double-quoted: `a`"),
        ("{\"a\": 1, key_2: 2}", SyntaxErrorKind::UnquotedKey, "key_2", (1, 10), "`key_2`"),
        ("{имя: 1}", SyntaxErrorKind::UnquotedKey, "имя", (1, 2), "`имя`"),
        ("{\"a\":\u{feff}1}", SyntaxErrorKind::Bom, "\u{feff}", (1, 6), "byte order mark inside the text"),
        ("", SyntaxErrorKind::Empty, "", (1, 1), "empty"),
        (" \n\t ", SyntaxErrorKind::Empty, "", (1, 1), "whitespace"),
        ("{\"a\": [1, 2", SyntaxErrorKind::UnexpectedEnd, "", (1, 12), "end of the text"),
        ("{\"a\": \"unterminated", SyntaxErrorKind::UnexpectedEnd, "", (1, 20), "inside a string"),
        ("{\"a\":", SyntaxErrorKind::UnexpectedEnd, "", (1, 6), "expected a value"),
        ("[\"\\u12", SyntaxErrorKind::UnexpectedEnd, "", (1, 7), "inside a string"),
        ("{\"a\": }", SyntaxErrorKind::UnexpectedCharacter, "}", (1, 7), "expected a value, found `}`"),
        ("[1, 2}", SyntaxErrorKind::UnexpectedCharacter, "}", (1, 6), "expected `,` or `]`"),
        ("[\u{a0}1]", SyntaxErrorKind::UnexpectedCharacter, "\u{a0}", (1, 2), "U+00A0"),
        ("{,}", SyntaxErrorKind::UnexpectedCharacter, ",", (1, 2), "expected a double-quoted key or `}`"),
        ("{\"a\" 1}", SyntaxErrorKind::MissingColon, "1", (1, 6), "expected `:` after key \"a\""),
        ("{\"a\"}", SyntaxErrorKind::MissingColon, "}", (1, 5), "found `}`"),
        ("[1 2]", SyntaxErrorKind::MissingComma, "2", (1, 4), "missing `,` between array items"),
        ("{\"a\": 1\n \"b\": 2}", SyntaxErrorKind::MissingComma, "\"", (2, 2), "missing `,` between object members"),
        ("[\"a\\x\"]", SyntaxErrorKind::InvalidEscape, "\\x", (1, 4), "invalid escape `\\x`"),
        ("[\"a\\'\"]", SyntaxErrorKind::InvalidEscape, "\\'", (1, 4), "invalid escape"),
        ("[\"\\u12G4\"]", SyntaxErrorKind::InvalidEscape, "\\u12", (1, 3), "four hex digits"),
        ("[\"\\ж\"]", SyntaxErrorKind::InvalidEscape, "\\ж", (1, 3), "`\\ж`"),
        ("01", SyntaxErrorKind::InvalidNumber, "01", (1, 1), "leading zeros"),
        ("[1.]", SyntaxErrorKind::InvalidNumber, "1.", (1, 2), "decimal point must be followed"),
        ("1.", SyntaxErrorKind::InvalidNumber, "1.", (1, 1), "decimal point"),
        ("[+1]", SyntaxErrorKind::InvalidNumber, "+1", (1, 2), "cannot start with `+`"),
        ("[.5]", SyntaxErrorKind::InvalidNumber, ".5", (1, 2), "digit before the decimal point"),
        ("[-]", SyntaxErrorKind::InvalidNumber, "-", (1, 2), "`-` must be followed by digits"),
        ("[1e]", SyntaxErrorKind::InvalidNumber, "1e", (1, 2), "exponent"),
        ("[1e+]", SyntaxErrorKind::InvalidNumber, "1e+", (1, 2), "exponent"),
        ("[0x1F]", SyntaxErrorKind::InvalidNumber, "0x1F", (1, 2), "hexadecimal"),
        ("[-Infinity]", SyntaxErrorKind::InvalidNumber, "-Infinity", (1, 2), "finite"),
        ("{\"w\": 10px}", SyntaxErrorKind::InvalidNumber, "10px", (1, 7), "invalid number `10px`"),
        ("[1.2.3]", SyntaxErrorKind::InvalidNumber, "1.2.3", (1, 2), "invalid number"),
        ("[\"a\nb\"]", SyntaxErrorKind::ControlCharacter, "\n", (1, 4), "line break"),
        ("[\"a\tb\"]", SyntaxErrorKind::ControlCharacter, "\t", (1, 4), "tab"),
        ("[\"a\\n\u{1}\"]", SyntaxErrorKind::ControlCharacter, "\u{1}", (1, 6), "U+0001"),
        ("[tru]", SyntaxErrorKind::InvalidLiteral, "tru", (1, 2), "incomplete literal `tru`, expected `true`"),
        ("{\"a\": True}", SyntaxErrorKind::InvalidLiteral, "True", (1, 7), "lower case: `true`"),
        ("[NULL]", SyntaxErrorKind::InvalidLiteral, "NULL", (1, 2), "`null`"),
        ("[NaN]", SyntaxErrorKind::InvalidLiteral, "NaN", (1, 2), "finite"),
        ("{\"a\": undefined}", SyntaxErrorKind::InvalidLiteral, "undefined", (1, 7), "use `null`"),
        ("[hello]", SyntaxErrorKind::InvalidLiteral, "hello", (1, 2), "double quotes"),
        ("[truex]", SyntaxErrorKind::InvalidLiteral, "truex", (1, 2), "invalid literal"),
        ("{\"a\": 1}}", SyntaxErrorKind::TrailingContent, "}", (1, 9), "after the end of the JSON value"),
        ("{}\n{}", SyntaxErrorKind::TrailingContent, "{", (2, 1), "after the end"),
        ("1 2", SyntaxErrorKind::TrailingContent, "2", (1, 3), "after the end"),
    ];
    for &(text, kind, culprit, line_col, needle) in cases {
        let e = syntax_error(text);
        assert_eq!(e.kind, kind, "{text:?}: {e:?}");
        assert_eq!(slice(text, e.span), culprit, "{text:?}: {e:?}");
        assert_eq!(pos(text, e.span.start), line_col, "{text:?}: {e:?}");
        assert!(
            e.message.contains(needle),
            "{text:?}: {:?} lacks {needle:?}",
            e.message
        );
        assert!(!e.message.ends_with('.'), "{:?}", e.message);
        assert!(
            e.message.starts_with(|c: char| !c.is_uppercase()),
            "{:?}",
            e.message
        );
    }
    // Every kind appears above or in the depth tests.
    for kind in SyntaxErrorKind::ALL {
        assert!(
            kind == SyntaxErrorKind::TooDeep
                || kind == SyntaxErrorKind::TooManyValues
                || kind == SyntaxErrorKind::Comment
                || cases.iter().any(|c| c.1 == kind),
            "{kind:?} untested"
        );
    }
}

#[test]
fn kind_names_are_unique_kebab_case() {
    let names: Vec<&str> = SyntaxErrorKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(names[1], "trailing-comma");
    assert_eq!(SyntaxErrorKind::TooDeep.to_string(), "too-deep");
    for (i, name) in names.iter().enumerate() {
        assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        assert!(!names[..i].contains(name), "{name} repeated");
    }
}

#[test]
fn bom_at_start_is_skipped_and_counted_in_spans() {
    let text = "\u{feff}{\"a\": [true, null]}";
    let doc = parse_default(text);
    assert!(doc.bom);
    assert!(doc.is_valid());
    let root = doc.root.unwrap();
    assert_eq!(root.span, Span::new(3, text.len()));
    let a = root.member("a").unwrap();
    assert_eq!(a.key_span, Span::new(4, 7));
    assert_eq!(slice(text, a.key_span), "\"a\"");
    assert_eq!(pos(text, a.key_span.start), (1, 3));
    assert!(root.pointer("/a/1").unwrap().is_null());
}

#[test]
fn bom_elsewhere_is_an_error_but_inside_strings_is_text() {
    let doc = parse_default("{}");
    assert!(!doc.bom);

    let text = "\u{feff}\u{feff}{}";
    let doc = parse_default(text);
    assert!(doc.bom);
    let e = doc.error.unwrap();
    assert_eq!((e.kind, e.span), (SyntaxErrorKind::Bom, Span::new(3, 6)));

    let text = "{\"a\": 1}\n\u{feff}";
    let e = syntax_error(text);
    assert_eq!(
        (e.kind, pos(text, e.span.start)),
        (SyntaxErrorKind::Bom, (2, 1))
    );

    let e = syntax_error("{\u{feff}\"a\": 1}");
    assert_eq!((e.kind, e.span), (SyntaxErrorKind::Bom, Span::new(1, 4)));

    // Inside a string U+FEFF is an ordinary (if invisible) character, as for PHP.
    assert_eq!(
        root("[\"a\u{feff}b\"]").pointer("/0").unwrap().as_str(),
        Some("a\u{feff}b")
    );

    // A BOM alone is an empty text, not a valid one.
    let doc = parse_default("\u{feff}");
    assert!(doc.bom);
    assert_eq!(doc.error.unwrap().kind, SyntaxErrorKind::Empty);
}

#[test]
fn duplicate_keys_are_reported_with_the_object_pointer() {
    let text = r#"{
  "widget": {
    "name": "a",
    "code": "x",
    "name": "b"
  },
  "widget": {"version": "1", "version": "2", "version": "3"},
  "list": [{}, {"a/b~": 1, "a/b~": 2}],
  "list": null
}"#;
    let doc = parse_default(text);
    let root = doc.root.as_ref().unwrap();
    let d = &doc.duplicate_keys;
    let summary: Vec<(&str, &str, LineCol, LineCol)> = d
        .iter()
        .map(|d| {
            (
                d.key.as_str(),
                d.object_pointer.as_str(),
                pos(text, d.first.start),
                pos(text, d.duplicate.start),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("name", "/widget", (3, 5), (5, 5)),
            ("widget", "", (2, 3), (7, 3)),
            ("version", "/widget", (7, 14), (7, 30)),
            ("version", "/widget", (7, 14), (7, 46)),
            ("a/b~", "/list/1", (8, 17), (8, 28)),
            ("list", "", (8, 3), (9, 3)),
        ]
    );
    assert_eq!(slice(text, d[0].duplicate), "\"name\"");
    // Pointers resolve like `get`, so when an ancestor key is itself repeated they lead to its
    // last occurrence: the repeated `name` lives in the first `widget`, the pointer finds the
    // second, and `/list/1` finds nothing because the last `list` is null.
    let widget = root.pointer(&d[0].object_pointer).unwrap();
    assert!(widget.get("version").is_some() && widget.get("name").is_none());
    assert_eq!(root.pointer(&d[4].object_pointer), None);
}

#[test]
fn duplicates_in_large_objects_are_found_in_order() {
    let mut text = String::from("{");
    for i in 0..100 {
        text.push_str(&format!("\"k{}\": {i},", i % 40));
    }
    text.push_str("\"last\": 0}");
    let doc = parse_default(&text);
    assert!(doc.is_valid());
    assert_eq!(doc.duplicate_keys.len(), 60);
    let first = &doc.duplicate_keys[0];
    assert_eq!(first.key, "k0");
    assert_eq!(slice(&text, first.first), "\"k0\"");
    assert!(first.first.start < first.duplicate.start);
    assert!(
        doc.duplicate_keys
            .windows(2)
            .all(|w| w[0].duplicate.start < w[1].duplicate.start)
    );
    // The third `k0` still names the first as the original.
    let third = doc
        .duplicate_keys
        .iter()
        .filter(|d| d.key == "k0")
        .nth(1)
        .unwrap();
    assert_eq!(third.first, first.first);
    assert_eq!(
        doc.root
            .unwrap()
            .get("k5")
            .unwrap()
            .as_number()
            .unwrap()
            .raw,
        "85"
    );
}

#[test]
fn duplicates_before_a_syntax_error_are_kept() {
    let doc = parse_default(r#"[{"a": 1, "a": 2}, oops]"#);
    assert!(doc.root.is_none());
    assert_eq!(doc.duplicate_keys.len(), 1);
    assert_eq!(doc.duplicate_keys[0].object_pointer, "/0");
}

#[test]
fn get_and_member_resolve_repeats_to_the_last() {
    let text = r#"{"code": "first", "x": 1, "code": "second"}"#;
    let root = root(text);
    assert_eq!(root.get("code").unwrap().as_str(), Some("second"));
    let member = root.member("code").unwrap();
    assert_eq!(member.key_span.start, text.rfind("\"code\"").unwrap());
    assert_eq!(root.get("missing"), None);
    assert_eq!(root.get("x").unwrap().get("x"), None);
    let members = root.as_object().unwrap();
    assert_eq!(members.len(), 3);
    assert_eq!(members[0].value.as_str(), Some("first"));
    assert_eq!(root.to_serde()["code"], "second");
}

#[test]
fn pointers_unescape_and_index() {
    let text = r#"{"a/b": {"m~n": [10, {"": "empty key"}, [true]]}, "": 0, "01": "key"}"#;
    let root = root(text);
    assert_eq!(root.pointer(""), Some(&root));
    assert_eq!(
        root.pointer("/a~1b/m~0n/0")
            .unwrap()
            .as_number()
            .unwrap()
            .raw,
        "10"
    );
    assert_eq!(
        root.pointer("/a~1b/m~0n/1/").unwrap().as_str(),
        Some("empty key")
    );
    assert_eq!(
        root.pointer("/a~1b/m~0n/2/0").unwrap().as_bool(),
        Some(true)
    );
    assert_eq!(root.pointer("/").unwrap().as_number().unwrap().raw, "0");
    assert_eq!(root.pointer("/01").unwrap().as_str(), Some("key"));
    for bad in [
        "a",
        "/a/b",
        "/a~2b",
        "/a~",
        "/a~1b/m~0n/01",
        "/a~1b/m~0n/-",
        "/a~1b/m~0n/3",
    ] {
        assert_eq!(root.pointer(bad), None, "{bad}");
    }
    assert_eq!(root.pointer("/a~1b/m~0n/0/x"), None);

    assert_eq!(pointer_push("", "widget"), "/widget");
    assert_eq!(pointer_push("/a", "b/c~d"), "/a/b~1c~0d");
    assert_eq!(pointer_push("/a", "0"), "/a/0");
    let p = pointer_push(&pointer_push("", "a/b"), "m~n");
    assert_eq!(root.pointer(&p), root.get("a/b").unwrap().get("m~n"));
}

#[test]
fn escapes_and_surrogates_are_decoded() {
    let text = r#"["\"\\\/\b\f\n\r\t", "\u0041\u00e9\u0416\u20AC", "\ud83d\ude00!", "\uD800x", "\uDC00", "\ud800\u0041", "\ud800\ud800\udc00", "plain ж"]"#;
    let root = root(text);
    let s = |i: usize| {
        root.pointer(&format!("/{i}"))
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(s(0), "\"\\/\u{8}\u{c}\n\r\t");
    assert_eq!(s(1), "Aé\u{416}€");
    assert_eq!(s(2), "😀!");
    assert_eq!(s(3), "\u{fffd}x");
    assert_eq!(s(4), "\u{fffd}");
    assert_eq!(s(5), "\u{fffd}A");
    assert_eq!(s(6), "\u{fffd}\u{10000}");
    assert_eq!(s(7), "plain ж");
    // serde_json (and PHP) reject lone surrogates; this parser keeps the file readable instead.
    assert!(serde_json::from_str::<serde_json::Value>(r#""\uDC00""#).is_err());
    // Spans cover the escaped form as written.
    let emoji = root.pointer("/2").unwrap();
    assert_eq!(slice(text, emoji.span), r#""\ud83d\ude00!""#);
    // Escaped keys are unescaped too, their spans still the source text.
    let text = r#"{"k\u0065y": 1}"#;
    let m = &root_of(text).as_object().unwrap()[0].clone();
    assert_eq!(m.key, "key");
    assert_eq!(slice(text, m.key_span), r#""k\u0065y""#);
}

fn root_of(text: &str) -> Node {
    root(text)
}

#[test]
fn numbers_keep_their_text() {
    let root = root(
        "[-0, 1e5, 1.5E-3, 2, 2.0, -17, 9223372036854775807, 18446744073709551615, 1e400, 0.1]",
    );
    let n = |i: usize| root.as_array().unwrap()[i].as_number().unwrap().clone();
    assert_eq!(n(0).raw, "-0");
    assert_eq!(n(0).as_i64(), Some(0));
    assert!(n(0).is_integer());
    assert_eq!(n(0).as_f64().map(f64::is_sign_negative), Some(true));
    assert_eq!(n(1).as_f64(), Some(100000.0));
    assert_eq!(n(1).as_i64(), None);
    assert!(!n(1).is_integer());
    assert_eq!(n(2).as_f64(), Some(0.0015));
    assert_eq!(n(3).as_i64(), Some(2));
    assert!(n(3).is_integer());
    assert_eq!(n(4).as_i64(), None);
    assert_eq!(n(4).as_f64(), Some(2.0));
    assert!(!n(4).is_integer());
    assert_eq!(n(5).as_i64(), Some(-17));
    assert_eq!(n(6).as_i64(), Some(i64::MAX));
    assert_eq!(n(7).as_i64(), None);
    assert_eq!(n(7).as_u64(), Some(u64::MAX));
    assert_eq!(n(8).as_f64(), None);
    assert_eq!(n(9).as_f64(), Some(0.1));
    assert_eq!(root.as_array().unwrap()[1].span, Span::new(5, 8));
}

#[test]
fn accessors_and_type_names() {
    let root = root(r#"{"n": null, "b": true, "x": 1, "s": "", "a": [], "o": {}}"#);
    let names: Vec<&str> = root
        .as_object()
        .unwrap()
        .iter()
        .map(|m| m.value.type_name())
        .collect();
    assert_eq!(
        names,
        ["null", "boolean", "number", "string", "array", "object"]
    );
    assert!(root.get("n").unwrap().is_null());
    assert_eq!(root.get("s").unwrap().as_str(), Some(""));
    assert_eq!(root.get("s").unwrap().as_bool(), None);
    assert_eq!(root.get("a").unwrap().as_array(), Some(&[][..]));
    assert_eq!(root.get("o").unwrap().as_object(), Some(&[][..]));
    assert_eq!(root.get("a").unwrap().as_object(), None);
    assert_eq!(root.get("b").unwrap().as_number(), None);
    assert_eq!(root.get("o").unwrap().span, Span::new(54, 56));
}

#[test]
fn scalar_roots_and_whitespace() {
    for (text, kind) in [
        ("\"s\"", "string"),
        (" 42 ", "number"),
        ("\r\n\ttrue\n", "boolean"),
        ("null", "null"),
    ] {
        let node = root(text);
        assert_eq!(node.type_name(), kind);
        assert_eq!(slice(text, node.span), text.trim());
    }
}

#[test]
fn nesting_is_capped_without_recursion() {
    let opens = "[".repeat(1_000_000);
    let e = syntax_error(&opens);
    assert_eq!(e.kind, SyntaxErrorKind::TooDeep);
    assert_eq!(e.span, Span::new(128, 129));
    assert_eq!(e.message, "nesting deeper than 128 levels");

    let objects = "{\"a\":".repeat(1_000_000);
    let e = syntax_error(&objects);
    assert_eq!(e.kind, SyntaxErrorKind::TooDeep);
    assert_eq!(e.span, Span::new(640, 641));
    assert_eq!(pos(&objects, e.span.start), (1, 641));

    // Exactly the limit is fine; one more is not.
    let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(parse_default(&ok).is_valid());
    let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
    assert_eq!(syntax_error(&deep).kind, SyntaxErrorKind::TooDeep);
    let e = parse(
        &deep,
        &ParseOptions {
            max_depth: 3,
            ..Default::default()
        },
    )
    .error
    .unwrap();
    assert_eq!(
        (e.span, e.message.as_str()),
        (Span::new(3, 4), "nesting deeper than 3 levels")
    );
    assert!(
        parse(
            "[]",
            &ParseOptions {
                max_depth: 0,
                ..Default::default()
            }
        )
        .error
        .is_some()
    );
    assert!(
        parse(
            "1",
            &ParseOptions {
                max_depth: 0,
                ..Default::default()
            }
        )
        .is_valid()
    );

    // With no practical cap the explicit stack still copes; the unclosed frames are dropped
    // one by one, not recursively.
    let e = parse(
        &opens,
        &ParseOptions {
            max_depth: usize::MAX,
            ..Default::default()
        },
    )
    .error
    .unwrap();
    assert_eq!(
        (e.kind, e.span),
        (SyntaxErrorKind::UnexpectedEnd, Span::at(1_000_000))
    );
    let e = parse(
        &objects,
        &ParseOptions {
            max_depth: usize::MAX,
            ..Default::default()
        },
    )
    .error
    .unwrap();
    assert_eq!(e.kind, SyntaxErrorKind::UnexpectedEnd);
}

#[test]
fn value_count_is_capped() {
    let options = ParseOptions {
        max_values: 4,
        ..Default::default()
    };
    // The array itself and its three items: four values, at the cap.
    assert!(parse("[1, 2, 3]", &options).is_valid());
    let e = parse("[1, 2, 3, 4]", &options).error.unwrap();
    assert_eq!(
        (e.kind, e.span, e.message.as_str()),
        (
            SyntaxErrorKind::TooManyValues,
            Span::new(10, 11),
            "more than 4 values"
        )
    );
    // Keys are not values; objects and their member values are.
    assert!(parse(r#"{"a": {"b": [true]}}"#, &options).is_valid());
    // Millions of tiny values stop at the default cap instead of building a tree of them all.
    let many = format!("[{}0]", "0,".repeat(DEFAULT_MAX_VALUES));
    assert_eq!(syntax_error(&many).kind, SyntaxErrorKind::TooManyValues);
}

#[test]
fn too_deep_stops_without_scanning_the_rest() {
    // 64 MB of `[` (then garbage) must be rejected in well under a second, even in debug builds.
    let mut text = "[".repeat(64 << 20);
    text.push_str("oops");
    let started = std::time::Instant::now();
    let e = syntax_error(&text);
    assert_eq!(e.kind, SyntaxErrorKind::TooDeep);
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
}

const I18N: &str = r#"{
  "widget": {"name": "Виджет \"Пример\"", "description": "Line1\nLine2 \u2014 ok", "short_description": "😀"},
  "settings": {"login": "Логин", "api_key": "API-ключ"},
  "advanced": {"title": "Настройки", "values": [1, -2.5, 3e-7, 1E+2, 0, -0, 12345678901234567890, 1.7976931348623157e308]}
}"#;

#[test]
fn to_serde_matches_serde_json() {
    let duplicated = r#"{"a": 1, "b": [true, false, null], "a": {"c": "d"}}"#;
    let nested = r#"[[[[]]], {}, [{}], {"": {"": ""}}, "\ud83d\ude00\u0000", 5e-324]"#;
    for text in [MANIFEST, I18N, duplicated, nested, "0", "-0", "\"x\"", "[]"] {
        let expected: serde_json::Value = serde_json::from_str(text).unwrap();
        let ours = root(text).to_serde();
        assert!(
            same_value(&ours, &expected),
            "{text}: {ours:?} != {expected:?}"
        );
    }
    // Object order follows the source, as with serde_json's preserve_order.
    let keys: Vec<String> = root(MANIFEST)
        .to_serde()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(keys, ["widget", "locations", "tour", "settings"]);
}

/// Equality of serde_json values, except that floats may differ in the last bits: serde_json
/// without its `float_roundtrip` feature is not always correctly rounded, `str::parse` is.
fn same_value(ours: &serde_json::Value, theirs: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (ours, theirs) {
        (J::Number(a), J::Number(b)) if a.is_f64() && b.is_f64() => {
            let (a, b) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            a == b || ((a - b) / a).abs() < 1e-15
        }
        (J::Array(a), J::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_value(x, y))
        }
        (J::Object(a), J::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, va), (kb, vb))| ka == kb && same_value(va, vb))
        }
        _ => ours == theirs,
    }
}

/// A small xorshift generator, so the property test is deterministic and needs no crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "{", "}", "[", "]", "\"", ",", ":", "'", "/", "*", "\\", " ", "\n", "\t", "\r", "0", "1", "9",
    "-", "+", ".", "e", "E", "t", "r", "u", "n", "l", "f", "a", "x", "ж", "😀", "\u{feff}",
    "\u{1}", "\u{a0}", "true", "null", "\\n", "\\u00", "\"k\":", "//", "/*", "*/", "{}", "[]",
    ",]", ",}",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = chars.clone();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(out.len() + 1);
        let piece: Vec<char> = PIECES[rng.below(PIECES.len())].chars().collect();
        match rng.below(6) {
            0 => out.truncate(at),
            1 if at < out.len() => {
                out.splice(at..at + 1, piece);
            }
            2 => {
                out.splice(at..at, piece);
            }
            3 if at < out.len() => {
                out.remove(at);
            }
            4 => {
                let len = rng.below(8);
                let end = (at + len).min(out.len());
                let copy: Vec<char> = out[at..end].to_vec();
                out.splice(at..at, copy);
            }
            _ => {
                let end = (at + rng.below(4)).min(out.len());
                out.drain(at..end);
            }
        }
    }
    out.into_iter().collect()
}

/// Cases where this parser deliberately differs from serde_json (see the module docs).
fn known_divergence(text: &str, serde_error: &str) -> bool {
    serde_error.contains("lone leading surrogate")
        || serde_error.contains("unexpected end of hex escape") && text.contains("\\u")
        || serde_error.contains("number out of range")
}

fn check_agreement(text: &str) {
    let doc = parse(text, &ParseOptions::default());
    assert_eq!(doc.root.is_some(), doc.error.is_none(), "{text:?}");
    if let Some(e) = &doc.error {
        assert!(
            e.span.start <= e.span.end && e.span.end <= text.len(),
            "{text:?}: {e:?}"
        );
        assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        assert!(!e.message.is_empty());
    }
    let stripped = text.strip_prefix('\u{feff}').unwrap_or(text);
    match (
        serde_json::from_str::<serde_json::Value>(stripped),
        &doc.root,
    ) {
        (Ok(expected), Some(root)) => {
            assert!(same_value(&root.to_serde(), &expected), "{text:?}");
        }
        (Err(serde), Some(_)) => assert!(
            known_divergence(text, &serde.to_string()),
            "accepted what serde_json rejects ({serde}): {text:?}"
        ),
        (Ok(_), None) => panic!(
            "rejected what serde_json accepts ({:?}): {text:?}",
            doc.error
        ),
        (Err(_), None) => {}
    }
}

#[test]
fn mutated_documents_never_panic_and_agree_with_serde_json() {
    let bases = [
        MANIFEST,
        I18N,
        "{\"a\": [1, 2.5e3, \"x\\n\"], \"b\": {\"c\": null}}",
    ];
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut rejected = 0;
    for round in 0..1500 {
        let base = bases[round % bases.len()];
        let text = mutate(&mut rng, base);
        check_agreement(&text);
        if parse_default(&text).error.is_some() {
            rejected += 1;
        }
    }
    // The mutations must exercise both outcomes to mean anything.
    assert!(rejected > 300 && rejected < 1450, "{rejected}");
}

#[test]
fn random_token_soup_never_panics_and_agrees_with_serde_json() {
    let mut rng = Rng(0x0dd_ba11_cafe_f00d);
    for _ in 0..1500 {
        let mut text = String::new();
        for _ in 0..rng.below(12) {
            text.push_str(PIECES[rng.below(PIECES.len())]);
        }
        check_agreement(&text);
    }
}

#[test]
fn every_truncation_of_the_manifest_is_rejected_cleanly() {
    for end in (0..MANIFEST.trim_end().len()).filter(|&i| MANIFEST.is_char_boundary(i)) {
        let text = &MANIFEST[..end];
        let e = syntax_error(text);
        let expected = if text.trim().is_empty() {
            SyntaxErrorKind::Empty
        } else {
            SyntaxErrorKind::UnexpectedEnd
        };
        // Truncating inside a literal or a number leaves a malformed token instead.
        assert!(
            e.kind == expected
                || matches!(
                    e.kind,
                    SyntaxErrorKind::InvalidLiteral | SyntaxErrorKind::InvalidNumber
                ),
            "{text:?}: {e:?}"
        );
        check_agreement(text);
    }
}

#[test]
fn serde_json_depth_limit_is_compared_honestly() {
    // serde_json counts the limit differently: it rejects 128 nested arrays, which this parser
    // (like PHP with depth 128) accepts. Recorded so a change on either side is noticed.
    let at_limit = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(serde_json::from_str::<serde_json::Value>(&at_limit).is_err());
    assert!(parse_default(&at_limit).is_valid());
    let below = format!("{}{}", "[".repeat(127), "]".repeat(127));
    assert!(serde_json::from_str::<serde_json::Value>(&below).is_ok());
    assert!(parse_default(&below).is_valid());
}

#[test]
fn distinct_members_keep_the_last_of_repeated_keys() {
    let node = root(r#"{"a": 1, "b": 2, "a": 3}"#);
    let members: Vec<(&str, &str)> = node
        .distinct_members()
        .iter()
        .map(|m| {
            (
                m.key.as_str(),
                m.value.as_number().map_or("", |n| n.raw.as_str()),
            )
        })
        .collect();
    assert_eq!(members, vec![("b", "2"), ("a", "3")]);
    assert!(root("[1]").distinct_members().is_empty());
}
