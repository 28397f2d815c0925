//! Link settings of the `psr` binary (not of the library, the tests or the fuzz
//! targets).
//!
//! On Linux with glibc the binary's relative relocations are packed (`DT_RELR`): a
//! position-independent executable of this size has 109 000 of them, which the
//! dynamic loader read as 2.6 MB of `.rela.dyn` and applied one by one at every
//! start. Packed, they take 32 KB and a cold `psr validate` spends 9 % less CPU
//! (docs/performance.md). The binary then needs glibc 2.36 or later at run time
//! (`GLIBC_ABI_DT_RELR`; it needed 2.35 already when built on Debian 12).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
