//! Folding text for matching, one char to one char so that a match's char indices are also
//! indices into the original text: full-width ASCII (U+FF01–FF5E) and the ideographic space
//! (U+3000) become half-width, and letters become lower case.
//!
//! Also the per-text character mask used to skip texts that cannot match before the matcher runs.

/// Folds one char for matching: [`fold_char_keep`], then a Latin letter's diacritics dropped
/// ([`strip_mark`]), as fzf normalises texts for terms without diacritics.
pub fn fold_char(c: char) -> char {
    // `İ` keeps its case in `fold_char_keep` (it lower-cases to two chars) and strips to `I`.
    strip_mark(fold_char_keep(c)).to_ascii_lowercase()
}

/// Folds one char's case and width, keeping its diacritics. Lower-casing that would produce
/// several chars (e.g. `İ`) keeps the char.
pub fn fold_char_keep(c: char) -> char {
    // Most of a Chinese text: ideographs have no case and no width to fold.
    if matches!(c, '\u{3400}'..='\u{9FFF}') {
        return c;
    }
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

/// A Latin letter without its diacritics (é → e, ǎ → a, ø → o), one char for one; every other
/// char as it is. The letters are those fzf's table normalises: canonical decompositions in the
/// Latin blocks, and the stroked and other letters that have none.
pub fn strip_mark(c: char) -> char {
    let code = c as u32;
    if code < 0xC0 || !(code <= 0x24F || (0x1E00..=0x1EFF).contains(&code)) {
        return c;
    }
    match c {
        'ø' => return 'o',
        'Ø' => return 'O',
        'đ' | 'ð' => return 'd',
        'Đ' | 'Ð' => return 'D',
        'ħ' => return 'h',
        'ı' => return 'i',
        'ł' => return 'l',
        'Ł' => return 'L',
        'ß' => return 's',
        'ŧ' => return 't',
        'ƀ' => return 'b',
        'ƶ' => return 'z',
        _ => {}
    }
    let mut base = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        }
    });
    base.filter(char::is_ascii_alphabetic).unwrap_or(c)
}

/// `s` with [`strip_mark`] applied to each char.
pub fn strip_marks(s: &str) -> String {
    s.chars().map(strip_mark).collect()
}

/// Folds `s` into `out` (cleared first, so one buffer serves many texts); whether folding
/// changed anything (most Chinese text it does not, and the index then keeps no copy).
pub fn fold_into(s: &str, out: &mut String) -> bool {
    out.clear();
    out.extend(s.chars().map(fold_char));
    out != s
}

pub fn fold_string(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// [`fold_string`] keeping diacritics: how a term with diacritics of its own is compared.
pub fn fold_string_keep(s: &str) -> String {
    s.chars().map(fold_char_keep).collect()
}

/// One bit per ASCII letter and digit, the other chars hashed into the remaining 28 bits. A
/// text can only contain a query's chars if its mask covers the query's mask.
pub fn char_mask(folded: &str) -> u64 {
    folded.chars().fold(0, |m, c| m | char_bit(c))
}

/// [`char_mask`] of `s` folded, without building the folded string.
pub fn char_mask_folding(s: &str) -> u64 {
    s.chars().fold(0, |m, c| m | char_bit(fold_char(c)))
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

/// True when `needle`'s chars occur in `hay` in order, char by char: [`is_subsequence`] on bytes
/// is only a filter for non-ASCII text (`局`'s three bytes can each be found in other chars).
pub fn is_char_subsequence(needle: &str, hay: &str) -> bool {
    if needle.is_ascii() {
        return is_subsequence(needle, hay);
    }
    let mut hay = hay.chars();
    needle.chars().all(|c| hay.any(|h| h == c))
}

/// Can folding turn some other char into `c`? (ASCII, from upper case and full width; cased
/// letters, from upper case.) Chinese characters cannot: a needle of them is found as written.
fn fold_target(c: char) -> bool {
    c.is_ascii() || c.is_lowercase() || c.is_uppercase()
}

/// Byte offset in `hay` where the folded `needle` occurs, comparing `hay` folded: prose is
/// matched without keeping a folded copy of it.
pub fn find_folded(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    let Some(&first) = n.first() else {
        return Some(0);
    };
    if !needle.chars().any(fold_target) {
        return hay.find(needle);
    }
    if hay.is_ascii() && needle.is_ascii() {
        let h = hay.as_bytes();
        let mut from = 0;
        while let Some(k) = memchr::memchr2(first, first.to_ascii_uppercase(), &h[from..]) {
            let at = from + k;
            if h.len() - at >= n.len() && h[at..at + n.len()].eq_ignore_ascii_case(n) {
                return Some(at);
            }
            from = at + 1;
        }
        return None;
    }
    hay.char_indices()
        .map(|(b, _)| b)
        .find(|&b| starts_with_folded(&hay[b..], needle))
}

/// Where `needle` occurs in `hay` folded and stripped of every char that is not a letter or
/// digit (a tag's "bare" text: `Start-Ups` → `startups`): `Some(true)` when the bare text starts
/// with it, `Some(false)` when it occurs later, `None` when it does not occur. The same as
/// searching the bare copy, without building it.
pub fn find_bare_folded(hay: &str, needle: &str) -> Option<bool> {
    if needle.is_empty() {
        return Some(true);
    }
    // Most tags: ASCII and short, made bare on the stack.
    if hay.is_ascii() && hay.len() <= 64 {
        let mut buf = [0u8; 64];
        let mut n = 0;
        for b in hay.bytes().filter(u8::is_ascii_alphanumeric) {
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
        return memchr::memmem::find(&buf[..n], needle.as_bytes()).map(|at| at == 0);
    }
    let bare = || hay.chars().map(fold_char).filter(|c| c.is_alphanumeric());
    let mut start = bare();
    let mut first = true;
    loop {
        let mut h = start.clone();
        if needle.chars().all(|c| h.next() == Some(c)) {
            return Some(first);
        }
        start.next()?;
        first = false;
    }
}

pub fn starts_with_folded(hay: &str, needle: &str) -> bool {
    let mut h = hay.chars().map(fold_char);
    needle.chars().all(|c| h.next() == Some(c))
}

/// Byte offset where the folded `needle` ends `hay`, if it does.
pub fn ends_with_folded(hay: &str, needle: &str) -> Option<usize> {
    let k = needle.chars().count();
    let start = if k == 0 {
        hay.len()
    } else {
        hay.char_indices().rev().nth(k - 1)?.0
    };
    starts_with_folded(&hay[start..], needle).then_some(start)
}

pub fn eq_folded(hay: &str, needle: &str) -> bool {
    hay.chars().count() == needle.chars().count() && starts_with_folded(hay, needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The slow form: build the bare folded text, then search it.
    fn bare_slow(hay: &str, needle: &str) -> Option<bool> {
        let bare: String = fold_string(hay)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        bare.find(needle).map(|at| at == 0)
    }

    #[test]
    fn bare_tags_match_without_their_punctuation() {
        for (hay, needle, want) in [
            ("start-ups", "startups", Some(true)),
            ("Start-Ups", "tups", Some(false)),
            ("Wi-Fi.HK", "wifihk", Some(true)),
            ("Wi-Fi.HK", "fih", Some(false)),
            ("Café Lab", "cafelab", Some(true)),
            ("re-industrialisation", "industr", Some(false)),
            ("a-b", "abc", None),
            ("", "a", None),
            ("創新-科技", "新科", Some(false)),
        ] {
            assert_eq!(find_bare_folded(hay, needle), want, "{hay} / {needle}");
            assert_eq!(bare_slow(hay, needle), want, "{hay} / {needle}");
        }
    }

    proptest! {
        /// The streaming search gives what searching a bare copy gives.
        #[test]
        fn bare_search_equals_searching_a_bare_copy(
            hay in "[a-cA-C\\-. éÉ創新ＡＢ]{0,12}",
            needle in "[a-c創新é]{1,4}",
        ) {
            prop_assert_eq!(find_bare_folded(&hay, &needle), bare_slow(&hay, &needle));
        }
    }

    #[test]
    fn full_width_and_case_fold_one_to_one() {
        assert_eq!(fold_string("ＩＴＦ　Ｆｕｎｄ"), "itf fund");
        assert_eq!(fold_string("Research Talent Hub"), "research talent hub");
        assert_eq!(fold_string("İ研究"), "i研究");
        assert_eq!(fold_string_keep("İ研究"), "İ研究");
        assert!(!fold_into("創新", &mut String::new()));
    }

    #[test]
    fn latin_diacritics_fold_to_the_base_letter() {
        assert_eq!(fold_string("Café Lab"), "cafe lab");
        assert_eq!(
            fold_string("ÅNGSTRÖM Øresund Łódź straße"),
            "angstrom oresund lodz strase"
        );
        assert_eq!(fold_string_keep("Café"), "café");
        // Not Latin: left alone.
        assert_eq!(fold_string("Ωμέγα 創新"), "ωμέγα 創新");
    }

    #[test]
    fn prose_is_searched_folded_without_a_copy() {
        assert_eq!(
            find_folded("The Research Talent Hub funds", "talent"),
            Some(13)
        );
        assert_eq!(find_folded("ＩＴＦ資助", "itf"), Some(0));
        assert_eq!(find_folded("資助研究人才", "研究"), Some(6));
        assert_eq!(find_folded("Café CAFÉ", "cafe"), Some(0));
        assert_eq!(find_folded("abc", "abd"), None);
        assert_eq!(find_folded("ab", "abc"), None);
        assert!(starts_with_folded("Innovation Fund", "innov"));
        assert_eq!(ends_with_folded("Innovation FUND", "fund"), Some(11));
        assert_eq!(ends_with_folded("d", "fund"), None);
        assert!(eq_folded("ITF", "itf"));
        assert!(!eq_folded("ITFs", "itf"));
    }

    #[test]
    fn masks_and_subsequences() {
        let hay = "research talent hub";
        assert_eq!(char_mask("rth") & !char_mask(hay), 0);
        assert_ne!(char_mask("xyz") & !char_mask(hay), 0);
        assert!(is_subsequence("rth", hay));
        assert!(!is_subsequence("htr", hay));
        assert!(is_subsequence("研究", "研究人才庫"));
        // 局 is E5 B1 80: each byte occurs, in order, in 廣東省科學技術廳, but the char does not.
        assert!(is_subsequence("局", "廣東省科學技術廳"));
        assert!(!is_char_subsequence("局", "廣東省科學技術廳"));
        assert!(is_char_subsequence("局", "發展局"));
    }
}
