//! Building an index: a catalogue's entries encoded in the layout of [`super`], each share of
//! the entries on its own core, then joined into one table of each kind.

use crate::catalogue::Entry;
use crate::catalogue::idmap::FxHasher;
use crate::search::fold::{char_mask, char_mask_folding, fold_into};
use crate::search::sound::{ReadingBufs, readings_into};

use super::{
    ENTRY, FIELD, HEADER, JYUTPING, LETTERS, MAGIC, MAX_SYLLABLES, NONE, PINYIN, READ, read_u32,
};

type FxMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// One thread's share of the tables, with field, reading, syllable and string numbers counted
/// from its start, and syllables numbered in its own table: what [`encode_part`] makes of some
/// consecutive entries, and [`join`] puts together.
pub(crate) struct Part {
    recs: Vec<u8>,
    fields: Vec<u8>,
    /// The readings' records (see `sound`), which go in a table of their own.
    reads: Vec<u8>,
    /// Each reading's syllables, numbered in `table`.
    syls: Vec<u16>,
    table: Vec<String>,
    /// Each entry's tags, numbered in `tag_table`; [`join`] makes them the strings that are
    /// their texts, kept once for the whole index after every entry's own strings (so that the
    /// layout does not depend on how the entries were shared out).
    tags: Vec<u32>,
    tag_table: Vec<String>,
    ends: Vec<u32>,
    blob: String,
}

/// Entries per thread below which one thread is faster.
const ENCODE_PER_THREAD: usize = 4096;

/// The layout for `entries`: each share encoded on its own core, then joined, with the field,
/// reading, syllable and string numbers of each share moved past those of the shares before
/// it, and its syllables renumbered in one table.
pub(super) fn encode(entries: &[Entry]) -> Vec<u8> {
    let parts = crate::par::map_chunks(entries, ENCODE_PER_THREAD, encode_part);
    join(parts, |i| &entries[i].id)
}

/// The layout of the entries encoded in `parts`, in order; `id(i)` is entry `i`'s id (for the
/// table of entries by id).
pub(crate) fn join<'e>(mut parts: Vec<Part>, id: impl Fn(usize) -> &'e str) -> Vec<u8> {
    let n_entries = parts.iter().map(|p| p.recs.len() / ENTRY).sum::<usize>();
    let total = |f: fn(&Part) -> usize| parts.iter().map(f).sum::<usize>();
    let n_fields = total(|p| p.fields.len() / FIELD);
    let n_reads = total(|p| p.reads.len() / READ);
    let n_syls = total(|p| p.syls.len());
    let n_tags = total(|p| p.tags.len());
    // Every share's tags, once, in byte order: the last strings of the index.
    let (tag_table, tag_renumber) = merge(&parts, |p| &p.tag_table, None);
    let entry_strs = total(|p| p.ends.len());
    let n_strs = entry_strs + tag_table.len();
    let blob_len = total(|p| p.blob.len()) + tag_table.iter().map(String::len).sum::<usize>();
    // One table for every share's syllables; past its capacity (never reached by real
    // readings) a syllable reads as `_`.
    let (table, renumber) = merge(&parts, |p| &p.table, Some(("_", MAX_SYLLABLES)));
    let table_bytes: usize = table.iter().map(|s| s.len()).sum();
    let mut out = Vec::with_capacity(
        HEADER
            + n_entries * (ENTRY + 4)
            + n_fields * FIELD
            + n_reads * READ
            + n_syls * 2
            + n_tags * 4
            + n_strs * 4
            + table.len() * 4
            + table_bytes
            + blob_len,
    );
    out.extend_from_slice(MAGIC);
    for n in [
        n_entries,
        n_fields,
        n_strs,
        blob_len,
        n_reads,
        n_syls,
        table.len(),
        table_bytes,
        n_tags,
    ] {
        out.extend_from_slice(&(n as u32).to_le_bytes());
    }
    let shift = |bytes: &mut [u8], at: usize, by: usize| {
        let v = read_u32(bytes, at);
        if v != NONE {
            bytes[at..at + 4].copy_from_slice(&(v + by as u32).to_le_bytes());
        }
    };
    let (mut fields_before, mut reads_before, mut syls_before, mut strs_before) = (0, 0, 0, 0);
    let mut tags_before = 0;
    for p in &mut parts {
        for r in (0..p.recs.len()).step_by(ENTRY) {
            shift(&mut p.recs, r + 32, fields_before);
            shift(&mut p.recs, r + 36, strs_before);
            shift(&mut p.recs, r + 52, reads_before);
            shift(&mut p.recs, r + 56, tags_before);
        }
        for f in (0..p.fields.len()).step_by(FIELD) {
            shift(&mut p.fields, f + 8, strs_before);
        }
        for r in (0..p.reads.len()).step_by(READ) {
            shift(&mut p.reads, r + 4, syls_before);
        }
        out.extend_from_slice(&std::mem::take(&mut p.recs));
        fields_before += p.fields.len() / FIELD;
        reads_before += p.reads.len() / READ;
        syls_before += p.syls.len();
        tags_before += p.tags.len();
        strs_before += p.ends.len();
    }
    // Each share's tables are freed as soon as they are copied, so that the index is not held
    // twice over while it is joined.
    for p in &mut parts {
        out.extend_from_slice(&std::mem::take(&mut p.fields));
    }
    for p in &mut parts {
        out.extend_from_slice(&std::mem::take(&mut p.reads));
    }
    for (p, renumber) in parts.iter_mut().zip(&renumber) {
        for &k in &std::mem::take(&mut p.syls) {
            let k = renumber.get(usize::from(k)).copied().unwrap_or(0) as u16;
            out.extend_from_slice(&k.to_le_bytes());
        }
    }
    for (p, renumber) in parts.iter_mut().zip(&tag_renumber) {
        for &t in &std::mem::take(&mut p.tags) {
            let t = entry_strs + renumber.get(t as usize).copied().unwrap_or(0);
            out.extend_from_slice(&(t as u32).to_le_bytes());
        }
    }
    let mut blob_before = 0u32;
    for p in &mut parts {
        for e in &std::mem::take(&mut p.ends) {
            out.extend_from_slice(&(e + blob_before).to_le_bytes());
        }
        blob_before += p.blob.len() as u32;
    }
    for t in &tag_table {
        blob_before += t.len() as u32;
        out.extend_from_slice(&blob_before.to_le_bytes());
    }
    for i in sorted_by_id(n_entries, id) {
        out.extend_from_slice(&i.to_le_bytes());
    }
    let mut end = 0u32;
    for s in &table {
        end += s.len() as u32;
        out.extend_from_slice(&end.to_le_bytes());
    }
    for s in &table {
        out.extend_from_slice(s.as_bytes());
    }
    for p in parts {
        out.extend_from_slice(p.blob.as_bytes());
    }
    for t in &tag_table {
        out.extend_from_slice(t.as_bytes());
    }
    out
}

/// Entry numbers `0..n` in the byte order of their ids (`id(i)`). Sorted by each id's first
/// 32 bytes as two numbers (zero-padded), and only on a tie by the whole id: sorting 100,000
/// synthetic ids scattered over the heap took 28–41 ms by their text alone, 10–15 ms so
/// (three runs each, a scratch program). Where two heads differ, they differ as the ids do (a
/// padded zero stands where the shorter id has ended, which `str` also sorts first); ties are
/// compared whole.
fn sorted_by_id<'e>(n: usize, id: impl Fn(usize) -> &'e str) -> Vec<u32> {
    let head = |b: &[u8], at: usize| {
        let mut head = [0u8; 16];
        let b = b.get(at..).unwrap_or_default();
        let len = b.len().min(16);
        head[..len].copy_from_slice(&b[..len]);
        u128::from_be_bytes(head)
    };
    let mut keys: Vec<(u128, u128, u32)> = (0..n)
        .map(|i| {
            let b = id(i).as_bytes();
            (head(b, 0), head(b, 16), i as u32)
        })
        .collect();
    keys.sort_unstable_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| id(a.2 as usize).cmp(id(b.2 as usize)))
    });
    keys.into_iter().map(|(_, _, i)| i).collect()
}

/// Every share's table of strings (`of`) as one, in byte order and without repeats, and for
/// each share where each of its strings went. With `cap`, the table also holds its `fallback`
/// and keeps at most `cap` strings; a string cut off goes where the fallback is.
///
/// The shares' strings are told apart in a hash map (FxHash: they are syllables and tags, see
/// [`encode_part`]) and only the distinct ones sorted: the 211 shares of a cold load of the
/// 100,000-entry synthetic catalogue hold 53,247 syllables, 267 of them distinct.
fn merge(
    parts: &[Part],
    of: impl Fn(&Part) -> &Vec<String>,
    cap: Option<(&str, usize)>,
) -> (Vec<String>, Vec<Vec<usize>>) {
    const CUT: usize = usize::MAX;
    let mut place: FxMap<&str, usize> = FxMap::default();
    for s in parts.iter().flat_map(|p| of(p).iter().map(String::as_str)) {
        place.entry(s).or_insert(CUT);
    }
    if let Some((fallback, _)) = cap {
        place.entry(fallback).or_insert(CUT);
    }
    let mut table: Vec<&str> = place.keys().copied().collect();
    table.sort_unstable();
    if let Some((_, cap)) = cap {
        table.truncate(cap);
    }
    for (k, s) in table.iter().enumerate() {
        place.insert(s, k);
    }
    let fallback = cap
        .and_then(|(fallback, _)| place.get(fallback).copied())
        .filter(|&k| k != CUT)
        .unwrap_or(0);
    let places = parts
        .iter()
        .map(|p| {
            of(p)
                .iter()
                .map(|s| match place.get(s.as_str()) {
                    Some(&k) if k != CUT => k,
                    _ => fallback,
                })
                .collect()
        })
        .collect();
    (table.into_iter().map(str::to_string).collect(), places)
}

/// Encodes some consecutive entries, for [`join`].
pub(crate) fn encode_part(entries: &[Entry]) -> Part {
    let mut p = Part {
        recs: Vec::with_capacity(entries.len() * ENTRY),
        fields: Vec::new(),
        reads: Vec::new(),
        syls: Vec::new(),
        table: Vec::new(),
        tags: Vec::new(),
        tag_table: Vec::new(),
        ends: Vec::new(),
        blob: String::new(),
    };
    // FxHash, not SipHash: syllables come from the readings' own finite tables, and tags from
    // the closed vocabulary the loader holds them to, so no file can choose colliding keys.
    let mut numbers: FxMap<String, u16> = FxMap::default();
    // Each tag's number in the share's table, given when first seen.
    let mut tag_numbers: FxMap<&str, u32> = FxMap::default();
    let push = |p: &mut Part, s: &str| -> u32 {
        p.blob.push_str(s);
        p.ends.push(p.blob.len() as u32);
        (p.ends.len() - 1) as u32
    };
    let mut field_count = 0u32;
    let mut read_count = 0u32;
    // Scratch, reused from one name to the next.
    let mut folded = String::new();
    let mut bufs = ReadingBufs::default();
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
        for s in &e.aliases {
            push(&mut p, s);
        }
        let first_tag = p.tags.len() as u32;
        for t in &e.tags {
            let k = match tag_numbers.get(t.as_str()) {
                Some(&k) => k,
                None => {
                    let k = p.tag_table.len() as u32;
                    p.tag_table.push(t.clone());
                    tag_numbers.insert(t, k);
                    k
                }
            };
            p.tags.push(k);
        }
        let first_field = field_count;
        let mut name_mask = 0u64;
        let names = [(0u16, e.name.en.as_str()), (1u16, e.name.zh.as_str())];
        let aliases = e
            .aliases
            .iter()
            .enumerate()
            .map(|(k, a)| (k as u16 + 2, a.as_str()));
        let first_read = read_count;
        // At most 255 readings an entry (its record counts them in a byte): the first ones.
        let mut n_reads = 0;
        for (code, text) in names.into_iter().chain(aliases) {
            let changed = fold_into(text, &mut folded);
            let mask = char_mask(if changed { &folded } else { text });
            name_mask |= mask;
            p.fields.extend_from_slice(&mask.to_le_bytes());
            let folded_at = if changed { push(&mut p, &folded) } else { NONE };
            p.fields.extend_from_slice(&folded_at.to_le_bytes());
            p.fields.extend_from_slice(&code.to_le_bytes());
            p.fields.extend_from_slice(&[0; 2]);
            field_count += 1;
            if n_reads < u8::MAX && readings_into(text, &mut bufs) {
                for (code, syllables) in [
                    (JYUTPING | code, &bufs.jyutping),
                    (PINYIN | code, &bufs.pinyin),
                ] {
                    if n_reads == u8::MAX {
                        break;
                    }
                    reading(&mut p, &mut numbers, code, syllables);
                    n_reads += 1;
                    read_count += 1;
                }
            }
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
        r.push(n_reads);
        r.extend_from_slice(&first_read.to_le_bytes());
        r.extend_from_slice(&first_tag.to_le_bytes());
    }
    // A share is kept until all are joined: without the room its tables grew into.
    p.fields.shrink_to_fit();
    p.reads.shrink_to_fit();
    p.syls.shrink_to_fit();
    p.tags.shrink_to_fit();
    p.ends.shrink_to_fit();
    p.blob.shrink_to_fit();
    p
}

/// Writes one reading of a name: its syllables, numbered in the share's table (`numbers`
/// gives each syllable's number; [`join`] renumbers them in the joined table), and its record.
fn reading(p: &mut Part, numbers: &mut FxMap<String, u16>, code: u16, syllables: &str) {
    let start = p.syls.len() as u32;
    for syl in syllables.split(' ').take(usize::from(u16::MAX)) {
        let k = match numbers.get(syl) {
            Some(&k) => k,
            None => {
                let k = p.table.len().min(usize::from(u16::MAX)) as u16;
                if p.table.len() < usize::from(u16::MAX) {
                    p.table.push(syl.to_string());
                    numbers.insert(syl.to_string(), k);
                }
                k
            }
        };
        p.syls.push(k);
    }
    let letters = char_mask(syllables) as u32 & LETTERS;
    p.reads.extend_from_slice(&letters.to_le_bytes());
    p.reads.extend_from_slice(&start.to_le_bytes());
    let len = p.syls.len() as u32 - start;
    p.reads.extend_from_slice(&(len as u16).to_le_bytes());
    p.reads.extend_from_slice(&code.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::{Part, merge, sorted_by_id};

    fn part(table: &[&str]) -> Part {
        let mut p = super::encode_part(&[]);
        p.table = table.iter().map(|s| s.to_string()).collect();
        p
    }

    /// The plain merge: every string cloned, sorted and deduplicated, each found by binary
    /// search (what `merge` did before it told the strings apart in a hash map).
    fn plain(parts: &[Part], cap: Option<(&str, usize)>) -> (Vec<String>, Vec<Vec<usize>>) {
        let mut table: Vec<String> = parts
            .iter()
            .flat_map(|p| p.table.iter().cloned())
            .chain(cap.map(|(fallback, _)| fallback.to_string()))
            .collect();
        table.sort_unstable();
        table.dedup();
        if let Some((_, cap)) = cap {
            table.truncate(cap);
        }
        let find = |s: &str| table.binary_search_by(|t| t.as_str().cmp(s));
        let place = |s: &str| {
            find(s)
                .or_else(|_| cap.map_or(Err(0), |(fallback, _)| find(fallback)))
                .unwrap_or(0)
        };
        let places = parts
            .iter()
            .map(|p| p.table.iter().map(|s| place(s)).collect())
            .collect();
        (table, places)
    }

    #[test]
    fn merged_tables_are_the_plain_merge_capped_or_not() {
        let parts = [
            part(&["sam", "cong", "_", "gei", "cong"]),
            part(&[]),
            part(&["zi", "a", "sam", "kei", "ji"]),
            part(&["b", "zi", "gei"]),
        ];
        for cap in [
            None,
            Some(("_", 1)),
            Some(("_", 3)),
            Some(("b", 3)),
            Some(("_", 100)),
            Some(("zz", 2)),
        ] {
            assert_eq!(
                merge(&parts, |p| &p.table, cap),
                plain(&parts, cap),
                "{cap:?}"
            );
        }
    }

    #[test]
    fn ids_sort_by_their_heads_as_by_their_text() {
        let mut ids: Vec<String> = [
            "",
            "a",
            "a-",
            "a\0",
            "a\0b",
            "ab",
            "cybersecurity-centre-5",
            "cybersecurity-centre-50",
            "cybersecurity-centre-4",
            "cybersecurity-expo-1",
            "cybersecurity-cent",
            "cybersecurity-centre",
            "z",
            "zz-top",
            "y\u{7f}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // And a few thousand more that share long heads.
        ids.extend((0..3000).map(|i| format!("innovation-and-technology-{}", (i * 7919) % 3001)));
        ids.extend((0..3000).map(|i| format!("i{}", (i * 104_729) % 3001)));
        ids.extend((0..300).map(|i| format!("{}{}", "x".repeat(i % 40), i % 7)));
        let got: Vec<&str> = sorted_by_id(ids.len(), |i| ids[i].as_str())
            .into_iter()
            .map(|i| ids[i as usize].as_str())
            .collect();
        let mut want: Vec<&str> = ids.iter().map(String::as_str).collect();
        want.sort_unstable();
        assert_eq!(got, want);
    }
}
