//! The binary prints what the rules' tests snapshot: `psr validate` is the library's
//! [`ValidateOutput::validate`], which `tests/rules/` calls in process, byte for byte.

use std::path::{Path, PathBuf};
use std::process::Command;

use psr::Checker;
use psr::check::ValidateOutput;
use psr::render::Resources;

/// Files with findings of every stage (loading, the rules, the matching, the fonts),
/// one with warnings only, and a file that cannot be read.
const CASES: &[&str] = &[
    "fixtures/invalid/err_many_rules.yaml",
    "fixtures/invalid/err_yaml_syntax.yaml",
    "fixtures/invalid/err_warn_draft.yaml",
    "fixtures/invalid/err_not_eligible.yaml",
    "fixtures/case.example.yaml",
    "fixtures/no such case.yaml",
];

const CATALOGUE: &str = "fixtures/catalogue.example.yaml";

#[test]
fn the_binary_prints_what_the_rules_tests_snapshot() {
    let cases: Vec<PathBuf> = CASES.iter().map(PathBuf::from).collect();
    for json in [false, true] {
        // Both from the project's root (the tests' working folder), with relative names.
        let mut command = Command::new(env!("CARGO_BIN_EXE_psr"));
        command
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .env_remove("PSR_FONT_PATH")
            .args(["validate", "--catalogue", CATALOGUE])
            .args(&cases);
        if json {
            command.arg("--json");
        }
        let binary = command.output().expect("run psr");
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        let status = ValidateOutput {
            json,
            color: false,
            stdout: &mut stdout,
            stderr: &mut stderr,
        }
        .validate(
            Checker::new(Some(Path::new(CATALOGUE)), &Resources::default()),
            Some(Path::new(CATALOGUE)),
            &cases,
        )
        .expect("no failure stops the run");
        assert_eq!(
            binary.status.code(),
            Some(i32::from(status)),
            "--json {json}"
        );
        assert_eq!(
            String::from_utf8_lossy(&binary.stdout),
            String::from_utf8_lossy(&stdout),
            "--json {json}"
        );
        assert_eq!(
            String::from_utf8_lossy(&binary.stderr),
            String::from_utf8_lossy(&stderr),
            "--json {json}"
        );
        // Not two empty outputs agreeing: every case is in them.
        let shown = if json { &stdout } else { &stderr };
        let shown = String::from_utf8_lossy(shown);
        for case in &CASES[..5] {
            assert!(
                shown.contains(case),
                "--json {json}: {case} not shown:\n{shown}"
            );
        }
        assert_eq!(status, 2, "an unreadable file: exit status 2");
    }
}
