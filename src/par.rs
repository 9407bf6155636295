//! Work split across the machine's cores: the loader's pieces, the index's entries, a search's
//! candidates. Plain scoped threads; no pool is worth its weight for a few calls a keystroke.

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

#[cfg(test)]
mod tests {
    use super::map_chunks;

    #[test]
    fn results_come_back_in_order() {
        let items: Vec<u32> = (0..10_000).collect();
        let sums = map_chunks(&items, 100, |c| c.to_vec());
        assert_eq!(sums.concat(), items);
        assert_eq!(map_chunks(&items[..5], 100, <[u32]>::len), vec![5]);
    }
}
