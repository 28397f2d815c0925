//! The studio's memory over a long editing session: `psr studio` on the example,
//! 1 000 edits of one field sent as the page sends them (`POST /api/check`, each
//! answered with findings, options and the court copy's pages as SVG). Prints the
//! resident memory after warm-up, at the end and at its peak; exits 1 if the end is
//! more than 20 MB above the start (docs/performance.md, "The studio").
//!
//! `cargo bench --bench studio_memory [-- EDITS]`

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

const WARM_UP: usize = 50;
const LIMIT_KIB: u64 = 20 * 1024;

fn main() {
    let edits: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let folder = std::env::temp_dir().join(format!("psr-studio-memory-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("folder");
    let example =
        std::fs::read_to_string(root.join("fixtures/case.example.yaml")).expect("example");
    std::fs::write(folder.join("case.yaml"), &example).expect("case");
    let mut child = Command::new(env!("CARGO_BIN_EXE_psr"))
        .arg("studio")
        .arg(&folder)
        .arg("--catalogue")
        .arg(root.join("fixtures/catalogue.example.yaml"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start psr studio");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("address");
    let rest = line
        .trim()
        .strip_prefix("http://127.0.0.1:")
        .expect("address");
    let (port, token) = rest.split_once("/?token=").expect("port and token");
    let port: u16 = port.parse().expect("port");
    let rss = || resident_kib(child.id());

    let mut start = 0;
    let mut peak = 0;
    for edit in 0..WARM_UP + edits {
        let text = example.replace(
            "goals: \"Keep her job,",
            &format!("goals: \"Keep her job (revision {edit}),"),
        );
        let status = check(port, token, &text);
        assert_eq!(status, 200, "edit {edit}");
        let now = rss().unwrap_or(0);
        if edit + 1 == WARM_UP {
            start = now;
        }
        peak = peak.max(now);
    }
    let end = rss().unwrap_or(0);
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&folder);
    if start == 0 {
        println!("studio_memory: resident memory is read from /proc (Linux only): not measured");
        return;
    }
    let grown = end as i64 - start as i64;
    println!(
        "studio_memory: {edits} edits after {WARM_UP} to warm up: start {} MiB, end {} MiB ({}{:.1} MiB), peak {} MiB",
        start / 1024,
        end / 1024,
        if grown >= 0 { "+" } else { "" },
        grown as f64 / 1024.0,
        peak / 1024
    );
    if grown > LIMIT_KIB as i64 {
        eprintln!("studio_memory: grew by more than 20 MB over {edits} edits");
        std::process::exit(1);
    }
}

/// `POST /api/check` as the page sends it; the status.
fn check(port: u16, token: &str, text: &str) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let head = format!(
        "POST /api/check?copy=court HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nCookie: psr_studio={token}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
        text.len()
    );
    stream.write_all(head.as_bytes()).expect("head");
    stream.write_all(text.as_bytes()).expect("body");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("answer");
    String::from_utf8_lossy(&answer[..answer.len().min(20)])
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// VmRSS of a process, in KiB.
fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
