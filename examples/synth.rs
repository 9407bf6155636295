//! Synthetic catalogue generator, for benchmarks and load tests of `itib`.
//!
//! ```sh
//! cargo run --release --example synth -- N [SEED] > /tmp/big.toml
//! cargo run --release --example synth -- --lines N [SEED] > /tmp/lines.txt
//! ./target/release/itib check /tmp/big.toml
//! ```
//!
//! The first form writes a valid catalogue (format: `data/README.md`) of `N` entries to stdout:
//! a `[catalogue]` header, then `N` `[[entry]]` tables with bilingual names built from the words
//! of real Hong Kong programme names (`Greater Bay Area Biomedical Talent Scheme` /
//! `大灣區生物醫藥人才計劃`), acronym and Chinese short-form aliases, parents and related links to
//! earlier entries only (so no cycles), tags from the catalogue's vocabulary, one-sentence
//! summaries, a Chinese source sentence that quotes every figure's `as_written`, ISO dates, and
//! figures in the known units. Entries average about 680 bytes: 100 000 entries is about 68 MB.
//!
//! `--lines` writes, for the same catalogue, one line per entry: the English name, the Chinese name
//! and the aliases, separated by spaces — the input a `fzf --filter` user would search.
//!
//! `SEED` defaults to 42. The output depends only on `(N, SEED)`: the same bytes on every run and
//! every platform (a hand-written splitmix64 generator; no floating point is involved). Output into
//! a closed pipe (`synth 100000 | head`) ends quietly.

use std::io::{self, BufWriter, Write};

use itib::export::toml_string;

const USAGE: &str = "usage: synth [--lines] N [SEED]";

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(opts) = parse_args(&args) else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    match run(&opts) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

struct Options {
    lines: bool,
    count: usize,
    seed: u64,
}

fn parse_args(args: &[String]) -> Option<Options> {
    let (lines, rest) = match args.split_first() {
        Some((first, rest)) if first == "--lines" => (true, rest),
        _ => (false, args),
    };
    let (count, seed) = match rest {
        [n] => (n.parse().ok()?, 42),
        [n, s] => (n.parse().ok()?, s.parse().ok()?),
        _ => return None,
    };
    Some(Options { lines, count, seed })
}

fn run(opts: &Options) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    generate(&mut out, opts)?;
    out.flush()
}

/// The catalogue of `count` entries for `seed`, as TOML text (for benchmarks).
pub fn catalogue(count: usize, seed: u64) -> String {
    let mut out = Vec::new();
    let opts = Options {
        lines: false,
        count,
        seed,
    };
    // Writing into a Vec cannot fail, and every generated string is UTF-8.
    let _ = generate(&mut out, &opts);
    String::from_utf8(out).unwrap_or_default()
}

fn generate(out: &mut impl Write, opts: &Options) -> io::Result<()> {
    let mut generator = Generator::new(opts.seed);
    if !opts.lines {
        write_header(out, opts)?;
    }
    for index in 0..opts.count {
        let entry = generator.entry(index);
        if opts.lines {
            write_line(out, &entry)?;
        } else {
            write_entry(out, &entry)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Randomness: splitmix64, so that the output is the same everywhere for a given seed.

struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`), by multiply-shift.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below((hi - lo + 1) as usize) as u64
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One of `weights.len()` outcomes, outcome `i` with weight `weights[i]`.
    fn weighted(&mut self, weights: &[usize]) -> usize {
        let mut roll = self.below(weights.iter().sum());
        for (i, &w) in weights.iter().enumerate() {
            if roll < w {
                return i;
            }
            roll -= w;
        }
        0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary. Every word comes in both languages, so that the English and Chinese names,
// summaries and sources are built from the same sampled concepts and correspond.

/// A word of a name: (English, Chinese).
type Word = (&'static str, &'static str);

/// A place: (English, Chinese, tag it implies or "").
type Place = (&'static str, &'static str, &'static str);

/// A subject field: (name word, 中文, how a sentence speaks of it, 句中說法, tag it implies or "").
type Field = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const PLACES: &[Place] = &[
    ("Hong Kong", "香港", ""),
    ("Hong Kong", "香港", ""),
    ("Kowloon", "九龍", ""),
    ("Kowloon East", "九龍東", ""),
    ("Tai Po", "大埔", ""),
    ("Sha Tin", "沙田", ""),
    ("Tseung Kwan O", "將軍澳", "manufacturing"),
    ("Yuen Long", "元朗", "manufacturing"),
    ("Kwun Tong", "觀塘", ""),
    ("Cyberport", "數碼港", "ict-industry"),
    ("Science Park", "科學園", "infrastructure"),
    ("Northern Metropolis", "北部都會區", "infrastructure"),
    ("Lok Ma Chau Loop", "落馬洲河套", "gba"),
    ("Hetao", "河套", "gba"),
    ("Shenzhen-Hong Kong", "深港", "gba"),
    ("Greater Bay Area", "大灣區", "gba"),
    ("Guangdong-Hong Kong", "粵港", "mainland"),
    ("Mainland-Hong Kong", "內地與香港", "mainland"),
];

#[rustfmt::skip]
const FIELDS: &[Field] = &[
    ("Innovation", "創新", "innovation", "創新", ""),
    ("Technology", "科技", "technology", "科技", ""),
    ("Innovation and Technology", "創新及科技", "innovation and technology", "創新及科技", ""),
    ("Smart", "智慧", "smart-city solutions", "智慧城市方案", "smart-city"),
    ("Smart City", "智慧城市", "smart-city solutions", "智慧城市方案", "smart-city"),
    ("Digital", "數碼", "digital technology", "數碼科技", "digital-economy"),
    ("Digital Economy", "數字經濟", "the digital economy", "數字經濟", "digital-economy"),
    ("Cyber", "網絡", "network technology", "網絡科技", "cybersecurity"),
    ("Cybersecurity", "網絡安全", "cybersecurity", "網絡安全", "cybersecurity"),
    ("Data", "數據", "data applications", "數據應用", "data"),
    ("Open Data", "開放數據", "open data", "開放數據", "open-data"),
    ("Health", "健康", "health technology", "醫療科技", "healthtech"),
    ("Healthtech", "醫療科技", "health technology", "醫療科技", "healthtech"),
    ("Green", "綠色", "green technology", "綠色科技", ""),
    ("Biomedical", "生物醫藥", "biomedical technology", "生物醫藥科技", "biotech"),
    ("Biotechnology", "生物科技", "biotechnology", "生物科技", "biotech"),
    ("Life and Health", "生命健康", "life and health technology", "生命健康科技", "life-health"),
    ("Robotics", "機械人", "robotics", "機械人技術", "robotics"),
    ("Microelectronics", "微電子", "microelectronics", "微電子", "microelectronics"),
    ("Semiconductor", "半導體", "semiconductors", "半導體", "microelectronics"),
    ("Artificial Intelligence", "人工智能", "artificial intelligence", "人工智能", "ai"),
    ("AI", "人工智能", "artificial intelligence", "人工智能", "ai"),
    ("Fintech", "金融科技", "financial technology", "金融科技", "fintech"),
    ("Advanced Manufacturing", "先進製造", "advanced manufacturing", "先進製造業", "manufacturing"),
    ("Smart Production", "智能生產", "smart production lines", "智能生產線", "manufacturing"),
    ("Re-industrialisation", "再工業化", "re-industrialisation", "再工業化", "reindustrialisation"),
    ("New Energy", "新能源", "new energy", "新能源", ""),
    ("Quantum", "量子", "quantum technology", "量子科技", "researchers"),
    ("Space", "航天", "space technology", "航天科技", ""),
    ("Industry", "產業", "industrial upgrading", "產業升級", "enterprises"),
    ("Research", "研究", "applied research", "應用研究", "researchers"),
    ("Talent", "人才", "technology talent", "科技人才", "talent"),
    ("Start-up", "初創", "start-up growth", "初創企業發展", "start-ups"),
    ("Youth", "青年", "youth entrepreneurship", "青年創業", "students"),
    ("Elderly", "長者", "technology for older people", "樂齡科技", "elderly"),
    ("Digital Inclusion", "數碼共融", "digital inclusion", "數碼共融", "digital-inclusion"),
    ("Accessibility", "無障礙", "web accessibility", "無障礙網頁", "accessibility"),
    ("E-government", "電子政府", "e-government services", "電子政府服務", "e-government"),
    ("STEM", "STEM", "STEM education", "STEM教育", "schools"),
    ("Information Technology", "資訊科技", "information technology", "資訊科技", "ict-industry"),
];

#[rustfmt::skip]
const ACTIVITIES: &[Word] = &[
    ("Development", "發展"), ("Support", "支援"), ("Training", "培訓"), ("Internship", "實習"),
    ("Partnership", "夥伴"), ("Collaboration", "合作"), ("Matching", "配對"),
    ("Acceleration", "加速"), ("Incubation", "培育"), ("Exchange", "交流"), ("Upgrading", "升級"),
    ("Commercialisation", "商品化"), ("Transformation", "轉型"),
    ("Research and Development", "研發"), ("Testing and Certification", "檢測認證"),
    ("Enhancement", "提升"),
];

/// A kind, the heads of its names, the tag it implies, and the units of its figures.
struct KindInfo {
    kind: &'static str,
    heads: &'static [Word],
    tag: &'static str,
    units: &'static [&'static str],
}

#[rustfmt::skip]
const KINDS: &[KindInfo] = &[
    KindInfo {
        kind: "bureau",
        heads: &[("Office", "辦公室"), ("Bureau", "局"), ("Department", "署"), ("Committee", "委員會"),
            ("Council", "議會"), ("Corporation", "公司"), ("Authority", "管理局"), ("Commission", "委員會")],
        tag: "government",
        units: &["HKD", "people", "projects", "organisations", "centres"],
    },
    KindInfo {
        kind: "fund",
        heads: &[("Fund", "基金"), ("Fund", "基金"), ("Funding Scheme", "資助計劃"),
            ("Grant Scheme", "撥款計劃"), ("Voucher Programme", "券計劃"), ("Matching Fund", "配對基金"),
            ("Investment Fund", "投資基金"), ("Scheme", "計劃")],
        tag: "funding",
        units: &["HKD", "HKD", "projects", "applications", "organisations", "percent"],
    },
    KindInfo {
        kind: "park",
        heads: &[("Park", "園"), ("Science Park", "科學園"), ("InnoPark", "創新園"), ("Hub", "樞紐"),
            ("Centre", "中心"), ("Building", "大樓"), ("Laboratory", "實驗室"), ("Campus", "園區")],
        tag: "infrastructure",
        units: &["hectares", "buildings", "labs", "premises", "organisations", "HKD"],
    },
    KindInfo {
        kind: "talent",
        heads: &[("Talent Scheme", "人才計劃"), ("Internship Programme", "實習計劃"),
            ("Training Programme", "培訓計劃"), ("Scholarship", "獎學金"), ("Talent Hub", "人才庫"),
            ("Fellowship Scheme", "獎助計劃"), ("Admission Scheme", "入境計劃"), ("Programme", "計劃")],
        tag: "talent",
        units: &["HKD/month", "people", "positions", "quotas", "person-times", "years"],
    },
    KindInfo {
        kind: "research",
        heads: &[("Research Institute", "研究院"), ("Research Centre", "研究中心"),
            ("Research Cluster", "研究群"), ("Research Platform", "研究平台"), ("Laboratory", "實驗室"),
            ("Institute", "研究所"), ("Centre", "中心")],
        tag: "researchers",
        units: &["labs", "institutions", "projects", "HKD", "universities", "people"],
    },
    KindInfo {
        kind: "digital",
        heads: &[("Platform", "平台"), ("Portal", "網站"), ("Service", "服務"), ("App", "應用程式"),
            ("Sandbox", "沙盒"), ("Wi-Fi Programme", "Wi-Fi計劃"), ("Lamppost Pilot", "燈柱試驗計劃")],
        tag: "smart-city",
        units: &["services", "datasets", "hotspots", "lampposts", "visits", "districts"],
    },
    KindInfo {
        kind: "cooperation",
        heads: &[("Arrangement", "安排"), ("Memorandum of Understanding", "合作備忘錄"),
            ("Joint Funding Scheme", "聯合資助計劃"), ("Cooperation Zone", "合作區"),
            ("Alliance", "聯盟"), ("Partnership Programme", "夥伴計劃")],
        tag: "gba",
        units: &["projects", "institutions", "teams", "initiatives", "areas", "HKD"],
    },
    KindInfo {
        kind: "event",
        heads: &[("Expo", "博覽"), ("Awards", "大獎"), ("Competition", "比賽"), ("Week", "週"),
            ("Forum", "論壇"), ("Summit", "峰會"), ("Festival", "節")],
        tag: "public",
        units: &["visits", "entries", "teams", "person-times", "days", "economies"],
    },
    KindInfo {
        kind: "strategy",
        heads: &[("Blueprint", "藍圖"), ("Strategy", "策略"), ("Development Plan", "發展規劃"),
            ("Policy", "政策"), ("Roadmap", "路線圖"), ("Action Plan", "行動計劃")],
        tag: "government",
        units: &["directions", "strategies", "missions", "initiatives", "years", "areas"],
    },
    KindInfo {
        kind: "inclusion",
        heads: &[("Programme", "計劃"), ("Scheme", "計劃"), ("Service", "服務"),
            ("Outreach Programme", "外展計劃"), ("Subsidy Scheme", "資助計劃"),
            ("Ambassador Programme", "大使計劃")],
        tag: "digital-inclusion",
        units: &["people", "schools", "centres", "person-times", "services", "percent"],
    },
];

/// Who a programme is for: (tag, English, Chinese).
#[rustfmt::skip]
const AUDIENCES: &[(&str, &str, &str)] = &[
    ("enterprises", "local enterprises", "本地企業"),
    ("smes", "small and medium enterprises", "中小企業"),
    ("start-ups", "technology start-ups", "科技初創企業"),
    ("universities", "universities", "大學"),
    ("researchers", "researchers", "研究人員"),
    ("students", "university students", "大學生"),
    ("schools", "primary and secondary schools", "中小學"),
    ("elderly", "elderly people", "長者"),
    ("public", "members of the public", "市民"),
    ("government", "government departments", "政府部門"),
];

/// The words of `tags` above that the catalogue format keeps in `audience`.
#[rustfmt::skip]
const AUDIENCE_WORDS: &[&str] = &[
    "start-ups", "smes", "enterprises", "researchers", "universities", "students", "schools",
    "elderly", "public", "government",
];

/// Other tags of the catalogue's vocabulary, to fill an entry up to its number of tags.
#[rustfmt::skip]
const EXTRA_TAGS: &[&str] = &[
    "funding", "talent", "data", "ai", "robotics", "biotech", "smart-city", "gba", "mainland",
    "international", "infrastructure", "manufacturing", "cybersecurity", "digital-economy",
    "reindustrialisation",
];

/// Summary openers per kind, English and Chinese: `{a}` the audience, `{t}` the topic.
#[rustfmt::skip]
const OPENERS: &[(&str, &[Word])] = &[
    ("bureau", &[
        ("Coordinates government policy and support for {a} on {t}", "統籌為{a}在{t}方面提供的政策與支援"),
        ("Oversees public programmes that help {a} adopt {t}", "監督協助{a}應用{t}的公共計劃"),
    ]),
    ("fund", &[
        ("Provides grants to {a} for projects in {t}", "向{a}提供資助，推行{t}項目"),
        ("Offers matching funding that helps {a} take up {t}", "以配對形式資助{a}應用{t}"),
    ]),
    ("park", &[
        ("Offers laboratory and office space to {a} working on {t}", "為從事{t}的{a}提供實驗室及辦公地方"),
        ("Houses {a} and shared facilities for {t}", "匯聚{a}，並提供{t}共用設施"),
    ]),
    ("talent", &[
        ("Subsidises {a} to hire and train staff in {t}", "資助{a}聘用及培訓{t}人員"),
        ("Places {a} in paid internships in {t}", "安排{a}參與{t}有薪實習"),
    ]),
    ("research", &[
        ("Brings together {a} for collaborative research in {t}", "匯聚{a}就{t}進行合作研究"),
        ("Funds long-term research by {a} in {t}", "資助{a}進行{t}長期研究"),
    ]),
    ("digital", &[
        ("Delivers online services to {a} built on {t}", "以{t}為{a}提供網上服務"),
        ("Gives {a} shared digital infrastructure for {t}", "為{a}提供{t}共用數碼基建"),
    ]),
    ("cooperation", &[
        ("Links {a} in Hong Kong and the Mainland through joint work on {t}", "連繫香港與內地{a}，合作推動{t}"),
        ("Lets {a} on both sides of the boundary share resources for {t}", "讓兩地{a}共享{t}資源"),
    ]),
    ("event", &[
        ("An annual event where {a} showcase their work in {t}", "讓{a}展示{t}成果的年度活動"),
        ("A competition that rewards {a} for achievements in {t}", "表揚{a}在{t}方面成就的比賽"),
    ]),
    ("strategy", &[
        ("Sets the direction for {t} and the support that {a} can expect", "為{t}訂立方向，並列明{a}可獲的支援"),
        ("Plans how Hong Kong will grow {t} together with {a}", "規劃香港如何與{a}共同發展{t}"),
    ]),
    ("inclusion", &[
        ("Helps {a} use digital technology through training in {t}", "透過{t}培訓協助{a}使用數碼科技"),
        ("Brings {t} to {a} with outreach and hands-on support", "以外展及實地支援把{t}帶給{a}"),
    ]),
];

/// Summary endings, English and Chinese: `{u}` a second topic.
#[rustfmt::skip]
const TAILS: &[Word] = &[
    ("", ""),
    (" in Hong Kong", "，推動香港創科發展"),
    (" across the Greater Bay Area", "，覆蓋粵港澳大灣區"),
    (" over five years", "，為期五年"),
    (", administered by the Innovation and Technology Commission", "，由創新科技署管理"),
    (" and helps bring their results to market", "，並協助成果商品化"),
    (", with a focus on {u}", "，重點支援{u}"),
    (" and is reviewed every two years", "，每兩年檢討一次"),
];

/// Date events, English and Chinese.
#[rustfmt::skip]
const EVENTS: &[Word] = &[
    ("established", "成立"), ("launched", "推出"), ("renamed", "正名"), ("announced", "公布"),
    ("opened", "啟用"), ("completed", "落成"), ("extended", "延長"), ("expanded", "擴展"),
    ("commenced", "展開"),
];

/// Figure labels per unit.
#[rustfmt::skip]
const LABELS: &[(&str, &[Word])] = &[
    ("HKD", &[("Funding commitment", "承擔額"), ("Total funding approved", "獲批資助總額"),
        ("Funding ceiling per project", "每個項目資助上限"), ("Government injection", "政府注資"),
        ("Annual budget", "每年預算")]),
    ("HKD/month", &[("Monthly allowance, bachelor's degree", "每月津貼（學士）"),
        ("Monthly allowance, master's degree", "每月津貼（碩士）"),
        ("Monthly salary subsidy", "每月薪金資助")]),
    ("percent", &[("Share of projects completed", "已完成項目比例"),
        ("Government funding share", "政府資助比例"), ("Coverage", "覆蓋率")]),
    ("hectares", &[("Site area", "佔地"), ("Gross floor area", "總樓面面積")]),
    ("years", &[("Funding period", "資助期"), ("Planning horizon", "規劃年期")]),
    ("projects", &[("Projects funded", "資助"), ("Projects approved", "批出")]),
    ("people", &[("Researchers employed", "聘用研究人員"), ("Participants", "參加者"),
        ("Talent admitted", "獲批人才")]),
    ("person-times", &[("Training places taken up", "培訓"), ("Attendance", "參與")]),
    ("positions", &[("Internship positions", "提供實習"), ("Research positions", "提供研究")]),
    ("schools", &[("Schools taking part", "參與")]),
    ("applications", &[("Applications received", "收到"), ("Applications approved", "批出")]),
    ("quotas", &[("Admission quotas", "提供")]),
    ("labs", &[("Laboratories", "設有")]),
    ("institutions", &[("Partner institutions", "合作夥伴")]),
    ("economies", &[("Participating economies", "參與")]),
    ("datasets", &[("Datasets released", "開放")]),
    ("services", &[("Online services", "提供網上")]),
    ("hotspots", &[("Wi-Fi hotspots", "設有Wi-Fi")]),
    ("visits", &[("Visitors", "吸引")]),
    ("premises", &[("Premises served", "服務")]),
    ("lampposts", &[("Smart lampposts installed", "安裝智慧")]),
    ("entries", &[("Competition entries", "收到")]),
    ("teams", &[("Teams taking part", "參賽")]),
    ("organisations", &[("Organisations taking part", "參與")]),
    ("days", &[("Duration", "為期")]),
    ("centres", &[("Service centres", "設有")]),
    ("universities", &[("Universities taking part", "參與")]),
    ("buildings", &[("Buildings", "建有")]),
    ("districts", &[("Districts covered", "覆蓋")]),
    ("areas", &[("Focus areas", "涵蓋")]),
    ("initiatives", &[("Initiatives", "推出")]),
    ("directions", &[("Development directions", "循")]),
    ("strategies", &[("Strategies", "提出")]),
    ("missions", &[("Missions", "訂立")]),
];

/// Count units: (unit, Chinese suffix as the source writes it, smallest, largest).
#[rustfmt::skip]
const COUNTS: &[(&str, &str, u64, u64)] = &[
    ("years", "年", 1, 15), ("projects", "個項目", 10, 5_000), ("people", "人", 5, 20_000),
    ("person-times", "人次", 100, 500_000), ("positions", "個職位", 10, 3_000),
    ("schools", "所學校", 5, 1_000), ("applications", "宗申請", 10, 20_000),
    ("quotas", "個配額", 100, 20_000), ("labs", "間實驗室", 1, 50),
    ("institutions", "間機構", 2, 200), ("economies", "個經濟體", 2, 60),
    ("datasets", "個數據集", 100, 6_000), ("services", "項服務", 5, 500),
    ("hotspots", "個熱點", 100, 60_000), ("visits", "人次", 1_000, 2_000_000),
    ("premises", "個處所", 10, 5_000), ("lampposts", "支燈柱", 50, 4_000),
    ("entries", "項方案", 20, 3_000), ("teams", "隊", 5, 500), ("organisations", "間機構", 5, 2_000),
    ("days", "天", 1, 10), ("centres", "所中心", 1, 30), ("universities", "所大學", 2, 8),
    ("buildings", "座大樓", 1, 20), ("districts", "個地區", 1, 18), ("areas", "個範疇", 2, 12),
    ("initiatives", "項措施", 3, 80), ("directions", "個方向", 2, 8), ("strategies", "個策略", 2, 10),
    ("missions", "個使命", 2, 10),
];

/// Qualifiers and the Chinese words the source uses for them.
const QUALIFIERS: &[Word] = &[
    ("about", "約"),
    ("over", "超過"),
    ("up-to", "最多"),
    ("nearly", "接近"),
];

// ---------------------------------------------------------------------------------------------
// An entry, as generated; written either as TOML or as one line.

struct Entry {
    id: String,
    kind: &'static str,
    name_en: String,
    name_zh: String,
    aliases: Vec<String>,
    parent: Option<String>,
    related: Vec<String>,
    tags: Vec<&'static str>,
    summary_en: String,
    summary_zh: String,
    source: String,
    dates: Vec<(&'static str, String)>,
    figures: Vec<Figure>,
}

struct Figure {
    label: Word,
    /// The TOML literal: an integer, or a float with one decimal.
    value: String,
    unit: &'static str,
    as_at: String,
    qualifier: Option<&'static str>,
    as_written: String,
}

/// The parts of a name, kept so that the id and aliases can be derived from them.
struct Name {
    place: Option<&'static Place>,
    fields: Vec<&'static Field>,
    activity: Option<&'static Word>,
    head: &'static Word,
}

impl Name {
    /// The English words, place first: `["Hong Kong", "Smart", "Data", "Fund"]`.
    fn words_en(&self) -> Vec<&'static str> {
        let mut words: Vec<&'static str> = self.place.iter().map(|p| p.0).collect();
        words.extend(self.fields.iter().map(|f| f.0));
        words.extend(self.activity.iter().map(|a| a.0));
        words.push(self.head.0);
        words
    }

    fn en(&self) -> String {
        self.words_en().join(" ")
    }

    fn zh(&self) -> String {
        let place = self.place.map_or("", |p| p.1);
        format!("{place}{}", self.short_zh())
    }

    /// The Chinese name without its place: the short form used on second mention.
    fn short_zh(&self) -> String {
        let mut s: String = self.fields.iter().map(|f| f.1).collect();
        s.extend(self.activity.iter().map(|a| a.1));
        s.push_str(self.head.1);
        s
    }
}

/// Initials of the capitalised words: `Hong Kong Smart Data Fund` → `HKSDF`.
fn acronym(words: &[&str]) -> String {
    words
        .iter()
        .flat_map(|phrase| phrase.split(' '))
        .filter_map(|word| word.chars().next())
        .filter(char::is_ascii_uppercase)
        .collect()
}

/// Lower-case kebab-case of some English words: a-z, 0-9 and single '-'.
fn slug(words: &[&str]) -> String {
    let mut s = String::new();
    for c in words.join(" ").chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
}

/// A number with a separator every three digits, as the source writes it: `42 861`, `20,000`.
fn grouped(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut s = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            s.push(separator);
        }
        s.push(c);
    }
    s
}

/// `n` rounded down to two significant digits: the round numbers that "about" and "over" use.
fn round2(n: u64) -> u64 {
    let mut scale = 1;
    while n / scale >= 100 {
        scale *= 10;
    }
    (n / scale) * scale
}

/// `{t}`, `{a}` and `{u}` filled in.
fn fill(template: &str, topic: &str, audience: &str, other: &str) -> String {
    template
        .replace("{t}", topic)
        .replace("{a}", audience)
        .replace("{u}", other)
}

struct Generator {
    rng: Rng,
    /// The ids generated so far, for parents and related links to earlier entries.
    ids: Vec<String>,
}

impl Generator {
    fn new(seed: u64) -> Generator {
        Generator {
            rng: Rng(seed),
            ids: Vec::new(),
        }
    }

    /// A name of 20 to 60 characters in English.
    fn name(&mut self, info: &'static KindInfo) -> Name {
        let mut name = self.name_once(info);
        for _ in 0..32 {
            if (20..=60).contains(&name.en().len()) {
                break;
            }
            name = self.name_once(info);
        }
        name
    }

    fn name_once(&mut self, info: &'static KindInfo) -> Name {
        let r = &mut self.rng;
        let place = r.chance(40).then(|| r.pick(PLACES));
        let count = 1 + r.weighted(&[5, 4, 1]);
        let head = r.pick(info.heads);
        let activity = r.chance(40).then(|| r.pick(ACTIVITIES));
        // No word twice: not "Research … Research Platform", not "Smart Smart City".
        let mut used: Vec<&str> = head.0.split(' ').collect();
        used.extend(activity.iter().flat_map(|a| a.0.split(' ')));
        let mut fields: Vec<&'static Field> = Vec::new();
        while fields.len() < count {
            let field = r.pick(FIELDS);
            let clash = field.0.split(' ').any(|w| w != "and" && used.contains(&w))
                || fields.iter().any(|f| f.1 == field.1);
            if !clash {
                used.extend(field.0.split(' '));
                fields.push(field);
            }
        }
        Name {
            place,
            fields,
            activity,
            head,
        }
    }

    /// An ISO 8601 date between 2010 and the catalogue's as-at (2023-06): a year, a month or a
    /// day (the loader refuses a figure dated later unless it is planned).
    fn date(&mut self) -> String {
        let r = &mut self.rng;
        let year = r.range(2010, 2023);
        let month = r.range(1, 12);
        // Folded into January–June in 2023, with the same draws (the same catalogue otherwise).
        let month = if year == 2023 {
            (month - 1) % 6 + 1
        } else {
            month
        };
        match r.weighted(&[2, 6, 2]) {
            0 => format!("{year}"),
            1 => format!("{year}-{month:02}"),
            _ => format!("{year}-{month:02}-{:02}", r.range(1, 28)),
        }
    }

    fn figure(&mut self, unit: &'static str) -> Figure {
        let labels = LABELS
            .iter()
            .find(|(u, _)| *u == unit)
            .map_or(&[("Total", "共")][..], |(_, l)| l);
        let label = *self.rng.pick(labels);
        let qualifier = if label.0.contains("ceiling") {
            Some(("up-to", "最多"))
        } else if self.rng.chance(35) {
            Some(*self.rng.pick(QUALIFIERS))
        } else {
            None
        };
        let r = &mut self.rng;
        let (value, written) = match unit {
            "HKD" if r.chance(60) => {
                // 億元, whole or with one decimal.
                let tenths = r.range(10, 5_000);
                let tenths = if tenths >= 100 {
                    tenths / 10 * 10
                } else {
                    tenths
                };
                let yi = match tenths % 10 {
                    0 => format!("{}", tenths / 10),
                    d => format!("{}.{d}", tenths / 10),
                };
                ((tenths * 10_000_000).to_string(), format!("{yi}億元"))
            }
            "HKD" => {
                let wan = r.range(1, 9_999);
                let wan = if wan >= 100 { round2(wan) } else { wan };
                ((wan * 10_000).to_string(), format!("{wan}萬元"))
            }
            "HKD/month" => {
                let v = r.range(20, 60) * 500;
                (v.to_string(), format!("{}元", grouped(v, ',')))
            }
            "percent" => {
                let v = r.range(5, 95);
                if r.chance(30) {
                    let d = r.range(1, 9);
                    (format!("{v}.{d}"), format!("{v}.{d}%"))
                } else {
                    (v.to_string(), format!("{v}%"))
                }
            }
            "hectares" => {
                let v = r.range(1, 300);
                let d = r.range(1, 9);
                (format!("{v}.{d}"), format!("{v}.{d}公頃"))
            }
            _ => {
                let &(_, suffix, lo, hi) = COUNTS
                    .iter()
                    .find(|(u, ..)| *u == unit)
                    .unwrap_or(&("", "個", 1, 100));
                // Small values more often than large ones: half of them in the first decade.
                let mut v = r.range(lo, hi);
                if hi / lo > 100 && r.chance(50) {
                    v = r.range(lo, lo * 10);
                }
                if qualifier.is_some() {
                    v = round2(v);
                }
                (v.to_string(), format!("{}{suffix}", grouped(v, ' ')))
            }
        };
        Figure {
            label,
            value,
            unit,
            as_at: self.date(),
            qualifier: qualifier.map(|q| q.0),
            as_written: format!("{}{written}", qualifier.map_or("", |q| q.1)),
        }
    }

    /// One sentence in each language, 80 to 120 characters in English (105 or less if it can).
    fn summary(&mut self, info: &KindInfo, audience: Word, topic: Word) -> (String, String) {
        let openers = OPENERS
            .iter()
            .find(|(k, _)| *k == info.kind)
            .map_or(&[("Supports {a} in {t}", "支援{a}發展{t}")][..], |(_, o)| o);
        let other = self.rng.pick(FIELDS);
        // Every opener with every tail, in English first: the Chinese only for the one chosen.
        let mut candidates: Vec<(String, Word, Word)> = Vec::new();
        for &opener in openers {
            for &tail in TAILS {
                let en = format!(
                    "{}{}.",
                    fill(opener.0, topic.0, audience.0, other.2),
                    fill(tail.0, topic.0, audience.0, other.2)
                );
                candidates.push((en, opener, tail));
            }
        }
        // Any in 80..=105, else any in 80..=120, else the one nearest 100.
        let mut chosen = None;
        for range in [80..=105, 80..=120] {
            let fitting: Vec<usize> = (0..candidates.len())
                .filter(|&i| range.contains(&candidates[i].0.len()))
                .collect();
            if !fitting.is_empty() {
                chosen = Some(*self.rng.pick(&fitting));
                break;
            }
        }
        let chosen = chosen
            .or_else(|| (0..candidates.len()).min_by_key(|&i| candidates[i].0.len().abs_diff(100)));
        let Some((en, opener, tail)) = chosen.map(|i| candidates.swap_remove(i)) else {
            return (String::new(), String::new());
        };
        let zh = format!(
            "{}{}。",
            fill(opener.1, topic.1, audience.1, other.3),
            fill(tail.1, topic.1, audience.1, other.3)
        );
        (en, zh)
    }

    fn entry(&mut self, index: usize) -> Entry {
        let info = self.rng.pick(KINDS);
        let name = self.name(info);
        let name_en = name.en();
        let name_zh = name.zh();

        // id: the name's first two words after the place, and a counter for uniqueness.
        let mut words: Vec<&str> = name.fields.iter().map(|f| f.0).collect();
        words.push(name.head.0);
        let slug = slug(&words);
        let stem: Vec<&str> = slug.split('-').take(2).collect();
        let id = format!("{}-{}", stem.join("-"), index + 1);

        // aliases: the acronym, the acronym without the place, the Chinese name without it.
        let mut candidates = Vec::new();
        let full = acronym(&name.words_en());
        if full.len() >= 2 {
            candidates.push(full);
        }
        if name.place.is_some() {
            let mut words: Vec<&str> = name.fields.iter().map(|f| f.0).collect();
            words.extend(name.activity.iter().map(|a| a.0));
            words.push(name.head.0);
            let short = acronym(&words);
            if short.len() >= 2 && !candidates.contains(&short) {
                candidates.push(short);
            }
            candidates.push(name.short_zh());
        }
        let wanted = self.rng.below(4).min(candidates.len());
        let mut aliases = Vec::new();
        while aliases.len() < wanted {
            aliases.push(candidates.remove(self.rng.below(candidates.len())));
        }

        // links: only to earlier entries, so that parents can never form a cycle.
        let mut parent = None;
        let mut related: Vec<String> = Vec::new();
        if index > 0 {
            if self.rng.chance(60) {
                parent = Some(self.ids[self.rng.below(index)].clone());
            }
            for _ in 0..self.rng.weighted(&[5, 3, 1, 1]) {
                let id = &self.ids[self.rng.below(index)];
                if !related.contains(id) && parent.as_ref() != Some(id) {
                    related.push(id.clone());
                }
            }
        }

        // tags: the kind's, the fields' and place's, the audience's, then others; 2 to 4 in all.
        let audience = *self.rng.pick(AUDIENCES);
        let mut tags: Vec<&'static str> = vec![info.tag];
        let implied = name.fields.iter().map(|f| f.4);
        for tag in implied.chain(name.place.map(|p| p.2)).chain([audience.0]) {
            if !tag.is_empty() && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        let wanted = 2 + self.rng.below(3);
        while tags.len() < wanted {
            let tag = *self.rng.pick(EXTRA_TAGS);
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        tags.truncate(wanted);

        let topic = name
            .fields
            .first()
            .map_or(("technology", "科技"), |f| (f.2, f.3));
        let (summary_en, summary_zh) = self.summary(info, (audience.1, audience.2), topic);

        let mut dates = Vec::new();
        for _ in 0..self.rng.weighted(&[4, 5, 1]) {
            let event = self.rng.pick(EVENTS).0;
            let mut date = self.date();
            if self.rng.chance(10) {
                // An interval A/B: B a year or more after A, so A ≤ B.
                let year: u64 = date[..4].parse().unwrap_or(2015);
                date = format!("{date}/{}", year + 1 + self.rng.range(0, 3));
            }
            dates.push((event, date));
        }

        let mut figures = Vec::new();
        for _ in 0..self.rng.weighted(&[12, 5, 2, 1]) {
            let unit = *self.rng.pick(info.units);
            figures.push(self.figure(unit));
        }

        // source: one Chinese sentence that quotes every figure as written.
        let mut source = match dates.first() {
            Some((event, date)) => {
                let event_zh = EVENTS
                    .iter()
                    .find(|e| e.0 == *event)
                    .map_or("推出", |e| e.1);
                let start = date.split('/').next().unwrap_or(date);
                let mut parts = start.split('-');
                let when = match (parts.next(), parts.next()) {
                    (Some(y), Some(m)) => format!("{y}年{}月", m.trim_start_matches('0')),
                    (Some(y), None) => format!("{y}年"),
                    _ => String::new(),
                };
                format!("{name_zh}於{when}{event_zh}")
            }
            None => format!("{name_zh}為{}提供支援", audience.2),
        };
        for figure in &figures {
            source.push('，');
            source.push_str(figure.label.1);
            source.push_str(&figure.as_written);
        }
        source.push('。');

        self.ids.push(id.clone());
        Entry {
            id,
            kind: info.kind,
            name_en,
            name_zh,
            aliases,
            parent,
            related,
            tags,
            summary_en,
            summary_zh,
            source,
            dates,
            figures,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Output.

fn list(items: &[impl AsRef<str>]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_string(s.as_ref())).collect();
    format!("[{}]", quoted.join(", "))
}

fn write_header(out: &mut impl Write, opts: &Options) -> io::Result<()> {
    writeln!(out, "[catalogue]")?;
    writeln!(
        out,
        "title = {{ en = {}, zh = {} }}",
        toml_string("Synthetic Hong Kong innovation and technology programmes"),
        toml_string("合成香港創新科技計劃")
    )?;
    writeln!(
        out,
        "source = {{ en = {}, zh = {} }}",
        toml_string("Generated by examples/synth.rs"),
        toml_string("由 examples/synth.rs 生成")
    )?;
    writeln!(out, "as_at = \"2023-06\"")?;
    writeln!(
        out,
        "# {} synthetic entries, seed {}.",
        opts.count, opts.seed
    )
}

fn write_entry(out: &mut impl Write, e: &Entry) -> io::Result<()> {
    writeln!(out, "\n[[entry]]")?;
    writeln!(out, "id = {}", toml_string(&e.id))?;
    writeln!(out, "kind = {}", toml_string(e.kind))?;
    writeln!(
        out,
        "name = {{ en = {}, zh = {} }}",
        toml_string(&e.name_en),
        toml_string(&e.name_zh)
    )?;
    if !e.aliases.is_empty() {
        writeln!(out, "aliases = {}", list(&e.aliases))?;
    }
    if let Some(parent) = &e.parent {
        writeln!(out, "parent = {}", toml_string(parent))?;
    }
    if !e.related.is_empty() {
        writeln!(out, "related = {}", list(&e.related))?;
    }
    // Words for who an entry is for go in `audience`, topics in `tags` (data/README.md): the
    // same words as ever, drawn in the same order, so the catalogue is otherwise unchanged.
    let (audience, tags): (Vec<&str>, Vec<&str>) = e
        .tags
        .iter()
        .copied()
        .partition(|t| AUDIENCE_WORDS.contains(t));
    if !audience.is_empty() {
        writeln!(out, "audience = {}", list(&audience))?;
    }
    if !tags.is_empty() {
        writeln!(out, "tags = {}", list(&tags))?;
    }
    writeln!(
        out,
        "summary = {{ en = {}, zh = {} }}",
        toml_string(&e.summary_en),
        toml_string(&e.summary_zh)
    )?;
    writeln!(out, "source = [{}]", toml_string(&e.source))?;
    for (event, date) in &e.dates {
        writeln!(
            out,
            "[[entry.dates]]\nevent = {}\ndate = {}",
            toml_string(event),
            toml_string(date)
        )?;
    }
    for fig in &e.figures {
        writeln!(out, "[[entry.figures]]")?;
        writeln!(
            out,
            "label = {{ en = {}, zh = {} }}",
            toml_string(fig.label.0),
            toml_string(fig.label.1)
        )?;
        writeln!(out, "value = {}", fig.value)?;
        writeln!(out, "unit = {}", toml_string(fig.unit))?;
        writeln!(out, "as_at = {}", toml_string(&fig.as_at))?;
        if let Some(qualifier) = fig.qualifier {
            writeln!(out, "qualifier = {}", toml_string(qualifier))?;
        }
        writeln!(out, "as_written = {}", toml_string(&fig.as_written))?;
    }
    Ok(())
}

fn write_line(out: &mut impl Write, e: &Entry) -> io::Result<()> {
    write!(out, "{} {}", e.name_en, e.name_zh)?;
    for alias in &e.aliases {
        write!(out, " {alias}")?;
    }
    writeln!(out)
}
