//! `psr validate CASE... [--catalogue FILE] [--json]`

use std::path::PathBuf;
use std::process::ExitCode;

use psr::Failure;
use psr::diagnostic::{FileReport, has_errors};

use super::{FAILED, INVALID, print_findings};

/// Arguments of `psr validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case files (YAML).
    #[arg(required = true)]
    cases: Vec<PathBuf>,
    /// Also check the proposals against this catalogue.
    #[arg(long, value_name = "FILE")]
    catalogue: Option<PathBuf>,
    /// One JSON object per file on stdout (contains personal data: findings quote the case).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    engine: super::EngineArgs,
}

/// Runs `psr validate`: 0 valid (warnings allowed), 1 errors found, 2 I/O error.
pub fn execute(args: Args) -> ExitCode {
    // The fonts `render` would have, to find text they cannot print (E016).
    let engine = match super::engine(&args.engine) {
        Ok(engine) => engine,
        Err(status) => return status,
    };
    let can_print = |c| engine.can_print(c);
    // The catalogue is read and checked once, whatever the number of cases.
    let catalogue = match &args.catalogue {
        Some(path) => match psr::load_catalogue(path)
            .and_then(|c| psr::check_catalogue_fonts(&c, &can_print).map(|()| c))
        {
            Ok(catalogue) => Some(catalogue),
            Err(Failure::Read(e)) => {
                eprintln!("error: {e}");
                return ExitCode::from(FAILED);
            }
            Err(Failure::Invalid(files)) => {
                emit(
                    &files,
                    &args.catalogue.clone().unwrap_or_default(),
                    args.json,
                );
                return ExitCode::from(INVALID);
            }
        },
        None => None,
    };
    let mut status = 0;
    for path in &args.cases {
        let result = match &catalogue {
            Some(catalogue) => match psr::prepare_case(path, catalogue.clone()) {
                Ok(mut p) => {
                    p.check_fonts(&can_print);
                    Ok(vec![p.file_findings()])
                }
                Err(e) => Err(e),
            },
            None => psr::check_case(path, &can_print).map(|f| vec![f]),
        };
        let files = match result {
            Ok(files) => files,
            Err(Failure::Read(e)) => {
                eprintln!("error: {e}");
                status = status.max(FAILED);
                continue;
            }
            Err(Failure::Invalid(files)) => files,
        };
        if emit(&files, path, args.json) {
            status = status.max(INVALID);
        }
    }
    ExitCode::from(status)
}

/// Prints the findings of one input (JSON on stdout, or snippets and a summary on
/// stderr); whether they hold an error.
fn emit(files: &[psr::FileFindings], path: &std::path::Path, json: bool) -> bool {
    let mut errors = false;
    for file in files {
        errors |= has_errors(&file.diagnostics);
        if json {
            let report = FileReport {
                path: &file.source.name,
                valid: !has_errors(&file.diagnostics),
                diagnostics: &file.diagnostics,
            };
            println!("{}", serde_json::to_string(&report).unwrap_or_default());
        }
    }
    if !json {
        print_findings(files);
        let all: Vec<_> = files
            .iter()
            .flat_map(|f| f.diagnostics.iter().cloned())
            .collect();
        eprintln!("{}: {}", path.display(), psr::diagnostic::summary(&all));
    }
    errors
}
