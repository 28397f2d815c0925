//! SHA-256 in hexadecimal: what a court compares a report by (`psr render` prints
//! it, a batch's manifest and an addendum record it) and what an approval binds
//! (`validate::approval`'s fingerprint). Below every stage, so that a rule need not
//! reach the output layer for it.

use sha2::{Digest, Sha256};

/// The SHA-256 of some bytes, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
