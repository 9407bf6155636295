//! Hostile catalogues through the real binary: each is refused with exit 2 and its exact first
//! message (kept in `tests/fixtures/hostile.expected`), nothing on stdout, and not one control or
//! format character on either stream — a message quotes what it was given escaped and cut.
//!
//! `ITIB_BLESS=1 cargo test --test hostile` rewrites the expected file; review its diff.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

mod common;

use std::process::Command;

use itib::catalogue::is_forbidden;

const EXPECTED: &str = "tests/fixtures/hostile.expected";

/// The first char of `bytes` that must never reach a terminal, if any (newlines end lines).
fn raw_control(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .find(|&c| c != '\n' && is_forbidden(c))
        .map(|c| format!("U+{:04X}", c as u32))
}

#[test]
fn every_hostile_catalogue_is_refused_with_its_exact_first_message() {
    let dir = std::env::temp_dir().join(format!("itib-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut got = String::new();
    let mut failures = Vec::new();
    let corpus = common::hostile::corpus();
    assert!(corpus.len() > 400, "{} catalogues", corpus.len());
    for (name, text) in &corpus {
        let file = format!("{name}.toml");
        std::fs::write(dir.join(&file), text).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_itib"))
            .args(["check", &file])
            .current_dir(&dir)
            .env_remove("ITIB_CATALOGUE")
            .output()
            .unwrap();
        std::fs::remove_file(dir.join(&file)).unwrap();
        let code = out.status.code();
        let stream = if code == Some(0) {
            &out.stdout
        } else {
            &out.stderr
        };
        let first = String::from_utf8_lossy(stream)
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        got.push_str(&format!("{name}\t{}\t{first}\n", code.unwrap_or(-1)));
        if let Some(c) = raw_control(&out.stderr).or_else(|| raw_control(&out.stdout)) {
            failures.push(format!("{name}: raw {c} on a stream"));
        }
        if code != Some(0) && !out.stdout.is_empty() {
            failures.push(format!("{name}: {} bytes on stdout", out.stdout.len()));
        }
        if out.stderr.len() > 64 << 10 {
            failures.push(format!("{name}: {} bytes on stderr", out.stderr.len()));
        }
    }
    let _ = std::fs::remove_dir(&dir);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPECTED);
    if std::env::var_os("ITIB_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    for (want, have) in expected.lines().zip(got.lines()) {
        if want != have {
            failures.push(format!("expected {want}\n     got {have}"));
        }
    }
    if expected.lines().count() != got.lines().count() {
        failures.push(format!(
            "{} expected lines, {} cases (ITIB_BLESS=1 rewrites {EXPECTED})",
            expected.lines().count(),
            got.lines().count()
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
