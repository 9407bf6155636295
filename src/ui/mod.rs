//! Drawing the explorer: [`render`] reads an [`App`] and draws it, one file per pane (tabs,
//! search line, list, detail or facet panel, status line, help overlay), a shared [`layout`] and a [`theme`];
//! [`loading`] draws the screen shown while a large catalogue loads, [`preview`] the list from
//! a cached index while the entries are read. Nothing here changes state.

pub mod detail;
pub mod facets;
pub mod help;
pub mod input;
pub mod layout;
pub mod list;
pub mod loading;
pub mod preview;
pub mod status;
pub mod tabs;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::text::Span;

use crate::app::{App, Mode};
use layout::{MIN_HEIGHT, MIN_WIDTH};
use theme::Theme;

pub fn render(app: &App, frame: &mut Frame) {
    let theme = Theme { color: app.color };
    let full = frame.area();
    let areas = layout::PaneLayout::new(full.width, full.height).areas();
    if areas.too_small {
        let msg = format!("itib: terminal too small, need {MIN_WIDTH}×{MIN_HEIGHT}");
        let msg = text::truncate(&msg, usize::from(full.width));
        frame.render_widget(Span::raw(msg), full);
        return;
    }
    tabs::render(app, &theme, frame, areas.tabs);
    input::render(app, &theme, frame, areas.search);
    list::render(app, &theme, frame, areas.list);
    if app.mode == Mode::Facets {
        facets::render(app, &theme, frame, areas.detail);
    } else {
        detail::render(app, &theme, frame, areas.detail);
    }
    status::render(app, &theme, frame, areas.status);
    if app.mode == Mode::Help {
        help::render(&theme, frame, full);
    }
}
