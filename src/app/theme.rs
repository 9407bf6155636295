//! Colours: a base theme — `dark` (the default, for dark terminals), `light`, or `mono` (no
//! colour: the selection shown by reverse video, matches by underline) — and per-role overrides
//! from the config file (`title = "yellow"`, `selected = "black on cyan"`). With `NO_COLOR` the
//! theme is mono, whatever the config says.

use ratatui::style::{Color, Modifier, Style};

/// The roles a colour can be set for, by the names the config file uses.
pub const ROLES: [&str; 13] = [
    "title",
    "tab",
    "tab_active",
    "selected",
    "matched",
    "dim",
    "figure",
    "link",
    "link_selected",
    "error",
    "mark",
    "border",
    "border_focus",
];

/// The base themes, by the names the config file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    Dark,
    Light,
    Mono,
}

impl Base {
    pub const ALL: [Base; 3] = [Base::Dark, Base::Light, Base::Mono];

    pub fn as_str(self) -> &'static str {
        match self {
            Base::Dark => "dark",
            Base::Light => "light",
            Base::Mono => "mono",
        }
    }

    pub fn parse(s: &str) -> Option<Base> {
        Base::ALL.into_iter().find(|b| b.as_str() == s)
    }
}

/// A role's foreground and background as a config sets them (`None`: the base theme's).
pub type Colors = (Option<Color>, Option<Color>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    styles: [Style; ROLES.len()],
}

const fn fg(c: Color) -> Style {
    Style::new().fg(c)
}

const BOLD: Modifier = Modifier::BOLD;

impl Theme {
    /// The dark theme with colour, mono without (`NO_COLOR`).
    pub fn from_color(color: bool) -> Theme {
        Theme::new(if color { Base::Dark } else { Base::Mono })
    }

    pub fn new(base: Base) -> Theme {
        let styles = match base {
            Base::Dark => [
                fg(Color::Cyan).add_modifier(BOLD),
                Style::new(),
                fg(Color::Black).bg(Color::Cyan).add_modifier(BOLD),
                Style::new().bg(Color::DarkGray).add_modifier(BOLD),
                fg(Color::Yellow).add_modifier(BOLD),
                fg(Color::Gray),
                fg(Color::Green),
                fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
                fg(Color::Black).bg(Color::Blue),
                fg(Color::Red).add_modifier(BOLD),
                fg(Color::Magenta).add_modifier(BOLD),
                fg(Color::DarkGray),
                fg(Color::Cyan),
            ],
            // Dark colours on a light background: no yellow or grey text, a light selection.
            Base::Light => [
                fg(Color::Blue).add_modifier(BOLD),
                Style::new(),
                fg(Color::White).bg(Color::Blue).add_modifier(BOLD),
                Style::new().bg(Color::Gray).add_modifier(BOLD),
                fg(Color::Red).add_modifier(BOLD),
                fg(Color::DarkGray),
                fg(Color::Green),
                fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
                fg(Color::White).bg(Color::Blue),
                fg(Color::Red).add_modifier(BOLD),
                fg(Color::Magenta).add_modifier(BOLD),
                fg(Color::Gray),
                fg(Color::Blue),
            ],
            Base::Mono => [
                Style::new().add_modifier(BOLD),
                Style::new(),
                Style::new().add_modifier(Modifier::REVERSED.union(BOLD)),
                Style::new().add_modifier(Modifier::REVERSED),
                Style::new().add_modifier(BOLD.union(Modifier::UNDERLINED)),
                Style::new(),
                Style::new(),
                Style::new().add_modifier(Modifier::UNDERLINED),
                Style::new().add_modifier(Modifier::REVERSED.union(Modifier::UNDERLINED)),
                Style::new().add_modifier(BOLD),
                Style::new().add_modifier(BOLD),
                Style::new(),
                Style::new().add_modifier(BOLD),
            ],
        };
        Theme { styles }
    }

    /// Sets a role's colours (`None` keeps the base theme's), keeping its bold, underline, ….
    pub fn set(&mut self, role: usize, (fg, bg): Colors) {
        let Some(style) = self.styles.get_mut(role) else {
            return;
        };
        if let Some(c) = fg {
            *style = style.fg(c);
        }
        if let Some(c) = bg {
            *style = style.bg(c);
        }
    }

    pub fn title(&self) -> Style {
        self.styles[0]
    }
    pub fn tab(&self) -> Style {
        self.styles[1]
    }
    pub fn tab_active(&self) -> Style {
        self.styles[2]
    }
    pub fn selected(&self) -> Style {
        self.styles[3]
    }
    pub fn matched(&self) -> Style {
        self.styles[4]
    }
    pub fn dim(&self) -> Style {
        self.styles[5]
    }
    pub fn figure(&self) -> Style {
        self.styles[6]
    }
    pub fn link(&self) -> Style {
        self.styles[7]
    }
    pub fn link_selected(&self) -> Style {
        self.styles[8]
    }
    pub fn error(&self) -> Style {
        self.styles[9]
    }
    pub fn mark(&self) -> Style {
        self.styles[10]
    }
    pub fn border(&self) -> Style {
        self.styles[11]
    }
    pub fn border_focus(&self) -> Style {
        self.styles[12]
    }
}

/// A colour as the config file writes it: a name (`red`, `light-blue`, `dark-gray`, `default`),
/// `#rrggbb`, or an index 0-255.
pub fn parse_color(s: &str) -> Result<Color, String> {
    let named = [
        ("default", Color::Reset),
        ("black", Color::Black),
        ("red", Color::Red),
        ("green", Color::Green),
        ("yellow", Color::Yellow),
        ("blue", Color::Blue),
        ("magenta", Color::Magenta),
        ("cyan", Color::Cyan),
        ("gray", Color::Gray),
        ("dark-gray", Color::DarkGray),
        ("light-red", Color::LightRed),
        ("light-green", Color::LightGreen),
        ("light-yellow", Color::LightYellow),
        ("light-blue", Color::LightBlue),
        ("light-magenta", Color::LightMagenta),
        ("light-cyan", Color::LightCyan),
        ("white", Color::White),
    ];
    if let Some((_, c)) = named.iter().find(|(n, _)| *n == s) {
        return Ok(*c);
    }
    if let Some(hex) = s.strip_prefix('#') {
        if hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let v = u32::from_str_radix(hex, 16).map_err(|e| e.to_string())?;
            return Ok(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
        }
    } else if let Ok(i) = s.parse::<u8>() {
        return Ok(Color::Indexed(i));
    }
    Err(format!(
        "`{}` is not a colour: a name ({}), #rrggbb or 0-255",
        crate::catalogue::quote(s),
        named.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
    ))
}

/// A role's colours as the config file writes them: `FG`, `FG on BG` or `on BG`.
pub fn parse_colors(s: &str) -> Result<Colors, String> {
    let s = s.trim();
    let (fg, bg) = match s.split_once(" on ") {
        Some((f, b)) => (Some(f.trim()), Some(b.trim())),
        None => match s.strip_prefix("on ") {
            Some(b) => (None, Some(b.trim())),
            None => (Some(s), None),
        },
    };
    Ok((
        fg.map(parse_color).transpose()?,
        bg.map(parse_color).transpose()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_as_written() {
        assert_eq!(parse_colors("red"), Ok((Some(Color::Red), None)));
        assert_eq!(
            parse_colors("black on #00ff80"),
            Ok((Some(Color::Black), Some(Color::Rgb(0, 255, 128))))
        );
        assert_eq!(
            parse_colors("on 236"),
            Ok((None, Some(Color::Indexed(236))))
        );
        assert!(parse_colors("redd").is_err());
        assert!(parse_colors("#12345").is_err());
        assert!(parse_colors("256").is_err());
    }

    #[test]
    fn an_override_keeps_the_base_modifiers() {
        let mut t = Theme::new(Base::Dark);
        t.set(0, (Some(Color::Yellow), None));
        assert_eq!(t.title(), fg(Color::Yellow).add_modifier(BOLD));
    }
}
