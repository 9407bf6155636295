//! Where each pane goes for a terminal size: tabs on top, the search line, the list and the
//! detail side by side (stacked under 100 columns), the status line at the bottom. Shared by
//! rendering and by mouse handling, so a click lands where the eye saw it; the tab bar's labels
//! and which tab is at a column, for the same reason.

use ratatui::layout::Rect;

use super::text::width;
use super::{App, Pane};
use crate::catalogue::Lang;

/// Below this the explorer shows a one-line message instead of its layout.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// From this width the list and the detail stand side by side.
pub const SIDE_BY_SIDE: u16 = 100;

/// The key that goes to each pane, in pane order: `0` All, `1`-`9` the first nine kinds, and
/// `-`, the key after `0` on the number row, for the tenth.
pub const PANE_KEYS: [char; 11] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-'];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub tabs: Rect,
    pub search: Rect,
    pub list: Rect,
    pub detail: Rect,
    pub status: Rect,
    pub too_small: bool,
}

pub struct PaneLayout {
    width: u16,
    height: u16,
    /// The screen row the explorer starts at: 0, or the inline area's top (`--height`).
    top: u16,
}

impl PaneLayout {
    pub fn new(width: u16, height: u16) -> PaneLayout {
        PaneLayout {
            width,
            height,
            top: 0,
        }
    }

    /// The same layout from screen row `top` down.
    pub fn at(self, top: u16) -> PaneLayout {
        PaneLayout { top, ..self }
    }

    pub fn areas(&self) -> Areas {
        let (w, h) = (self.width, self.height);
        if w < MIN_WIDTH || h < MIN_HEIGHT {
            return Areas {
                too_small: true,
                ..Areas::default()
            };
        }
        let tabs = Rect::new(0, 0, w, 1);
        let search = Rect::new(0, 1, w, 1);
        let status = Rect::new(0, h - 1, w, 1);
        let body = Rect::new(0, 2, w, h - 3);
        let (list, detail) = if w >= SIDE_BY_SIDE {
            let lw = w / 2;
            (
                Rect::new(0, body.y, lw, body.height),
                Rect::new(lw, body.y, w - lw, body.height),
            )
        } else {
            let lh = (body.height * 2 / 5).max(5);
            (
                Rect::new(0, body.y, w, lh),
                Rect::new(0, body.y + lh, w, body.height - lh),
            )
        };
        let down = |r: Rect| Rect {
            y: r.y.saturating_add(self.top),
            ..r
        };
        Areas {
            tabs: down(tabs),
            search: down(search),
            list: down(list),
            detail: down(detail),
            status: down(status),
            too_small: false,
        }
    }
}

pub fn title(pane: Pane, lang: Lang) -> String {
    match (pane, lang) {
        (Pane::Kind(k), l) => k.title().get(l).to_string(),
        (Pane::All, Lang::En) => "All".into(),
        (Pane::All, Lang::Zh) => "全部".into(),
    }
}

pub fn labels(app: &App) -> Vec<String> {
    let filtering = !app.results_query.trim().is_empty();
    app.panes
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            let key = PANE_KEYS
                .get(i)
                .map(|k| format!("{k} "))
                .unwrap_or_default();
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
pub fn first_shown(widths: &[usize], current: usize, w: usize) -> usize {
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
