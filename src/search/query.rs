//! The query language, as fzf's: whitespace-separated terms must all match; `'exact`,
//! `^prefix`, `suffix$`, `^whole$`, `!negation` (with `!^`, `!…$`), and `a | b` for either.
//! Terms are folded (case, full width) like the texts they are matched against.

use super::fold::{char_mask, fold_string};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermKind {
    Fuzzy,
    Exact,
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
    pub mask: u64,
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
    #[error("`|` needs a term on both sides (as in `itf | rth`)")]
    DanglingOr,
    #[error(
        "`{}` needs a word after it (as in `!park`, `^innov`, `fund$`, `'exact`)",
        crate::catalogue::quote(.0)
    )]
    EmptyTerm(String),
    #[error("{0} different terms; a query has at most {MAX_TERMS}")]
    TooManyTerms(usize),
}

impl Query {
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        let mut groups: Vec<Vec<Term>> = Vec::new();
        let mut pending_or = false;
        for word in input.split_whitespace() {
            if word == "|" {
                if groups.is_empty() || pending_or {
                    return Err(QueryError::DanglingOr);
                }
                pending_or = true;
                continue;
            }
            let term = Term::parse(word)?;
            match (pending_or, groups.last_mut()) {
                (true, Some(group)) => group.push(term),
                _ => groups.push(vec![term]),
            }
            pending_or = false;
        }
        if pending_or {
            return Err(QueryError::DanglingOr);
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
    fn parse(word: &str) -> Result<Term, QueryError> {
        let (negated, rest) = match word.strip_prefix('!') {
            Some(r) => (true, r),
            None => (false, word),
        };
        let (kind, text) = if let Some(r) = rest.strip_prefix('\'') {
            (TermKind::Exact, r)
        } else {
            let (prefix, r) = match rest.strip_prefix('^') {
                Some(r) => (true, r),
                None => (false, rest),
            };
            let (suffix, r) = match r.strip_suffix('$') {
                Some(s) if !s.is_empty() || prefix => (true, s),
                _ => (false, r),
            };
            let kind = match (prefix, suffix) {
                (true, true) => TermKind::Whole,
                (true, false) => TermKind::Prefix,
                (false, true) => TermKind::Suffix,
                // fzf: a negated plain term is an exact "does not contain".
                (false, false) if negated => TermKind::Exact,
                (false, false) => TermKind::Fuzzy,
            };
            (kind, r)
        };
        if text.is_empty() {
            return Err(QueryError::EmptyTerm(word.to_string()));
        }
        let text = fold_string(text);
        Ok(Term {
            kind,
            negated,
            mask: char_mask(&text),
            text,
        })
    }

    /// Every text matching `self` also matches `other`.
    fn implies(&self, other: &Term) -> bool {
        use TermKind::*;
        if self.negated || other.negated {
            return self == other;
        }
        let (a, b) = (&self.text, &other.text);
        match (self.kind, other.kind) {
            // Names match fuzzily, prose only as written: `b` must be inside `a` for both.
            (_, Fuzzy) => a.contains(b.as_str()),
            (Exact | Prefix | Suffix | Whole, Exact) => a.contains(b.as_str()),
            (Prefix | Whole, Prefix) => a.starts_with(b.as_str()),
            (Suffix | Whole, Suffix) => a.ends_with(b.as_str()),
            (Whole, Whole) => a == b,
            _ => false,
        }
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

    #[test]
    fn rejects_what_is_not_a_query() {
        assert_eq!(Query::parse("| itf"), Err(QueryError::DanglingOr));
        assert_eq!(Query::parse("itf |"), Err(QueryError::DanglingOr));
        assert_eq!(Query::parse("itf | | rth"), Err(QueryError::DanglingOr));
        assert_eq!(Query::parse("!"), Err(QueryError::EmptyTerm("!".into())));
        assert_eq!(Query::parse("^"), Err(QueryError::EmptyTerm("^".into())));
        assert_eq!(Query::parse("'"), Err(QueryError::EmptyTerm("'".into())));
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
