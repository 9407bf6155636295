//! Cantonese words and their Jyutping: a text cut into words, each read in context (創 is cong3
//! in 創新), exactly as rust-canto 0.3.4's `annotate` cuts and reads it, about ten times faster
//! and with nothing to load.
//!
//! The dictionary is rime-cantonese's (CC BY 4.0, vendored in `data/rime-cantonese`), compiled
//! by `build.rs` into flat tables that are read in place: a trie with, per node, its character,
//! its children (consecutive, sorted by character), its first reading and its frequency. Every
//! read is bounds-checked; a table that did not hold together would give fewer readings, never
//! a panic.
//!
//! The segmentation is rust-canto's dynamic programme: among all ways to cut the text into
//! tokens, the fewest tokens, then the highest total frequency of the dictionary words used;
//! a token is a dictionary entry (with its reading), one character (with its reading as an
//! entry, if any), or an *alpha run* (letters and digits that are not CJK, with `-`, `_` or
//! `'` inside, no reading) that the dictionary does not read. rust-canto takes the first best
//! cut in its order of trial: of two equally good tokens ending at the same place, the one that
//! starts later. Its programme tries every (start, end) pair and walks the trie and checks the
//! span's letters for each, O(n³); this one gives the same answer in O(n × the longest word):
//!
//! - each start walks the trie once, offering every word it passes to the ends it reaches;
//! - candidates are compared by (tokens, frequency, start), so the order in which they are
//!   offered no longer matters (equal keys come from the same start, hence the same token);
//! - of the alpha runs ending at a place, only the best start can win, so one running best per
//!   run of letters and connectors is kept. rust-canto skips an alpha run the dictionary reads;
//!   keeping it changes nothing, because the dictionary's token from that start costs as many
//!   tokens and at least as much frequency (frequencies are never negative: `build.rs` refuses
//!   any other) and wins the tie, being offered first.
//!
//! `tests/canto.rs` holds the whole to rust-canto itself (kept as a dev-dependency only); the
//! tests below hold the fast programme to a line-for-line copy of rust-canto's.

use std::cell::RefCell;

/// The trie's nodes: 16-byte records (see `build.rs`), the root first, then a sentinel.
static NODES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/canto-nodes.bin"));
/// The readings' text, addressed by the nodes.
static READINGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/canto-readings.bin"));

/// For each of the code points `DENSE_FROM..DENSE_FROM + DENSE_LEN` (CJK Extension A and the
/// Unified Ideographs), the root's child for it as a little-endian `u16`, counted from node 1
/// (`u16::MAX`: none).
static ROOT_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/canto-root.bin"));
const DENSE_FROM: u32 = 0x3400;
const DENSE_LEN: u32 = 0xA000 - 0x3400;

const RECORD: usize = 16;
/// A node without a reading (and a token without one).
const NONE: u32 = u32::MAX;
const ROOT: u32 = 0;

/// Field `k` of node `node`: 0 its character, 1 its first child, 2 its reading, 3 its frequency.
fn field(node: u32, k: usize) -> Option<u32> {
    let at = (node as usize).checked_mul(RECORD)?.checked_add(k * 4)?;
    let bytes = NODES.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(bytes.try_into().ok()?))
}

/// The child of `node` for `c`: a binary search of its children, which are consecutive and
/// sorted, and end where the next node's begin.
fn child(node: u32, c: char) -> Option<u32> {
    let (mut lo, mut hi) = (field(node, 1)?, field(node.checked_add(1)?, 1)?);
    let c = u32::from(c);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match field(mid, 0)?.cmp(&c) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// The root's child for `c`: looked up in a dense table for the common ideographs (a binary
/// search of the root's 35,000 children would take 15 steps), else searched.
fn root_child(c: char) -> Option<u32> {
    let Some(k) = u32::from(c)
        .checked_sub(DENSE_FROM)
        .filter(|&k| k < DENSE_LEN)
    else {
        return child(ROOT, c);
    };
    let at = k as usize * 2;
    let k = u16::from_le_bytes(ROOT_INDEX.get(at..at + 2)?.try_into().ok()?);
    // The root's children are nodes 1, 2, …
    (k != u16::MAX).then_some(u32::from(k) + 1)
}

/// A node's reading (its packed address) and frequency; `None` when it has no reading.
fn entry(node: u32) -> Option<(u32, i64)> {
    let reading = field(node, 2)?;
    (reading != NONE).then_some((reading, i64::from(field(node, 3)?)))
}

/// The text of a packed reading address (`offset << 8 | length`).
fn reading_text(reading: u32) -> Option<&'static str> {
    if reading == NONE {
        return None;
    }
    let (at, len) = ((reading >> 8) as usize, (reading & 0xff) as usize);
    std::str::from_utf8(READINGS.get(at..at + len)?).ok()
}

/// rust-canto's `is_cjk`: the ideographs that never join an alpha run (its ranges, which are
/// not quite [`super::sound::is_han`]'s).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2B73F}'
        | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}'
        | '\u{F900}'..='\u{FAFF}'
    )
}

/// rust-canto's `is_alpha_char`: the body of an alpha run. (The ideographs are ruled out
/// first: `is_alphanumeric` takes its slow path for them.)
fn is_alpha(c: char) -> bool {
    !is_cjk(c) && c.is_alphanumeric()
}

/// rust-canto's `is_connector`: allowed inside an alpha run, not at either end.
fn is_connector(c: char) -> bool {
    matches!(c, '-' | '_' | '\'')
}

/// The best cut of the text's first `end` characters found so far: its last token starts at
/// `start` and has `reading`.
#[derive(Clone, Copy)]
struct Cell {
    tokens: usize,
    freq: i64,
    start: usize,
    reading: u32,
}

impl Cell {
    const UNREACHED: Cell = Cell {
        tokens: usize::MAX,
        freq: 0,
        start: 0,
        reading: NONE,
    };

    /// Fewer tokens, then more frequency, then the later start (rust-canto's order of trial).
    fn beats(&self, other: &Cell) -> bool {
        (other.tokens, self.freq, self.start) > (self.tokens, other.freq, other.start)
    }
}

/// Buffers kept between calls, so that reading a name allocates nothing.
#[derive(Default)]
struct Scratch {
    /// The text's characters and their byte offsets (with the text's length last).
    chars: Vec<char>,
    offsets: Vec<usize>,
    cells: Vec<Cell>,
    /// The tokens of the best cut, from the last: (start, end, reading).
    tokens: Vec<(usize, usize, u32)>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// Cuts `text` into words as rust-canto 0.3.4's `annotate` does and calls `f` with each word,
/// in order, and its Jyutping (tones kept, syllables separated by spaces) when the dictionary
/// has one. The words cover the text exactly: whitespace, punctuation and letters are words
/// too.
pub fn segment(text: &str, mut f: impl FnMut(&str, Option<&str>)) {
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => scratch.segment(text, &mut f),
        // `f` itself segmenting: it gets buffers of its own.
        Err(_) => Scratch::default().segment(text, &mut f),
    });
}

impl Scratch {
    fn segment(&mut self, text: &str, f: &mut dyn FnMut(&str, Option<&str>)) {
        self.cut(text);
        for &(start, end, reading) in self.tokens.iter().rev() {
            let (Some(&from), Some(&to)) = (self.offsets.get(start), self.offsets.get(end)) else {
                continue;
            };
            f(text.get(from..to).unwrap_or(""), reading_text(reading));
        }
    }

    /// Fills `tokens` with the best cut of `text` (see the module docs).
    fn cut(&mut self, text: &str) {
        self.chars.clear();
        self.offsets.clear();
        for (at, c) in text.char_indices() {
            self.offsets.push(at);
            self.chars.push(c);
        }
        self.offsets.push(text.len());
        let chars = &self.chars;
        let n = chars.len();
        let cells = &mut self.cells;
        cells.clear();
        cells.resize(n + 1, Cell::UNREACHED);
        cells[0] = Cell {
            tokens: 0,
            ..Cell::UNREACHED
        };
        // The start of the best alpha run ending here, if the text since the last character
        // that is neither a letter nor a connector has a letter.
        let mut best_alpha: Option<usize> = None;
        for end in 0..=n {
            if end > 0 {
                let c = chars[end - 1];
                if is_alpha(c) {
                    // `end - 1` may start alpha runs: the latest start wins a tie.
                    let (new, old) = (&cells[end - 1], best_alpha.map(|s| &cells[s]));
                    if old.is_none_or(|old| (new.tokens, old.freq) <= (old.tokens, new.freq)) {
                        best_alpha = Some(end - 1);
                    }
                    if let Some(s) = best_alpha {
                        let run = Cell {
                            tokens: cells[s].tokens + 1,
                            freq: cells[s].freq,
                            start: s,
                            reading: NONE,
                        };
                        if run.beats(&cells[end]) {
                            cells[end] = run;
                        }
                    }
                } else if !is_connector(c) {
                    best_alpha = None;
                }
            }
            // `cells[end]` is final: offer the tokens that start here.
            if end == n {
                break;
            }
            let here = cells[end];
            let mut offer = |to: usize, freq: i64, reading: u32| {
                let cell = Cell {
                    tokens: here.tokens + 1,
                    freq: here.freq + freq,
                    start: end,
                    reading,
                };
                if cell.beats(&cells[to]) {
                    cells[to] = cell;
                }
            };
            // The character alone, read as the dictionary reads it alone. rust-canto offers it
            // twice, without its frequency and then as the dictionary's word with it: one offer
            // with it is the better of the two (a frequency is never negative), same token.
            let Some(first) = root_child(chars[end]) else {
                offer(end + 1, 0, NONE);
                continue;
            };
            let (reading, freq) = entry(first).unwrap_or((NONE, 0));
            offer(end + 1, freq, reading);
            let mut node = first;
            for (to, &c) in chars.iter().enumerate().skip(end + 1) {
                let Some(next) = child(node, c) else {
                    break;
                };
                node = next;
                if let Some((reading, freq)) = entry(node) {
                    offer(to + 1, freq, reading);
                }
            }
        }
        // The cut, from the end.
        self.tokens.clear();
        let mut end = n;
        while end > 0 {
            let cell = cells[end];
            // Every cell was set by a token that starts before it; never loop should it not.
            if cell.start >= end {
                break;
            }
            self.tokens.push((cell.start, end, cell.reading));
            end = cell.start;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(text: &str) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        segment(text, |w, r| {
            out.push((w.to_string(), r.map(str::to_string)))
        });
        out
    }

    /// rust-canto 0.3.4's `Trie::segment`, line for line, over our tables: the oracle for the
    /// faster programme (rust-canto itself is the oracle for the tables, in `tests/canto.rs`).
    #[allow(clippy::needless_range_loop)] // kept as rust-canto wrote it
    fn reference(text: &str) -> Vec<(String, Option<String>)> {
        let better = |c: &(usize, i64), d: &(usize, i64)| {
            if c.0 != d.0 { c.0 < d.0 } else { c.1 > d.1 }
        };
        let chars: Vec<char> = text.chars().collect();
        let n = chars.len();
        let mut dp: Vec<(usize, i64)> = vec![(usize::MAX, 0); n + 1];
        let mut track: Vec<(usize, Option<String>)> = vec![(0, None); n + 1];
        dp[0] = (0, 0);
        for end in 1..=n {
            if dp[end - 1].0 != usize::MAX {
                let single = child(ROOT, chars[end - 1])
                    .and_then(entry)
                    .and_then(|(r, _)| reading_text(r))
                    .map(str::to_string);
                let cost = (dp[end - 1].0 + 1, dp[end - 1].1);
                if better(&cost, &dp[end]) {
                    dp[end] = cost;
                    track[end] = (end - 1, single);
                }
            }
            for start in (0..end).rev() {
                if dp[start].0 == usize::MAX {
                    continue;
                }
                let mut node = ROOT;
                let mut trie_matched = false;
                for j in start..end {
                    match child(node, chars[j]) {
                        None => break,
                        Some(next) => {
                            node = next;
                            if j == end - 1 {
                                if let Some((r, freq)) = entry(node) {
                                    trie_matched = true;
                                    let cost = (dp[start].0 + 1, dp[start].1 + freq);
                                    if better(&cost, &dp[end]) {
                                        dp[end] = cost;
                                        track[end] = (start, reading_text(r).map(str::to_string));
                                    }
                                }
                            }
                        }
                    }
                }
                let span = &chars[start..end];
                let alpha_run = span.iter().all(|&c| is_alpha(c) || is_connector(c))
                    && span.first().is_some_and(|&c| is_alpha(c))
                    && span.last().is_some_and(|&c| is_alpha(c));
                if !trie_matched && alpha_run {
                    let cost = (dp[start].0 + 1, dp[start].1);
                    if better(&cost, &dp[end]) {
                        dp[end] = cost;
                        track[end] = (start, None);
                    }
                }
            }
        }
        let mut tokens = Vec::new();
        let mut curr = n;
        while curr > 0 {
            let (prev, reading) = &track[curr];
            tokens.push((chars[*prev..curr].iter().collect(), reading.clone()));
            curr = *prev;
        }
        tokens.reverse();
        tokens
    }

    #[test]
    fn the_tables_hold_together() {
        assert_eq!(NODES.len() % RECORD, 0);
        let count = (NODES.len() / RECORD - 1) as u32;
        assert_eq!(
            field(count, 1),
            Some(count),
            "the sentinel closes the last range"
        );
        assert_eq!(field(count + 1, 0), None);
        for node in 0..count {
            let (lo, hi) = (field(node, 1).unwrap(), field(node + 1, 1).unwrap());
            assert!(node < lo, "children come after their parent");
            assert!(lo <= hi && hi <= count);
            let kids: Vec<u32> = (lo..hi).map(|k| field(k, 0).unwrap()).collect();
            assert!(kids.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
            let reading = field(node, 2).unwrap();
            assert!(reading == NONE || reading_text(reading).is_some());
        }
        assert_eq!(ROOT_INDEX.len(), DENSE_LEN as usize * 2);
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            assert_eq!(root_child(c), child(ROOT, c), "{c:?}");
        }
    }

    #[test]
    fn words_are_read_in_context() {
        assert_eq!(
            words("佢係好學生"),
            [
                ("佢".into(), Some("keoi5".into())),
                ("係".into(), Some("hai6".into())),
                ("好".into(), Some("hou2".into())),
                ("學生".into(), Some("hok6 saang1".into())),
            ]
        );
        assert_eq!(words(""), []);
        assert_eq!(
            words("3%"),
            [("3".into(), None), ("%".into(), Some("pat6 sen1".into()))]
        );
    }

    #[test]
    fn a_callback_that_segments_gets_buffers_of_its_own() {
        let mut inner = Vec::new();
        segment("創新科技", |w, _| inner.push(words(w)));
        assert_eq!(inner.len(), 2);
        assert_eq!(words("創新科技").len(), 2);
    }

    /// Characters that make the programme's cases: dictionary words and their prefixes, letters
    /// with and without readings, connectors and what breaks a run.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::sample::select(vec![
                "好", "學", "生", "學生", "好學", "創新", "科技", "創", "新", "香港", "大學",
                "都會大學", "入面", "人", "識", "用", "AB膠", "AB", "part-time", "做part-time",
                "café", "ge", "Hap唔Happy呀", "Happy", "%", "3", "D", "K", "chok-cheat", "cheat",
                "佢", "係", "一", "二", "世界", "你", "及", "基金", "計劃", "InnoHK", "𠮩",
                // No frequency on either: equal cuts, told apart by where they start.
                "𡃁kent", "𡃁", "kent",
            ]).prop_map(str::to_string),
            3 => "[a-zA-Z0-9]{1,4}",
            2 => prop::sample::select(vec![
                "-", "_", "'", " ", "\t", "\n", "。", "，", "「", "」", "é", "Ａ", "１", "😀",
                "\u{0301}", "ß", "٣", "Ⅻ", "\u{E000}", "\u{2FFFF}", "\u{2B820}",
            ]).prop_map(str::to_string),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The faster programme cuts and reads as rust-canto's, pieces of up to 80 chars.
        #[test]
        fn the_programme_is_rust_cantos(pieces in prop::collection::vec(piece(), 0..40)) {
            let text = pieces.concat();
            prop_assert_eq!(words(&text), reference(&text), "{:?}", text);
        }
    }

    #[test]
    fn long_runs_of_letters_cut_as_rust_cantos() {
        for text in [
            "a".repeat(70),
            "ab-cd_ef'gh".repeat(6),
            "-a-".repeat(20),
            "ge".repeat(30),
            "AB膠AB".repeat(10),
            "做part-time".repeat(8),
            "Hap唔Happy呀pyHap".repeat(5),
            // `kent` and `ab` start runs that are equally good (one token, no frequency, after
            // 𡃁 and after 𡃁kent): the later start wins.
            "𡃁kentab".to_string(),
            "𡃁kent-ab'c".repeat(4),
        ] {
            assert_eq!(words(&text), reference(&text), "{text:?}");
        }
    }
}
