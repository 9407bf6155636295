//! Narrowing and ordering what a search finds: qualifiers in the query (`kind:fund`,
//! `for:start-ups`, `tag:biotech`, `by:itc`), the same filters as CLI flags, facet counts, and
//! sort orders. Used alike by `itib search`/`itib list` and by the explorer; nothing here
//! knows about terminals.
//!
//! A query is split before the fuzzy engine sees it: every token (fzf's tokens: words split at
//! spaces, `\ ` kept) of the form `key:value` with one of the four keys is a qualifier, and
//! the rest is passed on untouched, so that every query without qualifiers means exactly what
//! it means in fzf. In fzf `kind:fund` is a fuzzy term; here it is a filter (README:
//! differences from fzf). Qualifiers always narrow: they are ANDed with the fuzzy terms and
//! with each other, also beside a `|`.

mod filter;
mod sort;

pub use filter::{Facets, Filter, bodies};
pub use sort::{NameKeys, Sort, headline_amount, jyutping_key, latest_date, sort};

use crate::catalogue::{Audience, Catalogue, Kind, Lang, TAGS, quote, vocab};
use crate::search::fold::fold_string;

/// The qualifier keys, as typed before the colon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Kind,
    For,
    Tag,
    By,
}

impl Key {
    pub const ALL: [Key; 4] = [Key::Kind, Key::For, Key::Tag, Key::By];

    pub fn as_str(self) -> &'static str {
        match self {
            Key::Kind => "kind",
            Key::For => "for",
            Key::Tag => "tag",
            Key::By => "by",
        }
    }

    /// What the values of this key are, for messages.
    fn what(self) -> &'static str {
        match self {
            Key::Kind => "kind",
            Key::For => "audience",
            Key::Tag => "tag",
            Key::By => "administering body",
        }
    }

    fn plural(self) -> &'static str {
        match self {
            Key::Kind => "kinds",
            Key::For => "audiences",
            Key::Tag => "tags",
            Key::By => "administering bodies (ids)",
        }
    }

    /// [`Key::what`] in Chinese.
    fn what_zh(self) -> &'static str {
        match self {
            Key::Kind => "類別",
            Key::For => "對象",
            Key::Tag => "標籤",
            Key::By => "管理機構",
        }
    }

    /// [`Key::plural`] in Chinese.
    fn plural_zh(self) -> &'static str {
        match self {
            Key::Kind => "類別",
            Key::For => "對象",
            Key::Tag => "標籤",
            Key::By => "管理機構（id）",
        }
    }
}

/// A qualifier as typed: the key, the value, and where the token is in the query (bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    pub key: Key,
    pub value: String,
    pub span: std::ops::Range<usize>,
}

/// A qualifier's value that names nothing: the message lists what it could be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct FilterError {
    pub key: Key,
    pub value: String,
    pub nearest: Option<String>,
    pub valid: Vec<String>,
}

impl FilterError {
    /// The message in `lang`: the explorer's search line says it in the UI's language (the
    /// command line, in English, through `Display`).
    pub fn message_in(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.message();
        }
        let key = self.key.as_str();
        let hint = self
            .nearest
            .as_ref()
            .map(|n| format!("你是指 `{key}:{n}` 嗎？"))
            .unwrap_or_default();
        let value = if self.value.is_empty() {
            format!("`{key}:` 需要一個值")
        } else {
            let v = quote(&self.value);
            format!("未知的{}「{v}」（`{key}:{v}`）", self.key.what_zh())
        };
        format!(
            "{value}；{hint}有效的{}：{}",
            self.key.plural_zh(),
            self.listed(lang)
        )
    }

    /// The valid values, as many as a message shows.
    fn listed(&self, lang: Lang) -> String {
        // A large catalogue has thousands of bodies: the first few, and how many in all.
        const SHOWN: usize = 24;
        let mut list = self
            .valid
            .iter()
            .take(SHOWN)
            .map(|v| quote(v))
            .collect::<Vec<_>>()
            .join(", ");
        if self.valid.len() > SHOWN {
            list.push_str(&match lang {
                Lang::En => format!(", … ({} in all)", self.valid.len()),
                Lang::Zh => format!(", …（共 {} 個）", self.valid.len()),
            });
        }
        list
    }

    fn message(&self) -> String {
        let hint = self
            .nearest
            .as_ref()
            .map(|n| format!("did you mean `{}:{n}`? ", self.key.as_str()))
            .unwrap_or_default();
        let value = if self.value.is_empty() {
            format!("`{}:` needs a value", self.key.as_str())
        } else {
            format!(
                "unknown {} `{}` in `{}:{}`",
                self.key.what(),
                quote(&self.value),
                self.key.as_str(),
                quote(&self.value)
            )
        };
        format!(
            "{value}; {hint}valid {}: {}",
            self.key.plural(),
            self.listed(Lang::En)
        )
    }
}

/// fzf's token boundaries: byte ranges of the words of `input` (split at spaces not escaped by
/// a backslash), as `search::query` tokenises.
fn token_spans(input: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut escaped = false;
    for (at, c) in input.char_indices() {
        if c == ' ' && !escaped {
            if let Some(s) = start.take() {
                spans.push(s..at);
            }
        } else if start.is_none() {
            start = Some(at);
        }
        escaped = c == '\\' && !escaped;
    }
    if let Some(s) = start {
        spans.push(s..input.len());
    }
    spans
}

/// The qualifiers of `input`, and the query without them (what the fuzzy engine searches).
/// A token is a qualifier when it starts with `kind:`, `for:`, `tag:` or `by:` (any case).
pub fn split(input: &str) -> (Vec<Typed>, String) {
    let mut typed = Vec::new();
    let mut rest = String::with_capacity(input.len());
    let mut last = 0;
    for span in token_spans(input) {
        let token = &input[span.clone()];
        let Some((key, value)) = token.split_once(':') else {
            continue;
        };
        let Some(key) = Key::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(key))
        else {
            continue;
        };
        rest.push_str(&input[last..span.start]);
        last = span.end;
        typed.push(Typed {
            key,
            value: value.replace("\\ ", " "),
            span,
        });
    }
    rest.push_str(&input[last..]);
    if typed.is_empty() {
        return (typed, input.to_string());
    }
    (typed, rest.trim().to_string())
}

/// A value as it is compared: case and width folded, Simplified Chinese as Traditional (Hong
/// Kong), and spaces and underscores as hyphens.
pub fn fold_value(value: &str) -> String {
    let folded = fold_string(value.trim());
    let folded = if folded.chars().any(crate::search::sound::is_han) {
        traditional(&folded)
    } else {
        folded
    };
    folded
        .chars()
        .map(|c| if c == ' ' || c == '_' { '-' } else { c })
        .collect()
}

fn traditional(s: &str) -> String {
    static CC: std::sync::OnceLock<Option<ferrous_opencc::OpenCC>> = std::sync::OnceLock::new();
    let cc = CC.get_or_init(|| {
        ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::S2hk).ok()
    });
    cc.as_ref()
        .map_or_else(|| s.to_string(), |cc| cc.convert(s))
}

/// A form a value may be typed in, folded as [`fold_value`] folds what is typed — but without
/// the Simplified → Traditional step: the catalogue's and the vocabularies' words are
/// Traditional already, and converting thousands of names would cost seconds.
fn fold_form(form: &str) -> String {
    fold_string(form.trim())
        .chars()
        .map(|c| if c == ' ' || c == '_' { '-' } else { c })
        .collect()
}

/// The forms a value may be typed in, each folded, with what it stands for.
fn forms<T: Copy>(items: impl IntoIterator<Item = (T, Vec<String>)>) -> Vec<(String, T)> {
    items
        .into_iter()
        .flat_map(|(t, words)| words.into_iter().map(move |w| (fold_form(&w), t)))
        .collect()
}

/// Resolves one typed value among `forms`; an unknown one is an error listing `valid`.
fn resolve<T: Copy>(
    key: Key,
    value: &str,
    forms: &[(String, T)],
    valid: Vec<String>,
) -> Result<T, FilterError> {
    let folded = fold_value(value);
    if let Some((_, t)) = forms.iter().find(|(f, _)| *f == folded) {
        return Ok(*t);
    }
    let nearest = if folded.is_empty() {
        None
    } else {
        vocab::nearest(&folded, valid.iter().map(String::as_str)).map(String::from)
    };
    Err(FilterError {
        key,
        value: value.to_string(),
        nearest,
        valid,
    })
}

fn kind_forms() -> Vec<(String, Kind)> {
    forms(Kind::ALL.into_iter().map(|k| {
        let t = k.title();
        (k, vec![k.as_str().to_string(), t.en, t.zh])
    }))
}

fn audience_forms() -> Vec<(String, Audience)> {
    forms(Audience::ALL.into_iter().map(|a| {
        let mut words = vec![
            a.as_str().to_string(),
            a.label(crate::catalogue::Lang::En).to_string(),
            a.label(crate::catalogue::Lang::Zh).to_string(),
        ];
        words.extend(a.synonyms().iter().map(|s| s.to_string()));
        (a, words)
    }))
}

fn tag_forms() -> Vec<(String, &'static str)> {
    forms(
        TAGS.iter()
            .map(|&(w, en, zh)| (w, vec![w.to_string(), en.to_string(), zh.to_string()])),
    )
}

/// The forms a `by:` value may take (with the entry each names), and the ids listed as valid.
type BodyForms = (Vec<(String, usize)>, Vec<String>);

/// The entries that administer another: what `by:` accepts, by id, alias or name.
fn body_forms(cat: &Catalogue) -> BodyForms {
    let mut parents: Vec<usize> = cat
        .entries()
        .iter()
        .filter_map(|e| e.parent.as_deref().and_then(|p| cat.index_of(p)))
        .collect();
    parents.sort_unstable();
    parents.dedup();
    let forms = forms(parents.iter().map(|&i| {
        let e = &cat.entries()[i];
        let mut words = vec![e.id.clone(), e.name.en.clone(), e.name.zh.clone()];
        words.extend(e.aliases.iter().cloned());
        (i, words)
    }));
    let valid = parents
        .iter()
        .map(|&i| cat.entries()[i].id.clone())
        .collect();
    (forms, valid)
}

/// The filter `typed` qualifiers ask for, their values resolved against `cat`; the first value
/// that names nothing is the error.
pub fn resolve_all(typed: &[Typed], cat: &Catalogue) -> Result<Filter, FilterError> {
    let mut filter = Filter::default();
    let mut bodies: Option<BodyForms> = None;
    for t in typed {
        match t.key {
            Key::Kind => {
                let valid = Kind::ALL.iter().map(|k| k.as_str().to_string()).collect();
                filter.add_kind(resolve(t.key, &t.value, &kind_forms(), valid)?);
            }
            Key::For => {
                let valid = Audience::ALL
                    .iter()
                    .map(|a| a.as_str().to_string())
                    .collect();
                filter.add_audience(resolve(t.key, &t.value, &audience_forms(), valid)?);
            }
            Key::Tag => {
                let valid = TAGS.iter().map(|t| t.0.to_string()).collect();
                filter.add_tag(resolve(t.key, &t.value, &tag_forms(), valid)?);
            }
            Key::By => {
                // An id (what the facet panel adds) needs no list of every body's names.
                let id = fold_value(&t.value);
                let body = cat
                    .index_of(&id)
                    .filter(|_| !cat.administered(&id).is_empty());
                if let Some(i) = body {
                    filter.add_by(i);
                    continue;
                }
                let (forms, valid) = bodies.get_or_insert_with(|| body_forms(cat));
                filter.add_by(resolve(t.key, &t.value, forms, valid.clone())?);
            }
        }
    }
    Ok(filter)
}

/// A query taken apart: the filter its qualifiers ask for and the text left for the engine.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Refined {
    pub filter: Filter,
    pub text: String,
}

impl Refined {
    /// Parses `input` against `cat` (which `by:` values name).
    pub fn parse(input: &str, cat: &Catalogue) -> Result<Refined, FilterError> {
        let (typed, text) = split(input);
        Ok(Refined {
            filter: resolve_all(&typed, cat)?,
            text,
        })
    }
}

/// `query` with the qualifier `key:value` added, or, when the query already has a qualifier
/// that means the same, with that one removed (how a facet is chosen and chosen again).
pub fn toggle(query: &str, cat: &Catalogue, key: Key, value: &str) -> String {
    let (typed, _) = split(query);
    let want = resolve_all(
        &[Typed {
            key,
            value: value.to_string(),
            span: 0..0,
        }],
        cat,
    )
    .ok();
    let same: Vec<&Typed> = typed
        .iter()
        .filter(|t| {
            t.key == key
                && want.is_some()
                && resolve_all(std::slice::from_ref(*t), cat).ok() == want
        })
        .collect();
    if same.is_empty() {
        let base = query.trim_end();
        return if base.is_empty() {
            format!("{}:{value}", key.as_str())
        } else {
            format!("{base} {}:{value}", key.as_str())
        };
    }
    let mut out = String::new();
    let mut last = 0;
    for t in same {
        out.push_str(&query[last..t.span.start]);
        last = t.span.end;
    }
    out.push_str(&query[last..]);
    out.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifiers_are_taken_out_and_the_rest_is_left_as_typed() {
        let (typed, rest) = split("fund for:start-ups 'exact\\ term kind:fund !x");
        assert_eq!(rest, "fund  'exact\\ term  !x");
        let keys: Vec<(Key, &str)> = typed.iter().map(|t| (t.key, t.value.as_str())).collect();
        assert_eq!(keys, [(Key::For, "start-ups"), (Key::Kind, "fund")]);
        // No qualifier: the query is passed on byte for byte.
        for q in ["  a b\\ ", "x:y", "!kind:fund", "'for:x", "^by:"] {
            let (typed, rest) = split(q);
            assert!(typed.is_empty(), "{q}");
            assert_eq!(rest, q);
        }
        let (typed, _) = split("FOR:SMEs");
        assert_eq!(typed[0].key, Key::For);
    }

    #[test]
    fn values_fold_like_names() {
        let cat = crate::catalogue::shipped().unwrap();
        let f = |q: &str| Refined::parse(q, &cat).map(|r| r.filter);
        let startups = f("for:start-ups").unwrap();
        for q in [
            "for:startup",
            "for:Start-Ups",
            "for:ｓｔａｒｔｕｐｓ",
            "for:初創",
            "for:初创",
            "for:初創企業",
        ] {
            assert_eq!(f(q).unwrap(), startups, "{q}");
        }
        assert_eq!(f("kind:Funds").unwrap(), f("kind:fund").unwrap());
        assert_eq!(f("kind:基金及資助").unwrap(), f("kind:fund").unwrap());
        assert_eq!(f("tag:生物科技").unwrap(), f("tag:biotech").unwrap());
        assert_eq!(f("by:ITC").unwrap(), f("by:itc").unwrap());
        assert_eq!(f("by:創新科技署").unwrap(), f("by:itc").unwrap());
        assert_eq!(f("by:资科办").unwrap(), f("by:ogcio").unwrap());
    }

    #[test]
    fn an_unknown_value_names_the_valid_ones() {
        let cat = crate::catalogue::shipped().unwrap();
        let e = Refined::parse("for:startupz", &cat).unwrap_err();
        let m = e.to_string();
        assert!(m.contains("unknown audience `startupz`"), "{m}");
        assert!(m.contains("did you mean `for:start-ups`?"), "{m}");
        assert!(m.contains("start-ups, smes, enterprises"), "{m}");
        let m = Refined::parse("by:nobody", &cat).unwrap_err().to_string();
        assert!(
            m.contains("valid administering bodies (ids): itib, itc"),
            "{m}"
        );
        let m = Refined::parse("tag:\u{1b}[2J", &cat)
            .unwrap_err()
            .to_string();
        assert!(!m.contains('\u{1b}'), "{m}");
        let m = Refined::parse("kind:", &cat).unwrap_err().to_string();
        assert!(m.starts_with("`kind:` needs a value"), "{m}");
    }

    #[test]
    fn choosing_a_facet_twice_leaves_the_query_as_it_was() {
        let cat = crate::catalogue::shipped().unwrap();
        let q = toggle("biotech", &cat, Key::For, "start-ups");
        assert_eq!(q, "biotech for:start-ups");
        assert_eq!(toggle(&q, &cat, Key::For, "start-ups"), "biotech");
        // What the user typed in another form is the same facet.
        assert_eq!(toggle("for:初創 x", &cat, Key::For, "start-ups"), "x");
        assert_eq!(toggle("", &cat, Key::By, "itc"), "by:itc");
    }
}
