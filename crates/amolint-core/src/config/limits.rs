//! The safety limits of a run, set as ARC008's options: [`Config::limits`] is the one mapping
//! from those options to the source's archive [`Limits`] and the widget's [`ParseLimits`]. The
//! reader applies what it returns, ARC008 reports against the limits its source was opened with,
//! and the documented defaults are the defaults' constants.
//!
//! The limits hold for the whole run: they guard the reading of a widget, before anything in it
//! is judged. So ARC008's options are accepted in `[rules]` only; in `[[overrides]]` they are a
//! configuration error, since a path glob must not lift the protection for some widgets while
//! ARC008's messages quote other numbers.

use super::Config;
use crate::source::Limits;
use crate::widget::ParseLimits;

/// The rule whose options are the safety limits.
pub(super) const LIMITS_RULE: &str = "ARC008";

impl Config {
    /// The archive and parse limits: ARC008's options from `[rules]`, else the defaults.
    pub fn limits(&self) -> (Limits, ParseLimits) {
        let options = self.limit_options.as_ref();
        let get = |name: &str| {
            options?
                .get(name)?
                .as_integer()
                .and_then(|n| u64::try_from(n).ok())
        };
        let count = |name: &str, default: usize| {
            get(name).map_or(default, |n| usize::try_from(n).unwrap_or(usize::MAX))
        };
        let defaults = Limits::DEFAULT;
        let parse = ParseLimits::DEFAULT;
        (
            Limits {
                max_entries: count("max-entries", defaults.max_entries),
                max_total_bytes: get("max-total-bytes").unwrap_or(defaults.max_total_bytes),
                max_entry_bytes: get("max-entry-bytes").unwrap_or(defaults.max_entry_bytes),
                max_ratio: get("max-ratio").unwrap_or(defaults.max_ratio),
            },
            ParseLimits {
                max_file_bytes: get("max-file-bytes").unwrap_or(parse.max_file_bytes),
                max_json_depth: count("max-json-depth", parse.max_json_depth),
                max_json_values: count("max-json-values", parse.max_json_values),
                max_script_bytes: get("max-script-bytes").unwrap_or(parse.max_script_bytes),
                max_script_nesting: count("max-script-nesting", parse.max_script_nesting),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: &str, value: i64) -> (Limits, ParseLimits) {
        let mut options = toml::Table::new();
        options.insert(name.to_string(), toml::Value::Integer(value));
        Config {
            limit_options: Some(options),
            ..Config::default()
        }
        .limits()
    }

    #[test]
    fn without_options_the_limits_are_the_defaults() {
        assert_eq!(
            Config::default().limits(),
            (Limits::DEFAULT, ParseLimits::DEFAULT)
        );
    }

    #[test]
    fn each_option_sets_its_own_limit_and_no_other() {
        let (limits, parse) = (Limits::DEFAULT, ParseLimits::DEFAULT);
        let cases: [(&str, (Limits, ParseLimits)); 9] = [
            (
                "max-entries",
                (
                    Limits {
                        max_entries: 7,
                        ..limits
                    },
                    parse,
                ),
            ),
            (
                "max-total-bytes",
                (
                    Limits {
                        max_total_bytes: 7,
                        ..limits
                    },
                    parse,
                ),
            ),
            (
                "max-entry-bytes",
                (
                    Limits {
                        max_entry_bytes: 7,
                        ..limits
                    },
                    parse,
                ),
            ),
            (
                "max-ratio",
                (
                    Limits {
                        max_ratio: 7,
                        ..limits
                    },
                    parse,
                ),
            ),
            (
                "max-file-bytes",
                (
                    limits,
                    ParseLimits {
                        max_file_bytes: 7,
                        ..parse
                    },
                ),
            ),
            (
                "max-json-depth",
                (
                    limits,
                    ParseLimits {
                        max_json_depth: 7,
                        ..parse
                    },
                ),
            ),
            (
                "max-json-values",
                (
                    limits,
                    ParseLimits {
                        max_json_values: 7,
                        ..parse
                    },
                ),
            ),
            (
                "max-script-bytes",
                (
                    limits,
                    ParseLimits {
                        max_script_bytes: 7,
                        ..parse
                    },
                ),
            ),
            (
                "max-script-nesting",
                (
                    limits,
                    ParseLimits {
                        max_script_nesting: 7,
                        ..parse
                    },
                ),
            ),
        ];
        for (name, expected) in cases {
            assert_eq!(with(name, 7), expected, "{name}");
        }
        assert_eq!(with("max-anything", 7), (limits, parse));
    }
}
