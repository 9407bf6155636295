//! ISO 8601 calendar dates at the precision the source gives them: a year, a month, a day, or an
//! interval between two of those (`2022-08/2023-06`).

/// True for `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (a real day of that month) or `A/B` with A ≤ B.
pub fn is_iso_date(s: &str) -> bool {
    match s.split_once('/') {
        Some((a, b)) => match (parse(a), parse(b)) {
            (Some(a), Some(b)) => a <= b,
            _ => false,
        },
        None => parse(s).is_some(),
    }
}

/// (year, month, day) with 0 for the parts not given, so that intervals compare in order.
fn parse(s: &str) -> Option<(u32, u32, u32)> {
    let mut parts = s.split('-');
    let year = digits(parts.next()?, 4)?;
    let month = match parts.next() {
        None => return Some((year, 0, 0)),
        Some(m) => digits(m, 2).filter(|m| (1..=12).contains(m))?,
    };
    let day = match parts.next() {
        None => return Some((year, month, 0)),
        Some(d) => digits(d, 2).filter(|d| (1..=days_in_month(year, month)).contains(d))?,
    };
    parts.next().is_none().then_some((year, month, day))
}

fn digits(s: &str, len: usize) -> Option<u32> {
    if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::is_iso_date;

    #[test]
    fn accepts_the_precisions_the_source_uses() {
        for ok in [
            "1999",
            "2022-07",
            "2022-12-29",
            "2024-02-29",
            "2022-08/2023-06",
            "2023/2026",
        ] {
            assert!(is_iso_date(ok), "{ok}");
        }
    }

    #[test]
    fn rejects_what_is_not_iso_8601() {
        for bad in [
            "",
            "99",
            "2022-7",
            "2022-13",
            "2023-02-29",
            "2022/07",
            "2022-07-01T00",
            "July 2022",
            "2023-06/2022-08",
            "２０２２",
            "2022-00",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }
}
