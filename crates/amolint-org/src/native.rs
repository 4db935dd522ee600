//! Native rule packs, ABI v1: loading a library with `libloading` (once, never unloaded),
//! checking its ABI version and metadata, calling `amolint_check` per widget, and reading its
//! answer back into findings; or, with `isolate = true`, doing the loading and calling in a child
//! amolint process that may crash or hang without taking the run with it.
//!
//! Owns the host side of the ABI and the child-process protocol. It must not judge widgets
//! itself, and nothing a pack returns may panic the host: a bad answer is an `Err`, which the
//! engine reports as AMO001 for that pack and widget.

use amolint_core::config::PluginEntry;
use amolint_core::fix::{Applicability, Edit, Fix};
use amolint_core::json::edit::{insert_element, insert_member, remove_element, remove_member};
use amolint_core::json::pointer_parent;
use amolint_core::rule::{Finding, PackCheck, RuleMeta};
use amolint_core::source::EntryKind;
use amolint_core::widget::Widget;
use amolint_plugin::{
    ABI_VERSION, CheckInput, CheckOutput, FileInfo, PackEdit, PackFix, PackInfo, WidgetInfo,
};
use serde_json::{Map, Value};
use std::ffi::{CStr, c_char};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt;

/// The hidden subcommand of the amolint binary that hosts an isolated pack.
pub const CHILD_COMMAND: &str = "__pack-host";
/// The child's exit status when the pack answered NULL.
const CHILD_NULL_ANSWER: i32 = 3;
/// The largest answer read from a pack; more is a failure of the pack, not a memory problem of
/// amolint.
const MAX_ANSWER_BYTES: usize = 64 << 20;

type AbiVersionFn = unsafe extern "C" fn() -> u32;
type DescribeFn = unsafe extern "C" fn() -> *const c_char;
type CheckFn = unsafe extern "C" fn(*const u8, usize) -> *mut c_char;
type FreeFn = unsafe extern "C" fn(*mut c_char);

/// The entry points of a loaded library. The library is leaked, so they stay valid.
#[derive(Clone, Copy)]
struct Symbols {
    check: CheckFn,
    free: FreeFn,
}

/// Loads `path` in this process and checks its ABI version; returns its entry points and its
/// description (the text `amolint_describe` returned).
fn open(path: &Path) -> Result<(Symbols, String), String> {
    if !path.is_file() {
        return Err("no such file".to_string());
    }
    // SAFETY: loading a library runs its initialisers: a native pack is code execution by
    // design, which is what `--no-native-packs` and `isolate` are for.
    let library = unsafe { libloading::Library::new(path) }
        .map_err(|e| format!("cannot be loaded as a dynamic library: {e}"))?;
    // Never unloaded: rule metadata and answers may point into it for the life of the process.
    let library: &'static libloading::Library = Box::leak(Box::new(library));
    fn symbol<T: Copy>(library: &'static libloading::Library, name: &str) -> Result<T, String> {
        let mut bytes = name.as_bytes().to_vec();
        bytes.push(0);
        // SAFETY: the type is the one ABI v1 gives the symbol.
        unsafe { library.get::<T>(bytes.as_slice()) }
            .map(|s| *s)
            .map_err(|_| format!("does not export `{name}`: not an amolint rule pack (ABI v1)"))
    }
    let abi_version: AbiVersionFn = symbol(library, "amolint_abi_version")?;
    let describe: DescribeFn = symbol(library, "amolint_describe")?;
    let check: CheckFn = symbol(library, "amolint_check")?;
    let free: FreeFn = symbol(library, "amolint_free")?;
    // SAFETY: ABI v1 signature, no arguments.
    let version = unsafe { abi_version() };
    if version != ABI_VERSION {
        return Err(format!(
            "speaks ABI version {version}; this amolint speaks ABI version {ABI_VERSION}"
        ));
    }
    // SAFETY: ABI v1: NUL-terminated UTF-8 owned by the pack for the life of the process.
    let text = unsafe {
        let ptr = describe();
        if ptr.is_null() {
            return Err("`amolint_describe` returned NULL".to_string());
        }
        CStr::from_ptr(ptr)
    };
    let text = text
        .to_str()
        .map_err(|_| "`amolint_describe` returned text that is not UTF-8".to_string())?;
    Ok((Symbols { check, free }, text.to_string()))
}

/// Calls `amolint_check` and copies its answer before freeing it.
fn call_check(symbols: Symbols, input: &[u8]) -> Result<Vec<u8>, String> {
    // SAFETY: `input` is `input.len()` readable bytes; the answer is NUL-terminated or NULL and
    // is freed exactly once, by the pack.
    unsafe {
        let answer = (symbols.check)(input.as_ptr(), input.len());
        if answer.is_null() {
            return Err("`amolint_check` returned NULL".to_string());
        }
        let bytes = CStr::from_ptr(answer).to_bytes().to_vec();
        (symbols.free)(answer);
        if bytes.len() > MAX_ANSWER_BYTES {
            return Err(format!(
                "the pack's answer is larger than {MAX_ANSWER_BYTES} bytes"
            ));
        }
        Ok(bytes)
    }
}

/// How a loaded pack is called.
enum Caller {
    InProcess(Symbols),
    Isolated {
        exe: PathBuf,
        library: PathBuf,
        timeout: Duration,
    },
}

/// A native pack as the engine sees it.
pub struct NativePack {
    pub name: &'static str,
    rules: Vec<&'static RuleMeta>,
    caller: Caller,
    options: Map<String, Value>,
}

/// Loads the pack of one `[[plugins]]` entry and parses its description. `exe` is the amolint
/// binary, run as the child of an isolated pack.
pub fn load(entry: &PluginEntry, exe: &Path) -> Result<(PackInfo, NativeLoader), String> {
    let (caller, description) = if entry.isolate {
        let answer = run_child(exe, "describe", &entry.path, &[], entry.timeout)?;
        let text = String::from_utf8(answer)
            .map_err(|_| "`amolint_describe` returned text that is not UTF-8".to_string())?;
        (
            Caller::Isolated {
                exe: exe.to_path_buf(),
                library: entry.path.clone(),
                timeout: entry.timeout,
            },
            text,
        )
    } else {
        let (symbols, text) = open(&entry.path)?;
        (Caller::InProcess(symbols), text)
    };
    let info: PackInfo = serde_json::from_str(&description)
        .map_err(|e| format!("`amolint_describe` returned invalid metadata: {e}"))?;
    let options = match serde_json::to_value(&entry.options) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    Ok((
        info,
        NativeLoader {
            caller,
            options,
            description,
        },
    ))
}

/// A loaded pack waiting for its validated rule metadata.
pub struct NativeLoader {
    caller: Caller,
    options: Map<String, Value>,
    description: String,
}

impl NativeLoader {
    /// What `amolint_describe` returned.
    pub fn description(&self) -> &str {
        &self.description
    }

    pub fn finish(self, name: &'static str, rules: Vec<&'static RuleMeta>) -> NativePack {
        NativePack {
            name,
            rules,
            caller: self.caller,
            options: self.options,
        }
    }
}

impl PackCheck for NativePack {
    fn check(&self, widget: &Widget<'_>) -> Result<Vec<Finding>, String> {
        let input = serde_json::to_vec(&self.input(widget))
            .map_err(|e| format!("cannot encode the widget for the pack: {e}"))?;
        let answer = match &self.caller {
            Caller::InProcess(symbols) => call_check(*symbols, &input)?,
            Caller::Isolated {
                exe,
                library,
                timeout,
            } => run_child(exe, "check", library, &input, *timeout)?,
        };
        self.read_answer(&answer, widget)
    }
}

impl NativePack {
    fn input(&self, widget: &Widget<'_>) -> CheckInput {
        let files: Vec<FileInfo> = widget
            .files()
            .iter()
            .filter(|e| e.kind == EntryKind::File)
            .map(|e| FileInfo {
                path: e.path.clone(),
                size: e.size,
            })
            .collect();
        let mut locales = Map::new();
        for file in &files {
            let Some(code) = file
                .path
                .strip_prefix("i18n/")
                .and_then(|rest| rest.strip_suffix(".json"))
                .filter(|code| !code.contains('/'))
            else {
                continue;
            };
            let parsed = widget
                .json(&file.path)
                .ok()
                .and_then(|j| j.root().map(|r| r.to_serde()))
                .unwrap_or(Value::Null);
            locales.insert(code.to_string(), parsed);
        }
        CheckInput {
            abi: ABI_VERSION,
            platform: widget.platform().as_str().to_string(),
            widget: WidgetInfo {
                path: widget.path().to_string(),
                kind: widget.kind().as_str().to_string(),
            },
            manifest: widget
                .manifest()
                .and_then(|m| m.root().map(|r| r.to_serde()))
                .unwrap_or(Value::Null),
            files,
            locales,
            options: self.options.clone(),
        }
    }

    /// Turns the pack's answer into findings; anything off (invalid JSON, an unknown code, a bad
    /// severity) fails the whole answer, since a pack that says one wrong thing may say others.
    fn read_answer(&self, answer: &[u8], widget: &Widget<'_>) -> Result<Vec<Finding>, String> {
        let output: CheckOutput = serde_json::from_slice(answer).map_err(|e| {
            format!(
                "the pack answered invalid JSON ({e}): {}",
                String::from_utf8_lossy(&answer[..answer.len().min(80)])
            )
        })?;
        let mut findings = Vec::with_capacity(output.diagnostics.len());
        for d in output.diagnostics {
            let meta = self
                .rules
                .iter()
                .find(|m| m.code == d.code)
                .ok_or_else(|| {
                    format!(
                        "the pack reported `{}`, which is not one of its rules",
                        d.code
                    )
                })?;
            let mut finding = Finding::new(meta, d.message);
            if let Some(severity) = d.severity {
                finding = finding.severity(crate::parse_severity(&severity).ok_or_else(|| {
                    format!(
                        "the pack reported severity `{severity}` (expected error, warning or info)"
                    )
                })?);
            }
            if let Some(fix) = &d.fix {
                let default_file = d.file.as_deref().unwrap_or("manifest.json");
                finding = finding.fix(pack_fix(fix, default_file, widget)?);
            }
            let file = d
                .file
                .or_else(|| d.pointer.as_ref().map(|_| "manifest.json".to_string()));
            if let Some(file) = file {
                if let Some(pointer) = d.pointer {
                    let span = widget
                        .json(&file)
                        .ok()
                        .and_then(|j| j.root().and_then(|r| r.pointer(&pointer)).map(|n| n.span));
                    if let Some(span) = span {
                        finding = finding.span(span);
                    }
                    finding = finding.pointer(pointer);
                }
                finding = finding.file(file);
            }
            findings.push(finding);
        }
        Ok(findings)
    }
}

/// A pack's fix as edits of the widget's text: each JSON Patch operation placed with the spans
/// of the file it names. Anything off (an unknown `op` or applicability, a path that is not
/// there, a file that is not valid JSON) fails the answer, as any other mistake of a pack does.
fn pack_fix(fix: &PackFix, default_file: &str, widget: &Widget<'_>) -> Result<Fix, String> {
    let applicability = Applicability::parse(&fix.applicability).ok_or_else(|| {
        format!(
            "the pack proposed a fix with applicability `{}` (expected safe or unsafe)",
            fix.applicability
        )
    })?;
    if fix.edits.is_empty() {
        return Err("the pack proposed a fix without edits".to_string());
    }
    let edits = fix
        .edits
        .iter()
        .map(|edit| pack_edit(edit, default_file, widget))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Fix {
        applicability,
        message: fix.message.clone(),
        edits,
    })
}

fn pack_edit(edit: &PackEdit, default_file: &str, widget: &Widget<'_>) -> Result<Edit, String> {
    let file = edit.file.as_deref().unwrap_or(default_file);
    let wrong = |why: &str| {
        format!(
            "the pack's fix `{} {}` in `{file}`: {why}",
            edit.op, edit.path
        )
    };
    let json = widget
        .json(file)
        .map_err(|_| wrong("the file cannot be read"))?;
    let root = json
        .root()
        .ok_or_else(|| wrong("the file is not valid JSON"))?;
    let text = &json.text.text;
    let value = || {
        edit.value
            .as_ref()
            .map(|v| v.to_string())
            .ok_or_else(|| wrong("`value` is missing"))
    };
    let target = || {
        root.pointer(&edit.path)
            .ok_or_else(|| wrong("no value there"))
    };
    let parent = || {
        let (parent, token) = pointer_parent(&edit.path).ok_or_else(|| wrong("no parent"))?;
        let node = root
            .pointer(parent)
            .ok_or_else(|| wrong("its parent is not there"))?;
        Ok::<_, String>((node, token))
    };
    let placed = match edit.op.as_str() {
        "replace" => Some(amolint_core::json::edit::replace(target()?, value()?)),
        "remove" => {
            target()?;
            let (node, token) = parent()?;
            match node.as_object() {
                Some(members) => {
                    // The last occurrence of a repeated key, as the pointer resolves it.
                    let index = members.iter().rposition(|m| m.key == token);
                    index.and_then(|i| remove_member(text, node, i))
                }
                None => token
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| remove_element(text, node, i)),
            }
        }
        "add" => {
            let (node, token) = parent()?;
            match (node.as_object(), node.as_array()) {
                (Some(_), _) => match node.get(&token) {
                    Some(existing) => Some(amolint_core::json::edit::replace(existing, value()?)),
                    None => insert_member(text, node, &token, &value()?),
                },
                (_, Some(items)) => {
                    let index = match token.as_str() {
                        "-" => Some(items.len()),
                        index => index.parse::<usize>().ok(),
                    };
                    match index {
                        Some(i) => insert_element(text, node, i, &value()?),
                        None => None,
                    }
                }
                _ => None,
            }
        }
        _ => return Err(wrong("`op` must be replace, remove or add")),
    };
    let placed = placed.ok_or_else(|| wrong("the path does not fit the file"))?;
    Ok(Edit::text(file, placed))
}

/// Runs `amolint __pack-host MODE LIBRARY` with `input` on its standard input and returns its
/// standard output; a crash, a hang past `timeout` or a failure is an `Err` saying which.
fn run_child(
    exe: &Path,
    mode: &str,
    library: &Path,
    input: &[u8],
    timeout: Duration,
) -> Result<Vec<u8>, String> {
    let mut child = Command::new(exe)
        .arg(CHILD_COMMAND)
        .arg(mode)
        .arg(library)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the isolated pack host {}: {e}", exe.display()))?;
    // Pipes are fed and drained on threads so that neither side blocks on a full pipe.
    let writer = child.stdin.take().map(|mut stdin| {
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        })
    });
    let reader = child.stdout.take().map(|stdout| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stdout
                .take(MAX_ANSWER_BYTES as u64 + 1)
                .read_to_end(&mut bytes);
            bytes
        })
    });
    let errors = child.stderr.take().map(|stderr| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.take(64 << 10).read_to_string(&mut text);
            text
        })
    });
    let status = match child.wait_timeout(timeout) {
        Ok(Some(status)) => status,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "the isolated pack did not answer within {} s and was stopped (`timeout` in [[plugins]])",
                timeout.as_secs_f64()
            ));
        }
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("cannot wait for the isolated pack: {e}"));
        }
    };
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    let output = reader.and_then(|r| r.join().ok()).unwrap_or_default();
    let stderr = errors.and_then(|r| r.join().ok()).unwrap_or_default();
    if status.success() {
        if output.len() > MAX_ANSWER_BYTES {
            return Err(format!(
                "the pack's answer is larger than {MAX_ANSWER_BYTES} bytes"
            ));
        }
        return Ok(output);
    }
    if status.code() == Some(CHILD_NULL_ANSWER) {
        return Err("`amolint_check` returned NULL".to_string());
    }
    if let Some(code) = status.code() {
        let detail = stderr.trim();
        return Err(if detail.is_empty() {
            format!("the isolated pack exited with status {code}")
        } else {
            detail
                .strip_prefix("amolint: error: ")
                .unwrap_or(detail)
                .to_string()
        });
    }
    Err(format!(
        "the isolated pack crashed ({})",
        signal_name(&status)
    ))
}

#[cfg(unix)]
fn signal_name(status: &std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(6) => "SIGABRT".to_string(),
        Some(11) => "SIGSEGV".to_string(),
        Some(n) => format!("signal {n}"),
        None => status.to_string(),
    }
}

#[cfg(not(unix))]
fn signal_name(status: &std::process::ExitStatus) -> String {
    status.to_string()
}

/// The child side: `amolint __pack-host describe|check LIBRARY`. Loads the library, answers on
/// standard output, and exits 0; a NULL answer exits 3; a load problem exits 2 with the reason on
/// standard error.
pub fn serve_child(mode: &str, library: &Path) -> ExitCode {
    let (symbols, description) = match open(library) {
        Ok(loaded) => loaded,
        Err(problem) => {
            eprintln!("amolint: error: {problem}");
            return ExitCode::from(2);
        }
    };
    let answer = match mode {
        "describe" => description.into_bytes(),
        "check" => {
            let mut input = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut input) {
                eprintln!("amolint: error: cannot read the widget: {e}");
                return ExitCode::from(2);
            }
            match call_check(symbols, &input) {
                Ok(answer) => answer,
                Err(_) => return ExitCode::from(CHILD_NULL_ANSWER as u8),
            }
        }
        other => {
            eprintln!("amolint: error: unknown pack host mode `{other}`");
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::stdout().lock();
    if out.write_all(&answer).and_then(|()| out.flush()).is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
