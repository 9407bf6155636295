//! The provenance part of every export: which facts of an entry come from outside the source,
//! and the citation that ends each card — publication, chapter and as-at, and in markdown the
//! quoted sentence behind each figure — so that a figure pasted from any format carries its
//! source and its date.

use std::fmt::Write as _;

use super::md;
use crate::catalogue::cite::{self, citation, field_words, sentence};
use crate::catalogue::units::format_figure;
use crate::catalogue::{Catalogue, Entry, Lang};

/// The mark put after a field whose fact is not from the source; the notes are listed under
/// it.
pub(super) const MARK: &str = " †";

/// `value`, marked when `field` is not from the source.
pub(super) fn marked(e: &Entry, field: &str, value: String) -> String {
    if e.outside(field).is_some() {
        format!("{value}{MARK}")
    } else {
        value
    }
}

/// The text card's ending: the outside-source notes, each in English then Chinese as the
/// card's summary is, then the citation line.
pub(super) fn text_ending(cat: &Catalogue, e: &Entry) -> String {
    let mut s = String::new();
    if !e.outside_source.is_empty() {
        let _ = writeln!(s, "\n† Not from the source 非出自來源");
        for o in &e.outside_source {
            let _ = writeln!(
                s,
                "  {} / {}: {}\n    {}",
                field_words(&o.field, Lang::En),
                field_words(&o.field, Lang::Zh),
                o.note.en,
                o.note.zh
            );
        }
    }
    let _ = writeln!(s, "\n{}", cite::cite_line(&cat.meta, None));
    s
}

/// The markdown card's ending: the outside-source notes, then a citation section with the
/// sentence each figure is quoted from.
pub(super) fn markdown_ending(cat: &Catalogue, e: &Entry) -> String {
    let mut s = String::new();
    if !e.outside_source.is_empty() {
        let _ = writeln!(s, "\n### † Not from the source 非出自來源\n");
        for o in &e.outside_source {
            // The Chinese on a line of its own in the same item: a reader of either language
            // finds the note in it, as the summary gives both.
            let _ = writeln!(
                s,
                "- {} / {}: {}\n  {}",
                md(&field_words(&o.field, Lang::En)),
                md(&field_words(&o.field, Lang::Zh)),
                md(&o.note.en),
                md(&o.note.zh)
            );
        }
    }
    let _ = writeln!(s, "\n### Citation\n");
    let _ = writeln!(s, "{}.", md(&citation(&cat.meta, Lang::En)));
    let _ = writeln!(s, "\n{}。", md(&citation(&cat.meta, Lang::Zh)));
    if !e.figures.is_empty() {
        s.push('\n');
    }
    for f in &e.figures {
        let _ = write!(
            s,
            "- {}: {}, {}",
            md(&f.label.en),
            md(&format_figure(f, Lang::En)),
            cite::as_at(f, Lang::En)
        );
        match sentence(e, f) {
            Some(q) => {
                let _ = writeln!(s, " — 「{}」", md(q));
            }
            None => s.push('\n'),
        }
    }
    s
}

/// The csv cells of provenance: the outside-source notes in English and in Chinese (two
/// columns, as names and summaries have), the catalogue's source and as-at.
pub(super) fn csv_cells(cat: &Catalogue, e: &Entry) -> [String; 4] {
    let outside = |lang: Lang| -> String {
        let notes: Vec<String> = e
            .outside_source
            .iter()
            .map(|o| format!("{}: {}", o.field, o.note.get(lang)))
            .collect();
        notes.join("; ")
    };
    let source = cat.meta.source.as_ref().map(cite::both).unwrap_or_default();
    [
        outside(Lang::En),
        outside(Lang::Zh),
        source,
        cat.meta.as_at.clone().unwrap_or_default(),
    ]
}
