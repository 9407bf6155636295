//! itib's query language against the real fzf, without fzf: `scripts/fzf-diff.sh --update` ran
//! every query of `tests/fixtures/fzf/queries.txt` through `fzf --filter -i` over the names of
//! `names.txt` and kept the sets it matched in `expected.txt`. Each query must match the same
//! entries of `names.toml` (the same names, one entry each) here — except the ones listed in
//! `differences.txt`, the README's deliberate differences, which must still differ. Chinese
//! names that itib also finds by sound (a hit in a Jyutping or pinyin reading) are the one
//! addition allowed on top of fzf's set.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

use std::collections::HashMap;
use std::path::Path;

use itib::catalogue;
use itib::search::Engine;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fzf")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn every_query_matches_what_fzf_matched_but_the_documented_differences() {
    let cat = catalogue::parse_str(&fixture("names.toml"), "names.toml").unwrap();
    let names: Vec<String> = fixture("names.txt").lines().map(String::from).collect();
    assert_eq!(cat.len(), names.len());
    for (e, n) in cat.entries().iter().zip(&names) {
        assert_eq!(&e.name.en, n);
    }
    let engine = Engine::new(&cat);
    let documented: HashMap<String, String> = fixture("differences.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (q, why) = l.split_once('\t').unwrap();
            (q.to_string(), why.to_string())
        })
        .collect();
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in fixture("expected.txt").lines() {
        let (query, want) = line.rsplit_once('\t').unwrap();
        let want: Vec<usize> = want
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        let hits = engine.search(query, 0).unwrap();
        // A Chinese name found by sound is an addition fzf does not have: such hits beside
        // fzf's own are no difference.
        let mut got: Vec<usize> = hits
            .iter()
            .filter(|h| !h.field.is_reading() || want.contains(&h.entry))
            .map(|h| h.entry)
            .collect();
        got.sort_unstable();
        checked += 1;
        match (got == want, documented.get(query)) {
            (true, None) | (false, Some(_)) => {}
            (false, None) => {
                let only_fzf: Vec<&str> = want
                    .iter()
                    .filter(|i| !got.contains(i))
                    .map(|&i| names[i].as_str())
                    .take(3)
                    .collect();
                let only_itib: Vec<&str> = got
                    .iter()
                    .filter(|i| !want.contains(i))
                    .map(|&i| names[i].as_str())
                    .take(3)
                    .collect();
                failures.push(format!(
                    "{query:?}: fzf {} itib {}; only fzf {only_fzf:?}, only itib {only_itib:?}",
                    want.len(),
                    got.len()
                ));
            }
            (true, Some(why)) => failures.push(format!(
                "{query:?} is listed as a difference ({why}) but agrees"
            )),
        }
    }
    assert!(checked >= 500, "only {checked} queries");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
