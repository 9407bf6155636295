//! Sort orders for results: relevance (the search's own ranking, or catalogue order without a
//! query), name, newest and largest amount. Every order is stable: ties, and entries that have
//! no date or no amount (which come last), keep the order they had.
//!
//! Chinese names sort by their Cantonese reading, Jyutping with tones (`rust-canto`, the
//! readings the search already uses): 創新 (cong3 san1) before 數碼 (sou3 maa5), as a Hong
//! Kong reader finds names in a Jyutping-ordered index. Within a name, Latin letters and digits
//! (InnoHK, 2022-23) are compared as written, lower-cased; punctuation (「」《》) is skipped.

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

/// Sort keys for names, computed once per catalogue and language (reading every Chinese name
/// takes a while on a large catalogue).
#[derive(Debug, Default)]
pub struct NameKeys {
    en: std::sync::OnceLock<Vec<String>>,
    zh: std::sync::OnceLock<Vec<Vec<String>>>,
}

impl NameKeys {
    fn compare(&self, cat: &Catalogue, lang: Lang, a: usize, b: usize) -> std::cmp::Ordering {
        match lang {
            Lang::En => {
                let keys = self.en.get_or_init(|| {
                    cat.entries()
                        .iter()
                        .map(|e| english_key(&e.name.en))
                        .collect()
                });
                keys[a].cmp(&keys[b])
            }
            Lang::Zh => {
                let keys = self.zh.get_or_init(|| {
                    cat.entries()
                        .iter()
                        .map(|e| jyutping_key(&e.name.zh))
                        .collect()
                });
                keys[a].cmp(&keys[b])
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
    #[derive(serde::Deserialize)]
    struct Token {
        word: String,
        jyutping: Option<String>,
    }
    let json = rust_canto::annotate(name.as_bytes());
    let tokens: Vec<Token> = serde_json::from_slice(&json).unwrap_or_default();
    let mut out = Vec::new();
    let mut latin = String::new();
    let flush = |latin: &mut String, out: &mut Vec<String>| {
        if !latin.is_empty() {
            out.push(std::mem::take(latin));
        }
    };
    let mut covered = 0;
    for t in &tokens {
        covered += t.word.len();
        let han = t.word.chars().filter(|&c| is_han(c)).count();
        let syllables: Vec<&str> = t
            .jyutping
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        let mut reading = (syllables.len() == han).then_some(syllables.into_iter());
        for c in t.word.chars() {
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
    }
    flush(&mut latin, &mut out);
    // Should the reader skip any text, the name itself still orders it.
    if covered < name.len() {
        out.push(name.to_string());
    }
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
        Sort::Name => items.sort_by(|a, b| names.compare(cat, lang, entry_of(a), entry_of(b))),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_read_in_jyutping_with_tones() {
        assert_eq!(jyutping_key("創新"), ["cong3", "san1"]);
        let k = jyutping_key("InnoHK創新香港研發平台");
        assert_eq!(k[0], "innohk");
        assert_eq!(k[1], "cong3");
        assert_eq!(jyutping_key("「創客中國」")[0], "cong3");
    }
}
