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
mod hit;
mod index;
mod keys;
mod prose;
mod query;
mod rank;
mod score;
mod searcher;
pub mod sound;

use std::borrow::Cow;
use std::cmp::Reverse;
use std::sync::OnceLock;

use crate::catalogue::Catalogue;
use fold::is_subsequence;
pub use hit::{Field, FirstScreen, Found, Hit, Partial, Tier};
pub use index::Index;
use index::IndexedField;
pub(crate) use index::encode_part;
use keys::{pack, unpack};
use prose::TagMemo;
pub use query::{Query, QueryError, Term, TermKind};
pub(crate) use score::locate;
use score::{exact_score, word_hit};
pub use score::{fuzzy_score, single_char_score, two_char_score};
pub use searcher::Searcher;

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
                pending: 0,
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
                        && self
                            .match_entry(&filter, i as usize, &mut memo, Tier::Prose)
                            .is_none()
                    {
                        return None;
                    }
                    let each: Vec<Hit> = singles
                        .iter()
                        .filter_map(|s| self.match_entry(s, i as usize, &mut memo, Tier::Prose))
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
            pending: 0,
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
    ///
    /// The hit is exact if its tier is `upto` or better. One that ranks below `upto` has a tier
    /// below it, not necessarily its own, and nothing else of it is worked out (`rank.rs` asks
    /// for less than [`Tier::Prose`], the worst, to rank a first screen before the rest).
    fn match_entry(&self, q: &Query, i: usize, memo: &mut TagMemo, upto: Tier) -> Option<Hit> {
        let ix = self.index.view();
        let mut total = 0i64;
        let mut tier = Tier::NameWord;
        // (field, score) of the positive group with the best match (the first, on a tie).
        let mut best: Option<(Field, i64)> = None;
        // Last group first: the one being typed, which most often rules an entry out (the
        // others matched it a key ago), so that fewer entries try them all.
        for group in q.groups.iter().rev() {
            let found = group
                .iter()
                .filter(|t| !t.negated)
                .filter_map(|t| self.best_field(t, i, memo, upto))
                .min_by_key(|&(_, s, t)| (t, std::cmp::Reverse(s)));
            match found {
                Some((field, score, t)) => {
                    total += score;
                    tier = tier.max(t);
                    if best.is_none_or(|(_, s)| score >= s) {
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
        if tier > upto {
            // Below what is wanted exactly: it matches, and that is all.
            return Some(Hit {
                tier,
                ..Hit::unranked(i)
            });
        }
        let exact_name = q.groups.len() == 1 && {
            let whole = q.groups[0].first().map_or("", |t| t.text.as_str());
            ix.fields(i).any(|f| f.text().starts_with(whole))
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
            if t.forms().all(|(_, m)| f.mask & m != m) {
                return false;
            }
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
            Cow::Borrowed(f.text())
        } else {
            Cow::Owned(fold::fold_string_keep(self.index.text(i, f.field)))
        }
    }

    /// The term's best match in entry `i` and its [`Tier`]: a name or alias if one matches as a
    /// word; else a tag if one does; else any name; else prose (tags, then summaries).
    ///
    /// Exact if its tier is `upto` or better; else a match with some tier below `upto`, and
    /// the work that would rank it not done: names that match only scattered are not scored
    /// (below [`Tier::Name`]), and the later tiers are not tried once something matches.
    fn best_field(
        &self,
        t: &Term,
        i: usize,
        memo: &mut TagMemo,
        upto: Tier,
    ) -> Option<(Field, i64, Tier)> {
        let ix = self.index.view();
        let better = |a: (i64, Tier), b: Option<(Field, i64, Tier)>| {
            b.is_none_or(|(_, bs, bt)| (a.1, Reverse(a.0)) <= (bt, Reverse(bs)))
        };
        let mut name: Option<(Field, i64, Tier)> = None;
        if t.forms().any(|(_, m)| ix.name_mask(i) & m == m) {
            for f in ix.fields(i) {
                // The text only once some form's chars are all in the field.
                if t.forms().all(|(_, m)| f.mask & m != m) {
                    continue;
                }
                let text = self.name_text(t, i, &f);
                for (form, m) in t.forms() {
                    if f.mask & m != m {
                        continue;
                    }
                    let Some(found) = self.name_match(form, t.kind, &text, upto) else {
                        continue;
                    };
                    if better(found, name) {
                        name = Some((f.field, found.0, found.1));
                    }
                }
            }
        }
        if let Some(hit @ (_, _, Tier::NameWord)) = name {
            return Some(hit);
        }
        // The rest is tried in tier order, stopping as soon as nothing later can win: a word in
        // a tag beats everything but a name word, a reading everything after it. Below `upto`,
        // as soon as something matches: it ranks below `upto` whatever comes later.
        let beyond = |tier: Tier, found: Option<(Field, i64, Tier)>| found.filter(|_| upto < tier);
        if let Some(hit) = beyond(Tier::TagWord, name) {
            return Some(hit);
        }
        let tags = self.best_prose(t, i, 0..ix.tag_count(i), false, memo);
        if let Some(hit @ (_, _, Tier::TagWord)) = tags {
            return Some(hit);
        }
        if let Some(hit) = beyond(Tier::Sound, name.or(tags)) {
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
        if let Some(hit) = beyond(Tier::ProseWord, name.or(tags)) {
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

    /// A name field's match of `form`: its score and tier; below `upto` [`Tier::Name`], a match
    /// that is not a word is not scored (0).
    fn name_match(
        &self,
        form: &str,
        kind: TermKind,
        text: &str,
        upto: Tier,
    ) -> Option<(i64, Tier)> {
        if upto >= Tier::Name {
            let s = self.score(form, kind, text)?;
            let tier = if word_hit(kind, form, text) {
                Tier::NameWord
            } else {
                Tier::Name
            };
            return Some((s, tier));
        }
        // Whether it matches as a word, then at all (as the score would say, without it).
        if word_hit(kind, form, text) {
            return Some((self.score(form, kind, text)?, Tier::NameWord));
        }
        let matches = match kind {
            TermKind::Fuzzy => fold::is_char_subsequence(form, text),
            kind => locate(kind, form, text).is_some(),
        };
        matches.then_some((0, Tier::Name))
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

pub(super) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// A query ready to highlight with: see [`Engine::prepare`].
pub struct Prepared(Query);

#[cfg(test)]
mod tests {
    use super::*;
    use keys::key_entry;

    /// Queries for [`scan_catalogue`]: fuzzy, exact, alternatives, negations, several terms.
    pub(super) const SCAN_QUERIES: [&str; 8] = [
        "inn",
        "sc",
        "tal fund",
        "'park | robo",
        "!fund",
        "science !park",
        "e 1",
        "open",
    ];

    /// 12,288 entries of a few words: enough for a scan to be shared out among workers.
    pub(super) fn scan_catalogue() -> Catalogue {
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
            "Operation",
        ];
        for i in 0..3 * PARALLEL_MIN {
            let (a, b) = (words[i % 8], words[(i / 8) % 8]);
            text.push_str(&format!(
                "[[entry]]\nid = \"e-{i}\"\nkind = \"fund\"\nname = {{ en = \"{a} {b} {i}\", zh = \"創新{i}\" }}\n\
                 tags = [\"{}\"]\nsummary = {{ en = \"About {b} in round {i}.\", zh = \"第{i}輪\" }}\nsource = [\"x\"]\n",
                ["funding", "robotics", "cybersecurity", "manufacturing", "open-data"][i % 5],
            ));
        }
        crate::catalogue::parse_str(&text, "shared.toml").unwrap()
    }

    /// A scan shared out among workers, chunk by chunk as they come free, ranks exactly as one
    /// pass over the entries in order does, and hands back its matches in catalogue order.
    #[test]
    fn a_shared_scan_ranks_as_one_pass_in_order() {
        let cat = scan_catalogue();
        let engine = Engine::new(&cat);
        let all: Vec<u32> = (0..cat.len() as u32).collect();
        for input in SCAN_QUERIES {
            let q = engine.parse(input).unwrap();
            let mut memo = TagMemo::new();
            let mut keys: Vec<u128> = all
                .iter()
                .filter_map(|&i| engine.match_entry(&q, i as usize, &mut memo, Tier::Prose))
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
}
