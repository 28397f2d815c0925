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
}

/// Runs `psr validate`: 0 valid (warnings allowed), 1 errors found, 2 I/O error.
pub fn execute(args: Args) -> ExitCode {
    let mut status = 0;
    for path in &args.cases {
        let result = match &args.catalogue {
            Some(catalogue) => match psr::prepare(path, catalogue) {
                Ok(p) => Ok(vec![p.file_findings()]),
                Err(Failure::Invalid(files)) => Ok(files),
                Err(e) => Err(e),
            },
            None => psr::check_case(path).map(|f| vec![f]),
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
        for file in &files {
            if has_errors(&file.diagnostics) {
                status = status.max(INVALID);
            }
            if args.json {
                let report = FileReport {
                    path: &file.source.name,
                    valid: !has_errors(&file.diagnostics),
                    diagnostics: &file.diagnostics,
                };
                println!("{}", serde_json::to_string(&report).unwrap_or_default());
            }
        }
        if !args.json {
            print_findings(&files);
            let all: Vec<_> = files
                .iter()
                .flat_map(|f| f.diagnostics.iter().cloned())
                .collect();
            eprintln!("{}: {}", path.display(), psr::diagnostic::summary(&all));
        }
    }
    ExitCode::from(status)
}
