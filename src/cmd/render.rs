//! `psr render CASE --catalogue FILE -o OUT.pdf [--copy court|person|all] [--watch]`

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use psr::render::Engine;
use psr::sign::Signer;
use psr::{Checker, Destination, Edition, Failure, Pipeline, Signing, Written};
use serde::Serialize;

use super::signals::Interrupt;
use super::signing::{SignArgs, signing_time};
use psr::diagnostic::{FileReport, has_errors};

use super::{Error, INVALID, RenderArgs, print_findings, print_json, report};

/// Arguments of `psr render`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The case file (YAML).
    case: PathBuf,
    /// Where to write the PDF. With `--copy all`, the person's copy goes beside it as
    /// `<name>-person.pdf`.
    #[arg(short, long, value_name = "OUT.pdf")]
    output: PathBuf,
    #[command(flatten)]
    render: RenderArgs,
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
    #[command(flatten)]
    sign: SignArgs,
}

#[derive(Serialize)]
struct Summary<'a> {
    written: Vec<Written>,
    diagnostics: &'a [psr::diagnostic::Diagnostic],
}

/// Runs `psr render`. With `--json`, a case or catalogue with errors is answered on
/// stdout as `psr validate --json` answers it, one object per file.
pub fn execute(args: Args) -> Result<ExitCode, Error> {
    let json = args.json;
    match run(args) {
        Err(Error::Failure(Failure::Invalid(files))) if json => {
            for file in &files {
                print_json(
                    &FileReport {
                        path: &file.source.name,
                        valid: !has_errors(&file.diagnostics),
                        diagnostics: &file.diagnostics,
                    },
                    false,
                )?;
            }
            Ok(ExitCode::from(INVALID))
        }
        other => other,
    }
}

fn run(args: Args) -> Result<ExitCode, Error> {
    // A signal lets the copies under way be written whole (never a `.part` file, never
    // one copy without the other), then ends psr with 128 + its number.
    let interrupt = Interrupt::install();
    let pipeline = match args.render.pipeline() {
        Ok(pipeline) => pipeline,
        Err(Failure::Invalid(mut files)) => {
            // Every problem at once: the case's findings beside the catalogue's.
            let checker = Checker::new(None, &args.render.engine.resources())?;
            if let Ok(case) = checker.findings(args.case.as_path())
                && !case.diagnostics.is_empty()
            {
                files.insert(0, case);
            }
            return Err(Failure::Invalid(files).into());
        }
        Err(failure) => return Err(failure.into()),
    };
    if !args.json
        && let Some(warnings) = pipeline.catalogue_warnings()
    {
        print_findings(&[warnings]);
    }
    // The key is opened (and its passphrase asked) once, before any rendering.
    let signer = args.sign.signer()?;
    let signer = signer.as_ref();
    if let Some(status) = interrupt.exit_code() {
        return Ok(status);
    }
    if !args.watch {
        let status = render_once(&args, &pipeline, args.render.force, signer)?;
        return Ok(interrupt.exit_code().unwrap_or(status));
    }
    // Drafting: a case with errors is reported, and the watch begins all the same.
    let first = render_once(&args, &pipeline, args.render.force, signer);
    let ours = first.is_ok();
    if let Err(error) = first {
        report(&error);
    }
    watch(&args, pipeline, &interrupt, ours, signer)
}

/// Validates, renders and writes every copy; nothing is written unless all rendered.
fn render_once(
    args: &Args,
    pipeline: &Pipeline,
    force: bool,
    signer: Option<&Signer>,
) -> Result<ExitCode, Error> {
    let editions = args.render.copy.editions();
    let mut rendered = pipeline.render_case(args.case.as_path(), editions)?;
    if let Some(signer) = signer {
        rendered.sign(Signing {
            signer,
            when: signing_time()?,
        })?;
    }
    let prepared = &rendered.prepared;
    // Warnings are shown even when the report is written (as typst-cli does).
    if !prepared.findings.is_empty() && !args.json {
        print_findings(&[prepared.file_findings()]);
    }
    // The view model is written with the copies, by the same rule: all or none, and
    // an existing file replaced only with --force.
    let view = match &args.emit_view {
        Some(path) => Some((
            path.as_path(),
            serde_json::to_string_pretty(&prepared.view(Edition::Court))?,
        )),
        None => None,
    };
    let also: Vec<(&Path, &[u8])> = view
        .iter()
        .map(|(path, json)| (*path, json.as_bytes()))
        .collect();
    let written = rendered.write_with(Destination::File(&args.output), force, &also)?;
    if prepared.has_errors() && !args.json {
        eprintln!(
            "note: a draft with errors: each is listed in a box on its first page; the same report marked final is refused until they are fixed"
        );
    }
    if args.json {
        let summary = Summary {
            written,
            diagnostics: &prepared.findings,
        };
        print_json(&summary, false)?;
    } else {
        for w in &written {
            // The format of sha256sum, so that `sha256sum -c` can check the files.
            println!("{}  {}", w.sha256, w.output);
            let pages = if w.pages == 1 { "page" } else { "pages" };
            let signed = signer.map_or_else(String::new, |s| {
                format!(", signed by {}", s.identity().describe())
            });
            eprintln!(
                "wrote {} ({} copy, {} {pages}{signed})",
                w.output,
                w.copy.as_str(),
                w.pages
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Renders again each time the case or the catalogue is saved. The engine, and with
/// it Typst's caches, lives on: an edit re-lays out only what changed. `ours`: the
/// first render wrote the output files, which every save then replaces; files that
/// were there before psr started are replaced only with `--force`.
fn watch(
    args: &Args,
    mut pipeline: Pipeline,
    interrupt: &Interrupt,
    ours: bool,
    signer: Option<&Signer>,
) -> Result<ExitCode, Error> {
    let mut force = args.render.force || ours;
    let stamp = || (modified(&args.case), modified(&args.render.catalogue));
    let mut last = stamp();
    let mut saves = 0u64;
    eprintln!("watching {} (Ctrl-C to stop)", args.case.display());
    loop {
        std::thread::sleep(Duration::from_millis(100));
        if let Some(status) = interrupt.exit_code() {
            return Ok(status);
        }
        let now = stamp();
        if now == last {
            continue;
        }
        // A saved catalogue is read again; the engine and its caches stay.
        if now.1 != last.1 {
            match pipeline.with_catalogue(&args.render.catalogue) {
                Ok(reloaded) => pipeline = reloaded,
                Err(failure) => {
                    report(&failure.into());
                    last = now;
                    continue;
                }
            }
        }
        last = now;
        let started = Instant::now();
        // Our own output is replaced on every save; a failure is reported and the
        // watch goes on.
        match render_once(args, &pipeline, force, signer) {
            Ok(_) => {
                force = true;
                eprintln!("rendered in {} ms", started.elapsed().as_millis());
            }
            Err(error) => {
                report(&error);
            }
        }
        // Keep Typst's results between saves (an edit re-lays out only what changed),
        // dropping the stale ones now and then so that a long session stays small.
        saves += 1;
        if saves.is_multiple_of(20) {
            Engine::evict_caches(20);
        }
    }
}
