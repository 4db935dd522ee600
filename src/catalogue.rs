//! `amolint rules` and `amolint explain`: what the run's registry holds (built-in rules and the
//! organisation packs of the configuration), listed or explained. Nothing here checks a widget.

use crate::cli::{ExplainArgs, ListFormat, RulesArgs};
use crate::commands::{fix_docs, output_error, setup};
use amolint_core::registry::Registry;
use amolint_core::rule::RuleMeta;
use amolint_core::severity::Severity;
use amolint_report::{Flavour, render_explanation};
use std::io::{self, Write};
use std::process::ExitCode;

fn severity_cell(severity: Option<Severity>) -> &'static str {
    severity.map_or("-", Severity::as_str)
}

pub(crate) fn rules(args: RulesArgs) -> Result<ExitCode, String> {
    let registry = setup(args.config.as_ref(), args.no_native_packs)?.registry;
    let mut metas: Vec<&'static RuleMeta> = registry.rules().iter().map(|r| r.meta()).collect();
    metas.sort_by_key(|m| (pack_order(&registry, m.pack), m.code));
    let fixes = fix_docs(&registry);
    let fix_label = |code: &str| fixes.get(code).map_or("-", |docs| docs.label());
    let mut out = io::stdout().lock();
    let result = match args.format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = metas
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "code": m.code,
                        "name": m.name,
                        "pack": m.pack,
                        "severity": {"amocrm": m.amocrm.map(Severity::as_str), "kommo": m.kommo.map(Severity::as_str)},
                        "fix": fixes.get(m.code).map(|docs| {
                            docs.applicabilities().iter().map(|a| a.as_str()).collect::<Vec<_>>()
                        }).unwrap_or_default(),
                        "summary": m.summary,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)
                .map_err(io::Error::other)
                .and_then(|()| writeln!(out))
        }
        ListFormat::Text => metas.iter().try_for_each(|m| {
            writeln!(
                out,
                "{:<8} {:<32} {:<13} amocrm={:<7} kommo={:<7} fix={:<12} {}",
                m.code,
                m.name,
                m.pack,
                severity_cell(m.amocrm),
                severity_cell(m.kommo),
                fix_label(m.code).replace(", ", "+"),
                m.summary
            )
        }),
    };
    result.map(|()| ExitCode::SUCCESS).or_else(output_error)
}

fn pack_order(registry: &Registry, pack: &str) -> usize {
    registry
        .pack_names()
        .iter()
        .position(|p| *p == pack)
        .unwrap_or(usize::MAX)
}

pub(crate) fn explain(args: ExplainArgs) -> Result<ExitCode, String> {
    let registry = setup(args.config.as_ref(), args.no_native_packs)?.registry;
    let wanted = args.rule.trim();
    let rule = registry
        .rules()
        .iter()
        .find(|r| r.meta().code.eq_ignore_ascii_case(wanted) || r.meta().name == wanted)
        .ok_or_else(|| {
            let mut message = format!("unknown rule `{wanted}`");
            if let Some(near) = registry.suggest(wanted) {
                message.push_str(&format!("; did you mean `{near}`?"));
            } else {
                message.push_str("; `amolint rules` lists every code and name");
            }
            message
        })?;
    let mut out = io::stdout().lock();
    write!(
        out,
        "{}",
        render_explanation(rule.meta(), rule.fix_docs(), Flavour::Terminal)
    )
    .map(|()| ExitCode::SUCCESS)
    .or_else(output_error)
}
