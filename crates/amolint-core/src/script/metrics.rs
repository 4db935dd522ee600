//! The minification metrics: owns the text measurements behind the minified/obfuscated
//! heuristics (size, line count, the longest line, the first dense line, an
//! `eval(function(p,a,c,k,e,…)` packer, obfuscator-style `_0x…` names). They come from the
//! bytes alone, so a script that does not parse (or is refused as too deep) has them too.
//!
//! It must not parse the script or decide what counts as minified for a finding (that is the
//! rule's); it stays a few linear passes over the bytes, whatever the input.

use super::facts::Metrics;
use crate::text::Span;

/// Lines at least this long are candidates for [`Metrics::dense`].
pub const DENSE_LINE_BYTES: usize = 1000;

/// Measures `text` (every script, parsed or not).
pub(super) fn metrics(text: &str) -> Metrics {
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

/// A byte that may continue an identifier (any non-ASCII byte may be part of one).
pub(super) fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

#[cfg(test)]
mod tests {
    use crate::script::analyze;
    use crate::script::samples::AMD;

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
}
