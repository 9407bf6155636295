//! Guards the catalogue cache (`src/store`) against everything a cache directory can hold or go
//! through: damaged, truncated, foreign or special files in place of a cache file or a stamp
//! memo; sections crafted, under valid checksums, with terminal escapes or with another
//! catalogue's index; several processes writing at once; a catalogue rewritten while it is
//! loaded or edited in place within the same second; and cache directories that are not safe
//! to use. In every case itib must print exactly what it prints without a cache, print nothing
//! else, never hang, and leave a sound cache behind.
//!
//! The catalogues are padded to just over `store::CACHE_MIN` by one line of spaces, which the
//! TOML parser skips at a fraction of the cost of entries: every damaged run falls back to a
//! parse, and hundreds of them must stay fast in a debug build.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on what they check

use std::fmt::Write as _;
use std::fs::{self, FileTimes};
use std::io::Read;
use std::ops::Range;
use std::os::unix::fs::{FileExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use itib::catalogue::Catalogue;
use itib::search::Index;
use itib::store::{self, Cache};
use xxhash_rust::xxh3::xxh3_64;

/// Entries in a test catalogue: every kind of field, and cache sections of about 10 KB each; few
/// enough that a fallback parse costs tens of ms in a debug build.
const ENTRIES: usize = 24;
/// The cache file's header: magic, version, section count, key, 2 × (offset, length, checksum),
/// checksum.
const HEADER: usize = 104;
/// The longest any one itib run may take before the test calls it hung.
const TIMEOUT: Duration = Duration::from_secs(20);

const LIST: &[&str] = &["list", "--format", "json"];
const SEARCH: &[&str] = &["search", "support scheme 7"];
const SHOW: &[&str] = &["show", "scheme-7"];
/// Which cache section each command reads: `list` the catalogue, `search` the index alone.
const COMMANDS: [(&[&str], usize); 2] = [(LIST, 0), (SEARCH, 1)];

// ---------------------------------------------------------------------------------------------
// Catalogues

fn entry(i: usize, edition: u8, out: &mut String) {
    let kind = ["fund", "park", "talent", "research"][i % 4];
    // Entry 1's name carries the edition: two editions differ in one digit, at the same size.
    let edition = if i == 1 {
        format!(", edition {edition}")
    } else {
        String::new()
    };
    let parent = if i > 0 {
        format!("parent = \"scheme-{}\"\n", i / 2)
    } else {
        String::new()
    };
    let qualifier = if i % 3 == 0 {
        "qualifier = \"about\"\n"
    } else {
        ""
    };
    let _ = write!(
        out,
        "[[entry]]\nid = \"scheme-{i}\"\nkind = \"{kind}\"\ncategory = {{ en = \"Scheme\", zh = \"計劃\" }}\n\
         name = {{ en = \"Innovation Support Scheme {i}{edition}\", zh = \"創新支援計劃{i}號\" }}\n\
         name_note = {{ en = \"Note {i}\", zh = \"附註{i}\" }}\naliases = [\"ISS{i}\", \"創新支援{i}\"]\n{parent}related = [\"scheme-0\"]\n\
         audience = [\"smes\"]\ntags = [\"funding\"]\nwebsite = \"https://example.org/scheme/{i}\"\n\
         summary = {{ en = \"Helps small firms adopt technology, round {i}.\", zh = \"協助中小企業應用科技，第{i}輪。\" }}\n\
         source = [\"政府推出創新支援計劃，撥款{i}萬元。\"]\n\n\
         [[entry.dates]]\nevent = \"launched\"\ndate = \"2023-06\"\n\n\
         [[entry.figures]]\nlabel = {{ en = \"Funding\", zh = \"撥款\" }}\nvalue = {i}.5\nunit = \"HKD\"\n\
         as_at = \"2023-06\"\n{qualifier}as_written = \"{i}.5港元\"\n\n"
    );
}

/// A catalogue of `entries` entries, padded to a little over [`store::CACHE_MIN`] (so cached);
/// every edition (a digit) of the same `entries` has the same size.
fn catalogue_text(entries: usize, edition: u8) -> String {
    assert!(edition < 10);
    let head =
        "[catalogue]\ntitle = { en = \"Cache test\", zh = \"快取測試\" }\nas_at = \"2023-06\"\n";
    let mut body = String::new();
    for i in 0..entries {
        entry(i, edition, &mut body);
    }
    let size = store::CACHE_MIN as usize + 4096;
    let pad = size.saturating_sub(head.len() + body.len() + 1);
    format!("{head}{}\n{body}", " ".repeat(pad))
}

/// A directory of the test's own, removed when the test ends (passing or not).
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("itib-cache-{}-{test}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A catalogue file, and what itib gives for it with no cache at all: the reference.
struct Fixture {
    path: PathBuf,
    text: String,
    /// Each command of [`COMMANDS`] (and `show`), as run with no cache.
    runs: Vec<(&'static [&'static str], Ran)>,
    loaded: (Catalogue, Index),
}

impl Fixture {
    fn new(path: PathBuf, text: String) -> Fixture {
        fs::write(&path, &text).unwrap();
        let runs = [LIST, SEARCH, SHOW]
            .map(|args| {
                let ran = run(itib(None, &path, args));
                assert_eq!(ran.code, Some(0), "{}", ran.err());
                assert!(ran.stderr.is_empty(), "{}", ran.err());
                (args, ran)
            })
            .into();
        let loaded = store::catalogue_and_index(Some(&path), Cache::Off).unwrap();
        Fixture {
            path,
            text,
            runs,
            loaded,
        }
    }

    fn reference(&self, args: &[&str]) -> &Ran {
        &self.runs.iter().find(|(a, _)| *a == args).unwrap().1
    }

    /// Where this catalogue's cache file is in `dir`.
    fn cache_in(&self, dir: &Path) -> PathBuf {
        dir.join(cache_name(self.text.as_bytes()))
    }

    /// Runs `args` on this catalogue with the cache in `dir`; it must print the reference.
    fn check_run(&self, dir: &Path, args: &[&str], what: &str) {
        self.check_run_of(&self.path, dir, args, what);
    }

    /// Runs `args` on the file at `path`, which must now hold this catalogue.
    fn check_run_of(&self, path: &Path, dir: &Path, args: &[&str], what: &str) {
        let got = run(itib(Some(dir), path, args));
        got.assert_same(self.reference(args), &format!("{what}: {}", args.join(" ")));
    }

    /// Loads this catalogue in process with the cache in `dir`; it must give the reference.
    fn check_load(&self, dir: &Path, want: Want, what: &str) {
        self.check_load_of(&self.path, dir, want, what);
    }

    /// Loads the file at `path`, which must now hold this catalogue.
    fn check_load_of(&self, path: &Path, dir: &Path, want: Want, what: &str) {
        assert!(
            want.load(path, dir) == want.of(&self.loaded),
            "{what}: {want:?} differs from the catalogue's own"
        );
    }
}

/// What an in-process load asks for, and so which cache sections it reads.
#[derive(Debug, Clone, Copy)]
enum Want {
    Catalogue,
    Index,
    Both,
}

impl Want {
    const ALL: [Want; 3] = [Want::Catalogue, Want::Index, Want::Both];

    fn reads(self, section: usize) -> bool {
        match self {
            Want::Catalogue => section == 0,
            Want::Index => section == 1,
            Want::Both => true,
        }
    }

    /// Loads what is wanted through the cache in `dir` (`None` for what is not), on a thread of
    /// its own: a load stuck on a FIFO fails the test after [`TIMEOUT`] instead of hanging it.
    fn load(self, path: &Path, dir: &Path) -> (Option<Catalogue>, Option<Index>) {
        let (path, dir) = (path.to_path_buf(), dir.to_path_buf());
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let at = Cache::At(&dir);
            let path = Some(path.as_path());
            let _ = tx.send(match self {
                Want::Catalogue => (Some(store::catalogue(path, at).unwrap()), None),
                Want::Index => (None, Some(store::index(path, at).unwrap())),
                Want::Both => {
                    let (cat, index) = store::catalogue_and_index(path, at).unwrap();
                    (Some(cat), Some(index))
                }
            });
        });
        match rx.recv_timeout(TIMEOUT) {
            Ok(found) => found,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("a load took over {TIMEOUT:?}"),
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!("a load panicked"),
        }
    }

    fn of(self, (cat, index): &(Catalogue, Index)) -> (Option<Catalogue>, Option<Index>) {
        let (c, i) = (self.reads(0), self.reads(1));
        (c.then(|| cat.clone()), i.then(|| index.clone()))
    }
}

fn cache_name(toml: &[u8]) -> String {
    format!("{}.itib", blake3::hash(toml).to_hex())
}

/// The names in `dir` that end with `suffix`.
fn names_ending(dir: &Path, suffix: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir).map_or(Vec::new(), |d| {
        d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(suffix))
            .collect()
    });
    names.sort();
    names
}

/// Creates `dir` as itib would: readable and writable by its owner alone.
fn private_dir(dir: &Path) {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new().mode(0o700).create(dir).unwrap();
}

fn assert_no_tmp(dir: &Path, what: &str) {
    let tmp = names_ending(dir, ".tmp");
    assert!(
        tmp.is_empty(),
        "{what}: temporary files left behind: {tmp:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Running itib

/// One finished run of the binary.
struct Ran {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Ran {
    fn err(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// Same status and stdout (byte for byte) as `want`, and nothing on stderr.
    fn assert_same(&self, want: &Ran, what: &str) {
        assert!(self.stderr.is_empty(), "{what}: stderr: {}", self.err());
        self.assert_same_stdout(want, what);
    }

    fn assert_same_stdout(&self, want: &Ran, what: &str) {
        assert_eq!(self.code, want.code, "{what}: exit status");
        if self.stdout != want.stdout {
            let (got, want) = (&self.stdout, &want.stdout);
            let at = got.iter().zip(want).take_while(|(a, b)| a == b).count();
            let near = &got[at.saturating_sub(40)..(at + 40).min(got.len())];
            panic!(
                "{what}: stdout ({} bytes) differs from the uncached run's ({} bytes) at byte {at}: {:?}",
                got.len(),
                want.len(),
                String::from_utf8_lossy(near)
            );
        }
    }
}

/// `itib` with the cache in `cache`, or with no cache at all.
fn itib_bare(cache: Option<&Path>) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_itib"));
    cmd.env_remove("ITIB_CATALOGUE")
        .env_remove("XDG_CACHE_HOME");
    match cache {
        Some(dir) => cmd.env("ITIB_CACHE_DIR", dir).env_remove("ITIB_NO_CACHE"),
        None => cmd.env("ITIB_NO_CACHE", "1").env_remove("ITIB_CACHE_DIR"),
    };
    cmd
}

/// `itib --catalogue CATALOGUE ARGS`.
fn itib(cache: Option<&Path>, catalogue: &Path, args: &[&str]) -> Command {
    let mut cmd = itib_bare(cache);
    cmd.arg("--catalogue").arg(catalogue).args(args);
    cmd
}

/// A started run: the child, and the threads draining its pipes (so that a large output never
/// blocks it), which say when they reach the end.
struct Running {
    child: Child,
    ended: mpsc::Receiver<()>,
    stdout: JoinHandle<Vec<u8>>,
    stderr: JoinHandle<Vec<u8>>,
}

fn drain(mut pipe: impl Read + Send + 'static, ended: mpsc::Sender<()>) -> JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut out = Vec::new();
        pipe.read_to_end(&mut out).unwrap();
        let _ = ended.send(());
        out
    })
}

fn start(mut cmd: Command) -> Running {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, ended) = mpsc::channel();
    Running {
        stdout: drain(child.stdout.take().unwrap(), tx.clone()),
        stderr: drain(child.stderr.take().unwrap(), tx),
        child,
        ended,
    }
}

impl Running {
    /// Waits for the run to end; kills it and fails after [`TIMEOUT`].
    fn finish(mut self) -> Ran {
        let deadline = Instant::now() + TIMEOUT;
        let left = || deadline.saturating_duration_since(Instant::now());
        // Both pipes closed, then the exit status (a child that closed its pipes early is polled).
        let mut status = None;
        if (0..2).all(|_| self.ended.recv_timeout(left()).is_ok()) {
            while status.is_none() && !left().is_zero() {
                status = self.child.try_wait().unwrap();
                if status.is_none() {
                    thread::sleep(Duration::from_millis(1));
                }
            }
        }
        let Some(status) = status else {
            let _ = self.child.kill();
            let _ = self.child.wait();
            panic!("itib did not finish within {TIMEOUT:?}");
        };
        Ran {
            code: status.code(),
            stdout: self.stdout.join().unwrap(),
            stderr: self.stderr.join().unwrap(),
        }
    }
}

fn run(cmd: Command) -> Ran {
    start(cmd).finish()
}

// ---------------------------------------------------------------------------------------------
// Cache files

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}

/// Where the two sections of a cache file are, as its header says.
fn sections(file: &[u8]) -> [Range<usize>; 2] {
    [0, 1].map(|k| {
        let (offset, len) = (u64_at(file, 48 + 24 * k), u64_at(file, 56 + 24 * k));
        offset as usize..(offset + len) as usize
    })
}

/// A cache file for `key` holding `sections`, with every checksum valid (the documented
/// layout, built independently of itib's writer).
fn forge(key: &[u8; 32], sections: [&[u8]; 2]) -> Vec<u8> {
    let mut out = b"ITIBSTOR".to_vec();
    out.extend_from_slice(&9u32.to_le_bytes()); // the format version
    out.extend_from_slice(&2u32.to_le_bytes());
    out.extend_from_slice(key);
    let mut offset = HEADER as u64;
    for s in sections {
        for word in [offset, s.len() as u64, xxh3_64(s)] {
            out.extend_from_slice(&word.to_le_bytes());
        }
        offset += s.len() as u64;
    }
    let sum = xxh3_64(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    for s in sections {
        out.extend_from_slice(s);
    }
    out
}

/// `file` with its sections changed by `edit`, then every checksum made valid again; for
/// `key`, or its own key.
fn reforge(file: &[u8], key: Option<&[u8; 32]>, edit: impl FnOnce(&mut [Vec<u8>; 2])) -> Vec<u8> {
    let mut parts = sections(file).map(|r| file[r].to_vec());
    edit(&mut parts);
    let own: [u8; 32] = file[16..48].try_into().unwrap();
    forge(key.unwrap_or(&own), [&parts[0], &parts[1]])
}

/// A cache file as itib wrote it: where it is, its bytes, and where its sections are.
struct Pristine {
    path: PathBuf,
    bytes: Vec<u8>,
    sections: [Range<usize>; 2],
}

impl Pristine {
    /// Warms `dir` for `fixture` with one run and takes the cache file it wrote.
    fn warm(fixture: &Fixture, dir: &Path) -> Pristine {
        fixture.check_run(dir, LIST, "warming the cache");
        let path = fixture.cache_in(dir);
        let bytes = fs::read(&path).unwrap();
        let sections = sections(&bytes);
        assert_eq!(sections[0].start, HEADER);
        assert_eq!(sections[1].end, bytes.len());
        // The forger above writes exactly what itib writes: crafted files differ only where a
        // test changes them.
        let key = blake3::hash(fixture.text.as_bytes());
        assert!(reforge(&bytes, Some(key.as_bytes()), |_| {}) == bytes);
        Pristine {
            path,
            bytes,
            sections,
        }
    }

    /// The same cache, copied into `dir` (created private).
    fn copy_into(&self, dir: &Path) -> Pristine {
        private_dir(dir);
        let path = dir.join(self.path.file_name().unwrap());
        fs::write(&path, &self.bytes).unwrap();
        Pristine {
            path,
            bytes: self.bytes.clone(),
            sections: self.sections.clone(),
        }
    }

    /// After a run that met the damage: a sound cache again.
    fn assert_rewritten(&self, what: &str) {
        assert_sound(&self.path, &self.bytes, what);
    }

    /// A third run after the cache was rewritten: served from that file (it is not replaced).
    fn assert_served(&self, fixture: &Fixture, dir: &Path, args: &[&str], what: &str) {
        let ino = fs::metadata(&self.path).unwrap().ino();
        fixture.check_run(dir, args, what);
        assert_eq!(
            fs::metadata(&self.path).unwrap().ino(),
            ino,
            "{what}: a sound cache was not served"
        );
    }
}

/// `path` is a regular file again, holding exactly `bytes`.
fn assert_sound(path: &Path, bytes: &[u8], what: &str) {
    let meta = fs::symlink_metadata(path).unwrap();
    assert!(
        meta.is_file(),
        "{what}: {} is not a regular file again",
        path.display()
    );
    assert!(
        fs::read(path).unwrap() == bytes,
        "{what}: {} was not rewritten whole",
        path.display()
    );
}

/// What can happen to a file in the cache directory.
enum Damage {
    /// One byte xor-ed with a non-zero mask.
    Flip {
        at: usize,
        mask: u8,
    },
    Truncate(usize),
    Append(usize),
    /// Other bytes under this name: another catalogue's cache, say.
    Bytes(&'static str, Vec<u8>),
    Symlink(PathBuf),
    Fifo,
    Dir,
    Missing,
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Damage::Flip { at, mask } => write!(f, "byte {at} xor {mask:#04x}"),
            Damage::Truncate(len) => write!(f, "cut to {len} bytes"),
            Damage::Append(n) => write!(f, "{n} bytes appended"),
            Damage::Bytes(what, _) => f.write_str(what),
            Damage::Symlink(target) => write!(f, "a symlink to {}", target.display()),
            Damage::Fifo => f.write_str("a FIFO"),
            Damage::Dir => f.write_str("a directory"),
            Damage::Missing => f.write_str("no file"),
        }
    }
}

impl Damage {
    fn apply(&self, path: &Path, pristine: &[u8]) {
        match fs::symlink_metadata(path) {
            Ok(m) if m.is_dir() => fs::remove_dir_all(path).unwrap(),
            Ok(_) => fs::remove_file(path).unwrap(),
            Err(_) => {}
        }
        let write = |bytes: &[u8]| fs::write(path, bytes).unwrap();
        match self {
            Damage::Flip { at, mask } => {
                let mut b = pristine.to_vec();
                b[*at] ^= mask;
                write(&b);
            }
            Damage::Truncate(len) => write(&pristine[..*len]),
            Damage::Append(n) => write(&[pristine, &vec![0xA5; *n]].concat()),
            Damage::Bytes(_, b) => write(b),
            Damage::Symlink(target) => std::os::unix::fs::symlink(target, path).unwrap(),
            Damage::Fifo => {
                use rustix::fs::{CWD, Mode, mkfifoat};
                mkfifoat(CWD, path, Mode::RUSR | Mode::WUSR).unwrap();
            }
            Damage::Dir => {
                fs::create_dir(path).unwrap();
                fs::write(path.join("inside"), b"x").unwrap();
            }
            Damage::Missing => {}
        }
    }

    /// Whether a load that reads `section` (and the header) meets the damage.
    fn met_by(&self, reads: impl Fn(usize) -> bool, sections: &[Range<usize>; 2]) -> bool {
        match self {
            Damage::Flip { at, .. } => {
                *at < HEADER || (0..2).any(|k| reads(k) && sections[k].contains(at))
            }
            _ => true,
        }
    }

    /// Whether a run that meets the damage can put a sound cache in its place (a rename cannot
    /// replace a directory).
    fn replaceable(&self) -> bool {
        !matches!(self, Damage::Dir)
    }
}

/// xorshift64*: a small PRNG so that every run damages the same bytes.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as usize % n
    }
}

/// `count` one-byte flips, taking each of `regions` in turn.
fn flips(seed: u64, count: usize, regions: &[Range<usize>]) -> Vec<Damage> {
    let mut rng = Rng(seed);
    (0..count)
        .map(|k| {
            let region = &regions[k % regions.len()];
            Damage::Flip {
                at: region.start + rng.below(region.len()),
                mask: 1 + rng.below(255) as u8,
            }
        })
        .collect()
}

/// Every byte of `0..len` flipped once, each by a mask of its own.
fn every_flip(seed: u64, len: usize) -> Vec<Damage> {
    let mut rng = Rng(seed);
    (0..len)
        .map(|at| Damage::Flip {
            at,
            mask: 1 + rng.below(255) as u8,
        })
        .collect()
}

/// Every damage but flips: cuts, tails, another catalogue's cache, symlinks, a FIFO, a
/// directory, nothing at all.
fn whole_file_damages(p: &Pristine, other: &Pristine) -> Vec<Damage> {
    let len = p.bytes.len();
    let [s0, s1] = &p.sections;
    let cuts = [
        0,
        1,
        8,
        47,
        HEADER - 1,
        HEADER,
        HEADER + 1,
        s0.start + s0.len() / 2,
    ];
    let mut out: Vec<Damage> = cuts
        .into_iter()
        .chain([s1.start, s1.start + 1, len - 1])
        .map(Damage::Truncate)
        .collect();
    out.extend([1, 8, 4096].map(Damage::Append));
    out.extend([
        Damage::Bytes("another catalogue's cache", other.bytes.clone()),
        Damage::Symlink(other.path.clone()),
        Damage::Symlink("/dev/zero".into()),
        Damage::Fifo,
        Damage::Dir,
        Damage::Missing,
    ]);
    out
}

// ---------------------------------------------------------------------------------------------
// 1. Damaged caches

/// Two catalogues with their caches warm in one directory: the one under test and another.
fn two_warm(scratch: &Scratch) -> (Fixture, Pristine, Pristine) {
    let dir = scratch.join("cache");
    let f = Fixture::new(scratch.join("f.toml"), catalogue_text(ENTRIES, 0));
    let g = Fixture::new(scratch.join("g.toml"), catalogue_text(ENTRIES + 9, 0));
    let (pf, pg) = (Pristine::warm(&f, &dir), Pristine::warm(&g, &dir));
    (f, pf, pg)
}

/// Threads the damage trials are split over, each with a cache directory of its own: a damaged
/// run is CPU-bound, so this halves the time on 2 cores.
const WORKERS: usize = 2;

/// Runs `trial(k, damage, dir, cache)` for every damage, on [`WORKERS`] threads, each with
/// a copy of `p` in a cache directory of its own.
fn each_damage(
    scratch: &Scratch,
    p: &Pristine,
    damages: &[Damage],
    trial: impl Fn(usize, &Damage, &Path, &Pristine) + Sync,
) {
    let trial = &trial;
    thread::scope(|s| {
        for w in 0..WORKERS {
            s.spawn(move || {
                let dir = scratch.join(&format!("worker-{w}"));
                let mine = p.copy_into(&dir);
                for (k, damage) in damages.iter().enumerate().skip(w).step_by(WORKERS) {
                    trial(k, damage, &dir, &mine);
                }
                assert_no_tmp(&dir, "after every damage");
            });
        }
    });
}

#[test]
fn the_binary_never_serves_a_damaged_cache_and_rewrites_it() {
    let scratch = Scratch::new("binary-damage");
    let (f, p, other) = two_warm(&scratch);
    // A third each in the header, the catalogue section and the index section.
    let [s0, s1] = p.sections.clone();
    let mut damages = flips(0x1234_5678_9ABC_DEF1, 201, &[0..HEADER, s0, s1]);
    damages.extend(whole_file_damages(&p, &other));
    each_damage(&scratch, &p, &damages, |k, damage, dir, p| {
        for (args, section) in COMMANDS {
            let what = format!("trial {k}: {damage}");
            damage.apply(&p.path, &p.bytes);
            f.check_run(dir, args, &what);
            assert_no_tmp(dir, &what);
            if !damage.met_by(|s| s == section, &p.sections) || !damage.replaceable() {
                continue;
            }
            p.assert_rewritten(&what);
            // A sample of third runs (all but the flips, every 16th flip): served again.
            if !matches!(damage, Damage::Flip { .. }) || k % 16 == 0 {
                p.assert_served(&f, dir, args, &format!("{what}, run again"));
            }
        }
    });
}

#[test]
fn a_load_never_gives_a_damaged_cache_and_never_panics() {
    let scratch = Scratch::new("in-process-damage");
    let (f, p, other) = two_warm(&scratch);
    // Every byte of the header, and bytes all over both sections.
    let mut damages = every_flip(0x0DDB_A11C_AFE5_EED5, HEADER);
    damages.extend(flips(0xB0BA_CAFE_0000_0002, 150, &p.sections));
    damages.extend(whole_file_damages(&p, &other));
    each_damage(&scratch, &p, &damages, |k, damage, dir, p| {
        // Each way of loading in turn: a flip in the section a load does not read is met only
        // by the other loads.
        let want = Want::ALL[k % 3];
        let what = format!("trial {k}: {damage}");
        damage.apply(&p.path, &p.bytes);
        f.check_load(dir, want, &what);
        if damage.met_by(|s| want.reads(s), &p.sections) && damage.replaceable() {
            p.assert_rewritten(&what);
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Stamp memos

/// Loads `path` through `dir` until a stamp memo is there, and gives its path. A memo is only
/// written once the file has been unchanged for 3 s before it was hashed, so this polls.
fn await_memo(path: &Path, dir: &Path) -> PathBuf {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        Want::Index.load(path, dir);
        if let [memo] = names_ending(dir, ".stamp").as_slice() {
            return dir.join(memo);
        }
        assert!(
            Instant::now() < deadline,
            "no stamp memo for {} within {TIMEOUT:?}",
            path.display()
        );
        thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn damaged_or_foreign_stamp_memos_are_never_trusted() {
    let scratch = Scratch::new("memos");
    let f = Fixture::new(scratch.join("f.toml"), catalogue_text(ENTRIES, 0));
    let g = Fixture::new(scratch.join("g.toml"), catalogue_text(ENTRIES + 9, 0));
    let (dir, g_dir) = (scratch.join("cache"), scratch.join("g-cache"));
    let memo = await_memo(&f.path, &dir);
    let g_memo = await_memo(&g.path, &g_dir);
    let (pristine, foreign) = (fs::read(&memo).unwrap(), fs::read(&g_memo).unwrap());
    assert_eq!(pristine.len(), 104, "a memo's documented size");
    // The other file's cache beside this one's: a memo trusted for the wrong file would serve it.
    let g_cache = fs::read(g.cache_in(&g_dir)).unwrap();
    fs::write(g.cache_in(&dir), &g_cache).unwrap();

    let mut damages = every_flip(0x5EED_0F57_A4E5_0001, pristine.len());
    damages.extend([0, 8, 64, 103].map(Damage::Truncate));
    damages.extend([
        Damage::Append(1),
        Damage::Bytes("another file's memo", foreign.clone()),
        Damage::Symlink(g_memo.clone()),
        Damage::Fifo,
        Damage::Dir,
        Damage::Missing,
    ]);
    for (k, damage) in damages.iter().enumerate() {
        let what = format!("memo trial {k}: {damage}");
        for want in Want::ALL {
            damage.apply(&memo, &pristine);
            f.check_load(&dir, want, &what);
            if damage.replaceable() {
                assert_sound(&memo, &pristine, &what);
            }
        }
        if !matches!(damage, Damage::Flip { .. }) || k % 8 == 0 {
            damage.apply(&memo, &pristine);
            f.check_run(&dir, LIST, &what);
            f.check_run(&dir, SEARCH, &what);
        }
    }
    assert!(
        fs::read(&g_memo).unwrap() == foreign,
        "another file's memo was written through"
    );

    // A sound memo in front of a damaged cache: the memo names the cache, never vouches for it.
    Damage::Missing.apply(&memo, &pristine);
    let p = Pristine::warm(&f, &dir);
    assert_sound(&memo, &pristine, "the memo, rewritten");
    let [s0, s1] = p.sections.clone();
    let mut damages = flips(0xFACE_B00C_0000_0001, 12, &[0..HEADER, s0, s1]);
    damages.extend([
        Damage::Bytes("another catalogue's cache", g_cache),
        Damage::Missing,
    ]);
    for (k, damage) in damages.iter().enumerate() {
        let what = format!("cache trial {k} behind a memo: {damage}");
        for want in Want::ALL {
            damage.apply(&p.path, &p.bytes);
            f.check_load(&dir, want, &what);
            if damage.met_by(|s| want.reads(s), &p.sections) {
                p.assert_rewritten(&what);
            }
        }
        damage.apply(&p.path, &p.bytes);
        f.check_run(&dir, LIST, &what);
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Terminal controls in a crafted cache

/// Whether `bytes` hold anything a terminal acts on: C0 controls but newline and tab, DEL, C1
/// controls, and the bidi overrides and isolates.
fn has_terminal_controls(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes).chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

/// Writes `evil` over the start of the first `needle` in `section`.
fn plant(section: &mut [u8], needle: &str, evil: &str) {
    let at = section
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .expect("the name is in the section");
    section[at..at + evil.len()].copy_from_slice(evil.as_bytes());
}

#[test]
fn crafted_caches_with_terminal_controls_are_never_shown() {
    let scratch = Scratch::new("hostile");
    let f = Fixture::new(scratch.join("f.toml"), catalogue_text(ENTRIES, 0));
    let dir = scratch.join("cache");
    let p = Pristine::warm(&f, &dir);
    for (_, ran) in &f.runs {
        assert!(!has_terminal_controls(&ran.stdout));
    }
    // ESC [ 2 J (clear the screen), CSI as one C1 char, a right-to-left override: each the same
    // length as what it replaces, and valid UTF-8, so that only the text rules can refuse it.
    for evil in ["\u{1b}[2J", "\u{9b}", "\u{202e}"] {
        for sections in [&[0][..], &[1], &[0, 1]] {
            let crafted = reforge(&p.bytes, None, |parts| {
                for &k in sections {
                    plant(&mut parts[k], "Innovation Support Scheme 7", evil);
                }
            });
            let what = format!("{evil:?} in section(s) {sections:?}");
            for (args, reads) in [(LIST, 0), (SEARCH, 1), (SHOW, 0)] {
                fs::write(&p.path, &crafted).unwrap();
                let got = run(itib(Some(&dir), &f.path, args));
                got.assert_same(f.reference(args), &format!("{what}: {}", args.join(" ")));
                assert!(!has_terminal_controls(&got.stdout), "{what}: shown");
                if sections.contains(&reads) {
                    p.assert_rewritten(&what);
                }
            }
            for want in Want::ALL {
                fs::write(&p.path, &crafted).unwrap();
                f.check_load(&dir, want, &what);
            }
        }
    }
}

/// The explorer takes a hit's entry number from the index and reads that entry of the
/// catalogue (`src/app/mod.rs`, `src/ui/list.rs`): a cache whose sections describe different
/// entries is never used for both (it was, and the explorer indexed past the catalogue's end).
#[test]
fn a_crafted_cache_never_pairs_a_catalogue_with_another_catalogues_index() {
    let scratch = Scratch::new("mixed-sections");
    let (f, p, other) = two_warm(&scratch);
    let edition = Fixture::new(scratch.join("e.toml"), catalogue_text(ENTRIES, 1));
    let edition = Pristine::warm(&edition, &scratch.join("e-cache"));
    let dir = p.path.parent().unwrap();
    // This catalogue's own section 0 with another's index, every checksum valid, under this
    // catalogue's key: 9 entries more; or the same ids, one name changed.
    for (what, from) in [
        ("another catalogue's index", &other),
        ("another edition's index", &edition),
    ] {
        let index = from.bytes[from.sections[1].clone()].to_vec();
        fs::write(&p.path, reforge(&p.bytes, None, |parts| parts[1] = index)).unwrap();
        f.check_load(dir, Want::Both, what);
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Concurrency

/// Writes `text` over the file at `path` in place: same inode, no truncation, so the file is
/// whole at every moment when `text` is as long as what it replaces.
fn overwrite_in_place(path: &Path, text: &str) {
    let file = fs::OpenOptions::new().write(true).open(path).unwrap();
    file.write_all_at(text.as_bytes(), 0).unwrap();
}

/// Replaces the file at `path` by a new one holding `text`, as editors do.
fn replace_by_rename(path: &Path, text: &str) {
    let tmp = path.with_extension("new");
    fs::write(&tmp, text).unwrap();
    fs::rename(&tmp, path).unwrap();
}

#[test]
fn six_processes_fill_one_empty_cache_dir_together() {
    let scratch = Scratch::new("six");
    let f = Fixture::new(scratch.join("f.toml"), catalogue_text(ENTRIES, 0));
    let dir = scratch.join("cache");
    private_dir(&dir);
    let runs: Vec<Running> = (0..6)
        .map(|_| start(itib(Some(&dir), &f.path, LIST)))
        .collect();
    for (k, running) in runs.into_iter().enumerate() {
        running
            .finish()
            .assert_same(f.reference(LIST), &format!("process {k} of 6"));
    }
    assert_eq!(
        names_ending(&dir, ".itib"),
        [cache_name(f.text.as_bytes())],
        "one cache file"
    );
    assert_no_tmp(&dir, "after 6 writers");
    f.check_run(&dir, LIST, "after 6 writers");
    f.check_run(&dir, SEARCH, "after 6 writers");
}

/// Sets its flag when dropped, panicking or not.
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

#[test]
fn a_catalogue_rewritten_while_loaded_is_then_loaded_as_it_ends() {
    let scratch = Scratch::new("rewritten");
    let a = Fixture::new(scratch.join("a.toml"), catalogue_text(ENTRIES, 0));
    let b = Fixture::new(scratch.join("b.toml"), catalogue_text(ENTRIES, 1));
    assert_eq!(a.text.len(), b.text.len());
    let (path, dir) = (scratch.join("f.toml"), scratch.join("cache"));
    fs::write(&path, &a.text).unwrap();
    let (a, b, path, dir) = (&a, &b, path.as_path(), dir.as_path());
    for (round, last) in [a, b, a, b].into_iter().enumerate() {
        let stop = AtomicBool::new(false);
        thread::scope(|s| {
            // Stops the writer however the scope ends: a failed assertion must fail the test,
            // not leave the scope waiting for a writer that never stops.
            let _stop = StopOnDrop(&stop);
            // Rewrites the file as fast as it can: both editions, by rename and in place.
            let writer = s.spawn(|| {
                let mut k = 0usize;
                while !stop.load(Ordering::Relaxed) {
                    let text = if k % 2 == 0 { &b.text } else { &a.text };
                    if k % 4 < 2 {
                        replace_by_rename(path, text);
                    } else {
                        overwrite_in_place(path, text);
                    }
                    k += 1;
                }
                k
            });
            let loaders: Vec<_> = Want::ALL
                .map(|want| {
                    s.spawn(move || {
                        for _ in 0..4 {
                            let got = want.load(path, dir);
                            assert!(
                                got == want.of(&a.loaded) || got == want.of(&b.loaded),
                                "round {round}: a load gave neither catalogue"
                            );
                        }
                    })
                })
                .into();
            let runs: Vec<Running> = (0..3).map(|_| start(itib(Some(dir), path, LIST))).collect();
            for running in runs {
                let got = running.finish();
                assert!(got.stderr.is_empty(), "{}", got.err());
                assert!(
                    got.stdout == a.reference(LIST).stdout
                        || got.stdout == b.reference(LIST).stdout,
                    "round {round}: a run printed neither catalogue"
                );
            }
            for loader in loaders {
                loader.join().unwrap();
            }
            stop.store(true, Ordering::Relaxed);
            assert!(writer.join().unwrap() > 1, "the writer kept writing");
        });
        // Now the file holds `last` for good: written in place, or by a rename.
        if round % 2 == 0 {
            overwrite_in_place(path, &last.text);
        } else {
            replace_by_rename(path, &last.text);
        }
        let what = format!("round {round}, after the rewrites");
        last.check_run_of(path, dir, LIST, &what);
        last.check_run_of(path, dir, SEARCH, &what);
        for want in Want::ALL {
            last.check_load_of(path, dir, want, &what);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Edits within the same second

#[test]
fn a_same_size_edit_in_place_is_seen_at_once() {
    let scratch = Scratch::new("racy");
    let a = Fixture::new(scratch.join("a.toml"), catalogue_text(ENTRIES, 0));
    let b = Fixture::new(scratch.join("b.toml"), catalogue_text(ENTRIES, 1));
    assert_eq!(a.text.len(), b.text.len());
    let (path, dir) = (scratch.join("f.toml"), scratch.join("cache"));
    fs::write(&path, &a.text).unwrap();
    for k in 0..30 {
        let (was, now) = if k % 2 == 0 { (&a, &b) } else { (&b, &a) };
        let want = Want::ALL[k % 3];
        was.check_load_of(&path, &dir, want, &format!("edit {k}: before"));
        overwrite_in_place(&path, &now.text);
        now.check_load_of(&path, &dir, want, &format!("edit {k}: after"));
        if k < 4 {
            now.check_run_of(&path, &dir, LIST, &format!("edit {k}: after"));
        }
    }
    // The same size and, set back, the same mtime: only the bytes and the ctime tell.
    let edit_keeping_mtime = |was: &Fixture, now: &Fixture, what: &str| {
        was.check_load_of(&path, &dir, Want::Both, &format!("{what}: before"));
        let mtime = fs::metadata(&path).unwrap().modified().unwrap();
        overwrite_in_place(&path, &now.text);
        let file = fs::File::options().write(true).open(&path).unwrap();
        file.set_times(FileTimes::new().set_modified(mtime))
            .unwrap();
        let meta = fs::metadata(&path).unwrap();
        assert_eq!(
            (meta.modified().unwrap(), meta.len()),
            (mtime, was.text.len() as u64)
        );
        for want in Want::ALL {
            now.check_load_of(&path, &dir, want, what);
        }
        now.check_run_of(&path, &dir, LIST, what);
        now.check_run_of(&path, &dir, SEARCH, what);
    };
    edit_keeping_mtime(&a, &b, "a fresh file, its mtime set back");
    edit_keeping_mtime(&b, &a, "a fresh file, its mtime set back again");
    // Once the file has settled its stamp is remembered: the edit must still be seen.
    await_memo(&path, &dir);
    edit_keeping_mtime(&a, &b, "a remembered file, its mtime set back");
    edit_keeping_mtime(&b, &a, "a remembered file, its mtime set back again");
}

// ---------------------------------------------------------------------------------------------
// 5. Cache directories

/// A run with the cache in `dir`, which itib must not use: one line on stderr says so, stdout
/// is the reference, and nothing is written in `dir`.
fn assert_refused(f: &Fixture, dir: &Path, what: &str) {
    let got = run(itib(Some(dir), &f.path, LIST));
    got.assert_same_stdout(f.reference(LIST), what);
    let err = got.err();
    assert_eq!(err.lines().count(), 1, "{what}: {err}");
    assert!(
        err.starts_with("itib: not using the cache directory"),
        "{what}: {err}"
    );
    assert!(!has_terminal_controls(&got.stderr), "{what}: {err:?}");
    if dir.is_dir() {
        let written: Vec<_> = fs::read_dir(dir).unwrap().collect();
        assert!(written.is_empty(), "{what}: written into: {written:?}");
    }
}

#[test]
fn unsafe_cache_directories_are_refused_with_one_line() {
    let scratch = Scratch::new("unsafe-dirs");
    let f = Fixture::new(scratch.join("f.toml"), catalogue_text(ENTRIES, 0));
    for mode in [0o777, 0o770, 0o720, 0o702, 0o1777] {
        let dir = scratch.join(&format!("mode-{mode:o}"));
        fs::create_dir(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(mode)).unwrap();
        assert_refused(&f, &dir, &format!("mode {mode:o}"));
    }
    // A name that would drive a terminal is quoted safely in the message.
    let dir = scratch.join("cache-\u{1b}]0;owned\u{7}-\u{202e}-\u{9b}2J");
    fs::create_dir(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
    assert_refused(&f, &dir, "a hostile name");
    let file = scratch.join("a-file");
    fs::write(&file, b"not a directory").unwrap();
    assert_refused(&f, &file, "a regular file");
    assert_eq!(fs::read(&file).unwrap(), b"not a directory");
}

#[test]
fn a_cache_directory_owned_by_another_user_is_refused() {
    if !rustix::process::geteuid().is_root() {
        return; // only root can give a directory away
    }
    let scratch = Scratch::new("theirs");
    let f = Fixture::new(scratch.join("f.toml"), catalogue_text(ENTRIES, 0));
    let dir = scratch.join("theirs");
    private_dir(&dir);
    std::os::unix::fs::chown(&dir, Some(65534), Some(65534)).unwrap();
    assert_refused(&f, &dir, "owned by uid 65534");
}

#[test]
fn a_new_cache_directory_is_private_and_symlinks_in_it_are_never_followed() {
    let scratch = Scratch::new("private");
    let f = Fixture::new(scratch.join("f.toml"), catalogue_text(ENTRIES, 0));
    let g = Fixture::new(scratch.join("g.toml"), catalogue_text(ENTRIES + 9, 0));
    let dir = scratch.join("new").join("cache");
    let p = Pristine::warm(&f, &dir);
    let mode = |path: &Path| fs::metadata(path).unwrap().mode() & 0o7777;
    assert_eq!(mode(&dir), 0o700, "a new cache directory");
    assert_eq!(mode(&p.path), 0o600, "a cache file");

    // A symlink at the cache file's name, to a file outside the directory: a cache valid for
    // this catalogue's bytes that holds another catalogue (what following it would serve).
    let g_cache = Pristine::warm(&g, &scratch.join("g-cache"));
    let key = blake3::hash(f.text.as_bytes());
    let outside = scratch.join("outside.itib");
    let forged = reforge(&g_cache.bytes, Some(key.as_bytes()), |_| {});
    fs::write(&outside, &forged).unwrap();
    let absent = scratch.join("absent.itib");
    for target in [&outside, &absent] {
        let link = Damage::Symlink(target.clone());
        for (args, _) in COMMANDS {
            link.apply(&p.path, &p.bytes);
            f.check_run(&dir, args, &link.to_string());
            p.assert_rewritten(&link.to_string());
        }
        for want in Want::ALL {
            link.apply(&p.path, &p.bytes);
            f.check_load(&dir, want, &link.to_string());
        }
    }
    assert!(
        fs::read(&outside).unwrap() == forged,
        "written through a symlink"
    );
    assert!(
        fs::symlink_metadata(&absent).is_err(),
        "created through a symlink"
    );
    assert_no_tmp(&dir, "after the symlinks");
}

// ---------------------------------------------------------------------------------------------
// 6. `itib check`

#[test]
fn check_reads_the_toml_whatever_the_cache_holds() {
    let scratch = Scratch::new("check");
    let f = Fixture::new(scratch.join("f.toml"), catalogue_text(ENTRIES, 0));
    let g = Fixture::new(scratch.join("g.toml"), catalogue_text(ENTRIES + 9, 0));
    let dir = scratch.join("cache");
    let check = |cache: Option<&Path>| {
        let mut cmd = itib_bare(cache);
        cmd.arg("check").arg(&f.path);
        run(cmd)
    };
    let want = check(None);
    assert_eq!(want.code, Some(0), "{}", want.err());
    let summary = String::from_utf8(want.stdout.clone()).unwrap();
    assert!(
        summary.contains(&format!(": ok, {ENTRIES} entries (")),
        "{summary}"
    );
    check(Some(&dir)).assert_same(&want, "no cache");
    assert!(
        names_ending(&dir, ".itib").is_empty(),
        "check wrote a cache"
    );

    // Another catalogue's cache, re-keyed to this file's bytes with every checksum valid.
    let g_cache = Pristine::warm(&g, &scratch.join("g-cache"));
    let key = blake3::hash(f.text.as_bytes());
    let forged = reforge(&g_cache.bytes, Some(key.as_bytes()), |_| {});
    let planted = f.cache_in(&dir);
    private_dir(&dir);
    for damage in [
        Damage::Bytes("another catalogue's cache, re-keyed", forged.clone()),
        Damage::Flip { at: 20, mask: 0xFF },
        Damage::Truncate(HEADER),
    ] {
        damage.apply(&planted, &forged);
        check(Some(&dir)).assert_same(&want, &damage.to_string());
    }
}

/// A search builds its index as the entries are read, share by share, and writes the cache
/// from those shares; `list` parses the whole file and writes it from the catalogue. Both must
/// write the very same bytes, so that neither can serve what the other would not.
#[test]
fn a_search_and_a_list_write_the_same_cache() {
    let scratch = Scratch::new("same-cache");
    // More entries than one share holds, so that the search's index comes in several.
    let text = catalogue_text(3_000, 0);
    let path = scratch.join("f.toml");
    fs::write(&path, &text).unwrap();
    let name = cache_name(text.as_bytes());
    let mut written = Vec::new();
    for (args, dir) in [(SEARCH, "by-search"), (LIST, "by-list")] {
        let dir = scratch.join(dir);
        let ran = run(itib(Some(&dir), &path, args));
        assert_eq!(ran.code, Some(0), "{}", ran.err());
        written.push(fs::read(dir.join(&name)).unwrap());
    }
    assert!(written[0] == written[1], "the two caches differ");
}
