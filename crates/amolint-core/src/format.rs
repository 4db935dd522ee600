//! Facts about the widget format that several rules share, each with the ids of its sources (see
//! [`crate::sources`] for their titles and addresses): the connection areas, settings field types,
//! the keys the documentation knows, locale sets and logo sizes.
//!
//! Data only: no rule logic, no I/O.

use crate::platform::Platform;

/// A connection area (a `locations` entry without its `-0`/`-1` suffix). Source: A-AREAS,
/// A-AREAS-EN, K-LOC, K-CARD, K-LISTS, A-LEFTMENU, A-SALESBOT.
#[derive(Clone, Copy, Debug)]
pub struct Area {
    pub code: &'static str,
    pub amocrm: bool,
    pub kommo: bool,
    /// Card and list areas take `-0` (hidden from the right panel) or `-1` (shown).
    pub takes_suffix: bool,
}

const fn area(code: &'static str, amocrm: bool, kommo: bool, takes_suffix: bool) -> Area {
    Area {
        code,
        amocrm,
        kommo,
        takes_suffix,
    }
}

pub const AREAS: [Area; 23] = [
    area("lcard", true, true, true),
    area("ccard", true, true, true),
    area("comcard", true, true, true),
    area("cucard", true, false, true),
    area("llist", true, true, true),
    area("clist", true, true, true),
    area("tlist", true, true, true),
    area("culist", true, false, true),
    area("settings", true, true, false),
    area("advanced_settings", true, true, false),
    area("card_sdk", true, true, false),
    area("catalogs", true, true, false),
    area("digital_pipeline", true, true, false),
    area("lead_sources", true, true, false),
    area("widget_page", true, true, false),
    area("salesbot_designer", true, true, false),
    area("sms", true, true, false),
    area("mobile_card", true, true, false),
    area("amoforms", true, false, false),
    area("whatsapp_modal", true, false, false),
    area("website_chat_button", false, true, false),
    area("ai_agent", false, true, false),
    area("everywhere", true, true, false),
];

impl Area {
    pub fn find(code: &str) -> Option<&'static Area> {
        AREAS.iter().find(|a| a.code == code)
    }

    pub fn on(&self, platform: Platform) -> bool {
        match platform {
            Platform::Amocrm => self.amocrm,
            Platform::Kommo => self.kommo,
        }
    }

    /// Card areas (shown in an entity card), which need `logo_medium.png` and `logo_min.png`.
    pub fn is_card_or_list(&self) -> bool {
        self.takes_suffix
    }
}

/// A `locations` entry split into its area and suffix: `lcard-1` → (`lcard`, Some(`1`)).
/// Only a trailing `-` followed by something is a suffix.
pub fn split_location(entry: &str) -> (&str, Option<&str>) {
    match entry.rsplit_once('-') {
        Some((area, suffix)) if !area.is_empty() => (area, Some(suffix)),
        _ => (entry, None),
    }
}

/// The settings field types. Source: A-FIELDS, K-FIELDS, A-WAPI.
pub const FIELD_TYPES: [&str; 5] = ["text", "pass", "users", "users_lp", "custom"];

/// Top-level manifest keys the documentation knows. Source: K-MANIFEST, A-STRUCT, and the pages
/// of the feature blocks (A-DP, A-CUSTOM, A-SALESBOT, A-SMS, A-FORMS, A-LEFTMENU).
pub const TOP_LEVEL_KEYS: [&str; 11] = [
    "widget",
    "locations",
    "tour",
    "settings",
    "dp",
    "advanced",
    "salesbot_designer",
    "sms",
    "mobile",
    "amoforms_settings",
    "left_menu",
];

/// Keys of the `widget` block. Source: K-MANIFEST, A-STRUCT (`is_showcase`), A-UPLOAD
/// (`code`, `secret_key`).
pub const WIDGET_KEYS: [&str; 12] = [
    "name",
    "description",
    "short_description",
    "version",
    "interface_version",
    "init_once",
    "locale",
    "installation",
    "support",
    "is_showcase",
    "code",
    "secret_key",
];

/// Keys of blocks whose keys are fixed (the others, `salesbot_designer` and `left_menu`, are
/// keyed by the widget's own handler and item codes). Source: K-MANIFEST, A-DP, A-CUSTOM, A-SMS,
/// A-FORMS, A-REQ.
pub const BLOCK_KEYS: [(&str, &[&str]); 7] = [
    ("tour", &["is_tour", "tour_images", "tour_description"]),
    (
        "dp",
        &["settings", "action_multiple", "webhook_url", "title"],
    ),
    ("advanced", &["title"]),
    ("sms", &["endpoint"]),
    ("mobile", &["frame_url", "color"]),
    ("amoforms_settings", &["title", "required", "error_text"]),
    ("support", &["link", "email"]),
];

/// Keys of a settings field. Source: A-FIELDS, K-FIELDS.
pub const FIELD_KEYS: [&str; 3] = ["name", "type", "required"];

/// Locale codes each platform accepts (decision 2 in `docs/decisions.md`).
pub fn locales(platform: Platform) -> &'static [&'static str] {
    match platform {
        Platform::Amocrm => &["ru", "en", "es", "pt"],
        Platform::Kommo => &["en", "es", "pt", "tr", "id"],
    }
}

/// A logo: file name and pixel size. Source: A-STRUCT, A-STRUCT-UA, K-IMAGES.
#[derive(Clone, Copy, Debug)]
pub struct Logo {
    pub file: &'static str,
    pub width: u32,
    pub height: u32,
}

pub const LOGOS: [Logo; 6] = [
    Logo {
        file: "images/logo_main.png",
        width: 400,
        height: 272,
    },
    Logo {
        file: "images/logo_small.png",
        width: 108,
        height: 108,
    },
    Logo {
        file: "images/logo_medium.png",
        width: 240,
        height: 84,
    },
    Logo {
        file: "images/logo_min.png",
        width: 84,
        height: 84,
    },
    Logo {
        file: "images/logo.png",
        width: 130,
        height: 100,
    },
    Logo {
        file: "images/logo_dp.png",
        width: 174,
        height: 109,
    },
];

/// Files whose content is text, for the encoding rules (ENC001, ENC002).
pub const TEXT_EXTENSIONS: [&str; 7] = ["json", "js", "css", "twig", "html", "txt", "svg"];

/// True when `path` has one of [`TEXT_EXTENSIONS`].
pub fn is_text_file(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| TEXT_EXTENSIONS.iter().any(|t| t.eq_ignore_ascii_case(ext)))
}

/// The short tags the platform replaces in a widget description. Source: K-MANIFEST (`#HOST#`,
/// `#SUBDOMAIN#`, `#LOGIN#`, `#ACCOUNT_ID#`, `#USER_ID#`, `#TOP_LEVEL_DOMAIN#`), K-FIELDS
/// (`#API_HASH#` in its example).
pub const DESCRIPTION_PLACEHOLDERS: [&str; 7] = [
    "#HOST#",
    "#SUBDOMAIN#",
    "#LOGIN#",
    "#API_HASH#",
    "#ACCOUNT_ID#",
    "#USER_ID#",
    "#TOP_LEVEL_DOMAIN#",
];

/// The most bytes an image may have: "300 KB" (A-STRUCT, K-IMAGES), read as 300 × 1024 bytes,
/// the larger of the two readings, so that no file the platform accepts is reported.
pub const IMAGE_MAX_BYTES: u64 = 300 * 1024;

/// Areas that need a manifest block of their own: (area, block). Source: K-MANIFEST, A-DP,
/// A-CUSTOM, A-SALESBOT, A-SMS, K-MANIFEST (`mobile`), A-FORMS.
pub const AREA_BLOCKS: [(&str, &str); 6] = [
    ("digital_pipeline", "dp"),
    ("advanced_settings", "advanced"),
    ("salesbot_designer", "salesbot_designer"),
    ("sms", "sms"),
    ("mobile_card", "mobile"),
    ("amoforms", "amoforms_settings"),
];

/// The left-menu system sections: the values of `left_menu.<item>.sort.after`, and the keys a
/// widget may use in `left_menu` to add a submenu (`stats`, `settings`) or hide one
/// (`is_hidden`, all but `settings`). Source: A-LEFTMENU, K-LEFTMENU.
pub const LEFT_MENU_SECTIONS: [&str; 8] = [
    "dashboard",
    "leads",
    "customers",
    "tasks",
    "catalogs",
    "mail",
    "stats",
    "settings",
];

/// Types of a salesbot handler's setting. Source: A-SALESBOT, K-MANIFEST, G-KOMMO-CLI.
pub const SALESBOT_SETTING_TYPES: [&str; 3] = ["text", "numeric", "url"];
/// The callbacks the CRM calls on a widget's `this.callbacks` object. The list callbacks are
/// written `leads.selected` here; the docs' tables spell them `leads:selected`, and code nests
/// them (`leads: { selected: … }`). Source: A-SCRIPT, K-SCRIPT, A-SALESBOT, A-LEFTMENU, K-CARD,
/// K-LISTS.
pub const CALLBACKS: [&str; 22] = [
    "render",
    "init",
    "bind_actions",
    "settings",
    "onSave",
    "destroy",
    "dpSettings",
    "advancedSettings",
    "leads.selected",
    "contacts.selected",
    "todo.selected",
    "onSource",
    "onSalesbotDesignerSave",
    "salesbotDesignerSettings",
    "onAddAsSource",
    "initMenuPage",
    "loadPreloadedData",
    "loadElements",
    "linkCard",
    "searchDataInCard",
    "loadCatalogElement",
    "onInstall",
];

/// The callbacks every widget must have. Source: K-SCRIPT, A-SCRIPT.
pub const REQUIRED_CALLBACKS: [&str; 3] = ["render", "init", "bind_actions"];

/// The callback each connection area needs (JS005, `docs/rules/JS005.md`). Source: A-SCRIPT,
/// K-SCRIPT, K-CARD, K-LISTS, A-LEFTMENU, A-SALESBOT, G-KOMMO-CLI `injectCallbacks.ts`.
pub const AREA_CALLBACKS: [(&str, &[&str]); 11] = [
    ("advanced_settings", &["advancedSettings"]),
    ("digital_pipeline", &["dpSettings"]),
    ("salesbot_designer", &["onSalesbotDesignerSave"]),
    ("lead_sources", &["onAddAsSource"]),
    ("widget_page", &["initMenuPage"]),
    ("catalogs", &["loadCatalogElement"]),
    (
        "card_sdk",
        &[
            "loadPreloadedData",
            "loadElements",
            "linkCard",
            "searchDataInCard",
        ],
    ),
    ("llist", &["leads.selected"]),
    ("clist", &["contacts.selected"]),
    ("tlist", &["todo.selected"]),
    ("settings", &["settings"]),
];
