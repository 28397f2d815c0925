//! `psr schema [case|catalogue]`: the JSON Schema (draft-07) of a format, for editors.

use std::process::ExitCode;

use super::{Error, print_json};

/// Arguments of `psr schema`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which format.
    #[arg(value_enum, default_value = "case")]
    format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// The case file.
    Case,
    /// The catalogue of measures.
    Catalogue,
}

/// Runs `psr schema`.
pub fn execute(args: Args) -> Result<ExitCode, Error> {
    let schema = match args.format {
        Format::Case => psr::model::case_schema(),
        Format::Catalogue => psr::model::catalogue_schema(),
    };
    print_json(&schema, true)?;
    Ok(ExitCode::SUCCESS)
}
