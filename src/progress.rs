//! The progress bar of `amolint check`: owns deciding whether a run gets one, what it shows and
//! when it is drawn, and keeping a report written to the same terminal whole around it. It must
//! not write anything else, and it never draws where nobody watches: not when standard error is
//! not a terminal, not under `CI`, not with `--quiet` or `--no-progress`, not for one widget.
//!
//! The rate and the time left are the run's own figures, widgets done over the time since the
//! checks began. indicatif's `{per_sec}` and `{eta}` come from a smoothed estimator with a
//! 15-second memory that averages the estimates of every earlier moment: in a run of a few
//! seconds whose reports arrive late or in bursts (a slow first widget holds back every later
//! report, which must come in order), it stays near its early figures, far below the truth.
//!
//! The bar is drawn by a ticker ten times a second, not only when a report arrives, so that it
//! shows and its figures move while a slow widget holds the others back; and only once a run has
//! lasted half a second, so that a quick run never flashes one.

use amolint_report::thousands;
use indicatif::{HumanDuration, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::io::{self, Write};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long a run goes before its bar appears.
const SHOW_AFTER: Duration = Duration::from_millis(500);
/// How often the ticker redraws the bar.
const TICK: Duration = Duration::from_millis(100);

/// Whether a run should get a bar: a terminal on standard error, watched by a person.
pub fn wanted(quiet: bool, no_progress: bool, widgets: usize) -> bool {
    !quiet
        && !no_progress
        && widgets > 1
        && io::IsTerminal::is_terminal(&io::stderr())
        && std::env::var_os("CI").is_none()
}

/// A run's bar on standard error, hidden until the run has lasted [`SHOW_AFTER`].
pub struct Progress {
    bar: ProgressBar,
    /// Dropping it tells the thread that would reveal the bar that the run is over.
    stop: Option<Sender<()>>,
    reveal: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts counting `total` widgets from now.
    pub fn start(total: usize) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
        bar.set_style(style());
        let (stop, stopped) = mpsc::channel::<()>();
        let revealed = bar.clone();
        let reveal = std::thread::Builder::new()
            .name("amolint-progress".into())
            .spawn(move || {
                if let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(SHOW_AFTER) {
                    revealed.set_draw_target(ProgressDrawTarget::stderr());
                    revealed.enable_steady_tick(TICK);
                }
            })
            // Without a thread the bar stays hidden: the run goes on.
            .ok();
        Progress {
            bar,
            stop: Some(stop),
            reveal,
        }
    }

    /// One more widget done.
    pub fn inc(&self) {
        self.bar.inc(1);
    }

    /// Ends the run's bar and clears it from the terminal (as dropping it does, on any way out).
    pub fn finish(self) {}

    /// `out` (the terminal the bar is drawn on) made safe to write the report to while the bar
    /// is up: complete lines only, written with the bar lifted and drawn again below them.
    pub fn around<W: Write>(&self, out: W) -> AroundBar<W> {
        AroundBar {
            out,
            bar: self.bar.clone(),
            partial: Vec::new(),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(reveal) = self.reveal.take() {
            let _ = reveal.join();
        }
        self.bar.finish_and_clear();
    }
}

/// `▓▓▓░░░ 351/1,200 widgets · 232/s · ETA 4s`; the rate and the time left once a widget is done.
fn style() -> ProgressStyle {
    let style = ProgressStyle::with_template("{bar:30} {count} widgets{figures}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    style
        .with_key(
            "count",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let len = state.len().unwrap_or(0);
                let _ = write!(
                    w,
                    "{}/{}",
                    thousands(state.pos() as usize),
                    thousands(len as usize)
                );
            },
        )
        .with_key(
            "figures",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                if let Some(figures) = Figures::of(state.pos(), state.len(), state.elapsed()) {
                    let _ = write!(w, " · {figures}");
                }
            },
        )
}

/// The rate of a run so far and the time it has left at that rate.
#[derive(Debug, PartialEq)]
struct Figures {
    per_second: f64,
    left: Duration,
}

impl Figures {
    /// `None` until a widget is done: no rate can be told before.
    fn of(done: u64, total: Option<u64>, elapsed: Duration) -> Option<Figures> {
        let seconds = elapsed.as_secs_f64();
        if done == 0 || seconds <= 0.0 {
            return None;
        }
        let per_second = done as f64 / seconds;
        let remaining = total.unwrap_or(done).saturating_sub(done);
        Some(Figures {
            per_second,
            left: Duration::from_secs_f64(remaining as f64 / per_second),
        })
    }
}

impl std::fmt::Display for Figures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rate = self.per_second;
        if rate >= 10.0 {
            write!(f, "{}/s", thousands(rate.round() as usize))?;
        } else {
            write!(f, "{rate:.1}/s")?;
        }
        write!(f, " · ETA {:#}", HumanDuration(self.left))
    }
}

/// A report's way to the terminal the bar is on: see [`Progress::around`]. A line cut by a
/// buffer's edge waits for its end; anything left is written by `flush` (at the end of the run,
/// once the bar is gone).
pub struct AroundBar<W: Write> {
    out: W,
    bar: ProgressBar,
    partial: Vec<u8>,
}

impl<W: Write> Write for AroundBar<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.partial.extend_from_slice(buf);
        if let Some(end) = self.partial.iter().rposition(|&b| b == b'\n') {
            let lines: Vec<u8> = self.partial.drain(..=end).collect();
            let out = &mut self.out;
            self.bar
                .suspend(|| out.write_all(&lines).and_then(|()| out.flush()))?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let rest = std::mem::take(&mut self.partial);
        let out = &mut self.out;
        self.bar
            .suspend(|| out.write_all(&rest).and_then(|()| out.flush()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_the_count_over_the_time_taken() {
        let figures = Figures::of(300, Some(1200), Duration::from_secs(2)).expect("figures");
        assert_eq!(figures.per_second, 150.0);
        assert_eq!(figures.left, Duration::from_secs(6));
        assert_eq!(figures.to_string(), "150/s · ETA 6s");
        assert_eq!(
            Figures::of(3, Some(2000), Duration::from_secs(4))
                .expect("figures")
                .to_string(),
            "0.8/s · ETA 44m"
        );
        assert_eq!(
            Figures::of(12_000, Some(20_000), Duration::from_secs(5))
                .expect("figures")
                .to_string(),
            "2,400/s · ETA 3s"
        );
    }

    #[test]
    fn there_are_no_figures_before_a_widget_is_done() {
        assert_eq!(Figures::of(0, Some(10), Duration::from_secs(3)), None);
        assert_eq!(Figures::of(1, Some(10), Duration::ZERO), None);
    }

    #[test]
    fn the_report_reaches_the_terminal_in_whole_lines() {
        let mut around = AroundBar {
            out: Vec::new(),
            bar: ProgressBar::hidden(),
            partial: Vec::new(),
        };
        around.write_all(b"first line\nsecond ").expect("write");
        assert_eq!(around.out, b"first line\n");
        around.write_all(b"line\nthird").expect("write");
        assert_eq!(around.out, b"first line\nsecond line\n");
        around.flush().expect("flush");
        assert_eq!(around.out, b"first line\nsecond line\nthird");
    }
}
