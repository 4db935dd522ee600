//! The overview's charts as inline SVG: horizontal bars split by severity (findings by rule, by
//! pack), a column histogram (widgets by number of errors) and one split bar (platforms, kinds).
//!
//! Owns the drawing only: it gets labels and counts and writes SVG markup, with colours from the
//! page's stylesheet (classes, so that dark mode and print restyle them). Hand-written because a
//! charting library would mean a script from elsewhere or a crate far larger than these few
//! shapes; coordinates are written with a fixed precision, so the bytes are deterministic.

use super::escape;
use std::fmt::Write as _;

const ROW: f64 = 22.0;
const BAR: f64 = 14.0;
const COUNT: f64 = 50.0;

/// One row of a bar chart: its label, its counts per severity (errors, warnings, infos) and the
/// page anchor it links to.
pub struct Bar {
    pub label: String,
    pub counts: [usize; 3],
    pub href: Option<String>,
}

const SEVERITY_CLASSES: [&str; 3] = ["e", "w", "i"];
const SEVERITY_WORDS: [(&str, &str); 3] = [
    ("error", "errors"),
    ("warning", "warnings"),
    ("info", "infos"),
];

/// Horizontal bars, one per row, each split into errors, warnings and infos; `width` is the
/// drawing's width in pixels, `label` the part of it the labels take.
pub fn bars(out: &mut String, title: &str, rows: &[Bar], width: f64, label: f64) {
    let max = rows
        .iter()
        .map(|r| r.counts.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let height = ROW * rows.len() as f64 + 4.0;
    open(out, title, width, height);
    let area = width - label - COUNT;
    for (i, row) in rows.iter().enumerate() {
        let y = 2.0 + ROW * i as f64;
        let total: usize = row.counts.iter().sum();
        if let Some(href) = &row.href {
            out.push_str("<a href=\"");
            escape::text(out, href);
            out.push_str("\">");
        }
        out.push_str("<g class=\"row\"><title>");
        escape::text(out, &row.label);
        out.push_str(": ");
        out.push_str(&breakdown(row.counts));
        out.push_str("</title>");
        let _ = write!(
            out,
            "<rect class=\"hit\" x=\"0\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{ROW:.1}\"/><text class=\"lb\" x=\"{:.1}\" y=\"{:.1}\">",
            label - 8.0,
            y + ROW / 2.0 + 4.0
        );
        escape::text(out, &ellipsis(&row.label, (label / 7.0) as usize));
        out.push_str("</text>");
        let mut x = label;
        for (k, &n) in row.counts.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let w = (n as f64 / max as f64 * area).max(1.5);
            let _ = write!(
                out,
                "<rect class=\"b{}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{BAR:.1}\" rx=\"2\"/>",
                SEVERITY_CLASSES[k],
                y + (ROW - BAR) / 2.0
            );
            x += w;
        }
        let _ = write!(
            out,
            "<text class=\"ct\" x=\"{:.1}\" y=\"{:.1}\">{total}</text></g>",
            x + 6.0,
            y + ROW / 2.0 + 4.0
        );
        if row.href.is_some() {
            out.push_str("</a>");
        }
    }
    out.push_str("</svg>");
}

/// Columns over labelled buckets, each with its colour class.
pub fn columns(out: &mut String, title: &str, buckets: &[(String, usize, &str)], width: f64) {
    let height = 180.0;
    let (top, bottom) = (22.0, 30.0);
    let max = buckets.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    open(out, title, width, height);
    let slot = width / buckets.len().max(1) as f64;
    let plot = height - top - bottom;
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"0\" y1=\"{:.1}\" x2=\"{width:.1}\" y2=\"{:.1}\"/>",
        height - bottom,
        height - bottom
    );
    for (i, (label, n, class)) in buckets.iter().enumerate() {
        let h = if *n == 0 {
            0.0
        } else {
            (*n as f64 / max as f64 * plot).max(2.0)
        };
        let x = slot * i as f64;
        let _ = write!(
            out,
            "<g><title>{}: {n} widget{}</title><rect class=\"{class}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" rx=\"2\"/><text class=\"ct mid\" x=\"{:.1}\" y=\"{:.1}\">{n}</text><text class=\"lb mid\" x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            escape::escaped(label),
            if *n == 1 { "" } else { "s" },
            x + slot * 0.15,
            height - bottom - h,
            slot * 0.7,
            x + slot / 2.0,
            height - bottom - h - 6.0,
            x + slot / 2.0,
            height - bottom + 18.0,
            escape::escaped(label),
        );
    }
    out.push_str("</svg>");
}

/// One bar split into labelled parts, with a legend under it.
pub fn split(out: &mut String, title: &str, parts: &[(String, usize, &str)], width: f64) {
    let total: usize = parts.iter().map(|p| p.1).sum();
    let height = 58.0;
    open(out, title, width, height);
    let mut x = 0.0;
    for (label, n, class) in parts {
        if *n == 0 {
            continue;
        }
        let w = *n as f64 / total.max(1) as f64 * width;
        let _ = write!(
            out,
            "<rect class=\"{class}\" x=\"{x:.1}\" y=\"4\" width=\"{w:.1}\" height=\"20\"><title>{}: {n}</title></rect>",
            escape::escaped(label)
        );
        x += w;
    }
    let mut lx = 0.0;
    for (label, n, class) in parts {
        let share = super::percent(*n, total);
        let text = format!("{label} {n} ({share}%)");
        let _ = write!(
            out,
            "<rect class=\"{class}\" x=\"{lx:.1}\" y=\"38\" width=\"12\" height=\"12\" rx=\"2\"/><text class=\"lb start\" x=\"{:.1}\" y=\"48\">{}</text>",
            lx + 18.0,
            escape::escaped(&text)
        );
        lx += 40.0 + 7.0 * text.chars().count() as f64;
    }
    out.push_str("</svg>");
}

/// Opens the drawing at its natural size in pixels; the stylesheet lets it shrink to fit.
fn open(out: &mut String, title: &str, width: f64, height: f64) {
    let _ = write!(
        out,
        "<svg class=\"chart\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"{}\">",
        escape::escaped(title)
    );
}

/// `3 errors, 1 warning`.
pub fn breakdown(counts: [usize; 3]) -> String {
    let parts: Vec<String> = counts
        .iter()
        .zip(SEVERITY_WORDS)
        .filter(|(n, _)| **n > 0)
        .map(|(&n, (one, many))| format!("{n} {}", if n == 1 { one } else { many }))
        .collect();
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}

/// At most `max` characters, the cut marked with `…`.
fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut cut: String = s.chars().take(max - 1).collect();
        cut.push('…');
        cut
    }
}
