//! Signals while the explorer owns the terminal.
//!
//! A signal's default action would end or stop the process with the terminal still in raw mode,
//! on the alternate screen, with the mouse reported and the cursor hidden. While a [`Listener`]
//! lives, the signals that end the process (SIGTERM, SIGHUP, SIGINT, SIGQUIT), the one that stops
//! it (SIGTSTP) and SIGCONT are caught instead and passed by a thread to the event loop. The loop
//! restores the terminal on the main thread with the one restore function, as a panic does, and
//! then does what the signal asked. SIGWINCH stays crossterm's: it arrives as a resize event.
//!
//! The handlers only record the signal (signal-hook's self-pipe); nothing runs in a handler that
//! is not async-signal-safe.
//!
//! If the loop has not left within a grace period of a signal that ends the process, the thread
//! calls a last resort instead. That is no theory: when the terminal hangs up (its window is
//! closed: SIGHUP), crossterm's reader spins on the end of its input and never returns to the
//! loop.
//!
//! signal-hook cannot give a signal its default disposition back (only an `unsafe` `sigaction`
//! could), and a signal whose last handler is removed is ignored from then on. So each of these
//! signals also gets, once per process, a handler that carries out the default action whenever
//! no listener lives: after the explorer, SIGTERM ends the process and SIGTSTP stops it as they
//! did before it ran.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use signal_hook::consts::signal::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use signal_hook::iterator::{Handle, Signals};

/// A signal for the event loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGTERM, SIGHUP, SIGINT or SIGQUIT (the number): leave, exit with 128 + it.
    End(i32),
    /// SIGTSTP: give the terminal back and stop, as Ctrl-Z does.
    Stop,
    /// SIGCONT: the process was stopped and goes on (`fg`). Whoever stopped it (SIGSTOP cannot
    /// be caught), the shell may have reset the terminal meanwhile: take it again and redraw.
    Continue,
}

/// The signals that end the process by default.
const ENDING: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];

/// While `false`, the default actions wait: a listener lives. Registered once per process.
static DEFAULTS: Mutex<Option<Arc<AtomicBool>>> = Mutex::new(None);

/// Catches the signals while it lives (one at a time); they are read with [`Listener::next`].
pub(crate) struct Listener {
    received: Receiver<Signal>,
    /// A signal [`Listener::waiting`] looked at.
    peeked: Option<Signal>,
    handle: Handle,
    /// Dropped when the listener is: the loop has left.
    left: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
    defaults: Arc<AtomicBool>,
}

impl Listener {
    /// Starts catching. If the loop has not dropped the listener `grace` after a signal that
    /// ends the process, `stuck` is called with its number, on the listener's thread.
    pub(crate) fn start(grace: Duration, stuck: fn(i32)) -> io::Result<Listener> {
        let defaults = defaults()?;
        let mut signals = Signals::new(ENDING.iter().chain(&[SIGTSTP, SIGCONT]))?;
        let handle = signals.handle();
        let (send, received) = mpsc::channel();
        let (left, leaving) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("itib-signals".into())
            .spawn(move || {
                for signal in signals.forever().filter_map(classify) {
                    if send.send(signal).is_err() {
                        return;
                    }
                    if let Signal::End(number) = signal {
                        // Nothing after this one matters: the loop leaves, or must be left.
                        if leaving.recv_timeout(grace) == Err(RecvTimeoutError::Timeout) {
                            stuck(number);
                        }
                        return;
                    }
                }
            })?;
        defaults.store(false, Ordering::SeqCst);
        Ok(Listener {
            received,
            peeked: None,
            handle,
            left: Some(left),
            thread: Some(thread),
            defaults,
        })
    }

    /// The next signal caught, if any; never waits.
    pub(crate) fn next(&mut self) -> Option<Signal> {
        self.peeked.take().or_else(|| self.received.try_recv().ok())
    }

    /// Whether a signal waits to be read.
    pub(crate) fn waiting(&mut self) -> bool {
        self.peeked = self.next();
        self.peeked.is_some()
    }
}

impl Drop for Listener {
    /// The default actions come back first, then the handlers that pass signals on go (with the
    /// thread's `Signals`): a signal in between is acted on, not lost. The terminal must be
    /// restored by then — `Screen` drops its listener last.
    fn drop(&mut self) {
        self.defaults.store(true, Ordering::SeqCst);
        self.handle.close();
        self.left.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn classify(signal: i32) -> Option<Signal> {
    match signal {
        SIGTSTP => Some(Signal::Stop),
        SIGCONT => Some(Signal::Continue),
        s if ENDING.contains(&s) => Some(Signal::End(s)),
        _ => None,
    }
}

/// The switch of the default actions, registering them the first time.
fn defaults() -> io::Result<Arc<AtomicBool>> {
    let mut slot = DEFAULTS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(flag) = slot.as_ref() {
        return Ok(Arc::clone(flag));
    }
    let flag = Arc::new(AtomicBool::new(true));
    for signal in ENDING.into_iter().chain([SIGTSTP]) {
        signal_hook::flag::register_conditional_default(signal, Arc::clone(&flag))?;
    }
    *slot = Some(Arc::clone(&flag));
    Ok(flag)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicI32;
    use std::time::Instant;

    use super::*;

    /// Waits (bounded) for the listener's thread to pass a signal on.
    fn next(listener: &mut Listener) -> Option<Signal> {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if listener.waiting() {
                return listener.next();
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        None
    }

    static STUCK: AtomicI32 = AtomicI32::new(0);

    fn stuck(number: i32) {
        STUCK.store(number, Ordering::SeqCst);
    }

    /// The only test in this binary that sends the process signals, one listener at a time:
    /// were SIGTERM or SIGHUP not caught, its default action would end the whole test run.
    /// (SIGTSTP is left out: uncaught, it would stop the run instead of failing it.)
    #[test]
    fn a_listener_passes_signals_on_calls_the_last_resort_and_gives_the_defaults_back() {
        let mut listener = Listener::start(Duration::from_secs(3600), stuck).unwrap();
        assert!(!listener.defaults.load(Ordering::SeqCst));
        assert_eq!(listener.next(), None);
        signal_hook::low_level::raise(SIGCONT).unwrap();
        assert_eq!(next(&mut listener), Some(Signal::Continue));
        signal_hook::low_level::raise(SIGTERM).unwrap();
        assert_eq!(next(&mut listener), Some(Signal::End(SIGTERM)));
        let defaults = Arc::clone(&listener.defaults);
        // The thread waits for the loop to leave; dropping the listener is leaving.
        drop(listener);
        assert!(defaults.load(Ordering::SeqCst));
        assert_eq!(STUCK.load(Ordering::SeqCst), 0);

        // A loop that does not leave: the last resort, with the signal's number.
        let mut listener = Listener::start(Duration::from_millis(10), stuck).unwrap();
        signal_hook::low_level::raise(SIGHUP).unwrap();
        assert_eq!(next(&mut listener), Some(Signal::End(SIGHUP)));
        let start = Instant::now();
        while STUCK.load(Ordering::SeqCst) == 0 && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(STUCK.load(Ordering::SeqCst), SIGHUP);
        drop(listener);
    }
}
