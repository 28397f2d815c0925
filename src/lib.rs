//! psr turns a structured YAML case file into a court-ready pre-sentence report.
//!
//! The pipeline, one module per stage, each using only the stages before it:
//!
//! 1. [`load`] — read the YAML (size cap, UTF-8, strict YAML), keep every node's
//!    position, and give it the types of [`model`];
//! 2. [`validate`] — the rules about the case itself (ages, dates, supervision), about
//!    a catalogue, and the font check;
//! 3. [`matching`] — the proposal against the catalogue of measures: eligibility,
//!    conditions, conflicts with work and care, least-restrictive ordering;
//! 4. [`view`] — the view model, the only thing templates see;
//! 5. [`render`] — Typst in process, PDF/A-2b;
//! 6. [`output`] — atomic, owner-only, never clobbering writes.
//!
//! Every stage stands on two modules that are not stages: [`model`], the case and
//! catalogue formats as types, and their versions; and [`diagnostic`], findings,
//! their codes, and the one printer. [`digest`] (SHA-256 in hex) sits below them all.
//! docs/ARCHITECTURE.md draws the layers and says where a new rule, report section,
//! language or command goes.
//!
//! [`sign`] signs the PDFs written (`render --sign`, `countersign`) and checks them
//! (`verify`), and signs a supervisor's approval in the case file.
//!
//! [`check`] runs the checks of one case (load → validate → match → the font check)
//! without the renderer: what `psr validate` prints, and what the rules' tests
//! (`tests/rules`) call. [`pipeline`] runs them and renders — [`Pipeline::render_case`]
//! is what every command and front end calls — [`batch`] runs it over many cases,
//! and [`studio`] serves it to a browser on this machine.
//!
//! The rules serve the UN Kyoto Model Strategies on Reducing Reoffending (2025);
//! comments and hints cite them as "para N".

#![warn(missing_docs)]
// The docs are read as a map of the code (`cargo doc --document-private-items`, which
// CI builds with warnings as errors): a module's overview links its private parts.
#![allow(rustdoc::private_intra_doc_links)]
// Findings are returned on cold paths only; boxing them would buy nothing.
#![allow(clippy::result_large_err)]

pub mod digest;

pub mod model;

pub mod diagnostic;

pub mod load;

pub mod validate;

pub mod matching;

pub mod view;

#[cfg(feature = "render")]
pub mod render;

pub mod output;

pub mod fmt;

pub mod diff;

pub mod supervision;

#[cfg(feature = "sign")]
pub mod sign;

pub mod panic;

#[cfg(feature = "sign")]
pub mod check;

#[cfg(feature = "render")]
pub mod pipeline;

#[cfg(feature = "render")]
pub mod batch;

#[cfg(feature = "render")]
pub mod studio;

#[cfg(feature = "sign")]
pub use check::{CaseInput, Checker, Failure, FileFindings};
#[cfg(feature = "render")]
pub use pipeline::{
    Checked, Destination, Edition, Pipeline, Prepared, RenderedCase, Signing, Written,
};
