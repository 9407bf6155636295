//! Signals while the explorer owns the terminal.
//!
//! A signal's default action would end or stop the process with the terminal still in raw mode,
//! on the alternate screen, with the mouse reported and the cursor hidden. While a [`Listener`]
//! lives, the signals that end the process (SIGTERM, SIGHUP, SIGINT, SIGQUIT), the one that stops
//! it (SIGTSTP) and SIGCONT are caught instead and queued for the event loop. The loop restores
//! the terminal on the main thread with the one restore function, as a panic does, and then does
//! what the signal asked. SIGWINCH stays crossterm's: it arrives as a resize event.
//!
//! The handlers only record the signal (signal-hook's self-pipe); nothing runs in a handler that
//! is not async-signal-safe.
//!
//! signal-hook cannot give a signal its default disposition back (only an `unsafe` `sigaction`
//! could), and a signal whose last handler is removed is ignored from then on. So each of these
//! signals also gets, once per process, a handler that carries out the default action whenever
//! no listener lives: after the explorer, SIGTERM ends the process and SIGTSTP stops it as they
//! did before it ran.

use std::collections::VecDeque;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use signal_hook::consts::signal::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

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
    signals: Signals,
    queue: VecDeque<Signal>,
    defaults: Arc<AtomicBool>,
}

impl Listener {
    pub(crate) fn start() -> io::Result<Listener> {
        let defaults = defaults()?;
        let signals = Signals::new(ENDING.iter().chain(&[SIGTSTP, SIGCONT]))?;
        defaults.store(false, Ordering::SeqCst);
        Ok(Listener {
            signals,
            queue: VecDeque::new(),
            defaults,
        })
    }

    /// The next signal caught, if any; never waits.
    pub(crate) fn next(&mut self) -> Option<Signal> {
        if self.queue.is_empty() {
            self.queue
                .extend(self.signals.pending().filter_map(classify));
        }
        self.queue.pop_front()
    }

    /// Whether a signal waits to be read.
    pub(crate) fn waiting(&mut self) -> bool {
        match self.next() {
            Some(signal) => {
                self.queue.push_front(signal);
                true
            }
            None => false,
        }
    }
}

impl Drop for Listener {
    /// The default actions come back first, then the handlers that queue go (when `signals` is
    /// dropped): a signal in between is acted on, not lost. The terminal must be restored by
    /// then — `Screen` drops its listener last.
    fn drop(&mut self) {
        self.defaults.store(true, Ordering::SeqCst);
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
    use super::*;

    /// The only test in this binary that sends the process a signal: were SIGTERM not caught,
    /// its default action would end the whole test run. (SIGTSTP is left out: uncaught, it
    /// would stop the run instead of failing it.)
    #[test]
    fn a_listener_catches_signals_and_gives_the_defaults_back_when_dropped() {
        let mut listener = Listener::start().unwrap();
        assert!(!listener.defaults.load(Ordering::SeqCst));
        assert_eq!(listener.next(), None);
        // `raise` returns after the handler ran: the signals are queued by now.
        signal_hook::low_level::raise(SIGHUP).unwrap();
        signal_hook::low_level::raise(SIGTERM).unwrap();
        signal_hook::low_level::raise(SIGCONT).unwrap();
        assert!(listener.waiting());
        // In the order of their numbers, as signal-hook reports a batch.
        assert_eq!(listener.next(), Some(Signal::End(SIGHUP)));
        assert_eq!(listener.next(), Some(Signal::End(SIGTERM)));
        assert_eq!(listener.next(), Some(Signal::Continue));
        assert_eq!(listener.next(), None);
        let defaults = Arc::clone(&listener.defaults);
        drop(listener);
        assert!(defaults.load(Ordering::SeqCst));
    }
}
