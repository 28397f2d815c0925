//! Every `psr …` command of README.md and docs/*.md, run (issue 32): each command in a
//! code block — `$ psr …` in a transcript, `psr …` in a shell block, and the README's
//! `cargo run --release -- …` — is found in the Markdown, run in a folder of its own
//! with the files it names, and must end with the status listed here; where the doc
//! shows what it prints, every line shown must be printed, in order (`…` stands for
//! any text). A command added to a doc without an entry here, or an entry whose
//! command no doc shows any more, fails the test: the docs cannot drift from the binary.

use std::path::Path;
use std::process::Command;

use super::common::{AUTHOR_PASSPHRASE, catalogue, fixture, make_key, root, temp};

/// A command of the docs, and what it must do.
struct Example {
    /// The command as the doc writes it, continuation lines joined.
    command: &'static str,
    /// Its exit status.
    status: i32,
    /// Puts in the folder what the command reads.
    prepare: fn(&Path),
    /// Whether the doc's output is compared, or why not.
    output: Shown,
}

/// What is compared of a command's output.
enum Shown {
    /// Every line the doc shows is printed, in order.
    Compared,
    /// Not compared, and why: the status alone is checked.
    Varies(&'static str),
}

/// The commands of the docs that are not run, and why: a short list, each reason
/// one that a test in a temporary folder cannot meet.
const NOT_RUN: &[(&str, &str)] = &[(
    "psr studio CASES_DIR --catalogue catalogue.yaml",
    "a server that runs until stopped: tests/integration/studio.rs starts it and talks to it",
)];

/// The passphrase of every key the examples make (`PSR_KEY_PASSPHRASE`, as scripts
/// give it; the docs' commands would ask for it at a terminal).
const PASSPHRASE: &str = AUTHOR_PASSPHRASE;

const EXAMPLES: &[Example] = &[
    // README.md
    Example {
        command: "psr render fixtures/case.example.yaml --catalogue fixtures/catalogue.example.yaml -o report.pdf",
        status: 0,
        prepare: example_fixtures,
        output: Shown::Compared,
    },
    Example {
        command: "psr validate fixtures/invalid/err_wrong_type.yaml",
        status: 1,
        prepare: invalid_fixture,
        output: Shown::Compared,
    },
    // docs/fonts.md
    Example {
        command: "psr validate case.yaml",
        status: 1,
        prepare: case_with_a_name_no_font_has,
        output: Shown::Compared,
    },
    // docs/signatures.md
    Example {
        command: "psr keys show grace.p12",
        status: 0,
        prepare: author_key,
        output: Shown::Varies("a new key: its dates and fingerprint are the day's"),
    },
    Example {
        command: "psr keys new grace.p12 --name \"Grace Achieng\" --role probation_officer --organisation \"Riverside Probation Service\" [--days 1095]",
        status: 0,
        prepare: nothing,
        output: Shown::Compared,
    },
    Example {
        command: "psr render case.yaml --catalogue catalogue.yaml -o report.pdf --copy all --sign grace.p12",
        status: 0,
        prepare: author_key_and_case,
        output: Shown::Compared,
    },
    Example {
        command: "psr countersign report.pdf --key osei.p12",
        status: 0,
        prepare: signed_report,
        output: Shown::Compared,
    },
    Example {
        command: "psr countersign report.pdf --key osei.p12 -o approved.pdf",
        status: 0,
        prepare: signed_report,
        output: Shown::Compared,
    },
    Example {
        command: "psr approve smith.yaml --by \"Daniel Osei\" --role probation_officer --organisation \"Riverside Probation Service\" --catalogue catalogue.yaml --key osei.p12",
        status: 0,
        prepare: case_to_approve_with_a_key,
        output: Shown::Compared,
    },
    Example {
        command: "psr verify approved.pdf --trust certificates/",
        status: 0,
        prepare: countersigned_report,
        output: Shown::Varies(
            "the times of signing and the certificates' fingerprints are the day's",
        ),
    },
    // docs/supervision.md
    Example {
        command: "psr diff approved.yaml today.yaml",
        status: 1,
        prepare: approved_and_today,
        output: Shown::Compared,
    },
    Example {
        command: "psr approve smith.yaml --by \"Daniel Osei\" --role probation_officer --organisation \"Riverside Probation Service\" --on 2026-11-30 --catalogue catalogue.yaml",
        status: 0,
        prepare: case_to_approve,
        output: Shown::Compared,
    },
    Example {
        command: "psr validate smith.yaml",
        status: 1,
        prepare: case_changed_after_approval,
        output: Shown::Compared,
    },
];

fn nothing(_: &Path) {}

fn copy(from: &Path, to: &Path) {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).expect("folder");
    }
    std::fs::copy(from, to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
}

fn example_fixtures(dir: &Path) {
    copy(
        &fixture("case.example.yaml"),
        &dir.join("fixtures/case.example.yaml"),
    );
    copy(&catalogue(), &dir.join("fixtures/catalogue.example.yaml"));
}

fn invalid_fixture(dir: &Path) {
    let name = "invalid/err_wrong_type.yaml";
    copy(&fixture(name), &dir.join("fixtures").join(name));
}

/// The example case as `case.yaml`, with the catalogue beside it.
fn case_and_catalogue(dir: &Path) {
    copy(&fixture("case.example.yaml"), &dir.join("case.yaml"));
    copy(&catalogue(), &dir.join("catalogue.yaml"));
}

fn case_with_a_name_no_font_has(dir: &Path) {
    case_and_catalogue(dir);
    edit(
        &dir.join("case.yaml"),
        "given_name: \"Mary\"",
        "given_name: \"玥婧\"",
    );
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{}: {from}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("write");
}

fn author_key(dir: &Path) {
    make_key(
        dir,
        "grace.p12",
        "Grace Achieng",
        "ngo_worker",
        PASSPHRASE,
        None,
    );
}

fn supervisor_key(dir: &Path) {
    make_key(
        dir,
        "osei.p12",
        "Daniel Osei",
        "probation_officer",
        PASSPHRASE,
        None,
    );
}

fn author_key_and_case(dir: &Path) {
    case_and_catalogue(dir);
    author_key(dir);
}

/// `report.pdf`, the example signed by its author; the supervisor's key beside it.
fn signed_report(dir: &Path) {
    author_key_and_case(dir);
    supervisor_key(dir);
    run(
        dir,
        "psr render case.yaml --catalogue catalogue.yaml -o report.pdf --sign grace.p12",
        0,
    );
}

/// `approved.pdf`, signed and countersigned; both certificates in `certificates/`.
fn countersigned_report(dir: &Path) {
    signed_report(dir);
    run(
        dir,
        "psr countersign report.pdf --key osei.p12 -o approved.pdf",
        0,
    );
    for name in ["grace.crt", "osei.crt"] {
        copy(&dir.join(name), &dir.join("certificates").join(name));
    }
}

fn case_to_approve(dir: &Path) {
    copy(&fixture("case.example.yaml"), &dir.join("smith.yaml"));
    copy(&catalogue(), &dir.join("catalogue.yaml"));
}

fn case_to_approve_with_a_key(dir: &Path) {
    case_to_approve(dir);
    supervisor_key(dir);
}

/// `smith.yaml` approved as docs/supervision.md shows, then its restitution made
/// longer.
fn case_changed_after_approval(dir: &Path) {
    case_to_approve(dir);
    run(
        dir,
        "psr approve smith.yaml --by \"Daniel Osei\" --role probation_officer --organisation \"Riverside Probation Service\" --on 2026-11-30 --catalogue catalogue.yaml",
        0,
    );
    edit(
        &dir.join("smith.yaml"),
        "        months: 6\n",
        "        months: 9\n",
    );
}

/// docs/supervision.md's two versions of a case: the example as approved, and today's
/// with a child a year older, Saturday work, a longer restitution, the women's centre
/// dropped and the restricted notes rewritten.
fn approved_and_today(dir: &Path) {
    copy(&fixture("case.example.yaml"), &dir.join("approved.yaml"));
    let today = dir.join("today.yaml");
    copy(&fixture("case.example.yaml"), &today);
    edit(&today, "        age: 9\n", "        age: 10\n");
    edit(
        &today,
        "        to: \"14:00\"\n",
        "        to: \"14:00\"\n      - days: [sat]\n        from: \"08:00\"\n        to: \"12:00\"\n",
    );
    edit(&today, "months: 6 }\n", "months: 9 }\n");
    edit(
        &today,
        "    - id: womens-centre\n      parameters: { sessions: 12 }\n      consent: true             # the person agrees (required by this measure)\n",
        "",
    );
    edit(
        &today,
        "restricted_notes: \"Former partner's address",
        "restricted_notes: \"Her former partner's address",
    );
}

/// The words of a command as a shell would pass them: double quotes group, and an
/// option the doc marks optional (`[--days 1095]`) is given.
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in command.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            '[' | ']' if !quoted => {}
            c if c.is_whitespace() && !quoted => {
                if any || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                any = false;
            }
            c => word.push(c),
        }
    }
    if any || !word.is_empty() {
        words.push(word);
    }
    words
}

/// Runs a command of the docs in `dir`: its exit status and what it printed (stderr,
/// then stdout).
fn run_in(dir: &Path, command: &str) -> (Option<i32>, String) {
    let words = words(command);
    assert_eq!(words[0], "psr", "{command}");
    let output = Command::new(env!("CARGO_BIN_EXE_psr"))
        .args(&words[1..])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("PSR_KEY_PASSPHRASE", PASSPHRASE)
        .env_remove("PSR_FONT_PATH")
        .output()
        .expect("run psr");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    (output.status.code(), text)
}

/// Runs a command that prepares an example; it must end with `status`.
fn run(dir: &Path, command: &str, status: i32) {
    let (code, text) = run_in(dir, command);
    assert_eq!(code, Some(status), "`{command}`:\n{text}");
}

/// A command in a doc, and the lines it shows printed.
struct Found {
    place: String,
    command: String,
    shown: Vec<String>,
}

/// Every psr command in the code blocks of README.md and docs/*.md.
fn commands_in_docs() -> Vec<Found> {
    let mut files = vec![root().join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root().join("docs"))
        .expect("docs")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        let name = file.strip_prefix(root()).unwrap().display().to_string();
        let mut in_block = false;
        let mut lines = text.lines().enumerate().peekable();
        while let Some((n, line)) = lines.next() {
            if line.trim_start().starts_with("```") {
                in_block = !in_block;
                continue;
            }
            if !in_block {
                continue;
            }
            let line = line.trim();
            let (transcript, command) = if let Some(rest) = line.strip_prefix("$ psr ") {
                (true, format!("psr {rest}"))
            } else if let Some(rest) = line.strip_prefix("psr ") {
                (false, format!("psr {rest}"))
            } else if let Some(rest) = line.strip_prefix("cargo run --release -- ") {
                (false, format!("psr {rest}"))
            } else {
                continue;
            };
            // Continuation lines, then a comment at the end of a shell line.
            let mut command = command;
            while command.ends_with('\\') {
                command.pop();
                let Some((_, next)) = lines.next() else { break };
                command = format!("{} {}", command.trim_end(), next.trim());
            }
            let command = match command.split_once(" #") {
                Some((before, _)) if !transcript => before.trim_end().to_string(),
                _ => command,
            };
            let mut shown = Vec::new();
            while transcript
                && let Some((_, next)) = lines.peek()
                && !next.trim_start().starts_with("```")
                && !next.starts_with("$ ")
            {
                shown.push(next.trim_end().to_string());
                lines.next();
            }
            found.push(Found {
                place: format!("{name}:{}", n + 1),
                command,
                shown,
            });
        }
    }
    found
}

/// Whether `actual` has every non-empty line of `shown`, in order; `…` in a shown line
/// stands for any text.
fn shows(actual: &str, shown: &[String]) -> Result<(), String> {
    let mut actual_lines = actual.lines().map(str::trim_end);
    for want in shown.iter().filter(|l| !l.trim().is_empty()) {
        if !actual_lines.any(|line| matches(line, want)) {
            return Err(want.clone());
        }
    }
    Ok(())
}

/// A line against a shown one, `…` matching any text.
fn matches(line: &str, shown: &str) -> bool {
    let parts: Vec<&str> = shown.split('…').collect();
    if parts.len() == 1 {
        return line == shown;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !line.starts_with(first) || !line.ends_with(last) || line.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &line[first.len()..line.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

#[test]
fn every_command_of_the_docs_runs_as_the_docs_say() {
    let found = commands_in_docs();
    let listed = |command: &str| {
        EXAMPLES.iter().any(|e| e.command == command) || NOT_RUN.iter().any(|(c, _)| *c == command)
    };
    let unlisted: Vec<String> = found
        .iter()
        .filter(|f| !listed(&f.command))
        .map(|f| format!("{}: {}", f.place, f.command))
        .collect();
    assert!(
        unlisted.is_empty(),
        "commands in the docs with no entry in EXAMPLES or NOT_RUN:\n{}",
        unlisted.join("\n")
    );
    let shown_nowhere: Vec<&str> = EXAMPLES
        .iter()
        .map(|e| e.command)
        .chain(NOT_RUN.iter().map(|(c, _)| *c))
        .filter(|c| !found.iter().any(|f| f.command == *c))
        .collect();
    assert!(
        shown_nowhere.is_empty(),
        "entries no doc shows any more: {shown_nowhere:?}"
    );
    assert!(NOT_RUN.len() <= 2, "the commands not run stay few");
    let mut failures = Vec::new();
    for doc in &found {
        let Some(example) = EXAMPLES.iter().find(|e| e.command == doc.command) else {
            continue;
        };
        let dir = temp();
        (example.prepare)(dir.path());
        let (status, output) = run_in(dir.path(), example.command);
        if status != Some(example.status) {
            failures.push(format!(
                "{}: `{}` ended with {status:?}, not {}:\n{output}",
                doc.place, doc.command, example.status
            ));
        } else if let Shown::Varies(why) = example.output {
            eprintln!("{}: output not compared: {why}", doc.place);
        } else if let Err(line) = shows(&output, &doc.shown) {
            failures.push(format!(
                "{}: `{}` does not print\n  {line}\nbut:\n{output}",
                doc.place, doc.command
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The matcher itself: a line shown with `…` matches what it elides, and only that.
#[test]
fn a_shown_line_matches_with_its_ellipses() {
    assert!(matches(
        "fingerprint sha256:c174679b",
        "fingerprint sha256:c17…"
    ));
    assert!(matches("a b c", "a … c"));
    assert!(!matches("a b d", "a … c"));
    assert!(!matches("x", "x…x"));
    assert!(shows("one\ntwo\nthree", &["one".into(), "three".into()]).is_ok());
    assert!(shows("one\ntwo", &["two".into(), "one".into()]).is_err());
    assert_eq!(
        words(r#"psr keys new k.p12 --name "Grace Achieng" [--days 1095]"#),
        [
            "psr",
            "keys",
            "new",
            "k.p12",
            "--name",
            "Grace Achieng",
            "--days",
            "1095"
        ]
    );
}
