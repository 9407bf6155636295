//! Fitting itib into the shell: completion scripts (`itib completions SHELL`) and the man page
//! (`itib man`), both generated from the clap definition that parses the command line, so that
//! neither can drift from it.
//!
//! The completion scripts are static, and complete what a static script can: subcommands,
//! options, the values of `--format`, `--kind`, `--sort`, `--for` and `--tag`, and the entry ids
//! of `show` and `--by`, taken from the catalogue at generation time (the embedded one, or `--catalogue`'s). bash, zsh and fish get
//! all of it. clap's elvish and PowerShell scripts complete commands and options only, whatever
//! values clap knows; so a table of every option's values, from the same definition, is written
//! into them, and looked up by the command and the word before the cursor (`itib;list --kind`).
//! The ids of `show` (a positional argument) stay theirs alone.

use std::io::{self, Write};

use clap::builder::PossibleValuesParser;
use clap::{Command, CommandFactory};
use clap_complete::Shell;

use crate::catalogue::vocab::{Audience, TAGS};
use crate::catalogue::{Catalogue, Kind};
use crate::cli::Cli;

/// The command line as completion sees it: ids and kinds listed as the values they can take.
/// (The parser itself keeps its own checks and messages: an unknown id is exit 1 with a
/// suggestion, not a usage error.)
fn completing(cat: &Catalogue) -> Command {
    let ids: Vec<String> = cat.entries().iter().map(|e| e.id.clone()).collect();
    let kinds: Vec<&'static str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    let audiences: Vec<&'static str> = Audience::ALL.iter().map(|a| a.as_str()).collect();
    let tags: Vec<&'static str> = TAGS.iter().map(|(t, _, _)| *t).collect();
    let values =
        |v: Vec<String>| move |a: clap::Arg| a.value_parser(PossibleValuesParser::new(v.clone()));
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let (kinds, audiences, tags, bodies) = (
        values(owned(&kinds)),
        values(owned(&audiences)),
        values(owned(&tags)),
        values(ids.clone()),
    );
    let mut cmd = Cli::command().mut_subcommand("show", |s| {
        s.mut_arg("id", |a| a.value_parser(PossibleValuesParser::new(ids)))
    });
    for sub in ["list", "search"] {
        cmd = cmd.mut_subcommand(sub, |s| {
            s.mut_arg("kind", &kinds)
                .mut_arg("audience", &audiences)
                .mut_arg("tag", &tags)
                .mut_arg("by", &bodies)
        });
    }
    cmd
}

/// Writes the completion script for `shell`.
pub fn completions(out: &mut dyn Write, shell: Shell, cat: &Catalogue) -> io::Result<()> {
    let mut cmd = completing(cat);
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "itib", &mut buf);
    let values = option_values(&cmd, "itib");
    if shell == Shell::Elvish {
        buf = elvish_values(&buf, &values);
    }
    if shell == Shell::PowerShell {
        buf = powershell_values(&buf, &values);
    }
    if shell == Shell::Fish {
        // clap's fish script completes option values but not positional ones: the ids of `show`.
        let ids: Vec<&str> = cat
            .entries()
            .iter()
            .map(|e| e.id.as_str())
            .filter(|id| crate::catalogue::is_kebab(id))
            .collect();
        writeln!(
            buf,
            "complete -c itib -n \"__fish_itib_using_subcommand show\" -f -a \"{}\"",
            ids.join(" ")
        )?;
    }
    out.write_all(&buf)
}

/// Every option that takes one of a list of values, as (`command;path --option`, its values),
/// the way the elvish and PowerShell scripts name the command being completed.
fn option_values(cmd: &Command, path: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for arg in cmd.get_arguments() {
        if arg.is_positional() || !arg.get_action().takes_values() {
            continue;
        }
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if values.is_empty() {
            continue;
        }
        let longs = arg.get_long_and_visible_aliases().unwrap_or_default();
        let shorts = arg.get_short_and_visible_aliases().unwrap_or_default();
        let names = longs
            .iter()
            .map(|l| format!("--{l}"))
            .chain(shorts.iter().map(|c| format!("-{c}")));
        for name in names {
            out.push((format!("{path} {name}"), values.clone()));
        }
    }
    for sub in cmd.get_subcommands() {
        out.extend(option_values(sub, &format!("{path};{}", sub.get_name())));
    }
    out
}

/// Quoted for both shells: in single quotes, a quote doubled.
fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// clap's elvish script, completing the values of options too: when the word before the
/// cursor is an option with values, they are the candidates instead of the command's.
fn elvish_values(script: &[u8], values: &[(String, Vec<String>)]) -> Vec<u8> {
    let text = String::from_utf8_lossy(script);
    let mut table = String::from("    var values = [\n");
    for (key, vals) in values {
        let vals: Vec<String> = vals.iter().map(|v| single_quoted(v)).collect();
        table.push_str(&format!(
            "        &{}= [{}]\n",
            single_quoted(key),
            vals.join(" ")
        ));
    }
    table.push_str("    ]\n");
    let lookup = "    var key = $command' '$words[-2]\n    \
                  if (has-key $values $key) {\n        \
                  for v $values[$key] { edit:complex-candidate $v }\n    \
                  } else {\n        $completions[$command]\n    }\n}";
    let end = "    $completions[$command]\n}";
    match text.rfind(end) {
        Some(at) => {
            format!("{}{table}{lookup}{}", &text[..at], &text[at + end.len()..]).into_bytes()
        }
        // Not the script this was written against: clap's, unchanged.
        None => script.to_vec(),
    }
}

/// clap's PowerShell script, completing the values of options too (as [`elvish_values`]).
fn powershell_values(script: &[u8], values: &[(String, Vec<String>)]) -> Vec<u8> {
    let text = String::from_utf8_lossy(script);
    let mut table = String::from("    $values = @{\n");
    // A hashtable's keys are case-insensitive, and one written twice is an error.
    let mut seen = std::collections::HashSet::new();
    for (key, vals) in values {
        if !seen.insert(key.to_lowercase()) {
            continue;
        }
        let vals: Vec<String> = vals.iter().map(|v| single_quoted(v)).collect();
        table.push_str(&format!(
            "        {} = @({})\n",
            single_quoted(key),
            vals.join(", ")
        ));
    }
    table.push_str("    }\n");
    let lookup = "    # The word before the one completed: the last one when the cursor is past it.\n    \
                  $previous = if ($wordToComplete -eq '') { $commandElements[-1] } else { $commandElements[-2] }\n    \
                  $key = $command + ' ' + \"$previous\"\n    \
                  if ($values.ContainsKey($key)) {\n        \
                  return $values[$key] | Where-Object { $_ -like \"$wordToComplete*\" } | ForEach-Object {\n            \
                  [CompletionResult]::new($_, $_, [CompletionResultType]::ParameterValue, $_)\n        \
                  }\n    }\n\n";
    let start = "    $completions = @(switch ($command) {";
    match text.find(start) {
        Some(at) => format!("{}{table}{lookup}{}", &text[..at], &text[at..]).into_bytes(),
        None => script.to_vec(),
    }
}

/// Writes the man page (roff): name, synopsis, description and options as clap_mangen makes
/// them, then a COMMANDS section with each command's synopsis and every option, so that one page
/// holds everything (rather than pages per command that `itib man` could not print together).
pub fn man(out: &mut dyn Write) -> io::Result<()> {
    let mut cmd = Cli::command();
    cmd.build();
    let main = clap_mangen::Man::new(cmd.clone());
    let mut page = Vec::new();
    main.render_title(&mut page)?;
    main.render_name_section(&mut page)?;
    main.render_synopsis_section(&mut page)?;
    main.render_description_section(&mut page)?;
    main.render_options_section(&mut page)?;
    let mut text = String::from_utf8_lossy(&page).into_owned();
    let mut roff = roff::Roff::new();
    roff.control("SH", ["COMMANDS"]);
    text.push_str(&roff.to_roff());
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("itib {}", sub.get_name());
        let mut head = roff::Roff::new();
        head.control("SS", [name.as_str()]);
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            head.text([roff::roman(about.to_string())]);
        }
        head.control("PP", []);
        text.push_str(&head.to_roff());
        let man = clap_mangen::Man::new(sub.clone().name(name));
        let mut sections = Vec::new();
        man.render_synopsis_section(&mut sections)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(&mut sections)?;
        }
        // Their .SH headings would start new sections: the command's parts stay under it. (The
        // string definitions each rendering starts with are made once, at the top.)
        for line in String::from_utf8_lossy(&sections).lines() {
            if !line.starts_with(".SH ") && !line.starts_with(".ie ") && !line.starts_with(".el ") {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    let mut version = Vec::new();
    main.render_version_section(&mut version)?;
    text.push_str(&String::from_utf8_lossy(&version));
    out.write_all(text.as_bytes())
}
