//! What changed between two catalogues: entries added, removed and changed (matched by id),
//! and for a changed one each field that differs and each figure old → new with its as-at —
//! the changelog of a catalogue update, such as the next Yearbook's. [`compare`] builds the
//! comparison; [`write`] says it in text, markdown or json, in either language. No terminal
//! code: `itib diff` prints what this writes.

use std::fmt::Write as _;

use serde::Serialize;

use crate::catalogue::cite;
use crate::catalogue::units::format_figure;
use crate::catalogue::{Catalogue, Entry, Figure, Lang, Meta, Text};

/// Two catalogues compared.
#[derive(Debug, Serialize)]
pub struct Diff<'a> {
    /// Changes to the `[catalogue]` table (title, source, publication, chapter, as-at).
    pub catalogue: Vec<Change>,
    pub added: Vec<&'a Entry>,
    pub removed: Vec<&'a Entry>,
    pub changed: Vec<EntryDiff<'a>>,
}

/// One field's value before and after, as words (lists joined with `; `); empty for absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// An entry present in both, with what differs.
#[derive(Debug, Serialize)]
pub struct EntryDiff<'a> {
    pub id: &'a str,
    #[serde(skip)]
    pub old: &'a Entry,
    #[serde(skip)]
    pub new: &'a Entry,
    pub fields: Vec<Change>,
    pub figures: Vec<FigureChange<'a>>,
}

/// A figure matched by its English label across the two versions of an entry.
#[derive(Debug, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum FigureChange<'a> {
    Added { new: &'a Figure },
    Removed { old: &'a Figure },
    Changed { old: &'a Figure, new: &'a Figure },
}

impl Diff<'_> {
    /// Whether the two catalogues say the same.
    pub fn is_empty(&self) -> bool {
        self.catalogue.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
    }
}

fn text(t: Option<&Text>) -> String {
    t.map(cite::both).unwrap_or_default()
}

fn change(field: &'static str, old: String, new: String, out: &mut Vec<Change>) {
    if old != new {
        out.push(Change { field, old, new });
    }
}

fn meta_changes(old: &Meta, new: &Meta) -> Vec<Change> {
    let mut out = Vec::new();
    change(
        "title",
        text(old.title.as_ref()),
        text(new.title.as_ref()),
        &mut out,
    );
    change(
        "source",
        text(old.source.as_ref()),
        text(new.source.as_ref()),
        &mut out,
    );
    change(
        "publication",
        text(old.publication.as_ref()),
        text(new.publication.as_ref()),
        &mut out,
    );
    change(
        "chapter",
        text(old.chapter.as_ref()),
        text(new.chapter.as_ref()),
        &mut out,
    );
    change(
        "as_at",
        old.as_at.clone().unwrap_or_default(),
        new.as_at.clone().unwrap_or_default(),
        &mut out,
    );
    out
}

/// Every field of an entry but its figures, as the words a change shows.
fn fields(e: &Entry) -> Vec<(&'static str, String)> {
    let dates: Vec<String> = e
        .dates
        .iter()
        .map(|d| format!("{} {}", d.date, d.event))
        .collect();
    let outside: Vec<String> = e
        .outside_source
        .iter()
        .map(|o| format!("{}: {}", o.field, cite::both(&o.note)))
        .collect();
    let audience: Vec<&str> = e.audience.iter().map(|a| a.as_str()).collect();
    vec![
        ("kind", e.kind.as_str().to_string()),
        ("name.en", e.name.en.clone()),
        ("name.zh", e.name.zh.clone()),
        ("name_note", text(e.name_note.as_ref())),
        ("category", text(e.category.as_ref())),
        ("aliases", e.aliases.join("; ")),
        ("parent", e.parent.clone().unwrap_or_default()),
        ("related", e.related.join("; ")),
        ("audience", audience.join("; ")),
        ("tags", e.tags.join("; ")),
        ("website", e.website.clone().unwrap_or_default()),
        ("summary.en", e.summary.en.clone()),
        ("summary.zh", e.summary.zh.clone()),
        ("source", e.source.join(" / ")),
        ("dates", dates.join("; ")),
        ("outside_source", outside.join("; ")),
    ]
}

fn figure_changes<'a>(old: &'a Entry, new: &'a Entry) -> Vec<FigureChange<'a>> {
    let mut out = Vec::new();
    for f in &old.figures {
        match new.figures.iter().find(|g| g.label.en == f.label.en) {
            None => out.push(FigureChange::Removed { old: f }),
            Some(g) if g != f => out.push(FigureChange::Changed { old: f, new: g }),
            Some(_) => {}
        }
    }
    for g in &new.figures {
        if !old.figures.iter().any(|f| f.label.en == g.label.en) {
            out.push(FigureChange::Added { new: g });
        }
    }
    out
}

/// Compares two catalogues: entries by id, in the order of the new catalogue (removed ones in
/// the old one's).
pub fn compare<'a>(old: &'a Catalogue, new: &'a Catalogue) -> Diff<'a> {
    let added = new
        .entries()
        .iter()
        .filter(|e| old.get(&e.id).is_none())
        .collect();
    let removed = old
        .entries()
        .iter()
        .filter(|e| new.get(&e.id).is_none())
        .collect();
    let changed = new
        .entries()
        .iter()
        .filter_map(|n| {
            let o = old.get(&n.id)?;
            if o == n {
                return None;
            }
            let mut fields = Vec::new();
            for ((field, a), (_, b)) in self::fields(o).into_iter().zip(self::fields(n)) {
                change(field, a, b, &mut fields);
            }
            Some(EntryDiff {
                id: &n.id,
                old: o,
                new: n,
                fields,
                figures: figure_changes(o, n),
            })
        })
        .collect();
    Diff {
        catalogue: meta_changes(&old.meta, &new.meta),
        added,
        removed,
        changed,
    }
}

/// The ways [`write`] says a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Markdown,
    Json,
}

struct Words {
    catalogue: &'static str,
    added: &'static str,
    removed: &'static str,
    changed: &'static str,
    figure: &'static str,
    figure_added: &'static str,
    figure_removed: &'static str,
    none: &'static str,
}

const EN: Words = Words {
    catalogue: "Catalogue",
    added: "Added",
    removed: "Removed",
    changed: "Changed",
    figure: "figure",
    figure_added: "new figure",
    figure_removed: "figure removed",
    none: "(none)",
};

const ZH: Words = Words {
    catalogue: "目錄",
    added: "新增",
    removed: "刪除",
    changed: "更改",
    figure: "數字",
    figure_added: "新增數字",
    figure_removed: "刪除數字",
    none: "（無）",
};

/// A figure as a change shows it: "HK$32.8 billion, as at 2022-12" (with its basis when the
/// source does not date it).
fn figure_words(f: &Figure, lang: Lang) -> String {
    let sep = if lang == Lang::Zh { "，" } else { ", " };
    format!("{}{sep}{}", format_figure(f, lang), cite::as_at(f, lang))
}

fn value_or_none<'s>(v: &'s str, words: &'s Words) -> &'s str {
    if v.is_empty() { words.none } else { v }
}

/// One line per change of `d`, without markup: `name.en: "A" → "B"`.
fn change_lines(d: &EntryDiff<'_>, lang: Lang, words: &Words) -> Vec<String> {
    let mut out: Vec<String> = d
        .fields
        .iter()
        .map(|c| {
            format!(
                "{}: {} → {}",
                c.field,
                value_or_none(&c.old, words),
                value_or_none(&c.new, words)
            )
        })
        .collect();
    for f in &d.figures {
        out.push(match f {
            FigureChange::Added { new } => format!(
                "{}: {}: {}",
                words.figure_added,
                new.label.get(lang),
                figure_words(new, lang)
            ),
            FigureChange::Removed { old } => format!(
                "{}: {}: {}",
                words.figure_removed,
                old.label.get(lang),
                figure_words(old, lang)
            ),
            FigureChange::Changed { old, new } => format!(
                "{} {}: {} → {}",
                words.figure,
                new.label.get(lang),
                figure_words(old, lang),
                figure_words(new, lang)
            ),
        });
    }
    out
}

/// The comparison in `format`, in `lang` (names, figure labels and values, headings); field
/// names stay as the catalogue file writes them. Equal catalogues give nothing in text and
/// markdown (as diff(1)), and an empty comparison in json.
pub fn write(diff: &Diff<'_>, format: DiffFormat, lang: Lang) -> String {
    let words = if lang == Lang::Zh { &ZH } else { &EN };
    match format {
        DiffFormat::Json => {
            let mut s = serde_json::to_string_pretty(diff).unwrap_or_default();
            s.push('\n');
            s
        }
        _ if diff.is_empty() => String::new(),
        DiffFormat::Text => text_form(diff, lang, words),
        DiffFormat::Markdown => markdown_form(diff, lang, words),
    }
}

fn text_form(diff: &Diff<'_>, lang: Lang, words: &Words) -> String {
    let mut s = String::new();
    if !diff.catalogue.is_empty() {
        let _ = writeln!(s, "{}", words.catalogue);
        for c in &diff.catalogue {
            let _ = writeln!(
                s,
                "  {}: {} → {}",
                c.field,
                value_or_none(&c.old, words),
                value_or_none(&c.new, words)
            );
        }
    }
    for (title, mark, list) in [
        (words.added, '+', &diff.added),
        (words.removed, '-', &diff.removed),
    ] {
        if !list.is_empty() {
            let _ = writeln!(s, "{title} ({})", list.len());
            for e in list.iter() {
                let _ = writeln!(s, "  {mark} {}  {}", e.id, e.name.get(lang));
            }
        }
    }
    if !diff.changed.is_empty() {
        let _ = writeln!(s, "{} ({})", words.changed, diff.changed.len());
        for d in &diff.changed {
            let _ = writeln!(s, "  ~ {}  {}", d.id, d.new.name.get(lang));
            for line in change_lines(d, lang, words) {
                let _ = writeln!(s, "      {line}");
            }
        }
    }
    s
}

/// Markdown that renders as written (texts escaped as the markdown export escapes them; ids,
/// kebab-case, in code spans).
fn markdown_form(diff: &Diff<'_>, lang: Lang, words: &Words) -> String {
    let md = crate::export::markdown_text;
    let mut s = String::new();
    if !diff.catalogue.is_empty() {
        let _ = writeln!(s, "## {}\n", words.catalogue);
        for c in &diff.catalogue {
            let _ = writeln!(
                s,
                "- {}: {} → {}",
                c.field,
                md(value_or_none(&c.old, words)),
                md(value_or_none(&c.new, words))
            );
        }
        s.push('\n');
    }
    for (title, list) in [(words.added, &diff.added), (words.removed, &diff.removed)] {
        if !list.is_empty() {
            let _ = writeln!(s, "## {title} ({})\n", list.len());
            for e in list.iter() {
                let _ = writeln!(s, "- `{}` {}", e.id, md(e.name.get(lang)));
            }
            s.push('\n');
        }
    }
    if !diff.changed.is_empty() {
        let _ = writeln!(s, "## {} ({})\n", words.changed, diff.changed.len());
        for d in &diff.changed {
            let _ = writeln!(s, "### `{}` {}\n", d.id, md(d.new.name.get(lang)));
            for line in change_lines(d, lang, words) {
                let _ = writeln!(s, "- {}", md(&line));
            }
            s.push('\n');
        }
    }
    s
}
