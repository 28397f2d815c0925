//! The studio in a real browser: headless Chromium driven through WebDriver
//! (`chromium` and `chromium-driver` from Debian, installed by `.ci/run`). What an
//! officer does: open the printed address, create a case, type a wrong date and see
//! the finding at its line, fix it and see the preview change, save, download the
//! court copy; and a second tab's save refused as a conflict.
//!
//! Without the two programs the test says so and passes on a developer's machine;
//! under CI (`CI` set) it fails instead.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use super::common::{catalogue, pdf_text, temp};
use super::studio::Studio;

/// A program on the PATH or in /usr/bin.
fn program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .chain([
                PathBuf::from("/usr/bin"),
                PathBuf::from("/usr/lib/chromium"),
            ])
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Polls a JavaScript condition until it holds (a wait for the page, not a measure
/// of speed: the bound is generous).
/// Opens a one-time `address` (the printed one, or one made with Open in another
/// browser): the token leaves the address bar for the session's path. Returns where
/// the session's addresses start, `http://127.0.0.1:PORT/s/PATH`.
pub(super) async fn open(client: &Client, address: &str) -> String {
    client.goto(address).await.expect("open");
    let url = client.current_url().await.expect("url");
    assert!(
        url.query().is_none(),
        "the token left the address bar: {url}"
    );
    let base = url
        .path()
        .strip_suffix('/')
        .filter(|base| base.starts_with("/s/"))
        .unwrap_or_else(|| panic!("the session's list: {url}"));
    format!("{}{base}", url.origin().ascii_serialization())
}

pub(super) async fn until(client: &Client, what: &str, script: &str) {
    let start = Instant::now();
    loop {
        let value = client
            .execute(&format!("return Boolean({script});"), vec![])
            .await
            .expect("script");
        if value == Value::Bool(true) {
            return;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let text = client
                .execute("return 'ERRORS ' + JSON.stringify(window.__errors || []) + ' ' + document.body.innerText;", vec![])
                .await
                .unwrap_or_default();
            panic!("the page never showed {what}; it shows:\n{text}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Selects `old` in the editor and types `new` over it, key by key.
pub(super) async fn retype(client: &Client, old: &str, new: &str) {
    let found = client
        .execute(
            "const t = document.getElementById('text'); const i = t.value.indexOf(arguments[0]);
             if (i < 0) return false; t.focus(); t.setSelectionRange(i, i + arguments[0].length); return true;",
            vec![json!(old)],
        )
        .await
        .expect("select");
    assert_eq!(found, Value::Bool(true), "`{old}` is not in the editor");
    // Typed as key presses into the focused editor, over the selection. An element's
    // send_keys would not do: ChromeDriver 148 puts the caret at the end of a
    // textarea first, so the text landed after the file's last line.
    let mut keys = KeyActions::new("keyboard".to_string());
    for c in new.chars() {
        keys = keys
            .then(KeyAction::Down { value: c })
            .then(KeyAction::Up { value: c });
    }
    client.perform_actions(keys).await.expect("type");
}

/// The first preview page as the browser shows it (a PNG screenshot of the image).
async fn first_page(client: &Client) -> Vec<u8> {
    client
        .find(Locator::Css("#pages img"))
        .await
        .expect("a page")
        .screenshot()
        .await
        .expect("screenshot")
}

async fn state(client: &Client) -> String {
    client
        .find(Locator::Id("state"))
        .await
        .expect("state")
        .text()
        .await
        .expect("text")
}

fn wait_for_file(path: &Path) -> Vec<u8> {
    let start = Instant::now();
    loop {
        if let Ok(bytes) = std::fs::read(path)
            && bytes.trim_ascii_end().ends_with(b"%%EOF")
        {
            return bytes;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{} was never downloaded",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A WebDriver session of headless Chromium through the chromedriver on `port`,
/// downloading into `downloads`.
/// The case page's autosave put off for an hour, for a test that saves by hand.
pub(super) async fn no_autosave(client: &Client) {
    client
        .execute(
            "document.getElementById('case').dataset.autosave = '3600000';",
            vec![],
        )
        .await
        .expect("autosave off");
}

async fn session(chromium: &Path, profile: &Path, downloads: &Path, port: u16) -> Client {
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": {
                "download.default_directory": downloads,
                "download.prompt_for_download": false,
            },
        },
    });
    let capabilities = capabilities.as_object().expect("object").clone();
    let webdriver = format!("http://127.0.0.1:{port}");
    let start = Instant::now();
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(&webdriver)
            .await
        {
            Ok(client) => return client,
            Err(error) if start.elapsed() < Duration::from_secs(30) => {
                let _ = error;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(error) => panic!("chromedriver did not start a session: {error}"),
        }
    }
}

/// What every browser test starts from: a studio serving an empty folder with the
/// example catalogue, chromedriver, and a runtime to drive them. `None`, with a
/// notice, when Chromium or chromedriver is missing outside CI; under CI the test
/// fails instead.
pub(super) struct Browser {
    pub(super) folder: tempfile::TempDir,
    pub(super) downloads: tempfile::TempDir,
    profile: tempfile::TempDir,
    pub(super) studio: Studio,
    chromium: PathBuf,
    port: u16,
    _driver: Driver,
    pub(super) runtime: tokio::runtime::Runtime,
}

impl Browser {
    pub(super) fn start(test: &str) -> Option<Browser> {
        let (Some(chromium), Some(driver)) = (
            program(&["chromium", "chromium-browser", "google-chrome"]),
            program(&["chromedriver", "chromium-driver"]),
        ) else {
            let message = "headless Chromium and chromedriver are needed (Debian: apt install chromium chromium-driver; .ci/run does)";
            assert!(std::env::var_os("CI").is_none(), "{message}");
            eprintln!("SKIPPED {test}: {message}");
            return None;
        };
        let folder = temp();
        std::fs::copy(catalogue(), folder.path().join("catalogue.yaml")).expect("catalogue");
        let studio = Studio::start_with(folder.path(), &[]);
        let port = free_port();
        let driver = Driver(
            Command::new(&driver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start chromedriver"),
        );
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        Some(Browser {
            folder,
            downloads: temp(),
            profile: temp(),
            studio,
            chromium,
            port,
            _driver: driver,
            runtime,
        })
    }

    /// A new WebDriver session of headless Chromium.
    pub(super) async fn session(&self) -> Client {
        session(
            &self.chromium,
            self.profile.path(),
            self.downloads.path(),
            self.port,
        )
        .await
    }
}

#[test]
fn an_officer_drafts_a_case_in_chromium() {
    let Some(browser) = Browser::start("an_officer_drafts_a_case_in_chromium") else {
        return;
    };
    let Browser {
        folder,
        downloads,
        studio,
        runtime,
        ..
    } = &browser;
    runtime.block_on(async {
        let client = browser.session().await;

        // The address printed at start: the token becomes a cookie, the list opens.
        let root = open(&client, &studio.address).await;
        until(&client, "the empty list", "document.body.innerText.includes('No case files')").await;

        // A new case from the skeleton.
        client.find(Locator::Id("new-case")).await.expect("button").click().await.expect("click");
        until(&client, "the new case page", "location.pathname.endsWith('/case/new-case-1.yaml')").await;
        // A new case opens on the forms' guide; this officer writes YAML.
        until(&client, "the guide", "document.getElementById('tab-form').getAttribute('aria-selected') === 'true'").await;
        client.find(Locator::Id("tab-yaml")).await.expect("tab").click().await.expect("click");
        // This officer saves by hand: the autosave (tested with the forms) waits an hour.
        no_autosave(&client).await;
        // One tab shows: the form's panel is out of sight and out of the Tab order
        // (its layout must not override `hidden`).
        until(&client, "the form hidden", "getComputedStyle(document.getElementById('form-panel')).display === 'none'
            && getComputedStyle(document.getElementById('yaml-panel')).display !== 'none'").await;
        until(&client, "the first preview", "document.querySelectorAll('#pages img').length > 0").await;
        let before = first_page(&client).await;
        assert!(before.starts_with(b"\x89PNG"), "a picture of the page");
        let text: String = client
            .execute("return document.getElementById('text').value;", vec![])
            .await
            .expect("text")
            .as_str()
            .expect("string")
            .to_string();
        let line = text
            .lines()
            .position(|l| l.contains("hearing_date: 2026-12-31"))
            .expect("the skeleton's hearing date")
            + 1;

        // A wrong date: the finding appears at its line, in the list and the gutter.
        retype(&client, "hearing_date: 2026-12-31", "hearing_date: 2026-02-30").await;
        let marked = format!(
            "document.querySelector('#findings li.error[data-line=\"{line}\"]') !== null
             && document.querySelector('#gutter .ln.error[data-line=\"{line}\"]') !== null"
        );
        until(&client, "the wrong date's finding at its line", &marked).await;
        let finding = client
            .find(Locator::Css(&format!("#findings li.error[data-line=\"{line}\"]")))
            .await
            .expect("finding")
            .text()
            .await
            .expect("text");
        assert!(finding.contains("report.hearing_date"), "{finding}");
        // Its line link puts the cursor on the line.
        client
            .find(Locator::Css(&format!("#findings li.error[data-line=\"{line}\"] button")))
            .await
            .expect("link")
            .click()
            .await
            .expect("click");
        let selected = client
            .execute(
                "const t = document.getElementById('text'); return t.value.slice(0, t.selectionStart).split('\\n').length;",
                vec![],
            )
            .await
            .expect("cursor");
        assert_eq!(selected, json!(line));

        // Fixed: the finding goes, and the preview shows the new date.
        retype(&client, "hearing_date: 2026-02-30", "hearing_date: 2027-01-15").await;
        until(
            &client,
            "the finding gone and the preview fresh",
            "document.querySelector('#findings li.error') === null
             && !document.getElementById('case').classList.contains('stale')",
        )
        .await;
        let start = Instant::now();
        let mut after = first_page(&client).await;
        while after == before && start.elapsed() < Duration::from_secs(30) {
            tokio::time::sleep(Duration::from_millis(100)).await;
            after = first_page(&client).await;
        }
        assert_ne!(after, before, "the preview did not change with the hearing date");

        // Save: the file on disk is the text typed.
        client.find(Locator::Id("save")).await.expect("save").click().await.expect("click");
        until(&client, "the save", "document.getElementById('state').textContent.startsWith('Saved at ')").await;
        let saved = std::fs::read_to_string(folder.path().join("new-case-1.yaml")).expect("saved");
        assert!(saved.contains("hearing_date: 2027-01-15"), "{saved}");

        // Download the court copy and read it back.
        client
            .find(Locator::Id("download-court"))
            .await
            .expect("link")
            .click()
            .await
            .expect("click");
        until(&client, "the download", "document.getElementById('state').textContent.startsWith('Downloaded')").await;
        // Named by reference (none yet), kind, copy and date; its SHA-256 shown.
        let pdf = downloads.path().join("report_full_court_2027-01-15.pdf");
        wait_for_file(&pdf);
        let said = state(&client).await;
        let sha = {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(std::fs::read(&pdf).expect("pdf"));
            digest.iter().map(|b| format!("{b:02x}")).collect::<String>()
        };
        assert!(said.contains(&format!("SHA-256: {sha}")), "{said}");
        let read = pdf_text(&pdf);
        assert!(read.contains("15 January 2027"), "{read}");
        // The new case's texts start empty: no placeholder is printed as if written.
        assert!(!read.contains("REF/0000"), "a placeholder printed: {read}");

        // A second tab opens the file and saves; the first tab's save is then refused.
        let first = client.window().await.expect("window");
        let second = client.new_window(true).await.expect("tab").handle;
        client.switch_to_window(second).await.expect("switch");
        client
            .goto(&format!("{root}/case/new-case-1.yaml"))
            .await
            .expect("open");
        until(&client, "the second tab's text", "document.getElementById('text').value.length > 0").await;
        no_autosave(&client).await;
        // A case opened again opens on the tab last used.
        until(&client, "the tab last used", "document.getElementById('tab-yaml').getAttribute('aria-selected') === 'true'
            && getComputedStyle(document.getElementById('form-panel')).display === 'none'").await;
        retype(&client, "hearing_date: 2027-01-15", "hearing_date: 2027-01-16").await;
        client.find(Locator::Id("save")).await.expect("save").click().await.expect("click");
        until(&client, "the second tab's save", "document.getElementById('state').textContent.startsWith('Saved at ')").await;
        client.switch_to_window(first).await.expect("switch");
        retype(&client, "hearing_date: 2027-01-15", "hearing_date: 2027-01-17").await;
        client.find(Locator::Id("save")).await.expect("save").click().await.expect("click");
        until(
            &client,
            "the conflict",
            "document.getElementById('state').textContent.includes('changed since you opened it')",
        )
        .await;
        let message = state(&client).await;
        assert!(message.contains("new-case-1.unsaved-1.yaml"), "{message}");
        let on_disk = std::fs::read_to_string(folder.path().join("new-case-1.yaml")).expect("file");
        assert!(on_disk.contains("hearing_date: 2027-01-16"), "the second tab's save stands");
        let kept = std::fs::read_to_string(folder.path().join("new-case-1.unsaved-1.yaml"))
            .expect("kept");
        assert!(kept.contains("hearing_date: 2027-01-17"), "the first tab's text is kept");

        // Tidy: the skeleton's layout is psr fmt's already; a field out of place is
        // put back, the text left unsaved.
        client.find(Locator::Id("tidy")).await.expect("tidy").click().await.expect("click");
        until(&client, "the tidy answer", "document.getElementById('state').textContent === 'Already tidy.'").await;
        client
            .execute(
                "const t = document.getElementById('text'); t.value = t.value.replace(/^schema_version: 2.*\\n/m, '') + 'schema_version: 2\\n';",
                vec![],
            )
            .await
            .expect("move a field");
        client.find(Locator::Id("tidy")).await.expect("tidy").click().await.expect("click");
        until(&client, "the tidied text", "document.getElementById('state').textContent.startsWith('Tidied')").await;
        let first_field = client
            .execute(
                "return document.getElementById('text').value.split('\\n').find(l => !l.startsWith('#') && l.trim() !== '');",
                vec![],
            )
            .await
            .expect("text");
        assert!(first_field.as_str().unwrap_or_default().starts_with("schema_version: 2"), "{first_field}");

        client.close().await.expect("close");
    });
}

#[test]
fn make_an_addendum_in_chromium() {
    let Some(browser) = Browser::start("make_an_addendum_in_chromium") else {
        return;
    };
    let Browser {
        folder,
        studio,
        runtime,
        ..
    } = &browser;
    let earlier = folder.path().join("smith.yaml");
    std::fs::copy(super::common::fixture("case.example.yaml"), &earlier).expect("copy");
    let addendum = folder.path().join("smith-addendum-1.yaml");
    runtime.block_on(async {
        let client = browser.session().await;
        let root = open(&client, &studio.address).await;
        client
            .goto(&format!("{root}/case/smith.yaml"))
            .await
            .expect("open the case");
        until(
            &client,
            "the case's text",
            "document.getElementById('text').value.length > 0",
        )
        .await;

        // An unsaved edit: the addendum is not made from it, and it is not lost.
        retype(
            &client,
            "requested_by: \"District Judge",
            "requested_by: \"Judge",
        )
        .await;
        client
            .find(Locator::Id("make-addendum"))
            .await
            .expect("button")
            .click()
            .await
            .expect("click");
        until(
            &client,
            "the refusal",
            "document.getElementById('state').textContent.startsWith('Save first')",
        )
        .await;
        assert!(!addendum.exists(), "an addendum from unsaved text");
        assert_eq!(
            client.current_url().await.expect("url").as_str(),
            format!("{root}/case/smith.yaml")
        );

        // Undone: the button posts its form, and the new addendum opens on the form.
        retype(
            &client,
            "requested_by: \"Judge",
            "requested_by: \"District Judge",
        )
        .await;
        client
            .find(Locator::Id("make-addendum"))
            .await
            .expect("button")
            .click()
            .await
            .expect("click");
        until(
            &client,
            "the addendum's page",
            "location.pathname.endsWith('/case/smith-addendum-1.yaml')
            && location.hash === '#form/report'
            && document.getElementById('tab-form').getAttribute('aria-selected') === 'true'",
        )
        .await;
        until(
            &client,
            "the addendum's text",
            "document.getElementById('text').value.includes('kind: addendum')",
        )
        .await;
        let text = std::fs::read_to_string(&addendum).expect("the addendum");
        assert!(text.contains("    case_file: \"smith.yaml\""), "{text}");
        client.close().await.expect("close");
    });
}

/// Issue 30, 4: Chromium sends the studio's cookie to another program listening on
/// 127.0.0.1 (cookies are not bound to a port), and nothing else of the session: that
/// program, replaying what it received, opens nothing in the studio.
#[test]
fn another_server_on_this_machine_gets_the_cookie_and_nothing_it_can_use() {
    let Some(browser) =
        Browser::start("another_server_on_this_machine_gets_the_cookie_and_nothing_it_can_use")
    else {
        return;
    };
    let studio = &browser.studio;
    // The other program: answers every request with a page, and tells what it got.
    let other = TcpListener::bind("127.0.0.1:0").expect("another server");
    let other_port = other.local_addr().expect("address").port();
    let (tell, heard) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for stream in other.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n")
                && std::io::Read::read(&mut stream, &mut byte).unwrap_or(0) == 1
            {
                head.push(byte[0]);
            }
            let _ = std::io::Write::write_all(
                &mut stream,
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 16\r\nConnection: close\r\n\r\n<p>elsewhere</p>",
            );
            if tell
                .send(String::from_utf8_lossy(&head).into_owned())
                .is_err()
            {
                break;
            }
        }
    });
    let root = browser.runtime.block_on(async {
        let client = browser.session().await;
        let root = open(&client, &studio.address).await;
        until(
            &client,
            "the list",
            "document.getElementById('new-case') !== null",
        )
        .await;
        // From the studio's page, a link to the other program followed.
        client
            .execute(
                "location.href = arguments[0];",
                vec![json!(format!("http://127.0.0.1:{other_port}/elsewhere"))],
            )
            .await
            .expect("navigate");
        until(
            &client,
            "the other page",
            "document.body && document.body.innerText.includes('elsewhere')",
        )
        .await;
        client.close().await.expect("close");
        root
    });
    let head = heard
        .recv_timeout(Duration::from_secs(30))
        .expect("the other server's request");
    let path = root.rsplit("/s/").next().expect("the session's path");
    let name = format!("psr_studio_{}=", studio.port);
    // The threat is real: the browser sent the cookie along.
    assert!(head.contains(&name), "{head}");
    // Nothing of the session's path: not in the Referer, nowhere.
    assert!(!head.contains(path), "{head}");
    assert!(
        !head.to_lowercase().contains("referer: http://127.0.0.1"),
        "{head}"
    );
    let cookie = head
        .lines()
        .find_map(|line| {
            line.strip_prefix("Cookie: ")
                .or_else(|| line.strip_prefix("cookie: "))
        })
        .expect("a cookie")
        .to_string();
    for path in [
        "/",
        "/api/cases",
        "/case/case.yaml",
        "/assets/js/main.mjs",
        "/s/",
    ] {
        let answer = studio.raw("GET", path, &[("Cookie", &cookie)], b"");
        assert_eq!(answer.status, 401, "{path}");
    }
    // The cookie is the browser's session's: with the path, which only the browser
    // and the studio know, it opens the list.
    let with_path = studio.raw(
        "GET",
        &format!("/s/{path}/api/cases"),
        &[("Cookie", &cookie)],
        b"",
    );
    assert_eq!(with_path.status, 200);
}
