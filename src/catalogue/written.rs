//! Whether a figure's `as_written` states its `value`.
//!
//! `as_written` is the figure exactly as the source writes it, qualifier and unit characters
//! included (`約2 000人`, `328億元`, `最長為期三年`), and the number it writes must be the
//! figure's `value` (data/README.md). [`check`] reads that number — exactly, in decimal, so
//! `2.94億` is 294000000 and never 293999999.99999997 — and compares it with the value.
//!
//! What is read:
//! - Arabic digits, grouped in threes by `,` or a space (also no-break and thin spaces), with a
//!   decimal point: `42 861`, `20,000`, `2.94`; full-width digits as well.
//! - Chinese numerals, 〇 零 一 二 兩 三 … 九 with 十 百 千 萬 億 (and 两 万 亿): `十七`, `兩`,
//!   `三萬四千`, `一百零五`, `過千`; mixed with digits: `328億`, `1.5萬`, `3億5,000萬`.
//! - English: digits with a scale word (`HK$32.8 billion`, `3bn`), and number words
//!   (`three`, `twenty-one`, `two hundred and five`).
//! - A sign before the number: `-3.5%`, `負3.5%`.
//! - A range, `五至十年`, `5 to 10`, `5-10`, `5~10`: it states either end (a catalogue gives the
//!   two ends as two figures, both quoting the range).
//! - A ratio, `2:1`, `2比1`: it states 2 ÷ 1.
//! - A percentage, `30%`, `百分之三十`, `30 per cent`: then the unit must be `percent`, and a
//!   figure whose unit is `percent` must be written as a percentage.
//!
//! Everything else is words the number is not read from: qualifiers (約, 超過, 逾, 最多,
//! 最長為期, 接近, …多, `about`, `up to`) and units (元, 港元, 個, 人次, 公頃, `people`) — the
//! figure's `qualifier` and `unit` say those — and a few words that hold numeral characters but
//! no figure (一站式, 一帶一路, 十四五, 之一, 百分點 …).
//!
//! Reported as stating no exact number: a text with no number, with several (`2022年約2 000人`:
//! a date belongs in `as_at`), and vague counts (數十, 幾百, 十幾). Not read, and so reported
//! if used: 半 (一年半), 成 (三成 = 30%), 廿, 點 (二點五).

use std::fmt;

use super::Number;
use super::text::escape;

/// Why an `as_written` does not state its figure's value: the end of a sentence that begins
/// with the quoted text, as in `"20,000元" does not state the value 30000 (it writes 20000)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    value: Number,
    why: Why,
}

#[derive(Debug, Clone, PartialEq)]
enum Why {
    NoNumber,
    Vague,
    Several,
    TooLong,
    Writes(Stated),
    NotAPercentage,
    /// A percentage whose figure's unit (this one) is not `percent`.
    Percentage(String),
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.value;
        match &self.why {
            Why::NoNumber => write!(f, "writes no number; the value is {v}"),
            Why::Vague => write!(
                f,
                "writes no exact number (數十, 幾百 and the like); the value is {v}"
            ),
            Why::Several => write!(
                f,
                "writes more than one number; it should write the figure alone, the value {v}"
            ),
            Why::TooLong => write!(f, "writes a number too long to check against the value {v}"),
            Why::Writes(s) => write!(f, "does not state the value {v} (it writes {s})"),
            Why::NotAPercentage => write!(
                f,
                "is not written as a percentage, but the unit is `percent`"
            ),
            Why::Percentage(unit) => write!(
                f,
                "is a percentage, but the unit is `{}`, not `percent`",
                escape(unit)
            ),
        }
    }
}

/// `Ok` when `written` states `value` in `unit` (see the module doc for what is read).
pub fn check(written: &str, value: Number, unit: &str) -> Result<(), Mismatch> {
    let fail = |why| Err(Mismatch { value, why });
    let reading = match read(written) {
        Ok(r) => r,
        Err(why) => return fail(why),
    };
    if !reading.stated.states(value) {
        return fail(Why::Writes(reading.stated));
    }
    // A figure without unit is reported as such; its text's `%` is not a second problem.
    let percent_unit = unit == "percent";
    if !unit.trim().is_empty() && reading.percent != percent_unit {
        return fail(if percent_unit {
            Why::NotAPercentage
        } else {
            Why::Percentage(unit.to_string())
        });
    }
    Ok(())
}

/// What a text writes: its number (or range, or ratio), and whether as a percentage.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Reading {
    stated: Stated,
    percent: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Stated {
    One(Dec),
    Range(Dec, Dec),
    Ratio(Dec, Dec),
}

impl Stated {
    fn states(self, value: Number) -> bool {
        match self {
            Stated::One(d) => d.equals(value),
            Stated::Range(a, b) => a.equals(value) || b.equals(value),
            Stated::Ratio(a, b) => match value {
                _ if b.is_zero() => false,
                Number::Int(i) => b.times(Dec::int(i)).is_some_and(|ib| ib == a),
                Number::Float(x) => a.to_f64() / b.to_f64() == x,
            },
        }
    }
}

impl fmt::Display for Stated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stated::One(d) => write!(f, "{d}"),
            Stated::Range(a, b) => write!(f, "{a} to {b}"),
            Stated::Ratio(a, b) => write!(f, "{a}:{b}"),
        }
    }
}

/// An exact decimal, `m` × 10^-`scale`, always in its shortest form (no trailing zeros in the
/// fraction), so that equal numbers are equal values. Eighteen digits: an integer figure has at
/// most sixteen (±(2^53 − 1)), and 64-bit arithmetic keeps a check to some 100 ns, which a
/// cache of 100,000 entries runs for each of its figures. Arithmetic that would overflow gives
/// `None`: a number too long to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dec {
    m: i64,
    scale: u32,
}

impl Dec {
    const ZERO: Dec = Dec { m: 0, scale: 0 };

    fn int(m: i64) -> Dec {
        Dec { m, scale: 0 }
    }

    fn new(mut m: i64, mut scale: u32) -> Dec {
        while scale > 0 && m % 10 == 0 {
            m /= 10;
            scale -= 1;
        }
        Dec { m, scale }
    }

    fn is_zero(self) -> bool {
        self.m == 0
    }

    fn at_scale(self, scale: u32) -> Option<i64> {
        match scale.checked_sub(self.scale)? {
            0 => Some(self.m),
            k => self.m.checked_mul(10i64.checked_pow(k)?),
        }
    }

    fn plus(self, o: Dec) -> Option<Dec> {
        if o.m == 0 {
            return Some(self);
        }
        if self.m == 0 {
            return Some(o);
        }
        let scale = self.scale.max(o.scale);
        Some(Dec::new(
            self.at_scale(scale)?.checked_add(o.at_scale(scale)?)?,
            scale,
        ))
    }

    fn times(self, o: Dec) -> Option<Dec> {
        Some(Dec::new(
            self.m.checked_mul(o.m)?,
            self.scale.checked_add(o.scale)?,
        ))
    }

    /// × 10^`p`.
    fn shifted(self, p: u32) -> Option<Dec> {
        if self.scale >= p {
            Some(Dec::new(self.m, self.scale - p))
        } else {
            Some(Dec::int(
                self.m.checked_mul(10i64.checked_pow(p - self.scale)?)?,
            ))
        }
    }

    fn negated(self) -> Dec {
        Dec::new(-self.m, self.scale)
    }

    /// The nearest double (Rust parses decimal digits correctly rounded), as a float in a
    /// catalogue file is the nearest double to the digits it writes.
    fn to_f64(self) -> f64 {
        use std::io::Write as _;
        // 19 digits, a sign, a point and a leading zero fit.
        let mut buf = [0u8; 48];
        let mut rest = &mut buf[..];
        if write!(rest, "{self}").is_err() {
            return f64::NAN;
        }
        let len = 48 - rest.len();
        std::str::from_utf8(&buf[..len])
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(f64::NAN)
    }

    fn equals(self, value: Number) -> bool {
        match value {
            Number::Int(i) => self == Dec::int(i),
            Number::Float(x) => self.to_f64() == x,
        }
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.m < 0 { "-" } else { "" };
        let abs = self.m.unsigned_abs();
        match 10u64.checked_pow(self.scale) {
            Some(p) if self.scale > 0 => write!(
                f,
                "{sign}{}.{:0width$}",
                abs / p,
                abs % p,
                width = self.scale as usize
            ),
            _ => write!(f, "{sign}{abs}"),
        }
    }
}

/// Words that hold numeral characters but state no figure: skipped whole.
const NOT_NUMBERS: &[&str] = &[
    "一帶一路",
    "一國兩制",
    "十四五",
    "一站式",
    "一系列",
    "一次過",
    "一筆過",
    "一次性",
    "一體化",
    "進一步",
    "一共",
    "一些",
    "一般",
    "一直",
    "一起",
    "一同",
    "一併",
    "之一",
    "唯一",
    "統一",
    "萬一",
    "十分",
    "千禧",
    "百分點",
];

/// The first chars of [`NOT_NUMBERS`] and 百分之: other chars try none of them.
fn starts_phrase(c: char) -> bool {
    matches!(
        c,
        '一' | '十' | '進' | '之' | '唯' | '統' | '萬' | '千' | '百'
    )
}

/// Full-width forms as their ASCII ones; the minus sign as `-`.
fn norm(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(u32::from(c) - 0xFF10 + u32::from('0')).unwrap_or(c),
        '％' => '%',
        '：' => ':',
        '～' => '~',
        '－' | '−' => '-',
        c => c,
    }
}

fn cjk_digit(c: char) -> Option<u8> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '兩' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// 十 百 千: a power of ten applied to the digit before it.
fn cjk_small(c: char) -> Option<u32> {
    Some(match c {
        '十' => 1,
        '百' => 2,
        '千' => 3,
        _ => return None,
    })
}

/// 萬 億: a power of ten applied to everything before it.
fn cjk_big(c: char) -> Option<u32> {
    Some(match c {
        '萬' | '万' => 4,
        '億' | '亿' => 8,
        _ => return None,
    })
}

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// An English scale word's power of ten.
fn en_scale(word: &str) -> Option<u32> {
    [
        ("thousand", 3),
        ("million", 6),
        ("billion", 9),
        ("trillion", 12),
        ("bn", 9),
    ]
    .iter()
    .find(|(w, _)| w.eq_ignore_ascii_case(word))
    .map(|&(_, p)| p)
}

/// A number word below a hundred, or `hundred`, or a scale: what [`Cursor::en_words`] reads.
enum Word {
    Small(u32),
    Hundred,
    Scale(u32),
}

fn en_word(word: &str) -> Option<Word> {
    let is = |w: &&str| w.eq_ignore_ascii_case(word);
    if let Some(n) = ONES.iter().position(is) {
        return Some(Word::Small(n as u32));
    }
    if let Some(n) = TENS.iter().position(is) {
        return Some(Word::Small(20 + 10 * n as u32));
    }
    if word.eq_ignore_ascii_case("hundred") {
        return Some(Word::Hundred);
    }
    en_scale(word).map(Word::Scale)
}

/// Reads a text char by char, its chars decoded once (read with full-width forms as ASCII).
struct Cursor<'a> {
    s: &'a str,
    /// The chars of `s`.
    chars: &'a [char],
    /// The index in `chars` of the next char.
    i: usize,
}

/// Texts of up to this many chars (every figure of the shipped catalogue: at most 12) are
/// decoded on the stack.
const SHORT: usize = 32;

impl<'a> Cursor<'a> {
    /// The byte offset of the next char (only words and skipped phrases need it).
    fn at(&self) -> usize {
        self.chars[..self.i].iter().map(|c| c.len_utf8()).sum()
    }

    fn rest(&self) -> &'a str {
        self.s.get(self.at()..).unwrap_or_default()
    }

    fn peek(&self) -> Option<char> {
        self.peek_nth(0)
    }

    fn peek_nth(&self, n: usize) -> Option<char> {
        self.chars.get(self.i + n).copied().map(norm)
    }

    /// The char before the cursor.
    fn prev(&self) -> Option<char> {
        self.i
            .checked_sub(1)
            .and_then(|i| self.chars.get(i))
            .copied()
            .map(norm)
    }

    fn bump(&mut self) {
        self.i = (self.i + 1).min(self.chars.len());
    }

    /// Moves past `bytes` bytes of text.
    fn skip(&mut self, bytes: usize) {
        let mut left = bytes;
        while left > 0 && self.i < self.chars.len() {
            left = left.saturating_sub(self.chars[self.i].len_utf8());
            self.i += 1;
        }
    }

    /// The ASCII word (letters only) at the cursor, not consumed.
    fn word(&self) -> &'a str {
        let rest = self.rest();
        let end = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        &rest[..end]
    }

    /// Arabic digits: `42 861`, `20,000`, `2.94`.
    fn arabic(&mut self) -> Option<Dec> {
        let mut m: i64 = 0;
        let mut scale = 0u32;
        let mut lead = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            m = m.checked_mul(10)?.checked_add(i64::from(d))?;
            lead += 1;
            self.bump();
        }
        // Groups of three after a first group of at most three, each followed by no digit.
        if lead <= 3 {
            while let Some(sep) = self.peek() {
                if !matches!(sep, ',' | ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}') {
                    break;
                }
                let group = (1..=3).all(|k| self.peek_nth(k).is_some_and(|c| c.is_ascii_digit()));
                if !group || self.peek_nth(4).is_some_and(|c| c.is_ascii_digit()) {
                    break;
                }
                self.bump();
                for _ in 0..3 {
                    let d = self.peek().and_then(|c| c.to_digit(10))?;
                    m = m.checked_mul(10)?.checked_add(i64::from(d))?;
                    self.bump();
                }
            }
        }
        if self.peek() == Some('.') && self.peek_nth(1).is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
            while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
                m = m.checked_mul(10)?.checked_add(i64::from(d))?;
                scale += 1;
                if scale > 18 {
                    return None;
                }
                self.bump();
            }
        }
        Some(Dec::new(m, scale))
    }

    /// A number in digits and Chinese numerals: `328億`, `十七`, `3億5,000萬`, `一百零五`;
    /// digits may be followed by an English scale (`32.8 billion`). `None`: too long.
    fn number(&mut self) -> Option<Dec> {
        // yi: whole 億s so far; wan: whole 萬s; sec: below 萬; digit: the digits not yet
        // multiplied (from Chinese digits when `cjk`, which go on positionally: 二〇二三).
        let (mut yi, mut wan, mut sec) = (Dec::ZERO, Dec::ZERO, Dec::ZERO);
        let mut digit: Option<Dec> = None;
        let mut cjk = false;
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() {
                if digit.is_some() {
                    break;
                }
                let d = self.arabic()?;
                let plain = yi.is_zero() && wan.is_zero() && sec.is_zero();
                if plain {
                    if let Some(p) = self.english_scale() {
                        return d.shifted(p);
                    }
                }
                digit = Some(d);
                cjk = false;
                // `1.5 萬`: a space between digits and a Chinese multiplier.
                if self.peek() == Some(' ')
                    && self
                        .peek_nth(1)
                        .is_some_and(|c| cjk_small(c).or(cjk_big(c)).is_some())
                {
                    self.bump();
                }
            } else if let Some(d) = cjk_digit(c) {
                let d = Dec::int(i64::from(d));
                digit = match digit {
                    None => Some(d),
                    Some(x) if cjk => Some(x.shifted(1)?.plus(d)?),
                    Some(_) => break,
                };
                cjk = true;
                self.bump();
            } else if let Some(p) = cjk_small(c) {
                sec = sec.plus(digit.unwrap_or(Dec::int(1)).shifted(p)?)?;
                digit = None;
                self.bump();
            } else if let Some(p) = cjk_big(c) {
                let mut below = sec.plus(digit.unwrap_or(Dec::ZERO))?;
                if digit.is_none() && [yi, wan, below].iter().all(|d| d.is_zero()) {
                    below = Dec::int(1); // 萬 alone: ten thousand
                }
                if p == 4 {
                    wan = wan.plus(below.shifted(4)?)?;
                } else {
                    yi = yi.plus(wan)?.plus(below)?.shifted(8)?;
                    wan = Dec::ZERO;
                }
                sec = Dec::ZERO;
                digit = None;
                self.bump();
            } else {
                break;
            }
        }
        yi.plus(wan)?.plus(sec)?.plus(digit.unwrap_or(Dec::ZERO))
    }

    /// ` billion` (one optional space) after digits, consumed; its power of ten.
    fn english_scale(&mut self) -> Option<u32> {
        let space = usize::from(self.peek() == Some(' '));
        let word = {
            let rest = &self.rest()[space..];
            let end = rest
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            &rest[..end]
        };
        let p = en_scale(word)?;
        self.skip(space + word.len());
        Some(p)
    }

    /// English number words from the cursor: `three`, `twenty-one`, `two hundred and five`,
    /// `three million`. `None` when the word here is not one (nothing is consumed then).
    fn en_words(&mut self) -> Option<Option<Dec>> {
        let mut total = Dec::ZERO;
        let mut small: i64 = 0;
        let mut any = false;
        loop {
            let word = self.word();
            let Some(w) = en_word(word) else { break };
            if !any && !matches!(w, Word::Small(_)) {
                break; // `hundred`, `million` alone
            }
            match w {
                Word::Small(n) => small = small.saturating_add(i64::from(n)),
                Word::Hundred => small = small.max(1).saturating_mul(100),
                Word::Scale(p) => {
                    let Some(t) = Dec::int(small.max(1))
                        .shifted(p)
                        .and_then(|s| total.plus(s))
                    else {
                        return Some(None);
                    };
                    total = t;
                    small = 0;
                }
            }
            any = true;
            self.skip(word.len());
            // Joined by `-`, ` ` or ` and `, when a number word follows.
            let rest = self.rest();
            let joiner = [" and ", "-", " "]
                .iter()
                .find(|j| {
                    rest.starts_with(**j) && {
                        let next = &rest[j.len()..];
                        let end = next
                            .find(|c: char| !c.is_ascii_alphabetic())
                            .unwrap_or(next.len());
                        en_word(&next[..end]).is_some()
                    }
                })
                .map_or(0, |j| j.len());
            if joiner == 0 {
                break;
            }
            self.skip(joiner);
        }
        any.then(|| total.plus(Dec::int(small)))
    }
}

/// How a text links its first number to its second.
#[derive(Clone, Copy, PartialEq)]
enum Link {
    Range,
    Ratio,
}

/// Reads the number a text writes (see the module doc).
fn read(written: &str) -> Result<Reading, Why> {
    let mut short = ['\0'; SHORT];
    let long: Vec<char>;
    let mut n = 0;
    let mut decoded = written.chars();
    for (slot, c) in short.iter_mut().zip(decoded.by_ref()) {
        *slot = c;
        n += 1;
    }
    let chars = if decoded.next().is_none() {
        &short[..n]
    } else {
        long = written.chars().collect();
        &long[..]
    };
    let mut cur = Cursor {
        s: written,
        chars,
        i: 0,
    };
    let mut first: Option<Dec> = None;
    let mut second: Option<Dec> = None;
    let mut count = 0;
    let mut link: Option<Link> = None;
    let mut percent = false;
    let mut vague = false;
    // A sign right before the next number; whether the last thing read was a number.
    let mut minus = false;
    let mut after_number = false;
    while let Some(c) = cur.peek() {
        if c.is_whitespace() {
            cur.bump();
            continue;
        }
        if starts_phrase(c) {
            if let Some(w) = NOT_NUMBERS.iter().find(|w| cur.rest().starts_with(**w)) {
                cur.skip(w.len());
                (minus, after_number) = (false, false);
                continue;
            }
            if cur.rest().starts_with("百分之") {
                cur.skip("百分之".len());
                percent = true;
                after_number = false;
                continue;
            }
        }
        let english = c.is_ascii_alphabetic();
        let numeral = c.is_ascii_digit()
            || cjk_digit(c).is_some()
            || cjk_small(c).is_some()
            || cjk_big(c).is_some();
        let number = if numeral {
            let by_words = !c.is_ascii_digit();
            let before = cur.prev();
            let n = cur.number().ok_or(Why::TooLong)?;
            vague |= (by_words && matches!(before, Some('數' | '幾'))) || cur.peek() == Some('幾');
            Some(n)
        } else if english {
            cur.en_words().map(|n| n.ok_or(Why::TooLong)).transpose()?
        } else {
            None
        };
        if let Some(n) = number {
            let n = if minus { n.negated() } else { n };
            match count {
                0 => first = Some(n),
                1 => second = Some(n),
                _ => {}
            }
            count += 1;
            (minus, after_number) = (false, true);
            continue;
        }
        let word = if english { cur.word() } else { "" };
        let mut connect = |l: Link| {
            if count == 1 && link.is_none() {
                link = Some(l);
            }
        };
        let was_number = after_number;
        (minus, after_number) = (false, false);
        if english {
            if word.eq_ignore_ascii_case("to") {
                connect(Link::Range);
            } else if word.eq_ignore_ascii_case("percent")
                || (word.eq_ignore_ascii_case("per")
                    && cur.rest()[word.len()..].trim_start().starts_with("cent"))
            {
                percent = true;
            }
            cur.skip(word.len());
            continue;
        }
        match c {
            '%' => percent = true,
            '至' | '到' | '~' | '–' | '—' => connect(Link::Range),
            ':' | '比' => connect(Link::Ratio),
            '-' if was_number => connect(Link::Range),
            // A sign: not the hyphen of a word (`COVID-19`).
            '-' => minus = cur.prev().is_none_or(|p| !p.is_ascii_alphanumeric()),
            '負' => minus = true,
            _ => {}
        }
        cur.bump();
    }
    if vague {
        return Err(Why::Vague);
    }
    let stated = match (count, first, second, link) {
        (1, Some(n), _, _) => Stated::One(n),
        (2, Some(a), Some(b), Some(Link::Range)) => Stated::Range(a, b),
        (2, Some(a), Some(b), Some(Link::Ratio)) => Stated::Ratio(a, b),
        (0, ..) => return Err(Why::NoNumber),
        _ => return Err(Why::Several),
    };
    Ok(Reading { stated, percent })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn one(written: &str) -> String {
        match read(written) {
            Ok(Reading {
                stated: Stated::One(d),
                percent,
            }) => format!("{d}{}", if percent { "%" } else { "" }),
            other => format!("{other:?}"),
        }
    }

    fn ok(written: &str, value: Number, unit: &str) {
        if let Err(m) = check(written, value, unit) {
            panic!("{written:?} ({value} {unit}): {m}");
        }
    }

    fn message(written: &str, value: Number, unit: &str) -> String {
        match check(written, value, unit) {
            Ok(()) => panic!("{written:?} passes as {value} {unit}"),
            Err(m) => format!("\"{written}\" {m}"),
        }
    }

    /// Every figure of the shipped catalogue, as (value, unit, as_written): each states its
    /// value. (The loader holds the file itself to the same rule; this is the list by hand,
    /// so a change to the reader that would break one of them shows here first.)
    #[test]
    fn every_figure_of_the_shipped_catalogue_states_its_value() {
        use Number::Int;
        let figures: &[(i64, &str, &str)] = &[
            (4, "directions", "四大發展方向"),
            (5, "years", "五至十年"),
            (10, "years", "十年"),
            (5, "strategies", "五個核心策略"),
            (5, "missions", "五個主要使命"),
            (32_800_000_000, "HKD", "328億元"),
            (42_861, "projects", "42 861個"),
            (5_332, "projects", "5 332個"),
            (30, "percent", "30%"),
            (19, "percent", "19%"),
            (18, "percent", "18%"),
            (12, "percent", "12%"),
            (17, "schemes", "十七項"),
            (5_000_000_000, "HKD", "50億元"),
            (40_000_000_000, "HKD", "約400億元"),
            (10_000_000_000, "HKD", "100億元"),
            (3_000_000_000, "HKD", "約30億元"),
            (7_000_000_000, "HKD", "約70億元"),
            (22, "hectares", "22公頃"),
            (217, "hectares", "217公頃"),
            (3, "parks", "三個創新園"),
            (10_000_000_000, "HKD", "100億元"),
            (2, "platforms", "兩個創新平台"),
            (28, "labs", "28間"),
            (7, "institutions", "七間"),
            (30, "institutions", "30多間"),
            (11, "economies", "11個經濟體"),
            (2_000, "people", "約2 000人"),
            (1_842, "projects", "1 842個"),
            (10_100_000_000, "HKD", "約101億元"),
            (5, "centres", "五所"),
            (5, "areas", "五個重點範疇"),
            (10_600, "positions", "約10 600個"),
            (4, "people", "最多四名"),
            (20_000, "HKD/month", "20,000元"),
            (23_000, "HKD/month", "23,000元"),
            (35_000, "HKD/month", "35,000元"),
            (10, "percent", "約10%"),
            (10_000, "HKD/month", "10,000元"),
            (3, "years", "最長為期三年"),
            (8_200, "people", "約8 200名"),
            (26_000, "person-times", "約26 000人次"),
            (8_200, "applications", "約8 200宗"),
            (294_000_000, "HKD", "約2.94億元"),
            (2, "ratio", "2:1"),
            (772, "quotas", "772個"),
            (2, "years", "兩年"),
            (300_000_000, "HKD", "3億元"),
            (850, "schools", "超過850所"),
            (400_000_000, "HKD", "超過4億元"),
            (3, "school-years", "三個學年"),
            (6_000_000_000, "HKD", "60億元"),
            (10_000_000_000, "HKD", "100億元"),
            (3, "buildings", "三座"),
            (20, "years", "接近20年"),
            (6, "universities", "六所"),
            (362, "projects", "362個"),
            (1_000_000_000, "HKD", "約10億港元"),
            (740, "entries", "逾740項"),
            (25, "teams", "25隊"),
            (50, "organisations", "超過50間"),
            (4_260, "people", "超過4 260人"),
            (9, "days", "九天"),
            (300, "percent", "300%"),
            (2_000_000, "HKD", "200萬元"),
            (200, "percent", "200%"),
            (6, "areas", "六個"),
            (130, "initiatives", "超過130項"),
            (110, "premises", "超過110個"),
            (280, "services", "超過280項"),
            (400, "lampposts", "約400支"),
            (4, "districts", "四個地區"),
            (420, "services", "超過420項"),
            (15, "projects", "超過15個"),
            (78_000, "visits", "超過78 000人次"),
            (47_000, "hotspots", "超過47 000個"),
            (1_800, "datasets", "約1 800個"),
            (5_200, "datasets", "約5 200個"),
            (600, "datasets", "超過600種"),
            // 每年4月: the one of the issue-11 audit's four prose-only figures with a value.
            (4, "month-of-year", "4月"),
        ];
        assert_eq!(figures.len(), 80);
        for &(value, unit, written) in figures {
            ok(written, Int(value), unit);
        }
    }

    /// The shipped file itself, figure by figure: the list above is that file's.
    #[test]
    fn the_shipped_file_has_those_figures() {
        let cat = crate::catalogue::shipped().unwrap();
        let mut n = 0;
        for f in cat.entries().iter().flat_map(|e| &e.figures) {
            ok(f.as_written.as_deref().unwrap(), f.value, &f.unit);
            n += 1;
        }
        assert_eq!(n, 80);
    }

    #[test]
    fn arabic_digits_grouped_or_not() {
        assert_eq!(one("42 861個"), "42861");
        assert_eq!(one("20,000元"), "20000");
        assert_eq!(one("1,234,567"), "1234567");
        assert_eq!(one("2\u{a0}000"), "2000");
        assert_eq!(one("2\u{202f}000\u{2009}000"), "2000000");
        assert_eq!(one("１２３"), "123");
        assert_eq!(one("2.94"), "2.94");
        assert_eq!(one("2.50"), "2.5");
        assert_eq!(one("10 600個"), "10600");
        // Not groups: a first group of four, a group of two, a group of four.
        assert_eq!(one("2023 300"), "Err(Several)");
        assert_eq!(one("1,23"), "Err(Several)");
        assert_eq!(one("1 2345"), "Err(Several)");
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(one("十七項"), "17");
        assert_eq!(one("二十"), "20");
        assert_eq!(one("一百零五"), "105");
        assert_eq!(one("一千零五十"), "1050");
        assert_eq!(one("三萬四千"), "34000");
        assert_eq!(one("兩年"), "2");
        assert_eq!(one("十萬"), "100000");
        assert_eq!(one("三億五千萬"), "350000000");
        assert_eq!(one("一萬億"), "1000000000000");
        assert_eq!(one("二〇二三"), "2023");
        assert_eq!(one("過千人"), "1000");
        assert_eq!(one("近萬人"), "10000");
        assert_eq!(one("四大發展方向"), "4");
        assert_eq!(one("最長為期三年"), "3");
    }

    #[test]
    fn digits_with_multipliers() {
        assert_eq!(one("328億元"), "32800000000");
        assert_eq!(one("約2.94億元"), "294000000");
        assert_eq!(one("1.5萬元"), "15000");
        assert_eq!(one("1.5 萬元"), "15000");
        assert_eq!(one("3億5,000萬"), "350000000");
        assert_eq!(one("3千"), "3000");
        assert_eq!(one("3百萬"), "3000000");
        assert_eq!(one("200萬元"), "2000000");
        assert_eq!(one("約10億港元"), "1000000000");
    }

    #[test]
    fn english_forms() {
        assert_eq!(one("HK$32.8 billion"), "32800000000");
        assert_eq!(one("HK$3bn"), "3000000000");
        assert_eq!(one("about 2,000 people"), "2000");
        assert_eq!(one("up to four people"), "4");
        assert_eq!(one("twenty-one"), "21");
        assert_eq!(one("two hundred and five"), "205");
        assert_eq!(one("three million"), "3000000");
        assert_eq!(one("30 per cent"), "30%");
        assert_eq!(one("30 percent"), "30%");
        assert_eq!(one("over 1.5 million visits"), "1500000");
        assert_eq!(one("a one-stop shop"), "1");
        assert_eq!(one("hundreds of"), "Err(NoNumber)");
    }

    #[test]
    fn percentages_signs_ranges_ratios() {
        assert_eq!(one("30%"), "30%");
        assert_eq!(one("３０％"), "30%");
        assert_eq!(one("百分之三十"), "30%");
        assert_eq!(one("-3.5%"), "-3.5%");
        assert_eq!(one("負3.5%"), "-3.5%");
        assert_eq!(one("減少−2%"), "-2%");
        assert_eq!(one("COVID-19"), "19");
        assert_eq!(
            read("五至十年").map(|r| r.stated.to_string()),
            Ok("5 to 10".into())
        );
        assert_eq!(
            read("5-10 years").map(|r| r.stated.to_string()),
            Ok("5 to 10".into())
        );
        assert_eq!(
            read("20,000元至30,000元").map(|r| r.stated.to_string()),
            Ok("20000 to 30000".into())
        );
        assert_eq!(read("2:1").map(|r| r.stated.to_string()), Ok("2:1".into()));
        assert_eq!(
            read("三比一").map(|r| r.stated.to_string()),
            Ok("3:1".into())
        );
    }

    #[test]
    fn words_with_numerals_that_are_no_figure() {
        assert_eq!(one("一站式平台逾30個"), "30");
        assert_eq!(one("「一帶一路」沿線60個國家"), "60");
        assert_eq!(one("3個百分點"), "3");
        assert_eq!(one("一次過津貼10,000元"), "10000");
    }

    #[test]
    fn every_skipped_phrase_is_tried() {
        for w in NOT_NUMBERS.iter().chain(&["百分之"]) {
            assert!(w.chars().next().is_some_and(starts_phrase), "{w}");
        }
    }

    #[test]
    fn long_texts_read_as_short_ones() {
        let long = format!("{}約2 000人{}", "的".repeat(40), "。".repeat(40));
        assert_eq!(one(&long), "2000");
        let edge = format!("{}一站式五所", "的".repeat(SHORT - 5));
        assert_eq!(edge.chars().count(), SHORT);
        assert_eq!(one(&edge), "5");
        assert_eq!(one(&format!("{edge}。")), "5");
    }

    #[test]
    fn no_number_several_numbers_vague() {
        assert_eq!(one(""), "Err(NoNumber)");
        assert_eq!(one("很多"), "Err(NoNumber)");
        assert_eq!(one("2022年約2 000人"), "Err(Several)");
        assert_eq!(one("數十間"), "Err(Vague)");
        assert_eq!(one("幾百人"), "Err(Vague)");
        assert_eq!(one("十幾個"), "Err(Vague)");
        assert_eq!(one("人數2 000"), "2000");
        assert_eq!(
            one("99999999999999999999999999999999999999999"),
            "Err(TooLong)"
        );
    }

    #[test]
    fn a_figure_is_checked_exactly() {
        use Number::{Float, Int};
        ok("約2.94億元", Int(294_000_000), "HKD");
        ok("約2.94億元", Float(2.94e8), "HKD");
        ok("1.5萬元", Float(15_000.0), "HKD");
        ok("0.1%", Float(0.1), "percent");
        ok("五至十年", Int(10), "years");
        ok("2:1", Float(2.0), "ratio");
        ok("1:3", Float(1.0 / 3.0), "ratio");
        ok("-3.5%", Float(-3.5), "percent");
        ok("HK$9,007,199,254,740,991", Int(Number::MAX_EXACT), "HKD");
        assert!(check("1.5萬元", Int(15_001), "HKD").is_err());
        assert!(check("五至十年", Int(7), "years").is_err());
        assert!(check("2:1", Int(1), "ratio").is_err());
        assert!(check("2:0", Int(2), "ratio").is_err());
        assert!(check("0.3", Float(0.1 + 0.2), "ratio").is_err());
    }

    #[test]
    fn messages_say_what_the_text_writes() {
        use Number::{Float, Int};
        assert_eq!(
            message("20,000元", Int(30_000), "HKD/month"),
            "\"20,000元\" does not state the value 30000 (it writes 20000)"
        );
        assert_eq!(
            message("五至十年", Int(7), "years"),
            "\"五至十年\" does not state the value 7 (it writes 5 to 10)"
        );
        assert_eq!(
            message("約2.94億元", Float(2.9e8), "HKD"),
            "\"約2.94億元\" does not state the value 290000000.0 (it writes 294000000)"
        );
        assert_eq!(
            message("很多", Int(3), "people"),
            "\"很多\" writes no number; the value is 3"
        );
        assert_eq!(
            message("30", Int(30), "percent"),
            "\"30\" is not written as a percentage, but the unit is `percent`"
        );
        assert_eq!(
            message("30%", Int(30), "peo\u{1b}ple"),
            "\"30%\" is a percentage, but the unit is `peo\\u{1b}ple`, not `percent`"
        );
        assert_eq!(
            message("2022年約2 000人", Int(2000), "people"),
            "\"2022年約2 000人\" writes more than one number; it should write the figure alone, the value 2000"
        );
        // A figure without unit is reported for that alone.
        ok("30%", Int(30), " ");
    }
}
