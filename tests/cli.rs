//! The scripting commands as a user runs them: exit codes, what goes to stdout and stderr, the
//! catalogue chosen by flag or environment, and a reader that closes the pipe early.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

use std::io::Read;
use std::process::{Command, Output, Stdio};

fn itib() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_itib"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ITIB_CATALOGUE");
    cmd
}

fn run(args: &[&str]) -> Output {
    itib().args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn check_summarises_the_shipped_catalogue_in_one_line() {
    let out = run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1);
    assert!(text.starts_with("data/catalogue.toml: ok, "), "{text}");
    for kind in ["bureau", "fund", "park", "talent"] {
        assert!(text.contains(&format!(" {kind}")), "{text}");
    }
}

#[test]
fn show_prints_one_entry_and_an_unknown_id_suggests() {
    let out = run(&["show", "research-talent-hub"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("HK$35,000 a month"));

    let out = run(&["show", "itff"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("no entry with id `itff`; did you mean `itf`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn list_json_holds_every_entry_with_every_field() {
    let out = run(&["list", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entries = json["entry"].as_array().unwrap();
    let cat = itib::catalogue::shipped().unwrap();
    assert_eq!(entries.len(), cat.len());
    let figures: usize = entries
        .iter()
        .map(|e| e["figures"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        figures,
        cat.entries().iter().map(|e| e.figures.len()).sum::<usize>()
    );
    let fields = [
        "id",
        "kind",
        "category",
        "name",
        "name_note",
        "aliases",
        "parent",
        "related",
        "tags",
        "website",
        "summary",
        "source",
        "dates",
        "figures",
    ];
    for e in entries {
        for f in fields {
            assert!(e.get(f).is_some(), "{} lacks {f}", e["id"]);
        }
    }
    let itf = entries.iter().find(|e| e["id"] == "itf").unwrap();
    let funding = itf["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["as_written"] == "328億元")
        .unwrap();
    assert_eq!(funding["value"], serde_json::json!(32_800_000_000i64));
    assert_eq!(funding["unit"], "HKD");
    assert_eq!(json["catalogue"]["as_at"], "2023-06");
}

#[test]
fn list_filters_by_kind_and_rejects_an_unknown_kind() {
    let out = run(&["list", "--kind", "fund"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.lines()
            .all(|l| l.split_whitespace().nth(1) == Some("fund")),
        "{text}"
    );
    assert!(text.contains("itf"));

    let out = run(&["list", "--kind", "funds"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown kind `funds`"));
}

#[test]
fn csv_has_a_header_and_one_row_per_entry() {
    let out = run(&[
        "--catalogue",
        "tests/fixtures/valid/minimal.toml",
        "list",
        "--format",
        "csv",
    ]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("id,kind,name_en,name_zh"));
    assert!(lines[2].starts_with("itf,fund,Innovation and Technology Fund,創新及科技基金"));
}

#[test]
fn the_catalogue_comes_from_the_flag_or_the_environment() {
    let out = run(&["--catalogue", "tests/fixtures/valid/minimal.toml", "list"]);
    assert_eq!(stdout(&out).lines().count(), 2);

    let out = itib()
        .env("ITIB_CATALOGUE", "tests/fixtures/valid/minimal.toml")
        .args(["show", "itf", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["parent"], "itc");

    let out = itib()
        .env("ITIB_CATALOGUE", "tests/fixtures/invalid/unknown-kind.toml")
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    // The json export is far larger than a pipe's buffer, so the write meets the closed pipe.
    let mut child = itib()
        .args(["list", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "");
}

#[test]
fn show_toml_pastes_into_a_catalogue() {
    let out = run(&["show", "research-talent-hub", "--format", "toml"]);
    let block = stdout(&out);
    let cat = itib::catalogue::shipped().unwrap();
    // The rest of the catalogue, then the pasted block at its end.
    let others: Vec<&itib::catalogue::Entry> = cat
        .entries()
        .iter()
        .filter(|e| e.id != "research-talent-hub")
        .collect();
    let mut file = Vec::new();
    itib::export::write_list(&mut file, &cat, &others, itib::export::Format::Toml).unwrap();
    let file = format!("{}\n{block}", String::from_utf8(file).unwrap());
    let pasted = itib::catalogue::parse_str(&file, "pasted.toml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        pasted.get("research-talent-hub"),
        cat.get("research-talent-hub")
    );
    assert_eq!(pasted.len(), cat.len());
}

#[test]
fn search_json_has_scores_fields_and_match_positions() {
    let out = run(&["search", "rth", "--format", "json", "--limit", "3"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = json.as_array().unwrap();
    assert!(hits.len() <= 3);
    let first = &hits[0];
    assert_eq!(first["id"], "research-talent-hub");
    assert_eq!(first["field"], "alias");
    assert_eq!(first["field_index"], 0);
    assert_eq!(first["text"], "RTH");
    assert_eq!(first["indices"], serde_json::json!([0, 1, 2]));
    assert!(first["score"].as_i64().unwrap() > 0);
    assert_eq!(first["name"]["zh"], "研究人才庫");
}

#[test]
fn search_exit_codes_are_like_grep() {
    let out = run(&["search", "zzqxv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    // The explorer offers partial matches; a script gets none, and exit 1.
    let out = run(&["search", "biotech", "zzqxv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());

    let many: Vec<String> = (0..65).map(|i| format!("t{i}")).collect();
    let mut args = vec!["search"];
    args.extend(many.iter().map(String::as_str));
    let out = run(&args);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid query: 65 different terms; a query has at most 64"),
        "{}",
        stderr(&out)
    );

    let out = run(&[
        "--catalogue",
        "tests/fixtures/invalid/unknown-kind.toml",
        "search",
        "itf",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn search_by_kind_and_words() {
    let out = run(&["search", "--kind", "fund", "innovation", "fund"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("itf\tfund\tInnovation and Technology Fund"),
        "{text}"
    );
    assert!(text.lines().all(|l| l.split('\t').nth(1) == Some("fund")));
}

/// Runs `itib ARGS` through `sh`, for redirections a `Command` cannot express.
fn sh(script: &str) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .env("ITIB", env!("CARGO_BIN_EXE_itib"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ITIB_CATALOGUE")
        .output()
        .unwrap()
}

#[test]
fn output_that_cannot_be_written_is_exit_2_with_a_message() {
    let cases = [
        ("\"$ITIB\" --help > /dev/full", "cannot write output"),
        ("\"$ITIB\" --version > /dev/full", "cannot write output"),
        ("\"$ITIB\" check > /dev/full", "cannot write output"),
        ("\"$ITIB\" list > /dev/full", "cannot write output"),
        ("\"$ITIB\" search itf > /dev/full", "cannot write output"),
        ("\"$ITIB\" list >&-", "standard output is closed"),
        ("\"$ITIB\" --help >&-", "standard output is closed"),
        ("\"$ITIB\" show itf >&-", "standard output is closed"),
    ];
    for (script, message) in cases {
        let out = sh(script);
        assert_eq!(out.status.code(), Some(2), "{script}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{script}: {}", stderr(&out));
    }
    // Help into a reader that has gone is no error.
    let out = sh("\"$ITIB\" --help | head -c 1 > /dev/null");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn limit_zero_is_a_usage_error() {
    let out = run(&["search", "--limit", "0", "itf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("must be at least 1"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_catalogue_is_a_regular_file_or_a_pipe_of_at_most_1_gib() {
    let out = run(&["check", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "/dev/zero: not a regular file or a pipe; a catalogue is read from a file\n"
    );
    // A pipe, as `itib check <(…)` gives.
    let out = sh("cat data/catalogue.toml | \"$ITIB\" check /dev/stdin");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("ok, 132 entries"), "{}", stdout(&out));
    // Larger than the cap: refused before a byte is read (the file is sparse).
    let path = std::env::temp_dir().join(format!("itib-huge-{}.toml", std::process::id()));
    let file = std::fs::File::create(&path).unwrap();
    file.set_len((1 << 30) + 1).unwrap();
    let out = run(&["check", path.to_str().unwrap()]);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).ends_with("larger than 1024 MiB; a catalogue this large is refused\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unknown_id_or_kind_is_quoted_escaped_and_cut() {
    let id = format!("\u{1b}]52;c;aGk=\u{7}{}", "x".repeat(5000));
    let out = run(&["show", &id]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("itib: no entry with id `\\u{1b}]52;c;aGk=\\u{7}xxx"),
        "{err}"
    );
    assert!(err.contains("…`"), "{err}");
    assert!(err.len() < 300, "{} bytes", err.len());
    let out = run(&["list", "--kind", "\u{202e}fund"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains('\u{202e}'), "{}", stderr(&out));
}

/// itib without a controlling terminal (`setsid`): opening /dev/tty fails, so any run that
/// succeeds drew nothing.
fn without_terminal(args: &[&str]) -> Output {
    Command::new("setsid")
        .arg(env!("CARGO_BIN_EXE_itib"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ITIB_CATALOGUE")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn select_1_prints_the_only_match_without_a_terminal() {
    let out = without_terminal(&["-1", "-q", "^itf$", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["id"], "itf");
    assert!(out.stderr.is_empty());
    // The long forms, and -0 beside it, as fzf allows.
    let out = without_terminal(&["--select-1", "--exit-0", "--query", "'Research Talent Hub"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Research Talent Hub\n"));
}

#[test]
fn select_1_reads_qualifiers_as_the_explorer_does() {
    // "cyberport" alone matches five entries; only one of them is a fund.
    let out = without_terminal(&["-1", "-q", "kind:fund cyberport", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["id"], "cyberport-incubation");
    // A qualifier that names nothing is a usage error, said before any terminal is needed.
    let out = without_terminal(&["-0", "-q", "for:nobody"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown audience `nobody`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn exit_0_exits_1_at_once_when_nothing_matches() {
    let out = without_terminal(&["-0", "-q", "zzqqxx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    // Entries matching only some of the terms are not matches.
    let out = without_terminal(&["-0", "-1", "-q", "itf zzqqxx"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn select_1_with_several_matches_opens_the_explorer_which_needs_a_terminal() {
    let out = without_terminal(&["-1", "-q", "fund"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("needs a terminal"),
        "{}",
        stderr(&out)
    );
    // -0 alone with matches opens it too.
    let out = without_terminal(&["-0", "-q", "^itf$"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_start_options_are_usage_errors() {
    let out = without_terminal(&["--height", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("must be at least 1 row"));
    let out = without_terminal(&["--height", "12x\u{1b}[2J"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains('\u{1b}'), "{}", stderr(&out));
    let out = without_terminal(&[
        "-1",
        "-q",
        "a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj kk ll mm nn oo pp qq rr ss tt uu vv ww xx yy zz aaa bbb ccc ddd eee fff ggg hhh iii jjj kkk lll mmm",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("invalid query"), "{}", stderr(&out));
}

/// Each line of `out` as json.
fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn jsonl_is_one_object_a_line_the_same_as_json_gives() {
    let array = run(&["list", "--format", "json"]);
    let array: serde_json::Value = serde_json::from_slice(&array.stdout).unwrap();
    // Each line is an entry as `show --format json` gives it: the list's entry, with the
    // list's citation under `catalogue`, so that a line on its own still cites.
    let lines = json_lines(&run(&["list", "--format", "jsonl"]));
    assert!(lines.iter().all(|l| l["catalogue"] == array["catalogue"]));
    let entries: Vec<serde_json::Value> = lines
        .into_iter()
        .map(|mut l| {
            l.as_object_mut().unwrap().remove("catalogue");
            l
        })
        .collect();
    assert_eq!(serde_json::Value::Array(entries), array["entry"]);

    let lines = json_lines(&run(&["list", "--kind", "fund", "--format", "jsonl"]));
    assert!(lines.iter().all(|e| e["kind"] == "fund"));

    let hits = run(&["search", "innovation", "--format", "json", "--limit", "5"]);
    let hits: serde_json::Value = serde_json::from_slice(&hits.stdout).unwrap();
    let lines = json_lines(&run(&[
        "search",
        "innovation",
        "--format",
        "jsonl",
        "--limit",
        "5",
    ]));
    assert_eq!(lines.len(), 5);
    assert_eq!(serde_json::Value::Array(lines), hits);

    let one = json_lines(&run(&["show", "itf", "--format", "jsonl"]));
    assert_eq!(one.len(), 1);
    let shown = run(&["show", "itf", "--format", "json"]);
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(one[0], shown);
    assert!(one[0]["catalogue"]["as_at"].is_string(), "{}", one[0]);
}

#[test]
fn search_offers_every_format_list_does() {
    for format in ["text", "json", "jsonl", "toml", "markdown", "csv"] {
        let out = run(&["search", "rth", "--limit", "2", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        assert!(stdout(&out).contains("research-talent-hub"), "{format}");
        let listed = run(&["list", "--format", format]);
        assert_eq!(listed.status.code(), Some(0), "{format}");
    }
    // The entries found, in rank order, as list prints them.
    let csv = stdout(&run(&["search", "rth", "--limit", "2", "--format", "csv"]));
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("id,kind,"));
    assert!(rows[1].starts_with("research-talent-hub,talent,"));
    assert_eq!(rows.len(), 3);
    let none = run(&["search", "zzqqxx", "--format", "csv"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(none.stdout.is_empty());
}

/// A stderr that cannot be written (`2>/dev/full`) loses the message but never panics (exit
/// 101, as `eprintln!` would): the exit code still says what happened.
#[test]
fn a_full_stderr_never_panics() {
    for (args, code) in [
        (&["show", "nosuchid"][..], 1),
        (&["--catalogue", "/nonexistent/x.toml", "list"][..], 2),
        (&["--bogus-flag"][..], 2),
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = itib().args(args).stderr(full).output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
    }
}

/// The text list in a pipe is what it always was: one entry a line, exactly the list export,
/// with no citation line for a script's `cut` or `wc -l` to trip on.
#[test]
fn a_piped_text_list_is_one_entry_a_line_with_no_citation() {
    let cat = itib::catalogue::shipped().unwrap();
    let all: Vec<&itib::catalogue::Entry> = cat.entries().iter().collect();
    let mut expected = Vec::new();
    itib::export::write_list(&mut expected, &cat, &all, itib::export::Format::Text).unwrap();
    for args in [
        &["list"][..],
        &["list", "--lang", "zh"],
        &["list", "--format", "text"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(0));
        assert!(
            out.stdout == expected,
            "{args:?} differs from the list export"
        );
        assert_eq!(stdout(&out).lines().count(), cat.len());
        assert!(!stdout(&out).contains("Cite"), "{args:?}");
    }
}

/// `--cite` adds the cards' citation line in a pipe too: after the entries, in `--lang`'s
/// language, both languages without one; the formats that cite already are unchanged.
#[test]
fn cite_ends_the_text_list_with_the_citation_line() {
    let plain = stdout(&run(&["list", "--kind", "fund"]));
    let both = "Cite 引用: Hong Kong Yearbook, chapter “Innovation, Technology and Industry”, \
                as at 2023-06 / 《香港年報》〈創新、科技及工業〉，截至2023-06\n";
    for (lang, line) in [
        (None, both),
        (
            Some("en"),
            "Cite: Hong Kong Yearbook, chapter “Innovation, Technology and Industry”, as at 2023-06\n",
        ),
        (
            Some("zh"),
            "引用：《香港年報》〈創新、科技及工業〉，截至2023-06\n",
        ),
    ] {
        let mut args = vec!["list", "--kind", "fund", "--cite"];
        if let Some(l) = lang {
            args.extend(["--lang", l]);
        }
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0));
        let plain_in_lang = match lang {
            Some(l) => stdout(&run(&["list", "--kind", "fund", "--lang", l])),
            None => plain.clone(),
        };
        assert_eq!(stdout(&out), format!("{plain_in_lang}{line}"), "{lang:?}");
    }
    // The card ends with the same words.
    let card = stdout(&run(&["show", "itf"]));
    assert!(card.ends_with(&format!("\n{both}")), "{card}");
    // Formats that carry their citation already, and nothing found, print no extra line.
    for format in ["csv", "json", "markdown", "toml", "jsonl"] {
        let with = run(&["list", "--kind", "fund", "--cite", "--format", format]);
        let without = run(&["list", "--kind", "fund", "--format", format]);
        assert!(with.stdout == without.stdout, "{format}");
    }
    let none = run(&["list", "--tag", "biotech", "--kind", "inclusion", "--cite"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(none.stdout.is_empty());
}
