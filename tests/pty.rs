//! The real binary in a pseudo-terminal, as a user meets it: the screen is read through a
//! terminal emulator (vt100) and every test waits for what it expects with a deadline — never a
//! fixed sleep. stdout is a pipe (`itib | cat > file`, run by bash with pipefail), so these also
//! check that the interface draws on the terminal and stdout receives only the export.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use rustix::process::{Pid, Signal, kill_process};

const DEADLINE: Duration = Duration::from_secs(20);

struct Session {
    master: Box<dyn MasterPty + Send>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote to the terminal: frames that a later one replaced too.
    transcript: Arc<Mutex<Vec<u8>>>,
    out: PathBuf,
    /// Where the shell writes the explorer's process id.
    pid: PathBuf,
    _dir: TempDir,
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Session {
    /// `itib ARGS | cat > out` in a terminal of `cols`×`rows`.
    fn start(args: &str, cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        Session::start_typing(args, cols, rows, env, "")
    }

    /// [`Session::start`], the user typing `early` just before the terminal answers the
    /// explorer's first question of where its cursor is (`--height`).
    fn start_typing(
        args: &str,
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
        early: &str,
    ) -> Session {
        let dir =
            std::env::temp_dir().join(format!("itib-pty-{}-{}", std::process::id(), unique()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("stdout");
        let pid = dir.join("pid");
        let pair = native_pty_system().openpty(size(cols, rows)).unwrap();
        let mut cmd = CommandBuilder::new("bash");
        // The pipeline's first process says its id, then becomes the explorer (same id), so
        // that signals can be sent to the explorer itself.
        cmd.args([
            "-c",
            &format!(
                "printf '%b' \"$BEFORE\"; set -o pipefail; \
                 {{ echo $BASHPID > \"$PID\"; exec \"$ITIB\" {args}; }} | cat > \"$OUT\""
            ),
        ]);
        cmd.env("ITIB", env!("CARGO_BIN_EXE_itib"));
        cmd.env("OUT", &out);
        cmd.env("PID", &pid);
        // What the shell printed before itib ran (`--height` leaves it on the screen).
        cmd.env("BEFORE", "");
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "en_US.UTF-8");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("ITIB_CATALOGUE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = Arc::new(Mutex::new(pair.master.take_writer().unwrap()));
        let answer = Arc::clone(&writer);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let feed = Arc::clone(&screen);
        let transcript = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&transcript);
        let mut early = early.as_bytes().to_vec();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                record.lock().unwrap().extend_from_slice(&buf[..n]);
                let mut parser = feed.lock().unwrap();
                parser.process(&buf[..n]);
                // A terminal answers where its cursor is (DSR); vt100 does not, so we do.
                if buf[..n].windows(4).any(|w| w == b"\x1b[6n") {
                    let (row, col) = parser.screen().cursor_position();
                    let mut w = answer.lock().unwrap();
                    let _ = w.write_all(&std::mem::take(&mut early));
                    let _ = write!(w, "\x1b[{};{}R", row + 1, col + 1);
                    let _ = w.flush();
                }
            }
        });
        Session {
            master: pair.master,
            writer,
            child,
            screen,
            transcript,
            out,
            pid,
            _dir: TempDir(dir),
        }
    }

    /// The explorer's process id.
    fn pid(&self) -> Pid {
        let start = Instant::now();
        loop {
            let text = std::fs::read_to_string(&self.pid).unwrap_or_default();
            // Whole once the newline is there.
            if let Some(line) = text.strip_suffix('\n') {
                return Pid::from_raw(line.parse().unwrap()).unwrap();
            }
            assert!(start.elapsed() < DEADLINE, "no process id from the shell");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Sends the explorer a signal, as `kill` would.
    fn signal(&self, signal: Signal) {
        kill_process(self.pid(), signal).unwrap();
    }

    /// Waits until the explorer is stopped (Ctrl-Z, SIGTSTP, SIGSTOP), as `jobs` would see it.
    fn wait_stopped(&self) {
        let start = Instant::now();
        while !stopped(self.pid()) {
            assert!(start.elapsed() < DEADLINE, "itib did not stop");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn keys(&mut self, keys: &str) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(keys.as_bytes()).unwrap();
        w.flush().unwrap();
    }

    /// Waits until the screen satisfies `ok`, or fails with what the screen shows.
    fn wait_for(&self, what: &str, ok: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            {
                let parser = self.screen.lock().unwrap();
                if ok(parser.screen()) {
                    return;
                }
                if start.elapsed() > DEADLINE {
                    panic!(
                        "timed out waiting for {what}; the screen shows:\n{}",
                        parser.screen().contents()
                    );
                }
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn wait_text(&self, text: &str) {
        self.wait_for(&format!("{text:?}"), |s| s.contents().contains(text));
    }

    fn exit_code(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(start.elapsed() < DEADLINE, "itib did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The terminal is as the shell had it: main screen, cursor shown, mouse not reported.
    fn assert_restored(&self) {
        let parser = self.screen.lock().unwrap();
        assert!(
            !parser.screen().alternate_screen(),
            "the alternate screen is left"
        );
        assert!(!parser.screen().hide_cursor(), "the cursor is shown");
        assert_eq!(
            parser.screen().mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "the mouse is not reported"
        );
    }

    /// Waits until the terminal is restored (see [`Session::assert_restored`]): after the child
    /// exits, its last bytes may still be on their way through the reader thread.
    fn wait_restored(&self) {
        self.wait_for("the terminal restored", restored);
        self.assert_restored();
    }

    /// The terminal's modes as `stty -a` lists them: whether it is in raw mode, as the explorer
    /// sets it (no line editing, no echo), rather than the shell's canonical input and echo.
    #[cfg(target_os = "linux")]
    fn raw_mode(&self) -> bool {
        let tty = self.master.tty_name().expect("the terminal's name");
        let out = std::process::Command::new("stty")
            .arg("-F")
            .arg(&tty)
            .arg("-a")
            .output()
            .unwrap();
        assert!(out.status.success());
        let modes = String::from_utf8_lossy(&out.stdout);
        let modes: Vec<&str> = modes.split_whitespace().collect();
        let raw = modes.contains(&"-icanon") && modes.contains(&"-echo");
        let cooked = modes.contains(&"icanon") && modes.contains(&"echo");
        assert!(raw != cooked, "half raw: {modes:?}");
        raw
    }

    fn stdout(&self) -> String {
        std::fs::read_to_string(&self.out).unwrap_or_default()
    }
}

fn restored(screen: &vt100::Screen) -> bool {
    !screen.alternate_screen()
        && !screen.hide_cursor()
        && screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None
}

/// The process's state is `T` (stopped) in /proc/PID/stat.
#[cfg(target_os = "linux")]
fn stopped(pid: Pid) -> bool {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid.as_raw_nonzero())).unwrap();
    // `pid (name) state ...`; the name may hold spaces and parentheses.
    let after_name = &stat[stat.rfind(')').unwrap() + 1..];
    after_name.trim_start().starts_with('T')
}

/// Elsewhere, `ps` says.
#[cfg(not(target_os = "linux"))]
fn stopped(pid: Pid) -> bool {
    let out = std::process::Command::new("ps")
        .args(["-o", "stat=", "-p", &pid.as_raw_nonzero().to_string()])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .trim_start()
        .starts_with('T')
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

#[test]
fn starts_with_the_four_panes() {
    let mut s = Session::start("", 120, 40, &[]);
    s.wait_for("the tab bar", |screen| {
        let top = screen.contents_between(0, 0, 0, 120);
        ["Bureaus", "Funds", "Parks", "Talent"]
            .iter()
            .all(|t| top.contains(t))
    });
    assert!(s.screen.lock().unwrap().screen().alternate_screen());
    s.keys("q");
    assert_eq!(s.exit_code(), 130);
}

#[test]
fn the_mouse_is_asked_for_presses_only_and_not_at_all_with_no_mouse() {
    let mut s = Session::start("", 100, 30, &[]);
    s.wait_text("Bureaus");
    assert_eq!(
        s.screen.lock().unwrap().screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::PressRelease,
        "presses and the wheel, no motion or drags"
    );
    // A click (SGR, 1-based: button 0 at column 3, row 7) selects the list's fourth row.
    s.keys("\x1b[<0;3;7M\x1b[<0;3;7m");
    s.wait_text("4/132");
    s.keys("q");
    assert_eq!(s.exit_code(), 130);
    s.wait_restored();

    let mut s = Session::start("--no-mouse", 100, 30, &[]);
    s.wait_text("Bureaus");
    assert_eq!(
        s.screen.lock().unwrap().screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None
    );
    s.keys("q");
    assert_eq!(s.exit_code(), 130);
}

#[test]
fn query_opens_the_explorer_with_it_in_the_search_line() {
    let mut s = Session::start("-q 'talent hub' --format json", 100, 30, &[]);
    s.wait_text("/ talent hub");
    s.wait_for("the search's count", |screen| {
        screen.contents_between(1, 0, 1, 100).contains(" of 132")
    });
    s.keys("\r");
    assert_eq!(s.exit_code(), 0);
    s.wait_restored();
    assert!(
        s.stdout().contains("\"id\": \"research-talent-hub\""),
        "{}",
        s.stdout()
    );
}

/// The screen's rows, each without its trailing spaces.
fn rows(screen: &vt100::Screen) -> Vec<String> {
    screen
        .rows(0, screen.size().1.into())
        .map(|r| r.trim_end().to_string())
        .collect()
}

#[test]
fn height_draws_below_the_prompt_and_leaves_the_shell_rows_as_they_were() {
    let before = "above 1\nabove 2\nabove 3\n";
    let mut s = Session::start("--height 12", 80, 24, &[("BEFORE", before)]);
    s.wait_text("q quit");
    {
        let parser = s.screen.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "inline, on the shell's screen");
        let rows = rows(screen);
        assert_eq!(rows[..3], ["above 1", "above 2", "above 3"]);
        assert!(
            rows[3].contains("0 All"),
            "the tab bar right below: {rows:#?}"
        );
        assert!(
            rows[14].starts_with("Enter print"),
            "12 rows, the status line last"
        );
        assert!(rows[15..].iter().all(|r| r.is_empty()), "{rows:#?}");
    }
    s.keys("q");
    assert_eq!(s.exit_code(), 130);
    s.wait_restored();
    let parser = s.screen.lock().unwrap();
    let rows = rows(parser.screen());
    assert_eq!(rows[..3], ["above 1", "above 2", "above 3"]);
    assert!(rows[3..].iter().all(|r| r.is_empty()), "{rows:#?}");
    assert_eq!(
        parser.screen().cursor_position(),
        (3, 0),
        "where the prompt left it"
    );
}

#[test]
fn height_at_the_bottom_scrolls_the_shell_rows_up_and_keeps_them() {
    let before: String = (1..=22).map(|i| format!("line {i}\n")).collect();
    let mut s = Session::start("--height 10", 80, 24, &[("BEFORE", &before)]);
    s.wait_text("q quit");
    {
        let parser = s.screen.lock().unwrap();
        let rows = rows(parser.screen());
        assert_eq!(rows[13], "line 22", "{rows:#?}");
        assert!(rows[14].contains("0 All"), "{rows:#?}");
    }
    s.keys("q");
    assert_eq!(s.exit_code(), 130);
    s.wait_restored();
    let parser = s.screen.lock().unwrap();
    let rows = rows(parser.screen());
    assert_eq!(rows[13], "line 22");
    assert_eq!(rows[5], "line 14");
    assert!(rows[14..].iter().all(|r| r.is_empty()), "{rows:#?}");
}

/// Keys typed before the terminal says where its cursor is (`--height` asks, on the terminal)
/// reach the explorer: a `/`, then a query with an `R`, which ends the terminal's answer too.
#[test]
fn height_keeps_the_keys_typed_before_the_terminal_answers() {
    let before = "above 1\nabove 2\n";
    let mut s = Session::start_typing(
        "--height 12 --format json",
        80,
        24,
        &[("BEFORE", before)],
        "/Research talent",
    );
    s.wait_for("the query typed early, searched", |screen| {
        let rows = rows(screen);
        rows[3].starts_with("/ Research talent") && rows[3].contains(" of 132")
    });
    {
        let parser = s.screen.lock().unwrap();
        let rows = rows(parser.screen());
        assert_eq!(rows[..2], ["above 1", "above 2"], "{rows:#?}");
        assert!(rows[2].contains("0 All"), "anchored below them: {rows:#?}");
    }
    s.keys("\r");
    assert_eq!(s.exit_code(), 0);
    assert!(
        s.stdout().contains("\"id\": \"research-talent-hub\""),
        "{}",
        s.stdout()
    );
}

/// Ctrl-Z with `--height`, then `fg`: the area is drawn again below what the shell wrote while
/// the explorer was stopped, not over it.
#[test]
fn height_after_ctrl_z_and_fg_draws_below_the_shell_s_lines() {
    let before = "above 1\nabove 2\n";
    let mut s = Session::start("--height 10", 80, 24, &[("BEFORE", before)]);
    s.wait_text("q quit");
    s.keys("\x1a");
    s.wait_stopped();
    s.wait_restored();
    // What an interactive shell writes, from where the explorer left the cursor.
    let shell = [
        "",
        "[1]+  Stopped   itib --height 10",
        "$ fg",
        "itib --height 10",
    ];
    s.screen
        .lock()
        .unwrap()
        .process(format!("{}\r\n", shell.join("\r\n")).as_bytes());
    s.signal(Signal::CONT);
    s.wait_for("the explorer below the shell's lines", |screen| {
        rows(screen)[6].contains("0 All")
    });
    s.wait_text("q quit");
    {
        let parser = s.screen.lock().unwrap();
        let rows = rows(parser.screen());
        assert_eq!(rows[..2], ["above 1", "above 2"], "{rows:#?}");
        assert_eq!(rows[2..6], shell, "{rows:#?}");
        assert!(rows[15].starts_with("Enter print"), "10 rows: {rows:#?}");
    }
    #[cfg(target_os = "linux")]
    assert!(s.raw_mode());
    s.keys("j");
    s.wait_text("2/132");
    s.keys("q");
    assert_eq!(s.exit_code(), 130);
    s.wait_restored();
    let parser = s.screen.lock().unwrap();
    let rows = rows(parser.screen());
    assert_eq!(rows[2..6], shell, "the shell's lines stay: {rows:#?}");
    assert!(rows[6..].iter().all(|r| r.is_empty()), "{rows:#?}");
}

#[test]
fn typing_narrows_and_highlights_and_enter_prints_json_to_the_pipe() {
    let mut s = Session::start("--format json", 120, 40, &[]);
    s.wait_text("Bureaus");
    s.keys("/rth");
    s.wait_text("/ rth");
    s.wait_for("fewer entries in All", |screen| {
        screen.contents_between(0, 0, 0, 20).contains("/132")
    });
    s.wait_text("Research Talent Hub");
    // The matched letters of the alias are highlighted; the name's other letters are not.
    s.wait_for("RTH highlighted", |screen| {
        (0..40).any(|row| {
            let line = screen.contents_between(row, 0, row, 60);
            line.contains("Research Talent Hub  RTH") && {
                let col = line.find("RTH").unwrap() as u16;
                let r = screen.cell(row, col).unwrap();
                let e = screen.cell(row, col - 17).unwrap(); // the `e` of "Research"
                r.bold() && !e.underline() && r.fgcolor() != e.fgcolor()
            }
        })
    });
    s.keys("\r");
    assert_eq!(s.exit_code(), 0);
    let json: serde_json::Value = serde_json::from_str(&s.stdout()).unwrap();
    assert_eq!(json["id"], "research-talent-hub");
    assert_eq!(json["name"]["en"], "Research Talent Hub");
    assert!(
        !s.screen.lock().unwrap().screen().alternate_screen(),
        "the alternate screen is left"
    );
}

#[test]
fn q_leaves_with_130_and_prints_nothing() {
    let mut s = Session::start("", 100, 30, &[]);
    s.wait_text("Bureaus");
    s.keys("q");
    assert_eq!(s.exit_code(), 130);
    assert_eq!(s.stdout(), "");
    let parser = s.screen.lock().unwrap();
    assert!(!parser.screen().alternate_screen());
    assert!(!parser.screen().hide_cursor());
}

#[test]
fn ctrl_c_leaves_with_130() {
    let mut s = Session::start("", 100, 30, &[]);
    s.wait_text("Bureaus");
    s.keys("/itf\x03");
    assert_eq!(s.exit_code(), 130);
    assert_eq!(s.stdout(), "");
}

#[test]
fn a_resize_lays_the_screen_out_again() {
    let mut s = Session::start("", 120, 40, &[]);
    s.wait_for("side by side", |screen| {
        screen.contents_between(2, 0, 2, 120).contains("┐┌ Detail")
    });
    s.screen
        .lock()
        .unwrap()
        .screen_mut()
        .set_size(nz(24), nz(80));
    s.master.resize(size(80, 24)).unwrap();
    s.wait_for("stacked", |screen| {
        (3..24).any(|row| {
            screen
                .contents_between(row, 0, row, 80)
                .starts_with("┌ Detail")
        })
    });
    s.screen
        .lock()
        .unwrap()
        .screen_mut()
        .set_size(nz(8), nz(30));
    s.master.resize(size(30, 8)).unwrap();
    s.wait_text("terminal too small");
    s.keys("q");
    assert_eq!(s.exit_code(), 130);
}

#[test]
fn a_panic_restores_the_terminal() {
    let mut s = Session::start(
        "",
        100,
        30,
        &[("ITIB_TEST_PANIC", "1"), ("RUST_BACKTRACE", "0")],
    );
    let code = s.exit_code();
    assert_ne!(code, 0);
    s.wait_text("ITIB_TEST_PANIC is set");
    s.wait_restored();
    assert_eq!(s.stdout(), "");
}

/// A catalogue file of about `bytes` bytes (`broken`: with an unknown kind at its very end).
fn large_catalogue(bytes: usize, broken: bool) -> (TempDir, PathBuf) {
    let dir =
        std::env::temp_dir().join(format!("itib-pty-big-{}-{}", std::process::id(), unique()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = String::new();
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&format!(
            "[[entry]]\nid = \"scheme-{i}\"\nkind = \"fund\"\n\
             name = {{ en = \"Innovation Support Scheme {i}\", zh = \"創新支援計劃{i}號\" }}\n\
             summary = {{ en = \"Helps small firms, round {i}.\", zh = \"協助中小企業，第{i}輪。\" }}\n\
             source = [\"政府推出創新支援計劃。\"]\n\n"
        ));
        i += 1;
    }
    if broken {
        text.push_str("[[entry]]\nid = \"late\"\nkind = \"fnud\"\n");
    }
    let path = dir.join("big.toml");
    std::fs::write(&path, text).unwrap();
    (TempDir(dir), path)
}

/// The explorer on a fresh [`large_catalogue`], without a cache (so it is parsed).
fn start_large(bytes: usize, broken: bool) -> (TempDir, Session) {
    let (dir, path) = large_catalogue(bytes, broken);
    let args = format!("--catalogue '{}'", path.display());
    (
        dir,
        Session::start(&args, 100, 30, &[("ITIB_NO_CACHE", "1")]),
    )
}

#[test]
fn a_large_catalogue_shows_its_loading_progress_first() {
    let (_dir, mut s) = start_large(3 << 20, false);
    s.wait_text("Innovation Support Scheme 0");
    let seen = String::from_utf8_lossy(&s.transcript.lock().unwrap()).into_owned();
    let loading = seen.find("Loading").expect("a loading screen was drawn");
    let list = seen.find("Innovation Support Scheme 0").unwrap();
    assert!(loading < list, "the loading screen comes first");
    // ratatui moves the cursor over blank cells, so words are looked for one at a time.
    assert!(
        seen.contains("entries") && seen.contains("MB"),
        "with its counts"
    );
    s.keys("q");
    assert_eq!(s.exit_code(), 130);
}

#[test]
fn a_large_catalogue_with_a_problem_restores_the_terminal_and_says_where() {
    let (_dir, mut s) = start_large(2 << 20, true);
    assert_eq!(s.exit_code(), 2);
    s.wait_text("unknown kind `fnud`");
    s.wait_restored();
    assert_eq!(s.stdout(), "");
}

#[test]
fn a_cached_catalogue_shows_its_list_at_once_and_keeps_what_is_typed() {
    let (dir, path) = large_catalogue(2 << 20, false);
    let cache = dir.0.join("cache");
    let args = format!("--catalogue '{}'", path.display());
    let env = [("ITIB_CACHE_DIR", cache.to_str().unwrap())];
    // The first run parses the file and writes its cache.
    let mut first = Session::start(&args, 100, 30, &env);
    first.wait_text("Innovation Support Scheme 0");
    first.keys("q");
    assert_eq!(first.exit_code(), 130);
    // The second reads the cache: the list comes from the index while the entries are read,
    // and what is typed meanwhile is the explorer's search.
    let mut s = Session::start(&args, 100, 30, &env);
    s.keys("/scheme 12");
    s.wait_text("/ scheme 12");
    s.wait_text("Kind");
    let seen = String::from_utf8_lossy(&s.transcript.lock().unwrap()).into_owned();
    let preview = seen
        .find("Reading")
        .expect("the list was shown before the entries");
    assert!(preview < seen.find("Kind").unwrap(), "then the explorer");
    s.keys("\x03");
    assert_eq!(s.exit_code(), 130);
    s.wait_restored();
}

/// The explorer on the shipped catalogue, sent `signal` once it shows: it leaves with `code`
/// (128 + the signal, as a shell reports a process the signal killed) and the terminal restored
/// — the default action would leave the terminal on the alternate screen, with the mouse
/// reported and the cursor hidden.
fn ends_on(signal: Signal, code: u32) {
    let mut s = Session::start("", 100, 30, &[]);
    s.wait_text("Bureaus");
    s.signal(signal);
    assert_eq!(s.exit_code(), code);
    s.wait_restored();
    assert_eq!(s.stdout(), "");
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    ends_on(Signal::TERM, 143);
}

#[test]
fn sighup_restores_the_terminal_and_exits_129() {
    ends_on(Signal::HUP, 129);
}

#[test]
fn sigquit_restores_the_terminal_and_exits_131() {
    ends_on(Signal::QUIT, 131);
}

#[test]
fn sigint_from_outside_restores_the_terminal_and_exits_130() {
    ends_on(Signal::INT, 130);
}

/// The list's title once pane 2 is chosen.
fn funds_pane(screen: &vt100::Screen) -> bool {
    screen.contents().contains("┌ Funds")
}

/// After a stop (`stop` sends it), the terminal is the shell's; after SIGCONT, the explorer
/// takes it again and draws the whole screen — whatever was written over it meanwhile — and
/// reads keys in raw mode: `2`, without Enter, shows the Funds pane.
fn stops_and_goes_on(stop: impl FnOnce(&mut Session)) {
    let mut s = Session::start("", 100, 30, &[]);
    s.wait_text("Bureaus");
    #[cfg(target_os = "linux")]
    assert!(s.raw_mode());
    stop(&mut s);
    s.wait_stopped();
    s.wait_restored();
    #[cfg(target_os = "linux")]
    assert!(!s.raw_mode(), "the shell's modes while stopped");
    // What the shell would print while the explorer is stopped.
    s.screen
        .lock()
        .unwrap()
        .process(b"\x1b[2J\x1b[H[1]+  Stopped   itib\r\n$ fg\r\n");
    s.signal(Signal::CONT);
    s.wait_for("the explorer drawn again", |screen| {
        screen.alternate_screen()
            && screen.hide_cursor()
            && screen.mouse_protocol_mode() != vt100::MouseProtocolMode::None
            && screen.contents().contains("Bureaus")
            && screen
                .contents()
                .contains("Innovation, Technology and Industry Bureau")
    });
    #[cfg(target_os = "linux")]
    assert!(s.raw_mode());
    assert!(!funds_pane(s.screen.lock().unwrap().screen()));
    s.keys("2");
    s.wait_for("the Funds pane, after `2` alone", funds_pane);
    s.keys("q");
    assert_eq!(s.exit_code(), 130);
    s.wait_restored();
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_sigcont_takes_it_again() {
    // In raw mode Ctrl-Z is a key, not a signal.
    stops_and_goes_on(|s| s.keys("\x1a"));
}

#[test]
fn sigtstp_from_outside_stops_as_ctrl_z_does() {
    stops_and_goes_on(|s| s.signal(Signal::TSTP));
}

/// SIGSTOP cannot be caught, so the terminal stays as the explorer set it; a shell then resets
/// its modes (here `stty sane`: canonical input, echo). SIGCONT must bring raw mode back.
#[cfg(target_os = "linux")]
#[test]
fn after_sigstop_and_a_shell_resetting_the_terminal_sigcont_takes_it_again() {
    let mut s = Session::start("", 100, 30, &[]);
    // The whole first frame, down to the status line: stopped halfway through, the explorer
    // would write the rest of it when continued, and the screen would show it at once.
    s.wait_for("the status line", |screen| {
        screen.contents_between(29, 0, 29, 100).contains("1/132")
    });
    s.signal(Signal::STOP);
    s.wait_stopped();
    let tty = s.master.tty_name().expect("the terminal's name");
    let stty = std::process::Command::new("stty")
        .arg("-F")
        .arg(&tty)
        .arg("sane")
        .status()
        .unwrap();
    assert!(stty.success());
    assert!(!s.raw_mode());
    s.screen.lock().unwrap().process(b"\x1b[2J\x1b[H$ fg\r\n");
    s.signal(Signal::CONT);
    s.wait_text("Innovation, Technology and Industry Bureau");
    assert!(s.raw_mode());
    s.keys("2");
    s.wait_for("the Funds pane, after `2` alone", funds_pane);
    s.keys("q");
    assert_eq!(s.exit_code(), 130);
    s.wait_restored();
}

/// Whether the transcript so far shows the explorer's list (the loading screen does not).
fn list_seen(s: &Session) -> bool {
    String::from_utf8_lossy(&s.transcript.lock().unwrap()).contains("Innovation Support Scheme")
}

/// A catalogue whose cold load takes well over a second, so that a signal sent once the
/// loading screen shows arrives while it loads: a release build reads 3 MiB in a blink.
const SLOW_LOAD: usize = if cfg!(debug_assertions) {
    3 << 20
} else {
    64 << 20
};

#[test]
fn sigterm_while_a_large_catalogue_loads_restores_the_terminal_and_exits_143() {
    let (_dir, mut s) = start_large(SLOW_LOAD, false);
    s.wait_text("Loading");
    s.signal(Signal::TERM);
    assert_eq!(s.exit_code(), 143);
    s.wait_restored();
    // Left from the loading screen: the load (over a second here) had not ended.
    assert!(!list_seen(&s), "the signal waited for the explorer");
}

#[test]
fn ctrl_z_while_a_large_catalogue_loads_suspends_and_sigcont_goes_on() {
    let (_dir, mut s) = start_large(SLOW_LOAD, false);
    s.wait_text("Loading");
    s.keys("\x1a");
    s.wait_stopped();
    s.wait_restored();
    assert!(!list_seen(&s), "Ctrl-Z waited for the explorer");
    s.screen.lock().unwrap().process(b"\x1b[2J\x1b[H$ fg\r\n");
    let stopped_at = s.transcript.lock().unwrap().len();
    s.signal(Signal::CONT);
    s.wait_text("Innovation Support Scheme 0");
    // The loading screen is drawn whole once more before the explorer (even if the load ended
    // meanwhile): its unchanged words too.
    let since = String::from_utf8_lossy(&s.transcript.lock().unwrap()[stopped_at..]).into_owned();
    assert!(
        since.contains("Loading"),
        "the loading screen was drawn whole"
    );
    s.keys("q");
    assert_eq!(s.exit_code(), 130);
    s.wait_restored();
}

/// Closing the terminal (its window, an SSH connection) hangs it up: SIGHUP, and the end of the
/// explorer's input, on which crossterm's reader spins without returning to the loop. The
/// explorer must end anyway, with 129. (It runs without the shell and the pipe here, so that
/// its own exit status is seen and nothing else holds the terminal open.)
#[test]
fn a_terminal_that_hangs_up_ends_the_explorer_with_129() {
    let pair = native_pty_system().openpty(size(100, 30)).unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_itib"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "en_US.UTF-8");
    cmd.env_remove("NO_COLOR");
    cmd.env_remove("ITIB_CATALOGUE");
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    // Read the first frame whole (down to its last row), then let go of the terminal: it hangs
    // up once every handle on its master side is closed.
    let mut reader = pair.master.try_clone_reader().unwrap();
    let drawn = std::thread::spawn(move || {
        let mut parser = vt100::Parser::new(nz(30), nz(100), 0);
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            parser.process(&buf[..n]);
            let screen = parser.screen();
            if screen.contents().contains("Bureaus")
                && !screen.contents_between(29, 0, 29, 100).trim().is_empty()
            {
                return true;
            }
        }
        false
    });
    assert!(drawn.join().unwrap(), "the explorer drew its first frame");
    drop(pair.master);
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > DEADLINE {
            // Not left running: SIGHUP, then SIGKILL.
            child.kill().unwrap();
            panic!("itib did not end when its terminal hung up");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(status.exit_code(), 129);
}

/// The founder's question by facets: `F`, Enter on "Start-ups" (the first audience), the list
/// narrows to what is for start-ups, `s` three times orders it by amount, and Enter prints the
/// largest: the Innovation and Technology Fund.
#[test]
fn facets_narrow_the_list_and_enter_prints_the_choice() {
    let mut s = Session::start("--format json", 120, 40, &[]);
    s.wait_text("Bureaus");
    s.keys("F");
    s.wait_text("Facets · 132 results");
    s.wait_text(">   Start-ups");
    s.keys("\r");
    s.wait_text("/ for:start-ups");
    s.wait_for("the list narrowed", |screen| {
        let tabs = screen.contents_between(0, 0, 0, 120);
        tabs.contains("All 7/132") && screen.contents().contains("Facets · 7 results")
    });
    s.wait_text("> ✓ Start-ups");
    s.keys("F");
    s.wait_text(" Detail ");
    s.keys("sss");
    s.wait_text("sort: largest amount");
    s.keys("\r");
    assert_eq!(s.exit_code(), 0);
    s.wait_restored();
    let out: serde_json::Value = serde_json::from_str(&s.stdout()).unwrap();
    assert_eq!(out["id"], "itf");
    assert!(
        out["audience"]
            .as_array()
            .unwrap()
            .contains(&"start-ups".into())
    );
}

/// The config's `sort` and a `-q` with qualifiers, through the real binary: the explorer opens
/// narrowed to the start-ups' funds, largest first, and Enter prints the ITF.
#[test]
fn the_config_sorts_and_the_query_s_qualifiers_filter_from_the_start() {
    let dir = std::env::temp_dir().join(format!("itib-pty-config-{}", unique()));
    std::fs::create_dir_all(&dir).unwrap();
    let _dir = TempDir(dir.clone());
    let config = dir.join("config.toml");
    std::fs::write(&config, "sort = \"amount\"\n").unwrap();
    let config = config.to_str().unwrap().to_string();
    let mut s = Session::start(
        "-q 'for:start-ups kind:fund' --format json",
        120,
        40,
        &[("ITIB_CONFIG", &config)],
    );
    s.wait_text("sort: largest amount");
    s.wait_for("the list narrowed", |screen| {
        screen.contents_between(0, 0, 0, 120).contains("All 3/132")
    });
    s.keys("\r");
    assert_eq!(s.exit_code(), 0);
    s.wait_restored();
    let out: serde_json::Value = serde_json::from_str(&s.stdout()).unwrap();
    assert_eq!(out["id"], "itf");
}

/// `itib ARGS` with stdout the terminal itself (no pipe, as a user types it): everything it
/// wrote, once it has exited, with the terminal's CR LF read as LF.
fn on_terminal(args: &[&str]) -> String {
    let pair = native_pty_system().openpty(size(400, 50)).unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_itib"));
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("ITIB_CATALOGUE");
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let reading = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 8192];
        // Ends at EOF, or EIO once the program has exited and closed the terminal.
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        out
    });
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < DEADLINE, "itib {args:?} did not exit");
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(pair.master);
    let out = reading.join().unwrap();
    String::from_utf8(out).unwrap().replace("\r\n", "\n")
}

/// On a terminal the text list ends with the line citing the catalogue, so that a figure read
/// off it can be cited; the entries above it are the lines a pipe gets.
#[test]
fn a_text_list_on_a_terminal_ends_with_its_citation() {
    let shown = on_terminal(&["list", "--kind", "fund"]);
    let piped = std::process::Command::new(env!("CARGO_BIN_EXE_itib"))
        .args(["list", "--kind", "fund"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ITIB_CATALOGUE")
        .output()
        .unwrap();
    let piped = String::from_utf8(piped.stdout).unwrap();
    let cite = "Cite 引用: Hong Kong Yearbook, chapter “Innovation, Technology and Industry”, \
                as at 2023-06 / 《香港年報》〈創新、科技及工業〉，截至2023-06\n";
    assert_eq!(shown, format!("{piped}{cite}"));
    let zh = on_terminal(&["list", "--kind", "fund", "--lang", "zh"]);
    assert!(
        zh.ends_with("\n引用：《香港年報》〈創新、科技及工業〉，截至2023-06\n"),
        "{zh}"
    );
}
