//! Where each pane goes for a terminal size: tabs on top, the search line, the list and the
//! detail side by side (stacked under 100 columns), the status line at the bottom. Shared by
//! rendering and by mouse handling, so a click lands where the eye saw it.

use ratatui::layout::Rect;

/// Below this the explorer shows a one-line message instead of its layout.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// From this width the list and the detail stand side by side.
pub const SIDE_BY_SIDE: u16 = 100;

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
}

impl PaneLayout {
    pub fn new(width: u16, height: u16) -> PaneLayout {
        PaneLayout { width, height }
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
        Areas {
            tabs,
            search,
            list,
            detail,
            status,
            too_small: false,
        }
    }
}
