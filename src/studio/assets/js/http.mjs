// The one way the pages talk to the studio: same origin, the session's path and
// cookie, nothing cached. A studio that does not answer (stopped, or the machine
// asleep) is said once, in the banner, until it answers again.

// Every address of a session starts with its `/s/PATH` (docs/security.md, "The
// studio"); this module is served at `/s/PATH/assets/js/http.mjs`.
const BASE = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/** The studio's address `path` (`/api/…`, `/case/…`) within this session. */
export function at(path) {
  return BASE + path;
}

function gone(yes) {
  const banner = document.getElementById("gone");
  if (banner) banner.hidden = !yes;
}

/**
 * A request; `{ response, data }` with `data` the JSON answer, if any. Throws only
 * when the studio does not answer. `body` that is not a string is sent as JSON.
 */
export async function api(method, url, body, type) {
  const headers = {};
  if (body !== undefined && typeof body !== "string") {
    body = JSON.stringify(body);
    type = "application/json";
  }
  if (type) headers["content-type"] = type;
  return request(url, { method, body, headers });
}

/** A text (the YAML) sent as typed. */
export const TEXT = "text/plain; charset=utf-8";

/**
 * A request with its own headers (x-psr-pages, if-match); as `api`. A `url` that
 * starts with `/` is the studio's address within the session (`at`).
 */
export async function request(url, init) {
  let response;
  try {
    if (url.startsWith("/")) url = at(url);
    response = await fetch(url, Object.assign({ credentials: "same-origin", cache: "no-store" }, init));
  } catch (error) {
    gone(true);
    throw error;
  }
  gone(false);
  let data = null;
  if ((response.headers.get("content-type") || "").startsWith("application/json")) {
    try {
      data = await response.json();
    } catch (_) {
      data = null;
    }
  }
  return { response, data };
}

/**
 * Tells the studio this page is open: every 30 seconds, and at once when it is
 * shown again (a hidden tab's timers may be slowed to once a minute). A studio
 * started with `--quit-when-idle` (a double-click start) stops once no page asks.
 */
export function keepAlive() {
  const beat = () => request("/api/alive").catch(() => {});
  setInterval(beat, 30000);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) beat();
  });
}
