//! `psr approve CASE --by NAME --role ROLE [--organisation ORG] [--on DATE]
//! [--catalogue FILE]`: a
//! supervisor's approval recorded with the fingerprint of what was approved, and the
//! approved file kept beside the case (`src/supervision.rs`, `docs/supervision.md`).

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use psr::diagnostic::{has_errors, summary};
use psr::load::SourceFile;
use psr::model::case::AuthorRole;
use psr::sign::approval::approve_with_key;
use psr::supervision::{
    Approval, ApproveError, has_case_file_name, is_approved_copy, write_approval,
};
use psr::{CaseInput, Checker, Failure, FileFindings};

use super::signing::{PassphraseArgs, open_key, signing_time};
use super::{EngineArgs, Error, print_findings, read_text};

/// Arguments of `psr approve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The case file (YAML).
    case: PathBuf,
    /// The supervisor's full name.
    #[arg(long, value_name = "NAME")]
    by: String,
    /// The supervisor's role: a probation officer or a social worker, or a role the
    /// catalogue's `supervisor_roles` names (para 56: the competent authorities).
    #[arg(long, value_name = "ROLE", value_parser = ["probation_officer", "social_worker", "prison_officer", "ngo_worker", "volunteer"])]
    role: String,
    /// The supervising service.
    #[arg(long, value_name = "ORG")]
    organisation: Option<String>,
    /// The date of the approval (YYYY-MM-DD); today by default.
    #[arg(long, value_name = "DATE")]
    on: Option<NaiveDate>,
    /// The catalogue the case is checked against before approving, as `render` checks
    /// it (default: `catalogue.yaml` beside the case, as the studio reads it).
    #[arg(long, value_name = "FILE")]
    catalogue: Option<PathBuf>,
    /// Sign the approval with the supervisor's key (PKCS#12): the fingerprint, name,
    /// role, organisation and date, so that none can be changed unseen
    /// (docs/signatures.md). The certificate must name the supervisor of `--by`.
    #[arg(long, value_name = "KEY.p12")]
    key: Option<PathBuf>,
    #[command(flatten)]
    passphrase: PassphraseArgs,
    #[command(flatten)]
    engine: EngineArgs,
}

/// Runs `psr approve`: 0 approved; 1 the case has errors or the approval is refused
/// (nothing written); 2 an I/O error.
pub fn execute(args: Args) -> Result<ExitCode, Error> {
    if is_approved_copy(&args.case) {
        return Err(Error::Message(format!(
            "{} is an approved copy kept by psr: approve the case file beside it",
            args.case.display()
        )));
    }
    // The approved copy is named from the case file's name: one of its own.
    if !has_case_file_name(&args.case) {
        return Err(Error::Message(format!(
            "{}: a case file's name ends in .yaml or .yml, so that its approved copy is kept under a name of its own (`NAME.approved.yaml`): rename it",
            args.case.display()
        )));
    }
    // What is approved is checked exactly as `render` would check it: against the
    // area's catalogue, never without one.
    let catalogue = match &args.catalogue {
        Some(path) => path.clone(),
        None => {
            let beside = args.case.with_file_name("catalogue.yaml");
            if !beside.is_file() {
                return Err(Error::Message(format!(
                    "psr approve checks the case as render does, against the area's catalogue: \
                     pass --catalogue FILE, or keep it beside the case as {} (as the studio does)",
                    beside.display()
                )));
            }
            beside
        }
    };
    let role: AuthorRole = serde_json::from_value(serde_json::Value::String(args.role.clone()))
        .map_err(|_| Error::Message(format!("unknown role {}", args.role)))?;
    let source = read_text(&args.case)?;
    let approval = Approval {
        name: args.by.clone(),
        role,
        organisation: args.organisation.clone(),
        on: args.on.unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    // The catalogue is read and checked once: the roles the service accepts are
    // its, and the approved case is checked against it below.
    let checker = Checker::new(Some(&catalogue), &args.engine.resources())?;
    let accepted = checker
        .catalogue()
        .map(|c| c.supervisors().to_vec())
        .unwrap_or_default();
    // The key is opened before anything is written; its certificate must name the
    // supervisor approving (`psr::sign::approval::approve_with_key`, as the studio).
    let signer = match &args.key {
        Some(path) => Some(open_key(path, &args.passphrase)?),
        None => None,
    };
    let approved = match approve_with_key(
        source,
        &approval,
        &accepted,
        signer.as_ref(),
        signing_time()?,
    ) {
        Ok(approved) => approved,
        Err(ApproveError::Invalid(source, diagnostics)) => {
            return Err(Error::Refused {
                findings: vec![FileFindings {
                    source,
                    diagnostics,
                }],
                then: Some("the case does not load; nothing was approved".into()),
            });
        }
        Err(ApproveError::Refused(why)) => {
            return Err(Error::refused(format!("approval refused: {why}")));
        }
        Err(ApproveError::Internal(why)) => {
            return Err(Error::Message(format!(
                "internal error approving {}: {why}; the file was not changed",
                args.case.display()
            )));
        }
    };
    // What is approved must be a case psr would render: its errors are shown and
    // nothing is written.
    let checked = SourceFile {
        name: args.case.display().to_string(),
        text: approved.text.clone(),
    };
    // Read beside the case's file: an addendum's earlier case is there.
    let findings = match checker.findings(CaseInput::Editing(checked, &args.case)) {
        Ok(findings) => findings,
        Err(Failure::Invalid(files)) => {
            return Err(Error::Refused {
                findings: files,
                then: Some("the case has errors; nothing was approved".into()),
            });
        }
        Err(failure) => return Err(failure.into()),
    };
    if has_errors(&findings.diagnostics) {
        let then = format!("{}; nothing was approved", summary(&findings.diagnostics));
        return Err(Error::Refused {
            findings: vec![findings],
            then: Some(then),
        });
    }
    // The warnings are for the supervisor to read before the court does.
    if !findings.diagnostics.is_empty() {
        print_findings(std::slice::from_ref(&findings));
    }
    // The approval and the approved copy are written as one: both or neither.
    let copy = write_approval(&args.case, &approved.text).map_err(|error| {
        Error::Message(format!(
            "{error}; nothing was approved, the case is unchanged"
        ))
    })?;
    eprintln!(
        "approved {} by {} on {}: fingerprint {}{}",
        args.case.display(),
        approval.name.trim(),
        approval.on,
        approved.fingerprint,
        if signer.is_some() {
            ", signed with the supervisor's key"
        } else {
            ""
        }
    );
    eprintln!(
        "kept the approved version as {}: any later change is named from it",
        copy.display()
    );
    Ok(ExitCode::SUCCESS)
}
