//! The `itib` binary: parse the command line, run, map errors to exit codes (ripgrep's shape).

use std::process::ExitCode;

use clap::Parser;
use itib::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    let result = match &args.command {
        Some(command) => cli::run(&args, command),
        None => cli::load(args.catalogue.as_ref())
            .map(|_| {
                eprintln!("itib: the interactive explorer is not built yet; use `itib list`, `itib show ID` or `itib check`");
                ExitCode::SUCCESS
            })
            .map_err(Into::into),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
