//! Every class of bad catalogue gets its precise message (file, line, column, field) on stderr,
//! exit status 2, and nothing on stdout. Each `tests/fixtures/invalid/NAME.toml` is checked
//! against `NAME.stderr` beside it, byte for byte.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

mod common;

use common::itib;
use std::path::Path;

#[test]
fn each_invalid_fixture_gets_its_exact_message() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut checked = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "stderr") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let expected = std::fs::read_to_string(&path).unwrap();
        let catalogue = format!("tests/fixtures/invalid/{stem}.toml");
        for args in [
            vec!["check", catalogue.as_str()],
            vec!["--catalogue", catalogue.as_str(), "list"],
            // A search reads the file its own way (the index built as entries are read),
            // and falls back to the same reader for what is wrong.
            vec!["--catalogue", catalogue.as_str(), "search", "fund"],
        ] {
            let out = itib(&args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            if out.status.code() != Some(2) || !out.stdout.is_empty() || stderr != expected {
                failures.push(format!(
                    "{args:?}: status {:?}, {} bytes on stdout\n--- expected\n{expected}--- got\n{stderr}",
                    out.status.code(),
                    out.stdout.len()
                ));
            }
        }
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} fixtures");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_invalid_fixture_has_an_expected_message() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            assert!(
                path.with_extension("stderr").exists(),
                "{} has no .stderr",
                path.display()
            );
        }
    }
}

#[test]
fn several_semantic_problems_are_all_reported() {
    let out = itib(&["check", "tests/fixtures/invalid/several-problems.toml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "unknown kind `funds`",
        "parent: unknown id `nowhere`",
        "related[0]: unknown id `itf-2`",
        "figures[0].unit: figure has no unit",
        "figures[0].value: figure value must be a number",
        "figures[0].as_at: `2022-13` is not an ISO 8601 date",
        "name.zh: missing Chinese name",
        "summary: missing summary",
        "duplicate id; first defined at line 7",
        "9 problems found",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in\n{stderr}");
    }
}
