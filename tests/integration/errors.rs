//! Bad input: a clear message with file, line and field; exit status 1; nothing written.

use crate::common::*;

fn render_fails(case: &str) -> (String, tempfile::TempDir) {
    let dir = temp();
    let out = dir.path().join("report.pdf");
    let output = render(&fixture(case), &out, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!out.exists(), "a PDF was written for an invalid case");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "a file was left behind"
    );
    (stderr(&output), dir)
}

#[test]
fn malformed_yaml_names_file_and_line() {
    let (err, _dir) = render_fails("invalid/err_yaml_syntax.yaml");
    assert!(err.contains("E003"), "{err}");
    assert!(err.contains("invalid YAML"), "{err}");
    assert!(err.contains("err_yaml_syntax.yaml:5:3"), "{err}");
    assert!(err.contains("help:"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
}

#[test]
fn wrong_type_names_line_and_field() {
    let (err, _dir) = render_fails("invalid/err_wrong_type.yaml");
    assert!(err.contains("E011"), "{err}");
    assert!(err.contains("err_wrong_type.yaml:36:13"), "{err}");
    assert!(err.contains("person.pregnant"), "{err}");
    assert!(
        err.contains(r#"wrong type: string "maybe", expected a boolean"#),
        "{err}"
    );
    assert!(err.contains("write true or false"), "{err}");
}

#[test]
fn missing_file_is_an_io_error() {
    let dir = temp();
    let out = dir.path().join("report.pdf");
    let output = render(&fixture("no-such-case.yaml"), &out, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no such file"),
        "{}",
        stderr(&output)
    );
}

/// `psr schema case | head -1`: the reader stops, and psr ends as other Unix tools do
/// (SIGPIPE), never with a panic's "internal error".
#[cfg(unix)]
#[test]
fn a_reader_that_stops_reading_ends_psr_quietly() {
    use std::os::unix::process::ExitStatusExt;
    for args in [
        &["schema", "case"][..],
        &["templates", "list"][..],
        &["validate", "fixtures/case.example.yaml", "--json"][..],
    ] {
        // The reading end closed before psr starts: its first print meets a closed pipe.
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_psr"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .expect("run psr");
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(!said.contains("internal error"), "{args:?}: {said}");
        assert_eq!(output.status.signal(), Some(13), "{args:?}: {said}");
    }
}
