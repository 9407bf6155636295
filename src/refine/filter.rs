//! The filter both the qualifiers and the CLI flags build, and the facet counts: for the
//! entries a query finds, how many are for each audience, under each administering body and
//! about each tag — each count being exactly what adding that facet's qualifier would find.

use crate::catalogue::{Audience, Catalogue, Entry, Kind, TAGS};

/// What an entry must be to pass: every listed kind, audience, tag and body (AND, as the
/// qualifiers that build it). The empty filter passes everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    pub kinds: Vec<Kind>,
    pub audiences: Vec<Audience>,
    pub tags: Vec<&'static str>,
    /// Entry indices of administering bodies (`by:`).
    pub by: Vec<usize>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self == &Filter::default()
    }

    pub fn add_kind(&mut self, k: Kind) {
        if !self.kinds.contains(&k) {
            self.kinds.push(k);
        }
    }

    pub fn add_audience(&mut self, a: Audience) {
        if !self.audiences.contains(&a) {
            self.audiences.push(a);
        }
    }

    pub fn add_tag(&mut self, t: &'static str) {
        if !self.tags.contains(&t) {
            self.tags.push(t);
        }
    }

    pub fn add_by(&mut self, i: usize) {
        if !self.by.contains(&i) {
            self.by.push(i);
        }
    }

    /// Whether entry `i` of `cat` passes.
    pub fn matches(&self, cat: &Catalogue, i: usize) -> bool {
        let e = &cat.entries()[i];
        self.kinds.iter().all(|&k| e.kind == k)
            && self.audiences.iter().all(|a| e.audience.contains(a))
            && self.tags.iter().all(|t| e.tags.iter().any(|x| x == t))
            && self.by.iter().all(|&b| cat.is_under(i, b))
    }
}

/// The administering bodies the facet panel counts: bodies (kind `bureau`) that administer
/// another entry and are themselves top-level or directly under a top-level one — the
/// bureaus, the commissions and offices under them, and the public companies — in catalogue
/// order.
pub fn bodies(cat: &Catalogue) -> Vec<usize> {
    let entries = cat.entries();
    let depth_ok = |e: &Entry| match e.parent.as_deref().and_then(|p| cat.get(p)) {
        None => true,
        Some(p) => p.parent.as_deref().and_then(|g| cat.get(g)).is_none(),
    };
    let mut out: Vec<usize> = entries
        .iter()
        .filter_map(|e| e.parent.as_deref().and_then(|p| cat.index_of(p)))
        .filter(|&p| entries[p].kind == Kind::Bureau && depth_ok(&entries[p]))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Counts per facet for a set of entries, each list in a fixed order (the vocabularies', the
/// catalogue's), zero counts included.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facets {
    pub audiences: Vec<(Audience, usize)>,
    /// (entry index of the body, count).
    pub bodies: Vec<(usize, usize)>,
    pub tags: Vec<(&'static str, usize)>,
}

impl Facets {
    /// Counts over `entries` (indices into `cat`, each once); `bodies` as [`bodies`] gives.
    pub fn count(
        cat: &Catalogue,
        bodies: &[usize],
        entries: impl Iterator<Item = usize>,
    ) -> Facets {
        let mut audiences = vec![0usize; Audience::ALL.len()];
        let mut tags = vec![0usize; TAGS.len()];
        let mut under = vec![0usize; bodies.len()];
        // Each body's place in `bodies`: an entry's ancestors are walked once, whatever the
        // number of bodies (a synthetic 100,000-entry catalogue has thousands).
        let place: std::collections::HashMap<usize, usize> =
            bodies.iter().enumerate().map(|(k, &b)| (b, k)).collect();
        for i in entries {
            let e = &cat.entries()[i];
            // A word written twice counts once, as the filter passes the entry once.
            for (j, a) in e.audience.iter().enumerate() {
                if !e.audience[..j].contains(a) {
                    audiences[*a as usize] += 1;
                }
            }
            for (j, t) in e.tags.iter().enumerate() {
                if let Some(k) = TAGS.iter().position(|x| x.0 == t)
                    && !e.tags[..j].contains(t)
                {
                    tags[k] += 1;
                }
            }
            for a in cat.ancestors(i) {
                if let Some(&k) = place.get(&a) {
                    under[k] += 1;
                }
            }
        }
        Facets {
            audiences: Audience::ALL.into_iter().zip(audiences).collect(),
            bodies: bodies.iter().copied().zip(under).collect(),
            tags: TAGS.iter().map(|t| t.0).zip(tags).collect(),
        }
    }
}
