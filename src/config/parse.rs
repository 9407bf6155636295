//! Reading a config file's text into [`Settings`], every problem collected with its line and
//! column (as the catalogue's loader does), so that one run shows everything to fix.
//!
//! The document is walked as toml's spanned tables rather than deserialised into structs: every
//! key and value keeps its place, and an unknown key is reported where it is written.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{ColorSetting, Pos, Problem, Settings};
use crate::app::keymap::bindings::{self, ACTIONS, Chord};
use crate::app::theme::{Base, ROLES, parse_colors};
use crate::catalogue::{Lang, quote};
use crate::export::Format;
use crate::refine::Sort;

const ROOT_KEYS: [&str; 6] = ["lang", "format", "sort", "mouse", "theme", "keys"];
const THEME_KEYS: [&str; 2] = ["base", "colors"];

/// Where `offset` is in `text`: line and column (in characters), both from 1.
pub(super) fn position(text: &str, offset: usize) -> Pos {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line,
        column: before[start..].chars().count() + 1,
    }
}

struct Walk<'t> {
    text: &'t str,
    problems: Vec<Problem>,
}

impl Walk<'_> {
    fn at<T>(&self, s: &Spanned<T>) -> Pos {
        position(self.text, s.span().start)
    }

    fn problem<T>(&mut self, s: &Spanned<T>, field: &str, message: String) {
        let pos = self.at(s);
        self.problems.push(Problem {
            pos,
            field: field.to_string(),
            message,
        });
    }

    fn unknown(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        field: &str,
        what: &str,
        expected: &[&str],
    ) {
        self.problem(
            key,
            field,
            format!(
                "unknown {what} `{}`; expected one of {}",
                quote(key.get_ref()),
                expected.join(", ")
            ),
        );
    }

    /// A string value, or a problem saying what was expected.
    fn string<'v>(
        &mut self,
        v: &'v Spanned<DeValue<'_>>,
        field: &str,
        expected: &str,
    ) -> Option<&'v str> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            other => {
                self.problem(
                    v,
                    field,
                    format!("expected {expected}, found {}", kind(other)),
                );
                None
            }
        }
    }

    fn table<'v, 'i>(
        &mut self,
        v: &'v Spanned<DeValue<'i>>,
        field: &str,
    ) -> Option<&'v DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.problem(v, field, format!("expected a table, found {}", kind(other)));
                None
            }
        }
    }
}

fn kind(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The names a clap value enum is written as (`--format`'s, `--sort`'s).
fn names<E: clap::ValueEnum>() -> Vec<String> {
    E::value_variants()
        .iter()
        .filter_map(|f| f.to_possible_value())
        .map(|v| v.get_name().to_string())
        .collect()
}

/// The settings a config file's text gives, or every problem in it.
pub(super) fn settings(text: &str) -> Result<Settings, Vec<Problem>> {
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let pos = position(text, e.span().map_or(0, |s| s.start));
            return Err(vec![Problem {
                pos,
                field: String::new(),
                message: e.message().trim_end().to_string(),
            }]);
        }
    };
    let mut w = Walk {
        text,
        problems: Vec::new(),
    };
    let mut out = Settings::default();
    for (key, value) in root.get_ref() {
        match key.get_ref().as_ref() {
            "lang" => {
                if let Some(s) = w.string(value, "lang", "a string: en or zh") {
                    match s {
                        "en" => out.lang = Some((Lang::En, w.at(key))),
                        "zh" => out.lang = Some((Lang::Zh, w.at(key))),
                        _ => w.problem(
                            value,
                            "lang",
                            format!("unknown language `{}`; expected en or zh", quote(s)),
                        ),
                    }
                }
            }
            "format" => {
                let names = names::<Format>();
                let expected = format!("a string: {}", names.join(", "));
                if let Some(s) = w.string(value, "format", &expected) {
                    use clap::ValueEnum;
                    match Format::from_str(s, false) {
                        Ok(f) => out.format = Some((f, w.at(key))),
                        Err(_) => w.problem(
                            value,
                            "format",
                            format!(
                                "unknown format `{}`; expected one of {}",
                                quote(s),
                                names.join(", ")
                            ),
                        ),
                    }
                }
            }
            "sort" => {
                let names = names::<Sort>();
                let expected = format!("a string: {}", names.join(", "));
                if let Some(s) = w.string(value, "sort", &expected) {
                    use clap::ValueEnum;
                    match Sort::from_str(s, false) {
                        Ok(o) => out.sort = Some((o, w.at(key))),
                        Err(_) => w.problem(
                            value,
                            "sort",
                            format!(
                                "unknown sort order `{}`; expected one of {}",
                                quote(s),
                                names.join(", ")
                            ),
                        ),
                    }
                }
            }
            "mouse" => match value.get_ref() {
                DeValue::Boolean(b) => out.mouse = Some((*b, w.at(key))),
                other => w.problem(
                    value,
                    "mouse",
                    format!("expected true or false, found {}", kind(other)),
                ),
            },
            "theme" => {
                if let Some(t) = w.table(value, "theme") {
                    theme(&mut w, t, &mut out);
                }
            }
            "keys" => {
                if let Some(t) = w.table(value, "keys") {
                    keys(&mut w, t, &mut out);
                }
            }
            _ => w.unknown(key, "", "key", &ROOT_KEYS),
        }
    }
    if w.problems.is_empty() {
        Ok(out)
    } else {
        w.problems.sort_by_key(|p| (p.pos.line, p.pos.column));
        Err(w.problems)
    }
}

fn theme(w: &mut Walk<'_>, t: &DeTable<'_>, out: &mut Settings) {
    for (key, value) in t {
        match key.get_ref().as_ref() {
            "base" => {
                let expected = "a string: dark, light or mono";
                if let Some(s) = w.string(value, "theme.base", expected) {
                    match Base::parse(s) {
                        Some(b) => out.theme = Some((b, w.at(key))),
                        None => w.problem(
                            value,
                            "theme.base",
                            format!("unknown theme `{}`; expected dark, light or mono", quote(s)),
                        ),
                    }
                }
            }
            "colors" => {
                let Some(colors) = w.table(value, "theme.colors") else {
                    continue;
                };
                for (role, spec) in colors {
                    let name = role.get_ref().as_ref();
                    let Some(i) = ROLES.iter().position(|r| *r == name) else {
                        w.unknown(role, "theme.colors", "role", &ROLES);
                        continue;
                    };
                    let field = format!("theme.colors.{name}");
                    let Some(s) =
                        w.string(spec, &field, "a string: \"FG\", \"FG on BG\" or \"on BG\"")
                    else {
                        continue;
                    };
                    match parse_colors(s) {
                        Ok(colors) => out.colors.push(ColorSetting {
                            role: i,
                            colors,
                            written: s.to_string(),
                            at: w.at(role),
                        }),
                        Err(e) => w.problem(spec, &field, e),
                    }
                }
            }
            _ => w.unknown(key, "theme", "key", &THEME_KEYS),
        }
    }
}

fn keys(w: &mut Walk<'_>, t: &DeTable<'_>, out: &mut Settings) {
    let names: Vec<&str> = ACTIONS.iter().map(|(n, _)| *n).collect();
    // Every key bound so far: which action, and where.
    let mut taken: Vec<(Chord, &str, Pos)> = Vec::new();
    for (key, value) in t {
        let action = key.get_ref().as_ref();
        if bindings::action(action).is_none() {
            w.unknown(key, "keys", "action", &names);
            continue;
        }
        let field = format!("keys.{action}");
        let list: Vec<&Spanned<DeValue<'_>>> = match value.get_ref() {
            DeValue::Array(a) => a.iter().collect(),
            DeValue::String(_) => vec![value],
            other => {
                w.problem(
                    value,
                    &field,
                    format!("expected a key or an array of keys, found {}", kind(other)),
                );
                continue;
            }
        };
        let mut chords = Vec::new();
        for item in list {
            let Some(s) = w.string(item, &field, "a key as a string") else {
                continue;
            };
            let chord = match bindings::parse_chord(s) {
                Ok(c) => c,
                Err(e) => {
                    w.problem(item, &field, e);
                    continue;
                }
            };
            if bindings::is_reserved(&chord) {
                w.problem(
                    item,
                    &field,
                    format!(
                        "`{chord}` cannot be bound: ctrl-c always quits and ctrl-z always suspends"
                    ),
                );
                continue;
            }
            if let Some((_, other, at)) = taken.iter().find(|(c, ..)| *c == chord) {
                if *other != action {
                    let message = format!(
                        "`{chord}` is already bound to `{other}` (line {}, column {})",
                        at.line, at.column
                    );
                    w.problem(item, &field, message);
                }
                continue;
            }
            taken.push((chord, action, w.at(item)));
            chords.push(chord);
        }
        out.keys.push((action.to_string(), chords, w.at(key)));
    }
}
