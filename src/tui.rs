//! The terminal: lifecycle, events and the main loop.
//!
//! Like fzf, the interface draws on the terminal itself (`/dev/tty`), so stdout carries only the
//! export: `itib --format json > entry.json` and `x=$(itib)` work. The terminal is restored on
//! every way out, by one function — a normal exit, an error (a guard's `Drop`), a panic (a hook
//! installed before the terminal is touched), Ctrl-C (a key in raw mode, mapped to Quit) and a
//! signal (SIGTERM, SIGHUP, SIGINT, SIGQUIT: caught, see `tui/signals.rs`, and handled by the loop
//! on the main thread; by the signal thread if the loop is stuck). Ctrl-Z and SIGTSTP restore it
//! too and stop the process; when it goes on (SIGCONT), the terminal is taken again and the
//! screen drawn whole.
//!
//! The loop is generic over ratatui's `Backend` and over where events come from, so tests run
//! the whole explorer on a `TestBackend` with scripted events. Searches of a large catalogue run
//! on a worker thread; the loop never waits for one, and a newer query supersedes older ones
//! still queued.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::layout::Rect;

use crate::app::{Action, App, Effect, Mode, Outcome, keymap};
use crate::catalogue::{Catalogue, Lang, LoadError, Progress};
use crate::export::{self, Format};
use crate::search::{Engine, Found, Index, QueryError, Searcher};
use crate::ui;
use crate::ui::loading::Loading;

mod signals;

use signals::Listener;
pub use signals::Signal;

/// Catalogues at least this large are searched on a worker thread.
pub const WORKER_THRESHOLD: usize = 20_000;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub lang: Lang,
    pub color: bool,
    /// The format `y` copies in (Enter's export is printed by the caller).
    pub format: Format,
}

/// Where events come from — the terminal, or a script in tests — and what hands the terminal
/// to the shell while the process is stopped. A script has no signals and no terminal: the
/// defaults do nothing.
pub trait Events {
    /// The next event, or `None` when `timeout` passes without one (or a signal arrives).
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>>;

    /// A signal sent to the process, if one is waiting.
    fn signal(&mut self) -> Option<Signal> {
        None
    }

    /// Gives the terminal back to the shell, stops the process until it is continued (`fg`),
    /// then takes the terminal again. The caller redraws the whole screen.
    fn suspend(&mut self) -> io::Result<()> {
        Ok(())
    }

    /// Takes the terminal again after the process was stopped by someone else (SIGSTOP) and
    /// continued. The caller redraws the whole screen.
    fn resume(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// crossterm's wait for an event cannot be cut short by a signal, so it waits in slices of this
/// long: a signal is acted on within it.
const SIGNAL_LATENCY: Duration = Duration::from_millis(50);

/// How long the loop may take to leave after a signal that ends the process, before the signal
/// thread leaves for it (see [`leave_now`]).
const SIGNAL_GRACE: Duration = Duration::from_secs(1);

/// Events typed before the explorer ran, then the terminal's (crossterm reads `/dev/tty` when
/// stdin is not a terminal), and the signals of `listener`.
struct TerminalEvents<'s> {
    typed: std::collections::VecDeque<Event>,
    listener: &'s mut Listener,
    tty: File,
}

impl Events for TerminalEvents<'_> {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        if let Some(e) = self.typed.pop_front() {
            return Ok(Some(e));
        }
        let start = Instant::now();
        loop {
            let left = timeout.saturating_sub(start.elapsed());
            if event::poll(left.min(SIGNAL_LATENCY))? {
                return event::read().map(Some);
            }
            if left <= SIGNAL_LATENCY || self.listener.waiting() {
                return Ok(None);
            }
        }
    }

    fn signal(&mut self) -> Option<Signal> {
        self.listener.next()
    }

    fn suspend(&mut self) -> io::Result<()> {
        suspend(&mut self.tty)
    }

    fn resume(&mut self) -> io::Result<()> {
        enter(&mut self.tty)
    }
}

type SearchResult = (u64, Result<Found, QueryError>);

/// Runs the app's searches: at once for small catalogues, on a worker for large ones.
pub enum Searches<'e> {
    Inline {
        engine: &'e Engine,
        searcher: Searcher,
    },
    Worker {
        jobs: Sender<(u64, String)>,
        results: Receiver<SearchResult>,
    },
}

impl<'e> Searches<'e> {
    pub fn inline(engine: &'e Engine) -> Searches<'e> {
        Searches::Inline {
            engine,
            searcher: Searcher::new(),
        }
    }

    /// Starts a worker thread in `scope`; it ends when the `Searches` is dropped.
    pub fn worker<'s>(scope: &'s std::thread::Scope<'s, '_>, engine: &'e Engine) -> Searches<'e>
    where
        'e: 's,
    {
        let (jobs, queue) = mpsc::channel::<(u64, String)>();
        let (done, results) = mpsc::channel::<SearchResult>();
        scope.spawn(move || {
            let mut searcher = Searcher::new();
            while let Ok(mut job) = queue.recv() {
                // Only the newest query matters.
                while let Ok(newer) = queue.try_recv() {
                    job = newer;
                }
                let result = searcher.find(engine, &job.1, 0);
                if done.send((job.0, result)).is_err() {
                    break;
                }
            }
        });
        Searches::Worker { jobs, results }
    }

    fn submit(&mut self, generation: u64, query: String) -> Option<Action> {
        match self {
            Searches::Inline { engine, searcher } => Some(Action::SearchDone {
                generation,
                result: searcher.find(engine, &query, 0),
            }),
            Searches::Worker { jobs, .. } => {
                // A closed channel means the worker is gone; the app keeps its old results.
                let _ = jobs.send((generation, query));
                None
            }
        }
    }

    fn poll(&mut self) -> Option<Action> {
        match self {
            Searches::Inline { .. } => None,
            Searches::Worker { results, .. } => results
                .try_recv()
                .ok()
                .map(|(generation, result)| Action::SearchDone { generation, result }),
        }
    }
}

/// The key, mouse and resize events as actions for the app in its current mode.
pub fn actions(event: Event, mode: Mode) -> Vec<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            keymap::map(key, mode).into_iter().collect()
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => vec![Action::Click(m.column, m.row)],
            MouseEventKind::ScrollDown => vec![Action::Wheel {
                down: true,
                column: m.column,
                row: m.row,
            }],
            MouseEventKind::ScrollUp => vec![Action::Wheel {
                down: false,
                column: m.column,
                row: m.row,
            }],
            _ => Vec::new(),
        },
        Event::Resize(w, h) => vec![Action::Resize(w, h)],
        Event::Paste(text) if mode == Mode::Search => text
            .chars()
            .filter(|&c| !crate::catalogue::is_forbidden(c))
            .map(Action::Input)
            .collect(),
        _ => Vec::new(),
    }
}

/// Draws, waits for an event or a search result, updates, until the app has an outcome.
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &mut dyn Events,
    searches: &mut Searches,
    clipboard: &mut dyn Write,
    copy_format: Format,
) -> io::Result<Outcome> {
    let size = terminal
        .size()
        .map_err(|e| io::Error::other(e.to_string()))?;
    app.update(Action::Resize(size.width, size.height));
    let mut dirty = true;
    loop {
        // Before drawing: after SIGHUP the terminal may be gone, and the frame is not needed.
        if let Some(outcome) = app.outcome.clone() {
            return Ok(outcome);
        }
        if dirty {
            terminal
                .draw(|f| ui::render(app, f))
                .map_err(|e| io::Error::other(e.to_string()))?;
            dirty = false;
        }
        let timeout = Duration::from_millis(if app.is_searching() { 5 } else { 250 });
        let mut pending: Vec<Action> = Vec::new();
        if let Some(ev) = events.next(timeout)? {
            pending.extend(actions(ev, app.mode));
            dirty = true;
        }
        while let Some(signal) = events.signal() {
            match signal {
                Signal::End(number) => pending.push(Action::Signalled(number)),
                Signal::Stop => pending.push(Action::Suspend),
                Signal::Continue => {
                    events.resume()?;
                    redraw_whole(terminal)?;
                    dirty = true;
                }
            }
        }
        if let Some(done) = searches.poll() {
            pending.push(done);
            dirty = true;
        }
        for action in pending {
            let mut next = Some(action);
            while let Some(a) = next.take() {
                match app.update(a) {
                    Some(Effect::Search { generation, query }) => {
                        next = searches.submit(generation, query)
                    }
                    Some(Effect::Copy(entry)) => {
                        copy(clipboard, app.catalogue, entry, copy_format)?
                    }
                    Some(Effect::Suspend) => {
                        events.suspend()?;
                        redraw_whole(terminal)?;
                        dirty = true;
                    }
                    None => {}
                }
            }
        }
    }
}

/// Forgets what the screen shows, so that the next frame is drawn whole: after a stop, the
/// shell may have written over it. (`Terminal::clear` would also ask the terminal where its
/// cursor is and wait up to 2 s for an answer that not every terminal gives; a resize to the
/// same size clears the screen and the previous frame without asking.)
fn redraw_whole<B: Backend>(terminal: &mut Terminal<B>) -> io::Result<()> {
    let size = terminal
        .size()
        .map_err(|e| io::Error::other(e.to_string()))?;
    terminal
        .resize(Rect::new(0, 0, size.width, size.height))
        .map_err(|e| io::Error::other(e.to_string()))
}

/// OSC 52: the terminal puts the text on the system clipboard (works over SSH).
fn copy(out: &mut dyn Write, cat: &Catalogue, entry: usize, format: Format) -> io::Result<()> {
    let mut text = Vec::new();
    export::write_entries(&mut text, cat, &[&cat.entries()[entry]], format)?;
    write!(out, "\x1b]52;c;{}\x07", base64(&text))?;
    out.flush()
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Restores the terminal when dropped: on a normal exit and on an error alike.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        restore();
    }
}

/// The terminal as the shell had it. The one function every way out calls: a return, an error,
/// a panic, a signal, a stop.
fn restore() {
    let _ = disable_raw_mode();
    if let Ok(mut tty) = OpenOptions::new().write(true).open("/dev/tty") {
        let _ = execute!(
            tty,
            event::DisableMouseCapture,
            event::DisableBracketedPaste,
            LeaveAlternateScreen,
            cursor::Show
        );
    }
}

/// The last resort when a signal should have ended the explorer but the loop did not leave —
/// crossterm's reader spins on a terminal that hung up: restores the terminal (as far as it is
/// still there) and exits, from the signal thread, with the status the loop would have given.
fn leave_now(signal: i32) {
    restore();
    std::process::exit(128 + signal);
}

/// Restores the terminal before the panic message is printed, so it is readable.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

fn open_tty() -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("the explorer needs a terminal (/dev/tty): {e}"),
            )
        })
}

/// The terminal as the explorer draws on it: raw mode, the alternate screen, mouse and paste
/// reported, the cursor hidden (a frame shows it where the search line wants it). At the start
/// and again after a stop.
fn enter(tty: &mut File) -> io::Result<()> {
    // crossterm saves the modes to restore on the way out, and sets raw mode, unless it believes
    // it has already: after SIGSTOP (which cannot be caught) the shell may have reset the modes
    // behind its back. So raw mode is also set here, from the modes the terminal has — not by
    // leaving raw mode and entering it again, which would pass through the shell's modes (a key
    // typed then would be echoed).
    enable_raw_mode()?;
    let mut modes = rustix::termios::tcgetattr(&*tty)?;
    modes.make_raw();
    rustix::termios::tcsetattr(&*tty, rustix::termios::OptionalActions::Now, &modes)?;
    execute!(
        tty,
        EnterAlternateScreen,
        event::EnableMouseCapture,
        event::EnableBracketedPaste,
        cursor::Hide
    )
}

/// Ctrl-Z or SIGTSTP: gives the terminal back, stops until continued, takes the terminal again.
fn suspend(tty: &mut File) -> io::Result<()> {
    restore();
    // SIGSTOP, as SIGTSTP's default action does: SIGTSTP itself is caught while the explorer
    // runs. The shell sees a stopped job either way.
    signal_hook::low_level::raise(signal_hook::consts::signal::SIGSTOP)?;
    enter(tty)
}

/// The terminal, set up for the explorer (see [`enter`]); the guard restores it when dropped,
/// and signals are caught while it is set up.
struct Screen {
    tty: File,
    terminal: Terminal<CrosstermBackend<File>>,
    _restore: Restore,
    /// Dropped last, after the terminal is restored: until then a signal must not end the
    /// process or stop it with its default action.
    signals: Listener,
}

fn open_screen() -> io::Result<Screen> {
    let mut tty = open_tty()?;
    install_panic_hook();
    let signals = Listener::start(SIGNAL_GRACE, leave_now)?;
    // The guard first: if entering fails halfway, what was set is undone.
    let restore = Restore;
    enter(&mut tty)?;
    // Start the event reader (and its SIGWINCH handler) before the first frame, so a resize
    // right after start-up is not lost.
    event::poll(Duration::ZERO)?;
    let terminal = Terminal::new(CrosstermBackend::new(tty.try_clone()?))?;
    Ok(Screen {
        tty,
        terminal,
        _restore: restore,
        signals,
    })
}

/// Runs the explorer on the terminal until the user prints something or leaves.
pub fn run(catalogue: &Catalogue, engine: &Engine, options: Options) -> io::Result<Outcome> {
    let mut screen = open_screen()?;
    explore(&mut screen, catalogue, engine, options, Vec::new())
}

/// Why [`run_loading`] ended without an outcome.
#[derive(Debug)]
pub enum Failure {
    Load(LoadError),
    Terminal(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::Terminal(e)
    }
}

/// What the user chose, with the catalogue it indexes into (`None` if they left while it
/// was still loading).
pub type Chosen = (Option<Catalogue>, Outcome);

/// What the loading thread sends: a cached index as soon as it is checked, then the result
/// (boxed: a catalogue's meta is several texts, and the message is sent once).
enum Loaded {
    Index(Index),
    Done(Box<Result<(Catalogue, Index), LoadError>>),
}

/// A load for [`run_loading`]: counts its progress, and may hand over an index early.
pub type Load =
    Box<dyn FnOnce(&Progress, &dyn Fn(&Index)) -> Result<(Catalogue, Index), LoadError> + Send>;

/// Opens the terminal at once and shows the progress of `load` (on another thread) until the
/// catalogue is there — as soon as a cached index is ready, a preview of the list — then runs
/// the explorer on it. Esc, q, Ctrl-C or a signal that ends the process leave at any time, and
/// Ctrl-Z suspends; other keys pressed in the meantime go to the explorer. A load that fails
/// restores the terminal before its error is returned.
pub fn run_loading(file: &str, load: Load, options: Options) -> Result<Chosen, Failure> {
    let mut screen = open_screen()?;
    let progress = Arc::new(Progress::default());
    let (send, loaded) = mpsc::channel();
    let counting = Arc::clone(&progress);
    std::thread::spawn(move || {
        let early = send.clone();
        let result = load(&counting, &move |index: &Index| {
            let _ = early.send(Loaded::Index(index.clone()));
        });
        let _ = send.send(Loaded::Done(Box::new(result)));
    });
    let file = crate::catalogue::escape(file);
    let mut preview: Option<Index> = None;
    let mut typed: Vec<Event> = Vec::new();
    let result = loop {
        screen
            .terminal
            .draw(|f| match &preview {
                Some(index) => ui::preview::render(index, options.lang, options.color, f),
                None => {
                    let view = Loading {
                        file: &file,
                        bytes: progress.bytes.load(Ordering::Relaxed),
                        total: progress.total.load(Ordering::Relaxed),
                        entries: progress.entries.load(Ordering::Relaxed),
                        stage: progress.stage.load(Ordering::Relaxed),
                        lang: options.lang,
                        color: options.color,
                    };
                    ui::loading::render(&view, f)
                }
            })
            .map_err(|e| io::Error::other(e.to_string()))?;
        match loaded.recv_timeout(Duration::from_millis(50)) {
            Ok(Loaded::Done(result)) => break *result,
            Ok(Loaded::Index(index)) => preview = Some(index),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Failure::Terminal(io::Error::other("the load stopped")));
            }
        }
        while let Some(signal) = screen.signals.next() {
            match signal {
                Signal::End(number) => return Ok((None, Outcome::Signalled(number))),
                Signal::Stop => suspend(&mut screen.tty)?,
                Signal::Continue => enter(&mut screen.tty)?,
            }
            redraw_whole(&mut screen.terminal)?;
        }
        while event::poll(Duration::ZERO)? {
            match event::read()? {
                // Ctrl-C leaves and Ctrl-Z suspends in any mode (the search's mapping has them
                // alone); q and Esc leave only before anything was typed (after `/`, they are the
                // search's).
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    match (
                        keymap::map(key, Mode::Search),
                        keymap::map(key, Mode::Normal),
                    ) {
                        (Some(Action::Quit), _) => return Ok((None, Outcome::Cancelled)),
                        (_, Some(Action::Quit)) if typed.is_empty() => {
                            return Ok((None, Outcome::Cancelled));
                        }
                        (Some(Action::Suspend), _) => {
                            suspend(&mut screen.tty)?;
                            redraw_whole(&mut screen.terminal)?;
                        }
                        _ => typed.push(Event::Key(key)),
                    }
                }
                Event::Resize(..) => {}
                other => typed.push(other),
            }
        }
    };
    let (catalogue, index) = match result {
        Ok(loaded) => loaded,
        Err(e) => {
            drop(screen);
            return Err(Failure::Load(e));
        }
    };
    let engine = Engine::from_index(index);
    let outcome = explore(&mut screen, &catalogue, &engine, options, typed)?;
    Ok((Some(catalogue), outcome))
}

/// The explorer on the open screen; `typed` are events that came before it could run.
fn explore(
    screen: &mut Screen,
    catalogue: &Catalogue,
    engine: &Engine,
    options: Options,
    typed: Vec<Event>,
) -> io::Result<Outcome> {
    let mut app = App::new(catalogue, engine, options.lang, options.color);
    let Screen {
        tty,
        terminal,
        signals,
        ..
    } = screen;
    let mut events = TerminalEvents {
        typed: typed.into(),
        listener: signals,
        tty: tty.try_clone()?,
    };
    std::thread::scope(|scope| {
        let mut searches = if catalogue.len() >= WORKER_THRESHOLD {
            Searches::worker(scope, engine)
        } else {
            Searches::inline(engine)
        };
        if std::env::var_os("ITIB_TEST_PANIC").is_some() {
            // For the end-to-end test that a panic restores the terminal.
            terminal
                .draw(|f| ui::render(&app, f))
                .map_err(io::Error::other)?;
            panic!("ITIB_TEST_PANIC is set");
        }
        event_loop(
            terminal,
            &mut app,
            &mut events,
            &mut searches,
            tty,
            options.format,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("研究".as_bytes()), "56CU56m2");
    }
}
