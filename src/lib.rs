//! itib: a terminal explorer for Hong Kong's innovation and technology programme landscape.
//!
//! The library holds everything the `itib` binary does, so that tests and benchmarks use the same
//! code: the [`catalogue`] (data and validation), [`refine`] (filters and orders), [`export`]
//! (formats for stdout), [`diff`] (what changed between two catalogues), [`config`] (the config
//! file) and [`cli`] (the scripting commands). Nothing outside the explorer's modules touches
//! the terminal.
//!
//! Loading the shipped catalogue and searching it by name:
//!
//! ```
//! let catalogue = itib::catalogue::shipped()?;
//! let engine = itib::search::Engine::new(&catalogue);
//! let hits = engine.search("研究人才", 1)?;
//! let best = &catalogue.entries()[hits[0].entry];
//! assert_eq!(best.name.en, "Research Talent Hub");
//! assert_eq!(hits[0].indices, [0, 1, 2, 3]); // 研究人才 in 研究人才庫
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod app;
pub mod catalogue;
pub mod cli;
pub mod config;
pub mod diff;
pub mod export;
mod mapped;
mod par;
pub mod refine;
pub mod search;
pub mod shell;
pub mod store;
pub mod tui;
pub mod ui;
