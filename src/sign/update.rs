//! Signing a PDF: an incremental update appended to the file, never a rewrite.
//!
//! The update adds a signature dictionary, an invisible signature field (a widget of
//! zero size on the last page, printable and locked: `/F 132`), the form that lists it
//! (`/AcroForm`, `/SigFlags 3`), and the last page again with the widget in its
//! `/Annots`. It writes a classic cross-reference section, as krilla does, whose
//! `/Prev` is the previous one; `/Root`, `/Info` and `/ID` are kept, and so are the
//! XMP metadata, the structure tree and every content stream: an earlier signature
//! then reads as followed by a signature only (pyHanko: `ACCEPTABLE_MODIFICATIONS`).
//!
//! The widget is not tagged: a later revision that added to the structure tree would
//! turn every earlier signature into an illegal modification for pyHanko. A widget
//! with a zero rectangle lies outside the page's crop box, which PDF/UA-1 exempts
//! (7.18.1, 7.18.4); PDF/A-2b needs no appearance for it (6.3.3) and accepts the
//! signature (6.4.3): `/ByteRange` covers the whole file less `/Contents`, which ends
//! at the revision's own `%%EOF`.
//!
//! `/Contents` is reserved at a fixed size, written as `0`s, and filled in place once
//! the digest of the bytes around it is known. Given the same file, key and time, the
//! result is the same bytes: ECDSA (RFC 6979) and RSA PKCS#1 v1.5 are deterministic.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::SignError;
use super::keys::Signer;
use super::pdf::{Dict, Document, Object, name, text_string};

/// PDF/A-2 caps a string at 32,767 bytes: the hex text of `/Contents` must fit.
const MAX_RESERVED: usize = 16_000;

/// Who signs, which sets the field's name and its description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The author of the report.
    Author,
    /// The supervisor who approves it (para 56).
    Supervisor,
}

impl Part {
    /// The signature field's name (`/T`).
    pub fn field(self) -> &'static str {
        match self {
            Part::Author => "AuthorSig",
            Part::Supervisor => "SupervisorSig",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Part::Author => "Signature of the author of the report",
            Part::Supervisor => "Signature of the supervisor who approved the report",
        }
    }

    /// The reason recorded in the signature (`/Reason`).
    pub fn reason(self) -> &'static str {
        match self {
            Part::Author => "Author of the pre-sentence report",
            // Para 56: reports by NGOs and volunteers are prepared under the
            // supervision of the competent authorities.
            Part::Supervisor => "Approved under para 56",
        }
    }
}

/// The PDF date of a moment, in UTC: `D:YYYYMMDDHHmmSSZ`.
pub fn pdf_date(when: chrono::DateTime<chrono::Utc>) -> String {
    when.format("D:%Y%m%d%H%M%SZ").to_string()
}

fn reference(object: &Object) -> Result<(u32, u16), SignError> {
    match object {
        Object::Ref(n, g) => Ok((*n, *g)),
        _ => Err(SignError::NotPsr(
            "its catalog or pages are not indirect objects".into(),
        )),
    }
}

/// The last page: its object number, generation and dictionary.
fn last_page(doc: &Document<'_>, pages: &Object) -> Result<(u32, u16, Dict), SignError> {
    let mut node = reference(pages)?;
    for _ in 0..32 {
        let dict = doc
            .object(node.0)?
            .and_then(|o| o.as_dict().cloned())
            .ok_or_else(|| SignError::NotPsr("a page tree node is missing".into()))?;
        if dict.is("Type", "Page") {
            return Ok((node.0, node.1, dict));
        }
        let kids = match dict.get("Kids").map(|k| doc.resolve(k)).transpose()? {
            Some(Object::Array(kids)) => kids,
            _ => return Err(SignError::NotPsr("a page tree node without kids".into())),
        };
        let last = kids
            .last()
            .ok_or_else(|| SignError::NotPsr("an empty page tree".into()))?;
        node = reference(last)?;
    }
    Err(SignError::NotPsr("a page tree too deep".into()))
}

/// The field names a form already has.
fn field_names(doc: &Document<'_>, fields: &[Object]) -> Vec<String> {
    fields
        .iter()
        .filter_map(|f| doc.resolve(f).ok())
        .filter_map(|f| {
            f.as_dict()
                .and_then(|d| d.get("T"))
                .and_then(Object::as_text)
        })
        .collect()
}

/// The signature dictionary's private key (a second-class name, ignored by other
/// readers) that holds the approval of the case the report was rendered from: JSON of
/// `report.supervisor`'s signed fields and its signature, if any.
pub const APPROVAL_KEY: &str = "/PSR_Approval";

/// Signs `pdf` in an incremental update: the signed file.
pub fn sign(
    pdf: &[u8],
    signer: &Signer,
    part: Part,
    when: chrono::DateTime<chrono::Utc>,
    approval: Option<&str>,
) -> Result<Vec<u8>, SignError> {
    let doc = Document::parse(pdf)?;
    let trailer = doc.trailer().clone();
    let root = reference(
        trailer
            .get("Root")
            .ok_or_else(|| SignError::NotPsr("it has no catalog".into()))?,
    )?;
    let catalog = doc
        .object(root.0)?
        .and_then(|o| o.as_dict().cloned())
        .ok_or_else(|| SignError::NotPsr("its catalog is missing".into()))?;
    let (page, page_generation, page_dict) = last_page(
        &doc,
        catalog
            .get("Pages")
            .ok_or_else(|| SignError::NotPsr("it has no pages".into()))?,
    )?;
    let size = trailer
        .get("Size")
        .and_then(Object::as_int)
        .and_then(|s| u32::try_from(s).ok())
        .ok_or_else(|| SignError::NotPsr("its trailer has no /Size".into()))?;
    let signature = size;
    let widget = size + 1;
    let mut next = size + 2;
    let mut written = Written::new();

    annotate(
        &doc,
        (page, page_generation),
        page_dict,
        widget,
        &mut written,
    )?;
    let names = add_to_form(&doc, root, catalog, widget, &mut next, &mut written)?;
    let widget_dict = signature_widget(
        &field_name(part, &names),
        part,
        (page, page_generation),
        signature,
    );
    written.insert(widget, (0, body(&Object::Dict(widget_dict))));
    let reserved = reserve(signer)?;
    written.insert(
        signature,
        (0, signature_dict(signer, part, when, approval, reserved)),
    );

    let (out, signature_at) =
        append_update(pdf, &doc, &trailer, &written, signature, next.max(size));
    seal(out, signature_at, reserved, signer)
}

/// The objects an update writes: number → (generation, body).
type Written = BTreeMap<u32, (u16, Vec<u8>)>;

/// An object's body as written in the file.
fn body(object: &Object) -> Vec<u8> {
    let mut out = Vec::new();
    object.write(&mut out);
    out
}

/// The widget put on the last page: the page written again with it in its `/Annots`
/// (or the `/Annots` array, when the page refers to it).
fn annotate(
    doc: &Document<'_>,
    (page, page_generation): (u32, u16),
    mut page_dict: Dict,
    widget: u32,
    written: &mut Written,
) -> Result<(), SignError> {
    match page_dict.get("Annots").cloned() {
        None => page_dict.set("Annots", Object::Array(vec![Object::Ref(widget, 0)])),
        Some(Object::Array(mut annots)) => {
            annots.push(Object::Ref(widget, 0));
            page_dict.set("Annots", Object::Array(annots));
        }
        Some(Object::Ref(n, g)) => {
            let Some(Object::Array(mut annots)) = doc.object(n)? else {
                return Err(SignError::NotPsr("a page's /Annots is not an array".into()));
            };
            annots.push(Object::Ref(widget, 0));
            written.insert(n, (g, body(&Object::Array(annots))));
        }
        Some(_) => return Err(SignError::NotPsr("a page's /Annots is not an array".into())),
    }
    written.insert(page, (page_generation, body(&Object::Dict(page_dict))));
    Ok(())
}

/// The widget listed in the document's form (made when there is none), which is
/// marked as signed (`/SigFlags 3`): the names of the fields it had.
fn add_to_form(
    doc: &Document<'_>,
    (root, root_generation): (u32, u16),
    mut catalog: Dict,
    widget: u32,
    next: &mut u32,
    written: &mut Written,
) -> Result<Vec<String>, SignError> {
    match catalog.get("AcroForm").cloned() {
        None => {
            let form_number = *next;
            *next += 1;
            let mut form = Dict::default();
            let names = list_field(doc, &mut form, widget, written)?;
            form.set("SigFlags", Object::Int(3));
            written.insert(form_number, (0, body(&Object::Dict(form))));
            catalog.set("AcroForm", Object::Ref(form_number, 0));
            written.insert(root, (root_generation, body(&Object::Dict(catalog))));
            Ok(names)
        }
        Some(Object::Ref(n, g)) => {
            let mut form = doc
                .object(n)?
                .and_then(|o| o.as_dict().cloned())
                .ok_or_else(|| SignError::NotPsr("its form is missing".into()))?;
            let names = list_field(doc, &mut form, widget, written)?;
            form.set("SigFlags", Object::Int(3));
            written.insert(n, (g, body(&Object::Dict(form))));
            Ok(names)
        }
        Some(Object::Dict(mut form)) => {
            let names = list_field(doc, &mut form, widget, written)?;
            form.set("SigFlags", Object::Int(3));
            catalog.set("AcroForm", Object::Dict(form));
            written.insert(root, (root_generation, body(&Object::Dict(catalog))));
            Ok(names)
        }
        Some(_) => Err(SignError::NotPsr(
            "its /AcroForm is not a dictionary".into(),
        )),
    }
}

/// The widget added to a form's `/Fields` (or to the array it refers to): the names
/// of the fields already there.
fn list_field(
    doc: &Document<'_>,
    form: &mut Dict,
    widget: u32,
    written: &mut Written,
) -> Result<Vec<String>, SignError> {
    let (mut fields, names) = match form.get("Fields").cloned() {
        None => (Vec::new(), Vec::new()),
        Some(Object::Array(fields)) => {
            let names = field_names(doc, &fields);
            (fields, names)
        }
        Some(Object::Ref(n, g)) => {
            let Some(Object::Array(mut fields)) = doc.object(n)? else {
                return Err(SignError::NotPsr(
                    "the form's /Fields is not an array".into(),
                ));
            };
            let names = field_names(doc, &fields);
            fields.push(Object::Ref(widget, 0));
            written.insert(n, (g, body(&Object::Array(fields))));
            return Ok(names);
        }
        Some(_) => {
            return Err(SignError::NotPsr(
                "the form's /Fields is not an array".into(),
            ));
        }
    };
    fields.push(Object::Ref(widget, 0));
    form.set("Fields", Object::Array(fields));
    Ok(names)
}

/// The signature field's name: the part's own, numbered when a second approval
/// needs a field of its own.
fn field_name(part: Part, names: &[String]) -> String {
    (1..)
        .map(|i| {
            if i == 1 {
                part.field().to_string()
            } else {
                format!("{}{i}", part.field())
            }
        })
        .find(|candidate| !names.contains(candidate))
        .unwrap_or_else(|| part.field().to_string())
}

/// The invisible signature field: a widget of zero size on `page`, whose value is
/// the signature dictionary.
fn signature_widget(field_name: &str, part: Part, page: (u32, u16), signature: u32) -> Dict {
    let mut widget_dict = Dict::default();
    widget_dict.set("Type", name("Annot"));
    widget_dict.set("Subtype", name("Widget"));
    widget_dict.set("FT", name("Sig"));
    widget_dict.set("T", text_string(field_name));
    widget_dict.set("TU", text_string(part.description()));
    // Print and Locked; never Hidden, which PDF/A forbids (6.3.2).
    widget_dict.set("F", Object::Int(132));
    widget_dict.set(
        "Rect",
        Object::Array(vec![
            Object::Int(0),
            Object::Int(0),
            Object::Int(0),
            Object::Int(0),
        ]),
    );
    widget_dict.set("P", Object::Ref(page.0, page.1));
    widget_dict.set("V", Object::Ref(signature, 0));
    widget_dict
}

/// The signature dictionary, its `/ByteRange` and `/Contents` (`reserved` bytes)
/// written as placeholders that [`seal`] fills in place.
fn signature_dict(
    signer: &Signer,
    part: Part,
    when: chrono::DateTime<chrono::Utc>,
    approval: Option<&str>,
    reserved: usize,
) -> Vec<u8> {
    let identity = signer.identity();
    let mut signature_dict = b"<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached\
/ByteRange[0 0000000000 0000000000 0000000000]/Contents<"
        .to_vec();
    signature_dict.extend(std::iter::repeat_n(b'0', reserved * 2));
    signature_dict.extend_from_slice(b">/M");
    text_string(&pdf_date(when)).write(&mut signature_dict);
    signature_dict.extend_from_slice(b"/Name");
    text_string(&identity.name).write(&mut signature_dict);
    signature_dict.extend_from_slice(b"/Reason");
    text_string(part.reason()).write(&mut signature_dict);
    // The case's approval as recorded, under the author's signature: `psr verify`
    // checks it against the supervisor's countersignature (para 56).
    if let Some(approval) = approval {
        signature_dict.extend_from_slice(APPROVAL_KEY.as_bytes());
        text_string(approval).write(&mut signature_dict);
    }
    signature_dict.extend_from_slice(b">>");
    signature_dict
}

/// The file with the update appended: the objects written, a classic
/// cross-reference section, the trailer (`/Prev` the previous section). Also where
/// the object `signature` starts.
fn append_update(
    pdf: &[u8],
    doc: &Document<'_>,
    trailer: &Dict,
    written: &Written,
    signature: u32,
    size: u32,
) -> (Vec<u8>, usize) {
    // The update, after the end of line that krilla leaves out after `%%EOF`.
    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") && !out.ends_with(b"\r") {
        out.push(b'\n');
    }
    let mut offsets = BTreeMap::new();
    let mut signature_at = 0;
    for (&n, (generation, object)) in written {
        offsets.insert(n, (out.len(), *generation));
        if n == signature {
            signature_at = out.len();
        }
        out.extend_from_slice(format!("{n} {generation} obj\n").as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(xref_section(&offsets).as_bytes());
    let mut new_trailer = Dict::default();
    new_trailer.set("Size", Object::Int(i64::from(size)));
    for key in ["Root", "Info", "ID"] {
        if let Some(value) = trailer.get(key) {
            new_trailer.set(key, value.clone());
        }
    }
    let previous = doc.revisions.last().map_or(0, |r| r.xref);
    new_trailer.set("Prev", Object::Int(previous as i64));
    out.extend_from_slice(b"trailer\n");
    new_trailer.write(&mut out);
    out.extend_from_slice(format!("\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    (out, signature_at)
}

/// A cross-reference section for the objects at `offsets` (number → offset,
/// generation), in runs of consecutive numbers.
fn xref_section(offsets: &BTreeMap<u32, (usize, u16)>) -> String {
    let mut table = String::from("xref\n0 1\n0000000000 65535 f\r\n");
    let numbers: Vec<u32> = offsets.keys().copied().collect();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        let _ = writeln!(table, "{} {}", numbers[i], j - i + 1);
        for n in &numbers[i..=j] {
            let (offset, generation) = offsets[n];
            let _ = write!(table, "{offset:010} {generation:05} n\r\n");
        }
        i = j + 1;
    }
    table
}

/// The byte range (the whole file less `<…>`) and the signature of its digest,
/// filled in place in the signature dictionary at `signature_at`.
fn seal(
    mut out: Vec<u8>,
    signature_at: usize,
    reserved: usize,
    signer: &Signer,
) -> Result<Vec<u8>, SignError> {
    let contents = signature_at
        + super::pdf::find(&out[signature_at..], b"/Contents<")
            .ok_or_else(|| SignError::Internal("the placeholder is lost".into()))?
        + b"/Contents".len();
    let after = contents + 2 + reserved * 2;
    let range = format!("[0 {contents:010} {after:010} {:010}]", out.len() - after);
    let range_at = signature_at
        + super::pdf::find(
            &out[signature_at..],
            b"[0 0000000000 0000000000 0000000000]",
        )
        .ok_or_else(|| SignError::Internal("the placeholder is lost".into()))?;
    out[range_at..range_at + range.len()].copy_from_slice(range.as_bytes());
    let mut hasher = Sha256::new();
    hasher.update(&out[..contents]);
    hasher.update(&out[after..]);
    let digest = hasher.finalize();
    let der = super::cms::sign(&digest, signer)
        .map_err(|e| SignError::Internal(format!("the signature does not encode: {e}")))?;
    if der.len() > reserved {
        return Err(SignError::Internal(format!(
            "the signature takes {} bytes, more than the {reserved} reserved",
            der.len()
        )));
    }
    let hex: String = der.iter().map(|b| format!("{b:02X}")).collect();
    out[contents + 1..contents + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}

/// The bytes reserved for the signature: the longest it can be, and a little more.
fn reserve(signer: &Signer) -> Result<usize, SignError> {
    let longest = super::cms::max_len(signer)
        .map_err(|e| SignError::Internal(format!("the signature does not encode: {e}")))?;
    let reserved = (longest + 64).div_ceil(256) * 256;
    if reserved > MAX_RESERVED {
        return Err(SignError::Key(super::keys::KeyError::Algorithm(format!(
            "the certificates in the key file take {longest} bytes: more than a PDF/A \
             signature holds; keep only the signer's certificate and its issuers"
        ))));
    }
    Ok(reserved)
}
