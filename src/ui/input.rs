//! The search line: the query with its cursor, how many entries match, "searching.." while a
//! search of a large catalogue runs, and the reason when the query is not valid syntax.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use crate::app::text::{truncate, width};
use crate::app::theme::Theme;
use crate::app::{App, Mode};
use crate::catalogue::Lang;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = app.mode == Mode::Search;
    let prompt = Span::styled(
        "/ ",
        if focused {
            theme.border_focus()
        } else {
            theme.dim()
        },
    );
    let right = if let Some(err) = &app.query_error {
        Span::styled(err.clone(), theme.error())
    } else if app.is_searching() {
        Span::styled(
            if app.lang == Lang::Zh {
                "搜尋中.."
            } else {
                "searching.."
            },
            theme.dim(),
        )
    } else if let Some(p) = app.partial {
        // Nothing has every term: say so, and that what is listed has fewer.
        let n = app.hits.len();
        let text = match app.lang {
            Lang::En => format!("none has all {} terms; {n} have {}", p.of, p.matched),
            Lang::Zh => format!(
                "沒有條目符合全部 {} 個詞；{n} 項符合 {} 個",
                p.of, p.matched
            ),
        };
        Span::styled(text, theme.mark())
    } else if !app.results_query.trim().is_empty() {
        let n = app.hits.len();
        let text = match app.lang {
            Lang::En => format!("{n} of {}", app.catalogue.len()),
            Lang::Zh => format!("{n} / {} 項", app.catalogue.len()),
        };
        Span::styled(text, theme.dim())
    } else {
        Span::raw("")
    };
    let w = usize::from(area.width);
    let right_w = width(&right.content).min(w / 2);
    let room = w.saturating_sub(2 + right_w + 1);
    let mut spans = vec![prompt];
    if app.query.is_empty() && !focused {
        let hint = match app.lang {
            Lang::En => "press / to search by name, in English or 中文",
            Lang::Zh => "按 / 以中文或英文名稱搜尋",
        };
        spans.push(Span::styled(truncate(hint, room), theme.dim()));
    } else {
        spans.push(Span::raw(truncate(&app.query, room)));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    spans.push(Span::raw(" ".repeat(w.saturating_sub(used + right_w))));
    spans.push(Span::styled(truncate(&right.content, right_w), right.style));
    frame.render_widget(Line::from(spans), area);
    if focused {
        let before: String = app.query.chars().take(app.cursor).collect();
        let x = (2 + width(&before)).min(w.saturating_sub(1)) as u16;
        frame.set_cursor_position(Position::new(area.x + x, area.y));
    }
}
