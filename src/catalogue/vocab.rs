//! The catalogue's two controlled vocabularies: who an entry is for ([`Audience`]) and what it
//! is about ([`TAGS`]). Both are closed lists, documented in `data/README.md` with their
//! Chinese labels, so that a filter, a facet count or a qualifier (`for:start-ups`,
//! `tag:biotech`) means the same thing for every entry: one spelling a word, checked by the
//! loader with a "did you mean".

use super::{Lang, edit_distance_within};

/// Who an entry is for or who uses it, as the source says (初創企業, 中小企業, 大學 …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    StartUps,
    Smes,
    Enterprises,
    Researchers,
    ResearchInstitutes,
    Universities,
    Students,
    Schools,
    Professionals,
    Elderly,
    PeopleWithDisabilities,
    Public,
    Government,
}

impl Audience {
    /// Every audience, in the order the facet panel and the docs list them.
    pub const ALL: [Audience; 13] = [
        Audience::StartUps,
        Audience::Smes,
        Audience::Enterprises,
        Audience::Researchers,
        Audience::ResearchInstitutes,
        Audience::Universities,
        Audience::Students,
        Audience::Schools,
        Audience::Professionals,
        Audience::Elderly,
        Audience::PeopleWithDisabilities,
        Audience::Public,
        Audience::Government,
    ];

    /// The word catalogue files, qualifiers (`for:smes`) and `--for` use.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::StartUps => "start-ups",
            Audience::Smes => "smes",
            Audience::Enterprises => "enterprises",
            Audience::Researchers => "researchers",
            Audience::ResearchInstitutes => "research-institutes",
            Audience::Universities => "universities",
            Audience::Students => "students",
            Audience::Schools => "schools",
            Audience::Professionals => "professionals",
            Audience::Elderly => "elderly",
            Audience::PeopleWithDisabilities => "people-with-disabilities",
            Audience::Public => "public",
            Audience::Government => "government",
        }
    }

    /// The word exactly as a catalogue writes it.
    pub fn parse(s: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The label shown in the UI language.
    pub fn label(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            Audience::StartUps => ("Start-ups", "初創企業"),
            Audience::Smes => ("SMEs", "中小企業"),
            Audience::Enterprises => ("Enterprises", "企業"),
            Audience::Researchers => ("Researchers", "科研人員"),
            Audience::ResearchInstitutes => ("Research institutes", "科研機構"),
            Audience::Universities => ("Universities", "大學及大專院校"),
            Audience::Students => ("Students", "學生"),
            Audience::Schools => ("Schools", "中小學"),
            Audience::Professionals => ("Professionals", "專業及科技人才"),
            Audience::Elderly => ("Elderly", "長者"),
            Audience::PeopleWithDisabilities => ("People with disabilities", "殘疾人士"),
            Audience::Public => ("Public", "市民"),
            Audience::Government => ("Government", "政府部門"),
        };
        match lang {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// Other ways people write the word: singulars, spellings without hyphens, and the source's
    /// own Chinese words. Matched after folding (see `crate::refine`).
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Audience::StartUps => &["startup", "startups", "start-up", "初創", "初創公司"],
            Audience::Smes => &["sme", "中小企"],
            Audience::Enterprises => &[
                "enterprise",
                "companies",
                "company",
                "business",
                "businesses",
                "公司",
            ],
            Audience::Researchers => &["researcher", "研究人員", "研究人才", "科研人才"],
            Audience::ResearchInstitutes => &["research-institute", "研究機構", "研發機構"],
            Audience::Universities => &["university", "大學", "大專院校", "大專"],
            Audience::Students => &["student"],
            Audience::Schools => &["school", "學校", "中學", "小學"],
            Audience::Professionals => &["professional", "專業人才", "科技人才"],
            Audience::Elderly => &["elders", "seniors", "older-people"],
            Audience::PeopleWithDisabilities => &["disabilities", "disabled", "accessibility"],
            Audience::Public => &["citizens", "residents", "公眾", "居民"],
            Audience::Government => &["gov", "departments", "政府"],
        }
    }
}

impl std::fmt::Display for Audience {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every tag: the word, its English and its Chinese label. Topics only — who an entry is for
/// belongs in `audience`.
pub const TAGS: &[(&str, &str, &str)] = &[
    ("accessibility", "Accessibility", "無障礙"),
    ("advanced-materials", "Advanced materials", "先進材料"),
    ("ai", "Artificial intelligence", "人工智能"),
    ("automotive", "Automotive", "汽車科技"),
    ("biotech", "Biotechnology", "生物科技"),
    ("cybersecurity", "Cybersecurity", "網絡安全"),
    ("data", "Data", "數據"),
    ("digital-economy", "Digital economy", "數字經濟"),
    ("digital-inclusion", "Digital inclusion", "數碼共融"),
    ("e-government", "E-government", "電子政府"),
    ("fintech", "Fintech", "金融科技"),
    ("funding", "Funding", "資助"),
    ("gba", "Greater Bay Area", "大灣區"),
    ("healthtech", "Health technology", "醫療科技"),
    ("ict-industry", "ICT industry", "資訊及通訊科技業"),
    ("infrastructure", "Infrastructure", "基礎設施"),
    ("international", "International", "國際"),
    ("life-health", "Life and health", "生命健康"),
    ("logistics", "Logistics", "物流"),
    ("mainland", "Mainland", "內地"),
    ("manufacturing", "Manufacturing", "製造業"),
    ("microelectronics", "Microelectronics", "微電子"),
    ("nanotechnology", "Nanotechnology", "納米科技"),
    (
        "new-industrialisation",
        "New industrialisation",
        "新型工業化",
    ),
    ("open-data", "Open data", "開放數據"),
    ("reindustrialisation", "Re-industrialisation", "再工業化"),
    ("robotics", "Robotics", "機械人技術"),
    ("smart-city", "Smart city", "智慧城市"),
    ("talent", "Talent", "人才"),
    ("textiles", "Textiles", "紡織及成衣"),
];

/// Whether `word` is a tag of [`TAGS`].
pub fn is_tag(word: &str) -> bool {
    TAGS.iter().any(|(w, _, _)| *w == word)
}

/// A tag's label in the UI language (the word itself for a tag not in [`TAGS`]).
pub fn tag_label(word: &str, lang: Lang) -> &str {
    TAGS.iter()
        .find(|(w, _, _)| *w == word)
        .map_or(word, |(_, en, zh)| match lang {
            Lang::En => en,
            Lang::Zh => zh,
        })
}

/// The word of `words` closest to `wanted` for a "did you mean": one that starts with it or is
/// started by it, else the nearest within a third of its length in edits.
pub fn nearest<'w>(wanted: &str, words: impl IntoIterator<Item = &'w str>) -> Option<&'w str> {
    let wanted = wanted.to_lowercase();
    let max = wanted.chars().count().max(3) / 3;
    words
        .into_iter()
        .filter_map(|w| {
            if wanted.len() >= 2 && (w.starts_with(&wanted) || wanted.starts_with(w)) {
                Some((0, w))
            } else {
                edit_distance_within(w, &wanted, max).map(|d| (d + 1, w))
            }
        })
        .min()
        .map(|(_, w)| w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_audience_parses_back_from_its_word() {
        for a in Audience::ALL {
            assert_eq!(Audience::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn tags_are_sorted_kebab_and_no_audience() {
        let words: Vec<&str> = TAGS.iter().map(|t| t.0).collect();
        let mut sorted = words.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(words, sorted);
        for w in words {
            assert!(super::super::is_kebab(w), "{w}");
            assert!(Audience::parse(w).is_none(), "{w} is an audience");
        }
    }

    #[test]
    fn near_misses_are_suggested() {
        let tags = || TAGS.iter().map(|t| t.0);
        assert_eq!(nearest("biotec", tags()), Some("biotech"));
        assert_eq!(nearest("fintek", tags()), Some("fintech"));
        assert_eq!(nearest("zzzzzz", tags()), None);
        let audiences = || Audience::ALL.iter().map(|a| a.as_str());
        assert_eq!(nearest("startups", audiences()), Some("start-ups"));
        assert_eq!(nearest("sme", audiences()), Some("smes"));
    }
}
