//! `itib completions` and `itib man` as a packager and a shell use them: every shell's script
//! generates, bash's completes ids, kinds and formats when run by a real bash, and the man page
//! names every command and option.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

mod common;

use std::process::Command;

use clap::CommandFactory;
use common::itib as run;

fn text(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_shell_gets_a_script() {
    for (shell, marker) in [
        ("bash", "complete -F _itib"),
        ("zsh", "#compdef itib"),
        ("fish", "complete -c itib"),
        ("elvish", "edit:completion:arg-completer[itib]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = text(&["completions", shell]);
        assert!(script.contains(marker), "{shell} lacks {marker:?}");
        assert!(script.contains("search"), "{shell} lacks the subcommands");
    }
    let fish = text(&["completions", "fish"]);
    assert!(fish.contains("__fish_itib_using_subcommand show\" -f -a \"itib "));
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

/// What bash's completion offers for `line` (the cursor at its end), from the generated script,
/// run by a non-interactive bash as the completion machinery would call it.
fn bash_completes(line: &str) -> Vec<String> {
    let script = text(&["completions", "bash"]);
    let dir = std::env::temp_dir().join(format!("itib-bash-{}-{}", std::process::id(), line.len()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("itib.bash");
    std::fs::write(&path, script).unwrap();
    let words: Vec<&str> = line.split(' ').collect();
    let probe = format!(
        "source {path:?}\n\
         COMP_LINE={line:?}; COMP_POINT=${{#COMP_LINE}}\n\
         COMP_WORDS=({words}); COMP_CWORD={cword}\n\
         _itib itib {cur:?} {prev:?}\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = words
            .iter()
            .map(|w| format!("{w:?}"))
            .collect::<Vec<_>>()
            .join(" "),
        cword = words.len() - 1,
        cur = words[words.len() - 1],
        prev = words[words.len() - 2],
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &probe])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn bash_completes_show_it_tab_with_itf() {
    let offered = bash_completes("itib show it");
    assert!(offered.iter().any(|w| w == "itf"), "{offered:?}");
    assert!(offered.iter().all(|w| w.starts_with("it")), "{offered:?}");
}

#[test]
fn bash_completes_kinds_formats_and_commands() {
    assert_eq!(bash_completes("itib list --kind fu"), ["fund"]);
    assert_eq!(bash_completes("itib search --format js"), ["json", "jsonl"]);
    assert_eq!(bash_completes("itib list --sort am"), ["amount"]);
    assert_eq!(bash_completes("itib list --for start"), ["start-ups"]);
    assert_eq!(bash_completes("itib search --tag biot"), ["biotech"]);
    assert!(bash_completes("itib list --by og").contains(&"ogcio".to_string()));
    let commands = bash_completes("itib ");
    for c in ["check", "list", "search", "show", "completions", "man"] {
        assert!(commands.iter().any(|w| w == c), "{c}: {commands:?}");
    }
}

#[test]
fn the_man_page_names_every_command_and_option() {
    let page = text(&["man"]);
    assert!(page.starts_with(".ie") || page.starts_with(".TH"), "roff");
    assert!(page.contains(".TH itib 1"));
    let roff = |s: &str| s.replace('-', "\\-");
    let cmd = itib::cli::Cli::command();
    let mut seen = 0;
    for (prefix, c) in std::iter::once(("itib".to_string(), &cmd)).chain(
        cmd.get_subcommands()
            .map(|s| (format!("itib {}", s.get_name()), s)),
    ) {
        if prefix != "itib" {
            assert!(
                page.contains(&format!(".SS \"{prefix}\""))
                    || page.contains(&format!(".SS {prefix}")),
                "{prefix}"
            );
        }
        for arg in c.get_arguments() {
            if let Some(long) = arg.get_long() {
                assert!(
                    page.contains(&roff(&format!("--{long}"))),
                    "{prefix} --{long}"
                );
                seen += 1;
            }
            if let Some(short) = arg.get_short() {
                assert!(
                    page.contains(&roff(&format!("-{short}"))),
                    "{prefix} -{short}"
                );
            }
            if arg.is_positional() {
                let name = arg.get_value_names().unwrap()[0].to_string();
                assert!(page.contains(&name), "{prefix} <{name}>");
            }
        }
    }
    assert!(seen > 10);
}

/// elvish and PowerShell complete the values of options too, not only their names: clap's
/// scripts for them do not, so itib writes a table of values into them.
#[test]
fn elvish_and_powershell_complete_option_values() {
    let elvish = text(&["completions", "elvish"]);
    for (key, value) in [
        ("&'itib;list --kind'= [", "'fund'"),
        ("&'itib --format'= [", "'jsonl'"),
        ("&'itib;search --for'= [", "'start-ups'"),
        ("&'itib;list --sort'= [", "'amount'"),
        ("&'itib;list --by'= [", "'itc'"),
    ] {
        let line = elvish.lines().find(|l| l.trim_start().starts_with(key));
        assert!(
            line.is_some_and(|l| l.contains(value)),
            "elvish: {key} {value}"
        );
    }
    let powershell = text(&["completions", "powershell"]);
    for (key, value) in [
        ("'itib;list --kind' = @(", "'fund'"),
        ("'itib --format' = @(", "'jsonl'"),
        ("'itib;search --for' = @(", "'start-ups'"),
        ("'itib;search --sort' = @(", "'amount'"),
    ] {
        let line = powershell.lines().find(|l| l.trim_start().starts_with(key));
        assert!(
            line.is_some_and(|l| l.contains(value)),
            "powershell: {key} {value}"
        );
    }
    assert!(powershell.contains("$values.ContainsKey($key)"));
    // Where elvish is installed, its completer offers them (its line editor is not there
    // outside a terminal: the completer is called as a function, candidates as values).
    if std::process::Command::new("elvish")
        .arg("-version")
        .output()
        .is_err()
    {
        eprintln!("elvish is not installed: its script checked as text only");
        return;
    }
    let script = elvish
        .replace(
            "set edit:completion:arg-completer[itib] =",
            "var completer =",
        )
        .replace("edit:complex-candidate", "candidate");
    let calls = "fn candidate {|text &display=''| put $text }\n".to_string()
        + &script
        + "\n$completer itib list --kind '' | to-lines\necho --\n$completer itib --format j | to-lines\necho --\n$completer itib se | to-lines\n";
    let dir = std::env::temp_dir().join(format!("itib-elvish-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("complete.elv");
    std::fs::write(&path, calls).unwrap();
    let out = std::process::Command::new("elvish")
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parts: Vec<Vec<&str>> = stdout.split("--\n").map(|p| p.lines().collect()).collect();
    assert!(
        parts[0].contains(&"fund") && parts[0].contains(&"talent"),
        "{parts:?}"
    );
    assert!(
        parts[1].contains(&"jsonl") && !parts[1].contains(&"fund"),
        "{parts:?}"
    );
    assert!(
        parts[2].contains(&"search") && parts[2].contains(&"--format"),
        "{parts:?}"
    );
}
