//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture path.
pub fn fixture(name: &str) -> PathBuf {
    root().join("fixtures").join(name)
}

/// The example catalogue.
pub fn catalogue() -> PathBuf {
    fixture("catalogue.example.yaml")
}

/// Runs psr with arguments, without colour.
pub fn psr(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_psr"))
        .args(args)
        .env("NO_COLOR", "1")
        // Fonts come from the test's own arguments, not the machine's settings.
        .env_remove("PSR_FONT_PATH")
        .output()
        .expect("run psr")
}

/// Renders a case to `out` with the example catalogue.
pub fn render(case: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "render".as_ref(),
        case.as_os_str(),
        "--catalogue".as_ref(),
        catalogue().into_os_string().leak(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    psr(&args)
}

/// The text of a PDF, whitespace collapsed to single spaces (line breaks fall anywhere).
pub fn pdf_text(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (Debian poppler-utils) must be installed: .ci/run installs it");
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let text = String::from_utf8_lossy(&output.stdout);
    // Soft hyphens and hyphenation at line ends would split words: join them.
    let text = text.replace("\u{ad}\n", "").replace('\u{ad}', "");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A PDF's text without spaces, zero-width spaces or direction marks (U+202A–U+202E,
/// U+2066–U+2069): how Chinese and Arabic are compared, for pdftotext spaces digits and
/// Latin words among them its own way ("2026 年", "الصفحة  1من 4").
pub fn pdf_text_unspaced(pdf: &Path) -> String {
    pdf_text(pdf)
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(c, '\u{200B}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// The font table of a PDF (`pdffonts`): name, type, encoding, emb, sub, uni, object.
pub fn pdf_fonts(pdf: &Path) -> String {
    let output = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .expect("pdffonts (Debian poppler-utils) must be installed: .ci/run installs it");
    assert!(
        output.status.success(),
        "pdffonts failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A fresh temporary folder.
pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// What a report of each kind proposes in the tests (measures of its own kind from the
/// example catalogue), the section the kind needs, and one proposed measure whose
/// texts the tests look for, with the values that fill its templates ("MONEY" is the
/// amount as the language writes it).
pub struct KindCase {
    /// The YAML of `proposal.measures`, indented as in the example.
    pub measures: &'static str,
    /// A top-level section the kind needs (`pretrial`, `release`), or nothing.
    pub section: &'static str,
    /// The measure to look for.
    pub measure: &'static str,
    /// Its template values.
    pub values: &'static [(&'static str, &'static str)],
}

/// The test proposal of a kind of report.
pub fn kind_case(kind: &str) -> KindCase {
    const RESTITUTION: &[(&str, &str)] = &[("amount", "MONEY"), ("months", "6")];
    match kind {
        "full" | "short" => KindCase {
            measures: "    - id: womens-centre\n      parameters: { sessions: 12 }\n      consent: true\n    - id: restitution\n      parameters: { amount: \"180.00\", months: 6 }\n",
            section: "",
            measure: "restitution",
            values: RESTITUTION,
        },
        "diversion" => KindCase {
            // Diversion rests on the person's agreement to every measure (para 17).
            measures: "    - id: turning-point\n      parameters: { sessions: 4 }\n      consent: true\n    - id: restitution\n      parameters: { amount: \"180.00\", months: 6 }\n      consent: true\n",
            section: "",
            measure: "restitution",
            values: RESTITUTION,
        },
        "bail" => KindCase {
            measures: "    - id: bail-support\n      parameters: { times_per_week: 2 }\n    - id: bail-residence\n      parameters: { address: \"14 Mill Lane, Eastfield\" }\n",
            section: "pretrial:\n  address: \"14 Mill Lane, Eastfield, with her mother\"\n  address_verified: true\n  attendance_risk: low\n  attendance: \"Has attended every appointment.\"\n  victim_witness_safety: \"The store is across town; no contact is sought.\"\n",
            measure: "bail-residence",
            values: &[("address", "14 Mill Lane, Eastfield")],
        },
        _ => KindCase {
            measures: "    - id: womens-centre\n      parameters: { sessions: 12 }\n      consent: true\n",
            section: "release:\n  sentence: \"8 months' imprisonment\"\n  sentenced_on: 2026-05-04\n  release_date: 2026-12-20\n  progress: \"Completed a course in the prison laundry.\"\n",
            measure: "womens-centre",
            values: &[
                ("sessions", "12"),
                ("location", "Eastfield Women's Centre, 4 Mill Lane"),
            ],
        },
    }
}

/// The example case as a report of `kind`: its proposal made of that kind's measures,
/// with the section the kind needs.
pub fn example_of_kind(kind: &str) -> String {
    let example = std::fs::read_to_string(fixture("case.example.yaml")).expect("example case");
    let case = kind_case(kind);
    let start = example
        .find("  measures:\n")
        .expect("the example's measures")
        + "  measures:\n".len();
    let mut text = format!("{}{}{}", &example[..start], case.measures, case.section);
    assert_eq!(text.matches("kind: full ").count(), 1);
    if kind == "bail" {
        // The author's reasons about detention before a trial, not about a sentence.
        let sentencing =
            "A short custodial sentence would offer little rehabilitative benefit (para 24).";
        assert!(text.contains(sentencing));
        text = text.replace(
            sentencing,
            "Detention is not needed: she has a checked address and has attended every appointment.",
        );
    }
    text.replace("kind: full ", &format!("kind: {kind} "))
}

/// Runs psr under GNU time and returns its output and peak resident memory in KiB, or
/// `None` when `/usr/bin/time` is not installed (Debian package `time`).
pub fn psr_peak_memory(args: &[&std::ffi::OsStr]) -> Option<(Output, u64)> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        eprintln!("skipped: /usr/bin/time is not installed, peak memory not measured");
        return None;
    }
    let dir = temp();
    let report = dir.path().join("time.txt");
    let output = Command::new(time)
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&report)
        .arg(env!("CARGO_BIN_EXE_psr"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run /usr/bin/time psr");
    let text = std::fs::read_to_string(&report).unwrap_or_default();
    let kib = text
        .lines()
        .rev()
        .find_map(|l| l.trim().parse::<u64>().ok())?;
    eprintln!("peak memory of psr {args:?}: {kib} KiB");
    Some((output, kib))
}

/// The example case with findings whose messages, for the YAML pane and the terminal,
/// speak of keys, quotes and `psr init`: a source with no kind, an income written as
/// on a payslip (“£1,250”), a text still a placeholder. The studio's form and Check
/// your report must say each in their own words.
pub fn example_with_yaml_findings() -> String {
    std::fs::read_to_string(fixture("case.example.yaml"))
        .expect("example")
        .replacen(
            "  - kind: records_check\n    description",
            "  - description",
            1,
        )
        .replace(
            "    notes: \"Debts of about 900",
            "    monthly_income: \"£1,250\"\n    notes: \"Debts of about 900",
        )
        .replace(
            "peers: \"No negative peer associations reported.\"",
            "peers: \"TODO\"",
        )
}

/// The passphrases of the tests' keys: an author's and a supervisor's.
pub const AUTHOR_PASSPHRASE: &str = "a long author passphrase";
pub const SUPERVISOR_PASSPHRASE: &str = "the supervisor's own passphrase";

/// `psr keys new DIR/FILE --name NAME --role ROLE` of Riverside Probation Service,
/// for `days` (psr's default when `None`), its passphrase from the environment: the
/// key file, with its certificate beside it (`.crt`).
pub fn make_key(
    dir: &Path,
    file: &str,
    name: &str,
    role: &str,
    passphrase: &str,
    days: Option<&str>,
) -> PathBuf {
    let key = dir.join(file);
    let output = Command::new(env!("CARGO_BIN_EXE_psr"))
        .args(["keys", "new"])
        .arg(&key)
        .args(["--name", name, "--role", role])
        .args(days.map(|d| ["--days", d]).into_iter().flatten())
        .args(["--organisation", "Riverside Probation Service"])
        .env("PSR_KEY_PASSPHRASE", passphrase)
        .env("NO_COLOR", "1")
        .output()
        .expect("run psr keys new");
    assert!(output.status.success(), "{}", stderr(&output));
    key
}

/// What poppler's `pdfsig` says of a PDF's signatures.
pub fn pdfsig(pdf: &Path) -> String {
    let output = Command::new("pdfsig")
        .arg(pdf)
        .output()
        .expect("pdfsig (Debian poppler-utils) must be installed: .ci/run installs it");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A word of a page and its box, in points, from `pdftotext -bbox`.
pub struct Word {
    pub text: String,
    pub x_min: f64,
    pub x_max: f64,
    pub y_min: f64,
    pub y_max: f64,
}

/// Every page's width and words.
pub fn pages_and_words(pdf: &Path) -> Vec<(f64, Vec<Word>)> {
    let output = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext -bbox (poppler-utils)");
    assert!(output.status.success(), "pdftotext -bbox {}", pdf.display());
    let html = String::from_utf8_lossy(&output.stdout);
    let attribute = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + tag[start..].find('"').unwrap();
        tag[start..end].parse().unwrap()
    };
    html.split("<page ")
        .skip(1)
        .map(|page| {
            let words = page
                .split("<word ")
                .skip(1)
                .map(|word| Word {
                    text: word
                        .split('>')
                        .nth(1)
                        .unwrap_or("")
                        .trim_end_matches("</word")
                        .to_string(),
                    x_min: attribute(word, "xMin"),
                    x_max: attribute(word, "xMax"),
                    y_min: attribute(word, "yMin"),
                    y_max: attribute(word, "yMax"),
                })
                .collect();
            (attribute(page, "width"), words)
        })
        .collect()
}
