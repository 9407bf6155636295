//! The catalogue file as TOML says it: every field optional and spanned, so that the loader can
//! report *every* missing or wrong field with its line and column instead of stopping at the
//! first. Unknown fields are not an error to serde here: they are collected (`serde_ignored`)
//! and reported with the other problems, so one misspelt key does not hide the rest; their
//! positions are looked up in the document only then.

use serde::Deserialize;
use toml::Spanned;

pub(crate) type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
pub(crate) struct RawCatalogue {
    pub catalogue: Option<RawMeta>,
    /// `None` when the document has no `entry` key at all (a header piece must not).
    pub entry: Option<Vec<S<RawEntry>>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawMeta {
    pub title: Option<S<RawText>>,
    pub source: Option<S<RawText>>,
    pub publication: Option<S<RawText>>,
    pub chapter: Option<S<RawText>>,
    pub as_at: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawText {
    pub en: Option<S<String>>,
    pub zh: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawEntry {
    pub id: Option<S<String>>,
    pub kind: Option<S<String>>,
    pub category: Option<S<RawText>>,
    pub name: Option<S<RawText>>,
    pub name_note: Option<S<RawNote>>,
    #[serde(default)]
    pub aliases: Vec<S<String>>,
    pub parent: Option<S<String>>,
    #[serde(default)]
    pub related: Vec<S<String>>,
    #[serde(default)]
    pub audience: Vec<S<String>>,
    #[serde(default)]
    pub tags: Vec<S<String>>,
    pub website: Option<S<String>>,
    pub summary: Option<S<RawText>>,
    #[serde(default)]
    pub source: Vec<S<String>>,
    #[serde(default)]
    pub dates: Vec<S<RawDate>>,
    #[serde(default)]
    pub figures: Vec<S<RawFigure>>,
    #[serde(default)]
    pub outside_source: Vec<S<RawOutside>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawOutside {
    pub field: Option<S<String>>,
    pub note: Option<S<RawNote>>,
}

/// A note — an outside-source mark's or an entry's `name_note`: `{ en = "…", zh = "…" }` as
/// names and summaries are written, or a bare string — the one-language form catalogues had
/// before notes were bilingual — kept apart so that the validator can say how to write it
/// instead of a type error that stops the load.
#[derive(Debug)]
pub(crate) enum RawNote {
    One,
    Both(RawText),
}

impl<'de> Deserialize<'de> for RawNote {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RawNote, D::Error> {
        struct Note;
        impl<'de> serde::de::Visitor<'de> for Note {
            type Value = RawNote;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a note in both languages, { en = \"…\", zh = \"…\" }")
            }

            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<RawNote, E> {
                Ok(RawNote::One)
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawNote, A::Error> {
                RawText::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawNote::Both)
            }
        }
        d.deserialize_any(Note)
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawDate {
    pub event: Option<S<String>>,
    pub date: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawFigure {
    pub label: Option<S<RawText>>,
    /// Any TOML value, so that a string where a number belongs is a collected problem.
    pub value: Option<S<toml::Value>>,
    pub unit: Option<S<String>>,
    pub as_at: Option<S<String>>,
    pub as_at_basis: Option<S<String>>,
    pub qualifier: Option<S<String>>,
    pub as_written: Option<S<String>>,
    pub short: Option<S<RawText>>,
    pub headline: Option<S<bool>>,
}

/// The keys each table may hold, for "unknown field" messages; a test holds them equal to what
/// the structs above accept.
pub(crate) const ROOT_KEYS: &[&str] = &["catalogue", "entry"];
pub(crate) const META_KEYS: &[&str] = &["title", "source", "publication", "chapter", "as_at"];
pub(crate) const TEXT_KEYS: &[&str] = &["en", "zh"];
pub(crate) const ENTRY_KEYS: &[&str] = &[
    "id",
    "kind",
    "category",
    "name",
    "name_note",
    "aliases",
    "parent",
    "related",
    "audience",
    "tags",
    "website",
    "summary",
    "source",
    "dates",
    "figures",
    "outside_source",
];
pub(crate) const DATE_KEYS: &[&str] = &["event", "date"];
pub(crate) const FIGURE_KEYS: &[&str] = &[
    "label",
    "value",
    "unit",
    "as_at",
    "as_at_basis",
    "qualifier",
    "as_written",
    "short",
    "headline",
];
pub(crate) const OUTSIDE_KEYS: &[&str] = &["field", "note"];

/// One step of the path to a value in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// A key the catalogue format does not have, by its path from the document's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unknown(pub Vec<Seg>);

impl Unknown {
    fn of(path: &serde_ignored::Path<'_>) -> Unknown {
        use serde_ignored::Path;
        let mut segs = Vec::new();
        let mut at = path;
        loop {
            at = match at {
                Path::Root => break,
                Path::Seq { parent, index } => {
                    segs.push(Seg::Index(*index));
                    parent
                }
                Path::Map { parent, key } => {
                    // `toml::Spanned` wraps each value in a map of its own.
                    if !key.starts_with("$__serde_spanned_private_") {
                        segs.push(Seg::Key(key.clone()));
                    }
                    parent
                }
                Path::Some { parent }
                | Path::NewtypeStruct { parent }
                | Path::NewtypeVariant { parent } => parent,
            };
        }
        segs.reverse();
        Unknown(segs)
    }

    /// The keys allowed beside this one.
    pub(crate) fn expected(&self) -> &'static [&'static str] {
        let keys: Vec<&str> = self
            .0
            .iter()
            .filter_map(|s| match s {
                Seg::Key(k) => Some(k.as_str()),
                Seg::Index(_) => None,
            })
            .collect();
        match keys.as_slice() {
            [_] => ROOT_KEYS,
            ["catalogue", _] => META_KEYS,
            [
                "catalogue",
                "title" | "source" | "publication" | "chapter",
                _,
            ] => TEXT_KEYS,
            ["entry", _] => ENTRY_KEYS,
            ["entry", "name" | "name_note" | "summary" | "category", _] => TEXT_KEYS,
            ["entry", "dates", _] => DATE_KEYS,
            ["entry", "figures", _] => FIGURE_KEYS,
            ["entry", "figures", "label" | "short", _] => TEXT_KEYS,
            ["entry", "outside_source", _] => OUTSIDE_KEYS,
            ["entry", "outside_source", "note", _] => TEXT_KEYS,
            _ => &[],
        }
    }

    /// The unknown key itself.
    pub(crate) fn key(&self) -> &str {
        match self.0.last() {
            Some(Seg::Key(k)) => k,
            _ => "",
        }
    }
}

/// Deserialises `text`, collecting the keys the format does not have instead of failing on
/// them.
pub(crate) fn from_str(text: &str) -> Result<(RawCatalogue, Vec<Unknown>), toml::de::Error> {
    let de = toml::de::Deserializer::parse(text)?;
    let mut unknown = Vec::new();
    let raw = serde_ignored::deserialize(de, |path| unknown.push(Unknown::of(&path)))?;
    Ok((raw, unknown))
}

/// [`from_str`], also giving the path of the field where deserialisation stopped.
pub(crate) fn from_str_with_path(
    text: &str,
) -> Result<(RawCatalogue, Vec<Unknown>), (toml::de::Error, String)> {
    let de = toml::de::Deserializer::parse(text).map_err(|e| (e, String::new()))?;
    let mut unknown = Vec::new();
    let mut note = |path: serde_ignored::Path<'_>| unknown.push(Unknown::of(&path));
    let ignoring = serde_ignored::Deserializer::new(de, &mut note);
    let raw = serde_path_to_error::deserialize(ignoring).map_err(|e| {
        let field = clean_path(&e.path().to_string());
        (e.into_inner(), field)
    })?;
    Ok((raw, unknown))
}

/// Drops the bookkeeping segments `toml::Spanned` adds to a serde path.
fn clean_path(path: &str) -> String {
    let path = path.replace(".$__serde_spanned_private_value", "");
    if path == "." { String::new() } else { path }
}

/// Where each unknown key starts in `text`: the document is parsed once more, spans and all —
/// only on this error path.
pub(crate) fn key_offsets(text: &str, unknown: &[Unknown]) -> Vec<Option<usize>> {
    let root = toml::de::DeTable::parse(text).ok();
    unknown
        .iter()
        .map(|u| root.as_ref().and_then(|r| key_offset(r.get_ref(), &u.0)))
        .collect()
}

fn key_offset(root: &toml::de::DeTable<'_>, path: &[Seg]) -> Option<usize> {
    use toml::de::DeValue;
    let mut value: Option<&DeValue<'_>> = None;
    let mut found = None;
    for seg in path {
        match seg {
            Seg::Key(k) => {
                let table = match value {
                    None => root,
                    Some(DeValue::Table(t)) => t,
                    Some(_) => return found,
                };
                let (key, v) = table
                    .iter()
                    .find(|(key, _)| key.get_ref().as_ref() == k.as_str())?;
                found = Some(key.span().start);
                value = Some(v.get_ref());
            }
            Seg::Index(i) => {
                let Some(DeValue::Array(a)) = value else {
                    return found;
                };
                let v = a.get(*i)?;
                found = Some(v.span().start);
                value = Some(v.get_ref());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_lists_are_the_keys_the_structs_accept() {
        let text = |keys: &[&str], value: &str| -> String {
            keys.iter().map(|k| format!("{k} = {value}\n")).collect()
        };
        // Every listed key is known (a wrong type is an error, not an unknown key) ...
        let tables = [
            ("", ROOT_KEYS),
            ("[catalogue]\n", META_KEYS),
            ("[catalogue.title]\n", TEXT_KEYS),
            ("[[entry]]\n", ENTRY_KEYS),
            ("[[entry]]\n[[entry.dates]]\n", DATE_KEYS),
            ("[[entry]]\n[[entry.figures]]\n", FIGURE_KEYS),
            (
                "[[entry]]\n[[entry.figures]]\n[entry.figures.label]\n",
                TEXT_KEYS,
            ),
            (
                "[[entry]]\n[[entry.figures]]\n[entry.figures.short]\n",
                TEXT_KEYS,
            ),
            ("[[entry]]\n[entry.name_note]\n", TEXT_KEYS),
            ("[[entry]]\n[[entry.outside_source]]\n", OUTSIDE_KEYS),
            (
                "[[entry]]\n[[entry.outside_source]]\n[entry.outside_source.note]\n",
                TEXT_KEYS,
            ),
            ("[catalogue.publication]\n", TEXT_KEYS),
        ];
        for (head, keys) in tables {
            for key in keys.iter() {
                let doc = format!("{head}{}", text(&[key], "{ zz = 1 }"));
                if let Ok((_, unknown)) = from_str(&doc) {
                    assert!(
                        unknown.iter().all(|u| u.key() != *key),
                        "{head}{key} reported unknown"
                    );
                }
            }
            // ... and any other is unknown, with these as the expected ones.
            let doc = format!("{head}zz_other = 1\n");
            let (_, unknown) = from_str(&doc).unwrap();
            assert_eq!(unknown.len(), 1, "{head}");
            assert_eq!(unknown[0].key(), "zz_other");
            assert_eq!(unknown[0].expected(), keys, "{head}");
        }
    }

    #[test]
    fn an_unknown_key_is_found_where_it_is_written() {
        let doc =
            "[[entry]]\nid = \"a\"\n[[entry]]\nid = \"b\"\nname = { en = \"B\", fr = \"x\" }\n";
        let (_, unknown) = from_str(doc).unwrap();
        assert_eq!(unknown.len(), 1);
        let at = key_offsets(doc, &unknown).pop().flatten().unwrap();
        assert!(doc[at..].starts_with("fr ="), "{}", &doc[at..]);
    }
}
