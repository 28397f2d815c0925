//! The studio's pages, script and style, all inside the binary: no request leaves the
//! machine, and nothing is built in CI.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// A script module, by its path under `assets/`.
macro_rules! module {
    ($path:literal) => {
        (
            $path,
            "text/javascript; charset=utf-8",
            include_str!(concat!("assets/", $path)),
        )
    };
}

/// The static files: path under `/assets/`, content type, bytes. The script is ES
/// modules (`js/main.mjs` imports the rest), served as they are written: no build step.
pub const FILES: &[(&str, &str, &str)] = &[
    module!("js/main.mjs"),
    module!("js/http.mjs"),
    module!("js/dom.mjs"),
    module!("js/list.mjs"),
    module!("js/editor.mjs"),
    module!("js/form.mjs"),
    module!("js/fields.mjs"),
    module!("js/tabs.mjs"),
    module!("js/core/paths.mjs"),
    module!("js/core/schema.mjs"),
    module!("js/core/guide.mjs"),
    module!("js/core/words.mjs"),
    module!("js/core/values.mjs"),
    module!("js/core/sync.mjs"),
    (
        "studio.css",
        "text/css; charset=utf-8",
        include_str!("assets/studio.css"),
    ),
];

/// The page templates (minijinja, HTML escaped).
const PAGES: &[(&str, &str)] = &[
    ("layout.html", include_str!("assets/layout.html")),
    ("list.html", include_str!("assets/list.html")),
    ("case.html", include_str!("assets/case.html")),
    ("review.html", include_str!("assets/review.html")),
    ("check.html", include_str!("assets/check.html")),
    ("error.html", include_str!("assets/error.html")),
];

/// `GET /assets/{*file}`: one of the files above, nothing else.
pub async fn serve(Path(file): Path<String>) -> Response {
    match FILES.iter().find(|(name, _, _)| *name == file) {
        Some((_, kind, body)) => ([(header::CONTENT_TYPE, *kind)], *body).into_response(),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// The page templates, parsed once: a page (a refusal answered to a client with no
/// session, too) costs a render, not a parse.
static PAGES_ENV: std::sync::LazyLock<Result<minijinja::Environment<'static>, minijinja::Error>> =
    std::sync::LazyLock::new(|| {
        let mut env = minijinja::Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        for (template, source) in PAGES {
            env.add_template(template, source)?;
        }
        Ok(env)
    });

/// A page, rendered with `context`; every value is HTML-escaped. Its links start
/// with `base`, the session's `/s/PATH` (`guard::base`).
pub fn page(name: &str, context: minijinja::Value) -> Result<Html<String>, Response> {
    let env = PAGES_ENV.as_ref().map_err(internal)?;
    // `/s/` and hexadecimal digits: nothing to escape, and left as the browser shows it.
    let base = minijinja::Value::from_safe_string(super::guard::base());
    let context = minijinja::context! { base => base, ..context };
    env.get_template(name)
        .and_then(|template| template.render(context))
        .map(Html)
        .map_err(|e| internal(&e))
}

/// A page rendered from a serializable context, answered with `status`.
pub fn page_with(
    status: StatusCode,
    name: &str,
    context: impl serde::Serialize,
) -> Result<Response, Response> {
    let html = page(
        name,
        minijinja::Value::from(minijinja::value::Serde(context)),
    )?;
    Ok((status, html).into_response())
}

/// The page a browser shows for a refusal or an error on one of the studio's pages
/// (not its API, which answers JSON): titled, in English, with a main landmark and a
/// way back, whatever went wrong.
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let title = match status {
        StatusCode::NOT_FOUND => "Not found",
        StatusCode::UNAUTHORIZED => "Open the studio from the address it printed",
        StatusCode::FORBIDDEN => "Refused",
        s if s.is_server_error() => "Something went wrong",
        _ => "Not done",
    };
    refused_page(status, title, message, None, &[])
}

/// A refusal of an action on a case, as a page: its own title, the message, the
/// findings that explain it (code and message) and a way back to the case file
/// `case`.
pub fn refused_page(
    status: StatusCode,
    title: &str,
    message: &str,
    case: Option<&str>,
    findings: &[(&str, String)],
) -> Response {
    let findings: Vec<minijinja::Value> = findings
        .iter()
        .map(|(code, message)| minijinja::context! { code => *code, message => message })
        .collect();
    let context = minijinja::context! {
        title => title,
        message => message,
        case => case,
        findings => findings,
    };
    match page("error.html", context) {
        Ok(html) => (status, html).into_response(),
        Err(response) => response,
    }
}

/// A page template failed: a defect of psr, named on stderr (templates hold no case
/// data, and the message names the template and the line).
fn internal(error: &minijinja::Error) -> Response {
    eprintln!("psr studio: internal error in a page template: {error}");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}
