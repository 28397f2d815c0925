//! How fast the studio feels: from a key pressed to the preview's pages replaced on
//! screen, measured in headless Chromium (Debian `chromium` and `chromium-driver`)
//! with `performance.now()` at the keydown and a MutationObserver on the pages, for
//! one key at a time in the YAML editor and in a field of the forms. Prints the
//! median and the worst of each (docs/performance.md, "The studio").
//!
//! `cargo bench --bench studio_latency [-- KEYS]`

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// Kills a child process when dropped.
struct Killed(Child);

impl Drop for Killed {
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

async fn until(client: &Client, script: &str) {
    let start = Instant::now();
    while client
        .execute(&format!("return Boolean({script});"), vec![])
        .await
        .expect("script")
        != Value::Bool(true)
    {
        assert!(start.elapsed() < Duration::from_secs(60), "never: {script}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Counts the replacements of the preview's pages, and the time of the last one.
const WATCH: &str = "
    window.__replaced = [];
    new MutationObserver(() => window.__replaced.push(performance.now()))
      .observe(document.getElementById('pages'), { childList: true, subtree: true, attributes: true });
    window.__keys = [];
    document.addEventListener('keydown', () => window.__keys.push(performance.now()), true);";

/// Presses one key at a time in the focused element, waits for the pages replaced
/// after it and for the page to settle, and gives each key's latency in ms.
async fn latencies(client: &Client, keys: usize) -> Vec<f64> {
    let mut out = Vec::new();
    for i in 0..keys {
        let key = if i % 2 == 0 { "x" } else { "\u{E003}" }; // a letter, then Backspace
        let before = client
            .execute("return window.__keys.length;", vec![])
            .await
            .expect("keys");
        client
            .active_element()
            .await
            .expect("focus")
            .send_keys(key)
            .await
            .expect("key");
        let n = before.as_u64().unwrap_or(0);
        until(
            client,
            &format!(
                "window.__keys.length > {n} && window.__replaced.some((t) => t > window.__keys[{n}])"
            ),
        )
        .await;
        // Let later answers land before the next key.
        tokio::time::sleep(Duration::from_millis(700)).await;
        let ms = client
            .execute(
                &format!(
                    "const k = window.__keys[{n}]; return window.__replaced.filter((t) => t > k)[0] - k;"
                ),
                vec![],
            )
            .await
            .expect("latency");
        out.push(ms.as_f64().unwrap_or(f64::NAN));
    }
    out
}

fn report(what: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let median = ms[ms.len() / 2];
    let worst = ms[ms.len() - 1];
    println!(
        "{what}: median {median:.0} ms, worst {worst:.0} ms over {} keys",
        ms.len()
    );
}

fn main() {
    let keys: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(30);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let folder = std::env::temp_dir().join(format!("psr-studio-latency-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::copy(
        root.join("fixtures/case.example.yaml"),
        folder.join("case.yaml"),
    )
    .expect("case");
    let mut studio = Command::new(env!("CARGO_BIN_EXE_psr"))
        .arg("studio")
        .arg(&folder)
        .arg("--catalogue")
        .arg(root.join("fixtures/catalogue.example.yaml"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start psr studio");
    let mut line = String::new();
    BufReader::new(studio.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("address");
    let _studio = Killed(studio);
    let address = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the address")
        .to_string();
    let origin = address.split("/?").next().expect("origin").to_string();
    let port = free_port();
    let _driver = Killed(
        Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (Debian chromium-driver)"),
    );
    let profile = std::env::temp_dir().join(format!("psr-latency-profile-{}", std::process::id()));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1366,800", format!("--user-data-dir={}", profile.display())],
            },
        });
        let start = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.as_object().expect("object").clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(_) if start.elapsed() < Duration::from_secs(30) => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(error) => panic!("chromedriver: {error}"),
            }
        };
        client.goto(&address).await.expect("open");
        client.goto(&format!("{origin}/case/case.yaml")).await.expect("case");
        until(&client, "document.querySelectorAll('#pages img').length > 0").await;
        client.execute(WATCH, vec![]).await.expect("watch");

        // The YAML editor: the cursor at the end of the court's name.
        client
            .execute(
                "const t = document.getElementById('text'); const at = t.value.indexOf(\"Court\\\"\") + 5;
                 t.focus(); t.setSelectionRange(at, at);",
                vec![],
            )
            .await
            .expect("cursor");
        let yaml = latencies(&client, keys).await;

        // The forms: the court's field of the first step.
        client.find(Locator::Id("tab-form")).await.expect("tab").click().await.expect("click");
        until(&client, "document.getElementById('f-report-court') !== null").await;
        tokio::time::sleep(Duration::from_millis(1000)).await;
        client
            .execute(
                "const f = document.getElementById('f-report-court'); f.focus(); f.setSelectionRange(f.value.length, f.value.length);",
                vec![],
            )
            .await
            .expect("focus");
        let form = latencies(&client, keys).await;
        client.close().await.expect("close");
        report("YAML editor, key to pages replaced", yaml);
        report("forms, key to pages replaced", form);
    });
    let _ = std::fs::remove_dir_all(&folder);
    let _ = std::fs::remove_dir_all(&profile);
}
