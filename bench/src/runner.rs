//! The runner: owns timing amolint against the floor (and ajv-cli) on the generated widgets and
//! printing medians, ratios, peak RSS and amolint's per-phase profile. It must not judge the
//! figures (no pass/fail on timings): `docs/performance.md` compares them with the targets.
//!
//! Each measured command is a child process; its wall time is taken around spawn and `wait4`,
//! whose `rusage` gives the child's peak RSS. The commands of a round alternate (amolint, floor,
//! amolint, …) so that a burst of load from elsewhere on the machine hits both sides.

use crate::generate;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct RunArgs {
    /// The amolint binary to measure
    #[arg(long, value_name = "FILE")]
    amolint: PathBuf,
    /// Where the widgets are generated (reused when already there)
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Widgets of each kind (folders and zips)
    #[arg(long, default_value_t = 2000)]
    count: usize,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Threads for amolint and the floor
    #[arg(long, default_value_t = 2)]
    jobs: usize,
    /// Measured rounds after the warm-up (medians are over these)
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// ajv-cli's `ajv` executable; the comparison is skipped without it
    #[arg(long, value_name = "FILE")]
    ajv: Option<PathBuf>,
}

/// One finished child: wall time, peak RSS in KiB and exit code.
struct Sample {
    time: Duration,
    max_rss_kib: u64,
    code: i32,
}

/// Runs `command` with its output discarded and measures it.
fn measure(command: &mut Command) -> Result<Sample, String> {
    command.stdout(Stdio::null()).stderr(Stdio::null());
    let started = Instant::now();
    let child = command
        .spawn()
        .map_err(|e| format!("could not start {command:?}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, valid when zeroed; `wait4` fills it and the status.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own un-reaped child; both pointers are to live locals.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let time = started.elapsed();
    if reaped != pid {
        return Err(format!("wait4 failed for {command:?}"));
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Ok(Sample {
        time,
        max_rss_kib: usage.ru_maxrss as u64,
        code,
    })
}

/// A measured case: its samples and the exit codes it may have (amolint exits 1 on findings).
struct Case {
    name: String,
    make: Box<dyn Fn() -> Command>,
    before: Option<Box<dyn Fn()>>,
    accept: &'static [i32],
    samples: Vec<Sample>,
}

impl Case {
    fn new(name: &str, accept: &'static [i32], make: impl Fn() -> Command + 'static) -> Case {
        Case {
            name: name.to_string(),
            make: Box::new(make),
            before: None,
            accept,
            samples: Vec::new(),
        }
    }

    fn before(mut self, f: impl Fn() + 'static) -> Case {
        self.before = Some(Box::new(f));
        self
    }

    fn once(&mut self) -> Result<Sample, String> {
        if let Some(before) = &self.before {
            before();
        }
        let sample = measure(&mut (self.make)())?;
        if !self.accept.contains(&sample.code) {
            return Err(format!(
                "{}: exit code {} (expected one of {:?})",
                self.name, sample.code, self.accept
            ));
        }
        Ok(sample)
    }

    fn median(&self) -> Duration {
        let mut times: Vec<Duration> = self.samples.iter().map(|s| s.time).collect();
        times.sort();
        times.get(times.len() / 2).copied().unwrap_or_default()
    }

    fn peak_rss_mib(&self) -> f64 {
        self.samples
            .iter()
            .map(|s| s.max_rss_kib)
            .max()
            .unwrap_or(0) as f64
            / 1024.0
    }
}

const AMOLINT_OK: &[i32] = &[0, 1];
const ZERO: &[i32] = &[0];

pub fn run(args: &RunArgs) -> Result<(), String> {
    let data = &args.data;
    let started = Instant::now();
    let generated = generate::generate(data, args.count, args.seed)
        .map_err(|e| format!("generating the widgets failed: {e}"))?;
    eprintln!(
        "widgets ready: {} folders + {} zips in {} ({:.1} s)",
        generated.count,
        generated.count,
        data.display(),
        started.elapsed().as_secs_f64()
    );
    let floor_bin = std::env::current_exe().map_err(|e| e.to_string())?;
    let jobs = args.jobs.to_string();
    let amolint = args.amolint.clone();
    let folders = generated.folders.clone();
    let zips = generated.zips.clone();
    let cache_dir = data.join("cache");
    let no_config = data.join("default.toml");
    // An empty configuration: the defaults, whatever rules.toml the current folder has.
    std::fs::write(&no_config, "").map_err(|e| e.to_string())?;

    let amolint_cmd = {
        let amolint = amolint.clone();
        let no_config = no_config.clone();
        move |jobs: &str, format: &str, paths: &[&Path]| {
            let mut c = Command::new(&amolint);
            c.args(["check", "--no-progress", "--quiet", "--format", format])
                .arg("--config")
                .arg(&no_config)
                .args(["--jobs", jobs])
                .args(paths);
            c
        }
    };
    let floor_cmd = {
        let floor_bin = floor_bin.clone();
        move |jobs: &str, paths: &[&Path]| {
            let mut c = Command::new(&floor_bin);
            c.args(["floor", "--jobs", jobs]).args(paths);
            c
        }
    };

    let mut cases: Vec<Case> = Vec::new();
    {
        let (a, f) = (amolint_cmd.clone(), folders.clone());
        let j = jobs.clone();
        cases.push(Case::new("amolint folders", AMOLINT_OK, move || {
            a(&j, "json", &[&f])
        }));
        let (fl, f, j) = (floor_cmd.clone(), folders.clone(), jobs.clone());
        cases.push(Case::new("floor folders", ZERO, move || fl(&j, &[&f])));
        let (a, z, j) = (amolint_cmd.clone(), zips.clone(), jobs.clone());
        cases.push(Case::new("amolint zips", AMOLINT_OK, move || {
            a(&j, "json", &[&z])
        }));
        let (fl, z, j) = (floor_cmd.clone(), zips.clone(), jobs.clone());
        cases.push(Case::new("floor zips", ZERO, move || fl(&j, &[&z])));
        for format in ["json", "sarif"] {
            let (a, f, z, j) = (
                amolint_cmd.clone(),
                folders.clone(),
                zips.clone(),
                jobs.clone(),
            );
            cases.push(Case::new(
                &format!("amolint all --format {format}"),
                AMOLINT_OK,
                move || a(&j, format, &[&f, &z]),
            ));
        }
        let (a, f, z) = (amolint_cmd.clone(), folders.clone(), zips.clone());
        cases.push(Case::new("amolint all --jobs 1", AMOLINT_OK, move || {
            a("1", "json", &[&f, &z])
        }));
        let (a, f, z, j, c) = (
            amolint_cmd.clone(),
            folders.clone(),
            zips.clone(),
            jobs.clone(),
            cache_dir.clone(),
        );
        let c2 = cache_dir.clone();
        cases.push(
            Case::new("amolint all --cache (first run)", AMOLINT_OK, move || {
                let mut cmd = a(&j, "json", &[&f, &z]);
                cmd.arg("--cache").arg(&c);
                cmd
            })
            .before(move || {
                let _ = std::fs::remove_dir_all(&c2);
            }),
        );
        let (a, f, z, j, c) = (
            amolint_cmd.clone(),
            folders.clone(),
            zips.clone(),
            jobs.clone(),
            cache_dir.clone(),
        );
        cases.push(Case::new(
            "amolint all --cache (second run)",
            AMOLINT_OK,
            move || {
                let mut cmd = a(&j, "json", &[&f, &z]);
                cmd.arg("--cache").arg(&c);
                cmd
            },
        ));
        let (a, w, j) = (amolint_cmd.clone(), folders.join("w00000"), jobs.clone());
        cases.push(Case::new(
            "amolint one small widget",
            AMOLINT_OK,
            move || a(&j, "text", &[&w]),
        ));
        let (a, f, j, m) = (
            amolint.clone(),
            folders.clone(),
            jobs.clone(),
            data.join("manifest-only.toml"),
        );
        cases.push(Case::new(
            "amolint folders, manifest pack only",
            AMOLINT_OK,
            move || {
                let mut c = Command::new(&a);
                c.args(["check", "--no-progress", "--quiet", "--format", "json"])
                    .arg("--config")
                    .arg(&m)
                    .args(["--jobs", &j])
                    .arg(&f);
                c
            },
        ));
        if let Some(ajv) = &args.ajv {
            let (ajv, schema, f) = (
                ajv.clone(),
                data.join("manifest-schema.json"),
                folders.clone(),
            );
            cases.push(Case::new(
                "ajv-cli folders' manifest.json",
                &[0, 1],
                move || {
                    let mut c = Command::new(&ajv);
                    c.arg("validate")
                        .arg("-s")
                        .arg(&schema)
                        .arg("-d")
                        .arg(f.join("*").join("manifest.json"))
                        .arg("--errors=line");
                    c
                },
            ));
        }
    }

    // Other processes' load skews wall times: the table gives it at both ends of the run.
    let load_at_start = load_average();
    eprintln!("warm-up: every case once");
    for case in &mut cases {
        case.once()?;
    }
    // The small widget is quick: more samples make its median steadier.
    for round in 1..=args.runs {
        eprintln!("round {round}/{}", args.runs);
        for case in &mut cases {
            let repeat = if case.name.contains("small") { 10 } else { 1 };
            for _ in 0..repeat {
                let sample = case.once()?;
                case.samples.push(sample);
            }
        }
    }

    let get = |name: &str| cases.iter().find(|c| c.name == name);
    println!();
    println!(
        "amolint benchmark: {n} folders + {n} zips, --jobs {j}, {r} rounds (medians), load {start} at start, {load} at end",
        n = args.count,
        j = args.jobs,
        r = args.runs,
        start = load_at_start,
        load = load_average()
    );
    println!();
    println!(
        "{:<40} {:>10} {:>10} {:>10} {:>10}",
        "case", "median s", "min s", "max s", "peak MiB"
    );
    for case in &cases {
        let min = case
            .samples
            .iter()
            .map(|s| s.time)
            .min()
            .unwrap_or_default();
        let max = case
            .samples
            .iter()
            .map(|s| s.time)
            .max()
            .unwrap_or_default();
        println!(
            "{:<40} {:>10.3} {:>10.3} {:>10.3} {:>10.1}",
            case.name,
            case.median().as_secs_f64(),
            min.as_secs_f64(),
            max.as_secs_f64(),
            case.peak_rss_mib()
        );
    }
    println!();
    println!("targets:");
    let ratio = |a: &str, b: &str| -> Option<f64> {
        Some(get(a)?.median().as_secs_f64() / get(b)?.median().as_secs_f64())
    };
    if let Some(r) = ratio("amolint folders", "floor folders") {
        println!("  folders: amolint / floor          {r:>6.2}x   (target <= 1.5x)");
    }
    if let Some(r) = ratio("amolint zips", "floor zips") {
        println!("  zips: amolint / floor             {r:>6.2}x   (target <= 1.5x)");
    }
    if let Some(r) = ratio(
        "amolint all --cache (first run)",
        "amolint all --cache (second run)",
    ) {
        println!("  cache: first / second run         {r:>6.2}x   (target >= 3x)");
    }
    // What the cache costs a run that cannot use it: the first run against the same run
    // without --cache (issue 19).
    if let Some(r) = ratio(
        "amolint all --cache (first run)",
        "amolint all --format json",
    ) {
        println!("  cache: first run / no cache       {r:>6.2}x   (target <= 1.15x)");
    }
    if let Some(r) = ratio("amolint all --jobs 1", "amolint all --format json") {
        println!(
            "  jobs: --jobs 1 / --jobs {}          {r:>6.2}x   (target >= 1.8x)",
            args.jobs
        );
    }
    for format in ["json", "sarif"] {
        if let Some(c) = get(&format!("amolint all --format {format}")) {
            println!(
                "  peak RSS, 2x{} widgets, {format:<5}    {:>6.1} MiB (target <= 150 MB)",
                args.count,
                c.peak_rss_mib()
            );
        }
    }
    if let Some(c) = get("amolint one small widget") {
        println!(
            "  one small widget, start to exit   {:>6.1} ms  (target < 10 ms)",
            c.median().as_secs_f64() * 1000.0
        );
    }
    match ratio(
        "ajv-cli folders' manifest.json",
        "amolint folders, manifest pack only",
    ) {
        Some(r) => println!(
            "  manifest only: ajv-cli / amolint  {r:>6.2}x   (target > 1x; amolint {:.3} s, ajv {:.3} s)",
            get("amolint folders, manifest pack only").map_or(0.0, |c| c.median().as_secs_f64()),
            get("ajv-cli folders' manifest.json").map_or(0.0, |c| c.median().as_secs_f64())
        ),
        None => println!("  manifest only: ajv-cli not installed, comparison skipped"),
    }

    let mut profile = amolint_cmd(&jobs, "json", &[&folders, &zips]);
    profile
        .env("AMOLINT_PROFILE", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let output = profile
        .output()
        .map_err(|e| format!("profile run failed: {e}"))?;
    println!();
    println!("amolint's profile (AMOLINT_PROFILE=1, all widgets, --format json):");
    print!("{}", String::from_utf8_lossy(&output.stderr));
    let _ = std::fs::remove_dir_all(&cache_dir);
    Ok(())
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_string())
}
