//! itib: a terminal explorer for Hong Kong's innovation and technology programme landscape.
//!
//! The library holds everything the `itib` binary does, so that tests and benchmarks use the same
//! code: the [`catalogue`] (data and validation), [`export`] (formats for stdout) and [`cli`] (the
//! scripting commands). Nothing outside the explorer's modules touches the terminal.

pub mod app;
pub mod catalogue;
pub mod cli;
pub mod export;
mod par;
pub mod search;
pub mod tui;
pub mod ui;
