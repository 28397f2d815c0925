//! Helpers shared by the rules' tests.

use std::path::PathBuf;

/// The project's root, two folders above this crate.
pub fn root() -> PathBuf {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors().nth(2).expect("tests/rules").to_path_buf()
}

/// A fixture path.
pub fn fixture(name: &str) -> PathBuf {
    root().join("fixtures").join(name)
}
