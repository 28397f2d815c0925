//! Any bytes as a case file given to `psr fmt` (and, through the same writer, to an
//! approval): formatting never panics, never finds that its own text reads back as
//! another case or loses a comment (an internal error, which `psr fmt` refuses to
//! write: a defect of psr), and formatting its own output changes nothing, so that
//! `psr fmt --check` passes on what `psr fmt` wrote.

#![no_main]

use libfuzzer_sys::fuzz_target;
use psr::fmt::{FormatError, format_case};
use psr::load::{SourceFile, source_from_bytes};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = source_from_bytes("case.yaml".into(), data.to_vec()) else {
        return;
    };
    let formatted = match format_case(source) {
        Ok(formatted) => formatted,
        Err(FormatError::Invalid(_)) => return,
        Err(FormatError::Internal(why)) => panic!("psr fmt: internal error: {why}"),
    };
    let again = SourceFile {
        name: "case.yaml".into(),
        text: formatted.clone(),
    };
    match format_case(again) {
        Ok(twice) => assert_eq!(twice, formatted, "psr fmt is not idempotent"),
        Err(FormatError::Invalid(d)) => panic!("psr fmt wrote a file it cannot read: {d:?}"),
        Err(FormatError::Internal(why)) => panic!("psr fmt, second pass: internal error: {why}"),
    }
});
