//! MAN003 wrong-type: a manifest field whose JSON type the documentation states has another type.

use amolint_core::fix::{Applicability, Edit, Fix, FixDocs};
use amolint_core::json::{Node, ParseOptions, Value, parse, pointer_push};
use amolint_core::manifest::{MANIFEST_FILE, Manifest};
use amolint_core::rule::{Context, Finding, Rule, RuleDocs, RuleMeta, Sink};
use amolint_core::severity::Severity::{Error, Warning};

pub struct WrongType;

pub static META: RuleMeta = RuleMeta {
    code: "MAN003",
    name: "wrong-type",
    pack: "manifest",
    amocrm: Some(Error),
    kommo: Some(Error),
    summary: "a manifest field has the wrong JSON type",
    docs: RuleDocs {
        what: "Checks the JSON type of the manifest fields whose type the documentation states: \
               the widget texts and `version` are strings, `interface_version` a number, \
               `init_once`, `installation` and `is_showcase` booleans, `locale` and `locations` \
               arrays of strings, `support` an object with string `link` and `email`, and the \
               blocks `tour`, `dp`, `advanced`, `salesbot_designer`, `sms`, `mobile`, \
               `amoforms_settings`, `left_menu` objects (`tour.tour_images` an object, \
               `tour.tour_description` a string). Settings, dp and salesbot internals are \
               checked by their own rules (SET002, INT003, INT005, …).",
        why: "The documentation gives each of these values a type, and the platform's code \
              reads them as such. The platform reads the boolean flags for truthiness: the \
              legacy strings \"Y\" and \"true\" work as true (a warning: write the boolean), \
              but every other non-empty string, \"N\" and \"false\" included, is true too, the \
              opposite of what it says, and an empty string, a number or null leaves the meaning \
              unclear (an error). A string interface version is not the number 2; a block that \
              is not an object has none of the keys the platform looks for.",
        bad: r#""widget": { "interface_version": "2", "init_once": "Y", "locale": "en", … }"#,
        good: r#""widget": { "interface_version": 2, "init_once": true, "locale": ["en"], … }"#,
        fix: "Write the value with its documented type: booleans as true/false without quotes, \
              numbers without quotes, lists in [ ], blocks in { }.",
        sources: &["K-MANIFEST", "A-STRUCT", "A-NOTIF", "decision 11"],
        uncertain: Some(
            "`init_once: \"Y\"` appears in one old amoCRM page (A-NOTIF); the current \
             documentation of both platforms uses a boolean. Since the platform reads these \
             flags for truthiness, amolint takes `\"Y\"` and `\"true\"` for the legacy spelling \
             of true (a warning) and any other non-boolean for an error. `is_showcase` is known \
             only from amoCRM's structure page and the starter kit.",
        ),
    },
    options: &[],
};

/// The fixes: a boolean or a number written as a string, or a boolean written as a number,
/// becomes the value it stands for. Other wrong types need the author.
pub static FIX: FixDocs = FixDocs {
    safe: Some(
        "Writes `\"true\"` as `true` and a number written as a string (`\"2\"`) as the \
         number, keeping its digits. Safe: the platform reads the string `\"true\"` as true \
         (it tests the flag for truthiness) and compares the interface version loosely, so it \
         behaves as before.",
    ),
    unsafe_: Some(
        "Writes the other spellings of a boolean as the boolean they say: `\"false\"`, `\"N\"`, \
         `\"no\"`, `\"off\"`, `0` as `false` and `\"Y\"`, `\"yes\"`, `\"on\"`, `1` as `true`. \
         Unsafe: the platform reads any non-empty string, `\"false\"` and `\"N\"` included, as \
         true, so the fix changes what the widget does where the string says false (to what \
         its author meant), and `1`/`0` are a guess. An empty string is left alone.",
    ),
};

/// A JSON type the documentation states for a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    String,
    Number,
    Boolean,
    Object,
    /// An array whose every item is a string.
    Strings,
}

impl Kind {
    pub fn expected(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Boolean => "a boolean (true or false)",
            Kind::Object => "an object",
            Kind::Strings => "an array of strings",
        }
    }

    fn matches(self, node: &Node) -> bool {
        match self {
            Kind::String => node.as_str().is_some(),
            Kind::Number => node.as_number().is_some(),
            Kind::Boolean => node.as_bool().is_some(),
            Kind::Object => node.as_object().is_some(),
            Kind::Strings => node.as_array().is_some(),
        }
    }
}

/// A field with a documented type: its path from the root, its type, and a correct value to show
/// when the wrong one gives no better hint. Sources (ids of `amolint_core::sources`): K-MANIFEST,
/// A-STRUCT, A-DP, A-SALESBOT, A-SMS, A-FORMS, A-LEFTMENU. Fields other rules own are left out:
/// `settings` and `dp.settings` (SET002), `dp.action_multiple` (INT003), `tour.is_tour`
/// (TOUR002), `sms.endpoint` and `mobile.frame_url` (INT004), `mobile.color` (INT006), salesbot
/// handlers (INT005), left_menu items (INT008), `advanced.title` (INT010), amoforms fields
/// (INT007).
pub struct Typed {
    pub path: &'static [&'static str],
    pub kind: Kind,
    /// A correct value, as JSON text.
    pub example: &'static str,
}

const fn typed(path: &'static [&'static str], kind: Kind, example: &'static str) -> Typed {
    Typed {
        path,
        kind,
        example,
    }
}

pub const TYPES: [Typed; 23] = [
    typed(&["widget", "name"], Kind::String, "\"widget.name\""),
    typed(
        &["widget", "description"],
        Kind::String,
        "\"widget.description\"",
    ),
    typed(
        &["widget", "short_description"],
        Kind::String,
        "\"widget.short_description\"",
    ),
    typed(&["widget", "version"], Kind::String, "\"1.0.0\""),
    typed(&["widget", "interface_version"], Kind::Number, "2"),
    typed(&["widget", "init_once"], Kind::Boolean, "false"),
    typed(&["widget", "locale"], Kind::Strings, "[\"en\"]"),
    typed(&["widget", "installation"], Kind::Boolean, "true"),
    typed(&["widget", "is_showcase"], Kind::Boolean, "false"),
    typed(
        &["widget", "support"],
        Kind::Object,
        "{ \"link\": \"https://order-sync.dev/support\", \"email\": \"support@order-sync.dev\" }",
    ),
    typed(
        &["widget", "support", "link"],
        Kind::String,
        "\"https://order-sync.dev/support\"",
    ),
    typed(
        &["widget", "support", "email"],
        Kind::String,
        "\"support@order-sync.dev\"",
    ),
    typed(&["locations"], Kind::Strings, "[\"lcard-1\", \"settings\"]"),
    typed(
        &["tour"],
        Kind::Object,
        "{ \"is_tour\": true, \"tour_images\": { \"en\": [\"/images/tour_1_en.png\"] }, \
         \"tour_description\": \"widget.tour_description\" }",
    ),
    typed(
        &["tour", "tour_images"],
        Kind::Object,
        "{ \"en\": [\"/images/tour_1_en.png\"] }",
    ),
    typed(
        &["tour", "tour_description"],
        Kind::String,
        "\"widget.tour_description\"",
    ),
    typed(
        &["dp"],
        Kind::Object,
        "{ \"action_multiple\": false, \"settings\": { … } }",
    ),
    typed(
        &["advanced"],
        Kind::Object,
        "{ \"title\": \"advanced.title\" }",
    ),
    typed(
        &["salesbot_designer"],
        Kind::Object,
        "{ \"handler_code\": { \"name\": \"salesbot.handler_name\", \"settings\": { … } } }",
    ),
    typed(&["sms"], Kind::Object, "{ \"endpoint\": \"https://…\" }"),
    typed(
        &["mobile"],
        Kind::Object,
        "{ \"frame_url\": \"https://…\", \"color\": \"#5F43CF\" }",
    ),
    typed(
        &["amoforms_settings"],
        Kind::Object,
        "{ \"title\": \"amoforms.title\" }",
    ),
    typed(
        &["left_menu"],
        Kind::Object,
        "{ \"item_code\": { \"title\": \"left_menu.title\" } }",
    ),
];

impl Rule for WrongType {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fix_docs(&self) -> Option<&'static FixDocs> {
        Some(&FIX)
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(manifest) = Manifest::of(cx.widget) else {
            return;
        };
        for typed in &TYPES {
            let Some(node) = lookup(manifest.root(), typed.path) else {
                continue;
            };
            let dotted = typed.path.join(".");
            let pointer = typed
                .path
                .iter()
                .fold(String::new(), |p, k| pointer_push(&p, k));
            if !typed.kind.matches(node) {
                let finding = if typed.kind == Kind::Boolean && legacy_true(node) {
                    Finding::new(
                        &META,
                        format!(
                            "`{dotted}` is {}, a legacy spelling of true: the platform reads it \
                             as true, but the documented value is a boolean",
                            node.describe()
                        ),
                    )
                    .severity(Warning)
                } else if typed.kind == Kind::Boolean
                    && let Value::String(s) = &node.value
                    && !s.is_empty()
                    && s != "0"
                {
                    // "0" is left out: whether the platform's test takes it as false is not
                    // known, so only the type is reported.
                    let meant = match meant_boolean(node) {
                        Some(false) => ", the opposite of what it says",
                        _ => "",
                    };
                    Finding::new(
                        &META,
                        format!(
                            "`{dotted}` is {}, expected a boolean: the platform reads any \
                             non-empty string as true{meant}",
                            node.describe()
                        ),
                    )
                } else {
                    Finding::new(
                        &META,
                        format!(
                            "`{dotted}` is {}, expected {}",
                            node.describe(),
                            typed.kind.expected()
                        ),
                    )
                };
                out.report(
                    finding
                        .at(MANIFEST_FILE, node, pointer.as_str())
                        .help(fix(typed, node))
                        .fix(repair(typed, node)),
                );
                continue;
            }
            if typed.kind == Kind::Strings {
                check_items(typed, node, &dotted, &pointer, out);
            }
        }
    }
}

/// The node at `path`, when every parent is an object; a parent of the wrong type is reported
/// at its own entry.
fn lookup<'a>(root: &'a Node, path: &[&str]) -> Option<&'a Node> {
    path.iter().try_fold(root, |node, key| node.get(key))
}

fn check_items(typed: &Typed, node: &Node, dotted: &str, pointer: &str, out: &mut Sink) {
    let Some(items) = node.as_array() else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        if item.as_str().is_some() {
            continue;
        }
        let example = if typed.path == ["locations"] {
            "\"lcard-1\""
        } else {
            "\"en\""
        };
        let help = format!("write each entry as a quoted string, such as {example}");
        out.report(
            Finding::new(
                &META,
                format!("`{dotted}[{i}]` is {}, expected a string", item.describe()),
            )
            .at(MANIFEST_FILE, item, pointer_push(pointer, &i.to_string()))
            .help(help),
        );
    }
}

/// The help: the corrected line, derived from the wrong value where it says what was meant.
fn fix(typed: &Typed, node: &Node) -> String {
    let key = typed.path.last().copied().unwrap_or_default();
    match typed.kind {
        Kind::Boolean => match meant_boolean(node) {
            Some(b) => format!("write \"{key}\": {b} (a JSON boolean, without quotes)"),
            None => format!("write \"{key}\": true or \"{key}\": false (without quotes)"),
        },
        Kind::Number => format!(
            "write \"{key}\": {} (a number, without quotes)",
            typed.example
        ),
        Kind::String => match (&node.value, key) {
            (Value::Number(n), "version") => format!("write \"version\": \"{}\"", n.raw),
            (
                Value::Object(_),
                "name" | "description" | "short_description" | "tour_description",
            ) => {
                format!(
                    "write \"{key}\": {} (an i18n key) and put the text for each language in \
                     i18n/<lang>.json",
                    typed.example
                )
            }
            _ => format!("write \"{key}\": {}", typed.example),
        },
        Kind::Strings => match node.as_str() {
            Some(s) if !split_list(s).is_empty() => {
                let items: Vec<String> = split_list(s).iter().map(|i| format!("\"{i}\"")).collect();
                format!(
                    "write \"{key}\": [{}] (an array, even for one entry)",
                    items.join(", ")
                )
            }
            _ => format!("write \"{key}\": {}", typed.example),
        },
        Kind::Object => match node.as_array() {
            Some([only]) if only.as_object().is_some() => {
                "remove the `[` `]` around the object: it is the object itself, not a list"
                    .to_string()
            }
            _ => format!("write \"{key}\": {}", typed.example),
        },
    }
}

/// The value a wrongly typed boolean or number stands for, as a fix; `None` where there is no
/// single value it clearly means.
fn repair(typed: &Typed, node: &Node) -> Option<Fix> {
    let (json, applicability) = match (typed.kind, &node.value) {
        (Kind::Boolean, Value::String(s)) if s == "true" => {
            ("true".to_string(), Applicability::Safe)
        }
        (Kind::Boolean, Value::String(s)) if s.trim().is_empty() => return None,
        (Kind::Boolean, _) => (meant_boolean(node)?.to_string(), Applicability::Unsafe),
        (Kind::Number, Value::String(s)) if s.trim() == s => {
            // Only a string that is exactly a JSON number: `" 2"` or `"2px"` is left alone.
            let parsed = parse(s, &ParseOptions::default()).root?;
            parsed.as_number()?;
            (s.clone(), Applicability::Safe)
        }
        _ => return None,
    };
    let message = format!("replace {} with `{json}`", node.describe());
    Some(Fix {
        applicability,
        message,
        edits: vec![Edit::replace(MANIFEST_FILE, node.span, json)],
    })
}

/// `"Y"` or `"true"`: the legacy string booleans that the platform's truthiness test reads as
/// true, as the boolean they stand for does.
fn legacy_true(node: &Node) -> bool {
    matches!(&node.value, Value::String(s) if s == "Y" || s == "true")
}

/// What a non-boolean was meant to say: `"Y"`, `"true"`, `1` → true; `"N"`, `"false"`, `0` →
/// false; anything else is not guessed.
fn meant_boolean(node: &Node) -> Option<bool> {
    match &node.value {
        Value::String(s) => match s.trim().to_lowercase().as_str() {
            "y" | "yes" | "true" | "1" | "on" | "да" => Some(true),
            "n" | "no" | "false" | "0" | "off" | "нет" | "" => Some(false),
            _ => None,
        },
        Value::Number(n) => {
            let f = n.as_f64()?;
            if f == 1.0 {
                Some(true)
            } else if f == 0.0 {
                Some(false)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// `"en, ru"` → [`en`, `ru`]: a list written as one string.
fn split_list(s: &str) -> Vec<&str> {
    s.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{legacy_true, meant_boolean, split_list};
    use amolint_core::json::{ParseOptions, parse};

    fn node(text: &str) -> amolint_core::json::Node {
        parse(text, &ParseOptions::default()).root.expect("json")
    }

    #[test]
    fn guesses_only_clear_booleans() {
        assert_eq!(meant_boolean(&node("\"Y\"")), Some(true));
        assert_eq!(meant_boolean(&node("\" True \"")), Some(true));
        assert_eq!(meant_boolean(&node("1")), Some(true));
        assert_eq!(meant_boolean(&node("\"N\"")), Some(false));
        assert_eq!(meant_boolean(&node("0")), Some(false));
        assert_eq!(meant_boolean(&node("2")), None);
        assert_eq!(meant_boolean(&node("\"maybe\"")), None);
        assert_eq!(meant_boolean(&node("null")), None);
    }

    #[test]
    fn only_y_and_true_are_legacy_true() {
        assert!(legacy_true(&node("\"Y\"")));
        assert!(legacy_true(&node("\"true\"")));
        for other in [
            "\"N\"",
            "\"false\"",
            "\"0\"",
            "\"\"",
            "\"y\"",
            "1",
            "null",
            "true",
        ] {
            assert!(!legacy_true(&node(other)), "{other}");
        }
    }

    #[test]
    fn splits_a_list_written_as_a_string() {
        assert_eq!(split_list("en"), ["en"]);
        assert_eq!(split_list("en, ru"), ["en", "ru"]);
        assert_eq!(split_list(" "), Vec::<&str>::new());
    }
}
