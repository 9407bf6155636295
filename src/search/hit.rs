//! What a search gives: its hits ([`Hit`]: an entry, its score, the [`Field`] it matched in
//! and its [`Tier`]), what the explorer gets ([`Found`], [`Partial`]), and what a keystroke's
//! first answer must rank ([`FirstScreen`]).

use crate::catalogue::{Entry, Kind};

/// Which text of an entry a hit is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "field", content = "index")]
pub enum Field {
    NameEn,
    NameZh,
    Alias(u16),
    Tag(u16),
    SummaryEn,
    SummaryZh,
    /// The Jyutping reading of a name or alias, by its code (1 the Chinese name, 2 + k alias
    /// k): its text, and what it highlights, is that name's.
    Jyutping(u16),
    /// The pinyin reading of a name or alias, as [`Field::Jyutping`].
    Pinyin(u16),
}

impl Field {
    /// Names and aliases, and their readings: what "search by scheme name" means.
    pub fn is_name(self) -> bool {
        !matches!(self, Field::Tag(_) | Field::SummaryEn | Field::SummaryZh)
    }

    pub fn is_reading(self) -> bool {
        matches!(self, Field::Jyutping(_) | Field::Pinyin(_))
    }

    /// The name or alias a reading reads; any other field itself.
    pub fn source(self) -> Field {
        match self {
            Field::Jyutping(c) | Field::Pinyin(c) => match c {
                0 => Field::NameEn,
                1 => Field::NameZh,
                k => Field::Alias(k - 2),
            },
            f => f,
        }
    }

    /// The field's original text in `entry` (a reading's: the name it reads).
    pub fn text(self, entry: &Entry) -> &str {
        match self.source() {
            Field::NameEn => &entry.name.en,
            Field::NameZh => &entry.name.zh,
            Field::Alias(i) => entry.aliases.get(usize::from(i)).map_or("", String::as_str),
            Field::Tag(i) => entry.tags.get(usize::from(i)).map_or("", String::as_str),
            Field::SummaryEn => &entry.summary.en,
            Field::SummaryZh => &entry.summary.zh,
            Field::Jyutping(_) | Field::Pinyin(_) => "",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Field::NameEn => "name.en",
            Field::NameZh => "name.zh",
            Field::Alias(_) => "alias",
            Field::Tag(_) => "tag",
            Field::SummaryEn => "summary.en",
            Field::SummaryZh => "summary.zh",
            Field::Jyutping(_) => "jyutping",
            Field::Pinyin(_) => "pinyin",
        }
    }
}

/// One matching entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`Catalogue::entries`](crate::catalogue::Catalogue::entries).
    pub entry: usize,
    pub score: i64,
    /// Where the best match is; its text is `field.text(entry)`.
    pub field: Field,
    /// Char indices (not bytes) into that text to highlight, ascending. Filled for the hits a
    /// search was asked to mark (its `limit`); [`Engine::indices`](super::Engine::indices) computes them for others.
    pub indices: Vec<usize>,
    /// How the worst-matched term matched (see [`Tier`]); ranks before the score.
    pub(super) tier: Tier,
    pub(super) exact_name: bool,
    pub(super) name_len: u32,
}

impl Hit {
    /// How its worst term matched: hits are ranked by this first.
    pub fn tier(&self) -> Tier {
        self.tier
    }

    /// A hit for an entry shown without a query (catalogue order, nothing highlighted).
    pub fn unranked(entry: usize) -> Hit {
        Hit {
            entry,
            score: 0,
            field: Field::NameEn,
            indices: Vec::new(),
            tier: Tier::NameWord,
            exact_name: false,
            name_len: 0,
        }
    }
}

/// How a term matched an entry, best first. A hit ranks by its worst term: a query whose every
/// term is a word (or the start of one) in a name or alias ranks first, then in a tag, then a
/// Chinese name read by sound, then a word in a summary — all above a term scattered through a
/// name (`lok ma chau` finds the Loop's own entries before a long name that holds those letters
/// here and there), and that above a term found inside a word of prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// A whole word or a word's start in a name or alias (a Chinese term: anywhere, together).
    NameWord = 0,
    /// The same in a tag.
    TagWord = 1,
    /// A Chinese name or alias read by sound: syllables, run together or by initials.
    Sound = 2,
    /// A word or a word's start in a summary.
    ProseWord = 3,
    /// Elsewhere in a name or alias: a scattered subsequence, or inside a word.
    Name = 4,
    /// Inside a word of a tag or summary.
    Prose = 5,
}

/// What a search found for the explorer: see [`Engine::find`](super::Engine::find).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// Set when no entry matches every term and `hits` are those that match the most.
    pub partial: Option<Partial>,
    /// How many of the last hits are not ranked yet: the matches below the first screen, in
    /// catalogue order, which [`Searcher::settle`](super::Searcher::settle) ranks (see [`Searcher::find_top`](super::Searcher::find_top)). 0 when
    /// the hits are in their final order.
    pub pending: usize,
}

/// How partial the hits of a [`Found`] are: they match `matched` of the query's `of` terms
/// (groups, counting `a | b` as one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partial {
    pub matched: usize,
    pub of: usize,
}

/// What the first answer to a keystroke must rank exactly (see [`Searcher::find_top`](super::Searcher::find_top)): `rows`
/// hits, of `kind` if it is given (the explorer's pane), or all of them if there are fewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirstScreen {
    pub rows: usize,
    pub kind: Option<Kind>,
}

impl FirstScreen {
    /// `rows` hits of any kind.
    pub fn rows(rows: usize) -> FirstScreen {
        FirstScreen { rows, kind: None }
    }
}
