//! Reading a large catalogue block by block, never holding the whole file: each block's
//! complete `[[entry]]` pieces parsed and checked on all cores, only the unfinished piece kept.
//! [`stream`] gives the catalogue (for `crate::catalogue::read_path`); [`read_path_folded`]
//! turns each share of entries into what its caller keeps of them (a search index) on the
//! thread that read it, so that they are never all held. Anything to report sends the caller
//! to the whole-file reader, which reports it with its exact place.

use std::path::Path;
use std::sync::atomic::Ordering;

use super::error::LoadError;
use super::load::{MAX_SIZE, PIECES_PER_THREAD, Progress, read_part};
use super::raw;
use super::validate::{Lines, Link, Linked, Spans, Validator};
use super::{Catalogue, Entry, Meta};

/// How much of a large file is held at once, besides the entries already read. Small enough
/// that a block and its entries stay in the caches while they are parsed and folded: at 100k
/// entries 1 MiB blocks took 0.62 s where 4 MiB took 0.74 (hyperfine, same run).
const BLOCK: usize = 1 << 20;

/// Reads a large, valid catalogue without ever holding the whole file: blocks are read, the
/// complete `[[entry]]` pieces in them parsed on all cores, and only the unfinished piece kept.
/// Returns `None` at the first sign of anything to report (invalid UTF-8, a piece that does
/// not parse alone, a problem): the caller then reads the whole file, so that every message
/// has its exact line and column. A catalogue comes with the hash of every byte read: the
/// whole file, since it is only returned at the end.
pub(super) fn stream(
    file: &mut std::fs::File,
    progress: &Progress,
) -> std::io::Result<Option<(Catalogue, blake3::Hash)>> {
    let mut hasher = blake3::Hasher::new();
    let streamed = stream_hashing(
        &mut std::io::Read::take(file, MAX_SIZE),
        &mut hasher,
        progress,
        |entries, spans| ((), entries, spans),
    )?;
    Ok(streamed
        .filter(|(_, _, entries, spans)| links_hold(spans, entries))
        .map(|(meta, _, entries, _)| (Catalogue::new(meta, entries), hasher.finalize())))
}

/// Every entry's id, in order, for [`read_path_folded`]'s `finish`.
pub struct EntryIds<'a>(&'a [Link]);

impl<'a> EntryIds<'a> {
    /// Entry `i`'s id.
    pub fn get(&self, i: usize) -> &'a str {
        self.0.get(i).map_or("", |l| l.id.as_str())
    }
}

/// Reads a catalogue file as [`super::read_path`] does, block by block, each share of its
/// entries folded by `fold` on the thread that read it and then dropped: for a caller that
/// needs only a digest of the entries (a search index), which then never holds them all.
/// `finish` then makes what the caller wants of the catalogue's table, the shares (in order)
/// and the entries' ids, on a thread of its own while the cross-entry rules are checked (its
/// result is dropped if they fail). Gives that result and the hash of the bytes read; `None`
/// when the file is not a regular file, or holds anything to report, or is laid out in a way
/// only the whole-file reader takes: the caller then calls [`super::read_path`], which reads it
/// whole and reports what is wrong.
pub fn read_path_folded<T: Send, U: Send>(
    path: &Path,
    progress: &Progress,
    fold: impl Fn(&[Entry]) -> T + Sync,
    finish: impl FnOnce(&Meta, Vec<T>, EntryIds<'_>) -> U + Send,
) -> Result<Option<(U, blake3::Hash)>, LoadError> {
    let unreadable = |source| LoadError::Unreadable {
        path: path.into(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.file_type().is_file() || meta.len() > MAX_SIZE {
        return Ok(None);
    }
    progress.total.store(meta.len(), Ordering::Relaxed);
    let mut hasher = blake3::Hasher::new();
    let streamed = stream_hashing(
        &mut std::io::Read::take(&mut file, MAX_SIZE),
        &mut hasher,
        progress,
        // Nothing is reported from here (any problem sends the caller to `read_path`), so the
        // problems' places are not kept.
        |mut entries, _| {
            let folded = fold(&entries);
            let links = entries.iter_mut().map(Link::take).collect();
            (folded, links, Vec::new())
        },
    )
    .map_err(unreadable)?;
    let finished = streamed.and_then(|(meta, shares, links, spans)| {
        std::thread::scope(|s| {
            let (meta, links) = (&meta, &links);
            let done = s.spawn(move || finish(meta, shares, EntryIds(links)));
            let hold = links_hold(&spans, links);
            let done = done
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            hold.then_some(done)
        })
    });
    let Some(done) = finished else {
        progress.restart();
        return Ok(None);
    };
    Ok(Some((done, hasher.finalize())))
}

/// Whether the cross-entry rules (unique ids, links that resolve, no parent cycles) hold.
pub(super) fn links_hold(spans: &[Spans], links: &[impl Linked]) -> bool {
    let lines = Lines::new("");
    let mut v = Validator::new(&lines, 0);
    v.links(spans, links);
    v.problems.is_empty()
}

/// What [`stream_hashing`] keeps: the catalogue's table, each share's `T`, every entry's links
/// and their spans.
type Streamed<T, L> = (Meta, Vec<T>, Vec<L>, Vec<Spans>);

/// The stream itself: each share of entries turned by `fold` into what is kept of it, `T`,
/// the entries' links (the entries themselves, or their [`Link`]s) and their spans (or none),
/// on the thread that read it. The catalogue's table, every share's `T` and all the links,
/// whose cross-entry rules are the caller's to check ([`links_hold`]); `None` as for
/// [`stream`].
pub(super) fn stream_hashing<T: Send, L: Linked + Send>(
    file: &mut impl std::io::Read,
    hasher: &mut blake3::Hasher,
    progress: &Progress,
    fold: impl Fn(Vec<Entry>, Vec<Spans>) -> (T, Vec<L>, Vec<Spans>) + Sync,
) -> std::io::Result<Option<Streamed<T, L>>> {
    let mut buf: Vec<u8> = Vec::with_capacity(2 * BLOCK);
    let mut header: Option<Meta> = None;
    let mut seen_header = false;
    let mut shares: Vec<T> = Vec::new();
    let mut links: Vec<L> = Vec::new();
    let mut spans: Vec<Spans> = Vec::new();
    let mut block = vec![0u8; BLOCK];
    loop {
        let n = file.read(&mut block)?;
        let eof = n == 0;
        hasher.update(&block[..n]);
        progress.read(n, 0);
        buf.extend_from_slice(&block[..n]);
        // Only whole pieces are parsed: up to the last header, or everything at the end.
        let Ok(text) = simdutf8::basic::from_utf8(&buf[..utf8_prefix(&buf, eof)]) else {
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
            let Ok((mut head, unknown)) = raw::from_str(&text[..first]) else {
                return Ok(None);
            };
            if head.entry.is_some() || !unknown.is_empty() {
                return Ok(None);
            }
            let lines = Lines::new(text);
            let mut v = Validator::new(&lines, 0);
            header = head.catalogue.as_mut().map(|m| v.meta(Some(m)));
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
        let meta = header.as_ref();
        let parts = crate::par::map_chunks(&pieces, PIECES_PER_THREAD, |chunk| {
            let part = read_part(chunk, &lines)?;
            // A `[catalogue]` table among the entries is left to the whole-file reader.
            if part.meta.is_some() || !part.problems.is_empty() {
                return None;
            }
            let mut v = Validator::new(&lines, 0);
            if let Some(meta) = meta {
                v.dated(meta, &part.spans, &part.entries);
            }
            if !v.problems.is_empty() {
                return None;
            }
            let count = part.entries.len();
            Some((fold(part.entries, part.spans), count))
        });
        for part in parts {
            let Some(((kept, mut part_links, mut part_spans), count)) = part else {
                return Ok(None);
            };
            progress.read(0, count);
            shares.push(kept);
            links.append(&mut part_links);
            spans.append(&mut part_spans);
        }
        if eof {
            break;
        }
        buf.drain(..end);
    }
    if links.is_empty() {
        return Ok(None);
    }
    Ok(Some((header.unwrap_or_default(), shares, links, spans)))
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
