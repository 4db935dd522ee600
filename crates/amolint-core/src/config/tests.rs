//! Unit tests of the configuration's levels and of reading before resolving.

use super::*;

#[test]
fn a_setting_replaces_the_level_and_options_alone_turn_a_rule_on() {
    use RuleLevel::{Default, Fixed, Off};
    let warning = Some(Level::On(Severity::Warning));
    assert_eq!(Off.set(warning), Fixed(Severity::Warning));
    assert_eq!(Fixed(Severity::Error).set(Some(Level::Off)), Off);
    assert_eq!(Off.set(None), Default);
    assert_eq!(Fixed(Severity::Info).set(None), Fixed(Severity::Info));
    assert!(!Off.is_on() && Default.is_on());
    assert_eq!(Default.fixed(), None);
    assert_eq!(Fixed(Severity::Info).fixed(), Some(Severity::Info));
}

#[test]
fn the_raw_configuration_keeps_selectors_until_they_are_resolved() {
    let text = "platform = \"kommo\"\n\n[rules]\nNOPE001 = \"off\"\n";
    // Read without any rule known: nothing to judge the selector by yet.
    let raw = RawConfig::parse(text, "rules.toml").expect("well-formed");
    let error = raw
        .resolve(&Registry::new(Vec::new()))
        .expect_err("no such rule");
    assert_eq!(
        error.to_string(),
        "rules.toml:4:1: unknown rule `NOPE001`; `amolint rules` lists every code and name"
    );
    let fine = RawConfig::parse("platform = \"kommo\"\n", "rules.toml").expect("config");
    let config = fine.resolve(&Registry::new(Vec::new())).expect("resolves");
    assert_eq!(config.platform, PlatformChoice::Fixed(Platform::Kommo));
    assert_eq!(config.fallback_platform(), Platform::Kommo);
}

#[test]
fn pack_globs_are_read_and_the_lists_of_every_file_add_up() {
    let text = "[pack]\nexclude = [\"*.psd\", \"design\"]\ninclude = [\"docs/manual.pdf\"]\n";
    let config = Config::parse(text, "rules.toml", &Registry::new(Vec::new())).expect("config");
    assert_eq!(config.pack.exclude.patterns(), ["*.psd", "design"]);
    assert_eq!(config.pack.include.patterns(), ["docs/manual.pdf"]);
    assert_eq!(
        config.pack.exclude.matching("design/a.png"),
        Some(("design", "design"))
    );
    let empty = Config::parse("", "rules.toml", &Registry::new(Vec::new())).expect("config");
    assert!(empty.pack.exclude.is_empty() && empty.pack.include.is_empty());
}

#[test]
fn pack_errors_name_the_line_and_column_at_fault() {
    let cases = [
        (
            "[pack]\nexclde = [\"*.psd\"]\n",
            "rules.toml:2:1: unknown key `exclde` in [pack]; did you mean `exclude`?",
        ),
        (
            "[pack]\nexclude = [\"*.psd\", \"src/[a\"]\n",
            "rules.toml:2:21: invalid glob `src/[a`: unclosed character class; missing ']'",
        ),
        (
            "[pack]\ninclude = \"docs/**\"\n",
            "rules.toml:2:11: `include` must be an array of glob patterns, e.g. [\"*.psd\", \"docs/**\"]",
        ),
        (
            "[pack]\nexclude = [\"ok\", 3]\n",
            "rules.toml:2:18: expected a string, found integer",
        ),
        (
            "pack = 1\n",
            "rules.toml:1:8: `pack` must be a table, found integer",
        ),
        (
            "[pak]\n",
            "rules.toml:1:2: unknown key `pak` at the top level; did you mean `pack`?",
        ),
    ];
    for (text, expected) in cases {
        let error = Config::parse(text, "rules.toml", &Registry::new(Vec::new()))
            .expect_err("a configuration error");
        assert_eq!(error.to_string(), expected, "for {text:?}");
    }
}
