//! Ctrl-C (SIGINT), SIGTERM and SIGHUP, handled alike: the reports under way are
//! finished and written whole, copies in pairs, the rest skipped and listed; the exit
//! status is then 128 + the signal's number, as shells report a process it ended.
//! Without a handler the signal would end psr mid-write, leaving a `.part` file.
//! On Windows, Ctrl-C and Ctrl-Break in the console are handled as SIGINT (below).

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The signals that ask psr to stop.
#[cfg(unix)]
const STOPPING: &[i32] = &[
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
];

/// Whether a stopping signal came, and which.
#[derive(Clone)]
pub struct Interrupt {
    /// Set by any of the signals: what the batch scheduler polls.
    pub stop: Arc<AtomicBool>,
    signal: Arc<AtomicUsize>,
}

impl Interrupt {
    /// Installs the handlers. A second signal of the same kind is handled the same
    /// way: the reports under way still finish.
    pub fn install() -> Interrupt {
        let interrupt = Interrupt {
            stop: Arc::new(AtomicBool::new(false)),
            signal: Arc::new(AtomicUsize::new(0)),
        };
        #[cfg(unix)]
        for &signal in STOPPING {
            // Registration fails only for a signal the platform forbids; psr then
            // keeps the default action for it.
            let _ = signal_hook::flag::register(signal, Arc::clone(&interrupt.stop));
            let _ = signal_hook::flag::register_usize(
                signal,
                Arc::clone(&interrupt.signal),
                signal as usize,
            );
        }
        #[cfg(windows)]
        let interrupt = console::install(interrupt);
        interrupt
    }

    /// Whether a stopping signal came.
    pub fn is_set(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// 128 + the signal's number, once one came.
    pub fn exit_code(&self) -> Option<ExitCode> {
        let signal = self.signal.load(Ordering::SeqCst);
        (self.is_set() && signal > 0).then(|| ExitCode::from(128 + signal.min(127) as u8))
    }
}

/// Lets a closed pipe on stdout end psr as it ends other Unix tools (`psr schema case
/// | head -1`): Rust ignores SIGPIPE, so the next print would fail and panic. Only for
/// the commands whose output comes after their writes, or that write nothing: batch
/// and the studio keep their own handling, so a report under way is never cut short.
pub fn end_quietly_when_stdout_closes() {
    #[cfg(unix)]
    // SAFETY: called on the main thread before any other thread is started; setting
    // a signal's disposition to its default has no other effect on the process.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Windows has no signals for a console program but the console's own events: Ctrl-C
/// and Ctrl-Break reach every process of the console (a batch's workers too) as
/// SIGINT does a process group, and are handled as SIGINT (exit status 130). The
/// C runtime's `signal(SIGINT)` is not used: it runs the handler on a thread of the
/// console's making with the runtime's own resetting rules, and under Wine it ended
/// psr with a call to address 2.
#[cfg(windows)]
mod console {
    use std::sync::OnceLock;
    use std::sync::atomic::Ordering;

    use super::Interrupt;

    const CTRL_C_EVENT: u32 = 0;
    const CTRL_BREAK_EVENT: u32 = 1;
    /// SIGINT's number, for the exit status.
    const SIGINT: usize = 2;

    static INSTALLED: OnceLock<Interrupt> = OnceLock::new();

    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn SetConsoleCtrlHandler(
            handler: Option<unsafe extern "system" fn(u32) -> i32>,
            add: i32,
        ) -> i32;
    }

    /// Runs on a thread the console starts: it only sets the flags.
    unsafe extern "system" fn on_event(event: u32) -> i32 {
        match (event, INSTALLED.get()) {
            (CTRL_C_EVENT | CTRL_BREAK_EVENT, Some(interrupt)) => {
                interrupt.signal.store(SIGINT, Ordering::SeqCst);
                interrupt.stop.store(true, Ordering::SeqCst);
                1
            }
            // Closing the window, logging off: the default, which ends psr.
            _ => 0,
        }
    }

    /// The process's one handler, installed with `interrupt`'s flags the first time.
    pub(super) fn install(interrupt: Interrupt) -> Interrupt {
        INSTALLED
            .get_or_init(|| {
                // SAFETY: `on_event` has the signature the console calls and lives as
                // long as the program; a failed registration leaves the default action.
                unsafe {
                    SetConsoleCtrlHandler(Some(on_event), 1);
                }
                interrupt
            })
            .clone()
    }
}
