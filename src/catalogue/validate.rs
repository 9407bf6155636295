//! Checking a parsed catalogue: every rule an entry, a figure or a link must obey, collected
//! with the byte offset of what broke it (turned into line and column in one pass at the end),
//! and the same rules as plain predicates for entries that did not come from TOML (the cache).

use std::fmt::Display;

use super::error::Problem;
use super::idmap::IdMap;
use super::raw::{
    self, RawEntry, RawFigure, RawMeta, RawNote, RawOutside, RawText, S, Seg, Unknown,
};
use super::text::{is_forbidden, is_kebab, is_visible, quote, text_is_safe};
use super::vocab::{self, Audience};
use super::{AsAtBasis, DateEvent, Entry, Figure, Kind, Meta, Number, Outside, Qualifier, Text};
use super::{edit_distance_within, is_iso_date};

fn safe(s: &str) -> bool {
    text_is_safe(s)
}

fn filled(s: &str) -> bool {
    is_visible(s) && safe(s)
}

fn both_filled(t: &Text) -> bool {
    filled(&t.en) && filled(&t.zh)
}

fn date_ok(d: &str) -> bool {
    safe(d) && is_iso_date(d)
}

/// The rules for a catalogue's own table, as the validator applies them.
pub(super) fn meta_is_valid(meta: &Meta) -> bool {
    meta.title.as_ref().is_none_or(both_filled)
        && meta.source.as_ref().is_none_or(both_filled)
        && meta.publication.as_ref().is_none_or(both_filled)
        && meta.chapter.as_ref().is_none_or(both_filled)
        && meta.as_at.as_deref().is_none_or(date_ok)
}

/// The rules for one entry on its own (all but the cross-entry ones), as the validator applies
/// them.
pub(super) fn entry_is_valid(e: &Entry) -> bool {
    is_kebab(&e.id)
        && both_filled(&e.name)
        && both_filled(&e.summary)
        && e.category.as_ref().is_none_or(both_filled)
        && e.name_note.as_ref().is_none_or(both_filled)
        && e.parent.as_deref().is_none_or(safe)
        && e.website
            .as_deref()
            .is_none_or(|w| safe(w) && (w.starts_with("https://") || w.starts_with("http://")))
        && !e.source.is_empty()
        && [&e.aliases, &e.related, &e.tags, &e.source]
            .iter()
            .all(|v| v.iter().all(|s| safe(s)))
        && e.tags.iter().all(|t| vocab::is_tag(t))
        && e.dates.iter().all(|d| safe(&d.event) && date_ok(&d.date))
        && e.figures.iter().all(|f| {
            both_filled(&f.label)
                && f.value.is_valid()
                && filled(&f.unit)
                && date_ok(&f.as_at)
                && f.as_written
                    .as_deref()
                    .is_none_or(|w| safe(w) && super::written::check(w, f.value, &f.unit).is_ok())
                && f.short.as_ref().is_none_or(both_filled)
        })
        && e.figures.iter().filter(|f| f.headline).count() <= 1
        && e.outside_source.iter().enumerate().all(|(i, o)| {
            both_filled(&o.note)
                && safe(&o.field)
                && outside_problem(e, &o.field).is_none()
                && !e.outside_source[..i].iter().any(|p| p.field == o.field)
        })
}

/// Why `field` cannot be marked as coming from outside the source in `e`: it is no field a
/// mark may name (see [`super::OUTSIDE_FIELDS`]), or one the entry does not have. `None` when
/// it can.
pub(super) fn outside_problem(e: &Entry, field: &str) -> Option<String> {
    let (base, index, rest) = match field.split_once('[') {
        Some((base, tail)) => {
            let Some((n, rest)) = tail.split_once(']') else {
                return Some(unknown_outside(field));
            };
            // Plain digits, as the validator writes indices (`[1]`, not `[01]` or `[+1]`).
            let plain = n.bytes().all(|b| b.is_ascii_digit()) && (n == "0" || !n.starts_with('0'));
            match n.parse::<usize>() {
                Ok(n) if plain => (base, Some(n), rest),
                _ => return Some(unknown_outside(field)),
            }
        }
        None => (field, None, ""),
    };
    let indexed = ["aliases", "related", "dates", "figures"];
    let known = match (index, rest) {
        (None, _) => super::OUTSIDE_FIELDS.contains(&base),
        (Some(_), "") => indexed.contains(&base),
        (Some(_), ".label") => base == "figures",
        _ => false,
    };
    if !known {
        return Some(unknown_outside(field));
    }
    let len = match base.split('.').next().unwrap_or(base) {
        "aliases" => e.aliases.len(),
        "related" => e.related.len(),
        "dates" => e.dates.len(),
        "figures" => e.figures.len(),
        "category" => usize::from(e.category.is_some()),
        "parent" => usize::from(e.parent.is_some()),
        "website" => usize::from(e.website.is_some()),
        _ => 1, // name, summary: every entry has them
    };
    match index {
        Some(i) if i >= len => Some(format!(
            "the entry has no `{}` ({len} {base})",
            quote(field)
        )),
        None if len == 0 => Some(format!("the entry has no `{base}` to mark")),
        _ => None,
    }
}

fn unknown_outside(field: &str) -> String {
    let wanted = field.split(['[', '.']).next().unwrap_or(field);
    let hint = vocab::nearest(wanted, super::OUTSIDE_FIELDS.iter().copied())
        .filter(|n| *n != wanted)
        .map(|n| format!("did you mean `{n}`? "))
        .unwrap_or_default();
    format!(
        "`{}` is not a field a mark can name; {hint}expected one of {}, or dates[N], \
         figures[N], figures[N].label, aliases[N], related[N]",
        quote(field),
        super::OUTSIDE_FIELDS.join(", ")
    )
}

/// Whether entries that did not come from TOML (a cache, say) obey every rule the validator
/// applies to TOML entries: the same text rules, required fields, dates and numbers, and the
/// validator's own cross-entry check (unique ids, links that resolve, no cycles). A test holds
/// this equal to the validator's verdict on the same entries written as TOML.
pub(super) fn parts_are_valid(meta: &Meta, entries: &[Entry]) -> bool {
    if !meta_is_valid(meta) || entries.is_empty() {
        return false;
    }
    let all_ok = crate::par::map_chunks(entries, 4096, |part| part.iter().all(entry_is_valid));
    if !all_ok.into_iter().all(|ok| ok) {
        return false;
    }
    let spans: Vec<Spans> = entries
        .iter()
        .map(|e| Spans {
            start: 0,
            id: Some(0),
            parent: e.parent.as_ref().map(|_| 0),
            related: vec![0; e.related.len()],
            as_at: vec![0; e.figures.len()],
        })
        .collect();
    let lines = Lines::new("");
    let mut v = Validator::new(&lines, 0);
    v.links(&spans, entries);
    v.dated(meta, &spans, entries);
    v.problems.is_empty()
}

/// What the cross-entry rules ([`Validator::links`]) read of an entry: its id and links.
pub(super) trait Linked {
    fn id(&self) -> &str;
    fn parent(&self) -> Option<&str>;
    fn related(&self) -> &[String];
}

impl Linked for Entry {
    fn id(&self) -> &str {
        &self.id
    }
    fn parent(&self) -> Option<&str> {
        self.parent.as_deref()
    }
    fn related(&self) -> &[String] {
        &self.related
    }
}

/// An entry's id and links alone, taken from it: what a load that drops the entries as it
/// goes keeps for the cross-entry rules.
pub(super) struct Link {
    pub(super) id: String,
    pub(super) parent: Option<String>,
    pub(super) related: Vec<String>,
}

impl Link {
    pub(super) fn take(e: &mut Entry) -> Link {
        Link {
            id: std::mem::take(&mut e.id),
            parent: e.parent.take(),
            related: std::mem::take(&mut e.related),
        }
    }
}

impl Linked for Link {
    fn id(&self) -> &str {
        &self.id
    }
    fn parent(&self) -> Option<&str> {
        self.parent.as_deref()
    }
    fn related(&self) -> &[String] {
        &self.related
    }
}

/// Where an entry's linking fields are, as byte offsets into the whole text.
pub(super) struct Spans {
    pub(super) start: usize,
    pub(super) id: Option<usize>,
    pub(super) parent: Option<usize>,
    pub(super) related: Vec<usize>,
    /// Each figure's `as_at` (the figure's start when it has none), for [`Validator::dated`].
    pub(super) as_at: Vec<usize>,
}

/// Byte offsets → 1-based line and column (in characters). The line table is built on the
/// first problem: a valid catalogue never needs it.
pub(super) struct Lines<'a> {
    text: &'a str,
    starts: std::sync::OnceLock<Vec<usize>>,
}

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            starts: std::sync::OnceLock::new(),
        }
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        })
    }

    /// The 1-based line of `offset`, without counting columns.
    pub(super) fn line(&self, offset: usize) -> usize {
        self.starts().partition_point(|&s| s <= offset).max(1)
    }

    pub(super) fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.starts()[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line, column + 1)
    }

    /// Gives each problem its line and column, in file order. One pass over the text for all
    /// of them: counting columns from the line's start for each would make 60,000 problems on
    /// one long line quadratic.
    pub(super) fn resolve(&self, mut pending: Vec<Pending>) -> Vec<Problem> {
        pending.sort_by_key(|p| p.0);
        let starts = self.starts();
        let mut line = 0; // index into `starts`
        let mut at = 0; // the offset whose column is `column`
        let mut column = 0;
        pending
            .into_iter()
            .map(|(offset, mut problem)| {
                let next = starts.partition_point(|&s| s <= offset).max(1) - 1;
                if next != line || offset < at {
                    line = next;
                    at = starts[line];
                    column = 0;
                }
                let between = self.text.get(at..offset);
                #[cfg(test)]
                COUNTED.with(|c| c.set(c.get() + between.map_or(0, str::len) as u64));
                column += between.map_or(offset.saturating_sub(at), |s| s.chars().count());
                at = offset;
                problem.line = line + 1;
                problem.column = column + 1;
                problem
            })
            .collect()
    }
}

#[cfg(test)]
thread_local! {
    /// Bytes `Lines::resolve` counted columns over on this thread.
    pub(super) static COUNTED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// A problem and its byte offset in the document; its line and column are filled in at the
/// end (see [`Lines::resolve`]).
pub(super) type Pending = (usize, Problem);

pub(super) struct Validator<'a> {
    lines: &'a Lines<'a>,
    /// Where the text the spans count from starts in the whole document.
    base: usize,
    pub(super) problems: Vec<Pending>,
    /// The id of the entry being validated, for every problem found in it.
    entry: Option<String>,
}

impl<'a> Validator<'a> {
    pub(super) fn new(lines: &'a Lines<'a>, base: usize) -> Validator<'a> {
        Validator {
            lines,
            base,
            problems: Vec::new(),
            entry: None,
        }
    }

    /// Records a problem. `field` is formatted only here, so the paths of fields that are fine
    /// cost nothing (a 100k-entry catalogue checks millions of them).
    pub(super) fn problem(
        &mut self,
        offset: usize,
        field: impl Display,
        message: impl Into<String>,
    ) {
        self.problems.push((
            self.base + offset,
            Problem {
                line: 0,
                column: 0,
                entry: self.entry.clone(),
                field: field.to_string(),
                message: message.into(),
            },
        ));
    }

    /// Reports each key the format does not have, where it is written in `text` (the piece
    /// this validator reads), with the keys allowed there.
    pub(super) fn unknown(&mut self, text: &str, entries: &[S<RawEntry>], unknown: &[Unknown]) {
        if unknown.is_empty() {
            return;
        }
        let offsets = raw::key_offsets(text, unknown);
        for (u, at) in unknown.iter().zip(offsets) {
            let (entry, inner) = match u.0.as_slice() {
                [Seg::Key(k), Seg::Index(i), rest @ ..] if k == "entry" => (
                    entries
                        .get(*i)
                        .and_then(|e| e.get_ref().id.as_ref())
                        .map(|id| id.get_ref().clone()),
                    rest,
                ),
                all => (None, all),
            };
            let mut field = String::new();
            for seg in inner {
                match seg {
                    Seg::Key(k) => {
                        if !field.is_empty() {
                            field.push('.');
                        }
                        field.push_str(&quote(k));
                    }
                    Seg::Index(i) => field.push_str(&format!("[{i}]")),
                }
            }
            let expected = u.expected();
            let message = if expected.is_empty() {
                format!("unknown field `{}`", quote(u.key()))
            } else {
                let list: Vec<String> = expected.iter().map(|k| format!("`{k}`")).collect();
                format!(
                    "unknown field `{}`; expected one of {}",
                    quote(u.key()),
                    list.join(", ")
                )
            };
            self.entry = entry;
            self.problem(at.unwrap_or(0), field, message);
        }
        self.entry = None;
    }

    pub(super) fn meta(&mut self, raw: Option<&mut RawMeta>) -> Meta {
        self.entry = None;
        let Some(m) = raw else {
            return Meta::default();
        };
        Meta {
            title: m.title.as_mut().map(|t| self.text(t, "catalogue.title")),
            source: m.source.as_mut().map(|t| self.text(t, "catalogue.source")),
            publication: m
                .publication
                .as_mut()
                .map(|t| self.text(t, "catalogue.publication")),
            chapter: m
                .chapter
                .as_mut()
                .map(|t| self.text(t, "catalogue.chapter")),
            as_at: m.as_at.as_mut().map(|d| self.date(d, "catalogue.as_at")),
        }
    }

    /// Entry `raw` checked and made into an [`Entry`]. Its strings are moved out, not copied
    /// (each was allocated twice before): `raw` is left with empty strings and its spans.
    pub(super) fn entry(&mut self, raw: &mut S<RawEntry>) -> (Entry, Spans) {
        let start = raw.span().start;
        let e = raw.get_mut();
        let spans = Spans {
            start: self.base + start,
            id: e.id.as_ref().map(|s| self.base + s.span().start),
            parent: e.parent.as_ref().map(|s| self.base + s.span().start),
            related: e
                .related
                .iter()
                .map(|s| self.base + s.span().start)
                .collect(),
            as_at: e
                .figures
                .iter()
                .map(|f| {
                    let at = f.get_ref().as_at.as_ref().map_or(f.span(), |d| d.span());
                    self.base + at.start
                })
                .collect(),
        };
        self.entry = e.id.as_ref().map(|id| id.get_ref().clone());
        let id = match &mut e.id {
            None => {
                self.problem(start, "id", "entry has no id");
                String::new()
            }
            Some(id) => {
                let text = self.string(id, "id");
                if !is_kebab(&text) {
                    self.problem(
                        id.span().start,
                        "id",
                        format!(
                            "`{}` is not a kebab-case id (a-z, 0-9 and single '-')",
                            quote(&text)
                        ),
                    );
                }
                text
            }
        };
        let kind = match &e.kind {
            None => {
                self.problem(start, "kind", "entry has no kind");
                Kind::Bureau
            }
            Some(k) => Kind::parse(k.get_ref()).unwrap_or_else(|| {
                let expected: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                self.problem(
                    k.span().start,
                    "kind",
                    format!(
                        "unknown kind `{}`; expected one of {}",
                        quote(k.get_ref()),
                        expected.join(", ")
                    ),
                );
                Kind::Bureau
            }),
        };
        let name = self.required_text(e.name.as_mut(), start, "name");
        let summary = self.required_text(e.summary.as_mut(), start, "summary");
        if e.source.is_empty() {
            self.problem(start, "source", "entry quotes no source (source = [\"…\"])");
        }
        let website = e.website.as_mut().map(|w| {
            let url = self.string(w, "website");
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                self.problem(
                    w.span().start,
                    "website",
                    format!("`{}` is not an http(s) address", quote(&url)),
                );
            }
            url
        });
        let entry = Entry {
            id,
            kind,
            category: e.category.as_mut().map(|c| self.text(c, "category")),
            name,
            name_note: e.name_note.as_mut().map(|n| self.name_note(n)),
            aliases: self.strings(&mut e.aliases, "aliases"),
            parent: e.parent.as_mut().map(|p| self.string(p, "parent")),
            related: self.strings(&mut e.related, "related"),
            audience: self.audience(&mut e.audience),
            tags: self.tags(&mut e.tags),
            website,
            summary,
            source: self.strings(&mut e.source, "source"),
            dates: e
                .dates
                .iter_mut()
                .enumerate()
                .map(|(i, d)| {
                    let field = DatePath(i);
                    let at = d.span().start;
                    let r = d.get_mut();
                    let event = match &mut r.event {
                        Some(ev) => self.string(ev, format_args!("{field}.event")),
                        None => {
                            self.problem(at, format!("{field}.event"), "date has no event");
                            String::new()
                        }
                    };
                    let date = match &mut r.date {
                        Some(dt) => self.date(dt, format_args!("{field}.date")),
                        None => {
                            self.problem(at, format!("{field}.date"), "date has no date");
                            String::new()
                        }
                    };
                    DateEvent { event, date }
                })
                .collect(),
            figures: e
                .figures
                .iter_mut()
                .enumerate()
                .map(|(i, f)| self.figure(f, FigurePath(i)))
                .collect(),
            outside_source: Vec::new(),
        };
        let mut entry = entry;
        self.headlines(&e.figures);
        entry.outside_source = self.outside(&mut e.outside_source, &entry);
        (entry, spans)
    }

    /// At most one figure an entry is its headline: each further one is a problem.
    fn headlines(&mut self, figures: &[S<RawFigure>]) {
        let mut first = None;
        for (i, f) in figures.iter().enumerate() {
            let Some(h) = f.get_ref().headline.as_ref().filter(|h| *h.get_ref()) else {
                continue;
            };
            match first {
                None => first = Some(i),
                Some(j) => self.problem(
                    h.span().start,
                    format_args!("{}.headline", FigurePath(i)),
                    format!(
                        "the entry already has a headline figure ({}); mark only one",
                        FigurePath(j)
                    ),
                ),
            }
        }
    }

    /// `outside_source`: each mark names a field the entry has, once, with a note.
    fn outside(&mut self, marks: &mut [S<RawOutside>], entry: &Entry) -> Vec<Outside> {
        let mut out: Vec<Outside> = Vec::with_capacity(marks.len());
        for (i, m) in marks.iter_mut().enumerate() {
            let at = m.span().start;
            let r = m.get_mut();
            let path = format!("outside_source[{i}]");
            let field = match &mut r.field {
                Some(f) => {
                    let text = self.string(f, format_args!("{path}.field"));
                    if text_is_safe(&text) {
                        if let Some(why) = outside_problem(entry, &text) {
                            self.problem(f.span().start, format_args!("{path}.field"), why);
                        } else if out.iter().any(|o| o.field == text) {
                            self.problem(
                                f.span().start,
                                format_args!("{path}.field"),
                                format!("`{}` is marked twice", quote(&text)),
                            );
                        }
                    }
                    text
                }
                None => {
                    self.problem(at, format_args!("{path}.field"), "mark has no field");
                    String::new()
                }
            };
            let note = match &mut r.note {
                Some(n) => match (n.span().start, n.get_mut()) {
                    (at, RawNote::Both(t)) => self.both(t, at, format_args!("{path}.note")),
                    (at, RawNote::One) => {
                        self.problem(
                            at,
                            format_args!("{path}.note"),
                            "note is one string; write it in both languages: \
                             note = { en = \"…\", zh = \"…\" }",
                        );
                        Text::default()
                    }
                },
                None => {
                    self.problem(
                        at,
                        format_args!("{path}.note"),
                        "mark has no note: say where the fact comes from, \
                         note = { en = \"…\", zh = \"…\" }",
                    );
                    Text::default()
                }
            };
            out.push(Outside { field, note });
        }
        out
    }

    fn figure(&mut self, raw: &mut S<RawFigure>, field: FigurePath) -> Figure {
        let start = raw.span().start;
        let f = raw.get_mut();
        let label = self.required_text(f.label.as_mut(), start, format_args!("{field}.label"));
        let value = match &f.value {
            None => {
                self.problem(start, format!("{field}.value"), "figure has no value");
                Number::Int(0)
            }
            Some(v) => match (Number::of(v.get_ref()), v.get_ref()) {
                (Some(n), _) if n.is_valid() => n,
                (Some(n), _) => {
                    self.problem(v.span().start, format!("{field}.value"), n.refusal());
                    Number::Int(0)
                }
                (None, other) => {
                    self.problem(
                        v.span().start,
                        format!("{field}.value"),
                        format!(
                            "figure value must be a number, found {} {} {other}",
                            article(other.type_str()),
                            other.type_str()
                        ),
                    );
                    Number::Int(0)
                }
            },
        };
        let unit = match &mut f.unit {
            Some(u) if is_visible(u.get_ref()) => self.string(u, format_args!("{field}.unit")),
            Some(u) => {
                self.problem(
                    u.span().start,
                    format!("{field}.unit"),
                    "figure unit is empty",
                );
                String::new()
            }
            None => {
                self.problem(start, format!("{field}.unit"), "figure has no unit");
                String::new()
            }
        };
        let as_at = match &mut f.as_at {
            Some(d) => self.date(d, format_args!("{field}.as_at")),
            None => {
                self.problem(start, format!("{field}.as_at"), "figure has no as_at date");
                String::new()
            }
        };
        let qualifier = f.qualifier.as_ref().and_then(|q| {
            let parsed = Qualifier::parse(q.get_ref());
            if parsed.is_none() {
                self.problem(
                    q.span().start,
                    format!("{field}.qualifier"),
                    format!(
                        "unknown qualifier `{}`; expected about, over, up-to or nearly",
                        quote(q.get_ref())
                    ),
                );
            }
            parsed
        });
        let as_at_basis = match &f.as_at_basis {
            None => AsAtBasis::default(),
            Some(b) => AsAtBasis::parse(b.get_ref()).unwrap_or_else(|| {
                let hint = vocab::nearest(b.get_ref(), AsAtBasis::ALL.iter().map(|b| b.as_str()))
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                self.problem(
                    b.span().start,
                    format!("{field}.as_at_basis"),
                    format!(
                        "unknown as_at_basis `{}`; {hint}expected stated (the source gives the \
                         date), publication (it does not: the publication's date) or planned",
                        quote(b.get_ref())
                    ),
                );
                AsAtBasis::default()
            }),
        };
        let short = f
            .short
            .as_mut()
            .map(|t| self.text(t, format_args!("{field}.short")));
        let valued = f.value.as_ref().and_then(|v| Number::of(v.get_ref()));
        let as_written = f.as_written.as_mut().map(|w| {
            let text = self.string(w, format_args!("{field}.as_written"));
            // Checked against a value that is one (else that value is the problem).
            if valued.is_some_and(Number::is_valid) {
                if let Err(m) = super::written::check(&text, value, &unit) {
                    let message = format!("\"{}\" {m}", super::text::escape(&text));
                    self.problem(w.span().start, format_args!("{field}.as_written"), message);
                }
            }
            text
        });
        Figure {
            label,
            short,
            value,
            unit,
            as_at,
            as_at_basis,
            qualifier,
            as_written,
            headline: f.headline.as_ref().is_some_and(|h| *h.get_ref()),
        }
    }

    /// Cross-entry rules: unique ids, links that resolve, no parent cycles. `spans` place the
    /// problems; a load that only asks whether the rules hold may give none (its problems are
    /// then placed at the start).
    pub(super) fn links(&mut self, spans: &[Spans], entries: &[impl Linked]) {
        let mut first: IdMap<&str> =
            IdMap::with_capacity_and_hasher(entries.len(), Default::default());
        for (i, e) in entries.iter().enumerate() {
            if e.id().is_empty() {
                continue;
            }
            if let Some(&j) = first.get(e.id()) {
                let line = self
                    .lines
                    .line(spans.get(j).and_then(|s| s.id).unwrap_or(0));
                self.entry = Some(e.id().to_string());
                self.problem(
                    spans.get(i).map_or(0, |s| s.id.unwrap_or(s.start)),
                    "id",
                    format!("duplicate id; first defined at line {line}"),
                );
            } else {
                first.insert(e.id(), i);
            }
        }
        let mut near = Near::new(first);
        // Each entry's parent as an entry number, looked up once for the cycles too.
        let mut parents: Vec<Option<usize>> = vec![None; entries.len()];
        for (i, e) in entries.iter().enumerate() {
            if let Some(parent) = e.parent() {
                let at = spans.get(i).and_then(|s| s.parent).unwrap_or(0);
                if parent == e.id() {
                    self.entry = Some(e.id().to_string());
                    self.problem(at, "parent", "an entry cannot be its own parent");
                } else {
                    parents[i] = self
                        .link(&mut near, e.id(), parent, at, "parent")
                        .filter(|&j| j != i);
                }
            }
            for (k, rel) in e.related().iter().enumerate() {
                let at = spans.get(i).and_then(|s| s.related.get(k).copied());
                self.link(
                    &mut near,
                    e.id(),
                    rel,
                    at.unwrap_or(0),
                    format_args!("related[{k}]"),
                );
            }
        }
        self.cycles(spans, entries, &parents);
    }

    /// Figures against the catalogue's own date (when it has one): none is dated after it
    /// unless `planned` — a figure stated for a time the catalogue has not reached is a plan,
    /// and says so — and a `publication` figure is as at exactly that date, which is what the
    /// basis means. Dates compare as far as both go (`2023` is not after `2023-06`); an
    /// interval by its end.
    pub(super) fn dated(&mut self, meta: &Meta, spans: &[Spans], entries: &[Entry]) {
        let Some(as_at) = meta.as_at.as_deref().filter(|d| is_iso_date(d)) else {
            return;
        };
        for (e, sp) in entries.iter().zip(spans) {
            for (i, f) in e.figures.iter().enumerate() {
                if !is_iso_date(&f.as_at) {
                    continue; // already reported
                }
                let message = match f.as_at_basis {
                    AsAtBasis::Planned => continue,
                    AsAtBasis::Stated if later(&f.as_at, as_at) => format!(
                        "`{}` is after the catalogue's as_at ({as_at}): a date still to come is \
                         as_at_basis = \"planned\"",
                        f.as_at
                    ),
                    AsAtBasis::Publication if f.as_at != as_at => format!(
                        "`{}` is not the catalogue's as_at ({as_at}), which a publication-dated \
                         figure is as at; when the source gives this date, as_at_basis = \"stated\"",
                        f.as_at
                    ),
                    _ => continue,
                };
                self.entry = (!e.id.is_empty()).then(|| e.id.clone());
                let at = sp.as_at.get(i).copied().unwrap_or(sp.start);
                self.problem(at, format_args!("{}.as_at", FigurePath(i)), message);
            }
        }
    }

    /// The number of entry `target`, linked from entry `from`; when there is none, names the
    /// nearest id (for the first [`HINTS`] unknown ids of a file).
    fn link(
        &mut self,
        near: &mut Near<'_>,
        from: &str,
        target: &str,
        offset: usize,
        field: impl Display,
    ) -> Option<usize> {
        if let Some(&j) = near.ids.get(target) {
            return Some(j);
        }
        self.entry = (!from.is_empty()).then(|| from.to_string());
        let hint = near
            .nearest(target)
            .map(|id| format!("; did you mean `{}`?", quote(id)))
            .unwrap_or_default();
        self.problem(
            offset,
            field,
            format!("unknown id `{}`{hint}", quote(target)),
        );
        None
    }

    /// Reports each parent cycle once, at its first entry in file order. `parents[i]` is entry
    /// `i`'s parent's number, if it has one other than itself.
    fn cycles(&mut self, spans: &[Spans], entries: &[impl Linked], parents: &[Option<usize>]) {
        let parent_of = |i: usize| -> Option<usize> { parents.get(i).copied().flatten() };
        // 0 = unvisited, 1 = on the current path, 2 = done.
        let mut state = vec![0u8; entries.len()];
        let mut path = Vec::new();
        for start in 0..entries.len() {
            path.clear();
            let mut cur = Some(start);
            while let Some(i) = cur {
                match state[i] {
                    2 => break,
                    1 => {
                        let at = path.iter().position(|&p| p == i).unwrap_or(0);
                        let cycle = &path[at..];
                        let first = cycle.iter().copied().min().unwrap_or(i);
                        let rot = cycle.iter().position(|&p| p == first).unwrap_or(0);
                        let mut names: Vec<String> = cycle[rot..]
                            .iter()
                            .chain(&cycle[..rot])
                            .map(|&p| quote(entries[p].id()))
                            .collect();
                        names.push(quote(entries[first].id()));
                        self.entry = Some(entries[first].id().to_string());
                        let offset = spans.get(first).map_or(0, |s| s.parent.unwrap_or(s.start));
                        self.problem(
                            offset,
                            "parent",
                            format!("parent cycle: {}", names.join(" → ")),
                        );
                        break;
                    }
                    _ => {
                        state[i] = 1;
                        path.push(i);
                        cur = parent_of(i);
                    }
                }
            }
            for &p in &path {
                state[p] = 2;
            }
        }
    }

    /// A plain string field: any control character or bidi override is a problem.
    /// String `s`, checked, moved out of the raw tree (which keeps its span).
    fn string(&mut self, s: &mut S<String>, field: impl Display) -> String {
        let text = s.get_ref();
        // The fast scan first: most text has nothing to report.
        if !text_is_safe(text)
            && let Some(c) = text.chars().find(|&c| is_forbidden(c))
        {
            self.problem(
                s.span().start,
                field,
                format!(
                    "{} U+{:04X} in text; a catalogue may not send terminal control sequences or hide what it says",
                    super::text::class(c),
                    c as u32
                ),
            );
        }
        std::mem::take(s.get_mut())
    }

    /// `audience`: each a word of [`Audience`]; an unknown one is named with the nearest word
    /// and the list (it is dropped from the entry, which is invalid anyway).
    fn audience(&mut self, list: &mut [S<String>]) -> Vec<Audience> {
        let words = self.strings(list, "audience");
        let mut out = Vec::with_capacity(words.len());
        for (i, (w, raw)) in words.iter().zip(list).enumerate() {
            match Audience::parse(w) {
                Some(a) => out.push(a),
                None if !text_is_safe(w) => {} // already reported as unsafe text
                None => {
                    let hint = vocab::nearest(w, Audience::ALL.iter().map(|a| a.as_str()))
                        .map(|n| format!("did you mean `{n}`? "))
                        .unwrap_or_default();
                    let all: Vec<&str> = Audience::ALL.iter().map(|a| a.as_str()).collect();
                    self.problem(
                        raw.span().start,
                        format_args!("audience[{i}]"),
                        format!(
                            "unknown audience `{}`; {hint}expected one of {}",
                            quote(w),
                            all.join(", ")
                        ),
                    );
                }
            }
        }
        out
    }

    /// `tags`: each a word of [`vocab::TAGS`]; an audience word written as a tag is sent to
    /// `audience`, any other unknown one gets the nearest tag.
    fn tags(&mut self, list: &mut [S<String>]) -> Vec<String> {
        let words = self.strings(list, "tags");
        for (i, (w, raw)) in words.iter().zip(list).enumerate() {
            if vocab::is_tag(w) || !text_is_safe(w) {
                continue;
            }
            let message = if Audience::parse(w).is_some() {
                format!(
                    "`{}` is an audience, not a topic: write it in `audience` (data/README.md lists both)",
                    quote(w)
                )
            } else {
                let hint = vocab::nearest(w, vocab::TAGS.iter().map(|t| t.0))
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                format!(
                    "unknown tag `{}`{hint} (data/README.md lists the tags)",
                    quote(w)
                )
            };
            self.problem(raw.span().start, format_args!("tags[{i}]"), message);
        }
        words
    }

    fn strings(&mut self, list: &mut [S<String>], field: &str) -> Vec<String> {
        list.iter_mut()
            .enumerate()
            .map(|(i, s)| self.string(s, format_args!("{field}[{i}]")))
            .collect()
    }

    fn date(&mut self, d: &mut S<String>, field: impl Display + Copy) -> String {
        let at = d.span().start;
        let text = self.string(d, field);
        if !is_iso_date(&text) {
            self.problem(
                at,
                field,
                format!(
                    "`{}` is not an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD or A/B)",
                    quote(&text)
                ),
            );
        }
        text
    }

    /// `name_note`: in both languages, as the name is; the one-string form is refused with the
    /// form to write.
    fn name_note(&mut self, n: &mut S<RawNote>) -> Text {
        match (n.span().start, n.get_mut()) {
            (at, RawNote::Both(t)) => self.both(t, at, "name_note"),
            (at, RawNote::One) => {
                self.problem(
                    at,
                    "name_note",
                    "name note is one string; write it in both languages: \
                     name_note = { en = \"…\", zh = \"…\" }",
                );
                Text::default()
            }
        }
    }

    /// An optional bilingual text: when present, both languages are required.
    fn text(&mut self, t: &mut S<RawText>, field: impl Display + Copy) -> Text {
        let at = t.span().start;
        self.both(t.get_mut(), at, field)
    }

    fn required_text(
        &mut self,
        t: Option<&mut S<RawText>>,
        entry_start: usize,
        field: impl Display + Copy,
    ) -> Text {
        match t {
            Some(t) => self.text(t, field),
            None => {
                self.problem(entry_start, field, format!("missing {field} (en and zh)"));
                Text {
                    en: String::new(),
                    zh: String::new(),
                }
            }
        }
    }

    fn both(&mut self, t: &mut RawText, start: usize, field: impl Display + Copy) -> Text {
        let one = |v: &mut Self, s: &mut Option<S<String>>, lang: &str, language: &str| match s {
            Some(s) if is_visible(s.get_ref()) => v.string(s, format_args!("{field}.{lang}")),
            Some(s) => {
                let what = format!("{language} {}", plain(&field.to_string()));
                v.problem(
                    s.span().start,
                    format_args!("{field}.{lang}"),
                    format!("{what} is empty"),
                );
                String::new()
            }
            None => {
                let what = format!("{language} {}", plain(&field.to_string()));
                v.problem(
                    start,
                    format_args!("{field}.{lang}"),
                    format!("missing {what}"),
                );
                String::new()
            }
        };
        let en = one(self, &mut t.en, "en", "English");
        let zh = one(self, &mut t.zh, "zh", "Chinese");
        Text { en, zh }
    }
}

/// Unknown ids given a "did you mean" per file: enough to see a pattern, and a file with
/// thousands of dangling links is not checked against every id thousands of times.
pub(super) const HINTS: usize = 20;

/// The ids of a catalogue, for links and for "did you mean": only ids whose length in chars is
/// within the allowed distance of the unknown one are compared (a distance is at least the
/// difference in length), with a banded distance that stops as soon as it is too far.
struct Near<'a> {
    ids: IdMap<&'a str>,
    by_len: Vec<Vec<&'a str>>,
    hints: usize,
}

impl<'a> Near<'a> {
    pub(super) fn new(ids: IdMap<&'a str>) -> Near<'a> {
        Near {
            ids,
            by_len: Vec::new(),
            hints: 0,
        }
    }

    fn nearest(&mut self, target: &str) -> Option<&'a str> {
        if self.hints >= HINTS {
            return None;
        }
        self.hints += 1;
        if self.by_len.is_empty() {
            for &id in self.ids.keys() {
                let n = id.chars().count();
                if self.by_len.len() <= n {
                    self.by_len.resize(n + 1, Vec::new());
                }
                self.by_len[n].push(id);
            }
            for ids in &mut self.by_len {
                ids.sort_unstable();
            }
        }
        let len = target.chars().count();
        let max = len.max(3) / 3;
        let lo = len.saturating_sub(max);
        let hi = (len + max).min(self.by_len.len().saturating_sub(1));
        (lo..=hi)
            .flat_map(|n| self.by_len.get(n).into_iter().flatten())
            .filter_map(|&id| edit_distance_within(id, target, max).map(|d| (d, id)))
            .min()
            .map(|(_, id)| id)
    }
}

/// Whether ISO date `date` lies after `reference`, compared as far as both go (`2023` is not
/// after `2023-06`, `2023-07` is), each interval by its end.
fn later(date: &str, reference: &str) -> bool {
    let end = |d: &'_ str| d.rsplit('/').next().unwrap_or(d).to_string();
    let (d, r) = (end(date), end(reference));
    let n = d.len().min(r.len());
    d.get(..n) > r.get(..n)
}

/// `dates[2]`, formatted only when a problem needs it.
#[derive(Clone, Copy)]
struct DatePath(usize);

impl Display for DatePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "dates[{}]", self.0)
    }
}

/// `figures[2]`, formatted only when a problem needs it.
#[derive(Clone, Copy)]
struct FigurePath(usize);

impl Display for FigurePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "figures[{}]", self.0)
    }
}

/// `figures[2].label` → `label`, `name_note` → `name note`, for messages.
fn plain(field: &str) -> &str {
    match field.rsplit('.').next().unwrap_or(field) {
        "name_note" => "name note",
        last => last,
    }
}

fn article(type_str: &str) -> &'static str {
    if type_str.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
