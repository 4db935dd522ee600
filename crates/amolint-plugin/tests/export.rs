//! The symbols `export_pack!` produces, called as amolint calls them: a description that stays
//! put, answers the host can read and free, and panics that never cross `extern "C"`.

use amolint_plugin::{
    CheckInput, CheckOutput, Pack, PackDiagnostic, PackInfo, RuleInfo, export_pack,
};
use std::ffi::CStr;

struct Moody;

impl Pack for Moody {
    fn info(&self) -> PackInfo {
        PackInfo {
            name: "moody".into(),
            version: "1.0.0".into(),
            rules: vec![RuleInfo {
                code: "MOOD001".into(),
                name: "mood".into(),
                severity: "warning".into(),
                summary: "reports the widget's mood".into(),
                docs: String::new(),
            }],
        }
    }

    fn check(&self, input: &CheckInput) -> Result<Vec<PackDiagnostic>, String> {
        match input.options.get("mood").and_then(|m| m.as_str()) {
            Some("panic") => panic!("the pack panicked on purpose"),
            Some("refuse") => Err("refused".into()),
            mood => Ok(vec![
                PackDiagnostic::new("MOOD001", format!("mood: {}", mood.unwrap_or("calm")))
                    .at("manifest.json", "/widget"),
            ]),
        }
    }
}

export_pack!(Moody);

fn input(mood: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "abi": 1, "platform": "kommo",
        "widget": {"path": "w", "kind": "directory"},
        "manifest": null, "files": [], "locales": {},
        "options": {"mood": mood}
    }))
    .expect("json")
}

fn call(bytes: &[u8]) -> Option<String> {
    // SAFETY: `bytes` is readable for its length; the answer is freed once below.
    unsafe {
        let answer = amolint_check(bytes.as_ptr(), bytes.len());
        if answer.is_null() {
            return None;
        }
        let text = CStr::from_ptr(answer).to_str().expect("utf-8").to_string();
        amolint_free(answer);
        Some(text)
    }
}

#[test]
fn describe_is_json_and_the_same_pointer_every_time() {
    assert_eq!(amolint_abi_version(), 1);
    let first = amolint_describe();
    assert!(!first.is_null());
    assert_eq!(first, amolint_describe());
    // SAFETY: a non-null description is NUL-terminated and lives as long as the process.
    let text = unsafe { CStr::from_ptr(first) }.to_str().expect("utf-8");
    let info: PackInfo = serde_json::from_str(text).expect("PackInfo");
    assert_eq!(info.rules[0].code, "MOOD001");
}

#[test]
fn an_answer_is_the_documented_json() {
    let answer = call(&input("happy")).expect("an answer");
    let output: CheckOutput = serde_json::from_str(&answer).expect("CheckOutput");
    assert_eq!(output.diagnostics.len(), 1);
    assert_eq!(output.diagnostics[0].message, "mood: happy");
    assert_eq!(output.diagnostics[0].pointer.as_deref(), Some("/widget"));
    assert!(
        !answer.contains("severity"),
        "unset fields are left out: {answer}"
    );
}

#[test]
fn panics_errors_and_bad_input_become_null() {
    assert_eq!(call(&input("panic")), None);
    assert_eq!(call(&input("refuse")), None);
    assert_eq!(call(b"not json"), None);
    // SAFETY: a NULL input with a length is refused before it is read.
    assert!(unsafe { amolint_check(std::ptr::null(), 5) }.is_null());
    // The pack still works after a panic.
    assert!(call(&input("calm")).is_some());
    // SAFETY: freeing NULL is allowed and does nothing.
    unsafe { amolint_free(std::ptr::null_mut()) };
}
