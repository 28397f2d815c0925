//! The render path: the example case changed as the fuzzer's bytes decide (any text
//! replaced by any text up to past its limit, lists grown, flags flipped, numbers and
//! enumerations changed), then load → validate → match; a case without errors is
//! rendered, both copies. Whatever `validate` accepts must render: a panic caught at
//! the render boundary (`RenderError::Internal`), a Typst error, the time limit, or a
//! run over the memory ceiling (`-rss_limit_mb=200`) is a crash here.
//!
//! Build and run (release, no sanitizer: Typst under ASan is too slow to explore):
//! `cargo +nightly fuzz run render --features render -O -s none -- -rss_limit_mb=200`

#![no_main]

use std::path::Path;
use std::sync::LazyLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use psr::render::{Engine, RenderError, Resources};
use psr::{Edition, Failure, Pipeline};
use serde_json::Value;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| {
    let catalogue =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/catalogue.example.yaml");
    Pipeline::new(&catalogue, &Resources::default(), Duration::from_secs(60))
        .expect("the example catalogue loads")
});

static EXAMPLE: LazyLock<Value> = LazyLock::new(|| {
    let text = include_bytes!("../../fixtures/case.example.yaml").to_vec();
    let source = psr::load::source_from_bytes("case.yaml".into(), text).expect("UTF-8");
    psr::load::parse_yaml(source)
        .expect("the example parses")
        .root
});

/// Characters a case may hold, and some it may not: scripts of every width, right to
/// left, invisible format characters, combining marks, markup and template syntax.
const PALETTE: &[&str] = &[
    "a", "Z", " ", "\n", "\t", "é", "ß", "א", "ب", "中", "😀", "👍🏽", "1️⃣", "\u{202E}", "\u{200B}",
    "\u{2066}", "\u{0301}", "\u{FEFF}", "#", "$", "[", "]", "\\", "{{", "}}", "{%", "*", "_", "`",
    "<", ">", "@", "//", "/*", "=", "-", "0", "9", ".", ",", "'", "\"",
];

/// The fuzzer's bytes, read as decisions.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(first)
    }

    fn below(&mut self, n: usize) -> Option<usize> {
        let wide = u16::from_le_bytes([self.byte()?, self.byte().unwrap_or(0)]);
        (n > 0).then(|| usize::from(wide) % n)
    }

    fn text(&mut self) -> Option<String> {
        let length = match self.byte()? {
            0..=199 => self.below(64)?,
            200..=239 => self.below(400)?,
            _ => self.below(7_000)?,
        };
        let mut text = String::new();
        let mut seed = self.byte()?;
        for _ in 0..length {
            // A short pattern repeated: a long text without millions of decisions.
            seed = seed.wrapping_mul(31).wrapping_add(self.byte().unwrap_or(7));
            text.push_str(PALETTE[usize::from(seed) % PALETTE.len()]);
        }
        Some(text)
    }
}

/// Every node of a tree as a path of keys and indices.
fn paths(value: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(path.clone());
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Value::from(i));
                paths(item, path, out);
                path.pop();
            }
        }
        Value::Object(object) => {
            for (key, item) in object {
                path.push(Value::from(key.clone()));
                paths(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn at_mut<'a>(value: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |value, step| match step {
        Value::String(key) => value.get_mut(key.as_str()),
        Value::Number(i) => value.get_mut(i.as_u64()? as usize),
        _ => None,
    })
}

/// One change to the case, as the bytes decide.
fn change(case: &mut Value, bytes: &mut Bytes<'_>) -> Option<()> {
    let mut all = Vec::new();
    paths(case, &mut Vec::new(), &mut all);
    let path = &all[bytes.below(all.len())?];
    let node = at_mut(case, path)?;
    match node {
        Value::String(text) => {
            // Enumerations and dates keep a valid value more often than not.
            let keep_shape = bytes.byte()? < 64;
            if !keep_shape || text.chars().any(char::is_uppercase) || text.contains(' ') {
                *text = bytes.text()?;
            }
        }
        Value::Bool(flag) => *flag = !*flag,
        Value::Number(_) => *node = Value::from(bytes.below(120)?),
        Value::Array(items) if !items.is_empty() => {
            let size = match bytes.byte()? {
                0..=127 => bytes.below(8)?,
                _ => bytes.below(260)?,
            };
            let first = items[0].clone();
            items.resize(size, first);
        }
        Value::Object(object) => {
            // Drop an optional section or field now and then.
            if let Some(key) = object
                .keys()
                .nth(bytes.below(object.len().max(1))?)
                .cloned()
            {
                object.remove(&key);
            }
        }
        _ => {}
    }
    Some(())
}

fuzz_target!(|data: &[u8]| {
    let mut bytes = Bytes(data);
    let mut case = EXAMPLE.clone();
    let mut changes = 0;
    while changes < 12 && change(&mut case, &mut bytes).is_some() {
        changes += 1;
    }
    let Ok(text) = serde_json::to_vec(&case) else {
        return;
    };
    // To see the case an artifact makes: `PSR_FUZZ_CASE=case.json target/…/render FILE`
    // (fictional data: the example case, changed).
    if let Some(out) = std::env::var_os("PSR_FUZZ_CASE") {
        let _ = std::fs::write(out, &text);
    }
    let Ok(source) = psr::load::source_from_bytes("case.yaml".into(), text) else {
        return;
    };
    let Ok(prepared) = PIPELINE.prepare(source) else {
        return;
    };
    if prepared.has_errors() {
        return;
    }
    let Ok(checked) = prepared.checked() else {
        return;
    };
    match PIPELINE.render(checked, &[Edition::Court, Edition::Person]) {
        Ok(rendered) => {
            for copy in &rendered.copies {
                assert!(copy.pdf.starts_with(b"%PDF-"), "not a PDF");
            }
        }
        // A combination of characters that only Typst's PDF/A check finds (a keycap
        // emoji) is mapped back to its field as E016: a finding, not a crash.
        Err(Failure::Invalid(_)) => {}
        Err(Failure::Render(error @ (RenderError::Internal(_) | RenderError::TimedOut { .. }))) => {
            panic!("validate accepted a case that did not render: {error}")
        }
        Err(other) => panic!("validate accepted a case that failed: {other}"),
    }
    // Typst's memoized results would grow with every input: a long session evicts.
    Engine::evict_caches(0);
});
