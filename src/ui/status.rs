//! The status line: the last message (copied, nothing to go back to …) or the most useful keys,
//! and the position in the list ("12/98") with the sort order when it is not relevance and the
//! number of marked entries.
//!
//! The keys are dropped least useful first until they fit, so that how to get help and how to
//! leave are always shown (`? help`, `q quit`; in the search line, how to leave it: `Tab/↓`; in
//! the facet panel, how to close it: `F/Esc`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::text::{truncate, width};
use crate::app::theme::Theme;
use crate::app::{App, Mode};
use crate::catalogue::Lang;

/// A hint: keys, what they do in English and in Chinese, and how much it matters (kept longest
/// when highest).
type Hint = (&'static str, &'static str, &'static str, u8);

const KEEP: u8 = u8::MAX;

const NORMAL: &[Hint] = &[
    ("Enter", "print", "輸出", 10),
    ("Space", "mark", "選取", 6),
    ("/", "search", "搜尋", 9),
    ("F", "facets", "分類", 8),
    ("s", "sort", "排序", 4),
    ("Tab", "pane", "分頁", 7),
    ("]", "link", "連結", 3),
    ("o", "follow", "前往", 2),
    ("b", "back", "返回", 1),
    ("L", "中文", "English", 5),
    ("y", "copy", "複製", 0),
    ("?", "help", "說明", KEEP),
    ("q", "quit", "離開", KEEP),
];

/// In the facet panel: how to choose, and how to close it.
const FACETS: &[Hint] = &[
    ("Enter/Space", "add or remove", "加入或移除", 8),
    ("j k", "move", "移動", 6),
    ("s", "sort", "排序", 4),
    ("L", "中文", "English", 2),
    ("F/Esc", "close", "關閉", KEEP),
    ("Ctrl-c", "quit", "離開", KEEP),
];

const SEARCH: &[Hint] = &[
    ("Enter", "print", "輸出", 8),
    ("Tab/↓", "list", "列表", KEEP),
    ("Esc", "clear", "清除", 7),
    ("Ctrl-w", "word", "刪詞", 1),
    ("Ctrl-c", "quit", "離開", KEEP),
];

/// The hints that fit in `room` columns, joined by ` | `.
fn hints(all: &[Hint], lang: Lang, room: usize) -> String {
    let text = |(k, en, zh, _): &Hint| match lang {
        Lang::En => format!("{k} {en}"),
        Lang::Zh => format!("{k} {zh}"),
    };
    let mut shown: Vec<&Hint> = all.iter().collect();
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
        (None, Mode::Search) => Span::styled(hints(SEARCH, app.lang, room), theme.dim()),
        (None, Mode::Facets) => Span::styled(hints(FACETS, app.lang, room), theme.dim()),
        (None, _) => Span::styled(hints(NORMAL, app.lang, room), theme.dim()),
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

    #[test]
    fn help_and_quit_stay_when_little_fits() {
        for room in [20, 40, 60, 73] {
            for lang in [Lang::En, Lang::Zh] {
                let line = hints(NORMAL, lang, room);
                assert!(width(&line) <= room, "{line}");
                assert!(line.contains("? ") && line.contains("q "), "{room}: {line}");
                if room < 40 {
                    continue;
                }
                let line = hints(SEARCH, lang, room);
                assert!(line.contains("Tab/↓") && line.contains("Ctrl-c"), "{line}");
                let line = hints(FACETS, lang, room);
                assert!(line.contains("F/Esc") && line.contains("Ctrl-c"), "{line}");
            }
        }
    }
}
