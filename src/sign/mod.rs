//! Signed reports (docs/signatures.md): who wrote a report, who approved it, and that
//! nothing changed since, in the PDF signatures courts' readers already check.
//!
//! - [`approval`]: an approval in the case file signed by the supervisor (E037).
//! - [`keys`]: the signer's key and certificate from a PKCS#12 file; `psr keys new`.
//! - [`cms`]: the signature, a CMS SignedData of PAdES baseline B-B.
//! - [`pdf`]: just enough of PDF to read psr's own files, revision by revision.
//! - [`update`]: a signature appended as an incremental update, never a rewrite.
//! - [`verify`]: each signature checked, and what changed after it.
//!
//! The author signs each copy `psr render --sign` writes; a supervisor countersigns the
//! court copy of an NGO worker's or volunteer's report (para 56) with `psr countersign`,
//! which first checks the signatures already there.

pub mod approval;
pub mod cms;
pub mod keys;
pub mod pdf;
pub mod update;
pub mod verify;

pub use keys::{Identity, KeyError, Passphrase, Signer};
pub use update::Part;
pub use verify::{SignatureCheck, Verification};
pub use x509_cert::Certificate;

/// Why a report could not be signed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// The key cannot sign.
    #[error("{0}")]
    Key(#[from] KeyError),
    /// The PDF cannot be read.
    #[error("{0}")]
    Pdf(#[from] pdf::PdfError),
    /// The PDF is not a report psr made, or has been changed in a way psr does not sign.
    #[error("{0}")]
    NotPsr(String),
    /// The signatures already there do not allow another (countersigning).
    #[error("{0}")]
    Refused(String),
    /// A defect of psr.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The time a signature states (`/M`): `SOURCE_DATE_EPOCH` when set (for reproducible
/// output), else the clock, to the second. The commands and the studio sign at it.
pub fn signing_time() -> Result<chrono::DateTime<chrono::Utc>, String> {
    if let Ok(text) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = text
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH is not a number of seconds: {text}"))?;
        return chrono::DateTime::from_timestamp(seconds, 0)
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH is out of range: {text}"));
    }
    let now = chrono::Utc::now();
    Ok(chrono::DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now))
}

/// The author's signature on a copy psr has just rendered. `approval` is the case's
/// `report.supervisor` when the report is rendered as approved: its signed fields and
/// signature go under the author's signature, for `psr verify` to check.
pub fn sign_report(
    pdf: &[u8],
    signer: &Signer,
    when: chrono::DateTime<chrono::Utc>,
    approval: Option<&serde_json::Map<String, serde_json::Value>>,
) -> Result<Vec<u8>, SignError> {
    let approval = approval.map(embedded_approval);
    update::sign(pdf, signer, Part::Author, when, approval.as_deref())
}

/// The approval as it goes into the PDF: the fields its signature covers, and the
/// signature, as JSON.
fn embedded_approval(supervisor: &serde_json::Map<String, serde_json::Value>) -> String {
    let mut kept = serde_json::Map::new();
    for key in crate::supervision::SIGNED_FIELDS
        .iter()
        .chain(&["signature"])
    {
        if let Some(value) = supervisor.get(*key) {
            kept.insert((*key).to_string(), value.clone());
        }
    }
    serde_json::Value::Object(kept).to_string()
}

/// Whether a report may be countersigned: made by psr, signed, every signature
/// verifying, and nothing changed after the last one. Its signatures, checked.
pub fn countersignable(pdf: &[u8]) -> Result<Verification, SignError> {
    let checked = verify::verify(pdf, &[])?;
    if !checked.made_by_psr {
        return Err(SignError::NotPsr(
            "this PDF was not made by psr: psr countersigns only the reports it rendered".into(),
        ));
    }
    if checked.signatures.is_empty() {
        return Err(SignError::Refused(
            "the report is not signed: its author signs it first (`psr render --sign`)".into(),
        ));
    }
    for signature in &checked.signatures {
        if let Some(why) = &signature.invalid_because {
            return Err(SignError::Refused(format!(
                "the signature {} does not verify: {why}",
                signature.field
            )));
        }
        if let Some(why) = &signature.modified_because {
            return Err(SignError::Refused(format!(
                "the report was changed after the signature {}: {why}",
                signature.field
            )));
        }
    }
    if let Some(problem) = checked.approval.as_ref().and_then(|a| a.problems.first()) {
        return Err(SignError::Refused(format!(
            "the approval the report carries does not hold: {problem}"
        )));
    }
    if !checked.signatures.iter().any(|s| s.covers_whole_file) {
        return Err(SignError::Refused(
            "the report was changed since its last signature".into(),
        ));
    }
    Ok(checked)
}

/// A supervisor's signature on a signed report (para 56): refused unless the report
/// is [`countersignable`] and the supervisor is not one of its signers. Returns the
/// countersigned file and the checks of the signatures it had.
pub fn countersign(
    pdf: &[u8],
    signer: &Signer,
    when: chrono::DateTime<chrono::Utc>,
) -> Result<(Vec<u8>, Verification), SignError> {
    let checked = countersignable(pdf)?;
    let supervisor = signer.identity();
    for signature in &checked.signatures {
        let Some(author) = &signature.signer else {
            continue;
        };
        if author.fingerprint == supervisor.fingerprint
            || crate::validate::same_person(&author.name, &supervisor.name)
        {
            return Err(SignError::Refused(format!(
                "{} signed this report already: approving one's own report is not supervision (para 56)",
                author.name
            )));
        }
    }
    // The report states who approved it: only that supervisor countersigns it.
    if let Some(approval) = &checked.approval
        && !approval.name.trim().is_empty()
        && !crate::validate::same_person(&approval.name, &supervisor.name)
    {
        return Err(SignError::Refused(format!(
            "the report's approval names {} as the supervisor, and this key is {}'s: \
             the supervisor named countersigns it (para 56)",
            approval.name.trim(),
            supervisor.name
        )));
    }
    let signed = update::sign(pdf, signer, Part::Supervisor, when, None)?;
    Ok((signed, checked))
}
