//! Escaping for the HTML report: everything that comes from a widget (paths, file names,
//! messages built from manifest values, source lines) goes through [`text`] before it reaches the
//! page. Owns that one rule and nothing else.
//!
//! Besides the five characters HTML gives a meaning to, it makes invisible characters visible:
//! control characters become their Unicode control pictures and bidirectional overrides a
//! `<U+202E>` note, so a hostile file name cannot hide or reorder what a reviewer reads. No raw
//! `<` ever comes out of it, which the page relies on twice: widget text cannot open a tag, and
//! it cannot end the inert `<script>` block the findings of large reports are kept in.

/// Appends `s` to `out`, escaped for HTML text and for attribute values in double or single
/// quotes.
pub fn text(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find(special) {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().unwrap_or(' ');
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // U+2400 + code: ␀ ␁ … ␟; DEL is ␡.
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            '\u{7f}' => out.push('\u{2421}'),
            other => {
                out.push_str(&format!("&lt;U+{:04X}&gt;", other as u32));
            }
        }
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
}

/// `s` escaped, as a new string.
pub fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    text(&mut out, s);
    out
}

fn special(c: char) -> bool {
    matches!(
        c,
        '&' | '<'
            | '>'
            | '"'
            | '\''
            | '\u{0}'..='\u{8}'
            | '\u{b}'..='\u{1f}'
            | '\u{7f}'
            // Bidirectional embeddings, overrides and isolates, and the invisible marks.
            | '\u{61c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            escaped(r#""><img src=x onerror=alert(1)>"#),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(
            escaped("<script>alert('1')</script>&"),
            "&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt;&amp;"
        );
    }

    #[test]
    fn invisible_characters_become_visible() {
        assert_eq!(escaped("a\u{0}b\rc\u{7f}"), "a\u{2400}b\u{240d}c\u{2421}");
        assert_eq!(escaped("x\u{202e}gnp.exe"), "x&lt;U+202E&gt;gnp.exe");
        // Tabs and line feeds stay: source lines keep their layout.
        assert_eq!(escaped("a\tb\nc"), "a\tb\nc");
    }
}
