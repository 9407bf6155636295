//! The explorer's state and its one mutator.
//!
//! All UI state lives in [`App`]; only [`App::update`] changes it, from an [`Action`] (a key
//! mapped by [`keymap`], a mouse event, a resize, or search results arriving). What the app
//! needs done outside itself — run a search, copy to the clipboard — it returns as an
//! [`Effect`] for the event loop to carry out, so `update` stays pure and testable.
//!
//! ```text
//!            ┌────── / ──────┐
//!   Normal ──┤               ├──► Search ── Esc (clears) / ↓ Tab ──► Normal
//!     │ ▲    └── ? ─► Help ──┘      │
//!     │ └──── Esc / ? / q ───┘      └── Enter ──► export, exit 0
//!     ├── Enter ──► export the marked or selected entries, exit 0
//!     ├── F ──► Facets ── Enter / Space: add or remove the facet's qualifier; F / Esc ──► Normal
//!     ├── s ──► the next sort order (relevance → name → newest → largest amount)
//!     └── q / Esc / Ctrl-C ──► exit 130
//!
//!   In any mode: Ctrl-Z (or SIGTSTP) ──► suspended until `fg`, in the same mode;
//!                SIGTERM, SIGHUP, SIGINT, SIGQUIT ──► exit 128 + the signal
//! ```

mod facets;
pub mod keymap;

pub use facets::{FacetRow, LinkGroups};

use crate::catalogue::{Catalogue, Entry, Kind, Lang};
use crate::refine::{self, Facets, Filter, NameKeys, Refined, Sort};
use crate::search::{Engine, Found, Hit, Partial, QueryError};
use crate::ui::layout::{Areas, PaneLayout};

/// What the user can do; keys, mouse and the search worker all speak in actions.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    /// Ctrl-Z or SIGTSTP: hand the terminal back to the shell until `fg`.
    Suspend,
    /// A signal that ends the process (SIGTERM, SIGHUP, SIGINT, SIGQUIT; its number) arrived.
    Signalled(i32),
    /// Enter: print the marked entries (or the selected one) and exit.
    Accept,
    ToggleMark,
    Up,
    Down,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Top,
    Bottom,
    NextPane,
    PrevPane,
    GoPane(usize),
    FocusSearch,
    /// Leave the search line, keeping the query (↓, Tab).
    LeaveSearch,
    /// Esc in the search line: clear the query and leave.
    ClearSearch,
    Input(char),
    Backspace,
    DeleteWord,
    ClearLine,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    ScrollDetail(i32),
    NextLink,
    PrevLink,
    FollowLink,
    GoParent,
    Back,
    ToggleLang,
    ToggleHelp,
    CloseHelp,
    /// `s`: the next sort order.
    CycleSort,
    /// `F`: open or close the facet panel.
    ToggleFacets,
    /// Move the facet panel's cursor by this many rows.
    FacetMove(i32),
    /// Add the facet under the cursor to the query, or remove it when it is there.
    ChooseFacet,
    Copy,
    Resize(u16, u16),
    Click(u16, u16),
    Wheel {
        down: bool,
        column: u16,
        row: u16,
    },
    /// Results of the search for `generation`'s query.
    SearchDone {
        generation: u64,
        result: Result<Found, QueryError>,
    },
}

/// Work for the event loop, returned by [`App::update`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Search {
        generation: u64,
        query: String,
    },
    /// Copy the entry to the clipboard (OSC 52).
    Copy(usize),
    /// Give the terminal back and stop the process; redraw everything when it goes on.
    Suspend,
}

/// How the explorer ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Print these entries (indices into the catalogue, in this order), exit 0.
    Export(Vec<usize>),
    /// The user left without choosing: exit 130, as fzf.
    Cancelled,
    /// A signal ended the explorer (its number): exit 128 + it, as a shell reports a process
    /// the signal killed.
    Signalled(i32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Search,
    Help,
    Facets,
}

/// One tab: the entries of one kind, or all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Kind(Kind),
    All,
}

impl Pane {
    pub fn accepts(self, e: &Entry) -> bool {
        match self {
            Pane::Kind(k) => e.kind == k,
            Pane::All => true,
        }
    }
}

/// Where the user was, for Back.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    query: String,
    pane: usize,
    entry: usize,
}

/// The whole state of the explorer.
pub struct App<'c> {
    pub catalogue: &'c Catalogue,
    /// For highlighting the rows on screen.
    pub engine: &'c Engine,
    pub panes: Vec<Pane>,
    /// Entries of each pane without a query.
    pub pane_totals: Vec<usize>,
    pub pane: usize,
    pub mode: Mode,
    /// The search line and its cursor (in chars).
    pub query: String,
    pub cursor: usize,
    /// The query the current results are for.
    pub results_query: String,
    /// Its fuzzy part (the query without its qualifiers): what matched characters come from.
    pub results_text: String,
    /// The order the results are shown in (`s` cycles it).
    pub sort: Sort,
    /// Counts per audience, body and tag of the current results; filled while the panel is
    /// open (`F`).
    pub facets: Facets,
    pub facet_cursor: usize,
    /// The administering bodies the facet panel counts (see [`refine::bodies`]), found when
    /// the panel is first opened (not at start: a large catalogue has thousands).
    bodies: Option<Vec<usize>>,
    /// The results in the search's own order, filtered: what every sort starts from.
    ranked: Vec<Hit>,
    /// The filter of the current results, and of the search on its way.
    filter: Filter,
    pending: Filter,
    names: NameKeys,
    pub query_error: Option<String>,
    /// Set when no entry matches every term of the query: the hits match this many of them.
    pub partial: Option<Partial>,
    /// Ranked hits over the whole catalogue; panes show subsets.
    pub hits: Vec<Hit>,
    /// For each pane, indices into `hits`.
    pub rows: Vec<Vec<u32>>,
    /// For each pane, the selected row and the first row shown.
    pub selected: Vec<usize>,
    pub offset: Vec<usize>,
    pub detail_scroll: u16,
    /// The link selected in the detail (0 = parent when there is one, then related).
    pub link: usize,
    /// Marked entries, in the order they were marked.
    pub marked: Vec<usize>,
    pub lang: Lang,
    pub status: Option<String>,
    pub outcome: Option<Outcome>,
    pub width: u16,
    pub height: u16,
    pub color: bool,
    history: Vec<Place>,
    generation: u64,
    searching: bool,
    /// The entry to keep selected when the pending search comes back.
    pin: Option<usize>,
}

impl<'c> App<'c> {
    /// The explorer over `catalogue`, searched through `engine` (an index of that catalogue).
    pub fn new(catalogue: &'c Catalogue, engine: &'c Engine, lang: Lang, color: bool) -> App<'c> {
        // All first: a search starts across everything; the kind panes narrow it.
        let panes: Vec<Pane> = std::iter::once(Pane::All)
            .chain(
                Kind::ALL
                    .into_iter()
                    .filter(|k| {
                        matches!(k, Kind::Bureau | Kind::Fund | Kind::Park | Kind::Talent)
                            || catalogue.entries().iter().any(|e| e.kind == *k)
                    })
                    .map(Pane::Kind),
            )
            .collect();
        let hits = (0..catalogue.len()).map(Hit::unranked).collect();
        let n = panes.len();
        let pane_totals = panes
            .iter()
            .map(|p| catalogue.entries().iter().filter(|e| p.accepts(e)).count())
            .collect();
        let mut app = App {
            catalogue,
            engine,
            pane_totals,
            panes,
            pane: 0,
            mode: Mode::Normal,
            query: String::new(),
            cursor: 0,
            results_query: String::new(),
            results_text: String::new(),
            sort: Sort::Relevance,
            facets: Facets::default(),
            facet_cursor: 0,
            bodies: None,
            ranked: Vec::new(),
            filter: Filter::default(),
            pending: Filter::default(),
            names: NameKeys::default(),
            query_error: None,
            partial: None,
            hits,
            rows: vec![Vec::new(); n],
            selected: vec![0; n],
            offset: vec![0; n],
            detail_scroll: 0,
            link: 0,
            marked: Vec::new(),
            lang,
            status: None,
            outcome: None,
            width: 80,
            height: 24,
            color,
            history: Vec::new(),
            generation: 0,
            searching: false,
            pin: None,
        };
        app.ranked = app.hits.clone();
        app.rebuild_rows();
        app
    }

    /// The entry under the cursor in the current pane.
    pub fn selected_entry(&self) -> Option<usize> {
        let row = *self.rows[self.pane].get(self.selected[self.pane])?;
        Some(self.hits[row as usize].entry)
    }

    /// The hit of a pane's row.
    pub fn hit(&self, pane: usize, row: usize) -> Option<&Hit> {
        self.rows[pane].get(row).map(|&i| &self.hits[i as usize])
    }

    /// True while a search for the current query has not come back yet.
    pub fn is_searching(&self) -> bool {
        self.searching
    }

    pub fn areas(&self) -> Areas {
        PaneLayout::new(self.width, self.height).areas()
    }

    /// How many rows the selected entry's detail takes when wrapped to the detail pane.
    fn detail_height(&self) -> u16 {
        let Some(entry) = self.selected_entry() else {
            return 0;
        };
        let width = usize::from(self.areas().detail.width.saturating_sub(2)).max(1);
        let theme = crate::ui::theme::Theme { color: self.color };
        let rows: usize = crate::ui::detail::lines(self, &theme, entry, width)
            .iter()
            .map(|l| l.width().div_ceil(width).max(1))
            .sum();
        rows.min(usize::from(u16::MAX)) as u16
    }

    fn list_height(&self) -> usize {
        usize::from(self.areas().list.height.saturating_sub(2)).max(1)
    }

    /// The one mutator. Returns work for the event loop, if any.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if !matches!(
            action,
            Action::SearchDone { .. } | Action::Resize(..) | Action::Suspend
        ) {
            self.status = None;
        }
        match action {
            Action::Quit => self.outcome = Some(Outcome::Cancelled),
            Action::Suspend => return Some(Effect::Suspend),
            Action::Signalled(signal) => self.outcome = Some(Outcome::Signalled(signal)),
            Action::Accept => self.accept(),
            Action::ToggleMark => self.toggle_mark(),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.list_height() as i64)),
            Action::PageDown => self.move_by(self.list_height() as i64),
            Action::HalfPageUp => self.move_by(-(self.list_height() as i64 / 2).max(1)),
            Action::HalfPageDown => self.move_by((self.list_height() as i64 / 2).max(1)),
            Action::Top => self.move_to(0),
            Action::Bottom => self.move_to(usize::MAX),
            Action::NextPane => self.go_pane((self.pane + 1) % self.panes.len()),
            Action::PrevPane => self.go_pane((self.pane + self.panes.len() - 1) % self.panes.len()),
            Action::GoPane(p) if p < self.panes.len() => self.go_pane(p),
            Action::GoPane(_) => {}
            Action::FocusSearch => {
                self.mode = Mode::Search;
                self.cursor = self.query.chars().count();
            }
            Action::LeaveSearch => self.mode = Mode::Normal,
            Action::ClearSearch => {
                self.mode = Mode::Normal;
                return self.set_query(String::new());
            }
            Action::Input(c) => {
                let at = byte_at(&self.query, self.cursor);
                let mut q = self.query.clone();
                q.insert(at, c);
                self.cursor += 1;
                return self.set_query(q);
            }
            Action::Backspace if self.cursor > 0 => {
                let mut q = self.query.clone();
                q.remove(byte_at(&q, self.cursor - 1));
                self.cursor -= 1;
                return self.set_query(q);
            }
            Action::Backspace => {}
            Action::DeleteWord => {
                let chars: Vec<char> = self.query.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && chars[start - 1] != ' ' {
                    start -= 1;
                }
                let q: String = chars[..start].iter().chain(&chars[self.cursor..]).collect();
                self.cursor = start;
                return self.set_query(q);
            }
            Action::ClearLine => {
                self.cursor = 0;
                return self.set_query(String::new());
            }
            Action::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
            Action::CursorRight => self.cursor = (self.cursor + 1).min(self.query.chars().count()),
            Action::CursorHome => self.cursor = 0,
            Action::CursorEnd => self.cursor = self.query.chars().count(),
            Action::ScrollDetail(by) => {
                // Up to the last line at the top: scrolling past the end would have to be undone.
                let max = i32::from(self.detail_height().saturating_sub(1));
                self.detail_scroll = (i32::from(self.detail_scroll) + by).clamp(0, max) as u16;
            }
            Action::NextLink | Action::PrevLink => {
                if let Some(e) = self.selected_entry() {
                    let n = self.links(e).len();
                    if n > 0 {
                        self.link = if action == Action::NextLink {
                            (self.link + 1) % n
                        } else {
                            (self.link + n - 1) % n
                        };
                    }
                }
            }
            Action::FollowLink => {
                let target = self
                    .selected_entry()
                    .and_then(|e| self.links(e).get(self.link).copied());
                if let Some(t) = target {
                    return self.jump_to(t);
                }
                self.status = Some("No link to follow here".into());
            }
            Action::GoParent => {
                let parent = self.selected_entry().and_then(|e| {
                    let p = self.catalogue.entries()[e].parent.as_deref()?;
                    self.catalogue.index_of(p)
                });
                match parent {
                    Some(p) => return self.jump_to(p),
                    None => self.status = Some("This entry has no parent".into()),
                }
            }
            Action::Back => return self.back(),
            Action::ToggleLang => {
                self.lang = self.lang.other();
                // Names order by the language shown.
                if self.sort == Sort::Name {
                    let current = self.selected_entry();
                    self.apply_sort();
                    for p in 0..self.panes.len() {
                        self.selected[p] = current.and_then(|k| self.row_of(p, k)).unwrap_or(0);
                    }
                    self.keep_visible();
                }
            }
            Action::ToggleHelp => {
                self.mode = if self.mode == Mode::Help {
                    Mode::Normal
                } else {
                    Mode::Help
                };
            }
            Action::CloseHelp => self.mode = Mode::Normal,
            Action::CycleSort => {
                self.sort = self.sort.next();
                let current = self.selected_entry();
                self.apply_sort();
                for p in 0..self.panes.len() {
                    self.selected[p] = current.and_then(|k| self.row_of(p, k)).unwrap_or(0);
                }
                self.keep_visible();
                self.status = Some(match self.lang {
                    Lang::En => format!("Sorted by {}", self.sort.label(self.lang)),
                    Lang::Zh => format!("排序：{}", self.sort.label(self.lang)),
                });
            }
            Action::ToggleFacets => {
                if self.mode == Mode::Facets {
                    self.mode = Mode::Normal;
                } else {
                    self.mode = Mode::Facets;
                    self.refresh_facets();
                }
            }
            Action::FacetMove(by) => {
                let n = self.facet_rows().len() as i64;
                if n > 0 {
                    self.facet_cursor =
                        (self.facet_cursor as i64 + i64::from(by)).clamp(0, n - 1) as usize;
                }
            }
            Action::ChooseFacet => {
                let row = self.facet_rows().into_iter().nth(self.facet_cursor)?;
                let q = refine::toggle(&self.query, self.catalogue, row.key, &row.value);
                self.cursor = q.chars().count();
                return self.set_query(q);
            }
            Action::Copy => {
                if let Some(e) = self.selected_entry() {
                    self.status = Some(format!(
                        "Copied {} to the clipboard (OSC 52)",
                        self.catalogue.entries()[e].id
                    ));
                    return Some(Effect::Copy(e));
                }
            }
            Action::Resize(w, h) => {
                self.width = w;
                self.height = h;
                self.keep_visible();
            }
            Action::Click(column, row) => self.click(column, row),
            Action::Wheel { down, column, row } => {
                let a = self.areas();
                let by = if down { 3 } else { -3 };
                if a.detail.contains((column, row).into()) {
                    return self.update(Action::ScrollDetail(by));
                }
                self.move_by(i64::from(by));
            }
            Action::SearchDone { generation, result } => {
                if generation != self.generation {
                    return None; // a newer query is on its way
                }
                self.searching = false;
                match result {
                    Ok(found) => {
                        self.query_error = None;
                        let current = self.selected_entry();
                        self.results_query = self.query.clone();
                        self.results_text = refine::split(&self.query).1;
                        self.filter = std::mem::take(&mut self.pending);
                        let (cat, filter) = (self.catalogue, &self.filter);
                        self.ranked = found.hits;
                        if !filter.is_empty() {
                            self.ranked.retain(|h| filter.matches(cat, h.entry));
                        }
                        self.partial = found.partial.filter(|_| !self.ranked.is_empty());
                        self.apply_sort();
                        self.refresh_facets();
                        // While typing, the best match is on top (fzf); with the query cleared,
                        // the entry the user found stays selected; after Back, the one gone back to.
                        let keep = self
                            .pin
                            .take()
                            .or(current.filter(|_| self.results_query.trim().is_empty()));
                        for p in 0..self.panes.len() {
                            self.selected[p] = keep.and_then(|k| self.row_of(p, k)).unwrap_or(0);
                            self.offset[p] = 0;
                        }
                        self.keep_visible();
                        self.detail_scroll = 0;
                        self.link = 0;
                    }
                    Err(e) => self.query_error = Some(e.to_string()),
                }
            }
        }
        None
    }

    /// Sets the query and asks for a search.
    fn set_query(&mut self, q: String) -> Option<Effect> {
        self.query = q;
        self.pin = None;
        self.request_search()
    }

    /// Asks for a search of the query's fuzzy part; its qualifiers are applied when the
    /// results come back. A qualifier that names nothing is the search line's message, and the
    /// results stay as they are.
    fn request_search(&mut self) -> Option<Effect> {
        self.generation += 1;
        let refined = match Refined::parse(&self.query, self.catalogue) {
            Ok(r) => r,
            Err(e) => {
                self.searching = false;
                self.query_error = Some(e.to_string());
                return None;
            }
        };
        self.pending = refined.filter;
        self.searching = true;
        Some(Effect::Search {
            generation: self.generation,
            query: refined.text,
        })
    }

    /// Orders the filtered results by the current sort and splits them into panes.
    fn apply_sort(&mut self) {
        let mut hits = self.ranked.clone();
        refine::sort(
            self.sort,
            self.catalogue,
            self.lang,
            &self.names,
            &mut hits,
            |h| h.entry,
        );
        self.hits = hits;
        self.rebuild_rows();
    }

    /// Splits the hits into panes in one pass (this runs on every search, 100k hits at scale).
    fn rebuild_rows(&mut self) {
        let pane_of_kind: Vec<Option<usize>> = Kind::ALL
            .iter()
            .map(|k| self.panes.iter().position(|p| *p == Pane::Kind(*k)))
            .collect();
        let all = self.panes.iter().position(|p| *p == Pane::All);
        for rows in &mut self.rows {
            rows.clear();
        }
        let entries = self.catalogue.entries();
        for (i, h) in self.hits.iter().enumerate() {
            if let Some(a) = all {
                self.rows[a].push(i as u32);
            }
            if let Some(p) = pane_of_kind[entries[h.entry].kind as usize] {
                self.rows[p].push(i as u32);
            }
        }
    }

    fn go_pane(&mut self, p: usize) {
        if p != self.pane {
            self.pane = p;
            self.detail_scroll = 0;
            self.link = 0;
        }
    }

    fn move_by(&mut self, by: i64) {
        let n = self.rows[self.pane].len();
        if n == 0 {
            return;
        }
        let cur = self.selected[self.pane] as i64;
        self.move_to((cur + by).clamp(0, n as i64 - 1) as usize);
    }

    fn move_to(&mut self, row: usize) {
        let n = self.rows[self.pane].len();
        let row = row.min(n.saturating_sub(1));
        if row != self.selected[self.pane] {
            self.selected[self.pane] = row;
            self.detail_scroll = 0;
            self.link = 0;
        }
        self.keep_visible();
    }

    /// Scrolls each pane's list so that its selection is on screen.
    fn keep_visible(&mut self) {
        let h = self.list_height();
        for p in 0..self.panes.len() {
            let sel = self.selected[p];
            if sel < self.offset[p] {
                self.offset[p] = sel;
            } else if sel >= self.offset[p] + h {
                self.offset[p] = sel + 1 - h;
            }
        }
    }

    fn toggle_mark(&mut self) {
        let Some(e) = self.selected_entry() else {
            return;
        };
        match self.marked.iter().position(|&m| m == e) {
            Some(i) => {
                self.marked.remove(i);
            }
            None => self.marked.push(e),
        }
        self.move_by(1);
    }

    fn accept(&mut self) {
        if !self.marked.is_empty() {
            self.outcome = Some(Outcome::Export(self.marked.clone()));
        } else if let Some(e) = self.selected_entry() {
            self.outcome = Some(Outcome::Export(vec![e]));
        } else {
            self.status = Some("Nothing to print: no entry matches".into());
        }
    }

    /// Shows entry `target`: in the current pane when it is there, else in its kind's pane; the
    /// query is cleared when it hides the entry. The current place goes on the history.
    fn jump_to(&mut self, target: usize) -> Option<Effect> {
        if let Some(cur) = self.selected_entry() {
            self.history.push(Place {
                query: self.query.clone(),
                pane: self.pane,
                entry: cur,
            });
        }
        self.show(target, self.query.clone())
    }

    fn back(&mut self) -> Option<Effect> {
        let Some(place) = self.history.pop() else {
            self.status = Some("Nothing to go back to".into());
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
                self.status = Some("Search cleared to show the linked entry".into());
            }
        }
        self.detail_scroll = 0;
        self.link = 0;
        self.keep_visible();
        effect
    }

    /// Every entry, as without a query (in the current sort order).
    fn show_all(&mut self) {
        self.ranked = (0..self.catalogue.len()).map(Hit::unranked).collect();
        self.results_query = String::new();
        self.results_text = String::new();
        self.filter = Filter::default();
        self.partial = None;
        self.query_error = None;
        self.apply_sort();
        self.refresh_facets();
    }

    fn row_of(&self, pane: usize, entry: usize) -> Option<usize> {
        self.rows[pane]
            .iter()
            .position(|&r| self.hits[r as usize].entry == entry)
    }

    fn click(&mut self, column: u16, row: u16) {
        let a = self.areas();
        let pos = (column, row).into();
        if a.tabs.contains(pos) {
            if let Some(p) = crate::ui::tabs::pane_at(self, column.saturating_sub(a.tabs.x)) {
                self.go_pane(p);
            }
        } else if a.list.contains(pos) {
            let inner_top = a.list.y + 1;
            if row >= inner_top {
                let r = self.offset[self.pane] + usize::from(row - inner_top);
                if r < self.rows[self.pane].len() {
                    self.move_to(r);
                }
            }
        } else if a.search.contains(pos) {
            self.mode = Mode::Search;
        }
    }
}

/// Byte offset of char index `i` (the end when past it).
fn byte_at(s: &str, i: usize) -> usize {
    s.char_indices().nth(i).map_or(s.len(), |(b, _)| b)
}
