//! `psr-studio`: the studio started by a double-click, for officers who never open a
//! terminal. It opens the officer's folder of cases, `psr cases` in Documents (made
//! on the first run, with the example case and the example catalogue in it), in the
//! default browser, through `psr studio FOLDER --open --quit-when-idle 300` run from
//! the `psr` beside it; the studio stops about five minutes after its last page is
//! closed. On Windows it is built without a console window, and a failure is shown
//! in a message box, since no one would read a terminal (docs/install.md).
//!
//! Only the standard library, and no part of psr's own: the launcher is small, and
//! what it runs is the `psr` that the tests check.

#![cfg_attr(windows, windows_subsystem = "windows")]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

/// The folder of cases, in Documents.
const CASES: &str = "psr cases";
/// Written into a new folder of cases: what a first look at the studio opens.
const EXAMPLE_CASE: &str = include_str!("../../fixtures/case.example.yaml");
const EXAMPLE_CATALOGUE: &str = include_str!("../../fixtures/catalogue.example.yaml");
/// Seconds with no page open before the studio stops (an open page asks every 30 s;
/// a hidden tab's timers may be slowed to once a minute).
const IDLE_SECONDS: &str = "300";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            tell(&message);
            ExitCode::FAILURE
        }
    }
}

/// The seconds of `--quit-when-idle SECONDS`, which the tests give (a short one);
/// no other argument is taken.
fn idle_seconds() -> Result<String, String> {
    let mut idle = IDLE_SECONDS.to_string();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--quit-when-idle", Some(seconds)) if seconds.parse::<u64>().is_ok() => {
                idle = seconds;
            }
            _ => {
                return Err(format!(
                    "psr-studio takes no argument but --quit-when-idle SECONDS, not {arg}"
                ));
            }
        }
    }
    Ok(idle)
}

/// The `psr` installed beside this program.
fn psr_beside() -> Result<PathBuf, String> {
    let exe = std::env::current_exe()
        .map_err(|e| format!("psr-studio cannot find where it is installed: {e}"))?;
    let psr = exe
        .parent()
        .unwrap_or(Path::new("."))
        .join(format!("psr{}", std::env::consts::EXE_SUFFIX));
    if !psr.is_file() {
        return Err(format!(
            "psr-studio needs psr beside it, at {}: install psr again",
            psr.display()
        ));
    }
    Ok(psr)
}

fn run() -> Result<ExitCode, String> {
    let idle = idle_seconds()?;
    let psr = psr_beside()?;
    let documents = documents().ok_or("psr-studio cannot find your Documents folder")?;
    let folder = documents.join(CASES);
    first_run(&folder)?;
    let mut command = Command::new(&psr);
    command
        .arg("studio")
        .arg(&folder)
        .args(["--open", "--quit-when-idle", &idle])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        // CREATE_NO_WINDOW: psr is a console program; no window opens for it.
        command.creation_flags(0x0800_0000);
    }
    let mut child = command
        .spawn()
        .map_err(|e| format!("psr-studio could not start {}: {e}", psr.display()))?;
    // The address goes to the browser (`--open`); stdout is read only so that psr
    // never blocks on a full pipe.
    let stdout = child.stdout.take().map(|out| {
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                if line.is_err() {
                    break;
                }
            }
        })
    });
    // The log names routes and file names, never a person's: the last error line is
    // what the message box says if psr stops with an error.
    let mut last_error = None;
    if let Some(err) = child.stderr.take() {
        for line in BufReader::new(err).lines() {
            let Ok(line) = line else { break };
            if line.starts_with("error") {
                last_error = Some(line);
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("psr-studio lost psr studio: {e}"))?;
    if let Some(stdout) = stdout {
        let _ = stdout.join();
    }
    if status.success() {
        return Ok(ExitCode::SUCCESS);
    }
    Err(last_error.unwrap_or_else(|| format!("psr studio stopped ({status})")))
}

/// Makes the folder of cases the first time, with the example case and catalogue;
/// a folder that exists is left as it is, whatever it holds.
fn first_run(folder: &Path) -> Result<(), String> {
    if folder.is_dir() {
        return Ok(());
    }
    let failed = |e: std::io::Error| format!("psr-studio could not make {}: {e}", folder.display());
    std::fs::create_dir_all(folder).map_err(failed)?;
    for (name, text) in [
        ("example-case.yaml", EXAMPLE_CASE),
        ("catalogue.yaml", EXAMPLE_CATALOGUE),
    ] {
        let path = folder.join(name);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(failed)?;
        std::io::Write::write_all(&mut file, text.as_bytes()).map_err(failed)?;
    }
    Ok(())
}

/// The user's Documents folder: the known folder on Windows (which may have been
/// moved, to OneDrive or a network share), `$HOME/Documents` elsewhere.
#[cfg(windows)]
fn documents() -> Option<PathBuf> {
    use std::ffi::c_void;
    use std::os::windows::ffi::OsStringExt;
    #[repr(C)]
    struct Guid(u32, u16, u16, [u8; 8]);
    // FOLDERID_Documents, {FDD39AD0-238F-46AF-ADB4-6C85480369C7}.
    const DOCUMENTS: Guid = Guid(
        0xFDD3_9AD0,
        0x238F,
        0x46AF,
        [0xAD, 0xB4, 0x6C, 0x85, 0x48, 0x03, 0x69, 0xC7],
    );
    // KF_FLAG_CREATE: made if it does not exist yet.
    const CREATE: u32 = 0x0000_8000;
    #[link(name = "shell32")]
    unsafe extern "system" {
        fn SHGetKnownFolderPath(
            id: *const Guid,
            flags: u32,
            token: *mut c_void,
            path: *mut *mut u16,
        ) -> i32;
    }
    #[link(name = "ole32")]
    unsafe extern "system" {
        fn CoTaskMemFree(memory: *mut c_void);
    }
    let mut path: *mut u16 = std::ptr::null_mut();
    // SAFETY: the GUID and the out pointer are valid for the call; the string it
    // returns is NUL-terminated, read up to its NUL, then freed as the API asks
    // (also on failure, when it may be null).
    unsafe {
        let result = SHGetKnownFolderPath(&DOCUMENTS, CREATE, std::ptr::null_mut(), &mut path);
        let found = (result >= 0 && !path.is_null()).then(|| {
            let mut len = 0;
            while *path.add(len) != 0 {
                len += 1;
            }
            PathBuf::from(std::ffi::OsString::from_wide(std::slice::from_raw_parts(
                path, len,
            )))
        });
        CoTaskMemFree(path.cast());
        found
    }
}

#[cfg(not(windows))]
fn documents() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|home| !home.is_empty())?;
    Some(PathBuf::from(home).join("Documents"))
}

/// Says what went wrong: a message box on Windows (there is no console), stderr
/// elsewhere.
#[cfg(windows)]
fn tell(message: &str) {
    use std::ffi::c_void;
    #[link(name = "user32")]
    unsafe extern "system" {
        fn MessageBoxW(
            window: *mut c_void,
            text: *const u16,
            caption: *const u16,
            kind: u32,
        ) -> i32;
    }
    let wide = |s: &str| s.encode_utf16().chain([0]).collect::<Vec<u16>>();
    let (text, caption) = (wide(message), wide("psr studio"));
    // MB_ICONERROR.
    // SAFETY: both strings are NUL-terminated and live through the call.
    unsafe {
        MessageBoxW(std::ptr::null_mut(), text.as_ptr(), caption.as_ptr(), 0x10);
    }
}

#[cfg(not(windows))]
fn tell(message: &str) {
    eprintln!("{message}");
}
