//! A key file and its passphrase, posted by a page to sign (docs/signatures.md, "In
//! the studio"): the review page's approval, the case page's signed PDFs.
//!
//! Both are read from the request into memory psr wipes when the request ends
//! ([`zeroize`]), and into nothing else: never a file, never the log, never an answer.
//! A form is at most [`MAX_FORM_BYTES`], its key file [`MAX_KEY_BYTES`] (a PKCS#12 file
//! is a few kilobytes); the session and origin checks of [`super::guard`] come first,
//! as for every request that changes something.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};
use axum::response::Response;
use zeroize::Zeroizing;

use crate::sign::{KeyError, Passphrase, Signer, keys};

/// The largest key file the studio reads: a PKCS#12 file with a long chain of
/// certificates is a few kilobytes.
pub const MAX_KEY_BYTES: usize = 64 * 1024;

/// The largest passphrase.
const MAX_PASSPHRASE_BYTES: usize = 1024;

/// The largest other field (a name, a role, a date, a version).
const MAX_FIELD_BYTES: usize = 4 * 1024;

/// The largest form that carries a key file: the key, its passphrase and a few short
/// fields, with room for the multipart framing.
pub const MAX_FORM_BYTES: usize = MAX_KEY_BYTES + 64 * 1024;

/// The largest signed report a supervisor may post to countersign (a report of the
/// largest case psr renders is far smaller).
pub const MAX_REPORT_BYTES: usize = 8 * 1024 * 1024;

/// The largest form that carries a report to countersign besides the key.
pub const MAX_COUNTERSIGN_BYTES: usize = MAX_REPORT_BYTES + MAX_FORM_BYTES;

/// A key file and its passphrase, as posted, for one request. Never printed.
pub struct PostedKey {
    bytes: Zeroizing<Vec<u8>>,
    passphrase: Passphrase,
}

impl std::fmt::Debug for PostedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PostedKey(…)")
    }
}

impl PostedKey {
    /// The signer the file holds, opened with its passphrase and valid at `when` (the
    /// time psr signs); else why not, in words for the page.
    pub fn open(&self, when: chrono::DateTime<chrono::Utc>) -> Result<Signer, String> {
        let signer = keys::open(&self.bytes, &self.passphrase).map_err(|error| match error {
            KeyError::Passphrase => {
                "the passphrase does not open this key file: type it again (check Caps Lock)"
                    .to_string()
            }
            KeyError::Unreadable(_) => {
                "the file chosen is not a key file psr can read: choose your key file (.p12 or .pfx)"
                    .to_string()
            }
            other => format!("the key file cannot be used: {other}"),
        })?;
        signer.valid_at(when).map_err(|error| error.to_string())?;
        Ok(signer)
    }
}

/// A posted form: its short fields, the key file with its passphrase when one was
/// chosen, or why what was posted cannot sign.
#[derive(Debug, Default)]
pub struct Posted {
    /// The short fields, by name.
    pub fields: HashMap<String, String>,
    /// The key file and its passphrase.
    pub key: Option<PostedKey>,
    /// A signed report posted to countersign (field `report`), when one was chosen.
    pub report: Option<Vec<u8>>,
    /// What is wrong with the key fields, in words for the page (nothing is signed).
    pub problem: Option<String>,
}

impl Posted {
    /// A short field's value, or `""`.
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }
}

/// Reads a form posted as `multipart/form-data` (with a key file) or, from a page or
/// client without one, as `application/x-www-form-urlencoded`.
pub async fn read(request: Request) -> Result<Posted, Response> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("multipart/form-data"));
    if !multipart {
        return read_urlencoded(request).await;
    }
    let mut form = Multipart::from_request(request, &())
        .await
        .map_err(|_| bad(StatusCode::BAD_REQUEST, "the form could not be read"))?;
    let mut posted = Posted::default();
    let mut key: Option<Zeroizing<Vec<u8>>> = None;
    let mut passphrase: Option<Zeroizing<Vec<u8>>> = None;
    let mut too_large = false;
    while let Some(mut field) = form.next_field().await.map_err(refused)? {
        let name = field.name().unwrap_or_default().to_string();
        let cap = match name.as_str() {
            "key" => MAX_KEY_BYTES,
            "passphrase" => MAX_PASSPHRASE_BYTES,
            "report" => MAX_REPORT_BYTES,
            _ => MAX_FIELD_BYTES,
        };
        // Room for the whole field from the start: a buffer that grew would leave
        // copies of a key behind, unwiped. (A report is no secret: it grows.)
        let mut bytes = Zeroizing::new(Vec::with_capacity(if name == "report" { 0 } else { cap }));
        let mut over = false;
        while let Some(chunk) = field.chunk().await.map_err(refused)? {
            if bytes.len() + chunk.len() > cap {
                over = true;
            } else if !over {
                bytes.extend_from_slice(&chunk);
            }
        }
        match name.as_str() {
            "key" if over => too_large = true,
            "key" if !bytes.is_empty() => key = Some(bytes),
            "key" => {}
            "passphrase" if over => {
                posted.problem = Some("the passphrase is longer than psr reads".into());
            }
            "passphrase" => passphrase = Some(bytes),
            "report" if over => {
                posted.problem = Some(format!(
                    "the report chosen is larger than psr takes ({} MiB at most)",
                    MAX_REPORT_BYTES / 1024 / 1024
                ));
            }
            "report" if !bytes.is_empty() => posted.report = Some(std::mem::take(&mut *bytes)),
            "report" => {}
            _ if over => {
                return Err(bad(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "a field of the form is longer than psr reads",
                ));
            }
            _ => {
                let text = String::from_utf8(bytes.to_vec())
                    .map_err(|_| bad(StatusCode::BAD_REQUEST, "the form is not UTF-8 text"))?;
                posted.fields.insert(name, text);
            }
        }
    }
    if too_large {
        posted.problem = Some(format!(
            "the file chosen is larger than a key file ({} KiB at most): choose your key file (.p12 or .pfx)",
            MAX_KEY_BYTES / 1024
        ));
    }
    if posted.problem.is_none() {
        hand_over_key(&mut posted, key, passphrase);
    }
    Ok(posted)
}

/// A form posted without a key file (`application/x-www-form-urlencoded`).
async fn read_urlencoded(request: Request) -> Result<Posted, Response> {
    let Form(mut fields) = Form::<HashMap<String, String>>::from_request(request, &())
        .await
        .map_err(|_| bad(StatusCode::BAD_REQUEST, "the form could not be read"))?;
    let mut posted = Posted::default();
    // A passphrase belongs with a key file, which only a multipart form carries.
    if let Some(passphrase) = fields.remove("passphrase").map(Zeroizing::new)
        && !passphrase.is_empty()
    {
        posted.problem = Some(no_key_file());
    }
    posted.fields = fields;
    Ok(posted)
}

/// The key file and its passphrase put in `posted`, the passphrase moved (never
/// copied) into a [`Passphrase`] that wipes itself; or why they cannot be used.
fn hand_over_key(
    posted: &mut Posted,
    key: Option<Zeroizing<Vec<u8>>>,
    passphrase: Option<Zeroizing<Vec<u8>>>,
) {
    let typed = passphrase.as_ref().is_some_and(|p| !p.is_empty());
    match (key, passphrase) {
        (Some(bytes), passphrase) => {
            let mut passphrase = passphrase.unwrap_or_default();
            match String::from_utf8(std::mem::take(&mut *passphrase)) {
                Ok(text) => {
                    posted.key = Some(PostedKey {
                        bytes,
                        passphrase: Passphrase::new(text),
                    });
                }
                Err(error) => {
                    drop(Zeroizing::new(error.into_bytes()));
                    posted.problem = Some("the passphrase is not text psr reads".into());
                }
            }
        }
        (None, _) if typed => posted.problem = Some(no_key_file()),
        (None, _) => {}
    }
}

fn no_key_file() -> String {
    "a passphrase was typed, but no key file was chosen: choose your key file (.p12 or .pfx), or clear the passphrase".into()
}

/// A form that could not be read, as the multipart reader says: too large, or
/// malformed.
fn refused(error: axum::extract::multipart::MultipartError) -> Response {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        bad(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the form is larger than psr takes: a key file is at most 64 KiB",
        )
    } else {
        bad(StatusCode::BAD_REQUEST, "the form could not be read")
    }
}

fn bad(status: StatusCode, message: &str) -> Response {
    super::refusal(status, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> Request {
        let mut body = Vec::new();
        for (name, file, bytes) in parts {
            body.extend_from_slice(b"--XBOUNDARYX\r\n");
            match file {
                Some(file) => body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                ),
                None => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                ),
            }
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"--XBOUNDARYX--\r\n");
        Request::builder()
            .method("POST")
            .header(
                header::CONTENT_TYPE,
                "multipart/form-data; boundary=XBOUNDARYX",
            )
            .body(Body::from(body))
            .unwrap()
    }

    fn read_now(request: Request) -> Result<Posted, Response> {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(read(request))
    }

    #[test]
    fn a_key_file_and_its_passphrase_are_read_with_the_fields() {
        let posted = read_now(multipart(&[
            ("by", None, b"Daniel Osei"),
            ("key", Some("osei.p12"), b"\x30\x82 not really a key"),
            ("passphrase", None, b"secret words"),
        ]))
        .unwrap();
        assert_eq!(posted.field("by"), "Daniel Osei");
        assert!(posted.problem.is_none());
        let key = posted.key.expect("a key");
        assert_eq!(&key.bytes[..2], b"\x30\x82");
        // Never printed, not even for debugging.
        assert_eq!(format!("{key:?}"), "PostedKey(…)");
        assert!(!posted.fields.contains_key("passphrase"));
        // Not a PKCS#12 file: said in words.
        let why = key.open(chrono::Utc::now()).unwrap_err();
        assert!(why.contains("not a key file psr can read"), "{why}");
    }

    #[test]
    fn no_file_chosen_is_no_key_and_a_passphrase_alone_is_a_problem() {
        let posted = read_now(multipart(&[
            ("by", None, b"Daniel Osei"),
            ("key", Some(""), b""),
            ("passphrase", None, b""),
        ]))
        .unwrap();
        assert!(posted.key.is_none());
        assert!(posted.problem.is_none());
        let posted = read_now(multipart(&[
            ("key", Some(""), b""),
            ("passphrase", None, b"typed"),
        ]))
        .unwrap();
        assert!(posted.key.is_none());
        assert!(
            posted
                .problem
                .as_deref()
                .is_some_and(|p| p.contains("no key file was chosen")),
            "{posted:?}"
        );
    }

    #[test]
    fn a_file_larger_than_a_key_file_is_refused_in_words() {
        let big = vec![0u8; MAX_KEY_BYTES + 1];
        let posted = read_now(multipart(&[
            ("key", Some("film.mp4"), &big),
            ("passphrase", None, b"typed"),
        ]))
        .unwrap();
        assert!(posted.key.is_none());
        assert!(
            posted
                .problem
                .as_deref()
                .is_some_and(|p| p.contains("larger than a key file")),
            "{posted:?}"
        );
    }

    #[test]
    fn a_form_without_a_file_is_read_as_before() {
        let request = Request::builder()
            .method("POST")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("by=Daniel+Osei&role=probation_officer"))
            .unwrap();
        let posted = read_now(request).unwrap();
        assert_eq!(posted.field("role"), "probation_officer");
        assert!(posted.key.is_none() && posted.problem.is_none());
    }
}
