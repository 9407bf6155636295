//! The query language, exactly as fzf's extended search (fzf 0.74, `pattern.go`):
//!
//! - terms are separated by spaces (`\ ` is a space inside a term); leading spaces and trailing
//!   ones that are not escaped are dropped; every term must match (AND);
//! - `a | b`: either; `|` binds tighter than AND and joins any term forms, negations included;
//!   a `|` with nothing before it is a term of its own, as in fzf;
//! - `'x` exact, `'x'` exact on word boundaries, `^x` prefix, `x$` suffix, `^x$` the whole text;
//!   `!x` does not contain, `!^x`, `!x$`, `!'x'` their inverses, and `!'x` inverse fuzzy;
//! - a lone `!`, `^` or `'` is nothing; `$` alone is a term.
//!
//! Terms are folded (case, full width) like the texts they are matched against, and Latin
//! diacritics are ignored (`cafe` finds `Café`) unless the term has some itself (`café` then
//! finds only `café`), as fzf normalises.

use super::fold::{char_mask, fold_string_keep, strip_marks};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermKind {
    Fuzzy,
    Exact,
    /// Exact, starting and ending at word boundaries (`'x'`).
    Boundary,
    Prefix,
    Suffix,
    Whole,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub kind: TermKind,
    pub negated: bool,
    /// Folded text to look for.
    pub text: String,
    /// [`char_mask`] of `text`; 0 (no filter) when `normalize` is off, since the texts' masks
    /// are of their normalised form.
    pub mask: u64,
    /// False when the term has Latin diacritics of its own: texts are then compared with theirs.
    pub normalize: bool,
    /// The term's Traditional Chinese (Hong Kong) form, when it was typed in Simplified: any
    /// form matching is a match, and a negation excludes what any form matches.
    pub alt: Option<(String, u64)>,
}

/// A parsed query: every group must match; a group matches when any of its terms does.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub groups: Vec<Vec<Term>>,
}

/// Distinct terms a query may have: each is matched against every entry, so this bounds the
/// work of any query (a repeated term counts once).
pub const MAX_TERMS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("{0} different terms; a query has at most {MAX_TERMS}")]
    TooManyTerms(usize),
}

impl QueryError {
    /// The message in `lang`, for the explorer's search line (`Display` is the English one).
    pub fn message_in(&self, lang: crate::catalogue::Lang) -> String {
        match (self, lang) {
            (_, crate::catalogue::Lang::En) => self.to_string(),
            (QueryError::TooManyTerms(n), crate::catalogue::Lang::Zh) => {
                format!("{n} 個不同的詞；查詢最多 {MAX_TERMS} 個")
            }
        }
    }
}

/// fzf's tokens: split at runs of spaces, `\ ` kept as a space inside a token, after dropping
/// leading spaces and trailing ones that are not escaped.
fn tokens(input: &str) -> Vec<String> {
    let mut s = input.trim_start_matches(' ');
    while s.ends_with(' ') && !s.ends_with("\\ ") {
        s = &s[..s.len() - 1];
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&' ') => {
                chars.next();
                cur.push(' ');
            }
            ' ' => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

impl Query {
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        let mut groups: Vec<Vec<Term>> = Vec::new();
        let mut set: Vec<Term> = Vec::new();
        let (mut switch, mut after_bar) = (false, false);
        for token in tokens(input) {
            if !set.is_empty() && !after_bar && token == "|" {
                switch = false;
                after_bar = true;
                continue;
            }
            after_bar = false;
            let (mut kind, mut negated, mut text) = (TermKind::Fuzzy, false, token.as_str());
            if let Some(rest) = text.strip_prefix('!') {
                negated = true;
                kind = TermKind::Exact;
                text = rest;
            }
            if text != "$" && text.ends_with('$') {
                kind = TermKind::Suffix;
                text = &text[..text.len() - 1];
            }
            // Byte lengths, as fzf's Go strings.
            if text.len() > 2 && text.starts_with('\'') && text.ends_with('\'') {
                kind = TermKind::Boundary;
                text = &text[1..text.len() - 1];
            } else if let Some(rest) = text.strip_prefix('\'') {
                // `'` flips exactness: exact, or fuzzy for a negation.
                kind = if negated {
                    TermKind::Fuzzy
                } else {
                    TermKind::Exact
                };
                text = rest;
            } else if let Some(rest) = text.strip_prefix('^') {
                kind = if kind == TermKind::Suffix {
                    TermKind::Whole
                } else {
                    TermKind::Prefix
                };
                text = rest;
            }
            if text.is_empty() {
                continue;
            }
            if switch {
                groups.push(std::mem::take(&mut set));
            }
            set.push(Term::new(kind, negated, text));
            switch = true;
        }
        if !set.is_empty() {
            groups.push(set);
        }
        // `a a` is `a`, and `a | a` too: a repeated term is matched once.
        let mut seen_groups = std::collections::HashSet::new();
        let mut terms = 0;
        groups.retain_mut(|group| {
            let mut seen = std::collections::HashSet::new();
            group.retain(|t| seen.insert((t.kind, t.negated, t.text.clone())));
            let key: Vec<_> = group
                .iter()
                .map(|t| (t.kind, t.negated, t.text.clone()))
                .collect();
            let new = seen_groups.insert(key);
            if new {
                terms += group.len();
            }
            new
        });
        if terms > MAX_TERMS {
            return Err(QueryError::TooManyTerms(terms));
        }
        Ok(Query { groups })
    }

    /// Gives each term with Chinese in it the form `convert` makes of it (Simplified to
    /// Traditional), when that differs.
    pub fn convert(&mut self, convert: impl Fn(&str) -> Option<String>) {
        for t in self.groups.iter_mut().flatten() {
            if let Some(c) = convert(&t.text).filter(|c| *c != t.text) {
                let c = fold_string_keep(&c);
                let mask = if t.normalize { char_mask(&c) } else { 0 };
                t.alt = Some((c, mask));
            }
        }
    }

    /// No positive term: every entry that no negation excludes matches, in catalogue order.
    pub fn has_positive(&self) -> bool {
        self.groups.iter().any(|g| g.iter().any(|t| !t.negated))
    }

    /// True when every entry matching `self` also matches `older`, so a search for `self` may
    /// look only at `older`'s results (incremental narrowing as the user types).
    pub fn narrows(&self, older: &Query) -> bool {
        older.groups.iter().all(|old| {
            self.groups.iter().any(|new| {
                // `new` (any alternative) implies `old` (some alternative).
                new.iter().all(|n| old.iter().any(|o| n.implies(o)))
            })
        })
    }
}

impl Term {
    fn new(kind: TermKind, negated: bool, raw: &str) -> Term {
        let text = fold_string_keep(raw);
        let normalize = strip_marks(&text) == text;
        Term {
            kind,
            negated,
            mask: if normalize { char_mask(&text) } else { 0 },
            normalize,
            text,
            alt: None,
        }
    }

    /// The texts this term looks for, with their masks: its own, and its Traditional form.
    pub fn forms(&self) -> impl Iterator<Item = (&str, u64)> {
        std::iter::once((self.text.as_str(), self.mask))
            .chain(self.alt.as_ref().map(|(t, m)| (t.as_str(), *m)))
    }

    /// Every text matching `self` also matches `other`.
    fn implies(&self, other: &Term) -> bool {
        if self.negated || other.negated || self.normalize != other.normalize {
            return self == other;
        }
        self.forms().all(|(a, _)| {
            other
                .forms()
                .any(|(b, _)| kind_implies(self.kind, a, other.kind, b))
        })
    }
}

/// Whether a text matching `a` as `ka` also matches `b` as `kb`.
fn kind_implies(ka: TermKind, a: &str, kb: TermKind, b: &str) -> bool {
    use TermKind::*;
    match (ka, kb) {
        // A term of plain letters may match a Chinese name by sound, where only what begins it
        // is sure to match too (`congsan` matches where `cong` does, not where `ngsan` does).
        (Fuzzy, Fuzzy) if super::sound::eligible(a) => {
            a.starts_with(b) && super::sound::eligible(b)
        }
        // Names match fuzzily, prose only as written: `b` must be inside `a` for both.
        (_, Fuzzy) => a.contains(b),
        (Exact | Boundary | Prefix | Suffix | Whole, Exact) => a.contains(b),
        (Boundary, Boundary) => a == b,
        (Prefix | Whole, Prefix) => a.starts_with(b),
        (Suffix | Whole, Suffix) => a.ends_with(b),
        (Whole, Whole) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(q: &str) -> Vec<Vec<(TermKind, bool, String)>> {
        Query::parse(q)
            .unwrap()
            .groups
            .into_iter()
            .map(|g| g.into_iter().map(|t| (t.kind, t.negated, t.text)).collect())
            .collect()
    }

    #[test]
    fn parses_fzf_syntax() {
        use TermKind::*;
        assert_eq!(kinds("  "), Vec::<Vec<_>>::new());
        assert_eq!(
            kinds("Talent HUB"),
            vec![
                vec![(Fuzzy, false, "talent".into())],
                vec![(Fuzzy, false, "hub".into())]
            ]
        );
        assert_eq!(kinds("'fund"), vec![vec![(Exact, false, "fund".into())]]);
        assert_eq!(kinds("^innov"), vec![vec![(Prefix, false, "innov".into())]]);
        assert_eq!(kinds("fund$"), vec![vec![(Suffix, false, "fund".into())]]);
        assert_eq!(kinds("^itf$"), vec![vec![(Whole, false, "itf".into())]]);
        assert_eq!(kinds("!park"), vec![vec![(Exact, true, "park".into())]]);
        assert_eq!(kinds("!^hk"), vec![vec![(Prefix, true, "hk".into())]]);
        assert_eq!(
            kinds("itf | rth fund"),
            vec![
                vec![(Fuzzy, false, "itf".into()), (Fuzzy, false, "rth".into())],
                vec![(Fuzzy, false, "fund".into())]
            ]
        );
        assert_eq!(kinds("ＩＴＦ"), vec![vec![(Fuzzy, false, "itf".into())]]);
        assert_eq!(kinds("$"), vec![vec![(Fuzzy, false, "$".into())]]);
    }

    /// fzf 0.74's parse of each query (`pattern.go`), term by term.
    #[test]
    fn parses_every_form_as_fzf_does() {
        use TermKind::*;
        let f = |s: &str| (Fuzzy, false, s.to_string());
        assert_eq!(kinds("| itf"), vec![vec![f("|")], vec![f("itf")]]);
        assert_eq!(kinds("itf |"), vec![vec![f("itf")]]);
        assert_eq!(
            kinds("itf | | rth"),
            vec![vec![f("itf"), f("|")], vec![f("rth")]]
        );
        assert_eq!(kinds("! ^ ' itf"), vec![vec![f("itf")]]);
        assert_eq!(
            kinds("'fund'"),
            vec![vec![(Boundary, false, "fund".into())]]
        );
        assert_eq!(
            kinds("!'fund'"),
            vec![vec![(Boundary, true, "fund".into())]]
        );
        assert_eq!(kinds("!'fund"), vec![vec![(Fuzzy, true, "fund".into())]]);
        assert_eq!(kinds("''"), vec![vec![(Exact, false, "'".into())]]);
        // `$` is taken first, then `'` flips exactness and wins: `'fund$` is exact "fund".
        assert_eq!(kinds("'fund$"), vec![vec![(Exact, false, "fund".into())]]);
        assert_eq!(kinds("!fund$"), vec![vec![(Suffix, true, "fund".into())]]);
        assert_eq!(kinds("!^fund$"), vec![vec![(Whole, true, "fund".into())]]);
        assert_eq!(kinds("talent\\ hub"), vec![vec![f("talent hub")]]);
        assert_eq!(kinds("  hub\\ "), vec![vec![f("hub ")]]);
        assert_eq!(
            kinds("fund | !park"),
            vec![vec![f("fund"), (Exact, true, "park".into())]]
        );
        assert_eq!(
            kinds("!a | !b"),
            vec![vec![(Exact, true, "a".into()), (Exact, true, "b".into())]]
        );
    }

    #[test]
    fn a_term_with_diacritics_of_its_own_is_not_normalised() {
        let q = Query::parse("cafe café").unwrap();
        assert!(q.groups[0][0].normalize);
        assert!(!q.groups[1][0].normalize);
        assert_eq!(q.groups[1][0].text, "café");
        assert_eq!(q.groups[1][0].mask, 0);
    }

    #[test]
    fn narrowing_only_when_results_can_only_shrink() {
        let q = |s: &str| Query::parse(s).unwrap();
        assert!(q("tal").narrows(&q("ta")));
        assert!(q("ta hub").narrows(&q("ta")));
        assert!(q("^innov").narrows(&q("^inn")));
        assert!(q("fund$").narrows(&q("fund")));
        assert!(!q("!park").narrows(&q("!par")));
        assert!(!q("itf | rth").narrows(&q("itf")));
        assert!(q("itf").narrows(&q("itf | rth")));
        assert!(!q("ab").narrows(&q("ab$")));
        assert!(q("x").narrows(&q("")));
        assert!(
            !q("abc").narrows(&q("ac")),
            "ac may match prose that abc matches only as a name"
        );
    }

    #[test]
    fn repeated_terms_count_once_and_too_many_are_refused() {
        let q = Query::parse(&"'rth ".repeat(2500)).unwrap();
        assert_eq!(q.groups.len(), 1);
        let q = Query::parse("itf | itf rth itf | itf").unwrap();
        assert_eq!(q.groups.len(), 2);
        assert_eq!(q.groups[0].len(), 1);
        let many: String = (0..1500).map(|i| format!("t{i} ")).collect();
        assert_eq!(Query::parse(&many), Err(QueryError::TooManyTerms(1500)));
        let most: String = (0..MAX_TERMS).map(|i| format!("t{i} ")).collect();
        assert_eq!(Query::parse(&most).unwrap().groups.len(), MAX_TERMS);
    }
}
