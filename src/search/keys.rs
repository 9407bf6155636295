//! Hits as packed keys: one `u128` per hit that sorts in rank order, so that a scan moves and
//! sorts 16 bytes a hit, and sorted runs (one per scan worker) merged into one ranking.

use super::{Field, Hit, Tier};

/// A hit as one integer that sorts in rank order (smaller first), so that scans move and sort
/// 16 bytes a hit: from the top bits, the tier (3), inverted score (32), not-an-exact-name
/// (1), name length (16), entry (32), then the field (16), which never decides since entries
/// are unique.
pub(super) fn pack(h: &Hit) -> u128 {
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
pub(super) fn key_entry(k: u128) -> u32 {
    ((k >> 16) & 0xFFFF_FFFF) as u32
}

/// Sorted runs merged into one sorted list (two at a time: a scan has a run per core).
pub(super) fn merge_sorted(mut runs: Vec<Vec<u128>>) -> Vec<u128> {
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

pub(super) fn unpack(k: u128) -> Hit {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    /// Best first: name hits, score, exact or prefix name match, shorter name, catalogue order —
    /// the order [`pack`] encodes, spelled out for its test.
    fn rank(a: &Hit, b: &Hit) -> Ordering {
        a.tier
            .cmp(&b.tier)
            .then(b.score.cmp(&a.score))
            .then(b.exact_name.cmp(&a.exact_name))
            .then(a.name_len.cmp(&b.name_len))
            .then(a.entry.cmp(&b.entry))
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
