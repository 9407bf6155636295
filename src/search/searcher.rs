//! Searching as the user types: a [`Searcher`] remembers its last query, what it matched and
//! how it ranked, so that a query that can only narrow the last one searches only its matches,
//! and the same query again is not searched at all. It also keeps the matches of the few
//! queries before: a term of one letter is not read by sound and one of two is, so `talent hu`
//! does not narrow `talent h`, but it narrows `talent`.
//!
//! A keystroke in the explorer waits only for its first screen ([`Searcher::find_top`]): the
//! matches, with the best of them ranked exactly (see `rank.rs`); [`Searcher::settle`] then
//! ranks the rest, unless a newer keystroke has come.

use std::collections::VecDeque;

use super::query::Query;
use super::rank::Ranking;
use super::{Engine, FirstScreen, Found, Hit, QueryError};

/// A search that remembers its last query and results, for typing one key at a time.
#[derive(Default)]
pub struct Searcher {
    last: Option<Last>,
    /// The queries before the last and their matches, the latest last.
    earlier: VecDeque<(Query, Vec<u32>)>,
}

/// How many queries before the last a [`Searcher`] keeps the matches of.
const EARLIER: usize = 4;

/// A [`Searcher`]'s last query, and its matches: all of them, and their ranking (whole, or its
/// top and the rest, see [`Ranking`]).
struct Last {
    query: Query,
    ranking: Ranking,
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
        if self.last.as_ref().is_some_and(|l| l.query == query) {
            if let Some(hits) = self.settle(engine, mark, &|| false) {
                return Ok(hits);
            }
        }
        let candidates = self.candidates(engine, &query);
        let (ranked, matched) = engine.rank(&query, &candidates);
        let hits = engine.hits(&query, &ranked, mark);
        self.remember(Last {
            query,
            ranking: Ranking {
                ranked,
                rest: Vec::new(),
                matched,
            },
        });
        Ok(hits)
    }

    /// The first screen of a search: every hit, enough of the first to fill `screen` (or all)
    /// in their final order and the first `mark` highlighted; the last [`Found::pending`] hits
    /// are the other matches in catalogue order, which [`Searcher::settle`] ranks. If nothing
    /// matches every term, what [`Engine::find`] offers, whole.
    pub fn find_top(
        &mut self,
        engine: &Engine,
        input: &str,
        screen: FirstScreen,
        mark: usize,
    ) -> Result<Found, QueryError> {
        let query = engine.parse(input)?;
        if self.last.as_ref().is_none_or(|l| l.query != query) {
            let candidates = self.candidates(engine, &query);
            let ranking = engine.rank_top(&query, &candidates, screen);
            self.remember(Last { query, ranking });
        }
        let Some(last) = &self.last else {
            return Ok(Found::default());
        };
        let Ranking { ranked, rest, .. } = &last.ranking;
        let mut hits = engine.hits(&last.query, ranked, mark);
        hits.extend(rest.iter().map(|&i| Hit::unranked(i as usize)));
        let found = engine.or_partial(input, hits, mark)?;
        Ok(Found {
            pending: if found.partial.is_some() {
                0
            } else {
                rest.len()
            },
            ..found
        })
    }

    /// The whole ranking of the last search, its first `mark` hits highlighted; `None` if
    /// there is no last search, or `stop` (asked between chunks of work) said to stop. Ranks
    /// only what the last [`Searcher::find_top`] left.
    pub fn settle(
        &mut self,
        engine: &Engine,
        mark: usize,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        let last = self.last.as_mut()?;
        if !last.ranking.rest.is_empty() {
            last.ranking.ranked = engine.settle(&last.query, &last.ranking, stop)?;
            last.ranking.rest = Vec::new();
        }
        Some(engine.hits(&last.query, &last.ranking.ranked, mark))
    }

    /// [`Searcher::search`], then, if nothing matches every term, what [`Engine::find`] offers.
    pub fn find(&mut self, engine: &Engine, input: &str, mark: usize) -> Result<Found, QueryError> {
        let hits = self.search(engine, input, mark)?;
        engine.or_partial(input, hits, mark)
    }

    /// Forget the last results (for a new catalogue).
    pub fn reset(&mut self) {
        self.last = None;
        self.earlier.clear();
    }

    /// `last` is the last search now; the one before joins the earlier ones.
    fn remember(&mut self, last: Last) {
        if let Some(before) = self.last.replace(last) {
            if self.earlier.len() == EARLIER {
                self.earlier.pop_front();
            }
            self.earlier
                .push_back((before.query, before.ranking.matched));
        }
    }

    /// What `query` must search: the fewest matches of a remembered query it can only narrow,
    /// else every entry.
    fn candidates(&self, engine: &Engine, query: &Query) -> Vec<u32> {
        let last = self.last.iter().map(|l| (&l.query, &l.ranking.matched));
        let earlier = self.earlier.iter().map(|(q, m)| (q, m));
        match last
            .chain(earlier)
            .filter(|(q, _)| query.narrows(q))
            .min_by_key(|(_, m)| m.len())
        {
            Some((_, matched)) => matched.clone(),
            None => (0..engine.index.len() as u32).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `talent hu` does not narrow `talent h` (a letter is not read by sound, two are), but
    /// it narrows `talent`, typed two keys before: it searches only what that matched, and finds
    /// what a fresh search finds.
    #[test]
    fn a_query_narrows_an_earlier_one_when_not_the_last() {
        let cat = crate::catalogue::shipped().unwrap();
        let engine = Engine::new(&cat);
        let mut searcher = Searcher::new();
        for typed in [
            "t", "ta", "tal", "tale", "talen", "talent", "talent ", "talent h",
        ] {
            searcher
                .find_top(&engine, typed, FirstScreen::rows(5), 0)
                .unwrap();
        }
        let query = engine.parse("talent hu").unwrap();
        let last = &searcher.last.as_ref().unwrap().query;
        assert!(!query.narrows(last));
        let talent = engine.parse("talent").unwrap();
        let (_, matched) = engine.rank(&talent, &(0..cat.len() as u32).collect::<Vec<_>>());
        assert!(matched.len() < cat.len());
        assert_eq!(searcher.candidates(&engine, &query), matched);
        let hits = searcher.search(&engine, "talent hu", 0).unwrap();
        assert_eq!(hits, engine.search("talent hu", 0).unwrap());
        searcher.reset();
        assert_eq!(searcher.candidates(&engine, &query).len(), cat.len());
    }
}
