//! The status line: the last message (copied, nothing to go back to …) or the most useful keys,
//! and the position in the list ("12/98") with the number of marked entries.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::text::{truncate, width};
use super::theme::Theme;
use crate::app::{App, Mode};
use crate::catalogue::Lang;

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
    let left = match (&app.status, app.mode, app.lang) {
        (Some(s), _, _) => Span::styled(s.clone(), theme.title()),
        (None, Mode::Search, Lang::En) => Span::styled(
            "Enter print | Esc clear | ↓ list | Ctrl-w word",
            theme.dim(),
        ),
        (None, Mode::Search, Lang::Zh) => {
            Span::styled("Enter 輸出 | Esc 清除 | ↓ 列表", theme.dim())
        }
        (None, Mode::Facets, Lang::En) => Span::styled(
            "Enter/Space add or remove | j k move | s sort | F close",
            theme.dim(),
        ),
        (None, Mode::Facets, Lang::Zh) => Span::styled(
            "Enter/Space 加入或移除 | j k 移動 | s 排序 | F 關閉",
            theme.dim(),
        ),
        (None, _, Lang::En) => Span::styled(
            "Enter print | Space mark | / search | F facets | s sort | Tab pane | ] link | o follow | b back | L 中文 | y copy | ? help | q quit",
            theme.dim(),
        ),
        (None, _, Lang::Zh) => Span::styled(
            "Enter 輸出 | Space 選取 | / 搜尋 | F 分類 | s 排序 | Tab 分頁 | ] 連結 | o 前往 | b 返回 | L English | y 複製 | ? 說明 | q 離開",
            theme.dim(),
        ),
    };
    let w = usize::from(area.width);
    let right_w = width(&right);
    let left_text = truncate(&left.content, w.saturating_sub(right_w + 1));
    let pad = w.saturating_sub(width(&left_text) + right_w);
    let line = Line::from(vec![
        Span::styled(left_text, left.style),
        Span::raw(" ".repeat(pad)),
        Span::styled(truncate(&right, w), theme.dim()),
    ]);
    frame.render_widget(line, area);
}
