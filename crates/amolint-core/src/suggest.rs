//! "Did you mean" suggestions, shared by configuration errors and the rules that flag unknown
//! keys, locations and types.

/// The candidate closest to `input`, when one is close enough to be a plausible typo: a
/// case-insensitive match, or a normalised Damerau-Levenshtein similarity of at least 0.7, or one
/// containing the other (`advancedSettings` → `advanced_settings`).
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = fold(input);
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        if candidate == input {
            continue;
        }
        let score = if fold(candidate) == folded {
            1.0
        } else {
            strsim::normalized_damerau_levenshtein(&folded, &fold(candidate))
        };
        if score >= 0.7 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Lower case without `_` and `-`, so that `bindActions`, `bind_actions` and `bind-actions` meet.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn finds_typos_and_case_variants() {
        let locations = ["everywhere", "advanced_settings", "lcard", "settings"];
        assert_eq!(nearest("everywere", locations), Some("everywhere"));
        assert_eq!(
            nearest("advancedSettings", locations),
            Some("advanced_settings")
        );
        assert_eq!(nearest("xyz", locations), None);
        assert_eq!(nearest("settings", locations), None);
    }
}
