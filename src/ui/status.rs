//! The status line: the last message (copied, nothing to go back to …) or the most useful keys,
//! and the position in the list ("12/98") with the sort order when it is not relevance and the
//! number of marked entries.
//!
//! The keys are dropped least useful first until they fit, so that how to get help and how to
//! leave are always shown (`? help`, `q quit`; in the search line, how to leave it: `Tab/↓`; in
//! the facet panel, how to close it: `F/Esc`). The keys are the ones in effect: a key the config
//! rebinds is shown instead of the default (see [`crate::app::keymap::hints`]).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::App;
use crate::app::keymap::hints::{KEEP, Shown, status};
use crate::app::text::{truncate, width};
use crate::app::theme::Theme;
use crate::catalogue::Lang;

/// The hints that fit in `room` columns, joined by ` | `.
fn hints(all: &[Shown], lang: Lang, room: usize) -> String {
    let text = |(k, en, zh, _): &Shown| match lang {
        Lang::En => format!("{k} {en}"),
        Lang::Zh => format!("{k} {zh}"),
    };
    let mut shown: Vec<&Shown> = all.iter().collect();
    loop {
        let line = shown
            .iter()
            .map(|h| text(h))
            .collect::<Vec<_>>()
            .join(" | ");
        if width(&line) <= room {
            return line;
        }
        let least = shown
            .iter()
            .enumerate()
            .filter(|(_, h)| h.3 != KEEP)
            .min_by_key(|(_, h)| h.3)
            .map(|(i, _)| i);
        match least {
            Some(i) => {
                shown.remove(i);
            }
            None => return truncate(&line, room),
        }
    }
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let n = app.rows[app.pane].len();
    let mut right = if n == 0 {
        "0/0".to_string()
    } else {
        format!("{}/{n}", app.selected[app.pane] + 1)
    };
    if app.sort != crate::refine::Sort::Relevance {
        right = match app.lang {
            Lang::En => format!("sort: {}  {right}", app.sort.label(app.lang)),
            Lang::Zh => format!("排序：{}  {right}", app.sort.label(app.lang)),
        };
    }
    if !app.marked.is_empty() {
        right = match app.lang {
            Lang::En => format!("{} marked  {right}", app.marked.len()),
            Lang::Zh => format!("已選 {}  {right}", app.marked.len()),
        };
    }
    let w = usize::from(area.width);
    let right_w = width(&right);
    let room = w.saturating_sub(right_w + 1);
    let left = match (&app.status, app.mode) {
        (Some(s), _) => Span::styled(s.clone(), theme.title()),
        (None, mode) => Span::styled(
            hints(&status(mode, &app.bindings), app.lang, room),
            theme.dim(),
        ),
    };
    let left_text = truncate(&left.content, room);
    let pad = w.saturating_sub(width(&left_text) + right_w);
    let line = Line::from(vec![
        Span::styled(left_text, left.style),
        Span::raw(" ".repeat(pad)),
        Span::styled(truncate(&right, w), theme.dim()),
    ]);
    frame.render_widget(line, area);
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::app::Mode;
    use crate::app::keymap::Bindings;

    #[test]
    fn help_and_quit_stay_when_little_fits() {
        let none = Bindings::default();
        let [normal, search, facets] =
            [Mode::Normal, Mode::Search, Mode::Facets].map(|m| status(m, &none));
        for room in [20, 40, 60, 73] {
            for lang in [Lang::En, Lang::Zh] {
                let line = hints(&normal, lang, room);
                assert!(width(&line) <= room, "{line}");
                assert!(line.contains("? ") && line.contains("q "), "{room}: {line}");
                if room < 40 {
                    continue;
                }
                let line = hints(&search, lang, room);
                assert!(line.contains("Tab/↓") && line.contains("Ctrl-c"), "{line}");
                let line = hints(&facets, lang, room);
                assert!(line.contains("F/Esc") && line.contains("Ctrl-c"), "{line}");
            }
        }
    }
}
