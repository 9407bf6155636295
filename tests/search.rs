//! The search engine on the shipped catalogue: the queries people type, in English, Chinese,
//! full width, Simplified characters and fzf's syntax, give the expected entries in the expected
//! order with highlights inside the right field; arbitrary queries never break it; and typing one
//! key at a time (incremental narrowing) gives exactly what a fresh search gives.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

use itib::catalogue::{self, Catalogue};
use itib::search::{Engine, Field, Hit, Searcher, Tier};
use proptest::prelude::*;

fn cat() -> &'static Catalogue {
    static CAT: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    CAT.get_or_init(|| catalogue::shipped().unwrap())
}

fn search(q: &str) -> Vec<Hit> {
    Engine::new(cat()).search(q, usize::MAX).unwrap()
}

fn ids(hits: &[Hit]) -> Vec<&'static str> {
    hits.iter()
        .map(|h| cat().entries()[h.entry].id.as_str())
        .collect()
}

/// The highlighted chars of a hit, read from its field's text.
fn highlighted(h: &Hit) -> String {
    let text: Vec<char> = h.field.text(&cat().entries()[h.entry]).chars().collect();
    h.indices.iter().map(|&i| text[i]).collect()
}

#[test]
fn abbreviation_finds_research_talent_hub_first() {
    let hits = search("rth");
    assert_eq!(ids(&hits)[0], "research-talent-hub");
    assert_eq!(hits[0].field, Field::Alias(0));
    assert_eq!(highlighted(&hits[0]), "RTH");
}

#[test]
fn words_of_the_english_name() {
    let hits = search("talent hub");
    assert_eq!(ids(&hits)[0], "research-talent-hub");
    assert_eq!(hits[0].field, Field::NameEn);
    assert_eq!(highlighted(&hits[0]), "TalentHub");
}

#[test]
fn chinese_name() {
    let hits = search("研究人才");
    assert_eq!(ids(&hits)[0], "research-talent-hub");
    assert_eq!(hits[0].field, Field::NameZh);
    assert_eq!(hits[0].indices, vec![0, 1, 2, 3]);
}

#[test]
fn full_width_letters_from_a_chinese_input_method() {
    let hits = search("ＩＴＦ");
    assert_eq!(ids(&hits)[0], "itf");
    assert_eq!(highlighted(&hits[0]), "ITF");
    assert_eq!(ids(&hits), ids(&search("itf")));
}

#[test]
fn simplified_chinese_matches_traditional_names() {
    let simplified = search("创新");
    let traditional = search("創新");
    assert!(!simplified.is_empty());
    assert_eq!(ids(&simplified), ids(&traditional));
    assert!(ids(&simplified).contains(&"itc"), "創新科技署");
    assert!(
        simplified.iter().all(|h| highlighted(h) == "創新"),
        "highlights 創新"
    );
}

#[test]
fn prefix_ranks_names_that_start_with_it_shortest_first() {
    let hits = search("^innov");
    assert_eq!(&ids(&hits)[..4], ["itf", "itc", "it-scholarship", "itib"]);
    for h in &hits {
        let text = h.field.text(&cat().entries()[h.entry]).to_lowercase();
        assert!(text.starts_with("innov"), "{text}");
    }
}

#[test]
fn suffix() {
    let hits = search("fund$");
    assert_eq!(ids(&hits)[0], "itf");
    for h in &hits {
        assert!(
            h.field
                .text(&cat().entries()[h.entry])
                .to_lowercase()
                .ends_with("fund")
        );
        assert_eq!(highlighted(h).to_lowercase(), "fund");
    }
}

#[test]
fn negation_excludes_names_and_keeps_catalogue_order() {
    let hits = search("!park");
    let named_park = |i: usize| {
        let e = &cat().entries()[i];
        std::iter::once(&e.name.en)
            .chain(&e.aliases)
            .any(|n| n.to_lowercase().contains("park"))
    };
    assert!(hits.iter().all(|h| !named_park(h.entry)));
    assert_eq!(
        hits.len(),
        (0..cat().len()).filter(|&i| !named_park(i)).count()
    );
    assert!(
        hits.windows(2).all(|w| w[0].entry < w[1].entry),
        "catalogue order"
    );
    assert!(!ids(&hits).contains(&"science-park"));
}

#[test]
fn or_takes_either() {
    let hits = search("itf | rth");
    assert_eq!(&ids(&hits)[..2], ["itf", "research-talent-hub"]);
}

#[test]
fn hits_rank_by_how_their_worst_term_matched() {
    for q in [
        "talent",
        "fund",
        "biotech",
        "lok ma chau",
        "smart city",
        "創新",
    ] {
        let hits = search(q);
        assert!(
            hits.windows(2).all(|w| w[0].tier() <= w[1].tier()),
            "{q}: tiers out of order"
        );
    }
    let hits = search("talent");
    assert_eq!(hits[0].tier(), Tier::NameWord);
    assert!(hits[0].field.is_name());
}

/// The ranking tables of the issue: what people type, and what must come first.
#[test]
fn words_rank_above_letters_scattered_through_a_name() {
    // `biotech` is a tag of the biotech entries; the letters also occur, scattered, in a name.
    let hits = search("biotech");
    let tagged: Vec<&str> = ids(&hits)
        .into_iter()
        .take_while(|id| {
            let e = cat().entries().iter().find(|e| e.id == *id).unwrap();
            e.tags.iter().any(|t| t == "biotech")
        })
        .collect();
    assert!(tagged.len() >= 3, "{:?}", ids(&hits));
    assert!(
        hits[..tagged.len()]
            .iter()
            .all(|h| h.tier() == Tier::TagWord)
    );
    assert!(
        hits[tagged.len()..]
            .iter()
            .all(|h| h.tier() > Tier::TagWord)
    );
    // `smartcity` finds the `smart-city` tag, punctuation or not (`start-ups` is an audience
    // now, not a tag).
    let hits = search("smartcity");
    assert!(hits.len() >= 5);
    assert!(hits[..5].iter().all(|h| h.tier() == Tier::TagWord));
    // `lok ma chau`: the Loop's own entries before a long name holding those letters.
    let top: Vec<&str> = ids(&search("lok ma chau")).into_iter().take(2).collect();
    assert!(
        top.contains(&"hsitp") && top.contains(&"san-tin-technopole"),
        "{top:?}"
    );
    assert!(ids(&search("wifi")).starts_with(&["wifi-hk"]));
}

#[test]
fn a_tag_word_beats_a_scattered_name() {
    let toml = "[[entry]]\nid = \"network\"\nkind = \"fund\"\n\
        name = { en = \"Financial Information Network Technology Hub\", zh = \"網絡\" }\n\
        summary = { en = \"·\", zh = \"·\" }\nsource = [\"·\"]\n\n\
        [[entry]]\nid = \"lab\"\nkind = \"fund\"\nname = { en = \"Cyber Lab\", zh = \"實驗室\" }\n\
        tags = [\"fintech\"]\nsummary = { en = \"·\", zh = \"·\" }\nsource = [\"·\"]\n";
    let small = catalogue::parse_str(toml, "t.toml").unwrap();
    let hits = Engine::new(&small).search("fintech", 0).unwrap();
    let order: Vec<&str> = hits
        .iter()
        .map(|h| small.entries()[h.entry].id.as_str())
        .collect();
    assert_eq!(order, ["lab", "network"]);
    assert_eq!(hits[0].tier(), Tier::TagWord);
    assert_eq!(hits[1].tier(), Tier::Name);
}

#[test]
fn empty_query_is_everything_in_catalogue_order() {
    let hits = search("   ");
    assert_eq!(hits.len(), cat().len());
    assert!(hits.iter().enumerate().all(|(i, h)| h.entry == i));
}

#[test]
fn same_query_same_order() {
    assert_eq!(search("e"), search("e"));
}

/// A small catalogue of the given names (English and Chinese alike), for the cases the
/// shipped one does not have.
fn names(list: &[&str]) -> Catalogue {
    let mut text = String::new();
    for (i, n) in list.iter().enumerate() {
        text.push_str(&format!(
            "[[entry]]\nid = \"e{i}\"\nkind = \"fund\"\nname = {{ en = {n:?}, zh = {n:?} }}\n\
             summary = {{ en = \"·\", zh = \"·\" }}\nsource = [\"·\"]\n\n"
        ));
    }
    catalogue::parse_str(&text, "names.toml").unwrap()
}

/// The names a query finds in `cat`, in catalogue order.
fn found(cat: &Catalogue, q: &str) -> Vec<String> {
    let mut hits = Engine::new(cat).search(q, 0).unwrap();
    hits.sort_by_key(|h| h.entry);
    hits.iter()
        .map(|h| cat.entries()[h.entry].name.en.clone())
        .collect()
}

#[test]
fn a_negation_inside_an_or_group_counts() {
    let small = names(&[
        "Science Park",
        "Park Lane",
        "Science Centre",
        "Innovation Fund",
    ]);
    // fzf: either has fund, or has no park.
    assert_eq!(
        found(&small, "fund | !park"),
        ["Science Centre", "Innovation Fund"]
    );
    // Either lacks science or lacks park: only the one with both is out.
    assert_eq!(
        found(&small, "!science | !park"),
        ["Park Lane", "Science Centre", "Innovation Fund"]
    );
    // On the shipped catalogue too: nothing with "park" in its names is kept without "fund".
    let kept = search("fund | !park");
    assert!(kept.len() > search("fund").len());
    for h in &kept {
        let e = &cat().entries()[h.entry];
        let has_park = e.name.en.to_lowercase().contains("park")
            || e.aliases.iter().any(|a| a.to_lowercase().contains("park"));
        assert!(!has_park || h.field.is_name() || h.score > 0, "{}", e.id);
    }
}

#[test]
fn negating_a_simplified_term_excludes_its_traditional_form() {
    let with = ids(&search("发展"));
    assert!(with.contains(&"development-bureau"));
    let without = ids(&search("!发展"));
    assert!(!without.contains(&"development-bureau"));
    assert!(!ids(&search("!发展 !發展")).contains(&"development-bureau"));
    assert_eq!(
        without.len() + 3,
        cat().len(),
        "the three with 發展 in a name"
    );
}

#[test]
fn exact_on_word_boundaries() {
    let cat = names(&[
        "Innovation Fund",
        "Funding Scheme",
        "Fund",
        "Refund",
        "Fund-raising",
    ]);
    assert_eq!(
        found(&cat, "'fund'"),
        ["Innovation Fund", "Fund", "Fund-raising"]
    );
    assert_eq!(found(&cat, "!'fund'"), ["Funding Scheme", "Refund"]);
    assert_eq!(found(&cat, "'fund").len(), 5);
}

#[test]
fn an_escaped_space_is_part_of_the_term() {
    assert_eq!(ids(&search("talent\\ hub")), ["research-talent-hub"]);
    let cat = names(&["Talent Hub", "Hub of Talent"]);
    assert_eq!(found(&cat, "talent\\ hub"), ["Talent Hub"]);
    assert_eq!(found(&cat, "talent hub"), ["Talent Hub", "Hub of Talent"]);
}

#[test]
fn latin_diacritics_fold_unless_the_query_has_them() {
    let cat = names(&["Café Lab", "Cafe Corner", "CAFÉ ROYAL"]);
    assert_eq!(
        found(&cat, "cafe"),
        ["Café Lab", "Cafe Corner", "CAFÉ ROYAL"]
    );
    assert_eq!(found(&cat, "café"), ["Café Lab", "CAFÉ ROYAL"]);
    assert_eq!(found(&cat, "^cafe$").len(), 0);
    assert_eq!(found(&cat, "'cafe\\ l"), ["Café Lab"]);
}

#[test]
fn anchors_ignore_the_spaces_around_a_text() {
    let cat = names(&["  padded name  ", "name padded"]);
    assert_eq!(found(&cat, "^padded"), ["  padded name  "]);
    assert_eq!(found(&cat, "name$"), ["  padded name  "]);
    assert_eq!(found(&cat, "^padded\\ name$"), ["  padded name  "]);
    assert_eq!(found(&cat, "!^padded"), ["name padded"]);
}

fn query_chars() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "e", "i", "t", "f", "r", "h", "n", "o", "s", "I", "T", "F", " ", "'", "^", "$", "!",
        "|", "創", "新", "研", "究", "人", "才", "科", "技", "园", "创", "ＩＴ", "　", "-", "ö",
        "\u{0}", "😀",
    ]);
    prop::collection::vec(pieces, 0..8).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_unicode_never_breaks_it(q in "\\PC{0,12}") {
        if let Ok(hits) = Engine::new(cat()).search(&q, usize::MAX) {
            check_hits(&hits);
        }
    }

    #[test]
    fn results_are_sane_for_query_like_input(q in query_chars()) {
        if let Ok(hits) = Engine::new(cat()).search(&q, usize::MAX) {
            check_hits(&hits);
        }
    }

    #[test]
    fn typing_a_key_at_a_time_equals_a_fresh_search(q in query_chars()) {
        let engine = Engine::new(cat());
        let mut searcher = Searcher::new();
        let mut typed = String::new();
        for c in q.chars() {
            typed.push(c);
            let incremental = searcher.search(&engine, &typed, usize::MAX);
            let fresh = engine.search(&typed, usize::MAX);
            prop_assert_eq!(incremental, fresh, "after typing {:?}", typed);
        }
    }

    /// What the explorer gets a keystroke at a time: a first screen that is the top of what a
    /// fresh search finds, the same matches, and, settled (after some keys, not others), all
    /// of it; the unranked rest in catalogue order.
    #[test]
    fn a_first_screen_a_key_at_a_time_is_the_top_of_a_fresh_search(
        q in query_chars(),
        want in 0usize..12,
        settle_every in 1usize..4,
        kind in prop::option::of(prop::sample::select(itib::catalogue::Kind::ALL.to_vec())),
    ) {
        let screen = itib::search::FirstScreen { rows: want, kind };
        let engine = Engine::new(cat());
        let mut searcher = Searcher::new();
        let mut typed = String::new();
        for (k, c) in q.chars().enumerate() {
            typed.push(c);
            let (Ok(top), Ok(fresh)) = (
                searcher.find_top(&engine, &typed, screen, usize::MAX),
                engine.find(&typed, usize::MAX),
            ) else {
                continue;
            };
            let n = top.hits.len() - top.pending;
            let of_kind = |hits: &[Hit]| {
                hits.iter().filter(|h| kind.is_none_or(|k| cat().entries()[h.entry].kind == k)).count()
            };
            let filled = of_kind(&top.hits[..n]);
            prop_assert!(
                filled >= want.min(of_kind(&fresh.hits)),
                "after typing {:?}: {} of the pane's kind ranked",
                typed,
                filled
            );
            prop_assert_eq!(&top.hits[..n], &fresh.hits[..n], "after typing {:?}", typed);
            prop_assert_eq!(top.partial, fresh.partial);
            let rest: Vec<usize> = top.hits[n..].iter().map(|h| h.entry).collect();
            let mut expected: Vec<usize> = fresh.hits[n..].iter().map(|h| h.entry).collect();
            expected.sort_unstable();
            prop_assert_eq!(rest, expected, "after typing {:?}: the rest", typed);
            if k % settle_every == 0 {
                let settled = searcher.settle(&engine, usize::MAX, &|| false);
                let expected = if fresh.partial.is_some() { None } else { Some(fresh.hits) };
                if let Some(expected) = expected {
                    prop_assert_eq!(settled, Some(expected), "after typing {:?}: settled", typed);
                }
            }
        }
    }
}

fn check_hits(hits: &[Hit]) {
    let mut seen = std::collections::HashSet::new();
    for h in hits {
        assert!(h.entry < cat().len());
        assert!(seen.insert(h.entry), "entry twice");
        let len = h.field.text(&cat().entries()[h.entry]).chars().count();
        assert!(
            h.indices.iter().all(|&i| i < len),
            "index outside its field"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The first keystroke is scored without the matcher's matrix; the score must be the
    /// matcher's own, for any folded text and any char in it.
    #[test]
    fn single_char_fast_path_equals_skim(
        text in "[a-z0-9 \\-_./()\\[\\]{}|:;!?'\"~^`@#$%&*+,<=>創新研究ＩéÉ\\\\]{1,40}",
        pick in 0usize..40,
    ) {
        use fuzzy_matcher::FuzzyMatcher;
        let folded = itib::search::fold::fold_string(&text);
        let chars: Vec<char> = folded.chars().collect();
        let c = chars[pick % chars.len()];
        let skim = fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case();
        prop_assert_eq!(itib::search::single_char_score(&folded, c), skim.fuzzy_match(&folded, &c.to_string()));
    }
}

/// The byte-subsequence prefilter lets through texts whose bytes, not chars, hold the pattern
/// (`創` is E5 89 B5; other chars can supply those bytes in order): the closed forms must then
/// say "no match", as the matcher does.
#[test]
fn fast_paths_reject_a_byte_but_not_char_subsequence() {
    use fuzzy_matcher::FuzzyMatcher;
    let skim = fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case();
    // U+5265 剥 (E5 89 A5) then U+6D35 洵 (E6 B4 B5): E5 89 … B5 in order, no 創.
    let text = "剥洵";
    assert!(itib::search::fold::is_subsequence("創", text));
    assert_eq!(itib::search::single_char_score(text, '創'), None);
    assert_eq!(skim.fuzzy_match(text, "創"), None);
    assert_eq!(itib::search::two_char_score("剥洵a", '創', 'a'), None);
    assert_eq!(skim.fuzzy_match("剥洵a", "創a"), None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// The second keystroke too: any two chars that occur in order in a folded text.
    #[test]
    fn two_char_fast_path_equals_skim(
        text in "[a-e0-2 \\-_./()\\[\\]|:!'~創新研ＩéÉ]{2,30}",
        i in 0usize..30,
        k in 0usize..30,
    ) {
        use fuzzy_matcher::FuzzyMatcher;
        let folded = itib::search::fold::fold_string(&text);
        let chars: Vec<char> = folded.chars().collect();
        // Two positions in order: `a` before `b`.
        let i = i % (chars.len() - 1);
        let k = i + 1 + k % (chars.len() - 1 - i);
        let (a, b) = (chars[i], chars[k]);
        let skim = fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case();
        let pattern: String = [a, b].iter().collect();
        prop_assert_eq!(itib::search::two_char_score(&folded, a, b), skim.fuzzy_match(&folded, &pattern));
    }
}

#[test]
fn when_nothing_has_every_term_the_entries_with_the_most_are_offered_as_partial() {
    let engine = Engine::new(cat());
    let found = engine.find("biotech zqxw", 0).unwrap();
    let p = found.partial.expect("partial");
    assert_eq!((p.matched, p.of), (1, 2));
    assert_eq!(
        found.hits.iter().map(|h| h.entry).collect::<Vec<_>>(),
        search("biotech")
            .iter()
            .map(|h| h.entry)
            .collect::<Vec<_>>(),
        "ranked as the hits of the terms they match"
    );
    // Two of three terms beat one.
    let found = engine.find("research talent zqxw", 0).unwrap();
    assert_eq!(found.partial.map(|p| (p.matched, p.of)), Some((2, 3)));
    assert!(ids(&found.hits).contains(&"research-talent-hub"));
    // Nothing partial to offer: no term matches, or there is only one term.
    for q in ["zqxw qqqq", "zqxw", "!fund zqxw"] {
        let found = engine.find(q, 0).unwrap();
        assert!(found.hits.is_empty() && found.partial.is_none(), "{q}");
    }
    // A full match is never partial, and search (the CLI's) never offers partial hits.
    assert!(engine.find("biotech", 0).unwrap().partial.is_none());
    assert!(search("biotech zqxw").is_empty());
}

/// Chinese names by sound: literal readings of shipped names, then queries by syllables, run
/// together and by initials, in Jyutping and pinyin, each finding its name first, by sound,
/// with the Chinese characters it read highlighted.
#[test]
fn chinese_names_are_found_by_jyutping_and_pinyin() {
    use itib::search::sound::readings;
    let table: &[(&str, &str, &str)] = &[
        (
            "itf",
            "cong san kap fo gei gei gam",
            "chuang xin ji ke ji ji jin",
        ),
        (
            "science-park",
            "hoeng gong fo hok jyun",
            "xiang gang ke xue yuan",
        ),
        (
            "research-talent-hub",
            "jin gau jan coi fu",
            "yan jiu ren cai ku",
        ),
        (
            "hkstp",
            "hoeng gong fo gei jyun gung si",
            "xiang gang ke ji yuan gong si",
        ),
        (
            "ogcio",
            "zing fu zi seon fo gei zung gaam baan gung sat",
            "zheng fu zi xun ke ji zong jian ban gong shi",
        ),
        (
            "hkpc",
            "hoeng gong sang caan lik cuk zeon guk",
            "xiang gang sheng chan li cu jin ju",
        ),
        (
            "techtas",
            "fo gei jan coi jap ging gai waak",
            "ke ji ren cai ru jing ji hua",
        ),
        (
            "san-tin-technopole",
            "san tin fo gei sing",
            "xin tian ke ji cheng",
        ),
        ("development-bureau", "faat zin guk", "fa zhan ju"),
        ("innocell", "cong san dau sat", "chuang xin dou shi"),
        ("itc", "cong san fo gei cyu", "chuang xin ke ji shu"),
    ];
    for (id, jyut, pin) in table {
        let e = cat().get(id).unwrap();
        assert_eq!(
            readings(&e.name.zh),
            Some((jyut.to_string(), pin.to_string())),
            "{id}"
        );
    }
    let cases: &[(&str, &str, Field)] = &[
        ("csfggg", "itf", Field::Jyutping(1)),
        ("cxkjjj", "itf", Field::Pinyin(1)),
        ("congsankap", "itf", Field::Jyutping(1)),
        ("hoenggongfohok", "science-park", Field::Jyutping(1)),
        ("xianggangkexue", "science-park", Field::Pinyin(1)),
        ("jingaujancoi", "research-talent-hub", Field::Jyutping(1)),
        ("yjrck", "research-talent-hub", Field::Pinyin(1)),
        ("hgfgjgs", "hkstp", Field::Jyutping(1)),
        ("ziseonfogeizung", "ogcio", Field::Jyutping(1)),
        ("zixunkejizong", "ogcio", Field::Pinyin(1)),
        ("sangcaanlik", "hkpc", Field::Jyutping(1)),
        ("shengchanli", "hkpc", Field::Pinyin(1)),
        ("japging", "techtas", Field::Jyutping(1)),
        ("rujingjihua", "techtas", Field::Pinyin(1)),
        ("santinfo", "san-tin-technopole", Field::Jyutping(1)),
        ("xintianke", "san-tin-technopole", Field::Pinyin(1)),
        ("faatzinguk", "development-bureau", Field::Jyutping(1)),
        ("fazhanju", "development-bureau", Field::Pinyin(1)),
        ("dausat", "innocell", Field::Jyutping(1)),
        ("doushi", "innocell", Field::Pinyin(1)),
        ("csfgc", "itc", Field::Jyutping(1)),
    ];
    for (q, id, field) in cases {
        let hits = search(q);
        assert_eq!(
            ids(&hits).first(),
            Some(id),
            "{q}: {:?}",
            &ids(&hits)[..hits.len().min(3)]
        );
        // Its Chinese name's reading, or a Chinese alias's, of the same kind.
        let same_kind = matches!(
            (hits[0].field, field),
            (Field::Jyutping(_), Field::Jyutping(_)) | (Field::Pinyin(_), Field::Pinyin(_))
        );
        assert!(same_kind, "{q}: {:?}", hits[0].field);
        assert_eq!(hits[0].tier(), Tier::Sound, "{q}");
    }
    // The characters read are highlighted: 斗室 of 創新斗室, and 創新 科技基金 (及 skipped).
    assert_eq!(highlighted(&search("dausat")[0]), "斗室");
    assert_eq!(highlighted(&search("csfggg")[0]), "創新科技基金");
    // Syllables as separate terms, each read in the same name.
    assert_eq!(ids(&search("dau sat")).first(), Some(&"innocell"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6000))]

    /// Every later keystroke's score: the matcher's algorithm, as a new matcher computes it,
    /// for any text (folded or not: camel humps, case) and any pattern, matching or not.
    #[test]
    fn fuzzy_score_equals_a_new_skim_matcher(
        text in "[a-dA-D0-2 \\-_./()\\[\\]|:!'~創新研ＩéÉ]{0,40}",
        pattern in "[a-dA-D0-2 \\-.|創新é]{1,7}",
        picks in proptest::collection::vec(0usize..40, 1..8),
    ) {
        use fuzzy_matcher::FuzzyMatcher;
        let new = || fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case();
        prop_assert_eq!(itib::search::fuzzy_score(&text, &pattern), new().fuzzy_match(&text, &pattern));
        // A pattern drawn from the text, so that most of these match.
        let chars: Vec<char> = text.chars().collect();
        if !chars.is_empty() {
            let mut picks: Vec<usize> = picks.iter().map(|p| p % chars.len()).collect();
            picks.sort_unstable();
            let drawn: String = picks.iter().map(|&p| chars[p]).collect();
            prop_assert_eq!(itib::search::fuzzy_score(&text, &drawn), new().fuzzy_match(&text, &drawn));
        }
    }
}

/// The matcher, reused, can score a text differently after scoring others (it reads matrix
/// cells a call has not written); the scan's scorer never does: a search ranks the same
/// whatever was scored before.
#[test]
fn fuzzy_score_does_not_depend_on_earlier_calls() {
    use fuzzy_matcher::FuzzyMatcher;
    let new = fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case();
    assert_eq!(new.fuzzy_match("ababnnbb", "aabb"), Some(74));
    let reused = fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case();
    let mut seen = std::collections::BTreeSet::new();
    let texts = ["bbbb aaaa", "aabb", "a-a-b-b", "abab abab", "aaaaaaaaaaaa"];
    for before in texts {
        let _ = reused.fuzzy_match(before, "aabb");
        let _ = itib::search::fuzzy_score(before, "aabb");
        seen.insert(reused.fuzzy_match("ababnnbb", "aabb"));
        assert_eq!(itib::search::fuzzy_score("ababnnbb", "aabb"), Some(74));
    }
    // The reason for the scorer's claim: the matcher itself does vary.
    assert!(seen.len() > 1, "{seen:?}");
}
