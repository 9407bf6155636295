//! Work split across the machine's cores: the loader's pieces, the index's entries, a search's
//! candidates. Plain scoped threads; no pool is worth its weight for a few calls a keystroke.

/// Drops `value` on a thread of its own, which nothing waits for: a large tree of small
/// blocks is freed while the caller goes on (or not at all, if the process ends first).
/// Dropped here if no thread can be started.
pub(crate) fn drop_aside<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
}

/// Applies `f` to consecutive chunks of `items` on up to all cores — one thread per
/// `min_per_thread` items at least — and returns the results in order. A panic in a worker is
/// raised again here, never turned into a missing result.
pub(crate) fn map_chunks<T: Sync, R: Send>(
    items: &[T],
    min_per_thread: usize,
    f: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = (items.len() / min_per_thread.max(1)).clamp(1, cores);
    if threads == 1 {
        return vec![f(items)];
    }
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(items.len().div_ceil(threads))
            .map(|chunk| s.spawn(move || f(chunk)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Work on `items` shared out as it goes: up to one worker per core (this thread is one of
/// them, with one per `min_per_thread` items at least) takes chunks of `chunk` items in turn,
/// each folding them into a state of its own (`init`, then `work` with the chunk's number and
/// items), so a worker that is slowed (a busy machine) does less rather than holding up the
/// others. Returns the workers' states; which chunks each did varies from run to run, so a
/// caller makes its result not depend on that (the chunk numbers say where each belongs).
pub(crate) fn share_chunks<T: Sync, S: Send>(
    items: &[T],
    min_per_thread: usize,
    chunk: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize, &[T]) + Sync,
) -> Vec<S> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let workers = (items.len() / min_per_thread.max(1)).clamp(1, cores);
    let chunks: Vec<&[T]> = items.chunks(chunk.max(1)).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let run = || {
        let mut state = init();
        loop {
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(part) = chunks.get(k) else {
                return state;
            };
            work(&mut state, k, part);
        }
    };
    if workers == 1 {
        return vec![run()];
    }
    let run = &run;
    std::thread::scope(|s| {
        let handles: Vec<_> = (1..workers).map(|_| s.spawn(run)).collect();
        let mut states = vec![run()];
        for h in handles {
            states.push(
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        states
    })
}

/// [`map_chunks`] over the indices `0..n`: `f` gets consecutive ranges, in order.
pub(crate) fn map_ranges<R: Send>(
    n: usize,
    min_per_thread: usize,
    f: impl Fn(std::ops::Range<usize>) -> R + Sync,
) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let threads = (n / min_per_thread.max(1)).clamp(1, cores);
    let step = n.div_ceil(threads).max(1);
    let starts: Vec<usize> = (0..n).step_by(step).collect();
    if starts.len() <= 1 {
        return vec![f(0..n)];
    }
    map_chunks(&starts, 1, |chunk| {
        let start = chunk.first().copied().unwrap_or(n);
        f(start..(start + step * chunk.len()).min(n))
    })
}

#[cfg(test)]
mod tests {
    use super::{map_chunks, map_ranges};

    #[test]
    fn ranges_cover_every_index_once_in_order() {
        for n in [0, 1, 5, 10_000, 10_001] {
            let got: Vec<usize> = map_ranges(n, 100, |r| r.collect::<Vec<_>>()).concat();
            assert_eq!(got, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn shared_chunks_are_each_done_once() {
        let items: Vec<u32> = (0..100_000).collect();
        let states = super::share_chunks(
            &items,
            1000,
            777,
            Vec::new,
            |done: &mut Vec<(usize, Vec<u32>)>, k, part| done.push((k, part.to_vec())),
        );
        let mut done: Vec<(usize, Vec<u32>)> = states.concat();
        done.sort_unstable_by_key(|&(k, _)| k);
        assert!(done.iter().enumerate().all(|(i, (k, _))| i == *k));
        let all: Vec<u32> = done.into_iter().flat_map(|(_, part)| part).collect();
        assert_eq!(all, items);
        assert_eq!(
            super::share_chunks(&items[..0], 10, 10, || 0, |_, _, _| {}),
            vec![0]
        );
    }

    #[test]
    fn results_come_back_in_order() {
        let items: Vec<u32> = (0..10_000).collect();
        let sums = map_chunks(&items, 100, |c| c.to_vec());
        assert_eq!(sums.concat(), items);
        assert_eq!(map_chunks(&items[..5], 100, <[u32]>::len), vec![5]);
    }
}
