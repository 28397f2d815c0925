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
