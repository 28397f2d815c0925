//! E037: an approval `psr approve --key` signed, checked as the case is rendered.
//!
//! The signature covers the supervisor block's name, role, organisation, date and the
//! fingerprint of the content ([`crate::supervision::approval_message`]), so neither
//! the supervisor nor the date can be edited after the approval unseen, as the
//! fingerprint alone (which leaves the block out) allows. What changed is named from
//! the approved copy psr keeps beside the case, or else from the certificate.

use base64ct::{Base64, Encoding};
use serde_json::{Map, Value};

use super::keys::{Identity, Signer};
use crate::diagnostic::{Diagnostic, codes};
use crate::load::{SourceFile, SourceMap};
use crate::model::case::AuthorRole;
use crate::supervision::{
    Approval, ApproveError, Approved, SIGNED_FIELDS, approval_message, approve_signed,
};
use crate::validate::same_person;

/// The text of `report.supervisor.signature` for an approval's message.
pub fn sign(message: &[u8], signer: &Signer) -> Result<String, String> {
    let digest = <sha2::Sha256 as sha2::Digest>::digest(message);
    let der = super::cms::sign(&digest, signer).map_err(|e| e.to_string())?;
    Ok(Base64::encode_string(&der))
}

/// A supervisor's approval as `psr approve` and the studio's review page record it:
/// [`approve_signed`], signed with `key` when one is given. The key must name the
/// supervisor approving and be valid at `when` (the time psr signs,
/// [`super::signing_time`]); otherwise nothing is approved, and the refusal says why
/// in words a supervisor can act on.
pub fn approve_with_key(
    source: SourceFile,
    approval: &Approval,
    accepted: &[AuthorRole],
    key: Option<&Signer>,
    when: chrono::DateTime<chrono::Utc>,
) -> Result<Approved, ApproveError> {
    let Some(signer) = key else {
        return approve_signed(source, approval, accepted, None);
    };
    let named = signer.identity().name;
    if !same_person(&named, &approval.name) {
        return Err(ApproveError::Refused(format!(
            "the key names {named}, not {}: a supervisor signs an approval with their own key",
            approval.name.trim()
        )));
    }
    signer
        .valid_at(when)
        .map_err(|error| ApproveError::Refused(error.to_string()))?;
    let sign = |message: &[u8]| sign(message, signer);
    approve_signed(source, approval, accepted, Some(&sign))
}

fn supervisor_of(root: &Value) -> Option<&Map<String, Value>> {
    root.pointer("/report/supervisor")
        .and_then(Value::as_object)
}

/// E037 at `path`.
fn e037(map: &SourceMap, path: &str, message: String) -> Diagnostic {
    let at = map.value(path).or_else(|| map.key(path));
    Diagnostic::new(codes::E037, path, message)
        .with_hint(
            "the supervisor signed another approval: put back what they signed \
             (`psr diff NAME.approved.yaml NAME.yaml`), or ask them to approve the \
             case again (`psr approve --key`)",
        )
        .at(at)
}

/// The signed fields of the approval `supervisor` that differ from `kept`, the
/// approved copy's with the same signature: the first one's path, and each with what
/// was signed; `None` when none differs.
fn changed_since_signed(
    kept: &Map<String, Value>,
    supervisor: &Map<String, Value>,
) -> Option<(String, String)> {
    let changed: Vec<&str> = SIGNED_FIELDS
        .iter()
        .copied()
        .filter(|key| kept.get(*key) != supervisor.get(*key))
        .collect();
    let first = changed.first()?;
    let was = |key: &str| {
        kept.get(key).map_or_else(
            || "nothing".to_string(),
            |v| v.as_str().map_or_else(|| v.to_string(), str::to_string),
        )
    };
    let list: Vec<String> = changed
        .iter()
        .map(|key| format!("`{key}` (signed as {})", was(key)))
        .collect();
    Some((format!("report.supervisor.{first}"), list.join(", ")))
}

/// What [`check`]'s finding reads ([`crate::validate::Reports`]).
pub const REPORTS: &[crate::validate::Reports] = &[crate::validate::reports(
    codes::E037,
    &["report.supervisor"],
)];

/// E037 when the case's approval is signed and the signature does not verify (or
/// names someone else). `approved` is the tree of the approved copy kept beside the
/// case, if any.
pub fn check(root: &Value, map: &SourceMap, approved: Option<&Value>) -> Vec<Diagnostic> {
    let Some(supervisor) = supervisor_of(root) else {
        return Vec::new();
    };
    let Some(signature) = supervisor.get("signature") else {
        return Vec::new();
    };
    let finding = |path: &str, message: String| vec![e037(map, path, message)];
    let der = match signature.as_str().map(|s| {
        let compact: String = s.split_whitespace().collect();
        Base64::decode_vec(&compact)
    }) {
        Some(Ok(der)) => der,
        _ => {
            return finding(
                "report.supervisor.signature",
                "the approval's `signature` is not one `psr approve --key` writes".into(),
            );
        }
    };
    let message = approval_message(supervisor);
    let checked = match super::cms::check(&der, &[&message]) {
        Ok(checked) => checked,
        Err(why) => {
            return finding(
                "report.supervisor.signature",
                format!("the approval's `signature` cannot be read: {why}"),
            );
        }
    };
    let signer = checked.certificate.as_ref().map(Identity::of);
    let signer_name = signer.as_ref().map_or("", |s| s.name.as_str());
    if checked.verdict.is_ok() {
        let named = supervisor.get("name").and_then(Value::as_str).unwrap_or("");
        if !same_person(named, signer_name) {
            return finding(
                "report.supervisor.name",
                format!(
                    "the approval is signed by {signer_name}, not by the supervisor it names ({})",
                    named.trim()
                ),
            );
        }
        return Vec::new();
    }
    // What changed since it was signed: from the approved copy when it holds this
    // signature, else what the certificate says of the name.
    let kept = approved
        .and_then(supervisor_of)
        .filter(|kept| kept.get("signature") == Some(signature))
        .filter(|kept| {
            super::cms::check(&der, &[&approval_message(kept)]).is_ok_and(|c| c.verdict.is_ok())
        });
    if let Some((path, list)) = kept.and_then(|kept| changed_since_signed(kept, supervisor)) {
        return finding(
            &path,
            format!("the approval was changed after {signer_name} signed it: {list}"),
        );
    }
    let named = supervisor.get("name").and_then(Value::as_str).unwrap_or("");
    if !signer_name.is_empty() && !same_person(named, signer_name) {
        return finding(
            "report.supervisor.name",
            format!(
                "the approval was changed after it was signed: `name` is {}, the signer {signer_name}",
                named.trim()
            ),
        );
    }
    finding("report.supervisor", unnamed_change(signer_name))
}

/// A signed approval changed since, when no approved copy says which field.
fn unnamed_change(signer_name: &str) -> String {
    let signer = if signer_name.is_empty() {
        "its supervisor"
    } else {
        signer_name
    };
    format!(
        "the approval was changed after {signer} signed it: one of {} (no approved copy is \
         kept beside the file to name it)",
        SIGNED_FIELDS.join(", ")
    )
}
