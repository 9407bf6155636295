//! A catalogue large enough to be read block by block (8 MB and more) loads to exactly what the
//! whole-text parser builds, Chinese text straddling block boundaries included; and a problem
//! deep inside it is reported with the same line and column as for a small file.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

use std::path::PathBuf;

fn entry(i: usize, out: &mut String) {
    // Chinese on every line, so some multi-byte character crosses each 4 MB block boundary.
    out.push_str(&format!(
        "[[entry]]\nid = \"scheme-{i}\"\nkind = \"fund\"\nname = {{ en = \"Innovation Support Scheme {i}\", zh = \"創新支援計劃{i}號\" }}\n\
         aliases = [\"ISS{i}\", \"創新支援{i}\"]\n{}related = [\"scheme-0\"]\ntags = [\"funding\", \"smes\"]\n\
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

fn write(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("itib-large-{}-{name}.toml", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_large_file_loads_to_what_the_whole_text_parser_builds() {
    let text = big_text(9 << 20);
    let path = write("valid", &text);
    let streamed = itib::catalogue::load_path(&path).unwrap();
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
    let err = itib::catalogue::load_path(&path).unwrap_err().to_string();
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
