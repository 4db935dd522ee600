//! The SDK for amolint native rule packs (ABI v1): the JSON messages exchanged over the C ABI,
//! a safe [`Pack`] trait, and [`export_pack!`], which turns a `Pack` into the four exported
//! symbols the host looks for.
//!
//! Owns the pack side of the ABI and the host-independent message types (the host, in
//! `amolint-org`, reuses them to read answers). It must not depend on amolint's internals: a pack
//! built against this crate has to keep working with any amolint that speaks the same ABI.
//! Every entry point catches panics, because unwinding across `extern "C"` aborts the host.
//! The exact contract is `docs/org-packs.md`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::ffi::{CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

/// The ABI version this SDK implements; `amolint_abi_version` returns it.
pub const ABI_VERSION: u32 = 1;

/// What `amolint_describe` returns: the pack and its rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackInfo {
    pub name: String,
    pub version: String,
    pub rules: Vec<RuleInfo>,
}

/// One rule of a pack, as `amolint rules` and `amolint explain` show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleInfo {
    /// Upper-case letters then digits (`ACME001`); the letters must not be a built-in prefix.
    pub code: String,
    /// Lower-case kebab-case (`no-secret-key`).
    pub name: String,
    /// `"error"`, `"warning"` or `"info"`: the default on both platforms.
    pub severity: String,
    pub summary: String,
    #[serde(default)]
    pub docs: String,
}

/// The widget as `amolint_check` receives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckInput {
    pub abi: u32,
    /// `"amocrm"` or `"kommo"`: the platform the widget is checked for.
    pub platform: String,
    pub widget: WidgetInfo,
    /// `manifest.json` parsed, or `null` when missing or not valid JSON.
    pub manifest: Value,
    /// Every regular file of the widget, root-relative, sorted by path.
    pub files: Vec<FileInfo>,
    /// `i18n/<code>.json` by code, parsed or `null`.
    pub locales: Map<String, Value>,
    /// This pack's `options` table from `rules.toml`.
    pub options: Map<String, Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WidgetInfo {
    pub path: String,
    /// `"directory"` or `"zip"`.
    pub kind: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileInfo {
    pub path: String,
    pub size: u64,
}

/// What `amolint_check` returns.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckOutput {
    pub diagnostics: Vec<PackDiagnostic>,
}

/// One finding of a pack. amolint turns `file` + `pointer` into line and column itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackDiagnostic {
    /// One of the pack's own codes.
    pub code: String,
    pub message: String,
    /// Widget-relative path of the file the finding is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// RFC 6901 pointer into `file` (which defaults to `manifest.json` when a pointer is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// Overrides the rule's default severity for this finding; a level in `rules.toml` wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// What `amolint check --fix` can change to repair the finding. Optional: a pack that never
    /// sends one speaks ABI v1 all the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<PackFix>,
}

/// A fix a pack proposes: JSON Patch operations (RFC 6902's `replace`, `remove` and `add`) on
/// the widget's JSON files, which amolint turns into edits of the files' text that keep
/// everything else byte for byte.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackFix {
    /// What the fix does, in the imperative: "remove widget.secret_key".
    pub message: String,
    /// `"safe"` (applied by `--fix`) or `"unsafe"` (only with `--unsafe-fixes`); unsafe when
    /// left out.
    #[serde(default = "unsafe_applicability")]
    pub applicability: String,
    /// Applied together or not at all. Paths point into the files as the pack received them
    /// (not as earlier operations of the same fix leave them), so operations must not touch
    /// the same value.
    pub edits: Vec<PackEdit>,
}

fn unsafe_applicability() -> String {
    "unsafe".to_string()
}

/// One JSON Patch operation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackEdit {
    /// `"replace"` (the value at `path`), `"remove"` (the member or element at `path`, with its
    /// comma) or `"add"` (a member of an object, which replaces an existing one of that name, or
    /// an element of an array at an index, `-` for the end).
    pub op: String,
    /// The widget-relative JSON file; the diagnostic's `file`, else `manifest.json`, when left
    /// out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// RFC 6901 pointer.
    pub path: String,
    /// The new value, for `replace` and `add` (which need one; `null` is a value).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub value: Option<Value>,
}

/// A `value` member that is there, `null` included (serde would take `null` for "absent").
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

impl PackFix {
    pub fn safe(message: impl Into<String>) -> Self {
        PackFix {
            message: message.into(),
            applicability: "safe".to_string(),
            edits: Vec::new(),
        }
    }

    pub fn unsafe_(message: impl Into<String>) -> Self {
        PackFix {
            message: message.into(),
            applicability: unsafe_applicability(),
            edits: Vec::new(),
        }
    }

    /// Replaces the value at `path` of the diagnostic's file.
    pub fn replace(self, path: impl Into<String>, value: Value) -> Self {
        self.op("replace", path, Some(value))
    }

    /// Removes the member or element at `path` of the diagnostic's file.
    pub fn remove(self, path: impl Into<String>) -> Self {
        self.op("remove", path, None)
    }

    /// Adds `value` at `path` of the diagnostic's file.
    pub fn add(self, path: impl Into<String>, value: Value) -> Self {
        self.op("add", path, Some(value))
    }

    fn op(mut self, op: &str, path: impl Into<String>, value: Option<Value>) -> Self {
        self.edits.push(PackEdit {
            op: op.to_string(),
            file: None,
            path: path.into(),
            value,
        });
        self
    }
}

impl PackDiagnostic {
    /// A finding about the widget as a whole.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        PackDiagnostic {
            code: code.into(),
            message: message.into(),
            file: None,
            pointer: None,
            severity: None,
            fix: None,
        }
    }

    /// Points at the value at `pointer` in `file`.
    pub fn at(mut self, file: impl Into<String>, pointer: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self.pointer = Some(pointer.into());
        self
    }

    pub fn severity(mut self, severity: impl Into<String>) -> Self {
        self.severity = Some(severity.into());
        self
    }

    /// Proposes a fix for the finding.
    pub fn fix(mut self, fix: PackFix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// A rule pack. `check` may be called from several threads at once, hence `Sync`.
pub trait Pack: Send + Sync + 'static {
    /// The pack's name, version and rules; asked once.
    fn info(&self) -> PackInfo;
    /// Checks one widget. An `Err` (like a panic) makes amolint report AMO001 for this pack and
    /// widget, with the pack's other findings for that widget dropped.
    fn check(&self, input: &CheckInput) -> Result<Vec<PackDiagnostic>, String>;
}

/// Exports `pack` (an expression building a [`Pack`], evaluated once) as an ABI v1 rule pack:
/// `amolint_abi_version`, `amolint_describe`, `amolint_check` and `amolint_free`.
#[macro_export]
macro_rules! export_pack {
    ($pack:expr) => {
        fn __amolint_pack() -> &'static dyn $crate::Pack {
            static PACK: ::std::sync::OnceLock<::std::boxed::Box<dyn $crate::Pack>> =
                ::std::sync::OnceLock::new();
            PACK.get_or_init(|| ::std::boxed::Box::new($pack)).as_ref()
        }

        /// ABI v1: the version of the ABI this pack speaks.
        #[unsafe(no_mangle)]
        pub extern "C" fn amolint_abi_version() -> u32 {
            $crate::ABI_VERSION
        }

        /// ABI v1: the pack's metadata as JSON, owned by the pack for the life of the process.
        #[unsafe(no_mangle)]
        pub extern "C" fn amolint_describe() -> *const ::std::ffi::c_char {
            $crate::__private::describe(__amolint_pack)
        }

        /// ABI v1: checks one widget.
        ///
        /// # Safety
        /// `input` must point to `len` readable bytes.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn amolint_check(
            input: *const u8,
            len: usize,
        ) -> *mut ::std::ffi::c_char {
            // SAFETY: forwarded from the caller's contract.
            unsafe { $crate::__private::check(__amolint_pack, input, len) }
        }

        /// ABI v1: frees an answer of `amolint_check`.
        ///
        /// # Safety
        /// `answer` must come from `amolint_check` and be freed once.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn amolint_free(answer: *mut ::std::ffi::c_char) {
            // SAFETY: forwarded from the caller's contract.
            unsafe { $crate::__private::free(answer) }
        }
    };
}

/// The bodies of the exported functions; public only for [`export_pack!`].
#[doc(hidden)]
pub mod __private {
    use super::*;

    static DESCRIPTION: OnceLock<Option<CString>> = OnceLock::new();

    std::thread_local! {
        static IN_CHECK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// A panic inside `Pack::check` becomes one line on standard error instead of the default
    /// report (with a backtrace, in the middle of amolint's output); the answer is NULL, which
    /// amolint reports as AMO001. Panics elsewhere keep the hook the pack had.
    fn quiet_panics_in_check() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if IN_CHECK.with(std::cell::Cell::get) {
                    let place = info
                        .location()
                        .map(|l| format!(" at {}:{}", l.file(), l.line()))
                        .unwrap_or_default();
                    let message = info
                        .payload()
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| info.payload().downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "panic".to_string());
                    eprintln!("amolint-plugin: the rule pack panicked{place}: {message}");
                } else {
                    previous(info);
                }
            }));
        });
    }

    pub fn describe(pack: fn() -> &'static dyn Pack) -> *const c_char {
        let description = DESCRIPTION.get_or_init(|| {
            catch_unwind(|| serde_json::to_string(&pack().info()).ok())
                .ok()
                .flatten()
                .and_then(|json| CString::new(json).ok())
        });
        description
            .as_ref()
            .map_or(std::ptr::null(), |json| json.as_ptr())
    }

    /// # Safety
    /// `input` must point to `len` readable bytes (or be null with `len` 0).
    pub unsafe fn check(
        pack: fn() -> &'static dyn Pack,
        input: *const u8,
        len: usize,
    ) -> *mut c_char {
        if input.is_null() && len != 0 {
            return std::ptr::null_mut();
        }
        let bytes: &[u8] = if len == 0 {
            &[]
        } else {
            // SAFETY: the caller guarantees `len` readable bytes at `input`.
            unsafe { std::slice::from_raw_parts(input, len) }
        };
        quiet_panics_in_check();
        IN_CHECK.with(|flag| flag.set(true));
        let answer = catch_unwind(AssertUnwindSafe(|| {
            let input: CheckInput = serde_json::from_slice(bytes).ok()?;
            let diagnostics = pack().check(&input).ok()?;
            let json = serde_json::to_string(&CheckOutput { diagnostics }).ok()?;
            CString::new(json).ok()
        }));
        IN_CHECK.with(|flag| flag.set(false));
        match answer {
            Ok(Some(json)) => json.into_raw(),
            _ => std::ptr::null_mut(),
        }
    }

    /// # Safety
    /// `answer` must come from [`check`] and not have been freed.
    pub unsafe fn free(answer: *mut c_char) {
        if !answer.is_null() {
            // SAFETY: `answer` came from `CString::into_raw` in `check`.
            drop(unsafe { CString::from_raw(answer) });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_fix_is_optional_and_reads_as_json_patch() {
        // What a pack written before fixes existed sends.
        let old: PackDiagnostic = serde_json::from_value(json!({
            "code": "ACME001", "message": "m", "file": "manifest.json", "pointer": "/widget"
        }))
        .expect("valid without a fix");
        assert_eq!(old.fix, None);
        assert!(
            !serde_json::to_string(&old).expect("json").contains("fix"),
            "an absent fix is not written"
        );

        let fixed = PackDiagnostic::new("ACME001", "m").fix(
            PackFix::unsafe_("tidy")
                .remove("/widget/secret_key")
                .replace("/widget/init_once", json!(false)),
        );
        assert_eq!(
            serde_json::to_value(&fixed).expect("json")["fix"],
            json!({"message": "tidy", "applicability": "unsafe", "edits": [
                {"op": "remove", "path": "/widget/secret_key"},
                {"op": "replace", "path": "/widget/init_once", "value": false}
            ]})
        );

        let read: PackFix = serde_json::from_value(json!({
            "message": "m", "edits": [{"op": "replace", "path": "/a", "value": null}]
        }))
        .expect("valid");
        assert_eq!(read.applicability, "unsafe", "unsafe unless said otherwise");
        assert_eq!(read.edits[0].value, Some(Value::Null), "null is a value");
    }
}
