// A deterministic corpus of hostile catalogues: control and format characters in every text
// field, huge values, deep nesting and TOML shapes that only a careless reader accepts. Used by
// `tests/hostile.rs` (through the binary) and by the loader's own tests (fast path against
// plain path, through `include!`, hence no inner attributes here), so both see the same files.

/// The characters a catalogue may not hold, each written as a TOML escape.
pub const FORBIDDEN: &[(&str, &str)] = &[
    ("esc-osc52", "\\u001b]52;c;aGk=\\u0007"),
    ("esc-title", "\\u001b]0;pwned\\u0007"),
    ("csi-clear", "\\u001b[2J"),
    ("bel", "\\u0007"),
    ("nul", "\\u0000"),
    ("del", "\\u007f"),
    ("c1-csi", "\\u009b31m"),
    ("nel", "\\u0085"),
    ("rlo", "\\u202e"),
    ("lri", "\\u2066"),
    ("lrm", "\\u200e"),
    ("rlm", "\\u200f"),
    ("alm", "\\u061c"),
    ("line-sep", "\\u2028"),
    ("para-sep", "\\u2029"),
    ("tag", "\\U000e0041"),
    ("annotation", "\\ufff9"),
];

/// Every string field of an entry and of the header, as `(name, template)`: `{}` is where the
/// hostile text goes.
const FIELDS: &[(&str, &str)] = &[
    ("id", "id = \"{}\""),
    ("kind", "kind = \"{}\""),
    ("name-en", "name = { en = \"A{}\", zh = \"甲\" }"),
    ("name-zh", "name = { en = \"A\", zh = \"甲{}\" }"),
    ("name-note-en", "name_note = { en = \"n{}\", zh = \"註\" }"),
    ("name-note-zh", "name_note = { en = \"n\", zh = \"註{}\" }"),
    ("alias", "aliases = [\"a{}\"]"),
    ("parent", "parent = \"b{}\""),
    ("related", "related = [\"b{}\"]"),
    ("audience", "audience = [\"a{}\"]"),
    ("tag", "tags = [\"t{}\"]"),
    ("website", "website = \"https://x.hk/{}\""),
    ("summary-en", "summary = { en = \"S{}\", zh = \"乙\" }"),
    ("summary-zh", "summary = { en = \"S\", zh = \"乙{}\" }"),
    ("category", "category = { en = \"c{}\", zh = \"類\" }"),
    ("source", "source = [\"q{}\"]"),
    (
        "date-event",
        "dates = [{ event = \"e{}\", date = \"2023\" }]",
    ),
    ("date", "dates = [{ event = \"e\", date = \"2023{}\" }]"),
    (
        "figure-label",
        "figures = [{ label = { en = \"L{}\", zh = \"數\" }, value = 1, unit = \"hkd\", as_at = \"2023\" }]",
    ),
    (
        "figure-unit",
        "figures = [{ label = { en = \"L\", zh = \"數\" }, value = 1, unit = \"hkd{}\", as_at = \"2023\" }]",
    ),
    (
        "figure-as-at",
        "figures = [{ label = { en = \"L\", zh = \"數\" }, value = 1, unit = \"hkd\", as_at = \"2023{}\" }]",
    ),
    (
        "figure-qualifier",
        "figures = [{ label = { en = \"L\", zh = \"數\" }, value = 1, unit = \"hkd\", as_at = \"2023\", qualifier = \"about{}\" }]",
    ),
    (
        "figure-as-written",
        "figures = [{ label = { en = \"L\", zh = \"數\" }, value = 1, unit = \"hkd\", as_at = \"2023\", as_written = \"1{}\" }]",
    ),
    ("unknown-key", "\"k{}\" = 1"),
];

/// An entry with every required field; `extra` lines replace the ones they name.
fn entry(id: &str, extra: &str) -> String {
    let mut lines = vec![
        format!("id = \"{id}\""),
        "kind = \"fund\"".to_string(),
        "name = { en = \"A\", zh = \"甲\" }".to_string(),
        "summary = { en = \"S\", zh = \"乙\" }".to_string(),
        "source = [\"q\"]".to_string(),
    ];
    for line in extra.lines() {
        let key = line.split([' ', '=']).next().unwrap_or("");
        lines.retain(|l| l.split([' ', '=']).next() != Some(key));
        lines.push(line.to_string());
    }
    format!("[[entry]]\n{}\n", lines.join("\n"))
}

const HEADER: &str = "[catalogue]\ntitle = { en = \"T\", zh = \"題\" }\nsource = { en = \"Yearbook\", zh = \"年鑑\" }\nas_at = \"2023-06\"\n\n";

/// `(name, text)` of every hostile catalogue, always in the same order.
pub fn corpus() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let b = entry("b", "");
    for (field, template) in FIELDS {
        for (what, bad) in FORBIDDEN {
            let line = template.replace("{}", bad);
            let text = format!("{HEADER}{}\n{b}", entry("a", &line));
            out.push((format!("{field}-{what}"), text));
        }
    }
    for (what, bad) in FORBIDDEN {
        let text = format!(
            "[catalogue]\ntitle = {{ en = \"T{bad}\", zh = \"題\" }}\n\n{}",
            entry("a", "")
        );
        out.push((format!("catalogue-title-{what}"), text));
    }
    // Invisible names: nothing to see is empty.
    for (what, zh) in [
        ("zero-width-space", "\\u200b"),
        ("ideographic-space", "\\u3000"),
        ("bom-and-joiners", "\\ufeff\\u200d\\u2060"),
        ("hangul-filler", "\\u3164"),
        ("soft-hyphen", "\\u00ad"),
    ] {
        let line = format!("name = {{ en = \"A\", zh = \"{zh}\" }}");
        out.push((
            format!("invisible-name-{what}"),
            format!("{HEADER}{}", entry("a", &line)),
        ));
    }
    // Huge values.
    let huge = "x".repeat(10 << 20);
    out.push((
        "huge-unknown-kind".into(),
        format!("{HEADER}{}", entry("a", &format!("kind = \"{huge}\""))),
    ));
    out.push((
        "huge-bad-id".into(),
        format!(
            "{HEADER}{}",
            entry(&format!("A{}", "y".repeat(100_000)), "")
        ),
    ));
    out.push((
        "huge-dangling-parent".into(),
        format!(
            "{HEADER}{}",
            entry("a", &format!("parent = \"{}\"", "p".repeat(100_000)))
        ),
    ));
    out.push((
        "huge-unknown-key".into(),
        format!(
            "{HEADER}{}",
            entry("a", &format!("{} = 1", "k".repeat(100_000)))
        ),
    ));
    out.push((
        "huge-figure-float".into(),
        format!(
            "{HEADER}{}",
            entry(
                "a",
                "figures = [{ label = { en = \"L\", zh = \"數\" }, value = 1e400, unit = \"hkd\", as_at = \"2023\" }]"
            )
        ),
    ));
    out.push((
        "integer-overflow".into(),
        format!(
            "{HEADER}{}",
            entry(
                "a",
                "figures = [{ label = { en = \"L\", zh = \"數\" }, value = 99999999999999999999, unit = \"hkd\", as_at = \"2023\" }]"
            )
        ),
    ));
    out.push((
        "nan-figure".into(),
        format!(
            "{HEADER}{}",
            entry(
                "a",
                "figures = [{ label = { en = \"L\", zh = \"數\" }, value = nan, unit = \"hkd\", as_at = \"2023\" }]"
            )
        ),
    ));
    // Deep nesting.
    out.push((
        "deep-dotted-key".into(),
        format!(
            "{HEADER}{}",
            entry("a", &format!("x{} = 1", ".x".repeat(100_000)))
        ),
    ));
    out.push((
        "deep-arrays".into(),
        format!(
            "{HEADER}{}",
            entry(
                "a",
                &format!("aliases = {}\"a\"{}", "[".repeat(5000), "]".repeat(5000))
            )
        ),
    ));
    out.push((
        "deep-inline-tables".into(),
        format!(
            "{HEADER}{}",
            entry(
                "a",
                &format!("name = {}1{}", "{ en = ".repeat(2000), " }".repeat(2000))
            )
        ),
    ));
    // TOML shapes a reader in pieces could accept and TOML does not.
    out.push((
        "entry-array-then-tables".into(),
        format!("entry = []\n{}{b}", entry("a", "")),
    ));
    out.push((
        "two-boms".into(),
        format!("\u{feff}\u{feff}{HEADER}{}", entry("a", "")),
    ));
    out.push((
        "bom-inside".into(),
        format!("{HEADER}\u{feff}{}", entry("a", "")),
    ));
    out.push((
        "catalogue-twice".into(),
        format!("{HEADER}{}{HEADER}{b}", entry("a", "")),
    ));
    out.push((
        "catalogue-in-a-later-entry".into(),
        format!(
            "{HEADER}{}[catalogue.title]\nen = \"x\"\nzh = \"y\"\n{b}",
            entry("a", "")
        ),
    ));
    out.push((
        "unterminated-string".into(),
        format!("{HEADER}{}{b}", entry("a", "name_note = \"open")),
    ));
    out.push((
        "unterminated-multi-line-string".into(),
        format!("{HEADER}{}{b}", entry("a", "name_note = \"\"\"open")),
    ));
    out.push((
        "header-inside-a-string".into(),
        format!(
            "{HEADER}[[entry]]\nid = \"a\"\nkind = \"fund\"\nname = {{ en = \"A\", zh = \"甲\" }}\n\
             summary = {{ en = \"S\", zh = \"乙\" }}\nsource = [\"q\"]\n\
             name_note = {{ en = \"\"\"\n[[entry]]\nid = \"c\"\n\"\"\", zh = \"註\" }}\n{b}"
        ),
    ));
    out.push((
        "entry-table-not-array".into(),
        format!("{HEADER}[entry]\nid = \"a\"\n{b}"),
    ));
    out.push((
        "duplicate-key-in-entry".into(),
        format!("{HEADER}{}id = \"again\"\n{b}", entry("a", "")),
    ));
    out.push((
        "unknown-field-hides-nothing".into(),
        format!(
            "{HEADER}{}{b}",
            entry(
                "a",
                "colour = \"red\"\nkind = \"fundz\"\nparent = \"nowhere\""
            )
        ),
    ));
    out
}
