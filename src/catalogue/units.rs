//! Numbers and units as people read them, in either language: `HK$32.8 billion` / `328億元`,
//! `42,861 projects` / `42,861個項目`. Exports in json and toml keep the exact number instead.

use super::{Figure, Lang, Qualifier};

/// Known units: (unit, English singular, English plural, Chinese suffix).
const UNITS: &[(&str, &str, &str, &str)] = &[
    ("hectares", "hectare", "hectares", "公頃"),
    ("projects", "project", "projects", "個項目"),
    ("people", "person", "people", "人"),
    ("person-times", "person-time", "person-times", "人次"),
    ("positions", "position", "positions", "個職位"),
    ("schools", "school", "schools", "所學校"),
    ("applications", "application", "applications", "宗申請"),
    ("quotas", "quota", "quotas", "個配額"),
    ("labs", "lab", "labs", "間實驗室"),
    ("institutions", "institution", "institutions", "間機構"),
    ("economies", "economy", "economies", "個經濟體"),
    ("datasets", "dataset", "datasets", "個數據集"),
    ("services", "service", "services", "項服務"),
    ("hotspots", "hotspot", "hotspots", "個熱點"),
    ("visits", "visit", "visits", "人次"),
    ("premises", "premises", "premises", "個處所"),
    ("lampposts", "lamppost", "lampposts", "支燈柱"),
    ("entries", "entry", "entries", "項方案"),
    ("teams", "team", "teams", "隊"),
    ("organisations", "organisation", "organisations", "間機構"),
    ("years", "year", "years", "年"),
    ("days", "day", "days", "天"),
    ("schemes", "scheme", "schemes", "項計劃"),
    ("centres", "centre", "centres", "所中心"),
    ("universities", "university", "universities", "所大學"),
    ("buildings", "building", "buildings", "座大樓"),
    ("districts", "district", "districts", "個地區"),
    ("areas", "area", "areas", "個範疇"),
    ("initiatives", "initiative", "initiatives", "項措施"),
    ("directions", "direction", "directions", "個方向"),
    ("strategies", "strategy", "strategies", "個策略"),
    ("missions", "mission", "missions", "個使命"),
    ("school-years", "school year", "school years", "個學年"),
    ("parks", "park", "parks", "個園區"),
    ("platforms", "platform", "platforms", "個平台"),
];

/// A figure's value in one language, with its qualifier and unit: `about HK$40 billion`.
/// An upper bound on a length of time reads as the source writes it, 最長 (at the longest),
/// not 最多 (at the most): 最長3年.
pub fn format_figure(f: &Figure, lang: Lang) -> String {
    let amount = format_amount(f.value.as_f64(), &f.unit, lang);
    let duration = matches!(f.unit.as_str(), "years" | "days" | "school-years");
    match (f.qualifier, lang) {
        (None, _) => amount,
        (Some(q), Lang::En) => format!("{} {amount}", q.word(lang)),
        (Some(Qualifier::UpTo), Lang::Zh) if duration => format!("最長{amount}"),
        (Some(q), Lang::Zh) => format!("{}{amount}", q.word(lang)),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A value in its unit, without qualifier.
pub fn format_amount(v: f64, unit: &str, lang: Lang) -> String {
    match (unit, lang) {
        ("HKD", Lang::En) => hkd_en(v),
        ("HKD", Lang::Zh) => hkd_zh(v),
        ("HKD/month", Lang::En) => format!("{} a month", hkd_en(v)),
        ("HKD/month", Lang::Zh) => format!("每月{}", hkd_zh(v)),
        ("percent", _) => format!("{}%", number(v)),
        ("ratio", _) => format!("{}:1", number(v)),
        // A month of every year (每年4月): April, 4月.
        ("month-of-year", Lang::En) if v.fract() == 0.0 && (1.0..=12.0).contains(&v) => {
            MONTHS[v as usize - 1].to_string()
        }
        ("month-of-year", Lang::Zh) => format!("{}月", number(v)),
        _ => match (UNITS.iter().find(|u| u.0 == unit), lang) {
            (Some((_, one, many, _)), Lang::En) => {
                format!("{} {}", number(v), if v == 1.0 { one } else { many })
            }
            (Some((_, _, _, zh)), Lang::Zh) => format!("{}{zh}", number(v)),
            (None, _) => format!("{} {unit}", number(v)),
        },
    }
}

/// The unit's name in a language, for column headers and filters.
pub fn unit_name(unit: &str, lang: Lang) -> String {
    match (unit, lang) {
        ("HKD", Lang::En) => "HK$".into(),
        ("HKD", Lang::Zh) => "港元".into(),
        ("HKD/month", Lang::En) => "HK$ a month".into(),
        ("HKD/month", Lang::Zh) => "每月港元".into(),
        ("percent", _) => "%".into(),
        _ => match (UNITS.iter().find(|u| u.0 == unit), lang) {
            (Some((_, _, many, _)), Lang::En) => (*many).into(),
            (Some((_, _, _, zh)), Lang::Zh) => zh
                .trim_start_matches(['個', '所', '項', '間', '宗', '支', '座'])
                .into(),
            (None, _) => unit.into(),
        },
    }
}

/// Money in English: `HK$32.8 billion`, `-HK$3.2 billion` (the sign before the currency, as
/// a reader writes a loss), `HK$1e25` (in exponent form, no scale word helps).
fn hkd_en(v: f64) -> String {
    signed(v, |a| {
        if (1e9..EXPONENT_FROM).contains(&a) {
            format!("HK${} billion", number(a / 1e9))
        } else if (1e6..1e9).contains(&a) {
            format!("HK${} million", number(a / 1e6))
        } else {
            format!("HK${}", number(a))
        }
    })
}

/// Money in Chinese: `328億元`, `-32億元` (the same sign, in the same place, as in English).
fn hkd_zh(v: f64) -> String {
    signed(v, |a| {
        if (1e8..EXPONENT_FROM).contains(&a) {
            format!("{}億元", number(a / 1e8))
        } else if (1e6..1e8).contains(&a) {
            format!("{}萬元", number(a / 1e4))
        } else {
            format!("{}元", number(a))
        }
    })
}

/// `body` of the magnitude, after a `-` when `v` is negative and the amount shown is not zero.
fn signed(v: f64, body: impl Fn(f64) -> String) -> String {
    let shown = body(v.abs());
    if v < 0.0 && shown.bytes().any(|b| matches!(b, b'1'..=b'9')) {
        format!("-{shown}")
    } else {
        shown
    }
}

/// Below this magnitude a number is written out in grouped digits; from it on (where
/// JavaScript, too, switches), in exponent form: `1e308`, never 309 digits or `inf`.
const EXPONENT_FROM: f64 = 1e21;

/// Thousands separators and at most three decimals, trailing zeros dropped: `42,861`, `2.94`;
/// `1e308` from [`EXPONENT_FROM`] on. Never `inf`: no step overflows, and a catalogue holds no
/// non-finite number.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    if v.abs() >= EXPONENT_FROM {
        // The shortest digits that read back as `v`, as the catalogue file would write them.
        return format!("{v:e}");
    }
    // Rounded to thousandths only where a double has them: from 1e15 on, scaling by 1000 would
    // add error rather than remove it.
    let rounded = if v.abs() < 1e15 {
        (v * 1000.0).round() / 1000.0
    } else {
        v.round()
    };
    let negative = rounded < 0.0;
    let abs = rounded.abs();
    let whole = abs.trunc();
    // `Display` gives the shortest digits that read back as `whole`, not its exact binary
    // expansion (which `{:.0}` would print).
    let mut digits = format!("{whole}");
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(",{tail}{grouped}");
    }
    grouped = format!("{digits}{grouped}");
    let frac = abs - whole;
    if frac > 0.0 {
        let f = format!("{frac:.3}");
        let f = f.trim_start_matches('0').trim_end_matches('0');
        if f != "." {
            grouped.push_str(f);
        }
    }
    if negative {
        format!("-{grouped}")
    } else {
        grouped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_as_people_write_it() {
        assert_eq!(
            format_amount(32_800_000_000.0, "HKD", Lang::En),
            "HK$32.8 billion"
        );
        assert_eq!(format_amount(32_800_000_000.0, "HKD", Lang::Zh), "328億元");
        assert_eq!(
            format_amount(294_000_000.0, "HKD", Lang::En),
            "HK$294 million"
        );
        assert_eq!(format_amount(294_000_000.0, "HKD", Lang::Zh), "2.94億元");
        assert_eq!(format_amount(2_000_000.0, "HKD", Lang::Zh), "200萬元");
        assert_eq!(
            format_amount(20_000.0, "HKD/month", Lang::En),
            "HK$20,000 a month"
        );
        assert_eq!(
            format_amount(20_000.0, "HKD/month", Lang::Zh),
            "每月20,000元"
        );
    }

    #[test]
    fn counts_have_units_in_both_languages() {
        assert_eq!(
            format_amount(42_861.0, "projects", Lang::En),
            "42,861 projects"
        );
        assert_eq!(
            format_amount(42_861.0, "projects", Lang::Zh),
            "42,861個項目"
        );
        assert_eq!(format_amount(1.0, "years", Lang::En), "1 year");
        assert_eq!(format_amount(30.0, "percent", Lang::Zh), "30%");
        assert_eq!(format_amount(2.0, "ratio", Lang::En), "2:1");
        assert_eq!(format_amount(7.5, "widgets", Lang::En), "7.5 widgets");
        assert_eq!(number(1_234_567.891), "1,234,567.891");
        assert_eq!(number(0.5), "0.5");
    }

    /// A loss reads as one: the sign before the whole amount, the scale chosen by its size, in
    /// both languages alike.
    #[test]
    fn negative_money_has_its_sign_in_front() {
        let cases: [(f64, &str, &str); 7] = [
            (-3_200_000_000.0, "-HK$3.2 billion", "-32億元"),
            (-294_000_000.0, "-HK$294 million", "-2.94億元"),
            (-2_000_000.0, "-HK$2 million", "-200萬元"),
            (-20_000.0, "-HK$20,000", "-20,000元"),
            (-0.5, "-HK$0.5", "-0.5元"),
            // Rounded to nothing: no sign.
            (-0.0001, "HK$0", "0元"),
            (-0.0, "HK$0", "0元"),
        ];
        for (v, en, zh) in cases {
            assert_eq!(format_amount(v, "HKD", Lang::En), en, "{v}");
            assert_eq!(format_amount(v, "HKD", Lang::Zh), zh, "{v}");
        }
        assert_eq!(
            format_amount(-20_000.0, "HKD/month", Lang::En),
            "-HK$20,000 a month"
        );
        assert_eq!(
            format_amount(-20_000.0, "HKD/month", Lang::Zh),
            "每月-20,000元"
        );
        assert_eq!(format_amount(-3.5, "percent", Lang::Zh), "-3.5%");
    }

    /// The largest finite doubles print as numbers: nothing overflows to `inf`, and past 1e21
    /// the exponent form replaces hundreds of digits.
    #[test]
    fn huge_values_print_sanely() {
        assert_eq!(number(1e308), "1e308");
        assert_eq!(number(-1e308), "-1e308");
        assert_eq!(number(f64::MAX), "1.7976931348623157e308");
        assert_eq!(number(1e20), "100,000,000,000,000,000,000");
        assert_eq!(number(9_007_199_254_740_991.0), "9,007,199,254,740,991");
        assert_eq!(number(1e15 + 0.5), "1,000,000,000,000,001");
        assert_eq!(format_amount(1e308, "people", Lang::En), "1e308 people");
        assert_eq!(format_amount(1e308, "people", Lang::Zh), "1e308人");
        assert_eq!(format_amount(1e308, "HKD", Lang::En), "HK$1e308");
        assert_eq!(format_amount(-1e308, "HKD", Lang::Zh), "-1e308元");
        assert_eq!(
            format_amount(1e20, "HKD", Lang::En),
            "HK$100,000,000,000 billion"
        );
        assert_eq!(format_amount(1e21, "HKD", Lang::Zh), "1e21元");
        assert_eq!(format_amount(1e308, "percent", Lang::En), "1e308%");
        for v in [1e308, f64::MAX, -f64::MAX, 1e21, 1e300] {
            for unit in ["HKD", "HKD/month", "percent", "ratio", "people", "widgets"] {
                for lang in [Lang::En, Lang::Zh] {
                    let s = format_amount(v, unit, lang);
                    assert!(!s.contains("inf") && s.len() < 60, "{v} {unit}: {s}");
                }
            }
        }
    }
}
