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

/// Issue 11: whatever the format, an exported entry names its source and the catalogue's
/// as-at, and a figure the source does not date reads differently from one it dates.
#[test]
fn every_format_cites_its_source_and_tells_inferred_dates_from_stated_ones() {
    // research-talent-hub: `約10 600個` is stated (截至2022年12月底), `最多四名` is not.
    for format in [
        Format::Text,
        Format::Markdown,
        Format::Json,
        Format::Toml,
        Format::Csv,
    ] {
        let out = render("research-talent-hub", format);
        assert!(
            out.contains("Hong Kong Yearbook"),
            "{format:?} names no source:\n{out}"
        );
        assert!(out.contains("2023-06"), "{format:?} has no as-at:\n{out}");
        let (stated, inferred) = match format {
            Format::Json => (
                "\"as_at_basis\": \"stated\"",
                "\"as_at_basis\": \"publication\"",
            ),
            Format::Toml => ("as_at_basis = \"stated\"", "as_at_basis = \"publication\""),
            _ => ("as at 2022-12", "as at 2023-06 (publication date)"),
        };
        assert!(out.contains(stated), "{format:?}: no stated date:\n{out}");
        assert!(
            out.contains(inferred),
            "{format:?}: no inferred date:\n{out}"
        );
    }
    // Cards end with the citation; markdown quotes the sentence behind each figure.
    let text = render("research-talent-hub", Format::Text);
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("Cite 引用: Hong Kong Yearbook, chapter “Innovation, Technology and Industry”, as at 2023-06"), "{last}");
    let md = render("research-talent-hub", Format::Markdown);
    assert!(md.contains(
        "- Research positions funded: about 10,600 positions, as at 2022-12 — 「截至2022年12月底，計劃共資助了約10600個研究職位。」"
    ));
    // Outside-source facts are marked in both cards.
    assert!(text.contains("https://www.itf.gov.hk/ †"));
    assert!(md.contains("| Website | https://www.itf.gov.hk/ † |"));
}

/// Lists carry the provenance too: json under `catalogue`, csv in `source` and `as_at`
/// columns on every row, markdown in a closing line, and the text list's headline its as-at.
#[test]
fn lists_carry_the_catalogue_source_and_as_at() {
    let cat = catalogue::shipped().unwrap();
    let all: Vec<&Entry> = cat.entries().iter().collect();
    let list = |format| {
        let mut out = Vec::new();
        export::write_list(&mut out, &cat, &all, format).unwrap();
        String::from_utf8(out).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&list(Format::Json)).unwrap();
    assert_eq!(json["catalogue"]["as_at"], "2023-06");
    assert_eq!(json["catalogue"]["publication"]["en"], "Hong Kong Yearbook");
    let csv = list(Format::Csv);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",outside_source_en,outside_source_zh,source,as_at")
    );
    assert!(csv.lines().skip(1).all(|l| l.ends_with(",2023-06")));
    assert!(list(Format::Markdown).ends_with(
        "\nSource: Hong Kong Yearbook, chapter “Innovation, Technology and Industry”, as at 2023-06.\n"
    ));
    let text = list(Format::Text);
    let itf = text.lines().find(|l| l.starts_with("itf ")).unwrap();
    assert!(itf.ends_with("HK$32.8bn approved · 2022-12"), "{itf}");
}

/// A Chinese reader gets every outside-source note in Chinese from every export: json carries
/// `note: {en, zh}`, csv a column each, the cards the Chinese under the English, toml both.
#[test]
fn outside_source_notes_are_exported_in_both_languages() {
    let cat = catalogue::shipped().unwrap();
    let e = cat.get("rttp").unwrap();
    let [parent, label] = [&e.outside_source[0], &e.outside_source[1]];
    assert_eq!(parent.field, "parent");
    assert!(
        parent.note.zh.contains("創新及科技基金"),
        "{}",
        parent.note.zh
    );

    let json: serde_json::Value = serde_json::from_str(&render("rttp", Format::Json)).unwrap();
    assert_eq!(
        json["outside_source"][0]["note"]["en"],
        parent.note.en.as_str()
    );
    assert_eq!(
        json["outside_source"][0]["note"]["zh"],
        parent.note.zh.as_str()
    );

    let csv = render("rttp", Format::Csv);
    let zh_cell = format!(
        "parent: {}; figures[3].label: {}",
        parent.note.zh, label.note.zh
    );
    assert!(csv.contains(&format!(",{zh_cell},")), "{csv}");

    let text = render("rttp", Format::Text);
    assert!(
        text.contains(&format!(
            "  parent / 上級: {}\n    {}\n",
            parent.note.en, parent.note.zh
        )),
        "{text}"
    );
    let md = render("rttp", Format::Markdown);
    assert!(
        md.contains(&format!(
            "- parent / 上級: {}\n  {}\n",
            parent.note.en, parent.note.zh
        )),
        "{md}"
    );

    // (tests/shipped_catalogue.rs loads the whole catalogue's toml back equal, notes and all.)
    let block = render("rttp", Format::Toml);
    assert!(
        block.contains(&format!("zh = \"{}\"", parent.note.zh)),
        "{block}"
    );
}

/// A Chinese reader gets the name note in Chinese from every export, as the name: json carries
/// `name_note: {en, zh}`, csv a column each, the cards the Chinese beside the English, toml
/// the table form.
#[test]
fn name_notes_are_exported_in_both_languages() {
    let cat = catalogue::shipped().unwrap();
    let n = cat.get("biobank").unwrap().name_note.clone().unwrap();
    assert!(n.zh.contains("科技園公司"), "{}", n.zh);

    let json: serde_json::Value = serde_json::from_str(&render("biobank", Format::Json)).unwrap();
    assert_eq!(json["name_note"]["en"], n.en.as_str());
    assert_eq!(json["name_note"]["zh"], n.zh.as_str());

    let rows = csv_rows(&render("biobank", Format::Csv));
    let cell = |name: &str| {
        let i = rows[0].iter().position(|h| h == name).unwrap();
        rows[1][i].clone()
    };
    assert_eq!(cell("name_note_en"), n.en);
    assert_eq!(cell("name_note_zh"), n.zh);

    let text = render("biobank", Format::Text);
    assert!(
        text.contains(&format!("  note     {}\n           {}\n", n.en, n.zh)),
        "{text}"
    );
    let md = render("biobank", Format::Markdown);
    assert!(
        md.contains(&format!("| Note | {} / {} |", n.en, n.zh)),
        "{md}"
    );

    let block = render("biobank", Format::Toml);
    assert!(
        block.contains(&format!(
            "name_note = {{ en = \"{}\", zh = \"{}\" }}\n",
            n.en, n.zh
        )),
        "{block}"
    );
}
