//! Integration tests: run the `psr` binary on fixture files and read back what it wrote.
//!
//! PDFs are checked through their extracted text (`pdftotext`), fonts (`pdffonts`) and
//! metadata, never byte-compared with a golden file (except two renders with each other).

mod a11y;
mod addendum;
mod approve;
mod batch;
mod catalogue;
mod citations;
mod common;
mod desktop;
mod diff;
mod doc_commands;
mod errors;
mod every_problem;
mod fmt;
mod fonts;
mod hostile;
mod kinds;
mod languages;
mod limits;
mod person_copy;
mod render;
mod schema;
mod signatures;
mod statements;
mod studio;
mod studio_a11y;
mod studio_browser;
mod studio_forms;
mod studio_js;
mod studio_review;
mod studio_sign;
mod templates;
mod validate_output;
mod windows;
mod yaml_corpus;
