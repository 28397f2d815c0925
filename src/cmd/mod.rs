//! One file per subcommand: its arguments and an `execute`.

mod batch;
mod init;
mod measures;
mod render;
mod schema;
mod templates;
mod validate;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use psr::diagnostic::render_human;
use psr::{Failure, FileFindings};

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
    /// List or export the built-in templates, to restyle them.
    Templates(templates::Args),
}

/// `--copy`: which copies to render.
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
    /// The copies to render, court first.
    pub fn copies(self) -> &'static [psr::Copy] {
        match self {
            Self::Court => &[psr::Copy::Court],
            Self::Person => &[psr::Copy::Person],
            Self::All => &[psr::Copy::Court, psr::Copy::Person],
        }
    }
}

/// Exit status 1: the input has errors, nothing was written.
pub const INVALID: u8 = 1;
/// Exit status 2: usage, I/O or internal error.
pub const FAILED: u8 = 2;

/// Runs a command and maps its outcome to the documented exit status.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Render(args) => render::execute(args),
        Command::Validate(args) => validate::execute(args),
        Command::Measures(args) => measures::execute(args),
        Command::Batch(args) => batch::execute(args),
        Command::BatchWorker(args) => batch::execute_worker(args),
        Command::Schema(args) => schema::execute(args),
        Command::Init(args) => init::execute(args),
        Command::Templates(args) => templates::execute(args),
    }
}

/// Whether to colour output on stderr: a terminal, and `NO_COLOR` unset.
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints the findings of some files to stderr.
pub fn print_findings(files: &[FileFindings]) {
    let color = stderr_color();
    for file in files {
        eprint!(
            "{}",
            render_human(
                &file.diagnostics,
                &file.source.name,
                &file.source.text,
                color
            )
        );
    }
}

/// Where templates and fonts come from: shared by `render`, `batch` and `validate`
/// (which checks that the fonts can print every text).
#[derive(Debug, Clone, clap::Args)]
pub struct EngineArgs {
    /// A folder of templates overriding the built-in ones, file by file (with the
    /// fonts, images and JSON files they use).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// A font file, or a folder searched for fonts, for scripts the built-in fonts
    /// lack (Chinese, Japanese, Korean, Thai, most Indic scripts…). Repeatable.
    #[arg(
        long = "font-path",
        value_name = "DIR",
        env = "PSR_FONT_PATH",
        value_delimiter = ':'
    )]
    pub font_paths: Vec<PathBuf>,
}

impl EngineArgs {
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

/// The rendering engine with the built-in templates and fonts, or those of
/// `--templates` and `--font-path`; a folder that cannot be read is reported here
/// (exit status 2).
pub fn engine(args: &EngineArgs) -> Result<psr::render::Engine, ExitCode> {
    psr::render::Engine::new(args.templates.as_deref(), &args.font_paths).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(FAILED)
    })
}

/// Prints a failure to stderr and returns its exit status.
pub fn report_failure(failure: &Failure) -> ExitCode {
    match failure {
        Failure::Read(e) => {
            eprintln!("error: {e}");
            ExitCode::from(FAILED)
        }
        Failure::Invalid(files) => {
            print_findings(files);
            let all: Vec<_> = files
                .iter()
                .flat_map(|f| f.diagnostics.iter().cloned())
                .collect();
            eprintln!(
                "error: {}; nothing was written",
                psr::diagnostic::summary(&all)
            );
            ExitCode::from(INVALID)
        }
    }
}
