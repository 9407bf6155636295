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
