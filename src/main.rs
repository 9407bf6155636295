//! The `itib` binary: parse the command line, run, map errors to exit codes (ripgrep's shape).

use std::process::ExitCode;

use clap::Parser;
use itib::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    let result = match &args.command {
        Some(command) => cli::run(&args, command),
        None => cli::explore(&args),
    };
    // Said after the command, when the terminal is the shell's again.
    if let Some(notice) = itib::store::take_notice() {
        eprintln!("{notice}");
    }
    match result {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
