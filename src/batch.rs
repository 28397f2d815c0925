//! Many cases at once: a court list, or a national service's backlog.
//!
//! One [`Engine`] (fonts, templates) and one catalogue serve every case; worker threads
//! take cases in turn, and a bad case is recorded and passed over, never stopping the
//! others. Output files are named after the sanitised court reference, never the
//! person's name, and those names are settled before any rendering, among the cases
//! that passed their checks ([`plan`]), so that they do not depend on which thread
//! finishes first and a failed case takes none.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};
use crate::pipeline::{Destination, Edition, Failure, Pipeline, Written};
use crate::render::{Engine, RenderError};

/// Where a batch writes, and what.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The editions of each case.
    pub editions: &'a [Edition],
    /// Where PDFs go.
    pub out_dir: &'a Path,
    /// Replace existing PDFs.
    pub force: bool,
    /// Sign every copy as its author (`--sign`; threads only: the key never leaves
    /// the process).
    pub signing: Option<crate::pipeline::Signing<'a>>,
}

/// The first error of a failed case.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FirstError {
    /// The finding's code, or `io`/`render`.
    pub code: String,
    /// The field path, if any.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    /// The line, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The message.
    pub message: String,
    /// How many errors the case has in all.
    pub errors: usize,
}

/// What became of one case.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Outcome {
    /// The case file as given.
    pub input: String,
    /// Rendered, failed, or skipped (interrupted before its turn).
    pub status: Status,
    /// The PDFs written.
    pub outputs: Vec<Written>,
    /// Warnings about the case.
    pub warnings: usize,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<FirstError>,
}

/// What became of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Its PDFs are written.
    Rendered,
    /// It has errors, or could not be rendered or written.
    Failed,
    /// The batch was interrupted before its turn.
    Skipped,
}

/// One case to render, with the output name settled in advance.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// Its place in the input order.
    pub index: usize,
    /// The case file.
    pub input: PathBuf,
    /// The output file stem (the sanitised court reference).
    pub stem: String,
}

/// A batch planned: the cases to render, each with its output name, and those refused
/// before any rendering.
#[derive(Debug, Default)]
pub struct Plan {
    /// The cases to render, in input order.
    pub jobs: Vec<Job>,
    /// The cases refused while planning (errors, a file that cannot be read), with
    /// their place in the input order: they reserve no output name.
    pub refused: Vec<(usize, Outcome)>,
    /// How many cases were given.
    pub total: usize,
}

impl Plan {
    /// Every case's outcome in input order, from the outcomes of the jobs (in job
    /// order) and the cases refused while planning.
    pub fn outcomes(&self, rendered: Vec<Outcome>) -> Vec<Outcome> {
        let mut all: Vec<Option<Outcome>> = vec![None; self.total];
        for (index, outcome) in &self.refused {
            all[*index] = Some(outcome.clone());
        }
        for (job, outcome) in self.jobs.iter().zip(rendered) {
            all[job.index] = Some(outcome);
        }
        all.into_iter().flatten().collect()
    }
}

/// Plans a batch: every case is prepared (loaded, validated, matched, its fonts and
/// its earlier case file checked) on `threads` threads before any is rendered; a case
/// that cannot be rendered is refused here, with its first error, and the others are
/// named in input order (see [`output_stems`]), so that a failed case reserves no name.
/// `stop` (Ctrl-C) leaves the cases not yet checked out of the plan.
pub fn plan(inputs: &[PathBuf], pipeline: &Pipeline, threads: usize, stop: &AtomicBool) -> Plan {
    let next = AtomicUsize::new(0);
    let checked: Mutex<Vec<Option<Result<String, Outcome>>>> = Mutex::new(vec![None; inputs.len()]);
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, inputs.len().max(1)) {
            scope.spawn(|| {
                while !stop.load(Ordering::SeqCst) {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(input) = inputs.get(index) else {
                        break;
                    };
                    let result = check(input, pipeline);
                    if let Ok(mut all) = checked.lock()
                        && let Some(slot) = all.get_mut(index)
                    {
                        *slot = Some(result);
                    }
                }
            });
        }
    });
    let checked = checked
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut plan = Plan {
        total: inputs.len(),
        ..Plan::default()
    };
    let mut references = Vec::new();
    for (index, (input, result)) in inputs.iter().zip(checked).enumerate() {
        match result {
            Some(Ok(reference)) => references.push((index, input, reference)),
            Some(Err(outcome)) => plan.refused.push((index, outcome)),
            // Interrupted before its turn.
            None => plan.refused.push((
                index,
                skipped(&Job {
                    index,
                    input: input.clone(),
                    stem: String::new(),
                }),
            )),
        }
    }
    let stems = output_stems(references.iter().map(|(_, _, r)| r.as_str()));
    plan.jobs = references
        .into_iter()
        .zip(stems)
        .map(|((index, input, _), stem)| Job {
            index,
            input: input.clone(),
            stem,
        })
        .collect();
    plan
}

/// A case checked before rendering: its court reference, or why it fails.
fn check(input: &Path, pipeline: &Pipeline) -> Result<String, Outcome> {
    let prepared = pipeline
        .prepare(input)
        .map_err(|failure| failed(input, 0, failure_error(&failure)))?;
    let checked = prepared
        .checked()
        .map_err(|failure| failed(input, 0, failure_error(&failure)))?;
    Ok(checked.prepared().case.value.report.court_reference.clone())
}

/// The outcome of a job that never ran (Ctrl-C).
pub fn skipped(job: &Job) -> Outcome {
    Outcome {
        input: job.input.display().to_string(),
        status: Status::Skipped,
        outputs: Vec::new(),
        warnings: 0,
        error: None,
    }
}

/// The outcome of a job whose worker process ended before answering.
pub fn lost(job: &Job) -> Outcome {
    failed(
        &job.input,
        0,
        plain_error(
            "internal",
            "the worker process rendering this case ended unexpectedly".to_string(),
        ),
    )
}

/// The file name stem for a court reference: letters, digits, `-` and `_` kept, the
/// rest `_`; at most 80 characters. "RMC/CR/2026/0417" → "RMC_CR_2026_0417". A name
/// Windows keeps for a device (`CON`, `NUL`, `COM1` …, in any case) gets a `_`:
/// `CON.pdf` would be the console there. The same on every system, so that a batch
/// names its files alike everywhere.
pub fn sanitise_reference(reference: &str) -> String {
    let mut name: String = reference
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    name = name.trim_matches('_').to_string();
    if name.is_empty() {
        name = "report".to_string();
    }
    if is_windows_device(&name) {
        name.push('_');
    }
    name
}

/// `CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`, `LPT1`–`LPT9` in any case: names Windows
/// gives to devices, whatever extension follows.
fn is_windows_device(stem: &str) -> bool {
    let upper = stem.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && matches!(upper.as_bytes()[3], b'1'..=b'9'))
}

/// Settles each case's output stem, in input order: the court reference, with `-2`,
/// `-3` … for a reference already taken (co-defendants share one). References that
/// differ only in case take one name too: Windows and macOS see `abc.pdf` and
/// `ABC.pdf` as one file.
fn output_stems<'a>(references: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut taken: HashMap<String, usize> = HashMap::new();
    references
        .map(|reference| {
            let stem = sanitise_reference(reference);
            let count = taken.entry(stem.to_ascii_lowercase()).or_insert(0);
            *count += 1;
            if *count == 1 {
                stem
            } else {
                format!("{stem}-{count}")
            }
        })
        .collect()
}

/// Renders one job and writes its copies. Memoized layouts of finished reports are of
/// no use to the next one: they are dropped, or memory grows with every report.
pub fn render_job(job: &Job, pipeline: &Pipeline, options: &Options<'_>) -> Outcome {
    let outcome = render_one(job, pipeline, options);
    Engine::evict_caches(0);
    outcome
}

fn render_one(job: &Job, pipeline: &Pipeline, options: &Options<'_>) -> Outcome {
    let input = &job.input;
    let mut rendered = match pipeline.render_case(input.as_path(), options.editions) {
        Ok(rendered) => rendered,
        Err(failure) => return failed(input, 0, failure_error(&failure)),
    };
    let warnings = rendered
        .prepared
        .findings
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let destination = Destination::Folder {
        dir: options.out_dir,
        stem: &job.stem,
    };
    if let Some(signing) = options.signing
        && let Err(failure) = rendered.sign(signing)
    {
        return failed(input, warnings, failure_error(&failure));
    }
    match rendered.write(destination, options.force) {
        Ok(outputs) => Outcome {
            input: input.display().to_string(),
            status: Status::Rendered,
            outputs,
            warnings,
            error: None,
        },
        Err(failure) => failed(input, warnings, failure_error(&failure)),
    }
}

/// The code of a case that went over the time limit.
pub const TIME_LIMIT: &str = "time-limit";

/// The manifest's error for a failure.
fn failure_error(failure: &Failure) -> FirstError {
    match failure {
        Failure::Invalid(files) => {
            let all: Vec<Diagnostic> = files
                .iter()
                .flat_map(|f| f.diagnostics.iter().cloned())
                .collect();
            first_error(&all)
        }
        Failure::Read(e) => plain_error("io", e.to_string()),
        Failure::Write(e) => plain_error("io", e.to_string()),
        Failure::Sign(e) => plain_error("sign", e.to_string()),
        Failure::Render(e @ RenderError::TimedOut { .. }) => plain_error(TIME_LIMIT, e.to_string()),
        e @ Failure::EarlierTimedOut { .. } => plain_error(TIME_LIMIT, e.to_string()),
        Failure::Render(e) => plain_error("render", e.to_string()),
        // A defect, as a render's own would be.
        e @ Failure::Internal(_) => plain_error("render", e.to_string()),
    }
}

/// Who renders a batch's jobs: a thread of this process, or a worker process.
pub trait Worker {
    /// Renders one job; `None` when the worker is gone (its process ended).
    fn render(&mut self, job: &Job) -> Option<Outcome>;
}

/// A worker thread of this process.
pub struct InProcess<'a> {
    /// The pipeline, shared by every thread.
    pub pipeline: &'a Pipeline,
    /// Where to write.
    pub options: Options<'a>,
    /// Set after a time-out: the abandoned render still runs on its thread, so the
    /// batch takes no new case and ends as soon as it can.
    pub stop: &'a AtomicBool,
}

impl Worker for InProcess<'_> {
    fn render(&mut self, job: &Job) -> Option<Outcome> {
        let outcome = render_job(job, self.pipeline, &self.options);
        if outcome.error.as_ref().is_some_and(|e| e.code == TIME_LIMIT) {
            self.stop.store(true, Ordering::SeqCst);
        }
        Some(outcome)
    }
}

/// Runs the jobs on the workers, each taking the next job when it is free; `progress`
/// is called as each case ends, and `stop` (Ctrl-C) lets the cases under way finish
/// and skips the rest. Outcomes are in the order of `jobs`.
pub fn run<W: Worker + Send>(
    jobs: &[Job],
    workers: Vec<W>,
    stop: &AtomicBool,
    progress: &(dyn Fn(&Outcome) + Sync),
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; jobs.len()]);
    let record = |index: usize, outcome: Outcome| {
        if let Ok(mut all) = outcomes.lock()
            && let Some(slot) = all.get_mut(index)
        {
            *slot = Some(outcome);
        }
    };
    std::thread::scope(|scope| {
        for mut worker in workers {
            let (next, record) = (&next, &record);
            scope.spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    let position = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(position) else {
                        break;
                    };
                    match worker.render(job) {
                        Some(outcome) => {
                            progress(&outcome);
                            record(position, outcome);
                        }
                        // The worker is gone. Interrupted: the cases not rendered are
                        // listed as skipped. Otherwise this case failed with it.
                        None => {
                            if !stop.load(Ordering::SeqCst) {
                                record(position, lost(job));
                            }
                            break;
                        }
                    }
                }
            });
        }
    });
    // A poisoned lock means a worker thread panicked: its cases are listed as lost.
    let all = outcomes
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    all.into_iter()
        .zip(jobs)
        .map(|(outcome, job)| outcome.unwrap_or_else(|| skipped(job)))
        .collect()
}

fn failed(input: &Path, warnings: usize, error: FirstError) -> Outcome {
    Outcome {
        input: input.display().to_string(),
        status: Status::Failed,
        outputs: Vec::new(),
        warnings,
        error: Some(error),
    }
}

fn first_error(diagnostics: &[Diagnostic]) -> FirstError {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    let Some(first) = errors.first() else {
        return plain_error("error", "the case could not be rendered".to_string());
    };
    FirstError {
        code: first.code.to_string(),
        path: first.path.clone(),
        line: first.location.map(|l| l.line),
        message: without_values(&first.message),
        errors: errors.len(),
    }
}

/// A finding's message with what it quotes of the file (`…`, "…", U+… code points)
/// left out: a batch's log lines and manifest name no one, and a message may quote a
/// name put in the wrong field. The field's path and line say where to look.
fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quote = None;
    for c in message.chars() {
        match quote {
            Some(open) if c == open => {
                out.push('…');
                out.push(c);
                quote = None;
            }
            Some(_) => {}
            None if c == '`' || c == '"' => {
                out.push(c);
                quote = Some(c);
            }
            None => out.push(c),
        }
    }
    // Code points name the characters as surely as the characters do.
    while let Some(start) = out.find(" (U+") {
        let end = out[start..].find(')').map_or(out.len(), |i| start + i + 1);
        out.replace_range(start..end, "");
    }
    out
}

fn plain_error(code: &str, message: String) -> FirstError {
    FirstError {
        code: code.to_string(),
        path: String::new(),
        line: None,
        message,
        errors: 1,
    }
}

/// The case files of a batch, and the files of its folders that it leaves aside.
#[derive(Debug, Default)]
pub struct CaseFiles {
    /// The files to render, in order.
    pub files: Vec<PathBuf>,
    /// Files in the folders given that are not read, each with why.
    pub skipped: Vec<(PathBuf, &'static str)>,
}

/// The case files named, and the `.yaml` and `.yml` files of the folders named, in
/// name order. A named pipe, socket or device named on the command line is refused
/// before anything starts (reading it could block for ever); in a folder, it and every
/// other file left aside are listed with the reason. A folder is read as the studio
/// reads it: a link is followed only to a file in the folder (or below it), and the
/// catalogue, the approved copies and the studio's conflict copies kept there are not
/// cases.
pub fn case_files(inputs: &[PathBuf]) -> Result<CaseFiles, String> {
    let mut found = CaseFiles::default();
    for input in inputs {
        // A file that cannot be read fails as its own case, listed in the manifest.
        let Ok(metadata) = std::fs::metadata(input) else {
            found.files.push(input.clone());
            continue;
        };
        if let Some(kind) = crate::load::not_regular(&metadata.file_type()) {
            return Err(format!("{}: is {kind}, not a case file", input.display()));
        }
        if !metadata.is_dir() {
            found.files.push(input.clone());
            continue;
        }
        let folder = std::fs::canonicalize(input)
            .map_err(|e| format!("{}: cannot read folder: {e}", input.display()))?;
        let mut entries: Vec<PathBuf> = std::fs::read_dir(input)
            .map_err(|e| format!("{}: cannot read folder: {e}", input.display()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            match left_aside(&path, &folder) {
                Some(why) => found.skipped.push((path, why)),
                None => found.files.push(path),
            }
        }
    }
    Ok(found)
}

/// Why a file of a batch folder is not a case to render, if it is not.
fn left_aside(path: &Path, folder: &Path) -> Option<&'static str> {
    let is_yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    let linked = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if linked && !std::fs::canonicalize(path).is_ok_and(|target| target.starts_with(folder)) {
        return Some("a link to a file outside the folder (links are followed only within it)");
    }
    let metadata = match std::fs::metadata(path) {
        Err(_) => return Some("cannot be read"),
        Ok(m) if m.is_dir() => return Some("a folder (folders are not searched)"),
        Ok(m) => m,
    };
    if let Some(kind) = crate::load::not_regular(&metadata.file_type()) {
        return Some(kind);
    }
    if !is_yaml {
        return Some("not a .yaml or .yml file");
    }
    if crate::supervision::is_approved_copy(path) {
        return Some("an approved copy kept by `psr approve`");
    }
    if is_conflict_copy(path) {
        return Some(
            "a text the studio kept aside when a save met a newer file (`NAME.unsaved-N.yaml`): compare it with the case and keep what is needed",
        );
    }
    if is_catalogue(path) {
        return Some("a catalogue of measures, not a case");
    }
    None
}

/// Whether a file is a text the studio kept aside after a conflicting save:
/// `NAME.unsaved-N.yaml` (`src/studio/folder.rs`).
pub fn is_conflict_copy(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let Some(stem) = name.strip_suffix(".yaml") else {
        return false;
    };
    stem.rsplit_once(".unsaved-").is_some_and(|(case, n)| {
        !case.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Whether a file holds a catalogue: YAML whose top level names `catalogue_version`
/// and no `report` (as the studio recognises one kept in its folder).
pub fn is_catalogue(path: &Path) -> bool {
    let Ok(Ok(source)) = crate::load::read_source(path) else {
        return false;
    };
    crate::load::parse_tree(&source.text)
        .is_ok_and(|tree| tree.get("catalogue_version").is_some() && tree.get("report").is_none())
}

#[cfg(test)]
mod tests {
    use super::{is_conflict_copy, output_stems, sanitise_reference, without_values};

    #[test]
    fn output_names_are_files_on_windows_too() {
        assert_eq!(sanitise_reference("RMC/CR/2026/0417"), "RMC_CR_2026_0417");
        assert_eq!(sanitise_reference("C:\\cases\\0417"), "C__cases_0417");
        for device in ["CON", "nul", "Com1", "LPT9", "aux", "prn"] {
            assert_eq!(sanitise_reference(device), format!("{device}_"));
        }
        for plain in ["COM0", "COM10", "CONS", "LPT"] {
            assert_eq!(sanitise_reference(plain), plain);
        }
        assert_eq!(
            output_stems(["abc", "ABC", "Abc", "abd"].into_iter()),
            ["abc", "ABC-2", "Abc-3", "abd"]
        );
    }

    #[test]
    fn the_studios_conflict_copies_are_known_by_their_name() {
        for copy in ["smith.unsaved-1.yaml", "a.b.unsaved-12.yaml"] {
            assert!(is_conflict_copy(std::path::Path::new(copy)), "{copy}");
        }
        for case in [
            "smith.yaml",
            "unsaved-1.yaml",
            ".unsaved-1.yaml",
            "smith.unsaved-.yaml",
            "smith.unsaved-1a.yaml",
            "smith.unsaved-1.yml",
        ] {
            assert!(!is_conflict_copy(std::path::Path::new(case)), "{case}");
        }
    }

    #[test]
    fn messages_lose_what_they_quote() {
        assert_eq!(
            without_values("unknown value `Wanjiru`"),
            "unknown value `…`"
        );
        assert_eq!(
            without_values("wrong type: string \"Mary\", expected a boolean"),
            "wrong type: string \"…\", expected a boolean"
        );
        assert_eq!(
            without_values("no font can print `玛` (U+739B), `丽` (U+4E3D)"),
            "no font can print `…`, `…`"
        );
        assert_eq!(
            without_values("no font can print `1️⃣` (U+0031 U+FE0F U+20E3) as written"),
            "no font can print `…` as written"
        );
        assert_eq!(without_values("invalid date"), "invalid date");
    }
}
