//! `psr fmt CASE... [--check]`: case files rewritten in psr's canonical layout
//! (`src/fmt/`), every value and comment kept.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use psr::FileFindings;
use psr::fmt::{FormatError, format_case};
use psr::output::write_atomically;

use super::{Error, INVALID, read_text};

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
/// file is not YAML psr reads, or would change under `--check`; 2 an I/O error. A bad
/// file does not stop the others: their errors are returned together at the end.
pub fn execute(args: Args) -> Result<ExitCode, Error> {
    let mut errors = Vec::new();
    let mut would_change = false;
    for path in &args.cases {
        match format_file(path, args.check) {
            Ok(changed) => would_change |= changed,
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Several(errors));
    }
    Ok(if args.check && would_change {
        ExitCode::from(INVALID)
    } else {
        ExitCode::SUCCESS
    })
}

/// Formats one file, or with `check` names it if it would change: whether it would.
fn format_file(path: &Path, check: bool) -> Result<bool, Error> {
    let source = read_text(path)?;
    let original = source.text.clone();
    let shown = source.clone();
    let formatted = match format_case(source) {
        Ok(formatted) => formatted,
        Err(FormatError::Invalid(diagnostics)) => {
            return Err(Error::Refused {
                findings: vec![FileFindings {
                    source: shown,
                    diagnostics,
                }],
                then: Some(format!("{} was not formatted", path.display())),
            });
        }
        Err(FormatError::Internal(why)) => {
            return Err(Error::Message(format!(
                "internal error formatting {}: {why}; the file was not changed",
                path.display()
            )));
        }
    };
    if formatted == original {
        return Ok(false);
    }
    if check {
        println!("would reformat {}", path.display());
        return Ok(true);
    }
    write_atomically(path, formatted.as_bytes(), true)?;
    eprintln!("formatted {}", path.display());
    Ok(true)
}
