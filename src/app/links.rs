//! Links between entries: the parent, related entries and the reverse links (what an entry
//! administers, what references it) as the detail shows them, selecting one with
//! `]`/`[` (scrolled into view), following it (`o`, a click), the parent (`p`) and Back, which
//! returns to the place and query a link was followed from.

use super::keymap::hints::key_for;
use super::{Action, App, Effect, LinkGroups, Pane, Place};
use crate::catalogue::Lang;
use crate::refine::Filter;
use crate::search::Hit;

impl App<'_> {
    /// The entries the detail can link to, in the order it shows them: the parent, related
    /// entries, the entries this one administers, the entries that list it as related.
    pub fn links(&self, entry: usize) -> Vec<usize> {
        let g = self.link_groups(entry);
        g.parent
            .into_iter()
            .chain(g.related)
            .chain(g.administers)
            .chain(g.referenced_by)
            .collect()
    }

    /// [`App::links`] by section.
    pub fn link_groups(&self, entry: usize) -> LinkGroups {
        let cat = self.catalogue;
        let e = &cat.entries()[entry];
        LinkGroups {
            parent: e.parent.as_deref().and_then(|id| cat.index_of(id)),
            related: e.related.iter().filter_map(|id| cat.index_of(id)).collect(),
            administers: cat.administered(&e.id),
            referenced_by: cat.referenced_by(&e.id),
        }
    }

    /// Shows entry `target`: in the current pane when it is there, else in its kind's pane; the
    /// query is cleared when it hides the entry. The current place goes on the history.
    pub(super) fn jump_to(&mut self, target: usize) -> Option<Effect> {
        if let Some(cur) = self.selected_entry() {
            self.history.push(Place {
                query: self.query.clone(),
                pane: self.pane,
                entry: cur,
            });
        }
        self.show(target, self.query.clone())
    }

    pub(super) fn back(&mut self) -> Option<Effect> {
        let Some(place) = self.history.pop() else {
            self.status = Some(self.say("Nothing to go back to", "沒有可返回的位置"));
            return None;
        };
        self.pane = place.pane;
        self.show(place.entry, place.query)
    }

    /// Selects entry `target` as it is seen under `query` (the current one, or the one a Back
    /// returns to): in the current pane when it is there, else in its kind's pane. When the
    /// query hides the entry, the query is cleared.
    fn show(&mut self, target: usize, query: String) -> Option<Effect> {
        let mut effect = None;
        if query.trim() != self.results_query.trim() {
            // Everything until the search for `query` comes back; then `pin` keeps `target`.
            self.query = query;
            self.cursor = self.query.chars().count();
            self.show_all();
            if !self.query.trim().is_empty() {
                self.pin = Some(target);
                effect = self.request_search();
            }
        }
        let kind_pane = self
            .panes
            .iter()
            .position(|p| *p == Pane::Kind(self.catalogue.entries()[target].kind))
            .unwrap_or(0);
        let found = [self.pane, kind_pane]
            .into_iter()
            .find_map(|p| self.row_of(p, target).map(|r| (p, r)));
        match found {
            Some((p, r)) => {
                self.pane = p;
                self.selected[p] = r;
            }
            None => {
                self.query.clear();
                self.cursor = 0;
                self.show_all();
                self.pin = None;
                effect = None;
                self.generation += 1; // results of an older query are no longer wanted
                self.searching = false;
                self.pane = kind_pane;
                self.selected[kind_pane] = self.row_of(kind_pane, target).unwrap_or(0);
                self.status = Some(self.say(
                    "Search cleared to show the linked entry",
                    "已清除搜尋，以顯示所連結的條目",
                ));
            }
        }
        self.detail_scroll = 0;
        self.link = 0;
        self.keep_visible();
        effect
    }

    /// Every entry, as without a query (in the current sort order).
    pub(super) fn show_all(&mut self) {
        self.ranked = (0..self.catalogue.len()).map(Hit::unranked).collect();
        self.results_query = String::new();
        self.results_text = String::new();
        self.filter = Filter::default();
        self.partial = None;
        self.set_fault(None);
        self.apply_sort();
        self.refresh_facets();
    }

    pub(super) fn row_of(&self, pane: usize, entry: usize) -> Option<usize> {
        self.rows[pane]
            .iter()
            .position(|&r| self.hits[r as usize].entry == entry)
    }

    /// `]` (`forward`) or `[`: the next or previous link, scrolled into view.
    pub(super) fn step_link(&mut self, forward: bool) {
        let Some(e) = self.selected_entry() else {
            return;
        };
        let n = self.links(e).len();
        if n == 0 {
            self.status = Some(self.say("This entry has no links", "此條目沒有連結"));
            return;
        }
        self.link = if forward {
            (self.link + 1) % n
        } else {
            (self.link + n - 1) % n
        };
        self.reveal_link();
    }

    /// Scrolls the detail so that the selected link is on screen, all of it when it fits.
    pub(super) fn reveal_link(&mut self) {
        let Some((doc, w, h)) = self.detail() else {
            return;
        };
        let Some((first, last)) = doc.link_rows(self.link, w) else {
            return;
        };
        let (h, scroll) = (usize::from(h.max(1)), usize::from(self.detail_scroll));
        let top = if first < scroll {
            first
        } else if last >= scroll + h {
            (last + 1 - h).min(first)
        } else {
            scroll
        };
        self.detail_scroll = top.min(usize::from(u16::MAX)) as u16;
    }

    /// Whether any row of the selected link is on screen.
    fn link_visible(&self) -> bool {
        let Some((doc, w, h)) = self.detail() else {
            return false;
        };
        let scroll = usize::from(self.detail_scroll);
        doc.link_rows(self.link, w)
            .is_some_and(|(first, last)| last >= scroll && first < scroll + usize::from(h))
    }

    /// After the detail scrolled: when the selected link went off screen, the first link on
    /// screen is selected instead, so that `o` never follows a link the user cannot see.
    pub(super) fn keep_link_on_screen(&mut self) {
        let Some((doc, w, h)) = self.detail() else {
            return;
        };
        if doc.links.is_empty() || self.link_visible() {
            return;
        }
        let scroll = usize::from(self.detail_scroll);
        let on_screen = (0..doc.links.len()).find(|&i| {
            doc.link_rows(i, w)
                .is_some_and(|(first, last)| last >= scroll && first < scroll + usize::from(h))
        });
        if let Some(i) = on_screen {
            self.link = i;
        }
    }

    /// `o`: follows the selected link when it is on screen; otherwise shows it first.
    pub(super) fn follow_link(&mut self) -> Option<Effect> {
        let target = self
            .selected_entry()
            .and_then(|e| self.links(e).get(self.link).copied());
        let Some(t) = target else {
            self.status = Some(self.say("No link to follow here", "此處沒有可前往的連結"));
            return None;
        };
        if !self.link_visible() {
            self.reveal_link();
            // The key that follows, as the config binds it.
            let key = key_for(&self.bindings, &Action::FollowLink, "o", "o");
            self.status = Some(match self.lang {
                Lang::En => format!("The selected link is shown; {key} again follows it"),
                Lang::Zh => format!("已顯示所選連結；再按 {key} 前往"),
            });
            return None;
        }
        self.jump_to(t)
    }

    /// `p`: the entry's parent.
    pub(super) fn go_parent(&mut self) -> Option<Effect> {
        let parent = self.selected_entry().and_then(|e| {
            let p = self.catalogue.entries()[e].parent.as_deref()?;
            self.catalogue.index_of(p)
        });
        match parent {
            Some(p) => self.jump_to(p),
            None => {
                self.status = Some(self.say("This entry has no parent", "此條目沒有上級"));
                None
            }
        }
    }
}
