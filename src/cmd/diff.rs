//! `psr diff OLD NEW [--json]`: what changed between two case files, field by field
//! (`src/diff.rs`, `docs/supervision.md`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use psr::FileFindings;
use psr::load::parse_tree;
use serde_json::Value;

use super::{Error, print_json, read_text};

/// Arguments of `psr diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier case file.
    old: PathBuf,
    /// The later one.
    new: PathBuf,
    /// The changes as JSON on stdout (contains personal data: values are quoted).
    #[arg(long)]
    json: bool,
}

/// Runs `psr diff`: 0 the same case, 1 they differ, 2 a file cannot be read as YAML.
pub fn execute(args: Args) -> Result<ExitCode, Error> {
    // Both files are read, so that what is wrong with each is said at once.
    let (old, new) = match (tree(&args.old), tree(&args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(error), Ok(_)) | (Ok(_), Err(error)) => return Err(error),
        (Err(old), Err(new)) => return Err(Error::Several(vec![old, new])),
    };
    let changes = psr::diff::diff(&old, &new);
    if args.json {
        print_json(&changes, true)?;
    } else {
        for change in &changes {
            println!("{}", psr::diff::line(change));
        }
    }
    Ok(ExitCode::from(u8::from(!changes.is_empty())))
}

/// A file's tree. Any file that cannot be read is exit 2 for `psr diff`, as for
/// diff(1): a finding about it too.
fn tree(path: &Path) -> Result<Value, Error> {
    let source = match read_text(path) {
        Ok(source) => source,
        Err(Error::Refused { findings, .. }) => return Err(Error::Unreadable(findings)),
        Err(error) => return Err(error),
    };
    // Only values are compared: the tree without its positions, at half the cost.
    parse_tree(&source.text).map_err(|finding| {
        Error::Unreadable(vec![FileFindings {
            source,
            diagnostics: vec![finding],
        }])
    })
}
