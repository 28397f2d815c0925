//! The Windows build (`x86_64-pc-windows-gnu`, cross-compiled by `.ci/windows`) run
//! under Wine: the same PDFs, byte for byte, as this build for every kind, both copies
//! and six languages; render, validate and batch (worker processes) with drive
//! letters, backslashes, CRLF case files and non-ASCII file names; the installer
//! installed and uninstalled; the double-click studio.
//!
//! Needs `wine` (Debian wine, 8.0), the mingw C compiler (for the test-only
//! `bcryptprimitives.dll`, tests/windows/) and the Windows build in
//! `target/x86_64-pc-windows-gnu/release/`: skipped with a note when one is missing,
//! a failure under CI (`CI` set), where `.ci/windows` makes them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::common::{catalogue, example_of_kind, fixture, psr, root, stderr, temp};

/// The Windows build, as `.ci/windows` leaves it.
fn windows_bin() -> PathBuf {
    root().join("target/x86_64-pc-windows-gnu/release")
}

/// A Wine prefix (a Windows' `C:` and registry) of the tests' own.
struct Prefix {
    path: PathBuf,
}

/// Why the Windows checks cannot run here, if they cannot.
fn missing() -> Option<String> {
    let have = |tool: &str| {
        Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    };
    if !have("wine") {
        return Some("wine is not installed (Debian wine)".into());
    }
    if !have("x86_64-w64-mingw32-gcc") {
        return Some("the mingw C compiler is not installed (Debian gcc-mingw-w64-x86-64)".into());
    }
    for exe in ["psr.exe", "psr-studio.exe"] {
        if !windows_bin().join(exe).is_file() {
            return Some(format!(
                "{} is not built (.ci/windows builds it)",
                windows_bin().join(exe).display()
            ));
        }
    }
    None
}

/// The prefix the tests share, made once (`wineboot`, about 15 s), with the shim;
/// `None`, with a note, when Wine or the build is missing and CI is not set.
fn shared_prefix() -> Option<&'static Prefix> {
    static PREFIX: OnceLock<Option<Prefix>> = OnceLock::new();
    PREFIX
        .get_or_init(|| {
            if let Some(why) = missing() {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "CI runs the Windows build under Wine: {why}"
                );
                eprintln!("note: the Windows checks are skipped: {why}");
                return None;
            }
            Some(Prefix::new(&root().join("target/wine/tests")))
        })
        .as_ref()
}

impl Prefix {
    /// A prefix at `path`, made if it does not exist, with the test-only
    /// `bcryptprimitives.dll` in its `system32`: Wine 8.0 has none, and Rust's
    /// standard library needs its `ProcessPrng`. The exe under test stays where
    /// cargo built it, and the install folder stays as the installer leaves it.
    fn new(path: &Path) -> Prefix {
        let prefix = Prefix {
            path: path.to_path_buf(),
        };
        if !path.join("system.reg").is_file() {
            std::fs::create_dir_all(path).expect("prefix folder");
            let boot = prefix
                .wine_command("wineboot")
                .arg("-i")
                .output()
                .expect("wineboot");
            assert!(boot.status.success(), "wineboot: {}", stderr(&boot));
            prefix.wait();
        }
        let shim = root().join("target/wine/bcryptprimitives.dll");
        if !shim.is_file() {
            std::fs::create_dir_all(shim.parent().expect("folder")).expect("target/wine");
            let built = Command::new("x86_64-w64-mingw32-gcc")
                .args(["-shared", "-O2", "-o"])
                .arg(&shim)
                .arg(root().join("tests/windows/bcryptprimitives.c"))
                .arg("-ladvapi32")
                .output()
                .expect("mingw gcc");
            assert!(built.status.success(), "the shim: {}", stderr(&built));
        }
        std::fs::copy(
            &shim,
            path.join("drive_c/windows/system32/bcryptprimitives.dll"),
        )
        .expect("the shim into system32");
        prefix
    }

    /// `wine`-family `program` with this prefix, quiet, without the Mono and Gecko
    /// installers a fresh prefix would ask for.
    fn wine_command(&self, program: &str) -> Command {
        // Wine links the Windows user's Documents and Desktop to folders of $HOME:
        // a home of the prefix's own keeps the tests out of the real one.
        let home = self.path.join("home");
        let _ = std::fs::create_dir_all(&home);
        let mut command = Command::new(program);
        command
            .env("HOME", &home)
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_DATA_HOME")
            .env("WINEPREFIX", &self.path)
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env("NO_COLOR", "1")
            .env_remove("PSR_FONT_PATH")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY");
        command
    }

    /// `wine EXE ARGS`.
    fn wine(&self, exe: &Path, args: &[&str]) -> Command {
        let mut command = self.wine_command("wine");
        command.arg(exe).args(args);
        command
    }

    /// Runs the Windows psr with `args`.
    fn psr(&self, args: &[&str]) -> Output {
        self.wine(&windows_bin().join("psr.exe"), args)
            .output()
            .expect("wine psr.exe")
    }

    /// Waits until every Windows process of the prefix has ended.
    fn wait(&self) {
        let _ = self.wine_command("wineserver").arg("-w").status();
    }

    /// `C:\…` inside the prefix, as a path here.
    fn c(&self, windows_path: &str) -> PathBuf {
        let mut path = self.path.join("drive_c");
        for part in windows_path.trim_start_matches("C:\\").split('\\') {
            path.push(part);
        }
        path
    }
}

/// A path here as Windows programs under Wine name it: drive `Z:` is `/`, with
/// backslashes.
fn z(path: &Path) -> String {
    format!("Z:{}", path.display()).replace('/', "\\")
}

/// Wine's own lines on stderr (a missing 32-bit Wine, fixme lines), which are not
/// psr's.
fn psr_stderr(output: &Output) -> String {
    stderr(output)
        .lines()
        .filter(|line| {
            !line.contains("wine32 is missing")
                && !line.contains("multiarch needs")
                && !line.contains("dpkg --add-architecture")
                && !line.contains("apt-get install wine32")
                && !line.starts_with("wine:")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The example case of every kind in every language, and addenda in three, in a
/// folder with the catalogue: 33 cases, 66 PDFs.
fn every_kind_and_language(dir: &Path) {
    std::fs::copy(catalogue(), dir.join("catalogue.yaml")).expect("catalogue");
    for lang in ["en", "fr", "es", "ru", "zh", "ar"] {
        for kind in ["full", "short", "diversion", "bail", "pre_release"] {
            let text = example_of_kind(kind)
                .replace("language: en ", &format!("language: {lang} "))
                .replace(
                    "reference: \"RMC/CR/2026/0417\"",
                    &format!("reference: \"RMC/CR/2026/0417/{kind}/{lang}\""),
                );
            assert!(
                text.contains(&format!("/{kind}/{lang}\"")),
                "a reference per case"
            );
            std::fs::write(dir.join(format!("{kind}-{lang}.yaml")), text).expect("case");
        }
    }
    // An addendum to the full English report: its file and its PDF's SHA-256 (the
    // Linux build's, which the Windows build must give too).
    let earlier = root().join("target/wine/earlier.pdf");
    let _ = std::fs::remove_file(&earlier);
    let rendered = psr(&[
        "render".as_ref(),
        dir.join("full-en.yaml").as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
        "-o".as_ref(),
        earlier.as_os_str(),
    ]);
    assert!(rendered.status.success(), "{}", stderr(&rendered));
    let sha = String::from_utf8_lossy(&rendered.stdout)[..64].to_string();
    for lang in ["en", "fr", "ar"] {
        let text = std::fs::read_to_string(dir.join(format!("full-{lang}.yaml")))
            .expect("read")
            .replacen(
                "kind: full ",
                &format!(
                    "kind: addendum\n  addendum_to:\n    kind: full\n    date: 2026-11-28\n    sha256: \"{sha}\"\n    case_file: full-en.yaml\n  # was: "
                ),
                1,
            )
            .replace("/full/", "/addendum/");
        std::fs::write(dir.join(format!("addendum-{lang}.yaml")), text).expect("addendum");
    }
}

/// Every file of a folder, by name, with its bytes.
fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|entry| {
            let entry = entry.expect("entry");
            (
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).expect("read"),
            )
        })
        .collect()
}

#[test]
fn windows_build_renders_every_kind_copy_and_language_to_the_same_bytes() {
    let Some(wine) = shared_prefix() else { return };
    let dir = temp();
    let cases = dir.path().join("cases");
    std::fs::create_dir(&cases).expect("cases");
    every_kind_and_language(&cases);
    let (linux, windows) = (dir.path().join("linux"), dir.path().join("windows"));
    let linux_run = psr(&[
        "batch".as_ref(),
        cases.as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
        "-o".as_ref(),
        linux.as_os_str(),
        "--copy".as_ref(),
        "all".as_ref(),
        "--quiet".as_ref(),
    ]);
    assert_eq!(linux_run.status.code(), Some(0), "{}", stderr(&linux_run));
    // Worker processes (--jobs 2), paths with a drive letter and backslashes.
    let started = Instant::now();
    let windows_run = wine.psr(&[
        "batch",
        &z(&cases),
        "--catalogue",
        &z(&cases.join("catalogue.yaml")),
        "-o",
        &z(&windows),
        "--copy",
        "all",
        "--jobs",
        "2",
        "--quiet",
    ]);
    eprintln!(
        "the Windows batch of 36 cases took {:?} under Wine",
        started.elapsed()
    );
    assert_eq!(
        windows_run.status.code(),
        Some(0),
        "{}",
        psr_stderr(&windows_run)
    );
    let (linux, mut windows) = (files(&linux), files(&windows));
    let manifest: serde_json::Value =
        serde_json::from_slice(&windows.remove("manifest.json").expect("manifest")).expect("json");
    let pdfs: Vec<&String> = linux.keys().filter(|name| name.ends_with(".pdf")).collect();
    assert_eq!(pdfs.len(), 2 * (30 + 3), "{pdfs:?}");
    assert!(
        pdfs.iter().any(|name| name.contains("addendum_ar-person")),
        "{pdfs:?}"
    );
    for name in pdfs {
        let theirs = windows
            .get(name)
            .unwrap_or_else(|| panic!("the Windows build wrote no {name}"));
        assert!(
            theirs == &linux[name],
            "{name}: the Windows build's PDF differs from this build's"
        );
        // The manifest of the Windows run gives the same SHA-256.
        let digest = psr::digest::sha256_hex(theirs);
        assert!(manifest.to_string().contains(&digest), "{name}: {digest}");
    }
    assert_eq!(windows.len(), linux.len() - 1, "no file more, no file less");
}

/// The example with CRLF line ends.
fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

#[test]
fn windows_build_takes_crlf_cases_non_ascii_names_and_backslashed_paths() {
    let Some(wine) = shared_prefix() else { return };
    let dir = temp();
    let folder = dir.path().join("Dossiers Zoë Ωμέγα 案件");
    std::fs::create_dir(&folder).expect("folder");
    let example = std::fs::read_to_string(fixture("case.example.yaml")).expect("example");
    let case = folder.join("Wanjiru Müller-Şahin ж.yaml");
    std::fs::write(&case, crlf(&example)).expect("case");
    // The Linux build of the LF file, to compare with.
    let lf = dir.path().join("lf.yaml");
    std::fs::write(&lf, &example).expect("lf");
    let linux = dir.path().join("linux.pdf");
    let ran = psr(&[
        "render".as_ref(),
        lf.as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
        "-o".as_ref(),
        linux.as_os_str(),
        "--copy".as_ref(),
        "all".as_ref(),
    ]);
    assert!(ran.status.success(), "{}", stderr(&ran));

    let out = folder.join("Rapport été 报告.pdf");
    let render = |extra: &[&str]| {
        let mut args = vec![
            "render",
            "--catalogue",
            &*Box::leak(z(&catalogue()).into_boxed_str()),
            "-o",
            &*Box::leak(z(&out).into_boxed_str()),
            "--copy",
            "all",
        ];
        args.insert(1, Box::leak(z(&case).into_boxed_str()));
        args.extend_from_slice(extra);
        wine.psr(&args)
    };
    let first = render(&[]);
    assert_eq!(first.status.code(), Some(0), "{}", psr_stderr(&first));
    let person = folder.join("Rapport été 报告-person.pdf");
    assert!(
        std::fs::read(&out).expect("court") == std::fs::read(&linux).expect("linux"),
        "the court copy differs from the Linux build's"
    );
    assert!(
        std::fs::read(&person).expect("person")
            == std::fs::read(dir.path().join("linux-person.pdf")).expect("linux person"),
        "the person's copy differs from the Linux build's"
    );
    // The SHA-256 is printed as on Linux, with the path as given.
    let printed = String::from_utf8_lossy(&first.stdout).into_owned();
    assert!(printed.contains("Rapport été 报告.pdf"), "{printed}");
    assert_eq!(
        printed.lines().next().map(|line| &line[..64]),
        String::from_utf8_lossy(&ran.stdout)
            .lines()
            .next()
            .map(|line| &line[..64])
    );

    // An existing report is kept without --force (exit 2), replaced with it; no
    // temporary file is left either way.
    std::fs::write(&out, b"kept").expect("overwrite");
    let refused = render(&[]);
    assert_eq!(refused.status.code(), Some(2), "{}", psr_stderr(&refused));
    assert!(
        psr_stderr(&refused).contains("already exists"),
        "{}",
        psr_stderr(&refused)
    );
    assert_eq!(std::fs::read(&out).expect("kept"), b"kept");
    let forced = render(&["--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", psr_stderr(&forced));
    assert!(
        std::fs::read(&out).expect("court") == std::fs::read(&linux).expect("linux"),
        "the replaced court copy differs from the Linux build's"
    );
    let left: Vec<String> = std::fs::read_dir(&folder)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".psr-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn windows_build_validates_a_crlf_file_with_the_same_lines_and_columns() {
    let Some(wine) = shared_prefix() else { return };
    let dir = temp();
    let invalid = std::fs::read_to_string(fixture("invalid/err_wrong_type.yaml")).expect("fixture");
    let case = dir.path().join("dossier à vérifier.yaml");
    std::fs::write(&case, crlf(&invalid)).expect("crlf");
    let windows = wine.psr(&["validate", &z(&case), "--json"]);
    assert_eq!(windows.status.code(), Some(1), "{}", psr_stderr(&windows));
    let linux = psr(&[
        "validate".as_ref(),
        fixture("invalid/err_wrong_type.yaml").as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(linux.status.code(), Some(1));
    // Findings with their codes, fields, lines and columns: the same, CRLF or not.
    let findings = |output: &Output| {
        let json: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
        let mut found = Vec::new();
        collect(&json, &mut found);
        found.sort();
        found
    };
    let (on_windows, on_linux) = (findings(&windows), findings(&linux));
    assert!(on_linux.iter().any(|f| f.contains("E011")), "{on_linux:?}");
    assert_eq!(on_windows, on_linux);
}

/// Each finding of a `--json` answer as "code field line:column".
fn collect(value: &serde_json::Value, found: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) if map.contains_key("code") => {
            found.push(format!(
                "{} {} {}:{}",
                map["code"],
                map.get("path")
                    .or(map.get("field"))
                    .unwrap_or(&serde_json::Value::Null),
                map.get("line").unwrap_or(&serde_json::Value::Null),
                map.get("column").unwrap_or(&serde_json::Value::Null),
            ));
        }
        serde_json::Value::Object(map) => map.values().for_each(|v| collect(v, found)),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, found)),
        _ => {}
    }
}

/// The installer, as `packaging/make-dist windows` makes it.
fn installer() -> Option<PathBuf> {
    let dist = root().join("target/dist");
    let found = std::fs::read_dir(&dist).ok().and_then(|mut entries| {
        entries.find_map(|entry| {
            let path = entry.ok()?.path();
            path.to_string_lossy()
                .ends_with("-setup.exe")
                .then_some(path)
        })
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI makes the installer (.ci/windows): none in {}",
            dist.display()
        );
        eprintln!("note: the installer check is skipped: no target/dist/*-setup.exe");
    }
    found
}

#[test]
fn the_installer_installs_for_one_user_and_uninstalls_cleanly() {
    if shared_prefix().is_none() {
        return;
    }
    let Some(setup) = installer() else { return };
    // A prefix of its own: nothing installed before, and `wineserver -w` waits only
    // for the installer's processes.
    let path = root().join("target/wine/installer");
    let _ = std::fs::remove_dir_all(&path);
    let wine = Prefix::new(&path);
    let installed = wine.wine(&setup, &["/S"]).output().expect("installer");
    assert_eq!(
        installed.status.code(),
        Some(0),
        "{}",
        psr_stderr(&installed)
    );
    wine.wait();
    let user = std::fs::read_dir(wine.c("C:\\users"))
        .expect("users")
        .map(|e| e.expect("user").file_name().to_string_lossy().into_owned())
        .find(|name| name != "Public")
        .expect("the prefix's user");
    let home = format!("C:\\users\\{user}");
    let program = wine.c(&format!("{home}\\AppData\\Local\\Programs\\psr"));
    let menu = wine.c(&format!(
        "{home}\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\psr"
    ));
    let cases = wine.c(&format!("{home}\\Documents\\psr cases"));
    let mut names: Vec<String> = files(&program).into_keys().collect();
    names.sort();
    assert_eq!(
        names,
        [
            "example-case.yaml",
            "example-catalogue.yaml",
            "psr-studio.exe",
            "psr.exe",
            "uninstall.exe"
        ]
    );
    // Nothing of the tests' shim is shipped.
    assert!(!program.join("bcryptprimitives.dll").exists());
    let mut shortcuts: Vec<String> = files(&menu).into_keys().collect();
    shortcuts.sort();
    assert_eq!(
        shortcuts,
        ["Uninstall psr.lnk", "psr cases.lnk", "psr studio.lnk"]
    );
    assert_eq!(
        std::fs::read(cases.join("catalogue.yaml")).expect("catalogue"),
        std::fs::read(catalogue()).expect("fixture")
    );
    let key = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\psr";
    let registered = wine
        .wine_command("wine")
        .args(["reg", "query", key])
        .output()
        .expect("reg");
    assert!(
        String::from_utf8_lossy(&registered.stdout).contains("uninstall.exe"),
        "{}",
        String::from_utf8_lossy(&registered.stdout)
    );
    // No administrator: the installer wrote nothing outside the user's profile.
    assert!(!wine.c("C:\\Program Files\\psr").exists());

    // The installed psr renders the example in the cases folder, as this build does.
    let out = cases.join("example.pdf");
    let rendered = wine
        .wine(
            &program.join("psr.exe"),
            &[
                "render",
                &format!("{home}\\Documents\\psr cases\\example-case.yaml"),
                "-o",
                &format!("{home}\\Documents\\psr cases\\example.pdf"),
                "--catalogue",
                &format!("{home}\\Documents\\psr cases\\catalogue.yaml"),
            ],
        )
        .output()
        .expect("installed psr");
    assert_eq!(rendered.status.code(), Some(0), "{}", psr_stderr(&rendered));
    let dir = temp();
    let linux = dir.path().join("linux.pdf");
    let ran = super::common::render(&fixture("case.example.yaml"), &linux, &[]);
    assert!(ran.status.success());
    assert!(
        std::fs::read(&out).expect("pdf") == std::fs::read(&linux).expect("linux"),
        "the installed psr.exe's PDF differs from the Linux build's"
    );

    let removed = wine
        .wine(&program.join("uninstall.exe"), &["/S"])
        .output()
        .expect("uninstaller");
    assert_eq!(removed.status.code(), Some(0), "{}", psr_stderr(&removed));
    // The uninstaller runs a copy of itself from the temporary folder: wait for it.
    wine.wait();
    assert!(!program.exists(), "{:?}", files(&program).keys());
    assert!(!menu.exists());
    let gone = wine
        .wine_command("wine")
        .args(["reg", "query", key])
        .output()
        .expect("reg");
    assert!(!gone.status.success(), "the uninstall entry is left");
    // The officer's cases stay, the report written among them too.
    assert!(cases.join("example-case.yaml").is_file());
    assert!(out.is_file());
}

#[test]
fn a_double_click_on_windows_opens_the_cases_folder_in_the_browser_and_ends_when_idle() {
    let Some(wine) = shared_prefix() else { return };
    // Wine hands a web address to the programs named in its registry: here, a script
    // that writes it down instead of opening a browser.
    let dir = temp();
    let opened = dir.path().join("opened");
    let browser = dir.path().join("browser");
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\nprintf '%s' \"$1\" > '{}.tmp' && mv '{0}.tmp' '{0}'\n",
            opened.display()
        ),
    )
    .expect("script");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let set = wine
        .wine_command("wine")
        .args([
            "reg",
            "add",
            "HKCU\\Software\\Wine\\WineBrowser",
            "/v",
            "Browsers",
            "/d",
        ])
        .arg(&browser)
        .args(["/f"])
        .output()
        .expect("reg add");
    assert!(set.status.success(), "{}", psr_stderr(&set));
    let user = std::fs::read_dir(wine.c("C:\\users"))
        .expect("users")
        .map(|e| e.expect("user").file_name().to_string_lossy().into_owned())
        .find(|name| name != "Public")
        .expect("user");
    let documents = wine.c(&format!("C:\\users\\{user}\\Documents"));
    let cases = documents.join("psr cases");
    let _ = std::fs::remove_dir_all(&cases);

    let started = Instant::now();
    let mut launcher = wine
        .wine(
            &windows_bin().join("psr-studio.exe"),
            &["--quit-when-idle", "8"],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("wine psr-studio.exe");
    let address = loop {
        if let Ok(address) = std::fs::read_to_string(&opened) {
            break address;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "psr-studio.exe opened no browser within 90 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    let (port, opened) = super::desktop::exchange_token(&address);
    assert_eq!(opened.status, 303, "{}", opened.text());
    assert_eq!(
        std::fs::read(cases.join("example-case.yaml")).expect("example case"),
        std::fs::read(fixture("case.example.yaml")).expect("fixture")
    );
    let cookie = opened
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .expect("a session")
        .to_string();
    let base = opened
        .header("location")
        .and_then(|to| to.strip_suffix('/'))
        .expect("the session's address")
        .to_string();
    let ask = |method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]| {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
        let mut head = format!(
            "{method} {base}{path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nCookie: {cookie}\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        std::io::Write::write_all(&mut stream, head.as_bytes()).expect("head");
        std::io::Write::write_all(&mut stream, body).expect("body");
        let mut bytes = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stream, &mut bytes);
        super::studio::parse(&bytes)
    };
    // The Windows studio saves (its portable replace: checked, then renamed over
    // the file), keeps a conflicting save beside the file, and downloads the bytes
    // the Linux build renders.
    let read = ask("GET", "/api/case/example-case.yaml", &[], b"");
    assert_eq!(read.status, 200, "{}", read.text());
    let version = read.json()["version"]
        .as_str()
        .expect("version")
        .to_string();
    let example = std::fs::read_to_string(fixture("case.example.yaml")).expect("example");
    let edited = example.replace("Theft of clothing", "Theft of children's clothing");
    assert_ne!(edited, example);
    let if_match = format!("\"{version}\"");
    let saved = ask(
        "PUT",
        "/api/case/example-case.yaml",
        &[("If-Match", &if_match)],
        edited.as_bytes(),
    );
    assert_eq!(saved.status, 200, "{}", saved.text());
    assert_eq!(
        std::fs::read_to_string(cases.join("example-case.yaml")).expect("saved"),
        edited
    );
    let stale = ask(
        "PUT",
        "/api/case/example-case.yaml",
        &[("If-Match", &if_match)],
        b"# another tab\n",
    );
    assert_eq!(stale.status, 409, "{}", stale.text());
    assert_eq!(
        std::fs::read_to_string(cases.join("example-case.unsaved-1.yaml")).expect("kept"),
        "# another tab\n"
    );
    let pdf = ask("GET", "/api/case/example-case.yaml/pdf", &[], b"");
    assert_eq!(pdf.status, 200, "{}", pdf.text());
    let linux_case = dir.path().join("edited.yaml");
    std::fs::write(&linux_case, &edited).expect("edited");
    let linux_pdf = dir.path().join("edited.pdf");
    let ran = super::common::render(&linux_case, &linux_pdf, &[]);
    assert!(ran.status.success(), "{}", stderr(&ran));
    assert!(
        pdf.body == std::fs::read(&linux_pdf).expect("linux pdf"),
        "the Windows studio's PDF differs from the Linux build's"
    );
    let left: Vec<String> = std::fs::read_dir(&cases)
        .expect("cases")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".psr-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // No page asks any more: the studio, then the launcher, end.
    let ended = Instant::now();
    loop {
        if let Some(status) = launcher.try_wait().expect("try_wait") {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(
            ended.elapsed() < Duration::from_secs(60),
            "psr-studio.exe still runs 60 s after its page was last seen"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the studio still listens"
    );
}

#[test]
fn ctrl_c_stops_a_windows_batch_with_whole_reports_and_exit_130() {
    let Some(wine) = shared_prefix() else { return };
    let dir = temp();
    let cases = dir.path().join("cases");
    std::fs::create_dir(&cases).expect("cases");
    std::fs::copy(catalogue(), cases.join("catalogue.yaml")).expect("catalogue");
    let example = std::fs::read_to_string(fixture("case.example.yaml")).expect("example");
    for i in 0..60 {
        let text = example.replace("RMC/CR/2026/0417", &format!("RMC/CR/2026/{i:04}"));
        std::fs::write(cases.join(format!("case-{i:02}.yaml")), text).expect("case");
    }
    let out = dir.path().join("out");
    let mut batch = wine
        .wine(
            &windows_bin().join("psr.exe"),
            &[
                "batch",
                &z(&cases),
                "--catalogue",
                &z(&cases.join("catalogue.yaml")),
                "-o",
                &z(&out),
                "--copy",
                "all",
                "--jobs",
                "2",
                "--quiet",
            ],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("wine psr.exe batch");
    // Once the first reports are written, Ctrl-C: Wine turns a SIGINT to the process
    // into the console's CTRL_C_EVENT.
    let started = Instant::now();
    while std::fs::read_dir(&out).map_or(0, |d| d.count()) < 4 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no report written in 120 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let sent = Command::new("kill")
        .args(["-INT", &batch.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let mut log = String::new();
    if let Some(mut err) = batch.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut err, &mut log);
    }
    let status = batch.wait().expect("wait");
    assert_eq!(status.code(), Some(130), "{log}");
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("manifest.json")).expect("a manifest after Ctrl-C"),
    )
    .expect("json");
    let text = manifest.to_string();
    assert!(text.contains("skipped"), "{text}");
    // Every report written is whole, with its person's copy; nothing temporary left.
    let names: Vec<String> = files(&out).into_keys().collect();
    assert!(
        names.iter().all(|name| !name.starts_with(".psr-")),
        "{names:?}"
    );
    let courts: Vec<&String> = names
        .iter()
        .filter(|name| name.ends_with(".pdf") && !name.ends_with("-person.pdf"))
        .collect();
    assert!(!courts.is_empty() && courts.len() < 60, "{courts:?}");
    for court in courts {
        let person = court.replace(".pdf", "-person.pdf");
        assert!(names.contains(&person), "{court} without {person}");
        let bytes = std::fs::read(out.join(court)).expect("pdf");
        assert!(
            bytes.ends_with(b"%%EOF\n") || bytes.ends_with(b"%%EOF"),
            "{court} is cut"
        );
    }
}

#[test]
fn windows_build_takes_font_paths_with_drive_letters() {
    let Some(wine) = shared_prefix() else { return };
    let dir = temp();
    let example = std::fs::read_to_string(fixture("case.example.yaml")).expect("example");
    assert!(example.contains("given_name: \"Mary\""));
    let case = dir.path().join("case.yaml");
    std::fs::write(
        &case,
        example.replace("given_name: \"Mary\"", "given_name: \"玥婧\""),
    )
    .expect("case");
    let fonts = z(&fixture("fonts"));
    // Without the font the name cannot be printed (E016, exit 1); with the folder,
    // whose path starts with `Z:`, as an option or in PSR_FONT_PATH beside another
    // folder (`;` between them on Windows), it can.
    let without = wine.psr(&["validate", &z(&case)]);
    assert_eq!(without.status.code(), Some(1), "{}", psr_stderr(&without));
    let with = wine.psr(&["validate", &z(&case), "--font-path", &fonts]);
    assert_eq!(with.status.code(), Some(0), "{}", psr_stderr(&with));
    let listed = wine
        .wine(&windows_bin().join("psr.exe"), &["validate", &z(&case)])
        .env(
            "PSR_FONT_PATH",
            format!("{};{fonts}", z(&fixture("invalid"))),
        )
        .output()
        .expect("wine psr.exe");
    assert_eq!(listed.status.code(), Some(0), "{}", psr_stderr(&listed));
}
