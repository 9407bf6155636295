//! Our Cantonese segmenter (`itib::search::canto`) against rust-canto 0.3.4 itself, the library
//! it replaces and keeps as a dev-dependency for this test alone: the same words, in the same
//! order, with the same Jyutping, for rust-canto's own cases, every entry of every dictionary
//! file, every text of the shipped and the synthetic catalogues, and random texts made of what
//! the programme's rules turn on. Any difference fails, with the text that shows it. The same
//! texts also give the same search readings and Chinese sort keys as the code that read
//! rust-canto's JSON (kept here as `before`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

use std::path::Path;

use proptest::prelude::*;

/// A text's words and readings, as (word, Jyutping).
type Words = Vec<(String, Option<String>)>;

fn ours(text: &str) -> Words {
    let mut out = Vec::new();
    itib::search::canto::segment(text, |w, r| {
        out.push((w.to_string(), r.map(str::to_string)))
    });
    out
}

fn theirs(text: &str) -> Words {
    words_of(&before::jyutping_words(text))
}

fn words_of(tokens: &[before::Word]) -> Words {
    tokens
        .iter()
        .map(|t| (t.word.clone(), t.jyutping.clone()))
        .collect()
}

/// The readings the index keeps, as `itib::search::sound::readings` made them over rust-canto's
/// JSON before it had a segmenter of its own (kept verbatim, as the oracle for the rewrite).
mod before {
    use itib::search::sound::is_han;

    #[derive(serde::Deserialize)]
    pub struct Word {
        pub word: String,
        pub jyutping: Option<String>,
    }

    /// rust-canto's words for `text` (the caller asks it once for every use below).
    pub fn jyutping_words(text: &str) -> Vec<Word> {
        let json = rust_canto::annotate(text.as_bytes());
        serde_json::from_slice(&json).unwrap_or_default()
    }

    pub fn readings(text: &str, tokens: Vec<Word>) -> Option<(String, String)> {
        let han: Vec<char> = text.chars().filter(|&c| is_han(c)).collect();
        if han.is_empty() {
            return None;
        }
        Some((jyutping(tokens, han.len()), pinyin(&han)))
    }

    fn jyutping(tokens: Vec<Word>, count: usize) -> String {
        let mut out: Vec<String> = Vec::with_capacity(count);
        for t in tokens {
            let chars = t.word.chars().filter(|&c| is_han(c)).count();
            if chars == 0 {
                continue;
            }
            let syllables: Vec<&str> = t
                .jyutping
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .collect();
            if syllables.len() == chars {
                out.extend(syllables.iter().map(|s| toneless(s)));
            } else {
                out.extend(std::iter::repeat_n("_".to_string(), chars));
            }
        }
        out.resize(count, "_".to_string());
        out.join(" ")
    }

    fn pinyin(han: &[char]) -> String {
        use pinyin::ToPinyin;
        han.iter()
            .map(|c| {
                c.to_pinyin()
                    .map_or("_".into(), |p| p.plain().replace('ü', "v"))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn toneless(s: &str) -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphabetic())
            .map(|c| c.to_ascii_lowercase())
            .collect()
    }

    /// `itib::refine::jyutping_key` as it was.
    pub fn jyutping_key(name: &str, tokens: &[Word]) -> Vec<String> {
        let mut out = Vec::new();
        let mut latin = String::new();
        let flush = |latin: &mut String, out: &mut Vec<String>| {
            if !latin.is_empty() {
                out.push(std::mem::take(latin));
            }
        };
        let mut covered = 0;
        for t in tokens {
            covered += t.word.len();
            let han = t.word.chars().filter(|&c| is_han(c)).count();
            let syllables: Vec<&str> = t
                .jyutping
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .collect();
            let mut reading = (syllables.len() == han).then_some(syllables.into_iter());
            for c in t.word.chars() {
                if is_han(c) {
                    flush(&mut latin, &mut out);
                    let syllable = reading.as_mut().and_then(Iterator::next);
                    out.push(syllable.map_or_else(|| c.to_string(), str::to_string));
                } else if c.is_alphanumeric() {
                    latin.extend(c.to_lowercase());
                } else {
                    flush(&mut latin, &mut out);
                }
            }
        }
        flush(&mut latin, &mut out);
        if covered < name.len() {
            out.push(name.to_string());
        }
        out
    }
}

/// Whether our words for `text` are rust-canto's, and our readings and sort key those that the
/// code over its JSON made: the first difference, described.
fn difference(text: &str) -> Option<String> {
    let tokens = before::jyutping_words(text);
    let (a, b) = (ours(text), words_of(&tokens));
    if a != b {
        return Some(format!("{text:?}\n  ours:   {a:?}\n  theirs: {b:?}"));
    }
    let key = before::jyutping_key(text, &tokens);
    let (a, b) = (
        itib::search::sound::readings(text),
        before::readings(text, tokens),
    );
    if a != b {
        return Some(format!(
            "readings of {text:?}\n  now:    {a:?}\n  before: {b:?}"
        ));
    }
    let a = itib::refine::jyutping_key(text);
    if a != key {
        return Some(format!(
            "sort key of {text:?}\n  now:    {a:?}\n  before: {key:?}"
        ));
    }
    None
}

fn assert_same<'t>(what: &str, texts: impl IntoIterator<Item = &'t str>) {
    let mut count = 0;
    let mut diffs = Vec::new();
    for text in texts {
        count += 1;
        if let Some(d) = difference(text) {
            diffs.push(d);
            if diffs.len() == 10 {
                break;
            }
        }
    }
    assert!(count > 0, "{what}: no texts");
    assert!(diffs.is_empty(), "{what}: {}", diffs.join("\n"));
}

fn data(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/rime-cantonese")
        .join(file);
    std::fs::read_to_string(path).unwrap()
}

/// The first column of a dictionary file: its words.
fn keys(file: &str) -> Vec<String> {
    data(file)
        .lines()
        .filter_map(|l| l.split('\t').next())
        .map(str::to_string)
        .collect()
}

/// rust-canto's own test cases (its `src/lib.rs`), with the answers it expects.
#[test]
fn rust_cantos_own_cases() {
    type Case = (
        &'static str,
        &'static [(&'static str, Option<&'static str>)],
    );
    let cases: &[Case] = &[
        (
            "佢係好學生",
            &[
                ("佢", Some("keoi5")),
                ("係", Some("hai6")),
                ("好", Some("hou2")),
                ("學生", Some("hok6 saang1")),
            ],
        ),
        (
            "都會大學入面3%人識用AB膠",
            &[
                ("都會大學", Some("dou1 wui6 daai6 hok6")),
                ("入面", Some("jap6 min6")),
                ("3", None),
                ("%", Some("pat6 sen1")),
                ("人", Some("jan4")),
                ("識", Some("sik1")),
                ("用", Some("jung6")),
                ("AB膠", Some("ei1 bi1 gaau1")),
            ],
        ),
        ("abc", &[("abc", None)]),
        ("ge", &[("ge", Some("ge3"))]),
        (
            "ABCD 一二",
            &[
                ("ABCD", None),
                (" ", None),
                ("一", Some("jat1")),
                ("二", Some("ji6")),
            ],
        ),
        (
            "café好",
            &[("café", Some("kat6 fei1")), ("好", Some("hou2"))],
        ),
        (
            "我做part-time",
            &[
                ("我", Some("ngo5")),
                ("做part-time", Some("zou6 paat1 taai1")),
            ],
        ),
        (
            "Hap唔Happy呀",
            &[("Hap唔Happy呀", Some("hep1 m4 hep1 pi2 aa3"))],
        ),
        (
            "你好\n世界",
            &[
                ("你", Some("nei5")),
                ("好", Some("hou2")),
                ("\n", None),
                ("世界", Some("sai3 gaai3")),
            ],
        ),
    ];
    for (text, expected) in cases {
        let expected: Words = expected
            .iter()
            .map(|(w, r)| (w.to_string(), r.map(str::to_string)))
            .collect();
        assert_eq!(ours(text), expected, "{text:?}");
        assert_eq!(theirs(text), expected, "{text:?}");
    }
}

/// Every word of every dictionary file, alone, and run together with its neighbours in the file
/// (which share characters, so the frequencies decide between cuts).
#[test]
fn every_dictionary_word() {
    for file in ["chars.tsv", "words.tsv", "lettered.tsv"] {
        let words = keys(file);
        assert_same(file, words.iter().map(String::as_str));
        let runs: Vec<String> = words.chunks(3).map(|c| c.concat()).collect();
        assert_same(file, runs.iter().map(String::as_str));
    }
    // Lettered words beside letters and characters, which compete with them for a cut: `AT恤`
    // is `AT` + `恤` only because T恤, a lettered word, has no frequency (it was added after
    // the frequencies).
    let lettered = keys("lettered.tsv");
    let beside: Vec<String> = lettered
        .iter()
        .flat_map(|w| {
            [
                format!("A{w}"),
                format!("{w}a"),
                format!("好{w}"),
                format!("{w}學"),
            ]
        })
        .collect();
    assert_same("lettered, beside", beside.iter().map(String::as_str));
    assert_eq!(
        ours("AT恤"),
        [("AT".into(), None), ("恤".into(), Some("seot1".into()))]
    );
    // Two alpha runs as good as each other (`kentab` after 𡃁, `ab` after the lettered 𡃁kent,
    // neither with a frequency): rust-canto takes the later start.
    assert_eq!(
        ours("𡃁kentab"),
        [
            ("𡃁kent".into(), Some("leng1 keng1".into())),
            ("ab".into(), None)
        ]
    );
    // The frequency list's words, many of which are not in the dictionary, in runs of four.
    let words = keys("freq.txt");
    let runs: Vec<String> = words.chunks(4).map(|c| c.concat()).collect();
    assert_same("freq.txt", runs.iter().map(String::as_str));
}

/// Every text of an entry that a reader of either language sees.
fn texts(cat: &itib::catalogue::Catalogue) -> Vec<String> {
    let mut out = Vec::new();
    for e in cat.entries() {
        out.extend([&e.name.en, &e.name.zh, &e.summary.en, &e.summary.zh].map(String::clone));
        out.extend(e.aliases.iter().cloned());
        out.extend(e.source.iter().cloned());
        if let Some(c) = &e.category {
            out.extend([c.en.clone(), c.zh.clone()]);
        }
    }
    out
}

#[test]
fn every_text_of_the_shipped_catalogue() {
    let cat = itib::catalogue::shipped().unwrap();
    let texts = texts(&cat);
    assert!(texts.len() > 500);
    assert_same("shipped", texts.iter().map(String::as_str));
}

#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

/// The synthetic catalogues of the benchmarks (the 100k-entry load these readings were made
/// fast for), for several seeds.
#[test]
fn every_text_of_the_synthetic_catalogues() {
    for seed in [1, 42, 7_777] {
        let text = synth::catalogue(2_000, seed);
        let cat = itib::catalogue::parse_str(&text, "synth.toml").unwrap();
        let texts = texts(&cat);
        assert_same(&format!("seed {seed}"), texts.iter().map(String::as_str));
    }
}

/// What random texts are made of: dictionary words and characters (and pieces of them), Latin
/// letters and digits, connectors, whitespace, punctuation, letters outside ASCII, full-width
/// forms, emoji and characters no dictionary has.
fn pool() -> Vec<String> {
    let mut pool: Vec<String> = Vec::new();
    let words = keys("words.tsv");
    let lettered = keys("lettered.tsv");
    let chars = keys("chars.tsv");
    // Every 97th word, its first half too (a prefix the trie passes through).
    for w in words.iter().step_by(97) {
        pool.push(w.clone());
        let half: String = w.chars().take(w.chars().count().div_ceil(2)).collect();
        pool.push(half);
    }
    pool.extend(lettered.iter().step_by(3).cloned());
    pool.extend(chars.iter().step_by(101).cloned());
    for s in [
        "a",
        "b",
        "x",
        "Z",
        "ge",
        "AB",
        "part",
        "time",
        "Happy",
        "cafe",
        "café",
        "0",
        "3",
        "42",
        "2023",
        "-",
        "_",
        "'",
        "--",
        " ",
        "\t",
        "\n",
        "\r\n",
        "%",
        ".",
        ",",
        "!",
        "/",
        ":",
        "(",
        ")",
        "。",
        "，",
        "、",
        "「",
        "」",
        "《",
        "》",
        "（",
        "）",
        "：",
        "é",
        "É",
        "ü",
        "ß",
        "ñ",
        "Ａ",
        "ｂ",
        "１",
        "＠",
        "％",
        "😀",
        "👩‍💻",
        "\u{301}",
        "٣",
        "Ⅻ",
        "ⅷ",
        "α",
        "Ж",
        "あ",
        "カ",
        "한",
        "\u{E000}",
        "\u{3000}",
        "\u{2FFFF}",
        "\u{2B820}",
        "\u{2CEB0}",
        "\u{30000}",
        "𠮩",
        "𠹌",
        "〇",
        "々",
        "龘",
        "丨",
    ] {
        pool.push(s.to_string());
    }
    pool
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Random texts of up to 60 pieces (often 30 characters and more).
    #[test]
    fn random_texts(picks in prop::collection::vec(any::<prop::sample::Index>(), 0..60)) {
        static POOL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        let pool = POOL.get_or_init(pool);
        let text: String = picks.iter().map(|i| i.get(pool).as_str()).collect();
        prop_assert_eq!(difference(&text), None);
    }

    /// Letters, digits and connectors with a few dictionary words: long alpha runs, where the
    /// programme's shortcut for them is exercised most.
    #[test]
    fn random_runs_of_letters(
        text in "([a-zA-Z0-9]{1,6}|[-_']|é|ge|AB膠|part-time|做|好|學生| ){20,60}"
    ) {
        prop_assert_eq!(difference(&text), None);
    }
}
