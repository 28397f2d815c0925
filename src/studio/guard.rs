//! Who may talk to the studio: this machine's browser, holding the token printed at
//! start. The data are people's health, trauma and children (`docs/security.md`,
//! "The studio").
//!
//! A session is two secrets, and a request needs both: a cookie, and the path every
//! address of the session starts with (`/s/PATH/…`). A browser sends a cookie of
//! 127.0.0.1 to every port of it, so another program listening on this machine may
//! receive the cookie; it never sees the path, which the browser sends to the studio
//! alone (`Referrer-Policy` keeps it out of requests to any other origin, and other
//! ports are other origins). The path alone, read from the browser's history, opens
//! nothing either: the cookie is `HttpOnly` and `SameSite=Strict`.

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Shared;

/// The cookie that carries a session: `psr_studio_PORT`. The name says whose it is
/// (a browser sends it to every port of 127.0.0.1), and its value is a session of
/// this server only, never the token printed at start.
pub fn cookie_name(port: u16) -> String {
    format!("psr_studio_{port}")
}

tokio::task_local! {
    /// The session's `/s/PATH` while a request of it is answered: the pages' links
    /// start with it ([`base`]).
    static BASE: String;
}

/// Where the studio's addresses start for the request being answered: `/s/PATH` of
/// its session, or `""` outside one (a refusal before any session).
pub fn base() -> String {
    BASE.try_with(Clone::clone).unwrap_or_default()
}

/// One session: the cookie's value and the path its addresses start with.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Session {
    cookie: String,
    path: String,
}

/// At most this many sessions and unused addresses are kept; the oldest go first.
const KEPT: usize = 16;

/// The studio's one-time addresses and its sessions: the token printed at start (and
/// each address made for another browser) opens one session, once.
#[derive(Debug, Default)]
pub struct Sessions {
    unused: std::sync::Mutex<Vec<String>>,
    open: std::sync::Mutex<Vec<Session>>,
}

impl Sessions {
    /// The sessions, the printed token its first unused address.
    pub fn new(token: &str) -> Sessions {
        let sessions = Sessions::default();
        lock(&sessions.unused).push(token.to_string());
        sessions
    }

    /// A new one-time address's token, for another browser.
    pub fn invite(&self) -> std::io::Result<String> {
        let token = new_token()?;
        keep(&mut lock(&self.unused), token.clone());
        Ok(token)
    }

    /// The session opened by `token`, which is then used up; `None` for a token not
    /// (or no longer) unused.
    fn open(&self, token: &str) -> Option<Session> {
        let mut unused = lock(&self.unused);
        let at = unused.iter().position(|t| same(t, token))?;
        unused.remove(at);
        drop(unused);
        let session = Session {
            cookie: new_token().ok()?,
            path: new_token().ok()?,
        };
        keep(&mut lock(&self.open), session.clone());
        Some(session)
    }

    /// Whether `path` and `cookie` are the two halves of one open session.
    fn holds(&self, path: &str, cookie: &str) -> bool {
        lock(&self.open)
            .iter()
            .any(|s| same(&s.path, path) & same(&s.cookie, cookie))
    }
}

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A poisoned lock only means a request panicked while holding it: the list holds.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn keep<T>(list: &mut Vec<T>, value: T) {
    if list.len() >= KEPT {
        list.remove(0);
    }
    list.push(value);
}

/// The page may run its own script and show its own images and previews (blob URLs),
/// and nothing else: no inline script, no request leaving the machine, no framing.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The one address answered without a session: the pages' stylesheet.
const STYLESHEET: &str = "/assets/studio.css";

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
/// and port (DNS rebinding), the token is held (query once, then the session's path
/// and cookie together), and a request that changes something comes from the
/// studio's own pages (CSRF: see [`from_own_page`]). The routes see the address
/// without the session's path. Every answer carries the security headers.
pub async fn guard(State(shared): State<Shared>, mut request: Request, next: Next) -> Response {
    let port = shared.port;
    let headers = request.headers();
    let ours =
        |host: &str| host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}");
    // One `Host`, the studio's; a target in absolute form names no other host.
    let mut hosts = headers.get_all(header::HOST).iter();
    let host_ok = match (hosts.next(), hosts.next()) {
        (Some(host), None) => host.to_str().is_ok_and(ours),
        _ => false,
    };
    let target_ok = request
        .uri()
        .authority()
        .is_none_or(|authority| ours(authority.as_str()));
    if !host_ok || !target_ok {
        return refuse(StatusCode::FORBIDDEN, "this address is not the studio's");
    }
    // The stylesheet holds nothing of a case nor of a session: it is served outside
    // one, so that the refusals below read as the studio's pages do.
    if request.method() == Method::GET && request.uri().path() == STYLESHEET {
        let mut response = next.run(request).await;
        secure(response.headers_mut());
        return response;
    }
    let token = request
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("token=")));
    if let Some(token) = token.filter(|_| request.method() == Method::GET) {
        return exchange_token(&shared, token, request.uri().path());
    }
    // The session: its path starts the address, its cookie comes with it.
    let Some((base, rest)) = in_session(request.uri().path(), headers, port, &shared.sessions)
    else {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "Open the studio from the address psr studio printed (once), or from this browser's history.",
        );
    };
    if rest.is_empty() {
        let mut response = (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, format!("{base}/"))],
        )
            .into_response();
        secure(response.headers_mut());
        return response;
    }
    let changes = !matches!(*request.method(), Method::GET | Method::HEAD);
    if changes && !from_own_page(headers, port) {
        return refuse(
            StatusCode::FORBIDDEN,
            "a change must come from the studio's own page",
        );
    }
    let page = is_page(&rest);
    let Some(uri) = without_base(request.uri(), &rest) else {
        return refuse(StatusCode::BAD_REQUEST, "400 Bad Request");
    };
    *request.uri_mut() = uri;
    BASE.scope(base.clone(), async move {
        let mut response = next.run(request).await;
        if page && (response.status().is_client_error() || response.status().is_server_error()) {
            response = as_page(response).await;
        }
        // The routes redirect within the studio (`/case/…`): within the session.
        let moved = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .filter(|to| to.starts_with('/') && !to.starts_with("//"))
            .and_then(|to| HeaderValue::from_str(&format!("{base}{to}")).ok());
        if let Some(to) = moved {
            response.headers_mut().insert(header::LOCATION, to);
        }
        secure(response.headers_mut());
        response
    })
    .await
}

/// The one-time address exchanged for a session: a redirect to the session's path
/// with its cookie, or 401 when the token was used already or is not this studio's.
fn exchange_token(shared: &Shared, token: &str, path: &str) -> Response {
    // Once: the address opens a session, whose cookie and path replace it; the
    // token leaves the address bar and history, and no one can use it again.
    let Some(session) = shared.sessions.open(token) else {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "This address has been used already, or is not this studio's. Open the studio from this browser's history, or from Open in another browser in a browser that has it open; or start psr studio again for a new address.",
        );
    };
    // Kept for twelve hours, so that a browser closed and opened again finds its
    // session (from its history) while the studio runs; the session ends with
    // the studio.
    let cookie = format!(
        "{}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200",
        cookie_name(shared.port),
        session.cookie
    );
    let mut response = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/s/{}{}", session.path, path))],
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    secure(response.headers_mut());
    response
}

/// The session a request belongs to, as `("/s/PATH", the rest of the path)`: its
/// address starts with an open session's path and it carries that session's cookie.
fn in_session(
    path: &str,
    headers: &HeaderMap,
    port: u16,
    sessions: &Sessions,
) -> Option<(String, String)> {
    let after = path.strip_prefix("/s/")?;
    let (secret, rest) = after.find('/').map_or((after, ""), |at| after.split_at(at));
    let name = cookie_name(port);
    let held = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().strip_prefix(name.as_str())?.strip_prefix('='))
        .any(|cookie| sessions.holds(secret, cookie));
    held.then(|| (format!("/s/{secret}"), rest.to_string()))
}

/// The request's address with `rest` as its path, its query kept.
fn without_base(uri: &Uri, rest: &str) -> Option<Uri> {
    let target = match uri.query() {
        Some(query) => format!("{rest}?{query}"),
        None => rest.to_string(),
    };
    target.parse().ok()
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
    // The studio's own requests may name where they come from; no other origin (no
    // other site, no other port of this machine) learns the session's path or a
    // case's name from a link.
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::CACHE_CONTROL, "no-store");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
}

#[cfg(test)]
mod tests {
    use super::{Sessions, from_own_page, in_session, same};
    use axum::http::{HeaderMap, HeaderValue, header};

    #[test]
    fn the_token_is_compared_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }

    #[test]
    fn an_address_opens_one_session_once_whose_path_and_cookie_go_together() {
        let sessions = Sessions::new("printed");
        let session = sessions.open("printed").expect("a session");
        assert_eq!(sessions.open("printed"), None, "used once");
        assert_ne!(session.cookie, "printed");
        assert_ne!(session.path, "printed");
        assert_ne!(session.path, session.cookie);
        let cookie = |text: String| {
            let mut headers = HeaderMap::new();
            headers.insert(header::COOKIE, HeaderValue::from_str(&text).unwrap());
            headers
        };
        let ours = cookie(format!("a=1; psr_studio_4000={}", session.cookie));
        let path = format!("/s/{}/case/x.yaml", session.path);
        assert_eq!(
            in_session(&path, &ours, 4000, &sessions),
            Some((format!("/s/{}", session.path), "/case/x.yaml".to_string()))
        );
        assert_eq!(
            in_session(&format!("/s/{}", session.path), &ours, 4000, &sessions),
            Some((format!("/s/{}", session.path), String::new()))
        );
        // The cookie alone (what another server on this machine receives) opens
        // nothing: not the list, not a path it guesses, not the token's.
        for path in ["/", "/case/x.yaml", "/s/", "/s/printed/", "/s//case/x.yaml"] {
            assert_eq!(in_session(path, &ours, 4000, &sessions), None, "{path}");
        }
        let wrong_path = format!("/s/{}/", &session.path[1..]);
        assert_eq!(in_session(&wrong_path, &ours, 4000, &sessions), None);
        // The path alone, or with another port's or a shortened cookie, neither.
        let path = format!("/s/{}/", session.path);
        assert_eq!(in_session(&path, &HeaderMap::new(), 4000, &sessions), None);
        for other in [
            format!("psr_studio_4001={}", session.cookie),
            format!("psr_studio_4000={}", &session.cookie[1..]),
            "psr_studio_4000=printed".to_string(),
            format!("psr_studio_4000={}", session.path),
        ] {
            assert_eq!(
                in_session(&path, &cookie(other.clone()), 4000, &sessions),
                None,
                "{other}"
            );
        }
        // Another browser: a new address, once, a session of its own; the halves of
        // two sessions do not make one.
        let invite = sessions.invite().expect("an address");
        let second = sessions.open(&invite).expect("a second session");
        assert!(sessions.open(&invite).is_none());
        let mixed = cookie(format!("psr_studio_4000={}", second.cookie));
        assert_eq!(in_session(&path, &mixed, 4000, &sessions), None);
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
