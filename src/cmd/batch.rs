//! `psr batch DIR|CASE... --catalogue FILE -o OUTDIR [--jobs N] [--copy ...] [--quiet]`
//!
//! With `--jobs 1` (or `--threads`) the cases are rendered on threads of this process.
//! With more, each job goes to a worker process (`psr batch-worker`, hidden) fed one
//! case at a time over a pipe: Typst's caches and the allocator are then never shared,
//! and two workers run 1.8–1.9 times as fast as one where two threads of one process
//! reach about 1.6 (docs/performance.md). Both are run by [`psr::batch::run`]. Every
//! case is checked first ([`psr::batch::plan`]): a case with errors fails there and
//! takes no output name, and the others' names are settled before any rendering, so
//! the result does not depend on which worker finishes first. An earlier batch's
//! `manifest.json` in the output folder stops the batch before it starts, unless
//! `--force`.

use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressStyle};
use psr::batch::{InProcess, Job, Options, Outcome, Status, TIME_LIMIT, Worker};
use psr::output::write_atomically;
use serde::Serialize;

use super::signals::Interrupt;
use super::signing::{SignArgs, signing_time};
use super::{Error, FAILED, INVALID, RenderArgs};

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
    /// With `--sign`, every copy is signed with one key, its passphrase asked once;
    /// the cases are then rendered on threads of this process (the key never leaves it).
    #[command(flatten)]
    sign: SignArgs,
}

/// What every worker needs to know, passed on to worker processes as is.
#[derive(Debug, Clone, clap::Args)]
pub struct Settings {
    /// The folder for the PDFs and `manifest.json` (created if missing).
    #[arg(short, long, value_name = "OUTDIR")]
    output: PathBuf,
    #[command(flatten)]
    render: RenderArgs,
}

impl Settings {
    fn as_args(&self) -> Vec<std::ffi::OsString> {
        let mut args: Vec<std::ffi::OsString> = vec!["--output".into(), self.output.clone().into()];
        args.extend(self.render.as_args());
        args
    }

    fn options(&self) -> Options<'_> {
        Options {
            editions: self.render.copy.editions(),
            out_dir: &self.output,
            force: self.render.force,
            signing: None,
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
    /// Files in the folders given that were not read, and why.
    left_aside: Vec<LeftAside>,
}

#[derive(Serialize)]
struct LeftAside {
    input: String,
    why: &'static str,
}

/// Exit status of a batch stopped early for another reason than a signal (128 +
/// SIGINT, as for Ctrl-C).
const INTERRUPTED: u8 = 130;

/// Runs `psr batch`.
pub fn execute(args: Args) -> Result<ExitCode, Error> {
    let inputs = psr::batch::case_files(&args.inputs).map_err(Error::Message)?;
    if !args.quiet {
        for (path, why) in &inputs.skipped {
            eprintln!("left aside {}: {why}", path.display());
        }
    }
    let settings = &args.settings;
    // An earlier batch's manifest is the record of what it wrote (each report's
    // SHA-256): without --force it is never replaced, and the batch does not start.
    let manifest = settings.output.join("manifest.json");
    if let Ok(existing) = std::fs::symlink_metadata(&manifest) {
        if !existing.file_type().is_file() {
            return Err(psr::output::WriteError::NotAFile(manifest).into());
        }
        if !settings.render.force {
            return Err(Error::Message(format!(
                "{} exists: an earlier batch wrote it, with the SHA-256 of every report it lists; \
                 pass --force to replace it and the reports of the same names, or give another \
                 folder (nothing was rendered)",
                manifest.display()
            )));
        }
    }
    // Built here even when workers render, so that a broken catalogue, template
    // folder or font path stops the batch before it starts.
    let pipeline = settings.render.pipeline()?;
    if !args.quiet
        && let Some(warnings) = pipeline.catalogue_warnings()
    {
        super::print_findings(&[warnings]);
    }
    std::fs::create_dir_all(&settings.output)
        .map_err(|e| Error::Message(format!("cannot create {}: {e}", settings.output.display())))?;
    // The key is opened, its passphrase asked once, before the first case.
    let signer = args.sign.signer()?;
    let when = signing_time()?;
    let signing = signer.as_ref().map(|signer| psr::Signing { signer, when });
    let interrupt = Interrupt::install();
    let stop: &AtomicBool = &interrupt.stop;
    let count = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, 64);
    let progress = Progress::new(&args, inputs.files.len());
    let report = |outcome: &Outcome| progress.case_ended(outcome);
    // Every case is checked before any is rendered: a case with errors fails here and
    // takes no output name.
    let plan = psr::batch::plan(&inputs.files, &pipeline, count, stop);
    for (_, outcome) in &plan.refused {
        if outcome.status == Status::Failed {
            report(outcome);
        }
    }
    let jobs = &plan.jobs;
    let outcomes = if count == 1 || args.threads || signing.is_some() {
        let workers = (0..count)
            .map(|_| InProcess {
                pipeline: &pipeline,
                options: psr::batch::Options {
                    signing,
                    ..settings.options()
                },
                stop,
            })
            .collect();
        psr::batch::run(jobs, workers, stop, &report)
    } else if jobs.is_empty() {
        Vec::new()
    } else {
        let workers = (0..count.min(jobs.len()))
            .map(|_| WorkerProcess::start(settings))
            .collect::<std::io::Result<Vec<_>>>()
            .map_err(|e| Error::Message(format!("cannot start worker processes: {e}")))?;
        psr::batch::run(jobs, workers, stop, &report)
    };
    progress.finish();
    let outcomes = plan.outcomes(outcomes);
    finish(&args, &outcomes, &inputs.skipped, interrupt.exit_code())
}

/// What the batch prints as cases end: a bar on a terminal, a line each otherwise.
/// Progress lines name files, never people.
struct Progress<'a> {
    args: &'a Args,
    bar: Option<ProgressBar>,
    done: AtomicUsize,
    total: usize,
}

impl<'a> Progress<'a> {
    fn new(args: &'a Args, total: usize) -> Self {
        let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(total as u64);
            if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {msg}")
            {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            args,
            bar,
            done: AtomicUsize::new(0),
            total,
        }
    }

    fn case_ended(&self, outcome: &Outcome) {
        let n = self.done.fetch_add(1, Ordering::SeqCst) + 1;
        let failed = outcome.status == Status::Failed;
        match &self.bar {
            Some(bar) => {
                bar.inc(1);
                if failed {
                    bar.println(format!("failed: {}", outcome.input));
                }
            }
            None if !self.args.quiet => {
                let name = outcome.outputs.first().map_or("", |w| w.output.as_str());
                let status = if failed { "failed" } else { "rendered" };
                eprintln!("[{n}/{}] {status} {} {name}", self.total, outcome.input);
            }
            None => {}
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Writes the manifest, prints the summary, and gives the exit status.
fn finish(
    args: &Args,
    outcomes: &[Outcome],
    left_aside: &[(PathBuf, &'static str)],
    signalled: Option<ExitCode>,
) -> Result<ExitCode, Error> {
    let count = |status: Status| outcomes.iter().filter(|o| o.status == status).count();
    let manifest = Manifest {
        catalogue: args.settings.render.catalogue.display().to_string(),
        rendered: count(Status::Rendered),
        failed: count(Status::Failed),
        skipped: count(Status::Skipped),
        warnings: outcomes.iter().map(|o| o.warnings).sum(),
        cases: outcomes,
        left_aside: left_aside
            .iter()
            .map(|(path, why)| LeftAside {
                input: path.display().to_string(),
                why,
            })
            .collect(),
    };
    let path = args.settings.output.join("manifest.json");
    let json = serde_json::to_string_pretty(&manifest)?;
    write_atomically(&path, json.as_bytes(), true)?;
    let timed_out = outcomes
        .iter()
        .any(|o| o.error.as_ref().is_some_and(|e| e.code == TIME_LIMIT));
    if !args.quiet {
        print_summary(&manifest, &path, timed_out);
    }
    // A case refused for its findings is the input's fault (1); a batch whose every
    // failure is I/O, a render or the time limit is psr's or the machine's (2).
    let input_errors = outcomes.iter().any(|o| {
        o.status == Status::Failed
            && o.error
                .as_ref()
                .is_some_and(|e| psr::diagnostic::codes::lookup(&e.code).is_some())
    });
    Ok(if let Some(signalled) = signalled {
        signalled
    } else if timed_out {
        ExitCode::from(FAILED)
    } else if manifest.skipped > 0 {
        ExitCode::from(INTERRUPTED)
    } else if manifest.failed > 0 && !input_errors {
        ExitCode::from(FAILED)
    } else if manifest.failed > 0 {
        ExitCode::from(INVALID)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_summary(manifest: &Manifest<'_>, path: &std::path::Path, timed_out: bool) {
    let skipped = match (manifest.skipped, timed_out) {
        (0, _) => String::new(),
        (n, true) => format!(", skipped {n} (stopped after a time-out)"),
        (n, false) => format!(", skipped {n} (interrupted)"),
    };
    eprintln!(
        "rendered {}, failed {}, {} warnings{skipped}; manifest: {}",
        manifest.rendered,
        manifest.failed,
        manifest.warnings,
        path.display()
    );
    for outcome in manifest.cases.iter().filter(|o| o.status == Status::Failed) {
        let Some(e) = &outcome.error else { continue };
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

/// A worker process, fed one job at a time over a pipe.
struct WorkerProcess {
    settings: Settings,
    child: Child,
    /// `None` once closed, which ends the worker.
    to_worker: Option<ChildStdin>,
    from_worker: BufReader<ChildStdout>,
}

impl WorkerProcess {
    fn start(settings: &Settings) -> std::io::Result<WorkerProcess> {
        let exe = std::env::current_exe()?;
        let mut child = Command::new(&exe)
            .arg("batch-worker")
            .args(settings.as_args())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let (Some(to_worker), Some(from_worker)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err(std::io::Error::other("no pipe to the worker"));
        };
        Ok(WorkerProcess {
            settings: settings.clone(),
            child,
            to_worker: Some(to_worker),
            from_worker: BufReader::new(from_worker),
        })
    }

    fn ask(&mut self, job: &Job) -> Option<Outcome> {
        let request = serde_json::to_string(job).ok()?;
        let to_worker = self.to_worker.as_mut()?;
        writeln!(to_worker, "{request}").ok()?;
        to_worker.flush().ok()?;
        let mut line = String::new();
        match self.from_worker.read_line(&mut line) {
            Ok(n) if n > 0 => {}
            _ => return None,
        }
        match serde_json::from_str::<Outcome>(&line) {
            Ok(outcome) => Some(outcome),
            Err(e) => {
                Error::Message(format!("internal: a worker's answer is unreadable: {e}")).print();
                None
            }
        }
    }
}

impl Worker for WorkerProcess {
    fn render(&mut self, job: &Job) -> Option<Outcome> {
        let outcome = self.ask(job)?;
        // A worker whose render went over the time limit ends (its abandoned render
        // would hold a core): a fresh one takes its place.
        if outcome.error.as_ref().is_some_and(|e| e.code == TIME_LIMIT) {
            match WorkerProcess::start(&self.settings) {
                Ok(fresh) => *self = fresh,
                Err(e) => {
                    Error::Message(format!("cannot start a worker process: {e}")).print();
                }
            }
        }
        Some(outcome)
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        // Closing the pipe ends the worker; wait for it so that none is left behind.
        drop(self.to_worker.take());
        let _ = self.child.wait();
    }
}

/// Runs `psr batch-worker`: reads jobs (JSON lines) on stdin, renders each, answers
/// with its outcome (a JSON line) on stdout, until stdin closes, Ctrl-C, or a render
/// over the time limit (whose abandoned thread would hold a core).
pub fn execute_worker(args: WorkerArgs) -> Result<ExitCode, Error> {
    let settings = &args.settings;
    let pipeline = settings.render.pipeline()?;
    // A signal to the process group reaches the workers too: each finishes its report
    // and answers; the batch process decides what comes next.
    let interrupt = Interrupt::install();
    let options = settings.options();
    let mut stdout = std::io::stdout();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        if interrupt.is_set() {
            break;
        }
        let job: Job = serde_json::from_str(&line)
            .map_err(|e| Error::Message(format!("batch-worker: unreadable job: {e}")))?;
        let outcome = psr::batch::render_job(&job, &pipeline, &options);
        let answer = serde_json::to_string(&outcome)?;
        if writeln!(stdout, "{answer}")
            .and_then(|()| stdout.flush())
            .is_err()
        {
            break;
        }
        if outcome.error.as_ref().is_some_and(|e| e.code == TIME_LIMIT) {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}
