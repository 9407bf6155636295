//! Filters, qualifiers, facets and sort orders on the shipped catalogue: the questions users
//! arrive with ("what is there for a start-up?", "everything the ITC runs", "the largest
//! fund"), through the library and through the `itib` binary.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

mod common;

use std::collections::BTreeSet;
use std::process::Output;

use common::itib;
use itib::catalogue::{self, Catalogue};
use itib::refine::{self, Facets, Refined};
use itib::search::Engine;
use proptest::prelude::*;

fn shipped() -> &'static (Catalogue, Engine) {
    static SHIPPED: std::sync::OnceLock<(Catalogue, Engine)> = std::sync::OnceLock::new();
    SHIPPED.get_or_init(|| {
        let cat = catalogue::shipped().unwrap();
        let engine = Engine::new(&cat);
        (cat, engine)
    })
}

/// Entry indices a query finds, in rank order: the fuzzy part through the engine, then the
/// qualifiers — as the explorer and `itib search` do.
fn find(q: &str) -> Vec<usize> {
    let (cat, engine) = shipped();
    let refined = Refined::parse(q, cat).unwrap_or_else(|e| panic!("{q}: {e}"));
    engine
        .search(&refined.text, 0)
        .unwrap()
        .into_iter()
        .map(|h| h.entry)
        .filter(|&i| refined.filter.matches(cat, i))
        .collect()
}

fn ids(q: &str) -> BTreeSet<String> {
    let (cat, _) = shipped();
    find(q)
        .into_iter()
        .map(|i| cat.entries()[i].id.clone())
        .collect()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn by_includes_what_a_body_administers_through_its_children() {
    let itc = ids("by:itc");
    for id in [
        "itf",
        "research-talent-hub",
        "techtas",
        "global-stem-professorship",
        "apas",
    ] {
        assert!(itc.contains(id), "by:itc lacks {id}: {itc:?}");
    }
    for id in ["cyberport", "itc", "itib", "hkstp"] {
        assert!(!itc.contains(id), "by:itc has {id}");
    }
    // Everything under the bureau, the commission's too.
    assert!(ids("by:itib").is_superset(&itc));
}

#[test]
fn qualifier_table() {
    let cases: &[(&str, &[&str])] = &[
        (
            "for:start-ups kind:fund",
            &["itf", "hkstp-incubation", "cyberport-incubation"],
        ),
        // The term finds the programmes by name and their companies by summary.
        (
            "incubation for:start-ups",
            &[
                "hkstp",
                "hkstp-incubation",
                "cyberport",
                "cyberport-incubation",
            ],
        ),
        (
            "incubation for:start-ups kind:fund",
            &["hkstp-incubation", "cyberport-incubation"],
        ),
        (
            "for:smes",
            &["maker-in-china", "smart-government-innovation-lab"],
        ),
        (
            "for:elderly by:ogcio",
            &[
                "ict-outreach-elderly",
                "advanced-ict-training-elderly",
                "elderly-it-learning-portal",
                "mobile-outreach-service-stations",
            ],
        ),
        (
            "tag:biotech kind:park",
            &[
                "science-park",
                "biobank",
                "biomedical-technology-support-centre",
                "drug-safety-testing-centre",
            ],
        ),
        (
            "for:schools kind:talent",
            &["it-innovation-lab-secondary", "knowing-more-about-it"],
        ),
        ("kind:fund for:elderly", &[]),
    ];
    for (q, want) in cases {
        assert_eq!(ids(q), set(want), "{q}");
    }
}

#[test]
fn values_fold_like_names() {
    let startups = ids("for:start-ups");
    assert!(!startups.is_empty());
    for q in [
        "for:初創",
        "for:初创",
        "for:startup",
        "for:STARTUPS",
        "for:Start-ups",
    ] {
        assert_eq!(ids(q), startups, "{q}");
    }
    assert_eq!(ids("kind:FUND"), ids("kind:fund"));
    assert_eq!(ids("by:ITC"), ids("by:itc"));
}

#[test]
fn a_query_without_qualifiers_is_searched_as_typed() {
    let (_, engine) = shipped();
    for q in [
        "innovation fund",
        "'itf | hkstp",
        "!park fund",
        "創新 科技",
        "^inno",
    ] {
        let plain: Vec<usize> = engine
            .search(q, 0)
            .unwrap()
            .iter()
            .map(|h| h.entry)
            .collect();
        assert_eq!(find(q), plain, "{q}");
    }
}

fn first_column(o: &Output) -> Vec<String> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn an_unknown_value_exits_2_with_the_valid_ones() {
    for args in [
        vec!["search", "for:startupz"],
        vec!["search", "fund", "--for", "astronauts"],
        vec!["list", "--tag", "biotec"],
        vec!["list", "--by", "nobody"],
    ] {
        let out = itib(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(err.contains("valid "), "{args:?}: {err}");
    }
    let out = itib(&["search", "for:startupz"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `for:start-ups`?"), "{err}");
    assert!(
        err.contains("start-ups, smes, enterprises, researchers"),
        "{err}"
    );
    let out = itib(&["list", "--tag", "biotec"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `tag:biotech`?"));
}

#[test]
fn flags_and_qualifiers_find_the_same() {
    let by_flags = itib(&["list", "--for", "start-ups", "--kind", "fund"]);
    let by_query = itib(&["search", "for:start-ups kind:fund"]);
    assert_eq!(by_flags.status.code(), Some(0));
    let a: BTreeSet<String> = first_column(&by_flags).into_iter().collect();
    let b: BTreeSet<String> = first_column(&by_query).into_iter().collect();
    assert_eq!(a, b);
    assert_eq!(a, set(&["itf", "hkstp-incubation", "cyberport-incubation"]));
    // Filters that leave nothing: nothing found, exit 1.
    let out = itib(&["list", "--for", "elderly", "--kind", "fund"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn sort_amount_puts_the_largest_headline_figure_first_and_the_rest_in_order() {
    let out = itib(&["list", "--kind", "fund", "--sort", "amount"]);
    assert_eq!(out.status.code(), Some(0));
    let got = first_column(&out);
    // By the headline figure (issue 11): 328億元, 約10億港元; then those whose headline is no
    // HK$ sum, in catalogue order — the tax deduction's headline is its 300% rate, and its
    // HK$2 million tranche is no size of the scheme.
    assert_eq!(
        got,
        [
            "itf",
            "guangdong-hk-technology-cooperation-funding-scheme",
            "hkstp-incubation",
            "cyberport-incubation",
            "rd-tax-deduction",
        ]
    );
}

#[test]
fn sort_date_is_newest_first_and_stable() {
    let (cat, _) = shipped();
    let out = itib(&["list", "--sort", "date"]);
    let got = first_column(&out);
    assert_eq!(got.len(), cat.len());
    let dates: Vec<Option<&str>> = got
        .iter()
        .map(|id| refine::latest_date(cat.get(id).unwrap()))
        .collect();
    for w in dates.windows(2) {
        match (w[0], w[1]) {
            (Some(a), Some(b)) => assert!(a >= b, "{a} before {b}"),
            (None, Some(b)) => panic!("an entry without a date before {b}"),
            _ => {}
        }
    }
    // Ties and undated entries keep catalogue order.
    let undated: Vec<&String> = got
        .iter()
        .filter(|id| refine::latest_date(cat.get(id).unwrap()).is_none())
        .collect();
    let in_order: Vec<&String> = cat
        .entries()
        .iter()
        .filter(|e| refine::latest_date(e).is_none())
        .map(|e| &e.id)
        .collect();
    assert_eq!(undated, in_order);
}

#[test]
fn sort_name_in_chinese_is_by_jyutping() {
    let out = itib(&["--lang", "zh", "list", "--kind", "fund", "--sort", "name"]);
    let (cat, _) = shipped();
    let got = first_column(&out);
    let keys: Vec<Vec<String>> = got
        .iter()
        .map(|id| refine::jyutping_key(&cat.get(id).unwrap().name.zh))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{got:?} {keys:?}");
    // 創新及科技基金 (cong3 …) before 數碼港培育計劃 (sou3 …).
    let pos = |id: &str| got.iter().position(|g| g == id).unwrap();
    assert!(
        pos("itf") < pos("cyberport-incubation"),
        "cong3 before sou3: {got:?}"
    );
    let out = itib(&["list", "--kind", "fund", "--sort", "name"]);
    let en = first_column(&out);
    assert_eq!(
        en[0], "cyberport-incubation",
        "Cyberport … first in English: {en:?}"
    );
}

fn facet_counts_equal_searches(q: &str) {
    let (cat, _) = shipped();
    let bodies = refine::bodies(cat);
    let facets = Facets::count(cat, &bodies, find(q).into_iter());
    for (a, n) in &facets.audiences {
        assert_eq!(
            *n,
            find(&format!("{q} for:{}", a.as_str())).len(),
            "{q} for:{a}"
        );
    }
    for (b, n) in &facets.bodies {
        let id = &cat.entries()[*b].id;
        assert_eq!(*n, find(&format!("{q} by:{id}")).len(), "{q} by:{id}");
    }
    for (t, n) in &facets.tags {
        assert_eq!(*n, find(&format!("{q} tag:{t}")).len(), "{q} tag:{t}");
    }
}

#[test]
fn the_bodies_are_the_bureaus_and_the_bodies_under_them() {
    let (cat, _) = shipped();
    let ids: Vec<&str> = refine::bodies(cat)
        .iter()
        .map(|&i| cat.entries()[i].id.as_str())
        .collect();
    for id in ["itib", "itc", "ogcio", "hkstp", "cyberport", "hkpc"] {
        assert!(ids.contains(&id), "{id} not in {ids:?}");
    }
    assert!(!ids.contains(&"rd-centres"), "three levels down: {ids:?}");
}

#[test]
fn facet_counts_are_what_the_qualifier_finds() {
    for q in [
        "",
        "fund",
        "kind:talent",
        "for:start-ups",
        "innovation by:itc",
        "創新",
    ] {
        facet_counts_equal_searches(q);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any query of a few words, negations and qualifiers: each facet's count is the number of
    /// results its qualifier adds up to.
    #[test]
    fn facet_counts_equal_qualifier_searches(
        words in prop::collection::vec(
            prop::sample::select(vec![
                "fund", "inno", "科技", "!park", "centre", "'hk", "kind:park", "for:public",
                "tag:data", "by:ogcio", "smart", "for:enterprises", "digital", "^s",
            ]),
            0..4,
        )
    ) {
        facet_counts_equal_searches(&words.join(" "));
    }
}
