//! The rules of psr tested without the renderer: the matching of measures rule by rule
//! (`matching`), and every finding `psr validate` prints for the broken case files of
//! `fixtures/invalid/`, made in process by the library function the command calls
//! (`snapshots`). The integration tests (`tests/integration/`) keep what needs the
//! binary, a PDF or a browser, and check that the binary prints what these tests see.

#[cfg(test)]
mod common;
#[cfg(test)]
mod matching;
#[cfg(test)]
mod snapshots;
