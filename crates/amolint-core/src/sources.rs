//! What a rule's documentation cites: the platforms' documentation pages and the public
//! repositories the facts come from, each under a short id (`A-STRUCT`, `K-MANIFEST`, …), and
//! amolint's own decisions where that documentation is silent or contradicts itself
//! (`decision 8`, explained in `docs/decisions.md`).
//!
//! Owns the one table from id to title and address, so that `amolint explain`, the rule
//! reference (`docs/rules/`) and SARIF's rule help all show a source people can open. Data and
//! lookup only: it must not format output (`amolint-report` does) and never touches the network.
//!
//! Ids starting with `A-` are amoCRM's pages, `K-` Kommo's, `G-` code on GitHub, `T-` third-party
//! text. Comments in the code cite the same ids. A rule's `sources` must use an id of [`SOURCES`]
//! or `decision N`; a test in `amolint-rules` fails otherwise.

use crate::rule::repository_file;

/// A page or repository a rule's facts come from.
#[derive(Debug, PartialEq, Eq)]
pub struct Source {
    pub id: &'static str,
    pub title: &'static str,
    /// Where to read it; `None` for text with no stable address.
    pub url: Option<&'static str>,
}

const fn source(id: &'static str, title: &'static str, url: &'static str) -> Source {
    Source {
        id,
        title,
        url: Some(url),
    }
}

/// Every source, amoCRM's pages first, then Kommo's, then code and third-party text.
pub static SOURCES: &[Source] = &[
    source(
        "A-FIELDS",
        "amoCRM developer docs: settings field types",
        "https://www.amocrm.ru/developers/content/integrations/fields",
    ),
    source(
        "A-CUSTOM",
        "amoCRM developer docs: the custom settings field and the advanced settings page",
        "https://www.amocrm.ru/developers/content/integrations/custom_settings",
    ),
    source(
        "A-AREAS",
        "amoCRM developer docs: connection areas, the manifest's locations",
        "https://www.amocrm.ru/developers/content/integrations/areas",
    ),
    source(
        "A-AREAS-EN",
        "amoCRM developer docs in English, an older list: connection areas",
        "https://www.amocrm.com/developers/content/integrations/areas",
    ),
    source(
        "A-STRUCT",
        "amoCRM developer docs: the structure of a widget, its files, manifest and images",
        "https://www.amocrm.ru/developers/content/integrations/structure",
    ),
    source(
        "A-STRUCT-UA",
        "amoCRM developer docs, Ukrainian site: the structure of a widget, with the logo file names",
        "https://www.amocrm.com.ua/developers/content/integrations/structure",
    ),
    source(
        "A-SCRIPT",
        "amoCRM developer docs: script.js and its callbacks",
        "https://www.amocrm.ru/developers/content/integrations/script_js",
    ),
    source(
        "A-SALESBOT",
        "amoCRM developer docs: widgets in the Salesbot designer",
        "https://www.amocrm.ru/developers/content/integrations/salesbot_widget",
    ),
    source(
        "A-SMS",
        "amoCRM developer docs: SMS widgets",
        "https://www.amocrm.ru/developers/content/integrations/system/sms",
    ),
    source(
        "A-FORMS",
        "amoCRM developer docs: widgets for web forms",
        "https://www.amocrm.ru/developers/content/integrations/amoforms-widgets",
    ),
    source(
        "A-LEFTMENU",
        "amoCRM developer docs: the left menu and widget pages",
        "https://www.amocrm.ru/developers/content/web_sdk/left_menu",
    ),
    source(
        "A-UPLOAD",
        "amoCRM developer docs, Kazakhstan site: uploading a widget",
        "https://www.amocrm.com.kz/developers/content/integrations/upload",
    ),
    source(
        "A-UPLOAD-EN",
        "amoCRM developer docs in English, an older version: uploading a widget",
        "https://www.amocrm.com/developers/content/integrations/upload",
    ),
    source(
        "A-REQ",
        "amoCRM developer docs: requirements a widget must meet to pass moderation",
        "https://www.amocrm.ru/developers/content/integrations/requirements",
    ),
    source(
        "A-DP",
        "amoCRM developer docs: widgets in the Digital Pipeline",
        "https://www.amocrm.ru/developers/content/digital_pipeline/integrations",
    ),
    source(
        "A-WAPI",
        "amoCRM API docs: the widgets API and its settings field types",
        "https://www.amocrm.ru/developers/content/crm_platform/widgets-api",
    ),
    source(
        "A-NOTIF",
        "amoCRM developer docs: subscribing to notifications from a widget's script",
        "https://www.amocrm.ru/developers/content/notifications/js-subscribe",
    ),
    source(
        "K-MANIFEST",
        "Kommo developer docs: manifest.json",
        "https://developers.kommo.com/docs/manifest-json",
    ),
    source(
        "K-FIELDS",
        "Kommo developer docs: settings field types",
        "https://developers.kommo.com/docs/field-types",
    ),
    source(
        "K-LOC",
        "Kommo developer docs: widget locations",
        "https://developers.kommo.com/docs/widget-locations",
    ),
    source(
        "K-STRUCT",
        "Kommo developer docs: the structure of a widget",
        "https://developers.kommo.com/docs/structure-widget",
    ),
    source(
        "K-IMAGES",
        "Kommo developer docs: a widget's images",
        "https://developers.kommo.com/docs/images",
    ),
    source(
        "K-I18N",
        "Kommo developer docs: translations, the i18n folder",
        "https://developers.kommo.com/docs/i18n",
    ),
    source(
        "K-SCRIPT",
        "Kommo developer docs: script.js",
        "https://developers.kommo.com/docs/script-js",
    ),
    source(
        "K-LEFTMENU",
        "Kommo developer docs: the left menu",
        "https://developers.kommo.com/docs/left-menu",
    ),
    source(
        "K-DP",
        "Kommo developer docs: widgets in the Digital Pipeline",
        "https://developers.kommo.com/docs/widgets-dp",
    ),
    source(
        "K-LISTS",
        "Kommo developer docs: the lists SDK",
        "https://developers.kommo.com/docs/lists-sdk",
    ),
    source(
        "K-CARD",
        "Kommo developer docs: the card SDK",
        "https://developers.kommo.com/docs/card-sdk",
    ),
    source(
        "K-PRIVATE",
        "Kommo developer docs: private integrations",
        "https://developers.kommo.com/docs/private-integration",
    ),
    source(
        "K-INSTALL-API",
        "Kommo API reference: installing a widget into an account",
        "https://developers.kommo.com/reference/installing-the-widget-into-the-account",
    ),
    source(
        "K-MOD",
        "Kommo developer docs: the moderation process",
        "https://developers.kommo.com/docs/moderation-process",
    ),
    source(
        "K-OLD-MANIFEST",
        "Kommo's former developer site: manifest.json",
        "https://www.kommo.com/developers/content/integrations/manifest-json/",
    ),
    source(
        "K-OLD-STRUCT",
        "Kommo's former developer site: the structure of a widget",
        "https://www.kommo.com/developers/content/integrations/structure/",
    ),
    source(
        "G-KOMMO-CLI",
        "create-kommo-integration: Kommo's official scaffolder for new widgets",
        "https://github.com/kommo-crm/create-kommo-integration",
    ),
    source(
        "G-INSTALLER",
        "amocrm-widget-installer: a community tool that zips a widget and uploads it",
        "https://github.com/max-kut/amocrm-widget-installer",
    ),
    source(
        "G-STARTER",
        "amocrm-widget-starter-kit: a community template for new widgets",
        "https://github.com/max-kut/amocrm-widget-starter-kit",
    ),
    source(
        "G-GEN",
        "amocrm-widget-generator: a community generator of widget skeletons",
        "https://github.com/silenseram/amocrm-widget-generator",
    ),
    source(
        "G-COMPILE",
        "amocrm-widget-compile: a community build tool for widgets",
        "https://github.com/BanishedBliss/amocrm-widget-compile",
    ),
    source(
        "G-LINTING",
        "Kommo's ESLint configuration for widget code",
        "https://github.com/kommo-crm/linting",
    ),
    // Read as Markdown copies on GitHub whose authors and addresses are not known; cited only
    // where an official page says the same or says nothing.
    Source {
        id: "T-COMMUNITY",
        title: "Unattributed community guides to amoCRM widgets, in part a copy of amoCRM's \
                structure page; hints only, with no stable address",
        url: None,
    },
];

/// The page that explains amolint's decisions, one section per decision.
pub const DECISIONS_PAGE: &str = "docs/decisions.md";

/// What a rule cites, resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Citation {
    /// A page or repository outside this project.
    Source(&'static Source),
    /// One of amolint's decisions (`decision 8`): its number.
    Decision(u32),
}

impl Citation {
    /// A source id (`A-STRUCT`) or `decision N`; `None` for anything else.
    pub fn parse(id: &str) -> Option<Citation> {
        if let Some(number) = id.strip_prefix("decision ") {
            // Digits only: `u32::from_str` would also take a sign.
            return number
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| number.parse().ok())
                .flatten()
                .filter(|&n| n > 0)
                .map(Citation::Decision);
        }
        SOURCES.iter().find(|s| s.id == id).map(Citation::Source)
    }

    /// What to call it: the page's title, or "amolint decision N".
    pub fn title(&self) -> String {
        match self {
            Citation::Source(s) => s.title.to_string(),
            Citation::Decision(n) => format!("amolint decision {n}"),
        }
    }

    /// The short id a rule's text may refer to (`A-REQ says …`); none for decisions, whose
    /// title already carries their number.
    pub fn id(&self) -> Option<&'static str> {
        match self {
            Citation::Source(s) => Some(s.id),
            Citation::Decision(_) => None,
        }
    }

    /// The address to open: the page, or the decision's section on the project's home page.
    pub fn url(&self) -> Option<String> {
        match self {
            Citation::Source(s) => s.url.map(str::to_string),
            Citation::Decision(n) => Some(format!(
                "{}#{}",
                repository_file(DECISIONS_PAGE),
                decision_anchor(*n)
            )),
        }
    }
}

/// The anchor of decision `n`'s section in [`DECISIONS_PAGE`].
pub fn decision_anchor(n: u32) -> String {
    format!("decision-{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_addresses_are_https() {
        for (i, s) in SOURCES.iter().enumerate() {
            assert!(SOURCES[..i].iter().all(|t| t.id != s.id), "{} twice", s.id);
            if let Some(url) = s.url {
                assert!(url.starts_with("https://"), "{}: {url}", s.id);
            }
        }
    }

    #[test]
    fn citations_resolve_ids_and_decisions_only() {
        let Some(Citation::Source(s)) = Citation::parse("A-STRUCT") else {
            panic!("A-STRUCT is a source");
        };
        assert_eq!(
            s.url,
            Some("https://www.amocrm.ru/developers/content/integrations/structure")
        );
        let decision = Citation::parse("decision 8").expect("a decision");
        assert_eq!(decision, Citation::Decision(8));
        assert_eq!(decision.title(), "amolint decision 8");
        assert!(
            decision
                .url()
                .expect("url")
                .ends_with("/blob/main/docs/decisions.md#decision-8")
        );
        for wrong in [
            "a-struct",
            "rules.md decision 8",
            "decision",
            "decision 0",
            "decision +8",
            "decision 8a",
            "",
        ] {
            assert_eq!(Citation::parse(wrong), None, "{wrong}");
        }
    }
}
