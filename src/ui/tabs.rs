//! The tab bar: one tab per pane with its entry count, and its match count while a query is
//! active ("Funds 3/5"). When the tabs do not fit, the bar scrolls to keep the current one shown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::text::width;
use super::theme::Theme;
use crate::app::{App, Pane};
use crate::catalogue::Lang;

pub fn title(pane: Pane, lang: Lang) -> String {
    match (pane, lang) {
        (Pane::Kind(k), l) => k.title().get(l).to_string(),
        (Pane::All, Lang::En) => "All".into(),
        (Pane::All, Lang::Zh) => "全部".into(),
    }
}

fn labels(app: &App) -> Vec<String> {
    let filtering = !app.results_query.trim().is_empty();
    app.panes
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            let key = if i <= 9 {
                format!("{i} ")
            } else {
                String::new()
            };
            let count = if filtering {
                format!("{}/{}", app.rows[i].len(), app.pane_totals[i])
            } else {
                app.pane_totals[i].to_string()
            };
            format!(" {key}{} {count} ", title(p, app.lang))
        })
        .collect()
}

/// The first tab shown, so that the current one fits in `w` columns (less one for a `<`).
fn first_shown(widths: &[usize], current: usize, w: usize) -> usize {
    let mut start = 0;
    while start < current
        && widths[start..=current].iter().sum::<usize>() + usize::from(start > 0) + 1 > w
    {
        start += 1;
    }
    start
}

/// Which pane's tab is at column `x` of the bar.
pub fn pane_at(app: &App, x: u16) -> Option<usize> {
    let widths: Vec<usize> = labels(app).iter().map(|l| width(l)).collect();
    let start = first_shown(&widths, app.pane, usize::from(app.width));
    let mut at = usize::from(start > 0);
    for (i, w) in widths.iter().enumerate().skip(start) {
        if usize::from(x) < at + w {
            return Some(i);
        }
        at += w;
    }
    None
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let labels = labels(app);
    let widths: Vec<usize> = labels.iter().map(|l| width(l)).collect();
    let start = first_shown(&widths, app.pane, usize::from(area.width));
    let w = usize::from(area.width);
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0;
    if start > 0 {
        spans.push(Span::styled("<", theme.dim()));
        used += 1;
    }
    for (i, l) in labels.into_iter().enumerate().skip(start) {
        let lw = width(&l);
        // Whole tabs only, keeping a column for `>` when more follow.
        if used + lw + usize::from(i + 1 < widths.len()) > w {
            spans.push(Span::styled(">", theme.dim()));
            break;
        }
        used += lw;
        spans.push(Span::styled(
            l,
            if i == app.pane {
                theme.tab_active()
            } else {
                theme.tab()
            },
        ));
    }
    frame.render_widget(Line::from(spans), area);
}
