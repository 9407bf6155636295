//! Chinese names found by sound: each Chinese character of a name or alias gets its Cantonese
//! (Jyutping) and Mandarin (pinyin) reading, without tones, so that `cong san`, `congsan`,
//! `csfggg` (Jyutping) and `chuangxin`, `cxkjjj` (pinyin) all find 創新及科技基金.
//!
//! Readings are computed once, when the index is built (and so kept in the cache): Jyutping by
//! [`canto`](super::canto), which segments the text into words and reads each in context (創
//! is cong3 in 創新), pinyin by `pinyin`, character by character. A reading is one syllable per
//! Chinese character, in order (`_` where a character has none): built as a space-separated string,
//! kept in the index as numbers in its table of syllables (see `index`).
//!
//! A query term matches a reading when it can be cut into pieces that each begin a syllable,
//! in order, skipping syllables between them: `cong` + `san`, or `c` + `s` + `f` + `g` + `g` +
//! `g` (及 skipped). The matched syllables' characters are the ones highlighted.

/// The Chinese characters the readings cover.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// A text's Jyutping and pinyin readings (see the module docs), or `None` when it has no
/// Chinese character.
pub fn readings(text: &str) -> Option<(String, String)> {
    let mut bufs = ReadingBufs::default();
    readings_into(text, &mut bufs).then_some((bufs.jyutping, bufs.pinyin))
}

/// Where [`readings_into`] writes, kept from one text to the next so that indexing 100,000
/// entries does not allocate three buffers a name.
#[derive(Default)]
pub struct ReadingBufs {
    han: Vec<char>,
    pub jyutping: String,
    pub pinyin: String,
}

/// [`readings`] into `bufs`: false, and the readings left empty, when `text` has no Chinese
/// character.
pub fn readings_into(text: &str, bufs: &mut ReadingBufs) -> bool {
    bufs.han.clear();
    bufs.han.extend(text.chars().filter(|&c| is_han(c)));
    bufs.jyutping.clear();
    bufs.pinyin.clear();
    if bufs.han.is_empty() {
        return false;
    }
    jyutping(text, bufs.han.len(), &mut bufs.jyutping);
    pinyin(&bufs.han, &mut bufs.pinyin);
    true
}

/// One toneless syllable per Chinese character of `text`, read in context, separated by
/// spaces, written to `out`: a word whose reading does not give one syllable a character has
/// `_` for each.
fn jyutping(text: &str, count: usize, out: &mut String) {
    let mut out = Reading {
        text: out,
        written: 0,
        count,
    };
    super::canto::segment(text, |word, reading| {
        let chars = word.chars().filter(|&c| is_han(c)).count();
        if chars == 0 {
            return;
        }
        let reading = reading.unwrap_or("");
        if reading.split_whitespace().count() == chars {
            for syllable in reading.split_whitespace() {
                out.push(syllable, true);
            }
        } else {
            // A reading that does not give one syllable a character cannot be placed.
            for _ in 0..chars {
                out.push("_", false);
            }
        }
    });
    while out.written < count {
        out.push("_", false);
    }
}

/// A reading being written: `count` syllables, no more (the words cover the text, so they
/// give exactly that many; the bound is for the day they would not).
struct Reading<'a> {
    text: &'a mut String,
    written: usize,
    count: usize,
}

impl Reading<'_> {
    /// Appends a syllable, its tone number dropped and lower-cased (`cong3` → `cong`) when
    /// `toned`.
    fn push(&mut self, syllable: &str, toned: bool) {
        if self.written == self.count {
            return;
        }
        if self.written > 0 {
            self.text.push(' ');
        }
        if toned {
            self.text.extend(
                syllable
                    .chars()
                    .filter(|c| c.is_ascii_alphabetic())
                    .map(|c| c.to_ascii_lowercase()),
            );
        } else {
            self.text.push_str(syllable);
        }
        self.written += 1;
    }
}

/// Plain pinyin, with `ü` typed as `v` (as pinyin input methods take it: `nv` for 女), so that
/// every syllable is plain letters; written to `out`.
fn pinyin(han: &[char], out: &mut String) {
    use pinyin::ToPinyin;
    for (k, c) in han.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        match c.to_pinyin() {
            None => out.push('_'),
            Some(p) => out.extend(p.plain().chars().map(|c| if c == 'ü' { 'v' } else { c })),
        }
    }
}

/// The shortest term read by sound: one letter would be the initial of half the names.
pub const MIN_LETTERS: usize = 2;

/// Whether a folded term could be read by sound: plain letters a–z, at least [`MIN_LETTERS`].
pub fn eligible(term: &str) -> bool {
    term.len() >= MIN_LETTERS && term.bytes().all(|b| b.is_ascii_lowercase())
}

/// [`aligned_in`] over a space-separated reading (the tests' form).
#[cfg(test)]
pub fn aligned(term: &str, reading: &str) -> Option<(i64, Vec<usize>)> {
    aligned_in(term, reading.split(' ').map(str::as_bytes))
}

/// A reading's syllables, in order, as [`aligned_in`] and [`score_in`] walk them: from the
/// last, and again from the first. A space-separated string's split and the index's table of
/// syllable numbers are both such sequences.
pub trait Syllables<'s>: DoubleEndedIterator<Item = &'s [u8]> + Clone {}

impl<'s, I: DoubleEndedIterator<Item = &'s [u8]> + Clone> Syllables<'s> for I {}

/// Whether a (folded) term can be read in these syllables: cut into pieces that each begin a
/// syllable, in order, skipping any syllables between. Returns the matched syllables (by
/// position) and a score: longer pieces and fewer skips score higher; the best cut is taken.
///
/// The same programme as [`score_in`], keeping every row so that the cut can be traced back:
/// at each cell, skipping the syllable wins a tie, then the shortest piece.
pub fn aligned_in<'s>(term: &str, syllables: impl Syllables<'s>) -> Option<(i64, Vec<usize>)> {
    let t = term.as_bytes();
    let syllables: Vec<&[u8]> = syllables.collect();
    // rows[j]: the row for syllable n - 1 - j (the programme runs from the last syllable).
    let mut rows: Vec<Vec<i64>> = Vec::with_capacity(syllables.len());
    let score = aligned_rows(term, syllables.iter().copied(), |row| {
        rows.push(row.to_vec())
    })?;
    let n = syllables.len();
    let row = |s: usize| -> &[i64] { if s == n { &[] } else { &rows[n - 1 - s] } };
    // The score of `t[p..]` from syllable `s` on.
    let at = |s: usize, p: usize| -> i64 {
        if s == n {
            if p == t.len() { 0 } else { NO_CUT }
        } else {
            row(s)[p]
        }
    };
    let mut path = Vec::new();
    let (mut p, mut s) = (0, 0);
    while p < t.len() && s < n {
        let here = at(s, p);
        let skip = at(s + 1, p);
        if skip > NO_CUT && skip - 1 == here {
            s += 1;
            continue;
        }
        let syl = syllables[s];
        let k = (1..=syl.len().min(t.len() - p))
            .take_while(|&k| syl[k - 1] == t[p + k - 1])
            .find(|&k| {
                let rest = at(s + 1, p + k);
                rest > NO_CUT && rest + gain(k, syl.len()) == here
            })?;
        path.push(s);
        p += k;
        s += 1;
    }
    Some((score, path))
}

/// What a piece of `k` letters of a syllable of `len` letters is worth: a whole syllable more
/// than its initial alone.
fn gain(k: usize, len: usize) -> i64 {
    8 + 4 * k as i64 + if k == len { 8 } else { 0 }
}

/// [`score_in`] over a space-separated reading (the tests' form).
#[cfg(test)]
pub fn aligned_score(term: &str, reading: &str) -> Option<i64> {
    score_in(term, reading.split(' ').map(str::as_bytes))
}

/// [`aligned_in`]'s score alone, without the syllables it takes: what a scan over every entry
/// needs, in two rows of integers on the stack.
pub fn score_in<'s>(term: &str, syllables: impl Syllables<'s>) -> Option<i64> {
    aligned_rows(term, syllables, |_| {})
}

/// The dynamic programme behind [`aligned_in`] and [`score_in`], over the syllables from the
/// last: a row holds, for each `p`, the best score for the term's `t[p..]` read in the current
/// syllable and those after it (skipping a syllable costs a point). `keep` sees each row.
fn aligned_rows<'s>(
    term: &str,
    syllables: impl Syllables<'s>,
    keep: impl FnMut(&[i64]),
) -> Option<i64> {
    if !eligible(term) {
        return None;
    }
    let t = term.as_bytes();
    let first = t[0];
    // Cheap refusal: the term must begin some syllable.
    if !syllables.clone().any(|s| s.first() == Some(&first)) {
        return None;
    }
    // Two rows on the stack for the terms people type; a longer one gets them on the heap.
    const ROW: usize = 48;
    if t.len() < ROW {
        let (mut next, mut cur) = ([NO_CUT; ROW], [NO_CUT; ROW]);
        score_rows(
            t,
            syllables,
            &mut next[..=t.len()],
            &mut cur[..=t.len()],
            keep,
        )
    } else {
        let (mut next, mut cur) = (vec![NO_CUT; t.len() + 1], vec![NO_CUT; t.len() + 1]);
        score_rows(t, syllables, &mut next, &mut cur, keep)
    }
}

/// No way to read the rest of the term.
const NO_CUT: i64 = i64::MIN / 2;

/// The rows of [`aligned_rows`]: `next[p]` is the best score for `t[p..]` with the syllables
/// after the current one.
fn score_rows<'s>(
    t: &[u8],
    syllables: impl Syllables<'s>,
    next: &mut [i64],
    cur: &mut [i64],
    mut keep: impl FnMut(&[i64]),
) -> Option<i64> {
    let n = t.len();
    next.fill(NO_CUT);
    next[n] = 0;
    let (mut next, mut cur) = (next, cur);
    for syl in syllables.rev() {
        cur[n] = 0;
        for p in (0..n).rev() {
            let mut best = if next[p] > NO_CUT {
                next[p] - 1
            } else {
                NO_CUT
            };
            let mut k = 0;
            while k < syl.len() && p + k < n && syl[k] == t[p + k] {
                k += 1;
                if next[p + k] > NO_CUT {
                    best = best.max(next[p + k] + gain(k, syl.len()));
                }
            }
            cur[p] = best;
        }
        keep(cur);
        std::mem::swap(&mut cur, &mut next);
    }
    // Valid whatever its sign: skips cost a point each, and a long name may skip many before
    // the syllable a term begins (`fa` must match wherever `fan` does).
    (next[0] > NO_CUT).then_some(next[0])
}

/// The char indices in `text` of the Chinese characters whose syllables are `syllables`.
pub fn chars_of(text: &str, syllables: &[usize]) -> Vec<usize> {
    let han: Vec<usize> = text
        .chars()
        .enumerate()
        .filter(|&(_, c)| is_han(c))
        .map(|(i, _)| i)
        .collect();
    syllables
        .iter()
        .filter_map(|&s| han.get(s).copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A way to read a term's rest: its score and the syllables it takes.
    type Cut = Option<(i64, Vec<usize>)>;

    /// The programme as first written: a table of paths. Kept as the oracle for the two-row
    /// programme and its trace-back.
    fn aligned_table(term: &str, reading: &str) -> Option<(i64, Vec<usize>)> {
        if !eligible(term) {
            return None;
        }
        let syllables: Vec<&[u8]> = reading.split(' ').map(str::as_bytes).collect();
        let t = term.as_bytes();
        let n = syllables.len();
        // Cheap refusal: the term must begin some syllable.
        if !syllables.iter().any(|s| s.first() == t.first()) {
            return None;
        }
        // best[p][s]: the best (score, path) matching t[p..] with syllables from s on.
        let mut best: Vec<Vec<Cut>> = vec![vec![None; n + 1]; t.len() + 1];
        for cell in &mut best[t.len()] {
            *cell = Some((0, Vec::new()));
        }
        for p in (0..t.len()).rev() {
            for s in (0..n).rev() {
                // Skip syllable s (a small cost), or take a piece of it.
                let mut here = best[p][s + 1].clone().map(|(sc, path)| (sc - 1, path));
                let syl = syllables[s];
                let mut k = 0;
                while k < syl.len() && p + k < t.len() && syl[k] == t[p + k] {
                    k += 1;
                    if let Some((sc, path)) = &best[p + k][s + 1] {
                        // A whole syllable is worth more than its initial alone.
                        let gain = 8 + 4 * k as i64 + if k == syl.len() { 8 } else { 0 };
                        let cand = sc + gain;
                        if here.as_ref().is_none_or(|(h, _)| cand > *h) {
                            let mut p2 = vec![s];
                            p2.extend(path);
                            here = Some((cand, p2));
                        }
                    }
                }
                best[p][s] = here;
            }
        }
        best[0][0].take().filter(|(_, path)| !path.is_empty())
    }

    proptest! {
        /// The traced cut and its score are the table's, syllable for syllable.
        #[test]
        fn the_trace_back_equals_the_table_of_paths(
            term in "[a-d]{1,7}",
            reading in proptest::collection::vec("[a-d]{1,4}", 1..9),
        ) {
            let reading = reading.join(" ");
            let want = aligned_table(&term, &reading);
            prop_assert_eq!(aligned(&term, &reading), want.clone());
            prop_assert_eq!(aligned_score(&term, &reading), want.map(|m| m.0));
        }
    }

    #[test]
    fn readings_are_toneless_syllables_one_per_character_in_context() {
        let (jyut, pin) = readings("創新及科技基金").unwrap();
        assert_eq!(jyut, "cong san kap fo gei gei gam");
        assert_eq!(pin, "chuang xin ji ke ji ji jin");
        let (jyut, _) = readings("2023-24年度財政預算案").unwrap();
        assert_eq!(jyut.split(' ').count(), 7);
        assert_eq!(readings("ITF"), None);
    }

    #[test]
    fn a_term_is_read_by_syllables_run_together_or_initials() {
        let jyut = "cong san kap fo gei gei gam";
        let pin = "chuang xin ji ke ji ji jin";
        assert_eq!(aligned("cong", jyut).map(|m| m.1), Some(vec![0]));
        assert_eq!(aligned("congsan", jyut).map(|m| m.1), Some(vec![0, 1]));
        assert_eq!(
            aligned("csfggg", jyut).map(|m| m.1),
            Some(vec![0, 1, 3, 4, 5, 6])
        );
        assert_eq!(aligned("chuangxin", pin).map(|m| m.1), Some(vec![0, 1]));
        assert_eq!(
            aligned("cxkjjj", pin).map(|m| m.1),
            Some(vec![0, 1, 3, 4, 5, 6])
        );
        assert_eq!(aligned("xyz", pin), None);
        for (q, r) in [
            ("csfggg", jyut),
            ("cxkjjj", pin),
            ("congsan", jyut),
            ("gei", jyut),
        ] {
            assert_eq!(aligned_score(q, r), aligned(q, r).map(|m| m.0), "{q}");
        }
        assert_eq!(aligned_score("xyz", pin), None);
        assert_eq!(aligned_score("congx", jyut), None);
        // Many syllables skipped: still a match, as the longer term is (a regression of the
        // typing proptest: `fa` was refused where `fan` matched).
        let far = format!("{} fan", ["zi"; 24].join(" "));
        assert!(aligned_score("fa", &far).is_some());
        assert!(aligned_score("fan", &far).is_some());
        assert_eq!(aligned_score("fa", &far), aligned("fa", &far).map(|m| m.0));
        // A term longer than the rows on the stack reads the same.
        let long = "congsankapfogeigeigam".repeat(3);
        let reading = [jyut; 3].join(" ");
        assert_eq!(
            aligned_score(&long, &reading),
            aligned(&long, &reading).map(|m| m.0)
        );
        assert_eq!(aligned("congx", jyut), None);
        assert_eq!(aligned("CONG", jyut), None, "terms come folded");
        // Whole syllables beat initials: `gei` is one syllable, not g + e + i.
        assert_eq!(aligned("gei", jyut).map(|m| m.1.len()), Some(1));
    }

    #[test]
    fn matched_syllables_are_the_chinese_characters_highlighted() {
        assert_eq!(chars_of("HK創新園", &[0, 2]), vec![2, 4]);
    }
}
