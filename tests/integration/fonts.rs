//! Text in any script: printed as written, or refused as an input error at its field
//! (E016) with the font to add, never a template error. Built in: Latin, Greek,
//! Cyrillic, Hebrew, Arabic, Devanagari and emoji; `--font-path` adds the rest (a
//! 5 KB subset of Noto Sans SC in `fixtures/fonts/` stands for a CJK font).

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::*;

/// The example case with the person's given name replaced.
fn case_named(dir: &Path, name: &str) -> PathBuf {
    let example = std::fs::read_to_string(fixture("case.example.yaml")).unwrap();
    assert!(example.contains("given_name: \"Mary\""));
    let path = dir.join("case.yaml");
    std::fs::write(
        &path,
        example.replace("given_name: \"Mary\"", &format!("given_name: \"{name}\"")),
    )
    .unwrap();
    path
}

fn validate(case: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["validate".as_ref(), case.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    psr(&args)
}

fn fonts_folder() -> String {
    fixture("fonts").display().to_string()
}

#[test]
fn names_in_any_script_render_or_are_refused_as_input_errors() {
    let dir = temp();
    let names = [
        "Zoë Łukasz Şükrü Đorđe",
        "Nguyễn",
        "Σωκράτης",
        "Мария",
        "שרה",
        "مريم",
        "प्रिया",
        "Mary 😀",
        "👨‍👩‍👧",
        "🇰🇪",
        "👍🏽",
        "❤️",
        "玛丽",
        "玥婧",
        "สมชาย",
        "1️⃣",
    ];
    for name in names {
        let case = case_named(dir.path(), name);
        let out = dir.path().join("report.pdf");
        let _ = std::fs::remove_file(&out);
        let rendered = render(&case, &out, &[]);
        match rendered.status.code() {
            Some(0) => {
                let text = pdf_text(&out);
                assert!(text.contains(name), "{name} missing from the PDF");
            }
            Some(1) => {
                let err = stderr(&rendered);
                assert!(err.contains("E016"), "{name}: {err}");
                assert!(err.contains("person.given_name"), "{name}: {err}");
                assert!(err.contains("case.yaml:33:"), "{name}: {err}");
                assert!(err.contains("--font-path"), "{name}: {err}");
                assert!(!out.exists(), "{name}: a refused case writes nothing");
            }
            code => panic!("{name}: exit {code:?}: {}", stderr(&rendered)),
        }
    }
}

#[test]
fn emoji_print_with_the_built_in_fonts() {
    let dir = temp();
    let case = case_named(dir.path(), "Mary 😀👍🏽");
    let out = dir.path().join("report.pdf");
    let output = render(&case, &out, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(pdf_text(&out).contains("Mary 😀👍🏽"));
    assert!(pdf_fonts(&out).contains("NotoEmoji"), "{}", pdf_fonts(&out));
}

#[test]
fn a_script_without_a_font_is_refused_by_validate_and_render_alike() {
    let dir = temp();
    let case = case_named(dir.path(), "玥婧");
    let checked = validate(&case, &[]);
    assert_eq!(checked.status.code(), Some(1), "{}", stderr(&checked));
    let out = dir.path().join("report.pdf");
    let rendered = render(&case, &out, &[]);
    assert_eq!(rendered.status.code(), Some(1), "{}", stderr(&rendered));
    for err in [stderr(&checked), stderr(&rendered)] {
        assert!(
            err.contains("no font can print `玥` (U+73A5), `婧` (U+5A67)"),
            "{err}"
        );
        assert!(err.contains("case.yaml:33:15"), "{err}");
        assert!(err.contains("person.given_name"), "{err}");
        assert!(err.contains("docs/fonts.md"), "{err}");
    }
    assert!(!out.exists());
    // JSON names the code and the position too.
    let json = validate(&case, &["--json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let finding = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["severity"] == "error")
        .unwrap();
    assert_eq!(finding["code"], "E016", "{report}");
    assert_eq!(finding["path"], "person.given_name");
    assert_eq!(finding["line"], 33);
}

#[test]
fn a_font_path_adds_the_script_and_embeds_the_font() {
    let dir = temp();
    let case = case_named(dir.path(), "玥婧");
    let fonts = fonts_folder();
    let checked = validate(&case, &["--font-path", &fonts]);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    let out = dir.path().join("report.pdf");
    let rendered = render(&case, &out, &["--font-path", &fonts]);
    assert_eq!(rendered.status.code(), Some(0), "{}", stderr(&rendered));
    assert!(pdf_text(&out).contains("玥婧 Wanjiru"));
    assert!(
        pdf_fonts(&out).contains("NotoSansSC"),
        "{}",
        pdf_fonts(&out)
    );
    // A font file works as well as its folder, and so does PSR_FONT_PATH.
    let file = fixture("fonts/NotoSansSC-subset.otf");
    let checked = validate(&case, &["--font-path", file.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    let from_env = std::process::Command::new(env!("CARGO_BIN_EXE_psr"))
        .args(["validate".as_ref(), case.as_os_str()])
        .env("PSR_FONT_PATH", format!("/nonexistent-but-later:{fonts}"))
        .output()
        .unwrap();
    // Every folder named must exist: a typo is not silently ignored.
    assert_eq!(from_env.status.code(), Some(2), "{}", stderr(&from_env));
    assert!(stderr(&from_env).contains("cannot read fonts from /nonexistent-but-later"));
    let from_env = std::process::Command::new(env!("CARGO_BIN_EXE_psr"))
        .args(["validate".as_ref(), case.as_os_str()])
        .env("PSR_FONT_PATH", &fonts)
        .output()
        .unwrap();
    assert_eq!(from_env.status.code(), Some(0), "{}", stderr(&from_env));
}

#[test]
fn a_font_path_that_is_not_a_font_is_an_error() {
    let dir = temp();
    let case = fixture("case.example.yaml");
    let not_a_font = fixture("case.example.yaml");
    let output = validate(&case, &["--font-path", not_a_font.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("not a font file"),
        "{}",
        stderr(&output)
    );
    let out = dir.path().join("report.pdf");
    let output = render(&case, &out, &["--font-path", "/nonexistent"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("cannot read fonts from /nonexistent"));
    assert!(!out.exists());
}

#[test]
fn a_combination_no_font_draws_is_refused_at_its_field_when_rendering() {
    // A keycap (digit, U+FE0F, U+20E3): each character has a font, but Typst finds no
    // one font for the whole cluster; validate cannot know it, render names the field.
    let dir = temp();
    let case = case_named(dir.path(), "Mary 1️⃣");
    let out = dir.path().join("report.pdf");
    let rendered = render(&case, &out, &[]);
    assert_eq!(rendered.status.code(), Some(1), "{}", stderr(&rendered));
    let err = stderr(&rendered);
    assert!(
        err.contains("no font can print `1️⃣` (U+0031 U+FE0F U+20E3) as written"),
        "{err}"
    );
    assert!(err.contains("case.yaml:33:15"), "{err}");
    assert!(!err.contains("template error"), "{err}");
    assert!(!out.exists());
}

#[test]
fn catalogue_text_without_a_font_is_refused_in_the_catalogue() {
    let dir = temp();
    let text = std::fs::read_to_string(catalogue())
        .unwrap()
        .replace("en: \"Conditional discharge\"", "en: \"玥婧\"");
    let catalogue = dir.path().join("catalogue.yaml");
    std::fs::write(&catalogue, text).unwrap();
    let case = fixture("case.example.yaml");
    let out = dir.path().join("report.pdf");
    let rendered = psr(&[
        "render".as_ref(),
        case.as_os_str(),
        "--catalogue".as_ref(),
        catalogue.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(rendered.status.code(), Some(1), "{}", stderr(&rendered));
    let checked = psr(&[
        "validate".as_ref(),
        case.as_os_str(),
        "--catalogue".as_ref(),
        catalogue.as_os_str(),
    ]);
    assert_eq!(checked.status.code(), Some(1), "{}", stderr(&checked));
    for err in [stderr(&rendered), stderr(&checked)] {
        assert!(err.contains("E016"), "{err}");
        assert!(err.contains("catalogue.yaml:24:"), "{err}");
        assert!(err.contains("measures[0].name.en"), "{err}");
    }
    assert!(!out.exists());
}

#[test]
fn batch_reports_a_missing_font_per_case_and_passes_font_paths_to_workers() {
    let dir = temp();
    let inputs = dir.path().join("cases");
    std::fs::create_dir(&inputs).unwrap();
    let example = std::fs::read_to_string(fixture("case.example.yaml")).unwrap();
    std::fs::write(inputs.join("01-latin.yaml"), &example).unwrap();
    std::fs::write(
        inputs.join("02-chinese.yaml"),
        example
            .replace("given_name: \"Mary\"", "given_name: \"玥婧\"")
            .replace("RMC/CR/2026/0417", "RMC/CR/2026/0418"),
    )
    .unwrap();
    let batch = |out: &Path, extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "batch".as_ref(),
            inputs.as_os_str(),
            "--catalogue".as_ref(),
            catalogue().into_os_string().leak(),
            "-o".as_ref(),
            out.as_os_str(),
            "--jobs".as_ref(),
            "2".as_ref(),
        ];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        psr(&args)
    };
    let out = dir.path().join("without");
    let output = batch(&out, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("rendered 1, failed 1"), "{err}");
    assert!(
        err.contains("02-chinese.yaml:33: E016 person.given_name"),
        "{err}"
    );
    // A batch's log and manifest name no one, not even by code points.
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    for text in [&err, &manifest] {
        assert!(text.contains("no font can print `…`, `…`"), "{text}");
        assert!(!text.contains('玥') && !text.contains("U+73A5"), "{text}");
    }
    assert!(out.join("RMC_CR_2026_0417.pdf").exists());
    assert!(!out.join("RMC_CR_2026_0418.pdf").exists());

    let out = dir.path().join("with");
    let output = batch(&out, &["--font-path", &fonts_folder()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(pdf_text(&out.join("RMC_CR_2026_0418.pdf")).contains("玥婧 Wanjiru"));
}

/// E016 names the cluster no font draws, not an emoji beside it that shares a
/// character with it: in "❤️ 1️⃣" the heart prints (U+2764 U+FE0F) and the keycap
/// (U+0031 U+FE0F U+20E3) does not. Before, the finding named the heart, the first
/// word holding U+FE0F.
#[test]
fn the_combination_named_is_the_one_no_font_draws() {
    let dir = temp();
    for (name, named) in [
        ("Mary ❤️ 1️⃣", "`1️⃣` (U+0031 U+FE0F U+20E3)"),
        ("❤️1️⃣", "`1️⃣` (U+0031 U+FE0F U+20E3)"),
        ("Mary ❤️ 7️⃣ ok", "`7️⃣` (U+0037 U+FE0F U+20E3)"),
    ] {
        let case = case_named(dir.path(), name);
        let out = dir.path().join("report.pdf");
        let rendered = render(&case, &out, &[]);
        let err = stderr(&rendered);
        assert_eq!(rendered.status.code(), Some(1), "{name}: {err}");
        assert!(
            err.contains(&format!("no font can print {named} as written")),
            "{name}: {err}"
        );
        assert!(!err.contains("U+2764"), "{name}: the heart prints: {err}");
        assert!(!out.exists());
    }
}
