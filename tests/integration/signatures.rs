//! Signed reports (docs/signatures.md): keys made by `psr keys new` and by OpenSSL, a
//! report signed by its author (`render --sign`, `batch --sign`) and countersigned by a
//! supervisor, checked by three verifiers that share no code: `psr verify`, poppler's
//! `pdfsig` (NSS) and pyHanko's validator (Python `cryptography`). One byte changed,
//! or a revision added after the signatures, and all three say so.
//!
//! pyHanko is installed by `.ci/run` (PyPI `pyhanko`, `pyhanko-cli`); elsewhere its
//! checks are skipped with a note when it is missing; under CI (`CI` set) that fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::common::*;

/// Runs psr with a passphrase in `PSR_KEY_PASSPHRASE` (never an argument).
fn psr_with(passphrase: &str, args: &[&str]) -> Output {
    psr_env(args, &[("PSR_KEY_PASSPHRASE", passphrase)])
}

fn psr_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_psr"));
    command
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("PSR_FONT_PATH")
        .env_remove("PSR_KEY_PASSPHRASE")
        .env_remove("SOURCE_DATE_EPOCH");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("run psr")
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// An author's and a supervisor's keys, and a report the author signed.
struct Signed {
    dir: tempfile::TempDir,
    author_crt: PathBuf,
    supervisor_key: PathBuf,
    supervisor_crt: PathBuf,
    report: PathBuf,
}

fn signed_report() -> Signed {
    let dir = temp();
    let author_key = make_key(
        dir.path(),
        "author.p12",
        "Grace Achieng",
        "probation_officer",
        AUTHOR_PASSPHRASE,
        None,
    );
    let supervisor_key = make_key(
        dir.path(),
        "supervisor.p12",
        "Daniel Osei",
        "Senior probation officer",
        SUPERVISOR_PASSPHRASE,
        None,
    );
    let report = dir.path().join("report.pdf");
    let output = psr_with(
        AUTHOR_PASSPHRASE,
        &[
            "render",
            s(&fixture("case.example.yaml")),
            "--catalogue",
            s(&catalogue()),
            "-o",
            s(&report),
            "--copy",
            "all",
            "--sign",
            s(&author_key),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("signed by Grace Achieng, Probation officer"),
        "{}",
        stderr(&output)
    );
    Signed {
        author_crt: dir.path().join("author.crt"),
        supervisor_crt: dir.path().join("supervisor.crt"),
        supervisor_key,
        report,
        dir,
    }
}

fn countersign(signed: &Signed, out: &Path) -> Output {
    psr_with(
        SUPERVISOR_PASSPHRASE,
        &[
            "countersign",
            s(&signed.report),
            "--key",
            s(&signed.supervisor_key),
            "-o",
            s(out),
        ],
    )
}

fn verify(pdf: &Path, trust: &[&Path]) -> (Output, Value) {
    let mut args = vec!["verify", s(pdf), "--json"];
    for t in trust {
        args.extend(["--trust", s(t)]);
    }
    let output = psr_env(&args, &[]);
    let json = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output, json)
}

/// `pdfsig` with an NSS database that trusts `certificates` for signing (as a court
/// would import them), or `None` when NSS's `certutil` is missing (a failure under CI).
fn pdfsig_trusting(pdf: &Path, certificates: &[&Path], dir: &Path) -> Option<String> {
    let db = dir.join("nssdb");
    std::fs::create_dir_all(&db).unwrap();
    let db = format!("sql:{}", db.display());
    let created = Command::new("certutil")
        .args(["-N", "-d", &db, "--empty-password"])
        .output();
    let Ok(created) = created else {
        let message = "NSS's certutil is not installed (Debian libnss3-tools): pdfsig's trust check was skipped";
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("note: {message}");
        return None;
    };
    assert!(created.status.success(), "certutil -N");
    for (i, certificate) in certificates.iter().enumerate() {
        // Trusted to sign documents (the S/MIME flag), as a court imports a signer.
        let added = Command::new("certutil")
            .args([
                "-A",
                "-d",
                &db,
                "-n",
                &format!("signer{i}"),
                "-t",
                ",C,",
                "-i",
            ])
            .arg(certificate)
            .output()
            .unwrap();
        assert!(added.status.success(), "certutil -A");
    }
    let output = Command::new("pdfsig")
        .args(["-nssdir", &db])
        .arg(pdf)
        .output()
        .unwrap();
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// pyHanko's verdict: `Some((exit ok, stdout))`, or `None` when it is not installed
/// (a failure under CI).
fn pyhanko(pdf: &Path, trust: &[&Path]) -> Option<(bool, String)> {
    let mut command = Command::new("python3");
    command
        .args(["-m", "pyhanko", "sign", "validate"])
        .env("PYTHONWARNINGS", "ignore");
    for t in trust {
        command.arg("--trust").arg(t);
    }
    command
        .args(["--trust-replace", "--no-revocation-check"])
        .arg(pdf);
    let output = command.output().ok();
    let missing = output
        .as_ref()
        .is_none_or(|o| String::from_utf8_lossy(&o.stderr).contains("No module named pyhanko"));
    if missing {
        let message = "pyHanko is not installed (pip install pyhanko==0.38.0 pyhanko-cli==0.6.0): its checks were skipped";
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("note: {message}");
        return None;
    }
    let output = output.unwrap();
    Some((
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    ))
}

fn qpdf_check(pdf: &Path) {
    let output = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("qpdf (Debian qpdf) must be installed: .ci/run installs it");
    assert!(output.status.success(), "qpdf --check {}", pdf.display());
}

#[test]
fn a_new_key_names_its_owner_and_keeps_its_passphrase_to_itself() {
    let dir = temp();
    let key = make_key(
        dir.path(),
        "officer.p12",
        "Zoë Ngũgĩ",
        "ngo_worker",
        AUTHOR_PASSPHRASE,
        None,
    );
    assert!(dir.path().join("officer.crt").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the key file is the owner's only");
    }
    let passphrase_file = dir.path().join("pass.txt");
    std::fs::write(&passphrase_file, format!("{AUTHOR_PASSPHRASE}\n")).unwrap();
    let output = psr_env(
        &[
            "keys",
            "show",
            s(&key),
            "--json",
            "--passphrase-file",
            s(&passphrase_file),
        ],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let shown: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(shown["name"], "Zoë Ngũgĩ");
    assert_eq!(shown["role"], "NGO worker");
    assert_eq!(shown["organisation"], "Riverside Probation Service");
    assert_eq!(shown["algorithm"], "ECDSA P-256");
    assert_eq!(shown["self_signed"], true);
    assert_eq!(shown["fingerprint"].as_str().unwrap().len(), 95);
    let everything = format!("{}{}", stdout(&output), stderr(&output));
    assert!(!everything.contains(AUTHOR_PASSPHRASE));

    // A wrong passphrase is said as such, and not repeated.
    let wrong = psr_with("not the passphrase", &["keys", "show", s(&key)]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong).contains("the passphrase does not open this key file"),
        "{}",
        stderr(&wrong)
    );
    assert!(!stderr(&wrong).contains("not the passphrase"));

    // Without a terminal, a passphrase must come from somewhere said.
    let none = psr_env(&["keys", "show", s(&key)], &[]);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        stderr(&none).contains("PSR_KEY_PASSPHRASE"),
        "{}",
        stderr(&none)
    );

    // A short passphrase makes no key; an existing file is not replaced.
    let short = psr_with(
        "short",
        &[
            "keys",
            "new",
            s(&dir.path().join("x.p12")),
            "--name",
            "A B",
            "--role",
            "volunteer",
        ],
    );
    assert_eq!(short.status.code(), Some(2));
    assert!(!dir.path().join("x.p12").exists());
    let again = psr_with(
        AUTHOR_PASSPHRASE,
        &[
            "keys",
            "new",
            s(&key),
            "--name",
            "A B",
            "--role",
            "volunteer",
        ],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn a_signed_and_countersigned_report_verifies_with_psr_pdfsig_and_pyhanko() {
    let signed = signed_report();
    let countersigned = signed.dir.path().join("approved.pdf");
    let output = countersign(&signed, &countersigned);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("checked AuthorSig: Grace Achieng"),
        "{}",
        stderr(&output)
    );
    let person = signed.dir.path().join("report-person.pdf");
    let trust = [signed.author_crt.as_path(), signed.supervisor_crt.as_path()];

    // psr verify: both signatures, who, why, valid, unchanged, trusted.
    let (output, json) = verify(&countersigned, &trust);
    assert_eq!(output.status.code(), Some(0), "{json:#}");
    assert_eq!(json["verdict"], "valid");
    // The example's approval, written by hand, goes with the author's signature: not
    // signed in the case file, and borne out by the countersignature of its supervisor.
    assert_eq!(json["approval"]["name"], "Daniel Osei", "{json:#}");
    assert_eq!(json["approval"]["signed"], false);
    assert_eq!(json["approval"]["countersigned_by_supervisor"], true);
    let signatures = json["signatures"].as_array().unwrap();
    assert_eq!(signatures.len(), 2);
    assert_eq!(signatures[0]["field"], "AuthorSig");
    assert_eq!(signatures[0]["signer"]["name"], "Grace Achieng");
    assert_eq!(signatures[0]["signer"]["role"], "Probation officer");
    assert_eq!(signatures[0]["reason"], "Author of the pre-sentence report");
    assert_eq!(signatures[0]["covers_whole_file"], false);
    assert_eq!(signatures[1]["field"], "SupervisorSig");
    assert_eq!(signatures[1]["signer"]["name"], "Daniel Osei");
    assert_eq!(signatures[1]["reason"], "Approved under para 56");
    assert_eq!(signatures[1]["covers_whole_file"], true);
    for signature in signatures {
        assert_eq!(signature["valid"], true);
        assert_eq!(signature["modified_after"], false);
        assert_eq!(signature["trusted"], true);
    }
    // Trusting only the author: the supervisor is not trusted, exit 1.
    let (output, json) = verify(&countersigned, &[&signed.author_crt]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json["signatures"][1]["trusted"], false);
    // The person's copy is signed by the author too.
    let (output, json) = verify(&person, &trust);
    assert_eq!(output.status.code(), Some(0), "{json:#}");
    // In words, without --trust: valid but not trusted, exit 1.
    let words = psr_env(&["verify", s(&countersigned)], &[]);
    assert_eq!(words.status.code(), Some(1));
    let text = stdout(&words);
    assert!(text.contains("2 signatures"), "{text}");
    assert!(
        text.contains(
            "1. AuthorSig: Grace Achieng, Probation officer, Riverside Probation Service"
        ),
        "{text}"
    );
    assert!(text.contains("trusted:  no (no --trust given)"), "{text}");

    // poppler's pdfsig.
    let report = pdfsig(&countersigned);
    assert_eq!(report.matches("Signature is Valid.").count(), 2, "{report}");
    assert!(
        report.contains("Signer Certificate Common Name: Grace Achieng"),
        "{report}"
    );
    assert!(
        report.contains("Signer Certificate Common Name: Daniel Osei"),
        "{report}"
    );
    assert!(
        report.contains("Signature Type: ETSI.CAdES.detached"),
        "{report}"
    );
    assert!(
        report.contains("Signing Hash Algorithm: SHA-256"),
        "{report}"
    );
    assert_eq!(
        report.matches("  - Total document signed").count(),
        1,
        "{report}"
    );
    // Trusted once the court has imported both certificates.
    if let Some(report) = pdfsig_trusting(&countersigned, &trust, signed.dir.path()) {
        assert_eq!(report.matches("Signature is Valid.").count(), 2, "{report}");
        assert_eq!(
            report.matches("Certificate is Trusted.").count(),
            2,
            "{report}"
        );
    }

    // pyHanko.
    if let Some((ok, report)) = pyhanko(&countersigned, &trust) {
        assert!(ok, "{report}");
        assert!(report.contains("AuthorSig:"), "{report}");
        assert!(report.contains("SupervisorSig:"), "{report}");
        assert_eq!(report.matches(":INTACT:TRUSTED,").count(), 2, "{report}");
        assert!(report.contains("ACCEPTABLE_MODIFICATIONS"), "{report}");
    }

    // Still PDF/A-2b and PDF/UA-1 as rendered: the claims, the structure, the checks.
    for pdf in [&signed.report, &countersigned, &person] {
        qpdf_check(pdf);
        let bytes = std::fs::read(pdf).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("pdfaid:part>2<"), "{}", pdf.display());
        assert!(text.contains("pdfuaid:part>1<"), "{}", pdf.display());
        // Nothing after the last %%EOF but one end of line (PDF/A 6.1.3).
        assert!(bytes.ends_with(b"%%EOF\n"), "{}", pdf.display());
        let pdfua = Command::new("python3")
            .args(["-m", "pdfua", "check"])
            .arg(pdf)
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&pdfua.stdout).into_owned()
            + &String::from_utf8_lossy(&pdfua.stderr);
        if out.contains("No module named pdfua") {
            assert!(std::env::var_os("CI").is_none(), "CI installs pdfua");
        } else {
            assert!(pdfua.status.success(), "pdfua {}: {out}", pdf.display());
        }
    }
    // The signed copy is the unsigned one and an update: the rendered bytes are kept.
    let plain = signed.dir.path().join("plain.pdf");
    let output = render(&fixture("case.example.yaml"), &plain, &[]);
    assert!(output.status.success());
    let plain = std::fs::read(&plain).unwrap();
    assert!(std::fs::read(&signed.report).unwrap().starts_with(&plain));
}

#[test]
fn one_byte_changed_after_signing_makes_every_verifier_say_invalid() {
    let signed = signed_report();
    let countersigned = signed.dir.path().join("approved.pdf");
    assert!(countersign(&signed, &countersigned).status.success());
    let mut bytes = std::fs::read(&countersigned).unwrap();
    // A byte of the first page's content stream.
    let at = bytes.windows(6).position(|w| w == b"stream").unwrap() + 300;
    bytes[at] ^= 0x01;
    let tampered = signed.dir.path().join("tampered.pdf");
    std::fs::write(&tampered, &bytes).unwrap();
    let trust = [signed.author_crt.as_path(), signed.supervisor_crt.as_path()];

    let (output, json) = verify(&tampered, &trust);
    assert_eq!(output.status.code(), Some(1), "{json:#}");
    assert_eq!(json["verdict"], "invalid");
    for signature in json["signatures"].as_array().unwrap() {
        assert_eq!(signature["valid"], false, "{signature:#}");
        assert!(
            signature["invalid_because"]
                .as_str()
                .unwrap()
                .contains("digest does not match"),
            "{signature:#}"
        );
    }
    let report = pdfsig(&tampered);
    assert_eq!(report.matches("Digest Mismatch.").count(), 2, "{report}");
    assert!(!report.contains("Signature is Valid."), "{report}");
    if let Some((ok, report)) = pyhanko(&tampered, &trust) {
        assert!(!ok, "{report}");
        assert_eq!(report.matches(":INVALID").count(), 2, "{report}");
    }
    // And the supervisor will not countersign it.
    let refused = psr_with(
        SUPERVISOR_PASSPHRASE,
        &[
            "countersign",
            s(&tampered),
            "--key",
            s(&signed.supervisor_key),
            "-o",
            s(&signed.dir.path().join("x.pdf")),
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("does not verify"),
        "{}",
        stderr(&refused)
    );
}

/// Appends a revision to `pdf` that replaces the document information: what a
/// program that "only updates the metadata" would do.
fn append_info_revision(pdf: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(pdf).into_owned();
    let trailer_at = text.rfind("trailer").unwrap();
    let startxref_at = text.rfind("startxref").unwrap();
    let previous: usize = text[startxref_at + 9..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let trailer = &text[trailer_at + 7..startxref_at];
    let info: u32 = trailer
        .split("/Info")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let trailer = match trailer.find("/Prev") {
        Some(i) => {
            let rest = &trailer[i + 5..];
            let digits = rest
                .trim_start()
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap();
            let end = i + 5 + rest.find(digits).unwrap() + digits.len();
            format!("{}/Prev {previous}{}", &trailer[..i], &trailer[end..])
        }
        None => trailer.replacen(">>", &format!("/Prev {previous}>>"), 1),
    };
    let mut out = pdf.to_vec();
    let object_at = out.len();
    out.extend_from_slice(
        format!("{info} 0 obj\n<</Title(Another title)/Creator(Typst 0.15.1)>>\nendobj\n")
            .as_bytes(),
    );
    let xref_at = out.len();
    out.extend_from_slice(
        format!(
            "xref\n0 1\n0000000000 65535 f\r\n{info} 1\n{object_at:010} 00000 n\r\ntrailer\n{}\nstartxref\n{xref_at}\n%%EOF\n",
            trailer.trim()
        )
        .as_bytes(),
    );
    out
}

#[test]
fn a_revision_added_after_the_signatures_is_a_change_psr_names() {
    let signed = signed_report();
    let countersigned = signed.dir.path().join("approved.pdf");
    assert!(countersign(&signed, &countersigned).status.success());
    let changed = signed.dir.path().join("changed.pdf");
    std::fs::write(
        &changed,
        append_info_revision(&std::fs::read(&countersigned).unwrap()),
    )
    .unwrap();
    qpdf_check(&changed);
    let trust = [signed.author_crt.as_path(), signed.supervisor_crt.as_path()];
    let (output, json) = verify(&changed, &trust);
    assert_eq!(output.status.code(), Some(1), "{json:#}");
    for signature in json["signatures"].as_array().unwrap() {
        assert_eq!(signature["valid"], true, "{signature:#}");
        assert_eq!(signature["modified_after"], true, "{signature:#}");
        assert!(
            signature["modified_because"]
                .as_str()
                .unwrap()
                .contains("the document information"),
            "{signature:#}"
        );
    }
    // pdfsig sees the signatures valid but no longer covering the whole file.
    let report = pdfsig(&changed);
    assert!(!report.contains("  - Total document signed"), "{report}");
    // A report changed after its author signed it is not countersigned.
    let author_only = signed.dir.path().join("author-changed.pdf");
    std::fs::write(
        &author_only,
        append_info_revision(&std::fs::read(&signed.report).unwrap()),
    )
    .unwrap();
    let refused = psr_with(
        SUPERVISOR_PASSPHRASE,
        &[
            "countersign",
            s(&author_only),
            "--key",
            s(&signed.supervisor_key),
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("changed after the signature AuthorSig"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn countersigning_refuses_an_unsigned_report_and_one_s_own() {
    let signed = signed_report();
    let plain = signed.dir.path().join("plain.pdf");
    assert!(
        render(&fixture("case.example.yaml"), &plain, &[])
            .status
            .success()
    );
    let unsigned = psr_with(
        SUPERVISOR_PASSPHRASE,
        &["countersign", s(&plain), "--key", s(&signed.supervisor_key)],
    );
    assert_eq!(unsigned.status.code(), Some(1));
    assert!(
        stderr(&unsigned).contains("the report is not signed"),
        "{}",
        stderr(&unsigned)
    );
    let (output, json) = verify(&plain, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json["signatures"].as_array().unwrap().len(), 0);

    // The author cannot approve their own report.
    let own = psr_with(
        AUTHOR_PASSPHRASE,
        &[
            "countersign",
            s(&signed.report),
            "--key",
            s(&signed.dir.path().join("author.p12")),
            "-o",
            s(&signed.dir.path().join("own.pdf")),
        ],
    );
    assert_eq!(own.status.code(), Some(1));
    assert!(
        stderr(&own).contains("not supervision (para 56)"),
        "{}",
        stderr(&own)
    );

    // A PDF psr did not make.
    let foreign = signed.dir.path().join("foreign.pdf");
    let bytes = std::fs::read(&signed.report).unwrap();
    let text = String::from_utf8_lossy(&bytes).replace("Typst 0.15.1", "Other 0.15.1");
    std::fs::write(&foreign, text.as_bytes()).unwrap();
    let refused = psr_with(
        SUPERVISOR_PASSPHRASE,
        &[
            "countersign",
            s(&foreign),
            "--key",
            s(&signed.supervisor_key),
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
}

#[test]
fn the_same_case_key_and_time_sign_to_the_same_bytes() {
    let dir = temp();
    let key = make_key(
        dir.path(),
        "a.p12",
        "Grace Achieng",
        "probation_officer",
        AUTHOR_PASSPHRASE,
        None,
    );
    // A time the new key is valid at (psr signs with no key outside its validity),
    // the same for both renders.
    let epoch = (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 3600)
        .to_string();
    let render_signed = |out: &Path| {
        let output = psr_env(
            &[
                "render",
                s(&fixture("case.example.yaml")),
                "--catalogue",
                s(&catalogue()),
                "-o",
                s(out),
                "--sign",
                s(&key),
            ],
            &[
                ("PSR_KEY_PASSPHRASE", AUTHOR_PASSPHRASE),
                ("SOURCE_DATE_EPOCH", epoch.as_str()),
            ],
        );
        assert!(output.status.success(), "{}", stderr(&output));
        std::fs::read(out).unwrap()
    };
    let first = render_signed(&dir.path().join("1.pdf"));
    let second = render_signed(&dir.path().join("2.pdf"));
    assert!(first == second, "two signed renders differ");
    // The signing time is SOURCE_DATE_EPOCH's, to the second.
    let stated = chrono::DateTime::from_timestamp(epoch.parse().unwrap(), 0)
        .unwrap()
        .format("/M(D:%Y%m%d%H%M%SZ)")
        .to_string();
    assert!(
        String::from_utf8_lossy(&first).contains(&stated),
        "{stated}"
    );
}

#[test]
fn a_batch_signs_every_copy_with_one_key() {
    let dir = temp();
    let key = make_key(
        dir.path(),
        "a.p12",
        "Grace Achieng",
        "probation_officer",
        AUTHOR_PASSPHRASE,
        None,
    );
    let cases = dir.path().join("cases");
    std::fs::create_dir(&cases).unwrap();
    let example = std::fs::read_to_string(fixture("case.example.yaml")).unwrap();
    std::fs::write(cases.join("one.yaml"), &example).unwrap();
    std::fs::write(
        cases.join("two.yaml"),
        example.replace("RMC/CR/2026/0417", "RMC/CR/2026/0418"),
    )
    .unwrap();
    let passphrase = dir.path().join("pass");
    std::fs::write(&passphrase, AUTHOR_PASSPHRASE).unwrap();
    let out = dir.path().join("out");
    let output = psr_env(
        &[
            "batch",
            s(&cases),
            "--catalogue",
            s(&catalogue()),
            "-o",
            s(&out),
            "--jobs",
            "2",
            "--sign",
            s(&key),
            "--passphrase-file",
            s(&passphrase),
        ],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["rendered"], 2);
    for case in manifest["cases"].as_array().unwrap() {
        let written = &case["outputs"][0];
        let pdf = out.join(written["output"].as_str().unwrap());
        // The manifest's digest is the signed file's.
        let bytes = std::fs::read(&pdf).unwrap();
        assert_eq!(written["sha256"], psr::output::sha256_hex(&bytes));
        let (status, json) = verify(&pdf, &[&dir.path().join("a.crt")]);
        assert_eq!(status.status.code(), Some(0), "{json:#}");
    }
}

/// Writes a PKCS#12 file with OpenSSL 3, as a service would issue it.
fn openssl_key(dir: &Path, name: &str, legacy: bool) -> PathBuf {
    let key = dir.join(format!("{name}.key"));
    let crt = dir.join(format!("{name}.crt"));
    let p12 = dir.join(format!("{name}.p12"));
    let status = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:3072", "-sha256", "-nodes", "-days", "30",
        ])
        .args([
            "-subj",
            &format!("/CN={name}/O=Riverside Probation/title=Probation officer"),
        ])
        .args([
            "-addext",
            "keyUsage=critical,digitalSignature,nonRepudiation,keyCertSign",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&crt)
        .output()
        .expect("openssl must be installed");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mut export = Command::new("openssl");
    export.args(["pkcs12", "-export"]);
    if legacy {
        export.arg("-legacy");
    }
    let status = export
        .arg("-inkey")
        .arg(&key)
        .arg("-in")
        .arg(&crt)
        .arg("-out")
        .arg(&p12)
        .args(["-passout", &format!("pass:{AUTHOR_PASSPHRASE}")])
        .output()
        .unwrap();
    if legacy && !status.status.success() {
        // An OpenSSL without its legacy provider: nothing to test.
        return PathBuf::new();
    }
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    p12
}

#[test]
fn a_key_openssl_issued_signs_with_rsa() {
    let dir = temp();
    for (name, legacy) in [("Amina Diallo", false), ("Legacy Officer", true)] {
        let p12 = openssl_key(dir.path(), name, legacy);
        if p12.as_os_str().is_empty() {
            continue;
        }
        let shown = psr_with(AUTHOR_PASSPHRASE, &["keys", "show", s(&p12)]);
        assert!(shown.status.success(), "{}", stderr(&shown));
        assert!(stdout(&shown).contains("RSA-3072"), "{}", stdout(&shown));
        let out = dir.path().join(format!("{name}.pdf"));
        // The key signs its holder's own report.
        let case = dir.path().join(format!("{name}.yaml"));
        std::fs::write(
            &case,
            std::fs::read_to_string(fixture("case.example.yaml"))
                .unwrap()
                .replace("name: \"Grace Achieng\"", &format!("name: \"{name}\"")),
        )
        .unwrap();
        let output = psr_with(
            AUTHOR_PASSPHRASE,
            &[
                "render",
                s(&case),
                "--catalogue",
                s(&catalogue()),
                "-o",
                s(&out),
                "--sign",
                s(&p12),
            ],
        );
        assert!(output.status.success(), "{}", stderr(&output));
        let crt = dir.path().join(format!("{name}.crt"));
        let (status, json) = verify(&out, &[&crt]);
        assert_eq!(status.status.code(), Some(0), "{json:#}");
        assert_eq!(json["signatures"][0]["signer"]["algorithm"], "RSA-3072");
        let report = pdfsig(&out);
        assert!(report.contains("Signature is Valid."), "{report}");
        if let Some((ok, report)) = pyhanko(&out, &[&crt]) {
            assert!(ok, "{report}");
        }
    }
}

/// `psr approve --key`: the approval's name, role, organisation, date and fingerprint
/// signed; an edit of any of them after is refused at render (E037) naming the field.
#[test]
fn a_signed_approval_edited_after_is_refused_naming_the_field() {
    let dir = temp();
    let key = make_key(
        dir.path(),
        "osei.p12",
        "Daniel Osei",
        "probation_officer",
        SUPERVISOR_PASSPHRASE,
        None,
    );
    let case = dir.path().join("smith.yaml");
    std::fs::copy(fixture("case.example.yaml"), &case).unwrap();
    let approve = |by: &str, key: &Path, passphrase: &str| {
        psr_with(
            passphrase,
            &[
                "approve",
                s(&case),
                "--by",
                by,
                "--role",
                "probation_officer",
                "--on",
                "2026-11-30",
                "--catalogue",
                s(&catalogue()),
                "--key",
                s(key),
            ],
        )
    };
    // A key that names someone else approves nothing.
    let author = make_key(
        dir.path(),
        "achieng.p12",
        "Grace Achieng",
        "ngo_worker",
        AUTHOR_PASSPHRASE,
        None,
    );
    let before = std::fs::read_to_string(&case).unwrap();
    let refused = approve("Daniel Osei", &author, AUTHOR_PASSPHRASE);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("names Grace Achieng, not Daniel Osei"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(std::fs::read_to_string(&case).unwrap(), before);

    let approved = approve("Daniel Osei", &key, SUPERVISOR_PASSPHRASE);
    assert!(approved.status.success(), "{}", stderr(&approved));
    let text = std::fs::read_to_string(&case).unwrap();
    assert!(text.contains("    signature: \""), "{text}");
    let out = dir.path().join("report.pdf");
    let rendered = render(&case, &out, &[]);
    assert!(rendered.status.success(), "{}", stderr(&rendered));

    // The date edited: refused, naming it and what was signed.
    std::fs::write(
        &case,
        text.replace("approved_on: 2026-11-30", "approved_on: 2026-11-29"),
    )
    .unwrap();
    let refused = render(&case, &out, &["--force"]);
    assert_eq!(refused.status.code(), Some(1));
    let said = stderr(&refused);
    assert!(said.contains("E037"), "{said}");
    assert!(said.contains("report.supervisor.approved_on"), "{said}");
    assert!(
        said.contains("`approved_on` (signed as 2026-11-30)"),
        "{said}"
    );

    // The name edited, and the kept copy gone: the certificate names the signer.
    std::fs::write(
        &case,
        text.replace("name: \"Daniel Osei\"", "name: \"Danielle Osei\""),
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("smith.approved.yaml")).unwrap();
    let refused = render(&case, &out, &["--force"]);
    assert_eq!(refused.status.code(), Some(1));
    let said = stderr(&refused);
    assert!(said.contains("report.supervisor.name"), "{said}");
    assert!(said.contains("the signer Daniel Osei"), "{said}");

    // A signature that is not one.
    std::fs::write(
        &case,
        text.replace("    signature: \"", "    signature: \"AAAA"),
    )
    .unwrap();
    let refused = render(&case, &out, &["--force"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("E037"), "{}", stderr(&refused));

    // Put back as signed, it renders again.
    std::fs::write(&case, &text).unwrap();
    assert!(render(&case, &out, &["--force"]).status.success());
}

#[test]
fn the_approval_a_report_carries_is_borne_out_by_its_countersignature() {
    let dir = temp();
    let osei = make_key(
        dir.path(),
        "osei.p12",
        "Daniel Osei",
        "probation_officer",
        SUPERVISOR_PASSPHRASE,
        None,
    );
    let author = make_key(
        dir.path(),
        "achieng.p12",
        "Grace Achieng",
        "ngo_worker",
        AUTHOR_PASSPHRASE,
        None,
    );
    let mwangi = make_key(
        dir.path(),
        "mwangi.p12",
        "Peter Mwangi",
        "probation_officer",
        "mwangi passphrase",
        None,
    );
    // The supervisor approves the case with their key; the author renders and signs.
    let case = dir.path().join("smith.yaml");
    std::fs::copy(fixture("case.example.yaml"), &case).unwrap();
    let approved = psr_with(
        SUPERVISOR_PASSPHRASE,
        &[
            "approve",
            s(&case),
            "--by",
            "Daniel Osei",
            "--role",
            "probation_officer",
            "--organisation",
            "Riverside Probation Service",
            "--on",
            "2026-11-30",
            "--catalogue",
            s(&catalogue()),
            "--key",
            s(&osei),
        ],
    );
    assert!(approved.status.success(), "{}", stderr(&approved));
    let report = dir.path().join("report.pdf");
    let rendered = psr_with(
        AUTHOR_PASSPHRASE,
        &[
            "render",
            s(&case),
            "--catalogue",
            s(&catalogue()),
            "-o",
            s(&report),
            "--sign",
            s(&author),
        ],
    );
    assert!(rendered.status.success(), "{}", stderr(&rendered));
    // Signed and bound, the approval is not warned.
    assert!(!stderr(&rendered).contains("W030"), "{}", stderr(&rendered));
    let trust = [
        dir.path().join("achieng.crt"),
        dir.path().join("osei.crt"),
        dir.path().join("mwangi.crt"),
    ];
    let trust: Vec<&Path> = trust.iter().map(PathBuf::as_path).collect();

    // The author's signature carries the approval, signed by the supervisor.
    let (output, json) = verify(&report, &trust);
    assert_eq!(output.status.code(), Some(0), "{json:#}");
    let approval = &json["approval"];
    assert_eq!(approval["carried_by"], "AuthorSig", "{json:#}");
    assert_eq!(approval["name"], "Daniel Osei");
    assert_eq!(approval["approved_on"], "2026-11-30");
    assert!(
        approval["fingerprint"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    assert_eq!(approval["signed"], true);
    assert_eq!(approval["countersigned_by_supervisor"], false);
    assert_eq!(approval["problems"], serde_json::json!([]));

    // Another supervisor's key cannot countersign what Daniel Osei approved.
    let out = dir.path().join("approved.pdf");
    let refused = psr_with(
        "mwangi passphrase",
        &[
            "countersign",
            s(&report),
            "--key",
            s(&mwangi),
            "-o",
            s(&out),
        ],
    );
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("names Daniel Osei as the supervisor"),
        "{}",
        stderr(&refused)
    );
    assert!(!out.exists());

    // The supervisor named countersigns: psr verify says the approval is borne out.
    let countersigned = psr_with(
        SUPERVISOR_PASSPHRASE,
        &["countersign", s(&report), "--key", s(&osei), "-o", s(&out)],
    );
    assert!(countersigned.status.success(), "{}", stderr(&countersigned));
    let (output, json) = verify(&out, &trust);
    assert_eq!(output.status.code(), Some(0), "{json:#}");
    assert_eq!(json["approval"]["countersigned_by_supervisor"], true);
    let words = psr_env(
        &[
            "verify",
            s(&out),
            "--trust",
            s(trust[0]),
            "--trust",
            s(trust[1]),
        ],
        &[],
    );
    let text = stdout(&words);
    assert!(
        text.contains(
            "approval (in AuthorSig): Daniel Osei, probation officer, Riverside Probation Service"
        ),
        "{text}"
    );
    assert!(
        text.contains("signed by the supervisor in the case file: yes"),
        "{text}"
    );
    assert!(
        text.contains("countersigned by the supervisor it names: yes"),
        "{text}"
    );
    // The private key does not trouble the independent verifiers.
    let report = pdfsig(&out);
    assert_eq!(report.matches("Signature is Valid.").count(), 2, "{report}");
}

#[test]
fn only_the_author_s_key_valid_at_the_time_signs_a_report() {
    let dir = temp();
    let supervisor = make_key(
        dir.path(),
        "osei.p12",
        "Daniel Osei",
        "probation_officer",
        SUPERVISOR_PASSPHRASE,
        None,
    );
    let author = make_key(
        dir.path(),
        "achieng.p12",
        "Grace Achieng",
        "ngo_worker",
        AUTHOR_PASSPHRASE,
        None,
    );
    let out = dir.path().join("report.pdf");
    let render_with = |key: &Path, passphrase: &str, epoch: Option<&str>| {
        let mut env = vec![("PSR_KEY_PASSPHRASE", passphrase)];
        env.extend(epoch.map(|e| ("SOURCE_DATE_EPOCH", e)));
        psr_env(
            &[
                "render",
                s(&fixture("case.example.yaml")),
                "--catalogue",
                s(&catalogue()),
                "-o",
                s(&out),
                "--sign",
                s(key),
            ],
            &env,
        )
    };
    // The supervisor's key does not sign as the author: they countersign.
    let refused = render_with(&supervisor, SUPERVISOR_PASSPHRASE, None);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused)
            .contains("the key names Daniel Osei, and the report's author is Grace Achieng"),
        "{}",
        stderr(&refused)
    );
    assert!(!out.exists());
    // A certificate expired at the time of signing (2040: the key is for 30 days).
    let refused = render_with(&author, AUTHOR_PASSPHRASE, Some("2208988800"));
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("not at the time of signing (2040-01-01T00:00:00Z)"),
        "{}",
        stderr(&refused)
    );
    assert!(!out.exists());
    // The author's own key, valid now, signs.
    let signed = render_with(&author, AUTHOR_PASSPHRASE, None);
    assert!(signed.status.success(), "{}", stderr(&signed));
}
