//! The `locations` entries as the LOC rules judge them: each string entry split into its area and
//! suffix, and whether it repeats an earlier entry.
//!
//! Shared by LOC001..LOC007 so that they agree on what an entry is: an entry whose area is unknown
//! is LOC001's alone, and an exact repeat is LOC004's alone (the other rules judge the first
//! occurrence only), which keeps one defect to one finding. Reports nothing itself.

use amolint_core::format::{AREAS, Area, split_location};
use amolint_core::json::Node;
use amolint_core::manifest::Manifest;
use amolint_core::suggest::nearest;

/// One string entry of `locations`.
pub struct LocEntry<'a> {
    pub index: usize,
    pub value: &'a str,
    pub node: &'a Node,
    /// `None` when the part before the suffix is no known area (LOC001).
    pub area: Option<&'static Area>,
    pub suffix: Option<&'a str>,
    /// Index of an earlier entry with exactly the same text (LOC004).
    pub repeats: Option<usize>,
}

impl LocEntry<'_> {
    pub fn pointer(&self) -> String {
        format!("/locations/{}", self.index)
    }

    /// The area the entry names, or for an unknown one the area of its likely correction
    /// (`Settings` → settings), so that rules needing an area do not add a second finding to
    /// LOC001's typo.
    pub fn intended_area(&self) -> Option<&'static Area> {
        self.area.or_else(|| {
            let suggestion = suggest_entry(self.value)?;
            Area::find(split_location(&suggestion).0)
        })
    }

    /// A first occurrence with a known area: what LOC002, LOC003, LOC005..LOC007 judge.
    pub fn judged(&self) -> Option<&'static Area> {
        if self.repeats.is_some() {
            return None;
        }
        self.area
    }
}

/// The string entries of `locations` in order; other entries are MAN003's and are left out.
pub fn entries(manifest: &Manifest) -> Vec<LocEntry<'_>> {
    let located = manifest.locations();
    let mut out: Vec<LocEntry<'_>> = Vec::with_capacity(located.len());
    for (index, l) in located {
        let (area, suffix) = split_location(l.value);
        let area = Area::find(area);
        let repeats = out.iter().find(|e| e.value == l.value).map(|e| e.index);
        out.push(LocEntry {
            index,
            value: l.value,
            node: l.node,
            area,
            suffix: area.and(suffix),
            repeats,
        });
    }
    out
}

/// The valid entry closest to an unknown one: `everywere` → `everywhere`, `advancedSettings` →
/// `advanced_settings`, `lcard_1` → `lcard-1`, ` settings ` → `settings`.
pub fn suggest_entry(entry: &str) -> Option<String> {
    let trimmed = entry.trim();
    let candidates = valid_entries();
    if trimmed != entry && candidates.iter().any(|c| c == trimmed) {
        return Some(trimmed.to_string());
    }
    nearest(trimmed, candidates.iter().map(String::as_str)).map(str::to_string)
}

/// Every entry the platforms document: each area, and card and list areas with `-0`/`-1`.
pub fn valid_entries() -> Vec<String> {
    let mut out = Vec::new();
    for area in &AREAS {
        out.push(area.code.to_string());
        if area.takes_suffix {
            out.push(format!("{}-0", area.code));
            out.push(format!("{}-1", area.code));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::suggest_entry;

    #[test]
    fn suggests_the_intended_entry() {
        assert_eq!(suggest_entry("everywere").as_deref(), Some("everywhere"));
        assert_eq!(
            suggest_entry("advancedSettings").as_deref(),
            Some("advanced_settings")
        );
        assert_eq!(suggest_entry("lcard_1").as_deref(), Some("lcard-1"));
        assert_eq!(suggest_entry("LCARD-0").as_deref(), Some("lcard-0"));
        assert_eq!(suggest_entry(" settings").as_deref(), Some("settings"));
        assert_eq!(
            suggest_entry("advanced-settings").as_deref(),
            Some("advanced_settings")
        );
        assert_eq!(suggest_entry("quux"), None);
    }
}
