//! Snapshots of every finding `psr validate` reports for the broken case files of
//! `fixtures/invalid/` (see its README.md), in both forms: the human output on stderr
//! and the `--json` output on stdout, each with the exit status.
//!
//! What the command prints is made in process, by the library function the command
//! calls ([`ValidateOutput::validate`]), with the fonts compiled in; the integration
//! test `the_binary_prints_what_the_rules_tests_snapshot` checks that the binary
//! prints the same bytes. Each run is made from the project's root with relative
//! paths, so that the file names in the snapshots do not depend on where the project
//! is checked out. Review changes with `cargo insta review`, or accept them all with
//! `INSTA_UPDATE=always`.
//!
//! Beside the snapshots, the tests check what must hold whatever the wording: the exit
//! status, the codes of `fixtures/invalid/README.md`, the fields of every diagnostic,
//! and that files with many mistakes get all of them, in file order.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use psr::Checker;
use psr::check::{FAILED, ValidateOutput};
use serde_json::Value;

use crate::common::root;

/// The catalogue every fixture is checked against, relative to the project's root.
const CATALOGUE: &str = "fixtures/catalogue.example.yaml";

/// The two fixtures that predate this suite and keep their original first line.
const OLD_FIXTURES: [&str; 2] = ["err_yaml_syntax.yaml", "err_wrong_type.yaml"];

/// What one `psr validate` of one file printed, both ways.
#[derive(Clone)]
struct Validated {
    /// The exit status (the same with and without `--json`).
    status: i32,
    /// stderr without `--json`.
    human: String,
    /// Each line of stdout with `--json`, parsed.
    json: Vec<Value>,
}

impl Validated {
    /// Every diagnostic of every file report.
    fn diagnostics(&self) -> Vec<&Value> {
        self.json
            .iter()
            .flat_map(|report| report["diagnostics"].as_array().expect("diagnostics"))
            .collect()
    }

    /// The diagnostics of one severity.
    fn count(&self, severity: &str) -> usize {
        self.diagnostics()
            .iter()
            .filter(|d| d["severity"] == severity)
            .count()
    }

    /// The codes reported, with or without those of one severity.
    fn codes(&self, severity: Option<&str>) -> BTreeSet<String> {
        self.diagnostics()
            .iter()
            .filter(|d| severity.is_none_or(|s| d["severity"] == s))
            .map(|d| d["code"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// The human output as snapshotted.
    fn human_snapshot(&self) -> String {
        format!("exit status: {}\n---\n{}", self.status, self.human)
    }

    /// The JSON output as snapshotted: each file's object pretty-printed.
    fn json_snapshot(&self) -> String {
        let objects: Vec<String> = self
            .json
            .iter()
            .map(|v| serde_json::to_string_pretty(v).expect("JSON prints"))
            .collect();
        format!("exit status: {}\n---\n{}", self.status, objects.join("\n"))
    }
}

/// The working folder is the process's, and each run names its files relative to
/// its own: one run at a time enters its folder.
static IN_FOLDER: Mutex<()> = Mutex::new(());

/// What `psr validate CASE --catalogue CATALOGUE [--json]` prints in `dir`, without
/// colour (`NO_COLOR`): its exit status, stdout and stderr.
fn run_validate(dir: &Path, case: &str, catalogue: &Path, json: bool) -> (i32, String, String) {
    let _one = IN_FOLDER.lock().unwrap_or_else(PoisonError::into_inner);
    std::env::set_current_dir(dir).expect("enter the folder of the case");
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    // On a thread with the stack of the binary's main thread (8 MiB on Linux), not a
    // test thread's 2 MiB: a debug build of the deepest YAML needs more than that.
    let result = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn_scoped(scope, || {
                let mut output = ValidateOutput {
                    json,
                    color: false,
                    stdout: &mut stdout,
                    stderr: &mut stderr,
                };
                let checker = Checker::builtin(Some(catalogue));
                output.validate(checker, Some(catalogue), &[PathBuf::from(case)])
            })
            .expect("a thread")
            .join()
            .expect("no panic")
    });
    // What the command prints of a failure that stops it.
    let status = result.unwrap_or_else(|failure| {
        writeln!(stderr, "error: {failure}").expect("a buffer");
        FAILED
    });
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("output is UTF-8");
    (i32::from(status), text(stdout), text(stderr))
}

/// Runs `psr validate CASE --catalogue CATALOGUE` in `dir`, with and without `--json`,
/// once for each file: the snapshots and the README's table read the same runs.
fn validate(dir: &Path, case: &str, catalogue: &Path) -> Validated {
    type Key = (PathBuf, PathBuf, String);
    static DONE: Mutex<BTreeMap<Key, Validated>> = Mutex::new(BTreeMap::new());
    let key = (dir.to_path_buf(), catalogue.to_path_buf(), case.to_string());
    if let Some(done) = DONE
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return done.clone();
    }
    let run = validate_both_ways(dir, case, catalogue);
    DONE.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key, run.clone());
    run
}

/// [`validate`], run.
fn validate_both_ways(dir: &Path, case: &str, catalogue: &Path) -> Validated {
    let (status, human_stdout, human) = run_validate(dir, case, catalogue, false);
    let (json_status, stdout, _) = run_validate(dir, case, catalogue, true);
    assert_eq!(
        json_status, status,
        "{case}: --json changes the exit status"
    );
    assert!(
        human_stdout.is_empty(),
        "{case}: human output belongs on stderr, stdout has:\n{human_stdout}"
    );
    let json = stdout
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{case}: not one JSON object per line ({e}): {line}"))
        })
        .collect();
    Validated {
        status,
        human,
        json,
    }
}

/// Problems of a whole file, which have no line and column.
fn whole_file(diagnostic: &Value) -> bool {
    match diagnostic["code"].as_str() {
        Some("E001" | "E002") => true,
        Some("E003") => diagnostic["message"] == "the file is empty",
        _ => false,
    }
}

/// What must hold of every run, whatever the wording of its findings.
fn check_shape(case: &str, run: &Validated) {
    assert!(
        matches!(run.status, 0 | 1),
        "{case}: exit status {} (2 is for I/O and usage errors):\n{}",
        run.status,
        run.human
    );
    assert!(!run.json.is_empty(), "{case}: no JSON output");
    let case_name = Path::new(case).file_name().unwrap().to_string_lossy();
    assert!(
        run.json
            .iter()
            .any(|r| r["path"].as_str().is_some_and(|p| p.ends_with(&*case_name))),
        "{case}: no JSON report names the case file: {:?}",
        run.json
    );
    for report in &run.json {
        let diagnostics = report["diagnostics"]
            .as_array()
            .unwrap_or_else(|| panic!("{case}: report without a diagnostics list: {report}"));
        let errors = diagnostics.iter().any(|d| d["severity"] == "error");
        assert_eq!(
            report["valid"], !errors,
            "{case}: `valid` disagrees: {report}"
        );
    }
    let errors = run.count("error");
    let warnings = run.count("warning");
    assert_eq!(
        run.status,
        i32::from(errors > 0),
        "{case}: exit status and errors disagree"
    );
    for d in run.diagnostics() {
        let code = d["code"].as_str().unwrap_or_default();
        let severity = d["severity"].as_str().unwrap_or_default();
        assert!(
            code.len() == 4
                && code[1..].bytes().all(|b| b.is_ascii_digit())
                && matches!(
                    (&code[..1], severity),
                    ("E", "error") | ("W", "warning") | ("N", "note")
                ),
            "{case}: bad code or severity: {d}"
        );
        assert!(
            d["message"].as_str().is_some_and(|m| !m.trim().is_empty()),
            "{case}: no message: {d}"
        );
        assert!(d["path"].is_string(), "{case}: no path: {d}");
        if !whole_file(d) {
            for key in ["line", "column"] {
                assert!(
                    d[key].as_u64().is_some_and(|n| n >= 1),
                    "{case}: no {key} for a finding inside the file: {d}"
                );
            }
        }
        assert!(
            run.human.contains(code),
            "{case}: {code} is in the JSON output but not in the human one"
        );
    }
    let summary = format!(
        "{case}: {errors} error{}, {warnings} warning{}",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    );
    assert!(
        run.human.contains(&summary),
        "{case}: the human output does not end with `{summary}`:\n{}",
        run.human
    );
}

/// One row of the tables of `fixtures/invalid/README.md`.
struct Expected {
    codes: BTreeSet<String>,
    exit: i32,
}

/// The rows of `fixtures/invalid/README.md`, by file name.
fn expected() -> Vec<(String, Expected)> {
    let readme = std::fs::read_to_string(root().join("fixtures/invalid/README.md"))
        .expect("fixtures/invalid/README.md");
    readme
        .lines()
        .filter(|line| line.starts_with("| `err_"))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            assert_eq!(cells.len(), 4, "README row: {line}");
            let name = cells[0].trim_matches('`').to_string();
            let codes = cells[2].split(',').map(|c| c.trim().to_string()).collect();
            let exit = cells[3].parse().expect("README exit status");
            (name, Expected { codes, exit })
        })
        .collect()
}

/// The YAML fixtures, by file name.
fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("fixtures/invalid"))
        .expect("fixtures/invalid")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    names
}

#[test]
fn invalid_fixtures_snapshots() {
    insta::glob!("../../../fixtures/invalid", "*.yaml", |path| {
        let name = path.file_name().unwrap().to_string_lossy();
        let case = format!("fixtures/invalid/{name}");
        let run = validate(&root(), &case, Path::new(CATALOGUE));
        check_shape(&case, &run);
        insta::assert_snapshot!("human", run.human_snapshot());
        insta::assert_snapshot!("json", run.json_snapshot());
    });
}

#[test]
fn invalid_fixtures_match_readme() {
    let expected = expected();
    let listed: BTreeSet<&str> = expected.iter().map(|(n, _)| n.as_str()).collect();
    let names = fixture_names();
    assert!(
        names.len() >= 34,
        "expected at least 34 fixtures, found {}",
        names.len()
    );
    for name in &names {
        assert!(
            name.starts_with("err_"),
            "{name}: fixtures here are named err_*.yaml"
        );
        assert!(
            listed.contains(name.as_str()),
            "{name} is not in fixtures/invalid/README.md"
        );
    }
    for (name, want) in &expected {
        assert!(
            names.contains(name),
            "README lists {name}, which does not exist"
        );
        let case = format!("fixtures/invalid/{name}");
        let run = validate(&root(), &case, Path::new(CATALOGUE));
        assert_eq!(
            run.status, want.exit,
            "{case}: exit status (README says {}):\n{}",
            want.exit, run.human
        );
        if name.starts_with("err_warn_") {
            assert_eq!(run.status, 0, "{case}: warning-only fixtures exit 0");
        } else {
            assert_eq!(run.status, 1, "{case}: fixtures with errors exit 1");
        }
        let all = run.codes(None);
        for code in &want.codes {
            assert!(
                all.contains(code),
                "{case}: {code} expected, got {all:?}:\n{}",
                run.human
            );
        }
        let errors = run.codes(Some("error"));
        let wanted_errors: BTreeSet<String> = want
            .codes
            .iter()
            .filter(|c| c.starts_with('E'))
            .cloned()
            .collect();
        assert_eq!(
            errors, wanted_errors,
            "{case}: error codes differ from the README's:\n{}",
            run.human
        );
    }
}

#[test]
fn invalid_fixtures_say_what_is_wrong() {
    for name in fixture_names() {
        if OLD_FIXTURES.contains(&name.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(root().join("fixtures/invalid").join(&name)).unwrap();
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("# ") && first.len() > 10,
            "{name}: the first line must be a comment saying what is wrong, not {first:?}"
        );
    }
}

/// The number of mistakes a `err_many_*` file declares on its first line: `# 5 mistakes`.
fn declared_mistakes(text: &str) -> usize {
    text.lines()
        .next()
        .and_then(|line| line.strip_prefix("# "))
        .and_then(|line| line.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("the first line of an err_many_ file is `# N mistakes ...`")
}

#[test]
fn many_mistakes_are_all_reported_in_file_order() {
    let many: Vec<String> = fixture_names()
        .into_iter()
        .filter(|n| n.starts_with("err_many_"))
        .collect();
    assert!(
        many.len() >= 3,
        "expected at least 3 err_many_ fixtures: {many:?}"
    );
    for name in many {
        let text = std::fs::read_to_string(root().join("fixtures/invalid").join(&name)).unwrap();
        let mistakes = declared_mistakes(&text);
        assert!(mistakes >= 2, "{name}: declares {mistakes} mistakes");
        let case = format!("fixtures/invalid/{name}");
        let run = validate(&root(), &case, Path::new(CATALOGUE));
        let errors = run.count("error");
        assert!(
            errors >= mistakes,
            "{case}: {mistakes} mistakes but {errors} errors reported:\n{}",
            run.human
        );
        let lines: Vec<u64> = run
            .diagnostics()
            .iter()
            .map(|d| d["line"].as_u64().expect("a line for every finding"))
            .collect();
        assert!(
            lines.is_sorted(),
            "{case}: findings are not in file order: lines {lines:?}"
        );
        // Every mistake is on its own line: as many distinct lines as mistakes.
        let distinct: BTreeSet<u64> = run
            .diagnostics()
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["line"].as_u64().unwrap())
            .collect();
        assert!(
            distinct.len() >= mistakes,
            "{case}: {mistakes} mistakes but errors on only {} lines: {distinct:?}",
            distinct.len()
        );
    }
}

/// Files that are broken as a whole are made here rather than kept as fixtures.
struct Generated {
    dir: tempfile::TempDir,
}

impl Generated {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Writes `bytes` as `name` and validates it from the temporary folder.
    fn validate(&self, name: &str, bytes: &[u8]) -> Validated {
        std::fs::write(self.dir.path().join(name), bytes).expect("write case");
        let catalogue: PathBuf = root().join(CATALOGUE);
        let run = validate(self.dir.path(), name, &catalogue);
        check_shape(name, &run);
        run
    }
}

fn example() -> String {
    std::fs::read_to_string(root().join("fixtures/case.example.yaml")).expect("example case")
}

#[test]
fn not_utf8_snapshots() {
    // A Latin-1 "ï" (0xEF alone) in the family name, as a word processor might save it.
    let text = example();
    let at = text.find("Wanjiru\"").expect("family name");
    let mut bytes = text.as_bytes()[..at + 4].to_vec();
    bytes.push(0xEF);
    bytes.extend_from_slice(&text.as_bytes()[at + 5..]);
    assert!(String::from_utf8(bytes.clone()).is_err());
    let generated = Generated::new();
    let run = generated.validate("err_not_utf8.yaml", &bytes);
    assert_eq!(run.status, 1, "{}", run.human);
    assert_eq!(run.codes(None), BTreeSet::from(["E002".to_string()]));
    insta::assert_snapshot!("not_utf8_human", run.human_snapshot());
    insta::assert_snapshot!("not_utf8_json", run.json_snapshot());
}

#[test]
fn too_large_snapshots() {
    // A valid case padded with comments to one byte over the 5 MiB limit.
    let limit = 5 * 1024 * 1024;
    let mut text = example();
    let filler = "# padding to make the file too large to read\n";
    while text.len() + filler.len() <= limit {
        text.push_str(filler);
    }
    while text.len() <= limit {
        text.push('#');
    }
    assert_eq!(text.len(), limit + 1);
    let generated = Generated::new();
    let run = generated.validate("err_too_large.yaml", text.as_bytes());
    assert_eq!(run.status, 1, "{}", run.human);
    assert_eq!(run.codes(None), BTreeSet::from(["E001".to_string()]));
    insta::assert_snapshot!("too_large_human", run.human_snapshot());
    insta::assert_snapshot!("too_large_json", run.json_snapshot());
}

#[test]
fn zero_bytes_snapshots() {
    let generated = Generated::new();
    let run = generated.validate("err_zero_bytes.yaml", b"");
    assert_eq!(run.status, 1, "{}", run.human);
    assert_eq!(run.codes(None), BTreeSet::from(["E003".to_string()]));
    insta::assert_snapshot!("zero_bytes_human", run.human_snapshot());
    insta::assert_snapshot!("zero_bytes_json", run.json_snapshot());
}

#[test]
fn exactly_at_the_size_limit_is_read() {
    // The cap is "larger than 5 MiB": a file of exactly 5 MiB is read (and is valid).
    let limit = 5 * 1024 * 1024;
    let mut text = example();
    let filler = "# padding up to the limit\n";
    while text.len() + filler.len() <= limit {
        text.push_str(filler);
    }
    while text.len() < limit {
        text.push('#');
    }
    assert_eq!(text.len(), limit);
    let generated = Generated::new();
    let run = generated.validate("at_limit.yaml", text.as_bytes());
    assert!(
        !run.codes(None).contains("E001"),
        "a file of exactly 5 MiB is refused:\n{}",
        run.human
    );
    assert_eq!(run.status, 0, "{}", run.human);
}
