//! Platform profiles (amoCRM, Kommo) and their auto-detection from the manifest (decision 1 in
//! `docs/decisions.md`).

use crate::json::Node;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// The platform a widget is checked for. Severities and allowed values differ between the two.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Amocrm,
    Kommo,
}

impl Platform {
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Amocrm => "amocrm",
            Platform::Kommo => "kommo",
        }
    }

    /// The platform's name as its documentation and amolint's messages spell it.
    pub fn display_name(self) -> &'static str {
        match self {
            Platform::Amocrm => "amoCRM",
            Platform::Kommo => "Kommo",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the user asked for: a fixed platform, or detection from each widget's manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PlatformChoice {
    #[default]
    Auto,
    Fixed(Platform),
}

impl FromStr for PlatformChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(PlatformChoice::Auto),
            "amocrm" => Ok(PlatformChoice::Fixed(Platform::Amocrm)),
            "kommo" => Ok(PlatformChoice::Fixed(Platform::Kommo)),
            _ => Err(format!(
                "`{s}` is not a platform (expected amocrm, kommo or auto)"
            )),
        }
    }
}

impl PlatformChoice {
    /// The platform for one widget and the reason, as shown in every report.
    ///
    /// `manifest` is the parsed manifest root when it could be parsed. Decision 1: `ru` in
    /// `widget.locale` means amoCRM; else `tr` or `id`, or a `kommo.com` support link or e-mail,
    /// means Kommo; else an `amocrm.` support domain means amoCRM; else Kommo.
    pub fn resolve(self, manifest: Option<&Node>) -> (Platform, String) {
        if let PlatformChoice::Fixed(platform) = self {
            return (platform, "set by --platform or rules.toml".to_string());
        }
        let widget = manifest.and_then(|m| m.get("widget"));
        let locales: Vec<&str> = widget
            .and_then(|w| w.get("locale"))
            .and_then(Node::as_array)
            .map(|items| items.iter().filter_map(Node::as_str).collect())
            .unwrap_or_default();
        if locales.contains(&"ru") {
            return (Platform::Amocrm, "widget.locale contains ru".to_string());
        }
        if let Some(code) = locales.iter().find(|c| **c == "tr" || **c == "id") {
            return (Platform::Kommo, format!("widget.locale contains {code}"));
        }
        let support = widget.and_then(|w| w.get("support"));
        let contacts: Vec<&str> = ["link", "email"]
            .iter()
            .filter_map(|k| support.and_then(|s| s.get(k)).and_then(Node::as_str))
            .collect();
        if contacts
            .iter()
            .any(|c| c.to_ascii_lowercase().contains("kommo.com"))
        {
            return (Platform::Kommo, "support contact on kommo.com".to_string());
        }
        if contacts
            .iter()
            .any(|c| c.to_ascii_lowercase().contains("amocrm."))
        {
            return (
                Platform::Amocrm,
                "support contact on an amocrm domain".to_string(),
            );
        }
        (
            Platform::Kommo,
            "no ru locale and no amocrm support domain (default)".to_string(),
        )
    }
}
