//! `psr render CASE --catalogue FILE -o OUT.pdf`

use std::path::PathBuf;
use std::process::ExitCode;

use psr::output::{WriteError, sha256_hex, write_atomically};
use psr::render::Engine;
use serde::Serialize;

use super::{FAILED, print_findings, report_failure};

/// Arguments of `psr render`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The case file (YAML).
    case: PathBuf,
    /// The catalogue of measures available in the area (YAML).
    #[arg(long, value_name = "FILE")]
    catalogue: PathBuf,
    /// Where to write the PDF.
    #[arg(short, long, value_name = "OUT.pdf")]
    output: PathBuf,
    /// A folder of templates overriding the built-in ones, file by file.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
    /// Print one JSON object on stdout (it contains personal data: the findings quote the case).
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Written<'a> {
    output: String,
    sha256: String,
    pages: usize,
    diagnostics: &'a [psr::diagnostic::Diagnostic],
}

/// Runs `psr render`.
pub fn execute(args: Args) -> ExitCode {
    let prepared = match psr::prepare(&args.case, &args.catalogue) {
        Ok(prepared) => prepared,
        Err(failure) => return report_failure(&failure),
    };
    if prepared.has_errors() {
        return report_failure(&psr::Failure::Invalid(vec![prepared.file_findings()]));
    }
    // Warnings are shown even when the report is written (as typst-cli does).
    if !prepared.findings.is_empty() && !args.json {
        print_findings(&[prepared.file_findings()]);
    }
    let engine = match Engine::new(args.templates.as_deref()) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(FAILED);
        }
    };
    let view = prepared.court_view();
    let json = match serde_json::to_string(&view) {
        Ok(json) => json,
        Err(e) => {
            eprintln!("error: internal: cannot serialize the report: {e}");
            return ExitCode::from(FAILED);
        }
    };
    let case = &prepared.case.value;
    let template = format!("{}.typ", case.report.kind.as_str());
    let ident = format!("psr:{}:court", case.report.court_reference);
    let rendered = match engine.render(&template, &json, psr::validate::report_date(case), &ident) {
        Ok(rendered) => rendered,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(FAILED);
        }
    };
    match write_atomically(&args.output, &rendered.pdf, args.force) {
        Ok(()) => {}
        Err(e @ WriteError::Exists(_)) | Err(e @ WriteError::Io { .. }) => {
            eprintln!("error: {e}");
            return ExitCode::from(FAILED);
        }
    }
    let sha256 = sha256_hex(&rendered.pdf);
    if args.json {
        let written = Written {
            output: args.output.display().to_string(),
            sha256,
            pages: rendered.pages,
            diagnostics: &prepared.findings,
        };
        println!("{}", serde_json::to_string(&written).unwrap_or_default());
    } else {
        println!("{}  {}", sha256, args.output.display());
        eprintln!("wrote {} ({} pages)", args.output.display(), rendered.pages);
    }
    ExitCode::SUCCESS
}
