//! What the detail and the facet panel show beside the list: an entry's links by section
//! (parent, related, what it administers, what references it; listed by `links.rs`) and the
//! facet rows of the current results, with the lines they take in the panel (so that a click
//! finds the row the panel drew there). Read by `ui/` and by [`App::update`] (following a link,
//! choosing a facet).

use super::{App, Mode};
use crate::catalogue::Lang;
use crate::refine::{Facets, Key};

/// One choosable row of the facet panel: a qualifier and how many current results it keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetRow {
    pub key: Key,
    /// The qualifier's value as it is added to the query (`start-ups`, `itc`, `biotech`).
    pub value: String,
    /// What the panel shows, in the UI language.
    pub label: String,
    pub count: usize,
    /// The query has this qualifier already (choosing it removes it).
    pub active: bool,
}

/// The links of an entry's detail, by section (see [`App::links`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LinkGroups {
    pub parent: Option<usize>,
    pub related: Vec<usize>,
    pub administers: Vec<usize>,
    pub referenced_by: Vec<usize>,
}

/// The panel's line of each row: a heading line before each group (audiences, bodies, tags) and
/// an empty line between groups, as `ui::facets` draws them.
pub fn facet_lines(rows: &[FacetRow]) -> Vec<usize> {
    let mut out = Vec::with_capacity(rows.len());
    let mut line = 0;
    let mut last: Option<Key> = None;
    for r in rows {
        if last != Some(r.key) {
            if last.is_some() {
                line += 1;
            }
            line += 1;
            last = Some(r.key);
        }
        out.push(line);
        line += 1;
    }
    out
}

/// The first line the panel shows in `height` rows: the cursor's line stays on screen, a little
/// above the bottom.
pub fn facet_scroll(cursor_line: usize, height: usize) -> usize {
    (cursor_line + 2).saturating_sub(height.max(1))
}

impl App<'_> {
    /// The facet panel's choosable rows: audiences, then bodies, then tags, each with the
    /// number of current results it keeps; facets that keep none are left out unless chosen.
    pub fn facet_rows(&self) -> Vec<FacetRow> {
        let cat = self.catalogue;
        let lang = self.lang;
        let mut rows = Vec::new();
        for &(a, count) in &self.facets.audiences {
            let active = self.filter.audiences.contains(&a);
            if count > 0 || active {
                rows.push(FacetRow {
                    key: Key::For,
                    value: a.as_str().to_string(),
                    label: a.label(lang).to_string(),
                    count,
                    active,
                });
            }
        }
        for &(b, count) in &self.facets.bodies {
            let active = self.filter.by.contains(&b);
            if count > 0 || active {
                let e = &cat.entries()[b];
                // An English name is long: its short form (ITC, OGCIO) when it has one.
                let label = match lang {
                    Lang::Zh => e.name.zh.clone(),
                    Lang::En => e
                        .aliases
                        .iter()
                        .find(|a| a.len() <= 10 && a.chars().all(|c| c.is_ascii_alphanumeric()))
                        .cloned()
                        .unwrap_or_else(|| e.name.en.clone()),
                };
                rows.push(FacetRow {
                    key: Key::By,
                    value: e.id.clone(),
                    label,
                    count,
                    active,
                });
            }
        }
        for &(t, count) in &self.facets.tags {
            let active = self.filter.tags.contains(&t);
            if count > 0 || active {
                rows.push(FacetRow {
                    key: Key::Tag,
                    value: t.to_string(),
                    label: crate::catalogue::vocab::tag_label(t, lang).to_string(),
                    count,
                    active,
                });
            }
        }
        rows
    }

    /// Counts the facets of the current results (only while the panel is open: at 100,000
    /// entries a count is not free).
    pub(super) fn refresh_facets(&mut self) {
        if self.mode != Mode::Facets {
            return;
        }
        let entries = self.hits.iter().map(|h| h.entry);
        let cat = self.catalogue;
        let bodies = self
            .bodies
            .get_or_insert_with(|| crate::refine::bodies(cat));
        self.facets = Facets::count(cat, bodies, entries);
        let n = self.facet_rows().len();
        self.facet_cursor = self.facet_cursor.min(n.saturating_sub(1));
    }

    /// The facet row the panel shows at screen row `row`, if one is there (not a heading).
    pub(super) fn facet_at(&self, row: u16) -> Option<usize> {
        let area = self.areas().detail;
        let y = usize::from(row.checked_sub(area.y + 1)?);
        let h = usize::from(area.height.saturating_sub(2));
        if y >= h {
            return None;
        }
        let lines = facet_lines(&self.facet_rows());
        let cursor_line = lines.get(self.facet_cursor).copied().unwrap_or(0);
        let line = facet_scroll(cursor_line, h) + y;
        lines.iter().position(|&l| l == line)
    }
}
