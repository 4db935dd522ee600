//! Pack `integrations`: the blocks that go with particular areas: Digital Pipeline (`dp`),
//! advanced settings, Salesbot, SMS, mobile card, web forms, left menu and AI agent, and the
//! addresses the manifest hands to the platform.

mod int001_missing_block;
mod int002_orphan_block;
mod int003_dp_action_multiple;
mod int004_invalid_url;
mod int005_salesbot_handler;
mod int006_mobile_color;
mod int007_amoforms;
mod int008_left_menu;
mod int009_ai_agent_description;
mod int010_advanced_title;
mod int011_development_endpoint;

use amolint_core::format::split_location;
use amolint_core::json::Member;
use amolint_core::manifest::{Located, MANIFEST_FILE, Manifest};
use amolint_core::rule::{Finding, Pack, RuleMeta};

pub fn pack() -> Pack {
    Pack {
        name: "integrations",
        rules: vec![
            Box::new(int001_missing_block::MissingBlock),
            Box::new(int002_orphan_block::OrphanBlock),
            Box::new(int003_dp_action_multiple::DpActionMultiple),
            Box::new(int004_invalid_url::InvalidUrl),
            Box::new(int005_salesbot_handler::SalesbotHandler),
            Box::new(int006_mobile_color::MobileColor),
            Box::new(int007_amoforms::Amoforms),
            Box::new(int008_left_menu::LeftMenu),
            Box::new(int009_ai_agent_description::AiAgentDescription),
            Box::new(int010_advanced_title::AdvancedTitle),
            Box::new(int011_development_endpoint::DevelopmentEndpoint),
        ],
    }
}

pub(crate) use int002_orphan_block::orphan_blocks;

/// True when `pointer` lies inside a block that INT002 reports as having no effect
/// ([`orphan_blocks`]).
pub(crate) fn in_orphan_block(orphans: &[(&str, &str)], pointer: &str) -> bool {
    orphans.iter().any(|(_, block)| {
        pointer
            .strip_prefix('/')
            .and_then(|p| p.strip_prefix(block))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// The first `locations` entry for `area` (with or without a suffix), with its index.
pub(crate) fn area_entry<'m>(manifest: &'m Manifest, area: &str) -> Option<(usize, Located<'m>)> {
    manifest
        .locations()
        .into_iter()
        .find(|(_, l)| l.value == area || split_location(l.value).0 == area)
}

/// A finding on the key of a manifest member (`"dp":`), for "this block lacks …".
pub(crate) fn at_key(
    meta: &'static RuleMeta,
    message: String,
    member: &Member,
    pointer: &str,
) -> Finding {
    Finding::new(meta, message)
        .file(MANIFEST_FILE)
        .span(member.key_span)
        .pointer(pointer)
}
