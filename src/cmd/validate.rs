//! `psr validate CASE... [--catalogue FILE] [--json]`

use std::path::PathBuf;
use std::process::ExitCode;

use psr::Checker;
use psr::check::ValidateOutput;

use super::{EngineArgs, Error, stderr_color};

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
/// What it prints is [`ValidateOutput::validate`]'s, which the rules' tests call in
/// process.
pub fn execute(args: Args) -> Result<ExitCode, Error> {
    // The catalogue is read and checked once, whatever the number of cases, with the
    // fonts `render` would have (to find text they cannot print, E016).
    let checker = Checker::new(args.catalogue.as_deref(), &args.engine.resources());
    let (mut stdout, mut stderr) = (std::io::stdout().lock(), std::io::stderr().lock());
    let mut output = ValidateOutput {
        json: args.json,
        color: stderr_color(),
        stdout: &mut stdout,
        stderr: &mut stderr,
    };
    let status = output.validate(checker, args.catalogue.as_deref(), &args.cases)?;
    Ok(ExitCode::from(status))
}
