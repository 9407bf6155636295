//! Folding text for matching, one char to one char so that a match's char indices are also
//! indices into the original text: full-width ASCII (U+FF01–FF5E) and the ideographic space
//! (U+3000) become half-width, and letters become lower case.
//!
//! Also the per-text character mask used to skip texts that cannot match before the matcher runs.

/// Folds one char. Lower-casing that would produce several chars (e.g. `İ`) keeps the char.
pub fn fold_char(c: char) -> char {
    let c = match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Folds a text; `None` when folding changes nothing (most Chinese text), to save memory.
pub fn fold(s: &str) -> Option<Box<str>> {
    let folded: String = s.chars().map(fold_char).collect();
    (folded != s).then(|| folded.into_boxed_str())
}

pub fn fold_string(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// One bit per ASCII letter and digit, the other chars hashed into the remaining 28 bits. A
/// text can only contain a query's chars if its mask covers the query's mask.
pub fn char_mask(folded: &str) -> u64 {
    folded.chars().fold(0, |m, c| m | char_bit(c))
}

fn char_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        ' ' => 0,
        _ => 1 << (36 + (c as u32).wrapping_mul(2_654_435_761) % 28),
    }
}

/// True when `needle`'s chars occur in `hay` in order: the fuzzy matcher's own precondition,
/// checked on bytes (UTF-8 keeps a char's bytes in order, so a char subsequence is a byte one).
pub fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut hay = hay.as_bytes().iter();
    needle.as_bytes().iter().all(|b| hay.any(|h| h == b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_case_fold_one_to_one() {
        assert_eq!(fold_string("ＩＴＦ　Ｆｕｎｄ"), "itf fund");
        assert_eq!(fold_string("Research Talent Hub"), "research talent hub");
        assert_eq!(fold_string("İ研究"), "İ研究");
        assert_eq!(fold("創新"), None);
    }

    #[test]
    fn masks_and_subsequences() {
        let hay = "research talent hub";
        assert_eq!(char_mask("rth") & !char_mask(hay), 0);
        assert_ne!(char_mask("xyz") & !char_mask(hay), 0);
        assert!(is_subsequence("rth", hay));
        assert!(!is_subsequence("htr", hay));
        assert!(is_subsequence("研究", "研究人才庫"));
    }
}
