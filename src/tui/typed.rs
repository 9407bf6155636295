//! Keys typed while the explorer waited for the terminal to say where its cursor is, read as
//! bytes before the answer (`ESC [ row ; col R`), turned into crossterm's events so that they
//! are replayed into the explorer rather than lost (fzf keeps them too).
//!
//! crossterm's own parser is private, so this reads the keys a user types — characters
//! (UTF-8), Enter, Tab, Backspace, Esc, Ctrl- and Alt- letters, arrows, Home/End, PgUp/PgDn,
//! Insert/Delete, F1-F4 and a paste — and drops what it does not know (mouse reports, other
//! sequences) rather than guess.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// The end of the terminal's answer to `ESC [ 6 n`, if `bytes` ends with one: where it starts,
/// and the cursor's row and column (from 0).
pub fn answer_at_end(bytes: &[u8]) -> Option<(usize, u16, u16)> {
    let rest = bytes.strip_suffix(b"R")?;
    let start = rest.windows(2).rposition(|w| w == b"\x1b[")?;
    let text = std::str::from_utf8(&rest[start + 2..]).ok()?;
    let (row, col) = text.split_once(';')?;
    let number = |s: &str| -> Option<u16> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse::<u16>().ok()?.checked_sub(1)
    };
    Some((start, number(row)?, number(col)?))
}

/// The events `bytes` (raw terminal input) stand for.
pub fn events(bytes: &[u8]) -> Vec<Event> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let (used, event) = one(&bytes[i..]);
        out.extend(event);
        i += used.max(1);
    }
    out
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Option<Event> {
    Some(Event::Key(KeyEvent::new(code, modifiers)))
}

/// The first event of `b` (not empty): how many bytes it took, and the event if it is one.
fn one(b: &[u8]) -> (usize, Option<Event>) {
    let none = KeyModifiers::NONE;
    match b[0] {
        0x1b => escape(b),
        b'\r' | b'\n' => (1, key(KeyCode::Enter, none)),
        b'\t' => (1, key(KeyCode::Tab, none)),
        0x7f | 0x08 => (1, key(KeyCode::Backspace, none)),
        0x00 => (1, key(KeyCode::Char(' '), KeyModifiers::CONTROL)),
        c @ 0x01..=0x1a => (
            1,
            key(KeyCode::Char((b'a' + c - 1) as char), KeyModifiers::CONTROL),
        ),
        0x1c..=0x1f => (1, None),
        _ => match char_at(b) {
            Some((c, n)) => (n, character(c, none)),
            None => (1, None),
        },
    }
}

/// A typed character as crossterm reports it: Shift with an uppercase letter.
fn character(c: char, modifiers: KeyModifiers) -> Option<Event> {
    let shift = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    key(KeyCode::Char(c), modifiers | shift)
}

/// The UTF-8 character `b` starts with, and its length.
fn char_at(b: &[u8]) -> Option<(char, usize)> {
    let n = match b[0] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return None,
    };
    let s = std::str::from_utf8(b.get(..n)?).ok()?;
    Some((s.chars().next()?, n))
}

/// ESC, alone or starting a sequence.
fn escape(b: &[u8]) -> (usize, Option<Event>) {
    match b.get(1) {
        None => (1, key(KeyCode::Esc, KeyModifiers::NONE)),
        Some(b'[') => csi(b),
        Some(b'O') => match b.get(2) {
            Some(&f) => (3, ss3(f).and_then(|c| key(c, KeyModifiers::NONE))),
            None => (2, None),
        },
        Some(0x1b) => (1, key(KeyCode::Esc, KeyModifiers::NONE)),
        Some(_) => {
            // Alt and a key: ESC before it.
            let (n, event) = one(&b[1..]);
            let event = event.and_then(|e| match e {
                Event::Key(k) => key(k.code, k.modifiers | KeyModifiers::ALT),
                _ => None,
            });
            (1 + n, event)
        }
    }
}

fn ss3(f: u8) -> Option<KeyCode> {
    Some(match f {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' => KeyCode::F(f - b'P' + 1),
        _ => return None,
    })
}

/// ESC [ params final.
fn csi(b: &[u8]) -> (usize, Option<Event>) {
    if b.get(2) == Some(&b'M') {
        // An X10 mouse report: ESC [ M and three bytes.
        return ((6).min(b.len()), None);
    }
    let Some(end) = b[2..].iter().position(|c| (0x40..=0x7e).contains(c)) else {
        return (b.len(), None);
    };
    let end = end + 2;
    let params = std::str::from_utf8(&b[2..end]).unwrap_or("");
    let used = end + 1;
    if params == "200" && b[end] == b'~' {
        return paste(b, used);
    }
    if params.starts_with('<') {
        return (used, None); // an SGR mouse report
    }
    let mut numbers = params.split(';').map(|p| p.parse::<u16>().unwrap_or(1));
    let first = numbers.next().unwrap_or(1);
    let modifiers = match numbers.next() {
        Some(m) => {
            let bits = m.saturating_sub(1);
            let mut out = KeyModifiers::NONE;
            if bits & 1 != 0 {
                out |= KeyModifiers::SHIFT;
            }
            if bits & 2 != 0 {
                out |= KeyModifiers::ALT;
            }
            if bits & 4 != 0 {
                out |= KeyModifiers::CONTROL;
            }
            out
        }
        None => KeyModifiers::NONE,
    };
    let code = match b[end] {
        b'~' => match first {
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            _ => return (used, None),
        },
        b'Z' => KeyCode::BackTab,
        f => match ss3(f) {
            Some(c) => c,
            None => return (used, None),
        },
    };
    (used, key(code, modifiers))
}

/// A bracketed paste: the text up to ESC [ 201 ~ (or the end of what was read).
fn paste(b: &[u8], from: usize) -> (usize, Option<Event>) {
    let rest = &b[from..];
    let (text, used) = match rest.windows(6).position(|w| w == b"\x1b[201~") {
        Some(at) => (&rest[..at], from + at + 6),
        None => (rest, b.len()),
    };
    (
        used,
        Some(Event::Paste(String::from_utf8_lossy(text).into_owned())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<(KeyCode, KeyModifiers)> {
        events(bytes)
            .into_iter()
            .map(|e| match e {
                Event::Key(k) => (k.code, k.modifiers),
                other => panic!("not a key: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn the_answer_is_found_after_what_was_typed() {
        assert_eq!(answer_at_end(b"\x1b[12;1R"), Some((0, 11, 0)));
        assert_eq!(answer_at_end(b"/R\x1b[3;5R"), Some((2, 2, 4)));
        // A typed R is not an answer, nor is a key with modifiers cut short.
        assert_eq!(answer_at_end(b"/R"), None);
        assert_eq!(answer_at_end(b"\x1b[;R"), None);
        assert_eq!(answer_at_end(b"\x1b[0;1R"), None);
    }

    #[test]
    fn typed_keys_as_crossterm_reports_them() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            keys("/Ré研\r".as_bytes()),
            [
                (KeyCode::Char('/'), none),
                (KeyCode::Char('R'), KeyModifiers::SHIFT),
                (KeyCode::Char('é'), none),
                (KeyCode::Char('研'), none),
                (KeyCode::Enter, none),
            ]
        );
        assert_eq!(
            keys(b"\x03\x1a\x7f\t"),
            [
                (KeyCode::Char('c'), KeyModifiers::CONTROL),
                (KeyCode::Char('z'), KeyModifiers::CONTROL),
                (KeyCode::Backspace, none),
                (KeyCode::Tab, none),
            ]
        );
        assert_eq!(
            keys(b"\x1b[A\x1bOB\x1b[6~\x1b[Z\x1b[1;5C\x1bx\x1b"),
            [
                (KeyCode::Up, none),
                (KeyCode::Down, none),
                (KeyCode::PageDown, none),
                (KeyCode::BackTab, none),
                (KeyCode::Right, KeyModifiers::CONTROL),
                (KeyCode::Char('x'), KeyModifiers::ALT),
                (KeyCode::Esc, none),
            ]
        );
    }

    #[test]
    fn mouse_reports_are_dropped_and_a_paste_is_kept_whole() {
        assert_eq!(
            keys(b"\x1b[<0;3;7Mj\x1b[<0;3;7m"),
            [(KeyCode::Char('j'), KeyModifiers::NONE)]
        );
        assert_eq!(
            events(b"\x1b[200~talent hub\x1b[201~q"),
            [
                Event::Paste("talent hub".into()),
                Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE)),
            ]
        );
    }
}
