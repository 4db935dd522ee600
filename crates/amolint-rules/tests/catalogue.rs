//! The registry against the rule catalogue: codes, names, packs and default severities are public
//! API and must match `tests/data/catalogue.tsv` exactly; every rule carries every part of its
//! documentation, and every source it cites resolves to a title and an address.

use amolint_core::severity::Severity;
use std::collections::BTreeMap;

fn severity(text: &str) -> Option<Severity> {
    match text {
        "-" => None,
        other => Some(other.parse().expect("severity in catalogue.tsv")),
    }
}

#[test]
fn the_registry_matches_the_catalogue() {
    let catalogue: BTreeMap<String, (String, String, Option<Severity>, Option<Severity>)> =
        include_str!("data/catalogue.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (
                    f[0].to_string(),
                    (
                        f[1].to_string(),
                        f[2].to_string(),
                        severity(f[3]),
                        severity(f[4]),
                    ),
                )
            })
            .collect();
    let registry = amolint_rules::registry();
    let mut problems = Vec::new();
    let mut seen = BTreeMap::new();
    for rule in registry.rules() {
        let m = rule.meta();
        if seen.insert(m.code, m.name).is_some() {
            problems.push(format!("{} is registered twice", m.code));
        }
        match catalogue.get(m.code) {
            None => problems.push(format!("{} is not in the catalogue", m.code)),
            Some((name, pack, amocrm, kommo)) => {
                if m.name != name || m.pack != pack || m.amocrm != *amocrm || m.kommo != *kommo {
                    problems.push(format!(
                        "{}: registry has {} / {} / {:?} / {:?}, catalogue {name} / {pack} / {amocrm:?} / {kommo:?}",
                        m.code, m.name, m.pack, m.amocrm, m.kommo
                    ));
                }
            }
        }
    }
    for (code, (_, pack, _, _)) in &catalogue {
        if !seen.contains_key(code.as_str()) {
            problems.push(format!("{code} of pack `{pack}` is not registered"));
        }
    }
    assert_eq!(
        registry.pack_names(),
        amolint_core::rule::BUILTIN_PACKS,
        "pack order"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_has_complete_documentation() {
    let mut problems = Vec::new();
    for rule in amolint_rules::registry().rules() {
        let m = rule.meta();
        let d = &m.docs;
        for (part, text) in [
            ("summary", m.summary),
            ("what", d.what),
            ("why", d.why),
            ("bad example", d.bad),
            ("good example", d.good),
            ("fix", d.fix),
        ] {
            if text.trim().len() < 8 {
                problems.push(format!("{}: `{part}` is missing or too short", m.code));
            }
        }
        if d.bad == d.good {
            problems.push(format!(
                "{}: the bad and good examples are the same",
                m.code
            ));
        }
        if d.sources.is_empty() {
            problems.push(format!("{}: no sources", m.code));
        }
        if let Some(u) = d.uncertain
            && u.trim().is_empty()
        {
            problems.push(format!("{}: `uncertain` is empty", m.code));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_source_resolves_to_a_title_and_an_address() {
    use amolint_core::sources::{Citation, DECISIONS_PAGE, decision_anchor};
    let decisions_page = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(DECISIONS_PAGE);
    let decisions = std::fs::read_to_string(&decisions_page).expect("docs/decisions.md");
    let mut problems = Vec::new();
    for rule in amolint_rules::registry().rules() {
        let m = rule.meta();
        for id in m.docs.sources {
            match Citation::parse(id) {
                None => problems.push(format!(
                    "{}: `{id}` is neither a source of amolint_core::sources nor `decision N`",
                    m.code
                )),
                Some(Citation::Decision(n)) => {
                    if !decisions.contains(&format!("<a id=\"{}\"></a>", decision_anchor(n))) {
                        problems.push(format!(
                            "{}: decision {n} has no section in {DECISIONS_PAGE}",
                            m.code
                        ));
                    }
                }
                Some(Citation::Source(s)) => {
                    if s.url.is_none() && m.docs.sources.len() == 1 {
                        problems.push(format!("{}: its only source, {id}, has no address", m.code));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
