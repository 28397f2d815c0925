//! `psr verify REPORT.pdf [--trust CERT_OR_DIR]... [--json]`: each signature of a
//! report, who made it and when, whether it verifies, whether the report changed after
//! it, and whether its signer is one the court trusts (docs/signatures.md).
//!
//! Exit status: 0 every signature valid, nothing changed after it, and every signer
//! trusted; 1 anything else (no signature, one invalid, a change, a signer not
//! trusted); 2 a file that cannot be read, or a usage error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use psr::sign::verify::ApprovalCheck;
use psr::sign::{Certificate, SignatureCheck, Verification, keys, verify};
use serde::Serialize;

use super::{Error, INVALID, print_json};

/// Arguments of `psr verify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The signed report (PDF).
    report: PathBuf,
    /// A certificate (PEM or DER) of a signer, or of the service that issued signers'
    /// certificates, that you trust; or a folder of them (`.crt`, `.pem`, `.cer`,
    /// `.der`). Repeatable.
    #[arg(long, value_name = "CERT_OR_DIR")]
    trust: Vec<PathBuf>,
    /// Print one JSON object on stdout.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    report: String,
    /// `valid`: every signature valid, unchanged after, trusted; else `invalid`.
    verdict: &'static str,
    made_by_psr: bool,
    signatures: &'a [SignatureCheck],
    /// The supervisor's approval the author's signature carries, checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    approval: Option<&'a ApprovalCheck>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Reads the trusted certificates of `--trust`.
fn trusted(paths: &[PathBuf]) -> Result<Vec<Certificate>, Error> {
    let mut certificates = Vec::new();
    for path in paths {
        let files: Vec<PathBuf> = if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| Error::Message(format!("cannot read {}: {e}", path.display())))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                        matches!(
                            e.to_ascii_lowercase().as_str(),
                            "crt" | "pem" | "cer" | "der"
                        )
                    })
                })
                .collect();
            files.sort();
            files
        } else {
            vec![path.clone()]
        };
        for file in files {
            let bytes = std::fs::read(&file)
                .map_err(|e| Error::Message(format!("cannot read {}: {e}", file.display())))?;
            let found = keys::read_certificates(&bytes).map_err(|e| {
                Error::Message(format!("{} is not a certificate: {e}", file.display()))
            })?;
            certificates.extend(found);
        }
    }
    Ok(certificates)
}

/// Runs `psr verify`.
pub fn execute(args: Args) -> Result<ExitCode, Error> {
    let trusted = trusted(&args.trust)?;
    let bytes = std::fs::read(&args.report)
        .map_err(|e| Error::Message(format!("cannot read {}: {e}", args.report.display())))?;
    let shown = args.report.display().to_string();
    let checked = match verify::verify(&bytes, &trusted) {
        Ok(checked) => checked,
        Err(error) => {
            if args.json {
                print_json(
                    &Report {
                        report: shown,
                        verdict: "invalid",
                        made_by_psr: false,
                        signatures: &[],
                        approval: None,
                        error: Some(error.to_string()),
                    },
                    true,
                )?;
                return Ok(ExitCode::from(INVALID));
            }
            return Err(Error::refused(format!(
                "{}: {error}",
                args.report.display()
            )));
        }
    };
    let good = checked.all_good();
    if args.json {
        print_json(
            &Report {
                report: shown,
                verdict: if good { "valid" } else { "invalid" },
                made_by_psr: checked.made_by_psr,
                signatures: &checked.signatures,
                approval: checked.approval.as_ref(),
                error: None,
            },
            true,
        )?;
    } else if checked.signatures.is_empty() {
        println!("{}: no signatures", args.report.display());
        return Err(Error::refused("the report is not signed"));
    } else {
        print_human(&args.report, &checked, !args.trust.is_empty());
    }
    Ok(if good {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(INVALID)
    })
}

/// What a clerk reads: each signature, the approval, and the verdict.
fn print_human(report: &Path, checked: &Verification, trust_given: bool) {
    let count = checked.signatures.len();
    let plural = if count == 1 {
        "signature"
    } else {
        "signatures"
    };
    println!("{}: {count} {plural}", report.display());
    for (i, s) in checked.signatures.iter().enumerate() {
        print_signature(i + 1, s, trust_given);
    }
    if let Some(approval) = &checked.approval {
        print_approval(approval);
    }
    print_verdict(checked, trust_given);
    if !checked.made_by_psr {
        println!("note: the report's first version was not made by psr");
    }
}

/// The `n`th signature: who, when, why, and whether it verifies, holds and is trusted.
fn print_signature(n: usize, s: &SignatureCheck, trust_given: bool) {
    let who = s
        .signer
        .as_ref()
        .map_or_else(|| "(unknown signer)".to_string(), |id| id.describe());
    println!("{n}. {}: {who}", s.field);
    if let Some(at) = &s.signed_at {
        println!("   signed:   {at} (as the signer's computer said)");
    }
    if let Some(reason) = &s.reason {
        println!("   reason:   {reason}");
    }
    match &s.invalid_because {
        None => println!("   valid:    yes"),
        Some(why) => println!("   valid:    NO: {why}"),
    }
    match &s.modified_because {
        None => println!(
            "   changed after it: no{}",
            if s.covers_whole_file {
                " (it covers the whole file)"
            } else {
                " (only later signatures were added)"
            }
        ),
        Some(why) => println!("   changed after it: YES: {why}"),
    }
    match (&s.untrusted_because, trust_given) {
        (None, _) => println!("   trusted:  yes"),
        (Some(_), false) => println!("   trusted:  no (no --trust given)"),
        (Some(why), true) => println!("   trusted:  NO: {why}"),
    }
    if let Some(id) = &s.signer {
        println!("   certificate: SHA-256 {}", id.fingerprint);
    }
}

/// The verdict, and what makes a report not valid.
fn print_verdict(checked: &Verification, trust_given: bool) {
    if checked.all_good() {
        println!(
            "verdict: valid: every signature verifies, nothing changed after it, and every signer is trusted"
        );
        return;
    }
    let mut why = Vec::new();
    if checked.signatures.iter().any(|s| !s.valid) {
        why.push("a signature does not verify");
    }
    if checked.signatures.iter().any(|s| s.modified_after) {
        why.push("the report changed after a signature");
    }
    if checked
        .approval
        .as_ref()
        .is_some_and(|a| !a.problems.is_empty())
    {
        why.push("the approval does not match the signatures");
    }
    if checked.signatures.iter().any(|s| !s.trusted) {
        why.push(if trust_given {
            "a signer is not trusted"
        } else {
            "no signer is trusted: pass --trust with the certificates you trust"
        });
    }
    println!("verdict: NOT valid: {}", why.join("; "));
}

/// The approval the report carries (para 56): whom it names, and whether the
/// supervisor's own signatures bear it out.
fn print_approval(approval: &ApprovalCheck) {
    let mut who = vec![approval.name.trim().to_string()];
    who.extend(approval.role.as_ref().map(|r| r.replace('_', " ")));
    who.extend(approval.organisation.clone());
    println!("approval (in {}): {}", approval.carried_by, who.join(", "));
    if let Some(on) = &approval.approved_on {
        println!("   approved on: {on}");
    }
    if let Some(fingerprint) = &approval.fingerprint {
        println!("   fingerprint of the approved content: {fingerprint}");
    }
    println!(
        "   signed by the supervisor in the case file: {}",
        if approval.signed { "yes" } else { "no" }
    );
    println!(
        "   countersigned by the supervisor it names: {}",
        if approval.countersigned_by_supervisor {
            "yes"
        } else {
            "no"
        }
    );
    if approval.problems.is_empty() {
        if !approval.signed && !approval.countersigned_by_supervisor {
            println!(
                "   note: nothing but the author's word shows this approval: the supervisor \
                 neither signed it nor countersigned the report"
            );
        }
    } else {
        for problem in &approval.problems {
            println!("   DOES NOT MATCH: {problem}");
        }
    }
}
