//! A supervisor's approval (para 56), written once for `psr approve` and the studio's
//! review page: who may approve, the approval recorded (and signed with their key),
//! the approved case checked as `render` checks it, then written with its approved
//! copy. The front ends only ask for the approval and show the outcome.
//!
//! Nothing is written unless the approved case passed the checks: only
//! [`Pipeline::approve`] makes an [`ApprovedCase`], it holds the [`Checked`] case, and
//! [`ApprovedCase::write`] (or the studio's `Folder::write_approval`) is the one way
//! to put it on disk.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{CaseInput, Checked, Failure, FileFindings, Pipeline};
use crate::diagnostic::summary;
use crate::load::SourceFile;
use crate::output::{WriteError, write_together};
use crate::sign::Signer;
use crate::sign::approval::approve_with_key;
use crate::supervision::{
    Approval, ApproveError, Approved, approved_copy_path, has_case_file_name, is_approved_copy,
};

/// An approval to record: the case file as the supervisor read it, and who approves.
pub struct ApprovalRequest<'a> {
    /// Where the case file is: the approved copy is named from it, and an addendum's
    /// earlier report is read beside it.
    pub path: &'a Path,
    /// The case file's text, as the supervisor read it.
    pub source: SourceFile,
    /// Who approves, in which role, for which service, on which date.
    pub approval: Approval,
    /// The supervisor's key, to sign the approval; its certificate must name them.
    pub key: Option<&'a Signer>,
    /// The time psr signs at: the key must be valid then.
    pub when: DateTime<Utc>,
}

/// A case approved and checked as `render` checks it, not yet written.
#[derive(Debug)]
pub struct ApprovedCase {
    approved: Approved,
    checked: Checked,
    signed: bool,
}

impl ApprovedCase {
    /// The case file's new text, with the approval in `report.supervisor`.
    pub fn text(&self) -> &str {
        &self.approved.text
    }

    /// `sha256:` and the hex digest of the approved content.
    pub fn fingerprint(&self) -> &str {
        &self.approved.fingerprint
    }

    /// Whether the approval is signed with the supervisor's key.
    pub fn signed(&self) -> bool {
        self.signed
    }

    /// The approved case's warnings, for the supervisor to read before the court does.
    pub fn warnings(&self) -> FileFindings {
        self.checked.prepared().file_findings()
    }

    /// Writes the case file at `path` and the approved copy beside it
    /// ([`approved_copy_path`]), both or neither: a folder, a named pipe or a link
    /// where the copy goes leaves the case as it was. Returns the copy's path.
    pub fn write(&self, path: &Path) -> Result<PathBuf, WriteError> {
        let copy = approved_copy_path(path);
        let text = self.text().as_bytes();
        write_together(&[(path, text), (&copy, text)], true)?;
        Ok(copy)
    }
}

/// Why nothing was approved.
#[derive(Debug)]
pub enum Refusal {
    /// The file is not a case file psr can keep an approved copy of.
    Name(String),
    /// The case does not load: its findings.
    DoesNotLoad(Vec<FileFindings>),
    /// The approved case has errors `render` would refuse it for.
    HasErrors(FileFindings),
    /// The approval itself is refused: who approves (para 56), or their key.
    Refused(String),
    /// The case could not be read or checked (an addendum's earlier report, the time
    /// limit).
    Failure(Failure),
    /// The approved text would not read back as the same case: a defect of psr.
    Internal(String),
}

impl Refusal {
    /// What the refusal says, after the findings when it has any: for a line of its
    /// own (`error: …`) or a form.
    pub fn reason(&self) -> String {
        match self {
            Refusal::Name(why) => why.clone(),
            Refusal::Refused(why) => format!("approval refused: {why}"),
            Refusal::DoesNotLoad(_) => "the case does not load; nothing was approved".into(),
            Refusal::HasErrors(findings) => {
                format!("{}; nothing was approved", summary(&findings.diagnostics))
            }
            Refusal::Failure(failure) => format!("{failure}; nothing was approved"),
            Refusal::Internal(why) => {
                format!("internal error approving the case: {why}; the file was not changed")
            }
        }
    }
}

impl Pipeline {
    /// Records `request`'s approval in the case, signed with its key when one is
    /// given, and checks the approved case against the catalogue as `render` would:
    /// any error refuses it, a draft's included. Writes nothing.
    pub fn approve(&self, request: ApprovalRequest<'_>) -> Result<ApprovedCase, Refusal> {
        let ApprovalRequest {
            path,
            source,
            approval,
            key,
            when,
        } = request;
        check_name(path)?;
        // The roles whose approval the service accepts are its catalogue's.
        let accepted = self.catalogue.value.supervisors();
        let approved =
            approve_with_key(source, &approval, accepted, key, when).map_err(|e| match e {
                ApproveError::Invalid(source, diagnostics) => {
                    Refusal::DoesNotLoad(vec![FileFindings {
                        source,
                        diagnostics,
                    }])
                }
                ApproveError::Refused(why) => Refusal::Refused(why),
                ApproveError::Internal(why) => Refusal::Internal(why),
            })?;
        // What is approved must be a case psr would render, read beside the case's
        // file (an addendum's earlier report is there).
        let text = SourceFile {
            name: path.display().to_string(),
            text: approved.text.clone(),
        };
        let prepared = match self.prepare(CaseInput::Editing(text, path)) {
            Ok(prepared) => prepared,
            Err(Failure::Invalid(files)) => return Err(Refusal::DoesNotLoad(files)),
            Err(failure) => return Err(Refusal::Failure(failure)),
        };
        if prepared.has_errors() {
            return Err(Refusal::HasErrors(prepared.file_findings()));
        }
        Ok(ApprovedCase {
            approved,
            checked: Checked(prepared),
            signed: key.is_some(),
        })
    }
}

/// Whether psr can approve the case file at `path`: the approved copy is named from
/// the case file's name, so the case needs one of its own, and an approved copy is not
/// itself approved. [`Pipeline::approve`] checks it; `psr approve` asks first, before
/// reading anything.
pub fn check_name(path: &Path) -> Result<(), Refusal> {
    if is_approved_copy(path) {
        return Err(Refusal::Name(format!(
            "{} is an approved copy kept by psr: approve the case file beside it",
            path.display()
        )));
    }
    if !has_case_file_name(path) {
        return Err(Refusal::Name(format!(
            "{}: a case file's name ends in .yaml or .yml, so that its approved copy is kept under a name of its own (`NAME.approved.yaml`): rename it",
            path.display()
        )));
    }
    Ok(())
}
