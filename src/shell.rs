//! Fitting itib into the shell: completion scripts (`itib completions SHELL`) and the man page
//! (`itib man`), both generated from the clap definition that parses the command line, so that
//! neither can drift from it.
//!
//! The completion scripts are static, and complete what a static script can: subcommands,
//! options, the values of `--format`, `--kind`, `--sort`, `--for` and `--tag`, and the entry ids
//! of `show` and `--by`, taken from the catalogue at generation time (the embedded one, or `--catalogue`'s). bash, zsh and fish get
//! all of it; clap's elvish and PowerShell scripts complete commands and options only.

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
