//! Finding where each top-level `[[entry]]` table starts, so that a large catalogue can be parsed
//! entry by entry on several cores, each entry's TOML tree freed as soon as it is read.
//!
//! The scan knows just enough TOML to not be fooled by strings and comments: a `[[entry]]` inside
//! a multi-line string is text, not a header. It need not be perfect: every piece is parsed by the
//! real TOML parser, and the loader falls back to parsing the whole document if any piece fails.

/// Byte offsets of the lines that hold a top-level `[[entry]]` header, in order.
///
/// A text without multi-line strings (most catalogues) is scanned from one `[[` to the next
/// ([`line_headers`]). Otherwise the scan jumps from one newline or quote to the next (memchr):
/// that is all it needs to know. Comments
/// are not tracked — a quote in a comment at worst hides a header from the scan, and the real
/// parser then finds two entries in one piece and the loader reads the whole document instead.
pub fn entry_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    if memchr::memmem::find(b, br#"""""#).is_none() && memchr::memmem::find(b, b"'''").is_none() {
        return line_headers(b);
    }
    let mut starts = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < b.len() {
        if line_start {
            line_start = false;
            let mut j = i;
            while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                j += 1;
            }
            if is_entry_header(&b[j..]) {
                starts.push(i);
            }
            i = j;
            continue;
        }
        let Some(k) = memchr::memchr3(b'\n', b'"', b'\'', &b[i..]) else {
            break;
        };
        i += k;
        match b[i] {
            b'\n' => {
                line_start = true;
                i += 1;
            }
            b'"' if b[i..].starts_with(b"\"\"\"") => i = skip_multi(b, i + 3, b'"', true),
            b'\'' if b[i..].starts_with(b"\'\'\'") => i = skip_multi(b, i + 3, b'\'', false),
            b'"' => i = skip_single(b, i + 1, b'"', true),
            _ => i = skip_single(b, i + 1, b'\'', false),
        }
    }
    starts
}

/// [`entry_starts`] for a text without multi-line strings, the usual case: then no line is
/// inside a string (a one-line string cannot hold a line break) and none starts in a comment,
/// so every line that is blanks and `[[entry]]` is a header. Found by jumping from one `[[` to
/// the next, several times faster than following every quote.
fn line_headers(b: &[u8]) -> Vec<usize> {
    let mut starts = Vec::new();
    for at in memchr::memmem::find_iter(b, b"[[") {
        let line = b[..at]
            .iter()
            .rposition(|&c| c != b' ' && c != b'\t')
            .map_or(0, |k| k + 1);
        if (line == 0 || b[line - 1] == b'\n') && is_entry_header(&b[at..]) {
            starts.push(line);
        }
    }
    starts
}

/// `[[ entry ]]` with optional blanks inside the brackets.
fn is_entry_header(b: &[u8]) -> bool {
    let Some(rest) = b.strip_prefix(b"[[") else {
        return false;
    };
    let rest = trim_start(rest);
    let Some(rest) = rest.strip_prefix(b"entry") else {
        return false;
    };
    trim_start(rest).starts_with(b"]]")
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|&&c| c == b' ' || c == b'\t').count();
    &b[n..]
}

/// Past the closing quote of a one-line string (or to the end of its line, if unterminated).
fn skip_single(b: &[u8], mut i: usize, quote: u8, escapes: bool) -> usize {
    while i < b.len() && b[i] != b'\n' {
        if escapes && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == quote {
            return i + 1;
        }
        i += 1;
    }
    i
}

/// Past the closing triple quote of a multi-line string, with the up to two quotes that may
/// end its content (`"""a""""`).
fn skip_multi(b: &[u8], mut i: usize, quote: u8, escapes: bool) -> usize {
    while i < b.len() {
        if escapes && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == quote && b[i..].starts_with(&[quote; 3]) {
            i += 3;
            let mut extra = 0;
            while extra < 2 && i < b.len() && b[i] == quote {
                i += 1;
                extra += 1;
            }
            return i;
        }
        i += 1;
    }
    i
}

/// The first string in `text` that starts before `before` and is never closed (a one-line
/// string by the end of its line, a multi-line one by the end of the file): where it opens, and
/// whether it is multi-line. `toml` reports such a string where it gives up — often lines
/// later, as a missing comma or an unclosed table — so the loader points here instead.
pub fn unterminated(text: &str, before: usize) -> Option<(usize, bool)> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() && i <= before {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') => {
                let escapes = q == b'"';
                if b[i..].starts_with(&[q; 3]) {
                    let end = skip_multi(b, i + 3, q, escapes);
                    if end > b.len() || !b[..end].ends_with(&[q; 3]) {
                        return Some((i, true));
                    }
                    i = end;
                } else {
                    let end = skip_single(b, i + 1, q, escapes);
                    if end > b.len() || end == i + 1 || b[end - 1] != q {
                        return Some((i, false));
                    }
                    i = end;
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The key written at `offset` (bare, or quoted without its quotes), for messages.
pub fn key_at(text: &str, offset: usize) -> &str {
    let Some(rest) = text.get(offset..) else {
        return "";
    };
    for q in ['"', '\''] {
        if let Some(inner) = rest.strip_prefix(q) {
            return inner.split([q, '\n']).next().unwrap_or("");
        }
    }
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Where `text` first nests `limit` levels deep, counting open brackets and braces and the dots
/// of the key being written: the place `toml`'s "recursion limit" (which has no position) is
/// about. Strings and comments are skipped; only the error path calls this.
pub fn too_deep(text: &str, limit: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut nest = 0usize;
    let mut dots = 0usize;
    let mut in_key = true;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                dots = 0;
                in_key = true;
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' if b[i..].starts_with(b"\"\"\"") => {
                i = skip_multi(b, i + 3, b'"', true);
                continue;
            }
            b'\'' if b[i..].starts_with(b"\'\'\'") => {
                i = skip_multi(b, i + 3, b'\'', false);
                continue;
            }
            b'"' => {
                i = skip_single(b, i + 1, b'"', true);
                continue;
            }
            b'\'' => {
                i = skip_single(b, i + 1, b'\'', false);
                continue;
            }
            b'[' | b'{' => {
                nest += 1;
                if b[i] == b'{' {
                    in_key = true;
                    dots = 0;
                }
            }
            b']' | b'}' => nest = nest.saturating_sub(1),
            b'=' => {
                in_key = false;
                dots = 0;
            }
            b',' => {
                in_key = true;
                dots = 0;
            }
            b'.' if in_key => dots += 1,
            _ => {}
        }
        if nest + dots >= limit {
            return Some(i);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{entry_starts, line_headers, too_deep, unterminated};

    #[test]
    fn finds_the_string_that_is_never_closed() {
        let t = "a = \"x\"\nb = 'y\nc = 1\n";
        assert_eq!(unterminated(t, t.len()), Some((12, false)));
        let t = "a = \"x\\\"\"\nb = \"\"\"\nmore\nc = 1\n";
        assert_eq!(unterminated(t, t.len()), Some((14, true)));
        let t = "# it's\na = \"it's\"\nb = '''x\n'''\nc = \"\"\nd = \"\"\"a\"\"\"\"\n";
        assert_eq!(unterminated(t, t.len()), None);
        // Only strings opened before the error count.
        let t = "a = 1 x\nb = \"open\n";
        assert_eq!(unterminated(t, 6), None);
    }

    #[test]
    fn finds_where_keys_and_values_nest_too_deep() {
        let keys = format!("a = 1\nx{} = 1\n", ".x".repeat(100));
        let at = too_deep(&keys, 80).unwrap();
        assert_eq!(&keys[6..7], "x");
        assert!((6..keys.len()).contains(&at));
        let arrays = format!("a = 1\nb = {}1{}\n", "[".repeat(90), "]".repeat(90));
        assert_eq!(too_deep(&arrays, 80), Some(6 + 4 + 79));
        let fine = "[[entry.figures]]\nlabel = { en = \"a.b.c\", zh = \"[[[\" }\n";
        assert_eq!(too_deep(fine, 5), None);
    }

    #[test]
    fn finds_top_level_headers_only() {
        let text = "[catalogue]\nas_at = \"2023\"\n\n[[entry]]\nid = \"a\"\n  [[ entry ]]\nid = \"b\"\n\
                    summary = \"\"\"\n[[entry]]\n\"\"\"\nx = '''\n[[entry]]'''\n# [[entry]]\ns = \"[[entry]]\"\n\
                    [[entry.figures]]\n[[entry]]\n";
        let starts = entry_starts(text);
        let lines: Vec<&str> = starts
            .iter()
            .map(|&s| text[s..].lines().next().unwrap_or(""))
            .collect();
        assert_eq!(lines, ["[[entry]]", "  [[ entry ]]", "[[entry]]"]);
        assert_eq!(text[starts[2]..].trim(), "[[entry]]");
    }

    #[test]
    fn without_multi_line_strings_the_quick_scan_finds_what_the_full_one_does() {
        let texts = [
            super::super::load::SHIPPED,
            "[[entry]]\n  [[ entry ]]\n\t[[entry]]\nx = \"[[entry]]\"\n# [[entry]]\n[[entry.dates]]\n[[entryx]]\n[[entry]]",
            "a = [[1], [2]]\n[[entry]]\r\n[[entry]]\n x [[entry]]",
            "",
        ];
        for text in texts {
            assert!(!text.contains(r#"\"\"\""#) && !text.contains("'''"));
            assert_eq!(line_headers(text.as_bytes()), full_scan(text), "{text}");
        }
    }

    /// The scanner that follows every quote, whatever the text holds: a multi-line string
    /// after the text sends it there.
    fn full_scan(text: &str) -> Vec<usize> {
        entry_starts(&format!("{text}\nz = '''\n'''"))
            .into_iter()
            .filter(|&s| s < text.len())
            .collect()
    }

    #[test]
    fn quotes_ending_a_multi_line_string() {
        let text = "[[entry]]\na = \"\"\"x\"\"\"\"\"\n[[entry]]\nb = '''y'''''\n[[entry]]\n";
        assert_eq!(entry_starts(text).len(), 3);
    }

    #[test]
    fn escaped_quotes_do_not_end_strings() {
        let text = "[[entry]]\na = \"say \\\"[[entry]]\\\"\"\n[[entry]]\n";
        assert_eq!(entry_starts(text).len(), 2);
    }
}
