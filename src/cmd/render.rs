//! `psr render CASE --catalogue FILE -o OUT.pdf [--copy court|person|all] [--watch]`

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use psr::Copy;
use psr::output::{sha256_hex, write_atomically};
use psr::render::Engine;
use serde::Serialize;

use super::{CopyArg, FAILED, print_findings, report_failure};

/// Arguments of `psr render`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The case file (YAML).
    case: PathBuf,
    /// The catalogue of measures available in the area (YAML).
    #[arg(long, value_name = "FILE")]
    catalogue: PathBuf,
    /// Where to write the PDF. With `--copy all`, the person's copy goes beside it as
    /// `<name>-person.pdf`.
    #[arg(short, long, value_name = "OUT.pdf")]
    output: PathBuf,
    /// Which copy: the court's, the person's plain-language copy, or both.
    #[arg(long, value_enum, default_value = "court")]
    copy: CopyArg,
    #[command(flatten)]
    engine: super::EngineArgs,
    /// Replace output files that exist.
    #[arg(long)]
    force: bool,
    /// Stop with an error if rendering takes longer than this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    time_limit: u64,
    /// Keep running and render again whenever the case or catalogue file is saved
    /// (for drafting with a PDF viewer open). Stop with Ctrl-C.
    #[arg(long)]
    watch: bool,
    /// Print one JSON object on stdout (it contains personal data: findings quote the case).
    #[arg(long)]
    json: bool,
    /// Also write the view model the court copy's template reads, as JSON (for
    /// template authors and benchmarks; it contains personal data).
    #[arg(long, value_name = "FILE")]
    emit_view: Option<PathBuf>,
}

#[derive(Serialize)]
struct Written {
    copy: Copy,
    output: String,
    sha256: String,
    pages: usize,
}

#[derive(Serialize)]
struct Summary<'a> {
    written: Vec<Written>,
    diagnostics: &'a [psr::diagnostic::Diagnostic],
}

/// The path of a copy: the court copy (or a single copy) at `output`, the person's
/// copy of `--copy all` beside it.
pub fn copy_path(output: &Path, copy: Copy, all: bool) -> PathBuf {
    if !all || copy == Copy::Court {
        return output.to_path_buf();
    }
    let stem = output
        .file_stem()
        .map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
    output.with_file_name(format!("{stem}-person.pdf"))
}

/// Runs `psr render`.
pub fn execute(args: Args) -> ExitCode {
    let engine = match super::engine(&args.engine) {
        Ok(engine) => engine,
        Err(status) => return status,
    };
    let status = render_once(&args, &engine, args.force);
    if !args.watch {
        return status;
    }
    watch(&args, &engine)
}

/// Validates, renders and writes every copy; nothing is written unless all succeed.
fn render_once(args: &Args, engine: &Engine, force: bool) -> ExitCode {
    let mut prepared = match psr::prepare(&args.case, &args.catalogue) {
        Ok(prepared) => prepared,
        Err(failure) => return report_failure(&failure),
    };
    let can_print = |c| engine.can_print(c);
    if let Err(failure) = psr::check_catalogue_fonts(&prepared.catalogue, &can_print) {
        return report_failure(&failure);
    }
    prepared.check_fonts(&can_print);
    if prepared.has_errors() {
        return report_failure(&psr::Failure::Invalid(vec![prepared.file_findings()]));
    }
    // Warnings are shown even when the report is written (as typst-cli does).
    if !prepared.findings.is_empty() && !args.json {
        print_findings(&[prepared.file_findings()]);
    }
    if let Some(path) = &args.emit_view {
        let view = serde_json::to_string_pretty(&prepared.view(Copy::Court)).unwrap_or_default();
        if let Err(e) = write_atomically(path, view.as_bytes(), true) {
            eprintln!("error: {e}");
            return ExitCode::from(FAILED);
        }
    }
    let copies = args.copy.copies();
    let all = copies.len() > 1;
    let limit = Duration::from_secs(args.time_limit);
    let mut rendered = Vec::new();
    for &copy in copies {
        match psr::render::with_time_limit(limit, "rendering", || prepared.render(engine, copy)) {
            Ok(pdf) => rendered.push((copy, pdf)),
            Err(psr::render::RenderError::Unprintable { findings, .. }) if !findings.is_empty() => {
                return report_failure(&psr::Failure::Invalid(findings));
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(FAILED);
            }
        }
    }
    let mut written = Vec::new();
    for (copy, pdf) in rendered {
        let path = copy_path(&args.output, copy, all);
        if let Err(e) = write_atomically(&path, &pdf.pdf, force) {
            eprintln!("error: {e}");
            return ExitCode::from(FAILED);
        }
        written.push(Written {
            copy,
            output: path.display().to_string(),
            sha256: sha256_hex(&pdf.pdf),
            pages: pdf.pages,
        });
    }
    if args.json {
        let summary = Summary {
            written,
            diagnostics: &prepared.findings,
        };
        println!("{}", serde_json::to_string(&summary).unwrap_or_default());
    } else {
        for w in &written {
            // The format of sha256sum, so that `sha256sum -c` can check the files.
            println!("{}  {}", w.sha256, w.output);
            eprintln!(
                "wrote {} ({} copy, {} pages)",
                w.output,
                w.copy.as_str(),
                w.pages
            );
        }
    }
    ExitCode::SUCCESS
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Renders again each time the case or the catalogue is saved. The engine, and with
/// it Typst's caches, lives on: an edit re-lays out only what changed.
fn watch(args: &Args, engine: &Engine) -> ExitCode {
    let stamp = || (modified(&args.case), modified(&args.catalogue));
    let mut last = stamp();
    let mut saves = 0u64;
    eprintln!("watching {} (Ctrl-C to stop)", args.case.display());
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let now = stamp();
        if now == last {
            continue;
        }
        last = now;
        let started = Instant::now();
        // Our own output is replaced on every save.
        let status = render_once(args, engine, true);
        if status == ExitCode::SUCCESS {
            eprintln!("rendered in {} ms", started.elapsed().as_millis());
        }
        // Keep Typst's results between saves (an edit re-lays out only what changed),
        // dropping the stale ones now and then so that a long session stays small.
        saves += 1;
        if saves.is_multiple_of(20) {
            psr::render::Engine::evict_caches(20);
        }
    }
}
