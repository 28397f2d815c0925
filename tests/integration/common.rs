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
