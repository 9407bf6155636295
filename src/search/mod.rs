//! Bilingual fuzzy search over a catalogue, by name first.
//!
//! An [`Engine`] searches an [`Index`]: each entry's English and Chinese names and aliases
//! (the *name* fields) folded ([`fold`]), its tags and summaries, and a char mask of each, in
//! one flat byte layout that is built from a catalogue or mapped from the cache as it is (see
//! `index.rs`), so the engine needs no catalogue. A query ([`Query`], fzf's syntax) is scored
//! as `fuzzy-matcher`'s `SkimMatcherV2` scores it (computed by [`fuzzy_score`] and, for one- and
//! two-char terms, in closed form; each held equal to a new matcher by property tests), and
//! highlighted by the matcher itself:
//!
//! - names and aliases match fuzzily; tags and summaries only where a term occurs as written
//!   (a fuzzy subsequence of a long summary says nothing);
//! - a hit in a name field always ranks above a hit elsewhere; then by score; then an exact or
//!   prefix match of a name; then the shorter name; then catalogue order — the same query always
//!   gives the same order;
//! - cheap checks run before the matcher: the field's char mask must cover the term's, and the
//!   term must be a byte subsequence of the field;
//! - a query in Simplified Chinese also matches the Traditional names (OpenCC, S→HK, applied to
//!   the query only; the better score is kept);
//! - large scans are split across the machine's cores;
//! - a [`Searcher`] remembers its last results: when the new query can only narrow them (the
//!   user typed one more letter), only those entries are searched again.
//!
//! Negated terms (`!park`) apply to names and aliases, so a summary that mentions a park does not
//! hide a fund. Hits carry char indices into the matched field; callers convert them to byte
//! offsets before slicing.

pub mod canto;
pub mod fold;
mod highlight;
mod index;
mod query;
mod score;
pub mod sound;

use std::borrow::Cow;
#[cfg(test)]
use std::cmp::Ordering;
use std::cmp::Reverse;
use std::sync::OnceLock;

use crate::catalogue::{Catalogue, Entry};
use fold::{fold_string, is_subsequence};
pub use index::Index;
pub(crate) use index::encode_part;
use index::{IndexedField, prose_group};
pub use query::{Query, QueryError, Term, TermKind};
pub(crate) use score::locate;
use score::{bare_tag_match, exact_score, prose_kind, starts_word, word_hit};
pub use score::{fuzzy_score, single_char_score, two_char_score};

/// Which text of an entry a hit is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "field", content = "index")]
pub enum Field {
    NameEn,
    NameZh,
    Alias(u16),
    Tag(u16),
    SummaryEn,
    SummaryZh,
    /// The Jyutping reading of a name or alias, by its code (1 the Chinese name, 2 + k alias
    /// k): its text, and what it highlights, is that name's.
    Jyutping(u16),
    /// The pinyin reading of a name or alias, as [`Field::Jyutping`].
    Pinyin(u16),
}

impl Field {
    /// Names and aliases, and their readings: what "search by scheme name" means.
    pub fn is_name(self) -> bool {
        !matches!(self, Field::Tag(_) | Field::SummaryEn | Field::SummaryZh)
    }

    pub fn is_reading(self) -> bool {
        matches!(self, Field::Jyutping(_) | Field::Pinyin(_))
    }

    /// The name or alias a reading reads; any other field itself.
    pub fn source(self) -> Field {
        match self {
            Field::Jyutping(c) | Field::Pinyin(c) => match c {
                0 => Field::NameEn,
                1 => Field::NameZh,
                k => Field::Alias(k - 2),
            },
            f => f,
        }
    }

    /// The field's original text in `entry` (a reading's: the name it reads).
    pub fn text(self, entry: &Entry) -> &str {
        match self.source() {
            Field::NameEn => &entry.name.en,
            Field::NameZh => &entry.name.zh,
            Field::Alias(i) => entry.aliases.get(usize::from(i)).map_or("", String::as_str),
            Field::Tag(i) => entry.tags.get(usize::from(i)).map_or("", String::as_str),
            Field::SummaryEn => &entry.summary.en,
            Field::SummaryZh => &entry.summary.zh,
            Field::Jyutping(_) | Field::Pinyin(_) => "",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Field::NameEn => "name.en",
            Field::NameZh => "name.zh",
            Field::Alias(_) => "alias",
            Field::Tag(_) => "tag",
            Field::SummaryEn => "summary.en",
            Field::SummaryZh => "summary.zh",
            Field::Jyutping(_) => "jyutping",
            Field::Pinyin(_) => "pinyin",
        }
    }
}

/// One matching entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`Catalogue::entries`].
    pub entry: usize,
    pub score: i64,
    /// Where the best match is; its text is `field.text(entry)`.
    pub field: Field,
    /// Char indices (not bytes) into that text to highlight, ascending. Filled for the hits a
    /// search was asked to mark (its `limit`); [`Engine::indices`] computes them for others.
    pub indices: Vec<usize>,
    /// How the worst-matched term matched (see [`Tier`]); ranks before the score.
    tier: Tier,
    exact_name: bool,
    name_len: u32,
}

impl Hit {
    /// How its worst term matched: hits are ranked by this first.
    pub fn tier(&self) -> Tier {
        self.tier
    }

    /// A hit for an entry shown without a query (catalogue order, nothing highlighted).
    pub fn unranked(entry: usize) -> Hit {
        Hit {
            entry,
            score: 0,
            field: Field::NameEn,
            indices: Vec::new(),
            tier: Tier::NameWord,
            exact_name: false,
            name_len: 0,
        }
    }
}

/// How a term matched an entry, best first. A hit ranks by its worst term: a query whose every
/// term is a word (or the start of one) in a name or alias ranks first, then in a tag, then a
/// Chinese name read by sound, then a word in a summary — all above a term scattered through a
/// name (`lok ma chau` finds the Loop's own entries before a long name that holds those letters
/// here and there), and that above a term found inside a word of prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// A whole word or a word's start in a name or alias (a Chinese term: anywhere, together).
    NameWord = 0,
    /// The same in a tag.
    TagWord = 1,
    /// A Chinese name or alias read by sound: syllables, run together or by initials.
    Sound = 2,
    /// A word or a word's start in a summary.
    ProseWord = 3,
    /// Elsewhere in a name or alias: a scattered subsequence, or inside a word.
    Name = 4,
    /// Inside a word of a tag or summary.
    Prose = 5,
}

/// Search over one catalogue's [`Index`]. Built once; searching only reads it.
pub struct Engine {
    index: Index,
    opencc: OnceLock<Option<ferrous_opencc::OpenCC>>,
}

/// Entries per thread below which splitting a scan costs more than it saves.
const PARALLEL_MIN: usize = 4096;

/// Entries a scan's worker takes at a time: small enough that a worker slowed by a busy
/// machine leaves the rest to the others, large enough that taking one costs nothing.
const SCAN_CHUNK: usize = 2048;

/// A scan worker's state: its tag memo, the keys it ranked, and each chunk's matches by the
/// chunk's number.
type Scanned = (TagMemo, Vec<u128>, Vec<(usize, Vec<u32>)>);

impl Engine {
    /// Indexes `catalogue` and searches that.
    pub fn new(catalogue: &Catalogue) -> Engine {
        Engine::from_index(Index::build(catalogue))
    }

    /// Searches an index as it is (one read back from the cache, say).
    pub fn from_index(index: Index) -> Engine {
        Engine {
            index,
            opencc: OnceLock::new(),
        }
    }

    /// What is searched: every entry's id, kind, names and the text of each field.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Ranks every entry that matches `input`; the first `mark` hits get their highlight indices.
    pub fn search(&self, input: &str, mark: usize) -> Result<Vec<Hit>, QueryError> {
        let query = self.parse(input)?;
        let all: Vec<u32> = (0..self.index.len() as u32).collect();
        Ok(self.run(&query, &all, mark))
    }

    /// [`Engine::search`], and when no entry matches every term of a query of several, the
    /// entries that match the most of them, marked [`Partial`] (the explorer offers them; the
    /// CLI does not).
    pub fn find(&self, input: &str, mark: usize) -> Result<Found, QueryError> {
        let hits = self.search(input, mark)?;
        self.or_partial(input, hits, mark)
    }

    fn or_partial(&self, input: &str, hits: Vec<Hit>, mark: usize) -> Result<Found, QueryError> {
        if !hits.is_empty() {
            return Ok(Found {
                hits,
                partial: None,
            });
        }
        let query = self.parse(input)?;
        Ok(self.most(&query, mark).unwrap_or_default())
    }

    /// The entries that satisfy the most groups of `q` that have a positive term (at least
    /// one, not all) and every group of negations alone, ranked as hits are, their score and
    /// tier from the groups they satisfy.
    fn most(&self, q: &Query, mark: usize) -> Option<Found> {
        let (positive, negations): (Vec<&Vec<Term>>, Vec<&Vec<Term>>) =
            q.groups.iter().partition(|g| g.iter().any(|t| !t.negated));
        if positive.len() < 2 {
            return None;
        }
        let singles: Vec<Query> = positive
            .iter()
            .map(|g| Query {
                groups: vec![(*g).clone()],
            })
            .collect();
        let filter = Query {
            groups: negations.into_iter().cloned().collect(),
        };
        let all: Vec<u32> = (0..self.index.len() as u32).collect();
        let scored: Vec<(usize, u128)> = crate::par::map_chunks(&all, PARALLEL_MIN, |part| {
            let mut memo = TagMemo::new();
            part.iter()
                .filter_map(|&i| {
                    if !filter.groups.is_empty()
                        && self.match_entry(&filter, i as usize, &mut memo).is_none()
                    {
                        return None;
                    }
                    let each: Vec<Hit> = singles
                        .iter()
                        .filter_map(|s| self.match_entry(s, i as usize, &mut memo))
                        .collect();
                    let best = each.iter().max_by_key(|h| h.score)?;
                    let hit = Hit {
                        entry: i as usize,
                        score: each.iter().map(|h| h.score).sum(),
                        field: best.field,
                        indices: Vec::new(),
                        tier: each.iter().map(|h| h.tier).max().unwrap_or(Tier::Prose),
                        exact_name: false,
                        name_len: best.name_len,
                    };
                    Some((each.len(), pack(&hit)))
                })
                .collect::<Vec<_>>()
        })
        .concat();
        let matched = scored.iter().map(|&(n, _)| n).max()?;
        let mut keys: Vec<u128> = scored
            .into_iter()
            .filter(|&(n, _)| n == matched)
            .map(|(_, k)| k)
            .collect();
        keys.sort_unstable();
        let mut hits: Vec<Hit> = keys.into_iter().map(unpack).collect();
        for hit in hits.iter_mut().take(mark) {
            hit.indices = self.indices_for(q, hit);
        }
        Some(Found {
            hits,
            partial: Some(Partial {
                matched,
                of: singles.len(),
            }),
        })
    }

    /// The query, each term typed in Simplified Chinese also given its Traditional (Hong Kong)
    /// form.
    fn parse(&self, input: &str) -> Result<Query, QueryError> {
        let mut query = Query::parse(input)?;
        if input.chars().any(is_cjk) {
            let cc = self.opencc.get_or_init(|| {
                ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::S2hk)
                    .ok()
            });
            if let Some(cc) = cc {
                query.convert(|t| t.chars().any(is_cjk).then(|| cc.convert(t)));
            }
        }
        Ok(query)
    }

    fn run(&self, query: &Query, candidates: &[u32], mark: usize) -> Vec<Hit> {
        let (ranked, _) = self.rank(query, candidates);
        self.hits(query, &ranked, mark)
    }

    /// The candidates that match, as packed keys in rank order (see [`pack`]), and in the
    /// order given (what a narrowing search starts from next).
    fn rank(&self, query: &Query, candidates: &[u32]) -> (Vec<u128>, Vec<u32>) {
        if !query.has_positive() {
            // Empty or only negations: catalogue order.
            let mut memo = TagMemo::new();
            let matched: Vec<u32> = candidates
                .iter()
                .copied()
                .filter(|&i| self.match_entry(query, i as usize, &mut memo).is_some())
                .collect();
            let ranked = matched
                .iter()
                .map(|&i| pack(&Hit::unranked(i as usize)))
                .collect();
            return (ranked, matched);
        }
        // Each worker ranks the chunks it takes; the workers' ranked keys are then merged, and
        // the chunks' matches put back in order.
        let workers = crate::par::share_chunks(
            candidates,
            PARALLEL_MIN,
            SCAN_CHUNK,
            || (TagMemo::new(), Vec::new(), Vec::new()),
            |(memo, keys, matched): &mut Scanned, k, part| {
                let start = keys.len();
                keys.extend(
                    part.iter()
                        .filter_map(|&i| self.match_entry(query, i as usize, memo))
                        .map(|h| pack(&h)),
                );
                matched.push((k, keys[start..].iter().map(|&key| key_entry(key)).collect()));
            },
        );
        let mut runs = Vec::with_capacity(workers.len());
        let mut chunks = Vec::new();
        for (_, mut keys, matched) in workers {
            keys.sort_unstable();
            runs.push(keys);
            chunks.extend(matched);
        }
        chunks.sort_unstable_by_key(|&(k, _)| k);
        let matched = chunks.into_iter().flat_map(|(_, m)| m).collect();
        (merge_sorted(runs), matched)
    }

    /// Ranked keys as hits, the first `mark` with their highlights.
    fn hits(&self, query: &Query, ranked: &[u128], mark: usize) -> Vec<Hit> {
        let mut hits: Vec<Hit> = ranked.iter().map(|&k| unpack(k)).collect();
        for hit in hits.iter_mut().take(mark) {
            hit.indices = self.indices_for(query, hit);
        }
        hits
    }

    /// Scores entry `i` against `q` (no indices); `None` when it does not match. As fzf: every
    /// group must be satisfied, a group by any of its terms — a positive one by matching, a
    /// negation by not matching any name or alias (in any of its forms).
    fn match_entry(&self, q: &Query, i: usize, memo: &mut TagMemo) -> Option<Hit> {
        let ix = self.index.view();
        let mut total = 0i64;
        let mut tier = Tier::NameWord;
        // (field, score) of each positive group's best match.
        let mut best: Option<(Field, i64)> = None;
        for group in &q.groups {
            let found = group
                .iter()
                .filter(|t| !t.negated)
                .filter_map(|t| self.best_field(t, i, memo))
                .min_by_key(|&(_, s, t)| (t, std::cmp::Reverse(s)));
            match found {
                Some((field, score, t)) => {
                    total += score;
                    tier = tier.max(t);
                    if best.is_none_or(|(_, s)| score > s) {
                        best = Some((field, score));
                    }
                }
                None => {
                    let by_negation = group
                        .iter()
                        .filter(|t| t.negated)
                        .any(|t| !self.in_names(t, i));
                    if !by_negation {
                        return None;
                    }
                }
            }
        }
        let field = best.map_or(Field::NameEn, |(f, _)| f);
        let exact_name = q.groups.len() == 1 && {
            let whole = q.groups[0].first().map_or("", |t| t.text.as_str());
            ix.fields(i).any(|f| f.text.starts_with(whole))
        };
        Some(Hit {
            entry: i,
            score: total,
            field,
            indices: Vec::new(),
            tier,
            exact_name,
            name_len: ix.name_len(i),
        })
    }

    /// Whether term `t` (any form) matches a name or alias of entry `i`: what a negation
    /// excludes.
    fn in_names(&self, t: &Term, i: usize) -> bool {
        let ix = self.index.view();
        ix.fields(i).any(|f| {
            let text = self.name_text(t, i, &f);
            t.forms().any(|(form, mask)| {
                f.mask & mask == mask
                    && match t.kind {
                        TermKind::Fuzzy => fold::is_char_subsequence(form, &text),
                        kind => locate(kind, form, &text).is_some(),
                    }
            })
        })
    }

    /// A name field's text as `t` compares it: the index's folded text, or, for a term with
    /// diacritics of its own, the original folded with them kept.
    fn name_text<'a>(&'a self, t: &Term, i: usize, f: &IndexedField<'a>) -> Cow<'a, str> {
        if t.normalize {
            Cow::Borrowed(f.text)
        } else {
            Cow::Owned(fold::fold_string_keep(self.index.text(i, f.field)))
        }
    }

    /// The term's best match in entry `i` and its [`Tier`]: a name or alias if one matches as a
    /// word; else a tag if one does; else any name; else prose (tags, then summaries).
    fn best_field(&self, t: &Term, i: usize, memo: &mut TagMemo) -> Option<(Field, i64, Tier)> {
        let ix = self.index.view();
        let better = |a: (i64, Tier), b: Option<(Field, i64, Tier)>| {
            b.is_none_or(|(_, bs, bt)| (a.1, Reverse(a.0)) <= (bt, Reverse(bs)))
        };
        let mut name: Option<(Field, i64, Tier)> = None;
        if t.forms().any(|(_, m)| ix.name_mask(i) & m == m) {
            for f in ix.fields(i) {
                let text = self.name_text(t, i, &f);
                for (form, m) in t.forms() {
                    if f.mask & m != m {
                        continue;
                    }
                    if let Some(s) = self.score(form, t.kind, &text) {
                        let tier = if word_hit(t.kind, form, &text) {
                            Tier::NameWord
                        } else {
                            Tier::Name
                        };
                        if better((s, tier), name) {
                            name = Some((f.field, s, tier));
                        }
                    }
                }
            }
        }
        if let Some(hit @ (_, _, Tier::NameWord)) = name {
            return Some(hit);
        }
        // The rest is tried in tier order, stopping as soon as nothing later can win: a word in
        // a tag beats everything but a name word, a reading everything after it.
        let tags = self.best_prose(t, i, 0..ix.tag_count(i), false, memo);
        if let Some(hit @ (_, _, Tier::TagWord)) = tags {
            return Some(hit);
        }
        // By sound: a term of plain letters, read in the syllables of the Chinese names.
        if t.kind == TermKind::Fuzzy && sound::eligible(&t.text) {
            for f in ix.readings(i) {
                if f.mask & t.mask != t.mask {
                    continue;
                }
                if let Some(s) = sound::score_in(&t.text, f.syllables())
                    && better((s, Tier::Sound), name)
                {
                    name = Some((f.field, s, Tier::Sound));
                }
            }
        }
        if let Some(hit @ (_, _, Tier::Sound)) = name {
            return Some(hit);
        }
        // Tags before summaries, a tag winning a tie, as one pass over both would.
        let summaries = self.best_prose(t, i, 0..0, true, memo);
        let prose = match (tags, summaries) {
            (Some(a), Some(b)) if (b.2, Reverse(b.1)) < (a.2, Reverse(a.1)) => Some(b),
            (Some(a), _) => Some(a),
            (None, b) => b,
        };
        match (name, prose) {
            (Some(n), Some(p)) if p.2 < n.2 => Some(p),
            (Some(n), _) => Some(n),
            (None, p) => p,
        }
    }

    /// The term's best match in entry `i`'s tags in `tags` and, if `summaries`, its summaries
    /// (in that order, the first winning a tie), matched as written (a fuzzy term must occur
    /// as it is, or any three letters would match any summary); a tag also without its
    /// punctuation (`startups` finds `start-ups`). A tag's match depends only on its text, so
    /// it is worked out once per search and term ([`TagMemo`]).
    fn best_prose(
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

    fn score(&self, form: &str, kind: TermKind, text: &str) -> Option<i64> {
        match kind {
            TermKind::Fuzzy => {
                if !is_subsequence(form, text) {
                    return None;
                }
                let mut chars = form.chars();
                match (chars.next(), chars.next(), chars.next()) {
                    (Some(c), None, _) => single_char_score(text, c),
                    (Some(a), Some(b), None) => two_char_score(text, a, b),
                    _ => fuzzy_score(text, form),
                }
            }
            _ => locate(kind, form, text).map(|at| exact_score(form, text, at)),
        }
    }
}

/// A hit as one integer that sorts in rank order (smaller first), so that scans move and sort
/// 16 bytes a hit: from the top bits, the tier (3), inverted score (32), not-an-exact-name
/// (1), name length (16), entry (32), then the field (16), which never decides since entries
/// are unique.
fn pack(h: &Hit) -> u128 {
    let score = (h.score.clamp(-(1 << 30), 1 << 30) + (1 << 30)) as u32;
    let (kind, index) = match h.field {
        Field::NameEn => (0, 0),
        Field::NameZh => (1, 0),
        Field::Alias(i) => (2, i),
        Field::Tag(i) => (3, i),
        Field::SummaryEn => (4, 0),
        Field::SummaryZh => (5, 0),
        Field::Jyutping(c) => (6, c),
        Field::Pinyin(c) => (7, c),
    };
    let field = (kind << 13) | u128::from(index & 0x1FFF);
    (u128::from(h.tier as u8) << 97)
        | (u128::from(u32::MAX - score) << 65)
        | (u128::from(!h.exact_name) << 64)
        | (u128::from(h.name_len.min(0xFFFF)) << 48)
        | ((h.entry as u128 & 0xFFFF_FFFF) << 16)
        | field
}

/// The entry a packed key is for.
fn key_entry(k: u128) -> u32 {
    ((k >> 16) & 0xFFFF_FFFF) as u32
}

/// Sorted runs merged into one sorted list (two at a time: a scan has a run per core).
fn merge_sorted(mut runs: Vec<Vec<u128>>) -> Vec<u128> {
    while runs.len() > 1 {
        let mut next = Vec::with_capacity(runs.len().div_ceil(2));
        let mut it = runs.into_iter();
        while let Some(a) = it.next() {
            match it.next() {
                Some(b) => next.push(merge_two(&a, &b)),
                None => next.push(a),
            }
        }
        runs = next;
    }
    runs.pop().unwrap_or_default()
}

fn merge_two(a: &[u128], b: &[u128]) -> Vec<u128> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        if x <= y {
            out.push(x);
            i += 1;
        } else {
            out.push(y);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

fn unpack(k: u128) -> Hit {
    let index = (k & 0x1FFF) as u16;
    let field = match (k >> 13) & 7 {
        0 => Field::NameEn,
        1 => Field::NameZh,
        2 => Field::Alias(index),
        3 => Field::Tag(index),
        4 => Field::SummaryEn,
        5 => Field::SummaryZh,
        6 => Field::Jyutping(index),
        _ => Field::Pinyin(index),
    };
    Hit {
        entry: key_entry(k) as usize,
        score: i64::from(u32::MAX - ((k >> 65) & 0xFFFF_FFFF) as u32) - (1 << 30),
        field,
        indices: Vec::new(),
        tier: match (k >> 97) & 7 {
            0 => Tier::NameWord,
            1 => Tier::TagWord,
            2 => Tier::Sound,
            3 => Tier::ProseWord,
            4 => Tier::Name,
            _ => Tier::Prose,
        },
        exact_name: (k >> 64) & 1 == 0,
        name_len: ((k >> 48) & 0xFFFF) as u32,
    }
}

/// Term `t`'s best match in one tag's or summary's `text` (its score and tier), trying only
/// the forms whose chars are all in `mask` (the field's, or its group's: a filter, never a
/// reason for a miss).
fn prose_match(t: &Term, text: &str, is_tag: bool, mask: u64) -> Option<(i64, Tier)> {
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
pub(crate) struct TagMemo {
    slots: Vec<Option<MemoSlot>>,
}

/// A term's address, a tag's string number, and the tag's match (score and tier), if any.
type MemoSlot = (usize, u32, Option<(i64, Tier)>);

impl TagMemo {
    const SLOTS: usize = 256;
    const PROBES: usize = 8;

    fn new() -> TagMemo {
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

/// Best first: name hits, score, exact or prefix name match, shorter name, catalogue order —
/// the order [`pack`] encodes, spelled out for its test.
#[cfg(test)]
fn rank(a: &Hit, b: &Hit) -> Ordering {
    a.tier
        .cmp(&b.tier)
        .then(b.score.cmp(&a.score))
        .then(b.exact_name.cmp(&a.exact_name))
        .then(a.name_len.cmp(&b.name_len))
        .then(a.entry.cmp(&b.entry))
}

pub(super) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// What a search found for the explorer: see [`Engine::find`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// Set when no entry matches every term and `hits` are those that match the most.
    pub partial: Option<Partial>,
}

/// How partial the hits of a [`Found`] are: they match `matched` of the query's `of` terms
/// (groups, counting `a | b` as one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partial {
    pub matched: usize,
    pub of: usize,
}

/// A query ready to highlight with: see [`Engine::prepare`].
pub struct Prepared(Query);

/// A search that remembers its last query and results, for typing one key at a time.
#[derive(Default)]
pub struct Searcher {
    last: Option<Last>,
}

/// A [`Searcher`]'s last query, the entries it matched (in catalogue order) and its ranking.
struct Last {
    query: Query,
    matched: Vec<u32>,
    ranked: Vec<u128>,
}

impl Searcher {
    pub fn new() -> Searcher {
        Searcher::default()
    }

    /// Like [`Engine::search`], searching only the previous results when the new query can only
    /// narrow them, and not at all when it is the same query (a space typed between words).
    /// Returns exactly what a fresh search returns.
    pub fn search(
        &mut self,
        engine: &Engine,
        input: &str,
        mark: usize,
    ) -> Result<Vec<Hit>, QueryError> {
        let query = engine.parse(input)?;
        if let Some(last) = self.last.as_ref().filter(|l| l.query == query) {
            return Ok(engine.hits(&query, &last.ranked, mark));
        }
        let narrowed = self.last.as_ref().filter(|l| query.narrows(&l.query));
        let (ranked, matched) = match narrowed {
            Some(last) => engine.rank(&query, &last.matched),
            None => {
                let all: Vec<u32> = (0..engine.index.len() as u32).collect();
                engine.rank(&query, &all)
            }
        };
        let hits = engine.hits(&query, &ranked, mark);
        self.last = Some(Last {
            query,
            matched,
            ranked,
        });
        Ok(hits)
    }

    /// [`Searcher::search`], then, if nothing matches every term, what [`Engine::find`] offers.
    pub fn find(&mut self, engine: &Engine, input: &str, mark: usize) -> Result<Found, QueryError> {
        let hits = self.search(engine, input, mark)?;
        engine.or_partial(input, hits, mark)
    }

    /// Forget the last results (for a new catalogue).
    pub fn reset(&mut self) {
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scan shared out among workers, chunk by chunk as they come free, ranks exactly as one
    /// pass over the entries in order does, and hands back its matches in catalogue order.
    #[test]
    fn a_shared_scan_ranks_as_one_pass_in_order() {
        let mut text =
            String::from("[catalogue]\ntitle = { en = \"T\", zh = \"T\" }\nas_at = \"2023-06\"\n");
        let words = [
            "Innovation",
            "Scheme",
            "Talent",
            "Fund",
            "Park",
            "Robotics",
            "Science",
        ];
        for i in 0..3 * PARALLEL_MIN {
            let (a, b) = (words[i % 7], words[(i / 7) % 7]);
            text.push_str(&format!(
                "[[entry]]\nid = \"e-{i}\"\nkind = \"fund\"\nname = {{ en = \"{a} {b} {i}\", zh = \"創新{i}\" }}\n\
                 tags = [\"{}\"]\nsummary = {{ en = \"About {b} in round {i}.\", zh = \"第{i}輪\" }}\nsource = [\"x\"]\n",
                ["funding", "robotics", "cybersecurity", "manufacturing", "open-data"][i % 5],
            ));
        }
        let cat = crate::catalogue::parse_str(&text, "shared.toml").unwrap();
        let engine = Engine::new(&cat);
        let all: Vec<u32> = (0..cat.len() as u32).collect();
        for input in [
            "inn",
            "sc",
            "tal fund",
            "'park | robo",
            "!fund",
            "science !park",
            "e 1",
            "open",
        ] {
            let q = engine.parse(input).unwrap();
            let mut memo = TagMemo::new();
            let mut keys: Vec<u128> = all
                .iter()
                .filter_map(|&i| engine.match_entry(&q, i as usize, &mut memo))
                .map(|h| {
                    if q.has_positive() {
                        pack(&h)
                    } else {
                        pack(&Hit::unranked(h.entry))
                    }
                })
                .collect();
            let matched: Vec<u32> = keys.iter().map(|&k| key_entry(k)).collect();
            keys.sort_unstable();
            for _ in 0..3 {
                let (ranked, got) = engine.rank(&q, &all);
                assert!(ranked == keys, "{input}: ranking");
                assert!(got == matched, "{input}: matches in order");
            }
            assert!(matched.len() > 10, "{input}: {} matches", matched.len());
        }
    }

    #[test]
    fn sorted_runs_merge_into_the_sorted_whole() {
        let mut seed = 7u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            u128::from(seed % 1000)
        };
        for sizes in [
            vec![],
            vec![5],
            vec![0, 3],
            vec![4, 4],
            vec![7, 0, 9],
            vec![3, 8, 1, 6, 2],
        ] {
            let runs: Vec<Vec<u128>> = sizes
                .iter()
                .map(|&n| {
                    let mut run: Vec<u128> = (0..n).map(|_| next()).collect();
                    run.sort_unstable();
                    run
                })
                .collect();
            let mut whole = runs.concat();
            whole.sort_unstable();
            assert_eq!(merge_sorted(runs), whole, "{sizes:?}");
        }
    }

    #[test]
    fn packed_keys_round_trip_and_sort_in_rank_order() {
        let hits = [
            Hit {
                entry: 7,
                score: 120,
                field: Field::Alias(3),
                indices: vec![],
                tier: Tier::NameWord,
                exact_name: false,
                name_len: 19,
            },
            Hit {
                entry: 2,
                score: 120,
                field: Field::NameEn,
                indices: vec![],
                tier: Tier::NameWord,
                exact_name: true,
                name_len: 30,
            },
            Hit {
                entry: 9,
                score: 300,
                field: Field::SummaryZh,
                indices: vec![],
                tier: Tier::Prose,
                exact_name: false,
                name_len: 5,
            },
            Hit {
                entry: 1,
                score: -5,
                field: Field::Tag(2),
                indices: vec![],
                tier: Tier::NameWord,
                exact_name: false,
                name_len: 19,
            },
        ];
        for h in &hits {
            assert_eq!(&unpack(pack(h)), h);
        }
        let mut by_key = hits.to_vec();
        by_key.sort_by_key(pack);
        let mut by_rank = hits.to_vec();
        by_rank.sort_by(rank);
        assert_eq!(by_key, by_rank);
    }
}
