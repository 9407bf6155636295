//! `itib diff OLD NEW`: the changelog of a catalogue update. Fixtures in tests/fixtures/diff:
//! `old.toml` → `new.toml` adds an entry, removes one, renames one (same id, new names) and
//! re-figures one (a value and its as-at changed, a figure gone, one new and dated by the
//! publication), and moves the catalogue's as-at.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

use std::process::{Command, Output};

const OLD: &str = "tests/fixtures/diff/old.toml";
const NEW: &str = "tests/fixtures/diff/new.toml";

fn itib(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_itib"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ITIB_CATALOGUE")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn an_update_lists_added_removed_renamed_and_refigured_entries_and_exits_1() {
    let out = itib(&["diff", OLD, NEW]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty());
    assert_eq!(
        stdout(&out),
        "\
Catalogue
  as_at: 2023-06 → 2024-06
Added (1)
  + new-scheme  A new scheme
Removed (1)
  - old-scheme  A scheme that ended
Changed (2)
  ~ itf  Innovation and Technology Fund
      source: 截至2022年12月底，基金已批出42 861個項目，涉及撥款328億元。 → 截至2023年12月底，基金已批出約50 000個項目，涉及撥款約400億元。
      outside_source: (none) → parent: The editors' knowledge / 編者所知
      figure Funding approved: HK$32.8 billion, as at 2022-12 → about HK$40 billion, as at 2023-12
      figure removed: Projects approved: 42,861 projects, as at 2022-12
      new figure: Schemes under the Fund: 17 schemes, as at 2024-06 (publication date)
  ~ itb  Innovation, Technology and Industry Bureau
      name.en: Innovation and Technology Bureau → Innovation, Technology and Industry Bureau
      name.zh: 創新及科技局 → 創新科技及工業局
"
    );
}

#[test]
fn the_changes_are_said_in_the_users_language() {
    let out = itib(&["diff", OLD, NEW, "--lang", "zh"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("新增 (1)\n  + new-scheme  新計劃\n"),
        "{text}"
    );
    assert!(
        text.contains("數字 涉及撥款: 328億元，截至2022-12 → 約400億元，截至2023-12"),
        "{text}"
    );
    assert!(text.contains("截至2024-06（出版日期）"), "{text}");
}

#[test]
fn markdown_and_json_say_the_same() {
    let md = stdout(&itib(&["diff", OLD, NEW, "--format", "markdown"]));
    assert!(
        md.contains("## Removed (1)\n\n- `old-scheme` A scheme that ended\n"),
        "{md}"
    );
    assert!(
        md.contains("### `itb` Innovation, Technology and Industry Bureau\n"),
        "{md}"
    );
    let out = itib(&["diff", OLD, NEW, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["added"][0]["id"], "new-scheme");
    assert_eq!(json["removed"][0]["id"], "old-scheme");
    assert_eq!(json["catalogue"][0]["new"], "2024-06");
    let itf = &json["changed"][0];
    assert_eq!(itf["id"], "itf");
    let figures = itf["figures"].as_array().unwrap();
    assert_eq!(figures[0]["change"], "changed");
    assert_eq!(figures[0]["old"]["as_at"], "2022-12");
    assert_eq!(figures[0]["new"]["value"], 40000000000_i64);
    assert_eq!(figures[1]["change"], "removed");
    assert_eq!(figures[2]["change"], "added");
    assert_eq!(figures[2]["new"]["as_at_basis"], "publication");
}

#[test]
fn equal_catalogues_print_nothing_and_exit_0() {
    for format in ["text", "markdown"] {
        let out = itib(&["diff", OLD, OLD, "--format", format]);
        assert_eq!(out.status.code(), Some(0));
        assert!(out.stdout.is_empty() && out.stderr.is_empty());
    }
    let out = itib(&["diff", NEW, NEW, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["changed"].as_array().map(Vec::len), Some(0));
    // The shipped catalogue against its own toml export: the same.
    let list = itib(&["list", "--format", "toml"]);
    let dir = std::env::temp_dir().join(format!("itib-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let exported = dir.join("exported.toml");
    std::fs::write(&exported, &list.stdout).unwrap();
    let out = itib(&["diff", "data/catalogue.toml", exported.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_catalogue_gets_the_loaders_message_alone_and_exits_2() {
    let bad = "tests/fixtures/invalid/figure-two-headlines.toml";
    let expected = std::fs::read_to_string(bad.replace(".toml", ".stderr")).unwrap();
    for args in [["diff", OLD, bad], ["diff", bad, NEW]] {
        let out = itib(&args);
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty(), "{args:?} printed {}", stdout(&out));
        assert_eq!(String::from_utf8_lossy(&out.stderr), expected);
    }
    let out = itib(&["diff", OLD, "tests/fixtures/diff/no-such.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such.toml"));
}

/// A name note is compared in both languages: a change to its Chinese alone is a change, shown
/// with both.
#[test]
fn a_name_note_changed_in_chinese_alone_is_a_change() {
    let dir = std::env::temp_dir().join(format!("itib-diff-name-note-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let base = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(OLD))
        .unwrap();
    let with = |zh: &str| {
        base.replacen(
            "parent = \"itc\"\n",
            &format!(
                "parent = \"itc\"\nname_note = {{ en = \"The editors' rendering\", zh = \"{zh}\" }}\n"
            ),
            1,
        )
    };
    let (old, new) = (dir.join("old.toml"), dir.join("new.toml"));
    std::fs::write(&old, with("編者翻譯")).unwrap();
    std::fs::write(&new, with("英文名稱由編者翻譯")).unwrap();
    let out = itib(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains(
            "      name_note: The editors' rendering / 編者翻譯 → The editors' rendering / 英文名稱由編者翻譯\n"
        ),
        "{}",
        stdout(&out)
    );
}
