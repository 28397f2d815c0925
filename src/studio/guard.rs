//! Who may talk to the studio: this machine's browser, holding the token printed at
//! start. The data are people's health, trauma and children (`docs/security.md`,
//! "The studio").

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Shared;

/// The cookie that carries the token after the first visit.
pub const COOKIE: &str = "psr_studio";

/// The page may run its own script and show its own images and previews (blob URLs),
/// and nothing else: no inline script, no request leaving the machine, no framing.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A fresh token: 32 random bytes in hexadecimal.
pub fn new_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares two strings in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

/// The checks every request passes, in order: the `Host` is this loopback address
/// and port (DNS rebinding), the token is held (query once, then the cookie), and a
/// request that changes something comes from the studio's own pages (CSRF: see
/// [`from_own_page`]). Every answer carries the security headers.
pub async fn guard(State(shared): State<Shared>, request: Request, next: Next) -> Response {
    let port = shared.port;
    let headers = request.headers();
    let host_ok = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|host| {
            host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
        });
    if !host_ok {
        return refuse(StatusCode::FORBIDDEN, "this address is not the studio's");
    }
    let token_in_query = request
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("token=")))
        .is_some_and(|t| same(t, &shared.token));
    if token_in_query && request.method() == Method::GET {
        // Once: the token moves to a cookie and out of the address bar and history.
        let cookie = format!(
            "{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/",
            shared.token
        );
        let mut response = (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, request.uri().path().to_string())],
        )
            .into_response();
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        secure(response.headers_mut());
        return response;
    }
    if !has_cookie(headers, &shared.token) {
        return refuse(StatusCode::UNAUTHORIZED, "401 Unauthorized");
    }
    let changes = !matches!(*request.method(), Method::GET | Method::HEAD);
    if changes && !from_own_page(headers, port) {
        return refuse(
            StatusCode::FORBIDDEN,
            "a change must come from the studio's own page",
        );
    }
    let page = is_page(request.uri().path());
    let mut response = next.run(request).await;
    if page && (response.status().is_client_error() || response.status().is_server_error()) {
        response = as_page(response).await;
    }
    secure(response.headers_mut());
    response
}

/// Whether a path is one of the studio's pages, which a person reads in the browser
/// (not its API or its assets).
fn is_page(path: &str) -> bool {
    !path.starts_with("/api/") && !path.starts_with("/assets/")
}

/// An error answered to a page, as a page: the message of the JSON or text answer
/// in the studio's error page.
async fn as_page(response: Response) -> Response {
    let status = response.status();
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if html {
        return response;
    }
    let body = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&body);
    let message = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string))
        .unwrap_or_else(|| text.trim().to_string());
    super::assets::error_page(status, &message)
}

/// Whether a request that changes something comes from one of the studio's own pages.
///
/// A browser says where a request comes from in `Sec-Fetch-Site`, which no page can
/// set: `same-origin` is the studio's own page; anything else (`cross-site`, or
/// `same-site` for another program on this machine, whatever its port) is refused.
/// A browser's form post may carry `Origin: null` (a page with a strict referrer
/// policy does), so the origin is only required to be the studio's when it names
/// one. A client with no `Sec-Fetch-Site` (an older browser, a script) must send the
/// studio's own `Origin`.
fn from_own_page(headers: &HeaderMap, port: u16) -> bool {
    let get = |name: &str| headers.get(name).and_then(|h| h.to_str().ok());
    let own = |origin: &str| {
        origin == format!("http://127.0.0.1:{port}") || origin == format!("http://localhost:{port}")
    };
    let origin = get("origin");
    match get("sec-fetch-site") {
        Some("same-origin") => origin.is_none_or(|o| o == "null" || own(o)),
        Some(_) => false,
        None => origin.is_some_and(own),
    }
}

fn has_cookie(headers: &HeaderMap, token: &str) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .any(|value| same(value, token))
}

fn refuse(status: StatusCode, text: &'static str) -> Response {
    let mut response = super::assets::error_page(status, text);
    secure(response.headers_mut());
    response
}

fn secure(headers: &mut HeaderMap) {
    let set = |headers: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(headers, header::CONTENT_SECURITY_POLICY, CSP);
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // The studio's own requests may name where they come from; no other site learns
    // a case's name from a link.
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::CACHE_CONTROL, "no-store");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
}

#[cfg(test)]
mod tests {
    use super::{from_own_page, has_cookie, same};
    use axum::http::{HeaderMap, HeaderValue, header};

    #[test]
    fn the_token_is_compared_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; psr_studio=abc"),
        );
        assert!(has_cookie(&headers, "abc"));
        assert!(!has_cookie(&headers, "ab"));
    }

    #[test]
    fn a_change_comes_from_the_studio_s_own_page() {
        let with = |pairs: &[(&'static str, &'static str)]| {
            let mut headers = HeaderMap::new();
            for (name, value) in pairs {
                headers.insert(*name, HeaderValue::from_static(value));
            }
            from_own_page(&headers, 4000)
        };
        // Chromium's form post from the studio's own page.
        assert!(with(&[
            ("sec-fetch-site", "same-origin"),
            ("origin", "null")
        ]));
        assert!(with(&[
            ("sec-fetch-site", "same-origin"),
            ("origin", "http://127.0.0.1:4000")
        ]));
        assert!(with(&[("origin", "http://localhost:4000")]));
        // Another site, another program on this machine, a page with no origin.
        assert!(!with(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "null")
        ]));
        assert!(!with(&[
            ("sec-fetch-site", "same-site"),
            ("origin", "http://127.0.0.1:4001")
        ]));
        assert!(!with(&[("sec-fetch-site", "none")]));
        assert!(!with(&[("origin", "null")]));
        assert!(!with(&[("origin", "http://127.0.0.1:4001")]));
        assert!(!with(&[]));
        assert!(!with(&[
            ("sec-fetch-site", "same-origin"),
            ("origin", "http://evil.example")
        ]));
    }
}
