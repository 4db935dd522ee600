//! ENC002 invalid-utf8: a text file is not valid UTF-8 (UTF-16 is detected and named as such).

use super::common::{is_binary, junk};
use amolint_core::format::is_text_file;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::source::EntryKind;
use amolint_core::text::Span;
use amolint_core::widget::Encoding;

pub struct InvalidUtf8;

pub static META: RuleMeta = RuleMeta {
    code: "ENC002",
    name: "invalid-utf8",
    pack: "files",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a text file is not valid UTF-8",
    docs: RuleDocs {
        what: "Checks that every text file (.json .js .css .twig .html .txt .svg) is valid UTF-8. \
               A file saved as UTF-16 is named as such; otherwise the first byte that is not \
               UTF-8 is pointed at. Binary content under a text name (a PNG saved as \
               `icon.svg`) is no encoding problem and is left to IMG004 and to the parser of the \
               file's format (ENC003, JS002).",
        why: "The platforms require every file in UTF-8. PHP's json_decode refuses a manifest or \
              locale file that is not valid UTF-8, so the upload fails; a script, template or \
              stylesheet in another encoding shows garbled text (typically Cyrillic saved as \
              Windows-1251) in every account that installs the widget.",
        bad: "i18n/ru.json saved as Windows-1251:  {\"widget\": {\"name\": \"\\xC2\\xE8\\xE4\\xE6\\xE5\\xF2\"}}",
        good: "i18n/ru.json saved as UTF-8:  {\"widget\": {\"name\": \"Виджет\"}}",
        fix: "Re-open the file in its real encoding and save it as \"UTF-8\" (without BOM). In VS \
              Code: click the encoding in the status bar, \"Reopen with Encoding\" (e.g. Cyrillic \
              Windows 1251 or UTF-16 LE), then \"Save with Encoding\" > UTF-8. On the command \
              line: `iconv -f WINDOWS-1251 -t UTF-8 in.json > out.json`.",
        sources: &["K-STRUCT", "A-STRUCT", "T-COMMUNITY"],
        uncertain: None,
    },
    options: &[],
};

impl Rule for InvalidUtf8 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        for entry in cx.widget.files() {
            if entry.kind != EntryKind::File || !is_text_file(&entry.path) {
                continue;
            }
            // `__MACOSX/._script.js` and the like are binary junk: ARC006 reports them.
            if junk(entry).is_some() {
                continue;
            }
            // Files too large or unreadable are ARC008's and AMO000's.
            let Ok(text) = cx.widget.text(&entry.path) else {
                continue;
            };
            // A PNG named `.svg` is no encoding problem: IMG004 (images) or the parser of the
            // file's format (ENC003, JS002) says what is wrong with it.
            if is_binary(&text) {
                continue;
            }
            let path = entry.path.as_str();
            let json = path.to_ascii_lowercase().ends_with(".json");
            let consequence = if json {
                "JSON parsers such as PHP's json_decode refuse it"
            } else {
                "its non-ASCII text shows garbled in the browser"
            };
            match text.encoding {
                Encoding::Utf8 => {}
                Encoding::Utf16 { little_endian } => out.report(
                    Finding::new(
                        &META,
                        format!(
                            "`{path}` is encoded as UTF-16 ({} endian), not UTF-8, and {consequence}",
                            if little_endian { "little" } else { "big" }
                        ),
                    )
                    .file(path)
                    .help(
                        "save the file as UTF-8 (without BOM); Windows tools often write \
                         \"Unicode\", which is UTF-16",
                    ),
                ),
                Encoding::InvalidUtf8 { offset } => {
                    let at = text.lines.position(&text.text, offset);
                    // The text was decoded lossily: the bad byte became one U+FFFD there.
                    let width = text
                        .text
                        .get(offset..)
                        .and_then(|rest| rest.chars().next())
                        .map_or(0, char::len_utf8);
                    out.report(
                        Finding::new(
                            &META,
                            format!(
                                "`{path}` is not valid UTF-8 (first bad byte at line {}, column \
                                 {}): it is probably saved in a legacy encoding such as \
                                 Windows-1251 or Latin-1, and {consequence}",
                                at.line, at.column
                            ),
                        )
                        .file(path)
                        .span(Span::new(offset, offset + width))
                        .help("re-open the file in its real encoding and save it as UTF-8"),
                    );
                }
            }
        }
    }
}
