//! Reading a catalogue: bytes → UTF-8 text → TOML (raw, spanned) → a validated [`Catalogue`].
//!
//! Syntax and type errors stop at the first one (that is all TOML can tell reliably); semantic
//! problems are all collected, each with entry id, field, line and column, and reported together.

use std::fmt::Display;
use std::path::Path;
use std::sync::atomic::{AtomicU8, AtomicU64, AtomicUsize, Ordering};

use super::error::{LoadError, Problem};
use super::idmap::IdMap;
use super::raw::{RawCatalogue, RawEntry, RawFigure, RawMeta, RawText, S};
use super::text::{is_forbidden, is_kebab, text_is_safe};
use super::{Catalogue, DateEvent, Entry, Figure, Kind, Meta, Number, Qualifier, Text};
use super::{edit_distance, is_iso_date};

/// The shipped catalogue, embedded so the program needs no files at run time.
pub const SHIPPED: &str = include_str!("../../data/catalogue.toml");
/// How errors in the shipped catalogue name their file.
pub const SHIPPED_ORIGIN: &str = "data/catalogue.toml";

/// Loads the embedded catalogue.
pub fn shipped() -> Result<Catalogue, LoadError> {
    parse_str(SHIPPED, SHIPPED_ORIGIN)
}

/// Files at least this large are read block by block (see [`stream`]).
const STREAM_MIN: u64 = 8 << 20;
/// How much of a large file is held at once, besides the entries already read.
const BLOCK: usize = 4 << 20;

/// How far a load has got, for a screen to show while it runs (read from another thread).
#[derive(Debug, Default)]
pub struct Progress {
    /// Bytes of the file read so far, and its size.
    pub bytes: AtomicU64,
    pub total: AtomicU64,
    /// Entries parsed so far.
    pub entries: AtomicUsize,
    /// What happens after the parse: [`Progress::INDEXING`], [`Progress::SAVING`] (0 before).
    pub stage: AtomicU8,
}

impl Progress {
    pub const INDEXING: u8 = 1;
    pub const SAVING: u8 = 2;

    pub fn set_stage(&self, stage: u8) {
        self.stage.store(stage, Ordering::Relaxed);
    }

    fn read(&self, bytes: usize, entries: usize) {
        self.bytes.fetch_add(bytes as u64, Ordering::Relaxed);
        self.entries.fetch_add(entries, Ordering::Relaxed);
    }
}

/// Loads a catalogue file; every failure names the file. This is the slow path, always from
/// the TOML itself (`itib check` uses it); `crate::store` adds the cache in front of it.
pub fn load_path(path: &Path) -> Result<Catalogue, LoadError> {
    read_path(path, &Progress::default()).map(|(cat, _)| cat)
}

/// [`load_path`], also giving the BLAKE3 hash of exactly the bytes that were parsed — not of
/// another read of the file, which could have changed in between: the cache's key — and
/// counting its progress in `progress`.
pub fn read_path(path: &Path, progress: &Progress) -> Result<(Catalogue, blake3::Hash), LoadError> {
    if path.is_dir() {
        return Err(LoadError::Directory { path: path.into() });
    }
    let unreadable = |source| LoadError::Unreadable {
        path: path.into(),
        source,
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    progress.total.store(size, Ordering::Relaxed);
    if size >= STREAM_MIN {
        let file = std::fs::File::open(path).map_err(unreadable)?;
        if let Some(found) = stream(file, progress).map_err(unreadable)? {
            return Ok(found);
        }
        // Something to report, or a layout the pieces cannot show: read it whole.
        progress.bytes.store(0, Ordering::Relaxed);
        progress.entries.store(0, Ordering::Relaxed);
    }
    let bytes = std::fs::read(path).map_err(|source| LoadError::Unreadable {
        path: path.into(),
        source,
    })?;
    let hash = blake3::hash(&bytes);
    let origin = path.display().to_string();
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, column) = Lines::new(valid).position(valid.len());
            return Err(LoadError::NotUtf8 {
                origin,
                line,
                column,
            });
        }
    };
    let cat = parse_str(text, &origin)?;
    progress.read(bytes.len(), cat.len());
    Ok((cat, hash))
}

/// Parses and validates catalogue text; `origin` names it in errors (a path, usually).
///
/// Large catalogues are read entry by entry on all cores (see [`super::split`]); if any entry
/// does not parse on its own, the whole document is parsed in one piece, so that errors are
/// always reported as TOML sees the file.
pub fn parse_str(text: &str, origin: &str) -> Result<Catalogue, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::Empty {
            origin: origin.into(),
        });
    }
    let lines = Lines::new(text);
    let parsed = match parse_pieces(text, &lines) {
        Some(parsed) => parsed,
        None => {
            let raw = deserialize(text).map_err(|(err, field)| {
                let (line, column) = lines.position(err.span().map_or(0, |s| s.start));
                LoadError::Syntax {
                    origin: origin.into(),
                    line,
                    column,
                    field,
                    message: err.message().trim().to_string(),
                }
            })?;
            let mut v = Validator::new(&lines, 0);
            let meta = v.meta(raw.catalogue.as_ref());
            let (entries, spans) = raw.entry.iter().map(|e| v.entry(e)).unzip();
            Parsed {
                meta,
                entries,
                spans,
                problems: v.problems,
            }
        }
    };
    let Parsed {
        meta,
        entries,
        spans,
        mut problems,
    } = parsed;
    let mut v = Validator::new(&lines, 0);
    if entries.is_empty() {
        v.problem(
            0,
            "entry",
            "the catalogue has no entries ([[entry]] tables)",
        );
    }
    v.links(&spans, &entries);
    problems.append(&mut v.problems);
    if problems.is_empty() {
        Ok(Catalogue::new(meta, entries))
    } else {
        problems.sort_by_key(|p| (p.line, p.column));
        Err(LoadError::Invalid {
            origin: origin.into(),
            problems,
        })
    }
}

/// Reads a large, valid catalogue without ever holding the whole file: blocks are read, the
/// complete `[[entry]]` pieces in them parsed on all cores, and only the unfinished piece kept.
/// Returns `None` at the first sign of anything to report (invalid UTF-8, a piece that does
/// not parse alone, a problem): the caller then reads the whole file, so that every message
/// has its exact line and column. A catalogue comes with the hash of every byte read: the
/// whole file, since it is only returned at the end.
fn stream(
    mut file: std::fs::File,
    progress: &Progress,
) -> std::io::Result<Option<(Catalogue, blake3::Hash)>> {
    let mut hasher = blake3::Hasher::new();
    let catalogue = stream_hashing(&mut file, &mut hasher, progress)?;
    Ok(catalogue.map(|cat| (cat, hasher.finalize())))
}

fn stream_hashing(
    file: &mut std::fs::File,
    hasher: &mut blake3::Hasher,
    progress: &Progress,
) -> std::io::Result<Option<Catalogue>> {
    use std::io::Read;
    let mut buf: Vec<u8> = Vec::with_capacity(2 * BLOCK);
    let mut header: Option<Meta> = None;
    let mut seen_header = false;
    let mut entries: Vec<Entry> = Vec::new();
    let mut spans: Vec<Spans> = Vec::new();
    let mut metas = 0;
    let mut block = vec![0u8; BLOCK];
    loop {
        let n = file.read(&mut block)?;
        let eof = n == 0;
        hasher.update(&block[..n]);
        progress.read(n, 0);
        buf.extend_from_slice(&block[..n]);
        // Only whole pieces are parsed: up to the last header, or everything at the end.
        let Ok(text) = std::str::from_utf8(&buf[..utf8_prefix(&buf, eof)]) else {
            return Ok(None);
        };
        let mut starts = super::split::entry_starts(text);
        if !seen_header {
            let Some(&first) = starts.first() else {
                if eof {
                    return Ok(None);
                }
                continue;
            };
            let Ok(head) = toml::from_str::<RawCatalogue>(&text[..first]) else {
                return Ok(None);
            };
            if !head.entry.is_empty() {
                return Ok(None);
            }
            let lines = Lines::new(text);
            let mut v = Validator::new(&lines, 0);
            header = head.catalogue.as_ref().map(|m| v.meta(Some(m)));
            metas += usize::from(header.is_some());
            if !v.problems.is_empty() {
                return Ok(None);
            }
            seen_header = true;
        }
        let end = if eof {
            text.len()
        } else {
            starts.pop().unwrap_or(0)
        };
        let pieces: Vec<(usize, &str)> = starts
            .iter()
            .enumerate()
            .map(|(k, &s)| (s, &text[s..starts.get(k + 1).copied().unwrap_or(end)]))
            .collect();
        let lines = Lines::new(text);
        let Some(parts) = read_parts(&pieces, &lines) else {
            return Ok(None);
        };
        for mut part in parts {
            if !part.problems.is_empty() {
                return Ok(None);
            }
            if let Some(m) = part.meta.take() {
                header = Some(m);
                metas += 1;
            }
            progress.read(0, part.entries.len());
            entries.append(&mut part.entries);
            spans.append(&mut part.spans);
        }
        if metas > 1 {
            return Ok(None);
        }
        if eof {
            break;
        }
        buf.drain(..end);
    }
    if entries.is_empty() {
        return Ok(None);
    }
    let lines = Lines::new("");
    let mut v = Validator::new(&lines, 0);
    v.links(&spans, &entries);
    if !v.problems.is_empty() {
        return Ok(None);
    }
    Ok(Some(Catalogue::new(header.unwrap_or_default(), entries)))
}

/// The length of `buf`'s prefix that ends on a character boundary (all of it at the end of
/// the file, where an incomplete character is an error for `from_utf8` to find).
fn utf8_prefix(buf: &[u8], eof: bool) -> usize {
    if eof {
        return buf.len();
    }
    // A UTF-8 character is at most 4 bytes: step back over continuation bytes.
    let mut end = buf.len();
    while end > 0 && buf.len() - end < 4 && (buf[end - 1] & 0xC0) == 0x80 {
        end -= 1;
    }
    if end > 0 && buf[end - 1] >= 0xC0 {
        end - 1
    } else {
        end
    }
}

fn safe(s: &str) -> bool {
    text_is_safe(s)
}

fn filled(s: &str) -> bool {
    !s.trim().is_empty() && safe(s)
}

fn both_filled(t: &Text) -> bool {
    filled(&t.en) && filled(&t.zh)
}

fn date_ok(d: &str) -> bool {
    safe(d) && is_iso_date(d)
}

/// The rules for a catalogue's own table, as the validator applies them.
pub(crate) fn meta_is_valid(meta: &Meta) -> bool {
    meta.title.as_ref().is_none_or(both_filled)
        && meta.source.as_ref().is_none_or(both_filled)
        && meta.as_at.as_deref().is_none_or(date_ok)
}

/// The rules for one entry on its own (all but the cross-entry ones), as the validator applies
/// them.
pub(crate) fn entry_is_valid(e: &Entry) -> bool {
    is_kebab(&e.id)
        && both_filled(&e.name)
        && both_filled(&e.summary)
        && e.category.as_ref().is_none_or(both_filled)
        && e.name_note.as_deref().is_none_or(safe)
        && e.parent.as_deref().is_none_or(safe)
        && e.website
            .as_deref()
            .is_none_or(|w| safe(w) && (w.starts_with("https://") || w.starts_with("http://")))
        && !e.source.is_empty()
        && [&e.aliases, &e.related, &e.tags, &e.source]
            .iter()
            .all(|v| v.iter().all(|s| safe(s)))
        && e.dates.iter().all(|d| safe(&d.event) && date_ok(&d.date))
        && e.figures.iter().all(|f| {
            both_filled(&f.label)
                && f.value.is_valid()
                && filled(&f.unit)
                && date_ok(&f.as_at)
                && f.as_written
                    .as_deref()
                    .is_none_or(|w| safe(w) && super::written::check(w, f.value, &f.unit).is_ok())
        })
}

/// Whether entries that did not come from TOML (a cache, say) obey every rule the validator
/// applies to TOML entries: the same text rules, required fields, dates and numbers, and the
/// validator's own cross-entry check (unique ids, links that resolve, no cycles). A test holds
/// this equal to the validator's verdict on the same entries written as TOML.
pub(crate) fn parts_are_valid(meta: &Meta, entries: &[Entry]) -> bool {
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
        })
        .collect();
    let lines = Lines::new("");
    let mut v = Validator::new(&lines, 0);
    v.links(&spans, entries);
    v.problems.is_empty()
}

/// A catalogue read and checked entry by entry, before the cross-entry checks.
struct Parsed {
    meta: Meta,
    entries: Vec<Entry>,
    spans: Vec<Spans>,
    problems: Vec<Problem>,
}

/// Where an entry's linking fields are, as byte offsets into the whole text.
struct Spans {
    start: usize,
    id: Option<usize>,
    parent: Option<usize>,
    related: Vec<usize>,
}

/// Entries per thread below which one thread is faster.
const PIECES_PER_THREAD: usize = 1024;

/// The header and each `[[entry]]` parsed on their own, on all cores; `None` when any piece is
/// not a header or exactly one entry (the caller then parses the whole document).
fn parse_pieces(text: &str, lines: &Lines) -> Option<Parsed> {
    let starts = super::split::entry_starts(text);
    let head_end = starts.first().copied().unwrap_or(text.len());
    let head: RawCatalogue = toml::from_str(&text[..head_end]).ok()?;
    if !head.entry.is_empty() {
        return None;
    }
    let pieces: Vec<(usize, &str)> = starts
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            (
                s,
                &text[s..starts.get(k + 1).copied().unwrap_or(text.len())],
            )
        })
        .collect();
    let parts = read_parts(&pieces, lines)?;
    let mut v = Validator::new(lines, 0);
    let mut meta = head.catalogue.as_ref().map(|m| v.meta(Some(m)));
    let mut parsed = Parsed {
        meta: Meta::default(),
        entries: Vec::with_capacity(pieces.len()),
        spans: Vec::with_capacity(pieces.len()),
        problems: v.problems,
    };
    for mut part in parts {
        if let Some(m) = part.meta {
            if meta.is_some() {
                return None; // `[catalogue]` twice: let TOML say so
            }
            meta = Some(m);
        }
        parsed.entries.append(&mut part.entries);
        parsed.spans.append(&mut part.spans);
        parsed.problems.append(&mut part.problems);
    }
    parsed.meta = meta.unwrap_or_default();
    Some(parsed)
}

/// Reads pieces on all cores (one thread for few pieces), in order; `None` if any piece is not
/// exactly one entry.
fn read_parts(pieces: &[(usize, &str)], lines: &Lines) -> Option<Vec<Part>> {
    crate::par::map_chunks(pieces, PIECES_PER_THREAD, |chunk| read_part(chunk, lines))
        .into_iter()
        .collect()
}

/// What one thread read: its entries in order, and any `[catalogue]` table among them.
struct Part {
    meta: Option<Meta>,
    entries: Vec<Entry>,
    spans: Vec<Spans>,
    problems: Vec<Problem>,
}

fn read_part(pieces: &[(usize, &str)], lines: &Lines) -> Option<Part> {
    let mut part = Part {
        meta: None,
        entries: Vec::with_capacity(pieces.len()),
        spans: Vec::with_capacity(pieces.len()),
        problems: Vec::new(),
    };
    for &(base, piece) in pieces {
        let raw: RawCatalogue = toml::from_str(piece).ok()?;
        let [entry] = raw.entry.as_slice() else {
            return None;
        };
        let mut v = Validator::new(lines, base);
        if let Some(m) = &raw.catalogue {
            if part.meta.is_some() {
                return None;
            }
            part.meta = Some(v.meta(Some(m)));
        }
        let (e, spans) = v.entry(entry);
        part.entries.push(e);
        part.spans.push(spans);
        part.problems.append(&mut v.problems);
    }
    Some(part)
}

/// serde over TOML, remembering the path of the field where deserialisation stopped.
fn deserialize(text: &str) -> Result<RawCatalogue, (toml::de::Error, String)> {
    let de = toml::de::Deserializer::parse(text).map_err(|e| (e, String::new()))?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = clean_path(&e.path().to_string());
        (e.into_inner(), field)
    })
}

/// Drops the bookkeeping segments `toml::Spanned` adds to a serde path.
fn clean_path(path: &str) -> String {
    let path = path.replace(".$__serde_spanned_private_value", "");
    if path == "." { String::new() } else { path }
}

/// Byte offsets → 1-based line and column (in characters). The line table is built on the
/// first problem: a valid catalogue never needs it.
struct Lines<'a> {
    text: &'a str,
    starts: std::sync::OnceLock<Vec<usize>>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            starts: std::sync::OnceLock::new(),
        }
    }

    fn position(&self, offset: usize) -> (usize, usize) {
        let starts = self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        });
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let start = starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line, column + 1)
    }
}

struct Validator<'a> {
    lines: &'a Lines<'a>,
    /// Where the text the spans count from starts in the whole document.
    base: usize,
    problems: Vec<Problem>,
    /// The id of the entry being validated, for every problem found in it.
    entry: Option<String>,
}

impl<'a> Validator<'a> {
    fn new(lines: &'a Lines<'a>, base: usize) -> Validator<'a> {
        Validator {
            lines,
            base,
            problems: Vec::new(),
            entry: None,
        }
    }

    /// Records a problem. `field` is formatted only here, so the paths of fields that are fine
    /// cost nothing (a 100k-entry catalogue checks millions of them).
    fn problem(&mut self, offset: usize, field: impl Display, message: impl Into<String>) {
        let (line, column) = self.lines.position(self.base + offset);
        self.problems.push(Problem {
            line,
            column,
            entry: self.entry.clone(),
            field: field.to_string(),
            message: message.into(),
        });
    }

    fn meta(&mut self, raw: Option<&RawMeta>) -> Meta {
        self.entry = None;
        let Some(m) = raw else {
            return Meta::default();
        };
        Meta {
            title: m.title.as_ref().map(|t| self.text(t, "catalogue.title")),
            source: m.source.as_ref().map(|t| self.text(t, "catalogue.source")),
            as_at: m.as_at.as_ref().map(|d| self.date(d, "catalogue.as_at")),
        }
    }

    fn entry(&mut self, raw: &S<RawEntry>) -> (Entry, Spans) {
        let start = raw.span().start;
        let e = raw.get_ref();
        let spans = Spans {
            start: self.base + start,
            id: e.id.as_ref().map(|s| self.base + s.span().start),
            parent: e.parent.as_ref().map(|s| self.base + s.span().start),
            related: e
                .related
                .iter()
                .map(|s| self.base + s.span().start)
                .collect(),
        };
        self.entry = e.id.as_ref().map(|id| id.get_ref().clone());
        let id = match &e.id {
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
                        format!("`{text}` is not a kebab-case id (a-z, 0-9 and single '-')"),
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
                        k.get_ref(),
                        expected.join(", ")
                    ),
                );
                Kind::Bureau
            }),
        };
        let name = self.required_text(e.name.as_ref(), start, "name");
        let summary = self.required_text(e.summary.as_ref(), start, "summary");
        if e.source.is_empty() {
            self.problem(start, "source", "entry quotes no source (source = [\"…\"])");
        }
        let website = e.website.as_ref().map(|w| {
            let url = self.string(w, "website");
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                self.problem(
                    w.span().start,
                    "website",
                    format!("`{url}` is not an http(s) address"),
                );
            }
            url
        });
        let entry = Entry {
            id,
            kind,
            category: e.category.as_ref().map(|c| self.text(c, "category")),
            name,
            name_note: e.name_note.as_ref().map(|n| self.string(n, "name_note")),
            aliases: self.strings(&e.aliases, "aliases"),
            parent: e.parent.as_ref().map(|p| self.string(p, "parent")),
            related: self.strings(&e.related, "related"),
            tags: self.strings(&e.tags, "tags"),
            website,
            summary,
            source: self.strings(&e.source, "source"),
            dates: e
                .dates
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let field = DatePath(i);
                    let r = d.get_ref();
                    let event = match &r.event {
                        Some(ev) => self.string(ev, format_args!("{field}.event")),
                        None => {
                            self.problem(
                                d.span().start,
                                format!("{field}.event"),
                                "date has no event",
                            );
                            String::new()
                        }
                    };
                    let date = match &r.date {
                        Some(dt) => self.date(dt, format_args!("{field}.date")),
                        None => {
                            self.problem(
                                d.span().start,
                                format!("{field}.date"),
                                "date has no date",
                            );
                            String::new()
                        }
                    };
                    DateEvent { event, date }
                })
                .collect(),
            figures: e
                .figures
                .iter()
                .enumerate()
                .map(|(i, f)| self.figure(f, FigurePath(i)))
                .collect(),
        };
        (entry, spans)
    }

    fn figure(&mut self, raw: &S<RawFigure>, field: FigurePath) -> Figure {
        let start = raw.span().start;
        let f = raw.get_ref();
        let label = self.required_text(f.label.as_ref(), start, format_args!("{field}.label"));
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
        let unit = match &f.unit {
            Some(u) if !u.get_ref().trim().is_empty() => {
                self.string(u, format_args!("{field}.unit"))
            }
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
        let as_at = match &f.as_at {
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
                        q.get_ref()
                    ),
                );
            }
            parsed
        });
        let as_written = f.as_written.as_ref().map(|w| {
            let text = self.string(w, format_args!("{field}.as_written"));
            // Checked against a value that is one (else that value is the problem).
            let valued = f.value.as_ref().and_then(|v| Number::of(v.get_ref()));
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
            value,
            unit,
            as_at,
            qualifier,
            as_written,
        }
    }

    /// Cross-entry rules: unique ids, links that resolve, no parent cycles.
    fn links(&mut self, spans: &[Spans], entries: &[Entry]) {
        let mut first: IdMap<&str> =
            IdMap::with_capacity_and_hasher(entries.len(), Default::default());
        for (i, e) in entries.iter().enumerate() {
            if e.id.is_empty() {
                continue;
            }
            if let Some(&j) = first.get(e.id.as_str()) {
                let (line, _) = self.lines.position(spans[j].id.unwrap_or(0));
                self.entry = Some(e.id.clone());
                self.problem(
                    spans[i].id.unwrap_or(spans[i].start),
                    "id",
                    format!("duplicate id; first defined at line {line}"),
                );
            } else {
                first.insert(&e.id, i);
            }
        }
        for (i, e) in entries.iter().enumerate() {
            if let (Some(parent), Some(at)) = (&e.parent, spans[i].parent) {
                if *parent == e.id {
                    self.entry = Some(e.id.clone());
                    self.problem(at, "parent", "an entry cannot be its own parent");
                } else {
                    self.link(&first, &e.id, parent, at, "parent");
                }
            }
            for (k, (rel, &at)) in e.related.iter().zip(&spans[i].related).enumerate() {
                self.link(&first, &e.id, rel, at, format_args!("related[{k}]"));
            }
        }
        self.cycles(spans, entries, &first);
    }

    /// Checks that `target`, linked from entry `from`, exists.
    fn link(
        &mut self,
        ids: &IdMap<&str>,
        from: &str,
        target: &str,
        offset: usize,
        field: impl Display,
    ) {
        if ids.contains_key(target) {
            return;
        }
        self.entry = (!from.is_empty()).then(|| from.to_string());
        let mut near: Vec<(usize, &str)> = ids
            .keys()
            .map(|id| (edit_distance(id, target), *id))
            .filter(|(d, _)| *d <= target.chars().count().max(3) / 3)
            .collect();
        near.sort();
        let hint = near
            .first()
            .map(|(_, id)| format!("; did you mean `{id}`?"))
            .unwrap_or_default();
        self.problem(offset, field, format!("unknown id `{target}`{hint}"));
    }

    /// Reports each parent cycle once, at its first entry in file order.
    fn cycles(&mut self, spans: &[Spans], entries: &[Entry], ids: &IdMap<&str>) {
        let parent_of = |i: usize| -> Option<usize> {
            let p = entries[i].parent.as_deref()?;
            ids.get(p).copied().filter(|&j| j != i)
        };
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
                        let mut names: Vec<&str> = cycle[rot..]
                            .iter()
                            .chain(&cycle[..rot])
                            .map(|&p| entries[p].id.as_str())
                            .collect();
                        names.push(entries[first].id.as_str());
                        self.entry = Some(entries[first].id.clone());
                        let offset = spans[first].parent.unwrap_or(spans[first].start);
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
    fn string(&mut self, s: &S<String>, field: impl Display) -> String {
        let text = s.get_ref();
        if let Some(c) = text.chars().find(|&c| is_forbidden(c)) {
            self.problem(
                s.span().start,
                field,
                format!(
                    "control character U+{:04X} in text; a catalogue may not send terminal control sequences",
                    c as u32
                ),
            );
        }
        text.clone()
    }

    fn strings(&mut self, list: &[S<String>], field: &str) -> Vec<String> {
        list.iter()
            .enumerate()
            .map(|(i, s)| self.string(s, format_args!("{field}[{i}]")))
            .collect()
    }

    fn date(&mut self, d: &S<String>, field: impl Display + Copy) -> String {
        let text = self.string(d, field);
        if !is_iso_date(&text) {
            self.problem(
                d.span().start,
                field,
                format!("`{text}` is not an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD or A/B)"),
            );
        }
        text
    }

    /// An optional bilingual text: when present, both languages are required.
    fn text(&mut self, t: &S<RawText>, field: impl Display + Copy) -> Text {
        self.both(t.get_ref(), t.span().start, field)
    }

    fn required_text(
        &mut self,
        t: Option<&S<RawText>>,
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

    fn both(&mut self, t: &RawText, start: usize, field: impl Display + Copy) -> Text {
        let one = |v: &mut Self, s: &Option<S<String>>, lang: &str, language: &str| match s {
            Some(s) if !s.get_ref().trim().is_empty() => {
                v.string(s, format_args!("{field}.{lang}"))
            }
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
        let en = one(self, &t.en, "en", "English");
        let zh = one(self, &t.zh, "zh", "Chinese");
        Text { en, zh }
    }
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

/// `figures[2].label` → `label`, for messages.
fn plain(field: &str) -> &str {
    field.rsplit('.').next().unwrap_or(field)
}

fn article(type_str: &str) -> &'static str {
    if type_str.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cache's rules (`parts_are_valid`) give the validator's verdict: each catalogue below,
    /// written as TOML and parsed, loads exactly when its parts pass.
    #[test]
    fn parts_are_valid_exactly_when_their_toml_loads() {
        let base = super::super::shipped().unwrap();
        type Mutation = fn(&mut Meta, &mut Vec<Entry>);
        let cases: Vec<(&str, Mutation)> = vec![
            ("unchanged", |_, _| {}),
            ("empty English name", |_, e| e[3].name.en.clear()),
            ("blank Chinese name", |_, e| e[3].name.zh = "  ".into()),
            ("id not kebab-case", |_, e| e[3].id = "Bad_Id".into()),
            ("duplicate id", |_, e| e[3].id = e[0].id.clone()),
            ("dangling parent", |_, e| {
                e[3].parent = Some("no-such".into())
            }),
            ("own parent", |_, e| e[3].parent = Some(e[3].id.clone())),
            ("dangling related", |_, e| {
                e[3].related.push("no-such".into())
            }),
            ("parent cycle", |_, e| {
                let (a, b) = (e[3].id.clone(), e[4].id.clone());
                e[3].parent = Some(b);
                e[4].parent = Some(a);
            }),
            ("ESC in a summary", |_, e| e[3].summary.en.push('\u{1b}')),
            ("bidi override in an alias", |_, e| {
                e[3].aliases.push("a\u{202e}b".into())
            }),
            ("C1 control in a tag", |_, e| {
                e[3].tags.push("x\u{85}".into())
            }),
            ("DEL in a source quote", |_, e| {
                e[3].source.push("\u{7f}".into())
            }),
            ("not a web address", |_, e| {
                e[3].website = Some("ftp://x".into())
            }),
            ("no source", |_, e| e[3].source.clear()),
            ("a date that is not ISO", |_, e| {
                e[3].dates.push(DateEvent {
                    event: "launched".into(),
                    date: "June 2023".into(),
                })
            }),
            ("an empty category", |_, e| {
                e[3].category = Some(Text {
                    en: String::new(),
                    zh: "類".into(),
                })
            }),
            ("a NaN figure", |_, e| {
                if let Some(f) = e.iter_mut().flat_map(|e| &mut e.figures).next() {
                    f.value = Number::Float(f64::NAN);
                }
            }),
            ("a figure without unit", |_, e| {
                if let Some(f) = e.iter_mut().flat_map(|e| &mut e.figures).next() {
                    f.unit = " ".into();
                }
            }),
            ("a figure dated 'soon'", |_, e| {
                if let Some(f) = e.iter_mut().flat_map(|e| &mut e.figures).next() {
                    f.as_at = "soon".into();
                }
            }),
            ("an integer beyond 2^53", |_, e| {
                if let Some(f) = e.iter_mut().flat_map(|e| &mut e.figures).next() {
                    f.value = Number::Int(Number::MAX_EXACT + 1);
                }
            }),
            ("an as_written that states another value", |_, e| {
                if let Some(f) = e.iter_mut().flat_map(|e| &mut e.figures).next() {
                    f.value = Number::Int(5);
                }
            }),
            ("a percentage whose unit is not percent", |_, e| {
                let mut figures = e.iter_mut().flat_map(|e| &mut e.figures);
                if let Some(f) = figures.find(|f| f.unit == "percent") {
                    f.unit = "people".into();
                }
            }),
            ("a bad catalogue as_at", |m, _| {
                m.as_at = Some("mid-2023".into())
            }),
            ("no entries", |_, e| e.clear()),
        ];
        for (what, mutate) in cases {
            let mut meta = base.meta.clone();
            let mut entries = base.entries().to_vec();
            mutate(&mut meta, &mut entries);
            let cat = Catalogue::new(meta.clone(), entries.clone());
            let refs: Vec<&Entry> = entries.iter().collect();
            let mut toml = Vec::new();
            crate::export::write_list(&mut toml, &cat, &refs, crate::export::Format::Toml).unwrap();
            let loads = parse_str(std::str::from_utf8(&toml).unwrap(), "t.toml").is_ok();
            assert_eq!(parts_are_valid(&meta, &entries), loads, "{what}");
            assert_eq!(
                loads,
                what == "unchanged",
                "{what}: the case tests what it says"
            );
        }
    }
}
