//! `psr fmt CASE... [--check]`: case files rewritten in psr's canonical layout
//! (`src/fmt/`), every value and comment kept.

use std::path::PathBuf;
use std::process::ExitCode;

use psr::FileFindings;
use psr::fmt::{FormatError, format_case};
use psr::output::write_atomically;

use super::{Error, FAILED, INVALID, print_findings, read_text};

/// Arguments of `psr fmt`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case files (YAML).
    #[arg(required = true)]
    cases: Vec<PathBuf>,
    /// Change nothing: name the files that would change, and exit 1 if any would
    /// (for CI of a folder of cases).
    #[arg(long)]
    check: bool,
}

/// Runs `psr fmt`: 0 done (or, with `--check`, every file already formatted); 1 a
/// file is not YAML psr reads, or would change under `--check`; 2 an I/O error.
pub fn execute(args: Args) -> Result<ExitCode, Error> {
    let mut status = 0;
    for path in &args.cases {
        let source = match read_text(path) {
            Ok(source) => source,
            Err(code) => {
                status = status.max(code);
                continue;
            }
        };
        let original = source.text.clone();
        let shown = source.clone();
        let formatted = match format_case(source) {
            Ok(formatted) => formatted,
            Err(FormatError::Invalid(diagnostics)) => {
                print_findings(&[FileFindings {
                    source: shown,
                    diagnostics,
                }]);
                eprintln!("error: {} was not formatted", path.display());
                status = status.max(INVALID);
                continue;
            }
            Err(FormatError::Internal(why)) => {
                eprintln!(
                    "error: internal error formatting {}: {why}; the file was not changed",
                    path.display()
                );
                status = status.max(FAILED);
                continue;
            }
        };
        if formatted == original {
            continue;
        }
        if args.check {
            println!("would reformat {}", path.display());
            status = status.max(INVALID);
            continue;
        }
        match write_atomically(path, formatted.as_bytes(), true) {
            Ok(()) => eprintln!("formatted {}", path.display()),
            Err(error) => {
                eprintln!("error: {error}");
                status = status.max(FAILED);
            }
        }
    }
    Ok(ExitCode::from(status))
}
