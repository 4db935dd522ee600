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
