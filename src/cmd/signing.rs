//! What the commands that sign share: the passphrase (a prompt without echo,
//! `PSR_KEY_PASSPHRASE`, or `--passphrase-file`; never an argument, never printed),
//! opening a key file, and the time a signature states.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use psr::sign::{KeyError, Passphrase, Signer, keys};

use super::Error;

/// The environment variable a passphrase may come from (for scripts and CI; a prompt
/// is safer on a shared machine).
pub const PASSPHRASE_VARIABLE: &str = "PSR_KEY_PASSPHRASE";

/// How to read the passphrase of a key file.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PassphraseArgs {
    /// Read the key file's passphrase from the first line of this file, instead of
    /// asking for it (or `PSR_KEY_PASSPHRASE`). The passphrase is never an argument.
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
}

impl PassphraseArgs {
    /// The passphrase: from the file, the environment, or typed at the terminal
    /// without echo (twice when `confirm`, for a new key).
    pub fn read(&self, prompt: &str, confirm: bool) -> Result<Passphrase, Error> {
        if let Some(path) = &self.passphrase_file {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Error::Message(format!(
                    "cannot read the passphrase file {}: {e}",
                    path.display()
                ))
            })?;
            let line = text.lines().next().unwrap_or("").to_string();
            return Ok(Passphrase::new(line));
        }
        if let Ok(text) = std::env::var(PASSPHRASE_VARIABLE) {
            return Ok(Passphrase::new(text));
        }
        if !std::io::stdin().is_terminal() && !std::io::stderr().is_terminal() {
            return Err(Error::Message(format!(
                "no passphrase: psr asks for it on a terminal; elsewhere set {PASSPHRASE_VARIABLE} or pass --passphrase-file FILE"
            )));
        }
        let first = rpassword::prompt_password(prompt)
            .map_err(|e| Error::Message(format!("cannot read the passphrase: {e}")))?;
        if confirm {
            let again = rpassword::prompt_password("The same passphrase again: ")
                .map_err(|e| Error::Message(format!("cannot read the passphrase: {e}")))?;
            if again != first {
                return Err(Error::Message(
                    "the two passphrases differ; nothing was written".into(),
                ));
            }
        }
        Ok(Passphrase::new(first))
    }
}

/// Opens a key file with its passphrase.
pub fn open_key(path: &Path, passphrase: &PassphraseArgs) -> Result<Signer, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::Message(format!("cannot read the key file {}: {e}", path.display())))?;
    let prompt = format!("Passphrase of {}: ", path.display());
    let passphrase = passphrase.read(&prompt, false)?;
    let signer = keys::open(&bytes, &passphrase).map_err(|error| {
        let hint = match error {
            KeyError::Passphrase => "; check the passphrase (nothing was signed)",
            _ => "",
        };
        Error::Message(format!("{}: {error}{hint}", path.display()))
    })?;
    // A certificate expired (or not yet valid) when the signature says it was made
    // signs nothing: every verifier would reject it.
    signer.valid_at(signing_time()?).map_err(|error| {
        Error::Message(format!("{}: {error}; nothing was signed", path.display()))
    })?;
    Ok(signer)
}

/// The time a signature states (`/M`): `SOURCE_DATE_EPOCH` when set (for reproducible
/// output), else the clock, to the second ([`psr::sign::signing_time`]).
pub fn signing_time() -> Result<chrono::DateTime<chrono::Utc>, Error> {
    psr::sign::signing_time().map_err(Error::Message)
}

/// `--sign KEY.p12` of `render` and `batch`.
#[derive(Debug, Clone, clap::Args)]
pub struct SignArgs {
    /// Sign each copy written as its author, with the key and certificate in this
    /// PKCS#12 file (`psr keys new`, or one your service issued): a PAdES signature
    /// courts' PDF readers check (docs/signatures.md).
    #[arg(long, value_name = "KEY.p12")]
    pub sign: Option<PathBuf>,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

impl SignArgs {
    /// The signer, when `--sign` is given: the passphrase asked once for the run.
    pub fn signer(&self) -> Result<Option<Signer>, Error> {
        match &self.sign {
            Some(path) => open_key(path, &self.passphrase).map(Some),
            None => Ok(None),
        }
    }
}
