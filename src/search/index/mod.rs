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
//! header   magic "IDX3", entries, fields, strings, blob length, readings, syllables,
//!          syllable table entries, syllable table bytes, tag references   (10 × u32)
//! entries  ENTRY bytes each: name mask, 3 prose masks, first field, first string,
//!          name length (u32s/u64s), field count, alias count, tag count (u16), kind,
//!          reading count (u8), first reading, first tag reference (u32)
//! fields   FIELD bytes each: mask (u64), folded string or NONE (u32), field code (u16);
//!          every entry's names and aliases
//! readings READ bytes each: letters mask (u32: `a`–`z`, all a reading can match), first
//!          syllable (u32), syllable count, field code
//!          (u16): the Jyutping and pinyin readings of the Chinese names and aliases, in a
//!          table of their own (a scan by name never touches it)
//! syllables one u16 per syllable of every reading: its number in the syllable table
//! tags     one u32 per tag of every entry: the string that is its text (a tag's text is kept
//!          once for the whole index, after every entry's own strings: tags come from a small
//!          vocabulary)
//! ends     one u32 per string: where it ends in the blob (it starts where the previous ends)
//! by_id    one u32 per entry: entries in byte order of their ids
//! table    the distinct syllables (`a`–`z`, or `_` for a character without a reading): one
//!          u32 end each, then their bytes
//! blob     every string, concatenated; UTF-8
//! ```
//!
//! A reading is a run of syllable numbers rather than text: 2 bytes a syllable instead of 4–7,
//! read without splitting, and a 100,000-entry index about 10 MB smaller.
//!
//! An entry's strings are, in order: id, English name, Chinese name, English summary, Chinese
//! summary, its aliases, then the folded forms of its names and aliases; the tags' texts follow
//! the last entry's strings, in byte order. The layout depends only on the entries, not on how
//! they were shared out among threads while it was built (see [`Index::from_shares`]).
//! [`Index::from_bytes`] checks every count, offset and string before anything is read, and
//! the text rules the loader applies (no control, bidi or other format characters; kebab-case
//! ids, unique; names not empty): bytes from a cache file are as trustworthy afterwards as an
//! index built from the TOML. Accessors never panic.

mod encode;
pub(crate) use encode::{Part as Share, encode_part};

use std::ops::Range;
use std::sync::Arc;

use crate::catalogue::{Catalogue, Kind, text_is_safe};
use crate::mapped::{CheckedBytes, Mapped, ValidText};

use super::Field;

const MAGIC: &[u8; 4] = b"IDX3";

/// A field record's code: the name or alias it is (0 English name, 1 Chinese name, 2 + k alias
/// k) in the low bits, and in the top two whether it is that text's Jyutping or pinyin reading.
const SOURCE: u16 = 0x3FFF;
const JYUTPING: u16 = 0x8000;
const PINYIN: u16 = 0xC000;

const HEADER: usize = 40;
const ENTRY: usize = 60;
const FIELD: usize = 16;
const READ: usize = 12;
/// The bits of a char mask for `a`–`z`: all of a reading's mask that is kept.
const LETTERS: u32 = (1 << 26) - 1;
/// Syllables a table can number (a reading's syllable is a u16).
const MAX_SYLLABLES: usize = 1 << 16;
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
    reads: usize,
    syls: usize,
    table: usize,
    tags: usize,
    fields_at: usize,
    reads_at: usize,
    syls_at: usize,
    tags_at: usize,
    ends_at: usize,
    by_id_at: usize,
    table_at: usize,
    table_bytes_at: usize,
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
    pub mask: u64,
    view: View<'a>,
    entry: usize,
    /// The folded text's string, or `NONE`.
    folded: u32,
}

impl<'a> IndexedField<'a> {
    /// Folded text (the original when folding changes nothing). Read only when asked: a scan
    /// asks once the mask says the field can match, and most fields' texts stay untouched.
    pub fn text(&self) -> &'a str {
        if self.folded == NONE {
            self.view.text(self.entry, self.field)
        } else {
            self.view.str(self.folded as usize)
        }
    }
}

/// One reading of a name or alias, as the scan sees it: its syllables' numbers in the index's
/// syllable table.
#[derive(Clone, Copy)]
pub(crate) struct Reading<'a> {
    pub field: Field,
    /// The letters of its syllables (`a`–`z` only: the letters a term read by sound can have).
    pub mask: u64,
    /// The syllables' numbers, two bytes each.
    numbers: &'a [u8],
    table: SyllableTable<'a>,
}

impl<'a> Reading<'a> {
    /// The syllables, in order (`_` for a character without a reading).
    pub fn syllables(&self) -> impl super::sound::Syllables<'a> + use<'a> {
        let table = self.table;
        self.numbers
            .chunks_exact(2)
            .map(move |c| table.get(u16::from_le_bytes([c[0], c[1]])))
    }
}

/// The index's distinct syllables: where each ends in `bytes`.
#[derive(Clone, Copy)]
struct SyllableTable<'a> {
    ends: &'a [u8],
    bytes: &'a [u8],
}

impl<'a> SyllableTable<'a> {
    /// Syllable `k` ("" out of range, which never happens after [`View::check`]).
    fn get(self, k: u16) -> &'a [u8] {
        let k = usize::from(k);
        let end = read_u32(self.ends, 4 * k) as usize;
        let start = match k {
            0 => 0,
            k => read_u32(self.ends, 4 * (k - 1)) as usize,
        };
        self.bytes.get(start..end).unwrap_or(&[])
    }
}

impl Index {
    /// Indexes a validated catalogue.
    pub fn build(cat: &Catalogue) -> Index {
        Index::built(encode::encode(cat.entries()))
    }

    /// The index of entries encoded share by share ([`encode_part`]), in order; `id(i)` is
    /// entry `i`'s id. Byte for byte the index [`Index::build`] makes of those entries, however
    /// they were shared out.
    pub(crate) fn from_shares<'e>(shares: Vec<Share>, id: impl Fn(usize) -> &'e str) -> Index {
        Index::built(encode::join(shares, id))
    }

    /// The index this program has just encoded. Only its layout is read and its text checked
    /// as UTF-8 (which the text accessors rely on), not the rest of [`Index::from_bytes`]'s
    /// checks (some 30 ms of CPU at 100,000 entries, by perf): they hold for what the encoder
    /// writes from valid entries (the round-trip test below, and every warm load in the tests,
    /// which reads a built index back through them), and an index built from entries whose
    /// cross-entry rules then fail is dropped unused (`catalogue::read_path_folded`). Bytes
    /// from anywhere else go through [`Index::from_bytes`]. Were the layout ever unreadable, an
    /// empty index would search nothing rather than panic.
    fn built(bytes: Vec<u8>) -> Index {
        let Ok(layout) = layout(&bytes) else {
            return Index::empty();
        };
        let Some(data) = CheckedBytes::owned(bytes, layout.blob_at) else {
            return Index::empty();
        };
        Index { data, layout }
    }

    /// No entries (bytes that would not pass [`Index::from_bytes`], but read as nothing).
    fn empty() -> Index {
        Index {
            data: CheckedBytes::empty(),
            layout: Layout {
                entries: 0,
                fields: 0,
                strings: 0,
                reads: 0,
                syls: 0,
                table: 0,
                tags: 0,
                fields_at: HEADER,
                reads_at: HEADER,
                syls_at: HEADER,
                tags_at: HEADER,
                ends_at: HEADER,
                by_id_at: HEADER,
                table_at: HEADER,
                table_bytes_at: HEADER,
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
    let (reads, syls, table, table_bytes, tags) = (n(4), n(5), n(6), n(7), n(8));
    if table > MAX_SYLLABLES {
        return Err("syllable table");
    }
    // Each table's start: the previous one's, past `count` records of `size` bytes.
    let after = |at: usize, count: usize, size: usize| {
        count
            .checked_mul(size)
            .and_then(|x| x.checked_add(at))
            .ok_or("size")
    };
    let fields_at = after(HEADER, entries, ENTRY)?;
    let reads_at = after(fields_at, fields, FIELD)?;
    let syls_at = after(reads_at, reads, READ)?;
    let tags_at = after(syls_at, syls, 2)?;
    let ends_at = after(tags_at, tags, 4)?;
    let by_id_at = after(ends_at, strings, 4)?;
    let table_at = after(by_id_at, entries, 4)?;
    let table_bytes_at = after(table_at, table, 4)?;
    let blob_at = after(table_bytes_at, table_bytes, 1)?;
    if blob_at.checked_add(blob) != Some(b.len()) {
        return Err("size");
    }
    Ok(Layout {
        entries,
        fields,
        strings,
        reads,
        syls,
        table,
        tags,
        fields_at,
        reads_at,
        syls_at,
        tags_at,
        ends_at,
        by_id_at,
        table_at,
        table_bytes_at,
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
        self.check_syllables()?;
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
                || first_str + u64::from(FIXED_STRS) + u64::from(na) > strings
            {
                return Err("entry record");
            }
            let first_tag = u64::from(self.u32(r + 56));
            if first_tag + u64::from(nt) > self.l.tags as u64 {
                return Err("entry record");
            }
            for k in first_tag..first_tag + u64::from(nt) {
                if u64::from(self.u32(self.l.tags_at + 4 * k as usize)) >= strings {
                    return Err("tag reference");
                }
            }
            let first_read = u64::from(self.u32(r + 52));
            let nr = self.u8(r + 51);
            if first_read + u64::from(nr) > self.l.reads as u64 {
                return Err("entry record");
            }
            for k in first_field..first_field + u64::from(nf) {
                let f = self.field_at(k as usize);
                let code = self.u16(f + 12);
                let folded = self.u32(f + 8);
                let source = code & SOURCE;
                if code & !SOURCE != 0
                    || (source >= 2 && source - 2 >= na)
                    || (folded != NONE && u64::from(folded) >= strings)
                {
                    return Err("field record");
                }
            }
            for k in first_read..first_read + u64::from(nr) {
                let at = self.read_at(k as usize);
                let code = self.u16(at + 10);
                let source = code & SOURCE;
                let kind = code & !SOURCE;
                let (start, len) = (u64::from(self.u32(at + 4)), u64::from(self.u16(at + 8)));
                if (kind != JYUTPING && kind != PINYIN)
                    || (source >= 2 && source - 2 >= na)
                    || start + len > self.l.syls as u64
                {
                    return Err("reading record");
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

    /// The syllable table: ends in order, its bytes `a`–`z` or `_`; and every reading's
    /// syllable numbered in it.
    fn check_syllables(&self) -> Result<(), &'static str> {
        let bytes = self
            .b
            .get(self.l.table_bytes_at..self.l.blob_at)
            .ok_or("syllable table")?;
        if !bytes.iter().all(|&c| c.is_ascii_lowercase() || c == b'_') {
            return Err("syllable table");
        }
        let mut prev = 0;
        for k in 0..self.l.table {
            let end = self.u32(self.l.table_at + 4 * k) as usize;
            if end < prev {
                return Err("syllable table");
            }
            prev = end;
        }
        if prev != bytes.len() {
            return Err("syllable table");
        }
        let syls = self
            .b
            .get(self.l.syls_at..self.l.tags_at)
            .ok_or("syllables")?;
        if syls
            .chunks_exact(2)
            .any(|c| usize::from(u16::from_le_bytes([c[0], c[1]])) >= self.l.table)
        {
            return Err("syllables");
        }
        Ok(())
    }

    fn read_at(&self, k: usize) -> usize {
        self.l.reads_at + k * READ
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
            Field::Tag(k) if k < tags => self.str(self.tag_ref(i, k) as usize),
            _ => "",
        }
    }

    /// The number of the string that is tag `k` of entry `i` (the same for every entry with
    /// that tag: a tag's text is kept once).
    pub(crate) fn tag_ref(&self, i: usize, k: u16) -> u32 {
        let first = self.u32(entry_at(i) + 56) as usize;
        self.u32(self.l.tags_at + 4 * (first + usize::from(k)))
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
    pub(crate) fn readings(self, i: usize) -> impl Iterator<Item = Reading<'a>> {
        let r = entry_at(i);
        let first = self.u32(r + 52) as usize;
        let table = SyllableTable {
            ends: self
                .b
                .get(self.l.table_at..self.l.table_bytes_at)
                .unwrap_or(&[]),
            bytes: self
                .b
                .get(self.l.table_bytes_at..self.l.blob_at)
                .unwrap_or(&[]),
        };
        (first..first + usize::from(self.u8(r + 51))).map(move |k| {
            let at = self.read_at(k);
            let code = self.u16(at + 10);
            let field = match code & !SOURCE {
                JYUTPING => Field::Jyutping(code & SOURCE),
                _ => Field::Pinyin(code & SOURCE),
            };
            let start = self.l.syls_at + 2 * self.u32(at + 4) as usize;
            let end = start + 2 * usize::from(self.u16(at + 8));
            Reading {
                field,
                mask: u64::from(self.u32(at)),
                numbers: self.b.get(start..end).unwrap_or(&[]),
                table,
            }
        })
    }

    fn records(self, i: usize, range: Range<usize>) -> impl Iterator<Item = IndexedField<'a>> {
        range.map(move |k| {
            let at = self.field_at(k);
            let field = match self.u16(at + 12) & SOURCE {
                0 => Field::NameEn,
                1 => Field::NameZh,
                c => Field::Alias(c - 2),
            };
            IndexedField {
                field,
                mask: self.u64(at),
                view: self,
                entry: i,
                folded: self.u32(at + 8),
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

/// Which of an entry's prose masks covers a field.
pub(crate) fn prose_group(f: Field) -> usize {
    match f {
        Field::SummaryEn => 1,
        Field::SummaryZh => 2,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fold::char_mask;

    #[test]
    fn the_index_is_the_same_however_the_entries_are_shared_out() {
        let cat = crate::catalogue::shipped().unwrap();
        let whole = Index::build(&cat);
        let entries = cat.entries();
        for size in [1, 2, 7, 50, entries.len() - 1] {
            let shares = entries.chunks(size).map(encode_part).collect();
            let index = Index::from_shares(shares, |i| &entries[i].id);
            assert!(index == whole, "shares of {size}");
            // What `built` does not check, the encoder's bytes pass.
            assert!(Index::from_bytes(index.as_bytes().to_vec()).is_ok());
        }
    }

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
    fn readings_read_back_as_the_syllables_they_were_built_from() {
        let cat = crate::catalogue::shipped().unwrap();
        let index = Index::build(&cat);
        let mut seen = 0;
        for i in 0..index.len() {
            for r in index.view().readings(i) {
                let (jyut, pin) = super::super::sound::readings(index.text(i, r.field)).unwrap();
                let want = match r.field {
                    Field::Jyutping(_) => jyut,
                    _ => pin,
                };
                let got: Vec<&str> = r
                    .syllables()
                    .map(|s| std::str::from_utf8(s).unwrap())
                    .collect();
                assert_eq!(got.join(" "), want, "{} {:?}", index.id(i), r.field);
                assert_eq!(r.mask, char_mask(&want) & u64::from(LETTERS));
                seen += 1;
            }
        }
        assert!(seen > 2 * cat.len(), "every Chinese name is read: {seen}");
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
        // Bytes of every table (entries, fields, readings, syllables, tags, string ends, ids,
        // syllable table), flipped: refused, or an index whose reads stay in bounds.
        let blob_at = layout(&bytes).unwrap().blob_at;
        let entries_end = HEADER + cat.len() * ENTRY;
        let every = (0..entries_end)
            .step_by(7)
            .chain((entries_end..blob_at).step_by(29));
        for at in every {
            let mut b = bytes.clone();
            b[at] ^= 0x5A;
            if let Ok(ix) = Index::from_bytes(b) {
                for i in 0..ix.len() {
                    let _ = (ix.id(i), ix.name_en(i), ix.fields(i).count());
                    let _ = ix.text(i, Field::Tag(0));
                    for r in ix.view().readings(i) {
                        let _ = r.syllables().count();
                    }
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
