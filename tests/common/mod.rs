//! Helpers shared by the integration tests. Each test binary uses some of them.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

pub mod hostile;

use std::process::{Command, Output};

use itib::app::App;
use itib::catalogue::{self, Catalogue};
use itib::search::Engine;
use itib::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// `itib ARGS` run from the project's folder, as a user's shell would, without a catalogue
/// named by `ITIB_CATALOGUE` in the environment the tests run in.
pub fn itib(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_itib"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ITIB_CATALOGUE")
        .output()
        .unwrap()
}

/// The shipped catalogue, parsed once per test binary.
pub fn shipped() -> &'static Catalogue {
    static CAT: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    CAT.get_or_init(|| catalogue::shipped().unwrap())
}

/// A search engine over [`shipped`], built once per test binary.
pub fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(shipped()))
}

/// The explorer's screen as text, `w` × `h` cells, each line without its trailing blanks.
pub fn screen(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| ui::render(app, f)).unwrap();
    let buf = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut x = 0;
        while x < w {
            let symbol = buf[(x, y)].symbol();
            line.push_str(symbol);
            // A wide glyph covers the next cell too.
            x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
