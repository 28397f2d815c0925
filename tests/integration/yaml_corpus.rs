//! The YAML edge cases of `fixtures/yaml-corpus/` through the loader (issue 14: bounded
//! on every input). Each file must load without a panic and be accepted or refused as
//! its first line (`# expect: …`) and the corpus README's table say; the table's
//! `parse_yaml` and `load_source::<Case>` columns record what the loader does today, so
//! a change in serde-saphyr or in the loader fails here, row by row. `psr validate`
//! runs on every file the loader finds errors in: exit status 1, never a panic.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use psr::load::{LoadFailure, load_source, parse_yaml, source_from_bytes};
use psr::model::Case;

use crate::common::{fixture, psr, root, stderr};

/// The reading and parsing codes: an accepted document has none of them.
const READING_CODES: [&str; 5] = ["E001", "E002", "E003", "E004", "E005"];

/// What the README's table or a file's first line promises for the file.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expectation {
    /// `parse_yaml` gives a tree and loading finds no reading or parsing error.
    /// `upstream`: invalid YAML that serde-saphyr accepts, explained in docs/upstream.md.
    Accepted { upstream: bool },
    /// Loading stops with this code alone, before typing.
    Refused(String),
}

impl Expectation {
    fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "accepted" => Some(Self::Accepted { upstream: false }),
            "accepted (upstream: docs/upstream.md)" => Some(Self::Accepted { upstream: true }),
            other => {
                let code = other.strip_prefix("refused ")?;
                READING_CODES
                    .contains(&code)
                    .then(|| Self::Refused(code.to_string()))
            }
        }
    }
}

/// What `parse_yaml` made of a file, as the README's column writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Parsed {
    /// A tree (`ok`).
    Tree,
    /// A null tree: the document is empty (`empty`).
    Empty,
    /// Refused with this code.
    Refused(&'static str),
    /// Not reached: `source_from_bytes` refused the bytes (`—`).
    NotReached,
}

impl Parsed {
    fn column(&self) -> String {
        match self {
            Self::Tree => "ok".into(),
            Self::Empty => "empty".into(),
            Self::Refused(code) => (*code).into(),
            Self::NotReached => "—".into(),
        }
    }
}

/// What the loader did with one file.
#[derive(Debug)]
struct Outcome {
    parsed: Parsed,
    /// The distinct codes `load_source::<Case>` (or `source_from_bytes`) reported.
    load_codes: BTreeSet<&'static str>,
}

impl Outcome {
    fn load_column(&self) -> String {
        if self.load_codes.is_empty() {
            "ok".into()
        } else {
            self.load_codes
                .iter()
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        }
    }

    /// Why the outcome breaks the expectation, if it does.
    fn breaks(&self, expected: &Expectation) -> Option<String> {
        match expected {
            Expectation::Accepted { .. } => {
                let reading: Vec<_> = self
                    .load_codes
                    .iter()
                    .filter(|code| READING_CODES.contains(code))
                    .collect();
                (self.parsed != Parsed::Tree || !reading.is_empty()).then(|| {
                    format!(
                        "expected accepted; parse_yaml: {}, loading: {}",
                        self.parsed.column(),
                        self.load_column()
                    )
                })
            }
            Expectation::Refused(code) => {
                let alone = self.load_codes.len() == 1 && self.load_codes.contains(code.as_str());
                let parsed_agrees = match &self.parsed {
                    Parsed::Refused(by) => by == code,
                    // Only an empty document passes the parser and is refused after it.
                    Parsed::Empty => code == "E003",
                    Parsed::NotReached => true,
                    Parsed::Tree => false,
                };
                (!alone || !parsed_agrees).then(|| {
                    format!(
                        "expected refused {code}; parse_yaml: {}, loading: {}",
                        self.parsed.column(),
                        self.load_column()
                    )
                })
            }
        }
    }
}

/// Runs the loader on the bytes of a file, as `psr::load::load` would after reading it.
fn outcome_of(name: String, bytes: Vec<u8>) -> Outcome {
    let source = match source_from_bytes(name, bytes) {
        Ok(source) => source,
        Err(unusable) => {
            return Outcome {
                parsed: Parsed::NotReached,
                load_codes: BTreeSet::from([unusable.finding.code]),
            };
        }
    };
    let parsed = match parse_yaml(source.clone()) {
        Ok(document) if document.root.is_null() => Parsed::Empty,
        Ok(_) => Parsed::Tree,
        Err(diagnostic) => Parsed::Refused(diagnostic.code),
    };
    let load_codes = match load_source::<Case>(source) {
        Ok(loaded) => loaded.findings.iter().map(|d| d.code).collect(),
        Err(LoadFailure::Invalid { diagnostics, .. }) => {
            diagnostics.iter().map(|d| d.code).collect()
        }
        Err(LoadFailure::Read(error)) => panic!("a file in memory cannot fail to read: {error}"),
    };
    Outcome { parsed, load_codes }
}

/// One row of the corpus README's table.
#[derive(Debug)]
struct Row {
    file: String,
    expected: Expectation,
    parse_column: String,
    load_column: String,
}

fn corpus() -> PathBuf {
    fixture("yaml-corpus")
}

/// The cells of a Markdown table row; `\|` is a pipe inside a cell.
fn cells(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut escaped = false;
    for c in line.trim().trim_start_matches('|').chars() {
        match c {
            '|' if !escaped => cells.push(String::new()),
            _ => cells.last_mut().expect("a cell").push(c),
        }
        escaped = c == '\\';
    }
    cells.pop(); // what follows the closing `|`
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

fn table() -> Vec<Row> {
    let readme = std::fs::read_to_string(corpus().join("README.md")).expect("corpus README");
    readme
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            let cells = cells(line);
            assert_eq!(cells.len(), 7, "seven cells in: {line}");
            Row {
                file: cells[0].trim_matches('`').to_string(),
                expected: Expectation::parse(&cells[3])
                    .unwrap_or_else(|| panic!("unknown expectation {:?} in: {line}", cells[3])),
                parse_column: cells[4].clone(),
                load_column: cells[5].clone(),
            }
        })
        .collect()
}

/// The expectation on a file's first line, after any byte-order marks.
fn first_line_expectation(bytes: &[u8]) -> Option<Expectation> {
    let mut text = bytes;
    while let Some(rest) = text.strip_prefix("\u{feff}".as_bytes()) {
        text = rest;
    }
    let end = text
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(text.len());
    let line = std::str::from_utf8(&text[..end]).ok()?;
    let expectation = line.strip_prefix("# expect: ")?;
    Some(
        Expectation::parse(expectation)
            .unwrap_or_else(|| panic!("unknown expectation {expectation:?}")),
    )
}

fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("fixtures/yaml-corpus")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    files
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

/// Every file: no panic, the expected outcome, and the README's record of it.
#[test]
fn every_corpus_file_loads_as_the_table_says() {
    let rows = table();
    let files = corpus_files();
    // A corpus that lost its files or its table must not pass by checking nothing.
    assert!(files.len() >= 60, "{} files in the corpus", files.len());
    let listed: BTreeSet<&str> = rows.iter().map(|row| row.file.as_str()).collect();
    let present: BTreeSet<String> = files.iter().map(|f| file_name(f)).collect();
    let present: BTreeSet<&str> = present.iter().map(String::as_str).collect();
    assert_eq!(
        listed, present,
        "the README's table lists exactly the corpus files"
    );
    assert_eq!(listed.len(), rows.len(), "one row per file");

    let mut failures = Vec::new();
    for row in &rows {
        let bytes = std::fs::read(corpus().join(&row.file)).expect("corpus file");
        match first_line_expectation(&bytes) {
            Some(on_file) if on_file != row.expected => failures.push(format!(
                "{}: first line says {on_file:?}, the table {:?}",
                row.file, row.expected
            )),
            None if !bytes.is_empty() && bytes.iter().any(|b| !b.is_ascii_whitespace()) => {
                failures.push(format!("{}: no `# expect:` first line", row.file));
            }
            _ => {}
        }
        let name = row.file.clone();
        let Ok(outcome) = std::panic::catch_unwind(move || outcome_of(name, bytes)) else {
            failures.push(format!("{}: the loader panicked", row.file));
            continue;
        };
        if let Some(why) = outcome.breaks(&row.expected) {
            failures.push(format!("{}: {why}", row.file));
        }
        let (parse_column, load_column) = (outcome.parsed.column(), outcome.load_column());
        if (parse_column.as_str(), load_column.as_str())
            != (row.parse_column.as_str(), row.load_column.as_str())
        {
            failures.push(format!(
                "{}: the table records parse_yaml {} and loading {}; today: {parse_column} and {load_column}",
                row.file, row.parse_column, row.load_column
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Both outcomes occur: a corpus whose every file is accepted (or refused) would mean
/// the expectations stopped being read.
#[test]
fn the_corpus_has_accepted_refused_and_upstream_documents() {
    let rows = table();
    let count = |wanted: &dyn Fn(&Expectation) -> bool| {
        rows.iter().filter(|row| wanted(&row.expected)).count()
    };
    assert!(count(&|e| matches!(e, Expectation::Accepted { upstream: false })) >= 20);
    assert!(count(&|e| matches!(e, Expectation::Refused(_))) >= 20);
    assert!(count(&|e| matches!(e, Expectation::Accepted { upstream: true })) >= 3);
}

/// Each document marked as accepted upstream is explained in docs/upstream.md.
#[test]
fn upstream_documents_are_explained() {
    let upstream =
        std::fs::read_to_string(root().join("docs/upstream.md")).expect("docs/upstream.md");
    let unexplained: Vec<String> = table()
        .into_iter()
        .filter(|row| row.expected == Expectation::Accepted { upstream: true })
        .map(|row| row.file)
        .filter(|file| !upstream.contains(&format!("`{file}`")))
        .collect();
    assert!(
        unexplained.is_empty(),
        "not named in docs/upstream.md: {unexplained:?}"
    );
}

/// The binary on every file the loader finds errors in: status 1 and the loader's
/// codes, never a panic.
#[test]
fn psr_validate_refuses_the_files_with_errors() {
    let rows: Vec<Row> = table()
        .into_iter()
        .filter(|row| row.load_column != "ok")
        .collect();
    assert!(rows.len() >= 30, "{} files with errors", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let path = corpus().join(&row.file);
        let output = psr(&["validate".as_ref(), path.as_os_str()]);
        let err = stderr(&output);
        if err.contains("panicked") || output.status.code() != Some(1) {
            failures.push(format!(
                "{}: status {:?}\n{err}",
                row.file,
                output.status.code()
            ));
            continue;
        }
        let missing: Vec<&str> = row
            .load_column
            .split(' ')
            .filter(|code| !err.contains(code))
            .collect();
        if !missing.is_empty() {
            failures.push(format!("{}: {missing:?} not reported:\n{err}", row.file));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
