//! The help overlay: every key, from the keymap's own table with the config's bindings applied
//! (see [`crate::app::keymap::hints`]), in the UI's language, with every
//! pane and the key that goes to it (from the panes this catalogue has). When it does not fit,
//! ↓ and ↑ scroll it, and its title says so.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::Action;
use crate::app::App;
use crate::app::keymap::PANE_ROW;
use crate::app::keymap::hints::{help, key_for};
use crate::app::layout::{PANE_KEYS, title};
use crate::app::text::{truncate, width};
use crate::app::theme::Theme;
use crate::catalogue::Lang;

/// The help's rows: (keys, what they do), the panes' row followed by lines of `0 All  1 …`
/// that fit in `inner_w` columns beside the keys' column.
fn rows(
    app: &App,
    all: &[(String, &str, &str)],
    key_w: usize,
    inner_w: usize,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (keys, en, zh) in all {
        let what = if app.lang == Lang::Zh { zh } else { en };
        if keys != PANE_ROW {
            out.push((keys.clone(), what.to_string()));
            continue;
        }
        let room = inner_w.saturating_sub(key_w + 2).max(10);
        let mut line = what.to_string();
        let mut keys = keys.clone();
        for (k, pane) in PANE_KEYS.iter().zip(&app.panes) {
            // A number key the config gave another action no longer goes to its pane.
            if app.bindings.takes(*k) {
                continue;
            }
            let item = format!("{k} {}", title(*pane, app.lang));
            if !line.is_empty() && width(&line) + 2 + width(&item) > room {
                out.push((std::mem::take(&mut keys), std::mem::take(&mut line)));
            }
            if !line.is_empty() {
                line.push_str("  ");
            }
            line.push_str(&item);
        }
        if !line.is_empty() {
            out.push((keys, line));
        }
    }
    out
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let all = help(&app.bindings, app.lang);
    let key_w = all.iter().map(|(k, ..)| width(k)).max().unwrap_or(0);
    let longest = all
        .iter()
        .map(|(_, en, zh)| width(if app.lang == Lang::Zh { zh } else { en }))
        .max()
        .unwrap_or(0);
    let want_w = (key_w + longest + 6) as u16;
    let w = want_w
        .min(area.width.saturating_sub(2))
        .max(10.min(area.width));
    let inner_w = usize::from(w.saturating_sub(2));
    let rows = rows(app, &all, key_w, inner_w);
    let h = (rows.len() as u16 + 2).min(area.height);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let lines: Vec<Line> = rows
        .iter()
        .map(|(k, d)| {
            let key = format!(" {k}{} ", " ".repeat(key_w.saturating_sub(width(k))));
            let rest = inner_w.saturating_sub(width(&key));
            Line::from(vec![
                Span::styled(key, theme.title()),
                Span::raw(truncate(d, rest)),
            ])
        })
        .collect();
    let inner_h = usize::from(h.saturating_sub(2));
    let cut = rows.len() > inner_h;
    let scroll = usize::from(app.help_scroll).min(rows.len().saturating_sub(inner_h));
    // `?` and Esc always close the help; a help key of the config's own closes it too.
    let own = key_for(&app.bindings, &Action::ToggleHelp, "?", "?");
    let close = match (own.as_str(), app.lang) {
        ("?", _) => "?".to_string(),
        (own, Lang::En) => format!("{own}, ?"),
        (own, Lang::Zh) => format!("{own}、?"),
    };
    let heading = match (app.lang, cut) {
        (Lang::En, false) => format!(" Keys  ({close} or Esc to close) "),
        (Lang::En, true) => format!(" Keys  (↓ ↑ scroll, {close} or Esc to close) "),
        (Lang::Zh, false) => format!(" 按鍵  （{close} 或 Esc 關閉） "),
        (Lang::Zh, true) => format!(" 按鍵  （↓ ↑ 捲動，{close} 或 Esc 關閉） "),
    };
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll as u16, 0)).block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(theme.border_focus())
                .title(Span::styled(heading, theme.title())),
        ),
        rect,
    );
}
