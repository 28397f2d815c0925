//! Checking a signed report: each signature's signer, time, whether it verifies,
//! whether the document changed after it, and whether its signer is trusted.
//!
//! "Changed after" follows the revisions: a signature covers the file up to the end of
//! its revision; every later revision may add a signature and nothing else (its field,
//! its widget on a page's `/Annots`, the form that lists it). Anything else — a page's
//! content, the metadata, the document information, bytes after the last `%%EOF` — is
//! a change after the signature, and said so.

use x509_cert::Certificate;

use super::cms;
use super::keys::{Identity, time_text};
use super::pdf::{Dict, Document, Object, PdfError, hex_decode};

/// One signature of a report, as checked.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SignatureCheck {
    /// The signature field's name (`AuthorSig`, `SupervisorSig`).
    pub field: String,
    /// Who the signer's certificate names, when the signature carries it.
    pub signer: Option<Identity>,
    /// When the signer says they signed (`/M`), `YYYY-MM-DDTHH:MM:SSZ`.
    pub signed_at: Option<String>,
    /// Why they signed (`/Reason`).
    pub reason: Option<String>,
    /// Whether the signature verifies over the bytes it covers.
    pub valid: bool,
    /// Why it does not, when it does not.
    pub invalid_because: Option<String>,
    /// Whether the document was changed after this signature (other than by later
    /// signatures).
    pub modified_after: bool,
    /// What changed after it.
    pub modified_because: Option<String>,
    /// Whether the signature covers the whole file as it is.
    pub covers_whole_file: bool,
    /// Whether the signer's certificate is one given as trusted, or issued by one.
    pub trusted: bool,
    /// Why it is not trusted, when it is not.
    pub untrusted_because: Option<String>,
    /// The DER of the signer's certificate.
    #[serde(skip)]
    pub certificate: Option<Certificate>,
}

impl SignatureCheck {
    /// Valid, not modified after, and trusted.
    pub fn good(&self) -> bool {
        self.valid && !self.modified_after && self.trusted
    }
}

/// What checking a report's signatures found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Verification {
    /// The signatures, in the order they were made.
    pub signatures: Vec<SignatureCheck>,
    /// Whether the file looks made by psr (classic tables, Typst as its creator).
    pub made_by_psr: bool,
    /// The supervisor's approval the author's signature carries (para 56), checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval: Option<ApprovalCheck>,
}

impl Verification {
    /// Every signature valid, unmodified and trusted, and at least one; and the
    /// approval, if the report carries one, consistent with its signatures.
    pub fn all_good(&self) -> bool {
        !self.signatures.is_empty()
            && self.signatures.iter().all(SignatureCheck::good)
            && self.approval.as_ref().is_none_or(|a| a.problems.is_empty())
    }
}

/// The approval recorded in the case a report was rendered from, as `psr render
/// --sign` put it under the author's signature, and what checking it found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ApprovalCheck {
    /// The signature field that carries it (`AuthorSig`).
    pub carried_by: String,
    /// The supervisor it names.
    pub name: String,
    /// Their role, as the case file writes it (`probation_officer`).
    pub role: Option<String>,
    /// Their service.
    pub organisation: Option<String>,
    /// The date of the approval.
    pub approved_on: Option<String>,
    /// The fingerprint of the approved content (`sha256:`…).
    pub fingerprint: Option<String>,
    /// Whether the supervisor signed the approval itself (`psr approve --key`).
    pub signed: bool,
    /// Whether a later signature is the supervisor's, named as the approval names them.
    pub countersigned_by_supervisor: bool,
    /// What does not hold: empty when the approval is consistent with the signatures.
    pub problems: Vec<String>,
}

/// The approval carried by the signature `carrier` (whose check is `carrier_check`),
/// checked against its own signature and against the signatures made after it.
fn check_approval(
    text: &str,
    carrier_check: &SignatureCheck,
    later: &[&SignatureCheck],
) -> ApprovalCheck {
    let mut problems = Vec::new();
    // A record that does not read is said so, not taken as an empty approval.
    let record: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text)
        .unwrap_or_else(|error| {
            problems.push(format!("the approval's record cannot be read: {error}"));
            serde_json::Map::new()
        });
    let field = |key: &str| {
        record
            .get(key)
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
    };
    let name = field("name").unwrap_or_default();
    if !carrier_check.valid {
        problems.push(format!(
            "the signature {} that carries the approval does not verify",
            carrier_check.field
        ));
    }
    if name.trim().is_empty() {
        problems.push("the approval names no supervisor".into());
    }
    let signature = field("signature");
    if let Some(signature) = &signature {
        let compact: String = signature.split_whitespace().collect();
        let message = crate::supervision::approval_message(&record);
        match <base64ct::Base64 as base64ct::Encoding>::decode_vec(&compact)
            .map_err(|e| e.to_string())
            .and_then(|der| cms::check(&der, &[&message]))
        {
            Ok(checked) if checked.verdict.is_ok() => {
                let signer = checked.certificate.as_ref().map(Identity::of);
                let signer = signer.map_or_else(String::new, |s| s.name);
                if !crate::validate::same_person(&signer, &name) {
                    problems.push(format!(
                        "the approval is signed by {signer}, not by the supervisor it names ({name})"
                    ));
                }
            }
            Ok(checked) => problems.push(format!(
                "the supervisor's signature of the approval does not verify: {}",
                checked.verdict.err().unwrap_or_default()
            )),
            Err(why) => problems.push(format!(
                "the supervisor's signature of the approval cannot be read: {why}"
            )),
        }
    }
    let supervisors: Vec<&str> = later
        .iter()
        .filter(|c| c.field.starts_with(super::Part::Supervisor.field()))
        .filter_map(|c| c.signer.as_ref().map(|s| s.name.as_str()))
        .collect();
    let countersigned_by_supervisor = supervisors
        .iter()
        .any(|s| crate::validate::same_person(s, &name));
    for other in supervisors
        .iter()
        .filter(|s| !crate::validate::same_person(s, &name))
    {
        problems.push(format!(
            "countersigned by {other}, but the approval names {name} as the supervisor"
        ));
    }
    ApprovalCheck {
        carried_by: carrier_check.field.clone(),
        name,
        role: field("role"),
        organisation: field("organisation"),
        approved_on: field("approved_on"),
        fingerprint: field("fingerprint"),
        signed: signature.is_some(),
        countersigned_by_supervisor,
        problems,
    }
}

/// The signature fields of a form, with their signature dictionaries (`None`: a field
/// not signed).
fn signature_fields(doc: &Document<'_>) -> Result<Vec<(String, Option<Dict>)>, PdfError> {
    let trailer = doc.trailer();
    let Some(root) = trailer.get("Root") else {
        return Ok(Vec::new());
    };
    let catalog = doc.resolve(root)?;
    let Some(form) = catalog
        .as_dict()
        .map(|c| doc.dict_at(c, "AcroForm"))
        .transpose()?
        .flatten()
    else {
        return Ok(Vec::new());
    };
    let mut stack: Vec<(Object, u8)> = match form.get("Fields").map(|f| doc.resolve(f)) {
        Some(Ok(Object::Array(fields))) => fields.into_iter().rev().map(|f| (f, 0)).collect(),
        _ => Vec::new(),
    };
    let mut found = Vec::new();
    while let Some((field, depth)) = stack.pop() {
        if depth > 8 || found.len() > 64 {
            break;
        }
        let Some(dict) = doc.resolve(&field)?.as_dict().cloned() else {
            continue;
        };
        if let Some(Ok(Object::Array(kids))) = dict.get("Kids").map(|k| doc.resolve(k)) {
            stack.extend(kids.into_iter().rev().map(|k| (k, depth + 1)));
        }
        if !dict.is("FT", "Sig") {
            continue;
        }
        let signature = match dict.get("V") {
            Some(value) => doc.resolve(value)?.as_dict().cloned(),
            None => None,
        };
        let name = dict
            .get("T")
            .and_then(Object::as_text)
            .unwrap_or_else(|| "(unnamed)".into());
        found.push((name, signature));
    }
    Ok(found)
}

/// A PDF date (`D:YYYYMMDDHHmmSS` and a zone) as `YYYY-MM-DDTHH:MM:SSZ`.
fn date_text(date: &str) -> Option<String> {
    let digits = date.strip_prefix("D:").unwrap_or(date);
    let number = |range: std::ops::Range<usize>, default: u32| -> Option<u32> {
        match digits.get(range) {
            Some(text) if text.bytes().all(|b| b.is_ascii_digit()) => text.parse().ok(),
            Some(_) => None,
            None => Some(default),
        }
    };
    let year = number(0..4, 0)? as i32;
    let local = chrono::NaiveDate::from_ymd_opt(year, number(4..6, 1)?, number(6..8, 1)?)?
        .and_hms_opt(number(8..10, 0)?, number(10..12, 0)?, number(12..14, 0)?)?;
    let zone = digits.get(14..).unwrap_or("");
    let offset_minutes = match zone.as_bytes().first() {
        Some(sign @ (b'+' | b'-')) => {
            let parts: Vec<i64> = zone[1..]
                .split(['\'', ':'])
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.parse().ok())
                .collect();
            let minutes =
                parts.first().copied().unwrap_or(0) * 60 + parts.get(1).copied().unwrap_or(0);
            if *sign == b'-' { -minutes } else { minutes }
        }
        _ => 0,
    };
    let utc = local - chrono::Duration::minutes(offset_minutes);
    Some(utc.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// Checks every signature of a PDF, trusting the signers whose certificates are in
/// `trusted` or issued by one of them.
pub fn verify(bytes: &[u8], trusted: &[Certificate]) -> Result<Verification, PdfError> {
    let doc = Document::parse(bytes)?;
    let fields = signature_fields(&doc)?;
    let last_end = doc.revisions.last().map_or(0, |r| r.end);
    // What each revision after the first changed, if more than signatures.
    let changes: Vec<Option<String>> = (0..doc.revisions.len())
        .map(|j| {
            if j == 0 {
                None
            } else {
                signature_only(&doc, j).err()
            }
        })
        .collect();
    let mut signatures = Vec::new();
    for (field, dict) in fields {
        // psr never leaves a field unsigned: one without its signature had it taken
        // out, or was added by another program.
        let dict = dict.unwrap_or_default();
        let (revision, mut check) = check_signature(&doc, trusted, field, &dict);
        if let Some(revision) = revision {
            check.modified_because = changed_after(&changes, revision).or_else(|| {
                (last_end != bytes.len())
                    .then(|| "bytes were added after the end of the last revision".to_string())
            });
            check.modified_after = check.modified_because.is_some();
        }
        if !check.trusted && check.untrusted_because.is_none() {
            check.untrusted_because = Some("the signature could not be read".into());
        }
        let approval = dict
            .get(&super::update::APPROVAL_KEY[1..])
            .and_then(Object::as_text);
        signatures.push((revision.unwrap_or(usize::MAX), check, approval));
    }
    // In the order they were made: the revision each ends.
    signatures.sort_by_key(|(revision, _, _)| *revision);
    let approval = signatures
        .iter()
        .enumerate()
        .find_map(|(i, (_, check, approval))| {
            let later: Vec<&SignatureCheck> = signatures[i + 1..].iter().map(|s| &s.1).collect();
            approval
                .as_deref()
                .map(|text| check_approval(text, check, &later))
        });
    let signatures = signatures.into_iter().map(|(_, check, _)| check).collect();
    let made_by_psr = made_by_psr(&doc);
    Ok(Verification {
        signatures,
        made_by_psr,
        approval,
    })
}

/// One signature field checked: the revision its signature covers (none when it
/// cannot be read), and what is known of it; whether anything changed after it is
/// for [`verify`] to say.
fn check_signature(
    doc: &Document<'_>,
    trusted: &[Certificate],
    field: String,
    dict: &Dict,
) -> (Option<usize>, SignatureCheck) {
    let bytes = doc.bytes;
    let mut check = SignatureCheck {
        field,
        signer: None,
        signed_at: dict
            .get("M")
            .and_then(Object::as_text)
            .and_then(|m| date_text(&m)),
        reason: dict.get("Reason").and_then(Object::as_text),
        valid: false,
        invalid_because: None,
        modified_after: false,
        modified_because: None,
        covers_whole_file: false,
        trusted: false,
        untrusted_because: None,
        certificate: None,
    };
    let (ranges, der, revision) = match covered(doc, dict) {
        Ok(covered) => covered,
        Err(_) if dict.0.is_empty() => {
            check.invalid_because = Some(
                "the signature field is not signed: its signature was taken out, or never made"
                    .to_string(),
            );
            return (None, check);
        }
        Err(why) => {
            check.invalid_because = Some(why);
            return (None, check);
        }
    };
    let parts: Vec<&[u8]> = ranges.iter().map(|r| &bytes[r.clone()]).collect();
    match cms::check(&der, &parts) {
        Ok(checked) => {
            check.signer = checked.certificate.as_ref().map(Identity::of);
            check.valid = checked.verdict.is_ok();
            check.invalid_because = checked.verdict.err();
            if let Some(certificate) = &checked.certificate {
                let at = check.signed_at.clone();
                match trust(certificate, &checked.certificates, trusted, at.as_deref()) {
                    Ok(()) => check.trusted = true,
                    Err(why) => check.untrusted_because = Some(why),
                }
            } else {
                check.untrusted_because = Some("no certificate".into());
            }
            check.certificate = checked.certificate;
        }
        Err(why) => check.invalid_because = Some(why),
    }
    check.covers_whole_file = ranges[1].end == bytes.len();
    (Some(revision), check)
}

/// The first change more than a signature in a revision after `revision`, named by
/// its revision (`changes[j]`: what revision j changed, if more than signatures).
fn changed_after(changes: &[Option<String>], revision: usize) -> Option<String> {
    changes
        .iter()
        .enumerate()
        .skip(revision + 1)
        .find_map(|(j, change)| change.as_ref().map(|c| format!("revision {}: {c}", j + 1)))
}

/// Whether the first revision was written by Typst (psr's renderer).
pub fn made_by_psr(doc: &Document<'_>) -> bool {
    let first = &doc.revisions[0];
    let Some(info) = first.trailer.get("Info") else {
        return false;
    };
    doc.resolve_as_of(info, 0)
        .ok()
        .and_then(|i| {
            i.as_dict()
                .and_then(|d| d.get("Creator"))
                .and_then(Object::as_text)
        })
        .is_some_and(|creator| creator.starts_with("Typst "))
}

/// The two byte ranges a signature covers.
type Ranges = [std::ops::Range<usize>; 2];

/// The byte ranges a signature covers, its DER, and the revision it ends.
fn covered(doc: &Document<'_>, dict: &Dict) -> Result<(Ranges, Vec<u8>, usize), String> {
    let bytes = doc.bytes;
    let numbers: Vec<i64> = match dict.get("ByteRange") {
        Some(Object::Array(items)) => items.iter().filter_map(Object::as_int).collect(),
        _ => return Err("the signature has no /ByteRange".into()),
    };
    let [start, first_len, second, second_len] = numbers[..] else {
        return Err("the /ByteRange is not two ranges".into());
    };
    let as_usize = |n: i64| usize::try_from(n).map_err(|_| "a negative /ByteRange".to_string());
    let (start, first_len, second, second_len) = (
        as_usize(start)?,
        as_usize(first_len)?,
        as_usize(second)?,
        as_usize(second_len)?,
    );
    let end = second
        .checked_add(second_len)
        .filter(|&end| end <= bytes.len())
        .ok_or("the /ByteRange runs past the end of the file")?;
    if start != 0 || first_len >= second {
        return Err("the /ByteRange does not start the file and leave one gap".into());
    }
    // The gap is exactly the hex string of /Contents: `<`, an even number of hex
    // digits, `>`.
    let gap = &bytes[first_len..second];
    let hex = gap
        .strip_prefix(b"<")
        .and_then(|g| g.strip_suffix(b">"))
        .filter(|h| h.len() % 2 == 0 && h.iter().all(u8::is_ascii_hexdigit))
        .ok_or("the gap the /ByteRange leaves is not the signature's hex string")?;
    let mut der = hex_decode(hex);
    // The DER, then only zeros: padding changed is a file changed.
    let len = cms::der_len(&der).map_err(|why| format!("the signature is not DER: {why}"))?;
    if der[len..].iter().any(|&b| b != 0) {
        return Err("the padding after the signature was changed".into());
    }
    let recorded = dict
        .get("Contents")
        .and_then(Object::string_bytes)
        .ok_or("the signature has no /Contents")?;
    if recorded != der {
        return Err("the /Contents is not what lies in the gap of the /ByteRange".into());
    }
    der.truncate(len);
    let revision = doc
        .revisions
        .iter()
        .position(|r| r.end == end)
        .ok_or("the signature does not end at the end of a revision")?;
    Ok(([0..first_len, second..end], der, revision))
}

/// Whether revision `j` only adds a signature: `Err` says what else it changes.
fn signature_only(doc: &Document<'_>, j: usize) -> Result<(), String> {
    let revision = &doc.revisions[j];
    let before = &doc.revisions[j - 1].trailer;
    if let Some(n) = revision.freed.first() {
        return Err(format!("it deletes object {n}"));
    }
    for key in ["Root", "Info", "Encrypt"] {
        if revision.trailer.get(key) != before.get(key) {
            return Err(format!("it changes the trailer's /{key}"));
        }
    }
    let read = |e: PdfError| e.to_string();
    for (&n, &offset) in &revision.objects {
        let new = doc.object_at(n, offset).map_err(read)?;
        let old = doc.object_as_of(n, j - 1).map_err(read)?;
        let allowed = match (&old, &new) {
            (None, Object::Dict(dict)) => {
                dict.is("Type", "Sig")
                    || (dict.is("FT", "Sig") && dict.is("Subtype", "Widget"))
                    || (dict.get("Fields").is_some() && dict.get("Type").is_none())
            }
            (None, Object::Array(items)) => items.iter().all(|i| matches!(i, Object::Ref(..))),
            (Some(Object::Dict(old)), Object::Dict(new)) => {
                if old.is("Type", "Page") {
                    old.without(&["Annots"]) == new.without(&["Annots"])
                        && appended_widgets(doc, j, old.get("Annots"), new.get("Annots"))
                } else if old.is("Type", "Catalog") {
                    old.without(&["AcroForm"]) == new.without(&["AcroForm"])
                } else if old.get("Fields").is_some() {
                    old.without(&["Fields", "SigFlags"]) == new.without(&["Fields", "SigFlags"])
                        && appended_widgets(doc, j, old.get("Fields"), new.get("Fields"))
                } else {
                    false
                }
            }
            (Some(Object::Array(old)), Object::Array(new)) => {
                new.starts_with(old) && widgets(doc, j, &new[old.len()..])
            }
            _ => false,
        };
        if !allowed {
            let what = describe(&old.unwrap_or(new));
            return Err(format!("it changes object {n}{what}"));
        }
    }
    Ok(())
}

/// What an object is, for a message: ` (a page)`, ` (a content stream)`.
fn describe(object: &Object) -> String {
    match object {
        Object::Stream(dict, _) => match dict.get("Type").and_then(Object::as_name) {
            Some(kind) if kind == "Metadata" => " (the XMP metadata)".into(),
            Some(kind) => format!(" (a stream of type {kind})"),
            None => " (a content stream)".into(),
        },
        Object::Dict(dict) => match dict.get("Type").and_then(Object::as_name) {
            Some(kind) if kind == "Page" => " (a page)".into(),
            Some(kind) if kind == "Catalog" => " (the catalog)".into(),
            Some(kind) => format!(" (of type {kind})"),
            None if dict.get("Producer").is_some()
                || dict.get("Title").is_some()
                || dict.get("Creator").is_some() =>
            {
                " (the document information)".into()
            }
            None => String::new(),
        },
        _ => String::new(),
    }
}

/// Whether an array (direct or referenced) gained only signature widgets.
fn appended_widgets(
    doc: &Document<'_>,
    j: usize,
    old: Option<&Object>,
    new: Option<&Object>,
) -> bool {
    let items = |value: Option<&Object>, upto: usize| -> Option<Vec<Object>> {
        match value {
            None => Some(Vec::new()),
            Some(value) => match doc.resolve_as_of(value, upto).ok()? {
                Object::Array(items) => Some(items),
                _ => None,
            },
        }
    };
    let (Some(old), Some(new)) = (items(old, j - 1), items(new, j)) else {
        return false;
    };
    new.starts_with(&old) && widgets(doc, j, &new[old.len()..])
}

/// Whether every item is a signature field's widget (as of revision `j`).
fn widgets(doc: &Document<'_>, j: usize, items: &[Object]) -> bool {
    items.iter().all(|item| {
        doc.resolve_as_of(item, j)
            .ok()
            .and_then(|o| o.as_dict().cloned())
            .is_some_and(|d| d.is("FT", "Sig"))
    })
}

/// Whether a certificate chains to a trusted one, each link valid at `at` (the
/// signing time the signature claims) or now.
fn trust(
    certificate: &Certificate,
    carried: &[Certificate],
    trusted: &[Certificate],
    at: Option<&str>,
) -> Result<(), String> {
    if trusted.is_empty() {
        return Err("no trusted certificates were given (--trust)".into());
    }
    let when = at
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map_or_else(chrono::Utc::now, |t| t.with_timezone(&chrono::Utc));
    let valid_at = |c: &Certificate| {
        let validity = &c.tbs_certificate().validity();
        let from = validity.not_before.to_unix_duration().as_secs() as i64;
        let to = validity.not_after.to_unix_duration().as_secs() as i64;
        (from..=to).contains(&when.timestamp())
    };
    let mut current = certificate.clone();
    for _ in 0..8 {
        if !valid_at(&current) {
            let validity = &current.tbs_certificate().validity();
            return Err(format!(
                "the certificate of {} is valid from {} to {}, not when the signature was made",
                Identity::of(&current).name,
                time_text(validity.not_before.to_unix_duration()),
                time_text(validity.not_after.to_unix_duration()),
            ));
        }
        if trusted.contains(&current) || trusted.iter().any(|t| cms::issued_by(&current, t)) {
            return Ok(());
        }
        let Some(issuer) = carried
            .iter()
            .find(|c| **c != current && cms::issued_by(&current, c))
        else {
            break;
        };
        current = issuer.clone();
    }
    Err("the signer's certificate is not among those trusted, nor issued by one".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signature(field: &str, signer: &str) -> SignatureCheck {
        SignatureCheck {
            field: field.into(),
            signer: Some(Identity {
                name: signer.into(),
                role: None,
                organisation: None,
                subject: format!("CN={signer}"),
                issuer: format!("CN={signer}"),
                self_signed: true,
                fingerprint: String::new(),
                not_before: String::new(),
                not_after: String::new(),
                algorithm: String::new(),
            }),
            signed_at: None,
            reason: None,
            valid: true,
            invalid_because: None,
            modified_after: false,
            modified_because: None,
            covers_whole_file: false,
            trusted: true,
            untrusted_because: None,
            certificate: None,
        }
    }

    #[test]
    fn an_approval_is_borne_out_by_the_supervisor_it_names_and_no_other() {
        let record =
            r#"{"name":"Daniel Osei","role":"probation_officer","approved_on":"2026-11-28"}"#;
        let author = signature("AuthorSig", "Grace Achieng");
        let osei = signature("SupervisorSig", "Daniel Osei");
        let other = signature("SupervisorSig", "Peter Mwangi");

        let alone = check_approval(record, &author, &[]);
        assert!(alone.problems.is_empty());
        assert!(!alone.signed && !alone.countersigned_by_supervisor);
        assert_eq!(alone.approved_on.as_deref(), Some("2026-11-28"));

        let borne = check_approval(record, &author, &[&osei]);
        assert!(borne.problems.is_empty(), "{:?}", borne.problems);
        assert!(borne.countersigned_by_supervisor);

        let forged = check_approval(record, &author, &[&other]);
        assert_eq!(
            forged.problems,
            ["countersigned by Peter Mwangi, but the approval names Daniel Osei as the supervisor"]
        );

        // A signature of the approval that is not one.
        let signed = r#"{"name":"Daniel Osei","signature":"AAAA"}"#;
        let broken = check_approval(signed, &author, &[&osei]);
        assert!(broken.signed);
        assert_eq!(broken.problems.len(), 1, "{:?}", broken.problems);

        // Carried by a signature that does not verify: not to be believed.
        let mut invalid = author.clone();
        invalid.valid = false;
        assert_eq!(check_approval(record, &invalid, &[]).problems.len(), 1);
    }

    #[test]
    fn pdf_dates_read_in_utc() {
        assert_eq!(
            date_text("D:20261206120000Z").as_deref(),
            Some("2026-12-06T12:00:00Z")
        );
        assert_eq!(
            date_text("D:20261206120000+01'00'").as_deref(),
            Some("2026-12-06T11:00:00Z")
        );
        assert_eq!(date_text("D:2026").as_deref(), Some("2026-01-01T00:00:00Z"));
        assert_eq!(date_text("yesterday"), None);
        // Text that is not a date in its digits' places is read as far as it goes,
        // never a panic.
        let _ = date_text("D:2026120612000é");
        let _ = date_text("D:202612061200éé+0é");
    }

    /// A one-page PDF with a classic cross-reference table, as krilla writes them.
    fn tiny_pdf() -> Vec<u8> {
        let objects = [
            "<</Type/Catalog/Pages 2 0 R>>",
            "<</Type/Pages/Kids[3 0 R]/Count 1>>",
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]/Contents 4 0 R>>",
            "<</Length 8>>\nstream\n0 0 m S\n\nendstream",
            "<</Creator(Typst 0.15.1)>>",
        ];
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, object) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(b"xref\n0 6\n0000000000 65535 f\r\n");
        for offset in offsets {
            out.extend_from_slice(format!("{offset:010} 00000 n\r\n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<</Size 6/Root 1 0 R/Info 5 0 R>>\nstartxref\n{xref}\n%%EOF")
                .as_bytes(),
        );
        out
    }

    /// A court clerk's `psr verify` reads PDFs from anywhere: a signed file cut or
    /// changed at any byte gives an answer, never a panic, and never "valid".
    #[test]
    fn a_damaged_signed_file_is_never_valid_and_never_a_panic() {
        use crate::sign::keys::{NewKey, Passphrase, make, open};
        let passphrase = Passphrase::new("a passphrase".into());
        let who = |name: &str| NewKey {
            name: name.into(),
            role: "Probation officer".into(),
            organisation: None,
            days: 2,
        };
        let author = open(
            &make(&who("A Author"), &passphrase).unwrap().pkcs12,
            &passphrase,
        )
        .unwrap();
        let supervisor = open(
            &make(&who("S Supervisor"), &passphrase).unwrap().pkcs12,
            &passphrase,
        )
        .unwrap();
        let when = chrono::Utc::now();
        let signed = crate::sign::sign_report(&tiny_pdf(), &author, when, None).unwrap();
        let (both, _) = crate::sign::countersign(&signed, &supervisor, when).unwrap();
        let trusted = [author.certificate.clone(), supervisor.certificate.clone()];
        let checked = verify(&both, &trusted).unwrap();
        assert!(checked.all_good(), "{checked:#?}");
        assert_eq!(checked.signatures.len(), 2);
        assert!(checked.made_by_psr);
        for at in 0..both.len() {
            // `A` and `a` are one hex digit: the signature's /Contents reads the same.
            if both[at].is_ascii_alphabetic() && both[at].is_ascii_hexdigit() {
                continue;
            }
            let mut changed = both.clone();
            changed[at] ^= 0x20;
            if let Ok(checked) = verify(&changed, &trusted) {
                assert!(
                    !checked.all_good(),
                    "byte {at} changed, still valid: {:?}",
                    String::from_utf8_lossy(
                        &both[at.saturating_sub(40)..(at + 40).min(both.len())]
                    )
                );
            }
            // Cut at the end of the author's revision, it is the file as the author
            // signed it: valid, with one signature.
            if let Ok(checked) = verify(&both[..at], &trusted) {
                assert!(
                    !checked.all_good() || (at == signed.len() && checked.signatures.len() == 1),
                    "cut at {at}, still valid"
                );
            }
        }
    }
}
