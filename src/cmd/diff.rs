//! `psr diff OLD NEW [--json]`: what changed between two case files, field by field
//! (`src/diff.rs`, `docs/supervision.md`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use psr::FileFindings;
use psr::load::parse_tree;
use serde_json::Value;

use super::{Error, FAILED, print_findings, print_json, read_text};

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
    let (Some(old), Some(new)) = (tree(&args.old), tree(&args.new)) else {
        return Ok(ExitCode::from(FAILED));
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

/// A file's tree, or its findings printed.
fn tree(path: &Path) -> Option<Value> {
    // Any file that cannot be read is exit 2 for `diff`, as for `diff`.
    let source = read_text(path).ok()?;
    // Only values are compared: the tree without its positions, at half the cost.
    match parse_tree(&source.text) {
        Ok(tree) => Some(tree),
        Err(finding) => {
            print_findings(&[FileFindings {
                source,
                diagnostics: vec![finding],
            }]);
            None
        }
    }
}
