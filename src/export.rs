//! Entries out of the program: a readable text card, json, toml that loads back, a markdown card,
//! and csv. Used by the CLI and by the explorer's Enter; writes to any `impl Write` and never to
//! the terminal directly. Each function renders the whole output in memory first, so an error
//! never leaves half an export behind. Every format carries its provenance ([`cite`]): the
//! catalogue's source and as-at, each figure's as-at with its basis, the facts from outside
//! the source.

mod cite;

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::catalogue::cite::{as_at, headline};
use crate::catalogue::units::format_figure;
use crate::catalogue::{Catalogue, Entry, Lang, Meta, Text};

/// Output formats; `csv` is for lists only (a one-entry csv is a list of one). `jsonl` is json
/// lines: one compact object per line, the same object in every command (an entry with its
/// citation, as `show --format json` gives it; a hit for `search`), for `jq -c`, `while read`,
/// and streaming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Toml,
    Markdown,
    Csv,
}

/// Prints entries as cards (text, markdown), a json object (one entry) or array (several), an
/// entry block that pastes into a catalogue (toml), or csv rows.
pub fn write_entries(
    w: &mut dyn Write,
    cat: &Catalogue,
    entries: &[&Entry],
    format: Format,
) -> io::Result<()> {
    let out = match format {
        Format::Text => cards(entries, |e| text_card(cat, e)),
        Format::Markdown => cards(entries, |e| markdown_card(cat, e)),
        Format::Json if entries.len() == 1 => json(&Cited::of(cat, entries[0])),
        Format::Json => json(&cited(cat, entries)),
        Format::Jsonl => json_lines(&cited(cat, entries)),
        // A comment names the source, so a pasted block still cites; it loads as nothing.
        Format::Toml => format!(
            "# {}\n{}",
            crate::catalogue::cite::citation(&cat.meta, Lang::En),
            entries
                .iter()
                .map(|e| toml_entry(e))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        Format::Csv => csv(cat, entries),
    };
    w.write_all(out.as_bytes())
}

/// One entry as `show --format json` prints it: its fields, and the catalogue it is cited from
/// (title, source, publication, chapter, as-at) under `catalogue`, as `list --format json`
/// has it.
#[derive(Serialize)]
struct Cited<'a> {
    #[serde(flatten)]
    entry: &'a Entry,
    catalogue: &'a Meta,
}

/// Each entry with its citation.
fn cited<'a>(cat: &'a Catalogue, entries: &[&'a Entry]) -> Vec<Cited<'a>> {
    entries.iter().map(|e| Cited::of(cat, e)).collect()
}

impl<'a> Cited<'a> {
    fn of(cat: &'a Catalogue, entry: &'a Entry) -> Cited<'a> {
        Cited {
            entry,
            catalogue: &cat.meta,
        }
    }
}

/// Prints a list: an aligned table (text), the catalogue as data (json, toml: every field of
/// every listed entry), a markdown table, or csv.
pub fn write_list(
    w: &mut dyn Write,
    cat: &Catalogue,
    entries: &[&Entry],
    format: Format,
) -> io::Result<()> {
    let out = match format {
        Format::Text => text_table(entries),
        Format::Json => json(&CatalogueOut {
            catalogue: &cat.meta,
            entry: entries,
        }),
        // Each line on its own still cites: the entry as `show --format json` gives it.
        Format::Jsonl => json_lines(&cited(cat, entries)),
        Format::Toml => toml_catalogue(&cat.meta, entries),
        Format::Markdown => markdown_table(cat, entries),
        Format::Csv => csv(cat, entries),
    };
    w.write_all(out.as_bytes())
}

/// The text list's citation footer: one line after the entries, in `lang` (both languages
/// when `None`), the words the text card ends with. The list itself stays one entry a line;
/// the caller decides when to add this (a terminal, or `--cite`).
pub fn write_list_citation(
    w: &mut dyn Write,
    cat: &Catalogue,
    lang: Option<Lang>,
) -> io::Result<()> {
    let line = crate::catalogue::cite::cite_line(&cat.meta, lang);
    w.write_all(format!("{line}\n").as_bytes())
}

/// The json shape of a whole catalogue: the same keys as the TOML file.
#[derive(Serialize)]
struct CatalogueOut<'a> {
    catalogue: &'a Meta,
    entry: &'a [&'a Entry],
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising plain data with string keys cannot fail.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

/// One compact object a line.
pub fn json_lines<T: Serialize>(items: &[T]) -> String {
    let mut out = String::new();
    for item in items {
        // As `json`: plain data with string keys cannot fail.
        out.push_str(&serde_json::to_string(item).unwrap_or_default());
        out.push('\n');
    }
    out
}

fn cards(entries: &[&Entry], card: impl Fn(&Entry) -> String) -> String {
    entries
        .iter()
        .map(|e| card(e))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Pads to a display width (CJK characters are two columns wide).
fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn both(t: &Text) -> String {
    format!("{} / {}", t.en, t.zh)
}

/// `Start-ups 初創企業, SMEs 中小企業`.
fn audience_both(e: &Entry) -> String {
    let words: Vec<String> = e
        .audience
        .iter()
        .map(|a| format!("{} {}", a.label(Lang::En), a.label(Lang::Zh)))
        .collect();
    words.join(", ")
}

fn name_with_id(cat: &Catalogue, id: &str) -> String {
    match cat.get(id) {
        Some(e) => format!("{} {} ({id})", e.name.en, e.name.zh),
        None => id.to_string(),
    }
}

/// The text card: everything an entry has, aligned for a monospace reader.
pub fn text_card(cat: &Catalogue, e: &Entry) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", cite::marked(e, "name.en", e.name.en.clone()));
    let _ = writeln!(s, "{}", cite::marked(e, "name.zh", e.name.zh.clone()));
    let mut rows: Vec<(&str, String)> = vec![("id", e.id.clone())];
    let mut kind = format!("{} / {}", e.kind.title().en, e.kind.title().zh);
    if let Some(c) = &e.category {
        let _ = write!(kind, " · {}", both(c));
    }
    rows.push(("kind", kind));
    if !e.aliases.is_empty() {
        rows.push(("aliases", e.aliases.join(", ")));
    }
    if let Some(p) = &e.parent {
        rows.push(("parent", cite::marked(e, "parent", name_with_id(cat, p))));
    }
    if let Some(w) = &e.website {
        rows.push(("website", cite::marked(e, "website", w.clone())));
    }
    if let Some(n) = &e.name_note {
        // The Chinese under the English, aligned, as the summary gives both.
        rows.push(("note", n.en.clone()));
        rows.push(("", n.zh.clone()));
    }
    for (i, d) in e.dates.iter().enumerate() {
        let date = format!("{} {}", d.date, d.event.replace('-', " "));
        rows.push(("date", cite::marked(e, &format!("dates[{i}]"), date)));
    }
    for (k, v) in rows {
        let _ = writeln!(s, "  {} {v}", pad(k, 8));
    }
    if !e.figures.is_empty() {
        let _ = writeln!(s, "\nFigures 數字");
        let table: Vec<[String; 5]> = e
            .figures
            .iter()
            .map(|f| {
                [
                    f.label.en.clone(),
                    f.label.zh.clone(),
                    format_figure(f, Lang::En),
                    format_figure(f, Lang::Zh),
                    as_at(f, Lang::En),
                ]
            })
            .collect();
        s.push_str(&aligned(&table, "  ", "  "));
    }
    let _ = writeln!(s, "\nSummary 簡介\n  {}\n  {}", e.summary.en, e.summary.zh);
    if !e.related.is_empty() {
        let _ = writeln!(s, "\nRelated 相關");
        for r in &e.related {
            let _ = writeln!(s, "  {}", name_with_id(cat, r));
        }
    }
    for (title, ids) in [
        ("Administers 轄下", cat.administered(&e.id)),
        ("Referenced by 被引用", cat.referenced_by(&e.id)),
    ] {
        if !ids.is_empty() {
            let _ = writeln!(s, "\n{title}");
            for r in ids {
                let _ = writeln!(s, "  {}", name_with_id(cat, &cat.entries()[r].id));
            }
        }
    }
    if !e.audience.is_empty() {
        let _ = writeln!(s, "\nFor 對象\n  {}", audience_both(e));
    }
    if !e.tags.is_empty() {
        let _ = writeln!(s, "\nTags 標籤\n  {}", e.tags.join(", "));
    }
    let origin = cat
        .meta
        .source
        .as_ref()
        .map(both)
        .unwrap_or_else(|| "Source".into());
    let _ = writeln!(s, "\nSource 資料來源: {origin}");
    for q in &e.source {
        let _ = writeln!(s, "  「{q}」");
    }
    s.push_str(&cite::text_ending(cat, e));
    s
}

/// Rows of cells padded to each column's widest display width.
/// The widest a column is padded to, in display columns: wider than any name of the shipped
/// catalogue (144), and a bound on the padding, so one 10 MB name does not pad every other row
/// to 10 MB (a cell wider than this just pushes the rest of its own row).
const MAX_PAD: usize = 160;

fn aligned<const N: usize>(rows: &[[String; N]], indent: &str, gap: &str) -> String {
    let mut widths = [0usize; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width().min(MAX_PAD));
        }
    }
    let mut s = String::new();
    for row in rows {
        let cells: Vec<String> = row.iter().zip(widths).map(|(c, w)| pad(c, w)).collect();
        let _ = writeln!(s, "{indent}{}", cells.join(gap).trim_end());
    }
    s
}

fn text_table(entries: &[&Entry]) -> String {
    let rows: Vec<[String; 5]> = entries
        .iter()
        .map(|e| {
            [
                e.id.clone(),
                e.kind.as_str().to_string(),
                e.name.en.clone(),
                e.name.zh.clone(),
                headline(e, Lang::En).unwrap_or_default(),
            ]
        })
        .collect();
    aligned(&rows, "", "  ")
}

/// Catalogue text as inert markdown: it shows as written and never becomes HTML, a link, an
/// image, code or a heading. Escaped are:
/// - `<` and `>`, as `&lt;` `&gt;`: no raw HTML (`<img onerror=…>`), no autolinks
///   (`<https://…>`). An entity, not a backslash, because every markdown dialect decodes
///   entities, while some pass `\<` through as HTML.
/// - `[` `]`: no links and no images (`![](https://tracker/…)` loads when rendered); the
///   website is shown as written, and renderers that link bare addresses still do.
/// - `|`: a table cell's text never ends the cell.
/// - `` ` ``: no code span swallows the cell's end or the escapes.
/// - `\`: a text ending in `\` cannot escape the `|` after it, or undo an escape.
/// - `#` at the start: the text of a summary or quote line never becomes a heading.
///
/// Emphasis (`*`, `_`, `~`) is left alone: it only styles the text, and escaping it would make
/// every underscore of a raw card read `\_`. Catalogue texts are single lines (no control
/// characters), so no text can begin a block of its own other than through its first char.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.chars().enumerate() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' | '[' | ']' | '`' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '#' if i == 0 => out.push_str("\\#"),
            c => out.push(c),
        }
    }
    out
}

/// [`md`] for other modules' markdown (`itib diff`).
pub(crate) fn markdown_text(s: &str) -> String {
    md(s)
}

fn markdown_card(cat: &Catalogue, e: &Entry) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "## {} · {}\n",
        md(&cite::marked(e, "name.en", e.name.en.clone())),
        md(&cite::marked(e, "name.zh", e.name.zh.clone()))
    );
    // An id is kebab-case (a-z, 0-9, '-'): safe in a code span as it is.
    let _ = writeln!(s, "| | |\n|---|---|\n| id | `{}` |", e.id);
    let mut row = |k: &str, v: String| {
        let _ = writeln!(s, "| {k} | {} |", md(&v));
    };
    let mut kind = both(&e.kind.title());
    if let Some(c) = &e.category {
        kind = format!("{kind} · {}", both(c));
    }
    row("Kind", kind);
    if !e.aliases.is_empty() {
        row("Aliases", e.aliases.join(", "));
    }
    if let Some(p) = &e.parent {
        row("Parent", cite::marked(e, "parent", name_with_id(cat, p)));
    }
    if let Some(w) = &e.website {
        row("Website", cite::marked(e, "website", w.clone()));
    }
    if let Some(n) = &e.name_note {
        row("Note", both(n));
    }
    for (i, d) in e.dates.iter().enumerate() {
        let date = format!("{} {}", d.date, d.event.replace('-', " "));
        row("Date", cite::marked(e, &format!("dates[{i}]"), date));
    }
    if !e.audience.is_empty() {
        row("For", audience_both(e));
    }
    if !e.tags.is_empty() {
        row("Tags", e.tags.join(", "));
    }
    if !e.figures.is_empty() {
        let _ = writeln!(
            s,
            "\n### Figures\n\n| Figure | 數字 | Value | 數值 | As at |\n|---|---|---:|---:|---|"
        );
        for f in &e.figures {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                md(&f.label.en),
                md(&f.label.zh),
                md(&format_figure(f, Lang::En)),
                md(&format_figure(f, Lang::Zh)),
                as_at(f, Lang::En)
            );
        }
    }
    let _ = writeln!(
        s,
        "\n### Summary\n\n{}\n\n{}",
        md(&e.summary.en),
        md(&e.summary.zh)
    );
    if !e.related.is_empty() {
        let _ = writeln!(s, "\n### Related\n");
        for r in &e.related {
            let _ = writeln!(s, "- {}", md(&name_with_id(cat, r)));
        }
    }
    for (title, ids) in [
        ("Administers", cat.administered(&e.id)),
        ("Referenced by", cat.referenced_by(&e.id)),
    ] {
        if !ids.is_empty() {
            let _ = writeln!(s, "\n### {title}\n");
            for r in ids {
                let _ = writeln!(s, "- {}", md(&name_with_id(cat, &cat.entries()[r].id)));
            }
        }
    }
    let _ = writeln!(s, "\n### Source\n");
    for q in &e.source {
        let _ = writeln!(s, "> {}\n", md(q));
    }
    s.push_str(&cite::markdown_ending(cat, e));
    s
}

fn markdown_table(cat: &Catalogue, entries: &[&Entry]) -> String {
    let mut s = String::from("| id | Kind | Name | 名稱 | Headline |\n|---|---|---|---|---|\n");
    for e in entries {
        let key = headline(e, Lang::En).unwrap_or_default();
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} | {} |",
            e.id,
            e.kind,
            md(&e.name.en),
            md(&e.name.zh),
            md(&key)
        );
    }
    let _ = writeln!(
        s,
        "\nSource: {}.",
        md(&crate::catalogue::cite::citation(&cat.meta, Lang::En))
    );
    s
}

/// One csv cell, safe to open in a spreadsheet: a cell that would start with `=`, `+`, `-`, `@`,
/// a tab or a carriage return — which Excel, LibreOffice and Google Sheets read as a formula
/// (`=HYPERLINK(…)`, `@SUM(…)`) — is prefixed with `'`, OWASP's rule against CSV injection;
/// a number (`-3.5`, `+1e3`) is left as it is, since a spreadsheet reads it as the number it
/// is. Then quoted when it holds a comma, quote or line break (RFC 4180).
fn csv_field(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_csv_number(s) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// A plain decimal number, optionally signed, with an optional exponent: `-3.5`, `+12`,
/// `1e-3`. Not `-inf` or `-nan` (which Rust would parse), nor anything with more after it.
fn is_csv_number(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (body, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, frac)) => {
            (digits(whole) || digits(frac))
                && (whole.is_empty() || digits(whole))
                && (frac.is_empty() || digits(frac))
        }
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(digits)
}

/// The csv columns; the last four carry the provenance (which fields are not from the source,
/// with the editors' notes in English and in Chinese, and the catalogue's source and as-at on
/// every row, so that any row pasted alone cites). The name note, as the name, has a column in
/// each language.
const CSV_HEAD: &str = "id,kind,name_en,name_zh,name_note_en,name_note_zh,category_en,category_zh,aliases,parent,related,audience,tags,website,dates,figures,summary_en,summary_zh,outside_source_en,outside_source_zh,source,as_at\n";

fn csv(cat: &Catalogue, entries: &[&Entry]) -> String {
    let mut s = String::from(CSV_HEAD);
    for e in entries {
        let dates: Vec<String> = e
            .dates
            .iter()
            .map(|d| format!("{} {}", d.event, d.date))
            .collect();
        let figures: Vec<String> = e
            .figures
            .iter()
            .map(|f| {
                format!(
                    "{}: {} ({})",
                    f.label.en,
                    format_figure(f, Lang::En),
                    as_at(f, Lang::En)
                )
            })
            .collect();
        let audience: Vec<&str> = e.audience.iter().map(|a| a.as_str()).collect();
        let [outside_en, outside_zh, source, catalogue_as_at] = cite::csv_cells(cat, e);
        let cells = [
            e.id.as_str(),
            e.kind.as_str(),
            &e.name.en,
            &e.name.zh,
            e.name_note.as_ref().map_or("", |n| &n.en),
            e.name_note.as_ref().map_or("", |n| &n.zh),
            e.category.as_ref().map_or("", |c| &c.en),
            e.category.as_ref().map_or("", |c| &c.zh),
            &e.aliases.join("; "),
            e.parent.as_deref().unwrap_or(""),
            &e.related.join("; "),
            &audience.join("; "),
            &e.tags.join("; "),
            e.website.as_deref().unwrap_or(""),
            &dates.join("; "),
            &figures.join("; "),
            &e.summary.en,
            &e.summary.zh,
            &outside_en,
            &outside_zh,
            &source,
            &catalogue_as_at,
        ];
        let row: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        let _ = writeln!(s, "{}", row.join(","));
    }
    s
}

/// A TOML basic string: quotes, backslashes and any control character escaped.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn qt(t: &Text) -> String {
    format!(
        "{{ en = {}, zh = {} }}",
        toml_string(&t.en),
        toml_string(&t.zh)
    )
}

fn qlist(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn toml_catalogue(meta: &Meta, entries: &[&Entry]) -> String {
    let mut s = String::new();
    if meta != &Meta::default() {
        s.push_str("[catalogue]\n");
        if let Some(t) = &meta.title {
            let _ = writeln!(s, "title = {}", qt(t));
        }
        if let Some(t) = &meta.source {
            let _ = writeln!(s, "source = {}", qt(t));
        }
        if let Some(t) = &meta.publication {
            let _ = writeln!(s, "publication = {}", qt(t));
        }
        if let Some(t) = &meta.chapter {
            let _ = writeln!(s, "chapter = {}", qt(t));
        }
        if let Some(d) = &meta.as_at {
            let _ = writeln!(s, "as_at = {}", toml_string(d));
        }
        s.push('\n');
    }
    let blocks: Vec<String> = entries.iter().map(|e| toml_entry(e)).collect();
    s.push_str(&blocks.join("\n"));
    s
}

/// One `[[entry]]` block in the catalogue's own layout, ready to paste into a catalogue file.
pub fn toml_entry(e: &Entry) -> String {
    let mut s = String::from("[[entry]]\n");
    let _ = writeln!(s, "id = {}", toml_string(&e.id));
    let _ = writeln!(s, "kind = {}", toml_string(e.kind.as_str()));
    if let Some(c) = &e.category {
        let _ = writeln!(s, "category = {}", qt(c));
    }
    let _ = writeln!(s, "name = {}", qt(&e.name));
    if let Some(n) = &e.name_note {
        let _ = writeln!(s, "name_note = {}", qt(n));
    }
    if !e.aliases.is_empty() {
        let _ = writeln!(s, "aliases = {}", qlist(&e.aliases));
    }
    if let Some(p) = &e.parent {
        let _ = writeln!(s, "parent = {}", toml_string(p));
    }
    if !e.related.is_empty() {
        let _ = writeln!(s, "related = {}", qlist(&e.related));
    }
    if !e.audience.is_empty() {
        let words: Vec<String> = e.audience.iter().map(|a| a.as_str().to_string()).collect();
        let _ = writeln!(s, "audience = {}", qlist(&words));
    }
    if !e.tags.is_empty() {
        let _ = writeln!(s, "tags = {}", qlist(&e.tags));
    }
    if let Some(w) = &e.website {
        let _ = writeln!(s, "website = {}", toml_string(w));
    }
    let _ = writeln!(s, "summary = {}", qt(&e.summary));
    s.push_str("source = [\n");
    for quote in &e.source {
        let _ = writeln!(s, "  {},", toml_string(quote));
    }
    s.push_str("]\n");
    if !e.outside_source.is_empty() {
        s.push_str("outside_source = [\n");
        for o in &e.outside_source {
            let _ = writeln!(
                s,
                "  {{ field = {}, note = {} }},",
                toml_string(&o.field),
                qt(&o.note)
            );
        }
        s.push_str("]\n");
    }
    for d in &e.dates {
        let _ = writeln!(
            s,
            "\n[[entry.dates]]\nevent = {}\ndate = {}",
            toml_string(&d.event),
            toml_string(&d.date)
        );
    }
    for f in &e.figures {
        let _ = writeln!(s, "\n[[entry.figures]]\nlabel = {}", qt(&f.label));
        let value = match f.value {
            crate::catalogue::Number::Int(i) => i.to_string(),
            crate::catalogue::Number::Float(x) => format!("{x:?}"),
        };
        if let Some(t) = &f.short {
            let _ = writeln!(s, "short = {}", qt(t));
        }
        let _ = writeln!(
            s,
            "value = {value}\nunit = {}\nas_at = {}\nas_at_basis = {}",
            toml_string(&f.unit),
            toml_string(&f.as_at),
            toml_string(f.as_at_basis.as_str())
        );
        if let Some(qual) = f.qualifier {
            let _ = writeln!(s, "qualifier = {}", toml_string(qual.as_str()));
        }
        if let Some(w) = &f.as_written {
            let _ = writeln!(s, "as_written = {}", toml_string(w));
        }
        if f.headline {
            s.push_str("headline = true\n");
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character a spreadsheet starts a formula with, including the two a catalogue text
    /// cannot hold (tab, CR: control characters are refused at load) but a csv cell could.
    #[test]
    fn csv_cells_a_spreadsheet_would_run_start_with_a_quote() {
        let cases = [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
            ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            (
                "@SUM(1+1)*cmd|' /C calc'!A0",
                "'@SUM(1+1)*cmd|' /C calc'!A0",
            ),
            ("\t=1+2", "'\t=1+2"),
            ("\r=1+2", "\"'\r=1+2\""),
            ("-inf", "'-inf"),
            ("-", "'-"),
            ("-3.5 million", "'-3.5 million"),
        ];
        for (cell, out) in cases {
            assert_eq!(csv_field(cell), out, "{cell:?}");
        }
    }

    #[test]
    fn csv_numbers_and_plain_text_stay_as_they_are() {
        for cell in [
            "-3.5", "+12", "-0.5e-3", "1E6", "-.5", "42", "a=b", "x@y", "3-2", "",
        ] {
            assert_eq!(csv_field(cell), cell, "{cell:?}");
        }
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("-1,5"), "\"'-1,5\"");
        for not_number in [
            "-", "+", "-.", "-1e", "-1e+", "--1", "-1.2.3", "-1 ", "-nan",
        ] {
            assert!(!is_csv_number(not_number), "{not_number:?}");
        }
    }

    #[test]
    fn markdown_text_is_inert() {
        assert_eq!(
            md("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(md("a | b"), "a \\| b");
        assert_eq!(md("`code`"), "\\`code\\`");
        assert_eq!(md("# not a heading #"), "\\# not a heading #");
        assert_eq!(
            md("![x](https://t.example/p.png)"),
            "!\\[x\\](https://t.example/p.png)"
        );
        assert_eq!(md("ends in \\"), "ends in \\\\");
        assert_eq!(md("R&D_fund *x*"), "R&D_fund *x*");
    }

    #[test]
    fn one_huge_cell_does_not_pad_every_row() {
        let mut rows: Vec<[String; 2]> =
            (0..1000).map(|i| [format!("id-{i}"), "x".into()]).collect();
        rows.push(["x".repeat(1 << 20), "y".into()]);
        let out = aligned(&rows, "", "  ");
        assert!(
            out.len() < (1 << 20) + 1000 * (MAX_PAD + 10),
            "{} bytes",
            out.len()
        );
        assert!(out.starts_with(&format!("id-0{}x\n", " ".repeat(MAX_PAD - 4 + 2))));
    }
}
