//! The terminal's lifecycle: taking it for the explorer (raw mode, the alternate screen or an
//! inline area, the mouse when wanted, bracketed paste, the cursor hidden) and giving it back,
//! by one [`restore`] that every way out calls — a return, an error, a panic, a signal, a stop.
//! Inline (`--height`), giving it back clears the area from its top row down and leaves the
//! cursor there: the rows above, the shell's, are untouched.
//!
//! The mouse is asked for only as far as the explorer uses it — presses and the wheel (X10/normal
//! tracking, `?1000`, in SGR encoding, `?1006`), not motion or drags — so the terminal's own
//! selection still works with Shift held in most terminals, and not at all with `--no-mouse`.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicU16, Ordering};
use std::time::Duration;

use crossterm::event;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::layout::Position;
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::SIGNAL_GRACE;
use super::inline::{Height, TtyBackend, cursor_at};
use super::signals::Listener;

/// Whether the explorer reports the mouse (set once, before the terminal is taken; read again
/// when it is taken back after a stop).
static MOUSE: AtomicBool = AtomicBool::new(true);

/// Presses and the wheel, SGR-encoded: what the explorer uses of the mouse, and no more.
const MOUSE_ON: &[u8] = b"\x1b[?1000h\x1b[?1006h";

/// Whether the explorer draws inline (`--height`) rather than on the alternate screen.
static INLINE: AtomicBool = AtomicBool::new(false);

/// The inline area's top row, where restoring clears from and leaves the cursor.
static TOP: AtomicU16 = AtomicU16::new(0);

/// Whether the explorer draws inline.
pub(super) fn is_inline() -> bool {
    INLINE.load(Ordering::Relaxed)
}

/// The inline area now starts at `row` (ratatui cleared it there after a resize).
pub(super) fn note_top(row: u16) {
    TOP.store(row, Ordering::Relaxed);
}

/// Restores the terminal when dropped: on a normal exit and on an error alike.
pub(super) struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        restore();
    }
}

/// The terminal as the shell had it. The one function every way out calls: a return, an error,
/// a panic, a signal, a stop.
pub(super) fn restore() {
    let _ = disable_raw_mode();
    if let Ok(mut tty) = OpenOptions::new().write(true).open("/dev/tty") {
        let _ = execute!(
            tty,
            event::DisableMouseCapture,
            event::DisableBracketedPaste
        );
        let _ = if is_inline() {
            // Not `?1049l` outside the alternate screen: xterm would restore a saved cursor.
            execute!(
                tty,
                cursor::MoveTo(0, TOP.load(Ordering::Relaxed)),
                Clear(ClearType::FromCursorDown),
                cursor::Show
            )
        } else {
            execute!(tty, LeaveAlternateScreen, cursor::Show)
        };
    }
}

/// The last resort when a signal should have ended the explorer but the loop did not leave —
/// crossterm's reader spins on a terminal that hung up: restores the terminal (as far as it is
/// still there) and exits, from the signal thread, with the status the loop would have given.
pub(super) fn leave_now(signal: i32) {
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

/// The terminal as the explorer draws on it: raw mode, the alternate screen (unless inline),
/// presses and the wheel (unless `--no-mouse`) and paste reported, the cursor hidden (a frame
/// shows it where the search line wants it). At the start and again after a stop.
pub(super) fn enter(tty: &mut File) -> io::Result<()> {
    // crossterm saves the modes to restore on the way out, and sets raw mode, unless it believes
    // it has already: after SIGSTOP (which cannot be caught) the shell may have reset the modes
    // behind its back. So raw mode is also set here, from the modes the terminal has — not by
    // leaving raw mode and entering it again, which would pass through the shell's modes (a key
    // typed then would be echoed).
    enable_raw_mode()?;
    let mut modes = rustix::termios::tcgetattr(&*tty)?;
    modes.make_raw();
    rustix::termios::tcsetattr(&*tty, rustix::termios::OptionalActions::Now, &modes)?;
    if !is_inline() {
        execute!(tty, EnterAlternateScreen)?;
    }
    execute!(tty, event::EnableBracketedPaste, cursor::Hide)?;
    if MOUSE.load(Ordering::Relaxed) {
        tty.write_all(MOUSE_ON)?;
        tty.flush()?;
    }
    Ok(())
}

/// Ctrl-Z or SIGTSTP: gives the terminal back, stops until continued, takes the terminal again.
pub(super) fn suspend(tty: &mut File) -> io::Result<()> {
    restore();
    // SIGSTOP, as SIGTSTP's default action does: SIGTSTP itself is caught while the explorer
    // runs. The shell sees a stopped job either way.
    signal_hook::low_level::raise(signal_hook::consts::signal::SIGSTOP)?;
    enter(tty)
}

/// The terminal, set up for the explorer (see [`enter`]); the guard restores it when dropped,
/// and signals are caught while it is set up.
pub(super) struct Screen {
    pub tty: File,
    pub terminal: Terminal<TtyBackend>,
    /// Keys typed while the terminal was asked where its cursor is: the explorer's first.
    pub typed: Vec<event::Event>,
    _restore: Restore,
    /// Dropped last, after the terminal is restored: until then a signal must not end the
    /// process or stop it with its default action.
    pub signals: Listener,
}

/// Takes the terminal: the whole screen, or with `height` an area below the cursor.
pub(super) fn open_screen(mouse: bool, height: Option<Height>) -> io::Result<Screen> {
    let mut tty = open_tty()?;
    MOUSE.store(mouse, Ordering::Relaxed);
    INLINE.store(height.is_some(), Ordering::Relaxed);
    install_panic_hook();
    let signals = Listener::start(SIGNAL_GRACE, leave_now)?;
    // The guard first: if entering fails halfway, what was set is undone.
    let restore = Restore;
    enter(&mut tty)?;
    let mut typed = Vec::new();
    let terminal = match height {
        None => Terminal::new(TtyBackend::new(tty.try_clone()?, Position::ORIGIN))?,
        Some(height) => {
            let (_, rows) = crossterm::terminal::size()?;
            // Asked before crossterm reads the terminal; without an answer, the bottom row.
            let row = cursor_at(&mut tty, &mut typed).map_or(rows.saturating_sub(1), |(r, _)| r);
            let backend = TtyBackend::new(tty.try_clone()?, Position::new(0, row));
            let viewport = Viewport::Inline(height.rows(rows));
            let mut terminal = Terminal::with_options(backend, TerminalOptions { viewport })?;
            let top = terminal.get_frame().area().y;
            // The cursor at the area's top, so that a resize keeps the area where it is.
            terminal.set_cursor_position(Position::new(0, top))?;
            note_top(top);
            terminal
        }
    };
    // Start the event reader (and its SIGWINCH handler) before the first frame, so a resize
    // right after start-up is not lost.
    event::poll(Duration::ZERO)?;
    Ok(Screen {
        tty,
        terminal,
        typed,
        _restore: restore,
        signals,
    })
}
