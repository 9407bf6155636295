//! The provenance part of every export: which facts of an entry come from outside the source,
//! and the citation that ends each card — publication, chapter and as-at, and in markdown the
//! quoted sentence behind each figure — so that a figure pasted from any format carries its
//! source and its date.

use std::fmt::Write as _;

use super::md;
use crate::catalogue::cite::{self, citation, citation_both, field_words, sentence};
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

/// The text card's ending: the outside-source notes, then the citation line.
pub(super) fn text_ending(cat: &Catalogue, e: &Entry) -> String {
    let mut s = String::new();
    if !e.outside_source.is_empty() {
        let _ = writeln!(s, "\n† Not from the source 非出自來源");
        for o in &e.outside_source {
            let _ = writeln!(
                s,
                "  {} / {}: {}",
                field_words(&o.field, Lang::En),
                field_words(&o.field, Lang::Zh),
                o.note
            );
        }
    }
    let _ = writeln!(s, "\nCite 引用: {}", citation_both(&cat.meta));
    s
}

/// The markdown card's ending: the outside-source notes, then a citation section with the
/// sentence each figure is quoted from.
pub(super) fn markdown_ending(cat: &Catalogue, e: &Entry) -> String {
    let mut s = String::new();
    if !e.outside_source.is_empty() {
        let _ = writeln!(s, "\n### † Not from the source\n");
        for o in &e.outside_source {
            let _ = writeln!(
                s,
                "- {}: {}",
                md(&field_words(&o.field, Lang::En)),
                md(&o.note)
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

/// The csv cells of provenance: the outside-source notes, the catalogue's source and as-at.
pub(super) fn csv_cells(cat: &Catalogue, e: &Entry) -> [String; 3] {
    let outside: Vec<String> = e
        .outside_source
        .iter()
        .map(|o| format!("{}: {}", o.field, o.note))
        .collect();
    let source = cat.meta.source.as_ref().map(cite::both).unwrap_or_default();
    [
        outside.join("; "),
        source,
        cat.meta.as_at.clone().unwrap_or_default(),
    ]
}
