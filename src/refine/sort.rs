//! Sort orders for results: relevance (the search's own ranking, or catalogue order without a
//! query), name, newest and largest amount. Every order is stable: ties, and entries that have
//! no date or no amount (which come last), keep the order they had.
//!
//! Chinese names sort by their Cantonese reading, Jyutping with tones (`search::canto`, the
//! readings the search already uses): 創新 (cong3 san1) before 數碼 (sou3 maa5), as a Hong
//! Kong reader finds names in a Jyutping-ordered index. Within a name, Latin letters and digits
//! (InnoHK, 2022-23) are compared as written, lower-cased; punctuation (「」《》) is skipped.

use std::sync::OnceLock;

use crate::catalogue::{Catalogue, Entry, Lang};
use crate::search::sound::is_han;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Sort {
    Relevance,
    Name,
    /// Newest first: by an entry's latest date.
    Date,
    /// Largest first: by an entry's headline HK$ figure.
    Amount,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::Relevance, Sort::Name, Sort::Date, Sort::Amount];

    /// The next order `s` cycles to.
    pub fn next(self) -> Sort {
        match self {
            Sort::Relevance => Sort::Name,
            Sort::Name => Sort::Date,
            Sort::Date => Sort::Amount,
            Sort::Amount => Sort::Relevance,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Sort::Relevance, Lang::En) => "relevance",
            (Sort::Name, Lang::En) => "name",
            (Sort::Date, Lang::En) => "newest",
            (Sort::Amount, Lang::En) => "largest amount",
            (Sort::Relevance, Lang::Zh) => "相關度",
            (Sort::Name, Lang::Zh) => "名稱（粵拼）",
            (Sort::Date, Lang::Zh) => "最新",
            (Sort::Amount, Lang::Zh) => "金額最大",
        }
    }
}

/// The date an entry sorts by: its latest date (the end of an interval). `None` without dates.
pub fn latest_date(e: &Entry) -> Option<&str> {
    e.dates
        .iter()
        .map(|d| d.date.rsplit('/').next().unwrap_or(&d.date))
        .max()
}

/// The amount an entry sorts by: its headline figure (the one the editors chose, see
/// [`Entry::headline`]) when that is in Hong Kong dollars (unit `HKD`; monthly allowances,
/// `HKD/month`, are not amounts of the same kind). `None` otherwise: an entry whose headline
/// is a count, or that has none, is not ranked by some lesser sum it also mentions (the R&D tax
/// deduction's HK$2 million tranche is no size of the scheme).
pub fn headline_amount(e: &Entry) -> Option<f64> {
    e.headline()
        .filter(|f| f.unit == "HKD")
        .map(|f| f.value.as_f64())
}

/// Sort keys for names, by entry, each computed the first time it is sorted and then kept
/// (the explorer sorts again on every keystroke). Reading a Chinese name takes a while: only
/// the entries being sorted are read, on all cores.
#[derive(Debug, Default)]
pub struct NameKeys {
    en: OnceLock<Vec<OnceLock<String>>>,
    zh: OnceLock<Vec<OnceLock<Vec<String>>>>,
}

/// Each of `slots` for `entries` filled by `key` (the missing ones, in parallel).
fn fill<K: Send + Sync>(slots: &[OnceLock<K>], entries: &[usize], key: impl Fn(usize) -> K + Sync) {
    let missing: Vec<usize> = entries
        .iter()
        .copied()
        .filter(|&i| slots[i].get().is_none())
        .collect();
    let computed = crate::par::map_chunks(&missing, 512, |part| {
        part.iter().map(|&i| (i, key(i))).collect::<Vec<_>>()
    });
    for (i, k) in computed.into_iter().flatten() {
        let _ = slots[i].set(k);
    }
}

impl NameKeys {
    /// Orders `entries` (stably) by their names in `lang`.
    fn sort_entries(&self, cat: &Catalogue, lang: Lang, order: &mut [(usize, usize)]) {
        let n = cat.len();
        let entries: Vec<usize> = order.iter().map(|&(_, e)| e).collect();
        let cmp_by = |a: &(usize, usize), b: &(usize, usize)| (a.0).cmp(&b.0);
        match lang {
            Lang::En => {
                let slots = self
                    .en
                    .get_or_init(|| (0..n).map(|_| OnceLock::new()).collect());
                fill(slots, &entries, |i| english_key(&cat.entries()[i].name.en));
                order.sort_by(|a, b| slots[a.1].get().cmp(&slots[b.1].get()).then(cmp_by(a, b)));
            }
            Lang::Zh => {
                let slots = self
                    .zh
                    .get_or_init(|| (0..n).map(|_| OnceLock::new()).collect());
                fill(slots, &entries, |i| jyutping_key(&cat.entries()[i].name.zh));
                order.sort_by(|a, b| slots[a.1].get().cmp(&slots[b.1].get()).then(cmp_by(a, b)));
            }
        }
    }
}

fn english_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .flat_map(char::to_lowercase)
        .collect()
}

/// A Chinese name as its reading: one Jyutping syllable with its tone a character (the
/// character itself where no reading is known), runs of Latin letters and digits lower-cased.
pub fn jyutping_key(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut latin = String::new();
    let flush = |latin: &mut String, out: &mut Vec<String>| {
        if !latin.is_empty() {
            out.push(std::mem::take(latin));
        }
    };
    // The words cover the name, so every character is seen once.
    crate::search::canto::segment(name, |word, reading| {
        let han = word.chars().filter(|&c| is_han(c)).count();
        let syllables = reading.unwrap_or("").split_whitespace();
        let mut reading = (syllables.clone().count() == han).then_some(syllables);
        for c in word.chars() {
            if is_han(c) {
                flush(&mut latin, &mut out);
                let syllable = reading.as_mut().and_then(Iterator::next);
                out.push(syllable.map_or_else(|| c.to_string(), str::to_string));
            } else if c.is_alphanumeric() {
                latin.extend(c.to_lowercase());
            } else {
                flush(&mut latin, &mut out);
            }
        }
    });
    flush(&mut latin, &mut out);
    out
}

/// Sorts `items` (each standing for an entry, `entry_of`) by `order`, stably; relevance
/// leaves them as they are.
pub fn sort<T>(
    order: Sort,
    cat: &Catalogue,
    lang: Lang,
    names: &NameKeys,
    items: &mut [T],
    entry_of: impl Fn(&T) -> usize,
) {
    let entries = cat.entries();
    match order {
        Sort::Relevance => {}
        Sort::Name => {
            // (position, entry), sorted; then the items are put in that order.
            let mut order: Vec<(usize, usize)> = items
                .iter()
                .enumerate()
                .map(|(k, t)| (k, entry_of(t)))
                .collect();
            names.sort_entries(cat, lang, &mut order);
            permute(items, order.into_iter().map(|(k, _)| k).collect());
        }
        Sort::Date => items.sort_by(|a, b| {
            let (a, b) = (
                latest_date(&entries[entry_of(a)]),
                latest_date(&entries[entry_of(b)]),
            );
            // Newest first; without a date last.
            match (a, b) {
                (Some(a), Some(b)) => b.cmp(a),
                (a, b) => b.is_some().cmp(&a.is_some()),
            }
        }),
        Sort::Amount => items.sort_by(|a, b| {
            let (a, b) = (
                headline_amount(&entries[entry_of(a)]),
                headline_amount(&entries[entry_of(b)]),
            );
            match (a, b) {
                (Some(a), Some(b)) => b.total_cmp(&a),
                (a, b) => b.is_some().cmp(&a.is_some()),
            }
        }),
    }
}

/// Reorders `items` so that the item at `from[k]` comes `k`-th.
fn permute<T>(items: &mut [T], from: Vec<usize>) {
    // Follow each cycle of the permutation, swapping items into place.
    let mut from = from;
    for start in 0..from.len() {
        let mut at = start;
        while from[at] != start {
            let next = from[at];
            items.swap(at, next);
            from[at] = at;
            at = next;
        }
        from[at] = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permute_puts_each_item_where_the_order_says() {
        let orders: [&[usize]; 4] = [&[2, 0, 1], &[0, 1, 2], &[1, 2, 0, 4, 3], &[]];
        for from in orders {
            let mut items: Vec<usize> = (0..from.len()).map(|i| i * 10).collect();
            permute(&mut items, from.to_vec());
            let want: Vec<usize> = from.iter().map(|&k| k * 10).collect();
            assert_eq!(items, want);
        }
    }

    #[test]
    fn chinese_names_read_in_jyutping_with_tones() {
        assert_eq!(jyutping_key("創新"), ["cong3", "san1"]);
        let k = jyutping_key("InnoHK創新香港研發平台");
        assert_eq!(k[0], "innohk");
        assert_eq!(k[1], "cong3");
        assert_eq!(jyutping_key("「創客中國」")[0], "cong3");
    }
}
