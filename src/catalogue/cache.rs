//! A validated large catalogue kept in binary form, so that the next run skips parsing it.
//!
//! Key: a 64-bit hash of the TOML file's bytes (and the layout version): an edited file is a
//! new key, and a renamed one keeps its cache. Kept in `$ITIB_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/itib`, else `~/.cache/itib`; `ITIB_NO_CACHE=1` turns it off. Only catalogues
//! that loaded without a problem are written, atomically (a temporary file renamed into place).
//! A cache that is missing, truncated or corrupt is simply not used: reading one never fails a
//! load, and writing one never fails a load either.
//!
//! Layout: magic, header (meta, entry count), the entries, a table of each entry's byte offset,
//! and the table's own offset. The table lets the entries be decoded on all cores; every part
//! is checked against the others, and each thread must use exactly its entries' bytes.

use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use super::{Catalogue, DateEvent, Entry, Figure, Kind, Meta, Number, Qualifier, Text};

/// Changes whenever the layout below changes, so old caches are never misread.
const MAGIC: &[u8; 8] = b"ITIBCAT2";

/// Where caches live, or `None` when caching is off or there is no home for it.
pub(crate) fn dir() -> Option<PathBuf> {
    if std::env::var_os("ITIB_NO_CACHE").is_some_and(|v| !v.is_empty()) {
        return None;
    }
    if let Some(d) = std::env::var_os("ITIB_CACHE_DIR").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(d));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("itib"))
}

/// FxHash-style over 8-byte words of the file, read in 1 MiB blocks (never held whole):
/// about 30 ms for 66 MB.
pub(crate) fn key(path: &Path) -> std::io::Result<u64> {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut file = std::fs::File::open(path)?;
    let mut block = vec![0u8; 1 << 20];
    let mut h = K;
    let mut len = 0u64;
    loop {
        // Fill the block, so that only the last one can end mid-word.
        let mut n = 0;
        while n < block.len() {
            match file.read(&mut block[n..])? {
                0 => break,
                k => n += k,
            }
        }
        len += n as u64;
        let mut words = block[..n].chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        for &b in words.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        if n < block.len() {
            return Ok((h.rotate_left(5) ^ len).wrapping_mul(K));
        }
    }
}

fn file(dir: &Path, key: u64) -> PathBuf {
    dir.join(format!("{key:016x}.bin"))
}

/// The cached catalogue for `key`, if there is a sound one; read through a buffer, never whole.
pub(crate) fn read(dir: &Path, key: u64) -> Option<Catalogue> {
    decode_file(&file(dir, key))
}

/// Best effort: a cache that cannot be written is no cache. Streamed to a temporary file that
/// is renamed into place, so a reader never sees half a cache.
pub(crate) fn write(dir: &Path, key: u64, cat: &Catalogue) {
    let target = file(dir, key);
    let tmp = dir.join(format!("{key:016x}.{}.tmp", std::process::id()));
    let written = std::fs::create_dir_all(dir).and_then(|()| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&tmp)?);
        encode(cat, &mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, &target)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

pub(crate) fn encode(cat: &Catalogue, out: &mut impl Write) -> std::io::Result<()> {
    let mut w = Writer {
        out,
        buf: Vec::with_capacity(4096),
        written: 0,
    };
    w.buf.extend_from_slice(MAGIC);
    w.opt_text(cat.meta.title.as_ref());
    w.opt_text(cat.meta.source.as_ref());
    w.opt_str(cat.meta.as_at.as_deref());
    w.u32(cat.len() as u32);
    w.flush()?;
    let mut offsets = Vec::with_capacity(cat.len());
    for e in cat.entries() {
        offsets.push(w.written);
        encode_entry(&mut w, e);
        w.flush()?;
    }
    let table = w.written;
    for o in offsets {
        w.buf.extend_from_slice(&o.to_le_bytes());
    }
    w.buf.extend_from_slice(&table.to_le_bytes());
    w.flush()
}

fn encode_entry<W: Write>(w: &mut Writer<'_, W>, e: &Entry) {
    w.str(&e.id);
    w.buf.push(e.kind as u8);
    w.opt_text(e.category.as_ref());
    w.text(&e.name);
    w.opt_str(e.name_note.as_deref());
    w.strs(&e.aliases);
    w.opt_str(e.parent.as_deref());
    w.strs(&e.related);
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
        w.buf.push(f.qualifier.map_or(0, |q| 1 + q as u8));
        w.opt_str(f.as_written.as_deref());
    }
}

/// The whole cache from bytes, on one thread (for tests of the layout).
#[cfg(test)]
fn decode(bytes: &[u8]) -> Option<Catalogue> {
    let mut r = Reader(bytes);
    let (meta, n) = header(&mut r)?;
    let entries = (0..n).map(|_| entry(&mut r)).collect::<Option<Vec<_>>>()?;
    let start = 8 + header_len(&meta);
    let mut pos = start as u64;
    let mut sizes = Vec::with_capacity(n);
    for e in &entries {
        let mut one = Vec::new();
        let mut w = Writer {
            out: &mut one,
            buf: Vec::new(),
            written: 0,
        };
        encode_entry(&mut w, e);
        sizes.push(w.buf.len() as u64);
    }
    for size in sizes {
        if u64::from_le_bytes(r.array()?) != pos {
            return None;
        }
        pos += size;
    }
    (u64::from_le_bytes(r.array()?) == pos && r.u8().is_none())
        .then(|| Catalogue::new(meta, entries))
}

#[cfg(test)]
fn header_len(meta: &Meta) -> usize {
    let mut buf = Vec::new();
    let mut w = Writer {
        out: &mut buf,
        buf: Vec::new(),
        written: 0,
    };
    w.opt_text(meta.title.as_ref());
    w.opt_text(meta.source.as_ref());
    w.opt_str(meta.as_at.as_deref());
    w.u32(0);
    w.buf.len()
}

/// Decodes a cache file: the header, then the entries on all cores, each thread reading its
/// share through its own handle; `None` at the first inconsistency.
fn decode_file(path: &Path) -> Option<Catalogue> {
    use std::io::{Seek, SeekFrom};
    let mut file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let mut head = Reader(BufReader::with_capacity(1 << 16, &mut file).take(len));
    let (meta, n) = header(&mut head)?;
    // What passed through `take` is what the header used (the buffer below may hold more).
    let first = len - head.0.limit();
    drop(head);
    file.seek(SeekFrom::Start(len.checked_sub(8)?)).ok()?;
    let table = u64::from_le_bytes(Reader(&mut file).array()?);
    if table.checked_add(8 * n as u64 + 8)? != len {
        return None;
    }
    file.seek(SeekFrom::Start(table)).ok()?;
    let mut r = Reader(BufReader::with_capacity(1 << 16, &mut file));
    let mut ranges: Vec<(u64, u64)> = Vec::with_capacity(n);
    let mut prev = first;
    for i in 0..n {
        let o = u64::from_le_bytes(r.array()?);
        if (i == 0 && o != first) || o < prev {
            return None;
        }
        if let Some(last) = ranges.last_mut() {
            last.1 = o;
        }
        ranges.push((o, table));
        prev = o;
    }
    let parts = crate::par::map_chunks(&ranges, 4096, |chunk| {
        let (start, end) = (chunk.first()?.0, chunk.last()?.1);
        let mut f = std::fs::File::open(path).ok()?;
        f.seek(SeekFrom::Start(start)).ok()?;
        let mut r = Reader(BufReader::with_capacity(1 << 16, f).take(end - start));
        let entries = (0..chunk.len())
            .map(|_| entry(&mut r))
            .collect::<Option<Vec<_>>>()?;
        // Exactly its bytes: a misplaced offset cannot go unnoticed.
        r.u8().is_none().then_some(entries)
    });
    let mut entries = Vec::with_capacity(n);
    for part in parts {
        entries.append(&mut part?);
    }
    (entries.len() == n).then(|| Catalogue::new(meta, entries))
}

fn header<R: Read>(r: &mut Reader<R>) -> Option<(Meta, usize)> {
    if r.bytes(MAGIC.len())? != MAGIC {
        return None;
    }
    let meta = Meta {
        title: r.opt_text()?,
        source: r.opt_text()?,
        as_at: r.opt_str()?,
    };
    Some((meta, r.u32()? as usize))
}

fn entry<R: Read>(r: &mut Reader<R>) -> Option<Entry> {
    let id = r.str()?;
    let kind = *Kind::ALL.get(usize::from(r.u8()?))?;
    let category = r.opt_text()?;
    let name = r.text()?;
    let name_note = r.opt_str()?;
    let aliases = r.strs()?;
    let parent = r.opt_str()?;
    let related = r.strs()?;
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
        let qualifier = match r.u8()? {
            0 => None,
            q => Some(*Qualifier::ALL.get(usize::from(q - 1))?),
        };
        Some(Figure {
            label,
            value,
            unit,
            as_at,
            qualifier,
            as_written: r.opt_str()?,
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
        tags,
        website,
        summary,
        source,
        dates,
        figures,
    })
}

struct Writer<'w, W: Write> {
    out: &'w mut W,
    buf: Vec<u8>,
    /// Bytes handed to `out` so far: the next entry's offset.
    written: u64,
}

impl<W: Write> Writer<'_, W> {
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.written += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }
    fn u32(&mut self, n: u32) {
        self.buf.extend_from_slice(&n.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.buf.extend_from_slice(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.buf.push(1);
                self.str(s);
            }
            None => self.buf.push(0),
        }
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
        match t {
            Some(t) => {
                self.buf.push(1);
                self.text(t);
            }
            None => self.buf.push(0),
        }
    }
}

/// Every read checks what it gets; a short or malformed cache reads as `None`.
struct Reader<R>(R);

impl<R: Read> Reader<R> {
    fn bytes(&mut self, n: usize) -> Option<Vec<u8>> {
        // Exactly `n` bytes of capacity for any real string; `take` bounds what a corrupt length
        // could make it read (and allocate) by what the file really holds.
        let mut v = Vec::with_capacity(n.min(1 << 16));
        (&mut self.0).take(n as u64).read_to_end(&mut v).ok()?;
        (v.len() == n).then_some(v)
    }
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        let mut a = [0u8; N];
        self.0.read_exact(&mut a).ok()?;
        Some(a)
    }
    fn u8(&mut self) -> Option<u8> {
        self.array::<1>().map(|[b]| b)
    }
    fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }
    fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.bytes(n)?).ok()
    }
    fn opt_str(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => self.str().map(Some),
            _ => None,
        }
    }
    /// A count, then that many items, in a vector of exactly that capacity (a collected
    /// `Option<Vec<_>>` cannot know its length and would reserve room for more).
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.u32()? as usize;
        let mut v = Vec::with_capacity(n.min(1 << 10));
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
        match self.u8()? {
            0 => Some(None),
            1 => self.text().map(Some),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogue_round_trips_and_damage_reads_as_no_cache() {
        let cat = crate::catalogue::shipped().unwrap();
        let mut bytes = Vec::new();
        encode(&cat, &mut bytes).unwrap();
        assert_eq!(decode(&bytes).as_ref(), Some(&cat));
        assert_eq!(decode(&bytes[..bytes.len() - 1]), None, "truncated");
        let mut extra = bytes.clone();
        extra.push(0);
        assert_eq!(decode(&extra), None, "trailing bytes");
        let mut other = bytes.clone();
        other[3] ^= 1;
        assert_eq!(decode(&other), None, "another layout's magic");
        for cut in [8, 9, 100, bytes.len() / 2] {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
    }
}
