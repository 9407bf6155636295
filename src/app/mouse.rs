//! The mouse, as far as the explorer uses it: a click selects a tab, a row or the search line,
//! follows a link in the detail and chooses a facet in the facet panel; a double-click on a row
//! chooses it (as Enter); the wheel scrolls the list, the detail or the facet panel under it. Positions are the layout's ([`super::layout`]), the same
//! the drawing uses.

use super::layout::pane_at;
use super::{Action, App, Effect, Mode};

impl App<'_> {
    pub(super) fn click(&mut self, column: u16, row: u16) -> Option<Effect> {
        let a = self.areas();
        let pos = (column, row).into();
        if a.tabs.contains(pos) {
            if let Some(p) = pane_at(self, column.saturating_sub(a.tabs.x)) {
                self.go_pane(p);
            }
        } else if a.list.contains(pos) {
            if let Some(r) = self.list_row_at(row) {
                self.move_to(r);
            }
        } else if a.detail.contains(pos) && self.mode == Mode::Facets {
            if let Some(i) = self.facet_at(row) {
                self.facet_cursor = i;
                return self.update(Action::ChooseFacet);
            }
        } else if a.detail.contains(pos) {
            if let Some(i) = self.link_at(column, row) {
                self.link = i;
                return self.follow_link();
            }
        } else if a.search.contains(pos) {
            self.mode = Mode::Search;
            self.cursor = self.query.chars().count();
        }
        None
    }

    /// The second click of a double-click (the first came as a click): on a row, chooses it as
    /// Enter does. Elsewhere it does nothing, so that a double-click on a link follows it once.
    pub(super) fn double_click(&mut self, column: u16, row: u16) {
        if !self.areas().list.contains((column, row).into()) {
            return;
        }
        if let Some(r) = self.list_row_at(row) {
            self.move_to(r);
            self.accept();
        }
    }

    pub(super) fn wheel(&mut self, down: bool, column: u16, row: u16) -> Option<Effect> {
        let by = if down { 3 } else { -3 };
        if self.areas().detail.contains((column, row).into()) {
            if self.mode == Mode::Facets {
                return self.update(Action::FacetMove(by));
            }
            return self.update(Action::ScrollDetail(by));
        }
        self.move_by(i64::from(by));
        None
    }

    /// The list row shown at screen row `row`, if one is.
    fn list_row_at(&self, row: u16) -> Option<usize> {
        let inner_top = self.areas().list.y + 1;
        let r = self.offset[self.pane] + usize::from(row.checked_sub(inner_top)?);
        (r < self.rows[self.pane].len()).then_some(r)
    }

    /// The link of the detail at a screen position: its first row from where its name starts,
    /// or any later row it wraps onto.
    fn link_at(&self, column: u16, row: u16) -> Option<usize> {
        let (doc, w, h) = self.detail()?;
        let area = self.areas().detail;
        let (x, y) = (
            column.checked_sub(area.x + 1)?,
            row.checked_sub(area.y + 1)?,
        );
        if x >= w || y >= h {
            return None;
        }
        let at_row = usize::from(self.detail_scroll) + usize::from(y);
        let x = usize::from(x);
        (0..doc.links.len()).find(|&i| {
            let Some((first, last)) = doc.link_rows(i, w) else {
                return false;
            };
            let at = doc.links[i];
            (at_row == first && x >= at.column && x < at.column + at.width)
                || (at_row > first && at_row <= last)
        })
    }
}
