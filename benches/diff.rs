//! How long `psr diff` (and an addendum's "what changed") takes on long lists:
//! `cargo bench --bench diff`.
//!
//! - `diff_30000`: two trees of 30 000 previous convictions and 30 000 needs, every
//!   other conviction's offence reworded (matched by its date alone, the slower way)
//!   and every third need replaced;
//! - `parse_and_diff_30000`: the same from the two files' text, as `psr diff` reads
//!   them (both parsed, then compared).
//!
//! Results: docs/performance.md ("Comparing case files").

use criterion::{Criterion, criterion_group, criterion_main};
use psr::load::parse_tree;

/// A case file's text with `n` previous convictions and `n` needs; `changed` rewords
/// every other offence and replaces every third need.
fn case_text(n: usize, changed: bool) -> String {
    let mut text = String::from("criminal_history:\n");
    for i in 0..n {
        let (year, day) = (1950 + i / 300, i % 300);
        let (month, day) = (1 + day / 28, 1 + day % 28);
        let reworded = if changed && i % 2 == 0 {
            " amended"
        } else {
            ""
        };
        text.push_str(&format!(
            "  - {{date: {year}-{month:02}-{day:02}, offence: \"Offence {i}{reworded}\", outcome: \"fine {i}\"}}\n"
        ));
    }
    text.push_str("needs:\n");
    for i in 0..n {
        let need = if changed && i % 3 == 0 { i + n } else { i };
        text.push_str(&format!("  - \"need {need}\"\n"));
    }
    text
}

fn benches(c: &mut Criterion) {
    let n = 30_000;
    let (old, new) = (case_text(n, false), case_text(n, true));
    let tree = |text: &str| parse_tree(text).expect("YAML");
    let (a, b) = (tree(&old), tree(&new));
    let changes = psr::diff::diff(&a, &b).len();
    assert_eq!(changes, n / 2 + 2 * n.div_ceil(3), "the changes expected");
    c.bench_function("diff_30000", |bench| bench.iter(|| psr::diff::diff(&a, &b)));
    c.bench_function("parse_and_diff_30000", |bench| {
        bench.iter(|| psr::diff::diff(&tree(&old), &tree(&new)))
    });
}

criterion_group! {
    name = diff;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(20));
    targets = benches
}
criterion_main!(diff);
