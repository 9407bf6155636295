//! The result list of the current pane: only the rows on screen are built. Each row shows the
//! name in the primary language with the matched characters highlighted, the other-language name
//! (or the alias that matched), and the entry's headline figure with its as-at.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::layout::title;
use crate::app::text::{highlighted, truncate, width};
use crate::app::theme::Theme;
use crate::app::{App, Mode};
use crate::catalogue::{Lang, cite};
use crate::search::{Field, Prepared};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let pane = app.pane;
    let rows = &app.rows[pane];
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(if app.mode == Mode::Normal {
            theme.border_focus()
        } else {
            theme.border()
        })
        .title(Span::styled(
            match (app.partial, app.lang) {
                (None, _) => format!(" {} ", title(app.panes[pane], app.lang)),
                (Some(p), Lang::En) => format!(
                    " {} · partial: {} of {} terms ",
                    title(app.panes[pane], app.lang),
                    p.matched,
                    p.of
                ),
                (Some(p), Lang::Zh) => format!(
                    " {} · 部分相符：{} / {} 個詞 ",
                    title(app.panes[pane], app.lang),
                    p.matched,
                    p.of
                ),
            },
            theme.title(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if rows.is_empty() {
        let msg = match (app.query_error.is_some(), app.lang) {
            (true, Lang::En) => "The query is not valid yet",
            (true, Lang::Zh) => "查詢尚未有效",
            (false, Lang::En) => "No entry matches",
            (false, Lang::Zh) => "沒有相符的條目",
        };
        frame.render_widget(Paragraph::new(Span::styled(msg, theme.dim())), inner);
        return;
    }
    let w = usize::from(inner.width);
    // The query is parsed once a frame, not once a row.
    let query = (!app.results_text.trim().is_empty())
        .then(|| app.engine.prepare(&app.results_text).ok())
        .flatten();
    let lines: Vec<Line> = (app.offset[pane]..rows.len())
        .take(usize::from(inner.height))
        .filter_map(|r| {
            let hit = app.hit(pane, r)?;
            Some(row(
                app,
                theme,
                hit,
                query.as_ref(),
                r == app.selected[pane],
                w,
            ))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn row(
    app: &App,
    theme: &Theme,
    hit: &crate::search::Hit,
    query: Option<&Prepared>,
    selected: bool,
    w: usize,
) -> Line<'static> {
    let e = &app.catalogue.entries()[hit.entry];
    let base = if selected {
        theme.selected()
    } else {
        Style::new()
    };
    let hl = base.patch(theme.matched());
    let indices = query
        .map(|q| app.engine.highlight(q, hit))
        .unwrap_or_default();
    let (primary_field, secondary_field) = match app.lang {
        Lang::En => (Field::NameEn, Field::NameZh),
        Lang::Zh => (Field::NameZh, Field::NameEn),
    };
    // A hit by sound highlights the name or alias it read.
    let matched = hit.field.source();
    let secondary_field = if matches!(matched, Field::Alias(_)) {
        matched
    } else {
        secondary_field
    };
    let marked = app.marked.contains(&hit.entry);
    let mut spans = vec![
        Span::styled(if selected { ">" } else { " " }, base),
        Span::styled(if marked { "+ " } else { "  " }, theme.mark().patch(base)),
    ];
    let avail = w.saturating_sub(3);
    // The headline with its short words and as-at where the row has room for them beside the
    // name (and the alias a query matched); else without the words; else the value alone (the
    // detail has the rest).
    let names_w = width(primary_field.text(e))
        + if matches!(matched, Field::Alias(_)) {
            2 + width(secondary_field.text(e)).min(8)
        } else {
            0
        };
    let figure = e
        .headline()
        .map(|f| {
            let value = cite::compact_value(f, app.lang);
            let dated = format!("{value} · {}", cite::as_at_short(f, app.lang));
            let full = cite::headline(e, app.lang).unwrap_or_default();
            [full, dated, value]
                .into_iter()
                .find(|c| names_w + 2 + width(c) <= avail)
                .unwrap_or_else(|| cite::compact_value(f, app.lang))
        })
        .unwrap_or_default();
    let fig_w = if avail >= 48 && !figure.is_empty() {
        width(&figure) + 2
    } else {
        0
    };
    let primary = primary_field.text(e);
    let pi = if matched == primary_field {
        indices.as_slice()
    } else {
        &[]
    };
    let prim_max = avail.saturating_sub(fig_w);
    let prim_spans = highlighted(primary, pi, base, hl, prim_max);
    let prim_w: usize = prim_spans.iter().map(|s| width(&s.content)).sum();
    spans.extend(prim_spans);
    let mut used = prim_w;
    let room = prim_max.saturating_sub(prim_w + 2);
    let secondary = secondary_field.text(e);
    if room >= 4 && secondary != primary {
        let si = if matched == secondary_field {
            indices.as_slice()
        } else {
            &[]
        };
        let dim = theme.dim().patch(base);
        spans.push(Span::styled("  ", base));
        let sec = highlighted(secondary, si, dim, hl, room);
        used += 2 + sec.iter().map(|s| width(&s.content)).sum::<usize>();
        spans.extend(sec);
    }
    if !hit.field.is_name() && !app.results_text.trim().is_empty() {
        let note = format!(" ({})", field_word(hit.field, app.lang));
        if used + width(&note) <= prim_max {
            used += width(&note);
            spans.push(Span::styled(note, theme.dim().patch(base)));
        }
    }
    if fig_w > 0 {
        let pad = avail.saturating_sub(used + width(&figure));
        spans.push(Span::styled(" ".repeat(pad), base));
        spans.push(Span::styled(
            truncate(&figure, fig_w),
            theme.figure().patch(base),
        ));
    }
    let total: usize = spans.iter().map(|s| width(&s.content)).sum();
    if selected && total < w {
        spans.push(Span::styled(" ".repeat(w - total), base));
    }
    Line::from(spans)
}

fn field_word(f: Field, lang: Lang) -> &'static str {
    match (f, lang) {
        (Field::Tag(_), Lang::En) => "tag",
        (Field::Tag(_), Lang::Zh) => "標籤",
        (_, Lang::En) => "summary",
        (_, Lang::Zh) => "簡介",
    }
}
