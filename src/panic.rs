//! Panics never reach a user as Rust's message: a panic inside a library (Typst's PDF
//! writer has had one) may quote the case, and a court office's terminal or log is no
//! place for a person's name. The command line installs [`install_quiet_hook`]; the
//! render boundary turns a panic into an error naming only where it happened.

use std::sync::Mutex;

/// Where the last panic happened: `file:line`.
static LAST: Mutex<Option<String>> = Mutex::new(None);

/// Replaces Rust's panic message (which prints the panic's text) with nothing: the
/// place is kept for [`last_location`], and the caller reports an internal error.
pub fn install_quiet_hook() {
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map_or_else(
            || "an unknown place".to_string(),
            |l| format!("{}:{}", l.file(), l.line()),
        );
        if let Ok(mut last) = LAST.lock() {
            *last = Some(place);
        }
    }));
}

/// Where the last panic happened, for an "internal error" message.
pub fn last_location() -> String {
    LAST.lock().ok().and_then(|last| last.clone()).map_or_else(
        || "a panic".to_string(),
        |place| format!("a panic at {place}"),
    )
}
