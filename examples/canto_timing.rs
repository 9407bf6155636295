//! What a Chinese name's Cantonese words cost, before and after `itib::search::canto`: rust-canto
//! 0.3.4's `annotate` with the JSON parse `sound.rs` did, against our segmenter, over the texts
//! the index reads (every name and alias with a Chinese character) of a catalogue.
//!
//! ```sh
//! cargo run --release --example synth -- 100000 > /tmp/b/100k.toml
//! cargo run --release --example canto_timing -- /tmp/b/100k.toml
//! ```
//!
//! Prints rust-canto's first call (its trie unpacked), then for each way the best of five
//! passes: total and per text, on one thread. Also checks that both give the same words. With
//! `--ours` after the file, times our segmenter alone (for `perf record`).

use std::time::{Duration, Instant};

use itib::search::sound::is_han;

#[derive(serde::Deserialize)]
struct Word {
    word: String,
    jyutping: Option<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: canto_timing CATALOGUE.toml");
        std::process::exit(2);
    };
    let progress = itib::catalogue::Progress::default();
    let (cat, _) = itib::catalogue::read_path(std::path::Path::new(&path), &progress)?;
    let texts: Vec<&str> = cat
        .entries()
        .iter()
        .flat_map(|e| [&e.name.en, &e.name.zh].into_iter().chain(&e.aliases))
        .map(String::as_str)
        .filter(|t| t.chars().any(is_han))
        .collect();
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    println!(
        "{} texts with Chinese, {:.1} chars each",
        texts.len(),
        chars as f64 / texts.len() as f64
    );

    if std::env::args().nth(2).as_deref() == Some("--ours") {
        let new = best_of(20, || {
            let mut n = 0;
            for text in &texts {
                itib::search::canto::segment(text, |_, _| n += 1);
            }
            n
        });
        println!(
            "canto::segment: {:.0} ns/text",
            new.as_nanos() as f64 / texts.len() as f64
        );
        return Ok(());
    }
    let t = Instant::now();
    let _ = rust_canto::annotate("創新".as_bytes());
    println!("rust-canto, first call: {:?}", t.elapsed());
    let t = Instant::now();
    let mut first = 0;
    itib::search::canto::segment("創新", |_, _| first += 1);
    println!("canto, first call: {:?}", t.elapsed());

    let old = best_of(5, || {
        let mut n = 0;
        for text in &texts {
            let json = rust_canto::annotate(text.as_bytes());
            let words: Vec<Word> = serde_json::from_slice(&json).unwrap_or_default();
            n += words.len();
        }
        n
    });
    let new = best_of(5, || {
        let mut n = 0;
        for text in &texts {
            itib::search::canto::segment(text, |_, _| n += 1);
        }
        n
    });
    let readings = best_of(5, || {
        texts
            .iter()
            .filter_map(|t| itib::search::sound::readings(t))
            .count()
    });
    let per = |d: Duration| d.as_nanos() as f64 / texts.len() as f64;
    println!(
        "rust-canto annotate + JSON: {:>8.1} ms, {:>7.0} ns/text",
        old.as_secs_f64() * 1e3,
        per(old)
    );
    println!(
        "canto::segment:             {:>8.1} ms, {:>7.0} ns/text ({:.1}x)",
        new.as_secs_f64() * 1e3,
        per(new),
        old.as_secs_f64() / new.as_secs_f64()
    );
    println!(
        "sound::readings (Jyutping and pinyin): {:.1} ms, {:.0} ns/text",
        readings.as_secs_f64() * 1e3,
        per(readings)
    );

    let mut differ = 0;
    for text in &texts {
        let json = rust_canto::annotate(text.as_bytes());
        let theirs: Vec<Word> = serde_json::from_slice(&json).unwrap_or_default();
        let mut ours = Vec::new();
        itib::search::canto::segment(text, |w, r| {
            ours.push((w.to_string(), r.map(str::to_string)))
        });
        let theirs: Vec<_> = theirs.into_iter().map(|w| (w.word, w.jyutping)).collect();
        differ += usize::from(ours != theirs);
    }
    println!("texts whose words differ: {differ}");
    Ok(())
}

/// The fastest of `runs` passes of `f` (its result kept from the optimiser).
fn best_of(runs: usize, mut f: impl FnMut() -> usize) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}
