//! psr studio: the pipeline behind a page in the officer's own browser. A folder of
//! case files, each opened beside a live preview of its court copy (or the person's),
//! its findings at their lines, the options of the catalogue, a save that never loses
//! an edit, and the PDFs `psr render` would write.
//!
//! The server listens on 127.0.0.1 only and answers only the browser holding the
//! token printed at start ([`guard`]); every asset is inside the binary ([`assets`]);
//! it reads and writes only case files directly in the folder ([`folder`]).

mod addendum;
mod assets;
mod finish;
pub mod folder;
mod form;
pub mod guard;
mod key;
mod review;
mod steps;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::{MAX_INPUT_BYTES, SourceFile};
use crate::matching::OptionStatus;
use crate::model::CASE_SKELETON;
use crate::pipeline::{CaseInput, Edition, Failure, Pipeline, Prepared};
use crate::render::{Engine, Resources};
use folder::{CaseName, Folder, FolderError};

/// What the studio needs to start.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder of case files.
    pub folder: PathBuf,
    /// The catalogue the proposals are checked against.
    pub catalogue: PathBuf,
    /// Templates and fonts.
    pub resources: Resources,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// The time limit of one render.
    pub time_limit: Duration,
}

/// Why the studio did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The folder, the address or the token.
    #[error("{0}")]
    Io(String),
    /// The catalogue or the templates.
    #[error("the catalogue or the templates could not be loaded")]
    Pipeline(Failure),
}

/// How many previews' worth of Typst's memoized results are kept.
const PREVIEWS_KEPT: usize = 3;

/// The state every request shares.
#[derive(Clone)]
pub struct Shared(Arc<Inner>);

impl std::ops::Deref for Shared {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// What [`Shared`] holds.
pub struct Inner {
    folder: Folder,
    /// The pipeline with the catalogue as it is on disk now.
    pipelines: std::sync::Mutex<Pipelines>,
    /// The token printed at start: the first one-time address.
    pub token: String,
    /// The one-time addresses and the sessions they opened.
    sessions: guard::Sessions,
    /// The port, for the `Host` and `Origin` checks.
    pub port: u16,
    /// When a page of a session last asked something: what `--quit-when-idle`
    /// measures. Open pages ask `/api/alive` every 30 seconds.
    last_request: std::sync::Mutex<Instant>,
}

impl Inner {
    /// How long since a page of a session last asked something.
    fn idle_for(&self) -> Duration {
        self.last_request
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .elapsed()
    }

    fn touched(&self) {
        *self.last_request.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
    }
}

/// The pipeline, loaded again when the catalogue file changes, so that a check or
/// a PDF always uses the catalogue `psr render` would read now.
struct Pipelines {
    path: PathBuf,
    /// When the file was last changed and its length: a change of either (the clock
    /// of some file systems counts in seconds) means it is read again.
    modified: Option<(std::time::SystemTime, u64)>,
    /// The pipeline, or why the catalogue on disk cannot be used.
    current: Result<Arc<Pipeline>, String>,
    /// The engine (templates, fonts) every reload reuses.
    first: Arc<Pipeline>,
}

impl Inner {
    /// The pipeline with the catalogue as it is on disk now.
    fn pipeline(&self) -> Result<Arc<Pipeline>, String> {
        let mut pipelines = self.pipelines.lock().unwrap_or_else(|e| e.into_inner());
        let modified = stamp(&pipelines.path);
        if modified != pipelines.modified {
            pipelines.modified = modified;
            let path = pipelines.path.clone();
            pipelines.current = match pipelines.first.with_catalogue(&path) {
                Ok(pipeline) => {
                    eprintln!("psr studio: the catalogue changed and was read again");
                    Ok(Arc::new(pipeline))
                }
                Err(failure) => {
                    let why = match &failure {
                        Failure::Invalid(files) => format!(
                            "has {} finding(s)",
                            files.iter().map(|f| f.diagnostics.len()).sum::<usize>()
                        ),
                        other => other.to_string(),
                    };
                    eprintln!("psr studio: the catalogue changed and cannot be used ({why})");
                    Err(format!(
                        "the catalogue {} changed and cannot be used ({why}): check it with `psr validate CASE --catalogue {}`; nothing is checked or rendered until it is fixed",
                        path.display(),
                        path.display()
                    ))
                }
            };
        }
        pipelines.current.clone()
    }
}

/// When a file was last changed, and its length.
fn stamp(path: &Path) -> Option<(std::time::SystemTime, u64)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

/// A studio bound to its port, ready to serve.
pub struct Studio {
    listener: tokio::net::TcpListener,
    runtime: tokio::runtime::Runtime,
    shared: Shared,
}

impl Studio {
    /// Loads the catalogue and the templates, binds 127.0.0.1 and makes the token.
    pub fn start(options: &Options) -> Result<Studio, StartError> {
        let folder = Folder::open(&options.folder, Some(&options.catalogue))
            .map_err(|e| StartError::Io(format!("{}: {e}", options.folder.display())))?;
        let pipeline = Pipeline::new(&options.catalogue, &options.resources, options.time_limit)
            .map_err(StartError::Pipeline)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| StartError::Io(e.to_string()))?;
        let address = SocketAddr::from(([127, 0, 0, 1], options.port));
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(address))
            .map_err(|e| StartError::Io(format!("cannot listen on {address}: {e}")))?;
        let port = listener
            .local_addr()
            .map_err(|e| StartError::Io(e.to_string()))?
            .port();
        let token = guard::new_token().map_err(|e| StartError::Io(e.to_string()))?;
        let pipeline = Arc::new(pipeline);
        let pipelines = std::sync::Mutex::new(Pipelines {
            path: options.catalogue.clone(),
            modified: stamp(&options.catalogue),
            current: Ok(Arc::clone(&pipeline)),
            first: pipeline,
        });
        let shared = Shared(Arc::new(Inner {
            folder,
            pipelines,
            sessions: guard::Sessions::new(&token),
            token,
            port,
            last_request: std::sync::Mutex::new(Instant::now()),
        }));
        Ok(Studio {
            listener,
            runtime,
            shared,
        })
    }

    /// The address to open, with the token.
    pub fn address(&self) -> String {
        address_with(self.shared.port, &self.shared.token)
    }

    /// Serves until `stop` is set (polled every tenth of a second) or, with `idle`,
    /// until no page of a session has asked anything for that long: an open page asks
    /// every 30 seconds (`/api/alive`), so a studio started by a double-click ends
    /// soon after its last tab is closed.
    pub fn serve(self, stop: Arc<AtomicBool>, idle: Option<Duration>) -> std::io::Result<Stopped> {
        let Studio {
            listener,
            runtime,
            shared,
        } = self;
        let app = router(shared.clone());
        let idle_out = Arc::new(AtomicBool::new(false));
        let watch = {
            let (stop, idle_out) = (Arc::clone(&stop), Arc::clone(&idle_out));
            move || {
                if idle.is_some_and(|idle| shared.idle_for() >= idle) {
                    idle_out.store(true, Ordering::SeqCst);
                }
                stop.load(Ordering::SeqCst) || idle_out.load(Ordering::SeqCst)
            }
        };
        runtime.block_on(accept(listener, app, watch));
        Ok(if idle_out.load(Ordering::SeqCst) {
            Stopped::Idle
        } else {
            Stopped::Asked
        })
    }
}

/// Why [`Studio::serve`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// `stop` was set (Ctrl-C, SIGTERM, SIGHUP).
    Asked,
    /// No page asked anything for the idle time given.
    Idle,
}

/// At most this many connections at once: a browser opens six; more are closed at
/// once, so that a program opening hundreds cannot run the studio out of files.
const MAX_CONNECTIONS: usize = 64;
/// A request's headers must arrive within this, and a connection idle this long
/// between requests is closed.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection is asked to close after this long, once its request is answered.
const CONNECTION_LIFETIME: Duration = Duration::from_secs(120);

/// The accept loop: each connection served by hyper with the timeouts above, no more
/// than [`MAX_CONNECTIONS`] at once; once `stop` says so, no new connection is taken
/// and those open are given two seconds to finish.
async fn accept(listener: tokio::net::TcpListener, app: Router, stop: impl Fn() -> bool) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    let open = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let stopped = async {
        while !stop() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    tokio::pin!(stopped);
    loop {
        let accepted = tokio::select! {
            () = &mut stopped => break,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _)) = accepted else {
            // Out of files or another passing failure: a pause, not a busy loop.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        // Over the cap the connection is closed unanswered: cheaper than any answer.
        let Ok(permit) = Arc::clone(&open).try_acquire_owned() else {
            continue;
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = tokio::time::sleep(CONNECTION_LIFETIME) => {
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(HEADER_TIMEOUT, connection).await;
                }
            }
            drop(permit);
        });
    }
    // The requests under way finish (a save is atomic whatever happens).
    let _ = tokio::time::timeout(
        Duration::from_secs(2),
        open.acquire_many(MAX_CONNECTIONS as u32),
    )
    .await;
}

fn router(shared: Shared) -> Router {
    let routes = Router::new()
        .route("/", get(list_page))
        .route("/case/{name}", get(case_page))
        .route("/case/{name}/review", get(review::review_page))
        // A form with a key file is small: so is its limit.
        .route(
            "/case/{name}/approve",
            post(review::approve_case).layer(DefaultBodyLimit::max(key::MAX_FORM_BYTES)),
        )
        .route(
            "/case/{name}/countersign",
            post(review::countersign_case).layer(DefaultBodyLimit::max(key::MAX_COUNTERSIGN_BYTES)),
        )
        .route("/case/{name}/check", get(finish::check_page))
        .route("/case/{name}/page/{n}", get(review::page_svg))
        .route("/case/{name}/finish", post(finish::finish_case))
        .route("/case/{name}/addendum", post(addendum::make_addendum))
        .route("/assets/{*file}", get(assets::serve))
        // Browsers ask for it on every page; the studio has none.
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        // What an open page asks every 30 seconds, so that `--quit-when-idle` knows
        // it is open; the answer says nothing.
        .route("/api/alive", get(|| async { StatusCode::NO_CONTENT }))
        .route("/api/cases", get(api_cases).post(api_new))
        .route("/api/case/{name}", get(api_read).put(api_save))
        .route(
            "/api/case/{name}/pdf",
            get(api_pdf)
                .post(api_signed_pdf)
                .layer(DefaultBodyLimit::max(key::MAX_FORM_BYTES)),
        )
        .route("/api/check", post(api_check))
        .route("/api/fmt", post(api_fmt))
        .route("/api/invite", post(api_invite))
        .merge(form::routes())
        .layer(axum::middleware::from_fn_with_state(shared.clone(), log))
        // A case file is at most 5 MiB: so is a request.
        .layer(DefaultBodyLimit::max(MAX_INPUT_BYTES as usize))
        .with_state(shared.clone());
    // The guard sits in front of the routes, not among them: it takes the session's
    // `/s/PATH` off the address before the routes above are matched (`guard::guard`).
    Router::new()
        .fallback_service(routes)
        .layer(axum::middleware::from_fn_with_state(shared, guard::guard))
}

/// The one-time address that opens a session with `token`.
fn address_with(port: u16, token: &str) -> String {
    format!("http://127.0.0.1:{port}/?token={token}")
}

/// `POST /api/invite`: a new one-time address for another browser (a supervisor's),
/// from a page that holds a session: `{"address"}`.
async fn api_invite(State(shared): State<Shared>) -> Response {
    match shared.sessions.invite() {
        Ok(token) => axum::Json(serde_json::json!({
            "address": address_with(shared.port, &token)
        }))
        .into_response(),
        Err(error) => refusal(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()),
    }
}

/// One line a request on stderr: the method, the route (file names, never a
/// person's) and the status.
async fn log(
    State(shared): State<Shared>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    shared.touched();
    let response = next.run(request).await;
    shared.touched();
    // The heartbeat would fill the log with one line every 30 seconds.
    if path != "/api/alive" {
        eprintln!("{method} {path} {}", response.status().as_u16());
    }
    response
}

/// A refusal as JSON: `{"error": "..."}` with its status.
fn refusal(status: StatusCode, message: impl Into<String>) -> Response {
    #[derive(Serialize)]
    struct Refusal {
        error: String,
    }
    (
        status,
        axum::Json(Refusal {
            error: message.into(),
        }),
    )
        .into_response()
}

/// A refusal with the findings that explain it (422).
fn refused_with(error: String, findings: Vec<Finding>) -> Response {
    #[derive(Serialize)]
    struct Refused {
        error: String,
        findings: Vec<Finding>,
    }
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        axum::Json(Refused { error, findings }),
    )
        .into_response()
}

/// A request body as text: case files are UTF-8.
fn utf8(body: Bytes) -> Result<String, Response> {
    String::from_utf8(body.to_vec())
        .map_err(|_| refusal(StatusCode::UNPROCESSABLE_ENTITY, "the text is not UTF-8"))
}

fn name_or_404(name: &str) -> Result<CaseName, Response> {
    CaseName::parse(name).ok_or_else(|| refusal(StatusCode::NOT_FOUND, "no such case file"))
}

impl From<FolderError> for Response {
    fn from(error: FolderError) -> Response {
        let status = match &error {
            FolderError::NotFound(_) => StatusCode::NOT_FOUND,
            FolderError::Conflict { .. } | FolderError::Changed(_) => StatusCode::CONFLICT,
            FolderError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            FolderError::NotText(_) => StatusCode::UNPROCESSABLE_ENTITY,
            FolderError::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        refusal(status, error.to_string())
    }
}

/// Runs blocking work (loading, matching, rendering) off the server's threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| refusal(StatusCode::INTERNAL_SERVER_ERROR, "internal error"))
}

/// A row of the case list.
#[derive(Debug, Clone, Serialize)]
pub struct CaseRow {
    name: String,
    reference: Option<String>,
    hearing: Option<String>,
    kind: Option<String>,
    language: Option<String>,
    status: Option<String>,
    errors: usize,
    warnings: usize,
}

fn case_rows(shared: &Shared) -> Vec<CaseRow> {
    let pipeline = shared.pipeline().ok();
    let mut rows: Vec<CaseRow> = shared
        .folder
        .cases()
        .into_iter()
        .filter_map(|name| case_row(shared, pipeline.as_deref(), name))
        .collect();
    // A court list: the next hearing first; files that do not load at the end.
    rows.sort_by(|a, b| {
        (a.hearing.is_none(), &a.hearing, &a.name).cmp(&(b.hearing.is_none(), &b.hearing, &b.name))
    });
    rows
}

/// A row for a case file; `None` for a catalogue kept in the same folder (it has a
/// top-level `catalogue_version`).
fn case_row(shared: &Shared, pipeline: Option<&Pipeline>, name: CaseName) -> Option<CaseRow> {
    let mut row = CaseRow {
        name: name.as_str().to_string(),
        reference: None,
        hearing: None,
        kind: None,
        language: None,
        status: None,
        errors: 0,
        warnings: 0,
    };
    let Ok(file) = shared.folder.read(&name) else {
        row.errors = 1;
        return Some(row);
    };
    if file
        .text
        .lines()
        .any(|line| line.starts_with("catalogue_version:"))
    {
        return None;
    }
    // Without a usable catalogue nothing is checked: the row shows the file only.
    let Some(pipeline) = pipeline else {
        return Some(row);
    };
    let path = shared.folder.path_of(&name).ok();
    match prepare(pipeline, name.as_str(), file.text, path.as_deref()) {
        Ok(prepared) => {
            let report = &prepared.case.value.report;
            if prepared.case.taint.is_empty() {
                row.reference = Some(report.court_reference.clone());
                row.hearing = Some(report.hearing_date.to_string());
                row.kind = Some(report.kind.as_str().to_string());
                row.language = Some(report.language.code().to_string());
                row.status = Some(format!("{:?}", report.status).to_lowercase());
            }
            row.errors = prepared.findings.iter().filter(|d| d.is_error()).count();
            row.warnings = prepared.findings.len() - row.errors;
        }
        Err(Failure::Invalid(files)) => {
            row.errors = files.iter().map(|f| f.diagnostics.len()).sum();
        }
        Err(_) => row.errors = 1,
    }
    Some(row)
}

/// A text prepared as the case file `file` of the folder, when it is one: the
/// approved copy kept beside that file is read (E034).
fn prepare(
    pipeline: &Pipeline,
    name: &str,
    text: String,
    file: Option<&Path>,
) -> Result<Prepared, Failure> {
    let source = SourceFile {
        name: name.to_string(),
        text,
    };
    match file {
        Some(file) => pipeline.prepare(CaseInput::Editing(source, file)),
        None => pipeline.prepare(source),
    }
}

async fn list_page(State(shared): State<Shared>) -> Result<Html<String>, Response> {
    let rows = blocking({
        let shared = shared.clone();
        move || case_rows(&shared)
    })
    .await?;
    assets::page(
        "list.html",
        minijinja::context! { cases => minijinja::Value::from(minijinja::value::Serde(rows)), folder => shared.folder.path().display().to_string() },
    )
}

async fn case_page(
    UrlPath(name): UrlPath<String>,
    State(shared): State<Shared>,
) -> Result<Html<String>, Response> {
    let name = name_or_404(&name)?;
    shared.folder.path_of(&name)?;
    assets::page("case.html", minijinja::context! { name => name.as_str() })
}

async fn api_cases(State(shared): State<Shared>) -> Result<Response, Response> {
    let rows = blocking(move || case_rows(&shared)).await?;
    Ok(axum::Json(rows).into_response())
}

#[derive(Serialize)]
struct Created {
    name: String,
}

/// A new case from the `psr init` skeleton, its placeholder texts emptied: the form
/// shows each placeholder beside its field instead of text to overwrite, and no
/// answer is given that nobody gave.
async fn api_new(State(shared): State<Shared>) -> Result<Response, Response> {
    let name = shared.folder.create("new-case", &empty_skeleton())?;
    Ok((
        StatusCode::CREATED,
        axum::Json(Created {
            name: name.as_str().to_string(),
        }),
    )
        .into_response())
}

/// `psr init`'s skeleton with no answer nobody gave: a placeholder text the report
/// needs (`"Name of the court"`) is written `""`, and a field whose comment says it
/// is optional is commented out, as psr init leaves the others, its placeholder or
/// date shown there as an example; comments, choices and the required dates stay.
fn empty_skeleton() -> String {
    let mut out = String::with_capacity(CASE_SKELETON.len());
    for line in CASE_SKELETON.lines() {
        out.push_str(&empty_line(line).unwrap_or_else(|| line.to_string()));
        out.push('\n');
    }
    out
}

/// A line of the skeleton as the studio's new case writes it, when it changes.
fn empty_line(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') || !trimmed.contains(": ") {
        return None;
    }
    let indent = &line[..line.len() - trimmed.len()];
    // The comment after the value, if any: `  # optional: …`.
    let (field, comment) = match trimmed.find("  #") {
        Some(at) => (trimmed[..at].trim_end(), trimmed[at..].trim_start()),
        None => (trimmed, ""),
    };
    let optional = comment
        .trim_start_matches('#')
        .trim_start()
        .starts_with("optional");
    let (key, value) = field.split_once(": ")?;
    let placeholder = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .is_some_and(crate::validate::is_placeholder);
    let field = match (optional, placeholder) {
        (true, _) => format!("{indent}# {field}"),
        (false, true) => format!("{indent}{key}: \"\""),
        (false, false) => return None,
    };
    if comment.is_empty() {
        return Some(field);
    }
    // The comment in psr fmt's column.
    const COLUMN: usize = 34;
    let pad = COLUMN.saturating_sub(field.chars().count()).max(1);
    Some(format!("{field}{}{comment}", " ".repeat(pad)))
}

#[derive(Serialize)]
struct FileText {
    text: String,
    version: String,
}

async fn api_read(
    UrlPath(name): UrlPath<String>,
    State(shared): State<Shared>,
) -> Result<Response, Response> {
    let name = name_or_404(&name)?;
    let file = shared.folder.read(&name)?;
    Ok(axum::Json(FileText {
        text: file.text,
        version: file.version,
    })
    .into_response())
}

#[derive(Serialize)]
struct Saved {
    version: String,
}

#[derive(Serialize)]
struct ConflictAnswer {
    error: String,
    kept: String,
    current: String,
}

/// Saves the text if the file is still the version the page opened (`If-Match`).
async fn api_save(
    UrlPath(name): UrlPath<String>,
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Response> {
    let name = name_or_404(&name)?;
    let Some(version) = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim_matches('"').to_string())
    else {
        return Err(refusal(
            StatusCode::PRECONDITION_REQUIRED,
            "a save names the version it replaces (If-Match)",
        ));
    };
    let text = utf8(body)?;
    match shared.folder.save(&name, &text, &version) {
        Ok(version) => Ok(axum::Json(Saved { version }).into_response()),
        Err(FolderError::Conflict { name, kept, current }) => Ok((
            StatusCode::CONFLICT,
            axum::Json(ConflictAnswer {
                error: format!(
                    "`{name}` changed since you opened it (in another tab or program): it was not overwritten, and your text was saved as `{kept}`"
                ),
                kept,
                current,
            }),
        )
            .into_response()),
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
struct CopyQuery {
    #[serde(default)]
    copy: Option<String>,
    /// The case file the text is from, for the log (a check reads only its body).
    #[serde(default)]
    name: Option<String>,
}

fn edition(query: &CopyQuery) -> Edition {
    match query.copy.as_deref() {
        Some("person") => Edition::Person,
        _ => Edition::Court,
    }
}

/// A finding as the page shows it.
#[derive(Serialize)]
struct Finding {
    code: &'static str,
    /// What the code means, in a line: the form's words when the message speaks YAML.
    title: &'static str,
    severity: &'static str,
    message: String,
    hint: Option<String>,
    path: String,
    line: Option<usize>,
    column: Option<usize>,
}

impl From<&Diagnostic> for Finding {
    fn from(d: &Diagnostic) -> Finding {
        Finding {
            code: d.code,
            title: crate::diagnostic::codes::lookup(d.code).map_or("", |c| c.what),
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            },
            message: d.message.clone(),
            hint: d.hint.clone(),
            path: d.path.clone(),
            line: d.location.as_ref().map(|l| l.line),
            column: d.location.as_ref().map(|l| l.column),
        }
    }
}

/// A row of the options table.
#[derive(Serialize)]
struct OptionRow {
    id: String,
    name: String,
    restrictiveness: u8,
    status: &'static str,
    /// Whether the case meets every eligibility rule, proposed or not: a proposed
    /// measure may still not be eligible.
    eligible: bool,
    notes: Vec<String>,
}

/// What a check of the text in the editor returns.
#[derive(Serialize)]
struct Checked {
    findings: Vec<Finding>,
    options: Vec<OptionRow>,
    /// Each page as SVG, or `""` for a page the page already shows (it named it in
    /// `x-psr-pages`): an edit changes a page or two, and a page is ~350 KB.
    pages: Vec<String>,
    /// A name for each page's content, for the next check's `x-psr-pages`.
    page_ids: Vec<String>,
    /// The headings on each page: the page's text alternative.
    headings: Vec<Vec<String>>,
    /// Why there is no preview, when there is none.
    preview: Option<String>,
}

/// A name for a page's content: the same SVG, the same name, within one studio.
fn page_id(svg: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    svg.hash(&mut hasher);
    format!("{:016x}-{}", hasher.finish(), svg.len())
}

/// The findings, the options and the preview of a text, as typed (not saved).
async fn api_check(
    State(shared): State<Shared>,
    Query(query): Query<CopyQuery>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Result<Response, Response> {
    let text = utf8(body)?;
    // The pages the browser shows already: not sent again.
    let shown: Vec<String> = headers
        .get("x-psr-pages")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let edition = edition(&query);
    let case = query.name.as_deref().and_then(CaseName::parse);
    let file = case.as_ref().and_then(|n| shared.folder.path_of(n).ok());
    let mut checked = blocking(move || check(&shared, text, edition, file.as_deref())).await?;
    for (i, svg) in checked.pages.iter_mut().enumerate() {
        let id = page_id(svg);
        if shown.get(i) == Some(&id) {
            svg.clear();
        }
        checked.page_ids.push(id);
    }
    // The file and the codes, as `batch` reports them: never what a finding quotes.
    let name = case.map_or_else(|| "(text)".to_string(), |n| n.as_str().to_string());
    let codes: Vec<&str> = checked.findings.iter().map(|f| f.code).collect();
    eprintln!(
        "check {name}: {}",
        if codes.is_empty() {
            "no findings".to_string()
        } else {
            codes.join(" ")
        }
    );
    Ok(sized_json(&checked))
}

/// `checked` as a JSON answer, written into a buffer allocated once: the largest case's
/// pages are ~20 MB of SVG, and a buffer grown by doubling (as `axum::Json` does) would
/// hold two copies of it at once, beyond the memory ceiling (issue 30, 1).
fn sized_json(checked: &Checked) -> Response {
    // SVG escapes its own quotes as `&quot;` rarely; JSON escapes every `"` it has.
    let svg: usize = checked.pages.iter().map(|p| p.len() + p.len() / 8).sum();
    let mut body = Vec::with_capacity(svg + 64 * 1024);
    match serde_json::to_writer(&mut body, checked) {
        Ok(()) => (
            [(header::CONTENT_TYPE, "application/json")],
            Bytes::from(body),
        )
            .into_response(),
        Err(error) => refusal(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()),
    }
}

impl Checked {
    /// Findings and why there is no preview: no options, no pages.
    fn without_preview(findings: Vec<Finding>, why: impl Into<String>) -> Checked {
        Checked {
            findings,
            options: Vec::new(),
            pages: Vec::new(),
            page_ids: Vec::new(),
            headings: Vec::new(),
            preview: Some(why.into()),
        }
    }
}

fn check(shared: &Shared, text: String, edition: Edition, file: Option<&Path>) -> Checked {
    let pipeline = match shared.pipeline() {
        Ok(pipeline) => pipeline,
        Err(why) => return Checked::without_preview(Vec::new(), why),
    };
    let prepared = match prepare(&pipeline, "case.yaml", text, file) {
        Ok(prepared) => prepared,
        Err(Failure::Invalid(files)) => {
            let findings = files
                .iter()
                .flat_map(|f| f.diagnostics.iter().map(Finding::from))
                .collect();
            return Checked::without_preview(
                findings,
                "the file cannot be read as a case: see the findings",
            );
        }
        Err(other) => return Checked::without_preview(Vec::new(), other.to_string()),
    };
    let findings = prepared.findings.iter().map(Finding::from).collect();
    // Nothing over the limits is laid out: the preview would take the time and memory
    // the limits keep `psr render` under.
    if !prepared.case.taint.is_empty() {
        return Checked::without_preview(
            findings,
            "fix the errors marked in the text to see the report",
        );
    }
    if prepared.over_limits() {
        return Checked::without_preview(
            findings,
            "shorten the texts and lists marked too long to see the report",
        );
    }
    let options = option_rows(&prepared);
    let (pages, headings, preview) = match pipeline.preview(&prepared, edition) {
        Ok(shown) => (shown.pages, shown.headings, None),
        Err(failure) => (Vec::new(), Vec::new(), Some(failure.to_string())),
    };
    // Typst's results of the last few previews are kept (an edit re-lays out only
    // what changed); older ones are dropped after every preview, or memory grows
    // about a megabyte an edit (`cargo bench --bench studio_memory`).
    Engine::evict_caches(PREVIEWS_KEPT);
    Checked {
        findings,
        options,
        pages,
        page_ids: Vec::new(),
        headings,
        preview,
    }
}

/// The options table: every measure of the catalogue, its status and why.
fn option_rows(prepared: &Prepared) -> Vec<OptionRow> {
    prepared
        .matching
        .options
        .iter()
        .map(|o| OptionRow {
            id: o.measure.id.clone(),
            name: o.name.clone(),
            restrictiveness: o.measure.restrictiveness,
            status: match o.status {
                OptionStatus::Proposed => "proposed",
                OptionStatus::Eligible => "eligible",
                OptionStatus::NotEligible => "not eligible",
            },
            eligible: !o.reasons.iter().any(crate::matching::Reason::excludes),
            notes: o
                .reasons
                .iter()
                .map(ToString::to_string)
                .chain(o.conflicts.iter().map(ToString::to_string))
                .collect(),
        })
        .collect()
}

/// A case file's text written by `psr fmt`'s layout ([`api_fmt`], the forms'
/// `/api/form/yaml`), as the page receives it: `{"text"}`, the findings that stop it
/// (422, with `refused`), or an internal error that changed nothing.
fn formatted(result: Result<String, crate::fmt::FormatError>, refused: &str) -> Response {
    #[derive(Serialize)]
    struct Formatted {
        text: String,
    }
    match result {
        Ok(text) => axum::Json(Formatted { text }).into_response(),
        Err(crate::fmt::FormatError::Invalid(diagnostics)) => refused_with(
            refused.into(),
            diagnostics.iter().map(Finding::from).collect(),
        ),
        Err(crate::fmt::FormatError::Internal(why)) => refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("internal error: {why}; the text was not changed"),
        ),
    }
}

/// The text as typed, in `psr fmt`'s layout (every value and comment kept); a text
/// that is not YAML psr reads is refused with its findings.
async fn api_fmt(body: Bytes) -> Result<Response, Response> {
    let text = utf8(body)?;
    let source = SourceFile {
        name: "case.yaml".into(),
        text,
    };
    let result = blocking(move || crate::fmt::format_case(source)).await?;
    Ok(formatted(
        result,
        "the text cannot be tidied until it reads as YAML: see the findings",
    ))
}

/// The PDF of the saved file: the same bytes as `psr render` writes, refused with
/// its findings when the case has errors.
async fn api_pdf(
    UrlPath(name): UrlPath<String>,
    State(shared): State<Shared>,
    Query(query): Query<CopyQuery>,
) -> Result<Response, Response> {
    let name = name_or_404(&name)?;
    let path = shared.folder.path_of(&name)?;
    let edition = edition(&query);
    let pipeline = shared
        .pipeline()
        .map_err(|why| refusal(StatusCode::UNPROCESSABLE_ENTITY, why))?;
    let rendered = blocking(move || render_file(&pipeline, path.as_path(), edition)).await?;
    match rendered {
        Ok(RenderedFile { file, pdf, .. }) => Ok(pdf_answer(&file, pdf, None)),
        Err(failure) => Err(not_rendered(failure)),
    }
}

/// `POST /api/case/{name}/pdf?copy=…` with the author's key file and passphrase
/// (multipart, [`key::read`]): the PDF of the saved file signed as `psr render --sign`
/// signs it, "Author of the pre-sentence report". The key must name the report's
/// author, and is held in this request's memory only.
async fn api_signed_pdf(
    UrlPath(name): UrlPath<String>,
    State(shared): State<Shared>,
    Query(query): Query<CopyQuery>,
    request: axum::extract::Request,
) -> Result<Response, Response> {
    let name = name_or_404(&name)?;
    let path = shared.folder.path_of(&name)?;
    let edition = edition(&query);
    let posted = key::read(request).await?;
    let unprocessable = |why: String| refusal(StatusCode::UNPROCESSABLE_ENTITY, why);
    if let Some(problem) = posted.problem {
        return Err(unprocessable(format!("{problem}; nothing was signed")));
    }
    let Some(key) = posted.key else {
        return Err(unprocessable(
            "choose your key file (.p12 or .pfx) to sign the PDF".into(),
        ));
    };
    let pipeline = shared
        .pipeline()
        .map_err(|why| refusal(StatusCode::UNPROCESSABLE_ENTITY, why))?;
    let signed = blocking(move || -> Result<(String, Vec<u8>, String), Response> {
        let when = crate::sign::signing_time()
            .map_err(|why| refusal(StatusCode::INTERNAL_SERVER_ERROR, why))?;
        let signer = key
            .open(when)
            .map_err(|why| unprocessable(format!("{why}; nothing was signed")))?;
        // The key file and passphrase are wiped here: the signer is all that is needed.
        drop(key);
        let mut rendered = pipeline
            .render_case(path.as_path(), &[edition])
            .map_err(not_rendered)?;
        let case = &rendered.prepared.case.value;
        let file = download_name(case, edition);
        let signer_is = signer.identity();
        let author = case.report.author.name.trim().to_string();
        if !crate::validate::same_person(&signer_is.name, &author) {
            let supervisor = case
                .report
                .supervisor
                .as_ref()
                .and_then(|s| s.name.as_deref())
                .is_some_and(|s| crate::validate::same_person(&signer_is.name, s));
            let what = if supervisor {
                "; a supervisor countersigns the author's signed court copy, on the review page or with `psr countersign`"
            } else {
                ": the report's author signs it, with their own key"
            };
            return Err(unprocessable(format!(
                "the key names {}, not the report's author ({author}){what}; nothing was signed",
                signer_is.name
            )));
        }
        // Signed as `psr render --sign` signs each copy: the same library call.
        rendered
            .sign(crate::pipeline::Signing {
                signer: &signer,
                when,
            })
            .map_err(|why| unprocessable(format!("the PDF was not signed: {why}")))?;
        // One edition asked, one copy made: none would be a defect, never an empty PDF.
        let pdf = rendered
            .copies
            .into_iter()
            .next()
            .map(|copy| copy.pdf)
            .ok_or_else(|| not_rendered(no_copy()))?;
        Ok((file, pdf, signer_is.describe()))
    })
    .await??;
    let (file, pdf, by) = signed;
    eprintln!("pdf {}: signed", name.as_str());
    Ok(pdf_answer(&file, pdf, Some(&by)))
}

/// A PDF as a download, named as a court files it, with its SHA-256 (and whom it is
/// signed by, percent-encoded UTF-8) in headers the page shows.
fn pdf_answer(file: &str, pdf: Vec<u8>, signed_by: Option<&str>) -> Response {
    let sha256 = crate::output::sha256_hex(&pdf);
    let mut response = (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
            // The page shows it, as `psr render` prints it, for the court to check.
            (header::HeaderName::from_static("x-psr-sha256"), sha256),
        ],
        pdf,
    )
        .into_response();
    if let Some(by) = signed_by
        && let Ok(value) = header::HeaderValue::from_str(&percent_encoded(by))
    {
        response
            .headers_mut()
            .insert(header::HeaderName::from_static("x-psr-signed-by"), value);
    }
    response
}

/// UTF-8 text percent-encoded as JavaScript's `decodeURIComponent` reads it.
fn percent_encoded(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Why a PDF was not rendered: a case with errors, refused with its findings (422),
/// or a failure of psr.
fn not_rendered(failure: Failure) -> Response {
    match failure {
        Failure::Invalid(files) => {
            let findings: Vec<Finding> = files
                .iter()
                .flat_map(|f| {
                    f.diagnostics
                        .iter()
                        .filter(|d| d.is_error())
                        .map(Finding::from)
                })
                .collect();
            refused_with(
                format!(
                    "the saved case has {} error(s): nothing was rendered",
                    findings.len()
                ),
                findings,
            )
        }
        other => refusal(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
    }
}

/// One copy of a case, as `psr render` writes it.
struct RenderedFile {
    /// The PDF's name as a court files it ([`download_name`]).
    file: String,
    /// The PDF.
    pdf: Vec<u8>,
    /// The case it was rendered from.
    case: crate::model::Case,
}

/// Renders one copy of a case file (the PDF download, the earlier report of an
/// addendum): the same bytes as `psr render --copy court|person`.
fn render_file<'a>(
    pipeline: &Pipeline,
    input: impl Into<CaseInput<'a>>,
    edition: Edition,
) -> Result<RenderedFile, Failure> {
    let rendered = pipeline.render_case(input, &[edition])?;
    let case = rendered.prepared.case.value;
    let file = download_name(&case, edition);
    // One edition asked, one copy made: none would be a defect, never an empty PDF.
    let pdf = rendered
        .copies
        .into_iter()
        .next()
        .map(|copy| copy.pdf)
        .ok_or_else(no_copy)?;
    Ok(RenderedFile { file, pdf, case })
}

/// A render that made no copy of the one asked for: an internal error.
fn no_copy() -> Failure {
    Failure::Render(crate::render::RenderError::Internal(
        "no copy was rendered".into(),
    ))
}

/// A PDF's name as a court files it: the court reference, the kind, the copy and the
/// report's date — `RMC-CR-2026-0417_full_court_2026-11-28.pdf` — never the person's
/// name.
fn download_name(case: &crate::model::Case, edition: Edition) -> String {
    let mut reference = String::new();
    for c in case.report.court_reference.trim().chars().take(80) {
        if c.is_ascii_alphanumeric() {
            reference.push(c);
        } else if !reference.ends_with('-') {
            reference.push('-');
        }
    }
    let reference = reference.trim_matches('-');
    let reference = if reference.is_empty() {
        "report"
    } else {
        reference
    };
    format!(
        "{reference}_{}_{}_{}.pdf",
        case.report.kind.as_str().replace('_', "-"),
        edition.as_str(),
        case.report_date()
    )
}
