//! `psr validate CASE... [--catalogue FILE] [--json]`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use psr::diagnostic::{FileReport, has_errors, summary};
use psr::{Checker, Failure, FileFindings};

use super::{EngineArgs, Error, INVALID, print_findings, print_json};

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
    engine: EngineArgs,
}

/// Runs `psr validate`: 0 valid (warnings allowed), 1 errors found, 2 I/O error.
pub fn execute(args: Args) -> Result<ExitCode, Error> {
    // The catalogue is read and checked once, whatever the number of cases, with the
    // fonts `render` would have (to find text they cannot print, E016).
    let checker = match Checker::new(args.catalogue.as_deref(), &args.engine.resources()) {
        Ok(checker) => checker,
        Err(Failure::Invalid(files)) => {
            let path = args.catalogue.as_deref().unwrap_or(Path::new(""));
            emit(&files, path, args.json)?;
            return Ok(ExitCode::from(INVALID));
        }
        Err(failure) => return Err(failure.into()),
    };
    if let Some(warnings) = checker.catalogue_warnings() {
        let path = args.catalogue.as_deref().unwrap_or(Path::new(""));
        emit(&[warnings], path, args.json)?;
    }
    let mut status = 0;
    for path in &args.cases {
        let files = match checker.findings(path.as_path()) {
            Ok(file) => vec![file],
            Err(Failure::Invalid(files)) => files,
            Err(failure) => {
                // One unreadable file does not hide the others' findings.
                let error = Error::from(failure);
                error.print();
                status = status.max(error.status());
                continue;
            }
        };
        if emit(&files, path, args.json)? {
            status = status.max(INVALID);
        }
    }
    Ok(ExitCode::from(status))
}

/// Prints the findings of one input (JSON on stdout, or snippets and a summary on
/// stderr); whether they hold an error.
fn emit(files: &[FileFindings], path: &Path, json: bool) -> Result<bool, Error> {
    let mut errors = false;
    for file in files {
        errors |= has_errors(&file.diagnostics);
        if json {
            let report = FileReport {
                path: &file.source.name,
                valid: !has_errors(&file.diagnostics),
                diagnostics: &file.diagnostics,
            };
            print_json(&report, false)?;
        }
    }
    if !json {
        print_findings(files);
        let all: Vec<_> = files
            .iter()
            .flat_map(|f| f.diagnostics.iter().cloned())
            .collect();
        eprintln!("{}: {}", path.display(), summary(&all));
    }
    Ok(errors)
}
