//! The floor: owns doing the least work any widget checker must do, so that amolint's time can
//! be judged against it. It must not do more (no JSON parsing, no rules, no output beyond a
//! count) nor less (every file is stat-ed, every text file read whole, every image's first
//! 64 bytes read, `script.js` parsed once with oxc).
//!
//! Walk each folder, stat every file, read every `.json`/`.js`/`.twig` whole and the first 64
//! bytes of every other file, parse the root `script.js`; for a zip, read the central
//! directory, inflate every `.json`/`.js`/`.twig` entry (parsing `script.js` the same way) and
//! the first 64 bytes of the others. The widgets are spread over a rayon pool of `jobs` threads,
//! as amolint's are.

use rayon::prelude::*;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// What the floor saw, so that the work cannot be optimised away and runs can be compared.
#[derive(Default, Clone, Copy)]
pub struct Tally {
    pub widgets: usize,
    pub files: usize,
    pub bytes: u64,
    pub syntax_errors: usize,
}

impl Tally {
    fn add(self, other: Tally) -> Tally {
        Tally {
            widgets: self.widgets + other.widgets,
            files: self.files + other.files,
            bytes: self.bytes + other.bytes,
            syntax_errors: self.syntax_errors + other.syntax_errors,
        }
    }
}

/// Checks the widget folders and zips directly under each of `paths` (or `paths` themselves
/// when they are widgets), on `jobs` threads.
pub fn run(paths: &[PathBuf], jobs: usize, fresh_arena: bool) -> io::Result<Tally> {
    FRESH_ARENA.store(fresh_arena, std::sync::atomic::Ordering::Relaxed);
    let mut targets = Vec::new();
    for path in paths {
        if is_widget(path) {
            targets.push(path.clone());
            continue;
        }
        for entry in fs::read_dir(path)? {
            let entry = entry?;
            let candidate = entry.path();
            if is_widget(&candidate) {
                targets.push(candidate);
            } else if candidate.join("widget.zip").is_file() {
                targets.push(candidate.join("widget.zip"));
            }
        }
    }
    targets.sort();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(io::Error::other)?;
    pool.install(|| {
        targets
            .par_iter()
            .map(|t| {
                if t.extension().is_some_and(|e| e == "zip") {
                    zip_widget(t)
                } else {
                    folder_widget(t)
                }
            })
            .try_reduce(Tally::default, |a, b| Ok(a.add(b)))
    })
}

fn is_widget(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "zip") || path.join("manifest.json").is_file()
}

fn is_text(name: &str) -> bool {
    name.ends_with(".json") || name.ends_with(".js") || name.ends_with(".twig")
}

fn folder_widget(root: &Path) -> io::Result<Tally> {
    let mut tally = Tally {
        widgets: 1,
        ..Tally::default()
    };
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            let meta = fs::symlink_metadata(&path)?;
            if meta.is_dir() {
                stack.push(path);
                continue;
            }
            tally.files += 1;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if is_text(&name) {
                let bytes = fs::read(&path)?;
                tally.bytes += bytes.len() as u64;
                if dir == root && name == "script.js" {
                    tally.syntax_errors += parse_script(&bytes);
                }
            } else {
                let mut head = [0u8; 64];
                let n = read_up_to(&mut fs::File::open(&path)?, &mut head)?;
                tally.bytes += n as u64;
            }
        }
    }
    Ok(tally)
}

fn zip_widget(path: &Path) -> io::Result<Tally> {
    let mut tally = Tally {
        widgets: 1,
        ..Tally::default()
    };
    let file = fs::File::open(path)?;
    let mut archive = zip::ZipArchive::new(file).map_err(io::Error::other)?;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(io::Error::other)?;
        if entry.is_dir() {
            continue;
        }
        tally.files += 1;
        let name = entry.name().map_err(io::Error::other)?.to_string();
        if is_text(&name) {
            let mut bytes = Vec::with_capacity(entry.size() as usize);
            entry.read_to_end(&mut bytes)?;
            tally.bytes += bytes.len() as u64;
            if name == "script.js" {
                tally.syntax_errors += parse_script(&bytes);
            }
        } else {
            let mut head = [0u8; 64];
            let n = read_up_to(&mut entry, &mut head)?;
            tally.bytes += n as u64;
        }
    }
    Ok(tally)
}

fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// `--fresh-arena`: a new oxc arena for every script, as a naive checker would parse.
static FRESH_ARENA: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

thread_local! {
    /// One oxc arena per thread, reset between scripts, as amolint keeps one per parser thread:
    /// the floor must not pay for what a careful checker avoids.
    static ARENA: std::cell::RefCell<oxc_allocator::Allocator> =
        std::cell::RefCell::new(oxc_allocator::Allocator::default());
}

/// Parses `script.js` with oxc, as a syntax check must; returns 1 when it has errors.
fn parse_script(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes);
    if FRESH_ARENA.load(std::sync::atomic::Ordering::Relaxed) {
        let allocator = oxc_allocator::Allocator::default();
        let parsed =
            oxc_parser::Parser::new(&allocator, &text, oxc_span::SourceType::unambiguous()).parse();
        return usize::from(parsed.diagnostics.errors().next().is_some() || parsed.panicked);
    }
    ARENA.with(|arena| {
        let mut allocator = arena.borrow_mut();
        // The same source type as amolint: a script with import/export parses as a module.
        let errors = {
            let parsed =
                oxc_parser::Parser::new(&allocator, &text, oxc_span::SourceType::unambiguous())
                    .parse();
            usize::from(parsed.diagnostics.errors().next().is_some() || parsed.panicked)
        };
        allocator.reset();
        errors
    })
}
