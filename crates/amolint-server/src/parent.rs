//! Noticing that the editor that started the server has died without telling it (the
//! `processId` of `initialize`): the server then exits instead of lingering.
//!
//! Owns the watch only. Unix asks the kernel whether the process exists (`kill(pid, 0)`, which
//! sends nothing); elsewhere the end of standard input, which a dead client's pipe gives, is
//! what ends the server.

use crossbeam_channel::Sender;
use std::time::Duration;

/// How often the client's process is looked for.
const INTERVAL: Duration = Duration::from_secs(2);

/// Tells `gone` once the process `pid` no longer exists.
pub fn watch(pid: u32, gone: Sender<()>) {
    if !supported(pid) {
        return;
    }
    let _ = std::thread::Builder::new()
        .name("amolint-parent".into())
        .spawn(move || {
            while alive(pid) {
                std::thread::sleep(INTERVAL);
            }
            let _ = gone.send(());
        });
}

#[cfg(unix)]
fn supported(pid: u32) -> bool {
    // pid 0 or one that does not fit: nothing to watch.
    i32::try_from(pid).is_ok_and(|p| p > 0)
}

#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = i32::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let result = unsafe { libc::kill(pid, 0) };
    // EPERM: it exists but belongs to someone else.
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn supported(_: u32) -> bool {
    false
}

#[cfg(not(unix))]
fn alive(_: u32) -> bool {
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_process_that_ended_is_noticed() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        assert!(alive(std::process::id()));
        child.wait().unwrap();
        assert!(!alive(pid));
    }
}
