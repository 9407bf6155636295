//! The tab bar: one tab per pane with its entry count, and its match count while a query is
//! active ("Funds 3/5"). When the tabs do not fit, the bar scrolls to keep the current one shown.
//! The labels and where each falls are [`crate::app::layout`]'s, so a click lands on the tab seen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::App;
use crate::app::layout::{first_shown, labels};
use crate::app::text::width;
use crate::app::theme::Theme;

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
