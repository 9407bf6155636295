//! The detail pane: a bordered block around the selected entry's detail (built by
//! [`crate::app::detail`], which also knows where its links are), scrolled as the app says. The
//! pane's foot names the publication and the catalogue's as-at, so nothing reads as newer than
//! it is.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::App;
use crate::app::theme::Theme;
use crate::catalogue::{Lang, cite};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(
            if app.lang == Lang::Zh {
                " 詳情 "
            } else {
                " Detail "
            },
            theme.title(),
        ));
    // Where the data comes from and how old it is, once, at the pane's foot.
    let block = match cite::header(&app.catalogue.meta, app.lang) {
        Some(h) => block
            .title_bottom(Line::from(Span::styled(format!(" {h} "), theme.dim())).right_aligned()),
        None => block,
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(entry) = app.selected_entry() else {
        return;
    };
    let lines = crate::app::detail::document(app, theme, entry, usize::from(inner.width)).lines;
    let scroll = app.detail_scroll.min(lines.len().saturating_sub(1) as u16);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}
