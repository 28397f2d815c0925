//! `psr studio [DIR] [--catalogue FILE] [--port N] [--open]`: the pipeline behind a
//! page in the officer's own browser (`docs/studio.md`).

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use psr::studio::{Options, StartError, Stopped, Studio};

use super::signals::Interrupt;
use super::{EngineArgs, Error};

/// Arguments of `psr studio`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder of case files (`.yaml`, `.yml`) to serve.
    #[arg(default_value = ".")]
    folder: PathBuf,
    /// The catalogue of measures available in the area (default: `catalogue.yaml` in
    /// the folder).
    #[arg(long, value_name = "FILE")]
    catalogue: Option<PathBuf>,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The address to listen on. Only 127.0.0.1 in this version: the studio shows
    /// people's health, trauma and children, and has no accounts.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    address: IpAddr,
    /// Open the studio in the default browser.
    #[arg(long)]
    open: bool,
    /// Stop once no page of the studio has been open for this many seconds (an open
    /// page asks every 30 seconds; a browser may slow a hidden tab to once a minute,
    /// so 180 or more). What a double-click start uses (`psr-studio`).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    quit_when_idle: Option<u64>,
    #[command(flatten)]
    engine: EngineArgs,
    /// Stop with an error if rendering a copy takes longer than this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    time_limit: u64,
}

/// Runs `psr studio` until Ctrl-C (or SIGTERM, SIGHUP).
pub fn execute(args: Args) -> Result<ExitCode, Error> {
    if args.address != IpAddr::from([127, 0, 0, 1]) {
        return Err(Error::Message(format!(
            "the studio listens on 127.0.0.1 only, not {}: it shows people's health, trauma and children and has no accounts (see docs/studio.md)",
            args.address
        )));
    }
    let interrupt = Interrupt::install();
    let catalogue = args
        .catalogue
        .clone()
        .unwrap_or_else(|| args.folder.join("catalogue.yaml"));
    let options = Options {
        folder: args.folder.clone(),
        catalogue,
        resources: args.engine.resources(),
        port: args.port,
        time_limit: Duration::from_secs(args.time_limit),
    };
    let studio = Studio::start(&options).map_err(|error| match error {
        StartError::Pipeline(failure) => Error::Failure(failure),
        StartError::Io(message) => Error::Message(message),
    })?;
    let address = studio.address();
    // The first line on stdout, for people and for scripts that start the studio.
    println!("{address}");
    eprintln!(
        "psr studio: serving {} (Ctrl-C to stop)",
        options.folder.display()
    );
    if args.open {
        open_browser(&address);
    }
    let stopped = studio
        .serve(
            interrupt.stop.clone(),
            args.quit_when_idle.map(Duration::from_secs),
        )
        .map_err(|e| Error::Message(format!("the studio stopped: {e}")))?;
    if stopped == Stopped::Idle {
        eprintln!("psr studio: stopped, no page open");
    } else {
        eprintln!("psr studio: stopped");
    }
    Ok(interrupt.exit_code().unwrap_or(ExitCode::SUCCESS))
}

/// Asks the desktop to open the address; the studio goes on if it cannot.
fn open_browser(address: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(address).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", address])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(address).spawn()
    };
    if let Err(error) = command {
        eprintln!("psr studio: could not open a browser ({error}); open the address above");
    }
}
