//! `psr keys new FILE.p12 --name NAME --role ROLE [--organisation ORG] [--days N]` and
//! `psr keys show FILE.p12`: a signing key for an officer or supervisor whose service
//! issues none, and who a key file names (docs/signatures.md).

use std::path::PathBuf;
use std::process::ExitCode;

use psr::output::write_atomically;
use psr::sign::{Identity, keys};

use super::signing::{PassphraseArgs, open_key};
use super::{Error, print_json};

/// Arguments of `psr keys`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Make a key and a self-signed certificate naming you, in a PKCS#12 file, and the
    /// certificate beside it (`FILE.crt`) for those who will check your signatures.
    New(NewArgs),
    /// Who a key file names: name, role, organisation, fingerprint, validity.
    Show(ShowArgs),
}

/// Arguments of `psr keys new`.
#[derive(Debug, clap::Args)]
struct NewArgs {
    /// The key file to write (`.p12`).
    file: PathBuf,
    /// Your full name, as signatures will show it.
    #[arg(long, value_name = "NAME")]
    name: String,
    /// Your role: `probation_officer`, `social_worker`, `prison_officer`, `ngo_worker`,
    /// `volunteer` (written in words), or your title as your service writes it.
    #[arg(long, value_name = "ROLE")]
    role: String,
    /// Your service or organisation.
    #[arg(long, value_name = "ORG")]
    organisation: Option<String>,
    /// How many days the certificate is valid.
    #[arg(long, value_name = "N", default_value_t = 1095, value_parser = clap::value_parser!(u32).range(1..=3650))]
    days: u32,
    /// Replace the files if they exist.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    passphrase: PassphraseArgs,
}

/// Arguments of `psr keys show`.
#[derive(Debug, clap::Args)]
struct ShowArgs {
    /// The key file (`.p12` or `.pfx`).
    file: PathBuf,
    /// Also write its certificate (PEM) to this file, to give to those who check
    /// your signatures (`psr verify --trust`).
    #[arg(long, value_name = "FILE.crt")]
    export_cert: Option<PathBuf>,
    /// Print one JSON object on stdout.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    passphrase: PassphraseArgs,
}

/// A case file's role, in the words a certificate's title holds.
fn role_words(role: &str) -> String {
    match role.trim() {
        "probation_officer" => "Probation officer".into(),
        "social_worker" => "Social worker".into(),
        "prison_officer" => "Prison officer".into(),
        "ngo_worker" => "NGO worker".into(),
        "volunteer" => "Volunteer".into(),
        other => other.to_string(),
    }
}

/// Runs `psr keys`.
pub fn execute(args: Args) -> Result<ExitCode, Error> {
    match args.action {
        Action::New(args) => new(args),
        Action::Show(args) => show(args),
    }
}

fn new(args: NewArgs) -> Result<ExitCode, Error> {
    if args.name.trim().is_empty() || args.role.trim().is_empty() {
        return Err(Error::Message("--name and --role must not be empty".into()));
    }
    let certificate_path = args.file.with_extension("crt");
    if certificate_path == args.file {
        return Err(Error::Message(
            "name the key file FILE.p12: its certificate is written beside it as FILE.crt".into(),
        ));
    }
    for path in [&args.file, &certificate_path] {
        if path.exists() && !args.force {
            return Err(Error::Message(format!(
                "{} already exists: pass --force to replace it",
                path.display()
            )));
        }
    }
    let passphrase = args
        .passphrase
        .read(&format!("A passphrase for {}: ", args.file.display()), true)?;
    if passphrase_too_short(&passphrase) {
        return Err(Error::Message(
            "the passphrase is shorter than 8 characters: a key file that anyone could open \
             proves nothing; nothing was written"
                .into(),
        ));
    }
    let made = keys::make(
        &keys::NewKey {
            name: args.name.clone(),
            role: role_words(&args.role),
            organisation: args.organisation.clone(),
            days: args.days,
        },
        &passphrase,
    )
    .map_err(|e| Error::Message(format!("cannot make the key: {e}")))?;
    write_atomically(&args.file, &made.pkcs12, args.force)?;
    write_atomically(
        &certificate_path,
        made.certificate_pem.as_bytes(),
        args.force,
    )?;
    print_identity(&made.identity);
    eprintln!(
        "wrote {} (the key: keep it, and its passphrase, to yourself) and {} (the certificate: give it to your supervisor and the court)",
        args.file.display(),
        certificate_path.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn passphrase_too_short(passphrase: &keys::Passphrase) -> bool {
    // Counted without reading it out: the Debug form never shows it.
    keys::passphrase_len(passphrase) < 8
}

fn show(args: ShowArgs) -> Result<ExitCode, Error> {
    let signer = open_key(&args.file, &args.passphrase)?;
    let identity = signer.identity();
    if let Some(path) = &args.export_cert {
        let pem = keys::certificate_pem(&signer.certificate)
            .map_err(|e| Error::Message(format!("cannot write the certificate: {e}")))?;
        write_atomically(path, pem.as_bytes(), true)?;
    }
    if args.json {
        print_json(&identity, true)?;
    } else {
        print_identity(&identity);
        if !signer.chain.is_empty() {
            println!(
                "issuers:      {}",
                signer
                    .chain
                    .iter()
                    .map(|c| Identity::of(c).name)
                    .collect::<Vec<_>>()
                    .join(" ← ")
            );
        }
    }
    if let Some(path) = &args.export_cert {
        eprintln!("wrote the certificate to {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn print_identity(identity: &Identity) {
    println!("name:         {}", identity.name);
    if let Some(role) = &identity.role {
        println!("role:         {role}");
    }
    if let Some(org) = &identity.organisation {
        println!("organisation: {org}");
    }
    println!(
        "issuer:       {}",
        if identity.self_signed {
            "self-signed".to_string()
        } else {
            identity.issuer.clone()
        }
    );
    println!("key:          {}", identity.algorithm);
    println!(
        "valid:        {} to {}",
        identity.not_before, identity.not_after
    );
    println!("fingerprint:  SHA-256 {}", identity.fingerprint);
}
