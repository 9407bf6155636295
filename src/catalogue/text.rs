//! The rules every text of a catalogue obeys, in one place: the TOML validator reports a
//! breach with its position, and the cache (`crate::store`) refuses bytes that breach them, so
//! a cached catalogue can never show what a TOML file could not. And [`quote`], the one way a
//! message shows a value it was given.

use unicode_width::UnicodeWidthChar;

/// Characters that could make a terminal do something or make a text read other than it is:
/// C0/C1 controls (ESC among them), DEL, the bidirectional overrides, isolates and marks that
/// reorder what is shown (U+202A–202E, U+2066–2069, U+200E/200F, U+061C), the line and
/// paragraph separators (U+2028/2029), tag characters (U+E0000–E007F, invisible ASCII) and the
/// interlinear annotation marks (U+FFF9–FFFB).
pub fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{E0000}'..='\u{E007F}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// What kind of forbidden char `c` is, for messages.
pub fn class(c: char) -> &'static str {
    match c {
        '\u{2028}' | '\u{2029}' => "line or paragraph separator",
        '\u{E0000}'..='\u{E007F}' => "tag character",
        '\u{FFF9}'..='\u{FFFB}' => "interlinear annotation mark",
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => "bidirectional control",
        _ => "control character",
    }
}

/// Characters that show nothing: the forbidden ones, white space, and Unicode's default-ignorable
/// code points (zero-width space and joiners, soft hyphen, word joiner, variation selectors,
/// fillers, BOM). A name made only of these is empty, however many bytes it has.
pub fn is_invisible(c: char) -> bool {
    is_forbidden(c)
        || c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2060}'..='\u{2064}'
                | '\u{206A}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0080}'..='\u{E0FFF}'
        )
}

/// True when `s` shows something: a char that is not [`is_invisible`].
pub fn is_visible(s: &str) -> bool {
    s.chars().any(|c| !is_invisible(c))
}

/// Whether bytes `lead`, `next` may start a forbidden char. C0 and DEL are their own lead
/// byte; C1 starts with 0xC2; U+061C with 0xD8; the bidi controls and separators with 0xE2;
/// the tag characters with 0xF3; the annotation marks with 0xEF 0xBF — a pair, since 0xEF alone
/// leads the full-width forms (，：ＩＴＦ) that Chinese text is full of. A test checks this
/// against [`is_forbidden`] for every char.
#[inline(always)]
fn suspect(lead: u8, next: u8) -> bool {
    (lead < 0x20)
        | (lead == 0x7F)
        | (lead == 0xC2)
        | (lead == 0xD8)
        | (lead == 0xE2)
        | (lead == 0xF3)
        | ((lead == 0xEF) & (next == 0xBF))
}

/// True when `text` has no forbidden char: [`is_forbidden`] over its chars, but scanned 64
/// bytes at a time without branches (several GB/s), since a cached index is tens of MB of text.
pub fn text_is_safe(text: &str) -> bool {
    let b = text.as_bytes();
    let mut at = 0;
    for chunk in b.chunks_exact(64) {
        let mut any = false;
        for i in 0..63 {
            any |= suspect(chunk[i], chunk[i + 1]);
        }
        // The pair's second byte may be in the next chunk: assume the worst.
        any |= suspect(chunk[63], 0xBF);
        if any {
            // Only here are chars decoded: from the chunk's first char boundary.
            let mut start = at;
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let end = (at + 64).min(b.len());
            let mut stop = end;
            while !text.is_char_boundary(stop) {
                stop += 1;
            }
            if text[start..stop].chars().any(is_forbidden) {
                return false;
            }
        }
        at += 64;
    }
    let mut start = at;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    !text[start..].chars().any(is_forbidden)
}

/// `s` with every forbidden or invisible char but the plain space written as `\u{1b}`, so a
/// message can quote it safely and show what is there.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    out
}

/// Pushes `c`, escaped if need be; returns the display columns it takes.
fn push_escaped(out: &mut String, c: char) -> usize {
    if c != ' ' && is_invisible(c) {
        let code = format!("\\u{{{:x}}}", c as u32);
        out.push_str(&code);
        code.len()
    } else {
        out.push(c);
        c.width().unwrap_or(0)
    }
}

/// How wide a quoted value may be in a message, in terminal columns.
pub const QUOTE_COLUMNS: usize = 80;

/// A value as a message shows it: [`escape`]d, and cut at [`QUOTE_COLUMNS`] display columns
/// with `…`, so a 10 MB kind is a line, not 10 MB. Every message that quotes input uses it.
pub fn quote(s: &str) -> String {
    cut(s, QUOTE_COLUMNS)
}

/// [`quote`] with another width (for whole messages of other libraries that may quote input).
pub fn cut(s: &str, columns: usize) -> String {
    let mut out = String::new();
    // After each char: the output's length and width so far.
    let mut ends: Vec<(usize, usize)> = Vec::new();
    let mut width = 0;
    for c in s.chars() {
        width += push_escaped(&mut out, c);
        if width > columns {
            let keep = ends
                .iter()
                .rev()
                .find(|&&(_, w)| w < columns)
                .map_or(0, |&(len, _)| len);
            out.truncate(keep);
            out.push('…');
            return out;
        }
        ends.push((out.len(), width));
    }
    out
}

/// An id: lower-case ASCII letters and digits in words joined by single `-`.
pub fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_forbidden_char_starts_with_a_suspect_byte() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if is_forbidden(c) {
                let b = c.encode_utf8(&mut buf).as_bytes();
                let next = b.get(1).copied().unwrap_or(0);
                assert!(suspect(b[0], next), "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn the_scan_agrees_with_the_rule_wherever_the_char_falls() {
        let bad = [
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{202e}',
            '\u{2068}',
            '\n',
            '\0',
            '\u{200e}',
            '\u{200f}',
            '\u{61c}',
            '\u{2028}',
            '\u{2029}',
            '\u{e0041}',
            '\u{fff9}',
            '\u{fffb}',
        ];
        let fine = [
            '—', '…', '\u{2014}', '創', '€', 'é', '，', 'Ｉ', '\u{fffd}', '\u{fff8}', '\u{200b}',
        ];
        for pad in 0..140 {
            let base = "研究a".repeat(pad / 4) + &"x".repeat(pad % 4);
            for c in bad {
                let t = format!("{base}{c}{base}");
                assert!(!text_is_safe(&t), "{pad} U+{:04X}", c as u32);
            }
            for c in fine {
                let t = format!("{base}{c}{base}");
                assert_eq!(text_is_safe(&t), !is_forbidden(c), "{pad} {c}");
            }
        }
        assert!(text_is_safe(""));
    }

    #[test]
    fn escape_writes_forbidden_chars_as_code_points() {
        assert_eq!(escape("a\u{1b}]52;\u{7}b 創"), "a\\u{1b}]52;\\u{7}b 創");
    }

    #[test]
    fn quote_escapes_and_cuts_at_80_columns() {
        assert_eq!(
            quote("fun\u{1b}]52;c;aGk=\u{7}d"),
            "fun\\u{1b}]52;c;aGk=\\u{7}d"
        );
        assert_eq!(quote("a\u{200b}\u{2028}b"), "a\\u{200b}\\u{2028}b");
        let long = "x".repeat(10_000_000);
        let q = quote(&long);
        assert_eq!(q, format!("{}…", "x".repeat(79)));
        // Wide chars count two columns each.
        let q = quote(&"創".repeat(100));
        assert_eq!(q, format!("{}…", "創".repeat(39)));
        // An escape is never cut in half.
        let q = quote(&format!("{}\u{1b}", "x".repeat(76)));
        assert_eq!(q, format!("{}…", "x".repeat(76)));
        assert_eq!(quote(&"x".repeat(80)), "x".repeat(80));
    }

    #[test]
    fn a_text_of_invisible_chars_is_not_visible() {
        for s in [
            "",
            " ",
            "\u{200b}",
            "\u{3000}\u{feff}",
            "\u{ad}\u{2060}\u{fe0f}",
            "\u{3164}",
        ] {
            assert!(!is_visible(s), "{s:?}");
        }
        for s in ["創", "a\u{200b}", "\u{200d}x"] {
            assert!(is_visible(s), "{s:?}");
        }
    }
}
