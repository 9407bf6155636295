//! The config file: the explorer's default language, export format, sort order, mouse, theme
//! and key bindings, read from `--config FILE`, else `$ITIB_CONFIG`, else
//! `$XDG_CONFIG_HOME/itib/config.toml` (or `~/.config/itib/config.toml`). No file at the default
//! place means the defaults; a file named by the flag or the variable must exist.
//!
//! A file you did not write is treated as hostile, as a catalogue is: at most 1 MiB, UTF-8,
//! every problem reported with its line and column and every value quoted escaped; a bad file
//! is exit 2 before anything else happens. Command-line flags win over the file, and the file
//! over the locale and the defaults; `NO_COLOR` makes the theme mono whatever the file says.
//! `itib config` prints what is in effect and where each setting came from.

mod parse;

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::app::keymap::bindings::{Bindings, Chord};
use crate::app::theme::{Base, Colors, ROLES, Theme};
use crate::catalogue::{Lang, escape};
use crate::export::Format;
use crate::refine::Sort;

/// A config file larger than this is refused unread.
pub const MAX_BYTES: u64 = 1 << 20;

/// A place in the config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// One problem of a config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pos: Pos,
    /// The setting's path (`theme.colors.title`); empty for a TOML syntax error.
    pub field: String,
    pub message: String,
}

/// What a config file sets, each with where it is written.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub lang: Option<(Lang, Pos)>,
    pub format: Option<(Format, Pos)>,
    pub sort: Option<(Sort, Pos)>,
    pub mouse: Option<(bool, Pos)>,
    pub theme: Option<(Base, Pos)>,
    pub colors: Vec<ColorSetting>,
    /// (action, its keys, where).
    pub keys: Vec<(String, Vec<Chord>, Pos)>,
}

/// A role's colours set by the config file.
#[derive(Debug, Clone)]
pub struct ColorSetting {
    /// Its index in [`ROLES`].
    pub role: usize,
    pub colors: Colors,
    /// As written, for `itib config`.
    pub written: String,
    pub at: Pos,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: cannot read the config file: {source}", shown(path))]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: not a regular file; a config file is read from a file",
        shown(path)
    )]
    NotAFile { path: PathBuf },
    #[error(
        "{}: larger than 1 MiB; a config file this large is refused",
        shown(path)
    )]
    TooLarge { path: PathBuf },
    #[error("{}", report(path, problems))]
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
}

fn shown(path: &Path) -> String {
    escape(&path.display().to_string())
}

fn report(path: &Path, problems: &[Problem]) -> String {
    let mut out = String::new();
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = write!(out, "{}:{}:{}: ", shown(path), p.pos.line, p.pos.column);
        if !p.field.is_empty() {
            let _ = write!(out, "{}: ", p.field);
        }
        out.push_str(&p.message);
    }
    out
}

/// Where the config file is looked for, and why there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// `--config FILE`.
    Flag(PathBuf),
    /// `$ITIB_CONFIG`.
    Env(PathBuf),
    /// The default place (XDG or `~/.config`); it may not exist.
    Default(PathBuf),
    /// No place to look: neither `XDG_CONFIG_HOME` nor `HOME` is set.
    Nowhere,
}

impl Found {
    pub fn path(&self) -> Option<&Path> {
        match self {
            Found::Flag(p) | Found::Env(p) | Found::Default(p) => Some(p),
            Found::Nowhere => None,
        }
    }
}

/// Where to read the config from, given `--config`.
pub fn locate(flag: Option<&Path>) -> Found {
    if let Some(p) = flag {
        return Found::Flag(p.to_path_buf());
    }
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(p) = var("ITIB_CONFIG") {
        return Found::Env(PathBuf::from(p));
    }
    // XDG: a relative XDG_CONFIG_HOME is ignored, as the spec says.
    if let Some(dir) = var("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|d| d.is_absolute())
    {
        return Found::Default(dir.join("itib").join("config.toml"));
    }
    match var("HOME") {
        Some(home) => Found::Default(PathBuf::from(home).join(".config/itib/config.toml")),
        None => Found::Nowhere,
    }
}

/// The config file's settings: none when the default place has no file.
pub fn load(found: &Found) -> Result<Settings, ConfigError> {
    let Some(path) = found.path() else {
        return Ok(Settings::default());
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound && matches!(found, Found::Default(_)) =>
        {
            return Ok(Settings::default());
        }
        Err(source) => {
            return Err(ConfigError::Unreadable {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    if meta.is_dir() || !(meta.is_file() || is_pipe(&meta)) {
        return Err(ConfigError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > MAX_BYTES {
        return Err(ConfigError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    let unreadable = |source| ConfigError::Unreadable {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(unreadable)?
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ConfigError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    parse(&bytes).map_err(|problems| ConfigError::Invalid {
        path: path.to_path_buf(),
        problems,
    })
}

#[cfg(unix)]
fn is_pipe(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_fifo()
}

#[cfg(not(unix))]
fn is_pipe(_: &std::fs::Metadata) -> bool {
    false
}

/// A config file's bytes as settings, or every problem in them.
pub fn parse(bytes: &[u8]) -> Result<Settings, Vec<Problem>> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            return Err(vec![Problem {
                pos: parse::position(valid, valid.len()),
                field: String::new(),
                message: "not UTF-8 text (invalid byte here); save the config as UTF-8".into(),
            }]);
        }
    };
    parse::settings(text)
}

/// Where an effective setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    /// A command-line flag.
    Flag(&'static str),
    /// An environment variable, with what it holds.
    Env(String),
    /// The config file, at this place.
    File(Pos),
}

/// What the command line says, for [`Effective::resolve`].
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub lang: Option<Lang>,
    pub format: Option<Format>,
    pub no_mouse: bool,
}

/// The settings in effect: the flags, else the file, else the environment and the defaults.
#[derive(Debug, Clone)]
pub struct Effective {
    pub found: Found,
    pub lang: (Lang, Origin),
    pub format: (Format, Origin),
    /// The explorer's first order (`s` cycles on from it).
    pub sort: (Sort, Origin),
    pub mouse: (bool, Origin),
    pub base: (Base, Origin),
    /// `NO_COLOR` is set (not empty): the theme is mono whatever the file says.
    pub no_color: bool,
    pub theme: Theme,
    pub settings: Settings,
    pub bindings: Bindings,
}

/// The locale's language: a Chinese locale (zh_HK, zh_TW, …) shows Chinese first.
pub(crate) fn locale() -> (Lang, Origin) {
    let found = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|v| {
        std::env::var(v)
            .ok()
            .filter(|s| !s.is_empty())
            .map(|s| (*v, s))
    });
    match found {
        Some((var, value)) => {
            let lang = if value.starts_with("zh") {
                Lang::Zh
            } else {
                Lang::En
            };
            (lang, Origin::Env(format!("{var}={}", escape(&value))))
        }
        None => (Lang::En, Origin::Default),
    }
}

impl Effective {
    pub fn resolve(found: Found, settings: Settings, flags: &Flags) -> Effective {
        let lang = match (flags.lang, settings.lang) {
            (Some(l), _) => (l, Origin::Flag("--lang")),
            (None, Some((l, at))) => (l, Origin::File(at)),
            (None, None) => locale(),
        };
        let format = match (flags.format, settings.format) {
            (Some(f), _) => (f, Origin::Flag("--format")),
            (None, Some((f, at))) => (f, Origin::File(at)),
            (None, None) => (Format::Text, Origin::Default),
        };
        let sort = match settings.sort {
            Some((s, at)) => (s, Origin::File(at)),
            None => (Sort::Relevance, Origin::Default),
        };
        let mouse = match (flags.no_mouse, settings.mouse) {
            (true, _) => (false, Origin::Flag("--no-mouse")),
            (false, Some((m, at))) => (m, Origin::File(at)),
            (false, None) => (true, Origin::Default),
        };
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let base = match (no_color, settings.theme) {
            (true, _) => (Base::Mono, Origin::Env("NO_COLOR".into())),
            (false, Some((b, at))) => (b, Origin::File(at)),
            (false, None) => (Base::Dark, Origin::Default),
        };
        let mut theme = Theme::new(base.0);
        if !no_color {
            for c in &settings.colors {
                theme.set(c.role, c.colors);
            }
        }
        let bound: Vec<(&str, Vec<Chord>)> = settings
            .keys
            .iter()
            .map(|(a, c, _)| (a.as_str(), c.clone()))
            .collect();
        let bindings = Bindings::new(&bound);
        Effective {
            found,
            lang,
            format,
            sort,
            mouse,
            base,
            no_color,
            theme,
            settings,
            bindings,
        }
    }

    /// The settings in effect as a config file would write them (it loads back), each with
    /// where it came from.
    pub fn describe(&self) -> String {
        let file = self.found.path().map(|p| escape(&p.display().to_string()));
        let origin = |o: &Origin| match o {
            Origin::Default => "default".to_string(),
            Origin::Flag(f) => format!("from {f}"),
            Origin::Env(e) => format!("from {e}"),
            Origin::File(at) => format!(
                "from {}:{}:{}",
                file.as_deref().unwrap_or("the config file"),
                at.line,
                at.column
            ),
        };
        let line = |out: &mut String, setting: String, from: String| {
            let pad = 32usize
                .saturating_sub(crate::app::text::width(&setting))
                .max(1);
            let _ = writeln!(out, "{setting}{}# {from}", " ".repeat(pad));
        };
        let mut out = String::from("# The settings in effect, and where each comes from.\n");
        let _ = writeln!(
            out,
            "# Config file: {}",
            match (&self.found, &file) {
                (Found::Nowhere, _) | (_, None) =>
                    "none (neither XDG_CONFIG_HOME nor HOME is set)".to_string(),
                (Found::Flag(_), Some(f)) => format!("{f} (--config)"),
                (Found::Env(_), Some(f)) => format!("{f} (ITIB_CONFIG)"),
                (Found::Default(p), Some(f)) if !p.exists() => format!("{f} (not there: defaults)"),
                (Found::Default(_), Some(f)) => f.clone(),
            }
        );
        out.push('\n');
        let lang = match self.lang.0 {
            Lang::En => "en",
            Lang::Zh => "zh",
        };
        line(&mut out, format!("lang = \"{lang}\""), origin(&self.lang.1));
        let format = value_name(self.format.0);
        line(
            &mut out,
            format!("format = \"{format}\""),
            origin(&self.format.1),
        );
        line(
            &mut out,
            format!("sort = \"{}\"", value_name(self.sort.0)),
            origin(&self.sort.1),
        );
        line(
            &mut out,
            format!("mouse = {}", self.mouse.0),
            origin(&self.mouse.1),
        );
        out.push_str("\n[theme]\n");
        line(
            &mut out,
            format!("base = \"{}\"", self.base.0.as_str()),
            origin(&self.base.1),
        );
        out.push_str("\n[theme.colors]\n");
        if self.settings.colors.is_empty() {
            out.push_str("# none set: the base theme's\n");
        }
        for ColorSetting {
            role, written, at, ..
        } in &self.settings.colors
        {
            let from = if self.no_color {
                "ignored: NO_COLOR is set".to_string()
            } else {
                origin(&Origin::File(*at))
            };
            line(
                &mut out,
                format!("{} = {}", ROLES[*role], crate::export::toml_string(written)),
                from,
            );
        }
        out.push_str("\n[keys]\n");
        for (name, keys) in self.bindings.effective() {
            let set = self.settings.keys.iter().find(|(a, ..)| a == name);
            let from = match set {
                Some((_, _, at)) => origin(&Origin::File(*at)),
                None => "default".to_string(),
            };
            let list: Vec<String> = keys
                .iter()
                .map(|k| crate::export::toml_string(&k.to_string()))
                .collect();
            line(&mut out, format!("{name} = [{}]", list.join(", ")), from);
        }
        out.push_str("# Always: ctrl-c quits, ctrl-z suspends; 0-9 and - go to the panes.\n");
        out
    }
}

/// How a `--format` or `--sort` value is written.
fn value_name(f: impl clap::ValueEnum) -> String {
    f.to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

/// The commented default config file, for `itib config --default`: every setting, commented out,
/// at its default, with what it takes.
pub fn default_file() -> String {
    let mut out = String::from(
        "# itib's config file: $XDG_CONFIG_HOME/itib/config.toml (else ~/.config/itib/config.toml),\n\
         # or the file $ITIB_CONFIG or --config FILE names. Every setting is optional; each is shown\n\
         # commented out, at its default. Command-line flags win over this file.\n\n\
         # The explorer's first language: \"en\" or \"zh\" (default: the locale's; zh_HK… is zh).\n\
         # lang = \"en\"\n\n\
         # What Enter, -1 and y print the chosen entries as: text, json, jsonl, toml, markdown, csv.\n\
         # (The scripting commands keep their own --format.)\n\
         # format = \"text\"\n\n\
         # The explorer's first order (s cycles on from it): relevance (the search's ranking;\n\
         # catalogue order with no query), name, date (newest first) or amount (largest HK$ first).\n\
         # sort = \"relevance\"\n\n\
         # Clicks and the wheel for itib; false leaves the mouse to the terminal (its own selection).\n\
         # mouse = true\n\n\
         [theme]\n\
         # \"dark\", \"light\" or \"mono\" (no colour). With NO_COLOR set, always mono.\n\
         # base = \"dark\"\n\n\
         [theme.colors]\n\
         # A role's colours, over the base theme's: \"FG\", \"FG on BG\" or \"on BG\", each a name (default,\n\
         # black, red, green, yellow, blue, magenta, cyan, gray, dark-gray, light-red, light-green,\n\
         # light-yellow, light-blue, light-magenta, light-cyan, white), #rrggbb or 0-255.\n",
    );
    let _ = writeln!(out, "# Roles: {}.", ROLES.join(", "));
    out.push_str(
        "# title = \"yellow\"\n\
         # selected = \"white on #303030\"\n\n\
         [keys]\n\
         # An action's keys in the list, replacing its default keys: a character (\"j\", \"J\", \"?\"), or\n\
         # space, enter, esc, tab, backtab, backspace, delete, insert, up, down, left, right, home,\n\
         # end, pageup, pagedown, f1-f12; ctrl- or alt- before it. A key listed for two actions is an\n\
         # error; one taken from another action's defaults leaves that action. ctrl-c (quit) and\n\
         # ctrl-z (suspend) cannot be bound; the search line keeps its keys.\n",
    );
    for (name, keys) in Bindings::default().effective() {
        let list: Vec<String> = keys
            .iter()
            .map(|k| crate::export::toml_string(&k.to_string()))
            .collect();
        let _ = writeln!(out, "# {name} = [{}]", list.join(", "));
    }
    out
}
