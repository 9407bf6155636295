//! A catalogue large enough to be read block by block (8 MB and more) loads to exactly what the
//! whole-text parser builds, Chinese text straddling block boundaries included; a problem deep
//! inside it is reported with the same line and column as for a small file; and its binary
//! cache gives back the same catalogue, is never used for an edited file, and when damaged is
//! ignored and rewritten. (The cache's hostile cases are in `tests/cache.rs`.)

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

use std::path::PathBuf;

use itib::store::{self, Cache};

fn entry(i: usize, out: &mut String) {
    // Chinese on every line, so some multi-byte character crosses each 4 MB block boundary.
    out.push_str(&format!(
        "[[entry]]\nid = \"scheme-{i}\"\nkind = \"fund\"\nname = {{ en = \"Innovation Support Scheme {i}\", zh = \"創新支援計劃{i}號\" }}\n\
         aliases = [\"ISS{i}\", \"創新支援{i}\"]\n{}related = [\"scheme-0\"]\naudience = [\"smes\"]\ntags = [\"funding\"]\n\
         summary = {{ en = \"Helps small firms adopt technology, round {i}.\", zh = \"協助中小企業應用科技，第{i}輪。\" }}\n\
         source = [\"政府推出創新支援計劃，撥款{i}萬元。\"]\n\n[[entry.figures]]\nlabel = {{ en = \"Funding\", zh = \"撥款\" }}\n\
         value = {}\nunit = \"HKD\"\nas_at = \"2023-06\"\nas_written = \"{i}萬元\"\n\n",
        if i > 0 { format!("parent = \"scheme-{}\"\n", i / 2) } else { String::new() },
        i * 10_000,
    ));
}

fn big_text(min_bytes: usize) -> String {
    let mut text =
        String::from("[catalogue]\ntitle = { en = \"Big\", zh = \"大\" }\nas_at = \"2023-06\"\n\n");
    let mut i = 0;
    while text.len() < min_bytes {
        entry(i, &mut text);
        i += 1;
    }
    text
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("itib-large-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The cache files proper (not the stamp memos beside them).
fn cache_files(dir: &std::path::Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir).map_or(Vec::new(), |d| {
        d.map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "itib"))
            .collect()
    })
}

fn write(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("itib-large-{}-{name}.toml", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_large_file_loads_to_what_the_whole_text_parser_builds() {
    let text = big_text(9 << 20);
    let path = write("valid", &text);
    let progress = itib::catalogue::Progress::default();
    let (streamed, hash) = itib::catalogue::read_path(&path, &progress).unwrap();
    let read = progress.bytes.load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(read, text.len() as u64, "progress counts every byte");
    assert_eq!(
        progress.entries.load(std::sync::atomic::Ordering::Relaxed),
        streamed.len()
    );
    assert_eq!(
        hash,
        blake3::hash(text.as_bytes()),
        "the hash of the bytes parsed"
    );
    let whole = itib::catalogue::parse_str(&text, &path.display().to_string()).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(streamed.len() > 10_000);
    assert_eq!(streamed, whole);
}

#[test]
fn a_problem_deep_in_a_large_file_has_its_exact_position() {
    let mut text = big_text(9 << 20);
    text.push_str(
        "[[entry]]\nid = \"late\"\nkind = \"fnud\"\nname = { en = \"Late\", zh = \"遲\" }\n",
    );
    text.push_str("summary = { en = \"x\", zh = \"x\" }\nsource = [\"x\"]\n");
    let path = write("invalid", &text);
    let cache = temp_dir("problem-cache");
    let err = store::catalogue(Some(&path), Cache::At(&cache))
        .unwrap_err()
        .to_string();
    assert!(
        cache_files(&cache).is_empty(),
        "a catalogue with a problem is never cached"
    );
    std::fs::remove_file(&path).unwrap();
    let line = text.lines().position(|l| l == "kind = \"fnud\"").unwrap() + 1;
    let origin = path.display().to_string();
    assert!(
        err.starts_with(&format!(
            "{origin}:{line}:8: entry `late`: kind: unknown kind `fnud`"
        )),
        "{err}"
    );
}

#[test]
fn the_cache_gives_back_the_same_catalogue_and_follows_edits() {
    let text = big_text(9 << 20);
    let path = write("cached", &text);
    let cache = temp_dir("cache");
    let fresh = store::catalogue(Some(&path), Cache::At(&cache)).unwrap();
    let files = cache_files(&cache);
    assert_eq!(files.len(), 1, "the first load writes one cache");
    let cached = store::catalogue(Some(&path), Cache::At(&cache)).unwrap();
    assert_eq!(cached, fresh);

    // A damaged cache is not used, and the next load writes a sound one again.
    std::fs::write(&files[0], b"ITIBSTOR not really").unwrap();
    assert_eq!(
        store::catalogue(Some(&path), Cache::At(&cache)).unwrap(),
        fresh
    );
    assert!(std::fs::metadata(&files[0]).unwrap().len() > 1000);

    // An edited file is another catalogue: its own cache, its own entries.
    let edited = text.replace(
        "Innovation Support Scheme 0\"",
        "Innovation Support Scheme Zero\"",
    );
    std::fs::write(&path, &edited).unwrap();
    let reloaded = store::catalogue(Some(&path), Cache::At(&cache)).unwrap();
    assert_eq!(
        reloaded.get("scheme-0").unwrap().name.en,
        "Innovation Support Scheme Zero"
    );
    let mut both = cache_files(&cache);
    assert_eq!(both.len(), 2);

    // Another catalogue's cache under this file's name is never served: its header names the
    // other file's bytes.
    both.retain(|f| *f != files[0]);
    std::fs::copy(&files[0], &both[0]).unwrap();
    assert_eq!(
        store::catalogue(Some(&path), Cache::At(&cache)).unwrap(),
        reloaded
    );
    std::fs::remove_file(&path).unwrap();
    std::fs::remove_dir_all(&cache).unwrap();
}

#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

/// The generator the benchmarks and `scripts/bench-vs-fzf.sh` use writes catalogues the loader
/// takes, for several seeds: a rule the generator breaks would otherwise surface only when the
/// benchmark is run.
#[test]
fn the_benchmarks_synthetic_catalogues_are_valid() {
    for seed in [1, 42, 7_777] {
        let text = synth::catalogue(3_000, seed);
        let cat = itib::catalogue::parse_str(&text, "synth.toml")
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(cat.len(), 3_000);
    }
}
