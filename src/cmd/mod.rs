//! One file per subcommand: its arguments and an `execute` that returns a
//! `Result`; [`run`] prints an error once and turns it into the exit status.
//!
//! Exit status: 0 done (warnings allowed), 1 the input has errors (nothing written),
//! 2 usage, I/O or internal error, 130 a batch interrupted.

mod approve;
mod batch;
mod countersign;
mod diff;
mod fmt;
mod init;
mod keys;
mod measures;
mod render;
mod schema;
mod signals;
mod signing;
mod studio;
mod templates;
mod validate;
mod verify;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use psr::diagnostic::{render_upstream, summary};
use psr::render::{RenderError, Resources, TemplateDiagnostic};
use psr::{Edition, Failure, FileFindings};

/// psr: pre-sentence reports from structured case files.
#[derive(Debug, Parser)]
#[command(name = "psr", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate, match and render one case to PDF.
    Render(render::Args),
    /// Report every finding about case files; render nothing.
    Validate(validate::Args),
    /// The options table: every measure of the catalogue, eligible or not, and why.
    Measures(measures::Args),
    /// Render many cases in parallel; go on past failures; write manifest.json.
    Batch(batch::Args),
    /// A worker process of `batch` (internal).
    #[command(hide = true)]
    BatchWorker(batch::WorkerArgs),
    /// Print the JSON Schema (draft-07) of the case or catalogue format.
    Schema(schema::Args),
    /// Write a new case file with a comment on every field.
    Init(init::Args),
    /// Rewrite case files in psr's canonical layout, every value and comment kept.
    Fmt(fmt::Args),
    /// What changed between two case files, field by field.
    Diff(diff::Args),
    /// Record a supervisor's approval, bound to the content approved (para 56).
    Approve(approve::Args),
    /// Make a signing key, or show who a key file names.
    Keys(keys::Args),
    /// Add a supervisor's signature to a signed report (para 56).
    Countersign(countersign::Args),
    /// Check a report's signatures: who signed, when, and whether it changed since.
    Verify(verify::Args),
    /// List or export the built-in templates, to restyle them.
    Templates(templates::Args),
    /// Draft, check and preview cases in the browser, on this machine only.
    Studio(studio::Args),
}

pub use psr::check::{FAILED, INVALID};

/// Why a command stopped. [`run`] prints it once, through [`report`], and the exit
/// status is the error's own ([`Error::status`]): no command prints an `error:` line or
/// picks a failing status by itself.
#[derive(Debug)]
pub enum Error {
    /// The pipeline's failure: findings (exit 1), or a read, render, write or signing
    /// failure (exit 2).
    Failure(Failure),
    /// The input is refused (exit 1): its findings, if any, then the line that says
    /// what was not done ("the case has errors; nothing was approved"), if any.
    Refused {
        /// The findings that stopped the command.
        findings: Vec<FileFindings>,
        /// What was not done, printed after the findings as `error: …`.
        then: Option<String>,
    },
    /// Files `diff` cannot read as YAML, with their findings (exit 2: trouble, as
    /// for diff(1), never the 1 of "they differ").
    Unreadable(Vec<FileFindings>),
    /// Several files' errors, in the order met (`fmt` goes on past a bad file, `diff`
    /// reads both): each printed, the worst status.
    Several(Vec<Error>),
    /// Anything else, in one line (exit 2).
    Message(String),
}

impl Error {
    /// The refusal of an input with one line and no findings (exit 1).
    pub fn refused(message: impl Into<String>) -> Self {
        Error::Refused {
            findings: Vec::new(),
            then: Some(message.into()),
        }
    }

    /// The exit status: 1 the input's fault, 2 anything else.
    pub fn status(&self) -> u8 {
        match self {
            Error::Failure(Failure::Invalid(_)) | Error::Refused { .. } => INVALID,
            Error::Failure(_) | Error::Unreadable(_) | Error::Message(_) => FAILED,
            Error::Several(errors) => errors.iter().map(Error::status).max().unwrap_or(FAILED),
        }
    }

    /// Prints the error to stderr: findings through the one printer, then one
    /// `error: …` line.
    pub fn print(&self) {
        match self {
            Error::Failure(Failure::Invalid(files)) => {
                print_findings(files);
                let all: Vec<_> = files
                    .iter()
                    .flat_map(|f| f.diagnostics.iter().cloned())
                    .collect();
                eprintln!("error: {}; nothing was written", summary(&all));
            }
            Error::Failure(Failure::Render(
                RenderError::Typst(diagnostics) | RenderError::Unprintable { diagnostics, .. },
            )) => {
                print_template_errors(diagnostics);
                eprintln!("error: the templates could not be rendered; nothing was written");
            }
            Error::Failure(failure) => eprintln!("error: {failure}"),
            Error::Refused { findings, then } => {
                print_findings(findings);
                if let Some(then) = then {
                    eprintln!("error: {then}");
                }
            }
            Error::Unreadable(files) => print_findings(files),
            Error::Several(errors) => errors.iter().for_each(Error::print),
            Error::Message(message) => eprintln!("error: {message}"),
        }
    }
}

impl From<Failure> for Error {
    fn from(failure: Failure) -> Self {
        Error::Failure(failure)
    }
}

impl From<psr::output::WriteError> for Error {
    fn from(error: psr::output::WriteError) -> Self {
        Error::Failure(Failure::Write(error))
    }
}

impl From<serde_json::Error> for Error {
    fn from(error: serde_json::Error) -> Self {
        Error::Message(format!("internal error: cannot write JSON: {error}"))
    }
}

/// Runs a command and maps its outcome to the documented exit status. A panic is an
/// internal error (exit 2) that names where it happened, never what it said.
pub fn run(cli: Cli) -> ExitCode {
    psr::panic::install_quiet_hook();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch(cli)));
    match outcome {
        Ok(Ok(status)) => status,
        Ok(Err(error)) => report(&error),
        Err(_) => report(&Error::Message(format!(
            "internal error ({}); nothing was written",
            psr::panic::last_location()
        ))),
    }
}

fn dispatch(cli: Cli) -> Result<ExitCode, Error> {
    if !matches!(
        cli.command,
        Command::Batch(_) | Command::BatchWorker(_) | Command::Studio(_)
    ) {
        signals::end_quietly_when_stdout_closes();
    }
    match cli.command {
        Command::Render(args) => render::execute(args),
        Command::Validate(args) => validate::execute(args),
        Command::Measures(args) => measures::execute(args),
        Command::Batch(args) => batch::execute(args),
        Command::BatchWorker(args) => batch::execute_worker(args),
        Command::Schema(args) => schema::execute(args),
        Command::Init(args) => init::execute(args),
        Command::Fmt(args) => fmt::execute(args),
        Command::Diff(args) => diff::execute(args),
        Command::Approve(args) => approve::execute(args),
        Command::Keys(args) => keys::execute(args),
        Command::Countersign(args) => countersign::execute(args),
        Command::Verify(args) => verify::execute(args),
        Command::Templates(args) => templates::execute(args),
        Command::Studio(args) => studio::execute(args),
    }
}

/// Prints an error to stderr and returns its exit status.
pub fn report(error: &Error) -> ExitCode {
    error.print();
    ExitCode::from(error.status())
}

/// Whether to colour output on stderr: a terminal, and `NO_COLOR` unset.
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints the findings of some files to stderr.
pub fn print_findings(files: &[FileFindings]) {
    eprint!("{}", psr::check::snippets(files, stderr_color()));
}

/// Prints Typst's errors whole to stderr: message, hints and the snippet of the
/// template each points at, through psr's printer.
fn print_template_errors(diagnostics: &[TemplateDiagnostic]) {
    let color = stderr_color();
    for d in diagnostics {
        let place = d
            .place
            .as_ref()
            .map(|p| (p.file.as_str(), p.text.as_str(), p.range.clone()));
        let message = format!("template error: {}", d.message);
        eprint!("{}", render_upstream(&message, &d.hints, place, color));
    }
}

/// A file's text for the commands that read it without loading a case (`fmt`,
/// `diff`, `approve`): a finding such as bytes that are not UTF-8 refuses it (exit 1),
/// a file that cannot be read is a failure (exit 2).
pub fn read_text(path: &std::path::Path) -> Result<psr::load::SourceFile, Error> {
    match psr::load::read_source(path) {
        Ok(Ok(source)) => Ok(source),
        Ok(Err(psr::load::Unusable { finding, shown })) => Err(Error::Refused {
            findings: vec![FileFindings {
                source: shown,
                diagnostics: vec![finding],
            }],
            then: None,
        }),
        Err(error) => Err(Failure::Read(error).into()),
    }
}

/// Prints one JSON value on stdout: a failure to serialise is an error, never an
/// empty line.
pub fn print_json<T: serde::Serialize>(value: &T, pretty: bool) -> Result<(), Error> {
    let text = if pretty {
        serde_json::to_string_pretty(value)?
    } else {
        serde_json::to_string(value)?
    };
    println!("{text}");
    Ok(())
}

/// `--copy`: which editions to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CopyArg {
    /// The court copy.
    Court,
    /// The plain-language copy for the person (para 12).
    Person,
    /// Both.
    All,
}

impl CopyArg {
    /// The editions to render, court first.
    pub fn editions(self) -> &'static [Edition] {
        match self {
            Self::Court => &[Edition::Court],
            Self::Person => &[Edition::Person],
            Self::All => &[Edition::Court, Edition::Person],
        }
    }

    /// The value as written on the command line.
    fn as_str(self) -> &'static str {
        match self {
            Self::Court => "court",
            Self::Person => "person",
            Self::All => "all",
        }
    }
}

/// Where templates and fonts come from: shared by `render`, `batch`, `validate` and
/// `measures` (which check that the fonts can print every text).
#[derive(Debug, Clone, clap::Args)]
pub struct EngineArgs {
    /// A folder of templates overriding the built-in ones, file by file (with the
    /// fonts, images and JSON files they use).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// A font file, or a folder searched for fonts, for scripts the built-in fonts
    /// lack (Japanese, Korean, rarer Chinese characters, Thai, most Indic scripts…). Repeatable.
    #[arg(
        long = "font-path",
        value_name = "DIR",
        env = "PSR_FONT_PATH",
        value_delimiter = PATH_LIST_SEPARATOR
    )]
    pub font_paths: Vec<PathBuf>,
}

/// What separates the folders of `PSR_FONT_PATH` (and of one `--font-path`), as in
/// the system's `PATH`: `;` on Windows, where `:` follows a drive letter (`C:\Fonts`).
const PATH_LIST_SEPARATOR: char = if cfg!(windows) { ';' } else { ':' };

impl EngineArgs {
    /// The resources of the engine.
    pub fn resources(&self) -> Resources {
        Resources {
            templates: self.templates.clone(),
            font_paths: self.font_paths.clone(),
        }
    }

    /// The same settings as command-line arguments, for worker processes.
    pub fn as_args(&self) -> Vec<std::ffi::OsString> {
        let mut args = Vec::new();
        if let Some(dir) = &self.templates {
            args.extend(["--templates".into(), dir.clone().into()]);
        }
        for path in &self.font_paths {
            args.extend(["--font-path".into(), path.clone().into()]);
        }
        args
    }
}

/// What `render` and `batch` share: the catalogue, the editions, the engine, and how
/// to write.
#[derive(Debug, Clone, clap::Args)]
pub struct RenderArgs {
    /// The catalogue of measures available in the area (YAML).
    #[arg(long, value_name = "FILE")]
    pub catalogue: PathBuf,
    /// Which copy: the court's, the person's plain-language copy, or both.
    #[arg(long, value_enum, default_value = "court")]
    pub copy: CopyArg,
    #[command(flatten)]
    pub engine: EngineArgs,
    /// Replace output files that exist.
    #[arg(long)]
    pub force: bool,
    /// Stop with an error if rendering a copy takes longer than this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub time_limit: u64,
}

impl RenderArgs {
    /// The pipeline: the catalogue checked, the engine built.
    pub fn pipeline(&self) -> Result<psr::Pipeline, Failure> {
        psr::Pipeline::new(
            &self.catalogue,
            &self.engine.resources(),
            Duration::from_secs(self.time_limit),
        )
    }

    /// The same settings as command-line arguments, for worker processes.
    pub fn as_args(&self) -> Vec<std::ffi::OsString> {
        let mut args: Vec<std::ffi::OsString> = vec![
            "--catalogue".into(),
            self.catalogue.clone().into(),
            "--copy".into(),
            self.copy.as_str().into(),
            "--time-limit".into(),
            self.time_limit.to_string().into(),
        ];
        args.extend(self.engine.as_args());
        if self.force {
            args.push("--force".into());
        }
        args
    }
}
