//! The shipped catalogue: it validates, fills the four main panes, round-trips through the toml
//! export, and every quote and figure is traceable to the source document kept under `data/`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

use itib::catalogue::{self, AsAtBasis, Entry, Kind, Lang, Number, Qualifier, cite};
use itib::export::{self, Format};

const SOURCE: &str = include_str!("../data/source-yearbook-itib.txt");

/// The document is wrapped mid-sentence and spaced for layout, so quotes compare without
/// whitespace.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn shipped_catalogue_is_valid() {
    let cat = catalogue::shipped().unwrap_or_else(|e| panic!("{e}"));
    assert!(cat.len() >= 90, "only {} entries", cat.len());
}

#[test]
fn the_four_main_panes_have_entries() {
    let cat = catalogue::shipped().unwrap();
    let counts = cat.counts();
    for kind in [Kind::Bureau, Kind::Fund, Kind::Park, Kind::Talent] {
        let n = counts.iter().find(|(k, _)| *k == kind).map_or(0, |c| c.1);
        assert!(n > 0, "no entries of kind {kind}");
    }
}

#[test]
fn toml_export_loads_back_equal() {
    let cat = catalogue::shipped().unwrap();
    let all: Vec<&Entry> = cat.entries().iter().collect();
    let mut out = Vec::new();
    export::write_list(&mut out, &cat, &all, Format::Toml).unwrap();
    let text = String::from_utf8(out).unwrap();
    let again = catalogue::parse_str(&text, "exported.toml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.meta, cat.meta);
    assert_eq!(again.len(), cat.len());
    for (a, b) in cat.entries().iter().zip(again.entries()) {
        assert_eq!(a, b, "entry {} changed in the round trip", a.id);
    }
}

#[test]
fn every_quote_is_verbatim_in_the_source() {
    let source = squash(SOURCE);
    let cat = catalogue::shipped().unwrap();
    let mut missing = Vec::new();
    for e in cat.entries() {
        assert!(!e.source.is_empty(), "{} quotes nothing", e.id);
        for q in &e.source {
            if !source.contains(&squash(q)) {
                missing.push(format!("{}: {q}", e.id));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "quotes not in the source:\n{}",
        missing.join("\n")
    );
}

/// Reads the number a figure's `as_written` writes, and the qualifier its words imply:
/// `約2 000人` → (2000, about), `328億元` → (32 800 000 000, none), `30多間` → (30, over),
/// `最多四名` → (4, up-to).
fn read_written(written: &str) -> Option<(f64, Option<Qualifier>)> {
    const PREFIXES: [(&str, Qualifier); 10] = [
        ("合共約", Qualifier::About),
        ("累計約", Qualifier::About),
        ("共約", Qualifier::About),
        ("約", Qualifier::About),
        ("超過", Qualifier::Over),
        ("逾", Qualifier::Over),
        ("最長為期", Qualifier::UpTo),
        ("最多", Qualifier::UpTo),
        ("最長", Qualifier::UpTo),
        ("接近", Qualifier::Nearly),
    ];
    let mut s = squash(written);
    let mut qualifier = None;
    if let Some((p, q)) = PREFIXES.iter().find(|(p, _)| s.starts_with(p)) {
        s = s[p.len()..].to_string();
        qualifier = Some(*q);
    }
    let digits: String = s
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect();
    let (mut value, rest) = if digits.is_empty() {
        chinese_numeral(&s)?
    } else {
        let v: f64 = digits.replace(',', "").parse().ok()?;
        (v, s[digits.len()..].to_string())
    };
    if rest.starts_with('億') {
        value *= 1e8;
    } else if rest.starts_with('萬') {
        value *= 1e4;
    }
    if rest.starts_with('多') {
        qualifier = Some(Qualifier::Over);
    }
    Some((value, qualifier))
}

/// 一 … 九十九, as the source writes small counts (五所, 十七項, 兩年).
fn chinese_numeral(s: &str) -> Option<(f64, String)> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .or((c == '兩').then_some(2))
    };
    let chars: Vec<char> = s.chars().collect();
    let (value, used) = match chars.as_slice() {
        [t, '十', u, ..] if digit(*t).is_some() && digit(*u).is_some() => {
            (digit(*t)? * 10 + digit(*u)?, 3)
        }
        [t, '十', ..] if digit(*t).is_some() => (digit(*t)? * 10, 2),
        ['十', u, ..] if digit(*u).is_some() => (10 + digit(*u)?, 2),
        ['十', ..] => (10, 1),
        [d, ..] => (digit(*d)?, 1),
        [] => return None,
    };
    Some((value as f64, chars[used..].iter().collect()))
}

#[test]
fn reads_numbers_as_the_source_writes_them() {
    assert_eq!(
        read_written("約2 000人"),
        Some((2000.0, Some(Qualifier::About)))
    );
    assert_eq!(read_written("328億元"), Some((32_800_000_000.0, None)));
    assert_eq!(
        read_written("約2.94億元"),
        Some((294_000_000.0, Some(Qualifier::About)))
    );
    assert_eq!(read_written("30多間"), Some((30.0, Some(Qualifier::Over))));
    assert_eq!(read_written("十七項"), Some((17.0, None)));
    assert_eq!(read_written("最多四名"), Some((4.0, Some(Qualifier::UpTo))));
    assert_eq!(read_written("200萬元"), Some((2_000_000.0, None)));
    assert_eq!(read_written("20,000元"), Some((20_000.0, None)));
    assert_eq!(read_written("兩年"), Some((2.0, None)));
}

#[test]
fn every_figure_is_written_in_its_entry_quote_with_the_same_value() {
    let cat = catalogue::shipped().unwrap();
    let mut wrong = Vec::new();
    let mut figures = 0;
    for e in cat.entries() {
        let quotes: Vec<String> = e.source.iter().map(|q| squash(q)).collect();
        for f in &e.figures {
            figures += 1;
            let label = format!("{} / {}", e.id, f.label.en);
            let Some(written) = &f.as_written else {
                wrong.push(format!("{label}: no as_written"));
                continue;
            };
            if !quotes.iter().any(|q| q.contains(&squash(written))) {
                wrong.push(format!(
                    "{label}: `{written}` is in none of the entry's quotes"
                ));
            }
            match read_written(written) {
                None => wrong.push(format!("{label}: cannot read a number in `{written}`")),
                Some((v, q)) => {
                    let value = match f.value {
                        Number::Int(i) => i as f64,
                        Number::Float(x) => x,
                    };
                    if (v - value).abs() > 1e-6 * v.abs().max(1.0) {
                        wrong.push(format!(
                            "{label}: value {value} but the source writes `{written}`"
                        ));
                    }
                    if q != f.qualifier {
                        wrong.push(format!(
                            "{label}: qualifier {:?} but the source writes `{written}`",
                            f.qualifier
                        ));
                    }
                }
            }
        }
    }
    assert!(figures >= 75, "only {figures} figures");
    assert!(
        wrong.is_empty(),
        "figures that do not match the source:\n{}",
        wrong.join("\n")
    );
}

/// The source words that back each audience, from the table in data/README.md (so the
/// documentation and this check cannot drift apart).
fn audience_words() -> Vec<(String, Vec<String>)> {
    let readme = include_str!("../data/README.md");
    let table = readme
        .split("### Audience")
        .nth(1)
        .and_then(|s| s.split("###").next())
        .unwrap();
    table
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let word = cells[1].trim_matches('`').to_string();
            let backing = cells[3].split(", ").map(String::from).collect();
            (word, backing)
        })
        .collect()
}

#[test]
fn the_audience_table_documents_every_audience_with_its_chinese_label() {
    let words = audience_words();
    let documented: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
    let all: Vec<&str> = catalogue::Audience::ALL
        .iter()
        .map(|a| a.as_str())
        .collect();
    assert_eq!(documented, all);
    let readme = include_str!("../data/README.md");
    for a in catalogue::Audience::ALL {
        let row = format!("| `{}` | {} |", a.as_str(), a.label(catalogue::Lang::Zh));
        assert!(readme.contains(&row), "data/README.md lacks {row}");
    }
    for (tag, _, zh) in catalogue::TAGS {
        assert!(
            readme.contains(&format!("| `{tag}` | {zh} |")),
            "data/README.md lacks tag {tag}"
        );
    }
}

/// Audience comes only from what the source says: each word an entry has is backed by one of
/// its own quotes holding one of that word's source words.
#[test]
fn every_audience_is_backed_by_a_quote() {
    let words = audience_words();
    let cat = catalogue::shipped().unwrap();
    let mut unbacked = Vec::new();
    for e in cat.entries() {
        let quotes = e.source.concat();
        for a in &e.audience {
            let (_, backing) = words.iter().find(|(w, _)| w == a.as_str()).unwrap();
            if !backing.iter().any(|b| quotes.contains(b.as_str())) {
                unbacked.push(format!("{}: {a}", e.id));
            }
        }
    }
    assert!(
        unbacked.is_empty(),
        "audience no quote backs:\n{}",
        unbacked.join("\n")
    );
    let filled = cat
        .entries()
        .iter()
        .filter(|e| !e.audience.is_empty())
        .count();
    assert!(filled >= 60, "only {filled} entries say who they are for");
}

/// The ways the source writes a date: `2022-12` → 2022年12月 (or 2022年年底 for a December),
/// `2018-04-01` → 2018年4月1日, `2020` → 2020.
fn written_dates(iso: &str) -> Vec<String> {
    let parts: Vec<&str> = iso.split('-').collect();
    let n = |s: &str| s.trim_start_matches('0').to_string();
    match parts.as_slice() {
        [y] => vec![y.to_string()],
        [y, m] => {
            let mut forms = vec![format!("{y}年{}月", n(m))];
            if *m == "12" {
                forms.push(format!("{y}年年底"));
                forms.push(format!("{y}年底"));
            }
            forms
        }
        [y, m, d] => vec![format!("{y}年{}月{}日", n(m), n(d))],
        _ => Vec::new(),
    }
}

/// A figure whose date the source gives (stated, or planned) has that date in one of its
/// entry's quotes: a date the editors supplied must say so (`publication`).
#[test]
fn every_stated_date_is_in_its_entrys_quote() {
    let cat = catalogue::shipped().unwrap();
    let mut wrong = Vec::new();
    let mut stated = 0;
    for e in cat.entries() {
        let quotes = squash(&e.source.concat());
        for f in &e.figures {
            if f.as_at_basis == AsAtBasis::Publication {
                continue;
            }
            stated += 1;
            if !written_dates(&f.as_at).iter().any(|d| quotes.contains(d)) {
                wrong.push(format!(
                    "{} / {}: {} {} is in none of its quotes",
                    e.id,
                    f.label.en,
                    f.as_at_basis.as_str(),
                    f.as_at
                ));
            }
        }
    }
    assert!(stated >= 45, "only {stated} stated figures");
    assert!(
        wrong.is_empty(),
        "dates not in the source:\n{}",
        wrong.join("\n")
    );
}

/// The loader refuses a figure dated after the catalogue unless planned, and a publication
/// figure not as at the catalogue (tests/fixtures/invalid/figure-dated-after-catalogue.toml);
/// here, that the figures the audit found the source does not date are still so dated.
#[test]
fn the_audited_undated_figures_are_as_at_the_publication() {
    let cat = catalogue::shipped().unwrap();
    let publication = cat
        .entries()
        .iter()
        .flat_map(|e| &e.figures)
        .filter(|f| f.as_at_basis == AsAtBasis::Publication)
        .count();
    // The audit counted 28 figures the source does not date; the 25 winning teams, the
    // portal's 600 datasets, the 2:1 ratio and the park's three buildings were dated wrongly
    // and are now as at the publication too, as is 每年4月.
    assert!(
        publication >= 30,
        "only {publication} publication-dated figures"
    );
}

/// A figure the source dates only by the Budget it was proposed in (在2023-24年度《財政預算案》中
/// 建議增撥3億元) is stated as at the year the Budget's name begins with — the year it was
/// delivered, never the second — and its label names that Budget, so a reader sees what the
/// date rests on (data/README.md, "Where facts come from").
#[test]
fn a_figure_dated_by_a_budget_names_it_and_takes_its_first_year() {
    let cat = catalogue::shipped().unwrap();
    let mut dated = 0;
    let mut wrong = Vec::new();
    for e in cat.entries() {
        for f in &e.figures {
            let Some(sentence) = cite::sentence(e, f) else {
                continue;
            };
            let sentence = squash(sentence);
            let budgets: Vec<String> = sentence
                .match_indices("年度《財政預算案》")
                .filter_map(|(at, _)| sentence[..at].get(at.checked_sub(7)?..))
                .map(|name| name[..4].to_string())
                .collect();
            if budgets.is_empty() || f.as_at.len() != 4 {
                continue;
            }
            dated += 1;
            let ok = f.as_at_basis == AsAtBasis::Stated
                && budgets.contains(&f.as_at)
                && f.label.en.contains(&format!("{}-", f.as_at))
                && f.label.en.contains("Budget")
                && f.label.zh.contains("財政預算案");
            if !ok {
                wrong.push(format!("{} / {} ({})", e.id, f.label.en, f.as_at));
            }
        }
    }
    assert_eq!(dated, 4, "the four Budget-dated figures");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The shipped file says the basis of every figure, rather than leaning on the default.
#[test]
fn every_figure_states_its_basis_in_the_file() {
    let figures = SHIPPED_TEXT.matches("[[entry.figures]]").count();
    let bases = SHIPPED_TEXT
        .lines()
        .filter(|l| l.starts_with("as_at_basis"))
        .count();
    assert_eq!(figures, bases);
}

const SHIPPED_TEXT: &str = include_str!("../data/catalogue.toml");

/// A web address the source does not print is marked as the editors' addition.
#[test]
fn every_website_not_in_the_source_is_marked() {
    let source = squash(SOURCE);
    let cat = catalogue::shipped().unwrap();
    let mut unmarked = Vec::new();
    for e in cat.entries() {
        let Some(w) = &e.website else { continue };
        let bare = w
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/');
        if !source.contains(bare) && e.outside("website").is_none() {
            unmarked.push(e.id.as_str());
        }
    }
    assert!(unmarked.is_empty(), "unmarked websites: {unmarked:?}");
}

/// The headlines the audit found mislabelled now say what they are.
#[test]
fn audited_headlines_carry_their_label_and_date() {
    let cat = catalogue::shipped().unwrap();
    let head = |id: &str| cite::headline(cat.get(id).unwrap(), Lang::En).unwrap();
    assert_eq!(head("itf"), "HK$32.8bn approved · 2022-12");
    assert_eq!(
        head("rd-tax-deduction"),
        "300% on the first HK$2m · 2018-04-01"
    );
    assert_eq!(
        head("it-innovation-lab-secondary"),
        "HK$300m proposed · 2023"
    );
    assert_eq!(
        head("hsitp"),
        "3 buildings to complete first · 2023-06 (pub.)"
    );
}
