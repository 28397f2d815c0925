//! `psr init [FILE]`: a new case file with a comment on every field, and the JSON
//! Schema beside it so that an editor validates and completes as the officer types.

use std::path::PathBuf;
use std::process::ExitCode;

use psr::output::write_atomically;

use super::Error;

/// The skeleton: every field, commented; valid as a draft.
pub const SKELETON: &str = psr::model::CASE_SKELETON;

/// Arguments of `psr init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The case file to create.
    #[arg(default_value = "case.yaml")]
    file: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    force: bool,
}

/// Runs `psr init`.
pub fn execute(args: Args) -> Result<ExitCode, Error> {
    write_atomically(&args.file, SKELETON.as_bytes(), args.force)?;
    eprintln!("wrote {}", args.file.display());
    // The `$schema` line of the skeleton points here; an existing schema is kept.
    let schema_path = args.file.with_file_name("case.schema.json");
    if !schema_path.exists() {
        let schema = serde_json::to_string_pretty(&psr::model::case_schema())?;
        match write_atomically(&schema_path, schema.as_bytes(), false) {
            Ok(()) => eprintln!(
                "wrote {} (for editors: YAML language server)",
                schema_path.display()
            ),
            Err(e) => eprintln!("warning: {e}"),
        }
    }
    Ok(ExitCode::SUCCESS)
}
