//! The HTML report (`--format html`): one self-contained page for audits of many widgets. An
//! overview first (counts, widgets without errors, platforms, the rules that fire most, the
//! worst widgets, findings by pack, widgets by number of errors, new versus known with a
//! baseline), then a table of the widgets whose rows open their findings with source snippets,
//! then a section per rule that fired.
//!
//! Owns the page: markup, stylesheet (`report.css`) and script (`report.js`), all inline; the
//! page makes no request of any kind, and its Content-Security-Policy forbids any (only the
//! page's own script and stylesheet run, by hash). It must not run rules or read widgets.
//!
//! Everything from a widget is escaped ([`escape`]). Each widget's findings are rendered to HTML
//! once, when the widget arrives ([`fragment`]); the page is written at the end, since the
//! overview needs the totals. Up to [`INLINE_FINDINGS`] findings and [`INLINE_WIDGETS`] widgets,
//! the table's rows and every widget's findings are part of the page itself and read without
//! JavaScript. Beyond that, building every row and finding up front would make the browser take
//! many seconds to open the page, so the rows go into an inert `application/json` island and the
//! findings into one inert `<script type="text/x-amolint-findings">` block: the page's script draws
//! 500 rows at a time and copies a widget's findings into its row when it opens (10,000 widgets
//! with 50,000 findings: about 23 MB, open in about a second). The script also sorts, filters, and
//! adds each finding's link to its rule's page (kept once, in the rule's section, rather than in
//! every finding).

mod charts;
mod escape;
mod fragment;

use crate::{Renderer, Summary, thousands};
use amolint_core::WidgetReport;
use amolint_core::diagnostic::Diagnostic;
use amolint_core::platform::Platform;
use amolint_core::rule::RuleMeta;
use amolint_core::severity::Severity;
use base64::Engine as _;
use charts::Bar;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Up to this many findings and [`INLINE_WIDGETS`] widgets, the table and every widget's findings
/// are part of the page's markup.
pub const INLINE_FINDINGS: usize = 5_000;
pub const INLINE_WIDGETS: usize = 2_000;
/// Rules in the overview's bar chart.
const TOP_RULES: usize = 20;
/// Widgets in the overview's list of the worst.
const WORST_WIDGETS: usize = 10;
/// Widgets listed under each rule; the table's rule filter shows them all.
const RULE_WIDGETS: usize = 500;

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

pub struct HtmlRenderer {
    rules: HashMap<&'static str, &'static RuleMeta>,
    baseline: bool,
    widgets: Vec<Row>,
    fired: BTreeMap<String, Fired>,
    packs: BTreeMap<String, [usize; 3]>,
    /// Known findings of the widget about to arrive (see [`Renderer::baseline_known`]).
    pending_known: usize,
    known: [usize; 3],
    findings: usize,
    /// The folder every widget path starts with (`widgets/`), shown once instead of on every row.
    prefix: usize,
}

/// What the page keeps of one widget.
struct Row {
    path: String,
    kind: &'static str,
    platform: Platform,
    counts: [usize; 3],
    known: usize,
    /// Codes of the rules that fired, sorted, and their packs.
    rules: BTreeSet<String>,
    packs: BTreeSet<String>,
    fragment: String,
}

/// A rule that fired somewhere in the run.
#[derive(Default)]
struct Fired {
    name: String,
    pack: String,
    counts: [usize; 3],
    known: usize,
    /// Widget indices with the number of findings in each, in run order.
    widgets: Vec<(usize, usize)>,
}

impl HtmlRenderer {
    /// `rules`: the metadata of the rules that may fire (for names, descriptions and
    /// documentation links); `baseline`: whether the run applies a baseline, so that the
    /// overview shows new versus known findings.
    pub fn new(rules: Vec<&'static RuleMeta>, baseline: bool) -> Self {
        HtmlRenderer {
            rules: rules.into_iter().map(|m| (m.code, m)).collect(),
            baseline,
            widgets: Vec::new(),
            fired: BTreeMap::new(),
            packs: BTreeMap::new(),
            pending_known: 0,
            known: [0; 3],
            findings: 0,
            prefix: 0,
        }
    }

    fn fired(&mut self, d: &Diagnostic) -> &mut Fired {
        self.fired.entry(d.code.clone()).or_insert_with(|| Fired {
            name: d.name.clone(),
            pack: d.pack.clone(),
            ..Fired::default()
        })
    }
}

fn index(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

impl Renderer for HtmlRenderer {
    fn widget(&mut self, _out: &mut dyn Write, report: WidgetReport) -> io::Result<()> {
        let at = self.widgets.len();
        let mut counts = [0; 3];
        let mut rules = BTreeSet::new();
        let mut packs = BTreeSet::new();
        for d in &report.diagnostics {
            let k = index(d.severity);
            counts[k] += 1;
            self.packs.entry(d.pack.clone()).or_default()[k] += 1;
            let fired = self.fired(d);
            fired.counts[k] += 1;
            match fired.widgets.last_mut() {
                Some((w, n)) if *w == at => *n += 1,
                _ => fired.widgets.push((at, 1)),
            }
            rules.insert(d.code.clone());
            packs.insert(d.pack.clone());
        }
        self.findings += report.diagnostics.len();
        let mut fragment = String::new();
        fragment::widget(&mut fragment, &report);
        self.widgets.push(Row {
            path: report.path,
            kind: report.kind.as_str(),
            platform: report.platform,
            counts,
            known: std::mem::take(&mut self.pending_known),
            rules,
            packs,
            fragment,
        });
        Ok(())
    }

    fn baseline_known(&mut self, known: &[Diagnostic]) {
        self.pending_known = known.len();
        for d in known {
            self.known[index(d.severity)] += 1;
            self.fired(d).known += 1;
        }
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        self.prefix = common_folder(self.widgets.iter().map(|w| w.path.as_str()));
        self.write_page(out, summary)
    }
}

impl HtmlRenderer {
    /// A widget's path as the page shows it: without the folder all of them share.
    fn shown(&self, w: &Row) -> String {
        escape::escaped(w.path.get(self.prefix..).unwrap_or(&w.path))
    }

    /// A link that opens widget `i`'s row.
    fn link(&self, i: usize) -> String {
        format!("<a href=\"#w-{i}\">{}</a>", self.shown(&self.widgets[i]))
    }

    /// Writes the page. The parts before the findings block are built as text (small); a large
    /// report's findings go from the kept fragments straight to `out`, so the page is never held
    /// twice.
    fn write_page(&self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let inline = self.findings <= INLINE_FINDINGS && self.widgets.len() <= INLINE_WIDGETS;
        let mut page = String::with_capacity(64 * 1024);
        let _ = write!(
            page,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '{}'; script-src '{}'; base-uri 'none'; form-action 'none'\"><meta name=\"referrer\" content=\"no-referrer\"><meta name=\"color-scheme\" content=\"light dark\"><meta name=\"generator\" content=\"amolint {}\"><title>amolint report: {} widget{}, {} error{}</title><style>{CSS}</style></head>\n",
            csp_hash(CSS),
            csp_hash(JS),
            env!("CARGO_PKG_VERSION"),
            summary.widgets,
            plural(summary.widgets),
            summary.errors,
            plural(summary.errors),
        );
        self.header(&mut page, summary);
        page.push_str("<main>");
        self.overview(&mut page, summary);
        self.table(&mut page, inline);
        self.rules_section(&mut page);
        page.push_str("</main>");
        let _ = write!(
            page,
            "<footer>Made by amolint {} from {} widget{}. This file is self-contained: it loads nothing from anywhere.</footer>",
            env!("CARGO_PKG_VERSION"),
            summary.widgets,
            plural(summary.widgets)
        );
        out.write_all(page.as_bytes())?;
        if !inline {
            // Inert: a script element of a type no browser runs. Widget text in the fragments is
            // escaped, so no `<` of a widget's can end the element early; the page's own markup
            // in them never writes `</script` or `<!--`.
            out.write_all(b"<script type=\"text/x-amolint-findings\" id=\"findings\">")?;
            for w in &self.widgets {
                out.write_all(b"<w>")?;
                out.write_all(w.fragment.as_bytes())?;
            }
            out.write_all(b"</script>")?;
        }
        writeln!(out, "<script>{JS}</script></body></html>")
    }

    fn header(&self, out: &mut String, summary: &Summary) {
        let with_errors = self.widgets.iter().filter(|w| w.counts[0] > 0).count();
        let verdict = if summary.widgets == 0 {
            "No widgets were checked".to_string()
        } else if with_errors == 0 {
            format!(
                "No errors in {} widget{}",
                summary.widgets,
                plural(summary.widgets)
            )
        } else {
            format!(
                "{with_errors} of {} widget{} {} errors",
                summary.widgets,
                plural(summary.widgets),
                if with_errors == 1 { "has" } else { "have" }
            )
        };
        let within = match self.widgets.first() {
            Some(w) if self.prefix > 0 => format!(
                " in <code id=\"root\">{}</code>",
                escape::escaped(&w.path[..self.prefix])
            ),
            _ => String::new(),
        };
        let _ = write!(
            out,
            "<body><header class=\"top\"><div class=\"brand\">amolint <span>report</span></div><nav><a href=\"#overview\">Overview</a><a href=\"#widgets\">Widgets</a><a href=\"#rules\">Rules</a></nav></header><div class=\"hero\"><h1 id=\"verdict\">{}</h1><p class=\"sub\">{}{within}</p></div>",
            escape::escaped(&verdict),
            escape::escaped(&crate::summary_line(summary)),
        );
    }

    fn overview(&self, out: &mut String, summary: &Summary) {
        let clean = self.widgets.iter().filter(|w| w.counts[0] == 0).count();
        let widgets_with = |k: usize| self.widgets.iter().filter(|w| w.counts[k] > 0).count();
        out.push_str(
            "<section id=\"overview\"><h2 class=\"sr\">Overview</h2><div class=\"cards\">",
        );
        let cards = [
            (
                "widgets",
                "",
                "Widgets checked",
                summary.widgets,
                String::new(),
            ),
            (
                "errors",
                "e",
                "Errors",
                summary.errors,
                format!("in {} widget{}", widgets_with(0), plural(widgets_with(0))),
            ),
            (
                "warnings",
                "w",
                "Warnings",
                summary.warnings,
                format!("in {} widget{}", widgets_with(1), plural(widgets_with(1))),
            ),
            (
                "infos",
                "i",
                "Infos",
                summary.infos,
                format!("in {} widget{}", widgets_with(2), plural(widgets_with(2))),
            ),
            (
                "clean",
                "ok",
                "Widgets with no error",
                clean,
                format!("{}% of the widgets", percent(clean, summary.widgets)),
            ),
        ];
        for (id, class, label, n, note) in cards {
            let _ = write!(
                out,
                "<div class=\"card {class}\"><div class=\"n\" id=\"count-{id}\">{}</div><div class=\"l\">{label}</div><div class=\"note\">{}</div></div>",
                thousands(n),
                escape::escaped(&note)
            );
        }
        out.push_str("</div>");
        if self.baseline {
            let new = [summary.errors, summary.warnings, summary.infos];
            let _ = write!(
                out,
                "<div class=\"baseline\"><div><span class=\"n\" id=\"count-new\">{}</span> new finding{} <span class=\"dim\">({})</span></div><div><span class=\"n\" id=\"count-known\">{}</span> known from the baseline <span class=\"dim\">({}), not listed below</span></div></div>",
                new.iter().sum::<usize>(),
                plural(new.iter().sum()),
                charts::breakdown(new),
                self.known.iter().sum::<usize>(),
                charts::breakdown(self.known),
            );
        }
        out.push_str("<div class=\"grid\">");

        // The rules that fire most, each bar linked to its section.
        // With a baseline, a rule may have fired only on known findings: no bar for it.
        let mut top: Vec<(&String, &Fired)> = self
            .fired
            .iter()
            .filter(|(_, f)| total(f.counts) > 0)
            .collect();
        top.sort_by(|a, b| total(b.1.counts).cmp(&total(a.1.counts)).then(a.0.cmp(b.0)));
        out.push_str("<figure class=\"panel r7\"><figcaption>Findings by rule");
        if top.len() > TOP_RULES {
            let _ = write!(
                out,
                " <span class=\"dim\">(top {TOP_RULES} of {})</span>",
                top.len()
            );
        }
        out.push_str("</figcaption>");
        if top.is_empty() {
            out.push_str("<p class=\"none\">No findings.</p>");
        } else {
            let bars: Vec<Bar> = top
                .iter()
                .take(TOP_RULES)
                .map(|(code, f)| Bar {
                    label: format!("{code} {}", f.name),
                    counts: f.counts,
                    href: Some(format!("#{}", fragment::rule_id(code))),
                })
                .collect();
            charts::bars(out, "Findings by rule", &bars, 680.0, 240.0);
            legend(out);
        }
        out.push_str("</figure>");

        // The worst widgets.
        let mut worst: Vec<(usize, &Row)> = self
            .widgets
            .iter()
            .enumerate()
            .filter(|(_, w)| total(w.counts) > 0)
            .collect();
        worst.sort_by(|a, b| b.1.counts.cmp(&a.1.counts).then(a.0.cmp(&b.0)));
        out.push_str(
            "<figure class=\"panel r5\"><figcaption>Widgets with the most errors</figcaption>",
        );
        if worst.is_empty() {
            out.push_str("<p class=\"none\">No widget has findings.</p>");
        } else {
            out.push_str("<table class=\"worst\"><thead><tr><th>Widget</th><th class=\"num\">Errors</th><th class=\"num\">Warnings</th><th class=\"num\">Infos</th></tr></thead><tbody>");
            for (i, w) in worst.iter().take(WORST_WIDGETS) {
                let _ = write!(
                    out,
                    "<tr><td class=\"path\">{}</td>{}</tr>",
                    self.link(*i),
                    counts(w.counts),
                );
            }
            out.push_str("</tbody></table>");
        }
        out.push_str("</figure>");

        // Widgets by number of errors.
        let buckets: [(&str, usize, usize); 8] = [
            ("0", 0, 0),
            ("1", 1, 1),
            ("2", 2, 2),
            ("3", 3, 3),
            ("4–5", 4, 5),
            ("6–10", 6, 10),
            ("11–20", 11, 20),
            ("> 20", 21, usize::MAX),
        ];
        let columns: Vec<(String, usize, &str)> = buckets
            .iter()
            .map(|&(label, lo, hi)| {
                let n = self
                    .widgets
                    .iter()
                    .filter(|w| (lo..=hi).contains(&w.counts[0]))
                    .count();
                (label.to_string(), n, if lo == 0 { "bok" } else { "be" })
            })
            .collect();
        out.push_str(
            "<figure class=\"panel r4\"><figcaption>Widgets by number of errors</figcaption>",
        );
        charts::columns(out, "Widgets by number of errors", &columns, 380.0);
        out.push_str("</figure>");

        // Findings by pack.
        let mut packs: Vec<(&String, &[usize; 3])> = self.packs.iter().collect();
        packs.sort_by(|a, b| total(*b.1).cmp(&total(*a.1)).then(a.0.cmp(b.0)));
        out.push_str("<figure class=\"panel r4\"><figcaption>Findings by pack</figcaption>");
        if packs.is_empty() {
            out.push_str("<p class=\"none\">No findings.</p>");
        } else {
            let bars: Vec<Bar> = packs
                .iter()
                .map(|(pack, counts)| Bar {
                    label: pack.to_string(),
                    counts: **counts,
                    href: None,
                })
                .collect();
            charts::bars(out, "Findings by pack", &bars, 380.0, 110.0);
        }
        out.push_str("</figure>");

        // Platforms and kinds.
        let count = |f: &dyn Fn(&Row) -> bool| self.widgets.iter().filter(|w| f(w)).count();
        out.push_str("<figure class=\"panel r4\"><figcaption>Platforms</figcaption>");
        charts::split(
            out,
            "Widgets by platform",
            &[
                (
                    "amoCRM".to_string(),
                    count(&|w| w.platform == Platform::Amocrm),
                    "pa",
                ),
                (
                    "Kommo".to_string(),
                    count(&|w| w.platform == Platform::Kommo),
                    "pk",
                ),
            ],
            380.0,
        );
        out.push_str("<figcaption class=\"second\">Kinds</figcaption>");
        charts::split(
            out,
            "Widgets by kind",
            &[
                (
                    "folders".to_string(),
                    count(&|w| w.kind == "directory"),
                    "pa",
                ),
                ("zips".to_string(), count(&|w| w.kind == "zip"), "pk"),
            ],
            380.0,
        );
        out.push_str("</figure></div></section>");
    }

    fn table(&self, out: &mut String, inline: bool) {
        let _ = write!(
            out,
            "<section id=\"widgets\"><h2>Widgets <span class=\"dim\">{}</span></h2>",
            self.widgets.len()
        );
        // The controls work only with the script; the stylesheet hides them without it.
        out.push_str("<div class=\"filters\" id=\"filters\"><input type=\"search\" id=\"f-text\" placeholder=\"Filter by path or finding text\" aria-label=\"Filter by text\"><select id=\"f-sev\" aria-label=\"Filter by severity\"><option value=\"\">Any severity</option><option value=\"e\">With errors</option><option value=\"w\">With warnings</option><option value=\"i\">With infos</option><option value=\"none\">No findings</option></select><select id=\"f-rule\" aria-label=\"Filter by rule\"><option value=\"\">Any rule</option>");
        for (code, f) in &self.fired {
            let code = escape::escaped(code);
            let _ = write!(
                out,
                "<option value=\"{code}\">{code} {}</option>",
                escape::escaped(&f.name)
            );
        }
        out.push_str("</select><select id=\"f-pack\" aria-label=\"Filter by pack\"><option value=\"\">Any pack</option>");
        for pack in self.packs.keys() {
            let pack = escape::escaped(pack);
            let _ = write!(out, "<option value=\"{pack}\">{pack}</option>");
        }
        out.push_str("</select><span class=\"shown\" id=\"shown\"></span></div>");
        if !inline {
            let _ = write!(
                out,
                "<noscript><p class=\"notice\">This report holds {} widgets and {} findings: to open quickly, its table is drawn by the page's script, which is off. The overview and the rules still read; the JSON report (<code>--format json</code>) has everything.</p></noscript>",
                self.widgets.len(),
                self.findings
            );
        }
        out.push_str("<table class=\"widgets\" id=\"wt\"><thead><tr>");
        let columns = [
            ("path", "Widget", ""),
            ("kind", "Kind", ""),
            ("platform", "Platform", ""),
            ("e", "Errors", "num"),
            ("w", "Warnings", "num"),
            ("i", "Infos", "num"),
        ];
        let known_column = self.baseline.then_some(("k", "Known", "num"));
        for (key, label, class) in columns.iter().chain(known_column.iter()) {
            let _ = write!(
                out,
                "<th class=\"{class}\" data-key=\"{key}\"><button type=\"button\">{label}</button></th>"
            );
        }
        out.push_str("</tr></thead>");
        if !inline {
            out.push_str("</table>");
            self.rows_island(out);
            out.push_str("</section>");
            return;
        }
        let span = 6 + usize::from(self.baseline);
        for (i, w) in self.widgets.iter().enumerate() {
            let sev: String = ["e", "w", "i"]
                .iter()
                .zip(w.counts)
                .filter(|(_, n)| *n > 0)
                .map(|(c, _)| *c)
                .collect();
            let _ = write!(
                out,
                "<tbody class=\"w\" id=\"w-{i}\" data-sev=\"{sev}\" data-rules=\" {} \" data-packs=\" {} \"><tr class=\"row {}\"><td class=\"path\">{}</td><td>{}</td><td>{}</td>{}",
                escape::escaped(&join(&w.rules)),
                escape::escaped(&join(&w.packs)),
                worst_class(w.counts),
                self.link(i),
                w.kind,
                w.platform,
                counts(w.counts),
            );
            if self.baseline {
                let _ = write!(out, "<td class=\"num k\">{}</td>", w.known);
            }
            out.push_str("</tr>");
            let _ = write!(
                out,
                "<tr class=\"detail\"><td colspan=\"{span}\">{}</td></tr></tbody>",
                w.fragment
            );
        }
        out.push_str("</table></section>");
    }

    /// A large report's rows as data for the script, which draws them a page at a time:
    /// `{"rules": [codes], "packs": [names], "rows": [[path, kind, platform, errors, warnings,
    /// infos, known, [rule indices], [pack indices]], …]}`. Inert (`application/json`), and with
    /// every `<` written as `\u003c`, so that no widget text can end the element.
    fn rows_island(&self, out: &mut String) {
        let codes: Vec<&String> = self.fired.keys().collect();
        let packs: Vec<&String> = self.packs.keys().collect();
        let position = |list: &[&String], item: &String| list.binary_search(&item).ok();
        let rows: Vec<serde_json::Value> = self
            .widgets
            .iter()
            .map(|w| {
                serde_json::json!([
                    w.path.get(self.prefix..).unwrap_or(&w.path),
                    w.kind,
                    w.platform.as_str(),
                    w.counts[0],
                    w.counts[1],
                    w.counts[2],
                    w.known,
                    w.rules
                        .iter()
                        .filter_map(|r| position(&codes, r))
                        .collect::<Vec<_>>(),
                    w.packs
                        .iter()
                        .filter_map(|p| position(&packs, p))
                        .collect::<Vec<_>>(),
                ])
            })
            .collect();
        let data = serde_json::json!({"rules": codes, "packs": packs, "rows": rows});
        out.push_str("<script type=\"application/json\" id=\"rows\">");
        out.push_str(&data.to_string().replace('<', "\\u003c"));
        out.push_str("</script>");
    }

    fn rules_section(&self, out: &mut String) {
        out.push_str("<section id=\"rules\"><h2>Rules that fired</h2>");
        if self.fired.is_empty() {
            out.push_str("<p class=\"none\">No rule fired.</p>");
        }
        let mut order: Vec<(&String, &Fired)> = self.fired.iter().collect();
        order.sort_by(|a, b| total(b.1.counts).cmp(&total(a.1.counts)).then(a.0.cmp(b.0)));
        for (code, f) in order {
            let meta = self.rules.get(code.as_str()).copied();
            let ecode = escape::escaped(code);
            let _ = write!(
                out,
                "<article class=\"rule\" id=\"{}\"><h3><code>{ecode}</code> {} <span class=\"pack\">{}</span></h3><p class=\"counts\">{} in {} widget{}",
                fragment::rule_id(code),
                escape::escaped(&f.name),
                escape::escaped(&f.pack),
                escape::escaped(&charts::breakdown(f.counts)),
                f.widgets.len(),
                plural(f.widgets.len()),
            );
            if self.baseline {
                let _ = write!(out, "; {} known from the baseline", f.known);
            }
            out.push_str("</p>");
            match meta {
                Some(m) => {
                    let _ = write!(out, "<p class=\"summary\">{}</p>", escape::escaped(m.summary));
                    if !m.docs.what.is_empty() && m.docs.what != m.summary {
                        let _ = write!(out, "<p>{}</p>", escape::escaped(m.docs.what));
                    }
                    if !m.docs.fix.is_empty() {
                        let _ = write!(
                            out,
                            "<p><strong>Fix:</strong> {}</p>",
                            escape::escaped(m.docs.fix)
                        );
                    }
                    if let Some(url) = m.doc_url() {
                        let _ = write!(
                            out,
                            "<p><a class=\"doc\" rel=\"noopener noreferrer\" target=\"_blank\" href=\"{}\">{ecode} documentation</a></p>",
                            escape::escaped(&url)
                        );
                    }
                }
                None => out.push_str(
                    "<p class=\"summary\">Not a rule: amolint could not check all of these widgets. The message says what stopped it.</p>",
                ),
            }
            let _ = write!(
                out,
                "<details class=\"fired\"{}><summary>Fired on {} widget{}</summary><button type=\"button\" class=\"show\" data-rule=\"{ecode}\">Show them in the widgets table</button><ul>",
                if f.widgets.len() <= 20 { " open" } else { "" },
                f.widgets.len(),
                plural(f.widgets.len()),
            );
            for &(i, n) in f.widgets.iter().take(RULE_WIDGETS) {
                let _ = write!(
                    out,
                    "<li>{} <span class=\"dim\">{n}</span></li>",
                    self.link(i)
                );
            }
            if f.widgets.len() > RULE_WIDGETS {
                let _ = write!(
                    out,
                    "<li class=\"dim\">and {} more</li>",
                    f.widgets.len() - RULE_WIDGETS
                );
            }
            out.push_str("</ul></details></article>");
        }
        out.push_str("</section>");
    }
}

fn legend(out: &mut String) {
    out.push_str("<p class=\"legend\"><span class=\"k e\"></span>errors <span class=\"k w\"></span>warnings <span class=\"k i\"></span>infos</p>");
}

/// The three count cells of a row; zeros are dimmed.
fn counts(counts: [usize; 3]) -> String {
    let mut out = String::new();
    for (class, n) in ["e", "w", "i"].iter().zip(counts) {
        let zero = if n == 0 { " z" } else { "" };
        let _ = write!(out, "<td class=\"num {class}{zero}\">{n}</td>");
    }
    out
}

/// The length of the folder prefix (up to and including a `/`) that every path starts with and
/// none ends at; 0 when they share none or there is only one widget.
fn common_folder<'a>(mut paths: impl Iterator<Item = &'a str>) -> usize {
    let Some(first) = paths.next() else {
        return 0;
    };
    let mut len = first.rfind('/').map_or(0, |i| i + 1);
    let mut many = false;
    for path in paths {
        many = true;
        let shared = first
            .bytes()
            .zip(path.bytes())
            .take(len)
            .take_while(|(a, b)| a == b)
            .count();
        len = first[..shared].rfind('/').map_or(0, |i| i + 1);
        if len == 0 {
            break;
        }
    }
    if many { len } else { 0 }
}

fn worst_class(counts: [usize; 3]) -> &'static str {
    match counts {
        [e, _, _] if e > 0 => "e",
        [_, w, _] if w > 0 => "w",
        [_, _, i] if i > 0 => "i",
        _ => "ok",
    }
}

fn join(set: &BTreeSet<String>) -> String {
    set.iter().map(String::as_str).collect::<Vec<_>>().join(" ")
}

fn total(counts: [usize; 3]) -> usize {
    counts.iter().sum()
}

/// `part` of `whole` in whole percent, rounded.
fn percent(part: usize, whole: usize) -> usize {
    (part * 100 + whole / 2).checked_div(whole).unwrap_or(0)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A Content-Security-Policy source for an inline element's exact text.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_folder_is_cut_at_a_slash() {
        let cut = |paths: &[&str]| common_folder(paths.iter().copied());
        assert_eq!(cut(&["widgets/a", "widgets/ab/c"]), "widgets/".len());
        assert_eq!(cut(&["w/x1", "w/x2"]), 2);
        assert_eq!(cut(&["a/b", "c/d"]), 0);
        assert_eq!(cut(&["only/one"]), 0);
        assert_eq!(cut(&[]), 0);
    }
}
