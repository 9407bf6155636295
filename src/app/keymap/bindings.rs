//! Key bindings from the config file: `[keys]` maps an action to the keys that do it, in the
//! list (normal) mode. The keys listed replace the action's default keys; a key taken from
//! another action's defaults leaves that action. Ctrl-C (quit) and Ctrl-Z (suspend) always do
//! what they do, and the search line keeps its keys: there, letters are typed.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::normal;
use crate::app::Action;

/// A key as bindings compare it: the code, Ctrl and Alt (Shift is in the character itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    code: KeyCode,
    ctrl: bool,
    alt: bool,
}

impl Chord {
    fn of(key: &KeyEvent) -> Chord {
        Chord {
            code: key.code,
            ctrl: key.modifiers.contains(KeyModifiers::CONTROL),
            alt: key.modifiers.contains(KeyModifiers::ALT),
        }
    }

    fn event(self) -> KeyEvent {
        let mut m = KeyModifiers::NONE;
        if self.ctrl {
            m |= KeyModifiers::CONTROL;
        }
        if self.alt {
            m |= KeyModifiers::ALT;
        }
        KeyEvent::new(self.code, m)
    }
}

const NAMED: [(&str, KeyCode); 15] = [
    ("space", KeyCode::Char(' ')),
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
];

/// `pagedown` and the function keys are outside the table to keep it short.
fn named(s: &str) -> Option<KeyCode> {
    if s == "pagedown" {
        return Some(KeyCode::PageDown);
    }
    if let Some(n) = s.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        return (1..=12).contains(&n).then_some(KeyCode::F(n));
    }
    NAMED.iter().find(|(n, _)| *n == s).map(|(_, c)| *c)
}

/// A key as the config writes it: a character (`j`, `J`, `?`), a name (`space`, `enter`, `esc`,
/// `tab`, `backtab`, `backspace`, `up`, `pagedown`, `f1`…), with `ctrl-` and `alt-` in front.
pub fn parse_chord(s: &str) -> Result<Chord, String> {
    let bad = |why: &str| format!("`{}` is not a key: {why}", crate::catalogue::quote(s));
    let (mut ctrl, mut alt, mut rest) = (false, false, s);
    loop {
        if let Some(r) = rest.strip_prefix("ctrl-").filter(|r| !r.is_empty()) {
            ctrl = true;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("alt-").filter(|r| !r.is_empty()) {
            alt = true;
            rest = r;
        } else {
            break;
        }
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if crate::catalogue::is_forbidden(c) || c.is_whitespace() => {
            return Err(bad("write a space as `space`; control characters cannot be bound"));
        }
        (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
        _ => named(&rest.to_ascii_lowercase()).ok_or_else(|| {
            bad("expected a character, or space, enter, esc, tab, backtab, backspace, delete, insert, up, down, left, right, home, end, pageup, pagedown, f1-f12, with ctrl- or alt- before it")
        })?,
    };
    Ok(Chord { code, ctrl, alt })
}

impl Chord {
    /// The key as the help and the status line write keys: `Ctrl-k`, `Alt-x`, `Space`, `Enter`,
    /// `S-Tab`, `PgDn`, `↓`, `F5` (the config's own spelling is [`Chord`]'s `Display`).
    pub fn label(&self) -> String {
        let mut out = String::new();
        if self.ctrl {
            out.push_str("Ctrl-");
        }
        if self.alt {
            out.push_str("Alt-");
        }
        let name = match self.code {
            KeyCode::Char(' ') => "Space",
            KeyCode::Char(c) => {
                out.push(c);
                return out;
            }
            KeyCode::F(n) => {
                out.push_str(&format!("F{n}"));
                return out;
            }
            KeyCode::Enter => "Enter",
            KeyCode::Esc => "Esc",
            KeyCode::Tab => "Tab",
            KeyCode::BackTab => "S-Tab",
            KeyCode::Backspace => "Backspace",
            KeyCode::Delete => "Del",
            KeyCode::Insert => "Ins",
            KeyCode::Up => "↑",
            KeyCode::Down => "↓",
            KeyCode::Left => "←",
            KeyCode::Right => "→",
            KeyCode::Home => "Home",
            KeyCode::End => "End",
            KeyCode::PageUp => "PgUp",
            KeyCode::PageDown => "PgDn",
            _ => {
                out.push_str(&self.to_string());
                return out;
            }
        };
        out.push_str(name);
        out
    }
}

impl std::fmt::Display for Chord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::PageDown => f.write_str("pagedown"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => match NAMED.iter().find(|(_, c)| *c == code) {
                Some((n, _)) => f.write_str(n),
                None => write!(f, "{code:?}"),
            },
        }
    }
}

/// The actions a key can be bound to, by the names the config file uses.
pub const ACTIONS: &[(&str, Action)] = &[
    ("quit", Action::Quit),
    ("print", Action::Accept),
    ("mark", Action::ToggleMark),
    ("search", Action::FocusSearch),
    ("down", Action::Down),
    ("up", Action::Up),
    ("page-down", Action::PageDown),
    ("page-up", Action::PageUp),
    ("half-page-down", Action::HalfPageDown),
    ("half-page-up", Action::HalfPageUp),
    ("first", Action::Top),
    ("last", Action::Bottom),
    ("next-pane", Action::NextPane),
    ("previous-pane", Action::PrevPane),
    ("detail-down", Action::ScrollDetail(3)),
    ("detail-up", Action::ScrollDetail(-3)),
    ("next-link", Action::NextLink),
    ("previous-link", Action::PrevLink),
    ("follow", Action::FollowLink),
    ("parent", Action::GoParent),
    ("back", Action::Back),
    ("sort", Action::CycleSort),
    ("facets", Action::ToggleFacets),
    ("language", Action::ToggleLang),
    ("help", Action::ToggleHelp),
    ("copy", Action::Copy),
];

/// The action a config name stands for.
pub fn action(name: &str) -> Option<&'static Action> {
    ACTIONS.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
}

/// Every key the default keymap binds in the list, with its action: found by asking the
/// keymap itself, so the two cannot disagree.
pub fn defaults() -> Vec<(Chord, Action)> {
    let mut codes: Vec<KeyCode> = ('!'..='~').map(KeyCode::Char).collect();
    codes.extend(NAMED.iter().map(|(_, c)| *c));
    codes.push(KeyCode::PageDown);
    codes.extend((1..=12).map(KeyCode::F));
    let mut out = Vec::new();
    for code in codes {
        // The keymap reads Ctrl, not Alt: Alt-q does what q does, and is not listed.
        for ctrl in [false, true] {
            if ctrl && !matches!(code, KeyCode::Char('a'..='z')) {
                continue;
            }
            let chord = Chord {
                code,
                ctrl,
                alt: false,
            };
            if let Some(a) = normal(chord.event(), ctrl) {
                out.push((chord, a));
            }
        }
    }
    out
}

/// The list's keys after the config's bindings: for each chord it changes, its action, or
/// `None` when it was taken away from its default action.
#[derive(Debug, Clone, Default)]
pub struct Bindings {
    changed: HashMap<Chord, Option<Action>>,
    /// The actions the config binds, with their keys in the order it lists them: the first is
    /// the one the status line shows.
    bound: Vec<(Action, Vec<Chord>)>,
}

impl Bindings {
    /// `bound`: (action name, its chords), as validated from the config (names known, keys
    /// parsed, no key twice).
    pub fn new(bound: &[(&str, Vec<Chord>)]) -> Bindings {
        let mut changed: HashMap<Chord, Option<Action>> = HashMap::new();
        let defaults = defaults();
        for (name, _) in bound {
            let Some(a) = action(name) else { continue };
            // The action's default keys leave it ...
            for (chord, d) in &defaults {
                if d == a {
                    changed.insert(*chord, None);
                }
            }
        }
        let mut listed = Vec::new();
        for (name, chords) in bound {
            let Some(a) = action(name) else { continue };
            // ... and the keys listed do it.
            for c in chords {
                changed.insert(*c, Some(a.clone()));
            }
            listed.push((a.clone(), chords.clone()));
        }
        Bindings {
            changed,
            bound: listed,
        }
    }

    /// The keys that do `action` in the list under these bindings: the config's, in its order,
    /// for an action it binds; else the action's default keys that no other action took, in the
    /// order of [`defaults`] (characters first, so `j` before `↓`).
    pub fn keys_of(&self, action: &Action) -> Vec<Chord> {
        if let Some((_, keys)) = self.bound.iter().find(|(a, _)| a == action) {
            return keys.clone();
        }
        defaults()
            .into_iter()
            .filter(|(c, d)| d == action && !self.changed.contains_key(c))
            .map(|(c, _)| c)
            .collect()
    }

    /// Whether the config changes the keys of `action`: binds it, or takes one of its keys.
    pub fn changes(&self, action: &Action) -> bool {
        if self.changed.is_empty() {
            return false;
        }
        self.bound.iter().any(|(a, _)| a == action)
            || defaults()
                .iter()
                .any(|(c, d)| d == action && self.changed.contains_key(c))
    }

    /// Whether the config gives the key of this character to some action or takes it from its
    /// default one: for the help, the number keys that no longer go to their panes.
    pub fn takes(&self, key: char) -> bool {
        self.changed
            .keys()
            .any(|c| c.code == KeyCode::Char(key) && !c.ctrl && !c.alt)
    }

    /// What a key does in the list under these bindings, if they change it.
    pub(super) fn get(&self, key: &KeyEvent) -> Option<&Option<Action>> {
        self.changed.get(&Chord::of(key))
    }

    /// The keys of each action after these bindings, for `itib config`.
    pub fn effective(&self) -> Vec<(&'static str, Vec<Chord>)> {
        let defaults = defaults();
        ACTIONS
            .iter()
            .map(|(name, a)| {
                let mut keys: Vec<Chord> = defaults
                    .iter()
                    .filter(|(c, d)| d == a && !self.changed.contains_key(c))
                    .map(|(c, _)| *c)
                    .collect();
                keys.extend(
                    self.changed
                        .iter()
                        .filter(|(_, b)| b.as_ref() == Some(a))
                        .map(|(c, _)| *c),
                );
                keys.sort_by_key(|c| c.to_string());
                (*name, keys)
            })
            .collect()
    }

    /// Whether the bindings change anything.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty()
    }
}

/// Ctrl-C and Ctrl-Z, which no binding can take.
pub fn is_reserved(c: &Chord) -> bool {
    c.ctrl && !c.alt && matches!(c.code, KeyCode::Char('c') | KeyCode::Char('z'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_as_written_and_shown() {
        for s in [
            "j", "J", "?", "space", "enter", "ctrl-d", "alt-x", "f5", "pagedown", "-",
        ] {
            assert_eq!(
                parse_chord(s).map(|c| c.to_string()),
                Ok(s.to_string()),
                "{s}"
            );
        }
        assert!(parse_chord("ctrl-").is_err());
        assert!(parse_chord("spacebar").is_err());
        assert!(parse_chord(" ").is_err());
        assert!(parse_chord("\u{1b}").is_err());
        assert!(parse_chord("f13").is_err());
    }

    #[test]
    fn keys_as_the_help_writes_them() {
        for (written, shown) in [
            ("ctrl-k", "Ctrl-k"),
            ("alt-x", "Alt-x"),
            ("space", "Space"),
            ("backtab", "S-Tab"),
            ("pagedown", "PgDn"),
            ("down", "↓"),
            ("f5", "F5"),
            ("G", "G"),
        ] {
            assert_eq!(parse_chord(written).unwrap().label(), shown, "{written}");
        }
    }

    #[test]
    fn an_action_s_keys_in_order_after_the_config() {
        let none = Bindings::default();
        let labels = |b: &Bindings, a: &Action| -> Vec<String> {
            b.keys_of(a).iter().map(Chord::label).collect()
        };
        assert_eq!(labels(&none, &Action::Down), ["j", "↓"]);
        assert!(!none.changes(&Action::Down));
        let n = parse_chord("n").unwrap();
        let ctrl_k = parse_chord("ctrl-k").unwrap();
        let j = parse_chord("j").unwrap();
        let b = Bindings::new(&[("down", vec![ctrl_k, n]), ("first", vec![j])]);
        assert_eq!(
            labels(&b, &Action::Down),
            ["Ctrl-k", "n"],
            "the config's order"
        );
        assert_eq!(labels(&b, &Action::Top), ["j"]);
        assert!(b.changes(&Action::Down) && b.changes(&Action::Top));
        assert!(!b.changes(&Action::Up));
        assert_eq!(labels(&b, &Action::Up), ["k", "↑"]);
        // `g` is no longer `first`'s, and no one else's.
        assert!(b.takes('g') && !b.takes('2'));
    }

    #[test]
    fn the_defaults_are_the_keymaps() {
        let d = defaults();
        let q = parse_chord("q").unwrap();
        assert!(d.contains(&(q, Action::Quit)));
        let ctrl_d = parse_chord("ctrl-d").unwrap();
        assert!(d.contains(&(ctrl_d, Action::HalfPageDown)));
    }
}
