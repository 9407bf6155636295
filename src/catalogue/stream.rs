//! Reading a large catalogue block by block, never holding the whole file: each block's
//! complete `[[entry]]` pieces parsed and checked on all cores, only the unfinished piece kept.
//! [`stream`] gives the catalogue (for `crate::catalogue::read_path`); [`read_path_folded`]
//! turns each share of entries into what its caller keeps of them (a search index) on the
//! thread that read it, so that they are never all held. Anything to report sends the caller
//! to the whole-file reader, which reports it with its exact place.

use std::collections::{BTreeMap, VecDeque};
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use super::error::LoadError;
use super::load::{MAX_SIZE, Progress, read_head, read_part};
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
        // The synthetic catalogue's 100,000 entries' ids and links are some 290,000 small
        // blocks: 20–35 ms of frees on this thread in a perf timeline.
        .inspect(|_| crate::par::drop_aside((links, spans)))
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

/// What [`stream_hashing`] keeps: the catalogue's table, each batch's `T`, every entry's links
/// and their spans.
type Streamed<T, L> = (Meta, Vec<T>, Vec<L>, Vec<Spans>);

/// Pieces handed to a worker at a time: a block holds about 1,500 of the synthetic
/// catalogue's entries, so the workers finish a block together, and each batch's `T` (a share
/// of an index, with its own tables) stays large enough to be worth joining.
const BATCH: usize = 512;

/// A batch of complete pieces for a worker: their text (shared by the batches of one block)
/// and where each piece starts and ends in it.
struct Batch {
    number: usize,
    text: Arc<Vec<u8>>,
    pieces: Vec<(usize, usize)>,
}

/// What a worker makes of a batch: its `T`, its links and spans, and how many entries.
type Folded<T, L> = (T, Vec<L>, Vec<Spans>, usize);

/// The stream itself: each batch of entries turned by `fold` into what is kept of it, `T`, the
/// entries' links (the entries themselves, or their [`Link`]s) and their spans (or none), on the
/// worker that parsed it. This thread reads, hashes and cuts the file into batches while the
/// workers (one a core) parse the batches before: at 100k entries, parsing each block on all
/// cores and then reading the next left a fifth of the cores' time idle. Gives the catalogue's
/// table, every batch's `T` in file order and all the links, whose cross-entry rules are the
/// caller's to check ([`links_hold`]); `None` as for [`stream`].
pub(super) fn stream_hashing<T: Send, L: Linked + Send>(
    file: &mut impl std::io::Read,
    hasher: &mut blake3::Hasher,
    progress: &Progress,
    fold: impl Fn(Vec<Entry>, Vec<Spans>) -> (T, Vec<L>, Vec<Spans>) + Sync,
) -> std::io::Result<Option<Streamed<T, L>>> {
    let mut blocks = Blocks {
        file,
        hasher,
        progress,
        buf: Vec::with_capacity(2 * BLOCK),
        eof: false,
        in_flight: VecDeque::new(),
    };
    // The header: everything before the first `[[entry]]`, read here.
    let starts = loop {
        let Some(starts) = blocks.more()? else {
            return Ok(None);
        };
        if !starts.is_empty() {
            break starts;
        }
        if blocks.eof {
            return Ok(None);
        }
    };
    let Some(header) = blocks.header(starts.first().copied().unwrap_or(0)) else {
        return Ok(None);
    };
    // A file of one batch (a catalogue of a few hundred entries) is parsed here: starting
    // workers for it cost more than it takes: `itib search` of the 132-entry catalogue as a
    // file took 5.7 ms with them and 4.8 ms without (hyperfine, 40 runs).
    let kept = if blocks.eof && starts.len() <= BATCH {
        let batch = Batch {
            number: 0,
            pieces: pieces(&starts, 0, starts.len(), blocks.buf.len()),
            text: Arc::new(std::mem::take(&mut blocks.buf)),
        };
        let mut kept = InOrder::default();
        let out = parse_batch(&batch, header.as_ref(), &fold);
        kept.put(0, out, progress).then_some(kept)
    } else {
        on_workers(blocks, starts, header.as_ref(), &fold)?
    };
    Ok(kept
        .filter(|k| !k.links.is_empty())
        .map(|k| (header.unwrap_or_default(), k.shares, k.links, k.spans)))
}

/// The rest of the stream, from `starts` (the pieces of the text in `blocks` so far) on: the
/// batches parsed by one worker a core while this thread reads, hashes and cuts the next
/// block. The batches' results in file order; `None` at the first batch with anything to
/// report. A worker's panic is raised again here once every thread has stopped.
fn on_workers<T: Send, L: Send, R: std::io::Read>(
    mut blocks: Blocks<'_, R>,
    mut starts: Vec<usize>,
    header: Option<&Meta>,
    fold: &(impl Fn(Vec<Entry>, Vec<Spans>) -> (T, Vec<L>, Vec<Spans>) + Sync),
) -> std::io::Result<Option<InOrder<T, L>>> {
    let progress = blocks.progress;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (to_workers, batches) = mpsc::sync_channel::<Batch>(2 * workers);
    let batches = Mutex::new(batches);
    let (to_here, folded) = mpsc::channel::<(usize, Option<Folded<T, L>>)>();
    let failed = AtomicBool::new(false);
    let panicked: Mutex<Option<Box<dyn std::any::Any + Send>>> = Mutex::new(None);
    let (batches, failed, panicked_ref) = (&batches, &failed, &panicked);
    let kept = std::thread::scope(|s| -> std::io::Result<Option<InOrder<T, L>>> {
        for _ in 0..workers {
            let to_here = to_here.clone();
            s.spawn(move || {
                // Until the batches run out (or nobody listens).
                while let Ok(Ok(batch)) = batches.lock().map(|b| b.recv()) {
                    let out = if failed.load(Ordering::Relaxed) {
                        None
                    } else {
                        // Caught, so that this worker goes on taking batches and the reader
                        // never waits on a full channel for a thread that is gone.
                        let parse = || parse_batch(&batch, header, fold);
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse))
                            .unwrap_or_else(|panic| {
                                if let Ok(mut first) = panicked_ref.lock() {
                                    first.get_or_insert(panic);
                                }
                                None
                            })
                    };
                    if out.is_none() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    if to_here.send((batch.number, out)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(to_here);
        let mut kept = InOrder::default();
        let mut sent = 0;
        loop {
            let end = if blocks.eof {
                blocks.buf.len()
            } else {
                starts.pop().unwrap_or(0)
            };
            if !starts.is_empty() {
                let text = blocks.share(end);
                for from in (0..starts.len()).step_by(BATCH) {
                    let batch = Batch {
                        number: sent,
                        text: Arc::clone(&text),
                        pieces: pieces(&starts, from, BATCH, end),
                    };
                    if to_workers.send(batch).is_err() {
                        return Ok(None);
                    }
                    sent += 1;
                    // Keep what has come back, so that little waits in the channel.
                    while let Ok((number, out)) = folded.try_recv() {
                        if !kept.put(number, out, progress) {
                            return Ok(None);
                        }
                    }
                }
            } else if end > 0 {
                // Text before the first piece: the header, read already.
                blocks.take(end);
            }
            if blocks.eof {
                break;
            }
            starts = match blocks.more()? {
                Some(starts) => starts,
                None => return Ok(None),
            };
        }
        drop(to_workers);
        for (number, out) in folded {
            if !kept.put(number, out, progress) {
                return Ok(None);
            }
        }
        Ok((kept.next == sent).then_some(kept))
    });
    if let Some(panic) = panicked.into_inner().ok().flatten() {
        std::panic::resume_unwind(panic);
    }
    kept
}

/// Where each of the `len` pieces from `from` begins and ends: each runs to the next start,
/// the last of all to `end`.
fn pieces(starts: &[usize], from: usize, len: usize, end: usize) -> Vec<(usize, usize)> {
    let upto = (from + len).min(starts.len());
    (from..upto)
        .map(|k| (starts[k], starts.get(k + 1).copied().unwrap_or(end)))
        .collect()
}

/// Parses and checks one batch of pieces and folds its entries; `None` at anything to report.
fn parse_batch<T, L>(
    batch: &Batch,
    header: Option<&Meta>,
    fold: &impl Fn(Vec<Entry>, Vec<Spans>) -> (T, Vec<L>, Vec<Spans>),
) -> Option<Folded<T, L>> {
    let lo = batch.pieces.first()?.0;
    let hi = batch.pieces.last()?.1;
    // The batch's text as `str` (checked whole when it was cut: this is fast).
    let text = simdutf8::basic::from_utf8(batch.text.get(lo..hi)?).ok()?;
    // Sized at once: collecting into an `Option<Vec>` grows it step by step, and each large
    // allocation makes glibc sweep the thread's freed small blocks (5% of a cold load's CPU).
    let mut pieces = Vec::with_capacity(batch.pieces.len());
    for &(a, b) in &batch.pieces {
        pieces.push((a, text.get(a - lo..b - lo)?));
    }
    // Nothing from here is reported (a problem sends the caller to the whole-file reader,
    // which places it), so no line table is made.
    let lines = Lines::new("");
    let part = read_part(&pieces, &lines)?;
    // A `[catalogue]` table among the entries is left to the whole-file reader.
    if part.meta.is_some() || !part.problems.is_empty() {
        return None;
    }
    let mut v = Validator::new(&lines, 0);
    if let Some(meta) = header {
        v.dated(meta, &part.spans, &part.entries);
    }
    if !v.problems.is_empty() {
        return None;
    }
    let count = part.entries.len();
    let (kept, links, spans) = fold(part.entries, part.spans);
    Some((kept, links, spans, count))
}

/// The batches' results put back in file order as they come in.
struct InOrder<T, L> {
    next: usize,
    early: BTreeMap<usize, Folded<T, L>>,
    shares: Vec<T>,
    links: Vec<L>,
    spans: Vec<Spans>,
}

impl<T, L> Default for InOrder<T, L> {
    fn default() -> Self {
        InOrder {
            next: 0,
            early: BTreeMap::new(),
            shares: Vec::new(),
            links: Vec::new(),
            spans: Vec::new(),
        }
    }
}

impl<T, L> InOrder<T, L> {
    /// Keeps batch `number`'s result; false when it is `None` (the stream has failed).
    fn put(&mut self, number: usize, out: Option<Folded<T, L>>, progress: &Progress) -> bool {
        let Some(out) = out else {
            return false;
        };
        self.early.insert(number, out);
        while let Some((kept, mut links, mut spans, count)) = self.early.remove(&self.next) {
            progress.read(0, count);
            self.shares.push(kept);
            self.links.append(&mut links);
            self.spans.append(&mut spans);
            self.next += 1;
        }
        true
    }
}

/// The file, read a block at a time into `buf`, which holds the text not yet handed out.
struct Blocks<'a, R> {
    file: &'a mut R,
    hasher: &'a mut blake3::Hasher,
    progress: &'a Progress,
    buf: Vec<u8>,
    eof: bool,
    /// The texts handed to the workers, oldest first, to be used again once they are done.
    in_flight: VecDeque<Arc<Vec<u8>>>,
}

impl<R: std::io::Read> Blocks<'_, R> {
    /// Reads a block into `buf`, and gives where each `[[entry]]` in its text starts (the last
    /// one's piece is complete only at the end of the file); `None` if it is not UTF-8.
    fn more(&mut self) -> std::io::Result<Option<Vec<usize>>> {
        let before = self.buf.len();
        // Straight into `buf`: reads until a block is full or the file ends.
        let n = (&mut *self.file)
            .take(BLOCK as u64)
            .read_to_end(&mut self.buf)?;
        self.eof = n < BLOCK;
        self.hasher.update(&self.buf[before..]);
        self.progress.read(n, 0);
        // Only whole pieces are parsed: up to the last header, or everything at the end.
        let prefix = utf8_prefix(&self.buf, self.eof);
        let Ok(text) = simdutf8::basic::from_utf8(&self.buf[..prefix]) else {
            return Ok(None);
        };
        Ok(Some(super::split::entry_starts(text)))
    }

    /// The catalogue's table from the text before `first`, the first `[[entry]]` (`Some(None)`
    /// when there is none); `None` when it is anything else or breaks a rule.
    fn header(&mut self, first: usize) -> Option<Option<Meta>> {
        let text = simdutf8::basic::from_utf8(self.buf.get(..first)?).ok()?;
        let lines = Lines::new(text);
        let mut v = Validator::new(&lines, 0);
        let meta = read_head(text, &mut v)?;
        v.problems.is_empty().then_some(meta)
    }

    /// `buf`'s first `end` bytes, taken out of it.
    fn take(&mut self, end: usize) -> Vec<u8> {
        let end = end.min(self.buf.len());
        let mut rest = self.spare();
        rest.extend_from_slice(&self.buf[end..]);
        self.buf.truncate(end);
        std::mem::replace(&mut self.buf, rest)
    }

    /// [`Blocks::take`], shared with the workers (and kept, to be used again).
    fn share(&mut self, end: usize) -> Arc<Vec<u8>> {
        let text = Arc::new(self.take(end));
        self.in_flight.push_back(Arc::clone(&text));
        text
    }

    /// An empty buffer for the next block: the oldest text handed out, when the workers are
    /// done with it, since a new one's pages would each be faulted in (a cold search at 100k:
    /// 64.4k page faults with a new buffer a block, 48.5k so; `/usr/bin/time`, four runs).
    fn spare(&mut self) -> Vec<u8> {
        if let Some(oldest) = self.in_flight.pop_front() {
            match Arc::try_unwrap(oldest) {
                Ok(mut buf) => {
                    buf.clear();
                    return buf;
                }
                Err(oldest) => self.in_flight.push_front(oldest),
            }
        }
        Vec::with_capacity(2 * BLOCK)
    }
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

#[cfg(test)]
mod tests {
    use super::super::load::parse_text;
    use super::super::validate::Link;
    use super::*;

    /// A catalogue of `n` entries, each but the first with a parent before it, and with
    /// multi-byte text: some 3 MB at 6,000, so several blocks and a dozen batches.
    fn catalogue(n: usize) -> String {
        let mut text = String::from(
            "[catalogue]\ntitle = { en = \"T\", zh = \"題\" }\nas_at = \"2024-01\"\n\n",
        );
        for i in 0..n {
            let parent = if i > 0 {
                format!("parent = \"entry-{}\"\n", i * 7 % i)
            } else {
                String::new()
            };
            text.push_str(&format!(
                "[[entry]]\nid = \"entry-{i}\"\nkind = \"fund\"\n\
                 name = {{ en = \"Fund number {i}\", zh = \"第{i}號基金\" }}\n{parent}\
                 aliases = [\"F{i}\", \"基金{i}\"]\ntags = [\"biotech\"]\n\
                 summary = {{ en = \"{}\", zh = \"{}\" }}\nsource = [\"基金{i}於2020年推出。\"]\n\n",
                "A fund for start-ups in Hong Kong. ".repeat(8),
                "支援香港初創企業的基金。".repeat(8),
            ));
        }
        text
    }

    /// A reader that gives at most `step` bytes a read, as a pipe may.
    struct Trickle<'a>(&'a [u8], usize);

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(self.1).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn streamed(text: &str, step: usize) -> Option<Catalogue> {
        let progress = Progress::default();
        let mut hasher = blake3::Hasher::new();
        let (meta, shares, entries, spans) = stream_hashing(
            &mut Trickle(text.as_bytes(), step),
            &mut hasher,
            &progress,
            |e, s| (e.len(), e, s),
        )
        .unwrap()?;
        assert_eq!(hasher.finalize(), blake3::hash(text.as_bytes()));
        assert_eq!(shares.iter().sum::<usize>(), entries.len());
        assert_eq!(progress.entries.load(Ordering::Relaxed), entries.len());
        links_hold(&spans, &entries).then(|| Catalogue::new(meta, entries))
    }

    /// Batches parsed on several workers come back in file order, whatever the block and read
    /// sizes: the streamed catalogue is the one parsing the whole text gives.
    #[test]
    fn a_stream_of_many_batches_gives_the_whole_texts_catalogue() {
        let text = catalogue(6_000);
        assert!(text.len() > 3 * BLOCK);
        let whole = parse_text(&text, "f.toml", false).unwrap();
        for step in [BLOCK, 100_000, 4_099, 333] {
            let got = streamed(&text, step).unwrap_or_else(|| panic!("step {step}: refused"));
            assert_eq!(got.len(), whole.len(), "step {step}");
            assert!(got == whole, "step {step}");
        }
        // One bad entry far into the file: refused, for the whole-file reader to report.
        let bad = text.replacen("id = \"entry-5000\"", "id = \"Entry-5000\"", 1);
        assert!(streamed(&bad, BLOCK).is_none());
    }

    /// A panic in a worker is raised again on the calling thread once all have stopped: never
    /// a hang on a channel nobody reads, never a catalogue with a batch missing.
    #[test]
    fn a_workers_panic_is_raised_again_not_waited_on() {
        let text = catalogue(6_000);
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            stream_hashing(
                &mut text.as_bytes(),
                &mut blake3::Hasher::new(),
                &Progress::default(),
                |mut e: Vec<Entry>, _| {
                    assert!(calls.fetch_add(1, Ordering::Relaxed) != 3, "fold failed");
                    let links: Vec<Link> = e.iter_mut().map(Link::take).collect();
                    ((), links, Vec::new())
                },
            )
        }));
        let panic = run.err().expect("the panic was not raised");
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"fold failed"));
    }
}
