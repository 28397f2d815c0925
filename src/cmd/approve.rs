//! `psr approve CASE --by NAME --role ROLE [--organisation ORG] [--on DATE]
//! [--catalogue FILE] [--key KEY.p12]`: a supervisor's approval recorded with the
//! fingerprint of what was approved, and the approved file kept beside the case. The
//! flow is the studio's too: [`psr::Pipeline::approve`] (`src/pipeline/approve.rs`;
//! `docs/supervision.md`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use chrono::NaiveDate;
use psr::Pipeline;
use psr::model::case::AuthorRole;
use psr::pipeline::{ApprovalRequest, Refusal, check_name};
use psr::supervision::Approval;

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
    check_name(&args.case).map_err(refusal)?;
    let catalogue = catalogue_of(&args)?;
    let role: AuthorRole = serde_json::from_value(serde_json::Value::String(args.role.clone()))
        .map_err(|_| Error::Message(format!("unknown role {}", args.role)))?;
    let source = read_text(&args.case)?;
    let pipeline = Pipeline::new(
        &catalogue,
        &args.engine.resources(),
        Duration::from_secs(TIME_LIMIT_SECONDS),
    )?;
    // The key is opened before anything is written; its certificate must name the
    // supervisor approving.
    let signer = match &args.key {
        Some(path) => Some(open_key(path, &args.passphrase)?),
        None => None,
    };
    let approval = Approval {
        name: args.by.clone(),
        role,
        organisation: args.organisation.clone(),
        on: args.on.unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    let approved = pipeline
        .approve(ApprovalRequest {
            path: &args.case,
            source,
            approval: approval.clone(),
            key: signer.as_ref(),
            when: signing_time()?,
        })
        .map_err(refusal)?;
    // The warnings are for the supervisor to read before the court does.
    let warnings = approved.warnings();
    if !warnings.diagnostics.is_empty() {
        print_findings(std::slice::from_ref(&warnings));
    }
    let copy = approved.write(&args.case).map_err(|error| {
        Error::Message(format!(
            "{error}; nothing was approved, the case is unchanged"
        ))
    })?;
    eprintln!(
        "approved {} by {} on {}: fingerprint {}{}",
        args.case.display(),
        approval.name.trim(),
        approval.on,
        approved.fingerprint(),
        if approved.signed() {
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

/// How long checking the approved case may take, as `render`'s default.
const TIME_LIMIT_SECONDS: u64 = 60;

/// The catalogue the case is checked against: what is approved is checked exactly
/// as `render` would check it, against the area's catalogue, never without one.
fn catalogue_of(args: &Args) -> Result<PathBuf, Error> {
    if let Some(path) = &args.catalogue {
        return Ok(path.clone());
    }
    let beside = args.case.with_file_name("catalogue.yaml");
    if !beside.is_file() {
        return Err(Error::Message(format!(
            "psr approve checks the case as render does, against the area's catalogue: \
             pass --catalogue FILE, or keep it beside the case as {} (as the studio does)",
            beside.display()
        )));
    }
    Ok(beside)
}

/// A refused approval as the command's error: the findings, then why.
fn refusal(refusal: Refusal) -> Error {
    let reason = refusal.reason();
    match refusal {
        Refusal::Name(why) => Error::Message(why),
        Refusal::DoesNotLoad(findings) => Error::Refused {
            findings,
            then: Some(reason),
        },
        Refusal::HasErrors(findings) => Error::Refused {
            findings: vec![findings],
            then: Some(reason),
        },
        Refusal::Refused(_) => Error::refused(reason),
        Refusal::Failure(failure) => Error::Failure(failure),
        Refusal::Internal(_) => Error::Message(reason),
    }
}
