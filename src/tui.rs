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

use std::fs::File;
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;

use crate::app::{Action, App, Effect, Mode, Outcome, Pane, keymap};
use crate::catalogue::{Catalogue, Lang, LoadError, Progress};
use crate::export::Format;
use crate::search::{Engine, FirstScreen, Index, Searcher};
use crate::ui;
use crate::ui::loading::Loading;

mod clipboard;
mod events;
mod inline;
mod screen;
mod signals;
mod typed;

pub use events::{Clicks, actions};
pub use inline::Height;

use inline::row_after_stop;
use screen::{Screen, enter, open_screen, suspend};
use signals::Listener;
pub use signals::Signal;

/// Catalogues at least this large are searched on a worker thread.
pub const WORKER_THRESHOLD: usize = 20_000;

#[derive(Debug, Clone)]
pub struct Options {
    pub lang: Lang,
    /// The styles, from the config's theme (mono with `NO_COLOR`).
    pub theme: crate::app::theme::Theme,
    /// The config's key bindings for the list.
    pub bindings: crate::app::keymap::Bindings,
    /// The format `y` copies in (Enter's export is printed by the caller).
    pub format: Format,
    /// Whether clicks and the wheel are reported (`--no-mouse`: the terminal keeps them).
    pub mouse: bool,
    /// Inline, in this many rows below the prompt (`--height`), instead of the whole screen.
    pub height: Option<Height>,
    /// The query the explorer opens with (`--query`), in the search line.
    pub query: String,
    /// The order the explorer opens with (the config's `sort`).
    pub sort: crate::refine::Sort,
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
    /// then takes the terminal again; the caller draws it again as this says.
    fn suspend(&mut self) -> io::Result<Resumed> {
        Ok(Resumed::Redraw)
    }

    /// Takes the terminal again after the process was stopped (SIGSTOP, or the explorer's own
    /// stop) and continued; the caller draws it again as this says.
    fn resume(&mut self) -> io::Result<Resumed> {
        Ok(Resumed::Redraw)
    }
}

/// How to draw again after the process went on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resumed {
    /// Nothing to do: the SIGCONT that woke the explorer's own stop, already drawn for.
    Already,
    /// Everything, where it was: the whole screen (or inline, when the terminal did not say
    /// where its cursor is).
    Redraw,
    /// Inline: the area from this row, below the lines the shell wrote while stopped.
    At(u16),
}

/// crossterm's wait for an event cannot be cut short by a signal, so it waits in slices of this
/// long: a signal is acted on within it.
const SIGNAL_LATENCY: Duration = Duration::from_millis(50);

/// How long the loop may take to leave after a signal that ends the process, before the signal
/// thread leaves for it (see [`leave_now`]).
pub(crate) const SIGNAL_GRACE: Duration = Duration::from_secs(1);

/// Events typed before the explorer ran, then the terminal's (crossterm reads `/dev/tty` when
/// stdin is not a terminal), and the signals of `listener`.
struct TerminalEvents<'s> {
    typed: std::collections::VecDeque<Event>,
    listener: &'s mut Listener,
    tty: File,
    /// The explorer stopped itself: the next SIGCONT is the one that woke it.
    stopped_itself: bool,
}

impl TerminalEvents<'_> {
    /// Inline, where the area goes now; keys typed while the terminal was asked are kept.
    fn drawn_again(&mut self) -> Resumed {
        let mut typed = Vec::new();
        let row = row_after_stop(&mut self.tty, &mut typed);
        self.typed.extend(typed);
        row.map_or(Resumed::Redraw, Resumed::At)
    }
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

    fn suspend(&mut self) -> io::Result<Resumed> {
        suspend(&mut self.tty)?;
        self.stopped_itself = true;
        Ok(self.drawn_again())
    }

    fn resume(&mut self) -> io::Result<Resumed> {
        if std::mem::take(&mut self.stopped_itself) {
            return Ok(Resumed::Already);
        }
        enter(&mut self.tty)?;
        Ok(self.drawn_again())
    }
}

/// A search for the worker: its generation, query, and what its first answer ranks exactly.
pub struct Job {
    generation: u64,
    query: String,
    screen: FirstScreen,
}

/// Runs the app's searches: at once for small catalogues, on a worker for large ones.
///
/// The worker answers a query in two steps, as fzf fills its list: first the matches with the
/// first screen ranked (what a keystroke waits for), then, unless a newer query has come by
/// then, the whole ranking.
pub enum Searches<'e> {
    Inline {
        engine: &'e Engine,
        searcher: Searcher,
    },
    Worker {
        jobs: Sender<Job>,
        results: Receiver<Action>,
        /// The newest generation submitted: a worker ranking an older one stops.
        newest: Arc<AtomicU64>,
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
        let (jobs, queue) = mpsc::channel::<Job>();
        let (done, results) = mpsc::channel::<Action>();
        let newest = Arc::new(AtomicU64::new(0));
        let latest = Arc::clone(&newest);
        scope.spawn(move || {
            let mut searcher = Searcher::new();
            while let Ok(mut job) = queue.recv() {
                // Only the newest query matters.
                while let Ok(newer) = queue.try_recv() {
                    job = newer;
                }
                let generation = job.generation;
                let result = searcher.find_top(engine, &job.query, job.screen, 0);
                let pending = result.as_ref().map_or(0, |f| f.pending);
                if done
                    .send(Action::SearchDone { generation, result })
                    .is_err()
                {
                    break;
                }
                if pending == 0 {
                    continue;
                }
                let stale = || latest.load(Ordering::Relaxed) != generation;
                if let Some(hits) = searcher.settle(engine, 0, &stale)
                    && done
                        .send(Action::SearchSettled { generation, hits })
                        .is_err()
                {
                    break;
                }
            }
        });
        Searches::Worker {
            jobs,
            results,
            newest,
        }
    }

    /// Searches `query` (for `generation`); `screen` is what the first answer must rank
    /// exactly.
    fn submit(&mut self, generation: u64, query: String, screen: FirstScreen) -> Option<Action> {
        match self {
            Searches::Inline { engine, searcher } => Some(Action::SearchDone {
                generation,
                result: searcher.find(engine, &query, 0),
            }),
            Searches::Worker { jobs, newest, .. } => {
                newest.store(generation, Ordering::Relaxed);
                // A closed channel means the worker is gone; the app keeps its old results.
                let _ = jobs.send(Job {
                    generation,
                    query,
                    screen,
                });
                None
            }
        }
    }

    fn poll(&mut self) -> Option<Action> {
        match self {
            Searches::Inline { .. } => None,
            Searches::Worker { results, .. } => results.try_recv().ok(),
        }
    }
}

/// What a search's first answer ranks exactly: as many hits of the pane's kind as the
/// explorer's area has rows (more than its list shows).
fn first_screen(app: &App) -> FirstScreen {
    FirstScreen {
        rows: usize::from(app.height).max(1),
        kind: match app.panes.get(app.pane) {
            Some(Pane::Kind(k)) => Some(*k),
            _ => None,
        },
    }
}

/// Draws, waits for an event or a search result, updates, until the app has an outcome.
///
/// A terminal that hangs up fails its reads and writes (EIO) at the moment its SIGHUP is sent,
/// so an I/O error first waits a moment for a signal that ends the process: if one comes, that
/// is the outcome (exit 128 + n, the terminal restored as for any signal), not the error.
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &mut dyn Events,
    searches: &mut Searches,
    clipboard: &mut dyn Write,
    copy_format: Format,
) -> io::Result<Outcome> {
    match run_loop(terminal, app, events, searches, clipboard, copy_format) {
        Ok(outcome) => Ok(outcome),
        Err(e) => {
            let until = Instant::now() + HANG_UP_GRACE;
            while Instant::now() < until {
                if let Some(Signal::End(number)) = events.signal() {
                    return Ok(Outcome::Signalled(number));
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e)
        }
    }
}

/// How long an I/O error waits for the signal that may explain it.
const HANG_UP_GRACE: Duration = Duration::from_millis(500);

fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &mut dyn Events,
    searches: &mut Searches,
    clipboard: &mut dyn Write,
    copy_format: Format,
) -> io::Result<Outcome> {
    app.update(Action::Viewport(terminal.get_frame().area()));
    let mut dirty = true;
    let mut clicks = Clicks::default();
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
        let busy = app.is_searching() || app.is_settling();
        let timeout = Duration::from_millis(if busy { 5 } else { 250 });
        let mut pending: Vec<Action> = Vec::new();
        if let Some(ev) = events.next(timeout)? {
            if let Event::Resize(..) = ev {
                // The area ratatui gives the explorer now: the screen, or the inline area.
                terminal
                    .autoresize()
                    .map_err(|e| io::Error::other(e.to_string()))?;
                pending.push(Action::Viewport(terminal.get_frame().area()));
            } else {
                pending.extend(actions(
                    ev,
                    app.mode,
                    &app.bindings,
                    &mut clicks,
                    Instant::now(),
                ));
            }
            dirty = true;
        }
        while let Some(signal) = events.signal() {
            match signal {
                Signal::End(number) => pending.push(Action::Signalled(number)),
                Signal::Stop => pending.push(Action::Suspend),
                Signal::Continue => {
                    let resumed = events.resume()?;
                    draw_again(terminal, app, resumed)?;
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
                        next = searches.submit(generation, query, first_screen(app))
                    }
                    Some(Effect::Copy(entries)) => {
                        clipboard::copy(clipboard, app.catalogue, &entries, copy_format)?
                    }
                    Some(Effect::Suspend) => {
                        let resumed = events.suspend()?;
                        draw_again(terminal, app, resumed)?;
                        dirty = true;
                    }
                    None => {}
                }
            }
        }
    }
}

/// After a stop: the next frame drawn whole, inline in the area's new place, which the app is
/// told (clicks are mapped from it).
fn draw_again<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    resumed: Resumed,
) -> io::Result<()> {
    match resumed {
        Resumed::Already => return Ok(()),
        Resumed::Redraw => redraw_whole(terminal)?,
        Resumed::At(row) => reanchor(terminal, row)?,
    }
    app.update(Action::Viewport(terminal.get_frame().area()));
    Ok(())
}

/// Moves the inline area to start at `row`, scrolling the screen up when it does not fit
/// below, and forgets what it showed. ratatui's resize of an inline viewport anchors it at the
/// backend's cursor, keeping the cursor's offset within the old area: with the cursor at the
/// old area's top, the offset is 0, and the backend is then told the cursor's new row.
fn reanchor<B: Backend>(terminal: &mut Terminal<B>, row: u16) -> io::Result<()> {
    let err = |e: B::Error| io::Error::other(e.to_string());
    let top = terminal.get_frame().area().y;
    terminal
        .set_cursor_position(ratatui::layout::Position::new(0, top))
        .map_err(err)?;
    terminal
        .backend_mut()
        .set_cursor_position(ratatui::layout::Position::new(0, row))
        .map_err(err)?;
    let size = terminal.size().map_err(err)?;
    terminal
        .resize(Rect::new(0, 0, size.width, size.height))
        .map_err(err)
}

/// Forgets what the screen shows, so that the next frame is drawn whole: after a stop, the
/// shell may have written over it. (`Terminal::clear` would also ask the terminal where its
/// cursor is and wait up to 2 s for an answer that not every terminal gives; a resize to the
/// same size clears the screen and the previous frame without asking.)
fn redraw_whole<B: Backend>(terminal: &mut Terminal<B>) -> io::Result<()> {
    if screen::is_inline() {
        // Where it was: ratatui's resize would anchor it again at the cursor, which the shell
        // moved while the explorer was stopped.
        return terminal
            .clear()
            .map_err(|e| io::Error::other(e.to_string()));
    }
    let size = terminal
        .size()
        .map_err(|e| io::Error::other(e.to_string()))?;
    terminal
        .resize(Rect::new(0, 0, size.width, size.height))
        .map_err(|e| io::Error::other(e.to_string()))
}

/// Runs the explorer on the terminal until the user prints something or leaves.
pub fn run(catalogue: &Catalogue, engine: &Engine, options: Options) -> io::Result<Outcome> {
    let mut screen = open_screen(options.mouse, options.height)?;
    let typed = std::mem::take(&mut screen.typed);
    explore(&mut screen, catalogue, engine, options, typed)
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
    let mut screen = open_screen(options.mouse, options.height)?;
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
    let mut typed: Vec<Event> = std::mem::take(&mut screen.typed);
    // The explorer stopped itself: the next SIGCONT is the one that woke it.
    let mut stopped_itself = false;
    let result = loop {
        screen
            .terminal
            .draw(|f| match &preview {
                Some(index) => ui::preview::render(index, options.lang, options.theme, f),
                None => {
                    let view = Loading {
                        file: &file,
                        bytes: progress.bytes.load(Ordering::Relaxed),
                        total: progress.total.load(Ordering::Relaxed),
                        entries: progress.entries.load(Ordering::Relaxed),
                        stage: progress.stage.load(Ordering::Relaxed),
                        lang: options.lang,
                        theme: options.theme,
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
                Signal::Stop => {
                    suspend(&mut screen.tty)?;
                    stopped_itself = true;
                }
                Signal::Continue if std::mem::take(&mut stopped_itself) => continue,
                Signal::Continue => enter(&mut screen.tty)?,
            }
            loading_drawn_again(&mut screen, &mut typed)?;
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
                            stopped_itself = true;
                            loading_drawn_again(&mut screen, &mut typed)?;
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

/// The loading screen after a stop, as [`draw_again`] draws the explorer's.
fn loading_drawn_again(screen: &mut Screen, typed: &mut Vec<Event>) -> io::Result<()> {
    match row_after_stop(&mut screen.tty, typed) {
        Some(row) => reanchor(&mut screen.terminal, row),
        None => redraw_whole(&mut screen.terminal),
    }
}

/// The explorer on the open screen; `typed` are events that came before it could run.
fn explore(
    screen: &mut Screen,
    catalogue: &Catalogue,
    engine: &Engine,
    options: Options,
    typed: Vec<Event>,
) -> io::Result<Outcome> {
    let mut app = App::new(catalogue, engine, options.lang, true);
    app.theme = options.theme;
    app.bindings = options.bindings.clone();
    app.update(Action::SortBy(options.sort));
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
        stopped_itself: false,
    };
    std::thread::scope(|scope| {
        let mut searches = if catalogue.len() >= WORKER_THRESHOLD {
            Searches::worker(scope, engine)
        } else {
            Searches::inline(engine)
        };
        if !options.query.is_empty() {
            // A query typed at the command line, searched as if typed in the line.
            let mut next = Some(Action::Query(options.query.clone()));
            while let Some(a) = next.take() {
                if let Some(Effect::Search { generation, query }) = app.update(a) {
                    next = searches.submit(generation, query, first_screen(&app));
                }
            }
        }
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
