//! The explorer's first frame while a cached catalogue's entries are still being read: the tab
//! bar with each kind's count and the list's first rows, from the search index alone (which
//! is ready in tens of ms), laid out as the explorer will be; the detail and the status line
//! say what is still loading. Keys typed meanwhile are kept for the explorer.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::layout::PaneLayout;
use crate::app::text::truncate;
use crate::app::theme::Theme;
use crate::catalogue::{Kind, Lang};
use crate::search::Index;

pub fn render(index: &Index, lang: Lang, theme: Theme, frame: &mut Frame) {
    let full = frame.area();
    let areas = PaneLayout::new(full.width, full.height).at(full.y).areas();
    if areas.too_small {
        return;
    }
    let mut counts = [0usize; Kind::ALL.len()];
    for i in 0..index.len() {
        counts[index.kind(i) as usize] += 1;
    }
    let all = match lang {
        Lang::En => "All",
        Lang::Zh => "全部",
    };
    let mut tabs = format!(" 0 {all} {} ", index.len());
    for (k, kind) in Kind::ALL.into_iter().enumerate() {
        if counts[k] > 0 {
            tabs.push_str(&format!(
                " {} {} {} ",
                k + 1,
                kind.title().get(lang),
                counts[k]
            ));
        }
    }
    let w = usize::from(full.width);
    frame.render_widget(Paragraph::new(truncate(&tabs, w)), areas.tabs);
    let (hint, loading, details) = match lang {
        Lang::En => (
            "/ type to search (the keys are kept until the entries are read)",
            "reading the entries…",
            "Reading the entries' details…",
        ),
        Lang::Zh => (
            "/ 輸入即可搜尋（條目讀取完畢後生效）",
            "讀取條目中…",
            "讀取條目詳情中…",
        ),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(truncate(hint, w), theme.dim())),
        areas.search,
    );
    let list = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border_focus())
        .title(Span::styled(format!(" {all} "), theme.title()));
    let inner = list.inner(areas.list);
    frame.render_widget(list, areas.list);
    let rw = usize::from(inner.width);
    let rows: Vec<Line> = (0..index.len().min(usize::from(inner.height)))
        .map(|i| {
            let (first, second) = match lang {
                Lang::En => (index.name_en(i), index.name_zh(i)),
                Lang::Zh => (index.name_zh(i), index.name_en(i)),
            };
            let mark = if i == 0 { ">  " } else { "   " };
            let text = truncate(&format!("{mark}{first}  {second}"), rw);
            if i == 0 {
                Line::styled(text, theme.selected())
            } else {
                Line::raw(text)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(rows), inner);
    let detail = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(
            match lang {
                Lang::En => " Detail ",
                Lang::Zh => " 詳情 ",
            },
            theme.title(),
        ));
    let inner = detail.inner(areas.detail);
    frame.render_widget(detail, areas.detail);
    frame.render_widget(
        Paragraph::new(Span::styled(
            truncate(details, usize::from(inner.width)),
            theme.dim(),
        )),
        inner,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(truncate(loading, w), theme.dim())),
        areas.status,
    );
}
