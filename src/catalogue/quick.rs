//! A quick reader for one `[[entry]]` piece written in the plain TOML catalogues use, giving
//! exactly what the `toml` crate gives for it (values and spans), several times faster: on a
//! large catalogue the general parser was most of a cold load.
//!
//! It knows a strict subset: bare keys of the catalogue format, one-line basic and literal
//! strings with the standard escapes, inline `{ en = …, zh = … }` tables, arrays of strings
//! (over several lines, with comments), plain decimal numbers, booleans, `[[entry.dates]]`,
//! `[[entry.figures]]` and `[[entry.outside_source]]`. Anything else — an unknown or repeated
//! key, a type the field does not take, a multi-line string, a dotted or quoted key, a control
//! character, a number `toml` spells in some other way — and it gives up (`None`), and the
//! caller parses the piece with `toml`, which then says what is wrong where. So it never
//! decides what is valid: whatever it accepts, `toml` accepts the same way (a differential test
//! holds it to that, spans and all).

use toml::Spanned;

use super::raw::{
    DATE_KEYS, ENTRY_KEYS, FIGURE_KEYS, OUTSIDE_KEYS, RawCatalogue, RawDate, RawEntry, RawFigure,
    RawNote, RawOutside, RawText,
};

/// The piece `text` (one `[[entry]]` table and its sub-tables), as `raw::from_str` reads it
/// when it finds no unknown key; `None` when it is not in the plain subset.
pub(crate) fn entry(text: &str) -> Option<RawCatalogue> {
    let mut r = Reader {
        s: text.as_bytes(),
        text,
        i: 0,
    };
    r.blank_lines()?;
    let head = r.header()?;
    if head.name != b"entry" {
        return None;
    }
    let mut entry = RawEntry {
        id: None,
        kind: None,
        category: None,
        name: None,
        name_note: None,
        aliases: Vec::new(),
        parent: None,
        related: Vec::new(),
        audience: Vec::new(),
        tags: Vec::new(),
        website: None,
        summary: None,
        source: Vec::new(),
        dates: Vec::new(),
        figures: Vec::new(),
        outside_source: Vec::new(),
    };
    let mut table = Table::Entry;
    // Keys set in the current table (by their place in its list of keys), so that a repeat
    // gives up.
    let mut seen = 0u32;
    let mut outside_inline = false;
    loop {
        r.blank_lines()?;
        if r.i == r.s.len() {
            break;
        }
        if r.peek() == Some(b'[') {
            let head = r.header()?;
            table = match head.name {
                b"entry.dates" => {
                    entry.dates.push(Spanned::new(
                        head.span,
                        RawDate {
                            event: None,
                            date: None,
                        },
                    ));
                    Table::Date
                }
                b"entry.figures" => {
                    entry.figures.push(Spanned::new(
                        head.span,
                        RawFigure {
                            label: None,
                            value: None,
                            unit: None,
                            as_at: None,
                            as_at_basis: None,
                            qualifier: None,
                            as_written: None,
                            short: None,
                            headline: None,
                        },
                    ));
                    Table::Figure
                }
                // Not after `outside_source = [...]`, which TOML does not let a table extend.
                b"entry.outside_source" if !outside_inline => {
                    entry.outside_source.push(Spanned::new(
                        head.span,
                        RawOutside {
                            field: None,
                            note: None,
                        },
                    ));
                    Table::Outside
                }
                _ => return None,
            };
            seen = 0;
            continue;
        }
        let key = r.key()?;
        let keys = match table {
            Table::Entry => ENTRY_KEYS,
            Table::Date => DATE_KEYS,
            Table::Figure => FIGURE_KEYS,
            Table::Outside => OUTSIDE_KEYS,
        };
        let bit = 1u32 << keys.iter().position(|k| k.as_bytes() == key)?;
        if seen & bit != 0 {
            return None;
        }
        seen |= bit;
        r.blanks();
        r.eat(b'=')?;
        r.blanks();
        match table {
            Table::Entry => {
                outside_inline |= key == b"outside_source";
                entry_value(&mut r, &mut entry, key)?;
            }
            Table::Date => {
                let d = last(&mut entry.dates)?;
                match key {
                    b"event" => d.event = Some(r.string()?),
                    _ => d.date = Some(r.string()?),
                }
            }
            Table::Figure => figure_value(&mut r, last(&mut entry.figures)?, key)?,
            Table::Outside => {
                let o = last(&mut entry.outside_source)?;
                match key {
                    b"field" => o.field = Some(r.string()?),
                    _ => o.note = Some(r.note()?),
                }
            }
        }
        r.end_of_line()?;
    }
    Some(RawCatalogue {
        catalogue: None,
        entry: Some(vec![Spanned::new(head.span, entry)]),
    })
}

/// The table the keys being read belong to.
#[derive(Clone, Copy)]
enum Table {
    Entry,
    Date,
    Figure,
    Outside,
}

fn last<T>(v: &mut [Spanned<T>]) -> Option<&mut T> {
    v.last_mut().map(|s| s.get_mut())
}

/// Sets a field of an inline table once; `None` if it was set before (a repeated key).
fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

/// Reads the value of entry key `key` (one of [`ENTRY_KEYS`], not set before) into `e`.
fn entry_value(r: &mut Reader<'_>, e: &mut RawEntry, key: &[u8]) -> Option<()> {
    match key {
        b"id" => e.id = Some(r.string()?),
        b"kind" => e.kind = Some(r.string()?),
        b"category" => e.category = Some(r.text()?),
        b"name" => e.name = Some(r.text()?),
        b"name_note" => e.name_note = Some(r.note()?),
        b"aliases" => e.aliases = r.strings()?,
        b"parent" => e.parent = Some(r.string()?),
        b"related" => e.related = r.strings()?,
        b"audience" => e.audience = r.strings()?,
        b"tags" => e.tags = r.strings()?,
        b"website" => e.website = Some(r.string()?),
        b"summary" => e.summary = Some(r.text()?),
        b"source" => e.source = r.strings()?,
        // `[[entry.outside_source]]` tables may not follow (the caller checks).
        b"outside_source" => e.outside_source = r.array(Reader::outside)?,
        // `dates = [...]` and `figures = [...]`: left to `toml`.
        _ => return None,
    }
    Some(())
}

/// Reads the value of figure key `key` (one of [`FIGURE_KEYS`], not set before) into `f`.
fn figure_value(r: &mut Reader<'_>, f: &mut RawFigure, key: &[u8]) -> Option<()> {
    match key {
        b"label" => f.label = Some(r.text()?),
        b"value" => f.value = Some(r.value()?),
        b"unit" => f.unit = Some(r.string()?),
        b"as_at" => f.as_at = Some(r.string()?),
        b"as_at_basis" => f.as_at_basis = Some(r.string()?),
        b"qualifier" => f.qualifier = Some(r.string()?),
        b"as_written" => f.as_written = Some(r.string()?),
        b"short" => f.short = Some(r.text()?),
        b"headline" => f.headline = Some(r.boolean()?),
        _ => return None,
    }
    Some(())
}

/// A table header: its dotted name and the span of the whole `[[…]]`.
struct Header<'a> {
    name: &'a [u8],
    span: std::ops::Range<usize>,
}

struct Reader<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.i += 1)
    }

    /// Spaces and tabs, the only blanks TOML has within a line.
    fn blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    /// A line break (`\n` or `\r\n`), or the end of the text.
    fn newline(&mut self) -> Option<()> {
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.i += 1;
                Some(())
            }
            Some(b'\r') if self.s.get(self.i + 1) == Some(&b'\n') => {
                self.i += 2;
                Some(())
            }
            _ => None,
        }
    }

    /// A comment, from `#` to the end of its line (not taken), if one starts here; it may not
    /// hold control characters other than tab.
    fn comment(&mut self) -> Option<()> {
        if self.peek() != Some(b'#') {
            return Some(());
        }
        self.i += 1;
        while let Some(b) = self.peek() {
            if b == b'\n' || b == b'\r' {
                break;
            }
            if is_control(b) {
                return None;
            }
            self.i += 1;
        }
        Some(())
    }

    /// Blanks, then an optional comment, then a line break or the end.
    fn end_of_line(&mut self) -> Option<()> {
        self.blanks();
        self.comment()?;
        self.newline()
    }

    /// Any number of lines holding only blanks and comments; stops at the first other line,
    /// at its first non-blank byte.
    fn blank_lines(&mut self) -> Option<()> {
        loop {
            self.blanks();
            match self.peek() {
                None => return Some(()),
                Some(b'#' | b'\n' | b'\r') => self.end_of_line()?,
                Some(_) => return Some(()),
            }
        }
    }

    /// `[[name]]` ending its line; plain names only (letters, `_`, `.`), no blanks inside.
    fn header(&mut self) -> Option<Header<'a>> {
        let start = self.i;
        if !self.s[self.i..].starts_with(b"[[") {
            return None;
        }
        self.i += 2;
        let name_at = self.i;
        while matches!(self.peek(), Some(b'a'..=b'z' | b'_' | b'.')) {
            self.i += 1;
        }
        let name = &self.s[name_at..self.i];
        if !self.s[self.i..].starts_with(b"]]") {
            return None;
        }
        self.i += 2;
        let span = start..self.i;
        self.end_of_line()?;
        Some(Header { name, span })
    }

    /// A bare key; the caller only accepts the format's own, so `a-z` and `_` suffice.
    fn key(&mut self) -> Option<&'a [u8]> {
        let at = self.i;
        while matches!(self.peek(), Some(b'a'..=b'z' | b'_')) {
            self.i += 1;
        }
        (self.i > at).then(|| &self.s[at..self.i])
    }

    /// A one-line basic or literal string, with its span (the quotes included).
    fn string(&mut self) -> Option<Spanned<String>> {
        let start = self.i;
        let value = match self.peek()? {
            b'"' => self.basic()?,
            b'\'' => self.literal()?,
            _ => return None,
        };
        Some(Spanned::new(start..self.i, value))
    }

    /// `"…"`: the standard escapes only (`toml` also reads TOML 1.1's `\e` and `\xHH`; they
    /// are left to it).
    fn basic(&mut self) -> Option<String> {
        self.i += 1;
        if self.peek() == Some(b'"') && self.s.get(self.i + 1) == Some(&b'"') {
            return None; // a multi-line string
        }
        let mut out = String::new();
        let mut run = self.i;
        loop {
            let b = self.peek()?;
            match b {
                b'"' => {
                    out.push_str(self.text.get(run..self.i)?);
                    self.i += 1;
                    return Some(out);
                }
                b'\\' => {
                    out.push_str(self.text.get(run..self.i)?);
                    self.i += 1;
                    let c = match self.peek()? {
                        b'u' => self.hex(4)?,
                        b'U' => self.hex(8)?,
                        e => {
                            self.i += 1;
                            match e {
                                b'b' => '\u{8}',
                                b't' => '\t',
                                b'n' => '\n',
                                b'f' => '\u{c}',
                                b'r' => '\r',
                                b'"' => '"',
                                b'\\' => '\\',
                                _ => return None,
                            }
                        }
                    };
                    out.push(c);
                    run = self.i;
                }
                _ if is_control(b) => return None,
                _ => self.i += 1,
            }
        }
    }

    /// The character of a `\u` or `\U` escape (the reader at its letter), past its digits.
    fn hex(&mut self, digits: usize) -> Option<char> {
        let at = self.i + 1;
        let hex = self.s.get(at..at + digits)?;
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let code = u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
        self.i = at + digits;
        char::from_u32(code)
    }

    /// `'…'`: no escapes.
    fn literal(&mut self) -> Option<String> {
        self.i += 1;
        if self.peek() == Some(b'\'') && self.s.get(self.i + 1) == Some(&b'\'') {
            return None; // a multi-line string
        }
        let at = self.i;
        loop {
            match self.peek()? {
                b'\'' => break,
                b if is_control(b) => return None,
                _ => self.i += 1,
            }
        }
        let value = self.text.get(at..self.i)?.to_string();
        self.i += 1;
        Some(value)
    }

    /// `{ en = "…", zh = "…" }` on one line: either key may be missing, no other.
    fn text(&mut self) -> Option<Spanned<RawText>> {
        let mut t = RawText { en: None, zh: None };
        let span = self.inline(|r, key| match key {
            b"en" => set(&mut t.en, r.string()?),
            b"zh" => set(&mut t.zh, r.string()?),
            _ => None,
        })?;
        Some(Spanned::new(span, t))
    }

    /// `{ field = "…", note = … }`: an outside-source mark written inline.
    fn outside(&mut self) -> Option<Spanned<RawOutside>> {
        let mut o = RawOutside {
            field: None,
            note: None,
        };
        let span = self.inline(|r, key| match key {
            b"field" => set(&mut o.field, r.string()?),
            b"note" => set(&mut o.note, r.note()?),
            _ => None,
        })?;
        Some(Spanned::new(span, o))
    }

    /// An inline table on one line (TOML 1.0's form: no line breaks, no trailing comma), each
    /// key's value read by `value`, which gives up on a key it does not take or has had; the
    /// span of the braces.
    fn inline(
        &mut self,
        mut value: impl FnMut(&mut Self, &[u8]) -> Option<()>,
    ) -> Option<std::ops::Range<usize>> {
        let start = self.i;
        self.eat(b'{')?;
        self.blanks();
        if self.eat(b'}').is_none() {
            loop {
                let key = self.key()?;
                self.blanks();
                self.eat(b'=')?;
                self.blanks();
                value(self, key)?;
                self.blanks();
                match self.peek()? {
                    b',' => {
                        self.i += 1;
                        self.blanks();
                    }
                    b'}' => {
                        self.i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        Some(start..self.i)
    }

    /// A note: a bare string (the old one-language form) or a bilingual inline table.
    fn note(&mut self) -> Option<Spanned<RawNote>> {
        if self.peek()? == b'{' {
            let t = self.text()?;
            let span = t.span();
            Some(Spanned::new(span, RawNote::Both(t.into_inner())))
        } else {
            let s = self.string()?;
            Some(Spanned::new(s.span(), RawNote::One))
        }
    }

    /// `[ "…", '…', ]`, over any number of lines, with comments between the strings.
    fn strings(&mut self) -> Option<Vec<Spanned<String>>> {
        self.array(Self::string)
    }

    /// An array whose values `item` reads, over any number of lines, with comments between
    /// them and an optional trailing comma.
    fn array<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.eat(b'[')?;
        let mut out = Vec::new();
        loop {
            self.array_blanks()?;
            if self.eat(b']').is_some() {
                return Some(out);
            }
            out.push(item(self)?);
            self.array_blanks()?;
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(out);
                }
                _ => return None,
            }
        }
    }

    /// Blanks, comments and line breaks, as an array may hold between its values.
    fn array_blanks(&mut self) -> Option<()> {
        loop {
            self.blanks();
            match self.peek() {
                Some(b'#') => self.comment()?,
                Some(b'\n' | b'\r') => self.newline()?,
                _ => return Some(()),
            }
        }
    }

    /// A figure's value: a string, a boolean, or a plain decimal integer or float
    /// (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
    fn value(&mut self) -> Option<Spanned<toml::Value>> {
        let start = self.i;
        let value = match self.peek()? {
            b'"' | b'\'' => {
                let s = self.string()?;
                return Some(Spanned::new(s.span(), toml::Value::String(s.into_inner())));
            }
            b't' | b'f' => {
                let b = self.boolean()?;
                return Some(Spanned::new(b.span(), toml::Value::Boolean(b.into_inner())));
            }
            _ => {
                self.eat(b'-');
                match self.peek()? {
                    b'0' => self.i += 1,
                    b'1'..=b'9' => self.digits(),
                    _ => return None,
                }
                let mut float = false;
                if self.eat(b'.').is_some() {
                    float = true;
                    self.some_digits()?;
                }
                if matches!(self.peek(), Some(b'e' | b'E')) {
                    float = true;
                    self.i += 1;
                    if matches!(self.peek(), Some(b'+' | b'-')) {
                        self.i += 1;
                    }
                    self.some_digits()?;
                }
                let number = self.text.get(start..self.i)?;
                if float {
                    // Past f64's range `toml` may differ: left to it.
                    toml::Value::Float(number.parse().ok().filter(|f: &f64| f.is_finite())?)
                } else {
                    toml::Value::Integer(number.parse().ok()?)
                }
            }
        };
        // What follows a value: blanks, a comment or the end of the line (checked by the
        // caller); anything else (`1979-05-27`, `1_000`, `0x1f`) is not a plain number.
        if !matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'#' | b'\n' | b'\r')
        ) {
            return None;
        }
        Some(Spanned::new(start..self.i, value))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
    }

    fn some_digits(&mut self) -> Option<()> {
        let at = self.i;
        self.digits();
        (self.i > at).then_some(())
    }

    fn boolean(&mut self) -> Option<Spanned<bool>> {
        let start = self.i;
        let rest = &self.s[self.i..];
        let (value, len) = if rest.starts_with(b"true") {
            (true, 4)
        } else if rest.starts_with(b"false") {
            (false, 5)
        } else {
            return None;
        };
        self.i += len;
        if !matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'#' | b'\n' | b'\r')
        ) {
            return None;
        }
        Some(Spanned::new(start..self.i, value))
    }
}

/// The control characters TOML refuses in strings and comments: all but tab.
fn is_control(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}

#[cfg(test)]
mod tests {
    use super::super::raw;
    use super::super::split::entry_starts;
    use super::*;
    use proptest::prelude::*;

    /// The `[[entry]]` pieces of a document, as the loader cuts them.
    fn pieces(text: &str) -> Vec<String> {
        let starts = entry_starts(text);
        starts
            .iter()
            .enumerate()
            .map(|(k, &s)| text[s..starts.get(k + 1).copied().unwrap_or(text.len())].to_string())
            .collect()
    }

    /// Whether the quick reader agrees with `toml` on `piece`: when it reads it, `toml` reads
    /// it too, finds no unknown key, and gives the same values with the same spans. Returns
    /// whether it was read quickly.
    fn agrees(piece: &str) -> bool {
        let Some(quick) = entry(piece) else {
            return false;
        };
        let slow = raw::from_str(piece);
        let Ok((slow, unknown)) = slow else {
            panic!(
                "read quickly but toml refuses it: {:?}\n{piece}",
                slow.err()
            );
        };
        assert!(unknown.is_empty(), "unknown keys read quickly:\n{piece}");
        assert_eq!(format!("{quick:?}"), format!("{slow:?}"), "\n{piece}");
        true
    }

    fn shipped_pieces() -> Vec<String> {
        pieces(include_str!("../../data/catalogue.toml"))
    }

    #[test]
    fn every_piece_of_the_shipped_catalogue_is_read_quickly_and_as_toml_reads_it() {
        let pieces = shipped_pieces();
        assert!(pieces.len() > 100);
        for p in &pieces {
            assert!(agrees(p), "not read quickly:\n{p}");
        }
    }

    #[test]
    fn the_fixtures_are_read_as_toml_reads_them() {
        let mut quick = 0;
        for dir in ["tests/fixtures/valid", "tests/fixtures/invalid"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            for f in std::fs::read_dir(dir).unwrap() {
                let path = f.unwrap().path();
                if path.extension().is_some_and(|e| e == "toml") {
                    let Ok(text) = std::fs::read_to_string(&path) else {
                        continue; // the fixture that is not UTF-8
                    };
                    quick += pieces(&text).iter().filter(|p| agrees(p)).count();
                }
            }
        }
        assert!(quick > 30, "{quick}");
    }

    #[test]
    fn every_form_it_reads_is_read_as_toml_reads_it() {
        let body = "parent = \"p\"\n";
        let cases = [
            // escapes
            r#"id = "a\"b\\c\n\t\r\b\f\u00e9\U0001F600""#,
            // comments, blanks, CRLF
            "id = 'x'   # note\r\n# a line\r\n\r\n\tkind = \"fund\"\t",
            // arrays over lines, trailing comma, comments, empty
            "aliases = [\n  \"a\", # one\n  'b',\n]\nrelated = []\ntags = [ ]\n",
            // inline tables
            "name = {}\nsummary = { zh = \"z\" }\ncategory = {en=\"e\",zh=\"z\"}\n",
            "name_note = \"one language\"\n",
            "name_note = { en = \"a\", zh = \"b\" }\n",
            // figures: every kind of value
            "[[entry.figures]]\nvalue = 0\n[[entry.figures]]\nvalue = -12\n[[entry.figures]]\nvalue = 1.5e3\n[[entry.figures]]\nvalue = -0.0\n[[entry.figures]]\nvalue = 2E-2 # c\n[[entry.figures]]\nvalue = \"12\"\nheadline = false\n[[entry.figures]]\nvalue = true\nheadline = true\nlabel = { en = \"l\", zh = \"m\" }\nshort = {en = \"s\"}\nunit = \"HK$\"\nas_at = \"2023\"\nas_at_basis = \"stated\"\nqualifier = \"about\"\nas_written = \"1\"\n",
            "[[entry.figures]]\nvalue = 9223372036854775807\n[[entry.figures]]\nvalue = -9223372036854775808\n",
            "[[entry.dates]]\nevent = \"launched\"\ndate = \"2020\"\n[[entry.dates]]\n",
            "outside_source = [\n  { field = \"website\", note = { en = \"a\", zh = \"b\" } }, # c\n  {note='x'},\n]\n[[entry.dates]]\n",
            "outside_source = []\n",
            "[[entry.outside_source]]\nfield = \"website\"\nnote = { en = \"a\", zh = \"b\" }\n[[entry.outside_source]]\nnote = 'old'\n",
        ];
        for case in cases {
            let piece = format!("[[entry]]\n{body}{case}\n");
            assert!(agrees(&piece), "not read quickly:\n{piece}");
        }
    }

    #[test]
    fn what_it_does_not_know_is_left_to_toml() {
        let cases = [
            "id = \"a\"\nid = \"b\"",     // a repeated key
            "aliases = []\naliases = []", // a repeated list
            "zz = \"a\"",                 // an unknown key
            "\"id\" = \"a\"",             // a quoted key
            "name.en = \"a\"",            // a dotted key
            "id = \"\"\"a\"\"\"",         // multi-line strings
            "id = '''a'''",
            "id = \"a\\eb\"", // TOML 1.1's escapes
            "id = \"a\\x41\"",
            "id = \"a\\ud800\"", // a surrogate
            "id = \"a\u{1}b\"",  // a control character
            "id = \"a\" # \u{7f}",
            "id = \"a\"\rkind = \"b\"", // a lone CR
            "id = 5",                   // a type the field does not take
            "name = \"a\"",
            "name = { en = 1 }",
            "name = { en = \"a\", }", // TOML 1.1's inline forms
            "name = { en = \"a\",\n zh = \"b\" }",
            "dates = []",                                    // an inline array of tables
            "outside_source = []\n[[entry.outside_source]]", // extended by a table
            "outside_source = [{ field = \"a\", zz = 1 }]",
            "[entry.name]\nen = \"a\"",         // a sub-table
            "[[entry.figures]]\nvalue = 1_000", // numbers spelt otherwise
            "[[entry.figures]]\nvalue = +1",
            "[[entry.figures]]\nvalue = 01",
            "[[entry.figures]]\nvalue = 0x1f",
            "[[entry.figures]]\nvalue = 1e400",
            "[[entry.figures]]\nvalue = inf",
            "[[entry.figures]]\nvalue = 1979-05-27",
            "[[entry.figures]]\nvalue = 9223372036854775808",
            "[[entry.figures]]\nheadline = 1",
            "[catalogue]\nas_at = \"2023\"",
            "[[entry]]\nid = \"b\"",   // two entries
            "id = \"a\" kind = \"b\"", // two values on a line
        ];
        for case in cases {
            let piece = format!("[[entry]]\n{case}\n");
            assert!(entry(&piece).is_none(), "read quickly:\n{piece}");
        }
    }

    /// Edits a piece at random places with the bytes of [`ALPHABET`].
    fn edit(piece: &mut String, edits: &[(usize, usize, usize)]) {
        for &(at, op, sym) in edits {
            let mut at = at % (piece.len() + 1);
            while !piece.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + 1 + sym % 4 * usize::from(op == 1)).min(piece.len());
            while !piece.is_char_boundary(end) {
                end += 1;
            }
            match op {
                0 => piece.insert_str(at, ALPHABET[sym]),
                1 => piece.replace_range(at..end, ""),
                _ => piece.replace_range(at..end, ALPHABET[sym]),
            }
        }
    }

    #[test]
    fn edited_pieces_are_read_as_toml_reads_them_and_many_are_read_quickly() {
        // xorshift: the same edits on every run.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let all = shipped_pieces();
        let (mut quick, mut left) = (0, 0);
        for _ in 0..4000 {
            let mut piece = all[next(all.len())].clone();
            let edits: Vec<_> = (0..1 + next(2))
                .map(|_| (next(10_000), next(3), next(ALPHABET.len())))
                .collect();
            edit(&mut piece, &edits);
            if agrees(&piece) {
                quick += 1;
            } else {
                left += 1;
            }
        }
        // Both sides are exercised: many edits keep a piece plain, many do not.
        assert!(
            quick > 800 && left > 800,
            "{quick} read quickly, {left} left to toml"
        );
    }

    /// Bytes that matter to TOML, and some that matter to nothing, for the mutations below.
    const ALPHABET: &[&str] = &[
        "\"",
        "'",
        "\\",
        "{",
        "}",
        "[",
        "]",
        ",",
        "=",
        "#",
        "\n",
        "\r",
        "\r\n",
        "\t",
        " ",
        ".",
        "-",
        "+",
        "_",
        "0",
        "1",
        "9",
        "e",
        "E",
        "u",
        "U",
        "n",
        "x",
        "id",
        "en",
        "zh",
        "true",
        "\u{0}",
        "\u{1f}",
        "\u{7f}",
        "é",
        "創",
        "\u{2028}",
        "[[entry.dates]]\n",
        "[[entry.figures]]\nvalue = ",
        "\"\"\"",
        "'''",
        "\\u00",
        "\\U0001",
        "\\ud8",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Whatever the edit to a real piece, the quick reader reads it as `toml` does, or
        /// leaves it to `toml`.
        #[test]
        fn an_edited_piece_is_read_as_toml_reads_it_or_left_to_it(
            which in 0usize..1000,
            edits in prop::collection::vec((0usize..10_000, 0usize..3, 0usize..ALPHABET.len()), 1..4),
        ) {
            let all = shipped_pieces();
            let mut piece = all[which % all.len()].clone();
            edit(&mut piece, &edits);
            agrees(&piece);
        }
    }
}
