//! The facet panel (`F`), drawn where the detail is: for the current results, how many are
//! for each audience, under each administering body and about each tag, in the UI language.
//! A chosen facet (one the query has as a qualifier) is ticked; the cursor row is highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::keymap::hints::key_for;
use crate::app::text::{truncate, width};
use crate::app::theme::Theme;
use crate::app::{Action, App, FacetRow, facet_scroll};
use crate::catalogue::Lang;
use crate::refine::Key;

fn heading(key: Key, lang: Lang) -> &'static str {
    match (key, lang) {
        (Key::For, Lang::En) => "For",
        (Key::By, Lang::En) => "Administered by",
        (Key::Tag, Lang::En) => "Tags",
        (Key::Kind, Lang::En) => "Kind",
        (Key::For, Lang::Zh) => "對象",
        (Key::By, Lang::Zh) => "管理機構",
        (Key::Tag, Lang::Zh) => "標籤",
        (Key::Kind, Lang::Zh) => "類別",
    }
}

/// The panel's lines: a heading before each group, then one line a facet (the lines
/// [`crate::app::facet_lines`] counts, which a click goes by). Also the line the cursor is on,
/// so that the panel can scroll to it.
pub fn lines(app: &App, theme: &Theme, rows: &[FacetRow], w: usize) -> (Vec<Line<'static>>, usize) {
    let mut out = Vec::new();
    let mut cursor_line = 0;
    let count_w = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let mut last: Option<Key> = None;
    for (i, r) in rows.iter().enumerate() {
        if last != Some(r.key) {
            if last.is_some() {
                out.push(Line::default());
            }
            out.push(Line::from(Span::styled(
                format!("{}  {}:", heading(r.key, app.lang), r.key.as_str()),
                theme.title(),
            )));
            last = Some(r.key);
        }
        let tick = if r.active { "✓ " } else { "  " };
        let count = format!("{:>count_w$}", r.count);
        let room = w.saturating_sub(2 + 2 + count_w + 2);
        let label = truncate(&r.label, room);
        let pad = " ".repeat(room.saturating_sub(width(&label)));
        let style = if i == app.facet_cursor {
            theme.link_selected()
        } else if r.active {
            theme.mark()
        } else {
            ratatui::style::Style::default()
        };
        if i == app.facet_cursor {
            cursor_line = out.len();
        }
        // A marker as well as the colour: the cursor shows without colour too (NO_COLOR).
        let marker = if i == app.facet_cursor { "> " } else { "  " };
        out.push(Line::from(vec![
            Span::raw(marker),
            Span::styled(format!("{tick}{label}{pad}  "), style),
            Span::styled(count, theme.dim()),
        ]));
    }
    if rows.is_empty() {
        out.push(Line::from(Span::styled(
            match app.lang {
                Lang::En => "No facets: no entry matches",
                Lang::Zh => "沒有相符的條目",
            },
            theme.dim(),
        )));
    }
    (out, cursor_line)
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    // The panel's own Esc closes it too; F as the config binds it.
    let close = key_for(&app.bindings, &Action::ToggleFacets, "F", "Esc");
    let title = match app.lang {
        Lang::En => format!(
            " Facets · {} results · Enter choose · {close} close ",
            app.hits.len()
        ),
        Lang::Zh => format!(" 分類 · {} 項 · Enter 選取 · {close} 關閉 ", app.hits.len()),
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border_focus())
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = app.facet_rows();
    let (lines, cursor) = lines(app, theme, &rows, usize::from(inner.width));
    // Keep the cursor's line on screen, a little above the bottom.
    let h = usize::from(inner.height).max(1);
    let scroll = facet_scroll(cursor, h);
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
}
