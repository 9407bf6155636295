//! The catalogue file as TOML says it: every field optional and spanned, so that the loader can
//! report *every* missing or wrong field with its line and column instead of stopping at the
//! first. Unknown fields are rejected here, by serde, with their name and position.

use serde::Deserialize;
use toml::Spanned;

pub(crate) type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCatalogue {
    pub catalogue: Option<RawMeta>,
    #[serde(default)]
    pub entry: Vec<S<RawEntry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMeta {
    pub title: Option<S<RawText>>,
    pub source: Option<S<RawText>>,
    pub as_at: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawText {
    pub en: Option<S<String>>,
    pub zh: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEntry {
    pub id: Option<S<String>>,
    pub kind: Option<S<String>>,
    pub category: Option<S<RawText>>,
    pub name: Option<S<RawText>>,
    pub name_note: Option<S<String>>,
    #[serde(default)]
    pub aliases: Vec<S<String>>,
    pub parent: Option<S<String>>,
    #[serde(default)]
    pub related: Vec<S<String>>,
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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDate {
    pub event: Option<S<String>>,
    pub date: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFigure {
    pub label: Option<S<RawText>>,
    /// Any TOML value, so that a string where a number belongs is a collected problem.
    pub value: Option<S<toml::Value>>,
    pub unit: Option<S<String>>,
    pub as_at: Option<S<String>>,
    pub qualifier: Option<S<String>>,
    pub as_written: Option<S<String>>,
}
