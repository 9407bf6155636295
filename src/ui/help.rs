//! The help overlay: every key, from the keymap's own table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::text::{truncate, width};
use super::theme::Theme;
use crate::app::keymap::HELP;

pub fn render(theme: &Theme, frame: &mut Frame, area: Rect) {
    let key_w = HELP.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let want_w = HELP
        .iter()
        .map(|(k, d)| key_w.max(width(k)) + width(d) + 6)
        .max()
        .unwrap_or(0) as u16;
    let w = want_w
        .min(area.width.saturating_sub(2))
        .max(10.min(area.width));
    let h = (HELP.len() as u16 + 2).min(area.height);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let inner_w = usize::from(w.saturating_sub(2));
    let lines: Vec<Line> = HELP
        .iter()
        .map(|(k, d)| {
            let key = format!(" {k}{} ", " ".repeat(key_w - width(k)));
            let rest = inner_w.saturating_sub(width(&key));
            Line::from(vec![
                Span::styled(key, theme.title()),
                Span::raw(truncate(d, rest)),
            ])
        })
        .collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(theme.border_focus())
                .title(Span::styled(
                    " Keys | 按鍵  (? or Esc to close) ",
                    theme.title(),
                )),
        ),
        rect,
    );
}
