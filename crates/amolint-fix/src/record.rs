//! A source that remembers what it gave: a hash of every file the rules read in one pass, so
//! that the bytes a fix is applied to can be checked to be the very bytes its spans were
//! computed on, without keeping every file in memory.

use amolint_core::source::{DirSource, Entry, Limits, ReadError, Source, SourceIssue, SourceKind};
use std::collections::HashMap;
use std::sync::Mutex;

pub(crate) struct Recorded {
    inner: DirSource,
    reads: Mutex<HashMap<String, blake3::Hash>>,
}

impl Recorded {
    pub(crate) fn new(inner: DirSource) -> Recorded {
        Recorded {
            inner,
            reads: Mutex::new(HashMap::new()),
        }
    }

    /// The file at `path` (a path in the source) again, when it still has the bytes the rules
    /// read in this pass; otherwise why not.
    pub(crate) fn reread(&self, path: &str, max: u64) -> Result<Vec<u8>, String> {
        let seen = self
            .reads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .copied()
            .ok_or("no rule read it")?;
        let bytes = self
            .inner
            .read(path, max)
            .map_err(|e| format!("it could not be read again ({e})"))?;
        if blake3::hash(&bytes) != seen {
            return Err("it changed on disk while amolint was checking it".to_string());
        }
        Ok(bytes)
    }
}

impl Source for Recorded {
    fn kind(&self) -> SourceKind {
        self.inner.kind()
    }

    fn archive_size(&self) -> Option<u64> {
        self.inner.archive_size()
    }

    fn entries(&self) -> &[Entry] {
        self.inner.entries()
    }

    fn issues(&self) -> Vec<SourceIssue> {
        self.inner.issues()
    }

    fn read(&self, path: &str, max: u64) -> Result<Vec<u8>, ReadError> {
        let bytes = self.inner.read(path, max)?;
        self.reads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), blake3::hash(&bytes));
        Ok(bytes)
    }

    fn read_prefix(&self, path: &str, n: usize) -> Result<Vec<u8>, ReadError> {
        self.inner.read_prefix(path, n)
    }

    fn limits(&self) -> Limits {
        self.inner.limits()
    }
}
