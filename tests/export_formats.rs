//! Golden output of every format for one rich entry (figures, dates, parent, related), so that a
//! change to any export shows up as a reviewed snapshot diff.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

use itib::catalogue::{self, Entry};
use itib::export::{self, Format};

fn render(id: &str, format: Format) -> String {
    let cat = catalogue::shipped().unwrap();
    let entry = cat.get(id).unwrap();
    let mut out = Vec::new();
    export::write_entries(&mut out, &cat, &[entry], format).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn text_card() {
    insta::assert_snapshot!(render("research-talent-hub", Format::Text));
}

#[test]
fn json_object() {
    insta::assert_snapshot!(render("research-talent-hub", Format::Json));
}

#[test]
fn toml_block() {
    insta::assert_snapshot!(render("research-talent-hub", Format::Toml));
}

#[test]
fn markdown_card() {
    insta::assert_snapshot!(render("research-talent-hub", Format::Markdown));
}

#[test]
fn csv_row() {
    insta::assert_snapshot!(render("research-talent-hub", Format::Csv));
}

#[test]
fn text_list_of_funds() {
    let cat = catalogue::shipped().unwrap();
    let funds: Vec<&Entry> = cat
        .entries()
        .iter()
        .filter(|e| e.kind == catalogue::Kind::Fund)
        .collect();
    let mut out = Vec::new();
    export::write_list(&mut out, &cat, &funds, Format::Text).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn several_entries_export_as_a_json_array() {
    let cat = catalogue::shipped().unwrap();
    let two = [cat.get("itf").unwrap(), cat.get("itc").unwrap()];
    let mut out = Vec::new();
    export::write_entries(&mut out, &cat, &two, Format::Json).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(2));
}

/// A catalogue whose texts try to run in a spreadsheet or render as HTML, with a loss, the
/// largest exact integer and the largest finite magnitude among its figures.
const HOSTILE: &str = r##"
[[entry]]
id = "hostile"
kind = "fund"
name = { en = "=HYPERLINK(\"http://evil.example\",\"Click\")", zh = "<img src=x onerror=alert(1)>" }
aliases = ["-2+3+cmd|' /C calc'!A0", "@SUM(A1)"]
related = ["plain"]
summary = { en = "# Big | table `code` [link](http://evil.example) ![p](http://t.example/p.png)", zh = "+cmd" }
source = ["#標題 <script>alert(1)</script>"]

[[entry.figures]]
label = { en = "Loss | deficit", zh = "虧損" }
value = -3200000000
unit = "HKD"
as_at = "2023-06"
as_written = "負32億元"

[[entry.figures]]
label = { en = "Exact", zh = "精確" }
value = 9007199254740991
unit = "people"
as_at = "2023-06"
as_written = "9 007 199 254 740 991人"

[[entry.figures]]
label = { en = "Huge", zh = "極大" }
value = 1e308
unit = "people"
as_at = "2023-06"

[[entry]]
id = "plain"
kind = "fund"
name = { en = "@home", zh = "家" }
aliases = ["-3.5"]
summary = { en = "-", zh = "=" }
source = ["來源"]
"##;

fn hostile(format: Format, list: bool) -> String {
    let cat = catalogue::parse_str(HOSTILE, "hostile.toml").unwrap_or_else(|e| panic!("{e}"));
    let entries: Vec<&Entry> = cat.entries().iter().collect();
    let mut out = Vec::new();
    if list {
        export::write_list(&mut out, &cat, &entries, format).unwrap();
    } else {
        export::write_entries(&mut out, &cat, &entries[..1], format).unwrap();
    }
    String::from_utf8(out).unwrap()
}

/// RFC 4180 rows: quoted cells may hold commas, doubled quotes and line breaks.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    rows
}

#[test]
fn csv_cells_never_start_a_formula() {
    let rows = csv_rows(&hostile(Format::Csv, true));
    assert_eq!(rows.len(), 3);
    let header = &rows[0];
    let cell = |row: usize, name: &str| {
        let col = header.iter().position(|h| h == name).unwrap();
        rows[row][col].clone()
    };
    assert_eq!(
        cell(1, "name_en"),
        "'=HYPERLINK(\"http://evil.example\",\"Click\")"
    );
    assert_eq!(cell(1, "aliases"), "'-2+3+cmd|' /C calc'!A0; @SUM(A1)");
    assert_eq!(cell(1, "summary_zh"), "'+cmd");
    assert_eq!(cell(2, "name_en"), "'@home");
    assert_eq!(cell(2, "summary_en"), "'-");
    assert_eq!(cell(2, "summary_zh"), "'=");
    // A number is a number: not prefixed.
    assert_eq!(cell(2, "aliases"), "-3.5");
    for row in &rows {
        for c in row {
            assert!(
                !c.starts_with(['=', '+', '@', '\t', '\r']) && (!c.starts_with('-') || c == "-3.5"),
                "{c:?}"
            );
        }
    }
}

/// The pipes of a markdown line that are not escaped: a table row's cell borders.
fn borders(line: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => n += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    n
}

#[test]
fn markdown_shows_hostile_text_as_text() {
    for (md, columns) in [
        (hostile(Format::Markdown, false), [3, 6]),
        (hostile(Format::Markdown, true), [6, 6]),
    ] {
        for bad in ["<img", "<script", "`code`"] {
            assert!(!md.contains(bad), "{bad} in\n{md}");
        }
        // Every `](` of a link is escaped.
        assert_eq!(md.matches("](").count(), md.matches("\\](").count(), "{md}");
        for line in md.lines() {
            // Only the card's own headings start with '#'.
            assert!(
                !line.starts_with('#') || line.starts_with("## ") || line.starts_with("### "),
                "{line}"
            );
            assert!(
                !line.starts_with("## \\") || line.contains("HYPERLINK"),
                "{line}"
            );
            if line.starts_with('|') {
                assert!(columns.contains(&borders(line)), "{line}");
            }
        }
        assert!(md.contains("&lt;img src=x onerror=alert(1)&gt;"), "{md}");
    }
    let card = hostile(Format::Markdown, false);
    assert!(card.contains(
        "\\# Big \\| table \\`code\\` \\[link\\](http://evil.example) !\\[p\\](http://t.example/p.png)"
    ));
    assert!(card.contains("> \\#標題 &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(card.contains("| Loss \\| deficit | 虧損 | -HK$3.2 billion | -32億元 |"));
}

#[test]
fn negative_money_reads_the_same_way_in_both_languages() {
    let text = hostile(Format::Text, false);
    let loss = text.lines().find(|l| l.contains("Loss | deficit")).unwrap();
    assert!(
        loss.contains("  -HK$3.2 billion  ") && loss.contains("  -32億元  "),
        "{loss}"
    );
    let list = hostile(Format::Csv, true);
    assert!(list.contains("Loss | deficit: -HK$3.2 billion (as at 2023-06)"));
}

#[test]
fn the_largest_finite_value_prints_as_a_number() {
    let text = hostile(Format::Text, false);
    assert!(
        text.contains("1e308 people") && text.contains("1e308人"),
        "{text}"
    );
    assert!(!text.contains("inf"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&hostile(Format::Json, false)).unwrap();
    assert_eq!(json["figures"][2]["value"].as_f64(), Some(1e308));
}

/// 2^53 − 1 is carried exactly, also by a reader that holds every json number as a double
/// (JavaScript, older jq); one more is refused when the catalogue loads.
#[test]
fn integers_are_exact_in_json_or_refused() {
    let json_text = hostile(Format::Json, false);
    assert!(
        json_text.contains("\"value\": 9007199254740991,"),
        "{json_text}"
    );
    let json: serde_json::Value = serde_json::from_str(&json_text).unwrap();
    let value = &json["figures"][1]["value"];
    assert_eq!(value.as_i64(), Some(9_007_199_254_740_991));
    assert_eq!(
        value.as_f64().map(|x| x as i64),
        Some(9_007_199_254_740_991)
    );
    let text = hostile(Format::Text, false);
    assert!(text.contains("9,007,199,254,740,991 people"), "{text}");

    for (beyond, written) in [
        ("9007199254740993", "9 007 199 254 740 993人"),
        ("-9007199254740992", "-9 007 199 254 740 992人"),
    ] {
        let toml = HOSTILE
            .replace("9007199254740991", beyond)
            .replace("9 007 199 254 740 991人", written);
        let err = catalogue::parse_str(&toml, "big.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!(
                "figures[1].value: figure value {beyond} is beyond ±9007199254740991 (2^53 − 1)"
            )),
            "{err}"
        );
        assert!(err.ends_with("1 problem found"), "{err}");
    }
}
