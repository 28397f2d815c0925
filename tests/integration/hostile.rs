//! Bad input of every kind, through the real binary: psr answers with a clear error and
//! exit status 1 (the input has errors) or 2 (usage, I/O), never a panic (101); it never
//! evaluates case text, never loses an older report, and keeps personal data out of
//! logs and other users' reach. Files are in `fixtures/hostile/`; big ones are made
//! here in a temporary folder. `docs/security.md` explains what each test shows.
//!
//! Tests marked `#[ignore = "bug: …"]` describe a bug found and not yet fixed: they
//! pass once it is.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::*;

/// Peak memory allowed to psr on the hostile files (the example case needs far less).
const MEMORY_LIMIT_KIB: u64 = 200 * 1024;
/// The templates' page margin left and right (2.4 cm), in points.
const MARGIN_PT: f64 = 2.4 / 2.54 * 72.0;
/// Room for Typst's hanging punctuation and hyphens past the margin, in points.
const OVERHANG_PT: f64 = 3.0;

fn hostile(name: &str) -> PathBuf {
    fixture("hostile").join(name)
}

fn example() -> String {
    std::fs::read_to_string(fixture("case.example.yaml")).unwrap()
}

/// Replaces `from` by `to` in `text`, which must contain it exactly once.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} once in the case");
    text.replace(from, to)
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The exit status, after checking that psr neither panicked nor was killed.
fn status(output: &Output) -> i32 {
    let code = output.status.code();
    assert_ne!(code, Some(101), "psr panicked:\n{}", stderr(output));
    code.unwrap_or_else(|| panic!("psr was killed: {:?}\n{}", output.status, stderr(output)))
}

/// Asserts the exit status and that stderr says `needle`.
fn refused(output: &Output, expected: i32, needle: &str) -> String {
    let err = stderr(output);
    assert_eq!(status(output), expected, "{err}");
    assert!(err.contains(needle), "expected {needle:?} in:\n{err}");
    err
}

fn validate(case: &Path) -> Output {
    psr(&["validate".as_ref(), case.as_os_str()])
}

/// `psr validate CASE --catalogue CATALOGUE`.
fn validate_with_catalogue(case: &Path, catalogue: &Path) -> Output {
    psr(&[
        "validate".as_ref(),
        case.as_os_str(),
        "--catalogue".as_ref(),
        catalogue.as_os_str(),
    ])
}

fn render_with(case: &Path, catalogue: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "render".as_ref(),
        case.as_os_str(),
        "--catalogue".as_ref(),
        catalogue.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    psr(&args)
}

fn assert_small_memory(args: &[&std::ffi::OsStr], expected: i32, needle: &str) {
    if let Some((output, kib)) = psr_peak_memory(args) {
        refused(&output, expected, needle);
        assert!(
            kib < MEMORY_LIMIT_KIB,
            "psr {args:?} peaked at {kib} KiB (limit {MEMORY_LIMIT_KIB} KiB)"
        );
    }
}

/// Names in a folder that are psr's temporary files.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".psr-") || n.ends_with(".part"))
        .collect()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A PDF's text with every space, line break, soft hyphen and bidi control removed:
/// layout may break a line anywhere, and pdftotext wraps right-to-left runs in
/// embedding marks.
fn squeezed(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(c, '\u{ad}' | '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

fn raw_pdf_text(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(output.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Words whose box leaves the text area left or right (A4 width minus the margins),
/// as "page N: word (x from–to)".
fn words_off_the_text_area(pdf: &Path) -> Vec<String> {
    let mut off = Vec::new();
    for (number, (width, words)) in pages_and_words(pdf).iter().enumerate() {
        assert!((width - 595.3).abs() < 1.0, "page {} is not A4", number + 1);
        for w in words {
            if w.x_min < MARGIN_PT - OVERHANG_PT || w.x_max > width - MARGIN_PT + OVERHANG_PT {
                let text: String = w.text.chars().take(40).collect();
                off.push(format!(
                    "page {}: {text} (x {:.0}–{:.0} pt)",
                    number + 1,
                    w.x_min,
                    w.x_max
                ));
            }
        }
    }
    off
}

/// On every page, the smallest horizontal gap, in points, between "Page" of the
/// footer's "Page X of Y" and a word before it on the same line.
fn footer_gaps(pdf: &Path) -> Vec<f64> {
    let mut gaps = Vec::new();
    for (_, words) in pages_and_words(pdf) {
        let Some(page) = words.iter().rev().find(|w| w.text == "Page") else {
            continue;
        };
        let gap = words
            .iter()
            .filter(|w| w.y_min < page.y_max && w.y_max > page.y_min)
            .filter(|w| w.x_max <= page.x_min + 0.5 && w.text != "Page")
            .map(|w| page.x_min - w.x_max)
            .fold(f64::INFINITY, f64::min);
        gaps.push(gap);
    }
    gaps
}

/// Deterministic bytes that look random (no dependency on a random crate).
fn noise(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

// ---------------------------------------------------------------------------------
// Resource exhaustion
// ---------------------------------------------------------------------------------

#[test]
fn alias_bomb_is_refused_in_little_memory() {
    let bomb = hostile("billion-laughs.yaml");
    let err = refused(&validate(&bomb), 1, "E004");
    assert!(err.contains("anchors and aliases"), "{err}");
    assert!(
        err.contains("billion-laughs.yaml:3:"),
        "points at the first anchor: {err}"
    );
    let dir = temp();
    let out = dir.path().join("report.pdf");
    refused(&render(&bomb, &out, &[]), 1, "E004");
    assert!(!out.exists());
    assert_small_memory(&["validate".as_ref(), bomb.as_os_str()], 1, "E004");
}

#[test]
fn nesting_100_000_levels_deep_is_refused() {
    let dir = temp();
    let depth = 100_000;
    let cases = [
        (
            "flow-lists.yaml",
            format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        ),
        (
            "flow-maps.yaml",
            format!("{}1{}", "{a: ".repeat(depth), "}".repeat(depth)),
        ),
        ("block-lists.yaml", format!("{}x\n", "- ".repeat(depth))),
    ];
    for (name, text) in cases {
        let path = write(dir.path(), name, text);
        let output = validate(&path);
        let err = stderr(&output);
        assert_eq!(status(&output), 1, "{name}: {err}");
        // The depth budget (64) answers first, unless the parser's own recursion
        // limit (256 levels) does, as for long runs of `[` or `{`.
        assert!(
            err.contains("nested deeper than 64 levels")
                || err.contains("recursion limit exceeded"),
            "{name}: {err}"
        );
        assert_small_memory(&["validate".as_ref(), path.as_os_str()], 1, "E00");
    }
}

#[test]
fn too_many_nodes_are_refused() {
    let dir = temp();
    // 300 000 list items, one a line: over the 250 000-node budget, under 5 MiB.
    let mut text = example();
    text.push_str("extra:\n");
    text.push_str(&"  - 1\n".repeat(300_000));
    let path = write(dir.path(), "nodes.yaml", text);
    let err = refused(&validate(&path), 1, "E004");
    assert!(err.contains("larger than psr accepts"), "{err}");
    assert_small_memory(&["validate".as_ref(), path.as_os_str()], 1, "E004");
}

#[test]
fn fifty_mib_files_are_refused_without_reading_them_whole() {
    let dir = temp();
    // A sparse file (50 MiB of zero bytes, no disk used) and a real one of YAML comments.
    let sparse = dir.path().join("sparse.yaml");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(50 << 20)
        .unwrap();
    let mut text = example();
    let line = "# padding padding padding padding padding padding padding padding padding\n";
    text.push_str(&line.repeat((50 << 20) / line.len() + 1));
    let repeated = write(dir.path(), "repeated.yaml", &text);
    drop(text);
    for path in [&sparse, &repeated] {
        let err = refused(&validate(path), 1, "E001");
        assert!(err.contains("larger than the 5 MiB limit"), "{err}");
        assert_small_memory(&["validate".as_ref(), path.as_os_str()], 1, "E001");
        let out = dir.path().join("report.pdf");
        refused(&render(path, &out, &[]), 1, "E001");
        assert!(!out.exists());
    }
    // As the catalogue, too.
    refused(
        &validate_with_catalogue(&fixture("case.example.yaml"), &repeated),
        1,
        "E001",
    );
}

// ---------------------------------------------------------------------------------
// Encodings, line ends, YAML syntax
// ---------------------------------------------------------------------------------

#[test]
fn invalid_utf8_is_refused_with_its_line() {
    let err = refused(&validate(&hostile("invalid-utf8.yaml")), 1, "E002");
    assert!(err.contains("not UTF-8 text"), "{err}");
    assert!(err.contains("invalid-utf8.yaml:4:"), "{err}");
}

#[test]
fn a_utf8_bom_and_crlf_line_ends_load_fine() {
    let dir = temp();
    let bom = write(
        dir.path(),
        "bom.yaml",
        [b"\xef\xbb\xbf".as_slice(), example().as_bytes()].concat(),
    );
    let crlf = write(dir.path(), "crlf.yaml", example().replace('\n', "\r\n"));
    let both = write(
        dir.path(),
        "both.yaml",
        format!("\u{feff}{}", example().replace('\n', "\r\n")),
    );
    for case in [&bom, &crlf, &both] {
        let output = validate(case);
        assert_eq!(status(&output), 0, "{}", stderr(&output));
        let out = case.with_extension("pdf");
        let output = render(case, &out, &[]);
        assert_eq!(status(&output), 0, "{}", stderr(&output));
        let text = pdf_text(&out);
        // Folded text (`>`) is joined with spaces, not carriage returns.
        assert!(
            text.contains("Ms Wanjiru says she took the clothes for her daughter"),
            "{text}"
        );
        assert!(!raw_pdf_text(&out).contains('\r'));
    }
}

#[test]
fn tabs_for_indentation_are_refused() {
    let dir = temp();
    let tabbed = write(
        dir.path(),
        "tabs.yaml",
        edit(
            &example(),
            "\n  given_name: \"Mary\"",
            "\n\tgiven_name: \"Mary\"",
        ),
    );
    let err = refused(&validate(&tabbed), 1, "E003");
    assert!(err.contains("tabs"), "{err}");
    assert!(err.contains("tabs.yaml:33:"), "{err}");
}

#[test]
fn a_tab_in_text_keeps_the_words_apart() {
    let dir = temp();
    let in_text = write(
        dir.path(),
        "tab-in-text.yaml",
        edit(
            &example(),
            "occupation: \"Cleaner\"",
            "occupation: \"Office\tcleaner\"",
        ),
    );
    let out = dir.path().join("report.pdf");
    let output = render(&in_text, &out, &[]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    assert!(pdf_text(&out).contains("Office cleaner"));
}

#[test]
fn duplicate_keys_are_refused() {
    let err = refused(&validate(&hostile("duplicate-key-nested.yaml")), 1, "E005");
    assert!(err.contains("duplicate key `given_name`"), "{err}");
    assert!(err.contains("duplicate-key-nested.yaml:6:"), "{err}");

    let dir = temp();
    let top = write(
        dir.path(),
        "dup-top.yaml",
        format!("{}\nschema_version: 1\n", example()),
    );
    let err = refused(&validate(&top), 1, "E005");
    assert!(err.contains("duplicate key `schema_version`"), "{err}");
}

#[test]
fn a_second_document_is_refused() {
    let err = refused(&validate(&hostile("two-documents.yaml")), 1, "E004");
    assert!(err.contains("more than one YAML document"), "{err}");

    // Even when the first document is a complete, valid case.
    let dir = temp();
    let two = write(
        dir.path(),
        "two.yaml",
        format!("{}---\nschema_version: 1\n", example()),
    );
    let out = dir.path().join("report.pdf");
    refused(&render(&two, &out, &[]), 1, "more than one YAML document");
    assert!(!out.exists());
}

#[test]
fn empty_and_contentless_files_are_refused() {
    let dir = temp();
    for (name, text) in [
        ("empty.yaml", ""),
        ("blank.yaml", "\n\n   \n"),
        ("comments.yaml", "# nothing but a comment\n"),
        ("marker.yaml", "---\n"),
        ("null.yaml", "~\n"),
        ("bom-only.yaml", "\u{feff}"),
    ] {
        let path = write(dir.path(), name, text);
        let output = validate(&path);
        let err = stderr(&output);
        assert_eq!(status(&output), 1, "{name}: {err}");
        assert!(err.contains("error"), "{name}: {err}");
    }
}

#[test]
fn a_binary_file_is_refused_as_not_text() {
    let dir = temp();
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend(noise(4096));
    let png = write(dir.path(), "scan.yaml", &bytes);
    let err = refused(&validate(&png), 1, "E002");
    assert!(err.contains("not UTF-8 text"), "{err}");
    let out = dir.path().join("report.pdf");
    refused(&render(&png, &out, &[]), 1, "E002");
    assert!(!out.exists());
    // As the catalogue.
    refused(
        &validate_with_catalogue(&fixture("case.example.yaml"), &png),
        1,
        "E002",
    );
}

#[test]
fn terminal_control_sequences_in_a_file_are_not_echoed() {
    let dir = temp();
    let quoted = write(dir.path(), "quoted.yaml", "x: \"\u{1b}[2J\u{1b}[31mRED\"\n");
    for path in [hostile("terminal-escape.yaml"), quoted] {
        let output = validate(&path);
        assert_eq!(status(&output), 1, "{}", stderr(&output));
        assert!(
            !output.stderr.contains(&0x1b),
            "ESC reached stderr:\n{}",
            stderr(&output).escape_debug()
        );
    }
}

/// "Trojan Source": a right-to-left override in a file would make the printed snippet
/// read differently from the file. Bidirectional controls and invisible characters are
/// shown as their code points, in the snippet, the message and the hint, and the
/// underline still falls under the value.
#[test]
fn bidirectional_controls_are_shown_escaped_in_diagnostics() {
    let dir = temp();
    let case = write(
        dir.path(),
        "case.yaml",
        edit(
            &example(),
            "gender: female",
            "gender: \"fe\u{202E}mal\u{2066}e\u{200B}\"",
        ),
    );
    let output = validate(&case);
    let err = refused(&output, 1, "E013");
    for invisible in ['\u{202E}', '\u{2066}', '\u{200B}'] {
        assert!(
            !err.contains(invisible),
            "{invisible:?} reached stderr:\n{err}"
        );
    }
    assert!(err.contains("fe<U+202E>mal<U+2066>e<U+200B>"), "{err}");
    // The underline starts under the opening quote of the value, as without escapes.
    let snippet: Vec<&str> = err
        .lines()
        .skip_while(|l| !l.contains("gender: \"fe"))
        .take(2)
        .collect();
    let quote = snippet[0].find("\"fe").unwrap();
    let underline = snippet[1].find(['─', '┬']).unwrap();
    assert_eq!(
        snippet[0][..quote].chars().count(),
        snippet[1][..underline].chars().count(),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------
// YAML 1.1 traps
// ---------------------------------------------------------------------------------

#[test]
fn yaml_1_1_booleans_are_refused_with_a_hint() {
    let dir = temp();
    for (from, to, path) in [
        ("pregnant: false", "pregnant: no", "person.pregnant"),
        (
            "interpreter_needed: false",
            "interpreter_needed: yes",
            "person.interpreter_needed",
        ),
        ("consulted: true", "consulted: on", "victim.consulted"),
        (
            "literacy_support_needed: true",
            "literacy_support_needed: off",
            "person.literacy_support_needed",
        ),
    ] {
        let case = write(dir.path(), "case.yaml", edit(&example(), from, to));
        let err = refused(&validate(&case), 1, "E011");
        assert!(err.contains("expected a boolean"), "{to}: {err}");
        assert!(err.contains(path), "{to}: {err}");
        assert!(err.contains("YAML 1.1 words"), "{to}: {err}");
    }
    // The fixture with several traps at once names each.
    let err = refused(&validate(&hostile("yaml11-traps.yaml")), 1, "E011");
    assert!(err.contains("person.pregnant"), "{err}");
    assert!(
        !err.contains("report.court_reference"),
        "0755 is text: {err}"
    );
    assert!(!err.contains("person.nationality"), "NO is text: {err}");
}

#[test]
fn leading_zeros_are_never_octal() {
    let dir = temp();
    // Unquoted, `0755` and `0417` were octal numbers in YAML 1.1 (493, 271) and decimal
    // ones in YAML 1.2: psr keeps them as written, so a text field gets the text.
    for (value, octal) in [("0755", "493"), ("0417", "271")] {
        let case = write(
            dir.path(),
            "case.yaml",
            edit(
                &example(),
                "court_reference: \"RMC/CR/2026/0417\"",
                &format!("court_reference: {value}"),
            ),
        );
        let checked = validate(&case);
        assert_eq!(status(&checked), 0, "{}", stderr(&checked));
        let out = dir.path().join(format!("{value}.pdf"));
        let rendered = render(&case, &out, &[]);
        assert_eq!(status(&rendered), 0, "{}", stderr(&rendered));
        let text = pdf_text(&out);
        assert!(text.contains(&format!("Court reference {value}")), "{text}");
        assert!(!text.contains(octal), "read as octal: {text}");
    }
}

#[test]
fn a_leading_zero_integer_is_reported_as_written() {
    let dir = temp();
    // In a number field the leading zero is ambiguous (octal 8 or decimal 10): refused,
    // showing what was written and the number to write instead.
    let case = write(
        dir.path(),
        "age.yaml",
        edit(&example(), "age: 4", "age: 010"),
    );
    let err = refused(&validate(&case), 1, "E011");
    assert!(
        err.contains("circumstances.caretaking.dependants[0].age"),
        "{err}"
    );
    assert!(
        err.contains("`010` is a number written with a leading zero"),
        "{err}"
    );
    assert!(err.contains("leading zero"), "{err}");
    assert!(err.contains("write `10`"), "{err}");
    assert!(!err.contains("floating point"), "{err}");
    assert!(!err.contains("`8`"), "read as octal: {err}");
    // The same for a measure's parameter.
    let case = write(
        dir.path(),
        "sessions.yaml",
        edit(&example(), "sessions: 12", "sessions: 012"),
    );
    let err = refused(&validate_with_catalogue(&case, &catalogue()), 1, "E064");
    assert!(err.contains("parameters.sessions"), "{err}");
    assert!(err.contains("write `12`"), "{err}");
}

#[test]
fn quoted_references_and_country_codes_stay_as_written() {
    let dir = temp();
    let text = edit(
        &example(),
        "court_reference: \"RMC/CR/2026/0417\"",
        "court_reference: \"0417\"",
    );
    let text = edit(&text, "nationality: \"Kenyan\"", "nationality: NO");
    // Korean surname "No"; an occupation written `on`.
    let text = edit(&text, "family_name: \"Wanjiru\"", "family_name: No");
    let text = edit(&text, "occupation: \"Cleaner\"", "occupation: on");
    let case = write(dir.path(), "case.yaml", text);
    let output = validate(&case);
    assert_eq!(status(&output), 0, "{}", stderr(&output));

    let out = dir.path().join("report.pdf");
    let output = render(&case, &out, &[]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let text = pdf_text(&out);
    assert!(text.contains("Court reference 0417"), "{text}");
    assert!(text.contains("Mary No"), "{text}");
    assert!(text.contains("employed, on"), "{text}");
    assert!(!text.contains("Mary false"), "{text}");

    // Batch names the file after the reference, leading zero kept.
    let batch_out = dir.path().join("batch");
    let output = psr(&[
        "batch".as_ref(),
        case.as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
        "-o".as_ref(),
        batch_out.as_os_str(),
    ]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    assert!(
        batch_out.join("0417.pdf").exists(),
        "{:?}",
        names(&batch_out)
    );
}

#[test]
fn nationality_no_is_printed_as_no() {
    let dir = temp();
    let case = write(
        dir.path(),
        "case.yaml",
        edit(&example(), "nationality: \"Kenyan\"", "nationality: NO"),
    );
    let out = dir.path().join("report.pdf");
    let output = render(&case, &out, &[]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let text = pdf_text(&out);
    assert!(text.split(' ').any(|w| w == "NO"), "{text}");
}

// ---------------------------------------------------------------------------------
// Files that are not files
// ---------------------------------------------------------------------------------

#[test]
fn a_folder_or_a_missing_file_is_an_io_error() {
    let dir = temp();
    let out = dir.path().join("report.pdf");
    refused(&validate(dir.path()), 2, "is a folder, not a file");
    refused(&render(dir.path(), &out, &[]), 2, "is a folder, not a file");
    let missing = dir.path().join("missing.yaml");
    refused(&validate(&missing), 2, "no such file");
    refused(&render(&missing, &out, &[]), 2, "no such file");
    // The catalogue too.
    refused(
        &render_with(&fixture("case.example.yaml"), dir.path(), &out, &[]),
        2,
        "is a folder, not a file",
    );
    refused(
        &render_with(&fixture("case.example.yaml"), &missing, &out, &[]),
        2,
        "no such file",
    );
    assert_eq!(names(dir.path()), Vec::<String>::new());
}

#[test]
#[cfg(unix)]
fn an_unreadable_file_is_an_io_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp();
    let case = write(dir.path(), "case.yaml", example());
    std::fs::set_permissions(&case, std::fs::Permissions::from_mode(0o000)).unwrap();
    let output = validate(&case);
    let code = status(&output);
    // root (and CAP_DAC_OVERRIDE) reads files whatever their mode: psr then reads the
    // case like any other, so only the "cannot read" assertion is skipped.
    if std::fs::read(&case).is_ok() {
        eprintln!("skipped: running as root, mode 000 does not stop reads");
        assert!(code == 0 || code == 1, "{}", stderr(&output));
    } else {
        assert_eq!(code, 2, "{}", stderr(&output));
        assert!(
            stderr(&output).contains("cannot read"),
            "{}",
            stderr(&output)
        );
    }
    std::fs::set_permissions(&case, std::fs::Permissions::from_mode(0o600)).unwrap();
}

// ---------------------------------------------------------------------------------
// Output that cannot be written
// ---------------------------------------------------------------------------------

#[test]
fn an_output_folder_that_is_a_file_is_an_io_error() {
    let dir = temp();
    let file = write(dir.path(), "somefile", "not a folder");
    let out = file.join("out.pdf");
    let err = refused(
        &render(&fixture("case.example.yaml"), &out, &[]),
        2,
        "cannot write",
    );
    assert!(err.contains("Not a directory"), "{err}");
    let output = psr(&[
        "batch".as_ref(),
        fixture("case.example.yaml").as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
        "-o".as_ref(),
        file.as_os_str(),
    ]);
    refused(&output, 2, "cannot create");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
    assert_eq!(names(dir.path()), ["somefile"]);
    // A folder where the PDF should go is not replaced, even with --force.
    let folder = dir.path().join("report.pdf");
    std::fs::create_dir(&folder).unwrap();
    refused(
        &render(&fixture("case.example.yaml"), &folder, &["--force"]),
        2,
        "is not a regular file",
    );
    assert!(folder.is_dir());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
#[cfg(unix)]
fn dev_full_is_refused_cleanly() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        eprintln!("skipped: no /dev/full");
        return;
    }
    // Never with --force here: this is the system's own device (see the test below).
    let err = refused(
        &render(&fixture("case.example.yaml"), full, &[]),
        2,
        "is not a regular file",
    );
    assert!(!err.contains("--force"), "{err}");
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata(full)
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert!(leftovers(Path::new("/dev")).is_empty());
}

#[test]
#[cfg(unix)]
fn force_never_replaces_a_device_or_a_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let dir = temp();
    let fifo = dir.path().join("pipe.pdf");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let mut outputs = vec![fifo];
    // A copy of /dev/full (char 1,7) in the temporary folder: never the real one.
    let device = dir.path().join("full.pdf");
    if Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "7"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
    {
        outputs.push(device);
    } else {
        eprintln!("skipped the device: mknod is not permitted");
    }
    for out in outputs {
        let output = render(&fixture("case.example.yaml"), &out, &["--force"]);
        assert_eq!(status(&output), 2, "{}: {}", out.display(), stderr(&output));
        // Without --force, psr does not suggest it.
        let output = render(&fixture("case.example.yaml"), &out, &[]);
        assert_eq!(status(&output), 2, "{}: {}", out.display(), stderr(&output));
        let err = stderr(&output);
        assert!(err.contains("is not a regular file"), "{err}");
        assert!(!err.contains("--force"), "{err}");
        let kind = std::fs::symlink_metadata(&out).unwrap().file_type();
        assert!(
            kind.is_fifo() || kind.is_char_device(),
            "{} replaced",
            out.display()
        );
    }
    assert!(leftovers(dir.path()).is_empty());
}

/// Runs psr, killing it if it has not ended within 20 s: a read that blocks must fail
/// the test, not hang it.
#[cfg(unix)]
fn psr_within_20_s(args: &[&std::ffi::OsStr]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_psr"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn psr");
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("psr {args:?} still running after 20 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// A named pipe as a case or a catalogue is refused at once (exit 2) by every command;
/// in a batch folder it is left aside and named, with the other files not read.
#[test]
#[cfg(unix)]
fn a_named_pipe_is_refused_at_once_and_named_in_a_batch_folder() {
    let dir = temp();
    let folder = dir.path().join("cases");
    std::fs::create_dir(&folder).unwrap();
    let fifo = folder.join("pipe.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    std::fs::copy(fixture("case.example.yaml"), folder.join("case.yaml")).unwrap();
    std::fs::write(folder.join("notes.txt"), "not a case").unwrap();
    let (example, catalogue, out) = (
        fixture("case.example.yaml"),
        catalogue(),
        dir.path().join("out"),
    );
    let pdf = dir.path().join("report.pdf");
    let os = |s: &str| std::ffi::OsString::from(s);
    let runs: Vec<Vec<std::ffi::OsString>> = vec![
        vec![os("validate"), fifo.clone().into()],
        vec![
            os("render"),
            fifo.clone().into(),
            os("--catalogue"),
            catalogue.clone().into(),
            os("-o"),
            pdf.clone().into(),
        ],
        vec![
            os("render"),
            example.clone().into(),
            os("--catalogue"),
            fifo.clone().into(),
            os("-o"),
            pdf.clone().into(),
        ],
        vec![
            os("measures"),
            fifo.clone().into(),
            os("--catalogue"),
            catalogue.clone().into(),
        ],
        vec![
            os("validate"),
            example.clone().into(),
            os("--catalogue"),
            fifo.clone().into(),
        ],
        vec![
            os("batch"),
            fifo.clone().into(),
            os("--catalogue"),
            catalogue.clone().into(),
            os("-o"),
            out.clone().into(),
        ],
    ];
    for run in &runs {
        let args: Vec<&std::ffi::OsStr> = run.iter().map(|a| a.as_os_str()).collect();
        let output = psr_within_20_s(&args);
        refused(&output, 2, "is a named pipe (FIFO)");
    }
    assert!(!pdf.exists() && !out.exists());

    let args: Vec<&std::ffi::OsStr> = vec![
        "batch".as_ref(),
        folder.as_os_str(),
        "--catalogue".as_ref(),
        catalogue.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    let output = psr_within_20_s(&args);
    let err = stderr(&output);
    assert_eq!(status(&output), 0, "{err}");
    assert!(err.contains("pipe.yaml: a named pipe (FIFO)"), "{err}");
    assert!(err.contains("notes.txt: not a .yaml or .yml file"), "{err}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["rendered"], 1);
    let aside = manifest["left_aside"].as_array().unwrap();
    assert_eq!(aside.len(), 2, "{manifest:#}");
    let why = |name: &str| {
        aside
            .iter()
            .find(|a| a["input"].as_str().unwrap().ends_with(name))
            .map(|a| a["why"].clone())
    };
    assert_eq!(why("pipe.yaml").unwrap(), "a named pipe (FIFO)");
    assert_eq!(why("notes.txt").unwrap(), "not a .yaml or .yml file");
}

/// A batch whose only failures are I/O (a case file that is not there) exits 2, as
/// the README says; one with a case refused for its findings exits 1.
#[test]
fn a_batch_that_failed_only_on_io_exits_2() {
    let dir = temp();
    let missing = dir.path().join("missing.yaml");
    let out = dir.path().join("out");
    let catalogue = catalogue();
    let batch = |cases: &[&Path]| {
        let mut args: Vec<&std::ffi::OsStr> = vec!["batch".as_ref()];
        args.extend(cases.iter().map(|c| c.as_os_str()));
        args.extend([
            "--catalogue".as_ref(),
            catalogue.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--force".as_ref(),
        ]);
        psr(&args)
    };
    let output = batch(&[&fixture("case.example.yaml"), &missing]);
    let err = refused(&output, 2, "missing.yaml");
    assert!(err.contains("rendered 1, failed 1"), "{err}");
    let invalid = fixture("invalid/err_wrong_type.yaml");
    let output = batch(&[&invalid, &missing]);
    refused(&output, 1, "failed 2");
}

/// A tmpfs mounted for a test, unmounted when dropped.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_keeps_the_older_report_and_leaves_nothing() {
    let dir = temp();
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&disk)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: mounting a tmpfs is not permitted here");
        return;
    }
    let _mount = Mount(disk.clone());
    let old = write(&disk, "report.pdf", "older report");
    let err = refused(
        &render(&fixture("case.example.yaml"), &old, &["--force"]),
        2,
        "cannot write",
    );
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "older report");
    let new = disk.join("new.pdf");
    refused(
        &render(&fixture("case.example.yaml"), &new, &[]),
        2,
        "cannot write",
    );
    assert_eq!(names(&disk), ["report.pdf"]);
    // A batch on the full disk: every case failed, named, and nothing half-written.
    let out = disk.join("batch");
    let output = psr(&[
        "batch".as_ref(),
        fixture("case.example.yaml").as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let code = status(&output);
    assert!(code == 1 || code == 2, "{}", stderr(&output));
    assert!(leftovers(&out).is_empty(), "{:?}", names(&out));
    for name in names(&out) {
        let bytes = std::fs::read(out.join(&name)).unwrap();
        assert!(
            name == "manifest.json" || bytes.starts_with(b"%PDF-"),
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------------
// Markup and template injection, scripts, layout
// ---------------------------------------------------------------------------------

/// The values of a hostile fixture: every single-quoted scalar that starts with a tag
/// such as `F01 ` or `C07 `.
fn tagged_values(yaml: &str, prefixes: &[char]) -> Vec<String> {
    let mut values = Vec::new();
    let mut rest = yaml;
    while let Some(start) = rest.find('\'') {
        let after = &rest[start + 1..];
        // The closing quote is a `'` not doubled.
        let mut end = 0;
        let bytes = after.as_bytes();
        while end < bytes.len() {
            if bytes[end] == b'\'' {
                if bytes.get(end + 1) == Some(&b'\'') {
                    end += 2;
                    continue;
                }
                break;
            }
            end += 1;
        }
        let value = after[..end.min(after.len())].replace("''", "'");
        let tagged = value.len() > 4
            && value.starts_with(prefixes)
            && value[1..3].bytes().all(|b| b.is_ascii_digit())
            && value.as_bytes()[3] == b' ';
        if tagged {
            values.push(value);
        }
        rest = &after[(end + 1).min(after.len())..];
    }
    values
}

/// A tagged value up to its last `}`: the markup and template syntax, without the
/// right-to-left and combining text that follows (checked on its own, because
/// pdftotext repeats a combining cluster that the font draws as several glyphs).
fn markup_part(value: &str) -> &str {
    &value[..=value.rfind('}').unwrap()]
}

fn injection_case(dir: &Path, goals: &str) -> PathBuf {
    let text = std::fs::read_to_string(hostile("injection-case.yaml")).unwrap();
    let line: String = (0..1000).map(|i| format!("w{:03} ", i % 1000)).collect();
    let line = line[..5000].trim_end();
    assert!(line.len() >= 4990 && !line.contains('\n'));
    let text = edit(&text, "@@LONG_LINE@@", line);
    let text = edit(&text, "@@LONG_WORD@@", goals);
    write(dir, "injection.yaml", text)
}

#[test]
fn markup_and_template_syntax_print_literally_everywhere() {
    let dir = temp();
    let case = injection_case(dir.path(), "Keep her job and train as a seamstress.");
    let catalogue = hostile("injection-catalogue.yaml");
    let output = validate_with_catalogue(&case, &catalogue);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let out = dir.path().join("report.pdf");
    let output = render_with(&case, &catalogue, &out, &["--copy", "all"]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let person = dir.path().join("report-person.pdf");
    // The same on one endless page, where text extraction gives each table cell in
    // one piece: on A4, a row that breaks across pages interleaves its cells' halves.
    let endless = dir.path().join("endless");
    std::fs::create_dir(&endless).unwrap();
    let lib = std::fs::read_to_string(root().join("report-templates/lib.typ")).unwrap();
    let lib = edit(&lib, "paper: \"a4\",", "width: 21cm, height: auto,");
    std::fs::write(endless.join("lib.typ"), lib).unwrap();
    let one_page = dir.path().join("one-page.pdf");
    let output = render_with(
        &case,
        &catalogue,
        &one_page,
        &["--copy", "all", "--templates", endless.to_str().unwrap()],
    );
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let one_page_person = dir.path().join("one-page-person.pdf");

    let case_yaml = std::fs::read_to_string(&case).unwrap();
    let catalogue_yaml = std::fs::read_to_string(&catalogue).unwrap();
    let case_values = tagged_values(&case_yaml, &['F']);
    let catalogue_values = tagged_values(&catalogue_yaml, &['C']);
    assert_eq!(case_values.len(), 49);
    assert!(catalogue_values.len() > 25);

    for pdf in [&one_page, &one_page_person] {
        let raw = raw_pdf_text(pdf);
        let text = squeezed(&raw);
        // Nothing was evaluated or read.
        assert!(
            !raw.contains("root:"),
            "a file was read into {}",
            pdf.display()
        );
        // Every value printed is printed whole: where its tag is, all of it is.
        for value in case_values.iter().chain(&catalogue_values) {
            let tag = &value[..3];
            if text.contains(tag) {
                let expected = squeezed(markup_part(value));
                assert!(
                    text.contains(&expected),
                    "{}: {tag} is not literal; expected {:?} in\n{raw}",
                    pdf.display(),
                    markup_part(value)
                );
            }
        }
        for piece in [
            "مريم وانجيرو",
            "מרים ואנג׳ירו",
            "Zoë Ñoño",
            "e\u{301}\u{308}",
        ] {
            assert!(
                text.contains(&squeezed(piece)),
                "{piece} in {}",
                pdf.display()
            );
        }
    }

    // The court copy prints every case field but the restricted notes (F44, by
    // design) ... (read on one endless page: on A4 a page break, with its header and
    // footer, may fall inside a value)
    let court = squeezed(&raw_pdf_text(&one_page));
    let unprinted = ["F44"];
    for value in &case_values {
        let tag = &value[..3];
        assert_eq!(
            court.contains(tag),
            !unprinted.contains(&tag),
            "{tag} in the court copy"
        );
    }
    // ... restricted notes in no copy ...
    assert!(!squeezed(&raw_pdf_text(&person)).contains("F44"));
    // ... the area, every measure's name, and the proposed measures' legal basis.
    for tag in [
        "C01", "C02", "C06", "C07", "C10", "C16", "C17", "C23", "C29", "C33", "C37",
    ] {
        assert!(court.contains(tag), "{tag} in the court copy");
    }
    // Conditions are filled: markup around the placeholders, and the values put in
    // (a text parameter holding `{{ name }}` and `{% if %}`), print as written.
    let location = catalogue_values
        .iter()
        .find(|v| v.starts_with("C19"))
        .unwrap();
    let note = case_values.iter().find(|v| v.starts_with("F48")).unwrap();
    for condition in [
        r#"K09 #read("/etc/passwd") ] $ <l> @r // /* \ Pay 180.00 to the victim in equal monthly instalments over 6 months."#.to_string(),
        format!(
            r#"K22 #read("/etc/passwd") ] $ <l> @r // /* \ Attend 12 sessions at {}"#,
            markup_part(location)
        ),
        format!("on Tuesday or Thursday afternoons ({}", markup_part(note)),
    ] {
        assert!(court.contains(&squeezed(&condition)), "{condition}");
    }
    // The 5 000-character line is all there, in order (a page break, with its header
    // and footer, may fall inside it).
    let mut at = 0;
    for i in 0..1000 {
        let word = format!("w{i:03}");
        let found = court[at..].find(&word);
        assert!(found.is_some(), "{word} of the long line is missing");
        at += found.unwrap() + word.len();
    }

    // Nothing runs off the text area.
    for pdf in [&out, &person] {
        let off = words_off_the_text_area(pdf);
        assert!(off.is_empty(), "{}: {off:#?}", pdf.display());
    }
}

#[test]
fn a_long_court_reference_never_runs_into_the_page_number() {
    let dir = temp();
    let reference = "RMC/CR/2026/0417 joined with RMC/CR/2026/0418, RMC/CR/2026/0419, \
                     RMC/CR/2026/0420 and RMC/CR/2026/0421 (transferred from Eastfield)";
    let case = write(
        dir.path(),
        "case.yaml",
        edit(
            &example(),
            "court_reference: \"RMC/CR/2026/0417\"",
            &format!("court_reference: \"{reference}\""),
        ),
    );
    let out = dir.path().join("report.pdf");
    let output = render(&case, &out, &[]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let gaps = footer_gaps(&out);
    assert_eq!(gaps.len(), 4, "a footer on every page");
    for gap in gaps {
        assert!(
            gap >= 10.0,
            "the reference comes within {gap:.1} pt of \"Page\""
        );
    }
}

#[test]
fn a_300_character_word_stays_on_the_page() {
    let dir = temp();
    // Letters and digits: English hyphenation patterns find no break in it.
    let word: String = "abcdefghij0123456789".repeat(15);
    let case = injection_case(dir.path(), &word);
    let out = dir.path().join("report.pdf");
    let output = render_with(&case, &hostile("injection-catalogue.yaml"), &out, &[]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    assert!(
        squeezed(&raw_pdf_text(&out)).contains(&word),
        "the word is cut"
    );
    let off = words_off_the_text_area(&out);
    assert!(off.is_empty(), "{off:#?}");
}

#[test]
fn template_syntax_in_a_money_parameter_is_refused() {
    let dir = temp();
    let case = write(
        dir.path(),
        "case.yaml",
        edit(
            &example(),
            "amount: \"180.00\"",
            "amount: \"{{ name }}{% if x %}\"",
        ),
    );
    let err = refused(&validate_with_catalogue(&case, &catalogue()), 1, "amount");
    assert!(
        err.contains("proposal.measures[1].parameters.amount"),
        "{err}"
    );
}

#[test]
fn control_characters_in_text_are_input_errors() {
    let dir = temp();
    let case = write(
        dir.path(),
        "case.yaml",
        edit(
            &example(),
            "given_name: \"Mary\"",
            "given_name: \"Mary\\e]0;title\\a\\x01\"",
        ),
    );
    let out = dir.path().join("report.pdf");
    let rendered = render(&case, &out, &[]);
    let code = status(&rendered);
    assert_ne!(code, 2, "{}", stderr(&rendered));
    if code == 1 {
        assert_eq!(status(&validate(&case)), 1, "validate agrees with render");
        assert!(stderr(&rendered).contains("person.given_name"));
    }
}

/// Found by the render-path fuzzer: a byte-order mark inside a text passed
/// `validate`, then the PDF/UA export refused it ("the disallowed codepoint
/// U+FEFF"), exit 2 naming no field. It is E015 at its field now, from both.
#[test]
fn a_byte_order_mark_inside_a_text_is_an_input_error() {
    let dir = temp();
    for written in ["Ma\\uFEFFry", "Ma\u{FEFF}ry", "Ma\\uFFFEry"] {
        let case = write(
            dir.path(),
            "case.yaml",
            edit(
                &example(),
                "given_name: \"Mary\"",
                &format!("given_name: \"{written}\""),
            ),
        );
        let err = refused(&validate(&case), 1, "E015");
        assert!(err.contains("person.given_name"), "{err}");
        let out = dir.path().join("report.pdf");
        refused(&render(&case, &out, &[]), 1, "E015");
        assert!(!out.exists());
    }
}

/// Found by the render-path fuzzer: a right-to-left override, a tab and a combining
/// mark made Typst's text shaping panic (`typst-layout` `shaping.rs:444`, "end byte
/// index 4 is out of bounds"), exit 2 with no field named. A mark right after a tab
/// has no letter to combine with: an input error at its field. A mark after a space
/// (a standalone accent) is fine.
#[test]
fn a_combining_mark_right_after_a_tab_is_an_input_error() {
    let dir = temp();
    for written in [
        "\\u202E\\t\\u0301a",
        "\\u202Ex\\t\\u093Fa",
        "East\\t\\u0308field",
    ] {
        let case = write(
            dir.path(),
            "case.yaml",
            edit(
                &example(),
                "address_area: \"Eastfield\"",
                &format!("address_area: \"{written}\""),
            ),
        );
        let err = refused(&validate(&case), 1, "E015");
        assert!(err.contains("person.address_area"), "{err}");
        assert!(err.contains("right after a tab"), "{err}");
        let out = dir.path().join("report.pdf");
        refused(&render(&case, &out, &["--copy", "all"]), 1, "E015");
        assert!(!out.exists());
    }
    let case = write(
        dir.path(),
        "case.yaml",
        edit(
            &example(),
            "address_area: \"Eastfield\"",
            "address_area: \"\\u202EEast \\u0301field\"",
        ),
    );
    let out = dir.path().join("report.pdf");
    let rendered = render(&case, &out, &["--copy", "all"]);
    assert!(rendered.status.success(), "{}", stderr(&rendered));
}

#[test]
fn a_finding_far_along_a_long_line_is_printed() {
    let dir = temp();
    // Flow YAML on one line: the anchor `&a` is at column 65 600.
    let text = format!("x: [\"{}\", &a 1]\n", "a".repeat(65_590));
    let case = write(dir.path(), "long-line.yaml", text);
    refused(&validate(&case), 1, "E004");
    let out = dir.path().join("report.pdf");
    refused(&render(&case, &out, &[]), 1, "E004");
    // A list of 300 000 items on one line: the node budget is hit far along it.
    let text = format!("x: [{}1]\n", "1,".repeat(300_000));
    let case = write(dir.path(), "many-nodes.yaml", text);
    refused(&validate(&case), 1, "E004");
}

#[test]
fn the_json_findings_of_a_long_line_are_written() {
    // What `--json` (no snippet printer) does with the file above: exit 1, no panic.
    let dir = temp();
    let text = format!("x: [\"{}\", &a 1]\n", "a".repeat(65_590));
    let case = write(dir.path(), "long-line.yaml", text);
    let output = psr(&["validate".as_ref(), case.as_os_str(), "--json".as_ref()]);
    assert_eq!(status(&output), 1);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["diagnostics"][0]["code"], "E004");
}

// ---------------------------------------------------------------------------------
// Nothing lost
// ---------------------------------------------------------------------------------

#[test]
fn a_failed_render_keeps_the_older_report_and_leaves_no_part_file() {
    let dir = temp();
    let old = write(dir.path(), "report.pdf", "older report");
    let person = dir.path().join("report-person.pdf");

    // Invalid case, --force.
    refused(
        &render(&fixture("invalid/err_wrong_type.yaml"), &old, &["--force"]),
        1,
        "nothing was written",
    );
    // Typst fails: a template that panics.
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    write(&templates, "full.typ", "#panic(\"hostile template\")\n");
    refused(
        &render(
            &fixture("case.example.yaml"),
            &old,
            &["--force", "--templates", templates.to_str().unwrap()],
        ),
        2,
        "hostile template",
    );
    // The court copy renders, the person's copy fails: neither is written.
    std::fs::remove_file(templates.join("full.typ")).unwrap();
    write(
        &templates,
        "person.typ",
        "#panic(\"hostile person copy\")\n",
    );
    refused(
        &render(
            &fixture("case.example.yaml"),
            &old,
            &[
                "--force",
                "--copy",
                "all",
                "--templates",
                templates.to_str().unwrap(),
            ],
        ),
        2,
        "hostile person copy",
    );
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "older report");
    assert!(!person.exists());
    assert_eq!(names(dir.path()), ["report.pdf", "templates"]);
}

#[test]
fn batch_names_every_failure_in_its_summary_and_manifest() {
    let dir = temp();
    let inputs = dir.path().join("cases");
    std::fs::create_dir(&inputs).unwrap();
    write(&inputs, "01-good.yaml", example());
    std::fs::copy(hostile("billion-laughs.yaml"), inputs.join("02-alias.yaml")).unwrap();
    std::fs::copy(hostile("invalid-utf8.yaml"), inputs.join("03-latin1.yaml")).unwrap();
    write(&inputs, "04-empty.yaml", "");
    std::fs::copy(
        fixture("invalid/err_wrong_type.yaml"),
        inputs.join("05-wrong-type.yaml"),
    )
    .unwrap();
    std::fs::copy(
        hostile("duplicate-key-nested.yaml"),
        inputs.join("06-duplicate.yaml"),
    )
    .unwrap();
    write(&inputs, "07-deep.yml", "- ".repeat(1000) + "x\n");
    let missing = dir.path().join("08-missing.yaml");

    let out = dir.path().join("out");
    let output = psr(&[
        "batch".as_ref(),
        inputs.as_os_str(),
        missing.as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--jobs".as_ref(),
        "2".as_ref(),
    ]);
    let err = refused(&output, 1, "rendered 1, failed 7");
    let expected = [
        ("02-alias.yaml", "E004"),
        ("03-latin1.yaml", "E002"),
        ("04-empty.yaml", "E003"),
        ("05-wrong-type.yaml", "E011"),
        ("06-duplicate.yaml", "E005"),
        ("07-deep.yml", "E004"),
        ("08-missing.yaml", "io"),
    ];
    for (name, code) in expected {
        let line = err
            .lines()
            .find(|l| l.trim_start().starts_with("failed:") && l.contains(name))
            .unwrap_or_else(|| panic!("no summary line for {name}:\n{err}"));
        assert!(line.contains(code), "{line}");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["rendered"], 1);
    assert_eq!(manifest["failed"], 7);
    let cases = manifest["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 8);
    for (name, code) in expected {
        let case = cases
            .iter()
            .find(|c| c["input"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not in the manifest"));
        assert_eq!(case["status"], "failed", "{name}");
        assert_eq!(case["error"]["code"], code, "{name}");
    }
    assert_eq!(names(&out), ["RMC_CR_2026_0417.pdf", "manifest.json"]);
}

/// Runs `psr batch --copy all` on 40 copies of the example, sends `signal` (INT,
/// TERM, HUP) 0.5 s after the start (and not before the first case is done), and
/// checks what is left: exit 128 + the signal, only whole PDFs, both copies of a case
/// or neither, no `.part` file, and a manifest marking the rest `skipped`.
/// `whole_group` signals the process group, as a terminal's Ctrl-C or a service
/// manager does (worker processes included), rather than psr alone.
#[cfg(unix)]
fn interrupt_a_batch(jobs: &str, whole_group: bool, signal: &str, status: i32) {
    use std::os::unix::process::CommandExt;
    let dir = temp();
    let inputs = dir.path().join("cases");
    std::fs::create_dir(&inputs).unwrap();
    let example = example();
    for i in 0..40 {
        write(
            &inputs,
            &format!("case-{i:02}.yaml"),
            edit(&example, "RMC/CR/2026/0417", &format!("RMC/CR/2026/{i:04}")),
        );
    }
    let out = dir.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_psr"))
        .arg("batch")
        .arg(&inputs)
        .arg("--catalogue")
        .arg(catalogue())
        .arg("-o")
        .arg(&out)
        .args(["--jobs", jobs, "--copy", "all"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        // Its own process group, so that the test runner is not signalled.
        .process_group(0)
        .spawn()
        .expect("spawn psr batch");
    // Signal 0.5 s after the start, and not before the first case has finished: the
    // Ctrl-C handler is installed once the catalogue and fonts are loaded, and a signal
    // before that ends psr like any program, having written nothing.
    let (started, first_done) = std::sync::mpsc::channel();
    let stderr_pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        for line in BufReader::new(stderr_pipe).lines() {
            let line = line.unwrap_or_default();
            if line.starts_with("[1/") {
                let _ = started.send(());
            }
            text.push_str(&line);
            text.push('\n');
        }
        text
    });
    let spawned = std::time::Instant::now();
    let _ = first_done.recv_timeout(std::time::Duration::from_secs(60));
    std::thread::sleep(std::time::Duration::from_millis(500).saturating_sub(spawned.elapsed()));
    let target = if whole_group {
        format!("-{}", child.id())
    } else {
        child.id().to_string()
    };
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), "--", &target])
        .status()
        .expect("kill");
    assert!(sent.success());
    let exit = child.wait().unwrap();
    let err = reader.join().unwrap();
    assert_ne!(exit.code(), Some(101), "{err}");
    assert_eq!(exit.code(), Some(status), "SIG{signal}: {exit:?}\n{err}");
    assert!(err.contains("(interrupted)"), "{err}");

    assert!(leftovers(&out).is_empty(), "{:?}", names(&out));
    let pdfs: Vec<String> = names(&out)
        .into_iter()
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    for name in &pdfs {
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{name}");
        assert!(bytes.trim_ascii_end().ends_with(b"%%EOF"), "{name} is cut");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let cases = manifest["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 40);
    let rendered = cases.iter().filter(|c| c["status"] == "rendered").count();
    let skipped = cases.iter().filter(|c| c["status"] == "skipped").count();
    assert_eq!(rendered + skipped, 40, "{manifest:#}");
    assert!(rendered >= 1 && skipped >= 1, "{manifest:#}");
    assert_eq!(manifest["skipped"], skipped);
    // A case is written whole: both copies or neither, and only those listed.
    assert_eq!(pdfs.len(), 2 * rendered, "{pdfs:?}");
    for case in cases {
        let outputs = case["outputs"].as_array().unwrap();
        assert_eq!(
            outputs.len(),
            if case["status"] == "rendered" { 2 } else { 0 }
        );
    }
}

#[test]
#[cfg(unix)]
fn ctrl_c_during_a_batch_leaves_only_whole_reports_and_a_manifest() {
    interrupt_a_batch("1", false, "INT", 130);
}

#[test]
#[cfg(unix)]
fn ctrl_c_to_a_batch_and_its_worker_processes_leaves_only_whole_reports() {
    interrupt_a_batch("2", true, "INT", 130);
}

/// SIGTERM (a service manager, `kill`) is Ctrl-C: repeated, since a signal that
/// lands mid-write showed only in some runs (8 of 20 left a `.part` file).
#[test]
#[cfg(unix)]
fn sigterm_to_a_batch_leaves_only_whole_reports_in_pairs_and_a_manifest() {
    for _ in 0..3 {
        interrupt_a_batch("2", false, "TERM", 143);
        interrupt_a_batch("2", true, "TERM", 143);
    }
}

/// SIGHUP (the terminal closed) too.
#[test]
#[cfg(unix)]
fn sighup_to_a_batch_leaves_only_whole_reports_in_pairs_and_a_manifest() {
    for _ in 0..2 {
        interrupt_a_batch("1", false, "HUP", 129);
        interrupt_a_batch("2", true, "HUP", 129);
    }
}

/// `psr render --watch --copy all` ended by SIGTERM, SIGHUP or SIGINT while it waits
/// or renders: exit 128 + the signal, the two copies whole, no `.part` file.
#[test]
#[cfg(unix)]
fn a_signal_ends_render_watch_with_its_status_and_whole_copies() {
    use std::os::unix::process::CommandExt;
    for (signal, status, delay_ms) in [("TERM", 143, 0), ("HUP", 129, 50), ("INT", 130, 300)] {
        let dir = temp();
        let case = write(dir.path(), "case.yaml", example());
        let out = dir.path().join("report.pdf");
        let mut child = Command::new(env!("CARGO_BIN_EXE_psr"))
            .arg("render")
            .arg(&case)
            .arg("--catalogue")
            .arg(catalogue())
            .arg("-o")
            .arg(&out)
            .args(["--copy", "all", "--watch"])
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .expect("spawn psr render --watch");
        let stderr_pipe = child.stderr.take().unwrap();
        let mut lines = BufReader::new(stderr_pipe).lines();
        // The first render is written; then an edit starts a second, which the signal
        // may meet under way.
        for line in lines.by_ref() {
            if line.unwrap_or_default().starts_with("watching") {
                break;
            }
        }
        let edited = edit(&example(), "Keep her job", "Keep her work");
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&case, edited).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(100 + delay_ms));
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(sent.success());
        let exit = child.wait().unwrap();
        let rest: Vec<String> = lines.map_while(Result::ok).collect();
        assert_eq!(exit.code(), Some(status), "SIG{signal}: {rest:?}");
        assert!(leftovers(dir.path()).is_empty(), "{:?}", names(dir.path()));
        for pdf in [out.clone(), dir.path().join("report-person.pdf")] {
            let bytes = std::fs::read(&pdf).unwrap();
            assert!(
                bytes.trim_ascii_end().ends_with(b"%%EOF"),
                "{}",
                pdf.display()
            );
        }
    }
}

// ---------------------------------------------------------------------------------
// Personal data
// ---------------------------------------------------------------------------------

#[test]
#[cfg(unix)]
fn personal_data_stays_out_of_logs_and_other_users_reach() {
    let dir = temp();
    let names_of_the_person = ["Wanjiru", "Mary"];
    let out = dir.path().join("report.pdf");
    let rendered = render(&fixture("case.example.yaml"), &out, &["--copy", "all"]);
    assert_eq!(status(&rendered), 0, "{}", stderr(&rendered));

    let batch_out = dir.path().join("batch");
    let batched = psr(&[
        "batch".as_ref(),
        fixture("case.example.yaml").as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
        "-o".as_ref(),
        batch_out.as_os_str(),
        "--copy".as_ref(),
        "all".as_ref(),
    ]);
    assert_eq!(status(&batched), 0, "{}", stderr(&batched));

    // A case with a warning on the `person:` section: `render` prints the warning with
    // a snippet of the file, as `validate` does (and so may quote the name); `batch`
    // prints no snippet, only files and codes.
    let warned_out = dir.path().join("warned");
    let warned = psr(&[
        "batch".as_ref(),
        fixture("invalid/err_warn_pregnant_not_stated.yaml").as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
        "-o".as_ref(),
        warned_out.as_os_str(),
    ]);
    assert_eq!(status(&warned), 0, "{}", stderr(&warned));
    // W041; W055: a young adult, for whom diversion may be preferred (para 18);
    // W030: an approval neither bound to the text nor signed (para 56); and W051: no
    // date of its own.
    assert!(
        stderr(&warned).contains("4 warnings"),
        "{}",
        stderr(&warned)
    );

    for (what, output) in [
        ("render", &rendered),
        ("batch", &batched),
        ("batch with a warning", &warned),
    ] {
        let err = stderr(output);
        let out = stdout(output);
        for name in names_of_the_person {
            assert!(
                !err.contains(name),
                "{what} stderr names the person:\n{err}"
            );
            assert!(
                !out.contains(name),
                "{what} stdout names the person:\n{out}"
            );
        }
    }
    // Written files: owner only.
    for file in [
        out.clone(),
        dir.path().join("report-person.pdf"),
        batch_out.join("RMC_CR_2026_0417.pdf"),
        batch_out.join("RMC_CR_2026_0417-person.pdf"),
        batch_out.join("manifest.json"),
    ] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    // The manifest names files and references, never the person.
    let manifest = std::fs::read_to_string(batch_out.join("manifest.json")).unwrap();
    for name in names_of_the_person {
        assert!(!manifest.contains(name), "{manifest}");
    }
    assert!(leftovers(dir.path()).is_empty());
    assert!(leftovers(&batch_out).is_empty());
}

#[test]
fn json_findings_quote_the_case_as_documented() {
    // `--json` output contains personal data (docs/security.md, README): a finding
    // quotes the value it is about. Treat it like the case file.
    let dir = temp();
    let case = write(
        dir.path(),
        "case.yaml",
        edit(&example(), "gender: female", "gender: Wanjiru"),
    );
    let output = psr(&["validate".as_ref(), case.as_os_str(), "--json".as_ref()]);
    assert_eq!(status(&output), 1, "{}", stderr(&output));
    let json = stdout(&output);
    assert!(
        json.contains("person.gender") && json.contains("Wanjiru"),
        "{json}"
    );
}

// ---------------------------------------------------------------------------------
// Every hostile fixture, and every input the fuzzer found
// ---------------------------------------------------------------------------------

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn every_hostile_fixture_and_fuzz_finding_is_answered_without_a_panic() {
    let files = files_under(&fixture("hostile"));
    assert!(files.len() >= 8, "{files:?}");
    for file in files {
        // As a case, alone and with the catalogue, and as a catalogue.
        for output in [
            validate(&file),
            validate_with_catalogue(&file, &catalogue()),
            validate_with_catalogue(&fixture("case.example.yaml"), &file),
        ] {
            let code = status(&output);
            assert!(code <= 2, "{}: exit {code}", file.display());
        }
    }
}
