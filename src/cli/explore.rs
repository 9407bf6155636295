//! The explorer started from the command line: the settings in effect, `-1`/`-0` decided
//! before the terminal is touched, a large catalogue behind a progress screen, and what the user
//! chose printed once the terminal is the shell's again.

use std::process::ExitCode;

use super::{Cli, CliError, emit_bytes};
use crate::catalogue::{Catalogue, Entry};
use crate::export::{self, Format};
use crate::refine::Refined;
use crate::search::Engine;
use crate::store::{self, Cache};

/// Runs the explorer and prints what the user chose: exit 0, or 130 when they left without
/// choosing (fzf's convention), or 128 + the signal that ended it (SIGTERM: 143, as a shell
/// reports a process the signal killed). The terminal is restored before anything is printed.
/// A large catalogue file loads behind a progress screen; a small one (and the embedded one)
/// loads before the terminal is touched, so its errors come as from any other command.
pub fn explore(cli: &Cli) -> Result<ExitCode, CliError> {
    let settings = cli.settings()?;
    let format = settings.format.0;
    let query = cli.query.clone().unwrap_or_default();
    let options = crate::tui::Options {
        lang: settings.lang.0,
        theme: settings.theme,
        bindings: settings.bindings.clone(),
        format,
        mouse: settings.mouse.0,
        height: cli.height,
        query: query.clone(),
        sort: settings.sort.0,
    };
    if cli.select_1 || cli.exit_0 {
        // Decided before the terminal is touched: a script gets its answer without one.
        let (cat, index) = store::catalogue_and_index(cli.catalogue.as_deref(), Cache::Default)?;
        let engine = Engine::from_index(index);
        // As the explorer reads the query: its qualifiers filter, the rest is searched.
        let refined = Refined::parse(&query, &cat)?;
        let mut found = engine.find(&refined.text, 0)?;
        found.hits.retain(|h| refined.filter.matches(&cat, h.entry));
        // Entries that match only some of the terms are shown by the explorer, but are not
        // matches: fzf's -0 and -1 count what matches the whole query.
        let matches = if found.partial.is_some() {
            &[][..]
        } else {
            &found.hits[..]
        };
        match matches {
            [] if cli.exit_0 => return Ok(ExitCode::from(1)),
            [only] if cli.select_1 => {
                let mut buf = Vec::new();
                export::write_entries(&mut buf, &cat, &[&cat.entries()[only.entry]], format)?;
                emit_bytes(&buf)?;
                return Ok(ExitCode::SUCCESS);
            }
            _ => {
                let outcome =
                    crate::tui::run(&cat, &engine, options).map_err(CliError::Terminal)?;
                return finish(format, outcome, Some(cat));
            }
        }
    }
    let large = cli
        .catalogue
        .as_deref()
        .and_then(|p| std::fs::metadata(p).ok())
        .is_some_and(|m| m.len() >= store::CACHE_MIN);
    let (cat, outcome) = match &cli.catalogue {
        Some(path) if large => {
            let owned = path.clone();
            let load: crate::tui::Load = Box::new(move |progress, early| {
                store::catalogue_and_index_counting(Some(&owned), Cache::Default, progress, early)
            });
            match crate::tui::run_loading(&path.display().to_string(), load, options) {
                Ok(chosen) => chosen,
                Err(crate::tui::Failure::Load(e)) => return Err(e.into()),
                Err(crate::tui::Failure::Terminal(e)) => return Err(CliError::Terminal(e)),
            }
        }
        path => {
            let (cat, index) = store::catalogue_and_index(path.as_deref(), Cache::Default)?;
            let engine = Engine::from_index(index);
            let outcome = crate::tui::run(&cat, &engine, options).map_err(CliError::Terminal)?;
            (Some(cat), outcome)
        }
    };
    finish(format, outcome, cat)
}

/// Prints what the user chose in the explorer, and the exit status for how it ended.
fn finish(
    format: Format,
    outcome: crate::app::Outcome,
    cat: Option<Catalogue>,
) -> Result<ExitCode, CliError> {
    match (outcome, cat) {
        (crate::app::Outcome::Export(chosen), Some(cat)) => {
            let entries: Vec<&Entry> = chosen.iter().map(|&i| &cat.entries()[i]).collect();
            let mut buf = Vec::new();
            export::write_entries(&mut buf, &cat, &entries, format)?;
            emit_bytes(&buf)?;
            Ok(ExitCode::SUCCESS)
        }
        (crate::app::Outcome::Signalled(signal), _) => Ok(ExitCode::from(
            u8::try_from(128 + signal).unwrap_or(CANCELLED),
        )),
        _ => Ok(ExitCode::from(CANCELLED)),
    }
}

/// The explorer's exit status when the user leaves without choosing (fzf's).
const CANCELLED: u8 = 130;
