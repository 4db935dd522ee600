//! `--shard K/N`: a deterministic split of the discovered widgets, so that a CI matrix of N jobs
//! audits a collection too big for one machine. A widget belongs to shard `hash(path) % N + 1`,
//! with a hash that is the same on every machine: shards are disjoint and together cover every
//! widget, whatever order or machine discovers them.

use crate::Target;
use amolint_core::hash::fnv1a;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: u64,
    pub total: u64,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a shard: expected K/N with 1 <= K <= N, e.g. 2/4");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let total: u64 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || total == 0 || index > total {
            return Err(bad());
        }
        Ok(Shard { index, total })
    }
}

impl Shard {
    pub fn contains(&self, target: &Target) -> bool {
        fnv1a(target.display.as_bytes()) % self.total == self.index - 1
    }

    pub fn select(&self, targets: Vec<Target>) -> Vec<Target> {
        targets.into_iter().filter(|t| self.contains(t)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use amolint_core::source::SourceKind;

    #[test]
    fn shards_are_disjoint_and_cover_everything() {
        let targets: Vec<Target> = (0..500)
            .map(|i| Target {
                display: format!("widgets/w{i}"),
                path: format!("widgets/w{i}").into(),
                kind: SourceKind::Directory,
            })
            .collect();
        for total in 1..=5u64 {
            let mut seen = vec![0; targets.len()];
            for index in 1..=total {
                let shard = Shard { index, total };
                for (i, t) in targets.iter().enumerate() {
                    if shard.contains(t) {
                        seen[i] += 1;
                    }
                }
                let size = targets.iter().filter(|t| shard.contains(t)).count();
                assert!(size > 0, "shard {index}/{total} is empty");
            }
            assert!(
                seen.iter().all(|&n| n == 1),
                "{total} shards do not partition"
            );
        }
    }

    #[test]
    fn parses_k_of_n() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, total: 4 }));
        for bad in ["0/4", "5/4", "4", "a/b", "1/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
