//! The `psr` command line: parses arguments and dispatches to `cmd/`.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

// Typst allocates a great deal from two threads at once in `batch`; mimalloc's
// per-thread heaps scale where glibc's arenas contend (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    cmd::run(cli)
}
