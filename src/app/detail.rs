//! The detail's content: what the detail pane shows for an entry, and where each link lands in
//! it once wrapped, so that `]`/`[` can scroll the selected link into view and a click on a link
//! follows it. Built here, below both the state and the drawing, so the eye and the mouse agree.
//!
//! Both names, kind, who it is for, parent, related entries, what it administers and what
//! references it as links, dates, the figures table (qualifier, unit, as-at date and whether the
//! source gives it), bar charts where several figures share a unit, summary, tags, the quoted
//! source and the facts from outside it (marked †).

use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::App;
use super::text::{truncate, width};
use super::theme::Theme;
use crate::catalogue::cite;
use crate::catalogue::units::{format_figure, unit_name};
use crate::catalogue::{Entry, Figure, Lang};

struct Words {
    kind: &'static str,
    aliases: &'static str,
    parent: &'static str,
    website: &'static str,
    dates: &'static str,
    figures: &'static str,
    summary: &'static str,
    tags: &'static str,
    related: &'static str,
    administers: &'static str,
    referenced_by: &'static str,
    audience: &'static str,
    source: &'static str,
    note: &'static str,
    outside: &'static str,
}

const EN: Words = Words {
    kind: "Kind",
    aliases: "Also",
    parent: "Parent",
    website: "Website",
    dates: "Dates",
    figures: "Figures",
    summary: "Summary",
    tags: "Tags",
    related: "Related",
    administers: "Administers",
    referenced_by: "Referenced by",
    audience: "For",
    source: "Source",
    note: "Note",
    outside: "† Not from the source",
};

const ZH: Words = Words {
    kind: "類別",
    aliases: "別稱",
    parent: "上級",
    website: "網址",
    dates: "日期",
    figures: "數字",
    summary: "簡介",
    tags: "標籤",
    related: "相關",
    administers: "轄下",
    referenced_by: "被引用",
    audience: "對象",
    source: "來源",
    note: "備註",
    outside: "† 非出自來源",
};

fn label(w: &str) -> Span<'static> {
    Span::raw(pad_to(w, 8))
}

fn pad_to(s: &str, cols: usize) -> String {
    format!("{s}{}", " ".repeat(cols.saturating_sub(width(s))))
}

/// Where a link is in the detail: its line (before wrapping), the column it starts at, and its
/// width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkAt {
    pub line: usize,
    pub column: usize,
    pub width: usize,
}

/// The detail of one entry: its lines, and where link `i` ([`App::links`]'s order) is.
pub struct Document {
    pub lines: Vec<Line<'static>>,
    pub links: Vec<LinkAt>,
}

impl Document {
    /// Rows the first `n` lines take when wrapped to `w` columns, as the detail pane wraps them.
    pub fn rows_before(&self, n: usize, w: u16) -> usize {
        let n = n.min(self.lines.len());
        if n == 0 {
            return 0;
        }
        Paragraph::new(self.lines[..n].to_vec())
            .wrap(Wrap { trim: false })
            .line_count(w.max(1))
    }

    /// Rows all the lines take when wrapped to `w` columns.
    pub fn rows(&self, w: u16) -> usize {
        self.rows_before(self.lines.len(), w)
    }

    /// The rows (first, last) that link `i` covers when wrapped to `w` columns.
    pub fn link_rows(&self, i: usize, w: u16) -> Option<(usize, usize)> {
        let at = self.links.get(i)?;
        let first = self.rows_before(at.line, w);
        let last = self.rows_before(at.line + 1, w).max(first + 1) - 1;
        Some((first, last))
    }
}

/// The detail of `entry` for `w` columns.
pub fn document(app: &App, theme: &Theme, entry: usize, w: usize) -> Document {
    let mut links = Vec::new();
    let lines = lines(app, theme, entry, w, &mut links);
    Document { lines, links }
}

fn lines(
    app: &App,
    theme: &Theme,
    entry: usize,
    w: usize,
    at: &mut Vec<LinkAt>,
) -> Vec<Line<'static>> {
    let e = &app.catalogue.entries()[entry];
    let lang = app.lang;
    let words = if lang == Lang::Zh { &ZH } else { &EN };
    let name_field = |l: Lang| if l == Lang::En { "name.en" } else { "name.zh" };
    let mut out = vec![
        Line::from(Span::styled(
            marked(e, name_field(lang), e.name.get(lang)),
            theme.title(),
        )),
        Line::from(Span::styled(
            marked(e, name_field(lang.other()), e.name.get(lang.other())),
            theme.dim(),
        )),
        Line::default(),
    ];
    let mut kind = e.kind.title().get(lang).to_string();
    if let Some(c) = &e.category {
        kind = format!("{kind} / {}", c.get(lang));
    }
    out.push(Line::from(vec![label(words.kind), Span::raw(kind)]));
    if !e.aliases.is_empty() {
        out.push(Line::from(vec![
            label(words.aliases),
            Span::raw(e.aliases.join(", ")),
        ]));
    }
    let groups = app.link_groups(entry);
    let link_span = |i: usize, target: usize| {
        let t = &app.catalogue.entries()[target];
        let style = if i == app.link {
            theme.link_selected()
        } else {
            theme.link()
        };
        Span::styled(t.name.get(lang).to_string(), style)
    };
    let mut link_no = 0;
    if let Some(p) = groups.parent {
        let span = link_span(0, p);
        at.push(LinkAt {
            line: out.len(),
            column: 8,
            width: width(&span.content),
        });
        out.push(Line::from(vec![
            label(words.parent),
            span,
            Span::styled(marked(e, "parent", "  p"), theme.dim()),
        ]));
        link_no = 1;
    }
    if !e.audience.is_empty() {
        let who: Vec<&str> = e.audience.iter().map(|a| a.label(lang)).collect();
        out.push(Line::from(vec![
            label(words.audience),
            Span::raw(who.join(", ")),
        ]));
    }
    if let Some(site) = &e.website {
        out.push(Line::from(vec![
            label(words.website),
            Span::raw(marked(e, "website", site)),
        ]));
    }
    for (i, d) in e.dates.iter().enumerate() {
        let head = if i == 0 { words.dates } else { "" };
        out.push(Line::from(vec![
            label(head),
            Span::raw(marked(
                e,
                &format!("dates[{i}]"),
                &format!("{}  {}", d.date, d.label(lang)),
            )),
        ]));
    }
    if let Some(n) = &e.name_note {
        out.push(Line::from(vec![
            label(words.note),
            Span::styled(n.get(lang).to_string(), theme.dim()),
        ]));
    }
    if !e.figures.is_empty() {
        out.push(Line::default());
        out.push(Line::from(Span::styled(words.figures, theme.title())));
        out.extend(figure_table(e, lang, theme, w));
        if e.figures
            .iter()
            .any(|f| f.as_at_basis == crate::catalogue::AsAtBasis::Publication)
        {
            out.push(Line::from(Span::styled(
                format!("  {}", cite::publication_legend(lang)),
                theme.dim(),
            )));
        }
        out.extend(bar_charts(e, lang, theme, w));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(words.summary, theme.title())));
    out.push(Line::from(e.summary.get(lang).to_string()));
    out.push(Line::from(Span::styled(
        e.summary.get(lang.other()).to_string(),
        theme.dim(),
    )));
    if !e.tags.is_empty() {
        let tags: Vec<&str> = e
            .tags
            .iter()
            .map(|t| crate::catalogue::vocab::tag_label(t, lang))
            .collect();
        out.push(Line::default());
        out.push(Line::from(vec![
            label(words.tags),
            Span::styled(tags.join(", "), theme.dim()),
        ]));
    }
    // Related, then the reverse links, numbered on from the parent as `App::links` lists them,
    // each recorded where it lands so that `]`/`[` and a click reach it.
    for (title, targets) in [
        (words.related, &groups.related),
        (words.administers, &groups.administers),
        (words.referenced_by, &groups.referenced_by),
    ] {
        if targets.is_empty() {
            continue;
        }
        out.push(Line::default());
        out.push(Line::from(Span::styled(title, theme.title())));
        for &r in targets {
            let span = link_span(link_no, r);
            at.push(LinkAt {
                line: out.len(),
                column: 2,
                width: width(&span.content),
            });
            out.push(Line::from(vec![Span::raw("  "), span]));
            link_no += 1;
        }
    }
    out.push(Line::default());
    let origin = app
        .catalogue
        .meta
        .source
        .as_ref()
        .map(|s| s.get(lang).to_string())
        .unwrap_or_default();
    out.push(Line::from(vec![
        Span::styled(words.source, theme.title()),
        Span::styled(format!("  {origin}"), theme.dim()),
    ]));
    for q in &e.source {
        out.push(Line::from(Span::styled(format!("「{q}」"), theme.dim())));
    }
    if !e.outside_source.is_empty() {
        out.push(Line::default());
        out.push(Line::from(Span::styled(words.outside, theme.title())));
        for o in &e.outside_source {
            out.push(Line::from(vec![
                Span::raw(format!("  {}: ", cite::field_words(&o.field, lang))),
                Span::styled(o.note.get(lang).to_string(), theme.dim()),
            ]));
        }
    }
    out
}

/// `text`, with † when `field` comes from outside the source.
fn marked(e: &Entry, field: &str, text: &str) -> String {
    match e.outside(field) {
        Some(_) => format!("{text} †"),
        None => text.to_string(),
    }
}

fn figure_table(e: &Entry, lang: Lang, theme: &Theme, w: usize) -> Vec<Line<'static>> {
    let values: Vec<String> = e.figures.iter().map(|f| format_figure(f, lang)).collect();
    let value_w = values.iter().map(|v| width(v)).max().unwrap_or(0);
    let label_w = e
        .figures
        .iter()
        .map(|f| width(f.label.get(lang)))
        .max()
        .unwrap_or(0);
    let dates: Vec<String> = e
        .figures
        .iter()
        .map(|f| cite::as_at_compact(f, lang))
        .collect();
    let date_w = 2 + dates.iter().map(|d| width(d)).max().unwrap_or(0);
    let value = |v: &str| {
        Span::styled(
            format!("{}{v}", " ".repeat(value_w - width(v))),
            theme.figure(),
        )
    };
    let date = |i: usize| Span::styled(format!("  {}", dates[i]), theme.dim());
    if 2 + label_w + 1 + value_w + date_w <= w {
        // One row per figure: label, value, as-at date.
        return e
            .figures
            .iter()
            .zip(&values)
            .enumerate()
            .map(|(i, (f, v))| {
                Line::from(vec![
                    Span::raw(format!("  {} ", pad_to(f.label.get(lang), label_w))),
                    value(v),
                    date(i),
                ])
            })
            .collect();
    }
    // Too narrow: the label on its own line, the value and date under it.
    e.figures
        .iter()
        .zip(&values)
        .enumerate()
        .flat_map(|(i, (f, v))| {
            [
                Line::from(Span::raw(format!("  {}", f.label.get(lang)))),
                Line::from(vec![Span::raw("    "), value(v), date(i)]),
            ]
        })
        .collect()
}

/// Figures that measure the same thing in the same unit — the fund's shares of projects by
/// field, the monthly allowances by degree — as a bar chart each, titled by what they share.
fn bar_charts(e: &Entry, lang: Lang, theme: &Theme, w: usize) -> Vec<Line<'static>> {
    let mut groups: Vec<((&str, &str), Vec<&Figure>)> = Vec::new();
    for f in &e.figures {
        let key = (f.unit.as_str(), split_label(f.label.get(lang)).0);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, g)) => g.push(f),
            None => groups.push((key, vec![f])),
        }
    }
    let mut out = Vec::new();
    for ((unit, stem), group) in groups {
        let max = group.iter().map(|f| f.value.as_f64()).fold(0.0, f64::max);
        if group.len() < 2 || stem.is_empty() || max <= 0.0 {
            continue;
        }
        out.push(Line::default());
        out.push(Line::from(Span::styled(
            format!("  {stem} ({})", unit_name(unit, lang)),
            theme.dim(),
        )));
        let names: Vec<&str> = group
            .iter()
            .map(|f| split_label(f.label.get(lang)).1)
            .collect();
        let label_w = names.iter().map(|n| width(n)).max().unwrap_or(0).min(w / 3);
        let bar_w = w.saturating_sub(label_w + 16).max(4);
        for (f, name) in group.into_iter().zip(names) {
            let n = ((f.value.as_f64() / max) * bar_w as f64).round().max(1.0) as usize;
            out.push(Line::from(vec![
                Span::raw(format!("  {} ", pad_to(&truncate(name, label_w), label_w))),
                // Reversed spaces: a solid bar in any terminal, colour or not, of known width.
                Span::styled(
                    " ".repeat(n),
                    theme.figure().add_modifier(Modifier::REVERSED),
                ),
                Span::raw(format!(
                    " {}",
                    crate::catalogue::units::number(f.value.as_f64())
                )),
            ]));
        }
    }
    out
}

/// A label's stem and its distinguishing part: "Share of funded R&D projects: biotechnology" →
/// ("Share of funded R&D projects", "biotechnology"); "每月津貼（學士）" → ("每月津貼", "學士");
/// a label without a separator has no stem.
fn split_label(l: &str) -> (&str, &str) {
    if let Some((stem, tail)) = l.rsplit_once(": ").or_else(|| l.rsplit_once('：')) {
        return (stem.trim(), tail.trim());
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let (Some(a), true) = (l.rfind(open), l.ends_with(close)) {
            return (
                l[..a].trim(),
                l[a + open.len_utf8()..l.len() - close.len_utf8()].trim(),
            );
        }
    }
    if let Some((stem, tail)) = l.rsplit_once(", ") {
        return (stem.trim(), tail.trim());
    }
    ("", l)
}
