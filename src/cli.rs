//! The scripting command line: `check`, `list`, `show`, `search` (with the filters and orders of
//! [`crate::refine`]), `diff`, and `completions` and `man` (see [`crate::shell`]). Flags are
//! parsed by clap, then the catalogue is loaded once and the command writes its whole output to
//! stdout in one go.
//!
//! Exit status: 0 success, 1 nothing found (an unknown id), 2 a bad catalogue or bad usage;
//! `diff`, as diff(1): 0 the same, 1 different, 2 a bad catalogue.
//! A closed pipe (`itib list | head -1`) is not an error: the command ends quietly with 0.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::catalogue::{self, Catalogue, Entry, Kind, LoadError};
use crate::diff::DiffFormat;
use crate::export::{self, Format};
use crate::refine::{self, Filter, NameKeys, Sort};
use crate::search::{Engine, Field, Hit, Index};
use crate::store::{self, Cache};

mod explore;

pub use explore::explore;

/// Hong Kong's innovation and technology programmes — bureaus, funds, parks, talent schemes —
/// in the terminal. With no command, opens the explorer.
#[derive(Debug, Parser)]
#[command(name = "itib", version, about, max_term_width = 100)]
pub struct Cli {
    /// Load this catalogue file instead of the embedded one.
    #[arg(long, global = true, env = "ITIB_CATALOGUE", value_name = "PATH")]
    pub catalogue: Option<PathBuf>,

    /// Read settings from this config file instead of $ITIB_CONFIG or
    /// $XDG_CONFIG_HOME/itib/config.toml (see `itib config`).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The language shown first: the explorer's, `diff`'s and `--sort name`'s (default: the
    /// config's for the explorer, else from LC_ALL / LC_MESSAGES / LANG; zh… → zh).
    #[arg(long, value_enum, global = true)]
    pub lang: Option<LangArg>,

    /// The format the explorer prints the chosen entries in on Enter (default: the config's,
    /// else text).
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Leave the mouse to the terminal (its own text selection): no clicks, no wheel.
    #[arg(long)]
    pub no_mouse: bool,

    /// Open the explorer with this query in the search line (fzf's --query).
    #[arg(short = 'q', long, value_name = "QUERY")]
    pub query: Option<String>,

    /// When exactly one entry matches the query, print it at once without drawing anything (no
    /// terminal needed); otherwise open the explorer (fzf's --select-1).
    #[arg(short = '1', long)]
    pub select_1: bool,

    /// When no entry matches the query, exit 1 at once without drawing anything (fzf's
    /// --exit-0).
    #[arg(short = '0', long)]
    pub exit_0: bool,

    /// Draw the explorer in N rows below the prompt (or N% of the terminal, or all but -N
    /// rows) instead of the whole screen; on exit the shell's screen is as it was (fzf's
    /// --height).
    #[arg(long, value_name = "N[%]", allow_hyphen_values = true)]
    pub height: Option<crate::tui::Height>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    En,
    Zh,
}

impl Cli {
    /// What the flags say of the settings the config file can also set.
    fn flags(&self) -> crate::config::Flags {
        crate::config::Flags {
            lang: self.lang.map(|l| match l {
                LangArg::En => crate::catalogue::Lang::En,
                LangArg::Zh => crate::catalogue::Lang::Zh,
            }),
            format: self.format,
            no_mouse: self.no_mouse,
        }
    }

    /// The settings in effect: flags, the config file, the environment, the defaults. A bad
    /// config file is an error here, before anything else happens.
    pub fn settings(&self) -> Result<crate::config::Effective, crate::config::ConfigError> {
        let found = crate::config::locate(self.config.as_deref());
        let settings = crate::config::load(&found)?;
        Ok(crate::config::Effective::resolve(
            found,
            settings,
            &self.flags(),
        ))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a catalogue (the embedded one without PATH) and print a summary or every problem.
    Check {
        /// The catalogue file to check.
        path: Option<PathBuf>,
    },
    /// List entries, one line each; `--format json` or `toml` prints every field of every entry.
    List {
        /// Only entries of this kind.
        #[arg(long, value_parser = parse_kind)]
        kind: Option<Kind>,
        #[command(flatten)]
        filters: Filters,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// End the text list with a line citing the catalogue (publication, chapter, as-at; in
        /// --lang's language, else both), as it is when stdout is a terminal. The other formats
        /// always carry their citation.
        #[arg(long)]
        cite: bool,
    },
    /// Search entries by name in English or Chinese (fzf syntax: 'exact ^prefix suffix$ !not a | b).
    Search {
        /// The query; several words are joined with spaces.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Only entries of this kind.
        #[arg(long, value_parser = parse_kind)]
        kind: Option<Kind>,
        #[command(flatten)]
        filters: Filters,
        /// At most this many results (1 or more).
        #[arg(long, value_name = "N", value_parser = parse_limit)]
        limit: Option<usize>,
        /// text: ranked lines; json/jsonl: the hits with score and match positions; toml,
        /// markdown, csv: the entries found, in rank order, as `list` prints them.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print one entry: a card (text, markdown), json, or a toml block to paste into a catalogue.
    Show {
        /// The entry's id, as `itib list` shows it.
        id: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Compare two catalogue files: entries added, removed and changed (by id), each changed
    /// field, figures old → new with their as-at dates. Exit 0 the same, 1 different, 2 bad.
    Diff {
        /// The earlier catalogue.
        old: PathBuf,
        /// The later catalogue.
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// Print a completion script for SHELL: commands, options, formats, kinds and the ids of
    /// `show` (from the catalogue).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `itib man > itib.1`, or `itib man | man -l -`.
    Man,
    /// Print the settings in effect and where each comes from (the config file, a flag, the
    /// environment, the default); with --default, a commented config file to start from.
    Config {
        /// Print the default config file, every setting commented out, instead.
        #[arg(long)]
        default: bool,
    },
}

/// The filters `list` and `search` share, as the query's qualifiers (`for:`, `tag:`, `by:`):
/// each may be given several times, and an entry must pass all of them.
#[derive(Debug, Clone, clap::Args)]
pub struct Filters {
    /// Only entries for this audience (start-ups, smes, universities, … as `for:`).
    #[arg(long = "for", value_name = "AUDIENCE")]
    pub audience: Vec<String>,
    /// Only entries with this tag (biotech, ai, …; as `tag:`).
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    /// Only entries administered by this body, directly or through their parents (as `by:`).
    #[arg(long, value_name = "ID")]
    pub by: Vec<String>,
    /// Order: relevance (the search's ranking; catalogue order for list), name (English, or
    /// Chinese by Jyutping with --lang zh), date (newest first) or amount (largest HK$ first).
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    pub sort: Sort,
}

impl Filters {
    /// The flags as the qualifiers they stand for.
    fn typed(&self) -> Vec<refine::Typed> {
        let each = |key, values: &[String]| {
            values
                .iter()
                .map(move |v| refine::Typed {
                    key,
                    value: v.clone(),
                    span: 0..0,
                })
                .collect::<Vec<_>>()
        };
        [
            each(refine::Key::For, &self.audience),
            each(refine::Key::Tag, &self.tag),
            each(refine::Key::By, &self.by),
        ]
        .concat()
    }
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        format!(
            "unknown kind `{}`; expected one of {}",
            catalogue::quote(s),
            all.join(", ")
        )
    })
}

/// `--limit 0` would print nothing and exit 1 as if nothing matched: a usage error instead.
fn parse_limit(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1 (leave it out for every result)".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{}` is not a whole number", catalogue::quote(s))),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("invalid query: {0}")]
    Query(#[from] crate::search::QueryError),
    #[error("itib: {0}")]
    Filter(#[from] refine::FilterError),
    #[error("itib: {0}")]
    Terminal(io::Error),
    #[error("cannot write output: {0}")]
    Io(#[from] io::Error),
}

impl CliError {
    /// Writing into a pipe whose reader has gone is how `| head` ends, not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Io(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// Loads the catalogue the user asked for: `--catalogue`/`ITIB_CATALOGUE`, else the embedded
/// one; through the cache (see [`crate::store`]).
pub fn load(path: Option<&PathBuf>) -> Result<Catalogue, LoadError> {
    store::catalogue(path.map(PathBuf::as_path), Cache::Default)
}

/// Runs a scripting command. The explorer (no command) is [`explore`].
pub fn run(cli: &Cli, command: &Command) -> Result<ExitCode, CliError> {
    match command {
        Command::Check { path } => {
            // Always the TOML itself, never a cache: this is what people run on a file.
            let path = path.as_ref().or(cli.catalogue.as_ref());
            let cat = match path {
                Some(p) => catalogue::load_path(p)?,
                None => catalogue::shipped()?,
            };
            let origin = path.map_or(catalogue::SHIPPED_ORIGIN.to_string(), |p| {
                p.display().to_string()
            });
            let counts: Vec<String> = cat
                .counts()
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(k, n)| format!("{n} {k}"))
                .collect();
            emit(&format!(
                "{origin}: ok, {} entries ({})\n",
                cat.len(),
                counts.join(", ")
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::List {
            kind,
            filters,
            format,
            cite,
        } => {
            let cat = load(cli.catalogue.as_ref())?;
            let mut filter = refine::resolve_all(&filters.typed(), &cat)?;
            if let Some(k) = kind {
                filter.add_kind(*k);
            }
            let mut chosen: Vec<usize> = (0..cat.len())
                .filter(|&i| filter.matches(&cat, i))
                .collect();
            refine::sort(
                filters.sort,
                &cat,
                sort_lang(cli),
                &NameKeys::default(),
                &mut chosen,
                |&i| i,
            );
            let entries: Vec<&Entry> = chosen.iter().map(|&i| &cat.entries()[i]).collect();
            let mut buf = Vec::new();
            export::write_list(&mut buf, &cat, &entries, *format)?;
            // The text list is one entry a line for scripts (`cut`, `sort`); a figure read off
            // it on a terminal is cited by a closing line, as ls and ripgrep change what they
            // print for a terminal. In a pipe only with --cite.
            if *format == Format::Text
                && !entries.is_empty()
                && (*cite || io::stdout().is_terminal())
            {
                export::write_list_citation(&mut buf, &cat, cli_lang(cli))?;
            }
            emit_bytes(&buf)?;
            // A filter that finds nothing is "nothing found", as a search that finds nothing.
            if entries.is_empty() && !filter.is_empty() {
                return Ok(ExitCode::from(1));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Search {
            query,
            kind,
            filters,
            limit,
            format,
        } => {
            let query = query.join(" ");
            let (mut typed, text) = refine::split(&query);
            typed.extend(filters.typed());
            let needs_entries = !typed.is_empty() || filters.sort != Sort::Relevance;
            // The index alone when no filter or order needs the entries: a cached catalogue is
            // then searched without decoding them.
            let (cat, index) = if needs_entries {
                let (cat, index) =
                    store::catalogue_and_index(cli.catalogue.as_deref(), Cache::Default)?;
                (Some(cat), index)
            } else {
                (
                    None,
                    store::index(cli.catalogue.as_deref(), Cache::Default)?,
                )
            };
            let filter = match &cat {
                Some(cat) => refine::resolve_all(&typed, cat)?,
                None => Filter::default(),
            };
            let engine = Engine::from_index(index);
            let mut hits = engine.search(&text, 0)?;
            if let Some(k) = kind {
                hits.retain(|h| engine.index().kind(h.entry) == *k);
            }
            if let Some(cat) = &cat {
                hits.retain(|h| filter.matches(cat, h.entry));
                refine::sort(
                    filters.sort,
                    cat,
                    sort_lang(cli),
                    &NameKeys::default(),
                    &mut hits,
                    |h| h.entry,
                );
            }
            hits.truncate(limit.unwrap_or(usize::MAX));
            // Only json shows match positions: computed for the printed hits alone, with the
            // query parsed once.
            if matches!(format, Format::Json | Format::Jsonl) {
                let prepared = engine.prepare(&text)?;
                for h in &mut hits {
                    h.indices = engine.highlight(&prepared, h);
                }
            }
            if hits.is_empty() {
                return Ok(ExitCode::from(1));
            }
            // Streamed through one small buffer: 100,000 hits need no 8 MB of output in memory.
            let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
            match format {
                Format::Text => search_text(&mut out, engine.index(), &hits)?,
                Format::Json => search_json(&mut out, engine.index(), &hits)?,
                Format::Jsonl => search_json_lines(&mut out, engine.index(), &hits)?,
                Format::Toml | Format::Markdown | Format::Csv => {
                    // The entries themselves: these formats need the whole catalogue (already
                    // loaded when a filter or an order needed it).
                    let cat = match cat {
                        Some(cat) => cat,
                        None => load(cli.catalogue.as_ref())?,
                    };
                    let entries: Vec<&Entry> =
                        hits.iter().map(|h| &cat.entries()[h.entry]).collect();
                    let mut buf = Vec::new();
                    export::write_list(&mut buf, &cat, &entries, *format)?;
                    out.write_all(&buf)?;
                }
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            let cat = load(cli.catalogue.as_ref())?;
            let mut buf = Vec::new();
            crate::shell::completions(&mut buf, *shell, &cat)?;
            emit_bytes(&buf)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Config { default: true } => {
            emit(&crate::config::default_file())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Config { default: false } => {
            emit(&cli.settings()?.describe())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let mut buf = Vec::new();
            crate::shell::man(&mut buf)?;
            emit_bytes(&buf)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { id, format } => {
            // From a sound cache, the entry and those its card names alone; else everything.
            // A card (text, markdown) also lists the entries that link to this one, which only
            // the whole catalogue knows.
            let card = matches!(format, Format::Text | Format::Markdown);
            let excerpt = if card {
                None
            } else {
                store::excerpt(cli.catalogue.as_deref(), Cache::Default, id)
            };
            let cat = match excerpt {
                Some(cat) => cat,
                None => load(cli.catalogue.as_ref())?,
            };
            let Some(entry) = cat.get(id) else {
                let near = cat.suggest(id);
                let hint = match near.as_slice() {
                    [] => String::from("; `itib list` shows every id"),
                    ids => format!(
                        "; did you mean {}?",
                        ids.iter()
                            .map(|i| format!("`{}`", catalogue::quote(i)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                // Not `eprintln!`, which panics when stderr cannot be written.
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "itib: no entry with id `{}`{hint}",
                    catalogue::quote(id)
                );
                return Ok(ExitCode::from(1));
            };
            let mut buf = Vec::new();
            export::write_entries(&mut buf, &cat, &[entry], *format)?;
            emit_bytes(&buf)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff { old, new, format } => {
            // Both files read whole (never a cache) before anything is printed: a bad one
            // gets the loader's message and nothing else.
            let old = catalogue::load_path(old)?;
            let new = catalogue::load_path(new)?;
            let diff = crate::diff::compare(&old, &new);
            emit(&crate::diff::write(&diff, *format, diff_lang(cli)))?;
            Ok(ExitCode::from(u8::from(!diff.is_empty())))
        }
    }
}

/// The language `diff` writes first: `--lang`, else the locale's. Not the config's: the
/// scripting commands ignore it, so that a script's output does not change with a user's file.
fn diff_lang(cli: &Cli) -> crate::catalogue::Lang {
    cli.flags()
        .lang
        .unwrap_or_else(|| crate::config::locale().0)
}

/// The language `--lang` chose, if any.
fn cli_lang(cli: &Cli) -> Option<crate::catalogue::Lang> {
    cli.flags().lang
}

/// The language `--sort name` orders by: Chinese (Jyutping) with `--lang zh`, else English.
/// Not the locale: a script's output should not change with the terminal it runs in.
fn sort_lang(cli: &Cli) -> crate::catalogue::Lang {
    match cli.lang {
        Some(LangArg::Zh) => crate::catalogue::Lang::Zh,
        _ => crate::catalogue::Lang::En,
    }
}

/// One line a hit — id, kind, names, and the field when it is not a name — written straight
/// into the buffer (no string per line).
fn search_text(out: &mut impl Write, index: &Index, hits: &[Hit]) -> io::Result<()> {
    for h in hits {
        let i = h.entry;
        write!(
            out,
            "{}\t{}\t{}\t{}",
            index.id(i),
            index.kind(i),
            index.name_en(i),
            index.name_zh(i)
        )?;
        if !h.field.is_name() {
            write!(out, "  [{}]", h.field.as_str())?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A hit as `search --format json` shows it (fields in alphabetical order, as they always
/// were).
#[derive(serde::Serialize)]
struct JsonHit<'a> {
    field: &'static str,
    field_index: Option<u16>,
    id: &'a str,
    indices: &'a [usize],
    kind: Kind,
    name: JsonName<'a>,
    /// For a hit by sound (`field` jyutping or pinyin): which name it read.
    #[serde(skip_serializing_if = "Option::is_none")]
    reading_of: Option<&'static str>,
    score: i64,
    text: &'a str,
}

#[derive(serde::Serialize)]
struct JsonName<'a> {
    en: &'a str,
    zh: &'a str,
}

/// A hit as both json formats show it.
fn json_hit<'a>(index: &'a Index, h: &'a Hit) -> JsonHit<'a> {
    let i = h.entry;
    JsonHit {
        field: h.field.as_str(),
        field_index: match h.field {
            Field::Alias(k) | Field::Tag(k) => Some(k),
            Field::Jyutping(c) | Field::Pinyin(c) if c >= 2 => Some(c - 2),
            _ => None,
        },
        id: index.id(i),
        indices: &h.indices,
        kind: index.kind(i),
        name: JsonName {
            en: index.name_en(i),
            zh: index.name_zh(i),
        },
        reading_of: h.field.is_reading().then(|| h.field.source().as_str()),
        score: h.score,
        text: index.text(i, h.field),
    }
}

/// A pretty-printed array, one hit at a time.
fn search_json(out: &mut impl Write, index: &Index, hits: &[Hit]) -> io::Result<()> {
    use serde::Serializer;
    let mut ser = serde_json::Serializer::pretty(&mut *out);
    ser.collect_seq(hits.iter().map(|h| json_hit(index, h)))
        .map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// One compact hit a line, streamed.
fn search_json_lines(out: &mut impl Write, index: &Index, hits: &[Hit]) -> io::Result<()> {
    for h in hits {
        serde_json::to_writer(&mut *out, &json_hit(index, h)).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn emit(s: &str) -> io::Result<()> {
    emit_bytes(s.as_bytes())
}

/// One write of the finished output through a locked stdout.
fn emit_bytes(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}
