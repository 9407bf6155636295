//! Drawing the explorer: [`render`] reads an [`App`] and draws it, one file per pane (tabs,
//! search line, list, detail or facet panel, status line, help overlay), laid out by
//! [`crate::app::layout`] and styled by [`crate::app::theme`], which the app owns because mouse
//! handling needs them too;
//! [`loading`] draws the screen shown while a large catalogue loads, [`preview`] the list from
//! a cached index while the entries are read. Nothing here changes state.

pub mod detail;
pub mod facets;
pub mod help;
pub mod input;
pub mod list;
pub mod loading;
pub mod preview;
pub mod status;
pub mod tabs;

use ratatui::Frame;
use ratatui::text::Span;

use crate::app::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use crate::app::text;
use crate::app::{App, Mode};

pub fn render(app: &App, frame: &mut Frame) {
    let theme = app.theme();
    let full = frame.area();
    let areas = layout::PaneLayout::new(full.width, full.height)
        .at(full.y)
        .areas();
    if areas.too_small {
        let msg = match app.lang {
            crate::catalogue::Lang::En => {
                format!("itib: terminal too small, need {MIN_WIDTH}×{MIN_HEIGHT}")
            }
            crate::catalogue::Lang::Zh => {
                format!("itib：終端機太小，需要 {MIN_WIDTH}×{MIN_HEIGHT}")
            }
        };
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
        help::render(app, &theme, frame, full);
    }
}
