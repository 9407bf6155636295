//! Keys to actions: one pure function per mode, and the only place a crossterm key type is
//! read. Conventions follow fzf (Enter prints, Ctrl-C/Esc leave, Ctrl-w deletes a word),
//! less/vim (j k g G Ctrl-d Ctrl-u), lazygit (Tab, number keys for panes, ? for help) and the
//! shell (Ctrl-Z suspends; in raw mode it comes as a key, not as SIGTSTP).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::{Action, Mode};

pub mod bindings;
pub mod hints;

pub use bindings::Bindings;
pub use hints::{HELP, PANE_ROW};

/// The action for a key in a mode, or `None` when the key does nothing there.
pub fn map(key: KeyEvent, mode: Mode) -> Option<Action> {
    map_with(key, mode, &Bindings::default())
}

/// [`map`] with the config's bindings applied to the list's keys.
pub fn map_with(key: KeyEvent, mode: Mode, bindings: &Bindings) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    if ctrl && key.code == KeyCode::Char('z') {
        return Some(Action::Suspend);
    }
    if mode == Mode::Normal {
        if let Some(bound) = bindings.get(&key) {
            return bound.clone();
        }
    }
    match mode {
        // A rebound help key closes the help as `?` does.
        Mode::Help => help(key).or_else(|| {
            (bindings.get(&key) == Some(&Some(Action::ToggleHelp))).then_some(Action::CloseHelp)
        }),
        Mode::Facets => facets(key).or_else(|| {
            // The keys the panel shares with the list (facets, sort, language, search) follow
            // the config's bindings, so a rebound `facets` key also closes the panel.
            let shared = match bindings.get(&key) {
                Some(bound) => bound.clone(),
                None => normal(key, ctrl),
            };
            shared.filter(|a| {
                matches!(
                    a,
                    Action::ToggleFacets
                        | Action::CycleSort
                        | Action::ToggleLang
                        | Action::FocusSearch
                )
            })
        }),
        Mode::Search => search(key, ctrl),
        Mode::Normal => normal(key, ctrl),
    }
}

fn help(key: KeyEvent) -> Option<Action> {
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => Some(Action::ScrollHelp(1)),
        KeyCode::Up | KeyCode::Char('k') => Some(Action::ScrollHelp(-1)),
        KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter => {
            Some(Action::CloseHelp)
        }
        _ => None,
    }
}

/// The facet panel's own keys: move, choose, close. The rest come from the list's keys.
fn facets(key: KeyEvent) -> Option<Action> {
    Some(match key.code {
        KeyCode::Char('j') | KeyCode::Down => Action::FacetMove(1),
        KeyCode::Char('k') | KeyCode::Up => Action::FacetMove(-1),
        KeyCode::PageDown => Action::FacetMove(10),
        KeyCode::PageUp => Action::FacetMove(-10),
        KeyCode::Enter | KeyCode::Char(' ') => Action::ChooseFacet,
        KeyCode::Esc | KeyCode::Char('q') => Action::ToggleFacets,
        _ => return None,
    })
}

fn search(key: KeyEvent, ctrl: bool) -> Option<Action> {
    Some(match key.code {
        KeyCode::Char('w') if ctrl => Action::DeleteWord,
        KeyCode::Char('u') if ctrl => Action::ClearLine,
        KeyCode::Char('a') if ctrl => Action::CursorHome,
        KeyCode::Char('e') if ctrl => Action::CursorEnd,
        KeyCode::Char('n') | KeyCode::Char('j') if ctrl => Action::Down,
        KeyCode::Char('p') | KeyCode::Char('k') if ctrl => Action::Up,
        KeyCode::Char(_) if ctrl => return None,
        // A bidi override or a control char typed or composed would be drawn raw.
        KeyCode::Char(c) if crate::catalogue::is_forbidden(c) => return None,
        KeyCode::Char(c) => Action::Input(c),
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Enter => Action::Accept,
        KeyCode::Esc => Action::ClearSearch,
        KeyCode::Down | KeyCode::Tab => Action::LeaveSearch,
        KeyCode::Up => Action::Up,
        KeyCode::Left => Action::CursorLeft,
        KeyCode::Right => Action::CursorRight,
        KeyCode::Home => Action::CursorHome,
        KeyCode::End => Action::CursorEnd,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        _ => return None,
    })
}

fn normal(key: KeyEvent, ctrl: bool) -> Option<Action> {
    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    Some(match key.code {
        KeyCode::Char('d') if ctrl => Action::HalfPageDown,
        KeyCode::Char('u') if ctrl => Action::HalfPageUp,
        KeyCode::Char('f') if ctrl => Action::PageDown,
        KeyCode::Char('b') if ctrl => Action::PageUp,
        KeyCode::Char('o') if ctrl => Action::Back,
        KeyCode::Char('e') if ctrl => Action::ScrollDetail(1),
        KeyCode::Char('y') if ctrl => Action::ScrollDetail(-1),
        KeyCode::Char(_) if ctrl => return None,
        KeyCode::Char('q') | KeyCode::Esc => Action::Quit,
        KeyCode::Enter => Action::Accept,
        KeyCode::Char(' ') => Action::ToggleMark,
        KeyCode::Char('/') => Action::FocusSearch,
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::Tab | KeyCode::Char('l') | KeyCode::Right => Action::NextPane,
        KeyCode::BackTab | KeyCode::Char('h') | KeyCode::Left => Action::PrevPane,
        KeyCode::Char(c @ '0'..='9') => Action::GoPane(c as usize - '0' as usize),
        // The tenth kind: `-` follows `0` on the number row (see `layout::PANE_KEYS`).
        KeyCode::Char('-') => Action::GoPane(10),
        KeyCode::Char('J') => Action::ScrollDetail(3),
        KeyCode::Char('K') => Action::ScrollDetail(-3),
        KeyCode::Char(']') => Action::NextLink,
        KeyCode::Char('[') => Action::PrevLink,
        KeyCode::Char('o') | KeyCode::Char('f') => Action::FollowLink,
        KeyCode::Char('p') => Action::GoParent,
        KeyCode::Char('b') | KeyCode::Backspace => Action::Back,
        KeyCode::Char('L') => Action::ToggleLang,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('y') => Action::Copy,
        KeyCode::Char('s') => Action::CycleSort,
        KeyCode::Char('F') => Action::ToggleFacets,
        KeyCode::Char(c) if shift && c.is_ascii_uppercase() => return None,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn letters_type_in_search_and_command_in_normal_mode() {
        assert_eq!(
            map(key(KeyCode::Char('j')), Mode::Search),
            Some(Action::Input('j'))
        );
        assert_eq!(
            map(key(KeyCode::Char('j')), Mode::Normal),
            Some(Action::Down)
        );
        assert_eq!(
            map(key(KeyCode::Char('q')), Mode::Search),
            Some(Action::Input('q'))
        );
        assert_eq!(
            map(key(KeyCode::Char('研')), Mode::Search),
            Some(Action::Input('研'))
        );
    }

    #[test]
    fn control_and_bidi_chars_are_never_typed() {
        for c in [
            '\u{1b}',
            '\u{7}',
            '\u{202e}',
            '\u{200f}',
            '\u{2028}',
            '\u{e0041}',
        ] {
            assert_eq!(map(key(KeyCode::Char(c)), Mode::Search), None, "{c:?}");
        }
    }

    #[test]
    fn ctrl_c_always_leaves() {
        for mode in [Mode::Normal, Mode::Search, Mode::Help, Mode::Facets] {
            assert_eq!(map(ctrl('c'), mode), Some(Action::Quit));
        }
    }

    #[test]
    fn ctrl_z_always_suspends() {
        for mode in [Mode::Normal, Mode::Search, Mode::Help, Mode::Facets] {
            assert_eq!(map(ctrl('z'), mode), Some(Action::Suspend));
        }
    }

    #[test]
    fn esc_clears_search_then_quits() {
        assert_eq!(
            map(key(KeyCode::Esc), Mode::Search),
            Some(Action::ClearSearch)
        );
        assert_eq!(map(key(KeyCode::Esc), Mode::Normal), Some(Action::Quit));
        assert_eq!(map(key(KeyCode::Esc), Mode::Help), Some(Action::CloseHelp));
    }

    #[test]
    fn enter_exports_from_the_list_and_the_search_line() {
        assert_eq!(map(key(KeyCode::Enter), Mode::Normal), Some(Action::Accept));
        assert_eq!(map(key(KeyCode::Enter), Mode::Search), Some(Action::Accept));
    }

    #[test]
    fn panes_by_tab_arrows_and_numbers() {
        assert_eq!(map(key(KeyCode::Tab), Mode::Normal), Some(Action::NextPane));
        assert_eq!(
            map(key(KeyCode::BackTab), Mode::Normal),
            Some(Action::PrevPane)
        );
        assert_eq!(
            map(key(KeyCode::Char('l')), Mode::Normal),
            Some(Action::NextPane)
        );
        assert_eq!(
            map(key(KeyCode::Char('3')), Mode::Normal),
            Some(Action::GoPane(3))
        );
        assert_eq!(
            map(key(KeyCode::Char('0')), Mode::Normal),
            Some(Action::GoPane(0))
        );
        assert_eq!(map(ctrl('d'), Mode::Normal), Some(Action::HalfPageDown));
    }

    #[test]
    fn every_pane_has_a_key() {
        for (i, k) in crate::app::layout::PANE_KEYS.iter().enumerate() {
            assert_eq!(
                map(key(KeyCode::Char(*k)), Mode::Normal),
                Some(Action::GoPane(i)),
                "{k}"
            );
        }
    }

    #[test]
    fn key_releases_are_ignored() {
        let mut k = key(KeyCode::Char('j'));
        k.kind = KeyEventKind::Release;
        assert_eq!(map(k, Mode::Normal), None);
    }
}
