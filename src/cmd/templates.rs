//! `psr templates list|export DIR`: the built-in templates, for an area to restyle.

use std::path::PathBuf;
use std::process::ExitCode;

use psr::output::write_atomically;
use psr::render::BUILTIN_TEMPLATES;

use super::Error;

/// Arguments of `psr templates`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// List the built-in template files.
    List,
    /// Copy the built-in templates into a folder, to restyle and use with --templates.
    Export {
        /// The folder (created if missing).
        dir: PathBuf,
        /// Replace files that exist.
        #[arg(long)]
        force: bool,
    },
}

/// Runs `psr templates`.
pub fn execute(args: Args) -> Result<ExitCode, Error> {
    match args.action {
        Action::List => {
            for (name, text) in BUILTIN_TEMPLATES {
                // The first comment line says what the template is for.
                let about = text
                    .lines()
                    .next()
                    .unwrap_or("")
                    .trim_start_matches("//")
                    .trim();
                println!("{name:<16} {about}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Export { dir, force } => {
            std::fs::create_dir_all(&dir)
                .map_err(|e| Error::Message(format!("cannot create {}: {e}", dir.display())))?;
            for (name, text) in BUILTIN_TEMPLATES {
                write_atomically(&dir.join(name), text.as_bytes(), force)?;
            }
            eprintln!(
                "wrote {} templates to {}: edit lib.typ to restyle every report, then render with --templates {}",
                BUILTIN_TEMPLATES.len(),
                dir.display(),
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
