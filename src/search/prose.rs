//! Matching a term in an entry's tags and summaries (prose): only as written, a tag also without
//! its punctuation; each tag's match worked out once per scan ([`TagMemo`]).

use std::cmp::Reverse;

use super::fold::{self, fold_string};
use super::index::prose_group;
use super::query::{Term, TermKind};
use super::score::{bare_tag_match, exact_score, locate, prose_kind, starts_word, word_hit};
use super::{Engine, Field, Tier};

impl Engine {
    /// The term's best match in entry `i`'s tags in `tags` and, if `summaries`, its summaries
    /// (in that order, the first winning a tie), matched as written (a fuzzy term must occur
    /// as it is, or any three letters would match any summary); a tag also without its
    /// punctuation (`startups` finds `start-ups`). A tag's match depends only on its text, so
    /// it is worked out once per search and term ([`TagMemo`]).
    pub(super) fn best_prose(
        &self,
        t: &Term,
        i: usize,
        tags: std::ops::Range<u16>,
        summaries: bool,
        memo: &mut TagMemo,
    ) -> Option<(Field, i64, Tier)> {
        let ix = self.index.view();
        let summary_fields = [Field::SummaryEn, Field::SummaryZh];
        tags.map(Field::Tag)
            .chain(
                summary_fields
                    .into_iter()
                    .take(if summaries { 2 } else { 0 }),
            )
            .filter_map(|f| {
                let group_mask = ix.prose_mask(i, prose_group(f));
                // The text only once some form's chars are all in it.
                if t.forms().all(|(_, m)| group_mask & m != m) {
                    return None;
                }
                let found = match f {
                    Field::Tag(k) => memo.get(t, ix.tag_ref(i, k), || {
                        prose_match(t, ix.text(i, f), true, u64::MAX)
                    }),
                    _ => prose_match(t, ix.text(i, f), false, group_mask),
                };
                found.map(|(score, tier)| (f, score, tier))
            })
            .min_by_key(|&(_, s, t)| (t, Reverse(s)))
    }
}

/// Term `t`'s best match in one tag's or summary's `text` (its score and tier), trying only
/// the forms whose chars are all in `mask` (the field's, or its group's: a filter, never a
/// reason for a miss).
pub(super) fn prose_match(t: &Term, text: &str, is_tag: bool, mask: u64) -> Option<(i64, Tier)> {
    let kind = prose_kind(t.kind);
    // Folded at most once, and only on the paths that need a copy.
    let folded_once = std::cell::OnceCell::new();
    let folded = || -> &str {
        folded_once.get_or_init(|| {
            if t.normalize {
                fold_string(text)
            } else {
                fold::fold_string_keep(text)
            }
        })
    };
    t.forms()
        .filter_map(|(form, m)| {
            if mask & m != m {
                return None;
            }
            let found = if kind == TermKind::Exact && t.normalize {
                fold::find_folded(text, form).map(|at| {
                    let word = starts_word(form, &text[..at]);
                    (exact_score(form, text, at), word)
                })
            } else {
                let folded = folded();
                locate(kind, form, folded)
                    .map(|at| (exact_score(form, folded, at), word_hit(kind, form, folded)))
            };
            // A tag without its punctuation: `startups` finds `start-ups`. Only for a term of
            // letters and digits, so that whatever matches a term also matches every part of
            // it (typing narrows).
            let (score, word) = found.or_else(|| {
                if !is_tag || !form.chars().all(char::is_alphanumeric) {
                    return None;
                }
                bare_tag_match(kind, t.normalize, form, text, &folded)
            })?;
            let tier = match (is_tag, word) {
                (true, true) => Tier::TagWord,
                (false, true) => Tier::ProseWord,
                _ => Tier::Prose,
            };
            Some((score, tier))
        })
        .min_by_key(|&(s, t)| (t, Reverse(s)))
}

/// What each tag matched, for one scan: tags come from a small vocabulary (the index keeps
/// each tag's text once), so a scan over 100,000 entries works out each (term, tag) pair once
/// rather than per entry. A small open-addressed table that stops remembering when full, so
/// it costs the same whatever the vocabulary. Keys are the term's address (terms outlive the
/// scan that owns the memo) and the tag's string number in the index.
pub(super) struct TagMemo {
    slots: Vec<Option<MemoSlot>>,
}

/// A term's address, a tag's string number, and the tag's match (score and tier), if any.
type MemoSlot = (usize, u32, Option<(i64, Tier)>);

impl TagMemo {
    const SLOTS: usize = 256;
    const PROBES: usize = 8;

    pub(super) fn new() -> TagMemo {
        TagMemo {
            slots: vec![None; Self::SLOTS],
        }
    }

    /// The remembered result for (`t`, `tag`), or `compute`'s, remembered if there is room.
    fn get(
        &mut self,
        t: &Term,
        tag: u32,
        compute: impl FnOnce() -> Option<(i64, Tier)>,
    ) -> Option<(i64, Tier)> {
        let term = std::ptr::from_ref(t) as usize;
        let hash = (term as u64 ^ u64::from(tag).wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let start = (hash >> 56) as usize;
        for probe in 0..Self::PROBES {
            let at = (start + probe) % Self::SLOTS;
            match self.slots[at] {
                Some((k, g, found)) if k == term && g == tag => return found,
                Some(_) => continue,
                None => {
                    let found = compute();
                    self.slots[at] = Some((term, tag, found));
                    return found;
                }
            }
        }
        compute()
    }
}
