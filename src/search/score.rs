//! Scoring one text: where an exact term occurs (fzf's anchors and word boundaries), whether a
//! hit is a whole word, SkimMatcherV2's score (in closed form for one- and two-char patterns, by
//! its own alignment for longer ones), a score for matches as written, and a tag read without
//! its punctuation. Pure functions of folded text; the engine decides which texts to score.

use super::fold;
use super::is_cjk;
use super::query::TermKind;

/// Where a term of an exact kind occurs in folded `text`: the byte offset of the match, as fzf
/// finds it. Prefix, suffix and whole-text matches ignore the text's leading and trailing white
/// space (unless the term itself starts or ends with a space); `'x'` must start and end at word
/// boundaries (the text's ends, or a char that is neither letter nor digit).
pub(crate) fn locate(kind: TermKind, needle: &str, text: &str) -> Option<usize> {
    let lead = || {
        if needle.starts_with(char::is_whitespace) {
            0
        } else {
            text.len() - text.trim_start().len()
        }
    };
    let end = || {
        if needle.ends_with(char::is_whitespace) {
            text.len()
        } else {
            text.trim_end().len()
        }
    };
    match kind {
        TermKind::Fuzzy => None,
        // memmem: str::find builds a two-way searcher per call, which a scan pays per field.
        TermKind::Exact => memchr::memmem::find(text.as_bytes(), needle.as_bytes()),
        TermKind::Boundary => {
            let mut from = 0;
            while let Some(k) = text.get(from..)?.find(needle) {
                let at = from + k;
                let after = at + needle.len();
                let before_ok = text[..at].chars().next_back().is_none_or(|c| !is_word(c));
                let after_ok = text[after..].chars().next().is_none_or(|c| !is_word(c));
                if before_ok && after_ok {
                    return Some(at);
                }
                from = at + text[at..].chars().next().map_or(1, char::len_utf8);
            }
            None
        }
        TermKind::Prefix => {
            let at = lead();
            text[at..].starts_with(needle).then_some(at)
        }
        TermKind::Suffix => {
            let e = end();
            text[..e].ends_with(needle).then(|| e - needle.len())
        }
        TermKind::Whole => {
            let (at, e) = (lead(), end());
            (at <= e && &text[at..e] == needle).then_some(at)
        }
    }
}

/// fzf's word chars: letters and digits; anything else (space, punctuation) bounds a word.
pub(super) fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether a match of `form` right after `before` starts a word: at the start, after a char
/// that is not a letter or digit, or — Chinese having no spaces — whenever it starts with a
/// Chinese character.
pub(super) fn starts_word(form: &str, before: &str) -> bool {
    form.chars().next().is_some_and(is_cjk)
        || before.chars().next_back().is_none_or(|c| !is_word(c))
}

/// Whether a term of `kind` that matches folded `text` does so as a word or a word's start:
/// its text occurs there unbroken, starting a word.
pub(super) fn word_hit(kind: TermKind, form: &str, text: &str) -> bool {
    let exact = match kind {
        TermKind::Fuzzy | TermKind::Exact => TermKind::Exact,
        other => other,
    };
    let Some(mut at) = locate(exact, form, text) else {
        return false;
    };
    loop {
        if starts_word(form, &text[..at]) {
            return true;
        }
        if exact != TermKind::Exact {
            return false;
        }
        let next = at + text[at..].chars().next().map_or(1, char::len_utf8);
        match text
            .get(next..)
            .and_then(|rest| memchr::memmem::find(rest.as_bytes(), form.as_bytes()))
        {
            Some(k) => at = next + k,
            None => return false,
        }
    }
}

/// Folded text without punctuation and spaces, for tags: `start-ups` → `startups`.
pub(super) fn bare(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A term of letters and digits in a tag read without its punctuation: its score and whether
/// it starts the tag. In the bare text every char is a letter or digit, so the only word start
/// is the start. The common case (an exact term, folded as usual) is decided without building
/// the bare text; the others build it from the folded tag.
pub(super) fn bare_tag_match<'a>(
    kind: TermKind,
    normalize: bool,
    form: &str,
    tag: &str,
    folded: &dyn Fn() -> &'a str,
) -> Option<(i64, bool)> {
    if kind == TermKind::Exact && normalize {
        let at_start = fold::find_bare_folded(tag, form)?;
        // As `exact_score` scores it in the bare text.
        let len = form.chars().count() as i64;
        return Some((len * 24 + if at_start { 32 } else { 0 }, at_start));
    }
    let bare_tag = bare(folded());
    locate(kind, form, &bare_tag).map(|at| (exact_score(form, &bare_tag, at), at == 0))
}

/// SkimMatcherV2's score of a one-char pattern `c` in folded `text` (`None` if absent), without
/// its matrix: the first keystroke of every query, on every entry, is this case.
///
/// With one pattern char the alignment is a single match, worth `score_match` (16) plus a gap
/// (-1) plus the bonus of where it falls: 16 at the very start (head bonus 8, doubled for the
/// first char), 8 after a hard separator, 7 after a soft one, 0 inside a word. Camel-case bonuses
/// cannot arise in folded text. A property test holds this equal to the matcher's own score.
pub fn single_char_score(text: &str, c: char) -> Option<i64> {
    let mut best = None;
    let mut prev = '\0';
    for (j, ch) in text.chars().enumerate() {
        if ch == c {
            best = best.max(Some(15 + place_bonus(prev, j)));
        }
        prev = ch;
    }
    best
}

/// The matcher's bonus for a char at index `j` after `prev` in folded text (no camel case).
pub(super) fn place_bonus(prev: char, j: usize) -> i64 {
    match prev {
        _ if j == 0 => 16,
        '\0' | ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => 8,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => 7,
        _ => 0,
    }
}

/// SkimMatcherV2's score of the two-char pattern `a b` in folded `text` (`None` unless they occur
/// in order): its two-row matrix as one pass with running values, for the second keystroke.
///
/// Row 1 (`a`): a match scores 15 + bonus; the gap row carries the best of opening a gap (-3,
/// -1) after a match or extending one (-1). Row 2 (`b`): a match scores 16 plus the better of
/// following a row-1 match directly (with the consecutive bonus, at least 4) or after a gap
/// (with its place bonus). Cells the matrix leaves unset are -32768, as in the matcher. Equal to
/// the matcher's own score by property test.
pub fn two_char_score(text: &str, a: char, b: char) -> Option<i64> {
    const NEG: i64 = i16::MIN as i64;
    let (mut seen_a, mut seen_b) = (false, false);
    // Row 1's match and gap scores at the previous column.
    let (mut m1, mut p1) = (NEG, NEG);
    let mut best = None;
    let mut prev = '\0';
    for (j, ch) in text.chars().enumerate() {
        let bonus = place_bonus(prev, j);
        // Row 2 starts at the first `b` after the first `a`.
        if seen_a && (seen_b || ch == b) {
            seen_b = true;
            if ch == b {
                best = best.max(Some(16 + (m1 + bonus.max(4)).max(p1 + bonus)));
            }
        }
        if seen_a || ch == a {
            seen_a = true;
            let m = if ch == a { 15 + bonus } else { NEG };
            p1 = (m1 - 4).max(p1 - 1);
            m1 = m;
        }
        prev = ch;
    }
    best
}

/// A score for a match as written, comparable with the matcher's: per char, plus a bonus at the
/// start of the text or of a word.
pub(super) fn exact_score(form: &str, text: &str, at: usize) -> i64 {
    let len = form.chars().count() as i64;
    let word_start = text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    let bonus = if at == 0 {
        32
    } else if word_start {
        16
    } else {
        0
    };
    len * 24 + bonus
}

/// How a term matches prose (tags, summaries): fuzzy terms only as written.
pub(super) fn prose_kind(kind: TermKind) -> TermKind {
    if kind == TermKind::Fuzzy {
        TermKind::Exact
    } else {
        kind
    }
}

/// The matcher's "not set" score (its matrix cells start at `i16::MIN`).
const UNSET: i32 = i16::MIN as i32;

/// One cell of the two-row matrix: the best score ending in a match here, the best ending in a
/// gap, and the consecutive-match bonus the matcher keeps beside them.
#[derive(Clone, Copy)]
struct Cell {
    m: i32,
    p: i32,
    bonus: i32,
}

const FRESH: Cell = Cell {
    m: UNSET,
    p: UNSET,
    bonus: 0,
};

/// SkimMatcherV2's score (`ignore_case`, no indices) of `pattern` in `text`, as a freshly made
/// matcher computes it; `None` unless the pattern's chars occur in order (ASCII case ignored).
///
/// The scan scores every name of every candidate with this, so it is the matcher's own
/// algorithm without its costs: no allocation per call, bytes instead of chars for ASCII, no
/// shared caches. It also has no memory between calls. The matcher reuses one two-row matrix
/// per thread and reads a few cells it has not written in this call (a run of one pattern
/// char's matches reads the bonus left beside it), so its score for a text can depend on the
/// texts scored before it on that thread (`fuzzy_match("ababnnbb", "aabb")` gives 74 from a new
/// matcher and 86 after others). Here those cells always hold what a new matcher's hold, so a
/// search ranks the same however its candidates were shared out or narrowed. A property test
/// holds this equal to a new matcher's score.
pub fn fuzzy_score(text: &str, pattern: &str) -> Option<i64> {
    if pattern.is_empty() {
        return Some(0);
    }
    MATRIX.with(|m| match m.try_borrow_mut() {
        Ok(mut m) => score_with(text, pattern, &mut m),
        // Never re-entered; were it ever, a matrix of its own.
        Err(_) => score_with(text, pattern, &mut Matrix::default()),
    })
}

/// [`fuzzy_score`] with `m` as its scratch space.
fn score_with(text: &str, pattern: &str, m: &mut Matrix) -> Option<i64> {
    let Matrix {
        cells,
        bonus,
        chars,
    } = m;
    if text.is_ascii() && pattern.is_ascii() {
        align(
            text.as_bytes(),
            pattern.as_bytes(),
            char::from,
            cells,
            bonus,
        )
    } else {
        chars.clear();
        chars.extend(text.chars());
        let split = chars.len();
        chars.extend(pattern.chars());
        let (text, pattern) = chars.split_at(split);
        align(text, pattern, |c| c, cells, bonus)
    }
}

/// A thread's scratch space for [`fuzzy_score`], reused from call to call (every cell it reads
/// is set first).
#[derive(Default)]
struct Matrix {
    cells: Vec<Cell>,
    bonus: Vec<i32>,
    chars: Vec<char>,
}

thread_local! {
    static MATRIX: std::cell::RefCell<Matrix> = std::cell::RefCell::default();
}

/// The matcher's compressed alignment (`build_score_matrix` with two rows), step for step.
fn align<T: Copy>(
    text: &[T],
    pattern: &[T],
    ch: impl Fn(T) -> char,
    cells: &mut Vec<Cell>,
    bonus: &mut Vec<i32>,
) -> Option<i64> {
    let same = |a: T, b: T| ch(a).eq_ignore_ascii_case(&ch(b));
    let cols = text.len() + 1;
    // In-place bonuses: column j + 1 is text char j.
    bonus.clear();
    bonus.push(0);
    let mut prev = '\0';
    for &c in text {
        let c = ch(c);
        bonus.push(role_bonus(prev, c));
        prev = c;
    }
    if let Some(b) = bonus.get_mut(1) {
        *b *= 2;
    }
    // Row 0 is the empty pattern: a gap everywhere. Row 1 starts as a new matrix's.
    cells.clear();
    cells.resize(cols, Cell { p: -1, ..FRESH });
    cells.resize(2 * cols, FRESH);
    let (r0, r1) = cells.split_at_mut(cols);
    // Each row starts after the previous pattern char's first match (the matcher's
    // `cheap_matches`), which must exist.
    let mut from = 0;
    for (i, &p) in pattern.iter().enumerate() {
        let first = from + text.get(from..)?.iter().position(|&c| same(c, p))?;
        from = first + 1;
        let (row, prev_row): (&mut [Cell], &[Cell]) = if i % 2 == 0 {
            (&mut *r1, &*r0)
        } else {
            (&mut *r0, &*r1)
        };
        for col in first + 1..cols {
            let c = text[col - 1];
            if same(c, p) {
                let score = if ch(c) == ch(p) { 16 } else { 14 };
                let diagonal = prev_row[col - 1];
                let here = bonus[col];
                let consecutive = row[col - 1].bonus.max(here.max(4));
                row[col - 1].bonus = consecutive;
                row[col].m = (diagonal.m + consecutive).max(diagonal.p + here) + score;
            } else {
                row[col].m = UNSET;
                row[col].bonus = 0;
            }
            row[col].p = (row[col - 1].m - 4).max(row[col - 1].p - 1);
        }
    }
    let last = if pattern.len() % 2 == 0 { &*r0 } else { &*r1 };
    last.get(from - 1..)?.iter().map(|c| i64::from(c.m)).max()
}

/// The matcher's in-place bonus of char `c` after `prev` (`'\0'` before the first): 8 at a
/// word's head (after the start or a hard separator), 7 after a soft separator, 6 at a camel
/// hump, else 0.
fn role_bonus(prev: char, c: char) -> i32 {
    match prev {
        '\0' | ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => 8,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => 7,
        'A'..='Z' => 0,
        _ if c.is_ascii_uppercase() => 6,
        _ => 0,
    }
}
