//! The `itib` binary: parse the command line, run, map errors to exit codes (ripgrep's shape).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;
use itib::cli::{self, Cli};

/// A line to stderr. A stderr that cannot be written (`2>/dev/full`, a terminal that hung up)
/// loses the message but never panics, as `eprintln!` would: the exit code still tells.
macro_rules! say {
    ($($arg:tt)*) => {
        say_raw(&format!("{}\n", format_args!($($arg)*)))
    };
}

fn say_raw(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

fn main() -> ExitCode {
    fixed_mmap_threshold();
    if stdout_was_closed() {
        say!("itib: standard output is closed; nothing could be written (exit 2)");
        return ExitCode::from(2);
    }
    let args = match Cli::try_parse() {
        Ok(args) => args,
        Err(e) => return clap_exit(&e),
    };
    let result = match &args.command {
        Some(command) => cli::run(&args, command),
        None => cli::explore(&args),
    };
    // Said after the command, when the terminal is the shell's again.
    if let Some(notice) = itib::store::take_notice() {
        say!("{notice}");
    }
    match result {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            say!("{e}");
            ExitCode::from(2)
        }
    }
}

/// Help and version go to stdout, and a failed write is an error (`--help > /dev/full`); usage
/// errors go to stderr with what the user typed escaped. Exit 2 for both failures, 0 otherwise.
fn clap_exit(e: &clap::Error) -> ExitCode {
    let text = e.render().to_string();
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(err) => {
                    say!("cannot write output: {err}");
                    ExitCode::from(2)
                }
            }
        }
        _ => {
            let safe: String = text
                .split('\n')
                .map(|line| itib::catalogue::cut(line, 4 * itib::catalogue::QUOTE_COLUMNS))
                .collect::<Vec<_>>()
                .join("\n");
            say_raw(&safe);
            ExitCode::from(2)
        }
    }
}

/// Whether fd 1 was closed when the process was started (`itib list >&-`). The Rust runtime
/// opens /dev/null in its place before `main`, so output would vanish with exit 0; this looks
/// before that, from the ELF initialisers, which run before the runtime's set-up.
#[cfg(target_os = "linux")]
fn stdout_was_closed() -> bool {
    start::STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed)
}

#[cfg(not(target_os = "linux"))]
fn stdout_was_closed() -> bool {
    false
}

/// Every allocation of 128 KiB or more gets pages of its own, given back when it is freed.
///
/// glibc starts there too, but raises the threshold to the size of each such block freed (up
/// to 32 MiB), after which large buffers come from the heap and stay in the process once
/// freed. A cold load frees many large buffers (entries parsed and dropped batch by batch, a
/// search index's shares joined into one), so at 100,000 entries that left 141–144 MiB
/// resident at the peak against 112–115 MiB with the threshold fixed (`/usr/bin/time`, three
/// runs each, glibc's `MALLOC_MMAP_THRESHOLD_=131072`, which is this). A warm search peaks
/// the same either way (59–65 MiB).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fixed_mmap_threshold() {
    // SAFETY: mallopt(3) takes two integers and only sets the allocator's parameters, under
    // its own lock; no memory is handed over. Its result (0 on failure) only says whether the
    // value was taken, and either way the program is correct.
    #[allow(unsafe_code)]
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fixed_mmap_threshold() {}

#[cfg(target_os = "linux")]
mod start {
    use std::sync::atomic::{AtomicBool, Ordering};

    pub static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

    extern "C" fn look() {
        let closed = rustix::io::fcntl_getfd(rustix::stdio::stdout()).is_err();
        STDOUT_CLOSED.store(closed, Ordering::Relaxed);
    }

    // SAFETY: placing a function pointer in `.init_array` makes the loader call it before
    // `main`. `look` needs nothing the runtime sets up: one fcntl(2) through rustix (no
    // allocation, no panic on failure) and an atomic store.
    #[allow(unsafe_code)]
    #[used]
    #[unsafe(link_section = ".init_array")]
    static LOOK: extern "C" fn() = look;
}
