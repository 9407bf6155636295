//! The search index as one flat, checked byte layout: built in memory from a catalogue, or read
//! back from the cache (`crate::store`) — the engine reads it the same way in both cases, so
//! the fast path is the slow path's own bytes.
//!
//! Everything a search and its output need is here: each entry's id, kind, names, aliases, tags
//! and summaries (original text), the folded names and aliases, and the char masks that let a
//! scan skip what cannot match. `itib search` on a cached catalogue reads only this.
//!
//! Layout (little-endian):
//!
//! ```text
//! header   magic "IDX2", entries, fields, strings, blob length   (5 × u32)
//! entries  ENTRY bytes each: name mask, 3 prose masks, first field, first string,
//!          name length (u32s/u64s), field count, alias count, tag count (u16), kind,
//!          reading count (u8), first reading (u32)
//! fields   FIELD bytes each: mask, head (u64), folded string or NONE (u32), field code (u16);
//!          every entry's names and aliases, then every entry's Jyutping and pinyin readings
//!          of its Chinese ones (a scan by name never touches those)
//! ends     one u32 per string: where it ends in the blob (it starts where the previous ends)
//! by_id    one u32 per entry: entries in byte order of their ids
//! blob     every string, concatenated; UTF-8
//! ```
//!
//! An entry's strings are, in order: id, English name, Chinese name, English summary, Chinese
//! summary, its aliases, its tags. [`Index::from_bytes`] checks every count, offset and string
//! before anything is read, and the text rules the loader applies (no control, bidi or other
//! format characters; kebab-case ids, unique; names not empty): bytes from a cache file are
//! as trustworthy afterwards as an index built from the TOML. Accessors never panic.

use std::ops::Range;
use std::sync::Arc;

use crate::catalogue::{Catalogue, Entry, Kind, text_is_safe};
use crate::mapped::{CheckedBytes, Mapped, ValidText};

use super::Field;
use super::fold::{char_mask, char_mask_folding, fold};

const MAGIC: &[u8; 4] = b"IDX2";

/// A field record's code: the name or alias it is (0 English name, 1 Chinese name, 2 + k alias
/// k) in the low bits, and in the top two whether it is that text's Jyutping or pinyin reading.
const SOURCE: u16 = 0x3FFF;
const JYUTPING: u16 = 0x8000;
const PINYIN: u16 = 0xC000;

const HEADER: usize = 20;
const ENTRY: usize = 56;
const FIELD: usize = 24;
/// A field whose folded text is its original text.
const NONE: u32 = u32::MAX;
/// Strings of an entry before its aliases: id, name.en, name.zh, summary.en, summary.zh.
const FIXED_STRS: u32 = 5;

/// Where the tables are in the bytes, and their sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layout {
    entries: usize,
    fields: usize,
    strings: usize,
    fields_at: usize,
    ends_at: usize,
    by_id_at: usize,
    blob_at: usize,
}

/// A checked search index; see the module docs.
#[derive(Clone)]
pub struct Index {
    /// Built in memory, or a section of a mapped cache file; the blob checked as UTF-8.
    data: CheckedBytes,
    layout: Layout,
}

impl PartialEq for Index {
    fn eq(&self, other: &Index) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Index {}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Index({} entries, {} bytes)",
            self.layout.entries,
            self.as_bytes().len()
        )
    }
}

/// One name or alias of an entry, as the scan sees it.
#[derive(Clone, Copy)]
pub(crate) struct IndexedField<'a> {
    pub field: Field,
    /// Folded text (the original when folding changes nothing).
    pub text: &'a str,
    pub mask: u64,
    /// The folded text's first 8 bytes, for a prefix test without touching the text.
    pub head: u64,
}

impl Index {
    /// Indexes a validated catalogue.
    pub fn build(cat: &Catalogue) -> Index {
        let bytes = encode(cat.entries());
        // What `encode` writes always passes the checks; were it ever not to, an empty index
        // would search nothing rather than panic.
        Index::from_bytes(bytes).unwrap_or_else(|_| Index::empty())
    }

    /// No entries (bytes that would not pass [`Index::from_bytes`], but read as nothing).
    fn empty() -> Index {
        Index {
            data: CheckedBytes::empty(),
            layout: Layout {
                entries: 0,
                fields: 0,
                strings: 0,
                fields_at: HEADER,
                ends_at: HEADER,
                by_id_at: HEADER,
                blob_at: HEADER,
            },
        }
    }

    /// The layout's bytes, for the cache.
    pub fn as_bytes(&self) -> &[u8] {
        self.data.bytes()
    }

    /// Checks bytes and takes them as an index; the error says which check failed.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Index, &'static str> {
        let layout = layout(&bytes)?;
        let data = CheckedBytes::owned(bytes, layout.blob_at).ok_or("not UTF-8")?;
        Index::checked(data, layout)
    }

    /// [`Index::from_bytes`] for `range` of a mapped cache file, which the index keeps alive
    /// and never copies.
    pub(crate) fn from_mapped(
        map: Arc<Mapped>,
        range: Range<usize>,
    ) -> Result<Index, &'static str> {
        let layout = layout(map.bytes().get(range.clone()).ok_or("size")?)?;
        let data = CheckedBytes::mapped(map, range, layout.blob_at).ok_or("not UTF-8")?;
        Index::checked(data, layout)
    }

    fn checked(data: CheckedBytes, layout: Layout) -> Result<Index, &'static str> {
        let index = Index { data, layout };
        index.view().check()?;
        Ok(index)
    }

    /// A reader over the bytes: what the scan and the accessors use.
    pub(crate) fn view(&self) -> View<'_> {
        View {
            b: self.data.bytes(),
            blob: self.data.text(),
            l: self.layout,
        }
    }

    pub fn len(&self) -> usize {
        self.layout.entries
    }

    pub fn is_empty(&self) -> bool {
        self.layout.entries == 0
    }

    pub fn id(&self, i: usize) -> &str {
        self.view().id(i)
    }

    pub fn kind(&self, i: usize) -> Kind {
        self.view().kind(i)
    }

    pub fn name_en(&self, i: usize) -> &str {
        self.view().name_en(i)
    }

    pub fn name_zh(&self, i: usize) -> &str {
        self.view().name_zh(i)
    }

    /// The original text of field `f` of entry `i` ("" when it has no such field).
    pub fn text(&self, i: usize, f: Field) -> &str {
        self.view().text(i, f)
    }

    /// The entry with this id, by binary search over the id table.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.view().find(id)
    }

    #[cfg(test)]
    fn fields(&self, i: usize) -> impl Iterator<Item = IndexedField<'_>> + '_ {
        self.view().fields(i)
    }
}

/// Where the tables are, from the header: every size in range of the bytes.
fn layout(b: &[u8]) -> Result<Layout, &'static str> {
    if b.len() < HEADER || &b[..4] != MAGIC {
        return Err("not an index");
    }
    let n = |k: usize| read_u32(b, 4 + 4 * k) as usize;
    let (entries, fields, strings, blob) = (n(0), n(1), n(2), n(3));
    let fields_at = entries
        .checked_mul(ENTRY)
        .and_then(|x| x.checked_add(HEADER))
        .ok_or("size")?;
    let ends_at = fields
        .checked_mul(FIELD)
        .and_then(|x| x.checked_add(fields_at))
        .ok_or("size")?;
    let by_id_at = strings
        .checked_mul(4)
        .and_then(|x| x.checked_add(ends_at))
        .ok_or("size")?;
    let blob_at = entries
        .checked_mul(4)
        .and_then(|x| x.checked_add(by_id_at))
        .ok_or("size")?;
    if blob_at.checked_add(blob) != Some(b.len()) {
        return Err("size");
    }
    Ok(Layout {
        entries,
        fields,
        strings,
        fields_at,
        ends_at,
        by_id_at,
        blob_at,
    })
}

/// Reads an index's bytes. Every read is bounds-checked and gives 0 or "" out of range (which
/// never happens after [`View::check`]), so nothing here can panic.
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    b: &'a [u8],
    /// The blob, checked as UTF-8 once.
    blob: ValidText<'a>,
    l: Layout,
}

impl<'a> View<'a> {
    /// The text rules over the whole blob; string ends in order and on char boundaries; every
    /// entry's and field's counts and links in range; ids kebab-case and unique; names not
    /// blank. On all cores: each part is checked over ranges of its own.
    fn check(&self) -> Result<(), &'static str> {
        let text = self.blob.as_str();
        let first_error = |results: Vec<Result<(), &'static str>>| {
            results.into_iter().find(Result::is_err).unwrap_or(Ok(()))
        };
        first_error(crate::par::map_ranges(text.len(), 4 << 20, |r| {
            // Widened to char boundaries: a char cut at a range's edge is checked whole.
            let (mut start, mut end) = (r.start, r.end);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            while !text.is_char_boundary(end) {
                end += 1;
            }
            if text_is_safe(&text[start..end]) {
                Ok(())
            } else {
                Err("control or format character")
            }
        }))?;
        first_error(crate::par::map_ranges(self.l.strings, 1 << 16, |r| {
            let mut prev = match r.start {
                0 => 0,
                k => self.u32(self.l.ends_at + 4 * (k - 1)) as usize,
            };
            for k in r {
                let end = self.u32(self.l.ends_at + 4 * k) as usize;
                if end < prev || !text.is_char_boundary(end) {
                    return Err("string table");
                }
                prev = end;
            }
            Ok(())
        }))?;
        let last = match self.l.strings {
            0 => 0,
            k => self.u32(self.l.ends_at + 4 * (k - 1)) as usize,
        };
        if last != text.len() {
            return Err("string table");
        }
        first_error(crate::par::map_ranges(self.l.entries, 1 << 14, |r| {
            self.check_entries(r)
        }))
    }

    fn check_entries(&self, range: Range<usize>) -> Result<(), &'static str> {
        let strings = self.l.strings as u64;
        for i in range.clone() {
            let r = entry_at(i);
            let first_field = u64::from(self.u32(r + 32));
            let first_str = u64::from(self.u32(r + 36));
            let (nf, na, nt) = (self.u16(r + 44), self.u16(r + 46), self.u16(r + 48));
            if usize::from(self.u8(r + 50)) >= Kind::ALL.len() {
                return Err("kind");
            }
            if first_field + u64::from(nf) > self.l.fields as u64
                || first_str + u64::from(FIXED_STRS) + u64::from(na) + u64::from(nt) > strings
            {
                return Err("entry record");
            }
            let first_read = u64::from(self.u32(r + 52));
            let nr = self.u8(r + 51);
            if first_read + u64::from(nr) > self.l.fields as u64 {
                return Err("entry record");
            }
            let names = (first_field..first_field + u64::from(nf)).map(|k| (k, false));
            let reads = (first_read..first_read + u64::from(nr)).map(|k| (k, true));
            for (k, reading) in names.chain(reads) {
                let f = self.field_at(k as usize);
                let code = self.u16(f + 20);
                let folded = self.u32(f + 16);
                let source = code & SOURCE;
                let kind = code & !SOURCE;
                let kind_ok = if reading {
                    (kind == JYUTPING || kind == PINYIN) && folded != NONE
                } else {
                    kind == 0
                };
                if !kind_ok
                    || (source >= 2 && source - 2 >= na)
                    || (folded != NONE && u64::from(folded) >= strings)
                {
                    return Err("field record");
                }
            }
            if !crate::catalogue::is_kebab(self.id(i))
                || self.name_en(i).trim().is_empty()
                || self.name_zh(i).trim().is_empty()
            {
                return Err("id or name");
            }
        }
        // `by_id` lists ids in strictly increasing order, so every entry is there once and no
        // two share an id. Each range compares its first id with the one before it.
        let at = |k: usize| self.u32(self.l.by_id_at + 4 * k) as usize;
        let mut prev: Option<&str> = range.start.checked_sub(1).map(|k| self.id(at(k)));
        for k in range {
            let i = at(k);
            if i >= self.l.entries {
                return Err("id table");
            }
            let id = self.id(i);
            if prev.is_some_and(|p| p >= id) {
                return Err("id table");
            }
            prev = Some(id);
        }
        Ok(())
    }

    fn u8(&self, at: usize) -> u8 {
        self.b.get(at).copied().unwrap_or(0)
    }

    fn u16(&self, at: usize) -> u16 {
        self.b
            .get(at..at + 2)
            .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
    }

    fn u32(&self, at: usize) -> u32 {
        read_u32(self.b, at)
    }

    fn u64(&self, at: usize) -> u64 {
        self.b
            .get(at..at + 8)
            .and_then(|s| s.try_into().ok())
            .map_or(0, u64::from_le_bytes)
    }

    fn field_at(&self, k: usize) -> usize {
        self.l.fields_at + k * FIELD
    }

    /// String `k` of the blob.
    fn str(&self, k: usize) -> &'a str {
        let end = self.u32(self.l.ends_at + 4 * k) as usize;
        let start = if k == 0 {
            0
        } else {
            self.u32(self.l.ends_at + 4 * (k - 1)) as usize
        };
        self.blob.get(start, end)
    }

    fn entry_str(&self, i: usize, k: u32) -> &'a str {
        let first = self.u32(entry_at(i) + 36);
        self.str(first.saturating_add(k) as usize)
    }

    pub(crate) fn id(&self, i: usize) -> &'a str {
        self.entry_str(i, 0)
    }

    pub(crate) fn kind(&self, i: usize) -> Kind {
        Kind::ALL
            .get(usize::from(self.u8(entry_at(i) + 50)))
            .copied()
            .unwrap_or(Kind::Bureau)
    }

    pub(crate) fn name_en(&self, i: usize) -> &'a str {
        self.entry_str(i, 1)
    }

    pub(crate) fn name_zh(&self, i: usize) -> &'a str {
        self.entry_str(i, 2)
    }

    fn counts(&self, i: usize) -> (u16, u16) {
        let r = entry_at(i);
        (self.u16(r + 46), self.u16(r + 48))
    }

    pub(crate) fn text(&self, i: usize, f: Field) -> &'a str {
        let (aliases, tags) = self.counts(i);
        match f {
            Field::NameEn => self.name_en(i),
            Field::NameZh => self.name_zh(i),
            Field::SummaryEn => self.entry_str(i, 3),
            Field::SummaryZh => self.entry_str(i, 4),
            Field::Alias(k) if k < aliases => self.entry_str(i, FIXED_STRS + u32::from(k)),
            Field::Jyutping(_) | Field::Pinyin(_) => self.text(i, f.source()),
            Field::Tag(k) if k < tags => {
                self.entry_str(i, FIXED_STRS + u32::from(aliases) + u32::from(k))
            }
            _ => "",
        }
    }

    pub(crate) fn tag_count(&self, i: usize) -> u16 {
        self.counts(i).1
    }

    pub(crate) fn name_mask(&self, i: usize) -> u64 {
        self.u64(entry_at(i))
    }

    /// Masks of the tags (together), the English and the Chinese summary.
    pub(crate) fn prose_mask(&self, i: usize, group: usize) -> u64 {
        self.u64(entry_at(i) + 8 + 8 * group.min(2))
    }

    pub(crate) fn name_len(&self, i: usize) -> u32 {
        self.u32(entry_at(i) + 40)
    }

    /// Entry `i`'s names and aliases, folded, with their masks.
    pub(crate) fn fields(self, i: usize) -> impl Iterator<Item = IndexedField<'a>> {
        let r = entry_at(i);
        let first = self.u32(r + 32) as usize;
        self.records(i, first..first + usize::from(self.u16(r + 44)))
    }

    /// Entry `i`'s readings of its Chinese names and aliases: syllables, with their masks.
    pub(crate) fn readings(self, i: usize) -> impl Iterator<Item = IndexedField<'a>> {
        let r = entry_at(i);
        let first = self.u32(r + 52) as usize;
        self.records(i, first..first + usize::from(self.u8(r + 51)))
    }

    fn records(self, i: usize, range: Range<usize>) -> impl Iterator<Item = IndexedField<'a>> {
        range.map(move |k| {
            let at = self.field_at(k);
            let code = self.u16(at + 20);
            let field = match (code & !SOURCE, code & SOURCE) {
                (JYUTPING, source) => Field::Jyutping(source),
                (PINYIN, source) => Field::Pinyin(source),
                (_, 0) => Field::NameEn,
                (_, 1) => Field::NameZh,
                (_, c) => Field::Alias(c - 2),
            };
            let folded = self.u32(at + 16);
            IndexedField {
                field,
                text: if folded == NONE {
                    self.text(i, field)
                } else {
                    self.str(folded as usize)
                },
                mask: self.u64(at),
                head: self.u64(at + 8),
            }
        })
    }

    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.l.entries);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let i = self.u32(self.l.by_id_at + 4 * mid) as usize;
            match self.id(i).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(i),
            }
        }
        None
    }
}

fn entry_at(i: usize) -> usize {
    HEADER + i * ENTRY
}

fn read_u32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// The first 8 bytes, zero-padded, as an integer.
pub(crate) fn head(s: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = s.len().min(8);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_le_bytes(b)
}

/// Which of an entry's prose masks covers a field.
pub(crate) fn prose_group(f: Field) -> usize {
    match f {
        Field::SummaryEn => 1,
        Field::SummaryZh => 2,
        _ => 0,
    }
}

/// One thread's share of the tables, with field and string numbers counted from its start.
struct Part {
    recs: Vec<u8>,
    fields: Vec<u8>,
    /// The readings' records (see `sound`), which go after every part's `fields`.
    reads: Vec<u8>,
    ends: Vec<u32>,
    blob: String,
}

/// Entries per thread below which one thread is faster.
const ENCODE_PER_THREAD: usize = 4096;

/// The layout for `entries`: each share encoded on its own core, then joined, with the field
/// and string numbers of each share moved past those of the shares before it.
fn encode(entries: &[Entry]) -> Vec<u8> {
    let mut parts = crate::par::map_chunks(entries, ENCODE_PER_THREAD, encode_part);
    let total = |f: fn(&Part) -> usize| parts.iter().map(f).sum::<usize>();
    let n_names = total(|p| p.fields.len() / FIELD);
    let n_fields = n_names + total(|p| p.reads.len() / FIELD);
    let n_strs = total(|p| p.ends.len());
    let blob_len = total(|p| p.blob.len());
    let mut out = Vec::with_capacity(
        HEADER + entries.len() * (ENTRY + 4) + n_fields * FIELD + n_strs * 4 + blob_len,
    );
    out.extend_from_slice(MAGIC);
    for n in [entries.len(), n_fields, n_strs, blob_len] {
        out.extend_from_slice(&(n as u32).to_le_bytes());
    }
    let shift = |bytes: &mut [u8], at: usize, by: usize| {
        let v = read_u32(bytes, at);
        if v != NONE {
            bytes[at..at + 4].copy_from_slice(&(v + by as u32).to_le_bytes());
        }
    };
    let (mut fields_before, mut reads_before, mut strs_before) = (0, n_names, 0);
    for p in &mut parts {
        for r in (0..p.recs.len()).step_by(ENTRY) {
            shift(&mut p.recs, r + 32, fields_before);
            shift(&mut p.recs, r + 36, strs_before);
            shift(&mut p.recs, r + 52, reads_before);
        }
        out.extend_from_slice(&p.recs);
        fields_before += p.fields.len() / FIELD;
        reads_before += p.reads.len() / FIELD;
        strs_before += p.ends.len();
    }
    // The names' records, then the readings'.
    fn names(p: &mut Part) -> &mut Vec<u8> {
        &mut p.fields
    }
    fn reads(p: &mut Part) -> &mut Vec<u8> {
        &mut p.reads
    }
    for table in [names as fn(&mut Part) -> &mut Vec<u8>, reads] {
        strs_before = 0;
        for p in &mut parts {
            let strs = p.ends.len();
            let records = table(p);
            for f in (0..records.len()).step_by(FIELD) {
                shift(records, f + 16, strs_before);
            }
            out.extend_from_slice(records);
            strs_before += strs;
        }
    }
    let mut blob_before = 0u32;
    for p in &parts {
        for e in &p.ends {
            out.extend_from_slice(&(e + blob_before).to_le_bytes());
        }
        blob_before += p.blob.len() as u32;
    }
    let mut by_id: Vec<u32> = (0..entries.len() as u32).collect();
    by_id.sort_unstable_by(|&a, &b| entries[a as usize].id.cmp(&entries[b as usize].id));
    for i in by_id {
        out.extend_from_slice(&i.to_le_bytes());
    }
    for p in &parts {
        out.extend_from_slice(p.blob.as_bytes());
    }
    out
}

fn encode_part(entries: &[Entry]) -> Part {
    let mut p = Part {
        recs: Vec::with_capacity(entries.len() * ENTRY),
        fields: Vec::new(),
        reads: Vec::new(),
        ends: Vec::new(),
        blob: String::new(),
    };
    let push = |p: &mut Part, s: &str| -> u32 {
        p.blob.push_str(s);
        p.ends.push(p.blob.len() as u32);
        (p.ends.len() - 1) as u32
    };
    let mut field_count = 0u32;
    let mut read_count = 0u32;
    for e in entries {
        let first_str = p.ends.len() as u32;
        for s in [
            e.id.as_str(),
            &e.name.en,
            &e.name.zh,
            &e.summary.en,
            &e.summary.zh,
        ] {
            push(&mut p, s);
        }
        for s in e.aliases.iter().chain(&e.tags) {
            push(&mut p, s);
        }
        let first_field = field_count;
        let mut name_mask = 0u64;
        let names = [(0u16, e.name.en.as_str()), (1u16, e.name.zh.as_str())];
        let aliases = e
            .aliases
            .iter()
            .enumerate()
            .map(|(k, a)| (k as u16 + 2, a.as_str()));
        let mut readings = Vec::new();
        for (code, text) in names.into_iter().chain(aliases) {
            let folded = fold(text);
            let t = folded.as_deref().unwrap_or(text);
            let mask = char_mask(t);
            name_mask |= mask;
            p.fields.extend_from_slice(&mask.to_le_bytes());
            p.fields.extend_from_slice(&head(t).to_le_bytes());
            let folded_at = folded.map_or(NONE, |f| push(&mut p, &f));
            p.fields.extend_from_slice(&folded_at.to_le_bytes());
            p.fields.extend_from_slice(&code.to_le_bytes());
            p.fields.extend_from_slice(&[0; 2]);
            field_count += 1;
            if let Some((jyut, pin)) = super::sound::readings(text) {
                readings.push((JYUTPING | code, jyut));
                readings.push((PINYIN | code, pin));
            }
        }
        // Readings in a table of their own after every name's (a scan by name never touches
        // them), their syllables in the folded slot (see `sound`).
        readings.truncate(usize::from(u8::MAX));
        let first_read = read_count;
        for (code, syllables) in &readings {
            p.reads
                .extend_from_slice(&char_mask(syllables).to_le_bytes());
            p.reads.extend_from_slice(&head(syllables).to_le_bytes());
            let at = push(&mut p, syllables);
            p.reads.extend_from_slice(&at.to_le_bytes());
            p.reads.extend_from_slice(&code.to_le_bytes());
            p.reads.extend_from_slice(&[0; 2]);
            read_count += 1;
        }
        let tags = e.tags.iter().fold(0, |m, t| m | char_mask_folding(t));
        let r = &mut p.recs;
        for m in [
            name_mask,
            tags,
            char_mask_folding(&e.summary.en),
            char_mask_folding(&e.summary.zh),
        ] {
            r.extend_from_slice(&m.to_le_bytes());
        }
        r.extend_from_slice(&first_field.to_le_bytes());
        r.extend_from_slice(&first_str.to_le_bytes());
        r.extend_from_slice(&(e.name.en.chars().count() as u32).to_le_bytes());
        r.extend_from_slice(&(field_count - first_field).to_le_bytes()[..2]);
        r.extend_from_slice(&(e.aliases.len() as u16).to_le_bytes());
        r.extend_from_slice(&(e.tags.len() as u16).to_le_bytes());
        r.push(e.kind as u8);
        r.push(readings.len() as u8);
        r.extend_from_slice(&first_read.to_le_bytes());
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogue_indexes_and_reads_back() {
        let cat = crate::catalogue::shipped().unwrap();
        let index = Index::build(&cat);
        assert_eq!(index.len(), cat.len());
        for (i, e) in cat.entries().iter().enumerate() {
            assert_eq!(index.id(i), e.id);
            assert_eq!(index.kind(i), e.kind);
            assert_eq!(index.find(&e.id), Some(i));
            for f in [
                Field::NameEn,
                Field::NameZh,
                Field::SummaryEn,
                Field::SummaryZh,
            ]
            .into_iter()
            .chain((0..e.aliases.len()).map(|k| Field::Alias(k as u16)))
            .chain((0..e.tags.len()).map(|k| Field::Tag(k as u16)))
            {
                assert_eq!(index.text(i, f), f.text(e), "{} {f:?}", e.id);
            }
            assert_eq!(index.fields(i).count(), 2 + e.aliases.len());
        }
        assert_eq!(index.find("no-such-id"), None);
        let again = Index::from_bytes(index.as_bytes().to_vec()).unwrap();
        assert!(again == index);
    }

    #[test]
    fn damaged_bytes_are_refused_without_panicking() {
        let cat = crate::catalogue::shipped().unwrap();
        let bytes = Index::build(&cat).as_bytes().to_vec();
        for cut in [0, 3, 4, 19, 20, 100, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                Index::from_bytes(bytes[..cut].to_vec()).is_err(),
                "cut {cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(b'x');
        assert!(Index::from_bytes(longer).is_err());
        // Every byte of the tables, flipped: refused, or an index whose reads stay in bounds.
        let tables = HEADER + cat.len() * ENTRY;
        for at in (0..tables).step_by(7) {
            let mut b = bytes.clone();
            b[at] ^= 0x5A;
            if let Ok(ix) = Index::from_bytes(b) {
                for i in 0..ix.len() {
                    let _ = (ix.id(i), ix.name_en(i), ix.fields(i).count());
                }
            }
        }
    }

    #[test]
    fn an_escape_in_the_blob_is_refused() {
        let cat = crate::catalogue::shipped().unwrap();
        let mut bytes = Index::build(&cat).as_bytes().to_vec();
        let name = cat.entries()[0].name.en.as_bytes();
        let at = bytes.windows(name.len()).rposition(|w| w == name).unwrap();
        bytes[at] = 0x1b;
        assert_eq!(
            Index::from_bytes(bytes).unwrap_err(),
            "control or format character"
        );
    }
}
