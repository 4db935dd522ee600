//! Hover on a finding: the rule's documentation, as `amolint explain` gives it.
//!
//! Owns choosing the findings under the cursor from the last check; the text is
//! [`amolint_report::render_explanation`]'s (with links that work outside the repository).

use crate::documents::relative;
use crate::server::Session;
use crate::uri;
use amolint_report::{Flavour, render_explanation};
use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind, Range};

pub fn hover(session: &Session, params: HoverParams) -> Option<Hover> {
    let at = params.text_document_position_params.position;
    let path = uri::to_path(
        params
            .text_document_position_params
            .text_document
            .uri
            .as_str(),
    )?;
    let root = session.shared.docs.lock().ok()?.widget_of(&path)?;
    let checked = session.shared.result(&root)?;
    let file = checked
        .files
        .get(&checked.uri_of(&relative(&root, &path)?))?;
    let registry = &checked.config.loaded.registry;
    let mut sections = Vec::new();
    let mut range: Option<Range> = None;
    for placed in &file.placed {
        let r = placed.diagnostic.range;
        if !(r.start <= at && at <= r.end) {
            continue;
        }
        let Some(d) = placed.index.and_then(|i| checked.report.diagnostics.get(i)) else {
            continue;
        };
        let mut section = format!("**{}** `{}`: {}", d.code, d.name, d.message);
        if let Some(rule) = registry
            .index_of_code(&d.code)
            .and_then(|i| registry.rules().get(i))
        {
            section.push_str("\n\n");
            section.push_str(&render_explanation(
                rule.meta(),
                rule.fix_docs(),
                Flavour::Help,
            ));
        }
        sections.push(section);
        range = Some(range.map_or(r, |prev| {
            Range::new(prev.start.min(r.start), prev.end.max(r.end))
        }));
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range,
    })
}
