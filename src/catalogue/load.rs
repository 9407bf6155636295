//! Reading a catalogue: bytes → UTF-8 text → TOML (raw, spanned) → a validated [`Catalogue`].
//!
//! Syntax and type errors stop at the first one (that is all TOML can tell reliably); semantic
//! problems are all collected, each with entry id, field, line and column, and reported together.

use std::path::Path;
use std::sync::atomic::{AtomicU8, AtomicU64, AtomicUsize, Ordering};

use super::error::LoadError;
use super::raw;
use super::text::{cut, is_visible, quote};
use super::validate::{Lines, Pending, Spans, Validator};
use super::{Catalogue, Entry, Meta};

/// The shipped catalogue, embedded so the program needs no files at run time.
pub const SHIPPED: &str = include_str!("../../data/catalogue.toml");
/// How errors in the shipped catalogue name their file.
pub const SHIPPED_ORIGIN: &str = "data/catalogue.toml";

/// Loads the embedded catalogue.
pub fn shipped() -> Result<Catalogue, LoadError> {
    parse_str(SHIPPED, SHIPPED_ORIGIN)
}

/// The largest catalogue read: ten times the largest tried (100,000 entries, 65 MiB), and a
/// bound on what a pipe or a file that keeps growing can make the loader hold.
pub const MAX_SIZE: u64 = 1 << 30;

/// Files at least this large are read block by block (see [`super::stream`]).
const STREAM_MIN: u64 = 8 << 20;

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

    /// Back to nothing read, for a second reading of the file.
    pub(super) fn restart(&self) {
        self.bytes.store(0, Ordering::Relaxed);
        self.entries.store(0, Ordering::Relaxed);
    }

    pub(super) fn read(&self, bytes: usize, entries: usize) {
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
    use std::io::Read;
    let unreadable = |source| LoadError::Unreadable {
        path: path.into(),
        source,
    };
    // The type is that of the file opened, not of a second look at the path.
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(LoadError::Directory { path: path.into() });
    }
    let fifo = {
        use std::os::unix::fs::FileTypeExt;
        kind.is_fifo()
    };
    if !kind.is_file() && !fifo {
        // /dev/zero, /dev/urandom, a tty: endless or not a file at all.
        return Err(LoadError::NotAFile { path: path.into() });
    }
    let size = meta.len();
    if size > MAX_SIZE {
        return Err(LoadError::TooLarge {
            path: path.into(),
            limit: MAX_SIZE,
        });
    }
    progress.total.store(size, Ordering::Relaxed);
    if kind.is_file() && size >= STREAM_MIN {
        if let Some(found) = super::stream::stream(&mut file, progress).map_err(unreadable)? {
            return Ok(found);
        }
        // Something to report, or a layout the pieces cannot show: read it whole.
        progress.restart();
        file = std::fs::File::open(path).map_err(unreadable)?;
    }
    // A pipe (`itib check <(…)`) has no size: read up to the cap and one byte more.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    (&mut file)
        .take(MAX_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_SIZE {
        return Err(LoadError::TooLarge {
            path: path.into(),
            limit: MAX_SIZE,
        });
    }
    let hash = blake3::hash(&bytes);
    let origin = path.display().to_string();
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, column) = Lines::new(valid).position(valid.len());
            return Err(LoadError::NotUtf8 {
                origin: quote_path(&origin),
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
    parse_text(text, origin, true)
}

/// [`parse_str`], reading the entries in pieces on all cores when `pieces` is true, else the
/// whole document in one: the plain path that the pieces must always agree with (a test feeds
/// every fixture through both).
pub(crate) fn parse_text(text: &str, origin: &str, pieces: bool) -> Result<Catalogue, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let syntax = |line, column, field: &str, message: &str| LoadError::Syntax {
        origin: quote_path(origin),
        line,
        column,
        field: field.to_string(),
        message: message.to_string(),
    };
    if text.starts_with('\u{feff}') {
        // `toml` would silently drop this one too.
        return Err(syntax(
            1,
            1,
            "",
            "a second byte-order mark (U+FEFF); a file starts with at most one",
        ));
    }
    if !is_visible(text) {
        return Err(LoadError::Empty {
            origin: quote_path(origin),
        });
    }
    let lines = Lines::new(text);
    let from_pieces = if pieces {
        parse_pieces(text, &lines)
    } else {
        None
    };
    let parsed = match from_pieces {
        Some(parsed) => parsed,
        None => {
            let (mut raw, unknown) = raw::from_str_with_path(text).map_err(|(err, field)| {
                let (offset, message) = syntax_message(text, &err);
                let (line, column) = lines.position(offset);
                syntax(line, column, &field_path(&field), &message)
            })?;
            let entries_raw = raw.entry.as_deref_mut().unwrap_or_default();
            let mut v = Validator::new(&lines, 0);
            v.unknown(text, entries_raw, &unknown);
            let meta = v.meta(raw.catalogue.as_mut());
            let (entries, spans) = entries_raw.iter_mut().map(|e| v.entry(e)).unzip();
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
    v.dated(&meta, &spans, &entries);
    problems.append(&mut v.problems);
    if problems.is_empty() {
        Ok(Catalogue::new(meta, entries))
    } else {
        Err(LoadError::Invalid {
            origin: quote_path(origin),
            problems: lines.resolve(problems),
        })
    }
}

/// A file's name as messages show it: escaped, never cut (it is what the user typed).
fn quote_path(origin: &str) -> String {
    super::text::escape(origin)
}

/// A serde path (`entry[0].name_en`) as a message shows it: its keys came from the file.
fn field_path(field: &str) -> String {
    cut(field, 2 * super::text::QUOTE_COLUMNS)
}

/// Where a TOML error is and what to say about it. Messages of the parser that quote the file
/// are escaped and cut; the few that are unclear are said again.
fn syntax_message(text: &str, err: &toml::de::Error) -> (usize, String) {
    let message = err.message().trim();
    let offset = err.span().map_or(0, |s| s.start);
    if message == "recursion limit" || message.starts_with("cannot recurse further") {
        let at = super::split::too_deep(text, TOML_DEPTH).unwrap_or(offset);
        return (
            at,
            format!(
                "tables, arrays or dotted keys nested {TOML_DEPTH} or more levels deep; a catalogue needs at most 4"
            ),
        );
    }
    if let Some((at, multi)) = super::split::unterminated(text, offset) {
        let (what, closing) = if multi {
            (
                "multi-line string",
                "three quotes before the end of the file",
            )
        } else {
            ("string", "its closing quote on the same line")
        };
        return (at, format!("unterminated {what}: it needs {closing}"));
    }
    if message.contains("floating-point number overflowed") {
        return (
            offset,
            "number out of range: beyond the largest float (about 1.8e308)".to_string(),
        );
    }
    if message.contains("as i128") || message.contains("too large") || message.contains("overflow")
    {
        return (
            offset,
            format!(
                "integer out of range: TOML integers are from {} to {}",
                i64::MIN,
                i64::MAX
            ),
        );
    }
    if message.starts_with("duplicate key") {
        let key = super::split::key_at(text, offset);
        let also = if key == "entry" {
            " (an `entry = …` key and `[[entry]]` tables clash)"
        } else {
            ""
        };
        return (
            offset,
            format!(
                "duplicate key `{}`: a key is defined once in its table{also}",
                quote(key)
            ),
        );
    }
    (offset, cut(message, 3 * super::text::QUOTE_COLUMNS))
}

/// How deep `toml` lets keys and values nest before it gives up.
const TOML_DEPTH: usize = 80;

/// A catalogue read and checked entry by entry, before the cross-entry checks.
struct Parsed {
    meta: Meta,
    entries: Vec<Entry>,
    spans: Vec<Spans>,
    problems: Vec<Pending>,
}

/// Entries per thread below which one thread is faster.
pub(super) const PIECES_PER_THREAD: usize = 512;

/// The header and each `[[entry]]` parsed on their own, on all cores; `None` when any piece is
/// not a header or exactly one entry (the caller then parses the whole document).
fn parse_pieces(text: &str, lines: &Lines) -> Option<Parsed> {
    let starts = super::split::entry_starts(text);
    let head_end = starts.first().copied().unwrap_or(text.len());
    // The header alone: an `entry` key here (`entry = []`) would clash with the `[[entry]]`
    // tables below, which TOML rejects and the pieces on their own would not see.
    let mut v = Validator::new(lines, 0);
    let mut meta = read_head(&text[..head_end], &mut v)?;
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

/// The text before the first `[[entry]]` read on its own as the catalogue's table (`Some(None)`
/// when there is none), its problems added to `v`; `None` when it holds anything else (an
/// `entry` key, an unknown one), which only the whole document's parse reports rightly.
pub(super) fn read_head(text: &str, v: &mut Validator<'_>) -> Option<Option<Meta>> {
    let (mut head, unknown) = raw::from_str(text).ok()?;
    if head.entry.is_some() || !unknown.is_empty() {
        return None;
    }
    Some(head.catalogue.as_mut().map(|m| v.meta(Some(m))))
}

/// Reads pieces on all cores (one thread for few pieces), in order; `None` if any piece is not
/// exactly one entry.
fn read_parts(pieces: &[(usize, &str)], lines: &Lines) -> Option<Vec<Part>> {
    crate::par::map_chunks(pieces, PIECES_PER_THREAD, |chunk| read_part(chunk, lines))
        .into_iter()
        .collect()
}

/// What one thread read: its entries in order, and any `[catalogue]` table among them.
pub(super) struct Part {
    pub(super) meta: Option<Meta>,
    pub(super) entries: Vec<Entry>,
    pub(super) spans: Vec<Spans>,
    pub(super) problems: Vec<Pending>,
}

pub(super) fn read_part(pieces: &[(usize, &str)], lines: &Lines) -> Option<Part> {
    let mut part = Part {
        meta: None,
        entries: Vec::with_capacity(pieces.len()),
        spans: Vec::with_capacity(pieces.len()),
        problems: Vec::new(),
    };
    for &(base, piece) in pieces {
        let (mut raw, unknown) = match super::quick::entry(piece) {
            Some(raw) => (raw, Vec::new()),
            None => raw::from_str(piece).ok()?,
        };
        let [entry] = raw.entry.as_deref_mut().unwrap_or_default() else {
            return None;
        };
        let mut v = Validator::new(lines, base);
        v.unknown(piece, std::slice::from_ref(entry), &unknown);
        if let Some(m) = &mut raw.catalogue {
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

#[cfg(test)]
mod tests {
    use super::super::stream::{links_hold, stream_hashing};
    use super::super::validate::{COUNTED, HINTS, Link, parts_are_valid};
    use super::super::{AsAtBasis, DateEvent, Number, Outside, Text};
    use super::*;

    #[allow(dead_code)]
    mod hostile {
        include!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/common/hostile.rs"
        ));
    }

    fn note(en: &str, zh: &str) -> Text {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }

    fn entry_text(i: usize, extra: &str) -> String {
        format!(
            "[[entry]]\nid = \"e-{i}\"\nkind = \"fund\"\nname = {{ en = \"E {i}\", zh = \"甲{i}\" }}\n\
             summary = {{ en = \"S\", zh = \"乙\" }}\nsource = [\"q\"]\n{extra}\n"
        )
    }

    /// 5,000 dangling parents among 15,000 entries: every one reported, with a did-you-mean for
    /// the first few, and the distance work bounded (it was every id against every link).
    #[test]
    fn thousands_of_dangling_links_cost_linear_work() {
        let text: String = (0..15_000)
            .map(|i| {
                let parent = if i % 3 == 0 {
                    format!("parent = \"e-{}x\"", i + 1)
                } else {
                    String::new()
                };
                entry_text(i, &parent)
            })
            .collect();
        crate::catalogue::tests::CELLS.with(|c| c.set(0));
        let Err(LoadError::Invalid { problems, .. }) = parse_text(&text, "t.toml", true) else {
            panic!("expected problems");
        };
        assert_eq!(problems.len(), 5_000);
        let hinted = problems
            .iter()
            .filter(|p| p.message.contains("did you mean"))
            .count();
        assert_eq!(hinted, HINTS);
        assert!(
            problems[0].message.ends_with("did you mean `e-1`?"),
            "{}",
            problems[0]
        );
        let cells = crate::catalogue::tests::CELLS.with(|c| c.get());
        // Each hint compares ids of a similar length only, in a band: a few million cells at
        // most; all 5,000 against all 15,000 ids would be about a billion.
        assert!(cells < 5_000_000, "{cells} distance cells");
    }

    /// 60,000 problems on one line: columns are counted in one pass, not once per problem.
    #[test]
    fn many_problems_on_one_line_are_placed_in_one_pass() {
        let aliases: Vec<String> = (0..60_000).map(|i| format!("\"a{i}\\u0007\"")).collect();
        let text = entry_text(0, &format!("aliases = [{}]", aliases.join(", ")));
        COUNTED.with(|c| c.set(0));
        let Err(LoadError::Invalid { problems, .. }) = parse_text(&text, "t.toml", true) else {
            panic!("expected problems");
        };
        assert_eq!(problems.len(), 60_000);
        assert_eq!(problems[1].line, problems[59_999].line);
        assert!(problems[59_999].column > problems[1].column);
        let counted = COUNTED.with(|c| c.get());
        assert!(
            counted <= text.len() as u64,
            "{counted} bytes counted for {}",
            text.len()
        );
    }

    /// The verdict of one path: the catalogue as JSON, or the error as shown.
    fn verdict(r: Result<Catalogue, LoadError>) -> String {
        match r {
            Ok(cat) => {
                let refs: Vec<&Entry> = cat.entries().iter().collect();
                let mut out = Vec::new();
                crate::export::write_list(&mut out, &cat, &refs, crate::export::Format::Json)
                    .unwrap();
                String::from_utf8(out).unwrap()
            }
            Err(e) => e.to_string(),
        }
    }

    /// The fast paths (pieces on all cores; blocks streamed) give exactly the plain path's
    /// verdict on every fixture, every hostile catalogue and the shipped one.
    #[test]
    fn the_fast_paths_agree_with_the_plain_one_on_every_catalogue() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut docs: Vec<(String, String)> = hostile::corpus();
        for dir in ["tests/fixtures/valid", "tests/fixtures/invalid"] {
            for f in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = f.unwrap().path();
                if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        docs.push((path.display().to_string(), text));
                    }
                }
            }
        }
        docs.push(("shipped".into(), SHIPPED.to_string()));
        let mut accepted = 0;
        for (name, text) in &docs {
            let plain = verdict(parse_text(text, "f.toml", false));
            let pieces = verdict(parse_text(text, "f.toml", true));
            assert_eq!(pieces, plain, "{name}: pieces");
            // The stream returns a catalogue only when it has nothing to report.
            let progress = Progress::default();
            let mut hasher = blake3::Hasher::new();
            let streamed = stream_hashing(&mut text.as_bytes(), &mut hasher, &progress, |e, s| {
                ((), e, s)
            })
            .unwrap()
            .filter(|(_, _, e, spans)| links_hold(spans, e));
            // Folded, it accepts the same catalogues, with the same ids.
            let folded = stream_hashing(
                &mut text.as_bytes(),
                &mut blake3::Hasher::new(),
                &progress,
                |mut e: Vec<Entry>, _| {
                    let links: Vec<Link> = e.iter_mut().map(Link::take).collect();
                    (e.len(), links, Vec::new())
                },
            )
            .unwrap()
            .filter(|(_, _, links, spans)| links_hold(spans, links));
            assert_eq!(folded.is_some(), streamed.is_some(), "{name}: folded");
            if let (Some((meta, _, entries, _)), Some((_, counts, links, _))) = (streamed, folded) {
                let cat = Catalogue::new(meta, entries);
                assert_eq!(counts.iter().sum::<usize>(), cat.len(), "{name}: folded");
                let ids: Vec<&str> = links.iter().map(|l| l.id.as_str()).collect();
                let want: Vec<&str> = cat.entries().iter().map(|e| e.id.as_str()).collect();
                assert_eq!(ids, want, "{name}: folded");
                assert_eq!(verdict(Ok(cat)), plain, "{name}: stream");
                accepted += 1;
            }
        }
        assert!(accepted >= 2, "the stream accepted only {accepted}");
    }

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
            ("two headline figures", |_, e| {
                let entry = e.iter_mut().find(|e| e.figures.len() >= 2).unwrap();
                for f in &mut entry.figures {
                    f.headline = true;
                }
            }),
            ("a blank short label", |_, e| {
                let f = e.iter_mut().flat_map(|e| &mut e.figures).next().unwrap();
                f.short = Some(Text {
                    en: " ".into(),
                    zh: "短".into(),
                });
            }),
            ("an outside mark on a date the entry lacks", |_, e| {
                e[3].outside_source.push(Outside {
                    field: "dates[99]".into(),
                    note: note("inferred", "推斷"),
                })
            }),
            ("an outside mark on no field at all", |_, e| {
                e[3].outside_source.push(Outside {
                    field: "webiste".into(),
                    note: note("the editors'", "編者"),
                })
            }),
            ("an outside mark with an empty note", |_, e| {
                e[3].outside_source.push(Outside {
                    field: "name".into(),
                    note: note("", "編者"),
                })
            }),
            ("an outside mark without its Chinese note", |_, e| {
                e[3].outside_source.push(Outside {
                    field: "name".into(),
                    note: note("the editors'", " "),
                })
            }),
            ("a name note without its Chinese", |_, e| {
                e[3].name_note = Some(note("the editors' rendering", " "))
            }),
            ("a name note with a control character", |_, e| {
                e[3].name_note = Some(note("the editors'", "編者\u{1b}[2J"))
            }),
            ("the same field marked twice", |_, e| {
                for _ in 0..2 {
                    e[3].outside_source.push(Outside {
                        field: "name.en".into(),
                        note: note("the editors'", "編者"),
                    })
                }
            }),
            ("a stated figure dated after the catalogue", |_, e| {
                let f = e.iter_mut().flat_map(|e| &mut e.figures).next().unwrap();
                f.as_at = "2099-01".into();
                f.as_at_basis = AsAtBasis::Stated;
            }),
            ("a publication figure not as at the catalogue", |_, e| {
                let f = e.iter_mut().flat_map(|e| &mut e.figures).next().unwrap();
                f.as_at = "2001".into();
                f.as_at_basis = AsAtBasis::Publication;
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
