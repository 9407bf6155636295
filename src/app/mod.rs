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

pub mod detail;
mod facets;
pub mod keymap;
pub mod layout;
mod links;
mod mouse;
pub mod text;
pub mod theme;

pub use facets::{FacetRow, LinkGroups, facet_lines, facet_scroll};

use crate::catalogue::{Catalogue, Entry, Kind, Lang};
use crate::refine::{self, Facets, Filter, NameKeys, Refined, Sort};
use crate::search::{Engine, Found, Hit, Partial, QueryError};
use layout::{Areas, PaneLayout};
use ratatui::layout::Rect;
use theme::Theme;

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
    /// Open the search line with this query (`--query`), the cursor at its end.
    Query(String),
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
    /// Scroll the help overlay when it does not fit.
    ScrollHelp(i32),
    /// `s`: the next sort order.
    CycleSort,
    /// Show the results in this order (the config's `sort`, at start).
    SortBy(Sort),
    /// `F`: open or close the facet panel.
    ToggleFacets,
    /// Move the facet panel's cursor by this many rows.
    FacetMove(i32),
    /// Add the facet under the cursor to the query, or remove it when it is there.
    ChooseFacet,
    Copy,
    Resize(u16, u16),
    /// The explorer's area on the screen changed: the whole screen after a resize, or the
    /// inline area (`--height`), which starts below the prompt.
    Viewport(Rect),
    Click(u16, u16),
    /// The second click of a double-click at the same place (the first came as a `Click`).
    DoubleClick(u16, u16),
    Wheel {
        down: bool,
        column: u16,
        row: u16,
    },
    /// Results of the search for `generation`'s query. Its last [`Found::pending`] hits may not
    /// be ranked yet; a [`Action::SearchSettled`] brings them ranked.
    SearchDone {
        generation: u64,
        result: Result<Found, QueryError>,
    },
    /// The whole ranking of `generation`'s results, which came with hits pending.
    SearchSettled {
        generation: u64,
        hits: Vec<Hit>,
    },
}

/// Work for the event loop, returned by [`App::update`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Search {
        generation: u64,
        query: String,
    },
    /// Copy these entries to the clipboard (OSC 52), in this order.
    Copy(Vec<usize>),
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
    /// Why the query cannot be searched, in the UI's language (see [`Fault`]).
    pub query_error: Option<String>,
    fault: Option<Fault>,
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
    /// The first row of the help overlay shown (↓ ↑ when it does not fit).
    pub help_scroll: u16,
    /// The link selected in the detail (0 = parent when there is one, then related).
    pub link: usize,
    /// Marked entries, in the order they were marked.
    pub marked: Vec<usize>,
    pub lang: Lang,
    pub status: Option<String>,
    pub outcome: Option<Outcome>,
    pub width: u16,
    pub height: u16,
    /// The screen row the explorer's area starts at (0 but inline).
    pub top: u16,
    /// The styles it draws with: from the colour flag, or the config's theme.
    pub theme: Theme,
    /// The config's key bindings for the list (none by default).
    pub bindings: keymap::Bindings,
    history: Vec<Place>,
    generation: u64,
    searching: bool,
    /// True while the results shown have hits pending (see [`Action::SearchSettled`]).
    settling: bool,
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
            fault: None,
            partial: None,
            hits,
            rows: vec![Vec::new(); n],
            selected: vec![0; n],
            offset: vec![0; n],
            detail_scroll: 0,
            help_scroll: 0,
            link: 0,
            marked: Vec::new(),
            lang,
            status: None,
            outcome: None,
            width: 80,
            height: 24,
            top: 0,
            theme: Theme::from_color(color),
            bindings: keymap::Bindings::default(),
            history: Vec::new(),
            generation: 0,
            searching: false,
            settling: false,
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

    /// True while the current results wait for the rest of their ranking: their order below
    /// the first screen may still change.
    pub fn is_settling(&self) -> bool {
        self.settling
    }

    pub fn areas(&self) -> Areas {
        PaneLayout::new(self.width, self.height)
            .at(self.top)
            .areas()
    }

    /// The selected entry's detail, wrapped to the detail pane: its document, the pane's inner
    /// width and height.
    fn detail(&self) -> Option<(detail::Document, u16, u16)> {
        let entry = self.selected_entry()?;
        let area = self.areas().detail;
        let (w, h) = (area.width.saturating_sub(2), area.height.saturating_sub(2));
        let doc = detail::document(self, &self.theme(), entry, usize::from(w).max(1));
        Some((doc, w, h))
    }

    /// How many rows the selected entry's detail takes when wrapped to the detail pane.
    fn detail_height(&self) -> u16 {
        self.detail().map_or(0, |(doc, w, _)| {
            doc.rows(w).min(usize::from(u16::MAX)) as u16
        })
    }

    /// The styles the explorer draws with.
    pub fn theme(&self) -> Theme {
        self.theme
    }

    fn list_height(&self) -> usize {
        usize::from(self.areas().list.height.saturating_sub(2)).max(1)
    }

    /// The one mutator. Returns work for the event loop, if any.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if !matches!(
            action,
            Action::SearchDone { .. } | Action::Resize(..) | Action::Viewport(..) | Action::Suspend
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
            Action::Query(q) => {
                self.mode = Mode::Search;
                self.cursor = q.chars().count();
                return self.set_query(q);
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
                self.keep_link_on_screen();
            }
            Action::NextLink => self.step_link(true),
            Action::PrevLink => self.step_link(false),
            Action::FollowLink => return self.follow_link(),
            Action::GoParent => return self.go_parent(),
            Action::Back => return self.back(),
            Action::ToggleLang => {
                self.lang = self.lang.other();
                let fault = self.fault.take();
                self.set_fault(fault);
                // Names order by the language shown.
                if self.sort == Sort::Name {
                    self.sort_by(Sort::Name);
                }
            }
            Action::ToggleHelp => {
                self.help_scroll = 0;
                self.mode = if self.mode == Mode::Help {
                    Mode::Normal
                } else {
                    Mode::Help
                };
            }
            Action::CloseHelp => self.mode = Mode::Normal,
            // Clamped when drawn, where the help's length is known.
            Action::ScrollHelp(by) => {
                self.help_scroll = (i32::from(self.help_scroll) + by).clamp(0, 100) as u16
            }
            Action::SortBy(sort) => self.sort_by(sort),
            Action::CycleSort => {
                self.sort_by(self.sort.next());
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
            Action::Copy => return self.copy(),
            Action::Resize(w, h) => {
                self.width = w;
                self.height = h;
                self.keep_visible();
            }
            Action::Viewport(area) => {
                self.width = area.width;
                self.height = area.height;
                self.top = area.y;
                self.keep_visible();
            }
            Action::Click(column, row) => return self.click(column, row),
            Action::DoubleClick(column, row) => self.double_click(column, row),
            Action::Wheel { down, column, row } => return self.wheel(down, column, row),
            Action::SearchDone { generation, result } => {
                if generation != self.generation {
                    return None; // a newer query is on its way
                }
                self.searching = false;
                self.settling = false;
                match result {
                    Ok(found) => {
                        self.settling = found.pending > 0;
                        self.set_fault(None);
                        let current = self.selected_entry();
                        self.results_query = self.query.clone();
                        self.results_text = refine::split(&self.query).1;
                        self.filter = std::mem::take(&mut self.pending);
                        self.set_ranked(found.hits);
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
                    Err(e) => self.set_fault(Some(Fault::Terms(e))),
                }
            }
            Action::SearchSettled { generation, hits } => {
                if generation == self.generation && self.settling {
                    self.settled(hits);
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
                self.set_fault(Some(Fault::Filter(e)));
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

    /// A search's hits, as ranked, that the results' qualifiers keep.
    fn set_ranked(&mut self, hits: Vec<Hit>) {
        let (cat, filter) = (self.catalogue, &self.filter);
        self.ranked = hits;
        if !filter.is_empty() {
            self.ranked.retain(|h| filter.matches(cat, h.entry));
        }
    }

    /// The whole ranking of the results shown: each pane's selection stays on its entry if the
    /// user moved it, else on the best match (its first row), as after any search.
    fn settled(&mut self, hits: Vec<Hit>) {
        self.settling = false;
        let before = self.selected_entry();
        let keep: Vec<Option<usize>> = (0..self.panes.len())
            .map(|p| {
                (self.selected[p] > 0)
                    .then(|| self.hit(p, self.selected[p]).map(|h| h.entry))
                    .flatten()
            })
            .collect();
        self.set_ranked(hits);
        self.apply_sort();
        for (p, entry) in keep.into_iter().enumerate() {
            if let Some(e) = entry {
                self.selected[p] = self.row_of(p, e).unwrap_or(0);
            }
        }
        if self.selected_entry() != before {
            self.detail_scroll = 0;
            self.link = 0;
        }
        self.keep_visible();
    }

    /// Shows the results in `sort`'s order, the selected entry still selected.
    fn sort_by(&mut self, sort: Sort) {
        self.sort = sort;
        let current = self.selected_entry();
        self.apply_sort();
        for p in 0..self.panes.len() {
            self.selected[p] = current.and_then(|k| self.row_of(p, k)).unwrap_or(0);
        }
        self.keep_visible();
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

    /// `y`: the marked entries when there are any, else the one under the cursor.
    fn copy(&mut self) -> Option<Effect> {
        let entries = if self.marked.is_empty() {
            vec![self.selected_entry()?]
        } else {
            self.marked.clone()
        };
        let what = match entries.as_slice() {
            [one] => self.catalogue.entries()[*one].id.clone(),
            many => match self.lang {
                Lang::En => format!("{} marked entries", many.len()),
                Lang::Zh => format!("{} 個已選條目", many.len()),
            },
        };
        self.status = Some(match self.lang {
            Lang::En => format!("Copied {what} to the clipboard (OSC 52)"),
            Lang::Zh => format!("已複製 {what} 到剪貼簿（OSC 52）"),
        });
        Some(Effect::Copy(entries))
    }

    /// Records why the query cannot be searched, and says it in the UI's language.
    fn set_fault(&mut self, fault: Option<Fault>) {
        self.query_error = fault.as_ref().map(|f| f.message(self.lang));
        self.fault = fault;
    }

    /// A message in the UI's language.
    fn say(&self, en: &str, zh: &str) -> String {
        match self.lang {
            Lang::En => en.to_string(),
            Lang::Zh => zh.to_string(),
        }
    }

    fn accept(&mut self) {
        if !self.marked.is_empty() {
            self.outcome = Some(Outcome::Export(self.marked.clone()));
        } else if let Some(e) = self.selected_entry() {
            self.outcome = Some(Outcome::Export(vec![e]));
        } else {
            self.status = Some(self.say(
                "Nothing to print: no entry matches",
                "沒有可輸出的條目：沒有相符的條目",
            ));
        }
    }
}

/// Why a query cannot be searched: kept, not only its message, so that switching the language
/// says it again in the other one.
#[derive(Debug, Clone)]
enum Fault {
    /// A qualifier names nothing (`for:astronaut`).
    Filter(refine::FilterError),
    /// The search refused it (too many terms).
    Terms(QueryError),
}

impl Fault {
    fn message(&self, lang: Lang) -> String {
        match self {
            Fault::Filter(e) => e.message_in(lang),
            Fault::Terms(e) => e.message_in(lang),
        }
    }
}

/// Byte offset of char index `i` (the end when past it).
fn byte_at(s: &str, i: usize) -> usize {
    s.char_indices().nth(i).map_or(s.len(), |(b, _)| b)
}
