//! Searching as the user types: a [`Searcher`] remembers its last query, what it matched and
//! how it ranked, so that a query that can only narrow the last one searches only its matches,
//! and the same query again is not searched at all.

use super::query::Query;
use super::{Engine, Found, Hit, QueryError};

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
