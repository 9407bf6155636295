//! Search at scale: `cargo bench --bench search`.
//!
//! - `load/N`: parse + validate + index a generated catalogue of N entries (1k, 10k, 100k).
//! - `typing/itib/QUERY` and `typing/baseline/QUERY`: typing QUERY one character at a time into
//!   a 100k catalogue, measured side by side: itib's engine (names first, masks, narrowing, both
//!   cores; each key's first screen, as the explorer waits for it) against the plain approach —
//!   SkimMatcherV2 over every entry's whole text, each key.
//! - Before the criterion groups, per-keystroke p50 / p99 of both over all queries (criterion
//!   reports means; a typing user feels the tail): the first screen, and the time until the
//!   whole ranking is settled. `ITIB_BENCH_TYPING_ONLY=1` prints only these
//!   (as `scripts/bench-vs-fzf.sh` does).
//!
//! Catalogues come from `examples/synth.rs` (same seed, same bytes).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may panic on bad setup

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use itib::catalogue::{self, Catalogue};
use itib::search::{Engine, FirstScreen, Searcher};

#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

/// Rows a keystroke's first answer ranks exactly: the explorer asks for its area's height,
/// and 50 is a tall terminal's.
const SCREEN: usize = 50;

/// English words, an unselective first key, Chinese, abbreviations, Simplified input.
const QUERIES: [&str; 9] = [
    "innovation",
    "talent hub",
    "st",
    "e",
    "創新",
    "研究人才",
    "itf",
    "rth",
    "创新",
];

fn load(text: &str) -> Catalogue {
    catalogue::parse_str(text, "bench.toml").unwrap()
}

/// The plain approach: every entry's whole text, scored by SkimMatcherV2, matches sorted.
struct Baseline {
    texts: Vec<String>,
    matcher: SkimMatcherV2,
}

impl Baseline {
    fn new(cat: &Catalogue) -> Baseline {
        let texts = cat
            .entries()
            .iter()
            .map(|e| {
                format!(
                    "{} {} {} {}",
                    e.name.en,
                    e.name.zh,
                    e.aliases.join(" "),
                    e.summary.en
                )
            })
            .collect();
        Baseline {
            texts,
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }

    fn search(&self, q: &str) -> usize {
        let mut hits: Vec<(i64, usize)> = self
            .texts
            .iter()
            .enumerate()
            .filter_map(|(i, t)| self.matcher.fuzzy_match(t, q).map(|s| (s, i)))
            .collect();
        hits.sort_unstable_by(|a, b| b.cmp(a));
        hits.len()
    }
}

/// Every prefix of the query, as typed.
fn keystrokes(q: &str) -> Vec<String> {
    q.char_indices()
        .map(|(i, c)| q[..i + c.len_utf8()].to_string())
        .collect()
}

/// User + system CPU time of the whole process so far (Linux; 10 ms ticks).
fn process_cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let mut fields = after_name.split(' ').skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some((utime + stime) * 10)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn report_keystrokes(engine: &Engine, baseline: &Baseline) {
    let mut ours = Vec::new();
    let mut whole = Vec::new();
    let mut plain = Vec::new();
    // For profiling our side alone.
    let skip_baseline = std::env::var_os("ITIB_BENCH_NO_BASELINE").is_some();
    // Each keystroke's time and hit count, on stderr.
    let verbose = std::env::var_os("ITIB_BENCH_VERBOSE").is_some();
    // Repetitions; 0 times the load alone (for `perf stat` differences).
    let reps: usize = std::env::var("ITIB_BENCH_REPS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let cpu_before = process_cpu_ms();
    for _ in 0..reps {
        for q in QUERIES {
            let mut searcher = Searcher::new();
            for typed in keystrokes(q) {
                // What a keystroke in the explorer waits for: the first screen.
                let t = Instant::now();
                let found = black_box(
                    searcher
                        .find_top(engine, &typed, FirstScreen::rows(SCREEN), SCREEN)
                        .unwrap(),
                );
                let first = t.elapsed();
                ours.push(first);
                // Then, as the explorer's worker does unless a newer key has come, the rest.
                let t = Instant::now();
                if found.pending > 0 {
                    black_box(searcher.settle(engine, SCREEN, &|| false).unwrap());
                }
                whole.push(first + t.elapsed());
                if verbose {
                    eprintln!(
                        "{typed:>12} {:8.2} ms first screen {:8.2} ms all ranked {:7} hits {:7} pending",
                        first.as_secs_f64() * 1e3,
                        (first + t.elapsed()).as_secs_f64() * 1e3,
                        found.hits.len(),
                        found.pending,
                    );
                }
                if skip_baseline {
                    continue;
                }
                let t = Instant::now();
                black_box(baseline.search(&typed));
                plain.push(t.elapsed());
            }
        }
    }
    if let (Some(before), Some(after)) = (cpu_before, process_cpu_ms()) {
        // CPU time over all threads: steadier than wall time on a busy machine.
        eprintln!(
            "typing: {} ms of CPU over {} keystrokes",
            after - before,
            ours.len()
        );
    }
    if ours.is_empty() {
        return;
    }
    ours.sort();
    whole.sort();
    plain.sort();
    if plain.is_empty() {
        plain = ours.clone();
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "per keystroke over {} keystrokes, 100k entries:",
        ours.len()
    );
    println!(
        "  itib, first screen  p50 {:7.2} ms   p99 {:7.2} ms   max {:7.2} ms",
        ms(percentile(&ours, 0.5)),
        ms(percentile(&ours, 0.99)),
        ms(*ours.last().unwrap())
    );
    println!(
        "  itib, all ranked    p50 {:7.2} ms   p99 {:7.2} ms   max {:7.2} ms",
        ms(percentile(&whole, 0.5)),
        ms(percentile(&whole, 0.99)),
        ms(*whole.last().unwrap())
    );
    println!(
        "  baseline            p50 {:7.2} ms   p99 {:7.2} ms   max {:7.2} ms",
        ms(percentile(&plain, 0.5)),
        ms(percentile(&plain, 0.99)),
        ms(*plain.last().unwrap())
    );
    println!(
        "  speed-up (first screen)  p50 {:.1}x   p99 {:.1}x",
        ms(percentile(&plain, 0.5)) / ms(percentile(&ours, 0.5)),
        ms(percentile(&plain, 0.99)) / ms(percentile(&ours, 0.99))
    );
}

fn main() {
    if std::env::var_os("ITIB_BENCH_TYPING_ONLY").is_some() {
        let big = load(&synth::catalogue(100_000, 42));
        report_keystrokes(&Engine::new(&big), &Baseline::new(&big));
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    let texts: Vec<(usize, String)> = [1_000, 10_000, 100_000]
        .into_iter()
        .map(|n| (n, synth::catalogue(n, 42)))
        .collect();

    let mut group = c.benchmark_group("load");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(15));
    for (n, text) in &texts {
        group.bench_with_input(BenchmarkId::from_parameter(n), text, |b, text| {
            b.iter(|| {
                let cat = load(text);
                let engine = Engine::new(&cat);
                black_box(engine.index().len());
            })
        });
    }
    group.finish();

    let big = load(&texts[2].1);
    drop(texts);
    let engine = Engine::new(&big);
    let baseline = Baseline::new(&big);
    report_keystrokes(&engine, &baseline);

    let mut group = c.benchmark_group("typing");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for q in QUERIES {
        group.bench_with_input(BenchmarkId::new("itib", q), q, |b, q| {
            b.iter(|| {
                let mut searcher = Searcher::new();
                for typed in keystrokes(q) {
                    black_box(
                        searcher
                            .find_top(&engine, &typed, FirstScreen::rows(SCREEN), SCREEN)
                            .unwrap(),
                    );
                }
            })
        });
        group.bench_with_input(BenchmarkId::new("baseline", q), q, |b, q| {
            b.iter(|| {
                for typed in keystrokes(q) {
                    black_box(baseline.search(&typed));
                }
            })
        });
    }
    group.finish();
    c.final_summary();
}
