//! Provenance in words: where a catalogue comes from and how old it is ("Hong Kong Yearbook ·
//! as at 2023-06"), a figure's as-at date that says whether the source gives it or the editors
//! took the publication's date, an entry's headline ("HK$32.8bn approved · 2022-12"), and the
//! sentence of the source a figure is quoted from. Shared by the exports, the explorer and
//! `itib diff`, so that every place says it the same way.

use super::units::{format_amount, format_figure, number};
use super::{AsAtBasis, Entry, Figure, Lang, Meta, Text};

/// A figure's as-at date in a sentence: "as at 2022-12", "as at 2023-06 (publication date)",
/// "planned for 2024-12"; 「截至2022-12」, 「截至2023-06（出版日期）」, 「預計2024-12」. A date the
/// source does not give never reads like one it does.
pub fn as_at(f: &Figure, lang: Lang) -> String {
    match (f.as_at_basis, lang) {
        (AsAtBasis::Stated, Lang::En) => format!("as at {}", f.as_at),
        (AsAtBasis::Publication, Lang::En) => format!("as at {} (publication date)", f.as_at),
        (AsAtBasis::Planned, Lang::En) => format!("planned for {}", f.as_at),
        (AsAtBasis::Stated, Lang::Zh) => format!("截至{}", f.as_at),
        (AsAtBasis::Publication, Lang::Zh) => format!("截至{}（出版日期）", f.as_at),
        (AsAtBasis::Planned, Lang::Zh) => format!("預計{}", f.as_at),
    }
}

/// The same, short, for a list's column: "2022-12", "2023-06 (pub.)", "planned 2024-12";
/// 「2022-12」, 「2023-06（出版）」, 「預計2024-12」.
pub fn as_at_short(f: &Figure, lang: Lang) -> String {
    match (f.as_at_basis, lang) {
        (AsAtBasis::Stated, _) => f.as_at.clone(),
        (AsAtBasis::Publication, Lang::En) => format!("{} (pub.)", f.as_at),
        (AsAtBasis::Publication, Lang::Zh) => format!("{}（出版）", f.as_at),
        (AsAtBasis::Planned, Lang::En) => format!("planned {}", f.as_at),
        (AsAtBasis::Planned, Lang::Zh) => format!("預計{}", f.as_at),
    }
}

/// Between the two, for a table beside the value: "as at 2022-12", "as at 2023-06 (pub.)",
/// "planned 2024-12"; 「截至2022-12」, 「截至2023-06（出版）」, 「預計2024-12」.
pub fn as_at_compact(f: &Figure, lang: Lang) -> String {
    match (f.as_at_basis, lang) {
        (AsAtBasis::Planned, _) => as_at_short(f, lang),
        (_, Lang::En) => format!("as at {}", as_at_short(f, lang)),
        (_, Lang::Zh) => format!("截至{}", as_at_short(f, lang)),
    }
}

/// What "(pub.)" means, for the foot of a table that uses it.
pub fn publication_legend(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "(pub.): the source gives no date; as at the publication",
        Lang::Zh => "（出版）：來源未註明日期，以出版日期計",
    }
}

/// A figure's value for a narrow column: money as `HK$32.8bn`, `HK$300m` in English (Chinese
/// money, `328億元`, is short already), anything else as [`format_figure`] writes it.
pub fn compact_value(f: &Figure, lang: Lang) -> String {
    if f.unit != "HKD" || lang == Lang::Zh {
        return format_figure(f, lang);
    }
    let v = f.value.as_f64();
    let a = v.abs();
    let body = if (1e9..1e21).contains(&a) {
        format!("HK${}bn", number(a / 1e9))
    } else if (1e6..1e9).contains(&a) {
        format!("HK${}m", number(a / 1e6))
    } else {
        format_amount(a, "HKD", lang)
    };
    let body = if v < 0.0 { format!("-{body}") } else { body };
    match f.qualifier {
        Some(q) => format!("{} {body}", q.word(lang)),
        None => body,
    }
}

/// An entry's headline as lists show it: value, short label and as-at, "HK$32.8bn approved ·
/// 2022-12", 「328億元 已批出撥款 · 2022-12」. `None` when the entry has no headline figure.
pub fn headline(e: &Entry, lang: Lang) -> Option<String> {
    let f = e.headline()?;
    let value = compact_value(f, lang);
    Some(match f.short.as_ref() {
        Some(short) => format!("{value} {} · {}", short.get(lang), as_at_short(f, lang)),
        None => format!("{value} · {}", as_at_short(f, lang)),
    })
}

/// The publication alone, else the whole source title, in one language.
fn publication(meta: &Meta, lang: Lang) -> Option<&str> {
    meta.publication
        .as_ref()
        .or(meta.source.as_ref())
        .map(|t| t.get(lang))
}

/// The explorer's header: "Hong Kong Yearbook · as at 2023-06", 「香港年報 · 截至2023-06」;
/// `None` for a catalogue that says neither.
pub fn header(meta: &Meta, lang: Lang) -> Option<String> {
    let date = meta.as_at.as_ref().map(|d| match lang {
        Lang::En => format!("as at {d}"),
        Lang::Zh => format!("截至{d}"),
    });
    match (publication(meta, lang), date) {
        (Some(p), Some(d)) => Some(format!("{p} · {d}")),
        (Some(p), None) => Some(p.to_string()),
        (None, Some(d)) => Some(d),
        (None, None) => None,
    }
}

/// The citation of the whole catalogue in one language: publication, chapter, as-at.
/// "Hong Kong Yearbook, chapter “Innovation, Technology and Industry”, as at 2023-06";
/// 「《香港年報》〈創新、科技及工業〉，截至2023-06」. Without a publication and chapter, the source's
/// title stands for both.
pub fn citation(meta: &Meta, lang: Lang) -> String {
    let mut parts = Vec::new();
    match (&meta.publication, &meta.chapter, lang) {
        (Some(p), Some(c), Lang::En) => {
            parts.push(format!("{}, chapter “{}”", p.en, c.en));
        }
        (Some(p), Some(c), Lang::Zh) => parts.push(format!("《{}》〈{}〉", p.zh, c.zh)),
        _ => {
            if let Some(t) = publication(meta, lang) {
                parts.push(t.to_string());
            }
        }
    }
    if let Some(d) = &meta.as_at {
        parts.push(match lang {
            Lang::En => format!("as at {d}"),
            Lang::Zh => format!("截至{d}"),
        });
    }
    if parts.is_empty() {
        return match lang {
            Lang::En => "source not named by the catalogue".into(),
            Lang::Zh => "目錄未註明來源".into(),
        };
    }
    let sep = if lang == Lang::Zh { "，" } else { ", " };
    parts.join(sep)
}

/// The citation in both languages, English first.
pub fn citation_both(meta: &Meta) -> String {
    format!(
        "{} / {}",
        citation(meta, Lang::En),
        citation(meta, Lang::Zh)
    )
}

/// The line that cites the catalogue, as the text card ends and the text list can: "Cite 引用:
/// …" in both languages (English first) when no language is chosen, else "Cite: …" or
/// 「引用：…」 in the one chosen.
pub fn cite_line(meta: &Meta, lang: Option<Lang>) -> String {
    match lang {
        None => format!("Cite 引用: {}", citation_both(meta)),
        Some(Lang::En) => format!("Cite: {}", citation(meta, Lang::En)),
        Some(Lang::Zh) => format!("引用：{}", citation(meta, Lang::Zh)),
    }
}

/// The sentence of the entry's quotes that a figure is read from: the one holding its
/// `as_written` (white space aside, as the source is spaced for layout), to the 。 that ends
/// it. `None` when no quote holds it.
pub fn sentence<'e>(e: &'e Entry, f: &Figure) -> Option<&'e str> {
    let written = squash(f.as_written.as_deref()?);
    if written.is_empty() {
        return None;
    }
    e.source.iter().find_map(|q| {
        q.split_inclusive('。')
            .find(|s| squash(s).contains(&written))
            .map(str::trim)
    })
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A field an outside-source mark names, in words: `website` → "website" / 「網址」,
/// `figures[1].label` → "figure 2 label" / 「數字2標籤」.
pub fn field_words(field: &str, lang: Lang) -> String {
    const WORDS: &[(&str, &str, &str)] = &[
        ("name.en", "English name", "英文名稱"),
        ("name.zh", "Chinese name", "中文名稱"),
        ("name", "names", "名稱"),
        ("category", "category", "類別"),
        ("aliases", "aliases", "別稱"),
        ("parent", "parent", "上級"),
        ("related", "related", "相關"),
        ("website", "website", "網址"),
        ("summary", "summary", "簡介"),
        ("dates", "dates", "日期"),
        ("figures", "figures", "數字"),
    ];
    let (base, rest) = match field.split_once('[') {
        Some((b, r)) => (b, Some(r)),
        None => (field, None),
    };
    let word = WORDS
        .iter()
        .find(|w| w.0 == base)
        .map_or(base, |w| if lang == Lang::En { w.1 } else { w.2 });
    let Some(rest) = rest else {
        return word.to_string();
    };
    let (n, tail) = rest.split_once(']').unwrap_or((rest, ""));
    let n = n
        .parse::<usize>()
        .map_or(n.to_string(), |n| (n + 1).to_string());
    // "dates" → "date 2": a singular word for one of them.
    let one = match (base, lang) {
        ("dates", Lang::En) => "date",
        ("figures", Lang::En) => "figure",
        ("aliases", Lang::En) => "alias",
        ("related", Lang::En) => "related entry",
        _ => word,
    };
    let label = match (tail, lang) {
        (".label", Lang::En) => " label",
        (".label", Lang::Zh) => "標籤",
        _ => "",
    };
    match lang {
        Lang::En => format!("{one} {n}{label}"),
        Lang::Zh => format!("{one}{n}{label}"),
    }
}

/// Both languages of a text, for cards read in either.
pub fn both(t: &Text) -> String {
    format!("{} / {}", t.en, t.zh)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Number;

    fn figure(basis: AsAtBasis) -> Figure {
        Figure {
            label: Text {
                en: "Funding approved".into(),
                zh: "涉及撥款".into(),
            },
            short: Some(Text {
                en: "approved".into(),
                zh: "已批出撥款".into(),
            }),
            value: Number::Int(32_800_000_000),
            unit: "HKD".into(),
            as_at: "2022-12".into(),
            as_at_basis: basis,
            qualifier: None,
            as_written: Some("328億元".into()),
            headline: true,
        }
    }

    #[test]
    fn inferred_and_planned_dates_read_differently_from_stated_ones() {
        let words: Vec<String> = AsAtBasis::ALL
            .into_iter()
            .flat_map(|b| {
                let f = figure(b);
                [
                    as_at(&f, Lang::En),
                    as_at(&f, Lang::Zh),
                    as_at_short(&f, Lang::En),
                    as_at_short(&f, Lang::Zh),
                ]
            })
            .collect();
        assert_eq!(words[0], "as at 2022-12");
        assert_eq!(words[4], "as at 2022-12 (publication date)");
        assert_eq!(words[5], "截至2022-12（出版日期）");
        assert_eq!(words[6], "2022-12 (pub.)");
        assert_eq!(words[8], "planned for 2022-12");
        // Each basis is said differently in each form.
        for k in 0..4 {
            assert_ne!(words[k], words[4 + k]);
            assert_ne!(words[k], words[8 + k]);
            assert_ne!(words[4 + k], words[8 + k]);
        }
    }

    #[test]
    fn a_headline_has_its_short_label_and_date() {
        let f = figure(AsAtBasis::Stated);
        assert_eq!(compact_value(&f, Lang::En), "HK$32.8bn");
        let mut e = crate::catalogue::shipped().unwrap().entries()[0].clone();
        e.figures = vec![f];
        assert_eq!(
            headline(&e, Lang::En).as_deref(),
            Some("HK$32.8bn approved · 2022-12")
        );
        assert_eq!(
            headline(&e, Lang::Zh).as_deref(),
            Some("328億元 已批出撥款 · 2022-12")
        );
        e.figures[0].headline = false;
        assert_eq!(headline(&e, Lang::En), None);
    }

    #[test]
    fn field_words_name_one_of_several() {
        assert_eq!(field_words("website", Lang::En), "website");
        assert_eq!(field_words("dates[0]", Lang::En), "date 1");
        assert_eq!(field_words("figures[1].label", Lang::En), "figure 2 label");
        assert_eq!(field_words("figures[1].label", Lang::Zh), "數字2標籤");
    }
}
