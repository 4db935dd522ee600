//! Safety caps and the byte budget every read of one widget draws from.
//!
//! The budget lives here rather than in each source so that a folder and a zip
//! enforce exactly the same arithmetic: rules must not be able to tell which
//! kind of source they run on from how limits behave.

use std::collections::HashSet;
use std::io::{ErrorKind, Read};
use std::sync::{Mutex, MutexGuard};

use super::{ReadError, SourceIssue};

const MIB: u64 = 1024 * 1024;

/// Below this many inflated bytes the ratio cap is not applied: tiny, highly
/// repetitive files (an empty `i18n/xx.json` padded with spaces, an SVG) compress far
/// better than 100:1 and are harmless at that size.
pub const RATIO_FLOOR: u64 = MIB;

/// Reads are done in chunks of this size so the output buffer only ever grows by
/// what actually arrived, never by what a header claims.
const CHUNK: usize = 64 * 1024;

/// The smallest step of a read without a size hint (or past one that fell short).
const MIN_STEP: u64 = 8 * 1024;

/// Caps applied while opening and reading one widget. See the module docs for
/// why each default is what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Items examined while listing (central-directory records, or files, folders and
    /// other objects met while walking a folder). Default 10 000.
    pub max_entries: usize,
    /// Bytes actually produced across all reads of one widget. Default 256 MiB.
    pub max_total_bytes: u64,
    /// Bytes actually produced by one read of one entry. Default 64 MiB.
    pub max_entry_bytes: u64,
    /// Largest tolerated inflated/compressed ratio once an entry has produced more
    /// than 1 MiB. Default 100.
    pub max_ratio: u64,
}

impl Limits {
    /// The defaults; ARC008 documents them from here.
    pub const DEFAULT: Limits = Limits {
        max_entries: 10_000,
        max_total_bytes: 256 * MIB,
        max_entry_bytes: 64 * MIB,
        max_ratio: 100,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// Which cap was hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LimitKind {
    Entries,
    TotalBytes,
    EntryBytes,
    Ratio,
}

impl LimitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LimitKind::Entries => "entries",
            LimitKind::TotalBytes => "total_bytes",
            LimitKind::EntryBytes => "entry_bytes",
            LimitKind::Ratio => "ratio",
        }
    }
}

/// How much of an entry a caller wants.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Want {
    /// Everything, but give up with `TooLarge` as soon as more than this arrives.
    Whole(u64),
    /// Only the first this-many bytes.
    Prefix(u64),
}

#[derive(Default)]
struct State {
    total: u64,
    issues: Vec<SourceIssue>,
    /// `TotalBytes` is a property of the whole widget: reported once, not once per
    /// entry that happens to be read after the budget ran out.
    total_reported: bool,
    reported: HashSet<(LimitKind, String)>,
    unreadable: HashSet<String>,
}

/// Interior-mutable accounting shared by all reads of one source. Reads take
/// `&self`, so the counters sit behind a mutex; a widget is used by one thread at a
/// time, so the lock is never contended, it only makes the type `Send + Sync`.
pub(crate) struct Budget {
    limits: Limits,
    state: Mutex<State>,
}

impl Budget {
    pub(crate) fn new(limits: Limits) -> Self {
        Budget {
            limits,
            state: Mutex::new(State::default()),
        }
    }

    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A poisoned lock only means another read panicked mid-way; the counters
        // are still meaningful, and refusing every later read would be worse.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Issues recorded by reads so far, in the order they happened.
    pub(crate) fn issues(&self) -> Vec<SourceIssue> {
        self.state().issues.clone()
    }

    #[cfg(test)]
    pub(crate) fn total(&self) -> u64 {
        self.state().total
    }

    /// Bytes still available before the widget-wide cap.
    pub(crate) fn remaining(&self) -> u64 {
        self.limits
            .max_total_bytes
            .saturating_sub(self.state().total)
    }

    /// Records an I/O failure on one entry (once per entry) and turns it into the
    /// error the caller gets.
    pub(crate) fn unreadable(&self, name: &str, detail: String) -> ReadError {
        let mut st = self.state();
        if st.unreadable.insert(name.to_string()) {
            st.issues.push(SourceIssue::Unreadable {
                name: name.to_string(),
                detail: detail.clone(),
            });
        }
        ReadError::Io(detail)
    }

    /// Records a cap being hit (once per entry and kind; `TotalBytes` once per
    /// widget) and returns the issue for `ReadError::Limit`.
    pub(crate) fn exceeded(&self, limit: LimitKind, name: &str, detail: String) -> ReadError {
        let issue = SourceIssue::LimitExceeded {
            limit,
            name: Some(name.to_string()),
            detail,
        };
        let mut st = self.state();
        let fresh = if limit == LimitKind::TotalBytes {
            !std::mem::replace(&mut st.total_reported, true)
        } else {
            st.reported.insert((limit, name.to_string()))
        };
        if fresh {
            st.issues.push(issue.clone());
        }
        ReadError::Limit(issue)
    }

    /// Pulls bytes from `reader` (an inflater, a stored-entry reader or a plain
    /// file) while counting every byte that actually arrives. `compressed` is the
    /// entry's compressed size, for the ratio cap; `None` for uncompressed sources.
    ///
    /// Each read asks for at most one byte past the nearest cap, so a bomb is
    /// stopped within one byte of the cap, not one chunk or one declared size
    /// later, and the buffer never holds more than the smallest cap + 1.
    pub(crate) fn pull<R: Read + ?Sized>(
        &self,
        reader: &mut R,
        name: &str,
        compressed: Option<u64>,
        want: Want,
    ) -> Result<Vec<u8>, ReadError> {
        self.pull_sized(reader, name, compressed, want, None)
    }

    /// [`Budget::pull`] told how many bytes the entry should produce (a file's length, a
    /// zip entry's declared size). The hint only sizes the steps, at most one chunk each,
    /// so that a file is read in one call into the buffer it is returned in; a hint that
    /// lies costs at most one chunk of memory and changes nothing else.
    pub(crate) fn pull_sized<R: Read + ?Sized>(
        &self,
        reader: &mut R,
        name: &str,
        compressed: Option<u64>,
        want: Want,
        expected: Option<u64>,
    ) -> Result<Vec<u8>, ReadError> {
        let lim = self.limits;
        let ratio_cap = compressed.map(|c| c.saturating_mul(lim.max_ratio).max(RATIO_FLOOR));
        let stop_at = match want {
            Want::Whole(max) => max.saturating_add(1),
            Want::Prefix(n) => n,
        };
        // A prefix is its own size hint.
        let expected = expected.or(match want {
            Want::Whole(_) => None,
            Want::Prefix(n) => Some(n),
        });
        let mut out = Vec::new();
        let mut got: u64 = 0;
        loop {
            let mut allowance = stop_at
                .saturating_sub(got)
                .min(lim.max_entry_bytes.saturating_add(1).saturating_sub(got))
                .min(self.remaining().saturating_add(1));
            if let Some(cap) = ratio_cap {
                allowance = allowance.min(cap.saturating_add(1).saturating_sub(got));
            }
            if allowance == 0 {
                break;
            }
            // One step reads at most `ask` bytes, so every cap is met at exactly the byte it
            // was met at one `read` at a time, and the buffer never holds more than the
            // smallest cap + 1. Its room is what the hint says is left and one byte more,
            // which shows the end (a file is read in one call, and its end seen in a second);
            // past a hint that fell short, or without one, it grows with what was read.
            let ask = allowance.min(CHUNK as u64);
            let room = match expected {
                Some(expected) if got <= expected => expected - got + 1,
                _ => got.max(MIN_STEP),
            }
            .min(ask);
            let before = out.len();
            out.resize(before + usize::try_from(room).unwrap_or(CHUNK), 0);
            let (n, failure) = fill(reader, &mut out[before..]);
            out.truncate(before + n);
            got = got.saturating_add(n as u64);
            let total = {
                let mut st = self.state();
                st.total = st.total.saturating_add(n as u64);
                st.total
            };
            // The bytes before an error were counted above, as a read at a time counted them.
            if let Some(e) = failure {
                return Err(self.unreadable(name, e.to_string()));
            }
            if let (Some(cap), Some(c)) = (ratio_cap, compressed)
                && got > cap
            {
                return Err(self.exceeded(
                    LimitKind::Ratio,
                    name,
                    format!(
                        "inflated more than {got} bytes from {c} compressed bytes \
                         (ratio above {})",
                        lim.max_ratio
                    ),
                ));
            }
            if got > lim.max_entry_bytes {
                return Err(self.exceeded(
                    LimitKind::EntryBytes,
                    name,
                    format!("entry produced more than {} bytes", lim.max_entry_bytes),
                ));
            }
            if total > lim.max_total_bytes {
                return Err(self.exceeded(
                    LimitKind::TotalBytes,
                    name,
                    format!(
                        "reads of this widget produced more than {} bytes in total",
                        lim.max_total_bytes
                    ),
                ));
            }
            if let Want::Whole(max) = want
                && got > max
            {
                return Err(ReadError::TooLarge { limit: max });
            }
            // Fewer bytes than there was room for: the reader is at its end.
            if (n as u64) < room {
                break;
            }
        }
        Ok(out)
    }
}

/// Fills `buf` from `reader` until it is full or the reader is at its end: the bytes read,
/// and the error that stopped it early, if one did.
fn fill<R: Read + ?Sized>(reader: &mut R, buf: &mut [u8]) -> (usize, Option<std::io::Error>) {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            // A reader claiming more than it was given must not make us panic.
            Ok(n) => filled += n.min(buf.len() - filled),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return (filled, Some(e)),
        }
    }
    (filled, None)
}
