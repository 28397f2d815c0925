//! `psr batch DIR|CASE... --catalogue FILE -o OUTDIR [--jobs N] [--copy ...] [--quiet]`
//!
//! With `--jobs 1` the cases are rendered in this process. With more, each job is a
//! worker process (`psr batch-worker`, hidden) fed one case at a time over a pipe:
//! Typst's caches and the allocator are then never shared, and two workers run 1.8–1.9
//! times as fast as one where two threads of one process reach about 1.6
//! (docs/performance.md). Output names are settled before any work starts, so the
//! result does not depend on which worker finishes first.

use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use indicatif::{ProgressBar, ProgressStyle};
use psr::batch::{Job, Options, Outcome, Status};
use psr::load::Loaded;
use psr::model::Catalogue;
use psr::output::write_atomically;
use psr::render::Engine;
use serde::Serialize;

use super::{CopyArg, FAILED, INVALID, report_failure};

/// Arguments of `psr batch`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case files, or folders of `.yaml` case files.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    settings: Settings,
    /// Reports rendered at once (default: the number of cores).
    #[arg(short, long)]
    jobs: Option<usize>,
    /// Render on threads of this one process instead of worker processes.
    #[arg(long)]
    threads: bool,
    /// Print nothing but errors that stop the whole batch.
    #[arg(short, long)]
    quiet: bool,
}

/// What every worker needs to know, passed on to worker processes as is.
#[derive(Debug, Clone, clap::Args)]
pub struct Settings {
    /// The catalogue of measures available in the area (YAML).
    #[arg(long, value_name = "FILE")]
    catalogue: PathBuf,
    /// The folder for the PDFs and `manifest.json` (created if missing).
    #[arg(short, long, value_name = "OUTDIR")]
    output: PathBuf,
    /// Which copies of each case.
    #[arg(long, value_enum, default_value = "court")]
    copy: CopyArg,
    #[command(flatten)]
    engine: super::EngineArgs,
    /// Replace PDFs that exist.
    #[arg(long)]
    force: bool,
    /// Stop the batch with an error if one case takes longer than this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    time_limit: u64,
}

impl Settings {
    fn as_args(&self) -> Vec<std::ffi::OsString> {
        let mut args: Vec<std::ffi::OsString> = vec![
            "--catalogue".into(),
            self.catalogue.clone().into(),
            "--output".into(),
            self.output.clone().into(),
            "--copy".into(),
            clap::ValueEnum::to_possible_value(&self.copy)
                .map(|v| v.get_name().to_string())
                .unwrap_or_default()
                .into(),
            "--time-limit".into(),
            self.time_limit.to_string().into(),
        ];
        args.extend(self.engine.as_args());
        if self.force {
            args.push("--force".into());
        }
        args
    }

    /// The catalogue, checked (its fonts too), and the engine: what the batch and each
    /// worker process start with. A failure is printed; its exit status returned.
    fn catalogue_and_engine(&self) -> Result<(Arc<Loaded<Catalogue>>, Engine), ExitCode> {
        let catalogue = psr::load_catalogue(&self.catalogue).map_err(|f| report_failure(&f))?;
        let engine = super::engine(&self.engine)?;
        psr::check_catalogue_fonts(&catalogue, &|c| engine.can_print(c))
            .map_err(|f| report_failure(&f))?;
        Ok((catalogue, engine))
    }

    fn options(&self, jobs: usize) -> Options<'_> {
        Options {
            jobs,
            copies: self.copy.copies(),
            out_dir: &self.output,
            force: self.force,
            time_limit: std::time::Duration::from_secs(self.time_limit),
        }
    }
}

/// Arguments of the hidden `psr batch-worker`.
#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    settings: Settings,
}

#[derive(Serialize)]
struct Manifest<'a> {
    catalogue: String,
    rendered: usize,
    failed: usize,
    skipped: usize,
    warnings: usize,
    cases: &'a [Outcome],
}

/// Exit status of an interrupted batch (128 + SIGINT), as shells report it.
const INTERRUPTED: u8 = 130;

/// Ctrl-C: finish the reports under way (each is written whole), skip the rest.
fn stop_on_interrupt() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    stop
}

/// Runs `psr batch`.
pub fn execute(args: Args) -> ExitCode {
    let inputs = match psr::batch::case_files(&args.inputs) {
        Ok(inputs) => inputs,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(FAILED);
        }
    };
    let settings = &args.settings;
    // Checked here even when workers render, so that a broken catalogue, template
    // folder or font path stops the batch before it starts; the engine is kept only
    // when this process renders itself.
    let (catalogue, engine) = match settings.catalogue_and_engine() {
        Ok(both) => both,
        Err(status) => return status,
    };
    if let Err(e) = std::fs::create_dir_all(&settings.output) {
        eprintln!("error: cannot create {}: {e}", settings.output.display());
        return ExitCode::from(FAILED);
    }
    let stop = stop_on_interrupt();
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, 64);

    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(inputs.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {msg}") {
            bar.set_style(style);
        }
        bar
    });
    let total = inputs.len();
    let done = AtomicUsize::new(0);
    // Progress lines name files, never people.
    let progress = |outcome: &Outcome| {
        let n = done.fetch_add(1, Ordering::SeqCst) + 1;
        match &bar {
            Some(bar) => {
                bar.inc(1);
                if outcome.status == Status::Failed {
                    bar.println(format!("failed: {}", outcome.input));
                }
            }
            None if !args.quiet => {
                let name = outcome.outputs.first().map_or("", |w| w.output.as_str());
                let status = if outcome.status == Status::Failed {
                    "failed"
                } else {
                    "rendered"
                };
                eprintln!("[{n}/{total}] {status} {} {name}", outcome.input);
            }
            None => {}
        }
    };
    let outcomes = if jobs == 1 || args.threads {
        psr::batch::run(
            &inputs,
            &catalogue,
            &engine,
            &settings.options(jobs),
            &stop,
            &progress,
        )
    } else {
        match run_workers(&inputs, settings, jobs, &stop, &progress) {
            Ok(outcomes) => outcomes,
            Err(e) => {
                eprintln!("error: cannot start worker processes: {e}");
                return ExitCode::from(FAILED);
            }
        }
    };
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    finish(&args, &outcomes)
}

/// Writes the manifest, prints the summary, and gives the exit status.
fn finish(args: &Args, outcomes: &[Outcome]) -> ExitCode {
    let count = |status: Status| outcomes.iter().filter(|o| o.status == status).count();
    let manifest = Manifest {
        catalogue: args.settings.catalogue.display().to_string(),
        rendered: count(Status::Rendered),
        failed: count(Status::Failed),
        skipped: count(Status::Skipped),
        warnings: outcomes.iter().map(|o| o.warnings).sum(),
        cases: outcomes,
    };
    let path = args.settings.output.join("manifest.json");
    let json = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    if let Err(e) = write_atomically(&path, json.as_bytes(), true) {
        eprintln!("error: {e}");
        return ExitCode::from(FAILED);
    }
    if !args.quiet {
        let skipped = if manifest.skipped > 0 {
            format!(", skipped {} (interrupted)", manifest.skipped)
        } else {
            String::new()
        };
        eprintln!(
            "rendered {}, failed {}, {} warnings{skipped}; manifest: {}",
            manifest.rendered,
            manifest.failed,
            manifest.warnings,
            path.display()
        );
        for outcome in outcomes.iter().filter(|o| o.status == Status::Failed) {
            if let Some(e) = &outcome.error {
                let line = e.line.map(|l| format!(":{l}")).unwrap_or_default();
                let path = if e.path.is_empty() {
                    String::new()
                } else {
                    format!(" {}", e.path)
                };
                let more = if e.errors > 1 {
                    format!(" (and {} more)", e.errors - 1)
                } else {
                    String::new()
                };
                eprintln!(
                    "  failed: {}{line}: {}{path}: {}{more}",
                    outcome.input, e.code, e.message
                );
            }
        }
    }
    if manifest.skipped > 0 {
        ExitCode::from(INTERRUPTED)
    } else if manifest.failed > 0 {
        ExitCode::from(INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

/// Feeds jobs one at a time to `count` worker processes and collects their outcomes.
fn run_workers(
    inputs: &[PathBuf],
    settings: &Settings,
    count: usize,
    stop: &AtomicBool,
    progress: &(dyn Fn(&Outcome) + Sync),
) -> std::io::Result<Vec<Outcome>> {
    let jobs = psr::batch::jobs(inputs);
    let exe = std::env::current_exe()?;
    let mut children = Vec::new();
    for _ in 0..count.min(jobs.len().max(1)) {
        children.push(
            Command::new(&exe)
                .arg("batch-worker")
                .args(settings.as_args())
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()?,
        );
    }
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; jobs.len()]);
    std::thread::scope(|scope| {
        for child in &mut children {
            let (Some(mut to_worker), Some(from_worker)) =
                (child.stdin.take(), child.stdout.take())
            else {
                continue;
            };
            let (jobs, next, outcomes) = (&jobs, &next, &outcomes);
            scope.spawn(move || {
                let mut from_worker = BufReader::new(from_worker);
                let mut line = String::new();
                while !stop.load(Ordering::SeqCst) {
                    let Some(job) = jobs.get(next.fetch_add(1, Ordering::SeqCst)) else {
                        break;
                    };
                    let request = serde_json::to_string(job).unwrap_or_default();
                    line.clear();
                    let answered = writeln!(to_worker, "{request}")
                        .and_then(|()| to_worker.flush())
                        .and_then(|()| from_worker.read_line(&mut line));
                    let outcome = match answered {
                        Ok(n) if n > 0 => match serde_json::from_str::<Outcome>(&line) {
                            Ok(outcome) => outcome,
                            Err(e) => {
                                eprintln!("error: internal: a worker's answer is unreadable: {e}");
                                break;
                            }
                        },
                        // The worker is gone. Interrupted: the cases not rendered are
                        // listed as skipped. Otherwise this case failed with it.
                        _ => {
                            if !stop.load(Ordering::SeqCst)
                                && let Ok(mut all) = outcomes.lock()
                            {
                                all[job.index] = Some(psr::batch::lost(job));
                            }
                            break;
                        }
                    };
                    progress(&outcome);
                    if let Ok(mut all) = outcomes.lock() {
                        all[job.index] = Some(outcome);
                    }
                }
                // Closing the pipe ends the worker.
                drop(to_worker);
            });
        }
    });
    for child in &mut children {
        let _ = child.wait();
    }
    let all = outcomes.into_inner().unwrap_or_default();
    Ok(all
        .into_iter()
        .zip(&jobs)
        .map(|(outcome, job)| outcome.unwrap_or_else(|| psr::batch::skipped(job)))
        .collect())
}

/// Runs `psr batch-worker`: reads jobs (JSON lines) on stdin, renders each, answers
/// with its outcome (a JSON line) on stdout, until stdin closes or Ctrl-C.
pub fn execute_worker(args: WorkerArgs) -> ExitCode {
    let settings = &args.settings;
    let (catalogue, engine) = match settings.catalogue_and_engine() {
        Ok(both) => both,
        Err(status) => return status,
    };
    let stop = stop_on_interrupt();
    let options = settings.options(1);
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(job) = serde_json::from_str::<Job>(&line) else {
            eprintln!("error: batch-worker: unreadable job");
            return ExitCode::from(FAILED);
        };
        let outcome = psr::batch::render_job(&job, &catalogue, &engine, &options);
        let answer = serde_json::to_string(&outcome).unwrap_or_default();
        if writeln!(stdout, "{answer}")
            .and_then(|()| stdout.flush())
            .is_err()
        {
            break;
        }
    }
    ExitCode::SUCCESS
}
