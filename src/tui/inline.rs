//! `--height N[%]`: the explorer drawn in an area below the shell's prompt instead of the whole
//! screen (fzf's `--height`, ratatui's `Viewport::Inline`). The rows above stay as they were,
//! and on the way out the area is cleared and the cursor put back where the prompt left it.
//!
//! Anchoring the area needs the cursor's row. crossterm asks the terminal for it by writing to
//! stdout — the export's pipe (`x=$(itib --height 20)`) — so the row is asked here, on the
//! terminal itself, before crossterm's reader starts, and [`TtyBackend`] gives ratatui that
//! answer instead of asking again. Keys typed before the answer are kept (see `typed.rs`).
//!
//! After a stop (Ctrl-Z, then `fg`), the row is asked again and the area drawn from there, below
//! the lines the shell wrote meanwhile (`[1]+ Stopped …`, `$ fg`), as fzf does: drawn where it
//! was, it would cover them.

use std::fs::File;
use std::io::{self, Read, Write};
use std::str::FromStr;

use crossterm::event::Event;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

use crate::app::layout::MIN_HEIGHT;

/// How tall the inline area is: rows, a share of the terminal, or the terminal less some rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Height {
    Rows(u16),
    Percent(u16),
    /// `-N`: the terminal's height less N rows.
    Less(u16),
}

impl Height {
    /// The area's rows on a terminal `rows` high: at least what the explorer needs to draw
    /// ([`MIN_HEIGHT`]), at most the terminal.
    pub fn rows(self, rows: u16) -> u16 {
        let want = match self {
            Height::Rows(n) => n,
            Height::Percent(p) => (u32::from(rows) * u32::from(p) / 100) as u16,
            Height::Less(n) => rows.saturating_sub(n),
        };
        want.max(MIN_HEIGHT).min(rows)
    }
}

impl FromStr for Height {
    type Err = String;

    fn from_str(s: &str) -> Result<Height, String> {
        let bad = || {
            format!(
                "`{}` is not a height: expected N (rows), N% (of the terminal) or -N (all but N rows)",
                crate::catalogue::quote(s)
            )
        };
        let number = |t: &str| -> Result<u16, String> {
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            t.parse::<u16>().map_err(|_| bad())
        };
        if let Some(p) = s.strip_suffix('%') {
            let p = number(p)?;
            if p == 0 || p > 100 {
                return Err(format!(
                    "`{}`: a share from 1% to 100%",
                    crate::catalogue::quote(s)
                ));
            }
            return Ok(Height::Percent(p));
        }
        if let Some(n) = s.strip_prefix('-') {
            return Ok(Height::Less(number(n)?));
        }
        match number(s)? {
            0 => Err("must be at least 1 row".into()),
            n => Ok(Height::Rows(n)),
        }
    }
}

/// The cursor's row and column (from 0), asked of the terminal on `tty`, which must be in raw
/// mode and not being read by crossterm. Waits up to half a second for the answer; `None`
/// without one (the caller then anchors the area at the bottom). What the user typed before
/// the answer came is added to `typed`, to be replayed into the explorer.
pub fn cursor_at(tty: &mut File, typed: &mut Vec<Event>) -> Option<(u16, u16)> {
    use rustix::termios::{OptionalActions, SpecialCodeIndex, tcgetattr, tcsetattr};
    let saved = tcgetattr(&*tty).ok()?;
    let mut timed = saved.clone();
    // A read returns what came, or nothing after VTIME tenths of a second.
    timed.special_codes[SpecialCodeIndex::VMIN] = 0;
    timed.special_codes[SpecialCodeIndex::VTIME] = 5;
    tcsetattr(&*tty, OptionalActions::Now, &timed).ok()?;
    let (before, answer) = ask(tty);
    let _ = tcsetattr(&*tty, OptionalActions::Now, &saved);
    typed.extend(super::typed::events(&before));
    answer
}

/// The row the inline area should start at after a stop, below whatever the shell wrote
/// meanwhile: the cursor's row, or the next one when the cursor is not at the start of its
/// line (the shell's prompt, when continued by `kill -CONT` from elsewhere). `None` when not
/// inline, or when the terminal does not answer.
pub(super) fn row_after_stop(tty: &mut File, typed: &mut Vec<Event>) -> Option<u16> {
    if !super::screen::is_inline() {
        return None;
    }
    let (row, column) = cursor_at(tty, typed)?;
    if column == 0 {
        return Some(row);
    }
    // A new line, scrolling the screen when the cursor is on its last.
    tty.write_all(b"\r\n").ok()?;
    tty.flush().ok()?;
    let (_, rows) = crossterm::terminal::size().ok()?;
    Some((row + 1).min(rows.saturating_sub(1)))
}

/// Asks, and reads until the answer: (the bytes before it, the answer).
fn ask(tty: &mut File) -> (Vec<u8>, Option<(u16, u16)>) {
    let mut got = Vec::new();
    if tty
        .write_all(b"\x1b[6n")
        .and_then(|()| tty.flush())
        .is_err()
    {
        return (got, None);
    }
    let mut byte = [0u8; 1];
    // Keys typed meanwhile come first; a mouse report or a typed `R` is not the answer.
    while got.len() < 4096 {
        match tty.read(&mut byte) {
            Ok(1) => got.push(byte[0]),
            _ => return (got, None),
        }
        if byte[0] == b'R' {
            if let Some((start, row, column)) = super::typed::answer_at_end(&got) {
                got.truncate(start);
                return (got, Some((row, column)));
            }
        }
    }
    (got, None)
}

/// crossterm's backend on the terminal, except that the cursor's position is what was last set
/// (or asked of the terminal by [`cursor_at`]) rather than asked through stdout.
pub struct TtyBackend {
    inner: CrosstermBackend<File>,
    cursor: Position,
}

impl TtyBackend {
    pub fn new(tty: File, cursor: Position) -> TtyBackend {
        TtyBackend {
            inner: CrosstermBackend::new(tty),
            cursor,
        }
    }
}

impl Backend for TtyBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.cursor = position.into();
        self.inner.set_cursor_position(self.cursor)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // ratatui clears an inline area from its top after moving there: where it now starts.
        if clear_type == ClearType::AfterCursor && super::screen::is_inline() {
            super::screen::note_top(self.cursor.y);
        }
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heights_as_fzf_writes_them() {
        assert_eq!("20".parse(), Ok(Height::Rows(20)));
        assert_eq!("40%".parse(), Ok(Height::Percent(40)));
        assert_eq!("-3".parse(), Ok(Height::Less(3)));
        for bad in ["", "%", "0", "0%", "101%", "x", "1.5", "+4", "--3", "20 %"] {
            assert!(bad.parse::<Height>().is_err(), "{bad:?}");
        }
        assert_eq!(Height::Percent(40).rows(50), 20);
        assert_eq!(Height::Percent(10).rows(50), MIN_HEIGHT);
        assert_eq!(Height::Rows(100).rows(30), 30);
        assert_eq!(Height::Less(5).rows(30), 25);
    }
}
