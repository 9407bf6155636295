//! The README documents every key of the explorer, so its table cannot drift from the keymap.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

#[test]
fn readme_lists_every_key() {
    let readme = include_str!("../README.md");
    for row in itib::app::keymap::HELP {
        let row = format!("| `{}` | {} |", row.keys, row.en.replace('|', "\\|"));
        assert!(readme.contains(&row), "README lacks the row\n{row}");
    }
}
