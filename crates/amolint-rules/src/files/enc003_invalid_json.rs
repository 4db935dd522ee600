//! ENC003 invalid-json: `manifest.json` or an `i18n/*.json` is not strict JSON.

use super::common::{is_binary, platform_json_files};
use amolint_core::fix::{Edit, Fix, FixDocs};
use amolint_core::json::edit::strip_comments_and_trailing_commas;
use amolint_core::json::{SyntaxError, SyntaxErrorKind};
use amolint_core::manifest::MANIFEST_FILE;
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Error;
use amolint_core::widget::{Encoding, ParseLimits};

pub struct InvalidJson;

pub static META: RuleMeta = RuleMeta {
    code: "ENC003",
    name: "invalid-json",
    pack: "files",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "`manifest.json` or an `i18n/*.json` is not strict JSON",
    docs: RuleDocs {
        what: "Parses `manifest.json` and every `i18n/*.json` as strict JSON (RFC 8259, as PHP's \
               json_decode reads it) and points at the first error with its line and column, \
               naming the usual cause: `//` comments copied from the documentation's example, a \
               trailing comma, single quotes, an unquoted key. When the manifest is not valid \
               JSON, the rules that check its content are skipped.",
        why: "JSON syntax errors are the most common reason an upload fails, and the platform's \
              error message does not say where the error is. A manifest that does not parse \
              cannot be installed; a locale file that does not parse leaves the widget without \
              its texts.",
        bad: "{\n  // widget description\n  \"widget\": {\n    \"name\": 'widget.name',\n    \"version\": \"1.0.0\",\n  },\n}",
        good: "{\n  \"widget\": {\n    \"name\": \"widget.name\",\n    \"version\": \"1.0.0\"\n  }\n}",
        fix: "Fix the error at the reported line and column: remove comments and trailing \
              commas, use double quotes for every key and string. An editor in JSON mode (not \
              JSONC or JSON5) or `python3 -m json.tool manifest.json` shows the same errors.",
        sources: &["K-MANIFEST", "A-STRUCT", "K-I18N", "decision 8"],
        uncertain: None,
    },
    options: &[],
};

/// The fix, offered only when the first error is a comment or a trailing comma.
pub static FIX: FixDocs = FixDocs {
    safe: Some(
        "Removes every `//` and `/* */` comment (with its line when it stands alone on it) and \
         every trailing comma of the file, and nothing else, when that makes the file strict \
         JSON. Safe: comments and trailing commas hold no data, so the values are those the \
         author wrote, and a file that did not load now does. A file with other mistakes as \
         well (single quotes, an unquoted key) gets no fix: those need the author.",
    ),
    unsafe_: None,
};

impl Rule for InvalidJson {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fix_docs(&self) -> Option<&'static FixDocs> {
        Some(&FIX)
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        for path in platform_json_files(cx.widget) {
            // Missing, too large, unreadable: ARC003, ARC008, AMO000 say so.
            let Ok(file) = cx.widget.json(&path) else {
                continue;
            };
            // UTF-16 is not parsed at all: ENC002 is the one finding.
            let Some(error) = file.doc.as_ref().and_then(|d| d.error.as_ref()) else {
                continue;
            };
            let binary = is_binary(&file.text);
            // The parser tripping over the byte ENC002 reports is that same defect.
            if let Encoding::InvalidUtf8 { offset } = file.text.encoding
                && error.span.start == offset
                && !binary
            {
                continue;
            }
            let manifest = path == MANIFEST_FILE;
            let mut message = match error.kind {
                _ if binary => format!(
                    "`{path}` is not valid JSON: its content is binary (it holds NUL bytes), not \
                     text"
                ),
                // The parser's "comments are not allowed" would only repeat the cause.
                SyntaxErrorKind::Comment => {
                    format!("`{path}` is not valid JSON: it holds a comment")
                }
                _ => format!("`{path}` is not valid JSON: {}", error.message),
            };
            if let Some(cause) = cause(error, cx.widget.limits())
                && !binary
            {
                message.push_str("; ");
                message.push_str(&cause);
            }
            if manifest {
                message.push_str("; the rules that check the manifest's content were skipped");
            }
            let fix = match error.kind {
                SyntaxErrorKind::Comment | SyntaxErrorKind::TrailingComma if !binary => {
                    strip_comments_and_trailing_commas(&file.text.text).map(|edits| {
                        Fix::safe(
                            "remove the comments and trailing commas",
                            edits
                                .into_iter()
                                .map(|e| Edit::text(path.as_str(), e))
                                .collect(),
                        )
                    })
                }
                _ => None,
            };
            out.report(
                Finding::new(&META, message)
                    .file(path.as_str())
                    .span(error.span)
                    .help(if binary {
                        "this is not the JSON file it is named after (an image or an archive \
                         saved under its name?): put the real JSON there"
                    } else {
                        help(error.kind)
                    })
                    .fix(fix),
            );
        }
    }
}

/// The usual reason for an error of this kind, in the author's terms.
fn cause(error: &SyntaxError, limits: &ParseLimits) -> Option<String> {
    Some(match error.kind {
        SyntaxErrorKind::Comment => {
            "`//` comments copied from the documentation's example are not JSON".to_string()
        }
        SyntaxErrorKind::TrailingComma => {
            "JSON allows no comma after the last item of an object or array".to_string()
        }
        SyntaxErrorKind::SingleQuote => {
            "JavaScript accepts single quotes, JSON does not".to_string()
        }
        SyntaxErrorKind::UnquotedKey => {
            "JavaScript object keys may go unquoted, JSON keys may not".to_string()
        }
        SyntaxErrorKind::TooDeep => format!(
            "{} levels is amolint's nesting limit (`max-json-depth` of ARC008); a real \
             manifest or locale file nests fewer than ten",
            limits.max_json_depth
        ),
        SyntaxErrorKind::TooManyValues => format!(
            "{} values is amolint's limit for one JSON file (`max-json-values` of ARC008); a \
             real manifest or locale file holds hundreds; the rest of the file was not parsed",
            limits.max_json_values
        ),
        SyntaxErrorKind::Bom => {
            "a byte order mark in the middle of the file usually comes from joining files \
             saved with a BOM"
                .to_string()
        }
        SyntaxErrorKind::Empty => "the platform needs a JSON object here".to_string(),
        _ => return None,
    })
}

fn help(kind: SyntaxErrorKind) -> &'static str {
    match kind {
        SyntaxErrorKind::Comment => "delete the comment",
        SyntaxErrorKind::TrailingComma => "delete the comma",
        SyntaxErrorKind::SingleQuote => "use double quotes: \"like this\"",
        SyntaxErrorKind::UnquotedKey => "put the key in double quotes",
        SyntaxErrorKind::TooDeep => "flatten the structure; real widget files nest a few levels",
        SyntaxErrorKind::TooManyValues => {
            "this is not a hand-written widget file: remove the generated data from it"
        }
        SyntaxErrorKind::Bom => "delete the invisible U+FEFF character at this place",
        SyntaxErrorKind::Empty => "write the file's JSON content, at least `{}`",
        SyntaxErrorKind::MissingComma => "add a `,` between the two items",
        SyntaxErrorKind::MissingColon => "add a `:` between the key and its value",
        SyntaxErrorKind::ControlCharacter => "escape the character (`\\n`, `\\t`) or remove it",
        SyntaxErrorKind::InvalidEscape => {
            "use a JSON escape (`\\\"` `\\\\` `\\/` `\\b` `\\f` `\\n` `\\r` `\\t` `\\uXXXX`)"
        }
        SyntaxErrorKind::InvalidLiteral => {
            "write `true`, `false` or `null` in lower case, or quote the string"
        }
        SyntaxErrorKind::InvalidNumber => {
            "write the number as JSON does (`1`, `0.5`, `-2e3`), or quote it"
        }
        _ => "fix the JSON at this place",
    }
}
