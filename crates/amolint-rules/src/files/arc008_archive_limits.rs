//! ARC008 archive-limits: the widget exceeds a safety limit amolint applies while reading it
//! (entry count, total or per-entry uncompressed bytes, compression ratio, file size).

use super::common::printable;
use amolint_core::rule::{
    Context, Finding, OptionKind, Phase, Rule, RuleDocs, RuleMeta, RuleOption, Sink,
};
use amolint_core::severity::Severity::Error;
use amolint_core::source::{EntryKind, LimitKind, Limits, SourceIssue, SourceKind};
use amolint_core::widget::{ParseLimits, ReadProblem, human_bytes};
use std::collections::HashSet;

pub struct ArchiveLimits;

pub static META: RuleMeta = RuleMeta {
    code: "ARC008",
    name: "archive-limits",
    pack: "files",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "the widget exceeds a safety limit (entries, sizes, compression ratio)",
    docs: RuleDocs {
        what: "Reports what amolint refused to list or read because it exceeds a safety limit: \
               more entries than `max-entries`, an entry inflating past `max-entry-bytes` or \
               compressed more than `max-ratio` times, more than `max-total-bytes` inflated from \
               the whole widget, a file over `max-file-bytes` (not read, so the checks that need \
               it were skipped), a script.js over `max-script-bytes` (not parsed, so the script \
               checks were skipped). The JSON limits `max-json-depth` and `max-json-values` are \
               reported by ENC003 and `max-script-nesting` by JS002, with the option named. Sizes declared in the zip headers are checked too, for entries \
               no rule read. Nothing is ever extracted to disk: amolint inflates in memory, \
               counting every byte, and stops at the first limit.",
        why: "A zip bomb (a small archive that inflates to gigabytes) or an archive with millions \
              of entries exhausts the memory or disk of whatever unpacks it, the platform \
              included. Real widgets hold tens of files of a few MB at most; an archive over \
              these limits is broken, hostile, or full of something that does not belong in a \
              widget, and amolint checks it only as far as it safely can.",
        bad: "widget.zip (40 KB)\n  manifest.json\n  images/bg.png   (inflates to 1 GiB of zeros)",
        good: "widget.zip\n  manifest.json\n  script.js       (380 KB)\n  images/logo.png (25 KB)",
        fix: "Remove the oversized or suspicious entries and re-create the archive. If a large \
              file is genuinely needed, raise the limit for your project in rules.toml, e.g. \
              `ARC008 = { level = \"error\", max-file-bytes = \"32MiB\" }`.",
        sources: &["K-STRUCT", "G-KOMMO-CLI"],
        uncertain: Some(
            "The platforms document no archive size or entry limit; these limits are amolint's \
             own safety caps, set far above any real widget and configurable.",
        ),
    },
    options: &[
        RuleOption {
            name: "max-entries",
            kind: OptionKind::Count,
            default: Limits::DEFAULT.max_entries as u64,
            help: "entries listed in a zip, or files and folders walked in a widget folder",
        },
        RuleOption {
            name: "max-total-bytes",
            kind: OptionKind::Bytes,
            default: Limits::DEFAULT.max_total_bytes,
            help: "bytes inflated from one widget, all entries together",
        },
        RuleOption {
            name: "max-entry-bytes",
            kind: OptionKind::Bytes,
            default: Limits::DEFAULT.max_entry_bytes,
            help: "bytes inflated from one entry",
        },
        RuleOption {
            name: "max-ratio",
            kind: OptionKind::Count,
            default: Limits::DEFAULT.max_ratio,
            help: "uncompressed / compressed size of an entry, once it has inflated past 1 MiB",
        },
        RuleOption {
            name: "max-file-bytes",
            kind: OptionKind::Bytes,
            default: ParseLimits::DEFAULT.max_file_bytes,
            help: "largest file amolint reads and parses",
        },
        RuleOption {
            name: "max-json-depth",
            kind: OptionKind::Count,
            default: ParseLimits::DEFAULT.max_json_depth as u64,
            help: "deepest nesting of arrays and objects in a JSON file",
        },
        RuleOption {
            name: "max-json-values",
            kind: OptionKind::Count,
            default: ParseLimits::DEFAULT.max_json_values as u64,
            help: "values (scalars, arrays and objects) in one JSON file",
        },
        RuleOption {
            name: "max-script-bytes",
            kind: OptionKind::Bytes,
            default: ParseLimits::DEFAULT.max_script_bytes,
            help: "largest script.js amolint parses",
        },
        RuleOption {
            name: "max-script-nesting",
            kind: OptionKind::Count,
            default: ParseLimits::DEFAULT.max_script_nesting as u64,
            help: "deepest nesting of brackets and operators in script.js (1000 at most)",
        },
    ],
};

/// Below this size the ratio cap is not applied (as in the source's own accounting): tiny,
/// repetitive files compress far better than 100:1 and are harmless.
const RATIO_FLOOR: u64 = 1024 * 1024;

/// At most this many unread files are named in one message.
const MAX_NAMED: usize = 5;

const AS_FAR: &str = "the widget was checked only as far as it safely could be";

impl Rule for ArchiveLimits {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Runs last, so that every read the other rules made (and every limit they ran into) is
    /// known.
    fn phase(&self) -> Phase {
        Phase::Last
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let widget = cx.widget;
        // The limits the source was opened with: what the reader applied is what is reported.
        let caps = widget.source().limits();
        let zip = widget.kind() == SourceKind::Zip;
        // What amolint does to get a file's bytes: inflate a zip entry, read a file.
        let (inflate, inflated) = if zip {
            ("inflates", "inflated")
        } else {
            ("reads", "read")
        };
        let source = widget.source();
        let entry_of = |path: &str| source.entries().iter().find(|e| e.path == path);
        let problems = widget.read_problems();
        // Files whose read stopped at an archive limit; the limit itself is a source issue.
        let stopped: Vec<String> = problems
            .iter()
            .filter(|(_, p)| matches!(p, ReadProblem::ArchiveLimit(_)))
            .map(|(path, _)| widget.source_path(path))
            .collect();
        let issues = source.issues();
        // Entries a limit of their own stopped; the total's message does not name them again.
        let stopped_alone: HashSet<&str> = issues
            .iter()
            .filter_map(|i| match i {
                SourceIssue::LimitExceeded {
                    limit: LimitKind::EntryBytes | LimitKind::Ratio,
                    name: Some(name),
                    ..
                } => Some(name.as_str()),
                _ => None,
            })
            .collect();
        let mut reported: HashSet<String> = HashSet::new();
        let mut total_reported = false;

        for issue in issues.iter().cloned() {
            let SourceIssue::LimitExceeded {
                limit,
                name,
                detail,
            } = issue
            else {
                continue;
            };
            let shown = name.as_deref().map(printable);
            let finding = match (limit, &shown) {
                (LimitKind::Entries, _) => {
                    let n = caps.max_entries;
                    Finding::new(
                        &META,
                        if zip && source.entries().is_empty() {
                            // Refused before listing: the count the archive declares is far
                            // past the cap, and parsing its directory would cost gigabytes.
                            format!("{detail}, so nothing in it was checked")
                        } else if zip {
                            format!(
                                "the archive holds more than {n} entries (`max-entries`); only \
                                 the first {n} were listed, so {AS_FAR}"
                            )
                        } else {
                            format!(
                                "the folder holds more than {n} files and folders \
                                 (`max-entries`); amolint stopped walking it there, so {AS_FAR}"
                            )
                        },
                    )
                    .help(
                        "a widget holds tens of files: remove what does not belong to it, or \
                         raise `max-entries` for ARC008 in rules.toml",
                    )
                }
                (LimitKind::TotalBytes, Some(name)) => {
                    total_reported = true;
                    let others: Vec<&String> = stopped
                        .iter()
                        .filter(|p| *p != name && !stopped_alone.contains(p.as_str()))
                        .collect();
                    let mut message = format!(
                        "amolint {inflated} more than {} from the widget's files in total \
                         (`max-total-bytes`) and stopped at `{name}`",
                        human_bytes(caps.max_total_bytes)
                    );
                    if !others.is_empty() {
                        message.push_str(&format!(
                            " and did not read {}",
                            named_list(others.iter().map(|p| p.as_str()))
                        ));
                    }
                    message.push_str(&format!(", so {AS_FAR}"));
                    Finding::new(&META, message)
                        .source_file(name.clone())
                        .help("remove the large files that do not belong to the widget")
                }
                (LimitKind::EntryBytes, Some(name)) => Finding::new(
                    &META,
                    format!(
                        "`{name}` {} more than {} (`max-entry-bytes`); it was not read, so {AS_FAR}",
                        if zip { "inflates to" } else { "holds" },
                        human_bytes(caps.max_entry_bytes)
                    ),
                )
                .source_file(name.clone())
                .help("remove the file, or raise `max-entry-bytes` for ARC008 if it belongs there"),
                (LimitKind::Ratio, Some(name)) => {
                    let compressed = entry_of(name)
                        .map(|e| format!(" of {}", human_bytes(e.compressed_size)))
                        .unwrap_or_default();
                    Finding::new(
                        &META,
                        format!(
                            "`{name}` inflates to more than {} times its compressed size{compressed} \
                             (`max-ratio`), as zip bombs do; it was not read, so {AS_FAR}",
                            caps.max_ratio
                        ),
                    )
                    .source_file(name.clone())
                    .help("remove the entry and re-create the archive from the real files")
                }
                (_, None) => Finding::new(
                    &META,
                    format!("a safety limit was exceeded ({detail}), so {AS_FAR}"),
                ),
            };
            if let Some(name) = name {
                reported.insert(name);
            }
            out.report(finding);
        }

        for (path, problem) in &problems {
            let ReadProblem::TooLarge { limit } = problem else {
                continue;
            };
            if !reported.insert(widget.source_path(path)) {
                continue;
            }
            let size = widget
                .entry(path)
                .map(|e| e.size)
                .filter(|size| size > limit);
            let how_big = match size {
                Some(size) => format!("is {}", human_bytes(size)),
                None => "is larger than that".to_string(),
            };
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`{path}` {how_big}, more than the {} amolint reads of one file \
                         (`max-file-bytes`); it was not read and the checks that need it were \
                         skipped, so {AS_FAR}",
                        human_bytes(*limit)
                    ),
                )
                .file(path.as_str())
                .help(
                    "a widget's text files are a few KB (a bundled script.js a few MB): remove \
                     what bloats it, or raise `max-file-bytes` for ARC008 in rules.toml",
                ),
            );
        }

        if let Some(size) = widget.script_too_large() {
            let limit = widget.limits().max_script_bytes;
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "`script.js` is {}, more than the {} amolint parses (`max-script-bytes`); \
                         it was not parsed and the script checks were skipped, so {AS_FAR}",
                        human_bytes(size),
                        human_bytes(limit)
                    ),
                )
                .file("script.js")
                .help(
                    "a bundled script.js is a few MB: remove what bloats it (source maps, \
                     inlined assets), or raise `max-script-bytes` for ARC008 in rules.toml",
                ),
            );
        }

        // What the headers (or the file system) declare, for entries no read ran into.
        let mut unread_total: u64 = 0;
        for entry in source.entries() {
            if entry.kind != EntryKind::File || reported.contains(&entry.path) {
                continue;
            }
            let shown = printable(&entry.path);
            let bomb = zip
                && entry.size > RATIO_FLOOR
                && entry.size > entry.compressed_size.saturating_mul(caps.max_ratio);
            if bomb {
                out.report(
                    Finding::new(
                        &META,
                        format!(
                            "`{shown}` declares {} uncompressed from {} compressed, more than {} \
                             times (`max-ratio`), as zip bombs do; amolint inflates no more of it \
                             than its limits allow, so {AS_FAR}",
                            human_bytes(entry.size),
                            human_bytes(entry.compressed_size),
                            caps.max_ratio
                        ),
                    )
                    .source_file(shown)
                    .help("remove the entry and re-create the archive from the real files"),
                );
            } else if entry.size > caps.max_entry_bytes {
                out.report(
                    Finding::new(
                        &META,
                        format!(
                            "`{shown}` is {}{}, more than the {} amolint {inflate} of one \
                             file (`max-entry-bytes`); it is not read in full, so {AS_FAR}",
                            human_bytes(entry.size),
                            if zip { " uncompressed" } else { "" },
                            human_bytes(caps.max_entry_bytes)
                        ),
                    )
                    .source_file(shown)
                    .help("remove the file, or raise `max-entry-bytes` for ARC008 if it belongs there"),
                );
            } else {
                unread_total = unread_total.saturating_add(entry.size);
                continue;
            }
            reported.insert(entry.path.clone());
        }
        if !total_reported && unread_total > caps.max_total_bytes {
            out.report(
                Finding::new(
                    &META,
                    format!(
                        "the widget's files add up to {}{}, more than the {} amolint {inflate} \
                         from one widget (`max-total-bytes`); files read after that were not \
                         checked, so {AS_FAR}",
                        human_bytes(unread_total),
                        if zip { " uncompressed" } else { "" },
                        human_bytes(caps.max_total_bytes)
                    ),
                )
                .help("remove the large files that do not belong to the widget"),
            );
        }
    }
}

/// `` `a`, `b` and 3 more ``.
fn named_list<'a>(paths: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<String> = paths.map(|p| format!("`{}`", printable(p))).collect();
    let more = all.len().saturating_sub(MAX_NAMED);
    let mut text = all
        .iter()
        .take(MAX_NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::META;
    use amolint_core::config::Config;

    #[test]
    fn every_option_is_a_limit_the_configuration_applies() {
        let registry = crate::registry();
        let defaults = Config::default().limits();
        for option in META.options {
            let text = format!("[rules]\nARC008 = {{ {} = 7 }}\n", option.name);
            let config = Config::parse(&text, "rules.toml", &registry).expect("config");
            assert_ne!(
                config.limits(),
                defaults,
                "{} changes no limit",
                option.name
            );
        }
    }
}
