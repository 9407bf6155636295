//! Terminal events as the app's actions: keys through the keymap, the mouse's left button, wheel
//! and double-click, resizes, and pasted text typed into the search line.
//!
//! A terminal reports no double-click, only presses: a second press of the left button on the
//! same cell within [`DOUBLE_CLICK`] becomes a `DoubleClick` instead of a second `Click`.

use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};

use crate::app::{Action, Mode, keymap};

/// The longest pause between the two clicks of a double-click (the common desktop default).
pub const DOUBLE_CLICK: Duration = Duration::from_millis(500);

/// Turns events into actions, remembering the last click to tell a double-click.
#[derive(Debug, Default)]
pub struct Clicks {
    last: Option<(Instant, u16, u16)>,
}

impl Clicks {
    /// A press of the left button at `now`: a click, or the second click of a double-click.
    pub fn press(&mut self, now: Instant, column: u16, row: u16) -> Action {
        match self.last.take() {
            Some((then, c, r))
                if c == column
                    && r == row
                    && now.saturating_duration_since(then) <= DOUBLE_CLICK =>
            {
                Action::DoubleClick(column, row)
            }
            _ => {
                self.last = Some((now, column, row));
                Action::Click(column, row)
            }
        }
    }
}

/// The key, mouse and resize events as actions for the app in its current mode.
pub fn actions(
    event: Event,
    mode: Mode,
    bindings: &keymap::Bindings,
    clicks: &mut Clicks,
    now: Instant,
) -> Vec<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            keymap::map_with(key, mode, bindings).into_iter().collect()
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => vec![clicks.press(now, m.column, m.row)],
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_press_on_the_same_cell_soon_after_is_a_double_click() {
        let mut clicks = Clicks::default();
        let t = Instant::now();
        assert_eq!(clicks.press(t, 3, 4), Action::Click(3, 4));
        assert_eq!(
            clicks.press(t + Duration::from_millis(200), 3, 4),
            Action::DoubleClick(3, 4)
        );
        // A third is a click again, not a second double-click.
        assert_eq!(
            clicks.press(t + Duration::from_millis(300), 3, 4),
            Action::Click(3, 4)
        );
        assert_eq!(
            clicks.press(t + Duration::from_secs(2), 3, 4),
            Action::Click(3, 4)
        );
        assert_eq!(
            clicks.press(t + Duration::from_millis(2100), 5, 4),
            Action::Click(5, 4)
        );
    }
}
