//! GitHub Actions workflow commands (`--format github`): one `::error`/`::warning`/`::notice` per
//! finding, which GitHub shows as annotations on the pull request's files, with the help and the
//! address of the rule's page under the message.

use crate::paths::ArtifactPaths;
use crate::{Renderer, Summary};
use amolint_core::WidgetReport;
use amolint_core::severity::Severity;
use std::io::{self, Write};

pub struct GithubRenderer {
    paths: ArtifactPaths,
}

impl GithubRenderer {
    pub fn new(paths: ArtifactPaths) -> Self {
        GithubRenderer { paths }
    }
}

impl Renderer for GithubRenderer {
    fn widget(&mut self, out: &mut dyn Write, report: WidgetReport) -> io::Result<()> {
        for d in &report.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let artifact = self.paths.artifact(&report, d);
            let mut properties = vec![format!("file={}", escape_property(&artifact.path))];
            if artifact.member.is_none()
                && let Some(line) = d.line
            {
                properties.push(format!("line={line}"));
                let end_line = d.end_line.unwrap_or(line);
                // GitHub rejects columns on annotations that span several lines.
                let one_line = end_line == line;
                if let (true, Some(column)) = (one_line, d.column) {
                    properties.push(format!("col={column}"));
                }
                properties.push(format!("endLine={end_line}"));
                if let (true, Some(end_column)) = (one_line, d.end_column) {
                    properties.push(format!("endColumn={end_column}"));
                }
            }
            properties.push(format!(
                "title={}",
                escape_property(&format!("amolint {}", d.code))
            ));
            let mut message = d.message.clone();
            if let Some(member) = &artifact.member {
                message.push_str(&format!(" (in `{member}` inside this zip)"));
            }
            if let Some(help) = &d.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            // The same last line as the text output: the rule's page.
            if let Some(url) = amolint_core::rule::rule_page_url(&d.code, &d.pack) {
                message.push_str(&format!("\nnote: see {url}"));
            }
            writeln!(
                out,
                "::{command} {}::{}",
                properties.join(","),
                escape_data(&message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// Escapes a workflow command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
