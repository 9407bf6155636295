//! Highlights: which chars of a hit's field its query matched, for the list to mark. Only the
//! hits on screen are highlighted, so this runs the matcher with indices (and traces a
//! reading's cut back) for a few dozen hits, never for the scan.

use super::fold::{self, fold_string, is_subsequence};
use super::query::{Query, TermKind};
use super::score::{locate, prose_kind};
use super::{Engine, Hit, Prepared, QueryError, sound};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// A new matcher for each text: a reused one can place a text's matches differently after
/// others (see [`super::fuzzy_score`]). Folding already lower-cases; `ignore_case` also turns off
/// smart case, under which `Itf` would miss `ITF`.
fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default().ignore_case()
}

impl Engine {
    /// The highlight of a hit: char indices into `hit.field`'s text, from every positive term
    /// that matches in that field.
    pub fn indices(&self, input: &str, hit: &Hit) -> Vec<usize> {
        self.prepare(input)
            .map(|p| self.highlight(&p, hit))
            .unwrap_or_default()
    }

    /// A query parsed (and converted from Simplified) once, for highlighting many hits.
    pub fn prepare(&self, input: &str) -> Result<Prepared, QueryError> {
        self.parse(input).map(Prepared)
    }

    /// [`Engine::indices`] for a prepared query.
    pub fn highlight(&self, query: &Prepared, hit: &Hit) -> Vec<usize> {
        self.indices_for(&query.0, hit)
    }

    pub(super) fn indices_for(&self, query: &Query, hit: &Hit) -> Vec<usize> {
        if hit.field.is_reading() {
            return self.sound_indices(query, hit);
        }
        let original = self.index.text(hit.entry, hit.field);
        let (normal, kept) = (fold_string(original), fold::fold_string_keep(original));
        let mut out: Vec<usize> = Vec::new();
        let prose = !hit.field.is_name();
        for t in query.groups.iter().flatten().filter(|t| !t.negated) {
            let text = if t.normalize { &normal } else { &kept };
            for (form, _) in t.forms() {
                match t.kind {
                    TermKind::Fuzzy if !prose => {
                        if is_subsequence(form, text)
                            && let Some((_, idx)) = matcher().fuzzy_indices(text, form)
                        {
                            out.extend(idx);
                        }
                    }
                    kind => {
                        if let Some(at) = locate(prose_kind(kind), form, text) {
                            let start = text[..at].chars().count();
                            out.extend(start..start + form.chars().count());
                        }
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

impl Engine {
    /// A hit by sound highlights the characters whose syllables its terms matched.
    fn sound_indices(&self, query: &Query, hit: &Hit) -> Vec<usize> {
        let ix = self.index.view();
        let Some(reading) = ix.readings(hit.entry).find(|f| f.field == hit.field) else {
            return Vec::new();
        };
        let source = self.index.text(hit.entry, hit.field);
        let mut out: Vec<usize> = query
            .groups
            .iter()
            .flatten()
            .filter(|t| !t.negated && t.kind == TermKind::Fuzzy)
            .filter_map(|t| sound::aligned_in(&t.text, reading.syllables()))
            .flat_map(|(_, syllables)| sound::chars_of(source, &syllables))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}
