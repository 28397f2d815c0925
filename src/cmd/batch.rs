//! `psr batch DIR|CASE... --catalogue FILE -o OUTDIR [--jobs N] [--copy ...] [--quiet]`

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressStyle};
use psr::batch::{Options, Outcome};
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
    /// The catalogue of measures available in the area (YAML).
    #[arg(long, value_name = "FILE")]
    catalogue: PathBuf,
    /// The folder for the PDFs and `manifest.json` (created if missing).
    #[arg(short, long, value_name = "OUTDIR")]
    output: PathBuf,
    /// Reports rendered at once (default: the number of cores).
    #[arg(short, long)]
    jobs: Option<usize>,
    /// Which copies of each case.
    #[arg(long, value_enum, default_value = "court")]
    copy: CopyArg,
    /// A folder of templates overriding the built-in ones.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Replace PDFs that exist.
    #[arg(long)]
    force: bool,
    /// Stop the batch with an error if one case takes longer than this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    time_limit: u64,
    /// Print nothing but errors that stop the whole batch.
    #[arg(short, long)]
    quiet: bool,
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

/// Runs `psr batch`.
pub fn execute(args: Args) -> ExitCode {
    let inputs = match psr::batch::case_files(&args.inputs) {
        Ok(inputs) => inputs,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(FAILED);
        }
    };
    let catalogue = match psr::load_catalogue(&args.catalogue) {
        Ok(catalogue) => catalogue,
        Err(failure) => return report_failure(&failure),
    };
    let engine = match Engine::new(args.templates.as_deref()) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(FAILED);
        }
    };
    if let Err(e) = std::fs::create_dir_all(&args.output) {
        eprintln!("error: cannot create {}: {e}", args.output.display());
        return ExitCode::from(FAILED);
    }
    // Ctrl-C: finish the reports under way (each is written whole), skip the rest.
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let options = Options {
        jobs,
        copies: args.copy.copies(),
        out_dir: &args.output,
        force: args.force,
        time_limit: std::time::Duration::from_secs(args.time_limit),
    };

    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(inputs.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {msg}") {
            bar.set_style(style);
        }
        bar
    });
    let total = inputs.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    // Progress lines name files, never people.
    let progress = |outcome: &Outcome| {
        let n = done.fetch_add(1, Ordering::SeqCst) + 1;
        match &bar {
            Some(bar) => {
                bar.inc(1);
                if outcome.status == "failed" {
                    bar.println(format!("failed: {}", outcome.input));
                }
            }
            None if !args.quiet => {
                let name = outcome.outputs.first().map_or("", |w| w.output.as_str());
                eprintln!("[{n}/{total}] {} {} {name}", outcome.status, outcome.input);
            }
            None => {}
        }
    };
    let outcomes = psr::batch::run(&inputs, &catalogue, &engine, &options, &stop, &progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }

    let count = |status: &str| outcomes.iter().filter(|o| o.status == status).count();
    let manifest = Manifest {
        catalogue: args.catalogue.display().to_string(),
        rendered: count("rendered"),
        failed: count("failed"),
        skipped: count("skipped"),
        warnings: outcomes.iter().map(|o| o.warnings).sum(),
        cases: &outcomes,
    };
    let json = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    if let Err(e) = write_atomically(&args.output.join("manifest.json"), json.as_bytes(), true) {
        eprintln!("error: {e}");
        return ExitCode::from(FAILED);
    }
    if !args.quiet {
        eprintln!(
            "rendered {}, failed {}, {} warnings{}; manifest: {}",
            manifest.rendered,
            manifest.failed,
            manifest.warnings,
            if manifest.skipped > 0 {
                format!(", skipped {} (interrupted)", manifest.skipped)
            } else {
                String::new()
            },
            args.output.join("manifest.json").display()
        );
        for outcome in outcomes.iter().filter(|o| o.status == "failed") {
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
