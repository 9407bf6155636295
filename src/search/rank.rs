//! Ranking a query's matches: all in one pass ([`Engine::rank`]), or the first screen first
//! ([`Engine::rank_top`], then [`Engine::settle`]), which is what a keystroke in the explorer
//! waits for.
//!
//! A scan that ranks every match scores every name that matches: for a short query, most of
//! 100,000 entries, where the explorer shows forty. Hits rank by tier first, and a name word
//! ([`Tier::NameWord`]) ranks above every other tier. So a first pass (a *triage*) scores only
//! the entries that match as a name word and, of the others, works out only whether they match
//! (stopping at the first name that does). When the name words fill the first screen, they are
//! its exact ranking and the rest can wait: each ranks below all of them. When they do not, the
//! rest is ranked up to the next rung of a ladder of tiers ([`LADDER`]): what tags and readings
//! find, without searching a summary or scoring a name; then everything. [`Engine::settle`]
//! ranks what was left; the whole is exactly what [`Engine::rank`] gives, which a property test
//! holds. Every scan is one [`Engine::scan_upto`], shared out among the cores chunk by chunk.
//!
//! Either way the matches themselves, which a narrowing search starts from, are exact at once.

use super::keys::{key_entry, merge_sorted, pack};
use super::prose::TagMemo;
use super::query::Query;
use super::{Engine, FirstScreen, Hit, PARALLEL_MIN, SCAN_CHUNK, Tier};

/// A ranking of a query's matches, final at least at its top: see [`Engine::rank_top`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Ranking {
    /// Matches as packed keys in their final rank order; each ranks above every entry of `rest`.
    pub(super) ranked: Vec<u128>,
    /// The other matches, in catalogue order: not ranked yet.
    pub(super) rest: Vec<u32>,
    /// Every match, in the order of the candidates.
    pub(super) matched: Vec<u32>,
}

/// The tiers a first screen is ranked to, in turn, until it is full: name words (a triage:
/// whether the others match, no more), then tags and readings (no summary searched, no name
/// scored), then everything.
const LADDER: [Tier; 3] = [Tier::NameWord, Tier::Sound, Tier::Prose];

/// What a scan worker keeps: its tag memo, the keys it ranked, each chunk's matches and
/// unranked matches by the chunk's number, and whether it was told to stop.
struct Scanning {
    memo: TagMemo,
    keys: Vec<u128>,
    chunks: Vec<(usize, Vec<u32>, Vec<u32>)>,
    stopped: bool,
}

impl Engine {
    /// The candidates that match, as packed keys in rank order (see [`pack`]), and in the
    /// order given (what a narrowing search starts from next).
    pub(super) fn rank(&self, query: &Query, candidates: &[u32]) -> (Vec<u128>, Vec<u32>) {
        if !query.has_positive() {
            // Empty or only negations: catalogue order.
            let mut memo = TagMemo::new();
            let matched: Vec<u32> = candidates
                .iter()
                .copied()
                .filter(|&i| {
                    self.match_entry(query, i as usize, &mut memo, Tier::Prose)
                        .is_some()
                })
                .collect();
            let ranked = matched
                .iter()
                .map(|&i| pack(&Hit::unranked(i as usize)))
                .collect();
            return (ranked, matched);
        }
        match self.scan_upto(query, candidates, Tier::Prose, &|| false) {
            Some(scan) => (scan.ranked, scan.matched),
            None => (Vec::new(), Vec::new()),
        }
    }

    /// The candidates that match `query`, ranked exactly until `screen` is full (or all of
    /// them are), the rest left for [`Engine::settle`]. See the module docs.
    pub(super) fn rank_top(
        &self,
        query: &Query,
        candidates: &[u32],
        screen: FirstScreen,
    ) -> Ranking {
        if !query.has_positive() {
            let (ranked, matched) = self.rank(query, candidates);
            return Ranking {
                ranked,
                rest: Vec::new(),
                matched,
            };
        }
        let never = &|| false;
        let Some(mut top) = self.scan_upto(query, candidates, LADDER[0], never) else {
            return Ranking::default();
        };
        for &upto in &LADDER[1..] {
            if top.rest.is_empty() || self.fills(screen, &top.ranked) {
                break;
            }
            // Each step's hits rank below the last's: their tiers are worse.
            let Some(step) = self.scan_upto(query, &top.rest, upto, never) else {
                break;
            };
            top.ranked.extend(step.ranked);
            top.rest = step.rest;
        }
        top
    }

    /// Whether `ranked` holds a screen's worth of rows (of its kind, if it has one).
    fn fills(&self, screen: FirstScreen, ranked: &[u128]) -> bool {
        match screen.kind {
            None => ranked.len() >= screen.rows,
            Some(kind) => {
                let ix = self.index.view();
                ranked
                    .iter()
                    .filter(|&&k| ix.kind(key_entry(k) as usize) == kind)
                    .take(screen.rows)
                    .count()
                    >= screen.rows
            }
        }
    }

    /// The whole ranking of `top`: its ranked keys, then its rest ranked (each ranks below all
    /// of the first). `None` if `stop` said to stop before the end (it is asked between
    /// chunks, from every worker): a newer query has come.
    pub(super) fn settle(
        &self,
        query: &Query,
        top: &Ranking,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<u128>> {
        let rest = self.scan_upto(query, &top.rest, Tier::Prose, stop)?;
        let mut keys = Vec::with_capacity(top.ranked.len() + rest.ranked.len());
        keys.extend_from_slice(&top.ranked);
        keys.extend(rest.ranked);
        Some(keys)
    }

    /// The matches among `entries` as a [`Ranking`]: those of tier `upto` or better ranked,
    /// the others in `rest`, all of them in `matched` (both in the order of `entries`). `None`
    /// if `stop` said to stop.
    fn scan_upto(
        &self,
        query: &Query,
        entries: &[u32],
        upto: Tier,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Ranking> {
        let workers = crate::par::share_chunks(
            entries,
            PARALLEL_MIN,
            SCAN_CHUNK,
            || Scanning {
                memo: TagMemo::new(),
                keys: Vec::new(),
                chunks: Vec::new(),
                stopped: false,
            },
            |w: &mut Scanning, k, part| {
                if w.stopped || stop() {
                    w.stopped = true;
                    return;
                }
                let (mut matched, mut rest) = (Vec::new(), Vec::new());
                for &i in part {
                    let Some(hit) = self.match_entry(query, i as usize, &mut w.memo, upto) else {
                        continue;
                    };
                    matched.push(i);
                    if hit.tier <= upto {
                        w.keys.push(pack(&hit));
                    } else {
                        rest.push(i);
                    }
                }
                w.chunks.push((k, matched, rest));
            },
        );
        let mut runs = Vec::with_capacity(workers.len());
        let mut chunks = Vec::new();
        for mut w in workers {
            if w.stopped {
                return None;
            }
            w.keys.sort_unstable();
            runs.push(w.keys);
            chunks.extend(w.chunks);
        }
        chunks.sort_unstable_by_key(|c| c.0);
        let mut scan = Ranking {
            ranked: merge_sorted(runs),
            ..Ranking::default()
        };
        for (_, matched, rest) in chunks {
            scan.matched.extend(matched);
            scan.rest.extend(rest);
        }
        Some(scan)
    }
}

#[cfg(test)]
mod tests {
    use super::super::keys::unpack;
    use super::*;
    use crate::catalogue::Kind;

    /// A first screen is the top of the whole ranking, its matches are all of them, and
    /// settling it gives the whole ranking: for queries whose name words fill it and queries
    /// whose do not (the ladder's next rungs then), on a catalogue shared out among workers and
    /// on the shipped one.
    #[test]
    fn a_first_screen_is_the_top_of_the_whole_ranking() {
        let scan = crate::search::tests::scan_catalogue();
        let shipped = crate::catalogue::shipped().unwrap();
        let more = [
            "i",
            "cy",
            "rou",
            "chong",
            "cs",
            "ab",
            "und",
            "創新",
            "funding !sc",
            "^sci",
            "ence$",
            "fnd",
            "hk",
            "kp",
            "ts",
            "tech",
            "talent hub",
            "zzz",
        ];
        let inputs = crate::search::tests::SCAN_QUERIES.into_iter().chain(more);
        for (cat, name) in [(&scan, "scan"), (&shipped, "shipped")] {
            let engine = Engine::new(cat);
            let all: Vec<u32> = (0..cat.len() as u32).collect();
            let mut left_rest = 0;
            let mut laddered = 0;
            for input in inputs.clone() {
                let q = engine.parse(input).unwrap();
                let (whole, matched) = engine.rank(&q, &all);
                let screens = [0, 1, 5, 40, 200, 5000, usize::MAX]
                    .map(FirstScreen::rows)
                    .into_iter()
                    .chain([Kind::Park, Kind::Fund, Kind::Talent].map(|k| FirstScreen {
                        rows: 5,
                        kind: Some(k),
                    }));
                for screen in screens {
                    let what = format!("{name}: {input:?}, {screen:?}");
                    let top = engine.rank_top(&q, &all, screen);
                    assert!(top.matched == matched, "{what}: matches");
                    let n = top.ranked.len();
                    let of_kind = |keys: &[u128]| {
                        keys.iter()
                            .filter(|&&k| {
                                screen.kind.is_none_or(|kind| {
                                    cat.entries()[key_entry(k) as usize].kind == kind
                                })
                            })
                            .count()
                    };
                    let filled = of_kind(&top.ranked);
                    assert!(
                        filled >= screen.rows.min(of_kind(&whole)),
                        "{what}: {filled} ranked"
                    );
                    assert!(top.ranked[..] == whole[..n], "{what}: the top");
                    let mut rest: Vec<u32> = whole[n..].iter().map(|&k| key_entry(k)).collect();
                    rest.sort_unstable();
                    assert!(top.rest == rest, "{what}: the rest, in catalogue order");
                    let settled = engine.settle(&q, &top, &|| false);
                    assert!(settled.as_ref() == Some(&whole), "{what}: settled");
                    if !top.rest.is_empty() {
                        left_rest += 1;
                        assert!(engine.settle(&q, &top, &|| true).is_none(), "{what}: stop");
                    }
                    // A rung below name words was needed, and left something for later.
                    let tiers: Vec<Tier> = top.ranked.iter().map(|&k| unpack(k).tier()).collect();
                    if tiers
                        .iter()
                        .any(|&t| t > Tier::NameWord && t <= Tier::Sound)
                        && !top.rest.is_empty()
                    {
                        laddered += 1;
                    }
                }
            }
            // Every way of filling the first screen was tried.
            assert!(left_rest > 20, "{name}: {left_rest} left a rest");
            assert!(
                laddered > 2,
                "{name}: {laddered} stopped on the ladder's middle rung"
            );
        }
    }
}
