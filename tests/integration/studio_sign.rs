//! Signing in the studio (issue 28, docs/signatures.md "In the studio"): a supervisor
//! approves on the review page with a key file picked in the page and its passphrase
//! typed there; an author downloads a PDF signed as `psr render --sign` signs it. The
//! key file and the passphrase live in that one request: never in the log, never on
//! disk. Over HTTP, then in headless Chromium (with axe-core on the pages changed).

use std::path::{Path, PathBuf};
use std::process::Output;

use super::common::{
    AUTHOR_PASSPHRASE, SUPERVISOR_PASSPHRASE, catalogue, make_key, pdfsig, psr, stderr, temp,
};
use super::studio::{Studio, folder_with_example};

/// The keys of a supervisor (Daniel Osei) and of the example's author (Grace
/// Achieng), outside the studio's folder.
struct Keys {
    dir: tempfile::TempDir,
    supervisor: PathBuf,
    author: PathBuf,
}

impl Keys {
    fn new() -> Keys {
        let dir = temp();
        let supervisor = make_key(
            dir.path(),
            "osei.p12",
            "Daniel Osei",
            "probation_officer",
            SUPERVISOR_PASSPHRASE,
            Some("1095"),
        );
        let author = make_key(
            dir.path(),
            "achieng.p12",
            "Grace Achieng",
            "ngo_worker",
            AUTHOR_PASSPHRASE,
            Some("1095"),
        );
        Keys {
            dir,
            supervisor,
            author,
        }
    }

    fn certificate(key: &Path) -> PathBuf {
        key.with_extension("crt")
    }
}

const BOUNDARY: &str = "psrTestBoundary7MA4YWxkTrZu0gW";

/// A `multipart/form-data` body, as a browser posts a form with a file input: each
/// part a field, or a file when it has a file name.
fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let head = match file {
            Some(file) => format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/x-pkcs12\r\n\r\n"
            ),
            None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"),
        };
        body.extend_from_slice(head.as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn multipart_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

/// The version the review page was rendered for (its form posts it back).
fn version_on(page: &str) -> String {
    let start = page
        .find("name=\"version\" value=\"")
        .expect("version field")
        + 22;
    page[start..start + 64].to_string()
}

/// The review page's form, posted with a key file (its bytes) and a passphrase.
fn approval(version: &str, by: &str, key: Option<&[u8]>, passphrase: &str) -> Vec<u8> {
    let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![
        ("version", None, version.as_bytes()),
        ("by", None, by.as_bytes()),
        ("role", None, b"probation_officer"),
        ("organisation", None, b"Riverside Probation Service"),
        ("on", None, b"2026-11-30"),
    ];
    // No file chosen: a browser sends the part with an empty file name.
    parts.push((
        "key",
        Some(if key.is_some() { "osei.p12" } else { "" }),
        key.unwrap_or(b""),
    ));
    parts.push(("passphrase", None, passphrase.as_bytes()));
    multipart(&parts)
}

fn verify(pdf: &Path, trust: &Path) -> Output {
    psr(&[
        "verify".as_ref(),
        pdf.as_os_str(),
        "--trust".as_ref(),
        trust.as_os_str(),
    ])
}

#[test]
fn a_supervisor_signs_an_approval_on_the_review_page_with_a_key_file() {
    let keys = Keys::new();
    let dir = folder_with_example();
    let studio = Studio::start(dir.path());
    let case = dir.path().join("case.yaml");
    let kept = dir.path().join("case.approved.yaml");
    let before = std::fs::read_to_string(&case).expect("read");
    let html = studio.get("/case/case.yaml/review").text();
    // The form takes a key file and a passphrase that is never shown or remembered.
    assert!(html.contains("enctype=\"multipart/form-data\""), "{html}");
    assert!(
        html.contains("<input id=\"key\" name=\"key\" type=\"file\""),
        "{html}"
    );
    assert!(
        html.contains("name=\"passphrase\" type=\"password\" autocomplete=\"off\""),
        "{html}"
    );
    let version = version_on(&html);
    let supervisor_key = std::fs::read(&keys.supervisor).expect("key");
    let author_key = std::fs::read(&keys.author).expect("key");
    let post = |body: Vec<u8>| {
        studio.send(
            "POST",
            "/case/case.yaml/approve",
            &[("Content-Type", &multipart_type())],
            &body,
        )
    };
    let unchanged = |what: &str| {
        assert_eq!(
            std::fs::read_to_string(&case).expect("read"),
            before,
            "{what}: the case was changed"
        );
        assert!(!kept.exists(), "{what}: an approved copy was written");
    };
    let refused = |answer: &super::studio::Answer, words: &str| {
        assert_eq!(answer.status, 422, "{}", answer.text());
        let text = answer.text();
        let said = text
            .split("id=\"refused\">")
            .nth(1)
            .and_then(|rest| rest.split("</p>").next())
            .unwrap_or_else(|| panic!("no refusal shown: {text}"));
        assert!(said.starts_with("Not approved: "), "{said}");
        assert!(said.contains(words), "{said}");
        // The page comes back filled in, the passphrase never.
        assert!(text.contains("value=\"Daniel Osei\""), "{text}");
        assert!(
            !text.contains(SUPERVISOR_PASSPHRASE),
            "the passphrase echoed"
        );
    };

    // A wrong passphrase.
    let answer = post(approval(
        &version,
        "Daniel Osei",
        Some(&supervisor_key),
        "not it",
    ));
    refused(&answer, "the passphrase does not open this key file");
    unchanged("a wrong passphrase");

    // The key of someone else: the author's, whatever its passphrase.
    let answer = post(approval(
        &version,
        "Daniel Osei",
        Some(&author_key),
        AUTHOR_PASSPHRASE,
    ));
    refused(&answer, "the key names Grace Achieng, not Daniel Osei");
    unchanged("another person's key");

    // A file that is not a key, and one far larger than any key file.
    let answer = post(approval(
        &version,
        "Daniel Osei",
        Some(before.as_bytes()),
        "x",
    ));
    refused(&answer, "not a key file psr can read");
    let large = vec![b'k'; 70 * 1024];
    let answer = post(approval(&version, "Daniel Osei", Some(&large), "x"));
    refused(&answer, "larger than a key file (64 KiB at most)");
    unchanged("not a key");

    // A passphrase typed, no file chosen.
    let answer = post(approval(
        &version,
        "Daniel Osei",
        None,
        SUPERVISOR_PASSPHRASE,
    ));
    refused(&answer, "no key file was chosen");
    unchanged("no key file");

    // A form far over the limit of a form with a key file is not read at all.
    let huge = vec![b'k'; 1024 * 1024];
    let answer = post(approval(&version, "Daniel Osei", Some(&huge), "x"));
    assert_eq!(answer.status, 413, "{}", answer.text());
    unchanged("a form over the limit");

    // Without the page's Origin, the guard refuses before the form is read.
    let forged = studio.raw(
        "POST",
        &studio.at("/case/case.yaml/approve"),
        &[
            ("Cookie", &studio.cookie),
            ("Content-Type", &multipart_type()),
        ],
        &approval(
            &version,
            "Daniel Osei",
            Some(&supervisor_key),
            SUPERVISOR_PASSPHRASE,
        ),
    );
    assert_eq!(forged.status, 403);
    unchanged("a forged post");

    // The supervisor's own key and passphrase: approved and signed.
    let answer = post(approval(
        &version,
        "Daniel Osei",
        Some(&supervisor_key),
        SUPERVISOR_PASSPHRASE,
    ));
    assert_eq!(answer.status, 303, "{}", answer.text());
    assert_eq!(
        answer.header("location"),
        Some(studio.at("/case/case.yaml/review?approved=signed").as_str())
    );
    let text = std::fs::read_to_string(&case).expect("read");
    assert!(text.contains("fingerprint: \"sha256:"), "{text}");
    assert!(text.contains("    signature: \""), "{text}");
    // The case and its approved copy, written together.
    assert_eq!(std::fs::read_to_string(&kept).expect("kept"), text);
    let html = studio.get("/case/case.yaml/review?approved=signed").text();
    assert!(html.contains("Approved and signed"), "{html}");
    assert!(html.contains("signed with the supervisor's key"), "{html}");
    // psr checks the signature as it renders (E037): it verifies.
    let out = psr(&[
        "validate".as_ref(),
        case.as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The date edited after: E037 names it, as for `psr approve --key`.
    std::fs::write(
        &case,
        text.replace("approved_on: 2026-11-30", "approved_on: 2026-11-29"),
    )
    .expect("write");
    let out = psr(&[
        "validate".as_ref(),
        case.as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("E037"), "{}", stderr(&out));
    // The review page says so with the approval, and approving again signs anew.
    let html = studio.get("/case/case.yaml/review").text();
    let said = html
        .split("id=\"signature-problem\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no word of the signature: {html}"));
    assert!(
        said.contains("approved_on (signed as 2026-11-30)"),
        "{said}"
    );
    assert!(!html.contains("id=\"approve\" disabled"), "{html}");
    let answer = post(approval(
        &version_on(&html),
        "Daniel Osei",
        Some(&supervisor_key),
        SUPERVISOR_PASSPHRASE,
    ));
    assert_eq!(answer.status, 303, "{}", answer.text());
    let out = psr(&[
        "validate".as_ref(),
        case.as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // Nothing of the key was written beside the case, or logged.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| n.ends_with(".yaml")),
        "files left in the folder: {names:?}"
    );
    let (_, log) = studio.stop();
    assert!(log.contains("approve case.yaml: approved, signed"), "{log}");
    assert!(log.contains("approve case.yaml: refused"), "{log}");
    for secret in [SUPERVISOR_PASSPHRASE, AUTHOR_PASSPHRASE, "Daniel Osei"] {
        assert!(!log.contains(secret), "the log has {secret:?}: {log}");
    }
    drop(keys.dir);
}

#[test]
fn a_pdf_downloaded_signed_from_the_studio_verifies() {
    let keys = Keys::new();
    let dir = folder_with_example();
    let studio = Studio::start(dir.path());
    let author_key = std::fs::read(&keys.author).expect("key");
    let supervisor_key = std::fs::read(&keys.supervisor).expect("key");
    let post = |copy: &str, key: Option<&[u8]>, passphrase: &str| {
        let body = multipart(&[
            (
                "key",
                Some(if key.is_some() { "key.p12" } else { "" }),
                key.unwrap_or(b""),
            ),
            ("passphrase", None, passphrase.as_bytes()),
        ]);
        studio.send(
            "POST",
            &format!("/api/case/case.yaml/pdf?copy={copy}"),
            &[("Content-Type", &multipart_type())],
            &body,
        )
    };
    let error = |answer: &super::studio::Answer| -> String {
        assert_eq!(answer.status, 422, "{}", answer.text());
        answer.json()["error"].as_str().expect("error").to_string()
    };

    // Refusals, in words, and no PDF.
    let said = error(&post("court", Some(&author_key), "not it"));
    assert!(
        said.contains("the passphrase does not open this key file"),
        "{said}"
    );
    assert!(said.contains("nothing was signed"), "{said}");
    let said = error(&post("court", None, ""));
    assert!(said.contains("choose your key file"), "{said}");
    // The supervisor's key: the author signs; a supervisor countersigns, on the
    // command line.
    let said = error(&post("court", Some(&supervisor_key), SUPERVISOR_PASSPHRASE));
    assert!(
        said.contains("the key names Daniel Osei, not the report's author (Grace Achieng)"),
        "{said}"
    );
    assert!(said.contains("psr countersign"), "{said}");
    // Without the page's Origin, nothing is rendered or signed.
    let forged = studio.raw(
        "POST",
        &studio.at("/api/case/case.yaml/pdf?copy=court"),
        &[
            ("Cookie", &studio.cookie),
            ("Content-Type", &multipart_type()),
        ],
        &multipart(&[
            ("key", Some("key.p12"), &author_key),
            ("passphrase", None, AUTHOR_PASSPHRASE.as_bytes()),
        ]),
    );
    assert_eq!(forged.status, 403);

    // The author's key: the court copy, signed; the person's copy too.
    let out = temp();
    for copy in ["court", "person"] {
        let answer = post(copy, Some(&author_key), AUTHOR_PASSPHRASE);
        assert_eq!(answer.status, 200, "{}", answer.text());
        assert_eq!(answer.header("content-type"), Some("application/pdf"));
        assert!(
            answer
                .header("content-disposition")
                .is_some_and(|d| d.contains(&format!("_{copy}_"))),
            "{:?}",
            answer.headers
        );
        // Whom it is signed by, for the page to say (percent-encoded UTF-8).
        assert!(
            answer
                .header("x-psr-signed-by")
                .is_some_and(|by| by.starts_with("Grace%20Achieng%2C%20")
                    && by.ends_with("%2C%20Riverside%20Probation%20Service")),
            "{:?}",
            answer.headers
        );
        let pdf = out.path().join(format!("{copy}.pdf"));
        std::fs::write(&pdf, &answer.body).expect("write");
        // Its SHA-256 header is the signed file's.
        let sha = {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(&answer.body);
            digest
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        assert_eq!(answer.header("x-psr-sha256"), Some(sha.as_str()));
        let checked = verify(&pdf, &Keys::certificate(&keys.author));
        assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
        let said = pdfsig(&pdf);
        assert!(said.contains("Signature is Valid."), "{said}");
        assert!(
            said.contains("Signer Certificate Common Name: Grace Achieng"),
            "{said}"
        );
        assert!(said.contains("Total document signed"), "{said}");
    }
    // Trusting another certificate, psr verify says the signer is not trusted.
    let other = verify(
        &out.path().join("court.pdf"),
        &Keys::certificate(&keys.supervisor),
    );
    assert_eq!(other.status.code(), Some(1), "{}", stderr(&other));

    // The supervisor countersigns the author's signed court copy on the review page.
    let signed_court = std::fs::read(out.path().join("court.pdf")).expect("court");
    let signed_person = std::fs::read(out.path().join("person.pdf")).expect("person");
    let unsigned = studio.get("/api/case/case.yaml/pdf?copy=court").body;
    let countersign = |report: &[u8], key: &[u8], passphrase: &str| {
        studio.send(
            "POST",
            "/case/case.yaml/countersign",
            &[("Content-Type", &multipart_type())],
            &multipart(&[
                ("report", Some("report.pdf"), report),
                ("key", Some("key.p12"), key),
                ("passphrase", None, passphrase.as_bytes()),
            ]),
        )
    };
    let refused = |answer: &super::studio::Answer, words: &str| {
        assert_eq!(answer.status, 422, "{}", answer.text());
        let text = answer.text();
        let said = text
            .split("id=\"countersign-refused\">")
            .nth(1)
            .and_then(|rest| rest.split("</p>").next())
            .unwrap_or_else(|| panic!("no refusal shown: {text}"));
        assert!(said.contains(words), "{said}");
    };
    refused(
        &countersign(&signed_court, &author_key, AUTHOR_PASSPHRASE),
        "the key names Grace Achieng, but the approval on record is Daniel Osei",
    );
    refused(
        &countersign(&signed_court, &supervisor_key, "not it"),
        "the passphrase does not open this key file",
    );
    refused(
        &countersign(&signed_person, &supervisor_key, SUPERVISOR_PASSPHRASE),
        "this PDF is not the court copy of the case as saved",
    );
    refused(
        &countersign(&unsigned, &supervisor_key, SUPERVISOR_PASSPHRASE),
        "the report is not signed",
    );
    let answer = countersign(&signed_court, &supervisor_key, SUPERVISOR_PASSPHRASE);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.header("content-type"), Some("application/pdf"));
    assert!(answer.body.starts_with(&signed_court), "an update appended");
    let both = out.path().join("countersigned.pdf");
    std::fs::write(&both, &answer.body).expect("write");
    let checked = psr(&[
        "verify".as_ref(),
        both.as_os_str(),
        "--trust".as_ref(),
        Keys::certificate(&keys.author).as_os_str(),
        "--trust".as_ref(),
        Keys::certificate(&keys.supervisor).as_os_str(),
    ]);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    let said = pdfsig(&both);
    assert_eq!(said.matches("Signature is Valid.").count(), 2, "{said}");
    assert!(
        said.contains("Signer Certificate Common Name: Daniel Osei"),
        "{said}"
    );
    // The case changed since the author signed: that signed copy is refused.
    let case = dir.path().join("case.yaml");
    let text = std::fs::read_to_string(&case).expect("case");
    assert!(text.contains("months: 6 }"), "{text}");
    std::fs::write(&case, text.replacen("months: 6 }", "months: 7 }", 1)).expect("edit");
    refused(
        &countersign(&signed_court, &supervisor_key, SUPERVISOR_PASSPHRASE),
        "or the case changed since it was signed",
    );

    let (_, log) = studio.stop();
    assert!(log.contains("pdf case.yaml: signed"), "{log}");
    assert!(
        log.contains("countersign case.yaml: countersigned"),
        "{log}"
    );
    for secret in [SUPERVISOR_PASSPHRASE, AUTHOR_PASSPHRASE, "Grace Achieng"] {
        assert!(!log.contains(secret), "the log has {secret:?}: {log}");
    }
}

/// A key whose certificate has expired by the time psr signs (`SOURCE_DATE_EPOCH`
/// after its last day) signs nothing: a verifier would not trust the signature.
#[test]
fn an_expired_key_signs_nothing_in_the_studio() {
    let dir = folder_with_example();
    let keys = temp();
    let key = make_key(
        keys.path(),
        "osei.p12",
        "Daniel Osei",
        "probation_officer",
        SUPERVISOR_PASSPHRASE,
        Some("1"),
    );
    let later = (chrono::Utc::now() + chrono::Duration::days(3))
        .timestamp()
        .to_string();
    let studio = Studio::start_with_env(
        dir.path(),
        &["--catalogue".as_ref(), catalogue().as_os_str()],
        &[("SOURCE_DATE_EPOCH", &later)],
    );
    let case = dir.path().join("case.yaml");
    let before = std::fs::read_to_string(&case).expect("read");
    let version = version_on(&studio.get("/case/case.yaml/review").text());
    let bytes = std::fs::read(&key).expect("key");
    let answer = studio.send(
        "POST",
        "/case/case.yaml/approve",
        &[("Content-Type", &multipart_type())],
        &approval(&version, "Daniel Osei", Some(&bytes), SUPERVISOR_PASSPHRASE),
    );
    assert_eq!(answer.status, 422, "{}", answer.text());
    let text = answer.text();
    assert!(text.contains("not at the time of signing"), "{text}");
    assert!(text.contains("make a new key"), "{text}");
    assert_eq!(std::fs::read_to_string(&case).expect("read"), before);
}

/// The PDFs in `folder` once there are `count` of them, oldest first (Chromium
/// writes a download under another name, then renames it).
async fn downloaded(folder: &Path, count: usize) -> Vec<PathBuf> {
    let start = std::time::Instant::now();
    loop {
        let mut found: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(folder)
            .expect("downloads")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
            .map(|p| {
                (
                    std::fs::metadata(&p)
                        .and_then(|m| m.modified())
                        .expect("time"),
                    p,
                )
            })
            .collect();
        if found.len() >= count {
            found.sort();
            return found.into_iter().map(|(_, p)| p).collect();
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "{count} PDF(s) were never downloaded"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The Done-when of issue 28's studio part, in headless Chromium: the supervisor
/// picks a key file (the file input, as a person does) and types its passphrase on
/// the review page; a wrong one is refused and changes nothing; the right one
/// approves and signs. The author then downloads the court copy signed from the case
/// page, and psr verify and pdfsig say it is valid. axe-core checks both pages.
#[test]
fn a_supervisor_approves_with_a_key_and_the_signed_pdf_verifies_in_chromium() {
    use fantoccini::Locator;

    use super::studio_a11y::{axe_source, violations};
    use super::studio_browser::{Browser, open, until};

    let axe = axe_source();
    if axe.is_none() {
        let message = "axe-core is needed (npm install --prefix target/npm axe-core; .ci/run does)";
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("SKIPPED the axe-core checks: {message}");
    }
    let Some(browser) =
        Browser::start("a_supervisor_approves_with_a_key_and_the_signed_pdf_verifies_in_chromium")
    else {
        return;
    };
    let keys = Keys::new();
    let case = browser.folder.path().join("case.yaml");
    std::fs::copy(super::common::fixture("case.example.yaml"), &case).expect("copy");
    let studio = &browser.studio;
    let before = std::fs::read_to_string(&case).expect("read");
    let (pdf, countersigned) = browser.runtime.block_on(async {
        let client = browser.session().await;
        let mut found: Vec<String> = Vec::new();
        let origin = open(&client, &studio.address).await;
        until(
            &client,
            "the list",
            "document.body.innerText.includes('case.yaml')",
        )
        .await;

        let fill = |passphrase: &'static str| {
            let client = client.clone();
            let key = keys.supervisor.clone();
            async move {
                let by = client.find(Locator::Id("by")).await.expect("by");
                by.clear().await.expect("clear");
                by.send_keys("Daniel Osei").await.expect("type");
                let organisation = client
                    .find(Locator::Id("organisation"))
                    .await
                    .expect("organisation");
                organisation.clear().await.expect("clear");
                organisation
                    .send_keys("Riverside Probation Service")
                    .await
                    .expect("type");
                client
                    .execute(
                        "document.getElementById('on').value = '2026-11-30';",
                        vec![],
                    )
                    .await
                    .expect("date");
                // The key file picked as a person picks it: its path into the file input.
                client
                    .find(Locator::Id("key"))
                    .await
                    .expect("the key file input")
                    .send_keys(key.to_str().expect("path"))
                    .await
                    .expect("pick the key file");
                client
                    .find(Locator::Id("passphrase"))
                    .await
                    .expect("the passphrase field")
                    .send_keys(passphrase)
                    .await
                    .expect("type the passphrase");
                client
                    .find(Locator::Id("approve"))
                    .await
                    .expect("button")
                    .click()
                    .await
                    .expect("click");
            }
        };

        // A wrong passphrase: refused on the page, in words; the case unchanged.
        client
            .goto(&format!("{origin}/case/case.yaml/review"))
            .await
            .expect("review");
        until(
            &client,
            "the review page",
            "document.getElementById('approve') !== null",
        )
        .await;
        if let Some(axe) = &axe {
            found.extend(
                violations(&client, axe)
                    .await
                    .into_iter()
                    .map(|v| format!("review: {v}")),
            );
        }
        fill("not the passphrase").await;
        until(
            &client,
            "the refusal",
            "document.getElementById('refused') !== null",
        )
        .await;
        let said = client
            .find(Locator::Id("refused"))
            .await
            .expect("refusal")
            .text()
            .await
            .expect("text");
        assert!(
            said.contains("the passphrase does not open this key file"),
            "{said}"
        );
        assert_eq!(std::fs::read_to_string(&case).expect("read"), before);
        // The page comes back with the passphrase empty, never echoed.
        let typed = client
            .execute(
                "return document.getElementById('passphrase').value;",
                vec![],
            )
            .await
            .expect("value");
        assert_eq!(typed, serde_json::json!(""));
        if let Some(axe) = &axe {
            found.extend(
                violations(&client, axe)
                    .await
                    .into_iter()
                    .map(|v| format!("review refused: {v}")),
            );
        }

        // The right passphrase: approved, and the approval signed.
        fill(SUPERVISOR_PASSPHRASE).await;
        until(
            &client,
            "the approval",
            "location.search.includes('approved=signed')",
        )
        .await;
        let notice = client
            .find(Locator::Css(".notice.good"))
            .await
            .expect("notice")
            .text()
            .await
            .expect("text");
        assert!(notice.contains("Approved and signed"), "{notice}");
        let text = std::fs::read_to_string(&case).expect("read");
        assert!(text.contains("    signature: \""), "{text}");

        // The author downloads the court copy signed, from the case page.
        client
            .goto(&format!("{origin}/case/case.yaml"))
            .await
            .expect("case page");
        until(
            &client,
            "the case's text",
            "document.getElementById('text').value.length > 0",
        )
        .await;
        super::studio_browser::no_autosave(&client).await;
        client
            .find(Locator::Css("#sign-pdf summary"))
            .await
            .expect("summary")
            .click()
            .await
            .expect("open");
        if let Some(axe) = &axe {
            found.extend(
                violations(&client, axe)
                    .await
                    .into_iter()
                    .map(|v| format!("case, signing open: {v}")),
            );
        }
        client
            .find(Locator::Id("sign-key"))
            .await
            .expect("key input")
            .send_keys(keys.author.to_str().expect("path"))
            .await
            .expect("pick");
        // A wrong passphrase first: said, nothing downloaded, the field cleared.
        client
            .find(Locator::Id("sign-passphrase"))
            .await
            .expect("field")
            .send_keys("wrong")
            .await
            .expect("type");
        client
            .find(Locator::Id("download-court"))
            .await
            .expect("link")
            .click()
            .await
            .expect("click");
        until(
            &client,
            "the refusal",
            "document.getElementById('state').textContent.includes('passphrase does not open')",
        )
        .await;
        assert_eq!(
            client
                .execute(
                    "return document.getElementById('sign-passphrase').value;",
                    vec![]
                )
                .await
                .expect("value"),
            serde_json::json!("")
        );
        client
            .find(Locator::Id("sign-passphrase"))
            .await
            .expect("field")
            .send_keys(AUTHOR_PASSPHRASE)
            .await
            .expect("type");
        client
            .find(Locator::Id("download-court"))
            .await
            .expect("link")
            .click()
            .await
            .expect("click");
        until(
            &client,
            "the download",
            "document.getElementById('state').textContent.startsWith('Downloaded')",
        )
        .await;
        let said = client
            .find(Locator::Id("state"))
            .await
            .expect("state")
            .text()
            .await
            .expect("text");
        assert!(said.contains("signed by Grace Achieng"), "{said}");
        let signed = downloaded(browser.downloads.path(), 1).await.remove(0);

        // The supervisor countersigns that PDF on the review page: picked as files,
        // the passphrase typed; the browser downloads the countersigned copy.
        client
            .goto(&format!("{origin}/case/case.yaml/review"))
            .await
            .expect("review");
        until(
            &client,
            "the review page",
            "document.getElementById('countersign') !== null",
        )
        .await;
        let pick = |id: &'static str, path: PathBuf| {
            let client = client.clone();
            async move {
                client
                    .find(Locator::Id(id))
                    .await
                    .expect("file input")
                    .send_keys(path.to_str().expect("path"))
                    .await
                    .expect("pick");
            }
        };
        pick("cs-report", signed.clone()).await;
        pick("cs-key", keys.supervisor.clone()).await;
        client
            .find(Locator::Id("cs-passphrase"))
            .await
            .expect("field")
            .send_keys(SUPERVISOR_PASSPHRASE)
            .await
            .expect("type");
        client
            .find(Locator::Id("countersign"))
            .await
            .expect("button")
            .click()
            .await
            .expect("click");
        let both = downloaded(browser.downloads.path(), 2).await;
        client.close().await.expect("close");
        assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
        let countersigned = both
            .into_iter()
            .find(|p| *p != signed)
            .expect("the countersigned copy");
        (signed, countersigned)
    });
    let checked = verify(&pdf, &Keys::certificate(&keys.author));
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    let said = pdfsig(&pdf);
    assert!(said.contains("Signature is Valid."), "{said}");
    assert!(said.contains("Grace Achieng"), "{said}");
    // Countersigned: both signatures valid, both signers trusted.
    let checked = psr(&[
        "verify".as_ref(),
        countersigned.as_os_str(),
        "--trust".as_ref(),
        Keys::certificate(&keys.author).as_os_str(),
        "--trust".as_ref(),
        Keys::certificate(&keys.supervisor).as_os_str(),
    ]);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    let said = pdfsig(&countersigned);
    assert_eq!(said.matches("Signature is Valid.").count(), 2, "{said}");
    // The approval signed in the browser goes under the author's signature, as
    // `psr render --sign` puts it, and the countersignature is its supervisor's.
    let json = psr(&[
        "verify".as_ref(),
        countersigned.as_os_str(),
        "--json".as_ref(),
        "--trust".as_ref(),
        Keys::certificate(&keys.author).as_os_str(),
        "--trust".as_ref(),
        Keys::certificate(&keys.supervisor).as_os_str(),
    ]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(json["approval"]["name"], "Daniel Osei", "{json}");
    assert_eq!(json["approval"]["signed"], true, "{json}");
    assert_eq!(
        json["approval"]["countersigned_by_supervisor"], true,
        "{json}"
    );
    assert_eq!(
        json["approval"]["problems"],
        serde_json::json!([]),
        "{json}"
    );
    // The approval signed in the browser verifies as the case renders (E037).
    let out = browser.downloads.path().join("rendered.pdf");
    let render = super::common::render(&case, &out, &[]);
    assert!(render.status.success(), "{}", stderr(&render));
}
