//! A validated catalogue in binary form: the `catalogue` section of a cache file.
//!
//! Layout: the meta (title, source, publication, chapter, as-at), the entry count, the entries, a table of each
//! entry's offset, and the table's own offset. The table lets the entries be decoded on all
//! cores; every part is checked against the others, each thread must use exactly its entries'
//! bytes, and what is decoded goes through [`Catalogue::from_parts`], which holds it to every
//! rule the TOML loader applies. Damaged or crafted bytes decode to `None`, never to a panic.

use crate::catalogue::{
    AsAtBasis, Audience, Catalogue, DateEvent, Entry, Figure, Kind, Meta, Number, Outside,
    Qualifier, Text,
};

/// Encodes a catalogue (infallible: it writes into memory).
pub(crate) fn encode(cat: &Catalogue) -> Vec<u8> {
    join(&cat.meta, vec![encode_share(cat.entries())])
}

/// Some consecutive entries encoded, with where each starts in `bytes`: what [`join`] puts
/// together, so that the entries can be encoded on the threads that read them.
pub(crate) struct Share {
    bytes: Vec<u8>,
    offsets: Vec<u64>,
}

/// Encodes some consecutive entries, for [`join`].
pub(crate) fn encode_share(entries: &[Entry]) -> Share {
    let mut bytes = Vec::new();
    let mut offsets = Vec::with_capacity(entries.len());
    let mut w = Writer { buf: &mut bytes };
    for e in entries {
        offsets.push(w.buf.len() as u64);
        encode_entry(&mut w, e);
    }
    Share { bytes, offsets }
}

/// The section of a catalogue with `meta` whose entries are those of `shares`, in order.
pub(crate) fn join(meta: &Meta, shares: Vec<Share>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut w = Writer { buf: &mut out };
    w.opt_text(meta.title.as_ref());
    w.opt_text(meta.source.as_ref());
    w.opt_text(meta.publication.as_ref());
    w.opt_text(meta.chapter.as_ref());
    w.opt_str(meta.as_at.as_deref());
    let n: usize = shares.iter().map(|s| s.offsets.len()).sum();
    w.u32(n as u32);
    let mut offsets = Vec::with_capacity(n);
    for share in shares {
        let base = out.len() as u64;
        offsets.extend(share.offsets.iter().map(|o| base + o));
        out.extend_from_slice(&share.bytes);
    }
    let table = out.len() as u64;
    for o in offsets {
        out.extend_from_slice(&o.to_le_bytes());
    }
    out.extend_from_slice(&table.to_le_bytes());
    out
}

/// A catalogue section whose meta, count and offset table are consistent: entries can be
/// decoded all at once or one by one.
pub(crate) struct Section<'b> {
    bytes: &'b [u8],
    meta: Meta,
    n: usize,
    /// Where the offset table starts (the entries end there).
    table: usize,
}

impl<'b> Section<'b> {
    pub(crate) fn parse(bytes: &'b [u8]) -> Option<Section<'b>> {
        let mut head = Reader(bytes);
        let meta = Meta {
            title: head.opt_text()?,
            source: head.opt_text()?,
            publication: head.opt_text()?,
            chapter: head.opt_text()?,
            as_at: head.opt_str()?,
        };
        let n = head.u32()? as usize;
        let first = bytes.len() - head.0.len();
        let table = u64::from_le_bytes(bytes.get(bytes.len().checked_sub(8)?..)?.try_into().ok()?);
        let table = usize::try_from(table).ok()?;
        if table.checked_add(n.checked_mul(8)?.checked_add(8)?)? != bytes.len() {
            return None;
        }
        let section = Section {
            bytes,
            meta,
            n,
            table,
        };
        // Offsets in order, the first right after the header, none past the table.
        let mut prev = first;
        for i in 0..n {
            let o = section.offset(i)?;
            if (i == 0 && o != first) || o < prev || o > table {
                return None;
            }
            prev = o;
        }
        (n > 0 || first == table).then_some(section)
    }

    pub(crate) fn len(&self) -> usize {
        self.n
    }

    pub(crate) fn meta(&self) -> &Meta {
        &self.meta
    }

    fn offset(&self, i: usize) -> Option<usize> {
        let at = self.table.checked_add(i.checked_mul(8)?)?;
        let o = u64::from_le_bytes(self.bytes.get(at..at + 8)?.try_into().ok()?);
        usize::try_from(o).ok()
    }

    /// Entry `i`'s bytes: from its offset to the next one's (or the table).
    fn range(&self, i: usize) -> Option<(usize, usize)> {
        let end = if i + 1 < self.n {
            self.offset(i + 1)?
        } else {
            self.table
        };
        Some((self.offset(i)?, end))
    }

    /// Entry `i` alone, using exactly its bytes (not yet held to any rule).
    pub(crate) fn entry(&self, i: usize) -> Option<Entry> {
        if i >= self.n {
            return None;
        }
        let (start, end) = self.range(i)?;
        let mut r = Reader(self.bytes.get(start..end)?);
        let e = entry(&mut r)?;
        r.0.is_empty().then_some(e)
    }

    /// Every entry, on all cores (not yet held to any rule).
    fn entries(&self) -> Option<Vec<Entry>> {
        let numbers: Vec<usize> = (0..self.n).collect();
        let parts = crate::par::map_chunks(&numbers, 4096, |chunk| {
            let (start, _) = self.range(*chunk.first()?)?;
            let (_, end) = self.range(*chunk.last()?)?;
            let mut r = Reader(self.bytes.get(start..end)?);
            let mut entries = Vec::with_capacity(chunk.len());
            for _ in chunk {
                entries.push(entry(&mut r)?);
            }
            // Exactly its bytes: a misplaced offset cannot go unnoticed.
            r.0.is_empty().then_some(entries)
        });
        let mut entries = Vec::with_capacity(self.n);
        for part in parts {
            entries.append(&mut part?);
        }
        (entries.len() == self.n).then_some(entries)
    }
}

/// Decodes and validates a catalogue section: the entries on all cores, then the whole held to
/// the loader's rules. `None` at the first inconsistency.
pub(crate) fn decode(bytes: &[u8]) -> Option<Catalogue> {
    let section = Section::parse(bytes)?;
    let entries = section.entries()?;
    Catalogue::from_parts(section.meta, entries)
}

fn encode_entry(w: &mut Writer<'_>, e: &Entry) {
    w.str(&e.id);
    w.buf.push(e.kind as u8);
    w.opt_text(e.category.as_ref());
    w.text(&e.name);
    w.opt_text(e.name_note.as_ref());
    w.strs(&e.aliases);
    w.opt_str(e.parent.as_deref());
    w.strs(&e.related);
    w.u32(e.audience.len() as u32);
    w.buf.extend(e.audience.iter().map(|a| *a as u8));
    w.strs(&e.tags);
    w.opt_str(e.website.as_deref());
    w.text(&e.summary);
    w.strs(&e.source);
    w.u32(e.dates.len() as u32);
    for d in &e.dates {
        w.str(&d.event);
        w.str(&d.date);
    }
    w.u32(e.figures.len() as u32);
    for f in &e.figures {
        w.text(&f.label);
        match f.value {
            Number::Int(i) => {
                w.buf.push(0);
                w.buf.extend_from_slice(&i.to_le_bytes());
            }
            Number::Float(x) => {
                w.buf.push(1);
                w.buf.extend_from_slice(&x.to_bits().to_le_bytes());
            }
        }
        w.str(&f.unit);
        w.str(&f.as_at);
        w.buf.push(f.as_at_basis as u8);
        w.buf.push(f.qualifier.map_or(0, |q| 1 + q as u8));
        w.opt_str(f.as_written.as_deref());
        w.opt_text(f.short.as_ref());
        w.buf.push(u8::from(f.headline));
    }
    w.u32(e.outside_source.len() as u32);
    for o in &e.outside_source {
        w.str(&o.field);
        w.text(&o.note);
    }
}

fn entry(r: &mut Reader<'_>) -> Option<Entry> {
    let id = r.str()?;
    let kind = *Kind::ALL.get(usize::from(r.u8()?))?;
    let category = r.opt_text()?;
    let name = r.text()?;
    let name_note = r.opt_text()?;
    let aliases = r.strs()?;
    let parent = r.opt_str()?;
    let related = r.strs()?;
    let audience = r.list(|r| Audience::ALL.get(usize::from(r.u8()?)).copied())?;
    let tags = r.strs()?;
    let website = r.opt_str()?;
    let summary = r.text()?;
    let source = r.strs()?;
    let dates = r.list(|r| {
        Some(DateEvent {
            event: r.str()?,
            date: r.str()?,
        })
    })?;
    let figures = r.list(|r| {
        let label = r.text()?;
        let value = match r.u8()? {
            0 => Number::Int(i64::from_le_bytes(r.array()?)),
            1 => Number::Float(f64::from_bits(u64::from_le_bytes(r.array()?))),
            _ => return None,
        };
        let unit = r.str()?;
        let as_at = r.str()?;
        let as_at_basis = *AsAtBasis::ALL.get(usize::from(r.u8()?))?;
        let qualifier = match r.u8()? {
            0 => None,
            q => Some(*Qualifier::ALL.get(usize::from(q - 1))?),
        };
        let as_written = r.opt_str()?;
        let short = r.opt_text()?;
        let headline = match r.u8()? {
            0 => false,
            1 => true,
            _ => return None,
        };
        Some(Figure {
            label,
            short,
            value,
            unit,
            as_at,
            as_at_basis,
            qualifier,
            as_written,
            headline,
        })
    })?;
    let outside_source = r.list(|r| {
        Some(Outside {
            field: r.str()?,
            note: r.text()?,
        })
    })?;
    Some(Entry {
        id,
        kind,
        category,
        name,
        name_note,
        aliases,
        parent,
        related,
        audience,
        tags,
        website,
        summary,
        source,
        dates,
        figures,
        outside_source,
    })
}

/// Appends to the section being encoded.
struct Writer<'w> {
    buf: &'w mut Vec<u8>,
}

impl Writer<'_> {
    fn u32(&mut self, n: u32) {
        self.buf.extend_from_slice(&n.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.buf.extend_from_slice(s.as_bytes());
    }
    /// A presence byte (0 or 1), then the value if there is one.
    fn opt<T>(&mut self, v: Option<T>, write: impl FnOnce(&mut Self, T)) {
        self.buf.push(u8::from(v.is_some()));
        if let Some(v) = v {
            write(self, v);
        }
    }
    fn opt_str(&mut self, s: Option<&str>) {
        self.opt(s, Self::str);
    }
    fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        for s in v {
            self.str(s);
        }
    }
    fn text(&mut self, t: &Text) {
        self.str(&t.en);
        self.str(&t.zh);
    }
    fn opt_text(&mut self, t: Option<&Text>) {
        self.opt(t, Self::text);
    }
}

/// Reads from the front of a byte slice; every read checks what it gets, and a short or
/// malformed section reads as `None`.
struct Reader<'b>(&'b [u8]);

impl<'b> Reader<'b> {
    fn bytes(&mut self, n: usize) -> Option<&'b [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.bytes(N)?.try_into().ok()
    }
    fn u8(&mut self) -> Option<u8> {
        self.array::<1>().map(|[b]| b)
    }
    fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }
    fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        // SIMD: most of a section's time was std's check of its Chinese text.
        simdutf8::basic::from_utf8(self.bytes(n)?)
            .ok()
            .map(str::to_owned)
    }
    /// A presence byte, then the value if it says 1; any other byte is damage.
    fn opt<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.u8()? {
            0 => Some(None),
            1 => read(self).map(Some),
            _ => None,
        }
    }
    fn opt_str(&mut self) -> Option<Option<String>> {
        self.opt(Self::str)
    }
    /// A count, then that many items; the count cannot reserve more than the bytes left.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.u32()? as usize;
        let mut v = Vec::with_capacity(n.min(self.0.len()));
        for _ in 0..n {
            v.push(item(self)?);
        }
        Some(v)
    }
    fn strs(&mut self) -> Option<Vec<String>> {
        self.list(Self::str)
    }
    fn text(&mut self) -> Option<Text> {
        Some(Text {
            en: self.str()?,
            zh: self.str()?,
        })
    }
    fn opt_text(&mut self) -> Option<Option<Text>> {
        self.opt(Self::text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogue_round_trips_and_damage_reads_as_none() {
        let cat = crate::catalogue::shipped().unwrap();
        let bytes = encode(&cat);
        assert_eq!(decode(&bytes).as_ref(), Some(&cat));
        assert_eq!(decode(&bytes[..bytes.len() - 1]), None, "truncated");
        let mut extra = bytes.clone();
        extra.push(0);
        assert_eq!(decode(&extra), None, "trailing bytes");
        for cut in [0, 8, 9, 100, bytes.len() / 2] {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
    }

    #[test]
    fn decoded_text_is_held_to_the_loaders_rules() {
        let mut cat = crate::catalogue::shipped().unwrap();
        let ok = encode(&cat);
        // The section with the first occurrence of `from` overwritten by `to` (same length).
        let replaced = |from: &str, to: &str| {
            assert_eq!(from.len(), to.len());
            let mut bytes = ok.clone();
            let at = bytes
                .windows(from.len())
                .position(|w| w == from.as_bytes())
                .unwrap();
            bytes[at..at + to.len()].copy_from_slice(to.as_bytes());
            bytes
        };
        // An escape in a name (ESC [ 2 J: clear the screen), as a crafted cache would hold it.
        let name = &cat.entries()[3].name.en;
        let evil = format!("\u{1b}[2J{}", &name[4..]);
        assert_eq!(decode(&replaced(name, &evil)), None);
        // A duplicate id: the first id overwritten by a later one of the same length.
        let ids: Vec<&str> = cat.entries().iter().map(|e| e.id.as_str()).collect();
        let (a, b) = ids
            .iter()
            .enumerate()
            .find_map(|(i, a)| {
                ids[i + 1..]
                    .iter()
                    .find(|b| b.len() == a.len())
                    .map(|b| (*a, *b))
            })
            .unwrap();
        assert_eq!(decode(&replaced(a, b)), None);
        cat.meta.as_at = Some("not a date".into());
        assert_eq!(decode(&encode(&cat)), None);
    }
}
