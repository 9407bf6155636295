//! The catalogue: Hong Kong's innovation and technology bodies, funds, parks, schemes and
//! initiatives as validated, in-memory data.
//!
//! A catalogue is built once from TOML ([`load`]) and then only read. Every entry has both an
//! English and a Chinese name, its administering body as a resolved link, and figures that carry
//! their unit, their as-at date and the words of the source they were quoted from. Nothing here
//! knows about terminals: the CLI, the exporter and the explorer all read the same values.

pub mod cite;
mod date;
mod error;
pub(crate) mod idmap;
mod load;
mod quick;
mod raw;
mod split;
mod stream;
mod text;
pub mod units;
mod validate;
pub mod vocab;
pub mod written;

use serde::Serialize;

use idmap::IdMap;

pub use date::is_iso_date;
pub use error::{LoadError, Problem};
pub use load::{Progress, SHIPPED, SHIPPED_ORIGIN, load_path, parse_str, read_path, shipped};
pub use stream::{EntryIds, read_path_folded};
pub use text::{
    QUOTE_COLUMNS, cut, escape, is_forbidden, is_invisible, is_kebab, is_visible, quote,
    text_is_safe,
};
pub use vocab::{Audience, TAGS};

/// The language a piece of text is shown in first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// The other language: the one shown second.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }
}

/// A text in both of Hong Kong's written languages.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// What an entry is; each kind is one pane of the explorer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Bureau,
    Fund,
    Park,
    Talent,
    Research,
    Digital,
    Cooperation,
    Event,
    Strategy,
    Inclusion,
}

impl Kind {
    /// Every kind, in pane order: the four main panes first.
    pub const ALL: [Kind; 10] = [
        Kind::Bureau,
        Kind::Fund,
        Kind::Park,
        Kind::Talent,
        Kind::Research,
        Kind::Digital,
        Kind::Cooperation,
        Kind::Event,
        Kind::Strategy,
        Kind::Inclusion,
    ];

    /// The name used in catalogue files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Bureau => "bureau",
            Kind::Fund => "fund",
            Kind::Park => "park",
            Kind::Talent => "talent",
            Kind::Research => "research",
            Kind::Digital => "digital",
            Kind::Cooperation => "cooperation",
            Kind::Event => "event",
            Kind::Strategy => "strategy",
            Kind::Inclusion => "inclusion",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The pane title: what the entries of this kind are, in plural.
    pub fn title(self) -> Text {
        let (en, zh) = match self {
            Kind::Bureau => ("Bureaus", "機構"),
            Kind::Fund => ("Funds", "基金及資助"),
            Kind::Park => ("Parks", "園區及設施"),
            Kind::Talent => ("Talent", "人才"),
            Kind::Research => ("Research", "科研"),
            Kind::Digital => ("Smart city", "智慧城市"),
            Kind::Cooperation => ("Mainland & GBA", "內地及大灣區"),
            Kind::Event => ("Events", "活動及獎項"),
            Kind::Strategy => ("Strategy", "策略"),
            Kind::Inclusion => ("Inclusion", "數碼共融"),
        };
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How exact a figure is, in the source's words (約, 超過, 最多, 接近).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    About,
    Over,
    UpTo,
    Nearly,
}

impl Qualifier {
    pub const ALL: [Qualifier; 4] = [
        Qualifier::About,
        Qualifier::Over,
        Qualifier::UpTo,
        Qualifier::Nearly,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::About => "about",
            Qualifier::Over => "over",
            Qualifier::UpTo => "up-to",
            Qualifier::Nearly => "nearly",
        }
    }

    pub fn parse(s: &str) -> Option<Qualifier> {
        Qualifier::ALL.into_iter().find(|q| q.as_str() == s)
    }

    /// The word put before the number when it is shown.
    pub fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Qualifier::About, Lang::En) => "about",
            (Qualifier::Over, Lang::En) => "over",
            (Qualifier::UpTo, Lang::En) => "up to",
            (Qualifier::Nearly, Lang::En) => "nearly",
            (Qualifier::About, Lang::Zh) => "約",
            (Qualifier::Over, Lang::Zh) => "超過",
            (Qualifier::UpTo, Lang::Zh) => "最多",
            (Qualifier::Nearly, Lang::Zh) => "接近",
        }
    }
}

/// A figure's number, kept as written (integer or decimal) so exports round-trip exactly.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    /// The largest integer a figure may hold, 2^53 − 1: the largest that every JSON reader (a
    /// JavaScript number, jq, a spreadsheet) keeps exactly — I-JSON's limit (RFC 7493, 2.2).
    /// Larger integers are refused at load rather than printed as json that reads back as
    /// another number; a float (`1e20`) is a double everywhere and reads back the same.
    pub const MAX_EXACT: i64 = (1 << 53) - 1;

    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }

    /// A TOML value as a number, whether or not a catalogue may hold it; `None` for a value
    /// that is no number at all.
    pub(crate) fn of(value: &toml::Value) -> Option<Number> {
        match value {
            toml::Value::Integer(i) => Some(Number::Int(*i)),
            toml::Value::Float(x) => Some(Number::Float(*x)),
            _ => None,
        }
    }

    /// Whether a catalogue may hold it: finite, and an integer within ±[`Number::MAX_EXACT`].
    pub fn is_valid(self) -> bool {
        match self {
            Number::Int(i) => i.unsigned_abs() <= Number::MAX_EXACT.unsigned_abs(),
            Number::Float(x) => x.is_finite(),
        }
    }

    /// Why a catalogue may not hold it (for a number that is not [`valid`](Number::is_valid)).
    pub(crate) fn refusal(self) -> String {
        match self {
            Number::Int(i) => format!(
                "figure value {i} is beyond ±{} (2^53 − 1): larger integers do not read back \
                 exactly from json",
                Number::MAX_EXACT
            ),
            // As TOML spells them: inf, -inf, nan.
            Number::Float(x) if x.is_nan() => {
                "figure value must be a finite number, found nan".into()
            }
            Number::Float(x) => format!("figure value must be a finite number, found {x}"),
        }
    }
}

impl std::fmt::Display for Number {
    /// As a catalogue file writes it (and the toml export): `32800000000`, `2.94`, `5.0`,
    /// `1e20`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Float(x) => write!(f, "{x:?}"),
        }
    }
}

impl DateEvent {
    /// The event in words: `expected-completion` → "expected completion" / 「預計落成」. Events
    /// without a Chinese word stay in English.
    pub fn label(&self, lang: Lang) -> String {
        const ZH: &[(&str, &str)] = &[
            ("established", "成立"),
            ("launched", "推出"),
            ("renamed", "正名"),
            ("announced", "公布"),
            ("enhanced", "優化"),
            ("signed", "簽署"),
            ("opened", "開幕"),
            ("completed", "落成"),
            ("expected-completion", "預計落成"),
            ("earliest-completion", "最快完成"),
            ("expected-opening", "預計啟用"),
            ("held", "舉行"),
            ("first-held", "首次舉辦"),
            ("regularised", "恆常化"),
            ("extended", "擴展"),
            ("started", "開始"),
            ("period", "期間"),
            ("financial-year", "財政年度"),
            ("policy-revised", "修訂政策"),
            ("effective-from", "生效"),
            ("allowance-increased", "津貼增加"),
            ("published", "發布"),
            ("phased-completion-begins", "開始分階段落成"),
            ("organised-by-ogcio-since", "資科辦合辦起始"),
            ("co-organised-by-ogcio-since", "資科辦合辦起始"),
            ("made-standing-policy-function", "列為恆常政策職能"),
            ("layout-revamped", "優化版面設計"),
            (
                "hkirc-became-organiser",
                "香港互聯網註冊管理有限公司成為主辦機構",
            ),
            ("became-scheme-organiser", "成為主辦機構"),
            ("funding-reserved", "預留撥款"),
            ("first-set-up", "首次設立"),
            ("extension-proposed", "建議延續"),
            ("extension-period", "延續期"),
            ("exhibition-held", "展覽舉行"),
            ("designated-rd-centre", "成為研發中心"),
            ("applies-from", "適用起始"),
            ("allocation-announced", "公布撥款"),
        ];
        match lang {
            Lang::Zh => ZH
                .iter()
                .find(|(en, _)| *en == self.event)
                .map_or_else(|| self.event.replace('-', " "), |(_, zh)| (*zh).to_string()),
            Lang::En => self.event.replace('-', " "),
        }
    }
}

/// One dated event in an entry's life: established, launched, renamed, expected completion …
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateEvent {
    pub event: String,
    /// ISO 8601: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or an interval `A/B` of those.
    pub date: String,
}

/// Where a figure's as-at date comes from, so that a date the source gives never looks like
/// one the editors supplied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AsAtBasis {
    /// The source dates the figure (截至2022年12月底 → `2022-12`): the date is in the entry's
    /// quote. The default, as catalogues written before the field meant it.
    #[default]
    Stated,
    /// The source gives no date: the figure is taken as at the publication's date, the
    /// catalogue's `as_at`.
    Publication,
    /// A date still to come that the source gives (將於2024年年底 → `2024-12`); the one basis
    /// whose date may lie after the catalogue's `as_at`.
    Planned,
}

impl AsAtBasis {
    pub const ALL: [AsAtBasis; 3] = [
        AsAtBasis::Stated,
        AsAtBasis::Publication,
        AsAtBasis::Planned,
    ];

    /// The word in catalogue files and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            AsAtBasis::Stated => "stated",
            AsAtBasis::Publication => "publication",
            AsAtBasis::Planned => "planned",
        }
    }

    pub fn parse(s: &str) -> Option<AsAtBasis> {
        AsAtBasis::ALL.into_iter().find(|b| b.as_str() == s)
    }
}

/// A number the source gives, with everything needed to read and check it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub label: Text,
    /// A few words shown after the value where the label does not fit (lists): "approved",
    /// 「已批出撥款」.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short: Option<Text>,
    pub value: Number,
    pub unit: String,
    pub as_at: String,
    /// Whether the source gives `as_at` or the editors took the publication's date.
    pub as_at_basis: AsAtBasis,
    pub qualifier: Option<Qualifier>,
    /// The figure as the source writes it (`約2 000人`, `328億元`): what a reader searches for.
    pub as_written: Option<String>,
    /// The entry's headline figure, shown beside it in lists and sorted by: chosen on purpose,
    /// at most one an entry.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub headline: bool,
}

/// A field of an entry whose fact does not come from the source (an English name from the
/// body's own usage, a parent link, a website, a date worked out from the text), with the
/// editors' note on where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outside {
    /// The field: `name`, `name.en`, `website`, `parent`, `dates[0]`, `figures[2].label`, …
    /// (the list is [`OUTSIDE_FIELDS`]).
    pub field: String,
    /// In both languages, as names and summaries are: a reader of either is told where the
    /// fact comes from in the language they read.
    pub note: Text,
}

/// The fields an [`Outside`] mark may name; `dates`, `figures`, `aliases` and `related` also
/// take an index (`dates[0]`, `figures[1].label`, `aliases[2]`).
pub const OUTSIDE_FIELDS: &[&str] = &[
    "name", "name.en", "name.zh", "category", "aliases", "parent", "related", "website", "summary",
    "dates", "figures",
];

/// One body, fund, park, scheme or initiative.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: String,
    pub kind: Kind,
    pub category: Option<Text>,
    pub name: Text,
    /// A remark on the name (an editors' rendering, a descriptive title), in both languages as
    /// the name is: a reader of either is told it in the language they read.
    pub name_note: Option<Text>,
    pub aliases: Vec<String>,
    pub parent: Option<String>,
    pub related: Vec<String>,
    /// Who it is for, as the source says; empty where the source does not say.
    pub audience: Vec<Audience>,
    /// Topics, each a word of [`TAGS`].
    pub tags: Vec<String>,
    pub website: Option<String>,
    pub summary: Text,
    pub source: Vec<String>,
    pub dates: Vec<DateEvent>,
    pub figures: Vec<Figure>,
    /// The fields whose facts come from outside the source, each with a note.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outside_source: Vec<Outside>,
}

/// What the catalogue file says about itself.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Meta {
    pub title: Option<Text>,
    /// The whole source as one title ("Hong Kong Yearbook: Innovation, Technology and
    /// Industry").
    pub source: Option<Text>,
    /// The publication alone ("Hong Kong Yearbook"), for the explorer's header and citations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publication: Option<Text>,
    /// The publication's chapter the catalogue is drawn from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chapter: Option<Text>,
    pub as_at: Option<String>,
}

/// A validated catalogue: every id unique, every link resolvable, no parent cycles.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    pub meta: Meta,
    entries: Vec<Entry>,
    by_id: IdMap<String>,
    /// Who links here, built on first use (a card or the detail asks for it).
    back: Backlinks,
}

/// For each entry, the entries whose parent it is and those that list it in `related`, in
/// catalogue order. Derived from the entries, so it takes no part in equality.
#[derive(Debug, Clone, Default)]
struct Backlinks(Box<std::sync::OnceLock<Vec<Links>>>);

/// The entries an entry administers, and those that list it in `related`.
type Links = (Vec<u32>, Vec<u32>);

impl PartialEq for Backlinks {
    fn eq(&self, _: &Backlinks) -> bool {
        true
    }
}

impl Catalogue {
    /// Builds the id index. Callers outside the loader only get validated catalogues.
    fn new(meta: Meta, entries: Vec<Entry>) -> Catalogue {
        let by_id = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        Catalogue {
            meta,
            entries,
            by_id,
            back: Backlinks::default(),
        }
    }

    /// Some entries of a catalogue that was validated whole (a cache's), for printing a few
    /// without reading them all: each entry obeys every rule of its own and the ids are
    /// unique, but links may lead to entries it does not hold (a card then shows the bare
    /// id). `None` when any rule is broken.
    pub fn excerpt(meta: Meta, entries: Vec<Entry>) -> Option<Catalogue> {
        if !validate::meta_is_valid(&meta) || !entries.iter().all(validate::entry_is_valid) {
            return None;
        }
        let cat = Catalogue::new(meta, entries);
        (cat.by_id.len() == cat.entries.len()).then_some(cat)
    }

    /// A catalogue from values that did not come through the TOML loader (the cache), held to
    /// every rule the loader applies; `None` when any is broken.
    pub fn from_parts(meta: Meta, entries: Vec<Entry>) -> Option<Catalogue> {
        validate::parts_are_valid(&meta, &entries).then(|| Catalogue::new(meta, entries))
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.index_of(id).map(|i| &self.entries[i])
    }

    /// Entries whose parent is `id`, in catalogue order.
    pub fn children<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries
            .iter()
            .filter(move |e| e.parent.as_deref() == Some(id))
    }

    fn backlinks(&self) -> &[Links] {
        self.back.0.get_or_init(|| {
            let mut back = vec![(Vec::new(), Vec::new()); self.entries.len()];
            for (i, e) in self.entries.iter().enumerate() {
                if let Some(p) = e.parent.as_deref().and_then(|p| self.index_of(p)) {
                    back[p].0.push(i as u32);
                }
                let mut seen = Vec::new();
                for r in e.related.iter().filter_map(|r| self.index_of(r)) {
                    if r != i && !seen.contains(&r) {
                        seen.push(r);
                        back[r].1.push(i as u32);
                    }
                }
            }
            back
        })
    }

    /// The entries `id` administers (whose parent it is), in catalogue order: the reverse of
    /// `parent`.
    pub fn administered(&self, id: &str) -> Vec<usize> {
        self.index_of(id)
            .map(|i| self.backlinks()[i].0.iter().map(|&j| j as usize).collect())
            .unwrap_or_default()
    }

    /// The entries that list `id` in their `related`, in catalogue order.
    pub fn referenced_by(&self, id: &str) -> Vec<usize> {
        self.index_of(id)
            .map(|i| self.backlinks()[i].1.iter().map(|&j| j as usize).collect())
            .unwrap_or_default()
    }

    /// Whether entry `i` is administered by entry `by`, directly or through its parent chain
    /// (never itself).
    pub fn is_under(&self, i: usize, by: usize) -> bool {
        self.ancestors(i).any(|a| a == by)
    }

    /// Entry `i`'s parent, its parent's parent, and so on (parents form no cycle in a loaded
    /// catalogue; the walk is bounded by the catalogue's size anyway).
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let mut at = i;
        (0..self.entries.len()).map_while(move |_| {
            let p = self.entries[at]
                .parent
                .as_deref()
                .and_then(|p| self.index_of(p))?;
            (p != at).then(|| {
                at = p;
                p
            })
        })
    }

    /// How many entries there are of each kind, in pane order (kinds with none included).
    pub fn counts(&self) -> Vec<(Kind, usize)> {
        Kind::ALL
            .into_iter()
            .map(|k| (k, self.entries.iter().filter(|e| e.kind == k).count()))
            .collect()
    }

    /// Ids close to `wanted`, for "did you mean …" messages: ids that contain it or share most
    /// of its letters, best first.
    pub fn suggest(&self, wanted: &str) -> Vec<&str> {
        let wanted = wanted.to_lowercase();
        let mut scored: Vec<(usize, &str)> = self
            .entries
            .iter()
            .filter_map(|e| {
                let names = [
                    e.id.to_lowercase(),
                    e.name.en.to_lowercase(),
                    e.name.zh.clone(),
                ];
                let aliases = e.aliases.iter().map(|a| a.to_lowercase());
                names
                    .into_iter()
                    .chain(aliases)
                    .filter_map(|n| {
                        if n == wanted {
                            Some(0)
                        } else if n.contains(&wanted) || (n.len() > 2 && wanted.contains(&n)) {
                            Some(1)
                        } else {
                            let max = wanted.chars().count().max(3) / 3;
                            edit_distance_within(&n, &wanted, max).map(|d| d + 1)
                        }
                    })
                    .min()
                    .map(|d| (d, e.id.as_str()))
            })
            .collect();
        scored.sort();
        scored.into_iter().take(3).map(|(_, id)| id).collect()
    }
}

/// The Levenshtein distance between `a` and `b` in chars, if it is at most `max`; `None` as
/// soon as it cannot be. Only a band of `2·max + 1` cells a row is computed, and strings whose
/// lengths differ by more than `max` are not compared at all, so a 2,000-char id costs nothing
/// against short ones.
pub(crate) fn edit_distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    const FAR: usize = usize::MAX / 2;
    let mut row: Vec<usize> = (0..=b.len())
        .map(|j| if j <= max { j } else { FAR })
        .collect();
    let mut next = vec![FAR; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        let lo = (i + 1).saturating_sub(max);
        let hi = (i + 1 + max).min(b.len());
        next.fill(FAR);
        if lo == 0 {
            next[0] = i + 1;
        }
        let mut best = next[0];
        for j in lo.max(1)..=hi {
            next[j] = if *ca == b[j - 1] {
                row[j - 1]
            } else {
                1 + row[j - 1].min(row[j]).min(next[j - 1])
            };
            best = best.min(next[j]);
        }
        #[cfg(test)]
        tests::CELLS.with(|c| c.set(c.get() + (hi + 1 - lo) as u64));
        if best > max {
            return None;
        }
        std::mem::swap(&mut row, &mut next);
    }
    (row[b.len()] <= max).then_some(row[b.len()])
}

impl Entry {
    /// The figure shown beside the entry in lists and sorted by: the one the editors marked
    /// `headline`, never merely the first (an entry may have none).
    pub fn headline(&self) -> Option<&Figure> {
        self.figures.iter().find(|f| f.headline)
    }

    /// The note on `field` when its fact comes from outside the source: `name.en` is also
    /// answered by a mark on `name`, `dates[1]` by one on `dates`.
    pub fn outside(&self, field: &str) -> Option<&Text> {
        self.outside_source
            .iter()
            .find(|o| {
                field
                    .strip_prefix(o.field.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
            })
            .map(|o| &o.note)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::edit_distance_within;
    use std::cell::Cell;

    thread_local! {
        /// Cells of the distance table computed on this thread: the work "did you mean" does.
        pub(crate) static CELLS: Cell<u64> = const { Cell::new(0) };
    }

    fn plain(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let cur = row[j + 1];
                row[j + 1] = if ca == *cb {
                    prev
                } else {
                    1 + prev.min(cur).min(row[j])
                };
                prev = cur;
            }
        }
        row[b.len()]
    }

    /// `itib show` with a 2,000-char id: no distance is computed against ids far shorter.
    #[test]
    fn a_long_unknown_id_is_suggested_nothing_at_no_cost() {
        let cat = super::load::shipped().unwrap();
        CELLS.with(|c| c.set(0));
        let wanted = "x".repeat(2000);
        assert!(cat.suggest(&wanted).is_empty());
        assert_eq!(CELLS.with(|c| c.get()), 0);
        assert_eq!(cat.suggest("itff").first(), Some(&"itf"));
    }

    #[test]
    fn the_banded_distance_is_the_distance_when_within_its_bound() {
        let words = [
            "",
            "a",
            "itf",
            "itc",
            "fund",
            "funds",
            "innovation",
            "inovation",
            "創新",
            "創科",
            "hkstp",
            "hk-stp",
            "research-talent-hub",
            "talent-hub",
            "abcdef",
            "fedcba",
        ];
        for a in words {
            for b in words {
                let d = plain(a, b);
                for max in 0..8 {
                    let want = (d <= max).then_some(d);
                    assert_eq!(edit_distance_within(a, b, max), want, "{a} {b} {max}");
                }
            }
        }
    }
}
