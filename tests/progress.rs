//! The progress bar as a person at a terminal sees it: the binary runs in a pseudo-terminal over
//! a generated collection of widgets, and the test reads what the terminal receives, with the
//! time each piece arrived. The bar must show, also while a slow first widget holds every later
//! report back; its rate must be the run's own (within a factor of 3 of the widgets counted over
//! the time since the start, at the moment the frame arrives); the report written to the same
//! terminal must come through whole; and there must be no bar under `CI`, with `--quiet`, with
//! `--no-progress`, or when standard error is not the terminal.
#![cfg(unix)]

mod common;

use common::*;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use regex::Regex;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Copies of each example widget: with the slow one, a run of a few seconds in a debug build.
const COPIES: usize = 400;

/// Extra copies of the slow widget in the runs that must not draw a bar: they are stopped after
/// two seconds, and without them a fast machine could finish before a bar was due.
const SLOW_COPIES_WITHOUT_BAR: usize = 5;

/// A bar frame: `███░░░ 351/1,201 widgets · 232/s · ETA 4s`, the figures once a widget is done.
const FRAME: &str = r"(\d[\d,]*)/(\d[\d,]*) widgets(?: · ([\d.,]+)/s · ETA \w+)?";

/// The collection: a slow widget first (an 8 MB script.js, which takes about as long as some
/// hundreds of small widgets), then `COPIES` of each example widget.
fn collection() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let slow = dir.path().join("a-slow");
    copy_dir(&examples().join("clean"), &slow);
    let script = fs::read_to_string(slow.join("script.js")).expect("script.js");
    let filler: String = (0..100_000)
        .map(|i| {
            format!(
                "    var v{i} = {{ name: 'item{i}', run: function (a) {{ return a + {i}; }} }};\n"
            )
        })
        .collect();
    let script = script.replacen(
        "    var self = this;\n",
        &format!("    var self = this;\n{filler}"),
        1,
    );
    fs::write(slow.join("script.js"), script).expect("write script.js");
    for i in 0..COPIES {
        link_dir(
            &examples().join("clean"),
            &dir.path().join(format!("c{i:03}")),
        );
        link_dir(
            &examples().join("defective"),
            &dir.path().join(format!("d{i:03}")),
        );
        let zip = dir.path().join(format!("z{i:03}"));
        link_dir(&examples().join("nested"), &zip);
    }
    dir
}

/// What a terminal received from one run, each piece with the time it arrived.
struct Screen {
    bytes: Vec<u8>,
    /// (end of a piece in `bytes`, when it arrived after the start).
    arrivals: Vec<(usize, Duration)>,
    /// How long the run lasted (until it exited or was stopped).
    lasted: Duration,
}

impl Screen {
    /// When the byte at `offset` arrived.
    fn arrival(&self, offset: usize) -> Duration {
        let i = self.arrivals.partition_point(|(end, _)| *end <= offset);
        self.arrivals
            .get(i)
            .or(self.arrivals.last())
            .map_or(Duration::ZERO, |(_, t)| *t)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    /// Every bar frame the terminal received.
    fn frames(&self) -> Vec<Frame> {
        let number = |s: &str| s.replace(',', "").parse::<f64>().expect("a number");
        let frame = Regex::new(FRAME).expect("regex");
        // The terminal receives UTF-8 only, so offsets in the text are offsets in `bytes`.
        let text = std::str::from_utf8(&self.bytes).expect("the terminal receives UTF-8");
        frame
            .captures_iter(text)
            .map(|c| Frame {
                done: number(&c[1]) as u64,
                total: number(&c[2]) as u64,
                rate: c.get(3).map(|rate| number(rate.as_str())),
                at: self.arrival(c.get(0).expect("match").end() - 1),
            })
            .collect()
    }
}

/// One drawing of the bar.
#[derive(Debug)]
struct Frame {
    done: u64,
    total: u64,
    /// Widgets a second, once a widget is done.
    rate: Option<f64>,
    /// When the terminal received it, after the start of the run.
    at: Duration,
}

/// `amolint check ARGS`, as a command line.
fn check<'a>(args: &[&'a str]) -> Vec<&'a str> {
    [&[env!("CARGO_BIN_EXE_amolint"), "check"], args].concat()
}

/// Runs `command` with a pseudo-terminal as its standard input, output and error, from `dir`,
/// with `env` set and `CI` unset; stops it after `stop_after`.
fn in_terminal(
    dir: &Path,
    command: &[&str],
    env: &[(&str, &str)],
    stop_after: Option<Duration>,
) -> Screen {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 160,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::from_argv(command.iter().map(Into::into).collect());
    cmd.cwd(dir);
    cmd.env_remove("CI");
    cmd.env_remove("NO_COLOR");
    cmd.env("TERM", "xterm-256color");
    for (key, value) in env {
        cmd.env(key, value);
    }
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let start = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).expect("spawn amolint");
    // The child holds the terminal now; with the last holder gone, reading ends.
    drop(pty.slave);
    let (sender, received) = mpsc::channel();
    let reading = std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        // Linux reports the end of a pseudo-terminal as an error (EIO) rather than 0 bytes.
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            if sender.send((buf[..n].to_vec(), start.elapsed())).is_err() {
                break;
            }
        }
    });
    let lasted = match stop_after {
        None => {
            child.wait().expect("wait");
            start.elapsed()
        }
        Some(limit) => {
            while start.elapsed() < limit && child.try_wait().expect("try_wait").is_none() {
                std::thread::sleep(Duration::from_millis(20));
            }
            let lasted = start.elapsed();
            if child.try_wait().expect("try_wait").is_none() {
                child.kill().expect("kill");
                child.wait().expect("wait");
            }
            lasted
        }
    };
    drop(pty.master);
    reading.join().expect("reader thread");
    let mut screen = Screen {
        bytes: Vec::new(),
        arrivals: Vec::new(),
        lasted,
    };
    for (piece, at) in received.try_iter() {
        screen.bytes.extend_from_slice(&piece);
        screen.arrivals.push((screen.bytes.len(), at));
    }
    screen
}

/// The lines a person reads: bar frames and the control sequences that draw and clear them
/// dropped, and blank lines too.
fn report_lines(terminal: &str) -> Vec<String> {
    let control = Regex::new(r"\x1b\[[0-9;?]*[A-Za-z]").expect("regex");
    let frame = Regex::new(&format!("^[^ ]* {FRAME} *$")).expect("regex");
    control
        .replace_all(terminal, "")
        .split('\n')
        .map(|line| {
            // The bar is redrawn with a carriage return: what is left between two of them is a
            // frame, or the report's line.
            line.split('\r')
                .filter(|piece| !frame.is_match(piece))
                .collect::<String>()
        })
        .filter(|line| !line.trim().is_empty())
        .collect()
}

#[test]
fn the_bar_shows_the_runs_own_rate_and_keeps_the_report_whole() {
    let dir = collection();
    // The same run also writes its text report to a file, for comparison.
    let file = dir.path().join("report.txt");
    let report = format!("text={}", file.to_str().expect("utf-8 path"));
    let args = ["--jobs", "2", "--color", "never", "--report", &report, "."];
    let screen = in_terminal(dir.path(), &check(&args), &[], None);
    let frames = screen.frames();
    let total = (3 * COPIES + 1) as u64;
    assert!(
        frames.len() >= 5,
        "too few bar frames ({}) in a run of {:?}: {:?}",
        frames.len(),
        screen.lasted,
        screen.text()
    );
    assert!(frames.iter().all(|f| f.total == total), "{frames:?}");
    // While the slow first widget holds back every report, nothing is done yet: the ticker
    // draws the bar all the same (without a rate, which cannot be told yet).
    let waiting = frames.iter().take_while(|f| f.done == 0).count();
    assert!(waiting >= 2, "no frame while nothing was done: {frames:?}");
    assert!(
        frames[..waiting].iter().all(|f| f.rate.is_none()),
        "{frames:?}"
    );
    // Then the held-back reports come at once, and the rate is the run's own.
    let counted: Vec<&Frame> = frames.iter().filter(|f| f.done > 0).collect();
    assert!(
        counted.len() >= 3,
        "too few frames with a count: {frames:?}"
    );
    for &&Frame { done, rate, at, .. } in &counted {
        let rate = rate.expect("a rate once a widget is done");
        let truth = done as f64 / at.as_secs_f64();
        assert!(
            rate <= truth * 3.0 && rate >= truth / 3.0,
            "the bar said {rate}/s at {done} widgets after {at:?}; the run's rate was {truth:.1}/s\n{frames:?}"
        );
    }
    // The report written to the same terminal is the file's, line for line: the bar is lifted
    // for it and never glued to a line.
    let wanted: Vec<String> = fs::read_to_string(&file)
        .expect("the report file")
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(str::to_string)
        .collect();
    let got = report_lines(&screen.text());
    assert!(wanted.len() > 1000, "{}", wanted.len());
    if got != wanted {
        let at = got.iter().zip(&wanted).take_while(|(g, w)| g == w).count();
        panic!(
            "the report in the terminal differs from line {at}: {:?} instead of {:?}",
            got.get(at),
            wanted.get(at)
        );
    }
}

#[test]
fn no_bar_in_ci_with_quiet_with_no_progress_or_when_stderr_is_not_the_terminal() {
    let dir = collection();
    // More slow widgets, so that each run outlasts the moment a bar would appear even on a
    // machine several times faster than this test was written on.
    for copy in 1..=SLOW_COPIES_WITHOUT_BAR {
        link_dir(
            &dir.path().join("a-slow"),
            &dir.path().join(format!("a-slow-{copy}")),
        );
    }
    let errors = dir.path().join("stderr.txt");
    let errors_arg = errors.to_str().expect("utf-8 path");
    // The report goes to /dev/null: only standard error can reach the terminal.
    let report = ["--jobs", "2", "-o", "/dev/null", "."];
    let quiet = [&report[..], &["--quiet"]].concat();
    let no_progress = [&report[..], &["--no-progress"]].concat();
    // Standard output on the terminal, standard error to a file, as `amolint check 2>log`.
    let shell = [
        &["sh", "-c", r#"exec "$0" "$@" 2>"$ERRORS""#][..],
        &check(&["--jobs", "2", "--color", "never", "."]),
    ]
    .concat();
    let stderr_to_file = [("ERRORS", errors_arg)];
    let cases = [
        ("CI=1", check(&report), &[("CI", "1")][..]),
        ("--quiet", check(&quiet), &[]),
        ("--no-progress", check(&no_progress), &[]),
        ("2>file", shell, &stderr_to_file),
    ];
    // Each would have drawn a bar half a second in; two seconds show there is none. The cases
    // run side by side.
    let screens: Vec<(&str, Screen)> = std::thread::scope(|scope| {
        let runs: Vec<_> = cases
            .iter()
            .map(|(case, command, env)| {
                let dir = dir.path();
                scope.spawn(move || {
                    let stop = Some(Duration::from_secs(2));
                    (*case, in_terminal(dir, command, env, stop))
                })
            })
            .collect();
        runs.into_iter()
            .map(|run| run.join().expect("run"))
            .collect()
    });
    for (case, screen) in screens {
        assert!(
            screen.lasted >= Duration::from_millis(900),
            "{case}: the run ended after {:?}, before a bar would have been drawn: too few widgets to tell",
            screen.lasted
        );
        assert!(screen.frames().is_empty(), "{case}: {:?}", screen.text());
        if case != "2>file" {
            // Nothing at all reached the terminal: no bar, and no control sequence drawing one.
            assert!(screen.bytes.is_empty(), "{case}: {:?}", screen.text());
        }
    }
    let errors = fs::read_to_string(&errors).expect("stderr file");
    assert!(!errors.contains(" widgets"), "{errors}");
}
