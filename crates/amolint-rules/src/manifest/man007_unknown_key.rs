//! MAN007 unknown-key: a key no documentation knows, at the top level, in `widget`, or in a block
//! whose keys are fixed.

use super::man_keys::{self, Level, levels};
use amolint_core::json::pointer_push;
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::Warning;
use amolint_core::suggest::nearest;

pub struct UnknownKey;

pub static META: RuleMeta = RuleMeta {
    code: "MAN007",
    name: "unknown-key",
    pack: "manifest",
    amocrm: Some(Warning),
    kommo: Some(Warning),
    summary: "a manifest key no documentation knows",
    docs: RuleDocs {
        what: "Reports keys that neither the amoCRM nor the Kommo documentation knows at the \
               top level of manifest.json, in `widget`, in `widget.support`, and in the blocks \
               with fixed keys (`tour`, `dp`, `advanced`, `sms`, `mobile`, \
               `amoforms_settings`). A likely misspelling gets a \"did you mean\", and a known \
               key written in the wrong object (`webhook_url` at the top level instead of in \
               `dp`) is told where it belongs. The blocks keyed by your own codes \
               (`settings`, `salesbot_designer`, `left_menu`) are not checked here.",
        why: "The platform reads the documented keys where the documentation puts them, so a \
              misspelt or misplaced key is a setting that does not take effect: `init_onse` \
              leaves `init_once` at its default, `webhook_url` outside `dp` never receives a \
              webhook. Keys copied from other ecosystems (`manifest_version`, `scopes`, \
              `content_security_policy`) have no documented effect at all.",
        bad: r#"{ "widget": { "init_onse": true, … }, "webhook_url": "https://…", … }"#,
        good: r#"{ "widget": { "init_once": true, … }, "dp": { "webhook_url": "https://…", … }, … }"#,
        fix: "Fix the spelling, move the key into the object it belongs to, or delete it.",
        sources: &[
            "K-MANIFEST",
            "A-STRUCT",
            "A-DP",
            "A-SMS",
            "A-FORMS",
            "decision 7",
        ],
        uncertain: Some(
            "No source says whether unknown keys are rejected on upload; amolint reports them as \
             warnings, never errors (decision 7).",
        ),
    },
    options: &[],
};

impl Rule for UnknownKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        let root = manifest.root();
        let levels = levels();
        for level in &levels {
            let Some(members) = level.object(root).and_then(|o| o.as_object()) else {
                continue;
            };
            let mut seen: Vec<&str> = Vec::new();
            for member in members {
                let key = member.key.as_str();
                // A repeated key is ENC004's; its unknown-ness is reported once.
                if level.keys.contains(&key) || seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                // A stand-in for a missing required field is reported by MAN001/MAN002.
                if man_keys::is_stand_in(root, &levels, level, key) {
                    continue;
                }
                let present = |l: &Level, k: &str| l.object(root).and_then(|o| o.get(k)).is_some();
                let homes: Vec<&Level> = levels
                    .iter()
                    .filter(|l| l.path != level.path && l.keys.contains(&key))
                    .collect();
                let (message, help) = if !homes.is_empty() {
                    let places = homes.iter().map(|l| l.in_place()).collect::<Vec<_>>();
                    let places = match places.split_last() {
                        Some((last, rest)) if !rest.is_empty() => {
                            format!("{} or {last}", rest.join(", "))
                        }
                        _ => places.concat(),
                    };
                    let help = match homes.as_slice() {
                        [home] if present(home, key) => {
                            format!("{} already has `{key}`: remove this one", home.place())
                        }
                        [home] => format!("move it to {}", home.place()),
                        _ => "move it into the block it was meant for".to_string(),
                    };
                    (
                        format!(
                            "`{key}` does not belong {}: it belongs {places}",
                            level.in_place()
                        ),
                        help,
                    )
                } else {
                    let help = if let Some(near) = nearest(key, level.keys.iter().copied()) {
                        if present(level, near) {
                            format!(
                                "did you mean `{near}`? {} already has `{near}`, so this line \
                                 is probably a leftover",
                                level.place()
                            )
                        } else {
                            format!("did you mean `{near}`?")
                        }
                    } else if let Some((near, home)) = nearest_elsewhere(&levels, level, key) {
                        format!("did you mean `{near}`? It belongs {}", home.in_place())
                    } else {
                        "remove it: no documented setting has this name".to_string()
                    };
                    (
                        format!(
                            "unknown key `{key}` {}: no amoCRM or Kommo documentation knows it",
                            level.in_place()
                        ),
                        help,
                    )
                };
                out.report(
                    Finding::new(&META, message)
                        .file(MANIFEST_FILE)
                        .span(member.key_span)
                        .pointer(pointer_push(&level.pointer(), key))
                        .help(help),
                );
            }
        }
    }
}

/// A misspelling of a key of another object (`webhookurl` at the top level → `dp.webhook_url`).
fn nearest_elsewhere<'l>(
    levels: &'l [Level],
    level: &Level,
    key: &str,
) -> Option<(&'static str, &'l Level)> {
    let others = || levels.iter().filter(|l| l.path != level.path);
    let near = nearest(key, others().flat_map(|l| l.keys.iter().copied()))?;
    others()
        .find(|l| l.keys.contains(&near))
        .map(|home| (near, home))
}
