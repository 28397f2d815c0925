//! `psr countersign REPORT.pdf --key SUPERVISOR.p12 [-o OUT.pdf]`: a supervisor's
//! signature on a report an NGO worker or volunteer wrote and signed (para 56), added
//! as a second incremental update once the signatures already there are checked.

use std::path::PathBuf;
use std::process::ExitCode;

use psr::output::{sha256_hex, write_atomically};
use psr::sign::{SignError, countersign};

use super::Error;
use super::signing::{PassphraseArgs, open_key, signing_time};

/// Arguments of `psr countersign`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The signed report (PDF rendered by `psr render --sign`).
    report: PathBuf,
    /// The supervisor's key file (PKCS#12).
    #[arg(long, value_name = "KEY.p12")]
    key: PathBuf,
    /// Where to write the countersigned report; by default the report itself is
    /// replaced (the signature is appended, nothing before it changes).
    #[arg(short, long, value_name = "OUT.pdf")]
    output: Option<PathBuf>,
    /// Replace OUT.pdf if it exists.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    passphrase: PassphraseArgs,
}

/// Runs `psr countersign`: 0 countersigned; 1 refused (a signature does not verify,
/// the report changed, it is not psr's, or the supervisor is its author); 2 I/O.
pub fn execute(args: Args) -> Result<ExitCode, Error> {
    let bytes = std::fs::read(&args.report)
        .map_err(|e| Error::Message(format!("cannot read {}: {e}", args.report.display())))?;
    // Checked before the passphrase is asked: a report that cannot be countersigned
    // is said at once.
    if let Err(error) = psr::sign::countersignable(&bytes) {
        return Err(Error::refused(format!(
            "{}: {error}; nothing was signed",
            args.report.display()
        )));
    }
    let signer = open_key(&args.key, &args.passphrase)?;
    let (signed, checked) = match countersign(&bytes, &signer, signing_time()?) {
        Ok(done) => done,
        Err(error @ (SignError::Refused(_) | SignError::NotPsr(_) | SignError::Pdf(_))) => {
            return Err(Error::refused(format!(
                "{}: {error}; nothing was signed",
                args.report.display()
            )));
        }
        Err(error) => return Err(Error::Message(error.to_string())),
    };
    for signature in &checked.signatures {
        let who = signature
            .signer
            .as_ref()
            .map_or_else(String::new, |id| id.describe());
        eprintln!("checked {}: {who}: valid, unchanged", signature.field);
    }
    let (output, force) = match &args.output {
        Some(path) => (path.clone(), args.force),
        None => (args.report.clone(), true),
    };
    write_atomically(&output, &signed, force)?;
    println!("{}  {}", sha256_hex(&signed), output.display());
    eprintln!(
        "countersigned {} as {} (\"Approved under para 56\")",
        output.display(),
        signer.identity().describe()
    );
    Ok(ExitCode::SUCCESS)
}
