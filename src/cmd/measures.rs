//! `psr measures CASE --catalogue FILE [--json]`: the options table, so that an
//! officer can choose measures before writing the proposal (para 28).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use psr::matching::{OptionStatus, Reason};
use psr::model::words;
use serde::Serialize;

use super::{EngineArgs, Error, print_json};

/// Arguments of `psr measures`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The case file (YAML).
    case: PathBuf,
    /// The catalogue of measures available in the area (YAML).
    #[arg(long, value_name = "FILE")]
    catalogue: PathBuf,
    /// Print the options as JSON on stdout.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    engine: EngineArgs,
}

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    name: &'a str,
    restrictiveness: u8,
    status: OptionStatus,
    reasons: Vec<String>,
    rules: &'a [Reason],
    conflicts: Vec<String>,
    addresses_needs: Vec<String>,
}

/// Runs `psr measures`.
pub fn execute(args: Args) -> Result<ExitCode, Error> {
    // Nothing is rendered: the time limit is never reached.
    let pipeline = psr::Pipeline::new(&args.catalogue, &args.engine.resources(), Duration::MAX)?;
    let prepared = pipeline.prepare(args.case.as_path())?;
    // Fields that failed to load hold stand-ins: options computed from them would
    // mislead. The findings say what to fix first.
    if !prepared.case.taint.is_empty() {
        return Err(psr::Failure::Invalid(vec![prepared.file_findings()]).into());
    }
    let rows: Vec<Row<'_>> = prepared
        .matching
        .options
        .iter()
        .map(|o| Row {
            id: &o.measure.id,
            name: &o.name,
            restrictiveness: o.measure.restrictiveness,
            status: o.status,
            reasons: o.reasons.iter().map(ToString::to_string).collect(),
            rules: &o.reasons,
            conflicts: o.conflicts.iter().map(ToString::to_string).collect(),
            addresses_needs: o.measure.addresses_needs.iter().map(words).collect(),
        })
        .collect();
    if args.json {
        print_json(&rows, true)?;
        return Ok(ExitCode::SUCCESS);
    }
    let status_word = |s: OptionStatus| match s {
        OptionStatus::Proposed => "proposed",
        OptionStatus::Eligible => "eligible",
        OptionStatus::NotEligible => "not eligible",
    };
    let id_width = rows
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    println!(
        "Options in {} for {}, least to most restrictive (para 15):\n",
        prepared.catalogue.value.area, prepared.case.value.report.court_reference
    );
    println!("{:<id_width$}  R  {:<12}  name / reasons", "id", "status");
    for row in &rows {
        println!(
            "{:<id_width$}  {}  {:<12}  {}",
            row.id,
            row.restrictiveness,
            status_word(row.status),
            row.name
        );
        for note in row.reasons.iter().chain(row.conflicts.iter()) {
            println!("{:<id_width$}     {:<12}  - {note}", "", "");
        }
        if !row.addresses_needs.is_empty() {
            println!(
                "{:<id_width$}     {:<12}  addresses: {}",
                "",
                "",
                row.addresses_needs.join(", ")
            );
        }
    }
    let errors = prepared.findings.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        eprintln!(
            "\nnote: the case has {errors} error(s); `psr validate {} --catalogue {}` lists them",
            args.case.display(),
            args.catalogue.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
