//! The studio's pure JavaScript (`src/studio/assets/js/core`: paths, schema, guide,
//! words, values, sync) unit-tested with Node.js's own runner, `node --test tests/js`,
//! as part of `cargo test`. The schema tests read `psr schema case` from this build.
//!
//! Without Node.js the test says so and passes on a developer's machine; under CI
//! (`CI` set) it fails instead (`.ci/run` installs Debian's `nodejs`).

use std::path::Path;
use std::process::Command;

#[test]
fn the_studio_core_passes_its_node_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = Command::new("node")
        .arg("--test")
        .arg("tests/js/")
        .current_dir(root)
        .env("PSR_BIN", env!("CARGO_BIN_EXE_psr"))
        .output();
    let output = match run {
        Ok(output) => output,
        Err(error) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "node is needed under CI: {error}"
            );
            eprintln!("skipped: node is not installed ({error})");
            return;
        }
    };
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "node --test tests/js failed:\n{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The runner found the tests: a directory it cannot read passes with none.
    let passed = report
        .lines()
        .find_map(|line| line.strip_prefix("# pass "))
        .and_then(|n| n.trim().parse::<usize>().ok())
        .unwrap_or(0);
    assert!(passed >= 20, "only {passed} node tests passed:\n{report}");
}
