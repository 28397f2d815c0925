//! The studio as a double-click starts it (`psr-studio`, docs/install.md): the cases
//! folder made once in Documents with the examples, the browser opened, and the
//! studio gone soon after its last page is closed (`psr studio --quit-when-idle`).
//! Run here natively; `windows.rs` runs the Windows build of the same under Wine.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::common::{catalogue, fixture, temp};
use super::studio::Studio;

/// Waits up to `limit` for the child to end; its exit code, or `None` if it did not.
fn wait_for(child: &mut std::process::Child, limit: Duration) -> Option<Option<i32>> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return Some(status.code());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

#[test]
fn the_studio_stops_once_no_page_has_asked_for_the_idle_time() {
    let dir = temp();
    let mut studio = Studio::start_with(
        dir.path(),
        &[
            "--catalogue".as_ref(),
            catalogue().as_os_str(),
            "--quit-when-idle".as_ref(),
            "3".as_ref(),
        ],
    );
    // An open page's heartbeat keeps it running well past the idle time.
    for _ in 0..6 {
        assert_eq!(studio.get("/api/alive").status, 204);
        std::thread::sleep(Duration::from_secs(1));
    }
    // Requests outside a session (a port scan, another program) do not.
    let started = Instant::now();
    let child = studio.child_mut();
    assert!(
        child.try_wait().expect("try_wait").is_none(),
        "stopped while a page was open"
    );
    let port = studio.port;
    let stranger = std::thread::spawn(move || {
        for _ in 0..8 {
            if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
                let _ = std::io::Write::write_all(
                    &mut stream,
                    format!("GET /api/alive HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").as_bytes(),
                );
                let _ = stream.read_to_end(&mut Vec::new());
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    });
    let code = wait_for(studio.child_mut(), Duration::from_secs(20))
        .expect("the studio still runs 20 s after its last page asked");
    let _ = stranger.join();
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "stopped too soon"
    );
    assert_eq!(code, Some(0));
    let log = studio.log();
    assert!(log.contains("psr studio: stopped, no page open"), "{log}");
    // The heartbeat is not logged: one line every 30 s would drown the log.
    assert!(!log.contains("/api/alive"), "{log}");
}

#[test]
fn an_idle_time_of_zero_is_refused() {
    let output = super::common::psr(&[
        "studio".as_ref(),
        ".".as_ref(),
        "--quit-when-idle".as_ref(),
        "0".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(2));
}

/// A `xdg-open` that writes the address it is given to `opened` (and opens nothing).
fn fake_browser(bin: &Path, opened: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(bin).expect("bin");
    let script = bin.join("xdg-open");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s' \"$1\" > '{}.tmp' && mv '{0}.tmp' '{0}'\n",
            opened.display()
        ),
    )
    .expect("script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// Waits for the fake browser's address.
fn opened_address(opened: &Path) -> String {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if let Ok(address) = std::fs::read_to_string(opened) {
            return address;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no browser was opened within 60 s");
}

/// One GET with the one-time token, as the browser does: the studio's port and its
/// answer, a session. Here and for the Windows build in `windows.rs`.
pub fn exchange_token(address: &str) -> (u16, super::studio::Answer) {
    let rest = address
        .strip_prefix("http://127.0.0.1:")
        .unwrap_or_else(|| panic!("an address of the studio: {address:?}"));
    let (port, token) = rest.split_once("/?token=").expect("port and token");
    let port: u16 = port.parse().expect("port");
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    std::io::Write::write_all(
        &mut stream,
        format!(
            "GET /?token={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    )
    .expect("request");
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    (port, super::studio::parse(&bytes))
}

/// The token exchanged for a session: the studio's port.
fn open_session(address: &str) -> u16 {
    let (port, answer) = exchange_token(address);
    assert_eq!(answer.status, 303, "{}", answer.text());
    let cookie = answer.header("set-cookie").unwrap_or_default();
    assert!(cookie.starts_with("psr_studio_"), "{}", answer.text());
    port
}

#[test]
fn a_double_click_makes_the_cases_folder_once_opens_the_browser_and_ends_when_idle() {
    let home = temp();
    let (bin, opened) = (home.path().join("bin"), home.path().join("opened"));
    fake_browser(&bin, &opened);
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let launch = || {
        Command::new(env!("CARGO_BIN_EXE_psr-studio"))
            .args(["--quit-when-idle", "2"])
            .env("HOME", home.path())
            .env("PATH", &path)
            .env_remove("PSR_FONT_PATH")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start psr-studio")
    };
    let cases = home.path().join("Documents").join("psr cases");
    let mut first = launch();
    open_session(&opened_address(&opened));
    assert_eq!(
        std::fs::read(cases.join("example-case.yaml")).expect("the example case"),
        std::fs::read(fixture("case.example.yaml")).expect("fixture")
    );
    assert_eq!(
        std::fs::read(cases.join("catalogue.yaml")).expect("the catalogue"),
        std::fs::read(catalogue()).expect("fixture")
    );
    let code = wait_for(&mut first, Duration::from_secs(30))
        .expect("psr-studio still runs 30 s after its page was last seen");
    assert_eq!(code, Some(0));

    // A second start leaves the folder as the officer left it.
    std::fs::write(cases.join("example-case.yaml"), "# edited\n").expect("edit");
    std::fs::remove_file(&opened).expect("rm");
    let mut second = launch();
    open_session(&opened_address(&opened));
    assert_eq!(
        wait_for(&mut second, Duration::from_secs(30)).expect("ends when idle"),
        Some(0)
    );
    assert_eq!(
        std::fs::read_to_string(cases.join("example-case.yaml")).expect("read"),
        "# edited\n"
    );
}

#[test]
fn a_double_click_with_no_psr_beside_it_says_so() {
    // A hard link, not a copy: a copy being written while another test's thread
    // forks could not be run ("text file busy").
    let dir = tempfile::tempdir_in(super::common::root().join("target")).expect("temp");
    let lonely = dir.path().join("psr-studio");
    std::fs::hard_link(env!("CARGO_BIN_EXE_psr-studio"), &lonely).expect("link");
    let output = Command::new(&lonely)
        .env("HOME", dir.path())
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("psr-studio needs psr beside it"),
        "{stderr}"
    );
    // Nothing was made before the check.
    assert!(!dir.path().join("Documents").exists());
}
